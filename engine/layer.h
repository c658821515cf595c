/* layer.h: a layer kind, and a layer with weights as the model runs it.
 *
 * Every kind is one file (layer_<kind>.c) holding all of it: its
 * ur_kind_def (words, defaults, shape rule, description) and its
 * ur_layer_ops (tensors, init, forward and backward side by side, and the
 * layout of its buffers).  Dense and TimeDistributed(Dense) share
 * layer_dense.c, SimpleRNN and LN-SimpleRNN layer_simple_rnn.c: one
 * layer's maths under two names.  Data is batch-major and
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
#include "rng.h"
#include "spec_types.h"

typedef struct ur_layer ur_layer;

/* The most tensors a layer has: a WaveNet block of UR_MAX_DILATIONS layers. */
#define UR_MAX_TENSORS (2 + 4 * UR_MAX_DILATIONS)
typedef struct {
  char name[32];
  size_t offset; /* into the layer's parameters */
  size_t size;
  int rows, cols; /* size == rows * cols; 1-D tensors have rows == 1 */
} ur_tensor_info;

/* Where a layer's buffers come from.  A kind names every buffer it keeps from
 * forward for backward (its cache) and every temporary it borrows (its
 * scratch) once, one per line with its shape, in its layout function, as
 * llama2.c's RunState does; sizing, forward and backward all read that one
 * function.  Buffers are taken in order; with NULL bases the layout only
 * counts, which is how the sizes are found. */
typedef struct {
  float *cache, *scratch;     /* the layer's buffers, or NULL while counting */
  size_t cache_used;          /* floats of the cache taken so far */
  size_t scratch_used;        /* floats of scratch taken in this phase */
  size_t scratch_most;        /* the most any phase took: the scratch size */
} ur_carve;

/* n floats of the cache. */
static inline float *ur_take_cache(ur_carve *c, size_t n) {
  float *p = c->cache ? c->cache + c->cache_used : NULL;
  c->cache_used += n;
  return p;
}
/* n floats of scratch. */
static inline float *ur_take_scratch(ur_carve *c, size_t n) {
  float *p = c->scratch ? c->scratch + c->scratch_used : NULL;
  c->scratch_used += n;
  if (c->scratch_used > c->scratch_most) c->scratch_most = c->scratch_used;
  return p;
}
/* n doubles of scratch, at an even float offset so that they are aligned
 * (the buffer itself comes from malloc). */
static inline double *ur_take_scratch_doubles(ur_carve *c, size_t n) {
  c->scratch_used += c->scratch_used & 1;
  return (double *)(void *)ur_take_scratch(c, 2 * n);
}
/* What follows reuses the scratch taken so far: a forward pass's
 * temporaries and a backward pass's share the same floats. */
static inline void ur_scratch_again(ur_carve *c) { c->scratch_used = 0; }

typedef struct {
  /* Parameter tensors in the order above. */
  int (*tensors)(const ur_layer *l, ur_tensor_info *out);
  /* Keras initialisers: glorot_uniform, orthogonal, zeros, ones. */
  void (*init)(ur_layer *l, ur_rng *rng);
  /* Floats of forward state kept for backward, for batch size B
   * (ur_layer_cache_floats: what layout takes). */
  size_t (*cache_floats)(const ur_layer *l, int B);
  /* y = f(x).  training selects dropout and batch statistics. */
  void (*forward)(ur_layer *l, const float *x, float *y, int B, int training);
  /* g += dL/dw; dx = dL/dx unless dx is NULL. Uses the cache of the last
   * forward, and may overwrite dy. */
  void (*backward)(ur_layer *l, const float *x, const float *y, float *dy, float *dx, int B);
  /* Floats of temporaries for forward and backward, for batch size B
   * (ur_layer_scratch_floats: what layout takes). */
  size_t (*scratch_floats)(const ur_layer *l, int B);
  /* Takes every cache and scratch buffer for batch B from c (NULL: none). */
  void (*layout)(const ur_layer *l, int B, ur_carve *c);
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

/* The floats of l's layout for batch B: its cache, its scratch. */
size_t ur_layer_cache_floats(const ur_layer *l, int B);
size_t ur_layer_scratch_floats(const ur_layer *l, int B);
/* A carve over l's own cache and scratch, for forward and backward:
 * bufs = X_layout(l, B, UR_CARVE_OF(l)). */
#define UR_CARVE_OF(l) (&(ur_carve){(l)->cache, (l)->scratch, 0, 0, 0})

/* Ensure cache and scratch hold batch B; returns 0 or -1 on allocation failure. */
int ur_layer_reserve(ur_layer *l, int B);
void ur_layer_release(ur_layer *l);


/* How a kind's output steps see its input steps, for receptive fields and
 * target alignment (spec.c): output step o sees input steps
 * o·stride - pad_left + [0, span).  pad_left may depend on the input's
 * length T_in (padding "same"); span and stride do not, and a caller that
 * wants only them passes T_in 0. */
typedef struct {
  int span, stride, pad_left;
} ur_time_window;

/* All of a layer kind but its maths: its words, Keras's defaults, its shape
 * rule with its errors in words, and the ops that run it.  Each
 * layer_<kind>.c defines its kind's (ur_<kind>_kind) beside its forward and
 * backward; spec.c collects them in one array by ur_layer_kind, and the
 * spec.h functions look a kind up there. */
typedef struct {
  ur_layer_kind kind;
  const char *id;      /* "gru": files and the command line */
  const char *name;    /* "GRU": what a person reads */
  const char *summary; /* one line for palettes */
  int recurrent;       /* tanh by default; a stack names it when its last output is not enough */
  /* Time: per_step kinds map step t to step t alone (Dense, the norms,
   * Dropout); a kind with a window is a convolution; any other sees the
   * whole sequence up to t (recurrent layers) or all of it (Flatten). */
  int per_step;
  ur_time_window (*window)(const ur_layer_spec *s, int T_in);
  /* Keras's settings beyond ur_spec_default's common ones (NULL: none). */
  void (*defaults)(ur_layer_spec *s);
  /* The output shape for an input with features ≥ 1: 0, or -1 with the
   * reason in words (ur_spec_output_shape). */
  int (*output_shape)(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len);
  /* Its settings in a few words (NULL: none). */
  void (*describe)(const ur_layer_spec *s, char *buf, size_t len);
  /* Floats of non-trainable state (NULL: none). */
  size_t (*state_floats)(const ur_layer_spec *s, ur_shape in);
  /* Tensors (which give the parameter count), init, forward, backward, layout. */
  const ur_layer_ops *ops;
} ur_kind_def;

/* The kind's definition, or NULL for a value outside ur_layer_kind. */
const ur_kind_def *ur_kind_def_of(ur_layer_kind kind);

/* For the kinds' shape rules (spec.c): each writes its message into why and
 * returns -1, or returns 0 when the condition holds.
 * "GRU needs at least 1 unit" (unit: "unit" or "filter"): */
int ur_check_units(const ur_layer_spec *s, const char *unit, char *why, size_t len);
/* "<who> needs a sequence, but its input is a single vector": */
int ur_check_sequence(ur_shape in, const char *who, char *why, size_t len);
/* printf-style message; always -1. */
int ur_shape_error(char *why, size_t len, const char *fmt, ...);
/* The rule of kinds whose output has their input's shape, whatever it is. */
int ur_shape_same(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len);

extern const ur_kind_def ur_dense_kind, ur_time_distributed_kind, ur_flatten_kind, ur_simple_rnn_kind, ur_lstm_kind,
    ur_gru_kind, ur_ln_simple_rnn_kind, ur_layer_norm_kind, ur_batch_norm_kind, ur_dropout_kind, ur_conv1d_kind,
    ur_wavenet_kind;

extern const ur_layer_ops ur_dense_ops, ur_flatten_ops, ur_simple_rnn_ops, ur_lstm_ops,
    ur_gru_ops, ur_ln_simple_rnn_ops, ur_layer_norm_ops, ur_batch_norm_ops, ur_dropout_ops,
    ur_conv1d_ops, ur_wavenet_ops;

#endif
