/* book.c: presets under the book's protocol (see book.h). */
#include "book.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "baseline.h"
#include "forecast.h"
#include "project.h"
#include "text_io.h"

static int is_baseline(const ur_preset *p) { return p->kind == UR_PRESET_NAIVE || p->kind == UR_PRESET_LINEAR_EXACT; }

int ur_book_setup(const ur_preset *p, const ur_csv_source *src, ur_run *run, char *err, size_t errlen) {
  ur_project pr;
  ur_run_init(run);
  ur_project_init(&pr);
  if (src) {
    if (p->kind == UR_PRESET_ITERATIVE)
      return ur_text_err(err, errlen, "%s needs the chapter's data; for a CSV, train deep-rnn-dense with a horizon instead",
                         p->name);
    ur_csv_source s = *src;
    s.cfg.kind = ur_target_kind_for_task(ur_preset_train_task(p), s.cfg.horizon);
    if (ur_project_set_csv(&pr, &s) != 0) return ur_text_err(err, errlen, "the CSV source needs a file, a target and a lookback");
  }
  if (!is_baseline(p) && ur_project_apply_preset(&pr, p) != 0)
    return ur_text_err(err, errlen, "the preset %s has no layers", p->name);
  if (is_baseline(p) && !src) { /* a baseline's task on the book's series */
    pr.data.task = p->task;
    pr.data.horizon = p->horizon;
  }
  snprintf(pr.preset, sizeof pr.preset, "%s", p->name);
  ur_project_new_run(&pr, run);
  snprintf(run->name, sizeof run->name, "%s", p->name);
  ur_project_clear(&pr);
  return 0;
}

static double epoch_mean(const ur_run *run, int train_only) {
  double s = 0.0;
  for (int i = 0; i < run->n_epochs; i++) s += train_only ? run->epochs[i].train_seconds : run->epochs[i].seconds;
  return run->n_epochs ? s / run->n_epochs : NAN;
}

/* The trained one-step model applied preset->horizon times on the
 * horizon's own windows, and both baselines there. */
static int score_iterative(const ur_preset *preset, const ur_run *run, ur_book_figures *out, char *err, size_t errlen) {
  ur_book_data eval;
  const ur_run_data *d = &run->data;
  int H = preset->horizon, rc = -1;
  if (ur_book_data_make(&eval, preset->task, d->seed, d->n_series, d->n_steps, H) != 0)
    return ur_text_err(err, errlen, "out of memory making the data");
  ur_model *m = NULL;
  float *y = malloc(sizeof(float) * ((size_t)eval.valid.n * H + 1));
  if (!y) ur_text_err(err, errlen, "out of memory forecasting");
  else if (ur_baselines_measure(&eval.train, &eval.valid, &out->naive_mse, &out->linear_mse, err, errlen) == 0 &&
           (m = ur_run_model(run, err, errlen))) {
    if (ur_forecast_iterative(m, eval.valid.x, eval.valid.n, H, y) != 0) ur_text_err(err, errlen, "out of memory forecasting");
    else {
      out->reported = out->val_mse = out->val_last_mse = ur_baseline_mse(&eval.valid, y);
      rc = 0;
    }
  }
  ur_model_free(m);
  free(y);
  ur_book_data_free(&eval);
  return rc;
}

int ur_book_execute(const ur_preset *preset, ur_run *run, const ur_prepared *p, ur_progress_fn fn, void *user,
                    ur_book_figures *out, char *err, size_t errlen) {
  *out = (ur_book_figures){0, NAN, NAN, NAN, p->naive_mse, p->linear_mse, NAN, NAN};
  if (is_baseline(preset)) {
    ur_run_take_baselines(run, p);
    out->reported = out->val_mse = out->val_last_mse = preset->kind == UR_PRESET_NAIVE ? p->naive_mse : p->linear_mse;
    return 0;
  }
  if (ur_run_train(run, p, NULL, fn, user, err, errlen) != 0) return -1;
  out->trained = 1;
  out->seconds_per_epoch = epoch_mean(run, 1);
  out->epoch_seconds = epoch_mean(run, 0);
  if (preset->kind == UR_PRESET_ITERATIVE) return score_iterative(preset, run, out, err, errlen);
  out->val_mse = run->val_mse;
  out->val_last_mse = run->val_last_mse;
  out->reported = run->data.task == UR_TASK_SEQ2SEQ || run->data.task == UR_TASK_SEQ2SEQ_CONV ? run->val_last_mse
                                                                                              : run->val_mse;
  return 0;
}

int ur_book_run(const ur_preset *preset, ur_run *run, ur_progress_fn fn, void *user, ur_book_figures *out, char *err,
                size_t errlen) {
  ur_prepared p;
  if (ur_prepare(&p, run, NULL, err, errlen) != 0) return -1;
  int rc = ur_book_execute(preset, run, &p, fn, user, out, err, errlen);
  ur_prepared_free(&p);
  return rc;
}
