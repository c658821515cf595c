/* unroll-window-private.h: shared by unroll-window.c (layout, titles,
 * size), unroll-window-actions.c (the win.* actions) and
 * unroll-window-files.c (save, export, close), as GNOME Text Editor splits
 * its window by concern. */
#ifndef UNROLL_WINDOW_PRIVATE_H
#define UNROLL_WINDOW_PRIVATE_H

#include "unroll-canvas.h"
#include "unroll-inspector.h"
#include "unroll-layer-card.h"
#include "unroll-palette.h"
#include "unroll-settings-panel.h"
#include "unroll-window.h"

struct _UnrollWindow {
  GtkApplicationWindow parent_instance;

  /* template */
  GtkLabel *title_label, *subtitle_label;
  GtkWidget *train_button;
  GtkMenuButton *presets_button;
  GMenu *recent_section;
  UnrollPalette *palette;
  UnrollCanvas *canvas;
  UnrollInspector *inspector;
  UnrollSettingsPanel *data_panel, *training_panel;
  GtkStack *bottom_stack;

  UnrollDocument *doc;
  int id;
  gboolean closing;     /* the person said Discard, or the save before closing succeeded */
};

void _unroll_window_install_actions(UnrollWindow *self);
void _unroll_window_update_actions(UnrollWindow *self);
GMenuModel *_unroll_window_presets_menu(void);

/* Saves (save_as: always asks for a file); with close_after, closes the
 * window once the project is safely on disk. */
void _unroll_window_save(UnrollWindow *self, gboolean save_as, gboolean close_after);
void _unroll_window_export_keras(UnrollWindow *self);
gboolean _unroll_window_close_request(GtkWindow *window);

#endif
