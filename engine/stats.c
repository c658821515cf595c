/* stats.c: see stats.h. */
#include "stats.h"
#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

ur_stat ur_stat_of(const double *v, int n) {
  ur_stat s = {0, NAN, NAN, NAN, NAN, NAN};
  double sorted[64], *w = n <= 64 ? sorted : malloc(sizeof(double) * (size_t)n);
  if (!w) return s;
  for (int i = 0; i < n; i++)
    if (isfinite(v[i])) w[s.n++] = v[i];
  if (s.n > 0) {
    qsort(w, (size_t)s.n, sizeof *w, cmp_double);
    int m = s.n / 2;
    s.median = s.n % 2 ? w[m] : 0.5 * (w[m - 1] + w[m]);
    s.min = w[0];
    s.max = w[s.n - 1];
    double sum = 0.0, sq = 0.0;
    for (int i = 0; i < s.n; i++) sum += w[i];
    s.mean = sum / s.n;
    for (int i = 0; i < s.n; i++) sq += (w[i] - s.mean) * (w[i] - s.mean);
    s.sd = s.n > 1 ? sqrt(sq / (s.n - 1)) : 0.0;
  }
  if (w != sorted) free(w);
  return s;
}

double ur_sign_test(int wins, int losses) {
  int n = wins + losses, k = wins < losses ? wins : losses;
  if (n <= 0) return 1.0;
  /* P(X ≤ k) = Σ_{i ≤ k} C(n, i) / 2ⁿ, the terms built up in double */
  double term = ldexp(1.0, -n), tail = 0.0;
  for (int i = 0; i <= k; i++) {
    tail += term;
    term = term * (n - i) / (i + 1);
  }
  double p = 2.0 * tail;
  return p > 1.0 ? 1.0 : p;
}
