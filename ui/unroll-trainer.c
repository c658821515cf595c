/* unroll-trainer.c: see unroll-trainer.h.
 *
 * Who touches what:
 *   Shared   the event queue and the pause flag: under its lock
 *   Group    refcounted (the trainer and each member's job hold it); its
 *            prepared data under prep_lock, made by the first member to
 *            start and freed by the last to end
 *   Member   `stop` is atomic; `run`, `rc` and `err` are the worker's until
 *            it queues its ENDED event, and the main thread's after; `live`
 *            and `state` are the main thread's alone
 */
#include "unroll-trainer.h"
#include <math.h>
#include "group.h"
#include "pool.h"
#include "run_exec.h"
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

typedef enum { EV_STARTED, EV_BATCH, EV_EPOCH, EV_ENDED } EventKind;

/* One thing a member did, as its worker saw it. */
typedef struct {
  EventKind kind;
  int group, k;
  int epoch, epochs, batch, batches;
  float batch_loss;
  ur_run_epoch_stats stats;
  double naive_mse, linear_mse, snaive_mse; /* measured before the first batch */
  int loss_in_units;
} Event;

typedef struct {
  GMutex lock;
  GCond cond;
  GArray *events; /* Event */
  gboolean paused;
} Shared;

typedef struct Group Group;

typedef struct {
  Group *g;
  int k;
  gint stop;         /* atomic: end after the current batch (or before starting) */
  ur_run run;        /* the worker's, until its ENDED event */
  int rc;
  char err[256];
  ur_run live;       /* the main thread's view: settings, then history, then the final run */
  UnrollMemberState state;
} Member;

struct Group {
  int id, k;
  ur_run setup;      /* settings and stack, no history */
  ur_model *start;
  Shared *sh;        /* a reference */
  Member *m;         /* k */
  GMutex prep_lock;
  int prep_state;    /* 0 not made yet, 1 made, -1 failed (prep_err), 2 freed */
  ur_prepared prep;  /* read-only once made: every member trains on it */
  char prep_err[256];
  gint prep_users;   /* members that have not ended: the last one frees prep */
  char name[64];     /* the main thread's: the members' name, which a rename changes */
};

struct _UnrollTrainer {
  GObject parent_instance;
  Shared *sh;
  ur_pool *pool;       /* created with the first group */
  int jobs;
  GPtrArray *groups;   /* Group (a reference each), in the order queued */
  gboolean ever;       /* something was queued once */
  GtkWidget *widget;   /* frame clock to drain on */
  guint tick_id, timeout_id;
  gint64 start_us, paused_since_us, paused_us;
  int focus_group, focus_k; /* the member the status follows: the last to start */
  double past_batches; /* planned batches of the groups that left since the queue started */
  char last_status[256]; /* how the last group ended, for the status once idle */
  double last_elapsed;
  UnrollTrainerProgress progress;
};

G_DEFINE_FINAL_TYPE(UnrollTrainer, unroll_trainer, G_TYPE_OBJECT)

enum { SIG_PROGRESS, SIG_MEMBER_FINISHED, SIG_GROUP_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- shared state ------------------------------------------------------- */

static Shared *shared_new(void) {
  Shared *sh = g_atomic_rc_box_new0(Shared);
  g_mutex_init(&sh->lock);
  g_cond_init(&sh->cond);
  sh->events = g_array_new(FALSE, FALSE, sizeof(Event));
  return sh;
}
static void shared_clear(gpointer p) {
  Shared *sh = p;
  g_mutex_clear(&sh->lock);
  g_cond_clear(&sh->cond);
  g_array_unref(sh->events);
}
static void shared_unref(Shared *sh) { g_atomic_rc_box_release_full(sh, shared_clear); }

static void push(Shared *sh, const Event *e) {
  g_mutex_lock(&sh->lock);
  g_array_append_val(sh->events, *e);
  g_mutex_unlock(&sh->lock);
}

static void wake(Shared *sh) {
  g_mutex_lock(&sh->lock); /* under the lock, so a worker about to wait cannot miss it */
  g_cond_broadcast(&sh->cond);
  g_mutex_unlock(&sh->lock);
}

static void group_clear(gpointer p) {
  Group *g = p;
  for (int k = 0; k < g->k; k++) {
    ur_run_clear(&g->m[k].run);
    ur_run_clear(&g->m[k].live);
  }
  if (g->prep_state == 1) ur_prepared_free(&g->prep);
  g_mutex_clear(&g->prep_lock);
  ur_run_clear(&g->setup);
  ur_model_free(g->start);
  shared_unref(g->sh);
  g_free(g->m);
}
static Group *group_ref(Group *g) { return g_atomic_rc_box_acquire(g); }
static void group_unref(gpointer g) { g_atomic_rc_box_release_full(g, group_clear); }

/* ---- worker threads ------------------------------------------------------ */

/* The group's data, made by the first member to need it: 0, or -1. */
static int group_prepare(Group *g) {
  g_mutex_lock(&g->prep_lock);
  if (g->prep_state == 0)
    g->prep_state = ur_prepare(&g->prep, &g->setup, NULL, g->prep_err, sizeof g->prep_err) == 0 ? 1 : -1;
  int ok = g->prep_state == 1;
  g_mutex_unlock(&g->prep_lock);
  return ok ? 0 : -1;
}

/* A member is done with the data; the last one frees it. */
static void group_release_data(Group *g) {
  if (!g_atomic_int_dec_and_test(&g->prep_users)) return;
  g_mutex_lock(&g->prep_lock);
  if (g->prep_state == 1) ur_prepared_free(&g->prep);
  g->prep_state = 2;
  g_mutex_unlock(&g->prep_lock);
}

static Event event_of(const Member *m, EventKind kind) {
  Event e;
  memset(&e, 0, sizeof e);
  e.kind = kind;
  e.group = m->g->id;
  e.k = m->k;
  return e;
}

/* Called by ur_train after every batch and epoch, on the member's thread. */
static int on_progress(const ur_progress *p, void *user) {
  Member *m = user;
  Shared *sh = m->g->sh;
  Event e = event_of(m, p->kind == UR_PROGRESS_BATCH ? EV_BATCH : EV_EPOCH);
  e.epoch = p->epoch;
  e.epochs = p->epochs;
  e.batch = p->batch;
  e.batches = p->batches;
  e.batch_loss = (float)p->batch_loss;
  e.stats = (ur_run_epoch_stats){p->loss, p->val_loss, p->val.mse, p->val.last_mse, p->lr, p->epoch_seconds, p->train_seconds};
  /* the member's run and the group's data are this thread's to read */
  e.naive_mse = m->run.naive_mse;
  e.linear_mse = m->run.linear_mse;
  e.snaive_mse = m->run.snaive_mse;
  e.loss_in_units = m->g->prep.loss_in_units;
  g_mutex_lock(&sh->lock);
  g_array_append_val(sh->events, e);
  /* pause: sleep here, between batches, until resumed or stopped */
  while (sh->paused && !g_atomic_int_get(&m->stop)) g_cond_wait(&sh->cond, &sh->lock);
  g_mutex_unlock(&sh->lock);
  return g_atomic_int_get(&m->stop);
}

static void nice_this_thread(void) {
#ifdef __linux__
  /* Training is background work: on a busy machine the window's thread
   * should win the CPU, so frames keep coming (Linux nices threads one by one). */
  setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
#endif
}

/* One member, on a pool thread: its group's data, its training, its end. */
static void member_job(void *arg) {
  Member *m = arg;
  Group *g = m->g;
  nice_this_thread();
  if (g_atomic_int_get(&m->stop)) { /* stopped while queued: ends untrained */
    g_strlcpy(m->run.stop, ur_stop_reason_name(UR_STOP_CANCELLED), sizeof m->run.stop);
    g_strlcpy(m->run.message, "stopped before it started", sizeof m->run.message);
  } else {
    Event e = event_of(m, EV_STARTED);
    push(g->sh, &e);
    if (group_prepare(g) == 0) m->rc = ur_run_train(&m->run, &g->prep, g->start, on_progress, m, m->err, sizeof m->err);
    else m->rc = -1, g_strlcpy(m->err, g->prep_err, sizeof m->err);
  }
  group_release_data(g);
  Event e = event_of(m, EV_ENDED);
  push(g->sh, &e); /* the run is the main thread's from here */
  group_unref(g);
}

/* ---- progress ------------------------------------------------------------- */

static double active_seconds(UnrollTrainer *self) {
  if (!self->start_us) return 0;
  gint64 now = g_get_monotonic_time(), paused = self->paused_us;
  if (self->paused_since_us) paused += now - self->paused_since_us;
  return (double)(now - self->start_us - paused) / 1e6;
}

/* Batches a member will train: its epochs × its batches per epoch, or, not
 * known yet, another member's of its group, or the last one seen. */
static double planned_batches(const Group *g, const Member *m, int *known) {
  int per = m->live.batches_per_epoch;
  for (int k = 0; k < g->k && per <= 0; k++) per = g->m[k].live.batches_per_epoch;
  if (per <= 0) per = *known;
  else *known = per;
  return (double)m->live.train.epochs * (per > 0 ? per : 1);
}

static void update_timing(UnrollTrainer *self) {
  UnrollTrainerProgress *pr = &self->progress;
  if (!self->groups->len) return; /* idle: the last figures stay */
  pr->elapsed = active_seconds(self);
  double done = self->past_batches, planned = self->past_batches;
  int known = 0;
  pr->groups = (int)self->groups->len;
  pr->queued = pr->running = pr->ended = 0;
  for (guint i = 0; i < self->groups->len; i++) {
    const Group *g = self->groups->pdata[i];
    for (int k = 0; k < g->k; k++) {
      const Member *m = &g->m[k];
      double p = planned_batches(g, m, &known);
      planned += p;
      done += m->state == UNROLL_MEMBER_ENDED ? p : fmin(p, m->live.n_batches);
      pr->queued += m->state == UNROLL_MEMBER_QUEUED;
      pr->running += m->state == UNROLL_MEMBER_RUNNING;
      pr->ended += m->state == UNROLL_MEMBER_ENDED;
    }
  }
  pr->fraction = planned > 0 ? fmin(1, done / planned) : 0;
  /* the pace so far, once there is enough of it to mean something */
  pr->eta = pr->fraction > 0.005 && pr->elapsed > 0.2 ? pr->elapsed * (1 - pr->fraction) / pr->fraction : -1;
}

static Group *find_group(UnrollTrainer *self, int id) {
  for (guint i = 0; i < self->groups->len; i++)
    if (((Group *)self->groups->pdata[i])->id == id) return self->groups->pdata[i];
  return NULL;
}

/* The status follows the member that started last; when it ends, another running one. */
static void refocus(UnrollTrainer *self) {
  Group *g = find_group(self, self->focus_group);
  if (g && self->focus_k < g->k && g->m[self->focus_k].state == UNROLL_MEMBER_RUNNING) return;
  for (guint i = 0; i < self->groups->len; i++) {
    g = self->groups->pdata[i];
    for (int k = 0; k < g->k; k++)
      if (g->m[k].state == UNROLL_MEMBER_RUNNING) {
        self->focus_group = g->id;
        self->focus_k = k;
        return;
      }
  }
}

static void follow_focus(UnrollTrainer *self, const Event *e) {
  if (e->group != self->focus_group || e->k != self->focus_k) return;
  UnrollTrainerProgress *pr = &self->progress;
  pr->epoch = e->epoch + 1;
  pr->epochs = e->epochs;
  pr->batch = e->batch;
  pr->batches = e->batches;
  if (e->kind == EV_BATCH) {
    pr->batch_loss = e->batch_loss;
    pr->loss = e->stats.loss;
  } else {
    pr->loss = e->stats.loss;
    pr->val_loss = e->stats.val_loss;
  }
}

/* One event into the main thread's view of its member; ENDED ones are
 * listed in `ended` (their signals come once every event is in). */
static void apply_event(UnrollTrainer *self, const Event *e, GPtrArray *ended) {
  Group *g = find_group(self, e->group);
  if (!g || e->k < 0 || e->k >= g->k) return;
  Member *m = &g->m[e->k];
  switch (e->kind) {
  case EV_STARTED:
    m->state = UNROLL_MEMBER_RUNNING;
    self->focus_group = g->id;
    self->focus_k = e->k;
    self->progress.epoch = 1;
    self->progress.batches = 0; /* "preparing" until its first batch */
    break;
  case EV_BATCH:
  case EV_EPOCH:
    m->live.naive_mse = e->naive_mse;
    m->live.linear_mse = e->linear_mse;
    m->live.snaive_mse = e->snaive_mse;
    m->live.loss_in_units = e->loss_in_units;
    if (e->kind == EV_BATCH) {
      m->live.batches_per_epoch = e->batches;
      ur_run_add_batch(&m->live, e->batch_loss);
    } else {
      ur_run_add_epoch(&m->live, &e->stats);
    }
    self->progress.events++;
    follow_focus(self, e);
    break;
  case EV_ENDED:
    /* the worker's run is the complete one (weights, metrics): it becomes the live run */
    ur_run_clear(&m->live);
    m->live = m->run;
    ur_run_init(&m->run);
    g_strlcpy(m->live.name, g->name, sizeof m->live.name); /* renamed while it trained */
    m->state = UNROLL_MEMBER_ENDED;
    g_ptr_array_add(ended, m);
    break;
  }
}

static gboolean group_ended(const Group *g) {
  for (int k = 0; k < g->k; k++)
    if (g->m[k].state != UNROLL_MEMBER_ENDED) return FALSE;
  return TRUE;
}

/* "lstm 2: 3 of 3 completed" for the status once the queue is idle. */
static void remember_end(UnrollTrainer *self, const Group *g) {
  int completed = 0;
  for (int k = 0; k < g->k; k++) completed += ur_group_member_finished(&g->m[k].live);
  const ur_run *r = &g->m[0].live;
  if (g->k == 1)
    g_snprintf(self->last_status, sizeof self->last_status, "%s: %s after %d epoch%s", r->name,
               r->stop[0] ? r->stop : "stopped", r->n_epochs, r->n_epochs == 1 ? "" : "s");
  else
    g_snprintf(self->last_status, sizeof self->last_status, "%s: %d of %d members completed", r->name, completed, g->k);
}

/* The members that ended, then the groups all of whose members did; a
 * finished group leaves the trainer after its signal. */
static void announce(UnrollTrainer *self, GPtrArray *ended) {
  for (guint i = 0; i < ended->len; i++) {
    Member *m = ended->pdata[i];
    Group *g = group_ref(m->g); /* a handler may stop or queue groups */
    g_signal_emit(self, signals[SIG_MEMBER_FINISHED], 0, g->id, m->k, &m->live, m->rc ? m->err : NULL);
    group_unref(g);
  }
  GPtrArray *done = g_ptr_array_new_with_free_func(group_unref);
  for (guint i = 0; i < self->groups->len; i++)
    if (group_ended(self->groups->pdata[i])) g_ptr_array_add(done, group_ref(self->groups->pdata[i]));
  for (guint i = 0; i < done->len; i++) {
    Group *g = done->pdata[i];
    int known = 0;
    for (int k = 0; k < g->k; k++) self->past_batches += planned_batches(g, &g->m[k], &known);
    remember_end(self, g);
    g_signal_emit(self, signals[SIG_GROUP_FINISHED], 0, g->id);
    g_ptr_array_remove(self->groups, g);
  }
  g_ptr_array_unref(done);
}

static void stop_ticking(UnrollTrainer *self);

/* The queue has emptied: the clock stops, the last figures stay. */
static void queue_emptied(UnrollTrainer *self) {
  if (self->paused_since_us) {
    self->paused_us += g_get_monotonic_time() - self->paused_since_us;
    self->paused_since_us = 0;
  }
  self->last_elapsed = active_seconds(self);
  self->progress.elapsed = self->last_elapsed;
  self->progress.fraction = 1;
  self->progress.eta = -1;
  self->progress.groups = self->progress.queued = self->progress.running = 0;
  self->start_us = 0;
  self->past_batches = 0;
  g_mutex_lock(&self->sh->lock);
  self->sh->paused = FALSE;
  g_mutex_unlock(&self->sh->lock);
  stop_ticking(self);
}

gboolean unroll_trainer_drain(UnrollTrainer *self) {
  g_return_val_if_fail(UNROLL_IS_TRAINER(self), FALSE);
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

  GPtrArray *ended = g_ptr_array_new();
  for (guint i = 0; i < taken->len; i++) apply_event(self, &g_array_index(taken, Event, i), ended);
  g_array_unref(taken);
  update_timing(self);
  announce(self, ended);
  g_ptr_array_unref(ended);
  refocus(self);
  if (self->groups->len == 0) queue_emptied(self);
  else update_timing(self);
  g_signal_emit(self, signals[SIG_PROGRESS], 0);
  return TRUE;
}

/* ---- the tick ------------------------------------------------------------- */

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
  if (self->tick_id || self->timeout_id) return;
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

/* ---- queueing ------------------------------------------------------------- */

static gboolean check_setup(const ur_run *setup, GError **error) {
  char why[256];
  int bad;
  if (setup->n_layers < 1 || ur_stack_check(setup->input, setup->layers, setup->n_layers, NULL, &bad, why, sizeof why)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s", setup->n_layers < 1 ? "The model has no layers" : why);
    return FALSE;
  }
  return TRUE;
}

static Group *group_new(UnrollTrainer *self, const ur_run *setup, ur_model *start) {
  Group *g = g_atomic_rc_box_new0(Group);
  ur_run_copy_settings(&g->setup, setup); /* the settings and stack alone */
  g_strlcpy(g->name, setup->name, sizeof g->name);
  g->id = setup->group;
  g->k = CLAMP(setup->train.repeats, 1, UR_GROUP_MAX_MEMBERS);
  g->start = start;
  g->sh = g_atomic_rc_box_acquire(self->sh);
  g_mutex_init(&g->prep_lock);
  g->prep_users = g->k;
  g->m = g_new0(Member, g->k);
  ur_run *members = g_new(ur_run, g->k);
  ur_group_setup(&g->setup, g->k, g->id, members);
  for (int k = 0; k < g->k; k++) {
    Member *m = &g->m[k];
    m->g = g;
    m->k = k;
    m->run = members[k];
    ur_run_copy(&m->live, &members[k]);
    m->state = UNROLL_MEMBER_QUEUED;
  }
  g_free(members);
  return g;
}

gboolean unroll_trainer_start(UnrollTrainer *self, const ur_run *setup, const ur_model *start, GError **error) {
  g_return_val_if_fail(UNROLL_IS_TRAINER(self), FALSE);
  if (!check_setup(setup, error)) return FALSE;
  if (setup->group < 0 || find_group(self, setup->group)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS, "Group %d is queued already", setup->group);
    return FALSE;
  }
  ur_model *copy = start ? ur_model_clone(start) : NULL;
  if (start && !copy) {
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, "Out of memory copying the model");
    return FALSE;
  }
  if (!self->pool && !(self->pool = ur_pool_new(self->jobs))) {
    ur_model_free(copy);
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, "Out of memory starting the threads");
    return FALSE;
  }
  if (self->groups->len == 0) { /* a new queue: its clock and figures start again */
    memset(&self->progress, 0, sizeof self->progress);
    self->progress.epochs = setup->train.epochs;
    self->progress.eta = -1;
    self->progress.batch_loss = self->progress.loss = self->progress.val_loss = NAN;
    self->start_us = g_get_monotonic_time();
    self->paused_since_us = self->paused_us = 0;
    self->past_batches = 0;
    if (unroll_trainer_is_paused(self)) self->paused_since_us = self->start_us;
  }
  Group *g = group_new(self, setup, copy);
  g_ptr_array_add(self->groups, g);
  self->ever = TRUE;
  for (int k = 0; k < g->k; k++) {
    group_ref(g); /* the job's */
    if (ur_pool_submit(self->pool, member_job, &g->m[k]) != 0) member_job(&g->m[k]);
  }
  update_timing(self);
  start_ticking(self);
  return TRUE;
}

/* ---- pause, stop ------------------------------------------------------------ */

void unroll_trainer_pause(UnrollTrainer *self) {
  g_return_if_fail(UNROLL_IS_TRAINER(self));
  if (!self->groups->len || self->paused_since_us) return;
  g_mutex_lock(&self->sh->lock);
  self->sh->paused = TRUE;
  g_mutex_unlock(&self->sh->lock);
  self->paused_since_us = g_get_monotonic_time();
}

void unroll_trainer_resume(UnrollTrainer *self) {
  g_return_if_fail(UNROLL_IS_TRAINER(self));
  if (!self->paused_since_us) return;
  g_mutex_lock(&self->sh->lock);
  self->sh->paused = FALSE;
  g_cond_broadcast(&self->sh->cond);
  g_mutex_unlock(&self->sh->lock);
  self->paused_us += g_get_monotonic_time() - self->paused_since_us;
  self->paused_since_us = 0;
}

static void stop_members(Group *g) {
  for (int k = 0; k < g->k; k++) g_atomic_int_set(&g->m[k].stop, 1);
}

void unroll_trainer_stop_group(UnrollTrainer *self, int group) {
  g_return_if_fail(UNROLL_IS_TRAINER(self));
  Group *g = find_group(self, group);
  if (!g) return;
  stop_members(g);
  wake(self->sh); /* a paused member wakes to end */
}

void unroll_trainer_stop_member(UnrollTrainer *self, int group, int k) {
  g_return_if_fail(UNROLL_IS_TRAINER(self));
  Group *g = find_group(self, group);
  if (!g || k < 0 || k >= g->k) return;
  g_atomic_int_set(&g->m[k].stop, 1);
  wake(self->sh);
}

void unroll_trainer_rename_group(UnrollTrainer *self, int group, const char *name) {
  g_return_if_fail(UNROLL_IS_TRAINER(self));
  Group *g = find_group(self, group);
  if (!g) return;
  g_strlcpy(g->name, name, sizeof g->name);
  for (int k = 0; k < g->k; k++) g_strlcpy(g->m[k].live.name, name, sizeof g->m[k].live.name);
}

void unroll_trainer_stop(UnrollTrainer *self) {
  g_return_if_fail(UNROLL_IS_TRAINER(self));
  for (guint i = 0; i < self->groups->len; i++) stop_members(self->groups->pdata[i]);
  wake(self->sh);
}

/* ---- reading -------------------------------------------------------------------- */

gboolean unroll_trainer_is_running(UnrollTrainer *self) { return self->groups->len > 0; }
gboolean unroll_trainer_is_paused(UnrollTrainer *self) { return self->groups->len > 0 && self->paused_since_us != 0; }
guint unroll_trainer_get_n_groups(UnrollTrainer *self) { return self->groups->len; }
int unroll_trainer_get_group_id(UnrollTrainer *self, guint i) {
  return i < self->groups->len ? ((Group *)self->groups->pdata[i])->id : -1;
}
int unroll_trainer_get_group_size(UnrollTrainer *self, int group) {
  Group *g = find_group(self, group);
  return g ? g->k : 0;
}
int unroll_trainer_next_group_id(UnrollTrainer *self) {
  int next = 0;
  for (guint i = 0; i < self->groups->len; i++) next = MAX(next, ((Group *)self->groups->pdata[i])->id + 1);
  return next;
}

const ur_run *unroll_trainer_get_member(UnrollTrainer *self, int group, int k) {
  Group *g = find_group(self, group);
  return g && k >= 0 && k < g->k ? &g->m[k].live : NULL;
}

UnrollMemberState unroll_trainer_get_member_state(UnrollTrainer *self, int group, int k) {
  Group *g = find_group(self, group);
  return g && k >= 0 && k < g->k ? g->m[k].state : UNROLL_MEMBER_ENDED;
}

void unroll_trainer_set_jobs(UnrollTrainer *self, int jobs) {
  g_return_if_fail(UNROLL_IS_TRAINER(self));
  self->jobs = CLAMP(jobs, 1, UR_POOL_MAX_JOBS);
  if (self->pool) ur_pool_set_jobs(self->pool, self->jobs);
}
int unroll_trainer_get_jobs(UnrollTrainer *self) { return self->jobs; }

void unroll_trainer_get_progress(UnrollTrainer *self, UnrollTrainerProgress *out) {
  update_timing(self);
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
  char el[32], eta[32], who[96] = "", queue[96] = "";
  clock_text(p.elapsed, el, sizeof el);
  clock_text(p.eta, eta, sizeof eta);
  if (!self->ever) return NULL;
  if (!self->groups->len) return g_strdup_printf("%s · %s", self->last_status, el);
  const ur_run *focus = unroll_trainer_get_member(self, self->focus_group, self->focus_k);
  if (focus) {
    int k = unroll_trainer_get_group_size(self, self->focus_group);
    if (k > 1) g_snprintf(who, sizeof who, "%s (seed %u) · ", focus->name, focus->train.seed);
    else g_snprintf(who, sizeof who, "%s · ", focus->name);
  }
  if (p.ended + p.queued + p.running > 1)
    g_snprintf(queue, sizeof queue, " · %d training, %d queued", p.running, p.queued);
  const char *paused = unroll_trainer_is_paused(self) ? "Paused · " : "";
  if (p.running == 0 || p.batches == 0)
    return g_strdup_printf("%s%sPreparing the data and the baselines…%s · %s", paused, who, queue, el);
  return g_strdup_printf("%s%sEpoch %d of %d · batch %d of %d%s · %s elapsed%s%s%s", paused, who, p.epoch, p.epochs,
                         p.batch, p.batches, queue, el, p.eta >= 0 ? " · about " : "", p.eta >= 0 ? eta : "",
                         p.eta >= 0 ? " left" : "");
}

/* ---- object ------------------------------------------------------------- */

/* Frees the pool (it waits for its jobs) off the main thread: the members
 * were told to stop and end within a batch, but one may be making its data. */
static gpointer free_pool(gpointer pool) {
  ur_pool_free(pool);
  return NULL;
}

static void unroll_trainer_dispose(GObject *object) {
  UnrollTrainer *self = UNROLL_TRAINER(object);
  unroll_trainer_stop(self);
  stop_ticking(self);
  self->widget = NULL;
  if (self->pool) g_thread_unref(g_thread_new("unroll-pool-end", free_pool, self->pool));
  self->pool = NULL;
  G_OBJECT_CLASS(unroll_trainer_parent_class)->dispose(object);
}

static void unroll_trainer_finalize(GObject *object) {
  UnrollTrainer *self = UNROLL_TRAINER(object);
  g_ptr_array_unref(self->groups); /* the jobs hold their groups until they end */
  shared_unref(self->sh);
  G_OBJECT_CLASS(unroll_trainer_parent_class)->finalize(object);
}

static void unroll_trainer_class_init(UnrollTrainerClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  oc->dispose = unroll_trainer_dispose;
  oc->finalize = unroll_trainer_finalize;
  signals[SIG_PROGRESS] = g_signal_new("progress", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);
  signals[SIG_MEMBER_FINISHED] = g_signal_new("member-finished", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                              NULL, NULL, G_TYPE_NONE, 4, G_TYPE_INT, G_TYPE_INT, G_TYPE_POINTER,
                                              G_TYPE_STRING);
  signals[SIG_GROUP_FINISHED] = g_signal_new("group-finished", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                             NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void unroll_trainer_init(UnrollTrainer *self) {
  self->sh = shared_new();
  self->groups = g_ptr_array_new_with_free_func(group_unref);
  self->jobs = ur_pool_default_jobs();
  self->progress.eta = -1;
  self->focus_group = -1;
}

UnrollTrainer *unroll_trainer_new(void) { return g_object_new(UNROLL_TYPE_TRAINER, NULL); }
