/* future.c: see future.h. */
#include "future.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "forecast.h"
#include "text_io.h"

void ur_future_free(ur_future *f) {
  free(f->time);
  free(f->value);
  free(f->past_time);
  free(f->past);
  memset(f, 0, sizeof *f);
}

/* The model's H forecasts in its own values from input x: its last output
 * step for a vector or a sequence, or itself fed back for a one-step model. */
static int forecast_z(ur_model *m, const float *x, int F, int h, float *z, char *err, size_t errlen) {
  int outs = ur_model_output_shape(m).features, one_step = ur_model_out_size(m) == 1;
  if (one_step && F == 1) return ur_forecast_iterative(m, x, 1, h, z) ? ur_text_err(err, errlen, "out of memory") : 0;
  if (h > outs)
    return ur_text_err(err, errlen, one_step ? "a one-step model with extra inputs forecasts one step: their values "
                                               "ahead are unknown"
                                             : "the model forecasts %d steps, not %d", outs, h);
  float *all = malloc(sizeof(float) * (size_t)outs);
  int rc = all && ur_forecast_last(m, x, 1, all) == 0 ? 0 : ur_text_err(err, errlen, "out of memory");
  if (rc == 0) memcpy(z, all, sizeof(float) * (size_t)h);
  free(all);
  return rc;
}

int ur_forecast_future(ur_model *m, const ur_series *s, ur_transform transform, int part, int h, ur_future *out,
                       char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  if (part < 0 || part >= s->n_parts) return ur_text_err(err, errlen, "no series %d", part + 1);
  const ur_series_part *q = &s->parts[part];
  int L = m->input.steps, F = s->n_features;
  if (m->input.features != F)
    return ur_text_err(err, errlen, "the model reads %d features; the series has %d", m->input.features, F);
  if (h <= 0) h = ur_model_out_size(m) == 1 ? 1 : ur_model_output_shape(m).features;
  if (q->rows < L + 1) /* a difference reads the row before the window */
    return ur_text_err(err, errlen, "\"%s\" has %ld rows, fewer than the lookback %d and one more", q->name, q->rows, L);
  ur_windows w;
  ur_window_config wc = {L, h, 1, UR_TARGET_VECTOR, transform, NULL, 0};
  if (ur_windows_make(&w, s, &wc, err, errlen) != 0) return -1;
  long first = q->first + q->rows - L, last = q->first + q->rows - 1;
  float *x = malloc(sizeof(float) * (size_t)L * F), *z = malloc(sizeof(float) * (size_t)h);
  out->time = malloc(sizeof(double) * (size_t)h);
  out->value = malloc(sizeof(float) * (size_t)h);
  out->past_time = malloc(sizeof(double) * (size_t)L);
  out->past = malloc(sizeof(float) * (size_t)L);
  int rc = -1;
  if (!x || !z || !out->time || !out->value || !out->past_time || !out->past) ur_text_err(err, errlen, "out of memory");
  else {
    ur_windows_input_at(&w, part, first, x);
    rc = forecast_z(m, x, F, h, z, err, errlen);
  }
  if (rc == 0) {
    ur_windows_unscale_at(&w, part, first, last, z, h, out->value);
    out->part = part;
    out->h = h;
    out->L = L;
    int stepped = s->has_time && (q->step.kind == UR_STEP_FIXED || q->step.kind == UR_STEP_MONTHS) && !q->time;
    for (int k = 0; k < h; k++) out->time[k] = stepped ? ur_step_add(&q->step, q->t0, q->rows + k) : NAN;
    if (!s->has_time)
      for (int k = 0; k < h; k++) out->time[k] = ur_series_time(s, part, q->rows - 1) + 1 + k; /* row numbers */
    for (int t = 0; t < L; t++) {
      out->past[t] = s->values[(size_t)(first + t) * F];
      out->past_time[t] = ur_series_time(s, part, q->rows - L + t);
    }
  }
  free(x);
  free(z);
  ur_windows_free(&w);
  if (rc) ur_future_free(out);
  return rc;
}
