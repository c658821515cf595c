/* test_run_csv.c: a run on weather.csv set up as the window sets one up
 * (a project on the CSV, a preset applied, ur_project_new_run) against
 * the command line's setup of the same preset (ur_book_setup): one
 * execution path, so the same validation MSE and baselines in the series'
 * units, bit for bit; the run's history recorded in the same units; and
 * the model beats the naive forecast on the validation span.
 * usage: test_run_csv WEATHER_CSV */
#include <math.h>
#include <string.h>
#include "book.h"
#include "check.h"
#include "project.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_run_csv WEATHER_CSV\n");
    return 2;
  }
  ur_csv csv;
  char err[512];
  if (ur_csv_read(argv[1], NULL, &csv, err, sizeof err) != 0) {
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
  ur_csv_source src;
  ur_csv_source_set(&src, argv[1], &csv, &cfg);

  /* the command line's setup */
  ur_run cli;
  ur_book_figures fig;
  CHECK(ur_book_setup(p, &src, &cli, err, sizeof err) == 0, "book setup: %s", err);
  CHECK(ur_book_run(p, &cli, NULL, NULL, &fig, err, sizeof err) == 0, "book run: %s", err);

  /* the window's */
  ur_project pr;
  ur_project_init(&pr);
  CHECK(ur_project_set_csv(&pr, &src) == 0, "a project on the CSV");
  CHECK(ur_project_apply_preset(&pr, p) == 0, "the preset on the CSV");
  ur_run run;
  ur_project_new_run(&pr, &run);
  CHECK(ur_run_execute(&run, NULL, NULL, NULL, err, sizeof err) == 0, "run: %s", err);
  printf("window: val MSE %.4f (command line %.4f), naive %.4f (%.4f), linear %.4f (%.4f)\n", run.val_mse,
         cli.val_mse, run.naive_mse, cli.naive_mse, run.linear_mse, cli.linear_mse);
  CHECK(run.val_mse == cli.val_mse && run.naive_mse == cli.naive_mse && run.linear_mse == cli.linear_mse &&
            fig.reported == cli.val_mse,
        "the window's run and the command line's differ");
  CHECK(run.val_mse < run.naive_mse, "the model (%.4f) does not beat the naive forecast (%.4f)", run.val_mse,
        run.naive_mse);
  CHECK(run.n_epochs == 20 && run.n_batches == 20 * run.batches_per_epoch && run.batches_per_epoch == 65,
        "history: %d epochs, %d batches of %d", run.n_epochs, run.n_batches, run.batches_per_epoch);
  /* the last epoch's validation, recorded while training, is the final figure, in units² */
  CHECK(run.naive_mse > 1 && fabs(run.epochs[19].val_mse - run.val_mse) < 1e-12 * run.val_mse,
        "the history is not in the series' units (%.6f vs %.6f)", run.epochs[19].val_mse, run.val_mse);
  CHECK(run.batch_loss[0] > 1, "first batch loss %.3f is not in units²", run.batch_loss[0]);
  CHECK(!strcmp(run.stop, "completed") && run.model_len > 0, "stop %s, %zu model bytes", run.stop, run.model_len);

  /* a stack that does not read the CSV's windows is refused with a reason */
  run.input.features = 1;
  CHECK(ur_run_execute(&run, NULL, NULL, NULL, err, sizeof err) != 0 && strstr(err, "50 rows of 2"),
        "a one-feature stack: %s", err);
  ur_run_clear(&run);
  ur_run_clear(&cli);
  ur_project_clear(&pr);
  ur_csv_free(&csv);
  return check_summary();
}
