/* stats.h: the few statistics a group of runs is summarised with.
 *
 *   median, min, max, mean     of the finite values
 *   sd                         the sample standard deviation, √(Σ(v - mean)² / (n - 1)); 0 for one value
 *   sign test                  two-sided: p = min(1, 2 · P(X ≤ min(w, l))), X ~ Binomial(w + l, ½),
 *                              for w wins and l losses in paired draws (ties dropped)
 *
 * The sign test assumes nothing about how the MSEs are distributed, only
 * that the pairs are independent, which seeds give.  Its smallest p-value
 * with n pairs is 2 / 2ⁿ: with 5 pairs it is 0.0625, so no verdict at 5%
 * is possible below 6 pairs, whatever the figures.  Pure C.
 */
#ifndef UR_STATS_H
#define UR_STATS_H

typedef struct {
  int n; /* finite values summarised */
  double median, min, max, mean, sd;
} ur_stat;

/* Of the finite values among v[0..n-1]; all NAN when there are none. */
ur_stat ur_stat_of(const double *v, int n);

/* The two-sided sign test's p-value for wins against losses. */
double ur_sign_test(int wins, int losses);

#endif
