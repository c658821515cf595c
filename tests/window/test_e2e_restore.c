/* test_e2e_restore.c: a model replaced says so and comes back.
 *
 * usage: test_e2e_restore UNROLL_EXE [OUTPUT_DIR]     (through run-xvfb.sh)
 *
 *  1. linear (Flatten, Dense) is trained: run 0;
 *  2. loading lstm over it shows a toast that says what it replaced; a
 *     click on its Undo brings linear back and the toast goes;
 *  3. win.restore-selected-run-model (the runs' right-click menu) with run
 *     0 selected puts its model back on the
 *     canvas in the Model view, with a toast; Ctrl+Z brings lstm back;
 *  4. win.duplicate-run-model(0) opens a second window on run 0's model
 *     and leaves the first one's alone; an index out of range does nothing.
 */
#include <glib.h>
#include <string.h>
#include "e2e_driver.h"

static gboolean ready(gpointer d) { (void)d; int x, y; return ival("xid", 0) && point("canvas", &x, &y); }
static gboolean layers_are(gpointer d) { return project.n_layers == GPOINTER_TO_INT(d); }
static gboolean trained(gpointer d) { (void)d; return !enabled("stop-training") && project_groups() == 1; }
static gboolean toast_says(gpointer d) {
  g_autofree char *text = sval("toast-text");
  return is("toast-text.mapped", "true") && strstr(text, d);
}
static gboolean toast_gone(gpointer d) { (void)d; return !is("toast.mapped", "true") || is("toast-text.mapped", "false"); }
static gboolean first_is(gpointer d) {
  return project.n_layers > 0 && project.layers[0].kind == (ur_layer_kind)GPOINTER_TO_INT(d) && is("action.view.state", "'model'");
}

/* Window 2's layers as the engine reads its project, -1 while there is none. */
static int second_window_layers(void) {
  g_autofree char *path = gval("window 2", "project");
  ur_project p;
  char err[256];
  if (!*path || ur_project_load(path, &p, err, sizeof err)) return -1;
  int n = p.n_layers == 2 && p.layers[0].kind == UR_FLATTEN && p.layers[1].kind == UR_DENSE ? 2 : p.n_layers;
  ur_project_clear(&p);
  return n;
}
static gboolean duplicated(gpointer d) { (void)d; return second_window_layers() == 2; }

static void scenario(void) {
  STEP("1. linear trained");
  action("load-preset", "'linear'");
  if (!wait_for(layers_are, GINT_TO_POINTER(2), 10, "linear's two layers")) return;
  action("train", NULL);
  if (!wait_for(trained, NULL, 60, "the linear run")) return;
  g_autofree char *run_name = g_strdup(project.runs[0].name);
  int runs_before = project.n_runs; /* the group's members */

  STEP("2. lstm over it: the toast, and its Undo");
  action("load-preset", "'lstm'");
  if (!wait_for(layers_are, GINT_TO_POINTER(3), 10, "lstm") ||
      !wait_for(toast_says, "Loaded lstm in place of your 2-layer model", 10, "the toast"))
    return;
  g_autofree char *text = sval("toast-text");
  STEP("the toast: %s", text);
  g_usleep(300000); /* the toast slides in */
  reload();
  click_at("window 1", "toast-undo");
  if (!wait_for(layers_are, GINT_TO_POINTER(2), 10, "linear back after the toast's Undo") ||
      !wait_for(toast_gone, NULL, 10, "the toast to go"))
    return;
  STEP("the toast's Undo brought linear back");

  STEP("3. run 0's model put back over lstm, from the runs' right-click menu's action");
  action("load-preset", "'lstm'");
  if (!wait_for(layers_are, GINT_TO_POINTER(3), 10, "lstm again")) return;
  action("show-panel", "'runs'");
  action("select-all-runs", NULL);
  action("restore-selected-run-model", NULL);
  if (!wait_for(first_is, GINT_TO_POINTER(UR_FLATTEN), 10, "run 0's Flatten, Dense in the Model view")) return;
  g_autofree char *want = g_strdup_printf("Put back the model of “%s” in place of your 3-layer model", run_name);
  if (!wait_for(toast_says, want, 10, "the toast for the model put back")) return;
  STEP("put back: %s", want);
  CHECK(project_groups() == 1 && project.n_runs == runs_before, "putting a model back changed the runs (%d)", project.n_runs);
  int xid = (int)ival("xid", 0);
  g_autofree char *undo = g_strdup_printf("mousemove --window %d 600 20 sleep 0.2 key --clearmodifiers ctrl+z", xid);
  xdotool(undo);
  if (!wait_for(first_is, GINT_TO_POINTER(UR_LSTM), 10, "Ctrl+Z: lstm back")) return;

  STEP("4. run 0's model duplicated in a second window");
  action("duplicate-run-model", "0");
  if (!wait_for(duplicated, NULL, 20, "a second window with Flatten, Dense")) return;
  CHECK(project.n_layers == 3 && project.layers[0].kind == UR_LSTM, "duplicating changed the first window's model");
  action("restore-run-model", "7");
  g_usleep(300000);
  reload();
  CHECK(project.n_layers == 3 && project.layers[0].kind == UR_LSTM, "a run out of range changed the model");
  screenshot("e2e-restore.png");
}

int main(int argc, char **argv) {
  int rc = e2e_start(argc, argv, "e2e-restore", "restore.unroll", TRUE);
  if (rc) return rc;
  app_pid = spawn_app(NULL);
  if (app_pid && wait_for(ready, NULL, 30, "the window")) scenario();
  e2e_terminate_app();
  return e2e_finish("e2e-restore: the toast's Undo, a run's model put back and undone, duplicated: all checks passed");
}
