/* test_e2e_groups.c: run groups in the window.
 *
 * usage: test_e2e_groups UNROLL_EXE [OUTPUT_DIR]     (through run-xvfb.sh)
 *
 *  1. linear is trained as a group of the default 3 members; Train pressed
 *     again at once (deep-rnn) queues a second group behind it: Train is
 *     never disabled by a group in progress;
 *  2. win.stop-group stops the deep-rnn group alone once it trains: linear's
 *     members complete, deep-rnn's end cancelled;
 *  3. both groups selected: the Runs page states a verdict in words;
 *  4. saved: every member is in the file with its group, index and seed.
 */
#include <glib.h>
#include <string.h>
#include "e2e_driver.h"

static gboolean ready(gpointer d) { (void)d; int x, y; return ival("xid", 0) && point("canvas", &x, &y); }
static gboolean layers_are(gpointer d) { return project.n_layers == GPOINTER_TO_INT(d); }
static gboolean training(gpointer d) { (void)d; return enabled("stop-training"); }
static gboolean idle_groups(gpointer d) { return !enabled("stop-training") && project_groups() == GPOINTER_TO_INT(d); }
static gboolean status_has(gpointer d) {
  g_autofree char *s = sval("training-progress");
  return s && strstr(s, d) && strstr(s, "Epoch");
}
static gboolean verdict_shown(gpointer d) {
  (void)d;
  g_autofree char *s = sval("compare-verdict");
  return s && *s;
}
static gboolean saved(gpointer d) { return is("modified", "false") && is("file", d); }

static void scenario(void) {
  STEP("1. linear trained as a group, deep-rnn queued behind it");
  action("load-preset", "'linear'");
  if (!wait_for(layers_are, GINT_TO_POINTER(2), 10, "linear's two layers")) return;
  CHECK(project.train.repeats == 3, "Repeats defaults to 3 (%d)", project.train.repeats);
  action("train", NULL);
  if (!wait_for(training, NULL, 20, "training to start")) return;
  action("load-preset", "'deep-rnn'");
  if (!wait_for(layers_are, GINT_TO_POINTER(3), 10, "deep-rnn's three layers")) return;
  CHECK(enabled("train"), "Train is disabled while a group trains");
  action("train", NULL);

  STEP("2. the deep-rnn group stopped alone once it trains");
  if (!wait_for(status_has, "deep-rnn 1", 60, "deep-rnn training")) return;
  action("stop-group", "1");
  if (!wait_for(idle_groups, GINT_TO_POINTER(2), 60, "both groups in the project, the queue empty")) return;
  int linear = 0, cancelled = 0;
  for (int i = 0; i < project.n_runs; i++) {
    const ur_run *r = &project.runs[i];
    if (!strcmp(r->preset, "linear")) linear += r->group == 0 && !strcmp(r->stop, "completed");
    else cancelled += r->group == 1 && !strcmp(r->stop, "cancelled");
  }
  STEP("%d runs: %d linear members completed, %d deep-rnn members cancelled", project.n_runs, linear, cancelled);
  CHECK(linear == 3, "linear's 3 members completed (%d)", linear);
  CHECK(cancelled >= 1 && linear + cancelled == project.n_runs, "deep-rnn's members ended cancelled (%d of %d runs)",
        cancelled, project.n_runs);

  STEP("3. both groups compared in words");
  action("show-panel", "'runs'");
  action("select-all-runs", NULL);
  if (wait_for(verdict_shown, NULL, 10, "the verdict")) {
    g_autofree char *v = sval("compare-verdict");
    STEP("the verdict: %s", v);
  }
  screenshot("e2e-groups.png");

  STEP("4. saved with every member");
  action("save", NULL);
  if (!wait_for(saved, (gpointer)save_path, 20, "the save")) return;
  ur_project p;
  char err[512];
  if (ur_project_load(save_path, &p, err, sizeof err) != 0) {
    CHECK(0, "the saved project: %s", err);
    return;
  }
  CHECK(p.n_runs == project.n_runs, "saved %d runs of %d", p.n_runs, project.n_runs);
  for (int i = 0; i < p.n_runs && i < project.n_runs; i++) {
    const ur_run *a = &p.runs[i], *b = &project.runs[i];
    CHECK(a->group == b->group && a->member == b->member && a->train.seed == b->train.seed &&
              a->train.seed - (unsigned)a->member == b->train.seed - (unsigned)b->member && a->model_len > 0,
          "saved run %d: group %d, member %d, seed %u, %zu bytes of weights", i, a->group, a->member, a->train.seed,
          (size_t)a->model_len);
  }
  ur_project_clear(&p);
}

int main(int argc, char **argv) {
  int rc = e2e_start(argc, argv, "e2e-groups", "groups.unroll", TRUE);
  if (rc) return rc;
  app_pid = spawn_app(NULL);
  if (app_pid && wait_for(ready, NULL, 30, "the window")) scenario();
  e2e_terminate_app();
  return e2e_finish("e2e-groups: two groups queued, one stopped, compared, saved: all checks passed");
}
