/* make_seeds.c OUT DATA: writes the real files the model and project fuzz
 * targets start from, into OUT: projects as the workbench saves them, with
 * runs of several kinds of stack (recurrent, batch-normalised with its
 * moving statistics, convolutional, linear) and one on a user's CSV (DATA's
 * trend.csv) with its csv line.  The model files come from `unroll train
 * --save` (run.sh).  Small series and one epoch: the seeds are for their
 * shapes, not their accuracy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "presets.h"
#include "project.h"
#include "run_exec.h"

static int train_into(ur_project *p, const char *preset, int colour) {
  char err[512];
  ur_run r;
  ur_project_new_run(p, &r);
  snprintf(r.name, sizeof r.name, "%s %d", preset, colour + 1);
  r.colour = colour;
  r.train.epochs = 1;
  if (ur_run_execute(&r, NULL, NULL, NULL, err, sizeof err) != 0) {
    fprintf(stderr, "make_seeds: %s: %s\n", preset, err);
    ur_run_clear(&r);
    return -1;
  }
  ur_run *runs = realloc(p->runs, sizeof *runs * (size_t)(p->n_runs + 1));
  if (!runs) return -1;
  p->runs = runs;
  p->runs[p->n_runs++] = r;
  return 0;
}

static int save(const ur_project *p, const char *dir, const char *name) {
  char path[4096], err[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (ur_project_save(p, path, err, sizeof err) == 0) return 0;
  fprintf(stderr, "make_seeds: %s\n", err);
  return -1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: make_seeds OUT DATA\n");
    return 2;
  }
  int rc = 0;
  ur_project p;
  ur_project_init(&p);
  rc |= save(&p, argv[1], "project-empty");
  /* a preset's stack and one or two runs of it, on 300 series */
  static const char *const presets[] = {"linear", "simple-rnn", "bn-rnn", "wavenet", "ln-rnn"};
  for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
    ur_project_init(&p);
    ur_project_apply_preset(&p, ur_preset_find(presets[i]));
    p.data.n_series = 300;
    rc |= train_into(&p, presets[i], 0);
    if (i == 0) rc |= train_into(&p, presets[i], 1);
    char name[64];
    snprintf(name, sizeof name, "project-%s", presets[i]);
    rc |= save(&p, argv[1], name);
    ur_project_clear(&p);
  }
  /* a user's series: the csv line and a run trained on it */
  char path[4096], err[512];
  snprintf(path, sizeof path, "%s/trend.csv", argv[2]);
  ur_csv csv;
  if (ur_csv_read(path, NULL, &csv, err, sizeof err) != 0) {
    fprintf(stderr, "make_seeds: %s\n", err);
    return 1;
  }
  ur_series_config cfg;
  ur_series_config_default(&cfg);
  cfg.target = ur_csv_guess_target(&csv);
  cfg.date = ur_csv_guess_time(&csv);
  cfg.lookback = 20;
  ur_csv_source src;
  ur_csv_source_init(&src);
  ur_project_init(&p);
  ur_project_apply_preset(&p, ur_preset_find("linear"));
  if (ur_csv_source_set(&src, path, &csv, &cfg) != 0 || ur_project_set_csv(&p, &src) != 0) {
    fprintf(stderr, "make_seeds: cannot set up %s\n", path);
    rc = 1;
  } else {
    rc |= train_into(&p, "linear", 0);
    rc |= save(&p, argv[1], "project-csv");
  }
  ur_project_clear(&p);
  ur_csv_free(&csv);
  return rc ? 1 : 0;
}
