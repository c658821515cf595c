/* unroll-horizon-chart.h: the error at every step ahead, 1..H, for every
 * selected run and both baselines (chart-forecast.h), on a log scale by
 * default (the naive forecast's error is ten times the others'). */
#ifndef UNROLL_HORIZON_CHART_H
#define UNROLL_HORIZON_CHART_H

#include <gtk/gtk.h>
#include "unroll-comparison.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_HORIZON_CHART (unroll_horizon_chart_get_type())
G_DECLARE_FINAL_TYPE(UnrollHorizonChart, unroll_horizon_chart, UNROLL, HORIZON_CHART, GtkWidget)

/* :comparison, the runs, forecasts and baselines it draws, is set once. */
GtkWidget *unroll_horizon_chart_new(UnrollComparison *comparison);
void unroll_horizon_chart_set_log_scale(UnrollHorizonChart *self, gboolean log_scale);
gboolean unroll_horizon_chart_export(UnrollHorizonChart *self, const char *path, GError **error);

G_END_DECLS

#endif
