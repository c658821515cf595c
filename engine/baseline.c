/* baseline.c: naive and exact linear forecasts (see baseline.h).
 *
 * Every sample comes through ur_dataset_get, so the same code serves a
 * held set (the book's) and one gathered from a user's series.  The least
 * squares are solved by QR in double: in one LAPACKE_dgels call when the
 * training windows fit in one block, else block by block (TSQR: the R of
 * [R_so_far; next 16384 rows of [A | Y]] is the R of all the rows so far), so
 * memory stays at one block whatever the number of windows. */
#include "baseline.h"
#include "tensor_ops.h"
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_ROWS 16384

int ur_baseline_outputs(const ur_dataset *d) { return d->y_shape.features; }

/* Sample i's window (x: in floats) and its last step's targets (t: H floats). */
static void sample(const ur_dataset *d, int i, float *x, float *y_all, float **t) {
  size_t per = ur_shape_size(d->y_shape);
  ur_dataset_get(d, i, x, y_all);
  *t = y_all + per - (size_t)d->y_shape.features;
}

/* Scratch for one sample: its window and all its targets. */
typedef struct {
  float *x, *y;
} one;

static int one_alloc(one *o, const ur_dataset *d) {
  o->x = malloc(sizeof(float) * (ur_shape_size(d->x_shape) + 1));
  o->y = malloc(sizeof(float) * (ur_shape_size(d->y_shape) + 1));
  if (o->x && o->y) return 0;
  free(o->x);
  free(o->y);
  return -1;
}

static void one_free(one *o) {
  free(o->x);
  free(o->y);
}

int ur_naive_predict(const ur_dataset *d, float *y) {
  int H = ur_baseline_outputs(d), T = d->x_shape.steps > 0 ? d->x_shape.steps : 1, F = d->x_shape.features;
  one o;
  if (one_alloc(&o, d)) return -1;
  for (int i = 0; i < d->n; i++) {
    float *t;
    sample(d, i, o.x, o.y, &t);
    float last = o.x[(size_t)(T - 1) * F];
    for (int k = 0; k < H; k++) y[(size_t)i * H + k] = last;
  }
  one_free(&o);
  return 0;
}

/* Rows [from, from + m) of [flatten(x), 1 | targets] into M (ld columns);
 * -1 when a value is not finite. */
static int fill_rows(const ur_dataset *d, int from, int m, double *M, int ld, one *o) {
  int D = (int)ur_shape_size(d->x_shape), H = ur_baseline_outputs(d);
  for (int r = 0; r < m; r++) {
    float *t;
    sample(d, from + r, o->x, o->y, &t);
    double *row = M + (size_t)r * ld;
    for (int j = 0; j < D; j++) row[j] = o->x[j];
    row[D] = 1.0;
    for (int k = 0; k < H; k++) row[D + 1 + k] = t[k];
    for (int j = 0; j < D + 1 + H; j++)
      if (!isfinite(row[j])) return -1;
  }
  return 0;
}

static int fit_failed(char *err, size_t errlen, int info) {
  if (info > 0)
    snprintf(err, errlen, "the linear baseline cannot be fitted: over the training windows some inputs are constant "
             "or copies of others (the least squares are singular)");
  else
    snprintf(err, errlen, "the linear baseline cannot be fitted (LAPACK error %d)", info);
  return -1;
}

/* One block: min ‖A w - Y‖ by dgels, as the book's small sets always are. */
static int fit_one_block(ur_linear_baseline *lb, const ur_dataset *train, one *o, char *err, size_t errlen) {
  int n = train->n, D = (int)ur_shape_size(train->x_shape), P = D + 1, H = ur_baseline_outputs(train);
  double *M = malloc(sizeof(double) * (size_t)n * (P + H)), *A = malloc(sizeof(double) * (size_t)n * P),
         *Y = malloc(sizeof(double) * (size_t)n * H);
  int rc = -1;
  if (!M || !A || !Y) snprintf(err, errlen, "out of memory fitting the linear baseline");
  else if (fill_rows(train, 0, n, M, P + H, o) != 0)
    snprintf(err, errlen, "the linear baseline cannot be fitted: a training window holds a value that is not finite");
  else {
    for (int i = 0; i < n; i++) {
      memcpy(A + (size_t)i * P, M + (size_t)i * (P + H), sizeof(double) * (size_t)P);
      memcpy(Y + (size_t)i * H, M + (size_t)i * (P + H) + P, sizeof(double) * (size_t)H);
    }
    ur_blas_init();
    int info = LAPACKE_dgels(LAPACK_ROW_MAJOR, 'N', n, P, H, A, P, Y, H);
    if (info != 0) fit_failed(err, errlen, info);
    else {
      lb->w = Y; /* the first P × H entries */
      Y = NULL;
      rc = 0;
    }
  }
  free(M);
  free(A);
  free(Y);
  return rc;
}

/* Block by block: R of [A | Y] accumulated, then R11 w = R12. */
static int fit_blocks(ur_linear_baseline *lb, const ur_dataset *train, one *o, char *err, size_t errlen) {
  int n = train->n, D = (int)ur_shape_size(train->x_shape), P = D + 1, H = ur_baseline_outputs(train), C = P + H;
  double *M = malloc(sizeof(double) * (size_t)(C + BLOCK_ROWS) * C), *tau = malloc(sizeof(double) * (size_t)C);
  double *w = malloc(sizeof(double) * (size_t)P * H);
  int rc = -1, have = 0; /* rows of R on top of M */
  if (!M || !tau || !w) {
    snprintf(err, errlen, "out of memory fitting the linear baseline");
    goto done;
  }
  ur_blas_init();
  for (int from = 0; from < n; from += BLOCK_ROWS) {
    int m = n - from < BLOCK_ROWS ? n - from : BLOCK_ROWS;
    if (fill_rows(train, from, m, M + (size_t)have * C, C, o) != 0) {
      snprintf(err, errlen, "the linear baseline cannot be fitted: a training window holds a value that is not finite");
      goto done;
    }
    int rows = have + m, info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, rows, C, M, C, tau);
    if (info != 0) {
      fit_failed(err, errlen, info);
      goto done;
    }
    have = rows < C ? rows : C;
    for (int r = 0; r < have; r++) /* keep R: zero what lies below its diagonal */
      for (int c = 0; c < r; c++) M[(size_t)r * C + c] = 0.0;
  }
  for (int r = 0; r < P; r++) memcpy(w + (size_t)r * H, M + (size_t)r * C + P, sizeof(double) * (size_t)H);
  int info = LAPACKE_dtrtrs(LAPACK_ROW_MAJOR, 'U', 'N', 'N', P, H, M, C, w, H);
  if (info != 0) {
    fit_failed(err, errlen, info);
    goto done;
  }
  lb->w = w;
  w = NULL;
  rc = 0;
done:
  free(M);
  free(tau);
  free(w);
  return rc;
}

int ur_linear_fit(ur_linear_baseline *lb, const ur_dataset *train, char *err, size_t errlen) {
  int n = train->n, D = (int)ur_shape_size(train->x_shape), P = D + 1, H = ur_baseline_outputs(train);
  one o;
  memset(lb, 0, sizeof *lb);
  if (n < 2 * P) { /* fewer windows than twice the weights fit the noise: its figure would mean nothing */
    snprintf(err, errlen, "the linear baseline needs at least %d training windows (twice its %d weights), there are %d: "
             "it is left out", 2 * P, P, n);
    return -1;
  }
  if (one_alloc(&o, train)) {
    snprintf(err, errlen, "out of memory fitting the linear baseline");
    return -1;
  }
  int rc = n <= BLOCK_ROWS ? fit_one_block(lb, train, &o, err, errlen) : fit_blocks(lb, train, &o, err, errlen);
  one_free(&o);
  if (rc == 0) {
    lb->inputs = P;
    lb->outputs = H;
  }
  return rc;
}

int ur_linear_predict(const ur_linear_baseline *lb, const ur_dataset *d, float *y) {
  int D = lb->inputs - 1, H = lb->outputs;
  one o;
  if (one_alloc(&o, d)) return -1;
  for (int i = 0; i < d->n; i++) {
    float *t;
    sample(d, i, o.x, o.y, &t);
    for (int k = 0; k < H; k++) {
      double s = lb->w[(size_t)D * H + k];
      for (int j = 0; j < D; j++) s += o.x[j] * lb->w[(size_t)j * H + k];
      y[(size_t)i * H + k] = (float)s;
    }
  }
  one_free(&o);
  return 0;
}

void ur_linear_free(ur_linear_baseline *lb) {
  free(lb->w);
  lb->w = NULL;
}

double ur_baseline_mse(const ur_dataset *d, const float *y) {
  int H = ur_baseline_outputs(d);
  size_t per = ur_shape_size(d->y_shape);
  float *yu = malloc(sizeof(float) * (per + 1)), *tu = malloc(sizeof(float) * (per + 1));
  one o;
  double s = 0.0;
  if (!yu || !tu || one_alloc(&o, d)) {
    free(yu);
    free(tu);
    return NAN;
  }
  for (int i = 0; i < d->n; i++) {
    const float *yi = y + (size_t)i * H, *pred = yi, *t;
    float *tt;
    sample(d, i, o.x, o.y, &tt);
    t = tt;
    if (!d->x && d->y_shape.steps == 0) { /* a gathered vector set: both in units */
      ur_dataset_units(d, i, yi, yu, tu);
      pred = yu;
      t = tu;
    }
    for (int k = 0; k < H; k++) {
      double e = (double)pred[k] - t[k];
      s += e * e;
    }
  }
  one_free(&o);
  free(yu);
  free(tu);
  return d->n ? s / ((double)d->n * H) : 0.0;
}

int ur_baselines_predict(const ur_dataset *train, const ur_dataset *valid, float *naive, float *linear, char *err,
                         size_t errlen) {
  ur_linear_baseline lb;
  if (ur_naive_predict(valid, naive) != 0) return snprintf(err, errlen, "out of memory"), -1;
  if (ur_linear_fit(&lb, train, err, errlen) != 0) return -1;
  int rc = ur_linear_predict(&lb, valid, linear);
  ur_linear_free(&lb);
  if (rc) snprintf(err, errlen, "out of memory");
  return rc;
}

int ur_baselines_measure(const ur_dataset *train, const ur_dataset *valid, double *naive_mse, double *linear_mse,
                         char *err, size_t errlen) {
  size_t n = (size_t)valid->n * (size_t)ur_baseline_outputs(valid) + 1;
  float *naive = malloc(sizeof(float) * n), *linear = malloc(sizeof(float) * n);
  int rc = -1;
  if (!naive || !linear) snprintf(err, errlen, "out of memory for the baselines");
  else if (ur_baselines_predict(train, valid, naive, linear, err, errlen) == 0) {
    *naive_mse = ur_baseline_mse(valid, naive);
    *linear_mse = ur_baseline_mse(valid, linear);
    rc = 0;
  }
  free(naive);
  free(linear);
  return rc;
}
