/* unroll-trainer.h: training in the background, progress in the foreground.
 *
 * The trainer runs ur_run_execute in g_task_run_in_thread on its own deep
 * copy of the run's settings and stack (and of the starting model), so the
 * window can go on editing the project while it trains.  The worker never
 * touches a widget or this object's public state: after every batch and
 * epoch it appends a small event to a queue under a GMutex, and the main
 * thread drains the queue on a tick (the frame clock of an attached widget,
 * or a 16 ms timeout without one) — not an idle callback per batch, which
 * would flood the main loop at thousands of batches a second.
 *
 *   worker:  ur_train → progress() → lock, push event, [wait while paused],
 *            return cancelled?                          (between batches)
 *   main:    tick → lock, take events, unlock → append to the live run →
 *            ::progress → charts redraw
 *
 * Pause blocks the worker inside the progress callback on a GCond; stop
 * cancels a GCancellable that the callback checks, so training ends after
 * the current batch and the run keeps the weights trained so far.
 */
#ifndef UNROLL_TRAINER_H
#define UNROLL_TRAINER_H

#include <gtk/gtk.h>
#include "run.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_TRAINER (unroll_trainer_get_type())
G_DECLARE_FINAL_TYPE(UnrollTrainer, unroll_trainer, UNROLL, TRAINER, GObject)

UnrollTrainer *unroll_trainer_new(void);

/* Drains the queue on this widget's frame clock while training (NULL: on a
 * timeout).  The trainer holds no reference; detach before the widget goes. */
void unroll_trainer_attach(UnrollTrainer *self, GtkWidget *widget);

/* Starts training: setup gives the name, colour, data and training settings
 * and the stack (its history, if any, is ignored); start, if not NULL, the
 * weights to start from.  Both are copied.  FALSE with an error when a run
 * is already training or the stack does not build. */
gboolean unroll_trainer_start(UnrollTrainer *self, const ur_run *setup, const ur_model *start, GError **error);

void unroll_trainer_pause(UnrollTrainer *self);
void unroll_trainer_resume(UnrollTrainer *self);
/* Ends the run after the current batch; ::finished follows with its weights. */
void unroll_trainer_stop(UnrollTrainer *self);

gboolean unroll_trainer_is_running(UnrollTrainer *self);
gboolean unroll_trainer_is_paused(UnrollTrainer *self);

/* The run as far as the main thread knows it (history up to the last
 * drain); NULL before the first start.  Owned by the trainer: valid until
 * the next start. */
const ur_run *unroll_trainer_get_run(UnrollTrainer *self);

typedef struct {
  int epoch, epochs;     /* epoch: 1-based, the one in progress */
  int batch, batches;    /* batches done in this epoch, of */
  double fraction;       /* of all planned batches */
  double elapsed;        /* seconds spent training (pauses excluded) */
  double eta;            /* seconds left at the current pace; < 0 while unknown */
  double batch_loss, loss, val_loss; /* the latest (NAN until known) */
  guint64 events;        /* batch and epoch events drained so far */
} UnrollTrainerProgress;

void unroll_trainer_get_progress(UnrollTrainer *self, UnrollTrainerProgress *out);
/* "Epoch 2 of 20 · batch 130 of 219 · 0:04 elapsed · about 0:31 left" */
char *unroll_trainer_dup_status(UnrollTrainer *self);

/* Takes what the worker queued and emits ::progress if there was any;
 * called by the tick, and by tests.  TRUE if events were taken. */
gboolean unroll_trainer_drain(UnrollTrainer *self);

/* Signals:
 *   ::progress ()                          new batches or epochs are in the live run
 *   ::finished (gpointer run, gchar *error) the final run (ur_run *, owned by
 *       the trainer until the next start; copy what you keep), error NULL
 *       unless training could not run. */

G_END_DECLS

#endif
