/* chart-forecast.h: one series and its forecasts; the error per step ahead;
 * the data preview.  A group of runs is one curve: its members' median,
 * with the min–max they span at each step shaded (lo, hi; chart-band.h).
 *
 * Forecast chart, in the notebook's style (plot_multiple_forecasts):
 *   t = 0 .. T-1      the input history, a line with dots        ".-"
 *   t = T .. T+H-1    the true future, circles on a line          "o-"
 *                     every forecast, crosses on a line            "x-"
 * Per-horizon chart: for k = 1..H, MSE_k = mean_i (ŷ_ik - y_ik)² over the
 * validation windows, one line with markers per run and baseline.
 */
#ifndef UNROLL_CHART_FORECAST_H
#define UNROLL_CHART_FORECAST_H

#include "chart-draw.h"
#include "run.h"

typedef enum { CHART_SOURCE_RUN, CHART_SOURCE_NAIVE, CHART_SOURCE_LINEAR, CHART_SOURCE_SNAIVE } chart_source;

typedef struct {
  const char *name;
  chart_source source;
  int colour;        /* run colour index (runs only) */
  const float *y;    /* n values: steps 1..n ahead (forecast) or MSE per step (horizon); a group's median */
  int n;
  const float *lo, *hi; /* a group's band at each step (NULL: none) */
} chart_curve;

typedef struct {
  const float *input; /* n_steps values */
  int n_steps;
  const float *truth; /* horizon values after the input */
  int horizon;
  const chart_curve *forecasts;
  int n_forecasts;
  int index, count;   /* "validation series index + 1 of count" */
  const char *title;  /* NULL: "Forecast" */
  int focus;          /* the forecast steps take most of the width, with a few steps of history */
  const double *time; /* n_steps + horizon instants (seconds since 1970, UTC): x in dates (NULL: steps) */
  const char *y_label; /* NULL: "x(t)" */
  const char *subtitle; /* NULL: "validation series index + 1 of count" */
  const chart_view *view; /* a person's zoom (NULL: the chart's own) */
  chart_axes *axes_out;   /* receives the axes drawn (may be NULL) */
} chart_forecast_input;

void chart_draw_forecast(cairo_t *cr, double w, double h, const chart_theme *t, const chart_forecast_input *in);

typedef struct {
  const chart_curve *curves; /* y = MSE at steps 1..n ahead */
  int n_curves;
  int horizon;
  int log_y;
  int n_windows;      /* validation windows averaged over (for the subtitle) */
  const char *title;  /* NULL: "Error per step ahead" */
  const char *y_label; /* NULL: "MSE" */
  const chart_view *view; /* a person's zoom (NULL: the chart's own) */
  chart_axes *axes_out;   /* receives the axes drawn (may be NULL) */
} chart_horizon_input;

void chart_draw_horizon(cairo_t *cr, double w, double h, const chart_theme *t, const chart_horizon_input *in);

/* Whether two runs forecast the same series, so that one set of windows
 * compares them: the same synthetic series (seed, count, length), or the
 * same CSV source.  Their horizons may differ (a one-step run iterates). */
int chart_runs_same_series(const ur_run *a, const ur_run *b);

/* The data panel's preview: a few series over their whole length, the
 * input window and the target steps shaded apart, and a bar showing the
 * train / validation / test split of all series. */
typedef struct {
  const float *series; /* n_shown × length */
  int n_shown, length;
  int n_steps, horizon;
  int n_train, n_valid, n_test;
} chart_preview_input;

void chart_draw_preview(cairo_t *cr, double w, double h, const chart_theme *t, const chart_preview_input *in);

#endif
