/* unroll-comparison.c: see unroll-comparison.h.
 *
 * Each selection change starts a GTask with its own copies of the members'
 * runs; a generation number drops results that a newer selection made
 * stale.  The windows and baselines are kept and reused while the data
 * settings and the horizon stay the same, so selecting one more group costs
 * only its members' forecasts.
 */
#include "unroll-comparison.h"
#include <gio/gio.h>
#include <string.h>

typedef struct {
  guint n_groups;
  int *first, *size;   /* group g's members: runs[first[g] .. first[g] + size[g]) */
  ur_run *runs;        /* copies */
  int n_runs;
  int horizon;         /* the longest among the runs: what the comparison forecasts */
  ur_comparison *cmp;  /* a reference: the last result's when the key matches, else made here */
  ur_run_forecast *fc; /* n_runs; y NULL where a member has none */
  ur_future *fut;      /* n_runs; value NULL where none */
  char **errors;       /* n_groups: the first reason a member of the group could not be forecast */
  char data_error[256];
  char note[320];      /* the groups left out */
  guint gen;
} Job;

struct _UnrollComparison {
  GObject parent_instance;
  GPtrArray *groups;   /* UnrollRunGroup, as of the last ::ready */
  Job *res;            /* the last result's (its runs, forecasts and futures) */
  ur_comparison *cmp;  /* reference-counted (g_atomic_rc_box): a stale job may still read it */
  char note[320];
  guint gen, busy;     /* busy: tasks in flight */
  guint serial;        /* results taken */
};

G_DEFINE_FINAL_TYPE(UnrollComparison, unroll_comparison, G_TYPE_OBJECT)

enum { SIG_READY, N_SIGNALS };
static guint signals[N_SIGNALS];

static void cmp_clear(gpointer p) { ur_comparison_free(p); }
static void cmp_unref(ur_comparison *c) { g_atomic_rc_box_release_full(c, cmp_clear); }

static void job_free(gpointer p) {
  Job *j = p;
  if (!j) return;
  for (int i = 0; i < j->n_runs; i++) {
    ur_run_clear(&j->runs[i]);
    ur_run_forecast_free(&j->fc[i]);
    ur_future_free(&j->fut[i]);
  }
  for (guint g = 0; g < j->n_groups; g++) g_free(j->errors[g]);
  g_free(j->first);
  g_free(j->size);
  g_free(j->runs);
  g_free(j->fc);
  g_free(j->fut);
  g_free(j->errors);
  if (j->cmp) cmp_unref(j->cmp);
  g_free(j);
}

/* A member's forecasts past the end of the CSV the comparison windows. */
static void forecast_future(const ur_comparison *c, const ur_run *r, ur_future *out) {
  char err[256];
  if (!c->csv.path[0] || !c->series) return;
  ur_model *m = ur_run_model(r, err, sizeof err);
  if (m && ur_forecast_future(m, c->series, r->data.csv.cfg.transform, 0, 0, out, err, sizeof err) != 0)
    memset(out, 0, sizeof *out);
  ur_model_free(m);
}

static void worker(GTask *task, gpointer source, gpointer data, GCancellable *c) {
  (void)source; (void)c;
  Job *j = data;
  char err[256];
  if (!j->cmp && j->n_runs > 0) {
    ur_comparison *c = g_atomic_rc_box_new0(ur_comparison);
    if (ur_comparison_make_for(c, &j->runs[0], j->horizon, j->data_error, sizeof j->data_error) != 0) {
      cmp_unref(c);
      g_task_return_boolean(task, TRUE);
      return;
    }
    j->cmp = c;
  }
  for (guint g = 0; g < j->n_groups; g++)
    for (int i = j->first[g]; i < j->first[g] + j->size[g]; i++) {
      if (!j->runs[i].model_len) continue; /* queued, training, or stopped before it started */
      if (ur_comparison_run(j->cmp, &j->runs[i], &j->fc[i], err, sizeof err) != 0) {
        memset(&j->fc[i], 0, sizeof j->fc[i]);
        if (!j->errors[g]) j->errors[g] = g_strdup(err);
        continue;
      }
      forecast_future(j->cmp, &j->runs[i], &j->fut[i]);
    }
  g_task_return_boolean(task, TRUE);
}

/* The charts draw the groups' names from the runs themselves: a rename
 * needs no new forecasts, only a redraw, which ::ready brings. */
static void on_group_changed(UnrollComparison *self) { g_signal_emit(self, signals[SIG_READY], 0); }

static void clear_results(UnrollComparison *self) {
  for (guint i = 0; self->groups && i < self->groups->len; i++)
    g_signal_handlers_disconnect_by_func(self->groups->pdata[i], on_group_changed, self);
  g_ptr_array_set_size(self->groups, 0);
  g_clear_pointer(&self->res, job_free);
}

static void on_done(GObject *source, GAsyncResult *res, gpointer data) {
  UnrollComparison *self = UNROLL_COMPARISON(source);
  GPtrArray *objs = data; /* the groups the job's copies came from */
  Job *j = g_task_get_task_data(G_TASK(res));
  g_task_propagate_boolean(G_TASK(res), NULL);
  self->busy--;
  if (j->gen == self->gen) {
    clear_results(self);
    if (self->cmp) cmp_unref(self->cmp);
    self->cmp = j->cmp ? g_atomic_rc_box_acquire(j->cmp) : NULL;
    for (guint i = 0; i < objs->len; i++) {
      g_ptr_array_add(self->groups, g_object_ref(objs->pdata[i]));
      g_signal_connect_swapped(objs->pdata[i], "changed", G_CALLBACK(on_group_changed), self);
    }
    /* the job's results become ours; the task frees an empty shell */
    g_strlcpy(self->note, j->note, sizeof self->note);
    self->res = g_memdup2(j, sizeof *j);
    if (self->res->cmp) self->res->cmp = g_atomic_rc_box_acquire(self->res->cmp);
    if (j->data_error[0])
      for (guint g = 0; g < j->n_groups; g++)
        if (!self->res->errors[g]) self->res->errors[g] = g_strdup(j->data_error);
    memset(j, 0, sizeof *j);
    self->serial++;
    g_signal_emit(self, signals[SIG_READY], 0);
  }
  g_ptr_array_unref(objs);
}

/* Whether two runs forecast one series: the synthetic series with the same
 * seed, count and length, or the same CSV source (their horizons may
 * differ: a one-step run iterates). */
static gboolean same_series(const ur_run *a, const ur_run *b) {
  if (a->data.csv.path[0] || b->data.csv.path[0]) return ur_csv_source_same(&a->data.csv, &b->data.csv);
  return a->data.seed == b->data.seed && a->data.n_series == b->data.n_series && a->data.n_steps == b->data.n_steps;
}

/* The groups on the first one's series; the others named in the note. */
static GPtrArray *comparable(GPtrArray *groups, char *note, size_t len) {
  GPtrArray *kept = g_ptr_array_new_with_free_func(g_object_unref);
  GString *left = g_string_new(NULL);
  int n_left = 0;
  for (guint i = 0; groups && i < groups->len; i++) {
    UnrollRunGroup *g = groups->pdata[i];
    const ur_run *r = unroll_run_group_get_first(g);
    if (!r) continue;
    if (kept->len && !same_series(unroll_run_group_get_first(kept->pdata[0]), r)) {
      g_string_append_printf(left, "%s%s", n_left++ ? ", " : "", unroll_run_group_get_label(g));
      continue;
    }
    g_ptr_array_add(kept, g_object_ref(g));
  }
  if (n_left)
    g_snprintf(note, len, "%s left out: trained on other data than %s", left->str, unroll_run_group_get_label(kept->pdata[0]));
  else note[0] = 0;
  g_string_free(left, TRUE);
  return kept;
}

void unroll_comparison_set_groups(UnrollComparison *self, GPtrArray *groups) {
  g_return_if_fail(UNROLL_IS_COMPARISON(self));
  Job *j = g_new0(Job, 1);
  GPtrArray *objs = comparable(groups, j->note, sizeof j->note);
  j->n_groups = objs->len;
  j->first = g_new0(int, j->n_groups + 1);
  j->size = g_new0(int, j->n_groups + 1);
  j->errors = g_new0(char *, j->n_groups + 1);
  for (guint g = 0; g < objs->len; g++) j->n_runs += (int)unroll_run_group_get_size(objs->pdata[g]);
  j->runs = g_new0(ur_run, j->n_runs + 1);
  j->fc = g_new0(ur_run_forecast, j->n_runs + 1);
  j->fut = g_new0(ur_future, j->n_runs + 1);
  const ur_run **list = g_new(const ur_run *, j->n_runs + 1);
  int n = 0;
  for (guint g = 0; g < objs->len; g++) {
    j->first[g] = n;
    for (guint i = 0; i < unroll_run_group_get_size(objs->pdata[g]); i++, n++) {
      const ur_run *r = unroll_run_get(unroll_run_group_get_member(objs->pdata[g], i));
      if (ur_run_copy(&j->runs[n], r) != 0) ur_run_init(&j->runs[n]);
      list[n] = &j->runs[n];
    }
    j->size[g] = n - j->first[g];
  }
  j->horizon = ur_comparison_horizon(list, n);
  g_free(list);
  j->gen = ++self->gen;
  /* same data and horizon as what we hold: reuse the windows and baselines (read-only in the worker) */
  if (n > 0 && self->cmp && ur_comparison_matches(self->cmp, &j->runs[0], j->horizon))
    j->cmp = g_atomic_rc_box_acquire(self->cmp);
  self->busy++;
  GTask *task = g_task_new(self, NULL, on_done, objs);
  g_task_set_task_data(task, j, job_free);
  g_task_run_in_thread(task, worker);
  g_object_unref(task);
}

const ur_comparison *unroll_comparison_get_data(UnrollComparison *self) { return self->cmp; }
guint unroll_comparison_get_n_groups(UnrollComparison *self) { return self->groups->len; }
UnrollRunGroup *unroll_comparison_get_group(UnrollComparison *self, guint i) {
  return i < self->groups->len ? self->groups->pdata[i] : NULL;
}

int unroll_comparison_get_forecasts(UnrollComparison *self, guint i, const ur_run_forecast **out, int max) {
  int n = 0;
  if (!self->res || i >= self->res->n_groups) return 0;
  for (int r = self->res->first[i]; r < self->res->first[i] + self->res->size[i] && n < max; r++)
    if (self->res->fc[r].y) out[n++] = &self->res->fc[r];
  return n;
}

int unroll_comparison_get_futures(UnrollComparison *self, guint i, const ur_future **out, int max) {
  int n = 0;
  if (!self->res || i >= self->res->n_groups) return 0;
  for (int r = self->res->first[i]; r < self->res->first[i] + self->res->size[i] && n < max; r++)
    if (self->res->fut[r].value) out[n++] = &self->res->fut[r];
  return n;
}

const char *unroll_comparison_get_error(UnrollComparison *self, guint i) {
  return self->res && i < self->res->n_groups ? self->res->errors[i] : NULL;
}
const char *unroll_comparison_get_note(UnrollComparison *self) { return self->note; }
gboolean unroll_comparison_is_busy(UnrollComparison *self) { return self->busy > 0; }
guint unroll_comparison_get_serial(UnrollComparison *self) { return self->serial; }

guint unroll_comparison_get_n_runs(UnrollComparison *self) { return self->groups->len; }
UnrollRun *unroll_comparison_get_run(UnrollComparison *self, guint i) {
  return i < self->groups->len ? unroll_run_group_get_member(self->groups->pdata[i], 0) : NULL;
}

static void finalize(GObject *object) {
  UnrollComparison *self = UNROLL_COMPARISON(object);
  clear_results(self);
  g_ptr_array_unref(self->groups);
  if (self->cmp) cmp_unref(self->cmp);
  G_OBJECT_CLASS(unroll_comparison_parent_class)->finalize(object);
}

static void unroll_comparison_class_init(UnrollComparisonClass *klass) {
  G_OBJECT_CLASS(klass)->finalize = finalize;
  signals[SIG_READY] = g_signal_new("ready", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
}

static void unroll_comparison_init(UnrollComparison *self) {
  self->groups = g_ptr_array_new_with_free_func(g_object_unref);
}

UnrollComparison *unroll_comparison_new(void) { return g_object_new(UNROLL_TYPE_COMPARISON, NULL); }
