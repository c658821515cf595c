/* book.h: a preset of chapter 15 under the book's protocol, as a run, and
 * the figure the chapter reports for it.
 *
 * The run is set up as the workbench's Presets menu sets up a project
 * (ur_project_apply_preset) and trained through the one execution path
 * (run_exec.h).  What the book adds on top is only how a preset is scored:
 *   trained        validation MSE, or the last step's for seq-to-seq
 *   naive, linear-exact   a baseline's MSE on the same windows, no training
 *   iterative      the one-step model applied `horizon` times, each
 *                  forecast fed back, on the horizon's own data set (drawn
 *                  again from the data seed, as the book does)
 * The same functions serve `unroll train` and `unroll table`, on the
 * chapter's series or (but for iterative) a user's CSV.  Pure C, no GLib.
 */
#ifndef UR_BOOK_H
#define UR_BOOK_H

#include "csv_source.h"
#include "presets.h"
#include "run_exec.h"

/* run (uninitialised) set up for preset p: on the book's synthetic series
 * (src NULL) or on a user's CSV, the preset's stack adapted to it.  0, or
 * -1 with a reason; either way run is to be ur_run_clear'ed. */
int ur_book_setup(const ur_preset *p, const ur_csv_source *src, ur_run *run, char *err, size_t errlen);

typedef struct {
  int trained;                  /* 0 for a baseline preset (no model) */
  double reported;              /* the chapter's figure */
  double val_mse, val_last_mse; /* iterative: over the horizon's windows */
  double naive_mse, linear_mse; /* the baselines on the same windows */
  double seconds_per_epoch;     /* mean of the epochs' training batches (NAN untrained) */
  double epoch_seconds;         /* mean whole epoch, with validation, as Keras prints */
} ur_book_figures;

/* Trains run (ur_book_setup's) on p's data (ur_prepare's, from run) unless
 * the preset is a baseline, and scores it as the book does.  fn/user see
 * the training's progress.  0, or -1 with a reason. */
int ur_book_execute(const ur_preset *preset, ur_run *run, const ur_prepared *p, ur_progress_fn fn, void *user,
                    ur_book_figures *out, char *err, size_t errlen);

/* ur_prepare, ur_book_execute, ur_prepared_free: a preset's run end to end. */
int ur_book_run(const ur_preset *preset, ur_run *run, ur_progress_fn fn, void *user, ur_book_figures *out, char *err,
                size_t errlen);

#endif
