/* test_csv_dialog_layout.c: the import dialog on a small screen (a case
 * of test_csv_dialog, see csv_dialog_cases.h).
 *
 *  narrow  stocks.csv (the widest form: an id and its values) in a dialog
 *          760 px wide, as on an 800 × 600 screen: the columns' table
 *          goes above the form, the dialog needs no more than its width
 *          (its settings scroll up and down, never sideways), and Use
 *          lies inside it; back at 1220 px the table is beside the form
 *  long names  columns named as agencies name them (60 characters): the
 *          dialog keeps its 1220 px, the pickers shorten the names, and
 *          the table shows its Use and Series boxes whole
 */
#include <string.h>
#include "csv_dialog_cases.h"

static gboolean is_vertical(gpointer d) {
  return gtk_orientable_get_orientation(GTK_ORIENTABLE(need(d, "csv-top"))) == GTK_ORIENTATION_VERTICAL;
}
static gboolean is_horizontal(gpointer d) { return !is_vertical(d); }

static int dialog_width(gpointer d) { return gtk_widget_get_width(GTK_WIDGET(d)); }
/* The default size counts what the decorations take (GTK's own, without a
 * window manager on Xvfb): the dialog itself is up to ~10 px narrower. */
static gboolean is_760(gpointer d) { return dialog_width(d) <= 760 && dialog_width(d) >= 740 && is_vertical(d); }
static gboolean is_1220(gpointer d) { return dialog_width(d) >= 1150 && is_horizontal(d); }

void test_narrow(void) {
  STEP("stocks.csv in a dialog 760 px wide: the table above the form, no sideways scroll");
  g_autofree char *path = data_file("stocks.csv");
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(path, &csv, &r, &alive, &dlg) || !settled_on(dlg, &csv, path, "stocks", NULL)) return;
  CHECK(is_horizontal(dlg), "at %d px the table is not beside the form", dialog_width(dlg));
  /* side by side the dialog cannot be that narrow: it stops at its least
   * width, stacks the table (as a person dragging its edge sees), and then
   * goes to 760 */
  gtk_window_set_default_size(GTK_WINDOW(dlg), 760, 540);
  wait_for(is_vertical, dlg, 5, "the table above the form");
  gtk_window_set_default_size(GTK_WINDOW(dlg), 760, 540);
  if (!wait_for(is_760, dlg, 5, "the dialog at 760 px, the table above the form")) {
    STEP("the dialog is %d px wide, the table %s", dialog_width(dlg), is_vertical(dlg) ? "above" : "beside");
    return;
  }
  pump(0.2);
  int min = 0, nat = 0;
  gtk_widget_measure(GTK_WIDGET(dlg), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  int width = dialog_width(dlg);
  CHECK(min <= width, "the narrow dialog (%d px) needs %d px", width, min);
  graphene_rect_t use;
  CHECK(gtk_widget_compute_bounds(need(dlg, "csv-use"), GTK_WIDGET(dlg), &use) &&
        use.origin.x + use.size.width <= width && use.origin.x >= 0, "Use at x %.0f–%.0f", use.origin.x,
        use.origin.x + use.size.width);
  /* the form's widest row is inside the dialog too: the split's last entry */
  graphene_rect_t test_from;
  CHECK(gtk_widget_compute_bounds(need(dlg, "csv-test-from"), GTK_WIDGET(dlg), &test_from) &&
        test_from.origin.x + test_from.size.width <= width, "the test date's entry ends at %.0f",
        test_from.origin.x + test_from.size.width);
  screenshot("csv-dialog-narrow.png");
  gtk_window_set_default_size(GTK_WINDOW(dlg), 1220, 740);
  wait_for(is_1220, dlg, 5, "the dialog back at 1220 px, the table beside the form");
  close_case(dlg, &alive, &csv, "csv-cancel");
}

void test_long_names(void) {
  STEP("columns with 60-character names: the dialog keeps its width, the table its last column");
  static const char *names[3] = {"Observation date and time (UTC)",
                                 "Monthly mean total sunspot number from the SILSO world data center",
                                 "Monthly mean standard deviation of the input sunspot numbers"};
  GString *t = g_string_new(NULL);
  g_string_append_printf(t, "%s,%s,%s\n", names[0], names[1], names[2]);
  for (int i = 0; i < 300; i++) g_string_append_printf(t, "%04d-%02d-01,%.1f,%.1f\n", 1900 + i / 12, i % 12 + 1, 50.0 + i % 37, 3.0 + i % 5);
  g_autofree char *path = write_tmp("long-names.csv", t->str, (gssize)t->len);
  g_string_free(t, TRUE);
  ur_csv csv;
  Result r;
  gpointer alive;
  UnrollCsvImport *dlg;
  if (!open_case(path, &csv, &r, &alive, &dlg) || !settled_on(dlg, &csv, path, "long names", NULL))
    return;
  pump(0.2);
  CHECK(!strcmp(chosen(dlg, "csv-target"), names[1]) && dialog_width(dlg) <= 1220 && is_horizontal(dlg),
        "the target %s; the dialog %d px wide, the table %s the form", chosen(dlg, "csv-target"), dialog_width(dlg),
        is_horizontal(dlg) ? "beside" : "above");
  graphene_rect_t box;
  GtkWidget *table = need(dlg, "csv-columns");
  for (int i = 1; i < 3; i++) {
    g_autofree char *name = g_strdup_printf("csv-series-%d", i);
    CHECK(gtk_widget_compute_bounds(need(dlg, name), table, &box) &&
          box.origin.x + box.size.width <= gtk_widget_get_width(table),
          "column %d's Series box ends at %.0f, the table at %d", i, box.origin.x + box.size.width,
          gtk_widget_get_width(table));
  }
  screenshot("csv-dialog-long-names.png");
  close_case(dlg, &alive, &csv, "csv-cancel");
}
