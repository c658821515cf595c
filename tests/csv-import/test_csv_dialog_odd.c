/* test_csv_dialog_odd.c: files from the world that tests/data does not
 * hold (cases of test_csv_dialog, see csv_dialog_cases.h), written here
 * so that each case says what is in it:
 *
 *  forms  one file a date form: day first with days past 12
 *         ("05/12/2026"), ISO with a T and minutes ("2026-12-05T10:00"),
 *         a month name ("Dec 5 2026"), Unix seconds under "timestamp", and
 *         a reading every minute (no season, said in words).
 *         Each: the date column and the target a person would pick, the
 *         format as strftime and in words, no day/month choice (the days
 *         decide), the step found from the dates, the engine's series
 *  irregular  readings 10 minutes to 2 hours apart: an irregular step
 *  duplicates one day twice: the two lines named, Use off
 *  gaps   a daily file with 12 days missing: the gaps counted in what was
 *         found and on the missing-value choices; Drop splits the series
 *         at them, and the engine's series for it is the one shown
 */
#include <string.h>
#include "csv_dialog_cases.h"

typedef struct {
  const char *name, *header, *format, *words, *step;
  long step_seconds;
  const char *season; /* the words beside the season */
} date_form;

/* 2026-12-01 00:00 UTC, and a value with a weekly swing on a slow rise. */
#define T0 1796083200L

static char *make_file(const date_form *f, int rows, const int *skip, int n_skip) {
  GString *t = g_string_new(f->header);
  g_string_append_c(t, '\n');
  for (int i = 0, k = 0; i < rows; i++) {
    if (k < n_skip && skip[k] == i) {
      k++;
      continue;
    }
    char date[64];
    double when = (double)(T0 + f->step_seconds * i);
    if (!strcmp(f->format, "%s")) g_snprintf(date, sizeof date, "%ld", T0 + f->step_seconds * i);
    else if (ur_date_format(when, f->format, date, sizeof date) < 0) g_strlcpy(date, "?", sizeof date);
    if (!strcmp(f->format, "%b %d %Y") && date[4] == '0') memmove(date + 4, date + 5, strlen(date + 4)); /* "Dec 5 2026" */
    g_string_append_printf(t, "%s,%.3f\n", date, 20 + 0.02 * i + 3 * ((i % 7) - 3));
  }
  char *path = write_tmp(f->name, t->str, (gssize)t->len);
  g_string_free(t, TRUE);
  return path;
}

static void check_form(const date_form *f) {
  STEP("%s: %s", f->name, f->words);
  g_autofree char *path = make_file(f, 120, NULL, 0);
  ur_csv csv;
  if (!read_csv(path, NULL, NULL, &csv)) return;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg = open_dialog(path, &r, &alive);
  if (!wait_for(not_reading, dlg, 20, f->name)) return;
  g_autofree char *date = g_strndup(f->header, strcspn(f->header, ","));
  CHECK(!strcmp(chosen(dlg, "csv-date"), date) && !strcmp(chosen(dlg, "csv-target"), "value"),
        "%s: the picks %s against %s", f->name, chosen(dlg, "csv-target"), chosen(dlg, "csv-date"));
  CHECK(!strcmp(entry_text(dlg, "csv-date-format"), f->format) && !strcmp(label_text(dlg, "csv-date-words"), f->words),
        "%s: the format %s (%s), not %s (%s)", f->name, entry_text(dlg, "csv-date-format"),
        label_text(dlg, "csv-date-words"), f->format, f->words);
  CHECK(!gtk_widget_is_visible(need(dlg, "csv-day-first")), "%s: a day/month choice where the days decide", f->name);
  /* the date column's box shows its role, ticked, and no input comes of it */
  GtkCheckButton *box = GTK_CHECK_BUTTON(need(dlg, "csv-input-0"));
  CHECK(gtk_check_button_get_active(box) && !strcmp(gtk_check_button_get_label(box), "date") &&
        !gtk_widget_get_sensitive(GTK_WIDGET(box)), "%s: the date's box: ticked %d, “%s”", f->name,
        gtk_check_button_get_active(box), gtk_check_button_get_label(box));
  ur_series s;
  if (settled_on(dlg, &csv, path, f->name, &s)) {
    CHECK(g_str_has_prefix(label_text(dlg, "csv-found"), f->step) && s.has_time && s.n_rows == 120 && s.n_features == 1,
          "%s: found “%s”, not “%s…”; %d rows, %d features", f->name, label_text(dlg, "csv-found"), f->step, s.n_rows,
          s.n_features);
    CHECK(!strcmp(label_text(dlg, "csv-season-words"), f->season), "%s: the season “%s”, not “%s”", f->name,
          label_text(dlg, "csv-season-words"), f->season);
    /* the first instant on the series' axis is the file's first date */
    CHECK(ur_series_time(&s, 0, 0) == (double)T0, "%s: the series starts at %.0f, not %ld", f->name,
          ur_series_time(&s, 0, 0), T0);
    ur_series_free(&s);
  }
  close_case(dlg, &alive, &csv, "csv-cancel");
}

void test_date_forms(void) {
  static const date_form forms[] = {
      {"day-first.csv", "date,value", "%d/%m/%Y", "day/month/year", "Daily step", 86400, "7 steps (daily)"},
      {"iso-t.csv", "when,value", "%Y-%m-%dT%H:%M", "ISO 8601 date and time", "Hourly step", 3600, "24 steps (hourly)"},
      {"month-name.csv", "Date,value", "%b %d %Y", "month name, day, year", "Daily step", 86400, "7 steps (daily)"},
      {"unix.csv", "timestamp,value", "%s", "Unix seconds", "Hourly step", 3600, "24 steps (hourly)"},
      {"minutes.csv", "time,value", "%Y-%m-%d %H:%M", "ISO 8601 date and time", "A step every minute", 60,
       "none for a step every minute"},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) check_form(&forms[i]);
}

static gboolean drop_chosen(gpointer d) { return active(d, "csv-missing-drop"); }

void test_gaps(void) {
  STEP("gaps.csv: 12 days missing, counted, filled in time or split at");
  static const date_form f = {"gaps.csv", "date,value", "%Y-%m-%d", "ISO 8601 date", "Daily step", 86400, NULL};
  static const int skip[] = {50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 100, 130};
  g_autofree char *path = make_file(&f, 200, skip, G_N_ELEMENTS(skip));
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(path, &csv, &r, &alive, &dlg)) return;
  ur_series s;
  if (!settled_on(dlg, &csv, path, "gaps interpolated", &s)) return;
  const char *found = label_text(dlg, "csv-found");
  CHECK(g_str_has_prefix(found, "Daily step · 12 missing instants (gaps), interpolated in time") && s.n_gaps == 12 &&
        s.n_rows == 200, "found: %s; the engine: %ld gaps, %d rows", found, s.n_gaps, s.n_rows);
  ur_series_free(&s);
  const char *interp = gtk_check_button_get_label(GTK_CHECK_BUTTON(need(dlg, "csv-missing-interpolate")));
  const char *drop = gtk_check_button_get_label(GTK_CHECK_BUTTON(need(dlg, "csv-missing-drop")));
  CHECK(!strcmp(interp, "_Interpolate 12 gaps") && strstr(drop, "split at gaps"), "the choices: %s; %s", interp, drop);
  click(dlg, "csv-missing-drop");
  wait_for(drop_chosen, dlg, 5, "Drop to be chosen");
  if (!settled_on(dlg, &csv, path, "split at the gaps", &s)) return;
  /* three runs of days: 0..49, 60..99 and 101..129, 131..199 (windows never cross a gap) */
  CHECK(s.n_rows == 188 && strstr(label_text(dlg, "csv-found"), "windows never cross them"),
        "dropped: %d rows; found %s", s.n_rows, label_text(dlg, "csv-found"));
  ur_series_free(&s);
  close_case(dlg, &alive, &csv, "csv-cancel");
}

void test_irregular(void) {
  STEP("irregular.csv: readings 10 minutes to 2 hours apart: an irregular step, said so");
  GString *t = g_string_new("date,value\n");
  static const int apart[5] = {600, 900, 1300, 3600, 7000};
  long when = T0;
  for (int i = 0; i < 200; i++, when += apart[(i * 7) % 5]) {
    char date[32];
    ur_date_format((double)when, "%Y-%m-%d %H:%M", date, sizeof date);
    g_string_append_printf(t, "%s,%.2f\n", date, 5 + 0.1 * i);
  }
  g_autofree char *path = write_tmp("irregular.csv", t->str, (gssize)t->len);
  g_string_free(t, TRUE);
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(path, &csv, &r, &alive, &dlg)) return;
  ur_series s;
  if (settled_on(dlg, &csv, path, "irregular", &s)) {
    CHECK(g_str_has_prefix(label_text(dlg, "csv-found"), "Irregular step") && s.step.kind == UR_STEP_IRREGULAR &&
          s.n_gaps == 0 && s.n_rows == 200, "found: %s (the engine: %s, %ld gaps)", label_text(dlg, "csv-found"),
          s.step.words, s.n_gaps);
    CHECK(!strcmp(label_text(dlg, "csv-season-words"), "none for an irregular step"), "season: %s",
          label_text(dlg, "csv-season-words"));
    ur_series_free(&s);
  }
  close_case(dlg, &alive, &csv, "csv-cancel");
}

void test_duplicates(void) {
  STEP("duplicate.csv: one day twice in a file of one series: the lines named, Use off");
  GString *t = g_string_new("date,value\n");
  for (int i = 0; i < 100; i++) {
    char date[32];
    ur_date_format((double)(T0 + 86400L * (i == 6 ? 5 : i)), "%Y-%m-%d", date, sizeof date);
    g_string_append_printf(t, "%s,%d\n", date, i);
  }
  g_autofree char *path = write_tmp("duplicate.csv", t->str, (gssize)t->len);
  g_string_free(t, TRUE);
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(path, &csv, &r, &alive, &dlg)) return;
  /* rows 6 and 7 of the file, after its header: lines 7 and 8 */
  settled_error(dlg, &csv, "a day twice", "lines 7 and 8 have the same date");
  close_case(dlg, &alive, &csv, "csv-cancel");
}
