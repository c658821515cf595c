/* unroll-analysis.h: what the canvas shows about a stack, in one pass.
 *
 * Shapes, parameter counts and the receptive field come from the engine's
 * own functions (ur_stack_check, ur_spec_param_count, ...), so the window
 * can never disagree with what training will build.  On top, the window's
 * own check: does the model's output fit the task's target?  And for each
 * problem, the one-click fix when one is obvious.  Plain C: tested without a
 * display.
 */
#ifndef UNROLL_ANALYSIS_H
#define UNROLL_ANALYSIS_H

#include <stddef.h>
#include "project.h"

typedef enum {
  UNROLL_FIX_NONE,
  UNROLL_FIX_RETURN_SEQUENCES_ON,  /* on layer fix_layer (the one above the problem) */
  UNROLL_FIX_RETURN_SEQUENCES_OFF, /* on layer fix_layer */
  UNROLL_FIX_INSERT_FLATTEN,       /* a Flatten at index fix_layer */
  UNROLL_FIX_APPEND_DENSE,         /* Dense(fix_value) at the end */
  UNROLL_FIX_APPEND_FLATTEN_DENSE, /* Flatten, Dense(fix_value) at the end */
  UNROLL_FIX_APPEND_TIME_DISTRIBUTED, /* TimeDistributed(Dense(fix_value)) */
  UNROLL_FIX_SET_UNITS,            /* units of fix_layer = fix_value */
  UNROLL_FIX_CAUSAL_PADDING,       /* padding of fix_layer = causal */
  UNROLL_FIX_DILATION_ONE,         /* dilation of fix_layer = 1 */
  UNROLL_FIX_REMOVE_LAYER,         /* remove fix_layer */
} UnrollFixKind;

typedef struct {
  int n;                           /* layers */
  int known;                       /* layers [0, known) have shapes and counts */
  ur_shape in[UR_MAX_LAYERS], out[UR_MAX_LAYERS]; /* in[known] too, when known < n */
  size_t params[UR_MAX_LAYERS];
  size_t total_params;             /* over the known layers */
  int receptive_field;             /* 0 when the stack does not start with convolutions */
  ur_shape target;                 /* what the task needs */
  int ok;                          /* valid and fits the target: trainable */
  int bad_layer;                   /* the card to mark, -1 for none */
  char why[512];                   /* "layer 2 (GRU): ..." (empty when ok) */
  char card_why[512];              /* the same for the card, without "layer 2 (GRU): " */
  UnrollFixKind fix;
  int fix_layer, fix_value;
  char fix_label[96];              /* the fix button's label */
} UnrollAnalysis;

void unroll_analyze(const ur_project *p, UnrollAnalysis *a);

/* Applies a's fix to p (the project a was computed from): 0, or -1 when
 * there is no fix or the stack is full. */
int unroll_apply_fix(ur_project *p, const UnrollAnalysis *a);

/* "12,345" */
void unroll_format_count(size_t n, char *buf, size_t len);

#endif
