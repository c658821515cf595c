/* layer_conv1d.c: Conv1D (filters, kernel_size, strides, padding, dilation_rate).
 *
 *   y = act(conv(x, W) + b)     x B × T × C_in, W K × C_in × C_out, y B × T_out × C_out
 * T_out = ⌊(T - d(K-1) - 1)/s⌋ + 1 (valid) or ⌈T/s⌉ (same, causal); causal pads
 * d(K-1) zeros on the left so step t sees no future input.
 */
#include "conv_ops.h"
#include "layer.h"
#include "tensor_ops.h"
#include <string.h>

static ur_conv_geom geom(const ur_layer *l) {
  const ur_layer_spec *s = &l->spec;
  return ur_conv_geom_make(l->in.steps, l->in.features, s->units, s->kernel_size, s->strides, s->dilation_rate,
                           s->padding);
}

static int conv_tensors(const ur_layer *l, ur_tensor_info *t) {
  int KC = l->spec.kernel_size * l->in.features, O = l->spec.units;
  t[0] = (ur_tensor_info){"kernel", 0, (size_t)KC * O, KC, O};
  t[1] = (ur_tensor_info){"bias", (size_t)KC * O, (size_t)O, 1, O};
  return 2;
}

static void conv_init(ur_layer *l, ur_rng *rng) {
  int K = l->spec.kernel_size, C = l->in.features, O = l->spec.units;
  ur_init_glorot_uniform(l->w, (size_t)K * C * O, K * C, K * O, rng); /* Keras: fans include the kernel */
  memset(l->w + (size_t)K * C * O, 0, sizeof(float) * (size_t)O);
}

/* Conv1D's buffers, for batch B (none when pointwise: cols is x itself). */
typedef struct {
  float *cols;  /* cache:   B·T_out × K·C_in  the shifted inputs (im2col) */
  float *dcols; /* scratch: B·T_out × K·C_in  their gradient */
} conv_bufs;

static conv_bufs conv_layout(const ur_layer *l, int B, ur_carve *c) {
  ur_conv_geom g = geom(l);
  conv_bufs b;
  b.cols = ur_take_cache(c, ur_conv_cols_floats(&g, B));
  b.dcols = ur_take_scratch(c, ur_conv_cols_floats(&g, B));
  return b;
}
static void conv_carve(const ur_layer *l, int B, ur_carve *c) { (void)conv_layout(l, B, c); }

static void conv_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  (void)training;
  ur_conv_geom g = geom(l);
  size_t KCO = (size_t)g.K * g.C_in * g.C_out;
  ur_conv_forward(&g, x, B, l->w, l->w + KCO, conv_layout(l, B, UR_CARVE_OF(l)).cols, y, g.C_out);
  ur_act_forward(l->spec.activation, y, (size_t)B * g.T_out * g.C_out);
}

static void conv_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  ur_conv_geom g = geom(l);
  size_t KCO = (size_t)g.K * g.C_in * g.C_out;
  ur_act_backward(l->spec.activation, y, dy, (size_t)B * g.T_out * g.C_out);
  conv_bufs bufs = conv_layout(l, B, UR_CARVE_OF(l));
  ur_conv_backward(&g, x, bufs.cols, dy, B, l->w, l->g, l->g + KCO, bufs.dcols, dx);
}

const ur_layer_ops ur_conv1d_ops = {conv_tensors, conv_init, ur_layer_cache_floats, conv_forward, conv_backward,
                                    ur_layer_scratch_floats, conv_carve};
