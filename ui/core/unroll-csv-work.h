/* unroll-csv-work.h: the CSV work that must not run on the UI thread:
 * reading a file (up to 512 MiB) and making its windows (ur_series_make),
 * each in a GTask worker.  The parsed table is shared, read-only, between
 * the dialog and its workers through a reference count, so closing the
 * dialog while a worker runs frees nothing under it.
 * Plain GLib: no widget is touched here. */
#ifndef UNROLL_CSV_WORK_H
#define UNROLL_CSV_WORK_H

#include <gio/gio.h>
#include "series.h"

G_BEGIN_DECLS

/* A parsed file, immutable once read. */
typedef struct {
  ur_csv csv;
  char *path;
} UnrollCsvTable;

UnrollCsvTable *unroll_csv_table_ref(UnrollCsvTable *t);
void unroll_csv_table_unref(UnrollCsvTable *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UnrollCsvTable, unroll_csv_table_unref)

/* Reads path in a worker.  The error's message is the engine's ("…: line 12,
 * column 3: …").  A cancelled read ends in G_IO_ERROR_CANCELLED (the worker
 * itself finishes the file first: the reader has no way to stop). */
void unroll_csv_read_async(const char *path, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
UnrollCsvTable *unroll_csv_read_finish(GAsyncResult *result, GError **error);

/* What a setting gives, without its windows: the series (values, time,
 * spans, mean and scale), the windows each span holds, and what the
 * missing-value policies would act on in the used columns. */
typedef struct {
  int ok;                /* the settings are possible; else error says why */
  char error[1024];
  ur_series series;      /* when ok; its train/valid/test datasets are empty: only counted */
  int windows[3];
  int cells_missing;     /* empty or unreadable cells among the rows kept (interpolate, carry forward) */
  int rows_missing;      /* rows holding one of them (drop) */
  int rows_undated;      /* rows without a readable date, dropped whatever the policy */
} UnrollCsvPreview;

void unroll_csv_preview_free(UnrollCsvPreview *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UnrollCsvPreview, unroll_csv_preview_free)

/* Windows beyond this many bytes are refused before they are made, with a
 * reason (training would need them all in memory too). */
#define UNROLL_CSV_MAX_WINDOW_BYTES ((double)(2u << 30))

/* ur_series_make on table with cfg in a worker.  The missing counts are
 * made in any case; an impossible setting gives ok = 0 and the engine's
 * reason.  Only cancelling ends in an error. */
void unroll_csv_preview_async(UnrollCsvTable *table, const ur_series_config *cfg, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer data);
UnrollCsvPreview *unroll_csv_preview_finish(GAsyncResult *result, GError **error);

/* The same on the calling thread: what the worker runs. */
UnrollCsvPreview *unroll_csv_preview_make(const ur_csv *csv, const ur_series_config *cfg);

G_END_DECLS

#endif
