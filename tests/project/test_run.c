/* test_run: a training run's text block (engine/run.h).
 *
 *   round trip   a trained run → text → run is the same run, bit for bit, and
 *                writes the same text again
 *   blocks       two blocks back to back parse one after the other, with
 *                line numbers that continue
 *   older runs   the project format's first run sections (run, history, model,
 *                end) still parse, taking the stack from the model
 *   hostile      every truncation, random byte damage and a list of crafted
 *                lies are refused with "line N: ..." and never crash (run it
 *                under AddressSanitizer)
 *   csv          one row per batch, epoch columns on each epoch's last batch
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "model_io.h"
#include "preset_run.h"
#include "run.h"
#include "run_exec.h"
#include "run_io.h"
#include "spec_io.h"

static int stop_after = -1;
static int stopper(const ur_progress *p, void *u) {
  (void)u;
  return stop_after >= 0 && p->kind == UR_PROGRESS_BATCH && p->epoch * p->batches + p->batch >= stop_after;
}

static void make_run(ur_run *r, const char *preset, int epochs, int series, int stop) {
  char err[256];
  preset_run_setup(r, preset, epochs, series);
  snprintf(r->name, sizeof r->name, "%s: run 1 = \"best\" 100%%", preset); /* spaces, '=', '%', quotes */
  snprintf(r->preset, sizeof r->preset, "%s", preset);
  r->colour = 3;
  r->train.optim.clipnorm = 1.5f;
  r->train.reduce_lr_patience = 2;
  stop_after = stop;
  int rc = ur_run_execute(r, NULL, stopper, NULL, err, sizeof err);
  stop_after = -1;
  CHECK(rc == 0, "execute %s: %s", preset, err);
}

static int same_train(const ur_train_config *a, const ur_train_config *b) {
  return a->optim.kind == b->optim.kind && a->optim.lr == b->optim.lr && a->optim.momentum == b->optim.momentum &&
         a->optim.nesterov == b->optim.nesterov && a->optim.beta1 == b->optim.beta1 && a->optim.beta2 == b->optim.beta2 &&
         a->optim.epsilon == b->optim.epsilon && a->optim.rho == b->optim.rho && a->optim.clipnorm == b->optim.clipnorm &&
         a->optim.clipvalue == b->optim.clipvalue && a->loss == b->loss && a->epochs == b->epochs &&
         a->batch_size == b->batch_size && a->seed == b->seed && a->shuffle == b->shuffle &&
         a->early_stopping == b->early_stopping && a->restore_best == b->restore_best &&
         a->reduce_lr_patience == b->reduce_lr_patience && a->reduce_lr_factor == b->reduce_lr_factor &&
         a->min_lr == b->min_lr;
}

static int same_run(const ur_run *a, const ur_run *b) {
  int same = !strcmp(a->name, b->name) && !strcmp(a->preset, b->preset) && !strcmp(a->stop, b->stop) &&
             a->colour == b->colour && a->seconds == b->seconds && !memcmp(&a->data, &b->data, sizeof a->data) &&
             a->input.steps == b->input.steps && a->input.features == b->input.features &&
             same_train(&a->train, &b->train) && a->n_layers == b->n_layers &&
             a->n_epochs == b->n_epochs && a->n_batches == b->n_batches &&
             a->batches_per_epoch == b->batches_per_epoch && a->model_len == b->model_len &&
             !memcmp(a->model, b->model, a->model_len) && a->val_mse == b->val_mse &&
             a->val_last_mse == b->val_last_mse && a->naive_mse == b->naive_mse && a->linear_mse == b->linear_mse;
  for (int i = 0; same && i < a->n_layers; i++) {
    char x[1024], y[1024];
    ur_spec_format(&a->layers[i], x, sizeof x);
    ur_spec_format(&b->layers[i], y, sizeof y);
    same = !strcmp(x, y);
  }
  if (same && a->n_epochs) same = !memcmp(a->epochs, b->epochs, sizeof *a->epochs * (size_t)a->n_epochs);
  if (same && a->n_batches) same = !memcmp(a->batch_loss, b->batch_loss, sizeof(float) * (size_t)a->n_batches);
  return same;
}

static void test_round_trip(const ur_run *r) {
  size_t len, len2, used;
  int lines;
  char err[256];
  char *text = ur_run_serialize(r, &len);
  CHECK(text && len == strlen(text), "serialize");
  ur_run back;
  int rc = ur_run_parse(text, len, 1, &back, &used, &lines, err, sizeof err);
  CHECK(rc == 0, "parse: %s", err);
  CHECK(used == len, "consumed %zu of %zu bytes", used, len);
  CHECK(same_run(r, &back), "the parsed run equals the original (%s)", r->name);
  char *again = ur_run_serialize(&back, &len2);
  CHECK(again && len2 == len && !memcmp(text, again, len), "writes the same text again");
  /* appending still works on a parsed run (its arrays have room to grow) */
  for (int i = 0; i < 100; i++) CHECK(ur_run_add_batch(&back, 0.5f) == 0, "append");
  ur_run_epoch_stats e = {1, 2, 3, 4, 5, 6, 7};
  CHECK(ur_run_add_epoch(&back, &e) == 0 && back.epochs[back.n_epochs - 1].seconds == 6, "append epoch");
  ur_run copy;
  CHECK(ur_run_copy(&copy, &back) == 0 && same_run(&copy, &back), "copy");
  CHECK(ur_run_add_batch(&copy, 0.25f) == 0 && copy.batch_loss[copy.n_batches - 1] == 0.25f, "append to a copy");
  ur_run_clear(&copy);
  ur_run_clear(&back);
  free(again);

  /* two blocks back to back; the second's errors are numbered in the whole text */
  char *two = malloc(2 * len + 1);
  memcpy(two, text, len);
  memcpy(two + len, text, len);
  two[2 * len] = 0;
  CHECK(ur_run_parse(two, 2 * len, 1, &back, &used, &lines, err, sizeof err) == 0 && used == len, "first block");
  ur_run_clear(&back);
  ur_run second;
  CHECK(ur_run_parse(two + used, 2 * len - used, 1 + lines, &second, NULL, NULL, err, sizeof err) == 0 &&
            same_run(&second, r), "second block");
  ur_run_clear(&second);
  /* damage the second block's "data" line: the error names its line in the whole text */
  char *d = strstr(two + len, "\ndata ");
  memcpy(d + 1, "dada ", 5);
  CHECK(ur_run_parse(two + used, 2 * len - used, 1 + lines, &second, NULL, NULL, err, sizeof err) == -1, "damaged");
  char want[64];
  snprintf(want, sizeof want, "line %d: unknown run section \"dada\"", lines + 2);
  CHECK(!strcmp(err, want), "error %s, want %s", err, want);
  free(two);
  free(text);
}

static void test_old_format(const ur_run *r) {
  /* what engine/project.c wrote for runs before run.c existed */
  size_t n = r->model_len;
  char head[512];
  snprintf(head, sizeof head,
           "run name=old stop=completed epochs=1 seconds=2.5 val_mse=0.01 val_last_mse=0.01\n"
           "history epoch=1 loss=0.02 val_loss=0.01 val_mse=0.01 val_last_mse=0.01 lr=0.001 seconds=2.5\n");
  char *full = ur_run_serialize(r, NULL);
  char *model = strstr(full, "\nmodel ") + 1; /* through "end\n" */
  char *text = malloc(strlen(head) + strlen(model) + 1);
  strcpy(text, head);
  strcat(text, model);
  ur_run back;
  char err[256];
  int rc = ur_run_parse(text, strlen(text), 1, &back, NULL, NULL, err, sizeof err);
  CHECK(rc == 0, "old format: %s", err);
  CHECK(rc || (back.n_layers == r->n_layers && back.model_len == n && back.n_epochs == 1 && back.val_mse == 0.01 &&
               back.seconds == 2.5 && !strcmp(back.name, "old")),
        "old format fields");
  ur_run_clear(&back);
  free(text);
  free(full);
}

/* Must fail, with "line N: ..." naming the right line. */
static void refuse(const char *text, int line, const char *what) {
  ur_run r;
  char err[256] = "";
  int rc = ur_run_parse(text, strlen(text), 1, &r, NULL, NULL, err, sizeof err);
  char want[32];
  snprintf(want, sizeof want, "line %d: ", line);
  CHECK(rc == -1 && !strncmp(err, want, strlen(want)), "%s: rc %d, \"%s\"", what, rc, err);
  CHECK(r.n_batches == 0 && r.model == NULL && r.epochs == NULL, "%s: cleared", what);
}

static void test_hostile(const ur_run *good) {
  size_t len;
  char *text = ur_run_serialize(good, &len);
  char err[256];
  ur_run r;
  /* every truncation before the final "end" fails (no crash, no leak) */
  int ok_truncations = 0;
  for (size_t cut = 0; cut < len; cut += (cut < 4000 ? 1 : 7)) {
    if (ur_run_parse(text, cut, 1, &r, NULL, NULL, err, sizeof err) == 0) {
      ok_truncations++;
      ur_run_clear(&r);
    }
  }
  CHECK(ok_truncations <= 1, "%d truncations parsed (only cutting the last newline may)", ok_truncations);
  /* random damage: any result, never a crash */
  srand(7);
  char *bad = malloc(len + 1);
  for (int round = 0; round < 3000; round++) {
    memcpy(bad, text, len + 1);
    int flips = 1 + rand() % 4;
    for (int f = 0; f < flips; f++) bad[rand() % len] = (char)(rand() % 256);
    if (ur_run_parse(bad, len, 1, &r, NULL, NULL, err, sizeof err) == 0) ur_run_clear(&r);
  }
  free(bad);
  free(text);

  refuse("", 1, "empty");
  refuse("walk name=x\nend\n", 1, "not a run");
  refuse("run name=x\n", 1, "no end");
  refuse("run name=x\ndata seed=-1\nend\n", 2, "negative seed");
  refuse("run name=x\ndata series=5\nend\n", 2, "too few series");
  refuse("run name=x\ndata task=seq3seq\nend\n", 2, "unknown task");
  refuse("run name=x\ntrain lr=0\nend\n", 2, "zero learning rate");
  refuse("run name=x\ntrain optimizer=adamw\nend\n", 2, "unknown optimizer");
  refuse("run name=x\ntrain epochs=1e9\nend\n", 2, "epochs out of range");
  refuse("run name=x\ninput 50\nend\n", 2, "input without features");
  refuse("run name=x\nlayer gru units=0\nend\n", 2, "zero units");
  refuse("run name=x\nlayer teleporter\nend\n", 2, "unknown layer");
  refuse("run name=%zz\nend\n", 1, "bad escape");
  refuse("run name=a%00b\nend\n", 1, "escaped NUL");
  refuse("run name=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nend\n", 1, "name too long");
  refuse("run name=x\nmetrics val_mse=abc\nend\n", 2, "metric not a number");
  refuse("run name=x\nhistory epoch=2 loss=1\nend\n", 2, "epochs out of order");
  refuse("run name=x\nbatches per_epoch=10 count=1000000\n0.1 0.2\nend\n", 2, "batch count larger than the text");
  refuse("run name=x\nbatches per_epoch=10 count=3\n0.1 0.2\n0.3 0.4\nend\n", 4, "more batches than announced");
  refuse("run name=x\nbatches per_epoch=10 count=3\n0.1 zero 0.3\nend\n", 3, "batch loss not a number");
  refuse("run name=x\nbatches per_epoch=2 count=6\n1 2 3 4 5 6\nend\n", 4, "batches beyond the epochs");
  refuse("run name=x\nbatches per_epoch=0 count=0\nend\n", 2, "zero batches an epoch");
  refuse("run name=x\nmodel 999999999 00000000\nAAAA\nend\n", 2, "model larger than the text");
  refuse("run name=x\nmodel 3 00000000\nAAAA\nend\n", 4, "model checksum");
  refuse("run name=x\nmodel 3 00000000\nA*AA\nend\n", 4, "model not base64");
  refuse("run name=x\nmodel 3 00000000\nAAAA\n", 3, "model without end");
  refuse("run name=x\nfoo\nend\n", 2, "unknown section");
  refuse("run name=x\ndata a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3 4 5 6 7 8 9 0 a b c d e f g h i j k l m n o p q r s t u v w x y z 1\nend\n", 2, "too many words");
  {
    char nul[] = "run name=x\nd\0ta\nend\n";
    ur_run z;
    CHECK(ur_run_parse(nul, sizeof nul - 1, 1, &z, NULL, NULL, err, sizeof err) == -1 && strstr(err, "line 2"), "NUL byte: %s", err);
  }
  {
    char *longline = malloc(10000);
    strcpy(longline, "run name=x\nlayer gru ");
    size_t at = strlen(longline);
    memset(longline + at, 'a', 5000);
    strcpy(longline + at + 5000, "\nend\n");
    refuse(longline, 2, "line too long");
    free(longline);
  }
  /* a model whose stack is not the run's stack */
  {
    char *t = ur_run_serialize(good, NULL);
    char *l = strstr(t, "\nlayer simple_rnn");
    if (l) {
      memcpy(l + 7, "lstm      ", 10); /* "simple_rnn" → "lstm" + spaces */
      ur_run z;
      int rc = ur_run_parse(t, strlen(t), 1, &z, NULL, NULL, err, sizeof err);
      CHECK(rc == -1 && strstr(err, "do not match"), "stack mismatch: %s", err);
    }
    free(t);
  }
}

static void test_csv(const ur_run *r) {
  size_t len;
  char *csv = ur_run_history_csv(r, &len);
  CHECK(csv && len == strlen(csv), "csv");
  int lines = 0, filled = 0;
  for (char *p = csv; *p; p++) lines += *p == '\n';
  CHECK(lines == r->n_batches + 1, "csv has %d lines for %d batches", lines, r->n_batches);
  const char *head = "epoch,batch,step,batch_loss,loss,val_loss,val_mse,val_last_mse,lr,seconds\n";
  CHECK(!strncmp(csv, head, strlen(head)), "header");
  for (char *line = strchr(csv, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
    int commas = 0;
    char *end = strchr(line, '\n');
    for (char *p = line; p < end; p++) commas += *p == ',';
    CHECK(commas == 9, "10 columns");
    if (end[-1] != ',') filled++;
  }
  CHECK(filled == r->n_epochs, "%d rows carry epoch values, %d epochs", filled, r->n_epochs);
  free(csv);
}

int main(void) {
  ur_run a, b, c;
  make_run(&a, "deep-rnn", 2, 1000, -1);   /* one step, completed */
  make_run(&b, "lstm", 3, 1000, 50);       /* seq2seq, stopped in epoch 3 */
  make_run(&c, "wavenet", 1, 1000, -1);    /* convolutions */
  CHECK(a.n_epochs == 2 && a.n_batches == 44 && a.batches_per_epoch == 22 && !strcmp(a.stop, "completed"),
        "deep-rnn history: %d epochs, %d batches", a.n_epochs, a.n_batches);
  CHECK(b.n_epochs == 2 && b.n_batches == 50 && !strcmp(b.stop, "cancelled") && b.model, "stopped lstm: %d, %d, %s",
        b.n_epochs, b.n_batches, b.stop);
  CHECK(ur_run_param_count(&a) == 1282, "deep-rnn has %zu parameters", ur_run_param_count(&a));
  char sum[128];
  ur_run_summary(&a, sum, sizeof sum);
  CHECK(!strcmp(sum, "SimpleRNN 20×2 › SimpleRNN 1"), "summary %s", sum);
  ur_run_summary(&c, sum, sizeof sum);
  CHECK(!strcmp(sum, "Conv1D 20×8 › Conv1D 10"), "summary %s", sum);
  CHECK(fabs(ur_run_skill(&a, a.naive_mse) - (1 - a.val_last_mse / a.naive_mse)) < 1e-15, "skill");
  const ur_run *all[3] = {&a, &b, &c};
  for (int i = 0; i < 3; i++) {
    test_round_trip(all[i]);
    test_csv(all[i]);
  }
  test_old_format(&a);
  test_hostile(&a);
  ur_run_clear(&a);
  ur_run_clear(&b);
  ur_run_clear(&c);
  return check_summary();
}
