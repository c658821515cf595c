/* chart-timeline.c: the timeline of chart-timeline.h. */
#include "chart-timeline.h"
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Also the data preview's split colours (chart-forecast.c), so a span reads
 * the same in the Data panel and in the import dialog. */
static const chart_rgb span_colours[3] = {{0.000, 0.447, 0.698}, {0.902, 0.624, 0.000}, {0.000, 0.620, 0.451}};
static const char *span_names[3] = {"Training", "Validation", "Test"};
static const char *span_short[3] = {"train", "valid", "test"};

chart_rgb chart_timeline_span_colour(int span) { return span_colours[span < 0 ? 0 : span > 2 ? 2 : span]; }
double chart_timeline_span_alpha(const chart_theme *t) { return t->dark ? 0.30 : 0.16; }

void chart_format_date(double seconds, int with_time, char *buf, size_t len) {
  time_t s = (time_t)floor(seconds);
  struct tm tm;
  if (!isfinite(seconds) || !gmtime_r(&s, &tm)) {
    snprintf(buf, len, "?");
    return;
  }
  strftime(buf, len, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm);
}

/* x of row i in data units: its time, or its 1-based row number. */
static double row_value(const chart_timeline_input *in, int i) { return in->has_time ? in->time[i] : i + 1; }

double chart_timeline_row_x(const chart_axes *a, const chart_timeline_input *in, int row) {
  if (row <= 0) return a->left;
  if (row >= in->n) return a->left + a->width;
  return chart_px(a, 0.5 * (row_value(in, row - 1) + row_value(in, row)));
}

/* ---- date ticks: calendar steps (hours, days, weeks, months, years) ------ */

#define HOUR 3600.0
#define DAY 86400.0

int chart_date_ticks(double lo, double hi, int max, double *ticks, const char **fmt) {
  static const double fixed[] = {HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY};
  static const int months[] = {1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200};
  int n = 0;
  for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++) {
    if ((hi - lo) / fixed[k] > max) continue;
    for (double v = ceil(lo / fixed[k]) * fixed[k]; v <= hi && n < 64; v += fixed[k]) ticks[n++] = v;
    *fmt = fixed[k] < DAY ? "%m-%d %H:%M" : "%Y-%m-%d";
    return n;
  }
  for (size_t k = 0; k < sizeof months / sizeof months[0]; k++) {
    int step = months[k];
    if ((hi - lo) / (step * 30.44 * DAY) > max) continue;
    time_t s = (time_t)floor(lo);
    struct tm tm;
    if (!gmtime_r(&s, &tm)) return 0;
    /* the first month at or after lo that is a multiple of the step */
    long m = (long)(tm.tm_year + 1900) * 12 + tm.tm_mon;
    if (tm.tm_mday > 1 || tm.tm_hour || tm.tm_min || tm.tm_sec) m++;
    m = (m + step - 1) / step * step;
    for (; n < 64; m += step) {
      struct tm t = {0};
      t.tm_year = (int)(m / 12) - 1900;
      t.tm_mon = (int)(m % 12);
      t.tm_mday = 1;
      double v = (double)timegm(&t);
      if (v > hi) break;
      ticks[n++] = v;
    }
    *fmt = step % 12 == 0 ? "%Y" : "%Y-%m";
    return n;
  }
  return 0;
}

/* ---- drawing ------------------------------------------------------------ */

static void value_range(const chart_timeline_input *in, int stride, double *lo, double *hi) {
  *lo = INFINITY;
  *hi = -INFINITY;
  for (int i = 0; i < in->n; i++) {
    float v = in->values[(size_t)i * stride];
    if (isnan(v)) continue;
    if (v < *lo) *lo = v;
    if (v > *hi) *hi = v;
  }
  if (*lo > *hi) *lo = -1, *hi = 1;
  chart_nice_range(lo, hi, 0);
}

/* The target as one path: each pixel column holds the minimum and maximum
 * of the rows that fall in it (one row each when they are few), so the
 * cost follows the width, not the file.  A missing value lifts the pen. */
static void trace(cairo_t *cr, const chart_axes *a, const chart_timeline_input *in, int stride) {
  int col = INT_MIN, pen = 0;
  double lo = 0, hi = 0, first = 0, last = 0;
#define FLUSH()                                                 \
  do {                                                          \
    if (col != INT_MIN) {                                     \
      double px = col + 0.5;                                    \
      if (pen) cairo_line_to(cr, px, chart_py(a, first));       \
      else cairo_move_to(cr, px, chart_py(a, first));           \
      if (hi > lo) {                                            \
        cairo_line_to(cr, px, chart_py(a, lo));                 \
        cairo_line_to(cr, px, chart_py(a, hi));                 \
        cairo_line_to(cr, px, chart_py(a, last));               \
      }                                                         \
      pen = 1;                                                  \
    }                                                           \
    col = INT_MIN;                                            \
  } while (0)
  for (int i = 0; i < in->n; i++) {
    float v = in->values[(size_t)i * stride];
    if (isnan(v)) {
      FLUSH();
      pen = 0;
      continue;
    }
    int c = (int)floor(chart_px(a, row_value(in, i)));
    if (c != col) {
      FLUSH();
      col = c;
      lo = hi = first = v;
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    last = v;
  }
  FLUSH();
#undef FLUSH
  /* a lone point between gaps would be a zero-length, invisible segment */
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke(cr);
}

static void x_ticks(cairo_t *cr, const chart_theme *t, const chart_axes *a, const chart_timeline_input *in) {
  double ticks[64];
  char buf[40];
  int max = (int)(a->width / (in->has_time ? 95 : 70));
  if (max < 2) max = 2;
  const char *fmt = NULL;
  int n = in->has_time ? chart_date_ticks(a->x0, a->x1, max, ticks, &fmt) : chart_nice_ticks(a->x0, a->x1, max, ticks, NULL);
  cairo_set_line_width(cr, 1);
  for (int i = 0; i < n; i++) {
    if (!fmt && ticks[i] != floor(ticks[i])) continue; /* rows are whole */
    double x = floor(chart_px(a, ticks[i])) + 0.5;
    chart_set_rgb(cr, t->grid, 1);
    cairo_move_to(cr, x, a->top);
    cairo_line_to(cr, x, a->top + a->height);
    cairo_stroke(cr);
    if (fmt) {
      time_t s = (time_t)ticks[i];
      struct tm tm;
      gmtime_r(&s, &tm);
      strftime(buf, sizeof buf, fmt, &tm);
    } else if (ticks[i] >= 1e6) { /* "1.4M" rows: seven digits crowd each other */
      snprintf(buf, sizeof buf, "%.3gM", ticks[i] / 1e6);
    } else if (ticks[i] >= 1e5) {
      snprintf(buf, sizeof buf, "%.3gk", ticks[i] / 1e3);
    } else {
      snprintf(buf, sizeof buf, "%.0f", ticks[i]);
    }
    /* a label at either end stays inside the chart */
    double tw, lx = x;
    chart_text_size(cr, buf, CHART_FONT_SMALL, &tw, NULL);
    if (lx + tw / 2 > a->left + a->width + 12) lx = a->left + a->width + 12 - tw / 2;
    if (lx - tw / 2 < 2) lx = 2 + tw / 2;
    chart_set_rgb(cr, t->muted, 1);
    chart_text(cr, buf, lx, a->top + a->height + 4, 0.5, 0, CHART_FONT_SMALL);
  }
}

static int has_clock_times(const chart_timeline_input *in) {
  for (int i = 0; in->has_time && i < in->n; i += 1 + in->n / 64) /* a sample is enough */
    if (fmod(in->time[i], DAY) != 0) return 1;
  return 0;
}

/* The dates a span covers; FALSE for an empty span. */
static int span_dates(const chart_timeline_input *in, int span, char *d0, char *d1, size_t len) {
  int bounds[4] = {0, in->train_end, in->valid_end, in->n}, clock = has_clock_times(in);
  if (!in->has_time || bounds[span + 1] <= bounds[span]) return 0;
  chart_format_date(in->time[bounds[span]], clock, d0, len);
  chart_format_date(in->time[bounds[span + 1] - 1], clock, d1, len);
  return 1;
}

/* Whether a span's "from – to" is wider than its third of the plot: then
 * the two dates go on two lines. */
static int dates_wrap(cairo_t *cr, const chart_timeline_input *in, double colw) {
  char d0[40], d1[40], line[90];
  for (int k = 0; k < 3; k++) {
    double tw;
    if (!span_dates(in, k, d0, d1, sizeof d0)) continue;
    snprintf(line, sizeof line, "%s – %s", d0, d1);
    chart_text_size(cr, line, CHART_FONT_SMALL, &tw, NULL);
    if (tw + 22 > colw) return 1;
  }
  return 0;
}

/* Under the plot: per span, its name and windows, its rows, its dates. */
static void span_legend(cairo_t *cr, const chart_theme *t, const chart_axes *a, const chart_timeline_input *in,
                        double y) {
  int bounds[4] = {0, in->train_end, in->valid_end, in->n};
  double colw = a->width / 3, lh;
  int wrap = dates_wrap(cr, in, colw);
  chart_text_size(cr, "Xg", CHART_FONT_SMALL, NULL, &lh);
  for (int k = 0; k < 3; k++) {
    double x = a->left + k * colw;
    char line[160], d0[40], d1[40];
    chart_set_rgb(cr, span_colours[k], 1);
    cairo_rectangle(cr, x, y + 2, 10, 10);
    cairo_fill(cr);
    chart_set_rgb(cr, t->fg, 1);
    snprintf(line, sizeof line, "%s · %d window%s", span_names[k], in->windows[k], in->windows[k] == 1 ? "" : "s");
    chart_text(cr, line, x + 15, y, 0, 0, CHART_FONT_NORMAL);
    chart_set_rgb(cr, t->muted, 1);
    int from = bounds[k], to = bounds[k + 1];
    if (to <= from) {
      chart_text(cr, "no rows", x + 15, y + lh + 5, 0, 0, CHART_FONT_SMALL);
      continue;
    }
    snprintf(line, sizeof line, "rows %d–%d (%d)", from + 1, to, to - from);
    chart_text(cr, line, x + 15, y + lh + 5, 0, 0, CHART_FONT_SMALL);
    if (span_dates(in, k, d0, d1, sizeof d0)) {
      snprintf(line, sizeof line, wrap ? "%s –" : "%s – %s", d0, d1);
      chart_text(cr, line, x + 15, y + 2 * lh + 5, 0, 0, CHART_FONT_SMALL);
      if (wrap) chart_text(cr, d1, x + 15, y + 3 * lh + 5, 0, 0, CHART_FONT_SMALL);
    }
  }
}

void chart_draw_timeline(cairo_t *cr, double w, double h, const chart_theme *t, const chart_timeline_input *in,
                         chart_axes *out) {
  if (!in || !in->values || in->n < 1) {
    chart_draw_empty(cr, t, w, h, in && in->name ? in->name : "Series", in && in->message ? in->message : "No rows");
    return;
  }
  int stride = in->stride > 0 ? in->stride : 1, spans = in->train_end >= 0;
  double lo, hi, tw, th, title_h, small_h, yw = 0;
  char buf[160], d0[40], d1[40];
  value_range(in, stride, &lo, &hi);
  double yt[16];
  int ny = chart_nice_ticks(lo, hi, h > 260 ? 6 : 4, yt, NULL);
  for (int i = 0; i < ny; i++) {
    chart_format_value(yt[i], buf, sizeof buf);
    chart_text_size(cr, buf, CHART_FONT_SMALL, &tw, NULL);
    if (tw > yw) yw = tw;
  }
  chart_text_size(cr, "Xg", CHART_FONT_TITLE, NULL, &title_h);
  chart_text_size(cr, "Xg", CHART_FONT_SMALL, NULL, &small_h);
  int date_lines = in->has_time ? (dates_wrap(cr, in, (w - 14 - yw - 8 - 14) / 3) ? 2 : 1) : 0;
  double legend_h = spans ? (2 + date_lines) * small_h + 14 : in->message ? small_h + 14 : 0;
  chart_axes a = {row_value(in, 0), row_value(in, in->n - 1), lo, hi, 0, 0, 0, 0, 0};
  if (a.x1 <= a.x0) a.x0 -= in->has_time ? DAY : 1, a.x1 += in->has_time ? DAY : 1;
  a.left = 14 + yw + 8;
  a.top = 8 + title_h + 6;
  a.width = w - a.left - 14;
  a.height = h - a.top - (small_h + 8) - legend_h - 6;
  if (a.width < 10) a.width = 10;
  if (a.height < 10) a.height = 10;
  if (out) *out = a;

  chart_set_rgb(cr, t->bg, 1);
  cairo_paint(cr);
  /* title: the target, then what the rows cover */
  chart_set_rgb(cr, t->fg, 1);
  double x = chart_text(cr, in->name ? in->name : "target", 14, 8, 0, 0, CHART_FONT_TITLE);
  if (in->has_time) {
    chart_format_date(in->time[0], has_clock_times(in), d0, sizeof d0);
    chart_format_date(in->time[in->n - 1], has_clock_times(in), d1, sizeof d1);
    snprintf(buf, sizeof buf, "%d rows, %s – %s", in->n, d0, d1);
  } else {
    snprintf(buf, sizeof buf, "%d rows, in file order", in->n);
  }
  chart_set_rgb(cr, t->muted, 1);
  chart_text(cr, buf, 14 + x + 10, 8 + title_h - 2, 0, 1, CHART_FONT_NORMAL);

  /* the spans, shaded, under everything else */
  if (spans) {
    int bounds[4] = {0, in->train_end, in->valid_end, in->n};
    for (int k = 0; k < 3; k++) {
      double x0 = chart_timeline_row_x(&a, in, bounds[k]), x1 = chart_timeline_row_x(&a, in, bounds[k + 1]);
      if (x1 <= x0) continue;
      chart_set_rgb(cr, span_colours[k], chart_timeline_span_alpha(t));
      cairo_rectangle(cr, x0, a.top, x1 - x0, a.height);
      cairo_fill(cr);
    }
  }
  /* grid, y ticks */
  cairo_set_line_width(cr, 1);
  for (int i = 0; i < ny; i++) {
    double y = floor(chart_py(&a, yt[i])) + 0.5;
    chart_set_rgb(cr, t->grid, spans ? 0.7 : 1);
    cairo_move_to(cr, a.left, y);
    cairo_line_to(cr, a.left + a.width, y);
    cairo_stroke(cr);
    chart_format_value(yt[i], buf, sizeof buf);
    chart_set_rgb(cr, t->muted, 1);
    chart_text(cr, buf, a.left - 6, y, 1, 0.5, CHART_FONT_SMALL);
  }
  x_ticks(cr, t, &a, in);
  cairo_save(cr);
  chart_clip(cr, &a);
  chart_set_rgb(cr, chart_input_colour(t), 1);
  chart_set_line(cr, CHART_LINE_SOLID, 1.2);
  trace(cr, &a, in, stride);
  if (spans) {
    int bounds[3] = {0, in->train_end, in->valid_end};
    for (int k = 0; k < 3; k++) { /* boundaries, and the span's name where it fits */
      double x0 = chart_timeline_row_x(&a, in, bounds[k]);
      double x1 = chart_timeline_row_x(&a, in, k < 2 ? bounds[k + 1] : in->n);
      if (k > 0) {
        chart_set_rgb(cr, span_colours[k], 0.9);
        cairo_set_line_width(cr, 1.5);
        cairo_move_to(cr, floor(x0) + 0.5, a.top);
        cairo_line_to(cr, floor(x0) + 0.5, a.top + a.height);
        cairo_stroke(cr);
      }
      chart_text_size(cr, span_short[k], CHART_FONT_SMALL, &tw, &th);
      if (x1 - x0 > tw + 8) {
        chart_set_rgb(cr, t->fg, 0.8);
        chart_text(cr, span_short[k], x0 + 4, a.top + 3, 0, 0, CHART_FONT_SMALL);
      }
    }
  }
  cairo_restore(cr);
  chart_set_rgb(cr, t->frame, 1);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, floor(a.left) + 0.5, floor(a.top) + 0.5, floor(a.width), floor(a.height));
  cairo_stroke(cr);

  double ly = a.top + a.height + small_h + 12;
  if (spans) span_legend(cr, t, &a, in, ly);
  else if (in->message) {
    chart_set_rgb(cr, t->muted, 1);
    chart_text(cr, in->message, a.left, ly, 0, 0, CHART_FONT_NORMAL);
  }
}
