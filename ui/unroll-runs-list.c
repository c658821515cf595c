/* unroll-runs-list.c: see unroll-runs-list.h. */
#include "unroll-runs-list.h"
#include <math.h>
#include <string.h>
#include "chart-draw.h"

typedef enum { COL_NAME, COL_MODEL, COL_PARAMS, COL_EPOCHS, COL_SECONDS, COL_VAL, COL_LAST, COL_SKILL_NAIVE,
               COL_SKILL_LINEAR, N_COLS } Column;

/* Titles; what each means is in the header's comment and the README. */
static const char *titles[N_COLS] = {"Run", "Model", "Params", "Epochs", "Seconds", "Val MSE", "Last step",
                                     "vs naive", "vs linear"};
/* The cells' widget names. */
static const char *cell_names[N_COLS] = {"run-name", "run-model", "run-params", "run-epochs", "run-seconds",
                                         "run-val", "run-last", "run-vs-naive", "run-vs-linear"};

struct _UnrollRunsList {
  GtkWidget parent_instance;
  GListStore *store;
  GtkMultiSelection *selection;
  GtkWidget *scroller, *view;
  GPtrArray *name_items;    /* the name column's GtkListItems (not owned): where each shown row's name is */
  GtkWidget *rename_popover, *rename_entry, *rename_button;
  UnrollRun *renaming;      /* the run the open popover renames; NULL while it is closed */
  GtkWidget *context_menu;  /* a GtkPopoverMenu, NULL until the owner gives a model */
};

G_DEFINE_FINAL_TYPE(UnrollRunsList, unroll_runs_list, GTK_TYPE_WIDGET)

enum { SIG_SELECTION_CHANGED, SIG_RENAME_RUN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void context_menu_at(UnrollRunsList *self, GtkWidget *cell, double x, double y);

/* ---- cells -------------------------------------------------------------- */

static void draw_swatch(GtkDrawingArea *a, cairo_t *cr, int w, int h, gpointer data) {
  (void)a; (void)data;
  int colour = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(a), "colour"));
  chart_set_rgb(cr, chart_run_colour(colour), 1);
  cairo_arc(cr, w / 2.0, h / 2.0, MIN(w, h) / 2.0 - 1, 0, 2 * G_PI);
  cairo_fill(cr);
}

/* A press on any cell: the secondary button opens the context menu; a double
 * click on a name renames that run.  The row's own gesture still selects. */
static void on_cell_pressed(GtkGestureClick *g, int n_press, double x, double y, GtkListItem *item) {
  GtkWidget *cell = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(g));
  UnrollRunsList *self = UNROLL_RUNS_LIST(gtk_widget_get_ancestor(cell, UNROLL_TYPE_RUNS_LIST));
  guint pos = gtk_list_item_get_position(item);
  if (!self || pos == GTK_INVALID_LIST_POSITION) return;
  guint button = gtk_gesture_single_get_current_button(GTK_GESTURE_SINGLE(g));
  if (button == GDK_BUTTON_SECONDARY) {
    gtk_gesture_set_state(GTK_GESTURE(g), GTK_EVENT_SEQUENCE_CLAIMED);
    /* as in a file manager: a row outside the selection becomes the selection */
    if (!gtk_selection_model_is_selected(GTK_SELECTION_MODEL(self->selection), pos))
      unroll_runs_list_select(self, pos, TRUE);
    context_menu_at(self, cell, x, y);
  } else if (button == GDK_BUTTON_PRIMARY && n_press == 2 && g_object_get_data(G_OBJECT(g), "name-cell")) {
    unroll_runs_list_start_rename(self, pos);
  }
}

static void setup_cell(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data) {
  (void)f;
  Column col = GPOINTER_TO_INT(data);
  GtkWidget *label = gtk_label_new(NULL);
  gtk_widget_set_name(label, cell_names[col]);
  gtk_label_set_ellipsize(GTK_LABEL(label), col == COL_MODEL || col == COL_NAME ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  gtk_label_set_xalign(GTK_LABEL(label), col <= COL_MODEL ? 0 : 1);
  if (col > COL_MODEL) gtk_widget_add_css_class(label, "numeric");
  if (col == COL_NAME) {
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6), *dot = gtk_drawing_area_new();
    gtk_drawing_area_set_content_width(GTK_DRAWING_AREA(dot), 10);
    gtk_drawing_area_set_content_height(GTK_DRAWING_AREA(dot), 10);
    gtk_widget_set_valign(dot, GTK_ALIGN_CENTER);
    gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(dot), draw_swatch, NULL, NULL);
    gtk_box_append(GTK_BOX(box), dot);
    gtk_box_append(GTK_BOX(box), label);
    gtk_widget_set_hexpand(label, TRUE); /* the whole cell takes the double-click */
    gtk_list_item_set_child(item, box);
  } else {
    gtk_list_item_set_child(item, label);
  }
  GtkGesture *g = gtk_gesture_click_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(g), 0);
  if (col == COL_NAME) g_object_set_data(G_OBJECT(g), "name-cell", GINT_TO_POINTER(1));
  g_signal_connect(g, "pressed", G_CALLBACK(on_cell_pressed), item);
  gtk_widget_add_controller(gtk_list_item_get_child(item), GTK_EVENT_CONTROLLER(g));
}

/* The name column's items, so a row's name cell can be found on screen. */
static void setup_name_cell(GtkSignalListItemFactory *f, GtkListItem *item, UnrollRunsList *self) {
  (void)f;
  g_ptr_array_add(self->name_items, item);
}
static void teardown_name_cell(GtkSignalListItemFactory *f, GtkListItem *item, UnrollRunsList *self) {
  (void)f;
  if (self->name_items) g_ptr_array_remove_fast(self->name_items, item);
}

/* The name and its tooltip (with how the run ended, when it did not complete). */
static void show_name(GtkWidget *label, UnrollRun *run) {
  const ur_run *r = unroll_run_get(run);
  gtk_label_set_label(GTK_LABEL(label), r->name);
  if (r->stop[0] && strcmp(r->stop, "completed")) {
    char tip[320];
    g_snprintf(tip, sizeof tip, "%s (%s)", r->name, r->stop);
    gtk_widget_set_tooltip_text(label, tip);
  } else {
    gtk_widget_set_tooltip_text(label, r->name);
  }
}

static void on_run_renamed(UnrollRun *run, GParamSpec *ps, GtkWidget *label) {
  (void)ps;
  show_name(label, run);
}

static GtkWidget *name_label(GtkListItem *item) {
  return gtk_widget_get_next_sibling(gtk_widget_get_first_child(gtk_list_item_get_child(item)));
}

static void unbind_cell(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data) {
  (void)f;
  UnrollRun *run = gtk_list_item_get_item(item);
  if (GPOINTER_TO_INT(data) == COL_NAME && run) g_signal_handlers_disconnect_by_func(run, on_run_renamed, name_label(item));
}

static void format_num(double v, const char *fmt, char *buf, size_t len) {
  if (isfinite(v)) g_snprintf(buf, len, fmt, v);
  else g_strlcpy(buf, "–", len);
}

static void bind_cell(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data) {
  (void)f;
  Column col = GPOINTER_TO_INT(data);
  UnrollRun *obj = gtk_list_item_get_item(item);
  const ur_run *r = unroll_run_get(obj);
  GtkWidget *child = gtk_list_item_get_child(item), *label = child;
  char buf[256];
  if (col == COL_NAME) {
    GtkWidget *dot = gtk_widget_get_first_child(child);
    label = gtk_widget_get_next_sibling(dot);
    g_object_set_data(G_OBJECT(dot), "colour", GINT_TO_POINTER(r->colour));
    gtk_widget_queue_draw(dot);
  }
  switch (col) {
  case COL_MODEL: ur_run_summary(r, buf, sizeof buf); break;
  case COL_PARAMS: g_snprintf(buf, sizeof buf, "%zu", ur_run_param_count(r)); break;
  case COL_EPOCHS:
    /* a run stopped mid-epoch shows its fraction: 2.4 */
    if (r->batches_per_epoch > 0 && r->n_batches % r->batches_per_epoch)
      g_snprintf(buf, sizeof buf, "%.1f", (double)r->n_batches / r->batches_per_epoch);
    else g_snprintf(buf, sizeof buf, "%d", r->n_epochs);
    break;
  case COL_SECONDS: format_num(r->seconds, "%.1f", buf, sizeof buf); break;
  case COL_VAL: format_num(r->val_mse, "%.5f", buf, sizeof buf); break;
  case COL_LAST: format_num(r->val_last_mse, "%.5f", buf, sizeof buf); break;
  case COL_SKILL_NAIVE: format_num(ur_run_skill(r, r->naive_mse), "%+.2f", buf, sizeof buf); break;
  case COL_SKILL_LINEAR: format_num(ur_run_skill(r, r->linear_mse), "%+.2f", buf, sizeof buf); break;
  default: buf[0] = 0;
  }
  if (col == COL_NAME) {
    show_name(label, obj);
    g_signal_connect(obj, "notify::name", G_CALLBACK(on_run_renamed), label); /* until unbind */
    return;
  }
  gtk_label_set_label(GTK_LABEL(label), buf);
  if (col == COL_MODEL) gtk_widget_set_tooltip_text(label, buf);
}

/* ---- API ---------------------------------------------------------------- */

GListModel *unroll_runs_list_get_model(UnrollRunsList *self) { return G_LIST_MODEL(self->store); }

void unroll_runs_list_add(UnrollRunsList *self, UnrollRun *run, gboolean select) {
  g_list_store_append(self->store, run);
  if (select) unroll_runs_list_select(self, g_list_model_get_n_items(G_LIST_MODEL(self->store)) - 1, TRUE);
}

void unroll_runs_list_clear(UnrollRunsList *self) { g_list_store_remove_all(self->store); }

guint unroll_runs_list_remove_selected(UnrollRunsList *self) {
  guint removed = 0;
  for (guint i = g_list_model_get_n_items(G_LIST_MODEL(self->store)); i-- > 0;)
    if (gtk_selection_model_is_selected(GTK_SELECTION_MODEL(self->selection), i)) {
      g_list_store_remove(self->store, i);
      removed++;
    }
  return removed;
}

GPtrArray *unroll_runs_list_dup_selected(UnrollRunsList *self) {
  GPtrArray *out = g_ptr_array_new_with_free_func(g_object_unref);
  guint n = g_list_model_get_n_items(G_LIST_MODEL(self->store));
  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected(GTK_SELECTION_MODEL(self->selection), i))
      g_ptr_array_add(out, g_list_model_get_item(G_LIST_MODEL(self->store), i));
  return out;
}

void unroll_runs_list_select(UnrollRunsList *self, guint position, gboolean exclusive) {
  gtk_selection_model_select_item(GTK_SELECTION_MODEL(self->selection), position, exclusive);
}

void unroll_runs_list_select_all(UnrollRunsList *self) { gtk_selection_model_select_all(GTK_SELECTION_MODEL(self->selection)); }

int unroll_runs_list_next_colour(UnrollRunsList *self) {
  guint n = g_list_model_get_n_items(G_LIST_MODEL(self->store));
  for (int c = 0;; c++) {
    gboolean used = FALSE;
    for (guint i = 0; i < n && !used; i++) {
      UnrollRun *r = g_list_model_get_item(G_LIST_MODEL(self->store), i);
      used = unroll_run_get(r)->colour == c;
      g_object_unref(r);
    }
    if (!used) return c;
  }
}

char *unroll_runs_list_next_name(UnrollRunsList *self, const char *base) {
  guint n = g_list_model_get_n_items(G_LIST_MODEL(self->store));
  for (int k = 1;; k++) {
    char *name = g_strdup_printf("%s %d", base && *base ? base : "run", k);
    gboolean taken = FALSE;
    for (guint i = 0; i < n && !taken; i++) {
      UnrollRun *r = g_list_model_get_item(G_LIST_MODEL(self->store), i);
      taken = !g_strcmp0(unroll_run_get_name(r), name);
      g_object_unref(r);
    }
    if (!taken) return name;
    g_free(name);
  }
}

guint unroll_runs_list_get_n_selected(UnrollRunsList *self) {
  GtkBitset *set = gtk_selection_model_get_selection(GTK_SELECTION_MODEL(self->selection));
  guint64 n = gtk_bitset_get_size(set);
  gtk_bitset_unref(set);
  return (guint)n;
}

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

gboolean unroll_runs_list_start_rename(UnrollRunsList *self, guint position) {
  g_return_val_if_fail(UNROLL_IS_RUNS_LIST(self), FALSE);
  UnrollRun *run = g_list_model_get_item(G_LIST_MODEL(self->store), position);
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

/* ---- the context menu --------------------------------------------------- */

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
  if (removed && self->renaming && !g_list_store_find(self->store, self->renaming, NULL))
    gtk_popover_popdown(GTK_POPOVER(self->rename_popover));
  /* removing selected rows changes the selection without ::selection-changed */
  if (removed) g_signal_emit(self, signals[SIG_SELECTION_CHANGED], 0);
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
  g_clear_object(&self->selection);
  g_clear_object(&self->store);
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
  /* ::rename-run(run, name): a person asked to rename run to name (clean, new) */
  signals[SIG_RENAME_RUN] = g_signal_new("rename-run", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 2, UNROLL_TYPE_RUN, G_TYPE_STRING);
}

static void unroll_runs_list_init(UnrollRunsList *self) {
  self->store = g_list_store_new(UNROLL_TYPE_RUN);
  self->selection = gtk_multi_selection_new(G_LIST_MODEL(g_object_ref(self->store)));
  g_signal_connect(self->selection, "selection-changed", G_CALLBACK(on_selection), self);
  g_signal_connect(self->store, "items-changed", G_CALLBACK(on_items), self);
  self->view = gtk_column_view_new(GTK_SELECTION_MODEL(g_object_ref(self->selection)));
  gtk_column_view_set_show_column_separators(GTK_COLUMN_VIEW(self->view), FALSE);
  gtk_column_view_set_reorderable(GTK_COLUMN_VIEW(self->view), FALSE);
  gtk_widget_add_css_class(self->view, "data-table");
  self->name_items = g_ptr_array_new();
  for (int c = 0; c < N_COLS; c++) {
    GtkListItemFactory *f = gtk_signal_list_item_factory_new();
    g_signal_connect(f, "setup", G_CALLBACK(setup_cell), GINT_TO_POINTER(c));
    g_signal_connect(f, "bind", G_CALLBACK(bind_cell), GINT_TO_POINTER(c));
    g_signal_connect(f, "unbind", G_CALLBACK(unbind_cell), GINT_TO_POINTER(c));
    if (c == COL_NAME) { /* the view may tear its rows down after the list is gone */
      g_signal_connect_object(f, "setup", G_CALLBACK(setup_name_cell), self, 0);
      g_signal_connect_object(f, "teardown", G_CALLBACK(teardown_name_cell), self, 0);
    }
    GtkColumnViewColumn *col = gtk_column_view_column_new(titles[c], f);
    gtk_column_view_column_set_resizable(col, TRUE);
    if (c == COL_MODEL) gtk_column_view_column_set_expand(col, TRUE);
    if (c == COL_NAME) gtk_column_view_column_set_fixed_width(col, 110);
    gtk_column_view_append_column(GTK_COLUMN_VIEW(self->view), col);
    g_object_unref(col);
  }
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, "Training runs", -1);
  self->scroller = gtk_scrolled_window_new();
  gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(self->scroller), self->view);
  gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(self->scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent(self->scroller, GTK_WIDGET(self));
  self->rename_popover = rename_popover_new(self);
}

GtkWidget *unroll_runs_list_new(void) { return g_object_new(UNROLL_TYPE_RUNS_LIST, NULL); }
