/* chart-band.c: the median and min–max band of chart-band.h. */
#include "chart-band.h"
#include <math.h>

#define MAX_MEMBERS 64 /* a group has at most 32 (engine/group.h) */

double chart_median(double *v, int n) {
  int m = 0;
  for (int i = 0; i < n; i++)
    if (isfinite(v[i])) v[m++] = v[i];
  if (m == 0) return NAN;
  /* insertion sort: a group's members are few */
  for (int i = 1; i < m; i++)
    for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
      double t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
  return m % 2 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
}

void chart_band_stats(chart_value_fn get, const void *ctx, int k, int n, double *med, double *lo, double *hi) {
  double v[MAX_MEMBERS];
  if (k > MAX_MEMBERS) k = MAX_MEMBERS;
  for (int i = 0; i < n; i++) {
    double mn = INFINITY, mx = -INFINITY;
    int c = 0;
    for (int j = 0; j < k; j++) {
      double x = get(ctx, j, i);
      if (!isfinite(x)) continue;
      v[c++] = x;
      if (x < mn) mn = x;
      if (x > mx) mx = x;
    }
    if (med) med[i] = c ? chart_median(v, c) : NAN;
    if (lo) lo[i] = c ? mn : NAN;
    if (hi) hi[i] = c ? mx : NAN;
  }
}

void chart_band_of_curves(const float *const *y, int k, int n, float *med, float *lo, float *hi) {
  double v[MAX_MEMBERS];
  if (k > MAX_MEMBERS) k = MAX_MEMBERS;
  for (int i = 0; i < n; i++) {
    double l = INFINITY, h = -INFINITY;
    int c = 0;
    for (int j = 0; j < k; j++)
      if (y[j] && isfinite(y[j][i])) {
        v[c++] = y[j][i];
        l = fmin(l, y[j][i]);
        h = fmax(h, y[j][i]);
      }
    if (med) med[i] = (float)chart_median(v, c);
    if (lo) lo[i] = c ? (float)l : NAN;
    if (hi) hi[i] = c ? (float)h : NAN;
  }
}
