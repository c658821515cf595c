/* test_series.c: users' series as they come (series.h, csv.h, dates.h),
 * on the files tests/data/make_series_csv.py makes:
 * - the time axis and the target a user would pick, every date form read;
 * - a weekly series on its grid with its 59 missing weeks as gaps;
 * - duplicated instants refused naming their lines; unsorted rows sorted;
 * - several series in one file, long and wide, and no window crossing
 *   from one series into another, nor over rows `drop` removed;
 * - every transform's targets back in units exactly (a float's rounding);
 * - the seasonal naive forecast against a hand computation;
 * - forecasts past the end stamped with the next instants of the step.
 * usage: test_series DATA_DIR */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "csv.h"
#include "future.h"
#include "holt_winters.h"
#include "series.h"

static const char *dir;

static int read_file(const char *name, ur_csv *c) {
  char path[1024], err[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  int rc = ur_csv_read(path, NULL, c, err, sizeof err);
  CHECK(rc == 0, "%s: %s", name, err);
  return rc;
}

/* The series of a file with the columns a user would pick. */
static int make(const ur_csv *c, ur_series_config *cfg, ur_series *s, char *err) {
  if (cfg->target < 0) cfg->target = ur_csv_guess_target(c);
  if (cfg->date == -1) cfg->date = ur_csv_guess_time(c);
  return ur_series_make(c, cfg, NULL, 0, s, err, 512);
}

static void config(ur_series_config *cfg, int lookback, int horizon, ur_target_kind kind) {
  ur_series_config_default(cfg);
  cfg->target = -1;
  cfg->lookback = lookback;
  cfg->horizon = horizon;
  cfg->kind = kind;
}

static void test_date_forms(void) {
  static const struct {
    const char *file, *time, *target, *format;
  } cases[] = {
      {"sunspots.csv", "YEAR", "SUNACTIVITY", "%Y"},
      {"wide.csv", "day", "north", "%Y%m%d"},
      {"hourly.csv", "time", "temp", "%Y/%m/%d %H:%M"},
      {"trend.csv", "week", "visits", "%Y/%m/%d"},
      {"stocks.csv", "date", "price", "%b %Y"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ur_csv c;
    if (read_file(cases[i].file, &c)) continue;
    int t = ur_csv_guess_time(&c), y = ur_csv_guess_target(&c);
    CHECK(t >= 0 && !strcmp(c.cols[t].name, cases[i].time) && !strcmp(c.cols[t].date_format, cases[i].format),
          "%s: the time axis is %s in %s (got %s, %s)", cases[i].file, cases[i].time, cases[i].format,
          t >= 0 ? c.cols[t].name : "none", t >= 0 ? c.cols[t].date_format : "");
    CHECK(y >= 0 && !strcmp(c.cols[y].name, cases[i].target), "%s: the target is %s (got %s)", cases[i].file,
          cases[i].target, y >= 0 ? c.cols[y].name : "none");
    ur_csv_free(&c);
  }
}

static void test_grid_and_gaps(void) {
  ur_csv c;
  ur_series s;
  ur_series_config cfg;
  char err[512];
  if (read_file("trend.csv", &c)) return;
  config(&cfg, 52, 1, UR_TARGET_ONE_STEP);
  CHECK(make(&c, &cfg, &s, err) == 0, "trend.csv: %s", err);
  CHECK(s.step.kind == UR_STEP_FIXED && s.step.seconds == 7 * 86400.0 && !strcmp(s.step.words, "weekly") &&
            s.season == 52, "weekly with a 52-week season (%s, %d)", s.step.words, s.season);
  CHECK(s.n_rows == 2300 && s.n_gaps == 59 && c.n_rows == 2241, "2241 rows on a grid of 2300 weeks: 59 gaps (%d, %ld)",
        s.n_rows, s.n_gaps);
  int finite = 1;
  for (long r = 0; r < s.n_total; r++) finite &= isfinite(s.values[r]);
  CHECK(finite, "every gap filled by time");
  /* a gap's instant is on the grid: row k is week k */
  CHECK(ur_series_time(&s, 0, 1000) - ur_series_time(&s, 0, 0) == 1000 * 7 * 86400.0, "row 1000 is week 1000");
  ur_series_free(&s);
  /* drop: no window spans a missing week */
  cfg.missing = UR_MISSING_DROP;
  CHECK(make(&c, &cfg, &s, err) == 0, "trend.csv, drop: %s", err);
  int crosses = 0;
  for (int sp = 0; sp < 3; sp++)
    for (long i = 0; i < s.win.n[sp]; i++) {
      int part;
      long first, origin;
      ur_windows_locate(&s.win, sp, i, &part, &first, &origin);
      double t0 = ur_series_time(&s, 0, first - s.parts[0].first);
      double t1 = ur_series_time(&s, 0, first - s.parts[0].first + s.win.reach - 1);
      crosses += t1 - t0 != (s.win.reach - 1) * 7 * 86400.0;
    }
  CHECK(crosses == 0 && s.n_segments > 30, "no window over a dropped week (%d do; %d segments)", crosses, s.n_segments);
  ur_series_free(&s);
  ur_csv_free(&c);
}

static void test_duplicates_and_order(void) {
  ur_csv c;
  ur_series s;
  ur_series_config cfg;
  char err[512];
  const char *text = "date,v\n2020-01-02,1\n2020-01-01,2\n2020-01-03,3\n2020-01-03,4\n";
  CHECK(ur_csv_parse(text, strlen(text), NULL, &c, err, sizeof err) == 0, "parse: %s", err);
  config(&cfg, 1, 1, UR_TARGET_ONE_STEP);
  CHECK(make(&c, &cfg, &s, err) != 0 && strstr(err, "lines 4 and 5 have the same date"), "duplicates: %s", err);
  ur_csv_free(&c);
  /* long format: the rows of three symbols, shuffled, become three sorted series */
  if (read_file("stocks.csv", &c)) return;
  config(&cfg, 24, 3, UR_TARGET_VECTOR);
  CHECK(make(&c, &cfg, &s, err) != 0 && strstr(err, "--id COLUMN"), "without an id, the same dates: %s", err);
  cfg.id = ur_csv_find(&c, "symbol");
  CHECK(make(&c, &cfg, &s, err) == 0 && s.n_parts == 3 && s.sorted, "three series, sorted (%s)", err);
  int crosses = 0, sorted = 1;
  for (int sp = 0; sp < 3; sp++)
    for (long i = 0; i < s.win.n[sp]; i++) {
      int part;
      long first, origin;
      ur_windows_locate(&s.win, sp, i, &part, &first, &origin);
      const ur_series_part *q = &s.parts[part];
      crosses += first < q->first || first + s.win.reach > q->first + q->rows;
    }
  for (int p = 0; p < s.n_parts; p++)
    for (long r = 1; r < s.parts[p].rows; r++) sorted &= ur_series_time(&s, p, r) > ur_series_time(&s, p, r - 1);
  CHECK(crosses == 0 && sorted, "no window crosses from one symbol into another (%d do); instants increase", crosses);
  snprintf(cfg.id_value, sizeof cfg.id_value, "ZZZ");
  CHECK(make(&c, &cfg, &s, err) != 0 && strstr(err, "AAA") && strstr(err, "BBB"), "an unknown id lists the ids: %s", err);
  ur_csv_free(&c);
  /* wide format: each target column its own series, windows within it */
  if (read_file("wide.csv", &c)) return;
  config(&cfg, 14, 2, UR_TARGET_VECTOR);
  cfg.target = ur_csv_find(&c, "north");
  cfg.more_targets[0] = ur_csv_find(&c, "south");
  cfg.more_targets[1] = ur_csv_find(&c, "east");
  cfg.n_more_targets = 2;
  CHECK(make(&c, &cfg, &s, err) == 0 && s.n_parts == 3 && !strcmp(s.parts[2].name, "east") &&
            s.win.n[0] == 3 * (630 - 14 - 2), "three series of 900 days (%s; %ld training windows)", err, s.win.n[0]);
  ur_series_free(&s);
  ur_csv_free(&c);
}

/* Each transform's targets, read back to units, equal the series' values. */
static void test_transforms(void) {
  ur_csv c;
  ur_series s;
  ur_series_config cfg;
  char err[512];
  if (read_file("trend.csv", &c)) return;
  for (int t = 0; t < UR_TRANSFORM_COUNT; t++) {
    config(&cfg, 30, 5, UR_TARGET_VECTOR);
    cfg.transform = (ur_transform)t;
    if (make(&c, &cfg, &s, err)) {
      CHECK(0, "%s: %s", ur_transform_name(cfg.transform), err);
      continue;
    }
    double worst = 0;
    float x[30], y[5], yu[5], tu[5];
    for (long i = 0; i < s.win.n[1]; i++) {
      ur_dataset_get(&s.valid, i, x, y);
      ur_dataset_units(&s.valid, i, y, yu, tu);
      for (int h = 0; h < 5; h++) worst = fmax(worst, fabs(yu[h] - tu[h]) / fabs(tu[h]));
    }
    CHECK(worst < 2e-6, "%s: the targets back in units within %.1e of the values", ur_transform_name(cfg.transform),
          worst);
    ur_series_free(&s);
  }
  /* the log of a series that reaches zero is refused, saying where */
  const char *text = "d,v\n2020-01-01,1\n2020-01-02,0\n2020-01-03,2\n";
  ur_csv z;
  ur_csv_parse(text, strlen(text), NULL, &z, err, sizeof err);
  config(&cfg, 1, 1, UR_TARGET_ONE_STEP);
  cfg.transform = UR_TRANSFORM_LOG;
  CHECK(make(&z, &cfg, &s, err) != 0 && strstr(err, "positive") && strstr(err, "2020-01-02"), "log of 0: %s", err);
  ur_csv_free(&z);
  ur_csv_free(&c);
}

static void test_seasonal_naive(void) {
  ur_csv c;
  ur_series s;
  ur_series_config cfg;
  char err[512];
  if (read_file("hourly.csv", &c)) return;
  config(&cfg, 10, 30, UR_TARGET_VECTOR);
  CHECK(make(&c, &cfg, &s, err) == 0 && s.season == 24, "hourly: a daily season of 24 (%s, %d)", err, s.season);
  float sn[30];
  int part;
  long first, origin;
  ur_windows_locate(&s.win, 1, 5, &part, &first, &origin);
  CHECK(ur_windows_seasonal_naive(&s.win, 1, 5, sn) == 0, "a seasonal naive forecast");
  /* by hand: k steps ahead repeats the value 24 ⌈k / 24⌉ steps before its target */
  int same = 1;
  for (int k = 1; k <= 30; k++) same &= sn[k - 1] == s.values[origin + k - 24 * ((k + 23) / 24)];
  CHECK(same, "the seasonal naive repeats the hour one day (or two) before");
  ur_series_free(&s);
  ur_csv_free(&c);
}

/* A model that forecasts its input's last value (Dense with a 1 on the last weight): past the end it says the last value. */
static void test_future(void) {
  ur_csv c;
  ur_series s;
  ur_series_config cfg;
  char err[512];
  if (read_file("trend.csv", &c)) return;
  config(&cfg, 8, 1, UR_TARGET_ONE_STEP);
  cfg.transform = UR_TRANSFORM_NONE;
  if (make(&c, &cfg, &s, err)) return;
  ur_layer_spec l[2] = {ur_spec_default(UR_FLATTEN), ur_spec_default(UR_DENSE)};
  ur_model *m = ur_model_new((ur_shape){8, 1}, l, 2, err, sizeof err);
  memset(m->params, 0, sizeof(float) * m->n_params);
  m->params[7] = 1.0f; /* y = x_last */
  ur_future f;
  CHECK(ur_forecast_future(m, &s, UR_TRANSFORM_NONE, 0, 3, &f, err, sizeof err) == 0, "future: %s", err);
  float last = s.values[s.parts[0].rows - 1];
  double t_last = ur_series_time(&s, 0, s.parts[0].rows - 1);
  CHECK(f.h == 3 && fabsf(f.value[0] - last) < 1e-3f * fabsf(last) && fabsf(f.value[2] - last) < 1e-3f * fabsf(last),
        "the last value, carried: %g %g (last %g)", f.value[0], f.value[2], last);
  CHECK(f.time[0] == t_last + 7 * 86400.0 && f.time[2] == t_last + 21 * 86400.0, "stamped with the next weeks");
  ur_future_free(&f);
  ur_model_free(m);
  ur_series_free(&s);
  ur_csv_free(&c);
}

/* On a noiseless trend plus a weekly season, Holt-Winters forecasts (almost) exactly, and naive does not. */
static void test_holt_winters(void) {
  char *text = malloc(400 * 40), err[512];
  size_t o = (size_t)sprintf(text, "date,v\n");
  for (int d = 0; d < 400; d++)
    o += (size_t)sprintf(text + o, "%d-%02d-%02d,%.6f\n", 2020 + d / 360, d / 30 % 12 + 1, d % 30 + 1,
                         10 + 0.05 * d + 3 * sin(2 * M_PI * d / 7));
  ur_csv c;
  ur_series s;
  ur_series_config cfg;
  CHECK(ur_csv_parse(text, o, NULL, &c, err, sizeof err) == 0, "parse: %s", err);
  config(&cfg, 14, 3, UR_TARGET_VECTOR);
  cfg.season = 7;
  cfg.target = 1;
  cfg.date = -1; /* row order: the made-up dates skip the 31st */
  double hw = NAN;
  if (ur_series_make(&c, &cfg, NULL, 0, &s, err, sizeof err) == 0) {
    CHECK(ur_holt_winters_mse(&s.win, 1, &hw, err, sizeof err) == 0 && hw < 1e-3, "Holt-Winters on a clean season: %g (%s)",
          hw, err);
    ur_series_free(&s);
  } else CHECK(0, "%s", err);
  ur_csv_free(&c);
  free(text);
}

int main(int argc, char **argv) {
  dir = argc > 1 ? argv[1] : "tests/data";
  test_date_forms();
  test_grid_and_gaps();
  test_duplicates_and_order();
  test_transforms();
  test_seasonal_naive();
  test_future();
  test_holt_winters();
  return check_summary();
}
