/* test_trainer: UnrollTrainer on a GMainLoop, with no display.
 *
 *   live     per-batch progress reaches the main thread while training runs,
 *            not only at the end; the finished run's validation MSE is what
 *            ur_evaluate computes for its weights
 *   stop     Stop in the middle of an epoch ends the run within a second,
 *            with the weights trained so far
 *   pause    no batch is trained while paused; resume carries on to the end
 *   paused stop   Stop while paused ends the run too
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "preset_run.h"
#include "unroll-trainer.h"

static void setup_run(ur_run *r, const char *preset, int epochs, int series) {
  preset_run_setup(r, preset, epochs, series);
  snprintf(r->name, sizeof r->name, "%s 1", preset);
  snprintf(r->preset, sizeof r->preset, "%s", preset);
}

typedef struct {
  GMainLoop *loop;
  UnrollTrainer *tr;
  int progress_calls, finished;
  int batches_seen_before_end; /* batches known on the main thread at the last progress before the end */
  int stop_after_batches;      /* stop once this many batches are in (0: never) */
  int pause_after_batches;     /* pause once this many are in (0: never) */
  gint64 stop_us, finished_us;
  char error[256];
  int paused_once;
} Ctx;

static gboolean resume_later(gpointer data) {
  Ctx *c = data;
  const ur_run *r = unroll_trainer_get_run(c->tr);
  unroll_trainer_drain(c->tr);
  int before = r->n_batches;
  /* 300 ms paused: at most the batch in flight may have arrived */
  g_usleep(300000);
  unroll_trainer_drain(c->tr);
  CHECK(r->n_batches <= before + 1, "batches trained while paused: %d → %d", before, r->n_batches);
  CHECK(unroll_trainer_is_paused(c->tr), "paused");
  char *s = unroll_trainer_dup_status(c->tr);
  CHECK(g_str_has_prefix(s, "Paused"), "status while paused: %s", s);
  g_free(s);
  unroll_trainer_resume(c->tr);
  return G_SOURCE_REMOVE;
}

static gboolean stop_later(gpointer data) {
  Ctx *c = data;
  c->stop_us = g_get_monotonic_time();
  unroll_trainer_stop(c->tr);
  return G_SOURCE_REMOVE;
}

static void on_progress(UnrollTrainer *tr, gpointer data) {
  Ctx *c = data;
  const ur_run *r = unroll_trainer_get_run(tr);
  c->progress_calls++;
  c->batches_seen_before_end = r->n_batches;
  if (c->stop_after_batches > 0 && !c->stop_us && r->n_batches >= c->stop_after_batches) {
    c->stop_us = g_get_monotonic_time();
    unroll_trainer_stop(tr);
  }
  if (c->pause_after_batches && !c->paused_once && r->n_batches >= c->pause_after_batches) {
    c->paused_once = 1;
    unroll_trainer_pause(tr);
    if (c->stop_after_batches < 0) g_timeout_add(200, stop_later, c); /* stop while paused */
    else g_idle_add(resume_later, c);
  }
}

static void on_finished(UnrollTrainer *tr, gpointer run, const char *error, gpointer data) {
  (void)tr; (void)run;
  Ctx *c = data;
  c->finished = 1;
  c->finished_us = g_get_monotonic_time();
  if (error) g_strlcpy(c->error, error, sizeof c->error);
  g_main_loop_quit(c->loop);
}

static gboolean give_up(gpointer data) {
  Ctx *c = data;
  CHECK(0, "training did not finish in time");
  unroll_trainer_stop(c->tr);
  return G_SOURCE_REMOVE;
}

static void run_trainer(Ctx *c, const ur_run *setup) {
  GError *err = NULL;
  c->loop = g_main_loop_new(NULL, FALSE);
  c->tr = unroll_trainer_new();
  g_signal_connect(c->tr, "progress", G_CALLBACK(on_progress), c);
  g_signal_connect(c->tr, "finished", G_CALLBACK(on_finished), c);
  gboolean ok = unroll_trainer_start(c->tr, setup, NULL, &err);
  CHECK(ok, "start: %s", err ? err->message : "?");
  if (!ok) return;
  CHECK(!unroll_trainer_start(c->tr, setup, NULL, NULL), "a second start while training is refused");
  guint t = g_timeout_add_seconds(120, give_up, c);
  g_main_loop_run(c->loop);
  g_source_remove(t);
  g_main_loop_unref(c->loop);
}

/* The validation MSE of a run's weights, recomputed from scratch. */
static double recompute_val_mse(const ur_run *r) {
  ur_book_data d;
  char err[256];
  ur_metrics m = {NAN, NAN, NAN};
  ur_model *model = ur_run_model(r, err, sizeof err);
  if (!model || ur_book_data_make(&d, r->data.task, r->data.seed, r->data.n_series, r->data.n_steps, r->data.horizon))
    return NAN;
  ur_evaluate(model, &d.valid, r->train.loss, NULL, &m);
  ur_book_data_free(&d);
  ur_model_free(model);
  return m.mse;
}

static void test_live(void) {
  ur_run setup;
  setup_run(&setup, "deep-rnn", 2, 4000); /* 2800 training windows: 88 batches an epoch */
  Ctx c = {0};
  run_trainer(&c, &setup);
  const ur_run *r = unroll_trainer_get_run(c.tr);
  CHECK(c.finished && !c.error[0], "finished without error (%s)", c.error);
  CHECK(c.progress_calls >= 3, "progress arrived %d times while training", c.progress_calls);
  CHECK(r->batches_per_epoch == 88 && r->n_batches == 176, "batches %d of %d an epoch", r->n_batches, r->batches_per_epoch);
  CHECK(r->n_epochs == 2 && !strcmp(r->stop, "completed"), "epochs %d, stop %s", r->n_epochs, r->stop);
  CHECK(r->model && r->model_len > 0, "weights kept");
  double v = recompute_val_mse(r);
  CHECK(v == r->val_mse, "validation MSE %.9g equals ur_evaluate's %.9g", r->val_mse, v);
  CHECK(isfinite(r->naive_mse) && isfinite(r->linear_mse) && r->linear_mse < r->naive_mse, "baselines %g %g",
        r->naive_mse, r->linear_mse);
  UnrollTrainerProgress p;
  unroll_trainer_get_progress(c.tr, &p);
  CHECK(p.fraction == 1.0 && p.epoch == 2 && p.batch == 88, "progress at the end: %g, epoch %d, batch %d", p.fraction,
        p.epoch, p.batch);
  g_object_unref(c.tr);
  ur_run_clear(&setup);
}

static void test_stop(void) {
  ur_run setup;
  setup_run(&setup, "lstm", 20, 10000); /* 219 batches an epoch, about a second each */
  Ctx c = {0};
  c.stop_after_batches = 40;
  run_trainer(&c, &setup);
  const ur_run *r = unroll_trainer_get_run(c.tr);
  double waited = (c.finished_us - c.stop_us) / 1e6;
  printf("stop → finished in %.3f s, %d batches trained\n", waited, r->n_batches);
  CHECK(c.finished && c.stop_us && waited < 1.0, "stop ended the run in %.3f s", waited);
  CHECK(!strcmp(r->stop, "cancelled"), "stop reason %s", r->stop);
  CHECK(r->n_epochs == 0 && r->n_batches >= 40 && r->n_batches < 219, "stopped mid-epoch: %d batches",
        r->n_batches);
  CHECK(r->model && r->model_len > 0, "a stopped run keeps its weights");
  /* the kept weights are the trained ones, not the starting ones */
  char err[256];
  ur_model *m = ur_run_model(r, err, sizeof err), *fresh = ur_model_new(setup.input, setup.layers, setup.n_layers, err, sizeof err);
  CHECK(m && fresh, "models build");
  if (m && fresh) {
    ur_model_init(fresh, setup.train.seed);
    CHECK(memcmp(m->params, fresh->params, sizeof(float) * m->n_params) != 0, "weights moved from their start");
    CHECK(isfinite(r->val_mse) && r->val_mse == recompute_val_mse(r), "stopped run's validation MSE");
  }
  ur_model_free(m);
  ur_model_free(fresh);
  g_object_unref(c.tr);
  ur_run_clear(&setup);
}

static void test_pause(void) {
  ur_run setup;
  setup_run(&setup, "deep-rnn", 1, 4000);
  Ctx c = {0};
  c.pause_after_batches = 10;
  run_trainer(&c, &setup);
  const ur_run *r = unroll_trainer_get_run(c.tr);
  CHECK(c.paused_once && c.finished && !strcmp(r->stop, "completed") && r->n_batches == 88,
        "pause then resume completes: %s, %d batches", r->stop, r->n_batches);
  UnrollTrainerProgress p;
  unroll_trainer_get_progress(c.tr, &p);
  CHECK(p.elapsed < (c.finished_us / 1e6) && p.elapsed > 0, "elapsed time counted");
  g_object_unref(c.tr);

  Ctx d = {0};
  d.pause_after_batches = 10;
  d.stop_after_batches = -1; /* stop while paused */
  run_trainer(&d, &setup);
  r = unroll_trainer_get_run(d.tr);
  CHECK(d.finished && !strcmp(r->stop, "cancelled") && r->model, "stop while paused ends the run: %s", r->stop);
  g_object_unref(d.tr);
  ur_run_clear(&setup);
}

int main(void) {
  test_live();
  test_stop();
  test_pause();
  return check_summary();
}
