/* baseline.h: the two forecasts every model must beat.
 *
 * Both read the window x (n × T × F, the target in feature 0) and predict
 * the target vector y of the last step (n × H: H = 1 one step ahead, H = 10
 * for ten; for sequence-to-sequence targets, the last time step's H values,
 * which is what last_time_step_mse measures).
 *   naive:  ŷ_k = x[T-1, 0] for every k (the last value, repeated)
 *   linear: ŷ = [flatten(x), 1] w, w the exact least-squares solution over
 *           the training set (QR in double, LAPACKE), not trained.
 * The naive forecast is taken on the model's values of x, so a gathered
 * set's baselines are computed on untransformed (standardised) windows.
 */
#ifndef UR_BASELINE_H
#define UR_BASELINE_H

#include "data.h"

/* Number of targets a baseline predicts per sample for a data set. */
int ur_baseline_outputs(const ur_dataset *d);
/* y: n × outputs.  0, or -1 when out of memory. */
int ur_naive_predict(const ur_dataset *d, float *y);

typedef struct {
  int inputs, outputs; /* inputs = T·F + 1 (bias last) */
  double *w;           /* inputs × outputs */
} ur_linear_baseline;

/* Fits on the training set; 0, or -1 with a reason in err. */
int ur_linear_fit(ur_linear_baseline *lb, const ur_dataset *train, char *err, size_t errlen);
int ur_linear_predict(const ur_linear_baseline *lb, const ur_dataset *d, float *y); /* 0, or -1 (out of memory) */
void ur_linear_free(ur_linear_baseline *lb);

/* MSE of predictions y (n × outputs) against the last-step targets, in
 * the series' units (a gathered set's predictions are in the model's
 * values, and must be a vector set: its last step is its whole target). */
double ur_baseline_mse(const ur_dataset *d, const float *y);

/* Both baselines' forecasts of valid's last-step targets, the linear one
 * fitted on train: naive and linear are n × outputs.  Every caller that
 * shows a baseline comes through here.  0, or -1 with a reason. */
int ur_baselines_predict(const ur_dataset *train, const ur_dataset *valid, float *naive, float *linear, char *err,
                         size_t errlen);
/* Their MSEs on valid's last-step targets.  0, or -1 with a reason. */
int ur_baselines_measure(const ur_dataset *train, const ur_dataset *valid, double *naive_mse, double *linear_mse,
                         char *err, size_t errlen);

#endif
