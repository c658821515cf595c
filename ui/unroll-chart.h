/* unroll-chart.h: what the chart widgets share: the theme that matches
 * the widget's colours, their size request, drawing into a snapshot,
 * exporting to a file, and the export dialog. */
#ifndef UNROLL_CHART_H
#define UNROLL_CHART_H

#include <gtk/gtk.h>
#include "chart-draw.h"
#include "chart-export.h"
#include "unroll-comparison.h"

G_BEGIN_DECLS

/* The dark chart theme when the widget's text is light. */
const chart_theme *unroll_chart_theme_for(GtkWidget *widget);

/* Draws fn(data) over the whole widget through gtk_snapshot_append_cairo. */
void unroll_chart_snapshot(GtkWidget *widget, GtkSnapshot *snapshot, chart_draw_fn fn, void *data);

/* The chart widgets' GtkWidgetClass.measure: at least 240 × 120, 640 × 320 by choice. */
void unroll_chart_measure(GtkWidget *widget, GtkOrientation o, int for_size, int *min, int *nat, int *min_baseline,
                          int *nat_baseline);

/* Draws fn(data) into path (PNG, SVG or PDF, by its extension) at the size
 * `sized` has on screen, or 960 × 540 if it has none.  FALSE with an error. */
gboolean unroll_chart_export(GtkWidget *sized, const char *path, chart_draw_fn fn, void *data, GError **error);

/* Asks for a file name (PNG, SVG or PDF, by a filter or the extension) and
 * calls done(path, user) with it; destroy(user) follows in any case.
 * `suggested` is the default file name. */
typedef void (*UnrollChartSaveFn)(const char *path, gpointer user);
void unroll_chart_ask_save(GtkWidget *parent, const char *title, const char *suggested, gboolean csv,
                           UnrollChartSaveFn done, gpointer user, GDestroyNotify destroy);

/* What a comparison chart draws: cmp's data when runs are compared; else
 * NULL, after drawing the empty chart with title and `select` (what to do),
 * or "Forecasting…" while the comparison works. */
const ur_comparison *unroll_chart_compared(cairo_t *cr, double w, double h, const chart_theme *t, UnrollComparison *cmp,
                                           const char *title, const char *select);

/* The comparison charts' :comparison, the runs and forecasts they draw,
 * set once (a template sets it). */
GParamSpec *unroll_chart_comparison_param(void);
/* *field becomes cmp (a reference), whose ::ready calls on_ready(cmp,
 * chart); the one before is let go.  NULL lets go only (dispose). */
void unroll_chart_follow_comparison(GtkWidget *chart, UnrollComparison **field, UnrollComparison *cmp, GCallback on_ready);

G_END_DECLS

#endif
