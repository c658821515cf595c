/* chart-draw.c: the shared drawing of chart-draw.h. */
#include "chart-draw.h"
#include <math.h>
#include <time.h>
#include "chart-timeline.h"
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

/* ---- colours ------------------------------------------------------------ */

static const chart_theme light = {
    {1.00, 1.00, 1.00}, {0.13, 0.14, 0.16}, {0.42, 0.44, 0.47}, {0.90, 0.91, 0.92}, {0.62, 0.64, 0.66}, 0};
static const chart_theme dark = {
    {0.14, 0.14, 0.15}, {0.92, 0.92, 0.93}, {0.62, 0.63, 0.66}, {0.25, 0.25, 0.27}, {0.45, 0.46, 0.48}, 1};

const chart_theme *chart_theme_light(void) { return &light; }
const chart_theme *chart_theme_dark(void) { return &dark; }

/* Okabe–Ito's colour-blind-safe set first (without its black and yellow,
 * which vanish on white), then Tableau 10's remaining hues. */
static const chart_rgb palette[] = {
    {0.000, 0.447, 0.698}, /* blue */
    {0.835, 0.369, 0.000}, /* vermillion */
    {0.000, 0.620, 0.451}, /* bluish green */
    {0.800, 0.475, 0.655}, /* reddish purple */
    {0.902, 0.624, 0.000}, /* orange */
    {0.337, 0.706, 0.914}, /* sky blue */
    {0.549, 0.337, 0.294}, /* brown */
    {0.580, 0.404, 0.741}, /* purple */
    {0.737, 0.741, 0.133}, /* olive */
    {0.090, 0.745, 0.812}, /* cyan */
};
#define N_PALETTE ((int)(sizeof palette / sizeof palette[0]))

chart_rgb chart_run_colour(int index) { return palette[((index % N_PALETTE) + N_PALETTE) % N_PALETTE]; }
int chart_run_colour_count(void) { return N_PALETTE; }

/* Greys: every hue is a run's (the linear baseline was an orange-brown
 * that read as the palette's orange); the dashes tell the three apart. */
chart_rgb chart_naive_colour(const chart_theme *t) { return t->dark ? (chart_rgb){0.70, 0.70, 0.72} : (chart_rgb){0.45, 0.46, 0.48}; }
chart_rgb chart_linear_colour(const chart_theme *t) { return t->dark ? (chart_rgb){0.86, 0.86, 0.88} : (chart_rgb){0.22, 0.22, 0.24}; }
chart_rgb chart_snaive_colour(const chart_theme *t) { return t->dark ? (chart_rgb){0.52, 0.52, 0.55} : (chart_rgb){0.62, 0.62, 0.64}; }

chart_rgb chart_baseline_colour(const chart_theme *t, chart_baseline b) {
  return b == CHART_BASELINE_LINEAR ? chart_linear_colour(t) : b == CHART_BASELINE_SNAIVE ? chart_snaive_colour(t) : chart_naive_colour(t);
}
chart_line chart_baseline_line(chart_baseline b) {
  return b == CHART_BASELINE_LINEAR ? CHART_LINE_DASHDOT : b == CHART_BASELINE_SNAIVE ? CHART_LINE_DOTTED : CHART_LINE_DASHED;
}
const char *chart_baseline_name(chart_baseline b) {
  return b == CHART_BASELINE_LINEAR ? "linear" : b == CHART_BASELINE_SNAIVE ? "seasonal naive" : "naive";
}
chart_rgb chart_truth_colour(const chart_theme *t) { return t->fg; }
chart_rgb chart_input_colour(const chart_theme *t) { return t->dark ? (chart_rgb){0.55, 0.70, 0.95} : (chart_rgb){0.16, 0.30, 0.55}; }

void chart_set_rgb(cairo_t *cr, chart_rgb c, double alpha) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha); }

void chart_marker(cairo_t *cr, chart_mark m, double x, double y, double s) {
  switch (m) {
  case CHART_MARK_DOT:
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, s * 0.3, 0, 2 * M_PI);
    cairo_fill(cr);
    break;
  case CHART_MARK_CIRCLE:
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, s * 0.5, 0, 2 * M_PI);
    cairo_stroke(cr);
    break;
  case CHART_MARK_CROSS:
    cairo_move_to(cr, x - s * 0.45, y - s * 0.45);
    cairo_line_to(cr, x + s * 0.45, y + s * 0.45);
    cairo_move_to(cr, x - s * 0.45, y + s * 0.45);
    cairo_line_to(cr, x + s * 0.45, y - s * 0.45);
    cairo_stroke(cr);
    break;
  case CHART_MARK_SQUARE:
    cairo_rectangle(cr, x - s * 0.35, y - s * 0.35, s * 0.7, s * 0.7);
    cairo_fill(cr);
    break;
  case CHART_MARK_BAND: { /* the band's translucency over the line's colour */
    double r, g, b, al;
    if (cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &b, &al) == CAIRO_STATUS_SUCCESS)
      cairo_set_source_rgba(cr, r, g, b, al * 0.3);
    cairo_rectangle(cr, x - s * 1.6, y - s * 0.55, s * 3.2, s * 1.1);
    cairo_fill(cr);
    break;
  }
  default:
    break;
  }
}

void chart_set_line(cairo_t *cr, chart_line style, double width) {
  static const double dash[] = {6, 4}, dot[] = {1.5, 3}, dashdot[] = {7, 3, 1.5, 3};
  cairo_set_line_width(cr, width);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, style == CHART_LINE_DOTTED ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
  if (style == CHART_LINE_DASHED) cairo_set_dash(cr, dash, 2, 0);
  else if (style == CHART_LINE_DOTTED) cairo_set_dash(cr, dot, 2, 0);
  else if (style == CHART_LINE_DASHDOT) cairo_set_dash(cr, dashdot, 4, 0);
  else cairo_set_dash(cr, NULL, 0, 0);
}

/* ---- axes --------------------------------------------------------------- */

static double ty(const chart_axes *a, double y) { return a->log_y ? log10(y > 1e-30 ? y : 1e-30) : y; }

double chart_px(const chart_axes *a, double x) { return a->left + (x - a->x0) / (a->x1 - a->x0) * a->width; }
double chart_py(const chart_axes *a, double y) {
  double lo = ty(a, a->y0), hi = ty(a, a->y1);
  return a->top + a->height - (ty(a, y) - lo) / (hi - lo) * a->height;
}
double chart_data_x(const chart_axes *a, double px) { return a->x0 + (px - a->left) / a->width * (a->x1 - a->x0); }
double chart_data_y(const chart_axes *a, double py) {
  double lo = ty(a, a->y0), hi = ty(a, a->y1), v = lo + (a->top + a->height - py) / a->height * (hi - lo);
  return a->log_y ? pow(10, v) : v;
}
int chart_inside(const chart_axes *a, double px, double py) {
  return px >= a->left && px <= a->left + a->width && py >= a->top && py <= a->top + a->height;
}

static int band_ok(const chart_axes *a, double lo, double hi) {
  return isfinite(lo) && isfinite(hi) && (!a->log_y || (lo > 0 && hi > 0));
}

void chart_band(cairo_t *cr, const chart_axes *a, int n, const double *x, const double *lo, const double *hi) {
  /* one closed polygon per run of points with both ends known: along hi, back along lo */
  for (int i = 0; i < n;) {
    while (i < n && !band_ok(a, lo[i], hi[i])) i++;
    int j = i;
    while (j < n && band_ok(a, lo[j], hi[j])) j++;
    if (j - i >= 2) {
      cairo_move_to(cr, chart_px(a, x[i]), chart_py(a, hi[i]));
      for (int k = i + 1; k < j; k++) cairo_line_to(cr, chart_px(a, x[k]), chart_py(a, hi[k]));
      for (int k = j - 1; k >= i; k--) cairo_line_to(cr, chart_px(a, x[k]), chart_py(a, lo[k]));
      cairo_close_path(cr);
    }
    i = j;
  }
  cairo_fill(cr);
}

void chart_apply_view(chart_axes *a, const chart_view *v) {
  if (!v || !v->on || !(v->x1 > v->x0) || !(v->y1 > v->y0) || (a->log_y && !(v->y0 > 0))) return;
  a->x0 = v->x0;
  a->x1 = v->x1;
  a->y0 = v->y0;
  a->y1 = v->y1;
}

int chart_nice_ticks(double lo, double hi, int max, double *ticks, double *step_out) {
  if (!(hi > lo) || max < 2) {
    ticks[0] = lo;
    if (step_out) *step_out = 1;
    return 1;
  }
  double raw = (hi - lo) / (max - 1), mag = pow(10, floor(log10(raw))), step = mag;
  static const double mult[] = {1, 2, 2.5, 5, 10};
  for (int i = 0; i < 5; i++)
    if (mag * mult[i] >= raw) {
      step = mag * mult[i];
      break;
    }
  int n = 0;
  for (double v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9 && n < max + 1; v += step)
    ticks[n++] = fabs(v) < step * 1e-9 ? 0.0 : v;
  if (step_out) *step_out = step;
  return n;
}

void chart_nice_range(double *lo, double *hi, int log) {
  if (!isfinite(*lo) || !isfinite(*hi)) {
    *lo = log ? 1e-3 : 0;
    *hi = 1;
  }
  if (log) {
    if (*lo <= 0) *lo = *hi > 0 ? *hi * 1e-3 : 1e-3;
    if (*hi <= *lo) *hi = *lo * 10;
    *lo = pow(10, floor(log10(*lo) + 1e-9));
    *hi = pow(10, ceil(log10(*hi) - 1e-9));
    if (*hi <= *lo) *hi = *lo * 10;
    return;
  }
  if (*hi <= *lo) {
    double d = fabs(*lo) > 0 ? fabs(*lo) * 0.1 : 1;
    *lo -= d;
    *hi += d;
  }
  double t[64], step;
  chart_nice_ticks(*lo, *hi, 6, t, &step);
  *lo = floor(*lo / step + 1e-9) * step;
  *hi = ceil(*hi / step - 1e-9) * step;
}

void chart_format_value(double v, char *buf, size_t len) {
  double a = fabs(v);
  if (!isfinite(v)) snprintf(buf, len, "–");
  else if (a == 0) snprintf(buf, len, "0");
  else if (a >= 1e5 || a < 1e-4) snprintf(buf, len, "%.2g", v);
  else if (a >= 100) snprintf(buf, len, "%.0f", v);
  else snprintf(buf, len, "%.3g", v);
  /* "1e-05" reads better as "1e-5" */
  char *e = strstr(buf, "e-0");
  if (e) memmove(e + 2, e + 3, strlen(e + 3) + 1);
  e = strstr(buf, "e+0");
  if (e) memmove(e + 1, e + 3, strlen(e + 3) + 1);
}

/* ---- text --------------------------------------------------------------- */

static PangoLayout *layout_for(cairo_t *cr, const char *text, chart_font f) {
  PangoLayout *l = pango_cairo_create_layout(cr);
  PangoFontDescription *d = pango_font_description_from_string(
      f == CHART_FONT_TITLE ? "Sans Bold 10.5" : f == CHART_FONT_SMALL ? "Sans 8" : "Sans 9");
  pango_layout_set_font_description(l, d);
  pango_font_description_free(d);
  pango_layout_set_text(l, text, -1);
  /* Pango's points at 96 dpi: fonts come out the same size on every surface */
  pango_cairo_context_set_resolution(pango_layout_get_context(l), 96);
  pango_cairo_update_layout(cr, l);
  return l;
}

void chart_text_size(cairo_t *cr, const char *text, chart_font f, double *w, double *h) {
  PangoLayout *l = layout_for(cr, text, f);
  int pw, ph;
  pango_layout_get_pixel_size(l, &pw, &ph);
  if (w) *w = pw;
  if (h) *h = ph;
  g_object_unref(l);
}

double chart_text(cairo_t *cr, const char *text, double x, double y, double ax, double ay, chart_font f) {
  PangoLayout *l = layout_for(cr, text, f);
  int pw, ph;
  pango_layout_get_pixel_size(l, &pw, &ph);
  cairo_move_to(cr, round(x - ax * pw), round(y - ay * ph));
  pango_cairo_show_layout(cr, l);
  g_object_unref(l);
  return pw;
}

/* ---- frame -------------------------------------------------------------- */

/* Ticks of a log axis: every decade, with 2 and 5 between when there is room. */
static int log_ticks(double lo, double hi, double height, double *t, int *major) {
  int n = 0, d0 = (int)floor(log10(lo) + 1e-9), d1 = (int)ceil(log10(hi) - 1e-9);
  int decades = d1 - d0 > 0 ? d1 - d0 : 1;
  int minor = height / decades > 90;
  for (int d = d0; d <= d1 && n < 60; d++) {
    static const double m[] = {1, 2, 5};
    for (int k = 0; k < (minor ? 3 : 1); k++) {
      double v = m[k] * pow(10, d);
      if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) continue;
      major[n] = k == 0;
      t[n++] = v;
    }
  }
  return n;
}

void chart_clip(cairo_t *cr, const chart_axes *a) {
  cairo_rectangle(cr, a->left, a->top, a->width, a->height);
  cairo_clip(cr);
}

/* The y ticks: every decade (and 2, 5) on a log axis, round numbers else. */
static int y_ticks(const chart_axes *a, double h, double *yt, int *ymajor) {
  if (a->log_y) return log_ticks(a->y0, a->y1, h, yt, ymajor);
  int ny = chart_nice_ticks(a->y0, a->y1, h > 260 ? 7 : 5, yt, NULL);
  for (int i = 0; i < ny; i++) ymajor[i] = 1;
  return ny;
}

void chart_layout_frame(cairo_t *cr, double w, double h, chart_axes *a, const chart_labels *l) {
  char buf[32];
  double tw, th, title_h = 0, ylab_w = 0;
  /* y ticks first: their labels' width decides where the plot area starts */
  double yt[64];
  int ymajor[64], ny = y_ticks(a, h, yt, ymajor);
  for (int i = 0; i < ny; i++) {
    chart_format_value(yt[i], buf, sizeof buf);
    chart_text_size(cr, buf, CHART_FONT_SMALL, &tw, &th);
    if (tw > ylab_w) ylab_w = tw;
  }
  if (l->title) {
    chart_text_size(cr, l->title, CHART_FONT_TITLE, NULL, &title_h);
    title_h += 10;
  }
  double lab_h = 0;
  chart_text_size(cr, "Xg", CHART_FONT_NORMAL, NULL, &lab_h);
  a->left = 14 + (l->y_label ? lab_h + 6 : 0) + ylab_w + 8;
  a->top = 10 + title_h + 4;
  a->width = w - a->left - 18 - l->right;
  a->height = h - a->top - (lab_h + 10) - (l->x_label ? lab_h + 6 : 0) - 6;
  if (a->width < 10) a->width = 10;
  if (a->height < 10) a->height = 10;
}

/* Date ticks on x: calendar steps, labelled without what they share. */
static void x_date_ticks(cairo_t *cr, const chart_theme *t, const chart_axes *a) {
  double ticks[64];
  char buf[40];
  const char *fmt = "%Y-%m-%d";
  int max = (int)(a->width / 95), n = chart_date_ticks(a->x0, a->x1, max < 2 ? 2 : max, ticks, &fmt);
  for (int i = 0; i < n; i++) {
    double x = floor(chart_px(a, ticks[i])) + 0.5;
    chart_set_rgb(cr, t->grid, 1);
    cairo_move_to(cr, x, a->top);
    cairo_line_to(cr, x, a->top + a->height);
    cairo_stroke(cr);
    time_t s = (time_t)ticks[i];
    struct tm tm;
    if (!gmtime_r(&s, &tm)) continue;
    strftime(buf, sizeof buf, fmt, &tm);
    chart_set_rgb(cr, t->muted, 1);
    chart_text(cr, buf, x, a->top + a->height + 5, 0.5, 0, CHART_FONT_SMALL);
  }
}

void chart_draw_frame(cairo_t *cr, double w, double h, const chart_theme *t, chart_axes *a, const chart_labels *l) {
  char buf[32];
  chart_set_rgb(cr, t->bg, 1);
  cairo_paint(cr);
  chart_layout_frame(cr, w, h, a, l);
  double yt[64];
  int ymajor[64], ny = y_ticks(a, h, yt, ymajor);

  if (l->title) {
    chart_set_rgb(cr, t->fg, 1);
    double x = chart_text(cr, l->title, 14, 10, 0, 0, CHART_FONT_TITLE);
    if (l->subtitle) {
      chart_set_rgb(cr, t->muted, 1);
      chart_text(cr, l->subtitle, 14 + x + 10, 10 + 2, 0, 0, CHART_FONT_NORMAL);
    }
  }
  /* plot background and grid (crisp: lines on half pixels) */
  cairo_set_line_width(cr, 1);
  cairo_set_dash(cr, NULL, 0, 0);
  for (int i = 0; i < ny; i++) {
    double y = floor(chart_py(a, yt[i])) + 0.5;
    chart_set_rgb(cr, t->grid, ymajor[i] ? 1 : 0.55);
    cairo_move_to(cr, a->left, y);
    cairo_line_to(cr, a->left + a->width, y);
    cairo_stroke(cr);
    if (ymajor[i] || !a->log_y || a->height / (ny + 1) > 16) {
      chart_format_value(yt[i], buf, sizeof buf);
      chart_set_rgb(cr, t->muted, 1);
      chart_text(cr, buf, a->left - 6, y, 1, 0.5, CHART_FONT_SMALL);
    }
  }
  double xt[64], step;
  int nx = l->x_dates ? 0 : chart_nice_ticks(a->x0, a->x1, a->width > 500 ? 11 : a->width > 250 ? 7 : 4, xt, &step);
  if (l->x_dates) x_date_ticks(cr, t, a);
  /* whole numbers (epochs, steps ahead): every one of them when they fit, else round steps of at least 1 */
  if (l->x_dates) {
    /* drawn above */
  } else if (l->x_integer && a->x1 - a->x0 <= 12 && a->width / (a->x1 - a->x0) > 28) {
    nx = 0;
    for (double v = ceil(a->x0); v <= a->x1 && nx < 64; v++) xt[nx++] = v;
  } else if (l->x_integer && step < 1) nx = chart_nice_ticks(a->x0, a->x1, (int)(a->x1 - a->x0) + 1, xt, &step);
  for (int i = 0; i < nx; i++) {
    double x = floor(chart_px(a, xt[i])) + 0.5;
    chart_set_rgb(cr, t->grid, 1);
    cairo_move_to(cr, x, a->top);
    cairo_line_to(cr, x, a->top + a->height);
    cairo_stroke(cr);
    chart_format_value(xt[i], buf, sizeof buf);
    chart_set_rgb(cr, t->muted, 1);
    chart_text(cr, buf, x, a->top + a->height + 5, 0.5, 0, CHART_FONT_SMALL);
  }
  chart_set_rgb(cr, t->frame, 1);
  cairo_rectangle(cr, floor(a->left) + 0.5, floor(a->top) + 0.5, floor(a->width), floor(a->height));
  cairo_stroke(cr);
  chart_set_rgb(cr, t->fg, 0.85);
  if (l->x_label) chart_text(cr, l->x_label, a->left + a->width / 2, h - 6, 0.5, 1, CHART_FONT_NORMAL);
  if (l->y_label) {
    cairo_save(cr);
    cairo_translate(cr, 10, a->top + a->height / 2);
    cairo_rotate(cr, -M_PI / 2);
    chart_text(cr, l->y_label, 0, 0, 0.5, 0, CHART_FONT_NORMAL);
    cairo_restore(cr);
  }
}

/* ---- legend and readout ------------------------------------------------- */

static void rounded_box(cairo_t *cr, double x, double y, double w, double h, double r) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
  cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
  cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
  cairo_close_path(cr);
}

static void box(cairo_t *cr, const chart_theme *t, double x, double y, double w, double h) {
  rounded_box(cr, x, y, w, h, 4);
  chart_set_rgb(cr, t->bg, 0.88);
  cairo_fill_preserve(cr);
  chart_set_rgb(cr, t->frame, 0.7);
  cairo_set_line_width(cr, 1);
  cairo_set_dash(cr, NULL, 0, 0);
  cairo_stroke(cr);
}

#define LEGEND_SAMPLE 26
#define LEGEND_PAD 7

static void legend_size(cairo_t *cr, const chart_legend_item *items, int n, double *w, double *h, double *row_out) {
  double row = 0, maxw = 0, tw, th;
  for (int i = 0; i < n; i++) {
    chart_text_size(cr, items[i].label, CHART_FONT_SMALL, &tw, &th);
    if (tw > maxw) maxw = tw;
    if (th > row) row = th;
  }
  row += 3;
  *w = LEGEND_PAD + LEGEND_SAMPLE + 6 + maxw + LEGEND_PAD;
  *h = LEGEND_PAD * 2 + row * n - 3;
  *row_out = row;
}

double chart_legend_width(cairo_t *cr, const chart_legend_item *items, int n) {
  double w, h, row;
  if (n <= 0) return 0;
  legend_size(cr, items, n, &w, &h, &row);
  return w + 10;
}

static void legend_origin(const chart_axes *a, chart_legend_place place, double bw, double bh, double *x, double *y) {
  int left = place == CHART_LEGEND_TOP_LEFT || place == CHART_LEGEND_BOTTOM_LEFT;
  int bottom = place == CHART_LEGEND_BOTTOM_LEFT || place == CHART_LEGEND_BOTTOM_RIGHT;
  *x = place == CHART_LEGEND_OUTSIDE ? a->left + a->width + 10 : left ? a->left + 8 : a->left + a->width - bw - 8;
  *y = place == CHART_LEGEND_OUTSIDE ? a->top : bottom ? a->top + a->height - bh - 8 : a->top + 8;
}

chart_legend_place chart_legend_best_corner(cairo_t *cr, const chart_axes *a, const chart_legend_item *items, int ni,
                                            const double *x, const double *y, int n) {
  return chart_legend_corner_hiding(cr, a, items, ni, x, y, n, NULL);
}

chart_legend_place chart_legend_corner_hiding(cairo_t *cr, const chart_axes *a, const chart_legend_item *items, int ni,
                                              const double *x, const double *y, int n, int *hidden) {
  static const chart_legend_place order[4] = {CHART_LEGEND_TOP_RIGHT, CHART_LEGEND_BOTTOM_LEFT,
                                              CHART_LEGEND_TOP_LEFT, CHART_LEGEND_BOTTOM_RIGHT};
  double bw, bh, row, best_x, best_y;
  if (hidden) *hidden = 0;
  if (ni <= 0) return CHART_LEGEND_TOP_RIGHT;
  legend_size(cr, items, ni, &bw, &bh, &row);
  int best = -1, best_hits = 0;
  for (int c = 0; c < 4; c++) {
    legend_origin(a, order[c], bw, bh, &best_x, &best_y);
    int hits = 0;
    for (int i = 0; i < n; i++) {
      if (!isfinite(x[i]) || !isfinite(y[i]) || (a->log_y && y[i] <= 0)) continue;
      double px = chart_px(a, x[i]), py = chart_py(a, y[i]);
      hits += px >= best_x - 4 && px <= best_x + bw + 4 && py >= best_y - 4 && py <= best_y + bh + 4;
    }
    if (best < 0 || hits < best_hits) best = c, best_hits = hits;
  }
  if (hidden) *hidden = best_hits;
  return order[best];
}

chart_legend_place chart_legend_fit(cairo_t *cr, double w, double h, chart_axes *a, chart_labels *l,
                                    const chart_legend_item *items, int ni, const double *x, const double *y, int n) {
  int hidden = 0;
  chart_layout_frame(cr, w, h, a, l);
  chart_legend_place corner = chart_legend_corner_hiding(cr, a, items, ni, x, y, n, &hidden);
  double lw = chart_legend_width(cr, items, ni), bw, bh, row;
  if (hidden == 0 || ni <= 0) return corner;
  legend_size(cr, items, ni, &bw, &bh, &row);
  /* outside, when the plot keeps most of the width and the legend fits the height */
  if (a->width - lw < 0.55 * w || bh > a->height + 30) return corner;
  l->right += lw;
  chart_layout_frame(cr, w, h, a, l);
  return CHART_LEGEND_OUTSIDE;
}

void chart_draw_legend(cairo_t *cr, const chart_theme *t, const chart_axes *a, const chart_legend_item *items, int n,
                       chart_legend_place place) {
  if (n <= 0) return;
  double bw, bh, row, sample = LEGEND_SAMPLE, pad = LEGEND_PAD;
  legend_size(cr, items, n, &bw, &bh, &row);
  double x, y;
  legend_origin(a, place, bw, bh, &x, &y);
  box(cr, t, x, y, bw, bh);
  for (int i = 0; i < n; i++) {
    const chart_legend_item *it = &items[i];
    double cy = y + pad + row * i + (row - 3) / 2;
    chart_set_rgb(cr, it->colour, 1);
    if (it->line != CHART_LINE_NONE) {
      chart_set_line(cr, it->line, it->width > 0 ? it->width : 1.5);
      cairo_move_to(cr, x + pad, cy);
      cairo_line_to(cr, x + pad + sample, cy);
      cairo_stroke(cr);
    }
    chart_set_line(cr, CHART_LINE_SOLID, 1.3);
    if (it->mark != CHART_MARK_NONE) chart_marker(cr, it->mark, x + pad + sample / 2, cy, 7);
    chart_set_rgb(cr, t->fg, 1);
    chart_text(cr, it->label, x + pad + sample + 6, cy, 0, 0.5, CHART_FONT_SMALL);
  }
}

void chart_draw_readout(cairo_t *cr, const chart_theme *t, const chart_axes *a, double px, double py,
                        const char *const *lines, int n) {
  double maxw = 0, row = 0, tw, th;
  for (int i = 0; i < n; i++) {
    chart_text_size(cr, lines[i], i ? CHART_FONT_SMALL : CHART_FONT_NORMAL, &tw, &th);
    if (tw > maxw) maxw = tw;
    if (th > row) row = th;
  }
  double bw = maxw + 14, bh = row * n + 10;
  /* beside the point, flipped to stay inside the plot area */
  double x = px + 12, y = py - bh - 8;
  if (x + bw > a->left + a->width) x = px - 12 - bw;
  if (y < a->top) y = py + 12;
  box(cr, t, x, y, bw, bh);
  for (int i = 0; i < n; i++) {
    chart_set_rgb(cr, i ? t->muted : t->fg, 1);
    chart_text(cr, lines[i], x + 7, y + 5 + row * i, 0, 0, i ? CHART_FONT_SMALL : CHART_FONT_NORMAL);
  }
}

void chart_draw_empty(cairo_t *cr, const chart_theme *t, double w, double h, const char *title, const char *message) {
  chart_set_rgb(cr, t->bg, 1);
  cairo_paint(cr);
  if (title) {
    chart_set_rgb(cr, t->fg, 1);
    chart_text(cr, title, 14, 10, 0, 0, CHART_FONT_TITLE);
  }
  chart_set_rgb(cr, t->muted, 1);
  chart_text(cr, message, w / 2, h / 2, 0.5, 0.5, CHART_FONT_NORMAL);
}
