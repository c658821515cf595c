/* layer_dropout.c: Dropout (inverted, as Keras).
 *
 * Training:  y = x ⊙ m,  m_i = 0 with probability rate, else 1 / (1 - rate)
 * Inference: y = x  (m = 1)
 * Backward:  dx = dy ⊙ m
 */
#include "layer.h"
#include "tensor_ops.h"
#include <stdio.h>

static int dropout_tensors(const ur_layer *l, ur_tensor_info *t) { (void)l; (void)t; return 0; }
static void dropout_init(ur_layer *l, ur_rng *rng) { (void)l; (void)rng; }

/* Dropout's one buffer, for batch B. */
typedef struct {
  float *mask; /* cache: B × (T·F or F)  m, the shape of x */
} dropout_bufs;

static dropout_bufs dropout_layout(const ur_layer *l, int B, ur_carve *c) {
  dropout_bufs b;
  b.mask = ur_take_cache(c, (size_t)B * ur_shape_size(l->in));
  return b;
}
static void dropout_carve(const ur_layer *l, int B, ur_carve *c) { (void)dropout_layout(l, B, c); }

static void dropout_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  size_t n = (size_t)B * ur_shape_size(l->in);
  float *mask = dropout_layout(l, B, UR_CARVE_OF(l)).mask;
  if (training && l->spec.dropout > 0.0f) {
    ur_dropout_mask(mask, n, l->spec.dropout, &l->drop_rng);
  } else {
    for (size_t i = 0; i < n; i++) mask[i] = 1.0f;
  }
  for (size_t i = 0; i < n; i++) y[i] = x[i] * mask[i];
}

static void dropout_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  (void)x; (void)y;
  size_t n = (size_t)B * ur_shape_size(l->in);
  const float *mask = dropout_layout(l, B, UR_CARVE_OF(l)).mask;
  if (dx)
    for (size_t i = 0; i < n; i++) dx[i] = dy[i] * mask[i];
}

const ur_layer_ops ur_dropout_ops = {dropout_tensors, dropout_init, ur_layer_cache_floats, dropout_forward,
                                     dropout_backward, ur_layer_scratch_floats, dropout_carve};

static void dropout_defaults(ur_layer_spec *s) { s->dropout = 0.2f; }

static int dropout_shape(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len) {
  if (s->dropout < 0 || s->dropout >= 1) return ur_shape_error(why, len, "Dropout's rate must be in [0, 1)");
  *out = in;
  return 0;
}

static void dropout_describe(const ur_layer_spec *s, char *buf, size_t len) { snprintf(buf, len, "rate %.2g", s->dropout); }

const ur_kind_def ur_dropout_kind = {
    .kind = UR_DROPOUT, .id = "dropout", .name = "Dropout",
    .summary = "Zeroes a random fraction of inputs while training",
    .per_step = 1, .defaults = dropout_defaults, .output_shape = dropout_shape, .describe = dropout_describe,
    .ops = &ur_dropout_ops,
};
