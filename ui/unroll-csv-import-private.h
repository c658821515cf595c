/* unroll-csv-import-private.h: what the dialog's files share:
 * unroll-csv-import.c (reading and reading again, the answer, its life),
 * unroll-csv-import-remake.c (the series remade after each edit and what
 * the dialog says of it), unroll-csv-import-dates.c (the date format
 * row), unroll-csv-import-form.c (the widgets, and settings ⇄
 * widgets) and unroll-csv-import-layout.c (its size and shape). */
#ifndef UNROLL_CSV_IMPORT_PRIVATE_H
#define UNROLL_CSV_IMPORT_PRIVATE_H

#include "unroll-csv-advice.h"
#include "unroll-csv-import.h"
#include "unroll-csv-timeline.h"
#include "unroll-csv-work.h"

G_BEGIN_DECLS

typedef enum { UNROLL_CSV_IMPORT_READING, UNROLL_CSV_IMPORT_FAILED, UNROLL_CSV_IMPORT_READY } UnrollCsvImportState;

enum { SPIN_LOOKBACK, SPIN_HORIZON, SPIN_STRIDE, SPIN_TRAIN, SPIN_VALID, SPIN_SEASON, N_SPINS };
enum { SEASON_AUTO, SEASON_NONE, SEASON_SET };

struct _UnrollCsvImport {
  GtkWindow parent_instance;
  char *path;
  GCancellable *cancellable;   /* every remake; cancelled on close */
  GCancellable *reading;       /* the read in progress (a reread is cancelled on its own) */
  UnrollCsvTable *table;
  UnrollCsvImportState state;

  GtkWidget *stack; /* the window's child: the pages "reading", "failed", "settings" */
  GtkWidget *spinner, *reading_label, *progress, *failed_label, *file_label, *use, *cancel, *settings;
  GtkWidget *format_label, *columns, *target, *date, *missing[3], *spins[N_SPINS], *kind;
  GtkWidget *date_format, *reread, *date_words, *order_box, *day_first, *month_first;
  GtkWidget *id, *id_value, *series_words, *transform, *transform_words, *season, *season_words;
  GtkWidget *by_fractions, *by_dates, *test_label, *valid_from, *test_from;
  GtkWidget *found, *warnings, *timeline, *part, *status, *fix;
  GtkWidget *top;                  /* the table's column beside (or above) the form */
  gboolean narrow;                 /* the table above the form */
  guint narrow_idle;
  GArray *target_cols, *date_cols, *id_cols; /* drop-down position → column index ([0] is -1 in the last two) */
  double bound_time[2];            /* where validation and test start in the last good series (NAN if none) */

  /* reading */
  gint read_progress;              /* thousandths, written by the reader's worker */
  guint progress_id;               /* the tick that shows it */
  gint64 read_started;
  gboolean rereading;              /* the table stays shown while the file is read again */
  char order_column[128];          /* a date column whose every date reads both ways ... */
  char order_formats[2][UR_DATE_FORMAT_MAX]; /* ... day first, month first */

  /* what the dialog starts from */
  ur_csv_source initial;
  ur_project model;                /* the window's model (no runs): its task, horizon and stack */
  gboolean has_initial, has_model, fit_lookback;
  gboolean guess_id;               /* a fresh file whose dates repeat: its rows name several series */

  /* the series */
  UnrollCsvPreview *last;          /* the last series that worked, while its settings are shown */
  UnrollCsvFix fix_now;            /* what the fix button does */
  gboolean updating, busy, stale, ok, disposed, answered;
  guint remake_id;
  UnrollCsvImportDone done;
  gpointer user;
  GDestroyNotify destroy;
};

/* unroll-csv-import.c */
const ur_csv *csv_import_table(UnrollCsvImport *self);
void csv_import_on_use(GtkButton *b, UnrollCsvImport *self);
void csv_import_on_cancel(GtkButton *b, UnrollCsvImport *self);
/* Reads the file again with a date format (NULL: told from the cells) for
 * the column of that name (NULL: any column it reads), keeping the
 * settings shown. */
void csv_import_reread(UnrollCsvImport *self, const char *format, const char *column);

/* unroll-csv-import-remake.c */
/* After every edit by the person: remakes the series a moment later. */
void csv_import_edited(UnrollCsvImport *self);
void csv_import_set_use_sensitive(UnrollCsvImport *self);
/* The timeline shows series `part` of the last good series. */
void csv_import_show_part(UnrollCsvImport *self);
/* The fix button's change, then a remake. */
void csv_import_apply_fix(UnrollCsvImport *self);

/* unroll-csv-import-dates.c */
/* The format row for the date column shown: its format in words and as
 * a strftime string, and the day/month choice when it is ambiguous. */
void csv_import_show_date_format(UnrollCsvImport *self);
/* A freshly read table's ambiguous date columns, remembered across
 * rereads. */
void csv_import_note_ambiguity(UnrollCsvImport *self);
/* Its handlers, for the template. */
void csv_import_dates_bind(GtkWidgetClass *wc);

/* unroll-csv-import-layout.c */
/* A default size that fits the parent's monitor, and the shape for it. */
void csv_import_fit_screen(UnrollCsvImport *self, GtkWindow *parent);
/* After each allocation: the table above the form in a narrow dialog. */
void csv_import_allocated(UnrollCsvImport *self, int width);

/* unroll-csv-import-form.c */
/* The template: its widgets bound to the struct, its signals to the handlers. */
void csv_import_class_init_template(GtkWidgetClass *wc);
/* The column a picker shows, through its position → column map; -1 if none. */
int csv_import_selected_col(GtkWidget *dropdown, GArray *map);
/* The settings as shown; FALSE with the reason when a date typed for the
 * split is not a date (the engine would quietly split by fractions). */
gboolean csv_import_read_config(UnrollCsvImport *self, ur_series_config *c, char *why, size_t whylen);
void csv_import_apply_config(UnrollCsvImport *self, const ur_series_config *c);
/* The pickers that show names: shortened on their button, whole in their list. */
void csv_import_form_init(UnrollCsvImport *self);
/* The pickers of a freshly read table: targets, dates, id columns. */
void csv_import_fill_pickers(UnrollCsvImport *self);
/* Which settings apply: the horizon past one step, the split's own fields,
 * the id's values, the season's steps; and the words beside them. */
void csv_import_update_sensitivity(UnrollCsvImport *self);
void csv_import_set_spin(GtkWidget *spin, double v);

G_END_DECLS

#endif
