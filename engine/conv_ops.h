/* conv_ops.h: 1-D convolution as im2col + one gemm, shared by Conv1D and WaveNet.
 *
 *   y[b, t, o] = bias[o] + Σ_k Σ_c x[b, t·s + k·d - pad, c] W[k, c, o]
 * cols (B·T_out × K·C_in) holds the shifted inputs (zeros in the padding),
 * so y = cols W + b with W K·C_in × C_out.  Backward:
 *   dW += colsᵀ dz,  db += Σ dz,  dcols = dz Wᵀ,  dx = scatter-add of dcols.
 */
#ifndef UR_CONV_OPS_H
#define UR_CONV_OPS_H

#include "spec.h"

typedef struct {
  int T_in, T_out, C_in, C_out, K, stride, dilation, pad_left;
  int pointwise; /* K = 1, stride 1, no padding: cols is x itself */
} ur_conv_geom;

ur_conv_geom ur_conv_geom_make(int T_in, int C_in, int C_out, int K, int stride, int dilation, ur_padding pad);
size_t ur_conv_cols_floats(const ur_conv_geom *g, int B); /* 0 when pointwise */

/* y (B·T_out × C_out, row stride ldy ≥ C_out) = cols W + b; fills cols
 * unless pointwise. */
void ur_conv_forward(const ur_conv_geom *g, const float *x, int B, const float *W, const float *b, float *cols,
                     float *y, int ldy);
/* From dz (B·T_out × C_out): gW, gb accumulate; dx (B·T_in × C_in) overwritten
 * unless NULL; dcols is scratch of ur_conv_cols_floats. */
void ur_conv_backward(const ur_conv_geom *g, const float *x, const float *cols, const float *dz, int B,
                      const float *W, float *gW, float *gb, float *dcols, float *dx);

#endif
