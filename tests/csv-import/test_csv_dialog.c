/* test_csv_dialog.c: the CSV import dialog, standalone, on a real display
 * (Xvfb through tests/window/run-xvfb.sh), over a stand-in for the
 * workbench window.  The test drives the dialog's own widgets with the
 * signals a person's clicks and typing give (activate, set_value,
 * set_text), finds them by their names, reads what they show, and waits for
 * each result with a deadline.  What the dialog shows is checked against
 * the engine: the file read with ur_csv_read, the series made with
 * ur_series_make from the settings the widgets show (as training makes it,
 * for the model the dialog was given); the timeline, rendered
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
 *  dates     sunspots, hourly, dates that read both ways
 *            (test_csv_dialog_dates.c)
 *  odd       dates written four more ways; a daily file with gaps
 *            (test_csv_dialog_odd.c)
 *  series    long and wide files, a trend, a WaveNet's windows, a short
 *            series (test_csv_dialog_series.c)
 *  narrow    the dialog at 760 px: the table above the form, nothing
 *            wider than the dialog (test_csv_dialog_layout.c)
 *  bad       empty, header only, ragged, binary junk, text only, 600 MB:
 *            the engine's message in the dialog, naming the line
 *  panel     the Data page's CSV view: the same timeline as the dialog's,
 *            a column gone from the file and a file gone, each named
 *  big       a 135 MB file: the main loop keeps ticking while it is read
 *            (no gap near the read's length), the progress bar moves, and
 *            Cancel closes the dialog at once and stops the reader
 *
 * usage: test_csv_dialog WEATHER_CSV [OUTPUT_DIR]
 */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "csv_dialog_cases.h"
#include "unroll-csv-source-panel.h"
#include "unroll-test-probe.h"

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
  double shown[2]; /* the least and the most progress the bar showed between its ends */
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
    double f = gtk_progress_bar_get_fraction(GTK_PROGRESS_BAR(need(t->dlg, "csv-progress")));
    if (f > 0 && f < 1) {
      if (t->shown[0] == 0 || f < t->shown[0]) t->shown[0] = f;
      if (f > t->shown[1]) t->shown[1] = f;
    }
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
  /* the reader's progress on the bar: it moved while the file was read */
  fprintf(stderr, "csv-dialog: the progress bar went from %.0f %% to %.0f %%\n", t.shown[0] * 100, t.shown[1] * 100);
  CHECK(t.shown[0] > 0 && t.shown[1] > t.shown[0] && t.shown[1] < 1, "the progress shown: %.2f to %.2f", t.shown[0],
        t.shown[1]);
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
  /* Cancel stops the reader itself: its worker lets go of the dialog soon */
  wait_for(is_null, &alive, 3, "the cancelled read to stop and drop the dialog");
  fprintf(stderr, "csv-dialog: the reader stopped %.0f ms after Cancel\n", (g_get_monotonic_time() - t0) / 1000.0);
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
  test_sunspots();
  test_hourly();
  test_ambiguous();
  test_date_forms();
  test_gaps();
  test_irregular();
  test_duplicates();
  test_long();
  test_wide();
  test_trend();
  test_model();
  test_short();
  test_narrow();
  test_long_names();
  test_bad_files();
  test_source_panel();
  test_big_file();
  gtk_window_destroy(parent);
  pump(0.2);
  g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmp_dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp_dir);
  g_free(tmp_dir);
  return dialog_summary();
}
