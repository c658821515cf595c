/* e2e_driver.h: what the window tests (test_e2e, test_e2e_train,
 * test_e2e_csv) share to drive the real app under Xvfb.
 *
 * The app runs with its test hooks on (ui/unroll-test-hooks.h) and writes
 * what its windows show, and where their widgets are, to state-PID.ini in
 * UNROLL_TEST_STATE; these helpers start it in a private environment, poll
 * that file with deadlines, and act on the app as a person would: real X
 * events through xdotool, actions over D-Bus through gdbus.
 */
#ifndef UNROLL_E2E_DRIVER_H
#define UNROLL_E2E_DRIVER_H

#include <glib.h>
#include <stdio.h>

/* Set by the test before e2e_setup: the app to start, and the prefix of
 * STEP's lines ("e2e", "e2e-train", ...). */
extern char *exe;
extern const char *e2e_name;
/* Set by e2e_setup: the temporary tree and the app's environment. */
extern char *tmp, *state_dir, *save_path, *out_dir;
extern GStrv env;
extern GPid app_pid;
extern int failures;
/* "window 1" and the rest of the app's state file, as reload() last read it. */
extern GKeyFile *state;

#define FAIL(...)                          \
  do {                                     \
    fprintf(stderr, "FAIL: " __VA_ARGS__); \
    fputc('\n', stderr);                   \
    failures++;                            \
  } while (0)
#define STEP(...)                           \
  do {                                      \
    fprintf(stderr, "%s: ", e2e_name);      \
    fprintf(stderr, __VA_ARGS__);           \
    fputc('\n', stderr);                    \
  } while (0)

/* ---- the temporary tree and the app ------------------------------------- */

/* main's first check: 2 (after printing USAGE) with fewer than MIN_ARGC
 * arguments, 77 (skipped) with no DISPLAY, else 0 to go on. */
int e2e_check_args(int argc, int min_argc, const char *prog, const char *usage);

/* Makes TEMPLATE's temporary folder (tmp) with state/ (state_dir), config/,
 * data/ and cache/ for the XDG folders, save_path = tmp/SAVE_NAME, and the
 * app's environment (env).  FALSE when no folder could be made. */
gboolean e2e_setup(const char *tmp_template, const char *save_name);
/* A window.ini that opens the window at 1280 × 800, not maximized. */
void e2e_preset_window_size(void);
/* Starts exe (with FILE, or none), not reaped: its pid, or 0 after a FAIL. */
GPid spawn_app(const char *file);
/* Waits for a child to exit: its wait status, or -1 after `seconds`. */
int wait_exit(GPid pid, double seconds);
/* SIGTERM to the app, then up to 10 s for it to exit. */
void e2e_terminate_app(void);
/* The test's end: with failures, says so and keeps tmp (exit code 1);
 * otherwise removes tmp and prints PASSED on stdout (exit code 0). */
int e2e_finish(const char *passed);

/* ---- the state file of the first app, group "window 1" ------------------ */

/* Re-reads state-<app_pid>.ini into `state`: FALSE until it has "window 1". */
gboolean reload(void);
/* A value of GROUP, "" when there is none; of "window 1" for sval. */
char *gval(const char *group, const char *key);
char *sval(const char *key);
/* A whole number of GROUP ("window 1" for ival), DEF when it is none. */
long gival(const char *group, const char *key, long def);
long ival(const char *key, long def);
/* A number of "window 1", NAN when it is none. */
double dval(const char *key);
/* Whether GROUP's KEY ("window 1"'s for is) is exactly WANT. */
gboolean gis(const char *group, const char *key, const char *want);
gboolean is(const char *key, const char *want);
/* "x,y" of "window 1". */
gboolean point(const char *key, int *x, int *y);

typedef gboolean (*Pred)(gpointer data);
/* Polls the state file every 20 ms until pred holds; FALSE after `seconds`. */
gboolean wait_for(Pred pred, gpointer data, double seconds, const char *what);

/* ---- driving the app ---------------------------------------------------- */

/* Runs ARGV in env to its end, its stdout into *OUT (or dropped): TRUE when
 * it exits with 0. */
gboolean run(char **argv, char **out);
/* An xdotool command line, parsed as a shell would. */
gboolean xdotool(const char *script);
/* Moves the pointer to the centre GROUP's KEY gives ("x,y"), in GROUP's own
 * X window ("xid"), then does ACTION (more xdotool words). */
gboolean pointer_at(const char *group, const char *key, const char *action);
/* A click there, press and release apart: a busy window still sees both on
 * the button. */
gboolean click_at(const char *group, const char *key);
/* A win.* action over D-Bus; param is a GVariant text or NULL. */
gboolean action(const char *name, const char *param);
/* The whole screen to out_dir/NAME (nothing without out_dir). */
void screenshot(const char *name);

#endif
