/* run_csv.c: see run_csv.h. */
#include "run_csv.h"
#include <string.h>
#include "settings_io.h" /* ur_text_err */

double ur_series_loss_units(const ur_series *s, ur_loss_kind loss) {
  return loss == UR_LOSS_MSE ? ur_series_mse_units(s, 1.0) : loss == UR_LOSS_MAE ? s->scale[0] : 1.0;
}

int ur_run_execute_csv(ur_run *run, const ur_csv_source *src, const ur_model *start, ur_progress_fn fn, void *user,
                       char *err, size_t errlen) {
  ur_csv csv;
  ur_series s;
  memset(&s, 0, sizeof s);
  if (ur_csv_read(src->path, &csv, err, errlen) != 0) return -1;
  int rc = -1;
  if (ur_csv_source_make(src, &csv, run->layers, run->n_layers, &s, err, errlen) != 0) goto done;
  if (run->input.steps != s.train.x_shape.steps || run->input.features != s.train.x_shape.features) {
    ur_text_err(err, errlen, "the stack reads %d steps of %d features; the CSV's windows are %d rows of %d columns",
                run->input.steps, run->input.features, s.train.x_shape.steps, s.train.x_shape.features);
    goto done;
  }
  /* the rest as every run: ur_run_train_windows, in the series' units */
  rc = ur_run_train_windows(run, start, &s.train, &s.valid, s.scale[0], ur_series_loss_units(&s, run->train.loss), fn,
                            user, err, errlen);
done:
  ur_series_free(&s);
  ur_csv_free(&csv);
  return rc;
}
