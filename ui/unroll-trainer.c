/* unroll-trainer.c: see unroll-trainer.h. */
#include "unroll-trainer.h"
#include "run_exec.h"
#include <math.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/* One batch or epoch, as the worker saw it. */
typedef struct {
  ur_progress_kind kind;
  int epoch, epochs, batch, batches;
  float batch_loss;
  ur_run_epoch_stats stats;
  double naive_mse, linear_mse; /* measured before the first batch */
} Event;

/* What the worker and the main thread share: everything under `lock`,
 * except `cancel`, which is thread-safe by itself. */
typedef struct {
  GMutex lock;
  GCond cond;
  GArray *events; /* Event */
  gboolean paused;
  GCancellable *cancel;
} Shared;

/* The worker's own copy of everything it reads. */
typedef struct {
  Shared *sh;
  ur_run run;
  ur_model *start;
  int rc;
  char err[256];
} Job;

struct _UnrollTrainer {
  GObject parent_instance;
  Shared *sh;          /* of the run in progress; NULL when idle */
  ur_run live;         /* the main thread's view of the run */
  gboolean have_run, running;
  GtkWidget *widget;   /* frame clock to drain on */
  guint tick_id, timeout_id;
  gint64 start_us, paused_since_us, paused_us;
  UnrollTrainerProgress progress;
};

G_DEFINE_FINAL_TYPE(UnrollTrainer, unroll_trainer, G_TYPE_OBJECT)

enum { SIG_PROGRESS, SIG_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- shared state ------------------------------------------------------- */

static Shared *shared_new(void) {
  Shared *sh = g_atomic_rc_box_new0(Shared);
  g_mutex_init(&sh->lock);
  g_cond_init(&sh->cond);
  sh->events = g_array_new(FALSE, FALSE, sizeof(Event));
  sh->cancel = g_cancellable_new();
  return sh;
}
static void shared_clear(gpointer p) {
  Shared *sh = p;
  g_mutex_clear(&sh->lock);
  g_cond_clear(&sh->cond);
  g_array_unref(sh->events);
  g_object_unref(sh->cancel);
}
static void shared_unref(Shared *sh) { g_atomic_rc_box_release_full(sh, shared_clear); }

static void job_free(gpointer p) {
  Job *j = p;
  ur_run_clear(&j->run);
  ur_model_free(j->start);
  shared_unref(j->sh);
  g_free(j);
}

/* ---- worker thread ------------------------------------------------------ */

/* Called by ur_train after every batch and epoch, on the worker thread. */
static int on_progress(const ur_progress *p, void *user) {
  Job *j = user;
  Shared *sh = j->sh;
  /* the worker's run is its own: reading its baselines here is safe */
  Event e = {p->kind, p->epoch, p->epochs, p->batch, p->batches, (float)p->batch_loss,
             {p->loss, p->val_loss, p->val.mse, p->val.last_mse, p->lr, p->epoch_seconds, p->train_seconds},
             j->run.naive_mse, j->run.linear_mse};
  g_mutex_lock(&sh->lock);
  g_array_append_val(sh->events, e);
  /* pause: sleep here, between batches, until resumed or stopped */
  while (sh->paused && !g_cancellable_is_cancelled(sh->cancel)) g_cond_wait(&sh->cond, &sh->lock);
  gboolean stop = g_cancellable_is_cancelled(sh->cancel);
  g_mutex_unlock(&sh->lock);
  return stop;
}

static void worker(GTask *task, gpointer source, gpointer data, GCancellable *cancellable) {
  (void)source; (void)cancellable;
  Job *j = data;
#ifdef __linux__
  /* Training is background work: on a busy machine the window's thread
   * should win the CPU, so frames keep coming (Linux nices threads one by one). */
  setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
#endif
  j->rc = ur_run_execute(&j->run, j->start, on_progress, j, j->err, sizeof j->err);
  g_task_return_boolean(task, TRUE);
}

/* ---- main thread -------------------------------------------------------- */

static double active_seconds(UnrollTrainer *self) {
  if (!self->start_us) return 0;
  gint64 now = g_get_monotonic_time(), paused = self->paused_us;
  if (self->paused_since_us) paused += now - self->paused_since_us;
  return (double)(now - self->start_us - paused) / 1e6;
}

static void update_timing(UnrollTrainer *self) {
  UnrollTrainerProgress *pr = &self->progress;
  pr->elapsed = active_seconds(self);
  double done = pr->batches > 0 && pr->epochs > 0 ? ((double)(pr->epoch - 1) * pr->batches + pr->batch) /
                                                        ((double)pr->epochs * pr->batches)
                                                  : 0;
  pr->fraction = done < 0 ? 0 : done > 1 ? 1 : done;
  /* the pace so far, once there is enough of it to mean something */
  pr->eta = pr->fraction > 0.005 && pr->elapsed > 0.2 ? pr->elapsed * (1 - pr->fraction) / pr->fraction : -1;
}

gboolean unroll_trainer_drain(UnrollTrainer *self) {
  g_return_val_if_fail(UNROLL_IS_TRAINER(self), FALSE);
  if (!self->sh) return FALSE;
  GArray *taken;
  g_mutex_lock(&self->sh->lock);
  if (self->sh->events->len == 0) {
    g_mutex_unlock(&self->sh->lock);
    update_timing(self);
    return FALSE;
  }
  taken = self->sh->events;
  self->sh->events = g_array_sized_new(FALSE, FALSE, sizeof(Event), taken->len);
  g_mutex_unlock(&self->sh->lock);

  UnrollTrainerProgress *pr = &self->progress;
  for (guint i = 0; i < taken->len; i++) {
    const Event *e = &g_array_index(taken, Event, i);
    pr->epoch = e->epoch + 1;
    pr->epochs = e->epochs;
    pr->batch = e->batch;
    pr->batches = e->batches;
    pr->events++;
    self->live.naive_mse = e->naive_mse;
    self->live.linear_mse = e->linear_mse;
    if (e->kind == UR_PROGRESS_BATCH) {
      self->live.batches_per_epoch = e->batches;
      ur_run_add_batch(&self->live, e->batch_loss);
      pr->batch_loss = e->batch_loss;
      pr->loss = e->stats.loss;
    } else {
      ur_run_add_epoch(&self->live, &e->stats);
      pr->loss = e->stats.loss;
      pr->val_loss = e->stats.val_loss;
    }
  }
  g_array_unref(taken);
  update_timing(self);
  g_signal_emit(self, signals[SIG_PROGRESS], 0);
  return TRUE;
}

static gboolean on_tick(GtkWidget *widget, GdkFrameClock *clock, gpointer data) {
  (void)widget; (void)clock;
  unroll_trainer_drain(data);
  return G_SOURCE_CONTINUE;
}

static gboolean on_timeout(gpointer data) {
  unroll_trainer_drain(data);
  return G_SOURCE_CONTINUE;
}

static void stop_ticking(UnrollTrainer *self) {
  if (self->tick_id && self->widget) gtk_widget_remove_tick_callback(self->widget, self->tick_id);
  if (self->timeout_id) g_source_remove(self->timeout_id);
  self->tick_id = self->timeout_id = 0;
}

static void start_ticking(UnrollTrainer *self) {
  stop_ticking(self);
  if (self->widget) self->tick_id = gtk_widget_add_tick_callback(self->widget, on_tick, self, NULL);
  else self->timeout_id = g_timeout_add(16, on_timeout, self);
}

void unroll_trainer_attach(UnrollTrainer *self, GtkWidget *widget) {
  g_return_if_fail(UNROLL_IS_TRAINER(self));
  gboolean ticking = self->tick_id || self->timeout_id;
  stop_ticking(self);
  self->widget = widget;
  if (ticking) start_ticking(self);
}

static void on_done(GObject *source, GAsyncResult *res, gpointer data) {
  (void)data;
  UnrollTrainer *self = UNROLL_TRAINER(source);
  Job *j = g_task_get_task_data(G_TASK(res));
  g_task_propagate_boolean(G_TASK(res), NULL);
  unroll_trainer_drain(self); /* the last batches, before the run is replaced */
  stop_ticking(self);
  if (self->paused_since_us) {
    self->paused_us += g_get_monotonic_time() - self->paused_since_us;
    self->paused_since_us = 0;
  }
  update_timing(self);
  /* the worker's run is the complete one (weights, metrics): it becomes the live run */
  ur_run_clear(&self->live);
  self->live = j->run;
  ur_run_init(&j->run);
  self->running = FALSE;
  shared_unref(self->sh);
  self->sh = NULL;
  g_signal_emit(self, signals[SIG_FINISHED], 0, &self->live, j->rc ? j->err : NULL);
}

gboolean unroll_trainer_start(UnrollTrainer *self, const ur_run *setup, const ur_model *start, GError **error) {
  g_return_val_if_fail(UNROLL_IS_TRAINER(self), FALSE);
  char why[256];
  if (self->running) {
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_BUSY, "A run is already training");
    return FALSE;
  }
  int bad;
  if (setup->n_layers < 1 || ur_stack_check(setup->input, setup->layers, setup->n_layers, NULL, &bad, why, sizeof why)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s", setup->n_layers < 1 ? "The model has no layers" : why);
    return FALSE;
  }
  Job *j = g_new0(Job, 1);
  ur_run_init(&j->run);
  /* settings and stack only: the copy starts with no history and no weights */
  ur_run empty = *setup;
  empty.epochs = NULL; empty.n_epochs = 0; empty.epoch_cap = 0;
  empty.batch_loss = NULL; empty.n_batches = 0; empty.batch_cap = 0;
  empty.model = NULL; empty.model_len = 0;
  empty.stop[0] = 0;
  empty.val_mse = empty.val_last_mse = empty.naive_mse = empty.linear_mse = NAN;
  j->run = empty;
  j->start = start ? ur_model_clone(start) : NULL;
  if (start && !j->start) {
    g_free(j);
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, "Out of memory copying the model");
    return FALSE;
  }
  ur_run_clear(&self->live);
  self->live = empty;
  self->have_run = TRUE;
  self->sh = shared_new();
  j->sh = g_atomic_rc_box_acquire(self->sh);
  memset(&self->progress, 0, sizeof self->progress);
  self->progress.epochs = setup->train.epochs;
  self->progress.eta = -1;
  self->progress.batch_loss = self->progress.loss = self->progress.val_loss = NAN;
  self->start_us = g_get_monotonic_time();
  self->paused_since_us = self->paused_us = 0;
  self->running = TRUE;

  GTask *task = g_task_new(self, NULL, on_done, NULL);
  g_task_set_task_data(task, j, job_free);
  g_task_set_name(task, "unroll training");
  g_task_run_in_thread(task, worker);
  g_object_unref(task);
  start_ticking(self);
  return TRUE;
}

void unroll_trainer_pause(UnrollTrainer *self) {
  g_return_if_fail(UNROLL_IS_TRAINER(self));
  if (!self->sh || self->paused_since_us) return;
  g_mutex_lock(&self->sh->lock);
  self->sh->paused = TRUE;
  g_mutex_unlock(&self->sh->lock);
  self->paused_since_us = g_get_monotonic_time();
}

void unroll_trainer_resume(UnrollTrainer *self) {
  g_return_if_fail(UNROLL_IS_TRAINER(self));
  if (!self->sh || !self->paused_since_us) return;
  g_mutex_lock(&self->sh->lock);
  self->sh->paused = FALSE;
  g_cond_broadcast(&self->sh->cond);
  g_mutex_unlock(&self->sh->lock);
  self->paused_us += g_get_monotonic_time() - self->paused_since_us;
  self->paused_since_us = 0;
}

void unroll_trainer_stop(UnrollTrainer *self) {
  g_return_if_fail(UNROLL_IS_TRAINER(self));
  if (!self->sh) return;
  g_cancellable_cancel(self->sh->cancel);
  /* wake a paused worker; under the lock, so it cannot miss the wake-up */
  g_mutex_lock(&self->sh->lock);
  g_cond_broadcast(&self->sh->cond);
  g_mutex_unlock(&self->sh->lock);
}

gboolean unroll_trainer_is_running(UnrollTrainer *self) { return self->running; }
gboolean unroll_trainer_is_paused(UnrollTrainer *self) { return self->running && self->paused_since_us != 0; }
const ur_run *unroll_trainer_get_run(UnrollTrainer *self) { return self->have_run ? &self->live : NULL; }

void unroll_trainer_get_progress(UnrollTrainer *self, UnrollTrainerProgress *out) {
  if (self->running) update_timing(self);
  *out = self->progress;
}

static void clock_text(double s, char *buf, size_t len) {
  long t = s < 0 ? 0 : lround(s);
  if (t >= 3600) g_snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  else g_snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
}

char *unroll_trainer_dup_status(UnrollTrainer *self) {
  UnrollTrainerProgress p;
  unroll_trainer_get_progress(self, &p);
  char el[32], eta[32];
  clock_text(p.elapsed, el, sizeof el);
  clock_text(p.eta, eta, sizeof eta);
  if (!self->have_run) return g_strdup("Not trained yet");
  if (!self->running)
    return g_strdup_printf("%s after %d epoch%s · %s", self->live.stop[0] ? self->live.stop : "stopped",
                           self->live.n_epochs, self->live.n_epochs == 1 ? "" : "s", el);
  if (p.batches == 0) return g_strdup_printf("Preparing the data and the baselines… · %s", el);
  return g_strdup_printf("%sEpoch %d of %d · batch %d of %d · %s elapsed%s%s%s", unroll_trainer_is_paused(self) ? "Paused · " : "",
                         p.epoch, p.epochs, p.batch, p.batches, el, p.eta >= 0 ? " · about " : "",
                         p.eta >= 0 ? eta : "", p.eta >= 0 ? " left" : "");
}

/* ---- object ------------------------------------------------------------- */

static void unroll_trainer_dispose(GObject *object) {
  UnrollTrainer *self = UNROLL_TRAINER(object);
  unroll_trainer_stop(self);
  stop_ticking(self);
  self->widget = NULL;
  G_OBJECT_CLASS(unroll_trainer_parent_class)->dispose(object);
}

static void unroll_trainer_finalize(GObject *object) {
  UnrollTrainer *self = UNROLL_TRAINER(object);
  ur_run_clear(&self->live);
  if (self->sh) shared_unref(self->sh);
  G_OBJECT_CLASS(unroll_trainer_parent_class)->finalize(object);
}

static void unroll_trainer_class_init(UnrollTrainerClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  oc->dispose = unroll_trainer_dispose;
  oc->finalize = unroll_trainer_finalize;
  signals[SIG_PROGRESS] = g_signal_new("progress", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);
  signals[SIG_FINISHED] = g_signal_new("finished", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_STRING);
}

static void unroll_trainer_init(UnrollTrainer *self) {
  ur_run_init(&self->live);
  self->progress.eta = -1;
}

UnrollTrainer *unroll_trainer_new(void) { return g_object_new(UNROLL_TYPE_TRAINER, NULL); }
