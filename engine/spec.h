/* spec.h: what a layer is, before it has weights.
 *
 * A model is a stack of layer specs over an input shape.  This header is the
 * vocabulary shared by the engine, the command line and the workbench: the
 * window edits specs, the engine validates them, infers shapes and counts
 * parameters with the same functions, so the two can never disagree.  What
 * these functions say about a kind comes from that kind's own file
 * (ur_kind_def in layer.h); spec.c adds what holds for a whole stack.
 *
 * Shapes are per sample (the batch axis is implicit): steps > 0 is a sequence
 * of `steps` time steps by `features`; steps == 0 is a plain vector.
 */
#ifndef UR_SPEC_H
#define UR_SPEC_H

#include <stddef.h>

#include "spec_types.h"

/* Keras's defaults for a kind (units 20, tanh for RNNs, kernel 2, ...). */
ur_layer_spec ur_spec_default(ur_layer_kind kind);

const char *ur_kind_name(ur_layer_kind kind);     /* "GRU", "TimeDistributed(Dense)" */
const char *ur_kind_id(ur_layer_kind kind);       /* "gru", "time_distributed" */
int ur_kind_from_id(const char *id);              /* -1 if unknown */
const char *ur_kind_summary(ur_layer_kind kind);  /* one line for palettes */
const char *ur_activation_name(ur_activation a);  /* "tanh" */
int ur_activation_from_name(const char *name);    /* -1 if unknown */
const char *ur_padding_name(ur_padding p);
int ur_padding_from_name(const char *name);
int ur_kind_is_recurrent(ur_layer_kind kind);

/* Output shape of one layer for an input shape.  Returns 0 and fills *out, or
 * -1 and writes the reason in words into why (e.g. "GRU needs a sequence ..."). */
int ur_spec_output_shape(const ur_layer_spec *s, ur_shape in, ur_shape *out,
                         char *why, size_t whylen);

/* Trainable parameters of one layer for an input shape (0 if invalid). */
size_t ur_spec_param_count(const ur_layer_spec *s, ur_shape in);

/* Receptive field in input time steps of the convolutions at the top of a
 * stack (Conv1D and WaveNet, through per-step layers), or 0 when the stack
 * starts with no convolution. */
int ur_stack_receptive_field(const ur_layer_spec *layers, int n);

/* For a stack whose output is a sequence: align[o] = the last input time
 * step that output step o sees (o for recurrent and per-step layers; a
 * convolution maps o to o·stride + (kernel-1)·dilation - left padding).  The
 * chapter's Conv1D(kernel 4, stride 2) gives 3, 5, 7, …: Y_seq[:, 3::2].
 * Returns the output steps (≤ max), or 0 when the output is not a sequence. */
int ur_stack_alignment(ur_shape input, const ur_layer_spec *layers, int n, int *align, int max);

/* Settings of a spec in a few words: "20 units, tanh, return_sequences". */
void ur_spec_describe(const ur_layer_spec *s, char *buf, size_t len);

/* "batch × 50 × 20" or "batch × 10". */
void ur_shape_format(ur_shape s, char *buf, size_t len);

/* Validates a whole stack: 0 on success with every layer's output shape in
 * shapes[] (may be NULL); -1 with the failing layer's index in *bad_layer and
 * "layer 3 (GRU): ..." in why. */
int ur_stack_check(ur_shape input, const ur_layer_spec *layers, int n,
                   ur_shape *shapes, int *bad_layer, char *why, size_t whylen);

#endif
