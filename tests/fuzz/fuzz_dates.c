/* fuzz_dates.c: libFuzzer target for engine/dates.c.  Any bytes must give an
 * answer, never a crash or a read outside them, and the answers must agree
 * with one another:
 *   - the whole input as one cell, under a few fixed formats: an instant that
 *     reads must write out in ISO 8601 and read back the same (to the
 *     microsecond the writer keeps);
 *   - the first line as a format, the rest as a cell: read, then written with
 *     the same format;
 *   - the lines as a column: a guessed format reads exactly the cells it says
 *     it read, at least 90% of them; the instants it reads, sorted, and a
 *     series stepped by the input's bytes go through ur_step_detect, whose
 *     counts must be consistent and whose grid must start at the first
 *     instant.
 * Build and run from the repository's root (Debian's clang and
 * libclang-rt-14-dev):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 *     -std=gnu11 -Iengine tests/fuzz/fuzz_dates.c engine/dates.c -lm -o build-fuzz/fuzz_dates
 *   build-fuzz/fuzz_dates -max_total_time=600 -max_len=4096 tests/fuzz/corpus-dates
 * replay.c runs the corpus as a plain program, as it does the CSV one's. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CELLS 256

static void check(int ok) {
  if (!ok) abort(); /* the fuzzer reports it with the input */
}

static void one_cell(const char *s, size_t n) {
  static const char *const formats[] = {"%Y-%m-%dT%H:%M:%S%z", "%d/%m/%Y %I:%M:%S %p", "%b %d, %Y", "%Y%m%d", "%T",
                                        "%Y"};
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
    double t, back;
    char buf[64];
    if (ur_date_parse(s, n, formats[i], &t) != 0) continue;
    check(isfinite(t));
    int k = ur_date_format(t, "%Y-%m-%dT%H:%M:%S", buf, sizeof buf);
    if (k < 0) continue; /* a zone moved it out of years 1..9999 */
    check(k == (int)strlen(buf));
    check(ur_date_parse(buf, (size_t)k, "%Y-%m-%dT%H:%M:%S", &back) == 0 && fabs(back - t) <= 1e-6 + 4.5e-16 * fabs(t));
  }
}

/* The first line is a format (NUL-terminated here), the rest a cell. */
static void format_and_cell(const char *s, size_t n) {
  const char *nl = memchr(s, '\n', n);
  if (!nl || nl - s >= UR_DATE_FORMAT_MAX) return;
  char format[UR_DATE_FORMAT_MAX], buf[256];
  memcpy(format, s, (size_t)(nl - s));
  format[nl - s] = 0;
  double t;
  if (ur_date_parse(nl + 1, n - (size_t)(nl - s) - 1, format, &t) != 0) return;
  int k = ur_date_format(t, format, buf, sizeof buf);
  check(k < 0 || k == (int)strlen(buf));
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void check_step(const double *t, long n) {
  ur_step s;
  ur_step_detect(t, n, &s);
  if (s.kind != UR_STEP_FIXED && s.kind != UR_STEP_MONTHS) return;
  check(s.expected >= 1 && s.missing >= 0 && s.missing < s.expected && s.off_grid >= 0 && s.off_grid * 10 <= n);
  check(s.expected - s.missing <= n - s.off_grid);
  check(ur_step_index(&s, t[0], t[0]) == 0 && ur_step_add(&s, t[0], 0) == t[0]);
  check(s.words[0] != 0);
}

/* The lines as a column: the guess, then the step of what it reads. */
static void column(const char *s, size_t n) {
  static const char *cells[MAX_CELLS];
  static size_t lens[MAX_CELLS];
  static double t[MAX_CELLS];
  int nc = 0;
  for (size_t start = 0; start <= n && nc < MAX_CELLS;) {
    const char *nl = memchr(s + start, '\n', n - start);
    size_t end = nl ? (size_t)(nl - s) : n;
    cells[nc] = s + start;
    lens[nc++] = end - start;
    start = end + 1;
  }
  ur_date_guess g;
  const char *name = nc > 0 && lens[0] < 40 ? "date" : NULL;
  if (ur_date_guess_format(cells, lens, nc, name, &g) != 0) {
    check(g.format[0] == 0 && g.describe != NULL);
    return;
  }
  check(g.format[0] && g.describe && g.matched <= g.tried && g.matched * 10 >= g.tried * 9);
  long read = 0;
  for (int i = 0; i < nc; i++)
    if (ur_date_parse(cells[i], lens[i], g.format, &t[read]) == 0) read++;
  check(read == g.matched);
  qsort(t, (size_t)read, sizeof t[0], compare_doubles);
  long distinct = 0;
  for (long i = 0; i < read; i++)
    if (distinct == 0 || t[i] != t[distinct - 1]) t[distinct++] = t[i];
  check_step(t, distinct);
}

/* A series stepped by the input's bytes: steps of a second to a month,
 * repeated, with the byte's high bits as a multiplier. */
static void stepped_series(const uint8_t *data, size_t size) {
  static const double unit[8] = {1, 60, 600, 3600, 86400, 604800, 2629746, 0.001};
  static double t[MAX_CELLS];
  long n = 0;
  double x = 1.7e9;
  for (size_t i = 0; i < size && n < MAX_CELLS; i++) {
    x += unit[data[i] & 7] * (double)((data[i] >> 3) + 1);
    t[n++] = x;
  }
  check_step(t, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  one_cell(s, size);
  format_and_cell(s, size);
  column(s, size);
  stepped_series(data, size);
  return 0;
}
