/* forecast.c: one-step, iterative, vector and seq-to-seq forecasts. */
#include "forecast.h"
#include <stdlib.h>
#include <string.h>

int ur_forecast_iterative(ur_model *m, const float *x, int n, int horizon, float *y) {
  int T = m->input.steps;
  if (m->input.features != 1 || ur_model_out_size(m) != 1) return -1;
  float *win = malloc(sizeof(float) * (size_t)n * T), *p = malloc(sizeof(float) * ((size_t)n + 1));
  if (!win || !p) {
    free(win); free(p);
    return -1;
  }
  memcpy(win, x, sizeof(float) * (size_t)n * T);
  for (int k = 0; k < horizon; k++) {
    if (ur_model_predict(m, win, n, p) != 0) {
      free(win); free(p);
      return -1;
    }
    for (int i = 0; i < n; i++) {
      float *w = win + (size_t)i * T;
      memmove(w, w + 1, sizeof(float) * (size_t)(T - 1));
      w[T - 1] = p[i];
      y[(size_t)i * horizon + k] = p[i];
    }
  }
  free(win); free(p);
  return 0;
}

int ur_forecast_last(ur_model *m, const float *x, int n, float *y) {
  size_t out = ur_model_out_size(m), F = (size_t)ur_model_output_shape(m).features;
  float *all = malloc(sizeof(float) * ((size_t)n * out + 1));
  if (!all || ur_model_predict(m, x, n, all) != 0) {
    free(all);
    return -1;
  }
  for (int i = 0; i < n; i++) memcpy(y + (size_t)i * F, all + (size_t)i * out + out - F, sizeof(float) * F);
  free(all);
  return 0;
}
