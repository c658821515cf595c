/* future.h: forecasts past the end of a user's series.
 *
 * From the last row of each series of a run's CSV source: the model reads
 * the last lookback rows as it was trained (its transform), answers H steps
 * (its horizon; a one-step model with no extra input is applied H times,
 * each forecast fed back), and the forecasts go back to the series' units,
 * stamped with the instants the series' step gives (none on a series
 * without a step).  The window's Future view and `unroll forecast` both
 * come here.  Pure C, no GLib.
 */
#ifndef UR_FUTURE_H
#define UR_FUTURE_H

#include "model.h"
#include "series.h"

typedef struct {
  int part;            /* which series */
  int h;               /* steps forecast */
  double *time;        /* h instants (NAN without a step) */
  float *value;        /* h forecasts, in units */
  int L;
  double *past_time;   /* L instants of the history */
  float *past;         /* L values of the history */
} ur_future;

/* Forecasts h steps (0: the model's own horizon) past the end of series
 * `part` of s, with model m trained on windows of `transform`.  0, or -1
 * with a reason (a model that reads other windows, a series shorter than
 * the lookback, a horizon a model with extra inputs cannot reach). */
int ur_forecast_future(ur_model *m, const ur_series *s, ur_transform transform, int part, int h, ur_future *out,
                       char *err, size_t errlen);
void ur_future_free(ur_future *f);

#endif
