/* run.h: one training run as plain C data.
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
 * Its text form is run_io.h's; training one is run_exec.h's.
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
#define UR_RUN_MAX_STEPS_AHEAD 10000
#define UR_RUN_MAX_MEMBERS 32   /* runs in one group */
#define UR_RUN_MAX_GROUP 1000000

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
  double loss, val_loss, val_mse, val_last_mse, lr;
  double seconds;       /* the whole epoch, validation included (as Keras prints it) */
  double train_seconds; /* its training batches alone (NAN in older files) */
} ur_run_epoch_stats;

typedef struct {
  char name[64];        /* the group's: every member of a group has its name */
  int group;            /* runs with one group id are members of one group (group.h); -1: a group of its own */
  int member;           /* this run's index k in its group: trained with seed base + k */
  char preset[64];      /* the preset the stack came from, "" if none */
  char stop[32];        /* ur_stop_reason_name, "" while running */
  char message[256];    /* why it stopped, in words ("early stopping: no improvement ...") */
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
  double snaive_mse;    /* the seasonal naive's, on a dated series (NAN: none) */
  double hw_mse;        /* Holt-Winters', on a user's series (NAN: none) */
  double test_mse, test_last_mse; /* on the test span, measured once at the end and used for nothing */
  int loss_in_units;    /* its losses are in the series' units² (else in the model's transformed values) */
  char warning[256];    /* a finished run far worse than the naive forecast says so, else "" */
  int n_step_mse;
  double *step_mse;     /* n_step_mse: MSE k steps ahead on the comparison's windows (comparison.h) */
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
 * and Keras's training defaults (train may be NULL): what a new run and a
 * new project hold. */
void ur_run_settings_default(ur_run_data *data, ur_shape *input, ur_train_config *train);

/* An empty run: no history, metrics NAN, the book's data, Keras's training defaults. */
void ur_run_init(ur_run *r);
void ur_run_clear(ur_run *r);                    /* frees, then as ur_run_init */
int ur_run_copy(ur_run *dst, const ur_run *src); /* deep copy into uninitialised dst; 0 or -1 */
/* A new run (dst uninitialised) with src's name, preset, colour, group, data,
 * input, training settings and stack: what to train, none of the results. */
void ur_run_copy_settings(ur_run *dst, const ur_run *src);

/* Appending while training runs (amortised growth).  0 or -1 (out of memory). */
int ur_run_add_batch(ur_run *r, float loss);
int ur_run_add_epoch(ur_run *r, const ur_run_epoch_stats *e);
/* Copies n per-step MSEs into the run.  0 or -1. */
int ur_run_set_step_mse(ur_run *r, const double *mse, int n);
/* Stores a copy of the model's weights (and its stack).  0 or -1. */
int ur_run_set_model(ur_run *r, const ur_model *m);
/* The run's model from its bytes; NULL with a reason. */
ur_model *ur_run_model(const ur_run *r, char *err, size_t errlen);

/* Whether two runs were trained on the same data: the same synthetic
 * series, or the same CSV windows, for the same task and horizon. */
int ur_run_data_same(const ur_run_data *a, const ur_run_data *b);

/* Trainable parameters of the stack (0 when it does not build). */
size_t ur_run_param_count(const ur_run *r);
/* The stack in a few words, repeats folded: "SimpleRNN 20×2 › SimpleRNN 1". */
void ur_run_summary(const ur_run *r, char *buf, size_t len);
/* Skill against a baseline: 1 - MSE / MSE_baseline on the last step (NAN if unknown). */
double ur_run_skill(const ur_run *r, double baseline_mse);

#endif
