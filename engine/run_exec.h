/* run_exec.h: the one way a run is trained.
 *
 * The command line (`unroll train`, `unroll table`), the workbench's
 * trainer and the tests all train through ur_run_execute, on the chapter's
 * synthetic series or on a user's CSV alike:
 *
 *   run's data settings ─ ur_prepare ─→ windows for its stack and task,
 *                                       the target's units, both baselines
 *   prepared + stack ─ ur_run_train ─→ weights from run->train.seed (or a
 *                                       copy of `start`), every batch and
 *                                       epoch appended to the run, the final
 *                                       weights, validation MSE, stop reason
 *
 * A prepared data set is read-only once made, so several runs of one setup
 * (the members of a group, group.h) train on it at once without copying
 * it: ur_group_train, on a pool of threads (pool.h).
 *
 * Everything a run records and reports is in the series' own units: MSEs
 * times scale² and an MSE or MAE loss times scale² or scale (1 for the
 * synthetic series, whose values are the book's); a Huber loss has no such
 * factor and stays standardised.  Pure C, no GLib.
 */
#ifndef UR_RUN_EXEC_H
#define UR_RUN_EXEC_H

#include <stddef.h>
#include "comparison.h"
#include "csv.h"
#include "group.h"
#include "run.h"
#include "series.h"

typedef struct {
  const ur_dataset *train, *valid, *test; /* the model's windows (transformed on a CSV) */
  const ur_dataset *base_train, *base_valid; /* the same origins as the baselines read them (vector, untransformed) */
  double naive_mse, linear_mse, snaive_mse; /* the baselines on valid's last step, in units² (NAN: none) */
  double test_naive_mse, test_linear_mse, test_snaive_mse; /* the same on a CSV's test windows (NAN: none) */
  double hw_mse, test_hw_mse; /* Holt-Winters' (holt_winters.h) on a CSV's validation and test windows */
  char note[256];            /* why a baseline was left out, or "" */
  int loss_in_units;         /* losses convert to units: one series, no transform (else they stay the model's) */
  double loss_scale;         /* then: the target's scale */
  int is_csv;
  ur_windows base;           /* a CSV's base windows */
  ur_comparison cmp;         /* vector windows of the run's horizon on valid, for each run's MSE
                                k steps ahead (empty when they could not be made) */
  ur_book_data book;         /* the owner of the windows: the synthetic series' */
  ur_series series;          /* or a CSV's */
} ur_prepared;

/* The windows run's data settings give for its stack (run->input,
 * run->layers: a CSV's sequence-to-sequence targets follow the stack's
 * alignment, and the stack must read lookback × features), and both
 * baselines on them.  csv: the table already read from run->data.csv.path,
 * or NULL to read it here.  0, or -1 with a reason. */
int ur_prepare(ur_prepared *p, const ur_run *run, const ur_csv *csv, char *err, size_t errlen);
void ur_prepared_free(ur_prepared *p);

/* The factor that takes a loss of this kind from the model's values to the series' units. */
double ur_prepared_loss_units(const ur_prepared *p, ur_loss_kind loss);

/* The baselines' figures of p into the run. */
void ur_run_take_baselines(ur_run *run, const ur_prepared *p);

/* Trains run on p: the baselines copied into the run, the stack built with
 * weights from run->train.seed (or a copy of start), ur_train with every
 * batch and epoch appended to the run, then its final weights, validation
 * MSE, MSE at each step ahead (on p->cmp) and stop reason
 * (ur_stop_reason_name, and the message in words).
 * fn/user see the progress in the series' units (a non-zero return stops
 * after the current batch; the weights so far are kept).  0, or -1 with a
 * reason (the run keeps what it had). */
int ur_run_train(ur_run *run, const ur_prepared *p, const ur_model *start, ur_progress_fn fn, void *user, char *err,
                 size_t errlen);

/* ur_prepare, ur_run_train and ur_prepared_free: one run end to end. */
int ur_run_execute(ur_run *run, const ur_model *start, ur_progress_fn fn, void *user, char *err, size_t errlen);

/* ---- groups ------------------------------------------------------------ */

/* What a group's training reports.  Both are called on the worker thread
 * that trains the member, and may be called from several at once. */
typedef struct {
  /* every batch and epoch of member k; non-zero stops that member */
  int (*progress)(int k, const ur_progress *p, void *user);
  /* member k has ended: rc 0 (its run says how), or -1 with err */
  void (*finished)(int k, const ur_run *run, int rc, const char *err, void *user);
  void *user;
} ur_group_callbacks;

/* Trains members[0..k-1] on p, up to `jobs` at once (ur_run_train each);
 * every member's figures are the same whatever jobs is.  0 when every
 * member ran (diverged or stopped ones included: see their runs), -1 when
 * one could not (the first reason in err). */
int ur_group_train(ur_run *members, int k, const ur_prepared *p, int jobs, const ur_group_callbacks *cb, char *err,
                   size_t errlen);

#endif
