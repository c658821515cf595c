/* test_convergence.c: short training runs must learn: a linear model and a
 * small RNN fall below fixed validation MSE thresholds within a few epochs
 * on the chapter's data (the naive forecast scores 0.0202). */
#include <stdio.h>
#include "experiment.h"

static int run(const char *name, const ur_layer_spec *layers, int n, int epochs, float lr, int series, double threshold) {
  ur_preset p = *ur_preset_find("deep-rnn-dense"); /* one step ahead, Adam 0.001 */
  p.name = name;
  p.n_layers = n;
  for (int i = 0; i < n; i++) p.layers[i] = layers[i];
  ur_experiment_config c;
  ur_experiment_config_default(&c, &p);
  c.train.epochs = epochs;
  c.train.optim.lr = lr;
  c.n_series = series;
  ur_experiment e;
  char err[256];
  if (ur_experiment_run(&p, &c, NULL, NULL, &e, err, sizeof err) != 0) {
    printf("FAIL %s: %s\n", name, err);
    return 0;
  }
  int ok = e.val_mse < threshold && e.val_mse < e.naive_mse;
  printf("%s %s: validation MSE %.5f after %d epochs (threshold %.4f, naive %.4f)\n", ok ? "ok" : "FAIL", name,
         e.val_mse, epochs, threshold, e.naive_mse);
  ur_experiment_free(&e);
  return ok;
}

int main(void) {
  int passed = 0, total = 0;
  ur_layer_spec lin[2] = {ur_spec_default(UR_FLATTEN), ur_spec_default(UR_DENSE)};
  passed += run("linear, 5 epochs", lin, 2, 5, 0.01f, 10000, 0.006);
  total++;
  ur_layer_spec rnn[3] = {ur_spec_default(UR_SIMPLE_RNN), ur_spec_default(UR_SIMPLE_RNN), ur_spec_default(UR_DENSE)};
  rnn[0].units = rnn[1].units = 10;
  rnn[0].return_sequences = 1;
  passed += run("small RNN, 4 epochs", rnn, 3, 4, 0.005f, 4000, 0.006);
  total++;
  ur_layer_spec gru[2] = {ur_spec_default(UR_GRU), ur_spec_default(UR_DENSE)};
  gru[0].units = 8;
  passed += run("small GRU, 4 epochs", gru, 2, 4, 0.01f, 4000, 0.006);
  total++;
  printf("%d passed, %d failed\n", passed, total - passed);
  return passed == total ? 0 : 1;
}
