/* test_e2e_train.c: training in the real window under Xvfb.
 *
 * usage: test_e2e_train UNROLL_EXE [OUTPUT_DIR]     (through run-xvfb.sh)
 *
 * The app runs with its test hooks on (ui/unroll-test-hooks.h): it writes
 * what each window shows, where its widgets are and how training goes to a
 * state file that this test polls.  Actions go over D-Bus (gdbus, as a
 * person's menu or shortcut would activate them); clicks and pointer
 * motion are real X events (xdotool).
 *
 *  0. at first show (1280 × 800, nothing loaded) the Data page fits its
 *     place under the canvas: nothing in it scrolls;
 *  1. loads the deep-rnn preset, sets 2 epochs in the Training settings
 *     (click, type), activates win.train, and while it trains samples the
 *     loss chart: it must hold per-batch points before the run ends;
 *  2. the runs list then holds one run; its learning curves and history
 *     export (PNG, CSV); the project is saved, and its
 *     run's weights are evaluated here with ur_evaluate: the validation
 *     MSE must equal the one the list shows, to the last bit;
 *  2b. the run is renamed for real: a double-click on its name, a name
 *     typed with spaces around it and Return (trimmed; the list, the
 *     compared runs and the modified flag follow); F2, a blank name
 *     refused, Escape (nothing changes); saved, read back by the engine,
 *     and reopened with `unroll FILE` in a second window that shows it;
 *  3. trains again for 20 epochs and clicks Stop in the middle of the
 *     first epoch: the run must end within a second (timed by the app from
 *     the click to the trainer's ::finished) and keep its weights;
 *  4. loads the lstm preset and trains while the pointer moves over the
 *     window: between frames (the frame clock's ticks, timed by the app)
 *     there must be no gap over 100 ms.
 * Every wait polls a condition with a deadline.
 */
#include <glib.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "e2e_driver.h"
#include "project.h"

static char *export_dir;
static long xid;

/* ---- conditions --------------------------------------------------------- */

static gboolean ready(gpointer d) { (void)d; int x, y; return ival("xid", 0) && point("at.canvas", &x, &y); }
static gboolean layers_are(gpointer d) { return ival("n_layers", -1) == GPOINTER_TO_INT(d) && is("train_sensitive", "true"); }
static gboolean training(gpointer d) { (void)d; return is("training.running", "true"); }
static gboolean idle_with_runs(gpointer d) { return is("training.running", "false") && ival("runs.n", 0) == GPOINTER_TO_INT(d); }
static gboolean saved(gpointer d) { (void)d; return is("modified", "false") && is("file", save_path); }
static gboolean has_point(gpointer d) { int x, y; return point(d, &x, &y); }
static gboolean batches_over(gpointer d) { return ival("training.batches", 0) >= GPOINTER_TO_INT(d); }

static gboolean setting_is(gpointer d) {
  const char **kv = d;
  return ival(kv[0], -1) == atol(kv[1]);
}

/* Types n into a settings field, for real: shows its page, clicks the field,
 * selects all, types, Return; waits for the project to hold it. */
static gboolean set_field(const char *panel, const char *at, const char *key, int n) {
  g_autofree char *page = g_strdup_printf("'%s'", panel);
  action("show-panel", page);
  if (!wait_for(has_point, (gpointer)at, 10, at)) return FALSE;
  g_usleep(300000); /* the page's height settles */
  reload();
  g_autofree char *t = g_strdup_printf("type --delay 40 %d", n);
  pointer_at("window 1", at, "sleep 0.1 click 1 sleep 0.2 key --clearmodifiers ctrl+a");
  xdotool(t);
  xdotool("key --clearmodifiers Return");
  g_autofree char *want = g_strdup_printf("%d", n);
  const char *kv[2] = {key, want};
  return wait_for(setting_is, kv, 10, key);
}
static gboolean set_epochs(int n) { return set_field("training", "at.settings.epochs", "train.epochs", n); }

/* ---- 1 and 2: train two epochs, check live points and the MSE ---------- */

static void train_two_epochs(void) {
  STEP("deep-rnn, 2 epochs, through win.train");
  action("load-preset", "'deep-rnn'");
  if (!wait_for(layers_are, GINT_TO_POINTER(3), 10, "the deep-rnn stack") || !set_epochs(2)) return;
  action("train", NULL);
  if (!wait_for(training, NULL, 10, "training to start")) return;
  /* sample the loss chart while the run trains */
  int live_samples = 0, max_points = 0, per_epoch = 0;
  gint64 end = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time() < end && reload() && is("training.running", "true")) {
    int pts = (int)ival("training.live_points", 0);
    per_epoch = (int)ival("training.batches_per_epoch", per_epoch);
    if (pts > 0) live_samples++;
    if (pts > max_points) max_points = pts;
    g_usleep(20000);
  }
  STEP("while training, %d samples saw per-batch points in the chart (up to %d of %d)", live_samples, max_points,
       2 * per_epoch);
  if (live_samples < 1 || max_points < 1) FAIL("the loss chart drew no per-batch point while training ran");
  if (per_epoch > 0 && max_points >= 2 * per_epoch && live_samples < 2)
    FAIL("the chart's points arrived only at the end");
  if (!wait_for(idle_with_runs, GINT_TO_POINTER(1), 30, "one run in the runs list")) return;
  g_autofree char *stop = sval("run0.stop");
  if (strcmp(stop, "completed") || ival("run0.epochs", 0) != 2) FAIL("run 0: %s after %ld epochs", stop, ival("run0.epochs", 0));

  /* the charts and the history through their actions (UNROLL_TEST_EXPORT_DIR stands in for the file chooser) */
  action("export-chart", "'loss'");
  action("export-chart", "'horizon'");
  action("export-history", NULL);
  g_autofree char *png = g_build_filename(export_dir, "loss.png", NULL);
  g_autofree char *csvp = g_build_filename(export_dir, "history.csv", NULL);
  g_autofree char *csv = NULL;
  gsize csv_len = 0;
  for (int i = 0; i < 100 && !g_file_get_contents(csvp, &csv, &csv_len, NULL); i++) g_usleep(50000);
  int rows = 0;
  for (gsize i = 0; csv && i < csv_len; i++) rows += csv[i] == '\n';
  if (rows != 2 * per_epoch + 1) FAIL("the history CSV has %d lines, want %d", rows, 2 * per_epoch + 1);
  g_autofree char *head = NULL;
  gsize head_len = 0;
  if (!g_file_get_contents(png, &head, &head_len, NULL) || head_len < 1000 || memcmp(head, "\x89PNG", 4))
    FAIL("no loss chart exported to %s", png);
  else STEP("exported the loss chart (%zu bytes) and the history (%d rows)", (size_t)head_len, rows - 1);

  /* save, then evaluate the saved weights with the engine */
  action("save", NULL);
  if (!wait_for(saved, NULL, 10, "the project saved")) return;
  ur_project p;
  char err[512];
  if (ur_project_load(save_path, &p, err, sizeof err)) {
    FAIL("the engine cannot read the saved project: %s", err);
    return;
  }
  if (p.n_runs != 1) FAIL("the saved project holds %d runs", p.n_runs);
  else {
    const ur_run *r = &p.runs[0];
    ur_model *m = ur_run_model(r, err, sizeof err);
    ur_book_data d;
    ur_metrics met = {NAN, NAN, NAN};
    if (!m || ur_book_data_make(&d, r->data.task, r->data.seed, r->data.n_series, r->data.n_steps, r->data.horizon))
      FAIL("cannot rebuild the run's model or data: %s", err);
    else {
      ur_evaluate(m, &d.valid, r->train.loss, NULL, &met);
      ur_book_data_free(&d);
    }
    ur_model_free(m);
    double shown = dval("run0.val_mse");
    STEP("validation MSE: the list shows %.17g, the engine computes %.17g for the saved weights", shown, met.mse);
    if (!(shown == met.mse)) FAIL("the runs list's validation MSE is not the engine's");
    if (!(r->val_mse == met.mse)) FAIL("the saved run's validation MSE is not the engine's");
  }
  ur_project_clear(&p);
}

/* ---- 0: the Data page at first show -------------------------------------- */

static gboolean laid_out(gpointer d) { (void)d; return ival("layout.center_height", 0) > 0 && is("panel", "data"); }

static void data_page_fits(void) {
  STEP("first show at 1280 × 800: the Data page unclipped");
  if (!wait_for(laid_out, NULL, 10, "the window laid out")) return;
  g_usleep(400000); /* a frame or two: the divider's first position */
  reload();
  long h = ival("layout.center_height", 0), divider = ival("layout.divider", 0);
  STEP("the canvas takes %ld px of %ld, the bottom pages %ld", divider, h, h - divider);
  if (!is("layout.data_scrolls", "false")) FAIL("the Data page is clipped at first show: it scrolls");
}

/* ---- 2b: rename the run through the list, save, reopen ------------------ */

#define NEW_NAME "Baseline RNN"

static gboolean renaming_is(gpointer d) { return is("runs.renaming", d); }
static gboolean refused(gpointer d) { (void)d; return is("runs.renaming", "true") && is("runs.rename_refused", "true"); }
static gboolean renamed(gpointer d) {
  return is("run0.name", d) && is("modified", "true") && is("runs.renaming", "false");
}

/* run0.name of the window, other than window 1, that shows FILE (the running
 * instance's window 2, or another process's window without a session bus). */
static char *reopened_name(const char *file, GPid *pid) {
  GDir *dir = g_dir_open(state_dir, 0, NULL);
  const char *entry;
  char *name = NULL;
  while (dir && !name && (entry = g_dir_read_name(dir))) {
    if (!g_str_has_prefix(entry, "state-") || !g_str_has_suffix(entry, ".ini")) continue;
    g_autofree char *path = g_build_filename(state_dir, entry, NULL);
    g_autoptr(GKeyFile) kf = g_key_file_new();
    if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL)) continue;
    int owner = g_key_file_get_integer(kf, "app", "pid", NULL);
    g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
    for (int i = 0; groups[i] && !name; i++) {
      if (!g_str_has_prefix(groups[i], "window ") || (owner == (int)app_pid && !strcmp(groups[i], "window 1"))) continue;
      g_autofree char *f = g_key_file_get_string(kf, groups[i], "file", NULL);
      if (f && !strcmp(f, file)) {
        name = g_key_file_get_string(kf, groups[i], "run0.name", NULL);
        *pid = owner;
      }
    }
  }
  if (dir) g_dir_close(dir);
  return name;
}

static gboolean double_click(const char *key) {
  return pointer_at("window 1", key, "sleep 0.2 click --repeat 2 --delay 80 1");
}

static void rename_run(void) {
  STEP("renaming the run: a double-click on its name, \"  " NEW_NAME "  \" typed, Return");
  action("show-panel", "'runs'");
  if (!wait_for(has_point, "at.run0.name", 10, "the run's name in the list")) return;
  g_usleep(300000); /* the page's height settles */
  reload();
  double_click("at.run0.name");
  if (!wait_for(renaming_is, "true", 10, "the rename popover")) return;
  g_autofree char *text = sval("runs.rename_text");
  if (strcmp(text, "deep-rnn 1")) FAIL("the rename entry starts with \"%s\", not the run's name", text);
  xdotool("key --clearmodifiers ctrl+a");
  xdotool("type --delay 30 '  " NEW_NAME "  '");
  xdotool("key --clearmodifiers Return");
  if (!wait_for(renamed, NEW_NAME, 10, "the run renamed (trimmed) and the project modified")) return;
  g_autofree char *compared = sval("compare0.name");
  if (strcmp(compared, NEW_NAME)) FAIL("the comparison charts draw \"%s\"", compared);

  STEP("F2 on the selected run, a blank name refused, Escape");
  xdotool("key --clearmodifiers F2");
  if (!wait_for(renaming_is, "true", 10, "F2 to open the rename popover")) return;
  xdotool("key --clearmodifiers ctrl+a BackSpace space space Return");
  if (!wait_for(refused, NULL, 10, "the blank name refused, the popover still open")) return;
  xdotool("key --clearmodifiers Escape");
  if (!wait_for(renaming_is, "false", 10, "Escape to close the popover")) return;
  g_autofree char *kept = sval("run0.name");
  if (strcmp(kept, NEW_NAME)) FAIL("after a refused name and Escape the run is \"%s\"", kept);

  action("save", NULL);
  if (!wait_for(saved, NULL, 10, "the renamed run saved")) return;
  ur_project p;
  char err[512];
  if (ur_project_load(save_path, &p, err, sizeof err)) FAIL("the engine cannot read the saved project: %s", err);
  else {
    if (p.n_runs != 1 || strcmp(p.runs[0].name, NEW_NAME))
      FAIL("the saved project's run is \"%s\"", p.n_runs ? p.runs[0].name : "(none)");
    ur_project_clear(&p);
  }

  STEP("reopening the project with `unroll FILE`: the name survives");
  GPid second = spawn_app(save_path);
  GPid owner = 0;
  char *name = NULL;
  for (gint64 end = g_get_monotonic_time() + 20 * G_USEC_PER_SEC; !name && g_get_monotonic_time() < end;) {
    g_usleep(50000);
    name = reopened_name(save_path, &owner);
  }
  if (!name) FAIL("no second window showed %s", save_path);
  else if (strcmp(name, NEW_NAME)) FAIL("the reopened project's run is \"%s\"", name);
  else STEP("the reopened window lists \"%s\"", name);
  g_free(name);
  /* close it, so the clicks that follow land on the first window */
  if (owner == app_pid) {
    char *argv[] = {"gdbus", "call", "--session", "--dest", "io.github.unroll.Unroll", "--object-path",
                    "/io/github/unroll/Unroll/window/2", "--method", "org.gtk.Actions.Activate", "close", "[]", "{}", NULL};
    if (!run(argv, NULL)) FAIL("could not close the second window");
  } else if (owner > 0) {
    kill(owner, SIGTERM);
  }
  if (second && wait_exit(second, 10) < 0) FAIL("the second `unroll FILE` did not exit");
}

/* ---- 3: stop in the middle of an epoch ---------------------------------- */

static void stop_mid_epoch(void) {
  /* The book's 10000 series train an epoch of deep-rnn in a quarter of a
   * second here, too quick to click into reliably: 100000 series make an
   * epoch of 2188 batches, about three seconds. */
  STEP("deep-rnn on 100000 series, 20 epochs, Stop clicked in the first epoch");
  if (!set_field("data", "at.data.series", "data.series", 100000) || !set_epochs(20)) return;
  action("train", NULL);
  if (!wait_for(training, NULL, 10, "training to start")) return;
  if (!wait_for(batches_over, GINT_TO_POINTER(100), 20, "100 batches")) return;
  int per = (int)ival("training.batches_per_epoch", 0);
  long before = ival("training.batches", 0);
  if (per > 0 && before > per / 2) FAIL("too late to stop mid-epoch: %ld of %d batches", before, per);
  /* The app times Stop itself, from the action to the run's end; a click
   * lost on the way (it happens under Xvfb, rarely) is simply clicked again. */
  for (int attempt = 1; attempt <= 3; attempt++) {
    click_at("window 1", "at.stop");
    gint64 end = g_get_monotonic_time() + G_USEC_PER_SEC;
    while (g_get_monotonic_time() < end && reload() && ival("training.stop_ms", -1) < 0 && is("training.running", "true"))
      g_usleep(20000);
    if (ival("training.stop_ms", -1) >= 0 || !is("training.running", "true")) break;
    STEP("the click on Stop was lost (try %d): clicking again", attempt);
  }
  if (!wait_for(idle_with_runs, GINT_TO_POINTER(2), 10, "the stopped run in the list")) return;
  long ms = ival("training.stop_ms", -1), batches = ival("run1.batches", -1);
  g_autofree char *stop = sval("run1.stop");
  STEP("stopped after %ld batches of %d; Stop → finished in %ld ms; %s", batches, per, ms, stop);
  if (ms < 0 || ms >= 1000) FAIL("Stop took %ld ms to end the run (limit 1000)", ms);
  if (strcmp(stop, "cancelled")) FAIL("the stopped run says \"%s\"", stop);
  if (!(batches > 0 && batches < per)) FAIL("the run did not stop mid-epoch (%ld batches of %d)", batches, per);
  if (!is("run1.has_model", "true")) FAIL("the stopped run kept no weights");
  if (!isfinite(dval("run1.val_mse"))) FAIL("the stopped run has no validation MSE");
}

/* ---- 4: frames keep coming while the lstm trains ------------------------ */

static void frames_while_training(void) {
  STEP("lstm training while the pointer moves: frame gaps");
  action("load-preset", "'lstm'"); /* the book's data again: presets bring their own settings */
  if (!wait_for(layers_are, GINT_TO_POINTER(3), 10, "the lstm stack") || !set_epochs(10)) return;
  action("train", NULL);
  if (!wait_for(training, NULL, 10, "training to start")) return;
  wait_for(batches_over, GINT_TO_POINTER(5), 20, "the first batches");
  /* three seconds of pointer motion over the window, 20 positions a second */
  GString *s = g_string_new(NULL);
  for (int i = 0; i < 60; i++)
    g_string_append_printf(s, "mousemove --window %ld %d %d sleep 0.05 ", xid, 200 + (i * 37) % 900, 150 + (i * 53) % 500);
  xdotool(s->str);
  g_string_free(s, TRUE);
  reload();
  long frames = ival("frames.count", 0), gap = ival("frames.max_gap_ms", -1);
  gboolean still = is("training.running", "true");
  STEP("%ld frames while training, the longest gap %ld ms%s", frames, gap, still ? "" : " (training ended during the motion)");
  if (frames < 30) FAIL("only %ld frames while training", frames);
  if (gap < 0 || gap > 100) FAIL("a gap of %ld ms between frames while training", gap);
  action("stop-training", NULL);
  wait_for(idle_with_runs, GINT_TO_POINTER(3), 20, "the lstm run to end");
}

int main(int argc, char **argv) {
  int rc = e2e_check_args(argc, 2, "test_e2e_train", "UNROLL_EXE [OUTPUT_DIR]");
  if (rc) return rc;
  exe = argv[1];
  e2e_name = "e2e-train";
  if (!e2e_setup("unroll-e2e-train-XXXXXX", "trained.unroll")) return 1;
  out_dir = g_strdup(argc > 2 ? argv[2] : tmp);
  g_mkdir_with_parents(out_dir, 0700);
  export_dir = g_build_filename(tmp, "exports", NULL);
  g_mkdir_with_parents(export_dir, 0700);
  e2e_preset_window_size();
  env = g_environ_setenv(env, "UNROLL_TEST_EXPORT_DIR", export_dir, TRUE);
  /* Xvfb has no GPU: GTK's GL renderer would run on llvmpipe, redrawing the
   * whole window in software every frame (60-130 ms here, training or not).
   * Cairo is GTK's renderer for exactly this case; on a desktop GL is used. */
  env = g_environ_setenv(env, "GSK_RENDERER", "cairo", FALSE);

  app_pid = spawn_app(NULL);
  if (!app_pid) return 1;
  if (wait_for(ready, NULL, 30, "the window")) {
    xid = ival("xid", 0);
    data_page_fits();
    train_two_epochs();
    if (!failures) rename_run();
    if (!failures) stop_mid_epoch();
    if (!failures) frames_while_training();
    if (argc > 2) screenshot("e2e-train.png");
  }
  e2e_terminate_app();
  return e2e_finish("e2e-train: Data page unclipped, live points, validation MSE, a run renamed and reopened, "
                    "stop within a second, frames while training: all checks passed");
}
