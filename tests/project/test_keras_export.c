/* test_keras_export.c: the Keras script of every trained preset, and of a
 * few stacks that exercise every layer option, is valid Python.
 *
 * usage: test_keras_export [PYTHON3]
 * With PYTHON3 (meson passes /usr/bin/python3 when it exists) each script is
 * parsed with ast.parse; without it only the C-side checks run.  TensorFlow
 * is not needed: the test checks syntax and the text, not Keras itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "keras_export.h"

static const char *python;
static char dir[] = "/tmp/unroll-keras-XXXXXX";
static int n_files;

static void parse_with_python(const char *path) {
  if (!python) return;
  pid_t pid = fork();
  if (pid == 0) {
    execl(python, python, "-c", "import ast,sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])", path, (char *)NULL);
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "python could not parse %s (kept for a look)", path);
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0) unlink(path);
}

static char *export(const ur_project *p, const char *name) {
  char path[600], err[512];
  snprintf(path, sizeof path, "%s/%s.py", dir, name);
  int rc = ur_keras_export(p, path, err, sizeof err);
  CHECK(rc == 0, "%s: %s", name, err);
  if (rc) return NULL;
  n_files++;
  char *text = ur_keras_script(p, err, sizeof err);
  parse_with_python(path);
  return text;
}

static void has(const char *text, const char *what, const char *name) {
  CHECK(text && strstr(text, what), "%s: the script lacks \"%s\"", name, what);
}

int main(int argc, char **argv) {
  if (argc > 1 && access(argv[1], X_OK) == 0) python = argv[1];
  if (!mkdtemp(dir)) return 1;

  for (int i = 0; i < ur_preset_count(); i++) {
    const ur_preset *pr = ur_preset_at(i);
    ur_project p;
    ur_project_init(&p);
    if (ur_project_apply_preset(&p, pr)) continue;
    char *t = export(&p, pr->name);
    has(t, strstr(pr->name, "wavenet-full") ? "keras.layers.Input(shape=[N_STEPS, N_FEATURES])"
                                            : "keras.layers.InputLayer(input_shape=[N_STEPS, N_FEATURES])", pr->name);
    has(t, "N_STEPS = 50\n", pr->name);
    has(t, "model.compile(loss=\"mse\"", pr->name);
    if (!strcmp(pr->name, "ln-rnn")) {
      has(t, "class LNSimpleRNNCell(keras.layers.Layer)", pr->name);
      has(t, "keras.layers.RNN(LNSimpleRNNCell(20), return_sequences=True)", pr->name);
    }
    if (!strcmp(pr->name, "wavenet-full")) {
      has(t, "def wavenet_block(inputs, n_filters, dilation_rates)", pr->name);
      has(t, "z = wavenet_block(z, n_filters=32, dilation_rates=[1, 2, 4])", pr->name);
      has(t, "keras.Model(inputs=[inputs], outputs=[z])", pr->name);
    }
    if (!strcmp(pr->name, "wavenet"))
      has(t, "keras.layers.Conv1D(filters=20, kernel_size=2, padding=\"causal\", dilation_rate=8, activation=\"relu\")", pr->name);
    if (!strcmp(pr->name, "conv-gru")) {
      has(t, "keras.layers.Conv1D(filters=20, kernel_size=4, strides=2)", pr->name);
      has(t, "Y = Y[:, 3::2]", pr->name);
      has(t, "metrics=[last_time_step_mse]", pr->name);
    }
    if (!strcmp(pr->name, "simple-rnn")) has(t, "keras.optimizers.Adam(learning_rate=0.005)", pr->name);
    if (!strcmp(pr->name, "gru"))
      has(t, "keras.layers.TimeDistributed(keras.layers.Dense(10))", pr->name);
    free(t);
  }

  /* Every option at once. */
  ur_project p;
  ur_project_init(&p);
  ur_layer_spec s;
  s = ur_spec_default(UR_CONV1D);
  s.units = 8; s.kernel_size = 3; s.padding = UR_PAD_SAME; s.activation = UR_ACT_SIGMOID;
  p.layers[p.n_layers++] = s;
  p.layers[p.n_layers++] = ur_spec_default(UR_LAYER_NORM);
  s = ur_spec_default(UR_LSTM);
  s.return_sequences = 1; s.dropout = 0.25f; s.recurrent_dropout = 0.1f; s.activation = UR_ACT_RELU;
  p.layers[p.n_layers++] = s;
  p.layers[p.n_layers++] = ur_spec_default(UR_BATCH_NORM);
  s = ur_spec_default(UR_LN_SIMPLE_RNN);
  s.return_sequences = 1; s.activation = UR_ACT_SIGMOID;
  p.layers[p.n_layers++] = s;
  s = ur_spec_default(UR_WAVENET);
  s.units = 16; s.n_dilations = 1; s.dilations[0] = 2;
  p.layers[p.n_layers++] = s;
  p.layers[p.n_layers++] = ur_spec_default(UR_DROPOUT);
  s = ur_spec_default(UR_SIMPLE_RNN);
  p.layers[p.n_layers++] = s;
  s = ur_spec_default(UR_DENSE);
  s.units = 1; s.activation = UR_ACT_TANH;
  p.layers[p.n_layers++] = s;
  p.train.optim = ur_optim_default(UR_OPT_SGD);
  p.train.optim.momentum = 0.9f; p.train.optim.nesterov = 1; p.train.optim.clipnorm = 1;
  p.train.loss = UR_LOSS_HUBER;
  p.train.early_stopping = 10; p.train.restore_best = 1; p.train.reduce_lr_patience = 3;
  snprintf(p.preset, sizeof p.preset, "quote\" and \\ back\nslash");
  char *t = export(&p, "everything");
  has(t, "keras.layers.Conv1D(filters=8, kernel_size=3, padding=\"same\", activation=\"sigmoid\")", "everything");
  has(t, "keras.layers.LSTM(20, activation=\"relu\", return_sequences=True, dropout=0.25, recurrent_dropout=0.1)", "everything");
  has(t, "keras.layers.RNN(LNSimpleRNNCell(20, activation=\"sigmoid\"), return_sequences=True)", "everything");
  has(t, "z = wavenet_block(z, n_filters=16, dilation_rates=[2])", "everything");
  has(t, "keras.layers.Dropout(0.2)", "everything");
  has(t, "keras.layers.Dense(1, activation=\"tanh\")(z)", "everything");
  has(t, "keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True, clipnorm=1)", "everything");
  has(t, "loss=keras.losses.Huber()", "everything");
  has(t, "EarlyStopping(patience=10, restore_best_weights=True)", "everything");
  has(t, "ReduceLROnPlateau(factor=0.1, patience=3", "everything");
  has(t, "\"\"\"quote_ and _ back_slash: a sequence model", "everything");
  free(t);

  /* A broken stack is refused with the engine's reason. */
  ur_project_init(&p);
  p.layers[p.n_layers++] = ur_spec_default(UR_LSTM);
  p.layers[p.n_layers++] = ur_spec_default(UR_GRU);
  char err[512];
  char *bad = ur_keras_script(&p, err, sizeof err);
  CHECK(bad == NULL && strstr(err, "layer 2 (GRU)"), "broken stack: %s", err);
  free(bad);
  ur_project_init(&p);
  bad = ur_keras_script(&p, err, sizeof err);
  CHECK(bad == NULL && strstr(err, "no layers"), "empty stack: %s", err);
  free(bad);

  rmdir(dir); /* fails, and keeps the scripts, when one did not parse */
  printf("keras export: %d scripts%s\n", n_files, python ? ", each parsed by Python's ast" : " (no python3: not parsed)");
  return check_summary();
}
