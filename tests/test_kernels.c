/* test_kernels.c: the shared numerical kernels against their definitions.
 * The SIMD tanh, σ and WaveNet gate must stay within 5e-7 of libm's values
 * (the rational approximation's own error is 4e-7), including the tails
 * that fall back to scalar code, and keep NaN as NaN so a diverging run is
 * caught.  ur_gemm with beta = 0 must ignore whatever C held, as BLAS does,
 * since it clears C itself rather than trusting OpenBLAS's beta pass. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
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
    ur_gate_rows(as, g, rows, n);
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

int main(void) {
  check_activations();
  check_gate();
  check_gemm_beta0();
  return check_summary();
}
