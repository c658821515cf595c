/* spec.c: the layer vocabulary, looked up in each kind's own definition
 * (ur_kind_def, in layer_<kind>.c), and what holds for a whole stack:
 * checks, receptive field, target alignment, shapes in words. */
#include "spec.h"
#include "layer.h"
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const ur_kind_def *const kinds[UR_LAYER_KIND_COUNT] = {
    [UR_DENSE] = &ur_dense_kind, [UR_TIME_DISTRIBUTED] = &ur_time_distributed_kind,
    [UR_FLATTEN] = &ur_flatten_kind, [UR_SIMPLE_RNN] = &ur_simple_rnn_kind, [UR_LSTM] = &ur_lstm_kind,
    [UR_GRU] = &ur_gru_kind, [UR_LN_SIMPLE_RNN] = &ur_ln_simple_rnn_kind, [UR_LAYER_NORM] = &ur_layer_norm_kind,
    [UR_BATCH_NORM] = &ur_batch_norm_kind, [UR_DROPOUT] = &ur_dropout_kind, [UR_CONV1D] = &ur_conv1d_kind,
    [UR_WAVENET] = &ur_wavenet_kind,
};
static const char *act_names[UR_ACT_COUNT] = {"linear", "tanh", "sigmoid", "relu"};
static const char *pad_names[UR_PAD_COUNT] = {"valid", "same", "causal"};

const ur_kind_def *ur_kind_def_of(ur_layer_kind k) { return (unsigned)k < UR_LAYER_KIND_COUNT ? kinds[k] : NULL; }

const char *ur_kind_name(ur_layer_kind k) { return (unsigned)k < UR_LAYER_KIND_COUNT ? kinds[k]->name : "?"; }
const char *ur_kind_id(ur_layer_kind k) { return (unsigned)k < UR_LAYER_KIND_COUNT ? kinds[k]->id : "?"; }
const char *ur_kind_summary(ur_layer_kind k) { return (unsigned)k < UR_LAYER_KIND_COUNT ? kinds[k]->summary : ""; }
const char *ur_activation_name(ur_activation a) { return (unsigned)a < UR_ACT_COUNT ? act_names[a] : "?"; }
const char *ur_padding_name(ur_padding p) { return (unsigned)p < UR_PAD_COUNT ? pad_names[p] : "?"; }

static int lookup(const char *const *names, int n, const char *s) {
  for (int i = 0; s && i < n; i++)
    if (strcmp(names[i], s) == 0) return i;
  return -1;
}
int ur_activation_from_name(const char *s) { return lookup(act_names, UR_ACT_COUNT, s); }
int ur_padding_from_name(const char *s) { return lookup(pad_names, UR_PAD_COUNT, s); }
int ur_kind_from_id(const char *s) {
  for (int i = 0; s && i < UR_LAYER_KIND_COUNT; i++)
    if (strcmp(kinds[i]->id, s) == 0) return i;
  return -1;
}

int ur_kind_is_recurrent(ur_layer_kind k) { return (unsigned)k < UR_LAYER_KIND_COUNT && kinds[k]->recurrent; }

ur_layer_spec ur_spec_default(ur_layer_kind kind) {
  ur_layer_spec s;
  memset(&s, 0, sizeof s);
  s.kind = kind;
  s.units = 20;
  s.activation = ur_kind_is_recurrent(kind) ? UR_ACT_TANH : UR_ACT_LINEAR;
  s.kernel_size = 2;
  s.strides = 1;
  s.dilation_rate = 1;
  s.padding = UR_PAD_VALID;
  const ur_kind_def *d = ur_kind_def_of(kind);
  if (d && d->defaults) d->defaults(&s);
  return s;
}

int ur_shape_error(char *why, size_t len, const char *fmt, ...) {
  if (why && len) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
  }
  return -1;
}

int ur_check_units(const ur_layer_spec *s, const char *unit, char *why, size_t len) {
  if (s->units > UR_MAX_UNITS)
    return ur_shape_error(why, len, "%s has %d %ss, more than the %d a layer may have", ur_kind_name(s->kind), s->units,
                          unit, UR_MAX_UNITS);
  if (s->units >= 1) return 0;
  return ur_shape_error(why, len, "%s needs at least 1 %s", ur_kind_name(s->kind), unit);
}

int ur_check_sequence(ur_shape in, const char *who, char *why, size_t len) {
  if (in.steps > 0) return 0;
  return ur_shape_error(why, len, "%s needs a sequence, but its input is a single vector", who);
}

int ur_shape_same(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len) {
  (void)s; (void)why; (void)len;
  *out = in;
  return 0;
}

/* What a layer may be given: a sequence of at most UR_MAX_STEPS steps of at
 * most UR_MAX_FEATURES features, or a vector (a Flatten's), each of at most
 * UR_MAX_SAMPLE_VALUES values.  Every kind's rule relies on it: no product
 * of an input's sizes and a spec's settings can then wrap. */
static int check_input(ur_shape in, char *why, size_t len) {
  if (in.features < 1) return ur_shape_error(why, len, "its input has no features");
  if (in.steps < 0 || in.steps > UR_MAX_STEPS)
    return ur_shape_error(why, len, "its input has %d time steps; a model takes from 1 to %d", in.steps, UR_MAX_STEPS);
  if (in.steps > 0 && in.features > UR_MAX_FEATURES)
    return ur_shape_error(why, len, "its input has %d features; a model takes at most %d", in.features,
                          UR_MAX_FEATURES);
  if (ur_shape_size(in) > UR_MAX_SAMPLE_VALUES)
    return ur_shape_error(why, len, "its input holds %zu values a sample (%d steps × %d features), more than the %d a "
                          "model takes", ur_shape_size(in), in.steps, in.features, UR_MAX_SAMPLE_VALUES);
  return 0;
}

int ur_spec_output_shape(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len) {
  const ur_kind_def *d = ur_kind_def_of(s->kind);
  if (!d) return ur_shape_error(why, len, "unknown layer kind");
  if (check_input(in, why, len) != 0 || d->output_shape(s, in, out, why, len) != 0) return -1;
  if (ur_shape_size(*out) > UR_MAX_SAMPLE_VALUES)
    return ur_shape_error(why, len, "its output would hold %zu values a sample (%d steps × %d features), more than "
                          "the %d a layer may give", ur_shape_size(*out), out->steps, out->features,
                          UR_MAX_SAMPLE_VALUES);
  return 0;
}

/* The sum of the kind's tensors: the parameters are described once, there. */
size_t ur_spec_param_count(const ur_layer_spec *s, ur_shape in) {
  ur_layer l;
  memset(&l, 0, sizeof l);
  if (ur_spec_output_shape(s, in, &l.out, NULL, 0) != 0) return 0;
  l.spec = *s;
  l.in = in;
  ur_tensor_info t[UR_MAX_TENSORS];
  size_t n = 0;
  for (int i = 0, k = ur_kind_def_of(s->kind)->ops->tensors(&l, t); i < k; i++) n += t[i].size;
  return n;
}

/* In long long, saturated at INT_MAX: the stack may be one no check has passed yet. */
int ur_stack_receptive_field(const ur_layer_spec *layers, int n) {
  long long rf = 1, jump = 1;
  int any = 0;
  for (int i = 0; i < n; i++) {
    const ur_kind_def *d = ur_kind_def_of(layers[i].kind);
    if (d && d->window) {
      ur_time_window w = d->window(&layers[i], 0);
      rf += (long long)(w.span > 1 ? w.span - 1 : 0) * jump;
      jump *= w.stride > 1 ? w.stride : 1;
      if (rf > INT_MAX) rf = INT_MAX;
      if (jump > INT_MAX) jump = INT_MAX;
      any = 1;
    } else if (!d || !d->per_step) {
      break; /* a recurrent layer or Flatten sees the whole sequence */
    } /* per step: the field is unchanged */
  }
  return any ? (int)rf : 0;
}

void ur_spec_describe(const ur_layer_spec *s, char *buf, size_t len) {
  const ur_kind_def *d = ur_kind_def_of(s->kind);
  if (d && d->describe) d->describe(s, buf, len);
  else snprintf(buf, len, "%s", "");
}

void ur_shape_format(ur_shape s, char *buf, size_t len) {
  if (s.steps > 0) snprintf(buf, len, "batch × %d × %d", s.steps, s.features);
  else snprintf(buf, len, "batch × %d", s.features);
}

/* A layer's parameters added to a stack's: 0, or -1 past UR_MAX_PARAMS. */
static int add_params(size_t *total, size_t layer, char *why, size_t len) {
  if (layer > UR_MAX_PARAMS - *total)
    return ur_shape_error(why, len, "its %zu parameters would give the model %zu, more than the %d a model may have",
                          layer, *total + layer, UR_MAX_PARAMS);
  *total += layer;
  return 0;
}

/* Layer i's failure in words, -1.  A shape that fails on a vector after a
 * recurrent layer without return_sequences names that layer, with the fix. */
static int layer_error(const ur_layer_spec *layers, int i, ur_shape in, int shape_failed, const char *reason,
                       int *bad_layer, char *why, size_t len) {
  const char *kind = ur_kind_name(layers[i].kind);
  if (shape_failed && in.steps == 0 && i > 0 && ur_kind_is_recurrent(layers[i - 1].kind) &&
      !layers[i - 1].return_sequences)
    snprintf(why, len, "layer %d (%s): %s needs a sequence, but the %s above returns only its last output: "
             "turn on return_sequences", i + 1, kind, kind, ur_kind_name(layers[i - 1].kind));
  else
    snprintf(why, len, "layer %d (%s): %s", i + 1, kind, reason);
  if (bad_layer) *bad_layer = i;
  return -1;
}

int ur_stack_check(ur_shape input, const ur_layer_spec *layers, int n, ur_shape *shapes, int *bad_layer,
                   char *why, size_t len) {
  char reason[256];
  ur_shape cur = input;
  size_t params = 0;
  if (bad_layer) *bad_layer = -1;
  if (n < 1) return ur_shape_error(why, len, "the model has no layers");
  if (n > UR_MAX_LAYERS) return ur_shape_error(why, len, "the model has more than %d layers", UR_MAX_LAYERS);
  for (int i = 0; i < n; i++) {
    ur_shape out;
    if (ur_spec_output_shape(&layers[i], cur, &out, reason, sizeof reason) != 0)
      return layer_error(layers, i, cur, 1, reason, bad_layer, why, len);
    if (add_params(&params, ur_spec_param_count(&layers[i], cur), reason, sizeof reason) != 0)
      return layer_error(layers, i, cur, 0, reason, bad_layer, why, len);
    if (shapes) shapes[i] = out;
    cur = out;
  }
  return 0;
}

int ur_stack_alignment(ur_shape input, const ur_layer_spec *layers, int n, int *align, int max) {
  ur_shape shapes[UR_MAX_LAYERS];
  if (input.steps < 1 || ur_stack_check(input, layers, n, shapes, NULL, NULL, 0) != 0) return 0;
  if (shapes[n - 1].steps < 1 || shapes[n - 1].steps > max) return 0;
  int *cur = malloc(sizeof(int) * (size_t)input.steps), *next = malloc(sizeof(int) * (size_t)input.steps);
  if (!cur || !next) {
    free(cur); free(next);
    return 0;
  }
  int T = input.steps;
  for (int t = 0; t < T; t++) cur[t] = t;
  ur_shape in = input;
  for (int i = 0; i < n; i++) {
    const ur_kind_def *d = ur_kind_def_of(layers[i].kind);
    if (d->window) { /* output step o's last input step: o·stride + span - 1 - pad_left */
      ur_time_window w = d->window(&layers[i], in.steps);
      for (int o = 0; o < shapes[i].steps; o++) {
        int src = o * w.stride + w.span - 1 - w.pad_left;
        next[o] = cur[src < 0 ? 0 : src >= in.steps ? in.steps - 1 : src];
      }
      int *t = cur; cur = next; next = t;
    }
    in = shapes[i];
  }
  T = shapes[n - 1].steps;
  for (int o = 0; o < T; o++) align[o] = cur[o];
  free(cur); free(next);
  return T;
}
