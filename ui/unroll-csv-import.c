/* unroll-csv-import.c: see unroll-csv-import.h.
 *
 * Reading: the first read shows the "reading" page, with the reader's
 * progress (a tick every 100 ms reads what the worker wrote) and Cancel,
 * which stops the reader.  Reading again with another date format keeps
 * the settings page, insensitive, and shows the reading page only when it
 * takes more than a moment; the settings shown are kept, by column name.
 * What follows a read (the pickers, the first series) is
 * unroll-csv-import-form.c's and unroll-csv-import-remake.c's.
 */
#include "unroll-csv-import-private.h"
#include <glib/gstdio.h>
#include <math.h>
#include "unroll-csv-columns.h"

G_DEFINE_FINAL_TYPE(UnrollCsvImport, unroll_csv_import, GTK_TYPE_WINDOW)

#define REREAD_SHOWS_AFTER_US 250000 /* a reread shorter than this never leaves the settings page */

const ur_csv *csv_import_table(UnrollCsvImport *self) { return self->table ? &self->table->csv : NULL; }

/* ---- reading the file --------------------------------------------------- */

static void describe_format(UnrollCsvImport *self) {
  const ur_csv *csv = csv_import_table(self);
  const char *delim = csv->delimiter == '\t' ? "Tab" : csv->delimiter == ';' ? "Semicolon" : "Comma";
  g_autofree char *t = g_strdup_printf("%s-separated · %s · decimal %s · %d rows × %d columns", delim,
                                       csv->has_header ? "a header row" : "no header row",
                                       csv->decimal == ',' ? "comma" : "point", csv->n_rows, csv->n_cols);
  gtk_label_set_text(GTK_LABEL(self->format_label), t);
}

/* The settings to start from: the caller's when their columns are in this
 * file and of the right types; else the columns a person would pick (a
 * date or year column is the time axis, never the target), the model's
 * task and horizon, and a lookback the first series fits. */
static void initial_config(UnrollCsvImport *self, ur_series_config *c) {
  const ur_csv *csv = csv_import_table(self);
  char why[512];
  self->fit_lookback = self->guess_id = FALSE;
  if (self->has_initial && ur_csv_source_resolve(&self->initial, csv, c, why, sizeof why) == 0) {
    gboolean fits = csv->cols[c->target].type == UR_COL_NUMERIC && (c->date < 0 || csv->cols[c->date].type == UR_COL_DATE);
    for (int k = 0; fits && k < c->n_inputs; k++) fits = csv->cols[c->inputs[k]].type == UR_COL_NUMERIC;
    for (int k = 0; fits && k < c->n_more_targets; k++) fits = csv->cols[c->more_targets[k]].type == UR_COL_NUMERIC;
    if (fits) return;
  }
  ur_series_config_default(c);
  c->target = ur_csv_guess_target(csv);
  if (c->target < 0) c->target = self->target_cols->len ? g_array_index(self->target_cols, int, 0) : -1;
  c->date = ur_csv_guess_time(csv);
  if (self->has_model) {
    int H = self->model.data.horizon > 1 ? self->model.data.horizon : 1;
    c->kind = ur_target_kind_for_task(self->model.data.task, H);
    c->horizon = c->kind == UR_TARGET_ONE_STEP ? 1 : H;
  }
  self->fit_lookback = self->guess_id = TRUE;
}

static void show_reading(UnrollCsvImport *self) {
  double f = g_atomic_int_get(&self->read_progress) / 1000.0;
  gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(self->progress), f);
  g_autofree char *t = g_strdup_printf("%.0f %%", f * 100);
  gtk_progress_bar_set_text(GTK_PROGRESS_BAR(self->progress), t);
}

static gboolean progress_tick(gpointer data) {
  UnrollCsvImport *self = data;
  show_reading(self);
  if (self->rereading && g_get_monotonic_time() - self->read_started > REREAD_SHOWS_AFTER_US)
    gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "reading");
  return G_SOURCE_CONTINUE;
}

static void on_read(GObject *source, GAsyncResult *result, gpointer data);

static void start_read(UnrollCsvImport *self, const char *format, const char *column) {
  if (self->reading) g_cancellable_cancel(self->reading);
  g_clear_object(&self->reading);
  self->reading = g_cancellable_new();
  self->state = UNROLL_CSV_IMPORT_READING;
  self->read_started = g_get_monotonic_time();
  g_atomic_int_set(&self->read_progress, 0);
  show_reading(self);
  /* the worker writes read_progress until on_read, which holds the dialog */
  UnrollCsvReadOptions opt = {format, column, &self->read_progress};
  unroll_csv_read_async(self->path, &opt, self->reading, on_read, g_object_ref(self));
  if (!self->progress_id) self->progress_id = g_timeout_add(100, progress_tick, self);
  csv_import_set_use_sensitive(self);
}

void csv_import_reread(UnrollCsvImport *self, const char *format, const char *column) {
  ur_series_config c;
  char why[8];
  if (self->state != UNROLL_CSV_IMPORT_READY) return;
  /* the settings shown, by name, to find again in the table read anew */
  csv_import_read_config(self, &c, why, sizeof why);
  if (c.target >= 0 && ur_csv_source_set(&self->initial, self->path, csv_import_table(self), &c) == 0)
    self->has_initial = TRUE;
  self->rereading = TRUE;
  gtk_widget_set_sensitive(self->settings, FALSE);
  start_read(self, format, column);
}

static void show_failed(UnrollCsvImport *self, const char *why) {
  self->state = UNROLL_CSV_IMPORT_FAILED;
  gtk_label_set_text(GTK_LABEL(self->failed_label), why);
  gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "failed");
  gtk_button_set_label(GTK_BUTTON(self->cancel), "_Close");
  gtk_widget_set_visible(self->use, FALSE); /* nothing to use */
}

/* A table read: the pickers, the settings to start from, the first series. */
static void show_table(UnrollCsvImport *self, UnrollCsvTable *t) {
  UnrollCsvTable *old = self->table;
  self->table = t;
  self->state = UNROLL_CSV_IMPORT_READY;
  g_clear_pointer(&self->last, unroll_csv_preview_free); /* its columns were the old table's */
  describe_format(self);
  unroll_csv_columns_set_table(UNROLL_CSV_COLUMNS(self->columns), &t->csv);
  unroll_csv_table_unref(old);
  csv_import_note_ambiguity(self);
  csv_import_fill_pickers(self);
  ur_series_config c;
  initial_config(self, &c);
  csv_import_apply_config(self, &c);
  csv_import_show_date_format(self);
  gtk_widget_set_sensitive(self->settings, TRUE);
  gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "settings");
  csv_import_edited(self);
}

static void on_read(GObject *source, GAsyncResult *result, gpointer data) {
  (void)source;
  UnrollCsvImport *self = data;
  g_autoptr(GError) error = NULL;
  UnrollCsvTable *t = unroll_csv_read_finish(result, &error);
  gboolean current = self->reading && (GCancellable *)g_task_get_cancellable(G_TASK(result)) == self->reading;
  if (self->disposed || !current || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    unroll_csv_table_unref(t);
    g_object_unref(self);
    return;
  }
  g_clear_handle_id(&self->progress_id, g_source_remove);
  gtk_spinner_stop(GTK_SPINNER(self->spinner));
  self->rereading = FALSE;
  if (!t) show_failed(self, error->message);
  else show_table(self, t);
  csv_import_set_use_sensitive(self);
  g_object_unref(self);
}

/* ---- the answer ---------------------------------------------------------- */

void csv_import_on_use(GtkButton *b, UnrollCsvImport *self) {
  (void)b;
  ur_series_config c;
  ur_csv_source src;
  char why[512];
  if (!self->ok || self->busy || self->remake_id || self->state != UNROLL_CSV_IMPORT_READY ||
      !csv_import_read_config(self, &c, why, sizeof why))
    return;
  const ur_csv *csv = csv_import_table(self);
  if (ur_csv_source_set(&src, self->path, csv, &c) != 0) return;
  UnrollCsvChoice choice = {self->path, c, csv->cols[c.target].name, c.date >= 0 ? csv->cols[c.date].name : NULL,
                            {0}, &src};
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

static void stop_work(UnrollCsvImport *self) {
  g_cancellable_cancel(self->cancellable);
  if (self->reading) g_cancellable_cancel(self->reading); /* the reader stops within a few thousand rows */
  g_clear_handle_id(&self->progress_id, g_source_remove);
}

static gboolean close_request(GtkWindow *w) {
  UnrollCsvImport *self = UNROLL_CSV_IMPORT(w);
  stop_work(self);
  answer(self);
  /* GTK 4.8 finishes a window later: a parent closed meanwhile would be gone */
  gtk_window_set_transient_for(w, NULL);
  return GTK_WINDOW_CLASS(unroll_csv_import_parent_class)->close_request(w);
}

static void dispose(GObject *object) {
  UnrollCsvImport *self = UNROLL_CSV_IMPORT(object);
  self->disposed = TRUE; /* workers still running find out when they end */
  stop_work(self);
  g_clear_handle_id(&self->remake_id, g_source_remove);
  g_clear_handle_id(&self->narrow_idle, g_source_remove);
  answer(self);
  gtk_widget_dispose_template(GTK_WIDGET(self), UNROLL_TYPE_CSV_IMPORT);
  G_OBJECT_CLASS(unroll_csv_import_parent_class)->dispose(object);
}

static void finalize(GObject *object) {
  UnrollCsvImport *self = UNROLL_CSV_IMPORT(object);
  g_clear_object(&self->cancellable);
  g_clear_object(&self->reading);
  g_clear_pointer(&self->table, unroll_csv_table_unref);
  g_clear_pointer(&self->last, unroll_csv_preview_free);
  g_array_unref(self->target_cols);
  g_array_unref(self->date_cols);
  g_array_unref(self->id_cols);
  g_free(self->path);
  G_OBJECT_CLASS(unroll_csv_import_parent_class)->finalize(object);
}

static void size_allocate(GtkWidget *w, int width, int height, int baseline) {
  GTK_WIDGET_CLASS(unroll_csv_import_parent_class)->size_allocate(w, width, height, baseline);
  csv_import_allocated(UNROLL_CSV_IMPORT(w), width);
}

static void unroll_csv_import_class_init(UnrollCsvImportClass *klass) {
  G_OBJECT_CLASS(klass)->dispose = dispose;
  G_OBJECT_CLASS(klass)->finalize = finalize;
  GTK_WINDOW_CLASS(klass)->close_request = close_request;
  GTK_WIDGET_CLASS(klass)->size_allocate = size_allocate;
  g_type_ensure(UNROLL_TYPE_CSV_COLUMNS);
  g_type_ensure(UNROLL_TYPE_CSV_TIMELINE);
  csv_import_class_init_template(GTK_WIDGET_CLASS(klass));
  gtk_widget_class_add_binding_action(GTK_WIDGET_CLASS(klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void unroll_csv_import_init(UnrollCsvImport *self) {
  self->cancellable = g_cancellable_new();
  self->target_cols = g_array_new(FALSE, FALSE, sizeof(int));
  self->date_cols = g_array_new(FALSE, FALSE, sizeof(int));
  self->id_cols = g_array_new(FALSE, FALSE, sizeof(int));
  self->bound_time[0] = self->bound_time[1] = NAN;
  ur_project_init(&self->model);
  self->updating = TRUE; /* what the template sets is no edit */
  gtk_widget_init_template(GTK_WIDGET(self));
  self->updating = FALSE;
  self->stack = gtk_window_get_child(GTK_WINDOW(self));
  csv_import_form_init(self);
  csv_import_set_use_sensitive(self);
}

/* What the dialog starts from: the project's CSV source when it is this
 * file (its date format read with it), and its model. */
static void take_project(UnrollCsvImport *self, const ur_project *project) {
  if (!project) return;
  self->model = *project;
  self->model.runs = NULL; /* the stack and settings only */
  self->model.n_runs = 0;
  self->has_model = TRUE;
  if (project->data.csv.path[0] && !strcmp(project->data.csv.path, self->path)) {
    self->initial = project->data.csv;
    self->has_initial = TRUE;
  }
}

UnrollCsvImport *unroll_csv_import_new(GtkWindow *parent, const char *path, const ur_project *project,
                                       UnrollCsvImportDone done, gpointer user, GDestroyNotify destroy) {
  UnrollCsvImport *self = g_object_new(UNROLL_TYPE_CSV_IMPORT, NULL);
  self->path = g_strdup(path);
  self->done = done;
  self->user = user;
  self->destroy = destroy;
  take_project(self, project);
  if (parent) {
    gtk_window_set_transient_for(GTK_WINDOW(self), parent);
    gtk_window_set_destroy_with_parent(GTK_WINDOW(self), TRUE);
  }
  gtk_window_set_modal(GTK_WINDOW(self), TRUE);
  csv_import_fit_screen(self, parent);
  g_autofree char *base = g_path_get_basename(path);
  gtk_label_set_text(GTK_LABEL(self->file_label), base);
  GStatBuf st;
  g_autofree char *size = g_stat(path, &st) == 0 ? g_format_size((guint64)st.st_size) : NULL;
  g_autofree char *reading = size ? g_strdup_printf("Reading “%s” (%s)…", base, size)
                                  : g_strdup_printf("Reading “%s”…", base);
  gtk_label_set_text(GTK_LABEL(self->reading_label), reading);
  gtk_spinner_start(GTK_SPINNER(self->spinner));
  gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "reading");
  const ur_csv_source *in = self->has_initial ? &self->initial : NULL;
  start_read(self, in && in->date_format[0] ? in->date_format : NULL, in && in->date[0] ? in->date : NULL);
  gtk_window_present(GTK_WINDOW(self));
  return self;
}
