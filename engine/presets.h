/* presets.h: every model of chapter 15, by name, with the book's figures.
 *
 * The same list feeds `unroll presets`, `unroll table` and the workbench's
 * Presets menu.  A preset is a layer stack plus what it is trained on, or a
 * baseline that is computed rather than trained.
 */
#ifndef UR_PRESETS_H
#define UR_PRESETS_H

#include "data.h"
#include "spec.h"
#include "train.h"

typedef enum {
  UR_PRESET_TRAINED,      /* a layer stack trained with Adam */
  UR_PRESET_NAIVE,        /* the last value, repeated */
  UR_PRESET_LINEAR_EXACT, /* least squares through LAPACKE */
  UR_PRESET_ITERATIVE     /* a one-step model trained, then applied `horizon` times */
} ur_preset_kind;

#define UR_PRESET_MAX_LAYERS 12

typedef struct {
  const char *name;
  const char *description;
  ur_preset_kind kind;
  ur_task task;  /* what it is evaluated on */
  int horizon;   /* 1 or 10 */
  int n_layers;
  ur_layer_spec layers[UR_PRESET_MAX_LAYERS];
  float lr;      /* the book's learning rate */
  int epochs;    /* the book's epochs */
  const char *book_row;   /* "4", or NULL when the book has no such row */
  const char *book_runs;  /* "0.00289 / 0.00293 / 0.00291" */
  double book_worst;      /* the worst of the book's runs: the bar to meet */
  int last_step;          /* reported figure is last_time_step_mse */
} ur_preset;

int ur_preset_count(void);
const ur_preset *ur_preset_at(int i);
const ur_preset *ur_preset_find(const char *name); /* NULL if unknown */
/* The task a preset's model is trained on (iterative: one step). */
ur_task ur_preset_train_task(const ur_preset *p);
/* Keras's training defaults (Adam, MSE, batch 32, seed 42) with the
 * book's learning rate and epochs for the preset. */
void ur_preset_train_config(const ur_preset *p, ur_train_config *t);

#endif
