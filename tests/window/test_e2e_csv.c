/* test_e2e_csv.c: a CSV series end to end in the real window, under Xvfb.
 *
 * usage: test_e2e_csv UNROLL_EXE WEATHER_CSV [OUTPUT_DIR [DRAG_FILE]]   (through run-xvfb.sh)
 *
 * The app runs with its test probe on (ui/unroll-test-probe.h): it writes
 * what its window and the import dialog show, and where their widgets are,
 * to a state file this test polls, and the window's project in the
 * engine's format, which the test reads with the engine.  Clicks are real X events (xdotool);
 * actions go over D-Bus (gdbus), as the menus and shortcuts activate them.
 *
 *  1. `unroll weather.csv` while the app runs: the running instance opens
 *     the import dialog (the command line's way in; the menu's Open CSV
 *     Series… and a dropped file end in the same win.import-csv);
 *  2. the dialog has read the file and picked temperature against the date
 *     column, the 70/20/10 split's windows the engine makes; a click ticks
 *     humidity as an extra input; a click on Use;
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

static char *weather, *drag_exe;
static ur_csv csv; /* weather.csv as the engine reads it */

/* A real click on a widget of the import dialog, where its state says it is. */
static gboolean click_dialog(const char *key) { return click_at("csv-import", key); }

/* The import dialog's check box of a column, by the column's name. */
static char *input_box(const char *column) {
  return g_strdup_printf("csv-columns/csv-input-%d", ur_csv_find(&csv, column));
}

/* ---- conditions --------------------------------------------------------- */

static gboolean window_up(gpointer d) { (void)d; return ival("xid", -1) > 0; }
static gboolean dialog_open(void) { return state && g_key_file_has_group(state, "csv-import"); }

/* The dialog has read the file and made its series (Use is on only then),
 * with `d` columns ticked as inputs. */
static gboolean dialog_settled(gpointer d) {
  if (!dialog_open() || !gis("csv-import", "csv-pages", "settings") || !gis("csv-import", "csv-use.sensitive", "true") ||
      gival("csv-import", "xid", -1) <= 0)
    return FALSE;
  int inputs = 0;
  for (int i = 0; i < csv.n_cols; i++) {
    g_autofree char *key = g_strdup_printf("csv-columns/csv-input-%d", i);
    g_autofree char *active = g_strconcat(key, ".active", NULL);
    inputs += gis("csv-import", key, "input") && gis("csv-import", active, "true");
  }
  return inputs == GPOINTER_TO_INT(d);
}
static gboolean on_csv(gpointer d) {
  (void)d;
  return !dialog_open() && project.data.csv.path[0] && is("data-page", "csv");
}
static gboolean stack_ready(gpointer d) { return project.n_layers == GPOINTER_TO_INT(d) && is("train.sensitive", "true"); }
static gboolean training(gpointer d) { (void)d; return enabled("stop-training"); }
/* Train queues a group of the project's repeats (3 by default). */
static gboolean trained(gpointer d) { (void)d; return !enabled("stop-training") && project.n_runs == 3; }
static gboolean saved(gpointer d) { (void)d; return is("modified", "false") && is("file", save_path); }

/* The Data page's timeline is drawn and stays so for half a second: the
 * file read and the series made, what it shows is final. */
static gboolean data_page_still(gpointer d) {
  long *last = d, draws = ival("csv-timeline.draws", -1);
  static gint64 since;
  if (draws != *last) *last = draws, since = g_get_monotonic_time();
  return draws > 0 && g_get_monotonic_time() - since > 500000;
}

/* ---- the engine's own figure -------------------------------------------- */

/* The naive forecast's MSE on the validation span, in temperature's units,
 * from the file itself: what the run must beat and report. */
static double engine_naive(void) {
  char err[512];
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
    mse = ur_baseline_mse(&s.valid, y); /* in units: a series' windows are told in its units */
    free(y);
    ur_series_free(&s);
  } else {
    CHECK(0, "%s", err);
  }
  return mse;
}

/* "2050 training, 600 validation, 300 test windows": the engine's windows
 * of temperature against the dates, with the default settings. */
static char *engine_windows(void) {
  ur_series_config cfg;
  ur_series_config_default(&cfg);
  cfg.target = ur_csv_find(&csv, "temperature");
  cfg.date = ur_csv_find(&csv, "date");
  ur_series s;
  char err[512];
  if (ur_series_make(&csv, &cfg, NULL, 0, &s, err, sizeof err) != 0) return g_strdup(err);
  char *t = g_strdup_printf("%d training, %d validation, %d test windows", s.train.n, s.valid.n, s.test.n);
  ur_series_free(&s);
  return t;
}

/* ---- a drop ------------------------------------------------------------- */

/* Drags weather.csv from drag_file's window onto the workbench's canvas. */
static gboolean canvas_shown(gpointer d) { (void)d; int x, y; return point("canvas", &x, &y); }

static void drop_file(void) {
  STEP("weather.csv dragged from another window and dropped on the workbench");
  /* training left the Results view up: the canvas is the Model view's */
  action("view", "'model'");
  wait_for(canvas_shown, NULL, 10, "the Model view");
  char *av[] = {drag_exe, weather, NULL};
  GPid pid;
  int out = -1;
  g_autoptr(GError) e = NULL;
  if (!g_spawn_async_with_pipes(NULL, av, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL, &out, NULL, &e)) {
    CHECK(0, "cannot start %s: %s", drag_exe, e->message);
    return;
  }
  char line[64] = "";
  FILE *f = fdopen(out, "r");
  long helper = f && fgets(line, sizeof line, f) ? atol(line) : 0;
  long win = ival("xid", -1);
  int cx = 0, cy = 0;
  if (helper <= 0 || !point("canvas", &cx, &cy)) {
    CHECK(0, "no drag source window (%ld) or no canvas", helper);
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
      click_dialog("csv-cancel");
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
  CHECK(run(av, NULL), "the second `unroll %s` failed", weather);
  if (!wait_for(dialog_settled, GINT_TO_POINTER(0), 30, "the import dialog to read weather.csv")) return;
  g_autofree char *target = gval("csv-import", "csv-target");
  g_autofree char *date = gval("csv-import", "csv-date");
  CHECK(!strcmp(target, "temperature") && !strcmp(date, "date"), "the dialog picked %s against %s", target, date);
  g_autofree char *status = gval("csv-import", "csv-status"), *windows = engine_windows();
  CHECK(strstr(status, windows) != NULL, "the dialog says “%s”, not the engine's 70/20/10 split of 3000 rows: %s", status,
        windows);

  STEP("a click on humidity's input box, then Use");
  /* no window manager to centre the dialog over the window: place it so the
   * screenshot shows both (clicks are relative to the dialog anyway) */
  g_autofree char *move = g_strdup_printf("windowmove %ld 60 30", gival("csv-import", "xid", -1));
  xdotool(move);
  g_usleep(300000);
  reload();
  g_autofree char *humidity = input_box("humidity");
  click_dialog(humidity);
  if (!wait_for(dialog_settled, GINT_TO_POINTER(1), 20, "humidity as an input")) return;
  g_usleep(300000);
  reload();
  screenshot("e2e-csv-dialog.png");
  click_dialog("csv-use");
  if (!wait_for(on_csv, NULL, 30, "the project to train on the CSV")) return;
  long draws = -1;
  wait_for(data_page_still, &draws, 20, "the Data page to show the file");
  const ur_csv_source *src = &project.data.csv;
  CHECK(src->n_inputs == 1 && !strcmp(src->inputs[0], "humidity") && project.input.features == 2 &&
        project.input.steps == 50, "the project reads %d × %d, input %s", project.input.steps, project.input.features,
        src->n_inputs ? src->inputs[0] : "none");
  g_autofree char *problem = sval("csv-source-problem");
  CHECK(is("csv-source-problem.mapped", "false"), "the Data page says: %s", problem);
  CHECK(starts("csv-source-summary", "Forecasting temperature from 50 rows of temperature and humidity"),
        "the Data page's summary: %s", sval("csv-source-summary"));
  screenshot("e2e-csv-data.png");

  STEP("deep-rnn-dense adapted to the series, trained through win.train");
  action("load-preset", "'deep-rnn-dense'");
  if (!wait_for(stack_ready, GINT_TO_POINTER(3), 10, "the deep-rnn-dense stack")) return;
  CHECK(project.data.csv.path[0] && project.input.features == 2, "loading a preset dropped the CSV");
  action("train", NULL);
  if (!wait_for(training, NULL, 20, "training to start")) return;
  if (!wait_for(trained, NULL, 240, "training to end")) return;
  const ur_run *r = &project.runs[0];
  CHECK(!strcmp(r->stop, "completed"), "the run ended: %s", r->stop);
  CHECK(g_str_has_suffix(r->data.csv.path, "weather.csv"), "the run's data: \"%s\"", r->data.csv.path);

  double val = r->val_mse, naive = r->naive_mse, linear = r->linear_mse;
  double want = engine_naive();
  STEP("validation MSE %.4f, naive %.4f (the engine: %.4f), linear %.4f, in temperature's units²", val, naive, want,
       linear);
  /* the last value goes through the windows' scaling and back: a float's rounding apart */
  CHECK(fabs(naive - want) <= 1e-5 * want, "the naive MSE %.6f is not the engine's %.6f in units", naive, want);
  CHECK(val < naive, "the model (%.4f) does not beat the naive forecast (%.4f)", val, naive);
  action("show-panel", "'runs'");
  g_usleep(1500000); /* the comparison's worker and a frame */
  screenshot("e2e-csv-runs.png");

  STEP("the project saved with its CSV source");
  action("save", NULL);
  if (!wait_for(saved, NULL, 20, "the save")) return;
  ur_project p;
  char err[512];
  if (ur_project_load(save_path, &p, err, sizeof err) != 0) {
    CHECK(0, "the saved project: %s", err);
    return;
  }
  const ur_csv_source *s = &p.data.csv;
  CHECK(g_str_has_suffix(s->path, "weather.csv") && !strcmp(s->target, "temperature") && s->n_inputs == 1 &&
        !strcmp(s->inputs[0], "humidity") && !strcmp(s->date, "date") && p.input.features == 2,
        "saved: %s, %s, %d inputs, date %s, %d features", s->path, s->target, s->n_inputs, s->date, p.input.features);
  CHECK(p.n_runs == 3 && !strcmp(p.runs[0].data.csv.path, s->path) && p.runs[0].val_mse == val, "saved runs: %d",
        p.n_runs);
  /* members join the project as they end, in any order: each is its group's
   * member k, trained with the group's base seed + k */
  int seen = 0;
  for (int i = 0; i < p.n_runs && i < 3; i++) {
    const ur_run *m = &p.runs[i];
    CHECK(m->group == p.runs[0].group && m->member >= 0 && m->member < 3 &&
              m->train.seed - (unsigned)m->member == p.runs[0].train.seed - (unsigned)p.runs[0].member,
          "saved run %d: group %d, member %d, seed %u", i, m->group, m->member, m->train.seed);
    if (m->member >= 0 && m->member < 3) seen |= 1 << m->member;
  }
  CHECK(seen == 7, "members 0, 1 and 2 saved (mask %d)", seen);
  ur_project_clear(&p);

  STEP("win.import-csv on the same file: the settings in use, then Cancel");
  g_autofree char *arg = g_strdup_printf("'%s'", weather);
  action("import-csv", arg);
  if (!wait_for(dialog_settled, GINT_TO_POINTER(1), 30, "the dialog with humidity ticked")) return;
  click_dialog("csv-cancel");
  if (!wait_for(on_csv, NULL, 10, "Cancel to close the dialog")) return;
  CHECK(is("modified", "false"), "Cancel changed the project");
}

int main(int argc, char **argv) {
  int rc = e2e_check_args(argc, 3, "test_e2e_csv", "UNROLL_EXE WEATHER_CSV [OUTPUT_DIR [DRAG_FILE]]");
  if (rc) return rc;
  exe = argv[1];
  e2e_name = "e2e-csv";
  weather = g_canonicalize_filename(argv[2], NULL);
  char err[512];
  if (ur_csv_read(weather, NULL, &csv, err, sizeof err) != 0) {
    fprintf(stderr, "test_e2e_csv: %s\n", err);
    return 1;
  }
  if (!e2e_setup("unroll-e2e-csv-XXXXXX", "weather.unroll")) return 1;
  out_dir = argc > 3 ? g_strdup(argv[3]) : NULL;
  drag_exe = argc > 4 ? argv[4] : NULL;
  if (out_dir) g_mkdir_with_parents(out_dir, 0700);
  e2e_preset_window_size();
  /* Xvfb has no GPU: GL would be software GL, a frame at 60-130 ms (as test_e2e_train.c) */
  env = g_environ_setenv(env, "GSK_RENDERER", "cairo", FALSE);

  app_pid = spawn_app(NULL);
  if (!app_pid) return e2e_finish("");
  if (wait_for(window_up, NULL, 30, "the window")) {
    scenario();
    if (!e2e_failed() && drag_exe) drop_file();
  }
  ur_csv_free(&csv);
  e2e_terminate_app();
  return e2e_finish("e2e-csv: the CSV opened, humidity as an input, trained through the window, beats the naive forecast");
}
