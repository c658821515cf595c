/* unroll-csv-columns.c: see unroll-csv-columns.h.  A GtkGrid in a scrolled
 * window: a file has at most UR_CSV_MAX_COLUMNS columns, few enough for a
 * widget per cell, and a grid keeps the counts' column aligned. */
#include "unroll-csv-columns.h"
#include "series.h"

struct _UnrollCsvColumns {
  GtkWidget parent_instance;
  GtkWidget *scroller, *grid;
  GPtrArray *checks; /* one GtkCheckButton per column: an input */
  GPtrArray *series; /* one GtkCheckButton per column: a series of its own (a wide file) */
  const ur_csv *csv;
  int target, date, id;
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

/* The target's, the date's and the id's boxes are ticked to show they are
 * used; none is an input nor a further series. */
static gboolean is_role(UnrollCsvColumns *self, guint i) {
  return (int)i == self->target || (int)i == self->date || (int)i == self->id;
}

static int count_ticked(UnrollCsvColumns *self, GPtrArray *boxes) {
  int n = 0;
  for (guint i = 0; i < boxes->len; i++)
    if (!is_role(self, i) && gtk_check_button_get_active(boxes->pdata[i])) n++;
  return n;
}

/* A series box: only a numeric column that is neither the target (ticked:
 * the first series), the date nor an input can be a series of its own. */
static void update_series(UnrollCsvColumns *self) {
  gboolean full = count_ticked(self, self->series) >= UR_SERIES_MAX_TARGETS - 1;
  for (guint i = 0; i < self->series->len; i++) {
    GtkCheckButton *c = self->series->pdata[i];
    const ur_csv_column *col = &self->csv->cols[i];
    gboolean target = (int)i == self->target, input = !target && gtk_check_button_get_active(self->checks->pdata[i]);
    gboolean can = col->type == UR_COL_NUMERIC && (int)i != self->date && (int)i != self->id && !input && !target &&
                   (!full || gtk_check_button_get_active(c));
    if (target) gtk_check_button_set_active(c, TRUE);
    else if (!can) gtk_check_button_set_active(c, FALSE);
    gtk_widget_set_visible(GTK_WIDGET(c), col->type == UR_COL_NUMERIC && (int)i != self->date && (int)i != self->id);
    gtk_widget_set_sensitive(GTK_WIDGET(c), can);
    gtk_widget_set_tooltip_text(GTK_WIDGET(c), target ? "The target is the first series"
                                               : input ? "An input of every series: untick it to make it a series"
                                               : can   ? "Forecast this column too, as a series of its own (a wide file)"
                                                       : "At most 64 series");
  }
}

/* Each check box's label, state and sensitivity from the roles: only a
 * numeric column that is not the target can be an input, and no more
 * than the engine's limit of them. */
static void update_checks(UnrollCsvColumns *self) {
  self->updating = TRUE;
  gboolean full = count_ticked(self, self->checks) >= UR_SERIES_MAX_FEATURES - 1;
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
      gtk_check_button_set_active(c, TRUE);
      sensitive = FALSE;
    } else if ((int)i == self->id) {
      label = "id";
      tip = "Tells the series of a long file apart: the rows of each value are a series (Series, beside the form)";
      gtk_check_button_set_active(c, TRUE);
      sensitive = FALSE;
    } else if (col->type != UR_COL_NUMERIC) {
      tip = col->type == UR_COL_DATE ? "Dates: choose it as the date column instead"
                                     : "Text: a model reads numbers only";
      sensitive = FALSE;
    } else if (full && !gtk_check_button_get_active(c)) {
      tip = "At most 15 extra inputs";
      sensitive = FALSE;
    } else if (gtk_check_button_get_active(self->series->pdata[i])) {
      tip = "A series of its own: untick it under Series to make it an input";
      sensitive = FALSE;
    } else {
      tip = "Feed this column to the model beside the target";
    }
    if (!sensitive && !is_role(self, i)) gtk_check_button_set_active(c, FALSE);
    gtk_check_button_set_label(c, label);
    gtk_widget_set_tooltip_text(GTK_WIDGET(c), tip);
    gtk_widget_set_sensitive(GTK_WIDGET(c), sensitive);
  }
  update_series(self);
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
  g_ptr_array_set_size(self->series, 0);
  self->csv = csv;
  self->target = self->date = self->id = -1;
  static const char *heads[] = {"Column", "Type", "Missing", "Invalid", "Use", "Series"};
  static const char *head_tips[] = {NULL, "What the cells hold, by majority", "Empty, NA, NaN, null or - cells",
                                    "Cells of another type than the column's (text among numbers, ...)", NULL,
                                    "Columns forecast each as a series of its own, with the same windows (a wide file)"};
  for (int k = 0; k < 6; k++) {
    GtkWidget *h = cell(self->grid, heads[k], k, 0, k == 2 || k == 3 ? 1 : 0);
    gtk_widget_add_css_class(h, "heading");
    if (head_tips[k]) gtk_widget_set_tooltip_text(h, head_tips[k]);
  }
  for (int i = 0; csv && i < csv->n_cols; i++) {
    const ur_csv_column *c = &csv->cols[i];
    char buf[64];
    GtkWidget *name = cell(self->grid, c->name, 0, i + 1, 0);
    /* a long name shortened in its middle, whole in its tooltip: at full
     * length it pushed the Use and Series boxes out of sight, and both
     * ends tell columns apart better than "Monthly mean…" */
    gtk_label_set_ellipsize(GTK_LABEL(name), PANGO_ELLIPSIZE_MIDDLE);
    gtk_label_set_width_chars(GTK_LABEL(name), MIN(12, (int)g_utf8_strlen(c->name, -1)));
    gtk_label_set_max_width_chars(GTK_LABEL(name), 28);
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
    GtkWidget *series = gtk_check_button_new();
    g_autofree char *sname = g_strdup_printf("csv-series-%d", i);
    gtk_widget_set_name(series, sname);
    gtk_widget_set_halign(series, GTK_ALIGN_CENTER);
    g_signal_connect(series, "toggled", G_CALLBACK(on_toggled), self);
    gtk_grid_attach(GTK_GRID(self->grid), series, 5, i + 1, 1, 1);
    g_ptr_array_add(self->series, series);
  }
  if (csv) update_checks(self);
  /* the whole table, names shortened, is the least it shows: narrower, its
   * Use and Series boxes scrolled out of sight without a visible scrollbar */
  int min = 0;
  gtk_widget_measure(self->grid, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  gtk_scrolled_window_set_min_content_width(GTK_SCROLLED_WINDOW(self->scroller), MIN(min, 600));
}

void unroll_csv_columns_set_roles(UnrollCsvColumns *self, int target, int date, int id) {
  /* the old target's boxes were ticked for show: it is neither an input nor a further series */
  if (self->target >= 0 && self->target < (int)self->checks->len && self->target != target) {
    self->updating = TRUE;
    gtk_check_button_set_active(self->checks->pdata[self->target], FALSE);
    gtk_check_button_set_active(self->series->pdata[self->target], FALSE);
    self->updating = FALSE;
  }
  /* so were the old date's and id's */
  int was[2] = {self->date != date ? self->date : -1, self->id != id ? self->id : -1};
  self->updating = TRUE;
  for (int k = 0; k < 2; k++)
    if (was[k] >= 0 && was[k] < (int)self->checks->len) gtk_check_button_set_active(self->checks->pdata[was[k]], FALSE);
  self->updating = FALSE;
  self->target = target;
  self->date = date;
  self->id = id;
  if (self->csv) update_checks(self);
}


static void set_ticked(UnrollCsvColumns *self, GPtrArray *boxes, const int *cols, int n) {
  self->updating = TRUE;
  for (guint i = 0; i < boxes->len; i++)
    if (!is_role(self, i)) gtk_check_button_set_active(boxes->pdata[i], FALSE);
  for (int k = 0; k < n; k++)
    if (cols[k] >= 0 && cols[k] < (int)boxes->len && !is_role(self, (guint)cols[k]))
      gtk_check_button_set_active(boxes->pdata[cols[k]], TRUE);
  self->updating = FALSE;
  if (self->csv) update_checks(self);
}

static int get_ticked(UnrollCsvColumns *self, GPtrArray *boxes, int *cols, int max) {
  int n = 0;
  for (guint i = 0; i < boxes->len && n < max; i++)
    if (!is_role(self, i) && gtk_check_button_get_active(boxes->pdata[i])) cols[n++] = (int)i;
  return n;
}

void unroll_csv_columns_set_inputs(UnrollCsvColumns *self, const int *inputs, int n) {
  set_ticked(self, self->checks, inputs, n);
}

int unroll_csv_columns_get_inputs(UnrollCsvColumns *self, int *inputs, int max) {
  return get_ticked(self, self->checks, inputs, max);
}

void unroll_csv_columns_set_series(UnrollCsvColumns *self, const int *cols, int n) {
  set_ticked(self, self->series, cols, n);
}

int unroll_csv_columns_get_series(UnrollCsvColumns *self, int *cols, int max) {
  return get_ticked(self, self->series, cols, max);
}

static void dispose(GObject *object) {
  UnrollCsvColumns *self = UNROLL_CSV_COLUMNS(object);
  g_clear_pointer(&self->scroller, gtk_widget_unparent);
  g_clear_pointer(&self->checks, g_ptr_array_unref);
  g_clear_pointer(&self->series, g_ptr_array_unref);
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
  self->series = g_ptr_array_new();
  self->target = self->date = self->id = -1;
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
