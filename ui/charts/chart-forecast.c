/* chart-forecast.c: forecast, per-horizon and preview charts (chart-forecast.h). */
#include "chart-forecast.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "chart-timeline.h"

static chart_rgb curve_colour(const chart_theme *t, const chart_curve *c) {
  if (c->source == CHART_SOURCE_NAIVE) return chart_naive_colour(t);
  if (c->source == CHART_SOURCE_LINEAR) return chart_linear_colour(t);
  if (c->source == CHART_SOURCE_SNAIVE) return chart_snaive_colour(t);
  return chart_run_colour(c->colour);
}

static chart_line curve_line(const chart_curve *c) {
  return c->source == CHART_SOURCE_RUN ? CHART_LINE_SOLID : chart_baseline_line((chart_baseline)(c->source - CHART_SOURCE_NAIVE));
}

static void range_of(const float *v, int n, double *lo, double *hi) {
  for (int i = 0; v && i < n; i++)
    if (isfinite(v[i])) {
      if (v[i] < *lo) *lo = v[i];
      if (v[i] > *hi) *hi = v[i];
    }
}

/* A curve's band from x0 (where it starts, zero width) through its points. */
static void curve_band(cairo_t *cr, const chart_axes *a, const chart_curve *c, int n, double x0, double y0,
                       double (*x_of)(const void *, int), const void *ctx) {
  if (!c->lo || !c->hi || n < 1) return;
  double *b = malloc(sizeof(double) * 3 * ((size_t)n + 1));
  if (!b) return;
  double *x = b, *lo = b + n + 1, *hi = b + 2 * (n + 1);
  int m = 0;
  if (isfinite(y0)) x[m] = x0, lo[m] = hi[m] = y0, m++;
  for (int j = 0; j < n; j++, m++) x[m] = x_of(ctx, j), lo[m] = c->lo[j], hi[m] = c->hi[j];
  chart_set_rgb(cr, chart_run_colour(c->colour), 0.2);
  chart_band(cr, a, m, x, lo, hi);
  free(b);
}

/* ---- forecast ----------------------------------------------------------- */

/* x of step i (0 .. T+H-1): its instant on a dated series, else i. */
static double pos(const chart_forecast_input *in, double i) {
  if (!in->time) return i;
  int n = in->n_steps + in->horizon, k = (int)floor(i);
  if (k < 0) k = 0;
  if (k >= n - 1) return in->time[n - 1];
  return in->time[k] + (i - k) * (in->time[k + 1] - in->time[k]);
}
static double future_x(const void *c, int j) {
  const chart_forecast_input *in = c;
  return pos(in, in->n_steps + j);
}

/* The first step shown: the whole history, as the notebook; a narrow chart
 * the recent past only, so that the future keeps ~8 px a step; a focused
 * one a few steps, so that the forecast takes most of the width. */
static int first_shown(const chart_forecast_input *in, double w) {
  int T = in->n_steps, H = in->horizon, x0 = 0;
  double room = w - 220;
  if (room > 0 && room / (T + H) < 8) x0 = (int)floor(fmax(0, T + H - room / 8));
  if (x0 > T - 5) x0 = T > 5 ? T - 5 : 0;
  if (in->focus) x0 = T - (H / 2 > 3 ? H / 2 : 3);
  return x0 < 0 ? 0 : x0;
}

void chart_draw_forecast(cairo_t *cr, double w, double h, const chart_theme *t, const chart_forecast_input *in) {
  const char *title = in->title ? in->title : "Forecast";
  if (!in->input || in->n_steps < 1) {
    chart_draw_empty(cr, t, w, h, title, "No validation series to show");
    return;
  }
  int T = in->n_steps, H = in->horizon, x0 = first_shown(in, w);
  /* the synthetic series' axes are the book's, y from -1 to 1, widened if a
   * curve leaves them; a user's series, in its units, fits its values */
  double lo = in->y_label ? INFINITY : -1, hi = in->y_label ? -INFINITY : 1;
  range_of(in->input + x0, T - x0, &lo, &hi);
  if (in->truth) range_of(in->truth, H, &lo, &hi);
  for (int k = 0; k < in->n_forecasts; k++) {
    const chart_curve *c = &in->forecasts[k];
    range_of(c->y, c->n, &lo, &hi);
    range_of(c->lo, c->n, &lo, &hi);
    range_of(c->hi, c->n, &lo, &hi);
  }
  if (!isfinite(lo)) lo = -1, hi = 1;
  if (in->y_label || lo < -1 || hi > 1) chart_nice_range(&lo, &hi, 0);
  chart_axes a = {pos(in, x0), pos(in, T + H - 1 + (in->time ? 0 : 1)), lo, hi, 0, 0, 0, 0, 0};
  chart_apply_view(&a, in->view);
  chart_legend_item items[24];
  int ni = 0, bands = 0;
  items[ni++] = (chart_legend_item){"input", chart_input_colour(t), CHART_LINE_SOLID, CHART_MARK_DOT, 1.5};
  if (in->truth) items[ni++] = (chart_legend_item){"actual", chart_truth_colour(t), CHART_LINE_SOLID, CHART_MARK_CIRCLE, 1.2};
  for (int k = 0; k < in->n_forecasts && ni < 22; k++) {
    const chart_curve *c = &in->forecasts[k];
    items[ni++] = (chart_legend_item){c->name, curve_colour(t, c), curve_line(c), CHART_MARK_CROSS, 1.4};
    bands |= c->lo && c->hi;
  }
  if (bands) items[ni++] = (chart_legend_item){"min–max over seeds", t->muted, CHART_LINE_NONE, CHART_MARK_BAND, 1};
  char sub[128];
  if (in->subtitle) snprintf(sub, sizeof sub, "%s", in->subtitle);
  else if (in->count > 0) snprintf(sub, sizeof sub, "validation series %d of %d", in->index + 1, in->count);
  else sub[0] = 0;
  /* the series runs everywhere in the plot: the legend goes outside, on the right */
  chart_labels labels = {.title = title, .subtitle = sub[0] ? sub : NULL, .x_label = in->time ? "date" : "t",
                         .y_label = in->y_label ? in->y_label : "x(t)", .x_integer = !in->time,
                         .right = chart_legend_width(cr, items, ni), .x_dates = in->time != NULL};
  chart_draw_frame(cr, w, h, t, &a, &labels);

  cairo_save(cr);
  chart_clip(cr, &a);
  /* the future's background, so "where the forecast starts" reads at a glance */
  chart_set_rgb(cr, t->grid, t->dark ? 0.35 : 0.45);
  double fx = chart_px(&a, pos(in, T - 0.5));
  cairo_rectangle(cr, fx, a.top, a.left + a.width - fx, a.height);
  cairo_fill(cr);
  double step_px = a.width / (T + H - x0), ms = step_px > 9 ? 8 : 6;
  double last = in->input[T - 1];

  /* input: ".-" */
  chart_set_rgb(cr, chart_input_colour(t), 1);
  chart_set_line(cr, CHART_LINE_SOLID, 1.5);
  for (int i = x0; i < T; i++) {
    if (i > x0) cairo_line_to(cr, chart_px(&a, pos(in, i)), chart_py(&a, in->input[i]));
    else cairo_move_to(cr, chart_px(&a, pos(in, i)), chart_py(&a, in->input[i]));
  }
  cairo_stroke(cr);
  for (int i = x0; i < T; i++) chart_marker(cr, CHART_MARK_DOT, chart_px(&a, pos(in, i)), chart_py(&a, in->input[i]), ms * 0.9);

  /* the groups' bands under every line */
  for (int k = 0; k < in->n_forecasts; k++) {
    const chart_curve *c = &in->forecasts[k];
    curve_band(cr, &a, c, c->n < H ? c->n : H, pos(in, T - 1), last, future_x, in);
  }
  /* forecasts: "x-", from the last input so each reads as a continuation */
  for (int k = 0; k < in->n_forecasts; k++) {
    const chart_curve *c = &in->forecasts[k];
    chart_set_rgb(cr, curve_colour(t, c), 1);
    chart_set_line(cr, curve_line(c), 1.4);
    cairo_move_to(cr, chart_px(&a, pos(in, T - 1)), chart_py(&a, last));
    for (int j = 0; j < c->n && j < H; j++) cairo_line_to(cr, chart_px(&a, pos(in, T + j)), chart_py(&a, c->y[j]));
    cairo_stroke(cr);
    chart_set_line(cr, CHART_LINE_SOLID, 1.8);
    for (int j = 0; j < c->n && j < H; j++) chart_marker(cr, CHART_MARK_CROSS, chart_px(&a, pos(in, T + j)), chart_py(&a, c->y[j]), ms);
  }
  /* truth last, on top: "o-" */
  if (in->truth && H > 0) {
    chart_rgb tc = chart_truth_colour(t);
    chart_set_rgb(cr, tc, 0.55);
    chart_set_line(cr, CHART_LINE_SOLID, 1.2);
    cairo_move_to(cr, chart_px(&a, pos(in, T - 1)), chart_py(&a, last));
    for (int j = 0; j < H; j++) cairo_line_to(cr, chart_px(&a, pos(in, T + j)), chart_py(&a, in->truth[j]));
    cairo_stroke(cr);
    chart_set_rgb(cr, tc, 1);
    chart_set_line(cr, CHART_LINE_SOLID, 1.6);
    for (int j = 0; j < H; j++) chart_marker(cr, CHART_MARK_CIRCLE, chart_px(&a, pos(in, T + j)), chart_py(&a, in->truth[j]), ms + 1);
  }
  cairo_restore(cr);

  chart_draw_legend(cr, t, &a, items, ni, CHART_LEGEND_OUTSIDE);
  if (in->axes_out) *in->axes_out = a;
}

/* ---- per horizon -------------------------------------------------------- */

static double step_x(const void *c, int j) {
  (void)c;
  return j + 1;
}

void chart_draw_horizon(cairo_t *cr, double w, double h, const chart_theme *t, const chart_horizon_input *in) {
  const char *title = in->title ? in->title : "Error per step ahead";
  if (in->n_curves < 1 || in->horizon < 1) {
    chart_draw_empty(cr, t, w, h, title, "Select runs to compare their error per step ahead");
    return;
  }
  double lo = INFINITY, hi = -INFINITY;
  for (int k = 0; k < in->n_curves; k++) {
    const chart_curve *c = &in->curves[k];
    range_of(c->y, c->n, &lo, &hi);
    range_of(c->lo, c->n, &lo, &hi);
    range_of(c->hi, c->n, &lo, &hi);
  }
  if (!in->log_y) lo = 0;
  else if (!(lo > 0)) lo = hi > 0 ? hi * 1e-3 : 1e-3;
  if (!in->log_y) hi *= 1.05;
  chart_nice_range(&lo, &hi, in->log_y);
  chart_axes a = {0.5, in->horizon + 0.5, lo, hi, in->log_y, 0, 0, 0, 0};
  chart_apply_view(&a, in->view);
  char sub[96], ylab[128];
  if (in->n_windows > 0) snprintf(sub, sizeof sub, "MSE over %d validation windows", in->n_windows);
  else sub[0] = 0;
  snprintf(ylab, sizeof ylab, "%s%s", in->y_label ? in->y_label : "MSE", in->log_y ? " (log scale)" : "");
  chart_legend_item items[24];
  int ni = 0, bands = 0;
  for (int k = 0; k < in->n_curves && ni < 22; k++) {
    const chart_curve *c = &in->curves[k];
    int run = c->source == CHART_SOURCE_RUN;
    items[ni++] = (chart_legend_item){c->name, curve_colour(t, c), curve_line(c), run ? CHART_MARK_SQUARE : CHART_MARK_CROSS,
                                      run ? 2 : 1.6};
    bands |= c->lo && c->hi;
  }
  if (bands) items[ni++] = (chart_legend_item){"min–max over seeds", t->muted, CHART_LINE_NONE, CHART_MARK_BAND, 1};
  chart_labels labels = {.title = title, .subtitle = sub[0] ? sub : NULL, .x_label = "steps ahead", .y_label = ylab,
                         .x_integer = 1};
  /* the corner the curves leave free (errors grow with the horizon: often the top left), else outside */
  double px[24 * 64 * 2], py[24 * 64 * 2];
  int np = 0;
  for (int k = 0; k < in->n_curves && k < 24; k++)
    for (int j = 0; j < in->curves[k].n && j < in->horizon && j < 64; j++) {
      px[np] = j + 1, py[np++] = in->curves[k].y[j];
      if (in->curves[k].hi) px[np] = j + 1, py[np++] = in->curves[k].hi[j];
    }
  chart_legend_place place = chart_legend_fit(cr, w, h, &a, &labels, items, ni, px, py, np);
  chart_draw_frame(cr, w, h, t, &a, &labels);
  cairo_save(cr);
  chart_clip(cr, &a);
  for (int k = 0; k < in->n_curves; k++) {
    const chart_curve *c = &in->curves[k];
    curve_band(cr, &a, c, c->n < in->horizon ? c->n : in->horizon, 0, NAN, step_x, NULL);
  }
  for (int k = 0; k < in->n_curves; k++) {
    const chart_curve *c = &in->curves[k];
    int run = c->source == CHART_SOURCE_RUN;
    chart_set_rgb(cr, curve_colour(t, c), 1);
    chart_set_line(cr, curve_line(c), run ? 2 : 1.6);
    int pen = 0;
    for (int j = 0; j < c->n && j < in->horizon; j++) {
      if (!isfinite(c->y[j]) || (in->log_y && c->y[j] <= 0)) {
        pen = 0;
        continue;
      }
      double x = chart_px(&a, j + 1), y = chart_py(&a, c->y[j]);
      if (pen) cairo_line_to(cr, x, y);
      else cairo_move_to(cr, x, y);
      pen = 1;
    }
    cairo_stroke(cr);
    chart_set_line(cr, CHART_LINE_SOLID, 1.6);
    for (int j = 0; j < c->n && j < in->horizon; j++)
      if (isfinite(c->y[j]) && (!in->log_y || c->y[j] > 0))
        chart_marker(cr, run ? CHART_MARK_SQUARE : CHART_MARK_CROSS, chart_px(&a, j + 1), chart_py(&a, c->y[j]), 9);
  }
  cairo_restore(cr);
  chart_draw_legend(cr, t, &a, items, ni, place);
  if (in->axes_out) *in->axes_out = a;
}

int chart_runs_same_series(const ur_run *a, const ur_run *b) {
  if (a->data.csv.path[0] || b->data.csv.path[0]) return ur_csv_source_same(&a->data.csv, &b->data.csv);
  return a->data.seed == b->data.seed && a->data.n_series == b->data.n_series && a->data.n_steps == b->data.n_steps;
}

/* ---- data preview ------------------------------------------------------- */

void chart_draw_preview(cairo_t *cr, double w, double h, const chart_theme *t, const chart_preview_input *in) {
  if (!in->series || in->n_shown < 1 || in->length < 2) {
    chart_draw_empty(cr, t, w, h, "Series", "No series");
    return;
  }
  /* low (the Data page beside its fields): no axis titles and a thinner
   * split bar, so the curves keep some height */
  int low = h < 200;
  double bar_h = low ? 28 : 34, lo = -1, hi = 1;
  range_of(in->series, in->n_shown * in->length, &lo, &hi);
  if (lo < -1 || hi > 1) chart_nice_range(&lo, &hi, 0);
  chart_axes a = {0, in->length - 1, lo, hi, 0, 0, 0, 0, 0};
  char sub[64];
  snprintf(sub, sizeof sub, "%d of %d", in->n_shown, in->n_train + in->n_valid + in->n_test);
  chart_labels labels = {.title = "Series", .subtitle = sub, .x_label = low ? NULL : "t", .y_label = low ? NULL : "x(t)",
                         .x_integer = 1};
  chart_draw_frame(cr, w, h - bar_h, t, &a, &labels);
  cairo_save(cr);
  chart_clip(cr, &a);
  /* the target steps, shaded: what a model must predict */
  chart_set_rgb(cr, t->grid, 0.6);
  double xs = chart_px(&a, in->n_steps - 0.5);
  cairo_rectangle(cr, xs, a.top, a.left + a.width - xs, a.height);
  cairo_fill(cr);
  for (int s = 0; s < in->n_shown; s++) {
    const float *v = in->series + (size_t)s * in->length;
    chart_set_rgb(cr, chart_run_colour(s), 1);
    chart_set_line(cr, CHART_LINE_SOLID, 1.4);
    for (int i = 0; i < in->length; i++) {
      if (i) cairo_line_to(cr, chart_px(&a, i), chart_py(&a, v[i]));
      else cairo_move_to(cr, chart_px(&a, i), chart_py(&a, v[i]));
    }
    cairo_stroke(cr);
  }
  chart_set_rgb(cr, t->muted, 1);
  chart_text(cr, in->horizon > 1 ? "targets" : "target", a.left + a.width - 4, a.top + 4, 1, 0, CHART_FONT_SMALL);
  chart_text(cr, "input window", a.left + 6, a.top + 4, 0, 0, CHART_FONT_SMALL);
  cairo_restore(cr);

  /* the split, as a bar in proportion */
  int total = in->n_train + in->n_valid + in->n_test;
  if (total <= 0) return;
  double x = a.left, bw = a.width, y = h - bar_h + (low ? 4 : 6), bh = 18;
  int parts[3] = {in->n_train, in->n_valid, in->n_test};
  const char *names[3] = {"train", "valid", "test"};
  for (int i = 0; i < 3; i++) {
    double pw = bw * parts[i] / total;
    /* the CSV timeline's span colours: a span reads the same on either Data page */
    chart_set_rgb(cr, chart_timeline_span_colour(i), t->dark ? 0.55 : 0.3);
    cairo_rectangle(cr, x, y, pw, bh);
    cairo_fill(cr);
    char buf[48];
    snprintf(buf, sizeof buf, "%s %d", names[i], parts[i]);
    double tw;
    chart_text_size(cr, buf, CHART_FONT_SMALL, &tw, NULL);
    if (tw + 6 > pw) snprintf(buf, sizeof buf, "%d", parts[i]);
    chart_set_rgb(cr, t->fg, 1);
    chart_text(cr, buf, x + pw / 2, y + bh / 2, 0.5, 0.5, CHART_FONT_SMALL);
    x += pw;
  }
}
