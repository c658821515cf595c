/* spec_types.h: the types of the layer vocabulary (spec.h) alone: shapes,
 * layer kinds and a layer's settings.  The layers (layer.h) are built on
 * these; spec.h's functions look each kind up in the layers' own files, so
 * the two headers are apart to keep the engine's include graph acyclic.
 */
#ifndef UR_SPEC_TYPES_H
#define UR_SPEC_TYPES_H

#include <stddef.h>

typedef struct {
  int steps;    /* time axis length; 0 = no time axis (a vector) */
  int features; /* last axis */
} ur_shape;

/* Elements per sample of a shape. */
static inline size_t ur_shape_size(ur_shape s) {
  return (size_t)(s.steps > 0 ? s.steps : 1) * (size_t)s.features;
}

typedef enum {
  UR_DENSE,            /* Dense on the last axis (per time step on a sequence) */
  UR_TIME_DISTRIBUTED, /* TimeDistributed(Dense): Dense that requires a sequence */
  UR_FLATTEN,
  UR_SIMPLE_RNN,
  UR_LSTM,
  UR_GRU,              /* Keras 2 GRU, reset_after=True */
  UR_LN_SIMPLE_RNN,    /* the chapter's LNSimpleRNNCell wrapped in RNN */
  UR_LAYER_NORM,
  UR_BATCH_NORM,
  UR_DROPOUT,
  UR_CONV1D,
  UR_WAVENET,          /* full WaveNet block: gated, residual and skip */
  UR_LAYER_KIND_COUNT
} ur_layer_kind;

typedef enum { UR_ACT_LINEAR, UR_ACT_TANH, UR_ACT_SIGMOID, UR_ACT_RELU, UR_ACT_COUNT } ur_activation;
typedef enum { UR_PAD_VALID, UR_PAD_SAME, UR_PAD_CAUSAL, UR_PAD_COUNT } ur_padding;

#define UR_MAX_DILATIONS 16
#define UR_MAX_LAYERS 64

/* One layer's settings.  Fields a kind does not use are ignored (and kept,
 * so switching a kind back and forth in the UI loses nothing). */
typedef struct {
  ur_layer_kind kind;
  int units;               /* Dense/RNN units, Conv1D filters, WaveNet filters */
  ur_activation activation;
  int return_sequences;    /* RNNs */
  float dropout;           /* RNN input dropout; Dropout layer rate */
  float recurrent_dropout; /* RNNs */
  int kernel_size;         /* Conv1D */
  int strides;             /* Conv1D */
  int dilation_rate;       /* Conv1D */
  ur_padding padding;      /* Conv1D */
  int n_dilations;         /* WaveNet: one gated residual layer per rate */
  int dilations[UR_MAX_DILATIONS];
} ur_layer_spec;

#endif
