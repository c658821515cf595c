/* series.h: a user's series, windowed, split and normalised without leakage.
 *
 * From the columns of a CSV (csv.h): the target, optional extra inputs and an
 * optional date column that orders the rows.  Missing cells are filled by
 * interpolation or carried forward, or their rows dropped; never made zero.
 * The rows are split in time order into train / validation / test spans (by
 * fractions or from dates); a window belongs to the span that holds all of its
 * targets, so no target is ever an input of an earlier span's window; inputs
 * may look back across a boundary, which is the past and no leak.  Each
 * feature is standardised with the mean and deviation of the training span
 * alone.  Windows, features first the target:
 *   x[t] = rows t0 .. t0+L-1 (L = lookback), all features        L × F
 *   one step:   y = target[t0+L]                                 1
 *   vector:     y = target[t0+L .. t0+L+H-1]                     H
 *   seq-to-seq: y[o] = target[t0+a(o)+1 .. t0+a(o)+H]            T' × H
 * where a(o) is the last input step output step o sees (ur_stack_alignment).
 */
#ifndef UR_SERIES_H
#define UR_SERIES_H

#include <math.h>
#include "csv.h"
#include "data.h"

#define UR_SERIES_MAX_FEATURES 16

typedef enum { UR_MISSING_INTERPOLATE, UR_MISSING_CARRY_FORWARD, UR_MISSING_DROP } ur_missing_policy;
typedef enum { UR_TARGET_ONE_STEP, UR_TARGET_VECTOR, UR_TARGET_SEQ2SEQ } ur_target_kind;

const char *ur_missing_policy_name(ur_missing_policy p); /* "interpolate", "carry-forward", "drop" */
int ur_missing_policy_from_name(const char *s);

typedef struct {
  int target;                               /* column index */
  int inputs[UR_SERIES_MAX_FEATURES - 1];   /* extra input columns */
  int n_inputs;
  int date;                                 /* date column, or -1 for row order */
  ur_missing_policy missing;
  int lookback, horizon, stride;
  ur_target_kind kind;
  double train_frac, valid_frac;            /* the test span takes the rest */
  double valid_from, test_from;             /* or dates (seconds since 1970) where not NAN */
} ur_series_config;

void ur_series_config_default(ur_series_config *c); /* lookback 50, horizon 1, stride 1, 70 / 20 / 10 */

typedef struct {
  int n_rows, n_features;
  float *values;     /* n_rows × n_features, the series' own units, target first */
  double *time;      /* n_rows: seconds since 1970, or the row number without a date column */
  int has_time;
  char names[UR_SERIES_MAX_FEATURES][128];
  double mean[UR_SERIES_MAX_FEATURES], scale[UR_SERIES_MAX_FEATURES]; /* from the training span */
  int train_end, valid_end;  /* rows [0, train_end) train, [train_end, valid_end) valid, the rest test */
  int n_missing, n_invalid;  /* cells filled (or rows dropped) in the used columns */
  int n_dropped;             /* rows dropped */
  ur_dataset train, valid, test; /* standardised windows */
} ur_series;

/* align: for seq-to-seq, out_steps entries (NULL = identity over lookback). */
int ur_series_make(const ur_csv *csv, const ur_series_config *cfg, const int *align, int out_steps,
                   ur_series *out, char *err, size_t errlen);
/* ur_series_make for a layer stack: seq-to-seq targets aligned to the
 * stack's output steps (a strided or valid convolution drops some).  The
 * stack must read the windows; `what` names it in the error ("the stack",
 * a preset's name). */
int ur_series_make_for_stack(const ur_csv *csv, const ur_series_config *cfg, const ur_layer_spec *layers, int n,
                             const char *what, ur_series *out, char *err, size_t errlen);
void ur_series_free(ur_series *s);

/* Target MSE in standardised units → the series' own units². */
static inline double ur_series_mse_units(const ur_series *s, double mse) { return mse * s->scale[0] * s->scale[0]; }

#endif
