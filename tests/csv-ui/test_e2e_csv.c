/* test_e2e_csv.c: issue 5 end to end in the real window, under Xvfb.
 *
 * usage: test_e2e_csv UNROLL_EXE WEATHER_CSV [OUTPUT_DIR [DRAG_FILE]]   (through run-xvfb.sh)
 *
 * The app runs with its test hooks on (ui/unroll-test-hooks.h): it writes
 * what its window and the import dialog show, and where their widgets are,
 * to a state file this test polls.  Clicks are real X events (xdotool);
 * actions go over D-Bus (gdbus), as the menus and shortcuts activate them.
 *
 *  1. `unroll weather.csv` while the app runs: the running instance opens
 *     the import dialog (the command line's way in; the menu's Open CSV
 *     Series… and a dropped file end in the same win.import-csv);
 *  2. the dialog has read the file and picked temperature against the date
 *     column; a click ticks humidity as an extra input; a click on Use;
 *  3. the project now trains on the CSV: its input reads 50 rows of 2
 *     features, the Data page shows the file;
 *  4. the deep-rnn-dense preset, adapted to the series, trains to the end
 *     through win.train;
 *  5. the run's validation MSE is below the naive forecast's on the
 *     validation span, both in the series' units: the naive figure equals
 *     the engine's own, computed here from the file in temperature's units;
 *  6. the project saved (win.save) holds the CSV source and the run;
 *  7. win.import-csv (where the menu's file chooser and a dropped file
 *     lead) on the same file: the dialog starts from the settings in use
 *     (humidity ticked, found again by name); Cancel leaves the project;
 *  8. with DRAG_FILE (tests/csv-ui/drag_file.c, a drag source, since Xvfb
 *     runs no file manager): weather.csv dragged with the pointer from its
 *     window and dropped on the workbench opens the dialog too.
 * Every wait polls a condition with a deadline.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "baseline.h"
#include "project.h"

static char *exe, *weather, *tmp, *state_dir, *save_path, *out_dir, *drag_exe;
static GStrv env;
static GPid app_pid;
static int failures;

#define FAIL(...)                          \
  do {                                     \
    fprintf(stderr, "FAIL: " __VA_ARGS__); \
    fputc('\n', stderr);                   \
    failures++;                            \
  } while (0)
#define STEP(...)                               \
  do {                                          \
    fprintf(stderr, "e2e-csv: " __VA_ARGS__);   \
    fputc('\n', stderr);                        \
  } while (0)

/* ---- the app's state file ----------------------------------------------- */

static GKeyFile *state;

static gboolean reload(void) {
  g_autofree char *name = g_strdup_printf("state-%d.ini", (int)app_pid);
  g_autofree char *path = g_build_filename(state_dir, name, NULL);
  GKeyFile *kf = g_key_file_new();
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL) || !g_key_file_has_group(kf, "window 1")) {
    g_key_file_unref(kf);
    return FALSE;
  }
  if (state) g_key_file_unref(state);
  state = kf;
  return TRUE;
}
static char *gval(const char *group, const char *key) {
  char *s = state ? g_key_file_get_string(state, group, key, NULL) : NULL;
  return s ? s : g_strdup("");
}
static char *sval(const char *key) { return gval("window 1", key); }
static long ival(const char *group, const char *key) {
  g_autofree char *s = gval(group, key);
  char *end;
  long v = strtol(s, &end, 10);
  return *s && !*end ? v : -1;
}
static double dval(const char *key) {
  g_autofree char *s = sval(key);
  char *end;
  double v = g_ascii_strtod(s, &end);
  return *s && !*end ? v : NAN;
}
static gboolean is(const char *group, const char *key, const char *want) {
  g_autofree char *s = gval(group, key);
  return !strcmp(s, want);
}

typedef gboolean (*Pred)(gpointer data);
static gboolean wait_for(Pred pred, gpointer data, double seconds, const char *what) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
  while (g_get_monotonic_time() < end) {
    if (reload() && pred(data)) return TRUE;
    g_usleep(20000);
  }
  FAIL("timed out after %.0f s waiting for %s", seconds, what);
  return FALSE;
}

/* ---- driving the app ---------------------------------------------------- */

static gboolean run(char **argv, char **out) {
  g_autoptr(GError) e = NULL;
  g_autofree char *ignored = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, out ? out : &ignored, NULL, &status, &e)) {
    FAIL("cannot run %s: %s", argv[0], e->message);
    return FALSE;
  }
  return g_spawn_check_wait_status(status, NULL);
}

static gboolean xdotool(const char *script) {
  g_autofree char *cmd = g_strdup_printf("xdotool %s", script);
  g_auto(GStrv) argv = NULL;
  if (!g_shell_parse_argv(cmd, NULL, &argv, NULL)) return FALSE;
  gboolean ok = run(argv, NULL);
  if (!ok) FAIL("xdotool failed: %s", script);
  return ok;
}

static gboolean action(const char *name, const char *param) {
  g_autofree char *params = param ? g_strdup_printf("[<%s>]", param) : g_strdup("[]");
  char *argv[] = {"gdbus", "call", "--session", "--dest", "io.github.unroll.Unroll", "--object-path",
                  "/io/github/unroll/Unroll/window/1", "--method", "org.gtk.Actions.Activate", (char *)name,
                  params, "{}", NULL};
  gboolean ok = run(argv, NULL);
  if (!ok) FAIL("could not activate win.%s over D-Bus", name);
  return ok;
}

/* A real click on a widget of the import dialog, where its state says it is. */
static gboolean click_dialog(const char *key) {
  g_autofree char *at = gval("csv-import", key);
  long xid = ival("csv-import", "xid");
  int x, y;
  if (sscanf(at, "%d,%d", &x, &y) != 2 || xid <= 0) {
    FAIL("the import dialog does not say where %s is", key);
    return FALSE;
  }
  g_autofree char *s =
      g_strdup_printf("mousemove --window %ld %d %d sleep 0.1 mousedown 1 sleep 0.06 mouseup 1", xid, x, y);
  return xdotool(s);
}

static void screenshot(const char *name) {
  if (!out_dir) return;
  g_autofree char *path = g_build_filename(out_dir, name, NULL);
  char *argv[] = {"import", "-window", "root", path, NULL};
  if (run(argv, NULL)) STEP("screenshot: %s", path);
}

/* ---- conditions --------------------------------------------------------- */

static gboolean window_up(gpointer d) { (void)d; return ival("window 1", "xid") > 0; }
static gboolean dialog_settled(gpointer d) {
  return is("window 1", "csv_dialog", "true") && is("csv-import", "state", "ready") &&
         is("csv-import", "settled", "true") && ival("csv-import", "inputs") == GPOINTER_TO_INT(d) &&
         ival("csv-import", "xid") > 0 && is("csv-import", "use_sensitive", "true");
}
static gboolean on_csv(gpointer d) {
  (void)d;
  return is("window 1", "csv_dialog", "false") && is("window 1", "data.source", "csv") &&
         is("window 1", "data.csv.settled", "true");
}
static gboolean stack_ready(gpointer d) {
  return ival("window 1", "n_layers") == GPOINTER_TO_INT(d) && is("window 1", "train_sensitive", "true");
}
static gboolean training(gpointer d) { (void)d; return is("window 1", "training.running", "true"); }
static gboolean trained(gpointer d) {
  (void)d;
  return is("window 1", "training.running", "false") && ival("window 1", "runs.n") == 1;
}
static gboolean saved(gpointer d) {
  (void)d;
  return is("window 1", "modified", "false") && is("window 1", "file", save_path);
}

/* ---- the engine's own figure -------------------------------------------- */

/* The naive forecast's MSE on the validation span, in temperature's units,
 * from the file itself: what the run must beat and report. */
static double engine_naive(void) {
  ur_csv csv;
  char err[512];
  if (ur_csv_read(weather, &csv, err, sizeof err) != 0) {
    FAIL("%s", err);
    return NAN;
  }
  ur_series_config cfg;
  ur_series_config_default(&cfg);
  cfg.target = ur_csv_find(&csv, "temperature");
  cfg.inputs[0] = ur_csv_find(&csv, "humidity");
  cfg.n_inputs = 1;
  cfg.date = ur_csv_find(&csv, "date");
  ur_series s;
  double mse = NAN;
  if (ur_series_make(&csv, &cfg, NULL, 0, &s, err, sizeof err) == 0) {
    float *y = malloc(sizeof(float) * (size_t)s.valid.n);
    ur_naive_predict(&s.valid, y);
    mse = ur_series_mse_units(&s, ur_baseline_mse(&s.valid, y));
    free(y);
    ur_series_free(&s);
  } else {
    FAIL("%s", err);
  }
  ur_csv_free(&csv);
  return mse;
}

/* ---- a drop ------------------------------------------------------------- */

/* Drags weather.csv from drag_file's window onto the workbench's canvas. */
static void drop_file(void) {
  STEP("weather.csv dragged from another window and dropped on the workbench");
  char *av[] = {drag_exe, weather, NULL};
  GPid pid;
  int out = -1;
  g_autoptr(GError) e = NULL;
  if (!g_spawn_async_with_pipes(NULL, av, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL, &out, NULL, &e)) {
    FAIL("cannot start %s: %s", drag_exe, e->message);
    return;
  }
  char line[64] = "";
  FILE *f = fdopen(out, "r");
  long helper = f && fgets(line, sizeof line, f) ? atol(line) : 0;
  long win = ival("window 1", "xid");
  g_autofree char *canvas = sval("at.canvas");
  int cx = 0, cy = 0;
  if (helper <= 0 || sscanf(canvas, "%d,%d", &cx, &cy) != 2) {
    FAIL("no drag source window (%ld) or no canvas (%s)", helper, canvas);
  } else {
    /* the source over the window's right side; then press, move in steps
     * (GTK starts a drag past a threshold; XDND wants motion over the
     * target), release over the canvas */
    g_autofree char *place = g_strdup_printf("windowmove %ld 1040 690", helper);
    xdotool(place);
    g_usleep(300000);
    g_autofree char *press = g_strdup_printf("mousemove --window %ld 100 40 sleep 0.2 mousedown 1", helper);
    xdotool(press);
    for (int i = 1; i <= 12; i++) {
      g_autofree char *step = g_strdup_printf("mousemove --window %ld %d %d sleep 0.05", win,
                                              1140 + (cx - 1140) * i / 12, 730 + (cy - 730) * i / 12);
      xdotool(step);
    }
    xdotool("sleep 0.2 mouseup 1");
    if (wait_for(dialog_settled, GINT_TO_POINTER(1), 30, "the dialog on the dropped file")) {
      g_usleep(200000);
      reload();
      click_dialog("at.cancel");
      wait_for(on_csv, NULL, 10, "Cancel to close the dialog");
    }
  }
  if (f) fclose(f);
  kill(pid, SIGTERM);
  int status;
  for (int i = 0; i < 100 && waitpid(pid, &status, WNOHANG) == 0; i++) g_usleep(20000);
}

/* ---- the scenario -------------------------------------------------------- */

static void scenario(void) {
  STEP("`unroll weather.csv` to the running app: the import dialog");
  char *av[] = {exe, weather, NULL};
  if (!run(av, NULL)) FAIL("the second `unroll %s` failed", weather);
  if (!wait_for(dialog_settled, GINT_TO_POINTER(0), 30, "the import dialog to read weather.csv")) return;
  g_autofree char *target = gval("csv-import", "target");
  g_autofree char *date = gval("csv-import", "date");
  if (strcmp(target, "temperature") || strcmp(date, "date")) FAIL("the dialog picked %s against %s", target, date);
  if (ival("csv-import", "spans.train_end") != 2100) FAIL("the timeline's spans are not 70/20/10 of 3000 rows");

  STEP("a click on humidity's input box, then Use");
  /* no window manager to centre the dialog over the window: place it so the
   * screenshot shows both (clicks are relative to the dialog anyway) */
  g_autofree char *move = g_strdup_printf("windowmove %ld 60 30", ival("csv-import", "xid"));
  xdotool(move);
  g_usleep(300000);
  reload();
  click_dialog("at.input.humidity");
  if (!wait_for(dialog_settled, GINT_TO_POINTER(1), 20, "humidity as an input")) return;
  g_usleep(300000);
  reload();
  screenshot("e2e-csv-dialog.png");
  click_dialog("at.use");
  if (!wait_for(on_csv, NULL, 30, "the project to train on the CSV")) return;
  g_autofree char *input0 = sval("data.csv.input0");
  g_autofree char *problem = sval("data.csv.problem");
  if (strcmp(input0, "humidity") || ival("window 1", "input.features") != 2 || ival("window 1", "input.steps") != 50)
    FAIL("the project reads %ld × %ld, input %s", ival("window 1", "input.steps"), ival("window 1", "input.features"),
         input0);
  if (*problem) FAIL("the Data page says: %s", problem);
  screenshot("e2e-csv-data.png");

  STEP("deep-rnn-dense adapted to the series, trained through win.train");
  action("load-preset", "'deep-rnn-dense'");
  if (!wait_for(stack_ready, GINT_TO_POINTER(3), 10, "the deep-rnn-dense stack")) return;
  if (!is("window 1", "data.source", "csv") || ival("window 1", "input.features") != 2)
    FAIL("loading a preset dropped the CSV");
  action("train", NULL);
  if (!wait_for(training, NULL, 20, "training to start")) return;
  if (!wait_for(trained, NULL, 240, "training to end")) return;
  g_autofree char *stop = sval("run0.stop");
  g_autofree char *run_csv = sval("run0.csv");
  if (strcmp(stop, "completed")) FAIL("the run ended: %s", stop);
  if (!g_str_has_suffix(run_csv, "weather.csv")) FAIL("the run's data: \"%s\"", run_csv);

  double val = dval("run0.val_mse"), naive = dval("run0.naive_mse"), linear = dval("run0.linear_mse");
  double want = engine_naive();
  STEP("validation MSE %.4f, naive %.4f (the engine: %.4f), linear %.4f, in temperature's units²", val, naive, want,
       linear);
  if (!(fabs(naive - want) <= 1e-9 * want)) FAIL("the naive MSE %.6f is not the engine's %.6f in units", naive, want);
  if (!(val < naive)) FAIL("the model (%.4f) does not beat the naive forecast (%.4f)", val, naive);
  action("show-panel", "'runs'");
  g_usleep(1500000); /* the comparison's worker and a frame */
  screenshot("e2e-csv-runs.png");

  STEP("the project saved with its CSV source");
  action("save", NULL);
  if (!wait_for(saved, NULL, 20, "the save")) return;
  ur_project p;
  char err[512];
  if (ur_project_load(save_path, &p, err, sizeof err) != 0) {
    FAIL("the saved project: %s", err);
    return;
  }
  const ur_csv_source *s = &p.data.csv;
  if (!g_str_has_suffix(s->path, "weather.csv") || strcmp(s->target, "temperature") || s->n_inputs != 1 ||
      strcmp(s->inputs[0], "humidity") || strcmp(s->date, "date") || p.input.features != 2)
    FAIL("saved: %s, %s, %d inputs, date %s, %d features", s->path, s->target, s->n_inputs, s->date, p.input.features);
  if (p.n_runs != 1 || strcmp(p.runs[0].data.csv.path, s->path) || p.runs[0].val_mse != val)
    FAIL("saved runs: %d", p.n_runs);
  ur_project_clear(&p);

  STEP("win.import-csv on the same file: the settings in use, then Cancel");
  g_autofree char *arg = g_strdup_printf("'%s'", weather);
  action("import-csv", arg);
  if (!wait_for(dialog_settled, GINT_TO_POINTER(1), 30, "the dialog with humidity ticked")) return;
  click_dialog("at.cancel");
  if (!wait_for(on_csv, NULL, 10, "Cancel to close the dialog")) return;
  if (!is("window 1", "modified", "false")) FAIL("Cancel changed the project");
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: test_e2e_csv UNROLL_EXE WEATHER_CSV [OUTPUT_DIR [DRAG_FILE]]\n");
    return 2;
  }
  if (!g_getenv("DISPLAY")) {
    fprintf(stderr, "test_e2e_csv: no DISPLAY: run it through run-xvfb.sh\n");
    return 77;
  }
  exe = argv[1];
  weather = g_canonicalize_filename(argv[2], NULL);
  g_autoptr(GError) e = NULL;
  tmp = g_dir_make_tmp("unroll-e2e-csv-XXXXXX", &e);
  if (!tmp) return 1;
  out_dir = argc > 3 ? g_strdup(argv[3]) : NULL;
  drag_exe = argc > 4 ? argv[4] : NULL;
  if (out_dir) g_mkdir_with_parents(out_dir, 0700);
  state_dir = g_build_filename(tmp, "state", NULL);
  save_path = g_build_filename(tmp, "weather.unroll", NULL);
  g_autofree char *cfg = g_build_filename(tmp, "config", NULL), *data = g_build_filename(tmp, "data", NULL),
                  *cache = g_build_filename(tmp, "cache", NULL), *cfg_dir = g_build_filename(cfg, "unroll", NULL),
                  *ini = g_build_filename(cfg_dir, "window.ini", NULL);
  g_mkdir_with_parents(state_dir, 0700);
  g_mkdir_with_parents(cfg_dir, 0700);
  g_file_set_contents(ini, "[window]\nwidth=1280\nheight=800\nmaximized=false\n", -1, NULL);
  env = g_get_environ();
  env = g_environ_setenv(env, "XDG_CONFIG_HOME", cfg, TRUE);
  env = g_environ_setenv(env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_setenv(env, "XDG_CACHE_HOME", cache, TRUE);
  env = g_environ_setenv(env, "UNROLL_TEST_STATE", state_dir, TRUE);
  env = g_environ_setenv(env, "UNROLL_TEST_SAVE_PATH", save_path, TRUE);
  env = g_environ_setenv(env, "GDK_BACKEND", "x11", TRUE);
  env = g_environ_setenv(env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv(env, "NO_AT_BRIDGE", "1", TRUE);
  env = g_environ_setenv(env, "GTK_A11Y", "none", TRUE);
  /* Xvfb has no GPU: GL would be software GL, a frame at 60-130 ms (as test_e2e_train.c) */
  env = g_environ_setenv(env, "GSK_RENDERER", "cairo", FALSE);

  char *av[] = {exe, NULL};
  if (!g_spawn_async(NULL, av, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &app_pid, &e)) {
    fprintf(stderr, "cannot start %s: %s\n", exe, e->message);
    return 1;
  }
  if (wait_for(window_up, NULL, 30, "the window")) {
    scenario();
    if (!failures && drag_exe) drop_file();
  }
  if (app_pid) {
    kill(app_pid, SIGTERM);
    int status;
    for (int i = 0; i < 200 && waitpid(app_pid, &status, WNOHANG) == 0; i++) g_usleep(50000);
  }
  if (state) g_key_file_unref(state);
  if (failures) {
    fprintf(stderr, "e2e-csv: %d failure(s); state kept in %s\n", failures, tmp);
    return 1;
  }
  char *rm[] = {"rm", "-rf", tmp, NULL};
  run(rm, NULL);
  printf("e2e-csv: the CSV opened, humidity as an input, trained through the window, beats the naive forecast\n");
  return 0;
}
