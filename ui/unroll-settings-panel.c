/* unroll-settings-panel.c: see unroll-settings-panel.h.  As the inspector:
 * one handler reads a field into a copy of the project; a refresh mutes the
 * handlers and sets only what differs. */
#include "unroll-settings-panel.h"

enum { S_SEED, S_SERIES, S_STEPS, S_HORIZON, S_TASK, S_OPTIMIZER, S_LR, S_LOSS, S_BATCH, S_EPOCHS, S_CLIPNORM,
       S_PATIENCE, N_SETTINGS };
static const char *ids[N_SETTINGS] = {"seed", "series", "steps", "horizon", "task", "optimizer", "lr", "loss", "batch",
                                      "epochs", "clipnorm", "patience"};

struct _UnrollSettingsPanel {
  GtkWidget parent_instance;
  GtkWidget *fields[N_SETTINGS];
  GtkLabel *split_label;
  GtkWidget *data_box, *train_box, *separator;
  char *section;
  UnrollDocument *doc;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE(UnrollSettingsPanel, unroll_settings_panel, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SECTION, N_PROPS };

/* "data", "training", or NULL for both side by side. */
static void set_section(UnrollSettingsPanel *self, const char *section) {
  g_free(self->section);
  self->section = g_strdup(section);
  gtk_widget_set_visible(self->data_box, !section || !strcmp(section, "data"));
  gtk_widget_set_visible(self->train_box, !section || !strcmp(section, "training"));
  gtk_widget_set_visible(self->separator, !section);
}

static void unroll_settings_panel_set_property(GObject *object, guint id, const GValue *value, GParamSpec *pspec) {
  if (id == PROP_SECTION) set_section(UNROLL_SETTINGS_PANEL(object), g_value_get_string(value));
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void unroll_settings_panel_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec) {
  if (id == PROP_SECTION) g_value_set_string(value, UNROLL_SETTINGS_PANEL(object)->section);
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void set_spin(GtkWidget *w, double v) {
  if (gtk_spin_button_get_value(GTK_SPIN_BUTTON(w)) != v) gtk_spin_button_set_value(GTK_SPIN_BUTTON(w), v);
}
static void set_drop(GtkWidget *w, guint v) {
  if (gtk_drop_down_get_selected(GTK_DROP_DOWN(w)) != v) gtk_drop_down_set_selected(GTK_DROP_DOWN(w), v);
}

static void refresh(UnrollSettingsPanel *self) {
  if (!self->doc) return;
  const ur_project *p = unroll_document_get_project(self->doc);
  self->updating = TRUE;
  set_spin(self->fields[S_SEED], p->data.seed);
  set_spin(self->fields[S_SERIES], p->data.n_series);
  set_spin(self->fields[S_STEPS], p->data.n_steps);
  set_spin(self->fields[S_HORIZON], p->data.horizon);
  gtk_widget_set_sensitive(self->fields[S_HORIZON], p->data.task != UR_TASK_ONE_STEP);
  set_drop(self->fields[S_TASK], p->data.task);
  set_drop(self->fields[S_OPTIMIZER], p->train.optim.kind);
  set_spin(self->fields[S_LR], p->train.optim.lr);
  set_drop(self->fields[S_LOSS], p->train.loss);
  set_spin(self->fields[S_BATCH], p->train.batch_size);
  set_spin(self->fields[S_EPOCHS], p->train.epochs);
  set_spin(self->fields[S_CLIPNORM], p->train.optim.clipnorm);
  set_spin(self->fields[S_PATIENCE], p->train.early_stopping);
  int n = p->data.n_series, tr = n * 7 / 10, va = n * 2 / 10;
  char buf[160];
  g_snprintf(buf, sizeof buf, "Split: %d training, %d validation, %d test series", tr, va, n - tr - va);
  gtk_label_set_label(self->split_label, buf);
  self->updating = FALSE;
}

static double spin(GtkWidget *w) { return gtk_spin_button_get_value(GTK_SPIN_BUTTON(w)); }

static void on_changed(UnrollSettingsPanel *self, GtkWidget *w) {
  if (self->updating || !self->doc) return;
  int f = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(w), "unroll-setting"));
  ur_project p = *unroll_document_get_project(self->doc);
  p.runs = NULL;
  p.n_runs = 0;
  switch (f) {
  case S_SEED: p.data.seed = (uint32_t)spin(w); break;
  case S_SERIES: p.data.n_series = (int)spin(w); break;
  case S_STEPS: p.data.n_steps = p.input.steps = (int)spin(w); break;
  case S_HORIZON: p.data.horizon = (int)spin(w); break;
  case S_TASK:
    p.data.task = (ur_task)gtk_drop_down_get_selected(GTK_DROP_DOWN(w));
    /* The next value has horizon 1; the multi-step tasks start at the book's 10. */
    if (p.data.task == UR_TASK_ONE_STEP) p.data.horizon = 1;
    else if (p.data.horizon == 1) p.data.horizon = 10;
    break;
  case S_OPTIMIZER: {
    ur_optim_config c = ur_optim_default((ur_optimizer_kind)gtk_drop_down_get_selected(GTK_DROP_DOWN(w)));
    c.lr = p.train.optim.lr;
    c.clipnorm = p.train.optim.clipnorm;
    c.clipvalue = p.train.optim.clipvalue;
    p.train.optim = c;
    break;
  }
  case S_LR: p.train.optim.lr = (float)spin(w); break;
  case S_LOSS: p.train.loss = (ur_loss_kind)gtk_drop_down_get_selected(GTK_DROP_DOWN(w)); break;
  case S_BATCH: p.train.batch_size = (int)spin(w); break;
  case S_EPOCHS: p.train.epochs = (int)spin(w); break;
  case S_CLIPNORM: p.train.optim.clipnorm = (float)spin(w); break;
  case S_PATIENCE:
    p.train.early_stopping = (int)spin(w);
    p.train.restore_best = p.train.early_stopping > 0;
    break;
  default: return;
  }
  char key[32];
  g_snprintf(key, sizeof key, "setting:%s", ids[f]);
  unroll_document_edit(self->doc, &p, key);
}

static void on_spin(GtkSpinButton *w, UnrollSettingsPanel *self) { on_changed(self, GTK_WIDGET(w)); }
static void on_drop(GObject *w, GParamSpec *ps, UnrollSettingsPanel *self) {
  (void)ps;
  on_changed(self, GTK_WIDGET(w));
}
static void on_doc_changed(UnrollDocument *doc, UnrollSettingsPanel *self) {
  (void)doc;
  refresh(self);
}

void unroll_settings_panel_set_document(UnrollSettingsPanel *self, UnrollDocument *doc) {
  if (self->doc) g_signal_handlers_disconnect_by_data(self->doc, self);
  g_set_object(&self->doc, doc);
  if (doc) g_signal_connect(doc, "changed", G_CALLBACK(on_doc_changed), self);
  refresh(self);
}

static void unroll_settings_panel_dispose(GObject *object) {
  UnrollSettingsPanel *self = UNROLL_SETTINGS_PANEL(object);
  if (self->doc) g_signal_handlers_disconnect_by_data(self->doc, self);
  g_clear_object(&self->doc);
  g_clear_pointer(&self->section, g_free);
  gtk_widget_dispose_template(GTK_WIDGET(self), UNROLL_TYPE_SETTINGS_PANEL);
  /* The template's top child is not bound, so dispose_template leaves it. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child(GTK_WIDGET(self)));) gtk_widget_unparent(child);
  G_OBJECT_CLASS(unroll_settings_panel_parent_class)->dispose(object);
}

static const char *field_ids[N_SETTINGS] = {"seed_field", "series_field", "steps_field", "horizon_field",
                                            "task_field", "optimizer_field", "lr_field", "loss_field",
                                            "batch_field", "epochs_field", "clipnorm_field", "patience_field"};

static void unroll_settings_panel_class_init(UnrollSettingsPanelClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  oc->dispose = unroll_settings_panel_dispose;
  oc->set_property = unroll_settings_panel_set_property;
  oc->get_property = unroll_settings_panel_get_property;
  g_object_class_install_property(oc, PROP_SECTION,
                                  g_param_spec_string("section", NULL, NULL, NULL,
                                                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  gtk_widget_class_set_template_from_resource(wc, "/io/github/unroll/Unroll/ui/unroll-settings-panel.ui");
  for (int f = 0; f < N_SETTINGS; f++) gtk_widget_class_bind_template_child_full(wc, field_ids[f], FALSE, 0);
  gtk_widget_class_bind_template_child(wc, UnrollSettingsPanel, split_label);
  gtk_widget_class_bind_template_child(wc, UnrollSettingsPanel, data_box);
  gtk_widget_class_bind_template_child(wc, UnrollSettingsPanel, train_box);
  gtk_widget_class_bind_template_child(wc, UnrollSettingsPanel, separator);
  gtk_widget_class_set_layout_manager_type(wc, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(wc, "settingspanel");
}

static void unroll_settings_panel_init(UnrollSettingsPanel *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  for (int f = 0; f < N_SETTINGS; f++) {
    GtkWidget *w = GTK_WIDGET(gtk_widget_get_template_child(GTK_WIDGET(self), UNROLL_TYPE_SETTINGS_PANEL, field_ids[f]));
    g_assert(w);
    self->fields[f] = w;
    g_object_set_data(G_OBJECT(w), "unroll-setting", GINT_TO_POINTER(f));
    if (GTK_IS_SPIN_BUTTON(w)) g_signal_connect(w, "value-changed", G_CALLBACK(on_spin), self);
    else g_signal_connect(w, "notify::selected", G_CALLBACK(on_drop), self);
  }
}
