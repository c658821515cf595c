/* test_timeline.c: the import dialog's timeline drawn headless into a Cairo
 * image surface (chart-timeline.h), checked pixel by pixel:
 *  - weather.csv (3000 days, split 70/20/10): each span's shading has its
 *    colour across the plot's height, in the span and nowhere else, and the
 *    boundaries sit where the dates put them;
 *  - the target is drawn (pixels of its colour in every span);
 *  - two million rows draw in well under a second (pixel-column min/max);
 *  - the odd cases draw without a crash: one row, no numbers at all, no
 *    spans with a message, row order, hourly dates, an empty test span, the
 *    dark theme.
 * usage: test_timeline WEATHER_CSV [OUTPUT_DIR]   (PNGs for a person to look at)
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "chart-timeline.h"
#include "check.h"
#include "series.h"

static const char *out_dir = NULL;

static void save(cairo_surface_t *s, const char *name) {
  if (!out_dir) return;
  char *path = g_build_filename(out_dir, name, NULL);
  cairo_surface_write_to_png(s, path);
  g_free(path);
}

static void pixel(cairo_surface_t *s, int x, int y, double *r, double *g, double *b) {
  const unsigned char *d = cairo_image_surface_get_data(s);
  uint32_t p = *(const uint32_t *)(d + (size_t)y * cairo_image_surface_get_stride(s) + (size_t)x * 4);
  *r = ((p >> 16) & 255) / 255.0;
  *g = ((p >> 8) & 255) / 255.0;
  *b = (p & 255) / 255.0;
}

static int near(cairo_surface_t *s, int x, int y, chart_rgb c, double tol) {
  double r, g, b;
  pixel(s, x, y, &r, &g, &b);
  return fabs(r - c.r) < tol && fabs(g - c.g) < tol && fabs(b - c.b) < tol;
}

/* The share of a column's pixels, top to bottom of the plot, of colour c. */
static double column_share(cairo_surface_t *s, const chart_axes *a, int x, chart_rgb c) {
  int n = 0, hit = 0;
  for (int y = (int)a->top + 2; y < (int)(a->top + a->height) - 1; y++, n++) hit += near(s, x, y, c, 0.03);
  return n ? (double)hit / n : 0;
}

static chart_rgb tint(const chart_theme *t, int span) {
  chart_rgb c = chart_timeline_span_colour(span), bg = t->bg;
  double al = chart_timeline_span_alpha(t);
  return (chart_rgb){bg.r + (c.r - bg.r) * al, bg.g + (c.g - bg.g) * al, bg.b + (c.b - bg.b) * al};
}

static cairo_surface_t *draw(const chart_timeline_input *in, const chart_theme *t, int w, int h, chart_axes *a) {
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(s);
  chart_draw_timeline(cr, w, h, t, in, a);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  return s;
}

static double series_times[1 << 16]; /* the first series' instants, as the timeline takes them */

static chart_timeline_input from_series(const ur_series *s) {
  for (int i = 0; i < s->n_rows && i < (1 << 16); i++) series_times[i] = ur_series_time(s, 0, i);
  return (chart_timeline_input){s->values, s->n_features, series_times, s->n_rows, s->has_time, s->train_end,
                                s->valid_end, {s->train.n, s->valid.n, s->test.n}, s->names[0], NULL};
}

static void test_weather(const char *path) {
  ur_csv csv;
  char err[512];
  CHECK(ur_csv_read(path, NULL, &csv, err, sizeof err) == 0, "reading %s: %s", path, err);
  ur_series_config cfg;
  ur_series_config_default(&cfg);
  cfg.target = ur_csv_find(&csv, "temperature");
  cfg.date = ur_csv_find(&csv, "date");
  ur_series s;
  CHECK(ur_series_make(&csv, &cfg, NULL, 0, &s, err, sizeof err) == 0, "the series: %s", err);
  CHECK(s.train_end == 2100 && s.valid_end == 2700, "spans end at %d and %d, not 2100 and 2700", s.train_end,
        s.valid_end);
  chart_timeline_input in = from_series(&s);
  const chart_theme *t = chart_theme_light();
  chart_axes a;
  cairo_surface_t *img = draw(&in, t, 960, 240, &a);
  save(img, "timeline-weather.png");
  CHECK(a.width > 800 && a.height > 80, "plot area only %.0f × %.0f", a.width, a.height);
  int bounds[4] = {0, s.train_end, s.valid_end, s.n_rows};
  for (int k = 0; k < 3; k++) {
    double x0 = chart_timeline_row_x(&a, &in, bounds[k]), x1 = chart_timeline_row_x(&a, &in, bounds[k + 1]);
    int mid = (int)((x0 + x1) / 2);
    /* the span's own tint fills most of its column (the trace and the grid cross it) */
    double own = column_share(img, &a, mid, tint(t, k));
    CHECK(own > 0.6, "span %d: only %.0f %% of the column at x=%d has its shade", k, own * 100, mid);
    for (int j = 0; j < 3; j++)
      if (j != k) CHECK(column_share(img, &a, mid, tint(t, j)) < 0.05, "span %d's column holds span %d's shade", k, j);
    /* just inside both ends too: the boundaries are where they say */
    CHECK(column_share(img, &a, (int)x0 + 3, tint(t, k)) > 0.5, "span %d: not shaded just after its start", k);
    CHECK(column_share(img, &a, (int)x1 - 4, tint(t, k)) > 0.5, "span %d: not shaded just before its end", k);
    /* the target crosses every span */
    int line = 0;
    for (int x = (int)x0 + 2; x < (int)x1 - 2; x++)
      for (int y = (int)a.top + 1; y < (int)(a.top + a.height); y++)
        line += near(img, x, y, chart_input_colour(t), 0.12);
    CHECK(line > (x1 - x0) / 2, "span %d: the target barely drawn (%d pixels)", k, line);
  }
  /* days are evenly spaced: the boundary before row 2100 sits at 2099.5 / 2999 of the width */
  double f = (chart_timeline_row_x(&a, &in, s.train_end) - a.left) / a.width;
  CHECK(fabs(f - 2099.5 / 2999) < 0.002, "train boundary at %.4f of the width", f);
  /* outside the plot: background */
  CHECK(near(img, 2, (int)(a.top + a.height / 2), t->bg, 0.01), "left of the plot is not the background");
  cairo_surface_destroy(img);

  /* the dark theme, and a series with an empty test span */
  ur_series_free(&s);
  cfg.train_frac = 0.8;
  cfg.valid_frac = 0.2;
  CHECK(ur_series_make(&csv, &cfg, NULL, 0, &s, err, sizeof err) == 0, "the series: %s", err);
  in = from_series(&s);
  CHECK(s.valid_end == s.n_rows, "80/20: the test span should be empty");
  img = draw(&in, chart_theme_dark(), 700, 220, &a);
  save(img, "timeline-dark-no-test.png");
  int mid = (int)((chart_timeline_row_x(&a, &in, 0) + chart_timeline_row_x(&a, &in, s.train_end)) / 2);
  CHECK(column_share(img, &a, mid, tint(chart_theme_dark(), 0)) > 0.6, "dark theme: training span not shaded");
  cairo_surface_destroy(img);
  ur_series_free(&s);
  ur_csv_free(&csv);
}

static void test_many_rows(void) {
  int n = 2000000;
  float *v = g_new(float, n);
  for (int i = 0; i < n; i++) v[i] = (i / 1000) % 97 == 5 ? NAN : (float)(sin(i * 1e-4) * 10 + (i % 7));
  chart_timeline_input in = {v, 1, NULL, n, 0, n * 7 / 10, n * 9 / 10, {1399950, 399950, 199950}, "load", NULL};
  chart_axes a;
  gint64 t0 = g_get_monotonic_time();
  cairo_surface_t *img = draw(&in, chart_theme_light(), 960, 240, &a);
  double secs = (g_get_monotonic_time() - t0) / 1e6;
  printf("two million rows drawn in %.3f s\n", secs);
  CHECK(secs < 1.0, "two million rows took %.2f s to draw", secs);
  save(img, "timeline-2M-rows.png");
  cairo_surface_destroy(img);
  g_free(v);
}

static void test_odd_cases(void) {
  const chart_theme *t = chart_theme_light();
  chart_axes a;
  float one = 3.5f, nans[4] = {NAN, NAN, NAN, NAN}, v[48];
  double hours[48], one_day = 1.7e9;
  for (int i = 0; i < 48; i++) v[i] = (float)sin(i / 4.0), hours[i] = 1.7e9 + 3600.0 * i;
  chart_timeline_input cases[] = {
      {&one, 1, &one_day, 1, 1, 0, 0, {0, 0, 0}, "one row", NULL},
      {nans, 1, NULL, 4, 0, -1, -1, {0, 0, 0}, "nothing", "No numbers"},
      {v, 1, NULL, 48, 0, -1, -1, {0, 0, 0}, "no spans", "The spans appear when the settings work."},
      {v, 1, hours, 48, 1, 30, 40, {20, 3, 1}, "hourly", NULL},
      {v, 1, NULL, 48, 0, 40, 48, {30, 1, 0}, "row order, empty test", NULL},
      {NULL, 1, NULL, 0, 0, -1, -1, {0, 0, 0}, NULL, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cairo_surface_t *img = draw(&cases[i], t, 640, 200, &a);
    char name[64];
    snprintf(name, sizeof name, "timeline-case-%zu.png", i);
    save(img, name);
    cairo_surface_destroy(img);
  }
  cairo_surface_destroy(draw(NULL, t, 64, 48, NULL)); /* no input at all: the empty chart */
  char buf[40];
  chart_format_date(0, 0, buf, sizeof buf);
  CHECK(!strcmp(buf, "1970-01-01"), "date 0 is %s", buf);
  chart_format_date(1700000000, 1, buf, sizeof buf);
  CHECK(!strcmp(buf, "2023-11-14 22:13"), "date 1700000000 is %s", buf);
  chart_format_date(NAN, 0, buf, sizeof buf);
  CHECK(!strcmp(buf, "?"), "NAN as a date is %s", buf);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_timeline WEATHER_CSV [OUTPUT_DIR]\n");
    return 2;
  }
  out_dir = argc > 2 ? argv[2] : NULL;
  test_weather(argv[1]);
  test_many_rows();
  test_odd_cases();
  return check_summary();
}
