/* unroll-gui.c: the workbench's entry point (see unroll-gui.h). */
#include "unroll-gui.h"
#include <locale.h>
#include <stdio.h>
#include "unroll-application.h"

int unroll_gui_run(int argc, char **argv) {
  /* Without a display GTK would abort in gtk_init(); say so in one line. */
  if (!gtk_init_check()) {
    const char *x = g_getenv("DISPLAY"), *wl = g_getenv("WAYLAND_DISPLAY");
    if ((!x || !*x) && (!wl || !*wl))
      fprintf(stderr, "unroll: cannot open a display: neither DISPLAY nor WAYLAND_DISPLAY is set "
                      "(the commands train, table and presets need none)\n");
    else
      fprintf(stderr, "unroll: cannot open a display: %s%s%s%s%s could not be opened\n", x && *x ? "DISPLAY=" : "",
              x && *x ? x : "", x && *x && wl && *wl ? " and " : "", wl && *wl ? "WAYLAND_DISPLAY=" : "",
              wl && *wl ? wl : "");
    return 1;
  }
  /* gtk_init took the user's locale for everything; numbers in project and
   * model files must read the same everywhere, so they stay in the C locale
   * (the engine prints them with printf).  Text keeps the user's language. */
  setlocale(LC_NUMERIC, "C");
  g_set_application_name("Unroll");
  UnrollApplication *app = unroll_application_new();
  int status = g_application_run(G_APPLICATION(app), argc, argv);
  g_object_unref(app);
  return status;
}
