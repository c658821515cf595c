/* chart-forecast.h: one series and its forecasts; the error per step ahead;
 * the data preview.
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

typedef enum { CHART_SOURCE_RUN, CHART_SOURCE_NAIVE, CHART_SOURCE_LINEAR } chart_source;

typedef struct {
  const char *name;
  chart_source source;
  int colour;        /* run colour index (runs only) */
  const float *y;    /* n values: steps 1..n ahead (forecast) or MSE per step (horizon) */
  int n;
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
} chart_forecast_input;

void chart_draw_forecast(cairo_t *cr, double w, double h, const chart_theme *t, const chart_forecast_input *in);

typedef struct {
  const chart_curve *curves; /* y = MSE at steps 1..n ahead */
  int n_curves;
  int horizon;
  int log_y;
  int n_windows;      /* validation windows averaged over (for the subtitle) */
  const char *title;  /* NULL: "Error per step ahead" */
} chart_horizon_input;

void chart_draw_horizon(cairo_t *cr, double w, double h, const chart_theme *t, const chart_horizon_input *in);

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
