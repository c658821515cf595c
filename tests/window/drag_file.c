/* drag_file.c: a small window whose label can be dragged as a file (the
 * CSV given), like a file manager's icon, so the end-to-end test can drop
 * a file on the workbench with real pointer events (xdotool): XDND needs a
 * drag source, and Xvfb runs no file manager.
 * usage: drag_file FILE   (prints its X window id on stdout when shown) */
#include <gtk/gtk.h>
#include <stdio.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

static GdkContentProvider *prepare(GtkDragSource *s, double x, double y, gpointer file) {
  (void)s; (void)x; (void)y;
  GSList *list = g_slist_append(NULL, file);
  GdkFileList *files = gdk_file_list_new_from_list(list);
  g_slist_free(list);
  GdkContentProvider *p = gdk_content_provider_new_typed(GDK_TYPE_FILE_LIST, files);
  g_boxed_free(GDK_TYPE_FILE_LIST, files);
  return p;
}

static gboolean say_xid(gpointer w) {
#ifdef GDK_WINDOWING_X11
  GdkSurface *s = gtk_native_get_surface(GTK_NATIVE(w));
  if (!s || !GDK_IS_X11_SURFACE(s) || !gtk_widget_get_mapped(w)) return G_SOURCE_CONTINUE;
  printf("%lu\n", (unsigned long)gdk_x11_surface_get_xid(s));
  fflush(stdout);
#endif
  return G_SOURCE_REMOVE;
}

int main(int argc, char **argv) {
  if (argc < 2 || !gtk_init_check()) {
    fprintf(stderr, "usage: drag_file FILE (with a display)\n");
    return 2;
  }
  GFile *file = g_file_new_for_commandline_arg(argv[1]);
  GtkWidget *w = gtk_window_new();
  gtk_window_set_default_size(GTK_WINDOW(w), 200, 80);
  gtk_window_set_decorated(GTK_WINDOW(w), FALSE);
  GtkWidget *label = gtk_label_new(g_file_peek_path(file));
  GtkDragSource *src = gtk_drag_source_new();
  gtk_drag_source_set_actions(src, GDK_ACTION_COPY);
  g_signal_connect(src, "prepare", G_CALLBACK(prepare), file);
  gtk_widget_add_controller(label, GTK_EVENT_CONTROLLER(src));
  gtk_window_set_child(GTK_WINDOW(w), label);
  gtk_window_present(GTK_WINDOW(w));
  g_timeout_add(50, say_xid, w);
  while (g_list_model_get_n_items(gtk_window_get_toplevels()) > 0) g_main_context_iteration(NULL, TRUE);
  return 0;
}
