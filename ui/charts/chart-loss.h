/* chart-loss.h: the learning curves, live or from saved runs and groups.
 *
 * x is the position in epochs: batch b (1..B) of epoch e (0-based) sits at
 * e + b/B; the epoch's mean training loss at e + 0.5 and its validation
 * loss at e + 1 (as the notebook plots them: training is the mean over the
 * epoch, validation is measured at its end).  Per-batch losses are drawn
 * faint, with an exponential moving average over them (TensorBoard's
 * debiased smoothing) drawn solid:
 *   s_i = α s_{i-1} + (1 - α) loss_i,   shown as s_i / (1 - α^i)
 * A group of runs (its members differ only in their training seed) is
 * drawn as the median of its members' curves, each with the min–max band
 * the members span shaded around it (chart-band.h), and has one legend
 * entry.  The naive, linear and seasonal naive baselines' validation MSE
 * are horizontal lines: a curve below them beats them.
 */
#ifndef UNROLL_CHART_LOSS_H
#define UNROLL_CHART_LOSS_H

#include "chart-draw.h"
#include "run.h"

#define CHART_LOSS_SMOOTHING 0.9 /* α, by default */

typedef struct {
  const ur_run *run;  /* a run alone, or a group's first member: the name and colour */
  int emphasis;       /* in progress: drawn last, with its raw batches */
  const ur_run *const *members; /* a group's runs, run among them (NULL: run alone) */
  int n_members;
  const char *label;  /* the legend's name (NULL: run->name) */
} chart_loss_run;

typedef struct {
  const chart_loss_run *runs;
  int n_runs;
  double naive_mse, linear_mse; /* NAN to leave out */
  int log_y;
  int min_epochs;     /* the x axis spans at least this many epochs (the planned ones while training) */
  int hover;          /* draw the value under the pointer at (hover_x, hover_y) */
  double hover_x, hover_y;
  const char *title;  /* NULL: "Learning curves" */
  double snaive_mse;  /* the seasonal naive's; NAN (or 0) to leave out */
  double smoothing;   /* α in (0, 1); 0: CHART_LOSS_SMOOTHING */
  const char *y_label; /* NULL: "loss" (chart_loss_y_label says what it is in) */
  const char *note;   /* said after the subtitle ("baselines left out: ..."); may be NULL */
  const chart_view *view; /* a person's zoom (NULL: every line fits) */
  chart_axes *axes_out;   /* receives the axes drawn, for the pointer (may be NULL) */
} chart_loss_input;

void chart_draw_loss(cairo_t *cr, double w, double h, const chart_theme *t, const chart_loss_input *in);

/* The smoothed loss after batch i (debiased EMA over batches 0..i), with
 * α = CHART_LOSS_SMOOTHING, or α itself. */
void chart_loss_smooth(const float *loss, int n, float *out);
void chart_loss_smooth_with(const float *loss, int n, double alpha, float *out);

/* The loss axis' title for a run: "MSE", "MSE (°C²)", "MAE (temperature
 * units)", "Huber loss (standardised)", or "MSE (the model's scaled
 * values)" when its losses are not in the series' units. */
void chart_loss_y_label(const ur_run *r, int log_y, char *buf, size_t len);
/* The baselines a loss chart of these runs draws: theirs when every run
 * forecasts the same thing on the same data (ur_run_data_same), else none
 * (NAN) and *note (may be NULL) says why.  The seasonal naive's is NAN
 * when the series has none. */
void chart_loss_baselines(const ur_run *const *runs, int n, double *naive, double *linear, double *snaive, char *note,
                          size_t len);

/* The axis title of an error measured in the series' units (the
 * comparison's): "MSE", "MSE (°C²)", "MSE (temperature units²)". */
void chart_mse_label(const ur_run *r, char *buf, size_t len);

/* A CSV target's unit: what its column's name has in brackets ("°C" of
 * "temperature (°C)"), else "" ; "" for the synthetic series. */
void chart_series_unit(const ur_run *r, char *buf, size_t len);

#endif
