/* cmd_forecast.c: `unroll forecast`: a trained model's forecasts past the
 * end of a user's series, as CSV (date, run, step, value), in the series'
 * units.
 *
 *   unroll forecast --project P [--run NAME] [--horizon H] [--out FILE]
 *   unroll forecast --model FILE --csv DATA [--horizon H] [--out FILE]
 *
 * A group of runs gives the median of its members' forecasts, with their
 * lowest and highest beside it (low, high).  A model saved by `unroll
 * train --csv ... --save FILE` carries its source and scales
 * (model_origin.h): DATA is read with the same columns and settings, and
 * each series is put on the scales the model was trained with. */
#include "cli.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "file_io.h"
#include "future.h"
#include "model_io.h"
#include "model_origin.h"
#include "project.h"
#include "stats.h"
#include "text_io.h"

static const char usage[] =
    "usage: unroll forecast --project P [--run NAME] [--horizon H] [--out FILE]\n"
    "       unroll forecast --model FILE --csv DATA [--horizon H] [--out FILE]\n";

typedef struct {
  const char *project, *run, *model, *csv, *out;
  int horizon;
} forecast_opts;

/* An instant as the series' step writes it: a date, a date and time, or a row number. */
static void stamp(const ur_series *s, double t, char *buf, size_t len) {
  if (isnan(t)) buf[0] = 0;
  else if (!s->has_time) snprintf(buf, len, "%.0f", t + 1);
  else {
    int clock = s->step.kind == UR_STEP_FIXED && s->step.seconds < 86400;
    if (ur_date_format(t, clock ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d", buf, len) < 0) snprintf(buf, len, "%.0f", t);
  }
}

/* The members' forecasts of every series, their median and range as rows. */
static int write_group(ur_sbuf *out, const char *name, ur_model **models, int k, const ur_series *s, ur_transform tr,
                       int horizon, char *err, size_t errlen) {
  for (int p = 0; p < s->n_parts; p++) {
    ur_future f[UR_GROUP_MAX_MEMBERS];
    int got = 0, rc = 0;
    for (int i = 0; i < k && rc == 0; i++)
      if ((rc = ur_forecast_future(models[i], s, tr, p, horizon, &f[got], err, errlen)) == 0) got++;
    for (int h = 0; rc == 0 && got > 0 && h < f[0].h; h++) {
      double v[UR_GROUP_MAX_MEMBERS], t = f[0].time[h];
      char when[64];
      for (int i = 0; i < got; i++) v[i] = f[i].value[h];
      ur_stat st = ur_stat_of(v, got);
      stamp(s, t, when, sizeof when);
      ur_sb_add(out, "%s,%s%s%s,%d,%.9g,%.9g,%.9g\n", when, s->n_parts > 1 ? s->parts[p].name : "", s->n_parts > 1 ? ":" : "",
                name, h + 1, st.median, st.min, st.max);
    }
    for (int i = 0; i < got; i++) ur_future_free(&f[i]);
    if (rc) return -1;
  }
  return 0;
}

static int finish_out(ur_sbuf *b, const char *path) {
  size_t len;
  char *text = ur_sb_finish(b, &len), err[512];
  if (!text) {
    fprintf(stderr, "unroll forecast: out of memory\n");
    return 1;
  }
  int rc = 0;
  if (!path) fwrite(text, 1, len, stdout);
  else if (ur_write_file_atomic(path, text, len, err, sizeof err) != 0) {
    fprintf(stderr, "unroll forecast: %s\n", err);
    rc = 1;
  }
  free(text);
  return rc;
}

static int forecast_model(const forecast_opts *o) {
  char err[512], *origin = NULL;
  ur_model_origin mo;
  ur_csv csv;
  ur_series s;
  ur_model *m = ur_model_load_with(o->model, &origin, err, sizeof err);
  if (!m) {
    fprintf(stderr, "unroll forecast: %s\n", err);
    return 1;
  }
  int rc = 1;
  memset(&csv, 0, sizeof csv);
  memset(&s, 0, sizeof s);
  if (!origin) {
    fprintf(stderr, "unroll forecast: %s does not say what it was trained on: save it with unroll train --csv ... "
                    "--save, or forecast from a project\n", o->model);
    goto done;
  }
  if (ur_model_origin_parse(origin, &mo, err, sizeof err) != 0) {
    fprintf(stderr, "unroll forecast: %s: %s\n", o->model, err);
    goto done;
  }
  snprintf(mo.source.path, sizeof mo.source.path, "%s", o->csv);
  ur_series_config cfg;
  if (ur_csv_source_read(&mo.source, &csv, err, sizeof err) != 0 ||
      ur_csv_source_resolve(&mo.source, &csv, &cfg, err, sizeof err) != 0 ||
      ur_series_make(&csv, &cfg, NULL, 0, &s, err, sizeof err) != 0) {
    fprintf(stderr, "unroll forecast: %s\n", err);
    goto free_origin;
  }
  if (m->input.steps != cfg.lookback || m->input.features != s.n_features) {
    fprintf(stderr, "unroll forecast: the model reads %d steps of %d features; %s gives %d of %d\n", m->input.steps,
            m->input.features, o->csv, cfg.lookback, s.n_features);
    goto free_origin;
  }
  ur_model_origin_apply(&mo, &s);
  ur_sbuf b;
  ur_sb_init(&b);
  ur_sb_add(&b, "date,run,step,value,low,high\n");
  if (write_group(&b, "model", &m, 1, &s, cfg.transform, o->horizon, err, sizeof err) != 0) {
    fprintf(stderr, "unroll forecast: %s\n", err);
    free(ur_sb_finish(&b, NULL));
    goto free_origin;
  }
  rc = finish_out(&b, o->out);
free_origin:
  ur_model_origin_free(&mo);
done:
  ur_series_free(&s);
  ur_csv_free(&csv);
  free(origin);
  ur_model_free(m);
  return rc;
}

/* One group of a project: its members' models, forecast on their own source. */
static int forecast_group(ur_sbuf *b, const ur_run *const *members, int k, int horizon, char *err, size_t errlen) {
  const ur_run *r0 = members[0];
  ur_csv csv;
  ur_series s;
  ur_model *models[UR_GROUP_MAX_MEMBERS];
  int n = 0, rc = -1;
  if (!r0->data.csv.path[0])
    return ur_text_err(err, errlen, "\"%s\" trained on the chapter's synthetic series: forecasts past the end need a "
                       "user's series", r0->name);
  if (ur_csv_source_read(&r0->data.csv, &csv, err, errlen) != 0) return -1;
  if (ur_csv_source_make(&r0->data.csv, &csv, r0->layers, r0->n_layers, &s, err, errlen) == 0) {
    for (int i = 0; i < k; i++)
      if (ur_group_member_finished(members[i]) && (models[n] = ur_run_model(members[i], err, errlen))) n++;
    if (n == 0) ur_text_err(err, errlen, "\"%s\" has no finished run with weights", r0->name);
    else rc = write_group(b, r0->name, models, n, &s, r0->data.csv.cfg.transform, horizon, err, errlen);
    for (int i = 0; i < n; i++) ur_model_free(models[i]);
    ur_series_free(&s);
  }
  ur_csv_free(&csv);
  return rc;
}

static int forecast_project(const forecast_opts *o) {
  ur_project p;
  char err[512];
  if (ur_project_load(o->project, &p, err, sizeof err) != 0) {
    fprintf(stderr, "unroll forecast: %s\n", err);
    return 1;
  }
  ur_sbuf b;
  ur_sb_init(&b);
  ur_sb_add(&b, "date,run,step,value,low,high\n");
  int rc = 0, found = 0;
  for (int i = 0; i < p.n_runs && rc == 0; i++) {
    const ur_run *m[UR_GROUP_MAX_MEMBERS];
    int k = ur_group_of(p.runs, p.n_runs, i, m, UR_GROUP_MAX_MEMBERS);
    if (m[0] != &p.runs[i] || (o->run && strcmp(o->run, p.runs[i].name))) continue; /* each group once, by its first member */
    found++;
    if (forecast_group(&b, m, k, o->horizon, err, sizeof err) != 0) {
      fprintf(stderr, "unroll forecast: %s\n", err);
      rc = 1;
    }
  }
  if (rc == 0 && !found) {
    if (o->run) fprintf(stderr, "unroll forecast: no run \"%s\" in %s\n", o->run, o->project);
    else fprintf(stderr, "unroll forecast: %s holds no run\n", o->project);
    rc = 1;
  }
  if (rc == 0) rc = finish_out(&b, o->out);
  else free(ur_sb_finish(&b, NULL));
  ur_project_clear(&p);
  return rc;
}

int cli_forecast(int argc, char **argv) {
  forecast_opts o = {0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage, stdout);
      return 0;
    }
    const char **dst = !strcmp(a, "--project") ? &o.project : !strcmp(a, "--run") ? &o.run : !strcmp(a, "--model") ? &o.model
                       : !strcmp(a, "--csv") ? &o.csv : !strcmp(a, "--out") ? &o.out : NULL;
    if (!dst && strcmp(a, "--horizon")) {
      fprintf(stderr, "unroll forecast: unknown option \"%s\" (see unroll forecast --help)\n", a);
      return 2;
    }
    if (!(v = cli_value(argc, argv, &i))) return 2;
    if (dst) *dst = v;
    else if (cli_int(a, v, 1, 10000, &o.horizon)) return 2;
  }
  if (!o.project == !o.model || (o.model && !o.csv) || (o.project && o.csv)) {
    fprintf(stderr, "unroll forecast: give --project P, or --model FILE with --csv DATA\n");
    return 2;
  }
  return o.model ? forecast_model(&o) : forecast_project(&o);
}
