/* unroll-csv-timeline.h: the import dialog's timeline: the target of one
 * series over its whole length, in its own units, with the training, validation and test
 * spans shaded and labelled with their rows, dates and windows
 * (chart-timeline.h draws it).  The widget keeps a copy of what it draws,
 * so the series it was given can be freed at once. */
#ifndef UNROLL_CSV_TIMELINE_H
#define UNROLL_CSV_TIMELINE_H

#include <gtk/gtk.h>
#include "chart-timeline.h"
#include "series.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_CSV_TIMELINE (unroll_csv_timeline_get_type())
G_DECLARE_FINAL_TYPE(UnrollCsvTimeline, unroll_csv_timeline, UNROLL, CSV_TIMELINE, GtkWidget)

GtkWidget *unroll_csv_timeline_new(void);

/* One series of a made series (a file may hold several, each with its own
 * spans): its target (feature 0), its time, its spans and the windows each
 * span holds in it.  part out of range shows the first. */
void unroll_csv_timeline_set_series(UnrollCsvTimeline *self, const ur_series *s, int part);

/* Fills a picker of the series a timeline shows with their names, the one
 * named `keep` (may be NULL) selected when it is there, else the first;
 * visible only when there are several. */
void unroll_csv_timeline_fill_picker(GtkDropDown *picker, const ur_series *s, const char *keep);

/* One column as read, in file order with gaps where cells are missing, and
 * no spans: what is shown while the settings are impossible.  col < 0 or a
 * column that is not numbers clears the chart; message goes under it. */
void unroll_csv_timeline_set_column(UnrollCsvTimeline *self, const ur_csv *csv, int col, const char *message);

G_END_DECLS

#endif
