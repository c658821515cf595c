/* cmd_plot.c: `unroll plot PROJECT --chart loss|forecast|horizon --out FILE`.
 *
 * Draws a saved project's runs with the workbench's own chart code
 * (ui/chart-*.c: Cairo and Pango, no GTK), onto a PNG, SVG or PDF surface
 * chosen by the file's extension.  Never opens a display.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "comparison.h"
#include "chart-export.h"
#include "chart-forecast.h"
#include "chart-loss.h"
#include "cli.h"
#include "cmd_plot_out.h"
#include "file_io.h"
#include "project.h"

static const char usage[] =
    "usage: unroll plot PROJECT --chart loss|forecast|horizon --out FILE.png|.svg|.pdf\n"
    "                   [--series N] [--runs NAME,NAME...] [--width W] [--height H] [--scale S]\n"
    "                   [--log] [--linear] [--dark]\n"
    "  a PNG is at most 50 million pixels (width × height × scale²)\n"
    "  loss      learning curves of the runs, with the naive and linear baselines\n"
    "  forecast  validation series N (from 1) and every run's and baseline's forecast\n"
    "  horizon   the error at each step ahead for every run and baseline\n"
    "  --runs    only these runs (by name; default: all of the project's runs)\n";

typedef struct {
  const char *chart;
  int series, width, height, log_set, log_y, dark;
  float scale;
  const ur_run *const *runs;
  int n_runs;
  ur_comparison cmp;
  ur_run_forecast *fc;
  char error[512];
} plot;

static void draw(cairo_t *cr, double w, double h, void *data) {
  plot *p = data;
  const chart_theme *t = p->dark ? chart_theme_dark() : chart_theme_light();
  if (!strcmp(p->chart, "loss")) {
    chart_loss_run *lr = calloc((size_t)p->n_runs + 1, sizeof *lr);
    for (int i = 0; i < p->n_runs; i++) lr[i] = (chart_loss_run){p->runs[i], p->n_runs == 1};
    chart_loss_input in = {lr, p->n_runs, p->runs[0]->naive_mse, p->runs[0]->linear_mse,
                           p->log_set ? p->log_y : 0, 0, 0, 0, 0, NULL};
    chart_draw_loss(cr, w, h, t, &in);
    free(lr);
    return;
  }
  const ur_comparison *c = &p->cmp;
  int H = c->horizon, s = p->series, k = 0;
  chart_curve *cv = calloc((size_t)p->n_runs + 2, sizeof *cv);
  for (int i = 0; i < p->n_runs; i++) {
    const ur_run_forecast *f = &p->fc[i];
    if (!f->y) continue;
    cv[k++] = !strcmp(p->chart, "forecast")
                  ? (chart_curve){p->runs[i]->name, CHART_SOURCE_RUN, p->runs[i]->colour, f->y + (size_t)s * f->h, f->h}
                  : (chart_curve){p->runs[i]->name, CHART_SOURCE_RUN, p->runs[i]->colour, f->step_mse, f->h};
  }
  if (!strcmp(p->chart, "forecast")) {
    cv[k++] = (chart_curve){"naive", CHART_SOURCE_NAIVE, 0, c->naive + (size_t)s * H, H};
    cv[k++] = (chart_curve){"linear", CHART_SOURCE_LINEAR, 0, c->linear + (size_t)s * H, H};
    chart_forecast_input in = {c->x + (size_t)s * c->n_steps, c->n_steps, c->truth + (size_t)s * H, H, cv, k, s,
                               c->n_valid, NULL};
    chart_draw_forecast(cr, w, h, t, &in);
  } else {
    cv[k++] = (chart_curve){"naive", CHART_SOURCE_NAIVE, 0, c->naive_mse, H};
    cv[k++] = (chart_curve){"linear", CHART_SOURCE_LINEAR, 0, c->linear_mse, H};
    chart_horizon_input in = {cv, k, H, p->log_set ? p->log_y : 1, c->n_valid, NULL};
    chart_draw_horizon(cr, w, h, t, &in);
  }
  free(cv);
}

/* The runs named in a comma-separated list, in the list's order. */
static int pick_runs(const ur_project *pr, const char *names, const ur_run **out) {
  int n = 0;
  if (!names) {
    for (int i = 0; i < pr->n_runs; i++) out[n++] = &pr->runs[i];
    return n;
  }
  char *copy = strdup(names), *save = NULL;
  for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    int found = 0;
    for (int i = 0; i < pr->n_runs && !found; i++)
      if (!strcmp(pr->runs[i].name, tok)) out[n++] = &pr->runs[i], found = 1;
    if (!found) {
      fprintf(stderr, "unroll plot: the project has no run named \"%s\"\n", tok);
      free(copy);
      return -1;
    }
  }
  free(copy);
  return n;
}

int cli_plot(int argc, char **argv) {
  const char *project = NULL, *out = NULL, *names = NULL;
  plot p = {.chart = NULL, .series = 1, .width = 960, .height = 540, .scale = 1};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage, stdout);
      return 0;
    } else if (!strcmp(a, "--chart")) {
      if (!(v = cli_value(argc, argv, &i))) return 2;
      if (strcmp(v, "loss") && strcmp(v, "forecast") && strcmp(v, "horizon")) {
        fprintf(stderr, "unroll plot: --chart is loss, forecast or horizon, not \"%s\"\n", v);
        return 2;
      }
      p.chart = v;
    } else if (!strcmp(a, "--out")) {
      if (!(out = cli_value(argc, argv, &i))) return 2;
    } else if (!strcmp(a, "--runs")) {
      if (!(names = cli_value(argc, argv, &i))) return 2;
    } else if (!strcmp(a, "--series")) {
      if (!(v = cli_value(argc, argv, &i)) || cli_int(a, v, 1, 100000000, &p.series)) return 2;
    } else if (!strcmp(a, "--width")) {
      if (!(v = cli_value(argc, argv, &i)) || cli_int(a, v, 100, 10000, &p.width)) return 2;
    } else if (!strcmp(a, "--height")) {
      if (!(v = cli_value(argc, argv, &i)) || cli_int(a, v, 80, 10000, &p.height)) return 2;
    } else if (!strcmp(a, "--scale")) {
      if (!(v = cli_value(argc, argv, &i)) || cli_float(a, v, 0.25, 8, 0, &p.scale)) return 2;
    } else if (!strcmp(a, "--log") || !strcmp(a, "--linear")) {
      p.log_set = 1;
      p.log_y = !strcmp(a, "--log");
    } else if (!strcmp(a, "--dark")) {
      p.dark = 1;
    } else if (a[0] == '-' || project) {
      fprintf(stderr, "unroll plot: unexpected \"%s\"\n%s", a, usage);
      return 2;
    } else {
      project = a;
    }
  }
  if (!project || !p.chart || !out) {
    fprintf(stderr, "unroll plot: a project, --chart and --out are needed\n%s", usage);
    return 2;
  }
  if (chart_format_from_path(out) < 0) {
    fprintf(stderr, "unroll plot: %s: the file name should end in .png, .svg or .pdf\n", out);
    return 2;
  }
  char err[512];
  /* the file's folder and size, before the project is read and the chart drawn */
  if (cli_plot_check_size(out, p.width, p.height, p.scale, err, sizeof err)) {
    fprintf(stderr, "unroll plot: %s\n", err);
    return 2;
  }
  if (ur_file_check_writable(out, err, sizeof err)) {
    fprintf(stderr, "unroll plot: %s\n", err);
    return 1;
  }
  ur_project pr;
  if (ur_project_load(project, &pr, err, sizeof err)) {
    fprintf(stderr, "unroll plot: %s: %s\n", project, err);
    return 1;
  }
  int rc = 1;
  const ur_run **runs = calloc((size_t)pr.n_runs + 1, sizeof *runs);
  int n = runs ? pick_runs(&pr, names, runs) : -1;
  if (n == 0) fprintf(stderr, "unroll plot: %s holds no training runs: train a model in the workbench first\n", project);
  if (n <= 0) goto done;
  p.runs = runs;
  p.n_runs = n;
  if (strcmp(p.chart, "loss")) {
    /* forecasts: every run on the first run's data, at the longest horizon */
    const ur_run *r0 = runs[0];
    if (ur_comparison_make_for(&p.cmp, r0, ur_comparison_horizon(runs, n), err, sizeof err)) {
      fprintf(stderr, "unroll plot: %s\n", err);
      goto done;
    }
    if (p.series > p.cmp.n_valid) {
      fprintf(stderr, "unroll plot: --series %d: there are %d validation series\n", p.series, p.cmp.n_valid);
      goto done;
    }
    p.series--; /* 0-based from here */
    p.fc = calloc((size_t)n, sizeof *p.fc);
    for (int i = 0; p.fc && i < n; i++)
      if (ur_comparison_run(&p.cmp, runs[i], &p.fc[i], err, sizeof err))
        fprintf(stderr, "unroll plot: %s left out: %s\n", runs[i]->name, err);
    if (!strcmp(p.chart, "horizon") && p.cmp.horizon < 2)
      fprintf(stderr, "unroll plot: note: the runs forecast one step; the chart has a single step\n");
  }
  if (cli_plot_save(out, p.width, p.height, p.scale, draw, &p, err, sizeof err)) {
    fprintf(stderr, "unroll plot: %s\n", err);
    goto done;
  }
  rc = 0;
done:
  for (int i = 0; p.fc && i < n; i++) ur_run_forecast_free(&p.fc[i]);
  free(p.fc);
  ur_comparison_free(&p.cmp);
  free(runs);
  ur_project_clear(&pr);
  return rc;
}
