/* keras_export.c: writes the Python of keras_export.h.
 *
 * Settings are written only where they differ from Keras's defaults, so the
 * script reads like the chapter's code.  A stack with a WaveNet block is
 * written with the functional API (the block is a graph, not a layer);
 * every other stack as a Sequential model, as in the book.
 */
#include "keras_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "file_io.h"
#include "text_io.h" /* ur_sbuf, ur_text_num */

/* Numbers as the shortest decimal that reads back the same ("0.001") */
static const char *fnum(float v) { return ur_text_num(v, UR_NUM_SHORTEST); }

/* Keeps text safe inside a Python string or comment: printable ASCII only. */
static void py_text(const char *in, char *out, size_t len) {
  size_t k = 0;
  for (; in && *in && k + 1 < len; in++)
    out[k++] = (*in >= 32 && *in < 127 && *in != '"' && *in != '\\') ? *in : '_';
  out[k] = 0;
}

static const char *py_activation(ur_activation a) {
  return a == UR_ACT_LINEAR ? "None" : a == UR_ACT_TANH ? "\"tanh\"" : a == UR_ACT_SIGMOID ? "\"sigmoid\"" : "\"relu\"";
}

/* Each kind's constructor as a Python expression, its settings written only
 * where they differ from Keras's defaults. */
static void dense_expr(ur_sbuf *o, const ur_layer_spec *s) {
  int td = s->kind == UR_TIME_DISTRIBUTED;
  ur_sb_add(o, td ? "keras.layers.TimeDistributed(keras.layers.Dense(%d" : "keras.layers.Dense(%d", s->units);
  if (s->activation != UR_ACT_LINEAR) ur_sb_add(o, ", activation=%s", py_activation(s->activation));
  ur_sb_add(o, td ? "))" : ")");
}
static void flatten_expr(ur_sbuf *o, const ur_layer_spec *s) { (void)s; ur_sb_add(o, "keras.layers.Flatten()"); }
static void dropout_expr(ur_sbuf *o, const ur_layer_spec *s) { ur_sb_add(o, "keras.layers.Dropout(%s)", fnum(s->dropout)); }
static void layer_norm_expr(ur_sbuf *o, const ur_layer_spec *s) {
  (void)s;
  ur_sb_add(o, "keras.layers.LayerNormalization()");
}
static void batch_norm_expr(ur_sbuf *o, const ur_layer_spec *s) {
  (void)s;
  ur_sb_add(o, "keras.layers.BatchNormalization()");
}
static void rnn_expr(ur_sbuf *o, const ur_layer_spec *s) {
  ur_sb_add(o, "keras.layers.%s(%d", s->kind == UR_SIMPLE_RNN ? "SimpleRNN" : s->kind == UR_LSTM ? "LSTM" : "GRU", s->units);
  if (s->activation != UR_ACT_TANH) ur_sb_add(o, ", activation=%s", py_activation(s->activation));
  if (s->return_sequences) ur_sb_add(o, ", return_sequences=True");
  if (s->dropout > 0) ur_sb_add(o, ", dropout=%s", fnum(s->dropout));
  if (s->recurrent_dropout > 0) ur_sb_add(o, ", recurrent_dropout=%s", fnum(s->recurrent_dropout));
  ur_sb_add(o, ")");
}
static void ln_rnn_expr(ur_sbuf *o, const ur_layer_spec *s) {
  ur_sb_add(o, "keras.layers.RNN(LNSimpleRNNCell(%d", s->units);
  /* The chapter's cell takes no dropout rates; the docstring lists them. */
  if (s->activation != UR_ACT_TANH) ur_sb_add(o, ", activation=%s", py_activation(s->activation));
  ur_sb_add(o, ")%s)", s->return_sequences ? ", return_sequences=True" : "");
}
static void conv1d_expr(ur_sbuf *o, const ur_layer_spec *s) {
  ur_sb_add(o, "keras.layers.Conv1D(filters=%d, kernel_size=%d", s->units, s->kernel_size);
  if (s->strides != 1) ur_sb_add(o, ", strides=%d", s->strides);
  if (s->padding != UR_PAD_VALID) ur_sb_add(o, ", padding=\"%s\"", ur_padding_name(s->padding));
  if (s->dilation_rate != 1) ur_sb_add(o, ", dilation_rate=%d", s->dilation_rate);
  if (s->activation != UR_ACT_LINEAR) ur_sb_add(o, ", activation=%s", py_activation(s->activation));
  ur_sb_add(o, ")");
}
/* The WaveNet block is a graph, not a layer: a call in the functional API. */
static void wavenet_call(ur_sbuf *o, const ur_layer_spec *s) {
  ur_sb_add(o, "    z = wavenet_block(z, n_filters=%d, dilation_rates=[", s->units);
  for (int d = 0; d < s->n_dilations; d++) ur_sb_add(o, "%s%d", d ? ", " : "", s->dilations[d]);
  ur_sb_add(o, "])\n");
}

static const char header[] =
    "import sys\n"
    "\n"
    "import numpy as np\n"
    "import tensorflow as tf\n"
    "from tensorflow import keras\n"
    "\n";

static const char series_code[] =
    "def generate_time_series(batch_size, n_steps):\n"
    "    \"\"\"The chapter's synthetic series: two sines with random phases and\n"
    "    frequencies, plus noise.\"\"\"\n"
    "    freq1, freq2, offsets1, offsets2 = np.random.rand(4, batch_size, 1)\n"
    "    time = np.linspace(0, 1, n_steps)\n"
    "    series = 0.5 * np.sin((time - offsets1) * (freq1 * 10 + 10))\n"
    "    series += 0.2 * np.sin((time - offsets2) * (freq2 * 20 + 20))\n"
    "    series += 0.1 * (np.random.rand(batch_size, n_steps) - 0.5)\n"
    "    return series[..., np.newaxis].astype(np.float32)\n"
    "\n\n";

static const char ln_cell_code[] =
    "class LNSimpleRNNCell(keras.layers.Layer):\n"
    "    \"\"\"The chapter's SimpleRNN cell with layer normalization before the\n"
    "    activation.\"\"\"\n"
    "\n"
    "    def __init__(self, units, activation=\"tanh\", **kwargs):\n"
    "        super().__init__(**kwargs)\n"
    "        self.state_size = units\n"
    "        self.output_size = units\n"
    "        self.simple_rnn_cell = keras.layers.SimpleRNNCell(units, activation=None)\n"
    "        self.layer_norm = keras.layers.LayerNormalization()\n"
    "        self.activation = keras.activations.get(activation)\n"
    "\n"
    "    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):\n"
    "        if inputs is not None:\n"
    "            batch_size = tf.shape(inputs)[0]\n"
    "            dtype = inputs.dtype\n"
    "        return [tf.zeros([batch_size, self.state_size], dtype=dtype)]\n"
    "\n"
    "    def call(self, inputs, states):\n"
    "        outputs, new_states = self.simple_rnn_cell(inputs, states)\n"
    "        norm_outputs = self.activation(self.layer_norm(outputs))\n"
    "        return norm_outputs, [norm_outputs]\n"
    "\n\n";

/* As the chapter, with one difference the engine makes too: the book's
 * GatedActivationUnit applies tanh twice (tanh(tanh(a)) * sigmoid(b));
 * WaveNet and the engine apply it once. */
static const char wavenet_code[] =
    "class GatedActivationUnit(keras.layers.Layer):\n"
    "    \"\"\"tanh(first half of the channels) * sigmoid(second half).\"\"\"\n"
    "\n"
    "    def __init__(self, activation=\"tanh\", **kwargs):\n"
    "        super().__init__(**kwargs)\n"
    "        self.activation = keras.activations.get(activation)\n"
    "\n"
    "    def call(self, inputs):\n"
    "        n_filters = inputs.shape[-1] // 2\n"
    "        linear_output = self.activation(inputs[..., :n_filters])\n"
    "        gate = keras.activations.sigmoid(inputs[..., n_filters:])\n"
    "        return linear_output * gate\n"
    "\n\n"
    "def wavenet_residual_block(inputs, n_filters, dilation_rate):\n"
    "    z = keras.layers.Conv1D(2 * n_filters, kernel_size=2, padding=\"causal\",\n"
    "                            dilation_rate=dilation_rate)(inputs)\n"
    "    z = GatedActivationUnit()(z)\n"
    "    z = keras.layers.Conv1D(n_filters, kernel_size=1)(z)\n"
    "    return keras.layers.Add()([z, inputs]), z\n"
    "\n\n"
    "def wavenet_block(inputs, n_filters, dilation_rates):\n"
    "    \"\"\"The chapter's full WaveNet: a causal convolution, then gated residual\n"
    "    blocks whose skip outputs are summed and passed through ReLU.\"\"\"\n"
    "    z = keras.layers.Conv1D(n_filters, kernel_size=2, padding=\"causal\")(inputs)\n"
    "    skip_to_last = []\n"
    "    for dilation_rate in dilation_rates:\n"
    "        z, skip = wavenet_residual_block(z, n_filters, dilation_rate)\n"
    "        skip_to_last.append(skip)\n"
    "    if len(skip_to_last) == 1:\n"
    "        return keras.activations.relu(skip_to_last[0])\n"
    "    return keras.activations.relu(keras.layers.Add()(skip_to_last))\n"
    "\n\n";

/* What the script writes for each kind: a layer's constructor, or a
 * graph's call (then the model is written with the functional API), and
 * the Python the kind needs defined first (NULL: none). */
static const struct {
  void (*layer)(ur_sbuf *o, const ur_layer_spec *s);
  void (*graph)(ur_sbuf *o, const ur_layer_spec *s);
  const char *code;
} keras_kinds[UR_LAYER_KIND_COUNT] = {
    [UR_DENSE] = {dense_expr, NULL, NULL}, [UR_TIME_DISTRIBUTED] = {dense_expr, NULL, NULL},
    [UR_FLATTEN] = {flatten_expr, NULL, NULL}, [UR_SIMPLE_RNN] = {rnn_expr, NULL, NULL},
    [UR_LSTM] = {rnn_expr, NULL, NULL}, [UR_GRU] = {rnn_expr, NULL, NULL},
    [UR_LN_SIMPLE_RNN] = {ln_rnn_expr, NULL, ln_cell_code}, [UR_LAYER_NORM] = {layer_norm_expr, NULL, NULL},
    [UR_BATCH_NORM] = {batch_norm_expr, NULL, NULL}, [UR_DROPOUT] = {dropout_expr, NULL, NULL},
    [UR_CONV1D] = {conv1d_expr, NULL, NULL}, [UR_WAVENET] = {NULL, wavenet_call, wavenet_code},
};

static const char last_step_code[] =
    "def last_time_step_mse(Y_true, Y_pred):\n"
    "    return keras.metrics.mean_squared_error(Y_true[:, -1], Y_pred[:, -1])\n"
    "\n\n";

static void optimizer_expr(ur_sbuf *o, const ur_optim_config *c) {
  ur_optim_config d = ur_optim_default(c->kind);
  switch (c->kind) {
  case UR_OPT_SGD:
    ur_sb_add(o, "keras.optimizers.SGD(learning_rate=%s", fnum(c->lr));
    if (c->momentum != 0) ur_sb_add(o, ", momentum=%s", fnum(c->momentum));
    if (c->nesterov) ur_sb_add(o, ", nesterov=True");
    break;
  case UR_OPT_RMSPROP:
    ur_sb_add(o, "keras.optimizers.RMSprop(learning_rate=%s", fnum(c->lr));
    if (c->rho != d.rho) ur_sb_add(o, ", rho=%s", fnum(c->rho));
    if (c->epsilon != d.epsilon) ur_sb_add(o, ", epsilon=%s", fnum(c->epsilon));
    break;
  default:
    ur_sb_add(o, "keras.optimizers.%s(learning_rate=%s", c->kind == UR_OPT_NADAM ? "Nadam" : "Adam", fnum(c->lr));
    if (c->beta1 != d.beta1) ur_sb_add(o, ", beta_1=%s", fnum(c->beta1));
    if (c->beta2 != d.beta2) ur_sb_add(o, ", beta_2=%s", fnum(c->beta2));
    if (c->epsilon != d.epsilon) ur_sb_add(o, ", epsilon=%s", fnum(c->epsilon));
    break;
  }
  if (c->clipnorm > 0) ur_sb_add(o, ", clipnorm=%s", fnum(c->clipnorm));
  if (c->clipvalue > 0) ur_sb_add(o, ", clipvalue=%s", fnum(c->clipvalue));
  ur_sb_add(o, ")");
}

static void data_code(ur_sbuf *o, const ur_project *p) {
  const ur_data_settings *d = &p->data;
  int horizon = d->task == UR_TASK_ONE_STEP ? 1 : d->horizon;
  ur_sb_add(o,
      "def make_data(seed=%u, n_series=%d, n_steps=%d, horizon=%d):\n"
      "    \"\"\"The chapter's protocol: %d / %d / %d series for training, validation\n"
      "    and test; the target is %s.\"\"\"\n"
      "    np.random.seed(seed)\n"
      "    series = generate_time_series(n_series, n_steps + horizon)\n"
      "    X = series[:, :n_steps]\n",
      (unsigned)d->seed, d->n_series, d->n_steps, horizon, d->n_series * 7 / 10, d->n_series * 2 / 10,
      d->n_series - d->n_series * 7 / 10 - d->n_series * 2 / 10, ur_task_describe(d->task));
  switch (d->task) {
  case UR_TASK_ONE_STEP: ur_sb_add(o, "    Y = series[:, -1]\n"); break;
  case UR_TASK_VECTOR: ur_sb_add(o, "    Y = series[:, -horizon:, 0]\n"); break;
  default:
    ur_sb_add(o,
        "    Y = np.empty((n_series, n_steps, horizon), dtype=np.float32)\n"
        "    for step_ahead in range(1, horizon + 1):\n"
        "        Y[..., step_ahead - 1] = series[..., step_ahead:step_ahead + n_steps, 0]\n");
    if (d->task == UR_TASK_SEQ2SEQ_CONV) ur_sb_add(o, "    Y = Y[:, 3::2]  # the Conv1D's output steps\n");
    break;
  }
  ur_sb_add(o,
      "    n_train, n_valid = n_series * 7 // 10, n_series * 2 // 10\n"
      "    train = (X[:n_train], Y[:n_train])\n"
      "    valid = (X[n_train:n_train + n_valid], Y[n_train:n_train + n_valid])\n"
      "    test = (X[n_train + n_valid:], Y[n_train + n_valid:])\n"
      "    return train, valid, test\n"
      "\n\n");
}

char *ur_keras_script(const ur_project *p, char *err, size_t errlen) {
  char why[512], name[80], line[600];
  int bad;
  if (ur_stack_check(p->input, p->layers, p->n_layers, NULL, &bad, why, sizeof why) != 0) {
    snprintf(err, errlen, "the model cannot be exported: %s", why);
    return NULL;
  }
  /* (the stack is valid: every kind is in the table) */
  int used[UR_LAYER_KIND_COUNT] = {0}, graph = 0;
  int seq = p->data.task == UR_TASK_SEQ2SEQ || p->data.task == UR_TASK_SEQ2SEQ_CONV;
  for (int i = 0; i < p->n_layers; i++) {
    used[p->layers[i].kind] = 1;
    graph |= keras_kinds[p->layers[i].kind].graph != NULL;
  }
  ur_sbuf o; /* out of memory anywhere shows at ur_sb_finish */
  ur_sb_init(&o);
  py_text(p->preset[0] ? p->preset : "model", name, sizeof name);
  ur_sb_add(&o, "#!/usr/bin/env python3\n");
  ur_sb_add(&o, "\"\"\"%s: a sequence model exported from Unroll (chapter 15 of Geron's\n", name);
  ur_sb_add(&o, "Hands-On Machine Learning).\n\n");
  ur_sb_add(&o, "The model, from input to output:\n");
  for (int i = 0; i < p->n_layers; i++) {
    ur_spec_describe(&p->layers[i], line, sizeof line);
    py_text(line, why, sizeof why);
    ur_sb_add(&o, "    %s: %s\n", ur_kind_name(p->layers[i].kind), why);
  }
  ur_sb_add(&o, "\nRun it with TensorFlow 2 (tf.keras 2) installed:\n");
  ur_sb_add(&o, "    python3 this_file.py            builds and compiles the model, prints its summary\n");
  ur_sb_add(&o, "    python3 this_file.py --train    also trains it on the chapter's synthetic series\n");
  ur_sb_add(&o, "\"\"\"\n");
  ur_sb_add(&o, "%s", header);
  ur_sb_add(&o, "N_STEPS = %d\nN_FEATURES = %d\n\n\n", p->input.steps, p->input.features);
  ur_sb_add(&o, "%s", series_code);
  for (int k = 0; k < UR_LAYER_KIND_COUNT; k++)
    if (used[k] && keras_kinds[k].code) ur_sb_add(&o, "%s", keras_kinds[k].code);
  if (seq) ur_sb_add(&o, "%s", last_step_code);
  data_code(&o, p);

  ur_sb_add(&o, "def build_model():\n");
  if (!graph) {
    ur_sb_add(&o, "    return keras.models.Sequential([\n");
    ur_sb_add(&o, "        keras.layers.InputLayer(input_shape=[N_STEPS, N_FEATURES]),\n");
    for (int i = 0; i < p->n_layers; i++) {
      ur_sb_add(&o, "        ");
      keras_kinds[p->layers[i].kind].layer(&o, &p->layers[i]);
      ur_sb_add(&o, ",\n");
    }
    ur_sb_add(&o, "    ])\n\n\n");
  } else {
    ur_sb_add(&o, "    inputs = keras.layers.Input(shape=[N_STEPS, N_FEATURES])\n");
    ur_sb_add(&o, "    z = inputs\n");
    for (int i = 0; i < p->n_layers; i++) {
      const ur_layer_spec *s = &p->layers[i];
      if (keras_kinds[s->kind].graph) {
        keras_kinds[s->kind].graph(&o, s);
      } else {
        ur_sb_add(&o, "    z = ");
        keras_kinds[s->kind].layer(&o, s);
        ur_sb_add(&o, "(z)\n");
      }
    }
    ur_sb_add(&o, "    return keras.Model(inputs=[inputs], outputs=[z])\n\n\n");
  }

  const ur_train_config *t = &p->train;
  ur_sb_add(&o, "def main():\n");
  ur_sb_add(&o, "    np.random.seed(%u)\n    tf.random.set_seed(%u)\n", (unsigned)t->seed, (unsigned)t->seed);
  ur_sb_add(&o, "    model = build_model()\n");
  ur_sb_add(&o, "    model.compile(loss=%s,\n                  optimizer=",
      t->loss == UR_LOSS_MAE ? "\"mae\"" : t->loss == UR_LOSS_HUBER ? "keras.losses.Huber()" : "\"mse\"");
  optimizer_expr(&o, &t->optim);
  ur_sb_add(&o, "%s)\n", seq ? ",\n                  metrics=[last_time_step_mse]" : "");
  ur_sb_add(&o, "    model.summary()\n");
  ur_sb_add(&o, "    if \"--train\" not in sys.argv:\n        return\n");
  ur_sb_add(&o, "    (X_train, Y_train), (X_valid, Y_valid), _ = make_data()\n");
  ur_sb_add(&o, "    callbacks = []\n");
  if (t->early_stopping > 0)
    ur_sb_add(&o, "    callbacks.append(keras.callbacks.EarlyStopping(patience=%d, restore_best_weights=%s))\n",
        t->early_stopping, t->restore_best ? "True" : "False");
  if (t->reduce_lr_patience > 0)
    ur_sb_add(&o, "    callbacks.append(keras.callbacks.ReduceLROnPlateau(factor=%s, patience=%d, min_lr=%s))\n",
        fnum(t->reduce_lr_factor), t->reduce_lr_patience, fnum(t->min_lr));
  ur_sb_add(&o, "    model.fit(X_train, Y_train, epochs=%d, batch_size=%d, shuffle=%s,\n", t->epochs, t->batch_size,
      t->shuffle ? "True" : "False");
  ur_sb_add(&o, "              validation_data=(X_valid, Y_valid), callbacks=callbacks)\n\n\n");
  ur_sb_add(&o, "if __name__ == \"__main__\":\n    main()\n");
  char *script = ur_sb_finish(&o, NULL);
  if (!script) snprintf(err, errlen, "out of memory");
  return script;
}

int ur_keras_export(const ur_project *p, const char *path, char *err, size_t errlen) {
  char *s = ur_keras_script(p, err, errlen);
  if (!s) return -1;
  int rc = ur_write_file_atomic(path, s, strlen(s), err, errlen);
  free(s);
  return rc;
}
