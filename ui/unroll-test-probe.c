/* unroll-test-probe.c: see unroll-test-probe.h. */
#include "unroll-test-probe.h"
#include <unistd.h>
#include "unroll-comparison.h"
#include "unroll-window.h"
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/* ---- the file choosers' stand-ins --------------------------------------- */

const char *unroll_test_probe_save_path(void) {
  const char *p = g_getenv("UNROLL_TEST_SAVE_PATH");
  return p && *p ? p : NULL;
}

char *unroll_test_probe_export_path(const char *name, const char *ext) {
  const char *dir = g_getenv("UNROLL_TEST_EXPORT_DIR");
  if (!dir || !*dir) return NULL;
  g_autofree char *file = g_strdup_printf("%s.%s", name, ext);
  return g_build_filename(dir, file, NULL);
}

/* ---- what a widget shows ------------------------------------------------ */

static void set_bool(GKeyFile *kf, const char *group, const char *key, const char *suffix, gboolean v) {
  g_autofree char *k = g_strconcat(key, suffix, NULL);
  g_key_file_set_boolean(kf, group, k, v);
}

static void set_string(GKeyFile *kf, const char *group, const char *key, const char *suffix, const char *v) {
  g_autofree char *k = g_strconcat(key, suffix, NULL);
  g_key_file_set_string(kf, group, k, v ? v : "");
}

/* The text a person reads on w, or NULL for a widget without one. */
static char *widget_text(GtkWidget *w) {
  if (GTK_IS_LABEL(w)) return g_strdup(gtk_label_get_text(GTK_LABEL(w)));
  if (GTK_IS_EDITABLE(w)) return g_strdup(gtk_editable_get_text(GTK_EDITABLE(w)));
  if (GTK_IS_CHECK_BUTTON(w)) return g_strdup(gtk_check_button_get_label(GTK_CHECK_BUTTON(w)));
  if (GTK_IS_BUTTON(w)) return g_strdup(gtk_button_get_label(GTK_BUTTON(w)));
  if (GTK_IS_SWITCH(w)) return g_strdup(gtk_switch_get_active(GTK_SWITCH(w)) ? "true" : "false");
  if (GTK_IS_STACK(w)) return g_strdup(gtk_stack_get_visible_child_name(GTK_STACK(w)));
  if (GTK_IS_IMAGE(w)) return g_strdup(gtk_image_get_icon_name(GTK_IMAGE(w)));
  if (GTK_IS_PROGRESS_BAR(w)) return g_strdup(gtk_progress_bar_get_text(GTK_PROGRESS_BAR(w)));
  if (GTK_IS_DROP_DOWN(w)) {
    GObject *item = gtk_drop_down_get_selected_item(GTK_DROP_DOWN(w));
    return item && GTK_IS_STRING_OBJECT(item) ? g_strdup(gtk_string_object_get_string(GTK_STRING_OBJECT(item))) : NULL;
  }
  return NULL;
}

/* The centre of w as "x,y" in its toplevel's X window, NULL while it is not
 * on screen.  A popover is a surface of its own, placed on its parent's. */
static char *centre_of(GtkWidget *w) {
  if (GTK_IS_SPIN_BUTTON(w) && gtk_widget_get_first_child(w)) w = gtk_widget_get_first_child(w);
  GtkNative *native = gtk_widget_get_mapped(w) ? gtk_widget_get_native(w) : NULL;
  graphene_rect_t b;
  if (!native || !gtk_widget_compute_bounds(w, GTK_WIDGET(native), &b) || b.size.width < 1 || b.size.height < 1)
    return NULL;
  double nx, ny;
  gtk_native_get_surface_transform(native, &nx, &ny);
  GdkSurface *surface = gtk_native_get_surface(native);
  if (surface && GDK_IS_POPUP(surface)) {
    nx += gdk_popup_get_position_x(GDK_POPUP(surface));
    ny += gdk_popup_get_position_y(GDK_POPUP(surface));
  }
  return g_strdup_printf("%d,%d", (int)(b.origin.x + b.size.width / 2 + nx), (int)(b.origin.y + b.size.height / 2 + ny));
}

/* Whether a scrolled window on screen, w or under it, holds more than it shows. */
static gboolean scrolls(GtkWidget *w) {
  if (!gtk_widget_get_mapped(w)) return FALSE;
  if (GTK_IS_SCROLLED_WINDOW(w)) {
    GtkAdjustment *a = gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(w));
    if (gtk_adjustment_get_upper(a) - gtk_adjustment_get_lower(a) > gtk_adjustment_get_page_size(a) + 0.5) return TRUE;
  }
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
    if (scrolls(c)) return TRUE;
  return FALSE;
}

/* When a signal of `source` came, kept on a widget as object data: how
 * often, and at what g_get_monotonic_time in ms the last WATCH_KEPT times.
 * Freeing it disconnects the handler. */
#define WATCH_KEPT 400

typedef struct {
  GObject *source;
  guint64 count;
  gint64 ms[WATCH_KEPT]; /* a ring: the n-th time is at n % WATCH_KEPT */
} Watch;

static void on_watched(GObject *source, Watch *w) {
  (void)source;
  w->ms[w->count % WATCH_KEPT] = g_get_monotonic_time() / 1000;
  w->count++;
}

static void watch_free(gpointer data) {
  Watch *w = data;
  g_signal_handlers_disconnect_by_data(w->source, w);
  g_object_unref(w->source);
  g_free(w);
}

/* A watch of `signal` on source (its reference taken), kept on holder as `name`. */
static Watch *watch_new(GObject *holder, const char *name, GObject *source, const char *signal) {
  Watch *w = g_new0(Watch, 1);
  w->source = source;
  g_signal_connect(source, signal, G_CALLBACK(on_watched), w);
  g_object_set_data_full(holder, name, w, watch_free);
  return w;
}

/* How often, under count_key, and the times, comma-separated, under ms_key. */
static void describe_watch(GKeyFile *kf, const char *group, const char *count_key, const char *ms_key, const Watch *w) {
  g_key_file_set_uint64(kf, group, count_key, w->count);
  GString *s = g_string_new(NULL);
  for (guint64 n = w->count > WATCH_KEPT ? w->count - WATCH_KEPT : 0; n < w->count; n++)
    g_string_append_printf(s, "%s%" G_GINT64_FORMAT, s->len ? "," : "", w->ms[n % WATCH_KEPT]);
  g_key_file_set_string(kf, group, ms_key, s->str);
  g_string_free(s, TRUE);
}

/* A chart drawn anew: a GtkWidgetPaintable of it is invalidated each time
 * the widget makes a new render node. */
static void describe_draws(GKeyFile *kf, const char *group, const char *key, GtkWidget *w) {
  Watch *d = g_object_get_data(G_OBJECT(w), "unroll-probe-draws");
  if (!d) d = watch_new(G_OBJECT(w), "unroll-probe-draws", G_OBJECT(gtk_widget_paintable_new(w)), "invalidate-contents");
  g_autofree char *count = g_strconcat(key, ".draws", NULL), *ms = g_strconcat(key, ".drawn_ms", NULL);
  describe_watch(kf, group, count, ms, d);
}

/* The runs a comparison chart compares (its :comparison), by name. */
static void describe_comparison(GKeyFile *kf, const char *group, const char *key, GtkWidget *w) {
  GParamSpec *ps = g_object_class_find_property(G_OBJECT_GET_CLASS(w), "comparison");
  if (!ps || ps->value_type != UNROLL_TYPE_COMPARISON) return;
  g_autoptr(UnrollComparison) cmp = NULL;
  g_object_get(w, "comparison", &cmp, NULL);
  guint n = cmp ? unroll_comparison_get_n_runs(cmp) : 0;
  g_autofree const char **names = g_new0(const char *, n + 1);
  for (guint i = 0; i < n; i++) names[i] = unroll_run_get_name(unroll_comparison_get_run(cmp, i));
  g_autofree char *k = g_strconcat(key, ".runs", NULL);
  g_key_file_set_string_list(kf, group, k, names, n);
}

static void describe_widget(GKeyFile *kf, const char *group, const char *key, GtkWidget *w) {
  g_autofree char *text = widget_text(w);
  if (text) g_key_file_set_string(kf, group, key, text);
  g_autofree char *at = centre_of(w);
  if (at) set_string(kf, group, key, ".at", at);
  gboolean mapped = gtk_widget_get_mapped(w);
  set_bool(kf, group, key, ".mapped", mapped);
  set_bool(kf, group, key, ".sensitive", gtk_widget_is_sensitive(w));
  if (gtk_widget_has_css_class(w, "error")) set_bool(kf, group, key, ".error", TRUE);
  if (gtk_widget_get_state_flags(w) & GTK_STATE_FLAG_SELECTED) set_bool(kf, group, key, ".selected", TRUE);
  const char *tip = gtk_widget_get_tooltip_text(w);
  if (tip) set_string(kf, group, key, ".tooltip", tip);
  if (mapped) {
    g_autofree char *size = g_strdup_printf("%d,%d", gtk_widget_get_width(w), gtk_widget_get_height(w));
    set_string(kf, group, key, ".size", size);
  }
  if (GTK_IS_CHECK_BUTTON(w)) set_bool(kf, group, key, ".active", gtk_check_button_get_active(GTK_CHECK_BUTTON(w)));
  if (GTK_IS_TOGGLE_BUTTON(w)) set_bool(kf, group, key, ".active", gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(w)));
  if (GTK_IS_SWITCH(w)) set_bool(kf, group, key, ".active", gtk_switch_get_active(GTK_SWITCH(w)));
  if (GTK_IS_STACK(w) || GTK_IS_SCROLLED_WINDOW(w)) set_bool(kf, group, key, ".scrolls", scrolls(w));
  if (GTK_IS_PROGRESS_BAR(w)) {
    g_autofree char *k = g_strconcat(key, ".fraction", NULL);
    g_key_file_set_double(kf, group, k, gtk_progress_bar_get_fraction(GTK_PROGRESS_BAR(w)));
  }
  if (GTK_IS_PANED(w)) {
    g_autofree char *k = g_strconcat(key, ".position", NULL);
    g_key_file_set_integer(kf, group, k, gtk_paned_get_position(GTK_PANED(w)));
  }
  if (gtk_accessible_get_accessible_role(GTK_ACCESSIBLE(w)) == GTK_ACCESSIBLE_ROLE_IMG && !GTK_IS_IMAGE(w)) {
    describe_draws(kf, group, key, w);
  }
  describe_comparison(kf, group, key, w);
}

/* An unnamed widget that activates an action: where it is, whether it can. */
static void describe_actionable(GKeyFile *kf, const char *group, const char *key, GtkWidget *w) {
  g_autofree char *at = centre_of(w);
  if (at) set_string(kf, group, key, ".at", at);
  set_bool(kf, group, key, ".mapped", gtk_widget_get_mapped(w));
  set_bool(kf, group, key, ".sensitive", gtk_widget_is_sensitive(w));
}

/* ---- walking a toplevel's tree ------------------------------------------- */

typedef struct {
  GKeyFile *kf;
  const char *group;
  GHashTable *seen; /* path → how many widgets had it so far */
  GtkWidget *toplevel;
  int checked, clipped;   /* the layout check (below) */
  GString *clipped_list;
} Walk;

/* "path", then "path#1", "path#2", ... for the widgets that share it. */
static char *unique_key(Walk *walk, const char *path) {
  guint n = GPOINTER_TO_UINT(g_hash_table_lookup(walk->seen, path));
  g_hash_table_insert(walk->seen, g_strdup(path), GUINT_TO_POINTER(n + 1));
  return n ? g_strdup_printf("%s#%u", path, n) : g_strdup(path);
}

static const char *own_name(GtkWidget *w) {
  const char *name = gtk_widget_get_name(w);
  return name && strcmp(name, G_OBJECT_TYPE_NAME(w)) ? name : NULL; /* GTK answers the type's name for none */
}

/* Names are local to the workbench's own composite widgets (the Unroll*
 * types), as ids are to a template: a layer card's "details" is
 * "layer-card#2/details"; a GTK container's name scopes nothing. */
static gboolean scopes_names(GtkWidget *w) { return g_str_has_prefix(G_OBJECT_TYPE_NAME(w), "Unroll"); }

/* ---- the layout check: what a person could not see or reach ------------- */

/* The controls and charts a person must see whole: buttons (menu buttons,
 * toggles), entries and spin buttons, drop-downs, switches, check boxes,
 * scales and the charts (drawn pictures that are not icons). */
static gboolean must_show(GtkWidget *w) {
  return GTK_IS_BUTTON(w) || GTK_IS_MENU_BUTTON(w) || GTK_IS_ENTRY(w) || GTK_IS_SPIN_BUTTON(w) ||
         GTK_IS_DROP_DOWN(w) || GTK_IS_SWITCH(w) || GTK_IS_CHECK_BUTTON(w) || GTK_IS_SCALE(w) ||
         (gtk_accessible_get_accessible_role(GTK_ACCESSIBLE(w)) == GTK_ACCESSIBLE_ROLE_IMG && !GTK_IS_IMAGE(w));
}

/* A control on screen must lie inside every ancestor that clips its
 * children, up to the window, except where a scrolled window clips it: what
 * is scrolled away can be scrolled to (and one scrolled wholly away is not
 * on screen).  Those that do not count in layout.clipped and are listed,
 * "Type 'text' x,y wxh in Ancestor", in layout.clipped_list. */
static void check_layout(Walk *walk, GtkWidget *w) {
  if (!gtk_widget_is_drawable(w) || !must_show(w) || GTK_WIDGET(gtk_widget_get_native(w)) != walk->toplevel) return;
  graphene_rect_t b;
  if (!gtk_widget_compute_bounds(w, walk->toplevel, &b) || b.size.width < 1 || b.size.height < 1) return;
  GtkWidget *cut = NULL;
  for (GtkWidget *a = gtk_widget_get_parent(w); a && !cut; a = gtk_widget_get_parent(a)) {
    graphene_rect_t ab, in;
    if (gtk_widget_get_overflow(a) != GTK_OVERFLOW_HIDDEN && a != walk->toplevel) continue;
    if (!gtk_widget_compute_bounds(a, walk->toplevel, &ab)) continue;
    if (GTK_IS_VIEWPORT(a) || GTK_IS_SCROLLED_WINDOW(a) || GTK_IS_SCROLLABLE(a)) {
      if (!graphene_rect_intersection(&b, &ab, &in)) return; /* scrolled away */
      b = in;
      continue;
    }
    graphene_rect_inset(&ab, -0.5f, -0.5f);
    if (!graphene_rect_contains_rect(&ab, &b)) cut = a;
  }
  walk->checked++;
  if (!cut) return;
  walk->clipped++;
  g_autofree char *text = widget_text(w);
  g_string_append_printf(walk->clipped_list, "%s%s '%s' %.0f,%.0f %.0fx%.0f in %s", walk->clipped_list->len ? "; " : "",
                         G_OBJECT_TYPE_NAME(w), text ? text : (own_name(w) ?: ""), b.origin.x, b.origin.y,
                         b.size.width, b.size.height, G_OBJECT_TYPE_NAME(cut));
}

/* described: the key of w's nearest described ancestor (NULL: none), for
 * the focus when w itself has none. */
static void walk_tree(Walk *walk, GtkWidget *w, const char *prefix, const char *described) {
  const char *name = own_name(w);
  g_autofree char *key = NULL, *action_key = NULL;
  if (name) {
    g_autofree char *path = g_strconcat(prefix, name, NULL);
    key = unique_key(walk, path);
    describe_widget(walk->kf, walk->group, key, w);
  } else if (GTK_IS_ACTIONABLE(w) && gtk_actionable_get_action_name(GTK_ACTIONABLE(w))) {
    g_autofree char *detailed = g_action_print_detailed_name(gtk_actionable_get_action_name(GTK_ACTIONABLE(w)),
                                                             gtk_actionable_get_action_target_value(GTK_ACTIONABLE(w)));
    action_key = unique_key(walk, detailed);
    describe_actionable(walk->kf, walk->group, action_key, w);
  }
  const char *here = key ? key : action_key ? action_key : described;
  if (gtk_widget_has_focus(w)) { /* the keyboard's place: what a Tab or a key press acts on */
    g_key_file_set_string(walk->kf, walk->group, "focus", here ? here : "");
    g_key_file_set_string(walk->kf, walk->group, "focus.type", G_OBJECT_TYPE_NAME(w));
  }
  check_layout(walk, w);
  g_autofree char *inner = key && scopes_names(w) ? g_strconcat(key, "/", NULL) : g_strdup(prefix);
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c)) walk_tree(walk, c, inner, here);
}

static void describe_xid(GKeyFile *kf, const char *group, GtkWidget *toplevel) {
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface(GTK_NATIVE(toplevel));
  if (surface && GDK_IS_X11_SURFACE(surface))
    g_key_file_set_uint64(kf, group, "xid", (guint64)gdk_x11_surface_get_xid(surface));
#else
  (void)kf; (void)group; (void)toplevel;
#endif
}

void unroll_test_probe_describe(GtkWidget *toplevel, GKeyFile *kf, const char *group) {
  describe_xid(kf, group, toplevel);
  g_key_file_set_integer(kf, group, "width", gtk_widget_get_width(toplevel));
  g_key_file_set_integer(kf, group, "height", gtk_widget_get_height(toplevel));
  if (GTK_IS_WINDOW(toplevel)) g_key_file_set_string(kf, group, "title", gtk_window_get_title(GTK_WINDOW(toplevel)) ?: "");
  Walk walk = {kf, group, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), toplevel, 0, 0, g_string_new(NULL)};
  for (GtkWidget *c = gtk_widget_get_first_child(toplevel); c; c = gtk_widget_get_next_sibling(c)) walk_tree(&walk, c, "", NULL);
  g_hash_table_unref(walk.seen);
  g_key_file_set_integer(kf, group, "layout.checked", walk.checked);
  g_key_file_set_integer(kf, group, "layout.clipped", walk.clipped);
  g_key_file_set_string(kf, group, "layout.clipped_list", walk.clipped_list->str);
  g_string_free(walk.clipped_list, TRUE);
}

/* ---- a window's actions: enabled, and when they ran or changed ------------ */

typedef struct {
  gint64 activated_us, changed_us; /* the first activation since the last change */
  int activations;
} ActionTimes;

static void on_activate(GSimpleAction *a, GVariant *v, ActionTimes *t) {
  (void)a; (void)v;
  t->activations++;
  if (t->activated_us <= t->changed_us) t->activated_us = g_get_monotonic_time();
}

static void on_enabled(GObject *a, GParamSpec *ps, ActionTimes *t) {
  (void)a; (void)ps;
  t->changed_us = g_get_monotonic_time();
}

/* Watches every action the window has: an ::activate handler of ours next
 * to the action's own (only where it has one: a stateful action without one
 * toggles by default, which any handler would stop). */
static void watch_actions(GtkWindow *window) {
  guint activate = g_signal_lookup("activate", G_TYPE_SIMPLE_ACTION);
  g_auto(GStrv) names = g_action_group_list_actions(G_ACTION_GROUP(window));
  for (int i = 0; names[i]; i++) {
    GAction *a = g_action_map_lookup_action(G_ACTION_MAP(window), names[i]);
    if (!G_IS_SIMPLE_ACTION(a) || g_object_get_data(G_OBJECT(a), "unroll-probe-times")) continue;
    ActionTimes *t = g_new0(ActionTimes, 1);
    g_object_set_data_full(G_OBJECT(a), "unroll-probe-times", t, g_free);
    if (g_signal_has_handler_pending(a, activate, 0, TRUE)) g_signal_connect_after(a, "activate", G_CALLBACK(on_activate), t);
    g_signal_connect(a, "notify::enabled", G_CALLBACK(on_enabled), t);
  }
}

static void describe_actions(GKeyFile *kf, const char *group, GtkWindow *window) {
  g_auto(GStrv) names = g_action_group_list_actions(G_ACTION_GROUP(window));
  for (int i = 0; names[i]; i++) {
    g_autofree char *key = g_strconcat("action.", names[i], NULL);
    g_key_file_set_boolean(kf, group, key, g_action_group_get_action_enabled(G_ACTION_GROUP(window), names[i]));
    g_autoptr(GVariant) state = g_action_group_get_action_state(G_ACTION_GROUP(window), names[i]);
    if (state) {
      g_autofree char *printed = g_variant_print(state, FALSE);
      set_string(kf, group, key, ".state", printed);
    }
    GAction *a = g_action_map_lookup_action(G_ACTION_MAP(window), names[i]);
    ActionTimes *t = a ? g_object_get_data(G_OBJECT(a), "unroll-probe-times") : NULL;
    if (!t) continue;
    g_autofree char *k1 = g_strconcat(key, ".activations", NULL), *k2 = g_strconcat(key, ".activated_us", NULL),
                    *k3 = g_strconcat(key, ".changed_us", NULL);
    g_key_file_set_integer(kf, group, k1, t->activations);
    g_key_file_set_int64(kf, group, k2, t->activated_us);
    g_key_file_set_int64(kf, group, k3, t->changed_us);
  }
}

/* ---- a window's frames -------------------------------------------------- */

static void describe_frames(GKeyFile *kf, const char *group, GtkWidget *window) {
  Watch *f = g_object_get_data(G_OBJECT(window), "unroll-probe-frames");
  GdkFrameClock *clock = gtk_widget_get_frame_clock(window);
  if (!f && clock) f = watch_new(G_OBJECT(window), "unroll-probe-frames", g_object_ref(G_OBJECT(clock)), "after-paint");
  if (f) describe_watch(kf, group, "frames.count", "frames.ms", f);
}

/* ---- a window's project, in the engine's format -------------------------- */

typedef struct {
  char *dir;
  UnrollDocument *doc; /* the one it listens to */
  gboolean dirty;
} Snapshot;

static void on_doc_changed(UnrollDocument *doc, Snapshot *s) {
  (void)doc;
  s->dirty = TRUE;
}

static void snapshot_free(gpointer data) {
  Snapshot *s = data;
  if (s->doc) g_signal_handlers_disconnect_by_data(s->doc, s);
  g_clear_object(&s->doc);
  g_free(s->dir);
  g_free(s);
}

/* Writes the window's project when it changed (or is another one now). */
static void describe_project(GKeyFile *kf, const char *group, UnrollWindow *window, const char *dir) {
  Snapshot *s = g_object_get_data(G_OBJECT(window), "unroll-probe-project");
  if (!s) {
    s = g_new0(Snapshot, 1);
    s->dir = g_strdup(dir);
    g_object_set_data_full(G_OBJECT(window), "unroll-probe-project", s, snapshot_free);
  }
  UnrollDocument *doc = unroll_window_get_document(window);
  if (doc != s->doc) {
    if (s->doc) g_signal_handlers_disconnect_by_data(s->doc, s);
    g_set_object(&s->doc, doc);
    if (doc) g_signal_connect(doc, "changed", G_CALLBACK(on_doc_changed), s);
    s->dirty = TRUE;
  }
  if (!doc) return;
  g_autofree char *name = g_strdup_printf("project-%d-%u.unroll", (int)getpid(),
                                          gtk_application_window_get_id(GTK_APPLICATION_WINDOW(window)));
  g_autofree char *path = g_build_filename(s->dir, name, NULL);
  char err[256];
  if (s->dirty && ur_project_save(unroll_document_get_project(doc), path, err, sizeof err) == 0) s->dirty = FALSE;
  GFile *file = unroll_document_get_file(doc);
  g_autofree char *file_path = file ? g_file_get_path(file) : NULL;
  g_key_file_set_string(kf, group, "file", file_path ? file_path : "");
  g_key_file_set_boolean(kf, group, "modified", unroll_document_get_modified(doc));
  g_key_file_set_string(kf, group, "project", path);
}

/* ---- the state file ------------------------------------------------------ */

typedef struct {
  GtkApplication *app;
  char *dir, *path, *last;
} Probe;

static void describe_dialog(GKeyFile *kf, const char *group, GtkWidget *dialog) {
  g_autofree char *text = NULL, *secondary = NULL;
  g_object_get(dialog, "text", &text, "secondary-text", &secondary, NULL);
  g_key_file_set_string(kf, group, "text", text ? text : "");
  g_key_file_set_string(kf, group, "secondary", secondary ? secondary : "");
  describe_xid(kf, group, dialog);
}

static gboolean dump(gpointer data) {
  Probe *p = data;
  g_autoptr(GKeyFile) kf = g_key_file_new();
  int windows = 0, dialogs = 0;
  GListModel *tops = gtk_window_get_toplevels();
  for (guint i = 0; i < g_list_model_get_n_items(tops); i++) {
    g_autoptr(GtkWidget) top = g_list_model_get_item(tops, i);
    char group[64];
    if (GTK_IS_APPLICATION_WINDOW(top) && gtk_window_get_application(GTK_WINDOW(top)) == p->app) {
      g_snprintf(group, sizeof group, "window %u", gtk_application_window_get_id(GTK_APPLICATION_WINDOW(top)));
      g_key_file_set_integer(kf, group, "id", (int)gtk_application_window_get_id(GTK_APPLICATION_WINDOW(top)));
      unroll_test_probe_describe(top, kf, group);
      watch_actions(GTK_WINDOW(top));
      describe_actions(kf, group, GTK_WINDOW(top));
      describe_frames(kf, group, top);
      if (UNROLL_IS_WINDOW(top)) describe_project(kf, group, UNROLL_WINDOW(top), p->dir);
      windows++;
    } else if (GTK_IS_MESSAGE_DIALOG(top) && gtk_widget_get_visible(top)) {
      g_snprintf(group, sizeof group, "dialog %d", ++dialogs);
      describe_dialog(kf, group, top);
    } else if (own_name(top) && gtk_widget_get_visible(top)) {
      unroll_test_probe_describe(top, kf, own_name(top));
    }
  }
  g_key_file_set_integer(kf, "app", "windows", windows);
  g_key_file_set_integer(kf, "app", "dialogs", dialogs);
  g_key_file_set_integer(kf, "app", "pid", (int)getpid());
  g_autofree char *text = g_key_file_to_data(kf, NULL, NULL);
  if (g_strcmp0(text, p->last) != 0) {
    g_file_set_contents(p->path, text, -1, NULL); /* a temporary file renamed: never read half-written */
    g_free(p->last);
    p->last = g_steal_pointer(&text);
  }
  return G_SOURCE_CONTINUE;
}

static void probe_free(gpointer data) {
  Probe *p = data;
  g_free(p->dir);
  g_free(p->path);
  g_free(p->last);
  g_free(p);
}

void unroll_test_probe_install(GtkApplication *app) {
  const char *dir = g_getenv("UNROLL_TEST_PROBE");
  if (!dir || !*dir) return;
  Probe *p = g_new0(Probe, 1);
  p->app = app;
  p->dir = g_strdup(dir);
  g_autofree char *name = g_strdup_printf("state-%d.ini", (int)getpid());
  p->path = g_build_filename(dir, name, NULL);
  g_timeout_add_full(G_PRIORITY_DEFAULT, 100, dump, p, probe_free);
}
