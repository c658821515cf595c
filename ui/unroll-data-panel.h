/* unroll-data-panel.h: the chapter's synthetic series: seed, number of
 * series, steps, horizon and task (the book's defaults one click away), a
 * preview of the first few series with the input window and the targets
 * shaded apart, and the train / validation / test split (70 / 20 / 10).
 * Emits ::changed after an edit by the person (not after set_data). */
#ifndef UNROLL_DATA_PANEL_H
#define UNROLL_DATA_PANEL_H

#include <gtk/gtk.h>
#include "run.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_DATA_PANEL (unroll_data_panel_get_type())
G_DECLARE_FINAL_TYPE(UnrollDataPanel, unroll_data_panel, UNROLL, DATA_PANEL, GtkWidget)

GtkWidget *unroll_data_panel_new(void);
void unroll_data_panel_set_data(UnrollDataPanel *self, const ur_run_data *d);
void unroll_data_panel_get_data(UnrollDataPanel *self, ur_run_data *d);

G_END_DECLS

#endif
