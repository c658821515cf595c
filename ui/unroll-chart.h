/* unroll-chart.h: what the chart widgets share: the theme that matches
 * the widget's colours, their size request, drawing into a snapshot,
 * exporting to a file, the export dialog, and zooming and panning. */
#ifndef UNROLL_CHART_H
#define UNROLL_CHART_H

#include <gtk/gtk.h>
#include "chart-draw.h"
#include "chart-export.h"
#include "chart-forecast.h"
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

/* The compared groups as curves: each group's members' forecasts of
 * validation window `series` (series < 0: their MSE per step ahead) as
 * their median and band (a group of one: its line).  scratch holds the
 * values: 3 × groups × the comparison's horizon floats.  The count. */
int unroll_chart_group_curves(UnrollComparison *cmp, int series, chart_curve *out, float *scratch);

/* The comparison charts' :comparison, the runs and forecasts they draw,
 * set once (a template sets it). */
GParamSpec *unroll_chart_comparison_param(void);
/* *field becomes cmp (a reference), whose ::ready calls on_ready(cmp,
 * chart); the one before is let go.  NULL lets go only (dispose). */
void unroll_chart_follow_comparison(GtkWidget *chart, UnrollComparison **field, UnrollComparison *cmp, GCallback on_ready);

/* ---- zoom, pan, and the pointer ------------------------------------------ */

/* What a person does to a chart, as TensorBoard's and matplotlib's users
 * expect: the wheel zooms around the pointer (Ctrl: x only, Shift: y
 * only), a box dragged with the first button zooms to it, a drag with the
 * middle button (or Shift and the first) pans, a double-click goes back to
 * every line.  The chart draws with its view and hands back the axes it
 * drew (the pixels ↔ data the gestures need); the pointer's place is kept
 * for the readout.  Attached to the widget that draws; it redraws it. */
typedef struct {
  chart_view view;        /* what to show (view.on == 0: the chart's own ranges) */
  chart_axes axes;        /* the axes of the last draw */
  gboolean drawn;         /* axes holds something */
  gboolean hover;         /* the pointer is over the chart, at (hover_x, hover_y) */
  double hover_x, hover_y;
  gboolean boxing;        /* a zoom box is being dragged, from (x0, y0) to (x1, y1) */
  double x0, y0, x1, y1;
  gboolean panning;
  chart_view pan_from;
  guint serial;           /* of what the view was made on (unroll_chart_view_follow) */
} UnrollChartView;

/* The view of `widget`, made on first use and kept with it. */
UnrollChartView *unroll_chart_view_of(GtkWidget *widget);
/* Draws the zoom box being dragged, if any, over a drawn chart. */
void unroll_chart_view_draw_box(UnrollChartView *v, cairo_t *cr, const chart_theme *t);
/* Back to the chart's own ranges. */
void unroll_chart_view_reset(GtkWidget *widget);
/* Back to them when what the chart shows changed (serial moved since the last call). */
void unroll_chart_view_follow(GtkWidget *widget, guint serial);

G_END_DECLS

#endif
