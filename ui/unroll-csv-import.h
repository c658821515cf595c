/* unroll-csv-import.h: the dialog that turns a user's CSV file into a series
 * to train on.
 *
 * It reads the file in a worker (a spinner and Cancel meanwhile; the window
 * behind stays live), then shows what was detected (delimiter, header,
 * decimal mark), a table of the columns with their types and their missing
 * and invalid cells, and the settings of ur_series_config: the target, extra
 * inputs, the date column, the missing-value policy (with the cells or rows
 * it acts on), lookback, horizon, stride, the kind of target, and the split
 * by fractions or by dates.  Every change remakes the series in a worker and
 * redraws the timeline (the target in its own units with the three spans);
 * an impossible setting shows the engine's reason and disables Use.  A file
 * that cannot be read shows the engine's message (naming line and column).
 *
 * Modal to its parent.  `done` is called once: with the choice when the
 * person clicks Use, or with NULL when the dialog is closed otherwise.
 */
#ifndef UNROLL_CSV_IMPORT_H
#define UNROLL_CSV_IMPORT_H

#include <gtk/gtk.h>
#include "csv_source.h"

G_BEGIN_DECLS

/* The dialog's result: a plain struct, valid during the callback (copy what
 * you keep).  Columns are indices into the file's columns; the names are
 * given too, so a caller can store them and find the columns again. */
typedef struct {
  const char *path;
  ur_series_config config;
  const char *target_name, *date_name; /* date_name NULL for row order */
  const char *input_names[UR_SERIES_MAX_FEATURES - 1];
} UnrollCsvChoice;

typedef void (*UnrollCsvImportDone)(const UnrollCsvChoice *choice, gpointer user);

#define UNROLL_TYPE_CSV_IMPORT (unroll_csv_import_get_type())
G_DECLARE_FINAL_TYPE(UnrollCsvImport, unroll_csv_import, UNROLL, CSV_IMPORT, GtkWindow)

/* Opens the dialog on path and starts reading it.  initial (may be NULL)
 * are settings to start from, e.g. the ones in use, with the columns by
 * name, when they are found in the file; without them: the first numeric
 * column, the first date column, and the engine's defaults
 * (ur_series_config_default).  destroy(user) runs after done. */
UnrollCsvImport *unroll_csv_import_new(GtkWindow *parent, const char *path, const ur_csv_source *initial,
                                       UnrollCsvImportDone done, gpointer user, GDestroyNotify destroy);

G_END_DECLS

#endif
