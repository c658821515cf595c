/* unroll-gui.h: the workbench's entry point, called by main() with no command. */
#ifndef UNROLL_GUI_H
#define UNROLL_GUI_H

/* Runs the GTK application; returns the exit status.  Without a display it
 * prints one line and returns non-zero. */
int unroll_gui_run(int argc, char **argv);

#endif
