/* unroll-forecast-chart.h: one validation series, its true future and every
 * selected run's and both baselines' forecasts (chart-forecast.h), with a
 * scrubber under the chart to choose the series. */
#ifndef UNROLL_FORECAST_CHART_H
#define UNROLL_FORECAST_CHART_H

#include <gtk/gtk.h>
#include "unroll-comparison.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_FORECAST_CHART (unroll_forecast_chart_get_type())
G_DECLARE_FINAL_TYPE(UnrollForecastChart, unroll_forecast_chart, UNROLL, FORECAST_CHART, GtkWidget)

/* :comparison, the runs, forecasts and baselines it draws, is set once. */
GtkWidget *unroll_forecast_chart_new(UnrollComparison *comparison);

/* The validation series shown (0-based); :series is bound to the scrubber. */
void unroll_forecast_chart_set_series(UnrollForecastChart *self, int index);
int unroll_forecast_chart_get_series(UnrollForecastChart *self);
/* The forecast steps take most of the width (the Focus toggle). */
void unroll_forecast_chart_set_focus(UnrollForecastChart *self, gboolean focus);
gboolean unroll_forecast_chart_get_focus(UnrollForecastChart *self);

gboolean unroll_forecast_chart_export(UnrollForecastChart *self, const char *path, GError **error);

G_END_DECLS

#endif
