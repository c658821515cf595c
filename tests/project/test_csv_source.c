/* test_csv_source.c: a CSV source as projects and runs keep it
 * (engine/csv_source.h): the text form round trip (names with spaces,
 * commas and '='; dates), columns found again by name in a file whose
 * columns moved, the reason when one is gone, bad words refused, and the
 * windows made for a sequence-to-sequence stack (aligned to its outputs);
 * and a project and a run on a CSV (project.h, run.h): the source kept
 * through their text, the stack adapted to it, a data line that disagrees
 * with the CSV refused.
 * usage: test_csv_source WEATHER_CSV */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "csv_source.h"
#include "project.h"
#include "run_io.h"

static void round_trip(void) {
  ur_csv_source s, t;
  ur_csv_source_init(&s);
  snprintf(s.path, sizeof s.path, "/data/my series, 2024/weather=1.csv");
  snprintf(s.target, sizeof s.target, "temp (°C)");
  snprintf(s.inputs[0], sizeof s.inputs[0], "humidity, %%");
  snprintf(s.inputs[1], sizeof s.inputs[1], "wind");
  s.n_inputs = 2;
  snprintf(s.date, sizeof s.date, "date");
  s.cfg.missing = UR_MISSING_DROP;
  s.cfg.lookback = 30;
  s.cfg.horizon = 7;
  s.cfg.stride = 2;
  s.cfg.kind = UR_TARGET_VECTOR;
  s.cfg.train_frac = 0.6;
  s.cfg.valid_frac = 0.25;
  s.cfg.valid_from = 1609459200; /* 2021-01-01 */
  s.cfg.test_from = 1640995200 + 3600 * 6;
  char buf[8192];
  CHECK(ur_csv_source_format(&s, buf, sizeof buf) == 0, "format failed");
  printf("%s\n", buf);
  CHECK(strstr(buf, "target=temp%20(%C2%B0C)") && strstr(buf, "input=humidity,%20%25"), "escaping: %s", buf);
  char *words[64], *save = NULL;
  int n = 0;
  for (char *w = strtok_r(buf, " ", &save); w && n < 64; w = strtok_r(NULL, " ", &save)) words[n++] = w;
  ur_csv_source_init(&t);
  char err[256] = "";
  CHECK(ur_csv_source_parse(words, n, &t, err, sizeof err) == 0, "parse: %s", err);
  CHECK(!strcmp(t.path, s.path) && !strcmp(t.target, s.target) && !strcmp(t.date, s.date), "names: %s | %s | %s",
        t.path, t.target, t.date);
  CHECK(t.n_inputs == 2 && !strcmp(t.inputs[0], s.inputs[0]) && !strcmp(t.inputs[1], "wind"), "inputs: %d %s",
        t.n_inputs, t.inputs[0]);
  CHECK(t.cfg.missing == UR_MISSING_DROP && t.cfg.lookback == 30 && t.cfg.horizon == 7 && t.cfg.stride == 2 &&
        t.cfg.kind == UR_TARGET_VECTOR && t.cfg.train_frac == 0.6 && t.cfg.valid_frac == 0.25,
        "settings do not round-trip");
  CHECK(t.cfg.valid_from == s.cfg.valid_from && t.cfg.test_from == s.cfg.test_from, "dates: %.0f %.0f",
        t.cfg.valid_from, t.cfg.test_from);
  CHECK(ur_csv_source_task(&t) == UR_TASK_VECTOR && ur_csv_source_features(&t) == 3, "task or features");
  /* without dates, none come back */
  s.cfg.valid_from = s.cfg.test_from = NAN;
  s.date[0] = 0;
  CHECK(ur_csv_source_format(&s, buf, sizeof buf) == 0 && !strstr(buf, "valid_from") && !strstr(buf, "date="),
        "row order: %s", buf);
  /* refused */
  const char *bad[][2] = {{"path=x target=y lookback=0", "lookback=0"}, {"path=x target=y kind=sideways", "kind"},
                          {"path=x target=y train=0.9 valid=0.2", "more than 1"}, {"target=y", "needs path"},
                          {"path=x target=y colour=red", "unknown key"}, {"path=x%zz target=y", "path="},
                          {"path=x target=y valid_from=yesterday", "valid_from"}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char line[256];
    snprintf(line, sizeof line, "%s", bad[i][0]);
    n = 0;
    save = NULL;
    for (char *w = strtok_r(line, " ", &save); w && n < 64; w = strtok_r(NULL, " ", &save)) words[n++] = w;
    ur_csv_source_init(&t);
    err[0] = 0;
    CHECK(ur_csv_source_parse(words, n, &t, err, sizeof err) != 0 && strstr(err, bad[i][1]),
          "\"%s\" gave \"%s\"", bad[i][0], err);
  }
}

static void by_name(const char *weather) {
  ur_csv a, b;
  char err[512];
  CHECK(ur_csv_read(weather, NULL, &a, err, sizeof err) == 0, "%s", err);
  /* the same data, columns in another order */
  const char *moved = "humidity,temperature,station,date\n80.4,2.28,x,2015-01-01\n77.4,3.33,y,2015-01-02\n";
  CHECK(ur_csv_parse(moved, strlen(moved), NULL, &b, err, sizeof err) == 0, "%s", err);
  ur_series_config cfg;
  ur_series_config_default(&cfg);
  cfg.target = 2;
  cfg.inputs[0] = 3;
  cfg.n_inputs = 1;
  cfg.date = 0;
  ur_csv_source s;
  CHECK(ur_csv_source_set(&s, weather, &a, &cfg) == 0, "set");
  CHECK(!strcmp(s.target, "temperature") && !strcmp(s.inputs[0], "humidity") && !strcmp(s.date, "date"), "names");
  ur_series_config r;
  CHECK(ur_csv_source_resolve(&s, &b, &r, err, sizeof err) == 0, "%s", err);
  CHECK(r.target == 1 && r.inputs[0] == 0 && r.date == 3 && r.n_inputs == 1, "moved columns: %d %d %d", r.target,
        r.inputs[0], r.date);
  snprintf(s.inputs[0], sizeof s.inputs[0], "pressure");
  CHECK(ur_csv_source_resolve(&s, &b, &r, err, sizeof err) != 0 && strstr(err, "\"pressure\" is not in the file") &&
        strstr(err, "\"station\""), "gone: %s", err);
  snprintf(s.inputs[0], sizeof s.inputs[0], "humidity");

  /* sequence to sequence for a Conv1D(kernel 4, stride 2) stack: targets at its output steps */
  s.cfg.kind = UR_TARGET_SEQ2SEQ;
  s.cfg.horizon = 5;
  s.cfg.lookback = 40;
  ur_layer_spec layers[2];
  layers[0] = ur_spec_default(UR_CONV1D);
  layers[0].units = 8;
  layers[0].kernel_size = 4;
  layers[0].strides = 2;
  layers[1] = ur_spec_default(UR_TIME_DISTRIBUTED);
  layers[1].units = 5;
  ur_series ser;
  CHECK(ur_csv_source_make(&s, &a, layers, 2, &ser, err, sizeof err) == 0, "make: %s", err);
  CHECK(ser.n_features == 2 && ser.train.y_shape.steps == 19 && ser.train.y_shape.features == 5,
        "seq2seq windows: %d features, y %d × %d", ser.n_features, ser.train.y_shape.steps,
        ser.train.y_shape.features);
  ur_series_free(&ser);
  ur_csv_free(&a);
  ur_csv_free(&b);
}

static void project_and_run(void) {
  ur_project p, q;
  ur_project_init(&p);
  CHECK(ur_project_apply_preset(&p, ur_preset_find("deep-rnn-dense")) == 0, "preset");
  ur_csv_source src;
  ur_csv_source_init(&src);
  snprintf(src.path, sizeof src.path, "/data/weather station.csv");
  snprintf(src.target, sizeof src.target, "temperature");
  snprintf(src.inputs[0], sizeof src.inputs[0], "humidity");
  src.n_inputs = 1;
  snprintf(src.date, sizeof src.date, "date");
  src.cfg.lookback = 30;
  src.cfg.horizon = 5;
  src.cfg.kind = UR_TARGET_VECTOR;
  CHECK(ur_project_set_csv(&p, &src) == 0, "set_csv");
  CHECK(p.input.steps == 30 && p.input.features == 2 && p.data.n_steps == 30 && p.data.horizon == 5 &&
        p.data.task == UR_TASK_VECTOR && p.layers[p.n_layers - 1].units == 5,
        "adapted: input %d × %d, data %d/%d/%d, last units %d", p.input.steps, p.input.features, p.data.n_steps,
        p.data.horizon, p.data.task, p.layers[p.n_layers - 1].units);
  size_t len;
  char *text = ur_project_serialize(&p, &len), err[512] = "";
  CHECK(text && strstr(text, "\ncsv path=/data/weather%20station.csv target=temperature input=humidity date=date"),
        "the csv line: %s", text);
  CHECK(ur_project_parse(text, len, &q, err, sizeof err) == 0, "parse: %s", err);
  CHECK(!strcmp(q.data.csv.path, src.path) && q.data.csv.n_inputs == 1 && q.data.csv.cfg.lookback == 30 &&
        q.input.features == 2, "round trip: %s, %d inputs", q.data.csv.path, q.data.csv.n_inputs);
  ur_project_clear(&q);
  /* a data line that disagrees with the CSV's windows */
  char *steps = strstr(text, "steps=30");
  if (steps) {
    memcpy(steps, "steps=31", 8);
    char *input = strstr(text, "input 30 2");
    if (input) memcpy(input, "input 31 2", 10);
    CHECK(ur_project_parse(text, len, &q, err, sizeof err) != 0 && strstr(err, "disagree"), "mismatch: %s", err);
  }
  free(text);
  /* a sequence-to-sequence preset keeps the series and takes its horizon */
  CHECK(ur_project_apply_preset(&p, ur_preset_find("rnn-seq2seq")) == 0, "seq2seq preset");
  CHECK(p.data.csv.path[0] && p.data.csv.cfg.kind == UR_TARGET_SEQ2SEQ && p.data.task == UR_TASK_SEQ2SEQ &&
        p.input.features == 2 && p.layers[p.n_layers - 1].units == 5, "seq2seq adapted: kind %d, units %d",
        p.data.csv.cfg.kind, p.layers[p.n_layers - 1].units);
  /* and back to the synthetic series */
  CHECK(ur_project_set_csv(&p, NULL) == 0 && !p.data.csv.path[0] && p.input.features == 1, "synthetic again");

  /* a run keeps its CSV too */
  ur_run r, s;
  ur_run_init(&r);
  ur_run_data_set_csv(&r.data, &src);
  snprintf(r.name, sizeof r.name, "csv run");
  text = ur_run_serialize(&r, &len);
  size_t used;
  int lines;
  CHECK(text && ur_run_parse(text, len, 1, &s, &used, &lines, err, sizeof err) == 0, "run parse: %s", err);
  CHECK(!strcmp(s.data.csv.path, src.path) && !strcmp(s.data.csv.inputs[0], "humidity") && s.data.horizon == 5,
        "the run's csv: %s", s.data.csv.path);
  free(text);
  ur_run_clear(&r);
  ur_run_clear(&s);
  ur_project_clear(&p);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_csv_source WEATHER_CSV\n");
    return 2;
  }
  round_trip();
  by_name(argv[1]);
  project_and_run();
  return check_summary();
}
