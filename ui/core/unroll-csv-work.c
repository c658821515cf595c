/* unroll-csv-work.c: see unroll-csv-work.h. */
#include "unroll-csv-work.h"
#include <stdio.h>
#include <string.h>

static void table_clear(gpointer p) {
  UnrollCsvTable *t = p;
  ur_csv_free(&t->csv);
  g_free(t->path);
}

UnrollCsvTable *unroll_csv_table_ref(UnrollCsvTable *t) { return g_atomic_rc_box_acquire(t); }
void unroll_csv_table_unref(UnrollCsvTable *t) {
  if (t) g_atomic_rc_box_release_full(t, table_clear);
}

/* ---- reading ------------------------------------------------------------ */

static void read_worker(GTask *task, gpointer source, gpointer data, GCancellable *cancellable) {
  (void)source; (void)cancellable;
  char err[1024];
  UnrollCsvTable *t = g_atomic_rc_box_new0(UnrollCsvTable);
  t->path = g_strdup(data);
  if (ur_csv_read(t->path, NULL, &t->csv, err, sizeof err) != 0) {
    unroll_csv_table_unref(t);
    g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", err);
    return;
  }
  /* a cancelled task returns its error however it ends (check_cancellable) */
  g_task_return_pointer(task, t, (GDestroyNotify)unroll_csv_table_unref);
}

void unroll_csv_read_async(const char *path, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data) {
  GTask *task = g_task_new(NULL, cancellable, callback, data);
  g_task_set_source_tag(task, unroll_csv_read_async);
  g_task_set_task_data(task, g_strdup(path), g_free);
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
    for (int f = -1; f < cfg->n_inputs; f++) {
      int c = f < 0 ? cfg->target : cfg->inputs[f];
      if (c >= 0 && c < csv->n_cols && isnan(csv->cols[c].values[r])) bad++;
    }
    p->cells_missing += bad;
    p->rows_missing += bad > 0;
  }
}

UnrollCsvPreview *unroll_csv_preview_make(const ur_csv *csv, const ur_series_config *cfg) {
  UnrollCsvPreview *p = g_new0(UnrollCsvPreview, 1);
  count_missing(csv, cfg, p);
  /* the windows' size, before any is made: rows / stride windows of
   * lookback × features inputs and their targets */
  int F = 1 + cfg->n_inputs, H = cfg->kind == UR_TARGET_ONE_STEP ? 1 : cfg->horizon;
  double per = (double)cfg->lookback * F + (cfg->kind == UR_TARGET_SEQ2SEQ ? (double)cfg->lookback * H : H);
  double bytes = (double)csv->n_rows / (cfg->stride > 0 ? cfg->stride : 1) * per * sizeof(float);
  if (bytes > UNROLL_CSV_MAX_WINDOW_BYTES) {
    snprintf(p->error, sizeof p->error, "these windows would take %.1f GiB of memory (%d rows, lookback %d, "
             "stride %d); raise the stride or shorten the lookback", bytes / (1 << 30), csv->n_rows, cfg->lookback,
             cfg->stride);
    return p;
  }
  if (ur_series_make(csv, cfg, NULL, 0, &p->series, p->error, sizeof p->error) != 0) return p;
  ur_dataset *sets[3] = {&p->series.train, &p->series.valid, &p->series.test};
  for (int k = 0; k < 3; k++) {
    p->windows[k] = sets[k]->n;
    ur_dataset_free(sets[k]); /* the dialog shows counts; the window makes its own */
  }
  p->ok = 1;
  return p;
}

typedef struct {
  UnrollCsvTable *table;
  ur_series_config cfg;
} PreviewJob;

static void job_free(gpointer p) {
  PreviewJob *j = p;
  unroll_csv_table_unref(j->table);
  g_free(j);
}

static void preview_worker(GTask *task, gpointer source, gpointer data, GCancellable *cancellable) {
  (void)source; (void)cancellable;
  PreviewJob *j = data;
  g_task_return_pointer(task, unroll_csv_preview_make(&j->table->csv, &j->cfg),
                        (GDestroyNotify)unroll_csv_preview_free);
}

void unroll_csv_preview_async(UnrollCsvTable *table, const ur_series_config *cfg, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer data) {
  PreviewJob *j = g_new0(PreviewJob, 1);
  j->table = unroll_csv_table_ref(table);
  j->cfg = *cfg;
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
