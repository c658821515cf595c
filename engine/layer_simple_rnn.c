/* layer_simple_rnn.c: SimpleRNN and the chapter's layer-normalized cell.
 *
 * SimpleRNN:      h_t = act(x_t W + h_{t-1} U + b)
 * LN-SimpleRNN:   h_t = act(LN(x_t W + h_{t-1} U + b))   (SimpleRNNCell with no
 *                 activation, then LayerNormalization, then tanh: chapter 15)
 * Shapes: x B × T × F, W F × H, U H × H, b H, hs B × T × H.
 * Backward through time, with dh_t = dy_t + dh_{t+1→t}:
 *   dz_t = dh_t ⊙ act'(h_t)   (then through LN for the LN cell)
 *   dh_{t→t-1} = (dz_t Uᵀ) ⊙ m_h;   dW, dU, db, dx after the loop (rnn_common).
 */
#include "layer.h"
#include "norm_rows.h"
#include "rnn_common.h"
#include "tensor_ops.h"
#include <string.h>

static int is_ln(const ur_layer *l) { return l->spec.kind == UR_LN_SIMPLE_RNN; }

static int srnn_tensors(const ur_layer *l, ur_tensor_info *t) {
  int F = l->in.features, H = l->spec.units;
  size_t o = 0;
  t[0] = (ur_tensor_info){"kernel", o, (size_t)F * H, F, H}; o += (size_t)F * H;
  t[1] = (ur_tensor_info){"recurrent_kernel", o, (size_t)H * H, H, H}; o += (size_t)H * H;
  t[2] = (ur_tensor_info){"bias", o, (size_t)H, 1, H}; o += H;
  if (!is_ln(l)) return 3;
  t[3] = (ur_tensor_info){"gamma", o, (size_t)H, 1, H}; o += H;
  t[4] = (ur_tensor_info){"beta", o, (size_t)H, 1, H};
  return 5;
}

static void srnn_init(ur_layer *l, ur_rng *rng) {
  int F = l->in.features, H = l->spec.units;
  float *W = l->w, *U = W + (size_t)F * H, *b = U + (size_t)H * H;
  ur_init_glorot_uniform(W, (size_t)F * H, F, H, rng);
  ur_init_orthogonal(U, H, H, rng);
  memset(b, 0, sizeof(float) * (size_t)H);
  if (is_ln(l))
    for (int i = 0; i < H; i++) { b[H + i] = 1.0f; b[2 * H + i] = 0.0f; }
}

/* Every buffer SimpleRNN and LN-SimpleRNN keep or borrow, for batch B. */
typedef struct {
  ur_rnn_cache rnn; /* x̃, masks, h̃_{t-1} (rnn_common.h) */
  /* cache */
  float *hs;    /* B × T × H   h_t */
  float *xhat;  /* B × T × H   LN cell only: x̂ of each step's LN */
  float *rstd;  /* B × T       LN cell only: 1/σ of each step's LN */
  /* scratch */
  float *dZ;    /* B × T × H   dL/dz_t, z_t the pre-activation */
  float *carry; /* B × H       dh_{t→t-1} */
} srnn_bufs;

static srnn_bufs srnn_layout(const ur_layer *l, int B, ur_carve *c) {
  size_t H = (size_t)l->spec.units, BT = (size_t)B * l->in.steps;
  srnn_bufs b;
  b.rnn = ur_rnn_layout(l, B, (int)H, c);
  b.hs = ur_take_cache(c, BT * H);
  b.xhat = ur_take_cache(c, is_ln(l) ? BT * H : 0);
  b.rstd = ur_take_cache(c, is_ln(l) ? BT : 0);
  b.dZ = ur_take_scratch(c, BT * H);
  b.carry = ur_take_scratch(c, (size_t)B * H);
  return b;
}
static void srnn_carve(const ur_layer *l, int B, ur_carve *c) { (void)srnn_layout(l, B, c); }

static void srnn_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  srnn_bufs bufs = srnn_layout(l, B, UR_CARVE_OF(l));
  ur_rnn_cache c = bufs.rnn;
  int T = c.T, F = c.F, H = c.H, ld = T * H;
  const float *W = l->w, *U = W + (size_t)F * H, *b = U + (size_t)H * H;
  float *hs = bufs.hs, *xhat = bufs.xhat, *rstd = bufs.rstd;
  const float *xin = ur_rnn_begin(l, &c, x, training);
  ur_rnn_project(&c, xin, W, b, hs); /* hs = x̃ W + b, B·T × H */
  for (int t = 0; t < T; t++) {
    float *hin = ur_rnn_hin(&c, t, t ? hs + (size_t)(t - 1) * H : NULL, ld);
    float *zt = hs + (size_t)t * H; /* row b at zt + b·ld */
    if (t) ur_gemm(0, 0, B, H, H, 1.0f, hin, ld, U, H, 1.0f, zt, ld); /* z_t += h̃_{t-1} U */
    for (int bb = 0; bb < B; bb++) {
      float *z = zt + (size_t)bb * ld;
      if (is_ln(l)) {
        size_t k = (size_t)bb * T + t;
        ur_ln_row_forward(z, z, H, b + H, b + 2 * H, xhat + k * H, rstd + k);
      }
      ur_act_forward(l->spec.activation, z, (size_t)H);
    }
  }
  ur_rnn_output(l, &c, hs, y);
}

static void srnn_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  (void)y;
  srnn_bufs bufs = srnn_layout(l, B, UR_CARVE_OF(l));
  ur_rnn_cache c = bufs.rnn;
  int T = c.T, F = c.F, H = c.H, ld = T * H;
  const float *U = l->w + (size_t)F * H, *b = U + (size_t)H * H;
  const float *hs = bufs.hs, *xhat = bufs.xhat, *rstd = bufs.rstd;
  float *dZ = bufs.dZ, *carry = bufs.carry;
  float *gW = l->g, *gU = gW + (size_t)F * H, *gb = gU + (size_t)H * H;
  const float *xin = l->spec.dropout > 0.0f ? c.xin : x;
  ur_rnn_spread_dy(l, &c, dy, dZ);
  for (int t = T - 1; t >= 0; t--) {
    float *dzt = dZ + (size_t)t * H;
    for (int bb = 0; bb < B; bb++) {
      float *dz = dzt + (size_t)bb * ld;
      size_t k = (size_t)bb * T + t;
      if (t < T - 1)
        for (int j = 0; j < H; j++) dz[j] += carry[(size_t)bb * H + j];
      ur_act_backward(l->spec.activation, hs + k * H, dz, (size_t)H);
      if (is_ln(l)) ur_ln_row_backward(dz, dz, H, b + H, xhat + k * H, rstd[k], gb + H, gb + 2 * H);
    }
    if (t) ur_rnn_carry(l, &c, dzt, ld, U, carry);
  }
  ur_rnn_finish(l, &c, xin, dZ, dZ, gW, gU, gb, dx);
}

const ur_layer_ops ur_simple_rnn_ops = {srnn_tensors, srnn_init, ur_layer_cache_floats, srnn_forward, srnn_backward,
                                        ur_layer_scratch_floats, srnn_carve};
const ur_layer_ops ur_ln_simple_rnn_ops = {srnn_tensors, srnn_init, ur_layer_cache_floats, srnn_forward,
                                           srnn_backward, ur_layer_scratch_floats, srnn_carve};

const ur_kind_def ur_simple_rnn_kind = {
    .kind = UR_SIMPLE_RNN, .id = "simple_rnn", .name = "SimpleRNN", .summary = "h_t = tanh(x_t W + h_{t-1} U + b)",
    .recurrent = 1, .output_shape = ur_rnn_output_shape, .describe = ur_rnn_describe, .ops = &ur_simple_rnn_ops,
};

const ur_kind_def ur_ln_simple_rnn_kind = {
    .kind = UR_LN_SIMPLE_RNN, .id = "ln_simple_rnn", .name = "LN-SimpleRNN",
    .summary = "SimpleRNN cell with layer normalization before tanh",
    .recurrent = 1, .output_shape = ur_rnn_output_shape, .describe = ur_rnn_describe, .ops = &ur_ln_simple_rnn_ops,
};
