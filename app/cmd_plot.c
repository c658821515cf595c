/* cmd_plot.c: `unroll plot PROJECT --chart loss|forecast|horizon --out FILE`.
 *
 * Draws a saved project's runs with the workbench's own chart code
 * (ui/charts/chart-*.c: Cairo and Pango, no GTK), onto a PNG, SVG or PDF
 * surface chosen by the file's extension.  Never opens a display.  The
 * members of a run group (engine/group.h) are drawn as the window draws
 * them: one curve, their median, with the min–max band they span.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "comparison.h"
#include "chart-band.h"
#include "chart-export.h"
#include "chart-forecast.h"
#include "chart-loss.h"
#include "cli.h"
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

/* The runs drawn, gathered into groups: runs[first[g] .. first[g] + size[g]). */
typedef struct {
  const ur_run **runs; /* n, group by group */
  int n, n_groups;
  int *first, *size;
} grouped;

typedef struct {
  const char *chart;
  int series, width, height, log_set, log_y, dark;
  float scale;
  grouped g;
  ur_comparison cmp;
  ur_run_forecast *fc; /* g.n, in the order of g.runs */
  float *band;         /* scratch for the groups' curves: 3 × g.n_groups × horizon */
  char error[512];
} plot;

/* Groups the picked runs: the members of one group id together, in their
 * first member's place; a run without a group is one on its own. */
static int group_runs(const ur_run **picked, int n, grouped *g) {
  g->runs = calloc((size_t)n + 1, sizeof *g->runs);
  g->first = calloc((size_t)n + 1, sizeof *g->first);
  g->size = calloc((size_t)n + 1, sizeof *g->size);
  char *taken = calloc((size_t)n + 1, 1);
  if (!g->runs || !g->first || !g->size || !taken) {
    free(taken);
    return -1;
  }
  g->n = g->n_groups = 0;
  for (int i = 0; i < n; i++) {
    if (taken[i]) continue;
    g->first[g->n_groups] = g->n;
    for (int j = i; j < n; j++)
      if (j == i || (!taken[j] && picked[i]->group >= 0 && picked[j]->group == picked[i]->group)) {
        taken[j] = 1;
        g->runs[g->n++] = picked[j];
      }
    g->size[g->n_groups] = g->n - g->first[g->n_groups];
    g->n_groups++;
  }
  free(taken);
  return 0;
}

static void grouped_free(grouped *g) {
  free(g->runs);
  free(g->first);
  free(g->size);
}

static void draw_loss(cairo_t *cr, double w, double h, const chart_theme *t, plot *p) {
  chart_loss_run *lr = calloc((size_t)p->g.n_groups + 1, sizeof *lr);
  if (!lr) return;
  for (int i = 0; i < p->g.n_groups; i++)
    lr[i] = (chart_loss_run){.run = p->g.runs[p->g.first[i]], .emphasis = p->g.n_groups == 1,
                             .members = p->g.runs + p->g.first[i], .n_members = p->g.size[i]};
  double naive, linear, snaive;
  char note[128], ylab[160];
  chart_loss_baselines(p->g.runs, p->g.n, &naive, &linear, &snaive, note, sizeof note);
  chart_loss_y_label(p->g.runs[0], p->log_set && p->log_y, ylab, sizeof ylab);
  chart_loss_input in = {.runs = lr, .n_runs = p->g.n_groups, .naive_mse = naive, .linear_mse = linear,
                         .snaive_mse = snaive, .log_y = p->log_set ? p->log_y : 0, .y_label = ylab, .note = note};
  chart_draw_loss(cr, w, h, t, &in);
  free(lr);
}

/* Group g's curve: its members' forecasts of window s (or MSE per step
 * ahead) as their median and band, in p->band. */
static chart_curve group_curve(plot *p, int g, int forecast) {
  const ur_run *r0 = p->g.runs[p->g.first[g]];
  int H = p->cmp.horizon, k = p->g.size[g], h = 0;
  const float *y[UR_RUN_MAX_MEMBERS];
  for (int j = 0; j < k && j < UR_RUN_MAX_MEMBERS; j++) {
    const ur_run_forecast *f = &p->fc[p->g.first[g] + j];
    y[j] = !f->y ? NULL : forecast ? f->y + (size_t)p->series * f->h : f->step_mse;
    if (f->y && f->h > h) h = f->h;
  }
  float *med = p->band + (size_t)3 * g * H, *lo = med + H, *hi = lo + H;
  chart_band_of_curves(y, k < UR_RUN_MAX_MEMBERS ? k : UR_RUN_MAX_MEMBERS, h, med, lo, hi);
  return (chart_curve){r0->name, CHART_SOURCE_RUN, r0->colour, med, h, k > 1 ? lo : NULL, k > 1 ? hi : NULL};
}

static void draw(cairo_t *cr, double w, double h, void *data) {
  plot *p = data;
  const chart_theme *t = p->dark ? chart_theme_dark() : chart_theme_light();
  if (!strcmp(p->chart, "loss")) {
    draw_loss(cr, w, h, t, p);
    return;
  }
  const ur_comparison *c = &p->cmp;
  int H = c->horizon, s = p->series, k = 0, forecast = !strcmp(p->chart, "forecast");
  chart_curve *cv = calloc((size_t)p->g.n_groups + 3, sizeof *cv);
  if (!cv) return;
  for (int g = 0; g < p->g.n_groups; g++) {
    chart_curve cu = group_curve(p, g, forecast);
    if (cu.n > 0) cv[k++] = cu;
  }
  if (forecast) {
    cv[k++] = (chart_curve){"naive", CHART_SOURCE_NAIVE, 0, c->naive + (size_t)s * H, H, NULL, NULL};
    cv[k++] = (chart_curve){"linear", CHART_SOURCE_LINEAR, 0, c->linear + (size_t)s * H, H, NULL, NULL};
    if (c->snaive) cv[k++] = (chart_curve){"seasonal naive", CHART_SOURCE_SNAIVE, 0, c->snaive + (size_t)s * H, H, NULL, NULL};
    chart_forecast_input in = {.input = c->x + (size_t)s * c->n_steps, .n_steps = c->n_steps,
                               .truth = c->truth + (size_t)s * H, .horizon = H, .forecasts = cv, .n_forecasts = k,
                               .index = s, .count = c->n_valid, .y_label = c->csv.path[0] ? c->csv.target : NULL};
    chart_draw_forecast(cr, w, h, t, &in);
  } else {
    cv[k++] = (chart_curve){"naive", CHART_SOURCE_NAIVE, 0, c->naive_mse, H, NULL, NULL};
    cv[k++] = (chart_curve){"linear", CHART_SOURCE_LINEAR, 0, c->linear_mse, H, NULL, NULL};
    if (c->snaive_mse) cv[k++] = (chart_curve){"seasonal naive", CHART_SOURCE_SNAIVE, 0, c->snaive_mse, H, NULL, NULL};
    chart_horizon_input in = {.curves = cv, .n_curves = k, .horizon = H, .log_y = p->log_set ? p->log_y : 1,
                              .n_windows = c->n_windows};
    chart_draw_horizon(cr, w, h, t, &in);
  }
  free(cv);
}

/* The runs named in a comma-separated list, in the list's order (a group's
 * name gives all its members), each once. */
static int pick_runs(const ur_project *pr, const char *names, const ur_run **out) {
  int n = 0;
  if (!names) {
    for (int i = 0; i < pr->n_runs; i++) out[n++] = &pr->runs[i];
    return n;
  }
  char *copy = strdup(names), *save = NULL;
  for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    int found = 0;
    for (int i = 0; i < pr->n_runs; i++) /* every member of a group has the group's name */
      if (!strcmp(pr->runs[i].name, tok)) {
        int again = 0;
        for (int j = 0; j < n; j++) again |= out[j] == &pr->runs[i];
        if (!again) out[n++] = &pr->runs[i];
        found = 1;
      }
    if (!found) {
      fprintf(stderr, "unroll plot: the project has no run named \"%s\"\n", tok);
      free(copy);
      return -1;
    }
  }
  free(copy);
  return n;
}

/* The runs on the first one's data (a forecast compares on one set of
 * windows); the others are named and left out.  The new count. */
static int same_data(const ur_run **runs, int n) {
  int kept = 0;
  for (int i = 0; i < n; i++) {
    if (chart_runs_same_series(runs[0], runs[i])) runs[kept++] = runs[i];
    else fprintf(stderr, "unroll plot: %s left out: trained on other data than %s\n", runs[i]->name, runs[0]->name);
  }
  return kept;
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
  if (chart_check_size(out, p.width, p.height, p.scale, err, sizeof err)) {
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
  if (strcmp(p.chart, "loss")) n = same_data(runs, n); /* forecasts compare on one data set */
  if (group_runs(runs, n, &p.g) != 0) {
    fprintf(stderr, "unroll plot: out of memory\n");
    goto done;
  }
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
    p.band = calloc((size_t)3 * p.g.n_groups * p.cmp.horizon + 1, sizeof *p.band);
    if (!p.fc || !p.band) {
      fprintf(stderr, "unroll plot: out of memory\n");
      goto done;
    }
    for (int i = 0; i < n; i++)
      if (ur_comparison_run(&p.cmp, p.g.runs[i], &p.fc[i], err, sizeof err))
        fprintf(stderr, "unroll plot: %s (seed %u) left out: %s\n", p.g.runs[i]->name, p.g.runs[i]->train.seed, err);
    if (!strcmp(p.chart, "horizon") && p.cmp.horizon < 2)
      fprintf(stderr, "unroll plot: note: the runs forecast one step; the chart has a single step\n");
  }
  if (chart_export(out, p.width, p.height, p.scale, draw, &p, err, sizeof err)) {
    fprintf(stderr, "unroll plot: %s\n", err);
    goto done;
  }
  rc = 0;
done:
  for (int i = 0; p.fc && i < n; i++) ur_run_forecast_free(&p.fc[i]);
  free(p.fc);
  free(p.band);
  grouped_free(&p.g);
  ur_comparison_free(&p.cmp);
  free(runs);
  ur_project_clear(&pr);
  return rc;
}
