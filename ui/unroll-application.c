/* unroll-application.c: see unroll-application.h. */
#include "unroll-application.h"
#include "unroll-test-probe.h"
#include "unroll-window.h"

#define PROJECT_MIME "application/x-unroll-project"
#define MAX_RECENT 10

struct _UnrollApplication {
  GtkApplication parent_instance;
  GMenu *recent_menu;
  GtkRecentManager *recent;
};

G_DEFINE_FINAL_TYPE(UnrollApplication, unroll_application, GTK_TYPE_APPLICATION)

void unroll_dialog_dismiss(GtkWindow *dialog) {
  gtk_window_set_transient_for(dialog, NULL);
  gtk_window_destroy(dialog);
}

void unroll_show_error(GtkWindow *parent, const char *primary, const char *secondary) {
  GtkWidget *dialog = gtk_message_dialog_new(parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                             GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  if (secondary) gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(dialog), "%s", secondary);
  g_signal_connect(dialog, "response", G_CALLBACK(unroll_dialog_dismiss), NULL);
  gtk_window_present(GTK_WINDOW(dialog));
}

void unroll_file_chooser_add_filters(GtkFileChooser *chooser, const char *name, ...) {
  GtkFileFilter *f = gtk_file_filter_new(), *all = gtk_file_filter_new();
  gtk_file_filter_set_name(f, name);
  va_list ap;
  va_start(ap, name);
  for (const char *pattern; (pattern = va_arg(ap, const char *));) gtk_file_filter_add_pattern(f, pattern);
  va_end(ap);
  gtk_file_filter_set_name(all, "All files");
  gtk_file_filter_add_pattern(all, "*");
  gtk_file_chooser_add_filter(chooser, f);
  gtk_file_chooser_add_filter(chooser, all);
  g_object_unref(f);
  g_object_unref(all);
}

static UnrollWindow *new_window(UnrollApplication *self) {
  UnrollWindow *w = unroll_window_new(GTK_APPLICATION(self));
  gtk_window_present(GTK_WINDOW(w));
  return w;
}

gboolean unroll_application_is_series_file(GFile *file) {
  g_autofree char *name = g_file_get_basename(file);
  g_autofree char *lower = name ? g_ascii_strdown(name, -1) : NULL;
  return lower && (g_str_has_suffix(lower, ".csv") || g_str_has_suffix(lower, ".tsv"));
}

void unroll_application_open_file(UnrollApplication *self, GFile *file) {
  GtkWindow *active = gtk_application_get_active_window(GTK_APPLICATION(self));
  /* `unroll weather.csv`: a series to train on, in the window at hand */
  if (unroll_application_is_series_file(file)) {
    UnrollWindow *win = UNROLL_IS_WINDOW(active) ? UNROLL_WINDOW(active) : new_window(self);
    g_autofree char *path = g_file_get_path(file);
    if (path) unroll_window_import_csv(win, path);
    return;
  }
  g_autoptr(UnrollDocument) doc = unroll_document_new();
  g_autoptr(GError) error = NULL;
  if (!unroll_document_load(doc, file, &error)) {
    /* A window to carry the dialog, or the application would quit under it. */
    if (!active) active = GTK_WINDOW(new_window(self));
    g_autofree char *name = g_file_get_basename(file);
    g_autofree char *primary = g_strdup_printf("Could not open “%s”", name);
    unroll_show_error(active, primary, error->message);
    return;
  }
  UnrollWindow *win = NULL;
  if (UNROLL_IS_WINDOW(active) && unroll_document_is_pristine(unroll_window_get_document(UNROLL_WINDOW(active))))
    win = UNROLL_WINDOW(active);
  else
    win = unroll_window_new(GTK_APPLICATION(self));
  unroll_window_set_document(win, doc);
  gtk_window_present(GTK_WINDOW(win));
  unroll_application_note_recent(file);
}

void unroll_application_note_recent(GFile *file) {
  g_autofree char *uri = g_file_get_uri(file);
  g_autofree char *name = g_file_get_basename(file);
  GtkRecentData data = {
      .display_name = name,
      .mime_type = (char *)PROJECT_MIME,
      .app_name = (char *)"Unroll",
      .app_exec = (char *)"unroll %u",
  };
  gtk_recent_manager_add_full(gtk_recent_manager_get_default(), uri, &data);
}

/* ---- Open Recent -------------------------------------------------------- */

static int by_modified(gconstpointer a, gconstpointer b) {
  GDateTime *ta = gtk_recent_info_get_modified(*(GtkRecentInfo **)a);
  GDateTime *tb = gtk_recent_info_get_modified(*(GtkRecentInfo **)b);
  return -g_date_time_compare(ta, tb);
}

static void rebuild_recent(UnrollApplication *self) {
  g_menu_remove_all(self->recent_menu);
  GList *items = gtk_recent_manager_get_items(self->recent);
  g_autoptr(GPtrArray) mine = g_ptr_array_new();
  for (GList *l = items; l; l = l->next) {
    GtkRecentInfo *info = l->data;
    if (gtk_recent_info_has_application(info, "Unroll") || g_str_has_suffix(gtk_recent_info_get_uri(info), ".unroll"))
      g_ptr_array_add(mine, info);
  }
  g_ptr_array_sort(mine, by_modified);
  for (guint i = 0; i < mine->len && i < MAX_RECENT; i++) {
    GtkRecentInfo *info = mine->pdata[i];
    GMenuItem *item = g_menu_item_new(gtk_recent_info_get_display_name(info), NULL);
    g_menu_item_set_action_and_target_value(item, "app.open-recent", g_variant_new_string(gtk_recent_info_get_uri(info)));
    g_menu_append_item(self->recent_menu, item);
    g_object_unref(item);
  }
  if (mine->len == 0) g_menu_append(self->recent_menu, "No recent projects", "app.no-recent-projects");
  g_list_free_full(items, (GDestroyNotify)gtk_recent_info_unref);
}

GMenuModel *unroll_application_get_recent_menu(UnrollApplication *self) { return G_MENU_MODEL(self->recent_menu); }

/* ---- app.* actions ---------------------------------------------------- */

static void act_new(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  new_window(UNROLL_APPLICATION(p));
}

static void on_open_response(GtkNativeDialog *dialog, int response, gpointer data) {
  UnrollApplication *self = UNROLL_APPLICATION(data);
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
    if (file) unroll_application_open_file(self, file);
  }
  gtk_native_dialog_destroy(dialog);
  g_object_unref(dialog);
  g_application_release(G_APPLICATION(self));
}

static void act_open(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollApplication *self = UNROLL_APPLICATION(p);
  GtkWindow *parent = gtk_application_get_active_window(GTK_APPLICATION(self));
  GtkFileChooserNative *dialog =
      gtk_file_chooser_native_new("Open Project", parent, GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(dialog), TRUE);
  unroll_file_chooser_add_filters(GTK_FILE_CHOOSER(dialog), "Unroll projects", "*.unroll", NULL);
  g_application_hold(G_APPLICATION(self)); /* no window yet is no reason to quit */
  g_signal_connect(dialog, "response", G_CALLBACK(on_open_response), self);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

static void act_open_recent(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a;
  g_autoptr(GFile) file = g_file_new_for_uri(g_variant_get_string(v, NULL));
  unroll_application_open_file(UNROLL_APPLICATION(p), file);
}

static void act_about(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  static const char *authors[] = {"The Unroll developers", NULL};
  gtk_show_about_dialog(gtk_application_get_active_window(GTK_APPLICATION(p)), "program-name", "Unroll",
                        "logo-icon-name", UNROLL_APP_ID, "version", UNROLL_VERSION, "comments",
                        "A workbench for the sequence models of chapter 15 of Géron's Hands-On Machine Learning: "
                        "build RNNs and CNNs for time series by drag and drop, check their shapes, and save them "
                        "as projects or Keras scripts.",
                        "license-type", GTK_LICENSE_MIT_X11, "authors", authors, NULL);
}

/* Closes every window the way its close button would: each one with
 * unsaved changes asks first. */
static void act_quit(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  GList *windows = g_list_copy(gtk_application_get_windows(GTK_APPLICATION(p)));
  for (GList *l = windows; l; l = l->next) gtk_window_close(GTK_WINDOW(l->data));
  g_list_free(windows);
}

static const GActionEntry app_entries[] = {
    {"new", act_new, NULL, NULL, NULL, {0}},
    {"open", act_open, NULL, NULL, NULL, {0}},
    {"open-recent", act_open_recent, "s", NULL, NULL, {0}},
    {"about", act_about, NULL, NULL, NULL, {0}},
    {"quit", act_quit, NULL, NULL, NULL, {0}},
};

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
    {"app.new", {"<Control>n", NULL}},
    {"app.open", {"<Control>o", NULL}},
    {"win.open-csv", {"<Control><Shift>o", NULL}},
    {"app.quit", {"<Control>q", NULL}},
    {"win.save", {"<Control>s", NULL}},
    {"win.save-as", {"<Control><Shift>s", NULL}},
    {"win.export-keras", {"<Control>e", NULL}},
    {"win.undo", {"<Control>z", NULL}},
    {"win.redo", {"<Control><Shift>z", "<Control>y", NULL}},
    {"win.move-up", {"<Alt>Up", NULL}},
    {"win.move-down", {"<Alt>Down", NULL}},
    {"win.close", {"<Control>w", NULL}},
    {"win.train", {"<Control>Return", NULL}},
    {"win.pause-training", {"<Control>p", NULL}},
    {"win.stop-training", {"<Control>period", NULL}},
    {"win.view::model", {"<Control>1", NULL}},
    {"win.view::results", {"<Control>2", NULL}},
};

/* ---- GApplication ----------------------------------------------------- */

static void unroll_application_startup(GApplication *app) {
  UnrollApplication *self = UNROLL_APPLICATION(app);
  G_APPLICATION_CLASS(unroll_application_parent_class)->startup(app);
  g_action_map_add_action_entries(G_ACTION_MAP(app), app_entries, G_N_ELEMENTS(app_entries), app);
  for (guint i = 0; i < G_N_ELEMENTS(accels); i++)
    gtk_application_set_accels_for_action(GTK_APPLICATION(app), accels[i].action, accels[i].accels);
  gtk_window_set_default_icon_name(UNROLL_APP_ID);
  GtkCssProvider *css = gtk_css_provider_new();
  gtk_css_provider_load_from_resource(css, "/io/github/unroll/Unroll/style.css");
  gtk_style_context_add_provider_for_display(gdk_display_get_default(), GTK_STYLE_PROVIDER(css),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref(css);
  self->recent = gtk_recent_manager_get_default();
  g_signal_connect_swapped(self->recent, "changed", G_CALLBACK(rebuild_recent), self);
  rebuild_recent(self);
  unroll_test_probe_install(GTK_APPLICATION(app));
}

static void unroll_application_activate(GApplication *app) {
  GtkWindow *w = gtk_application_get_active_window(GTK_APPLICATION(app));
  if (w) gtk_window_present(w);
  else new_window(UNROLL_APPLICATION(app));
}

static void unroll_application_open(GApplication *app, GFile **files, int n, const char *hint) {
  (void)hint;
  for (int i = 0; i < n; i++) unroll_application_open_file(UNROLL_APPLICATION(app), files[i]);
}

static void unroll_application_dispose(GObject *object) {
  UnrollApplication *self = UNROLL_APPLICATION(object);
  if (self->recent) g_signal_handlers_disconnect_by_data(self->recent, self);
  self->recent = NULL;
  g_clear_object(&self->recent_menu);
  G_OBJECT_CLASS(unroll_application_parent_class)->dispose(object);
}

static void unroll_application_class_init(UnrollApplicationClass *klass) {
  GApplicationClass *ac = G_APPLICATION_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = unroll_application_dispose;
  ac->startup = unroll_application_startup;
  ac->activate = unroll_application_activate;
  ac->open = unroll_application_open;
}

static void unroll_application_init(UnrollApplication *self) { self->recent_menu = g_menu_new(); }

UnrollApplication *unroll_application_new(void) {
  return g_object_new(UNROLL_TYPE_APPLICATION, "application-id", UNROLL_APP_ID, "flags", G_APPLICATION_HANDLES_OPEN,
                      NULL);
}
