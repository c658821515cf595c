/* unroll-csv-import-layout.c: the dialog's size and shape on the screen
 * it opens on.
 *
 * Its default size (1220 × 740) suits a 1280 × 800 screen; on a smaller one
 * it opens a little inside the monitor, since a dialog larger than the
 * screen hides Use.  Its settings page scrolls up and down (the template),
 * and the columns' table goes above the form instead of beside it once the
 * two side by side would not fit (long column names widen the table), so
 * that no width needs a sideways scroll: side by side they need ~1100 px,
 * one above the other ~740.
 */
#include "unroll-csv-import-private.h"

/* px of the dialog's width: a dialog opened narrower starts with the table
 * above the form (before the file is read, nothing can be measured). */
#define NARROW_BELOW 1150
/* px beyond the side-by-side least width: closer to it the table stacks,
 * and goes back beside the form only past the larger margin, so that the
 * layout never flips to and fro at one width. */
#define STACK_WITHIN 20
#define UNSTACK_PAST 60

/* The monitor the dialog will open on: its parent's, else the first. */
static GdkMonitor *monitor_for(GtkWindow *parent) {
  GdkDisplay *display = gdk_display_get_default();
  if (!display) return NULL;
  if (parent && gtk_widget_get_realized(GTK_WIDGET(parent))) {
    GdkSurface *surface = gtk_native_get_surface(GTK_NATIVE(parent));
    GdkMonitor *m = surface ? gdk_display_get_monitor_at_surface(display, surface) : NULL;
    if (m) return m;
  }
  GListModel *monitors = gdk_display_get_monitors(display);
  GdkMonitor *m = g_list_model_get_n_items(monitors) ? g_list_model_get_item(monitors, 0) : NULL;
  if (m) g_object_unref(m); /* the display keeps it */
  return m;
}

static void set_narrow(UnrollCsvImport *self, gboolean narrow) {
  self->narrow = narrow;
  gtk_orientable_set_orientation(GTK_ORIENTABLE(self->top), narrow ? GTK_ORIENTATION_VERTICAL
                                                                   : GTK_ORIENTATION_HORIZONTAL);
}

void csv_import_fit_screen(UnrollCsvImport *self, GtkWindow *parent) {
  GdkMonitor *m = monitor_for(parent);
  int w = 0, h = 0;
  gtk_window_get_default_size(GTK_WINDOW(self), &w, &h);
  if (m) {
    GdkRectangle geo;
    gdk_monitor_get_geometry(m, &geo);
    /* room for a panel or a dock, which GDK 4.8 does not tell of */
    w = MIN(w, geo.width - 40);
    h = MIN(h, geo.height - 60);
    gtk_window_set_default_size(GTK_WINDOW(self), w, h);
  }
  set_narrow(self, w > 0 && w < NARROW_BELOW); /* the first frame already in its shape */
}

/* The least width of the table's column and the form side by side. */
static int side_by_side_min(UnrollCsvImport *self) {
  int sum = 0, n = 0;
  for (GtkWidget *c = gtk_widget_get_first_child(self->top); c; c = gtk_widget_get_next_sibling(c), n++) {
    int min = 0;
    gtk_widget_measure(c, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
    sum += min;
  }
  return sum + MAX(0, n - 1) * gtk_box_get_spacing(GTK_BOX(self->top));
}

static gboolean apply_width(gpointer data) {
  UnrollCsvImport *self = data;
  self->narrow_idle = 0;
  int room = gtk_widget_get_width(self->top);
  if (room <= 0) return G_SOURCE_REMOVE;
  int need = side_by_side_min(self);
  gboolean narrow = room < need + (self->narrow ? UNSTACK_PAST : STACK_WITHIN);
  if (narrow != self->narrow) set_narrow(self, narrow);
  return G_SOURCE_REMOVE;
}

/* In an idle, not here: a new orientation during the dialog's allocation
 * would resize it in the middle of one. */
void csv_import_allocated(UnrollCsvImport *self, int width) {
  if (self->narrow_idle || width <= 0 || !self->top) return;
  self->narrow_idle = g_idle_add(apply_width, self);
}
