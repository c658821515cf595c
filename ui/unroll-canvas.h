/* unroll-canvas.h: the model canvas, a column of cards from the input down
 * to the task's target, with the footer's totals.
 *
 * Drag and drop lives here: palette rows ("unroll-kind:<id>") are inserted
 * where the drop indicator shows, cards ("unroll-card:<index>") move there,
 * and a card dropped outside the canvas is removed.
 */
#ifndef UNROLL_CANVAS_H
#define UNROLL_CANVAS_H

#include <gtk/gtk.h>
#include "unroll-document.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_CANVAS (unroll_canvas_get_type())
G_DECLARE_FINAL_TYPE(UnrollCanvas, unroll_canvas, UNROLL, CANVAS, GtkWidget)

#define UNROLL_CANVAS_NONE (-1)
#define UNROLL_CANVAS_INPUT (-2)

/* What drag sources put in their content (a string). */
#define UNROLL_DRAG_KIND_PREFIX "unroll-kind:"
#define UNROLL_DRAG_CARD_PREFIX "unroll-card:"

/* The "accept" handler of those string drop targets (the canvas's, the
 * palette's): a file dragged from another program offers text too, which
 * they would take and refuse as a layer; it is let through to the window's
 * file target (a CSV to import, unroll-window-csv.c). */
gboolean unroll_drop_accept_no_files(GtkDropTarget *target, GdkDrop *drop, gpointer unused);

void unroll_canvas_set_document(UnrollCanvas *self, UnrollDocument *doc);
/* The selected layer's index, UNROLL_CANVAS_INPUT or UNROLL_CANVAS_NONE. */
int unroll_canvas_get_selected(UnrollCanvas *self);
void unroll_canvas_set_selected(UnrollCanvas *self, int selected);

/* A layer's card (index -1: the input card), to give it the focus. */
GtkWidget *unroll_canvas_get_card(UnrollCanvas *self, int index);

G_END_DECLS

#endif
