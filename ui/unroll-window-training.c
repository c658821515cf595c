/* unroll-window-training.c: the window's training half.
 *
 * The bottom area's pages:
 *   Data      the synthetic series (UnrollDataPanel)       ┐ both edit the
 *   Training  optimizer, epochs, clipping, repeats, ...     ┘ document (undoable)
 *   Curves    the live loss chart, the queue's progress, pause and stop (UnrollTrainingArea)
 *   Runs      the forecast and per-horizon charts over the runs list (unroll-window-runs.c)
 * and the win.* actions behind them: train, pause-training, stop-training
 * (every member), stop-group(i), stop-selected-runs, loss-log-scale,
 * show-panel::data|training|curves|runs.
 *
 * Train queues a group of the project's repeats members on the trainer
 * (unroll-trainer.h) whether or not others train: the pool runs as many
 * members at once as the Parallel jobs setting says.  A member that ends
 * with weights joins the project at once (saved with it, shown in the
 * runs list); the members still queued or training are shown by stand-ins.
 * How many jobs, the log scale: this computer's settings (unroll-state.h),
 * not the project's.
 */
#include "unroll-window-private.h"
#include <math.h>
#include "pool.h"
#include "unroll-state.h"

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

/* Parallel jobs: this computer's, kept across sessions, not in the project. */
static void on_jobs_changed(UnrollTrainSettings *panel, UnrollWindow *self) {
  int jobs = unroll_train_settings_get_jobs(panel);
  unroll_trainer_set_jobs(self->trainer, jobs);
  unroll_state_set_int("jobs", jobs);
}

/* What the Curves page says before anything trained in this window: a
 * reopened project's runs are there to be looked at. */
static void update_idle_text(UnrollWindow *self) {
  int n = unroll_document_get_project(self->doc)->n_runs;
  g_autofree char *text = n ? g_strdup_printf("%d run%s in this project: select them under Runs to see their curves here",
                                              n, n == 1 ? "" : "s")
                            : g_strdup("Not trained yet");
  unroll_training_area_set_idle_text(self->training_area, text);
}

void _unroll_window_training_doc_changed(UnrollWindow *self) {
  if (!self->data_panel || !self->doc) return;
  const ur_project *p = unroll_document_get_project(self->doc);
  unroll_data_panel_set_data(self->data_panel, &p->data);
  _unroll_window_csv_doc_changed(self);
  unroll_train_settings_set_config(self->train_settings, &p->train);
  update_idle_text(self);
  _unroll_window_runs_doc_changed(self);
}

void _unroll_window_training_set_document(UnrollWindow *self) {
  self->runs_serial = (guint64)-1; /* rebuild on the next ::changed */
  self->select_all = TRUE;         /* a project opened: compare all its runs */
}

/* ---- the pages' heights ----------------------------------------------------- */

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

void _unroll_window_error_dialog(UnrollWindow *self, const char *what, const char *why) {
  GtkWidget *d = gtk_message_dialog_new(GTK_WINDOW(self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                        GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", what);
  gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(d), "%s", why);
  g_signal_connect(d, "response", G_CALLBACK(gtk_window_destroy), NULL);
  gtk_window_present(GTK_WINDOW(d));
}

/* ---- the trainer's news -------------------------------------------------------- */

/* A member ended: with weights, however it ended, it joins the project. */
static void on_member_finished(UnrollTrainer *tr, int group, int k, gpointer run, const char *error, UnrollWindow *self) {
  (void)tr; (void)k;
  const ur_run *r = run;
  if (error && self->error_group != group) { /* its group's data failed: said once for the group */
    self->error_group = group;
    _unroll_window_error_dialog(self, "Training could not run", error);
  }
  if (r && r->model_len) unroll_document_add_run(self->doc, r);
}

/* The group is still in the trainer while this runs (it leaves when the
 * handlers return): the list and the actions follow on the ::progress that
 * comes after, when the trainer says how many groups are left. */
static void on_group_finished(UnrollTrainer *tr, int group, UnrollWindow *self) {
  (void)tr; (void)group;
  self->group_ended = TRUE;
}

static void on_trainer_progress(UnrollTrainer *tr, UnrollWindow *self) {
  (void)tr;
  if (self->group_ended) {
    self->group_ended = FALSE;
    _unroll_window_runs_rebuild(self); /* its stand-ins go; its members are the project's */
    _unroll_window_update_actions(self);
    _unroll_window_update_train_button(self);
    return;
  }
  _unroll_window_runs_follow_trainer(self);
}

/* ---- training ------------------------------------------------------------ */

static void act_train(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  const ur_project *pr = unroll_document_get_project(self->doc);
  if (!unroll_document_get_analysis(self->doc)->ok) return;
  ur_run setup;
  ur_project_new_run(pr, &setup);
  g_autofree char *name = _unroll_window_runs_next_name(self, pr->preset[0] ? pr->preset : "run");
  g_strlcpy(setup.name, name, sizeof setup.name);
  setup.colour = _unroll_window_runs_next_colour(self);
  setup.group = _unroll_window_runs_next_group(self);
  GError *err = NULL;
  if (!unroll_trainer_start(self->trainer, &setup, NULL, &err)) {
    g_warning("train: %s", err->message);
    g_error_free(err);
    return;
  }
  self->select_key = setup.group; /* the new group, selected: its curves in front */
  _unroll_window_runs_rebuild(self);
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

/* Stop: every member queued or training. */
static void act_stop(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  if (_unroll_window_is_training(self)) unroll_trainer_stop(self->trainer);
}

/* stop-group(i): one group, by its id. */
static void act_stop_group(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a;
  unroll_trainer_stop_group(W(p)->trainer, g_variant_get_int32(v));
}

/* The selected groups that train (a member row alone: that member). */
static void act_stop_selected(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  g_autoptr(GPtrArray) sel = unroll_runs_list_dup_selected(self->runs_list);
  for (guint i = 0; i < sel->len; i++) {
    UnrollRunGroup *g = sel->pdata[i];
    int id = unroll_run_group_get_id(g);
    if (!unroll_run_group_is_view(g)) unroll_trainer_stop_group(self->trainer, id);
    else unroll_trainer_stop_member(self->trainer, id, unroll_run_group_get_first(g)->member);
  }
}

static gboolean any_selected_training(UnrollWindow *self) {
  g_autoptr(GPtrArray) sel = unroll_runs_list_dup_selected(self->runs_list);
  for (guint i = 0; i < sel->len; i++)
    if (unroll_run_group_get_n_live(sel->pdata[i])) return TRUE;
  return FALSE;
}

static void act_log_scale(GSimpleAction *a, GVariant *v, gpointer p) {
  UnrollWindow *self = W(p);
  g_simple_action_set_state(a, v);
  unroll_loss_chart_set_log_scale(unroll_training_area_get_chart(self->training_area), g_variant_get_boolean(v));
  unroll_state_set_bool("loss-log-scale", g_variant_get_boolean(v));
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

static void enable(UnrollWindow *self, const char *name, gboolean on) {
  GAction *a = g_action_map_lookup_action(G_ACTION_MAP(self), name);
  if (a) g_simple_action_set_enabled(G_SIMPLE_ACTION(a), on);
}

/* Train, whenever the stack can train (another group queues behind those
 * training); pause and stop while anything trains. */
void _unroll_window_training_update_actions(UnrollWindow *self) {
  gboolean training = _unroll_window_is_training(self);
  enable(self, "train", unroll_document_get_analysis(self->doc)->ok);
  enable(self, "pause-training", training);
  enable(self, "stop-training", training);
  enable(self, "stop-group", training);
  enable(self, "stop-selected-runs", training && any_selected_training(self));
  enable(self, "rename-run", unroll_runs_list_get_n_selected(self->runs_list) == 1);
}

static const GActionEntry entries[] = {
    {"train", act_train, NULL, NULL, NULL, {0}},
    {"pause-training", act_pause, NULL, NULL, NULL, {0}},
    {"stop-training", act_stop, NULL, NULL, NULL, {0}},
    {"stop-group", act_stop_group, "i", NULL, NULL, {0}},
    {"stop-selected-runs", act_stop_selected, NULL, NULL, NULL, {0}},
    {"loss-log-scale", NULL, NULL, "false", act_log_scale, {0}},
    {"show-panel", act_show_panel, "s", NULL, NULL, {0}},
};

/* This computer's settings, as the person left them. */
static void restore_state(UnrollWindow *self) {
  int jobs = CLAMP(unroll_state_get_int("jobs", ur_pool_default_jobs()), 1, UR_POOL_MAX_JOBS);
  unroll_trainer_set_jobs(self->trainer, jobs);
  unroll_train_settings_set_jobs(self->train_settings, jobs);
  if (unroll_state_get_bool("loss-log-scale", FALSE))
    g_action_group_change_action_state(G_ACTION_GROUP(self), "loss-log-scale", g_variant_new_boolean(TRUE));
}

void _unroll_window_training_init(UnrollWindow *self) {
  g_action_map_add_action_entries(G_ACTION_MAP(self), entries, G_N_ELEMENTS(entries), self);
  self->select_key = G_MININT;
  self->error_group = -1;
  self->trainer = unroll_trainer_new();
  unroll_trainer_attach(self->trainer, GTK_WIDGET(self));
  g_signal_connect(self->trainer, "member-finished", G_CALLBACK(on_member_finished), self);
  g_signal_connect(self->trainer, "group-finished", G_CALLBACK(on_group_finished), self);
  g_signal_connect(self->trainer, "progress", G_CALLBACK(on_trainer_progress), self);
  unroll_training_area_set_trainer(self->training_area, self->trainer);
  g_signal_connect(self->data_panel, "changed", G_CALLBACK(on_data_changed), self);
  g_signal_connect(self->train_settings, "changed", G_CALLBACK(on_train_settings_changed), self);
  g_signal_connect(self->train_settings, "jobs-changed", G_CALLBACK(on_jobs_changed), self);
  _unroll_window_runs_init(self);
  _unroll_window_csv_init(self);
  restore_state(self);
  g_signal_connect(self->bottom_stack, "notify::visible-child", G_CALLBACK(on_page), self);
  gtk_widget_add_tick_callback(GTK_WIDGET(self->center_paned), place_divider, self, NULL);
}

void _unroll_window_training_dispose(UnrollWindow *self) {
  if (self->trainer) {
    g_signal_handlers_disconnect_by_data(self->trainer, self);
    unroll_trainer_stop(self->trainer); /* the members end on their own; nothing waits for them */
    unroll_trainer_attach(self->trainer, NULL);
  }
  g_clear_object(&self->trainer);
}
