/* unroll-widget.h: what the workbench's composite widgets share: their
 * templates in the GResource, and taking them down. */
#ifndef UNROLL_WIDGET_H
#define UNROLL_WIDGET_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A composite widget's class: its template from resources/ui/FILE, its
 * children laid out by LAYOUT (GTK_TYPE_BIN_LAYOUT: one child, its size),
 * CSS_NAME as its node in style.css. */
void unroll_widget_class_set_template(GtkWidgetClass *wc, const char *file, GType layout, const char *css_name);

/* For dispose: the template's bound children let go, and the children it
 * parented to widget unparented (dispose_template leaves the unbound ones). */
void unroll_widget_dispose_template(GtkWidget *widget, GType type);

G_END_DECLS

#endif
