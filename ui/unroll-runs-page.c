/* unroll-runs-page.c: see unroll-runs-page.h; the layout is
 * resources/ui/unroll-runs-page.ui. */
#include "unroll-runs-page.h"
#include "unroll-widget.h"
#include "unroll-state.h"
#include "unroll-forecast-chart.h"
#include "unroll-horizon-chart.h"

struct _UnrollRunsPage {
  GtkWidget parent_instance;
  GtkNotebook *compare_tabs; /* page 0: the forecast; 1: the error per step */
  GtkPaned *split;           /* the charts over the list */
  GtkLabel *verdict;
  gboolean placed, placing;  /* the divider has its first place; it is on its way */
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

void unroll_runs_page_set_verdict(UnrollRunsPage *self, const char *text) {
  gtk_label_set_text(self->verdict, text ? text : "");
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->verdict), text && *text ? text : NULL);
}

/* The divider's first place, once the page has a height: where the person
 * left it, else the charts get 55% (the list then shows several rows).
 * From an idle: the paned's height comes during an allocation, in which
 * moving the divider would allocate again. */
static gboolean place_divider(gpointer data) {
  UnrollRunsPage *self = data;
  int height = gtk_widget_get_height(GTK_WIDGET(self->split)), kept = unroll_state_get_int("runs-divider", -1);
  gtk_paned_set_position(self->split, kept > 150 && kept < height - 100 ? kept : height * 55 / 100);
  self->placed = TRUE;
  g_object_unref(self);
  return G_SOURCE_REMOVE;
}

static void on_max_position(UnrollRunsPage *self) {
  if (self->placed || self->placing || gtk_widget_get_height(GTK_WIDGET(self->split)) < 300) return;
  self->placing = TRUE;
  g_idle_add(place_divider, g_object_ref(self));
}

static void on_divider_moved(UnrollRunsPage *self) {
  if (self->placed) unroll_state_set_int("runs-divider", gtk_paned_get_position(self->split));
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
  gtk_widget_class_bind_template_child(wc, UnrollRunsPage, split);
  gtk_widget_class_bind_template_child(wc, UnrollRunsPage, verdict);
  gtk_widget_class_bind_template_callback(wc, on_export_clicked);
  gtk_widget_class_bind_template_callback(wc, on_divider_moved);
  gtk_widget_class_bind_template_callback(wc, on_max_position);
}

static void unroll_runs_page_init(UnrollRunsPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  unroll_runs_list_set_context_menu(self->runs_list, self->runs_menu);
}

GtkWidget *unroll_runs_page_new(void) { return g_object_new(UNROLL_TYPE_RUNS_PAGE, NULL); }
