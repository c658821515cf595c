/* model.h: a stack of layers with all weights in one array.
 *
 * All parameters live in one contiguous array and all gradients in another
 * (kann's collated variables), so an optimiser is one loop and a copy of the
 * weights is one memcpy.  Forward activations are kept per layer for the
 * backward pass; workspace is allocated once per batch size.
 */
#ifndef UR_MODEL_H
#define UR_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "spec.h"
#include "layer.h"

typedef struct ur_model {
  ur_shape input;
  int n_layers;
  ur_layer layers[UR_MAX_LAYERS];
  size_t n_params, n_state;
  float *params;  /* n_params */
  float *grads;   /* n_params */
  float *state;   /* n_state: BatchNorm moving statistics */
  float **acts;   /* acts[i] = output of layer i-1 (acts[0] is the input batch), B × size */
  float *dbuf[2]; /* ping-pong gradient buffers, B × max size */
  int batch;      /* batch size the workspace is sized for */
  uint32_t seed;  /* weights and dropout */
  uint64_t step;  /* training steps taken: dropout masks are drawn from (seed, step) */
} ur_model;

/* What a model of a stack holds, found without allocating it: trainable
 * parameters, non-trainable state, and the floats one sample takes while
 * training (its activations at every layer, the gradient buffers, every
 * layer's cache and temporaries). */
typedef struct {
  size_t params, state, work_per_sample;
} ur_model_size;
/* 0 and *size, or -1 with "layer 3 (GRU): ..." in err when the stack is
 * invalid or asks for more than the limits of spec_types.h allow. */
int ur_model_measure(ur_shape input, const ur_layer_spec *layers, int n, ur_model_size *size, char *err, size_t errlen);

/* Builds a model; NULL with "layer 3 (GRU): ..." in err when the stack is
 * invalid or too large (ur_model_measure). */
ur_model *ur_model_new(ur_shape input, const ur_layer_spec *layers, int n, char *err, size_t errlen);
void ur_model_free(ur_model *m);
/* Deep copy (weights and state, not workspace). NULL on allocation failure. */
ur_model *ur_model_clone(const ur_model *m);
/* Keras initialisers from one seed. */
void ur_model_init(ur_model *m, uint32_t seed);
ur_shape ur_model_output_shape(const ur_model *m);
size_t ur_model_in_size(const ur_model *m);  /* floats per input sample */
size_t ur_model_out_size(const ur_model *m); /* floats per output sample */

/* Sizes the workspace for batches of up to B samples; 0 or -1 (out of memory). */
int ur_model_reserve(ur_model *m, int B);

/* Forward over one batch of B ≤ reserved samples; returns the output
 * (B × out_size, owned by the model, valid until the next call). */
const float *ur_model_forward(ur_model *m, const float *x, int B, int training);
/* Backward from dL/dy (B × out_size, may be overwritten); accumulates into
 * grads (callers zero them).  dx_out, if not NULL, receives dL/dx. */
void ur_model_backward(ur_model *m, float *dy, int B, float *dx_out);

/* Inference on n samples, in batches: y is n × out_size. 0 or -1 (OOM). */
int ur_model_predict(ur_model *m, const float *x, int n, float *y);

/* Parameter tensors of the whole model, each with its layer index, for
 * per-tensor gradient clipping and for saving.  Returns the count. */
typedef struct {
  int layer;
  ur_tensor_info t; /* offset is into m->params */
} ur_model_tensor;
int ur_model_tensors(const ur_model *m, ur_model_tensor *out, int max);

#endif
