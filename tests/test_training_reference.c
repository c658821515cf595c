/* test_training_reference.c: whole training runs against PyTorch.
 *
 * For every fixture (tests/fixtures/training/train_<case>.txt, written by
 * tests/fixtures/make_training_fixtures.py) this builds the model of the
 * spec line with ur_model_new, copies the fixture's initial weights in
 * (Keras layout, the engine's tensor order, through ur_model_tensors), and
 *   1. on a clone, runs the first batch forward (training mode) and backward
 *      with the MSE gradient, and compares the output (out0) and the
 *      gradient of every tensor (g<i>): this localises a disagreement;
 *   2. trains with ur_train (defaults, then no shuffling, the fixture's
 *      epochs, batch size and Adam settings), capturing every batch loss
 *      through the progress callback, and compares the losses (relative
 *      TOL_LOSS) and the final weights f<i> (|got - want| <= TOL_W·max(1, |want|)).
 *
 * Usage: test_training_reference [-v] [file.txt | directory] ...
 * With no arguments it reads every train_*.txt in TRAIN_FIXTURE_DIR (a
 * compile-time macro, default "tests/fixtures/training").  Prints
 * "ok <case>" or "FAIL <case>: <first failure>" followed by indented detail
 * lines, then "<n> passed, <m> failed"; exits non-zero on any failure.
 * -v prints the worst error of every comparison (before the case's line).
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_io.h"
#include "fixture_model.h"
#include "loss.h"
#include "model.h"
#include "spec.h"
#include "train.h"

#ifndef TRAIN_FIXTURE_DIR
#define TRAIN_FIXTURE_DIR "tests/fixtures/training"
#endif
#ifndef TOL_LOSS
#define TOL_LOSS 1e-4
#endif
#ifndef TOL_W
#define TOL_W 1e-4
#endif
#define MAX_BATCH_LOSSES 4096

static int verbose; /* -v: print the worst error of every comparison */

/* ------------------------------------------------------------ messages */

/* The failures of one case, into the message fx_main prints: the first is
 * the FAIL line's reason, each later one an indented line under it. */
typedef struct {
  char *text;
  size_t cap, len;
  int fails;
} report;

static void rep(report *r, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (r->len + 1 < r->cap) {
    int n = snprintf(r->text + r->len, r->cap - r->len, r->fails ? "\n    %s" : "%s", buf);
    if (n > 0) r->len += (size_t)n;
    if (r->len >= r->cap) r->len = r->cap - 1;
  }
  r->fails++;
}

/* Worst |got - want| / max(1, |want|); 0 if within tol, else -1 (and the
 * message through rep). */
static int compare(report *r, const char *what, const float *got, const double *want, size_t n, double tol) {
  fx_err e = fx_max_err(got, want, n);
  if (verbose) printf("    %-56s worst scaled err %.3g (tol %.3g)\n", what, e.worst, tol);
  if (e.worst <= tol) return 0;
  rep(r, "%s: max scaled err %.3g > %g at [%zu]: got %.9g, want %.9g (max abs err %.3g)", what, e.worst, tol, e.at,
      (double)got[e.at], want[e.at], e.worst_abs);
  return -1;
}

/* ------------------------------------------------------------ spec */

static int spec_int(const fx_fixture *fx, const char *key, int *out) { return fx_spec_int(fx, key, 0, 1000000, out); }

static int spec_double(const fx_fixture *fx, const char *key, double *out) {
  const char *v = fx_spec(fx, key);
  if (!v) return -1;
  char *end;
  *out = strtod(v, &end);
  return end == v || *end ? -1 : 0;
}

/* "kind:units[:option...]": rs, k<K>, s<S>, d<D>, dil<a>-<b>-..., a padding
 * or an activation name. */
static int parse_layer(const char *text, ur_layer_spec *s, char *msg, size_t msglen) {
  char buf[FX_NAME_LEN];
  snprintf(buf, sizeof buf, "%s", text);
  char *save = NULL, *tok = strtok_r(buf, ":", &save);
  int kind = tok ? ur_kind_from_id(tok) : -1;
  if (kind < 0) {
    snprintf(msg, msglen, "layer '%s': unknown kind", text);
    return -1;
  }
  *s = ur_spec_default((ur_layer_kind)kind);
  int first = 1;
  while ((tok = strtok_r(NULL, ":", &save))) {
    char *end;
    if (first && tok[0] >= '0' && tok[0] <= '9') {
      s->units = (int)strtol(tok, &end, 10);
      first = 0;
      if (*end) goto bad;
      continue;
    }
    first = 0;
    if (strcmp(tok, "rs") == 0) {
      s->return_sequences = 1;
    } else if (strncmp(tok, "dil", 3) == 0) {
      s->n_dilations = 0;
      char *p = tok + 3;
      while (*p) {
        if (s->n_dilations == UR_MAX_DILATIONS) goto bad;
        s->dilations[s->n_dilations++] = (int)strtol(p, &end, 10);
        if (end == p || (*end && *end != '-')) goto bad;
        p = *end ? end + 1 : end;
      }
    } else if ((tok[0] == 'k' || tok[0] == 's' || tok[0] == 'd') && tok[1] >= '0' && tok[1] <= '9') {
      int v = (int)strtol(tok + 1, &end, 10);
      if (*end) goto bad;
      if (tok[0] == 'k') s->kernel_size = v;
      else if (tok[0] == 's') s->strides = v;
      else s->dilation_rate = v;
    } else if (ur_padding_from_name(tok) >= 0) {
      s->padding = (ur_padding)ur_padding_from_name(tok);
    } else if (ur_activation_from_name(tok) >= 0) {
      s->activation = (ur_activation)ur_activation_from_name(tok);
    } else {
      goto bad;
    }
  }
  return 0;
bad:
  snprintf(msg, msglen, "layer '%s': bad option '%s'", text, tok ? tok : "");
  return -1;
}

/* ------------------------------------------------------------ one case */

typedef struct {
  double loss[MAX_BATCH_LOSSES];
  int n;
} loss_log;

static int on_progress(const ur_progress *p, void *user) {
  loss_log *log = user;
  if (p->kind == UR_PROGRESS_BATCH && log->n < MAX_BATCH_LOSSES) log->loss[log->n++] = p->batch_loss;
  return 0;
}

/* Runs one fixture (an fx_case_fn); 0 if it passes. */
static int run_case(const fx_fixture *fx, char *msg, size_t msglen) {
  report rr = {msg, msglen, 0, 0}, *r = &rr;
  char why[256] = "";
  int n = 0, B = 0, epochs = 0, steps = 0, features = 0, n_layers = 0;
  double lr = 0, b1 = 0, b2 = 0, eps = 0;
  if (spec_int(fx, "n", &n) || spec_int(fx, "batch", &B) || spec_int(fx, "epochs", &epochs) ||
      spec_int(fx, "steps", &steps) || spec_int(fx, "features", &features) || spec_int(fx, "layers", &n_layers) ||
      spec_double(fx, "lr", &lr) || spec_double(fx, "beta1", &b1) || spec_double(fx, "beta2", &b2) ||
      spec_double(fx, "epsilon", &eps) || n < 1 || B < 1 || n_layers < 1 || n_layers > UR_MAX_LAYERS) {
    rep(r, "spec line lacks or has a bad n, batch, epochs, steps, features, layers, lr, beta1, beta2 or epsilon");
    return -1;
  }
  ur_layer_spec specs[UR_MAX_LAYERS];
  for (int i = 0; i < n_layers; i++) {
    char key[16];
    snprintf(key, sizeof key, "l%d", i);
    const char *v = fx_spec(fx, key);
    if (!v) {
      rep(r, "spec has no %s", key);
      return -1;
    }
    if (parse_layer(v, &specs[i], why, sizeof why)) {
      rep(r, "%s", why);
      return -1;
    }
  }

  int rc = -1;
  ur_model *m = NULL, *probe = NULL;
  ur_model_tensor *tens = NULL;
  float *x = NULL, *y = NULL, *dy = NULL;
  loss_log *log = NULL;
  ur_train_result res;
  memset(&res, 0, sizeof res);

  ur_shape in = {steps, features};
  char err[256] = "";
  m = ur_model_new(in, specs, n_layers, err, sizeof err);
  if (!m) {
    rep(r, "ur_model_new: %s", err);
    goto out;
  }
  size_t in_size = ur_model_in_size(m), out_size = ur_model_out_size(m);
  const fx_array *ax = fx_find(fx, "x"), *ay = fx_find(fx, "y"), *aloss = fx_find(fx, "loss"),
                 *aout0 = fx_find(fx, "out0");
  if (!ax || !ay || !aloss || !aout0) {
    rep(r, "fixture lacks one of x, y, loss, out0");
    goto out;
  }
  if (ax->size != (size_t)n * in_size || ay->size != (size_t)n * out_size) {
    rep(r, "x has %zu values, y %zu; the model takes %d × %zu and gives %d × %zu", ax->size, ay->size, n, in_size,
        n, out_size);
    goto out;
  }
  int nt = 0;
  tens = fxm_load_weights(m, fx, &nt, why, sizeof why);
  if (!tens) {
    rep(r, "%s", why);
    goto out;
  }
  for (int i = 0; i < nt; i++) {
    const fx_array *w = fx_find_n(fx, 'w', i), *g = fx_find_n(fx, 'g', i), *f = fx_find_n(fx, 'f', i);
    if (!g || !f || g->size != w->size || f->size != w->size) {
      rep(r, "fixture lacks w%d, g%d or f%d of the same size (model tensor %d is layer %d's %s)", i, i, i, i,
          tens[i].layer, tens[i].t.name);
      goto out;
    }
  }
  x = fx_to_float(ax);
  y = fx_to_float(ay);
  dy = malloc(sizeof(float) * ((size_t)B * out_size + 1));
  log = calloc(1, sizeof *log);
  if (!x || !y || !dy || !log) {
    rep(r, "out of memory");
    goto out;
  }

  /* 1. The first batch, on a clone: output and gradients. */
  int B0 = B < n ? B : n;
  probe = ur_model_clone(m);
  if (!probe || ur_model_reserve(probe, B0)) {
    rep(r, "clone or reserve failed");
    goto out;
  }
  if (aout0->size != (size_t)B0 * out_size) {
    rep(r, "out0 has %zu values, expected %d × %zu", aout0->size, B0, out_size);
    goto out;
  }
  const float *o0 = ur_model_forward(probe, x, B0, 1);
  compare(r, "first batch: output", o0, aout0->data, aout0->size, TOL_W);
  memset(probe->grads, 0, sizeof(float) * probe->n_params);
  double l0 = ur_loss(UR_LOSS_MSE, o0, y, (size_t)B0 * out_size, dy);
  ur_model_backward(probe, dy, B0, NULL);
  if (fabs(l0 - aloss->data[0]) > TOL_LOSS * fabs(aloss->data[0]))
    rep(r, "first batch: loss %.9g, want %.9g", l0, aloss->data[0]);
  for (int i = 0; i < nt; i++) {
    char what[96];
    const fx_array *g = fx_find_n(fx, 'g', i);
    /* gradients are small numbers: scale by the tensor's largest entry */
    double gmax = 0.0;
    for (size_t k = 0; k < g->size; k++) gmax = fabs(g->data[k]) > gmax ? fabs(g->data[k]) : gmax;
    double tol = TOL_W * (gmax > 1e-3 ? gmax : 1e-3);
    snprintf(what, sizeof what, "first batch: g%d (grad of layer %d %s)", i, tens[i].layer, tens[i].t.name);
    compare(r, what, probe->grads + tens[i].t.offset, g->data, g->size, tol);
  }

  /* 2. The whole run. */
  ur_train_config cfg;
  ur_train_config_default(&cfg);
  cfg.shuffle = 0;
  cfg.epochs = epochs;
  cfg.batch_size = B;
  cfg.seed = 7;
  cfg.loss = UR_LOSS_MSE;
  cfg.optim = ur_optim_default(UR_OPT_ADAM);
  cfg.optim.lr = (float)lr;
  cfg.optim.beta1 = (float)b1;
  cfg.optim.beta2 = (float)b2;
  cfg.optim.epsilon = (float)eps;
  ur_dataset train = {.n = n, .x_shape = in, .y_shape = ur_model_output_shape(m), .x = x, .y = y};
  if (ur_train(m, &cfg, &train, NULL, on_progress, log, &res) != 0) {
    rep(r, "ur_train: %s", res.message);
    goto out;
  }
  if (res.reason != UR_STOP_COMPLETED) rep(r, "training stopped: %s", res.message);
  if ((size_t)log->n != aloss->size) {
    rep(r, "%d batch losses reported, fixture has %zu", log->n, aloss->size);
  } else {
    int bad = 0;
    double worst = 0.0;
    for (int i = 0; i < log->n; i++) {
      double want = aloss->data[i], got = log->loss[i];
      if (fabs(got - want) / fabs(want) > worst) worst = fabs(got - want) / fabs(want);
      if (!(fabs(got - want) <= TOL_LOSS * fabs(want))) {
        if (bad++ == 0)
          rep(r, "batch loss %d (of %d): got %.9g, want %.9g (rel err %.3g)", i + 1, log->n, got, want,
              fabs(got - want) / fabs(want));
      }
    }
    if (bad > 1) rep(r, "%d of %d batch losses differ", bad, log->n);
    if (verbose) printf("    %-56s worst rel err %.3g (tol %.3g)\n", "batch losses", worst, TOL_LOSS);
  }
  for (int i = 0; i < nt; i++) {
    char what[96];
    const fx_array *f = fx_find_n(fx, 'f', i);
    snprintf(what, sizeof what, "final f%d (layer %d %s)", i, tens[i].layer, tens[i].t.name);
    compare(r, what, m->params + tens[i].t.offset, f->data, f->size, TOL_W);
  }
  rc = r->fails ? -1 : 0;
out:
  ur_train_result_free(&res);
  free(x);
  free(y);
  free(dy);
  free(log);
  free(tens);
  if (probe) ur_model_free(probe);
  if (m) ur_model_free(m);
  return rc;
}

/* ------------------------------------------------------------ main */

int main(int argc, char **argv) {
  int first = 1;
  if (argc > 1 && strcmp(argv[1], "-v") == 0) verbose = 1, first = 2;
  /* every train_*.txt */
  return fx_main(argv + first, argc - first, TRAIN_FIXTURE_DIR, "train_", 0, run_case);
}
