/* unroll-runs-page.h: the Runs page of the window's bottom area: the
 * selected groups compared on a forecast and on the error per step ahead
 * (in tabs, with an export button) in an area of their own, over the list
 * of every group with its tools (Stop, Rename…, History…, Remove) and its
 * right-click menu, all of which activate the window's actions
 * (win.stop-selected-runs, win.rename-run, win.export-history,
 * win.remove-runs, win.export-chart::forecast|horizon), and the verdict
 * of two groups compared.  The divider between the charts and the list is
 * the person's: it is remembered (unroll-state.h).
 *
 * The page owns the comparison its charts draw; its owner fills the list
 * and gives the comparison the groups selected in it. */
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
/* The paired verdict of the two groups selected, or "" (or NULL) for none. */
void unroll_runs_page_set_verdict(UnrollRunsPage *self, const char *text);
/* Draws that chart into a PNG, SVG or PDF file (by extension). */
gboolean unroll_runs_page_export_chart(UnrollRunsPage *self, const char *chart, const char *path, GError **error);

G_END_DECLS

#endif
