/* test_e2e.c: the real window under Xvfb, driven with real pointer and key
 * events (xdotool), checked against the engine.
 *
 * usage: test_e2e UNROLL_EXE [OUTPUT_DIR [edits]]   (run it through run-xvfb.sh)
 *
 * Without "edits": a layer dragged, edited, saved and reopened:
 *
 *  1. starts `unroll` with the test probe on (see ui/unroll-test-probe.h):
 *     the app writes what each window shows, and where its widgets are on
 *     the screen, to a state file we poll, and each window's project in the
 *     engine's format, which we read with the engine;
 *  2. drags GRU from the palette onto the canvas: button down, a dozen small
 *     motions (GTK 4 starts a drag only after motion past a threshold, and
 *     the drop target needs motion over it), button up;
 *  3. clicks the inspector's Units field, types 32 and Return;
 *  4. presses Ctrl+S (UNROLL_TEST_SAVE_PATH stands in for the file chooser);
 *  5. runs `unroll FILE` again: the running instance opens it in a new
 *     window (over D-Bus; without a session bus a second process does);
 *  6. checks the new window's stack, shapes and parameter counts against the
 *     engine's own (ur_stack_check, ur_spec_param_count on the saved file),
 *     takes a screenshot, quits with Ctrl+Q, and checks that the window size
 *     was remembered.
 * With "edits": win.load-preset over D-Bus (gdbus: the same action as the
 * Presets menu), a click to select, Alt+Up, Ctrl+Z, Ctrl+Shift+Z, the fix
 * button, a card dragged onto the palette and one dropped outside the
 * canvas (both removed), Delete, Ctrl+W with unsaved changes (Escape keeps
 * the window, "Close Without Saving" ends the app), and a bad project on the
 * command line (a dialog naming the line).  gdbus needs the session bus
 * that run-xvfb.sh starts.
 *
 * Every wait polls for a condition with a deadline; the sleeps inside the
 * xdotool commands only pace the events as a hand would.
 */
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include "e2e_driver.h"
#include "unroll-analysis.h" /* unroll_format_count: "12,345", as the cards print counts */

static GPid second_pid;

/* ---- the app's state files --------------------------------------------- */

typedef struct {
  GKeyFile *kf;
  char *group;
  int pid;
  ur_project p; /* the window's project, once read: have_p */
  gboolean have_p;
} Win;

static void win_clear(Win *w) {
  if (w->kf) g_key_file_unref(w->kf);
  g_free(w->group);
  if (w->have_p) ur_project_clear(&w->p);
  memset(w, 0, sizeof *w);
}

/* The first window, and the one the current step looks at. */
static Win first, w;
static long xid;

static char *wstr(const Win *w, const char *key) {
  char *s = g_key_file_get_string(w->kf, w->group, key, NULL);
  return s ? s : g_strdup("");
}
static int wint(const Win *w, const char *key, int def) {
  GError *e = NULL;
  int v = g_key_file_get_integer(w->kf, w->group, key, &e);
  if (e) {
    g_error_free(e);
    return def;
  }
  return v;
}
static gboolean wpoint(const Win *w, const char *key, int *x, int *y) {
  g_autofree char *at = g_strconcat(key, ".at", NULL);
  g_autofree char *s = g_key_file_get_string(w->kf, w->group, at, NULL);
  return s && sscanf(s, "%d,%d", x, y) == 2;
}

/* The window's project, read with the engine from the snapshot the probe
 * wrote (NULL until there is one). */
static const ur_project *wproject(Win *w) {
  if (!w->have_p) {
    g_autofree char *path = wstr(w, "project");
    char err[256];
    w->have_p = *path && ur_project_load(path, &w->p, err, sizeof err) == 0;
  }
  return w->have_p ? &w->p : NULL;
}
static int wlayers(Win *w) {
  const ur_project *p = wproject(w);
  return p ? p->n_layers : -1;
}

typedef gboolean (*WinPred)(Win *w, gpointer data);

/* Finds a window, in any state file, that satisfies pred. */
static gboolean find_window(WinPred pred, gpointer data, Win *out) {
  GDir *dir = g_dir_open(state_dir, 0, NULL);
  const char *name;
  gboolean found = FALSE;
  while (dir && !found && (name = g_dir_read_name(dir))) {
    if (!g_str_has_prefix(name, "state-") || !g_str_has_suffix(name, ".ini")) continue;
    g_autofree char *path = g_build_filename(state_dir, name, NULL);
    GKeyFile *kf = g_key_file_new();
    if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL)) {
      g_key_file_unref(kf);
      continue;
    }
    gsize n = 0;
    g_auto(GStrv) groups = g_key_file_get_groups(kf, &n);
    for (gsize i = 0; i < n && !found; i++) {
      if (!g_str_has_prefix(groups[i], "window ")) continue;
      Win w = {.kf = kf, .group = groups[i], .pid = g_key_file_get_integer(kf, "app", "pid", NULL)};
      if (pred(&w, data)) {
        out->kf = g_key_file_ref(kf);
        out->group = g_strdup(groups[i]);
        out->pid = w.pid;
        found = TRUE;
      }
      if (w.have_p) ur_project_clear(&w.p);
    }
    g_key_file_unref(kf);
  }
  if (dir) g_dir_close(dir);
  return found;
}

/* Polls every 50 ms until pred holds or `seconds` pass. */
static gboolean poll_window(WinPred pred, gpointer data, double seconds, Win *out) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
  while (g_get_monotonic_time() < end) {
    if (find_window(pred, data, out)) return TRUE;
    g_usleep(50000);
  }
  return FALSE;
}
static gboolean wait_window(WinPred pred, gpointer data, double seconds, Win *out, const char *what) {
  if (poll_window(pred, data, seconds, out)) return TRUE;
  CHECK(0, "timed out after %.0f s waiting for %s", seconds, what);
  return FALSE;
}

/* The state as text without the frames painted (a cursor blinking in an
 * entry paints, and changes nothing a step looks at). */
static char *without_frames(char *text) {
  GString *out = g_string_new(NULL);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (int i = 0; lines[i]; i++)
    if (!g_str_has_prefix(lines[i], "frames.")) g_string_append_printf(out, "%s\n", lines[i]);
  g_free(text);
  return g_string_free(out, FALSE);
}

/* Re-reads a window once its state has stopped changing for `quiet`
 * seconds: the layout has settled and the positions are final. */
static gboolean settle(Win *win, double quiet, double seconds) {
  g_autofree char *group = g_strdup(win->group);
  int pid = win->pid;
  g_autofree char *last = NULL;
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6), since = g_get_monotonic_time();
  while (g_get_monotonic_time() < end) {
    g_autofree char *name = g_strdup_printf("state-%d.ini", pid);
    g_autofree char *path = g_build_filename(state_dir, name, NULL);
    g_autofree char *text = NULL;
    if (g_file_get_contents(path, &text, NULL, NULL) && (text = without_frames(text)) && g_strcmp0(text, last) != 0) {
      g_free(last);
      last = g_steal_pointer(&text);
      since = g_get_monotonic_time();
    } else if (last && g_get_monotonic_time() - since > (gint64)(quiet * 1e6)) {
      GKeyFile *kf = g_key_file_new();
      if (!g_key_file_load_from_data(kf, last, (gsize)-1, G_KEY_FILE_NONE, NULL) || !g_key_file_has_group(kf, group)) {
        g_key_file_unref(kf);
        return FALSE;
      }
      win_clear(win);
      win->kf = kf;
      win->group = g_strdup(group);
      win->pid = pid;
      return TRUE;
    }
    g_usleep(50000);
  }
  CHECK(0, "the window's state never settled");
  return FALSE;
}

/* ---- conditions ------------------------------------------------------- */

static gboolean is_ready(Win *w, gpointer d) {
  (void)d;
  int x, y;
  return wint(w, "xid", 0) && wlayers(w) == 0 && wpoint(w, "win.add-layer::gru", &x, &y) && wpoint(w, "canvas", &x, &y);
}
static gboolean has_gru(Win *w, gpointer d) {
  (void)d;
  int x, y;
  return wlayers(w) == 1 && w->p.layers[0].kind == UR_GRU && wpoint(w, "inspector-units", &x, &y);
}
static gboolean has_units(Win *w, gpointer d) {
  g_autofree char *details = wstr(w, "layer-card/details");
  return wlayers(w) == 1 && w->p.layers[0].units == GPOINTER_TO_INT(d) && g_str_has_prefix(details, "32 units");
}
static gboolean is_saved(Win *w, gpointer d) {
  (void)d;
  g_autofree char *file = wstr(w, "file");
  g_autofree char *modified = wstr(w, "modified");
  return !strcmp(file, save_path) && !strcmp(modified, "false");
}
static gboolean is_reopened(Win *w, gpointer d) {
  const Win *first = d;
  g_autofree char *file = wstr(w, "file");
  gboolean other = w->pid != first->pid || wint(w, "id", 0) != wint(first, "id", 0);
  return other && !strcmp(file, save_path) && wlayers(w) == 1 && wint(w, "xid", 0);
}

/* ---- the test ----------------------------------------------------------- */

static gboolean drag(const Win *w, const char *from_key, const char *to_key) {
  int sx, sy, dx, dy;
  gboolean placed = wpoint(w, from_key, &sx, &sy) && wpoint(w, to_key, &dx, &dy);
  CHECK(placed, "no position for %s or %s", from_key, to_key);
  if (!placed) return FALSE;
  long xid = wint(w, "xid", 0);
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "mousemove --window %ld %d %d sleep 0.3 mousedown 1 sleep 0.2 ", xid, sx, sy);
  for (int i = 1; i <= 16; i++)
    g_string_append_printf(s, "mousemove --window %ld %d %d sleep 0.05 ", xid, sx + (dx - sx) * i / 16,
                           sy + (dy - sy) * i / 16);
  /* a little motion over the target, so it sees the pointer there */
  g_string_append_printf(s, "mousemove --window %ld %d %d sleep 0.2 mousemove --window %ld %d %d sleep 0.3 mouseup 1",
                         xid, dx + 3, dy + 3, xid, dx, dy);
  if (g_getenv("E2E_VERBOSE")) STEP("xdotool %s", s->str);
  gboolean ok = xdotool(s->str);
  g_string_free(s, TRUE);
  return ok;
}

static void check_against_engine(Win *w) {
  ur_project p;
  char err[512], why[512], shape[64], count[32], want[128];
  if (ur_project_load(save_path, &p, err, sizeof err) != 0) {
    CHECK(0, "the engine cannot read the saved project: %s", err);
    return;
  }
  CHECK(p.n_layers == 1 && p.layers[0].kind == UR_GRU && p.layers[0].units == 32,
        "saved stack: %d layers, first %s with %d units (want one GRU of 32)", p.n_layers,
        p.n_layers ? ur_kind_id(p.layers[0].kind) : "-", p.n_layers ? p.layers[0].units : 0);
  ur_shape shapes[UR_MAX_LAYERS];
  int bad = -1;
  if (ur_stack_check(p.input, p.layers, p.n_layers, shapes, &bad, why, sizeof why) != 0) {
    CHECK(0, "the engine rejects the saved stack: %s", why);
    ur_project_clear(&p);
    return;
  }
  const ur_project *shown_p = wproject(w);
  CHECK(shown_p && shown_p->n_layers == p.n_layers, "the window's project has %d layers, the file %d",
        shown_p ? shown_p->n_layers : -1, p.n_layers);
  ur_shape in = p.input;
  size_t total = 0;
  for (int i = 0; i < p.n_layers; i++) {
    size_t n = ur_spec_param_count(&p.layers[i], in);
    total += n;
    ur_shape_format(shapes[i], shape, sizeof shape);
    unroll_format_count(n, count, sizeof count);
    g_autofree char *k_title = nth("layer-card", i, "/title"), *k_shape = nth("layer-card", i, "/shape"),
                    *k_params = nth("layer-card", i, "/params");
    g_autofree char *title = wstr(w, k_title), *shown_shape = wstr(w, k_shape), *shown_params = wstr(w, k_params);
    g_snprintf(want, sizeof want, "%s params", count);
    CHECK(shown_p && i < shown_p->n_layers && shown_p->layers[i].kind == p.layers[i].kind,
          "layer %d: the window's project has another kind than the file's %s", i, ur_kind_id(p.layers[i].kind));
    CHECK(!strcmp(title, ur_kind_name(p.layers[i].kind)), "layer %d: the card says %s, the file has %s", i, title,
          ur_kind_name(p.layers[i].kind));
    CHECK(!strcmp(shown_shape, shape), "layer %d: window shows shape \"%s\", engine says \"%s\"", i, shown_shape, shape);
    CHECK(!strcmp(shown_params, want), "layer %d: window shows \"%s\", engine says \"%s\"", i, shown_params, want);
    STEP("layer %d: %s, %s, %s (engine agrees)", i, title, shown_shape, shown_params);
    in = shapes[i];
  }
  unroll_format_count(total, count, sizeof count);
  g_snprintf(want, sizeof want, "%d layer%s · %s parameters", p.n_layers, p.n_layers == 1 ? "" : "s", count);
  g_autofree char *footer = wstr(w, "canvas-total");
  CHECK(g_str_has_prefix(footer, want), "footer \"%s\", engine total \"%s\"", footer, want);
  /* GRU(32) on 1 feature, Keras 2 (reset_after): 3 (1·32 + 32·32) + 6·32 */
  CHECK(total == 3360, "GRU(32) should have 3,360 parameters, the engine says %zu", total);
  ur_project_clear(&p);
}

/* Steps 1 to 6; returns at the first step that cannot go on. */
static void scenario(void) {
  STEP("starting %s", exe);
  app_pid = spawn_app(NULL);
  if (!app_pid || !wait_window(is_ready, NULL, 30, &first, "the window with an empty stack")) return;
  if (!settle(&first, 0.6, 20)) return;
  xid = wint(&first, "xid", 0);
  STEP("window %ld is up", xid);

  /* 2. drag GRU onto the canvas (one more try if the first drag is lost) */
  for (int attempt = 1; attempt <= 2 && !w.kf; attempt++) {
    STEP("dragging GRU from the palette to the canvas (try %d)", attempt);
    if (!drag(&first, "win.add-layer::gru", "canvas")) return;
    poll_window(has_gru, NULL, 10, &w);
  }
  CHECK(w.kf != NULL, "the GRU never landed on the canvas");
  if (!w.kf) return;
  g_autofree char *dropped = wstr(&w, "layer-card/details");
  STEP("dropped: %s", dropped);
  g_autofree char *shape20 = wstr(&w, "layer-card/shape");
  CHECK(!strcmp(shape20, "batch × 20"), "GRU(20) shows shape \"%s\"", shape20);

  if (!settle(&w, 0.6, 20)) return;
  /* 3. units: click the field, select all, type 32, Return */
  int ux, uy;
  wpoint(&w, "inspector-units", &ux, &uy);
  g_autofree char *click = g_strdup_printf(
      "mousemove --window %ld %d %d sleep 0.2 click 1 sleep 0.3 key --clearmodifiers ctrl+a sleep 0.1", xid, ux, uy);
  STEP("typing 32 into the inspector's Units at %d,%d", ux, uy);
  /* three commands: `type` takes every word after it as text */
  xdotool(click);
  xdotool("type --delay 60 32");
  xdotool("key --clearmodifiers Return");
  if (g_getenv("E2E_VERBOSE")) screenshot("e2e-after-typing.png");
  win_clear(&w);
  if (!wait_window(has_units, GINT_TO_POINTER(32), 10, &w, "units = 32 on the card")) return;
  win_clear(&w);

  /* 4. save with Ctrl+S */
  STEP("saving with Ctrl+S");
  g_autofree char *save_keys = g_strdup_printf(
      "mousemove --window %ld 600 20 sleep 0.2 key --clearmodifiers ctrl+s", xid);
  xdotool(save_keys);
  if (!wait_window(is_saved, NULL, 10, &w, "the project saved, unmodified")) return;
  win_clear(&w);
  CHECK(g_file_test(save_path, G_FILE_TEST_EXISTS), "%s was not written", save_path);

  /* 5. reopen it in a new window */
  STEP("reopening %s with a second `unroll FILE`", save_path);
  second_pid = spawn_app(save_path);
  if (!wait_window(is_reopened, &first, 30, &w, "a new window showing the saved project")) return;
  int st = wait_exit(second_pid, 0.1);
  if (w.pid == (int)app_pid) {
    STEP("the running instance opened it (window %d); the second process %s", wint(&w, "id", 0),
         st >= 0 ? "handed it over and exited" : "is still running");
  } else {
    STEP("no session bus: a second process opened it");
  }

  /* 6. the new window against the engine */
  check_against_engine(&w);
  g_autofree char *status = wstr(&w, "canvas-status");
  g_autofree char *tip = wstr(&w, "train.tooltip");
  STEP("verdict: %s; Train says: %s", status, tip);
  CHECK(strstr(tip, "layer 1 (GRU): the model outputs batch × 32, but the task (the next value) needs batch × 1"),
        "Train's tooltip does not explain the output mismatch: %s", tip);
  g_autofree char *sens = wstr(&w, "train.sensitive");
  CHECK(!strcmp(sens, "false"), "Train is clickable");
  screenshot("e2e-reopened.png");

}


/* ---- the edits scenario --------------------------------------------------- */

/* A value from any state file's group ("dialog 1", "app"), or NULL. */
static char *state_value(const char *group, const char *key) {
  GDir *dir = g_dir_open(state_dir, 0, NULL);
  const char *name;
  char *v = NULL;
  while (dir && !v && (name = g_dir_read_name(dir))) {
    if (!g_str_has_prefix(name, "state-")) continue;
    g_autofree char *path = g_build_filename(state_dir, name, NULL);
    g_autoptr(GKeyFile) kf = g_key_file_new();
    if (g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL)) v = g_key_file_get_string(kf, group, key, NULL);
  }
  if (dir) g_dir_close(dir);
  return v;
}

static gboolean wait_value(const char *group, const char *key, const char *contains, double seconds) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
  while (g_get_monotonic_time() < end) {
    g_autofree char *v = state_value(group, key);
    if (v && (contains ? strstr(v, contains) != NULL : TRUE)) return TRUE;
    g_usleep(50000);
  }
  CHECK(0, "timed out waiting for [%s] %s to show \"%s\"", group, key, contains ? contains : "(anything)");
  return FALSE;
}

static gboolean wait_no_dialog(double seconds) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
  while (g_get_monotonic_time() < end) {
    g_autofree char *v = state_value("app", "dialogs");
    if (v && !strcmp(v, "0")) return TRUE;
    g_usleep(50000);
  }
  CHECK(0, "a dialog is still open");
  return FALSE;
}

/* The first window, re-read once its state is quiet. */
static gboolean current(void) {
  return settle(&first, 0.5, 20);
}

static gboolean click(const char *key) {
  int x, y;
  gboolean placed = current() && wpoint(&first, key, &x, &y);
  CHECK(placed, "nothing to click at %s", key);
  if (!placed) return FALSE;
  g_autofree char *cmd = g_strdup_printf("mousemove --window %ld %d %d sleep 0.2 click 1 sleep 0.2", xid, x, y);
  return xdotool(cmd);
}

static gboolean keys(const char *combo) {
  g_autofree char *cmd = g_strdup_printf("key --clearmodifiers %s", combo);
  return xdotool(cmd);
}

/* A condition on the first window's state: "key" equals or starts with. */
typedef struct {
  const char *key, *prefix;
} KeyIs;
static gboolean key_is(Win *win, gpointer d) {
  const KeyIs *k = d;
  if (wint(win, "id", 0) != 1) return FALSE;
  g_autofree char *v = wstr(win, k->key);
  return g_str_has_prefix(v, k->prefix);
}
/* Waits up to 10 s for a window to meet pred, and says `what` when one does. */
static gboolean expect_window(WinPred pred, gpointer data, const char *what) {
  Win tmpw = {0};
  gboolean ok = wait_window(pred, data, 10, &tmpw, what);
  win_clear(&tmpw);
  if (ok) STEP("%s", what);
  return ok;
}
static gboolean expect(const char *key, const char *prefix, const char *what) {
  KeyIs k = {key, prefix};
  return expect_window(key_is, &k, what);
}

/* A condition on the first window's project: n layers, the first of kind
 * (-1: any). */
typedef struct {
  int n, kind;
} LayersAre;
static gboolean layers_are(Win *win, gpointer d) {
  const LayersAre *l = d;
  return wint(win, "id", 0) == 1 && wlayers(win) == l->n && (l->kind < 0 || win->p.layers[0].kind == (ur_layer_kind)l->kind);
}
static gboolean expect_layers(int n, int kind, const char *what) {
  LayersAre l = {n, kind};
  return expect_window(layers_are, &l, what);
}

/* The fix button on screen: the one of the card that has the problem. */
static char *shown_fix(void) {
  for (int i = 0; current() && i < UR_MAX_LAYERS; i++) {
    g_autofree char *key = nth("layer-card", i, "/fix"), *mapped = g_strconcat(key, ".mapped", NULL);
    g_autofree char *on = wstr(&first, mapped);
    if (!strcmp(on, "true")) return g_steal_pointer(&key);
  }
  return g_strdup("layer-card/fix");
}

/* Edits from the keyboard and the pointer, undo, the one-click fix, the
 * question before closing, and the dialog for a bad file. */
static void edits(void) {
  app_pid = spawn_app(NULL);
  if (!app_pid || !wait_window(is_ready, NULL, 30, &first, "the window with an empty stack") || !settle(&first, 0.6, 20))
    return;
  xid = wint(&first, "xid", 0);
  /* activating a palette row (a double-click) appends that layer */
  int px, py;
  wpoint(&first, "win.add-layer::lstm", &px, &py);
  g_autofree char *dbl = g_strdup_printf("mousemove --window %ld %d %d sleep 0.2 click --repeat 2 --delay 80 1", xid, px, py);
  xdotool(dbl);
  if (!expect_layers(1, UR_LSTM, "a double-click on LSTM in the palette appended it")) return;
  if (!action("load-preset", "'deep-rnn'") ||
      !expect("layer-card#2/details", "1 unit", "deep-rnn loaded through win.load-preset"))
    return;
  if (!click("layer-card#2") || !expect("layer-card#2.selected", "true", "the last card selected by a click")) return;
  keys("alt+Up");
  if (!expect("layer-card#1/details", "1 unit", "Alt+Up moved it up") ||
      !expect("canvas-status",
              "layer 3 (SimpleRNN): SimpleRNN needs a sequence, but the SimpleRNN above returns only its last output",
              "the card below is marked with the reason"))
    return;
  keys("ctrl+z");
  if (!expect("layer-card#2/details", "1 unit", "Ctrl+Z undid the move")) return;
  keys("ctrl+shift+z");
  if (!expect("layer-card#1/details", "1 unit", "Ctrl+Shift+Z redid it")) return;
  g_autofree char *fix = shown_fix();
  if (!click(fix) ||
      !expect("layer-card#1/details", "1 unit, tanh, return_sequences", "the fix turned on return_sequences above"))
    return;
  /* drag the first card onto the palette: removed */
  if (!current() || !drag(&first, "layer-card", "win.add-layer::dense") ||
      !expect_layers(2, -1, "a card dropped on the palette is removed"))
    return;
  /* drag the first card onto the header bar, where nothing takes it: removed */
  if (!current()) return;
  int cx, cy;
  wpoint(&first, "layer-card", &cx, &cy);
  g_autofree char *out = g_strdup_printf("mousemove --window %ld %d %d sleep 0.3 mousedown 1 sleep 0.2 "
                                         "mousemove --window %ld %d %d sleep 0.1 mousemove --window %ld %d %d sleep 0.1 "
                                         "mousemove --window %ld 700 20 sleep 0.2 mousemove --window %ld 705 22 sleep 0.3 mouseup 1",
                                         xid, cx, cy, xid, cx + 10, cy - 10, xid, cx + 20, cy - 40, xid, xid);
  xdotool(out);
  if (!expect_layers(1, -1, "a card dropped outside the canvas is removed")) return;
  if (!click("layer-card")) return;
  keys("Delete");
  if (!expect_layers(0, -1, "Delete removed the selected card")) return;
  keys("ctrl+z");
  keys("ctrl+z");
  if (!expect_layers(2, -1, "two undos bring two cards back")) return;
  screenshot("e2e-edits.png");

  /* closing with unsaved changes asks first */
  if (!current()) return;
  g_autofree char *close = g_strdup_printf("mousemove --window %ld 640 20 sleep 0.2 key --clearmodifiers ctrl+w", xid);
  xdotool(close);
  if (!wait_value("dialog 1", "text", "Save the changes to", 10)) return;
  STEP("Ctrl+W with unsaved changes asks first");
  g_autofree char *dxid = state_value("dialog 1", "xid");
  g_autofree char *esc = g_strdup_printf("mousemove --window %s 20 20 sleep 0.2 key --clearmodifiers Escape", dxid);
  xdotool(esc);
  if (!wait_no_dialog(10)) return;
  if (wait_exit(app_pid, 0.5) >= 0) {
    CHECK(0, "Cancel closed the window");
    app_pid = 0;
    return;
  }
  STEP("Cancel keeps the window");
  xdotool(close);
  if (!wait_value("dialog 1", "text", "Save the changes to", 10)) return;
  g_free(dxid);
  dxid = state_value("dialog 1", "xid");
  g_autofree char *discard = g_strdup_printf("mousemove --window %s 20 20 sleep 0.2 key --clearmodifiers alt+w", dxid);
  xdotool(discard);
  int st = wait_exit(app_pid, 20);
  app_pid = 0;
  CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "Close Without Saving did not end the application cleanly (%d)", st);
  if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) return;
  STEP("Close Without Saving closed the last window: the application ended");

  /* a bad file opens a dialog naming the problem */
  g_autofree char *bad = g_build_filename(tmp, "bad.unroll", NULL);
  g_file_set_contents(bad, "unroll-project 1\ndata seed=42 steps=lots\n", -1, NULL);
  char *rm_state[] = {"sh", "-c", "rm -f \"$0\"/state-*.ini", state_dir, NULL};
  run(rm_state, NULL);
  app_pid = spawn_app(bad);
  if (!wait_value("dialog 1", "text", "Could not open “bad.unroll”", 30) ||
      !wait_value("dialog 1", "secondary", "line 2: steps: expected a whole number", 5))
    return;
  STEP("a bad file opens a dialog: line 2: steps: expected a whole number ...");
  win_clear(&first);
  if (!wait_window(is_ready, NULL, 10, &first, "the empty window behind the dialog")) return;
  xid = wint(&first, "xid", 0);
  screenshot("e2e-bad-file.png");
  g_free(dxid);
  dxid = state_value("dialog 1", "xid");
  g_autofree char *ok = g_strdup_printf("mousemove --window %s 20 20 sleep 0.2 key --clearmodifiers Return", dxid);
  xdotool(ok);
  wait_no_dialog(10);
}

int main(int argc, char **argv) {
  int rc = e2e_check_args(argc, 2, "test_e2e", "UNROLL_EXE [OUTPUT_DIR [edits]]");
  if (rc) return rc;
  exe = g_canonicalize_filename(argv[1], NULL); /* absolute: the second start must find it too */
  if (!e2e_setup("unroll-e2e-XXXXXX", "e2e.unroll")) return 1;
  out_dir = g_strdup(argc > 2 ? argv[2] : tmp);
  g_autofree char *cfg = g_build_filename(tmp, "config", NULL), *data = g_build_filename(tmp, "data", NULL);

  gboolean edit_mode = argc > 3 && !strcmp(argv[3], "edits");
  const char *bus = g_getenv("DBUS_SESSION_BUS_ADDRESS");
  if (edit_mode && (!bus || g_str_has_prefix(bus, "disabled"))) {
    fprintf(stderr, "test_e2e: the edits need a session bus for gdbus (install dbus-daemon): skipped\n");
    return 77;
  }
  if (edit_mode) edits();
  else scenario();
  /* Quit through app.quit (Ctrl+Q): every window closes; nothing is unsaved. */
  if (app_pid) {
    if (xid) {
      g_autofree char *q = g_strdup_printf("mousemove --window %ld 600 20 sleep 0.2 key --clearmodifiers ctrl+q", xid);
      xdotool(q);
    }
    int status = wait_exit(app_pid, 20);
    CHECK(status >= 0, "unroll did not quit on Ctrl+Q");
    if (status < 0) {
      kill(app_pid, SIGKILL);
      waitpid(app_pid, &status, 0);
    } else {
      CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "unroll exited with status %d", status);
    }
  }
  if (second_pid && wait_exit(second_pid, 0.1) < 0) {
    kill(second_pid, SIGTERM);
    wait_exit(second_pid, 10);
  }
  /* the window's size, remembered for the next run */
  g_autofree char *ini = g_build_filename(cfg, "unroll", "window.ini", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new();
  CHECK(g_key_file_load_from_file(kf, ini, G_KEY_FILE_NONE, NULL) && g_key_file_get_integer(kf, "window", "width", NULL) >= 600,
        "the window size was not saved to %s", ini);
  /* the saved project is in the desktop's recent files (Open Recent) */
  if (!edit_mode) {
    g_autofree char *xbel = g_build_filename(data, "recently-used.xbel", NULL);
    g_autofree char *recent = NULL;
    CHECK(g_file_get_contents(xbel, &recent, NULL, NULL) && strstr(recent, "e2e.unroll"), "the saved project is not in %s",
          xbel);
  }
  win_clear(&first);
  win_clear(&w);
  return e2e_finish(edit_mode ? "e2e: edits, undo, fix, remove, close, bad file: all checks passed"
                               : "e2e: drag, edit, save, reopen: all checks passed");
}
