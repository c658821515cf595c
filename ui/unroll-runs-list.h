/* unroll-runs-list.h: every training run of the project, as a table.
 *
 *   ● name │ model │ params │ epochs │ seconds │ val MSE │ last-step MSE │ skill vs naive │ vs linear
 *
 * skill = 1 - MSE / MSE_baseline on the last step (1 is perfect, 0 no better
 * than the baseline, below 0 worse).  The dot is the run's colour, the same
 * in every chart.  Several rows can be selected; the selection is what the
 * charts overlay and compare (::selection-changed).
 */
#ifndef UNROLL_RUNS_LIST_H
#define UNROLL_RUNS_LIST_H

#include <gtk/gtk.h>
#include "unroll-run.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_RUNS_LIST (unroll_runs_list_get_type())
G_DECLARE_FINAL_TYPE(UnrollRunsList, unroll_runs_list, UNROLL, RUNS_LIST, GtkWidget)

GtkWidget *unroll_runs_list_new(void);

/* The runs, in order (a GListStore of UnrollRun, owned by the list). */
GListModel *unroll_runs_list_get_model(UnrollRunsList *self);
/* Appends a run; with select, it becomes the only selected row. */
void unroll_runs_list_add(UnrollRunsList *self, UnrollRun *run, gboolean select);
void unroll_runs_list_clear(UnrollRunsList *self);
/* Removes the selected runs; returns how many. */
guint unroll_runs_list_remove_selected(UnrollRunsList *self);

/* The selected runs, in list order (a new array of references). */
GPtrArray *unroll_runs_list_dup_selected(UnrollRunsList *self);
void unroll_runs_list_select(UnrollRunsList *self, guint position, gboolean exclusive);
void unroll_runs_list_select_all(UnrollRunsList *self);

/* The colour index for the next run: the lowest no run uses yet. */
int unroll_runs_list_next_colour(UnrollRunsList *self);
/* A name not taken yet: "deep-rnn 1", "deep-rnn 2", ... */
char *unroll_runs_list_next_name(UnrollRunsList *self, const char *base);

G_END_DECLS

#endif
