/* comparison.c: comparison windows, baselines and run forecasts (comparison.h). */
#include "comparison.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "baseline.h"
#include "forecast.h"

int ur_comparison_horizon(const ur_run *const *runs, int n) {
  int h = 1;
  for (int i = 0; i < n; i++)
    if (runs[i] && runs[i]->data.horizon > h) h = runs[i]->data.horizon;
  return h;
}

void ur_comparison_free(ur_comparison *c) {
  free(c->x); free(c->truth); free(c->naive); free(c->linear); free(c->naive_mse); free(c->linear_mse);
  free(c->x_model);
  memset(c, 0, sizeof *c);
}

/* MSE_k over n windows of h steps: y and t are n × h. */
static void step_mse(const float *y, const float *t, int n, int h, float *out) {
  for (int k = 0; k < h; k++) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      double e = (double)y[(size_t)i * h + k] - t[(size_t)i * h + k];
      s += e * e;
    }
    out[k] = n ? (float)(s / n) : 0.0f;
  }
}

/* value × scale + mean: standardised back to the series' units */
static void to_units(float *v, size_t n, double mean, double scale) {
  for (size_t i = 0; i < n; i++) v[i] = (float)(v[i] * scale + mean);
}

/* Both baselines on the validation windows (the linear one fitted on the
 * training windows) and their error per step ahead; on a CSV the truth and
 * both forecasts are first put back in the series' units.  c's arrays are
 * allocated.  0, or -1 with a reason. */
static int fit_baselines(ur_comparison *c, const ur_dataset *train, const ur_dataset *valid, char *err,
                         size_t errlen) {
  size_t nh = (size_t)c->n_valid * c->horizon;
  if (ur_baselines_predict(train, valid, c->naive, c->linear, err, errlen) != 0) return -1;
  if (c->csv.path[0]) {
    to_units(c->truth, nh, c->mean, c->scale);
    to_units(c->naive, nh, c->mean, c->scale);
    to_units(c->linear, nh, c->mean, c->scale);
  }
  step_mse(c->naive, c->truth, c->n_valid, c->horizon, c->naive_mse);
  step_mse(c->linear, c->truth, c->n_valid, c->horizon, c->linear_mse);
  return 0;
}

int ur_comparison_make(ur_comparison *c, uint32_t seed, int n_series, int n_steps, int horizon, char *err,
                       size_t errlen) {
  memset(c, 0, sizeof *c);
  ur_book_data d;
  if (horizon < 1) horizon = 1;
  /* the vector task: y is the next `horizon` values, exactly what is compared */
  if (ur_book_data_make(&d, UR_TASK_VECTOR, seed, n_series, n_steps, horizon) != 0) {
    snprintf(err, errlen, "out of memory making the comparison's data");
    return -1;
  }
  int n = d.valid.n, H = horizon;
  c->seed = seed; c->n_series = n_series; c->n_steps = n_steps; c->horizon = H; c->n_valid = n;
  c->x = d.valid.x;       /* taken over from the data set: n × n_steps */
  c->truth = d.valid.y;   /* n × H */
  d.valid.x = d.valid.y = NULL;
  c->naive = malloc(sizeof(float) * ((size_t)n * H + 1));
  c->linear = malloc(sizeof(float) * ((size_t)n * H + 1));
  c->naive_mse = malloc(sizeof(float) * (size_t)H);
  c->linear_mse = malloc(sizeof(float) * (size_t)H);
  if (!c->naive || !c->linear || !c->naive_mse || !c->linear_mse) {
    snprintf(err, errlen, "out of memory for the baselines");
    goto fail;
  }
  ur_dataset valid = {.n = n, .x_shape = {n_steps, 1}, .y_shape = {0, H}, .x = c->x, .y = c->truth};
  if (fit_baselines(c, &d.train, &valid, err, errlen) != 0) goto fail;
  ur_book_data_free(&d);
  return 0;
fail:
  ur_book_data_free(&d);
  ur_comparison_free(c);
  return -1;
}

void ur_run_forecast_free(ur_run_forecast *f) {
  free(f->y);
  free(f->step_mse);
  memset(f, 0, sizeof *f);
}

/* ---- a user's CSV -------------------------------------------------------- */

int ur_comparison_make_csv(ur_comparison *c, const ur_csv_source *src, const ur_csv *table, int horizon, char *err,
                           size_t errlen) {
  memset(c, 0, sizeof *c);
  ur_csv own;
  ur_series s;
  if (horizon < 1) horizon = 1;
  if (!table) {
    if (ur_csv_read(src->path, &own, err, errlen) != 0) return -1;
    table = &own;
  }
  /* the same windows, with the next `horizon` values as the target */
  ur_csv_source v = *src;
  v.cfg.kind = UR_TARGET_VECTOR;
  v.cfg.horizon = horizon;
  int rc = ur_csv_source_make(&v, table, NULL, 0, &s, err, errlen);
  if (table == &own) ur_csv_free(&own);
  if (rc != 0) return -1;
  int n = s.valid.n, H = horizon, L = s.valid.x_shape.steps, F = s.valid.x_shape.features;
  c->csv = *src;
  c->n_steps = L; c->horizon = H; c->n_valid = n; c->n_features = F;
  c->mean = s.mean[0];
  c->scale = s.scale[0];
  c->x_model = s.valid.x; /* taken over: n × L × F */
  c->truth = s.valid.y;   /* n × H */
  s.valid.x = s.valid.y = NULL;
  c->x = malloc(sizeof(float) * ((size_t)n * L + 1));
  c->naive = malloc(sizeof(float) * ((size_t)n * H + 1));
  c->linear = malloc(sizeof(float) * ((size_t)n * H + 1));
  c->naive_mse = malloc(sizeof(float) * (size_t)H);
  c->linear_mse = malloc(sizeof(float) * (size_t)H);
  if (!c->x || !c->naive || !c->linear || !c->naive_mse || !c->linear_mse) {
    snprintf(err, errlen, "out of memory for the comparison");
    goto fail;
  }
  for (size_t i = 0; i < (size_t)n * L; i++) c->x[i] = (float)(c->x_model[i * F] * c->scale + c->mean);
  ur_dataset valid = {.n = n, .x_shape = {L, F}, .y_shape = {0, H}, .x = c->x_model, .y = c->truth};
  if (fit_baselines(c, &s.train, &valid, err, errlen) != 0) goto fail;
  ur_series_free(&s);
  return 0;
fail:
  ur_series_free(&s);
  ur_comparison_free(c);
  return -1;
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

/* One path for both kinds of windows.  A model with one output value is a
 * one-step model, applied H times, each forecast fed back; a larger output
 * says its values at once.  On a CSV the model reads the standardised
 * windows and its forecasts go back to the series' units, and a one-step
 * model with extra inputs cannot be fed its own forecasts (their inputs are
 * unknown ahead): it answers one step. */
int ur_comparison_run(const ur_comparison *c, const ur_run *r, ur_run_forecast *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  int csv = c->csv.path[0] != 0;
  if (csv != (r->data.csv.path[0] != 0) || (csv && !ur_csv_source_same(&c->csv, &r->data.csv))) {
    snprintf(err, errlen, "\"%s\" was trained on other data than the first run selected", r->name);
    return -1;
  }
  ur_model *m = ur_run_model(r, err, errlen);
  if (!m) return -1;
  int rc = -1, n = c->n_valid, H = c->horizon, F = csv ? c->n_features : 1;
  size_t outs = (size_t)ur_model_output_shape(m).features;
  const float *x = csv ? c->x_model : c->x;
  float *all = NULL, *t = NULL;
  if (m->input.steps != c->n_steps || m->input.features != F) {
    if (csv)
      snprintf(err, errlen, "\"%s\" reads %d steps of %d features; the CSV's windows are %d rows of %d", r->name,
               m->input.steps, m->input.features, c->n_steps, F);
    else
      snprintf(err, errlen, "\"%s\" reads %d steps of %d features; the comparison's windows are %d steps of 1",
               r->name, m->input.steps, m->input.features, c->n_steps);
    goto done;
  }
  int one_step = ur_model_out_size(m) == 1, iterative = one_step && F == 1;
  out->h = one_step ? (F == 1 ? H : 1) : (int)outs < H ? (int)outs : H;
  out->y = malloc(sizeof(float) * ((size_t)n * out->h + 1));
  out->step_mse = malloc(sizeof(float) * (size_t)out->h);
  all = iterative ? NULL : malloc(sizeof(float) * ((size_t)n * outs + 1));
  t = malloc(sizeof(float) * ((size_t)n * out->h + 1));
  if (!out->y || !out->step_mse || !t || (!iterative && !all)) goto oom;
  if (iterative ? ur_forecast_iterative(m, x, n, H, out->y) != 0 : ur_forecast_last(m, x, n, all) != 0) goto oom;
  for (int i = 0; !iterative && i < n; i++)
    memcpy(out->y + (size_t)i * out->h, all + (size_t)i * outs, sizeof(float) * (size_t)out->h);
  if (csv) to_units(out->y, (size_t)n * out->h, c->mean, c->scale);
  for (int i = 0; i < n; i++) memcpy(t + (size_t)i * out->h, c->truth + (size_t)i * H, sizeof(float) * (size_t)out->h);
  step_mse(out->y, t, n, out->h, out->step_mse);
  rc = 0;
  goto done;
oom:
  snprintf(err, errlen, "out of memory forecasting");
done:
  free(all);
  free(t);
  ur_model_free(m);
  if (rc) ur_run_forecast_free(out);
  return rc;
}
