/* test_csv_dialog_dates.c: the import dialog's dates (cases of
 * test_csv_dialog, see csv_dialog_cases.h):
 *
 *  sunspots   YEAR,SUNACTIVITY: YEAR is the time axis (read as "year",
 *             %Y) and SUNACTIVITY the target, the only one offered; a
 *             yearly step, no season; a lookback of a third of the 70
 *             training years (23), the engine's series for it; the few
 *             validation windows warned of; the log transform refused
 *             inline (a year of no sunspots), then undone
 *  hourly     "2010/01/01 00:00": its format in words and as strftime, an
 *             hourly step and a season of 24; a wrong format typed and read
 *             again (every cell unreadable, the first named in red, the
 *             engine's reason), the right one typed back: Use hands over a
 *             source that keeps it
 *  ambiguous  "05/01/2015" where no day is above 12: the dialog says every
 *             date reads both ways and offers day or month first; month
 *             first reads the file again (a daily step instead of a monthly
 *             one), day first back; the choice is kept in the source
 */
#include <math.h>
#include <string.h>
#include "csv_dialog_cases.h"

static gboolean reread_done(gpointer d) {
  return !strcmp(page(d), "settings") && gtk_widget_is_sensitive(need(d, "csv-target")) &&
         (use_on(d) || refused(d));
}

/* Types a format in the entry and reads the file again with it: Enter
 * (at once), or Read Again (whose "clicked" comes a moment later; the
 * words beside the format then change to `words`). */
static void read_with(UnrollCsvImport *dlg, const char *format, const char *words) {
  gtk_editable_set_text(GTK_EDITABLE(need(dlg, "csv-date-format")), format);
  CHECK(gtk_widget_get_sensitive(need(dlg, "csv-reread")), "Read Again is off for a new format %s", format);
  if (!words) {
    g_signal_emit_by_name(need(dlg, "csv-date-format"), "activate");
  } else {
    click(dlg, "csv-reread");
    for (gint64 end = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
         g_get_monotonic_time() < end && strcmp(label_text(dlg, "csv-date-words"), words);)
      pump(0.01);
  }
  wait_for(reread_done, dlg, 20, "the file read again");
}

void test_sunspots(void) {
  STEP("sunspots.csv: YEAR against SUNACTIVITY, a lookback 100 years fit, the log transform refused");
  g_autofree char *path = data_file("sunspots.csv");
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(path, &csv, &r, &alive, &dlg)) return;
  CHECK(!strcmp(chosen(dlg, "csv-date"), "YEAR") && !strcmp(chosen(dlg, "csv-target"), "SUNACTIVITY"),
        "the picks: %s against %s", chosen(dlg, "csv-target"), chosen(dlg, "csv-date"));
  GListModel *targets = gtk_drop_down_get_model(GTK_DROP_DOWN(need(dlg, "csv-target")));
  CHECK(g_list_model_get_n_items(targets) == 1, "%u targets offered: a year is never the target",
        g_list_model_get_n_items(targets));
  CHECK(!strcmp(entry_text(dlg, "csv-date-format"), "%Y") && !strcmp(label_text(dlg, "csv-date-words"), "year"),
        "the format: %s (%s)", entry_text(dlg, "csv-date-format"), label_text(dlg, "csv-date-words"));
  ur_series s;
  if (!settled_on(dlg, &csv, path, "sunspots", &s)) return;
  int lookback = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-lookback")));
  CHECK(lookback == 23 && s.parts[0].train_end == 70, "a lookback of %d for %ld training years, not 70 / 3",
        lookback, s.parts[0].train_end);
  CHECK(g_str_has_prefix(label_text(dlg, "csv-found"), "Yearly step"), "found: %s", label_text(dlg, "csv-found"));
  CHECK(strstr(label_text(dlg, "csv-season-words"), "none for a yearly step"), "season: %s",
        label_text(dlg, "csv-season-words"));
  g_autofree char *few = g_strdup_printf("Only %d validation windows", s.valid.n);
  CHECK(gtk_widget_get_visible(need(dlg, "csv-warnings")) && strstr(label_text(dlg, "csv-warnings"), few),
        "warnings: “%s”, not “%s”", label_text(dlg, "csv-warnings"), few);
  ur_series_free(&s);

  STEP("the log transform of a series with zeros");
  gtk_drop_down_set_selected(GTK_DROP_DOWN(need(dlg, "csv-transform")), UR_TRANSFORM_LOG);
  settled_error(dlg, &csv, "log of zeros", "the log transform needs positive values");
  GtkWidget *words = need(dlg, "csv-transform-words");
  CHECK(gtk_widget_has_css_class(words, "error") && strstr(label_text(dlg, "csv-transform-words"), "is 0 at row"),
        "the transform's line: %s", label_text(dlg, "csv-transform-words"));
  screenshot("csv-dialog-log.png");
  gtk_drop_down_set_selected(GTK_DROP_DOWN(need(dlg, "csv-transform")), UR_TRANSFORM_WINDOW);
  if (!settled_on(dlg, &csv, path, "the window transform again", NULL)) return;
  CHECK(!gtk_widget_has_css_class(words, "error"), "the transform's line stays red");
  close_case(dlg, &alive, &csv, "csv-cancel");
}

void test_hourly(void) {
  STEP("hourly.csv: the format in words and as strftime; a format typed and read again");
  g_autofree char *path = data_file("hourly.csv");
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(path, &csv, &r, &alive, &dlg)) return;
  CHECK(!strcmp(entry_text(dlg, "csv-date-format"), "%Y/%m/%d %H:%M") &&
        !strcmp(label_text(dlg, "csv-date-words"), "year/month/day and time") &&
        !gtk_widget_get_sensitive(need(dlg, "csv-reread")),
        "the format: %s (%s)", entry_text(dlg, "csv-date-format"), label_text(dlg, "csv-date-words"));
  if (!settled_on(dlg, &csv, path, "hourly", NULL)) return;
  CHECK(g_str_has_prefix(label_text(dlg, "csv-found"), "Hourly step") &&
        !strcmp(label_text(dlg, "csv-season-words"), "24 steps (hourly)"),
        "found: %s; season: %s", label_text(dlg, "csv-found"), label_text(dlg, "csv-season-words"));
  ur_csv_free(&csv);

  read_with(dlg, "%d/%m/%Y %H:%M", NULL);
  GtkWidget *words = need(dlg, "csv-date-words");
  CHECK(gtk_widget_has_css_class(words, "error") && strstr(label_text(dlg, "csv-date-words"), "2880 cells unreadable") &&
        strstr(label_text(dlg, "csv-date-words"), "line 2: “2010/01/01 00:00”"),
        "a format that reads nothing: %s", label_text(dlg, "csv-date-words"));
  if (!read_csv(path, "%d/%m/%Y %H:%M", "time", &csv)) return;
  settled_error(dlg, &csv, "a format that reads nothing", "no row with a date");
  ur_csv_free(&csv);

  read_with(dlg, "%Y/%m/%d %H:%M", "your format");
  if (!read_csv(path, "%Y/%m/%d %H:%M", "time", &csv)) return;
  CHECK(!gtk_widget_has_css_class(words, "error") && !strcmp(label_text(dlg, "csv-date-words"), "your format"),
        "the format typed back: %s", label_text(dlg, "csv-date-words"));
  if (!settled_on(dlg, &csv, path, "the format typed back", NULL)) return;
  click(dlg, "csv-use");
  wait_for(is_null, &alive, 5, "Use to close the dialog");
  CHECK(r.accepted && !strcmp(r.source.date, "time") && !strcmp(r.source.date_format, "%Y/%m/%d %H:%M") &&
        !strcmp(r.source.target, "temp"), "the source: date %s, format %s", r.source.date, r.source.date_format);
  ur_csv_free(&csv);
}

static gboolean format_is(UnrollCsvImport *dlg, const char *format) {
  return reread_done(dlg) && !strcmp(entry_text(dlg, "csv-date-format"), format);
}
static gboolean month_first_read(gpointer d) { return format_is(d, "%m/%d/%Y"); }
static gboolean day_first_read(gpointer d) { return format_is(d, "%d/%m/%Y"); }

void test_ambiguous(void) {
  STEP("dates that read both ways: day first or month first");
  GString *t = g_string_new("date,value\n");
  for (int m = 0; m < 60; m++) g_string_append_printf(t, "05/%02d/%04d,%.2f\n", m % 12 + 1, 2015 + m / 12, 10 + m * 0.1);
  g_autofree char *path = write_tmp("ambiguous.csv", t->str, (gssize)t->len);
  g_string_free(t, TRUE);
  ur_csv csv;
  if (!read_csv(path, NULL, NULL, &csv)) return;
  CHECK(!strcmp(csv.cols[0].date_format, "%d/%m/%Y") && !strcmp(csv.cols[0].date_alternative, "%m/%d/%Y"),
        "the engine reads %s or %s", csv.cols[0].date_format, csv.cols[0].date_alternative);
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg = open_dialog(path, &r, &alive);
  if (!wait_for(not_reading, dlg, 20, "ambiguous.csv to be read")) return;
  CHECK(gtk_widget_is_visible(need(dlg, "csv-day-first")) && active(dlg, "csv-day-first") &&
        !strcmp(label_text(dlg, "csv-date-words"), "every date reads both ways:"),
        "the choice: shown %d, day first %d, %s", gtk_widget_is_visible(need(dlg, "csv-day-first")),
        active(dlg, "csv-day-first"), label_text(dlg, "csv-date-words"));
  if (!settled_on(dlg, &csv, path, "day first", NULL)) return;
  CHECK(g_str_has_prefix(label_text(dlg, "csv-found"), "Monthly step"), "day first: %s", label_text(dlg, "csv-found"));
  /* the choice's words take no room from the columns' table: its last column shows whole */
  graphene_rect_t box;
  GtkWidget *table = need(dlg, "csv-columns");
  CHECK(gtk_widget_compute_bounds(need(dlg, "csv-series-1"), table, &box) &&
        box.origin.x + box.size.width <= gtk_widget_get_width(table), "the value's Series box ends at %.0f, the table at %d",
        box.origin.x + box.size.width, gtk_widget_get_width(table));
  screenshot("csv-dialog-ambiguous.png");
  ur_csv_free(&csv);

  click(dlg, "csv-month-first");
  if (!wait_for(month_first_read, dlg, 20, "the file read month first")) return;
  if (!read_csv(path, "%m/%d/%Y", "date", &csv)) return;
  CHECK(active(dlg, "csv-month-first") && gtk_widget_is_visible(need(dlg, "csv-month-first")),
        "month first is not shown chosen");
  if (!settled_on(dlg, &csv, path, "month first", NULL)) return;
  CHECK(g_str_has_prefix(label_text(dlg, "csv-found"), "Daily step"), "month first: %s", label_text(dlg, "csv-found"));
  ur_csv_free(&csv);

  click(dlg, "csv-day-first");
  if (!wait_for(day_first_read, dlg, 20, "the file read day first again")) return;
  if (!read_csv(path, "%d/%m/%Y", "date", &csv)) return;
  if (!settled_on(dlg, &csv, path, "day first again", NULL)) return;
  click(dlg, "csv-use");
  wait_for(is_null, &alive, 5, "Use to close the dialog");
  CHECK(r.accepted && !strcmp(r.source.date_format, "%d/%m/%Y"), "the source keeps “%s”", r.source.date_format);
  ur_csv_free(&csv);
}
