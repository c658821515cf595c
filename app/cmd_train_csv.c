/* cmd_train_csv.c: `unroll train --csv FILE --column NAME ...`: a user's own series. */
#include "cli.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int cli_csv_opt(int argc, char **argv, int *i, cli_csv_opts *o) {
  const char *a = argv[*i], *v;
  static const char *const names[] = {"--csv", "--column", "--inputs", "--date", "--lookback", "--horizon",
                                      "--stride", "--missing", "--split", "--split-dates", "--date-format",
                                      "--transform", "--season", "--id", "--id-value", "--targets"};
  int k = cli_option_index(a, names, (int)(sizeof names / sizeof names[0]));
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
  case 9: o->split_dates = v; return 1;
  case 10: o->date_format = v; return 1;
  case 11:
    if (ur_transform_from_name(v) < 0) {
      fprintf(stderr, "unroll train: --transform is none, difference, window or log, not \"%s\"\n", v);
      return -1;
    }
    o->transform = v;
    return 1;
  case 12:
    o->season_set = 1;
    if (!strcmp(v, "none")) return o->season = -1, 1;
    return cli_int(a, v, 2, 100000, &o->season) ? -1 : 1;
  case 13: o->id = v; return 1;
  case 14: o->id_value = v; return 1;
  default: o->targets = v; return 1;
  }
}

/* A column by name (or "#N"): its index, or -1 with a message naming the problem. */
static int column(const ur_csv *csv, const char *name, const char *what) {
  int k = ur_csv_find(csv, name);
  if (k == -2) {
    int first = -1;
    fprintf(stderr, "unroll train: %s column \"%s\" is ambiguous: columns", what, name);
    for (int i = 0; i < csv->n_cols; i++)
      if (!strcmp(csv->cols[i].name, name)) {
        fprintf(stderr, "%s %d", first >= 0 ? " and" : "", i + 1);
        if (first < 0) first = i;
      }
    fprintf(stderr, " have that name; name one by its number, e.g. #%d\n", first + 1);
    return -1;
  }
  if (k < 0) {
    fprintf(stderr, "unroll train: %s column \"%s\" is not in the file (its columns:", what, name);
    for (int i = 0; i < csv->n_cols; i++) fprintf(stderr, "%s \"%s\"", i ? "," : "", csv->cols[i].name);
    fprintf(stderr, ")\n");
  }
  return k;
}

/* "a,b,c" into columns: their count, or -1 with a message. */
static int column_list(const ur_csv *csv, const char *list, const char *what, int *idx, int max) {
  int n = 0;
  for (const char *s = list; s && *s;) {
    const char *comma = strchr(s, ',');
    char name[128];
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127), s);
    if (n >= max) {
      fprintf(stderr, "unroll train: at most %d %s columns\n", max, what);
      return -1;
    }
    if ((idx[n++] = column(csv, name, what)) < 0) return -1;
    s = comma ? comma + 1 : s + len;
  }
  return n;
}

/* A feature must hold numbers: said before anything else is printed. */
static int numeric(const ur_csv *csv, const char *path, int k) {
  const ur_csv_column *col = &csv->cols[k];
  if (col->type == UR_COL_NUMERIC) return 0;
  if (col->n_missing >= csv->n_rows) { /* no cell told its type: "text ("")" would mislead */
    fprintf(stderr, "unroll train: %s: column \"%s\" is empty: none of its %d rows holds a value\n", path, col->name,
            csv->n_rows);
    return -1;
  }
  int r = col->first_invalid_row >= 0 ? col->first_invalid_row : 0;
  fprintf(stderr, "unroll train: %s: line %d: column \"%s\" holds %s, not numbers (\"%s\")\n", path,
          ur_csv_line_of_row(csv, r), col->name, col->type == UR_COL_DATE ? "dates" : "text", col->first_invalid);
  return -1;
}

static void describe(const ur_csv *csv, FILE *out) {
  const char *delim = csv->delimiter == '\t' ? "tab" : csv->delimiter == ';' ? "semicolon" : "comma";
  fprintf(out, "%d rows, %d columns; %s-separated, %s header, decimal %s\n", csv->n_rows, csv->n_cols, delim,
          csv->has_header ? "a" : "no", csv->decimal == ',' ? "comma" : "point");
  for (int i = 0; i < csv->n_cols; i++) {
    const ur_csv_column *c = &csv->cols[i];
    fprintf(out, "  %-20s %-7s", c->name, c->type == UR_COL_NUMERIC ? "numbers" : c->type == UR_COL_DATE ? "dates" : "text");
    if (c->type == UR_COL_DATE) fprintf(out, "  %s (%s)", c->date_format, c->date_words ? c->date_words : "");
    if (c->type == UR_COL_DATE && c->date_alternative[0])
      fprintf(out, "  ambiguous: every date also reads as %s; --date-format %s if that is right", c->date_alternative,
              c->date_alternative);
    if (c->type == UR_COL_TEXT && c->labels) fprintf(out, "  %d distinct", c->n_labels);
    if (c->n_missing) fprintf(out, "  %d missing", c->n_missing);
    if (c->n_invalid && c->type != UR_COL_TEXT)
      fprintf(out, "  %d not %s (first: line %d, \"%s\")", c->n_invalid, c->type == UR_COL_DATE ? "dates" : "numbers",
              ur_csv_line_of_row(csv, c->first_invalid_row), c->first_invalid);
    fputc('\n', out);
  }
}

/* The target, time axis, inputs, further targets and id: as asked, or as a
 * user would pick them (a date or year column is the time axis, never the
 * target).  0, or the exit code with a message. */
static int pick_columns(const cli_csv_opts *o, const ur_csv *csv, FILE *out, ur_series_config *sc) {
  if (o->column) sc->target = column(csv, o->column, "the");
  else if ((sc->target = ur_csv_guess_target(csv)) < 0) {
    fprintf(stderr, "unroll train: %s has no column of numbers to forecast\n", o->path);
    return 2;
  }
  if (sc->target < 0) return 2;
  if (o->date && !strcmp(o->date, "none")) sc->date = -1;
  else if (o->date) {
    if ((sc->date = column(csv, o->date, "the date")) < 0) return 2;
  } else {
    sc->date = ur_csv_guess_time(csv);
  }
  if (sc->date == sc->target) sc->date = -1;
  if ((sc->n_inputs = column_list(csv, o->inputs, "input", sc->inputs, UR_SERIES_MAX_FEATURES - 1)) < 0) return 2;
  if ((sc->n_more_targets = column_list(csv, o->targets, "target", sc->more_targets, UR_SERIES_MAX_TARGETS - 1)) < 0)
    return 2;
  if (o->id && (sc->id = column(csv, o->id, "the id")) < 0) return 2;
  if (o->id_value && !o->id) {
    fprintf(stderr, "unroll train: --id-value needs --id COLUMN, the column that names each row's series\n");
    return 2;
  }
  if (o->id_value) snprintf(sc->id_value, sizeof sc->id_value, "%s", o->id_value);
  if (o->id_value && csv->cols[sc->id].type == UR_COL_TEXT && csv->cols[sc->id].labels) {
    const ur_csv_column *c = &csv->cols[sc->id];
    int found = 0;
    for (int l = 0; l < c->n_labels && !found; l++) found = !strcmp(c->label_names[l], o->id_value);
    if (!found) {
      fprintf(stderr, "unroll train: no series \"%s\" in column \"%s\" (its ids:", o->id_value, c->name);
      for (int l = 0; l < c->n_labels && l < 20; l++) fprintf(stderr, "%s %s", l ? "," : "", c->label_names[l]);
      fprintf(stderr, "%s)\n", c->n_labels > 20 ? ", ..." : "");
      return 2;
    }
  }
  if (numeric(csv, o->path, sc->target)) return 2;
  for (int f = 0; f < sc->n_inputs; f++)
    if (numeric(csv, o->path, sc->inputs[f])) return 2;
  for (int f = 0; f < sc->n_more_targets; f++)
    if (numeric(csv, o->path, sc->more_targets[f])) return 2;
  /* said once everything is known to work */
  if (!o->column)
    fprintf(out, "target: %s (the first column of numbers that is not the time axis; --column to choose)\n",
            csv->cols[sc->target].name);
  if (!o->date && sc->date >= 0)
    fprintf(out, "time axis: %s (--date COLUMN or --date none to choose)\n", csv->cols[sc->date].name);
  return 0;
}

/* The windows, split, transform and season: as asked, or defaults that fit
 * the series (a short one gets a lookback that leaves windows to train on).
 * 0, or the exit code with a message. */
static int pick_settings(const ur_preset *p, const cli_csv_opts *o, const ur_csv *csv, FILE *out,
                         ur_series_config *sc) {
  sc->horizon = o->horizon ? o->horizon : p->horizon > 1 ? p->horizon : sc->horizon; /* a -10 preset forecasts 10 */
  if (o->stride) sc->stride = o->stride;
  if (o->missing) sc->missing = (ur_missing_policy)ur_missing_policy_from_name(o->missing);
  if (o->transform) sc->transform = (ur_transform)ur_transform_from_name(o->transform);
  if (o->season_set) sc->season = o->season;
  if (o->train_frac > 0) sc->train_frac = o->train_frac, sc->valid_frac = o->valid_frac;
  if (o->split_dates) {
    const char *v = o->split_dates, *comma = strchr(v, ',');
    if (!comma || ur_csv_parse_date_like(csv, v, (size_t)(comma - v), &sc->valid_from) ||
        ur_csv_parse_date_like(csv, comma + 1, strlen(comma + 1), &sc->test_from)) {
      fprintf(stderr, "unroll train: --split-dates takes two dates, where validation and test start "
                      "(e.g. 2023-01-01,2023-07-01, or as the file writes its dates)\n");
      return 2;
    }
  }
  if (o->lookback) sc->lookback = o->lookback;
  else {
    int series = sc->id >= 0 && csv->cols[sc->id].type == UR_COL_TEXT && !sc->id_value[0] && csv->cols[sc->id].n_labels > 0
                     ? csv->cols[sc->id].n_labels
                     : 1;
    long train_rows = (long)(csv->n_rows / series * sc->train_frac), room = train_rows - sc->horizon - 1;
    if (room - sc->lookback < 30 && room >= 7) { /* a third of the room: twice as many windows as inputs */
      sc->lookback = (int)((room - 4) / 3 < 50 ? (room - 4) / 3 : 50);
      fprintf(out, "lookback %d: a lookback of 50 leaves too few training windows in %ld training rows (--lookback to "
                   "choose)\n", sc->lookback, train_rows);
    }
  }
  return 0;
}

/* Reads the file, checks the columns, describes it and sets run up for
 * the preset on it: -1 to go on, or the exit code with a message printed. */
int cli_csv_setup(const ur_preset *p, const cli_csv_opts *o, int json, ur_csv *csv, ur_run *run) {
  char err[512];
  ur_csv_options opt = {o->date_format, o->date && strcmp(o->date, "none") ? o->date : NULL, NULL, NULL};
  if (ur_csv_read(o->path, &opt, csv, err, sizeof err) != 0) {
    fprintf(stderr, "unroll train: %s\n", err);
    return 1;
  }
  FILE *out = json ? stderr : stdout;
  ur_series_config sc;
  ur_series_config_default(&sc);
  int code = pick_columns(o, csv, out, &sc);
  if (code) return code;
  fprintf(out, "%s: %s\n%s: ", p->name, p->description, o->path);
  describe(csv, out);
  if ((code = pick_settings(p, o, csv, out, &sc))) return code;
  ur_csv_source src;
  if (ur_csv_source_set(&src, o->path, csv, &sc) != 0 || ur_book_setup(p, &src, run, err, sizeof err) != 0) {
    fprintf(stderr, "unroll train: %s\n", err);
    return 1;
  }
  if (o->date_format) snprintf(run->data.csv.date_format, sizeof run->data.csv.date_format, "%s", o->date_format);
  return -1;
}

void cli_csv_windows(const ur_run *run, int json, const ur_prepared *p) {
  const ur_series *s = &p->series;
  const ur_series_config *sc = &run->data.csv.cfg;
  FILE *out = json ? stderr : stdout;
  fprintf(out, "windows: %d training, %d validation, %d test (lookback %d, horizon %d); %ld %s filled (%s; %ld of "
               "them not numbers), %ld %s dropped; each series scaled with its training span's mean and deviation; "
               "transform %s\n",
          s->train.n, s->valid.n, s->test.n, sc->lookback, sc->horizon, s->n_missing, s->n_missing == 1 ? "cell" : "cells",
          ur_missing_policy_name(sc->missing), s->n_invalid, s->n_dropped, s->n_dropped == 1 ? "row" : "rows",
          ur_transform_name(sc->transform));
  if (s->notes[0]) fprintf(out, "series: %s\n", s->notes);
  if (p->note[0]) fprintf(out, "baselines: %s\n", p->note);
}
