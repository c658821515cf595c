/* unroll-csv-timeline.c: see unroll-csv-timeline.h. */
#include "unroll-csv-timeline.h"
#include "unroll-chart.h"
#include "unroll-csv-work.h"

struct _UnrollCsvTimeline {
  GtkWidget parent_instance;
  chart_timeline_input in; /* points into the fields below */
  float *values;           /* n */
  double *time;            /* n, or NULL */
  char *name, *message;
};

G_DEFINE_FINAL_TYPE(UnrollCsvTimeline, unroll_csv_timeline, GTK_TYPE_WIDGET)

typedef struct {
  UnrollCsvTimeline *self;
  const chart_theme *theme;
} DrawCtx;

static void draw(cairo_t *cr, double w, double h, void *data) {
  DrawCtx *c = data;
  chart_draw_timeline(cr, w, h, c->theme, &c->self->in, NULL);
}

static void snapshot(GtkWidget *widget, GtkSnapshot *s) {
  DrawCtx c = {UNROLL_CSV_TIMELINE(widget), unroll_chart_theme_for(widget)};
  unroll_chart_snapshot(widget, s, draw, &c);
}

static void clear(UnrollCsvTimeline *self) {
  g_clear_pointer(&self->values, g_free);
  g_clear_pointer(&self->time, g_free);
  g_clear_pointer(&self->name, g_free);
  g_clear_pointer(&self->message, g_free);
  memset(&self->in, 0, sizeof self->in);
  self->in.train_end = -1;
}

/* Says in words what the picture shows, for screen readers. */
static void describe(UnrollCsvTimeline *self) {
  const chart_timeline_input *in = &self->in;
  g_autofree char *text = NULL;
  if (in->train_end < 0)
    text = g_strdup_printf("Timeline of %s: %d rows. %s", in->name ? in->name : "the series", in->n,
                           in->message ? in->message : "");
  else
    text = g_strdup_printf("Timeline of %s: training rows 1 to %d, %d windows; validation rows %d to %d, %d windows; "
                           "test rows %d to %d, %d windows",
                           in->name, in->train_end, in->windows[0], in->train_end + 1, in->valid_end, in->windows[1],
                           in->valid_end + 1, in->n, in->windows[2]);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

void unroll_csv_timeline_set_series(UnrollCsvTimeline *self, const ur_series *s, int part) {
  g_return_if_fail(UNROLL_IS_CSV_TIMELINE(self));
  clear(self);
  if (s && (part < 0 || part >= s->n_parts)) part = 0;
  const ur_series_part *q = s && s->n_parts > 0 ? &s->parts[part] : NULL;
  int n = q ? (int)q->rows : 0;
  if (n > 0) {
    int windows[3];
    unroll_csv_part_windows(s, part, windows);
    self->values = g_new(float, n);
    for (int i = 0; i < n; i++) self->values[i] = s->values[(size_t)(q->first + i) * s->n_features];
    if (s->has_time) {
      self->time = g_new(double, n);
      for (int i = 0; i < n; i++) self->time[i] = ur_series_time(s, part, i);
    }
    /* a series is named by its column (a wide file's), or its column and id: "price · AAA" */
    self->name = s->cfg.id >= 0 ? g_strdup_printf("%s · %s", s->names[0], q->name) : g_strdup(q->name);
    self->in = (chart_timeline_input){self->values, 1, self->time, n, s->has_time, (int)q->train_end,
                                      (int)q->valid_end, {windows[0], windows[1], windows[2]}, self->name, NULL};
  }
  describe(self);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

void unroll_csv_timeline_fill_picker(GtkDropDown *picker, const ur_series *s, const char *keep) {
  GtkStringList *names = gtk_string_list_new(NULL);
  guint at = 0;
  for (int i = 0; i < s->n_parts; i++) {
    gtk_string_list_append(names, s->parts[i].name);
    if (keep && !strcmp(keep, s->parts[i].name)) at = (guint)i;
  }
  gtk_drop_down_set_model(picker, G_LIST_MODEL(names));
  gtk_drop_down_set_selected(picker, at);
  g_object_unref(names);
  gtk_widget_set_visible(GTK_WIDGET(picker), s->n_parts > 1);
}

void unroll_csv_timeline_set_column(UnrollCsvTimeline *self, const ur_csv *csv, int col, const char *message) {
  g_return_if_fail(UNROLL_IS_CSV_TIMELINE(self));
  clear(self);
  self->message = g_strdup(message);
  self->in.message = self->message;
  if (csv && col >= 0 && col < csv->n_cols && csv->cols[col].type == UR_COL_NUMERIC && csv->n_rows > 0) {
    int n = csv->n_rows;
    self->values = g_new(float, n);
    for (int i = 0; i < n; i++) self->values[i] = (float)csv->cols[col].values[i];
    self->name = g_strdup(csv->cols[col].name);
    self->in.values = self->values;
    self->in.stride = 1;
    self->in.n = n;
    self->in.name = self->name;
  }
  describe(self);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void measure(GtkWidget *w, GtkOrientation o, int for_size, int *min, int *nat, int *min_base, int *nat_base) {
  (void)w; (void)for_size;
  *min = o == GTK_ORIENTATION_HORIZONTAL ? 320 : 170;
  *nat = o == GTK_ORIENTATION_HORIZONTAL ? 480 : 220; /* it takes what room it is given */
  *min_base = *nat_base = -1;
}

static void finalize(GObject *object) {
  clear(UNROLL_CSV_TIMELINE(object));
  G_OBJECT_CLASS(unroll_csv_timeline_parent_class)->finalize(object);
}

static void unroll_csv_timeline_class_init(UnrollCsvTimelineClass *klass) {
  G_OBJECT_CLASS(klass)->finalize = finalize;
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  wc->snapshot = snapshot;
  wc->measure = measure;
  gtk_widget_class_set_css_name(wc, "csvtimeline");
  gtk_widget_class_set_accessible_role(wc, GTK_ACCESSIBLE_ROLE_IMG);
}

static void unroll_csv_timeline_init(UnrollCsvTimeline *self) {
  self->in.train_end = -1;
  describe(self);
}

GtkWidget *unroll_csv_timeline_new(void) { return g_object_new(UNROLL_TYPE_CSV_TIMELINE, NULL); }
