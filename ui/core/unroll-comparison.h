/* unroll-comparison.h: the forecasts of the selected groups' members and of
 * the baselines on shared validation windows (comparison.h), computed in a
 * worker thread whenever the selection changes; the forecast and
 * per-horizon charts draw from it, each group as its members' median with
 * their min–max band.
 *
 * Runs compare on one series only: the first group's (the synthetic
 * series with its seed, or a CSV source).  A group trained on another is
 * left out and the note says so, so that no chart overlays runs of two data
 * sets.  On a CSV the comparison also forecasts past the end of the file
 * (future.h), for the forecast chart's Future view.
 */
#ifndef UNROLL_COMPARISON_H
#define UNROLL_COMPARISON_H

#include <glib-object.h>
#include "comparison.h"
#include "future.h"
#include "unroll-run-group.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_COMPARISON (unroll_comparison_get_type())
G_DECLARE_FINAL_TYPE(UnrollComparison, unroll_comparison, UNROLL, COMPARISON, GObject)

UnrollComparison *unroll_comparison_new(void);

/* Compares these groups (UnrollRunGroup; the array is copied).  ::ready
 * follows when the forecasts are in; a newer call supersedes an older one.
 * ::ready comes again when a compared group is renamed (the charts draw
 * names from the runs, so a redraw is all a rename needs). */
void unroll_comparison_set_groups(UnrollComparison *self, GPtrArray *groups);

/* The state as of the last ::ready (all NULL/0 before). */
const ur_comparison *unroll_comparison_get_data(UnrollComparison *self);
guint unroll_comparison_get_n_groups(UnrollComparison *self);
UnrollRunGroup *unroll_comparison_get_group(UnrollComparison *self, guint i);
/* Group i's members that could be forecast: their count, their forecasts
 * in out (at most max). */
int unroll_comparison_get_forecasts(UnrollComparison *self, guint i, const ur_run_forecast **out, int max);
/* Their forecasts past the end of the CSV (none on the synthetic series). */
int unroll_comparison_get_futures(UnrollComparison *self, guint i, const ur_future **out, int max);
/* Why group i has no forecast, or NULL. */
const char *unroll_comparison_get_error(UnrollComparison *self, guint i);
/* The groups left out (on another series), in words, or "". */
const char *unroll_comparison_get_note(UnrollComparison *self);
gboolean unroll_comparison_is_busy(UnrollComparison *self);
/* Moves with every new result (not with a rename): a chart zoomed on the
 * runs before goes back to its own ranges when it changes. */
guint unroll_comparison_get_serial(UnrollComparison *self);

/* The groups compared, as the test probe lists them: group i's first member. */
guint unroll_comparison_get_n_runs(UnrollComparison *self);
UnrollRun *unroll_comparison_get_run(UnrollComparison *self, guint i);

G_END_DECLS

#endif
