/* spec.c: layer vocabulary, shape inference, parameter counts, stack checks. */
#include "spec.h"
#include "conv_ops.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const struct {
  const char *id, *name, *summary;
} kinds[UR_LAYER_KIND_COUNT] = {
    [UR_DENSE] = {"dense", "Dense", "Fully connected on the last axis (every time step of a sequence)"},
    [UR_TIME_DISTRIBUTED] = {"time_distributed", "TimeDistributed(Dense)", "The same Dense applied at every time step"},
    [UR_FLATTEN] = {"flatten", "Flatten", "Time steps × features into one vector"},
    [UR_SIMPLE_RNN] = {"simple_rnn", "SimpleRNN", "h_t = tanh(x_t W + h_{t-1} U + b)"},
    [UR_LSTM] = {"lstm", "LSTM", "Long short-term memory: input, forget and output gates"},
    [UR_GRU] = {"gru", "GRU", "Gated recurrent unit (reset_after, as Keras 2)"},
    [UR_LN_SIMPLE_RNN] = {"ln_simple_rnn", "LN-SimpleRNN", "SimpleRNN cell with layer normalization before tanh"},
    [UR_LAYER_NORM] = {"layer_norm", "LayerNormalization", "Normalizes each step over its features"},
    [UR_BATCH_NORM] = {"batch_norm", "BatchNormalization", "Normalizes each feature over the batch"},
    [UR_DROPOUT] = {"dropout", "Dropout", "Zeroes a random fraction of inputs while training"},
    [UR_CONV1D] = {"conv1d", "Conv1D", "1-D convolution over time: kernel, stride, dilation, padding"},
    [UR_WAVENET] = {"wavenet", "WaveNet block", "Gated dilated causal convolutions with residual and skip paths"},
};
static const char *act_names[UR_ACT_COUNT] = {"linear", "tanh", "sigmoid", "relu"};
static const char *pad_names[UR_PAD_COUNT] = {"valid", "same", "causal"};

const char *ur_kind_name(ur_layer_kind k) { return (unsigned)k < UR_LAYER_KIND_COUNT ? kinds[k].name : "?"; }
const char *ur_kind_id(ur_layer_kind k) { return (unsigned)k < UR_LAYER_KIND_COUNT ? kinds[k].id : "?"; }
const char *ur_kind_summary(ur_layer_kind k) { return (unsigned)k < UR_LAYER_KIND_COUNT ? kinds[k].summary : ""; }
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
    if (strcmp(kinds[i].id, s) == 0) return i;
  return -1;
}

int ur_kind_is_recurrent(ur_layer_kind k) {
  return k == UR_SIMPLE_RNN || k == UR_LSTM || k == UR_GRU || k == UR_LN_SIMPLE_RNN;
}

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
  if (kind == UR_DENSE || kind == UR_TIME_DISTRIBUTED) s.units = 1;
  if (kind == UR_DROPOUT) s.dropout = 0.2f;
  if (kind == UR_WAVENET) {
    s.units = 32;
    s.n_dilations = 3;
    s.dilations[0] = 1; s.dilations[1] = 2; s.dilations[2] = 4;
  }
  return s;
}

static int fail(char *why, size_t len, const char *msg) {
  if (why && len) snprintf(why, len, "%s", msg);
  return -1;
}

/* Output length of a 1-D convolution, Keras's rules. */
static int conv_steps(const ur_layer_spec *s, int T) {
  int span = s->dilation_rate * (s->kernel_size - 1) + 1;
  if (s->padding == UR_PAD_VALID) return T >= span ? (T - span) / s->strides + 1 : 0;
  return (T + s->strides - 1) / s->strides; /* same and causal */
}

int ur_spec_output_shape(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len) {
  char buf[256];
  const char *name = ur_kind_name(s->kind);
  int seq = in.steps > 0;
  if ((unsigned)s->kind >= UR_LAYER_KIND_COUNT) return fail(why, len, "unknown layer kind");
  if (in.features < 1) return fail(why, len, "its input has no features");
  switch (s->kind) {
  case UR_DENSE:
  case UR_TIME_DISTRIBUTED:
  case UR_SIMPLE_RNN: case UR_LSTM: case UR_GRU: case UR_LN_SIMPLE_RNN:
  case UR_CONV1D: case UR_WAVENET:
    if (s->units < 1) {
      snprintf(buf, sizeof buf, "%s needs at least 1 %s", name,
               s->kind == UR_CONV1D || s->kind == UR_WAVENET ? "filter" : "unit");
      return fail(why, len, buf);
    }
    break;
  default: break;
  }
  switch (s->kind) {
  case UR_DENSE:
    *out = (ur_shape){in.steps, s->units};
    return 0;
  case UR_TIME_DISTRIBUTED:
    if (!seq) return fail(why, len, "TimeDistributed(Dense) needs a sequence, but its input is a single vector");
    *out = (ur_shape){in.steps, s->units};
    return 0;
  case UR_FLATTEN:
    *out = (ur_shape){0, seq ? in.steps * in.features : in.features};
    return 0;
  case UR_SIMPLE_RNN: case UR_LSTM: case UR_GRU: case UR_LN_SIMPLE_RNN:
    if (!seq) {
      snprintf(buf, sizeof buf, "%s needs a sequence, but its input is a single vector", name);
      return fail(why, len, buf);
    }
    if (s->dropout < 0 || s->dropout >= 1 || s->recurrent_dropout < 0 || s->recurrent_dropout >= 1)
      return fail(why, len, "dropout rates must be in [0, 1)");
    *out = (ur_shape){s->return_sequences ? in.steps : 0, s->units};
    return 0;
  case UR_LAYER_NORM: case UR_BATCH_NORM:
    *out = in;
    return 0;
  case UR_DROPOUT:
    if (s->dropout < 0 || s->dropout >= 1) return fail(why, len, "Dropout's rate must be in [0, 1)");
    *out = in;
    return 0;
  case UR_CONV1D: {
    if (!seq) return fail(why, len, "Conv1D needs a sequence, but its input is a single vector");
    if (s->kernel_size < 1 || s->strides < 1 || s->dilation_rate < 1)
      return fail(why, len, "Conv1D's kernel size, strides and dilation must be at least 1");
    if (s->strides > 1 && s->dilation_rate > 1)
      return fail(why, len, "Conv1D cannot combine strides > 1 with dilation > 1 (Keras refuses it too)");
    int T = conv_steps(s, in.steps);
    if (T < 1) {
      snprintf(buf, sizeof buf,
               "Conv1D's kernel spans %d steps (kernel %d, dilation %d) but its input has only %d: use "
               "padding \"same\" or \"causal\", or a smaller kernel",
               s->dilation_rate * (s->kernel_size - 1) + 1, s->kernel_size, s->dilation_rate, in.steps);
      return fail(why, len, buf);
    }
    *out = (ur_shape){T, s->units};
    return 0;
  }
  case UR_WAVENET:
    if (!seq) return fail(why, len, "the WaveNet block needs a sequence, but its input is a single vector");
    if (s->n_dilations < 1 || s->n_dilations > UR_MAX_DILATIONS)
      return fail(why, len, "the WaveNet block needs between 1 and 16 dilation rates");
    for (int i = 0; i < s->n_dilations; i++)
      if (s->dilations[i] < 1) return fail(why, len, "WaveNet dilation rates must be at least 1");
    *out = (ur_shape){in.steps, s->units};
    return 0;
  default:
    return fail(why, len, "unknown layer kind");
  }
}

size_t ur_spec_param_count(const ur_layer_spec *s, ur_shape in) {
  ur_shape out;
  if (ur_spec_output_shape(s, in, &out, NULL, 0) != 0) return 0;
  size_t F = (size_t)in.features, H = (size_t)s->units;
  switch (s->kind) {
  case UR_DENSE: case UR_TIME_DISTRIBUTED: return F * H + H;
  case UR_SIMPLE_RNN: return F * H + H * H + H;
  case UR_LSTM: return 4 * (F * H + H * H + H);
  case UR_GRU: return 3 * (F * H + H * H) + 6 * H;
  case UR_LN_SIMPLE_RNN: return F * H + H * H + 3 * H;
  case UR_LAYER_NORM: case UR_BATCH_NORM: return 2 * F;
  case UR_CONV1D: return (size_t)s->kernel_size * F * H + H;
  case UR_WAVENET:
    return 2 * F * H + H + (size_t)s->n_dilations * (2 * H * 2 * H + 2 * H + H * H + H);
  default: return 0;
  }
}

int ur_stack_receptive_field(const ur_layer_spec *layers, int n) {
  int rf = 1, jump = 1, any = 0;
  for (int i = 0; i < n; i++) {
    const ur_layer_spec *s = &layers[i];
    if (s->kind == UR_CONV1D) {
      rf += s->dilation_rate * (s->kernel_size - 1) * jump;
      jump *= s->strides;
      any = 1;
    } else if (s->kind == UR_WAVENET) {
      rf += jump; /* the input convolution, kernel 2 */
      for (int d = 0; d < s->n_dilations && d < UR_MAX_DILATIONS; d++) rf += s->dilations[d] * jump;
      any = 1;
    } else if (s->kind == UR_DENSE || s->kind == UR_TIME_DISTRIBUTED || s->kind == UR_DROPOUT ||
               s->kind == UR_LAYER_NORM || s->kind == UR_BATCH_NORM) {
      continue; /* per step: the field is unchanged */
    } else {
      break; /* a recurrent layer or Flatten sees the whole sequence */
    }
  }
  return any ? rf : 0;
}

void ur_spec_describe(const ur_layer_spec *s, char *buf, size_t len) {
  switch (s->kind) {
  case UR_DENSE: case UR_TIME_DISTRIBUTED:
    snprintf(buf, len, "%d unit%s, %s", s->units, s->units == 1 ? "" : "s", ur_activation_name(s->activation));
    break;
  case UR_SIMPLE_RNN: case UR_LSTM: case UR_GRU: case UR_LN_SIMPLE_RNN: {
    int n = snprintf(buf, len, "%d unit%s, %s%s", s->units, s->units == 1 ? "" : "s",
                     ur_activation_name(s->activation), s->return_sequences ? ", return_sequences" : "");
    if (s->dropout > 0 && n > 0 && (size_t)n < len) n += snprintf(buf + n, len - n, ", dropout %.2g", s->dropout);
    if (s->recurrent_dropout > 0 && n > 0 && (size_t)n < len)
      snprintf(buf + n, len - n, ", recurrent dropout %.2g", s->recurrent_dropout);
    break;
  }
  case UR_DROPOUT: snprintf(buf, len, "rate %.2g", s->dropout); break;
  case UR_CONV1D:
    snprintf(buf, len, "%d filters, kernel %d, stride %d, dilation %d, %s, %s", s->units, s->kernel_size,
             s->strides, s->dilation_rate, ur_padding_name(s->padding), ur_activation_name(s->activation));
    break;
  case UR_WAVENET: {
    int n = snprintf(buf, len, "%d filters, dilations", s->units);
    for (int i = 0; i < s->n_dilations && n > 0 && (size_t)n < len; i++)
      n += snprintf(buf + n, len - n, "%s%d", i ? "," : " ", s->dilations[i]);
    break;
  }
  case UR_LAYER_NORM: snprintf(buf, len, "epsilon 0.001"); break;
  case UR_BATCH_NORM: snprintf(buf, len, "momentum 0.99, epsilon 0.001"); break;
  default: snprintf(buf, len, "%s", ""); break;
  }
}

void ur_shape_format(ur_shape s, char *buf, size_t len) {
  if (s.steps > 0) snprintf(buf, len, "batch × %d × %d", s.steps, s.features);
  else snprintf(buf, len, "batch × %d", s.features);
}

int ur_stack_check(ur_shape input, const ur_layer_spec *layers, int n, ur_shape *shapes, int *bad_layer,
                   char *why, size_t len) {
  char reason[256];
  ur_shape cur = input;
  if (bad_layer) *bad_layer = -1;
  if (n < 1) return fail(why, len, "the model has no layers");
  if (n > UR_MAX_LAYERS) return fail(why, len, "the model has more than 64 layers");
  for (int i = 0; i < n; i++) {
    ur_shape out;
    if (ur_spec_output_shape(&layers[i], cur, &out, reason, sizeof reason) != 0) {
      /* Name the layer above when it is why we have a vector, with the fix. */
      if (cur.steps == 0 && i > 0 && ur_kind_is_recurrent(layers[i - 1].kind) &&
          !layers[i - 1].return_sequences) {
        snprintf(why, len, "layer %d (%s): %s needs a sequence, but the %s above returns only its last output: "
                 "turn on return_sequences", i + 1, ur_kind_name(layers[i].kind), ur_kind_name(layers[i].kind),
                 ur_kind_name(layers[i - 1].kind));
      } else {
        snprintf(why, len, "layer %d (%s): %s", i + 1, ur_kind_name(layers[i].kind), reason);
      }
      if (bad_layer) *bad_layer = i;
      return -1;
    }
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
    const ur_layer_spec *s = &layers[i];
    if (s->kind == UR_CONV1D) {
      ur_conv_geom g = ur_conv_geom_make(in.steps, in.features, s->units, s->kernel_size, s->strides, s->dilation_rate,
                                         s->padding);
      for (int o = 0; o < g.T_out; o++) {
        int src = o * g.stride + (g.K - 1) * g.dilation - g.pad_left;
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
