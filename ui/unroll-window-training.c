/* unroll-window-training.c: the window's training half.
 *
 * The bottom area's pages:
 *   Data      the synthetic series (UnrollDataPanel)       ┐ both edit the
 *   Training  optimizer, epochs, clipping, ...              ┘ document (undoable)
 *   Curves    the live loss chart, progress, pause and stop (UnrollTrainingArea)
 *   Runs      the forecast and per-horizon charts over the runs list
 * and the win.* actions behind them: train, pause-training, stop-training,
 * loss-log-scale, export-chart::loss|forecast|horizon, export-history,
 * remove-runs, rename-run, show-panel::data|training|curves|runs.
 *
 * Runs live in the document (saved with the project); the runs list is
 * rebuilt from it whenever its runs serial moves.  What is selected in the
 * list is what the loss chart overlays and the comparison charts compare.
 */
#include "unroll-window-private.h"
#include "unroll-test-probe.h"
#include <math.h>
#include "unroll-chart.h"
#include "run_io.h"

static UnrollWindow *W(gpointer p) { return UNROLL_WINDOW(p); }

gboolean _unroll_window_is_training(UnrollWindow *self) {
  return self->trainer && unroll_trainer_is_running(self->trainer);
}

/* ---- the document's settings <-> the panels ----------------------------- */

static void on_data_changed(UnrollDataPanel *panel, UnrollWindow *self) {
  ur_project p;
  unroll_document_copy_editable(self->doc, &p);
  unroll_data_panel_get_data(panel, &p.data);
  p.input.steps = p.data.n_steps; /* the model reads the series' steps */
  unroll_document_edit(self->doc, &p, "setting:data");
}

static void on_train_settings_changed(UnrollTrainSettings *panel, UnrollWindow *self) {
  ur_project p;
  unroll_document_copy_editable(self->doc, &p);
  unroll_train_settings_get_config(panel, &p.train);
  unroll_document_edit(self->doc, &p, "setting:train");
}

/* ---- runs: the document's, shown in the list ---------------------------- */

static void on_selection(UnrollRunsList *list, UnrollWindow *self) {
  GPtrArray *sel = unroll_runs_list_dup_selected(list);
  unroll_loss_chart_set_runs(unroll_training_area_get_chart(self->training_area), sel);
  unroll_comparison_set_runs(self->comparison, sel);
  g_ptr_array_unref(sel);
  _unroll_window_update_actions(self);
}

static void rebuild_runs(UnrollWindow *self) {
  const ur_project *p = unroll_document_get_project(self->doc);
  gboolean loaded = !self->select_new_run; /* a project opened: compare all its runs */
  g_signal_handlers_block_by_func(self->runs_list, on_selection, self);
  unroll_runs_list_clear(self->runs_list);
  for (int i = 0; i < p->n_runs; i++) {
    UnrollRun *r = unroll_run_new(&p->runs[i]);
    if (r) unroll_runs_list_add(self->runs_list, r, FALSE);
    g_clear_object(&r);
  }
  if (p->n_runs > 0) {
    if (self->select_new_run) unroll_runs_list_select(self->runs_list, (guint)p->n_runs - 1, TRUE);
    else if (loaded) unroll_runs_list_select_all(self->runs_list);
  }
  self->select_new_run = FALSE;
  g_signal_handlers_unblock_by_func(self->runs_list, on_selection, self);
  on_selection(self->runs_list, self);
}

/* The same runs as the list shows, maybe renamed: the list's runs take the
 * document's names in place (their cells and the charts follow ::notify::name),
 * so the selection and the comparison's forecasts stay. */
static void sync_run_names(UnrollWindow *self) {
  const ur_project *p = unroll_document_get_project(self->doc);
  GListModel *m = unroll_runs_list_get_model(self->runs_list);
  if (g_list_model_get_n_items(m) != (guint)p->n_runs) return;
  for (int i = 0; i < p->n_runs; i++) {
    UnrollRun *r = g_list_model_get_item(m, (guint)i);
    unroll_run_set_name(r, p->runs[i].name);
    g_object_unref(r);
  }
}

void _unroll_window_training_doc_changed(UnrollWindow *self) {
  if (!self->data_panel || !self->doc) return;
  const ur_project *p = unroll_document_get_project(self->doc);
  unroll_data_panel_set_data(self->data_panel, &p->data);
  _unroll_window_csv_doc_changed(self);
  unroll_train_settings_set_config(self->train_settings, &p->train);
  guint64 serial = unroll_document_get_runs_serial(self->doc);
  if (serial != self->runs_serial) {
    self->runs_serial = serial;
    rebuild_runs(self);
  } else {
    sync_run_names(self);
  }
}

void _unroll_window_training_set_document(UnrollWindow *self) {
  self->runs_serial = (guint64)-1; /* rebuild on the next ::changed */
}

/* ---- training ------------------------------------------------------------ */

/* The height the bottom area wants for the page `name`: the charts a fixed
 * share of the centre (the most for the comparison); a settings page its
 * natural height at the area's width, so it shows whole and takes no more
 * from the canvas than that. */
static int page_wants(UnrollWindow *self, const char *name) {
  gboolean csv = self->doc && unroll_document_get_project(self->doc)->data.csv.path[0];
  if (!g_strcmp0(name, "runs")) return 500;
  if (!g_strcmp0(name, "curves")) return 460;
  if (!g_strcmp0(name, "data") && csv) return 440; /* the CSV's timeline */
  GtkWidget *bottom = gtk_paned_get_end_child(self->center_paned);
  int min = 0, nat = 0;
  gtk_widget_measure(bottom, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width(bottom), &min, &nat, NULL, NULL);
  return nat;
}

/* Each page wants some height of the centre; the canvas keeps at least 250
 * px.  Applied whenever a page shows, however it was chosen; a page never
 * takes height back from a bottom area already taller. */
static void on_page(GtkStack *stack, GParamSpec *ps, UnrollWindow *self) {
  (void)ps;
  GtkWidget *bottom = gtk_paned_get_end_child(self->center_paned);
  int h = gtk_widget_get_height(GTK_WIDGET(self->center_paned)), have = gtk_widget_get_height(bottom);
  if (h <= 0) return; /* not laid out yet: place_divider does it then */
  int want = page_wants(self, gtk_stack_get_visible_child_name(stack));
  int pos = gtk_paned_get_position(self->center_paned);
  if (have < want) gtk_paned_set_position(self->center_paned, MAX(250, pos - (want - have)));
}

/* The divider's first place.  GtkPaned first gives the bottom area only its
 * least height, where the settings pages scroll; once the centre has a
 * height, the page shown (Data) gets its own, as if it had been picked. */
static gboolean place_divider(GtkWidget *paned, GdkFrameClock *clock, gpointer data) {
  (void)clock;
  if (gtk_widget_get_height(paned) <= 0) return G_SOURCE_CONTINUE;
  UnrollWindow *self = data;
  on_page(self->bottom_stack, NULL, self);
  return G_SOURCE_REMOVE;
}

static void show_panel(UnrollWindow *self, const char *name) {
  gtk_stack_set_visible_child_name(self->bottom_stack, name);
  on_page(self->bottom_stack, NULL, self);
}

static void error_dialog(UnrollWindow *self, const char *what, const char *why) {
  GtkWidget *d = gtk_message_dialog_new(GTK_WINDOW(self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                        GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", what);
  gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(d), "%s", why);
  g_signal_connect(d, "response", G_CALLBACK(gtk_window_destroy), NULL);
  gtk_window_present(GTK_WINDOW(d));
}

static void on_finished(UnrollTrainer *tr, gpointer run, const char *error, UnrollWindow *self) {
  (void)tr;
  const ur_run *r = run;
  if (error) error_dialog(self, "Training could not run", error);
  if (r && r->model_len) { /* a run with weights, however it ended, is kept */
    self->select_new_run = TRUE;
    unroll_document_add_run(self->doc, r);
  }
  _unroll_window_update_actions(self);
  _unroll_window_update_train_button(self);
}

static void act_train(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  const ur_project *pr = unroll_document_get_project(self->doc);
  if (_unroll_window_is_training(self) || !unroll_document_get_analysis(self->doc)->ok) return;
  ur_run setup;
  ur_run_init(&setup);
  char *name = unroll_runs_list_next_name(self->runs_list, pr->preset[0] ? pr->preset : "run");
  g_strlcpy(setup.name, name, sizeof setup.name);
  g_free(name);
  g_strlcpy(setup.preset, pr->preset, sizeof setup.preset);
  setup.colour = unroll_runs_list_next_colour(self->runs_list);
  setup.data = pr->data;
  setup.input = pr->input;
  setup.train = pr->train;
  setup.n_layers = pr->n_layers;
  memcpy(setup.layers, pr->layers, sizeof pr->layers[0] * (size_t)pr->n_layers);
  GError *err = NULL;
  if (!unroll_trainer_start(self->trainer, &setup, NULL, &err)) {
    g_warning("train: %s", err->message);
    g_error_free(err);
    return;
  }
  show_panel(self, "curves");
  _unroll_window_update_actions(self);
  _unroll_window_update_train_button(self);
}

static void act_pause(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  if (unroll_trainer_is_paused(self->trainer)) unroll_trainer_resume(self->trainer);
  else unroll_trainer_pause(self->trainer);
  unroll_training_area_update(self->training_area);
}

static void act_stop(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  if (!_unroll_window_is_training(self)) return;
  unroll_trainer_stop(self->trainer);
}

static void act_log_scale(GSimpleAction *a, GVariant *v, gpointer p) {
  UnrollWindow *self = W(p);
  g_simple_action_set_state(a, v);
  unroll_loss_chart_set_log_scale(unroll_training_area_get_chart(self->training_area), g_variant_get_boolean(v));
}

/* show-panel::data|training|curves|runs, and ::forecast|horizon for the
 * Runs page with that chart's tab. */
static void act_show_panel(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a;
  UnrollWindow *self = W(p);
  const char *name = g_variant_get_string(v, NULL);
  if (!strcmp(name, "forecast") || !strcmp(name, "horizon")) {
    unroll_runs_page_show_chart(self->runs_page, name);
    name = "runs";
  }
  if (gtk_stack_get_child_by_name(self->bottom_stack, name)) show_panel(self, name);
}

static void act_select_all_runs(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  unroll_runs_list_select_all(W(p)->runs_list);
}

/* win.rename-run: the popover on the one selected run (the action is off
 * otherwise).  Like removing, renaming is no undo step: runs are results,
 * kept outside the undo history (unroll-document.h). */
static void act_rename_run(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  if (g_strcmp0(gtk_stack_get_visible_child_name(self->bottom_stack), "runs")) show_panel(self, "runs");
  unroll_runs_list_rename_selected(self->runs_list);
}

/* The list asks; the document renames (and is then modified), and its
 * ::changed brings the name back to the list and the charts. */
static void on_rename_run(UnrollRunsList *list, UnrollRun *run, const char *name, UnrollWindow *self) {
  guint pos;
  if (g_list_store_find(G_LIST_STORE(unroll_runs_list_get_model(list)), run, &pos))
    unroll_document_rename_run(self->doc, (int)pos, name);
}

static void act_remove_runs(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  GListModel *m = unroll_runs_list_get_model(self->runs_list);
  GPtrArray *sel = unroll_runs_list_dup_selected(self->runs_list);
  /* from the end, so the indices of the rest stay right */
  for (guint i = g_list_model_get_n_items(m); i-- > 0;) {
    UnrollRun *r = g_list_model_get_item(m, i);
    gboolean selected = FALSE;
    for (guint k = 0; k < sel->len && !selected; k++) selected = sel->pdata[k] == r;
    g_object_unref(r);
    if (selected) unroll_document_remove_run(self->doc, (int)i);
  }
  g_ptr_array_unref(sel);
}

/* ---- export -------------------------------------------------------------- */

typedef struct {
  UnrollWindow *self;
  char *chart;
} ExportReq;

static void export_req_free(gpointer p) {
  ExportReq *r = p;
  g_object_unref(r->self);
  g_free(r->chart);
  g_free(r);
}

static void export_chart_to(const char *path, gpointer data) {
  ExportReq *r = data;
  UnrollWindow *self = r->self;
  GError *err = NULL;
  gboolean ok = !strcmp(r->chart, "loss") ? unroll_loss_chart_export(unroll_training_area_get_chart(self->training_area), path, &err)
                                          : unroll_runs_page_export_chart(self->runs_page, r->chart, path, &err);
  if (!ok) {
    error_dialog(self, "The chart could not be exported", err->message);
    g_error_free(err);
  }
}

/* The run whose history is exported: the first selected, else the one training. */
static const ur_run *history_run(UnrollWindow *self, UnrollRun **hold) {
  GPtrArray *sel = unroll_runs_list_dup_selected(self->runs_list);
  const ur_run *r = NULL;
  *hold = NULL;
  if (sel->len) {
    *hold = g_object_ref(sel->pdata[0]);
    r = unroll_run_get(*hold);
  } else if (self->trainer) {
    r = unroll_trainer_get_run(self->trainer);
  }
  g_ptr_array_unref(sel);
  return r;
}

static void export_history_to(const char *path, gpointer data) {
  ExportReq *req = data;
  UnrollWindow *self = req->self;
  UnrollRun *hold;
  const ur_run *r = history_run(self, &hold);
  size_t len;
  char *csv = r ? ur_run_history_csv(r, &len) : NULL;
  GError *err = NULL;
  if (!csv) error_dialog(self, "No history to export", "Train a run, or select one in the list.");
  else if (!g_file_set_contents(path, csv, (gssize)len, &err)) {
    error_dialog(self, "The history could not be written", err->message);
    g_error_free(err);
  }
  free(csv);
  g_clear_object(&hold);
}

static void act_export_chart(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a;
  UnrollWindow *self = W(p);
  const char *chart = g_variant_get_string(v, NULL);
  if (strcmp(chart, "loss") && strcmp(chart, "forecast") && strcmp(chart, "horizon")) return;
  ExportReq *req = g_new0(ExportReq, 1);
  req->self = g_object_ref(self);
  req->chart = g_strdup(chart);
  g_autofree char *test = unroll_test_probe_export_path(chart, "png");
  if (test) {
    export_chart_to(test, req);
    export_req_free(req);
    return;
  }
  g_autofree char *name = g_strdup_printf("%s.png", chart);
  unroll_chart_ask_save(GTK_WIDGET(self), "Export the Chart", name, FALSE, export_chart_to, req, export_req_free);
}

static void act_export_history(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  UnrollRun *hold;
  const ur_run *r = history_run(self, &hold);
  g_autofree char *name = g_strdup_printf("%s.csv", r && r->name[0] ? r->name : "history");
  g_clear_object(&hold);
  ExportReq *req = g_new0(ExportReq, 1);
  req->self = g_object_ref(self);
  g_autofree char *test = unroll_test_probe_export_path("history", "csv");
  if (test) {
    export_history_to(test, req);
    export_req_free(req);
    return;
  }
  unroll_chart_ask_save(GTK_WIDGET(self), "Export the Run's History", name, TRUE, export_history_to, req, export_req_free);
}

static const GActionEntry entries[] = {
    {"train", act_train, NULL, NULL, NULL, {0}},
    {"pause-training", act_pause, NULL, NULL, NULL, {0}},
    {"stop-training", act_stop, NULL, NULL, NULL, {0}},
    {"loss-log-scale", NULL, NULL, "false", act_log_scale, {0}},
    {"show-panel", act_show_panel, "s", NULL, NULL, {0}},
    {"remove-runs", act_remove_runs, NULL, NULL, NULL, {0}},
    {"rename-run", act_rename_run, NULL, NULL, NULL, {0}},
    {"select-all-runs", act_select_all_runs, NULL, NULL, NULL, {0}},
    {"export-chart", act_export_chart, "s", NULL, NULL, {0}},
    {"export-history", act_export_history, NULL, NULL, NULL, {0}},
};

void _unroll_window_training_init(UnrollWindow *self) {
  g_action_map_add_action_entries(G_ACTION_MAP(self), entries, G_N_ELEMENTS(entries), self);
  self->trainer = unroll_trainer_new();
  unroll_trainer_attach(self->trainer, GTK_WIDGET(self));
  g_signal_connect(self->trainer, "finished", G_CALLBACK(on_finished), self);
  unroll_training_area_set_trainer(self->training_area, self->trainer);
  g_signal_connect(self->data_panel, "changed", G_CALLBACK(on_data_changed), self);
  g_signal_connect(self->train_settings, "changed", G_CALLBACK(on_train_settings_changed), self);
  self->runs_list = unroll_runs_page_get_list(self->runs_page);
  self->comparison = unroll_runs_page_get_comparison(self->runs_page);
  g_signal_connect(self->runs_list, "selection-changed", G_CALLBACK(on_selection), self);
  g_signal_connect(self->runs_list, "rename-run", G_CALLBACK(on_rename_run), self);
  _unroll_window_csv_init(self);
  g_signal_connect(self->bottom_stack, "notify::visible-child", G_CALLBACK(on_page), self);
  gtk_widget_add_tick_callback(GTK_WIDGET(self->center_paned), place_divider, self, NULL);
}

void _unroll_window_training_dispose(UnrollWindow *self) {
  if (self->trainer) {
    g_signal_handlers_disconnect_by_data(self->trainer, self);
    unroll_trainer_stop(self->trainer); /* the worker finishes on its own; nothing waits for it */
    unroll_trainer_attach(self->trainer, NULL);
  }
  g_clear_object(&self->trainer);
}
