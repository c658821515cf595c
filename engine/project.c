/* project.c: the project file format of project.h.
 *
 * The reader works on lines it copies into a fixed buffer, so no input can
 * make it read past the end of the file or write past a field; every number
 * goes through a range-checked parser; the first problem ends the parse with
 * its line number.
 */
#include "project.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "experiment.h"
#include "model_io.h"

#define MAX_LINE 16384 /* a CSV source's line: a path and up to 16 column names, escaped */
#define MAX_WORDS 64

/* ---- tasks ------------------------------------------------------------ */

static const char *task_ids[] = {"one_step", "vector", "seq2seq", "seq2seq_conv"};
static const char *task_words[] = {
    "the next value",
    "the next values as one vector",
    "the next values at every time step",
    "the next values at every second step from step 4",
};

const char *ur_task_id(ur_task t) { return (unsigned)t < 4 ? task_ids[t] : "?"; }
const char *ur_task_describe(ur_task t) { return (unsigned)t < 4 ? task_words[t] : "?"; }
int ur_task_from_id(const char *id) {
  for (int i = 0; id && i < 4; i++)
    if (!strcmp(id, task_ids[i])) return i;
  return -1;
}

/* ---- life cycle ------------------------------------------------------- */

void ur_project_init(ur_project *p) {
  memset(p, 0, sizeof *p);
  p->data = (ur_data_settings){.seed = 42, .n_series = 10000, .n_steps = 50, .horizon = 1, .task = UR_TASK_ONE_STEP};
  ur_csv_source_init(&p->data.csv);
  p->input = (ur_shape){50, 1};
  ur_train_config_default(&p->train);
}

void ur_project_clear(ur_project *p) {
  for (int i = 0; i < p->n_runs; i++) ur_run_clear(&p->runs[i]);
  free(p->runs);
  ur_project_init(p);
}

int ur_project_copy(ur_project *dst, const ur_project *src) {
  *dst = *src;
  dst->runs = NULL;
  dst->n_runs = 0;
  if (src->n_runs == 0) return 0;
  dst->runs = calloc((size_t)src->n_runs, sizeof *dst->runs);
  if (!dst->runs) return -1;
  for (int i = 0; i < src->n_runs; i++) {
    if (ur_run_copy(&dst->runs[i], &src->runs[i]) != 0) goto oom;
    dst->n_runs = i + 1;
  }
  return 0;
oom:
  ur_project_clear(dst);
  return -1;
}

int ur_project_apply_preset(ur_project *p, const ur_preset *preset) {
  if (!preset || preset->kind == UR_PRESET_NAIVE || preset->kind == UR_PRESET_LINEAR_EXACT ||
      preset->n_layers < 1)
    return -1;
  ur_experiment_config c;
  ur_experiment_config_default(&c, preset);
  snprintf(p->preset, sizeof p->preset, "%s", preset->name);
  if (p->data.csv.path[0]) { /* a user's series stays; the preset is adapted to it */
    p->train = c.train;
    p->n_layers = preset->n_layers;
    memcpy(p->layers, preset->layers, sizeof p->layers[0] * (size_t)preset->n_layers);
    ur_csv_source src = p->data.csv;
    /* its kind of target, as ur_experiment_run_series: a sequence to
     * sequence preset's, else a vector when the horizon is above 1 */
    ur_task task = ur_preset_train_task(preset);
    src.cfg.kind = task == UR_TASK_SEQ2SEQ || task == UR_TASK_SEQ2SEQ_CONV ? UR_TARGET_SEQ2SEQ
                   : src.cfg.horizon > 1                                  ? UR_TARGET_VECTOR
                                                                          : UR_TARGET_ONE_STEP;
    return ur_project_set_csv(p, &src);
  }
  p->data.seed = c.seed;
  p->data.n_series = c.n_series;
  p->data.n_steps = c.n_steps;
  p->data.task = ur_preset_train_task(preset);
  p->data.horizon = p->data.task == UR_TASK_ONE_STEP ? 1 : preset->horizon;
  p->input = (ur_shape){c.n_steps, 1};
  p->train = c.train;
  p->n_layers = preset->n_layers;
  memcpy(p->layers, preset->layers, sizeof p->layers[0] * (size_t)preset->n_layers);
  return 0;
}

int ur_project_set_csv(ur_project *p, const ur_csv_source *src) {
  if (!src) {
    ur_run_data_set_csv(&p->data, NULL);
    p->input.features = 1;
    return 0;
  }
  if (!src->path[0] || !src->target[0] || src->cfg.lookback < 1 || src->n_inputs >= UR_SERIES_MAX_FEATURES)
    return -1;
  ur_run_data_set_csv(&p->data, src);
  p->input = (ur_shape){src->cfg.lookback, ur_csv_source_features(src)};
  /* the last layer forecasts the horizon, as ur_experiment_run_series adapts a preset */
  if (p->n_layers > 0) {
    ur_layer_spec *last = &p->layers[p->n_layers - 1];
    if (last->kind == UR_DENSE || last->kind == UR_TIME_DISTRIBUTED || last->kind == UR_CONV1D)
      last->units = p->data.horizon;
  }
  return 0;
}

/* ---- base64 ----------------------------------------------------------- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *ur_base64_encode(const unsigned char *d, size_t len, size_t *outlen) {
  size_t n = (len + 2) / 3 * 4;
  char *out = malloc(n + 1), *q = out;
  if (!out) return NULL;
  for (size_t i = 0; i < len; i += 3) {
    unsigned v = (unsigned)d[i] << 16 | (i + 1 < len ? (unsigned)d[i + 1] << 8 : 0) | (i + 2 < len ? d[i + 2] : 0);
    *q++ = b64[v >> 18 & 63];
    *q++ = b64[v >> 12 & 63];
    *q++ = i + 1 < len ? b64[v >> 6 & 63] : '=';
    *q++ = i + 2 < len ? b64[v & 63] : '=';
  }
  *q = 0;
  if (outlen) *outlen = n;
  return out;
}

static int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int ur_base64_decode(const char *t, size_t len, unsigned char *out, size_t *outlen) {
  if (len % 4) return -1;
  size_t o = 0;
  for (size_t i = 0; i < len; i += 4) {
    int pad = (t[i + 3] == '=') + (t[i + 2] == '=' && t[i + 3] == '=');
    if (pad && i + 4 != len) return -1; /* padding only at the very end */
    int a = b64_value(t[i]), b = b64_value(t[i + 1]);
    int c = pad >= 2 ? 0 : b64_value(t[i + 2]), d = pad >= 1 ? 0 : b64_value(t[i + 3]);
    if (a < 0 || b < 0 || c < 0 || d < 0) return -1;
    unsigned v = (unsigned)a << 18 | (unsigned)b << 12 | (unsigned)c << 6 | (unsigned)d;
    out[o++] = (unsigned char)(v >> 16);
    if (pad < 2) out[o++] = (unsigned char)(v >> 8);
    if (pad < 1) out[o++] = (unsigned char)v;
  }
  *outlen = o;
  return 0;
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

/* Percent-escapes a name so that it is one word without '=' in a line. */
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

/* The shortest decimal that reads back as the same float ("0.001", not
 * "0.00100000005"), so files stay readable and round trips stay exact; a
 * small ring of buffers lets one printf format several. */
static const char *fnum(float v) {
  static _Thread_local char ring[24][32];
  static _Thread_local int next;
  char *b = ring[next++ % 24];
  for (int digits = 1; digits <= 9; digits++) {
    snprintf(b, 32, "%.*g", digits, (double)v);
    if ((float)strtod(b, NULL) == v) break;
  }
  return b;
}

char *ur_project_serialize(const ur_project *p, size_t *len) {
  sbuf s = {malloc(4096), 0, 4096, 0};
  if (!s.buf) return NULL;
  char esc[256], line[MAX_LINE];
  const ur_train_config *t = &p->train;
  sb_add(&s, "unroll-project 1\n");
  sb_add(&s, "# Unroll workbench project: see engine/project.h for the format.\n");
  if (p->preset[0]) {
    escape(p->preset, esc, sizeof esc);
    sb_add(&s, "preset name=%s\n", esc);
  }
  sb_add(&s, "data seed=%u series=%d steps=%d horizon=%d task=%s\n", (unsigned)p->data.seed, p->data.n_series,
         p->data.n_steps, p->data.horizon, ur_task_id(p->data.task));
  if (p->data.csv.path[0]) {
    if (ur_csv_source_format(&p->data.csv, line, sizeof line) != 0) s.oom = 1;
    sb_add(&s, "csv %s\n", line);
  }
  sb_add(&s, "input %d %d\n", p->input.steps, p->input.features);
  sb_add(&s,
         "train optimizer=%s lr=%s momentum=%s nesterov=%d beta1=%s beta2=%s epsilon=%s rho=%s "
         "clipnorm=%s clipvalue=%s loss=%s epochs=%d batch=%d seed=%u shuffle=%d early_stopping=%d "
         "restore_best=%d reduce_lr_patience=%d reduce_lr_factor=%s min_lr=%s\n",
         ur_optimizer_name(t->optim.kind), fnum(t->optim.lr), fnum(t->optim.momentum), t->optim.nesterov,
         fnum(t->optim.beta1), fnum(t->optim.beta2), fnum(t->optim.epsilon), fnum(t->optim.rho),
         fnum(t->optim.clipnorm), fnum(t->optim.clipvalue), ur_loss_name(t->loss), t->epochs, t->batch_size,
         (unsigned)t->seed, t->shuffle, t->early_stopping, t->restore_best, t->reduce_lr_patience,
         fnum(t->reduce_lr_factor), fnum(t->min_lr));
  for (int i = 0; i < p->n_layers; i++) {
    if (ur_spec_format(&p->layers[i], line, sizeof line) != 0) s.oom = 1;
    sb_add(&s, "layer %s\n", line);
  }
  for (int r = 0; r < p->n_runs && !s.oom; r++) { /* each run as run.c writes it */
    size_t n;
    char *block = ur_run_serialize(&p->runs[r], &n);
    if (!block) s.oom = 1;
    else sb_add(&s, "%s", block);
    free(block);
  }
  if (s.oom) {
    free(s.buf);
    return NULL;
  }
  if (len) *len = s.len;
  return s.buf;
}

int ur_project_save(const ur_project *p, const char *path, char *err, size_t errlen) {
  size_t len;
  char *buf = ur_project_serialize(p, &len);
  if (!buf) {
    snprintf(err, errlen, "out of memory saving the project");
    return -1;
  }
  int rc = ur_write_file_atomic(path, buf, len, err, errlen);
  free(buf);
  return rc;
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
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (r->err && r->errlen) snprintf(r->err, r->errlen, "line %d: %s", r->lineno, msg);
  return -1;
}

/* Next line into r->line: 1, 0 at the end of the file, -1 on a bad line. */
static int next_line(reader *r) {
  if (r->pos >= r->len) return 0;
  r->lineno++;
  size_t k = 0;
  while (r->pos < r->len && r->buf[r->pos] != '\n') {
    char c = r->buf[r->pos++];
    if (c == 0) return rfail(r, "the file holds a NUL byte: it is not a text file");
    if (k + 1 >= MAX_LINE) return rfail(r, "the line is longer than %d characters", MAX_LINE - 1);
    r->line[k++] = c;
  }
  if (r->pos < r->len) r->pos++; /* the '\n' */
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

static int get_long(const char *v, long lo, long hi, long *out) {
  char *end;
  errno = 0;
  long x = strtol(v, &end, 10);
  if (errno || end == v || *end || x < lo || x > hi) return -1;
  *out = x;
  return 0;
}
static int get_int(const char *v, int lo, int hi, int *out) {
  long x;
  if (get_long(v, lo, hi, &x)) return -1;
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
  errno = 0;
  double x = strtod(v, &end);
  if (end == v || *end || !isfinite(x) || x < lo || x > hi || (lo_open && x == lo)) return -1;
  *out = (float)x;
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

/* Splits "key=value" in place; NULL when there is no '='. */
static char *kv(char *word) {
  char *eq = strchr(word, '=');
  if (!eq) return NULL;
  *eq = 0;
  return eq + 1;
}

#define BAD_VALUE(key, what) rfail(r, "%s: expected %s, found \"%.40s\"", key, what, v)

static int parse_data(reader *r, char **w, int n, ur_data_settings *d) {
  for (int i = 1; i < n; i++) {
    char *v = kv(w[i]), *k = w[i];
    if (!v) return rfail(r, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "seed")) {
      if (get_u32(v, &d->seed)) return BAD_VALUE(k, "a whole number from 0 to 4294967295");
    } else if (!strcmp(k, "series")) {
      if (get_int(v, 10, 10000000, &d->n_series)) return BAD_VALUE(k, "a whole number from 10 to 10000000");
    } else if (!strcmp(k, "steps")) {
      if (get_int(v, 1, 100000, &d->n_steps)) return BAD_VALUE(k, "a whole number from 1 to 100000");
    } else if (!strcmp(k, "horizon")) {
      if (get_int(v, 1, 1000, &d->horizon)) return BAD_VALUE(k, "a whole number from 1 to 1000");
    } else if (!strcmp(k, "task")) {
      int t = ur_task_from_id(v);
      if (t < 0) return BAD_VALUE(k, "one_step, vector, seq2seq or seq2seq_conv");
      d->task = (ur_task)t;
    } else {
      return rfail(r, "unknown data setting \"%.40s\"", k);
    }
  }
  return 0;
}

static int parse_train(reader *r, char **w, int n, ur_train_config *t) {
  /* The optimizer first, whatever its place: it sets the defaults the other keys refine. */
  for (int i = 1; i < n; i++) {
    if (!strncmp(w[i], "optimizer=", 10)) {
      const char *v = w[i] + 10;
      int o = ur_optimizer_from_name(v);
      if (o < 0) return BAD_VALUE("optimizer", "sgd, adam, nadam or rmsprop");
      t->optim = ur_optim_default((ur_optimizer_kind)o);
    }
  }
  for (int i = 1; i < n; i++) {
    char *v = kv(w[i]), *k = w[i];
    int bad = 0;
    const char *what = "";
    if (!v) return rfail(r, "expected key=value, found \"%.40s\"", w[i]);
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
    else return rfail(r, "unknown training setting \"%.40s\"", k);
    if (bad) return BAD_VALUE(k, what);
  }
  return 0;
}

int ur_project_parse(const char *buf, size_t len, ur_project *p, char *err, size_t errlen) {
  reader *r = malloc(sizeof *r);
  char *w[MAX_WORDS];
  if (!r) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  memset(r, 0, sizeof *r);
  r->buf = buf;
  r->len = len;
  r->err = err;
  r->errlen = errlen;
  ur_project_init(p);
  int rc, seen_data = 0, seen_input = 0, seen_train = 0, input_line = 0, cap_runs = 0, seen_csv = 0, csv_line = 0;

  rc = next_line(r);
  if (rc <= 0 || strncmp(r->line, "unroll-project ", 15) != 0) {
    if (rc >= 0) {
      r->lineno = 1;
      rfail(r, "not an Unroll project (the first line should read \"unroll-project 1\")");
    }
    goto fail;
  }
  if (strcmp(r->line + 15, "1") != 0) {
    rfail(r, "this project's format is \"%.20s\"; this Unroll reads format 1 only", r->line + 15);
    goto fail;
  }
  size_t line_start = r->pos;
  while ((rc = next_line(r)) == 1) {
    size_t this_line = line_start;
    line_start = r->pos;
    if (r->line[0] == '#') continue;
    int n = split(r->line, w);
    if (n < 0) {
      rfail(r, "more than %d words", MAX_WORDS);
      goto fail;
    }
    if (n == 0) continue;
    const char *s = w[0];
    if (!strcmp(s, "data") || !strcmp(s, "csv") || !strcmp(s, "input") || !strcmp(s, "train") ||
        !strcmp(s, "preset") || !strcmp(s, "layer")) {
      if (p->n_runs > 0) {
        rfail(r, "\"%s\" after the runs: the settings and layers come first", s);
        goto fail;
      }
    }
    if (!strcmp(s, "data")) {
      if (seen_data++) {
        rfail(r, "a second \"data\" line");
        goto fail;
      }
      if (parse_data(r, w, n, &p->data)) goto fail;
    } else if (!strcmp(s, "csv")) {
      char why[512];
      if (seen_csv++) {
        rfail(r, "a second \"csv\" line");
        goto fail;
      }
      csv_line = r->lineno;
      if (ur_csv_source_parse(w + 1, n - 1, &p->data.csv, why, sizeof why)) {
        rfail(r, "csv: %s", why);
        goto fail;
      }
    } else if (!strcmp(s, "input")) {
      if (seen_input++) {
        rfail(r, "a second \"input\" line");
        goto fail;
      }
      if (n != 3 || get_int(w[1], 1, 100000, &p->input.steps) || get_int(w[2], 1, 100000, &p->input.features)) {
        rfail(r, "expected \"input <steps> <features>\", each from 1 to 100000");
        goto fail;
      }
      input_line = r->lineno;
    } else if (!strcmp(s, "train")) {
      if (seen_train++) {
        rfail(r, "a second \"train\" line");
        goto fail;
      }
      if (parse_train(r, w, n, &p->train)) goto fail;
    } else if (!strcmp(s, "preset")) {
      char *v = n == 2 ? kv(w[1]) : NULL;
      if (!v || strcmp(w[1], "name") || get_text(v, p->preset, sizeof p->preset)) {
        rfail(r, "expected \"preset name=<name>\"");
        goto fail;
      }
    } else if (!strcmp(s, "layer")) {
      char why[256];
      if (p->n_layers >= UR_MAX_LAYERS) {
        rfail(r, "more than %d layers", UR_MAX_LAYERS);
        goto fail;
      }
      /* ur_spec_parse wants the words back as one line */
      char joined[MAX_LINE];
      size_t o = 0;
      for (int i = 1; i < n; i++) o += (size_t)snprintf(joined + o, sizeof joined - o, "%s%s", i > 1 ? " " : "", w[i]);
      joined[o] = 0;
      if (n < 2 || ur_spec_parse(joined, &p->layers[p->n_layers], why, sizeof why)) {
        rfail(r, "%s", n < 2 ? "expected \"layer <kind> key=value ...\"" : why);
        goto fail;
      }
      p->n_layers++;
    } else if (!strcmp(s, "run")) {
      if (p->n_runs >= UR_PROJECT_MAX_RUNS) {
        rfail(r, "more than %d runs", UR_PROJECT_MAX_RUNS);
        goto fail;
      }
      if (p->n_runs == cap_runs) {
        int cap = cap_runs ? cap_runs * 2 : 4;
        ur_run *nr = realloc(p->runs, sizeof *nr * (size_t)cap);
        if (!nr) {
          rfail(r, "out of memory");
          goto fail;
        }
        p->runs = nr;
        cap_runs = cap;
      }
      /* the whole block, through its "end", is run.c's to read */
      size_t used = 0;
      int lines = 0;
      char why[512];
      if (ur_run_parse(r->buf + this_line, r->len - this_line, r->lineno, &p->runs[p->n_runs], &used, &lines, why,
                       sizeof why) != 0) {
        snprintf(err, errlen, "%s", why);
        goto fail;
      }
      p->n_runs++;
      r->pos = this_line + used;
      r->lineno += lines - 1;
      line_start = r->pos;
    } else {
      rfail(r, "unknown section \"%.40s\"", s);
      goto fail;
    }
  }
  if (rc < 0) goto fail;
  if (!seen_data || !seen_input || !seen_train) {
    rfail(r, "the file ends without its \"%s\" line", !seen_data ? "data" : !seen_input ? "input" : "train");
    goto fail;
  }
  if (p->input.steps != p->data.n_steps) {
    r->lineno = input_line;
    rfail(r, "the input has %d steps but the data's series have %d", p->input.steps, p->data.n_steps);
    goto fail;
  }
  if (seen_csv) { /* the data line mirrors the CSV's windows, and the input reads them */
    const ur_csv_source *c = &p->data.csv;
    int h = c->cfg.kind == UR_TARGET_ONE_STEP ? 1 : c->cfg.horizon;
    r->lineno = csv_line;
    if (c->cfg.lookback != p->data.n_steps || h != p->data.horizon || ur_csv_source_task(c) != p->data.task) {
      rfail(r, "the CSV's lookback %d, horizon %d and kind %s disagree with the data line's steps %d, horizon %d and "
               "task %s", c->cfg.lookback, h, ur_target_kind_id(c->cfg.kind), p->data.n_steps, p->data.horizon,
            ur_task_id(p->data.task));
      goto fail;
    }
    if (p->input.features != ur_csv_source_features(c)) {
      rfail(r, "the input has %d features but the CSV gives %d (the target and %d inputs)", p->input.features,
            ur_csv_source_features(c), c->n_inputs);
      goto fail;
    }
  }
  if (p->data.task == UR_TASK_ONE_STEP && p->data.horizon != 1) {
    snprintf(err, errlen, "the task is the next value, but the horizon is %d (it must be 1)", p->data.horizon);
    goto fail;
  }
  free(r);
  return 0;
fail:
  free(r);
  ur_project_clear(p);
  return -1;
}

int ur_project_load(const char *path, ur_project *p, char *err, size_t errlen) {
  size_t len;
  char why[512];
  unsigned char *buf = ur_read_file(path, UR_PROJECT_MAX_BYTES, &len, err, errlen);
  if (!buf) {
    ur_project_init(p);
    return -1;
  }
  int rc = ur_project_parse((const char *)buf, len, p, why, sizeof why);
  if (rc) snprintf(err, errlen, "%s", why);
  free(buf);
  return rc;
}
