/* layer_gru.c: GRU as Keras 2 (reset_after=True, gates z r h).
 *
 *   [xz xr xh] = x_t W + b_in                  W F × 3H, b_in 3H
 *   [hz hr hh] = h̃_{t-1} U + b_rec             U H × 3H, b_rec 3H
 *   z = σ(xz + hz),  r = σ(xr + hr),  ĥ = act(xh + r ⊙ hh)
 *   h_t = z ⊙ h_{t-1} + (1 - z) ⊙ ĥ
 * Backward at step t, dh = dy_t + dh_{t+1→t}:
 *   dz = dh ⊙ (h_{t-1} - ĥ);  dâ = dh ⊙ (1 - z) ⊙ act'(ĥ);  dr = dâ ⊙ hh
 *   d[x-side] = [dz σ'(z), dr σ'(r), dâ];  d[h-side] = [dz σ'(z), dr σ'(r), dâ ⊙ r]
 *   dh_{t→t-1} = dh ⊙ z + (d[h-side] Uᵀ) ⊙ m_h
 */
#include "layer.h"
#include "rnn_common.h"
#include "tensor_ops.h"
#include <string.h>

static int gru_tensors(const ur_layer *l, ur_tensor_info *t) {
  int F = l->in.features, H = l->spec.units, G = 3 * H;
  t[0] = (ur_tensor_info){"kernel", 0, (size_t)F * G, F, G};
  t[1] = (ur_tensor_info){"recurrent_kernel", (size_t)F * G, (size_t)H * G, H, G};
  t[2] = (ur_tensor_info){"bias", (size_t)(F + H) * G, (size_t)2 * G, 2, G};
  return 3;
}

static void gru_init(ur_layer *l, ur_rng *rng) {
  int F = l->in.features, H = l->spec.units, G = 3 * H;
  float *W = l->w, *U = W + (size_t)F * G, *b = U + (size_t)H * G;
  ur_init_glorot_uniform(W, (size_t)F * G, F, G, rng);
  ur_init_orthogonal(U, H, G, rng);
  memset(b, 0, sizeof(float) * 2 * (size_t)G);
}

/* Every buffer GRU keeps or borrows, for batch B. */
typedef struct {
  ur_rnn_cache rnn; /* x̃, masks, h̃_{t-1} (rnn_common.h) */
  /* cache */
  float *gates;  /* B × T × 3H  [z r ĥ] after their activations */
  float *hh;     /* B × T × H   hh = h̃_{t-1} U_h + b_rec,h */
  float *hs;     /* B × T × H   h_t */
  /* scratch */
  float *dH;     /* B × T × H   dL/dh_t from the layer above */
  float *dXZ;    /* B × T × 3H  d[x-side] */
  float *dHR;    /* B × T × 3H  d[h-side] */
  float *carry;  /* B × H       dh_{t→t-1} through U */
  float *direct; /* B × H       dh_{t→t-1} through z ⊙ h_{t-1} */
  float *HR;     /* B × 3H      forward: h̃_{t-1} U + b_rec of one step */
} gru_bufs;

static gru_bufs gru_layout(const ur_layer *l, int B, ur_carve *c) {
  size_t H = (size_t)l->spec.units, G = 3 * H, BT = (size_t)B * l->in.steps;
  gru_bufs b;
  b.rnn = ur_rnn_layout(l, B, (int)G, c);
  b.gates = ur_take_cache(c, BT * G);
  b.hh = ur_take_cache(c, BT * H);
  b.hs = ur_take_cache(c, BT * H);
  b.dH = ur_take_scratch(c, BT * H);
  b.dXZ = ur_take_scratch(c, BT * G);
  b.dHR = ur_take_scratch(c, BT * G);
  b.carry = ur_take_scratch(c, (size_t)B * H);
  b.direct = ur_take_scratch(c, (size_t)B * H);
  b.HR = ur_take_scratch(c, (size_t)B * G);
  return b;
}
static void gru_carve(const ur_layer *l, int B, ur_carve *c) { (void)gru_layout(l, B, c); }

static void gru_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  int H = l->spec.units, G = 3 * H;
  gru_bufs bufs = gru_layout(l, B, UR_CARVE_OF(l));
  ur_rnn_cache c = bufs.rnn;
  int T = c.T, F = c.F, ldh = T * H;
  const float *W = l->w, *U = W + (size_t)F * G, *b_in = U + (size_t)H * G, *b_rec = b_in + G;
  float *gates = bufs.gates, *hhs = bufs.hh, *hs = bufs.hs, *HR = bufs.HR;
  ur_activation act = l->spec.activation;
  const float *xin = ur_rnn_begin(l, &c, x, training);
  ur_rnn_project(&c, xin, W, b_in, gates);
  for (int t = 0; t < T; t++) {
    float *hin = ur_rnn_hin(&c, t, t ? hs + (size_t)(t - 1) * H : NULL, ldh);
    ur_fill_rows(HR, B, G, G, b_rec);
    if (t) ur_gemm(0, 0, B, G, H, 1.0f, hin, ldh, U, G, 1.0f, HR, G); /* HR = h̃ U + b_rec */
    for (int bb = 0; bb < B; bb++) {
      size_t k = (size_t)bb * T + t;
      float *z = gates + k * G, *hh = hhs + k * H, *h = hs + k * H;
      const float *hr = HR + (size_t)bb * G, *hp = t ? h - H : NULL;
      /* whole rows at a time, so the activations run SIMD */
      for (int j = 0; j < 2 * H; j++) z[j] += hr[j];
      ur_sigmoid_inplace(z, 2 * (size_t)H); /* z, r */
      const float *r = z + H;
      float *cand = z + 2 * H;
      for (int j = 0; j < H; j++) {
        hh[j] = hr[2 * H + j];
        cand[j] += r[j] * hh[j];
      }
      ur_act_forward(act, cand, (size_t)H);
      if (hp) for (int j = 0; j < H; j++) h[j] = z[j] * hp[j] + (1.0f - z[j]) * cand[j];
      else for (int j = 0; j < H; j++) h[j] = (1.0f - z[j]) * cand[j];
    }
  }
  ur_rnn_output(l, &c, hs, y);
}

static void gru_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  (void)y;
  int H = l->spec.units, G = 3 * H;
  gru_bufs bufs = gru_layout(l, B, UR_CARVE_OF(l));
  ur_rnn_cache c = bufs.rnn;
  int T = c.T, F = c.F, ldg = T * G;
  const float *U = l->w + (size_t)F * G;
  const float *gates = bufs.gates, *hhs = bufs.hh, *hs = bufs.hs;
  float *dH = bufs.dH, *dXZ = bufs.dXZ, *dHR = bufs.dHR, *carry = bufs.carry, *direct = bufs.direct;
  float *gW = l->g, *gU = gW + (size_t)F * G, *gb_in = gU + (size_t)H * G, *gb_rec = gb_in + G;
  ur_activation act = l->spec.activation;
  const float *xin = l->spec.dropout > 0.0f ? c.xin : x;
  ur_rnn_spread_dy(l, &c, dy, dH);
  memset(carry, 0, sizeof(float) * (size_t)B * H);
  for (int t = T - 1; t >= 0; t--) {
    for (int bb = 0; bb < B; bb++) {
      size_t k = (size_t)bb * T + t;
      const float *z = gates + k * G, *hh = hhs + k * H, *hp = t ? hs + (k - 1) * H : NULL;
      float *dxz = dXZ + k * G, *dhr = dHR + k * G, *ch = carry + (size_t)bb * H, *dd = direct + (size_t)bb * H;
      const float *dh0 = dH + k * H;
      for (int j = 0; j < H; j++) {
        float zz = z[j], rr = z[H + j], cand = z[2 * H + j];
        float dh = dh0[j] + ch[j];
        float dz = dh * ((hp ? hp[j] : 0.0f) - cand);
        float da = dh * (1.0f - zz) * ur_act_grad(act, cand);
        float dr = da * hh[j];
        dxz[j] = dhr[j] = dz * zz * (1.0f - zz);
        dxz[H + j] = dhr[H + j] = dr * rr * (1.0f - rr);
        dxz[2 * H + j] = da;
        dhr[2 * H + j] = da * rr;
        dd[j] = dh * zz;
      }
    }
    if (t) {
      ur_rnn_carry(l, &c, dHR + (size_t)t * G, ldg, U, carry);
      for (size_t i = 0; i < (size_t)B * H; i++) carry[i] += direct[i];
    }
  }
  ur_add_row_sums(gb_rec, dHR, B * T, G, G);
  ur_rnn_finish(l, &c, xin, dXZ, dHR, gW, gU, gb_in, dx);
}

const ur_layer_ops ur_gru_ops = {gru_tensors, gru_init, ur_layer_cache_floats, gru_forward, gru_backward,
                                 ur_layer_scratch_floats, gru_carve};

const ur_kind_def ur_gru_kind = {
    .kind = UR_GRU, .id = "gru", .name = "GRU", .summary = "Gated recurrent unit (reset_after, as Keras 2)",
    .recurrent = 1, .output_shape = ur_rnn_output_shape, .describe = ur_rnn_describe, .ops = &ur_gru_ops,
};
