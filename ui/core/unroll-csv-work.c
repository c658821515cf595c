/* unroll-csv-work.c: see unroll-csv-work.h. */
#include "unroll-csv-work.h"
#include <stdio.h>
#include <string.h>
#include "unroll-analysis.h"

static void table_clear(gpointer p) {
  UnrollCsvTable *t = p;
  ur_csv_free(&t->csv);
  g_free(t->path);
  g_free(t->date_format);
  g_free(t->date_column);
}

UnrollCsvTable *unroll_csv_table_ref(UnrollCsvTable *t) { return g_atomic_rc_box_acquire(t); }
void unroll_csv_table_unref(UnrollCsvTable *t) {
  if (t) g_atomic_rc_box_release_full(t, table_clear);
}

/* ---- reading ------------------------------------------------------------ */

typedef struct {
  char *path, *date_format, *date_column;
  gint *progress;
  GCancellable *cancellable;
} ReadJob;

static void read_job_free(gpointer p) {
  ReadJob *j = p;
  g_free(j->path);
  g_free(j->date_format);
  g_free(j->date_column);
  g_clear_object(&j->cancellable);
  g_free(j);
}

/* The reader's progress callback: how far, and whether to stop. */
static int on_progress(double fraction, void *user) {
  ReadJob *j = user;
  if (j->progress) g_atomic_int_set(j->progress, (gint)(fraction * 1000));
  return j->cancellable && g_cancellable_is_cancelled(j->cancellable);
}

static void read_worker(GTask *task, gpointer source, gpointer data, GCancellable *cancellable) {
  (void)source; (void)cancellable;
  ReadJob *j = data;
  char err[1024];
  UnrollCsvTable *t = g_atomic_rc_box_new0(UnrollCsvTable);
  t->path = g_strdup(j->path);
  t->date_format = g_strdup(j->date_format);
  t->date_column = g_strdup(j->date_column);
  ur_csv_options opt = {j->date_format, j->date_column, on_progress, j};
  if (ur_csv_read(t->path, &opt, &t->csv, err, sizeof err) != 0) {
    unroll_csv_table_unref(t);
    g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", err);
    return;
  }
  if (j->progress) g_atomic_int_set(j->progress, 1000);
  /* a cancelled task returns its error however it ends (check_cancellable) */
  g_task_return_pointer(task, t, (GDestroyNotify)unroll_csv_table_unref);
}

void unroll_csv_read_async(const char *path, const UnrollCsvReadOptions *opt, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer data) {
  ReadJob *j = g_new0(ReadJob, 1);
  j->path = g_strdup(path);
  if (opt) {
    j->date_format = opt->date_format && opt->date_format[0] ? g_strdup(opt->date_format) : NULL;
    j->date_column = j->date_format && opt->date_column && opt->date_column[0] ? g_strdup(opt->date_column) : NULL;
    j->progress = opt->progress;
  }
  j->cancellable = cancellable ? g_object_ref(cancellable) : NULL;
  if (j->progress) g_atomic_int_set(j->progress, 0);
  GTask *task = g_task_new(NULL, cancellable, callback, data);
  g_task_set_source_tag(task, unroll_csv_read_async);
  g_task_set_task_data(task, j, read_job_free);
  g_task_set_check_cancellable(task, TRUE);
  g_task_run_in_thread(task, read_worker);
  g_object_unref(task);
}

UnrollCsvTable *unroll_csv_read_finish(GAsyncResult *result, GError **error) {
  return g_task_propagate_pointer(G_TASK(result), error);
}

/* ---- windows ------------------------------------------------------------ */

void unroll_csv_preview_free(UnrollCsvPreview *p) {
  if (!p) return;
  ur_series_free(&p->series);
  g_free(p);
}

int unroll_csv_fit_lookback(long train_rows, int season) {
  long L = train_rows / 3;
  if (L > 50) L = 50;
  if (season > 0 && L < season + 1 && season + 1 <= train_rows / 2) L = season + 1;
  return L < 1 ? 1 : (int)L;
}

void unroll_csv_part_windows(const ur_series *s, int part, int out[3]) {
  const ur_windows *w = &s->win;
  for (int k = 0; k < 3; k++) {
    long n = 0;
    for (int g = 0; w->range_count[k] && g < s->n_segments; g++)
      if (s->segments[g].part == part) n += w->range_count[k][g];
    out[k] = (int)n;
  }
}

/* What each policy would act on: NANs in the used columns, among the rows
 * a date column keeps. */
static void count_missing(const ur_csv *csv, const ur_series_config *cfg, UnrollCsvPreview *p) {
  const double *dates = cfg->date >= 0 && cfg->date < csv->n_cols ? csv->cols[cfg->date].times : NULL;
  for (int r = 0; r < csv->n_rows; r++) {
    if (dates && isnan(dates[r])) {
      p->rows_undated++;
      continue;
    }
    int bad = 0;
    for (int f = -1; f < cfg->n_inputs + cfg->n_more_targets; f++) {
      int c = f < 0 ? cfg->target : f < cfg->n_inputs ? cfg->inputs[f] : cfg->more_targets[f - cfg->n_inputs];
      if (c >= 0 && c < csv->n_cols && csv->cols[c].values && isnan(csv->cols[c].values[r])) bad++;
    }
    p->cells_missing += bad;
    p->rows_missing += bad > 0;
  }
}

/* The windows' size, before any is made: rows / stride windows of
 * lookback × features inputs and their targets; FALSE with a reason when
 * training could not hold them. */
static gboolean windows_fit_memory(const ur_csv *csv, const ur_series_config *cfg, UnrollCsvPreview *p) {
  int F = 1 + cfg->n_inputs, H = cfg->kind == UR_TARGET_ONE_STEP ? 1 : cfg->horizon;
  double per = (double)cfg->lookback * F + (cfg->kind == UR_TARGET_SEQ2SEQ ? (double)cfg->lookback * H : H);
  double rows = (double)csv->n_rows * (1 + cfg->n_more_targets);
  double bytes = rows / (cfg->stride > 0 ? cfg->stride : 1) * per * sizeof(float);
  if (bytes <= UNROLL_CSV_MAX_WINDOW_BYTES) return TRUE;
  snprintf(p->error, sizeof p->error, "these windows would take %.1f GiB of memory (%d rows, lookback %d, "
           "stride %d); raise the stride or shorten the lookback", bytes / (1 << 30), csv->n_rows, cfg->lookback,
           cfg->stride);
  return FALSE;
}

/* A lookback for the series: made once with the shortest window, its first
 * training span and its season decide.  Unchanged when even that fails
 * (the real make then says why). */
static void fit_lookback(const ur_csv *csv, UnrollCsvPreview *p) {
  ur_series_config c = p->cfg;
  ur_series s;
  char err[256];
  c.lookback = 1;
  if (ur_series_make(csv, &c, NULL, 0, &s, err, sizeof err) != 0) return;
  p->cfg.lookback = unroll_csv_fit_lookback(s.parts[0].train_end, s.season);
  p->fitted = 1;
  ur_series_free(&s);
}

/* The series for the model adapted to its windows, as training makes it;
 * a model that does not work on them is said, and the series made
 * without it (the window then shows the stack's problem and its fix). */
static int make_series(const UnrollCsvTable *t, const UnrollCsvRequest *req, UnrollCsvPreview *p) {
  const ur_csv *csv = &t->csv;
  ur_csv_source src;
  if (!req->has_model || ur_csv_source_set(&src, t->path, csv, &p->cfg) != 0)
    return ur_series_make(csv, &p->cfg, NULL, 0, &p->series, p->error, sizeof p->error);
  ur_project m = req->model;
  m.runs = NULL;
  m.n_runs = 0;
  UnrollAnalysis a;
  if (m.n_layers > 0 && ur_project_set_csv(&m, &src) == 0) {
    unroll_analyze(&m, &a);
    p->receptive_field = a.receptive_field;
    if (!a.ok) snprintf(p->model_problem, sizeof p->model_problem, "%s", a.why);
    else return ur_csv_source_make(&src, csv, m.layers, m.n_layers, &p->series, p->error, sizeof p->error);
  }
  return ur_series_make(csv, &p->cfg, NULL, 0, &p->series, p->error, sizeof p->error);
}

/* The first series' target over each span, in units. */
static void span_ranges(UnrollCsvPreview *p) {
  const ur_series *s = &p->series;
  const ur_series_part *q = &s->parts[0];
  long bounds[4] = {0, q->train_end, q->valid_end, q->rows};
  for (int k = 0; k < 3; k++) {
    double lo = INFINITY, hi = -INFINITY;
    for (long r = bounds[k]; r < bounds[k + 1]; r++) {
      float v = s->values[(size_t)(q->first + r) * s->n_features];
      if (isnan(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    p->span_min[k] = isfinite(lo) ? lo : NAN;
    p->span_max[k] = isfinite(hi) ? hi : NAN;
  }
}

UnrollCsvPreview *unroll_csv_preview_make(const UnrollCsvTable *table, const UnrollCsvRequest *req) {
  const ur_csv *csv = &table->csv;
  UnrollCsvPreview *p = g_new0(UnrollCsvPreview, 1);
  p->cfg = req->cfg;
  for (int k = 0; k < 3; k++) p->span_min[k] = p->span_max[k] = NAN;
  count_missing(csv, &p->cfg, p);
  if (req->fit_lookback) fit_lookback(csv, p);
  if (!windows_fit_memory(csv, &p->cfg, p)) return p;
  if (make_series(table, req, p) != 0) return p;
  for (int k = 0; k < 3; k++) p->windows[k] = (int)p->series.win.n[k];
  span_ranges(p);
  p->ok = 1;
  return p;
}

typedef struct {
  UnrollCsvTable *table;
  UnrollCsvRequest req;
} PreviewJob;

static void job_free(gpointer p) {
  PreviewJob *j = p;
  unroll_csv_table_unref(j->table);
  g_free(j);
}

static void preview_worker(GTask *task, gpointer source, gpointer data, GCancellable *cancellable) {
  (void)source; (void)cancellable;
  PreviewJob *j = data;
  g_task_return_pointer(task, unroll_csv_preview_make(j->table, &j->req), (GDestroyNotify)unroll_csv_preview_free);
}

void unroll_csv_preview_async(UnrollCsvTable *table, const UnrollCsvRequest *req, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer data) {
  PreviewJob *j = g_new0(PreviewJob, 1);
  j->table = unroll_csv_table_ref(table);
  j->req = *req;
  j->req.model.runs = NULL;
  j->req.model.n_runs = 0;
  GTask *task = g_task_new(NULL, cancellable, callback, data);
  g_task_set_source_tag(task, unroll_csv_preview_async);
  g_task_set_task_data(task, j, job_free);
  g_task_set_check_cancellable(task, TRUE);
  g_task_run_in_thread(task, preview_worker);
  g_object_unref(task);
}

UnrollCsvPreview *unroll_csv_preview_finish(GAsyncResult *result, GError **error) {
  return g_task_propagate_pointer(G_TASK(result), error);
}
