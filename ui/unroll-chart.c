/* unroll-chart.c: see unroll-chart.h. */
#include "unroll-chart.h"
#include <math.h>
#include "chart-band.h"

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

/* ---- zoom, pan, and the pointer ------------------------------------------ */

static double axis_y(const chart_axes *a, double y) { return a->log_y ? log10(y) : y; }
static double from_axis_y(const chart_axes *a, double v) { return a->log_y ? pow(10, v) : v; }

/* The view as the last draw showed it (its own ranges until zoomed). */
static chart_view current(const UnrollChartView *v) {
  if (v->view.on) return v->view;
  return (chart_view){1, v->axes.x0, v->axes.x1, v->axes.y0, v->axes.y1};
}

static void on_scroll_zoom(GtkEventControllerScroll *c, double dx, double dy, UnrollChartView *v) {
  (void)dx;
  GtkWidget *w = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(c));
  if (!v->drawn || !v->hover || dy == 0 || !chart_inside(&v->axes, v->hover_x, v->hover_y)) return;
  GdkModifierType mods = gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(c));
  double f = pow(1.2, dy); /* down: out, up: in */
  chart_view cv = current(v);
  const chart_axes *a = &v->axes;
  if (!(mods & GDK_SHIFT_MASK)) { /* x, around the pointer */
    double px = chart_data_x(a, v->hover_x);
    cv.x0 = px - (px - cv.x0) * f;
    cv.x1 = px + (cv.x1 - px) * f;
  }
  if (!(mods & GDK_CONTROL_MASK)) { /* y, likewise, in the axis' own space */
    double py = axis_y(a, chart_data_y(a, v->hover_y)), lo = axis_y(a, cv.y0), hi = axis_y(a, cv.y1);
    cv.y0 = from_axis_y(a, py - (py - lo) * f);
    cv.y1 = from_axis_y(a, py + (hi - py) * f);
  }
  v->view = cv;
  gtk_widget_queue_draw(w);
}

static void on_drag_begin(GtkGestureDrag *g, double x, double y, UnrollChartView *v) {
  guint button = gtk_gesture_single_get_current_button(GTK_GESTURE_SINGLE(g));
  GdkModifierType mods = gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(g));
  if (!v->drawn || !chart_inside(&v->axes, x, y)) {
    gtk_gesture_set_state(GTK_GESTURE(g), GTK_EVENT_SEQUENCE_DENIED);
    return;
  }
  v->x0 = v->x1 = x;
  v->y0 = v->y1 = y;
  v->panning = button == GDK_BUTTON_MIDDLE || (button == GDK_BUTTON_PRIMARY && (mods & GDK_SHIFT_MASK));
  v->boxing = !v->panning && button == GDK_BUTTON_PRIMARY;
  v->pan_from = current(v);
}

static void on_drag_update(GtkGestureDrag *g, double dx, double dy, UnrollChartView *v) {
  GtkWidget *w = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(g));
  v->x1 = v->x0 + dx;
  v->y1 = v->y0 + dy;
  if (v->panning) { /* the data under the pointer follows it */
    const chart_axes *a = &v->axes;
    chart_view cv = v->pan_from;
    double sx = dx / a->width * (cv.x1 - cv.x0), sy = dy / a->height * (axis_y(a, cv.y1) - axis_y(a, cv.y0));
    cv.x0 -= sx;
    cv.x1 -= sx;
    cv.y0 = from_axis_y(a, axis_y(a, cv.y0) + sy);
    cv.y1 = from_axis_y(a, axis_y(a, cv.y1) + sy);
    v->view = cv;
  }
  gtk_widget_queue_draw(w);
}

static void on_drag_end(GtkGestureDrag *g, double dx, double dy, UnrollChartView *v) {
  GtkWidget *w = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(g));
  if (v->boxing && fabs(dx) > 8 && fabs(dy) > 8) { /* a box, not a click */
    const chart_axes *a = &v->axes;
    double xa = chart_data_x(a, v->x0), xb = chart_data_x(a, v->x0 + dx);
    double ya = chart_data_y(a, v->y0), yb = chart_data_y(a, v->y0 + dy);
    v->view = (chart_view){1, fmin(xa, xb), fmax(xa, xb), fmin(ya, yb), fmax(ya, yb)};
  }
  v->boxing = v->panning = FALSE;
  gtk_widget_queue_draw(w);
}

static void on_double_click(GtkGestureClick *g, int n_press, double x, double y, UnrollChartView *v) {
  (void)x; (void)y; (void)v;
  if (n_press == 2) unroll_chart_view_reset(gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(g)));
}

static void on_motion(GtkEventControllerMotion *m, double x, double y, UnrollChartView *v) {
  v->hover = TRUE;
  v->hover_x = x;
  v->hover_y = y;
  gtk_widget_queue_draw(gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(m)));
}

static void on_leave(GtkEventControllerMotion *m, UnrollChartView *v) {
  v->hover = FALSE;
  gtk_widget_queue_draw(gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(m)));
}

UnrollChartView *unroll_chart_view_of(GtkWidget *widget) {
  UnrollChartView *v = g_object_get_data(G_OBJECT(widget), "unroll-chart-view");
  if (v) return v;
  v = g_new0(UnrollChartView, 1);
  g_object_set_data_full(G_OBJECT(widget), "unroll-chart-view", v, g_free);
  GtkEventController *scroll = gtk_event_controller_scroll_new(GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                               GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect(scroll, "scroll", G_CALLBACK(on_scroll_zoom), v);
  gtk_widget_add_controller(widget, scroll);
  GtkGesture *drag = gtk_gesture_drag_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(drag), 0);
  g_signal_connect(drag, "drag-begin", G_CALLBACK(on_drag_begin), v);
  g_signal_connect(drag, "drag-update", G_CALLBACK(on_drag_update), v);
  g_signal_connect(drag, "drag-end", G_CALLBACK(on_drag_end), v);
  gtk_widget_add_controller(widget, GTK_EVENT_CONTROLLER(drag));
  GtkGesture *click = gtk_gesture_click_new();
  g_signal_connect(click, "pressed", G_CALLBACK(on_double_click), v);
  gtk_widget_add_controller(widget, GTK_EVENT_CONTROLLER(click));
  GtkEventController *motion = gtk_event_controller_motion_new();
  g_signal_connect(motion, "motion", G_CALLBACK(on_motion), v);
  g_signal_connect(motion, "leave", G_CALLBACK(on_leave), v);
  gtk_widget_add_controller(widget, motion);
  return v;
}

void unroll_chart_view_draw_box(UnrollChartView *v, cairo_t *cr, const chart_theme *t) {
  if (!v->boxing) return;
  double x = fmin(v->x0, v->x1), y = fmin(v->y0, v->y1), w = fabs(v->x1 - v->x0), h = fabs(v->y1 - v->y0);
  chart_set_rgb(cr, t->fg, 0.08);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill_preserve(cr);
  chart_set_rgb(cr, t->fg, 0.5);
  chart_set_line(cr, CHART_LINE_DASHED, 1);
  cairo_stroke(cr);
}

void unroll_chart_view_reset(GtkWidget *widget) {
  UnrollChartView *v = unroll_chart_view_of(widget);
  v->view.on = 0;
  gtk_widget_queue_draw(widget);
}

/* ---- the compared groups as curves --------------------------------------------- */

int unroll_chart_group_curves(UnrollComparison *cmp, int series, chart_curve *out, float *scratch) {
  const ur_comparison *d = unroll_comparison_get_data(cmp);
  int H = d ? d->horizon : 0, n = 0;
  for (guint g = 0; d && g < unroll_comparison_get_n_groups(cmp); g++) {
    const ur_run_forecast *f[UR_GROUP_MAX_MEMBERS];
    const float *y[UR_GROUP_MAX_MEMBERS];
    int k = unroll_comparison_get_forecasts(cmp, g, f, UR_GROUP_MAX_MEMBERS), h = 0;
    if (k == 0 || series >= d->n_valid) continue;
    for (int j = 0; j < k; j++) {
      y[j] = series < 0 ? f[j]->step_mse : f[j]->y + (size_t)series * f[j]->h;
      h = MAX(h, f[j]->h);
    }
    float *med = scratch + (size_t)3 * g * H, *lo = med + H, *hi = lo + H;
    chart_band_of_curves(y, k, MIN(h, H), med, lo, hi);
    UnrollRunGroup *grp = unroll_comparison_get_group(cmp, g);
    out[n++] = (chart_curve){unroll_run_group_get_label(grp), CHART_SOURCE_RUN, unroll_run_group_get_first(grp)->colour,
                             med, MIN(h, H), k > 1 ? lo : NULL, k > 1 ? hi : NULL};
  }
  return n;
}

void unroll_chart_view_follow(GtkWidget *widget, guint serial) {
  UnrollChartView *v = unroll_chart_view_of(widget);
  if (v->serial == serial) return;
  v->serial = serial;
  v->view.on = 0;
}
