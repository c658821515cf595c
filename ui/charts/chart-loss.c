/* chart-loss.c: the learning curves of chart-loss.h.
 *
 * Each run or group is reduced first to four banded series (chart-band.h):
 * the smoothed per-batch loss, the epoch means, the validation loss and,
 * for sequence-to-sequence runs, the last step's validation MSE.  A run
 * alone is a group of one, whose band is its line.  Everything after that
 * (the axes, the legend, the pointer) reads those series only.
 */
#include "chart-loss.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chart-band.h"

void chart_loss_smooth_with(const float *loss, int n, double alpha, float *out) {
  double s = 0, w = 0; /* w = 1 - α^(i+1): the debiasing weight */
  for (int i = 0; i < n; i++) {
    if (!isfinite(loss[i])) {
      out[i] = NAN;
      continue;
    }
    s = alpha * s + (1 - alpha) * loss[i];
    w = alpha * w + (1 - alpha);
    out[i] = (float)(s / w);
  }
}

void chart_loss_smooth(const float *loss, int n, float *out) { chart_loss_smooth_with(loss, n, CHART_LOSS_SMOOTHING, out); }

/* ---- labels ----------------------------------------------------------------- */

void chart_series_unit(const ur_run *r, char *buf, size_t len) {
  buf[0] = 0;
  const char *name = r->data.csv.path[0] ? r->data.csv.target : "";
  const char *open = strrchr(name, '('), *close = open ? strchr(open, ')') : NULL;
  if (!open) open = strrchr(name, '['), close = open ? strchr(open, ']') : NULL;
  if (open && close && close > open + 1) snprintf(buf, len, "%.*s", (int)(close - open - 1), open + 1);
}

void chart_loss_y_label(const ur_run *r, int log_y, char *buf, size_t len) {
  const char *what = r->train.loss == UR_LOSS_MAE ? "MAE" : r->train.loss == UR_LOSS_HUBER ? "Huber loss" : "MSE";
  const char *scale = log_y ? ", log scale" : "";
  char unit[128];
  chart_series_unit(r, unit, sizeof unit);
  if (!r->data.csv.path[0]) snprintf(buf, len, "%s%s%s%s", what, *scale ? " (" : "", *scale ? scale + 2 : "", *scale ? ")" : "");
  else if (r->train.loss == UR_LOSS_HUBER) snprintf(buf, len, "%s (standardised%s)", what, scale);
  else if (!r->loss_in_units) snprintf(buf, len, "%s (the model's scaled values%s)", what, scale);
  else if (unit[0]) snprintf(buf, len, "%s (%s%s%s)", what, unit, r->train.loss == UR_LOSS_MSE ? "²" : "", scale);
  else snprintf(buf, len, "%s (%s units%s%s)", what, r->data.csv.target, r->train.loss == UR_LOSS_MSE ? "²" : "", scale);
}

void chart_loss_baselines(const ur_run *const *runs, int n, double *naive, double *linear, double *snaive, char *note,
                          size_t len) {
  *naive = *linear = *snaive = NAN;
  if (note) note[0] = 0;
  if (n < 1) return;
  for (int i = 1; i < n; i++)
    if (!ur_run_data_same(&runs[0]->data, &runs[i]->data)) {
      /* a one-step run's baselines under a 10-step one's curves would mislead */
      if (note) snprintf(note, len, "no baselines: the runs forecast on other data or horizons");
      return;
    }
  *naive = runs[0]->naive_mse;
  *linear = runs[0]->linear_mse;
  *snaive = runs[0]->snaive_mse;
}

void chart_mse_label(const ur_run *r, char *buf, size_t len) {
  char unit[128];
  chart_series_unit(r, unit, sizeof unit);
  if (!r->data.csv.path[0]) snprintf(buf, len, "MSE");
  else if (unit[0]) snprintf(buf, len, "MSE (%s²)", unit);
  else snprintf(buf, len, "MSE (%s units²)", r->data.csv.target);
}

/* ---- a run or group as banded series -------------------------------------- */

typedef struct {
  int n;
  double *x, *med, *lo, *hi;
} series;

enum { S_BATCH, S_EPOCH, S_VAL, S_LAST, N_SERIES };

typedef struct {
  const ur_run *run;
  const char *label;
  const ur_run **m; /* the members drawn: a diverged one's losses explode, so it is left out */
  int k;
  int emphasis, seq;
  chart_rgb colour;
  float **smooth;   /* k: each member's smoothed batches */
  series s[N_SERIES];
} prepared;

static int is_seq2seq(const ur_run *r) {
  return r->data.task == UR_TASK_SEQ2SEQ || r->data.task == UR_TASK_SEQ2SEQ_CONV;
}

static double batch_value(const void *c, int j, int i) {
  const prepared *p = c;
  return i < p->m[j]->n_batches ? p->smooth[j][i] : NAN;
}
static double epoch_field(const prepared *p, int j, int i, int s) {
  const ur_run *r = p->m[j];
  if (i >= r->n_epochs) return NAN;
  return s == S_EPOCH ? r->epochs[i].loss : s == S_VAL ? r->epochs[i].val_loss : r->epochs[i].val_last_mse;
}
static double epoch_loss(const void *c, int j, int i) { return epoch_field(c, j, i, S_EPOCH); }
static double epoch_val(const void *c, int j, int i) { return epoch_field(c, j, i, S_VAL); }
static double epoch_last(const void *c, int j, int i) { return epoch_field(c, j, i, S_LAST); }

static int series_alloc(series *s, int n) {
  s->n = n;
  s->x = malloc(sizeof(double) * 4 * ((size_t)n + 1));
  if (!s->x) return -1;
  s->med = s->x + n + 1;
  s->lo = s->med + n + 1;
  s->hi = s->lo + n + 1;
  return 0;
}

static void prepared_free(prepared *p) {
  for (int j = 0; p->smooth && j < p->k; j++) free(p->smooth[j]);
  free(p->smooth);
  free(p->m);
  for (int s = 0; s < N_SERIES; s++) free(p->s[s].x);
}

static int diverged(const ur_run *r) { return !strcmp(r->stop, ur_stop_reason_name(UR_STOP_DIVERGED)); }

/* The members to draw: all but the diverged ones, unless every one diverged. */
static int pick_members(prepared *p, const chart_loss_run *lr) {
  const ur_run *const *all = lr->members ? lr->members : &lr->run;
  int n = lr->members ? lr->n_members : 1;
  p->m = malloc(sizeof *p->m * (size_t)(n > 0 ? n : 1));
  if (!p->m) return -1;
  for (int pass = 0; pass < 2 && p->k == 0; pass++)
    for (int j = 0; j < n; j++)
      if (all[j] && (pass || !diverged(all[j]))) p->m[p->k++] = all[j];
  return 0;
}

static int prepare_one(prepared *p, const chart_loss_run *lr, double alpha) {
  memset(p, 0, sizeof *p);
  p->run = lr->run;
  p->label = lr->label ? lr->label : lr->run->name;
  p->emphasis = lr->emphasis;
  p->colour = chart_run_colour(lr->run->colour);
  if (pick_members(p, lr) != 0 || p->k == 0) return -1;
  p->smooth = calloc((size_t)p->k, sizeof *p->smooth);
  if (!p->smooth) return -1;
  int nb = 0, ne = 0, per = 1;
  for (int j = 0; j < p->k; j++) {
    const ur_run *r = p->m[j];
    p->smooth[j] = malloc(sizeof(float) * ((size_t)r->n_batches + 1));
    if (!p->smooth[j]) return -1;
    chart_loss_smooth_with(r->batch_loss, r->n_batches, alpha, p->smooth[j]);
    if (r->n_batches > nb) nb = r->n_batches;
    if (r->n_epochs > ne) ne = r->n_epochs;
    if (r->batches_per_epoch > per) per = r->batches_per_epoch;
    p->seq |= is_seq2seq(r);
  }
  if (series_alloc(&p->s[S_BATCH], nb) || series_alloc(&p->s[S_EPOCH], ne) || series_alloc(&p->s[S_VAL], ne) ||
      series_alloc(&p->s[S_LAST], p->seq ? ne : 0))
    return -1;
  for (int i = 0; i < nb; i++) p->s[S_BATCH].x[i] = (double)(i + 1) / per;
  for (int i = 0; i < ne; i++) {
    p->s[S_EPOCH].x[i] = i + 0.5;
    p->s[S_VAL].x[i] = i + 1.0;
    if (p->seq) p->s[S_LAST].x[i] = i + 1.0;
  }
  static const chart_value_fn get[N_SERIES] = {batch_value, epoch_loss, epoch_val, epoch_last};
  for (int s = 0; s < N_SERIES; s++) chart_band_stats(get[s], p, p->k, p->s[s].n, p->s[s].med, p->s[s].lo, p->s[s].hi);
  return 0;
}

/* ---- axes ------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef struct {
  double lo, hi;
  int log;
} span;

static void take(span *s, double v) {
  if (!isfinite(v) || (s->log && v <= 0)) return;
  if (v < s->lo) s->lo = v;
  if (v > s->hi) s->hi = v;
}

static void take_series(span *s, const series *se) {
  for (int i = 0; i < se->n; i++) take(s, se->lo[i]), take(s, se->hi[i]), take(s, se->med[i]);
}

/* y range: every epoch-level line with its band, and the baselines; on a
 * log axis every smoothed batch value too.  On a linear axis the first
 * batches' losses, ten times the rest, would flatten everything else: the
 * smoothed curves count up to their 90th percentile there (the log axis
 * shows them whole). */
static void y_range(const prepared *p, int n, const chart_loss_input *in, double *lo_out, double *hi_out) {
  span s = {INFINITY, -INFINITY, in->log_y};
  int have_epoch = 0;
  for (int k = 0; k < n; k++)
    for (int e = S_EPOCH; e < N_SERIES; e++) {
      take_series(&s, &p[k].s[e]);
      have_epoch |= p[k].s[e].n > 0;
    }
  take(&s, in->naive_mse);
  take(&s, in->linear_mse);
  if (in->snaive_mse > 0) take(&s, in->snaive_mse);
  for (int k = 0; k < n && (in->log_y || !have_epoch); k++) {
    const series *b = &p[k].s[S_BATCH];
    if (!b->n) continue;
    if (in->log_y) {
      take_series(&s, b);
      continue;
    }
    double *c = malloc(sizeof(double) * (size_t)b->n);
    if (!c) continue;
    int m = 0;
    for (int i = 0; i < b->n; i++)
      if (isfinite(b->hi[i])) c[m++] = b->hi[i];
    if (m) {
      qsort(c, (size_t)m, sizeof(double), cmp_double);
      take(&s, c[m * 9 / 10]);
      take(&s, c[0]);
    }
    free(c);
  }
  if (!isfinite(s.lo)) s.lo = in->log_y ? 1e-3 : 0, s.hi = 1;
  if (in->log_y) {
    chart_nice_range(&s.lo, &s.hi, 1);
  } else {
    s.lo = 0;
    s.hi *= 1.08;
    chart_nice_range(&s.lo, &s.hi, 0);
  }
  *lo_out = s.lo;
  *hi_out = s.hi;
}

/* ---- drawing --------------------------------------------------------------- */

static void baseline_line(cairo_t *cr, const chart_theme *t, const chart_axes *a, double v, chart_baseline b) {
  if (!isfinite(v) || v <= 0 || v < a->y0 || v > a->y1) return;
  chart_rgb c = chart_baseline_colour(t, b);
  double y = round(chart_py(a, v)) + 0.5;
  chart_set_rgb(cr, c, 0.95);
  chart_set_line(cr, chart_baseline_line(b), 1.4);
  cairo_move_to(cr, a->left, y);
  cairo_line_to(cr, a->left + a->width, y);
  cairo_stroke(cr);
  char buf[32], label[64];
  chart_format_value(v, buf, sizeof buf);
  snprintf(label, sizeof label, "%s %s", chart_baseline_name(b), buf);
  /* at the left end, on a patch of background so that a curve passing
   * behind does not hide it; the seasonal naive's a little further in, as
   * it is often close to the naive's */
  double tw, th, x = a->left + 3 + (b == CHART_BASELINE_SNAIVE ? a->width * 0.3 : b == CHART_BASELINE_LINEAR ? a->width * 0.15 : 0);
  chart_text_size(cr, label, CHART_FONT_SMALL, &tw, &th);
  chart_set_rgb(cr, t->bg, 0.85);
  cairo_rectangle(cr, x, y - th - 2, tw + 6, th);
  cairo_fill(cr);
  chart_set_rgb(cr, c, 1);
  chart_text(cr, label, x + 3, y - 2, 0, 1, CHART_FONT_SMALL);
}

/* A polyline through a series' finite points (every stride-th); a gap where one is missing. */
static void polyline(cairo_t *cr, const chart_axes *a, int n, const double *x, const double *y, int stride) {
  int pen = 0;
  for (int i = 0; i < n; i += stride) {
    if (!isfinite(y[i]) || (a->log_y && y[i] <= 0)) {
      pen = 0;
      continue;
    }
    double px = chart_px(a, x[i]), py = chart_py(a, y[i]);
    if (pen) cairo_line_to(cr, px, py);
    else cairo_move_to(cr, px, py);
    pen = 1;
  }
  cairo_stroke(cr);
}

/* A band thinned to every stride-th point (the batches are far more than pixels). */
static void thinned_band(cairo_t *cr, const chart_axes *a, const series *s, int stride) {
  if (stride <= 1) {
    chart_band(cr, a, s->n, s->x, s->lo, s->hi);
    return;
  }
  int m = (s->n + stride - 1) / stride;
  double *b = malloc(sizeof(double) * 3 * (size_t)(m + 1));
  if (!b) return;
  for (int i = 0, j = 0; i < s->n; i += stride, j++) b[j] = s->x[i], b[m + 1 + j] = s->lo[i], b[2 * (m + 1) + j] = s->hi[i];
  chart_band(cr, a, m, b, b + m + 1, b + 2 * (m + 1));
  free(b);
}

static void open_circles(cairo_t *cr, const chart_axes *a, const series *s, chart_rgb c, chart_rgb bg) {
  chart_set_line(cr, CHART_LINE_SOLID, 1.5);
  for (int e = 0; e < s->n; e++) {
    if (!isfinite(s->med[e]) || (a->log_y && s->med[e] <= 0)) continue;
    cairo_new_sub_path(cr);
    cairo_arc(cr, chart_px(a, s->x[e]), chart_py(a, s->med[e]), 3.6, 0, 2 * M_PI);
    chart_set_rgb(cr, bg, 1);
    cairo_fill_preserve(cr);
    chart_set_rgb(cr, c, 1);
    cairo_stroke(cr);
  }
}

static void draw_run(cairo_t *cr, const chart_axes *a, const prepared *p, int show_raw, chart_rgb bg) {
  const series *b = &p->s[S_BATCH];
  int stride = b->n > a->width * 3 ? (int)(b->n / (a->width * 3)) + 1 : 1;
  if (p->k > 1) { /* the bands under every line */
    chart_set_rgb(cr, p->colour, 0.16);
    thinned_band(cr, a, b, stride);
    chart_set_rgb(cr, p->colour, 0.12);
    chart_band(cr, a, p->s[S_VAL].n, p->s[S_VAL].x, p->s[S_VAL].lo, p->s[S_VAL].hi);
    if (p->seq) chart_band(cr, a, p->s[S_LAST].n, p->s[S_LAST].x, p->s[S_LAST].lo, p->s[S_LAST].hi);
  }
  if (show_raw && p->k == 1 && p->m[0]->n_batches) {
    const ur_run *r = p->m[0];
    double *raw = malloc(sizeof(double) * (size_t)r->n_batches);
    if (raw) {
      for (int i = 0; i < r->n_batches; i++) raw[i] = r->batch_loss[i];
      chart_set_rgb(cr, p->colour, 0.22);
      chart_set_line(cr, CHART_LINE_SOLID, 1);
      polyline(cr, a, r->n_batches, b->x, raw, stride);
      free(raw);
    }
  }
  if (b->n) {
    chart_set_rgb(cr, p->colour, 1);
    chart_set_line(cr, CHART_LINE_SOLID, p->emphasis ? 2 : 1.6);
    polyline(cr, a, b->n, b->x, b->med, stride);
  }
  const series *e = &p->s[S_EPOCH];
  if (e->n) {
    /* epoch means: filled squares on their range; validation: dashed with open circles */
    chart_set_rgb(cr, p->colour, 1);
    chart_set_line(cr, CHART_LINE_SOLID, 1.2);
    for (int i = 0; i < e->n && p->k > 1; i++)
      if (isfinite(e->lo[i]) && (!a->log_y || e->lo[i] > 0)) {
        double x = round(chart_px(a, e->x[i])) + 0.5;
        cairo_move_to(cr, x, chart_py(a, e->lo[i]));
        cairo_line_to(cr, x, chart_py(a, e->hi[i]));
        cairo_stroke(cr);
      }
    for (int i = 0; i < e->n; i++)
      if (isfinite(e->med[i]) && (!a->log_y || e->med[i] > 0))
        chart_marker(cr, CHART_MARK_SQUARE, chart_px(a, e->x[i]), chart_py(a, e->med[i]), 8);
    chart_set_line(cr, CHART_LINE_DASHED, 1.8);
    polyline(cr, a, p->s[S_VAL].n, p->s[S_VAL].x, p->s[S_VAL].med, 1);
    open_circles(cr, a, &p->s[S_VAL], p->colour, bg);
    if (p->seq) {
      chart_set_rgb(cr, p->colour, 1);
      chart_set_line(cr, CHART_LINE_DOTTED, 2);
      polyline(cr, a, p->s[S_LAST].n, p->s[S_LAST].x, p->s[S_LAST].med, 1);
    }
  }
}

/* The value under the pointer: the nearest drawn point within reach, else
 * the axis values at the pointer. */
static void draw_hover(cairo_t *cr, const chart_theme *t, const chart_axes *a, const prepared *p, int n, double hx,
                       double hy) {
  if (!chart_inside(a, hx, hy)) return;
  double best = 20 * 20, bxp = 0, byp = 0;
  const prepared *br = NULL;
  int kind = -1, idx = 0;
  for (int k = 0; k < n; k++)
    for (int s = 0; s < N_SERIES; s++) {
      const series *se = &p[k].s[s];
      for (int i = 0; i < se->n; i++) {
        double v = se->med[i], x = chart_px(a, se->x[i]);
        if (fabs(x - hx) > 20 || !isfinite(v) || (a->log_y && v <= 0)) continue;
        double y = chart_py(a, v), d = (x - hx) * (x - hx) + (y - hy) * (y - hy);
        /* epoch points win ties with the batches under them */
        if (s == S_BATCH ? d < best : d <= best + 9) best = d, bxp = x, byp = y, br = &p[k], kind = s, idx = i;
      }
    }
  char l0[96], l1[128], l2[96], l3[96], v[32], lo[32], hi[32];
  const char *lines[4] = {l0, l1, l2, l3};
  cairo_save(cr);
  chart_set_rgb(cr, t->muted, 0.6);
  chart_set_line(cr, CHART_LINE_DOTTED, 1);
  double cx = br ? bxp : hx;
  cairo_move_to(cr, round(cx) + 0.5, a->top);
  cairo_line_to(cr, round(cx) + 0.5, a->top + a->height);
  cairo_stroke(cr);
  cairo_restore(cr);
  if (!br) {
    chart_format_value(chart_data_y(a, hy), v, sizeof v);
    snprintf(l0, sizeof l0, "loss %s", v);
    snprintf(l1, sizeof l1, "epoch %.2f", chart_data_x(a, hx));
    chart_draw_readout(cr, t, a, hx, hy, lines, 2);
    return;
  }
  const series *se = &br->s[kind];
  chart_set_rgb(cr, br->colour, 1);
  chart_set_line(cr, CHART_LINE_SOLID, 2);
  cairo_new_sub_path(cr);
  cairo_arc(cr, bxp, byp, 5.5, 0, 2 * M_PI);
  cairo_stroke(cr);
  int nl = 3;
  if (br->k > 1) snprintf(l0, sizeof l0, "%s (median of %d)", br->label, br->k);
  else snprintf(l0, sizeof l0, "%s", br->label[0] ? br->label : "run");
  chart_format_value(se->med[idx], v, sizeof v);
  if (kind == S_BATCH) {
    const ur_run *r = br->m[0];
    int per = r->batches_per_epoch > 0 ? r->batches_per_epoch : 1;
    snprintf(l1, sizeof l1, "training %s (smoothed)", v);
    if (br->k == 1) {
      chart_format_value(r->batch_loss[idx], v, sizeof v);
      snprintf(l2, sizeof l2, "epoch %d, batch %d: %s", idx / per + 1, idx % per + 1, v);
    } else {
      snprintf(l2, sizeof l2, "epoch %d, batch %d", idx / per + 1, idx % per + 1);
    }
  } else {
    snprintf(l1, sizeof l1, "%s %s",
             kind == S_EPOCH ? "training (epoch mean)" : kind == S_VAL ? "validation" : "validation, last step", v);
    snprintf(l2, sizeof l2, "epoch %d", idx + 1);
  }
  if (br->k > 1) {
    chart_format_value(se->lo[idx], lo, sizeof lo);
    chart_format_value(se->hi[idx], hi, sizeof hi);
    snprintf(l3, sizeof l3, "seeds span %s – %s", lo, hi);
    nl = 4;
  }
  chart_draw_readout(cr, t, a, bxp, byp, lines, nl);
}

/* The legend: the runs by colour, then what each line style means. */
static int legend_items(const prepared *p, int n, const chart_loss_input *in, const chart_theme *t, double h,
                        chart_legend_item *items, int max) {
  int ni = 0, any_seq = 0, any_epoch = 0, any_batch = 0, k_max = 1;
  for (int k = 0; k < n; k++) {
    any_seq |= p[k].seq && p[k].s[S_LAST].n;
    any_epoch |= p[k].s[S_EPOCH].n > 0;
    any_batch |= p[k].s[S_BATCH].n > 0;
    if (p[k].k > k_max) k_max = p[k].k;
  }
  if (n > 1)
    for (int k = 0; k < n && ni < max - 8; k++)
      items[ni++] = (chart_legend_item){p[k].label, p[k].colour, CHART_LINE_SOLID, CHART_MARK_NONE, 3};
  chart_rgb style = n > 1 ? t->muted : p[0].colour;
  if (any_batch) items[ni++] = (chart_legend_item){"training, per batch (smoothed)", style, CHART_LINE_SOLID, CHART_MARK_NONE, 1.8};
  if (any_epoch) {
    items[ni++] = (chart_legend_item){"training, epoch mean", style, CHART_LINE_NONE, CHART_MARK_SQUARE, 1.5};
    items[ni++] = (chart_legend_item){"validation", style, CHART_LINE_DASHED, CHART_MARK_CIRCLE, 1.8};
  }
  if (any_seq) items[ni++] = (chart_legend_item){"validation, last step", style, CHART_LINE_DOTTED, CHART_MARK_NONE, 2};
  if (k_max > 1) items[ni++] = (chart_legend_item){"median, and min–max over seeds", style, CHART_LINE_NONE, CHART_MARK_BAND, 1};
  /* the baselines are labelled on their lines: a small chart has no room to say it twice */
  double base[3] = {in->naive_mse, in->linear_mse, in->snaive_mse};
  static const char *names[3] = {"naive baseline", "linear baseline", "seasonal naive baseline"};
  for (int b = 0; b < 3 && h > 360; b++)
    if (isfinite(base[b]) && base[b] > 0)
      items[ni++] = (chart_legend_item){names[b], chart_baseline_colour(t, (chart_baseline)b), chart_baseline_line((chart_baseline)b),
                                        CHART_MARK_NONE, 1.4};
  return ni;
}

/* Every drawn point, thinned to a few hundred a run: what the legend must not hide. */
static int drawn_points(const prepared *p, int n, double **px, double **py) {
  int cap = 0;
  for (int k = 0; k < n; k++) cap += 2 * 400 + 6 * p[k].s[S_EPOCH].n + 2 * p[k].s[S_LAST].n;
  *px = malloc(sizeof(double) * (size_t)(cap + 1));
  *py = malloc(sizeof(double) * (size_t)(cap + 1));
  if (!*px || !*py) return 0;
  int np = 0;
  for (int k = 0; k < n; k++)
    for (int s = 0; s < N_SERIES; s++) {
      const series *se = &p[k].s[s];
      int step = se->n / 400 + 1;
      for (int i = 0; i < se->n && np + 2 <= cap; i += step) {
        (*px)[np] = se->x[i], (*py)[np++] = se->med[i];
        if (p[k].k > 1 && s != S_BATCH) (*px)[np] = se->x[i], (*py)[np++] = se->hi[i];
      }
    }
  return np;
}

void chart_draw_loss(cairo_t *cr, double w, double h, const chart_theme *t, const chart_loss_input *in) {
  const char *title = in->title ? in->title : "Learning curves";
  int n = 0;
  prepared *p = calloc((size_t)(in->n_runs > 0 ? in->n_runs : 1), sizeof *p);
  if (!p) return;
  double alpha = in->smoothing > 0 && in->smoothing < 1 ? in->smoothing : CHART_LOSS_SMOOTHING;
  double x1 = in->min_epochs > 0 ? in->min_epochs : 0;
  /* the emphasised run last, so it is drawn on top */
  for (int pass = 0; pass < 2; pass++)
    for (int k = 0; k < in->n_runs; k++) {
      const chart_loss_run *lr = &in->runs[k];
      if (!lr->run || (lr->emphasis != 0) != (pass == 1)) continue;
      if (prepare_one(&p[n], lr, alpha) != 0) {
        prepared_free(&p[n]);
        memset(&p[n], 0, sizeof p[n]);
        continue;
      }
      const series *b = &p[n].s[S_BATCH];
      if (b->n) x1 = fmax(x1, b->x[b->n - 1]);
      x1 = fmax(x1, p[n].s[S_EPOCH].n);
      n++;
    }
  if (n == 0) {
    chart_draw_empty(cr, t, w, h, title, "No training yet: press Train, or select runs to compare");
    free(p);
    return;
  }
  chart_axes a = {0, x1 > 0 ? ceil(x1 - 1e-9) : 1, 0, 1, in->log_y, 0, 0, 0, 0};
  if (a.x1 < 1) a.x1 = 1;
  y_range(p, n, in, &a.y0, &a.y1);
  chart_apply_view(&a, in->view);
  char sub[256] = "";
  int groups = 0; /* a curve of several seeds is a group's median */
  for (int k = 0; k < n; k++) groups |= p[k].k > 1;
  int o = n == 1 ? snprintf(sub, sizeof sub, "%s", p[0].label)
                 : snprintf(sub, sizeof sub, "%d %s", n, groups ? "groups" : "runs");
  if (n == 1 && p[0].k > 1) o += snprintf(sub + o, sizeof sub - (size_t)o, " · median of %d seeds", p[0].k);
  if (in->note && in->note[0] && o < (int)sizeof sub) snprintf(sub + o, sizeof sub - (size_t)o, " · %s", in->note);
  chart_labels labels = {.title = title, .subtitle = sub, .x_label = "epoch", .y_label = in->y_label ? in->y_label : "loss",
                         .x_integer = 1};
  chart_legend_item items[48];
  int ni = legend_items(p, n, in, t, h, items, 48);
  double *px, *py;
  int np = drawn_points(p, n, &px, &py);
  chart_legend_place place = px && py ? chart_legend_fit(cr, w, h, &a, &labels, items, ni, px, py, np) : CHART_LEGEND_TOP_RIGHT;
  free(px);
  free(py);
  chart_draw_frame(cr, w, h, t, &a, &labels);

  cairo_save(cr);
  chart_clip(cr, &a);
  baseline_line(cr, t, &a, in->naive_mse, CHART_BASELINE_NAIVE);
  baseline_line(cr, t, &a, in->linear_mse, CHART_BASELINE_LINEAR);
  baseline_line(cr, t, &a, in->snaive_mse, CHART_BASELINE_SNAIVE);
  for (int k = 0; k < n; k++) draw_run(cr, &a, &p[k], n == 1 || p[k].emphasis, t->bg);
  cairo_restore(cr);
  chart_draw_legend(cr, t, &a, items, ni, place);

  if (in->hover) draw_hover(cr, t, &a, p, n, in->hover_x, in->hover_y);
  if (in->axes_out) *in->axes_out = a;
  for (int k = 0; k < n; k++) prepared_free(&p[k]);
  free(p);
}
