/* unroll-csv-import-dates.c: the import dialog's date format row (see
 * unroll-csv-import.h): the date column's format in words and as a
 * strftime string, which the person may rewrite and read the file again
 * with (ur_csv_options.date_format); and, for a column whose every date
 * reads both ways (no day above 12), the choice of day or month first,
 * remembered across rereads (a column read with a given format no longer
 * says it was ambiguous). */
#include "unroll-csv-import-private.h"

static const ur_csv_column *date_column(UnrollCsvImport *self) {
  const ur_csv *csv = csv_import_table(self);
  int col = csv ? csv_import_selected_col(self->date, self->date_cols) : -1;
  return col >= 0 ? &csv->cols[col] : NULL;
}

/* Whether the format puts the day before the month. */
static gboolean day_before_month(const char *format) {
  const char *d = strstr(format, "%d"), *m = strstr(format, "%m");
  return d && (!m || d < m);
}

void csv_import_note_ambiguity(UnrollCsvImport *self) {
  const ur_csv *csv = csv_import_table(self);
  for (int i = 0; i < csv->n_cols; i++) {
    const ur_csv_column *c = &csv->cols[i];
    if (c->type != UR_COL_DATE || !c->date_alternative[0]) continue;
    gboolean day = day_before_month(c->date_format);
    g_strlcpy(self->order_column, c->name, sizeof self->order_column);
    g_strlcpy(self->order_formats[0], day ? c->date_format : c->date_alternative, sizeof self->order_formats[0]);
    g_strlcpy(self->order_formats[1], day ? c->date_alternative : c->date_format, sizeof self->order_formats[1]);
    return;
  }
}

/* The words beside the format: how the cells were read, and the cells
 * the format does not read, the first named. */
static char *format_words(UnrollCsvImport *self, const ur_csv_column *c, gboolean *bad) {
  const ur_csv *csv = csv_import_table(self);
  *bad = FALSE;
  if (!c) {
    for (int i = 0; i < csv->n_cols; i++)
      if (csv->cols[i].type == UR_COL_DATE) return g_strdup("the rows in file order");
    return g_strdup("no column reads as dates: type their format");
  }
  const char *words = unroll_csv_date_words(c);
  if (!strcmp(c->name, self->order_column)) return g_strdup("every date reads both ways:");
  if (c->n_invalid > 0 && c->first_invalid_row >= 0) {
    *bad = TRUE;
    return g_strdup_printf("%s; %d cell%s unreadable, first line %d: “%s”", words, c->n_invalid,
                           c->n_invalid == 1 ? "" : "s", ur_csv_line_of_row(csv, c->first_invalid_row),
                           c->first_invalid);
  }
  return g_strdup(words);
}

/* Read Again applies when the entry holds another format than the one
 * the column was read with. */
static void update_reread(UnrollCsvImport *self) {
  const ur_csv_column *c = date_column(self);
  const char *typed = gtk_editable_get_text(GTK_EDITABLE(self->date_format));
  gtk_widget_set_sensitive(self->reread, typed[0] && (!c || strcmp(typed, c->date_format)));
}

void csv_import_show_date_format(UnrollCsvImport *self) {
  const ur_csv_column *c = date_column(self);
  gboolean u = self->updating, bad;
  self->updating = TRUE;
  gtk_editable_set_text(GTK_EDITABLE(self->date_format), c ? c->date_format : "");
  g_autofree char *words = format_words(self, c, &bad);
  gtk_label_set_text(GTK_LABEL(self->date_words), words);
  gtk_widget_set_tooltip_text(self->date_words, words);
  if (bad) gtk_widget_add_css_class(self->date_words, "error");
  else gtk_widget_remove_css_class(self->date_words, "error");
  gboolean ambiguous = c && !strcmp(c->name, self->order_column);
  gtk_widget_set_visible(self->order_box, ambiguous);
  if (ambiguous)
    gtk_check_button_set_active(GTK_CHECK_BUTTON(day_before_month(c->date_format) ? self->day_first : self->month_first),
                                TRUE);
  self->updating = u;
  update_reread(self);
}

/* ---- the person's edits ------------------------------------------------- */

static void on_format_changed(GtkEditable *e, UnrollCsvImport *self) {
  (void)e;
  update_reread(self);
}

static void on_reread(GtkWidget *w, UnrollCsvImport *self) {
  (void)w;
  if (!gtk_widget_get_sensitive(self->reread)) return;
  const ur_csv_column *c = date_column(self);
  g_autofree char *format = g_strstrip(g_strdup(gtk_editable_get_text(GTK_EDITABLE(self->date_format))));
  g_autofree char *column = c ? g_strdup(c->name) : NULL;
  if (format[0]) csv_import_reread(self, format, column);
}

static void on_order(GtkCheckButton *b, UnrollCsvImport *self) {
  if (self->updating || !gtk_check_button_get_active(b)) return; /* a radio group toggles twice */
  const char *format = self->order_formats[GTK_WIDGET(b) == self->month_first];
  const ur_csv_column *c = date_column(self);
  if (c && strcmp(c->date_format, format)) csv_import_reread(self, format, self->order_column);
}

void csv_import_dates_bind(GtkWidgetClass *wc) {
  gtk_widget_class_bind_template_callback(wc, on_format_changed);
  gtk_widget_class_bind_template_callback(wc, on_reread);
  gtk_widget_class_bind_template_callback(wc, on_order);
}
