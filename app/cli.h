/* cli.h: the headless command line (`unroll train|table|presets`).
 * Each command returns the process exit code; none opens a display. */
#ifndef UNROLL_CLI_H
#define UNROLL_CLI_H

#include <stdio.h>
#include "book.h"
#include "group.h"

int cli_presets(int argc, char **argv);
int cli_train(int argc, char **argv);
int cli_table(int argc, char **argv);
int cli_plot(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_forecast(int argc, char **argv);

/* Option parsing shared by the commands: each prints one line naming the
 * problem to stderr and returns -1 when the value is bad. */
int cli_int(const char *opt, const char *val, long lo, long hi, int *out);
int cli_float(const char *opt, const char *val, double lo, double hi, int lo_open, float *out);
/* The value of an option that needs one: argv[++*i], or NULL with a message. */
const char *cli_value(int argc, char **argv, int *i);
/* a's index among the n option names, or -1. */
int cli_option_index(const char *a, const char *const *names, int n);

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

/* Options `train`, `table` and `compare` share.  0 = not given. */
typedef struct {
  int epochs, batch, series, json;
  int seed_set, data_seed_set;
  int seed, data_seed;  /* the training seed (a group's base), the synthetic data's */
  int seeds;            /* members of each group: training seeds seed .. seed + seeds - 1 */
  int jobs;             /* members trained at once (0: one per core) */
} cli_run_opts;
/* Consumes argv[*i] (and its value) if it is a shared option: 1 consumed,
 * 0 not a shared option, -1 bad value (message printed). */
int cli_run_opt(int argc, char **argv, int *i, cli_run_opts *o);
/* The options given over a run's settings: --seed is the training's (a
 * group's base), --data-seed the synthetic series', --seeds the members. */
void cli_run_opts_apply(const cli_run_opts *o, ur_run *run);
/* --jobs, or one per online core. */
int cli_jobs(const cli_run_opts *o);
/* `train --csv`: options for a user's series (csv.h, series.h). */
typedef struct {
  const char *path, *column, *inputs, *date, *missing, *date_format, *transform, *id, *id_value, *targets;
  const char *split_dates;       /* "DATE,DATE", read as the file writes its dates */
  int lookback, horizon, stride;
  int season, season_set;
  double train_frac, valid_frac; /* 0 = the defaults */
} cli_csv_opts;
int cli_csv_opt(int argc, char **argv, int *i, cli_csv_opts *o);

/* Reads the CSV, checks and describes its columns and sets run up for the
 * preset on it: -1 to go on, or the exit code with a message printed. */
int cli_csv_setup(const ur_preset *p, const cli_csv_opts *o, int json, ur_csv *csv, ur_run *run);
/* "windows: N training, ...": what the series gave, once trained. */
void cli_csv_windows(const ur_run *run, int json, const ur_prepared *p);

/* ---- groups of seeds on one pool (cli_group.c) ---------------------------- */

typedef struct {
  const ur_preset *preset;
  int k;                    /* members */
  ur_run *members;          /* k, seeds base .. base + k - 1 */
  ur_book_figures *fig;     /* k: each member scored as the book does */
  int *rc;                  /* k: 0, or -1 with err */
  char (*err)[256];
  double *fraction;         /* k: how much of each member has trained */
  int done;                 /* members ended */
  ur_prepared prep;         /* the data every member reads */
  int prepared;
} cli_group;

/* g for preset p: k members of setup (one for a baseline preset), the data
 * prepared once (csv: the table read, or NULL).  0, or -1 with a reason
 * (cli_group_free it either way). */
int cli_group_setup(cli_group *g, const ur_preset *p, const ur_run *setup, int k, const ur_csv *csv, char *err,
                    size_t errlen);
void cli_group_free(cli_group *g);

/* What the pool reports, under one lock, from the members' threads. */
typedef struct {
  void (*progress)(const cli_group *gs, int n, int g, int k, const ur_progress *p, void *user);
  void (*member_done)(const cli_group *gs, int n, int g, int k, void *user);
  void (*group_done)(const cli_group *gs, int n, int g, void *user);
  void *user;
} cli_group_view;

/* Every member of groups[0..n-1] on one pool of `jobs` threads.  0, or -1
 * when the threads could not start. */
int cli_groups_train(cli_group *groups, int n, int jobs, const cli_group_view *view);
/* How much of all the members has trained, 0 to 1. */
double cli_groups_fraction(const cli_group *groups, int n);
/* The group's summary, and its figure as the book reports it. */
int cli_group_summarise(const cli_group *g, ur_group_summary *s, ur_stat *reported);

/* Groups for a list of presets (cli_group_setup each, after the options):
 * 0, or -1 with "unroll CMD: preset: reason" printed. */
int cli_groups_setup(cli_group *groups, const ur_preset *const *presets, int n, const cli_run_opts *ro,
                     const char *cmd);
/* Group a against group b, member k against member k (ur_group_compare). */
int cli_groups_compare(const cli_group *a, const cli_group *b, ur_group_verdict *v);
/* The options of `table` and `compare`: the shared ones and --presets.
 * -1 to go on, or the exit code (help, or a bad option with its message). */
int cli_preset_command_opts(int argc, char **argv, const char *cmd, const char *usage, cli_run_opts *ro,
                            const char **presets);

/* {"n": 5, "median": ..., "min": ..., "max": ..., "mean": ..., "sd": ...} */
void cli_json_stat(FILE *f, const ur_stat *s);
/* "0.00301 [0.00267 to 0.00359]" in significant digits, or one figure when there is no spread */
void cli_stat_text(const ur_stat *s, int digits, char *buf, size_t len);

#endif
