/* unroll-loss-chart.c: see unroll-loss-chart.h. */
#include "unroll-loss-chart.h"
#include <math.h>
#include "chart-loss.h"
#include "unroll-chart.h"

struct _UnrollLossChart {
  GtkWidget parent_instance;
  UnrollTrainer *trainer;
  GPtrArray *groups; /* UnrollRunGroup: the selected ones */
  gboolean log_scale;
  double smoothing;  /* α of the per-batch curve; 0: the default */
};

G_DEFINE_FINAL_TYPE(UnrollLossChart, unroll_loss_chart, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_LOG_SCALE, PROP_SMOOTHING, N_PROPS };
static GParamSpec *props[N_PROPS];

typedef struct {
  UnrollLossChart *self;
  const chart_theme *theme;
  UnrollChartView *view; /* NULL in an export: no zoom, no pointer */
} DrawCtx;

/* What the chart draws: a chart_loss_run per group, its members' runs
 * held in `members` (k pointers per entry, one array for all). */
typedef struct {
  GArray *entries;   /* chart_loss_run */
  GPtrArray *members; /* const ur_run *, entries point into it: filled first, then pointed at */
  GArray *sizes;     /* int: members per entry */
  GPtrArray *labels; /* char *: each entry's legend name */
} Drawn;

static void drawn_add(Drawn *d, const ur_run *const *runs, int k, const char *label, int emphasis) {
  if (k < 1) return;
  for (int j = 0; j < k; j++) g_ptr_array_add(d->members, (gpointer)runs[j]);
  g_array_append_val(d->sizes, k);
  g_ptr_array_add(d->labels, g_strdup(label));
  chart_loss_run e = {.run = runs[0], .emphasis = emphasis, .label = NULL};
  g_array_append_val(d->entries, e);
}

/* The members of a group the trainer trains, as far as the main thread knows them. */
static int trainer_members(UnrollTrainer *t, int group, const ur_run **out, int max) {
  int k = t ? unroll_trainer_get_group_size(t, group) : 0, n = 0;
  for (int j = 0; j < k && n < max; j++) out[n++] = unroll_trainer_get_member(t, group, j);
  return n;
}

static gboolean selected_id(UnrollLossChart *self, int id) {
  for (guint i = 0; i < self->groups->len; i++) {
    UnrollRunGroup *g = self->groups->pdata[i];
    if (!unroll_run_group_is_view(g) && unroll_run_group_get_id(g) == id) return TRUE;
  }
  return FALSE;
}

/* The selected groups (a group that trains: the trainer's members, which
 * grow), then the groups training that are not selected, emphasised. */
static void gather(UnrollLossChart *self, Drawn *d) {
  const ur_run *runs[UR_GROUP_MAX_MEMBERS];
  for (guint i = 0; i < self->groups->len; i++) {
    UnrollRunGroup *g = self->groups->pdata[i];
    int id = unroll_run_group_get_id(g), k = 0;
    gboolean live = !unroll_run_group_is_view(g) && id >= 0 && self->trainer && unroll_trainer_get_group_size(self->trainer, id);
    if (live) k = trainer_members(self->trainer, id, runs, UR_GROUP_MAX_MEMBERS);
    else k = unroll_run_group_get_runs(g, runs, UR_GROUP_MAX_MEMBERS);
    drawn_add(d, runs, k, unroll_run_group_get_label(g), live);
  }
  for (guint i = 0; self->trainer && i < unroll_trainer_get_n_groups(self->trainer); i++) {
    int id = unroll_trainer_get_group_id(self->trainer, i);
    if (selected_id(self, id)) continue;
    int k = trainer_members(self->trainer, id, runs, UR_GROUP_MAX_MEMBERS);
    drawn_add(d, runs, k, k ? runs[0]->name : "", 1);
  }
  /* the members are all in; now each entry points at its own */
  guint at = 0;
  for (guint e = 0; e < d->entries->len; e++) {
    chart_loss_run *r = &g_array_index(d->entries, chart_loss_run, e);
    r->members = (const ur_run *const *)&d->members->pdata[at];
    r->n_members = g_array_index(d->sizes, int, e);
    r->label = d->labels->pdata[e];
    at += (guint)r->n_members;
  }
}

static void draw(cairo_t *cr, double w, double h, void *data) {
  DrawCtx *c = data;
  UnrollLossChart *self = c->self;
  Drawn d = {g_array_new(FALSE, FALSE, sizeof(chart_loss_run)), g_ptr_array_new(), g_array_new(FALSE, FALSE, sizeof(int)),
             g_ptr_array_new_with_free_func(g_free)};
  gather(self, &d);
  double naive, linear, snaive;
  char note[160], ylab[160] = "loss";
  chart_loss_baselines((const ur_run *const *)d.members->pdata, (int)d.members->len, &naive, &linear, &snaive, note,
                       sizeof note);
  if (d.members->len) chart_loss_y_label(d.members->pdata[0], self->log_scale, ylab, sizeof ylab);
  int planned = 0;
  for (guint e = 0; e < d.entries->len; e++) {
    const chart_loss_run *r = &g_array_index(d.entries, chart_loss_run, e);
    if (r->emphasis) planned = MAX(planned, r->run->train.epochs);
  }
  UnrollChartView *v = c->view;
  chart_loss_input in = {.runs = (chart_loss_run *)d.entries->data, .n_runs = (int)d.entries->len, .naive_mse = naive,
                         .linear_mse = linear, .snaive_mse = snaive, .log_y = self->log_scale, .min_epochs = planned,
                         .hover = v && v->hover && !v->boxing, .hover_x = v ? v->hover_x : 0, .hover_y = v ? v->hover_y : 0,
                         .smoothing = self->smoothing, .y_label = ylab, .note = note, .view = v ? &v->view : NULL,
                         .axes_out = v ? &v->axes : NULL};
  chart_draw_loss(cr, w, h, c->theme, &in);
  if (v) {
    v->drawn = d.entries->len > 0;
    unroll_chart_view_draw_box(v, cr, c->theme);
  }
  g_array_unref(d.entries);
  g_ptr_array_unref(d.members);
  g_array_unref(d.sizes);
  g_ptr_array_unref(d.labels);
}

static void snapshot(GtkWidget *widget, GtkSnapshot *s) {
  UnrollLossChart *self = UNROLL_LOSS_CHART(widget);
  DrawCtx c = {self, unroll_chart_theme_for(widget), unroll_chart_view_of(widget)};
  unroll_chart_snapshot(widget, s, draw, &c);
}

gboolean unroll_loss_chart_export(UnrollLossChart *self, const char *path, GError **error) {
  DrawCtx c = {self, chart_theme_light(), NULL}; /* files are for paper and slides: light, no pointer */
  return unroll_chart_export(GTK_WIDGET(self), path, draw, &c, error);
}

static void redraw(gpointer self) { gtk_widget_queue_draw(GTK_WIDGET(self)); }

void unroll_loss_chart_set_trainer(UnrollLossChart *self, UnrollTrainer *trainer) {
  g_return_if_fail(UNROLL_IS_LOSS_CHART(self));
  if (self->trainer) g_signal_handlers_disconnect_by_data(self->trainer, self);
  g_set_object(&self->trainer, trainer);
  if (trainer) g_signal_connect_swapped(trainer, "progress", G_CALLBACK(redraw), self);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* The legend and the subtitle name the groups: a renamed one is redrawn. */
static void forget_groups(UnrollLossChart *self) {
  for (guint i = 0; i < self->groups->len; i++) g_signal_handlers_disconnect_by_func(self->groups->pdata[i], redraw, self);
  g_ptr_array_set_size(self->groups, 0);
}

void unroll_loss_chart_set_groups(UnrollLossChart *self, GPtrArray *groups) {
  g_return_if_fail(UNROLL_IS_LOSS_CHART(self));
  forget_groups(self);
  for (guint i = 0; groups && i < groups->len; i++) {
    g_ptr_array_add(self->groups, g_object_ref(groups->pdata[i]));
    g_signal_connect_swapped(groups->pdata[i], "changed", G_CALLBACK(redraw), self);
  }
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

void unroll_loss_chart_set_log_scale(UnrollLossChart *self, gboolean log_scale) {
  g_return_if_fail(UNROLL_IS_LOSS_CHART(self));
  log_scale = !!log_scale;
  if (self->log_scale == log_scale) return;
  self->log_scale = log_scale;
  unroll_chart_view_reset(GTK_WIDGET(self)); /* a zoom in one scale means nothing in the other */
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_LOG_SCALE]);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

gboolean unroll_loss_chart_get_log_scale(UnrollLossChart *self) { return self->log_scale; }

void unroll_loss_chart_set_smoothing(UnrollLossChart *self, double alpha) {
  g_return_if_fail(UNROLL_IS_LOSS_CHART(self));
  alpha = CLAMP(alpha, 0.0, 0.999);
  if (self->smoothing == alpha) return;
  self->smoothing = alpha;
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_SMOOTHING]);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void get_property(GObject *o, guint id, GValue *v, GParamSpec *ps) {
  if (id == PROP_LOG_SCALE) g_value_set_boolean(v, UNROLL_LOSS_CHART(o)->log_scale);
  else if (id == PROP_SMOOTHING) g_value_set_double(v, UNROLL_LOSS_CHART(o)->smoothing);
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
}
static void set_property(GObject *o, guint id, const GValue *v, GParamSpec *ps) {
  if (id == PROP_LOG_SCALE) unroll_loss_chart_set_log_scale(UNROLL_LOSS_CHART(o), g_value_get_boolean(v));
  else if (id == PROP_SMOOTHING) unroll_loss_chart_set_smoothing(UNROLL_LOSS_CHART(o), g_value_get_double(v));
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
}

static void dispose(GObject *object) {
  UnrollLossChart *self = UNROLL_LOSS_CHART(object);
  if (self->trainer) g_signal_handlers_disconnect_by_data(self->trainer, self);
  g_clear_object(&self->trainer);
  if (self->groups) forget_groups(self);
  g_clear_pointer(&self->groups, g_ptr_array_unref);
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
  /* α of the per-batch curve's moving average (0: the chart's default, CHART_LOSS_SMOOTHING) */
  props[PROP_SMOOTHING] = g_param_spec_double("smoothing", NULL, NULL, 0, 0.999, 0,
                                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties(oc, N_PROPS, props);
  gtk_widget_class_set_css_name(wc, "losschart");
  gtk_widget_class_set_accessible_role(wc, GTK_ACCESSIBLE_ROLE_IMG);
}

static void unroll_loss_chart_init(UnrollLossChart *self) {
  self->groups = g_ptr_array_new_with_free_func(g_object_unref);
  unroll_chart_view_of(GTK_WIDGET(self)); /* zoom, pan, the pointer */
  gtk_widget_set_hexpand(GTK_WIDGET(self), TRUE);
  gtk_widget_set_vexpand(GTK_WIDGET(self), TRUE);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 "Learning curves: training and validation loss per epoch", -1);
}

GtkWidget *unroll_loss_chart_new(void) { return g_object_new(UNROLL_TYPE_LOSS_CHART, NULL); }
