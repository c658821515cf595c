/* unroll-window-layout.c: where the window's parts sit, and what it keeps.
 *
 * Two views share the centre, chosen in the header bar (win.view, Ctrl+1
 * and Ctrl+2):
 *   Model     palette │ canvas and inspector
 *                     │ the Data or Training page under them
 *   Results   the Curves or Runs page alone, the whole window
 * The bottom stack's page decides the view: Data and Training belong to the
 * model, Curves and Runs to the results, so Train (which shows Curves) gives
 * the charts the window, and a page picked in the stack switcher brings its
 * view.  Choosing a view shows the page last seen in it.
 *
 * In the Model view the inspector sits beside the canvas, over the bottom
 * pages (which need the centre's whole width: the settings pages are ~600 px
 * wide), and shows only while a card is selected.  Under NARROW_BELOW the
 * palette is a rail of icons and Open and Save are icons, so the window goes
 * down to 800 px or less with the project's name still in the title.
 *
 * The divider between the canvas and the bottom pages is the user's: the
 * bottom pages' height is kept when the Results view hides the canvas, put
 * back when the Model view returns, and saved with the size and the page in
 * ~/.config/unroll/window.ini.  (unroll-window-training.c gives a page that
 * shows the height it needs; this file runs before it on a page change, so
 * it reads the divider as the person left it.)
 */
#include "unroll-window-private.h"

/* px of the window's width: under it the palette is a rail.  The wide
 * palette needs 250 px beside the centre's ~640 (canvas and inspector). */
#define NARROW_BELOW 960

static gboolean is_results_page(const char *page) { return !g_strcmp0(page, "curves") || !g_strcmp0(page, "runs"); }

/* ---- narrow windows -------------------------------------------------------- */

/* A header bar button's words, or its icon (its words then its accessible name). */
static void button_face(GtkButton *button, gboolean icon, const char *words, const char *icon_name) {
  if (icon) gtk_button_set_icon_name(button, icon_name);
  else gtk_button_set_label(button, words);
  gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL, words + (words[0] == '_'), -1);
}

static void apply_narrow(UnrollWindow *self, gboolean narrow) {
  self->narrow = narrow;
  unroll_palette_set_compact(self->palette, narrow);
  button_face(self->open_button, narrow, "_Open", "document-open-symbolic");
  button_face(self->save_button, narrow, "_Save", "document-save-symbolic");
}

/* ---- window.ini ---------------------------------------------------------- */

/* ~/.config/unroll/window.ini: no GSettings schema to install for a few values. */
static char *state_file(void) { return g_build_filename(g_get_user_config_dir(), "unroll", "window.ini", NULL); }

static void restore_state(UnrollWindow *self) {
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autofree char *path = state_file();
  int w = 0, dh = 0;
  gtk_window_get_default_size(GTK_WINDOW(self), &w, &dh);
  if (g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL)) {
    int h = g_key_file_get_integer(kf, "window", "height", NULL);
    int kw = g_key_file_get_integer(kf, "window", "width", NULL);
    if (kw >= 320 && h >= 300 && kw <= 16384 && h <= 16384) {
      gtk_window_set_default_size(GTK_WINDOW(self), kw, h);
      w = kw;
    }
    if (g_key_file_get_boolean(kf, "window", "maximized", NULL)) gtk_window_maximize(GTK_WINDOW(self));
    g_autofree char *page = g_key_file_get_string(kf, "window", "page", NULL);
    if (page && gtk_stack_get_child_by_name(self->bottom_stack, page))
      gtk_stack_set_visible_child_name(self->bottom_stack, page);
    self->bottom_height = MAX(0, g_key_file_get_integer(kf, "window", "bottom-height", NULL));
  }
  /* the first frame already in the right shape */
  apply_narrow(self, w > 0 && w < NARROW_BELOW);
}

/* The bottom pages' height under the canvas, while the Model view shows. */
static void note_bottom_height(UnrollWindow *self) {
  int h = gtk_widget_get_height(GTK_WIDGET(self->center_paned));
  if (h > 0 && gtk_widget_get_visible(self->model_area))
    self->bottom_height = h - gtk_paned_get_position(self->center_paned);
}

void _unroll_window_layout_save(UnrollWindow *self) {
  int w = 0, h = 0;
  gtk_window_get_default_size(GTK_WINDOW(self), &w, &h);
  if (w <= 0 || h <= 0) return;
  note_bottom_height(self);
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autofree char *path = state_file();
  g_autofree char *dir = g_path_get_dirname(path);
  g_key_file_set_integer(kf, "window", "width", w);
  g_key_file_set_integer(kf, "window", "height", h);
  g_key_file_set_boolean(kf, "window", "maximized", gtk_window_is_maximized(GTK_WINDOW(self)));
  g_key_file_set_string(kf, "window", "page", gtk_stack_get_visible_child_name(self->bottom_stack));
  if (self->bottom_height > 0) g_key_file_set_integer(kf, "window", "bottom-height", self->bottom_height);
  g_mkdir_with_parents(dir, 0700);
  g_key_file_save_to_file(kf, path, NULL); /* best effort: a read-only home keeps the defaults */
}

/* ---- the views ------------------------------------------------------------ */

/* The divider where the person left it, though never so low that the
 * settings page shown would scroll. */
static void place_divider(UnrollWindow *self) {
  int h = gtk_widget_get_height(GTK_WIDGET(self->center_paned));
  if (h <= 0 || self->bottom_height <= 0) return;
  GtkWidget *bottom = gtk_paned_get_end_child(self->center_paned);
  int min = 0, nat = 0;
  gtk_widget_measure(bottom, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width(bottom), &min, &nat, NULL, NULL);
  gtk_paned_set_position(self->center_paned, h - MAX(self->bottom_height, nat));
}

static void apply_view(UnrollWindow *self, gboolean results) {
  gboolean was_results = !gtk_widget_get_visible(self->model_area);
  if (results && !was_results) note_bottom_height(self);
  gtk_widget_set_visible(self->model_area, !results);
  gtk_widget_set_visible(GTK_WIDGET(self->palette), !results);
  if (!results && was_results) place_divider(self);
  GAction *view = g_action_map_lookup_action(G_ACTION_MAP(self), "view");
  g_simple_action_set_state(G_SIMPLE_ACTION(view), g_variant_new_string(results ? "results" : "model"));
}

static void on_page(GtkStack *stack, GParamSpec *ps, UnrollWindow *self) {
  (void)ps;
  const char *page = gtk_stack_get_visible_child_name(stack);
  if (!page) return;
  gboolean results = is_results_page(page);
  char **last = results ? &self->results_page : &self->model_page;
  if (g_strcmp0(*last, page)) {
    g_free(*last);
    *last = g_strdup(page);
  }
  apply_view(self, results);
}

void _unroll_window_show_model(UnrollWindow *self) {
  gtk_stack_set_visible_child_name(self->bottom_stack, self->model_page);
}

/* win.view::model|results: the view's page as last seen. */
static void change_view(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a;
  UnrollWindow *self = UNROLL_WINDOW(p);
  const char *view = g_variant_get_string(v, NULL);
  if (!strcmp(view, "model")) _unroll_window_show_model(self);
  else if (!strcmp(view, "results")) gtk_stack_set_visible_child_name(self->bottom_stack, self->results_page);
}

/* ---- the palette's rail and the inspector -------------------------------- */

static gboolean apply_width(gpointer data) {
  UnrollWindow *self = data;
  self->narrow_idle = 0;
  int width = gtk_widget_get_width(self->overlay);
  gboolean narrow = width > 0 && width < NARROW_BELOW;
  if (narrow != self->narrow) apply_narrow(self, narrow);
  return G_SOURCE_REMOVE;
}

/* In an idle, not here: changing the palette during the window's
 * allocation would resize it in the middle of one. */
void _unroll_window_layout_allocated(UnrollWindow *self) {
  if (!self->overlay || self->narrow_idle) return;
  int width = gtk_widget_get_width(self->overlay);
  if ((width > 0 && width < NARROW_BELOW) != self->narrow) self->narrow_idle = g_idle_add(apply_width, self);
}

void _unroll_window_layout_selected(UnrollWindow *self, int selected) {
  gtk_revealer_set_reveal_child(self->inspector_revealer, selected != UNROLL_CANVAS_NONE);
}

/* The remembered divider once the centre has a height (the first frame). */
static gboolean first_divider(GtkWidget *paned, GdkFrameClock *clock, gpointer data) {
  (void)clock;
  if (gtk_widget_get_height(paned) <= 0) return G_SOURCE_CONTINUE;
  UnrollWindow *self = data;
  if (gtk_widget_get_visible(self->model_area)) place_divider(self);
  return G_SOURCE_REMOVE;
}

static const GActionEntry entries[] = {
    {"view", NULL, "s", "'model'", change_view, {0}},
};

void _unroll_window_layout_init(UnrollWindow *self) {
  g_action_map_add_action_entries(G_ACTION_MAP(self), entries, G_N_ELEMENTS(entries), self);
  self->model_page = g_strdup("data");
  self->results_page = g_strdup("curves");
  g_signal_connect(self->bottom_stack, "notify::visible-child", G_CALLBACK(on_page), self);
  restore_state(self);
  on_page(self->bottom_stack, NULL, self);
  gtk_widget_add_tick_callback(GTK_WIDGET(self->center_paned), first_divider, self, NULL);
}

void _unroll_window_layout_dispose(UnrollWindow *self) {
  if (self->narrow_idle) g_source_remove(self->narrow_idle);
  self->narrow_idle = 0;
  if (self->bottom_stack) g_signal_handlers_disconnect_by_data(self->bottom_stack, self);
  g_clear_pointer(&self->model_page, g_free);
  g_clear_pointer(&self->results_page, g_free);
}
