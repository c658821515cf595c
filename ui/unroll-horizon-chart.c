/* unroll-horizon-chart.c: see unroll-horizon-chart.h. */
#include "unroll-horizon-chart.h"
#include "chart-forecast.h"
#include "chart-loss.h"
#include "unroll-chart.h"

struct _UnrollHorizonChart {
  GtkWidget parent_instance;
  UnrollComparison *cmp;
  gboolean log_scale;
};

G_DEFINE_FINAL_TYPE(UnrollHorizonChart, unroll_horizon_chart, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_COMPARISON, N_PROPS };
static GParamSpec *props[N_PROPS];

typedef struct {
  UnrollHorizonChart *self;
  const chart_theme *theme;
  UnrollChartView *view; /* NULL in an export */
} DrawCtx;

/* The baselines' errors per step ahead, after the groups' curves. */
static int baseline_curves(const ur_comparison *d, chart_curve *out) {
  int n = 0;
  out[n++] = (chart_curve){.name = "naive", .source = CHART_SOURCE_NAIVE, .y = d->naive_mse, .n = d->horizon};
  out[n++] = (chart_curve){.name = "linear", .source = CHART_SOURCE_LINEAR, .y = d->linear_mse, .n = d->horizon};
  if (d->snaive_mse)
    out[n++] = (chart_curve){.name = "seasonal naive", .source = CHART_SOURCE_SNAIVE, .y = d->snaive_mse, .n = d->horizon};
  return n;
}

static void draw(cairo_t *cr, double w, double h, void *data) {
  DrawCtx *c = data;
  UnrollHorizonChart *self = c->self;
  const char *title = "Error per step ahead";
  const ur_comparison *d = unroll_chart_compared(cr, w, h, c->theme, self->cmp, title,
                                                 "Select runs in the list to compare their error per step ahead");
  if (!d) return;
  guint n = unroll_comparison_get_n_groups(self->cmp);
  if (d->horizon < 2) {
    chart_draw_empty(cr, c->theme, w, h, title, "The selected runs forecast one step: select a multi-step run");
    return;
  }
  chart_curve *curves = g_new(chart_curve, n + 3);
  float *scratch = g_new(float, (size_t)3 * (n + 1) * d->horizon);
  int k = unroll_chart_group_curves(self->cmp, -1, curves, scratch);
  k += baseline_curves(d, curves + k);
  char ylab[160];
  chart_mse_label(unroll_run_group_get_first(unroll_comparison_get_group(self->cmp, 0)), ylab, sizeof ylab);
  UnrollChartView *v = c->view;
  chart_horizon_input in = {.curves = curves, .n_curves = k, .horizon = d->horizon, .log_y = self->log_scale,
                            .n_windows = d->n_windows, .title = title, .y_label = ylab, .view = v ? &v->view : NULL,
                            .axes_out = v ? &v->axes : NULL};
  chart_draw_horizon(cr, w, h, c->theme, &in);
  if (v) {
    v->drawn = TRUE;
    unroll_chart_view_draw_box(v, cr, c->theme);
  }
  g_free(curves);
  g_free(scratch);
}

static void snapshot(GtkWidget *widget, GtkSnapshot *s) {
  DrawCtx c = {UNROLL_HORIZON_CHART(widget), unroll_chart_theme_for(widget), unroll_chart_view_of(widget)};
  unroll_chart_snapshot(widget, s, draw, &c);
}

gboolean unroll_horizon_chart_export(UnrollHorizonChart *self, const char *path, GError **error) {
  DrawCtx c = {self, chart_theme_light(), NULL};
  return unroll_chart_export(GTK_WIDGET(self), path, draw, &c, error);
}

void unroll_horizon_chart_set_log_scale(UnrollHorizonChart *self, gboolean log_scale) {
  self->log_scale = !!log_scale;
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void on_ready(UnrollComparison *cmp, GtkWidget *self) {
  unroll_chart_view_follow(self, unroll_comparison_get_serial(cmp)); /* other runs: their own ranges */
  gtk_widget_queue_draw(self);
}

static void set_comparison(UnrollHorizonChart *self, UnrollComparison *cmp) {
  unroll_chart_follow_comparison(GTK_WIDGET(self), &self->cmp, cmp, G_CALLBACK(on_ready));
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void get_property(GObject *o, guint id, GValue *v, GParamSpec *ps) {
  if (id == PROP_COMPARISON) g_value_set_object(v, UNROLL_HORIZON_CHART(o)->cmp);
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
}
static void set_property(GObject *o, guint id, const GValue *v, GParamSpec *ps) {
  if (id == PROP_COMPARISON) set_comparison(UNROLL_HORIZON_CHART(o), g_value_get_object(v));
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
}

static void dispose(GObject *object) {
  UnrollHorizonChart *self = UNROLL_HORIZON_CHART(object);
  unroll_chart_follow_comparison(GTK_WIDGET(self), &self->cmp, NULL, NULL);
  G_OBJECT_CLASS(unroll_horizon_chart_parent_class)->dispose(object);
}

static void unroll_horizon_chart_class_init(UnrollHorizonChartClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  oc->dispose = dispose;
  oc->get_property = get_property;
  oc->set_property = set_property;
  props[PROP_COMPARISON] = unroll_chart_comparison_param();
  g_object_class_install_properties(oc, N_PROPS, props);
  wc->snapshot = snapshot;
  wc->measure = unroll_chart_measure;
  gtk_widget_class_set_css_name(wc, "horizonchart");
  gtk_widget_class_set_accessible_role(wc, GTK_ACCESSIBLE_ROLE_IMG);
}

static void unroll_horizon_chart_init(UnrollHorizonChart *self) {
  self->log_scale = TRUE;
  unroll_chart_view_of(GTK_WIDGET(self)); /* zoom, pan */
  gtk_widget_set_hexpand(GTK_WIDGET(self), TRUE);
  gtk_widget_set_vexpand(GTK_WIDGET(self), TRUE);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 "Mean squared error at each step ahead for every selected run and both baselines", -1);
}

GtkWidget *unroll_horizon_chart_new(UnrollComparison *comparison) {
  return g_object_new(UNROLL_TYPE_HORIZON_CHART, "comparison", comparison, NULL);
}
