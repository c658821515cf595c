/* layer_reshape.c: Flatten and Dropout, the layers that only move or mask values.
 *
 * Flatten: B × T × F → B × (T·F), the same memory read row-major.
 * Dropout: y = x ⊙ m while training, m_i = 0 with probability rate, else
 * 1 / (1 - rate) (inverted dropout, as Keras); y = x at inference.
 */
#include "layer.h"
#include "tensor_ops.h"
#include <string.h>

static int no_tensors(const ur_layer *l, ur_tensor_info *t) { (void)l; (void)t; return 0; }
static void no_init(ur_layer *l, ur_rng *rng) { (void)l; (void)rng; }

static void flatten_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  (void)training;
  memcpy(y, x, sizeof(float) * (size_t)B * ur_shape_size(l->in));
}

static void flatten_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  (void)x; (void)y;
  if (dx) memcpy(dx, dy, sizeof(float) * (size_t)B * ur_shape_size(l->in));
}

const ur_layer_ops ur_flatten_ops = {no_tensors, no_init, ur_layer_cache_floats, flatten_forward, flatten_backward,
                                     ur_layer_scratch_floats, NULL};

/* Dropout's one buffer, for batch B. */
typedef struct {
  float *mask; /* cache: B × (T·F or F)  m, the same shape as x */
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

const ur_layer_ops ur_dropout_ops = {no_tensors, no_init, ur_layer_cache_floats, dropout_forward, dropout_backward,
                                     ur_layer_scratch_floats, dropout_carve};
