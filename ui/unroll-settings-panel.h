/* unroll-settings-panel.h: the data and training settings of the project
 * (the chapter's series, the optimizer and loss the Keras export compiles
 * with, and what Train will use).  Edits are undoable like stack edits. */
#ifndef UNROLL_SETTINGS_PANEL_H
#define UNROLL_SETTINGS_PANEL_H

#include <gtk/gtk.h>
#include "unroll-document.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_SETTINGS_PANEL (unroll_settings_panel_get_type())
G_DECLARE_FINAL_TYPE(UnrollSettingsPanel, unroll_settings_panel, UNROLL, SETTINGS_PANEL, GtkWidget)

void unroll_settings_panel_set_document(UnrollSettingsPanel *self, UnrollDocument *doc);

G_END_DECLS

#endif
