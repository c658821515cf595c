/* fuzz_project.c: libFuzzer target for project files (engine/project.c,
 * with the runs of run_io.c and the settings of settings_io.c inside).
 * Any bytes must give a project or a "line N: ..." message, never a crash,
 * a read outside them or an allocation out of proportion to them (run.sh
 * runs it with -malloc_limit_mb and -rss_limit_mb).  A project that opens
 * must save and reopen: its save read back and saved again is the same
 * bytes, so no accepted value is written in a form the reader refuses.
 * See run.sh for the build; replay.c runs the corpus in `meson test`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "project.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must(int ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "fuzz_project: %s\n", what);
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ur_project p, q;
  char err[512] = "";
  if (ur_project_parse((const char *)data, size, &p, err, sizeof err) != 0) {
    must(err[0] != 0, "a refused project has no message");
    ur_project_clear(&p);
    return 0;
  }
  size_t n1, n2;
  char *first = ur_project_serialize(&p, &n1);
  must(first != NULL, "an accepted project cannot be saved");
  if (ur_project_parse(first, n1, &q, err, sizeof err) != 0) fprintf(stderr, "fuzz_project: %s\n", err);
  else {
    char *second = ur_project_serialize(&q, &n2);
    must(second && n1 == n2 && !memcmp(first, second, n1), "a project saved, read and saved again changed its bytes");
    free(second);
    must(q.n_runs == p.n_runs && q.n_layers == p.n_layers, "a project read back lost runs or layers");
  }
  must(err[0] == 0, "a project that opened was saved in a form that does not reopen");
  ur_project_clear(&q);
  ur_project_clear(&p);
  free(first);
  return 0;
}
