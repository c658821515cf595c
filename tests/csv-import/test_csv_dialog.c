/* test_csv_dialog.c: the CSV import dialog, standalone, on a real display
 * (Xvfb through tests/window/run-xvfb.sh), over a stand-in for the
 * workbench window.  The test drives the dialog's own widgets with the
 * signals a person's clicks and typing give (activate, set_value,
 * set_text), finds them by their names, reads what they show, and waits for
 * each result with a deadline.  What the dialog shows is checked against
 * the engine: the file read with ur_csv_read, the series made with
 * ur_series_make from the settings the widgets show; the timeline, rendered
 * as the window renders it, must be the picture chart_draw_timeline draws
 * of the engine's series.
 *
 *  weather   tests/data/weather.csv: what was detected (comma, header,
 *            decimal point, 3000 × 4), the columns' roles, the default
 *            picks (temperature against date), the spans and window
 *            counts against ur_series_make's own; humidity as an input;
 *            an impossible lookback (the engine's reason inline, Use off,
 *            no spans) and back; a split by dates (prefilled, then typed;
 *            a typo named); dropping rows (the count in the label); the
 *            spans' shades on screen; what the window tests' probe reads;
 *            a screenshot; Use hands over the choice and closes the dialog
 *  format    a semicolon file with decimal commas and day-first dates
 *  bad       empty, header only, ragged, binary junk, text only, 600 MB:
 *            the engine's message in the dialog, naming the line
 *  panel     the Data page's CSV view: the same timeline as the dialog's,
 *            a column gone from the file and a file gone, each named
 *  big       a 135 MB file: the main loop keeps ticking while it is read
 *            (no gap near the read's length), and Cancel closes the dialog at once
 *
 * usage: test_csv_dialog WEATHER_CSV [OUTPUT_DIR]
 */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "chart-timeline.h"
#include "check.h"
#include "unroll-csv-import.h"
#include "unroll-csv-source-panel.h"
#include "unroll-test-probe.h"

#define STEP(...) (fprintf(stderr, "csv-dialog: " __VA_ARGS__), fputc('\n', stderr))

static const char *out_dir, *weather;
static char *tmp_dir;
static GtkWindow *parent;

/* ---- waiting ------------------------------------------------------------ */

typedef gboolean (*Pred)(gpointer data);

static gboolean wait_for(Pred pred, gpointer data, double seconds, const char *what) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
  while (g_get_monotonic_time() < end) {
    if (pred(data)) return TRUE;
    while (g_main_context_iteration(NULL, FALSE)) {}
    g_usleep(2000);
  }
  if (pred(data)) return TRUE;
  CHECK(0, "timed out after %.0f s waiting for %s", seconds, what);
  return FALSE;
}

/* A pause that keeps the main loop running (rendering, workers' results). */
static void pump(double seconds) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
  while (g_get_monotonic_time() < end) {
    while (g_main_context_iteration(NULL, FALSE)) {}
    g_usleep(5000);
  }
}

static gboolean is_null(gpointer d) { return *(gpointer *)d == NULL; }

/* ---- the dialog's widgets, by name -------------------------------------- */

static GtkWidget *find(GtkWidget *w, const char *name) {
  if (!g_strcmp0(gtk_widget_get_name(w), name)) return w;
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *hit = find(c, name);
    if (hit) return hit;
  }
  return NULL;
}

static GtkWidget *need(gpointer root, const char *name) {
  GtkWidget *w = find(GTK_WIDGET(root), name);
  CHECK(w != NULL, "no widget named %s", name);
  if (!w) exit(check_summary());
  return w;
}

static const char *label_text(gpointer root, const char *name) { return gtk_label_get_text(GTK_LABEL(need(root, name))); }
static const char *entry_text(gpointer root, const char *name) { return gtk_editable_get_text(GTK_EDITABLE(need(root, name))); }
static void set_spin(UnrollCsvImport *dlg, const char *name, double v) {
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(need(dlg, name)), v);
}
static gboolean active(UnrollCsvImport *dlg, const char *name) {
  return gtk_check_button_get_active(GTK_CHECK_BUTTON(need(dlg, name)));
}
/* A click on a check or radio button, or a button. */
static void click(gpointer root, const char *name) { gtk_widget_activate(need(root, name)); }

/* The drop-down's chosen item, as shown. */
static const char *chosen(UnrollCsvImport *dlg, const char *name) {
  GObject *item = gtk_drop_down_get_selected_item(GTK_DROP_DOWN(need(dlg, name)));
  return item ? gtk_string_object_get_string(GTK_STRING_OBJECT(item)) : "";
}

/* The page the dialog shows: "reading", "failed" or "settings". */
static const char *page(UnrollCsvImport *dlg) { return gtk_stack_get_visible_child_name(GTK_STACK(need(dlg, "csv-pages"))); }
static gboolean not_reading(gpointer d) { return strcmp(page(d), "reading") != 0; }

/* The settings turned into a series: Use comes on (it is off while an edit
 * waits or the series is being made); or they failed: the status line
 * turns red with the engine's reason. */
static gboolean use_on(gpointer d) { return gtk_widget_get_sensitive(need(d, "csv-use")); }
static gboolean refused(gpointer d) { return gtk_widget_has_css_class(need(d, "csv-status"), "error"); }

/* The settings as the form shows them, against the file's columns. */
static void shown_config(UnrollCsvImport *dlg, const ur_csv *csv, ur_series_config *c) {
  ur_series_config_default(c);
  c->target = ur_csv_find(csv, chosen(dlg, "csv-target"));
  c->date = ur_csv_find(csv, chosen(dlg, "csv-date")); /* -1 for "Row order" */
  c->n_inputs = 0;
  for (int i = 0; i < csv->n_cols; i++) {
    g_autofree char *name = g_strdup_printf("csv-input-%d", i);
    GtkWidget *box = need(dlg, name);
    if (i != c->target && gtk_check_button_get_active(GTK_CHECK_BUTTON(box))) c->inputs[c->n_inputs++] = i;
  }
  static const char *missing[3] = {"csv-missing-interpolate", "csv-missing-carry-forward", "csv-missing-drop"};
  for (int k = 0; k < 3; k++)
    if (active(dlg, missing[k])) c->missing = (ur_missing_policy)k;
  c->lookback = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-lookback")));
  c->kind = (ur_target_kind)gtk_drop_down_get_selected(GTK_DROP_DOWN(need(dlg, "csv-kind")));
  c->horizon = c->kind == UR_TARGET_ONE_STEP ? 1 : gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-horizon")));
  c->stride = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-stride")));
  c->train_frac = gtk_spin_button_get_value(GTK_SPIN_BUTTON(need(dlg, "csv-train")));
  c->valid_frac = gtk_spin_button_get_value(GTK_SPIN_BUTTON(need(dlg, "csv-valid")));
  if (active(dlg, "csv-by-dates")) {
    ur_csv_parse_date_like(csv, entry_text(dlg, "csv-valid-from"), strlen(entry_text(dlg, "csv-valid-from")),
                           &c->valid_from);
    ur_csv_parse_date_like(csv, entry_text(dlg, "csv-test-from"), strlen(entry_text(dlg, "csv-test-from")),
                           &c->test_from);
  }
}

/* ---- the result ------------------------------------------------------- */

typedef struct {
  int calls, accepted, destroyed;
  char path[1024], target[128], date[128], input0[128];
  ur_series_config cfg;
} Result;

static void on_done(const UnrollCsvChoice *c, gpointer user) {
  Result *r = user;
  r->calls++;
  if (!c) return;
  r->accepted = 1;
  r->cfg = c->config;
  g_strlcpy(r->path, c->path, sizeof r->path);
  g_strlcpy(r->target, c->target_name, sizeof r->target);
  g_strlcpy(r->date, c->date_name ? c->date_name : "", sizeof r->date);
  g_strlcpy(r->input0, c->config.n_inputs ? c->input_names[0] : "", sizeof r->input0);
}

static void on_destroy(gpointer user) { ((Result *)user)->destroyed++; }
static gboolean answered(gpointer user) { return ((Result *)user)->calls > 0; }

static UnrollCsvImport *open_dialog(const char *path, Result *r, gpointer *alive) {
  memset(r, 0, sizeof *r);
  UnrollCsvImport *dlg = unroll_csv_import_new(parent, path, NULL, on_done, r, on_destroy);
  *alive = dlg;
  g_object_add_weak_pointer(G_OBJECT(dlg), alive);
  return dlg;
}

/* ---- the timeline as rendered ------------------------------------------ */

/* The widget rendered as the window renders it: RGBA bytes (B G R A, as
 * Cairo's ARGB32 in memory), *w × *h; NULL when it has no size. */
static guchar *render_widget(GtkWidget *widget, int *w, int *h) {
  *w = gtk_widget_get_width(widget), *h = gtk_widget_get_height(widget);
  if (*w < 1 || *h < 1) return NULL;
  GdkPaintable *p = gtk_widget_paintable_new(widget);
  GtkSnapshot *snap = gtk_snapshot_new();
  gdk_paintable_snapshot(p, snap, *w, *h);
  GskRenderNode *node = gtk_snapshot_free_to_node(snap);
  guchar *px = NULL;
  if (node) {
    GskRenderer *renderer = gtk_native_get_renderer(gtk_widget_get_native(widget));
    GdkTexture *tex = gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, *w, *h));
    px = g_malloc((gsize)*w * *h * 4);
    gdk_texture_download(tex, px, (gsize)*w * 4);
    g_object_unref(tex);
    gsk_render_node_unref(node);
  }
  g_object_unref(p);
  return px;
}

static void save_png(const guchar *px, int w, int h, const char *name) {
  if (!out_dir) return;
  g_autofree char *path = g_build_filename(out_dir, name, NULL);
  cairo_surface_t *s = cairo_image_surface_create_for_data((guchar *)px, CAIRO_FORMAT_ARGB32, w, h, w * 4);
  cairo_surface_write_to_png(s, path);
  cairo_surface_destroy(s);
}

/* How many pixels of the timeline widget differ from what
 * chart_draw_timeline draws of `want` at its size; -1 when it has no size.  With save, both pictures go to
 * the output folder. */
static int timeline_differs(GtkWidget *timeline, const chart_timeline_input *want, int *total, gboolean save) {
  int w, h;
  g_autofree guchar *shown = render_widget(timeline, &w, &h);
  *total = w * h;
  if (!shown) return -1;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create(s);
  chart_draw_timeline(cr, w, h, chart_theme_light(), want, NULL);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  const guchar *drawn = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s), differ = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        if (abs(shown[((size_t)y * w + x) * 4 + c] - drawn[(size_t)y * stride + x * 4 + c]) > 24) {
          differ++;
          break;
        }
  if (save && out_dir) {
    save_png(shown, w, h, "csv-dialog-timeline-shown.png");
    g_autofree char *path = g_build_filename(out_dir, "csv-dialog-timeline-want.png", NULL);
    cairo_surface_write_to_png(s, path);
  }
  cairo_surface_destroy(s);
  return differ;
}

/* The timeline widget shows what chart_draw_timeline draws of `want`: all
 * but one pixel in 2000 the same (Cairo draws both: none differs here). */
static void check_timeline_shows(GtkWidget *timeline, const chart_timeline_input *want, const char *what) {
  int total, differ = timeline_differs(timeline, want, &total, FALSE);
  gboolean same = differ >= 0 && differ < total / 2000;
  CHECK(same, "%s: the timeline (%d pixels) differs from the engine's series in %d", what, total, differ);
  if (g_getenv("CSV_DIALOG_VERBOSE")) STEP("%s: %d of %d pixels differ", what, differ, total);
  if (!same) timeline_differs(timeline, want, &total, TRUE);
}

/* The timeline input a made series gives: its target, time and spans. */
static double series_times[1 << 18]; /* the first series' instants, as the timeline takes them */

static chart_timeline_input series_timeline(const ur_series *s) {
  for (int i = 0; s->has_time && i < s->n_rows && i < (1 << 18); i++) series_times[i] = ur_series_time(s, 0, i);
  return (chart_timeline_input){s->values, s->n_features, s->has_time ? series_times : NULL, s->n_rows, s->has_time, s->train_end, s->valid_end,
                                {s->train.n, s->valid.n, s->test.n}, s->names[0], NULL};
}

/* Renders the widget as the window does and checks the middle of each span
 * has the span's shade, laid out as chart_draw_timeline lays it out. */
static void check_span_shades(GtkWidget *tl, const chart_timeline_input *in) {
  int w, h;
  g_autofree guchar *px = render_widget(tl, &w, &h);
  if (!px) return;
  cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(scratch);
  chart_axes a;
  const chart_theme *t = chart_theme_light();
  chart_draw_timeline(cr, w, h, t, in, &a);
  cairo_destroy(cr);
  cairo_surface_destroy(scratch);
  int bounds[4] = {0, in->train_end, in->valid_end, in->n};
  for (int k = 0; k < 3; k++) {
    int x = (int)((chart_timeline_row_x(&a, in, bounds[k]) + chart_timeline_row_x(&a, in, bounds[k + 1])) / 2);
    chart_rgb c = chart_timeline_span_colour(k);
    double al = chart_timeline_span_alpha(t);
    double want[3] = {1 + (c.r - 1) * al, 1 + (c.g - 1) * al, 1 + (c.b - 1) * al};
    int n = 0, hit = 0;
    for (int y = (int)a.top + 2; y < (int)(a.top + a.height) - 1; y++, n++) {
      const guchar *q = px + ((size_t)y * w + x) * 4;
      hit += fabs(q[2] / 255.0 - want[0]) < 0.04 && fabs(q[1] / 255.0 - want[1]) < 0.04 &&
             fabs(q[0] / 255.0 - want[2]) < 0.04;
    }
    CHECK(n && hit > n * 0.55, "span %d on screen: %d of %d pixels at x=%d have its shade", k, hit, n, x);
  }
  save_png(px, w, h, "csv-dialog-timeline.png");
}

static void screenshot(const char *name) {
  if (!out_dir || !g_find_program_in_path("import")) return;
  g_autofree char *path = g_build_filename(out_dir, name, NULL);
  char *argv[] = {"import", "-window", "root", path, NULL};
  int status = 0;
  g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
               NULL);
  STEP("screenshot %s", path);
}

/* ---- the cases ---------------------------------------------------------- */

/* Every label under w, in order, joined by "|": the table as a person reads it. */
static void texts(GtkWidget *w, GString *out) {
  if (GTK_IS_LABEL(w)) g_string_append_printf(out, "%s|", gtk_label_get_text(GTK_LABEL(w)));
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c)) texts(c, out);
}

static int count_nan_rows(const ur_csv *csv, int a, int b, int *cells) {
  int rows = 0;
  *cells = 0;
  for (int r = 0; r < csv->n_rows; r++) {
    int n = isnan(csv->cols[a].values[r]) + (b >= 0 && isnan(csv->cols[b].values[r]));
    *cells += n;
    rows += n > 0;
  }
  return rows;
}

/* The settings shown work: Use comes on, and the status line and the
 * timeline show the engine's series for them; *s (when not NULL) keeps it. */
static gboolean settled_ok(UnrollCsvImport *dlg, const ur_csv *csv, const char *what, ur_series *out) {
  if (!wait_for(use_on, dlg, 20, what)) {
    CHECK(0, "%s: the settings should work: %s", what, label_text(dlg, "csv-status"));
    return FALSE;
  }
  ur_series_config cfg;
  ur_series s;
  char err[512];
  shown_config(dlg, csv, &cfg);
  if (ur_series_make(csv, &cfg, NULL, 0, &s, err, sizeof err) != 0) {
    CHECK(0, "%s: the engine refuses the settings the dialog accepts: %s", what, err);
    return FALSE;
  }
  g_autofree char *want =
      g_strdup_printf("%d training, %d validation, %d test windows", s.train.n, s.valid.n, s.test.n);
  CHECK(strstr(label_text(dlg, "csv-status"), want), "%s: the status says “%s”, not “%s”", what,
        label_text(dlg, "csv-status"), want);
  pump(0.1); /* the timeline's next frame */
  chart_timeline_input in = series_timeline(&s);
  check_timeline_shows(need(dlg, "csv-timeline"), &in, what);
  if (out) *out = s;
  else ur_series_free(&s);
  return TRUE;
}

/* The settings shown cannot work: the engine's reason inline, in red, Use
 * off, and the timeline shows the target column without spans. */
static void settled_error(UnrollCsvImport *dlg, const ur_csv *csv, const char *what, const char *expect) {
  if (!wait_for(refused, dlg, 20, what)) return;
  const char *status = label_text(dlg, "csv-status");
  CHECK(strstr(status, "These settings do not work") && strstr(status, expect), "%s: expected an error with “%s”, got %s",
        what, expect, status);
  CHECK(!gtk_widget_get_sensitive(need(dlg, "csv-use")), "%s: Use is on with impossible settings", what);
  int col = csv ? ur_csv_find(csv, chosen(dlg, "csv-target")) : -1;
  if (col < 0 || csv->cols[col].type != UR_COL_NUMERIC) return;
  g_autofree float *values = g_new(float, csv->n_rows);
  for (int i = 0; i < csv->n_rows; i++) values[i] = (float)csv->cols[col].values[i];
  chart_timeline_input in = {values, 1, NULL, csv->n_rows, 0, -1, -1, {0, 0, 0}, csv->cols[col].name,
                             "The spans appear when the settings work (see below)."};
  pump(0.1);
  check_timeline_shows(need(dlg, "csv-timeline"), &in, what);
}

/* What the window tests' probe reads of the dialog (unroll-test-probe.h). */
static void check_probe(UnrollCsvImport *dlg) {
  GKeyFile *kf = g_key_file_new();
  unroll_test_probe_describe(GTK_WIDGET(dlg), kf, "csv-import");
  g_autofree char *pages = g_key_file_get_string(kf, "csv-import", "csv-pages", NULL);
  g_autofree char *target = g_key_file_get_string(kf, "csv-import", "csv-target", NULL);
  g_autofree char *at_h = g_key_file_get_string(kf, "csv-import", "csv-columns/csv-input-3.at", NULL);
  g_autofree char *at_use = g_key_file_get_string(kf, "csv-import", "csv-use.at", NULL);
  CHECK(!g_strcmp0(pages, "settings") && !g_strcmp0(target, "temperature") && at_h && at_use &&
        g_key_file_get_boolean(kf, "csv-import", "csv-columns/csv-input-3.active", NULL) &&
        g_key_file_get_boolean(kf, "csv-import", "csv-use.sensitive", NULL) &&
        g_key_file_get_uint64(kf, "csv-import", "xid", NULL) > 0,
        "probe: %s, %s, humidity at %s, Use at %s", pages, target, at_h, at_use);
  g_key_file_unref(kf);
}

static void test_weather(void) {
  STEP("weather.csv: detection, picks, spans, inputs, errors, dates, drop, Use");
  ur_csv csv;
  char err[512];
  if (ur_csv_read(weather, NULL, &csv, err, sizeof err) != 0) {
    CHECK(0, "the engine cannot read %s: %s", weather, err);
    return;
  }
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg = open_dialog(weather, &r, &alive);
  if (!wait_for(not_reading, dlg, 30, "weather.csv to be read")) return;
  CHECK(!strcmp(page(dlg), "settings"), "weather.csv not read: %s", label_text(dlg, "csv-error"));
  const char *fmt = label_text(dlg, "csv-format");
  CHECK(strstr(fmt, "Comma-separated") && strstr(fmt, "a header row") && strstr(fmt, "decimal point") &&
        strstr(fmt, "3000 rows × 4 columns"), "format line: %s", fmt);
  int date = ur_csv_find(&csv, "date"), station = ur_csv_find(&csv, "station"), temp = ur_csv_find(&csv, "temperature"),
      hum = ur_csv_find(&csv, "humidity");
  CHECK(date == 0 && station == 1 && temp == 2 && hum == 3, "columns %d %d %d %d", date, station, temp, hum);
  GString *table = g_string_new(NULL);
  texts(need(dlg, "csv-columns"), table);
  CHECK(strstr(table->str, "date|dates|0|0|date|") && strstr(table->str, "station|text|0|0|input|") &&
        strstr(table->str, "temperature|numbers|31|1|target|") && strstr(table->str, "humidity|numbers|23|0|input|"),
        "the columns table reads %s", table->str);
  g_string_free(table, TRUE);
  CHECK(!gtk_widget_get_sensitive(need(dlg, "csv-input-1")), "a text column can be ticked as an input");
  CHECK(gtk_widget_get_sensitive(need(dlg, "csv-input-3")), "humidity cannot be ticked as an input");
  ur_series s;
  if (!settled_ok(dlg, &csv, "defaults", &s)) return;
  ur_series_config cfg;
  shown_config(dlg, &csv, &cfg);
  CHECK(cfg.target == temp && cfg.date == date && cfg.n_inputs == 0 && cfg.lookback == 50,
        "default picks: target %d, date %d, %d inputs, lookback %d", cfg.target, cfg.date, cfg.n_inputs, cfg.lookback);
  CHECK(s.train_end == 2100 && s.valid_end == 2700, "the defaults split at %d, %d", s.train_end, s.valid_end);
  ur_series_free(&s);
  int cells, rows = count_nan_rows(&csv, temp, -1, &cells);
  g_autofree char *interp = g_strdup_printf("_Interpolate %d cells", cells);
  const char *shown = gtk_check_button_get_label(GTK_CHECK_BUTTON(need(dlg, "csv-missing-interpolate")));
  CHECK(!strcmp(shown, interp), "missing: %s, expected %s", shown, interp);

  STEP("humidity as an input");
  click(dlg, "csv-input-3");
  if (!settled_ok(dlg, &csv, "humidity", NULL)) return;
  shown_config(dlg, &csv, &cfg);
  CHECK(cfg.n_inputs == 1 && cfg.inputs[0] == hum, "inputs: %d (%d)", cfg.n_inputs, cfg.inputs[0]);
  CHECK(strstr(label_text(dlg, "csv-status"), "temperature and humidity"), "status: %s", label_text(dlg, "csv-status"));
  rows = count_nan_rows(&csv, temp, hum, &cells);
  g_autofree char *drop = g_strdup_printf("_Drop %d rows", rows);
  shown = gtk_check_button_get_label(GTK_CHECK_BUTTON(need(dlg, "csv-missing-drop")));
  CHECK(!strcmp(shown, drop), "drop: %s, expected %s", shown, drop);

  STEP("an impossible lookback, and back");
  set_spin(dlg, "csv-lookback", 5000);
  settled_error(dlg, &csv, "lookback 5000", "too short");
  set_spin(dlg, "csv-lookback", 50);
  if (!settled_ok(dlg, &csv, "lookback 50", NULL)) return;

  STEP("split by dates");
  click(dlg, "csv-by-dates");
  const char *v0 = entry_text(dlg, "csv-valid-from"), *t0 = entry_text(dlg, "csv-test-from");
  char want0[40], want1[40]; /* where the 70/20 fractions put the boundaries: rows 2100 and 2700 */
  chart_format_date(csv.cols[date].times[2100], 0, want0, sizeof want0);
  chart_format_date(csv.cols[date].times[2700], 0, want1, sizeof want1);
  CHECK(!strcmp(v0, want0) && !strcmp(t0, want1), "prefilled dates %s and %s, not %s and %s", v0, t0, want0, want1);
  if (!settled_ok(dlg, &csv, "prefilled dates", &s)) return;
  CHECK(s.train_end == 2100, "the prefilled dates moved the split to %d", s.train_end);
  ur_series_free(&s);
  gtk_editable_set_text(GTK_EDITABLE(need(dlg, "csv-valid-from")), "2021-01-01");
  gtk_editable_set_text(GTK_EDITABLE(need(dlg, "csv-test-from")), "2022-01-01");
  if (!settled_ok(dlg, &csv, "typed dates", &s)) return;
  shown_config(dlg, &csv, &cfg);
  CHECK(!isnan(cfg.valid_from) && !isnan(cfg.test_from), "the dates are not in the settings");
  CHECK(s.train_end == 2192 && s.valid_end == 2557, "2021-01-01 and 2022-01-01 split at %d, %d", s.train_end,
        s.valid_end);
  ur_series_free(&s);
  gtk_editable_set_text(GTK_EDITABLE(need(dlg, "csv-test-from")), "2022-13-45");
  settled_error(dlg, &csv, "a typo in a date", "is not a date");
  gtk_editable_set_text(GTK_EDITABLE(need(dlg, "csv-test-from")), "2022-01-01");
  if (!settled_ok(dlg, &csv, "the typo fixed", NULL)) return;
  click(dlg, "csv-by-fractions");

  STEP("drop rows");
  click(dlg, "csv-missing-drop");
  if (!settled_ok(dlg, &csv, "drop", &s)) return;
  CHECK(s.n_rows == 3000 - rows, "dropping left %d rows, not %d", s.n_rows, 3000 - rows);
  ur_series_free(&s);
  click(dlg, "csv-missing-interpolate");
  if (!settled_ok(dlg, &csv, "interpolate", &s)) return;

  STEP("the spans on screen");
  pump(0.6);
  chart_timeline_input in = series_timeline(&s);
  check_span_shades(need(dlg, "csv-timeline"), &in);
  ur_series_free(&s);
  screenshot("csv-dialog.png");

  STEP("what the window tests' probe reads");
  check_probe(dlg);

  STEP("Use");
  CHECK(gtk_widget_get_sensitive(need(dlg, "csv-use")), "Use is off with working settings");
  gtk_widget_activate(need(dlg, "csv-use"));
  wait_for(is_null, &alive, 5, "the dialog to close after Use");
  CHECK(r.calls == 1 && r.accepted && r.destroyed == 1, "done called %d times (accepted %d), destroy %d", r.calls,
        r.accepted, r.destroyed);
  CHECK(!strcmp(r.path, weather) && !strcmp(r.target, "temperature") && !strcmp(r.date, "date") &&
        !strcmp(r.input0, "humidity"), "the choice: %s, %s, %s, %s", r.path, r.target, r.date, r.input0);
  CHECK(r.cfg.target == temp && r.cfg.date == date && r.cfg.n_inputs == 1 && r.cfg.inputs[0] == hum &&
        r.cfg.lookback == 50 && r.cfg.missing == UR_MISSING_INTERPOLATE && isnan(r.cfg.valid_from),
        "the chosen settings");
  ur_csv_free(&csv);
}

static char *write_tmp(const char *name, const char *data, gssize len) {
  char *path = g_build_filename(tmp_dir, name, NULL);
  g_file_set_contents(path, data, len, NULL);
  return path;
}

static void test_format(void) {
  STEP("a semicolon file with decimal commas and day-first dates");
  GString *s = g_string_new("Datum;Wert;Notiz\n");
  GDateTime *d = g_date_time_new_utc(2024, 1, 1, 0, 0, 0);
  for (int i = 0; i < 200; i++) {
    GDateTime *di = g_date_time_add_days(d, i);
    g_string_append_printf(s, "%02d/%02d/%04d;%d,%02d;n%d\n", g_date_time_get_day_of_month(di),
                           g_date_time_get_month(di), g_date_time_get_year(di), 10 + i % 7, i % 100, i);
    g_date_time_unref(di);
  }
  g_date_time_unref(d);
  g_autofree char *path = write_tmp("semicolon.csv", s->str, (gssize)s->len);
  g_string_free(s, TRUE);
  ur_csv csv;
  char err[512];
  if (ur_csv_read(path, NULL, &csv, err, sizeof err) != 0) {
    CHECK(0, "the engine cannot read semicolon.csv: %s", err);
    return;
  }
  /* 02/01/2024 is the 2nd of January: the 13th row is 13/01 */
  CHECK(!strncmp(csv.cols[0].date_format, "%d", 2) && csv.cols[0].times[0] == 1704067200.0 &&
        csv.cols[0].times[1] == 1704067200.0 + 86400 && csv.cols[1].values[0] == 10.0f &&
        fabs(csv.cols[1].values[1] - 11.01) < 1e-6,
        "the first rows: time %.0f, %.0f, values %g %g", csv.cols[0].times[0], csv.cols[0].times[1],
        csv.cols[1].values[0], csv.cols[1].values[1]);
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg = open_dialog(path, &r, &alive);
  if (!wait_for(not_reading, dlg, 20, "semicolon.csv to be read")) return;
  const char *fmt = label_text(dlg, "csv-format");
  CHECK(strstr(fmt, "Semicolon-separated") && strstr(fmt, "decimal comma") && strstr(fmt, "200 rows × 3 columns"),
        "format line: %s", fmt);
  settled_ok(dlg, &csv, "semicolons", NULL); /* the timeline: the dates read day first, the decimal commas */
  /* 140 training rows cannot hold a window of 191 */
  set_spin(dlg, "csv-lookback", 190);
  settled_error(dlg, &csv, "200 rows, lookback 190", "too short");
  set_spin(dlg, "csv-lookback", 10);
  settled_ok(dlg, &csv, "lookback 10", NULL);
  click(dlg, "csv-cancel");
  wait_for(is_null, &alive, 5, "Cancel to close the dialog");
  CHECK(r.calls == 1 && !r.accepted && r.destroyed == 1, "Cancel: done %d, accepted %d", r.calls, r.accepted);
  ur_csv_free(&csv);
}

static void test_bad_files(void) {
  static const struct {
    const char *name, *data, *expect;
  } files[] = {
      {"empty.csv", "", "empty"},
      {"header-only.csv", "a,b\n", "line 1"},
      {"ragged.csv", "a,b\n1,2\n3\n4,5\n", "line 3"},
      {"text-only.csv", "name\nfoo\nbar\nbaz\n", "line 2, column 1"},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(files) + 2; i++) {
    g_autofree char *path = NULL;
    const char *expect;
    if (i < G_N_ELEMENTS(files)) {
      path = write_tmp(files[i].name, files[i].data, -1);
      expect = files[i].expect;
    } else if (i == G_N_ELEMENTS(files)) { /* binary junk, the same bytes every run */
      char junk[4096];
      GRand *rand = g_rand_new_with_seed(5);
      for (size_t k = 0; k < sizeof junk; k++) junk[k] = (char)g_rand_int_range(rand, 0, 256);
      g_rand_free(rand);
      path = write_tmp("junk.csv", junk, sizeof junk);
      expect = "line";
    } else { /* 600 MB of zeros, sparse: refused from its first chunk, never read through */
      path = g_build_filename(tmp_dir, "huge.csv", NULL);
      FILE *f = fopen(path, "wb");
      CHECK(f && ftruncate(fileno(f), (off_t)600 << 20) == 0, "cannot make a sparse 600 MB file");
      if (f) fclose(f);
      expect = "NUL byte"; /* refused from its first chunk, not read through */
    }
    STEP("bad file %s", path);
    Result r;
    gpointer alive;
    UnrollCsvImport *dlg = open_dialog(path, &r, &alive);
    if (!wait_for(not_reading, dlg, 20, "a bad file to be read")) continue;
    ur_csv csv;
    char err[1024];
    int read = ur_csv_read(path, NULL, &csv, err, sizeof err);
    if (!strcmp(page(dlg), "failed")) {
      CHECK(read != 0, "the engine reads %s", path);
      CHECK(!strcmp(label_text(dlg, "csv-error"), err), "the dialog says “%s”, the engine “%s”",
            label_text(dlg, "csv-error"), err);
      CHECK(strstr(err, expect), "%s: “%s” lacks “%s”", path, err, expect);
      CHECK(!gtk_widget_get_sensitive(need(dlg, "csv-use")), "Use is on for a file that failed");
    } else {
      settled_error(dlg, read == 0 ? &csv : NULL, path, expect);
    }
    if (read == 0) ur_csv_free(&csv);
    if (i == 0) screenshot("csv-dialog-bad-file.png");
    click(dlg, "csv-cancel");
    wait_for(is_null, &alive, 5, "the dialog to close");
    CHECK(r.calls == 1 && !r.accepted, "%s: done %d, accepted %d", path, r.calls, r.accepted);
  }
}

/* The Data page's CSV view names a problem. */
static gboolean panel_problem(gpointer panel) {
  GtkWidget *problem = need(panel, "csv-source-problem");
  return gtk_widget_get_visible(problem) && *gtk_label_get_text(GTK_LABEL(problem));
}

static void test_source_panel(void) {
  STEP("the Data page's CSV view");
  GtkWindow *w = GTK_WINDOW(gtk_window_new());
  gtk_window_set_default_size(w, 900, 360);
  GtkWidget *panel = unroll_csv_source_panel_new();
  gtk_window_set_child(w, panel);
  gtk_window_present(w);
  ur_csv csv;
  char err[512];
  if (ur_csv_read(weather, NULL, &csv, err, sizeof err) != 0) {
    CHECK(0, "%s", err);
    return;
  }
  ur_series_config cfg;
  ur_series_config_default(&cfg);
  cfg.target = 2, cfg.date = 0, cfg.inputs[0] = 3, cfg.n_inputs = 1;
  ur_csv_source src;
  ur_csv_source_set(&src, weather, &csv, &cfg);
  ur_series s;
  CHECK(ur_series_make(&csv, &cfg, NULL, 0, &s, err, sizeof err) == 0, "the engine: %s", err);
  /* 2049: a window starts one row into the series (every transform is scored on the same windows) */
  CHECK(s.train_end == 2100 && s.valid_end == 2700 && s.train.n == 2049, "the engine's spans %d, %d, %d windows",
        s.train_end, s.valid_end, s.train.n);
  chart_timeline_input in = series_timeline(&s);
  unroll_csv_source_panel_set_source(UNROLL_CSV_SOURCE_PANEL(panel), &src);
  /* the file is read, then the series made, each in a worker: the timeline follows */
  int total, differ = -1;
  for (gint64 end = g_get_monotonic_time() + 20 * G_USEC_PER_SEC; g_get_monotonic_time() < end;) {
    pump(0.1);
    differ = timeline_differs(need(panel, "csv-timeline"), &in, &total, FALSE);
    if (differ >= 0 && differ < total / 200) break;
  }
  check_timeline_shows(need(panel, "csv-timeline"), &in, "the Data page");
  CHECK(!gtk_widget_get_visible(need(panel, "csv-source-problem")), "the Data page says: %s",
        label_text(panel, "csv-source-problem"));
  CHECK(strstr(label_text(panel, "csv-source-summary"), "temperature and humidity"), "summary: %s",
        label_text(panel, "csv-source-summary"));
  screenshot("csv-source-panel.png");
  ur_series_free(&s);
  snprintf(src.inputs[0], sizeof src.inputs[0], "pressure");
  unroll_csv_source_panel_set_source(UNROLL_CSV_SOURCE_PANEL(panel), &src);
  wait_for(panel_problem, panel, 20, "the panel to look for pressure");
  const char *problem = label_text(panel, "csv-source-problem");
  CHECK(strstr(problem, "\"pressure\" is not in the file"), "a gone column: %s", problem);
  snprintf(src.path, sizeof src.path, "%s/gone.csv", tmp_dir);
  unroll_csv_source_panel_set_source(UNROLL_CSV_SOURCE_PANEL(panel), &src);
  wait_for(panel_problem, panel, 20, "the panel to try a gone file");
  problem = label_text(panel, "csv-source-problem");
  CHECK(strstr(problem, "gone.csv"), "a gone file: %s", problem);
  gtk_window_destroy(w);
  ur_csv_free(&csv);
}

typedef struct {
  UnrollCsvImport *dlg;
  gint64 start, last, max_gap, gap_at;
  int ticks;
} Ticker;

/* Counts the gaps between ticks while the file is read, once the dialog
 * is on screen (its first layout and frame are not the read's doing). */
static gboolean tick(gpointer data) {
  Ticker *t = data;
  gint64 now = g_get_monotonic_time();
  gboolean shown = t->dlg && gtk_widget_get_mapped(GTK_WIDGET(t->dlg));
  if (shown && !not_reading(t->dlg)) {
    if (t->last && now - t->last > t->max_gap) t->max_gap = now - t->last, t->gap_at = now - t->start;
    t->ticks++;
    t->last = now;
  }
  return G_SOURCE_CONTINUE;
}

static void test_big_file(void) {
  STEP("a 135 MB file: the loop keeps running while it is read; Cancel");
  /* long rows (a note column) make a big file of few rows: the read takes
   * a while, the windows made after it stay small */
  g_autofree char *path = g_build_filename(tmp_dir, "big.csv", NULL);
  FILE *f = fopen(path, "w");
  char note[201];
  memset(note, 'x', 200);
  note[200] = 0;
  fputs("time,load,temp,note\n", f);
  for (int i = 0; i < 600000; i++)
    fprintf(f, "%04d-%02d-%02dT%02d:00,%.2f,%.1f,%s\n", 1990 + i / 8760, 1 + (i / 720) % 12, 1 + (i / 24) % 28,
            i % 24, 100 + 30 * sin(i / 24.0), 10 + (i % 13) * 0.5, note);
  fclose(f);
  Result r;
  gpointer alive;
  Ticker t = {0};
  guint id = g_timeout_add(5, tick, &t);
  UnrollCsvImport *dlg = open_dialog(path, &r, &alive);
  t.dlg = dlg;
  t.start = g_get_monotonic_time();
  wait_for(not_reading, dlg, 120, "the big file to be read");
  double read_ms = (g_get_monotonic_time() - t.start) / 1000.0, gap_ms = t.max_gap / 1000.0;
  t.dlg = NULL;
  fprintf(stderr, "csv-dialog: read in %.0f ms; %d ticks meanwhile, the longest gap %.0f ms (ending at %.0f ms)\n",
          read_ms, t.ticks, gap_ms, t.gap_at / 1000.0);
  /* read on the UI thread, the loop would stop for the whole read; a busy
   * machine (two CPUs shared with a build) may still delay a tick or two */
  CHECK(t.ticks >= 5, "the main loop ticked %d times in a %.0f ms read", t.ticks, read_ms);
  CHECK(gap_ms < 0.4 * read_ms && gap_ms < 500, "the main loop stalled %.0f ms during a %.0f ms read", gap_ms, read_ms);
  CHECK(!strcmp(page(dlg), "settings"), "the big file failed: %s", label_text(dlg, "csv-error"));
  click(dlg, "csv-cancel"); /* while its windows may still be being made */
  wait_for(is_null, &alive, 5, "Cancel to close the dialog");

  /* Cancel during the read: the dialog goes at once, the worker ends alone */
  dlg = open_dialog(path, &r, &alive);
  gint64 shown = g_get_monotonic_time() + 20000; /* let the dialog appear, but not the file finish */
  while (g_get_monotonic_time() < shown && !not_reading(dlg)) g_main_context_iteration(NULL, FALSE);
  CHECK(!not_reading(dlg), "the big file was read before Cancel");
  /* the dialog leaves the screen at once; the object lives on, unseen,
   * until the worker lets go of it */
  g_object_ref(dlg);
  gint64 t0 = g_get_monotonic_time();
  click(dlg, "csv-cancel");
  wait_for(answered, &r, 2, "Cancel to answer"); /* a button shows itself pressed for a moment first */
  fprintf(stderr, "csv-dialog: Cancel answered after %.0f ms\n", (g_get_monotonic_time() - t0) / 1000.0);
  CHECK(!gtk_widget_get_visible(GTK_WIDGET(dlg)) && !gtk_widget_get_mapped(GTK_WIDGET(dlg)),
        "the dialog is still on screen after Cancel");
  CHECK(r.calls == 1 && !r.accepted && r.destroyed == 1, "Cancel while reading: done %d", r.calls);
  g_object_unref(dlg);
  wait_for(is_null, &alive, 60, "the cancelled read to end and drop the dialog");
  g_source_remove(id);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_csv_dialog WEATHER_CSV [OUTPUT_DIR]\n");
    return 2;
  }
  weather = argv[1];
  out_dir = argc > 2 ? argv[2] : NULL;
  if (!gtk_init_check()) {
    fprintf(stderr, "test_csv_dialog: no display (run it through run-xvfb.sh)\n");
    return 77;
  }
  g_autoptr(GError) e = NULL;
  tmp_dir = g_dir_make_tmp("unroll-csv-import-XXXXXX", &e);
  if (!tmp_dir) {
    fprintf(stderr, "test_csv_dialog: %s\n", e->message);
    return 1;
  }
  /* a stand-in for the workbench, for the dialog to be modal to */
  parent = GTK_WINDOW(gtk_window_new());
  gtk_window_set_title(parent, "Unroll");
  gtk_window_set_default_size(parent, 1280, 800);
  gtk_window_present(parent);
  pump(0.3);
  test_weather();
  test_format();
  test_bad_files();
  test_source_panel();
  test_big_file();
  gtk_window_destroy(parent);
  pump(0.2);
  g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmp_dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp_dir);
  g_free(tmp_dir);
  return check_summary();
}
