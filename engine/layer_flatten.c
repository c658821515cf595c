/* layer_flatten.c: Flatten, B × T × F → B × (T·F), the same memory read
 * row-major (a vector passes unchanged).  No weights and no buffers; its
 * backward copies dy back. */
#include "layer.h"
#include <string.h>

static int flatten_tensors(const ur_layer *l, ur_tensor_info *t) { (void)l; (void)t; return 0; }
static void flatten_init(ur_layer *l, ur_rng *rng) { (void)l; (void)rng; }

static void flatten_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  (void)training;
  memcpy(y, x, sizeof(float) * (size_t)B * ur_shape_size(l->in));
}

static void flatten_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  (void)x; (void)y;
  if (dx) memcpy(dx, dy, sizeof(float) * (size_t)B * ur_shape_size(l->in));
}

const ur_layer_ops ur_flatten_ops = {flatten_tensors, flatten_init, ur_layer_cache_floats, flatten_forward,
                                     flatten_backward, ur_layer_scratch_floats, NULL};

/* T·F in size_t: the input's size is within UR_MAX_SAMPLE_VALUES (spec.c), so it fits an int. */
static int flatten_shape(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len) {
  (void)s;
  size_t n = ur_shape_size(in);
  if (n > UR_MAX_SAMPLE_VALUES)
    return ur_shape_error(why, len, "Flatten would give %zu values, more than the %d a layer may give", n,
                          UR_MAX_SAMPLE_VALUES);
  *out = (ur_shape){0, (int)n};
  return 0;
}

/* Not per step: what follows sees the whole sequence at once. */
const ur_kind_def ur_flatten_kind = {
    .kind = UR_FLATTEN, .id = "flatten", .name = "Flatten", .summary = "Time steps × features into one vector",
    .output_shape = flatten_shape, .ops = &ur_flatten_ops,
};
