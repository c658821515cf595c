/* settings_io.c: see settings_io.h. */
#include "settings_io.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "project.h" /* task ids */

int ur_text_err(char *err, size_t errlen, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (err && errlen) vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
  return -1;
}

/* ---- words ---------------------------------------------------------------- */

size_t ur_text_escape(const char *in, char *out, size_t outlen) {
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
  return o;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int ur_text_unescape(const char *in, char *out, size_t outlen) {
  size_t o = 0;
  for (const char *p = in; *p; p++) {
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

char *ur_text_kv(char *word) {
  char *eq = strchr(word, '=');
  if (!eq) return NULL;
  *eq = 0;
  return eq + 1;
}

int ur_text_int(const char *v, long lo, long hi, int *out) {
  char *end;
  errno = 0;
  long x = strtol(v, &end, 10);
  if (errno || end == v || *end || x < lo || x > hi) return -1;
  *out = (int)x;
  return 0;
}

int ur_text_u32(const char *v, uint32_t *out) {
  if (*v == '-' || *v == '+') return -1;
  char *end;
  errno = 0;
  unsigned long long x = strtoull(v, &end, 10);
  if (errno || end == v || *end || x > 0xffffffffULL) return -1;
  *out = (uint32_t)x;
  return 0;
}

int ur_text_float(const char *v, double lo, double hi, int lo_open, float *out) {
  char *end;
  double x = strtod(v, &end);
  if (end == v || *end || !isfinite(x) || x < lo || x > hi || (lo_open && x == lo)) return -1;
  *out = (float)x;
  return 0;
}

int ur_text_double(const char *v, double *out) {
  char *end;
  double x = strtod(v, &end);
  if (end == v || *end) return -1;
  *out = x;
  return 0;
}

/* A copy of w in word, split at its '=': the value (word is then the key),
 * or NULL with the reason in err. */
static char *copy_kv(const char *w, char *word, size_t len, char *err, size_t errlen) {
  snprintf(word, len, "%s", w);
  char *v = ur_text_kv(word);
  if (!v) ur_text_err(err, errlen, "expected key=value, found \"%.40s\"", w);
  return v;
}

/* ---- the settings lines ------------------------------------------------------ */

const char *ur_text_num(float v, ur_num_style style) {
  static _Thread_local char ring[24][32];
  static _Thread_local int next;
  char *b = ring[next++ % 24];
  if (style == UR_NUM_9G) snprintf(b, 32, "%.9g", (double)v);
  else
    for (int digits = 1; digits <= 9; digits++) { /* the shortest that reads back the same */
      snprintf(b, 32, "%.*g", digits, (double)v);
      if ((float)strtod(b, NULL) == v) break;
    }
  return b;
}

int ur_train_settings_format(const ur_train_config *t, ur_num_style st, char *buf, size_t len) {
  int n = snprintf(buf, len,
                   "optimizer=%s lr=%s momentum=%s nesterov=%d beta1=%s beta2=%s epsilon=%s rho=%s "
                   "clipnorm=%s clipvalue=%s loss=%s epochs=%d batch=%d seed=%u shuffle=%d early_stopping=%d "
                   "restore_best=%d reduce_lr_patience=%d reduce_lr_factor=%s min_lr=%s",
                   ur_optimizer_name(t->optim.kind), ur_text_num(t->optim.lr, st), ur_text_num(t->optim.momentum, st),
                   t->optim.nesterov, ur_text_num(t->optim.beta1, st), ur_text_num(t->optim.beta2, st), ur_text_num(t->optim.epsilon, st),
                   ur_text_num(t->optim.rho, st), ur_text_num(t->optim.clipnorm, st), ur_text_num(t->optim.clipvalue, st),
                   ur_loss_name(t->loss), t->epochs, t->batch_size, (unsigned)t->seed, t->shuffle, t->early_stopping,
                   t->restore_best, t->reduce_lr_patience, ur_text_num(t->reduce_lr_factor, st), ur_text_num(t->min_lr, st));
  return n > 0 && (size_t)n < len ? 0 : -1;
}

int ur_train_settings_parse(char **w, int n, ur_train_config *t, char *err, size_t errlen) {
  /* the optimizer first, wherever it is: it sets the defaults the other keys refine */
  for (int i = 0; i < n; i++)
    if (!strncmp(w[i], "optimizer=", 10)) {
      int o = ur_optimizer_from_name(w[i] + 10);
      if (o < 0) return ur_text_err(err, errlen, "optimizer: expected sgd, adam, nadam or rmsprop, found \"%.40s\"", w[i] + 10);
      t->optim = ur_optim_default((ur_optimizer_kind)o);
    }
  for (int i = 0; i < n; i++) {
    char word[UR_TEXT_MAX_LINE], *k = word, *v = copy_kv(w[i], word, sizeof word, err, errlen);
    int bad = 0;
    const char *what = "";
    if (!v) return -1;
    if (!strcmp(k, "optimizer")) continue;
    if (!strcmp(k, "lr")) bad = ur_text_float(v, 0, 10, 1, &t->optim.lr), what = "a learning rate in (0, 10]";
    else if (!strcmp(k, "momentum")) bad = ur_text_float(v, 0, 0.999999, 0, &t->optim.momentum), what = "a number in [0, 1)";
    else if (!strcmp(k, "nesterov")) bad = ur_text_int(v, 0, 1, &t->optim.nesterov), what = "0 or 1";
    else if (!strcmp(k, "beta1")) bad = ur_text_float(v, 0, 0.999999, 0, &t->optim.beta1), what = "a number in [0, 1)";
    else if (!strcmp(k, "beta2")) bad = ur_text_float(v, 0, 0.999999, 0, &t->optim.beta2), what = "a number in [0, 1)";
    else if (!strcmp(k, "epsilon")) bad = ur_text_float(v, 0, 1, 1, &t->optim.epsilon), what = "a number in (0, 1]";
    else if (!strcmp(k, "rho")) bad = ur_text_float(v, 0, 0.999999, 0, &t->optim.rho), what = "a number in [0, 1)";
    else if (!strcmp(k, "clipnorm")) bad = ur_text_float(v, 0, 1e6, 0, &t->optim.clipnorm), what = "0 (off) or more";
    else if (!strcmp(k, "clipvalue")) bad = ur_text_float(v, 0, 1e6, 0, &t->optim.clipvalue), what = "0 (off) or more";
    else if (!strcmp(k, "loss")) {
      int l = ur_loss_from_name(v);
      bad = l < 0, what = "mse, mae or huber";
      if (!bad) t->loss = (ur_loss_kind)l;
    } else if (!strcmp(k, "epochs")) bad = ur_text_int(v, 1, 100000, &t->epochs), what = "a whole number from 1 to 100000";
    else if (!strcmp(k, "batch")) bad = ur_text_int(v, 1, 1000000, &t->batch_size), what = "a whole number from 1 to 1000000";
    else if (!strcmp(k, "seed")) bad = ur_text_u32(v, &t->seed), what = "a whole number from 0 to 4294967295";
    else if (!strcmp(k, "shuffle")) bad = ur_text_int(v, 0, 1, &t->shuffle), what = "0 or 1";
    else if (!strcmp(k, "early_stopping")) bad = ur_text_int(v, 0, 100000, &t->early_stopping), what = "a patience from 0 (off) to 100000";
    else if (!strcmp(k, "restore_best")) bad = ur_text_int(v, 0, 1, &t->restore_best), what = "0 or 1";
    else if (!strcmp(k, "reduce_lr_patience")) bad = ur_text_int(v, 0, 100000, &t->reduce_lr_patience), what = "a patience from 0 (off) to 100000";
    else if (!strcmp(k, "reduce_lr_factor")) bad = ur_text_float(v, 0, 1, 1, &t->reduce_lr_factor), what = "a factor in (0, 1]";
    else if (!strcmp(k, "min_lr")) bad = ur_text_float(v, 0, 10, 0, &t->min_lr), what = "0 or more";
    else return ur_text_err(err, errlen, "unknown training setting \"%.40s\"", k);
    if (bad) return ur_text_err(err, errlen, "%s: expected %s, found \"%.40s\"", k, what, v);
  }
  return 0;
}

int ur_run_data_format(const ur_run_data *d, char *buf, size_t len) {
  int n = snprintf(buf, len, "seed=%u series=%d steps=%d horizon=%d task=%s", (unsigned)d->seed, d->n_series,
                   d->n_steps, d->horizon, ur_task_id(d->task));
  return n > 0 && (size_t)n < len ? 0 : -1;
}

int ur_run_data_parse(char **w, int n, ur_run_data *d, char *err, size_t errlen) {
  for (int i = 0; i < n; i++) {
    char word[UR_TEXT_MAX_LINE], *k = word, *v = copy_kv(w[i], word, sizeof word, err, errlen);
    int bad = 0;
    const char *what = "";
    if (!v) return -1;
    if (!strcmp(k, "seed")) bad = ur_text_u32(v, &d->seed), what = "a whole number from 0 to 4294967295";
    else if (!strcmp(k, "series")) bad = ur_text_int(v, 10, 10000000, &d->n_series), what = "a whole number from 10 to 10000000";
    else if (!strcmp(k, "steps")) bad = ur_text_int(v, 1, 100000, &d->n_steps), what = "a whole number from 1 to 100000";
    else if (!strcmp(k, "horizon")) bad = ur_text_int(v, 1, 1000, &d->horizon), what = "a whole number from 1 to 1000";
    else if (!strcmp(k, "task")) {
      int t = ur_task_from_id(v);
      bad = t < 0, what = "one_step, vector, seq2seq or seq2seq_conv";
      if (!bad) d->task = (ur_task)t;
    } else return ur_text_err(err, errlen, "unknown data setting \"%.40s\"", k);
    if (bad) return ur_text_err(err, errlen, "%s: expected %s, found \"%.40s\"", k, what, v);
  }
  return 0;
}

/* ---- reading lines ---------------------------------------------------------- */

int ur_text_fail(ur_text_reader *r, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (r->err && r->errlen) snprintf(r->err, r->errlen, "line %d: %s", r->lineno, msg);
  return -1;
}

int ur_text_next_line(ur_text_reader *r) {
  if (r->pos >= r->len) return 0;
  r->lineno++;
  size_t k = 0;
  while (r->pos < r->len && r->buf[r->pos] != '\n') {
    char c = r->buf[r->pos++];
    if (c == 0) return ur_text_fail(r, "%s", r->nul_message ? r->nul_message : "a NUL byte: this is not text");
    if (k + 1 >= UR_TEXT_MAX_LINE) return ur_text_fail(r, "the line is longer than %d characters", UR_TEXT_MAX_LINE - 1);
    r->line[k++] = c;
  }
  if (r->pos < r->len) r->pos++; /* the '\n' */
  if (k > 0 && r->line[k - 1] == '\r') k--;
  r->line[k] = 0;
  return 1;
}

int ur_text_split(char *line, char **words) {
  int n = 0;
  char *save = NULL;
  for (char *w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
    if (n == UR_TEXT_MAX_WORDS) return -1;
    words[n++] = w;
  }
  return n;
}

/* ---- writing ---------------------------------------------------------------- */

void ur_sb_init(ur_sbuf *s) {
  s->buf = malloc(4096);
  s->len = 0;
  s->cap = s->buf ? 4096 : 0;
  s->oom = !s->buf;
}

void ur_sb_add(ur_sbuf *s, const char *fmt, ...) {
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

char *ur_sb_finish(ur_sbuf *s, size_t *len) {
  if (s->oom) {
    free(s->buf);
    s->buf = NULL;
    return NULL;
  }
  if (len) *len = s->len;
  return s->buf;
}
