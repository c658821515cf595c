/* unroll-csv-import.c: see unroll-csv-import.h.
 *
 * Every edit goes the same way: csv_import_edited() → a 60 ms timeout (a
 * spin button dragged gives one remake, not fifty) → start_remake(): the
 * settings from the widgets, ur_series_make in a worker (unroll-csv-work.h)
 * → on_remade(): the timeline, the counts, the status line, and Use.  One
 * worker at a time; an edit made while it runs marks the result stale and
 * starts another when it ends.
 */
#include "unroll-csv-import-private.h"
#include <glib/gstdio.h>
#include <math.h>
#include "unroll-csv-columns.h"

G_DEFINE_FINAL_TYPE(UnrollCsvImport, unroll_csv_import, GTK_TYPE_WINDOW)

static void start_remake(UnrollCsvImport *self);
static void on_remade(GObject *source, GAsyncResult *result, gpointer data);

/* ---- small helpers ---------------------------------------------------- */

const ur_csv *csv_import_table(UnrollCsvImport *self) { return self->table ? &self->table->csv : NULL; }

static void set_use_sensitive(UnrollCsvImport *self) {
  gtk_widget_set_sensitive(self->use, self->state == UNROLL_CSV_IMPORT_READY && self->ok && !self->busy &&
                                          !self->remake_id);
}

/* ---- remaking the series ------------------------------------------------ */

static gboolean remake_due(gpointer data) {
  UnrollCsvImport *self = data;
  self->remake_id = 0;
  start_remake(self);
  return G_SOURCE_REMOVE;
}

void csv_import_edited(UnrollCsvImport *self) {
  if (self->updating || self->state != UNROLL_CSV_IMPORT_READY) return;
  self->updating = TRUE;
  csv_import_update_sensitivity(self);
  unroll_csv_columns_set_roles(UNROLL_CSV_COLUMNS(self->columns),
                               csv_import_selected_col(self->target, self->target_cols),
                               csv_import_selected_col(self->date, self->date_cols));
  self->updating = FALSE;
  if (self->remake_id) g_source_remove(self->remake_id);
  self->remake_id = g_timeout_add(60, remake_due, self);
  set_use_sensitive(self);
}

static void show_status(UnrollCsvImport *self, const char *markup, gboolean error) {
  gtk_label_set_markup(GTK_LABEL(self->status), markup);
  if (error) gtk_widget_add_css_class(self->status, "error");
  else gtk_widget_remove_css_class(self->status, "error");
}

static void show_problem(UnrollCsvImport *self, const char *why) {
  g_autofree char *esc = g_markup_escape_text(why, -1);
  g_autofree char *m = g_strdup_printf("<b>These settings do not work:</b> %s", esc);
  show_status(self, m, TRUE);
  unroll_csv_timeline_set_column(UNROLL_CSV_TIMELINE(self->timeline), csv_import_table(self),
                                 csv_import_selected_col(self->target, self->target_cols),
                                 "The spans appear when the settings work (see below).");
}

static void start_remake(UnrollCsvImport *self) {
  if (self->busy) { /* one worker at a time: this edit is picked up when it ends */
    self->stale = TRUE;
    return;
  }
  ur_series_config c;
  char why[512];
  self->ok = FALSE;
  if (csv_import_selected_col(self->target, self->target_cols) < 0) {
    /* name a cell that shows why, as the engine's messages do */
    const ur_csv *csv = csv_import_table(self);
    int k = 0;
    while (k < csv->n_cols && (csv->cols[k].type != UR_COL_TEXT || csv->cols[k].first_invalid_row < 0)) k++;
    if (k < csv->n_cols)
      g_snprintf(why, sizeof why, "no column holds numbers, so there is nothing to forecast: line %d, column %d "
                 "(“%s”) holds text (“%s”)", ur_csv_line_of_row(csv, csv->cols[k].first_invalid_row), k + 1,
                 csv->cols[k].name, csv->cols[k].first_invalid);
    else
      g_snprintf(why, sizeof why, "no column holds numbers, so there is nothing to forecast");
    show_problem(self, why);
  } else if (!csv_import_read_config(self, &c, why, sizeof why)) {
    show_problem(self, why);
  } else {
    self->busy = TRUE;
    self->stale = FALSE;
    unroll_csv_preview_async(self->table, &c, self->cancellable, on_remade, g_object_ref(self));
  }
  set_use_sensitive(self);
}

static void update_missing_labels(UnrollCsvImport *self, const UnrollCsvPreview *p) {
  g_autofree char *a = p->cells_missing ? g_strdup_printf("_Interpolate %d cell%s", p->cells_missing,
                                                          p->cells_missing == 1 ? "" : "s")
                                        : g_strdup("_Interpolate (nothing missing)");
  g_autofree char *b = p->cells_missing ? g_strdup_printf("_Carry forward %d cell%s", p->cells_missing,
                                                          p->cells_missing == 1 ? "" : "s")
                                        : g_strdup("_Carry forward");
  g_autofree char *c = g_strdup_printf("_Drop %d row%s", p->rows_missing, p->rows_missing == 1 ? "" : "s");
  gtk_check_button_set_label(GTK_CHECK_BUTTON(self->missing[0]), a);
  gtk_check_button_set_label(GTK_CHECK_BUTTON(self->missing[1]), b);
  gtk_check_button_set_label(GTK_CHECK_BUTTON(self->missing[2]), c);
}

static void show_series(UnrollCsvImport *self, const UnrollCsvPreview *p) {
  const ur_series *s = &p->series;
  ur_series_config c;
  char why[8];
  csv_import_read_config(self, &c, why, sizeof why);
  GString *m = g_string_new(NULL);
  g_string_append_printf(m, "<b>%d training, %d validation, %d test windows.</b> Each: %d rows of ", p->windows[0],
                         p->windows[1], p->windows[2], c.lookback);
  for (int f = 0; f < s->n_features; f++) {
    g_autofree char *esc = g_markup_escape_text(s->names[f], -1);
    g_string_append_printf(m, "%s%s", f == 0 ? "" : f == s->n_features - 1 ? " and " : ", ", esc);
  }
  g_autofree char *target = g_markup_escape_text(s->names[0], -1);
  if (c.kind == UR_TARGET_ONE_STEP) g_string_append_printf(m, " → the next %s.", target);
  else if (c.kind == UR_TARGET_VECTOR) g_string_append_printf(m, " → the next %d values of %s.", c.horizon, target);
  else g_string_append_printf(m, " → at every step, the %d values of %s after it.", c.horizon, target);
  int filled = p->cells_missing;
  if (c.missing == UR_MISSING_DROP && s->n_dropped - p->rows_undated > 0)
    g_string_append_printf(m, " %ld rows with missing cells dropped.", s->n_dropped - p->rows_undated);
  else if (c.missing != UR_MISSING_DROP && filled > 0)
    g_string_append_printf(m, " %d cell%s %s.", filled, filled == 1 ? "" : "s",
                           c.missing == UR_MISSING_INTERPOLATE ? "interpolated" : "carried forward");
  if (p->rows_undated) g_string_append_printf(m, " %d rows without a readable date left out.", p->rows_undated);
  g_string_append_printf(m, " Standardised with the training span's mean (%.4g) and deviation (%.4g) of %s.",
                         s->mean[0], s->scale[0], target);
  show_status(self, m->str, FALSE);
  g_string_free(m, TRUE);
  unroll_csv_timeline_set_series(UNROLL_CSV_TIMELINE(self->timeline), s, p->windows);
  self->bound_time[0] = s->has_time && s->train_end < s->n_rows ? ur_series_time(s, 0, s->train_end) : NAN;
  self->bound_time[1] = s->has_time && s->valid_end < s->n_rows ? ur_series_time(s, 0, s->valid_end) : NAN;
}

static void on_remade(GObject *source, GAsyncResult *result, gpointer data) {
  (void)source;
  UnrollCsvImport *self = data;
  g_autoptr(UnrollCsvPreview) p = unroll_csv_preview_finish(result, NULL);
  self->busy = FALSE;
  if (self->disposed || !p) {
    g_object_unref(self);
    return;
  }
  if (self->stale) {
    start_remake(self);
  } else {
    update_missing_labels(self, p);
    self->ok = p->ok;
    if (p->ok) show_series(self, p);
    else show_problem(self, p->error);
  }
  set_use_sensitive(self);
  g_object_unref(self);
}

/* ---- reading the file --------------------------------------------------- */

static void describe_format(UnrollCsvImport *self) {
  const ur_csv *csv = csv_import_table(self);
  const char *delim = csv->delimiter == '\t' ? "Tab" : csv->delimiter == ';' ? "Semicolon" : "Comma";
  /* how d/m dates were read shows on the timeline, in ISO dates */
  g_autofree char *t = g_strdup_printf("%s-separated · %s · decimal %s · %d rows × %d columns", delim,
                                       csv->has_header ? "a header row" : "no header row",
                                       csv->decimal == ',' ? "comma" : "point", csv->n_rows, csv->n_cols);
  gtk_label_set_text(GTK_LABEL(self->format_label), t);
}

/* The pickers from the table: numeric columns for the target, date
 * columns (after "Row order") for the dates. */
static void fill_pickers(UnrollCsvImport *self) {
  const ur_csv *csv = csv_import_table(self);
  GtkStringList *targets = gtk_string_list_new(NULL), *dates = gtk_string_list_new(NULL);
  int none = -1;
  g_array_set_size(self->target_cols, 0);
  g_array_set_size(self->date_cols, 0);
  g_array_append_val(self->date_cols, none);
  gtk_string_list_append(dates, "Row order (no date column)");
  for (int i = 0; i < csv->n_cols; i++) {
    if (csv->cols[i].type == UR_COL_NUMERIC) {
      g_array_append_val(self->target_cols, i);
      gtk_string_list_append(targets, csv->cols[i].name);
    } else if (csv->cols[i].type == UR_COL_DATE) {
      g_array_append_val(self->date_cols, i);
      gtk_string_list_append(dates, csv->cols[i].name);
    }
  }
  gtk_drop_down_set_model(GTK_DROP_DOWN(self->target), G_LIST_MODEL(targets));
  gtk_drop_down_set_model(GTK_DROP_DOWN(self->date), G_LIST_MODEL(dates));
  g_object_unref(targets);
  g_object_unref(dates);
}

/* The settings to start from: the caller's when their columns are in this
 * file and of the right types, else the first numeric column against the
 * first date column. */
static void initial_config(UnrollCsvImport *self, ur_series_config *c) {
  const ur_csv *csv = csv_import_table(self);
  char why[512];
  if (self->has_initial && ur_csv_source_resolve(&self->initial, csv, c, why, sizeof why) == 0) {
    gboolean fits = csv->cols[c->target].type == UR_COL_NUMERIC && (c->date < 0 || csv->cols[c->date].type == UR_COL_DATE);
    for (int k = 0; fits && k < c->n_inputs; k++) fits = csv->cols[c->inputs[k]].type == UR_COL_NUMERIC;
    if (fits) return;
  }
  ur_series_config_default(c);
  c->target = self->target_cols->len ? g_array_index(self->target_cols, int, 0) : -1;
  c->date = self->date_cols->len > 1 ? g_array_index(self->date_cols, int, 1) : -1;
}

static void on_read(GObject *source, GAsyncResult *result, gpointer data) {
  (void)source;
  UnrollCsvImport *self = data;
  g_autoptr(GError) error = NULL;
  UnrollCsvTable *t = unroll_csv_read_finish(result, &error);
  if (self->disposed || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    unroll_csv_table_unref(t);
    g_object_unref(self);
    return;
  }
  gtk_spinner_stop(GTK_SPINNER(self->spinner));
  if (!t) {
    self->state = UNROLL_CSV_IMPORT_FAILED;
    gtk_label_set_text(GTK_LABEL(self->failed_label), error->message);
    gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "failed");
    gtk_button_set_label(GTK_BUTTON(self->cancel), "_Close");
    gtk_widget_set_visible(self->use, FALSE); /* nothing to use */
    g_object_unref(self);
    return;
  }
  self->table = t;
  self->state = UNROLL_CSV_IMPORT_READY;
  describe_format(self);
  unroll_csv_columns_set_table(UNROLL_CSV_COLUMNS(self->columns), &t->csv);
  fill_pickers(self);
  ur_series_config c;
  initial_config(self, &c);
  csv_import_apply_config(self, &c);
  gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "settings");
  start_remake(self);
  g_object_unref(self);
}

void csv_import_on_use(GtkButton *b, UnrollCsvImport *self) {
  (void)b;
  ur_series_config c;
  char why[512];
  if (!self->ok || self->busy || self->remake_id || !csv_import_read_config(self, &c, why, sizeof why)) return;
  const ur_csv *csv = csv_import_table(self);
  UnrollCsvChoice choice = {self->path, c, csv->cols[c.target].name, c.date >= 0 ? csv->cols[c.date].name : NULL, {0}};
  for (int k = 0; k < c.n_inputs; k++) choice.input_names[k] = csv->cols[c.inputs[k]].name;
  self->answered = TRUE;
  if (self->done) self->done(&choice, self->user);
  gtk_window_close(GTK_WINDOW(self));
}

void csv_import_on_cancel(GtkButton *b, UnrollCsvImport *self) {
  (void)b;
  gtk_window_close(GTK_WINDOW(self));
}

/* ---- life --------------------------------------------------------------- */

static void answer(UnrollCsvImport *self) {
  if (!self->answered && self->done) self->done(NULL, self->user);
  self->answered = TRUE;
  self->done = NULL;
  if (self->destroy) self->destroy(self->user);
  self->destroy = NULL;
}

static gboolean close_request(GtkWindow *w) {
  UnrollCsvImport *self = UNROLL_CSV_IMPORT(w);
  g_cancellable_cancel(self->cancellable);
  answer(self);
  /* GTK 4.8 finishes a window later: a parent closed meanwhile would be gone */
  gtk_window_set_transient_for(w, NULL);
  return GTK_WINDOW_CLASS(unroll_csv_import_parent_class)->close_request(w);
}

static void dispose(GObject *object) {
  UnrollCsvImport *self = UNROLL_CSV_IMPORT(object);
  self->disposed = TRUE; /* workers still running find out when they end */
  g_cancellable_cancel(self->cancellable);
  g_clear_handle_id(&self->remake_id, g_source_remove);
  answer(self);
  gtk_widget_dispose_template(GTK_WIDGET(self), UNROLL_TYPE_CSV_IMPORT);
  G_OBJECT_CLASS(unroll_csv_import_parent_class)->dispose(object);
}

static void finalize(GObject *object) {
  UnrollCsvImport *self = UNROLL_CSV_IMPORT(object);
  g_clear_object(&self->cancellable);
  g_clear_pointer(&self->table, unroll_csv_table_unref);
  g_array_unref(self->target_cols);
  g_array_unref(self->date_cols);
  g_free(self->path);
  G_OBJECT_CLASS(unroll_csv_import_parent_class)->finalize(object);
}

static void unroll_csv_import_class_init(UnrollCsvImportClass *klass) {
  G_OBJECT_CLASS(klass)->dispose = dispose;
  G_OBJECT_CLASS(klass)->finalize = finalize;
  GTK_WINDOW_CLASS(klass)->close_request = close_request;
  g_type_ensure(UNROLL_TYPE_CSV_COLUMNS);
  g_type_ensure(UNROLL_TYPE_CSV_TIMELINE);
  csv_import_class_init_template(GTK_WIDGET_CLASS(klass));
  gtk_widget_class_add_binding_action(GTK_WIDGET_CLASS(klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void unroll_csv_import_init(UnrollCsvImport *self) {
  self->cancellable = g_cancellable_new();
  self->target_cols = g_array_new(FALSE, FALSE, sizeof(int));
  self->date_cols = g_array_new(FALSE, FALSE, sizeof(int));
  self->bound_time[0] = self->bound_time[1] = NAN;
  self->updating = TRUE; /* what the template sets is no edit */
  gtk_widget_init_template(GTK_WIDGET(self));
  self->updating = FALSE;
  self->stack = gtk_window_get_child(GTK_WINDOW(self));
  set_use_sensitive(self);
}

UnrollCsvImport *unroll_csv_import_new(GtkWindow *parent, const char *path, const ur_csv_source *initial,
                                       UnrollCsvImportDone done, gpointer user, GDestroyNotify destroy) {
  UnrollCsvImport *self = g_object_new(UNROLL_TYPE_CSV_IMPORT, NULL);
  self->path = g_strdup(path);
  self->done = done;
  self->user = user;
  self->destroy = destroy;
  if (initial) {
    self->initial = *initial;
    self->has_initial = TRUE;
  }
  if (parent) {
    gtk_window_set_transient_for(GTK_WINDOW(self), parent);
    gtk_window_set_destroy_with_parent(GTK_WINDOW(self), TRUE);
  }
  gtk_window_set_modal(GTK_WINDOW(self), TRUE);
  g_autofree char *base = g_path_get_basename(path);
  gtk_label_set_text(GTK_LABEL(self->file_label), base);
  GStatBuf st;
  g_autofree char *size = g_stat(path, &st) == 0 ? g_format_size((guint64)st.st_size) : NULL;
  g_autofree char *reading = size ? g_strdup_printf("Reading “%s” (%s)…", base, size)
                                  : g_strdup_printf("Reading “%s”…", base);
  gtk_label_set_text(GTK_LABEL(self->reading_label), reading);
  gtk_spinner_start(GTK_SPINNER(self->spinner));
  gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "reading");
  unroll_csv_read_async(path, self->cancellable, on_read, g_object_ref(self));
  gtk_window_present(GTK_WINDOW(self));
  return self;
}
