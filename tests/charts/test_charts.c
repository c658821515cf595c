/* test_charts: every chart drawn headless through Cairo image surfaces.
 *
 * Two small runs are trained; the loss, forecast, per-horizon and preview
 * charts are drawn into images (saved into argv[1], if given, for a person
 * to look at) and checked pixel by pixel: each run's colour and the
 * baselines' appear, the log axis puts every decade's gridline and label
 * where the plot area's geometry says it must be, the dark theme paints a
 * dark background, and the SVG and PDF exports are well-formed files.  The
 * comparison maths is checked against the engine: on the runs' own
 * windows, the naive and linear baselines and a one-step run's error equal
 * what training measured.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "comparison.h"
#include "chart-export.h"
#include "chart-forecast.h"
#include "chart-loss.h"
#include "check.h"
#include "preset_run.h"
#include "project.h"
#include "run_exec.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

static const char *outdir;

static void make_run(ur_run *r, const char *preset, int epochs, int colour) {
  char err[256];
  preset_run_setup(r, preset, epochs, 2000);
  snprintf(r->name, sizeof r->name, "%s", preset);
  r->colour = colour;
  CHECK(ur_run_execute(r, NULL, NULL, NULL, err, sizeof err) == 0, "train %s: %s", preset, err);
}

/* Pixels within a small distance of a colour. */
static int count_colour(cairo_surface_t *s, chart_rgb c) {
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s),
      stride = cairo_image_surface_get_stride(s), n = 0;
  const unsigned char *d = cairo_image_surface_get_data(s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const unsigned char *p = d + y * stride + x * 4; /* BGRA, opaque here */
      int dr = p[2] - (int)(c.r * 255), dg = p[1] - (int)(c.g * 255), db = p[0] - (int)(c.b * 255);
      if (dr * dr + dg * dg + db * db < 30 * 30) n++;
    }
  return n;
}

/* The fraction of pixels that are not the background. */
static double ink(cairo_surface_t *s, chart_rgb bg) {
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  return 1.0 - (double)count_colour(s, bg) / (w * h);
}

/* The colour of one pixel (RGB24: B, G, R, unused in memory). */
static chart_rgb pixel(cairo_surface_t *s, int x, int y) {
  const unsigned char *p = cairo_image_surface_get_data(s) + y * cairo_image_surface_get_stride(s) + x * 4;
  return (chart_rgb){p[2] / 255.0, p[1] / 255.0, p[0] / 255.0};
}

static int same_colour(chart_rgb a, chart_rgb b, double tolerance) {
  return fabs(a.r - b.r) <= tolerance && fabs(a.g - b.g) <= tolerance && fabs(a.b - b.b) <= tolerance;
}

/* The plot area as the picture shows it: the frame chart_draw_frame strokes
 * around it, found as the columns and rows more than half of which are in
 * the frame's colour (a legend's box is shorter, a grid line another grey). */
typedef struct {
  int left, top, right, bottom; /* the frame's pixel columns and rows */
} plot_box;

/* How many pixels of column i (along_rows: of row i) are the frame's colour. */
static int frame_pixels(cairo_surface_t *s, const chart_theme *t, int i, int along_rows) {
  int n = along_rows ? cairo_image_surface_get_width(s) : cairo_image_surface_get_height(s), on = 0;
  for (int k = 0; k < n; k++) on += same_colour(pixel(s, along_rows ? k : i, along_rows ? i : k), t->frame, 2 / 255.0);
  return on;
}

static int find_plot_box(cairo_surface_t *s, const chart_theme *t, plot_box *b) {
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  *b = (plot_box){w, h, -1, -1};
  for (int x = 0; x < w; x++)
    if (frame_pixels(s, t, x, 0) > h / 2) b->left = MIN(b->left, x), b->right = MAX(b->right, x);
  for (int y = 0; y < h; y++)
    if (frame_pixels(s, t, y, 1) > w / 2) b->top = MIN(b->top, y), b->bottom = MAX(b->bottom, y);
  return b->right - b->left > 50 && b->bottom - b->top > 50;
}

/* The share of a row's pixels inside the plot area that are a major grid
 * line's colour. */
static double grid_share(cairo_surface_t *s, const chart_theme *t, const plot_box *b, int y) {
  int n = 0, on = 0;
  for (int x = b->left + 2; x < b->right - 1; x++, n++) on += same_colour(pixel(s, x, y), t->grid, 2 / 255.0);
  return n ? (double)on / n : 0;
}

/* Whether anything but the background is drawn in a box (a tick label). */
static int has_ink(cairo_surface_t *s, const chart_theme *t, int x0, int y0, int x1, int y1) {
  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      if (x >= 0 && y >= 0 && !same_colour(pixel(s, x, y), t->bg, 0.1)) return 1;
  return 0;
}

/* The decades a log axis spans for a run drawn alone with its baselines:
 * every loss the chart draws (epoch means, validation, the smoothed batch
 * losses) and both baselines, widened to whole decades. */
static void log_range(const ur_run *r, double *lo, double *hi) {
  float *smooth = malloc(sizeof(float) * ((size_t)r->n_batches + 1));
  double v[4];
  *lo = INFINITY, *hi = -INFINITY;
  chart_loss_smooth(r->batch_loss, r->n_batches, smooth);
  for (int i = 0; i < r->n_batches + 2 * r->n_epochs + 2; i++) {
    int e = (i - r->n_batches) / 2;
    v[0] = i < r->n_batches ? smooth[i]
           : i < r->n_batches + 2 * r->n_epochs ? ((i - r->n_batches) % 2 ? r->epochs[e].val_loss : r->epochs[e].loss)
           : i == r->n_batches + 2 * r->n_epochs ? r->naive_mse : r->linear_mse;
    if (isfinite(v[0]) && v[0] > 0) *lo = fmin(*lo, v[0]), *hi = fmax(*hi, v[0]);
  }
  free(smooth);
  chart_nice_range(lo, hi, 1);
}

/* On a log axis from lo to hi, each decade's grid line lies where the plot
 * area's height puts it, with its label left of the frame; between two
 * decades the row is no major line.  The 10^-2 line must be among them. */
static void check_log_axis(cairo_surface_t *s, const chart_theme *t, double lo, double hi) {
  plot_box b;
  if (!find_plot_box(s, t, &b)) {
    CHECK(0, "log scale: no plot area in the picture");
    return;
  }
  double d0 = log10(lo), d1 = log10(hi);
  CHECK(d0 <= -2 && d1 >= -2, "log scale: the axis spans 1e%.0f..1e%.0f, without 0.01", d0, d1);
  for (int d = (int)lround(d0); d <= (int)lround(d1); d++) {
    /* chart_py: top + height - (log10 v - log10 lo) / (log10 hi - log10 lo) × height; the line on its pixel row */
    double py = b.top + (b.bottom - b.top) * (d1 - d) / (d1 - d0);
    int row = -1;
    double best = 0;
    for (int y = (int)floor(py) - 1; y <= (int)floor(py) + 1; y++) {
      double share = y > b.top && y < b.bottom ? grid_share(s, t, &b, y) : 0;
      if (share > best) best = share, row = y;
    }
    if (d == (int)lround(d0) || d == (int)lround(d1)) continue; /* the frame itself stands there */
    CHECK(best > 0.6, "log scale: no grid line for 1e%d at row %.0f (best %.2f of the row)", d, py, best);
    if (row < 0) continue;
    CHECK(has_ink(s, t, b.left - 40, row - 3, b.left - 5, row + 3), "log scale: no label for 1e%d left of row %d", d, row);
    /* halfway to the next decade (log10 3.16) there is no major line */
    int mid = (int)floor(py + (b.bottom - b.top) / (d1 - d0) / 2);
    CHECK(grid_share(s, t, &b, mid) < 0.3, "log scale: a major grid line at row %d, between decades", mid);
  }
}

typedef void (*draw_fn)(cairo_t *, double, double, const chart_theme *, const void *);

static cairo_surface_t *render(const char *name, int w, int h, const chart_theme *t, draw_fn fn, const void *in) {
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(s);
  fn(cr, w, h, t, in);
  CHECK(cairo_status(cr) == CAIRO_STATUS_SUCCESS, "%s: cairo %s", name, cairo_status_to_string(cairo_status(cr)));
  cairo_destroy(cr);
  cairo_surface_flush(s);
  if (outdir) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s.png", outdir, name);
    cairo_surface_write_to_png(s, path);
  }
  return s;
}

static void draw_loss(cairo_t *cr, double w, double h, const chart_theme *t, const void *in) { chart_draw_loss(cr, w, h, t, in); }
static void draw_forecast(cairo_t *cr, double w, double h, const chart_theme *t, const void *in) { chart_draw_forecast(cr, w, h, t, in); }
static void draw_horizon(cairo_t *cr, double w, double h, const chart_theme *t, const void *in) { chart_draw_horizon(cr, w, h, t, in); }
static void draw_preview(cairo_t *cr, double w, double h, const chart_theme *t, const void *in) { chart_draw_preview(cr, w, h, t, in); }

static void test_helpers(void) {
  double t[64], step;
  int n = chart_nice_ticks(0, 0.0213, 6, t, &step);
  CHECK(n >= 4 && n <= 7 && t[0] == 0 && fabs(step - 0.005) < 1e-12, "ticks over [0, 0.0213]: %d, step %g", n, step);
  double lo = 0.0031, hi = 0.2;
  chart_nice_range(&lo, &hi, 1);
  CHECK(fabs(lo - 0.001) < 1e-12 && fabs(hi - 1) < 1e-12, "log range %g..%g", lo, hi);
  char b[32];
  chart_format_value(0.00001, b, sizeof b);
  CHECK(!strcmp(b, "1e-5"), "format 1e-5: %s", b);
  chart_format_value(0.0202, b, sizeof b);
  CHECK(!strcmp(b, "0.0202"), "format 0.0202: %s", b);
  chart_format_value(NAN, b, sizeof b);
  CHECK(!strcmp(b, "–"), "format NaN: %s", b);
  CHECK(chart_format_from_path("a.PNG") == CHART_FORMAT_PNG && chart_format_from_path("a.svg") == CHART_FORMAT_SVG &&
            chart_format_from_path("a.pdf") == CHART_FORMAT_PDF && chart_format_from_path("a.jpg") < 0 &&
            chart_format_from_path("png") < 0,
        "formats from names");
  /* the run colours stay distinct */
  for (int i = 0; i < chart_run_colour_count(); i++)
    for (int j = i + 1; j < chart_run_colour_count(); j++) {
      chart_rgb a = chart_run_colour(i), c = chart_run_colour(j);
      double d = fabs(a.r - c.r) + fabs(a.g - c.g) + fabs(a.b - c.b);
      CHECK(d > 0.25, "colours %d and %d too alike", i, j);
    }
  CHECK(chart_run_colour(3).r == chart_run_colour(3 + chart_run_colour_count()).r, "the palette wraps");
}

static void test_loss(const ur_run *a, const ur_run *b) {
  const chart_theme *t = chart_theme_light();
  chart_loss_run one[1] = {{a, 1}};
  chart_loss_input in = {one, 1, a->naive_mse, a->linear_mse, 0, 10, 0, 0, 0, NULL};
  cairo_surface_t *s = render("loss-live", 760, 420, t, draw_loss, &in);
  CHECK(ink(s, t->bg) > 0.03, "the loss chart is not blank (%.3f)", ink(s, t->bg));
  CHECK(count_colour(s, chart_run_colour(a->colour)) > 300, "the run's colour is drawn (%d px)",
        count_colour(s, chart_run_colour(a->colour)));
  CHECK(count_colour(s, chart_naive_colour(t)) > 100, "the naive line is drawn");
  CHECK(count_colour(s, chart_linear_colour(t)) > 100, "the linear line is drawn");
  cairo_surface_destroy(s);

  in.log_y = 1;
  in.hover = 1;
  in.hover_x = 200;
  in.hover_y = 300;
  s = render("loss-log-hover", 760, 420, t, draw_loss, &in);
  double lo, hi;
  log_range(a, &lo, &hi);
  check_log_axis(s, t, lo, hi);
  cairo_surface_destroy(s);

  chart_loss_run two[2] = {{a, 0}, {b, 0}};
  chart_loss_input in2 = {two, 2, b->naive_mse, b->linear_mse, 1, 0, 0, 0, 0, NULL};
  s = render("loss-overlay", 760, 420, t, draw_loss, &in2);
  CHECK(count_colour(s, chart_run_colour(a->colour)) > 200 && count_colour(s, chart_run_colour(b->colour)) > 200,
        "both runs overlaid");
  cairo_surface_destroy(s);
  const chart_theme *dark = chart_theme_dark();
  s = render("loss-overlay-dark", 760, 420, dark, draw_loss, &in2);
  /* the corners and the plot area's middle column above the curves are background: dark */
  int corners[5][2] = {{1, 1}, {758, 1}, {1, 418}, {758, 418}, {380, 60}};
  for (int i = 0; i < 5; i++) {
    chart_rgb c = pixel(s, corners[i][0], corners[i][1]);
    double luminance = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
    CHECK(same_colour(c, dark->bg, 2 / 255.0) && luminance < 0.2, "dark theme: (%d, %d) is %.2f %.2f %.2f, not dark",
          corners[i][0], corners[i][1], c.r, c.g, c.b);
  }
  CHECK(count_colour(s, chart_run_colour(a->colour)) > 200 && count_colour(s, chart_run_colour(b->colour)) > 200,
        "dark theme: both runs drawn");
  cairo_surface_destroy(s);

  chart_loss_input none = {NULL, 0, NAN, NAN, 0, 0, 0, 0, 0, NULL};
  s = render("loss-empty", 400, 240, t, draw_loss, &none);
  CHECK(ink(s, t->bg) > 0.001 && ink(s, t->bg) < 0.1, "an empty chart says so");
  cairo_surface_destroy(s);
  /* tiny and huge sizes draw without trouble */
  s = render("loss-tiny", 40, 30, t, draw_loss, &in2);
  cairo_surface_destroy(s);
}

static void test_compare(const ur_run *a, const ur_run *b) {
  const chart_theme *t = chart_theme_light();
  char err[256];
  /* on the one-step run's own windows, everything agrees with training */
  ur_comparison c1;
  CHECK(ur_comparison_make(&c1, 42, 2000, 50, 1, err, sizeof err) == 0, "compare: %s", err);
  CHECK(c1.n_valid == 400, "400 validation windows");
  CHECK(fabs(c1.naive_mse[0] - a->naive_mse) < 1e-6 * a->naive_mse, "naive %g = %g", c1.naive_mse[0], a->naive_mse);
  CHECK(fabs(c1.linear_mse[0] - a->linear_mse) < 1e-4 * a->linear_mse, "linear %g = %g", c1.linear_mse[0], a->linear_mse);
  ur_run_forecast fa;
  CHECK(ur_comparison_run(&c1, a, &fa, err, sizeof err) == 0 && fa.h == 1, "forecast: %s", err);
  CHECK(fabs(fa.step_mse[0] - a->val_mse) < 1e-5 * a->val_mse, "one-step run %g = %g", fa.step_mse[0], a->val_mse);
  ur_run_forecast_free(&fa);
  ur_comparison_free(&c1);

  /* both runs on ten steps: the one-step run iterates */
  const ur_run *runs[2] = {a, b};
  int H = ur_comparison_horizon(runs, 2);
  CHECK(H == 10, "horizon %d", H);
  ur_comparison c;
  CHECK(ur_comparison_make(&c, 42, 2000, 50, H, err, sizeof err) == 0, "compare 10: %s", err);
  ur_run_forecast f[2];
  for (int i = 0; i < 2; i++) CHECK(ur_comparison_run(&c, runs[i], &f[i], err, sizeof err) == 0 && f[i].h == 10, "%s", err);
  /* the seq2seq run's last step equals its last-step MSE measured in training */
  double mean = 0;
  for (int k = 0; k < 10; k++) mean += f[1].step_mse[k] / 10;
  CHECK(fabs(mean - b->val_last_mse) < 1e-4 * b->val_last_mse, "lstm: mean step MSE %g = last-step MSE %g", mean,
        b->val_last_mse);
  CHECK(c.naive_mse[9] > c.naive_mse[0] && c.linear_mse[9] > c.linear_mse[0], "errors grow with the horizon");
  int s = 7;
  chart_curve fc[4] = {
      {a->name, CHART_SOURCE_RUN, a->colour, f[0].y + (size_t)s * 10, 10},
      {b->name, CHART_SOURCE_RUN, b->colour, f[1].y + (size_t)s * 10, 10},
      {"naive", CHART_SOURCE_NAIVE, 0, c.naive + (size_t)s * 10, 10},
      {"linear", CHART_SOURCE_LINEAR, 0, c.linear + (size_t)s * 10, 10},
  };
  chart_forecast_input fi = {c.x + (size_t)s * 50, 50, c.truth + (size_t)s * 10, 10, fc, 4, s, c.n_valid, NULL};
  cairo_surface_t *img = render("forecast", 760, 420, t, draw_forecast, &fi);
  CHECK(count_colour(img, chart_input_colour(t)) > 300, "the input series is drawn");
  CHECK(count_colour(img, chart_run_colour(a->colour)) > 30 && count_colour(img, chart_run_colour(b->colour)) > 30,
        "each run's forecast is drawn in its colour");
  CHECK(count_colour(img, chart_naive_colour(t)) > 30, "the naive forecast is drawn");
  cairo_surface_destroy(img);

  chart_curve hc[4] = {
      {a->name, CHART_SOURCE_RUN, a->colour, f[0].step_mse, 10},
      {b->name, CHART_SOURCE_RUN, b->colour, f[1].step_mse, 10},
      {"naive", CHART_SOURCE_NAIVE, 0, c.naive_mse, 10},
      {"linear", CHART_SOURCE_LINEAR, 0, c.linear_mse, 10},
  };
  chart_horizon_input hi = {hc, 4, 10, 1, c.n_valid, NULL};
  img = render("horizon", 760, 420, t, draw_horizon, &hi);
  CHECK(count_colour(img, chart_run_colour(b->colour)) > 100, "the per-horizon chart draws the runs");
  cairo_surface_destroy(img);
  hi.log_y = 0;
  img = render("horizon-linear", 760, 420, chart_theme_dark(), draw_horizon, &hi);
  cairo_surface_destroy(img);

  for (int i = 0; i < 2; i++) ur_run_forecast_free(&f[i]);
  ur_comparison_free(&c);
}

static void horizon_draw(cairo_t *cr, double w, double h, void *data) {
  chart_draw_horizon(cr, w, h, chart_theme_light(), data);
}

static void test_export(void) {
  float y[3] = {0.01f, 0.02f, 0.04f};
  chart_curve c = {"x", CHART_SOURCE_RUN, 0, y, 3};
  chart_horizon_input hi = {&c, 1, 3, 1, 100, NULL};
  char path[600], err[256];
  const char *dir = outdir ? outdir : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  const char *ext[3] = {"svg", "pdf", "png"};
  const char *magic[3] = {"<?xml", "%PDF", "\x89PNG"};
  for (int i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/export-test.%s", dir, ext[i]);
    CHECK(chart_export(path, 640, 360, 2, horizon_draw, &hi, err, sizeof err) == 0, "export %s: %s", ext[i], err);
    FILE *f = fopen(path, "rb");
    char head[8] = "";
    CHECK(f && fread(head, 1, 5, f) >= 4 && !memcmp(head, magic[i], strlen(magic[i]) < 4 ? strlen(magic[i]) : 4),
          "%s starts like one", path);
    if (f) fclose(f);
    if (i == 2) {
      cairo_surface_t *s = cairo_image_surface_create_from_png(path);
      CHECK(cairo_image_surface_get_width(s) == 1280 && cairo_image_surface_get_height(s) == 720, "PNG at scale 2");
      cairo_surface_destroy(s);
    }
    if (!outdir) remove(path);
  }
  CHECK(chart_export("/nonexistent-dir/x.png", 100, 100, 1, horizon_draw, &hi, err, sizeof err) == -1 && err[0],
        "an unwritable path fails with a reason");
  CHECK(chart_export("chart.gif", 100, 100, 1, horizon_draw, &hi, err, sizeof err) == -1, "an unknown format fails");
}

static void test_preview(void) {
  ur_book_data d;
  CHECK(ur_book_data_make(&d, UR_TASK_VECTOR, 42, 1000, 50, 10) == 0, "data");
  chart_preview_input pi = {d.series, 3, 60, 50, 10, d.train.n, d.valid.n, d.test.n};
  cairo_surface_t *s = render("preview", 420, 260, chart_theme_light(), draw_preview, &pi);
  CHECK(count_colour(s, chart_run_colour(0)) > 100 && count_colour(s, chart_run_colour(2)) > 100, "the series are drawn");
  cairo_surface_destroy(s);
  ur_book_data_free(&d);
}

/* `test_charts --project FILE`: writes a project holding a deep-rnn and an
 * lstm run, for test_plot.sh to draw with `unroll plot`. */
static int write_project(const char *path) {
  ur_project p;
  ur_run a, b;
  char err[512];
  ur_project_init(&p);
  ur_project_apply_preset(&p, ur_preset_find("lstm"));
  make_run(&a, "deep-rnn", 2, 0);
  make_run(&b, "lstm", 2, 1);
  p.runs = calloc(2, sizeof *p.runs);
  p.runs[0] = a;
  p.runs[1] = b;
  p.n_runs = 2;
  int rc = ur_project_save(&p, path, err, sizeof err);
  if (rc) fprintf(stderr, "%s\n", err);
  ur_project_clear(&p);
  return rc || check_failed ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc > 2 && !strcmp(argv[1], "--project")) return write_project(argv[2]);
  outdir = argc > 1 ? argv[1] : NULL;
  test_helpers();
  ur_run a, b;
  make_run(&a, "deep-rnn", 2, 0);
  make_run(&b, "lstm", 2, 1);
  test_loss(&a, &b);
  test_compare(&a, &b);
  test_export();
  test_preview();
  ur_run_clear(&a);
  ur_run_clear(&b);
  return check_summary();
}
