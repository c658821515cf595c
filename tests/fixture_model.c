/* fixture_model.c: a reference fixture's weights into a model (see fixture_model.h). */
#include "fixture_model.h"

#include <stdio.h>
#include <stdlib.h>

ur_model_tensor *fxm_load_weights(ur_model *m, const fx_fixture *fx, int *nt, char *msg, size_t msglen) {
  int n_w = 0;
  while (fx_find_n(fx, 'w', n_w)) n_w++;
  int n = ur_model_tensors(m, NULL, 0);
  *nt = n;
  if (n != n_w) {
    snprintf(msg, msglen, "model has %d parameter tensors, fixture %d", n, n_w);
    return NULL;
  }
  ur_model_tensor *tens = calloc(n > 0 ? (size_t)n : 1, sizeof *tens);
  if (!tens) {
    snprintf(msg, msglen, "out of memory");
    return NULL;
  }
  ur_model_tensors(m, tens, n);
  size_t total = 0;
  for (int i = 0; i < n; i++) {
    const fx_array *w = fx_find_n(fx, 'w', i);
    if (tens[i].t.size != w->size || tens[i].t.offset + tens[i].t.size > m->n_params) {
      snprintf(msg, msglen, "tensor %d (layer %d %s): model size %zu at offset %zu, fixture w%d has %zu", i,
               tens[i].layer, tens[i].t.name, tens[i].t.size, tens[i].t.offset, i, w->size);
      free(tens);
      return NULL;
    }
    for (size_t k = 0; k < w->size; k++) m->params[tens[i].t.offset + k] = (float)w->data[k];
    total += w->size;
  }
  if (total != m->n_params) {
    snprintf(msg, msglen, "tensors cover %zu of %zu parameters", total, m->n_params);
    free(tens);
    return NULL;
  }
  return tens;
}
