/* layer_lstm.c: LSTM as Keras (gates i f c o, recurrent activation sigmoid).
 *
 *   [i f g o] = x_t W + h̃_{t-1} U + b          W F × 4H, U H × 4H, b 4H
 *   i = σ(i), f = σ(f), g = act(g), o = σ(o)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ act(c_t)
 * Backward at step t, with dh = dy_t + dh_{t+1→t}, dc_{t+1→t} carried:
 *   do = dh ⊙ act(c_t);  dc = dh ⊙ o ⊙ act'(c_t) + dc_{t+1→t}
 *   di = dc ⊙ g;  dg = dc ⊙ i;  df = dc ⊙ c_{t-1};  dc_{t→t-1} = dc ⊙ f
 *   dZ = [di σ'(i), df σ'(f), dg act'(g), do σ'(o)];  dh_{t→t-1} = (dZ Uᵀ) ⊙ m_h
 */
#include "layer.h"
#include "rnn_common.h"
#include "tensor_ops.h"
#include <string.h>

static int lstm_tensors(const ur_layer *l, ur_tensor_info *t) {
  int F = l->in.features, H = l->spec.units, G = 4 * H;
  t[0] = (ur_tensor_info){"kernel", 0, (size_t)F * G, F, G};
  t[1] = (ur_tensor_info){"recurrent_kernel", (size_t)F * G, (size_t)H * G, H, G};
  t[2] = (ur_tensor_info){"bias", (size_t)(F + H) * G, (size_t)G, 1, G};
  return 3;
}

static void lstm_init(ur_layer *l, ur_rng *rng) {
  int F = l->in.features, H = l->spec.units, G = 4 * H;
  float *W = l->w, *U = W + (size_t)F * G, *b = U + (size_t)H * G;
  ur_init_glorot_uniform(W, (size_t)F * G, F, G, rng);
  ur_init_orthogonal(U, H, G, rng);
  for (int j = 0; j < G; j++) b[j] = (j >= H && j < 2 * H) ? 1.0f : 0.0f; /* unit_forget_bias */
}

/* Every buffer LSTM keeps or borrows, for batch B. */
typedef struct {
  ur_rnn_cache rnn; /* x̃, masks, h̃_{t-1} (rnn_common.h) */
  /* cache */
  float *gates;   /* B × T × 4H  [i f g o] after their activations */
  float *cs;      /* B × T × H   c_t */
  float *tc;      /* B × T × H   act(c_t) */
  float *hs;      /* B × T × H   h_t */
  /* scratch */
  float *dH;      /* B × T × H   dL/dh_t from the layer above */
  float *dZ;      /* B × T × 4H  d[i f g o] before their activations */
  float *carry_h; /* B × H       dh_{t→t-1} */
  float *carry_c; /* B × H       dc_{t→t-1} */
} lstm_bufs;

static lstm_bufs lstm_layout(const ur_layer *l, int B, ur_carve *c) {
  size_t H = (size_t)l->spec.units, G = 4 * H, BT = (size_t)B * l->in.steps;
  lstm_bufs b;
  b.rnn = ur_rnn_layout(l, B, (int)G, c);
  b.gates = ur_take_cache(c, BT * G);
  b.cs = ur_take_cache(c, BT * H);
  b.tc = ur_take_cache(c, BT * H);
  b.hs = ur_take_cache(c, BT * H);
  b.dH = ur_take_scratch(c, BT * H);
  b.dZ = ur_take_scratch(c, BT * G);
  b.carry_h = ur_take_scratch(c, (size_t)B * H);
  b.carry_c = ur_take_scratch(c, (size_t)B * H);
  return b;
}
static void lstm_carve(const ur_layer *l, int B, ur_carve *c) { (void)lstm_layout(l, B, c); }

static void lstm_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  int H = l->spec.units, G = 4 * H;
  lstm_bufs bufs = lstm_layout(l, B, UR_CARVE_OF(l));
  ur_rnn_cache c = bufs.rnn;
  int T = c.T, F = c.F, ldh = T * H, ldg = T * G;
  const float *W = l->w, *U = W + (size_t)F * G, *b = U + (size_t)H * G;
  float *gates = bufs.gates, *cs = bufs.cs, *tc = bufs.tc, *hs = bufs.hs;
  ur_activation act = l->spec.activation;
  const float *xin = ur_rnn_begin(l, &c, x, training);
  ur_rnn_project(&c, xin, W, b, gates);
  for (int t = 0; t < T; t++) {
    float *hin = ur_rnn_hin(&c, t, t ? hs + (size_t)(t - 1) * H : NULL, ldh);
    if (t) ur_gemm(0, 0, B, G, H, 1.0f, hin, ldh, U, G, 1.0f, gates + (size_t)t * G, ldg); /* z += h̃ U */
    for (int bb = 0; bb < B; bb++) {
      size_t k = (size_t)bb * T + t;
      float *z = gates + k * G, *ct = cs + k * H, *tct = tc + k * H, *h = hs + k * H;
      const float *cp = t ? ct - H : NULL;
      /* the gates, whole rows at a time so the activations run SIMD */
      ur_sigmoid_inplace(z, 2 * (size_t)H);           /* i, f */
      ur_act_forward(act, z + 2 * H, (size_t)H);      /* g */
      ur_sigmoid_inplace(z + 3 * H, (size_t)H);       /* o */
      const float *i = z, *f = z + H, *g = z + 2 * H, *o = z + 3 * H;
      if (cp) for (int j = 0; j < H; j++) ct[j] = f[j] * cp[j] + i[j] * g[j];
      else for (int j = 0; j < H; j++) ct[j] = i[j] * g[j];
      memcpy(tct, ct, sizeof(float) * (size_t)H);
      ur_act_forward(act, tct, (size_t)H);
      for (int j = 0; j < H; j++) h[j] = o[j] * tct[j];
    }
  }
  ur_rnn_output(l, &c, hs, y);
}

static void lstm_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  (void)y;
  int H = l->spec.units, G = 4 * H;
  lstm_bufs bufs = lstm_layout(l, B, UR_CARVE_OF(l));
  ur_rnn_cache c = bufs.rnn;
  int T = c.T, F = c.F, ldg = T * G;
  const float *U = l->w + (size_t)F * G;
  const float *gates = bufs.gates, *cs = bufs.cs, *tc = bufs.tc;
  float *dH = bufs.dH, *dZ = bufs.dZ, *carry_h = bufs.carry_h, *carry_c = bufs.carry_c;
  float *gW = l->g, *gU = gW + (size_t)F * G, *gb = gU + (size_t)H * G;
  ur_activation act = l->spec.activation;
  const float *xin = l->spec.dropout > 0.0f ? c.xin : x;
  ur_rnn_spread_dy(l, &c, dy, dH);
  memset(carry_h, 0, sizeof(float) * (size_t)B * H);
  memset(carry_c, 0, sizeof(float) * (size_t)B * H);
  for (int t = T - 1; t >= 0; t--) {
    for (int bb = 0; bb < B; bb++) {
      size_t k = (size_t)bb * T + t;
      const float *z = gates + k * G, *ct = cs + k * H, *tct = tc + k * H, *cp = t ? ct - H : NULL;
      float *d = dZ + k * G, *ch = carry_h + (size_t)bb * H, *cc = carry_c + (size_t)bb * H;
      const float *dh0 = dH + k * H;
      for (int j = 0; j < H; j++) {
        float i = z[j], f = z[H + j], g = z[2 * H + j], o = z[3 * H + j];
        float dh = dh0[j] + ch[j];
        float dc = dh * o * ur_act_grad(act, tct[j]) + cc[j];
        float dout = dh * tct[j];
        d[j] = dc * g * i * (1.0f - i);
        d[H + j] = (cp ? dc * cp[j] : 0.0f) * f * (1.0f - f);
        d[2 * H + j] = dc * i * ur_act_grad(act, g);
        d[3 * H + j] = dout * o * (1.0f - o);
        cc[j] = dc * f;
      }
    }
    if (t) ur_rnn_carry(l, &c, dZ + (size_t)t * G, ldg, U, carry_h);
  }
  ur_rnn_finish(l, &c, xin, dZ, dZ, gW, gU, gb, dx);
}

const ur_layer_ops ur_lstm_ops = {lstm_tensors, lstm_init, ur_layer_cache_floats, lstm_forward, lstm_backward,
                                  ur_layer_scratch_floats, lstm_carve};

const ur_kind_def ur_lstm_kind = {
    .kind = UR_LSTM, .id = "lstm", .name = "LSTM", .summary = "Long short-term memory: input, forget and output gates",
    .recurrent = 1, .output_shape = ur_rnn_output_shape, .describe = ur_rnn_describe, .ops = &ur_lstm_ops,
};
