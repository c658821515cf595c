/* layer.h: a layer with weights, as the model runs it.
 *
 * Every kind is one file (layer_<kind>.c) holding its forward and backward
 * side by side, and fills one ur_layer_ops table.  Data is batch-major and
 * row-major everywhere, as in Keras: a sequence batch is B × T × F, a vector
 * batch B × F.  A layer's parameters and gradients are windows into the
 * model's two contiguous arrays (w, g); backward *accumulates* into g.
 *
 * Parameter tensors, in order and in Keras's layouts (what fixtures and saved
 * files use):
 *   Dense / TimeDistributed  kernel F×U, bias U
 *   SimpleRNN                kernel F×H, recurrent_kernel H×H, bias H
 *   LSTM                     kernel F×4H, recurrent_kernel H×4H, bias 4H  (gates i f c o)
 *   GRU                      kernel F×3H, recurrent_kernel H×3H, bias 2×3H (gates z r h;
 *                            row 0 input bias, row 1 recurrent bias)
 *   LN-SimpleRNN             kernel F×H, recurrent_kernel H×H, bias H, gamma H, beta H
 *   LayerNormalization       gamma F, beta F
 *   BatchNormalization       gamma F, beta F   (+ state: moving_mean F, moving_variance F)
 *   Conv1D                   kernel K×Cin×Cout, bias Cout
 *   WaveNet                  input conv 2×C×N, bias N; per dilation: gate conv 2×N×2N,
 *                            bias 2N, 1×1 conv N×N, bias N
 */
#ifndef UR_LAYER_H
#define UR_LAYER_H

#include <stddef.h>
#include <stdint.h>
#include "spec.h"
#include "rng.h"

typedef struct ur_layer ur_layer;

#define UR_MAX_TENSORS 64
typedef struct {
  char name[32];
  size_t offset; /* into the layer's parameters */
  size_t size;
  int rows, cols; /* size == rows * cols; 1-D tensors have rows == 1 */
} ur_tensor_info;

typedef struct {
  /* Parameter tensors in the order above. */
  int (*tensors)(const ur_layer *l, ur_tensor_info *out);
  /* Keras initialisers: glorot_uniform, orthogonal, zeros, ones. */
  void (*init)(ur_layer *l, ur_rng *rng);
  /* Floats of forward state kept for backward, for batch size B. */
  size_t (*cache_floats)(const ur_layer *l, int B);
  /* y = f(x).  training selects dropout and batch statistics. */
  void (*forward)(ur_layer *l, const float *x, float *y, int B, int training);
  /* g += dL/dw; dx = dL/dx unless dx is NULL. Uses the cache of the last
   * forward, and may overwrite dy. */
  void (*backward)(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B);
  /* Floats of temporaries for backward, for batch size B (NULL: none). */
  size_t (*scratch_floats)(const ur_layer *l, int B);
} ur_layer_ops;

struct ur_layer {
  ur_layer_spec spec;
  ur_shape in, out;
  const ur_layer_ops *ops;
  size_t n_params;
  float *w;        /* parameters (window into the model's array) */
  float *g;        /* their gradients */
  size_t n_state;  /* non-trainable state (BatchNorm moving statistics) */
  float *state;
  float *cache;    /* forward state for backward, sized for cache_batch */
  int cache_batch;
  float *scratch;  /* layer-private temporaries, same lifetime as cache */
  size_t scratch_floats;
  ur_rng drop_rng; /* dropout masks; reseeded by the model per step */
};

/* Fill l->ops, n_params, n_state for l->spec and l->in (already validated). */
void ur_layer_bind(ur_layer *l);

/* Ensure cache and scratch hold batch B; returns 0 or -1 on allocation failure. */
int ur_layer_reserve(ur_layer *l, int B);
void ur_layer_release(ur_layer *l);


extern const ur_layer_ops ur_dense_ops, ur_flatten_ops, ur_simple_rnn_ops, ur_lstm_ops,
    ur_gru_ops, ur_ln_simple_rnn_ops, ur_layer_norm_ops, ur_batch_norm_ops, ur_dropout_ops,
    ur_conv1d_ops, ur_wavenet_ops;

#endif
