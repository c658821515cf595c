/* unroll-chart.c: see unroll-chart.h. */
#include "unroll-chart.h"

const chart_theme *unroll_chart_theme_for(GtkWidget *widget) {
  GdkRGBA fg;
  /* gtk_widget_get_color is 4.10; the style context is the 4.8 way */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color(gtk_widget_get_style_context(widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  double luminance = 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue;
  return luminance > 0.5 ? chart_theme_dark() : chart_theme_light();
}

void unroll_chart_snapshot(GtkWidget *widget, GtkSnapshot *snapshot, chart_draw_fn fn, void *data) {
  int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
  if (w < 2 || h < 2) return;
  cairo_t *cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, w, h));
  fn(cr, w, h, data);
  cairo_destroy(cr);
}

void unroll_chart_measure(GtkWidget *widget, GtkOrientation o, int for_size, int *min, int *nat, int *min_baseline,
                          int *nat_baseline) {
  (void)widget; (void)for_size;
  *min = o == GTK_ORIENTATION_HORIZONTAL ? 240 : 120;
  *nat = o == GTK_ORIENTATION_HORIZONTAL ? 640 : 320;
  *min_baseline = *nat_baseline = -1;
}

gboolean unroll_chart_export(GtkWidget *sized, const char *path, chart_draw_fn fn, void *data, GError **error) {
  int w = sized ? gtk_widget_get_width(sized) : 0, h = sized ? gtk_widget_get_height(sized) : 0;
  char err[512];
  if (chart_export(path, w >= 200 ? w : 960, h >= 150 ? h : 540, 1, fn, data, err, sizeof err) != 0) {
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, err);
    return FALSE;
  }
  return TRUE;
}

typedef struct {
  UnrollChartSaveFn done;
  gpointer user;
  GDestroyNotify destroy;
  gboolean csv;
} SaveRequest;

static void on_response(GtkNativeDialog *dialog, int response, gpointer data) {
  SaveRequest *req = data;
  if (response == GTK_RESPONSE_ACCEPT) {
    GFile *file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
    char *path = file ? g_file_get_path(file) : NULL;
    if (path && !req->csv && chart_format_from_path(path) < 0) {
      /* no known extension: take the one of the chosen filter */
      GtkFileFilter *f = gtk_file_chooser_get_filter(GTK_FILE_CHOOSER(dialog));
      const char *name = f ? gtk_file_filter_get_name(f) : NULL;
      const char *ext = name && g_str_has_prefix(name, "SVG") ? ".svg" : name && g_str_has_prefix(name, "PDF") ? ".pdf" : ".png";
      char *with = g_strconcat(path, ext, NULL);
      g_free(path);
      path = with;
    }
    if (path) req->done(path, req->user);
    g_free(path);
    g_clear_object(&file);
  }
  g_object_unref(dialog);
  if (req->destroy) req->destroy(req->user);
  g_free(req);
}

static void add_filter(GtkFileChooser *chooser, const char *name, const char *pattern) {
  GtkFileFilter *f = gtk_file_filter_new();
  gtk_file_filter_set_name(f, name);
  gtk_file_filter_add_pattern(f, pattern);
  gtk_file_chooser_add_filter(chooser, f);
  g_object_unref(f);
}

void unroll_chart_ask_save(GtkWidget *parent, const char *title, const char *suggested, gboolean csv,
                           UnrollChartSaveFn done, gpointer user, GDestroyNotify destroy) {
  GtkRoot *root = parent ? gtk_widget_get_root(parent) : NULL;
  GtkFileChooserNative *d = gtk_file_chooser_native_new(title, GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL,
                                                        GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  GtkFileChooser *chooser = GTK_FILE_CHOOSER(d);
  if (csv) add_filter(chooser, "CSV table (*.csv)", "*.csv");
  else {
    add_filter(chooser, "PNG image (*.png)", "*.png");
    add_filter(chooser, "SVG drawing (*.svg)", "*.svg");
    add_filter(chooser, "PDF document (*.pdf)", "*.pdf");
  }
  gtk_file_chooser_set_current_name(chooser, suggested);
  gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(d), TRUE);
  SaveRequest *req = g_new0(SaveRequest, 1);
  req->done = done;
  req->user = user;
  req->destroy = destroy;
  req->csv = csv;
  g_signal_connect(d, "response", G_CALLBACK(on_response), req);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

GParamSpec *unroll_chart_comparison_param(void) {
  return g_param_spec_object("comparison", NULL, NULL, UNROLL_TYPE_COMPARISON,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
}

void unroll_chart_follow_comparison(GtkWidget *chart, UnrollComparison **field, UnrollComparison *cmp, GCallback on_ready) {
  if (*field) g_signal_handlers_disconnect_by_data(*field, chart);
  g_set_object(field, cmp);
  if (cmp) g_signal_connect(cmp, "ready", on_ready, chart);
}

const ur_comparison *unroll_chart_compared(cairo_t *cr, double w, double h, const chart_theme *t, UnrollComparison *cmp,
                                           const char *title, const char *select) {
  const ur_comparison *d = cmp && unroll_comparison_get_n_runs(cmp) ? unroll_comparison_get_data(cmp) : NULL;
  if (!d) chart_draw_empty(cr, t, w, h, title, cmp && unroll_comparison_is_busy(cmp) ? "Forecasting…" : select);
  return d;
}
