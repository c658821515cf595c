/* text_io.c: see text_io.h. */
#include "text_io.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The range is checked on the float that is stored (and written back), not
 * on the text's double: 1e-50 is 0 as a float, and a (0, 1] range refuses it. */
int ur_text_float(const char *v, double lo, double hi, int lo_open, float *out) {
  char *end;
  double x = strtod(v, &end);
  if (end == v || *end) return -1;
  float f = (float)x;
  double d = (double)f;
  if (!isfinite(d) || d < lo || d > hi || (lo_open && d == lo)) return -1;
  *out = f;
  return 0;
}

const char *ur_text_float_problem(const char *v) {
  char *end;
  double x = strtod(v, &end);
  if (end == v || *end) return NULL;
  if (isfinite(x) && !isfinite((float)x)) return "too large for a single-precision float";
  if (x != 0 && (float)x == 0) return "0 as a single-precision float";
  return NULL;
}

int ur_text_double(const char *v, double *out) {
  char *end;
  double x = strtod(v, &end);
  if (end == v || *end) return -1;
  *out = x;
  return 0;
}

/* ---- numbers ------------------------------------------------------------------ */

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
