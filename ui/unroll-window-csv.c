/* unroll-window-csv.c: the window's side of a user's CSV series.
 *
 * Three ways in, one way through: Open CSV Series… in the main menu
 * (win.open-csv, Ctrl+Shift+O, a file chooser), `unroll file.csv` on the
 * command line (unroll-application.c) and a .csv file dropped on the window
 * (a GtkDropTarget for GDK_TYPE_FILE_LIST) all end in win.import-csv(path):
 * the import dialog (unroll-csv-import.h).  What the person accepts becomes
 * the project's data source through one undoable edit
 * (ur_project_set_csv): the input reads lookback × (1 + inputs) and the last
 * layer forecasts the horizon, so the existing analysis, trainer, runs list
 * and charts all work on the CSV's windows (the engine's run_csv.h trains,
 * comparison.h compares, both in the series' units).
 *
 * The Data page is a stack: the synthetic series' panel (with a way to a
 * CSV), or the CSV's own (unroll-csv-source-panel.h: the file, the columns,
 * the spans' timeline; Change… and back to the synthetic series).
 */
#include "unroll-window-private.h"
#include "unroll-application.h"
#include "unroll-csv-import.h"

static UnrollWindow *W(gpointer p) { return UNROLL_WINDOW(p); }

/* ---- the import dialog -------------------------------------------------- */

/* The dialog's answer (the whole source by name: columns, date format,
 * series) becomes the project's data: one undo step. */
static void on_choice(const UnrollCsvChoice *c, gpointer user) {
  UnrollWindow *self = W(user);
  if (!c || !self->doc) return;
  ur_project p;
  unroll_document_copy_editable(self->doc, &p);
  if (ur_project_set_csv(&p, c->source) == 0) unroll_document_edit(self->doc, &p, NULL);
  gtk_widget_activate_action(GTK_WIDGET(self), "win.show-panel", "s", "data");
}

void unroll_window_import_csv(UnrollWindow *self, const char *path) {
  g_return_if_fail(UNROLL_IS_WINDOW(self) && path);
  if (self->csv_dialog) { /* one at a time: it is modal anyway */
    gtk_window_present(GTK_WINDOW(self->csv_dialog));
    return;
  }
  g_autofree char *abs = g_canonicalize_filename(path, NULL); /* the project keeps a path that works from anywhere */
  /* the dialog starts from the model's task, horizon and stack (and from
   * the settings in use when it is the same file) */
  const ur_project *p = unroll_document_get_project(self->doc);
  gtk_window_present(GTK_WINDOW(self));
  self->csv_dialog = GTK_WIDGET(unroll_csv_import_new(GTK_WINDOW(self), abs, p, on_choice, g_object_ref(self),
                                                      g_object_unref));
  g_object_add_weak_pointer(G_OBJECT(self->csv_dialog), (gpointer *)&self->csv_dialog);
}

static void act_import_csv(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a;
  unroll_window_import_csv(W(p), g_variant_get_string(v, NULL));
}

static void on_chosen(GtkNativeDialog *dialog, int response, gpointer data) {
  UnrollWindow *self = W(data);
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
    g_autofree char *path = file ? g_file_get_path(file) : NULL;
    if (path) unroll_window_import_csv(self, path);
  }
  gtk_native_dialog_destroy(dialog);
  g_object_unref(dialog);
  g_object_unref(self);
}

/* GTK 4.8 has no GtkFileDialog (4.10): the native chooser. */
static void act_open_csv(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  GtkFileChooserNative *d = gtk_file_chooser_native_new("Open a CSV Series", GTK_WINDOW(self),
                                                        GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(d), TRUE);
  unroll_file_chooser_add_filters(GTK_FILE_CHOOSER(d), "CSV files", "*.csv", "*.CSV", "*.tsv", "*.TSV", "*.txt", NULL);
  g_signal_connect(d, "response", G_CALLBACK(on_chosen), g_object_ref(self));
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void act_edit_csv(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  const ur_project *pr = unroll_document_get_project(self->doc);
  if (pr->data.csv.path[0]) unroll_window_import_csv(self, pr->data.csv.path);
}

static void act_use_synthetic(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  ur_project pr;
  unroll_document_copy_editable(self->doc, &pr);
  if (!pr.data.csv.path[0]) return;
  ur_project_set_csv(&pr, NULL);
  unroll_document_edit(self->doc, &pr, NULL);
}

/* ---- files dropped on the window ------------------------------------------ */

/* A CSV opens the import dialog; a project opens as the Open menu would. */
static gboolean on_drop(GtkDropTarget *t, const GValue *value, double x, double y, gpointer data) {
  (void)t; (void)x; (void)y;
  UnrollWindow *self = W(data);
  if (!G_VALUE_HOLDS(value, GDK_TYPE_FILE_LIST)) return FALSE;
  for (GSList *l = gdk_file_list_get_files(g_value_get_boxed(value)); l; l = l->next) {
    GFile *file = l->data;
    g_autofree char *path = g_file_get_path(file);
    if (path && unroll_application_is_series_file(file)) {
      unroll_window_import_csv(self, path);
      return TRUE;
    }
    GtkApplication *app = gtk_window_get_application(GTK_WINDOW(self));
    if (path && g_str_has_suffix(path, ".unroll") && UNROLL_IS_APPLICATION(app)) {
      unroll_application_open_file(UNROLL_APPLICATION(app), file);
      return TRUE;
    }
  }
  return FALSE;
}

/* ---- the Data page ------------------------------------------------------- */

static const GActionEntry entries[] = {
    {"open-csv", act_open_csv, NULL, NULL, NULL, {0}},
    {"import-csv", act_import_csv, "s", NULL, NULL, {0}},
    {"edit-csv", act_edit_csv, NULL, NULL, NULL, {0}},
    {"use-synthetic", act_use_synthetic, NULL, NULL, NULL, {0}},
};

static void on_change(UnrollCsvSourcePanel *panel, UnrollWindow *self) {
  (void)panel;
  gtk_widget_activate_action(GTK_WIDGET(self), "win.edit-csv", NULL);
}
static void on_synthetic(UnrollCsvSourcePanel *panel, UnrollWindow *self) {
  (void)panel;
  gtk_widget_activate_action(GTK_WIDGET(self), "win.use-synthetic", NULL);
}

void _unroll_window_csv_init(UnrollWindow *self) {
  g_action_map_add_action_entries(G_ACTION_MAP(self), entries, G_N_ELEMENTS(entries), self);
  GtkDropTarget *drop = gtk_drop_target_new(GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect(drop, "drop", G_CALLBACK(on_drop), self);
  gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(drop));
  g_signal_connect(self->csv_panel, "change", G_CALLBACK(on_change), self);
  g_signal_connect(self->csv_panel, "synthetic", G_CALLBACK(on_synthetic), self);
}

void _unroll_window_csv_doc_changed(UnrollWindow *self) {
  if (!self->data_stack || !self->doc) return;
  const ur_project *p = unroll_document_get_project(self->doc);
  gboolean csv = p->data.csv.path[0] != 0;
  if (csv) unroll_csv_source_panel_set_source(self->csv_panel, &p->data.csv);
  gtk_stack_set_visible_child_name(self->data_stack, csv ? "csv" : "synthetic");
}

void _unroll_window_csv_dispose(UnrollWindow *self) {
  if (self->csv_dialog) gtk_window_close(GTK_WINDOW(self->csv_dialog));
}
