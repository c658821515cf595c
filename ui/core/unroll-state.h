/* unroll-state.h: the workbench's settings that belong to this computer
 * and this person, not to a project: how many members train at once, the
 * charts' log scale, smoothing and focus, the Runs page's divider.
 *
 * They live in ~/.config/unroll/workbench.ini (a GKeyFile, group
 * [workbench]), read once and written at each change; GSettings would need
 * a schema installed for a handful of numbers, and window.ini is the
 * window's own (its size, rewritten whole).  A missing or unreadable file
 * gives the defaults; a write that fails keeps the value for this run.
 */
#ifndef UNROLL_STATE_H
#define UNROLL_STATE_H

#include <glib.h>

G_BEGIN_DECLS

int unroll_state_get_int(const char *key, int def);
void unroll_state_set_int(const char *key, int value);
double unroll_state_get_double(const char *key, double def);
void unroll_state_set_double(const char *key, double value);
gboolean unroll_state_get_bool(const char *key, gboolean def);
void unroll_state_set_bool(const char *key, gboolean value);

G_END_DECLS

#endif
