/* cli.h: the headless command line (`unroll train|table|presets`).
 * Each command returns the process exit code; none opens a display. */
#ifndef UNROLL_CLI_H
#define UNROLL_CLI_H

#include <stdio.h>
#include "book.h"

int cli_presets(int argc, char **argv);
int cli_train(int argc, char **argv);
int cli_table(int argc, char **argv);
int cli_plot(int argc, char **argv);

/* Option parsing shared by the commands: each prints one line naming the
 * problem to stderr and returns -1 when the value is bad. */
int cli_int(const char *opt, const char *val, long lo, long hi, int *out);
int cli_float(const char *opt, const char *val, double lo, double hi, int lo_open, float *out);
/* The value of an option that needs one: argv[++*i], or NULL with a message. */
const char *cli_value(int argc, char **argv, int *i);

/* A progress bar with ETA on stderr, only when it is a terminal. */
typedef struct {
  int enabled;
  int last_len;
} cli_bar;
void cli_bar_init(cli_bar *b);
void cli_bar_show(cli_bar *b, const char *label, double fraction, double elapsed);
void cli_bar_clear(cli_bar *b);

/* JSON helpers: a number, or null when not finite; a string with escapes. */
void cli_json_num(FILE *f, double v);
void cli_json_str(FILE *f, const char *s);

/* Options `train` and `table` share.  0 = not given. */
typedef struct {
  int epochs, batch, series, json;
  int seed_set;
  int seed;
} cli_run_opts;
/* Consumes argv[*i] (and its value) if it is a shared option: 1 consumed,
 * 0 not a shared option, -1 bad value (message printed). */
int cli_run_opt(int argc, char **argv, int *i, cli_run_opts *o);
/* The options given over a run's settings (--seed sets the data's and the training's). */
void cli_run_opts_apply(const cli_run_opts *o, ur_run *run);
/* `train --csv`: options for a user's series (csv.h, series.h). */
typedef struct {
  const char *path, *column, *inputs, *date, *missing;
  int lookback, horizon, stride;
  double train_frac, valid_frac; /* 0 = the defaults */
  double valid_from, test_from;  /* 0 = no date split */
} cli_csv_opts;
int cli_csv_opt(int argc, char **argv, int *i, cli_csv_opts *o);

/* Reads the CSV, checks and describes its columns and sets run up for the
 * preset on it: -1 to go on, or the exit code with a message printed. */
int cli_csv_setup(const ur_preset *p, const cli_csv_opts *o, int json, ur_csv *csv, ur_run *run);
/* "windows: N training, ...": what the series gave, once trained. */
void cli_csv_windows(const ur_run *run, int json, const ur_prepared *p);

#endif
