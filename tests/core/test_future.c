/* test_future.c: forecasts past the end, the window's and the command
 * line's.  A group of two rnn-vector-10 members trained on weather.csv
 * for ten steps ahead (3 epochs) is saved in a project; then
 *   - the window's Future view: UnrollComparison's futures for the group,
 *     computed in its worker as the chart draws them;
 *   - `unroll forecast --project P --out F`: the CSV it writes;
 * must agree step by step: the same dates after the file's last day, and
 * the CSV's median, low and high equal to the members' futures' (to the
 * CSV's 9 significant digits).
 * usage: test_future UNROLL_EXE WEATHER_CSV */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "dates.h"
#include "group.h"
#include "project.h"
#include "run_exec.h"
#include "unroll-comparison.h"
#include "unroll-run-group.h"
#include "unroll-run.h"

#define MEMBERS 2

/* A project on weather.csv holding one trained group of MEMBERS. */
static int make_project(const char *csv_path, ur_project *pr) {
  ur_csv csv;
  char err[512];
  if (ur_csv_read(csv_path, NULL, &csv, err, sizeof err) != 0) {
    CHECK(0, "%s", err);
    return -1;
  }
  ur_series_config cfg;
  ur_series_config_default(&cfg);
  cfg.target = ur_csv_find(&csv, "temperature");
  cfg.date = ur_csv_find(&csv, "date");
  cfg.horizon = 10; /* as the import dialog sets it: ten steps past the end */
  ur_csv_source src;
  ur_csv_source_set(&src, csv_path, &csv, &cfg);
  ur_csv_free(&csv);
  ur_project_init(pr);
  const ur_preset *p = ur_preset_find("rnn-vector-10");
  if (!p || ur_project_set_csv(pr, &src) != 0 || ur_project_apply_preset(pr, p) != 0) {
    CHECK(0, "rnn-vector-10 on the CSV");
    return -1;
  }
  pr->train.epochs = 3;
  ur_run setup;
  ur_project_new_run(pr, &setup);
  pr->runs = calloc(MEMBERS, sizeof *pr->runs);
  if (!pr->runs) return -1;
  ur_group_setup(&setup, MEMBERS, 0, pr->runs);
  ur_run_clear(&setup);
  pr->n_runs = MEMBERS;
  for (int k = 0; k < MEMBERS; k++) {
    int rc = ur_run_execute(&pr->runs[k], NULL, NULL, NULL, err, sizeof err);
    CHECK(rc == 0, "member %d: %s", k, err);
    if (rc) return -1;
  }
  return 0;
}

static void on_ready(UnrollComparison *c, gpointer done) {
  (void)c;
  *(gboolean *)done = TRUE;
}

/* The window's futures for the project's one group: MEMBERS of them. */
static int window_futures(const ur_project *pr, UnrollComparison *cmp, const ur_future **out) {
  UnrollRunGroup *g = unroll_run_group_new(0, 0);
  for (int k = 0; k < pr->n_runs; k++) {
    g_autoptr(UnrollRun) r = unroll_run_new(&pr->runs[k]);
    unroll_run_group_add(g, r);
  }
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func(g_object_unref);
  g_ptr_array_add(groups, g);
  gboolean done = FALSE;
  g_signal_connect(cmp, "ready", G_CALLBACK(on_ready), &done);
  unroll_comparison_set_groups(cmp, groups);
  gint64 end = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  while ((!done || unroll_comparison_is_busy(cmp)) && g_get_monotonic_time() < end) g_main_context_iteration(NULL, FALSE);
  CHECK(done, "the comparison never became ready");
  if (!done) return 0;
  return unroll_comparison_get_futures(cmp, 0, out, MEMBERS);
}

/* The command line's CSV rows: date, run, step, value, low, high. */
typedef struct {
  char date[32];
  int step;
  double value, low, high;
} row;

static int cli_rows(const char *exe, const char *project, const char *out, row *rows, int max) {
  char *argv[] = {(char *)exe, "forecast", "--project", (char *)project, "--out", (char *)out, NULL};
  g_autofree char *err = NULL;
  int status = -1;
  gboolean ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, NULL);
  ok = ok && g_spawn_check_wait_status(status, NULL);
  CHECK(ok, "unroll forecast failed: %s", err ? err : "");
  g_autofree char *text = NULL;
  if (!ok || !g_file_get_contents(out, &text, NULL, NULL)) return 0;
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  CHECK(lines[0] && !strcmp(lines[0], "date,run,step,value,low,high"), "the header: %s", lines[0]);
  int n = 0;
  for (int i = 1; lines[i] && lines[i][0] && n < max; i++) {
    g_auto(GStrv) f = g_strsplit(lines[i], ",", -1);
    CHECK(g_strv_length(f) == 6, "line %d: %s", i + 1, lines[i]);
    if (g_strv_length(f) != 6) continue;
    g_strlcpy(rows[n].date, f[0], sizeof rows[n].date);
    rows[n].step = atoi(f[2]);
    rows[n].value = g_ascii_strtod(f[3], NULL);
    rows[n].low = g_ascii_strtod(f[4], NULL);
    rows[n].high = g_ascii_strtod(f[5], NULL);
    n++;
  }
  return n;
}

static int same(double printed, double v) { return fabs(printed - v) <= 1e-6 * fmax(1.0, fabs(v)); }

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: test_future UNROLL_EXE WEATHER_CSV\n");
    return 2;
  }
  ur_project pr;
  if (make_project(argv[2], &pr) != 0) return check_summary();
  g_autofree char *dir = g_dir_make_tmp("unroll-future-XXXXXX", NULL);
  g_autofree char *project = g_build_filename(dir, "weather.unroll", NULL), *out = g_build_filename(dir, "f.csv", NULL);
  char err[512];
  CHECK(ur_project_save(&pr, project, err, sizeof err) == 0, "save: %s", err);

  g_autoptr(UnrollComparison) cmp = unroll_comparison_new();
  const ur_future *f[MEMBERS];
  int k = window_futures(&pr, cmp, f);
  row rows[64];
  int n = cli_rows(argv[1], project, out, rows, 64);
  CHECK(k == MEMBERS, "the window has %d futures, not %d", k, MEMBERS);
  CHECK(k > 0 && n == f[0]->h && n > 0, "the command line gives %d steps, the window %d", n, k > 0 ? f[0]->h : -1);
  printf("%d steps past the end; the first: %s, median %.4f [%.4f, %.4f]\n", n, n ? rows[0].date : "-",
         n ? rows[0].value : NAN, n ? rows[0].low : NAN, n ? rows[0].high : NAN);
  CHECK(n > 0 && !strcmp(rows[0].date, "2023-03-20"), "the first forecast is for %s, not the day after the file's last",
        n ? rows[0].date : "-");
  for (int h = 0; k == MEMBERS && h < n && h < f[0]->h; h++) {
    double a = f[0]->value[h], b = f[1]->value[h];
    double lo = fmin(a, b), hi = fmax(a, b), med = (a + b) / 2; /* the median of two is their mean */
    CHECK(rows[h].step == h + 1, "row %d is step %d", h, rows[h].step);
    CHECK(same(rows[h].value, med) && same(rows[h].low, lo) && same(rows[h].high, hi),
          "step %d: the command line says %.9g [%.9g, %.9g], the window's members %.9g and %.9g", h + 1, rows[h].value,
          rows[h].low, rows[h].high, a, b);
    char when[32] = "";
    ur_date_format(f[0]->time[h], "%Y-%m-%d", when, sizeof when);
    CHECK(f[0]->time[h] == f[1]->time[h] && !strcmp(when, rows[h].date), "step %d: the window says %s, the command "
          "line %s", h + 1, when, rows[h].date);
  }
  g_remove(out);
  g_remove(project);
  g_rmdir(dir);
  ur_project_clear(&pr);
  return check_summary();
}
