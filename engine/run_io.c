/* run_io.c: a run's text block and its history as CSV (see run_io.h).
 *
 * The reader copies each line into a fixed buffer before looking at it, so
 * no input can make it read past the block or write past a field; every
 * number goes through a range-checked parser; counts announced in the text
 * (batches, model bytes) are checked against what is left of the buffer
 * before anything is allocated for them.
 */
#include "run_io.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "file_io.h"
#include "model_io.h"
#include "settings_io.h"
#include "spec_io.h"

#define MAX_LINE UR_TEXT_MAX_LINE
#define MAX_WORDS UR_TEXT_MAX_WORDS
#define BATCHES_PER_LINE 16
#define STEPS_PER_LINE 8

/* ---- writing ---------------------------------------------------------- */

void ur_run_data_set_csv(ur_run_data *d, const ur_csv_source *src) {
  if (!src) {
    ur_csv_source_init(&d->csv);
    if (d->task == UR_TASK_ONE_STEP) d->horizon = 1;
    return;
  }
  d->csv = *src;
  d->n_steps = src->cfg.lookback;
  d->task = ur_csv_source_task(src);
  d->horizon = d->task == UR_TASK_ONE_STEP ? 1 : src->cfg.horizon;
}

char *ur_run_serialize(const ur_run *r, size_t *len) {
  ur_sbuf s;
  ur_sb_init(&s);
  char a[256], b[96], c[96], why[800], warn[800], line[MAX_LINE];
  ur_text_escape(r->name, a, sizeof a);
  ur_text_escape(r->preset, b, sizeof b);
  ur_text_escape(r->stop, c, sizeof c);
  ur_text_escape(r->message, why, sizeof why);
  ur_text_escape(r->warning, warn, sizeof warn);
  ur_sb_add(&s, "run name=%s preset=%s stop=%s epochs=%d seconds=%.17g colour=%d", a, b, c, r->n_epochs, r->seconds,
            r->colour);
  if (r->group >= 0) ur_sb_add(&s, " group=%d member=%d", r->group, r->member);
  if (why[0]) ur_sb_add(&s, " why=%s", why);
  ur_sb_add(&s, warn[0] ? " warning=%s\n" : "\n", warn);
  if (ur_run_data_format(&r->data, line, sizeof line)) s.oom = 1;
  ur_sb_add(&s, "data %s\n", line);
  if (r->data.csv.path[0]) {
    if (ur_csv_source_format(&r->data.csv, line, sizeof line)) s.oom = 1;
    ur_sb_add(&s, "csv %s\n", line);
  }
  ur_sb_add(&s, "input %d %d\n", r->input.steps, r->input.features);
  if (ur_train_settings_format(&r->train, UR_NUM_9G, line, sizeof line)) s.oom = 1;
  ur_sb_add(&s, "train %s\n", line);
  for (int i = 0; i < r->n_layers; i++) {
    if (ur_spec_format(&r->layers[i], line, sizeof line)) s.oom = 1;
    ur_sb_add(&s, "layer %s\n", line);
  }
  ur_sb_add(&s, "metrics val_mse=%.17g val_last_mse=%.17g naive_mse=%.17g linear_mse=%.17g", r->val_mse,
            r->val_last_mse, r->naive_mse, r->linear_mse);
  if (!isnan(r->snaive_mse)) ur_sb_add(&s, " snaive_mse=%.17g", r->snaive_mse);
  if (!isnan(r->hw_mse)) ur_sb_add(&s, " hw_mse=%.17g", r->hw_mse);
  if (!isnan(r->test_mse)) ur_sb_add(&s, " test_mse=%.17g test_last_mse=%.17g", r->test_mse, r->test_last_mse);
  ur_sb_add(&s, r->loss_in_units ? "\n" : " loss_in_units=0\n");
  if (r->n_step_mse > 0) {
    ur_sb_add(&s, "step_mse count=%d\n", r->n_step_mse);
    for (int i = 0; i < r->n_step_mse; i++)
      ur_sb_add(&s, "%.17g%c", r->step_mse[i], (i % STEPS_PER_LINE == STEPS_PER_LINE - 1 || i == r->n_step_mse - 1) ? '\n' : ' ');
  }
  for (int e = 0; e < r->n_epochs; e++) {
    const ur_run_epoch_stats *h = &r->epochs[e];
    ur_sb_add(&s, "history epoch=%d loss=%.17g val_loss=%.17g val_mse=%.17g val_last_mse=%.17g lr=%.17g seconds=%.17g "
              "train_seconds=%.17g\n",
              e + 1, h->loss, h->val_loss, h->val_mse, h->val_last_mse, h->lr, h->seconds, h->train_seconds);
  }
  if (r->n_batches > 0) {
    ur_sb_add(&s, "batches per_epoch=%d count=%d\n", r->batches_per_epoch, r->n_batches);
    for (int i = 0; i < r->n_batches; i++)
      ur_sb_add(&s, "%.9g%c", r->batch_loss[i], (i % BATCHES_PER_LINE == BATCHES_PER_LINE - 1 || i == r->n_batches - 1) ? '\n' : ' ');
  }
  if (r->model_len) {
    size_t n;
    char *enc = ur_base64_encode(r->model, r->model_len, &n);
    if (!enc) s.oom = 1;
    ur_sb_add(&s, "model %zu %08x\n", r->model_len, ur_fnv1a32(r->model, r->model_len));
    for (size_t i = 0; enc && i < n; i += 76) ur_sb_add(&s, "%.*s\n", (int)(n - i < 76 ? n - i : 76), enc + i);
    free(enc);
  }
  ur_sb_add(&s, "end\n");
  return ur_sb_finish(&s, len);
}

/* ---- CSV -------------------------------------------------------------- */

static void csv_num(ur_sbuf *s, double v) {
  if (isfinite(v)) ur_sb_add(s, ",%.9g", v);
  else ur_sb_add(s, ",");
}

static void csv_epoch(ur_sbuf *s, const ur_run *r, int e) {
  if (e < 0 || e >= r->n_epochs) {
    ur_sb_add(s, ",,,,,");
    ur_sb_add(s, ",");
    return;
  }
  const ur_run_epoch_stats *h = &r->epochs[e];
  csv_num(s, h->loss); csv_num(s, h->val_loss); csv_num(s, h->val_mse); csv_num(s, h->val_last_mse);
  csv_num(s, h->lr); csv_num(s, h->seconds);
}

char *ur_run_history_csv(const ur_run *r, size_t *len) {
  ur_sbuf s;
  ur_sb_init(&s);
  ur_sb_add(&s, "epoch,batch,step,batch_loss,loss,val_loss,val_mse,val_last_mse,lr,seconds\n");
  int per = r->batches_per_epoch;
  if (r->n_batches > 0 && per > 0) {
    for (int i = 0; i < r->n_batches && !s.oom; i++) {
      int e = i / per, b = i % per + 1;
      ur_sb_add(&s, "%d,%d,%.6f", e + 1, b, e + (double)b / per);
      csv_num(&s, r->batch_loss[i]);
      csv_epoch(&s, r, b == per ? e : -1);
      ur_sb_add(&s, "\n");
    }
  } else {
    for (int e = 0; e < r->n_epochs && !s.oom; e++) {
      ur_sb_add(&s, "%d,,%d,", e + 1, e + 1);
      csv_epoch(&s, r, e);
      ur_sb_add(&s, "\n");
    }
  }
  return ur_sb_finish(&s, len);
}

/* ---- reading ---------------------------------------------------------- */

static int parse_head(ur_text_reader *r, char **w, int n, ur_run *run) {
  for (int i = 1; i < n; i++) {
    char *v = ur_text_kv(w[i]), *k = w[i];
    int bad = 0, epochs;
    if (!v) return ur_text_fail(r, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "name")) bad = ur_text_unescape(v, run->name, sizeof run->name);
    else if (!strcmp(k, "preset")) bad = ur_text_unescape(v, run->preset, sizeof run->preset);
    else if (!strcmp(k, "stop")) bad = ur_text_unescape(v, run->stop, sizeof run->stop);
    else if (!strcmp(k, "epochs")) bad = ur_text_int(v, 0, UR_RUN_MAX_EPOCHS, &epochs); /* informative: history counts */
    else if (!strcmp(k, "seconds")) bad = ur_text_double(v, &run->seconds);
    else if (!strcmp(k, "colour")) bad = ur_text_int(v, 0, 1 << 20, &run->colour);
    else if (!strcmp(k, "group")) bad = ur_text_int(v, 0, UR_RUN_MAX_GROUP, &run->group);
    else if (!strcmp(k, "member")) bad = ur_text_int(v, 0, UR_RUN_MAX_MEMBERS - 1, &run->member);
    else if (!strcmp(k, "why")) bad = ur_text_unescape(v, run->message, sizeof run->message);
    else if (!strcmp(k, "warning")) bad = ur_text_unescape(v, run->warning, sizeof run->warning);
    else if (!strcmp(k, "val_mse")) bad = ur_text_double(v, &run->val_mse);       /* older project files */
    else if (!strcmp(k, "val_last_mse")) bad = ur_text_double(v, &run->val_last_mse);
    else return ur_text_fail(r, "unknown run setting \"%.40s\"", k);
    if (bad) return ur_text_fail(r, "%s: bad value \"%.40s\"", k, v);
  }
  return 0;
}

static int parse_metrics(ur_text_reader *r, char **w, int n, ur_run *run) {
  for (int i = 1; i < n; i++) {
    char *v = ur_text_kv(w[i]), *k = w[i];
    double *dst = NULL;
    if (!v) return ur_text_fail(r, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "val_mse")) dst = &run->val_mse;
    else if (!strcmp(k, "val_last_mse")) dst = &run->val_last_mse;
    else if (!strcmp(k, "naive_mse")) dst = &run->naive_mse;
    else if (!strcmp(k, "linear_mse")) dst = &run->linear_mse;
    else if (!strcmp(k, "snaive_mse")) dst = &run->snaive_mse;
    else if (!strcmp(k, "hw_mse")) dst = &run->hw_mse;
    else if (!strcmp(k, "test_mse")) dst = &run->test_mse;
    else if (!strcmp(k, "test_last_mse")) dst = &run->test_last_mse;
    else if (!strcmp(k, "loss_in_units")) {
      if (ur_text_int(v, 0, 1, &run->loss_in_units)) return ur_text_fail(r, "loss_in_units: expected 0 or 1");
      continue;
    }
    else return ur_text_fail(r, "unknown metric \"%.40s\"", k);
    if (ur_text_double(v, dst)) return ur_text_fail(r, "%s: bad value \"%.40s\"", k, v);
  }
  return 0;
}

static int parse_history(ur_text_reader *r, char **w, int n, ur_run *run) {
  ur_run_epoch_stats h = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
  for (int i = 1; i < n; i++) {
    char *v = ur_text_kv(w[i]), *k = w[i];
    int bad = 0;
    if (!v) return ur_text_fail(r, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "epoch")) {
      int e;
      bad = ur_text_int(v, 1, UR_RUN_MAX_EPOCHS, &e);
      if (!bad && e != run->n_epochs + 1) return ur_text_fail(r, "expected epoch=%d, found epoch=%d", run->n_epochs + 1, e);
    } else if (!strcmp(k, "loss")) bad = ur_text_double(v, &h.loss);
    else if (!strcmp(k, "val_loss")) bad = ur_text_double(v, &h.val_loss);
    else if (!strcmp(k, "val_mse")) bad = ur_text_double(v, &h.val_mse);
    else if (!strcmp(k, "val_last_mse")) bad = ur_text_double(v, &h.val_last_mse);
    else if (!strcmp(k, "lr")) bad = ur_text_double(v, &h.lr);
    else if (!strcmp(k, "seconds")) bad = ur_text_double(v, &h.seconds);
    else if (!strcmp(k, "train_seconds")) bad = ur_text_double(v, &h.train_seconds);
    else return ur_text_fail(r, "unknown history field \"%.40s\"", k);
    if (bad) return ur_text_fail(r, "%s: bad value \"%.40s\"", k, v);
  }
  if (run->n_epochs >= UR_RUN_MAX_EPOCHS) return ur_text_fail(r, "more than %d epochs in one run", UR_RUN_MAX_EPOCHS);
  if (ur_run_add_epoch(run, &h)) return ur_text_fail(r, "out of memory");
  return 0;
}

/* count numbers over the lines that follow, into f (as floats) or d. */
static int read_numbers(ur_text_reader *r, int count, float *f, double *d, const char *what) {
  int got = 0;
  while (got < count) {
    int rc = ur_text_next_line(r);
    if (rc < 0) return -1;
    if (rc == 0) return ur_text_fail(r, "the text ends after %d of %d %s", got, count, what);
    char *ws[MAX_WORDS];
    int m = ur_text_split(r->line, ws);
    if (m < 0) return ur_text_fail(r, "more than %d numbers on one line", MAX_WORDS);
    if (m == 0) return ur_text_fail(r, "an empty line among the %s", what);
    if (got + m > count) return ur_text_fail(r, "more %s than the %d announced", what, count);
    for (int i = 0; i < m; i++, got++) {
      double x;
      if (ur_text_double(ws[i], &x)) return ur_text_fail(r, "expected a number among the %s, found \"%.40s\"", what, ws[i]);
      if (f) f[got] = (float)x;
      else d[got] = x;
    }
  }
  return 0;
}

/* "batches per_epoch=P count=N", then N numbers over the following lines. */
static int parse_batches(ur_text_reader *r, char **w, int n, ur_run *run) {
  int per = 0, count = -1;
  if (run->n_batches) return ur_text_fail(r, "a second \"batches\" section");
  for (int i = 1; i < n; i++) {
    char *v = ur_text_kv(w[i]), *k = w[i];
    if (!v) return ur_text_fail(r, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "per_epoch")) {
      if (ur_text_int(v, 1, UR_RUN_MAX_BATCHES, &per)) return ur_text_fail(r, "per_epoch: expected a whole number from 1 to %d", UR_RUN_MAX_BATCHES);
    } else if (!strcmp(k, "count")) {
      if (ur_text_int(v, 0, UR_RUN_MAX_BATCHES, &count)) return ur_text_fail(r, "count: expected a whole number from 0 to %d", UR_RUN_MAX_BATCHES);
    } else return ur_text_fail(r, "unknown batches field \"%.40s\"", k);
  }
  if (!per || count < 0) return ur_text_fail(r, "expected \"batches per_epoch=<n> count=<n>\"");
  /* every number takes at least two bytes ("0 "): refuse counts the rest of the text cannot hold */
  if ((size_t)count > (r->len - r->pos) / 2 + 1) return ur_text_fail(r, "%d batch losses announced, but the text is too short", count);
  run->batches_per_epoch = per;
  run->batch_loss = malloc(sizeof(float) * ((size_t)count + 1));
  if (!run->batch_loss) return ur_text_fail(r, "out of memory");
  run->batch_cap = count + 1;
  run->n_batches = count;
  return read_numbers(r, count, run->batch_loss, NULL, "batch losses");
}

/* "step_mse count=N", then N numbers over the following lines. */
static int parse_step_mse(ur_text_reader *r, char **w, int n, ur_run *run) {
  int count;
  char *v = n == 2 ? ur_text_kv(w[1]) : NULL;
  if (run->n_step_mse) return ur_text_fail(r, "a second \"step_mse\" section");
  if (!v || strcmp(w[1], "count") || ur_text_int(v, 1, UR_RUN_MAX_STEPS_AHEAD, &count))
    return ur_text_fail(r, "expected \"step_mse count=<n>\", n from 1 to %d", UR_RUN_MAX_STEPS_AHEAD);
  if ((size_t)count > (r->len - r->pos) / 2 + 1) return ur_text_fail(r, "%d MSEs announced, but the text is too short", count);
  if (!(run->step_mse = malloc(sizeof(double) * (size_t)count))) return ur_text_fail(r, "out of memory");
  run->n_step_mse = count;
  return read_numbers(r, count, NULL, run->step_mse, "MSEs per step ahead");
}

/* "model <bytes> <sum>", then the base64 lines through the "end" that closes the run. */
static int parse_model(ur_text_reader *r, char **w, int n, ur_run *run) {
  int bytes;
  unsigned long sum;
  char *end;
  if (n != 3 || ur_text_int(w[1], 1, (long)UR_RUN_MAX_MODEL_BYTES, &bytes) || strlen(w[2]) != 8)
    return ur_text_fail(r, "expected \"model <bytes> <checksum>\"");
  errno = 0;
  sum = strtoul(w[2], &end, 16);
  if (*end || errno) return ur_text_fail(r, "expected \"model <bytes> <checksum>\"");
  size_t enc_len = ((size_t)bytes + 2) / 3 * 4, have = 0;
  if (enc_len > r->len - r->pos) return ur_text_fail(r, "the model's %d bytes do not fit in what is left of the text", bytes);
  char *enc = malloc(enc_len + 1);
  run->model = malloc(enc_len / 4 * 3 + 3);
  if (!enc || !run->model) {
    free(enc);
    return ur_text_fail(r, "out of memory");
  }
  int rc;
  while ((rc = ur_text_next_line(r)) == 1) {
    size_t l = strlen(r->line);
    if (!strcmp(r->line, "end")) break;
    if (have + l > enc_len) {
      free(enc);
      return ur_text_fail(r, "more base64 than the %d bytes announced", bytes);
    }
    memcpy(enc + have, r->line, l);
    have += l;
  }
  if (rc <= 0) {
    free(enc);
    return rc < 0 ? -1 : ur_text_fail(r, "the text ends inside the run's model (truncated file?)");
  }
  size_t got = 0;
  if (have != enc_len || ur_base64_decode(enc, have, run->model, &got) || got != (size_t)bytes) {
    free(enc);
    return ur_text_fail(r, "the run's model is not %d bytes of valid base64", bytes);
  }
  free(enc);
  run->model_len = got;
  if (ur_fnv1a32(run->model, got) != (uint32_t)sum)
    return ur_text_fail(r, "the run's model does not match its checksum: the file is damaged");
  return 0;
}

/* What the body of a run holds, checked once its "end" is read. */
static int check_run(ur_text_reader *r, ur_run *run) {
  char why[512];
  if (ur_run_data_check(&run->data, why, sizeof why) != 0) return ur_text_fail(r, "the run's data: %s", why);
  if (run->batches_per_epoch > 0 && run->n_batches > 0 &&
      (long long)run->n_batches > (long long)run->batches_per_epoch * (run->n_epochs + 1))
    return ur_text_fail(r, "the run has %d batch losses, more than its %d epochs of %d batches hold", run->n_batches,
                 run->n_epochs + 1, run->batches_per_epoch);
  if (run->model_len) {
    char why[256];
    ur_model *m = ur_model_deserialize(run->model, run->model_len, why, sizeof why);
    if (!m) return ur_text_fail(r, "the run's model: %s", why);
    int same = m->n_layers == run->n_layers || run->n_layers == 0;
    for (int i = 0; same && i < run->n_layers; i++) same = m->layers[i].spec.kind == run->layers[i].kind;
    if (same && run->n_layers == 0) { /* an older run without its stack: take the model's */
      run->input = m->input;
      run->n_layers = m->n_layers;
      for (int i = 0; i < m->n_layers; i++) run->layers[i] = m->layers[i].spec;
    }
    ur_model_free(m);
    if (!same) return ur_text_fail(r, "the run's layers do not match the layers of its model");
  }
  return 0;
}

int ur_run_parse(const char *buf, size_t len, int first_line, ur_run *run, size_t *consumed, int *lines, char *err,
                 size_t errlen) {
  ur_text_reader *r = calloc(1, sizeof *r);
  char *w[MAX_WORDS];
  int rc, done = 0;
  ur_run_init(run);
  if (!r) return ur_text_err(err, errlen, "out of memory");
  r->buf = buf;
  r->len = len;
  r->lineno = first_line - 1;
  r->err = err;
  r->errlen = errlen;
  r->nul_message = "a NUL byte: this is not text";
  rc = ur_text_next_line(r);
  if (rc <= 0) {
    if (rc == 0) {
      r->lineno = first_line;
      ur_text_fail(r, "expected a run");
    }
    goto fail;
  }
  int n = ur_text_split(r->line, w);
  if (n < 1 || strcmp(w[0], "run")) {
    ur_text_fail(r, n < 0 ? "more than %d words" : "expected \"run name=...\"", MAX_WORDS);
    goto fail;
  }
  if (parse_head(r, w, n, run)) goto fail;
  while (!done && (rc = ur_text_next_line(r)) == 1) {
    if (r->line[0] == '#') continue;
    n = ur_text_split(r->line, w);
    if (n < 0) {
      ur_text_fail(r, "more than %d words", MAX_WORDS);
      goto fail;
    }
    if (n == 0) continue;
    const char *s = w[0];
    char why[320];
    int bad = 0;
    if (!strcmp(s, "end") && n == 1) done = 1;
    else if (!strcmp(s, "data")) {
      if (ur_run_data_parse(w + 1, n - 1, &run->data, why, sizeof why)) bad = ur_text_fail(r, "%s", why);
    } else if (!strcmp(s, "csv")) {
      if (ur_csv_source_parse(w + 1, n - 1, &run->data.csv, why, sizeof why)) bad = ur_text_fail(r, "csv: %s", why);
    } else if (!strcmp(s, "train")) {
      if (ur_train_settings_parse(w + 1, n - 1, &run->train, why, sizeof why)) bad = ur_text_fail(r, "%s", why);
    } else if (!strcmp(s, "input")) {
      if (n != 3 || ur_text_int(w[1], 0, 100000, &run->input.steps) || ur_text_int(w[2], 1, 100000, &run->input.features))
        bad = ur_text_fail(r, "expected \"input <steps> <features>\", steps from 0 and features from 1, up to 100000");
    } else if (!strcmp(s, "layer")) {
      char joined[MAX_LINE];
      size_t o = 0;
      for (int i = 1; i < n; i++) o += (size_t)snprintf(joined + o, sizeof joined - o, "%s%s", i > 1 ? " " : "", w[i]);
      joined[o] = 0;
      if (run->n_layers >= UR_MAX_LAYERS) bad = ur_text_fail(r, "more than %d layers", UR_MAX_LAYERS);
      else if (n < 2 || ur_spec_parse(joined, &run->layers[run->n_layers], why, sizeof why))
        bad = ur_text_fail(r, "%s", n < 2 ? "expected \"layer <kind> key=value ...\"" : why);
      else run->n_layers++;
    } else if (!strcmp(s, "metrics")) bad = parse_metrics(r, w, n, run);
    else if (!strcmp(s, "history")) bad = parse_history(r, w, n, run);
    else if (!strcmp(s, "batches")) bad = parse_batches(r, w, n, run);
    else if (!strcmp(s, "step_mse")) bad = parse_step_mse(r, w, n, run);
    else if (!strcmp(s, "model")) {
      bad = parse_model(r, w, n, run);
      done = !bad; /* the model's reader consumed the "end" */
    } else bad = ur_text_fail(r, "unknown run section \"%.40s\"", s);
    if (bad) goto fail;
  }
  if (rc < 0) goto fail;
  if (!done) {
    ur_text_fail(r, "the text ends inside a run (no \"end\"): truncated file?");
    goto fail;
  }
  if (check_run(r, run)) goto fail;
  if (consumed) *consumed = r->pos;
  if (lines) *lines = r->lineno - (first_line - 1);
  free(r);
  return 0;
fail:
  free(r);
  ur_run_clear(run);
  return -1;
}
