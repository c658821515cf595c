/* unroll-data-panel.c: see unroll-data-panel.h.  The preview regenerates
 * the series with the engine's generator (exactly the training data), on
 * an idle after the last edit, so dragging a spin button stays smooth. */
#include "unroll-data-panel.h"
#include "unroll-widget.h"
#include <string.h>
#include "chart-forecast.h"
#include "unroll-chart.h"

#define PREVIEW_SERIES 4

enum { F_SEED, F_SERIES, F_STEPS, F_HORIZON, N_SPINS };

struct _UnrollDataPanel {
  GtkWidget parent_instance;
  GtkWidget *spins[N_SPINS], *task, *preview; /* from the template */
  ur_run_data data;
  float *series;     /* PREVIEW_SERIES × (steps + horizon) */
  int length;
  guint regen_id;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE(UnrollDataPanel, unroll_data_panel, GTK_TYPE_WIDGET)

enum { SIG_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The first series of the whole data set: generate_time_series draws every
 * series' frequencies before any noise, so the first few of 10000 differ
 * from a set of 4; the whole set is generated (a few ms) and 4 are kept. */
static gboolean regenerate(gpointer data) {
  UnrollDataPanel *self = data;
  self->regen_id = 0;
  int L = self->data.n_steps + (self->data.task == UR_TASK_ONE_STEP ? 1 : self->data.horizon);
  float *all = g_try_new(float, (gsize)self->data.n_series * L);
  if (!all) return G_SOURCE_REMOVE;
  ur_rng rng;
  ur_rng_seed(&rng, self->data.seed);
  ur_generate_series(&rng, self->data.n_series, L, all);
  g_free(self->series);
  self->series = g_memdup2(all, sizeof(float) * PREVIEW_SERIES * L);
  self->length = L;
  g_free(all);
  gtk_widget_queue_draw(self->preview);
  return G_SOURCE_REMOVE;
}

static void schedule_preview(UnrollDataPanel *self) {
  if (!self->regen_id) self->regen_id = g_timeout_add(60, regenerate, self);
}

static void draw_preview(GtkDrawingArea *a, cairo_t *cr, int w, int h, gpointer data) {
  UnrollDataPanel *self = data;
  int n = self->data.n_series, tr = n * 7 / 10, va = n * 2 / 10;
  chart_preview_input in = {self->series, self->series ? PREVIEW_SERIES : 0, self->length, self->data.n_steps,
                            self->data.task == UR_TASK_ONE_STEP ? 1 : self->data.horizon, tr, va, n - tr - va};
  chart_draw_preview(cr, w, h, unroll_chart_theme_for(GTK_WIDGET(a)), &in);
}

static void refresh(UnrollDataPanel *self) {
  self->updating = TRUE;
  const ur_run_data *d = &self->data;
  double v[N_SPINS] = {d->seed, d->n_series, d->n_steps, d->horizon};
  for (int i = 0; i < N_SPINS; i++)
    if (gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->spins[i])) != v[i])
      gtk_spin_button_set_value(GTK_SPIN_BUTTON(self->spins[i]), v[i]);
  gtk_widget_set_sensitive(self->spins[F_HORIZON], d->task != UR_TASK_ONE_STEP);
  if (gtk_drop_down_get_selected(GTK_DROP_DOWN(self->task)) != (guint)d->task)
    gtk_drop_down_set_selected(GTK_DROP_DOWN(self->task), d->task);
  self->updating = FALSE;
  schedule_preview(self);
}

static void edited(UnrollDataPanel *self) {
  if (self->updating) return;
  ur_run_data *d = &self->data;
  d->seed = (uint32_t)gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->spins[F_SEED]));
  d->n_series = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->spins[F_SERIES]));
  d->n_steps = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->spins[F_STEPS]));
  ur_task t = (ur_task)gtk_drop_down_get_selected(GTK_DROP_DOWN(self->task));
  /* the next value has horizon 1; the multi-step tasks start at the book's 10 */
  if (t != d->task) d->horizon = t == UR_TASK_ONE_STEP ? 1 : d->horizon == 1 ? 10 : d->horizon;
  else d->horizon = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->spins[F_HORIZON]));
  d->task = t;
  refresh(self);
  g_signal_emit(self, signals[SIG_CHANGED], 0);
}

static void on_defaults(GtkButton *b, UnrollDataPanel *self) {
  (void)b;
  ur_task t = self->data.task;
  ur_run_data *d = &self->data; /* the synthetic settings only: a CSV source, if any, is not this panel's */
  d->seed = 42, d->n_series = 10000, d->n_steps = 50, d->horizon = t == UR_TASK_ONE_STEP ? 1 : 10, d->task = t;
  refresh(self);
  g_signal_emit(self, signals[SIG_CHANGED], 0);
}

void unroll_data_panel_set_data(UnrollDataPanel *self, const ur_run_data *d) {
  /* the window calls this after every edit of the project: regenerate only when the data changed */
  if (self->series && !memcmp(&self->data, d, sizeof *d)) return;
  self->data = *d;
  refresh(self);
}
void unroll_data_panel_get_data(UnrollDataPanel *self, ur_run_data *d) { *d = self->data; }

static void on_spin(GtkSpinButton *s, UnrollDataPanel *self) { (void)s; edited(self); }
static void on_task(GObject *o, GParamSpec *ps, UnrollDataPanel *self) { (void)o; (void)ps; edited(self); }

static void dispose(GObject *object) {
  UnrollDataPanel *self = UNROLL_DATA_PANEL(object);
  g_clear_handle_id(&self->regen_id, g_source_remove);
  unroll_widget_dispose_template(GTK_WIDGET(self), UNROLL_TYPE_DATA_PANEL);
  g_clear_pointer(&self->series, g_free);
  G_OBJECT_CLASS(unroll_data_panel_parent_class)->dispose(object);
}

static void unroll_data_panel_class_init(UnrollDataPanelClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = dispose;
  unroll_widget_class_set_template(wc, "unroll-data-panel.ui", GTK_TYPE_BOX_LAYOUT, "datapanel");
  static const char *spin_ids[N_SPINS] = {"seed", "series", "steps", "horizon"};
  for (int i = 0; i < N_SPINS; i++)
    gtk_widget_class_bind_template_child_full(wc, spin_ids[i], FALSE,
                                              G_STRUCT_OFFSET(UnrollDataPanel, spins) + i * (gssize)sizeof(GtkWidget *));
  gtk_widget_class_bind_template_child(wc, UnrollDataPanel, task);
  gtk_widget_class_bind_template_child(wc, UnrollDataPanel, preview);
  gtk_widget_class_bind_template_callback(wc, on_spin);
  gtk_widget_class_bind_template_callback(wc, on_task);
  gtk_widget_class_bind_template_callback(wc, on_defaults);
  signals[SIG_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 0);
}

static void unroll_data_panel_init(UnrollDataPanel *self) {
  GtkWidget *w = GTK_WIDGET(self);
  /* fields on the left, the preview beside them */
  gtk_orientable_set_orientation(GTK_ORIENTABLE(gtk_widget_get_layout_manager(w)), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_layout_set_spacing(GTK_BOX_LAYOUT(gtk_widget_get_layout_manager(w)), 18);
  self->updating = TRUE; /* the template's own values are not edits */
  gtk_widget_init_template(w);
  gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(self->preview), draw_preview, self, NULL);
  self->data = (ur_run_data){.seed = 42, .n_series = 10000, .n_steps = 50, .horizon = 1, .task = UR_TASK_ONE_STEP};
  refresh(self);
}

GtkWidget *unroll_data_panel_new(void) { return g_object_new(UNROLL_TYPE_DATA_PANEL, NULL); }
