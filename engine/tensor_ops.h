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
 * where tanh rounds to ±1 in float: within 4e-7 of tanh everywhere, with no
 * call into libm.  tanhf/expf were 60% of an RNN epoch.  The array versions
 * below run it 8 (AVX2) or 4 (SSE) wide. */
static inline float ur_tanhf(float x) {
  const float clamp = 7.90531110763549805f;
  x = x > clamp ? clamp : x < -clamp ? -clamp : x; /* a NaN stays NaN */
  float x2 = x * x;
  float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
  p = p * x2 + -8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-08f;
  p = p * x2 + 1.48572235717979e-05f;
  p = p * x2 + 6.37261928875436e-04f;
  p = p * x2 + 4.89352455891786e-03f;
  p = p * x;
  float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
  q = q * x2 + 2.26843463243900e-03f;
  q = q * x2 + 4.89352518554385e-03f;
  return p / q;
}
/* σ(x) = ½ + ½ tanh(x / 2) */
static inline float ur_sigmoidf(float x) { return 0.5f + 0.5f * ur_tanhf(0.5f * x); }
/* f(x) for one value. */
static inline float ur_act1(ur_activation a, float x) {
  switch (a) {
  case UR_ACT_TANH: return ur_tanhf(x);
  case UR_ACT_SIGMOID: return ur_sigmoidf(x);
  case UR_ACT_RELU: return x > 0.0f ? x : 0.0f;
  default: return x;
  }
}
/* In place over n values, SIMD. */
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
