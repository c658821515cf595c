/* unroll-comparison.c: see unroll-comparison.h.
 *
 * Each selection change starts a GTask with its own copies of the runs; a
 * generation number drops results that a newer selection made stale.  The
 * windows and baselines are kept and reused while the data settings and
 * the horizon stay the same, so selecting one more run costs only its own
 * forecast.
 */
#include "unroll-comparison.h"
#include <gio/gio.h>
#include <string.h>

typedef struct {
  ur_run *runs;        /* copies */
  guint n;
  int horizon;         /* the longest among the runs: what the comparison forecasts */
  ur_comparison *cmp;  /* a reference: the last result's when the key matches, else made here */
  ur_run_forecast *fc; /* n */
  char **errors;          /* n, NULL when fine */
  char data_error[256];
  guint gen;
} Job;

struct _UnrollComparison {
  GObject parent_instance;
  GPtrArray *runs;          /* UnrollRun, as of the last ::ready */
  ur_comparison *cmp;       /* reference-counted (g_atomic_rc_box): a stale job may still read it */
  ur_run_forecast *fc;
  char **errors;
  guint gen, busy;          /* busy: tasks in flight */
};

G_DEFINE_FINAL_TYPE(UnrollComparison, unroll_comparison, G_TYPE_OBJECT)

enum { SIG_READY, N_SIGNALS };
static guint signals[N_SIGNALS];

static void cmp_clear(gpointer p) { ur_comparison_free(p); }
static void cmp_unref(ur_comparison *c) { g_atomic_rc_box_release_full(c, cmp_clear); }

static void job_free(gpointer p) {
  Job *j = p;
  for (guint i = 0; i < j->n; i++) {
    ur_run_clear(&j->runs[i]);
    ur_run_forecast_free(&j->fc[i]);
    g_free(j->errors[i]);
  }
  g_free(j->runs);
  g_free(j->fc);
  g_free(j->errors);
  if (j->cmp) cmp_unref(j->cmp);
  g_free(j);
}

static void worker(GTask *task, gpointer source, gpointer data, GCancellable *c) {
  (void)source; (void)c;
  Job *j = data;
  char err[256];
  if (!j->cmp && j->n > 0) {
    ur_comparison *c = g_atomic_rc_box_new0(ur_comparison);
    if (ur_comparison_make_for(c, &j->runs[0], j->horizon, j->data_error, sizeof j->data_error) != 0) {
      cmp_unref(c);
      g_task_return_boolean(task, TRUE);
      return;
    }
    j->cmp = c;
  }
  for (guint i = 0; i < j->n; i++)
    if (j->cmp && ur_comparison_run(j->cmp, &j->runs[i], &j->fc[i], err, sizeof err) != 0)
      j->errors[i] = g_strdup(err);
  g_task_return_boolean(task, TRUE);
}

/* The charts draw the runs' names from the runs themselves: a rename needs
 * no new forecasts, only a redraw, which ::ready brings. */
static void on_run_renamed(UnrollComparison *self) { g_signal_emit(self, signals[SIG_READY], 0); }

static void clear_results(UnrollComparison *self) {
  for (guint i = 0; self->runs && i < self->runs->len; i++)
    g_signal_handlers_disconnect_by_func(self->runs->pdata[i], on_run_renamed, self);
  for (guint i = 0; self->runs && i < self->runs->len; i++) {
    if (self->fc) ur_run_forecast_free(&self->fc[i]);
    if (self->errors) g_free(self->errors[i]);
  }
  g_clear_pointer(&self->fc, g_free);
  g_clear_pointer(&self->errors, g_free);
  g_ptr_array_set_size(self->runs, 0);
}

static void on_done(GObject *source, GAsyncResult *res, gpointer data) {
  UnrollComparison *self = UNROLL_COMPARISON(source);
  GPtrArray *objs = data; /* the UnrollRuns the job's copies came from */
  Job *j = g_task_get_task_data(G_TASK(res));
  g_task_propagate_boolean(G_TASK(res), NULL);
  self->busy--;
  if (j->gen == self->gen) {
    clear_results(self);
    if (self->cmp) cmp_unref(self->cmp);
    self->cmp = j->cmp ? g_atomic_rc_box_acquire(j->cmp) : NULL;
    for (guint i = 0; i < objs->len; i++) {
      g_ptr_array_add(self->runs, g_object_ref(objs->pdata[i]));
      g_signal_connect_swapped(objs->pdata[i], "notify::name", G_CALLBACK(on_run_renamed), self);
    }
    self->fc = j->fc;
    self->errors = j->errors;
    j->fc = g_new0(ur_run_forecast, j->n);
    j->errors = g_new0(char *, j->n);
    if (j->data_error[0])
      for (guint i = 0; i < j->n; i++) self->errors[i] = g_strdup(j->data_error);
    g_signal_emit(self, signals[SIG_READY], 0);
  }
  g_ptr_array_unref(objs);
}

void unroll_comparison_set_runs(UnrollComparison *self, GPtrArray *runs) {
  g_return_if_fail(UNROLL_IS_COMPARISON(self));
  Job *j = g_new0(Job, 1);
  GPtrArray *objs = g_ptr_array_new_with_free_func(g_object_unref);
  j->n = runs ? runs->len : 0;
  j->runs = g_new0(ur_run, j->n + 1);
  j->fc = g_new0(ur_run_forecast, j->n + 1);
  j->errors = g_new0(char *, j->n + 1);
  const ur_run **list = g_new(const ur_run *, j->n + 1);
  for (guint i = 0; i < j->n; i++) {
    if (ur_run_copy(&j->runs[i], unroll_run_get(runs->pdata[i])) != 0) ur_run_init(&j->runs[i]);
    list[i] = &j->runs[i];
    g_ptr_array_add(objs, g_object_ref(runs->pdata[i]));
  }
  j->horizon = ur_comparison_horizon(list, (int)j->n);
  g_free(list);
  j->gen = ++self->gen;
  /* same data and horizon as what we hold: reuse the windows and baselines (read-only in the worker) */
  if (j->n > 0 && self->cmp && ur_comparison_matches(self->cmp, &j->runs[0], j->horizon))
    j->cmp = g_atomic_rc_box_acquire(self->cmp);
  self->busy++;
  GTask *task = g_task_new(self, NULL, on_done, objs);
  g_task_set_task_data(task, j, job_free);
  g_task_run_in_thread(task, worker);
  g_object_unref(task);
}

const ur_comparison *unroll_comparison_get_data(UnrollComparison *self) {
  return self->cmp;
}
guint unroll_comparison_get_n_runs(UnrollComparison *self) { return self->runs->len; }
UnrollRun *unroll_comparison_get_run(UnrollComparison *self, guint i) {
  return i < self->runs->len ? self->runs->pdata[i] : NULL;
}
const ur_run_forecast *unroll_comparison_get_forecast(UnrollComparison *self, guint i) {
  return i < self->runs->len && self->fc && !self->errors[i] && self->fc[i].y ? &self->fc[i] : NULL;
}
const char *unroll_comparison_get_error(UnrollComparison *self, guint i) {
  return i < self->runs->len && self->errors ? self->errors[i] : NULL;
}
gboolean unroll_comparison_is_busy(UnrollComparison *self) { return self->busy > 0; }

static void finalize(GObject *object) {
  UnrollComparison *self = UNROLL_COMPARISON(object);
  clear_results(self);
  g_ptr_array_unref(self->runs);
  if (self->cmp) cmp_unref(self->cmp);
  G_OBJECT_CLASS(unroll_comparison_parent_class)->finalize(object);
}

static void unroll_comparison_class_init(UnrollComparisonClass *klass) {
  G_OBJECT_CLASS(klass)->finalize = finalize;
  signals[SIG_READY] = g_signal_new("ready", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
}

static void unroll_comparison_init(UnrollComparison *self) {
  self->runs = g_ptr_array_new_with_free_func(g_object_unref);
}

UnrollComparison *unroll_comparison_new(void) { return g_object_new(UNROLL_TYPE_COMPARISON, NULL); }
