/* test_trainer: UnrollTrainer on a GMainLoop, with no display.
 *
 *   live     per-batch progress reaches the main thread while training runs,
 *            not only at the end; the finished run's validation MSE is what
 *            ur_evaluate computes for its weights
 *   stop     Stop in the middle of an epoch ends the run within a second,
 *            with the weights trained so far
 *   pause    no batch is trained while paused; resume carries on to the end
 *   paused stop   Stop while paused ends the run too
 *   group    a group of 3 trained by the window's trainer on 1 and on 2
 *            jobs gives members bit-identical to each other and to
 *            ur_group_train's, the command line's path (one way to train)
 *   queue    a second group queues while the first trains; stopping one
 *            group leaves the other to complete; a queued id is refused
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "preset_run.h"
#include "run_exec.h"
#include "unroll-trainer.h"

static void setup_run(ur_run *r, const char *preset, int epochs, int series) {
  preset_run_setup(r, preset, epochs, series);
  snprintf(r->name, sizeof r->name, "%s 1", preset);
  snprintf(r->preset, sizeof r->preset, "%s", preset);
  r->train.repeats = 1; /* the tests that watch one run; the group tests set their own */
  r->group = 0;
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
  ur_run final;                /* member 0's run as it ended (a copy) */
  int groups_left;             /* groups still to finish before the loop quits */
} Ctx;

/* Member 0 of the first group queued: the one these tests watch. */
static const ur_run *watched(Ctx *c) {
  if (unroll_trainer_get_n_groups(c->tr) == 0) return &c->final;
  return unroll_trainer_get_member(c->tr, unroll_trainer_get_group_id(c->tr, 0), 0);
}

static gboolean resume_later(gpointer data) {
  Ctx *c = data;
  const ur_run *r = watched(c);
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
  const ur_run *r = watched(c);
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

static void on_member(UnrollTrainer *tr, int group, int k, gpointer run, const char *error, gpointer data) {
  (void)tr; (void)group;
  Ctx *c = data;
  if (error) g_strlcpy(c->error, error, sizeof c->error);
  if (k == 0 && !c->final.n_layers) ur_run_copy(&c->final, run);
}

static void on_group(UnrollTrainer *tr, int group, gpointer data) {
  (void)tr; (void)group;
  Ctx *c = data;
  if (--c->groups_left > 0) return;
  c->finished = 1;
  c->finished_us = g_get_monotonic_time();
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
  g_signal_connect(c->tr, "member-finished", G_CALLBACK(on_member), c);
  g_signal_connect(c->tr, "group-finished", G_CALLBACK(on_group), c);
  c->groups_left = 1;
  gboolean ok = unroll_trainer_start(c->tr, setup, NULL, &err);
  CHECK(ok, "start: %s", err ? err->message : "?");
  if (!ok) return;
  CHECK(!unroll_trainer_start(c->tr, setup, NULL, NULL), "a second start of a queued group id is refused");
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
  const ur_run *r = &c.final;
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
  ur_run_clear(&c.final);
  ur_run_clear(&setup);
}

static void test_stop(void) {
  ur_run setup;
  setup_run(&setup, "lstm", 20, 10000); /* 219 batches an epoch, about a second each */
  Ctx c = {0};
  c.stop_after_batches = 40;
  run_trainer(&c, &setup);
  const ur_run *r = &c.final;
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
  ur_run_clear(&c.final);
  ur_run_clear(&setup);
}

static void test_pause(void) {
  ur_run setup;
  setup_run(&setup, "deep-rnn", 1, 4000);
  Ctx c = {0};
  c.pause_after_batches = 10;
  run_trainer(&c, &setup);
  const ur_run *r = &c.final;
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
  r = &d.final;
  CHECK(d.finished && !strcmp(r->stop, "cancelled") && r->model, "stop while paused ends the run: %s", r->stop);
  g_object_unref(d.tr);
  ur_run_clear(&c.final);
  ur_run_clear(&d.final);
  ur_run_clear(&setup);
}

/* ---- groups ---------------------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  int groups_left;
  ur_run members[2][4];        /* [group slot][k], copies as they ended */
  int ended[2];
  int ids[2];
  char error[256];
} GroupCtx;

static void on_group_member(UnrollTrainer *tr, int group, int k, gpointer run, const char *error, gpointer data) {
  (void)tr;
  GroupCtx *c = data;
  int slot = group == c->ids[1];
  if (error) g_strlcpy(c->error, error, sizeof c->error);
  if (k >= 0 && k < 4) ur_run_copy(&c->members[slot][k], run);
  c->ended[slot]++;
}

static void on_group_done(UnrollTrainer *tr, int group, gpointer data) {
  (void)tr; (void)group;
  GroupCtx *c = data;
  if (--c->groups_left == 0) g_main_loop_quit(c->loop);
}

static UnrollTrainer *group_trainer(GroupCtx *c, int jobs) {
  memset(c, 0, sizeof *c);
  c->loop = g_main_loop_new(NULL, FALSE);
  UnrollTrainer *tr = unroll_trainer_new();
  unroll_trainer_set_jobs(tr, jobs);
  g_signal_connect(tr, "member-finished", G_CALLBACK(on_group_member), c);
  g_signal_connect(tr, "group-finished", G_CALLBACK(on_group_done), c);
  return tr;
}

static void group_ctx_clear(GroupCtx *c) {
  for (int g = 0; g < 2; g++)
    for (int k = 0; k < 4; k++) ur_run_clear(&c->members[g][k]);
  g_main_loop_unref(c->loop);
}

static gboolean too_long(gpointer loop) {
  CHECK(0, "the groups did not finish in time");
  g_main_loop_quit(loop);
  return G_SOURCE_REMOVE;
}

static gboolean same_weights(const ur_run *a, const ur_run *b) {
  return a->model_len > 0 && a->model_len == b->model_len && !memcmp(a->model, b->model, a->model_len) &&
         a->val_mse == b->val_mse;
}

/* Trains a 3-member group with the trainer on `jobs` jobs into c. */
static void train_group(GroupCtx *c, const ur_run *setup, int jobs) {
  UnrollTrainer *tr = group_trainer(c, jobs);
  c->groups_left = 1;
  c->ids[0] = setup->group;
  c->ids[1] = -100;
  GError *err = NULL;
  CHECK(unroll_trainer_start(tr, setup, NULL, &err), "group start: %s", err ? err->message : "");
  CHECK(unroll_trainer_get_group_size(tr, setup->group) == 3, "the group has 3 members");
  guint t = g_timeout_add_seconds(120, too_long, c->loop);
  g_main_loop_run(c->loop);
  g_source_remove(t);
  CHECK(!unroll_trainer_is_running(tr), "the queue emptied");
  g_object_unref(tr);
}

static void test_group(void) {
  ur_run setup;
  setup_run(&setup, "deep-rnn", 1, 1000);
  setup.train.repeats = 3;
  setup.train.seed = 7;
  setup.group = 5;
  GroupCtx one, two;
  train_group(&one, &setup, 1);
  train_group(&two, &setup, 2);
  CHECK(one.ended[0] == 3 && two.ended[0] == 3, "3 members ended on 1 job (%d) and on 2 (%d)", one.ended[0],
        two.ended[0]);
  /* the command line's path: ur_group_setup, ur_prepare, ur_group_train */
  ur_run cli[3];
  ur_prepared p;
  char err[256] = "";
  CHECK(ur_group_setup(&setup, 3, setup.group, cli) == 0, "group setup");
  int prep = ur_prepare(&p, &setup, NULL, err, sizeof err);
  CHECK(prep == 0, "prepare: %s", err);
  if (prep == 0) {
    CHECK(ur_group_train(cli, 3, &p, 2, NULL, err, sizeof err) == 0, "ur_group_train: %s", err);
    ur_prepared_free(&p);
  }
  for (int k = 0; k < 3; k++) {
    const ur_run *a = &one.members[0][k], *b = &two.members[0][k];
    CHECK(a->group == 5 && a->member == k && a->train.seed == ur_group_member_seed(7, k),
          "member %d: group %d, index %d, seed %u", k, a->group, a->member, a->train.seed);
    CHECK(!strcmp(a->stop, "completed"), "member %d completed (%s)", k, a->stop);
    CHECK(same_weights(a, b), "member %d: jobs 1 and 2 give the same weights", k);
    CHECK(prep == 0 && same_weights(a, &cli[k]), "member %d: the window's trainer and ur_group_train agree (%.9g %.9g)",
          k, a->val_mse, cli[k].val_mse);
  }
  CHECK(!same_weights(&one.members[0][0], &one.members[0][1]), "members differ by their seed");
  for (int k = 0; k < 3; k++) ur_run_clear(&cli[k]);
  group_ctx_clear(&one);
  group_ctx_clear(&two);
  ur_run_clear(&setup);
}

static gboolean stop_first(gpointer data) {
  UnrollTrainer *tr = data;
  unroll_trainer_stop_group(tr, 1);
  return G_SOURCE_REMOVE;
}

/* Two groups queued, 2 members each, on 2 jobs: the first is stopped once
 * it trains; the second completes. */
static void test_queue(void) {
  ur_run a, b;
  setup_run(&a, "lstm", 20, 4000); /* long: only a stop ends it in time */
  a.train.repeats = 2;
  a.group = 1;
  setup_run(&b, "deep-rnn", 1, 1000);
  b.train.repeats = 2;
  b.group = 2;
  GroupCtx c;
  UnrollTrainer *tr = group_trainer(&c, 2);
  c.ids[0] = 1;
  c.ids[1] = 2;
  c.groups_left = 2;
  GError *err = NULL;
  CHECK(unroll_trainer_start(tr, &a, NULL, &err), "first group: %s", err ? err->message : "");
  CHECK(unroll_trainer_start(tr, &b, NULL, &err), "a second group queues while the first trains: %s",
        err ? err->message : "");
  CHECK(!unroll_trainer_start(tr, &b, NULL, NULL), "an id already queued is refused");
  CHECK(unroll_trainer_get_n_groups(tr) == 2, "two groups in the trainer");
  UnrollTrainerProgress pr;
  unroll_trainer_get_progress(tr, &pr);
  CHECK(pr.groups == 2 && pr.queued + pr.running == 4, "progress counts 4 members (%d queued, %d running)", pr.queued,
        pr.running);
  g_timeout_add(1500, stop_first, tr);
  guint t = g_timeout_add_seconds(120, too_long, c.loop);
  g_main_loop_run(c.loop);
  g_source_remove(t);
  CHECK(c.ended[0] == 2 && c.ended[1] == 2, "every member ended (%d, %d)", c.ended[0], c.ended[1]);
  for (int k = 0; k < 2; k++) {
    CHECK(!strcmp(c.members[0][k].stop, "cancelled"), "stopped group, member %d: %s", k, c.members[0][k].stop);
    CHECK(!strcmp(c.members[1][k].stop, "completed"), "other group, member %d: %s", k, c.members[1][k].stop);
  }
  char *s = unroll_trainer_dup_status(tr);
  CHECK(s && strstr(s, " of 2 members completed"), "the status after the queue says how the last group ended: %s", s ? s : "(null)");
  g_free(s);
  g_object_unref(tr);
  group_ctx_clear(&c);
  ur_run_clear(&a);
  ur_run_clear(&b);
}

int main(void) {
  test_live();
  test_stop();
  test_pause();
  test_group();
  test_queue();
  return check_summary();
}
