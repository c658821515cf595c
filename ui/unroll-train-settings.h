/* unroll-train-settings.h: how a model is trained: optimizer, learning
 * rate, loss, batch size, epochs, gradient clipping (by norm, by value),
 * early stopping (patience, restore the best weights), reducing the
 * learning rate on a plateau (patience, factor), the seed and the repeats
 * (members of a group).  Emits ::changed after an edit by the person (not
 * after set_config).  Also how many members train at once, which is the
 * computer's setting, not the project's: ::jobs-changed. */
#ifndef UNROLL_TRAIN_SETTINGS_H
#define UNROLL_TRAIN_SETTINGS_H

#include <gtk/gtk.h>
#include "train.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_TRAIN_SETTINGS (unroll_train_settings_get_type())
G_DECLARE_FINAL_TYPE(UnrollTrainSettings, unroll_train_settings, UNROLL, TRAIN_SETTINGS, GtkWidget)

GtkWidget *unroll_train_settings_new(void);
void unroll_train_settings_set_config(UnrollTrainSettings *self, const ur_train_config *c);
void unroll_train_settings_get_config(UnrollTrainSettings *self, ur_train_config *c);
void unroll_train_settings_set_jobs(UnrollTrainSettings *self, int jobs);
int unroll_train_settings_get_jobs(UnrollTrainSettings *self);

G_END_DECLS

#endif
