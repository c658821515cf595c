/* unroll-runs-list.h: every training run of the project, as a table.
 *
 *   ● name │ model │ params │ epochs │ seconds │ val MSE │ last-step MSE │ skill vs naive │ vs linear
 *
 * skill = 1 - MSE / MSE_baseline on the last step (1 is perfect, 0 no better
 * than the baseline, below 0 worse).  The dot is the run's colour, the same
 * in every chart.  Several rows can be selected; the selection is what the
 * charts overlay and compare (::selection-changed).
 *
 * Renaming: a double-click on a name, F2 on the one selected run, or
 * unroll_runs_list_rename_selected (the window's win.rename-run) opens a
 * small popover with the name in an entry over that row.  Enter (or its
 * Rename button) asks for the new name with ::rename-run(run, name), the
 * name already through unroll_run_clean_name; a blank name is refused in
 * place (the entry turns red, the old name stays); Escape or a click away
 * cancels.  The list never renames by itself: its owner renames the run
 * where it is kept, then calls unroll_run_set_name, which every cell and
 * chart showing the run follows (::notify::name).  A right-click on a row
 * selects it (unless it is already selected) and opens the context menu
 * the owner gave.
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

/* Opens the rename popover on the run at position; FALSE when there is none. */
gboolean unroll_runs_list_start_rename(UnrollRunsList *self, guint position);
/* On the selected run, when exactly one is: FALSE otherwise. */
gboolean unroll_runs_list_rename_selected(UnrollRunsList *self);
guint unroll_runs_list_get_n_selected(UnrollRunsList *self);
/* The menu a right-click on a row opens (its actions resolve from the list's
 * place in the window: win.rename-run, win.remove-runs, ...). */
void unroll_runs_list_set_context_menu(UnrollRunsList *self, GMenuModel *menu);

/* The colour index for the next run: the lowest no run uses yet. */
int unroll_runs_list_next_colour(UnrollRunsList *self);
/* A name not taken yet: "deep-rnn 1", "deep-rnn 2", ... */
char *unroll_runs_list_next_name(UnrollRunsList *self, const char *base);

G_END_DECLS

#endif
