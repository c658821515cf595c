/* replay.c: runs every file of the fuzz corpus through the fuzz target, as a
 * plain program, so `meson test` keeps what fuzzing found fixed without clang. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model_io.h"
#include "file_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "corpus";
  DIR *d = opendir(dir);
  if (!d) {
    printf("FAIL cannot open %s\n0 passed, 1 failed\n", dir);
    return 1;
  }
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char path[4096], err[256];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unsigned char *buf = ur_read_file(path, (size_t)64 << 20, &len, err, sizeof err);
    if (!buf) continue;
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    n++;
  }
  closedir(d);
  printf("%d passed, 0 failed (corpus files replayed without a crash)\n", n);
  return n > 0 ? 0 : 1;
}
