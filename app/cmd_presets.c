/* cmd_presets.c: `unroll presets`: the chapter's models by name. */
#include "cli.h"
#include "presets.h"
#include <string.h>

int cli_presets(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    fprintf(stderr, "unroll presets: unknown option \"%s\"\n", argv[i]);
    return 2;
  }
  for (int i = 0; i < ur_preset_count(); i++) {
    const ur_preset *p = ur_preset_at(i);
    printf("%-16s %s\n", p->name, p->description);
  }
  return 0;
}
