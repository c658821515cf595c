/* e2e_driver.h: what the window tests (test_e2e, test_e2e_train,
 * test_e2e_csv) share to drive the real app under Xvfb.
 *
 * The app runs with its test probe on (ui/unroll-test-probe.h): it writes
 * what its windows show, and where their widgets are, to state-PID.ini in
 * UNROLL_TEST_PROBE, and each window's project, in the engine's own format,
 * beside it.  These helpers start the app in a private environment, poll
 * those files with deadlines, and act on the app as a person would: real X
 * events through xdotool, actions over D-Bus through gdbus.  Failures are
 * check.h's CHECKs; e2e_finish sums the driver's and the test's.
 */
#ifndef UNROLL_E2E_DRIVER_H
#define UNROLL_E2E_DRIVER_H

#include <glib.h>
#include <stdio.h>
#include "check.h"
#include "project.h"

/* Set by the test before e2e_setup: the app to start, and the prefix of
 * STEP's lines ("e2e", "e2e-train", ...). */
extern char *exe;
extern const char *e2e_name;
/* Set by e2e_setup: the temporary tree and the app's environment. */
extern char *tmp, *state_dir, *save_path, *out_dir;
extern GStrv env;
extern GPid app_pid;
/* "window 1" and the rest of the app's state file, and window 1's project,
 * as reload() last read them (project is as after ur_project_init until the
 * app has written it). */
extern GKeyFile *state;
extern ur_project project;
/* The run groups in `project` (Train adds one of the Repeats setting's
 * members; a run without a group id is a group of its own). */
int project_groups(void);

#define STEP(...)                           \
  do {                                      \
    fprintf(stderr, "%s: ", e2e_name);      \
    fprintf(stderr, __VA_ARGS__);           \
    fputc('\n', stderr);                    \
  } while (0)

/* ---- checks: the driver's and the test's -------------------------------- */

/* What the driver's own CHECKs counted (its waits, its commands). */
void e2e_driver_checks(int *passed, int *failed);

/* Whether any check, the driver's or the test's, has failed. */
static inline int e2e_failed(void) {
  int p, f;
  e2e_driver_checks(&p, &f);
  return check_failed + f;
}

/* ---- the temporary tree and the app ------------------------------------- */

/* main's first check: 2 (after printing USAGE) with fewer than MIN_ARGC
 * arguments, 77 (skipped) with no DISPLAY, else 0 to go on. */
int e2e_check_args(int argc, int min_argc, const char *prog, const char *usage);

/* Makes TEMPLATE's temporary folder (tmp) with state/ (state_dir), config/,
 * data/ and cache/ for the XDG folders, save_path = tmp/SAVE_NAME, and the
 * app's environment (env).  FALSE when no folder could be made. */
gboolean e2e_setup(const char *tmp_template, const char *save_name);
/* main's start for a test that needs nothing but the app: the checks of
 * e2e_check_args (and a session bus for gdbus when NEEDS_BUS), exe =
 * argv[1], e2e_name = NAME, e2e_setup's tree with SAVE_NAME, out_dir =
 * argv[2] or tmp, the window at 1280 × 800, and GTK's cairo renderer (Xvfb
 * has no GPU: GL would run on llvmpipe, redrawing the whole window in
 * software every frame, 60-130 ms here; on a desktop GL is used).  0 to go
 * on, else main's exit code. */
int e2e_start(int argc, char **argv, const char *name, const char *save_name, gboolean needs_bus);
/* A window.ini that opens the window at 1280 × 800, not maximized. */
void e2e_preset_window_size(void);
/* One that opens it at w × h (and nothing else remembered: the Model view). */
void e2e_preset_window(int w, int h);
/* Starts exe (with FILE, or none), not reaped: its pid, or 0 after a failed check. */
GPid spawn_app(const char *file);
/* Waits for a child to exit: its wait status, or -1 after `seconds`. */
int wait_exit(GPid pid, double seconds);
/* SIGTERM to the app, then up to 10 s for it to exit. */
void e2e_terminate_app(void);
/* Removes tmp unless a check failed (then it stays, and says where). */
void e2e_cleanup(int failed);

/* The test's end: the driver's checks added to the test's, tmp removed
 * unless one failed, PASSED printed when none did; check_summary's code. */
static inline int e2e_finish(const char *passed) {
  int p, f;
  e2e_driver_checks(&p, &f);
  check_passed += p;
  check_failed += f;
  e2e_cleanup(check_failed);
  if (!check_failed) printf("%s\n", passed);
  return check_summary();
}

/* ---- the state file of the first app, group "window 1" ------------------ */

/* Re-reads state-<app_pid>.ini into `state`, and window 1's project into
 * `project`: FALSE until the state has "window 1". */
gboolean reload(void);
/* A value of GROUP, "" when there is none; of "window 1" for sval. */
char *gval(const char *group, const char *key);
char *sval(const char *key);
/* A whole number of GROUP ("window 1" for ival), DEF when it is none. */
long gival(const char *group, const char *key, long def);
long ival(const char *key, long def);
/* Whether GROUP's KEY ("window 1"'s for is) is exactly WANT. */
gboolean gis(const char *group, const char *key, const char *want);
gboolean is(const char *key, const char *want);
/* Whether window 1's KEY has the text PREFIX at its start. */
gboolean starts(const char *key, const char *prefix);
/* "x,y" of "window 1". */
gboolean point(const char *key, int *x, int *y);
/* The key of the i-th widget named NAME (0: NAME; then NAME#1, NAME#2...),
 * followed by SUFFIX (g_free it): nth("layer-card", 2, "/details"). */
char *nth(const char *name, int i, const char *suffix);
/* The key of the widget named NAME in GROUP that is on screen and shows
 * TEXT (a run's name cell among the list's rows), or NULL. */
char *find_shown(const char *group, const char *name, const char *text);
/* Whether window 1's action win.NAME is enabled. */
gboolean enabled(const char *action);

typedef gboolean (*Pred)(gpointer data);
/* Polls the state file every 20 ms until pred holds; FALSE after `seconds`. */
gboolean wait_for(Pred pred, gpointer data, double seconds, const char *what);

/* ---- driving the app ---------------------------------------------------- */

/* Runs ARGV in env to its end, its stdout into *OUT (or dropped): TRUE when
 * it exits with 0. */
gboolean run(char **argv, char **out);
/* An xdotool command line, parsed as a shell would. */
gboolean xdotool(const char *script);
/* Key presses (xdotool's names: "Tab", "ctrl+Return") to the window with
 * the keyboard focus, the pointer left where it is. */
gboolean press(const char *keys);
/* Moves the pointer to the centre GROUP's KEY.at gives ("x,y"), in GROUP's
 * own X window ("xid"), then does ACTION (more xdotool words). */
gboolean pointer_at(const char *group, const char *key, const char *action);
/* A click there, press and release apart: a busy window still sees both on
 * the button. */
gboolean click_at(const char *group, const char *key);
/* A win.* action of window 1 over D-Bus; param is a GVariant text or NULL. */
gboolean action(const char *name, const char *param);
/* The whole screen to out_dir/NAME (nothing without out_dir). */
void screenshot(const char *name);

#endif
