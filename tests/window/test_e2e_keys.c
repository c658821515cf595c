/* test_e2e_keys.c: the whole path from an empty model to an exported chart
 * with the keyboard alone.
 *
 * usage: test_e2e_keys UNROLL_EXE [OUTPUT_DIR]     (through run-xvfb.sh)
 *
 * The pointer is never moved nor clicked: the X focus is given to the
 * window (xdotool windowfocus) and everything else is key presses, each
 * checked against where the probe says the keyboard focus is
 * (ui/unroll-test-probe.h: focus):
 *  1. Tab until the palette has the focus; the palette is one Tab stop
 *     (Tab leaves it, Shift+Tab comes back to the same row);
 *  2. Down to GRU, Return: a GRU is appended and selected, the inspector
 *     shows it;
 *  3. Tab to the inspector's Units, Ctrl+A, 1, Return: GRU(1), whose output
 *     is the task's, so the model can train;
 *  4. Ctrl+Return trains; Ctrl+1 shows the Model view, Ctrl+2 the Results;
 *  5. Tab to the loss chart's export button, Space: the chart is written
 *     (UNROLL_TEST_EXPORT_DIR stands in for the file chooser);
 *  6. Ctrl+. stops the run if it still trains; the project keeps it.
 */
#include <glib.h>
#include <string.h>
#include "e2e_driver.h"

static char *export_dir;

static gboolean ready(gpointer d) { (void)d; int x, y; return ival("xid", 0) && point("canvas", &x, &y); }
static gboolean focus_starts(gpointer d) { return starts("focus", d); }
static gboolean focus_is(gpointer d) { return is("focus", d); }
static gboolean gru_of(gpointer d) {
  return project.n_layers == 1 && project.layers[0].kind == UR_GRU && project.layers[0].units == GPOINTER_TO_INT(d);
}
static gboolean inspector_up(gpointer d) { (void)d; return is("inspector-units.mapped", "true"); }
static gboolean trainable(gpointer d) { (void)d; return enabled("train"); }
static gboolean training(gpointer d) { (void)d; return enabled("stop-training"); }
static gboolean view_is(gpointer d) {
  g_autofree char *want = g_strdup_printf("'%s'", (const char *)d);
  return is("action.view.state", want);
}
static gboolean stopped_run(gpointer d) { (void)d; return !enabled("stop-training") && project_groups() == 1; }

/* The focus after a key press, once the probe has written it (every 100 ms). */
static void after_key(void) {
  g_usleep(250000);
  reload();
}

/* Presses KEY until the focus meets pred (at most `most` times). */
static gboolean press_until(const char *key, Pred pred, gpointer data, int most, const char *what) {
  for (int i = 0; i < most; i++) {
    reload();
    if (pred(data)) return TRUE;
    press(key);
    after_key();
  }
  reload();
  g_autofree char *focus = sval("focus"), *type = sval("focus.type");
  CHECK(pred(data), "%s: %d presses of %s, and the focus is on %s (%s)", what, most, key, focus, type);
  return pred(data);
}

static void keyboard_path(void) {
  long xid = ival("xid", 0);
  g_autofree char *give = g_strdup_printf("windowfocus --sync %ld", xid);
  xdotool(give);

  STEP("1. Tab to the palette: one Tab stop");
  if (!press_until("Tab", focus_starts, "win.add-layer::", 30, "Tab to the palette")) return;
  g_autofree char *row = sval("focus");
  STEP("the palette's row %s has the focus", row);
  press("Tab");
  after_key();
  g_autofree char *next = sval("focus"), *next_type = sval("focus.type");
  CHECK(!g_str_has_prefix(next, "win.add-layer::"), "Tab went from %s to another row, %s", row, next);
  STEP("one Tab later the focus left the palette for %s (%s)", next, next_type);
  press("shift+Tab");
  after_key();
  CHECK(is("focus", row), "Shift+Tab did not come back to %s", row);

  STEP("2. Down to GRU, Return");
  if (!press_until("Down", focus_is, "win.add-layer::gru", 15, "Down to GRU")) return;
  press("Return");
  if (!wait_for(gru_of, GINT_TO_POINTER(20), 10, "a GRU appended") || !wait_for(inspector_up, NULL, 10, "the inspector"))
    return;

  STEP("3. Tab to Units, 1, Return");
  if (!press_until("Tab", focus_is, "inspector-units", 30, "Tab to the inspector's Units")) return;
  press("ctrl+a");
  xdotool("type --delay 60 1");
  press("Return");
  if (!wait_for(gru_of, GINT_TO_POINTER(1), 10, "GRU(1)") || !wait_for(trainable, NULL, 10, "Train enabled")) return;

  STEP("4. Ctrl+Return trains; Ctrl+1, Ctrl+2 switch the views");
  press("ctrl+Return");
  if (!wait_for(training, NULL, 20, "training to start") || !wait_for(view_is, "results", 10, "the Results view")) return;
  press("ctrl+1");
  if (!wait_for(view_is, "model", 10, "Ctrl+1: the Model view")) return;
  press("ctrl+2");
  if (!wait_for(view_is, "results", 10, "Ctrl+2: the Results view")) return;

  STEP("5. Tab to the chart's export button, Space");
  if (!press_until("Tab", focus_is, "win.export-chart::loss", 40, "Tab to Export")) return;
  press("space");
  g_autofree char *png = g_build_filename(export_dir, "loss.png", NULL);
  g_autofree char *head = NULL;
  gsize len = 0;
  for (int i = 0; i < 100 && !(g_file_get_contents(png, &head, &len, NULL) && len > 1000); i++) g_usleep(50000);
  CHECK(head && len > 1000 && !memcmp(head, "\x89PNG", 4), "Space on Export wrote no chart to %s", png);
  if (head && len > 1000) STEP("the loss chart exported: %zu bytes", (size_t)len);

  STEP("6. Ctrl+. stops the run, if it still trains");
  press("ctrl+period");
  if (wait_for(stopped_run, NULL, 30, "the stopped run in the project"))
    STEP("the run ended (%s) and is kept", project.runs[0].stop);
  screenshot("e2e-keys.png");
}

int main(int argc, char **argv) {
  int rc = e2e_start(argc, argv, "e2e-keys", "keys.unroll", FALSE);
  if (rc) return rc;
  export_dir = g_build_filename(tmp, "exports", NULL);
  g_mkdir_with_parents(export_dir, 0700);
  env = g_environ_setenv(env, "UNROLL_TEST_EXPORT_DIR", export_dir, TRUE);
  app_pid = spawn_app(NULL);
  if (app_pid && wait_for(ready, NULL, 30, "the window")) {
    g_usleep(500000); /* the first frames */
    keyboard_path();
  }
  e2e_terminate_app();
  return e2e_finish("e2e-keys: palette, inspector, train, views, export with the keyboard alone: all checks passed");
}
