/* main.c: one binary.  `unroll <command>` runs headless and never opens a
 * display; with no command (or a file to open) it starts the workbench. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "unroll-gui.h"

static const char usage[] =
    "usage: unroll <command> [options]\n"
    "  presets                 list the chapter's models\n"
    "  train --preset NAME     train a model under the book's protocol, a group of seeds\n"
    "  table                   train every preset and print the chapter's table\n"
    "  compare --presets A,B   train presets as groups of seeds and say which forecasts better\n"
    "  forecast --project P    forecast past the end of a user's series (or --model FILE --csv DATA)\n"
    "  plot PROJECT            draw a saved project's runs: --chart loss|forecast|horizon --out FILE\n"
    "Run `unroll <command> --help` for a command's options.\n";

int main(int argc, char **argv) {
  if (argc < 2 || (argv[1][0] != '-' && strchr(argv[1], '.'))) /* no command, or a file to open */
    return unroll_gui_run(argc, argv);
  const char *cmd = argv[1];
  if (!strcmp(cmd, "presets")) return cli_presets(argc - 1, argv + 1);
  if (!strcmp(cmd, "train")) return cli_train(argc - 1, argv + 1);
  if (!strcmp(cmd, "table")) return cli_table(argc - 1, argv + 1);
  if (!strcmp(cmd, "plot")) return cli_plot(argc - 1, argv + 1);
  if (!strcmp(cmd, "compare")) return cli_compare(argc - 1, argv + 1);
  if (!strcmp(cmd, "forecast")) return cli_forecast(argc - 1, argv + 1);
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    fputs(usage, stdout);
    return 0;
  }
  fprintf(stderr, "unroll: unknown command \"%s\" (try unroll --help)\n", cmd);
  return 2;
}
