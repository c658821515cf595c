/* unroll-loss-chart.h: the live learning curves (chart-loss.h) as a widget.
 *
 * Shows the groups the trainer trains (redrawn on every ::progress, that is
 * at most once a frame), with the groups selected in the runs list
 * overlaid, each as its members' median with their min–max band; the
 * baselines as reference lines when every group shown forecasts the same
 * thing on the same data (else none, and the subtitle says why); and the
 * value under the pointer.  :log-scale switches the y axis.
 */
#ifndef UNROLL_LOSS_CHART_H
#define UNROLL_LOSS_CHART_H

#include <gtk/gtk.h>
#include "unroll-run-group.h"
#include "unroll-trainer.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_LOSS_CHART (unroll_loss_chart_get_type())
G_DECLARE_FINAL_TYPE(UnrollLossChart, unroll_loss_chart, UNROLL, LOSS_CHART, GtkWidget)

GtkWidget *unroll_loss_chart_new(void);

/* The trainer whose run is drawn while it trains (NULL: none). */
void unroll_loss_chart_set_trainer(UnrollLossChart *self, UnrollTrainer *trainer);
/* The groups overlaid (UnrollRunGroup; referenced, the array is copied). */
void unroll_loss_chart_set_groups(UnrollLossChart *self, GPtrArray *groups);

void unroll_loss_chart_set_log_scale(UnrollLossChart *self, gboolean log_scale);
gboolean unroll_loss_chart_get_log_scale(UnrollLossChart *self);
/* α of the per-batch curve's moving average, 0 to 0.999 (0: the default). */
void unroll_loss_chart_set_smoothing(UnrollLossChart *self, double alpha);

/* Draws what is on screen into a PNG, SVG or PDF file (by extension). */
gboolean unroll_loss_chart_export(UnrollLossChart *self, const char *path, GError **error);

G_END_DECLS

#endif
