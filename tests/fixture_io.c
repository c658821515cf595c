/* fixture_io.c: reader for the reference fixtures (see fixture_io.h). */
#define _POSIX_C_SOURCE 200809L

#include "fixture_io.h"
#include "check.h"
#include "file_io.h"
#include "model_io.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void set_err(char *err, size_t errlen, const char *name, int line, const char *fmt, ...) {
  if (!err || errlen == 0) return;
  int n = line > 0 ? snprintf(err, errlen, "%s:%d: ", name, line) : snprintf(err, errlen, "%s: ", name);
  if (n < 0) n = 0;
  if ((size_t)n < errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
  }
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/* Next whitespace-separated token of *s (modified in place: NUL-terminated);
 * NULL at the end of the line. */
static char *next_token(char **s) {
  char *p = *s;
  while (*p && is_space(*p)) p++;
  if (!*p) {
    *s = p;
    return NULL;
  }
  char *start = p;
  while (*p && !is_space(*p)) p++;
  if (*p) *p++ = '\0';
  *s = p;
  return start;
}

static int parse_int(const char *tok, long lo, long hi, int *out) {
  char *end;
  errno = 0;
  long v = strtol(tok, &end, 10);
  if (errno || end == tok || *end || v < lo || v > hi) return -1;
  *out = (int)v;
  return 0;
}

static int copy_name(char *dst, const char *src) {
  size_t n = strlen(src);
  if (n == 0 || n >= FX_NAME_LEN) return -1;
  memcpy(dst, src, n + 1);
  return 0;
}

void fx_free(fx_fixture *f) {
  if (!f) return;
  for (int i = 0; i < f->n_arrays; i++) free(f->arrays[i].data);
  free(f->arrays);
  memset(f, 0, sizeof *f);
}

const fx_array *fx_find(const fx_fixture *f, const char *name) {
  for (int i = 0; i < f->n_arrays; i++)
    if (strcmp(f->arrays[i].name, name) == 0) return &f->arrays[i];
  return NULL;
}

const char *fx_spec(const fx_fixture *f, const char *key) {
  for (int i = 0; i < f->n_spec; i++)
    if (strcmp(f->spec[i].key, key) == 0) return f->spec[i].value;
  return NULL;
}

int fx_spec_int(const fx_fixture *f, const char *key, long lo, long hi, int *out) {
  const char *v = fx_spec(f, key);
  return v ? parse_int(v, lo, hi, out) : -1;
}

/* Parses a mutable, NUL-terminated buffer. */
static int parse_buffer(char *buf, const char *name, fx_fixture *f, char *err, size_t errlen) {
  int have_case = 0, have_spec = 0, cap = 0;
  fx_array *pending = NULL; /* header read, values expected */
  int pending_line = 0;
  int lineno = 0;
  char *p = buf;

  while (*p) {
    char *line = p;
    char *nl = strchr(p, '\n');
    if (nl) {
      *nl = '\0';
      p = nl + 1;
    } else {
      p += strlen(p);
    }
    lineno++;

    char *s = line;
    while (*s && is_space(*s)) s++;
    if (*s == '\0' || *s == '#') continue;

    if (pending) {
      /* Values line of the array just declared. */
      size_t n = 0;
      char *q = s;
      while (1) {
        while (*q && is_space(*q)) q++;
        if (!*q) break;
        if (n == pending->size) {
          set_err(err, errlen, name, lineno, "array %s: more than %zu values", pending->name,
                  pending->size);
          return -1;
        }
        char *end;
        double v = strtod(q, &end);
        if (end == q || (*end && !is_space(*end))) {
          char tok[24];
          size_t k = 0;
          while (q[k] && !is_space(q[k]) && k + 1 < sizeof tok) {
            tok[k] = q[k];
            k++;
          }
          tok[k] = '\0';
          set_err(err, errlen, name, lineno, "array %s: bad number '%s'", pending->name, tok);
          return -1;
        }
        pending->data[n++] = v;
        q = end;
      }
      if (n != pending->size) {
        set_err(err, errlen, name, lineno, "array %s: %zu values, header (line %d) says %zu",
                pending->name, n, pending_line, pending->size);
        return -1;
      }
      pending = NULL;
      continue;
    }

    char *rest = s;
    char *word = next_token(&rest);
    if (!have_case) {
      char *cname = next_token(&rest);
      if (strcmp(word, "case") != 0 || !cname || next_token(&rest)) {
        set_err(err, errlen, name, lineno, "expected 'case <name>' first");
        return -1;
      }
      if (copy_name(f->name, cname)) {
        set_err(err, errlen, name, lineno, "case name too long");
        return -1;
      }
      have_case = 1;
    } else if (strcmp(word, "case") == 0) {
      set_err(err, errlen, name, lineno, "second 'case' line");
      return -1;
    } else if (strcmp(word, "spec") == 0) {
      if (have_spec) {
        set_err(err, errlen, name, lineno, "second 'spec' line");
        return -1;
      }
      have_spec = 1;
      char *tok;
      while ((tok = next_token(&rest))) {
        char *eq = strchr(tok, '=');
        if (!eq || eq == tok || !eq[1]) {
          set_err(err, errlen, name, lineno, "spec item '%s' is not key=value", tok);
          return -1;
        }
        *eq = '\0';
        if (f->n_spec == FX_MAX_SPEC) {
          set_err(err, errlen, name, lineno, "more than %d spec items", FX_MAX_SPEC);
          return -1;
        }
        if (fx_spec(f, tok)) {
          set_err(err, errlen, name, lineno, "spec key '%s' repeated", tok);
          return -1;
        }
        fx_spec_item *it = &f->spec[f->n_spec];
        if (copy_name(it->key, tok) || copy_name(it->value, eq + 1)) {
          set_err(err, errlen, name, lineno, "spec item '%s' too long", tok);
          return -1;
        }
        f->n_spec++;
      }
    } else if (strcmp(word, "array") == 0) {
      char *aname = next_token(&rest);
      char *nd = next_token(&rest);
      int ndim;
      if (!aname || !nd || parse_int(nd, 0, FX_MAX_DIMS, &ndim)) {
        set_err(err, errlen, name, lineno, "expected 'array <name> <ndim 0..%d> <dims>'",
                FX_MAX_DIMS);
        return -1;
      }
      if (strlen(aname) >= FX_NAME_LEN) {
        set_err(err, errlen, name, lineno, "array name too long");
        return -1;
      }
      if (fx_find(f, aname)) {
        set_err(err, errlen, name, lineno, "array %s repeated", aname);
        return -1;
      }
      fx_array a;
      memset(&a, 0, sizeof a);
      copy_name(a.name, aname);
      a.ndim = ndim;
      a.size = 1;
      for (int i = 0; i < ndim; i++) {
        char *d = next_token(&rest);
        if (!d || parse_int(d, 0, INT_MAX, &a.dims[i])) {
          set_err(err, errlen, name, lineno, "array %s: bad or missing dimension %d", aname, i);
          return -1;
        }
        if (a.dims[i] > 0 && a.size > (SIZE_MAX / sizeof(double)) / (size_t)a.dims[i]) {
          set_err(err, errlen, name, lineno, "array %s: too large", aname);
          return -1;
        }
        a.size *= (size_t)a.dims[i];
      }
      if (next_token(&rest)) {
        set_err(err, errlen, name, lineno, "array %s: more dimensions than ndim %d", aname, ndim);
        return -1;
      }
      if (f->n_arrays == cap) {
        int ncap = cap ? cap * 2 : 16;
        fx_array *na = realloc(f->arrays, (size_t)ncap * sizeof *na);
        if (!na) {
          set_err(err, errlen, name, lineno, "out of memory");
          return -1;
        }
        f->arrays = na;
        cap = ncap;
      }
      a.data = malloc(a.size ? a.size * sizeof(double) : 1);
      if (!a.data) {
        set_err(err, errlen, name, lineno, "out of memory for array %s", aname);
        return -1;
      }
      f->arrays[f->n_arrays++] = a;
      pending = &f->arrays[f->n_arrays - 1];
      pending_line = lineno;
      if (a.size == 0) pending = NULL; /* no values line for an empty array */
    } else {
      set_err(err, errlen, name, lineno, "unknown line '%s'", word);
      return -1;
    }
  }
  if (!have_case) {
    set_err(err, errlen, name, 0, "no 'case' line");
    return -1;
  }
  if (pending) {
    set_err(err, errlen, name, lineno, "array %s: values line missing", pending->name);
    return -1;
  }
  return 0;
}

int fx_parse(const char *text, size_t len, const char *name, fx_fixture *f, char *err,
             size_t errlen) {
  memset(f, 0, sizeof *f);
  if (err && errlen) err[0] = '\0';
  if (memchr(text, '\0', len)) {
    set_err(err, errlen, name, 0, "NUL byte in text");
    return -1;
  }
  char *buf = malloc(len + 1);
  if (!buf) {
    set_err(err, errlen, name, 0, "out of memory");
    return -1;
  }
  memcpy(buf, text, len);
  buf[len] = '\0';
  int rc = parse_buffer(buf, name, f, err, errlen);
  free(buf);
  if (rc) fx_free(f);
  return rc;
}

int fx_load(const char *path, fx_fixture *f, char *err, size_t errlen) {
  memset(f, 0, sizeof *f);
  size_t len;
  /* the engine's reader; its message names the file.  No fixture comes near 1 GiB. */
  unsigned char *buf = ur_read_file(path, (size_t)1 << 30, &len, err, errlen);
  if (!buf) return -1;
  int rc = fx_parse((const char *)buf, len, path, f, err, errlen);
  free(buf);
  return rc;
}

int fx_sniff(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return 0;
  int result = 0, at_line_start = 1, in_comment = 0, c;
  char word[6];
  size_t n = 0;
  while ((c = fgetc(fp)) != EOF) {
    if (c == '\n') {
      if (!in_comment && n > 0) break; /* a short first line: not a fixture */
      at_line_start = 1, in_comment = 0, n = 0;
      continue;
    }
    if (in_comment) continue;
    if (at_line_start && n == 0 && is_space((char)c)) continue;
    if (at_line_start && n == 0 && c == '#') {
      in_comment = 1;
      continue;
    }
    at_line_start = 0;
    word[n++] = (char)c;
    if (n == 5) {
      result = memcmp(word, "case", 4) == 0 && is_space(word[4]);
      break;
    }
  }
  fclose(fp);
  return result;
}

const fx_array *fx_find_n(const fx_fixture *f, char prefix, int i) {
  char nm[16];
  snprintf(nm, sizeof nm, "%c%d", prefix, i);
  return fx_find(f, nm);
}

float *fx_to_float(const fx_array *a) {
  float *f = malloc((a->size ? a->size : 1) * sizeof *f);
  if (f)
    for (size_t i = 0; i < a->size; i++) f[i] = (float)a->data[i];
  return f;
}

fx_err fx_max_err(const float *got, const double *want, size_t n) {
  fx_err e = {0.0, 0, 0.0};
  for (size_t i = 0; i < n; i++) {
    double d = fabs((double)got[i] - want[i]);
    double rel = d / (fabs(want[i]) > 1.0 ? fabs(want[i]) : 1.0);
    if (rel != rel) rel = INFINITY; /* NaN */
    if (rel > e.worst) {
      e.worst = rel;
      e.at = i;
    }
    if (d > e.worst_abs) e.worst_abs = d;
  }
  return e;
}

/* ------------------------------------------------------------ file lists */

typedef struct {
  char **v;
  int n, cap;
} strlist;

/* Appends a copy of s; -1 when out of memory. */
static int strlist_add(strlist *l, const char *s) {
  if (l->n == l->cap) {
    int nc = l->cap ? l->cap * 2 : 16;
    char **nv = realloc(l->v, (size_t)nc * sizeof *nv);
    if (!nv) return -1;
    l->v = nv;
    l->cap = nc;
  }
  size_t len = strlen(s);
  char *c = malloc(len + 1);
  if (!c) return -1;
  memcpy(c, s, len + 1);
  l->v[l->n++] = c;
  return 0;
}

static void strlist_free(strlist *l) {
  for (int i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Appends dir/<prefix>*.txt (not hidden, with something between the prefix
 * and ".txt"), sorted by name; with sniff only the files fx_sniff takes for
 * reference fixtures.  -1 if the directory cannot be read. */
static int list_dir(strlist *l, const char *dir, const char *prefix, int sniff) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  size_t np = strlen(prefix);
  strlist names = {0};
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t n = strlen(e->d_name);
    if (n > np + 4 && e->d_name[0] != '.' && strncmp(e->d_name, prefix, np) == 0 &&
        strcmp(e->d_name + n - 4, ".txt") == 0)
      strlist_add(&names, e->d_name);
  }
  closedir(d);
  if (names.n) qsort(names.v, (size_t)names.n, sizeof *names.v, cmp_str);
  for (int i = 0; i < names.n; i++) {
    size_t len = strlen(dir) + strlen(names.v[i]) + 2;
    char *p = malloc(len);
    if (p) {
      snprintf(p, len, "%s/%s", dir, names.v[i]);
      if (!sniff || fx_sniff(p)) strlist_add(l, p);
      free(p);
    }
  }
  strlist_free(&names);
  return 0;
}

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Each path that is a directory adds its files as list_dir does, any other
 * path is added as it is; with no paths, default_dir. */
static void collect(strlist *l, char *const *paths, int n, const char *default_dir, const char *prefix,
                    int sniff) {
  if (n > 0) {
    for (int i = 0; i < n; i++) {
      if (is_dir(paths[i])) {
        if (list_dir(l, paths[i], prefix, sniff)) fprintf(stderr, "cannot read directory %s\n", paths[i]);
      } else {
        strlist_add(l, paths[i]);
      }
    }
  } else if (list_dir(l, default_dir, prefix, sniff)) {
    fprintf(stderr, "cannot read directory %s\n", default_dir);
  }
}

int fx_main(char *const *paths, int n, const char *default_dir, const char *prefix, int sniff, fx_case_fn run_case) {
  strlist files = {0};
  collect(&files, paths, n, default_dir, prefix, sniff);
  static char msg[1 << 14]; /* room for a case's first failure and the lines under it */
  int passed = 0;
  for (int i = 0; i < files.n; i++) {
    fx_fixture fx;
    int loaded = fx_load(files.v[i], &fx, msg, sizeof msg) == 0;
    CHECK(loaded, "%s: %s", files.v[i], msg);
    if (!loaded) continue;
    msg[0] = '\0';
    int ok = run_case(&fx, msg, sizeof msg) == 0;
    CHECK(ok, "%s: %s", fx.name, msg);
    if (ok) printf("ok %s\n", fx.name);
    passed += ok;
    fflush(stdout);
    fx_free(&fx);
  }
  strlist_free(&files);
  CHECK(passed > 0, "no fixture found");
  return check_summary();
}
