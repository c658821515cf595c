/* run.c: training runs as data, and their text block (see run.h).
 *
 * The reader copies each line into a fixed buffer before looking at it, so
 * no input can make it read past the block or write past a field; every
 * number goes through a range-checked parser; counts announced in the text
 * (batches, model bytes) are checked against what is left of the buffer
 * before anything is allocated for them.
 */
#include "run.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "baseline.h"
#include "model_io.h"
#include "project.h" /* base64 */
#include "run_csv.h"

#define MAX_LINE 16384 /* a CSV source's line: a path and up to 16 column names, escaped */
#define MAX_WORDS 64
#define BATCHES_PER_LINE 16

static int set_err(char *err, size_t errlen, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (err && errlen) vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
  return -1;
}

/* ---- life cycle ------------------------------------------------------- */

void ur_run_init(ur_run *r) {
  memset(r, 0, sizeof *r);
  r->data = (ur_run_data){.seed = 42, .n_series = 10000, .n_steps = 50, .horizon = 1, .task = UR_TASK_ONE_STEP};
  ur_csv_source_init(&r->data.csv);
  r->input = (ur_shape){50, 1};
  ur_train_config_default(&r->train);
  r->val_mse = r->val_last_mse = r->naive_mse = r->linear_mse = NAN;
}

void ur_run_clear(ur_run *r) {
  free(r->epochs);
  free(r->batch_loss);
  free(r->model);
  ur_run_init(r);
}

static void *dup_mem(const void *p, size_t n) {
  if (!p || !n) return NULL;
  void *q = malloc(n);
  if (q) memcpy(q, p, n);
  return q;
}

int ur_run_copy(ur_run *dst, const ur_run *src) {
  *dst = *src;
  dst->epochs = dup_mem(src->epochs, sizeof *src->epochs * (size_t)src->n_epochs);
  dst->batch_loss = dup_mem(src->batch_loss, sizeof(float) * (size_t)src->n_batches);
  dst->model = dup_mem(src->model, src->model_len);
  dst->epoch_cap = src->n_epochs;
  dst->batch_cap = src->n_batches;
  if ((src->n_epochs && !dst->epochs) || (src->n_batches && !dst->batch_loss) || (src->model_len && !dst->model)) {
    ur_run_clear(dst);
    return -1;
  }
  return 0;
}

/* Appending doubles the capacity when it is full: amortised O(1). */
static int grow(void **arr, int n, int *cap, size_t item) {
  if (n < *cap) return 0;
  int c = *cap < 16 ? 16 : *cap * 2;
  void *p = realloc(*arr, (size_t)c * item);
  if (!p) return -1;
  *arr = p;
  *cap = c;
  return 0;
}

int ur_run_add_batch(ur_run *r, float loss) {
  if (r->n_batches >= UR_RUN_MAX_BATCHES || grow((void **)&r->batch_loss, r->n_batches, &r->batch_cap, sizeof(float))) return -1;
  r->batch_loss[r->n_batches++] = loss;
  return 0;
}

int ur_run_add_epoch(ur_run *r, const ur_run_epoch_stats *e) {
  if (r->n_epochs >= UR_RUN_MAX_EPOCHS || grow((void **)&r->epochs, r->n_epochs, &r->epoch_cap, sizeof *e)) return -1;
  r->epochs[r->n_epochs++] = *e;
  return 0;
}

int ur_run_set_model(ur_run *r, const ur_model *m) {
  size_t len;
  unsigned char *b = ur_model_serialize(m, &len);
  if (!b) return -1;
  free(r->model);
  r->model = b;
  r->model_len = len;
  r->input = m->input;
  r->n_layers = m->n_layers;
  for (int i = 0; i < m->n_layers; i++) r->layers[i] = m->layers[i].spec;
  return 0;
}

ur_model *ur_run_model(const ur_run *r, char *err, size_t errlen) {
  if (!r->model || !r->model_len) {
    snprintf(err, errlen, "the run \"%s\" holds no weights", r->name);
    return NULL;
  }
  return ur_model_deserialize(r->model, r->model_len, err, errlen);
}

size_t ur_run_param_count(const ur_run *r) {
  ur_shape s = r->input;
  size_t n = 0;
  for (int i = 0; i < r->n_layers; i++) {
    ur_shape out;
    if (ur_spec_output_shape(&r->layers[i], s, &out, NULL, 0)) return 0;
    n += ur_spec_param_count(&r->layers[i], s);
    s = out;
  }
  return n;
}

void ur_run_summary(const ur_run *r, char *buf, size_t len) {
  size_t o = 0;
  if (len) buf[0] = 0;
  /* a run of identical layers reads as one: "Conv1D 20×8" */
  for (int i = 0, k = 0; i < r->n_layers && o + 1 < len; i += k) {
    const ur_layer_spec *s = &r->layers[i];
    for (k = 1; i + k < r->n_layers && r->layers[i + k].kind == s->kind && r->layers[i + k].units == s->units; k++) {}
    const char *name = s->kind == UR_TIME_DISTRIBUTED ? "TD(Dense)" : ur_kind_name(s->kind);
    int has_units = s->kind != UR_FLATTEN && s->kind != UR_DROPOUT && s->kind != UR_LAYER_NORM &&
                    s->kind != UR_BATCH_NORM;
    char units[16] = "", times[16] = "";
    if (has_units) snprintf(units, sizeof units, " %d", s->units);
    if (k > 1) snprintf(times, sizeof times, "×%d", k);
    int n = snprintf(buf + o, len - o, "%s%s%s%s", i ? " › " : "", name, units, times);
    if (n < 0) break;
    o += (size_t)n;
  }
  if (o >= len && len > 4) { /* cut on a character boundary, then "…" (3 bytes in UTF-8) */
    size_t p = len - 4;
    while (p > 0 && ((unsigned char)buf[p] & 0xC0) == 0x80) p--;
    strcpy(buf + p, "…");
  }
}

double ur_run_skill(const ur_run *r, double baseline_mse) {
  if (!isfinite(r->val_last_mse) || !(baseline_mse > 0)) return NAN;
  return 1.0 - r->val_last_mse / baseline_mse;
}

/* ---- training ---------------------------------------------------------- */

typedef struct {
  ur_run *run;
  ur_progress_fn fn;
  void *user;
  int oom;
} exec_ctx;

/* Records the history in the run, then hands the progress on. */
static int exec_progress(const ur_progress *p, void *user) {
  exec_ctx *x = user;
  if (p->kind == UR_PROGRESS_BATCH) {
    x->run->batches_per_epoch = p->batches;
    if (ur_run_add_batch(x->run, (float)p->batch_loss)) x->oom = 1;
  } else {
    ur_run_epoch_stats e = {p->loss, p->val_loss, p->val.mse, p->val.last_mse, p->lr, p->epoch_seconds};
    if (ur_run_add_epoch(x->run, &e)) x->oom = 1;
  }
  if (x->oom) return 1;
  return x->fn ? x->fn(p, x->user) : 0;
}

static int baselines(const ur_book_data *d, ur_run *run, char *err, size_t errlen) {
  int H = ur_baseline_outputs(&d->valid);
  float *y = malloc(sizeof(float) * ((size_t)d->valid.n * H + 1));
  ur_linear_baseline lb;
  if (!y) return set_err(err, errlen, "out of memory for the baselines");
  ur_naive_predict(&d->valid, y);
  run->naive_mse = ur_baseline_mse(&d->valid, y);
  if (ur_linear_fit(&lb, &d->train, err, errlen) != 0) {
    free(y);
    return -1;
  }
  ur_linear_predict(&lb, &d->valid, y);
  run->linear_mse = ur_baseline_mse(&d->valid, y);
  ur_linear_free(&lb);
  free(y);
  return 0;
}

int ur_run_execute(ur_run *run, const ur_model *start, ur_progress_fn fn, void *user, char *err, size_t errlen) {
  if (run->data.csv.path[0]) return ur_run_execute_csv(run, &run->data.csv, start, fn, user, err, errlen);
  ur_book_data d;
  const ur_run_data *s = &run->data;
  if (ur_book_data_make(&d, s->task, s->seed, s->n_series, s->n_steps, s->horizon) != 0)
    return set_err(err, errlen, "out of memory making the data");
  int rc = -1;
  ur_model *m = NULL;
  ur_train_result res;
  memset(&res, 0, sizeof res);
  if (baselines(&d, run, err, errlen)) goto done;
  if (start) m = ur_model_clone(start);
  else if ((m = ur_model_new(run->input, run->layers, run->n_layers, err, errlen))) ur_model_init(m, run->train.seed);
  if (!m) {
    if (start) set_err(err, errlen, "out of memory copying the model");
    goto done;
  }
  exec_ctx x = {run, fn, user, 0};
  if (ur_train(m, &run->train, &d.train, &d.valid, exec_progress, &x, &res) != 0) {
    set_err(err, errlen, "%s", res.message);
    goto done;
  }
  ur_metrics vm;
  if (x.oom || ur_evaluate(m, &d.valid, run->train.loss, NULL, &vm) != 0 || ur_run_set_model(run, m) != 0) {
    set_err(err, errlen, "out of memory recording the run");
    goto done;
  }
  run->val_mse = vm.mse;
  run->val_last_mse = vm.last_mse;
  run->seconds = res.seconds_total;
  snprintf(run->stop, sizeof run->stop, "%s", ur_stop_reason_name(res.reason));
  rc = 0;
done:
  ur_train_result_free(&res);
  ur_model_free(m);
  ur_book_data_free(&d);
  return rc;
}

/* ---- writing ---------------------------------------------------------- */

typedef struct {
  char *buf;
  size_t len, cap;
  int oom;
} sbuf;

static void sb_add(sbuf *s, const char *fmt, ...) {
  if (s->oom) return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s->buf + s->len, s->cap - s->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
      s->oom = 1;
      return;
    }
    if ((size_t)n < s->cap - s->len) {
      s->len += (size_t)n;
      return;
    }
    size_t cap = s->cap * 2 > s->len + (size_t)n + 1 ? s->cap * 2 : s->len + (size_t)n + 1024;
    char *nb = realloc(s->buf, cap);
    if (!nb) {
      s->oom = 1;
      return;
    }
    s->buf = nb;
    s->cap = cap;
  }
}

/* Percent-escapes a name into one word with no '=' (as project.c). */
static void escape(const char *in, char *out, size_t outlen) {
  static const char hex[] = "0123456789ABCDEF";
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)in; *p && o + 4 < outlen; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-_.+,()/:", *p)) {
      out[o++] = (char)*p;
    } else {
      out[o++] = '%';
      out[o++] = hex[*p >> 4];
      out[o++] = hex[*p & 15];
    }
  }
  out[o] = 0;
}

int ur_train_settings_format(const ur_train_config *t, char *buf, size_t len) {
  int n = snprintf(buf, len,
                   "optimizer=%s lr=%.9g momentum=%.9g nesterov=%d beta1=%.9g beta2=%.9g epsilon=%.9g rho=%.9g "
                   "clipnorm=%.9g clipvalue=%.9g loss=%s epochs=%d batch=%d seed=%u shuffle=%d early_stopping=%d "
                   "restore_best=%d reduce_lr_patience=%d reduce_lr_factor=%.9g min_lr=%.9g",
                   ur_optimizer_name(t->optim.kind), t->optim.lr, t->optim.momentum, t->optim.nesterov,
                   t->optim.beta1, t->optim.beta2, t->optim.epsilon, t->optim.rho, t->optim.clipnorm,
                   t->optim.clipvalue, ur_loss_name(t->loss), t->epochs, t->batch_size, (unsigned)t->seed, t->shuffle,
                   t->early_stopping, t->restore_best, t->reduce_lr_patience, t->reduce_lr_factor, t->min_lr);
  return n > 0 && (size_t)n < len ? 0 : -1;
}

static const char *task_id(ur_task t) {
  static const char *ids[] = {"one_step", "vector", "seq2seq", "seq2seq_conv"};
  return (unsigned)t < 4 ? ids[t] : "?";
}
static int task_from_id(const char *id) {
  static const char *ids[] = {"one_step", "vector", "seq2seq", "seq2seq_conv"};
  for (int i = 0; i < 4; i++)
    if (!strcmp(id, ids[i])) return i;
  return -1;
}

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

int ur_run_data_format(const ur_run_data *d, char *buf, size_t len) {
  int n = snprintf(buf, len, "seed=%u series=%d steps=%d horizon=%d task=%s", (unsigned)d->seed, d->n_series,
                   d->n_steps, d->horizon, task_id(d->task));
  return n > 0 && (size_t)n < len ? 0 : -1;
}

char *ur_run_serialize(const ur_run *r, size_t *len) {
  sbuf s = {malloc(4096), 0, 4096, 0};
  if (!s.buf) return NULL;
  char a[256], b[96], c[96], line[MAX_LINE];
  escape(r->name, a, sizeof a);
  escape(r->preset, b, sizeof b);
  escape(r->stop, c, sizeof c);
  sb_add(&s, "run name=%s preset=%s stop=%s epochs=%d seconds=%.17g colour=%d\n", a, b, c, r->n_epochs, r->seconds,
         r->colour);
  if (ur_run_data_format(&r->data, line, sizeof line)) s.oom = 1;
  sb_add(&s, "data %s\n", line);
  if (r->data.csv.path[0]) {
    if (ur_csv_source_format(&r->data.csv, line, sizeof line)) s.oom = 1;
    sb_add(&s, "csv %s\n", line);
  }
  sb_add(&s, "input %d %d\n", r->input.steps, r->input.features);
  if (ur_train_settings_format(&r->train, line, sizeof line)) s.oom = 1;
  sb_add(&s, "train %s\n", line);
  for (int i = 0; i < r->n_layers; i++) {
    if (ur_spec_format(&r->layers[i], line, sizeof line)) s.oom = 1;
    sb_add(&s, "layer %s\n", line);
  }
  sb_add(&s, "metrics val_mse=%.17g val_last_mse=%.17g naive_mse=%.17g linear_mse=%.17g\n", r->val_mse,
         r->val_last_mse, r->naive_mse, r->linear_mse);
  for (int e = 0; e < r->n_epochs; e++) {
    const ur_run_epoch_stats *h = &r->epochs[e];
    sb_add(&s, "history epoch=%d loss=%.17g val_loss=%.17g val_mse=%.17g val_last_mse=%.17g lr=%.17g seconds=%.17g\n",
           e + 1, h->loss, h->val_loss, h->val_mse, h->val_last_mse, h->lr, h->seconds);
  }
  if (r->n_batches > 0) {
    sb_add(&s, "batches per_epoch=%d count=%d\n", r->batches_per_epoch, r->n_batches);
    for (int i = 0; i < r->n_batches; i++)
      sb_add(&s, "%.9g%c", r->batch_loss[i], (i % BATCHES_PER_LINE == BATCHES_PER_LINE - 1 || i == r->n_batches - 1) ? '\n' : ' ');
  }
  if (r->model_len) {
    size_t n;
    char *enc = ur_base64_encode(r->model, r->model_len, &n);
    if (!enc) s.oom = 1;
    sb_add(&s, "model %zu %08x\n", r->model_len, ur_fnv1a32(r->model, r->model_len));
    for (size_t i = 0; enc && i < n; i += 76) sb_add(&s, "%.*s\n", (int)(n - i < 76 ? n - i : 76), enc + i);
    free(enc);
  }
  sb_add(&s, "end\n");
  if (s.oom) {
    free(s.buf);
    return NULL;
  }
  if (len) *len = s.len;
  return s.buf;
}

/* ---- CSV -------------------------------------------------------------- */

static void csv_num(sbuf *s, double v) {
  if (isfinite(v)) sb_add(s, ",%.9g", v);
  else sb_add(s, ",");
}

static void csv_epoch(sbuf *s, const ur_run *r, int e) {
  if (e < 0 || e >= r->n_epochs) {
    sb_add(s, ",,,,,");
    sb_add(s, ",");
    return;
  }
  const ur_run_epoch_stats *h = &r->epochs[e];
  csv_num(s, h->loss); csv_num(s, h->val_loss); csv_num(s, h->val_mse); csv_num(s, h->val_last_mse);
  csv_num(s, h->lr); csv_num(s, h->seconds);
}

char *ur_run_history_csv(const ur_run *r, size_t *len) {
  sbuf s = {malloc(4096), 0, 4096, 0};
  if (!s.buf) return NULL;
  sb_add(&s, "epoch,batch,step,batch_loss,loss,val_loss,val_mse,val_last_mse,lr,seconds\n");
  int per = r->batches_per_epoch;
  if (r->n_batches > 0 && per > 0) {
    for (int i = 0; i < r->n_batches && !s.oom; i++) {
      int e = i / per, b = i % per + 1;
      sb_add(&s, "%d,%d,%.6f", e + 1, b, e + (double)b / per);
      csv_num(&s, r->batch_loss[i]);
      csv_epoch(&s, r, b == per ? e : -1);
      sb_add(&s, "\n");
    }
  } else {
    for (int e = 0; e < r->n_epochs && !s.oom; e++) {
      sb_add(&s, "%d,,%d,", e + 1, e + 1);
      csv_epoch(&s, r, e);
      sb_add(&s, "\n");
    }
  }
  if (s.oom) {
    free(s.buf);
    return NULL;
  }
  if (len) *len = s.len;
  return s.buf;
}

/* ---- reading ---------------------------------------------------------- */

typedef struct {
  const char *buf;
  size_t len, pos;
  int lineno;
  char line[MAX_LINE];
  char *err;
  size_t errlen;
} reader;

static int rfail(reader *r, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (r->err && r->errlen) snprintf(r->err, r->errlen, "line %d: %s", r->lineno, msg);
  return -1;
}

/* Next line into r->line: 1, 0 at the end of the buffer, -1 on a bad line. */
static int next_line(reader *r) {
  if (r->pos >= r->len) return 0;
  r->lineno++;
  size_t k = 0;
  while (r->pos < r->len && r->buf[r->pos] != '\n') {
    char c = r->buf[r->pos++];
    if (c == 0) return rfail(r, "a NUL byte: this is not text");
    if (k + 1 >= MAX_LINE) return rfail(r, "the line is longer than %d characters", MAX_LINE - 1);
    r->line[k++] = c;
  }
  if (r->pos < r->len) r->pos++;
  if (k > 0 && r->line[k - 1] == '\r') k--;
  r->line[k] = 0;
  return 1;
}

static int split(char *line, char **words) {
  int n = 0;
  char *save = NULL;
  for (char *w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
    if (n == MAX_WORDS) return -1;
    words[n++] = w;
  }
  return n;
}

static int get_int(const char *v, long lo, long hi, int *out) {
  char *end;
  errno = 0;
  long x = strtol(v, &end, 10);
  if (errno || end == v || *end || x < lo || x > hi) return -1;
  *out = (int)x;
  return 0;
}
static int get_u32(const char *v, uint32_t *out) {
  if (*v == '-' || *v == '+') return -1;
  char *end;
  errno = 0;
  unsigned long long x = strtoull(v, &end, 10);
  if (errno || end == v || *end || x > 0xffffffffULL) return -1;
  *out = (uint32_t)x;
  return 0;
}
/* A finite number in [lo, hi] (lo_open: lo itself excluded). */
static int get_float(const char *v, double lo, double hi, int lo_open, float *out) {
  char *end;
  double x = strtod(v, &end);
  if (end == v || *end || !isfinite(x) || x < lo || x > hi || (lo_open && x == lo)) return -1;
  *out = (float)x;
  return 0;
}
/* Any double: metrics may be NaN (no validation set) or infinite (diverged). */
static int get_double(const char *v, double *out) {
  char *end;
  double x = strtod(v, &end);
  if (end == v || *end) return -1;
  *out = x;
  return 0;
}
static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
static int get_text(const char *v, char *out, size_t outlen) {
  size_t o = 0;
  for (const char *p = v; *p; p++) {
    int c = (unsigned char)*p;
    if (c == '%') {
      int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);
      if (hi < 0 || lo < 0) return -1;
      c = hi * 16 + lo;
      if (c == 0) return -1;
      p += 2;
    }
    if (o + 1 >= outlen) return -1;
    out[o++] = (char)c;
  }
  out[o] = 0;
  return 0;
}
static char *kv(char *word) {
  char *eq = strchr(word, '=');
  if (!eq) return NULL;
  *eq = 0;
  return eq + 1;
}


int ur_train_settings_parse(char **w, int n, ur_train_config *t, char *err, size_t errlen) {
  /* the optimizer first, wherever it is: it sets the defaults the other keys refine */
  for (int i = 0; i < n; i++)
    if (!strncmp(w[i], "optimizer=", 10)) {
      int o = ur_optimizer_from_name(w[i] + 10);
      if (o < 0) return set_err(err, errlen, "optimizer: expected sgd, adam, nadam or rmsprop, found \"%.40s\"", w[i] + 10);
      t->optim = ur_optim_default((ur_optimizer_kind)o);
    }
  for (int i = 0; i < n; i++) {
    char word[256];
    snprintf(word, sizeof word, "%s", w[i]);
    char *v = kv(word), *k = word;
    int bad = 0;
    const char *what = "";
    if (!v) return set_err(err, errlen, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "optimizer")) continue;
    if (!strcmp(k, "lr")) bad = get_float(v, 0, 10, 1, &t->optim.lr), what = "a learning rate in (0, 10]";
    else if (!strcmp(k, "momentum")) bad = get_float(v, 0, 0.999999, 0, &t->optim.momentum), what = "a number in [0, 1)";
    else if (!strcmp(k, "nesterov")) bad = get_int(v, 0, 1, &t->optim.nesterov), what = "0 or 1";
    else if (!strcmp(k, "beta1")) bad = get_float(v, 0, 0.999999, 0, &t->optim.beta1), what = "a number in [0, 1)";
    else if (!strcmp(k, "beta2")) bad = get_float(v, 0, 0.999999, 0, &t->optim.beta2), what = "a number in [0, 1)";
    else if (!strcmp(k, "epsilon")) bad = get_float(v, 0, 1, 1, &t->optim.epsilon), what = "a number in (0, 1]";
    else if (!strcmp(k, "rho")) bad = get_float(v, 0, 0.999999, 0, &t->optim.rho), what = "a number in [0, 1)";
    else if (!strcmp(k, "clipnorm")) bad = get_float(v, 0, 1e6, 0, &t->optim.clipnorm), what = "0 (off) or more";
    else if (!strcmp(k, "clipvalue")) bad = get_float(v, 0, 1e6, 0, &t->optim.clipvalue), what = "0 (off) or more";
    else if (!strcmp(k, "loss")) {
      int l = ur_loss_from_name(v);
      bad = l < 0, what = "mse, mae or huber";
      if (!bad) t->loss = (ur_loss_kind)l;
    } else if (!strcmp(k, "epochs")) bad = get_int(v, 1, 100000, &t->epochs), what = "a whole number from 1 to 100000";
    else if (!strcmp(k, "batch")) bad = get_int(v, 1, 1000000, &t->batch_size), what = "a whole number from 1 to 1000000";
    else if (!strcmp(k, "seed")) bad = get_u32(v, &t->seed), what = "a whole number from 0 to 4294967295";
    else if (!strcmp(k, "shuffle")) bad = get_int(v, 0, 1, &t->shuffle), what = "0 or 1";
    else if (!strcmp(k, "early_stopping")) bad = get_int(v, 0, 100000, &t->early_stopping), what = "a patience from 0 (off) to 100000";
    else if (!strcmp(k, "restore_best")) bad = get_int(v, 0, 1, &t->restore_best), what = "0 or 1";
    else if (!strcmp(k, "reduce_lr_patience")) bad = get_int(v, 0, 100000, &t->reduce_lr_patience), what = "a patience from 0 (off) to 100000";
    else if (!strcmp(k, "reduce_lr_factor")) bad = get_float(v, 0, 1, 1, &t->reduce_lr_factor), what = "a factor in (0, 1]";
    else if (!strcmp(k, "min_lr")) bad = get_float(v, 0, 10, 0, &t->min_lr), what = "0 or more";
    else return set_err(err, errlen, "unknown training setting \"%.40s\"", k);
    if (bad) return set_err(err, errlen, "%s: expected %s, found \"%.40s\"", k, what, v);
  }
  return 0;
}

int ur_run_data_parse(char **w, int n, ur_run_data *d, char *err, size_t errlen) {
  for (int i = 0; i < n; i++) {
    char word[256];
    snprintf(word, sizeof word, "%s", w[i]);
    char *v = kv(word), *k = word;
    int bad = 0;
    const char *what = "";
    if (!v) return set_err(err, errlen, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "seed")) bad = get_u32(v, &d->seed), what = "a whole number from 0 to 4294967295";
    else if (!strcmp(k, "series")) bad = get_int(v, 10, 10000000, &d->n_series), what = "a whole number from 10 to 10000000";
    else if (!strcmp(k, "steps")) bad = get_int(v, 1, 100000, &d->n_steps), what = "a whole number from 1 to 100000";
    else if (!strcmp(k, "horizon")) bad = get_int(v, 1, 1000, &d->horizon), what = "a whole number from 1 to 1000";
    else if (!strcmp(k, "task")) {
      int t = task_from_id(v);
      bad = t < 0, what = "one_step, vector, seq2seq or seq2seq_conv";
      if (!bad) d->task = (ur_task)t;
    } else return set_err(err, errlen, "unknown data setting \"%.40s\"", k);
    if (bad) return set_err(err, errlen, "%s: expected %s, found \"%.40s\"", k, what, v);
  }
  return 0;
}

static int parse_head(reader *r, char **w, int n, ur_run *run) {
  for (int i = 1; i < n; i++) {
    char *v = kv(w[i]), *k = w[i];
    int bad = 0, epochs;
    if (!v) return rfail(r, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "name")) bad = get_text(v, run->name, sizeof run->name);
    else if (!strcmp(k, "preset")) bad = get_text(v, run->preset, sizeof run->preset);
    else if (!strcmp(k, "stop")) bad = get_text(v, run->stop, sizeof run->stop);
    else if (!strcmp(k, "epochs")) bad = get_int(v, 0, UR_RUN_MAX_EPOCHS, &epochs); /* informative: history counts */
    else if (!strcmp(k, "seconds")) bad = get_double(v, &run->seconds);
    else if (!strcmp(k, "colour")) bad = get_int(v, 0, 1 << 20, &run->colour);
    else if (!strcmp(k, "val_mse")) bad = get_double(v, &run->val_mse);       /* older project files */
    else if (!strcmp(k, "val_last_mse")) bad = get_double(v, &run->val_last_mse);
    else return rfail(r, "unknown run setting \"%.40s\"", k);
    if (bad) return rfail(r, "%s: bad value \"%.40s\"", k, v);
  }
  return 0;
}

static int parse_metrics(reader *r, char **w, int n, ur_run *run) {
  for (int i = 1; i < n; i++) {
    char *v = kv(w[i]), *k = w[i];
    double *dst = NULL;
    if (!v) return rfail(r, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "val_mse")) dst = &run->val_mse;
    else if (!strcmp(k, "val_last_mse")) dst = &run->val_last_mse;
    else if (!strcmp(k, "naive_mse")) dst = &run->naive_mse;
    else if (!strcmp(k, "linear_mse")) dst = &run->linear_mse;
    else return rfail(r, "unknown metric \"%.40s\"", k);
    if (get_double(v, dst)) return rfail(r, "%s: bad value \"%.40s\"", k, v);
  }
  return 0;
}

static int parse_history(reader *r, char **w, int n, ur_run *run) {
  ur_run_epoch_stats h = {NAN, NAN, NAN, NAN, NAN, NAN};
  for (int i = 1; i < n; i++) {
    char *v = kv(w[i]), *k = w[i];
    int bad = 0;
    if (!v) return rfail(r, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "epoch")) {
      int e;
      bad = get_int(v, 1, UR_RUN_MAX_EPOCHS, &e);
      if (!bad && e != run->n_epochs + 1) return rfail(r, "expected epoch=%d, found epoch=%d", run->n_epochs + 1, e);
    } else if (!strcmp(k, "loss")) bad = get_double(v, &h.loss);
    else if (!strcmp(k, "val_loss")) bad = get_double(v, &h.val_loss);
    else if (!strcmp(k, "val_mse")) bad = get_double(v, &h.val_mse);
    else if (!strcmp(k, "val_last_mse")) bad = get_double(v, &h.val_last_mse);
    else if (!strcmp(k, "lr")) bad = get_double(v, &h.lr);
    else if (!strcmp(k, "seconds")) bad = get_double(v, &h.seconds);
    else return rfail(r, "unknown history field \"%.40s\"", k);
    if (bad) return rfail(r, "%s: bad value \"%.40s\"", k, v);
  }
  if (run->n_epochs >= UR_RUN_MAX_EPOCHS) return rfail(r, "more than %d epochs in one run", UR_RUN_MAX_EPOCHS);
  if (ur_run_add_epoch(run, &h)) return rfail(r, "out of memory");
  return 0;
}

/* "batches per_epoch=P count=N", then N numbers over the following lines. */
static int parse_batches(reader *r, char **w, int n, ur_run *run) {
  int per = 0, count = -1;
  if (run->n_batches) return rfail(r, "a second \"batches\" section");
  for (int i = 1; i < n; i++) {
    char *v = kv(w[i]), *k = w[i];
    if (!v) return rfail(r, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "per_epoch")) {
      if (get_int(v, 1, UR_RUN_MAX_BATCHES, &per)) return rfail(r, "per_epoch: expected a whole number from 1 to %d", UR_RUN_MAX_BATCHES);
    } else if (!strcmp(k, "count")) {
      if (get_int(v, 0, UR_RUN_MAX_BATCHES, &count)) return rfail(r, "count: expected a whole number from 0 to %d", UR_RUN_MAX_BATCHES);
    } else return rfail(r, "unknown batches field \"%.40s\"", k);
  }
  if (!per || count < 0) return rfail(r, "expected \"batches per_epoch=<n> count=<n>\"");
  /* every number takes at least two bytes ("0 "): refuse counts the rest of the text cannot hold */
  if ((size_t)count > (r->len - r->pos) / 2 + 1) return rfail(r, "%d batch losses announced, but the text is too short", count);
  run->batches_per_epoch = per;
  run->batch_loss = malloc(sizeof(float) * ((size_t)count + 1));
  if (!run->batch_loss) return rfail(r, "out of memory");
  run->batch_cap = count + 1;
  while (run->n_batches < count) {
    int rc = next_line(r);
    if (rc < 0) return -1;
    if (rc == 0) return rfail(r, "the text ends after %d of %d batch losses", run->n_batches, count);
    char *ws[MAX_WORDS];
    int m = split(r->line, ws);
    if (m <= 0) return rfail(r, m < 0 ? "more than %d numbers on one line" : "an empty line among the batch losses", MAX_WORDS);
    if (run->n_batches + m > count) return rfail(r, "more batch losses than the %d announced", count);
    for (int i = 0; i < m; i++) {
      double x;
      if (get_double(ws[i], &x)) return rfail(r, "a batch loss should be a number, found \"%.40s\"", ws[i]);
      run->batch_loss[run->n_batches++] = (float)x;
    }
  }
  return 0;
}

/* "model <bytes> <sum>", then the base64 lines through the "end" that closes the run. */
static int parse_model(reader *r, char **w, int n, ur_run *run) {
  int bytes;
  unsigned long sum;
  char *end;
  if (n != 3 || get_int(w[1], 1, (long)UR_RUN_MAX_MODEL_BYTES, &bytes) || strlen(w[2]) != 8)
    return rfail(r, "expected \"model <bytes> <checksum>\"");
  errno = 0;
  sum = strtoul(w[2], &end, 16);
  if (*end || errno) return rfail(r, "expected \"model <bytes> <checksum>\"");
  size_t enc_len = ((size_t)bytes + 2) / 3 * 4, have = 0;
  if (enc_len > r->len - r->pos) return rfail(r, "the model's %d bytes do not fit in what is left of the text", bytes);
  char *enc = malloc(enc_len + 1);
  run->model = malloc(enc_len / 4 * 3 + 3);
  if (!enc || !run->model) {
    free(enc);
    return rfail(r, "out of memory");
  }
  int rc;
  while ((rc = next_line(r)) == 1) {
    size_t l = strlen(r->line);
    if (!strcmp(r->line, "end")) break;
    if (have + l > enc_len) {
      free(enc);
      return rfail(r, "more base64 than the %d bytes announced", bytes);
    }
    memcpy(enc + have, r->line, l);
    have += l;
  }
  if (rc <= 0) {
    free(enc);
    return rc < 0 ? -1 : rfail(r, "the text ends inside the run's model (truncated file?)");
  }
  size_t got = 0;
  if (have != enc_len || ur_base64_decode(enc, have, run->model, &got) || got != (size_t)bytes) {
    free(enc);
    return rfail(r, "the run's model is not %d bytes of valid base64", bytes);
  }
  free(enc);
  run->model_len = got;
  if (ur_fnv1a32(run->model, got) != (uint32_t)sum)
    return rfail(r, "the run's model does not match its checksum: the file is damaged");
  return 0;
}

/* What the body of a run holds, checked once its "end" is read. */
static int check_run(reader *r, ur_run *run) {
  if (run->batches_per_epoch > 0 && run->n_batches > 0 &&
      (long long)run->n_batches > (long long)run->batches_per_epoch * (run->n_epochs + 1))
    return rfail(r, "the run has %d batch losses, more than its %d epochs of %d batches hold", run->n_batches,
                 run->n_epochs + 1, run->batches_per_epoch);
  if (run->model_len) {
    char why[256];
    ur_model *m = ur_model_deserialize(run->model, run->model_len, why, sizeof why);
    if (!m) return rfail(r, "the run's model: %s", why);
    int same = m->n_layers == run->n_layers || run->n_layers == 0;
    for (int i = 0; same && i < run->n_layers; i++) same = m->layers[i].spec.kind == run->layers[i].kind;
    if (same && run->n_layers == 0) { /* an older run without its stack: take the model's */
      run->input = m->input;
      run->n_layers = m->n_layers;
      for (int i = 0; i < m->n_layers; i++) run->layers[i] = m->layers[i].spec;
    }
    ur_model_free(m);
    if (!same) return rfail(r, "the run's layers do not match the layers of its model");
  }
  return 0;
}

int ur_run_parse(const char *buf, size_t len, int first_line, ur_run *run, size_t *consumed, int *lines, char *err,
                 size_t errlen) {
  reader *r = calloc(1, sizeof *r);
  char *w[MAX_WORDS];
  int rc, done = 0;
  ur_run_init(run);
  if (!r) return set_err(err, errlen, "out of memory");
  r->buf = buf;
  r->len = len;
  r->lineno = first_line - 1;
  r->err = err;
  r->errlen = errlen;
  rc = next_line(r);
  if (rc <= 0) {
    if (rc == 0) {
      r->lineno = first_line;
      rfail(r, "expected a run");
    }
    goto fail;
  }
  int n = split(r->line, w);
  if (n < 1 || strcmp(w[0], "run")) {
    rfail(r, n < 0 ? "more than %d words" : "expected \"run name=...\"", MAX_WORDS);
    goto fail;
  }
  if (parse_head(r, w, n, run)) goto fail;
  while (!done && (rc = next_line(r)) == 1) {
    if (r->line[0] == '#') continue;
    n = split(r->line, w);
    if (n < 0) {
      rfail(r, "more than %d words", MAX_WORDS);
      goto fail;
    }
    if (n == 0) continue;
    const char *s = w[0];
    char why[320];
    int bad = 0;
    if (!strcmp(s, "end") && n == 1) done = 1;
    else if (!strcmp(s, "data")) {
      if (ur_run_data_parse(w + 1, n - 1, &run->data, why, sizeof why)) bad = rfail(r, "%s", why);
    } else if (!strcmp(s, "csv")) {
      if (ur_csv_source_parse(w + 1, n - 1, &run->data.csv, why, sizeof why)) bad = rfail(r, "csv: %s", why);
    } else if (!strcmp(s, "train")) {
      if (ur_train_settings_parse(w + 1, n - 1, &run->train, why, sizeof why)) bad = rfail(r, "%s", why);
    } else if (!strcmp(s, "input")) {
      if (n != 3 || get_int(w[1], 0, 100000, &run->input.steps) || get_int(w[2], 1, 100000, &run->input.features))
        bad = rfail(r, "expected \"input <steps> <features>\", steps from 0 and features from 1, up to 100000");
    } else if (!strcmp(s, "layer")) {
      char joined[MAX_LINE];
      size_t o = 0;
      for (int i = 1; i < n; i++) o += (size_t)snprintf(joined + o, sizeof joined - o, "%s%s", i > 1 ? " " : "", w[i]);
      joined[o] = 0;
      if (run->n_layers >= UR_MAX_LAYERS) bad = rfail(r, "more than %d layers", UR_MAX_LAYERS);
      else if (n < 2 || ur_spec_parse(joined, &run->layers[run->n_layers], why, sizeof why))
        bad = rfail(r, "%s", n < 2 ? "expected \"layer <kind> key=value ...\"" : why);
      else run->n_layers++;
    } else if (!strcmp(s, "metrics")) bad = parse_metrics(r, w, n, run);
    else if (!strcmp(s, "history")) bad = parse_history(r, w, n, run);
    else if (!strcmp(s, "batches")) bad = parse_batches(r, w, n, run);
    else if (!strcmp(s, "model")) {
      bad = parse_model(r, w, n, run);
      done = !bad; /* the model's reader consumed the "end" */
    } else bad = rfail(r, "unknown run section \"%.40s\"", s);
    if (bad) goto fail;
  }
  if (rc < 0) goto fail;
  if (!done) {
    rfail(r, "the text ends inside a run (no \"end\"): truncated file?");
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
