/* unroll-train-settings.c: see unroll-train-settings.h.  The fields are
 * laid out in the template; one table maps each to its setting, for
 * refreshing and reading back, so a field cannot be shown but forgotten. */
#include "unroll-train-settings.h"
#include "unroll-widget.h"
#include <string.h>

typedef enum { K_SPIN, K_DROP, K_CHECK } Kind;
enum { F_OPTIMIZER, F_LR, F_LOSS, F_BATCH, F_EPOCHS, F_CLIPNORM, F_CLIPVALUE, F_PATIENCE, F_RESTORE, F_PLATEAU,
       F_FACTOR, F_SEED, F_REPEATS, N_FIELDS };

/* Each field's id in the template (resources/ui/unroll-train-settings.ui,
 * where its label, range and tooltip are) and its kind of widget. */
static const struct {
  const char *id;
  Kind kind;
} fields[N_FIELDS] = {
    {"optimizer", K_DROP}, {"lr", K_SPIN},       {"loss", K_DROP},      {"batch", K_SPIN},
    {"epochs", K_SPIN},    {"clipnorm", K_SPIN}, {"clipvalue", K_SPIN}, {"patience", K_SPIN},
    {"restore", K_CHECK},  {"plateau", K_SPIN},  {"factor", K_SPIN},    {"seed", K_SPIN},
    {"repeats", K_SPIN},
};

struct _UnrollTrainSettings {
  GtkWidget parent_instance;
  GtkWidget *w[N_FIELDS]; /* from the template, in the order of fields[] */
  GtkWidget *jobs;        /* not a training setting: this computer's (::jobs-changed) */
  ur_train_config cfg;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE(UnrollTrainSettings, unroll_train_settings, GTK_TYPE_WIDGET)

enum { SIG_CHANGED, SIG_JOBS_CHANGED, N_SIGNALS };
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
  case F_REPEATS: return c->repeats;
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
  case F_REPEATS: c->repeats = (int)v; break;
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
static void on_jobs(GtkSpinButton *s, UnrollTrainSettings *self) {
  (void)s;
  if (!self->updating) g_signal_emit(self, signals[SIG_JOBS_CHANGED], 0);
}

void unroll_train_settings_set_jobs(UnrollTrainSettings *self, int jobs) {
  self->updating = TRUE;
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(self->jobs), jobs);
  self->updating = FALSE;
}
int unroll_train_settings_get_jobs(UnrollTrainSettings *self) { return gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(self->jobs)); }

void unroll_train_settings_set_config(UnrollTrainSettings *self, const ur_train_config *c) {
  self->cfg = *c;
  refresh(self);
}
void unroll_train_settings_get_config(UnrollTrainSettings *self, ur_train_config *c) { *c = self->cfg; }

static void dispose(GObject *object) {
  unroll_widget_dispose_template(GTK_WIDGET(object), UNROLL_TYPE_TRAIN_SETTINGS);
  G_OBJECT_CLASS(unroll_train_settings_parent_class)->dispose(object);
}

static void unroll_train_settings_class_init(UnrollTrainSettingsClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = dispose;
  unroll_widget_class_set_template(wc, "unroll-train-settings.ui", GTK_TYPE_BIN_LAYOUT, "trainsettings");
  for (int f = 0; f < N_FIELDS; f++)
    gtk_widget_class_bind_template_child_full(wc, fields[f].id, FALSE,
                                              G_STRUCT_OFFSET(UnrollTrainSettings, w) + f * (gssize)sizeof(GtkWidget *));
  gtk_widget_class_bind_template_callback(wc, on_spin);
  gtk_widget_class_bind_template_callback(wc, on_drop);
  gtk_widget_class_bind_template_callback(wc, on_check);
  gtk_widget_class_bind_template_callback(wc, on_jobs);
  gtk_widget_class_bind_template_child(wc, UnrollTrainSettings, jobs);
  signals[SIG_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 0);
  /* ::jobs-changed: the person set how many members train at once */
  signals[SIG_JOBS_CHANGED] = g_signal_new("jobs-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 0);
}

static void unroll_train_settings_init(UnrollTrainSettings *self) {
  self->updating = TRUE; /* the template's own values are not edits */
  gtk_widget_init_template(GTK_WIDGET(self));
  for (int f = 0; f < N_FIELDS; f++) g_object_set_data(G_OBJECT(self->w[f]), "field", GINT_TO_POINTER(f));
  ur_train_config_default(&self->cfg);
  refresh(self);
}

GtkWidget *unroll_train_settings_new(void) { return g_object_new(UNROLL_TYPE_TRAIN_SETTINGS, NULL); }
