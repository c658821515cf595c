/* unroll-forecast-chart.c: see unroll-forecast-chart.h. */
#include "unroll-forecast-chart.h"
#include <math.h>
#include "unroll-widget.h"
#include "chart-band.h"
#include "chart-forecast.h"
#include "unroll-chart.h"

struct _UnrollForecastChart {
  GtkWidget parent_instance;
  UnrollComparison *cmp;
  GtkWidget *area;    /* the chart (from the template, as the rest) */
  GtkWidget *scale;   /* the scrubber */
  GtkWidget *label;
  GtkWidget *focus, *future;
  int series;
};

G_DEFINE_FINAL_TYPE(UnrollForecastChart, unroll_forecast_chart, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_COMPARISON, N_PROPS };
static GParamSpec *props[N_PROPS];

typedef struct {
  UnrollForecastChart *self;
  const chart_theme *theme;
  UnrollChartView *view; /* NULL in an export */
} DrawCtx;

static const ur_run *first_run(UnrollForecastChart *self) {
  return unroll_run_group_get_first(unroll_comparison_get_group(self->cmp, 0));
}

/* The instants of window s's history and future on a dated CSV (L + H of
 * them), else NULL (x in steps). */
static double *window_times(const ur_comparison *d, int s) {
  const ur_series *ser = d->series;
  if (!d->csv.path[0] || !ser || !ser->has_time || s >= d->n_valid) return NULL;
  int part, L = d->n_steps, H = d->horizon;
  long first, origin;
  ur_windows_locate(&d->base, 1, d->shown[s], &part, &first, &origin);
  long at = origin - ser->parts[part].first - (L - 1);
  double *t = g_new(double, (size_t)(L + H));
  for (int i = 0; i < L + H; i++) t[i] = ur_series_time(ser, part, at + i);
  return t;
}

static int baseline_curves(const ur_comparison *d, int s, chart_curve *out) {
  int H = d->horizon, n = 0;
  out[n++] = (chart_curve){.name = "naive", .source = CHART_SOURCE_NAIVE, .y = d->naive + (size_t)s * H, .n = H};
  out[n++] = (chart_curve){.name = "linear", .source = CHART_SOURCE_LINEAR, .y = d->linear + (size_t)s * H, .n = H};
  if (d->snaive)
    out[n++] = (chart_curve){.name = "seasonal naive", .source = CHART_SOURCE_SNAIVE, .y = d->snaive + (size_t)s * H, .n = H};
  return n;
}

/* The validation window s, its truth, each group's median forecast with
 * its band, and the baselines. */
static void draw_window(cairo_t *cr, double w, double h, DrawCtx *c, const ur_comparison *d) {
  UnrollForecastChart *self = c->self;
  guint n = unroll_comparison_get_n_groups(self->cmp);
  int s = CLAMP(self->series, 0, d->n_valid - 1), H = d->horizon;
  chart_curve *curves = g_new(chart_curve, n + 3);
  float *scratch = g_new(float, (size_t)3 * (n + 1) * H);
  int k = unroll_chart_group_curves(self->cmp, s, curves, scratch);
  k += baseline_curves(d, s, curves + k);
  g_autofree double *time = window_times(d, s);
  const char *note = unroll_comparison_get_note(self->cmp);
  g_autofree char *sub = g_strdup_printf("validation series %d of %d%s%s", s + 1, d->n_valid, note[0] ? " · " : "", note);
  UnrollChartView *v = c->view;
  chart_forecast_input in = {.input = d->x + (size_t)s * d->n_steps, .n_steps = d->n_steps,
                             .truth = d->truth + (size_t)s * H, .horizon = H, .forecasts = curves, .n_forecasts = k,
                             .index = s, .count = d->n_valid, .focus = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(self->focus)),
                             .time = time, .y_label = d->csv.path[0] ? d->csv.target : NULL, .subtitle = sub,
                             .view = v ? &v->view : NULL, .axes_out = v ? &v->axes : NULL};
  chart_draw_forecast(cr, w, h, c->theme, &in);
  g_free(curves);
  g_free(scratch);
}

/* Past the end of the CSV: its last lookback rows, and each group's
 * forecast after them (future.h), dated when the series has a step. */
static void draw_future(cairo_t *cr, double w, double h, DrawCtx *c, const ur_comparison *d) {
  UnrollForecastChart *self = c->self;
  guint n = unroll_comparison_get_n_groups(self->cmp);
  const ur_future *past = NULL;
  int L = 0, H = 0;
  for (guint g = 0; g < n && !past; g++) {
    const ur_future *f[1];
    if (unroll_comparison_get_futures(self->cmp, g, f, 1)) past = f[0];
  }
  for (guint g = 0; g < n; g++) {
    const ur_future *f[UR_GROUP_MAX_MEMBERS];
    int k = unroll_comparison_get_futures(self->cmp, g, f, UR_GROUP_MAX_MEMBERS);
    for (int j = 0; j < k; j++) H = MAX(H, f[j]->h);
  }
  if (!past || H < 1) {
    chart_draw_empty(cr, c->theme, w, h, "Future", "The selected runs cannot forecast past the end of the file");
    return;
  }
  L = past->L;
  chart_curve *curves = g_new(chart_curve, n + 1);
  float *scratch = g_new(float, (size_t)3 * (n + 1) * H);
  double *time = g_new(double, (size_t)(L + H));
  gboolean dated = d->series && d->series->has_time;
  int nc = 0;
  for (guint g = 0; g < n; g++) {
    const ur_future *f[UR_GROUP_MAX_MEMBERS];
    const float *y[UR_GROUP_MAX_MEMBERS];
    int k = unroll_comparison_get_futures(self->cmp, g, f, UR_GROUP_MAX_MEMBERS), hg = 0;
    for (int j = 0; j < k; j++) y[j] = f[j]->value, hg = MAX(hg, f[j]->h);
    if (!k) continue;
    for (int j = 0; j < hg; j++) dated = dated && isfinite(f[0]->time[MIN(j, f[0]->h - 1)]);
    if (hg == H)
      for (int j = 0; j < H; j++) time[L + j] = f[0]->time[j];
    float *med = scratch + (size_t)3 * g * H, *lo = med + H, *hi = lo + H;
    chart_band_of_curves(y, k, hg, med, lo, hi);
    UnrollRunGroup *grp = unroll_comparison_get_group(self->cmp, g);
    curves[nc++] = (chart_curve){unroll_run_group_get_label(grp), CHART_SOURCE_RUN, unroll_run_group_get_first(grp)->colour,
                                 med, hg, k > 1 ? lo : NULL, k > 1 ? hi : NULL};
  }
  for (int i = 0; i < L; i++) time[i] = past->past_time[i];
  g_autofree char *base = g_path_get_basename(d->csv.path);
  g_autofree char *sub = g_strdup_printf("after the last %d rows of %s", L, base);
  UnrollChartView *v = c->view;
  chart_forecast_input in = {.input = past->past, .n_steps = L, .horizon = H, .forecasts = curves, .n_forecasts = nc,
                             .title = "Future", .focus = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(self->focus)),
                             .time = dated ? time : NULL, .y_label = d->csv.target, .subtitle = sub,
                             .view = v ? &v->view : NULL, .axes_out = v ? &v->axes : NULL};
  chart_draw_forecast(cr, w, h, c->theme, &in);
  g_free(curves);
  g_free(scratch);
  g_free(time);
}

static gboolean showing_future(UnrollForecastChart *self) {
  return gtk_widget_get_visible(self->future) && gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(self->future));
}

static void draw(cairo_t *cr, double w, double h, void *data) {
  DrawCtx *c = data;
  UnrollForecastChart *self = c->self;
  const ur_comparison *d = unroll_chart_compared(cr, w, h, c->theme, self->cmp, "Forecast",
                                                 "Select runs in the list to compare their forecasts");
  if (c->view) c->view->drawn = d != NULL;
  if (!d) return;
  if (showing_future(self)) draw_future(cr, w, h, c, d);
  else draw_window(cr, w, h, c, d);
  if (c->view) unroll_chart_view_draw_box(c->view, cr, c->theme);
}

static void draw_area(GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer data) {
  DrawCtx c = {data, unroll_chart_theme_for(GTK_WIDGET(area)), unroll_chart_view_of(GTK_WIDGET(area))};
  draw(cr, w, h, &c);
}

gboolean unroll_forecast_chart_export(UnrollForecastChart *self, const char *path, GError **error) {
  DrawCtx c = {self, chart_theme_light(), NULL};
  return unroll_chart_export(self->area, path, draw, &c, error);
}

static void update_controls(UnrollForecastChart *self) {
  const ur_comparison *d = self->cmp ? unroll_comparison_get_data(self->cmp) : NULL;
  gboolean any = d && unroll_comparison_get_n_groups(self->cmp);
  int n = any ? d->n_valid : 1;
  GtkAdjustment *a = gtk_range_get_adjustment(GTK_RANGE(self->scale));
  gtk_adjustment_configure(a, CLAMP(self->series, 0, n - 1) + 1, 1, n, 1, 10, 0);
  gtk_widget_set_sensitive(self->scale, n > 1 && !showing_future(self));
  /* the Future view is a CSV's: the synthetic series has no "after" */
  gtk_widget_set_visible(self->future, any && d->csv.path[0] && first_run(self)->data.csv.path[0]);
}

static void on_ready(UnrollComparison *cmp, UnrollForecastChart *self) {
  if (cmp) unroll_chart_view_follow(self->area, unroll_comparison_get_serial(cmp));
  update_controls(self);
  gtk_widget_queue_draw(self->area);
}

static void on_toggled(UnrollForecastChart *self) {
  unroll_chart_view_reset(self->area); /* another x range */
  update_controls(self);
}

static void on_scale(GtkRange *range, UnrollForecastChart *self) {
  int v = (int)gtk_range_get_value(range) - 1;
  if (v == self->series) return;
  self->series = v;
  char buf[64];
  g_snprintf(buf, sizeof buf, "Series %d", v + 1);
  gtk_label_set_label(GTK_LABEL(self->label), buf);
  unroll_chart_view_reset(self->area); /* another window: its own ranges */
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

void unroll_forecast_chart_set_focus(UnrollForecastChart *self, gboolean focus) {
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(self->focus), focus);
}
gboolean unroll_forecast_chart_get_focus(UnrollForecastChart *self) {
  return gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(self->focus));
}

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
  gtk_widget_class_bind_template_child(wc, UnrollForecastChart, focus);
  gtk_widget_class_bind_template_child(wc, UnrollForecastChart, future);
  gtk_widget_class_bind_template_callback(wc, on_scale);
  gtk_widget_class_bind_template_callback(wc, on_toggled);
}

static void unroll_forecast_chart_init(UnrollForecastChart *self) {
  gtk_orientable_set_orientation(GTK_ORIENTABLE(gtk_widget_get_layout_manager(GTK_WIDGET(self))), GTK_ORIENTATION_VERTICAL);
  gtk_widget_init_template(GTK_WIDGET(self));
  gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(self->area), draw_area, self, NULL);
  unroll_chart_view_of(self->area); /* zoom, pan */
}

GtkWidget *unroll_forecast_chart_new(UnrollComparison *comparison) {
  return g_object_new(UNROLL_TYPE_FORECAST_CHART, "comparison", comparison, NULL);
}
