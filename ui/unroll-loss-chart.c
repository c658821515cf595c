/* unroll-loss-chart.c: see unroll-loss-chart.h. */
#include "unroll-loss-chart.h"
#include <math.h>
#include "chart-loss.h"
#include "unroll-chart.h"

struct _UnrollLossChart {
  GtkWidget parent_instance;
  UnrollTrainer *trainer;
  GPtrArray *runs; /* UnrollRun */
  gboolean log_scale, hover;
  double hover_x, hover_y;
};

G_DEFINE_FINAL_TYPE(UnrollLossChart, unroll_loss_chart, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_LOG_SCALE, N_PROPS };
static GParamSpec *props[N_PROPS];

typedef struct {
  UnrollLossChart *self;
  const chart_theme *theme;
  int hover;
} DrawCtx;

/* The selected runs and, on top, the one training. */
static void draw(cairo_t *cr, double w, double h, void *data) {
  DrawCtx *c = data;
  UnrollLossChart *self = c->self;
  const ur_run *live = self->trainer && unroll_trainer_is_running(self->trainer) ? unroll_trainer_get_run(self->trainer) : NULL;
  chart_loss_run *runs = g_new(chart_loss_run, self->runs->len + 1);
  int n = 0;
  for (guint i = 0; i < self->runs->len; i++) runs[n++] = (chart_loss_run){.run = unroll_run_get(self->runs->pdata[i])};
  if (live) runs[n++] = (chart_loss_run){.run = live, .emphasis = 1};
  /* the baselines of the run that matters most: the one training, else the first selected */
  const ur_run *ref = live ? live : n ? runs[0].run : NULL;
  chart_loss_input in = {.runs = runs, .n_runs = n, .naive_mse = ref ? ref->naive_mse : NAN,
                         .linear_mse = ref ? ref->linear_mse : NAN, .snaive_mse = NAN, .log_y = self->log_scale,
                         .min_epochs = live ? live->train.epochs : 0, .hover = c->hover, .hover_x = self->hover_x,
                         .hover_y = self->hover_y};
  chart_draw_loss(cr, w, h, c->theme, &in);
  g_free(runs);
}

static void snapshot(GtkWidget *widget, GtkSnapshot *s) {
  UnrollLossChart *self = UNROLL_LOSS_CHART(widget);
  DrawCtx c = {self, unroll_chart_theme_for(widget), self->hover};
  unroll_chart_snapshot(widget, s, draw, &c);
}

gboolean unroll_loss_chart_export(UnrollLossChart *self, const char *path, GError **error) {
  DrawCtx c = {self, chart_theme_light(), FALSE}; /* files are for paper and slides: light, no pointer */
  return unroll_chart_export(GTK_WIDGET(self), path, draw, &c, error);
}

static void on_motion(GtkEventControllerMotion *m, double x, double y, UnrollLossChart *self) {
  (void)m;
  self->hover = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void on_leave(GtkEventControllerMotion *m, UnrollLossChart *self) {
  (void)m;
  self->hover = FALSE;
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void redraw(gpointer self) { gtk_widget_queue_draw(GTK_WIDGET(self)); }

void unroll_loss_chart_set_trainer(UnrollLossChart *self, UnrollTrainer *trainer) {
  g_return_if_fail(UNROLL_IS_LOSS_CHART(self));
  if (self->trainer) g_signal_handlers_disconnect_by_data(self->trainer, self);
  g_set_object(&self->trainer, trainer);
  if (trainer) {
    g_signal_connect_swapped(trainer, "progress", G_CALLBACK(redraw), self);
    g_signal_connect_swapped(trainer, "finished", G_CALLBACK(redraw), self);
  }
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* The legend and the subtitle name the runs: a renamed one is redrawn. */
static void forget_runs(UnrollLossChart *self) {
  for (guint i = 0; i < self->runs->len; i++) g_signal_handlers_disconnect_by_func(self->runs->pdata[i], redraw, self);
  g_ptr_array_set_size(self->runs, 0);
}

void unroll_loss_chart_set_runs(UnrollLossChart *self, GPtrArray *runs) {
  g_return_if_fail(UNROLL_IS_LOSS_CHART(self));
  forget_runs(self);
  for (guint i = 0; runs && i < runs->len; i++) {
    g_ptr_array_add(self->runs, g_object_ref(runs->pdata[i]));
    g_signal_connect_swapped(runs->pdata[i], "notify::name", G_CALLBACK(redraw), self);
  }
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

void unroll_loss_chart_set_log_scale(UnrollLossChart *self, gboolean log_scale) {
  g_return_if_fail(UNROLL_IS_LOSS_CHART(self));
  log_scale = !!log_scale;
  if (self->log_scale == log_scale) return;
  self->log_scale = log_scale;
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_LOG_SCALE]);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

gboolean unroll_loss_chart_get_log_scale(UnrollLossChart *self) { return self->log_scale; }

static void get_property(GObject *o, guint id, GValue *v, GParamSpec *ps) {
  if (id == PROP_LOG_SCALE) g_value_set_boolean(v, UNROLL_LOSS_CHART(o)->log_scale);
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
}
static void set_property(GObject *o, guint id, const GValue *v, GParamSpec *ps) {
  if (id == PROP_LOG_SCALE) unroll_loss_chart_set_log_scale(UNROLL_LOSS_CHART(o), g_value_get_boolean(v));
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
}

static void dispose(GObject *object) {
  UnrollLossChart *self = UNROLL_LOSS_CHART(object);
  if (self->trainer) g_signal_handlers_disconnect_by_data(self->trainer, self);
  g_clear_object(&self->trainer);
  if (self->runs) forget_runs(self);
  g_clear_pointer(&self->runs, g_ptr_array_unref);
  G_OBJECT_CLASS(unroll_loss_chart_parent_class)->dispose(object);
}

static void unroll_loss_chart_class_init(UnrollLossChartClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  oc->dispose = dispose;
  oc->get_property = get_property;
  oc->set_property = set_property;
  wc->snapshot = snapshot;
  wc->measure = unroll_chart_measure;
  props[PROP_LOG_SCALE] = g_param_spec_boolean("log-scale", NULL, NULL, FALSE,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties(oc, N_PROPS, props);
  gtk_widget_class_set_css_name(wc, "losschart");
  gtk_widget_class_set_accessible_role(wc, GTK_ACCESSIBLE_ROLE_IMG);
}

static void unroll_loss_chart_init(UnrollLossChart *self) {
  self->runs = g_ptr_array_new_with_free_func(g_object_unref);
  GtkEventController *m = gtk_event_controller_motion_new();
  g_signal_connect(m, "motion", G_CALLBACK(on_motion), self);
  g_signal_connect(m, "leave", G_CALLBACK(on_leave), self);
  gtk_widget_add_controller(GTK_WIDGET(self), m);
  gtk_widget_set_hexpand(GTK_WIDGET(self), TRUE);
  gtk_widget_set_vexpand(GTK_WIDGET(self), TRUE);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 "Learning curves: training and validation loss per epoch", -1);
}

GtkWidget *unroll_loss_chart_new(void) { return g_object_new(UNROLL_TYPE_LOSS_CHART, NULL); }
