/* unroll-window-toast.c: a notice over the bottom of the window, with Undo.
 *
 * Edits that replace the whole model (a preset loaded over a model, a run's
 * model put back) say so here, with the way back: the Undo button runs
 * win.undo.  The notice goes at the document's next change, so its Undo
 * can only ever undo the edit it announced; it also goes by itself after
 * TOAST_SECONDS and on win.dismiss-toast (its close button).  A revealer in
 * the window's overlay, as libadwaita's AdwToast looks, in plain GTK 4.8.
 */
#include "unroll-window-private.h"

#define TOAST_SECONDS 8

static void hide(UnrollWindow *self) {
  if (self->toast_timeout) g_source_remove(self->toast_timeout);
  self->toast_timeout = 0;
  gtk_revealer_set_reveal_child(self->toast_revealer, FALSE);
}

static gboolean on_timeout(gpointer data) {
  UnrollWindow *self = data;
  self->toast_timeout = 0;
  hide(self);
  return G_SOURCE_REMOVE;
}

void _unroll_window_toast(UnrollWindow *self, const char *text) {
  hide(self);
  gtk_label_set_label(self->toast_label, text);
  gtk_revealer_set_reveal_child(self->toast_revealer, TRUE);
  self->toast_timeout = g_timeout_add_seconds(TOAST_SECONDS, on_timeout, self);
}

void _unroll_window_toast_doc_changed(UnrollWindow *self) {
  if (self->toast_revealer && gtk_revealer_get_reveal_child(self->toast_revealer)) hide(self);
}

static void act_dismiss(GSimpleAction *a, GVariant *v, gpointer p) {
  (void)a; (void)v;
  hide(UNROLL_WINDOW(p));
}

static const GActionEntry entries[] = {
    {"dismiss-toast", act_dismiss, NULL, NULL, NULL, {0}},
};

void _unroll_window_toast_init(UnrollWindow *self) {
  g_action_map_add_action_entries(G_ACTION_MAP(self), entries, G_N_ELEMENTS(entries), self);
}

void _unroll_window_toast_dispose(UnrollWindow *self) {
  if (self->toast_timeout) g_source_remove(self->toast_timeout);
  self->toast_timeout = 0;
}
