/* layer_conv1d.c: Conv1D (filters, kernel_size, strides, padding, dilation_rate).
 *
 *   y = act(conv(x, W) + b)     x B × T × C_in, W K × C_in × C_out, y B × T_out × C_out
 * T_out = ⌊(T - d(K-1) - 1)/s⌋ + 1 (valid) or ⌈T/s⌉ (same, causal); causal pads
 * d(K-1) zeros on the left so step t sees no future input.
 */
#include "conv_ops.h"
#include "layer.h"
#include "tensor_ops.h"
#include <stdio.h>
#include <string.h>

static ur_conv_geom spec_geom(const ur_layer_spec *s, ur_shape in) {
  return ur_conv_geom_make(in.steps, in.features, s->units, s->kernel_size, s->strides, s->dilation_rate, s->padding);
}
static ur_conv_geom geom(const ur_layer *l) { return spec_geom(&l->spec, l->in); }

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

static int conv_shape(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len) {
  if (ur_check_units(s, "filter", why, len) || ur_check_sequence(in, "Conv1D", why, len)) return -1;
  if (s->kernel_size < 1 || s->strides < 1 || s->dilation_rate < 1)
    return ur_shape_error(why, len, "Conv1D's kernel size, strides and dilation must be at least 1");
  if (s->kernel_size > UR_MAX_KERNEL || s->strides > UR_MAX_KERNEL || s->dilation_rate > UR_MAX_KERNEL)
    return ur_shape_error(why, len, "Conv1D's kernel size, strides and dilation may be at most %d (here %d, %d, %d)",
                          UR_MAX_KERNEL, s->kernel_size, s->strides, s->dilation_rate);
  if (s->strides > 1 && s->dilation_rate > 1)
    return ur_shape_error(why, len, "Conv1D cannot combine strides > 1 with dilation > 1 (Keras refuses it too)");
  int T = spec_geom(s, in).T_out;
  if (T < 1)
    return ur_shape_error(why, len,
                          "Conv1D's kernel spans %d steps (kernel %d, dilation %d) but its input has only %d: use "
                          "padding \"same\" or \"causal\", or a smaller kernel",
                          s->dilation_rate * (s->kernel_size - 1) + 1, s->kernel_size, s->dilation_rate, in.steps);
  *out = (ur_shape){T, s->units};
  return 0;
}

static void conv_describe(const ur_layer_spec *s, char *buf, size_t len) {
  snprintf(buf, len, "%d filters, kernel %d, stride %d, dilation %d, %s, %s", s->units, s->kernel_size, s->strides,
           s->dilation_rate, ur_padding_name(s->padding), ur_activation_name(s->activation));
}

/* Output step o sees input steps o·s - pad_left + k·d, k = 0 … K-1.  The
 * receptive field asks with no length (T_in 0), of stacks that may not be
 * valid: pad_left is left 0 there. */
static ur_time_window conv_window(const ur_layer_spec *s, int T_in) {
  ur_time_window w = {s->dilation_rate * (s->kernel_size - 1) + 1, s->strides, 0};
  if (T_in > 0 && s->strides > 0) w.pad_left = spec_geom(s, (ur_shape){T_in, 1}).pad_left;
  return w;
}

const ur_kind_def ur_conv1d_kind = {
    .kind = UR_CONV1D, .id = "conv1d", .name = "Conv1D",
    .summary = "1-D convolution over time: kernel, stride, dilation, padding",
    .window = conv_window, .output_shape = conv_shape, .describe = conv_describe, .ops = &ur_conv1d_ops,
};
