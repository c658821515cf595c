/* unroll-csv-import-form.c: the import dialog's form: its template
 * (resources/ui/unroll-csv-import.ui) bound to the struct, the person's
 * edits, and the settings to and from the widgets (see unroll-csv-import.h
 * and -private.h). */
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

/* A column can name series when it is text with few distinct values. */
static gboolean names_series(const ur_csv_column *c) { return c->type == UR_COL_TEXT && c->labels && c->n_labels > 0; }

/* ---- the pickers -------------------------------------------------------- */

/* ---- pickers of names ---------------------------------------------------- */

/* A column's name as long as a user's file has it ("Monthly mean total
 * sunspot number from the SILSO world data center") widened the form past
 * the screen: the picker's button shortens it in the middle, its list shows
 * it whole. */
static void setup_label(GtkSignalListItemFactory *f, GtkListItem *item, gpointer shorten) {
  (void)f;
  GtkWidget *l = gtk_label_new(NULL);
  gtk_label_set_xalign(GTK_LABEL(l), 0);
  if (shorten) {
    gtk_label_set_ellipsize(GTK_LABEL(l), PANGO_ELLIPSIZE_MIDDLE);
    gtk_label_set_max_width_chars(GTK_LABEL(l), 30);
  }
  gtk_list_item_set_child(item, l);
}

static void bind_label(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data) {
  (void)f, (void)data;
  GtkStringObject *o = gtk_list_item_get_item(item);
  const char *text = o ? gtk_string_object_get_string(o) : "";
  gtk_label_set_text(GTK_LABEL(gtk_list_item_get_child(item)), text);
  gtk_widget_set_tooltip_text(gtk_list_item_get_child(item), text);
}

static GtkListItemFactory *label_factory(gboolean shorten) {
  GtkListItemFactory *f = gtk_signal_list_item_factory_new();
  g_signal_connect(f, "setup", G_CALLBACK(setup_label), GINT_TO_POINTER(shorten));
  g_signal_connect(f, "bind", G_CALLBACK(bind_label), NULL);
  return f;
}

void csv_import_form_init(UnrollCsvImport *self) {
  GtkWidget *pickers[] = {self->target, self->date, self->id, self->id_value, self->part};
  g_autoptr(GtkListItemFactory) button = label_factory(TRUE), list = label_factory(FALSE);
  for (size_t k = 0; k < G_N_ELEMENTS(pickers); k++) {
    gtk_drop_down_set_factory(GTK_DROP_DOWN(pickers[k]), button);
    gtk_drop_down_set_list_factory(GTK_DROP_DOWN(pickers[k]), list);
  }
}

/* The pickers from the table: numeric columns for the target, date
 * columns (after "Row order") for the dates, text columns with few
 * distinct values (after "None") for the series' ids. */
void csv_import_fill_pickers(UnrollCsvImport *self) {
  const ur_csv *csv = csv_import_table(self);
  GtkStringList *targets = gtk_string_list_new(NULL), *dates = gtk_string_list_new(NULL),
                *ids = gtk_string_list_new(NULL);
  int none = -1;
  g_array_set_size(self->target_cols, 0);
  g_array_set_size(self->date_cols, 0);
  g_array_set_size(self->id_cols, 0);
  g_array_append_val(self->date_cols, none);
  g_array_append_val(self->id_cols, none);
  gtk_string_list_append(dates, "Row order (no date column)");
  gtk_string_list_append(ids, "One per target column");
  for (int i = 0; i < csv->n_cols; i++) {
    if (csv->cols[i].type == UR_COL_NUMERIC) {
      g_array_append_val(self->target_cols, i);
      gtk_string_list_append(targets, csv->cols[i].name);
    } else if (csv->cols[i].type == UR_COL_DATE) {
      g_array_append_val(self->date_cols, i);
      gtk_string_list_append(dates, csv->cols[i].name);
    } else if (names_series(&csv->cols[i])) {
      g_array_append_val(self->id_cols, i);
      g_autofree char *each = g_strdup_printf("Each %s", csv->cols[i].name);
      gtk_string_list_append(ids, each);
    }
  }
  gtk_drop_down_set_model(GTK_DROP_DOWN(self->target), G_LIST_MODEL(targets));
  gtk_drop_down_set_model(GTK_DROP_DOWN(self->date), G_LIST_MODEL(dates));
  gtk_drop_down_set_model(GTK_DROP_DOWN(self->id), G_LIST_MODEL(ids));
  g_object_unref(targets);
  g_object_unref(dates);
  g_object_unref(ids);
}

/* The id column's values: every one (each its own series), or one. */
static void fill_id_values(UnrollCsvImport *self) {
  const ur_csv *csv = csv_import_table(self);
  int id = csv_import_selected_col(self->id, self->id_cols);
  GtkStringList *values = gtk_string_list_new(NULL);
  gtk_string_list_append(values, id >= 0 ? "All, each its own series" : "—");
  for (int l = 0; id >= 0 && l < csv->cols[id].n_labels; l++) gtk_string_list_append(values, csv->cols[id].label_names[l]);
  gtk_drop_down_set_model(GTK_DROP_DOWN(self->id_value), G_LIST_MODEL(values));
  g_object_unref(values);
}

/* ---- settings ⇄ widgets ------------------------------------------------- */

static void read_split_dates(UnrollCsvImport *self, ur_series_config *c, gboolean *ok, char *why, size_t whylen) {
  const ur_csv *csv = csv_import_table(self);
  GtkWidget *entries[2] = {self->valid_from, self->test_from};
  double *dst[2] = {&c->valid_from, &c->test_from};
  for (int k = 0; k < 2 && *ok; k++) {
    const char *s = gtk_editable_get_text(GTK_EDITABLE(entries[k]));
    g_autofree char *t = g_strstrip(g_strdup(s));
    if ((csv ? ur_csv_parse_date_like(csv, t, strlen(t), dst[k]) : ur_parse_date(t, strlen(t), 1, dst[k])) != 0) {
      snprintf(why, whylen, "%s “%s” is not a date (2021-06-30, or as the file writes its dates)",
               k ? "The test start" : "The validation start", t);
      *ok = FALSE;
    }
  }
}

/* The settings as shown; FALSE with the reason in why when a date typed
 * for the split is not a date (the engine would quietly split by
 * fractions instead). */
gboolean csv_import_read_config(UnrollCsvImport *self, ur_series_config *c, char *why, size_t whylen) {
  const ur_csv *csv = csv_import_table(self);
  ur_series_config_default(c);
  c->target = csv_import_selected_col(self->target, self->target_cols);
  c->date = csv_import_selected_col(self->date, self->date_cols);
  UnrollCsvColumns *cols = UNROLL_CSV_COLUMNS(self->columns);
  c->n_inputs = unroll_csv_columns_get_inputs(cols, c->inputs, UR_SERIES_MAX_FEATURES - 1);
  c->n_more_targets = unroll_csv_columns_get_series(cols, c->more_targets, UR_SERIES_MAX_TARGETS - 1);
  c->id = csv_import_selected_col(self->id, self->id_cols);
  guint v = gtk_drop_down_get_selected(GTK_DROP_DOWN(self->id_value));
  if (c->id >= 0 && v > 0 && (int)v <= csv->cols[c->id].n_labels)
    g_strlcpy(c->id_value, csv->cols[c->id].label_names[v - 1], sizeof c->id_value);
  for (int k = 0; k < 3; k++)
    if (gtk_check_button_get_active(GTK_CHECK_BUTTON(self->missing[k]))) c->missing = (ur_missing_policy)k;
  c->lookback = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->spins[SPIN_LOOKBACK]));
  c->horizon = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->spins[SPIN_HORIZON]));
  c->stride = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->spins[SPIN_STRIDE]));
  c->kind = (ur_target_kind)gtk_drop_down_get_selected(GTK_DROP_DOWN(self->kind));
  if (c->kind == UR_TARGET_ONE_STEP) c->horizon = 1; /* the spin is off; one step is one value */
  c->transform = (ur_transform)gtk_drop_down_get_selected(GTK_DROP_DOWN(self->transform));
  guint season = gtk_drop_down_get_selected(GTK_DROP_DOWN(self->season));
  c->season = season == SEASON_NONE ? -1
              : season == SEASON_SET ? gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->spins[SPIN_SEASON]))
                                     : 0;
  c->train_frac = gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->spins[SPIN_TRAIN]));
  c->valid_frac = gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->spins[SPIN_VALID]));
  gboolean ok = TRUE;
  if (gtk_check_button_get_active(GTK_CHECK_BUTTON(self->by_dates))) read_split_dates(self, c, &ok, why, whylen);
  return ok;
}

static void set_date_entry(GtkWidget *entry, double t) {
  char buf[40];
  if (isnan(t)) return;
  chart_format_date(t, fmod(t, 86400.0) != 0, buf, sizeof buf);
  gtk_editable_set_text(GTK_EDITABLE(entry), buf);
}

/* Which settings apply: the horizon with more than one step, the split's
 * own fields, splitting by dates only with a date column, an id's values
 * only with an id column, the season's steps when set by hand. */
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
  gtk_widget_set_sensitive(self->id_value, csv_import_selected_col(self->id, self->id_cols) >= 0);
  gtk_widget_set_visible(self->spins[SPIN_SEASON],
                         gtk_drop_down_get_selected(GTK_DROP_DOWN(self->season)) == SEASON_SET);
  gtk_widget_set_sensitive(self->id, self->id_cols->len > 1);
  gtk_widget_set_tooltip_text(self->id, self->id_cols->len > 1 ? NULL
                              : "No column names series here (a text column with a few distinct values would)");
  double rest = 1 - gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->spins[SPIN_TRAIN])) -
                gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->spins[SPIN_VALID]));
  g_autofree char *t = rest > 0.0005 ? g_strdup_printf("test: the other %.0f %%", rest * 100)
                                     : g_strdup(rest > -0.0005 ? "test: none" : "test: over 100 %");
  gtk_label_set_text(GTK_LABEL(self->test_label), t);
}

static void apply_series(UnrollCsvImport *self, const ur_series_config *c) {
  const ur_csv *csv = csv_import_table(self);
  int id = position_of(self->id_cols, c->id);
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->id), id >= 0 ? (guint)id : 0);
  fill_id_values(self);
  guint v = 0;
  for (int l = 0; id > 0 && c->id_value[0] && l < csv->cols[c->id].n_labels; l++)
    if (!strcmp(csv->cols[c->id].label_names[l], c->id_value)) v = (guint)l + 1;
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->id_value), v);
  unroll_csv_columns_set_series(UNROLL_CSV_COLUMNS(self->columns), c->more_targets, c->n_more_targets);
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->transform),
                             (unsigned)c->transform < UR_TRANSFORM_COUNT ? c->transform : UR_TRANSFORM_WINDOW);
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->season), c->season < 0 ? SEASON_NONE : c->season > 0 ? SEASON_SET
                                                                                                      : SEASON_AUTO);
  if (c->season > 1) csv_import_set_spin(self->spins[SPIN_SEASON], c->season);
}

void csv_import_apply_config(UnrollCsvImport *self, const ur_series_config *c) {
  self->updating = TRUE;
  int t = position_of(self->target_cols, c->target), d = position_of(self->date_cols, c->date);
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->target), t >= 0 ? (guint)t : 0);
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->date), d >= 0 ? (guint)d : 0);
  unroll_csv_columns_set_roles(UNROLL_CSV_COLUMNS(self->columns),
                               csv_import_selected_col(self->target, self->target_cols),
                               csv_import_selected_col(self->date, self->date_cols),
                               csv_import_selected_col(self->id, self->id_cols));
  unroll_csv_columns_set_inputs(UNROLL_CSV_COLUMNS(self->columns), c->inputs, c->n_inputs);
  apply_series(self, c);
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
static void on_fix(GtkButton *b, UnrollCsvImport *self) { (void)b; csv_import_apply_fix(self); }

static void on_part(GObject *o, GParamSpec *ps, UnrollCsvImport *self) {
  (void)o; (void)ps;
  if (!self->updating) csv_import_show_part(self);
}

static void on_id(GObject *o, GParamSpec *ps, UnrollCsvImport *self) {
  (void)o; (void)ps;
  if (self->updating) return;
  self->updating = TRUE;
  fill_id_values(self);
  self->updating = FALSE;
  csv_import_edited(self);
}

static void on_season(GObject *o, GParamSpec *ps, UnrollCsvImport *self) {
  (void)o; (void)ps;
  /* a season set by hand starts from the one the dates gave */
  if (!self->updating && gtk_drop_down_get_selected(GTK_DROP_DOWN(self->season)) == SEASON_SET && self->last &&
      self->last->series.season > 1) {
    self->updating = TRUE;
    csv_import_set_spin(self->spins[SPIN_SEASON], self->last->series.season);
    self->updating = FALSE;
  }
  csv_import_edited(self);
}

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

/* ---- the template ------------------------------------------------------- */

#define BIND(name) gtk_widget_class_bind_template_child(wc, UnrollCsvImport, name)

void csv_import_class_init_template(GtkWidgetClass *wc) {
  static const char *spin_ids[N_SPINS] = {"lookback", "horizon", "stride", "train", "valid", "season_steps"};
  static const char *missing_ids[3] = {"missing_interpolate", "missing_carry_forward", "missing_drop"};
  gtk_widget_class_set_template_from_resource(wc, "/io/github/unroll/Unroll/ui/unroll-csv-import.ui");
  BIND(spinner); BIND(reading_label); BIND(progress); BIND(failed_label); BIND(file_label); BIND(use); BIND(cancel);
  BIND(settings); BIND(format_label); BIND(columns); BIND(target); BIND(date); BIND(kind);
  BIND(date_format); BIND(reread); BIND(date_words); BIND(order_box); BIND(day_first); BIND(month_first);
  BIND(id); BIND(id_value); BIND(series_words); BIND(transform); BIND(transform_words); BIND(season);
  BIND(season_words); BIND(by_fractions); BIND(by_dates); BIND(test_label); BIND(valid_from); BIND(test_from);
  BIND(found); BIND(warnings); BIND(timeline); BIND(part); BIND(status); BIND(fix);
  BIND(top);
  for (int k = 0; k < N_SPINS; k++)
    gtk_widget_class_bind_template_child_full(wc, spin_ids[k], FALSE,
                                              G_STRUCT_OFFSET(UnrollCsvImport, spins) + k * (gssize)sizeof(GtkWidget *));
  for (int k = 0; k < 3; k++)
    gtk_widget_class_bind_template_child_full(wc, missing_ids[k], FALSE,
                                              G_STRUCT_OFFSET(UnrollCsvImport, missing) + k * (gssize)sizeof(GtkWidget *));
  gtk_widget_class_bind_template_callback(wc, on_spin);
  gtk_widget_class_bind_template_callback(wc, on_toggled);
  gtk_widget_class_bind_template_callback(wc, on_notify);
  gtk_widget_class_bind_template_callback(wc, on_inputs);
  gtk_widget_class_bind_template_callback(wc, on_entry);
  gtk_widget_class_bind_template_callback(wc, on_kind);
  gtk_widget_class_bind_template_callback(wc, on_by_dates);
  gtk_widget_class_bind_template_callback(wc, on_id);
  gtk_widget_class_bind_template_callback(wc, on_season);
  gtk_widget_class_bind_template_callback(wc, on_part);
  gtk_widget_class_bind_template_callback(wc, on_fix);
  gtk_widget_class_bind_template_callback(wc, csv_import_on_use);
  gtk_widget_class_bind_template_callback(wc, csv_import_on_cancel);
  csv_import_dates_bind(wc);
}
