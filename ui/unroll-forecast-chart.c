/* unroll-forecast-chart.c: see unroll-forecast-chart.h. */
#include "unroll-forecast-chart.h"
#include "unroll-widget.h"
#include "chart-forecast.h"
#include "unroll-chart.h"

struct _UnrollForecastChart {
  GtkWidget parent_instance;
  UnrollComparison *cmp;
  GtkWidget *area;    /* the chart (from the template, as the next two) */
  GtkWidget *scale;   /* the scrubber */
  GtkWidget *label;
  int series;
};

G_DEFINE_FINAL_TYPE(UnrollForecastChart, unroll_forecast_chart, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_COMPARISON, N_PROPS };
static GParamSpec *props[N_PROPS];

typedef struct {
  UnrollForecastChart *self;
  const chart_theme *theme;
} DrawCtx;

static void draw(cairo_t *cr, double w, double h, void *data) {
  DrawCtx *c = data;
  UnrollForecastChart *self = c->self;
  const ur_comparison *d = unroll_chart_compared(cr, w, h, c->theme, self->cmp, "Forecast",
                                                 "Select runs in the list to compare their forecasts");
  if (!d) return;
  guint n = unroll_comparison_get_n_runs(self->cmp);
  int s = CLAMP(self->series, 0, d->n_valid - 1), H = d->horizon, k = 0;
  chart_curve *curves = g_new(chart_curve, n + 2);
  for (guint i = 0; i < n; i++) {
    const ur_run_forecast *f = unroll_comparison_get_forecast(self->cmp, i);
    const ur_run *r = unroll_run_get(unroll_comparison_get_run(self->cmp, i));
    if (f) curves[k++] = (chart_curve){.name = r->name, .colour = r->colour, .y = f->y + (size_t)s * f->h, .n = f->h};
  }
  curves[k++] = (chart_curve){.name = "naive", .source = CHART_SOURCE_NAIVE, .y = d->naive + (size_t)s * H, .n = H};
  curves[k++] = (chart_curve){.name = "linear", .source = CHART_SOURCE_LINEAR, .y = d->linear + (size_t)s * H, .n = H};
  chart_forecast_input in = {.input = d->x + (size_t)s * d->n_steps, .n_steps = d->n_steps,
                             .truth = d->truth + (size_t)s * H, .horizon = H, .forecasts = curves, .n_forecasts = k,
                             .index = s, .count = d->n_valid};
  chart_draw_forecast(cr, w, h, c->theme, &in);
  g_free(curves);
}

static void draw_area(GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer data) {
  DrawCtx c = {data, unroll_chart_theme_for(GTK_WIDGET(area))};
  draw(cr, w, h, &c);
}

gboolean unroll_forecast_chart_export(UnrollForecastChart *self, const char *path, GError **error) {
  DrawCtx c = {self, chart_theme_light()};
  return unroll_chart_export(self->area, path, draw, &c, error);
}

static void update_scale(UnrollForecastChart *self) {
  const ur_comparison *d = self->cmp ? unroll_comparison_get_data(self->cmp) : NULL;
  int n = d && unroll_comparison_get_n_runs(self->cmp) ? d->n_valid : 1;
  GtkAdjustment *a = gtk_range_get_adjustment(GTK_RANGE(self->scale));
  gtk_adjustment_configure(a, CLAMP(self->series, 0, n - 1) + 1, 1, n, 1, 10, 0);
  gtk_widget_set_sensitive(self->scale, n > 1);
}

static void on_ready(UnrollComparison *cmp, UnrollForecastChart *self) {
  (void)cmp;
  update_scale(self);
  gtk_widget_queue_draw(self->area);
}

static void on_scale(GtkRange *range, UnrollForecastChart *self) {
  int v = (int)gtk_range_get_value(range) - 1;
  if (v == self->series) return;
  self->series = v;
  char buf[64];
  g_snprintf(buf, sizeof buf, "Series %d", v + 1);
  gtk_label_set_label(GTK_LABEL(self->label), buf);
  gtk_widget_queue_draw(self->area);
}

void unroll_forecast_chart_set_series(UnrollForecastChart *self, int index) {
  g_return_if_fail(UNROLL_IS_FORECAST_CHART(self));
  gtk_range_set_value(GTK_RANGE(self->scale), index + 1);
  if (self->series != index) { /* beyond the scale's range while nothing is compared */
    self->series = MAX(index, 0);
    gtk_widget_queue_draw(self->area);
  }
}
int unroll_forecast_chart_get_series(UnrollForecastChart *self) { return self->series; }

static void set_comparison(UnrollForecastChart *self, UnrollComparison *cmp) {
  unroll_chart_follow_comparison(GTK_WIDGET(self), &self->cmp, cmp, G_CALLBACK(on_ready));
  on_ready(cmp, self);
}

static void get_property(GObject *o, guint id, GValue *v, GParamSpec *ps) {
  if (id == PROP_COMPARISON) g_value_set_object(v, UNROLL_FORECAST_CHART(o)->cmp);
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
}
static void set_property(GObject *o, guint id, const GValue *v, GParamSpec *ps) {
  if (id == PROP_COMPARISON) set_comparison(UNROLL_FORECAST_CHART(o), g_value_get_object(v));
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
}

static void dispose(GObject *object) {
  UnrollForecastChart *self = UNROLL_FORECAST_CHART(object);
  unroll_chart_follow_comparison(GTK_WIDGET(self), &self->cmp, NULL, NULL);
  unroll_widget_dispose_template(GTK_WIDGET(self), UNROLL_TYPE_FORECAST_CHART);
  G_OBJECT_CLASS(unroll_forecast_chart_parent_class)->dispose(object);
}

static void unroll_forecast_chart_class_init(UnrollForecastChartClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  oc->dispose = dispose;
  oc->get_property = get_property;
  oc->set_property = set_property;
  props[PROP_COMPARISON] = unroll_chart_comparison_param();
  g_object_class_install_properties(oc, N_PROPS, props);
  unroll_widget_class_set_template(wc, "unroll-forecast-chart.ui", GTK_TYPE_BOX_LAYOUT, "forecastchart");
  gtk_widget_class_bind_template_child(wc, UnrollForecastChart, area);
  gtk_widget_class_bind_template_child(wc, UnrollForecastChart, scale);
  gtk_widget_class_bind_template_child(wc, UnrollForecastChart, label);
  gtk_widget_class_bind_template_callback(wc, on_scale);
}

static void unroll_forecast_chart_init(UnrollForecastChart *self) {
  gtk_orientable_set_orientation(GTK_ORIENTABLE(gtk_widget_get_layout_manager(GTK_WIDGET(self))), GTK_ORIENTATION_VERTICAL);
  gtk_widget_init_template(GTK_WIDGET(self));
  gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(self->area), draw_area, self, NULL);
}

GtkWidget *unroll_forecast_chart_new(UnrollComparison *comparison) {
  return g_object_new(UNROLL_TYPE_FORECAST_CHART, "comparison", comparison, NULL);
}
