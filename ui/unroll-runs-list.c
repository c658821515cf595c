/* unroll-runs-list.c: see unroll-runs-list.h. */
#include "unroll-runs-list.h"
#include <math.h>
#include "chart-draw.h"

typedef enum { COL_NAME, COL_MODEL, COL_PARAMS, COL_EPOCHS, COL_SECONDS, COL_VAL, COL_LAST, COL_SKILL_NAIVE,
               COL_SKILL_LINEAR, N_COLS } Column;

/* Titles; what each means is in the header's comment and the README. */
static const char *titles[N_COLS] = {"Run", "Model", "Params", "Epochs", "Seconds", "Val MSE", "Last step",
                                     "vs naive", "vs linear"};

struct _UnrollRunsList {
  GtkWidget parent_instance;
  GListStore *store;
  GtkMultiSelection *selection;
  GtkWidget *scroller, *view;
};

G_DEFINE_FINAL_TYPE(UnrollRunsList, unroll_runs_list, GTK_TYPE_WIDGET)

enum { SIG_SELECTION_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- cells -------------------------------------------------------------- */

static void draw_swatch(GtkDrawingArea *a, cairo_t *cr, int w, int h, gpointer data) {
  (void)a; (void)data;
  int colour = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(a), "colour"));
  chart_set_rgb(cr, chart_run_colour(colour), 1);
  cairo_arc(cr, w / 2.0, h / 2.0, MIN(w, h) / 2.0 - 1, 0, 2 * G_PI);
  cairo_fill(cr);
}

static void setup_cell(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data) {
  (void)f;
  Column col = GPOINTER_TO_INT(data);
  GtkWidget *label = gtk_label_new(NULL);
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
    gtk_list_item_set_child(item, box);
  } else {
    gtk_list_item_set_child(item, label);
  }
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
  case COL_NAME: g_strlcpy(buf, r->name, sizeof buf); break;
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
  gtk_label_set_label(GTK_LABEL(label), buf);
  if (col == COL_NAME || col == COL_MODEL) gtk_widget_set_tooltip_text(label, buf);
  if (col == COL_NAME && r->stop[0] && strcmp(r->stop, "completed")) {
    char tip[320];
    g_snprintf(tip, sizeof tip, "%s (%s)", r->name, r->stop);
    gtk_widget_set_tooltip_text(label, tip);
  }
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

/* ---- object ------------------------------------------------------------- */

static void on_selection(GtkSelectionModel *m, guint pos, guint n, UnrollRunsList *self) {
  (void)m; (void)pos; (void)n;
  g_signal_emit(self, signals[SIG_SELECTION_CHANGED], 0);
}

static void on_items(GListModel *m, guint pos, guint removed, guint added, UnrollRunsList *self) {
  (void)m; (void)pos; (void)added;
  /* removing selected rows changes the selection without ::selection-changed */
  if (removed) g_signal_emit(self, signals[SIG_SELECTION_CHANGED], 0);
}

static void dispose(GObject *object) {
  UnrollRunsList *self = UNROLL_RUNS_LIST(object);
  g_clear_pointer(&self->scroller, gtk_widget_unparent);
  g_clear_object(&self->selection);
  g_clear_object(&self->store);
  G_OBJECT_CLASS(unroll_runs_list_parent_class)->dispose(object);
}

static void unroll_runs_list_class_init(UnrollRunsListClass *klass) {
  G_OBJECT_CLASS(klass)->dispose = dispose;
  gtk_widget_class_set_layout_manager_type(GTK_WIDGET_CLASS(klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(GTK_WIDGET_CLASS(klass), "runslist");
  signals[SIG_SELECTION_CHANGED] = g_signal_new("selection-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                                NULL, NULL, NULL, G_TYPE_NONE, 0);
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
  for (int c = 0; c < N_COLS; c++) {
    GtkListItemFactory *f = gtk_signal_list_item_factory_new();
    g_signal_connect(f, "setup", G_CALLBACK(setup_cell), GINT_TO_POINTER(c));
    g_signal_connect(f, "bind", G_CALLBACK(bind_cell), GINT_TO_POINTER(c));
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
}

GtkWidget *unroll_runs_list_new(void) { return g_object_new(UNROLL_TYPE_RUNS_LIST, NULL); }
