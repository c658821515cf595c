/* csv.c: the CSV reader of csv.h. */
#include "csv.h"
#include "file_io.h"
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

typedef struct {
  size_t off;
  unsigned len;
  int quoted;
} span;

/* ---- numbers and dates, independent of the locale ---- */

static locale_t c_locale;
static once_flag locale_once = ONCE_FLAG_INIT;
static void make_c_locale(void) { c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0); }

static int is_missing(const char *s, size_t n) {
  static const char *const words[] = {"", "NA", "N/A", "NaN", "nan", "NULL", "null", "-", "?", "#N/A", "None"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strlen(words[i]) == n && strncmp(words[i], s, n) == 0) return 1;
  return 0;
}

static void trim(const char **s, size_t *n) {
  while (*n && (**s == ' ' || **s == '\t')) { (*s)++; (*n)--; }
  while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) (*n)--;
}

int ur_parse_number(const char *s, size_t n, char decimal, double *out) {
  char buf[64];
  trim(&s, &n);
  if (n == 0 || n >= sizeof buf) return -1;
  int digits = 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (ch >= '0' && ch <= '9') digits++;
    else if (ch == decimal) ch = '.';
    else if (ch == '.' || (ch == ',' && decimal != ',')) return -1; /* the other mark: not ours */
    else if (!(ch == '+' || ch == '-' || ch == 'e' || ch == 'E')) return -1;
    buf[i] = ch;
  }
  if (!digits) return -1;
  buf[n] = 0;
  call_once(&locale_once, make_c_locale);
  char *end;
  double v = c_locale ? strtod_l(buf, &end, c_locale) : strtod(buf, &end);
  if (*end || !isfinite(v)) return -1;
  *out = v;
  return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

static int valid_date(long y, int m, int d) {
  static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
  return 1;
}

/* Reads an unsigned number of 1..max digits at *p. */
static int read_uint(const char **p, const char *end, int max, long *v) {
  int k = 0;
  *v = 0;
  while (*p < end && k < max && **p >= '0' && **p <= '9') { *v = *v * 10 + (**p - '0'); (*p)++; k++; }
  return k;
}

int ur_parse_date(const char *s, size_t n, int day_first, double *seconds) {
  trim(&s, &n);
  const char *p = s, *end = s + n;
  long a, b, c, y, m, d, hh = 0, mi = 0;
  double ss = 0;
  int ka = read_uint(&p, end, 4, &a);
  if (ka == 0 || p >= end) return -1;
  char sep = *p;
  if (sep != '-' && sep != '/' && sep != '.') return -1;
  p++;
  if (!read_uint(&p, end, 2, &b) || p >= end || *p != sep) return -1;
  p++;
  int kc = read_uint(&p, end, 4, &c);
  if (!kc) return -1;
  if (ka == 4 && sep == '-') { y = a; m = b; d = c; }          /* ISO: 2024-03-01 */
  else if (kc == 4 && ka <= 2) {                               /* 01/03/2024 */
    y = c;
    if (day_first) { d = a; m = b; } else { m = a; d = b; }
  } else return -1;
  if (p < end && (*p == 'T' || *p == ' ')) {
    p++;
    if (read_uint(&p, end, 2, &hh) == 0 || p >= end || *p != ':') return -1;
    p++;
    if (read_uint(&p, end, 2, &mi) != 2) return -1;
    if (p < end && *p == ':') {
      p++;
      long si;
      if (read_uint(&p, end, 2, &si) != 2) return -1;
      ss = (double)si;
      if (p < end && *p == '.') { /* fractions of a second */
        double f = 0.1;
        for (p++; p < end && *p >= '0' && *p <= '9'; p++, f /= 10) ss += f * (*p - '0');
      }
    }
    if (p < end && *p == 'Z') p++;
    if (hh > 23 || mi > 59 || ss >= 61) return -1;
  }
  if (p != end || !valid_date(y, (int)m, (int)d)) return -1;
  *seconds = (double)days_from_civil(y, (unsigned)m, (unsigned)d) * 86400.0 + (double)hh * 3600 + (double)mi * 60 + ss;
  return 0;
}

/* ---- records and fields ---- */

static int fail_at(char *err, size_t errlen, int line, int col, const char *msg) {
  if (col > 0) snprintf(err, errlen, "line %d, column %d: %s", line, col, msg);
  else snprintf(err, errlen, "line %d: %s", line, msg);
  return -1;
}

/* Splits the buffer into fields.  Calls back per record; fields point into buf.
 * Returns 0, or -1 with an error naming the line and column. */
typedef int (*record_fn)(void *user, const span *fields, int n, int line);

static int scan(const char *buf, size_t len, char delim, int max_records, record_fn fn, void *user, char *err,
                size_t errlen) {
  span fields[UR_CSV_MAX_COLUMNS + 1];
  size_t i = 0;
  int line = 1, records = 0;
  if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF)
    i = 3; /* a UTF-8 byte order mark */
  while (i < len && (max_records <= 0 || records < max_records)) {
    int n = 0, start_line = line;
    size_t line_start = i;
    for (;;) { /* one field */
      if (n > UR_CSV_MAX_COLUMNS)
        return fail_at(err, errlen, start_line, 0, "more than 1024 columns");
      span *f = &fields[n++];
      f->quoted = 0;
      if (i < len && buf[i] == '"') {
        int qline = line;
        size_t qcol = i - line_start + 1;
        f->quoted = 1;
        f->off = ++i;
        for (;;) {
          if (i >= len) {
            char msg[80];
            snprintf(msg, sizeof msg, "the quoted field opened at column %zu is never closed", qcol);
            return fail_at(err, errlen, qline, 0, msg);
          }
          if (buf[i] == '"') {
            if (i + 1 < len && buf[i + 1] == '"') { i += 2; continue; } /* "" is a quote */
            break;
          }
          if (buf[i] == '\n') line++;
          if (buf[i] == 0) return fail_at(err, errlen, line, (int)(i - line_start + 1), "a NUL byte: this is not a text file");
          i++;
        }
        f->len = (unsigned)(i - f->off);
        i++; /* closing quote */
        while (i < len && (buf[i] == ' ' || buf[i] == '\r') && !(buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n')) i++;
        if (i < len && buf[i] != delim && buf[i] != '\n' && buf[i] != '\r')
          return fail_at(err, errlen, line, (int)(i - line_start + 1), "text after a closing quote");
      } else {
        f->off = i;
        while (i < len && buf[i] != delim && buf[i] != '\n') {
          if (buf[i] == 0) return fail_at(err, errlen, line, (int)(i - line_start + 1), "a NUL byte: this is not a text file");
          i++;
        }
        size_t e = i;
        if (e > f->off && buf[e - 1] == '\r') e--;
        f->len = (unsigned)(e - f->off);
      }
      if (i < len && buf[i] == delim) { i++; continue; }
      break;
    }
    if (i < len && buf[i] == '\r') i++;
    if (i < len && buf[i] == '\n') i++;
    int blank = n == 1 && fields[0].len == 0 && !fields[0].quoted;
    if (!blank) {
      records++;
      if (fn(user, fields, n, start_line) != 0) return -1;
    }
    line++;
  }
  return 0;
}

/* delimiter detection: the candidate giving the same field count (> 1) on the first records */
typedef struct { int counts[64]; int n; } count_rec;
static int count_cb(void *user, const span *f, int n, int line) {
  (void)f; (void)line;
  count_rec *c = user;
  if (c->n < 64) c->counts[c->n++] = n;
  return 0;
}

static char detect_delimiter(const char *buf, size_t len) {
  const char cands[3] = {'\t', ';', ','};
  char best = ',';
  int best_fields = 1;
  for (int k = 0; k < 3; k++) {
    count_rec c = {{0}, 0};
    char err[8];
    if (scan(buf, len, cands[k], 64, count_cb, &c, err, sizeof err) != 0 || c.n == 0) continue;
    int consistent = 1;
    for (int i = 1; i < c.n; i++) consistent &= c.counts[i] == c.counts[0];
    if (consistent && c.counts[0] > best_fields) {
      best = cands[k];
      best_fields = c.counts[0];
    }
  }
  return best;
}

/* ---- the whole table ---- */

typedef struct {
  const char *buf;
  int n_cols, n_rows, cap;
  span *cells; /* n_rows × n_cols */
  int *lines;
  int header_line;
  char *err;
  size_t errlen;
} table;

static int collect_cb(void *user, const span *f, int n, int line) {
  table *t = user;
  if (t->n_cols == 0) {
    t->n_cols = n;
    t->header_line = line;
  } else if (n != t->n_cols) {
    char msg[128];
    snprintf(msg, sizeof msg, "%d fields, but line %d has %d", n, t->header_line, t->n_cols);
    return fail_at(t->err, t->errlen, line, 0, msg);
  }
  if (t->n_rows == t->cap) {
    int cap = t->cap ? t->cap * 2 : 1024;
    span *c = realloc(t->cells, sizeof(span) * (size_t)cap * n);
    int *l = realloc(t->lines, sizeof(int) * (size_t)cap);
    if (c) t->cells = c;
    if (l) t->lines = l;
    if (!c || !l) {
      snprintf(t->err, t->errlen, "out of memory reading line %d", line);
      return -1;
    }
    t->cap = cap;
  }
  memcpy(t->cells + (size_t)t->n_rows * n, f, sizeof(span) * (size_t)n);
  t->lines[t->n_rows++] = line;
  return 0;
}

static int cell_is_number(const table *t, const span *s, char decimal) {
  double v;
  return ur_parse_number(t->buf + s->off, s->len, decimal, &v) == 0;
}
static int cell_is_date(const table *t, const span *s) {
  double v;
  return ur_parse_date(t->buf + s->off, s->len, 1, &v) == 0 || ur_parse_date(t->buf + s->off, s->len, 0, &v) == 0;
}
static int cell_missing(const table *t, const span *s) {
  const char *p = t->buf + s->off;
  size_t n = s->len;
  trim(&p, &n);
  return is_missing(p, n);
}

void ur_csv_free(ur_csv *c) {
  if (c->cols)
    for (int i = 0; i < c->n_cols; i++) free(c->cols[i].values);
  free(c->cols);
  free(c->line_of_row);
  memset(c, 0, sizeof *c);
}

int ur_csv_parse(const char *buf, size_t len, ur_csv *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  size_t nonblank = 0;
  for (size_t i = 0; i < len && !nonblank; i++) nonblank = !(buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t');
  if (!nonblank) {
    snprintf(err, errlen, "the file is empty");
    return -1;
  }
  char delim = detect_delimiter(buf, len);
  table t = {buf, 0, 0, 0, NULL, NULL, 0, err, errlen};
  if (scan(buf, len, delim, 0, collect_cb, &t, err, errlen) != 0) {
    free(t.cells); free(t.lines);
    return -1;
  }
  int C = t.n_cols;
  /* decimal comma: only where the delimiter is not a comma and no cell uses a point */
  char decimal = '.';
  if (delim != ',') {
    int comma = 0, point = 0;
    for (size_t k = 0; k < (size_t)t.n_rows * C && k < 200000; k++) {
      const span *s = &t.cells[k];
      if (memchr(buf + s->off, ',', s->len) && cell_is_number(&t, s, ',')) comma++;
      if (memchr(buf + s->off, '.', s->len) && cell_is_number(&t, s, '.')) point++;
    }
    if (comma > point) decimal = ',';
  }
  /* a header: a first row with a cell that is neither a number, a date nor missing */
  int header = 0;
  for (int c = 0; c < C && t.n_rows > 0; c++) {
    const span *s = &t.cells[c];
    if (!cell_is_number(&t, s, decimal) && !cell_is_date(&t, s) && !cell_missing(&t, s)) header = 1;
  }
  int first = header, R = t.n_rows - first;
  if (R <= 0) {
    free(t.cells); free(t.lines);
    return fail_at(err, errlen, t.header_line, 0, header ? "a header but no data rows" : "no data rows");
  }
  out->n_rows = R; out->n_cols = C; out->delimiter = delim; out->decimal = decimal; out->has_header = header;
  out->cols = calloc((size_t)C, sizeof *out->cols);
  out->line_of_row = malloc(sizeof(int) * (size_t)R);
  if (!out->cols || !out->line_of_row) goto oom;
  for (int r = 0; r < R; r++) out->line_of_row[r] = t.lines[first + r];
  /* d/m or m/d: a first number above 12 decides for the day */
  int day_first = 1, seen_a = 0, seen_b = 0;
  for (size_t k = (size_t)first * C; k < (size_t)t.n_rows * C && k < 400000; k++) {
    const span *s = &t.cells[k];
    long a, b;
    const char *p = buf + s->off, *e = p + s->len;
    while (p < e && *p == ' ') p++;
    if (read_uint(&p, e, 2, &a) && p < e && (*p == '/' || *p == '.' || *p == '-') && (p++, read_uint(&p, e, 2, &b))) {
      seen_a |= a > 12;
      seen_b |= b > 12;
    }
  }
  if (seen_b && !seen_a) day_first = 0;
  out->date_day_first = day_first;
  for (int c = 0; c < C; c++) {
    ur_csv_column *col = &out->cols[c];
    const span *h = &t.cells[c];
    if (header) snprintf(col->name, sizeof col->name, "%.*s", (int)(h->len < 127 ? h->len : 127), buf + h->off);
    if (!header || !col->name[0]) snprintf(col->name, sizeof col->name, "column %d", c + 1);
    col->values = malloc(sizeof(double) * (size_t)R);
    if (!col->values) goto oom;
    int nums = 0, dates = 0, miss = 0;
    for (int r = 0; r < R; r++) {
      const span *s = &t.cells[(size_t)(first + r) * C + c];
      if (cell_missing(&t, s)) miss++;
      else if (cell_is_number(&t, s, decimal)) nums++;
      else if (ur_parse_date(buf + s->off, s->len, day_first, &(double){0}) == 0) dates++;
    }
    int present = R - miss;
    col->type = nums >= dates && nums * 2 >= present && nums > 0 ? UR_COL_NUMERIC
                : dates * 2 >= present && dates > 0             ? UR_COL_DATE
                                                                : UR_COL_TEXT;
    col->first_invalid_row = -1;
    for (int r = 0; r < R; r++) {
      const span *s = &t.cells[(size_t)(first + r) * C + c];
      double v = NAN;
      if (cell_missing(&t, s)) {
        col->n_missing++;
      } else if (col->type == UR_COL_TEXT ||
                 (col->type == UR_COL_NUMERIC ? ur_parse_number(buf + s->off, s->len, decimal, &v)
                                              : ur_parse_date(buf + s->off, s->len, day_first, &v)) != 0) {
        v = NAN;
        col->n_invalid++;
        if (col->first_invalid_row < 0) {
          col->first_invalid_row = r;
          snprintf(col->first_invalid, sizeof col->first_invalid, "%.*s", (int)(s->len < 40 ? s->len : 40), buf + s->off);
        }
      }
      col->values[r] = v;
    }
  }
  free(t.cells); free(t.lines);
  return 0;
oom:
  free(t.cells); free(t.lines);
  ur_csv_free(out);
  snprintf(err, errlen, "out of memory");
  return -1;
}

int ur_csv_read(const char *path, ur_csv *out, char *err, size_t errlen) {
  size_t len;
  char why[256];
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (f) {
    if (fseek(f, 0, SEEK_END) == 0) {
      long size = ftell(f);
      if (size > 0 && (size_t)size > UR_CSV_MAX_BYTES) {
        fclose(f);
        snprintf(err, errlen, "%s is %.1f GiB; Unroll reads series up to 512 MiB (cut it, or average it to a coarser "
                 "step first)", path, (double)size / (1 << 30));
        return -1;
      }
    }
    fclose(f);
  }
  unsigned char *buf = ur_read_file(path, UR_CSV_MAX_BYTES, &len, err, errlen);
  if (!buf) return -1;
  int rc = ur_csv_parse((const char *)buf, len, out, why, sizeof why);
  if (rc != 0) snprintf(err, errlen, "%s: %s", path, why);
  free(buf);
  return rc;
}

int ur_csv_find(const ur_csv *c, const char *name) {
  if (!name) return -1;
  if (name[0] == '#') {
    int k = atoi(name + 1);
    return k >= 1 && k <= c->n_cols ? k - 1 : -1;
  }
  for (int i = 0; i < c->n_cols; i++)
    if (strcmp(c->cols[i].name, name) == 0) return i;
  return -1;
}
