/* unroll-training-area.c: see unroll-training-area.h. */
#include "unroll-training-area.h"
#include "unroll-widget.h"
#include "unroll-state.h"

struct _UnrollTrainingArea {
  GtkWidget parent_instance;
  UnrollTrainer *trainer;
  GtkWidget *chart, *bar, *pause, *smoothing; /* from the template */
  char *idle_text;      /* before anything trained */
  gint64 text_us;       /* when the status text last changed */
  int shown_state;      /* -1 unknown, 0 idle, 1 running, 2 paused: what the buttons show */
};

G_DEFINE_FINAL_TYPE(UnrollTrainingArea, unroll_training_area, GTK_TYPE_WIDGET)

/* Called every frame while training: the fraction moves every time (it
 * only reallocates the bar), but the text, whose change re-lays out the
 * window up to the root, at most four times a second, and the buttons only
 * when the state changes. */
void unroll_training_area_update(UnrollTrainingArea *self) {
  if (!self->trainer) return;
  UnrollTrainerProgress p;
  unroll_trainer_get_progress(self->trainer, &p);
  gboolean running = unroll_trainer_is_running(self->trainer), paused = unroll_trainer_is_paused(self->trainer);
  int state = !running ? 0 : paused ? 2 : 1;
  gint64 now = g_get_monotonic_time();
  gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(self->bar), running || p.events ? p.fraction : 0);
  if (state != self->shown_state || now - self->text_us > 250000) {
    char *status = unroll_trainer_dup_status(self->trainer);
    if (!status) status = g_strdup(self->idle_text ? self->idle_text : "Not trained yet");
    if (g_strcmp0(status, gtk_progress_bar_get_text(GTK_PROGRESS_BAR(self->bar))))
      gtk_progress_bar_set_text(GTK_PROGRESS_BAR(self->bar), status);
    g_free(status);
    self->text_us = now;
  }
  if (state != self->shown_state) {
    gtk_button_set_icon_name(GTK_BUTTON(self->pause), paused ? "media-playback-start-symbolic" : "media-playback-pause-symbolic");
    gtk_widget_set_tooltip_text(self->pause, paused ? "Resume training (Ctrl+P)" : "Pause training (Ctrl+P)");
    gtk_accessible_update_property(GTK_ACCESSIBLE(self->pause), GTK_ACCESSIBLE_PROPERTY_LABEL, paused ? "Resume" : "Pause", -1);
    self->shown_state = state;
  }
}

UnrollLossChart *unroll_training_area_get_chart(UnrollTrainingArea *self) { return UNROLL_LOSS_CHART(self->chart); }

void unroll_training_area_set_idle_text(UnrollTrainingArea *self, const char *text) {
  g_free(self->idle_text);
  self->idle_text = g_strdup(text);
  self->shown_state = -1; /* the text again, now */
  unroll_training_area_update(self);
}

static void on_smoothing(UnrollTrainingArea *self, GtkRange *range) {
  double a = gtk_range_get_value(range);
  /* 0 on the slider is no smoothing, which the chart's 0 (its default) is not */
  unroll_loss_chart_set_smoothing(UNROLL_LOSS_CHART(self->chart), a > 0 ? a : 1e-6);
  unroll_state_set_double("smoothing", a);
}

static void on_trainer(UnrollTrainer *t, gpointer self) {
  (void)t;
  unroll_training_area_update(self);
}

void unroll_training_area_set_trainer(UnrollTrainingArea *self, UnrollTrainer *trainer) {
  g_return_if_fail(UNROLL_IS_TRAINING_AREA(self));
  if (self->trainer) g_signal_handlers_disconnect_by_data(self->trainer, self);
  g_set_object(&self->trainer, trainer);
  unroll_loss_chart_set_trainer(UNROLL_LOSS_CHART(self->chart), trainer);
  if (trainer) {
    g_signal_connect(trainer, "progress", G_CALLBACK(on_trainer), self);
  }
  self->shown_state = -1;
  unroll_training_area_update(self);
}

static void dispose(GObject *object) {
  UnrollTrainingArea *self = UNROLL_TRAINING_AREA(object);
  if (self->trainer) g_signal_handlers_disconnect_by_data(self->trainer, self);
  g_clear_object(&self->trainer);
  g_clear_pointer(&self->idle_text, g_free);
  unroll_widget_dispose_template(GTK_WIDGET(self), UNROLL_TYPE_TRAINING_AREA);
  G_OBJECT_CLASS(unroll_training_area_parent_class)->dispose(object);
}

static void unroll_training_area_class_init(UnrollTrainingAreaClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = dispose;
  g_type_ensure(UNROLL_TYPE_LOSS_CHART);
  unroll_widget_class_set_template(wc, "unroll-training-area.ui", GTK_TYPE_BIN_LAYOUT, "trainingarea");
  gtk_widget_class_bind_template_child(wc, UnrollTrainingArea, chart);
  gtk_widget_class_bind_template_child(wc, UnrollTrainingArea, bar);
  gtk_widget_class_bind_template_child(wc, UnrollTrainingArea, pause);
  gtk_widget_class_bind_template_child(wc, UnrollTrainingArea, smoothing);
  gtk_widget_class_bind_template_callback(wc, on_smoothing);
}

static void unroll_training_area_init(UnrollTrainingArea *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->shown_state = -1;
  gtk_range_set_value(GTK_RANGE(self->smoothing), CLAMP(unroll_state_get_double("smoothing", 0.9), 0, 0.99));
}

GtkWidget *unroll_training_area_new(void) { return g_object_new(UNROLL_TYPE_TRAINING_AREA, NULL); }
