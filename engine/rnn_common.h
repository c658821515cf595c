/* rnn_common.h: what SimpleRNN, LN-SimpleRNN, LSTM and GRU share.
 *
 * All four read x (B × T × F), project it for every step at once,
 *   XW = x̃ W + b      (B·T × G, one gemm; G = H, 4H or 3H)
 * and inside the time loop only add h_{t-1} U.  Keras's dropout masks are
 * drawn once a sequence and reused at every step: x̃ = x ⊙ m_x (B × F),
 * and h_{t-1} ⊙ m_h (B × H) feeds U.  The masked h_{t-1} of every step is
 * kept (hin, B × T × H) so that dU = hinᵀ dZ is one gemm after the loop.
 */
#ifndef UR_RNN_COMMON_H
#define UR_RNN_COMMON_H

#include "layer.h"

/* The cache the four share, first in each one's layout. */
typedef struct {
  int B, T, F, H, G;
  float *xin;   /* B × T × F  masked input (only with dropout) */
  float *imask; /* B × F      input mask m_x */
  float *rmask; /* B × H      recurrent mask m_h */
  float *hin;   /* B × T × H  masked h_{t-1} of every step */
} ur_rnn_cache;

/* Takes the shared cache above from c, for batch B and G gate columns. */
ur_rnn_cache ur_rnn_layout(const ur_layer *l, int B, int G, ur_carve *c);

/* The shape rule the four share: units ≥ 1, a sequence in, dropout rates in
 * [0, 1); B × T × H out with return_sequences, else B × H. */
int ur_rnn_output_shape(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len);
/* "20 units, tanh, return_sequences, dropout 0.2, recurrent dropout 0.1" */
void ur_rnn_describe(const ur_layer_spec *s, char *buf, size_t len);

/* Draws the masks (or sets them to one) and returns the input to project:
 * x itself without input dropout, else c->xin. */
const float *ur_rnn_begin(ur_layer *l, ur_rnn_cache *c, const float *x, int training);
/* XW (B·T × G) = x̃ W + b, W = l->w (F × G), b = bias (G). */
void ur_rnn_project(const ur_rnn_cache *c, const float *xin, const float *W, const float *b, float *XW);
/* hin[:, t] = h_prev ⊙ m_h (zeros when h_prev is NULL); returns hin[:, t].
 * h_prev has row stride ldh. */
float *ur_rnn_hin(ur_rnn_cache *c, int t, const float *h_prev, int ldh);
/* Copies the states (B × T × H) to y: all of them, or the last step. */
void ur_rnn_output(const ur_layer *l, const ur_rnn_cache *c, const float *hs, float *y);
/* dh (B × T × H) = dy spread over the steps (zeros but the last without return_sequences). */
void ur_rnn_spread_dy(const ur_layer *l, const ur_rnn_cache *c, const float *dy, float *dh);
/* After the loop, from dXZ (B·T × G, the gradient of XW) and dHR (gradient of
 * hin U, B·T × G, may equal dXZ):  dW += x̃ᵀ dXZ,  db += Σ dXZ,  dU += hinᵀ dHR,
 *  dx = (dXZ Wᵀ) ⊙ m_x. */
void ur_rnn_finish(ur_layer *l, const ur_rnn_cache *c, const float *xin, const float *dXZ, const float *dHR,
                   float *dW, float *dU, float *db, float *dx);
/* carry (B × H) = (dhr_t Uᵀ) ⊙ m_h: the gradient reaching h_{t-1} through U.
 * dhr_t has row stride ld. */
void ur_rnn_carry(ur_layer *l, const ur_rnn_cache *c, const float *dhr_t, int ld, const float *U, float *carry);

#endif
