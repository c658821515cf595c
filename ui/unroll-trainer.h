/* unroll-trainer.h: training in the background, progress in the foreground.
 *
 * Train queues a run group (engine/group.h): K members of one stack and
 * one set of settings that differ only in their training seed.  Every
 * member of every queued group is one job on one pool of threads
 * (engine/pool.h), which runs up to `jobs` members at once, across groups,
 * in the order they were queued; pressing Train again while groups train
 * queues another.  A group's data is prepared once (ur_prepare, by the
 * first of its members to start) and read by all its members: the members
 * hold it by a count that the last one to end drops, which frees it.  Each
 * member trains (ur_run_train) on its own copy of the settings and stack,
 * so the window can go on editing the project meanwhile.
 *
 * The workers never touch a widget or this object's public state: after
 * every batch and epoch, and when a member starts and ends, a worker
 * appends a small event (its group and member, what happened) to one queue
 * under a GMutex, and the main thread drains the queue on a tick (the frame
 * clock of an attached widget, or a 16 ms timeout without one) — not an
 * idle callback per batch, which would flood the main loop at thousands of
 * batches a second.
 *
 *   worker k:  ur_run_train → progress() → lock, push event(group, k),
 *              [wait while paused], unlock, return this member stopped?
 *   main:      tick → lock, take events, unlock → each member's live run
 *              grows → ::member-finished, ::group-finished → ::progress
 *
 * Pause blocks every worker inside its progress callback on one GCond
 * (pausing all); stop sets the stop flag of one group's members, or of
 * every member, which the callback checks, so a member ends after its
 * current batch keeping the weights trained so far, and a member stopped
 * before it started ends at once, untrained.  The pool's threads run
 * niced (Linux), so the window's thread wins the CPU on a busy machine.
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

/* How many members train at once (1..64; the default ur_pool_default_jobs()),
 * from the next member to start on. */
void unroll_trainer_set_jobs(UnrollTrainer *self, int jobs);
int unroll_trainer_get_jobs(UnrollTrainer *self);

/* Queues a group: setup gives the name, colour, data and training settings
 * and the stack (its history, if any, is ignored), setup->group its id
 * (unroll_trainer_next_group_id and the project's ids: the caller's to
 * choose) and setup->train.repeats its size K (1..32); member k trains
 * with seed setup->train.seed + k.  start, if not NULL, the weights every
 * member starts from.  Both are copied.  FALSE with an error when the stack
 * does not build or the id is queued already. */
gboolean unroll_trainer_start(UnrollTrainer *self, const ur_run *setup, const ur_model *start, GError **error);

/* Pause and resume every member; stop one group's, or every member. */
void unroll_trainer_pause(UnrollTrainer *self);
void unroll_trainer_resume(UnrollTrainer *self);
void unroll_trainer_stop(UnrollTrainer *self);
void unroll_trainer_stop_group(UnrollTrainer *self, int group);
/* Stops one member of a group (a member selected alone). */
void unroll_trainer_stop_member(UnrollTrainer *self, int group, int k);
/* Renames a group being trained: its members as the main thread shows
 * them now, and as they end (the workers never read a name). */
void unroll_trainer_rename_group(UnrollTrainer *self, int group, const char *name);

/* Whether any group is queued or training. */
gboolean unroll_trainer_is_running(UnrollTrainer *self);
gboolean unroll_trainer_is_paused(UnrollTrainer *self);

/* The groups queued or training, in the order they were queued: how many,
 * the i-th's id, and a group's size (0: not in the trainer). */
guint unroll_trainer_get_n_groups(UnrollTrainer *self);
int unroll_trainer_get_group_id(UnrollTrainer *self, guint i);
int unroll_trainer_get_group_size(UnrollTrainer *self, int group);
/* A group id above every one queued (0 when none is). */
int unroll_trainer_next_group_id(UnrollTrainer *self);

typedef enum { UNROLL_MEMBER_QUEUED, UNROLL_MEMBER_RUNNING, UNROLL_MEMBER_ENDED } UnrollMemberState;

/* Member k of a group as far as the main thread knows it: its settings
 * and seed while queued, its history up to the last drain while it runs,
 * the final run (weights, metrics, stop reason) once it ended.  Owned by the
 * trainer: valid until the group's ::group-finished returns.  NULL when
 * there is no such member. */
const ur_run *unroll_trainer_get_member(UnrollTrainer *self, int group, int k);
UnrollMemberState unroll_trainer_get_member_state(UnrollTrainer *self, int group, int k);

/* The whole queue's progress. */
typedef struct {
  int groups;            /* queued or training */
  int queued, running, ended; /* members */
  /* the member that started last among those running (its group's name in status) */
  int epoch, epochs;     /* epoch: 1-based, the one in progress */
  int batch, batches;    /* batches done in this epoch, of */
  double fraction;       /* of all the planned batches of every member queued, running or ended */
  double elapsed;        /* seconds since the queue started (pauses excluded) */
  double eta;            /* seconds left for the whole queue at the pace so far; < 0 while unknown */
  double batch_loss, loss, val_loss; /* the latest (NAN until known) */
  guint64 events;        /* batch and epoch events drained so far */
} UnrollTrainerProgress;

void unroll_trainer_get_progress(UnrollTrainer *self, UnrollTrainerProgress *out);
/* "lstm 2 · Epoch 2 of 20 · batch 130 of 219 · 2 training, 3 queued ·
 * 0:04 elapsed · about 0:31 left"; after the queue ends, how the last
 * group ended; NULL before anything was queued. */
char *unroll_trainer_dup_status(UnrollTrainer *self);

/* Takes what the workers queued and emits the signals below if there was
 * any; called by the tick, and by tests.  TRUE if events were taken. */
gboolean unroll_trainer_drain(UnrollTrainer *self);

/* Signals:
 *   ::progress ()                 new batches, epochs or member states are in
 *   ::member-finished (gint group, gint k, gpointer run, gchar *error)
 *       member k has ended: run is its final ur_run (owned by the trainer
 *       until its group's ::group-finished returns: copy what you keep;
 *       without weights when it was stopped before it started), error NULL
 *       unless it could not train (its data could not be made, ...)
 *   ::group-finished (gint group)  every member has ended; the group
 *       leaves the trainer when the handlers return */

G_END_DECLS

#endif
