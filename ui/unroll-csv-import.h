/* unroll-csv-import.h: the dialog that turns a user's CSV file into a series
 * to train on.
 *
 * It reads the file in a worker (its progress and Cancel meanwhile; the
 * window behind stays live), then shows what was detected (delimiter,
 * header, decimal mark, the date format in words and as a strftime string,
 * which the person may rewrite, and a day/month choice where every date
 * reads both ways), a table of the columns with their types and their
 * missing and invalid cells, and the settings of ur_series_config: the
 * target and the date column as a person would pick them (a year column is
 * the time axis, never the target), extra inputs, several series (an id
 * column of a long file, or several target columns of a wide one), the
 * missing-value policy (with the cells or rows it acts on), lookback,
 * horizon, stride, the kind of target, the transform, the season, and the
 * split by fractions or by dates.  Every change remakes the series in a
 * worker, for the window's model, and redraws the timeline (one series in
 * its own units with the three spans) and says what was found (the step,
 * gaps, sorting) and what to watch (few windows, values outside the
 * training span's range, a receptive field longer than the lookback), with
 * a one-click fix; an impossible setting shows the engine's reason, in the
 * dialog's words, and disables Use.  A file that cannot be read shows the
 * engine's message (naming line and column).
 *
 * Modal to its parent.  `done` is called once: with the choice when the
 * person clicks Use, or with NULL when the dialog is closed otherwise.
 */
#ifndef UNROLL_CSV_IMPORT_H
#define UNROLL_CSV_IMPORT_H

#include <gtk/gtk.h>
#include "csv_source.h"
#include "project.h"

G_BEGIN_DECLS

/* The dialog's result: a plain struct, valid during the callback (copy what
 * you keep).  Columns are indices into the file's columns; the names are
 * given too, so a caller can store them and find the columns again. */
typedef struct {
  const char *path;
  ur_series_config config;
  const char *target_name, *date_name; /* date_name NULL for row order */
  const char *input_names[UR_SERIES_MAX_FEATURES - 1];
  const ur_csv_source *source;         /* all of it by name: the date format, the id, the further series */
} UnrollCsvChoice;

typedef void (*UnrollCsvImportDone)(const UnrollCsvChoice *choice, gpointer user);

#define UNROLL_TYPE_CSV_IMPORT (unroll_csv_import_get_type())
G_DECLARE_FINAL_TYPE(UnrollCsvImport, unroll_csv_import, UNROLL, CSV_IMPORT, GtkWindow)

/* Opens the dialog on path and starts reading it.  project (may be NULL)
 * is the window's: its CSV source, when it is this file, gives the settings
 * to start from (the columns by name, when they are found in the file);
 * otherwise the dialog starts from the columns a person would pick, its
 * model's task and horizon, and a lookback that fits the series.  The
 * series is made for its model as training makes it (the window counts
 * are the ones training and the charts use).  destroy(user) runs after
 * done. */
UnrollCsvImport *unroll_csv_import_new(GtkWindow *parent, const char *path, const ur_project *project,
                                       UnrollCsvImportDone done, gpointer user, GDestroyNotify destroy);

G_END_DECLS

#endif
