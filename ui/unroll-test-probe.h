/* unroll-test-probe.h: everything the window tests read from the app, and
 * where they stand in for a file chooser, in this one file; nothing at all
 * unless the environment asks for it.
 *
 *   UNROLL_TEST_PROBE=DIR       every 100 ms, when it changed, what each
 *                               toplevel shows goes to DIR/state-<pid>.ini (a
 *                               GKeyFile, written atomically), and each
 *                               window's project, whenever it changed, to
 *                               DIR/project-<pid>-<window id>.unroll in the
 *                               engine's own format: tests read it back with
 *                               ur_project_load, as they read a saved file.
 *   UNROLL_TEST_SAVE_PATH=FILE  Save on an untitled project writes FILE
 *                               without a file chooser (a test cannot drive
 *                               the chooser reliably).
 *   UNROLL_TEST_EXPORT_DIR=DIR  the chart and history exports write
 *                               DIR/NAME.EXT without a file chooser.
 *
 * No widget exports anything for the probe: it walks each toplevel's widget
 * tree and reports, by what any GTK widget tells, the widgets that have a
 * name (gtk_widget_set_name, or `name` in a .ui file) and those that
 * activate an action.  The state file:
 *
 *   [app]       pid; windows, the application windows; dialogs, the message dialogs
 *   [window N]  the application window N (/io/github/unroll/Unroll/window/N on D-Bus):
 *     xid, width, height, title
 *     file, modified         the document's file ("" untitled), whether it has unsaved edits
 *     project                the snapshot of its project above
 *     action.NAME            whether win.NAME is enabled; .state when it has one;
 *                            .activations; .changed_us, when it was last enabled or
 *                            disabled, and .activated_us, its first activation since
 *                            (g_get_monotonic_time: Stop's press and the run's end)
 *     frames.count           frames the window painted; frames.ms the last 400 of them,
 *                            in milliseconds of g_get_monotonic_time
 *     focus, focus.type      the widget with the keyboard focus: the key of it or of its
 *                            nearest listed ancestor (below), and its type
 *     layout.checked         the controls and charts on screen (buttons, entries, spin
 *                            buttons, drop-downs, switches, checks, scales, charts)
 *     layout.clipped, .clipped_list  those of them cut by the window or by a parent
 *                            that clips (not by a scrolled window: what is scrolled
 *                            away can be scrolled to), and what and where they are
 *     PATH                   a named widget's text: a label's, an entry's or spin
 *                            button's, a drop-down's item, a check's or a button's
 *                            label, a stack's visible page, an image's icon, a
 *                            progress bar's text
 *     PATH.at                its centre "x,y" in its window's X window (what `xdotool
 *                            mousemove --window XID` takes) while it is on screen; a
 *                            spin button's text, not its +/- buttons
 *     PATH.mapped, .sensitive, .active (checks, toggles, switches), .selected,
 *     .error (the "error" style class), .tooltip, .size ("w,h" on screen),
 *     .position (a paned's divider), .fraction (a progress bar's), .scrolls (a stack or scrolled window with a
 *     scrolled window on screen that holds more than it shows), .draws (a picture:
 *     how often it was drawn anew), .runs (a chart's compared runs, by name)
 *   [dialog K]  text, secondary and xid of the K-th message dialog on screen
 *   [NAME]      any other toplevel on screen that has a name (the CSV import
 *               dialog: csv-import), described as a window is
 *
 * PATH is a widget's name, after the key of the workbench's composite
 * widget (an Unroll* type) it is in, if that has a name: names are local
 * to them, as ids are to a template ("input-card/details").  The second and
 * later widgets with the same path get "#1", "#2", ... in the order of the
 * tree ("layer-card#2/details" is the third layer card's).  A widget that
 * activates an action and has no name is listed by its detailed action, as
 * g_action_print_detailed_name writes it ("win.add-layer::gru.at",
 * "win.add-layer('simple_rnn').at").
 */
#ifndef UNROLL_TEST_PROBE_H
#define UNROLL_TEST_PROBE_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Starts writing the state files when UNROLL_TEST_PROBE is set; else nothing. */
void unroll_test_probe_install(GtkApplication *app);

/* UNROLL_TEST_SAVE_PATH, or NULL. */
const char *unroll_test_probe_save_path(void);
/* DIR/name.ext in UNROLL_TEST_EXPORT_DIR (g_free it), or NULL. */
char *unroll_test_probe_export_path(const char *name, const char *ext);

/* What the toplevel shows into group of kf, as in the state file (the
 * tests that run a dialog in their own process read it this way). */
void unroll_test_probe_describe(GtkWidget *toplevel, GKeyFile *kf, const char *group);

G_END_DECLS

#endif
