/* layer_batch_norm.c: BatchNormalization on the last axis (Keras axis=-1).
 *
 * Each feature is normalised over all B·T rows of the batch.
 * Training:  μ, σ² of the batch (biased);  x̂ = (x - μ)/√(σ² + ε);  y = γ x̂ + β
 *            moving_mean ← 0.99 moving_mean + 0.01 μ  (same for the variance)
 * Inference: the moving statistics stand in for μ and σ².
 * Backward (training), per feature over the N rows:
 *   dx = (γ / √(σ²+ε)) (dy - mean(dy) - x̂ mean(dy x̂))
 * Backward (inference): dx = γ dy / √(moving_var + ε).
 */
#include "layer.h"
#include <math.h>
#include <string.h>

#define BN_EPSILON 1e-3
#define BN_MOMENTUM 0.99f

static int rows_of(const ur_layer *l, int B) { return B * (l->in.steps > 0 ? l->in.steps : 1); }

static int bn_tensors(const ur_layer *l, ur_tensor_info *t) {
  int F = l->in.features;
  t[0] = (ur_tensor_info){"gamma", 0, (size_t)F, 1, F};
  t[1] = (ur_tensor_info){"beta", (size_t)F, (size_t)F, 1, F};
  return 2;
}

static void bn_init(ur_layer *l, ur_rng *rng) {
  (void)rng;
  int F = l->in.features;
  for (int i = 0; i < F; i++) {
    l->w[i] = 1.0f; l->w[F + i] = 0.0f;
    l->state[i] = 0.0f; l->state[F + i] = 1.0f; /* moving mean, moving variance */
  }
}

/* cache: x̂ (rows × F), 1/σ (F), training flag (1) */
static size_t bn_cache(const ur_layer *l, int B) { return (size_t)rows_of(l, B) * l->in.features + l->in.features + 1; }

/* Both passes walk the batch row by row (rows are contiguous) and keep
 * per-feature sums in double: a column-at-a-time walk strides through memory. */
static void bn_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  int F = l->in.features, R = rows_of(l, B);
  float *xhat = l->cache, *rstd = l->cache + (size_t)R * F, *shift = l->scratch + 4 * (size_t)F; /* μ (F) */
  const float *gamma = l->w, *beta = l->w + F;
  float *mmean = l->state, *mvar = l->state + F;
  rstd[F] = training ? 1.0f : 0.0f;
  if (training) {
    double *s = (double *)l->scratch, *s2 = s + F; /* F doubles each */
    for (int f = 0; f < F; f++) s[f] = s2[f] = 0.0;
    for (int r = 0; r < R; r++) {
      const float *xr = x + (size_t)r * F;
      for (int f = 0; f < F; f++) s[f] += xr[f];
    }
    for (int f = 0; f < F; f++) shift[f] = (float)(s[f] / R);
    for (int r = 0; r < R; r++) {
      const float *xr = x + (size_t)r * F;
      for (int f = 0; f < F; f++) {
        double d = xr[f] - shift[f];
        s2[f] += d * d;
      }
    }
    for (int f = 0; f < F; f++) {
      double var = s2[f] / R;
      mmean[f] = BN_MOMENTUM * mmean[f] + (1.0f - BN_MOMENTUM) * shift[f];
      mvar[f] = BN_MOMENTUM * mvar[f] + (1.0f - BN_MOMENTUM) * (float)var;
      rstd[f] = (float)(1.0 / sqrt(var + BN_EPSILON));
    }
  } else {
    for (int f = 0; f < F; f++) {
      shift[f] = mmean[f];
      rstd[f] = (float)(1.0 / sqrt((double)mvar[f] + BN_EPSILON));
    }
  }
  for (int r = 0; r < R; r++) {
    const float *xr = x + (size_t)r * F;
    float *xh = xhat + (size_t)r * F, *yr = y + (size_t)r * F;
    for (int f = 0; f < F; f++) {
      xh[f] = (xr[f] - shift[f]) * rstd[f];
      yr[f] = gamma[f] * xh[f] + beta[f];
    }
  }
}

static void bn_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  (void)x; (void)y;
  int F = l->in.features, R = rows_of(l, B);
  const float *xhat = l->cache, *rstd = l->cache + (size_t)R * F;
  int training = rstd[F] != 0.0f;
  const float *gamma = l->w;
  float *dgamma = l->g, *dbeta = l->g + F;
  double *m1 = (double *)l->scratch, *m2 = m1 + F;
  for (int f = 0; f < F; f++) m1[f] = m2[f] = 0.0;
  for (int r = 0; r < R; r++) {
    const float *d = dy + (size_t)r * F, *xh = xhat + (size_t)r * F;
    for (int f = 0; f < F; f++) {
      m1[f] += d[f];
      m2[f] += d[f] * xh[f];
    }
  }
  for (int f = 0; f < F; f++) {
    dbeta[f] += (float)m1[f];
    dgamma[f] += (float)m2[f];
  }
  if (!dx) return;
  float *a = l->scratch + 4 * (size_t)F, *b1 = a + F, *b2 = b1 + F; /* per-feature factors */
  for (int f = 0; f < F; f++) {
    a[f] = gamma[f] * rstd[f];
    b1[f] = training ? (float)(m1[f] / R) : 0.0f;
    b2[f] = training ? (float)(m2[f] / R) : 0.0f;
  }
  for (int r = 0; r < R; r++) {
    const float *d = dy + (size_t)r * F, *xh = xhat + (size_t)r * F;
    float *o = dx + (size_t)r * F;
    for (int f = 0; f < F; f++) o[f] = a[f] * (d[f] - b1[f] - xh[f] * b2[f]);
  }
}

/* 2F doubles of sums (4F floats, first so they stay aligned), then μ or γ/σ, and two factors (F each) */
static size_t bn_scratch(const ur_layer *l, int B) { (void)B; return 7 * (size_t)l->in.features + 2; }

const ur_layer_ops ur_batch_norm_ops = {bn_tensors, bn_init, bn_cache, bn_forward, bn_backward, bn_scratch};
