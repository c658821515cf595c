/* run.h: one training run as plain C data, and its text form.
 *
 * A run is everything needed to show, compare and reproduce a training:
 * what was trained (input shape and layer stack), on what (the synthetic
 * data's settings), how (the training settings), the weights it ended with
 * (ur_model_serialize's bytes), what happened (loss after every batch, the
 * metrics after every epoch) and how it compares (validation MSE and the
 * naive and linear baselines' MSE on the same windows).
 *
 * Pure C, no GLib: the project file embeds runs, and `unroll plot` reads them.
 *
 * The text block (lines end in '\n', a '\r' before it is ignored; names are
 * percent-escaped so they hold no space, '=', '%' or control byte):
 *
 *   run name=deep-rnn%201 preset=deep-rnn stop=completed epochs=2 seconds=9.5 colour=0
 *   data seed=42 series=10000 steps=50 horizon=1 task=one_step
 *   csv path=/home/me/weather.csv target=temperature ...   only for a CSV's run (csv_source.h)
 *   input 50 1
 *   train optimizer=adam lr=0.001 ...                 ur_train_settings_format (settings_io.h)
 *   layer simple_rnn units=20 ...                      0..64 lines, ur_spec_format
 *   metrics val_mse=0.0029 val_last_mse=0.0029 naive_mse=0.0202 linear_mse=0.0042
 *   history epoch=1 loss=... val_loss=... val_mse=... val_last_mse=... lr=... seconds=...
 *   batches per_epoch=219 count=438                    then `count` batch losses,
 *   0.0512 0.0498 ...                                  at most 16 a line
 *   model <bytes> <fnv1a-32, 8 hex digits>             ur_model_serialize's bytes,
 *   <base64, at most 76 characters a line>             base64 encoded
 *   end
 *
 * Every section but `run` and `end` is optional; `model` comes last when
 * present (the older project files' runs, with only `run`, `history`,
 * `model` and `end`, parse too).  The reader checks every number's range,
 * never reads outside its buffer and reports the first problem as
 * "line N: ...".
 */
#ifndef UR_RUN_H
#define UR_RUN_H

#include <stddef.h>
#include <stdint.h>
#include "csv_source.h"
#include "data.h"
#include "model.h"
#include "spec.h"
#include "train.h"

#define UR_RUN_MAX_EPOCHS 100000
#define UR_RUN_MAX_BATCHES 10000000
#define UR_RUN_MAX_MODEL_BYTES ((size_t)1 << 29)

/* The series a run was trained on (the project's data settings): the
 * chapter's synthetic one, or a user's CSV file when csv.path is set.  For
 * a CSV, n_steps, horizon and task mirror its lookback, horizon and kind
 * (ur_run_data_set_csv), so everything that reads them (the stack's check,
 * the comparison's horizon) works on either. */
typedef struct {
  uint32_t seed;   /* 42 */
  int n_series;    /* 10000 */
  int n_steps;     /* 50 */
  int horizon;     /* 1, or 10 for the multi-step tasks */
  ur_task task;
  ur_csv_source csv; /* path "" : the synthetic series */
} ur_run_data;

/* Makes d a CSV's (n_steps, horizon and task from src) or, with src NULL,
 * the synthetic series' again (its seed and count kept). */
void ur_run_data_set_csv(ur_run_data *d, const ur_csv_source *src);

/* One completed epoch. */
typedef struct {
  double loss, val_loss, val_mse, val_last_mse, lr, seconds;
} ur_run_epoch_stats;

typedef struct {
  char name[64];
  char preset[64];      /* the preset the stack came from, "" if none */
  char stop[32];        /* ur_stop_reason_name, "" while running */
  int colour;           /* index into the chart palette: the run's colour everywhere */
  double seconds;       /* wall time of the training */
  ur_run_data data;
  ur_shape input;
  ur_train_config train;
  int n_layers;
  ur_layer_spec layers[UR_MAX_LAYERS];
  /* results: NAN when unknown */
  double val_mse;       /* over every output of the validation set (ur_evaluate) */
  double val_last_mse;  /* the last time step's: the figure comparable to the baselines */
  double naive_mse, linear_mse; /* the baselines on the same validation windows (last step) */
  int n_epochs;
  ur_run_epoch_stats *epochs;   /* n_epochs */
  int batches_per_epoch;
  int n_batches;
  float *batch_loss;            /* n_batches, in order; epoch of batch i = i / batches_per_epoch */
  unsigned char *model;         /* ur_model_serialize bytes, model_len of them; NULL if none */
  size_t model_len;
  int epoch_cap, batch_cap;     /* allocated room (private to run.c) */
} ur_run;

/* The book's data (seed 42, 10000 × 50, the next value), its input (50 × 1)
 * and Keras's training defaults: what a new run and a new project hold. */
void ur_run_settings_default(ur_run_data *data, ur_shape *input, ur_train_config *train);

/* An empty run: no history, metrics NAN, the book's data, Keras's training defaults. */
void ur_run_init(ur_run *r);
void ur_run_clear(ur_run *r);                    /* frees, then as ur_run_init */
int ur_run_copy(ur_run *dst, const ur_run *src); /* deep copy into uninitialised dst; 0 or -1 */

/* Appending while training runs (amortised growth).  0 or -1 (out of memory). */
int ur_run_add_batch(ur_run *r, float loss);
int ur_run_add_epoch(ur_run *r, const ur_run_epoch_stats *e);
/* Stores a copy of the model's weights (and its stack).  0 or -1. */
int ur_run_set_model(ur_run *r, const ur_model *m);
/* The run's model from its bytes; NULL with a reason. */
ur_model *ur_run_model(const ur_run *r, char *err, size_t errlen);

/* Trainable parameters of the stack (0 when it does not build). */
size_t ur_run_param_count(const ur_run *r);
/* The stack in a few words, repeats folded: "SimpleRNN 20×2 › SimpleRNN 1". */
void ur_run_summary(const ur_run *r, char *buf, size_t len);
/* Skill against a baseline: 1 - MSE / MSE_baseline on the last step (NAN if unknown). */
double ur_run_skill(const ur_run *r, double baseline_mse);

/* Trains a run end to end, as the workbench and the tests do: makes the
 * data of run->data (a CSV's through run_csv.h, its figures in the series'
 * own units), measures both baselines on its validation windows,
 * builds the stack (run->input, run->layers) with weights from
 * run->train.seed (or starts from a copy of `start`), trains with
 * run->train while appending every batch's loss and every epoch to the
 * run, then stores the final weights, ur_evaluate's validation MSE and the
 * stop reason.  fn/user see the progress as ur_train reports it (a
 * non-zero return stops; the weights so far are kept).  0, or -1 with a
 * reason (the run keeps what it had). */
int ur_run_execute(ur_run *run, const ur_model *start, ur_progress_fn fn, void *user, char *err, size_t errlen);
/* The steps every run takes once its windows are made, whatever made them
 * (ur_run_execute, ur_run_execute_csv): both baselines on valid, the stack
 * built (or start copied), training with every batch and epoch appended,
 * the final weights, the validation MSE and the stop reason.  Everything
 * recorded and reported is in the series' units: MSEs times scale², losses
 * times loss_units (1 and 1 for the synthetic series).  0, or -1 with a reason. */
int ur_run_train_windows(ur_run *run, const ur_model *start, const ur_dataset *train, const ur_dataset *valid,
                         double scale, double loss_units, ur_progress_fn fn, void *user, char *err, size_t errlen);

/* The settings lines' words ("key=value ...") and back, shared with the
 * project file: settings_io.h. */

/* The text block: a malloc'd NUL-terminated buffer, *len without the NUL; NULL if out of memory. */
char *ur_run_serialize(const ur_run *r, size_t *len);
/* Parses one block that starts at buf (its "run" line) through its "end"
 * line.  first_line numbers buf's first line in messages; *consumed (may be
 * NULL) receives the bytes read and *lines the lines read.  0 and a filled
 * *r, or -1 with "line N: reason" in err and *r cleared. */
int ur_run_parse(const char *buf, size_t len, int first_line, ur_run *r, size_t *consumed, int *lines, char *err,
                 size_t errlen);

/* The history as CSV, one row per batch:
 *   epoch,batch,step,batch_loss,loss,val_loss,val_mse,val_last_mse,lr,seconds
 * step is the position in epochs (epoch - 1 + batch / batches); the epoch
 * columns are filled on each epoch's last batch and empty elsewhere.  A run
 * with no batch history has one row per epoch.  malloc'd, NULL if out of memory. */
char *ur_run_history_csv(const ur_run *r, size_t *len);

#endif
