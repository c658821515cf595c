/* comparison.c: comparison windows, baselines and run forecasts (comparison.h). */
#include "comparison.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "baseline.h"
#include "forecast.h"
#include "text_io.h"

#define CHUNK 2048 /* windows forecast at once: a multiple of the model's batch, so the figures do not depend on it */

int ur_comparison_horizon(const ur_run *const *runs, int n) {
  int h = 1;
  for (int i = 0; i < n; i++)
    if (runs[i] && runs[i]->data.horizon > h) h = runs[i]->data.horizon;
  return h;
}

void ur_comparison_free(ur_comparison *c) {
  free(c->shown); free(c->x); free(c->truth); free(c->naive); free(c->linear); free(c->snaive);
  free(c->naive_mse); free(c->linear_mse); free(c->snaive_mse);
  ur_windows_free(&c->base);
  ur_series_free(&c->own);
  ur_book_data_free(&c->book);
  memset(c, 0, sizeof *c);
}

/* Errors per step ahead, added window by window over every window. */
typedef struct {
  int h;
  double *sum;
  long n;
} step_sums;

static int sums_begin(step_sums *s, int h) {
  s->h = h;
  s->n = 0;
  s->sum = calloc((size_t)(h > 0 ? h : 1), sizeof(double));
  return s->sum ? 0 : -1;
}

static void sums_add(step_sums *s, const float *y, const float *t) {
  for (int k = 0; k < s->h; k++) {
    double e = (double)y[k] - t[k];
    s->sum[k] += e * e;
  }
}

static void sums_end(step_sums *s, long n, float *out) {
  for (int k = 0; k < s->h; k++) out[k] = n ? (float)(s->sum[k] / n) : 0.0f;
  free(s->sum);
  s->sum = NULL;
}

/* The arrays every comparison has: n_valid shown windows, H steps. */
static int alloc_arrays(ur_comparison *c, int seasonal) {
  size_t nh = (size_t)c->n_valid * c->horizon + 1, H = (size_t)c->horizon;
  c->shown = malloc(sizeof(int) * ((size_t)c->n_valid + 1));
  c->x = malloc(sizeof(float) * ((size_t)c->n_valid * c->n_steps + 1));
  c->truth = malloc(sizeof(float) * nh);
  c->naive = malloc(sizeof(float) * nh);
  c->linear = malloc(sizeof(float) * nh);
  c->naive_mse = malloc(sizeof(float) * H);
  c->linear_mse = malloc(sizeof(float) * H);
  if (seasonal) {
    c->snaive = malloc(sizeof(float) * nh);
    c->snaive_mse = malloc(sizeof(float) * H);
  }
  return c->shown && c->x && c->truth && c->naive && c->linear && c->naive_mse && c->linear_mse &&
                 (!seasonal || (c->snaive && c->snaive_mse))
             ? 0
             : -1;
}

/* Which windows the charts keep: all, or UR_COMPARISON_SHOWN evenly spread. */
static void choose_shown(ur_comparison *c) {
  for (int i = 0; i < c->n_valid; i++)
    c->shown[i] = c->n_valid == c->n_windows ? i : (int)((double)i * (c->n_windows - 1) / (c->n_valid - 1));
}

static void step_mse(const float *y, const float *t, int n, int h, float *out) {
  step_sums s;
  if (sums_begin(&s, h)) return;
  for (int i = 0; i < n; i++) sums_add(&s, y + (size_t)i * h, t + (size_t)i * h);
  sums_end(&s, n, out);
}

int ur_comparison_make(ur_comparison *c, uint32_t seed, int n_series, int n_steps, int horizon, char *err,
                       size_t errlen) {
  memset(c, 0, sizeof *c);
  if (horizon < 1) horizon = 1;
  /* the vector task: y is the next `horizon` values, exactly what is compared */
  if (ur_book_data_make(&c->book, UR_TASK_VECTOR, seed, n_series, n_steps, horizon) != 0)
    return ur_text_err(err, errlen, "out of memory making the comparison's data");
  const ur_dataset *v = &c->book.valid;
  c->seed = seed; c->n_series = n_series; c->n_steps = n_steps; c->horizon = horizon;
  c->n_windows = v->n;
  c->n_valid = v->n < UR_COMPARISON_SHOWN ? v->n : UR_COMPARISON_SHOWN;
  c->n_features = 1;
  size_t nh = (size_t)v->n * horizon;
  float *naive = malloc(sizeof(float) * (nh + 1)), *linear = malloc(sizeof(float) * (nh + 1));
  int rc = -1;
  if (!naive || !linear || alloc_arrays(c, 0)) ur_text_err(err, errlen, "out of memory for the baselines");
  else if (ur_baselines_predict(&c->book.train, v, naive, linear, err, errlen) == 0) {
    step_mse(naive, v->y, v->n, horizon, c->naive_mse);
    step_mse(linear, v->y, v->n, horizon, c->linear_mse);
    choose_shown(c);
    for (int i = 0; i < c->n_valid; i++) {
      size_t w = (size_t)c->shown[i];
      memcpy(c->x + (size_t)i * n_steps, v->x + w * n_steps, sizeof(float) * (size_t)n_steps);
      memcpy(c->truth + (size_t)i * horizon, v->y + w * horizon, sizeof(float) * (size_t)horizon);
      memcpy(c->naive + (size_t)i * horizon, naive + w * horizon, sizeof(float) * (size_t)horizon);
      memcpy(c->linear + (size_t)i * horizon, linear + w * horizon, sizeof(float) * (size_t)horizon);
    }
    rc = 0;
  }
  free(naive);
  free(linear);
  if (rc) ur_comparison_free(c);
  return rc;
}

void ur_run_forecast_free(ur_run_forecast *f) {
  free(f->y);
  free(f->step_mse);
  memset(f, 0, sizeof *f);
}

/* ---- a user's CSV -------------------------------------------------------- */

/* Every validation window's baselines in units, the shown ones kept. */
static int csv_baselines(ur_comparison *c, char *err, size_t errlen) {
  const ur_windows *w = &c->base;
  const ur_dataset *tr = &w->sets[0], *va = &w->sets[1];
  int H = c->horizon, L = c->n_steps, F = c->n_features, D = L * F, next = 0;
  ur_linear_baseline lb;
  float *x = malloc(sizeof(float) * (size_t)D), *y = malloc(sizeof(float) * (size_t)H), *z = malloc(sizeof(float) * (size_t)H);
  float *t = malloc(sizeof(float) * (size_t)H), *nv = malloc(sizeof(float) * (size_t)H), *li = malloc(sizeof(float) * (size_t)H);
  float *sn = malloc(sizeof(float) * (size_t)H), *hist = malloc(sizeof(float) * (size_t)L);
  step_sums sn_sum, nv_sum, li_sum;
  int rc = -1, fitted = 0;
  memset(&sn_sum, 0, sizeof sn_sum);
  memset(&nv_sum, 0, sizeof nv_sum);
  memset(&li_sum, 0, sizeof li_sum);
  if (!x || !y || !z || !t || !nv || !li || !sn || !hist || sums_begin(&nv_sum, H) || sums_begin(&li_sum, H) ||
      (c->snaive && sums_begin(&sn_sum, H))) {
    ur_text_err(err, errlen, "out of memory for the baselines");
    goto done;
  }
  fitted = ur_linear_fit(&lb, tr, err, errlen) == 0;
  if (!fitted) goto done;
  for (int i = 0; i < va->n; i++) {
    ur_windows_history(w, 1, i, hist);
    ur_windows_truth(w, 1, i, t);
    for (int k = 0; k < H; k++) nv[k] = hist[L - 1];
    ur_dataset_get(va, i, x, y); /* the untransformed window, as the linear baseline was fitted */
    for (int k = 0; k < H; k++) {
      double s = lb.w[(size_t)D * H + k];
      for (int j = 0; j < D; j++) s += x[j] * lb.w[(size_t)j * H + k];
      z[k] = (float)s;
    }
    ur_windows_to_units(w, 1, i, z, li);
    sums_add(&nv_sum, nv, t);
    sums_add(&li_sum, li, t);
    if (c->snaive) {
      ur_windows_seasonal_naive(w, 1, i, sn);
      sums_add(&sn_sum, sn, t);
    }
    if (next < c->n_valid && c->shown[next] == i) {
      memcpy(c->x + (size_t)next * L, hist, sizeof(float) * (size_t)L);
      memcpy(c->truth + (size_t)next * H, t, sizeof(float) * (size_t)H);
      memcpy(c->naive + (size_t)next * H, nv, sizeof(float) * (size_t)H);
      memcpy(c->linear + (size_t)next * H, li, sizeof(float) * (size_t)H);
      if (c->snaive) memcpy(c->snaive + (size_t)next * H, sn, sizeof(float) * (size_t)H);
      next++;
    }
  }
  sums_end(&nv_sum, va->n, c->naive_mse);
  sums_end(&li_sum, va->n, c->linear_mse);
  if (c->snaive) sums_end(&sn_sum, va->n, c->snaive_mse);
  rc = 0;
done:
  if (fitted) ur_linear_free(&lb);
  free(nv_sum.sum); free(li_sum.sum); free(sn_sum.sum);
  free(x); free(y); free(z); free(t); free(nv); free(li); free(sn); free(hist);
  return rc;
}

/* The comparison on a series (its own, or a borrowed one). */
static int setup_on(ur_comparison *c, const ur_csv_source *src, const ur_series *s, int horizon, char *err,
                    size_t errlen) {
  if (horizon < 1) horizon = 1;
  c->series = s;
  /* the same windows, with the next `horizon` values as the untransformed target */
  ur_window_config wc = {s->cfg.lookback, horizon, s->cfg.stride, UR_TARGET_VECTOR, UR_TRANSFORM_NONE, NULL, 0};
  if (ur_windows_make(&c->base, s, &wc, err, errlen) != 0) goto fail;
  c->csv = *src;
  c->n_steps = s->cfg.lookback;
  c->horizon = horizon;
  c->n_features = s->n_features;
  c->season = s->season;
  c->n_windows = (int)c->base.n[1];
  c->n_valid = c->n_windows < UR_COMPARISON_SHOWN ? c->n_windows : UR_COMPARISON_SHOWN;
  if (c->n_windows == 0) {
    ur_text_err(err, errlen, "the validation span holds no window of %d steps ahead", horizon);
    goto fail;
  }
  if (alloc_arrays(c, c->season > 0)) {
    ur_text_err(err, errlen, "out of memory for the comparison");
    goto fail;
  }
  choose_shown(c);
  if (csv_baselines(c, err, errlen) != 0) goto fail;
  return 0;
fail:
  ur_comparison_free(c);
  return -1;
}

int ur_comparison_make_csv(ur_comparison *c, const ur_csv_source *src, const ur_csv *table, int horizon, char *err,
                           size_t errlen) {
  memset(c, 0, sizeof *c);
  ur_csv own;
  if (!table) {
    if (ur_csv_source_read(src, &own, err, errlen) != 0) return -1;
    table = &own;
  }
  ur_series_config cfg;
  int rc = ur_csv_source_resolve(src, table, &cfg, err, errlen);
  if (rc == 0) rc = ur_series_make(table, &cfg, NULL, 0, &c->own, err, errlen);
  if (table == &own) ur_csv_free(&own);
  if (rc != 0) return -1;
  return setup_on(c, src, &c->own, horizon, err, errlen);
}

int ur_comparison_make_on(ur_comparison *c, const ur_csv_source *src, const ur_series *s, int horizon, char *err,
                          size_t errlen) {
  memset(c, 0, sizeof *c);
  return setup_on(c, src, s, horizon, err, errlen);
}

int ur_comparison_make_for(ur_comparison *c, const ur_run *r, int horizon, char *err, size_t errlen) {
  if (r->data.csv.path[0]) return ur_comparison_make_csv(c, &r->data.csv, NULL, horizon, err, errlen);
  return ur_comparison_make(c, r->data.seed, r->data.n_series, r->data.n_steps, horizon, err, errlen);
}

int ur_comparison_matches(const ur_comparison *c, const ur_run *r, int horizon) {
  if (c->horizon != horizon || !c->csv.path[0] != !r->data.csv.path[0]) return 0;
  if (c->csv.path[0]) return ur_csv_source_same(&c->csv, &r->data.csv);
  return c->seed == r->data.seed && c->n_series == r->data.n_series && c->n_steps == r->data.n_steps;
}

/* ---- a run's forecasts ---------------------------------------------------- */

/* A run's model on chunks of windows: the model reads x (n × L × F) as it
 * was trained, and answers h steps in its values into y (n × h). */
static int forecast_chunk(ur_model *m, const float *x, int n, int H, int iterative, float *all, float *y, int h) {
  size_t outs = (size_t)ur_model_output_shape(m).features;
  if (iterative) return ur_forecast_iterative(m, x, n, H, y);
  if (ur_forecast_last(m, x, n, all) != 0) return -1;
  for (int i = 0; i < n; i++) memcpy(y + (size_t)i * h, all + (size_t)i * outs, sizeof(float) * (size_t)h);
  return 0;
}

/* One path for both kinds of windows.  A model with one output value is a
 * one-step model, applied H times, each forecast fed back; a larger output
 * says its values at once.  On a CSV the model reads the windows as it was
 * trained (its transform) and its forecasts go back to the series' units,
 * and a one-step model with extra inputs cannot be fed its own forecasts
 * (their inputs are unknown ahead): it answers one step. */
int ur_comparison_run(const ur_comparison *c, const ur_run *r, ur_run_forecast *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  int csv = c->csv.path[0] != 0;
  if (csv != (r->data.csv.path[0] != 0) || (csv && !ur_csv_source_same(&c->csv, &r->data.csv)))
    return ur_text_err(err, errlen, "\"%s\" was trained on other data than the first run selected", r->name);
  ur_model *m = ur_run_model(r, err, errlen);
  if (!m) return -1;
  int rc = -1, H = c->horizon, F = c->n_features, L = c->n_steps, next = 0;
  ur_windows w;
  memset(&w, 0, sizeof w);
  float *x = NULL, *y = NULL, *all = NULL, *yu = NULL, *t = NULL;
  step_sums sums = {0, NULL, 0};
  if (m->input.steps != L || m->input.features != F) {
    ur_text_err(err, errlen, "\"%s\" reads %d steps of %d features; the %s windows are %d steps of %d", r->name,
                m->input.steps, m->input.features, csv ? "CSV's" : "comparison's", L, F);
    goto done;
  }
  int one_step = ur_model_out_size(m) == 1, iterative = one_step && F == 1, outs = ur_model_output_shape(m).features;
  int h = out->h = one_step ? (F == 1 ? H : 1) : outs < H ? outs : H;
  const ur_dataset *set = &c->book.valid;
  if (csv) { /* the run's own transform on the same windows */
    ur_window_config wc = {L, H, c->csv.cfg.stride, UR_TARGET_VECTOR, r->data.csv.cfg.transform, NULL, 0};
    if (ur_windows_make(&w, c->series, &wc, err, errlen) != 0) goto done;
    set = &w.sets[1];
  }
  x = malloc(sizeof(float) * (size_t)CHUNK * L * F);
  y = malloc(sizeof(float) * (size_t)CHUNK * (H > h ? H : h));
  all = malloc(sizeof(float) * (size_t)CHUNK * ur_model_out_size(m));
  yu = malloc(sizeof(float) * (size_t)(H > 1 ? H : 1));
  t = malloc(sizeof(float) * (size_t)(H > 1 ? H : 1) * CHUNK);
  out->y = malloc(sizeof(float) * ((size_t)c->n_valid * h + 1));
  out->step_mse = malloc(sizeof(float) * (size_t)h);
  if (!x || !y || !all || !yu || !t || !out->y || !out->step_mse || sums_begin(&sums, h)) {
    ur_text_err(err, errlen, "out of memory forecasting");
    goto done;
  }
  for (int from = 0; from < set->n; from += CHUNK) {
    int n = set->n - from < CHUNK ? set->n - from : CHUNK;
    for (int i = 0; i < n; i++) ur_dataset_get(set, from + i, x + (size_t)i * L * F, t + (size_t)i * H);
    if (forecast_chunk(m, x, n, H, iterative, all, y, h) != 0) {
      ur_text_err(err, errlen, "out of memory forecasting");
      goto done;
    }
    for (int i = 0; i < n; i++) {
      float *yi = y + (size_t)i * h, *ti = t + (size_t)i * H;
      if (csv) { /* forecasts and truth back in units */
        float z[UR_RUN_MAX_STEPS_AHEAD];
        memcpy(z, yi, sizeof(float) * (size_t)h);
        for (int k = h; k < H; k++) z[k] = 0; /* unforecast steps: only the first h are kept */
        ur_windows_to_units(&w, 1, from + i, z, yu);
        memcpy(yi, yu, sizeof(float) * (size_t)h);
        ur_windows_truth(&w, 1, from + i, ti);
      }
      sums_add(&sums, yi, ti);
      if (next < c->n_valid && c->shown[next] == from + i)
        memcpy(out->y + (size_t)next++ * h, yi, sizeof(float) * (size_t)h);
    }
  }
  sums_end(&sums, set->n, out->step_mse);
  rc = 0;
done:
  free(sums.sum);
  free(x); free(y); free(all); free(yu); free(t);
  ur_windows_free(&w);
  ur_model_free(m);
  if (rc) ur_run_forecast_free(out);
  return rc;
}
