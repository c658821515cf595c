/* test_csv.c: the CSV reader and the windowing of users' series: detection,
 * missing values counted and never zero, errors naming line and column,
 * spans without leakage, standardisation from the training span alone. */
#include <math.h>
#include <stdio.h>
#include "check.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csv.h"
#include "presets.h"
#include "series.h"


static int parse(const char *text, ur_csv *c, char *err) {
  return ur_csv_parse(text, strlen(text), NULL, c, err, 256);
}

static void test_detection(void) {
  ur_csv c;
  char err[256];
  CHECK(parse("a;b;c\n1,5;2;x\n3,25;4;y\n", &c, err) == 0 && c.delimiter == ';' && c.decimal == ',' &&
        c.has_header && c.cols[0].values[1] == 3.25 && c.cols[2].type == UR_COL_TEXT,
        "semicolons with a decimal comma (%s)", err);
  ur_csv_free(&c);
  CHECK(parse("1\t2\n3\t4\r\n", &c, err) == 0 && c.delimiter == '\t' && !c.has_header && c.n_rows == 2 &&
        !strcmp(c.cols[1].name, "column 2") && c.cols[1].values[1] == 4, "tabs, CRLF, no header (%s)", err);
  ur_csv_free(&c);
  CHECK(parse("name,v\n\"Smith, \"\"J\"\"\",1.5\nx,2\n", &c, err) == 0 && c.n_cols == 2 && c.cols[1].values[0] == 1.5,
        "quoted fields with delimiters and doubled quotes (%s)", err);
  ur_csv_free(&c);
  CHECK(parse("when,v\n13/01/2024,1\n14/01/2024,2\n", &c, err) == 0 && c.cols[0].type == UR_COL_DATE &&
        !strcmp(c.cols[0].date_format, "%d/%m/%Y") && c.cols[0].times[1] - c.cols[0].times[0] == 86400,
        "day/month dates (%s, %s)", err, c.cols[0].date_format);
  ur_csv_free(&c);
  CHECK(parse("when,v\n01/13/2024 00:00,1\n01/14/2024 06:30,2\n", &c, err) == 0 &&
        !strcmp(c.cols[0].date_format, "%m/%d/%Y %H:%M") && c.cols[0].times[1] - c.cols[0].times[0] == 86400 + 6.5 * 3600,
        "month/day dates with a time (%s, %s)", err, c.cols[0].date_format);
  ur_csv_free(&c);
  double t;
  CHECK(ur_parse_date("2024-02-29T23:59:59Z", 20, 1, &t) == 0 && t == 1709251199, "ISO 8601 with time (%.0f)", t);
  CHECK(ur_parse_date("2023-02-29", 10, 1, &t) != 0, "2023-02-29 is not a date");
  CHECK(parse("x,y\n1,NA\n2,\n3,abc\n4,5\n", &c, err) == 0 && c.cols[1].n_missing == 2 && c.cols[1].n_invalid == 1 &&
        isnan(c.cols[1].values[0]) && isnan(c.cols[1].values[2]) && c.cols[1].first_invalid_row == 2,
        "missing and non-numeric cells are counted and NAN, never zero");
  ur_csv_free(&c);
}

static void expect_error(const char *name, const char *text, size_t len, const char *needle) {
  ur_csv c;
  char err[256] = "";
  int rc = ur_csv_parse(text, len, NULL, &c, err, sizeof err);
  CHECK(rc != 0 && strstr(err, needle), "%s is refused naming \"%s\": %s", name, needle, err);
  if (rc == 0) ur_csv_free(&c);
}

static void test_bad_files(void) {
  expect_error("an empty file", "", 0, "empty");
  expect_error("blank lines only", "\n \n\n", 4, "empty");
  expect_error("a header only", "date,value\n", 11, "line 1: a header but no data rows");
  expect_error("ragged rows", "a,b,c\n1,2,3\n4,5\n6,7,8\n", 22, "line 3: 2 fields, but line 1 has 3");
  static const char junk[] = "a,b\n1,2\n3,\0\x01\x02";
  expect_error("binary junk", junk, sizeof junk - 1, "line 3, column 3: a NUL byte");
  expect_error("an unclosed quote", "a,b\n1,\"2\n3,4\n", 13, "line 2: the quoted field opened at column 3 is never closed");
  expect_error("text after a quote", "a,b\n\"1\"x,2\n", 11, "line 2, column 4: text after a closing quote");
  /* a column of text chosen as the target names its line and column */
  ur_csv c;
  char err[256];
  parse("city,v\nParis,1\nLyon,2\n", &c, err);
  ur_series s;
  ur_series_config cfg;
  ur_series_config_default(&cfg);
  cfg.target = 0;
  CHECK(ur_series_make(&c, &cfg, NULL, 0, &s, err, sizeof err) != 0 && strstr(err, "line 2, column 1") &&
        strstr(err, "text"), "a text column as the target: %s", err);
  ur_csv_free(&c);
  /* a file of several gigabytes is refused at once, with a reason */
  char path[] = "/tmp/unroll-big-XXXXXX";
  int fd = mkstemp(path);
  int ok = fd >= 0 && ftruncate(fd, (off_t)3 << 30) == 0;
  if (fd >= 0) close(fd);
  CHECK(ok && ur_csv_read(path, NULL, &c, err, sizeof err) != 0 && strstr(err, "NUL"), "3 GiB of zeros: %s", err);
  unlink(path);
  /* special files are refused by what they are, before anything is read */
  CHECK(ur_csv_read("/tmp", NULL, &c, err, sizeof err) != 0 && strstr(err, "is a directory"), "a folder: %s", err);
  CHECK(ur_csv_read("/dev/zero", NULL, &c, err, sizeof err) != 0 && strstr(err, "is a character device"), "/dev/zero: %s", err);
  char fifo[] = "/tmp/unroll-fifo-XXXXXX";
  int made = mkstemp(fifo) >= 0 && unlink(fifo) == 0 && mkfifo(fifo, 0600) == 0;
  CHECK(made && ur_csv_read(fifo, NULL, &c, err, sizeof err) != 0 && strstr(err, "is a FIFO"), "a FIFO: %s", err);
  if (made) unlink(fifo);
}

static void test_series(const char *weather) {
  ur_csv c;
  char err[256];
  CHECK(ur_csv_read(weather, NULL, &c, err, sizeof err) == 0, "weather.csv: %s", err);
  CHECK(c.n_rows == 3000 && c.n_cols == 4 && c.cols[0].type == UR_COL_DATE && c.cols[1].type == UR_COL_TEXT &&
        c.cols[2].type == UR_COL_NUMERIC && c.cols[2].n_missing == 31 && c.cols[2].n_invalid == 1 &&
        c.cols[3].n_missing == 23, "weather.csv: dates, text, numbers, 31 + 1 and 23 gaps");
  CHECK(ur_csv_line_of_row(&c, c.cols[2].first_invalid_row) == 1236 && !strcmp(c.cols[2].first_invalid, "12..5"),
        "the typo is found on line 1236");
  ur_series_config cfg;
  ur_series_config_default(&cfg);
  cfg.target = 2;
  cfg.inputs[0] = 3;
  cfg.n_inputs = 1;
  cfg.date = 0;
  cfg.lookback = 20;
  cfg.horizon = 5;
  cfg.kind = UR_TARGET_VECTOR;
  ur_series s;
  CHECK(ur_series_make(&c, &cfg, NULL, 0, &s, err, sizeof err) == 0, "windows: %s", err);
  CHECK(s.n_rows == 3000 && s.train_end == 2100 && s.valid_end == 2700 && s.n_missing == 55 && s.n_invalid == 1,
        "spans 2100 / 600 / 300 rows, 55 gaps + 1 typo filled");
  int finite = 1;
  for (size_t i = 0; i < (size_t)s.n_rows * s.n_features; i++) finite &= isfinite(s.values[i]);
  CHECK(finite, "no NAN left after interpolation");
  /* the interpolated cell lies between its neighbours (row 13 was empty) */
  float a = s.values[12 * 2], b = s.values[13 * 2], d = s.values[14 * 2];
  CHECK(fabsf(b - (a + d) / 2) < 1e-4f, "interpolation: %g between %g and %g", b, a, d);
  /* no window's target leaves its span: valid windows' first target at row ≥ 2100 */
  /* (a window starts one row into a series: the first row has no predecessor to difference) */
  CHECK(s.train.n == 2100 - 20 - 5 && s.valid.n == 600 - 5 + 1, "window counts %d / %d", s.train.n, s.valid.n);
  /* standardisation from the training span alone: the first training rows are unchanged by the rest */
  double m = s.mean[0];
  for (int r = 2100; r < c.n_rows; r++) c.cols[2].values[r] += 1000.0f;
  ur_series s2;
  ur_series_make(&c, &cfg, NULL, 0, &s2, err, sizeof err);
  int same = s2.train.n == s.train.n;
  for (int i = 0; same && i < s.train.n; i++) {
    float x1[40], x2[40], y1[5], y2[5];
    ur_dataset_get(&s.train, i, x1, y1);
    ur_dataset_get(&s2.train, i, x2, y2);
    same = !memcmp(x1, x2, sizeof x1) && !memcmp(y1, y2, sizeof y1);
  }
  CHECK(s2.mean[0] == m && same, "changing the validation and test spans changes no training window nor the scaling");
  ur_series_free(&s2);
  ur_series_free(&s);
  for (int r = 2100; r < c.n_rows; r++) c.cols[2].values[r] -= 1000.0f;
  /* by dates, and dropping rows instead */
  cfg.missing = UR_MISSING_DROP;
  ur_parse_date("2020-06-01", 10, 1, &cfg.valid_from);
  ur_parse_date("2022-01-01", 10, 1, &cfg.test_from);
  CHECK(ur_series_make(&c, &cfg, NULL, 0, &s, err, sizeof err) == 0 && s.n_dropped == 55 &&
        ur_series_time(&s, 0, s.train_end) >= cfg.valid_from && ur_series_time(&s, 0, s.train_end - 1) < cfg.valid_from,
        "split by dates, 55 rows dropped (%s)", err);
  ur_series_free(&s);
  /* carry forward repeats the last value */
  cfg.missing = UR_MISSING_CARRY_FORWARD;
  cfg.valid_from = cfg.test_from = NAN;
  ur_series_make(&c, &cfg, NULL, 0, &s, err, sizeof err);
  CHECK(s.values[13 * 2] == s.values[12 * 2], "carry forward");
  ur_series_free(&s);
  /* seq-to-seq targets follow the model's steps: conv-gru's stride-2 kernel-4 front gives 3, 5, 7, ... */
  const ur_preset *p = ur_preset_find("conv-gru");
  int align[64];
  int n = ur_stack_alignment((ur_shape){50, 1}, p->layers, p->n_layers, align, 64);
  CHECK(n == 24 && align[0] == 3 && align[1] == 5 && align[23] == 49, "alignment of conv-gru: %d steps from %d", n, align[0]);
  cfg.kind = UR_TARGET_SEQ2SEQ;
  cfg.lookback = 50;
  cfg.n_inputs = 0;
  ur_series_make(&c, &cfg, align, n, &s, err, sizeof err);
  float x[50], y[24 * 5];
  ur_dataset_get(&s.train, 0, x, y);
  CHECK(s.train.y_shape.steps == 24 && y[0] == x[4], "Y[o=0] starts at input step 4 (%s)", err);
  ur_series_free(&s);
  ur_csv_free(&c);
}

int main(int argc, char **argv) {
  test_detection();
  test_bad_files();
  test_series(argc > 1 ? argv[1] : "tests/data/weather.csv");
  return check_summary();
}
