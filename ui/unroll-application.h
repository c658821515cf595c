/* unroll-application.h: the GtkApplication (io.github.unroll.Unroll):
 * single instance, opens files given on the command line (a second
 * `unroll file.unroll` opens it in the running instance), keeps the Open
 * Recent list and the app.* actions. */
#ifndef UNROLL_APPLICATION_H
#define UNROLL_APPLICATION_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define UNROLL_APP_ID "io.github.unroll.Unroll"
#define UNROLL_TYPE_APPLICATION (unroll_application_get_type())
G_DECLARE_FINAL_TYPE(UnrollApplication, unroll_application, UNROLL, APPLICATION, GtkApplication)

UnrollApplication *unroll_application_new(void);
/* Opens a project: in the active window when it holds an untouched
 * untitled project, else in a new window; a bad file opens a dialog naming
 * the problem.  A CSV file opens the import dialog over the active window. */
void unroll_application_open_file(UnrollApplication *self, GFile *file);
GMenuModel *unroll_application_get_recent_menu(UnrollApplication *self);
/* A user's series (.csv or .tsv, by name): opened in the import dialog
 * rather than as a project. */
gboolean unroll_application_is_series_file(GFile *file);
/* Adds a project to the desktop's recent files. */
void unroll_application_note_recent(GFile *file);
/* A modal error dialog: what failed, and why in the engine's words. */
void unroll_show_error(GtkWindow *parent, const char *primary, const char *secondary);
/* Destroys a dialog, first cutting its tie to the parent: GTK 4.8 finishes
 * a dialog later, and a parent closed in between would be gone by then. */
void unroll_dialog_dismiss(GtkWindow *dialog);
/* A file chooser's filters: `name` over the patterns that follow (up to
 * NULL), then "All files". */
void unroll_file_chooser_add_filters(GtkFileChooser *chooser, const char *name, ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS

#endif
