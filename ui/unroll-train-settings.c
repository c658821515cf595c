/* unroll-train-settings.c: see unroll-train-settings.h.  One table of
 * fields drives setup, refresh and reading back, so a field cannot be
 * shown but forgotten. */
#include "unroll-train-settings.h"
#include <string.h>

typedef enum { K_SPIN, K_DROP, K_CHECK } Kind;
enum { F_OPTIMIZER, F_LR, F_LOSS, F_BATCH, F_EPOCHS, F_CLIPNORM, F_CLIPVALUE, F_PATIENCE, F_RESTORE, F_PLATEAU,
       F_FACTOR, F_SEED, N_FIELDS };

static const struct {
  Kind kind;
  const char *label, *tip;
  double lo, hi, step;
  int digits;
} fields[N_FIELDS] = {
    {K_DROP, "_Optimizer", "Keras 2's optimizers, with their default settings", 0, 0, 0, 0},
    {K_SPIN, "_Learning rate", "Step size (Adam: 0.001 in the book, 0.005 or 0.01 for some models)", 1e-6, 10, 0.0005, 5},
    {K_DROP, "Lo_ss", "What training minimises", 0, 0, 0, 0},
    {K_SPIN, "_Batch size", "Windows per gradient step (Keras: 32)", 1, 100000, 1, 0},
    {K_SPIN, "_Epochs", "Passes over the training windows (the book: 20)", 1, 100000, 1, 0},
    {K_SPIN, "Clip _norm", "Rescale each weight tensor's gradient to this norm at most; 0 is off", 0, 1000, 0.1, 2},
    {K_SPIN, "Clip _value", "Clamp every gradient to ± this; 0 is off", 0, 1000, 0.1, 2},
    {K_SPIN, "Early _stopping", "Stop after this many epochs without a better validation loss; 0 is off", 0, 1000, 1, 0},
    {K_CHECK, "_Restore best weights", "With early stopping: end on the best epoch's weights", 0, 0, 0, 0},
    {K_SPIN, "Reduce LR on _plateau", "Multiply the learning rate by the factor after this many epochs without progress; 0 is off", 0, 1000, 1, 0},
    {K_SPIN, "Plateau _factor", "What the learning rate is multiplied by on a plateau", 0.01, 1, 0.05, 2},
    {K_SPIN, "See_d", "Weights, shuffling and dropout: the same seed trains the same model", 0, 4294967295.0, 1, 0},
};

struct _UnrollTrainSettings {
  GtkWidget parent_instance;
  GtkWidget *grid, *w[N_FIELDS];
  ur_train_config cfg;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE(UnrollTrainSettings, unroll_train_settings, GTK_TYPE_WIDGET)

enum { SIG_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static double value_of(const ur_train_config *c, int f) {
  switch (f) {
  case F_OPTIMIZER: return c->optim.kind;
  case F_LR: return c->optim.lr;
  case F_LOSS: return c->loss;
  case F_BATCH: return c->batch_size;
  case F_EPOCHS: return c->epochs;
  case F_CLIPNORM: return c->optim.clipnorm;
  case F_CLIPVALUE: return c->optim.clipvalue;
  case F_PATIENCE: return c->early_stopping;
  case F_RESTORE: return c->restore_best;
  case F_PLATEAU: return c->reduce_lr_patience;
  case F_FACTOR: return c->reduce_lr_factor;
  default: return c->seed;
  }
}

static void set_value(ur_train_config *c, int f, double v) {
  switch (f) {
  case F_OPTIMIZER: {
    /* a new optimizer brings its own defaults, but keeps the rate and the clipping the person chose */
    ur_optim_config o = ur_optim_default((ur_optimizer_kind)v);
    o.lr = c->optim.lr;
    o.clipnorm = c->optim.clipnorm;
    o.clipvalue = c->optim.clipvalue;
    c->optim = o;
    break;
  }
  case F_LR: c->optim.lr = (float)v; break;
  case F_LOSS: c->loss = (ur_loss_kind)v; break;
  case F_BATCH: c->batch_size = (int)v; break;
  case F_EPOCHS: c->epochs = (int)v; break;
  case F_CLIPNORM: c->optim.clipnorm = (float)v; break;
  case F_CLIPVALUE: c->optim.clipvalue = (float)v; break;
  case F_PATIENCE: c->early_stopping = (int)v; break;
  case F_RESTORE: c->restore_best = v != 0; break;
  case F_PLATEAU: c->reduce_lr_patience = (int)v; break;
  case F_FACTOR: c->reduce_lr_factor = (float)v; break;
  default: c->seed = (uint32_t)v;
  }
}

static double widget_value(GtkWidget *w, Kind k) {
  if (k == K_SPIN) return gtk_spin_button_get_value(GTK_SPIN_BUTTON(w));
  if (k == K_DROP) return gtk_drop_down_get_selected(GTK_DROP_DOWN(w));
  return gtk_check_button_get_active(GTK_CHECK_BUTTON(w));
}

static void refresh(UnrollTrainSettings *self) {
  self->updating = TRUE;
  for (int f = 0; f < N_FIELDS; f++) {
    double v = value_of(&self->cfg, f);
    if (fields[f].kind == K_SPIN && gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->w[f])) != v)
      gtk_spin_button_set_value(GTK_SPIN_BUTTON(self->w[f]), v);
    else if (fields[f].kind == K_DROP && gtk_drop_down_get_selected(GTK_DROP_DOWN(self->w[f])) != (guint)v)
      gtk_drop_down_set_selected(GTK_DROP_DOWN(self->w[f]), (guint)v);
    else if (fields[f].kind == K_CHECK) gtk_check_button_set_active(GTK_CHECK_BUTTON(self->w[f]), v != 0);
  }
  gtk_widget_set_sensitive(self->w[F_RESTORE], self->cfg.early_stopping > 0);
  gtk_widget_set_sensitive(self->w[F_FACTOR], self->cfg.reduce_lr_patience > 0);
  self->updating = FALSE;
}

static void edited(UnrollTrainSettings *self, GtkWidget *w) {
  if (self->updating) return;
  int f = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(w), "field"));
  set_value(&self->cfg, f, widget_value(w, fields[f].kind));
  refresh(self);
  g_signal_emit(self, signals[SIG_CHANGED], 0);
}

static void on_spin(GtkSpinButton *s, UnrollTrainSettings *self) { edited(self, GTK_WIDGET(s)); }
static void on_drop(GObject *o, GParamSpec *ps, UnrollTrainSettings *self) { (void)ps; edited(self, GTK_WIDGET(o)); }
static void on_check(GtkCheckButton *b, UnrollTrainSettings *self) { edited(self, GTK_WIDGET(b)); }

void unroll_train_settings_set_config(UnrollTrainSettings *self, const ur_train_config *c) {
  self->cfg = *c;
  refresh(self);
}
void unroll_train_settings_get_config(UnrollTrainSettings *self, ur_train_config *c) { *c = self->cfg; }

static void dispose(GObject *object) {
  UnrollTrainSettings *self = UNROLL_TRAIN_SETTINGS(object);
  g_clear_pointer(&self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS(unroll_train_settings_parent_class)->dispose(object);
}

static void unroll_train_settings_class_init(UnrollTrainSettingsClass *klass) {
  G_OBJECT_CLASS(klass)->dispose = dispose;
  gtk_widget_class_set_layout_manager_type(GTK_WIDGET_CLASS(klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(GTK_WIDGET_CLASS(klass), "trainsettings");
  signals[SIG_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 0);
}

static void unroll_train_settings_init(UnrollTrainSettings *self) {
  static const char *optimizers[] = {"SGD", "Adam", "Nadam", "RMSprop", NULL};
  static const char *losses[] = {"MSE", "MAE", "Huber", NULL};
  self->grid = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(self->grid), 6);
  gtk_grid_set_column_spacing(GTK_GRID(self->grid), 12);
  GtkWidget *gap = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0); /* between the two columns */
  gtk_widget_set_size_request(gap, 12, -1);
  gtk_grid_attach(GTK_GRID(self->grid), gap, 2, 0, 1, 1);
  for (int f = 0; f < N_FIELDS; f++) {
    GtkWidget *w;
    if (fields[f].kind == K_SPIN) {
      w = gtk_spin_button_new_with_range(fields[f].lo, fields[f].hi, fields[f].step);
      gtk_spin_button_set_digits(GTK_SPIN_BUTTON(w), (guint)fields[f].digits);
      gtk_editable_set_width_chars(GTK_EDITABLE(w), 7);
      g_signal_connect(w, "value-changed", G_CALLBACK(on_spin), self);
    } else if (fields[f].kind == K_DROP) {
      w = gtk_drop_down_new_from_strings(f == F_OPTIMIZER ? optimizers : losses);
      g_signal_connect(w, "notify::selected", G_CALLBACK(on_drop), self);
    } else {
      w = gtk_check_button_new_with_mnemonic(fields[f].label);
      g_signal_connect(w, "toggled", G_CALLBACK(on_check), self);
    }
    g_object_set_data(G_OBJECT(w), "field", GINT_TO_POINTER(f));
    static const char *names[N_FIELDS] = {"settings-optimizer", "settings-lr", "settings-loss", "settings-batch",
                                          "settings-epochs", "settings-clipnorm", "settings-clipvalue",
                                          "settings-patience", "settings-restore", "settings-plateau",
                                          "settings-factor", "settings-seed"};
    gtk_widget_set_name(w, names[f]);
    gtk_widget_set_tooltip_text(w, fields[f].tip);
    gtk_widget_set_hexpand(w, TRUE);
    /* two columns of six: the panel lives in a wide, low area */
    int col = f < N_FIELDS / 2 ? 0 : 3, row = f < N_FIELDS / 2 ? f : f - N_FIELDS / 2;
    if (fields[f].kind != K_CHECK) {
      GtkWidget *l = gtk_label_new_with_mnemonic(fields[f].label);
      gtk_label_set_xalign(GTK_LABEL(l), 0);
      gtk_label_set_mnemonic_widget(GTK_LABEL(l), w);
      gtk_grid_attach(GTK_GRID(self->grid), l, col, row, 1, 1);
    }
    gtk_grid_attach(GTK_GRID(self->grid), w, col + 1, row, 1, 1);
    self->w[f] = w;
  }
  gtk_widget_set_parent(self->grid, GTK_WIDGET(self));
  ur_train_config_default(&self->cfg);
  refresh(self);
}

GtkWidget *unroll_train_settings_new(void) { return g_object_new(UNROLL_TYPE_TRAIN_SETTINGS, NULL); }
