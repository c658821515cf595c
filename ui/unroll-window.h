/* unroll-window.h: the workbench window, showing one UnrollDocument. */
#ifndef UNROLL_WINDOW_H
#define UNROLL_WINDOW_H

#include <gtk/gtk.h>
#include "unroll-document.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_WINDOW (unroll_window_get_type())
G_DECLARE_FINAL_TYPE(UnrollWindow, unroll_window, UNROLL, WINDOW, GtkApplicationWindow)

UnrollWindow *unroll_window_new(GtkApplication *app);
UnrollDocument *unroll_window_get_document(UnrollWindow *self);
/* Shows another document (an opened file); the old one is dropped. */
void unroll_window_set_document(UnrollWindow *self, UnrollDocument *doc);
/* Opens the CSV import dialog on path over this window; what the person
 * accepts becomes the project's data (unroll-window-csv.c). */
void unroll_window_import_csv(UnrollWindow *self, const char *path);

G_END_DECLS

#endif
