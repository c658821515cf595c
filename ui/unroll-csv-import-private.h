/* unroll-csv-import-private.h: what the dialog's two files share:
 * unroll-csv-import.c (reading, remaking the series, the answer, its life)
 * and unroll-csv-import-form.c (the widgets, and settings ⇄ widgets). */
#ifndef UNROLL_CSV_IMPORT_PRIVATE_H
#define UNROLL_CSV_IMPORT_PRIVATE_H

#include "unroll-csv-import.h"
#include "unroll-csv-timeline.h"
#include "unroll-csv-work.h"

G_BEGIN_DECLS

typedef enum { UNROLL_CSV_IMPORT_READING, UNROLL_CSV_IMPORT_FAILED, UNROLL_CSV_IMPORT_READY } UnrollCsvImportState;

enum { SPIN_LOOKBACK, SPIN_HORIZON, SPIN_STRIDE, SPIN_TRAIN, SPIN_VALID, N_SPINS };

struct _UnrollCsvImport {
  GtkWindow parent_instance;
  char *path;
  GCancellable *cancellable; /* the read and every remake; cancelled on close */
  UnrollCsvTable *table;
  UnrollCsvImportState state;

  GtkWidget *stack; /* the window's child: the pages "reading", "failed", "settings" */
  GtkWidget *spinner, *reading_label, *failed_label, *file_label, *use, *cancel;
  GtkWidget *format_label, *columns, *target, *date, *missing[3], *spins[N_SPINS], *kind;
  GtkWidget *by_fractions, *by_dates, *test_label, *valid_from, *test_from;
  GtkWidget *timeline, *status;
  GArray *target_cols, *date_cols; /* drop-down position → column index (date_cols[0] is -1: row order) */
  double bound_time[2];            /* where validation and test start in the last good series (NAN if none) */

  ur_csv_source initial;
  gboolean has_initial, updating, busy, stale, ok, disposed, answered;
  guint remake_id;
  UnrollCsvImportDone done;
  gpointer user;
  GDestroyNotify destroy;
};

/* unroll-csv-import.c */
const ur_csv *csv_import_table(UnrollCsvImport *self);
/* After every edit by the person: remakes the series a moment later. */
void csv_import_edited(UnrollCsvImport *self);
void csv_import_on_use(GtkButton *b, UnrollCsvImport *self);
void csv_import_on_cancel(GtkButton *b, UnrollCsvImport *self);

/* unroll-csv-import-form.c */
/* The template: its widgets bound to the struct, its signals to the form's handlers. */
void csv_import_class_init_template(GtkWidgetClass *wc);
/* The column a picker shows, through its position → column map; -1 if none. */
int csv_import_selected_col(GtkWidget *dropdown, GArray *map);
/* The settings as shown; FALSE with the reason when a date typed for the
 * split is not a date (the engine would quietly split by fractions). */
gboolean csv_import_read_config(UnrollCsvImport *self, ur_series_config *c, char *why, size_t whylen);
void csv_import_apply_config(UnrollCsvImport *self, const ur_series_config *c);
/* Which settings apply: the horizon past one step, the split's own fields. */
void csv_import_update_sensitivity(UnrollCsvImport *self);
void csv_import_set_spin(GtkWidget *spin, double v);

G_END_DECLS

#endif
