/* unroll-inspector.h: every setting of the selected layer, ranges enforced.
 * A change goes straight to the document (one undo step, or one per held
 * spin button), which re-analyses the stack, so shapes and counts follow at
 * once. */
#ifndef UNROLL_INSPECTOR_H
#define UNROLL_INSPECTOR_H

#include <gtk/gtk.h>
#include "unroll-document.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_INSPECTOR (unroll_inspector_get_type())
G_DECLARE_FINAL_TYPE(UnrollInspector, unroll_inspector, UNROLL, INSPECTOR, GtkWidget)

void unroll_inspector_set_document(UnrollInspector *self, UnrollDocument *doc);
/* A layer index, UNROLL_CANVAS_INPUT or UNROLL_CANVAS_NONE. */
void unroll_inspector_set_selected(UnrollInspector *self, int selected);

G_END_DECLS

#endif
