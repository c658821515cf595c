/* unroll-window-runs.c: the runs list and what hangs off it.
 *
 * The list shows groups (unroll-run-group.h) built from two places: the
 * project's runs, grouped by their group id, and, for a group the trainer
 * still trains, stand-ins for its members that have not ended (their
 * settings and seed, queued or training with the share done).  A member
 * that ends joins the project (unroll-window-training.c) and the list is
 * rebuilt from the document's runs serial, so a group's row grows from
 * stand-ins into runs without a second copy to keep in step.
 *
 * What is selected is what the loss chart overlays and the comparison
 * charts compare; two groups selected get the paired verdict of
 * ur_group_compare in words.  The win.* actions of the list live here too:
 * remove-runs, rename-run, select-all-runs, export-chart::loss|forecast|
 * horizon and export-history.
 */
#include "unroll-window-private.h"
#include <string.h>
#include "group.h"
#include "file_io.h"
#include "run_io.h"
#include "unroll-chart.h"
#include "unroll-test-probe.h"

static UnrollWindow *W(gpointer p) { return UNROLL_WINDOW(p); }

/* A project run's index, kept on its UnrollRun so that renaming and
 * removing reach the project's copy (stand-ins have none). */
#define INDEX_KEY "unroll-project-index"

static int project_index(UnrollRun *r) { return GPOINTER_TO_INT(g_object_get_data(G_OBJECT(r), INDEX_KEY)) - 1; }

/* ---- the verdict of two groups ---------------------------------------------- */

static void update_verdict(UnrollWindow *self, GPtrArray *sel) {
  if (sel->len != 2) {
    unroll_runs_page_set_verdict(self->runs_page, NULL);
    return;
  }
  const ur_run *a[UR_GROUP_MAX_MEMBERS], *b[UR_GROUP_MAX_MEMBERS];
  int ka = unroll_run_group_get_runs(sel->pdata[0], a, UR_GROUP_MAX_MEMBERS);
  int kb = unroll_run_group_get_runs(sel->pdata[1], b, UR_GROUP_MAX_MEMBERS);
  ur_group_verdict v;
  memset(&v, 0, sizeof v);
  if (ur_group_compare(a, ka, b, kb, &v) != 0 && !v.text[0])
    g_strlcpy(v.text, "These two cannot be compared.", sizeof v.text);
  unroll_runs_page_set_verdict(self->runs_page, v.text);
}

/* ---- selection ---------------------------------------------------------------- */

static void on_selection(UnrollRunsList *list, UnrollWindow *self) {
  g_autoptr(GPtrArray) sel = unroll_runs_list_dup_selected(list);
  unroll_loss_chart_set_groups(unroll_training_area_get_chart(self->training_area), sel);
  unroll_comparison_set_groups(self->comparison, sel);
  update_verdict(self, sel);
  _unroll_window_update_actions(self);
}

/* ---- the groups --------------------------------------------------------------- */

static UnrollRunGroup *find_group(GPtrArray *groups, int key) {
  for (guint i = 0; i < groups->len; i++)
    if (unroll_run_group_get_key(groups->pdata[i]) == key) return groups->pdata[i];
  return NULL;
}

static double member_fraction(const ur_run *r) {
  double planned = (double)r->train.epochs * (r->batches_per_epoch > 0 ? r->batches_per_epoch : 0);
  return planned > 0 ? CLAMP(r->n_batches / planned, 0, 1) : 0;
}

/* A stand-in for member k of a group in the trainer, while it has not ended. */
static UnrollRun *stand_in(UnrollWindow *self, int id, int k) {
  UnrollMemberState st = unroll_trainer_get_member_state(self->trainer, id, k);
  const ur_run *live = unroll_trainer_get_member(self->trainer, id, k);
  if (!live || st == UNROLL_MEMBER_ENDED) return NULL;
  ur_run copy;
  ur_run_init(&copy);
  g_strlcpy(copy.name, live->name, sizeof copy.name);
  g_strlcpy(copy.preset, live->preset, sizeof copy.preset);
  copy.colour = live->colour;
  copy.group = live->group;
  copy.member = live->member;
  copy.data = live->data;
  copy.input = live->input;
  copy.train = live->train;
  copy.n_layers = live->n_layers;
  memcpy(copy.layers, live->layers, sizeof live->layers[0] * (size_t)live->n_layers);
  UnrollRun *r = unroll_run_new_take(&copy);
  if (r) unroll_run_set_live(r, st == UNROLL_MEMBER_RUNNING ? UNROLL_RUN_TRAINING : UNROLL_RUN_QUEUED, member_fraction(live));
  ur_run_clear(&copy);
  return r;
}

static GPtrArray *collect_groups(UnrollWindow *self) {
  const ur_project *p = unroll_document_get_project(self->doc);
  GPtrArray *groups = g_ptr_array_new_with_free_func(g_object_unref);
  for (int i = 0; i < p->n_runs; i++) {
    const ur_run *r = &p->runs[i];
    int key = r->group >= 0 ? r->group : -2 - i;
    UnrollRunGroup *g = find_group(groups, key);
    if (!g) {
      g = unroll_run_group_new(r->group, key);
      g_ptr_array_add(groups, g);
    }
    UnrollRun *run = unroll_run_new(r);
    if (!run) continue;
    g_object_set_data(G_OBJECT(run), INDEX_KEY, GINT_TO_POINTER(i + 1));
    unroll_run_group_add(g, run);
    g_object_unref(run);
  }
  for (guint i = 0; self->trainer && i < unroll_trainer_get_n_groups(self->trainer); i++) {
    int id = unroll_trainer_get_group_id(self->trainer, i);
    UnrollRunGroup *g = find_group(groups, id);
    if (!g) {
      g = unroll_run_group_new(id, id);
      g_ptr_array_add(groups, g);
    }
    for (int k = 0; k < unroll_trainer_get_group_size(self->trainer, id); k++) {
      UnrollRun *run = stand_in(self, id, k);
      if (!run) continue;
      unroll_run_group_add(g, run);
      g_object_unref(run);
    }
  }
  return groups;
}

void _unroll_window_runs_rebuild(UnrollWindow *self) {
  g_autoptr(GPtrArray) groups = collect_groups(self);
  g_signal_handlers_block_by_func(self->runs_list, on_selection, self);
  unroll_runs_list_set_groups(self->runs_list, groups);
  if (self->select_key != G_MININT) unroll_runs_list_select_group(self->runs_list, self->select_key);
  else if (self->select_all && groups->len) unroll_runs_list_select_all(self->runs_list);
  self->select_key = G_MININT;
  if (groups->len) self->select_all = FALSE;
  g_signal_handlers_unblock_by_func(self->runs_list, on_selection, self);
  self->runs_serial = unroll_document_get_runs_serial(self->doc);
  on_selection(self->runs_list, self);
}

/* The same runs, maybe renamed: the rows take the project's names in place
 * (their cells and the charts follow ::notify::name), so the selection and
 * the comparison's forecasts stay. */
static void sync_names(UnrollWindow *self) {
  const ur_project *p = unroll_document_get_project(self->doc);
  GListModel *groups = unroll_runs_list_get_groups(self->runs_list);
  for (guint i = 0; i < g_list_model_get_n_items(groups); i++) {
    g_autoptr(UnrollRunGroup) g = g_list_model_get_item(groups, i);
    for (guint k = 0; k < unroll_run_group_get_size(g); k++) {
      UnrollRun *r = unroll_run_group_get_member(g, k);
      int at = project_index(r);
      if (at >= 0 && at < p->n_runs) unroll_run_set_name(r, p->runs[at].name);
    }
  }
}

void _unroll_window_runs_doc_changed(UnrollWindow *self) {
  if (!self->runs_list) return;
  if (unroll_document_get_runs_serial(self->doc) != self->runs_serial) _unroll_window_runs_rebuild(self);
  else sync_names(self);
}

/* The stand-ins take the trainer's news at most four times a second: a
 * member that started or moved on; one that ended comes with a rebuild. */
void _unroll_window_runs_follow_trainer(UnrollWindow *self) {
  gint64 now = g_get_monotonic_time();
  if (now - self->live_us < 250000) return;
  self->live_us = now;
  GListModel *groups = unroll_runs_list_get_groups(self->runs_list);
  for (guint i = 0; i < g_list_model_get_n_items(groups); i++) {
    g_autoptr(UnrollRunGroup) g = g_list_model_get_item(groups, i);
    int id = unroll_run_group_get_id(g);
    if (id < 0 || !unroll_trainer_get_group_size(self->trainer, id)) continue;
    for (guint k = 0; k < unroll_run_group_get_size(g); k++) {
      UnrollRun *r = unroll_run_group_get_member(g, k);
      if (unroll_run_get_live(r) == UNROLL_RUN_ENDED) continue;
      int m = unroll_run_get(r)->member;
      UnrollMemberState st = unroll_trainer_get_member_state(self->trainer, id, m);
      const ur_run *live = unroll_trainer_get_member(self->trainer, id, m);
      if (live && st != UNROLL_MEMBER_ENDED)
        unroll_run_set_live(r, st == UNROLL_MEMBER_RUNNING ? UNROLL_RUN_TRAINING : UNROLL_RUN_QUEUED,
                            member_fraction(live));
    }
  }
}

/* ---- names, colours, ids for the next group -------------------------------------- */

static gboolean name_taken(UnrollWindow *self, const char *name) {
  const ur_project *p = unroll_document_get_project(self->doc);
  for (int i = 0; i < p->n_runs; i++)
    if (!strcmp(p->runs[i].name, name)) return TRUE;
  for (guint i = 0; i < unroll_trainer_get_n_groups(self->trainer); i++) {
    const ur_run *r = unroll_trainer_get_member(self->trainer, unroll_trainer_get_group_id(self->trainer, i), 0);
    if (r && !strcmp(r->name, name)) return TRUE;
  }
  return FALSE;
}

char *_unroll_window_runs_next_name(UnrollWindow *self, const char *base) {
  for (int k = 1;; k++) {
    char *name = g_strdup_printf("%s %d", base && *base ? base : "run", k);
    if (!name_taken(self, name)) return name;
    g_free(name);
  }
}

static gboolean colour_taken(UnrollWindow *self, int c) {
  const ur_project *p = unroll_document_get_project(self->doc);
  for (int i = 0; i < p->n_runs; i++)
    if (p->runs[i].colour == c) return TRUE;
  for (guint i = 0; i < unroll_trainer_get_n_groups(self->trainer); i++) {
    const ur_run *r = unroll_trainer_get_member(self->trainer, unroll_trainer_get_group_id(self->trainer, i), 0);
    if (r && r->colour == c) return TRUE;
  }
  return FALSE;
}

int _unroll_window_runs_next_colour(UnrollWindow *self) {
  int c = 0;
  while (colour_taken(self, c)) c++;
  return c;
}

int _unroll_window_runs_next_group(UnrollWindow *self) {
  const ur_project *p = unroll_document_get_project(self->doc);
  return MAX(ur_group_next_id(p->runs, p->n_runs), unroll_trainer_next_group_id(self->trainer));
}

/* ---- rename, remove, select all ---------------------------------------------------- */

/* win.rename-run: the popover on the one selected row (the action is off
 * otherwise).  Like removing, renaming is no undo step: runs are results,
 * kept outside the undo history (unroll-document.h). */
static void act_rename_run(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  g_action_group_activate_action(G_ACTION_GROUP(self), "show-panel", g_variant_new_string("runs"));
  unroll_runs_list_rename_selected(self->runs_list);
}

/* The list asks; the document renames the group's members (and is then
 * modified), and its ::changed brings the name back to the list.  A group
 * still training is renamed in the trainer too, for the members to come. */
static void on_rename_run(UnrollRunsList *list, UnrollRun *run, const char *name, UnrollWindow *self) {
  (void)list;
  int id = unroll_run_get(run)->group;
  if (id >= 0 && unroll_trainer_get_group_size(self->trainer, id)) {
    unroll_trainer_rename_group(self->trainer, id, name);
    GListModel *groups = unroll_runs_list_get_groups(self->runs_list);
    for (guint i = 0; i < g_list_model_get_n_items(groups); i++) {
      g_autoptr(UnrollRunGroup) g = g_list_model_get_item(groups, i);
      if (unroll_run_group_get_id(g) == id) unroll_run_group_set_name(g, name);
    }
  }
  int at = project_index(run);
  if (at < 0) { /* a stand-in: any member already in the project carries the name */
    const ur_project *p = unroll_document_get_project(self->doc);
    for (int i = 0; i < p->n_runs && at < 0; i++)
      if (id >= 0 && p->runs[i].group == id) at = i;
  }
  if (at >= 0) unroll_document_rename_run(self->doc, at, name);
}

static void act_remove_runs(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  UnrollWindow *self = W(p);
  const ur_project *pr = unroll_document_get_project(self->doc);
  if (pr->n_runs == 0) return;
  g_autoptr(GPtrArray) sel = unroll_runs_list_dup_selected_runs(self->runs_list);
  gboolean *which = g_new0(gboolean, pr->n_runs);
  gboolean any = FALSE;
  for (guint i = 0; i < sel->len; i++) {
    int at = project_index(sel->pdata[i]);
    if (at >= 0 && at < pr->n_runs) which[at] = any = TRUE;
  }
  if (any) unroll_document_remove_runs(self->doc, which);
  g_free(which);
}

/* win.restore-selected-run-model and win.duplicate-selected-run-model (the
 * runs' right-click menu): win.restore-run-model(i) and
 * win.duplicate-run-model(i) on the first selected run the project holds. */
static void on_selected_run_model(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)v;
  UnrollWindow *self = W(p);
  g_autoptr(GPtrArray) sel = unroll_runs_list_dup_selected_runs(self->runs_list);
  const char *to = !strcmp(g_action_get_name(G_ACTION(a)), "restore-selected-run-model") ? "restore-run-model"
                                                                                       : "duplicate-run-model";
  for (guint i = 0; i < sel->len; i++) {
    int at = project_index(sel->pdata[i]);
    if (at >= 0) {
      g_action_group_activate_action(G_ACTION_GROUP(self), to, g_variant_new_int32(at));
      return;
    }
  }
  _unroll_window_toast(self, "Select a run that has finished training first.");
}

static void act_select_all_runs(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  unroll_runs_list_select_all(W(p)->runs_list);
}

/* ---- export ------------------------------------------------------------------------ */

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
  gboolean ok = !strcmp(r->chart, "loss")
                    ? unroll_loss_chart_export(unroll_training_area_get_chart(self->training_area), path, &err)
                    : unroll_runs_page_export_chart(self->runs_page, r->chart, path, &err);
  if (!ok) {
    _unroll_window_error_dialog(self, "The chart could not be exported", err->message);
    g_error_free(err);
  }
}

/* The run whose history is exported: the first selected one with a
 * history, else the first member training. */
static const ur_run *history_run(UnrollWindow *self, UnrollRun **hold) {
  g_autoptr(GPtrArray) sel = unroll_runs_list_dup_selected_runs(self->runs_list);
  *hold = NULL;
  for (guint i = 0; i < sel->len; i++)
    if (unroll_run_get(sel->pdata[i])->n_batches > 0) {
      *hold = g_object_ref(sel->pdata[i]);
      return unroll_run_get(*hold);
    }
  for (guint i = 0; i < unroll_trainer_get_n_groups(self->trainer); i++) {
    int id = unroll_trainer_get_group_id(self->trainer, i);
    for (int k = 0; k < unroll_trainer_get_group_size(self->trainer, id); k++) {
      const ur_run *r = unroll_trainer_get_member(self->trainer, id, k);
      if (r && r->n_batches > 0) return r;
    }
  }
  return NULL;
}

static void export_history_to(const char *path, gpointer data) {
  ExportReq *req = data;
  UnrollWindow *self = req->self;
  UnrollRun *hold;
  const ur_run *r = history_run(self, &hold);
  size_t len;
  char *csv = r ? ur_run_history_csv(r, &len) : NULL;
  char err[512];
  /* saved as every save is: atomic, a symlink's target and the mode kept */
  if (!csv) _unroll_window_error_dialog(self, "No history to export", "Train a run, or select one in the list.");
  else if (ur_write_file_atomic(path, csv, len, err, sizeof err) != 0)
    _unroll_window_error_dialog(self, "The history could not be written", err);
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
  unroll_chart_ask_save(GTK_WIDGET(self), "Export the Run's History", name, TRUE, export_history_to, req,
                        export_req_free);
}

static const GActionEntry entries[] = {
    {"remove-runs", act_remove_runs, NULL, NULL, NULL, {0}},
    {"rename-run", act_rename_run, NULL, NULL, NULL, {0}},
    {"select-all-runs", act_select_all_runs, NULL, NULL, NULL, {0}},
    {"export-chart", act_export_chart, "s", NULL, NULL, {0}},
    {"export-history", act_export_history, NULL, NULL, NULL, {0}},
    {"restore-selected-run-model", on_selected_run_model, NULL, NULL, NULL, {0}},
    {"duplicate-selected-run-model", on_selected_run_model, NULL, NULL, NULL, {0}},
};

void _unroll_window_runs_init(UnrollWindow *self) {
  g_action_map_add_action_entries(G_ACTION_MAP(self), entries, G_N_ELEMENTS(entries), self);
  self->runs_list = unroll_runs_page_get_list(self->runs_page);
  self->comparison = unroll_runs_page_get_comparison(self->runs_page);
  g_signal_connect(self->runs_list, "selection-changed", G_CALLBACK(on_selection), self);
  g_signal_connect(self->runs_list, "rename-run", G_CALLBACK(on_rename_run), self);
}
