/* unroll-runs-list-private.h: shared by unroll-runs-list.c (the model, the
 * selection, renaming, the menu) and unroll-runs-list-cells.c (what each
 * column's cells show). */
#ifndef UNROLL_RUNS_LIST_PRIVATE_H
#define UNROLL_RUNS_LIST_PRIVATE_H

#include "unroll-runs-list.h"

typedef enum { COL_NAME, COL_DATA, COL_MODEL, COL_PARAMS, COL_EPOCHS, COL_SECONDS, COL_VAL, COL_LAST, COL_SKILL_NAIVE,
               COL_SKILL_LINEAR, COL_STATE, N_COLS } Column;

struct _UnrollRunsList {
  GtkWidget parent_instance;
  GListStore *groups;        /* UnrollRunGroup */
  GtkTreeListModel *tree;    /* groups, each expandable to its members */
  GtkMultiSelection *selection;
  GtkWidget *scroller, *view;
  GPtrArray *name_items;     /* the name column's GtkListItems (not owned): where each shown row's name is */
  GtkWidget *rename_popover, *rename_entry, *rename_button;
  UnrollRun *renaming;       /* a member of the group the open popover renames; NULL while it is closed */
  GtkWidget *context_menu;   /* a GtkPopoverMenu, NULL until the owner gives a model */
};

/* The column's title, its cells' widget name, and the factory making them. */
const char *_unroll_runs_list_title(Column c);
GtkListItemFactory *_unroll_runs_list_factory(UnrollRunsList *self, Column c);
/* A press on a cell: the context menu, or renaming (unroll-runs-list.c). */
void _unroll_runs_list_cell_pressed(UnrollRunsList *self, GtkWidget *cell, guint position, guint button, int n_press,
                                    gboolean on_name, double x, double y);

#endif
