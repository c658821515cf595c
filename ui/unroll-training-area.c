/* unroll-training-area.c: see unroll-training-area.h. */
#include "unroll-training-area.h"

struct _UnrollTrainingArea {
  GtkWidget parent_instance;
  UnrollTrainer *trainer;
  GtkWidget *box, *chart, *bar, *pause, *stop, *log, *export;
  gint64 text_us;       /* when the status text last changed */
  int shown_state;      /* -1 unknown, 0 idle, 1 running, 2 paused: what the buttons show */
};

G_DEFINE_FINAL_TYPE(UnrollTrainingArea, unroll_training_area, GTK_TYPE_WIDGET)

/* Called every frame while training: the fraction moves every time (it
 * only reallocates the bar), but the text, whose change re-lays out the
 * window up to the root, at most four times a second, and the buttons only
 * when the state changes. */
void unroll_training_area_update(UnrollTrainingArea *self) {
  UnrollTrainerProgress p;
  unroll_trainer_get_progress(self->trainer, &p);
  gboolean running = unroll_trainer_is_running(self->trainer), paused = unroll_trainer_is_paused(self->trainer);
  int state = !running ? 0 : paused ? 2 : 1;
  gint64 now = g_get_monotonic_time();
  gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(self->bar), running || p.events ? p.fraction : 0);
  if (state != self->shown_state || now - self->text_us > 250000) {
    char *status = unroll_trainer_dup_status(self->trainer);
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

static void dispose(GObject *object) {
  UnrollTrainingArea *self = UNROLL_TRAINING_AREA(object);
  if (self->trainer) g_signal_handlers_disconnect_by_data(self->trainer, self);
  g_clear_object(&self->trainer);
  g_clear_pointer(&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS(unroll_training_area_parent_class)->dispose(object);
}

static void unroll_training_area_class_init(UnrollTrainingAreaClass *klass) {
  G_OBJECT_CLASS(klass)->dispose = dispose;
  gtk_widget_class_set_layout_manager_type(GTK_WIDGET_CLASS(klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(GTK_WIDGET_CLASS(klass), "trainingarea");
}

static GtkWidget *icon_button(const char *icon, const char *tip, const char *action) {
  GtkWidget *b = gtk_button_new_from_icon_name(icon);
  gtk_widget_set_tooltip_text(b, tip);
  gtk_actionable_set_action_name(GTK_ACTIONABLE(b), action);
  gtk_widget_set_valign(b, GTK_ALIGN_CENTER);
  return b;
}

static void unroll_training_area_init(UnrollTrainingArea *self) {
  self->shown_state = -1;
  self->box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *head = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new("Training");
  gtk_widget_add_css_class(title, "heading");
  gtk_widget_set_hexpand(title, TRUE);
  gtk_label_set_xalign(GTK_LABEL(title), 0);
  self->log = gtk_toggle_button_new_with_mnemonic("_Log scale");
  gtk_widget_set_tooltip_text(self->log, "Loss on a logarithmic axis");
  gtk_actionable_set_action_name(GTK_ACTIONABLE(self->log), "win.loss-log-scale");
  self->export = gtk_button_new_from_icon_name("document-save-as-symbolic");
  gtk_widget_set_tooltip_text(self->export, "Export the learning curves as PNG, SVG or PDF");
  gtk_actionable_set_action_target(GTK_ACTIONABLE(self->export), "s", "loss");
  gtk_actionable_set_action_name(GTK_ACTIONABLE(self->export), "win.export-chart");
  gtk_box_append(GTK_BOX(head), title);
  gtk_box_append(GTK_BOX(head), self->log);
  gtk_box_append(GTK_BOX(head), self->export);
  gtk_widget_set_margin_start(head, 8);
  gtk_widget_set_margin_end(head, 8);
  gtk_widget_set_margin_top(head, 4);
  self->chart = unroll_loss_chart_new();
  gtk_widget_set_name(self->chart, "loss-chart");
  GtkWidget *foot = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start(foot, 8);
  gtk_widget_set_margin_end(foot, 8);
  gtk_widget_set_margin_bottom(foot, 6);
  self->bar = gtk_progress_bar_new();
  gtk_widget_set_name(self->bar, "training-progress");
  gtk_progress_bar_set_show_text(GTK_PROGRESS_BAR(self->bar), TRUE);
  gtk_progress_bar_set_ellipsize(GTK_PROGRESS_BAR(self->bar), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand(self->bar, TRUE);
  gtk_widget_set_valign(self->bar, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(self->bar, "numeric");
  self->pause = icon_button("media-playback-pause-symbolic", "Pause training", "win.pause-training");
  self->stop = icon_button("media-playback-stop-symbolic", "Stop training, keeping the weights so far", "win.stop-training");
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->stop), GTK_ACCESSIBLE_PROPERTY_LABEL, "Stop", -1);
  gtk_box_append(GTK_BOX(foot), self->bar);
  gtk_box_append(GTK_BOX(foot), self->pause);
  gtk_box_append(GTK_BOX(foot), self->stop);
  gtk_box_append(GTK_BOX(self->box), head);
  gtk_box_append(GTK_BOX(self->box), self->chart);
  gtk_box_append(GTK_BOX(self->box), foot);
  gtk_widget_set_parent(self->box, GTK_WIDGET(self));
}

static void on_trainer(UnrollTrainer *t, gpointer self) {
  (void)t;
  unroll_training_area_update(self);
}
static void on_finished(UnrollTrainer *t, gpointer run, const char *err, gpointer self) {
  (void)t; (void)run; (void)err;
  unroll_training_area_update(self);
}

GtkWidget *unroll_training_area_new(UnrollTrainer *trainer) {
  UnrollTrainingArea *self = g_object_new(UNROLL_TYPE_TRAINING_AREA, NULL);
  self->trainer = g_object_ref(trainer);
  unroll_loss_chart_set_trainer(UNROLL_LOSS_CHART(self->chart), trainer);
  g_signal_connect(trainer, "progress", G_CALLBACK(on_trainer), self);
  g_signal_connect(trainer, "finished", G_CALLBACK(on_finished), self);
  unroll_training_area_update(self);
  return GTK_WIDGET(self);
}
