/* test_group.c: run groups (engine/group.h, stats.h, pool.h).
 *
 * - members trained with 1, 2 and 4 jobs are bit-identical (weights,
 *   history, figures), whatever order they finish in;
 * - member k trains with seed base + k, and member 0 is the single run
 *   with the base seed, bit for bit;
 * - a member stopped from its callback stops alone, and the summary names it;
 * - the statistics, the note and the sign-test verdict on constructed runs;
 * - a member's group, index, reason and MSE per step survive the run's
 *   text form. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "pool.h"
#include "run_exec.h"
#include "run_io.h"

static void small_gru(ur_run *r) {
  ur_run_init(r);
  snprintf(r->name, sizeof r->name, "gru");
  r->data.n_series = 600;
  r->n_layers = 2;
  r->layers[0] = ur_spec_default(UR_GRU);
  r->layers[0].units = 8;
  r->layers[1] = ur_spec_default(UR_DENSE);
  r->train.epochs = 2;
  r->train.seed = 7;
}

static int same_run(const ur_run *a, const ur_run *b) {
  return a->model_len == b->model_len && !memcmp(a->model, b->model, a->model_len) && a->n_batches == b->n_batches &&
         !memcmp(a->batch_loss, b->batch_loss, sizeof(float) * (size_t)a->n_batches) && a->val_mse == b->val_mse &&
         a->val_last_mse == b->val_last_mse && a->n_step_mse == b->n_step_mse &&
         !memcmp(a->step_mse, b->step_mse, sizeof(double) * (size_t)a->n_step_mse) && a->train.seed == b->train.seed;
}

static void test_determinism(void) {
  enum { K = 4 };
  ur_run setup, m[3][K];
  ur_prepared p;
  char err[256];
  small_gru(&setup);
  CHECK(ur_prepare(&p, &setup, NULL, err, sizeof err) == 0, "prepare: %s", err);
  const int jobs[3] = {1, 2, 4};
  for (int j = 0; j < 3; j++) {
    ur_group_setup(&setup, K, 5, m[j]);
    CHECK(ur_group_train(m[j], K, &p, jobs[j], NULL, err, sizeof err) == 0, "train with %d jobs: %s", jobs[j], err);
  }
  for (int k = 0; k < K; k++) {
    CHECK(m[0][k].train.seed == 7u + (unsigned)k && m[0][k].member == k && m[0][k].group == 5, "member %d's seed %u",
          k, m[0][k].train.seed);
    CHECK(same_run(&m[0][k], &m[1][k]) && same_run(&m[0][k], &m[2][k]), "member %d differs with 1, 2 and 4 jobs", k);
    CHECK(m[0][k].n_step_mse == 1 && isfinite(m[0][k].step_mse[0]), "member %d has its MSE one step ahead", k);
  }
  CHECK(m[0][0].val_mse != m[0][1].val_mse, "seeds 7 and 8 gave the same run");
  /* member 0 is the single run with the base seed */
  ur_run single;
  small_gru(&single);
  CHECK(ur_run_execute(&single, NULL, NULL, NULL, err, sizeof err) == 0, "single run: %s", err);
  CHECK(same_run(&single, &m[0][0]), "member 0 differs from the single run with seed 7");
  ur_run_clear(&single);
  for (int j = 0; j < 3; j++)
    for (int k = 0; k < K; k++) ur_run_clear(&m[j][k]);
  ur_prepared_free(&p);
  ur_run_clear(&setup);
}

/* member 1 is stopped by its callback after 3 batches; the others go on */
static int stop_member_1(int k, const ur_progress *p, void *user) {
  (void)user;
  return k == 1 && p->kind == UR_PROGRESS_BATCH && p->epoch == 1 && p->batch >= 3;
}

static void test_stop_alone(void) {
  enum { K = 3 };
  ur_run setup, m[K];
  ur_prepared p;
  char err[256];
  small_gru(&setup);
  CHECK(ur_prepare(&p, &setup, NULL, err, sizeof err) == 0, "prepare: %s", err);
  ur_group_setup(&setup, K, 0, m);
  ur_group_callbacks cb = {stop_member_1, NULL, NULL};
  CHECK(ur_group_train(m, K, &p, 2, &cb, err, sizeof err) == 0, "train: %s", err);
  CHECK(!strcmp(m[1].stop, "cancelled") && !strcmp(m[0].stop, "completed") && !strcmp(m[2].stop, "completed"),
        "stops: %s, %s, %s", m[0].stop, m[1].stop, m[2].stop);
  const ur_run *mm[K] = {&m[0], &m[1], &m[2]};
  ur_group_summary s;
  CHECK(ur_group_summarise(mm, K, &s) == 0 && s.finished == 2 && s.val_mse.n == 2, "summary of the finished two");
  CHECK(!strcmp(s.note, "2 of 3 finished; seed 8 stopped at epoch 2"), "note: \"%s\"", s.note);
  ur_group_summary_free(&s);
  for (int k = 0; k < K; k++) ur_run_clear(&m[k]);
  ur_prepared_free(&p);
  ur_run_clear(&setup);
}

/* A finished run with only the figures a summary reads. */
static ur_run fake(int group, int member, double val_last, const char *stop) {
  ur_run r;
  ur_run_init(&r);
  snprintf(r.name, sizeof r.name, "g%d", group);
  snprintf(r.stop, sizeof r.stop, "%s", stop);
  r.group = group;
  r.member = member;
  r.train.seed = 42u + (unsigned)member;
  r.val_mse = r.val_last_mse = val_last;
  r.naive_mse = 0.02;
  r.linear_mse = 0.003;
  return r;
}

static void test_summary_and_verdict(void) {
  ur_stat s = ur_stat_of((double[]){3, 1, NAN, 2}, 4);
  CHECK(s.n == 3 && s.median == 2 && s.min == 1 && s.max == 3 && s.mean == 2 && fabs(s.sd - 1) < 1e-15,
        "stat of 3, 1, NaN, 2: n %d median %g sd %g", s.n, s.median, s.sd);
  s = ur_stat_of((double[]){4, 1, 3, 2}, 4);
  CHECK(s.median == 2.5, "even median %g", s.median);
  CHECK(ur_stat_of((double[]){5}, 1).sd == 0, "one value has no spread");
  CHECK(fabs(ur_sign_test(5, 0) - 0.0625) < 1e-15 && fabs(ur_sign_test(6, 0) - 0.03125) < 1e-15 &&
            fabs(ur_sign_test(4, 1) - 0.375) < 1e-15 && ur_sign_test(3, 3) == 1.0 && ur_sign_test(0, 0) == 1.0,
        "sign test p-values");

  ur_run a[6], b[6];
  const ur_run *pa[6], *pb[6];
  for (int k = 0; k < 6; k++) {
    a[k] = fake(1, k, 0.002 + 0.0001 * k, "completed");
    b[k] = fake(2, k, 0.003 + 0.0001 * k, "completed");
    pa[k] = &a[k];
    pb[k] = &b[k];
  }
  snprintf(a[2].stop, sizeof a[2].stop, "diverged");
  a[2].n_epochs = 0; /* diverged in its first epoch */
  ur_group_summary sum;
  CHECK(ur_group_summarise(pa, 6, &sum) == 0, "summarise");
  CHECK(sum.finished == 5 && !strcmp(sum.note, "5 of 6 finished; seed 44 diverged at epoch 1"), "note \"%s\"", sum.note);
  CHECK(sum.beats_naive == 5 && sum.beats_linear == 5 && fabs(sum.skill_naive.median - (1 - 0.0023 / 0.02)) < 1e-12,
        "skill median %g, beats naive %d", sum.skill_naive.median, sum.beats_naive);
  ur_group_summary_free(&sum);

  ur_group_verdict v;
  CHECK(ur_group_compare(pb, 6, pa, 6, &v) == 0 && v.pairs == 5 && v.b_wins == 5 && v.verdict == UR_VERDICT_NOT_SEPARABLE,
        "5 of 5 pairs are not separable: %s", v.text);
  CHECK(strstr(v.text, "g1 beats g2 in 5 of 5 seeds: not separable at 5 seeds") != NULL, "text: %s", v.text);
  snprintf(a[2].stop, sizeof a[2].stop, "completed");
  CHECK(ur_group_compare(pa, 6, pb, 6, &v) == 0 && v.pairs == 6 && v.verdict == UR_VERDICT_A_BETTER &&
            strstr(v.text, "g1 is better"),
        "6 of 6 pairs: %s", v.text);
  b[0].data.task = UR_TASK_VECTOR;
  b[0].data.horizon = 10;
  CHECK(ur_group_compare(pa, 6, pb, 6, &v) == -1 && strstr(v.text, "other data"), "other data: %s", v.text);
  for (int k = 0; k < 6; k++) {
    ur_run_clear(&a[k]);
    ur_run_clear(&b[k]);
  }
}

static void test_text_form(void) {
  ur_run r = fake(3, 2, 0.004, "diverged"), back;
  char err[256];
  snprintf(r.message, sizeof r.message, "the loss became NaN at epoch 7, batch 12: training stopped");
  double steps[3] = {0.001, 0.002, 0.0035};
  CHECK(ur_run_set_step_mse(&r, steps, 3) == 0, "set step MSE");
  size_t len;
  char *text = ur_run_serialize(&r, &len);
  CHECK(text && ur_run_parse(text, len, 1, &back, NULL, NULL, err, sizeof err) == 0, "parse: %s", err);
  CHECK(back.group == 3 && back.member == 2 && !strcmp(back.message, r.message) && back.n_step_mse == 3 &&
            !memcmp(back.step_mse, steps, sizeof steps),
        "group %d, member %d, why \"%s\", %d steps", back.group, back.member, back.message, back.n_step_mse);
  size_t len2;
  char *again = ur_run_serialize(&back, &len2);
  CHECK(again && len2 == len && !memcmp(text, again, len), "the text form round-trips byte for byte");
  free(text);
  free(again);
  ur_run_clear(&r);
  ur_run_clear(&back);
}

static void add_one(void *arg) { __atomic_add_fetch((int *)arg, 1, __ATOMIC_SEQ_CST); }

static void test_pool(void) {
  int count = 0, queued = -1, running = -1;
  ur_pool *p = ur_pool_new(2);
  CHECK(p != NULL, "a pool");
  for (int i = 0; i < 100; i++) ur_pool_submit(p, add_one, &count);
  ur_pool_set_jobs(p, 3);
  ur_pool_wait(p);
  ur_pool_counts(p, &queued, &running);
  CHECK(count == 100 && queued == 0 && running == 0, "100 jobs ran: %d, %d queued, %d running", count, queued, running);
  ur_pool_free(p);
  CHECK(ur_pool_default_jobs() >= 1, "one job per core at least");
}

int main(void) {
  test_summary_and_verdict();
  test_text_form();
  test_pool();
  test_determinism();
  test_stop_alone();
  return check_summary();
}
