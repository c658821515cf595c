/* test_convergence.c: short training runs must learn: a linear model and
 * small recurrent ones fall below fixed validation MSE thresholds within a
 * few epochs on the chapter's data (the naive forecast scores 0.0202),
 * trained through the engine's one execution path (ur_run_execute). */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "run_exec.h"

static void converges(const char *name, const ur_layer_spec *layers, int n, int epochs, float lr, int series,
                      double threshold) {
  ur_run r;
  char err[256];
  ur_run_init(&r); /* the book's data, one step ahead; Adam */
  r.n_layers = n;
  memcpy(r.layers, layers, sizeof *layers * (size_t)n);
  r.train.epochs = epochs;
  r.train.optim.lr = lr;
  r.data.n_series = series;
  int rc = ur_run_execute(&r, NULL, NULL, NULL, err, sizeof err);
  CHECK(rc == 0, "%s: %s", name, err);
  if (rc == 0) {
    printf("%s: validation MSE %.5f after %d epochs (threshold %.4f, naive %.4f)\n", name, r.val_mse, epochs,
           threshold, r.naive_mse);
    CHECK(r.val_mse < threshold && r.val_mse < r.naive_mse, "%s did not learn", name);
  }
  ur_run_clear(&r);
}

int main(void) {
  ur_layer_spec lin[2] = {ur_spec_default(UR_FLATTEN), ur_spec_default(UR_DENSE)};
  converges("linear, 5 epochs", lin, 2, 5, 0.01f, 10000, 0.006);
  ur_layer_spec rnn[3] = {ur_spec_default(UR_SIMPLE_RNN), ur_spec_default(UR_SIMPLE_RNN), ur_spec_default(UR_DENSE)};
  rnn[0].units = rnn[1].units = 10;
  rnn[0].return_sequences = 1;
  converges("small RNN, 4 epochs", rnn, 3, 4, 0.005f, 4000, 0.006);
  ur_layer_spec gru[2] = {ur_spec_default(UR_GRU), ur_spec_default(UR_DENSE)};
  gru[0].units = 8;
  converges("small GRU, 4 epochs", gru, 2, 4, 0.01f, 4000, 0.006);
  return check_summary();
}
