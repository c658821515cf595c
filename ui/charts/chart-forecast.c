/* chart-forecast.c: forecast, per-horizon and preview charts (chart-forecast.h). */
#include "chart-forecast.h"
#include <math.h>
#include <stdio.h>
#include "chart-timeline.h"

static chart_rgb curve_colour(const chart_theme *t, const chart_curve *c) {
  if (c->source == CHART_SOURCE_NAIVE) return chart_naive_colour(t);
  if (c->source == CHART_SOURCE_LINEAR) return chart_linear_colour(t);
  return chart_run_colour(c->colour);
}

static void range_of(const float *v, int n, double *lo, double *hi) {
  for (int i = 0; i < n; i++)
    if (isfinite(v[i])) {
      if (v[i] < *lo) *lo = v[i];
      if (v[i] > *hi) *hi = v[i];
    }
}

/* ---- forecast ----------------------------------------------------------- */

void chart_draw_forecast(cairo_t *cr, double w, double h, const chart_theme *t, const chart_forecast_input *in) {
  const char *title = in->title ? in->title : "Forecast";
  if (!in->input || in->n_steps < 1) {
    chart_draw_empty(cr, t, w, h, title, "No validation series to show");
    return;
  }
  int T = in->n_steps, H = in->horizon;
  /* the book's axes: y from -1 to 1, widened if a curve leaves them */
  double lo = -1, hi = 1;
  range_of(in->input, T, &lo, &hi);
  if (in->truth) range_of(in->truth, H, &lo, &hi);
  for (int k = 0; k < in->n_forecasts; k++) range_of(in->forecasts[k].y, in->forecasts[k].n, &lo, &hi);
  if (lo < -1 || hi > 1) chart_nice_range(&lo, &hi, 0);
  /* x: the whole history and the future, as the notebook; a narrow chart
   * shows the recent past only, so that the future keeps ~8 px a step */
  double room = w - 220, x0 = 0;
  if (room > 0 && room / (T + H) < 8) x0 = floor(fmax(0, T + H - room / 8));
  if (x0 > T - 5) x0 = T > 5 ? T - 5 : 0;
  chart_axes a = {x0, T + H, lo, hi, 0, 0, 0, 0, 0};
  chart_legend_item items[20];
  int ni = 0;
  items[ni++] = (chart_legend_item){"input", chart_input_colour(t), CHART_LINE_SOLID, CHART_MARK_DOT, 1.5};
  if (in->truth) items[ni++] = (chart_legend_item){"actual", chart_truth_colour(t), CHART_LINE_SOLID, CHART_MARK_CIRCLE, 1.2};
  for (int k = 0; k < in->n_forecasts && ni < 20; k++) {
    const chart_curve *c = &in->forecasts[k];
    items[ni++] = (chart_legend_item){c->name, curve_colour(t, c),
                                      c->source == CHART_SOURCE_RUN ? CHART_LINE_SOLID : CHART_LINE_DASHED,
                                      CHART_MARK_CROSS, 1.4};
  }
  char sub[96];
  if (in->count > 0) snprintf(sub, sizeof sub, "validation series %d of %d", in->index + 1, in->count);
  else sub[0] = 0;
  /* the series runs everywhere in the plot: the legend goes outside, on the right */
  chart_labels labels = {title, sub[0] ? sub : NULL, "t", "x(t)", 1, chart_legend_width(cr, items, ni)};
  chart_draw_frame(cr, w, h, t, &a, &labels);

  cairo_save(cr);
  chart_clip(cr, &a);
  /* the future's background, so "where the forecast starts" reads at a glance */
  chart_set_rgb(cr, t->grid, t->dark ? 0.35 : 0.45);
  cairo_rectangle(cr, chart_px(&a, T - 0.5), a.top, chart_px(&a, T + H) - chart_px(&a, T - 0.5), a.height);
  cairo_fill(cr);
  double ms = a.width / (T + H) > 9 ? 8 : 6;

  /* input: ".-" */
  chart_set_rgb(cr, chart_input_colour(t), 1);
  chart_set_line(cr, CHART_LINE_SOLID, 1.5);
  for (int i = 0; i < T; i++) {
    if (i) cairo_line_to(cr, chart_px(&a, i), chart_py(&a, in->input[i]));
    else cairo_move_to(cr, chart_px(&a, i), chart_py(&a, in->input[i]));
  }
  cairo_stroke(cr);
  for (int i = 0; i < T; i++) chart_marker(cr, CHART_MARK_DOT, chart_px(&a, i), chart_py(&a, in->input[i]), ms * 0.9);

  /* forecasts: "x-", from the last input so each reads as a continuation */
  for (int k = 0; k < in->n_forecasts; k++) {
    const chart_curve *c = &in->forecasts[k];
    chart_set_rgb(cr, curve_colour(t, c), 1);
    chart_set_line(cr, c->source == CHART_SOURCE_RUN ? CHART_LINE_SOLID : CHART_LINE_DASHED, 1.4);
    cairo_move_to(cr, chart_px(&a, T - 1), chart_py(&a, in->input[T - 1]));
    for (int j = 0; j < c->n && j < H; j++) cairo_line_to(cr, chart_px(&a, T + j), chart_py(&a, c->y[j]));
    cairo_stroke(cr);
    chart_set_line(cr, CHART_LINE_SOLID, 1.8);
    for (int j = 0; j < c->n && j < H; j++) chart_marker(cr, CHART_MARK_CROSS, chart_px(&a, T + j), chart_py(&a, c->y[j]), ms);
  }
  /* truth last, on top: "o-" */
  if (in->truth && H > 0) {
    chart_rgb tc = chart_truth_colour(t);
    chart_set_rgb(cr, tc, 0.55);
    chart_set_line(cr, CHART_LINE_SOLID, 1.2);
    cairo_move_to(cr, chart_px(&a, T - 1), chart_py(&a, in->input[T - 1]));
    for (int j = 0; j < H; j++) cairo_line_to(cr, chart_px(&a, T + j), chart_py(&a, in->truth[j]));
    cairo_stroke(cr);
    chart_set_rgb(cr, tc, 1);
    chart_set_line(cr, CHART_LINE_SOLID, 1.6);
    for (int j = 0; j < H; j++) chart_marker(cr, CHART_MARK_CIRCLE, chart_px(&a, T + j), chart_py(&a, in->truth[j]), ms + 1);
  }
  cairo_restore(cr);

  chart_draw_legend(cr, t, &a, items, ni, CHART_LEGEND_OUTSIDE);
}

/* ---- per horizon -------------------------------------------------------- */

void chart_draw_horizon(cairo_t *cr, double w, double h, const chart_theme *t, const chart_horizon_input *in) {
  const char *title = in->title ? in->title : "Error per step ahead";
  if (in->n_curves < 1 || in->horizon < 1) {
    chart_draw_empty(cr, t, w, h, title, "Select runs to compare their error per step ahead");
    return;
  }
  double lo = INFINITY, hi = -INFINITY;
  for (int k = 0; k < in->n_curves; k++) range_of(in->curves[k].y, in->curves[k].n, &lo, &hi);
  if (!in->log_y) lo = 0;
  else if (!(lo > 0)) lo = hi > 0 ? hi * 1e-3 : 1e-3;
  if (!in->log_y) hi *= 1.05;
  chart_nice_range(&lo, &hi, in->log_y);
  chart_axes a = {0.5, in->horizon + 0.5, lo, hi, in->log_y, 0, 0, 0, 0};
  char sub[96];
  if (in->n_windows > 0) snprintf(sub, sizeof sub, "MSE over %d validation windows", in->n_windows);
  else sub[0] = 0;
  chart_labels labels = {title, sub[0] ? sub : NULL, "steps ahead", in->log_y ? "MSE (log scale)" : "MSE", 1, 0};
  chart_draw_frame(cr, w, h, t, &a, &labels);
  cairo_save(cr);
  chart_clip(cr, &a);
  for (int k = 0; k < in->n_curves; k++) {
    const chart_curve *c = &in->curves[k];
    int run = c->source == CHART_SOURCE_RUN;
    chart_set_rgb(cr, curve_colour(t, c), 1);
    chart_set_line(cr, run ? CHART_LINE_SOLID : CHART_LINE_DASHED, run ? 2 : 1.6);
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
  chart_legend_item items[20];
  int ni = 0;
  for (int k = 0; k < in->n_curves && ni < 20; k++) {
    const chart_curve *c = &in->curves[k];
    int run = c->source == CHART_SOURCE_RUN;
    items[ni++] = (chart_legend_item){c->name, curve_colour(t, c), run ? CHART_LINE_SOLID : CHART_LINE_DASHED,
                                      run ? CHART_MARK_SQUARE : CHART_MARK_CROSS, run ? 2 : 1.6};
  }
  /* the corner the curves leave free (errors grow with the horizon: often the top left) */
  double px[20 * 64], py[20 * 64];
  int np = 0;
  for (int k = 0; k < in->n_curves && k < 20; k++)
    for (int j = 0; j < in->curves[k].n && j < in->horizon && j < 64; j++) px[np] = j + 1, py[np++] = in->curves[k].y[j];
  chart_draw_legend(cr, t, &a, items, ni, chart_legend_best_corner(cr, &a, items, ni, px, py, np));
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
  chart_labels labels = {"Series", sub, low ? NULL : "t", low ? NULL : "x(t)", 1, 0};
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
