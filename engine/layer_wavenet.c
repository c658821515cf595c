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
 *
 * The gate convs (causal, kernel 2) skip the generic conv_ops: x_i is written
 * straight into its im2col rows [x(t - d_i) | x(t)] by the pass that makes
 * it, and their backward gathers the two taps; the passes between products
 * are fused so each reads and writes its rows once.
 */
#include "conv_ops.h"
#include "layer.h"
#include "small_gemm.h"
#include "tensor_ops.h"
#include <stdio.h>
#include <string.h>

typedef struct {
  int N, C, T, n;
  ur_conv_geom in_conv;
  ur_conv_geom pw; /* the 1×1 convolution; the gate convs are done by hand below */
} wn_geom;

static wn_geom geom(const ur_layer *l) {
  wn_geom g;
  g.N = l->spec.units; g.C = l->in.features; g.T = l->in.steps; g.n = l->spec.n_dilations;
  g.in_conv = ur_conv_geom_make(g.T, g.C, g.N, 2, 1, 1, UR_PAD_CAUSAL);
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

/* Every buffer the block keeps or borrows, for batch B; R = B·T rows.
 * x_i is kept only inside its im2col rows cols_i = [x_i(t - d_i) | x_i(t)]. */
typedef struct {
  /* cache */
  float *cols0;                    /* R × 2C  the input conv's im2col */
  float *cols[UR_MAX_DILATIONS];   /* R × 2N  layer i's gate-conv im2col (x_i in its right half) */
  float *as[UR_MAX_DILATIONS];     /* R × 2N  [tanh u_a | σ(u_s)] */
  float *g[UR_MAX_DILATIONS];      /* R × N   g_i = tanh(u_a) ⊙ σ(u_s) */
  float *S;                        /* R × N   Σ_i skip_i before the ReLU */
  /* scratch, forward (every layer reuses it) */
  float *z;                        /* R × N   z_i, the 1×1 conv's output */
  float *u;                        /* R × 2N  [u_a u_s], the gate conv's output */
  /* scratch, backward */
  float *dz;                       /* R × N   dL/dz_i */
  float *dres;                     /* R × N   dL/dx_i so far */
  float *dg;                       /* R × N   dL/dg_i */
  float *du;                       /* R × 2N  dL/du_i */
  float *dcols;                    /* R × max(2C, 2N)  dL/dcols of a gate conv or the input conv */
} wn_bufs;

static wn_bufs wn_layout(const ur_layer *l, int B, ur_carve *c) {
  wn_geom g = geom(l);
  size_t R = (size_t)B * g.T, N = (size_t)g.N, C = (size_t)g.C;
  wn_bufs b;
  b.cols0 = ur_take_cache(c, R * 2 * C);
  for (int i = 0; i < g.n; i++) {
    b.cols[i] = ur_take_cache(c, R * 2 * N);
    b.as[i] = ur_take_cache(c, R * 2 * N);
    b.g[i] = ur_take_cache(c, R * N);
  }
  b.S = ur_take_cache(c, R * N);
  b.z = ur_take_scratch(c, R * N);
  b.u = ur_take_scratch(c, R * 2 * N);
  ur_scratch_again(c);
  b.dz = ur_take_scratch(c, R * N);
  b.dres = ur_take_scratch(c, R * N);
  b.dg = ur_take_scratch(c, R * N);
  b.du = ur_take_scratch(c, R * 2 * N);
  b.dcols = ur_take_scratch(c, R * (C > N ? 2 * C : 2 * N));
  return b;
}
static void wn_carve(const ur_layer *l, int B, ur_carve *c) { (void)wn_layout(l, B, c); }

/* cols (rows of [x(t - d) | x(t)], 2N wide) from its own right half: the
 * causal kernel-2 conv's im2col, for layer 0, whose x_0 the input conv
 * wrote straight into that half. */
static void shift_tap0(const wn_geom *g, int d, int B, float *cols) {
  size_t N = (size_t)g->N;
  for (int b = 0; b < B; b++)
    for (int t = 0; t < g->T; t++) {
      float *row = cols + ((size_t)b * g->T + t) * 2 * N;
      if (t < d) memset(row, 0, sizeof(float) * N);
      else memcpy(row, row - (size_t)d * 2 * N + N, sizeof(float) * N);
    }
}

/* The pass after each 1×1 conv, per row, with restrict so it vectorises:
 * S += z_i (S = z_0 for the first), and x_{i+1} = x_i + z_i written to both
 * places layer i + 1's im2col wants it (xn1: its own row, xn0: the row d
 * steps later, or NULL past the end). */
static void residual_row(size_t N, const float *restrict z, const float *restrict xi, float *restrict S,
                         float *restrict xn1, float *restrict xn0, int first) {
  for (size_t j = 0; j < N; j++) S[j] = first ? z[j] : S[j] + z[j];
  /* stored twice in one loop: a memcpy per 128-byte row costs more */
  if (xn0)
    for (size_t j = 0; j < N; j++) xn0[j] = xn1[j] = xi[j] + z[j];
  else
    for (size_t j = 0; j < N; j++) xn1[j] = xi[j] + z[j];
}

static void residual(const wn_geom *g, int B, const float *z, const float *cols_i, float *S, float *cols_n, int d,
                     int first) {
  size_t N = (size_t)g->N;
  for (int b = 0; b < B; b++)
    for (int t = 0; t < g->T; t++) {
      size_t r = (size_t)b * g->T + t;
      float *next = cols_n + r * 2 * N;
      if (t < d) memset(next, 0, sizeof(float) * N); /* causal padding */
      residual_row(N, z + r * N, cols_i + r * 2 * N + N, S + r * N, next + N,
                   t + d < g->T ? next + (size_t)d * 2 * N : NULL, first);
    }
}

/* after the last layer: y = relu(S + z), x_n being unused */
static void skip_relu(size_t n, const float *restrict z, float *restrict S, float *restrict y, int first) {
  for (size_t k = 0; k < n; k++) {
    float sk = first ? z[k] : S[k] + z[k];
    S[k] = sk;
    y[k] = sk > 0.0f ? sk : 0.0f;
  }
}

static void wn_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  (void)training;
  wn_geom g = geom(l);
  wn_bufs c = wn_layout(l, B, UR_CARVE_OF(l));
  size_t N = (size_t)g.N, R = (size_t)B * g.T;
  int RI = (int)R, N2 = 2 * g.N;
  float *z = c.z, *u = c.u;
  ur_conv_forward(&g.in_conv, x, B, l->w, l->w + 2 * g.C * N, c.cols0, c.cols[0] + N, N2);
  shift_tap0(&g, l->spec.dilations[0], B, c.cols[0]);
  for (int i = 0; i < g.n; i++) {
    const float *p = l->w + p_layer(&g, i);
    int first = i == 0, last = i + 1 == g.n;
    /* gate conv straight from cols_i (its im2col is already done) */
    ur_gemm_bias(RI, N2, N2, c.cols[i], N2, p, N2, p + 4 * N * N, u, N2);
    ur_gate_rows(u, c.as[i], c.g[i], R, N);
    ur_conv_forward(&g.pw, c.g[i], B, p + 4 * N * N + 2 * N, p + 5 * N * N + 2 * N, NULL, z, g.N);
    if (last)
      skip_relu(R * N, z, c.S, y, first);
    else
      residual(&g, B, z, c.cols[i], c.S, c.cols[i + 1], l->spec.dilations[i + 1], first);
  }
}

/* dx_i's conv path, gathered rather than scattered: the causal kernel-2 conv
 * reads x[t - d] (tap 0) and x[t] (tap 1), so
 *   dx[t] = dcols[t]·tap1 + dcols[t + d]·tap0   (t + d < T).
 * The same pass adds it to dres (= dL/dx_i so far; written, not added, for
 * the top layer), forms the next layer's dz = dS + dres and sums dz's rows
 * into that layer's skip-bias gradient gc (NULL below layer 0). */
static void gate_col2im_row(size_t N, const float *restrict tap1, const float *restrict tap0, int top,
                            float *restrict dr) {
  if (top && tap0) for (size_t j = 0; j < N; j++) dr[j] = tap1[j] + tap0[j];
  else if (top)    for (size_t j = 0; j < N; j++) dr[j] = tap1[j];
  else if (tap0)   for (size_t j = 0; j < N; j++) dr[j] += tap1[j] + tap0[j];
  else             for (size_t j = 0; j < N; j++) dr[j] += tap1[j];
}

static void next_dz_row(size_t N, const float *restrict ds, const float *restrict dr, float *restrict zz,
                        float *restrict gc) {
  for (size_t j = 0; j < N; j++) {
    zz[j] = ds[j] + dr[j];
    gc[j] += zz[j];
  }
}

static void gate_col2im(const wn_geom *g, int d, int B, const float *dcols, const float *dS, int top,
                        float *dres, float *dz, float *gc) {
  size_t N = (size_t)g->N;
  for (int b = 0; b < B; b++)
    for (int t = 0; t < g->T; t++) {
      size_t r = (size_t)b * g->T + t;
      const float *tap0 = t + d < g->T ? dcols + (r + d) * 2 * N : NULL;
      gate_col2im_row(N, dcols + r * 2 * N + N, tap0, top, dres + r * N);
      if (gc) next_dz_row(N, dS + r * N, dres + r * N, dz + r * N, gc);
    }
}

/* Gated unit backward from its outputs a = tanh, s = σ:
 *   du_a = dg·s·(1 - a²),  du_s = dg·a·s·(1 - s);  gb += du (the gate bias). */
static void gate_backward_row(size_t N, const float *restrict a, const float *restrict s, const float *restrict d,
                              float *restrict ua, float *restrict us, float *restrict gb) {
  for (size_t j = 0; j < N; j++) {
    ua[j] = d[j] * s[j] * (1.0f - a[j] * a[j]);
    us[j] = d[j] * a[j] * s[j] * (1.0f - s[j]);
  }
  for (size_t j = 0; j < N; j++) gb[j] += ua[j];
  for (size_t j = 0; j < N; j++) gb[N + j] += us[j];
}

/* dS = dy ⊙ [y > 0], kept in dy; the top layer's dz is dS (x_n is unused)
 * and its skip-bias gradient gc is dS's row sums. */
static void relu_back_row(size_t N, const float *restrict y, float *restrict dy, float *restrict dz,
                          float *restrict gc) {
  for (size_t j = 0; j < N; j++) {
    float v = y[j] > 0.0f ? dy[j] : 0.0f;
    dy[j] = dz[j] = v;
    gc[j] += v;
  }
}

static void wn_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  wn_geom g = geom(l);
  wn_bufs c = wn_layout(l, B, UR_CARVE_OF(l));
  size_t N = (size_t)g.N, R = (size_t)B * g.T;
  int RI = (int)R, N2 = 2 * g.N;
  float *dz = c.dz, *dres = c.dres, *dg = c.dg, *du = c.du, *dcols = c.dcols;
  float *dS = dy;
  float *gc_top = l->g + p_layer(&g, g.n - 1) + 5 * N * N + 2 * N;
  for (size_t r = 0; r < R; r++) relu_back_row(N, y + r * N, dS + r * N, dz + r * N, gc_top);
  for (int i = g.n - 1; i >= 0; i--) {
    const float *p = l->w + p_layer(&g, i), *as = c.as[i];
    float *gp = l->g + p_layer(&g, i), *gb = gp + 4 * N * N;
    const float *V = p + 4 * N * N + 2 * N, *W = p;
    /* 1×1 conv z = g V + c (its bias gradient was summed with dz) */
    ur_gemm(1, 0, g.N, g.N, RI, 1.0f, c.g[i], g.N, dz, g.N, 1.0f, gp + 4 * N * N + 2 * N, g.N); /* dV += gᵀ dz */
    ur_gemm_nt(RI, g.N, g.N, dz, g.N, V, g.N, dg, g.N);                                      /* dg = dz Vᵀ */
    for (size_t r = 0; r < R; r++)
      gate_backward_row(N, as + r * N2, as + r * N2 + N, dg + r * N, du + r * N2, du + r * N2 + N, gb);
    ur_gemm(1, 0, N2, N2, RI, 1.0f, c.cols[i], N2, du, N2, 1.0f, gp, N2); /* dW += colsᵀ du */
    ur_gemm_nt(RI, N2, N2, du, N2, W, N2, dcols, N2);                     /* dcols = du Wᵀ */
    float *gc_below = i > 0 ? l->g + p_layer(&g, i - 1) + 5 * N * N + 2 * N : NULL;
    gate_col2im(&g, l->spec.dilations[i], B, dcols, dS, i == g.n - 1, dres, dz, gc_below);
  }
  ur_conv_backward(&g.in_conv, x, c.cols0, dres, B, l->w, l->g, l->g + 2 * g.C * N, dcols, dx);
}

const ur_layer_ops ur_wavenet_ops = {wn_tensors, wn_init, ur_layer_cache_floats, wn_forward, wn_backward,
                                     ur_layer_scratch_floats, wn_carve};

/* The chapter's block: 32 filters, dilations 1, 2, 4. */
static void wn_defaults(ur_layer_spec *s) {
  s->units = 32;
  s->n_dilations = 3;
  s->dilations[0] = 1; s->dilations[1] = 2; s->dilations[2] = 4;
}

static int wn_shape(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len) {
  if (ur_check_units(s, "filter", why, len) || ur_check_sequence(in, "the WaveNet block", why, len)) return -1;
  if (s->n_dilations < 1 || s->n_dilations > UR_MAX_DILATIONS)
    return ur_shape_error(why, len, "the WaveNet block needs between 1 and %d dilation rates", UR_MAX_DILATIONS);
  for (int i = 0; i < s->n_dilations; i++)
    if (s->dilations[i] < 1 || s->dilations[i] > UR_MAX_KERNEL)
      return ur_shape_error(why, len, "WaveNet dilation rates must be from 1 to %d", UR_MAX_KERNEL);
  *out = (ur_shape){in.steps, s->units};
  return 0;
}

static void wn_describe(const ur_layer_spec *s, char *buf, size_t len) {
  int n = snprintf(buf, len, "%d filters, dilations", s->units);
  for (int i = 0; i < s->n_dilations && n > 0 && (size_t)n < len; i++)
    n += snprintf(buf + n, len - n, "%s%d", i ? "," : " ", s->dilations[i]);
}

/* Causal all the way: the input conv looks 1 step back, layer i d_i more. */
static ur_time_window wn_window(const ur_layer_spec *s, int T_in) {
  (void)T_in;
  int span = 2;
  for (int d = 0; d < s->n_dilations && d < UR_MAX_DILATIONS; d++) span += s->dilations[d];
  return (ur_time_window){span, 1, span - 1};
}

const ur_kind_def ur_wavenet_kind = {
    .kind = UR_WAVENET, .id = "wavenet", .name = "WaveNet block",
    .summary = "Gated dilated causal convolutions with residual and skip paths",
    .window = wn_window, .defaults = wn_defaults, .output_shape = wn_shape, .describe = wn_describe,
    .ops = &ur_wavenet_ops,
};
