/* unroll-runs-page.c: see unroll-runs-page.h; the layout is
 * resources/ui/unroll-runs-page.ui. */
#include "unroll-runs-page.h"
#include "unroll-widget.h"
#include "unroll-forecast-chart.h"
#include "unroll-horizon-chart.h"

struct _UnrollRunsPage {
  GtkWidget parent_instance;
  GtkNotebook *compare_tabs; /* page 0: the forecast; 1: the error per step */
  UnrollRunsList *runs_list;
  UnrollComparison *comparison;
  GMenuModel *runs_menu;
};

G_DEFINE_FINAL_TYPE(UnrollRunsPage, unroll_runs_page, GTK_TYPE_WIDGET)

static const char *const charts[] = {"forecast", "horizon"};

UnrollRunsList *unroll_runs_page_get_list(UnrollRunsPage *self) { return self->runs_list; }
UnrollComparison *unroll_runs_page_get_comparison(UnrollRunsPage *self) { return self->comparison; }

void unroll_runs_page_show_chart(UnrollRunsPage *self, const char *chart) {
  gtk_notebook_set_current_page(self->compare_tabs, !g_strcmp0(chart, charts[1]));
}

gboolean unroll_runs_page_export_chart(UnrollRunsPage *self, const char *chart, const char *path, GError **error) {
  GtkWidget *w = gtk_notebook_get_nth_page(self->compare_tabs, !g_strcmp0(chart, charts[1]));
  return UNROLL_IS_HORIZON_CHART(w) ? unroll_horizon_chart_export(UNROLL_HORIZON_CHART(w), path, error)
                                    : unroll_forecast_chart_export(UNROLL_FORECAST_CHART(w), path, error);
}

/* The export button over the tabs: the chart shown, through the window's action. */
static void on_export_clicked(UnrollRunsPage *self) {
  int page = gtk_notebook_get_current_page(self->compare_tabs);
  gtk_widget_activate_action(GTK_WIDGET(self), "win.export-chart", "s", charts[page == 1]);
}

static void dispose(GObject *object) {
  unroll_widget_dispose_template(GTK_WIDGET(object), UNROLL_TYPE_RUNS_PAGE);
  G_OBJECT_CLASS(unroll_runs_page_parent_class)->dispose(object);
}

static void unroll_runs_page_class_init(UnrollRunsPageClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = dispose;
  g_type_ensure(UNROLL_TYPE_COMPARISON);
  g_type_ensure(UNROLL_TYPE_FORECAST_CHART);
  g_type_ensure(UNROLL_TYPE_HORIZON_CHART);
  g_type_ensure(UNROLL_TYPE_RUNS_LIST);
  unroll_widget_class_set_template(wc, "unroll-runs-page.ui", GTK_TYPE_BIN_LAYOUT, "runspage");
  gtk_widget_class_bind_template_child(wc, UnrollRunsPage, compare_tabs);
  gtk_widget_class_bind_template_child(wc, UnrollRunsPage, runs_list);
  gtk_widget_class_bind_template_child(wc, UnrollRunsPage, comparison);
  gtk_widget_class_bind_template_child(wc, UnrollRunsPage, runs_menu);
  gtk_widget_class_bind_template_callback(wc, on_export_clicked);
}

static void unroll_runs_page_init(UnrollRunsPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  unroll_runs_list_set_context_menu(self->runs_list, self->runs_menu);
}

GtkWidget *unroll_runs_page_new(void) { return g_object_new(UNROLL_TYPE_RUNS_PAGE, NULL); }
