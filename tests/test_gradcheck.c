/* test_gradcheck.c: backward against finite differences, for every layer
 * kind and option.  L = Σ y ⊙ r for a fixed random r, so dL/dy = r.  The
 * engine's analytic gradients (float32) are compared with central
 * differences (L(θ+ε) - L(θ-ε)) / 2ε of a float64 copy of the same
 * forward pass written here from the equations in the layers' comments:
 * in float32 the differences carry rounding noise of about 1e-4, which
 * hid small gradients; in float64 they are good to about 1e-9, so every
 * gradient is held to a relative error with only a 1e-6 floor.  The copy
 * is first checked against the engine's forward, so both compute the same
 * function.  Every parameter and every input is checked. */
#include "check.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conv_ops.h"
#include "model.h"
#include "tensor_ops.h"

typedef struct {
  const char *name;
  int inference; /* check the inference-mode pass (BatchNorm's moving statistics) */
  ur_shape in;
  int n;
  ur_layer_spec layers[4];
} gc_case;

#define FLOOR 1e-6      /* gradients smaller than this are compared absolutely */
#define TOLERANCE 1e-3  /* relative error allowed: float32 sums and the rational tanh stay below 1e-4 */
#define EPS 1e-5        /* the float64 step */

/* ---- the float64 forward pass -------------------------------------------- */

typedef struct {
  const ur_model *m;
  const double *w; /* all parameters, float64 */
  int B, training;
} ref_model;

static double act(ur_activation a, double v) {
  switch (a) {
  case UR_ACT_TANH: return tanh(v);
  case UR_ACT_SIGMOID: return 1.0 / (1.0 + exp(-v));
  case UR_ACT_RELU: return v > 0 ? v : 0;
  default: return v;
  }
}
static double sigm(double v) { return act(UR_ACT_SIGMOID, v); }

/* The k-th tensor of layer l (its float64 parameters start at w). */
static const double *tensor(const ur_layer *l, const double *w, int k) {
  ur_tensor_info t[UR_MAX_TENSORS];
  l->ops->tensors(l, t);
  return w + t[k].offset;
}

/* The masks the engine draws: (seed, step, layer) seeds the stream, and a
 * recurrent layer draws its input mask before its recurrent one. */
static void masks(const ref_model *r, int li, double *mx, size_t nx, float rx, double *mh, size_t nh, float rh) {
  ur_rng rng;
  ur_rng_seed(&rng, ur_seed_derive(r->m->seed, UR_STREAM_DROPOUT, r->m->step, (uint64_t)li));
  float *f = malloc(sizeof(float) * (nx > nh ? nx : nh) + 1);
  int dx = r->training && rx > 0.0f, dh = r->training && rh > 0.0f;
  if (dx) ur_dropout_mask(f, nx, rx, &rng);
  for (size_t i = 0; i < nx; i++) mx[i] = dx ? f[i] : 1.0;
  if (dh) ur_dropout_mask(f, nh, rh, &rng);
  for (size_t i = 0; i < nh; i++) mh[i] = dh ? f[i] : 1.0;
  free(f);
}

/* y (n) = γ x̂ + β with x̂ = (a - μ)/√(σ² + ε) over the row. */
static void norm_row(const double *a, double *y, int n, const double *gamma, const double *beta, double eps) {
  double mu = 0, var = 0;
  for (int i = 0; i < n; i++) mu += a[i];
  mu /= n;
  for (int i = 0; i < n; i++) var += (a[i] - mu) * (a[i] - mu);
  var /= n;
  for (int i = 0; i < n; i++) y[i] = gamma[i] * (a[i] - mu) / sqrt(var + eps) + beta[i];
}

/* SimpleRNN, LN-SimpleRNN, LSTM and GRU over x (B × T × F). */
static void ref_rnn(const ref_model *r, int li, const ur_layer *l, const double *w, const double *x, double *y) {
  int B = r->B, T = l->in.steps, F = l->in.features, H = l->spec.units;
  ur_layer_kind k = l->spec.kind;
  int G = k == UR_LSTM ? 4 * H : k == UR_GRU ? 3 * H : H;
  const double *W = tensor(l, w, 0), *U = tensor(l, w, 1), *b = tensor(l, w, 2);
  double *mx = malloc(sizeof(double) * B * F), *mh = malloc(sizeof(double) * B * H);
  double *h = calloc((size_t)H, sizeof(double)), *c = calloc((size_t)H, sizeof(double));
  double *zx = malloc(sizeof(double) * G), *zh = malloc(sizeof(double) * G), *hn = malloc(sizeof(double) * H);
  masks(r, li, mx, (size_t)B * F, l->spec.dropout, mh, (size_t)B * H, l->spec.recurrent_dropout);
  for (int bb = 0; bb < B; bb++) {
    memset(h, 0, sizeof(double) * H);
    memset(c, 0, sizeof(double) * H);
    for (int t = 0; t < T; t++) {
      const double *xt = x + ((size_t)bb * T + t) * F;
      /* zx = x̃_t W + b,  zh = h̃_{t-1} U (+ b_rec for GRU) */
      for (int j = 0; j < G; j++) {
        zx[j] = b[j];
        zh[j] = k == UR_GRU ? b[G + j] : 0.0;
        for (int f = 0; f < F; f++) zx[j] += xt[f] * mx[bb * F + f] * W[(size_t)f * G + j];
        for (int i = 0; i < H; i++) zh[j] += h[i] * mh[bb * H + i] * U[(size_t)i * G + j];
      }
      for (int j = 0; j < H; j++) {
        if (k == UR_LSTM) { /* c = f c + i g,  h = o act(c) */
          double ig = sigm(zx[j] + zh[j]), fg = sigm(zx[H + j] + zh[H + j]);
          double gg = act(l->spec.activation, zx[2 * H + j] + zh[2 * H + j]), og = sigm(zx[3 * H + j] + zh[3 * H + j]);
          c[j] = fg * c[j] + ig * gg;
          hn[j] = og * act(l->spec.activation, c[j]);
        } else if (k == UR_GRU) { /* h = z h + (1 - z) act(xh + r hh) */
          double z = sigm(zx[j] + zh[j]), rr = sigm(zx[H + j] + zh[H + j]);
          double cand = act(l->spec.activation, zx[2 * H + j] + rr * zh[2 * H + j]);
          hn[j] = z * h[j] + (1 - z) * cand;
        } else {
          hn[j] = zx[j] + zh[j];
        }
      }
      if (k == UR_LN_SIMPLE_RNN) norm_row(hn, hn, H, b + H, b + 2 * H, (double)1e-3f);
      if (k == UR_SIMPLE_RNN || k == UR_LN_SIMPLE_RNN)
        for (int j = 0; j < H; j++) hn[j] = act(l->spec.activation, hn[j]);
      memcpy(h, hn, sizeof(double) * H);
      if (l->spec.return_sequences) memcpy(y + ((size_t)bb * T + t) * H, h, sizeof(double) * H);
    }
    if (!l->spec.return_sequences) memcpy(y + (size_t)bb * H, h, sizeof(double) * H);
  }
  free(mx); free(mh); free(h); free(c); free(zx); free(zh); free(hn);
}

/* y[t] = b + Σ_k Σ_c x[t·s + k·d - pad] W[k, c] over x (T × C), zero padded:
 * one sample of a convolution, written into y with row stride ldy. */
static void conv(const ur_conv_geom *g, const double *x, const double *W, const double *b, double *y, int ldy) {
  for (int t = 0; t < g->T_out; t++)
    for (int o = 0; o < g->C_out; o++) {
      double v = b[o];
      for (int k = 0; k < g->K; k++) {
        int src = t * g->stride + k * g->dilation - g->pad_left;
        if (src < 0 || src >= g->T_in) continue;
        for (int c = 0; c < g->C_in; c++) v += x[(size_t)src * g->C_in + c] * W[((size_t)k * g->C_in + c) * g->C_out + o];
      }
      y[(size_t)t * ldy + o] = v;
    }
}

/* The WaveNet block, one sample (T × C in, T × N out). */
static void ref_wavenet(const ur_layer *l, const double *w, const double *x, double *y) {
  int T = l->in.steps, C = l->in.features, N = l->spec.units;
  ur_conv_geom in_conv = ur_conv_geom_make(T, C, N, 2, 1, 1, UR_PAD_CAUSAL);
  double *xi = malloc(sizeof(double) * T * N), *u = malloc(sizeof(double) * T * 2 * N);
  double *g = malloc(sizeof(double) * T * N), *z = malloc(sizeof(double) * T * N);
  double *S = calloc((size_t)T * N, sizeof(double));
  conv(&in_conv, x, tensor(l, w, 0), tensor(l, w, 1), xi, N);
  for (int i = 0; i < l->spec.n_dilations; i++) {
    ur_conv_geom gate = ur_conv_geom_make(T, N, 2 * N, 2, 1, l->spec.dilations[i], UR_PAD_CAUSAL);
    ur_conv_geom pw = ur_conv_geom_make(T, N, N, 1, 1, 1, UR_PAD_VALID);
    conv(&gate, xi, tensor(l, w, 2 + 4 * i), tensor(l, w, 3 + 4 * i), u, 2 * N);
    for (int t = 0; t < T; t++)
      for (int j = 0; j < N; j++) g[t * N + j] = tanh(u[t * 2 * N + j]) * sigm(u[t * 2 * N + N + j]);
    conv(&pw, g, tensor(l, w, 4 + 4 * i), tensor(l, w, 5 + 4 * i), z, N);
    for (int k = 0; k < T * N; k++) {
      xi[k] += z[k]; /* x_{i+1} = x_i + z_i */
      S[k] += z[k];  /* skip */
    }
  }
  for (int k = 0; k < T * N; k++) y[k] = S[k] > 0 ? S[k] : 0;
  free(xi); free(u); free(g); free(z); free(S);
}

/* One layer, the whole batch. */
static void ref_layer(const ref_model *r, int li, const double *w, const double *x, double *y) {
  const ur_layer *l = &r->m->layers[li];
  int B = r->B, F = l->in.features, U = l->spec.units;
  int R = B * (l->in.steps > 0 ? l->in.steps : 1); /* rows of per-step layers */
  size_t n = (size_t)B * ur_shape_size(l->in);
  switch (l->spec.kind) {
  case UR_DENSE: case UR_TIME_DISTRIBUTED: { /* y = act(x W + b) */
    const double *W = tensor(l, w, 0), *b = tensor(l, w, 1);
    for (int i = 0; i < R; i++)
      for (int u = 0; u < U; u++) {
        double v = b[u];
        for (int f = 0; f < F; f++) v += x[(size_t)i * F + f] * W[(size_t)f * U + u];
        y[(size_t)i * U + u] = act(l->spec.activation, v);
      }
    break;
  }
  case UR_FLATTEN: memcpy(y, x, sizeof(double) * n); break;
  case UR_DROPOUT: {
    double *mask = malloc(sizeof(double) * n);
    masks(r, li, mask, n, l->spec.dropout, NULL, 0, 0.0f);
    for (size_t i = 0; i < n; i++) y[i] = x[i] * mask[i];
    free(mask);
    break;
  }
  case UR_LAYER_NORM:
    for (int i = 0; i < R; i++) norm_row(x + (size_t)i * F, y + (size_t)i * F, F, w, w + F, (double)1e-3f);
    break;
  case UR_BATCH_NORM: /* per feature over the R rows, or the moving statistics */
    for (int f = 0; f < F; f++) {
      double mu = 0, var = 0;
      if (r->training) {
        for (int i = 0; i < R; i++) mu += x[(size_t)i * F + f];
        mu /= R;
        for (int i = 0; i < R; i++) var += (x[(size_t)i * F + f] - mu) * (x[(size_t)i * F + f] - mu);
        var /= R;
      } else {
        mu = l->state[f];
        var = l->state[F + f];
      }
      for (int i = 0; i < R; i++) y[(size_t)i * F + f] = w[f] * (x[(size_t)i * F + f] - mu) / sqrt(var + 1e-3) + w[F + f];
    }
    break;
  case UR_CONV1D: {
    const ur_layer_spec *s = &l->spec;
    ur_conv_geom g = ur_conv_geom_make(l->in.steps, F, U, s->kernel_size, s->strides, s->dilation_rate, s->padding);
    for (int bb = 0; bb < B; bb++) {
      double *yb = y + (size_t)bb * g.T_out * U;
      conv(&g, x + (size_t)bb * g.T_in * F, tensor(l, w, 0), tensor(l, w, 1), yb, U);
      for (int k = 0; k < g.T_out * U; k++) yb[k] = act(s->activation, yb[k]);
    }
    break;
  }
  case UR_WAVENET:
    for (int bb = 0; bb < B; bb++)
      ref_wavenet(l, w, x + (size_t)bb * ur_shape_size(l->in), y + (size_t)bb * ur_shape_size(l->out));
    break;
  default: ref_rnn(r, li, l, w, x, y); break;
  }
}

/* L = Σ y ⊙ r in float64 for parameters w and input x. */
static double ref_loss(const ref_model *r, const double *x, const float *rv, double *y_out) {
  const ur_model *m = r->m;
  double *a = malloc(sizeof(double) * r->B * ur_model_in_size(m));
  memcpy(a, x, sizeof(double) * r->B * ur_model_in_size(m));
  size_t off = 0;
  for (int i = 0; i < m->n_layers; i++) {
    double *b = malloc(sizeof(double) * r->B * ur_shape_size(m->layers[i].out));
    ref_layer(r, i, r->w + off, a, b);
    off += m->layers[i].n_params;
    free(a);
    a = b;
  }
  double s = 0.0;
  size_t ny = (size_t)r->B * ur_model_out_size(m);
  for (size_t i = 0; i < ny; i++) s += a[i] * rv[i];
  if (y_out) memcpy(y_out, a, sizeof(double) * ny);
  free(a);
  return s;
}

/* ---- the check ------------------------------------------------------------- */

/* A ReLU kink between θ-ε and θ+ε makes the two one-sided slopes disagree;
 * such points have no derivative to check and are counted apart. */
static int at_kink(double lm, double l0, double lp, double eps) {
  double a = (l0 - lm) / eps, b = (lp - l0) / eps;
  return fabs(a - b) > 0.05 * fmax(fmax(fabs(a), fabs(b)), 1e-2);
}

static double rel_error(double a, double n) { return fabs(a - n) / fmax(fmax(fabs(a), fabs(n)), FLOOR); }

static long total_checked;

static int check(const gc_case *c) {
  char err[256];
  const int B = 3;
  ur_model *m = ur_model_new(c->in, c->layers, c->n, err, sizeof err);
  if (!m) {
    CHECK(0, "%s: %s", c->name, err);
    return 0;
  }
  ur_model_init(m, 7);
  int training = !c->inference;
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
  /* the engine: its output and its gradients (float32) */
  memset(m->grads, 0, sizeof(float) * m->n_params);
  const float *y = ur_model_forward(m, x, B, training);
  double *yd = malloc(sizeof(double) * ny), *wd = malloc(sizeof(double) * (m->n_params + 1)),
         *xd = malloc(sizeof(double) * nx);
  double out_err = 0.0;
  for (size_t i = 0; i < m->n_params; i++) wd[i] = m->params[i];
  for (size_t i = 0; i < nx; i++) xd[i] = x[i];
  ref_model ref = {m, wd, B, training};
  ref_loss(&ref, xd, r, yd);
  for (size_t i = 0; i < ny; i++) out_err = fmax(out_err, fabs(yd[i] - y[i]));
  memcpy(dy, r, sizeof(float) * ny);
  ur_model_backward(m, dy, B, dx);
  /* every parameter and every input against a central difference in float64 */
  double worst = 0.0;
  int bad = 0, kinks = 0, checked = 0, relu = 0;
  for (int i = 0; i < c->n; i++) relu |= c->layers[i].activation == UR_ACT_RELU || c->layers[i].kind == UR_WAVENET;
  struct { double *v; const float *grad; size_t n; } probes[2] = {{wd, m->grads, m->n_params}, {xd, dx, nx}};
  for (int t = 0; t < 2; t++)
    for (size_t i = 0; i < probes[t].n; i++) {
      double *v = &probes[t].v[i], keep = *v;
      *v = keep + EPS;
      double lp = ref_loss(&ref, xd, r, NULL);
      *v = keep - EPS;
      double lm = ref_loss(&ref, xd, r, NULL);
      *v = keep;
      double e = rel_error(probes[t].grad[i], (lp - lm) / (2 * EPS));
      checked++;
      if (e >= TOLERANCE && relu && at_kink(lm, ref_loss(&ref, xd, r, NULL), lp, EPS)) {
        kinks++;
      } else {
        bad += e >= TOLERANCE;
        worst = fmax(worst, e);
      }
    }
  total_checked += checked;
  if (kinks * 20 > checked) bad += kinks; /* too many "kinks" is a bug, not bad luck */
  CHECK(out_err <= 1e-5, "%s: the float64 forward differs from the engine's by %.3g", c->name, out_err);
  bad += out_err > 1e-5;
  CHECK(bad == 0, "%s: %d of %d gradients off, worst relative error %.3g", c->name, bad, checked, worst);
  if (!bad) printf("ok %s (%d gradients, worst relative error %.2g, %d at ReLU kinks; forward within %.1g)\n", c->name,
              checked, worst, kinks, out_err);
  free(x); free(r); free(dy); free(dx); free(yd); free(wd); free(xd);
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

  for (int i = 0; i < n; i++) check(&cases[i]);
  printf("%ld gradient entries checked\n", total_checked);
  return check_summary();
}
