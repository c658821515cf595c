/* test_engine.c: the engine's contracts beyond the maths: stack checks in
 * words, save/load and hostile files, determinism, divergence, cancellation,
 * early stopping, optimisers, baselines, forecasts. */
#include <math.h>
#include <stdio.h>
#include "check.h"
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "baseline.h"
#include "presets.h"
#include "train.h"
#include "forecast.h"
#include "model_io.h"
#include "optim.h"
#include "train.h"


static ur_layer_spec spec(ur_layer_kind k, int units, int rs) {
  ur_layer_spec s = ur_spec_default(k);
  s.units = units;
  s.return_sequences = rs;
  return s;
}

static void test_stack_messages(void) {
  char why[256];
  int bad;
  ur_layer_spec s[3] = {spec(UR_LSTM, 20, 0), spec(UR_GRU, 20, 1), spec(UR_TIME_DISTRIBUTED, 10, 0)};
  int rc = ur_stack_check((ur_shape){50, 1}, s, 3, NULL, &bad, why, sizeof why);
  CHECK(rc == -1 && bad == 1, "GRU after an LSTM without return_sequences is refused (rc %d, layer %d)", rc, bad);
  CHECK(strstr(why, "layer 2 (GRU)") && strstr(why, "return_sequences"), "message names the layer and the fix: %s", why);
  s[0].return_sequences = 1;
  ur_shape shapes[3];
  CHECK(ur_stack_check((ur_shape){50, 1}, s, 3, shapes, &bad, why, sizeof why) == 0 && shapes[2].steps == 50 &&
        shapes[2].features == 10, "fixed stack gives batch × 50 × 10");
  ur_layer_spec c = ur_spec_default(UR_CONV1D);
  c.kernel_size = 60;
  CHECK(ur_stack_check((ur_shape){50, 1}, &c, 1, NULL, &bad, why, sizeof why) == -1 && strstr(why, "kernel spans 60"),
        "a kernel longer than the input is refused in words: %s", why);
  c.kernel_size = 2; c.strides = 2; c.dilation_rate = 2;
  CHECK(ur_stack_check((ur_shape){50, 1}, &c, 1, NULL, &bad, why, sizeof why) == -1, "strides with dilation refused");
  ur_layer_spec td = spec(UR_TIME_DISTRIBUTED, 1, 0);
  ur_layer_spec st[2] = {ur_spec_default(UR_FLATTEN), td};
  CHECK(ur_stack_check((ur_shape){50, 1}, st, 2, NULL, &bad, why, sizeof why) == -1 && bad == 1,
        "TimeDistributed after Flatten is refused");
  const ur_preset *w = ur_preset_find("wavenet");
  CHECK(w && ur_stack_receptive_field(w->layers, w->n_layers) == 31, "simple WaveNet sees 31 steps (got %d)",
        w ? ur_stack_receptive_field(w->layers, w->n_layers) : -1);
  /* parameter counts equal Keras's model.summary() for the chapter's models */
  struct { const char *name; size_t params; } counts[] = {
      {"linear", 51}, {"simple-rnn", 3}, {"deep-rnn", 1282}, {"deep-rnn-dense", 1281}, {"rnn-seq2seq", 1470},
      {"lstm", 5250}, {"gru", 4110}, {"conv-gru", 5350}, {"wavenet", 6010}, {"ln-rnn", 1550}};
  for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
    const ur_preset *p = ur_preset_find(counts[i].name);
    ur_model *m = ur_model_new((ur_shape){50, 1}, p->layers, p->n_layers, why, sizeof why);
    CHECK(m && m->n_params == counts[i].params, "%s has %zu parameters, Keras %zu", counts[i].name,
          m ? m->n_params : 0, counts[i].params);
    ur_model_free(m);
  }
}

static ur_model *small_model(void) {
  ur_layer_spec s[3] = {spec(UR_GRU, 4, 1), ur_spec_default(UR_BATCH_NORM), spec(UR_TIME_DISTRIBUTED, 2, 0)};
  char err[256];
  return ur_model_new((ur_shape){6, 1}, s, 3, err, sizeof err);
}

/* spec.c's table: every kind's own definition, complete and in its place. */
static void test_kind_table(void) {
  for (int k = 0; k < UR_LAYER_KIND_COUNT; k++) {
    const ur_kind_def *d = ur_kind_def_of((ur_layer_kind)k);
    CHECK(d && d->kind == (ur_layer_kind)k && d->id && d->name && d->summary && d->output_shape && d->ops &&
              d->ops->tensors && d->ops->init && d->ops->forward && d->ops->backward,
          "kind %d has a complete definition in its place", k);
    CHECK(ur_kind_from_id(ur_kind_id((ur_layer_kind)k)) == k, "kind %d's id %s reads back", k, ur_kind_id((ur_layer_kind)k));
    CHECK(!(d && d->window && d->per_step), "kind %d is either per step or a window", k);
  }
  CHECK(!ur_kind_def_of((ur_layer_kind)-1) && !ur_kind_def_of(UR_LAYER_KIND_COUNT), "no definition outside the kinds");
}

static void test_model_files(void) {
  char err[256], path[] = "/tmp/unroll-test-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  ur_model *m = small_model();
  ur_model_init(m, 5);
  for (size_t i = 0; i < m->n_state; i++) m->state[i] = 0.25f * (float)i;
  CHECK(ur_model_save(m, path, err, sizeof err) == 0, "save: %s", err);
  ur_model *r = ur_model_load(path, err, sizeof err);
  CHECK(r && r->n_params == m->n_params && !memcmp(r->params, m->params, sizeof(float) * m->n_params) &&
        !memcmp(r->state, m->state, sizeof(float) * m->n_state), "load gives back the same weights: %s", r ? "" : err);
  ur_model_free(r);
  size_t len;
  unsigned char *buf = ur_model_serialize(m, &len);
  /* every truncation is an error, never a crash or an over-read */
  int all_refused = 1;
  for (size_t cut = 0; cut < len; cut += (cut < 400 ? 1 : 37)) {
    unsigned char *copy = malloc(cut + 1);
    memcpy(copy, buf, cut);
    ur_model *t = ur_model_deserialize(copy, cut, err, sizeof err);
    if (t) all_refused = 0;
    ur_model_free(t);
    free(copy);
  }
  CHECK(all_refused, "every truncated file is refused");
  buf[len - 3] ^= 0x40;
  CHECK(!ur_model_deserialize(buf, len, err, sizeof err) && strstr(err, "checksum"), "a flipped weight bit: %s", err);
  buf[len - 3] ^= 0x40;
  /* hostile headers */
  const char *bad[] = {
      "unroll-model 2\n", "unroll-model 1\ninput -5 1\n", "unroll-model 1\ninput 6 1\nlayer gru units=-3\n",
      "unroll-model 1\ninput 6 1\nlayer teleport units=3\n", "unroll-model 1\ninput 6 1\nlayer gru units=99999999999\n",
      "unroll-model 1\ninput 6 1\nlayer gru units=4\nweights 999999999999 0 00000000\n",
      "unroll-model 1\ninput 6 1\nlayer dense units=4 activation=\x01\nweights 1 0 0\n", "\x7f" "ELF\x02\x01\x01",
      "unroll-model 1\ninput 6 1\nlayer wavenet dilations=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17\n"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ur_model *t = ur_model_deserialize((const unsigned char *)bad[i], strlen(bad[i]), err, sizeof err);
    CHECK(!t && err[0], "hostile header %zu refused with a message (%s)", i, err);
    ur_model_free(t);
  }
  free(buf);
  /* a failed save leaves the old file intact */
  CHECK(ur_model_save(m, "/nonexistent-dir/x.model", err, sizeof err) == -1 && strstr(err, "/nonexistent-dir"),
        "saving into a missing folder fails with a message: %s", err);
  r = ur_model_load(path, err, sizeof err);
  CHECK(r != NULL, "the old file still loads after a failed save elsewhere");
  ur_model_free(r);
  unlink(path);
  ur_model_free(m);
}

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The peak resident memory so far, in MiB. */
static double peak_mib(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_maxrss / 1024.0;
}

/* Small files that ask for huge models are refused from their header, in
 * milliseconds and without the allocation they ask for; shapes whose
 * product would wrap an int are refused, not wrapped. */
static void test_hostile_model_files(void) {
  char err[512];
  static const struct { const char *text, *want; } files[] = {
      /* the 127-byte file that made the loader allocate 1 GB for 16 s: an input longer than a model takes */
      {"unroll-model 1\ninput 1000000 1\nlayer conv1d units=65536 kernel_size=4096 padding=causal activation=linear\n"
       "weights 0 0 00000000\n", "steps from 0 to 100000"},
      /* the same layer on an input a model takes: its output is over the limit */
      {"unroll-model 1\ninput 100000 1\nlayer conv1d units=65536 kernel_size=4096 padding=causal\nweights 0 0 00000000\n",
       "more than the 16777216 a layer may give"},
      /* 2^28 parameters */
      {"unroll-model 1\ninput 10 1\nlayer conv1d units=65536 kernel_size=4096 padding=causal\nweights 0 0 00000000\n",
       "more than the 134217728 a model may have"},
      /* 65536 × 65536 wrapped to 0 features in an int */
      {"unroll-model 1\ninput 65536 65536\nlayer flatten\nweights 0 0 00000000\n", "4294967296 values a sample"},
      {"unroll-model 1\ninput 100000 100000\nlayer flatten\nweights 0 0 00000000\n", "10000000000 values a sample"},
      /* counts that match the stack, with no weights after them */
      {"unroll-model 1\ninput 10 1\nlayer dense units=65536\nweights 131072 0 00000000\n", "truncated file"},
      {"unroll-model 1\ninput 10 1\nlayer dense units=4\nweights 8 0 0000000g\n", "8 hex digits"},
      {"unroll-model 1\ninput 10 1\nlayer dense units=4\nweights 8 0 00000000 extra\n", "8 hex digits"},
  };
  CHECK(strlen(files[0].text) == 127, "the report's file has 127 bytes (%zu)", strlen(files[0].text));
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    double t0 = seconds_now(), peak0 = peak_mib();
    ur_model *m = ur_model_deserialize((const unsigned char *)files[i].text, strlen(files[i].text), err, sizeof err);
    double took = seconds_now() - t0, grew = peak_mib() - peak0;
    CHECK(!m && strstr(err, files[i].want), "hostile file %zu refused (%s): %s", i, files[i].want, err);
    CHECK(took < 0.1 && grew < 16, "hostile file %zu refused in %.3f s, peak memory up %.0f MiB", i, took, grew);
    ur_model_free(m);
  }
  /* the same limits hold for a stack built in code */
  ur_layer_spec flat = ur_spec_default(UR_FLATTEN);
  CHECK(!ur_model_new((ur_shape){100000, 100000}, &flat, 1, err, sizeof err) && strstr(err, "values a sample"),
        "a Flatten of 10^10 values is refused: %s", err);
  ur_layer_spec big = spec(UR_DENSE, 65536, 0);
  ur_layer_spec two[2] = {flat, big};
  CHECK(!ur_model_new((ur_shape){4096, 1}, two, 2, err, sizeof err) && strstr(err, "parameters"),
        "4096 × 65536 weights are refused: %s", err);
  ur_layer_spec lstm = spec(UR_LSTM, 4096, 1);
  CHECK(!ur_model_new((ur_shape){4000, 1}, &lstm, 1, err, sizeof err) && strstr(err, "a sample while training"),
        "an LSTM whose caches take 2^26 floats a sample is refused: %s", err);
  ur_model_size size;
  CHECK(ur_model_measure((ur_shape){50, 1}, ur_preset_find("wavenet-full")->layers,
                         ur_preset_find("wavenet-full")->n_layers, &size, err, sizeof err) == 0 &&
            size.params == 17130 && size.work_per_sample < 100000,
        "wavenet-full measures 17130 parameters and %zu floats a sample", size.work_per_sample);
}

typedef struct { int batches, epochs, cancel_at; } counter;
static int count_cb(const ur_progress *p, void *user) {
  counter *c = user;
  if (p->kind == UR_PROGRESS_BATCH) c->batches++;
  else c->epochs++;
  return c->cancel_at > 0 && c->batches >= c->cancel_at;
}

static void test_training(void) {
  ur_book_data d;
  char err[256];
  ur_book_data_make(&d, UR_TASK_SEQ2SEQ, 42, 600, 12, 2);
  ur_train_config cfg;
  ur_train_config_default(&cfg);
  cfg.epochs = 3;
  float *w[2];
  double last[2];
  for (int run = 0; run < 2; run++) {
    ur_layer_spec s[3] = {spec(UR_GRU, 4, 1), ur_spec_default(UR_BATCH_NORM), spec(UR_TIME_DISTRIBUTED, 2, 0)};
    s[0].dropout = 0.1f;
    s[0].recurrent_dropout = 0.1f;
    ur_model *m = ur_model_new((ur_shape){12, 1}, s, 3, err, sizeof err);
    ur_model_init(m, 9);
    ur_train_result res;
    counter c = {0, 0, 0};
    ur_train(m, &cfg, &d.train, &d.valid, count_cb, &c, &res);
    CHECK(c.batches == 3 * 14 && c.epochs == 3, "a callback after every batch (%d) and epoch (%d)", c.batches, c.epochs);
    w[run] = malloc(sizeof(float) * m->n_params);
    memcpy(w[run], m->params, sizeof(float) * m->n_params);
    last[run] = res.val_loss[2];
    /* (the validation loss lags: BatchNorm's moving statistics need more than 42 steps) */
    CHECK(res.loss[2] < res.loss[0], "training loss falls (%g → %g)", res.loss[0], res.loss[2]);
    ur_train_result_free(&res);
    ur_model_free(m);
  }
  CHECK(!memcmp(w[0], w[1], sizeof(float) * 78) && last[0] == last[1],
        "same seed, same weights and losses, bit for bit (with dropout and batch norm)");
  free(w[0]); free(w[1]);

  /* cancellation between batches keeps the weights trained so far */
  ur_model *m = ur_model_new((ur_shape){12, 1}, (ur_layer_spec[]){spec(UR_SIMPLE_RNN, 3, 1), spec(UR_DENSE, 2, 0)}, 2, err, sizeof err);
  float *before = malloc(sizeof(float) * m->n_params);
  memcpy(before, m->params, sizeof(float) * m->n_params);
  ur_train_result res;
  counter c = {0, 0, 5};
  ur_train(m, &cfg, &d.train, &d.valid, count_cb, &c, &res);
  CHECK(res.reason == UR_STOP_CANCELLED && c.batches == 5 && res.epochs_run == 0, "cancel after 5 batches (%s)", res.message);
  CHECK(memcmp(before, m->params, sizeof(float) * m->n_params) != 0, "a cancelled run keeps its trained weights");
  ur_train_result_free(&res);

  /* a diverging run stops with a reason and keeps the best weights */
  ur_model_init(m, 1);
  cfg.optim = ur_optim_default(UR_OPT_SGD);
  cfg.optim.lr = 1e3f;
  cfg.epochs = 5;
  ur_train(m, &cfg, &d.train, &d.valid, NULL, NULL, &res);
  int finite = 1;
  for (size_t i = 0; i < m->n_params; i++) finite &= isfinite(m->params[i]);
  CHECK(res.reason == UR_STOP_DIVERGED && (strstr(res.message, "NaN") || strstr(res.message, "infinite")) && finite,
        "lr 1000 diverges with a reason and finite weights (%s)", res.message);
  ur_train_result_free(&res);

  /* with early stopping on, restore_best ends on the best epoch's weights,
   * whether or not training stopped early */
  ur_model_init(m, 1);
  cfg.optim = ur_optim_default(UR_OPT_ADAM);
  cfg.optim.lr = 0.05f;
  cfg.epochs = 30;
  cfg.early_stopping = 2;
  cfg.restore_best = 1;
  ur_train(m, &cfg, &d.train, &d.valid, NULL, NULL, &res);
  double vl;
  ur_evaluate(m, &d.valid, UR_LOSS_MSE, &vl, NULL);
  CHECK(fabs(vl - res.best_val_loss) < 1e-6 * fmax(1, vl), "restored weights give the best val_loss (%g vs %g)", vl, res.best_val_loss);
  ur_train_result_free(&res);

  /* every optimiser and loss reduces the loss, with clipping on */
  for (int k = 0; k < UR_OPT_COUNT; k++)
    for (int l = 0; l < UR_LOSS_COUNT; l++) {
      ur_model_init(m, 3);
      ur_train_config_default(&cfg);
      cfg.optim = ur_optim_default((ur_optimizer_kind)k);
      cfg.optim.momentum = k == UR_OPT_SGD ? 0.9f : 0.0f;
      cfg.optim.nesterov = k == UR_OPT_SGD;
      cfg.optim.clipnorm = l == 1 ? 1.0f : 0.0f;
      cfg.optim.clipvalue = l == 2 ? 0.5f : 0.0f;
      cfg.loss = (ur_loss_kind)l;
      cfg.epochs = 3;
      cfg.reduce_lr_patience = 1;
      ur_train(m, &cfg, &d.train, &d.valid, NULL, NULL, &res);
      CHECK(res.epochs_run == 3 && res.val_loss[2] < res.val_loss[0], "%s with %s loss learns (%g → %g)",
            ur_optimizer_name((ur_optimizer_kind)k), ur_loss_name((ur_loss_kind)l), res.val_loss[0], res.val_loss[2]);
      ur_train_result_free(&res);
    }
  free(before);
  ur_model_free(m);
  ur_book_data_free(&d);
}

/* Keeps the weights after the first epoch. */
typedef struct { const ur_model *m; float w[2]; } first_epoch;
static int keep_first_epoch(const ur_progress *p, void *user) {
  first_epoch *f = user;
  if (p->kind == UR_PROGRESS_EPOCH && p->epoch == 0) memcpy(f->w, f->m->params, sizeof f->w);
  return 0;
}

/* A run where early stopping must fire: y = w x + b on x = 1, trained
 * towards 1 and validated against -1.  From w = b = 0, each SGD step
 * moves f = w + b to 1 - 0.96 (1 - f) (lr 0.01, dL/dw = dL/db = 2(f - 1)),
 * so f rises towards 1 and the validation loss (f + 1)² rises every epoch:
 * the first epoch is the best, and patience 2 stops the run after the third. */
static void test_early_stopping(void) {
  enum { NT = 64, NV = 16 };
  float xt[NT], yt[NT], xv[NV], yv[NV];
  for (int i = 0; i < NT; i++) { xt[i] = 1.0f; yt[i] = 1.0f; }
  for (int i = 0; i < NV; i++) { xv[i] = 1.0f; yv[i] = -1.0f; }
  ur_dataset train = {.n = NT, .x_shape = {0, 1}, .y_shape = {0, 1}, .x = xt, .y = yt};
  ur_dataset valid = {.n = NV, .x_shape = {0, 1}, .y_shape = {0, 1}, .x = xv, .y = yv};
  char err[256];
  ur_model *m = ur_model_new((ur_shape){0, 1}, (ur_layer_spec[]){spec(UR_DENSE, 1, 0)}, 1, err, sizeof err);
  memset(m->params, 0, sizeof(float) * m->n_params);
  ur_train_config cfg;
  ur_train_config_default(&cfg);
  cfg.optim = ur_optim_default(UR_OPT_SGD);
  cfg.optim.lr = 0.01f;
  cfg.epochs = 30;
  cfg.early_stopping = 2;
  cfg.restore_best = 1;
  first_epoch first = {m, {0, 0}};
  ur_train_result res;
  ur_train(m, &cfg, &train, &valid, keep_first_epoch, &first, &res);
  CHECK(res.reason == UR_STOP_EARLY, "early stopping fires (%s: %s)", ur_stop_reason_name(res.reason), res.message);
  CHECK(res.epochs_run == 3 && res.epochs_run < cfg.epochs && res.best_epoch == 0,
        "it stops after %d of %d epochs, 2 after the best (epoch %d)", res.epochs_run, cfg.epochs, res.best_epoch + 1);
  CHECK(res.epochs_run == 3 && res.val_loss[1] > res.val_loss[0] && res.val_loss[2] > res.val_loss[1],
        "the validation loss rose every epoch");
  CHECK(!memcmp(m->params, first.w, sizeof first.w), "the best (first) epoch's weights are restored, bit for bit");
  double vl;
  ur_evaluate(m, &valid, UR_LOSS_MSE, &vl, NULL);
  CHECK(vl == res.val_loss[0] && vl == res.best_val_loss, "the restored weights give the best val_loss (%g, %g)", vl,
        res.val_loss[0]);
  ur_train_result_free(&res);
  ur_model_free(m);
}

static void test_baselines(void) {
  ur_book_data d;
  char err[256];
  ur_book_data_make(&d, UR_TASK_ONE_STEP, 42, 10000, 50, 1);
  float *y = malloc(sizeof(float) * 7000);
  ur_naive_predict(&d.valid, y);
  double naive = ur_baseline_mse(&d.valid, y);
  CHECK(fabs(naive - 0.0202) < 5e-5, "naive one step = the book's 0.0202 (%.5f)", naive);
  ur_linear_baseline lb;
  CHECK(ur_linear_fit(&lb, &d.train, err, sizeof err) == 0, "linear fit: %s", err);
  ur_linear_predict(&lb, &d.valid, y);
  double lin = ur_baseline_mse(&d.valid, y);
  CHECK(lin < 0.0035 && lin > 0.001, "exact linear baseline beats the trained linear's 0.0042 (%.5f)", lin);
  /* the least-squares solution: the residual is orthogonal to the bias column */
  double r = 0;
  ur_linear_predict(&lb, &d.train, y);
  for (int i = 0; i < d.train.n; i++) r += y[i] - d.train.y[i];
  CHECK(fabs(r / d.train.n) < 1e-5, "mean residual on the training set is zero (%.2g)", r / d.train.n);
  ur_linear_free(&lb);
  free(y);
  ur_book_data_free(&d);
  ur_book_data_make(&d, UR_TASK_VECTOR, 42, 10000, 50, 10);
  y = malloc(sizeof(float) * 20000);
  ur_naive_predict(&d.valid, y);
  naive = ur_baseline_mse(&d.valid, y);
  CHECK(fabs(naive - 0.2570) < 5e-5, "naive ten steps = the book's 0.2570 (%.5f)", naive);
  free(y);
  ur_book_data_free(&d);
}

static void test_iterative(void) {
  /* a model that copies its last input forecasts a constant, as naive does */
  ur_layer_spec s[2] = {ur_spec_default(UR_FLATTEN), spec(UR_DENSE, 1, 0)};
  char err[256];
  ur_model *m = ur_model_new((ur_shape){5, 1}, s, 2, err, sizeof err);
  memset(m->params, 0, sizeof(float) * m->n_params);
  m->params[4] = 1.0f; /* y = x[4] */
  float x[5] = {1, 2, 3, 4, 5}, y[3];
  ur_forecast_iterative(m, x, 1, 3, y);
  CHECK(y[0] == 5 && y[1] == 5 && y[2] == 5, "iterative copy forecast (%g %g %g)", y[0], y[1], y[2]);
  m->params[4] = 0.0f;
  m->params[3] = 1.0f; /* y = x[3]: the window slides */
  ur_forecast_iterative(m, x, 1, 3, y);
  CHECK(y[0] == 4 && y[1] == 5 && y[2] == 4, "iterative forecast slides its window (%g %g %g)", y[0], y[1], y[2]);
  ur_model_free(m);
}

int main(void) {
  test_stack_messages();
  test_kind_table();
  test_model_files();
  test_hostile_model_files();
  test_training();
  test_early_stopping();
  test_baselines();
  test_iterative();
  return check_summary();
}
