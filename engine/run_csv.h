/* run_csv.h: a training run on a user's CSV series instead of the
 * chapter's synthetic one (run.h's ur_run_execute, for csv_source.h).
 *
 * The same steps as ur_run_execute (both end in ur_run_train_windows): the
 * windows (ur_csv_source_make: the columns by name, aligned to the stack
 * for sequence to sequence), both baselines on the validation windows, the
 * stack built from run->input and
 * run->layers (its input must be lookback × (1 + inputs)), training with
 * every batch and epoch appended to the run, the final weights and
 * ur_evaluate's validation MSE.  Training works on standardised values (the
 * training span's mean and deviation, series.h); everything the run
 * records and reports through fn is in the series' own units instead:
 * MSEs times scale² (ur_series_mse_units), an MAE loss times scale, so the
 * loss chart, the runs list and the baselines read in units².  (A Huber
 * loss has no such factor and stays standardised.)  Pure C, no GLib.
 */
#ifndef UR_RUN_CSV_H
#define UR_RUN_CSV_H

#include "csv_source.h"
#include "run.h"

int ur_run_execute_csv(ur_run *run, const ur_csv_source *src, const ur_model *start, ur_progress_fn fn, void *user,
                       char *err, size_t errlen);

/* The factor that takes a loss of this kind from standardised units to the series' own. */
double ur_series_loss_units(const ur_series *s, ur_loss_kind loss);

#endif
