/* unroll-csv-import-form.c: the import dialog's widgets, and the settings
 * to and from them (see unroll-csv-import.h and -private.h).
 *
 * Built in code rather than from a .ui template: the dialog was written
 * while the resources were another change's to edit (DESIGN.md prefers
 * templates; moving it to one is mechanical).  The widgets are named
 * ("csv-target", "csv-status", ...) for the tests, which drive them with
 * the same signals a person's clicks give. */
#include <math.h>
#include "unroll-csv-columns.h"
#include "unroll-csv-import-private.h"

/* ---- small helpers ---------------------------------------------------- */

static int position_of(GArray *map, int col) {
  for (guint i = 0; i < map->len; i++)
    if (g_array_index(map, int, i) == col) return (int)i;
  return -1;
}

int csv_import_selected_col(GtkWidget *dropdown, GArray *map) {
  guint i = gtk_drop_down_get_selected(GTK_DROP_DOWN(dropdown));
  return i < map->len ? g_array_index(map, int, i) : -1;
}

void csv_import_set_spin(GtkWidget *spin, double v) {
  if (gtk_spin_button_get_value(GTK_SPIN_BUTTON(spin)) != v) gtk_spin_button_set_value(GTK_SPIN_BUTTON(spin), v);
}

/* ---- settings ⇄ widgets ------------------------------------------------- */

/* The settings as shown; FALSE with the reason in why when a date typed
 * for the split is not a date (the engine would quietly split by
 * fractions instead). */
gboolean csv_import_read_config(UnrollCsvImport *self, ur_series_config *c, char *why, size_t whylen) {
  const ur_csv *csv = csv_import_table(self);
  ur_series_config_default(c);
  c->target = csv_import_selected_col(self->target, self->target_cols);
  c->date = csv_import_selected_col(self->date, self->date_cols);
  c->n_inputs = unroll_csv_columns_get_inputs(UNROLL_CSV_COLUMNS(self->columns), c->inputs, UR_SERIES_MAX_FEATURES - 1);
  for (int k = 0; k < 3; k++)
    if (gtk_check_button_get_active(GTK_CHECK_BUTTON(self->missing[k]))) c->missing = (ur_missing_policy)k;
  c->lookback = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->spins[SPIN_LOOKBACK]));
  c->horizon = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->spins[SPIN_HORIZON]));
  c->stride = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->spins[SPIN_STRIDE]));
  c->kind = (ur_target_kind)gtk_drop_down_get_selected(GTK_DROP_DOWN(self->kind));
  if (c->kind == UR_TARGET_ONE_STEP) c->horizon = 1; /* the spin is off; one step is one value */
  c->train_frac = gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->spins[SPIN_TRAIN]));
  c->valid_frac = gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->spins[SPIN_VALID]));
  if (!gtk_check_button_get_active(GTK_CHECK_BUTTON(self->by_dates))) return TRUE;
  GtkWidget *entries[2] = {self->valid_from, self->test_from};
  double *dst[2] = {&c->valid_from, &c->test_from};
  for (int k = 0; k < 2; k++) {
    const char *s = gtk_editable_get_text(GTK_EDITABLE(entries[k]));
    g_autofree char *t = g_strstrip(g_strdup(s));
    if (ur_parse_date(t, strlen(t), csv ? csv->date_day_first : 0, dst[k]) != 0) {
      snprintf(why, whylen, "%s “%s” is not a date (2021-06-30, or as the file writes its dates)",
               k ? "The test start" : "The validation start", t);
      return FALSE;
    }
  }
  return TRUE;
}

static void set_date_entry(GtkWidget *entry, double t) {
  char buf[40];
  if (isnan(t)) return;
  chart_format_date(t, fmod(t, 86400.0) != 0, buf, sizeof buf);
  gtk_editable_set_text(GTK_EDITABLE(entry), buf);
}

/* Which settings apply: the horizon with more than one step, the split's
 * own fields, splitting by dates only with a date column. */
void csv_import_update_sensitivity(UnrollCsvImport *self) {
  gboolean dated = csv_import_selected_col(self->date, self->date_cols) >= 0;
  gtk_widget_set_sensitive(self->by_dates, dated);
  gtk_widget_set_tooltip_text(self->by_dates, dated ? NULL : "Choose a date column first");
  if (!dated && gtk_check_button_get_active(GTK_CHECK_BUTTON(self->by_dates)))
    gtk_check_button_set_active(GTK_CHECK_BUTTON(self->by_fractions), TRUE);
  gboolean by_dates = gtk_check_button_get_active(GTK_CHECK_BUTTON(self->by_dates));
  gtk_widget_set_sensitive(self->spins[SPIN_TRAIN], !by_dates);
  gtk_widget_set_sensitive(self->spins[SPIN_VALID], !by_dates);
  gtk_widget_set_sensitive(self->test_label, !by_dates);
  gtk_widget_set_sensitive(self->valid_from, by_dates);
  gtk_widget_set_sensitive(self->test_from, by_dates);
  gtk_widget_set_sensitive(self->spins[SPIN_HORIZON], gtk_drop_down_get_selected(GTK_DROP_DOWN(self->kind)) != 0);
  double rest = 1 - gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->spins[SPIN_TRAIN])) -
                gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->spins[SPIN_VALID]));
  g_autofree char *t = rest > 0.0005 ? g_strdup_printf("test: the other %.0f %%", rest * 100)
                                     : g_strdup(rest > -0.0005 ? "test: none" : "test: over 100 %");
  gtk_label_set_text(GTK_LABEL(self->test_label), t);
}

void csv_import_apply_config(UnrollCsvImport *self, const ur_series_config *c) {
  self->updating = TRUE;
  int t = position_of(self->target_cols, c->target), d = position_of(self->date_cols, c->date);
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->target), t >= 0 ? (guint)t : 0);
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->date), d >= 0 ? (guint)d : 0);
  unroll_csv_columns_set_roles(UNROLL_CSV_COLUMNS(self->columns),
                               csv_import_selected_col(self->target, self->target_cols),
                               csv_import_selected_col(self->date, self->date_cols));
  unroll_csv_columns_set_inputs(UNROLL_CSV_COLUMNS(self->columns), c->inputs, c->n_inputs);
  gtk_check_button_set_active(GTK_CHECK_BUTTON(self->missing[(unsigned)c->missing < 3 ? c->missing : 0]), TRUE);
  csv_import_set_spin(self->spins[SPIN_LOOKBACK], c->lookback);
  csv_import_set_spin(self->spins[SPIN_HORIZON], c->horizon);
  csv_import_set_spin(self->spins[SPIN_STRIDE], c->stride);
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->kind), (unsigned)c->kind < 3 ? c->kind : 0);
  csv_import_set_spin(self->spins[SPIN_TRAIN], c->train_frac);
  csv_import_set_spin(self->spins[SPIN_VALID], c->valid_frac);
  gboolean dates = !isnan(c->valid_from) && !isnan(c->test_from) && d > 0;
  if (dates) {
    set_date_entry(self->valid_from, c->valid_from);
    set_date_entry(self->test_from, c->test_from);
  }
  gtk_check_button_set_active(GTK_CHECK_BUTTON(dates ? self->by_dates : self->by_fractions), TRUE);
  csv_import_update_sensitivity(self);
  self->updating = FALSE;
}

/* ---- the person's edits ------------------------------------------------- */

static void on_spin(GtkSpinButton *b, UnrollCsvImport *self) { (void)b; csv_import_edited(self); }
static void on_toggled(GtkCheckButton *b, UnrollCsvImport *self) {
  if (gtk_check_button_get_active(b)) csv_import_edited(self); /* a radio group toggles twice: act on the new one */
}
static void on_notify(GObject *o, GParamSpec *ps, UnrollCsvImport *self) { (void)o; (void)ps; csv_import_edited(self); }
static void on_inputs(UnrollCsvColumns *c, UnrollCsvImport *self) { (void)c; csv_import_edited(self); }
static void on_entry(GtkEditable *e, UnrollCsvImport *self) { (void)e; csv_import_edited(self); }

static void on_kind(GObject *o, GParamSpec *ps, UnrollCsvImport *self) {
  (void)o; (void)ps;
  /* several steps ahead start at the book's 10, as in the Data panel */
  if (!self->updating && gtk_drop_down_get_selected(GTK_DROP_DOWN(self->kind)) != 0 &&
      gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->spins[SPIN_HORIZON])) == 1) {
    self->updating = TRUE;
    csv_import_set_spin(self->spins[SPIN_HORIZON], 10);
    self->updating = FALSE;
  }
  csv_import_edited(self);
}

static void on_by_dates(GtkCheckButton *b, UnrollCsvImport *self) {
  /* first time: the dates where the fractions put the boundaries */
  if (gtk_check_button_get_active(b) && !self->updating &&
      !*gtk_editable_get_text(GTK_EDITABLE(self->valid_from)) &&
      !*gtk_editable_get_text(GTK_EDITABLE(self->test_from))) {
    self->updating = TRUE;
    set_date_entry(self->valid_from, self->bound_time[0]);
    set_date_entry(self->test_from, self->bound_time[1]);
    self->updating = FALSE;
  }
  on_toggled(b, self);
}

/* ---- building ----------------------------------------------------------- */

static GtkWidget *form_row(GtkWidget *grid, int row, const char *label, GtkWidget *w, const char *tip) {
  GtkWidget *l = gtk_label_new_with_mnemonic(label);
  gtk_label_set_xalign(GTK_LABEL(l), 0);
  gtk_widget_set_valign(l, GTK_ALIGN_BASELINE);
  if (GTK_IS_WIDGET(w) && !GTK_IS_BOX(w)) gtk_label_set_mnemonic_widget(GTK_LABEL(l), w);
  if (tip) gtk_widget_set_tooltip_text(w, tip);
  gtk_grid_attach(GTK_GRID(grid), l, 0, row, 1, 1);
  gtk_grid_attach(GTK_GRID(grid), w, 1, row, 1, 1);
  return w;
}

static GtkWidget *named(GtkWidget *w, const char *name) {
  gtk_widget_set_name(w, name);
  return w;
}

static GtkWidget *spin(UnrollCsvImport *self, int k, double lo, double hi, double step, int digits, const char *name) {
  GtkWidget *s = named(gtk_spin_button_new_with_range(lo, hi, step), name);
  gtk_spin_button_set_digits(GTK_SPIN_BUTTON(s), digits);
  gtk_editable_set_width_chars(GTK_EDITABLE(s), digits ? 5 : 6);
  g_signal_connect(s, "value-changed", G_CALLBACK(on_spin), self);
  self->spins[k] = s;
  return s;
}

static GtkWidget *hbox(int spacing) { return gtk_box_new(GTK_ORIENTATION_HORIZONTAL, spacing); }

static GtkWidget *small_label(const char *text) {
  GtkWidget *l = gtk_label_new_with_mnemonic(text);
  gtk_label_set_xalign(GTK_LABEL(l), 0);
  return l;
}

static GtkWidget *build_form(UnrollCsvImport *self) {
  GtkWidget *grid = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(grid), 8);
  gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
  int r = 0;
  self->target = form_row(grid, r++, "_Target", named(gtk_drop_down_new_from_strings(NULL), "csv-target"),
                          "The column to forecast (numbers only)");
  self->date = form_row(grid, r++, "_Dates", named(gtk_drop_down_new_from_strings(NULL), "csv-date"),
                        "Orders the rows in time; without one, the file's order is the time");
  g_signal_connect(self->target, "notify::selected", G_CALLBACK(on_notify), self);
  g_signal_connect(self->date, "notify::selected", G_CALLBACK(on_notify), self);

  GtkWidget *miss = hbox(10);
  static const char *names[3] = {"csv-missing-interpolate", "csv-missing-carry-forward", "csv-missing-drop"};
  static const char *labels[3] = {"_Interpolate", "_Carry forward", "_Drop rows"};
  static const char *tips[3] = {"A straight line between the neighbours of each gap",
                                "Each gap takes the last value before it", "Rows with a gap in a used column go"};
  for (int k = 0; k < 3; k++) {
    self->missing[k] = named(gtk_check_button_new_with_mnemonic(labels[k]), names[k]);
    gtk_widget_set_tooltip_text(self->missing[k], tips[k]);
    if (k) gtk_check_button_set_group(GTK_CHECK_BUTTON(self->missing[k]), GTK_CHECK_BUTTON(self->missing[0]));
    g_signal_connect(self->missing[k], "toggled", G_CALLBACK(on_toggled), self);
    gtk_box_append(GTK_BOX(miss), self->missing[k]);
  }
  form_row(grid, r++, "Missing", miss, "Empty, NA and unreadable cells are never read as zero");

  GtkWidget *win = hbox(6);
  gtk_box_append(GTK_BOX(win), small_label("_lookback"));
  gtk_box_append(GTK_BOX(win), spin(self, SPIN_LOOKBACK, 1, 100000, 1, 0, "csv-lookback"));
  gtk_box_append(GTK_BOX(win), small_label("_horizon"));
  gtk_box_append(GTK_BOX(win), spin(self, SPIN_HORIZON, 1, 10000, 1, 0, "csv-horizon"));
  gtk_box_append(GTK_BOX(win), small_label("st_ride"));
  gtk_box_append(GTK_BOX(win), spin(self, SPIN_STRIDE, 1, 100000, 1, 0, "csv-stride"));
  for (GtkWidget *c = gtk_widget_get_first_child(win); c; c = gtk_widget_get_next_sibling(c))
    if (GTK_IS_LABEL(c)) gtk_label_set_mnemonic_widget(GTK_LABEL(c), gtk_widget_get_next_sibling(c));
  gtk_widget_set_tooltip_text(self->spins[SPIN_LOOKBACK], "The rows a window shows the model");
  gtk_widget_set_tooltip_text(self->spins[SPIN_HORIZON], "How many values ahead to forecast");
  gtk_widget_set_tooltip_text(self->spins[SPIN_STRIDE], "Rows between the starts of two windows");
  form_row(grid, r++, "Windows", win, NULL);

  static const char *kinds[] = {"One step: the next value", "Vector: the horizon's values",
                                "Sequence to sequence", NULL};
  self->kind = form_row(grid, r++, "_Forecast", named(gtk_drop_down_new_from_strings(kinds), "csv-kind"),
                        "What a window's target is: the next value; the next horizon values at once; or, at every "
                        "input step, the horizon values after it (sequence to sequence)");
  g_signal_connect(self->kind, "notify::selected", G_CALLBACK(on_kind), self);

  GtkWidget *split = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(split), 6);
  gtk_grid_set_column_spacing(GTK_GRID(split), 6);
  self->by_fractions = named(gtk_check_button_new_with_mnemonic("By _fractions"), "csv-by-fractions");
  self->by_dates = named(gtk_check_button_new_with_mnemonic("By d_ates"), "csv-by-dates");
  gtk_check_button_set_group(GTK_CHECK_BUTTON(self->by_dates), GTK_CHECK_BUTTON(self->by_fractions));
  g_signal_connect(self->by_fractions, "toggled", G_CALLBACK(on_toggled), self);
  g_signal_connect(self->by_dates, "toggled", G_CALLBACK(on_by_dates), self);
  GtkWidget *frac = hbox(6);
  gtk_box_append(GTK_BOX(frac), small_label("train"));
  gtk_box_append(GTK_BOX(frac), spin(self, SPIN_TRAIN, 0.05, 0.95, 0.05, 2, "csv-train"));
  gtk_box_append(GTK_BOX(frac), small_label("valid"));
  gtk_box_append(GTK_BOX(frac), spin(self, SPIN_VALID, 0.05, 0.95, 0.05, 2, "csv-valid"));
  self->test_label = small_label("");
  gtk_widget_add_css_class(self->test_label, "dim-label");
  gtk_box_append(GTK_BOX(frac), self->test_label);
  GtkWidget *dates = hbox(6);
  self->valid_from = named(gtk_entry_new(), "csv-valid-from");
  self->test_from = named(gtk_entry_new(), "csv-test-from");
  gtk_box_append(GTK_BOX(dates), small_label("validation from"));
  gtk_box_append(GTK_BOX(dates), self->valid_from);
  gtk_box_append(GTK_BOX(dates), small_label("test from"));
  gtk_box_append(GTK_BOX(dates), self->test_from);
  for (int k = 0; k < 2; k++) {
    GtkWidget *e = k ? self->test_from : self->valid_from;
    gtk_editable_set_width_chars(GTK_EDITABLE(e), 11);
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), "YYYY-MM-DD");
    g_signal_connect(e, "changed", G_CALLBACK(on_entry), self);
  }
  gtk_grid_attach(GTK_GRID(split), self->by_fractions, 0, 0, 1, 1);
  gtk_grid_attach(GTK_GRID(split), frac, 1, 0, 1, 1);
  gtk_grid_attach(GTK_GRID(split), self->by_dates, 0, 1, 1, 1);
  gtk_grid_attach(GTK_GRID(split), dates, 1, 1, 1, 1);
  form_row(grid, r++, "Split", split, NULL);
  return grid;
}

static GtkWidget *build_settings(UnrollCsvImport *self) {
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_margin_start(box, 16);
  gtk_widget_set_margin_end(box, 16);
  gtk_widget_set_margin_top(box, 10);
  gtk_widget_set_margin_bottom(box, 12);
  self->format_label = named(small_label(""), "csv-format");
  gtk_widget_add_css_class(self->format_label, "dim-label");
  gtk_box_append(GTK_BOX(box), self->format_label);
  GtkWidget *top = hbox(18);
  self->columns = named(unroll_csv_columns_new(), "csv-columns");
  gtk_widget_set_hexpand(self->columns, TRUE);
  gtk_widget_set_size_request(self->columns, 300, 150);
  g_signal_connect(self->columns, "inputs-changed", G_CALLBACK(on_inputs), self);
  gtk_box_append(GTK_BOX(top), self->columns);
  GtkWidget *form = build_form(self);
  gtk_widget_set_hexpand(form, FALSE); /* the room left goes to the table */
  gtk_box_append(GTK_BOX(top), form);
  gtk_box_append(GTK_BOX(box), top);
  self->timeline = named(unroll_csv_timeline_new(), "csv-timeline");
  gtk_widget_set_vexpand(self->timeline, TRUE);
  gtk_box_append(GTK_BOX(box), self->timeline);
  self->status = named(small_label(""), "csv-status");
  gtk_label_set_wrap(GTK_LABEL(self->status), TRUE);
  gtk_label_set_selectable(GTK_LABEL(self->status), TRUE); /* errors can be copied */
  gtk_label_set_lines(GTK_LABEL(self->status), 3);
  gtk_box_append(GTK_BOX(box), self->status);
  return box;
}

static GtkWidget *build_reading(UnrollCsvImport *self) {
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
  self->spinner = gtk_spinner_new();
  gtk_widget_set_size_request(self->spinner, 32, 32);
  self->reading_label = named(gtk_label_new(""), "csv-reading");
  gtk_box_append(GTK_BOX(box), self->spinner);
  gtk_box_append(GTK_BOX(box), self->reading_label);
  return box;
}

static GtkWidget *build_failed(UnrollCsvImport *self) {
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start(box, 40);
  gtk_widget_set_margin_end(box, 40);
  GtkWidget *icon = gtk_image_new_from_icon_name("dialog-error-symbolic");
  gtk_image_set_pixel_size(GTK_IMAGE(icon), 48);
  gtk_widget_add_css_class(icon, "error");
  GtkWidget *head = gtk_label_new("This file cannot be read as a series");
  gtk_widget_add_css_class(head, "title-2");
  self->failed_label = named(gtk_label_new(""), "csv-error");
  gtk_label_set_wrap(GTK_LABEL(self->failed_label), TRUE);
  gtk_label_set_selectable(GTK_LABEL(self->failed_label), TRUE);
  gtk_label_set_justify(GTK_LABEL(self->failed_label), GTK_JUSTIFY_CENTER);
  gtk_box_append(GTK_BOX(box), icon);
  gtk_box_append(GTK_BOX(box), head);
  gtk_box_append(GTK_BOX(box), self->failed_label);
  return box;
}

void csv_import_build(UnrollCsvImport *self) {
  GtkWindow *w = GTK_WINDOW(self);
  gtk_widget_set_name(GTK_WIDGET(self), "csv-import");
  gtk_window_set_title(w, "Import CSV");
  gtk_window_set_default_size(w, 1160, 740); /* fits a 1280 × 800 screen with its panels */
  GtkWidget *header = gtk_header_bar_new();
  gtk_header_bar_set_show_title_buttons(GTK_HEADER_BAR(header), FALSE);
  GtkWidget *titles = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign(titles, GTK_ALIGN_CENTER);
  GtkWidget *title = gtk_label_new("Import CSV"), *sub = self->file_label = named(gtk_label_new(""), "csv-file");
  gtk_widget_add_css_class(title, "title");
  gtk_widget_add_css_class(sub, "subtitle");
  gtk_label_set_ellipsize(GTK_LABEL(sub), PANGO_ELLIPSIZE_MIDDLE);
  gtk_box_append(GTK_BOX(titles), title);
  gtk_box_append(GTK_BOX(titles), sub);
  gtk_header_bar_set_title_widget(GTK_HEADER_BAR(header), titles);
  self->cancel = named(gtk_button_new_with_mnemonic("_Cancel"), "csv-cancel");
  self->use = named(gtk_button_new_with_mnemonic("_Use Series"), "csv-use");
  gtk_widget_add_css_class(self->use, "suggested-action");
  gtk_widget_set_tooltip_text(self->use, "Train on these windows");
  g_signal_connect(self->cancel, "clicked", G_CALLBACK(csv_import_on_cancel), self);
  g_signal_connect(self->use, "clicked", G_CALLBACK(csv_import_on_use), self);
  gtk_header_bar_pack_start(GTK_HEADER_BAR(header), self->cancel);
  gtk_header_bar_pack_end(GTK_HEADER_BAR(header), self->use);
  gtk_window_set_titlebar(w, header);
  self->stack = named(gtk_stack_new(), "csv-pages");
  gtk_stack_add_named(GTK_STACK(self->stack), build_reading(self), "reading");
  gtk_stack_add_named(GTK_STACK(self->stack), build_failed(self), "failed");
  gtk_stack_add_named(GTK_STACK(self->stack), build_settings(self), "settings");
  gtk_window_set_child(w, self->stack);
  gtk_window_set_default_widget(w, self->use);
}

