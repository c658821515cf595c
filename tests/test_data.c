/* test_data.c: the generator against numpy's arrays (fixture made with
 * python3-numpy by fixtures/make_generator_fixture.py), and the book's data
 * sets and targets built from them. */
#include <math.h>
#include <stdio.h>
#include "check.h"
#include <stdlib.h>
#include <string.h>
#include "data.h"


typedef struct { char name[32]; int n, len; float *s; } series_set;

static int rows_compared, sums_compared;

static void compare_file(const char *path, series_set *sets, int nsets) {
  FILE *f = fopen(path, "r");
  CHECK(f != NULL, "cannot open %s", path);
  if (!f) return;
  static char line[1 << 16];
  while (fgets(line, sizeof line, f)) {
    char name[32];
    int n, len, row, off;
    double sum, sumsq;
    if (line[0] == '#') continue;
    if (sscanf(line, "series %31s %d %d %lf %lf", name, &n, &len, &sum, &sumsq) == 5) {
      for (int k = 0; k < nsets; k++) {
        if (strcmp(sets[k].name, name)) continue;
        double s = 0, s2 = 0;
        for (size_t i = 0; i < (size_t)n * len; i++) { s += sets[k].s[i]; s2 += (double)sets[k].s[i] * sets[k].s[i]; }
        CHECK(sets[k].n == n && sets[k].len == len, "%s: shape %d × %d, numpy %d × %d", name, sets[k].n, sets[k].len, n, len);
        sums_compared++;
        CHECK(fabs(s - sum) < 1e-5 && fabs(s2 - sumsq) < 1e-5,
              "%s: sum %.9f vs numpy %.9f, sum of squares %.9f vs %.9f", name, s, sum, s2, sumsq);
      }
    } else if (sscanf(line, "row %31s %d %n", name, &row, &off) == 2) {
      for (int k = 0; k < nsets; k++) {
        if (strcmp(sets[k].name, name)) continue;
        char *p = line + off;
        int exact = 0;
        double worst = 0;
        for (int t = 0; t < sets[k].len; t++) {
          float v = strtof(p, &p);
          float ours = sets[k].s[(size_t)row * sets[k].len + t];
          exact += ours == v;
          worst = fmax(worst, fabs(ours - v));
        }
        rows_compared++;
        CHECK(worst <= 1.2e-7, "%s row %d: worst difference %.3g from numpy", name, row, worst);
        CHECK(exact >= sets[k].len - 1, "%s row %d: only %d of %d values bit-identical", name, row, exact, sets[k].len);
      }
    }
  }
  fclose(f);
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "generator_seed42.txt";
  series_set sets[3] = {{"one_step", 10000, 51, NULL}, {"ten_step", 10000, 60, NULL}, {"plot43", 1, 60, NULL}};
  uint32_t seeds[3] = {42, 42, 43};
  for (int k = 0; k < 3; k++) {
    ur_rng r;
    ur_rng_seed(&r, seeds[k]);
    sets[k].s = malloc(sizeof(float) * (size_t)sets[k].n * sets[k].len);
    ur_generate_series(&r, sets[k].n, sets[k].len, sets[k].s);
  }
  compare_file(path, sets, 3);
  CHECK(rows_compared == 17 && sums_compared == 3, "the fixture holds 17 rows and 3 sums (found %d and %d)",
        rows_compared, sums_compared);

  /* the book's splits and targets, from the same series */
  ur_book_data d;
  CHECK(ur_book_data_make(&d, UR_TASK_ONE_STEP, 42, 10000, 50, 1) == 0, "one-step data");
  CHECK(d.train.n == 7000 && d.valid.n == 2000 && d.test.n == 1000, "split %d / %d / %d", d.train.n, d.valid.n, d.test.n);
  CHECK(d.valid.x[0] == sets[0].s[7000 * 51] && d.valid.y[0] == sets[0].s[7000 * 51 + 50], "X_valid, y_valid start at series 7000");
  CHECK(d.test.y[999] == sets[0].s[9999 * 51 + 50], "y_test ends with series 9999's last value");
  ur_book_data_free(&d);
  CHECK(ur_book_data_make(&d, UR_TASK_SEQ2SEQ, 42, 10000, 50, 10) == 0, "seq2seq data");
  int ok = 1;
  for (int t = 0; t < 50 && ok; t++)
    for (int k = 0; k < 10 && ok; k++) /* Y_seq[i, t, k] = series[i, t + k + 1] */
      ok = d.train.y[(size_t)123 * 500 + t * 10 + k] == sets[1].s[123 * 60 + t + k + 1];
  CHECK(ok && d.train.y_shape.steps == 50 && d.train.y_shape.features == 10, "Y_seq[i, t, k] = series[i, t + k + 1]");
  ur_book_data_free(&d);
  CHECK(ur_book_data_make(&d, UR_TASK_SEQ2SEQ_CONV, 42, 10000, 50, 10) == 0, "conv data");
  CHECK(d.valid.y_shape.steps == 24, "Y_seq[:, 3::2] has 24 steps (got %d)", d.valid.y_shape.steps);
  CHECK(d.valid.y[0] == sets[1].s[7000 * 60 + 4] && d.valid.y[23 * 10 + 9] == sets[1].s[7000 * 60 + 49 + 10],
        "Y_seq[:, 3::2] picks steps 3, 5, ..., 49");
  ur_book_data_free(&d);
  CHECK(ur_book_data_make(&d, UR_TASK_VECTOR, 42, 10000, 50, 10) == 0, "vector data");
  CHECK(d.test.y[0] == sets[1].s[9000 * 60 + 50] && d.test.y[9] == sets[1].s[9000 * 60 + 59], "Y = series[:, -10:]");
  ur_book_data_free(&d);
  for (int k = 0; k < 3; k++) free(sets[k].s);
  return check_summary();
}
