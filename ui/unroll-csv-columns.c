/* unroll-csv-columns.c: see unroll-csv-columns.h.  A GtkGrid in a scrolled
 * window: a file has at most UR_CSV_MAX_COLUMNS columns, few enough for a
 * widget per cell, and a grid keeps the counts' column aligned. */
#include "unroll-csv-columns.h"
#include "series.h"

struct _UnrollCsvColumns {
  GtkWidget parent_instance;
  GtkWidget *scroller, *grid;
  GPtrArray *checks; /* one GtkCheckButton per column */
  const ur_csv *csv;
  int target, date;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE(UnrollCsvColumns, unroll_csv_columns, GTK_TYPE_WIDGET)

enum { SIG_INPUTS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *type_name(ur_col_type t) {
  return t == UR_COL_NUMERIC ? "numbers" : t == UR_COL_DATE ? "dates" : "text";
}

static GtkWidget *cell(GtkWidget *grid, const char *text, int col, int row, float xalign) {
  GtkWidget *l = gtk_label_new(text);
  gtk_label_set_xalign(GTK_LABEL(l), xalign);
  gtk_grid_attach(GTK_GRID(grid), l, col, row, 1, 1);
  return l;
}

static int count_inputs(UnrollCsvColumns *self) {
  int n = 0;
  for (guint i = 0; i < self->checks->len; i++)
    if ((int)i != self->target && gtk_check_button_get_active(self->checks->pdata[i])) n++;
  return n;
}

/* Each check box's label, state and sensitivity from the roles: only a
 * numeric column that is not the target can be an input, and no more
 * than the engine's limit of them. */
static void update_checks(UnrollCsvColumns *self) {
  self->updating = TRUE;
  gboolean full = count_inputs(self) >= UR_SERIES_MAX_FEATURES - 1;
  for (guint i = 0; i < self->checks->len; i++) {
    GtkCheckButton *c = self->checks->pdata[i];
    const ur_csv_column *col = &self->csv->cols[i];
    const char *label = "input", *tip = NULL;
    gboolean sensitive = TRUE;
    if ((int)i == self->target) {
      label = "target";
      tip = "The series to forecast; it is always the first input too";
      gtk_check_button_set_active(c, TRUE);
      sensitive = FALSE;
    } else if ((int)i == self->date) {
      label = "date";
      tip = "Orders the rows and places them on the timeline";
      sensitive = FALSE;
    } else if (col->type != UR_COL_NUMERIC) {
      tip = col->type == UR_COL_DATE ? "Dates: choose it as the date column instead"
                                     : "Text: a model reads numbers only";
      sensitive = FALSE;
    } else if (full && !gtk_check_button_get_active(c)) {
      tip = "At most 15 extra inputs";
      sensitive = FALSE;
    } else {
      tip = "Feed this column to the model beside the target";
    }
    if (!sensitive && (int)i != self->target) gtk_check_button_set_active(c, FALSE);
    gtk_check_button_set_label(c, label);
    gtk_widget_set_tooltip_text(GTK_WIDGET(c), tip);
    gtk_widget_set_sensitive(GTK_WIDGET(c), sensitive);
  }
  self->updating = FALSE;
}

static void on_toggled(GtkCheckButton *c, UnrollCsvColumns *self) {
  (void)c;
  if (self->updating) return;
  update_checks(self);
  g_signal_emit(self, signals[SIG_INPUTS_CHANGED], 0);
}

void unroll_csv_columns_set_table(UnrollCsvColumns *self, const ur_csv *csv) {
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child(self->grid))) gtk_grid_remove(GTK_GRID(self->grid), child);
  g_ptr_array_set_size(self->checks, 0);
  self->csv = csv;
  self->target = self->date = -1;
  static const char *heads[] = {"Column", "Type", "Missing", "Invalid", "Use"};
  static const char *head_tips[] = {NULL, "What the cells hold, by majority", "Empty, NA, NaN, null or - cells",
                                    "Cells of another type than the column's (text among numbers, ...)", NULL};
  for (int k = 0; k < 5; k++) {
    GtkWidget *h = cell(self->grid, heads[k], k, 0, k == 2 || k == 3 ? 1 : 0);
    gtk_widget_add_css_class(h, "heading");
    if (head_tips[k]) gtk_widget_set_tooltip_text(h, head_tips[k]);
  }
  for (int i = 0; csv && i < csv->n_cols; i++) {
    const ur_csv_column *c = &csv->cols[i];
    char buf[64];
    GtkWidget *name = cell(self->grid, c->name, 0, i + 1, 0);
    /* whole names (a long one scrolls sideways): "temper…" hides which column it is */
    gtk_widget_set_tooltip_text(name, c->name);
    gtk_widget_set_hexpand(name, TRUE);
    cell(self->grid, type_name(c->type), 1, i + 1, 0);
    snprintf(buf, sizeof buf, "%d", c->n_missing);
    gtk_widget_add_css_class(cell(self->grid, buf, 2, i + 1, 1), "numeric");
    /* a text column's numbers are not errors, only not text */
    snprintf(buf, sizeof buf, "%d", c->type == UR_COL_TEXT ? 0 : c->n_invalid);
    GtkWidget *bad = cell(self->grid, buf, 3, i + 1, 1);
    gtk_widget_add_css_class(bad, "numeric");
    if (c->type != UR_COL_TEXT && c->n_invalid > 0 && c->first_invalid_row >= 0) {
      g_autofree char *tip = g_strdup_printf("First: line %d, “%s”", ur_csv_line_of_row(csv, c->first_invalid_row),
                                             c->first_invalid);
      gtk_widget_set_tooltip_text(bad, tip);
      gtk_widget_add_css_class(bad, "warning");
    }
    GtkWidget *check = gtk_check_button_new_with_label("input");
    g_autofree char *wname = g_strdup_printf("csv-input-%d", i);
    gtk_widget_set_name(check, wname);
    g_signal_connect(check, "toggled", G_CALLBACK(on_toggled), self);
    gtk_grid_attach(GTK_GRID(self->grid), check, 4, i + 1, 1, 1);
    g_ptr_array_add(self->checks, check);
  }
  if (csv) update_checks(self);
}

void unroll_csv_columns_set_roles(UnrollCsvColumns *self, int target, int date) {
  /* the old target's box was ticked for show: it is not an input */
  if (self->target >= 0 && self->target < (int)self->checks->len && self->target != target) {
    self->updating = TRUE;
    gtk_check_button_set_active(self->checks->pdata[self->target], FALSE);
    self->updating = FALSE;
  }
  self->target = target;
  self->date = date;
  if (self->csv) update_checks(self);
}

void unroll_csv_columns_set_inputs(UnrollCsvColumns *self, const int *inputs, int n) {
  self->updating = TRUE;
  for (guint i = 0; i < self->checks->len; i++)
    if ((int)i != self->target) gtk_check_button_set_active(self->checks->pdata[i], FALSE);
  for (int k = 0; k < n; k++)
    if (inputs[k] >= 0 && inputs[k] < (int)self->checks->len && inputs[k] != self->target)
      gtk_check_button_set_active(self->checks->pdata[inputs[k]], TRUE);
  self->updating = FALSE;
  if (self->csv) update_checks(self);
}

int unroll_csv_columns_get_inputs(UnrollCsvColumns *self, int *inputs, int max) {
  int n = 0;
  for (guint i = 0; i < self->checks->len && n < max; i++)
    if ((int)i != self->target && gtk_check_button_get_active(self->checks->pdata[i])) inputs[n++] = (int)i;
  return n;
}

static void dispose(GObject *object) {
  UnrollCsvColumns *self = UNROLL_CSV_COLUMNS(object);
  g_clear_pointer(&self->scroller, gtk_widget_unparent);
  g_clear_pointer(&self->checks, g_ptr_array_unref);
  G_OBJECT_CLASS(unroll_csv_columns_parent_class)->dispose(object);
}

static void unroll_csv_columns_class_init(UnrollCsvColumnsClass *klass) {
  G_OBJECT_CLASS(klass)->dispose = dispose;
  gtk_widget_class_set_layout_manager_type(GTK_WIDGET_CLASS(klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(GTK_WIDGET_CLASS(klass), "csvcolumns");
  signals[SIG_INPUTS_CHANGED] = g_signal_new("inputs-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                             NULL, NULL, G_TYPE_NONE, 0);
}

static void unroll_csv_columns_init(UnrollCsvColumns *self) {
  self->checks = g_ptr_array_new();
  self->target = self->date = -1;
  self->grid = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(self->grid), 2);
  gtk_grid_set_column_spacing(GTK_GRID(self->grid), 14);
  gtk_widget_set_margin_start(self->grid, 10);
  gtk_widget_set_margin_end(self->grid, 10);
  gtk_widget_set_margin_top(self->grid, 6);
  gtk_widget_set_margin_bottom(self->grid, 6);
  self->scroller = gtk_scrolled_window_new();
  gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(self->scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_width(GTK_SCROLLED_WINDOW(self->scroller), TRUE);
  gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(self->scroller), self->grid);
  gtk_scrolled_window_set_has_frame(GTK_SCROLLED_WINDOW(self->scroller), TRUE);
  gtk_widget_set_parent(self->scroller, GTK_WIDGET(self));
}

GtkWidget *unroll_csv_columns_new(void) { return g_object_new(UNROLL_TYPE_CSV_COLUMNS, NULL); }
