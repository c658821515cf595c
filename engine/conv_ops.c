/* conv_ops.c: im2col convolution over time (see conv_ops.h). */
#include "conv_ops.h"
#include "small_gemm.h"
#include "tensor_ops.h"
#include <string.h>

ur_conv_geom ur_conv_geom_make(int T_in, int C_in, int C_out, int K, int stride, int dilation, ur_padding pad) {
  ur_conv_geom g = {T_in, 0, C_in, C_out, K, stride, dilation, 0, 0};
  int span = dilation * (K - 1) + 1;
  if (pad == UR_PAD_VALID) {
    g.T_out = T_in >= span ? (T_in - span) / stride + 1 : 0;
  } else {
    g.T_out = (T_in + stride - 1) / stride;
    int total = (g.T_out - 1) * stride + span - T_in;
    if (total < 0) total = 0;
    g.pad_left = pad == UR_PAD_CAUSAL ? dilation * (K - 1) : total / 2; /* Keras: same puts the odd one right */
  }
  g.pointwise = K == 1 && stride == 1 && g.pad_left == 0 && g.T_out == T_in;
  return g;
}

size_t ur_conv_cols_floats(const ur_conv_geom *g, int B) {
  return g->pointwise ? 0 : (size_t)B * g->T_out * g->K * g->C_in;
}

static void im2col(const ur_conv_geom *g, const float *x, int B, float *cols) {
  int KC = g->K * g->C_in;
  for (int b = 0; b < B; b++)
    for (int t = 0; t < g->T_out; t++) {
      float *row = cols + ((size_t)b * g->T_out + t) * KC;
      for (int k = 0; k < g->K; k++) {
        int src = t * g->stride + k * g->dilation - g->pad_left;
        float *dst = row + (size_t)k * g->C_in;
        /* plain loops rather than memcpy/memset: C_in is small and the calls many */
        if (src < 0 || src >= g->T_in) {
          for (int c = 0; c < g->C_in; c++) dst[c] = 0.0f;
        } else {
          const float *s = x + ((size_t)b * g->T_in + src) * g->C_in;
          for (int c = 0; c < g->C_in; c++) dst[c] = s[c];
        }
      }
    }
}

static void col2im(const ur_conv_geom *g, const float *dcols, int B, float *dx) {
  int KC = g->K * g->C_in;
  memset(dx, 0, sizeof(float) * (size_t)B * g->T_in * g->C_in);
  for (int b = 0; b < B; b++)
    for (int t = 0; t < g->T_out; t++) {
      const float *row = dcols + ((size_t)b * g->T_out + t) * KC;
      for (int k = 0; k < g->K; k++) {
        int src = t * g->stride + k * g->dilation - g->pad_left;
        if (src < 0 || src >= g->T_in) continue;
        float *d = dx + ((size_t)b * g->T_in + src) * g->C_in;
        const float *s = row + (size_t)k * g->C_in;
        for (int c = 0; c < g->C_in; c++) d[c] += s[c];
      }
    }
}

void ur_conv_forward(const ur_conv_geom *g, const float *x, int B, const float *W, const float *b, float *cols,
                     float *y, int ldy) {
  int R = B * g->T_out, KC = g->K * g->C_in;
  const float *A = x;
  if (!g->pointwise) {
    im2col(g, x, B, cols);
    A = cols;
  }
  ur_gemm_bias(R, g->C_out, KC, A, KC, W, g->C_out, b, y, ldy); /* y = cols W + b */
}

void ur_conv_backward(const ur_conv_geom *g, const float *x, const float *cols, const float *dz, int B,
                      const float *W, float *gW, float *gb, float *dcols, float *dx) {
  int R = B * g->T_out, KC = g->K * g->C_in;
  const float *A = g->pointwise ? x : cols;
  ur_gemm(1, 0, KC, g->C_out, R, 1.0f, A, KC, dz, g->C_out, 1.0f, gW, g->C_out); /* dW += colsᵀ dz */
  ur_add_row_sums(gb, dz, R, g->C_out, g->C_out);
  if (!dx) return;
  if (g->pointwise) {
    ur_gemm_nt(R, KC, g->C_out, dz, g->C_out, W, g->C_out, dx, KC); /* dx = dz Wᵀ */
    return;
  }
  ur_gemm_nt(R, KC, g->C_out, dz, g->C_out, W, g->C_out, dcols, KC); /* dcols = dz Wᵀ */
  col2im(g, dcols, B, dx);
}
