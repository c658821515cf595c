/* run_csv.c: see run_csv.h. */
#include "run_csv.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "baseline.h"

static int fail(char *err, size_t errlen, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
  return -1;
}

double ur_series_loss_units(const ur_series *s, ur_loss_kind loss) {
  return loss == UR_LOSS_MSE ? ur_series_mse_units(s, 1.0) : loss == UR_LOSS_MAE ? s->scale[0] : 1.0;
}

typedef struct {
  ur_run *run;
  ur_progress_fn fn;
  void *user;
  double loss_units, mse_units;
  int oom;
} csv_ctx;

/* Records the history in the run in the series' units, and hands the
 * same figures on. */
static int progress(const ur_progress *p, void *user) {
  csv_ctx *x = user;
  ur_progress q = *p;
  q.batch_loss *= x->loss_units;
  q.loss *= x->loss_units;
  q.val_loss *= x->loss_units;
  q.val.mse *= x->mse_units;
  q.val.last_mse *= x->mse_units;
  q.val.mae *= sqrt(x->mse_units);
  if (q.kind == UR_PROGRESS_BATCH) {
    x->run->batches_per_epoch = q.batches;
    if (ur_run_add_batch(x->run, (float)q.batch_loss)) x->oom = 1;
  } else {
    ur_run_epoch_stats e = {q.loss, q.val_loss, q.val.mse, q.val.last_mse, q.lr, q.epoch_seconds};
    if (ur_run_add_epoch(x->run, &e)) x->oom = 1;
  }
  if (x->oom) return 1;
  return x->fn ? x->fn(&q, x->user) : 0;
}

static int baselines(const ur_series *s, ur_run *run, char *err, size_t errlen) {
  int H = ur_baseline_outputs(&s->valid);
  float *y = malloc(sizeof(float) * ((size_t)s->valid.n * H + 1));
  ur_linear_baseline lb;
  if (!y) return fail(err, errlen, "out of memory for the baselines");
  ur_naive_predict(&s->valid, y);
  run->naive_mse = ur_series_mse_units(s, ur_baseline_mse(&s->valid, y));
  if (ur_linear_fit(&lb, &s->train, err, errlen) != 0) {
    free(y);
    return -1;
  }
  ur_linear_predict(&lb, &s->valid, y);
  run->linear_mse = ur_series_mse_units(s, ur_baseline_mse(&s->valid, y));
  ur_linear_free(&lb);
  free(y);
  return 0;
}

int ur_run_execute_csv(ur_run *run, const ur_csv_source *src, const ur_model *start, ur_progress_fn fn, void *user,
                       char *err, size_t errlen) {
  ur_csv csv;
  ur_series s;
  memset(&s, 0, sizeof s);
  if (ur_csv_read(src->path, &csv, err, errlen) != 0) return -1;
  int rc = -1;
  ur_model *m = NULL;
  ur_train_result res;
  memset(&res, 0, sizeof res);
  if (ur_csv_source_make(src, &csv, run->layers, run->n_layers, &s, err, errlen) != 0) goto done;
  if (run->input.steps != s.train.x_shape.steps || run->input.features != s.train.x_shape.features) {
    fail(err, errlen, "the stack reads %d steps of %d features; the CSV's windows are %d rows of %d columns",
         run->input.steps, run->input.features, s.train.x_shape.steps, s.train.x_shape.features);
    goto done;
  }
  if (baselines(&s, run, err, errlen)) goto done;
  if (start) m = ur_model_clone(start);
  else if ((m = ur_model_new(run->input, run->layers, run->n_layers, err, errlen))) ur_model_init(m, run->train.seed);
  if (!m) {
    if (start) fail(err, errlen, "out of memory copying the model");
    goto done;
  }
  csv_ctx x = {run, fn, user, ur_series_loss_units(&s, run->train.loss), ur_series_mse_units(&s, 1.0), 0};
  if (ur_train(m, &run->train, &s.train, &s.valid, progress, &x, &res) != 0) {
    fail(err, errlen, "%s", res.message);
    goto done;
  }
  ur_metrics vm;
  if (x.oom || ur_evaluate(m, &s.valid, run->train.loss, NULL, &vm) != 0 || ur_run_set_model(run, m) != 0) {
    fail(err, errlen, "out of memory recording the run");
    goto done;
  }
  run->val_mse = ur_series_mse_units(&s, vm.mse);
  run->val_last_mse = ur_series_mse_units(&s, vm.last_mse);
  run->seconds = res.seconds_total;
  snprintf(run->stop, sizeof run->stop, "%s", ur_stop_reason_name(res.reason));
  rc = 0;
done:
  ur_train_result_free(&res);
  ur_model_free(m);
  ur_series_free(&s);
  ur_csv_free(&csv);
  return rc;
}
