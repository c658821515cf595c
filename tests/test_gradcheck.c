/* test_gradcheck.c: finite differences against backward for every layer kind
 * and option.  L = Σ y ⊙ r for a fixed random r, so dL/dy = r; each analytic
 * gradient (weights and input) is compared with the central difference
 * (L(θ+ε) - L(θ-ε)) / 2ε, the loss accumulated in double. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

typedef struct {
  const char *name;
  int inference; /* check the inference-mode pass (BatchNorm's moving statistics) */
  ur_shape in;
  int n;
  ur_layer_spec layers[4];
} gc_case;

static int training_mode = 1;

static double loss(ur_model *m, const float *x, const float *r, int B) {
  const float *y = ur_model_forward(m, x, B, training_mode);
  double s = 0.0;
  for (size_t i = 0; i < (size_t)B * ur_model_out_size(m); i++) s += (double)y[i] * r[i];
  return s;
}

/* A ReLU kink between θ-ε and θ+ε makes the two one-sided slopes disagree;
 * such points have no derivative to check and are counted apart. */
static int at_kink(double lm, double l0, double lp, double eps) {
  double a = (l0 - lm) / eps, b = (lp - l0) / eps;
  return fabs(a - b) > 0.05 * fmax(fmax(fabs(a), fabs(b)), 1e-2);
}

static int close_enough(double a, double n, double *worst) {
  double err = fabs(a - n) / fmax(fmax(fabs(a), fabs(n)), 3e-2);
  if (err > *worst) *worst = err;
  return err < 3e-2;
}

static int check(const gc_case *c) {
  char err[256];
  const int B = 3;
  ur_model *m = ur_model_new(c->in, c->layers, c->n, err, sizeof err);
  if (!m) {
    printf("FAIL %s: %s\n", c->name, err);
    return 0;
  }
  ur_model_init(m, 7);
  training_mode = !c->inference;
  for (size_t i = 0; i < m->n_state; i++) m->state[i] = 0.5f + 0.1f * (float)(i % 7); /* moving statistics */
  ur_model_reserve(m, B);
  ur_rng rng;
  ur_rng_seed(&rng, 3);
  size_t nx = (size_t)B * ur_model_in_size(m), ny = (size_t)B * ur_model_out_size(m);
  float *x = malloc(sizeof(float) * nx), *r = malloc(sizeof(float) * ny), *dy = malloc(sizeof(float) * ny),
        *dx = malloc(sizeof(float) * nx);
  for (size_t i = 0; i < nx; i++) x[i] = (float)ur_rng_uniform(&rng, -1, 1);
  for (size_t i = 0; i < ny; i++) r[i] = (float)ur_rng_uniform(&rng, -1, 1);
  /* perturb the weights away from Keras's zeros/ones so every path carries gradient */
  for (size_t i = 0; i < m->n_params; i++) m->params[i] += (float)ur_rng_uniform(&rng, -0.2, 0.2);
  memset(m->grads, 0, sizeof(float) * m->n_params);
  loss(m, x, r, B);
  memcpy(dy, r, sizeof(float) * ny);
  ur_model_backward(m, dy, B, dx);
  double worst = 0.0;
  int bad = 0, kinks = 0, checked = 0;
  /* ReLU's kinks: a smaller step crosses fewer of them, and more may be skipped */
  int relu = 0;
  for (int i = 0; i < c->n; i++) relu |= c->layers[i].activation == UR_ACT_RELU || c->layers[i].kind == UR_WAVENET;
  const float eps = relu ? 5e-4f : 2e-3f;
  /* every parameter (at most 400, spread over the array) and every input,
   * each against its analytic gradient */
  size_t stride = m->n_params > 400 ? m->n_params / 400 + 1 : 1;
  struct { float *v; const float *grad; size_t n, step; } probes[2] = {
      {m->params, m->grads, m->n_params, stride}, {x, dx, nx, 1}};
  for (int t = 0; t < 2; t++)
    for (size_t i = 0; i < probes[t].n; i += probes[t].step) {
      float *v = &probes[t].v[i], keep = *v;
      *v = keep + eps;
      double lp = loss(m, x, r, B);
      *v = keep - eps;
      double lm = loss(m, x, r, B);
      *v = keep;
      checked++;
      double e = 0.0;
      if (!close_enough(probes[t].grad[i], (lp - lm) / (2 * eps), &e) && at_kink(lm, loss(m, x, r, B), lp, eps))
        kinks++;
      else {
        bad += e >= 3e-2;
        worst = fmax(worst, e);
      }
    }
  if (kinks * (relu ? 4 : 20) > checked) bad += kinks; /* too many "kinks" is a bug, not bad luck */
  if (bad) printf("FAIL %s: %d gradients off, worst relative error %.3g\n", c->name, bad, worst);
  else printf("ok %s (worst relative error %.2g away from %d ReLU kinks, %zu parameters)\n", c->name, worst, kinks, m->n_params);
  free(x); free(r); free(dy); free(dx);
  ur_model_free(m);
  return bad == 0;
}

static ur_layer_spec L(ur_layer_kind k) { return ur_spec_default(k); }

int main(void) {
  static gc_case cases[64];
  int n = 0;
  ur_shape seq = {6, 3}, vec = {0, 5};
  ur_layer_spec s;
#define ADD(nm, shape, ...) do { gc_case c = {nm, 0, shape, 0, {{0}}}; ur_layer_spec ls[] = {__VA_ARGS__}; \
    c.n = (int)(sizeof ls / sizeof ls[0]); memcpy(c.layers, ls, sizeof ls); cases[n++] = c; } while (0)

  s = L(UR_DENSE); s.units = 4; s.activation = UR_ACT_TANH; ADD("dense tanh on a vector", vec, s);
  s.activation = UR_ACT_SIGMOID; ADD("dense sigmoid on a sequence", seq, s);
  s.activation = UR_ACT_LINEAR; ADD("dense linear", vec, s);
  s = L(UR_TIME_DISTRIBUTED); s.units = 2; ADD("time distributed dense", seq, s);
  ADD("flatten + dense", seq, L(UR_FLATTEN), L(UR_DENSE));
  s = L(UR_DROPOUT); s.dropout = 0.3f; ADD("dropout", seq, s, L(UR_DENSE));

  ur_layer_kind rnns[] = {UR_SIMPLE_RNN, UR_LSTM, UR_GRU, UR_LN_SIMPLE_RNN};
  const char *rnames[] = {"simple_rnn", "lstm", "gru", "ln_simple_rnn"};
  static char names[64][96];
  for (int k = 0; k < 4; k++) {
    for (int variant = 0; variant < 4; variant++) {
      s = L(rnns[k]);
      s.units = 4;
      s.return_sequences = variant & 1;
      if (variant == 2) { s.dropout = 0.25f; s.recurrent_dropout = 0.25f; }
      if (variant == 3) { s.activation = UR_ACT_SIGMOID; s.recurrent_dropout = 0.3f; }
      snprintf(names[n], sizeof names[n], "%s %s%s", rnames[k], s.return_sequences ? "return_sequences" : "last output",
               variant == 2 ? ", dropout + recurrent dropout" : variant == 3 ? ", sigmoid, recurrent dropout" : "");
      ADD(names[n], seq, s);
    }
  }
  s = L(UR_SIMPLE_RNN); s.units = 3; s.return_sequences = 1;
  ur_layer_spec s2 = L(UR_GRU); s2.units = 2;
  ADD("stacked simple_rnn → gru", seq, s, s2);
  s = L(UR_LAYER_NORM); ADD("layer norm on a sequence", seq, s, L(UR_DENSE));
  ADD("layer norm on a vector", vec, s, L(UR_DENSE));
  s = L(UR_BATCH_NORM); ADD("batch norm (training) on a sequence", seq, s, L(UR_DENSE));
  ADD("batch norm (training) on a vector", vec, s, L(UR_DENSE));
  ADD("batch norm (inference) on a sequence", seq, s, L(UR_DENSE));
  cases[n - 1].inference = 1;

  struct { const char *nm; int k, st, d; ur_padding p; ur_activation a; } convs[] = {
      {"conv1d valid", 3, 1, 1, UR_PAD_VALID, UR_ACT_LINEAR},
      {"conv1d valid strided", 3, 2, 1, UR_PAD_VALID, UR_ACT_TANH},
      {"conv1d valid dilated", 2, 1, 2, UR_PAD_VALID, UR_ACT_LINEAR},
      {"conv1d same", 3, 1, 1, UR_PAD_SAME, UR_ACT_SIGMOID},
      {"conv1d same strided", 4, 2, 1, UR_PAD_SAME, UR_ACT_LINEAR},
      {"conv1d same dilated", 2, 1, 3, UR_PAD_SAME, UR_ACT_TANH},
      {"conv1d causal", 2, 1, 1, UR_PAD_CAUSAL, UR_ACT_LINEAR},
      {"conv1d causal dilated relu", 2, 1, 2, UR_PAD_CAUSAL, UR_ACT_RELU},
      {"conv1d causal strided", 3, 2, 1, UR_PAD_CAUSAL, UR_ACT_TANH},
      {"conv1d pointwise", 1, 1, 1, UR_PAD_VALID, UR_ACT_LINEAR},
  };
  for (size_t i = 0; i < sizeof convs / sizeof convs[0]; i++) {
    s = L(UR_CONV1D);
    s.units = 3; s.kernel_size = convs[i].k; s.strides = convs[i].st; s.dilation_rate = convs[i].d;
    s.padding = convs[i].p; s.activation = convs[i].a;
    ADD(convs[i].nm, ((ur_shape){9, 2}), s);
  }
  s = L(UR_WAVENET); s.units = 3; s.n_dilations = 3; s.dilations[0] = 1; s.dilations[1] = 2; s.dilations[2] = 4;
  ADD("wavenet block, dilations 1 2 4", ((ur_shape){8, 2}), s);
  s2 = L(UR_CONV1D); s2.units = 2; s2.kernel_size = 1;
  s.n_dilations = 2; s.dilations[0] = 2; s.dilations[1] = 1;
  ADD("wavenet block + pointwise conv", ((ur_shape){7, 1}), s, s2);

  int passed = 0;
  for (int i = 0; i < n; i++) passed += check(&cases[i]);
  printf("%d passed, %d failed\n", passed, n - passed);
  return passed == n ? 0 : 1;
}
