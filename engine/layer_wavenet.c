/* layer_wavenet.c: the chapter's full WaveNet block.
 *
 *   x_0 = causal_conv(x; kernel 2)                              B × T × N
 *   for each dilation d_i:
 *     [u_a u_s] = causal_conv(x_i; kernel 2, dilation d_i)       B × T × 2N
 *     g_i = tanh(u_a) ⊙ σ(u_s)                                   gated activation
 *     z_i = g_i V_i + c_i                                        1×1 conv, N → N
 *     x_{i+1} = x_i + z_i        (residual);   skip_i = z_i
 *   y = relu(Σ_i skip_i)                                         B × T × N
 * Backward: dS = dy ⊙ [y > 0]; going down the stack, dz_i = dS + dx_{i+1}
 * (x_n is unused, as in the chapter), and dx_i = dx_{i+1} + conv_backward(...).
 */
#include "conv_ops.h"
#include "layer.h"
#include "tensor_ops.h"
#include <stdio.h>
#include <string.h>

typedef struct {
  int N, C, T, n;
  ur_conv_geom in_conv;
  ur_conv_geom gate[UR_MAX_DILATIONS];
  ur_conv_geom pw; /* the 1×1 convolution */
} wn_geom;

static wn_geom geom(const ur_layer *l) {
  wn_geom g;
  g.N = l->spec.units; g.C = l->in.features; g.T = l->in.steps; g.n = l->spec.n_dilations;
  g.in_conv = ur_conv_geom_make(g.T, g.C, g.N, 2, 1, 1, UR_PAD_CAUSAL);
  for (int i = 0; i < g.n; i++) g.gate[i] = ur_conv_geom_make(g.T, g.N, 2 * g.N, 2, 1, l->spec.dilations[i], UR_PAD_CAUSAL);
  g.pw = ur_conv_geom_make(g.T, g.N, g.N, 1, 1, 1, UR_PAD_VALID);
  return g;
}

/* parameter offsets */
static size_t p_layer(const wn_geom *g, int i) {
  size_t N = (size_t)g->N;
  return 2 * (size_t)g->C * N + N + (size_t)i * (4 * N * N + 2 * N + N * N + N);
}

static int wn_tensors(const ur_layer *l, ur_tensor_info *t) {
  wn_geom g = geom(l);
  int N = g.N, k = 0;
  t[k++] = (ur_tensor_info){"input_kernel", 0, (size_t)2 * g.C * N, 2 * g.C, N};
  t[k++] = (ur_tensor_info){"input_bias", (size_t)2 * g.C * N, (size_t)N, 1, N};
  for (int i = 0; i < g.n; i++) {
    size_t o = p_layer(&g, i);
    ur_tensor_info a = {"", o, (size_t)4 * N * N, 2 * N, 2 * N};
    ur_tensor_info b = {"", o + (size_t)4 * N * N, (size_t)2 * N, 1, 2 * N};
    ur_tensor_info c = {"", o + (size_t)4 * N * N + 2 * N, (size_t)N * N, N, N};
    ur_tensor_info d = {"", o + (size_t)5 * N * N + 2 * N, (size_t)N, 1, N};
    snprintf(a.name, sizeof a.name, "gate_kernel_%d", i);
    snprintf(b.name, sizeof b.name, "gate_bias_%d", i);
    snprintf(c.name, sizeof c.name, "skip_kernel_%d", i);
    snprintf(d.name, sizeof d.name, "skip_bias_%d", i);
    t[k++] = a; t[k++] = b; t[k++] = c; t[k++] = d;
  }
  return k;
}

static void wn_init(ur_layer *l, ur_rng *rng) {
  wn_geom g = geom(l);
  size_t N = (size_t)g.N;
  ur_init_glorot_uniform(l->w, 2 * g.C * N, 2 * g.C, 2 * (int)N, rng);
  memset(l->w + 2 * g.C * N, 0, sizeof(float) * N);
  for (int i = 0; i < g.n; i++) {
    float *p = l->w + p_layer(&g, i);
    ur_init_glorot_uniform(p, 4 * N * N, 2 * (int)N, 4 * (int)N, rng);
    memset(p + 4 * N * N, 0, sizeof(float) * 2 * N);
    ur_init_glorot_uniform(p + 4 * N * N + 2 * N, N * N, (int)N, (int)N, rng);
    memset(p + 5 * N * N + 2 * N, 0, sizeof(float) * N);
  }
}

/* cache, all per B·T rows: cols0 (2C), then per layer x_i (N), cols_i (4N),
 * gate a|s (2N), g_i (N); then S (N) */
typedef struct { float *cols0, *x[UR_MAX_DILATIONS], *cols[UR_MAX_DILATIONS], *as[UR_MAX_DILATIONS], *g[UR_MAX_DILATIONS], *S; } wn_cache;

static size_t wn_cache_floats(const ur_layer *l, int B) {
  wn_geom g = geom(l);
  size_t R = (size_t)B * g.T, N = (size_t)g.N;
  return R * (2 * g.C + (size_t)g.n * (N + 4 * N + 2 * N + N) + N);
}

static wn_cache map(const ur_layer *l, const wn_geom *g, int B) {
  wn_cache c;
  size_t R = (size_t)B * g->T, N = (size_t)g->N;
  float *p = l->cache;
  c.cols0 = p; p += R * 2 * g->C;
  for (int i = 0; i < g->n; i++) {
    c.x[i] = p; p += R * N;
    c.cols[i] = p; p += R * 4 * N;
    c.as[i] = p; p += R * 2 * N;
    c.g[i] = p; p += R * N;
  }
  c.S = p;
  return c;
}

/* dz, dres, dg (N each), du (2N), dcols (max(2C, 4N)) per row */
static size_t wn_scratch(const ur_layer *l, int B) {
  wn_geom g = geom(l);
  size_t N = (size_t)g.N, KC = 2 * (size_t)g.C > 4 * N ? 2 * (size_t)g.C : 4 * N;
  return (size_t)B * g.T * (5 * N + KC);
}

static void wn_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  (void)training;
  wn_geom g = geom(l);
  wn_cache c = map(l, &g, B);
  size_t R = (size_t)B * g.T, N = (size_t)g.N;
  float *z = l->scratch; /* R × N */
  ur_conv_forward(&g.in_conv, x, B, l->w, l->w + 2 * g.C * N, c.cols0, c.x[0]);
  memset(c.S, 0, sizeof(float) * R * N);
  for (int i = 0; i < g.n; i++) {
    const float *p = l->w + p_layer(&g, i);
    float *as = c.as[i], *gi = c.g[i];
    ur_conv_forward(&g.gate[i], c.x[i], B, p, p + 4 * N * N, c.cols[i], as);
    for (size_t r = 0; r < R; r++) {
      float *a = as + r * 2 * N, *s = a + N, *gg = gi + r * N;
      ur_tanh_inplace(a, N);
      ur_sigmoid_inplace(s, N);
      for (size_t j = 0; j < N; j++) gg[j] = a[j] * s[j];
    }
    ur_conv_forward(&g.pw, gi, B, p + 4 * N * N + 2 * N, p + 5 * N * N + 2 * N, NULL, z);
    for (size_t k = 0; k < R * N; k++) c.S[k] += z[k];
    if (i + 1 < g.n)
      for (size_t k = 0; k < R * N; k++) c.x[i + 1][k] = c.x[i][k] + z[k];
  }
  for (size_t k = 0; k < R * N; k++) y[k] = c.S[k] > 0.0f ? c.S[k] : 0.0f;
}

static void wn_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  wn_geom g = geom(l);
  wn_cache c = map(l, &g, B);
  size_t R = (size_t)B * g.T, N = (size_t)g.N;
  float *dz = l->scratch, *dres = dz + R * N, *dg = dres + R * N, *du = dg + R * N, *dcols = du + 2 * R * N;
  float *dxi = dz; /* reused once dz is consumed */
  for (size_t k = 0; k < R * N; k++) dy[k] = y[k] > 0.0f ? dy[k] : 0.0f; /* dS */
  memset(dres, 0, sizeof(float) * R * N);
  for (int i = g.n - 1; i >= 0; i--) {
    const float *p = l->w + p_layer(&g, i);
    float *gp = l->g + p_layer(&g, i);
    for (size_t k = 0; k < R * N; k++) dz[k] = dy[k] + dres[k];
    ur_conv_backward(&g.pw, c.g[i], NULL, dz, B, p + 4 * N * N + 2 * N, gp + 4 * N * N + 2 * N,
                     gp + 5 * N * N + 2 * N, NULL, dg);
    for (size_t r = 0; r < R; r++) {
      const float *a = c.as[i] + r * 2 * N, *s = a + N, *d = dg + r * N;
      float *ua = du + r * 2 * N, *us = ua + N;
      for (size_t j = 0; j < N; j++) {
        ua[j] = d[j] * s[j] * (1.0f - a[j] * a[j]);
        us[j] = d[j] * a[j] * s[j] * (1.0f - s[j]);
      }
    }
    ur_conv_backward(&g.gate[i], c.x[i], c.cols[i], du, B, p, gp, gp + 4 * N * N, dcols, dxi);
    for (size_t k = 0; k < R * N; k++) dres[k] += dxi[k]; /* dx_i = dx_{i+1} + conv path */
  }
  ur_conv_backward(&g.in_conv, x, c.cols0, dres, B, l->w, l->g, l->g + 2 * g.C * N, dcols, dx);
}

const ur_layer_ops ur_wavenet_ops = {wn_tensors, wn_init, wn_cache_floats, wn_forward, wn_backward, wn_scratch};
