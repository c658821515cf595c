/* unroll-csv-import-remake.c: the import dialog's series, remade after
 * every edit, and what the dialog says of it (see unroll-csv-import.h).
 *
 * Every edit goes the same way: csv_import_edited() → a 60 ms timeout (a
 * spin button dragged gives one remake, not fifty) → start_remake(): the
 * settings from the widgets and the window's model, unroll_csv_preview in
 * a worker → on_remade(): the timeline, the counts, what was found, what to
 * watch and its fix, the status line, and Use.  One worker at a time; an
 * edit made while it runs marks the result stale and starts another when
 * it ends.
 */
#include "unroll-csv-import-private.h"
#include <math.h>
#include "unroll-csv-columns.h"

static void start_remake(UnrollCsvImport *self);

void csv_import_set_use_sensitive(UnrollCsvImport *self) {
  gtk_widget_set_sensitive(self->use, self->state == UNROLL_CSV_IMPORT_READY && self->ok && !self->busy &&
                                          !self->remake_id);
}

static gboolean remake_due(gpointer data) {
  UnrollCsvImport *self = data;
  self->remake_id = 0;
  start_remake(self);
  return G_SOURCE_REMOVE;
}

void csv_import_edited(UnrollCsvImport *self) {
  if (self->updating || self->state != UNROLL_CSV_IMPORT_READY) return;
  self->updating = TRUE;
  csv_import_update_sensitivity(self);
  unroll_csv_columns_set_roles(UNROLL_CSV_COLUMNS(self->columns),
                               csv_import_selected_col(self->target, self->target_cols),
                               csv_import_selected_col(self->date, self->date_cols),
                               csv_import_selected_col(self->id, self->id_cols));
  csv_import_show_date_format(self);
  self->updating = FALSE;
  if (self->remake_id) g_source_remove(self->remake_id);
  self->remake_id = g_timeout_add(60, remake_due, self);
  csv_import_set_use_sensitive(self);
}

/* ---- what the dialog says ------------------------------------------------- */

static void show_status(UnrollCsvImport *self, const char *markup, gboolean error) {
  gtk_label_set_markup(GTK_LABEL(self->status), markup);
  if (error) gtk_widget_add_css_class(self->status, "error");
  else gtk_widget_remove_css_class(self->status, "error");
}

static void show_fix(UnrollCsvImport *self, const UnrollCsvFix *fix) {
  self->fix_now = *fix;
  gtk_widget_set_visible(self->fix, fix->kind != UNROLL_CSV_FIX_NONE);
  if (fix->kind != UNROLL_CSV_FIX_NONE) gtk_button_set_label(GTK_BUTTON(self->fix), fix->label);
}

/* One line a warning, each after a sign in the theme's warning colour
 * (GTK 4.8's Adwaita colours no label.warning). */
static void show_warnings(UnrollCsvImport *self, const char *text) {
  GdkRGBA c = {0.96f, 0.47f, 0.0f, 1.0f};
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS /* GtkStyleContext: not deprecated before 4.10 */
  gtk_style_context_lookup_color(gtk_widget_get_style_context(self->warnings), "warning_color", &c);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_autofree char *colour = g_strdup_printf("#%02x%02x%02x", (int)(c.red * 255 + 0.5), (int)(c.green * 255 + 0.5),
                                            (int)(c.blue * 255 + 0.5));
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  GString *m = g_string_new(NULL);
  for (int i = 0; text[0] && lines[i]; i++) {
    g_autofree char *esc = g_markup_escape_text(lines[i], -1);
    g_string_append_printf(m, "%s<span foreground=\"%s\">⚠</span> %s", i ? "\n" : "", colour, esc);
  }
  gtk_label_set_markup(GTK_LABEL(self->warnings), m->str);
  gtk_widget_set_visible(self->warnings, text[0] != 0);
  g_string_free(m, TRUE);
}

/* The transform's line: what it does, or why it cannot apply. */
static void show_transform_words(UnrollCsvImport *self, const char *problem) {
  ur_transform t = (ur_transform)gtk_drop_down_get_selected(GTK_DROP_DOWN(self->transform));
  gboolean bad = problem && t == UR_TRANSFORM_LOG && strstr(problem, "log transform");
  gtk_label_set_text(GTK_LABEL(self->transform_words), bad ? problem : unroll_csv_transform_words(t));
  if (bad) gtk_widget_add_css_class(self->transform_words, "error");
  else gtk_widget_remove_css_class(self->transform_words, "error");
}

static void show_problem(UnrollCsvImport *self, const char *engine) {
  UnrollCsvFix fix;
  g_autofree char *why = unroll_csv_phrase_error(engine, &fix);
  g_autofree char *esc = g_markup_escape_text(why, -1);
  g_autofree char *m = g_strdup_printf("<b>These settings do not work:</b> %s", esc);
  show_status(self, m, TRUE);
  show_fix(self, &fix);
  show_warnings(self, "");
  show_transform_words(self, why);
  gtk_label_set_text(GTK_LABEL(self->found), "");
  g_clear_pointer(&self->last, unroll_csv_preview_free);
  gtk_widget_set_visible(self->part, FALSE);
  unroll_csv_timeline_set_column(UNROLL_CSV_TIMELINE(self->timeline), csv_import_table(self),
                                 csv_import_selected_col(self->target, self->target_cols),
                                 "The spans appear when the settings work (see below).");
}

/* No column holds numbers: name a cell that shows why, as the engine's
 * messages do. */
static void show_no_target(UnrollCsvImport *self) {
  const ur_csv *csv = csv_import_table(self);
  char why[512];
  int k = 0;
  while (k < csv->n_cols && (csv->cols[k].type != UR_COL_TEXT || csv->cols[k].first_invalid_row < 0)) k++;
  if (k < csv->n_cols)
    g_snprintf(why, sizeof why, "no column holds numbers, so there is nothing to forecast: line %d, column %d "
               "(“%s”) holds text (“%s”)", ur_csv_line_of_row(csv, csv->cols[k].first_invalid_row), k + 1,
               csv->cols[k].name, csv->cols[k].first_invalid);
  else
    g_snprintf(why, sizeof why, "no column holds numbers, so there is nothing to forecast");
  show_problem(self, why);
}

/* What each policy acts on: the empty cells, and the instants the step
 * expects that no row has (gaps, known once a series is made). */
static void update_missing_labels(UnrollCsvImport *self, const UnrollCsvPreview *p) {
  long cells = p->cells_missing, gaps = p->ok ? p->series.n_gaps : 0;
  g_autofree char *what = cells && gaps ? g_strdup_printf("%ld cell%s and %ld gap%s", cells, cells == 1 ? "" : "s", gaps,
                                                          gaps == 1 ? "" : "s")
                          : cells     ? g_strdup_printf("%ld cell%s", cells, cells == 1 ? "" : "s")
                          : gaps      ? g_strdup_printf("%ld gap%s", gaps, gaps == 1 ? "" : "s")
                                      : NULL;
  g_autofree char *a = what ? g_strdup_printf("_Interpolate %s", what) : g_strdup("_Interpolate (nothing missing)");
  g_autofree char *b = what ? g_strdup_printf("_Carry forward %s", what) : g_strdup("_Carry forward");
  g_autofree char *c = gaps ? g_strdup_printf("_Drop %d row%s, split at gaps", p->rows_missing,
                                              p->rows_missing == 1 ? "" : "s")
                            : g_strdup_printf("_Drop %d row%s", p->rows_missing, p->rows_missing == 1 ? "" : "s");
  gtk_check_button_set_label(GTK_CHECK_BUTTON(self->missing[0]), a);
  gtk_check_button_set_label(GTK_CHECK_BUTTON(self->missing[1]), b);
  gtk_check_button_set_label(GTK_CHECK_BUTTON(self->missing[2]), c);
}

/* How the target reaches the model, in the series' units. */
static void append_scaling(GString *m, const ur_series *s, const char *target) {
  const char *each = s->n_parts > 1 ? " (each series its own)" : "";
  switch (s->cfg.transform) {
  case UR_TRANSFORM_NONE:
    g_string_append_printf(m, " Standardised with the training span's mean (%.4g) and deviation (%.4g) of %s%s.",
                           s->mean[0], s->scale[0], target, each);
    break;
  case UR_TRANSFORM_DIFFERENCE:
    g_string_append_printf(m, " The changes of %s, standardised with the training span's (mean %.4g, deviation %.4g)%s.",
                           target, s->parts[0].dmean, s->parts[0].dscale, each);
    break;
  case UR_TRANSFORM_WINDOW:
    g_string_append_printf(m, " Each window scaled by its own mean and deviation of %s.", target);
    break;
  case UR_TRANSFORM_LOG:
    g_string_append_printf(m, " The logarithm of %s, standardised with the training span's (mean %.4g, deviation "
                           "%.4g)%s.", target, s->parts[0].lmean, s->parts[0].lscale, each);
    break;
  default: break;
  }
  g_string_append(m, " Errors and charts stay in its units.");
}

static void show_status_of(UnrollCsvImport *self, const UnrollCsvPreview *p) {
  const ur_series *s = &p->series;
  const ur_series_config *c = &p->cfg;
  GString *m = g_string_new(NULL);
  g_string_append_printf(m, "<b>%d training, %d validation, %d test windows</b>", p->windows[0], p->windows[1],
                         p->windows[2]);
  if (s->n_parts > 1) g_string_append_printf(m, " over %d series", s->n_parts);
  g_string_append_printf(m, ". Each: %d rows of ", c->lookback);
  for (int f = 0; f < s->n_features; f++) {
    g_autofree char *esc = g_markup_escape_text(s->names[f], -1);
    g_string_append_printf(m, "%s%s", f == 0 ? "" : f == s->n_features - 1 ? " and " : ", ", esc);
  }
  g_autofree char *target = g_markup_escape_text(s->names[0], -1);
  if (c->kind == UR_TARGET_ONE_STEP) g_string_append_printf(m, " → the next %s.", target);
  else if (c->kind == UR_TARGET_VECTOR) g_string_append_printf(m, " → the next %d values of %s.", c->horizon, target);
  else g_string_append_printf(m, " → at every step, the %d values of %s after it.", c->horizon, target);
  int filled = p->cells_missing;
  if (c->missing == UR_MISSING_DROP && s->n_dropped - p->rows_undated > 0)
    g_string_append_printf(m, " %ld rows with missing cells dropped.", s->n_dropped - p->rows_undated);
  else if (c->missing != UR_MISSING_DROP && filled > 0)
    g_string_append_printf(m, " %d cell%s %s.", filled, filled == 1 ? "" : "s",
                           c->missing == UR_MISSING_INTERPOLATE ? "interpolated" : "carried forward");
  if (p->rows_undated) g_string_append_printf(m, " %d rows without a readable date left out.", p->rows_undated);
  append_scaling(m, s, target);
  show_status(self, m->str, FALSE);
  g_string_free(m, TRUE);
}

/* The Series and Season rows' words. */
static void show_series_words(UnrollCsvImport *self, const UnrollCsvPreview *p) {
  const ur_series *s = &p->series;
  GString *t = g_string_new(NULL);
  g_string_append_printf(t, "%d series", s->n_parts);
  for (int i = 0; s->n_parts > 1 && i < s->n_parts && i < 4; i++)
    g_string_append_printf(t, "%s%s", i ? ", " : ": ", s->parts[i].name);
  if (s->n_parts > 4) g_string_append(t, ", …");
  gtk_label_set_text(GTK_LABEL(self->series_words), t->str);
  g_string_free(t, TRUE);
  g_autofree char *season = NULL;
  guint mode = gtk_drop_down_get_selected(GTK_DROP_DOWN(self->season));
  if (mode == SEASON_SET) season = g_strdup("steps");
  else if (mode == SEASON_NONE) season = g_strdup("no seasonal naive forecast");
  else if (s->season > 0) season = g_strdup_printf("%d steps (%s)", s->season, s->step.words);
  else if (s->has_time && g_str_has_prefix(s->step.words, "every "))
    season = g_strdup_printf("none for a step %s", s->step.words); /* not "a every minute step" */
  else if (s->has_time && s->step.kind == UR_STEP_IRREGULAR) season = g_strdup("none for an irregular step");
  else if (s->has_time) season = g_strdup_printf("none for a %s step", s->step.words);
  else season = g_strdup("none without dates");
  gtk_label_set_text(GTK_LABEL(self->season_words), season);
}

/* The part picker: the series' names, the one shown kept by name. */
static void fill_part_picker(UnrollCsvImport *self, const ur_series *s) {
  GObject *item = gtk_drop_down_get_selected_item(GTK_DROP_DOWN(self->part));
  g_autofree char *was = item ? g_strdup(gtk_string_object_get_string(GTK_STRING_OBJECT(item))) : NULL;
  gboolean u = self->updating;
  self->updating = TRUE;
  unroll_csv_timeline_fill_picker(GTK_DROP_DOWN(self->part), s, was);
  self->updating = u;
}

void csv_import_show_part(UnrollCsvImport *self) {
  if (!self->last) return;
  const ur_series *s = &self->last->series;
  guint part = gtk_drop_down_get_selected(GTK_DROP_DOWN(self->part));
  unroll_csv_timeline_set_series(UNROLL_CSV_TIMELINE(self->timeline), s, part < (guint)s->n_parts ? (int)part : 0);
}

static void show_series(UnrollCsvImport *self, UnrollCsvPreview *p) {
  const ur_series *s = &p->series;
  show_status_of(self, p);
  show_series_words(self, p);
  show_transform_words(self, NULL);
  g_autofree char *found = unroll_csv_found(s);
  gtk_label_set_text(GTK_LABEL(self->found), found);
  UnrollCsvFix fix;
  g_autofree char *warnings = unroll_csv_warnings(p, &fix);
  show_warnings(self, warnings);
  show_fix(self, &fix);
  g_clear_pointer(&self->last, unroll_csv_preview_free);
  self->last = p;
  fill_part_picker(self, s);
  csv_import_show_part(self);
  self->bound_time[0] = s->has_time && s->train_end < s->n_rows ? ur_series_time(s, 0, s->train_end) : NAN;
  self->bound_time[1] = s->has_time && s->valid_end < s->n_rows ? ur_series_time(s, 0, s->valid_end) : NAN;
}

/* ---- remaking ------------------------------------------------------------ */

/* A fresh file whose dates repeat holds several series (a long file):
 * each value of its first id column a series, as a person would choose. */
static gboolean guess_id(UnrollCsvImport *self, const UnrollCsvPreview *p) {
  gboolean guess = self->guess_id && !p->ok && strstr(p->error, "have the same date") && self->id_cols->len > 1 &&
                   gtk_drop_down_get_selected(GTK_DROP_DOWN(self->id)) == 0;
  self->guess_id = FALSE;
  if (guess) gtk_drop_down_set_selected(GTK_DROP_DOWN(self->id), 1); /* on_id remakes */
  return guess;
}

static void on_remade(GObject *source, GAsyncResult *result, gpointer data) {
  (void)source;
  UnrollCsvImport *self = data;
  UnrollCsvPreview *p = unroll_csv_preview_finish(result, NULL);
  self->busy = FALSE;
  if (self->disposed || !p || self->state != UNROLL_CSV_IMPORT_READY) {
    unroll_csv_preview_free(p);
    g_object_unref(self);
    return;
  }
  if (p->fitted) { /* the lookback the series fits, whether or not an edit came meanwhile */
    self->updating = TRUE;
    csv_import_set_spin(self->spins[SPIN_LOOKBACK], p->cfg.lookback);
    self->updating = FALSE;
  }
  if (self->stale) {
    unroll_csv_preview_free(p);
    start_remake(self);
  } else if (guess_id(self, p)) {
    unroll_csv_preview_free(p);
  } else {
    update_missing_labels(self, p);
    self->ok = p->ok;
    if (p->ok) show_series(self, p); /* kept: the part picker shows its other series */
    else {
      show_problem(self, p->error);
      unroll_csv_preview_free(p);
    }
  }
  csv_import_set_use_sensitive(self);
  g_object_unref(self);
}

static void start_remake(UnrollCsvImport *self) {
  if (self->busy) { /* one worker at a time: this edit is picked up when it ends */
    self->stale = TRUE;
    return;
  }
  char why[512];
  UnrollCsvRequest *req = g_new0(UnrollCsvRequest, 1);
  self->ok = FALSE;
  if (csv_import_selected_col(self->target, self->target_cols) < 0) {
    show_no_target(self);
  } else if (!csv_import_read_config(self, &req->cfg, why, sizeof why)) {
    show_problem(self, why);
  } else {
    req->fit_lookback = self->fit_lookback;
    self->fit_lookback = FALSE; /* once, on the settings a file starts from */
    req->has_model = self->has_model;
    req->model = self->model;
    self->busy = TRUE;
    self->stale = FALSE;
    unroll_csv_preview_async(self->table, req, self->cancellable, on_remade, g_object_ref(self));
  }
  g_free(req);
  csv_import_set_use_sensitive(self);
}

/* ---- the fix button ---------------------------------------------------------- */

void csv_import_apply_fix(UnrollCsvImport *self) {
  const UnrollCsvFix *f = &self->fix_now;
  switch (f->kind) {
  case UNROLL_CSV_FIX_LOOKBACK: csv_import_set_spin(self->spins[SPIN_LOOKBACK], f->value); break;
  case UNROLL_CSV_FIX_HORIZON: csv_import_set_spin(self->spins[SPIN_HORIZON], f->value); break;
  case UNROLL_CSV_FIX_SPLIT:
    gtk_check_button_set_active(GTK_CHECK_BUTTON(self->by_fractions), TRUE);
    csv_import_set_spin(self->spins[SPIN_VALID], f->value2);
    csv_import_set_spin(self->spins[SPIN_TRAIN], f->value);
    break;
  case UNROLL_CSV_FIX_TRANSFORM: gtk_drop_down_set_selected(GTK_DROP_DOWN(self->transform), (guint)f->value); break;
  default: return;
  }
  gtk_widget_set_visible(self->fix, FALSE);
  csv_import_edited(self);
}
