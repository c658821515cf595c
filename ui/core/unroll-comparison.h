/* unroll-comparison.h: the forecasts of the selected runs and of both
 * baselines on shared validation windows (comparison.h), computed in a
 * worker thread whenever the selection changes; the forecast and
 * per-horizon charts draw from it.
 */
#ifndef UNROLL_COMPARISON_H
#define UNROLL_COMPARISON_H

#include <glib-object.h>
#include "comparison.h"
#include "unroll-run.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_COMPARISON (unroll_comparison_get_type())
G_DECLARE_FINAL_TYPE(UnrollComparison, unroll_comparison, UNROLL, COMPARISON, GObject)

UnrollComparison *unroll_comparison_new(void);

/* Compares these runs (UnrollRun; the array is copied).  ::ready follows
 * when the forecasts are in; a newer call supersedes an older one.  ::ready
 * comes again when a compared run is renamed (the charts draw names from
 * the runs, so a redraw is all a rename needs). */
void unroll_comparison_set_runs(UnrollComparison *self, GPtrArray *runs);

/* The state as of the last ::ready (all NULL/0 before). */
const ur_comparison *unroll_comparison_get_data(UnrollComparison *self);
guint unroll_comparison_get_n_runs(UnrollComparison *self);
UnrollRun *unroll_comparison_get_run(UnrollComparison *self, guint i);
/* NULL when that run could not be forecast (see _get_error). */
const ur_run_forecast *unroll_comparison_get_forecast(UnrollComparison *self, guint i);
const char *unroll_comparison_get_error(UnrollComparison *self, guint i);
gboolean unroll_comparison_is_busy(UnrollComparison *self);

G_END_DECLS

#endif
