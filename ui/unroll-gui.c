/* unroll-gui.c: placeholder until the workbench window lands. */
#include "unroll-gui.h"
#include <stdio.h>

int unroll_gui_run(int argc, char **argv) {
  (void)argc; (void)argv;
  fprintf(stderr, "unroll: the workbench window is not built yet; try `unroll train --preset deep-rnn`\n");
  return 2;
}
