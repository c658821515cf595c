/* unroll-window.c: titles, the Train button's explanation, the document
 * shown and the window's life cycle.  Where the parts sit lives in
 * unroll-window-layout.c, actions in unroll-window-actions.c, files in
 * unroll-window-files.c. */
#include "unroll-window-private.h"
#include "unroll-application.h"

G_DEFINE_FINAL_TYPE(UnrollWindow, unroll_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- titles and the Train button ------------------------------------- */

static void update_titles(UnrollWindow *self) {
  UnrollDocument *doc = self->doc;
  g_autofree char *name = unroll_document_dup_title(doc);
  gboolean modified = unroll_document_get_modified(doc);
  GFile *file = unroll_document_get_file(doc);
  g_autofree char *title = g_strdup_printf("%s%s", modified ? "• " : "", name);
  gtk_label_set_label(self->title_label, title);
  g_autofree char *wtitle = g_strdup_printf("%s%s — Unroll", modified ? "*" : "", name);
  gtk_window_set_title(GTK_WINDOW(self), wtitle);
  g_autofree char *sub = NULL;
  if (file) {
    g_autoptr(GFile) parent = g_file_get_parent(file);
    g_autofree char *dir = parent ? g_file_get_parse_name(parent) : g_strdup("");
    const char *home = g_get_home_dir();
    if (home && g_str_has_prefix(dir, home)) sub = g_strdup_printf("~%s", dir + strlen(home));
    else sub = g_strdup(dir);
  } else {
    sub = g_strdup("Not saved yet");
  }
  gtk_label_set_label(self->subtitle_label, sub);
}

void _unroll_window_update_train_button(UnrollWindow *self) {
  const UnrollAnalysis *a = unroll_document_get_analysis(self->doc);
  g_autofree char *tip = NULL;
  if (!a->ok)
    tip = g_strdup_printf("Cannot train yet: %s", a->why);
  else if (_unroll_window_is_training(self))
    tip = g_strdup("Queue another group of runs with this model and these settings (Ctrl+Return); "
                   "the ones queued train as cores come free");
  else
    tip = g_strdup("Train this model on the data and training settings (Ctrl+Return)");
  gtk_widget_set_tooltip_text(self->train_button, tip);
}

static void on_doc_changed(UnrollDocument *doc, UnrollWindow *self) {
  (void)doc;
  update_titles(self);
  _unroll_window_update_train_button(self);
  _unroll_window_training_doc_changed(self);
  _unroll_window_update_actions(self);
  _unroll_window_toast_doc_changed(self);
}

static void on_selected(UnrollCanvas *canvas, GParamSpec *pspec, UnrollWindow *self) {
  (void)pspec;
  int selected = unroll_canvas_get_selected(canvas);
  unroll_inspector_set_selected(self->inspector, selected);
  _unroll_window_layout_selected(self, selected);
  _unroll_window_update_actions(self);
}

void unroll_window_set_document(UnrollWindow *self, UnrollDocument *doc) {
  g_return_if_fail(UNROLL_IS_WINDOW(self) && UNROLL_IS_DOCUMENT(doc));
  if (self->doc) g_signal_handlers_disconnect_by_data(self->doc, self);
  g_set_object(&self->doc, doc);
  g_signal_connect(doc, "changed", G_CALLBACK(on_doc_changed), self);
  unroll_inspector_set_document(self->inspector, doc);
  _unroll_window_training_set_document(self);
  unroll_canvas_set_document(self->canvas, doc);
  on_doc_changed(doc, self);
}

UnrollDocument *unroll_window_get_document(UnrollWindow *self) { return self->doc; }

/* ---- life cycle ------------------------------------------------------- */

static gboolean on_close_request(GtkWindow *window) {
  if (_unroll_window_close_request(window)) return TRUE; /* asked first */
  _unroll_window_layout_save(UNROLL_WINDOW(window));
  return FALSE;
}

static void unroll_window_dispose(GObject *object) {
  UnrollWindow *self = UNROLL_WINDOW(object);
  if (self->doc) g_signal_handlers_disconnect_by_data(self->doc, self);
  _unroll_window_csv_dispose(self);
  _unroll_window_training_dispose(self);
  _unroll_window_layout_dispose(self);
  _unroll_window_toast_dispose(self);
  gtk_widget_dispose_template(GTK_WIDGET(self), UNROLL_TYPE_WINDOW);
  g_clear_object(&self->doc);
  G_OBJECT_CLASS(unroll_window_parent_class)->dispose(object);
}

/* The palette's rail follows the window's width, whoever changed it (the
 * window manager, maximizing, the remembered size). */
static void unroll_window_size_allocate(GtkWidget *widget, int width, int height, int baseline) {
  GTK_WIDGET_CLASS(unroll_window_parent_class)->size_allocate(widget, width, height, baseline);
  _unroll_window_layout_allocated(UNROLL_WINDOW(widget));
}

static void unroll_window_class_init(UnrollWindowClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = unroll_window_dispose;
  wc->size_allocate = unroll_window_size_allocate;
  GTK_WINDOW_CLASS(klass)->close_request = on_close_request;
  g_type_ensure(UNROLL_TYPE_PALETTE);
  g_type_ensure(UNROLL_TYPE_CANVAS);
  g_type_ensure(UNROLL_TYPE_INSPECTOR);
  g_type_ensure(UNROLL_TYPE_DATA_PANEL);
  g_type_ensure(UNROLL_TYPE_TRAIN_SETTINGS);
  g_type_ensure(UNROLL_TYPE_TRAINING_AREA);
  g_type_ensure(UNROLL_TYPE_RUNS_PAGE);
  g_type_ensure(UNROLL_TYPE_CSV_SOURCE_PANEL);
  gtk_widget_class_set_template_from_resource(wc, "/io/github/unroll/Unroll/ui/unroll-window.ui");
  /* The header bar is deliberately not bound: GTK 4.8's dispose_template
   * would unparent it and GtkWindow's dispose then again (a critical). */
  gtk_widget_class_bind_template_child(wc, UnrollWindow, title_label);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, subtitle_label);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, train_button);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, open_button);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, save_button);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, presets_button);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, recent_section);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, palette);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, canvas);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, inspector);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, inspector_revealer);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, model_area);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, toast_revealer);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, toast_label);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, bottom_stack);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, center_paned);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, data_panel);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, train_settings);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, training_area);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, runs_page);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, data_stack);
  gtk_widget_class_bind_template_child(wc, UnrollWindow, csv_panel);
}

static void unroll_window_init(UnrollWindow *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  /* the window's child, not bound (see the header bar above) */
  self->overlay = gtk_window_get_child(GTK_WINDOW(self));
  _unroll_window_install_actions(self);
  /* before training's: on a page change the layout reads the divider first */
  _unroll_window_layout_init(self);
  _unroll_window_training_init(self);
  _unroll_window_toast_init(self);
  gtk_menu_button_set_menu_model(self->presets_button, _unroll_window_presets_menu());
  g_signal_connect(self->canvas, "notify::selected", G_CALLBACK(on_selected), self);
  g_autoptr(UnrollDocument) doc = unroll_document_new();
  unroll_window_set_document(self, doc);
}

UnrollWindow *unroll_window_new(GtkApplication *app) {
  UnrollWindow *self = g_object_new(UNROLL_TYPE_WINDOW, "application", app, NULL);
  /* The application's Open Recent list, shown live in this window's menu. */
  if (UNROLL_IS_APPLICATION(app))
    g_menu_append_section(self->recent_section, NULL, unroll_application_get_recent_menu(UNROLL_APPLICATION(app)));
  return self;
}
