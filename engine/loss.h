/* loss.h: losses (what training minimises) and metrics (what is reported).
 *
 * Losses are means over every output value, as Keras's (mean over the last
 * axis, then over the batch and time):
 *   MSE   (y - t)²          MAE |y - t|
 *   Huber ½ (y - t)² if |y - t| ≤ 1, else |y - t| - ½        (delta 1)
 */
#ifndef UR_LOSS_H
#define UR_LOSS_H

#include <stddef.h>
#include "spec.h"

typedef enum { UR_LOSS_MSE, UR_LOSS_MAE, UR_LOSS_HUBER, UR_LOSS_COUNT } ur_loss_kind;

const char *ur_loss_name(ur_loss_kind k); /* "mse", "mae", "huber" */
int ur_loss_from_name(const char *name);  /* -1 if unknown */

/* Mean loss over n values; grad (n, may be NULL) receives dL/dy. */
double ur_loss(ur_loss_kind k, const float *y, const float *t, size_t n, float *grad);

typedef struct {
  double mse, mae;
  double last_mse; /* last_time_step_mse: the last step of a sequence output (= mse for vectors) */
} ur_metrics;

/* A loss and the metrics over a set met in chunks: the same sums in the
 * same order as over the whole set at once.  The loss is taken on the
 * model's values, the metrics on the same values in the series' units. */
typedef struct {
  ur_loss_kind loss;
  ur_shape out;
  double loss_sum, se, ae, last;
  int n;
} ur_eval_sums;

void ur_eval_begin(ur_eval_sums *s, ur_loss_kind loss, ur_shape out);
/* n samples: predictions y and targets t (n × out), and both in units (yu, tu). */
void ur_eval_add(ur_eval_sums *s, const float *y, const float *t, const float *yu, const float *tu, int n);
double ur_eval_loss(const ur_eval_sums *s);
void ur_eval_metrics(const ur_eval_sums *s, ur_metrics *m);

#endif
