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

static void bn_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  int F = l->in.features, R = rows_of(l, B);
  float *xhat = l->cache, *rstd = l->cache + (size_t)R * F;
  const float *gamma = l->w, *beta = l->w + F;
  float *mmean = l->state, *mvar = l->state + F;
  rstd[F] = training ? 1.0f : 0.0f;
  for (int f = 0; f < F; f++) {
    double mu, var;
    if (training) {
      double s = 0.0, s2 = 0.0;
      for (int r = 0; r < R; r++) s += x[(size_t)r * F + f];
      mu = s / R;
      for (int r = 0; r < R; r++) {
        double d = x[(size_t)r * F + f] - mu;
        s2 += d * d;
      }
      var = s2 / R;
      mmean[f] = BN_MOMENTUM * mmean[f] + (1.0f - BN_MOMENTUM) * (float)mu;
      mvar[f] = BN_MOMENTUM * mvar[f] + (1.0f - BN_MOMENTUM) * (float)var;
    } else {
      mu = mmean[f];
      var = mvar[f];
    }
    float r = (float)(1.0 / sqrt(var + BN_EPSILON));
    rstd[f] = r;
    for (int i = 0; i < R; i++) {
      size_t k = (size_t)i * F + f;
      xhat[k] = (float)(x[k] - mu) * r;
      y[k] = gamma[f] * xhat[k] + beta[f];
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
  for (int f = 0; f < F; f++) {
    double m1 = 0.0, m2 = 0.0;
    for (int r = 0; r < R; r++) {
      size_t k = (size_t)r * F + f;
      m1 += dy[k];
      m2 += dy[k] * xhat[k];
    }
    dbeta[f] += (float)m1;
    dgamma[f] += (float)m2;
    if (!dx) continue;
    float s = gamma[f] * rstd[f];
    if (training) {
      m1 /= R; m2 /= R;
      for (int r = 0; r < R; r++) {
        size_t k = (size_t)r * F + f;
        dx[k] = s * (float)(dy[k] - m1 - xhat[k] * m2);
      }
    } else {
      for (int r = 0; r < R; r++) dx[(size_t)r * F + f] = s * dy[(size_t)r * F + f];
    }
  }
}

const ur_layer_ops ur_batch_norm_ops = {bn_tensors, bn_init, bn_cache, bn_forward, bn_backward, NULL};
