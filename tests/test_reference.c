/* test_reference.c: each layer against PyTorch reference fixtures.
 *
 * For every fixture (tests/fixtures/<case>.txt, from make_fixtures.py) this
 * builds a one-layer model from the spec line, loads the fixture's weights
 * (Keras layout), runs forward and compares y, then backward with dL/dy = dy
 * and compares dx and every parameter gradient.
 *
 * Usage: test_reference [file.txt | directory] ...
 * With no arguments it reads every *.txt in FIXTURE_DIR (a compile-time
 * macro, default "tests/fixtures").  Prints "ok <case>" or
 * "FAIL <case>: <what> max abs err ...", then "<n> passed, <m> failed";
 * exits non-zero on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_io.h"
#include "fixture_model.h"
#include "model.h"
#include "model_io.h"
#include "spec.h"
#include "spec_io.h"

#ifndef FIXTURE_DIR
#define FIXTURE_DIR "tests/fixtures"
#endif

/* |got - want| <= TOL * max(1, |want|), elementwise (the engine is float32). */
#ifndef TOL
#define TOL 1e-4
#endif

/* ------------------------------------------------------------ one case */

/* Compares n floats with the reference; on failure writes the message. */
static int compare(const char *what, const float *got, const double *want, size_t n, char *msg,
                   size_t msglen) {
  fx_err e = fx_max_err(got, want, n);
  if (e.worst <= TOL) return 0;
  size_t at = e.at;
  snprintf(msg, msglen, "%s max abs err %.3g (scaled %.3g > %g) at [%zu]: got %.9g, want %.9g",
           what, fabs((double)got[at] - want[at]), e.worst, TOL, at, (double)got[at], want[at]);
  return -1;
}

/* Fills spec, input shape and batch from the spec line.  The layer's own
 * keys are those of a model file's layer line, so the engine's parser reads
 * them; batch, steps and features are the fixture's. */
static int read_spec(const fx_fixture *fx, ur_layer_spec *spec, ur_shape *in, int *B, char *msg,
                     size_t msglen) {
  if (fx_spec_int(fx, "batch", 1, 1000000, B) || fx_spec_int(fx, "steps", 0, 1000000, &in->steps) ||
      fx_spec_int(fx, "features", 1, 1000000, &in->features)) {
    snprintf(msg, msglen, "spec needs batch > 0, steps >= 0, features > 0");
    return -1;
  }
  const char *kind = fx_spec(fx, "kind");
  if (!kind) {
    snprintf(msg, msglen, "spec has no kind");
    return -1;
  }
  char line[FX_MAX_SPEC * (2 * FX_NAME_LEN + 2)], err[128]; /* room for every item */
  size_t n = (size_t)snprintf(line, sizeof line, "%s", kind);
  for (int i = 0; i < fx->n_spec; i++) {
    const char *k = fx->spec[i].key;
    if (strcmp(k, "kind") && strcmp(k, "batch") && strcmp(k, "steps") && strcmp(k, "features"))
      n += (size_t)snprintf(line + n, sizeof line - n, " %s=%s", k, fx->spec[i].value);
  }
  if (ur_spec_parse(line, spec, err, sizeof err)) {
    snprintf(msg, msglen, "spec: %s", err);
    return -1;
  }
  return 0;
}

/* Runs one fixture; 0 if it passes, else -1 with the reason in msg. */
static int run_case(const fx_fixture *fx, char *msg, size_t msglen) {
  ur_layer_spec spec;
  ur_shape in = {0, 0};
  int B = 0;
  if (read_spec(fx, &spec, &in, &B, msg, msglen)) return -1;

  const fx_array *ax = fx_find(fx, "x"), *ay = fx_find(fx, "y"), *ady = fx_find(fx, "dy"),
                 *adx = fx_find(fx, "dx");
  if (!ax || !ay || !ady || !adx) {
    snprintf(msg, msglen, "fixture lacks one of x, y, dy, dx");
    return -1;
  }
  size_t in_size = ur_shape_size(in);
  if (ax->size != (size_t)B * in_size || adx->size != ax->size) {
    snprintf(msg, msglen, "x has %zu values, spec says %d × %zu", ax->size, B, in_size);
    return -1;
  }
  if (ady->size != ay->size) {
    snprintf(msg, msglen, "dy has %zu values, y %zu", ady->size, ay->size);
    return -1;
  }

  int rc = -1;
  char err[256] = "";
  ur_model *m = NULL;
  ur_model_tensor *tens = NULL;
  float *x = NULL, *dy = NULL, *dx = NULL;

  m = ur_model_new(in, &spec, 1, err, sizeof err);
  if (!m) {
    snprintf(msg, msglen, "ur_model_new: %s", err);
    goto out;
  }
  size_t out_size = ur_model_out_size(m);
  if (ur_model_in_size(m) != in_size) {
    snprintf(msg, msglen, "model in_size %zu, expected %zu", ur_model_in_size(m), in_size);
    goto out;
  }
  if (ay->size != (size_t)B * out_size) {
    snprintf(msg, msglen, "output size: model gives %d × %zu, fixture y has %zu", B, out_size,
             ay->size);
    goto out;
  }

  int nt = 0;
  tens = fxm_load_weights(m, fx, &nt, msg, msglen);
  if (!tens) goto out;
  for (int i = 0; i < nt; i++) {
    const fx_array *w = fx_find_n(fx, 'w', i), *g = fx_find_n(fx, 'g', i);
    if (!g || g->size != w->size) {
      snprintf(msg, msglen, "fixture g%d missing or not the size of w%d", i, i);
      goto out;
    }
  }

  if (ur_model_reserve(m, B)) {
    snprintf(msg, msglen, "ur_model_reserve(%d) failed", B);
    goto out;
  }
  x = fx_to_float(ax);
  dy = fx_to_float(ady);
  dx = malloc(ax->size * sizeof *dx);
  if (!x || !dy || !dx) {
    snprintf(msg, msglen, "out of memory");
    goto out;
  }

  const float *y = ur_model_forward(m, x, B, 0);
  if (!y) {
    snprintf(msg, msglen, "ur_model_forward returned NULL");
    goto out;
  }
  if (compare("y", y, ay->data, ay->size, msg, msglen)) goto out;

  memset(m->grads, 0, m->n_params * sizeof *m->grads);
  for (size_t k = 0; k < ax->size; k++) dx[k] = NAN;
  ur_model_backward(m, dy, B, dx);
  if (compare("dx", dx, adx->data, adx->size, msg, msglen)) goto out;
  for (int i = 0; i < nt; i++) {
    char what[80];
    const fx_array *g = fx_find_n(fx, 'g', i);
    snprintf(what, sizeof what, "g%d (grad of %s)", i, tens[i].t.name);
    if (compare(what, m->grads + tens[i].t.offset, g->data, g->size, msg, msglen)) goto out;
  }
  rc = 0;
out:
  free(x);
  free(dy);
  free(dx);
  free(tens);
  if (m) ur_model_free(m);
  return rc;
}

/* ------------------------------------------------------------ main */

int main(int argc, char **argv) {
  /* every *.txt that is a reference fixture (other data files share the directory) */
  return fx_main(argv + 1, argc - 1, FIXTURE_DIR, "", 1, run_case);
}
