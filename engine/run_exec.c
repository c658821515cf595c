/* run_exec.c: see run_exec.h. */
#include "run_exec.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "baseline.h"
#include "holt_winters.h"
#include "pool.h"
#include "text_io.h"

/* ---- the data ------------------------------------------------------------ */

static int prepare_synthetic(ur_prepared *p, const ur_run_data *d, char *err, size_t errlen) {
  if (ur_book_data_make(&p->book, d->task, d->seed, d->n_series, d->n_steps, d->horizon) != 0)
    return ur_text_err(err, errlen, "out of memory making the data");
  p->train = p->base_train = &p->book.train;
  p->valid = p->base_valid = &p->book.valid;
  p->test = &p->book.test;
  p->loss_scale = 1.0;
  p->loss_in_units = 1;
  return 0;
}

/* A CSV's windows for the stack, and the same origins untransformed with
 * vector targets for the baselines. */
static int prepare_csv(ur_prepared *p, const ur_run *run, const ur_csv *csv, char *err, size_t errlen) {
  ur_series *s = &p->series;
  if (ur_csv_source_make(&run->data.csv, csv, run->layers, run->n_layers, s, err, errlen) != 0) return -1;
  if (run->input.steps != s->train.x_shape.steps || run->input.features != s->train.x_shape.features)
    return ur_text_err(err, errlen, "the stack reads %d steps of %d features; the CSV's windows are %d rows of %d columns",
                       run->input.steps, run->input.features, s->train.x_shape.steps, s->train.x_shape.features);
  ur_window_config wc = {s->win.L, s->win.H, s->win.stride, UR_TARGET_VECTOR, UR_TRANSFORM_NONE, NULL, 0};
  if (ur_windows_make(&p->base, s, &wc, err, errlen) != 0) return -1;
  p->is_csv = 1;
  p->train = &s->train;
  p->valid = &s->valid;
  p->test = &s->test;
  p->base_train = &p->base.sets[0];
  p->base_valid = &p->base.sets[1];
  /* losses read in units only where one affine map takes them there */
  p->loss_in_units = s->n_parts == 1 && s->win.transform == UR_TRANSFORM_NONE;
  p->loss_scale = p->loss_in_units ? s->scale[0] : 1.0;
  return 0;
}

/* The comparison's windows at the run's horizon; without them (a span too
 * short for the horizon, no memory) runs only lack their MSE per step. */
static void prepare_comparison(ur_prepared *p, const ur_run *run) {
  char why[256];
  const ur_run_data *d = &run->data;
  int H = d->horizon > 1 ? d->horizon : 1;
  int rc = p->is_csv ? ur_comparison_make_on(&p->cmp, &d->csv, &p->series, H, why, sizeof why)
                     : ur_comparison_make(&p->cmp, d->seed, d->n_series, d->n_steps, H, why, sizeof why);
  if (rc != 0) memset(&p->cmp, 0, sizeof p->cmp);
}

/* The baselines' MSEs on a span's windows (1 valid, 2 test), in units:
 * naive, linear (lb NULL: left out) and seasonal naive (NAN without a
 * season).  0, or -1 when out of memory. */
static int baselines_on(const ur_prepared *p, const ur_linear_baseline *lb, const ur_dataset *v, int span,
                        double mse[3]) {
  int H = ur_baseline_outputs(v);
  float *y = malloc(sizeof(float) * ((size_t)v->n * H + 1));
  mse[0] = mse[1] = mse[2] = NAN;
  if (!y || ur_naive_predict(v, y) != 0) {
    free(y);
    return -1;
  }
  mse[0] = ur_baseline_mse(v, y);
  if (lb && ur_linear_predict(lb, v, y) == 0) mse[1] = ur_baseline_mse(v, y);
  if (p->is_csv && p->series.season > 0 && v->n > 0) { /* a season back, on the same windows */
    double sum = 0;
    float t[UR_RUN_MAX_STEPS_AHEAD];
    for (int i = 0; i < v->n; i++) {
      ur_windows_seasonal_naive(&p->base, span, i, y);
      ur_windows_truth(&p->base, span, i, t);
      for (int k = 0; k < H; k++) sum += ((double)y[k] - t[k]) * ((double)y[k] - t[k]);
    }
    mse[2] = sum / ((double)v->n * H);
  }
  free(y);
  return 0;
}

/* The baselines on the validation windows' last step (and a CSV's test
 * windows'), in units; a linear baseline that cannot be fitted is left
 * out with a note, not an error. */
static int measure_baselines(ur_prepared *p, char *err, size_t errlen) {
  ur_linear_baseline lb;
  int fitted = ur_linear_fit(&lb, p->base_train, p->note, sizeof p->note) == 0, rc = 0;
  double v[3], t[3] = {NAN, NAN, NAN};
  rc |= baselines_on(p, fitted ? &lb : NULL, p->base_valid, 1, v);
  if (p->is_csv && p->base.sets[2].n > 0) rc |= baselines_on(p, fitted ? &lb : NULL, &p->base.sets[2], 2, t);
  if (fitted) ur_linear_free(&lb);
  if (rc) return ur_text_err(err, errlen, "out of memory for the baselines");
  p->naive_mse = v[0], p->linear_mse = v[1], p->snaive_mse = v[2];
  p->test_naive_mse = t[0], p->test_linear_mse = t[1], p->test_snaive_mse = t[2];
  p->hw_mse = p->test_hw_mse = NAN;
  if (p->is_csv) { /* Holt-Winters: left out with a note on a series too short for it */
    char why[256];
    if (ur_holt_winters_mse(&p->base, 1, &p->hw_mse, why, sizeof why) == 0) {
      if (p->base.sets[2].n > 0) ur_holt_winters_mse(&p->base, 2, &p->test_hw_mse, why, sizeof why);
    } else if (!p->note[0]) {
      snprintf(p->note, sizeof p->note, "%s", why);
    }
  }
  return 0;
}

int ur_prepare(ur_prepared *p, const ur_run *run, const ur_csv *csv, char *err, size_t errlen) {
  memset(p, 0, sizeof *p);
  int rc;
  if (!run->data.csv.path[0]) rc = prepare_synthetic(p, &run->data, err, errlen);
  else if (csv) rc = prepare_csv(p, run, csv, err, errlen);
  else {
    ur_csv own;
    if (ur_csv_source_read(&run->data.csv, &own, err, errlen) != 0) return -1;
    rc = prepare_csv(p, run, &own, err, errlen);
    ur_csv_free(&own);
  }
  if (rc == 0) rc = measure_baselines(p, err, errlen);
  if (rc == 0) prepare_comparison(p, run);
  if (rc != 0) {
    ur_prepared_free(p);
    return -1;
  }
  return 0;
}

void ur_prepared_free(ur_prepared *p) {
  ur_comparison_free(&p->cmp);
  ur_windows_free(&p->base);
  ur_book_data_free(&p->book);
  ur_series_free(&p->series);
  memset(p, 0, sizeof *p);
}

double ur_prepared_loss_units(const ur_prepared *p, ur_loss_kind loss) {
  return loss == UR_LOSS_MSE ? p->loss_scale * p->loss_scale : loss == UR_LOSS_MAE ? p->loss_scale : 1.0;
}

/* ---- training -------------------------------------------------------------- */

typedef struct {
  ur_run *run;
  ur_progress_fn fn;
  void *user;
  double loss_units;
  int oom;
} exec_ctx;

/* Records the history in the run in the series' units, and hands the
 * same figures on. */
static int exec_progress(const ur_progress *p, void *user) {
  exec_ctx *x = user;
  ur_progress q = *p;
  q.batch_loss *= x->loss_units;
  q.loss *= x->loss_units;
  q.val_loss *= x->loss_units;
  if (q.kind == UR_PROGRESS_BATCH) {
    x->run->batches_per_epoch = q.batches;
    if (ur_run_add_batch(x->run, (float)q.batch_loss)) x->oom = 1;
  } else {
    ur_run_epoch_stats e = {q.loss, q.val_loss, q.val.mse, q.val.last_mse, q.lr, q.epoch_seconds, q.train_seconds};
    if (ur_run_add_epoch(x->run, &e)) x->oom = 1;
  }
  if (x->oom) return 1;
  return x->fn ? x->fn(&q, x->user) : 0;
}

static ur_model *starting_model(const ur_run *run, const ur_model *start, char *err, size_t errlen) {
  if (start) {
    ur_model *m = ur_model_clone(start);
    if (!m) ur_text_err(err, errlen, "out of memory copying the model");
    return m;
  }
  ur_model *m = ur_model_new(run->input, run->layers, run->n_layers, err, errlen);
  if (m) ur_model_init(m, run->train.seed);
  return m;
}

#define FAR_ABOVE_NAIVE 10.0 /* a finished run this many times worse than the naive forecast learned nothing */

static void warn_if_far_above(ur_run *run) {
  run->warning[0] = 0;
  if (isfinite(run->val_last_mse) && run->naive_mse > 0 && run->val_last_mse > FAR_ABOVE_NAIVE * run->naive_mse)
    snprintf(run->warning, sizeof run->warning,
             "its last-step MSE %.4g is %.0f times the naive forecast's %.4g: it has not learned the series (try a "
             "lower learning rate, another transform or more epochs)",
             run->val_last_mse, run->val_last_mse / run->naive_mse, run->naive_mse);
}

/* The run's MSE k steps ahead on the comparison's windows.  -1 only when
 * out of memory: a model the comparison cannot apply records none. */
static int record_steps(ur_run *run, const ur_comparison *cmp) {
  ur_run_forecast fc;
  char why[256];
  if (ur_comparison_run(cmp, run, &fc, why, sizeof why) != 0) return 0;
  double *mse = malloc(sizeof(double) * (size_t)fc.h);
  int rc = -1;
  if (mse) {
    for (int k = 0; k < fc.h; k++) mse[k] = fc.step_mse[k];
    rc = ur_run_set_step_mse(run, mse, fc.h);
  }
  free(mse);
  ur_run_forecast_free(&fc);
  return rc;
}

void ur_run_take_baselines(ur_run *run, const ur_prepared *p) {
  run->naive_mse = p->naive_mse;
  run->linear_mse = p->linear_mse;
  run->snaive_mse = p->snaive_mse;
  run->hw_mse = p->hw_mse;
}

int ur_run_train(ur_run *run, const ur_prepared *p, const ur_model *start, ur_progress_fn fn, void *user, char *err,
                 size_t errlen) {
  int rc = -1;
  ur_train_result res;
  memset(&res, 0, sizeof res);
  ur_run_take_baselines(run, p);
  ur_model *m = starting_model(run, start, err, errlen);
  if (!m) return -1;
  exec_ctx x = {run, fn, user, ur_prepared_loss_units(p, run->train.loss), 0};
  if (ur_train(m, &run->train, p->train, p->valid, exec_progress, &x, &res) != 0) {
    ur_text_err(err, errlen, "%s", res.message);
    goto done;
  }
  ur_metrics vm;
  if (x.oom || ur_evaluate(m, p->valid, run->train.loss, NULL, &vm) != 0 || ur_run_set_model(run, m) != 0) {
    ur_text_err(err, errlen, "out of memory recording the run");
    goto done;
  }
  if (p->cmp.n_valid > 0 && record_steps(run, &p->cmp) != 0) {
    ur_text_err(err, errlen, "out of memory recording the run");
    goto done;
  }
  run->val_mse = vm.mse; /* ur_evaluate's metrics are in units */
  run->val_last_mse = vm.last_mse;
  if (p->test->n > 0 && ur_evaluate(m, p->test, run->train.loss, NULL, &vm) == 0) { /* once, never to choose */
    run->test_mse = vm.mse;
    run->test_last_mse = vm.last_mse;
  }
  run->loss_in_units = p->loss_in_units;
  warn_if_far_above(run);
  run->seconds = res.seconds_total;
  snprintf(run->stop, sizeof run->stop, "%s", ur_stop_reason_name(res.reason));
  snprintf(run->message, sizeof run->message, "%s", res.message);
  rc = 0;
done:
  ur_train_result_free(&res);
  ur_model_free(m);
  return rc;
}

int ur_run_execute(ur_run *run, const ur_model *start, ur_progress_fn fn, void *user, char *err, size_t errlen) {
  ur_prepared p;
  if (ur_prepare(&p, run, NULL, err, errlen) != 0) return -1;
  int rc = ur_run_train(run, &p, start, fn, user, err, errlen);
  ur_prepared_free(&p);
  return rc;
}

/* ---- groups ------------------------------------------------------------ */

typedef struct {
  ur_run *members;
  const ur_prepared *p;
  const ur_group_callbacks *cb;
  int rc[UR_GROUP_MAX_MEMBERS];        /* each written by its member's thread alone */
  char err[UR_GROUP_MAX_MEMBERS][256];
} group_job;

typedef struct {
  group_job *g;
  int k;
} member_ctx;

static int member_progress(const ur_progress *p, void *user) {
  member_ctx *m = user;
  return m->g->cb && m->g->cb->progress ? m->g->cb->progress(m->k, p, m->g->cb->user) : 0;
}

static void train_member(int k, void *user) {
  group_job *g = user;
  member_ctx ctx = {g, k};
  g->rc[k] = ur_run_train(&g->members[k], g->p, NULL, member_progress, &ctx, g->err[k], sizeof g->err[k]);
  if (g->cb && g->cb->finished) g->cb->finished(k, &g->members[k], g->rc[k], g->err[k], g->cb->user);
}

int ur_group_train(ur_run *members, int k, const ur_prepared *p, int jobs, const ur_group_callbacks *cb, char *err,
                   size_t errlen) {
  if (k < 1 || k > UR_GROUP_MAX_MEMBERS) return ur_text_err(err, errlen, "a group has 1 to %d members", UR_GROUP_MAX_MEMBERS);
  group_job *g = calloc(1, sizeof *g);
  if (!g) return ur_text_err(err, errlen, "out of memory");
  g->members = members;
  g->p = p;
  g->cb = cb;
  if (ur_pool_map(k, jobs, train_member, g) != 0) {
    free(g);
    return ur_text_err(err, errlen, "out of memory starting the threads");
  }
  int rc = 0;
  for (int i = 0; i < k && rc == 0; i++)
    if (g->rc[i] != 0) rc = ur_text_err(err, errlen, "seed %u: %s", members[i].train.seed, g->err[i]);
  free(g);
  return rc;
}

