/* unroll-widget.c: see unroll-widget.h. */
#include "unroll-widget.h"

void unroll_widget_class_set_template(GtkWidgetClass *wc, const char *file, GType layout, const char *css_name) {
  g_autofree char *path = g_strconcat("/io/github/unroll/Unroll/ui/", file, NULL);
  gtk_widget_class_set_template_from_resource(wc, path);
  gtk_widget_class_set_layout_manager_type(wc, layout);
  gtk_widget_class_set_css_name(wc, css_name);
}

void unroll_widget_dispose_template(GtkWidget *widget, GType type) {
  gtk_widget_dispose_template(widget, type);
  for (GtkWidget *child; (child = gtk_widget_get_first_child(widget));) gtk_widget_unparent(child);
}
