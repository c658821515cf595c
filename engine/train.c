/* train.c: the training loop of train.h. */
#include "train.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EVAL_BATCH 256

void ur_train_config_default(ur_train_config *c) {
  memset(c, 0, sizeof *c);
  c->optim = ur_optim_default(UR_OPT_ADAM);
  c->loss = UR_LOSS_MSE;
  c->epochs = 20;
  c->batch_size = 32;
  c->seed = 42;
  c->repeats = 3;
  c->shuffle = 1;
  c->reduce_lr_factor = 0.1f;
}

const char *ur_stop_reason_name(ur_stop_reason r) {
  switch (r) {
  case UR_STOP_COMPLETED: return "completed";
  case UR_STOP_EARLY: return "early stopping";
  case UR_STOP_CANCELLED: return "cancelled";
  case UR_STOP_DIVERGED: return "diverged";
  default: return "error";
  }
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void ur_train_result_free(ur_train_result *r) {
  free(r->loss); free(r->val_loss); free(r->val_mse); free(r->val_last_mse); free(r->lr); free(r->seconds);
  free(r->train_seconds);
  r->loss = r->val_loss = r->val_mse = r->val_last_mse = r->lr = r->seconds = r->train_seconds = NULL;
}

/* Chunk by chunk in the model's batch (ur_model_predict's), so a set
 * gathered from a series needs no more memory than one chunk, and the sums
 * run in the same order as over the whole set at once. */
int ur_evaluate(ur_model *m, const ur_dataset *d, ur_loss_kind loss, double *loss_out, ur_metrics *metrics) {
  int B = m->batch > 0 ? m->batch : EVAL_BATCH;
  size_t in = ur_model_in_size(m), out = ur_model_out_size(m);
  float *x = malloc(sizeof(float) * (size_t)B * in), *t = malloc(sizeof(float) * (size_t)B * out),
        *yu = malloc(sizeof(float) * (size_t)B * out), *tu = malloc(sizeof(float) * (size_t)B * out);
  int rc = x && t && yu && tu && ur_model_reserve(m, B) == 0 ? 0 : -1;
  ur_eval_sums s;
  ur_eval_begin(&s, loss, ur_model_output_shape(m));
  for (int from = 0; rc == 0 && from < d->n; from += B) {
    int b = d->n - from < B ? d->n - from : B;
    for (int i = 0; i < b; i++) ur_dataset_get(d, from + i, x + (size_t)i * in, t + (size_t)i * out);
    const float *y = ur_model_forward(m, x, b, 0);
    for (int i = 0; i < b; i++)
      ur_dataset_units(d, from + i, y + (size_t)i * out, yu + (size_t)i * out, tu + (size_t)i * out);
    ur_eval_add(&s, y, t, yu, tu, b);
  }
  if (rc == 0 && loss_out) *loss_out = ur_eval_loss(&s);
  if (rc == 0 && metrics) ur_eval_metrics(&s, metrics);
  free(x);
  free(t);
  free(yu);
  free(tu);
  return rc;
}

/* The weights and the batch-norm state, to or from `best`. */
static void keep_weights(const ur_model *m, float *best) {
  memcpy(best, m->params, sizeof(float) * m->n_params);
  memcpy(best + m->n_params, m->state, sizeof(float) * m->n_state);
}
static void restore_weights(ur_model *m, const float *best) {
  memcpy(m->params, best, sizeof(float) * m->n_params);
  memcpy(m->state, best + m->n_params, sizeof(float) * m->n_state);
}

/* The monitor (validation loss, or the training loss without a validation
 * set) of the weights before any step. */
static int start_loss(ur_model *m, ur_loss_kind loss, const ur_dataset *d, double *out) {
  *out = NAN;
  return ur_evaluate(m, d, loss, out, NULL);
}

static const char *kept_words(const ur_train_result *res) {
  return res->best_epoch < 0 ? "the starting weights (no epoch beat them)" : "the best weights so far";
}

static int fail(ur_train_result *res, const char *msg) {
  res->reason = UR_STOP_ERROR;
  snprintf(res->message, sizeof res->message, "%s", msg);
  return -1;
}

int ur_train(ur_model *m, const ur_train_config *cfg, const ur_dataset *train, const ur_dataset *valid,
             ur_progress_fn fn, void *user, ur_train_result *res) {
  memset(res, 0, sizeof *res);
  res->best_epoch = -1;
  res->start_loss = NAN;
  res->best_val_loss = INFINITY;
  size_t in = ur_model_in_size(m), out = ur_model_out_size(m);
  if (cfg->epochs < 1 || cfg->batch_size < 1) return fail(res, "epochs and batch size must be at least 1");
  if (!(cfg->optim.lr > 0.0f) || !isfinite(cfg->optim.lr)) return fail(res, "the learning rate must be positive");
  if (!train || train->n < 1) return fail(res, "no training data");
  if (ur_shape_size(train->x_shape) != in || ur_shape_size(train->y_shape) != out)
    return fail(res, "the data's shapes do not match the model's input and output");
  if (valid && valid->n > 0 && (ur_shape_size(valid->x_shape) != in || ur_shape_size(valid->y_shape) != out))
    return fail(res, "the validation data's shapes do not match the model");
  int has_val = valid && valid->n > 0;
  int B = cfg->batch_size < train->n ? cfg->batch_size : train->n;
  int batches = (train->n + B - 1) / B;
  ur_optimizer opt;
  int E = cfg->epochs;
  res->loss = calloc((size_t)E, sizeof(double));
  res->val_loss = calloc((size_t)E, sizeof(double));
  res->val_mse = calloc((size_t)E, sizeof(double));
  res->val_last_mse = calloc((size_t)E, sizeof(double));
  res->lr = calloc((size_t)E, sizeof(double));
  res->seconds = calloc((size_t)E, sizeof(double));
  res->train_seconds = calloc((size_t)E, sizeof(double));
  int *idx = malloc(sizeof(int) * (size_t)train->n);
  float *bx = malloc(sizeof(float) * (size_t)B * in), *by = malloc(sizeof(float) * (size_t)B * out),
        *dy = malloc(sizeof(float) * (size_t)B * out), *best = malloc(sizeof(float) * (m->n_params + m->n_state + 1));
  int ok = res->loss && res->val_loss && res->val_mse && res->val_last_mse && res->lr && res->seconds && res->train_seconds && idx && bx &&
           by && dy && best && ur_model_reserve(m, B > EVAL_BATCH ? B : EVAL_BATCH) == 0 &&
           ur_optimizer_init(&opt, &cfg->optim, m) == 0;
  if (!ok) {
    free(idx); free(bx); free(by); free(dy); free(best);
    ur_train_result_free(res);
    return fail(res, "out of memory for training");
  }
  double t0 = now(), lr = cfg->optim.lr;
  /* The starting weights are epoch 0: the best until an epoch beats them,
   * so a run that diverges (or never improves) keeps what it started with
   * rather than its least bad damage.  Inference mode draws no random
   * numbers and moves no batch-norm statistics, so training after it is the
   * same, bit for bit, as without it. */
  if (start_loss(m, cfg->loss, has_val ? valid : train, &res->start_loss) != 0) {
    ur_optimizer_free(&opt);
    free(idx); free(bx); free(by); free(dy); free(best);
    ur_train_result_free(res);
    return fail(res, "out of memory evaluating the starting weights");
  }
  keep_weights(m, best);
  if (isfinite(res->start_loss)) res->best_val_loss = res->start_loss;
  ur_rng rng;
  ur_rng_seed(&rng, ur_seed_derive(cfg->seed, UR_STREAM_SHUFFLE, 0, 0));
  m->seed = cfg->seed;
  for (int i = 0; i < train->n; i++) idx[i] = i;
  int wait_es = 0, wait_lr = 0;
  double last_monitor = NAN;
  double plateau_best = INFINITY; /* Keras's ReduceLROnPlateau sees trained epochs alone */
  res->reason = UR_STOP_COMPLETED;
  for (int e = 0; e < E && res->reason == UR_STOP_COMPLETED; e++) {
    double te = now(), sum = 0.0;
    if (cfg->shuffle) ur_rng_shuffle(&rng, idx, train->n);
    opt.cfg.lr = (float)lr;
    int done = 0;
    for (int b = 0; b < batches; b++) {
      int from = b * B, nb = train->n - from < B ? train->n - from : B;
      for (int i = 0; i < nb; i++) ur_dataset_get(train, idx[from + i], bx + (size_t)i * in, by + (size_t)i * out);
      memset(m->grads, 0, sizeof(float) * m->n_params);
      const float *y = ur_model_forward(m, bx, nb, 1);
      double bl = ur_loss(cfg->loss, y, by, (size_t)nb * out, dy);
      if (!isfinite(bl)) {
        res->reason = UR_STOP_DIVERGED;
        snprintf(res->message, sizeof res->message,
                 "the loss became %s at epoch %d, batch %d: training stopped and %s were kept "
                 "(try a lower learning rate or gradient clipping)", isnan(bl) ? "NaN" : "infinite", e + 1, b + 1,
                 kept_words(res));
        break;
      }
      ur_model_backward(m, dy, nb, NULL);
      ur_optimizer_step(&opt, m);
      m->step++;
      sum += bl * nb;
      done += nb;
      if (fn) {
        ur_progress p = {UR_PROGRESS_BATCH, e, E, b + 1, batches, bl, sum / done, NAN, {NAN, NAN, NAN}, lr,
                         now() - te, now() - t0, NAN};
        if (fn(&p, user)) {
          res->reason = UR_STOP_CANCELLED;
          snprintf(res->message, sizeof res->message, "stopped by the user at epoch %d, batch %d of %d", e + 1,
                   b + 1, batches);
          break;
        }
      }
    }
    if (res->reason != UR_STOP_COMPLETED) break; /* an unfinished epoch is not recorded */
    res->train_seconds[e] = now() - te;
    double vl = NAN;
    ur_metrics vm = {NAN, NAN, NAN};
    if (has_val && ur_evaluate(m, valid, cfg->loss, &vl, &vm) != 0) {
      res->reason = UR_STOP_ERROR;
      snprintf(res->message, sizeof res->message, "out of memory evaluating the validation set");
      break;
    }
    double loss = sum / done, monitor = has_val ? vl : loss;
    last_monitor = monitor;
    res->loss[e] = loss; res->val_loss[e] = vl; res->val_mse[e] = vm.mse; res->val_last_mse[e] = vm.last_mse;
    res->lr[e] = lr; res->seconds[e] = now() - te;
    res->epochs_run = e + 1;
    if (!isfinite(monitor)) {
      res->reason = UR_STOP_DIVERGED;
      snprintf(res->message, sizeof res->message,
               "the validation loss became %s after epoch %d: training stopped and %s were kept",
               isnan(monitor) ? "NaN" : "infinite", e + 1, kept_words(res));
    } else if (monitor < res->best_val_loss) {
      res->best_val_loss = monitor;
      res->best_epoch = e;
      wait_es = 0;
      keep_weights(m, best);
    } else if (cfg->early_stopping > 0 && ++wait_es >= cfg->early_stopping) {
      res->reason = UR_STOP_EARLY;
      if (res->best_epoch < 0)
        snprintf(res->message, sizeof res->message,
                 "early stopping: no epoch improved on the starting weights in %d epochs", cfg->early_stopping);
      else
        snprintf(res->message, sizeof res->message, "early stopping: no improvement for %d epochs after epoch %d",
                 cfg->early_stopping, res->best_epoch + 1);
    }
    if (cfg->reduce_lr_patience > 0 && isfinite(monitor)) { /* Keras's min_delta 1e-4, relative to the best */
      if (monitor < plateau_best - 1e-4) { plateau_best = monitor; wait_lr = 0; }
      else if (++wait_lr >= cfg->reduce_lr_patience) {
        double nl = lr * cfg->reduce_lr_factor;
        lr = nl < cfg->min_lr ? cfg->min_lr : nl;
        wait_lr = 0;
      }
    }
    if (fn) {
      ur_progress p = {UR_PROGRESS_EPOCH, e, E, batches, batches, NAN, loss, vl, vm, res->lr[e], res->seconds[e],
                       now() - t0, res->train_seconds[e]};
      if (fn(&p, user) && res->reason == UR_STOP_COMPLETED && e + 1 < E) {
        res->reason = UR_STOP_CANCELLED;
        snprintf(res->message, sizeof res->message, "stopped by the user after epoch %d", e + 1);
      }
    }
  }
  /* A run that ends worse than it started gives back its best weights,
   * whatever the callbacks asked: a kept model is never worse than the
   * start.  The last epoch's monitor decides, so a run that ends at or below
   * the start keeps its last weights, as Keras's fit does. */
  int worse = res->epochs_run > 0 && isfinite(res->start_loss) && !(last_monitor <= res->start_loss);
  int ended = res->reason == UR_STOP_COMPLETED || res->reason == UR_STOP_EARLY;
  int asked = cfg->restore_best && (res->reason == UR_STOP_EARLY ||
                                    (res->reason == UR_STOP_COMPLETED && cfg->early_stopping > 0));
  if (res->reason == UR_STOP_DIVERGED || asked || (ended && worse)) restore_weights(m, best);
  if (res->reason == UR_STOP_COMPLETED && worse && !asked)
    snprintf(res->message, sizeof res->message, "completed %d epochs, ending worse than it started: %s were kept",
             res->epochs_run, kept_words(res));
  else if (res->reason == UR_STOP_COMPLETED)
    snprintf(res->message, sizeof res->message, "completed %d epochs", res->epochs_run);
  res->seconds_total = now() - t0;
  ur_optimizer_free(&opt);
  free(idx); free(bx); free(by); free(dy); free(best);
  return 0;
}
