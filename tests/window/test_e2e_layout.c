/* test_e2e_layout.c: the window at every size, with a preset trained.
 *
 * usage: test_e2e_layout UNROLL_EXE [OUTPUT_DIR]
 *        (through run-xvfb.sh with XVFB_SCREEN=2560x1440: the largest size fits)
 *
 * For 800 × 600, 1280 × 800, 1920 × 1080 and 2560 × 1440 at scale 1, and
 * 800 × 600 at scale 2 (GDK_SCALE: 1600 × 1200 pixels), the app starts with
 * that size remembered and, at each step, the window must have taken it (its
 * least size fits) and every button, entry, drop-down, switch and chart on
 * screen must lie inside the window and inside every parent that clips it,
 * but for scrolled windows (the probe's layout.clipped, see
 * ui/unroll-test-probe.h):
 *   1. a new project: the Data page shows whole (it does not scroll);
 *   2. a six-layer stack (bn-rnn and a Dropout): from 1280 × 800 up, the
 *      whole stack shows, nothing of the canvas scrolls; a card selected,
 *      the inspector beside it;
 *   3. the Training page;
 *   4. deep-rnn training: the Results view; from 1280 × 800 up the loss
 *      chart's plot area (where chart_draw_frame puts it in the chart's
 *      size) is at least 60 % of the window's width and 45 % of its height;
 *      a screenshot;
 *   5. the run trained: the Curves page, the Runs page, the Model view again.
 * Then, at 1280 × 800, the view and the divider are remembered: the divider
 * dragged 100 px up, the Results view left up, the window closed; started
 * again, the Results view shows, and the Model view has the divider where it
 * was left.
 */
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include "chart-draw.h"
#include "e2e_driver.h"

typedef struct {
  int w, h, scale;
} Size;

static const Size sizes[] = {{800, 600, 1}, {1280, 800, 1}, {1920, 1080, 1}, {2560, 1440, 1}, {800, 600, 2}};
static const Size *cur;
static long xid;

static gboolean ready(gpointer d) { (void)d; int x, y; return ival("xid", 0) && point("canvas", &x, &y); }
static gboolean mapped(gpointer d) { g_autofree char *k = g_strconcat(d, ".mapped", NULL); return is(k, "true"); }
static gboolean page_is(gpointer d) { return is("bottom-pages", d); }
static gboolean layers_are(gpointer d) { return project.n_layers == GPOINTER_TO_INT(d); }
static gboolean training(gpointer d) { (void)d; return enabled("stop-training"); }
static gboolean trained(gpointer d) { (void)d; return !enabled("stop-training") && project_groups() == 1; }
static gboolean canvas_whole(gpointer d) { (void)d; return is("canvas.scrolls", "false"); }
static gboolean batches_in(gpointer d) {
  (void)d;
  g_autofree char *f = sval("training-progress.fraction");
  return *f && g_ascii_strtod(f, NULL) > 0.05;
}

/* The state once it has stopped changing for a moment (frames and the
 * charts' drawing times aside): the layout has settled. */
static void settle(void) {
  g_autofree char *last = NULL;
  gint64 end = g_get_monotonic_time() + 10 * G_USEC_PER_SEC, since = g_get_monotonic_time();
  while (g_get_monotonic_time() < end && g_get_monotonic_time() - since < 400000) {
    g_usleep(50000);
    if (!reload()) continue;
    g_autofree char *text = g_key_file_to_data(state, NULL, NULL);
    GString *kept = g_string_new(NULL);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++)
      if (!g_str_has_prefix(lines[i], "frames.") && !strstr(lines[i], ".draws=") && !strstr(lines[i], ".drawn_ms="))
        g_string_append_printf(kept, "%s\n", lines[i]);
    if (g_strcmp0(kept->str, last)) {
      g_free(last);
      last = g_string_free(kept, FALSE);
      since = g_get_monotonic_time();
    } else {
      g_string_free(kept, TRUE);
    }
  }
}

/* The window has the size asked for, and nothing on screen is cut. */
static void check_fits(const char *what) {
  reload();
  long w = ival("width", 0), h = ival("height", 0), checked = ival("layout.checked", 0), cut = ival("layout.clipped", -1);
  g_autofree char *list = sval("layout.clipped_list");
  STEP("%d×%d ×%d, %s: window %ld×%ld, %ld controls and charts on screen, %ld cut", cur->w, cur->h, cur->scale, what, w, h,
       checked, cut);
  CHECK(w > 0 && w <= cur->w && h > 0 && h <= cur->h, "%d×%d ×%d, %s: the window is %ld×%ld, larger than asked", cur->w,
        cur->h, cur->scale, what, w, h);
  CHECK(checked >= 8, "%d×%d, %s: only %ld controls on screen", cur->w, cur->h, what, checked);
  CHECK(cut == 0, "%d×%d ×%d, %s: %ld cut: %s", cur->w, cur->h, cur->scale, what, cut, list);
}

/* A click on KEY's centre; the probe's places are in logical pixels, the
 * pointer's in the screen's (twice as many at scale 2). */
static gboolean click(const char *key) {
  int x, y;
  if (!point(key, &x, &y)) {
    CHECK(0, "no place for %s", key);
    return FALSE;
  }
  g_autofree char *cmd = g_strdup_printf("mousemove --window %ld %d %d sleep 0.2 click 1 sleep 0.2", xid, x * cur->scale,
                                         y * cur->scale);
  return xdotool(cmd);
}

/* The loss chart's plot area as a share of the window's width and height:
 * chart_draw_frame places it in the chart's size as the widget draws it. */
static void plot_share(double *wshare, double *hshare) {
  int cw = 0, ch = 0;
  g_autofree char *size = sval("loss-chart.size");
  *wshare = *hshare = 0;
  if (sscanf(size, "%d,%d", &cw, &ch) != 2 || cw < 2 || ch < 2) return;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cw, ch);
  cairo_t *cr = cairo_create(s);
  chart_axes a = {.x0 = 0, .x1 = 20, .y0 = 0, .y1 = 0.3};
  chart_labels l = {.title = "Learning curves", .subtitle = "deep-rnn 1", .x_label = "epoch", .y_label = "loss", .x_integer = 1};
  chart_draw_frame(cr, cw, ch, chart_theme_light(), &a, &l);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  *wshare = a.width / (double)ival("width", 1);
  *hshare = a.height / (double)ival("height", 1);
}

static gboolean start(const Size *size) {
  cur = size;
  e2e_preset_window(size->w, size->h);
  g_autofree char *scale = g_strdup_printf("%d", size->scale);
  env = g_environ_setenv(env, "GDK_SCALE", scale, TRUE);
  app_pid = spawn_app(NULL);
  if (!app_pid || !wait_for(ready, NULL, 30, "the window")) return FALSE;
  xid = ival("xid", 0);
  settle();
  return TRUE;
}

static void one_size(const Size *size) {
  STEP("---- %d × %d at scale %d", size->w, size->h, size->scale);
  if (!start(size)) return;
  gboolean big = size->w >= 1280 && size->h >= 800;

  /* 1. a new project */
  check_fits("a new project");
  CHECK(is("data-page.scrolls", "false"), "%d×%d: the Data page is clipped at first show", size->w, size->h);

  /* 2. six layers, then the inspector beside them */
  action("load-preset", "'bn-rnn'");
  action("add-layer", "'dropout'");
  if (!wait_for(layers_are, GINT_TO_POINTER(6), 10, "six layers")) return;
  if (big) wait_for(canvas_whole, NULL, 5, "the whole six-layer stack on the canvas");
  settle();
  check_fits("six layers");
  STEP("six layers: the canvas %s", is("canvas.scrolls", "false") ? "shows them whole" : "scrolls");
  if (!click("layer-card") || !wait_for(mapped, "inspector-units", 10, "the inspector")) return;
  settle();
  check_fits("a card selected, the inspector beside the canvas");
  if (big) CHECK(is("canvas.scrolls", "false"), "%d×%d: the six-layer stack does not show whole beside the inspector", size->w, size->h);

  /* 3. the Training page */
  action("show-panel", "'training'");
  wait_for(page_is, "training", 10, "the Training page");
  settle();
  check_fits("the Training page");

  /* 4. training */
  action("load-preset", "'deep-rnn'");
  if (!wait_for(layers_are, GINT_TO_POINTER(3), 10, "deep-rnn")) return;
  action("train", NULL);
  if (!wait_for(training, NULL, 20, "training to start")) return;
  wait_for(batches_in, NULL, 30, "the first epoch's batches");
  reload();
  check_fits("training");
  CHECK(is("action.view.state", "'results'"), "training did not bring the Results view");
  double ws, hs;
  plot_share(&ws, &hs);
  STEP("the loss chart's plot area: %.0f %% of the window's width, %.0f %% of its height", 100 * ws, 100 * hs);
  if (big) {
    CHECK(ws >= 0.60, "%d×%d: the plot area is %.0f %% of the width (want 60 %%)", size->w, size->h, 100 * ws);
    CHECK(hs >= 0.45, "%d×%d: the plot area is %.0f %% of the height (want 45 %%)", size->w, size->h, 100 * hs);
  }
  g_autofree char *shot = g_strdup_printf("e2e-layout-%dx%d-%d.png", size->w, size->h, size->scale);
  screenshot(shot);

  /* 5. trained */
  if (!wait_for(trained, NULL, 180, "the run's end")) return;
  settle();
  check_fits("the Curves page, trained");
  action("show-panel", "'runs'");
  wait_for(page_is, "runs", 10, "the Runs page");
  settle();
  check_fits("the Runs page");
  action("view", "'model'");
  wait_for(ready, NULL, 10, "the Model view");
  settle();
  check_fits("the Model view again");
}

/* ---- the view and the divider, remembered -------------------------------- */

static gboolean results_up(gpointer d) {
  (void)d;
  return ival("xid", 0) && is("action.view.state", "'results'") && is("bottom-pages", "curves");
}

static void remembered(void) {
  static const Size size = {1280, 800, 1};
  STEP("---- the view and the divider, remembered");
  if (!start(&size)) return;
  int x, y;
  g_autofree char *paned = sval("center-paned.size");
  int pw = 0, ph = 0;
  sscanf(paned, "%d,%d", &pw, &ph);
  long pos = ival("center-paned.position", -1);
  if (!point("center-paned", &x, &y) || ph <= 0 || pos <= 0) {
    CHECK(0, "no divider to drag");
    return;
  }
  int handle = y - ph / 2 + (int)pos;
  g_autofree char *drag = g_strdup_printf("mousemove --window %ld %d %d sleep 0.2 mousedown 1 sleep 0.1 "
                                          "mousemove --window %ld %d %d sleep 0.1 mousemove --window %ld %d %d sleep 0.1 "
                                          "mousemove --window %ld %d %d sleep 0.2 mouseup 1",
                                          xid, x, handle, xid, x, handle - 10, xid, x, handle - 60, xid, x, handle - 100);
  xdotool(drag);
  settle();
  long moved = ival("center-paned.position", -1), bottom = ph - moved;
  STEP("the divider dragged from %ld to %ld: the bottom pages %ld px high", pos, moved, bottom);
  CHECK(labs(moved - (pos - 100)) <= 6, "the divider went to %ld, not %ld", moved, pos - 100);
  action("view", "'results'");
  wait_for(page_is, "curves", 10, "the Results view");
  action("close", NULL);
  int status = wait_exit(app_pid, 20);
  CHECK(status >= 0, "the window did not close");
  app_pid = 0;

  g_autofree char *ini = g_build_filename(tmp, "config", "unroll", "window.ini", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_key_file_load_from_file(kf, ini, G_KEY_FILE_NONE, NULL);
  g_autofree char *page = g_key_file_get_string(kf, "window", "page", NULL);
  int kept = g_key_file_get_integer(kf, "window", "bottom-height", NULL);
  CHECK(page && !strcmp(page, "curves") && kept == bottom, "window.ini keeps page %s and bottom-height %d (want curves, %ld)",
        page ? page : "(none)", kept, bottom);

  app_pid = spawn_app(NULL);
  if (!app_pid || !wait_for(results_up, NULL, 30, "the window back in the Results view")) return;
  STEP("started again: the Results view");
  action("view", "'model'");
  if (!wait_for(ready, NULL, 10, "the Model view")) return;
  settle();
  long back = ival("center-paned.position", -1);
  STEP("the Model view: the divider at %ld (left at %ld)", back, moved);
  CHECK(labs(back - moved) <= 2, "the divider came back at %ld, not %ld", back, moved);
  e2e_terminate_app();
  app_pid = 0;
}

int main(int argc, char **argv) {
  int rc = e2e_start(argc, argv, "e2e-layout", "layout.unroll", FALSE);
  if (rc) return rc;
  for (guint i = 0; i < G_N_ELEMENTS(sizes) && !e2e_failed(); i++) {
    one_size(&sizes[i]);
    e2e_terminate_app();
    app_pid = 0;
  }
  env = g_environ_setenv(env, "GDK_SCALE", "1", TRUE);
  if (!e2e_failed()) remembered();
  e2e_terminate_app();
  return e2e_finish("e2e-layout: 800×600 to 2560×1440, scale 1 and 2: nothing cut, the stack whole, the charts large, "
                    "the view and the divider remembered: all checks passed");
}
