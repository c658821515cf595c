/* unroll-window-actions.c: every command of a window is a GAction, so the
 * menus, the shortcuts, the buttons, the palette and the tests all go
 * through the same code. */
#include "unroll-window-private.h"

static UnrollWindow *W(gpointer p) { return UNROLL_WINDOW(p); }

static void act_save(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  _unroll_window_save(W(p), FALSE, FALSE);
}
static void act_save_as(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  _unroll_window_save(W(p), TRUE, FALSE);
}
static void act_export(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  _unroll_window_export_keras(W(p));
}
static void act_undo(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  unroll_document_undo(W(p)->doc);
}
static void act_redo(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  unroll_document_redo(W(p)->doc);
}
static void act_close(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  gtk_window_close(GTK_WINDOW(p));
}

/* win.add-layer::gru appends a layer and selects it. */
static void act_add_layer(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a;
  UnrollWindow *self = W(p);
  int kind = ur_kind_from_id(g_variant_get_string(v, NULL));
  const ur_project *pr = unroll_document_get_project(self->doc);
  if (kind < 0 || pr->n_layers >= UR_MAX_LAYERS) return;
  ur_layer_spec spec = ur_spec_default((ur_layer_kind)kind);
  int at = pr->n_layers;
  unroll_document_insert_layer(self->doc, at, &spec);
  unroll_canvas_set_selected(self->canvas, at);
}

/* win.remove-layer(i): a card dropped on the palette. */
static void act_remove_layer(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a;
  unroll_document_remove_layer(W(p)->doc, g_variant_get_int32(v));
}

static void act_delete_layer(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  int sel = unroll_canvas_get_selected(self->canvas);
  if (sel < 0) return;
  unroll_document_remove_layer(self->doc, sel); /* the canvas keeps the index, clamped: the next card */
  GtkWidget *card = unroll_canvas_get_card(self->canvas, unroll_canvas_get_selected(self->canvas));
  if (card) gtk_widget_grab_focus(card);
}

static void move_selected(UnrollWindow *self, int dir) {
  int sel = unroll_canvas_get_selected(self->canvas), n = unroll_document_get_project(self->doc)->n_layers;
  if (sel < 0 || sel + dir < 0 || sel + dir >= n) return;
  unroll_document_move_layer(self->doc, sel, sel + dir);
  unroll_canvas_set_selected(self->canvas, sel + dir);
  GtkWidget *card = unroll_canvas_get_card(self->canvas, sel + dir);
  if (card) gtk_widget_grab_focus(card);
}
static void act_move_up(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  move_selected(W(p), -1);
}
static void act_move_down(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  move_selected(W(p), 1);
}

static void act_apply_fix(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  unroll_document_apply_fix(W(p)->doc);
}

/* "3-layer model", "model", for a toast: what an edit replaced. */
static char *describe_stack(int n_layers) {
  return n_layers > 0 ? g_strdup_printf("%d-layer model", n_layers) : g_strdup("model");
}

/* A preset replaces the whole stack and the settings: one undo step, and
 * when there was a model to lose, a toast that says so, with Undo. */
static void act_load_preset(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a;
  UnrollWindow *self = W(p);
  const char *name = g_variant_get_string(v, NULL);
  int before = unroll_document_get_project(self->doc)->n_layers;
  if (!unroll_document_load_preset(self->doc, name)) return;
  unroll_canvas_set_selected(self->canvas, UNROLL_CANVAS_NONE);
  _unroll_window_show_model(self);
  if (before > 0) {
    g_autofree char *was = describe_stack(before);
    g_autofree char *text = g_strdup_printf("Loaded %s in place of your %s.", name, was);
    _unroll_window_toast(self, text);
  }
}

void _unroll_window_take_run_setup(ur_project *p, const ur_run *run) {
  g_strlcpy(p->preset, run->preset, sizeof p->preset);
  p->data = run->data;
  p->input = run->input;
  p->train = run->train;
  p->n_layers = run->n_layers;
  memcpy(p->layers, run->layers, sizeof p->layers[0] * (size_t)run->n_layers);
}

/* The run at index i of the project (the runs list's order), or NULL. */
static const ur_run *run_at(UnrollWindow *self, GVariant *v) {
  const ur_project *p = unroll_document_get_project(self->doc);
  int i = g_variant_get_int32(v);
  return i >= 0 && i < p->n_runs ? &p->runs[i] : NULL;
}

/* win.restore-run-model(i): run i's stack, data and training settings on the
 * canvas again, as one undoable edit, said in a toast with Undo. */
static void act_restore_run_model(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a;
  UnrollWindow *self = W(p);
  const ur_run *run = run_at(self, v);
  if (!run) return;
  ur_project next;
  unroll_document_copy_editable(self->doc, &next);
  int before = next.n_layers;
  g_autofree char *name = g_strdup(run->name); /* the edit may move the runs */
  _unroll_window_take_run_setup(&next, run);
  unroll_document_edit(self->doc, &next, NULL);
  unroll_canvas_set_selected(self->canvas, UNROLL_CANVAS_NONE);
  _unroll_window_show_model(self);
  g_autofree char *was = describe_stack(before);
  g_autofree char *text = g_strdup_printf("Put back the model of “%s” in place of your %s.", name, was);
  _unroll_window_toast(self, text);
}

/* win.duplicate-run-model(i): run i's stack and settings as a new, untitled
 * project in a window of its own; this window's model stays as it is. */
static void act_duplicate_run_model(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a;
  UnrollWindow *self = W(p);
  const ur_run *run = run_at(self, v);
  if (!run) return;
  g_autoptr(UnrollDocument) doc = unroll_document_new();
  ur_project next;
  unroll_document_copy_editable(doc, &next);
  _unroll_window_take_run_setup(&next, run);
  unroll_document_edit(doc, &next, NULL);
  UnrollWindow *win = unroll_window_new(gtk_window_get_application(GTK_WINDOW(self)));
  unroll_window_set_document(win, doc);
  gtk_window_present(GTK_WINDOW(win));
}

static const GActionEntry entries[] = {
    {"save", act_save, NULL, NULL, NULL, {0}},
    {"save-as", act_save_as, NULL, NULL, NULL, {0}},
    {"export-keras", act_export, NULL, NULL, NULL, {0}},
    {"undo", act_undo, NULL, NULL, NULL, {0}},
    {"redo", act_redo, NULL, NULL, NULL, {0}},
    {"close", act_close, NULL, NULL, NULL, {0}},
    {"add-layer", act_add_layer, "s", NULL, NULL, {0}},
    {"remove-layer", act_remove_layer, "i", NULL, NULL, {0}},
    {"delete-layer", act_delete_layer, NULL, NULL, NULL, {0}},
    {"move-up", act_move_up, NULL, NULL, NULL, {0}},
    {"move-down", act_move_down, NULL, NULL, NULL, {0}},
    {"apply-fix", act_apply_fix, NULL, NULL, NULL, {0}},
    {"load-preset", act_load_preset, "s", NULL, NULL, {0}},
    {"restore-run-model", act_restore_run_model, "i", NULL, NULL, {0}},
    {"duplicate-run-model", act_duplicate_run_model, "i", NULL, NULL, {0}},
};

void _unroll_window_install_actions(UnrollWindow *self) {
  g_action_map_add_action_entries(G_ACTION_MAP(self), entries, G_N_ELEMENTS(entries), self);
}

static void enable(UnrollWindow *self, const char *name, gboolean on) {
  GAction *a = g_action_map_lookup_action(G_ACTION_MAP(self), name);
  if (a) g_simple_action_set_enabled(G_SIMPLE_ACTION(a), on);
}

void _unroll_window_update_actions(UnrollWindow *self) {
  if (!self->doc) return;
  const ur_project *p = unroll_document_get_project(self->doc);
  const UnrollAnalysis *a = unroll_document_get_analysis(self->doc);
  int sel = unroll_canvas_get_selected(self->canvas);
  enable(self, "undo", unroll_document_can_undo(self->doc));
  enable(self, "redo", unroll_document_can_redo(self->doc));
  enable(self, "delete-layer", sel >= 0);
  enable(self, "move-up", sel > 0);
  enable(self, "move-down", sel >= 0 && sel < p->n_layers - 1);
  enable(self, "add-layer", p->n_layers < UR_MAX_LAYERS);
  enable(self, "restore-run-model", p->n_runs > 0);
  enable(self, "duplicate-run-model", p->n_runs > 0);
  enable(self, "apply-fix", a->fix != UNROLL_FIX_NONE);
  /* Keras builds any stack the engine accepts, whatever the task. */
  enable(self, "export-keras", p->n_layers > 0 && a->known == p->n_layers);
  /* Train, pause, stop and the runs' actions (unroll-window-training.c) */
  _unroll_window_training_update_actions(self);
  /* the CSV's actions (unroll-window-csv.c): only while the project trains on one */
  enable(self, "edit-csv", p->data.csv.path[0] != 0);
  enable(self, "use-synthetic", p->data.csv.path[0] != 0);
}

/* The Presets menu: the trained models of the chapter, as `unroll presets`
 * lists them; the baselines are computed, not built from layers, so they are
 * shown but cannot be chosen (their action does not exist). */
GMenuModel *_unroll_window_presets_menu(void) {
  static GMenu *menu;
  if (menu) return G_MENU_MODEL(menu);
  menu = g_menu_new();
  GMenu *models = g_menu_new(), *baselines = g_menu_new();
  for (int i = 0; i < ur_preset_count(); i++) {
    const ur_preset *p = ur_preset_at(i);
    /* "simple-rnn — SimpleRNN(1)": the description up to its first colon. */
    const char *colon = strchr(p->description, ':');
    int len = colon ? (int)(colon - p->description) : (int)strlen(p->description);
    g_autofree char *label = g_strdup_printf("%s — %.*s", p->name, len, p->description);
    if (p->n_layers > 0 && p->kind != UR_PRESET_NAIVE && p->kind != UR_PRESET_LINEAR_EXACT) {
      GMenuItem *item = g_menu_item_new(label, NULL);
      g_menu_item_set_action_and_target_value(item, "win.load-preset", g_variant_new_string(p->name));
      g_menu_append_item(models, item);
      g_object_unref(item);
    } else {
      g_menu_append(baselines, label, "win.baseline-has-no-layers");
    }
  }
  g_menu_append_section(menu, "Models of chapter 15", G_MENU_MODEL(models));
  g_menu_append_section(menu, "Baselines (computed, no layers)", G_MENU_MODEL(baselines));
  g_object_unref(models);
  g_object_unref(baselines);
  return G_MENU_MODEL(menu);
}
