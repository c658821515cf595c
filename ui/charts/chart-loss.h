/* chart-loss.h: the learning curves, live or from saved runs.
 *
 * x is the position in epochs: batch b (1..B) of epoch e (0-based) sits at
 * e + b/B; the epoch's mean training loss at e + 0.5 and its validation
 * loss at e + 1 (as the notebook plots them: training is the mean over the
 * epoch, validation is measured at its end).  Per-batch losses are drawn
 * faint, with an exponential moving average over them (TensorBoard's
 * debiased smoothing) drawn solid:
 *   s_i = α s_{i-1} + (1 - α) loss_i,   shown as s_i / (1 - α^i)
 * The naive and linear baselines' validation MSE are horizontal lines: a
 * curve below them beats them.
 */
#ifndef UNROLL_CHART_LOSS_H
#define UNROLL_CHART_LOSS_H

#include "chart-draw.h"
#include "run.h"

#define CHART_LOSS_SMOOTHING 0.9 /* α */

typedef struct {
  const ur_run *run;  /* batch and epoch history, name, colour */
  int emphasis;       /* the run in progress: drawn last, with its raw batches */
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
} chart_loss_input;

void chart_draw_loss(cairo_t *cr, double w, double h, const chart_theme *t, const chart_loss_input *in);

/* The smoothed loss after batch i (debiased EMA over batches 0..i). */
void chart_loss_smooth(const float *loss, int n, float *out);

#endif
