/* loss.c: losses with their gradients, and metrics. */
#include "loss.h"
#include <math.h>
#include <string.h>

static const char *names[UR_LOSS_COUNT] = {"mse", "mae", "huber"};
const char *ur_loss_name(ur_loss_kind k) { return (unsigned)k < UR_LOSS_COUNT ? names[k] : "?"; }
int ur_loss_from_name(const char *s) {
  for (int i = 0; s && i < UR_LOSS_COUNT; i++)
    if (strcmp(s, names[i]) == 0) return i;
  return -1;
}

double ur_loss(ur_loss_kind k, const float *y, const float *t, size_t n, float *grad) {
  double sum = 0.0;
  float inv = 1.0f / (float)n;
  for (size_t i = 0; i < n; i++) {
    float e = y[i] - t[i], g;
    switch (k) {
    case UR_LOSS_MAE:
      sum += fabsf(e);
      g = e > 0 ? inv : e < 0 ? -inv : 0.0f;
      break;
    case UR_LOSS_HUBER:
      if (fabsf(e) <= 1.0f) { sum += 0.5 * e * e; g = e * inv; }
      else { sum += fabsf(e) - 0.5; g = (e > 0 ? 1.0f : -1.0f) * inv; }
      break;
    default:
      sum += (double)e * e;
      g = 2.0f * e * inv;
      break;
    }
    if (grad) grad[i] = g;
  }
  return sum / (double)n;
}

void ur_metrics_compute(const float *y, const float *t, int n, ur_shape out, ur_metrics *m) {
  size_t per = ur_shape_size(out), F = (size_t)out.features;
  double se = 0.0, ae = 0.0, last = 0.0;
  for (int s = 0; s < n; s++) {
    const float *ys = y + (size_t)s * per, *ts = t + (size_t)s * per;
    for (size_t i = 0; i < per; i++) {
      double e = (double)ys[i] - ts[i];
      se += e * e;
      ae += fabs(e);
    }
    for (size_t i = per - F; i < per; i++) {
      double e = (double)ys[i] - ts[i];
      last += e * e;
    }
  }
  m->mse = n ? se / ((double)n * per) : NAN;
  m->mae = n ? ae / ((double)n * per) : NAN;
  m->last_mse = n ? last / ((double)n * F) : NAN;
}
