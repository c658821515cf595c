/* experiment.h: a preset run under the book's protocol, end to end.
 *
 * Data (np.random.seed(seed), 10000 series, 7000 / 2000 / 1000), weights from
 * the same seed, training, and the figures the chapter reports: validation
 * MSE (last-step MSE for sequence-to-sequence models) beside both baselines
 * on the same validation windows.  Shared by `unroll train`, `unroll table`
 * and the workbench, so all three report the same numbers.
 */
#ifndef UR_EXPERIMENT_H
#define UR_EXPERIMENT_H

#include "presets.h"
#include "series.h"
#include "train.h"

typedef struct {
  uint32_t seed;    /* 42 */
  int n_series;     /* 10000 */
  int n_steps;      /* 50 */
  ur_train_config train; /* epochs, lr and batch as the preset unless changed */
} ur_experiment_config;

/* The book's protocol for a preset. */
void ur_experiment_config_default(ur_experiment_config *c, const ur_preset *p);

typedef struct {
  const ur_preset *preset;
  ur_model *model;        /* trained model (NULL for naive and exact linear) */
  ur_train_result train;  /* history (empty for baselines) */
  double val_mse;         /* MSE over every output of the validation set */
  double val_last_mse;    /* the last step's MSE */
  double reported;        /* the chapter's figure: last-step MSE for seq-to-seq, else val_mse */
  double naive_mse, linear_mse; /* the baselines on the same windows (last step) */
  double seconds_per_epoch;     /* mean of the epochs' training time, without validation */
  double epoch_seconds;         /* mean whole epoch, with validation, as Keras prints */
} ur_experiment;

/* 0, or -1 with the reason in err.  fn/user receive training progress. */
int ur_experiment_run(const ur_preset *p, const ur_experiment_config *cfg, ur_progress_fn fn, void *user,
                      ur_experiment *out, char *err, size_t errlen);
void ur_experiment_free(ur_experiment *e);

/* A preset on a user's series: its stack with the series' features as input
 * and the horizon on its last layer, its kind of target (one step, a vector
 * when the horizon is above 1, or sequence to sequence); figures in the
 * series' own units².  s receives the windows (the caller frees it). */
int ur_experiment_run_series(const ur_preset *p, const ur_csv *csv, const ur_series_config *scfg,
                             const ur_experiment_config *cfg, ur_progress_fn fn, void *user, ur_experiment *e,
                             ur_series *s, char *err, size_t errlen);

#endif
