/* unroll-runs-list.h: every training run of the project, a row per group,
 * expandable to its members (GtkTreeListModel under a GtkColumnView):
 *
 *   ▸ ● name │ data │ model │ params │ epochs │ seconds │ val MSE │ last step │ vs naive │ vs linear │ state
 *
 * A group's row shows its members' median with [min–max] under it, skill
 * against each baseline as a median with "beats in k of K" under it, and
 * its state ("2 training · 1 queued", "3 completed", "2 of 3 finished;
 * seed 44 diverged at epoch 7"); a member's row its own figures and state.
 * skill = 1 - MSE / MSE_baseline on the last step (1 is perfect, 0 no
 * better than the baseline, below 0 worse).  The dot is the group's colour,
 * the same in every chart; a group with a member stopped, diverged or failed
 * is marked.  Rows are selected with a click, Ctrl-click (one more) and
 * Shift-click (a range); the selection is what the charts overlay and
 * compare (::selection-changed): a group row its whole group, a member row
 * that member alone.
 *
 * Renaming: a double-click on a name, F2 on the one selected row, or
 * unroll_runs_list_rename_selected (the window's win.rename-run) opens a
 * small popover with the name in an entry over that row.  Enter (or its
 * Rename button) asks for the new name with ::rename-run(run, name), run
 * being a member of the group (every member has the group's name), the
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
#include "unroll-run-group.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_RUNS_LIST (unroll_runs_list_get_type())
G_DECLARE_FINAL_TYPE(UnrollRunsList, unroll_runs_list, UNROLL, RUNS_LIST, GtkWidget)

GtkWidget *unroll_runs_list_new(void);

/* Shows these groups (UnrollRunGroup, in order), keeping expanded and
 * selected the rows that show the same group (by its key) and member. */
void unroll_runs_list_set_groups(UnrollRunsList *self, GPtrArray *groups);
/* The groups shown (a GListStore of UnrollRunGroup, owned by the list). */
GListModel *unroll_runs_list_get_groups(UnrollRunsList *self);

/* The selected rows as groups, in list order (a new array of references):
 * a group row its group, a member row alone its view (unroll-run-group.h). */
GPtrArray *unroll_runs_list_dup_selected(UnrollRunsList *self);
/* The selected rows' runs (UnrollRun): a group row all its members. */
GPtrArray *unroll_runs_list_dup_selected_runs(UnrollRunsList *self);
guint unroll_runs_list_get_n_selected(UnrollRunsList *self);
/* Selects the group with this key alone, and scrolls to it. */
void unroll_runs_list_select_group(UnrollRunsList *self, int key);
void unroll_runs_list_select_all(UnrollRunsList *self);

/* Opens the rename popover on the row at position; FALSE when there is none. */
gboolean unroll_runs_list_start_rename(UnrollRunsList *self, guint position);
/* On the selected row, when exactly one is: FALSE otherwise. */
gboolean unroll_runs_list_rename_selected(UnrollRunsList *self);
/* The menu a right-click on a row opens (its actions resolve from the list's
 * place in the window: win.rename-run, win.remove-runs, ...). */
void unroll_runs_list_set_context_menu(UnrollRunsList *self, GMenuModel *menu);

/* "synthetic, seed 42" or the CSV file's name and target: the Data column. */
char *unroll_runs_list_data_text(const ur_run *r);

G_END_DECLS

#endif
