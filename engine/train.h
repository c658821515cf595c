/* train.h: mini-batch training with validation, callbacks and cancellation.
 *
 * ur_train runs on the caller's thread and calls back after every batch and
 * every epoch: the only way out to a caller.  A non-zero return from the
 * callback cancels between batches (the weights trained so far are kept), so
 * a UI can run training on a worker thread, read progress from the callback
 * and pause by blocking in it.  The model is the caller's; ur_train touches
 * nothing else.
 */
#ifndef UR_TRAIN_H
#define UR_TRAIN_H

#include "data.h"
#include "loss.h"
#include "model.h"
#include "optim.h"

typedef struct {
  ur_optim_config optim;
  ur_loss_kind loss;
  int epochs;
  int batch_size;          /* 32, Keras's default */
  uint32_t seed;           /* weights, shuffles and dropout masks (a group's base seed) */
  int repeats;             /* runs of a group, seeds seed .. seed + repeats - 1 (group.h); 3 */
  int shuffle;             /* 1, as Keras's fit */
  int early_stopping;      /* patience in epochs on val_loss; 0 = off */
  int restore_best;        /* with early stopping: end on the best epoch's weights */
  int reduce_lr_patience;  /* ReduceLROnPlateau on val_loss; 0 = off */
  float reduce_lr_factor;  /* 0.1 */
  float min_lr;            /* 0 */
} ur_train_config;

void ur_train_config_default(ur_train_config *c); /* Adam 0.001, MSE, 20 epochs, batch 32 */

typedef enum { UR_PROGRESS_BATCH, UR_PROGRESS_EPOCH } ur_progress_kind;

typedef struct {
  ur_progress_kind kind;
  int epoch, epochs;   /* epoch: 0-based index of the current epoch */
  int batch, batches;  /* batches done in this epoch (1..batches), of */
  double batch_loss;   /* this batch */
  double loss;         /* mean over the epoch so far */
  double val_loss;     /* EPOCH: on the validation set (NAN without one) */
  ur_metrics val;      /* EPOCH: validation metrics */
  double lr;
  double epoch_seconds, elapsed_seconds;
  double train_seconds; /* EPOCH: the epoch's training batches alone, without validation */
} ur_progress;

/* How much of the whole run is done, 0 to 1. */
static inline double ur_progress_fraction(const ur_progress *p) {
  return (p->epoch + (double)p->batch / p->batches) / p->epochs;
}

/* Non-zero return cancels training before the next batch. */
typedef int (*ur_progress_fn)(const ur_progress *p, void *user);

typedef enum { UR_STOP_COMPLETED, UR_STOP_EARLY, UR_STOP_CANCELLED, UR_STOP_DIVERGED, UR_STOP_ERROR } ur_stop_reason;
const char *ur_stop_reason_name(ur_stop_reason r); /* "completed", "early stopping", ... */

typedef struct {
  ur_stop_reason reason;
  char message[256];   /* why it stopped, in words */
  int epochs_run;      /* completed epochs (history length) */
  double *loss, *val_loss, *val_mse, *val_last_mse, *lr; /* per epoch */
  double *seconds;       /* per epoch, with validation */
  double *train_seconds; /* per epoch, the training batches alone */
  double start_loss;   /* the monitor (val_loss, or loss without validation) of the starting weights: epoch 0 */
  int best_epoch;      /* by val_loss (or loss without validation); -1: no epoch beat the start */
  double best_val_loss;
  double seconds_total;
} ur_train_result;

/* 0 when training ran (whatever made it stop: see res->reason), -1 on bad
 * arguments or no memory (res->message says which). */
int ur_train(ur_model *m, const ur_train_config *cfg, const ur_dataset *train, const ur_dataset *valid,
             ur_progress_fn fn, void *user, ur_train_result *res);
void ur_train_result_free(ur_train_result *r);

/* Loss and metrics of the model on a data set, in inference mode. 0 or -1. */
int ur_evaluate(ur_model *m, const ur_dataset *d, ur_loss_kind loss, double *loss_out, ur_metrics *metrics);

#endif
