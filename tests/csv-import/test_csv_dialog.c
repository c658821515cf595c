/* test_csv_dialog.c: the CSV import dialog, standalone, on a real display
 * (Xvfb through tests/window/run-xvfb.sh), over a stand-in for the workbench
 * window.  The test drives the dialog's own widgets with the signals a
 * person's clicks and typing give (activate, set_value, set_text), finds
 * them by name, and waits for each result with a deadline.
 *
 *  weather   tests/data/weather.csv: what was detected (comma, header,
 *            decimal point, 3000 × 4), the columns' roles, the default
 *            picks (temperature against date), the spans and window
 *            counts against ur_series_make's own; humidity as an input;
 *            an impossible lookback (the engine's reason inline, Use off,
 *            no spans) and back; a split by dates (prefilled, then typed;
 *            a typo named); dropping rows (the count in the label); the
 *            timeline as the screen shows it (each span's shade, read back
 *            from the rendered widget); a screenshot; Use hands over the
 *            choice and closes the dialog
 *  format    a semicolon file with decimal commas and day-first dates
 *  bad       empty, header only, ragged, binary junk, text only, 600 MB:
 *            the engine's message in the dialog, naming the line
 *  panel     the Data page's CSV view: the same spans as the dialog's, a
 *            column gone from the file and a file gone, each named
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

static gboolean not_reading(gpointer d) { return unroll_csv_import_get_state(d) != UNROLL_CSV_IMPORT_READING; }
static gboolean settled(gpointer d) { return unroll_csv_import_is_settled(d, NULL); }
static gboolean is_null(gpointer d) { return *(gpointer *)d == NULL; }

/* Lets the dialog's 60 ms debounce start and its worker finish. */
static gboolean settle(UnrollCsvImport *dlg) {
  wait_for(is_null, &(gpointer){NULL}, 0, ""); /* one pass of the loop: the edit's timeout is armed */
  return wait_for(settled, dlg, 20, "the settings to be made into a series");
}

/* A pause that keeps the main loop running (rendering, workers' results). */
static void pump(double seconds) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
  while (g_get_monotonic_time() < end) {
    while (g_main_context_iteration(NULL, FALSE)) {}
    g_usleep(5000);
  }
}

/* ---- the dialog's widgets ---------------------------------------------- */

static GtkWidget *find(GtkWidget *w, const char *name) {
  if (!g_strcmp0(gtk_widget_get_name(w), name)) return w;
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *hit = find(c, name);
    if (hit) return hit;
  }
  return NULL;
}

static GtkWidget *need(UnrollCsvImport *dlg, const char *name) {
  GtkWidget *w = find(GTK_WIDGET(dlg), name);
  CHECK(w != NULL, "no widget named %s in the dialog", name);
  if (!w) exit(check_summary());
  return w;
}

static const char *label_text(UnrollCsvImport *dlg, const char *name) {
  return gtk_label_get_text(GTK_LABEL(need(dlg, name)));
}

static void set_spin(UnrollCsvImport *dlg, const char *name, double v) {
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(need(dlg, name)), v);
}

/* A click on a check or radio button. */
static void click(UnrollCsvImport *dlg, const char *name) { gtk_widget_activate(need(dlg, name)); }

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

/* Renders the widget as the window does and checks the middle of each span
 * has the span's shade, laid out as chart_draw_timeline lays it out. */
static void check_rendered_timeline(UnrollCsvImport *dlg) {
  GtkWidget *tl = GTK_WIDGET(unroll_csv_import_get_timeline(dlg));
  const chart_timeline_input *in = unroll_csv_timeline_get_input(UNROLL_CSV_TIMELINE(tl));
  int w = gtk_widget_get_width(tl), h = gtk_widget_get_height(tl);
  CHECK(w > 300 && h > 150, "the timeline is only %d × %d", w, h);
  GdkPaintable *p = gtk_widget_paintable_new(tl);
  GtkSnapshot *snap = gtk_snapshot_new();
  gdk_paintable_snapshot(p, snap, w, h);
  GskRenderNode *node = gtk_snapshot_free_to_node(snap);
  CHECK(node != NULL, "the timeline drew nothing");
  if (!node) {
    g_object_unref(p);
    return;
  }
  GskRenderer *renderer = gtk_native_get_renderer(gtk_widget_get_native(tl));
  GdkTexture *tex = gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, w, h));
  guchar *px = g_malloc((gsize)w * h * 4);
  gdk_texture_download(tex, px, (gsize)w * 4);
  /* the same layout on a scratch surface gives the plot area */
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
      const guchar *q = px + ((size_t)y * w + x) * 4; /* B G R A, as Cairo's ARGB32 in memory */
      hit += fabs(q[2] / 255.0 - want[0]) < 0.04 && fabs(q[1] / 255.0 - want[1]) < 0.04 &&
             fabs(q[0] / 255.0 - want[2]) < 0.04;
    }
    CHECK(n && hit > n * 0.55, "span %d on screen: %d of %d pixels at x=%d have its shade", k, hit, n, x);
  }
  if (out_dir) {
    g_autofree char *path = g_build_filename(out_dir, "csv-dialog-timeline.png", NULL);
    gdk_texture_save_to_png(tex, path);
  }
  g_free(px);
  g_object_unref(tex);
  gsk_render_node_unref(node);
  g_object_unref(p);
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

static void check_spans(UnrollCsvImport *dlg, const ur_series_config *cfg, const char *what) {
  ur_series s;
  char err[512];
  const chart_timeline_input *in = unroll_csv_timeline_get_input(unroll_csv_import_get_timeline(dlg));
  if (ur_series_make(unroll_csv_import_get_table(dlg), cfg, NULL, 0, &s, err, sizeof err) != 0) {
    CHECK(0, "%s: the engine refuses the dialog's settings: %s", what, err);
    return;
  }
  CHECK(in->n == s.n_rows && in->train_end == s.train_end && in->valid_end == s.valid_end && in->has_time == s.has_time,
        "%s: the timeline shows %d rows split at %d, %d; the engine %d rows at %d, %d", what, in->n, in->train_end,
        in->valid_end, s.n_rows, s.train_end, s.valid_end);
  CHECK(in->windows[0] == s.train.n && in->windows[1] == s.valid.n && in->windows[2] == s.test.n,
        "%s: windows %d/%d/%d on the timeline, %d/%d/%d from the engine", what, in->windows[0], in->windows[1],
        in->windows[2], s.train.n, s.valid.n, s.test.n);
  g_autofree char *want =
      g_strdup_printf("%d training, %d validation, %d test windows", s.train.n, s.valid.n, s.test.n);
  CHECK(strstr(label_text(dlg, "csv-status"), want), "%s: the status says “%s”, not “%s”", what,
        label_text(dlg, "csv-status"), want);
  ur_series_free(&s);
}

static gboolean settled_ok(UnrollCsvImport *dlg, const char *what) {
  gboolean ok = FALSE;
  if (!settle(dlg)) return FALSE;
  unroll_csv_import_is_settled(dlg, &ok);
  CHECK(ok, "%s: the settings should work: %s", what, unroll_csv_import_get_error(dlg));
  return ok;
}

static void settled_error(UnrollCsvImport *dlg, const char *what, const char *expect) {
  gboolean ok = TRUE;
  settle(dlg);
  unroll_csv_import_is_settled(dlg, &ok);
  const char *e = unroll_csv_import_get_error(dlg);
  CHECK(!ok && e && strstr(e, expect), "%s: expected an error with “%s”, got %s", what, expect, e ? e : "none");
  CHECK(e && strstr(label_text(dlg, "csv-status"), e), "%s: the error is not shown inline", what);
  CHECK(!gtk_widget_get_sensitive(need(dlg, "csv-use")), "%s: Use is on with impossible settings", what);
  CHECK(unroll_csv_timeline_get_input(unroll_csv_import_get_timeline(dlg))->train_end < 0,
        "%s: the timeline still shows spans", what);
}

static void test_weather(void) {
  STEP("weather.csv: detection, picks, spans, inputs, errors, dates, drop, Use");
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg = open_dialog(weather, &r, &alive);
  if (!wait_for(not_reading, dlg, 30, "weather.csv to be read")) return;
  CHECK(unroll_csv_import_get_state(dlg) == UNROLL_CSV_IMPORT_READY, "weather.csv not read: %s",
        unroll_csv_import_get_error(dlg));
  const ur_csv *csv = unroll_csv_import_get_table(dlg);
  if (!csv) return;
  const char *fmt = label_text(dlg, "csv-format");
  CHECK(strstr(fmt, "Comma-separated") && strstr(fmt, "a header row") && strstr(fmt, "decimal point") &&
        strstr(fmt, "3000 rows × 4 columns"), "format line: %s", fmt);
  int date = ur_csv_find(csv, "date"), station = ur_csv_find(csv, "station"), temp = ur_csv_find(csv, "temperature"),
      hum = ur_csv_find(csv, "humidity");
  CHECK(date == 0 && station == 1 && temp == 2 && hum == 3, "columns %d %d %d %d", date, station, temp, hum);
  GString *table = g_string_new(NULL);
  texts(need(dlg, "csv-columns"), table);
  CHECK(strstr(table->str, "date|dates|0|0|date|") && strstr(table->str, "station|text|0|0|input|") &&
        strstr(table->str, "temperature|numbers|31|1|target|") && strstr(table->str, "humidity|numbers|23|0|input|"),
        "the columns table reads %s", table->str);
  g_string_free(table, TRUE);
  CHECK(!gtk_widget_get_sensitive(need(dlg, "csv-input-1")), "a text column can be ticked as an input");
  CHECK(gtk_widget_get_sensitive(need(dlg, "csv-input-3")), "humidity cannot be ticked as an input");
  if (!settled_ok(dlg, "defaults")) return;
  ur_series_config cfg;
  unroll_csv_import_get_config(dlg, &cfg);
  CHECK(cfg.target == temp && cfg.date == date && cfg.n_inputs == 0 && cfg.lookback == 50,
        "default picks: target %d, date %d, %d inputs, lookback %d", cfg.target, cfg.date, cfg.n_inputs, cfg.lookback);
  check_spans(dlg, &cfg, "defaults");
  int cells, rows = count_nan_rows(csv, temp, -1, &cells);
  g_autofree char *interp = g_strdup_printf("_Interpolate %d cells", cells);
  const char *shown = gtk_check_button_get_label(GTK_CHECK_BUTTON(need(dlg, "csv-missing-interpolate")));
  CHECK(!strcmp(shown, interp), "missing: %s, expected %s", shown, interp);

  STEP("humidity as an input");
  click(dlg, "csv-input-3");
  if (!settled_ok(dlg, "humidity")) return;
  unroll_csv_import_get_config(dlg, &cfg);
  CHECK(cfg.n_inputs == 1 && cfg.inputs[0] == hum, "inputs: %d (%d)", cfg.n_inputs, cfg.inputs[0]);
  CHECK(strstr(label_text(dlg, "csv-status"), "temperature and humidity"), "status: %s", label_text(dlg, "csv-status"));
  check_spans(dlg, &cfg, "humidity");
  rows = count_nan_rows(csv, temp, hum, &cells);
  g_autofree char *drop = g_strdup_printf("_Drop %d rows", rows);
  shown = gtk_check_button_get_label(GTK_CHECK_BUTTON(need(dlg, "csv-missing-drop")));
  CHECK(!strcmp(shown, drop), "drop: %s, expected %s", shown, drop);

  STEP("an impossible lookback, and back");
  set_spin(dlg, "csv-lookback", 5000);
  settled_error(dlg, "lookback 5000", "too short");
  set_spin(dlg, "csv-lookback", 50);
  if (!settled_ok(dlg, "lookback 50")) return;

  STEP("split by dates");
  click(dlg, "csv-by-dates");
  const char *v0 = gtk_editable_get_text(GTK_EDITABLE(need(dlg, "csv-valid-from")));
  const char *t0 = gtk_editable_get_text(GTK_EDITABLE(need(dlg, "csv-test-from")));
  char want0[40], want1[40]; /* where the 70/20 fractions put the boundaries: rows 2100 and 2700 */
  chart_format_date(csv->cols[date].values[2100], 0, want0, sizeof want0);
  chart_format_date(csv->cols[date].values[2700], 0, want1, sizeof want1);
  CHECK(!strcmp(v0, want0) && !strcmp(t0, want1), "prefilled dates %s and %s, not %s and %s", v0, t0, want0, want1);
  if (!settled_ok(dlg, "prefilled dates")) return;
  CHECK(unroll_csv_timeline_get_input(unroll_csv_import_get_timeline(dlg))->train_end == 2100,
        "the prefilled dates moved the split");
  gtk_editable_set_text(GTK_EDITABLE(need(dlg, "csv-valid-from")), "2021-01-01");
  gtk_editable_set_text(GTK_EDITABLE(need(dlg, "csv-test-from")), "2022-01-01");
  if (!settled_ok(dlg, "typed dates")) return;
  unroll_csv_import_get_config(dlg, &cfg);
  CHECK(!isnan(cfg.valid_from) && !isnan(cfg.test_from), "the dates are not in the settings");
  check_spans(dlg, &cfg, "typed dates");
  const chart_timeline_input *in = unroll_csv_timeline_get_input(unroll_csv_import_get_timeline(dlg));
  CHECK(in->train_end == 2192 && in->valid_end == 2557, "2021-01-01 and 2022-01-01 split at %d, %d", in->train_end,
        in->valid_end);
  gtk_editable_set_text(GTK_EDITABLE(need(dlg, "csv-test-from")), "2022-13-45");
  settled_error(dlg, "a typo in a date", "is not a date");
  gtk_editable_set_text(GTK_EDITABLE(need(dlg, "csv-test-from")), "2022-01-01");
  if (!settled_ok(dlg, "the typo fixed")) return;
  click(dlg, "csv-by-fractions");

  STEP("drop rows");
  click(dlg, "csv-missing-drop");
  if (!settled_ok(dlg, "drop")) return;
  CHECK(unroll_csv_timeline_get_input(unroll_csv_import_get_timeline(dlg))->n == 3000 - rows, "dropping left %d rows",
        unroll_csv_timeline_get_input(unroll_csv_import_get_timeline(dlg))->n);
  unroll_csv_import_get_config(dlg, &cfg);
  check_spans(dlg, &cfg, "drop");
  click(dlg, "csv-missing-interpolate");
  if (!settled_ok(dlg, "interpolate")) return;

  STEP("the timeline on screen");
  pump(0.6);
  check_rendered_timeline(dlg);
  screenshot("csv-dialog.png");

  STEP("the state the end-to-end tests read");
  GKeyFile *kf = g_key_file_new();
  unroll_csv_import_dump_state(dlg, kf, "csv-import");
  g_autofree char *st = g_key_file_get_string(kf, "csv-import", "state", NULL);
  g_autofree char *tg = g_key_file_get_string(kf, "csv-import", "target", NULL);
  g_autofree char *at_h = g_key_file_get_string(kf, "csv-import", "at.input.humidity", NULL);
  g_autofree char *at_use = g_key_file_get_string(kf, "csv-import", "at.use", NULL);
  CHECK(!g_strcmp0(st, "ready") && !g_strcmp0(tg, "temperature") && at_h && at_use &&
        g_key_file_get_integer(kf, "csv-import", "inputs", NULL) == 1 &&
        g_key_file_get_boolean(kf, "csv-import", "settled", NULL),
        "state dump: %s, %s, humidity at %s, Use at %s", st, tg, at_h, at_use);
  g_key_file_unref(kf);

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
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg = open_dialog(path, &r, &alive);
  if (!wait_for(not_reading, dlg, 20, "semicolon.csv to be read")) return;
  const char *fmt = label_text(dlg, "csv-format");
  CHECK(strstr(fmt, "Semicolon-separated") && strstr(fmt, "decimal comma") && strstr(fmt, "200 rows × 3 columns"),
        "format line: %s", fmt);
  if (settled_ok(dlg, "semicolons")) { /* 02/01/2024 is the 2nd of January: the 13th row is 13/01 */
    const chart_timeline_input *in = unroll_csv_timeline_get_input(unroll_csv_import_get_timeline(dlg));
    CHECK(in->has_time && in->time[0] == 1704067200.0 && in->time[1] == 1704067200.0 + 86400 &&
          in->values[0] == 10.0f && in->values[1] == 11.01f, "the first rows: time %.0f, %.0f, values %g %g",
          in->time[0], in->time[1], in->values[0], in->values[1]);
  }
  /* 140 training rows cannot hold a window of 191 */
  set_spin(dlg, "csv-lookback", 190);
  settled_error(dlg, "200 rows, lookback 190", "too short");
  set_spin(dlg, "csv-lookback", 10);
  settled_ok(dlg, "lookback 10");
  click(dlg, "csv-cancel");
  wait_for(is_null, &alive, 5, "Cancel to close the dialog");
  CHECK(r.calls == 1 && !r.accepted && r.destroyed == 1, "Cancel: done %d, accepted %d", r.calls, r.accepted);
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
    } else { /* 600 MB, sparse: refused before a byte is read */
      path = g_build_filename(tmp_dir, "huge.csv", NULL);
      FILE *f = fopen(path, "wb");
      CHECK(f && ftruncate(fileno(f), (off_t)600 << 20) == 0, "cannot make a sparse 600 MB file");
      if (f) fclose(f);
      expect = "512 MiB";
    }
    STEP("bad file %s", path);
    Result r;
    gpointer alive;
    UnrollCsvImport *dlg = open_dialog(path, &r, &alive);
    if (!wait_for(not_reading, dlg, 20, "a bad file to be read")) continue;
    if (unroll_csv_import_get_state(dlg) == UNROLL_CSV_IMPORT_FAILED) {
      ur_csv csv;
      char err[1024];
      CHECK(ur_csv_read(path, &csv, err, sizeof err) != 0, "the engine reads %s", path);
      CHECK(!strcmp(label_text(dlg, "csv-error"), err), "the dialog says “%s”, the engine “%s”",
            label_text(dlg, "csv-error"), err);
      CHECK(strstr(err, expect), "%s: “%s” lacks “%s”", path, err, expect);
      CHECK(!gtk_widget_get_sensitive(need(dlg, "csv-use")), "Use is on for a file that failed");
    } else {
      settled_error(dlg, path, expect);
    }
    if (i == 0) screenshot("csv-dialog-bad-file.png");
    click(dlg, "csv-cancel");
    wait_for(is_null, &alive, 5, "the dialog to close");
    CHECK(r.calls == 1 && !r.accepted, "%s: done %d, accepted %d", path, r.calls, r.accepted);
  }
}

static gboolean panel_settled(gpointer d) { return unroll_csv_source_panel_is_settled(d, NULL); }

static void test_source_panel(void) {
  STEP("the Data page's CSV view");
  GtkWindow *w = GTK_WINDOW(gtk_window_new());
  gtk_window_set_default_size(w, 900, 360);
  GtkWidget *panel = unroll_csv_source_panel_new();
  gtk_window_set_child(w, panel);
  gtk_window_present(w);
  ur_csv csv;
  char err[512];
  if (ur_csv_read(weather, &csv, err, sizeof err) != 0) {
    CHECK(0, "%s", err);
    return;
  }
  ur_series_config cfg;
  ur_series_config_default(&cfg);
  cfg.target = 2, cfg.date = 0, cfg.inputs[0] = 3, cfg.n_inputs = 1;
  ur_csv_source src;
  ur_csv_source_set(&src, weather, &csv, &cfg);
  unroll_csv_source_panel_set_source(UNROLL_CSV_SOURCE_PANEL(panel), &src);
  wait_for(panel_settled, panel, 20, "the panel to read the file");
  const char *problem = NULL;
  unroll_csv_source_panel_is_settled(UNROLL_CSV_SOURCE_PANEL(panel), &problem);
  CHECK(!problem, "the panel says %s", problem);
  GtkWidget *tl = find(panel, "csv-timeline");
  const chart_timeline_input *in = unroll_csv_timeline_get_input(UNROLL_CSV_TIMELINE(tl));
  CHECK(in->train_end == 2100 && in->valid_end == 2700 && in->windows[0] == 2050, "panel spans %d, %d, %d windows",
        in->train_end, in->valid_end, in->windows[0]);
  CHECK(strstr(gtk_label_get_text(GTK_LABEL(find(panel, "csv-source-summary"))), "temperature and humidity"),
        "summary: %s", gtk_label_get_text(GTK_LABEL(find(panel, "csv-source-summary"))));
  pump(0.3);
  screenshot("csv-source-panel.png");
  snprintf(src.inputs[0], sizeof src.inputs[0], "pressure");
  unroll_csv_source_panel_set_source(UNROLL_CSV_SOURCE_PANEL(panel), &src);
  wait_for(panel_settled, panel, 20, "the panel to look for pressure");
  unroll_csv_source_panel_is_settled(UNROLL_CSV_SOURCE_PANEL(panel), &problem);
  CHECK(problem && strstr(problem, "\"pressure\" is not in the file"), "a gone column: %s", problem);
  snprintf(src.path, sizeof src.path, "%s/gone.csv", tmp_dir);
  unroll_csv_source_panel_set_source(UNROLL_CSV_SOURCE_PANEL(panel), &src);
  wait_for(panel_settled, panel, 20, "the panel to try a gone file");
  unroll_csv_source_panel_is_settled(UNROLL_CSV_SOURCE_PANEL(panel), &problem);
  CHECK(problem && strstr(problem, "gone.csv"), "a gone file: %s", problem);
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
  if (shown && unroll_csv_import_get_state(t->dlg) == UNROLL_CSV_IMPORT_READING) {
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
  CHECK(unroll_csv_import_get_state(dlg) == UNROLL_CSV_IMPORT_READY, "the big file failed: %s",
        unroll_csv_import_get_error(dlg));
  click(dlg, "csv-cancel"); /* while its windows may still be being made */
  wait_for(is_null, &alive, 5, "Cancel to close the dialog");

  /* Cancel during the read: the dialog goes at once, the worker ends alone */
  dlg = open_dialog(path, &r, &alive);
  gint64 shown = g_get_monotonic_time() + 20000; /* let the dialog appear, but not the file finish */
  while (g_get_monotonic_time() < shown && unroll_csv_import_get_state(dlg) == UNROLL_CSV_IMPORT_READING)
    g_main_context_iteration(NULL, FALSE);
  CHECK(unroll_csv_import_get_state(dlg) == UNROLL_CSV_IMPORT_READING, "the big file was read before Cancel");
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
