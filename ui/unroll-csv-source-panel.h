/* unroll-csv-source-panel.h: the Data page when the project trains on a
 * user's CSV file: the file, its target, inputs and date column, the
 * windows, and the timeline of its three spans (the import dialog's), with
 * a button to change the settings (the import dialog again) and one back
 * to the chapter's synthetic series.  It reads the file and makes the
 * series in workers (unroll-csv-work.h), so a large file never blocks.
 *
 * Signals: ::change () the person wants the import dialog;
 *          ::synthetic () the person wants the synthetic series back. */
#ifndef UNROLL_CSV_SOURCE_PANEL_H
#define UNROLL_CSV_SOURCE_PANEL_H

#include <gtk/gtk.h>
#include "csv_source.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_CSV_SOURCE_PANEL (unroll_csv_source_panel_get_type())
G_DECLARE_FINAL_TYPE(UnrollCsvSourcePanel, unroll_csv_source_panel, UNROLL, CSV_SOURCE_PANEL, GtkWidget)

GtkWidget *unroll_csv_source_panel_new(void);
/* Shows src (copied); the file is read again only when its path changes. */
void unroll_csv_source_panel_set_source(UnrollCsvSourcePanel *self, const ur_csv_source *src);

G_END_DECLS

#endif
