/* unroll-layer-card.h: one card of the model canvas.
 *
 * A card only shows what it is given (kind, settings, output shape,
 * parameter count, and a problem with its fix); the canvas computes it from
 * the document's analysis and owns drag and drop and selection.
 */
#ifndef UNROLL_LAYER_CARD_H
#define UNROLL_LAYER_CARD_H

#include <gtk/gtk.h>
#include "spec.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_LAYER_CARD (unroll_layer_card_get_type())
G_DECLARE_FINAL_TYPE(UnrollLayerCard, unroll_layer_card, UNROLL, LAYER_CARD, GtkWidget)

GtkWidget *unroll_layer_card_new(void);

/* family: "core", "recurrent", "conv" or "io" (colours the icon). */
void unroll_layer_card_set_content(UnrollLayerCard *self, const char *icon_name, const char *family,
                                   const char *title, const char *details, const char *shape, const char *params);
/* A problem on this card (NULL: none) and the fix button's label (NULL: no fix). */
void unroll_layer_card_set_problem(UnrollLayerCard *self, const char *problem, const char *fix_label);
void unroll_layer_card_set_selected(UnrollLayerCard *self, gboolean selected);
/* One line (kind, settings, shape, parameters) instead of two: the canvas
 * asks for it when the stack is taller than its room. */
void unroll_layer_card_set_compact(UnrollLayerCard *self, gboolean compact);

/* The layer's index in the stack; -1 for the input and target cards. */
void unroll_layer_card_set_index(UnrollLayerCard *self, int index);
int unroll_layer_card_get_index(UnrollLayerCard *self);

/* A kind's icon ("unroll-layer-gru", resources/icons); g_free it. */
char *unroll_layer_icon_name(ur_layer_kind kind);

/* What follows the pointer while a layer is dragged (palette rows and
 * cards alike): an opaque chip with the kind's icon and title, beside the
 * pointer (a snapshot of the row would need an alpha channel, which X11
 * without a compositor does not have). */
void unroll_layer_card_set_drag_icon(GdkDrag *drag, ur_layer_kind kind, const char *title);

G_END_DECLS

#endif
