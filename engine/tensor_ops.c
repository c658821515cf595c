/* tensor_ops.c: gemm wrapper, activations, initialisers, dropout masks. */
#include "tensor_ops.h"
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

/* One BLAS thread, always: the matrices here are small (a step's product is
 * 32 × 20 × 80), so threads cost more than they give, and the sums' order
 * (hence every bit of the results) must not depend on the core count.
 * Callers that want parallelism run whole models on threads of their own. */
static once_flag blas_once = ONCE_FLAG_INIT;
static void blas_single_thread(void) { openblas_set_num_threads(1); }
void ur_blas_init(void) { call_once(&blas_once, blas_single_thread); }

void ur_gemm(int ta, int tb, int M, int N, int K, float alpha, const float *A, int lda, const float *B,
             int ldb, float beta, float *C, int ldc) {
  if (M <= 0 || N <= 0) return;
  ur_blas_init();
  if (K <= 0) {
    /* cblas with K == 0 only scales C; keep that meaning explicit */
    for (int i = 0; i < M; i++)
      for (int j = 0; j < N; j++) C[(size_t)i * ldc + j] = beta == 0.0f ? 0.0f : beta * C[(size_t)i * ldc + j];
    return;
  }
  if (beta == 0.0f) {
    /* OpenBLAS 0.3.21 clears C for beta = 0 with a scalar pass that costs more
     * than the product on the thin shapes here (28 of 196 µs for 1600×64×64,
     * 0.7 of 2.4 µs for an RNN step); clearing it ourselves and accumulating
     * gives the same bits. */
    if (ldc == N)
      memset(C, 0, sizeof(float) * (size_t)M * N);
    else
      for (int i = 0; i < M; i++) memset(C + (size_t)i * ldc, 0, sizeof(float) * N);
    beta = 1.0f;
  }
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N, K, alpha, A,
              lda, B, ldb, beta, C, ldc);
}

/* A plain loop, not memcpy: rows are short (10 to 80 floats) and many, and a
 * call per row cost more than the copy; hence also GCC may not turn the loop
 * back into memcpy calls. */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
void ur_fill_rows(float *restrict Y, int rows, int cols, int ldy, const float *restrict bias) {
  for (int r = 0; r < rows; r++) {
    float *y = Y + (size_t)r * ldy;
    for (int c = 0; c < cols; c++) y[c] = bias[c];
  }
}

void ur_add_row_sums(float *restrict g, const float *restrict D, int rows, int cols, int ldd) {
  for (int r = 0; r < rows; r++) {
    const float *d = D + (size_t)r * ldd;
    for (int c = 0; c < cols; c++) g[c] += d[c];
  }
}

/* The activation kernels.  tanh is Eigen's [13/6] rational function on x
 * clamped to ±7.9053 (where float tanh rounds to ±1); σ(x) = ½ + ½ tanh(x/2).
 * One body serves the scalar, SSE and AVX2 forms.  Clamping is max(-c,
 * min(c, x)) with the constant first, so a NaN input comes out NaN (minps
 * returns its second operand when either is NaN; the scalar min and max below
 * do the same) and a diverging run is still caught by its loss.  MADD(a, b, c)
 * = a·b + c: one fused instruction on AVX2, which halves the polynomial's
 * work and moves the result by at most an ulp. */
#define UR_TANH_BODY(V, SET1, MIN, MAX, MUL, MADD, DIV)                                          \
  V x = MAX(SET1(-7.90531110763549805f), MIN(SET1(7.90531110763549805f), x0));                  \
  V x2 = MUL(x, x);                                                                              \
  V p = MADD(x2, SET1(-2.76076847742355e-16f), SET1(2.00018790482477e-13f));                    \
  p = MADD(p, x2, SET1(-8.60467152213735e-11f));                                                \
  p = MADD(p, x2, SET1(5.12229709037114e-08f));                                                 \
  p = MADD(p, x2, SET1(1.48572235717979e-05f));                                                 \
  p = MADD(p, x2, SET1(6.37261928875436e-04f));                                                 \
  p = MADD(p, x2, SET1(4.89352455891786e-03f));                                                 \
  p = MUL(p, x);                                                                                 \
  V q = MADD(x2, SET1(1.19825839466702e-06f), SET1(1.18534705686654e-04f));                     \
  q = MADD(q, x2, SET1(2.26843463243900e-03f));                                                 \
  q = MADD(q, x2, SET1(4.89352518554385e-03f));                                                 \
  V t = DIV(p, q);

static inline float s_set1(float c) { return c; }
static inline float s_min(float a, float b) { return a < b ? a : b; } /* b when either is NaN, as minps */
static inline float s_max(float a, float b) { return a > b ? a : b; }
static inline float s_mul(float a, float b) { return a * b; }
static inline float s_madd(float a, float b, float c) { return a * b + c; }
static inline float s_div(float a, float b) { return a / b; }

static inline float tanh1(float x0) {
  UR_TANH_BODY(float, s_set1, s_min, s_max, s_mul, s_madd, s_div)
  return t;
}
static inline float sigmoid1(float x) { return 0.5f + 0.5f * tanh1(0.5f * x); }

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define UR_HAVE_SIMD_TANH 1

static inline __attribute__((always_inline, target("avx2,fma"))) __m256 ur_tanh8(__m256 x0) {
  UR_TANH_BODY(__m256, _mm256_set1_ps, _mm256_min_ps, _mm256_max_ps, _mm256_mul_ps, _mm256_fmadd_ps,
               _mm256_div_ps)
  return t;
}

static inline __attribute__((always_inline, target("avx2,fma"))) __m256 ur_sigmoid8(__m256 x) {
  const __m256 half = _mm256_set1_ps(0.5f);
  return _mm256_add_ps(_mm256_mul_ps(ur_tanh8(_mm256_mul_ps(x, half)), half), half);
}

static inline __m128 ur_sse_madd(__m128 a, __m128 b, __m128 c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }

static inline __m128 ur_tanh4(__m128 x0) {
  UR_TANH_BODY(__m128, _mm_set1_ps, _mm_min_ps, _mm_max_ps, _mm_mul_ps, ur_sse_madd, _mm_div_ps)
  return t;
}

/* sig: 0 for tanh(x), 1 for σ(x) */
__attribute__((target("avx2,fma"))) static size_t act_avx2(float *y, size_t n, int sig) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256 x = _mm256_loadu_ps(y + i);
    _mm256_storeu_ps(y + i, sig ? ur_sigmoid8(x) : ur_tanh8(x));
  }
  return i;
}

/* WaveNet's gated unit over rows of [a | s] (2n wide): a ← tanh a, s ← σ(s),
 * g = a ⊙ s.  One pass over the rows instead of two activation calls and a
 * product per row, which cost more than the arithmetic at n = 32.  Returns
 * how many leading columns of each row it did (a multiple of 8). */
__attribute__((target("avx2,fma"))) static size_t gate_avx2(const float *u, float *as, float *g, size_t rows,
                                                           size_t n) {
  size_t done = n - n % 8;
  for (size_t r = 0; r < rows; r++) {
    const float *ua = u + r * 2 * n, *us = ua + n;
    float *a = as + r * 2 * n, *s = a + n, *gg = g + r * n;
    for (size_t j = 0; j < done; j += 8) {
      __m256 ta = ur_tanh8(_mm256_loadu_ps(ua + j)), ts = ur_sigmoid8(_mm256_loadu_ps(us + j));
      _mm256_storeu_ps(a + j, ta);
      _mm256_storeu_ps(s + j, ts);
      _mm256_storeu_ps(gg + j, _mm256_mul_ps(ta, ts));
    }
  }
  return done;
}

static size_t act_sse(float *y, size_t n, int sig) {
  size_t i = 0;
  const __m128 a = _mm_set1_ps(sig ? 0.5f : 1.0f), b = _mm_set1_ps(sig ? 0.5f : 0.0f);
  for (; i + 4 <= n; i += 4) {
    __m128 t = ur_tanh4(_mm_mul_ps(_mm_loadu_ps(y + i), a));
    _mm_storeu_ps(y + i, _mm_add_ps(_mm_mul_ps(t, a), b));
  }
  return i;
}

static size_t act_simd(float *y, size_t n, int sig) {
  /* __builtin_cpu_supports reads a table libgcc fills at start-up: cheap, and no shared state here */
  size_t i = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? act_avx2(y, n, sig) : 0;
  return i + act_sse(y + i, n - i, sig);
}
#else
#define UR_HAVE_SIMD_TANH 0
static size_t act_simd(float *y, size_t n, int sig) { (void)y; (void)n; (void)sig; return 0; }
#endif

void ur_gate_rows(const float *u, float *as, float *g, size_t rows, size_t n) {
  size_t done = 0;
#if UR_HAVE_SIMD_TANH
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) done = gate_avx2(u, as, g, rows, n);
#endif
  for (size_t r = 0; r < rows && done < n; r++) {
    const float *ua = u + r * 2 * n, *us = ua + n;
    float *a = as + r * 2 * n, *s = a + n, *gg = g + r * n;
    for (size_t j = done; j < n; j++) {
      a[j] = tanh1(ua[j]);
      s[j] = sigmoid1(us[j]);
      gg[j] = a[j] * s[j];
    }
  }
}

void ur_tanh_inplace(float *y, size_t n) {
  for (size_t i = act_simd(y, n, 0); i < n; i++) y[i] = tanh1(y[i]);
}

void ur_sigmoid_inplace(float *y, size_t n) {
  for (size_t i = act_simd(y, n, 1); i < n; i++) y[i] = sigmoid1(y[i]);
}

void ur_act_forward(ur_activation a, float *y, size_t n) {
  switch (a) {
  case UR_ACT_TANH: ur_tanh_inplace(y, n); break;
  case UR_ACT_SIGMOID: ur_sigmoid_inplace(y, n); break;
  case UR_ACT_RELU: for (size_t i = 0; i < n; i++) y[i] = y[i] > 0.0f ? y[i] : 0.0f; break;
  default: break;
  }
}

void ur_act_backward(ur_activation a, const float *y, float *dy, size_t n) {
  switch (a) {
  case UR_ACT_TANH: for (size_t i = 0; i < n; i++) dy[i] *= 1.0f - y[i] * y[i]; break;
  case UR_ACT_SIGMOID: for (size_t i = 0; i < n; i++) dy[i] *= y[i] * (1.0f - y[i]); break;
  case UR_ACT_RELU: for (size_t i = 0; i < n; i++) dy[i] = y[i] > 0.0f ? dy[i] : 0.0f; break;
  default: break;
  }
}

void ur_init_glorot_uniform(float *w, size_t n, int fan_in, int fan_out, ur_rng *rng) {
  double limit = sqrt(6.0 / (double)(fan_in + fan_out));
  for (size_t i = 0; i < n; i++) w[i] = (float)ur_rng_uniform(rng, -limit, limit);
}

int ur_init_orthogonal(float *w, int rows, int cols, ur_rng *rng) {
  /* Keras: a = normal(rows, cols), transposed when rows < cols; q r = qr(a);
   * q *= sign(diag(r)); transposed back.  Done in double for accuracy. */
  int tall = rows >= cols;
  int m = tall ? rows : cols, k = tall ? cols : rows; /* a is m × k, m ≥ k */
  double *a = malloc(sizeof(double) * (size_t)m * k), *tau = malloc(sizeof(double) * (size_t)k),
         *d = malloc(sizeof(double) * (size_t)k);
  if (!a || !tau || !d) {
    free(a); free(tau); free(d);
    return -1;
  }
  for (size_t i = 0; i < (size_t)m * k; i++) a[i] = ur_rng_normal(rng);
  ur_blas_init();
  int rc = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, m, k, a, k, tau);
  if (rc == 0) {
    for (int i = 0; i < k; i++) d[i] = a[(size_t)i * k + i] < 0 ? -1.0 : 1.0;
    rc = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, m, k, k, a, k, tau);
  }
  if (rc == 0) {
    for (int i = 0; i < m; i++)
      for (int j = 0; j < k; j++) {
        float v = (float)(a[(size_t)i * k + j] * d[j]);
        if (tall) w[(size_t)i * cols + j] = v;
        else w[(size_t)j * cols + i] = v;
      }
  }
  free(a); free(tau); free(d);
  return rc == 0 ? 0 : -1;
}

void ur_dropout_mask(float *mask, size_t n, float rate, ur_rng *rng) {
  float keep = 1.0f / (1.0f - rate);
  for (size_t i = 0; i < n; i++) mask[i] = ur_rng_rand(rng) < rate ? 0.0f : keep;
}
