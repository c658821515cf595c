/* e2e_driver.c: the window tests' shared driver (see e2e_driver.h). */
#include "e2e_driver.h"
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

char *exe;
const char *e2e_name = "e2e";
char *tmp, *state_dir, *save_path, *out_dir;
GStrv env;
GPid app_pid;
GKeyFile *state;
ur_project project;

int project_groups(void) {
  int n = 0;
  for (int i = 0; i < project.n_runs; i++) {
    gboolean seen = FALSE;
    for (int j = 0; j < i && !seen; j++) seen = project.runs[i].group >= 0 && project.runs[j].group == project.runs[i].group;
    n += !seen;
  }
  return n;
}

void e2e_driver_checks(int *passed, int *failed) {
  *passed = check_passed;
  *failed = check_failed;
}

/* ---- the temporary tree and the app ------------------------------------- */

int e2e_check_args(int argc, int min_argc, const char *prog, const char *usage) {
  if (argc < min_argc) {
    fprintf(stderr, "usage: %s %s\n", prog, usage);
    return 2;
  }
  if (!g_getenv("DISPLAY")) {
    fprintf(stderr, "%s: no DISPLAY: run it through run-xvfb.sh\n", prog);
    return 77; /* skipped */
  }
  return 0;
}

gboolean e2e_setup(const char *tmp_template, const char *save_name) {
  g_autoptr(GError) e = NULL;
  tmp = g_dir_make_tmp(tmp_template, &e);
  if (!tmp) return FALSE;
  state_dir = g_build_filename(tmp, "state", NULL);
  save_path = g_build_filename(tmp, save_name, NULL);
  g_autofree char *cfg = g_build_filename(tmp, "config", NULL), *data = g_build_filename(tmp, "data", NULL),
                  *cache = g_build_filename(tmp, "cache", NULL);
  g_mkdir_with_parents(state_dir, 0700);
  ur_project_init(&project);
  env = g_get_environ();
  env = g_environ_setenv(env, "XDG_CONFIG_HOME", cfg, TRUE);
  env = g_environ_setenv(env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_setenv(env, "XDG_CACHE_HOME", cache, TRUE);
  env = g_environ_setenv(env, "UNROLL_TEST_PROBE", state_dir, TRUE);
  env = g_environ_setenv(env, "UNROLL_TEST_SAVE_PATH", save_path, TRUE);
  env = g_environ_setenv(env, "GDK_BACKEND", "x11", TRUE);
  env = g_environ_setenv(env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv(env, "NO_AT_BRIDGE", "1", TRUE);
  env = g_environ_setenv(env, "GTK_A11Y", "none", TRUE); /* no accessibility bus to start or wait for */
  return TRUE;
}

void e2e_preset_window(int w, int h) {
  g_autofree char *cfg_dir = g_build_filename(tmp, "config", "unroll", NULL),
                  *ini = g_build_filename(cfg_dir, "window.ini", NULL);
  g_autofree char *text = g_strdup_printf("[window]\nwidth=%d\nheight=%d\nmaximized=false\n", w, h);
  g_mkdir_with_parents(cfg_dir, 0700);
  g_file_set_contents(ini, text, -1, NULL);
}

void e2e_preset_window_size(void) { e2e_preset_window(1280, 800); }

int e2e_start(int argc, char **argv, const char *name, const char *save_name, gboolean needs_bus) {
  g_autofree char *prog = g_strdup_printf("test_%s", name), *tmpl = g_strdup_printf("unroll-%s-XXXXXX", name);
  for (char *p = prog; *p; p++)
    if (*p == '-') *p = '_';
  int rc = e2e_check_args(argc, 2, prog, "UNROLL_EXE [OUTPUT_DIR]");
  if (rc) return rc;
  const char *bus = g_getenv("DBUS_SESSION_BUS_ADDRESS");
  if (needs_bus && (!bus || g_str_has_prefix(bus, "disabled"))) {
    fprintf(stderr, "%s: gdbus needs a session bus (install dbus-daemon): skipped\n", prog);
    return 77;
  }
  exe = argv[1];
  e2e_name = name;
  if (!e2e_setup(tmpl, save_name)) return 1;
  out_dir = g_strdup(argc > 2 ? argv[2] : tmp);
  g_mkdir_with_parents(out_dir, 0700);
  e2e_preset_window_size();
  env = g_environ_setenv(env, "GSK_RENDERER", "cairo", FALSE);
  return 0;
}

GPid spawn_app(const char *file) {
  char *argv[] = {exe, (char *)file, NULL};
  GPid pid = 0;
  g_autoptr(GError) e = NULL;
  gboolean ok = g_spawn_async(NULL, argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &e);
  CHECK(ok, "cannot start %s: %s", exe, e ? e->message : "?");
  return ok ? pid : 0;
}

int wait_exit(GPid pid, double seconds) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
  int status;
  while (g_get_monotonic_time() < end) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    g_usleep(50000);
  }
  return -1;
}

void e2e_terminate_app(void) {
  if (!app_pid) return;
  kill(app_pid, SIGTERM);
  wait_exit(app_pid, 10);
}

void e2e_cleanup(int failed) {
  if (state) g_key_file_unref(state);
  state = NULL;
  ur_project_clear(&project);
  if (failed) {
    fprintf(stderr, "%s: %d failure(s); state kept in %s\n", e2e_name, failed, tmp);
    return;
  }
  char *rm[] = {"rm", "-rf", tmp, NULL};
  run(rm, NULL);
}

/* ---- the state file ----------------------------------------------------- */

gboolean reload(void) {
  g_autofree char *name = g_strdup_printf("state-%d.ini", (int)app_pid);
  g_autofree char *path = g_build_filename(state_dir, name, NULL);
  GKeyFile *kf = g_key_file_new();
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL) || !g_key_file_has_group(kf, "window 1")) {
    g_key_file_unref(kf);
    return FALSE;
  }
  if (state) g_key_file_unref(state);
  state = kf;
  g_autofree char *snapshot = sval("project");
  ur_project p;
  char err[256];
  if (*snapshot && ur_project_load(snapshot, &p, err, sizeof err) == 0) {
    ur_project_clear(&project);
    project = p;
  }
  return TRUE;
}
char *gval(const char *group, const char *key) {
  char *s = state ? g_key_file_get_string(state, group, key, NULL) : NULL;
  return s ? s : g_strdup("");
}
char *sval(const char *key) { return gval("window 1", key); }
long gival(const char *group, const char *key, long def) {
  g_autofree char *s = gval(group, key);
  char *end;
  long v = strtol(s, &end, 10);
  return *s && !*end ? v : def;
}
long ival(const char *key, long def) { return gival("window 1", key, def); }
gboolean gis(const char *group, const char *key, const char *want) {
  g_autofree char *s = gval(group, key);
  return !strcmp(s, want);
}
gboolean is(const char *key, const char *want) { return gis("window 1", key, want); }
gboolean starts(const char *key, const char *prefix) {
  g_autofree char *s = sval(key);
  return g_str_has_prefix(s, prefix);
}
gboolean point(const char *key, int *x, int *y) {
  g_autofree char *k = g_strconcat(key, ".at", NULL);
  g_autofree char *s = sval(k);
  return sscanf(s, "%d,%d", x, y) == 2;
}
char *nth(const char *name, int i, const char *suffix) {
  return i ? g_strdup_printf("%s#%d%s", name, i, suffix) : g_strconcat(name, suffix, NULL);
}
char *find_shown(const char *group, const char *name, const char *text) {
  for (int i = 0; i < 1000; i++) {
    g_autofree char *key = nth(name, i, ""), *mapped = g_strconcat(key, ".mapped", NULL);
    if (!state || !g_key_file_has_key(state, group, mapped, NULL)) return NULL;
    g_autofree char *shown = gval(group, key);
    if (gis(group, mapped, "true") && !strcmp(shown, text)) return g_steal_pointer(&key);
  }
  return NULL;
}
gboolean enabled(const char *name) {
  g_autofree char *key = g_strconcat("action.", name, NULL);
  return is(key, "true");
}

gboolean wait_for(Pred pred, gpointer data, double seconds, const char *what) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
  while (g_get_monotonic_time() < end) {
    if (reload() && pred(data)) return TRUE;
    g_usleep(20000);
  }
  CHECK(0, "timed out after %.0f s waiting for %s", seconds, what);
  return FALSE;
}

/* ---- driving the app ---------------------------------------------------- */

gboolean run(char **argv, char **out) {
  g_autoptr(GError) e = NULL;
  g_autofree char *ignored = NULL; /* gdbus prints "()" */
  int status = 0;
  gboolean spawned = g_spawn_sync(NULL, argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, out ? out : &ignored, NULL,
                                   &status, &e);
  CHECK(spawned, "cannot run %s: %s", argv[0], e ? e->message : "?");
  return spawned && g_spawn_check_wait_status(status, NULL);
}

gboolean xdotool(const char *script) {
  g_autofree char *cmd = g_strdup_printf("xdotool %s", script);
  g_auto(GStrv) argv = NULL;
  if (!g_shell_parse_argv(cmd, NULL, &argv, NULL)) return FALSE;
  gboolean ok = run(argv, NULL);
  CHECK(ok, "xdotool failed: %s", script);
  return ok;
}

gboolean press(const char *keys) {
  g_autofree char *cmd = g_strdup_printf("key --clearmodifiers --delay 60 %s", keys);
  return xdotool(cmd);
}

gboolean pointer_at(const char *group, const char *key, const char *action) {
  g_autofree char *k = g_strconcat(key, ".at", NULL);
  g_autofree char *at = gval(group, k);
  long xid = gival(group, "xid", -1);
  int x, y;
  gboolean placed = sscanf(at, "%d,%d", &x, &y) == 2 && xid > 0;
  CHECK(placed, "[%s] does not say where %s is", group, key);
  if (!placed) return FALSE;
  g_autofree char *s = g_strdup_printf("mousemove --window %ld %d %d %s", xid, x, y, action);
  return xdotool(s);
}

gboolean click_at(const char *group, const char *key) {
  return pointer_at(group, key, "sleep 0.1 mousedown 1 sleep 0.06 mouseup 1");
}

gboolean action(const char *name, const char *param) {
  g_autofree char *params = param ? g_strdup_printf("[<%s>]", param) : g_strdup("[]");
  char *argv[] = {"gdbus", "call", "--session", "--dest", "io.github.unroll.Unroll", "--object-path",
                  "/io/github/unroll/Unroll/window/1", "--method", "org.gtk.Actions.Activate", (char *)name,
                  params, "{}", NULL};
  gboolean ok = run(argv, NULL);
  CHECK(ok, "could not activate win.%s over D-Bus", name);
  return ok;
}

void screenshot(const char *name) {
  if (!out_dir) return;
  g_autofree char *path = g_build_filename(out_dir, name, NULL);
  char *argv[] = {"import", "-window", "root", path, NULL};
  if (run(argv, NULL)) STEP("screenshot: %s", path);
}
