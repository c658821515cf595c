/* test_csv_dialog_series.c: the import dialog's series (cases of
 * test_csv_dialog, see csv_dialog_cases.h), each checked against the
 * engine's own series for the settings shown:
 *
 *  long     stocks.csv (symbol,date,price, shuffled): the dates repeat, so
 *           the dialog takes each symbol as a series, all of them; the rows
 *           sorted and said so; a picker shows one series at a time on the
 *           timeline; the symbol column marked as the id in the table;
 *           then one symbol alone, handed over by name
 *  wide     wide.csv (YYYYMMDD dates, three columns): two more columns
 *           ticked as series of their own (not inputs then), the picker,
 *           the source's series
 *  trend    trend.csv (weekly, 59 weeks missing, a rising trend): the gaps
 *           filled and said so, a lookback past the 52-week season; the
 *           transform none warns that validation leaves the training
 *           span's range (its figures the engine's, in units) and its fix
 *           sets the window transform; the difference; the season none
 *           and set by hand
 *  model    a WaveNet project: the dialog starts from its task and horizon
 *           (sequence to sequence, 10) and counts the windows training and
 *           the comparison use; a lookback shorter than its receptive field
 *           is warned of, and fixed in a click
 *  short    short.csv (40 days): a lookback the 28 training days fit; one
 *           too long refused in the dialog's words, fixed in a click
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "comparison.h"
#include "csv_dialog_cases.h"
#include "presets.h"
#include "project.h"
#include "unroll-csv-advice.h"

/* The position of an item in a drop-down, -1 if none. */
static int item_at(UnrollCsvImport *dlg, const char *name, const char *item) {
  GListModel *m = gtk_drop_down_get_model(GTK_DROP_DOWN(need(dlg, name)));
  for (guint i = 0; m && i < g_list_model_get_n_items(m); i++) {
    g_autoptr(GtkStringObject) o = g_list_model_get_item(m, i);
    if (!strcmp(gtk_string_object_get_string(o), item)) return (int)i;
  }
  return -1;
}

static void pick(UnrollCsvImport *dlg, const char *name, const char *item) {
  int i = item_at(dlg, name, item);
  CHECK(i >= 0, "%s offers no “%s”", name, item);
  if (i >= 0) gtk_drop_down_set_selected(GTK_DROP_DOWN(need(dlg, name)), (guint)i);
}

/* The timeline shows series `part` of s. */
static void check_part_shown(UnrollCsvImport *dlg, const ur_series *s, int part, const char *what) {
  pump(0.1);
  chart_timeline_input in = part_timeline(s, part);
  check_timeline_shows(need(dlg, "csv-timeline"), &in, what);
}

static void close_dialog(UnrollCsvImport *dlg, gpointer *alive, const char *button) {
  click(dlg, button);
  wait_for(is_null, alive, 5, "the dialog to close");
}

void test_long(void) {
  STEP("stocks.csv: a long file, each symbol a series; one at a time on the timeline; one alone");
  g_autofree char *path = data_file("stocks.csv");
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(path, &csv, &r, &alive, &dlg)) return;
  ur_series s;
  if (!settled_on(dlg, &csv, path, "every symbol", &s)) return;
  CHECK(!strcmp(chosen(dlg, "csv-id"), "Each symbol") && !strcmp(chosen(dlg, "csv-id-value"), "All, each its own series"),
        "the series: %s, %s", chosen(dlg, "csv-id"), chosen(dlg, "csv-id-value"));
  GtkCheckButton *symbol = GTK_CHECK_BUTTON(need(dlg, "csv-input-0"));
  CHECK(gtk_check_button_get_active(symbol) && !strcmp(gtk_check_button_get_label(symbol), "id"),
        "the symbol's box in the table: ticked %d, “%s”", gtk_check_button_get_active(symbol),
        gtk_check_button_get_label(symbol));
  CHECK(s.n_parts == 3 && !strcmp(label_text(dlg, "csv-series-words"), "3 series: AAA, CCC, BBB"),
        "%d series, said %s", s.n_parts, label_text(dlg, "csv-series-words"));
  const char *found = label_text(dlg, "csv-found");
  CHECK(g_str_has_prefix(found, "Monthly step") && strstr(found, "the rows were not in time order and were sorted") &&
        strstr(found, "3 series"), "found: %s", found);
  CHECK(!strcmp(entry_text(dlg, "csv-date-format"), "%b %Y") &&
        !strcmp(label_text(dlg, "csv-date-words"), "month name and year"), "the format: %s",
        entry_text(dlg, "csv-date-format"));
  CHECK(strstr(label_text(dlg, "csv-status"), "over 3 series"), "status: %s", label_text(dlg, "csv-status"));
  GtkWidget *picker = need(dlg, "csv-part");
  CHECK(gtk_widget_get_visible(picker) && !strcmp(chosen(dlg, "csv-part"), "AAA"), "the picker: %s",
        chosen(dlg, "csv-part"));
  pick(dlg, "csv-part", "BBB");
  check_part_shown(dlg, &s, 2, "BBB on the timeline");
  screenshot("csv-dialog-long.png");
  ur_series_free(&s);

  pick(dlg, "csv-id-value", "BBB");
  if (!settled_on(dlg, &csv, path, "BBB alone", &s)) return;
  CHECK(s.n_parts == 1 && !strcmp(s.parts[0].name, "BBB") && !gtk_widget_get_visible(picker),
        "one symbol: %d series (%s), the picker shown %d", s.n_parts, s.parts[0].name, gtk_widget_get_visible(picker));
  ur_series_free(&s);
  close_dialog(dlg, &alive, "csv-use");
  CHECK(r.accepted && !strcmp(r.source.id, "symbol") && !strcmp(r.source.cfg.id_value, "BBB") &&
        !strcmp(r.source.date, "date") && !strcmp(r.source.target, "price"), "the source: id %s = %s",
        r.source.id, r.source.cfg.id_value);
  ur_csv_free(&csv);
}

void test_wide(void) {
  STEP("wide.csv: three columns, each a series");
  g_autofree char *path = data_file("wide.csv");
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(path, &csv, &r, &alive, &dlg)) return;
  CHECK(!strcmp(chosen(dlg, "csv-date"), "day") && !strcmp(chosen(dlg, "csv-target"), "north") &&
        !strcmp(entry_text(dlg, "csv-date-format"), "%Y%m%d") && !strcmp(label_text(dlg, "csv-date-words"), "YYYYMMDD"),
        "the picks: %s against %s (%s)", chosen(dlg, "csv-target"), chosen(dlg, "csv-date"),
        label_text(dlg, "csv-date-words"));
  if (!settled_on(dlg, &csv, path, "north", NULL)) return;
  click(dlg, "csv-input-3"); /* east as an input first: a series cannot be an input too */
  click(dlg, "csv-series-2");
  CHECK(!gtk_widget_get_sensitive(need(dlg, "csv-series-3")) && !gtk_widget_get_sensitive(need(dlg, "csv-input-2")),
        "a column is both an input and a series");
  click(dlg, "csv-input-3");
  click(dlg, "csv-series-3");
  ur_series s;
  if (!settled_on(dlg, &csv, path, "north, south and east", &s)) return;
  CHECK(s.n_parts == 3 && s.n_features == 1 && !strcmp(s.parts[2].name, "east"), "%d series of %d features",
        s.n_parts, s.n_features);
  pick(dlg, "csv-part", "east");
  check_part_shown(dlg, &s, 2, "east on the timeline");
  screenshot("csv-dialog-wide.png");
  ur_series_free(&s);
  close_dialog(dlg, &alive, "csv-use");
  CHECK(r.accepted && r.source.n_more_targets == 2 && !strcmp(r.source.more_targets[0], "south") &&
        !strcmp(r.source.more_targets[1], "east") && r.source.n_inputs == 0, "the source's series: %d",
        r.source.n_more_targets);
  ur_csv_free(&csv);
}

/* The first series' target over a span, in units. */
static void span_range(const ur_series *s, int span, double *lo, double *hi) {
  const ur_series_part *q = &s->parts[0];
  long b[4] = {0, q->train_end, q->valid_end, q->rows};
  *lo = INFINITY, *hi = -INFINITY;
  for (long r = b[span]; r < b[span + 1]; r++) {
    double v = s->values[(size_t)(q->first + r) * s->n_features];
    if (v < *lo) *lo = v;
    if (v > *hi) *hi = v;
  }
}

static gboolean warned(gpointer d) { return gtk_widget_get_visible(need(d, "csv-warnings")); }

void test_trend(void) {
  STEP("trend.csv: gaps, a season, a trend that leaves the training range; transforms and seasons");
  g_autofree char *path = data_file("trend.csv");
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(path, &csv, &r, &alive, &dlg)) return;
  if (!settled_on(dlg, &csv, path, "trend", NULL)) return;
  CHECK(!strcmp(label_text(dlg, "csv-found"),
                "Weekly step · 59 missing instants (gaps), interpolated in time · season 52 steps"),
        "found: %s", label_text(dlg, "csv-found"));
  CHECK(gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-lookback"))) == 53,
        "a lookback of %d, not the season and one", gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-lookback"))));
  CHECK(!strcmp(chosen(dlg, "csv-transform"), "Window") && !gtk_widget_get_visible(need(dlg, "csv-warnings")),
        "the default transform %s warns: %s", chosen(dlg, "csv-transform"), label_text(dlg, "csv-warnings"));

  STEP("no transform: validation leaves the training range");
  gtk_drop_down_set_selected(GTK_DROP_DOWN(need(dlg, "csv-transform")), UR_TRANSFORM_NONE);
  ur_series s;
  if (!settled_on(dlg, &csv, path, "transform none", &s)) return;
  wait_for(warned, dlg, 5, "the range warning");
  double lo, hi, vlo, vhi;
  span_range(&s, 0, &lo, &hi);
  span_range(&s, 1, &vlo, &vhi);
  g_autofree char *reach = g_strdup_printf("The validation span reaches %.4g", vhi);
  g_autofree char *range = g_strdup_printf("outside the training span's %.4g to %.4g (visits)", lo, hi);
  const char *w = label_text(dlg, "csv-warnings");
  CHECK(vhi > hi && strstr(w, reach) && strstr(w, range) && strstr(w, "window or difference transform"),
        "the warning: “%s”, not “%s … %s”", w, reach, range);
  CHECK(gtk_widget_get_visible(need(dlg, "csv-fix")) &&
        !strcmp(gtk_button_get_label(GTK_BUTTON(need(dlg, "csv-fix"))), "Use the Window Transform"), "no fix offered");
  screenshot("csv-dialog-trend.png");
  ur_series_free(&s);
  click_fix(dlg);
  if (!settled_on(dlg, &csv, path, "the fix", NULL)) return;
  CHECK(!strcmp(chosen(dlg, "csv-transform"), "Window") && !gtk_widget_get_visible(need(dlg, "csv-warnings")) &&
        !gtk_widget_get_visible(need(dlg, "csv-fix")), "after the fix: %s, %s", chosen(dlg, "csv-transform"),
        label_text(dlg, "csv-warnings"));

  STEP("the difference; seasons none and set");
  gtk_drop_down_set_selected(GTK_DROP_DOWN(need(dlg, "csv-transform")), UR_TRANSFORM_DIFFERENCE);
  if (!settled_on(dlg, &csv, path, "difference", NULL)) return;
  CHECK(!strcmp(label_text(dlg, "csv-transform-words"), unroll_csv_transform_words(UR_TRANSFORM_DIFFERENCE)),
        "difference: %s", label_text(dlg, "csv-transform-words"));
  CHECK(!strcmp(label_text(dlg, "csv-season-words"), "52 steps (weekly)"), "season: %s",
        label_text(dlg, "csv-season-words"));
  pick(dlg, "csv-season", "None");
  if (!settled_on(dlg, &csv, path, "no season", &s)) return;
  CHECK(s.season == 0 && !gtk_widget_get_visible(need(dlg, "csv-season-steps")), "season none: %d", s.season);
  ur_series_free(&s);
  pick(dlg, "csv-season", "From the dates");
  if (!settled_on(dlg, &csv, path, "the season again", NULL)) return;
  pick(dlg, "csv-season", "Every");
  CHECK(gtk_widget_get_visible(need(dlg, "csv-season-steps")) &&
        gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-season-steps"))) == 52,
        "a season set by hand starts at %d", gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-season-steps"))));
  set_spin(dlg, "csv-season-steps", 26);
  if (!settled_on(dlg, &csv, path, "season 26", &s)) return;
  CHECK(s.season == 26, "the engine's season: %d", s.season);
  ur_series_free(&s);
  close_dialog(dlg, &alive, "csv-use");
  CHECK(r.accepted && r.source.cfg.season == 26 && r.source.cfg.transform == UR_TRANSFORM_DIFFERENCE,
        "the source: season %d, transform %s", r.source.cfg.season, ur_transform_name(r.source.cfg.transform));
  ur_csv_free(&csv);
}

void test_model(void) {
  STEP("weather.csv for a WaveNet: its task and horizon, training's windows, its receptive field");
  ur_project p;
  ur_project_init(&p);
  const ur_preset *wavenet = ur_preset_find("wavenet");
  if (!wavenet || ur_project_apply_preset(&p, wavenet) != 0) {
    CHECK(0, "no wavenet preset");
    return;
  }
  dialog_model = &p;
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(weather, &csv, &r, &alive, &dlg)) return;
  ur_series s;
  if (!settled_on(dlg, &csv, weather, "wavenet", &s)) return;
  CHECK(!strcmp(chosen(dlg, "csv-kind"), "Sequence to sequence") &&
        gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-horizon"))) == 10,
        "the dialog starts from %s, horizon %d", chosen(dlg, "csv-kind"),
        gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-horizon"))));
  /* the comparison (the charts) counts the same validation windows */
  ur_series_config cfg;
  ur_csv_source src;
  ur_comparison cmp;
  char err[512];
  shown_config(dlg, &csv, &cfg);
  ur_csv_source_set(&src, weather, &csv, &cfg);
  if (ur_comparison_make_csv(&cmp, &src, &csv, 10, err, sizeof err) == 0) {
    g_autofree char *want = g_strdup_printf("%d validation", cmp.n_windows);
    CHECK(cmp.n_windows == s.valid.n && strstr(label_text(dlg, "csv-status"), want),
          "the charts compare %d validation windows, training has %d: %s", cmp.n_windows, s.valid.n,
          label_text(dlg, "csv-status"));
    ur_comparison_free(&cmp);
  } else {
    CHECK(0, "the comparison: %s", err);
  }
  ur_series_free(&s);
  ur_project m = p;
  ur_project_set_csv(&m, &src);
  int rf = ur_stack_receptive_field(m.layers, m.n_layers);
  CHECK(rf > 10, "wavenet's receptive field: %d", rf);
  set_spin(dlg, "csv-lookback", rf - 4);
  if (!settled_on(dlg, &csv, weather, "a lookback shorter than the receptive field", NULL)) return;
  wait_for(warned, dlg, 5, "the receptive field's warning");
  g_autofree char *sees = g_strdup_printf("The model sees %d steps back (its receptive field), but a window holds %d rows",
                                          rf, rf - 4);
  g_autofree char *fix = g_strdup_printf("Use Lookback %d", rf);
  CHECK(strstr(label_text(dlg, "csv-warnings"), sees) &&
        !strcmp(gtk_button_get_label(GTK_BUTTON(need(dlg, "csv-fix"))), fix),
        "warnings: “%s”, fix %s", label_text(dlg, "csv-warnings"), gtk_button_get_label(GTK_BUTTON(need(dlg, "csv-fix"))));
  screenshot("csv-dialog-model.png");
  click_fix(dlg);
  if (!settled_on(dlg, &csv, weather, "the lookback fixed", NULL)) return;
  CHECK(gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-lookback"))) == rf &&
        !strstr(label_text(dlg, "csv-warnings"), "receptive field"), "after the fix: %s", label_text(dlg, "csv-warnings"));
  close_dialog(dlg, &alive, "csv-cancel");
  dialog_model = NULL;
  ur_csv_free(&csv);
}

void test_short(void) {
  STEP("short.csv: a lookback 40 days fit; one too long refused in the dialog's words");
  g_autofree char *path = data_file("short.csv");
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(path, &csv, &r, &alive, &dlg)) return;
  ur_series s;
  if (!settled_on(dlg, &csv, path, "short", &s)) return;
  int lookback = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-lookback")));
  /* a third of 28 training days, and past the weekly season */
  CHECK(s.parts[0].train_end == 28 && s.season == 7 && lookback == 9, "a lookback of %d for %ld days, season %d",
        lookback, s.parts[0].train_end, s.season);
  ur_series_free(&s);
  set_spin(dlg, "csv-lookback", 40);
  settled_error(dlg, &csv, "lookback 40", "use a lookback of at most");
  const char *status = label_text(dlg, "csv-status");
  int most = 0;
  const char *at = strstr(status, "at most ");
  if (at) most = atoi(at + 8);
  g_autofree char *fix = g_strdup_printf("Use Lookback %d", most);
  CHECK(!strstr(status, "--lookback") && most > 1 && gtk_widget_get_visible(need(dlg, "csv-fix")) &&
        !strcmp(gtk_button_get_label(GTK_BUTTON(need(dlg, "csv-fix"))), fix),
        "the refusal: %s; fix %s", status, gtk_button_get_label(GTK_BUTTON(need(dlg, "csv-fix"))));
  screenshot("csv-dialog-short.png");
  click_fix(dlg);
  if (!settled_on(dlg, &csv, path, "the fixed lookback", NULL)) return;
  CHECK(gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-lookback"))) == most, "the fix set %d",
        gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-lookback"))));
  close_dialog(dlg, &alive, "csv-cancel");
  ur_csv_free(&csv);
}
