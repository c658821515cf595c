/* chart-compare.c: comparison windows, baselines and run forecasts (chart-compare.h). */
#include "chart-compare.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "baseline.h"
#include "forecast.h"

int chart_compare_horizon(const ur_run *const *runs, int n) {
  int h = 1;
  for (int i = 0; i < n; i++)
    if (runs[i] && runs[i]->data.horizon > h) h = runs[i]->data.horizon;
  return h;
}

void chart_compare_free(chart_compare *c) {
  free(c->x); free(c->truth); free(c->naive); free(c->linear); free(c->naive_mse); free(c->linear_mse);
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

int chart_compare_make(chart_compare *c, uint32_t seed, int n_series, int n_steps, int horizon, char *err,
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
  ur_dataset valid = {n, {n_steps, 1}, {0, H}, c->x, c->truth};
  ur_naive_predict(&valid, c->naive);
  ur_linear_baseline lb;
  if (ur_linear_fit(&lb, &d.train, err, errlen) != 0) goto fail;
  ur_linear_predict(&lb, &valid, c->linear);
  ur_linear_free(&lb);
  step_mse(c->naive, c->truth, n, H, c->naive_mse);
  step_mse(c->linear, c->truth, n, H, c->linear_mse);
  ur_book_data_free(&d);
  return 0;
fail:
  ur_book_data_free(&d);
  chart_compare_free(c);
  return -1;
}

void chart_run_forecast_free(chart_run_forecast *f) {
  free(f->y);
  free(f->step_mse);
  memset(f, 0, sizeof *f);
}

int chart_compare_run(const chart_compare *c, const ur_run *r, chart_run_forecast *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  ur_model *m = ur_run_model(r, err, errlen);
  if (!m) return -1;
  int rc = -1, n = c->n_valid, H = c->horizon;
  size_t F = (size_t)ur_model_output_shape(m).features;
  if (m->input.steps != c->n_steps || m->input.features != 1) {
    snprintf(err, errlen, "\"%s\" reads %d steps of %d features; the comparison's windows are %d steps of 1",
             r->name, m->input.steps, m->input.features, c->n_steps);
    goto done;
  }
  /* one output value: a one-step model, applied H times; else it says its H values at once */
  int iterative = ur_model_out_size(m) == 1;
  out->h = iterative ? H : (int)F < H ? (int)F : H;
  out->y = malloc(sizeof(float) * ((size_t)n * out->h + 1));
  out->step_mse = malloc(sizeof(float) * (size_t)out->h);
  float *all = iterative ? NULL : malloc(sizeof(float) * ((size_t)n * F + 1));
  float *t = malloc(sizeof(float) * ((size_t)n * out->h + 1));
  if (!out->y || !out->step_mse || !t || (!iterative && !all)) {
    free(all); free(t);
    snprintf(err, errlen, "out of memory forecasting");
    goto done;
  }
  int ok = iterative ? ur_forecast_iterative(m, c->x, n, H, out->y) == 0 : ur_forecast_last(m, c->x, n, all) == 0;
  if (ok && !iterative)
    for (int i = 0; i < n; i++) memcpy(out->y + (size_t)i * out->h, all + (size_t)i * F, sizeof(float) * (size_t)out->h);
  for (int i = 0; i < n; i++) memcpy(t + (size_t)i * out->h, c->truth + (size_t)i * H, sizeof(float) * (size_t)out->h);
  if (ok) step_mse(out->y, t, n, out->h, out->step_mse);
  free(all); free(t);
  if (!ok) {
    snprintf(err, errlen, "out of memory forecasting");
    goto done;
  }
  rc = 0;
done:
  ur_model_free(m);
  if (rc) chart_run_forecast_free(out);
  return rc;
}
