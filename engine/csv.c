/* csv.c: the CSV reader of csv.h.
 *
 * One pass in two phases over a byte source (a file read in chunks, or a
 * buffer):
 *   sample   the first UR_CSV_SAMPLE records decide the delimiter, the
 *            header, the decimal mark, each column's type and a date
 *            column's format;
 *   parse    the source is read again from the start, record by record,
 *            every cell parsed into its column's array as it goes.
 * Only one chunk of text and the parsed columns are in memory at a time.
 * A record is found by scan(): fields split at the delimiter outside
 * quotes ("" inside quotes is a quote), so a quoted field may hold the
 * delimiter and line breaks.
 */
#include "csv.h"
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <threads.h>
#include <unistd.h>
#include "text_io.h"

#define CHUNK ((size_t)1 << 20)

typedef struct {
  size_t off;
  unsigned len;
  int quoted;
} span;

/* ---- numbers, independent of the locale ---------------------------------------- */

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

/* The dates a user types: ISO 8601, and d/m/y or m/d/y with / . or -. */
int ur_parse_date(const char *s, size_t n, int day_first, double *seconds) {
  static const char *const iso[] = {"%Y-%m-%d", "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M",
                                    "%Y-%m-%d %H:%M:%S%z"};
  static const char *const dmy[] = {"%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"}, *const mdy[] = {"%m/%d/%Y", "%m.%d.%Y", "%m-%d-%Y"};
  for (size_t i = 0; i < sizeof iso / sizeof iso[0]; i++)
    if (ur_date_parse(s, n, iso[i], seconds) == 0) return 0;
  for (size_t i = 0; i < 3; i++)
    if (ur_date_parse(s, n, day_first ? dmy[i] : mdy[i], seconds) == 0) return 0;
  return -1;
}

/* ---- records and fields ------------------------------------------------------------- */

static int fail_at(char *err, size_t errlen, int line, int col, const char *msg) {
  if (col > 0) snprintf(err, errlen, "line %d, column %d: %s", line, col, msg);
  else snprintf(err, errlen, "line %d: %s", line, msg);
  return -1;
}

typedef int (*record_fn)(void *user, const char *buf, const span *fields, int n, int line);

typedef struct {
  int line;         /* the line the next record starts on */
  int records;
  size_t consumed;  /* bytes of whole records used */
} scan_state;

/* Splits buf[st->consumed..len) into records and calls back per record
 * (fields point into buf).  When `final` is 0, a record that reaches the
 * end of buf without its line break is left for the next call (more text
 * is coming); otherwise the end of buf ends it.  Stops after max_records
 * (0: no limit).  0, 1 when fn asked to stop, or -1 with an error naming
 * the line and column. */
static int scan(const char *buf, size_t len, int final, char delim, int max_records, record_fn fn, void *user,
                scan_state *st, char *err, size_t errlen) {
  span fields[UR_CSV_MAX_COLUMNS + 1];
  size_t i = st->consumed;
  if (i == 0 && st->line == 1 && len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
      (unsigned char)buf[2] == 0xBF)
    i = st->consumed = 3; /* a UTF-8 byte order mark */
  while (i < len && (max_records <= 0 || st->records < max_records)) {
    int n = 0, line = st->line, start_line = line;
    size_t line_start = i, rec_start = i;
    for (;;) { /* one field */
      if (n > UR_CSV_MAX_COLUMNS) return fail_at(err, errlen, start_line, 0, "more than 1024 columns");
      span *f = &fields[n++];
      f->quoted = 0;
      if (i < len && buf[i] == '"') {
        int qline = line;
        size_t qcol = i - line_start + 1;
        f->quoted = 1;
        f->off = ++i;
        for (;;) {
          if (i >= len) {
            if (!final) return 0; /* the rest of the field is in the next chunk */
            char msg[80];
            snprintf(msg, sizeof msg, "the quoted field opened at column %zu is never closed", qcol);
            return fail_at(err, errlen, qline, 0, msg);
          }
          if (buf[i] == '"') {
            if (i + 1 >= len && !final) return 0;
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
        if (i >= len && !final) return 0;
        if (i < len && buf[i] != delim && buf[i] != '\n' && buf[i] != '\r')
          return fail_at(err, errlen, line, (int)(i - line_start + 1), "text after a closing quote");
      } else {
        f->off = i;
        while (i < len && buf[i] != delim && buf[i] != '\n') {
          if (buf[i] == 0) return fail_at(err, errlen, line, (int)(i - line_start + 1), "a NUL byte: this is not a text file");
          i++;
        }
        if (i >= len && !final) return 0;
        size_t e = i;
        if (e > f->off && buf[e - 1] == '\r') e--;
        f->len = (unsigned)(e - f->off);
      }
      if (i - rec_start > UR_CSV_MAX_RECORD)
        return fail_at(err, errlen, start_line, 0, "a record longer than 1 MiB: an unclosed quote?");
      if (i < len && buf[i] == delim) { i++; continue; }
      break;
    }
    if (i < len && buf[i] == '\r') i++;
    if (i < len && buf[i] == '\n') i++;
    st->line = line + 1;
    st->consumed = i;
    int blank = n == 1 && fields[0].len == 0 && !fields[0].quoted;
    if (!blank) {
      st->records++;
      int rc = fn(user, buf, fields, n, start_line);
      if (rc) return rc;
    }
  }
  return 0;
}

/* ---- a source of bytes, read again from the start for each phase ---------------- */

typedef struct {
  const char *mem;  /* a buffer, or ... */
  size_t mem_len;
  int fd;           /* ... a file, read in chunks */
  double size;
  char *buf;
  size_t have, cap; /* bytes in buf, room */
  size_t done;      /* bytes before buf[0] */
  int eof;
} source;

static int source_rewind(source *s) {
  s->done = 0;
  s->eof = 0;
  if (s->mem) {
    s->buf = (char *)s->mem;
    s->have = s->mem_len;
    s->eof = 1;
    return 0;
  }
  s->have = 0;
  return lseek(s->fd, 0, SEEK_SET) == 0 ? 0 : -1;
}

/* Drops the first `used` bytes and reads more: 0, or -1 on a read error. */
static int source_more(source *s, size_t used) {
  if (s->mem) return 0;
  memmove(s->buf, s->buf + used, s->have - used);
  s->have -= used;
  s->done += used;
  while (!s->eof && s->have < s->cap) {
    ssize_t r = read(s->fd, s->buf + s->have, s->cap - s->have);
    if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (r < 0) return -1;
    if (r == 0) s->eof = 1;
    s->have += (size_t)r;
  }
  return 0;
}

/* Every record of the source through fn (max_records: 0 for all).  0, 1
 * when fn stopped early, or -1 with the reason. */
static int source_scan(source *s, char delim, int max_records, record_fn fn, void *user, scan_state *st,
                       const char *path, char *err, size_t errlen) {
  memset(st, 0, sizeof *st);
  st->line = 1;
  if (source_rewind(s) != 0 || source_more(s, 0) != 0)
    return ur_text_err(err, errlen, "cannot read %s: %s", path, strerror(errno));
  for (;;) {
    int rc = scan(s->buf, s->have, s->eof, delim, max_records, fn, user, st, err, errlen);
    if (rc != 0 || s->eof || (max_records > 0 && st->records >= max_records)) return rc;
    size_t used = st->consumed;
    st->consumed = 0;
    if (used == 0 && s->have >= s->cap) /* one record fills the whole buffer */
      return fail_at(err, errlen, st->line, 0, "a record longer than 1 MiB: an unclosed quote?");
    if (source_more(s, used) != 0) return ur_text_err(err, errlen, "cannot read %s: %s", path, strerror(errno));
  }
}

/* ---- the sample: delimiter, header, decimal mark, types, date formats ----------- */

typedef struct { int counts[64]; int n; } count_rec;
static int count_cb(void *user, const char *buf, const span *f, int n, int line) {
  (void)buf; (void)f; (void)line;
  count_rec *c = user;
  if (c->n < 64) c->counts[c->n++] = n;
  return 0;
}

/* The candidate giving the same field count (> 1) on the first records. */
static char detect_delimiter(const char *buf, size_t len, int final) {
  const char cands[3] = {'\t', ';', ','};
  char best = ',';
  int best_fields = 1;
  for (int k = 0; k < 3; k++) {
    count_rec c = {{0}, 0};
    scan_state st = {1, 0, 0};
    char err[8];
    if (scan(buf, len, final, cands[k], 64, count_cb, &c, &st, err, sizeof err) < 0 || c.n == 0) continue;
    int consistent = 1;
    for (int i = 1; i < c.n; i++) consistent &= c.counts[i] == c.counts[0];
    if (consistent && c.counts[0] > best_fields) {
      best = cands[k];
      best_fields = c.counts[0];
    }
  }
  return best;
}

typedef struct {
  int n_cols, records, max_records;
  int first_line;
  char **cells;   /* records × n_cols, copies */
  size_t *lens;
  char *err;
  size_t errlen;
} sample;

static int ragged(char *err, size_t errlen, int line, int n, int first_line, int n_cols) {
  char msg[128];
  snprintf(msg, sizeof msg, "%d fields, but line %d has %d", n, first_line, n_cols);
  return fail_at(err, errlen, line, 0, msg);
}

static int sample_cb(void *user, const char *buf, const span *f, int n, int line) {
  sample *s = user;
  if (s->records == 0) {
    s->n_cols = n;
    s->first_line = line;
    s->cells = calloc((size_t)s->max_records * n, sizeof *s->cells);
    s->lens = calloc((size_t)s->max_records * n, sizeof *s->lens);
    if (!s->cells || !s->lens) return ur_text_err(s->err, s->errlen, "out of memory reading line %d", line);
  } else if (n != s->n_cols) {
    return ragged(s->err, s->errlen, line, n, s->first_line, s->n_cols);
  }
  for (int c = 0; c < n; c++) {
    size_t k = (size_t)s->records * s->n_cols + c;
    s->cells[k] = malloc(f[c].len + 1);
    if (!s->cells[k]) return ur_text_err(s->err, s->errlen, "out of memory reading line %d", line);
    memcpy(s->cells[k], buf + f[c].off, f[c].len);
    s->cells[k][f[c].len] = 0;
    s->lens[k] = f[c].len;
  }
  s->records++;
  return 0;
}

static void sample_free(sample *s) {
  for (size_t k = 0; s->cells && k < (size_t)s->records * s->n_cols; k++) free(s->cells[k]);
  free(s->cells);
  free(s->lens);
}

static int cell_missing(const char *p, size_t n) {
  trim(&p, &n);
  return is_missing(p, n);
}

static int cell_number(const char *p, size_t n, char decimal) {
  double v;
  return ur_parse_number(p, n, decimal, &v) == 0;
}

/* A decimal comma: only where the delimiter is not a comma and more numbers read with a comma than a point. */
static char detect_decimal(const sample *s, char delim) {
  int comma = 0, point = 0;
  if (delim == ',') return '.';
  for (size_t k = 0; k < (size_t)s->records * s->n_cols; k++) {
    if (memchr(s->cells[k], ',', s->lens[k]) && cell_number(s->cells[k], s->lens[k], ',')) comma++;
    if (memchr(s->cells[k], '.', s->lens[k]) && cell_number(s->cells[k], s->lens[k], '.')) point++;
  }
  return comma > point ? ',' : '.';
}

/* A header: a first row with a cell that is neither a number, a date nor missing. */
static int detect_header(const sample *s, char decimal) {
  for (int c = 0; c < s->n_cols && s->records > 0; c++) {
    const char *p = s->cells[c];
    size_t n = s->lens[c];
    ur_date_guess g;
    if (!cell_number(p, n, decimal) && !cell_missing(p, n) && ur_date_guess_format(&p, &n, 1, NULL, &g) != 0) return 1;
  }
  return 0;
}

/* A column's type from its sample cells: dates when a format reads them
 * (bare years and YYYYMMDD only as dates.h allows), numbers when most are,
 * else text. */
static void detect_type(const sample *s, int c, int header, char decimal, const ur_csv_options *opt,
                        ur_csv_column *col) {
  int rows = s->records - header, present = 0, nums = 0;
  const char **cells = malloc(sizeof(char *) * (size_t)(rows > 0 ? rows : 1));
  size_t *lens = malloc(sizeof(size_t) * (size_t)(rows > 0 ? rows : 1));
  col->type = UR_COL_TEXT;
  if (!cells || !lens) goto done;
  for (int r = 0; r < rows; r++) {
    size_t k = (size_t)(header + r) * s->n_cols + c;
    if (cell_missing(s->cells[k], s->lens[k])) continue;
    nums += cell_number(s->cells[k], s->lens[k], decimal);
    cells[present] = s->cells[k];
    lens[present++] = s->lens[k];
  }
  int named = opt && opt->date_column && !strcmp(opt->date_column, col->name);
  if (opt && opt->date_format && (!opt->date_column || named)) {
    int read = 0;
    double t;
    for (int i = 0; i < present; i++) read += ur_date_parse(cells[i], lens[i], opt->date_format, &t) == 0;
    if (present > 0 && (named || read * 10 >= present * 9)) {
      col->type = UR_COL_DATE;
      snprintf(col->date_format, sizeof col->date_format, "%s", opt->date_format);
      col->date_words = "as --date-format says";
      goto done;
    }
  }
  ur_date_guess g;
  if (present > 0 && ur_date_guess_format(cells, lens, present, col->name, &g) == 0) {
    col->type = UR_COL_DATE;
    snprintf(col->date_format, sizeof col->date_format, "%s", g.format);
    snprintf(col->date_alternative, sizeof col->date_alternative, "%s", g.alternative);
    col->date_words = g.describe;
  } else if (nums > 0 && nums * 2 >= present) {
    col->type = UR_COL_NUMERIC;
  }
done:
  free(cells);
  free(lens);
}

/* ---- the parse: every cell into its column ------------------------------------ */

/* A text column's distinct values: open addressing over their hashes. */
typedef struct {
  uint32_t *slots; /* label + 1, 0 empty */
  size_t cap;
} label_table;

static uint32_t hash_text(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* The label of a cell, added when new: its index, or -1 past the limit or out of memory. */
static int intern(ur_csv_column *col, label_table *t, const char *s, size_t n) {
  if (t->cap == 0 || (size_t)col->n_labels * 2 >= t->cap) { /* grow at half full */
    size_t cap = t->cap ? t->cap * 2 : 64;
    uint32_t *slots = calloc(cap, sizeof *slots);
    char **names = realloc(col->label_names, sizeof(char *) * (cap / 2 + 1));
    if (!slots || !names) {
      free(slots);
      if (names) col->label_names = names;
      return -1;
    }
    col->label_names = names;
    for (int l = 0; l < col->n_labels; l++) {
      size_t k = hash_text(names[l], strlen(names[l])) & (cap - 1);
      while (slots[k]) k = (k + 1) & (cap - 1);
      slots[k] = (uint32_t)l + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
  }
  size_t k = hash_text(s, n) & (t->cap - 1);
  for (; t->slots[k]; k = (k + 1) & (t->cap - 1)) {
    const char *name = col->label_names[t->slots[k] - 1];
    if (strlen(name) == n && !memcmp(name, s, n)) return (int)t->slots[k] - 1;
  }
  if (col->n_labels >= UR_CSV_MAX_LABELS) return -1;
  char *name = malloc(n + 1);
  if (!name) return -1;
  memcpy(name, s, n);
  name[n] = 0;
  col->label_names[col->n_labels] = name;
  t->slots[k] = (uint32_t)col->n_labels + 1;
  return col->n_labels++;
}

static void drop_labels(ur_csv_column *col, label_table *t) {
  for (int l = 0; l < col->n_labels; l++) free(col->label_names[l]);
  free(col->label_names);
  free(col->labels);
  col->label_names = NULL;
  col->labels = NULL;
  col->n_labels = 0;
  free(t->slots);
  t->slots = NULL;
  t->cap = 0;
}

typedef struct {
  ur_csv *out;
  int header, header_line, rows_seen;
  int cap;               /* rows the columns have room for */
  label_table *labels;   /* one per column */
  double **alt_times;    /* per column with an ambiguous day/month order: the other reading */
  int *alt_fails, *main_fails;
  int *free_text;        /* text columns with too many distinct values to name series */
  int jump_cap;
  const ur_csv_options *opt;
  source *src;
  double next_progress;
  int cancelled;
  char *err;
  size_t errlen;
} parser;

static int resize(void *ptr, size_t bytes) {
  void **p = ptr, *q = realloc(*p, bytes ? bytes : 1);
  if (!q) return -1;
  *p = q;
  return 0;
}

/* Room in every column for `need` rows, grown by half again each time. */
static int grow_rows(parser *p, int need) {
  ur_csv *c = p->out;
  if (need <= p->cap) return 0;
  long cap = p->cap < 1024 ? 1024 : (long)p->cap + p->cap / 4;
  if (cap < need) cap = need;
  if (cap > 0x7fffffff) cap = 0x7fffffff;
  for (int k = 0; k < c->n_cols; k++) {
    ur_csv_column *col = &c->cols[k];
    int bad = 0;
    if (col->type == UR_COL_NUMERIC) bad = resize(&col->values, sizeof(float) * (size_t)cap);
    else if (col->type == UR_COL_DATE) {
      bad = resize(&col->times, sizeof(double) * (size_t)cap);
      if (!bad && col->date_alternative[0]) bad = resize(&p->alt_times[k], sizeof(double) * (size_t)cap);
    } else if (!p->free_text[k]) bad = resize(&col->labels, sizeof(int32_t) * (size_t)cap);
    if (bad) return -1;
  }
  p->cap = (int)cap;
  return 0;
}

/* The row's line, kept only where it leaves the count (blank lines, quoted line breaks). */
static int note_line(parser *p, int row, int line) {
  ur_csv *c = p->out;
  if (row + c->line_base == line) return 0;
  if (c->n_line_jumps > 0 && line - c->jump_line[c->n_line_jumps - 1] == row - c->jump_row[c->n_line_jumps - 1]) return 0;
  if (c->n_line_jumps == p->jump_cap) {
    int cap = p->jump_cap ? p->jump_cap * 2 : 16;
    if (resize(&c->jump_row, sizeof(int) * (size_t)cap) || resize(&c->jump_line, sizeof(int) * (size_t)cap)) return -1;
    p->jump_cap = cap;
  }
  c->jump_row[c->n_line_jumps] = row;
  c->jump_line[c->n_line_jumps++] = line;
  return 0;
}

int ur_csv_line_of_row(const ur_csv *c, int row) {
  int lo = 0, hi = c->n_line_jumps - 1, at = -1; /* the last jump at or before row */
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (c->jump_row[mid] <= row) at = mid, lo = mid + 1;
    else hi = mid - 1;
  }
  return at < 0 ? row + c->line_base : c->jump_line[at] + (row - c->jump_row[at]);
}

static void invalid_cell(ur_csv_column *col, int row, const char *s, size_t n) {
  col->n_invalid++;
  if (col->first_invalid_row < 0) {
    col->first_invalid_row = row;
    snprintf(col->first_invalid, sizeof col->first_invalid, "%.*s", (int)(n < 40 ? n : 40), s);
  }
}

/* One cell into its column at row r. */
static void store_cell(parser *p, int k, int r, const char *s, size_t n) {
  ur_csv_column *col = &p->out->cols[k];
  if (cell_missing(s, n)) {
    col->n_missing++;
    if (col->type == UR_COL_NUMERIC) col->values[r] = NAN;
    else if (col->type == UR_COL_DATE) {
      col->times[r] = NAN;
      if (p->alt_times[k]) p->alt_times[k][r] = NAN;
    } else if (!p->free_text[k]) col->labels[r] = -1;
    return;
  }
  if (col->type == UR_COL_NUMERIC) {
    double v;
    if (ur_parse_number(s, n, p->out->decimal, &v) == 0) col->values[r] = (float)v;
    else {
      col->values[r] = NAN;
      invalid_cell(col, r, s, n);
    }
  } else if (col->type == UR_COL_DATE) {
    double t = NAN, a = NAN;
    int ok = ur_date_parse(s, n, col->date_format, &t) == 0;
    col->times[r] = ok ? t : NAN;
    if (p->alt_times[k]) { /* both day/month orders, until one fails */
      int alt_ok = ur_date_parse(s, n, col->date_alternative, &a) == 0;
      p->alt_times[k][r] = alt_ok ? a : NAN;
      p->main_fails[k] += !ok;
      p->alt_fails[k] += !alt_ok;
      if (!ok && !alt_ok) invalid_cell(col, r, s, n);
    } else if (!ok) {
      invalid_cell(col, r, s, n);
    }
  } else {
    invalid_cell(col, r, s, n); /* a text cell where a number could be: named when a text column is picked */
    if (p->free_text[k]) return;
    const char *q = s;
    size_t m = n;
    trim(&q, &m);
    int l = intern(col, &p->labels[k], q, m);
    if (l < 0) { /* too many distinct values: a column of free text, which names nothing */
      drop_labels(col, &p->labels[k]);
      p->free_text[k] = 1;
    } else {
      col->labels[r] = l;
    }
  }
}

static int parse_cb(void *user, const char *buf, const span *f, int n, int line) {
  parser *p = user;
  ur_csv *c = p->out;
  if (p->rows_seen++ < p->header) return 0; /* the header row */
  if (n != c->n_cols) return ragged(p->err, p->errlen, line, n, p->header_line, c->n_cols);
  int r = c->n_rows;
  if (r == 0x7fffffff) return fail_at(p->err, p->errlen, line, 0, "more than 2^31 rows");
  if (grow_rows(p, r + 1) != 0 || note_line(p, r, line) != 0)
    return fail_at(p->err, p->errlen, line, 0, "out of memory: the file is too large for this machine");
  for (int k = 0; k < n; k++) store_cell(p, k, r, buf + f[k].off, f[k].len);
  c->n_rows++;
  if (p->opt && p->opt->progress && p->src->size > 0 && (r & 4095) == 0) {
    double frac = (double)(p->src->done + f[0].off) / p->src->size;
    if (frac >= p->next_progress) {
      p->next_progress = frac + 0.01;
      if (p->opt->progress(frac > 1 ? 1 : frac, p->opt->user)) {
        p->cancelled = 1;
        return ur_text_err(p->err, p->errlen, "cancelled");
      }
    }
  }
  return 0;
}

/* An ambiguous day/month order is settled by the cells that read one way only. */
static void settle_dates(parser *p) {
  ur_csv *c = p->out;
  for (int k = 0; k < c->n_cols; k++) {
    ur_csv_column *col = &c->cols[k];
    if (!p->alt_times[k]) continue;
    if (p->alt_fails[k] < p->main_fails[k]) { /* the other order reads more: it is the file's */
      double *t = col->times;
      char f[UR_DATE_FORMAT_MAX];
      col->times = p->alt_times[k];
      p->alt_times[k] = t;
      memcpy(f, col->date_format, sizeof f);
      memcpy(col->date_format, col->date_alternative, sizeof f);
      memcpy(col->date_alternative, f, sizeof f);
    }
    if (p->alt_fails[k] != p->main_fails[k]) col->date_alternative[0] = 0; /* decided by the whole column */
    col->n_invalid = p->alt_fails[k] < p->main_fails[k] ? p->alt_fails[k] : p->main_fails[k];
    free(p->alt_times[k]);
    p->alt_times[k] = NULL;
  }
}

/* ---- the table ---------------------------------------------------------------------- */

void ur_csv_free(ur_csv *c) {
  for (int i = 0; c->cols && i < c->n_cols; i++) {
    ur_csv_column *col = &c->cols[i];
    free(col->values);
    free(col->times);
    free(col->labels);
    for (int l = 0; l < col->n_labels; l++) free(col->label_names[l]);
    free(col->label_names);
  }
  free(c->cols);
  free(c->jump_row);
  free(c->jump_line);
  memset(c, 0, sizeof *c);
}

/* Bytes of memory the system can still give (MemAvailable), or 0 when unknown. */
static double available_memory(void) {
  FILE *f = fopen("/proc/meminfo", "r");
  char line[128];
  double kb = 0;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "MemAvailable: %lf kB", &kb) == 1) break;
  if (f) fclose(f);
  return kb * 1024.0;
}

/* The columns a sample tells: names, types, date formats. */
static int describe_columns(const sample *sm, int header, const ur_csv_options *opt, ur_csv *out, char *err,
                            size_t errlen) {
  int C = sm->n_cols;
  out->n_cols = C;
  out->cols = calloc(C > 0 ? (size_t)C : 1, sizeof *out->cols);
  if (!out->cols) return ur_text_err(err, errlen, "out of memory");
  for (int c = 0; c < C; c++) {
    ur_csv_column *col = &out->cols[c];
    if (header) snprintf(col->name, sizeof col->name, "%.*s", (int)(sm->lens[c] < 127 ? sm->lens[c] : 127), sm->cells[c]);
    if (!header || !col->name[0]) snprintf(col->name, sizeof col->name, "column %d", c + 1);
    col->first_invalid_row = -1;
    detect_type(sm, c, header, out->decimal, opt, col);
  }
  return 0;
}

/* Refuses, before the parse, a file whose columns would not fit in memory. */
static int check_memory(const source *src, const sample *sm, size_t sample_bytes, const ur_csv *out, const char *path,
                        double *rows_out, char *err, size_t errlen) {
  *rows_out = 0;
  if (sm->records == 0) return 0;
  double per_row = 0;
  for (int c = 0; c < out->n_cols; c++)
    per_row += out->cols[c].type == UR_COL_DATE ? 8 : 4;
  double rows = src->size / ((double)sample_bytes / sm->records), need = rows * per_row * 1.1, have = available_memory();
  *rows_out = rows;
  if (src->mem) return 0;
  if (have > 0 && need > 0.8 * have)
    return ur_text_err(err, errlen, "%s: reading its %.0f rows of %d columns needs about %.1f GiB, but this machine has "
                       "%.1f GiB free: cut the file, or average it to a coarser step first", path, rows, out->n_cols,
                       need / (1 << 30), have / (1 << 30));
  return 0;
}

static int read_table(source *src, const char *path, const ur_csv_options *opt, ur_csv *out, char *err, size_t errlen) {
  sample sm;
  memset(&sm, 0, sizeof sm);
  sm.err = err;
  sm.errlen = errlen;
  scan_state st;
  if (source_rewind(src) != 0 || source_more(src, 0) != 0) return ur_text_err(err, errlen, "cannot read %s: %s", path, strerror(errno));
  size_t nonblank = 0;
  for (size_t i = 0; i < src->have && !nonblank; i++)
    nonblank = !(src->buf[i] == ' ' || src->buf[i] == '\n' || src->buf[i] == '\r' || src->buf[i] == '\t');
  if (!nonblank && src->eof) return ur_text_err(err, errlen, "the file is empty");
  out->delimiter = detect_delimiter(src->buf, src->have, src->eof);
  /* at most UR_CSV_SAMPLE records, fewer for wide files (their cells are copied) */
  sm.max_records = UR_CSV_SAMPLE;
  int rc = source_scan(src, out->delimiter, UR_CSV_SAMPLE, sample_cb, &sm, &st, path, err, errlen);
  size_t sample_bytes = st.consumed + src->done;
  if (rc == 0 && sm.records == 0) rc = ur_text_err(err, errlen, "the file is empty");
  if (rc == 0) {
    out->decimal = detect_decimal(&sm, out->delimiter);
    out->has_header = detect_header(&sm, out->decimal);
    out->line_base = sm.first_line + out->has_header;
    rc = describe_columns(&sm, out->has_header, opt, out, err, errlen);
  }
  double rows_guess = 0;
  if (rc == 0) rc = check_memory(src, &sm, sample_bytes, out, path, &rows_guess, err, errlen);
  if (rc == 0) {
    int C = out->n_cols;
    parser p;
    memset(&p, 0, sizeof p);
    p.out = out;
    p.header = out->has_header;
    p.header_line = sm.first_line;
    p.opt = opt;
    p.src = src;
    p.err = err;
    p.errlen = errlen;
    p.labels = calloc((size_t)C, sizeof *p.labels);
    p.alt_times = calloc((size_t)C, sizeof *p.alt_times);
    p.alt_fails = calloc((size_t)C, sizeof *p.alt_fails);
    p.main_fails = calloc((size_t)C, sizeof *p.main_fails);
    p.free_text = calloc((size_t)C, sizeof *p.free_text);
    if (!p.labels || !p.alt_times || !p.alt_fails || !p.main_fails || !p.free_text) rc = ur_text_err(err, errlen, "out of memory");
    /* room for the rows the sample foretells, so that the columns rarely grow (a growth is a copy) */
    if (rc == 0 && rows_guess > 0 && grow_rows(&p, (int)fmin(rows_guess * 1.02 + 64, 0x7fffffff)) != 0)
      rc = ur_text_err(err, errlen, "out of memory: the file is too large for this machine");
    if (rc == 0) rc = source_scan(src, out->delimiter, 0, parse_cb, &p, &st, path, err, errlen) ? -1 : 0;
    if (rc == 0) settle_dates(&p);
    if (rc == 0 && out->n_rows == 0)
      rc = fail_at(err, errlen, sm.first_line, 0, out->has_header ? "a header but no data rows" : "no data rows");
    for (int k = 0; p.labels && k < C; k++) free(p.labels[k].slots);
    for (int k = 0; p.alt_times && k < C; k++) free(p.alt_times[k]);
    free(p.labels);
    free(p.alt_times);
    free(p.alt_fails);
    free(p.main_fails);
    free(p.free_text);
  }
  sample_free(&sm);
  return rc;
}

int ur_csv_parse(const char *buf, size_t len, const ur_csv_options *opt, ur_csv *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  source src = {buf, len, -1, (double)len, NULL, 0, 0, 0, 0};
  int rc = read_table(&src, "the text", opt, out, err, errlen);
  if (rc) ur_csv_free(out);
  return rc;
}

/* What a path that is not a regular file is, in words; NULL for a regular file. */
static const char *kind_of(mode_t m) {
  return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO (a pipe)" : S_ISCHR(m) ? "a character device"
         : S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : S_ISREG(m) ? NULL : "not a regular file";
}

int ur_csv_read(const char *path, const ur_csv_options *opt, ur_csv *out, char *err, size_t errlen) {
  char why[512];
  struct stat sb;
  memset(out, 0, sizeof *out);
  /* O_NONBLOCK: a FIFO must not block the open before it is refused */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return ur_text_err(err, errlen, "cannot open %s: %s", path, strerror(errno));
  if (fstat(fd, &sb) != 0 || kind_of(sb.st_mode)) {
    const char *what = kind_of(sb.st_mode);
    close(fd);
    return ur_text_err(err, errlen, "%s is %s, not a file of rows", path, what ? what : "unreadable");
  }
  source src = {NULL, 0, fd, (double)sb.st_size, malloc(CHUNK + UR_CSV_MAX_RECORD), 0, CHUNK + UR_CSV_MAX_RECORD, 0, 0};
  int rc = src.buf ? read_table(&src, path, opt, out, why, sizeof why) : ur_text_err(why, sizeof why, "out of memory");
  free(src.buf);
  close(fd);
  if (rc) {
    if (!strncmp(why, path, strlen(path))) snprintf(err, errlen, "%s", why);
    else snprintf(err, errlen, "%s: %s", path, why);
    ur_csv_free(out);
  }
  return rc;
}

int ur_csv_find(const ur_csv *c, const char *name) {
  if (!name) return -1;
  if (name[0] == '#') {
    int k = atoi(name + 1);
    return k >= 1 && k <= c->n_cols ? k - 1 : -1;
  }
  int found = -1;
  for (int i = 0; i < c->n_cols; i++)
    if (strcmp(c->cols[i].name, name) == 0) {
      if (found >= 0) return -2;
      found = i;
    }
  return found;
}

int ur_csv_guess_time(const ur_csv *c) {
  int first = -1;
  for (int i = 0; i < c->n_cols; i++)
    if (c->cols[i].type == UR_COL_DATE) {
      if (ur_date_name_like_time(c->cols[i].name)) return i;
      if (first < 0) first = i;
    }
  return first;
}

int ur_csv_guess_target(const ur_csv *c) {
  int time = ur_csv_guess_time(c);
  for (int i = 0; i < c->n_cols; i++)
    if (i != time && c->cols[i].type == UR_COL_NUMERIC && !ur_date_name_like_time(c->cols[i].name)) return i;
  return -1;
}

int ur_csv_parse_date_like(const ur_csv *c, const char *s, size_t n, double *seconds) {
  for (int i = 0; i < c->n_cols; i++)
    if (c->cols[i].type == UR_COL_DATE && ur_date_parse(s, n, c->cols[i].date_format, seconds) == 0) return 0;
  return ur_parse_date(s, n, 1, seconds);
}
