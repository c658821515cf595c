/* unroll-test-hooks.c: see unroll-test-hooks.h. */
#include "unroll-test-hooks.h"
#include <unistd.h>
#include "unroll-window.h"
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

void unroll_test_dump_point(GKeyFile *kf, const char *group, const char *key, GtkWidget *w) {
  GtkNative *native = w && gtk_widget_get_mapped(w) ? gtk_widget_get_native(w) : NULL;
  graphene_rect_t b;
  if (!native || !gtk_widget_compute_bounds(w, GTK_WIDGET(native), &b) || b.size.width < 1 || b.size.height < 1)
    return; /* not laid out yet */
  double nx, ny;
  gtk_native_get_surface_transform(native, &nx, &ny);
  g_autofree char *v = g_strdup_printf("%d,%d", (int)(b.origin.x + b.size.width / 2 + nx),
                                       (int)(b.origin.y + b.size.height / 2 + ny));
  g_key_file_set_string(kf, group, key, v);
}

void unroll_test_dump_xid(GKeyFile *kf, const char *group, GtkNative *native) {
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface(native);
  if (surface && GDK_IS_X11_SURFACE(surface))
    g_key_file_set_uint64(kf, group, "xid", (guint64)gdk_x11_surface_get_xid(surface));
#else
  (void)kf; (void)group; (void)native;
#endif
}

typedef struct {
  GtkApplication *app;
  char *path;
  char *last;
} Dumper;

static gboolean dump(gpointer data) {
  Dumper *d = data;
  g_autoptr(GKeyFile) kf = g_key_file_new();
  int n = 0;
  for (GList *l = gtk_application_get_windows(d->app); l; l = l->next) {
    if (!UNROLL_IS_WINDOW(l->data)) continue;
    char group[32];
    g_snprintf(group, sizeof group, "window %d", unroll_window_get_id(l->data));
    unroll_window_dump_state(l->data, kf, group);
    n++;
  }
  g_key_file_set_integer(kf, "app", "windows", n);
  /* Message dialogs (errors, "save before closing?"): their words and X window. */
  GListModel *tops = gtk_window_get_toplevels();
  int nd = 0;
  for (guint i = 0; i < g_list_model_get_n_items(tops); i++) {
    g_autoptr(GtkWindow) top = g_list_model_get_item(tops, i);
    if (!GTK_IS_MESSAGE_DIALOG(top) || !gtk_widget_get_visible(GTK_WIDGET(top))) continue;
    char group[32];
    g_snprintf(group, sizeof group, "dialog %d", ++nd);
    g_autofree char *text = NULL, *secondary = NULL;
    g_object_get(top, "text", &text, "secondary-text", &secondary, NULL);
    g_key_file_set_string(kf, group, "text", text ? text : "");
    g_key_file_set_string(kf, group, "secondary", secondary ? secondary : "");
    unroll_test_dump_xid(kf, group, GTK_NATIVE(top));
  }
  g_key_file_set_integer(kf, "app", "dialogs", nd);
  g_key_file_set_integer(kf, "app", "pid", (int)getpid());
  g_autofree char *text = g_key_file_to_data(kf, NULL, NULL);
  if (g_strcmp0(text, d->last) != 0) {
    g_file_set_contents(d->path, text, -1, NULL); /* temp file and rename: never read half-written */
    g_free(d->last);
    d->last = g_steal_pointer(&text);
  }
  return G_SOURCE_CONTINUE;
}

static void dumper_free(gpointer data) {
  Dumper *d = data;
  g_free(d->path);
  g_free(d->last);
  g_free(d);
}

void unroll_test_hooks_install(GtkApplication *app) {
  const char *dir = g_getenv("UNROLL_TEST_STATE");
  if (!dir || !*dir) return;
  Dumper *d = g_new0(Dumper, 1);
  d->app = app;
  g_autofree char *name = g_strdup_printf("state-%d.ini", (int)getpid());
  d->path = g_build_filename(dir, name, NULL);
  g_timeout_add_full(G_PRIORITY_DEFAULT, 100, dump, d, dumper_free);
}

const char *unroll_test_save_path(void) {
  const char *p = g_getenv("UNROLL_TEST_SAVE_PATH");
  return p && *p ? p : NULL;
}
