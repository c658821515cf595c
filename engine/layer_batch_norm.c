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
#include <stdio.h>
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

/* BatchNormalization's buffers, for batch B (rows = B·T, or B on vectors).
 * The sums are doubles, first in scratch so they stay aligned; forward's
 * and backward's temporaries share the scratch. */
typedef struct {
  /* cache */
  float *xhat;     /* rows × F  x̂ */
  float *rstd;     /* F         1/√(σ² + ε) used (the batch's or the moving one) */
  float *training; /* 1         1 if the forward pass used the batch's statistics */
  /* scratch, forward */
  double *sum;     /* F  Σ x over the rows */
  double *sum2;    /* F  Σ (x - μ)² */
  float *shift;    /* F  μ used (the batch's or the moving mean) */
  /* scratch, backward */
  double *m1;      /* F  Σ dy */
  double *m2;      /* F  Σ dy ⊙ x̂ */
  float *a;        /* F  γ/σ */
  float *b1;       /* F  mean(dy) (training) */
  float *b2;       /* F  mean(dy ⊙ x̂) (training) */
} bn_bufs;

static bn_bufs bn_layout(const ur_layer *l, int B, ur_carve *c) {
  size_t F = (size_t)l->in.features, R = (size_t)rows_of(l, B);
  bn_bufs b;
  b.xhat = ur_take_cache(c, R * F);
  b.rstd = ur_take_cache(c, F);
  b.training = ur_take_cache(c, 1);
  b.sum = ur_take_scratch_doubles(c, F);
  b.sum2 = ur_take_scratch_doubles(c, F);
  b.shift = ur_take_scratch(c, F);
  ur_scratch_again(c);
  b.m1 = ur_take_scratch_doubles(c, F);
  b.m2 = ur_take_scratch_doubles(c, F);
  b.a = ur_take_scratch(c, F);
  b.b1 = ur_take_scratch(c, F);
  b.b2 = ur_take_scratch(c, F);
  return b;
}
static void bn_carve(const ur_layer *l, int B, ur_carve *c) { (void)bn_layout(l, B, c); }

/* Both passes walk the batch row by row (rows are contiguous) and keep
 * per-feature sums in double: a column-at-a-time walk strides through memory. */
static void bn_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  int F = l->in.features, R = rows_of(l, B);
  bn_bufs bufs = bn_layout(l, B, UR_CARVE_OF(l));
  float *xhat = bufs.xhat, *rstd = bufs.rstd, *shift = bufs.shift;
  const float *gamma = l->w, *beta = l->w + F;
  float *mmean = l->state, *mvar = l->state + F;
  *bufs.training = training ? 1.0f : 0.0f;
  if (training) {
    double *s = bufs.sum, *s2 = bufs.sum2;
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
  bn_bufs bufs = bn_layout(l, B, UR_CARVE_OF(l));
  const float *xhat = bufs.xhat, *rstd = bufs.rstd;
  int training = *bufs.training != 0.0f;
  const float *gamma = l->w;
  float *dgamma = l->g, *dbeta = l->g + F;
  double *m1 = bufs.m1, *m2 = bufs.m2;
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
  float *a = bufs.a, *b1 = bufs.b1, *b2 = bufs.b2; /* per-feature factors */
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

const ur_layer_ops ur_batch_norm_ops = {bn_tensors, bn_init, ur_layer_cache_floats, bn_forward, bn_backward,
                                        ur_layer_scratch_floats, bn_carve};

static void bn_describe(const ur_layer_spec *s, char *buf, size_t len) {
  (void)s;
  snprintf(buf, len, "momentum %g, epsilon %g", BN_MOMENTUM, BN_EPSILON);
}

/* moving_mean F, moving_variance F */
static size_t bn_state(const ur_layer_spec *s, ur_shape in) { (void)s; return 2 * (size_t)in.features; }

const ur_kind_def ur_batch_norm_kind = {
    .kind = UR_BATCH_NORM, .id = "batch_norm", .name = "BatchNormalization",
    .summary = "Normalizes each feature over the batch",
    .per_step = 1, .output_shape = ur_shape_same, .describe = bn_describe, .state_floats = bn_state,
    .ops = &ur_batch_norm_ops,
};
