/* test_kernels.c: the shared numerical kernels against their definitions.
 * The SIMD tanh, σ and WaveNet gate must stay within 5e-7 of libm's values
 * (the rational approximation's own error is 4e-7), including the tails
 * that fall back to scalar code, and keep NaN as NaN so a diverging run is
 * caught.  ur_gemm with beta = 0 must ignore whatever C held, as BLAS does,
 * since it clears C itself rather than trusting OpenBLAS's beta pass.  The
 * unpacked small-B products (small_gemm.c) must equal a plain triple loop
 * for every width the kernel splits into strips, with row strides, and
 * leave everything outside C alone. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../engine/small_gemm.h"
#include "../engine/tensor_ops.h"
#include "check.h"

static double ref_sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

static void check_activations(void) {
  enum { N = 4099 }; /* odd, so SIMD bodies and scalar tails both run */
  static float y[N], s[N];
  double worst_t = 0, worst_s = 0;
  for (int i = 0; i < N; i++) y[i] = s[i] = -12.0f + 24.0f * (float)i / (N - 1);
  ur_tanh_inplace(y, N);
  ur_sigmoid_inplace(s, N);
  for (int i = 0; i < N; i++) {
    double x = (double)(-12.0f + 24.0f * (float)i / (N - 1));
    worst_t = fmax(worst_t, fabs(y[i] - tanh(x)));
    worst_s = fmax(worst_s, fabs(s[i] - ref_sigmoid(x)));
  }
  CHECK(worst_t < 5e-7, "tanh off by %g", worst_t);
  CHECK(worst_s < 5e-7, "sigmoid off by %g", worst_s);
  float odd[3] = {NAN, INFINITY, -INFINITY};
  ur_tanh_inplace(odd, 3);
  CHECK(isnan(odd[0]) && odd[1] == 1.0f && odd[2] == -1.0f, "tanh(NaN, inf, -inf) = %g %g %g", odd[0], odd[1],
        odd[2]);
  float many_nan[16];
  for (int i = 0; i < 16; i++) many_nan[i] = NAN;
  ur_sigmoid_inplace(many_nan, 16);
  int all_nan = 1;
  for (int i = 0; i < 16; i++) all_nan &= isnan(many_nan[i]);
  CHECK(all_nan, "sigmoid keeps NaN in its SIMD body");
}

static void check_gate(void) {
  /* rows of [a | s], n from 1 to 40 so every tail length is covered */
  for (size_t n = 1; n <= 40; n++) {
    size_t rows = 7;
    float *as = malloc(sizeof(float) * rows * 2 * n), *orig = malloc(sizeof(float) * rows * 2 * n);
    float *g = malloc(sizeof(float) * rows * n);
    for (size_t k = 0; k < rows * 2 * n; k++) orig[k] = as[k] = (float)sin(0.37 * k) * 6.0f;
    ur_gate_rows(as, as, g, rows, n);
    double worst = 0;
    for (size_t r = 0; r < rows; r++)
      for (size_t j = 0; j < n; j++) {
        double a = tanh(orig[r * 2 * n + j]), s = ref_sigmoid(orig[r * 2 * n + n + j]);
        worst = fmax(worst, fabs(as[r * 2 * n + j] - a));
        worst = fmax(worst, fabs(as[r * 2 * n + n + j] - s));
        worst = fmax(worst, fabs(g[r * n + j] - a * s));
      }
    CHECK(worst < 1e-6, "gate with n = %zu off by %g", n, worst);
    free(as); free(orig); free(g);
  }
}

static void check_gemm_beta0(void) {
  /* C (3 × 2, row stride 5) starts as NaN; beta = 0 must overwrite, and the
   * padding columns between rows must stay untouched */
  const float A[3 * 4] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const float B[4 * 2] = {1, 0, 0, 1, 1, 1, -1, 2};
  float C[3 * 5];
  for (int k = 0; k < 15; k++) C[k] = NAN;
  ur_gemm(0, 0, 3, 2, 4, 1.0f, A, 4, B, 2, 0.0f, C, 5);
  const float want[3][2] = {{1 + 3 - 4, 2 + 3 + 8}, {5 + 7 - 8, 6 + 7 + 16}, {9 + 11 - 12, 10 + 11 + 24}};
  int ok = 1, pad_ok = 1;
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < 2; j++) ok &= C[i * 5 + j] == want[i][j];
    for (int j = 2; j < 5; j++) pad_ok &= isnan(C[i * 5 + j]);
  }
  CHECK(ok, "gemm with beta 0 over a NaN-filled C");
  CHECK(pad_ok, "gemm with ldc > N wrote outside its columns");
  float D[4] = {NAN, NAN, NAN, NAN};
  ur_gemm(0, 0, 2, 2, 4, 1.0f, A, 4, B, 2, 0.0f, D, 2);
  CHECK(D[0] == 0 && D[1] == 13 && D[2] == 4 && D[3] == 29, "gemm with beta 0, ldc = N: %g %g %g %g", D[0], D[1],
        D[2], D[3]);
}

/* ur_gemm_bias and ur_gemm_nt against double-precision loops: widths 1..70
 * cover full 16-strips, the 8-strip and every masked tail; M covers the
 * 6-row blocks and their remainders; lda, ldb, ldc exceed the widths. */
static void check_small_gemm(void) {
  const int Ms[] = {1, 5, 6, 7, 13, 50};
  int worst_case_ok = 1;
  double worst = 0;
  for (int N = 1; N <= 70; N += (N < 20 ? 1 : 7))
    for (int K = 1; K <= 70; K += (K < 4 ? 1 : 13))
      for (size_t mi = 0; mi < sizeof Ms / sizeof Ms[0]; mi++) {
        int M = Ms[mi], lda = K + 3, ldb = N + 2, ldbt = K + 1, ldc = N + 5;
        float *A = malloc(sizeof(float) * M * lda), *B = malloc(sizeof(float) * K * ldb);
        float *Bt = malloc(sizeof(float) * N * ldbt), *bias = malloc(sizeof(float) * N);
        float *C = malloc(sizeof(float) * M * ldc), *C0 = malloc(sizeof(float) * M * ldc);
        for (int k = 0; k < M * lda; k++) A[k] = (float)sin(0.7 * k + N);
        for (int k = 0; k < K * ldb; k++) B[k] = (float)cos(0.3 * k + K);
        for (int n = 0; n < N; n++)
          for (int k = 0; k < K; k++) Bt[n * ldbt + k] = B[k * ldb + n];
        for (int n = 0; n < N; n++) bias[n] = 0.25f * n - 1.0f;
        for (int k = 0; k < M * ldc; k++) C0[k] = (float)(k % 7) - 3.0f;
        for (int mode = 0; mode < 3; mode++) {
          memcpy(C, C0, sizeof(float) * M * ldc);
          if (mode == 0) ur_gemm_bias(M, N, K, A, lda, B, ldb, bias, C, ldc);
          if (mode == 1) ur_gemm_bias(M, N, K, A, lda, B, ldb, NULL, C, ldc);
          if (mode == 2) ur_gemm_nt(M, N, K, A, lda, Bt, ldbt, C, ldc);
          for (int r = 0; r < M; r++)
            for (int j = 0; j < ldc; j++) {
              double want;
              if (j >= N) {
                want = C0[r * ldc + j]; /* padding untouched */
              } else {
                want = mode == 0 ? bias[j] : 0.0;
                for (int k = 0; k < K; k++) want += (double)A[r * lda + k] * B[k * ldb + j];
              }
              double err = fabs(C[r * ldc + j] - want) / (1.0 + fabs(want));
              if (err > worst) worst = err;
              if (err > 1e-5 && worst_case_ok) {
                worst_case_ok = 0;
                printf("small gemm mode %d, M %d N %d K %d: C[%d][%d] = %g, want %g\n", mode, M, N, K, r, j,
                       C[r * ldc + j], want);
              }
            }
        }
        free(A); free(B); free(Bt); free(bias); free(C); free(C0);
      }
  CHECK(worst_case_ok, "small gemm off by up to %g", worst);
}

int main(void) {
  check_activations();
  check_gate();
  check_gemm_beta0();
  check_small_gemm();
  ur_small_gemm_force_fallback(1);
  check_small_gemm();
  ur_small_gemm_force_fallback(0);
  return check_summary();
}
