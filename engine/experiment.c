/* experiment.c: one preset under the book's protocol (see experiment.h). */
#include "experiment.h"
#include "baseline.h"
#include "forecast.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ur_experiment_config_default(ur_experiment_config *c, const ur_preset *p) {
  memset(c, 0, sizeof *c);
  c->seed = 42;
  c->n_series = 10000;
  c->n_steps = 50;
  ur_train_config_default(&c->train);
  c->train.epochs = p->epochs;
  c->train.optim.lr = p->lr;
  c->train.seed = 42;
}

void ur_experiment_free(ur_experiment *e) {
  ur_model_free(e->model);
  ur_train_result_free(&e->train);
  memset(e, 0, sizeof *e);
}

static double mean(const double *a, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i];
  return n ? s / n : NAN;
}

/* Baselines on the evaluation data's validation windows. */
static int baselines(const ur_book_data *d, ur_experiment *e, float **naive_out, float **linear_out, char *err,
                     size_t errlen) {
  int H = ur_baseline_outputs(&d->valid);
  float *y = malloc(sizeof(float) * (size_t)d->valid.n * H), *yl = malloc(sizeof(float) * (size_t)d->valid.n * H);
  ur_linear_baseline lb;
  if (!y || !yl) {
    free(y); free(yl);
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  ur_naive_predict(&d->valid, y);
  e->naive_mse = ur_baseline_mse(&d->valid, y);
  if (ur_linear_fit(&lb, &d->train, err, errlen) != 0) {
    free(y); free(yl);
    return -1;
  }
  ur_linear_predict(&lb, &d->valid, yl);
  e->linear_mse = ur_baseline_mse(&d->valid, yl);
  ur_linear_free(&lb);
  *naive_out = y;
  *linear_out = yl;
  return 0;
}

int ur_experiment_run(const ur_preset *p, const ur_experiment_config *cfg, ur_progress_fn fn, void *user,
                      ur_experiment *e, char *err, size_t errlen) {
  memset(e, 0, sizeof *e);
  e->preset = p;
  e->val_mse = e->val_last_mse = e->reported = e->seconds_per_epoch = e->epoch_seconds = NAN;
  ur_book_data eval, trainset;
  int horizon = p->horizon;
  if (ur_book_data_make(&eval, p->task, cfg->seed, cfg->n_series, cfg->n_steps, horizon) != 0) {
    snprintf(err, errlen, "out of memory making the data");
    return -1;
  }
  float *yn = NULL, *yl = NULL;
  if (baselines(&eval, e, &yn, &yl, err, errlen) != 0) {
    ur_book_data_free(&eval);
    return -1;
  }
  int rc = 0;
  if (p->kind == UR_PRESET_NAIVE || p->kind == UR_PRESET_LINEAR_EXACT) {
    e->reported = e->val_mse = e->val_last_mse = p->kind == UR_PRESET_NAIVE ? e->naive_mse : e->linear_mse;
    goto done;
  }
  /* the iterative model learns one step ahead on its own data set, as in the book */
  ur_task tt = ur_preset_train_task(p);
  const ur_book_data *td = &eval;
  if (tt != p->task) {
    if (ur_book_data_make(&trainset, tt, cfg->seed, cfg->n_series, cfg->n_steps, 1) != 0) {
      snprintf(err, errlen, "out of memory making the data");
      rc = -1;
      goto done;
    }
    td = &trainset;
  }
  e->model = ur_model_new(td->train.x_shape, p->layers, p->n_layers, err, errlen);
  if (!e->model) {
    rc = -1;
    goto free_train;
  }
  ur_model_init(e->model, cfg->seed);
  if (ur_train(e->model, &cfg->train, &td->train, &td->valid, fn, user, &e->train) != 0) {
    snprintf(err, errlen, "%s", e->train.message);
    rc = -1;
    goto free_train;
  }
  e->seconds_per_epoch = mean(e->train.train_seconds, e->train.epochs_run);
  e->epoch_seconds = mean(e->train.seconds, e->train.epochs_run);
  if (p->kind == UR_PRESET_ITERATIVE) {
    float *y = malloc(sizeof(float) * (size_t)eval.valid.n * horizon);
    if (!y || ur_forecast_iterative(e->model, eval.valid.x, eval.valid.n, horizon, y) != 0) {
      free(y);
      snprintf(err, errlen, "out of memory forecasting");
      rc = -1;
      goto free_train;
    }
    e->reported = e->val_mse = e->val_last_mse = ur_baseline_mse(&eval.valid, y);
    free(y);
  } else {
    ur_metrics m;
    if (ur_evaluate(e->model, &eval.valid, cfg->train.loss, NULL, &m) != 0) {
      snprintf(err, errlen, "out of memory evaluating");
      rc = -1;
      goto free_train;
    }
    e->val_mse = m.mse;
    e->val_last_mse = m.last_mse;
    e->reported = p->last_step ? m.last_mse : m.mse;
  }
free_train:
  if (td != &eval) ur_book_data_free(&trainset);
done:
  free(yn);
  free(yl);
  ur_book_data_free(&eval);
  return rc;
}
