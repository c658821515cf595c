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

/* One value's loss term and gradient; inv = 1 / values in the mean. */
static inline double loss_term(ur_loss_kind k, float e, float inv, float *g) {
  switch (k) {
  case UR_LOSS_MAE:
    *g = e > 0 ? inv : e < 0 ? -inv : 0.0f;
    return fabsf(e);
  case UR_LOSS_HUBER:
    if (fabsf(e) <= 1.0f) {
      *g = e * inv;
      return 0.5 * e * e;
    }
    *g = (e > 0 ? 1.0f : -1.0f) * inv;
    return fabsf(e) - 0.5;
  default:
    *g = 2.0f * e * inv;
    return (double)e * e;
  }
}

double ur_loss(ur_loss_kind k, const float *y, const float *t, size_t n, float *grad) {
  double sum = 0.0;
  float inv = 1.0f / (float)n, g;
  for (size_t i = 0; i < n; i++) {
    sum += loss_term(k, y[i] - t[i], inv, &g);
    if (grad) grad[i] = g;
  }
  return sum / (double)n;
}

void ur_eval_begin(ur_eval_sums *s, ur_loss_kind loss, ur_shape out) {
  memset(s, 0, sizeof *s);
  s->loss = loss;
  s->out = out;
}

void ur_eval_add(ur_eval_sums *s, const float *y, const float *t, const float *yu, const float *tu, int n) {
  size_t per = ur_shape_size(s->out), F = (size_t)s->out.features;
  float g;
  for (size_t i = 0; i < (size_t)n * per; i++) s->loss_sum += loss_term(s->loss, y[i] - t[i], 1.0f, &g);
  for (int k = 0; k < n; k++) {
    const float *ys = yu + (size_t)k * per, *ts = tu + (size_t)k * per;
    for (size_t i = 0; i < per; i++) {
      double e = (double)ys[i] - ts[i];
      s->se += e * e;
      s->ae += fabs(e);
    }
    for (size_t i = per - F; i < per; i++) {
      double e = (double)ys[i] - ts[i];
      s->last += e * e;
    }
  }
  s->n += n;
}

double ur_eval_loss(const ur_eval_sums *s) { return s->loss_sum / (double)((size_t)s->n * ur_shape_size(s->out)); }

void ur_eval_metrics(const ur_eval_sums *s, ur_metrics *m) {
  size_t per = ur_shape_size(s->out), F = (size_t)s->out.features;
  m->mse = s->n ? s->se / ((double)s->n * per) : NAN;
  m->mae = s->n ? s->ae / ((double)s->n * per) : NAN;
  m->last_mse = s->n ? s->last / ((double)s->n * F) : NAN;
}
