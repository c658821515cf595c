/* test_run_csv.c: a run on weather.csv (engine/run_csv.h) against the
 * command line's own path (ur_experiment_run_series) with the same preset,
 * settings and seed: the same validation MSE and baselines, in the series'
 * units, bit for bit; the run's history recorded in the same units; and
 * the model beats the naive forecast on the validation span.
 * usage: test_run_csv WEATHER_CSV */
#include <math.h>
#include <string.h>
#include "check.h"
#include "experiment.h"
#include "run_csv.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_run_csv WEATHER_CSV\n");
    return 2;
  }
  ur_csv csv;
  char err[512];
  if (ur_csv_read(argv[1], &csv, err, sizeof err) != 0) {
    CHECK(0, "%s", err);
    return check_summary();
  }
  ur_series_config cfg;
  ur_series_config_default(&cfg);
  cfg.target = ur_csv_find(&csv, "temperature");
  cfg.inputs[0] = ur_csv_find(&csv, "humidity");
  cfg.n_inputs = 1;
  cfg.date = ur_csv_find(&csv, "date");
  const ur_preset *p = ur_preset_find("deep-rnn-dense");
  CHECK(p != NULL, "no deep-rnn-dense preset");
  if (!p) return 1;
  ur_experiment_config ec;
  ur_experiment_config_default(&ec, p);
  ec.train.epochs = 20;
  ur_experiment e;
  ur_series s;
  CHECK(ur_experiment_run_series(p, &csv, &cfg, &ec, NULL, NULL, &e, &s, err, sizeof err) == 0, "experiment: %s", err);

  ur_csv_source src;
  ur_csv_source_set(&src, argv[1], &csv, &cfg);
  ur_run run;
  ur_run_init(&run);
  run.input = (ur_shape){cfg.lookback, 2};
  run.train = ec.train;
  run.n_layers = p->n_layers;
  memcpy(run.layers, p->layers, sizeof p->layers[0] * (size_t)p->n_layers);
  CHECK(ur_run_execute_csv(&run, &src, NULL, NULL, NULL, err, sizeof err) == 0, "run: %s", err);
  printf("run: val MSE %.4f (experiment %.4f), naive %.4f (%.4f), linear %.4f (%.4f)\n", run.val_mse, e.val_mse,
         run.naive_mse, e.naive_mse, run.linear_mse, e.linear_mse);
  CHECK(run.val_mse == e.val_mse && run.naive_mse == e.naive_mse && run.linear_mse == e.linear_mse,
        "the run and the experiment differ");
  CHECK(run.val_mse < run.naive_mse, "the model (%.4f) does not beat the naive forecast (%.4f)", run.val_mse,
        run.naive_mse);
  CHECK(run.n_epochs == 20 && run.n_batches == 20 * run.batches_per_epoch && run.batches_per_epoch == 65,
        "history: %d epochs, %d batches of %d", run.n_epochs, run.n_batches, run.batches_per_epoch);
  double units = ur_series_mse_units(&s, 1.0);
  CHECK(units > 10 && fabs(run.epochs[19].val_mse - e.train.val_mse[19] * units) < 1e-9 * units,
        "the history is not in the series' units (%.4f vs %.4f × %.2f)", run.epochs[19].val_mse,
        e.train.val_mse[19], units);
  CHECK(fabs(run.batch_loss[0] / units - 1.0) < 1.5, "first batch loss %.3f in units² (scale² %.2f)",
        run.batch_loss[0], units);
  CHECK(!strcmp(run.stop, "completed") && run.model_len > 0, "stop %s, %zu model bytes", run.stop, run.model_len);

  /* a stack that does not read the CSV's windows is refused with a reason */
  run.input.features = 1;
  CHECK(ur_run_execute_csv(&run, &src, NULL, NULL, NULL, err, sizeof err) != 0 && strstr(err, "50 rows of 2"),
        "a one-feature stack: %s", err);
  ur_run_clear(&run);
  ur_series_free(&s);
  ur_experiment_free(&e);
  ur_csv_free(&csv);
  return check_summary();
}
