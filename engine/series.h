/* series.h: users' series, on their time grid, split and scaled without
 * leakage, and windowed on demand.
 *
 * From the columns of a CSV (csv.h): a target, optional extra inputs, an
 * optional date column, and optionally several series in one file:
 *   long format   an id column names each row's series (one id, or all);
 *   wide format   several target columns, each its own series.
 * Each series (a "part") is put in time order (rows without a date are
 * dropped, duplicated instants are an error naming their lines), on the
 * grid of its step when it has one (dates.h: hourly, daily, weekly,
 * monthly, ...; missing instants become gaps), and its gaps are filled by
 * time (interpolation, carrying forward) or dropped; never made zero.  A
 * series is split in time order into train / validation / test spans of
 * its own (by fractions of its rows, or from dates), and every feature is
 * scaled with the mean and deviation of that series' training span alone.
 *
 * Windows are never stored: a window is a start row, and its inputs and
 * targets are gathered when a batch needs them (ur_window_ops, data.h),
 * so memory stays in proportion to the series, whatever the lookback.
 * Windows never cross from one series into another, nor over rows a
 * `drop` policy removed.  A window belongs to the span that holds all of
 * its last step's targets, so one-step, vector and sequence-to-sequence
 * models with one horizon are scored on the same forecast origins, and no
 * target is ever the input of an earlier span's window (inputs may look
 * back across a boundary: that is the past, no leak).  With L the lookback,
 * H the horizon, s a window's first row and o = s + L - 1 its origin:
 *   x[t] = rows s .. o, all features                         L × F
 *   one step:   y = target[o + 1]                            1
 *   vector:     y = target[o + 1 .. o + H]                   H
 *   seq-to-seq: y[j] = target[s + a(j) + 1 .. s + a(j) + H]  T' × H
 * where a(j) is the last input step output step j sees (ur_stack_alignment).
 *
 * Transforms of the target, so that a model need not extrapolate a trend
 * or a level it never saw in training; every figure a user reads is back
 * in the series' units:
 *   none        z = (v - μ) / σ                        μ, σ: the training span's
 *   difference  z = (v_t - v_{t-1} - μ_Δ) / σ_Δ        forecasts summed back onto v_o
 *   window      z = (v - μ_w) / σ_w                    μ_w, σ_w: the window's inputs (RevIN)
 *   log         z = (ln v - μ_ln) / σ_ln              positive series only
 * Extra inputs are scaled as `none` whatever the transform.
 */
#ifndef UR_SERIES_H
#define UR_SERIES_H

#include <math.h>
#include "csv.h"
#include "data.h"
#include "dates.h"

#define UR_SERIES_MAX_FEATURES 16
#define UR_SERIES_MAX_TARGETS 64  /* wide format: target columns */
#define UR_SERIES_MAX_ALIGN 4096

typedef enum { UR_MISSING_INTERPOLATE, UR_MISSING_CARRY_FORWARD, UR_MISSING_DROP } ur_missing_policy;
typedef enum { UR_TARGET_ONE_STEP, UR_TARGET_VECTOR, UR_TARGET_SEQ2SEQ } ur_target_kind;
typedef enum { UR_TRANSFORM_NONE, UR_TRANSFORM_DIFFERENCE, UR_TRANSFORM_WINDOW, UR_TRANSFORM_LOG, UR_TRANSFORM_COUNT } ur_transform;

const char *ur_missing_policy_name(ur_missing_policy p); /* "interpolate", "carry-forward", "drop" */
int ur_missing_policy_from_name(const char *s);
const char *ur_transform_name(ur_transform t);           /* "none", "difference", "window", "log" */
int ur_transform_from_name(const char *s);

typedef struct {
  int target;                               /* the target column */
  int more_targets[UR_SERIES_MAX_TARGETS - 1]; /* wide format: further target columns, each a series */
  int n_more_targets;
  int inputs[UR_SERIES_MAX_FEATURES - 1];   /* extra input columns */
  int n_inputs;
  int date;                                 /* date column, or -1 for row order */
  int id;                                   /* long format: the column naming each row's series, or -1 */
  char id_value[128];                       /* with id: "" every series, else only this one */
  ur_missing_policy missing;
  int lookback, horizon, stride;
  ur_target_kind kind;
  ur_transform transform;
  int season;                               /* seasonal naive's period in steps: 0 from the date step, -1 none */
  double train_frac, valid_frac;            /* the test span takes the rest */
  double valid_from, test_from;             /* or dates (seconds since 1970) where not NAN */
} ur_series_config;

/* lookback 50, horizon 1, stride 1, 70 / 20 / 10, interpolate, window transform */
void ur_series_config_default(ur_series_config *c);

/* One series of the file. */
typedef struct {
  char name[128];            /* its id, or its target column's name */
  long first, rows;          /* its rows in ur_series.values */
  long train_end, valid_end; /* rows [0, train_end) train, [train_end, valid_end) valid, the rest test */
  double t0;                 /* the instant of its first row (on a grid) */
  ur_step step;              /* its step (UR_STEP_NONE without dates) */
  double *time;              /* rows instants when it has no grid (irregular), else NULL */
  double mean[UR_SERIES_MAX_FEATURES], scale[UR_SERIES_MAX_FEATURES]; /* the training span's */
  double dmean, dscale;      /* of the target's differences over the training span */
  double lmean, lscale;      /* of the target's logarithm over the training span (NAN: not positive) */
  long n_missing;            /* cells filled, or rows dropped, in the used columns */
  long n_gaps;               /* instants the grid expects that no row has (filled as missing cells) */
} ur_series_part;

/* A run of rows with no dropped row inside: windows stay within one. */
typedef struct {
  int part;
  long first, rows;          /* in ur_series.values */
  long offset;               /* its first row's index within its part */
} ur_series_segment;

typedef struct ur_series ur_series;

/* One way of windowing a series: its lookback, horizon, kind of target,
 * transform and alignment, the windows of each span, and the data sets
 * that gather them. */
typedef struct {
  const ur_series *s;
  int L, H, stride, kind;     /* kind: ur_target_kind */
  ur_transform transform;
  int T_out;                  /* seq-to-seq output steps */
  int align[UR_SERIES_MAX_ALIGN]; /* seq-to-seq: a(j) */
  int reach;                  /* rows a window spans from its first row to its last target */
  int origin;                 /* offset of the last step's origin from the window's first row */
  int skip;                   /* first usable row of a segment (a difference's predecessor, a season's history) */
  long *range_first[3];       /* per span: for each segment, its first window's start, ... */
  long *range_count[3];       /* ... how many windows it has there, ... */
  long *range_cum[3];         /* ... and how many come before it in the span */
  long n[3];                  /* windows per span */
  ur_dataset sets[3];         /* train, valid, test */
} ur_windows;

struct ur_series {
  ur_series_config cfg;
  int n_features;
  char names[UR_SERIES_MAX_FEATURES][128]; /* target first, then the inputs */
  float *values;             /* all parts' rows × n_features, in units, gaps filled */
  long n_total;              /* rows of all parts */
  int n_parts;
  ur_series_part *parts;
  int n_segments;
  ur_series_segment *segments;
  ur_step step;              /* the date step (the first series'); UR_STEP_NONE without dates */
  int season;                /* the seasonal naive's period in steps, 0 when none */
  int has_time;
  long n_missing, n_invalid, n_dropped, n_gaps; /* over all parts */
  int sorted;                /* rows were not in time order and were sorted */
  char notes[512];           /* what was done to the rows, in words ("the rows were sorted by date; 59 gaps ...") */
  /* the first series, for views of one: */
  int n_rows;                /* its rows */
  int train_end, valid_end;
  double mean[UR_SERIES_MAX_FEATURES], scale[UR_SERIES_MAX_FEATURES];
  ur_windows win;            /* the windows cfg asks for (lookback, horizon, kind, transform, alignment) */
  ur_dataset train, valid, test; /* = win.sets */
};

/* The series, and its windows with the alignment given (seq-to-seq: align
 * out_steps entries, NULL = identity over lookback).  0, or -1 with a reason. */
int ur_series_make(const ur_csv *csv, const ur_series_config *cfg, const int *align, int out_steps, ur_series *out,
                   char *err, size_t errlen);
/* ur_series_make for a layer stack: seq-to-seq targets aligned to the
 * stack's output steps (a strided or valid convolution drops some).  The
 * stack must read the windows; `what` names it in the error ("the stack",
 * a preset's name). */
int ur_series_make_for_stack(const ur_csv *csv, const ur_series_config *cfg, const ur_layer_spec *layers, int n,
                             const char *what, ur_series *out, char *err, size_t errlen);
void ur_series_free(ur_series *s);

/* Another windowing of the same series (vector targets of another horizon,
 * another transform, ...).  w must be freed before s.  0, or -1 with a reason. */
typedef struct {
  int lookback, horizon, stride, kind;
  ur_transform transform;
  const int *align;
  int out_steps;
} ur_window_config;
int ur_windows_make(ur_windows *w, const ur_series *s, const ur_window_config *c, char *err, size_t errlen);
void ur_windows_free(ur_windows *w);

/* The instant of row `row` of a part (the row number without dates). */
double ur_series_time(const ur_series *s, int part, long row);

/* A window of a span (0 train, 1 valid, 2 test): its part, its first row
 * in s->values, and its origin's row (the last input its last step sees). */
void ur_windows_locate(const ur_windows *w, int span, long i, int *part, long *first, long *origin);
/* Its inputs' target values in units: L floats (the history a chart draws). */
void ur_windows_history(const ur_windows *w, int span, long i, float *x_units);
/* The last step's targets in units (H floats). */
void ur_windows_truth(const ur_windows *w, int span, long i, float *t_units);
/* H forecasts in the model's values for the last step, in units. */
void ur_windows_to_units(const ur_windows *w, int span, long i, const float *y, float *y_units);
/* The model's input (L × F) for the window of a part whose first row in
 * s->values is `first` (past the spans: the last rows, to forecast past
 * the end); a difference needs the row before `first` in the part. */
void ur_windows_input_at(const ur_windows *w, int part, long first, float *x);
/* H forecasts z in the model's values, after row `base` (the last known),
 * in units as the window at `first` scales them. */
void ur_windows_unscale_at(const ur_windows *w, int part, long first, long base, const float *z, int H, float *out);
/* The seasonal naive forecast of the last step (H floats in units): the
 * value one season before each target; -1 when the series has no season. */
int ur_windows_seasonal_naive(const ur_windows *w, int span, long i, float *y_units);

/* Target MSE in the model's values → the series' own units² (the first
 * series' scale; exact for the `none` transform on one series). */
static inline double ur_series_mse_units(const ur_series *s, double mse) { return mse * s->scale[0] * s->scale[0]; }

#endif
