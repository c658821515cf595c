/* test_e2e_train.c: training in the real window under Xvfb.
 *
 * usage: test_e2e_train UNROLL_EXE [OUTPUT_DIR]     (through run-xvfb.sh)
 *
 * The app runs with its test probe on (ui/unroll-test-probe.h): it writes
 * what each window shows, where its widgets are, its actions and frames to
 * a state file that this test polls, and each window's project in the
 * engine's format, which the test reads with the engine.  Actions go over
 * D-Bus (gdbus, as a person's menu or shortcut would activate them); clicks
 * and pointer motion are real X events (xdotool).
 *
 *  0. at first show (1280 × 800, nothing loaded) the Data page fits its
 *     place under the canvas: nothing in it scrolls;
 *  1. loads the deep-rnn preset, sets 2 epochs in the Training settings
 *     (click, type), activates win.train, and while it trains watches the
 *     progress; the loss chart must have been drawn anew as per-batch
 *     progress came in, before the run ended (the app times both);
 *  2. the project then holds one run; its learning curves and history
 *     export (PNG, CSV); the project is saved, and its run's weights are
 *     evaluated here with ur_evaluate: the validation MSE must equal the
 *     run's in the window's project and in the saved file, to the last bit,
 *     and the runs list must show it;
 *  2b. the run is renamed for real: a double-click on its name, a name
 *     typed with spaces around it and Return (trimmed; the project, the
 *     compared runs and the modified flag follow); F2, a blank name
 *     refused, Escape (nothing changes); saved, read back by the engine,
 *     and reopened with `unroll FILE` in a second window that shows it;
 *  3. trains again for 20 epochs and clicks Stop as soon as the first
 *     batches are in: the run must end within a second (from the Stop
 *     action to the run's end, both timed by the app), in the middle of
 *     the first epoch, and keep its weights;
 *  4. loads the lstm preset and trains while the pointer moves over the
 *     window: the window keeps painting, at least 30 frames in 3 seconds
 *     with a median gap under 100 ms (bench/frame_gaps.sh measures the
 *     longest gap and the 99th percentile; a limit on those would make a
 *     loaded machine fail at random).
 * Every wait polls a condition with a deadline.
 */
#include <glib.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "e2e_driver.h"

static char *export_dir;
static long xid;

/* ---- conditions --------------------------------------------------------- */

static gboolean ready(gpointer d) { (void)d; int x, y; return ival("xid", 0) && point("canvas", &x, &y); }
static gboolean layers_are(gpointer d) { return project.n_layers == GPOINTER_TO_INT(d) && is("train.sensitive", "true"); }
static gboolean training(gpointer d) { (void)d; return enabled("stop-training"); }
static gboolean idle_with_runs(gpointer d) { return !enabled("stop-training") && project.n_runs == GPOINTER_TO_INT(d); }
static gboolean idle_with_groups(gpointer d) { return !enabled("stop-training") && project_groups() == GPOINTER_TO_INT(d); }
static gboolean saved(gpointer d) { (void)d; return is("modified", "false") && is("file", save_path); }
static gboolean has_point(gpointer d) { int x, y; return point(d, &x, &y); }

/* The progress bar's "Epoch 2 of 20 · batch 130 of 219 · ...": the batches
 * trained so far, and *per_epoch; -1 before the first batch. */
static int batches_done(int *per_epoch) {
  g_autofree char *text = sval("training-progress");
  const char *at = strstr(text, "Epoch ");
  int epoch, epochs, batch, batches;
  if (!at || sscanf(at, "Epoch %d of %d · batch %d of %d", &epoch, &epochs, &batch, &batches) != 4) return -1;
  if (per_epoch) *per_epoch = batches;
  return (epoch - 1) * batches + batch;
}

typedef struct {
  int *value; /* a field of `project` */
  int want;
} Setting;
static gboolean setting_is(gpointer d) { return *((Setting *)d)->value == ((Setting *)d)->want; }

/* Types n into a settings field, for real: shows its page, clicks the field,
 * selects all, types, Return; waits for the project to hold it. */
static gboolean set_field(const char *panel, const char *field, int *value, int n) {
  g_autofree char *page = g_strdup_printf("'%s'", panel);
  action("show-panel", page);
  if (!wait_for(has_point, (gpointer)field, 10, field)) return FALSE;
  g_usleep(300000); /* the page's height settles */
  reload();
  g_autofree char *t = g_strdup_printf("type --delay 40 %d", n);
  pointer_at("window 1", field, "sleep 0.1 click 1 sleep 0.2 key --clearmodifiers ctrl+a");
  xdotool(t);
  xdotool("key --clearmodifiers Return");
  Setting s = {value, n};
  return wait_for(setting_is, &s, 10, field);
}
static gboolean set_epochs(int n) { return set_field("training", "settings-epochs", &project.train.epochs, n); }
/* This test follows one run at a time: a group of one (groups: test_e2e_groups). */
static gboolean set_one_repeat(void) { return set_field("training", "settings-repeats", &project.train.repeats, 1); }

/* ---- 1 and 2: train two epochs, check live points and the MSE ---------- */

/* While the run trains: the most batches the progress bar showed, and the
 * batches per epoch. */
static void watch_progress(int *max_batches, int *per_epoch) {
  gint64 end = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time() < end && reload() && enabled("stop-training")) {
    int batches = batches_done(per_epoch);
    if (batches > *max_batches) *max_batches = batches;
    g_usleep(20000);
  }
}

/* How often the loss chart was drawn anew between Train and the run's end
 * (the app's own times): once when the Curves page shows, then whenever
 * per-batch progress comes in. */
static int chart_draws_while_training(void) {
  g_autofree char *train = sval("action.train.activated_us"), *end = sval("action.stop-training.changed_us");
  gint64 from = g_ascii_strtoll(train, NULL, 10) / 1000, to = g_ascii_strtoll(end, NULL, 10) / 1000;
  g_autofree char *drawn = sval("loss-chart.drawn_ms");
  g_auto(GStrv) times = g_strsplit(drawn, ",", -1);
  int n = 0;
  for (int i = 0; times[i] && *times[i]; i++) n += g_ascii_strtoll(times[i], NULL, 10) > from && g_ascii_strtoll(times[i], NULL, 10) < to;
  return n;
}

static void check_exports(int per_epoch) {
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
  CHECK(rows == 2 * per_epoch + 1, "the history CSV has %d lines, want %d", rows, 2 * per_epoch + 1);
  g_autofree char *head = NULL;
  gsize head_len = 0;
  gboolean png_ok = g_file_get_contents(png, &head, &head_len, NULL) && head_len >= 1000 && !memcmp(head, "\x89PNG", 4);
  CHECK(png_ok, "no loss chart exported to %s", png);
  if (png_ok) STEP("exported the loss chart (%zu bytes) and the history (%d rows)", (size_t)head_len, rows - 1);
}

static gboolean run_val_shown(gpointer d) { return find_shown("window 1", "run-val", d) != NULL; }

/* The saved run's weights evaluated here: the validation MSE equals the
 * run's in the window's project and in the file, and the list shows it. */
static void check_val_mse_against_engine(void) {
  ur_project p;
  char err[512];
  if (ur_project_load(save_path, &p, err, sizeof err)) {
    CHECK(0, "the engine cannot read the saved project: %s", err);
    return;
  }
  CHECK(p.n_runs == 1, "the saved project holds %d runs", p.n_runs);
  if (p.n_runs == 1) {
    const ur_run *r = &p.runs[0];
    ur_model *m = ur_run_model(r, err, sizeof err);
    ur_book_data d;
    ur_metrics met = {NAN, NAN, NAN};
    if (!m || ur_book_data_make(&d, r->data.task, r->data.seed, r->data.n_series, r->data.n_steps, r->data.horizon))
      CHECK(0, "cannot rebuild the run's model or data: %s", err);
    else {
      ur_evaluate(m, &d.valid, r->train.loss, NULL, &met);
      ur_book_data_free(&d);
    }
    ur_model_free(m);
    double in_window = project.n_runs == 1 ? project.runs[0].val_mse : NAN;
    STEP("validation MSE: the window's run has %.17g, the engine computes %.17g for the saved weights", in_window, met.mse);
    CHECK(in_window == met.mse, "the window's run's validation MSE is not the engine's");
    CHECK(r->val_mse == met.mse, "the saved run's validation MSE is not the engine's");
    char shown[32];
    g_snprintf(shown, sizeof shown, "%.5f", met.mse);
    action("show-panel", "'runs'");
    if (wait_for(run_val_shown, shown, 10, "the engine's validation MSE in the runs list")) STEP("the runs list shows %s", shown);
  }
  ur_project_clear(&p);
}

static void train_two_epochs(void) {
  STEP("deep-rnn, 2 epochs, through win.train");
  action("load-preset", "'deep-rnn'");
  if (!wait_for(layers_are, GINT_TO_POINTER(3), 10, "the deep-rnn stack") || !set_epochs(2) || !set_one_repeat()) return;
  action("train", NULL);
  if (!wait_for(training, NULL, 10, "training to start")) return;
  int max_batches = 0, per_epoch = 0;
  watch_progress(&max_batches, &per_epoch);
  if (!wait_for(idle_with_runs, GINT_TO_POINTER(1), 30, "one run in the project")) return;
  g_usleep(200000); /* the probe writes every 100 ms */
  reload();
  int draws = chart_draws_while_training();
  STEP("while training, the loss chart was drawn %d times; the progress bar showed up to %d batches", draws, max_batches);
  /* once when the Curves page showed; the others came with per-batch progress */
  CHECK(draws >= 2, "the loss chart drew no per-batch point while training ran");
  CHECK(draws >= 3, "the chart's points arrived only at the end");
  CHECK(!strcmp(project.runs[0].stop, "completed") && project.runs[0].n_epochs == 2, "run 0: %s after %d epochs",
        project.runs[0].stop, project.runs[0].n_epochs);
  per_epoch = project.runs[0].batches_per_epoch;
  /* the charts and the history through their actions (UNROLL_TEST_EXPORT_DIR stands in for the file chooser) */
  check_exports(per_epoch);
  action("save", NULL);
  if (!wait_for(saved, NULL, 10, "the project saved")) return;
  check_val_mse_against_engine();
}

/* ---- 0: the Data page at first show -------------------------------------- */

static gboolean laid_out(gpointer d) {
  (void)d;
  int w = 0, h = 0;
  g_autofree char *size = sval("center-paned.size");
  return sscanf(size, "%d,%d", &w, &h) == 2 && h > 0 && is("bottom-pages", "data");
}

static void data_page_fits(void) {
  STEP("first show at 1280 × 800: the Data page unclipped");
  if (!wait_for(laid_out, NULL, 10, "the window laid out")) return;
  g_usleep(400000); /* a frame or two: the divider's first position */
  reload();
  int w = 0, h = 0;
  g_autofree char *size = sval("center-paned.size");
  sscanf(size, "%d,%d", &w, &h);
  long divider = ival("center-paned.position", 0);
  STEP("the canvas takes %ld px of %d, the bottom pages %ld", divider, h, h - divider);
  CHECK(is("data-page.scrolls", "false"), "the Data page is clipped at first show: it scrolls");
}

/* ---- 2b: rename the run through the list, save, reopen ------------------ */

#define NEW_NAME "Baseline RNN"

static gboolean renaming_is(gpointer d) { return is("run-rename.mapped", d); }
static gboolean refused(gpointer d) { (void)d; return is("run-rename.mapped", "true") && is("run-rename-entry.error", "true"); }
static gboolean renamed(gpointer d) {
  return project.n_runs == 1 && !strcmp(project.runs[0].name, d) && is("modified", "true") &&
         is("run-rename.mapped", "false");
}
static gboolean name_shown(gpointer d) { return find_shown("window 1", "run-name", d) != NULL; }

/* The first run's name in the project of the window, other than window 1,
 * that shows FILE (the running instance's window 2, or another process's
 * window without a session bus); its pid in *pid. */
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
      g_autofree char *snapshot = g_key_file_get_string(kf, groups[i], "project", NULL);
      ur_project p;
      char err[256];
      if (!f || strcmp(f, file) || !snapshot || ur_project_load(snapshot, &p, err, sizeof err)) continue;
      if (p.n_runs > 0) {
        name = g_strdup(p.runs[0].name);
        *pid = owner;
      }
      ur_project_clear(&p);
    }
  }
  if (dir) g_dir_close(dir);
  return name;
}

static void check_compared_name(const char *want) {
  g_auto(GStrv) names = state ? g_key_file_get_string_list(state, "window 1", "forecast-chart.runs", NULL, NULL) : NULL;
  CHECK(names && names[0] && !strcmp(names[0], want), "the comparison charts draw \"%s\"", names && names[0] ? names[0] : "");
}

static void reopen_saved(void) {
  STEP("reopening the project with `unroll FILE`: the name survives");
  GPid second = spawn_app(save_path);
  GPid owner = 0;
  char *name = NULL;
  for (gint64 end = g_get_monotonic_time() + 20 * G_USEC_PER_SEC; !name && g_get_monotonic_time() < end;) {
    g_usleep(50000);
    name = reopened_name(save_path, &owner);
  }
  CHECK(name && !strcmp(name, NEW_NAME), "the reopened project's run is \"%s\"", name ? name : "(no second window)");
  if (name) STEP("the reopened window lists \"%s\"", name);
  g_free(name);
  /* close it, so the clicks that follow land on the first window */
  if (owner == app_pid) {
    char *argv[] = {"gdbus", "call", "--session", "--dest", "io.github.unroll.Unroll", "--object-path",
                    "/io/github/unroll/Unroll/window/2", "--method", "org.gtk.Actions.Activate", "close", "[]", "{}", NULL};
    CHECK(run(argv, NULL), "could not close the second window");
  } else if (owner > 0) {
    kill(owner, SIGTERM);
  }
  CHECK(!second || wait_exit(second, 10) >= 0, "the second `unroll FILE` did not exit");
}

static void rename_run(void) {
  STEP("renaming the run: a double-click on its name, \"  " NEW_NAME "  \" typed, Return");
  action("show-panel", "'runs'");
  if (!wait_for(name_shown, "deep-rnn 1", 10, "the run's name in the list")) return;
  g_usleep(300000); /* the page's height settles */
  reload();
  g_autofree char *cell = find_shown("window 1", "run-name", "deep-rnn 1");
  pointer_at("window 1", cell, "sleep 0.2 click --repeat 2 --delay 80 1");
  if (!wait_for(renaming_is, "true", 10, "the rename popover")) return;
  g_autofree char *text = sval("run-rename-entry");
  CHECK(!strcmp(text, "deep-rnn 1"), "the rename entry starts with \"%s\", not the run's name", text);
  xdotool("key --clearmodifiers ctrl+a");
  xdotool("type --delay 30 '  " NEW_NAME "  '");
  xdotool("key --clearmodifiers Return");
  if (!wait_for(renamed, NEW_NAME, 10, "the run renamed (trimmed) and the project modified")) return;
  if (!wait_for(name_shown, NEW_NAME, 10, "the new name in the list")) return;
  check_compared_name(NEW_NAME);

  STEP("F2 on the selected run, a blank name refused, Escape");
  xdotool("key --clearmodifiers F2");
  if (!wait_for(renaming_is, "true", 10, "F2 to open the rename popover")) return;
  xdotool("key --clearmodifiers ctrl+a BackSpace space space Return");
  if (!wait_for(refused, NULL, 10, "the blank name refused, the popover still open")) return;
  xdotool("key --clearmodifiers Escape");
  if (!wait_for(renaming_is, "false", 10, "Escape to close the popover")) return;
  CHECK(project.n_runs == 1 && !strcmp(project.runs[0].name, NEW_NAME), "after a refused name and Escape the run is \"%s\"",
        project.n_runs ? project.runs[0].name : "");

  action("save", NULL);
  if (!wait_for(saved, NULL, 10, "the renamed run saved")) return;
  ur_project p;
  char err[512];
  if (ur_project_load(save_path, &p, err, sizeof err)) {
    CHECK(0, "the engine cannot read the saved project: %s", err);
  } else {
    CHECK(p.n_runs == 1 && !strcmp(p.runs[0].name, NEW_NAME), "the saved project's run is \"%s\"",
          p.n_runs ? p.runs[0].name : "(none)");
    ur_project_clear(&p);
  }
  reopen_saved();
}

/* ---- 3: stop in the middle of an epoch ---------------------------------- */

static gboolean stop_reached(gpointer d) {
  return ival("action.stop-training.activations", 0) > GPOINTER_TO_INT(d) || !enabled("stop-training");
}

/* The progress bar's fraction of all the planned batches (it moves every
 * frame; its text, four times a second). */
static double fraction(void) {
  g_autofree char *f = sval("training-progress.fraction");
  return *f ? g_ascii_strtod(f, NULL) : 0;
}
/* The first batches of a run of `epochs` are in: the bar has left 0 and is
 * still in the first epoch (until then it shows the last run's end, 1). */
static gboolean batches_in(gpointer epochs) {
  double f = fraction();
  return f > 0 && f < 1.0 / GPOINTER_TO_INT(epochs);
}

static void stop_mid_epoch(void) {
  /* The book's 10000 series train an epoch of deep-rnn in a fraction of a
   * second, too quick to click into reliably: 100000 series make an epoch
   * of 2188 batches, a second or more.  Stop is clicked as soon as the
   * first batches are in. */
  STEP("deep-rnn on 100000 series, 20 epochs, Stop clicked in the first epoch");
  if (!set_field("data", "data-series", &project.data.n_series, 100000) || !set_epochs(20)) return;
  action("train", NULL);
  if (!wait_for(training, NULL, 10, "training to start")) return;
  if (!wait_for(batches_in, GINT_TO_POINTER(20), 20, "the first batches")) return;
  double before = fraction();
  /* The app times Stop itself, from the action to the run's end; a click
   * lost on the way (it happens under Xvfb, rarely) is simply clicked again. */
  for (int attempt = 1; attempt <= 3; attempt++) {
    int pressed = (int)ival("action.stop-training.activations", 0);
    click_at("window 1", "win.stop-training");
    gint64 end = g_get_monotonic_time() + G_USEC_PER_SEC;
    while (g_get_monotonic_time() < end && reload() && !stop_reached(GINT_TO_POINTER(pressed))) g_usleep(20000);
    if (stop_reached(GINT_TO_POINTER(pressed))) break;
    STEP("the click on Stop was lost (try %d): clicking again", attempt);
  }
  if (!wait_for(idle_with_runs, GINT_TO_POINTER(2), 10, "the stopped run in the project")) return;
  g_autofree char *pressed = sval("action.stop-training.activated_us"), *ended = sval("action.stop-training.changed_us");
  long ms = (g_ascii_strtoll(ended, NULL, 10) - g_ascii_strtoll(pressed, NULL, 10)) / 1000;
  const ur_run *r = &project.runs[1];
  int per = r->batches_per_epoch, seen = (int)(before * 20 * per);
  STEP("%d batches in when Stop was clicked; stopped after %d of %d; Stop → the run's end in %ld ms; %s", seen,
       r->n_batches, per, ms, r->stop);
  CHECK(seen <= per / 2, "too late to stop mid-epoch: %d of %d batches", seen, per);
  CHECK(ms >= 0 && ms < 1000, "Stop took %ld ms to end the run (limit 1000)", ms);
  CHECK(!strcmp(r->stop, "cancelled"), "the stopped run says \"%s\"", r->stop);
  CHECK(r->n_batches > 0 && r->n_batches < per, "the run did not stop mid-epoch (%d batches of %d)", r->n_batches, per);
  CHECK(r->model_len > 0, "the stopped run kept no weights");
  CHECK(isfinite(r->val_mse), "the stopped run has no validation MSE");
}

/* ---- 4: frames keep coming while the lstm trains ------------------------ */

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

static void frames_while_training(void) {
  STEP("lstm training while the pointer moves: frames");
  action("load-preset", "'lstm'"); /* the book's data again: presets bring their own settings */
  /* more epochs than the motion lasts: the group is stopped after it.  A
   * group of the default 3 members, as many training at once as there are
   * cores: the window must stay smooth with every core busy. */
  if (!wait_for(layers_are, GINT_TO_POINTER(3), 10, "the lstm stack") || !set_epochs(40)) return;
  action("train", NULL);
  if (!wait_for(training, NULL, 10, "training to start")) return;
  wait_for(batches_in, GINT_TO_POINTER(40), 20, "the first batches");
  /* three seconds of pointer motion over the window, 20 positions a second */
  GString *s = g_string_new(NULL);
  for (int i = 0; i < 60; i++)
    g_string_append_printf(s, "mousemove --window %ld %d %d sleep 0.05 ", xid, 200 + (i * 37) % 900, 150 + (i * 53) % 500);
  gint64 from = g_get_monotonic_time() / 1000;
  xdotool(s->str);
  gint64 to = g_get_monotonic_time() / 1000;
  g_string_free(s, TRUE);
  g_usleep(200000); /* the probe writes every 100 ms */
  reload();
  /* the frames painted during the motion (the app's clock is the system's monotonic one) */
  g_autofree char *painted = sval("frames.ms");
  g_auto(GStrv) times = g_strsplit(painted, ",", -1);
  GArray *gaps = g_array_new(FALSE, FALSE, sizeof(long));
  long frames = 0, prev = -1;
  for (int i = 0; times[i] && *times[i]; i++) {
    long t = atol(times[i]);
    if (t < from || t > to) continue;
    if (prev >= 0) {
      long gap = t - prev;
      g_array_append_val(gaps, gap);
    }
    prev = t;
    frames++;
  }
  g_array_sort(gaps, cmp_long);
  long median = gaps->len ? g_array_index(gaps, long, gaps->len / 2) : -1;
  long longest = gaps->len ? g_array_index(gaps, long, gaps->len - 1) : -1;
  gboolean still = enabled("stop-training");
  STEP("%ld frames in %ld ms while training; gaps: median %ld ms, longest %ld ms%s", frames, (long)(to - from), median,
       longest, still ? "" : " (training ended during the motion)");
  CHECK(frames >= 30, "only %ld frames in %ld ms while training", frames, (long)(to - from));
  CHECK(median >= 0 && median < 100, "the median gap between frames was %ld ms while training", median);
  g_array_unref(gaps);
  action("stop-training", NULL);
  wait_for(idle_with_groups, GINT_TO_POINTER(3), 20, "the lstm group to end");
}

int main(int argc, char **argv) {
  int rc = e2e_start(argc, argv, "e2e-train", "trained.unroll", FALSE);
  if (rc) return rc;
  export_dir = g_build_filename(tmp, "exports", NULL);
  g_mkdir_with_parents(export_dir, 0700);
  env = g_environ_setenv(env, "UNROLL_TEST_EXPORT_DIR", export_dir, TRUE);

  app_pid = spawn_app(NULL);
  if (!app_pid) return e2e_finish("");
  if (wait_for(ready, NULL, 30, "the window")) {
    xid = ival("xid", 0);
    data_page_fits();
    train_two_epochs();
    if (!e2e_failed()) rename_run();
    if (!e2e_failed()) stop_mid_epoch();
    if (!e2e_failed()) frames_while_training();
    if (argc > 2) screenshot("e2e-train.png");
  }
  e2e_terminate_app();
  return e2e_finish("e2e-train: Data page unclipped, live points, validation MSE, a run renamed and reopened, "
                    "stop within a second, frames while training: all checks passed");
}
