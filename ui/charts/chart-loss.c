/* chart-loss.c: the learning curves of chart-loss.h. */
#include "chart-loss.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void chart_loss_smooth(const float *loss, int n, float *out) {
  double s = 0, w = 0; /* w = 1 - α^(i+1): the debiasing weight */
  for (int i = 0; i < n; i++) {
    if (!isfinite(loss[i])) {
      out[i] = NAN;
      continue;
    }
    s = CHART_LOSS_SMOOTHING * s + (1 - CHART_LOSS_SMOOTHING) * loss[i];
    w = CHART_LOSS_SMOOTHING * w + (1 - CHART_LOSS_SMOOTHING);
    out[i] = (float)(s / w);
  }
}

/* One run's smoothed batch curve, computed once per draw. */
typedef struct {
  const ur_run *run;
  float *smooth; /* n_batches */
  int emphasis;
  chart_rgb colour;
} prepared;

static double batch_x(const ur_run *r, int i) {
  int per = r->batches_per_epoch > 0 ? r->batches_per_epoch : 1;
  return (double)(i + 1) / per;
}

static int cmp_float(const void *a, const void *b) {
  float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
}

/* y range: the epoch-level values and the baselines decide the top on a
 * linear axis (the first batches' losses are ten times larger and would
 * flatten everything else); on a log axis every smoothed value fits. */
static void y_range(const prepared *p, int n, const chart_loss_input *in, double *lo_out, double *hi_out) {
  double lo = INFINITY, hi = -INFINITY;
  int have_epoch = 0;
#define TAKE(v) do { double v_ = (v); if (isfinite(v_) && v_ > 0) { if (v_ < lo) lo = v_; if (v_ > hi) hi = v_; } } while (0)
  for (int k = 0; k < n; k++) {
    const ur_run *r = p[k].run;
    for (int e = 0; e < r->n_epochs; e++) {
      TAKE(r->epochs[e].loss);
      TAKE(r->epochs[e].val_loss);
      have_epoch = 1;
    }
  }
  TAKE(in->naive_mse);
  TAKE(in->linear_mse);
  if (in->log_y || !have_epoch) {
    /* the smoothed curves: all of them on a log axis, up to their 90th percentile on a linear one */
    for (int k = 0; k < n; k++) {
      const ur_run *r = p[k].run;
      if (!r->n_batches) continue;
      if (in->log_y) {
        for (int i = 0; i < r->n_batches; i++) TAKE(p[k].smooth[i]);
      } else {
        float *c = malloc(sizeof(float) * (size_t)r->n_batches);
        if (!c) continue;
        memcpy(c, p[k].smooth, sizeof(float) * (size_t)r->n_batches);
        qsort(c, (size_t)r->n_batches, sizeof(float), cmp_float);
        TAKE(c[r->n_batches * 9 / 10]);
        TAKE(c[0]);
        free(c);
      }
    }
  }
#undef TAKE
  if (!isfinite(lo)) lo = in->log_y ? 1e-3 : 0, hi = 1;
  if (in->log_y) {
    chart_nice_range(&lo, &hi, 1);
  } else {
    lo = 0;
    hi *= 1.08;
    chart_nice_range(&lo, &hi, 0);
  }
  *lo_out = lo;
  *hi_out = hi;
}

static void baseline_line(cairo_t *cr, const chart_theme *t, const chart_axes *a, double v, chart_rgb c,
                          const char *name) {
  if (!isfinite(v) || v < a->y0 || v > a->y1) return;
  double y = round(chart_py(a, v)) + 0.5;
  chart_set_rgb(cr, c, 0.9);
  chart_set_line(cr, CHART_LINE_DASHED, 1.4);
  cairo_move_to(cr, a->left, y);
  cairo_line_to(cr, a->left + a->width, y);
  cairo_stroke(cr);
  char buf[32], label[64];
  chart_format_value(v, buf, sizeof buf);
  snprintf(label, sizeof label, "%s %s", name, buf);
  /* at the left end (the legend has the top right corner), on a patch of background so
   * that a curve passing behind does not hide it */
  double tw, th;
  chart_text_size(cr, label, CHART_FONT_SMALL, &tw, &th);
  chart_set_rgb(cr, t->bg, 0.85);
  cairo_rectangle(cr, a->left + 3, y - th - 2, tw + 6, th);
  cairo_fill(cr);
  chart_set_rgb(cr, c, 1);
  chart_text(cr, label, a->left + 6, y - 2, 0, 1, CHART_FONT_SMALL);
}

/* A polyline through finite points; a gap where a value is missing. */
static void polyline(cairo_t *cr, const chart_axes *a, int n, double (*xf)(const void *, int),
                     double (*yf)(const void *, int), const void *ctx, int stride) {
  int pen = 0;
  for (int i = 0; i < n; i += stride) {
    double y = yf(ctx, i);
    if (!isfinite(y) || (a->log_y && y <= 0)) {
      pen = 0;
      continue;
    }
    double px = chart_px(a, xf(ctx, i)), py = chart_py(a, y);
    if (pen) cairo_line_to(cr, px, py);
    else cairo_move_to(cr, px, py);
    pen = 1;
  }
  cairo_stroke(cr);
}

static double bx(const void *c, int i) { return batch_x(((const prepared *)c)->run, i); }
static double by_raw(const void *c, int i) { return ((const prepared *)c)->run->batch_loss[i]; }
static double by_smooth(const void *c, int i) { return ((const prepared *)c)->smooth[i]; }
static double ex_end(const void *c, int i) { (void)c; return i + 1.0; }
static double ey_val(const void *c, int i) { return ((const prepared *)c)->run->epochs[i].val_loss; }
static double ey_last(const void *c, int i) { return ((const prepared *)c)->run->epochs[i].val_last_mse; }

static int is_seq2seq(const ur_run *r) {
  return r->data.task == UR_TASK_SEQ2SEQ || r->data.task == UR_TASK_SEQ2SEQ_CONV;
}

static void draw_run(cairo_t *cr, const chart_axes *a, const prepared *p, int show_raw, chart_rgb bg) {
  const ur_run *r = p->run;
  int stride = r->n_batches > a->width * 3 ? (int)(r->n_batches / (a->width * 3)) + 1 : 1;
  if (show_raw && r->n_batches) {
    chart_set_rgb(cr, p->colour, 0.22);
    chart_set_line(cr, CHART_LINE_SOLID, 1);
    polyline(cr, a, r->n_batches, bx, by_raw, p, stride);
  }
  if (r->n_batches) {
    chart_set_rgb(cr, p->colour, 1);
    chart_set_line(cr, CHART_LINE_SOLID, p->emphasis ? 2 : 1.6);
    polyline(cr, a, r->n_batches, bx, by_smooth, p, stride);
  }
  if (r->n_epochs) {
    /* epoch means: filled squares; validation: dashed with open circles */
    chart_set_rgb(cr, p->colour, 1);
    for (int e = 0; e < r->n_epochs; e++)
      if (isfinite(r->epochs[e].loss)) chart_marker(cr, CHART_MARK_SQUARE, chart_px(a, e + 0.5), chart_py(a, r->epochs[e].loss), 8);
    chart_set_line(cr, CHART_LINE_DASHED, 1.8);
    polyline(cr, a, r->n_epochs, ex_end, ey_val, p, 1);
    chart_set_line(cr, CHART_LINE_SOLID, 1.5);
    for (int e = 0; e < r->n_epochs; e++)
      if (isfinite(r->epochs[e].val_loss)) {
        double x = chart_px(a, e + 1.0), y = chart_py(a, r->epochs[e].val_loss);
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, 3.6, 0, 2 * M_PI);
        chart_set_rgb(cr, bg, 1);
        cairo_fill_preserve(cr);
        chart_set_rgb(cr, p->colour, 1);
        cairo_stroke(cr);
      }
    if (is_seq2seq(r)) {
      chart_set_line(cr, CHART_LINE_DOTTED, 2);
      polyline(cr, a, r->n_epochs, ex_end, ey_last, p, 1);
    }
  }
}

/* The value under the pointer: the nearest drawn point within reach, else
 * the axis values at the pointer. */
static void draw_hover(cairo_t *cr, const chart_theme *t, const chart_axes *a, const prepared *p, int n,
                       double hx, double hy) {
  if (!chart_inside(a, hx, hy)) return;
  double best = 20 * 20, bxp = 0, byp = 0;
  const prepared *br = NULL;
  int kind = -1, idx = 0; /* 0 batch, 1 epoch loss, 2 validation, 3 last step */
  for (int k = 0; k < n; k++) {
    const ur_run *r = p[k].run;
    for (int i = 0; i < r->n_batches; i++) {
      double x = chart_px(a, batch_x(r, i));
      if (fabs(x - hx) > 20 || !isfinite(p[k].smooth[i])) continue;
      double y = chart_py(a, p[k].smooth[i]), d = (x - hx) * (x - hx) + (y - hy) * (y - hy);
      if (d < best) best = d, bxp = x, byp = y, br = &p[k], kind = 0, idx = i;
    }
    for (int e = 0; e < r->n_epochs; e++) {
      double v[3] = {r->epochs[e].loss, r->epochs[e].val_loss, is_seq2seq(r) ? r->epochs[e].val_last_mse : NAN};
      double xs[3] = {e + 0.5, e + 1.0, e + 1.0};
      for (int j = 0; j < 3; j++) {
        if (!isfinite(v[j]) || (a->log_y && v[j] <= 0)) continue;
        double x = chart_px(a, xs[j]), y = chart_py(a, v[j]), d = (x - hx) * (x - hx) + (y - hy) * (y - hy);
        if (d <= best + 9) best = d, bxp = x, byp = y, br = &p[k], kind = 1 + j, idx = e; /* epoch points win ties */
      }
    }
  }
  char l0[96], l1[128], l2[96], v[32];
  const char *lines[3] = {l0, l1, l2};
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
  const ur_run *r = br->run;
  chart_set_rgb(cr, br->colour, 1);
  chart_set_line(cr, CHART_LINE_SOLID, 2);
  cairo_new_sub_path(cr);
  cairo_arc(cr, bxp, byp, 5.5, 0, 2 * M_PI);
  cairo_stroke(cr);
  snprintf(l0, sizeof l0, "%s", r->name[0] ? r->name : "run");
  if (kind == 0) {
    int per = r->batches_per_epoch > 0 ? r->batches_per_epoch : 1;
    chart_format_value(br->smooth[idx], v, sizeof v);
    snprintf(l1, sizeof l1, "training %s (smoothed)", v);
    chart_format_value(r->batch_loss[idx], v, sizeof v);
    snprintf(l2, sizeof l2, "epoch %d, batch %d: %s", idx / per + 1, idx % per + 1, v);
  } else {
    const ur_run_epoch_stats *e = &r->epochs[idx];
    double val = kind == 1 ? e->loss : kind == 2 ? e->val_loss : e->val_last_mse;
    chart_format_value(val, v, sizeof v);
    snprintf(l1, sizeof l1, "%s %s", kind == 1 ? "training (epoch mean)" : kind == 2 ? "validation" : "validation, last step", v);
    snprintf(l2, sizeof l2, "epoch %d", idx + 1);
  }
  chart_draw_readout(cr, t, a, bxp, byp, lines, 3);
}

void chart_draw_loss(cairo_t *cr, double w, double h, const chart_theme *t, const chart_loss_input *in) {
  const char *title = in->title ? in->title : "Learning curves";
  int n = 0;
  prepared *p = calloc((size_t)(in->n_runs > 0 ? in->n_runs : 1), sizeof *p);
  if (!p) return;
  double x1 = in->min_epochs > 0 ? in->min_epochs : 0;
  int any_seq = 0, any_epoch = 0, any_batch = 0;
  /* the emphasised run last, so it is drawn on top */
  for (int pass = 0; pass < 2; pass++)
    for (int k = 0; k < in->n_runs; k++) {
      const chart_loss_run *lr = &in->runs[k];
      if (!lr->run || (lr->emphasis != 0) != (pass == 1)) continue;
      const ur_run *r = lr->run;
      p[n].run = r;
      p[n].emphasis = lr->emphasis;
      p[n].colour = chart_run_colour(r->colour);
      p[n].smooth = malloc(sizeof(float) * ((size_t)r->n_batches + 1));
      if (!p[n].smooth) continue;
      chart_loss_smooth(r->batch_loss, r->n_batches, p[n].smooth);
      if (r->n_batches) x1 = fmax(x1, batch_x(r, r->n_batches - 1));
      x1 = fmax(x1, r->n_epochs);
      any_seq |= is_seq2seq(r) && r->n_epochs;
      any_epoch |= r->n_epochs > 0;
      any_batch |= r->n_batches > 0;
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
  char sub[96] = "";
  if (n == 1) snprintf(sub, sizeof sub, "%s", p[0].run->name);
  else snprintf(sub, sizeof sub, "%d runs", n);
  chart_labels labels = {title, sub, "epoch", in->log_y ? "loss (log scale)" : "loss", 1, 0};
  chart_draw_frame(cr, w, h, t, &a, &labels);

  cairo_save(cr);
  chart_clip(cr, &a);
  baseline_line(cr, t, &a, in->naive_mse, chart_naive_colour(t), "naive");
  baseline_line(cr, t, &a, in->linear_mse, chart_linear_colour(t), "linear");
  for (int k = 0; k < n; k++) draw_run(cr, &a, &p[k], n == 1 || p[k].emphasis, t->bg);
  cairo_restore(cr);

  /* legend: the runs by colour, then what each line style means */
  chart_legend_item items[24];
  int ni = 0;
  chart_rgb ink = t->muted;
  if (n > 1)
    for (int k = 0; k < n && ni < 12; k++)
      items[ni++] = (chart_legend_item){p[k].run->name, p[k].colour, CHART_LINE_SOLID, CHART_MARK_NONE, 3};
  chart_rgb style = n > 1 ? ink : p[0].colour;
  if (any_batch) items[ni++] = (chart_legend_item){"training, per batch (smoothed)", style, CHART_LINE_SOLID, CHART_MARK_NONE, 1.8};
  if (any_epoch) {
    items[ni++] = (chart_legend_item){"training, epoch mean", style, CHART_LINE_NONE, CHART_MARK_SQUARE, 1.5};
    items[ni++] = (chart_legend_item){"validation", style, CHART_LINE_DASHED, CHART_MARK_CIRCLE, 1.8};
  }
  if (any_seq) items[ni++] = (chart_legend_item){"validation, last step", style, CHART_LINE_DOTTED, CHART_MARK_NONE, 2};
  /* the baselines are labelled on their lines: a small chart has no room to say it twice */
  if (h > 360 && isfinite(in->naive_mse))
    items[ni++] = (chart_legend_item){"naive baseline", chart_naive_colour(t), CHART_LINE_DASHED, CHART_MARK_NONE, 1.4};
  if (h > 360 && isfinite(in->linear_mse))
    items[ni++] = (chart_legend_item){"linear baseline", chart_linear_colour(t), CHART_LINE_DASHED, CHART_MARK_NONE, 1.4};
  /* the corner the curves leave free: every drawn point, thinned to a few hundred a run */
  int cap = 0;
  for (int k = 0; k < n; k++) cap += 400 + 2 * p[k].run->n_epochs;
  double *px = malloc(sizeof(double) * (size_t)(cap + 1)), *py = malloc(sizeof(double) * (size_t)(cap + 1));
  int np = 0;
  for (int k = 0; px && py && k < n; k++) {
    const ur_run *r = p[k].run;
    int step = r->n_batches / 400 + 1;
    for (int i = 0; i < r->n_batches && np < cap; i += step) px[np] = batch_x(r, i), py[np++] = p[k].smooth[i];
    for (int e = 0; e < r->n_epochs && np + 2 <= cap; e++) {
      px[np] = e + 0.5, py[np++] = r->epochs[e].loss;
      px[np] = e + 1.0, py[np++] = r->epochs[e].val_loss;
    }
  }
  chart_draw_legend(cr, t, &a, items, ni, px && py ? chart_legend_best_corner(cr, &a, items, ni, px, py, np) : CHART_LEGEND_TOP_RIGHT);
  free(px);
  free(py);

  if (in->hover) draw_hover(cr, t, &a, p, n, in->hover_x, in->hover_y);
  for (int k = 0; k < n; k++) free(p[k].smooth);
  free(p);
}
