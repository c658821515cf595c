/* test_analysis.c: the window's stack analysis (shapes, counts, the card to
 * mark, the one-click fixes) and its undo history, without a display. */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "unroll-analysis.h"
#include "unroll-undo.h"

static void stack(ur_project *p, ur_task task, int n, const ur_layer_spec *layers) {
  ur_project_init(p);
  p->data.task = task;
  p->data.horizon = task == UR_TASK_ONE_STEP ? 1 : 10;
  p->n_layers = n;
  memcpy(p->layers, layers, sizeof *layers * (size_t)n);
}

static ur_layer_spec L(ur_layer_kind k, int units) {
  ur_layer_spec s = ur_spec_default(k);
  if (units) s.units = units;
  return s;
}

/* The analysis flags `bad` with fix `fix`; applying it leads, after at most
 * `steps` fixes, to a trainable stack. */
static void expect_fix(const char *name, ur_project *p, int bad, UnrollFixKind fix, const char *why_part, int steps) {
  UnrollAnalysis a;
  unroll_analyze(p, &a);
  CHECK(!a.ok && a.bad_layer == bad, "%s: ok=%d bad=%d (want %d): %s", name, a.ok, a.bad_layer, bad, a.why);
  CHECK(a.fix == fix, "%s: fix %d, want %d (%s)", name, a.fix, fix, a.fix_label);
  CHECK(strstr(a.why, why_part) != NULL, "%s: \"%s\" lacks \"%s\"", name, a.why, why_part);
  CHECK(a.card_why[0] && strncmp(a.card_why, "layer ", 6), "%s: card text \"%s\"", name, a.card_why);
  for (int i = 0; i < steps && !a.ok; i++) {
    CHECK(unroll_apply_fix(p, &a) == 0, "%s: fix %d failed", name, i + 1);
    unroll_analyze(p, &a);
  }
  CHECK(a.ok, "%s: still broken after %d fixes: %s", name, steps, a.why);
}

static void test_analysis(void) {
  ur_project p;
  UnrollAnalysis a;
  ur_project_init(&p);
  unroll_analyze(&p, &a);
  CHECK(!a.ok && a.bad_layer == -1 && strstr(a.why, "no layers"), "empty: %s", a.why);

  ur_layer_spec gru = L(UR_GRU, 32);
  stack(&p, UR_TASK_ONE_STEP, 1, &gru);
  unroll_analyze(&p, &a);
  CHECK(a.known == 1 && a.out[0].steps == 0 && a.out[0].features == 32 && a.params[0] == 3360, "GRU(32): %zu", a.params[0]);
  expect_fix("gru alone", &p, 0, UNROLL_FIX_APPEND_DENSE, "the model outputs batch × 32, but the task (the next value) needs batch × 1", 1);
  CHECK(p.n_layers == 2 && p.layers[1].kind == UR_DENSE && p.layers[1].units == 1, "Dense(1) appended");

  ur_layer_spec lstm_gru[] = {L(UR_LSTM, 20), L(UR_GRU, 20)};
  stack(&p, UR_TASK_ONE_STEP, 2, lstm_gru);
  unroll_analyze(&p, &a);
  CHECK(a.known == 1, "known %d", a.known);
  expect_fix("lstm then gru", &p, 1, UNROLL_FIX_RETURN_SEQUENCES_ON,
             "layer 2 (GRU): GRU needs a sequence, but the LSTM above returns only its last output: turn on return_sequences", 2);
  CHECK(p.layers[0].return_sequences == 1, "return_sequences turned on above");

  ur_layer_spec dense_seq[] = {L(UR_SIMPLE_RNN, 20), L(UR_DENSE, 1)};
  dense_seq[0].return_sequences = 1;
  stack(&p, UR_TASK_ONE_STEP, 2, dense_seq);
  expect_fix("dense on a sequence", &p, 1, UNROLL_FIX_INSERT_FLATTEN, "batch × 50 × 1", 1);
  CHECK(p.n_layers == 3 && p.layers[1].kind == UR_FLATTEN, "Flatten inserted before the Dense");

  ur_layer_spec rs_last = L(UR_GRU, 1);
  rs_last.return_sequences = 1;
  stack(&p, UR_TASK_ONE_STEP, 1, &rs_last);
  expect_fix("rs on the last", &p, 0, UNROLL_FIX_RETURN_SEQUENCES_OFF, "batch × 50 × 1", 1);

  ur_layer_spec conv = L(UR_CONV1D, 8);
  conv.kernel_size = 60;
  stack(&p, UR_TASK_ONE_STEP, 1, &conv);
  expect_fix("kernel too long", &p, 0, UNROLL_FIX_CAUSAL_PADDING, "kernel spans 60 steps", 2);

  ur_layer_spec strided = L(UR_CONV1D, 10);
  strided.kernel_size = 4;
  strided.strides = 2;
  strided.dilation_rate = 2;
  stack(&p, UR_TASK_SEQ2SEQ_CONV, 1, &strided);
  expect_fix("strides and dilation", &p, 0, UNROLL_FIX_DILATION_ONE, "cannot combine strides", 1);

  ur_layer_spec flat_gru[] = {L(UR_FLATTEN, 0), L(UR_GRU, 20), L(UR_DENSE, 1)};
  stack(&p, UR_TASK_ONE_STEP, 3, flat_gru);
  expect_fix("rnn after flatten", &p, 1, UNROLL_FIX_REMOVE_LAYER, "needs a sequence", 2);

  ur_layer_spec s2s[] = {L(UR_GRU, 20), L(UR_TIME_DISTRIBUTED, 1)};
  s2s[0].return_sequences = 1;
  stack(&p, UR_TASK_SEQ2SEQ, 2, s2s);
  expect_fix("seq2seq width", &p, 1, UNROLL_FIX_SET_UNITS, "needs batch × 50 × 10", 1);
  CHECK(p.layers[1].units == 10, "units set to 10");

  ur_layer_spec vec = L(UR_GRU, 20);
  stack(&p, UR_TASK_SEQ2SEQ, 1, &vec);
  expect_fix("vector for seq2seq", &p, 0, UNROLL_FIX_RETURN_SEQUENCES_ON, "needs batch × 50 × 10", 2);

  /* Every trained preset is trainable as loaded. */
  for (int i = 0; i < ur_preset_count(); i++) {
    const ur_preset *pr = ur_preset_at(i);
    ur_project_init(&p);
    if (ur_project_apply_preset(&p, pr)) continue;
    unroll_analyze(&p, &a);
    CHECK(a.ok && a.known == p.n_layers, "preset %s: %s", pr->name, a.why);
    if (!strcmp(pr->name, "wavenet")) CHECK(a.receptive_field == 31 && a.total_params == 6010, "wavenet rf %d, %zu params", a.receptive_field, a.total_params);
    if (!strcmp(pr->name, "gru")) CHECK(a.receptive_field == 0, "gru has no receptive field");
  }

  char buf[32];
  unroll_format_count(1234567, buf, sizeof buf);
  CHECK(!strcmp(buf, "1,234,567"), "%s", buf);
  unroll_format_count(999, buf, sizeof buf);
  CHECK(!strcmp(buf, "999"), "%s", buf);
  unroll_format_count(0, buf, sizeof buf);
  CHECK(!strcmp(buf, "0"), "%s", buf);
}

static void test_undo(void) {
  UnrollUndo *u = unroll_undo_new(sizeof(int), 3);
  int cur = 0, out;
  CHECK(!unroll_undo_can_undo(u) && !unroll_undo_can_redo(u), "empty");
  for (int v = 1; v <= 5; v++) { /* edits 0→1→2→3→4→5, limit 3 steps */
    unroll_undo_push(u, &cur, NULL, v * 1000000, 0);
    cur = v;
  }
  int seen = 0;
  while (unroll_undo_undo(u, &cur, &out) == 0) {
    cur = out;
    seen++;
  }
  CHECK(seen == 3 && cur == 2, "undid %d steps to %d", seen, cur);
  CHECK(unroll_undo_redo(u, &cur, &out) == 0 && out == 3, "redo %d", out);
  cur = out;
  unroll_undo_push(u, &cur, NULL, 10, 0); /* a new edit forgets the redo list */
  cur = 9;
  CHECK(!unroll_undo_can_redo(u), "redo cleared");
  /* merging: the same key within the window is one step */
  UnrollUndo *m = unroll_undo_new(sizeof(int), 100);
  int v = 0;
  CHECK(unroll_undo_push(m, &v, "units:0", 0, 1000) == 0, "first push");
  v = 1;
  CHECK(unroll_undo_push(m, &v, "units:0", 500, 1000) == 1, "merged");
  v = 2;
  CHECK(unroll_undo_push(m, &v, "units:0", 1400, 1000) == 1, "merged (500 µs after the last)");
  v = 3;
  CHECK(unroll_undo_push(m, &v, "units:1", 1500, 1000) == 0, "another key");
  unroll_undo_break_merge(m);
  v = 4;
  CHECK(unroll_undo_push(m, &v, "units:1", 1600, 1000) == 0, "after a break");
  v = 5;
  CHECK(unroll_undo_undo(m, &v, &out) == 0 && out == 4, "undo to 4: %d", out);
  CHECK(unroll_undo_undo(m, &out, &out) == 0 && out == 3, "undo to 3: %d", out);
  CHECK(unroll_undo_undo(m, &out, &out) == 0 && out == 0, "undo to 0: %d", out);
  CHECK(!unroll_undo_can_undo(m), "all undone");
  unroll_undo_free(m);
  unroll_undo_free(u);
}

int main(void) {
  test_analysis();
  test_undo();
  return check_summary();
}
