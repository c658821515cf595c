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

/* What a stack may ask for (engine/README.md, "Limits").  A stack is
 * checked against them (ur_stack_check) before a model of it is built, so a
 * file's numbers can neither wrap a shape nor ask for memory it would take
 * minutes to find it cannot have; with them, every shape and offset the
 * layers compute fits its type. */
#define UR_MAX_UNITS 65536               /* units of a layer, filters of a convolution */
#define UR_MAX_KERNEL 4096               /* a convolution's kernel size, strides and dilation rates */
#define UR_MAX_STEPS 100000              /* time steps of a model's input */
#define UR_MAX_FEATURES 100000           /* features of a model's input, and of any sequence in it */
#define UR_MAX_SAMPLE_VALUES (1 << 24)   /* values of one sample at any layer (steps × features) */
#define UR_MAX_PARAMS (1 << 27)          /* trainable parameters of a model (512 MiB of floats) */
#define UR_MAX_SAMPLE_WORK (1 << 26)     /* floats a model keeps per sample while training: activations,
                                            caches and temporaries (256 MiB) */

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
