/* baseline.c: naive and exact linear forecasts (see baseline.h). */
#include "baseline.h"
#include "tensor_ops.h"
#include <lapacke.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ur_baseline_outputs(const ur_dataset *d) { return d->y_shape.features; }

const float *ur_baseline_target(const ur_dataset *d, int i) {
  size_t per = ur_shape_size(d->y_shape);
  return d->y + (size_t)i * per + per - (size_t)d->y_shape.features;
}

void ur_naive_predict(const ur_dataset *d, float *y) {
  int H = ur_baseline_outputs(d), T = d->x_shape.steps > 0 ? d->x_shape.steps : 1, F = d->x_shape.features;
  for (int i = 0; i < d->n; i++) {
    float last = d->x[((size_t)i * T + T - 1) * F];
    for (int k = 0; k < H; k++) y[(size_t)i * H + k] = last;
  }
}

int ur_linear_fit(ur_linear_baseline *lb, const ur_dataset *train, char *err, size_t errlen) {
  int n = train->n, D = (int)ur_shape_size(train->x_shape), P = D + 1, H = ur_baseline_outputs(train);
  memset(lb, 0, sizeof *lb);
  if (n < P) {
    snprintf(err, errlen, "the linear baseline needs at least %d training windows, there are %d", P, n);
    return -1;
  }
  double *A = malloc(sizeof(double) * (size_t)n * P), *Y = malloc(sizeof(double) * (size_t)n * H);
  if (!A || !Y) {
    free(A); free(Y);
    snprintf(err, errlen, "out of memory fitting the linear baseline");
    return -1;
  }
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < D; j++) A[(size_t)i * P + j] = train->x[(size_t)i * D + j];
    A[(size_t)i * P + D] = 1.0;
    const float *t = ur_baseline_target(train, i);
    for (int k = 0; k < H; k++) Y[(size_t)i * H + k] = t[k];
  }
  /* min ‖A w - Y‖ by QR; the first P rows of Y then hold w */
  ur_blas_init();
  int rc = LAPACKE_dgels(LAPACK_ROW_MAJOR, 'N', n, P, H, A, P, Y, H);
  free(A);
  if (rc != 0) {
    free(Y);
    snprintf(err, errlen, "the linear baseline's least-squares problem is rank deficient (LAPACK info %d)", rc);
    return -1;
  }
  lb->inputs = P;
  lb->outputs = H;
  lb->w = Y; /* only the first P × H entries are used */
  return 0;
}

void ur_linear_predict(const ur_linear_baseline *lb, const ur_dataset *d, float *y) {
  int D = lb->inputs - 1, H = lb->outputs;
  for (int i = 0; i < d->n; i++)
    for (int k = 0; k < H; k++) {
      double s = lb->w[(size_t)D * H + k];
      for (int j = 0; j < D; j++) s += d->x[(size_t)i * D + j] * lb->w[(size_t)j * H + k];
      y[(size_t)i * H + k] = (float)s;
    }
}

void ur_linear_free(ur_linear_baseline *lb) {
  free(lb->w);
  lb->w = NULL;
}

double ur_baseline_mse(const ur_dataset *d, const float *y) {
  int H = ur_baseline_outputs(d);
  double s = 0.0;
  for (int i = 0; i < d->n; i++) {
    const float *t = ur_baseline_target(d, i);
    for (int k = 0; k < H; k++) {
      double e = (double)y[(size_t)i * H + k] - t[k];
      s += e * e;
    }
  }
  return d->n ? s / ((double)d->n * H) : 0.0;
}

int ur_baselines_predict(const ur_dataset *train, const ur_dataset *valid, float *naive, float *linear, char *err,
                         size_t errlen) {
  ur_linear_baseline lb;
  ur_naive_predict(valid, naive);
  if (ur_linear_fit(&lb, train, err, errlen) != 0) return -1;
  ur_linear_predict(&lb, valid, linear);
  ur_linear_free(&lb);
  return 0;
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
