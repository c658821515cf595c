/* fuzz_model.c: libFuzzer target for model files (engine/model_io.c).
 * Any bytes must give a model or a message, never a crash, a read outside
 * them or an allocation out of proportion to them (run.sh runs it with
 * -malloc_limit_mb and -rss_limit_mb, so a 100-byte file that asks for a
 * gigabyte is a finding).  A file that is accepted is a file the program
 * could have written: saved again, read again and saved once more, the two
 * saves are the same bytes; and the model it gives runs one sample forward.
 * See run.sh for the build; replay.c runs the corpus in `meson test`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken promise of the reader: abort, so libFuzzer and replay.c both
 * stop on it and keep the input. */
static void must(int ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "fuzz_model: %s\n", what);
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[512] = "", *origin = NULL;
  ur_model *m = ur_model_deserialize_with(data, size, &origin, err, sizeof err);
  if (!m) {
    must(err[0] != 0, "a refused model file has no message");
    must(origin == NULL, "a refused model file left its origin allocated");
    return 0;
  }
  size_t n1, n2;
  unsigned char *first = ur_model_serialize_with(m, origin, &n1);
  must(first != NULL, "an accepted model cannot be saved");
  char *origin2 = NULL;
  ur_model *again = ur_model_deserialize_with(first, n1, &origin2, err, sizeof err);
  if (!again) fprintf(stderr, "fuzz_model: %s\n", err);
  must(again != NULL, "a saved model cannot be read back");
  unsigned char *second = ur_model_serialize_with(again, origin2, &n2);
  must(second && n1 == n2 && !memcmp(first, second, n1), "a model saved, read and saved again changed its bytes");
  /* one sample through the stack: the shapes the file declared hold */
  size_t in = ur_model_in_size(m);
  float *x = calloc(in ? in : 1, sizeof(float));
  must(x && ur_model_reserve(m, 1) == 0, "no memory for one sample of an accepted model");
  must(ur_model_forward(m, x, 1, 0) != NULL, "an accepted model does not run forward");
  free(x);
  free(first);
  free(second);
  free(origin);
  free(origin2);
  ur_model_free(m);
  ur_model_free(again);
  return 0;
}
