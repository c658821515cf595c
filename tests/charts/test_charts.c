/* test_charts: every chart drawn headless through Cairo image surfaces.
 *
 * A run group (three lstm members that differ only in their seed) is drawn
 * as its median with the min–max band shaded: the band's blended colour
 * must be there, and absent when the same members are drawn as separate
 * runs; the log axis holds every last-step validation MSE; a legend that
 * would hide points in every corner goes outside; the baselines' colours
 * are none of the runs'.
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
#include "chart-band.h"
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

/* Pixels within tol (of 255 per channel, Euclidean) of a colour. */
static int count_near(cairo_surface_t *s, chart_rgb c, int tol) {
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s),
      stride = cairo_image_surface_get_stride(s), n = 0;
  const unsigned char *d = cairo_image_surface_get_data(s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const unsigned char *p = d + y * stride + x * 4; /* BGRA, opaque here */
      int dr = p[2] - (int)(c.r * 255), dg = p[1] - (int)(c.g * 255), db = p[0] - (int)(c.b * 255);
      if (dr * dr + dg * dg + db * db < tol * tol) n++;
    }
  return n;
}

/* Pixels within a small distance of a colour. */
static int count_colour(cairo_surface_t *s, chart_rgb c) { return count_near(s, c, 30); }

/* Pixels of colour c laid at opacity alpha over the background bg. */
static int count_blend(cairo_surface_t *s, chart_rgb c, double alpha, chart_rgb bg) {
  chart_rgb b = {c.r * alpha + bg.r * (1 - alpha), c.g * alpha + bg.g * (1 - alpha), c.b * alpha + bg.b * (1 - alpha)};
  return count_near(s, b, 6); /* tight: the grid's grey is near a light band */
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
  /* the baselines are in colours no run uses, and apart from each other */
  for (int th = 0; th < 2; th++) {
    const chart_theme *t = th ? chart_theme_dark() : chart_theme_light();
    for (int b = 0; b < 3; b++) {
      chart_rgb c = chart_baseline_colour(t, (chart_baseline)b);
      for (int i = 0; i < chart_run_colour_count(); i++) {
        chart_rgb r = chart_run_colour(i);
        CHECK(fabs(c.r - r.r) + fabs(c.g - r.g) + fabs(c.b - r.b) > 0.25, "baseline %d looks like run colour %d", b, i);
      }
      for (int o = b + 1; o < 3; o++) {
        chart_rgb d = chart_baseline_colour(t, (chart_baseline)o);
        CHECK(fabs(c.r - d.r) + fabs(c.g - d.g) + fabs(c.b - d.b) > 0.2, "baselines %d and %d alike", b, o);
      }
    }
  }
}

/* The median and band statistics on constructed curves. */
static void test_band_stats(void) {
  float a[4] = {1, 2, 3, NAN}, b[4] = {3, 4, NAN, NAN}, c[4] = {2, 9, 5, NAN};
  const float *y[4] = {a, b, c, NULL};
  float med[4], lo[4], hi[4];
  chart_band_of_curves(y, 4, 4, med, lo, hi);
  CHECK(med[0] == 2 && lo[0] == 1 && hi[0] == 3, "step 0: %g [%g, %g]", med[0], lo[0], hi[0]);
  CHECK(med[1] == 4 && lo[1] == 2 && hi[1] == 9, "step 1: %g [%g, %g]", med[1], lo[1], hi[1]);
  CHECK(med[2] == 4 && lo[2] == 3 && hi[2] == 5, "step 2, an even count: the middle two's mean: %g", med[2]);
  CHECK(isnan(med[3]) && isnan(lo[3]) && isnan(hi[3]), "no value: NAN");
  double v[5] = {5, NAN, 1, 3, 2};
  CHECK(chart_median(v, 5) == 2.5, "median of 5, 1, 3, 2");
}

/* A legend that would hide points in every corner goes outside a wide
 * chart; a narrow one keeps the corner that hides the fewest. */
static void test_legend_fit(void) {
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
  cairo_t *cr = cairo_create(s);
  chart_legend_item items[3] = {{"one", {0, 0, 0}, CHART_LINE_SOLID, CHART_MARK_NONE, 1},
                                {"two", {0, 0, 0}, CHART_LINE_SOLID, CHART_MARK_NONE, 1},
                                {"three", {0, 0, 0}, CHART_LINE_SOLID, CHART_MARK_NONE, 1}};
  double x[400], y[400];
  for (int i = 0; i < 400; i++) x[i] = (i % 20) / 19.0, y[i] = (i / 20) / 19.0; /* a grid over the whole plot */
  chart_axes a = {0, 1, 0, 1, 0, 0, 0, 0, 0};
  chart_labels l = {.title = "t", .x_label = "x", .y_label = "y"};
  chart_legend_place p = chart_legend_fit(cr, 900, 400, &a, &l, items, 3, x, y, 400);
  CHECK(p == CHART_LEGEND_OUTSIDE && l.right > 40 && a.left + a.width < 900 - l.right, "a wide chart: legend outside (%d)", p);
  chart_labels n = {.title = "t"};
  p = chart_legend_fit(cr, 260, 200, &a, &n, items, 3, x, y, 400);
  CHECK(p != CHART_LEGEND_OUTSIDE && n.right == 0, "a narrow chart keeps a corner");
  double ex[2] = {0.1, 0.2}, ey[2] = {0.1, 0.15}; /* the top right is free */
  chart_labels e = {.title = "t"};
  p = chart_legend_fit(cr, 900, 400, &a, &e, items, 3, ex, ey, 2);
  CHECK(p == CHART_LEGEND_TOP_RIGHT && e.right == 0, "free data: the emptiest corner (%d)", p);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

static void test_loss(const ur_run *a, const ur_run *b) {
  const chart_theme *t = chart_theme_light();
  chart_loss_run one[1] = {{.run = a, .emphasis = 1}};
  chart_loss_input in = {.runs = one, .n_runs = 1, .naive_mse = a->naive_mse, .linear_mse = a->linear_mse,
                         .snaive_mse = NAN, .min_epochs = 10};
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

  chart_loss_run two[2] = {{.run = a}, {.run = b}};
  chart_loss_input in2 = {.runs = two, .n_runs = 2, .naive_mse = b->naive_mse, .linear_mse = b->linear_mse,
                          .snaive_mse = NAN, .log_y = 1};
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

  chart_loss_input none = {.naive_mse = NAN, .linear_mse = NAN, .snaive_mse = NAN};
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
      {.name = a->name, .source = CHART_SOURCE_RUN, .colour = a->colour, .y = f[0].y + (size_t)s * 10, .n = 10},
      {.name = b->name, .source = CHART_SOURCE_RUN, .colour = b->colour, .y = f[1].y + (size_t)s * 10, .n = 10},
      {.name = "naive", .source = CHART_SOURCE_NAIVE, .y = c.naive + (size_t)s * 10, .n = 10},
      {.name = "linear", .source = CHART_SOURCE_LINEAR, .y = c.linear + (size_t)s * 10, .n = 10},
  };
  chart_forecast_input fi = {.input = c.x + (size_t)s * 50, .n_steps = 50, .truth = c.truth + (size_t)s * 10,
                             .horizon = 10, .forecasts = fc, .n_forecasts = 4, .index = s, .count = c.n_valid};
  cairo_surface_t *img = render("forecast", 760, 420, t, draw_forecast, &fi);
  CHECK(count_colour(img, chart_input_colour(t)) > 300, "the input series is drawn");
  CHECK(count_colour(img, chart_run_colour(a->colour)) > 30 && count_colour(img, chart_run_colour(b->colour)) > 30,
        "each run's forecast is drawn in its colour");
  CHECK(count_colour(img, chart_naive_colour(t)) > 30, "the naive forecast is drawn");
  cairo_surface_destroy(img);

  chart_curve hc[4] = {
      {.name = a->name, .source = CHART_SOURCE_RUN, .colour = a->colour, .y = f[0].step_mse, .n = 10},
      {.name = b->name, .source = CHART_SOURCE_RUN, .colour = b->colour, .y = f[1].step_mse, .n = 10},
      {.name = "naive", .source = CHART_SOURCE_NAIVE, .y = c.naive_mse, .n = 10},
      {.name = "linear", .source = CHART_SOURCE_LINEAR, .y = c.linear_mse, .n = 10},
  };
  chart_horizon_input hi = {.curves = hc, .n_curves = 4, .horizon = 10, .log_y = 1, .n_windows = c.n_valid};
  img = render("horizon", 760, 420, t, draw_horizon, &hi);
  CHECK(count_colour(img, chart_run_colour(b->colour)) > 100, "the per-horizon chart draws the runs");
  cairo_surface_destroy(img);
  hi.log_y = 0;
  img = render("horizon-linear", 760, 420, chart_theme_dark(), draw_horizon, &hi);
  cairo_surface_destroy(img);

  for (int i = 0; i < 2; i++) ur_run_forecast_free(&f[i]);
  ur_comparison_free(&c);
}

/* Three members of one lstm group: drawn as a median with its band. */
static void test_group(const ur_run *m, int k) {
  const chart_theme *t = chart_theme_light();
  const ur_run *members[8];
  for (int j = 0; j < k; j++) members[j] = &m[j];
  chart_rgb colour = chart_run_colour(m[0].colour);
  chart_axes axes;
  chart_loss_run g[1] = {{.run = &m[0], .members = members, .n_members = k}};
  chart_loss_input in = {.runs = g, .n_runs = 1, .naive_mse = m[0].naive_mse, .linear_mse = m[0].linear_mse,
                         .snaive_mse = NAN, .log_y = 1, .axes_out = &axes};
  cairo_surface_t *s = render("loss-group", 760, 420, t, draw_loss, &in);
  int band = count_blend(s, colour, 0.16, t->bg);
  cairo_surface_destroy(s);
  /* the same members as separate runs: no band */
  chart_loss_run sep[8];
  for (int j = 0; j < k; j++) sep[j] = (chart_loss_run){.run = &m[j]};
  chart_loss_input ins = in;
  ins.runs = sep;
  ins.n_runs = k;
  ins.axes_out = NULL;
  s = render("loss-members", 760, 420, t, draw_loss, &ins);
  int no_band = count_blend(s, colour, 0.16, t->bg);
  cairo_surface_destroy(s);
  printf("loss chart: %d px of the group's band, %d of that colour with the members apart\n", band, no_band);
  CHECK(band > 400 && band > 3 * no_band, "the group's band is drawn (%d px, %d without)", band, no_band);
  /* the log axis holds every line: each member's last-step validation among them */
  for (int j = 0; j < k; j++)
    for (int e = 0; e < m[j].n_epochs; e++) {
      double v = m[j].epochs[e].val_last_mse;
      CHECK(v >= axes.y0 && v <= axes.y1, "member %d's last-step MSE %g at epoch %d outside %g..%g", j, v, e + 1, axes.y0,
            axes.y1);
    }

  /* the forecasts and the error per step: median and band */
  char err[256];
  ur_comparison c;
  const ur_run *r0 = &m[0];
  CHECK(ur_comparison_make_for(&c, r0, 10, err, sizeof err) == 0, "compare: %s", err);
  ur_run_forecast f[8];
  const float *ys[8], *ms[8];
  int w = 5;
  for (int j = 0; j < k; j++) {
    CHECK(ur_comparison_run(&c, &m[j], &f[j], err, sizeof err) == 0, "forecast %d: %s", j, err);
    ys[j] = f[j].y + (size_t)w * f[j].h;
    ms[j] = f[j].step_mse;
  }
  float med[10], lo[10], hi[10], mmed[10], mlo[10], mhi[10];
  chart_band_of_curves(ys, k, 10, med, lo, hi);
  chart_band_of_curves(ms, k, 10, mmed, mlo, mhi);
  int spread = 0;
  for (int i = 0; i < 10; i++) spread += hi[i] > lo[i] && med[i] >= lo[i] && med[i] <= hi[i];
  CHECK(spread == 10, "the members' forecasts differ and the median lies within them (%d of 10 steps)", spread);
  chart_curve fc[2] = {{.name = r0->name, .source = CHART_SOURCE_RUN, .colour = r0->colour, .y = med, .n = 10, .lo = lo, .hi = hi},
                       {.name = "linear", .source = CHART_SOURCE_LINEAR, .y = c.linear + (size_t)w * 10, .n = 10}};
  chart_forecast_input fi = {.input = c.x + (size_t)w * 50, .n_steps = 50, .truth = c.truth + (size_t)w * 10,
                             .horizon = 10, .forecasts = fc, .n_forecasts = 2, .index = w, .count = c.n_valid, .focus = 1};
  s = render("forecast-group", 760, 420, t, draw_forecast, &fi);
  int fband = count_blend(s, colour, 0.2, t->bg);
  CHECK(fband > 30, "the forecast's band is drawn (%d px)", fband);
  CHECK(count_colour(s, chart_linear_colour(t)) > 20, "the linear forecast is drawn");
  cairo_surface_destroy(s);
  chart_curve hc[2] = {{.name = r0->name, .source = CHART_SOURCE_RUN, .colour = r0->colour, .y = mmed, .n = 10, .lo = mlo, .hi = mhi},
                       {.name = "naive", .source = CHART_SOURCE_NAIVE, .y = c.naive_mse, .n = 10}};
  chart_horizon_input hi_in = {.curves = hc, .n_curves = 2, .horizon = 10, .log_y = 1, .n_windows = c.n_windows};
  s = render("horizon-group", 760, 420, t, draw_horizon, &hi_in);
  int hband = count_blend(s, colour, 0.2, t->bg);
  CHECK(hband > 100, "the per-step band is drawn (%d px)", hband);
  cairo_surface_destroy(s);
  for (int j = 0; j < k; j++) ur_run_forecast_free(&f[j]);
  ur_comparison_free(&c);
}

static void horizon_draw(cairo_t *cr, double w, double h, void *data) {
  chart_draw_horizon(cr, w, h, chart_theme_light(), data);
}

static void test_export(void) {
  float y[3] = {0.01f, 0.02f, 0.04f};
  chart_curve c = {.name = "x", .source = CHART_SOURCE_RUN, .y = y, .n = 3};
  chart_horizon_input hi = {.curves = &c, .n_curves = 1, .horizon = 3, .log_y = 1, .n_windows = 100};
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
  /* a refused export leaves the file that was there as it was */
  snprintf(path, sizeof path, "%s/export-keep.png", dir);
  FILE *f = fopen(path, "wb");
  if (f) fputs("old chart", f), fclose(f);
  CHECK(chart_export(path, 10000, 10000, 3, horizon_draw, &hi, err, sizeof err) == -1 && strstr(err, "limit"),
        "a PNG over the pixel limit is refused before drawing: %s", err);
  char back[16] = "";
  f = fopen(path, "rb");
  CHECK(f && fread(back, 1, sizeof back - 1, f) == 9 && !strcmp(back, "old chart"), "the old file is intact");
  if (f) fclose(f);
  remove(path);
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

/* Trains a group of k members of preset (epochs, 2000 series) into members. */
static void make_group(ur_run *members, int k, const char *preset, int epochs, int colour, int group) {
  ur_run setup;
  ur_prepared prep;
  char err[256];
  preset_run_setup(&setup, preset, epochs, 2000);
  snprintf(setup.name, sizeof setup.name, "%s group", preset);
  setup.colour = colour;
  ur_group_setup(&setup, k, group, members);
  CHECK(ur_prepare(&prep, &setup, NULL, err, sizeof err) == 0, "prepare: %s", err);
  CHECK(ur_group_train(members, k, &prep, 2, NULL, err, sizeof err) == 0, "group: %s", err);
  ur_prepared_free(&prep);
  ur_run_clear(&setup);
}

/* `test_charts --project FILE`: writes a project holding a deep-rnn and an
 * lstm run, and a group of three lstm members ("lstm group"), for
 * test_plot.sh to draw with `unroll plot`. */
static int write_project(const char *path) {
  ur_project p;
  char err[512];
  ur_project_init(&p);
  ur_project_apply_preset(&p, ur_preset_find("lstm"));
  p.runs = calloc(5, sizeof *p.runs);
  make_run(&p.runs[0], "deep-rnn", 2, 0);
  make_run(&p.runs[1], "lstm", 2, 1);
  make_group(&p.runs[2], 3, "lstm", 2, 2, 0);
  p.n_runs = 5;
  int rc = ur_project_save(&p, path, err, sizeof err);
  if (rc) fprintf(stderr, "%s\n", err);
  ur_project_clear(&p);
  return rc || check_failed ? 1 : 0;
}

/* `test_charts --band PNG COLOUR`: whether the picture holds a band of run
 * colour COLOUR (its light blend over white), as `unroll plot` draws a group. */
static int has_band(const char *png, int colour) {
  cairo_surface_t *s = cairo_image_surface_create_from_png(png);
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    fprintf(stderr, "%s: not a PNG\n", png);
    return 1;
  }
  const chart_theme *t = chart_theme_light();
  int n = count_blend(s, chart_run_colour(colour), 0.16, t->bg) + count_blend(s, chart_run_colour(colour), 0.2, t->bg);
  cairo_surface_destroy(s);
  printf("%s: %d px of run colour %d's band\n", png, n, colour);
  return n > 100 ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc > 2 && !strcmp(argv[1], "--project")) return write_project(argv[2]);
  if (argc > 3 && !strcmp(argv[1], "--band")) return has_band(argv[2], atoi(argv[3]));
  outdir = argc > 1 ? argv[1] : NULL;
  test_helpers();
  test_band_stats();
  test_legend_fit();
  ur_run a, b;
  make_run(&a, "deep-rnn", 2, 0);
  make_run(&b, "lstm", 2, 1);
  test_loss(&a, &b);
  test_compare(&a, &b);
  test_export();
  test_preview();
  /* a group of three lstm members, trained side by side on one prepared set */
  ur_run members[3];
  make_group(members, 3, "lstm", 3, 2, 0);
  test_group(members, 3);
  for (int j = 0; j < 3; j++) ur_run_clear(&members[j]);
  return check_summary();
}
