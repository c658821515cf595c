/* unroll-window-files.c: Save, Save As, Export as Keras script, and the
 * question before closing a window with unsaved changes.
 *
 * File choosers are GtkFileChooserNative (GTK 4.8 has no GtkFileDialog).
 * Saving goes through the engine's ur_write_file_atomic (a temporary file
 * renamed over the old one), so a failed save leaves the old file whole.
 */
#include "unroll-window-private.h"
#include "keras_export.h"
#include "unroll-application.h"
#include "unroll-test-probe.h"

/* ---- save ------------------------------------------------------------- */

static gboolean save_to(UnrollWindow *self, GFile *file) {
  g_autoptr(GError) error = NULL;
  if (!unroll_document_save(self->doc, file, &error)) {
    g_autofree char *name = g_file_get_basename(file);
    g_autofree char *primary = g_strdup_printf("Could not save “%s”", name);
    unroll_show_error(GTK_WINDOW(self), primary, error->message);
    return FALSE;
  }
  unroll_application_note_recent(file);
  return TRUE;
}

static void finish_close(UnrollWindow *self) {
  self->closing = TRUE;
  gtk_window_close(GTK_WINDOW(self));
}

static void on_save_response(GtkNativeDialog *dialog, int response, gpointer data) {
  UnrollWindow *self = UNROLL_WINDOW(data);
  gboolean close_after = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(dialog), "unroll-close-after"));
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
    if (file && save_to(self, file) && close_after) finish_close(self);
  }
  gtk_native_dialog_destroy(dialog);
  g_object_unref(dialog);
  g_object_unref(self);
}

void _unroll_window_save(UnrollWindow *self, gboolean save_as, gboolean close_after) {
  GFile *file = unroll_document_get_file(self->doc);
  if (file && !save_as) {
    if (save_to(self, file) && close_after) finish_close(self);
    return;
  }
  /* Test hook: save an untitled project to a fixed path, no dialog. */
  const char *test_path = unroll_test_probe_save_path();
  if (test_path && !file) {
    g_autoptr(GFile) f = g_file_new_for_path(test_path);
    if (save_to(self, f) && close_after) finish_close(self);
    return;
  }
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new("Save Project", GTK_WINDOW(self),
                                                             GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(dialog), TRUE);
  GtkFileChooser *chooser = GTK_FILE_CHOOSER(dialog);
  unroll_file_chooser_add_filters(chooser, "Unroll projects", "*.unroll", NULL);
  if (file) {
    gtk_file_chooser_set_file(chooser, file, NULL);
  } else {
    const ur_project *p = unroll_document_get_project(self->doc);
    g_autofree char *name = g_strdup_printf("%s.unroll", p->preset[0] ? p->preset : "Untitled");
    gtk_file_chooser_set_current_name(chooser, name);
  }
  g_object_set_data(G_OBJECT(dialog), "unroll-close-after", GINT_TO_POINTER(close_after));
  g_signal_connect(dialog, "response", G_CALLBACK(on_save_response), g_object_ref(self));
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

/* ---- export ----------------------------------------------------------- */

static void on_export_response(GtkNativeDialog *dialog, int response, gpointer data) {
  UnrollWindow *self = UNROLL_WINDOW(data);
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
    g_autofree char *path = file ? g_file_get_path(file) : NULL;
    char err[512];
    if (!path) {
      unroll_show_error(GTK_WINDOW(self), "Could not export the model", "Choose a local file.");
    } else if (ur_keras_export(unroll_document_get_project(self->doc), path, err, sizeof err) != 0) {
      unroll_show_error(GTK_WINDOW(self), "Could not export the model", err);
    }
  }
  gtk_native_dialog_destroy(dialog);
  g_object_unref(dialog);
  g_object_unref(self);
}

void _unroll_window_export_keras(UnrollWindow *self) {
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new("Export as Keras Script", GTK_WINDOW(self),
                                                             GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(dialog), TRUE);
  GtkFileChooser *chooser = GTK_FILE_CHOOSER(dialog);
  unroll_file_chooser_add_filters(chooser, "Python scripts", "*.py", NULL);
  const ur_project *p = unroll_document_get_project(self->doc);
  g_autofree char *base = g_strdup(p->preset[0] ? p->preset : "model");
  g_strdelimit(base, "-", '_'); /* a Python module name */
  g_autofree char *name = g_strdup_printf("%s_keras.py", base);
  gtk_file_chooser_set_current_name(chooser, name);
  GFile *file = unroll_document_get_file(self->doc);
  g_autoptr(GFile) folder = file ? g_file_get_parent(file) : NULL;
  if (folder) gtk_file_chooser_set_current_folder(chooser, folder, NULL);
  g_signal_connect(dialog, "response", G_CALLBACK(on_export_response), g_object_ref(self));
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

/* ---- closing with unsaved changes ------------------------------------- */

enum { RESPONSE_DISCARD = 1, RESPONSE_SAVE = 2 };

static void on_close_dialog_response(GtkDialog *dialog, int response, gpointer data) {
  UnrollWindow *self = UNROLL_WINDOW(data);
  unroll_dialog_dismiss(GTK_WINDOW(dialog));
  if (response == RESPONSE_DISCARD) finish_close(self);
  else if (response == RESPONSE_SAVE) _unroll_window_save(self, FALSE, TRUE);
}

/* TRUE when the window must stay open while the person is asked. */
gboolean _unroll_window_close_request(GtkWindow *window) {
  UnrollWindow *self = UNROLL_WINDOW(window);
  if (self->closing || !self->doc || !unroll_document_get_modified(self->doc)) return FALSE;
  g_autofree char *name = unroll_document_dup_title(self->doc);
  GtkWidget *dialog = gtk_message_dialog_new(window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                             GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                             "Save the changes to “%s” before closing?", name);
  gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(dialog),
                                           "If you close without saving, the changes are lost.");
  gtk_dialog_add_buttons(GTK_DIALOG(dialog), "_Cancel", GTK_RESPONSE_CANCEL, "Close _Without Saving",
                         RESPONSE_DISCARD, "_Save", RESPONSE_SAVE, NULL);
  gtk_dialog_set_default_response(GTK_DIALOG(dialog), RESPONSE_SAVE);
  GtkWidget *discard = gtk_dialog_get_widget_for_response(GTK_DIALOG(dialog), RESPONSE_DISCARD);
  gtk_widget_add_css_class(discard, "destructive-action");
  gtk_widget_add_css_class(gtk_dialog_get_widget_for_response(GTK_DIALOG(dialog), RESPONSE_SAVE), "suggested-action");
  g_signal_connect(dialog, "response", G_CALLBACK(on_close_dialog_response), self);
  gtk_window_present(GTK_WINDOW(dialog));
  return TRUE;
}
