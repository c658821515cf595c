/* unroll-runs-page.h: the Runs page of the window's bottom area: the
 * selected runs compared on a forecast and on the error per step ahead (in
 * tabs, with an export button), over the list of every run with its tools
 * (Rename…, History…, Remove) and its right-click menu, all of which
 * activate the window's actions (win.rename-run, win.export-history,
 * win.remove-runs, win.export-chart::forecast|horizon).
 *
 * The page owns the comparison its charts draw; its owner fills the list
 * and gives the comparison the runs selected in it. */
#ifndef UNROLL_RUNS_PAGE_H
#define UNROLL_RUNS_PAGE_H

#include <gtk/gtk.h>
#include "unroll-comparison.h"
#include "unroll-runs-list.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_RUNS_PAGE (unroll_runs_page_get_type())
G_DECLARE_FINAL_TYPE(UnrollRunsPage, unroll_runs_page, UNROLL, RUNS_PAGE, GtkWidget)

GtkWidget *unroll_runs_page_new(void);
UnrollRunsList *unroll_runs_page_get_list(UnrollRunsPage *self);
UnrollComparison *unroll_runs_page_get_comparison(UnrollRunsPage *self);
/* Shows the chart "forecast" or "horizon" in front. */
void unroll_runs_page_show_chart(UnrollRunsPage *self, const char *chart);
/* Draws that chart into a PNG, SVG or PDF file (by extension). */
gboolean unroll_runs_page_export_chart(UnrollRunsPage *self, const char *chart, const char *path, GError **error);

G_END_DECLS

#endif
