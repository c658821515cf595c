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

/* Metrics over n samples of shape out (y and t: n × out). */
void ur_metrics_compute(const float *y, const float *t, int n, ur_shape out, ur_metrics *m);

#endif
