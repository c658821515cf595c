/* presets.c: the chapter's models (../shared/reference/book-results.md). */
#include "presets.h"
#include <string.h>
#include <threads.h>

static ur_layer_spec rnn(ur_layer_kind k, int units, int rs) {
  ur_layer_spec s = ur_spec_default(k);
  s.units = units;
  s.return_sequences = rs;
  return s;
}
static ur_layer_spec dense(ur_layer_kind k, int units) {
  ur_layer_spec s = ur_spec_default(k);
  s.units = units;
  return s;
}
static ur_layer_spec conv(int filters, int kernel, int strides, int dilation, ur_padding pad, ur_activation act) {
  ur_layer_spec s = ur_spec_default(UR_CONV1D);
  s.units = filters; s.kernel_size = kernel; s.strides = strides; s.dilation_rate = dilation;
  s.padding = pad; s.activation = act;
  return s;
}

static ur_preset table[32];
static int count;

static ur_preset *add(const char *name, const char *desc, ur_preset_kind kind, ur_task task, int horizon,
                      const char *row, const char *runs, double worst) {
  ur_preset *p = &table[count++];
  memset(p, 0, sizeof *p);
  p->name = name; p->description = desc; p->kind = kind; p->task = task; p->horizon = horizon;
  p->lr = 0.001f; p->epochs = 20; p->book_row = row; p->book_runs = runs; p->book_worst = worst;
  p->last_step = task == UR_TASK_SEQ2SEQ || task == UR_TASK_SEQ2SEQ_CONV;
  return p;
}
#define LAYERS(p, ...) do { ur_layer_spec ls_[] = {__VA_ARGS__}; (p)->n_layers = (int)(sizeof ls_ / sizeof ls_[0]); \
    memcpy((p)->layers, ls_, sizeof ls_); } while (0)

static void build_once(void) {
  ur_preset *p;
  add("naive", "Naive forecast: the last value", UR_PRESET_NAIVE, UR_TASK_ONE_STEP, 1, "1", "0.0202", 0.0202);
  add("linear-exact", "Least-squares linear baseline, solved exactly (LAPACKE)", UR_PRESET_LINEAR_EXACT,
      UR_TASK_ONE_STEP, 1, NULL, NULL, 0);
  p = add("linear", "Flatten, Dense(1): a linear model trained with Adam", UR_PRESET_TRAINED, UR_TASK_ONE_STEP, 1,
          "2", "0.00417 / 0.00415 / 0.00417", 0.00417);
  LAYERS(p, ur_spec_default(UR_FLATTEN), dense(UR_DENSE, 1));
  p = add("simple-rnn", "SimpleRNN(1): one recurrent neuron (Adam lr 0.005)", UR_PRESET_TRAINED, UR_TASK_ONE_STEP, 1,
          "3", "0.01085 / 0.01089 / 0.01088", 0.01089);
  LAYERS(p, rnn(UR_SIMPLE_RNN, 1, 0));
  p->lr = 0.005f;
  p = add("deep-rnn", "SimpleRNN(20, rs), SimpleRNN(20, rs), SimpleRNN(1)", UR_PRESET_TRAINED, UR_TASK_ONE_STEP, 1,
          "4", "0.00289 / 0.00293 / 0.00291", 0.00293);
  LAYERS(p, rnn(UR_SIMPLE_RNN, 20, 1), rnn(UR_SIMPLE_RNN, 20, 1), rnn(UR_SIMPLE_RNN, 1, 0));
  p = add("deep-rnn-dense", "SimpleRNN(20, rs), SimpleRNN(20), Dense(1)", UR_PRESET_TRAINED, UR_TASK_ONE_STEP, 1,
          "5", "0.00268 / 0.00258 / 0.00262", 0.00268);
  LAYERS(p, rnn(UR_SIMPLE_RNN, 20, 1), rnn(UR_SIMPLE_RNN, 20, 0), dense(UR_DENSE, 1));
  p = add("iterative-10", "deep-rnn-dense applied 10 times, feeding each prediction back", UR_PRESET_ITERATIVE,
          UR_TASK_VECTOR, 10, "6", "0.0285 / 0.0273 / 0.0275", 0.0285);
  LAYERS(p, rnn(UR_SIMPLE_RNN, 20, 1), rnn(UR_SIMPLE_RNN, 20, 0), dense(UR_DENSE, 1));
  add("naive-10", "Naive forecast 10 steps ahead: the last value repeated", UR_PRESET_NAIVE, UR_TASK_VECTOR, 10, "7",
      "0.2570", 0.2570);
  add("linear-exact-10", "Least-squares linear baseline for 10 steps, solved exactly", UR_PRESET_LINEAR_EXACT,
      UR_TASK_VECTOR, 10, NULL, NULL, 0);
  p = add("linear-10", "Flatten, Dense(10): ten steps at once, linear", UR_PRESET_TRAINED, UR_TASK_VECTOR, 10, "8",
          "0.0188 / 0.0188 / 0.0187", 0.0188);
  LAYERS(p, ur_spec_default(UR_FLATTEN), dense(UR_DENSE, 10));
  p = add("rnn-vector-10", "SimpleRNN(20, rs), SimpleRNN(20), Dense(10): ten steps as a vector", UR_PRESET_TRAINED,
          UR_TASK_VECTOR, 10, "9", "0.0082 / 0.0081 / 0.0085", 0.0085);
  LAYERS(p, rnn(UR_SIMPLE_RNN, 20, 1), rnn(UR_SIMPLE_RNN, 20, 0), dense(UR_DENSE, 10));
  p = add("rnn-seq2seq", "SimpleRNN(20, rs) ×2, TimeDistributed(Dense(10)): sequence to sequence (Adam lr 0.01)",
          UR_PRESET_TRAINED, UR_TASK_SEQ2SEQ, 10, "10", "0.0095 / 0.0078 / 0.0096", 0.0096);
  LAYERS(p, rnn(UR_SIMPLE_RNN, 20, 1), rnn(UR_SIMPLE_RNN, 20, 1), dense(UR_TIME_DISTRIBUTED, 10));
  p->lr = 0.01f;
  p = add("bn-rnn", "rnn-seq2seq with BatchNormalization after each RNN", UR_PRESET_TRAINED, UR_TASK_SEQ2SEQ, 10,
          "11", "0.0171 / 0.0214 / 0.0164", 0.0214);
  LAYERS(p, rnn(UR_SIMPLE_RNN, 20, 1), ur_spec_default(UR_BATCH_NORM), rnn(UR_SIMPLE_RNN, 20, 1),
         ur_spec_default(UR_BATCH_NORM), dense(UR_TIME_DISTRIBUTED, 10));
  p = add("ln-rnn", "RNN(LNSimpleRNNCell(20), rs) ×2, TimeDistributed(Dense(10)): layer-normalized cells",
          UR_PRESET_TRAINED, UR_TASK_SEQ2SEQ, 10, "12", "0.0149 / 0.0132 / 0.0121", 0.0149);
  LAYERS(p, rnn(UR_LN_SIMPLE_RNN, 20, 1), rnn(UR_LN_SIMPLE_RNN, 20, 1), dense(UR_TIME_DISTRIBUTED, 10));
  p = add("lstm", "LSTM(20, rs) ×2, TimeDistributed(Dense(10))", UR_PRESET_TRAINED, UR_TASK_SEQ2SEQ, 10, "14",
          "0.0085 / 0.0086 / 0.0086", 0.0086);
  LAYERS(p, rnn(UR_LSTM, 20, 1), rnn(UR_LSTM, 20, 1), dense(UR_TIME_DISTRIBUTED, 10));
  p = add("gru", "GRU(20, rs) ×2, TimeDistributed(Dense(10))", UR_PRESET_TRAINED, UR_TASK_SEQ2SEQ, 10, "15",
          "0.0111 / 0.0103 / 0.0103", 0.0111);
  LAYERS(p, rnn(UR_GRU, 20, 1), rnn(UR_GRU, 20, 1), dense(UR_TIME_DISTRIBUTED, 10));
  p = add("conv-gru", "Conv1D(20, 4, strides 2, valid), GRU(20, rs) ×2, TimeDistributed(Dense(10))",
          UR_PRESET_TRAINED, UR_TASK_SEQ2SEQ_CONV, 10, "16", "0.0081 / 0.0067 / 0.0080", 0.0081);
  LAYERS(p, conv(20, 4, 2, 1, UR_PAD_VALID, UR_ACT_LINEAR), rnn(UR_GRU, 20, 1), rnn(UR_GRU, 20, 1),
         dense(UR_TIME_DISTRIBUTED, 10));
  p = add("wavenet", "Simple WaveNet: Conv1D(20, 2, causal, relu) with dilations 1, 2, 4, 8 twice, Conv1D(10, 1)",
          UR_PRESET_TRAINED, UR_TASK_SEQ2SEQ, 10, "17", "0.0095 / 0.0083 / 0.0072", 0.0095);
  {
    int d[8] = {1, 2, 4, 8, 1, 2, 4, 8};
    for (int i = 0; i < 8; i++) p->layers[i] = conv(20, 2, 1, d[i], UR_PAD_CAUSAL, UR_ACT_RELU);
    p->layers[8] = conv(10, 1, 1, 1, UR_PAD_VALID, UR_ACT_LINEAR);
    p->n_layers = 9;
  }
  p = add("wavenet-full",
          "Full WaveNet: gated block (32 filters, dilations 1, 2, 4) with residual and skip paths, 2 epochs",
          UR_PRESET_TRAINED, UR_TASK_SEQ2SEQ, 10, "18", "0.119", 0.119);
  LAYERS(p, ur_spec_default(UR_WAVENET), conv(32, 1, 1, 1, UR_PAD_VALID, UR_ACT_RELU),
         conv(10, 1, 1, 1, UR_PAD_VALID, UR_ACT_LINEAR));
  p->epochs = 2;
}

static once_flag built = ONCE_FLAG_INIT;
static void build(void) { call_once(&built, build_once); }

int ur_preset_count(void) { build(); return count; }
const ur_preset *ur_preset_at(int i) { build(); return i >= 0 && i < count ? &table[i] : NULL; }
const ur_preset *ur_preset_find(const char *name) {
  build();
  for (int i = 0; name && i < count; i++)
    if (strcmp(table[i].name, name) == 0) return &table[i];
  return NULL;
}
ur_task ur_preset_train_task(const ur_preset *p) {
  return p->kind == UR_PRESET_ITERATIVE ? UR_TASK_ONE_STEP : p->task;
}

void ur_preset_train_config(const ur_preset *p, ur_train_config *t) {
  ur_train_config_default(t);
  t->epochs = p->epochs;
  t->optim.lr = p->lr;
}
