/* tensor_ops.h: the few numerical kernels every layer shares.
 *
 * ur_gemm is the one wrapper over cblas_sgemm (row-major, explicit beta):
 *   C (M×N) = alpha · op(A) (M×K) · op(B) (K×N) + beta · C
 * Activations work in place on outputs; their derivatives are taken from the
 * outputs (tanh' = 1 - y², sigmoid' = y (1 - y), relu' = [y > 0]).
 */
#ifndef UR_TENSOR_OPS_H
#define UR_TENSOR_OPS_H

#include <stddef.h>
#include "spec.h"
#include "rng.h"

/* Pins OpenBLAS (and LAPACKE over it) to one thread, once; see tensor_ops.c. */
void ur_blas_init(void);

void ur_gemm(int trans_a, int trans_b, int M, int N, int K, float alpha, const float *A, int lda,
             const float *B, int ldb, float beta, float *C, int ldc);

/* rows × cols block Y (row stride ldy) = broadcast bias (cols). */
void ur_fill_rows(float *Y, int rows, int cols, int ldy, const float *bias);
/* g (cols) += sum over rows of D (row stride ldd). */
void ur_add_row_sums(float *g, const float *D, int rows, int cols, int ldd);

void ur_act_forward(ur_activation a, float *y, size_t n);
/* dy *= f'(.) evaluated from the output y. */
void ur_act_backward(ur_activation a, const float *y, float *dy, size_t n);
/* tanh as a [13/6] rational function (the approximation Eigen uses), clamped
 * where tanh rounds to ±1 in float: within 5e-7 of tanh everywhere, with no
 * call into libm (tanhf/expf were 60% of an RNN epoch); σ(x) = ½ + ½ tanh(x/2).
 * In place over n values, 8 (AVX2) or 4 (SSE) wide. */
void ur_tanh_inplace(float *y, size_t n);
void ur_sigmoid_inplace(float *y, size_t n);
/* WaveNet's gated unit on rows of u = [u_a | u_s] (2n floats a row):
 * as = [tanh u_a | σ(u_s)] and g (rows × n) = tanh u_a ⊙ σ(u_s).  as may
 * be u itself. */
void ur_gate_rows(const float *u, float *as, float *g, size_t rows, size_t n);

/* f'(.) from the output y = f(.), one value. */
static inline float ur_act_grad(ur_activation a, float y) {
  switch (a) {
  case UR_ACT_TANH: return 1.0f - y * y;
  case UR_ACT_SIGMOID: return y * (1.0f - y);
  case UR_ACT_RELU: return y > 0.0f ? 1.0f : 0.0f;
  default: return 1.0f;
  }
}


/* Keras initialisers. */
void ur_init_glorot_uniform(float *w, size_t n, int fan_in, int fan_out, ur_rng *rng);
/* rows × cols with orthonormal rows or columns (Keras's Orthogonal, gain 1); 0 or -1. */
int ur_init_orthogonal(float *w, int rows, int cols, ur_rng *rng);

/* Dropout mask of n entries: 0 with probability rate, else 1 / (1 - rate). */
void ur_dropout_mask(float *mask, size_t n, float rate, ur_rng *rng);

#endif
