/* unroll-csv-source-panel.c: see unroll-csv-source-panel.h. */
#include "unroll-csv-source-panel.h"
#include "unroll-widget.h"
#include "unroll-csv-timeline.h"
#include "unroll-csv-work.h"

struct _UnrollCsvSourcePanel {
  GtkWidget parent_instance;
  GtkWidget *file_label, *path_label, *summary, *timeline, *problem, *part; /* from the template */
  ur_csv_source src;
  UnrollCsvTable *table;   /* the file as last read (its path: table->path) */
  UnrollCsvPreview *shown; /* the series the timeline shows one part of */
  GCancellable *cancellable;
  gboolean making, stale;
};

G_DEFINE_FINAL_TYPE(UnrollCsvSourcePanel, unroll_csv_source_panel, GTK_TYPE_WIDGET)

enum { SIG_CHANGE, SIG_SYNTHETIC, N_SIGNALS };
static guint signals[N_SIGNALS];

static void make(UnrollCsvSourcePanel *self);

static void show_problem(UnrollCsvSourcePanel *self, const char *why) {
  gtk_label_set_text(GTK_LABEL(self->problem), why ? why : "");
  gtk_widget_set_visible(self->problem, why != NULL);
}

/* The settings in words: what the model reads and what it forecasts. */
static void describe(UnrollCsvSourcePanel *self) {
  const ur_csv_source *s = &self->src;
  const ur_series_config *c = &s->cfg;
  g_autofree char *base = g_path_get_basename(s->path);
  gtk_label_set_text(GTK_LABEL(self->file_label), base);
  gtk_label_set_text(GTK_LABEL(self->path_label), s->path);
  GString *t = g_string_new(NULL);
  g_string_append_printf(t, "Forecasting %s from %d rows of %s", s->target, c->lookback, s->target);
  for (int i = 0; i < s->n_inputs; i++)
    g_string_append_printf(t, "%s%s", i == s->n_inputs - 1 ? " and " : ", ", s->inputs[i]);
  if (c->kind == UR_TARGET_ONE_STEP) g_string_append(t, ": the next value");
  else if (c->kind == UR_TARGET_VECTOR) g_string_append_printf(t, ": the next %d values", c->horizon);
  else g_string_append_printf(t, ": after every step, the next %d values", c->horizon);
  if (s->n_more_targets) g_string_append_printf(t, " · %d columns, each a series", 1 + s->n_more_targets);
  if (s->id[0] && c->id_value[0]) g_string_append_printf(t, " · the series %s of %s", c->id_value, s->id);
  else if (s->id[0]) g_string_append_printf(t, " · each %s a series", s->id);
  if (s->date[0]) g_string_append_printf(t, " · in the order of %s", s->date);
  else g_string_append(t, " · in file order");
  g_string_append_printf(t, " · transform: %s", ur_transform_name(c->transform));
  g_string_append_printf(t, " · missing cells: %s", ur_missing_policy_name(c->missing));
  if (c->stride > 1) g_string_append_printf(t, " · a window every %d rows", c->stride);
  gtk_label_set_text(GTK_LABEL(self->summary), t->str);
  g_string_free(t, TRUE);
}

static void show_part(UnrollCsvSourcePanel *self) {
  if (!self->shown) return;
  unroll_csv_timeline_set_series(UNROLL_CSV_TIMELINE(self->timeline), &self->shown->series,
                                 (int)gtk_drop_down_get_selected(GTK_DROP_DOWN(self->part)));
}

static void on_part(GObject *o, GParamSpec *ps, UnrollCsvSourcePanel *self) {
  (void)o; (void)ps;
  show_part(self);
}

static void on_made(GObject *source, GAsyncResult *result, gpointer data) {
  (void)source;
  UnrollCsvSourcePanel *self = data;
  UnrollCsvPreview *p = unroll_csv_preview_finish(result, NULL);
  self->making = FALSE;
  if (p && self->stale) make(self);
  else if (p && p->ok) {
    g_clear_pointer(&self->shown, unroll_csv_preview_free);
    self->shown = g_steal_pointer(&p);
    g_signal_handlers_block_by_func(self->part, on_part, self);
    unroll_csv_timeline_fill_picker(GTK_DROP_DOWN(self->part), &self->shown->series, NULL);
    g_signal_handlers_unblock_by_func(self->part, on_part, self);
    show_part(self);
    show_problem(self, NULL);
  } else if (p) {
    show_problem(self, p->error);
    g_clear_pointer(&self->shown, unroll_csv_preview_free);
    gtk_widget_set_visible(self->part, FALSE);
    unroll_csv_timeline_set_column(UNROLL_CSV_TIMELINE(self->timeline), NULL, -1, NULL);
  }
  unroll_csv_preview_free(p);
  g_object_unref(self);
}

/* The series from the file as read, with the columns found by name. */
static void make(UnrollCsvSourcePanel *self) {
  if (self->making) {
    self->stale = TRUE;
    return;
  }
  UnrollCsvRequest *req = g_new0(UnrollCsvRequest, 1);
  char err[512];
  self->stale = FALSE;
  if (ur_csv_source_resolve(&self->src, &self->table->csv, &req->cfg, err, sizeof err) != 0) {
    show_problem(self, err);
  } else {
    self->making = TRUE;
    unroll_csv_preview_async(self->table, req, self->cancellable, on_made, g_object_ref(self));
  }
  g_free(req);
}

static void on_read(GObject *source, GAsyncResult *result, gpointer data) {
  (void)source;
  UnrollCsvSourcePanel *self = data;
  g_autoptr(GError) error = NULL;
  UnrollCsvTable *t = unroll_csv_read_finish(result, &error);
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    unroll_csv_table_unref(t);
  } else if (!t) {
    show_problem(self, error->message);
  } else if (g_strcmp0(t->path, self->src.path) != 0) { /* another file was chosen meanwhile */
    unroll_csv_table_unref(t);
  } else {
    g_clear_pointer(&self->table, unroll_csv_table_unref);
    self->table = t;
    make(self);
  }
  g_object_unref(self);
}

void unroll_csv_source_panel_set_source(UnrollCsvSourcePanel *self, const ur_csv_source *src) {
  /* the same file read the same way: its date format, for its date column */
  gboolean same_file = self->table && !g_strcmp0(self->table->path, src->path) &&
                       !g_strcmp0(self->table->date_format, src->date_format[0] ? src->date_format : NULL) &&
                       (!src->date_format[0] || !g_strcmp0(self->table->date_column, src->date[0] ? src->date : NULL));
  gboolean same = same_file && !memcmp(&self->src, src, sizeof *src);
  self->src = *src;
  describe(self);
  if (same) return;
  if (same_file) {
    make(self);
    return;
  }
  g_clear_pointer(&self->table, unroll_csv_table_unref);
  show_problem(self, NULL);
  unroll_csv_timeline_set_column(UNROLL_CSV_TIMELINE(self->timeline), NULL, -1, "Reading the file…");
  UnrollCsvReadOptions opt = {src->date_format, src->date, NULL};
  unroll_csv_read_async(src->path, &opt, self->cancellable, on_read, g_object_ref(self));
}

static void on_change(GtkButton *b, UnrollCsvSourcePanel *self) {
  (void)b;
  g_signal_emit(self, signals[SIG_CHANGE], 0);
}
static void on_synthetic(GtkButton *b, UnrollCsvSourcePanel *self) {
  (void)b;
  g_signal_emit(self, signals[SIG_SYNTHETIC], 0);
}

static void dispose(GObject *object) {
  UnrollCsvSourcePanel *self = UNROLL_CSV_SOURCE_PANEL(object);
  g_cancellable_cancel(self->cancellable);
  unroll_widget_dispose_template(GTK_WIDGET(self), UNROLL_TYPE_CSV_SOURCE_PANEL);
  G_OBJECT_CLASS(unroll_csv_source_panel_parent_class)->dispose(object);
}

static void finalize(GObject *object) {
  UnrollCsvSourcePanel *self = UNROLL_CSV_SOURCE_PANEL(object);
  g_clear_pointer(&self->table, unroll_csv_table_unref);
  g_clear_pointer(&self->shown, unroll_csv_preview_free);
  g_clear_object(&self->cancellable);
  G_OBJECT_CLASS(unroll_csv_source_panel_parent_class)->finalize(object);
}

static void unroll_csv_source_panel_class_init(UnrollCsvSourcePanelClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = dispose;
  G_OBJECT_CLASS(klass)->finalize = finalize;
  g_type_ensure(UNROLL_TYPE_CSV_TIMELINE);
  unroll_widget_class_set_template(wc, "unroll-csv-source-panel.ui", GTK_TYPE_BIN_LAYOUT, "csvsource");
  gtk_widget_class_bind_template_child(wc, UnrollCsvSourcePanel, file_label);
  gtk_widget_class_bind_template_child(wc, UnrollCsvSourcePanel, path_label);
  gtk_widget_class_bind_template_child(wc, UnrollCsvSourcePanel, summary);
  gtk_widget_class_bind_template_child(wc, UnrollCsvSourcePanel, problem);
  gtk_widget_class_bind_template_child(wc, UnrollCsvSourcePanel, timeline);
  gtk_widget_class_bind_template_child(wc, UnrollCsvSourcePanel, part);
  gtk_widget_class_bind_template_callback(wc, on_part);
  gtk_widget_class_bind_template_callback(wc, on_change);
  gtk_widget_class_bind_template_callback(wc, on_synthetic);
  signals[SIG_CHANGE] = g_signal_new("change", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);
  signals[SIG_SYNTHETIC] = g_signal_new("synthetic", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
}

static void unroll_csv_source_panel_init(UnrollCsvSourcePanel *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->cancellable = g_cancellable_new();
  ur_csv_source_init(&self->src);
}

GtkWidget *unroll_csv_source_panel_new(void) { return g_object_new(UNROLL_TYPE_CSV_SOURCE_PANEL, NULL); }
