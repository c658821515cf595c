/* layer_dense.c: Dense and TimeDistributed(Dense), on the last axis.
 *
 *   y = act(x W + b)        x: rows × F, W: F × U, b: U, y: rows × U
 * where rows = B·T on a sequence (every step shares W) and B on a vector.
 * Backward:  dz = dy ⊙ act'(y);  dW += xᵀ dz;  db += Σ_rows dz;  dx = dz Wᵀ
 */
#include "layer.h"
#include "small_gemm.h"
#include "tensor_ops.h"
#include <stdio.h>

static int rows_of(const ur_layer *l, int B) { return B * (l->in.steps > 0 ? l->in.steps : 1); }

static int dense_tensors(const ur_layer *l, ur_tensor_info *t) {
  int F = l->in.features, U = l->spec.units;
  t[0] = (ur_tensor_info){"kernel", 0, (size_t)F * U, F, U};
  t[1] = (ur_tensor_info){"bias", (size_t)F * U, (size_t)U, 1, U};
  return 2;
}

static void dense_init(ur_layer *l, ur_rng *rng) {
  int F = l->in.features, U = l->spec.units;
  ur_init_glorot_uniform(l->w, (size_t)F * U, F, U, rng);
  for (int i = 0; i < U; i++) l->w[(size_t)F * U + i] = 0.0f;
}

static void dense_forward(ur_layer *l, const float *x, float *y, int B, int training) {
  (void)training;
  int F = l->in.features, U = l->spec.units, R = rows_of(l, B);
  const float *W = l->w, *b = l->w + (size_t)F * U;
  ur_gemm_bias(R, U, F, x, F, W, U, b, y, U); /* y (R×U) = x (R×F) W (F×U) + b */
  ur_act_forward(l->spec.activation, y, (size_t)R * U);
}

static void dense_backward(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B) {
  int F = l->in.features, U = l->spec.units, R = rows_of(l, B);
  ur_act_backward(l->spec.activation, y, dy, (size_t)R * U);          /* dz = dy ⊙ act'(y) */
  ur_gemm(1, 0, F, U, R, 1.0f, x, F, dy, U, 1.0f, l->g, U);           /* dW (F×U) += xᵀ dz */
  ur_add_row_sums(l->g + (size_t)F * U, dy, R, U, U);                 /* db += Σ dz */
  if (dx) ur_gemm_nt(R, F, U, dy, U, l->w, U, dx, F);                 /* dx (R×F) = dz Wᵀ */
}

/* Dense keeps nothing but its input and output, which the model holds. */
const ur_layer_ops ur_dense_ops = {dense_tensors, dense_init, ur_layer_cache_floats, dense_forward, dense_backward,
                                   ur_layer_scratch_floats, NULL};

static void dense_defaults(ur_layer_spec *s) { s->units = 1; }

static int dense_shape(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len) {
  if (ur_check_units(s, "unit", why, len)) return -1;
  *out = (ur_shape){in.steps, s->units};
  return 0;
}

static int time_distributed_shape(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len) {
  if (ur_check_units(s, "unit", why, len) || ur_check_sequence(in, "TimeDistributed(Dense)", why, len)) return -1;
  *out = (ur_shape){in.steps, s->units};
  return 0;
}

static void dense_describe(const ur_layer_spec *s, char *buf, size_t len) {
  snprintf(buf, len, "%d unit%s, %s", s->units, s->units == 1 ? "" : "s", ur_activation_name(s->activation));
}

const ur_kind_def ur_dense_kind = {
    .kind = UR_DENSE, .id = "dense", .name = "Dense",
    .summary = "Fully connected on the last axis (every time step of a sequence)",
    .per_step = 1, .defaults = dense_defaults, .output_shape = dense_shape, .describe = dense_describe,
    .ops = &ur_dense_ops,
};

/* The same layer, where the stack wants a sequence (the chapter's seq2seq head). */
const ur_kind_def ur_time_distributed_kind = {
    .kind = UR_TIME_DISTRIBUTED, .id = "time_distributed", .name = "TimeDistributed(Dense)",
    .summary = "The same Dense applied at every time step",
    .per_step = 1, .defaults = dense_defaults, .output_shape = time_distributed_shape, .describe = dense_describe,
    .ops = &ur_dense_ops,
};
