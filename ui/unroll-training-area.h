/* unroll-training-area.h: the live side of training, in one widget:
 *
 *   ┌ Training ──────── Smoothing [──●──] [Log scale] [Export…] ┐
 *   │ loss chart (live curves, baselines, overlays)              │
 *   │ [████████░░░░ lstm 2 (seed 43) · Epoch 2 of 20 · batch 130 of 219 · 2 training, 3 queued · 0:04 elapsed · about 0:31 left] [⏸] [⏹] │
 *   └────────────────────────────────────────────────────────────┘
 *
 * The bar is the whole queue's.  The pause and stop buttons activate the
 * window's win.pause-training and win.stop-training actions (every member:
 * one group stops from the Runs page), so a button, a shortcut and a test
 * all do the same thing.  The smoothing slider sets the loss chart's, and
 * is remembered (unroll-state.h).
 */
#ifndef UNROLL_TRAINING_AREA_H
#define UNROLL_TRAINING_AREA_H

#include <gtk/gtk.h>
#include "unroll-loss-chart.h"
#include "unroll-trainer.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_TRAINING_AREA (unroll_training_area_get_type())
G_DECLARE_FINAL_TYPE(UnrollTrainingArea, unroll_training_area, UNROLL, TRAINING_AREA, GtkWidget)

GtkWidget *unroll_training_area_new(void);
/* The trainer whose run it shows and whose progress it follows. */
void unroll_training_area_set_trainer(UnrollTrainingArea *self, UnrollTrainer *trainer);
UnrollLossChart *unroll_training_area_get_chart(UnrollTrainingArea *self);
/* Refreshes the progress bar and the buttons (also done on every ::progress). */
void unroll_training_area_update(UnrollTrainingArea *self);
/* What the bar says before anything was trained in this window ("Not
 * trained yet", or a reopened project's runs). */
void unroll_training_area_set_idle_text(UnrollTrainingArea *self, const char *text);

G_END_DECLS

#endif
