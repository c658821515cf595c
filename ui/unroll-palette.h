/* unroll-palette.h: the layer palette, grouped Core, Recurrent and
 * Convolutional.  A row is a drag source ("unroll-kind:<id>") and, when
 * activated (double-click or Enter), runs win.add-layer::<id>.  Cards
 * dropped on the palette are removed (win.remove-layer).  It is one Tab
 * stop, with the arrows inside; compact, it is a rail of icons whose
 * tooltips name them. */
#ifndef UNROLL_PALETTE_H
#define UNROLL_PALETTE_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define UNROLL_TYPE_PALETTE (unroll_palette_get_type())
G_DECLARE_FINAL_TYPE(UnrollPalette, unroll_palette, UNROLL, PALETTE, GtkWidget)

/* Icons only (a narrow window), or names and summaries (250 px wide). */
void unroll_palette_set_compact(UnrollPalette *self, gboolean compact);
gboolean unroll_palette_get_compact(UnrollPalette *self);

G_END_DECLS

#endif
