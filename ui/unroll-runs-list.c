/* unroll-runs-list.c: see unroll-runs-list.h; the cells are
 * unroll-runs-list-cells.c. */
#include "unroll-runs-list-private.h"
#include <string.h>

G_DEFINE_FINAL_TYPE(UnrollRunsList, unroll_runs_list, GTK_TYPE_WIDGET)

enum { SIG_SELECTION_CHANGED, SIG_RENAME_RUN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void context_menu_at(UnrollRunsList *self, GtkWidget *cell, double x, double y);

/* ---- rows ------------------------------------------------------------------ */

/* A group of several members expands to them; a run alone does not. */
static GListModel *children_of(gpointer item, gpointer data) {
  (void)data;
  if (!UNROLL_IS_RUN_GROUP(item) || unroll_run_group_get_size(item) < 2) return NULL;
  return g_object_ref(unroll_run_group_get_members(item));
}

static GtkTreeListRow *row_at(UnrollRunsList *self, guint pos) {
  return gtk_tree_list_model_get_row(self->tree, pos); /* a new reference, or NULL */
}

/* A row's identity across rebuilds: its group's key, and its member's
 * index (-1 for the group's own row). */
typedef struct {
  int key, member;
} RowKey;

static RowKey key_of(GtkTreeListRow *row) {
  g_autoptr(GObject) obj = gtk_tree_list_row_get_item(row);
  if (UNROLL_IS_RUN_GROUP(obj)) return (RowKey){unroll_run_group_get_key(UNROLL_RUN_GROUP(obj)), -1};
  g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent(row);
  g_autoptr(GObject) g = parent ? gtk_tree_list_row_get_item(parent) : NULL;
  return (RowKey){g ? unroll_run_group_get_key(UNROLL_RUN_GROUP(g)) : -1, unroll_run_get(UNROLL_RUN(obj))->member};
}

static gboolean key_in(GArray *keys, RowKey k) {
  for (guint i = 0; i < keys->len; i++) {
    RowKey *o = &g_array_index(keys, RowKey, i);
    if (o->key == k.key && o->member == k.member) return TRUE;
  }
  return FALSE;
}

static guint n_rows(UnrollRunsList *self) { return g_list_model_get_n_items(G_LIST_MODEL(self->tree)); }

static gboolean is_selected(UnrollRunsList *self, guint pos) {
  return gtk_selection_model_is_selected(GTK_SELECTION_MODEL(self->selection), pos);
}

void unroll_runs_list_set_groups(UnrollRunsList *self, GPtrArray *groups) {
  g_return_if_fail(UNROLL_IS_RUNS_LIST(self));
  GArray *expanded = g_array_new(FALSE, FALSE, sizeof(RowKey)), *selected = g_array_new(FALSE, FALSE, sizeof(RowKey));
  for (guint i = 0; i < n_rows(self); i++) {
    g_autoptr(GtkTreeListRow) row = row_at(self, i);
    RowKey k = key_of(row);
    if (gtk_tree_list_row_get_expanded(row)) g_array_append_val(expanded, k);
    if (is_selected(self, i)) g_array_append_val(selected, k);
  }
  g_signal_handlers_block_matched(self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_list_store_remove_all(self->groups);
  for (guint i = 0; groups && i < groups->len; i++) g_list_store_append(self->groups, groups->pdata[i]);
  /* expand first (a member's row exists only under an open group), then select */
  for (guint i = 0; i < n_rows(self); i++) {
    g_autoptr(GtkTreeListRow) row = row_at(self, i);
    if (gtk_tree_list_row_is_expandable(row) && key_in(expanded, key_of(row))) gtk_tree_list_row_set_expanded(row, TRUE);
  }
  GtkBitset *set = gtk_bitset_new_empty();
  for (guint i = 0; i < n_rows(self); i++) {
    g_autoptr(GtkTreeListRow) row = row_at(self, i);
    if (key_in(selected, key_of(row))) gtk_bitset_add(set, i);
  }
  GtkBitset *all = gtk_bitset_new_range(0, n_rows(self));
  gtk_selection_model_set_selection(GTK_SELECTION_MODEL(self->selection), set, all);
  gtk_bitset_unref(set);
  gtk_bitset_unref(all);
  g_signal_handlers_unblock_matched(self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_array_unref(expanded);
  g_array_unref(selected);
  g_signal_emit(self, signals[SIG_SELECTION_CHANGED], 0);
}

GListModel *unroll_runs_list_get_groups(UnrollRunsList *self) { return G_LIST_MODEL(self->groups); }

static gboolean in_array(GPtrArray *a, gpointer p) {
  for (guint i = 0; i < a->len; i++)
    if (a->pdata[i] == p) return TRUE;
  return FALSE;
}

GPtrArray *unroll_runs_list_dup_selected(UnrollRunsList *self) {
  GPtrArray *out = g_ptr_array_new_with_free_func(g_object_unref);
  for (guint i = 0; i < n_rows(self); i++) {
    if (!is_selected(self, i)) continue;
    g_autoptr(GtkTreeListRow) row = row_at(self, i);
    g_autoptr(GObject) obj = gtk_tree_list_row_get_item(row);
    if (UNROLL_IS_RUN_GROUP(obj)) {
      if (!in_array(out, obj)) g_ptr_array_add(out, g_object_ref(obj));
      continue;
    }
    /* a member row: alone, unless its group's row is selected too */
    g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent(row);
    if (parent && is_selected(self, gtk_tree_list_row_get_position(parent))) continue;
    g_ptr_array_add(out, unroll_run_group_new_view(UNROLL_RUN(obj)));
  }
  return out;
}

GPtrArray *unroll_runs_list_dup_selected_runs(UnrollRunsList *self) {
  GPtrArray *out = g_ptr_array_new_with_free_func(g_object_unref);
  g_autoptr(GPtrArray) groups = unroll_runs_list_dup_selected(self);
  for (guint i = 0; i < groups->len; i++)
    for (guint k = 0; k < unroll_run_group_get_size(groups->pdata[i]); k++) {
      UnrollRun *r = unroll_run_group_get_member(groups->pdata[i], k);
      if (!in_array(out, r)) g_ptr_array_add(out, g_object_ref(r));
    }
  return out;
}

guint unroll_runs_list_get_n_selected(UnrollRunsList *self) {
  GtkBitset *set = gtk_selection_model_get_selection(GTK_SELECTION_MODEL(self->selection));
  guint64 n = gtk_bitset_get_size(set);
  gtk_bitset_unref(set);
  return (guint)n;
}

/* The view's list (GtkColumnView keeps its rows in a GtkListView child),
 * whose list.scroll-to-item action GTK 4.8 has (gtk_column_view_scroll_to is 4.12). */
static GtkWidget *inner_list(UnrollRunsList *self) {
  for (GtkWidget *c = gtk_widget_get_first_child(self->view); c; c = gtk_widget_get_next_sibling(c))
    if (GTK_IS_LIST_VIEW(c)) return c;
  return NULL;
}

void unroll_runs_list_select_group(UnrollRunsList *self, int key) {
  for (guint i = 0; i < n_rows(self); i++) {
    g_autoptr(GtkTreeListRow) row = row_at(self, i);
    RowKey k = key_of(row);
    if (k.key != key || k.member >= 0) continue;
    gtk_selection_model_select_item(GTK_SELECTION_MODEL(self->selection), i, TRUE);
    GtkWidget *list = inner_list(self);
    if (list) gtk_widget_activate_action(list, "list.scroll-to-item", "u", i);
    return;
  }
}

void unroll_runs_list_select_all(UnrollRunsList *self) { gtk_selection_model_select_all(GTK_SELECTION_MODEL(self->selection)); }

/* ---- renaming ----------------------------------------------------------- */

/* The name cell of the row at position while it is on screen (rows out of
 * view have no widgets). */
static GtkWidget *name_cell_at(UnrollRunsList *self, guint position) {
  for (guint i = 0; i < self->name_items->len; i++) {
    GtkListItem *item = self->name_items->pdata[i];
    if (gtk_list_item_get_item(item) && gtk_list_item_get_position(item) == position) return gtk_list_item_get_child(item);
  }
  return NULL;
}

/* Points a popover of the list at `rect` of `w`; at the list's top-left
 * corner when w is not laid out (a row scrolled out of view). */
static void point_at(UnrollRunsList *self, GtkWidget *popover, GtkWidget *w, graphene_rect_t rect) {
  graphene_rect_t b;
  GdkRectangle r = {8, 8, 1, 1};
  if (w && gtk_widget_compute_bounds(w, GTK_WIDGET(self), &b) && b.size.width > 0) {
    r = (GdkRectangle){(int)(b.origin.x + rect.origin.x), (int)(b.origin.y + rect.origin.y), MAX(1, (int)rect.size.width),
                       MAX(1, (int)rect.size.height)};
  }
  gtk_popover_set_pointing_to(GTK_POPOVER(popover), &r);
}

/* The run a row renames: a member of the group (all have the group's name). */
static UnrollRun *run_of_row(UnrollRunsList *self, guint position) {
  g_autoptr(GtkTreeListRow) row = row_at(self, position);
  g_autoptr(GObject) obj = row ? gtk_tree_list_row_get_item(row) : NULL;
  if (!obj) return NULL;
  if (UNROLL_IS_RUN(obj)) return g_object_ref(UNROLL_RUN(obj));
  UnrollRun *r = unroll_run_group_get_member(UNROLL_RUN_GROUP(obj), 0);
  return r ? g_object_ref(r) : NULL;
}

gboolean unroll_runs_list_start_rename(UnrollRunsList *self, guint position) {
  g_return_val_if_fail(UNROLL_IS_RUNS_LIST(self), FALSE);
  UnrollRun *run = run_of_row(self, position);
  if (!run) return FALSE;
  g_set_object(&self->renaming, run);
  g_object_unref(run);
  gtk_editable_set_text(GTK_EDITABLE(self->rename_entry), unroll_run_get_name(run));
  GtkWidget *cell = name_cell_at(self, position);
  int w = cell ? gtk_widget_get_width(cell) : 1, h = cell ? gtk_widget_get_height(cell) : 1;
  point_at(self, self->rename_popover, cell, GRAPHENE_RECT_INIT(0, 0, w, h));
  gtk_popover_popup(GTK_POPOVER(self->rename_popover));
  gtk_widget_grab_focus(self->rename_entry);
  gtk_editable_select_region(GTK_EDITABLE(self->rename_entry), 0, -1);
  return TRUE;
}

gboolean unroll_runs_list_rename_selected(UnrollRunsList *self) {
  g_return_val_if_fail(UNROLL_IS_RUNS_LIST(self), FALSE);
  if (unroll_runs_list_get_n_selected(self) != 1) return FALSE;
  GtkBitset *set = gtk_selection_model_get_selection(GTK_SELECTION_MODEL(self->selection));
  guint pos = gtk_bitset_get_minimum(set);
  gtk_bitset_unref(set);
  return unroll_runs_list_start_rename(self, pos);
}

/* A blank name cannot be committed: the entry says so before Enter does. */
static void on_rename_text(GtkEditable *e, GParamSpec *ps, UnrollRunsList *self) {
  (void)ps;
  g_autofree char *clean = unroll_run_clean_name(gtk_editable_get_text(e));
  if (clean) gtk_widget_remove_css_class(self->rename_entry, "error");
  else gtk_widget_add_css_class(self->rename_entry, "error");
  gtk_widget_set_sensitive(self->rename_button, clean != NULL);
}

/* Enter or Rename: a blank name is refused and the popover stays (Escape
 * cancels); otherwise the owner is asked to rename the run. */
static void commit_rename(UnrollRunsList *self) {
  if (!self->renaming) return;
  g_autofree char *name = unroll_run_clean_name(gtk_editable_get_text(GTK_EDITABLE(self->rename_entry)));
  if (!name) {
    gtk_widget_error_bell(self->rename_entry);
    return;
  }
  UnrollRun *run = g_steal_pointer(&self->renaming);
  gtk_popover_popdown(GTK_POPOVER(self->rename_popover));
  if (strcmp(name, unroll_run_get_name(run))) g_signal_emit(self, signals[SIG_RENAME_RUN], 0, run, name);
  g_object_unref(run);
}

static void on_rename_activate(GtkWidget *w, UnrollRunsList *self) {
  (void)w;
  commit_rename(self);
}

static void on_rename_closed(GtkPopover *p, UnrollRunsList *self) {
  g_clear_object(&self->renaming); /* Escape, a click away, or after a commit */
  /* the focus was in the entry: back to the list, so F2 or the arrows go on from there */
  GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));
  GtkWidget *focus = root ? gtk_root_get_focus(root) : NULL;
  if (!focus || focus == GTK_WIDGET(p) || gtk_widget_is_ancestor(focus, GTK_WIDGET(p))) gtk_widget_grab_focus(self->view);
}

static gboolean on_f2(GtkWidget *w, GVariant *args, gpointer data) {
  (void)args; (void)data;
  UnrollRunsList *self = UNROLL_RUNS_LIST(w);
  if (self->renaming) return TRUE; /* F2 in the popover's entry (its keys pass through the list): keep the text */
  return unroll_runs_list_rename_selected(self);
}

static GtkWidget *rename_popover_new(UnrollRunsList *self) {
  GtkWidget *pop = gtk_popover_new();
  gtk_widget_set_name(pop, "run-rename");
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  self->rename_entry = gtk_entry_new();
  gtk_widget_set_name(self->rename_entry, "run-rename-entry");
  gtk_entry_set_max_length(GTK_ENTRY(self->rename_entry), sizeof ((ur_run *)NULL)->name - 1);
  gtk_editable_set_width_chars(GTK_EDITABLE(self->rename_entry), 24);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->rename_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, "Run name", -1);
  g_signal_connect(self->rename_entry, "activate", G_CALLBACK(on_rename_activate), self);
  g_signal_connect(self->rename_entry, "notify::text", G_CALLBACK(on_rename_text), self);
  self->rename_button = gtk_button_new_with_mnemonic("Re_name");
  gtk_widget_add_css_class(self->rename_button, "suggested-action");
  g_signal_connect(self->rename_button, "clicked", G_CALLBACK(on_rename_activate), self);
  gtk_box_append(GTK_BOX(box), self->rename_entry);
  gtk_box_append(GTK_BOX(box), self->rename_button);
  gtk_popover_set_child(GTK_POPOVER(pop), box);
  gtk_popover_set_position(GTK_POPOVER(pop), GTK_POS_BOTTOM);
  g_signal_connect(pop, "closed", G_CALLBACK(on_rename_closed), self);
  gtk_widget_set_parent(pop, GTK_WIDGET(self));
  return pop;
}

/* ---- presses and the context menu -------------------------------------------- */

void _unroll_runs_list_cell_pressed(UnrollRunsList *self, GtkWidget *cell, guint position, guint button, int n_press,
                                    gboolean on_name, double x, double y) {
  if (button == GDK_BUTTON_SECONDARY) {
    /* as in a file manager: a row outside the selection becomes the selection */
    if (!is_selected(self, position)) gtk_selection_model_select_item(GTK_SELECTION_MODEL(self->selection), position, TRUE);
    context_menu_at(self, cell, x, y);
  } else if (button == GDK_BUTTON_PRIMARY && n_press == 2 && on_name) {
    unroll_runs_list_start_rename(self, position);
  }
}

void unroll_runs_list_set_context_menu(UnrollRunsList *self, GMenuModel *menu) {
  g_return_if_fail(UNROLL_IS_RUNS_LIST(self));
  g_clear_pointer(&self->context_menu, gtk_widget_unparent);
  if (!menu) return;
  self->context_menu = gtk_popover_menu_new_from_model(menu);
  gtk_popover_set_has_arrow(GTK_POPOVER(self->context_menu), FALSE);
  gtk_widget_set_halign(self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent(self->context_menu, GTK_WIDGET(self));
}

static void context_menu_at(UnrollRunsList *self, GtkWidget *cell, double x, double y) {
  if (!self->context_menu) return;
  point_at(self, self->context_menu, cell, GRAPHENE_RECT_INIT((float)x, (float)y, 1, 1));
  gtk_popover_popup(GTK_POPOVER(self->context_menu));
}

/* ---- object ------------------------------------------------------------- */

static void on_selection(GtkSelectionModel *m, guint pos, guint n, UnrollRunsList *self) {
  (void)m; (void)pos; (void)n;
  g_signal_emit(self, signals[SIG_SELECTION_CHANGED], 0);
}

static void on_items(GListModel *m, guint pos, guint removed, guint added, UnrollRunsList *self) {
  (void)m; (void)pos; (void)added;
  /* the run being renamed went away (the list was rebuilt): nothing left to rename */
  if (removed && self->renaming) gtk_popover_popdown(GTK_POPOVER(self->rename_popover));
}

/* The popovers follow the list when the window moves or resizes. */
static void size_allocate(GtkWidget *w, int width, int height, int baseline) {
  UnrollRunsList *self = UNROLL_RUNS_LIST(w);
  GTK_WIDGET_CLASS(unroll_runs_list_parent_class)->size_allocate(w, width, height, baseline);
  if (self->rename_popover) gtk_popover_present(GTK_POPOVER(self->rename_popover));
  if (self->context_menu) gtk_popover_present(GTK_POPOVER(self->context_menu));
}

static void dispose(GObject *object) {
  UnrollRunsList *self = UNROLL_RUNS_LIST(object);
  g_clear_object(&self->renaming);
  if (self->rename_popover) g_signal_handlers_disconnect_by_data(self->rename_popover, self); /* no ::closed now */
  g_clear_pointer(&self->rename_popover, gtk_widget_unparent);
  g_clear_pointer(&self->context_menu, gtk_widget_unparent);
  g_clear_pointer(&self->scroller, gtk_widget_unparent);
  g_clear_pointer(&self->name_items, g_ptr_array_unref); /* after the view: its teardown reads it */
  if (self->selection) g_signal_handlers_disconnect_by_data(self->selection, self);
  g_clear_object(&self->selection);
  g_clear_object(&self->tree);
  g_clear_object(&self->groups);
  G_OBJECT_CLASS(unroll_runs_list_parent_class)->dispose(object);
}

static void unroll_runs_list_class_init(UnrollRunsListClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = dispose;
  wc->size_allocate = size_allocate;
  gtk_widget_class_set_layout_manager_type(wc, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(wc, "runslist");
  /* F2 while the focus is in the list: rename the selected run */
  gtk_widget_class_add_binding(wc, GDK_KEY_F2, 0, on_f2, NULL);
  signals[SIG_SELECTION_CHANGED] = g_signal_new("selection-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                                NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* ::rename-run(run, name): a person asked to rename run's group to name (clean, new) */
  signals[SIG_RENAME_RUN] = g_signal_new("rename-run", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 2, UNROLL_TYPE_RUN, G_TYPE_STRING);
}

static void add_columns(UnrollRunsList *self) {
  for (int c = 0; c < N_COLS; c++) {
    GtkColumnViewColumn *col = gtk_column_view_column_new(_unroll_runs_list_title(c), _unroll_runs_list_factory(self, c));
    gtk_column_view_column_set_resizable(col, TRUE);
    if (c == COL_MODEL) gtk_column_view_column_set_expand(col, TRUE);
    if (c == COL_NAME) gtk_column_view_column_set_fixed_width(col, 150);
    if (c == COL_DATA) gtk_column_view_column_set_fixed_width(col, 130);
    if (c == COL_STATE) gtk_column_view_column_set_fixed_width(col, 140);
    gtk_column_view_append_column(GTK_COLUMN_VIEW(self->view), col);
    g_object_unref(col);
  }
}

static void unroll_runs_list_init(UnrollRunsList *self) {
  self->groups = g_list_store_new(UNROLL_TYPE_RUN_GROUP);
  self->tree = gtk_tree_list_model_new(G_LIST_MODEL(g_object_ref(self->groups)), FALSE, FALSE, children_of, NULL, NULL);
  self->selection = gtk_multi_selection_new(G_LIST_MODEL(g_object_ref(self->tree)));
  g_signal_connect(self->selection, "selection-changed", G_CALLBACK(on_selection), self);
  g_signal_connect(self->tree, "items-changed", G_CALLBACK(on_items), self);
  self->view = gtk_column_view_new(GTK_SELECTION_MODEL(g_object_ref(self->selection)));
  gtk_column_view_set_show_column_separators(GTK_COLUMN_VIEW(self->view), FALSE);
  gtk_column_view_set_reorderable(GTK_COLUMN_VIEW(self->view), FALSE);
  gtk_widget_add_css_class(self->view, "data-table");
  self->name_items = g_ptr_array_new();
  add_columns(self);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, "Training runs", -1);
  self->scroller = gtk_scrolled_window_new();
  gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(self->scroller), self->view);
  gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(self->scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent(self->scroller, GTK_WIDGET(self));
  self->rename_popover = rename_popover_new(self);
}

GtkWidget *unroll_runs_list_new(void) { return g_object_new(UNROLL_TYPE_RUNS_LIST, NULL); }
