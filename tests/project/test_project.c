/* test_project.c: the project file format (engine/project.c).
 *
 * Round trips (every trained preset, settings, runs with weights), the
 * errors a person sees (with line numbers), and hostile input: every
 * truncation of a valid file, random byte flips and a few crafted lines.
 * Run under AddressSanitizer, a read past a line or a field shows up here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "model_io.h"
#include "project.h"
#include "file_io.h"
#include "spec_io.h"

static int same_specs(const ur_project *a, const ur_project *b) {
  if (a->n_layers != b->n_layers) return 0;
  for (int i = 0; i < a->n_layers; i++) {
    char x[600], y[600];
    ur_spec_format(&a->layers[i], x, sizeof x);
    ur_spec_format(&b->layers[i], y, sizeof y);
    if (strcmp(x, y)) return 0;
  }
  return 1;
}

static int same_settings(const ur_project *a, const ur_project *b) {
  return !strcmp(a->preset, b->preset) && !memcmp(&a->data, &b->data, sizeof a->data) &&
         a->input.steps == b->input.steps && a->input.features == b->input.features &&
         !memcmp(&a->train, &b->train, sizeof a->train);
}

/* Serialize, parse, serialize again: the same bytes and the same project. */
static void round_trip(const ur_project *p, const char *what) {
  size_t len, len2;
  char err[512];
  char *text = ur_project_serialize(p, &len);
  CHECK(text != NULL, "%s: serialize", what);
  if (!text) return;
  ur_project q;
  int rc = ur_project_parse(text, len, &q, err, sizeof err);
  CHECK(rc == 0, "%s: parse: %s", what, err);
  if (rc == 0) {
    CHECK(same_specs(p, &q), "%s: layers differ", what);
    CHECK(same_settings(p, &q), "%s: settings differ", what);
    CHECK(q.n_runs == p->n_runs, "%s: runs %d vs %d", what, q.n_runs, p->n_runs);
    char *text2 = ur_project_serialize(&q, &len2);
    CHECK(text2 && len2 == len && !memcmp(text, text2, len), "%s: second serialization differs", what);
    free(text2);
    ur_project_clear(&q);
  }
  free(text);
}

static void test_presets(void) {
  int trained = 0;
  for (int i = 0; i < ur_preset_count(); i++) {
    const ur_preset *pr = ur_preset_at(i);
    ur_project p;
    ur_project_init(&p);
    int rc = ur_project_apply_preset(&p, pr);
    if (pr->n_layers == 0) {
      CHECK(rc == -1, "baseline %s must be refused", pr->name);
      continue;
    }
    trained++;
    CHECK(rc == 0, "preset %s", pr->name);
    CHECK(!strcmp(p.preset, pr->name), "preset name");
    CHECK(ur_stack_check(p.input, p.layers, p.n_layers, NULL, NULL, (char[256]){0}, 256) == 0, "%s valid", pr->name);
    round_trip(&p, pr->name);
    ur_project_clear(&p);
  }
  CHECK(trained >= 14, "only %d trained presets", trained);
}

/* A project with two runs whose weights are real model bytes. */
static void make_with_runs(ur_project *p) {
  ur_project_init(p);
  ur_project_apply_preset(p, ur_preset_find("gru"));
  p->train.optim = ur_optim_default(UR_OPT_SGD);
  p->train.optim.lr = 0.02f;
  p->train.optim.momentum = 0.9f;
  p->train.optim.nesterov = 1;
  p->train.early_stopping = 5;
  p->train.restore_best = 1;
  snprintf(p->preset, sizeof p->preset, "gru with spaces=%%&");
  char err[256];
  ur_model *m = ur_model_new(p->input, p->layers, p->n_layers, err, sizeof err);
  CHECK(m != NULL, "model: %s", err);
  ur_model_init(m, 7);
  p->n_runs = 2;
  p->runs = calloc(2, sizeof *p->runs);
  for (int r = 0; r < 2; r++) {
    ur_run *run = &p->runs[r];
    ur_run_init(run);
    snprintf(run->name, sizeof run->name, "run %d: gru (%s)", r + 1, r ? "again" : "first");
    snprintf(run->stop, sizeof run->stop, "completed");
    for (int e = 0; e < 3 + r; e++) {
      ur_run_epoch_stats h = {0.1 / (e + 1), e ? 0.11 / (e + 1) : NAN, 0.12 / (e + 1), 0.13, 0.001, 1.5 * e, 1.25 * e};
      ur_run_add_epoch(run, &h);
    }
    run->seconds = 12.25;
    run->val_mse = 0.0123456789012345;
    if (r == 0) ur_run_set_model(run, m);
  }
  ur_model_free(m);
}

static void test_runs(void) {
  ur_project p, q, c;
  char err[512];
  make_with_runs(&p);
  round_trip(&p, "runs");
  size_t len;
  char *text = ur_project_serialize(&p, &len);
  CHECK(ur_project_parse(text, len, &q, err, sizeof err) == 0, "parse runs: %s", err);
  CHECK(!strcmp(q.preset, p.preset), "escaped preset name \"%s\"", q.preset);
  CHECK(!strcmp(q.runs[0].name, "run 1: gru (first)"), "run name \"%s\"", q.runs[0].name);
  CHECK(q.runs[0].model_len == p.runs[0].model_len && !memcmp(q.runs[0].model, p.runs[0].model, p.runs[0].model_len),
        "model bytes");
  CHECK(q.runs[1].model_len == 0 && q.runs[1].n_epochs == 4, "second run");
  CHECK(isnan(q.runs[0].epochs[0].val_loss), "NaN kept");
  CHECK(q.runs[0].epochs[2].loss == p.runs[0].epochs[2].loss, "doubles exact");
  ur_model *m = ur_model_deserialize(q.runs[0].model, q.runs[0].model_len, err, sizeof err);
  CHECK(m != NULL, "weights load: %s", err);
  ur_model_free(m);
  CHECK(ur_project_copy(&c, &q) == 0, "copy");
  CHECK(c.runs != q.runs && c.runs[0].model != q.runs[0].model && !memcmp(c.runs[0].model, q.runs[0].model, q.runs[0].model_len),
        "deep copy");
  ur_project_clear(&c);
  ur_project_clear(&q);

  /* Every truncation: an error or (at a line boundary) a valid project, never a crash. */
  int ok = 0;
  for (size_t n = 0; n < len; n++) {
    int rc = ur_project_parse(text, n, &q, err, sizeof err);
    if (rc == 0) ok++;
    else CHECK(!strncmp(err, "line ", 5), "truncated at %zu: \"%s\" has no line number", n, err);
    ur_project_clear(&q);
  }
  CHECK(ok > 0 && (size_t)ok < len / 4, "%d truncations parsed", ok);

  /* Random byte flips, deterministic. */
  unsigned s = 12345;
  char *copy = malloc(len);
  for (int t = 0; t < 3000; t++) {
    memcpy(copy, text, len);
    for (int k = 0; k < 1 + t % 4; k++) {
      s = s * 1103515245u + 12345u;
      size_t at = (s >> 8) % len;
      s = s * 1103515245u + 12345u;
      copy[at] = (char)(s >> 16);
    }
    if (ur_project_parse(copy, len, &q, err, sizeof err) == 0) ur_project_clear(&q);
    else CHECK(err[0] != 0, "flip: empty error");
  }
  free(copy);
  free(text);
  ur_project_clear(&p);
}

static void expect_error(const char *text, const char *want) {
  ur_project p;
  char err[512] = "";
  int rc = ur_project_parse(text, strlen(text), &p, err, sizeof err);
  CHECK(rc == -1, "accepted: %s", text);
  CHECK(strstr(err, want) != NULL, "error \"%s\" lacks \"%s\"", err, want);
  CHECK(p.n_layers == 0 && p.runs == NULL, "cleared after an error");
}

#define HEAD "unroll-project 1\ndata seed=42 series=10000 steps=50 horizon=1 task=one_step\ninput 50 1\ntrain\n"

static void test_errors(void) {
  expect_error("", "not an Unroll project");
  expect_error("hello\n", "line 1: not an Unroll project");
  expect_error("unroll-project 2\n", "line 1: this project's format is \"2\"");
  expect_error(HEAD "layer gru units=0\n", "line 5:");
  expect_error(HEAD "layer gru units=20\nlayer blah\n", "line 6: unknown layer kind");
  expect_error(HEAD "layer\n", "line 5: expected \"layer <kind>");
  expect_error("unroll-project 1\ndata seed=42 steps=50\ninput 50 1\n", "ends without its \"train\" line");
  expect_error("unroll-project 1\ndata steps=40\ninput 50 1\ntrain\n", "line 3: the input has 50 steps but the data's series have 40");
  expect_error("unroll-project 1\ndata series=5\n", "line 2: series: expected a whole number from 10");
  expect_error("unroll-project 1\ndata seed=-1\n", "line 2: seed");
  expect_error("unroll-project 1\ndata seed=4294967296\n", "line 2: seed");
  expect_error("unroll-project 1\ndata task=forever\n", "line 2: task");
  expect_error("unroll-project 1\ndata colour=red\n", "line 2: unknown data setting \"colour\"");
  expect_error("unroll-project 1\ntrain lr=0\n", "line 2: lr");
  expect_error("unroll-project 1\ntrain lr=nan\n", "line 2: lr");
  expect_error("unroll-project 1\ntrain lr=1e999\n", "line 2: lr");
  expect_error("unroll-project 1\ntrain optimizer=adamw\n", "line 2: optimizer");
  expect_error("unroll-project 1\ntrain epochs\n", "line 2: expected key=value");
  expect_error("unroll-project 1\ntrain\ntrain\n", "line 3: a second \"train\" line");
  expect_error("unroll-project 1\nweights 1 2\n", "line 2: unknown section \"weights\"");
  expect_error("unroll-project 1\n\n# comment\nbogus\n", "line 4: unknown section");
  {
    static const char nul[] = "unroll-project 1\ndata seed=1\0\n";
    ur_project p;
    char err[256] = "";
    CHECK(ur_project_parse(nul, sizeof nul - 1, &p, err, sizeof err) == -1 &&
              strstr(err, "line 2: the file holds a NUL byte"), "NUL: %s", err);
  }
  expect_error(HEAD "run name=a\nhistory epoch=2 loss=1\n", "line 6: expected epoch=1");
  expect_error(HEAD "run name=a\n", "ends inside a run");
  expect_error(HEAD "run name=a\nlayer teleporter\n", "line 6: unknown layer kind");
  expect_error(HEAD "run name=a\nwalk\nend\n", "line 6: unknown run section \"walk\"");
  expect_error(HEAD "run name=a\nend\nlayer gru\n", "line 7: \"layer\" after the runs");
  expect_error(HEAD "run name=a%zz\nend\n", "line 5: name");
  expect_error(HEAD "run name=a\nmodel 3 00000000\nQUJD\n", "ends inside the run's model");
  expect_error(HEAD "run name=a\nmodel 3 00000000\nQUJD\nend\n", "line 8: the run's model does not match its checksum");
  expect_error(HEAD "run name=a\nmodel 3 00000000\nQU*D\nend\n", "not 3 bytes of valid base64");
  expect_error(HEAD "run name=a\nmodel 3 00000000\nQUJDQUJD\nend\n", "more base64 than");
  expect_error(HEAD "run name=a\nmodel 99999999 00000000\nQUJD\nend\n", "do not fit");
  expect_error("unroll-project 1\ndata task=one_step horizon=10\ninput 50 1\ntrain\n", "horizon is 10");
  /* A line of 20000 characters: more than a line may hold (16383) */
  char *big = malloc(40000);
  snprintf(big, 40000, "%slayer gru ", HEAD);
  size_t l = strlen(big);
  memset(big + l, 'x', 20000);
  big[l + 20000] = 0;
  expect_error(big, "line 5: the line is longer than");
  /* 65 layers */
  snprintf(big, 20000, "%s", HEAD);
  for (int i = 0; i < 65; i++) strcat(big, "layer dense units=1\n");
  expect_error(big, "line 69: more than 64 layers");
  free(big);

  /* A good checksum is accepted, CRLF line ends too; but bytes that are not a model are refused. */
  char ok[512];
  snprintf(ok, sizeof ok, HEAD "run name=a\r\nmodel 3 %08x\r\nQUJD\r\nend\r\n", ur_fnv1a32("ABC", 3));
  ur_project p;
  char err[256];
  CHECK(ur_project_parse(ok, strlen(ok), &p, err, sizeof err) == -1 && strstr(err, "line 8: the run's model:"),
        "ABC is no model: %s", err);
  ur_project_clear(&p);
  {
    ur_project w;
    make_with_runs(&w);
    size_t n;
    char *text = ur_project_serialize(&w, &n);
    {
      /* the same text with CRLF line ends */
      char *crlf = malloc(2 * n + 1), *o = crlf;
      for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n') *o++ = '\r';
        *o++ = text[i];
      }
      *o = 0;
      CHECK(ur_project_parse(crlf, (size_t)(o - crlf), &p, err, sizeof err) == 0 && p.n_runs == 2 &&
                p.runs[0].model_len == w.runs[0].model_len,
            "CRLF runs: %s", err);
      ur_project_clear(&p);
      free(crlf);
    }
    free(text);
    ur_project_clear(&w);
  }
  /* Defaults: an empty train line keeps Keras's. */
  CHECK(ur_project_parse(HEAD, strlen(HEAD), &p, err, sizeof err) == 0, "head: %s", err);
  CHECK(p.train.optim.kind == UR_OPT_ADAM && p.train.batch_size == 32 && p.n_layers == 0, "defaults");
  ur_project_clear(&p);
}

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Values the stored float cannot hold are refused as they are read, so
 * nothing is accepted that would be saved as another value and refused
 * when the file is read again; data a file asks for is bounded at parse. */
static void test_limits(void) {
  expect_error("unroll-project 1\ntrain epsilon=1e-50\n", "line 2: epsilon: expected a number in (0, 1], found "
               "\"1e-50\" (0 as a single-precision float)");
  expect_error("unroll-project 1\ntrain lr=1e-50\n", "(0 as a single-precision float)");
  expect_error("unroll-project 1\ntrain reduce_lr_factor=1e-46\n", "reduce_lr_factor");
  expect_error("unroll-project 1\ntrain clipnorm=1e39\n", "too large for a single-precision float");
  expect_error(HEAD "run name=a\ntrain epsilon=1e-50\nend\n", "line 6: epsilon");
  /* the smallest positive float is kept exactly, and written so that it reads back */
  ur_project p;
  char err[512];
  const char *tiny = "unroll-project 1\ndata series=10000 steps=50\ninput 50 1\ntrain epsilon=1e-45 lr=1.0000001e-38\n";
  CHECK(ur_project_parse(tiny, strlen(tiny), &p, err, sizeof err) == 0 && p.train.optim.epsilon > 0 &&
            p.train.optim.lr > 0, "denormal floats are kept: %s", err);
  round_trip(&p, "denormal settings");
  ur_project_clear(&p);
  /* the project whose 10 million series made `unroll plot` take 108 s and 9.7 GB */
  double t0 = seconds_now();
  expect_error("unroll-project 1\ndata seed=42 series=10000000 steps=50 horizon=1 task=one_step\ninput 50 1\ntrain\n",
               "line 2: 10000000 series of 50 steps and 1 ahead (one_step) hold 520000000 values, more than the "
               "67108864");
  expect_error(HEAD "run name=a\ndata series=10000000\nend\n", "line 7: the run's data: 10000000 series");
  expect_error("unroll-project 1\ndata series=20000 steps=1000 horizon=100 task=seq2seq\ninput 1000 1\ntrain\n",
               "values, more than");
  CHECK(seconds_now() - t0 < 0.5, "refused in %.3f s", seconds_now() - t0);
  /* what cannot be read back is not saved */
  ur_project_init(&p);
  p.data.n_series = 10000000;
  CHECK(ur_project_save(&p, "/tmp/unroll-never-written.unroll", err, sizeof err) == -1 &&
            strstr(err, "not saved") && access("/tmp/unroll-never-written.unroll", F_OK) != 0,
        "a project over the limit is not saved: %s", err);
  ur_project_clear(&p);
}

static void test_base64(void) {
  const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char *want[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  for (int i = 0; i < 7; i++) {
    size_t n, m;
    char *e = ur_base64_encode((const unsigned char *)in[i], strlen(in[i]), &n);
    CHECK(!strcmp(e, want[i]), "base64(%s) = %s", in[i], e);
    unsigned char back[16];
    CHECK(ur_base64_decode(e, n, back, &m) == 0 && m == strlen(in[i]) && !memcmp(back, in[i], m), "decode %s", e);
    free(e);
  }
  unsigned char out[8];
  size_t m;
  CHECK(ur_base64_decode("Zg==Zg==", 8, out, &m) == -1, "padding in the middle");
  CHECK(ur_base64_decode("Zg=", 3, out, &m) == -1, "length");
}

static void test_files(void) {
  char dir[] = "/tmp/unroll-project-XXXXXX", path[600], err[512];
  CHECK(mkdtemp(dir) != NULL, "mkdtemp");
  snprintf(path, sizeof path, "%s/p.unroll", dir);
  ur_project p, q;
  make_with_runs(&p);
  CHECK(ur_project_save(&p, path, err, sizeof err) == 0, "save: %s", err);
  CHECK(ur_project_load(path, &q, err, sizeof err) == 0, "load: %s", err);
  CHECK(same_specs(&p, &q) && same_settings(&p, &q), "file round trip");
  ur_project_clear(&q);
  char missing[700];
  snprintf(missing, sizeof missing, "%s/none.unroll", dir);
  CHECK(ur_project_load(missing, &q, err, sizeof err) == -1 && strstr(err, "none.unroll"), "missing: %s", err);
  unlink(path);
  rmdir(dir);
  ur_project_clear(&p);
}

int main(void) {
  test_base64();
  test_presets();
  test_runs();
  test_errors();
  test_limits();
  test_files();
  return check_summary();
}
