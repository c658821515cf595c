/* preset_run.h: the run of a preset that test_charts, test_run and
 * test_trainer train: its stack and learning rate, the task and horizon it
 * trains on, over fewer series than the book's 10000 so tests stay quick. */
#ifndef UNROLL_PRESET_RUN_H
#define UNROLL_PRESET_RUN_H

#include <string.h>
#include "presets.h"
#include "run.h"

/* r as after ur_run_init, then set up to train `preset` for `epochs` epochs on n_series series. */
static inline void preset_run_setup(ur_run *r, const char *preset, int epochs, int n_series) {
  const ur_preset *p = ur_preset_find(preset);
  ur_run_init(r);
  r->data.task = ur_preset_train_task(p);
  r->data.horizon = r->data.task == UR_TASK_ONE_STEP ? 1 : p->horizon;
  r->data.n_series = n_series;
  r->train.epochs = epochs;
  r->train.optim.lr = p->lr;
  r->n_layers = p->n_layers;
  memcpy(r->layers, p->layers, sizeof r->layers[0] * (size_t)p->n_layers);
}

#endif
