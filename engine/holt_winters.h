/* holt_winters.h: additive Holt-Winters, the classical baseline.
 *
 *   level   l_t = α (y_t - s_{t-m}) + (1 - α)(l_{t-1} + b_{t-1})
 *   trend   b_t = β (l_t - l_{t-1}) + (1 - β) b_{t-1}
 *   season  s_t = γ (y_t - l_t) + (1 - γ) s_{t-m}
 *   ŷ_{t+h} = l_t + h b_t + s_{t+h-m⌈h/m⌉}
 * (without a season, m = 0: Holt's linear trend, s ≡ 0).  α, β and γ are
 * chosen on each series' training span alone, by the smallest one-step
 * squared error over a grid, from l, b and s started on its first two
 * seasons.  The forecasts are then made from every window's origin by
 * running the filter over the series as it happened (the data before the
 * origin, never after), and scored on the same windows as naive and
 * linear.  One pass per series; memory is one season.  Pure C.
 */
#ifndef UR_HOLT_WINTERS_H
#define UR_HOLT_WINTERS_H

#include "series.h"

/* The MSE of Holt-Winters' forecasts of the last step's H targets over the
 * windows of span `span` of w (vector targets), in units: 0, or -1 with
 * the reason it cannot be fitted in why (a training span shorter than two
 * seasons and a step). */
int ur_holt_winters_mse(const ur_windows *w, int span, double *mse, char *why, size_t whylen);

#endif
