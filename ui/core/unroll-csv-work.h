/* unroll-csv-work.h: the CSV work that must not run on the UI thread:
 * reading a file (up to 512 MiB) and making its windows (ur_series_make),
 * each in a GTask worker.  The parsed table is shared, read-only, between
 * the dialog and its workers through a reference count, so closing the
 * dialog while a worker runs frees nothing under it.
 * Plain GLib: no widget is touched here. */
#ifndef UNROLL_CSV_WORK_H
#define UNROLL_CSV_WORK_H

#include <gio/gio.h>
#include "project.h"
#include "series.h"

G_BEGIN_DECLS

/* A parsed file, immutable once read, and how it was read. */
typedef struct {
  ur_csv csv;
  char *path;
  char *date_format; /* the person's format (NULL: every column's told from its cells) */
  char *date_column; /* ... for the column of this name only (NULL: any column it reads) */
} UnrollCsvTable;

UnrollCsvTable *unroll_csv_table_ref(UnrollCsvTable *t);
void unroll_csv_table_unref(UnrollCsvTable *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UnrollCsvTable, unroll_csv_table_unref)

/* How to read a file: ur_csv_options' date format and column (NULL for
 * none), and where the worker writes how far it is, in thousandths
 * (g_atomic_int_set; NULL for nowhere).  progress must stay valid until
 * the callback has run: the caller's object, which the callback holds. */
typedef struct {
  const char *date_format, *date_column;
  gint *progress;
} UnrollCsvReadOptions;

/* Reads path in a worker (opt may be NULL).  The error's message is the
 * engine's ("…: line 12, column 3: …").  Cancelling stops the reader
 * within a few thousand rows, and the read ends in G_IO_ERROR_CANCELLED. */
void unroll_csv_read_async(const char *path, const UnrollCsvReadOptions *opt, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer data);
UnrollCsvTable *unroll_csv_read_finish(GAsyncResult *result, GError **error);

/* What a series is asked for: the settings, and the model its windows are
 * for (a sequence-to-sequence model's targets align to its output steps,
 * as training aligns them).  The model is adapted to
 * the windows as the project adapts it (ur_project_set_csv), so the counts
 * are the ones training and the charts then use. */
typedef struct {
  ur_series_config cfg;
  int fit_lookback; /* first choose a lookback that fits the series (unroll_csv_fit_lookback) */
  int has_model;
  ur_project model; /* its stack and settings; no runs (n_runs 0) */
} UnrollCsvRequest;

/* What a setting gives, without its windows: the series (values, time,
 * spans, mean and scale), the windows each span holds, and what the
 * missing-value policies would act on in the used columns. */
typedef struct {
  int ok;                /* the settings are possible; else error says why */
  char error[1024];
  ur_series_config cfg;  /* the settings made: the request's, with a fitted lookback when asked */
  int fitted;            /* cfg.lookback was chosen to fit the series */
  ur_series series;      /* when ok; its windows are counted, never gathered */
  int windows[3];        /* over every series of the file */
  double span_min[3], span_max[3]; /* the first series' target over each span, in units (NAN: empty span) */
  int receptive_field;   /* of the model on these windows (0: none, or it starts with no convolution) */
  char model_problem[512]; /* the model adapted to these windows does not work: why ("" when it does, or no model) */
  int cells_missing;     /* empty or unreadable cells among the rows kept (interpolate, carry forward) */
  int rows_missing;      /* rows holding one of them (drop) */
  int rows_undated;      /* rows without a readable date, dropped whatever the policy */
} UnrollCsvPreview;

void unroll_csv_preview_free(UnrollCsvPreview *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UnrollCsvPreview, unroll_csv_preview_free)

/* Windows beyond this many bytes are refused before they are made, with a
 * reason (training would need them all in memory too). */
#define UNROLL_CSV_MAX_WINDOW_BYTES ((double)(2u << 30))

/* The preview of a request in a worker.  The missing counts are made in
 * any case; an impossible setting gives ok = 0 and the engine's reason.
 * Only cancelling ends in an error. */
void unroll_csv_preview_async(UnrollCsvTable *table, const UnrollCsvRequest *req, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer data);
UnrollCsvPreview *unroll_csv_preview_finish(GAsyncResult *result, GError **error);

/* The same on the calling thread: what the worker runs. */
UnrollCsvPreview *unroll_csv_preview_make(const UnrollCsvTable *table, const UnrollCsvRequest *req);

/* A lookback that fits a series whose first training span has train_rows
 * rows and whose season is `season` steps (0: none): a third of the span,
 * at most 50, and one more than the season when the span leaves room. */
int unroll_csv_fit_lookback(long train_rows, int season);

/* The windows of each span (train, valid, test) in series `part` alone. */
void unroll_csv_part_windows(const ur_series *s, int part, int out[3]);

G_END_DECLS

#endif
