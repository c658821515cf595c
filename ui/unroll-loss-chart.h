/* unroll-loss-chart.h: the live learning curves (chart-loss.h) as a widget.
 *
 * Shows the trainer's run while it trains (redrawn on every ::progress,
 * that is at most once a frame), with the runs selected in the runs list
 * overlaid, the naive and linear baselines as reference lines, and the
 * value under the pointer.  :log-scale switches the y axis.
 */
#ifndef UNROLL_LOSS_CHART_H
#define UNROLL_LOSS_CHART_H

#include <gtk/gtk.h>
#include "unroll-run.h"
#include "unroll-trainer.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_LOSS_CHART (unroll_loss_chart_get_type())
G_DECLARE_FINAL_TYPE(UnrollLossChart, unroll_loss_chart, UNROLL, LOSS_CHART, GtkWidget)

GtkWidget *unroll_loss_chart_new(void);

/* The trainer whose run is drawn while it trains (NULL: none). */
void unroll_loss_chart_set_trainer(UnrollLossChart *self, UnrollTrainer *trainer);
/* The runs overlaid (UnrollRun; referenced, the array is copied). */
void unroll_loss_chart_set_runs(UnrollLossChart *self, GPtrArray *runs);

void unroll_loss_chart_set_log_scale(UnrollLossChart *self, gboolean log_scale);
gboolean unroll_loss_chart_get_log_scale(UnrollLossChart *self);

/* Draws what is on screen into a PNG, SVG or PDF file (by extension). */
gboolean unroll_loss_chart_export(UnrollLossChart *self, const char *path, GError **error);

G_END_DECLS

#endif
