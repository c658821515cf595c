/* small_gemm.h: C = init + A·B for a tall A and a small B (see small_gemm.c).
 * Row-major; A is M × K (row stride lda), C is M × N (row stride ldc). */
#ifndef UR_SMALL_GEMM_H
#define UR_SMALL_GEMM_H

/* C = bias (a row of N, broadcast; NULL for zero) + A · B, B K × N. */
void ur_gemm_bias(int M, int N, int K, const float *A, int lda, const float *B, int ldb, const float *bias,
                  float *C, int ldc);
/* C = A · Bᵀ, B N × K. */
void ur_gemm_nt(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc);
/* Tests: nonzero sends every call down the cblas path a CPU without AVX2
 * would take. */
void ur_small_gemm_force_fallback(int on);

#endif
