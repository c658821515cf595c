/* data.h: the chapter's synthetic series and the book's data sets.
 *
 * generate_time_series(batch, n_steps) of chapter 15, drawing from numpy's
 * legacy MT19937 stream exactly, so that with seed 42 the arrays equal the
 * book's to float32 precision:
 *   freq1, freq2, offsets1, offsets2 = np.random.rand(4, batch, 1)
 *   t = np.linspace(0, 1, n_steps)
 *   s = 0.5 sin((t - offsets1)(10 freq1 + 10)) + 0.2 sin((t - offsets2)(20 freq2 + 20))
 *       + 0.1 (np.random.rand(batch, n_steps) - 0.5)
 */
#ifndef UR_DATA_H
#define UR_DATA_H

#include <stdint.h>
#include "spec.h"
#include "rng.h"

/* How a set of windows that are not held in memory gives its samples: a
 * user's series is windowed on demand (series.h), so memory stays in
 * proportion to the series rather than to lookback × windows. */
typedef struct {
  /* sample i: x (x_shape floats) and y (y_shape floats), as the model reads them */
  void (*gather)(const void *src, int span, long i, float *x, float *y);
  /* sample i's target, and a prediction y of it in the model's values,
   * both in the series' own units (y_units, t_units: y_shape floats) */
  void (*units)(const void *src, int span, long i, const float *y, float *y_units, float *t_units);
} ur_window_ops;

/* A supervised set: n samples of x_shape and y_shape, either held (x is
 * n × x_shape, y is n × y_shape: the book's series) or gathered from a
 * series by ops (x and y NULL), whose values the model reads transformed
 * and whose figures are told in units. */
typedef struct {
  int n;
  ur_shape x_shape, y_shape;
  float *x, *y;
  const ur_window_ops *ops;
  const void *src;
  int span;
} ur_dataset;

void ur_dataset_free(ur_dataset *d);
/* Sample i into x and y. */
void ur_dataset_get(const ur_dataset *d, long i, float *x, float *y);
/* Sample i's target and a prediction of it in the series' units (held
 * sets are in units already: copies). */
void ur_dataset_units(const ur_dataset *d, long i, const float *y, float *y_units, float *t_units);

/* series: batch × n_steps floats.  The generator state continues, as numpy's does. */
void ur_generate_series(ur_rng *rng, int batch, int n_steps, float *series);

/* What a model is asked to predict from 50 steps. */
typedef enum {
  UR_TASK_ONE_STEP,    /* y = the next value (N × 1) */
  UR_TASK_VECTOR,      /* y = the next `horizon` values (N × horizon) */
  UR_TASK_SEQ2SEQ,     /* y[t] = the `horizon` values after step t (N × T × horizon) */
  UR_TASK_SEQ2SEQ_CONV /* Y_seq[:, 3::2]: for Conv1D(kernel 4, stride 2, valid) */
} ur_task;

/* Per-sample target shape of a task. */
ur_shape ur_task_target_shape(ur_task task, int n_steps, int horizon);

/* The task's identifier in files ("one_step", "vector", "seq2seq",
 * "seq2seq_conv") and its description in words. */
const char *ur_task_id(ur_task t);
int ur_task_from_id(const char *id); /* -1 if unknown */
const char *ur_task_describe(ur_task t);

typedef struct {
  ur_dataset train, valid, test;
  int n_steps, horizon;
  ur_task task;
  float *series;      /* all series, N × (n_steps + horizon), for plots and baselines */
  int n_series;
} ur_book_data;

/* The book's protocol: np.random.seed(seed); generate_time_series(10000,
 * 50 + horizon); 7000 / 2000 / 1000.  n_series and n_steps may be scaled
 * down for tests (the book: 10000, 50).  0 or -1 (OOM). */
int ur_book_data_make(ur_book_data *d, ur_task task, uint32_t seed, int n_series, int n_steps,
                      int horizon);
void ur_book_data_free(ur_book_data *d);

#endif
