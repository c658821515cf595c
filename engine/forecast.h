/* forecast.h: forecasting the next steps with a trained model.
 *
 * one step      ŷ = model(x)                               n × 1
 * iterative     for k in 0..H-1: ŷ_k = model(window);  the window slides by
 *               one step, ŷ_k appended (the book's model-5-applied-10-times)
 * vector        ŷ = model(x), n × H, H values at once
 * seq-to-seq    ŷ = model(x)[:, -1, :], the last step's H values
 */
#ifndef UR_FORECAST_H
#define UR_FORECAST_H

#include "model.h"

/* Iterative forecast of a one-step, univariate model: x n × T × 1, y n × horizon.  0 or -1 (OOM). */
int ur_forecast_iterative(ur_model *m, const float *x, int n, int horizon, float *y);

/* The forecast of the last step, whatever the model's output: y n × features of
 * the output (for seq-to-seq, the last time step).  0 or -1. */
int ur_forecast_last(ur_model *m, const float *x, int n, float *y);

#endif
