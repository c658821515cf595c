/* data.c: the chapter's generator and the book's three data sets. */
#include "data.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void ur_dataset_free(ur_dataset *d) {
  free(d->x);
  free(d->y);
  d->x = d->y = NULL;
  d->n = 0;
}

void ur_dataset_get(const ur_dataset *d, long i, float *x, float *y) {
  size_t in = ur_shape_size(d->x_shape), out = ur_shape_size(d->y_shape);
  if (d->x) {
    memcpy(x, d->x + (size_t)i * in, sizeof(float) * in);
    memcpy(y, d->y + (size_t)i * out, sizeof(float) * out);
  } else {
    d->ops->gather(d->src, d->span, i, x, y);
  }
}

void ur_dataset_units(const ur_dataset *d, long i, const float *y, float *y_units, float *t_units) {
  size_t out = ur_shape_size(d->y_shape);
  if (d->x) {
    memcpy(y_units, y, sizeof(float) * out);
    memcpy(t_units, d->y + (size_t)i * out, sizeof(float) * out);
  } else {
    d->ops->units(d->src, d->span, i, y, y_units, t_units);
  }
}

/* Copies samples [from, from + n) of a held set into a new one; 0 or -1 (OOM). */
static int dataset_slice(const ur_dataset *src, int from, int n, ur_dataset *out) {
  size_t xi = ur_shape_size(src->x_shape), yi = ur_shape_size(src->y_shape);
  memset(out, 0, sizeof *out);
  out->n = n;
  out->x_shape = src->x_shape;
  out->y_shape = src->y_shape;
  out->x = malloc(sizeof(float) * ((size_t)n * xi + 1));
  out->y = malloc(sizeof(float) * ((size_t)n * yi + 1));
  if (!out->x || !out->y) {
    ur_dataset_free(out);
    return -1;
  }
  memcpy(out->x, src->x + (size_t)from * xi, sizeof(float) * (size_t)n * xi);
  memcpy(out->y, src->y + (size_t)from * yi, sizeof(float) * (size_t)n * yi);
  return 0;
}

void ur_generate_series(ur_rng *rng, int batch, int n_steps, float *series) {
  /* np.random.rand(4, batch, 1) fills freq1, freq2, offsets1, offsets2 in
   * turn; the noise rand(batch, n_steps) comes after, row-major, which is the
   * order of the loop below.  numpy sums in double and casts at the end. */
  double *f = malloc(sizeof(double) * 4 * (size_t)batch);
  if (!f) return;
  for (size_t i = 0; i < 4 * (size_t)batch; i++) f[i] = ur_rng_rand(rng);
  const double *freq1 = f, *freq2 = f + batch, *off1 = f + 2 * (size_t)batch, *off2 = f + 3 * (size_t)batch;
  double step = n_steps > 1 ? 1.0 / (double)(n_steps - 1) : 0.0; /* np.linspace(0, 1, n) */
  for (int b = 0; b < batch; b++)
    for (int t = 0; t < n_steps; t++) {
      double time = (n_steps > 1 && t == n_steps - 1) ? 1.0 : t * step;
      double s = 0.5 * sin((time - off1[b]) * (freq1[b] * 10 + 10));
      s += 0.2 * sin((time - off2[b]) * (freq2[b] * 20 + 20));
      s += 0.1 * (ur_rng_rand(rng) - 0.5);
      series[(size_t)b * n_steps + t] = (float)s;
    }
  free(f);
}

void ur_book_data_free(ur_book_data *d) {
  ur_dataset_free(&d->train);
  ur_dataset_free(&d->valid);
  ur_dataset_free(&d->test);
  free(d->series);
  d->series = NULL;
}

/* Targets of one series (length n_steps + horizon) for a task. */
static void targets(ur_task task, const float *s, int T, int H, float *y) {
  switch (task) {
  case UR_TASK_ONE_STEP: y[0] = s[T]; break;
  case UR_TASK_VECTOR: memcpy(y, s + T, sizeof(float) * (size_t)H); break;
  case UR_TASK_SEQ2SEQ: /* Y[t, k] = s[t + k + 1] */
    for (int t = 0; t < T; t++)
      for (int k = 0; k < H; k++) y[(size_t)t * H + k] = s[t + k + 1];
    break;
  case UR_TASK_SEQ2SEQ_CONV: /* Y_seq[:, 3::2] */
    for (int t = 3, o = 0; t < T; t += 2, o++)
      for (int k = 0; k < H; k++) y[(size_t)o * H + k] = s[t + k + 1];
    break;
  }
}

ur_shape ur_task_target_shape(ur_task task, int n_steps, int horizon) {
  switch (task) {
  case UR_TASK_ONE_STEP: return (ur_shape){0, 1};
  case UR_TASK_VECTOR: return (ur_shape){0, horizon};
  case UR_TASK_SEQ2SEQ: return (ur_shape){n_steps, horizon};
  default: return (ur_shape){n_steps > 3 ? (n_steps - 3 + 1) / 2 : 0, horizon};
  }
}

int ur_book_data_make(ur_book_data *d, ur_task task, uint32_t seed, int n_series, int n_steps, int horizon) {
  memset(d, 0, sizeof *d);
  if (task == UR_TASK_ONE_STEP) horizon = 1;
  d->task = task; d->n_steps = n_steps; d->horizon = horizon; d->n_series = n_series;
  int L = n_steps + horizon;
  d->series = malloc(sizeof(float) * (size_t)n_series * L);
  if (!d->series) return -1;
  ur_rng rng;
  ur_rng_seed(&rng, seed);
  ur_generate_series(&rng, n_series, L, d->series);
  ur_dataset all = {.n = n_series, .x_shape = {n_steps, 1}, .y_shape = ur_task_target_shape(task, n_steps, horizon)};
  size_t yi = ur_shape_size(all.y_shape);
  all.x = malloc(sizeof(float) * (size_t)n_series * n_steps);
  all.y = malloc(sizeof(float) * (size_t)n_series * yi);
  if (!all.x || !all.y) {
    ur_dataset_free(&all);
    ur_book_data_free(d);
    return -1;
  }
  for (int i = 0; i < n_series; i++) {
    const float *s = d->series + (size_t)i * L;
    memcpy(all.x + (size_t)i * n_steps, s, sizeof(float) * (size_t)n_steps);
    targets(task, s, n_steps, horizon, all.y + (size_t)i * yi);
  }
  /* 70 / 20 / 10, as the book's 7000 / 2000 / 1000 */
  int n_train = n_series * 7 / 10, n_valid = n_series * 2 / 10, n_test = n_series - n_train - n_valid;
  int rc = dataset_slice(&all, 0, n_train, &d->train) | dataset_slice(&all, n_train, n_valid, &d->valid) |
           dataset_slice(&all, n_train + n_valid, n_test, &d->test);
  ur_dataset_free(&all);
  if (rc) ur_book_data_free(d);
  return rc ? -1 : 0;
}

/* ---- tasks ------------------------------------------------------------ */

static const char *task_ids[] = {"one_step", "vector", "seq2seq", "seq2seq_conv"};
static const char *task_words[] = {
    "the next value",
    "the next values as one vector",
    "the next values at every time step",
    "the next values at every second step from step 4",
};

const char *ur_task_id(ur_task t) { return (unsigned)t < 4 ? task_ids[t] : "?"; }
const char *ur_task_describe(ur_task t) { return (unsigned)t < 4 ? task_words[t] : "?"; }
int ur_task_from_id(const char *id) {
  for (int i = 0; id && i < 4; i++)
    if (!strcmp(id, task_ids[i])) return i;
  return -1;
}
