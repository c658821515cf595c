/* test_e2e_csv.c: a CSV series end to end in the real window, under Xvfb.
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
 *  8. with DRAG_FILE (tests/window/drag_file.c, a drag source, since Xvfb
 *     runs no file manager): weather.csv dragged with the pointer from its
 *     window and dropped on the workbench opens the dialog too.
 * Every wait polls a condition with a deadline.
 */
#include <glib.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "baseline.h"
#include "e2e_driver.h"
#include "project.h"

static char *weather, *drag_exe;

/* A real click on a widget of the import dialog, where its state says it is. */
static gboolean click_dialog(const char *key) { return click_at("csv-import", key); }

/* ---- conditions --------------------------------------------------------- */

static gboolean window_up(gpointer d) { (void)d; return ival("xid", -1) > 0; }
static gboolean dialog_settled(gpointer d) {
  return is("csv_dialog", "true") && gis("csv-import", "state", "ready") &&
         gis("csv-import", "settled", "true") && gival("csv-import", "inputs", -1) == GPOINTER_TO_INT(d) &&
         gival("csv-import", "xid", -1) > 0 && gis("csv-import", "use_sensitive", "true");
}
static gboolean on_csv(gpointer d) {
  (void)d;
  return is("csv_dialog", "false") && is("data.source", "csv") && is("data.csv.settled", "true");
}
static gboolean stack_ready(gpointer d) {
  return ival("n_layers", -1) == GPOINTER_TO_INT(d) && is("train_sensitive", "true");
}
static gboolean training(gpointer d) { (void)d; return is("training.running", "true"); }
static gboolean trained(gpointer d) {
  (void)d;
  return is("training.running", "false") && ival("runs.n", -1) == 1;
}
static gboolean saved(gpointer d) {
  (void)d;
  return is("modified", "false") && is("file", save_path);
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
  long win = ival("xid", -1);
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
  if (gival("csv-import", "spans.train_end", -1) != 2100) FAIL("the timeline's spans are not 70/20/10 of 3000 rows");

  STEP("a click on humidity's input box, then Use");
  /* no window manager to centre the dialog over the window: place it so the
   * screenshot shows both (clicks are relative to the dialog anyway) */
  g_autofree char *move = g_strdup_printf("windowmove %ld 60 30", gival("csv-import", "xid", -1));
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
  if (strcmp(input0, "humidity") || ival("input.features", -1) != 2 || ival("input.steps", -1) != 50)
    FAIL("the project reads %ld × %ld, input %s", ival("input.steps", -1), ival("input.features", -1),
         input0);
  if (*problem) FAIL("the Data page says: %s", problem);
  screenshot("e2e-csv-data.png");

  STEP("deep-rnn-dense adapted to the series, trained through win.train");
  action("load-preset", "'deep-rnn-dense'");
  if (!wait_for(stack_ready, GINT_TO_POINTER(3), 10, "the deep-rnn-dense stack")) return;
  if (!is("data.source", "csv") || ival("input.features", -1) != 2)
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
  if (!is("modified", "false")) FAIL("Cancel changed the project");
}

int main(int argc, char **argv) {
  int rc = e2e_check_args(argc, 3, "test_e2e_csv", "UNROLL_EXE WEATHER_CSV [OUTPUT_DIR [DRAG_FILE]]");
  if (rc) return rc;
  exe = argv[1];
  e2e_name = "e2e-csv";
  weather = g_canonicalize_filename(argv[2], NULL);
  if (!e2e_setup("unroll-e2e-csv-XXXXXX", "weather.unroll")) return 1;
  out_dir = argc > 3 ? g_strdup(argv[3]) : NULL;
  drag_exe = argc > 4 ? argv[4] : NULL;
  if (out_dir) g_mkdir_with_parents(out_dir, 0700);
  e2e_preset_window_size();
  /* Xvfb has no GPU: GL would be software GL, a frame at 60-130 ms (as test_e2e_train.c) */
  env = g_environ_setenv(env, "GSK_RENDERER", "cairo", FALSE);

  app_pid = spawn_app(NULL);
  if (!app_pid) return 1;
  if (wait_for(window_up, NULL, 30, "the window")) {
    scenario();
    if (!failures && drag_exe) drop_file();
  }
  e2e_terminate_app();
  return e2e_finish("e2e-csv: the CSV opened, humidity as an input, trained through the window, beats the naive forecast");
}
