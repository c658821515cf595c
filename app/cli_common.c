/* cli_common.c: option values, the progress bar, JSON output. */
#include "cli.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "pool.h"
#include "settings_io.h"

/* --series: the book's 50 steps and up to 10 ahead, sequence to sequence,
 * hold 560 values a series; 100000 series stay within the synthetic data's
 * limit (UR_SYNTHETIC_MAX_VALUES) for every preset. */
#define CLI_MAX_SERIES 100000
_Static_assert((size_t)CLI_MAX_SERIES * 560 <= UR_SYNTHETIC_MAX_VALUES, "--series within the data's limit");

int cli_int(const char *opt, const char *val, long lo, long hi, int *out) {
  char *end;
  errno = 0;
  long v = strtol(val, &end, 10);
  if (end == val || *end) {
    fprintf(stderr, "unroll: %s needs a whole number, not \"%s\"\n", opt, val);
    return -1;
  }
  if (errno == ERANGE || v < lo || v > hi) {
    fprintf(stderr, "unroll: %s must be between %ld and %ld (got %s)\n", opt, lo, hi, val);
    return -1;
  }
  *out = (int)v;
  return 0;
}

/* The range holds for the float that is used, not for the text: 1e-50 is
 * 0 as a float, and a learning rate of 0 cannot be honoured. */
int cli_float(const char *opt, const char *val, double lo, double hi, int lo_open, float *out) {
  char *end;
  double v = strtod(val, &end);
  if (end == val || *end || isnan(v)) {
    fprintf(stderr, "unroll: %s needs a number, not \"%s\"\n", opt, val);
    return -1;
  }
  float f = (float)v;
  double d = (double)f;
  if (!isfinite(d) || (lo_open ? d <= lo : d < lo) || d > hi) {
    const char *problem = !isfinite(d) ? ", which is too large for a single-precision float"
                          : v != 0 && f == 0 ? ", which is 0 as a single-precision float" : "";
    fprintf(stderr, "unroll: %s must be %s %g and at most %g (got %s%s)\n", opt, lo_open ? "greater than" : "at least",
            lo, hi, val, problem);
    return -1;
  }
  *out = f;
  return 0;
}

const char *cli_value(int argc, char **argv, int *i) {
  if (*i + 1 >= argc) {
    fprintf(stderr, "unroll: %s needs a value\n", argv[*i]);
    return NULL;
  }
  return argv[++*i];
}

void cli_bar_init(cli_bar *b) {
  b->enabled = isatty(STDERR_FILENO);
  b->last_len = 0;
}

void cli_bar_show(cli_bar *b, const char *label, double fraction, double elapsed) {
  if (!b->enabled) return;
  char bar[31];
  int filled = (int)(fraction * 30 + 0.5);
  for (int i = 0; i < 30; i++) bar[i] = i < filled ? '#' : '-';
  bar[30] = 0;
  double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  int n = fprintf(stderr, "\r%s [%s] %3.0f%%  %.0fs elapsed, ETA %.0fs ", label, bar, 100 * fraction, elapsed, eta);
  if (n < b->last_len) fprintf(stderr, "%*s", b->last_len - n, "");
  b->last_len = n;
  fflush(stderr);
}

void cli_bar_clear(cli_bar *b) {
  if (!b->enabled || !b->last_len) return;
  fprintf(stderr, "\r%*s\r", b->last_len, "");
  b->last_len = 0;
}

void cli_json_num(FILE *f, double v) {
  if (isfinite(v)) fprintf(f, "%.9g", v);
  else fputs("null", f);
}

void cli_json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

int cli_option_index(const char *a, const char *const *names, int n) {
  for (int j = 0; j < n; j++)
    if (!strcmp(a, names[j])) return j;
  return -1;
}

int cli_run_opt(int argc, char **argv, int *i, cli_run_opts *o) {
  const char *a = argv[*i], *v;
  if (!strcmp(a, "--json")) {
    o->json = 1;
    return 1;
  }
  static const char *const names[] = {"--epochs", "--batch", "--series", "--seed", "--data-seed", "--seeds", "--jobs"};
  int k = cli_option_index(a, names, (int)(sizeof names / sizeof names[0]));
  if (k < 0) return 0;
  if (!(v = cli_value(argc, argv, i))) return -1;
  switch (k) {
  case 0: return cli_int(a, v, 1, 100000, &o->epochs) ? -1 : 1;
  case 1: return cli_int(a, v, 1, 1 << 20, &o->batch) ? -1 : 1;
  case 2: return cli_int(a, v, 100, CLI_MAX_SERIES, &o->series) ? -1 : 1;
  case 3: o->seed_set = 1; return cli_int(a, v, 0, 2147483647, &o->seed) ? -1 : 1;
  case 4: o->data_seed_set = 1; return cli_int(a, v, 0, 2147483647, &o->data_seed) ? -1 : 1;
  case 5: return cli_int(a, v, 1, UR_GROUP_MAX_MEMBERS, &o->seeds) ? -1 : 1;
  default: return cli_int(a, v, 1, UR_POOL_MAX_JOBS, &o->jobs) ? -1 : 1;
  }
}

void cli_run_opts_apply(const cli_run_opts *o, ur_run *run) {
  if (o->epochs) run->train.epochs = o->epochs;
  if (o->batch) run->train.batch_size = o->batch;
  if (o->series) run->data.n_series = o->series;
  if (o->seed_set) run->train.seed = (uint32_t)o->seed;
  if (o->data_seed_set) run->data.seed = (uint32_t)o->data_seed;
  if (o->seeds) run->train.repeats = o->seeds;
}

int cli_jobs(const cli_run_opts *o) { return o->jobs ? o->jobs : ur_pool_default_jobs(); }
