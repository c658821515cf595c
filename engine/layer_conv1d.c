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

static size_t conv_cache(const ur_layer *l, int B) { ur_conv_geom g = geom(l); return ur_conv_cols_floats(&g, B); }

static void conv_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  (void)training;
  ur_conv_geom g = geom(l);
  size_t KCO = (size_t)g.K * g.C_in * g.C_out;
  ur_conv_forward(&g, x, B, l->w, l->w + KCO, l->cache, y, g.C_out);
  ur_act_forward(l->spec.activation, y, (size_t)B * g.T_out * g.C_out);
}

static void conv_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  ur_conv_geom g = geom(l);
  size_t KCO = (size_t)g.K * g.C_in * g.C_out;
  ur_act_backward(l->spec.activation, y, dy, (size_t)B * g.T_out * g.C_out);
  ur_conv_backward(&g, x, l->cache, dy, B, l->w, l->g, l->g + KCO, l->scratch, dx);
}

static size_t conv_scratch(const ur_layer *l, int B) { return conv_cache(l, B); }

const ur_layer_ops ur_conv1d_ops = {conv_tensors, conv_init, conv_cache, conv_forward, conv_backward, conv_scratch};
