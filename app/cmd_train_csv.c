/* cmd_train_csv.c: `unroll train --csv FILE --column NAME ...`: a user's own series. */
#include "cli.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int cli_csv_opt(int argc, char **argv, int *i, cli_csv_opts *o) {
  const char *a = argv[*i], *v;
  static const char *const names[] = {"--csv", "--column", "--inputs", "--date", "--lookback", "--horizon",
                                      "--stride", "--missing", "--split", "--split-dates"};
  int k = -1;
  for (int j = 0; j < (int)(sizeof names / sizeof names[0]); j++)
    if (!strcmp(a, names[j])) k = j;
  if (k < 0) return 0;
  if (!(v = cli_value(argc, argv, i))) return -1;
  switch (k) {
  case 0: o->path = v; return 1;
  case 1: o->column = v; return 1;
  case 2: o->inputs = v; return 1;
  case 3: o->date = v; return 1;
  case 4: return cli_int(a, v, 1, 100000, &o->lookback) ? -1 : 1;
  case 5: return cli_int(a, v, 1, 10000, &o->horizon) ? -1 : 1;
  case 6: return cli_int(a, v, 1, 100000, &o->stride) ? -1 : 1;
  case 7:
    if (ur_missing_policy_from_name(v) < 0) {
      fprintf(stderr, "unroll train: --missing is interpolate, carry-forward or drop, not \"%s\"\n", v);
      return -1;
    }
    o->missing = v;
    return 1;
  case 8: {
    char *end;
    o->train_frac = strtod(v, &end);
    o->valid_frac = *end == ',' ? strtod(end + 1, &end) : -1;
    if (*end || !(o->train_frac > 0) || !(o->valid_frac > 0) || o->train_frac + o->valid_frac > 1) {
      fprintf(stderr, "unroll train: --split takes two fractions, training and validation, e.g. 0.7,0.2\n");
      return -1;
    }
    return 1;
  }
  default: {
    const char *comma = strchr(v, ',');
    if (!comma || ur_parse_date(v, (size_t)(comma - v), 1, &o->valid_from) ||
        ur_parse_date(comma + 1, strlen(comma + 1), 1, &o->test_from)) {
      fprintf(stderr, "unroll train: --split-dates takes two dates, where validation and test start "
                      "(e.g. 2023-01-01,2023-07-01)\n");
      return -1;
    }
    return 1;
  }
  }
}

static int column(const ur_csv *csv, const char *name, const char *what) {
  int k = ur_csv_find(csv, name);
  if (k < 0) {
    fprintf(stderr, "unroll train: %s column \"%s\" is not in the file (its columns:", what, name);
    for (int i = 0; i < csv->n_cols; i++) fprintf(stderr, "%s \"%s\"", i ? "," : "", csv->cols[i].name);
    fprintf(stderr, ")\n");
  }
  return k;
}

static void describe(const ur_csv *csv, FILE *out) {
  const char *delim = csv->delimiter == '\t' ? "tab" : csv->delimiter == ';' ? "semicolon" : "comma";
  fprintf(out, "%d rows, %d columns; %s-separated, %s header, decimal %s\n", csv->n_rows, csv->n_cols, delim,
          csv->has_header ? "a" : "no", csv->decimal == ',' ? "comma" : "point");
  for (int i = 0; i < csv->n_cols; i++) {
    const ur_csv_column *c = &csv->cols[i];
    fprintf(out, "  %-20s %-7s", c->name, c->type == UR_COL_NUMERIC ? "numbers" : c->type == UR_COL_DATE ? "dates" : "text");
    if (c->n_missing) fprintf(out, "  %d missing", c->n_missing);
    if (c->n_invalid && c->type != UR_COL_TEXT)
      fprintf(out, "  %d not %s (first: line %d, \"%s\")", c->n_invalid, c->type == UR_COL_DATE ? "dates" : "numbers",
              ur_csv_line_of_row(csv, c->first_invalid_row), c->first_invalid);
    fputc('\n', out);
  }
}

/* Reads the file, checks the columns, describes it and sets run up for
 * the preset on it: -1 to go on, or the exit code with a message printed. */
int cli_csv_setup(const ur_preset *p, const cli_csv_opts *o, int json, ur_csv *csv, ur_run *run) {
  char err[512];
  if (!o->column) {
    fprintf(stderr, "unroll train: --csv needs --column NAME, the series to forecast\n");
    return 2;
  }
  if (ur_csv_read(o->path, NULL, csv, err, sizeof err) != 0) {
    fprintf(stderr, "unroll train: %s\n", err);
    return 1;
  }
  FILE *out = json ? stderr : stdout;
  ur_series_config sc;
  ur_series_config_default(&sc);
  if ((sc.target = column(csv, o->column, "the")) < 0) return 2;
  if (o->date && (sc.date = column(csv, o->date, "the date")) < 0) return 2;
  for (const char *s = o->inputs; s && *s;) {
    const char *comma = strchr(s, ',');
    char name[128];
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127), s);
    if (sc.n_inputs >= UR_SERIES_MAX_FEATURES - 1) {
      fprintf(stderr, "unroll train: at most %d input columns\n", UR_SERIES_MAX_FEATURES - 1);
      return 2;
    }
    if ((sc.inputs[sc.n_inputs++] = column(csv, name, "the input")) < 0) return 2;
    s = comma ? comma + 1 : s + len;
  }
  for (int f = -1; f < sc.n_inputs; f++) { /* numbers only, said before anything else is printed */
    const ur_csv_column *col = &csv->cols[f < 0 ? sc.target : sc.inputs[f]];
    if (col->type != UR_COL_NUMERIC) {
      int r = col->first_invalid_row >= 0 ? col->first_invalid_row : 0;
      fprintf(stderr, "unroll train: %s: line %d: column \"%s\" holds %s, not numbers (\"%s\")\n", o->path,
              ur_csv_line_of_row(csv, r), col->name, col->type == UR_COL_DATE ? "dates" : "text", col->first_invalid);
      return 2;
    }
  }
  fprintf(out, "%s: %s\n%s: ", p->name, p->description, o->path);
  describe(csv, out);
  if (o->lookback) sc.lookback = o->lookback;
  if (o->horizon) sc.horizon = o->horizon;
  if (o->stride) sc.stride = o->stride;
  if (o->missing) sc.missing = (ur_missing_policy)ur_missing_policy_from_name(o->missing);
  if (o->train_frac > 0) { sc.train_frac = o->train_frac; sc.valid_frac = o->valid_frac; }
  if (o->valid_from != 0 || o->test_from != 0) { sc.valid_from = o->valid_from; sc.test_from = o->test_from; }
  ur_csv_source src;
  if (ur_csv_source_set(&src, o->path, csv, &sc) != 0 || ur_book_setup(p, &src, run, err, sizeof err) != 0) {
    fprintf(stderr, "unroll train: %s\n", err);
    return 1;
  }
  return -1;
}

void cli_csv_windows(const ur_run *run, int json, const ur_prepared *p) {
  const ur_series *s = &p->series;
  const ur_series_config *sc = &run->data.csv.cfg;
  fprintf(json ? stderr : stdout,
          "windows: %d training, %d validation, %d test (lookback %d, horizon %d); %ld cells filled (%s), "
          "%ld rows dropped; standardised with the training span's mean and deviation\n",
          s->train.n, s->valid.n, s->test.n, sc->lookback, sc->horizon, s->n_missing + s->n_invalid,
          ur_missing_policy_name(sc->missing), s->n_dropped);
}
