/* comparison.h: runs' forecasts side by side on the same windows, as the
 * forecast and per-horizon charts, `unroll plot` and each run's MSE per
 * step ahead show them.
 *
 * Every run is compared on the same validation windows: the book's data
 * (np.random.seed(seed), series of n_steps + H, 70 / 20 / 10) with H the
 * longest horizon among the runs, so a one-step model is applied H times,
 * feeding each prediction back (the book's "model 5 applied 10 times"),
 * and a 10-step model answers at once.  The baselines are computed on the
 * same windows:
 *   naive           ŷ_k = x_T                       (the last value, repeated)
 *   seasonal naive  ŷ_k = x_{T+k-m⌈k/m⌉}            (a season m back; dated series)
 *   linear          ŷ = [x, 1] w,  w = argmin ‖[X, 1] w - Y‖²  over the training windows
 * and every curve's error per step ahead is MSE_k = mean_i (ŷ_ik - y_ik)².
 * Runs on a user's CSV compare on that file's validation windows instead
 * (ur_comparison_make_csv): each model reads them as it was trained (its
 * own transform), and every value the charts show (the history, the truth,
 * the baselines and each forecast) is in the series' own units.
 *
 * The errors run over every validation window, chunk by chunk; the
 * windows a chart can show are kept whole: all of them up to
 * UR_COMPARISON_SHOWN, else that many spread evenly.
 * Pure C, no GLib: the workbench computes this in a worker thread, and
 * `unroll plot` on the command line.
 */
#ifndef UR_COMPARISON_H
#define UR_COMPARISON_H

#include <stddef.h>
#include "run.h"
#include "series.h"

#define UR_COMPARISON_SHOWN 4096

typedef struct {
  uint32_t seed;
  int n_series, n_steps, horizon;
  int n_windows;     /* validation windows the MSEs run over */
  int n_valid;       /* windows kept for the charts (≤ UR_COMPARISON_SHOWN) */
  int *shown;        /* n_valid: their index among the n_windows */
  float *x;          /* n_valid × n_steps: the target's history in units */
  float *truth;      /* n_valid × horizon: what came next */
  float *naive, *linear, *snaive;   /* n_valid × horizon (snaive NULL without a season) */
  float *naive_mse, *linear_mse, *snaive_mse; /* horizon: MSE at each step ahead, every window */
  int season;        /* the seasonal naive's period, 0 when none */
  /* a CSV's windows (csv.path set) */
  ur_csv_source csv;
  int n_features;
  /* the windows themselves */
  ur_book_data book; /* the synthetic series' */
  ur_series own;     /* a CSV's, when the comparison made it */
  const ur_series *series; /* the CSV's series it windows (own, or one borrowed) */
  ur_windows base;   /* a CSV's, vector targets of horizon values, untransformed */
} ur_comparison;

/* The longest horizon among runs (at least 1). */
int ur_comparison_horizon(const ur_run *const *runs, int n);
/* Makes the windows and fits the baselines.  0, or -1 with a reason. */
int ur_comparison_make(ur_comparison *c, uint32_t seed, int n_series, int n_steps, int horizon, char *err,
                       size_t errlen);
void ur_comparison_free(ur_comparison *c);
/* The windows of a CSV source (from table, or its file read again when
 * table is NULL), vector targets of `horizon` values.  0, or -1 with a reason. */
int ur_comparison_make_csv(ur_comparison *c, const ur_csv_source *src, const ur_csv *table, int horizon, char *err,
                           size_t errlen);
/* The same on a series already made from the source (borrowed: it must
 * outlive c). */
int ur_comparison_make_on(ur_comparison *c, const ur_csv_source *src, const ur_series *s, int horizon, char *err,
                          size_t errlen);
/* The windows a run was trained on: its CSV's, or the synthetic series'. */
int ur_comparison_make_for(ur_comparison *c, const ur_run *r, int horizon, char *err, size_t errlen);
/* Whether c holds the windows ur_comparison_make_for would make for r. */
int ur_comparison_matches(const ur_comparison *c, const ur_run *r, int horizon);

typedef struct {
  int h;           /* steps the run forecasts (≤ the comparison's horizon) */
  float *y;        /* n_valid × h: the shown windows' forecasts */
  float *step_mse; /* h: over every window */
} ur_run_forecast;

/* A run's forecasts on the comparison's windows.  0, or -1 with a reason
 * (no weights, another input length, out of memory). */
int ur_comparison_run(const ur_comparison *c, const ur_run *r, ur_run_forecast *out, char *err, size_t errlen);
void ur_run_forecast_free(ur_run_forecast *f);

#endif
