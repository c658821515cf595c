/* layer_layer_norm.c: LayerNormalization over the last axis (see norm_rows.h). */
#include "layer.h"
#include "norm_rows.h"
#include <math.h>
#include <stdio.h>

void ur_ln_row_forward(const float *a, float *y, int n, const float *gamma, const float *beta, float *xhat,
                       float *rstd) {
  double mu = 0.0, var = 0.0;
  for (int i = 0; i < n; i++) mu += a[i];
  mu /= n;
  for (int i = 0; i < n; i++) var += (a[i] - mu) * (a[i] - mu);
  var /= n;
  float r = (float)(1.0 / sqrt(var + UR_LN_EPSILON));
  for (int i = 0; i < n; i++) {
    xhat[i] = (float)(a[i] - mu) * r;
    y[i] = gamma[i] * xhat[i] + beta[i];
  }
  *rstd = r;
}

void ur_ln_row_backward(const float *dy, float *da, int n, const float *gamma, const float *xhat, float rstd,
                        float *dgamma, float *dbeta) {
  float m1 = 0.0f, m2 = 0.0f;
  for (int i = 0; i < n; i++) {
    float dxh = dy[i] * gamma[i];
    dgamma[i] += dy[i] * xhat[i];
    dbeta[i] += dy[i];
    m1 += dxh;
    m2 += dxh * xhat[i];
  }
  m1 /= n;
  m2 /= n;
  for (int i = 0; i < n; i++) da[i] = (dy[i] * gamma[i] - m1 - xhat[i] * m2) * rstd;
}

static int rows_of(const ur_layer *l, int B) { return B * (l->in.steps > 0 ? l->in.steps : 1); }

static int ln_tensors(const ur_layer *l, ur_tensor_info *t) {
  int F = l->in.features;
  t[0] = (ur_tensor_info){"gamma", 0, (size_t)F, 1, F};
  t[1] = (ur_tensor_info){"beta", (size_t)F, (size_t)F, 1, F};
  return 2;
}

static void ln_init(ur_layer *l, ur_rng *rng) {
  (void)rng;
  int F = l->in.features;
  for (int i = 0; i < F; i++) { l->w[i] = 1.0f; l->w[F + i] = 0.0f; }
}

/* LayerNormalization's buffers, for batch B (rows = B·T, or B on vectors). */
typedef struct {
  float *xhat; /* cache: rows × F  x̂ */
  float *rstd; /* cache: rows      1/√(σ² + ε) */
} ln_bufs;

static ln_bufs ln_layout(const ur_layer *l, int B, ur_carve *c) {
  size_t R = (size_t)rows_of(l, B);
  ln_bufs b;
  b.xhat = ur_take_cache(c, R * (size_t)l->in.features);
  b.rstd = ur_take_cache(c, R);
  return b;
}
static void ln_carve(const ur_layer *l, int B, ur_carve *c) { (void)ln_layout(l, B, c); }

static void ln_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  (void)training;
  int F = l->in.features, R = rows_of(l, B);
  ln_bufs bufs = ln_layout(l, B, UR_CARVE_OF(l));
  float *xhat = bufs.xhat, *rstd = bufs.rstd;
  for (int r = 0; r < R; r++)
    ur_ln_row_forward(x + (size_t)r * F, y + (size_t)r * F, F, l->w, l->w + F, xhat + (size_t)r * F, rstd + r);
}

static void ln_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  (void)x; (void)y;
  int F = l->in.features, R = rows_of(l, B);
  ln_bufs bufs = ln_layout(l, B, UR_CARVE_OF(l));
  float *xhat = bufs.xhat, *rstd = bufs.rstd;
  for (int r = 0; r < R; r++) {
    float *d = dx ? dx + (size_t)r * F : dy + (size_t)r * F; /* dy is ours to overwrite */
    ur_ln_row_backward(dy + (size_t)r * F, d, F, l->w, xhat + (size_t)r * F, rstd[r], l->g, l->g + F);
  }
}

const ur_layer_ops ur_layer_norm_ops = {ln_tensors, ln_init, ur_layer_cache_floats, ln_forward, ln_backward,
                                        ur_layer_scratch_floats, ln_carve};

static void ln_describe(const ur_layer_spec *s, char *buf, size_t len) {
  (void)s;
  snprintf(buf, len, "epsilon %g", UR_LN_EPSILON);
}

const ur_kind_def ur_layer_norm_kind = {
    .kind = UR_LAYER_NORM, .id = "layer_norm", .name = "LayerNormalization",
    .summary = "Normalizes each step over its features",
    .per_step = 1, .output_shape = ur_shape_same, .describe = ln_describe, .ops = &ur_layer_norm_ops,
};
