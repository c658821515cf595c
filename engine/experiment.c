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

/* Both baselines on the validation windows, fitted on the training windows. */
static int baselines(const ur_dataset *train, const ur_dataset *valid, ur_experiment *e, char *err, size_t errlen) {
  int H = ur_baseline_outputs(valid);
  float *y = malloc(sizeof(float) * ((size_t)valid->n * H + 1));
  ur_linear_baseline lb;
  if (!y) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  ur_naive_predict(valid, y);
  e->naive_mse = ur_baseline_mse(valid, y);
  if (ur_linear_fit(&lb, train, err, errlen) != 0) {
    free(y);
    return -1;
  }
  ur_linear_predict(&lb, valid, y);
  e->linear_mse = ur_baseline_mse(valid, y);
  ur_linear_free(&lb);
  free(y);
  return 0;
}

/* Trains the stack on train (validating on valid after each epoch), then
 * scores it on eval: directly, or applied `iterate` times when iterate > 0. */
static int train_and_score(const ur_layer_spec *layers, int n, int last_step, int iterate,
                           const ur_experiment_config *cfg, const ur_dataset *train, const ur_dataset *valid,
                           const ur_dataset *eval, ur_progress_fn fn, void *user, ur_experiment *e, char *err,
                           size_t errlen) {
  e->model = ur_model_new(train->x_shape, layers, n, err, errlen);
  if (!e->model) return -1;
  ur_model_init(e->model, cfg->seed);
  if (ur_train(e->model, &cfg->train, train, valid, fn, user, &e->train) != 0) {
    snprintf(err, errlen, "%s", e->train.message);
    return -1;
  }
  e->seconds_per_epoch = mean(e->train.train_seconds, e->train.epochs_run);
  e->epoch_seconds = mean(e->train.seconds, e->train.epochs_run);
  if (iterate > 0) {
    float *y = malloc(sizeof(float) * ((size_t)eval->n * iterate + 1));
    if (!y || ur_forecast_iterative(e->model, eval->x, eval->n, iterate, y) != 0) {
      free(y);
      snprintf(err, errlen, "out of memory forecasting");
      return -1;
    }
    e->reported = e->val_mse = e->val_last_mse = ur_baseline_mse(eval, y);
    free(y);
    return 0;
  }
  ur_metrics m;
  if (ur_evaluate(e->model, eval, cfg->train.loss, NULL, &m) != 0) {
    snprintf(err, errlen, "out of memory evaluating");
    return -1;
  }
  e->val_mse = m.mse;
  e->val_last_mse = m.last_mse;
  e->reported = last_step ? m.last_mse : m.mse;
  return 0;
}

static void experiment_start(ur_experiment *e, const ur_preset *p) {
  memset(e, 0, sizeof *e);
  e->preset = p;
  e->val_mse = e->val_last_mse = e->reported = e->seconds_per_epoch = e->epoch_seconds = NAN;
}

int ur_experiment_run(const ur_preset *p, const ur_experiment_config *cfg, ur_progress_fn fn, void *user,
                      ur_experiment *e, char *err, size_t errlen) {
  experiment_start(e, p);
  ur_book_data eval, one_step;
  if (ur_book_data_make(&eval, p->task, cfg->seed, cfg->n_series, cfg->n_steps, p->horizon) != 0) {
    snprintf(err, errlen, "out of memory making the data");
    return -1;
  }
  int rc = baselines(&eval.train, &eval.valid, e, err, errlen);
  if (rc == 0 && (p->kind == UR_PRESET_NAIVE || p->kind == UR_PRESET_LINEAR_EXACT)) {
    e->reported = e->val_mse = e->val_last_mse = p->kind == UR_PRESET_NAIVE ? e->naive_mse : e->linear_mse;
  } else if (rc == 0 && p->kind == UR_PRESET_ITERATIVE) {
    /* the iterative model learns one step ahead on its own data set, as in the book */
    rc = ur_book_data_make(&one_step, UR_TASK_ONE_STEP, cfg->seed, cfg->n_series, cfg->n_steps, 1);
    if (rc != 0) snprintf(err, errlen, "out of memory making the data");
    else {
      rc = train_and_score(p->layers, p->n_layers, 0, p->horizon, cfg, &one_step.train, &one_step.valid, &eval.valid,
                           fn, user, e, err, errlen);
      ur_book_data_free(&one_step);
    }
  } else if (rc == 0) {
    rc = train_and_score(p->layers, p->n_layers, p->last_step, 0, cfg, &eval.train, &eval.valid, &eval.valid, fn,
                         user, e, err, errlen);
  }
  ur_book_data_free(&eval);
  return rc;
}

int ur_experiment_run_series(const ur_preset *p, const ur_csv *csv, const ur_series_config *scfg,
                             const ur_experiment_config *cfg, ur_progress_fn fn, void *user, ur_experiment *e,
                             ur_series *s, char *err, size_t errlen) {
  experiment_start(e, p);
  memset(s, 0, sizeof *s);
  if (p->kind == UR_PRESET_ITERATIVE) {
    snprintf(err, errlen, "%s needs the chapter's data; for a CSV, train deep-rnn-dense with a horizon instead", p->name);
    return -1;
  }
  ur_series_config sc = *scfg;
  int baseline_only = p->kind == UR_PRESET_NAIVE || p->kind == UR_PRESET_LINEAR_EXACT;
  /* the preset's kind of target, with the user's horizon on its last layer */
  sc.kind = p->task == UR_TASK_SEQ2SEQ || p->task == UR_TASK_SEQ2SEQ_CONV ? UR_TARGET_SEQ2SEQ
            : sc.horizon > 1                                            ? UR_TARGET_VECTOR
                                                                        : UR_TARGET_ONE_STEP;
  ur_layer_spec layers[UR_PRESET_MAX_LAYERS];
  int n = p->n_layers;
  memcpy(layers, p->layers, sizeof(ur_layer_spec) * (size_t)n);
  if (n > 0) layers[n - 1].units = sc.kind == UR_TARGET_ONE_STEP ? 1 : sc.horizon;
  if (ur_series_make_for_stack(csv, &sc, layers, n, p->name, s, err, errlen) != 0) return -1;
  int rc = baselines(&s->train, &s->valid, e, err, errlen);
  if (rc == 0 && baseline_only)
    e->reported = e->val_mse = e->val_last_mse = p->kind == UR_PRESET_NAIVE ? e->naive_mse : e->linear_mse;
  else if (rc == 0)
    rc = train_and_score(layers, n, sc.kind == UR_TARGET_SEQ2SEQ, 0, cfg, &s->train, &s->valid, &s->valid, fn, user,
                         e, err, errlen);
  /* report in the series' own units */
  e->naive_mse = ur_series_mse_units(s, e->naive_mse);
  e->linear_mse = ur_series_mse_units(s, e->linear_mse);
  e->val_mse = ur_series_mse_units(s, e->val_mse);
  e->val_last_mse = ur_series_mse_units(s, e->val_last_mse);
  e->reported = ur_series_mse_units(s, e->reported);
  return rc;
}
