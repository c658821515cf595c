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
#include "spec.h"

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

static int spec_int(const char *v, int *out) {
  char *end;
  long x = strtol(v, &end, 10);
  if (end == v || *end || x < -1000000 || x > 1000000) return -1;
  *out = (int)x;
  return 0;
}

/* Fills spec, input shape and batch from the spec line. */
static int read_spec(const fx_fixture *fx, ur_layer_spec *spec, ur_shape *in, int *B, char *msg,
                     size_t msglen) {
  const char *kind_id = fx_spec(fx, "kind");
  if (!kind_id) {
    snprintf(msg, msglen, "spec has no kind");
    return -1;
  }
  int kind = ur_kind_from_id(kind_id);
  if (kind < 0) {
    snprintf(msg, msglen, "unknown kind '%s'", kind_id);
    return -1;
  }
  *spec = ur_spec_default((ur_layer_kind)kind);
  int have_batch = 0, have_steps = 0, have_features = 0;
  for (int i = 0; i < fx->n_spec; i++) {
    const char *k = fx->spec[i].key, *v = fx->spec[i].value;
    int iv = 0;
    if (strcmp(k, "kind") == 0) continue;
    if (strcmp(k, "activation") == 0) {
      int a = ur_activation_from_name(v);
      if (a < 0) {
        snprintf(msg, msglen, "unknown activation '%s'", v);
        return -1;
      }
      spec->activation = (ur_activation)a;
      continue;
    }
    if (strcmp(k, "padding") == 0) {
      int p = ur_padding_from_name(v);
      if (p < 0) {
        snprintf(msg, msglen, "unknown padding '%s'", v);
        return -1;
      }
      spec->padding = (ur_padding)p;
      continue;
    }
    if (spec_int(v, &iv)) {
      snprintf(msg, msglen, "spec %s=%s is not an integer", k, v);
      return -1;
    }
    if (strcmp(k, "units") == 0)
      spec->units = iv;
    else if (strcmp(k, "return_sequences") == 0)
      spec->return_sequences = iv;
    else if (strcmp(k, "kernel_size") == 0)
      spec->kernel_size = iv;
    else if (strcmp(k, "strides") == 0)
      spec->strides = iv;
    else if (strcmp(k, "dilation_rate") == 0)
      spec->dilation_rate = iv;
    else if (strcmp(k, "batch") == 0)
      *B = iv, have_batch = 1;
    else if (strcmp(k, "steps") == 0)
      in->steps = iv, have_steps = 1;
    else if (strcmp(k, "features") == 0)
      in->features = iv, have_features = 1;
    else {
      snprintf(msg, msglen, "unknown spec key '%s'", k);
      return -1;
    }
  }
  if (!have_batch || !have_steps || !have_features || *B <= 0 || in->steps < 0 ||
      in->features <= 0) {
    snprintf(msg, msglen, "spec needs batch > 0, steps >= 0, features > 0");
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
  fx_strlist files = {0};
  fx_collect(&files, argv + 1, argc - 1, FIXTURE_DIR, "", 1);

  int passed = 0, failed = 0;
  for (int i = 0; i < files.n; i++) {
    fx_fixture fx;
    char err[512], msg[512];
    if (fx_load(files.v[i], &fx, err, sizeof err)) {
      printf("FAIL %s: %s\n", files.v[i], err);
      failed++;
      continue;
    }
    msg[0] = '\0';
    if (run_case(&fx, msg, sizeof msg)) {
      printf("FAIL %s: %s\n", fx.name, msg);
      failed++;
    } else {
      printf("ok %s\n", fx.name);
      passed++;
    }
    fflush(stdout);
    fx_free(&fx);
  }
  printf("%d passed, %d failed\n", passed, failed);
  fx_strlist_free(&files);
  return failed || passed == 0 ? 1 : 0;
}
