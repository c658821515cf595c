/* unroll-csv-columns.h: the import dialog's table of a CSV's columns: name,
 * type, missing cells, cells that are not of the column's type (with the
 * first one's line in a tooltip), and what the column is for: the target,
 * the dates, an extra input (a check box, numbers only, at most
 * UR_SERIES_MAX_FEATURES - 1 of them) or nothing (text); and, for numeric
 * columns, whether it is a series of its own (a wide file: several target
 * columns, each forecast with the same windows; the target is the first).
 * A column is an input or a series, not both.
 * Emits ::inputs-changed when the person ticks or clears an input or a
 * series. */
#ifndef UNROLL_CSV_COLUMNS_H
#define UNROLL_CSV_COLUMNS_H

#include <gtk/gtk.h>
#include "csv.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_CSV_COLUMNS (unroll_csv_columns_get_type())
G_DECLARE_FINAL_TYPE(UnrollCsvColumns, unroll_csv_columns, UNROLL, CSV_COLUMNS, GtkWidget)

GtkWidget *unroll_csv_columns_new(void);

/* Fills the table; csv must outlive the widget or the next set_table. */
void unroll_csv_columns_set_table(UnrollCsvColumns *self, const ur_csv *csv);

/* The roles: target, date and id are column indices (date and id -1 for
 * none); their rows show their role on a ticked box that cannot be
 * changed, and an input that takes a role is cleared. */
void unroll_csv_columns_set_roles(UnrollCsvColumns *self, int target, int date, int id);
void unroll_csv_columns_set_inputs(UnrollCsvColumns *self, const int *inputs, int n);
/* The ticked inputs in column order; returns their count (at most max). */
int unroll_csv_columns_get_inputs(UnrollCsvColumns *self, int *inputs, int max);
/* The further series (target columns besides the target), the same way. */
void unroll_csv_columns_set_series(UnrollCsvColumns *self, const int *cols, int n);
int unroll_csv_columns_get_series(UnrollCsvColumns *self, int *cols, int max);

G_END_DECLS

#endif
