/* chart-band.h: a group's curves as one: the median and the min–max band.
 *
 * A run group (engine/group.h) is K runs that differ only in their training
 * seed; every chart draws it as the median of its members' curves with the
 * range they span shaded around it, so one draw is never read as the
 * model's result.  At each point i the statistics run over the members that
 * have a finite value there (a member still training, or one stopped early,
 * has fewer points):
 *
 *   med[i] = median_j v_j(i)   (the mean of the middle two for an even count)
 *   lo[i]  = min_j v_j(i),  hi[i] = max_j v_j(i)
 *
 * all NAN where no member has a value.  Plain C, no Cairo.
 */
#ifndef UNROLL_CHART_BAND_H
#define UNROLL_CHART_BAND_H

/* Member j's value at point i, NAN when it has none. */
typedef double (*chart_value_fn)(const void *ctx, int j, int i);

/* med, lo and hi (each n, any of them NULL) at points 0..n-1 over k members. */
void chart_band_stats(chart_value_fn get, const void *ctx, int k, int n, double *med, double *lo, double *hi);

/* The same over k curves of n floats each (NULL curves left out): a
 * group's forecasts at each step, or its MSE at each step ahead. */
void chart_band_of_curves(const float *const *y, int k, int n, float *med, float *lo, float *hi);

/* The median of the finite values among v[0..n-1] (v is reordered); NAN when none. */
double chart_median(double *v, int n);

#endif
