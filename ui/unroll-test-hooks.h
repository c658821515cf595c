/* unroll-test-hooks.h: what the end-to-end test reads and drives, and
 * nothing unless its environment variables are set.
 *
 *   UNROLL_TEST_STATE=DIR      every 100 ms, when it changed, the state of
 *                              every window goes to DIR/state-<pid>.ini (a
 *                              GKeyFile written atomically): its X window id,
 *                              the stack as the cards show it, the footer,
 *                              and the on-screen centre of the palette rows,
 *                              the canvas and the inspector's units field.
 *   UNROLL_TEST_SAVE_PATH=FILE Save on an untitled project writes FILE
 *                              without a file chooser (a test cannot drive
 *                              the chooser reliably).
 */
#ifndef UNROLL_TEST_HOOKS_H
#define UNROLL_TEST_HOOKS_H

#include <gtk/gtk.h>

void unroll_test_hooks_install(GtkApplication *app);
const char *unroll_test_save_path(void);

/* For the state dumps (the windows', the import dialog's): the centre of w
 * as "x,y" in its toplevel X window's coordinates, what `xdotool mousemove
 * --window` takes, under key; nothing while w is not mapped and laid out. */
void unroll_test_dump_point(GKeyFile *kf, const char *group, const char *key, GtkWidget *w);
/* The X window id of native under "xid" (X11 only). */
void unroll_test_dump_xid(GKeyFile *kf, const char *group, GtkNative *native);

#endif
