/* run_io.h: a training run (run.h) as text, and its history as CSV.
 *
 * The text block (lines end in '\n', a '\r' before it is ignored; names are
 * percent-escaped so they hold no space, '=', '%' or control byte):
 *
 *   run name=deep-rnn%201 preset=deep-rnn stop=completed epochs=2 seconds=9.5 colour=0 [group=3 member=0] [why=...]
 *   data seed=42 series=10000 steps=50 horizon=1 task=one_step
 *   csv path=/home/me/weather.csv target=temperature ...   only for a CSV's run (csv_source.h)
 *   input 50 1
 *   train optimizer=adam lr=0.001 ...                 ur_train_settings_format (settings_io.h)
 *   layer simple_rnn units=20 ...                      0..64 lines, ur_spec_format
 *   metrics val_mse=0.0029 val_last_mse=0.0029 naive_mse=0.0202 linear_mse=0.0042
 *   step_mse count=10                                  then `count` MSEs k steps ahead,
 *   0.0031 0.0047 ...                                  at most 8 a line
 *   history epoch=1 loss=... val_loss=... val_mse=... val_last_mse=... lr=... seconds=... train_seconds=...
 *   batches per_epoch=219 count=438                    then `count` batch losses,
 *   0.0512 0.0498 ...                                  at most 16 a line
 *   model <bytes> <fnv1a-32, 8 hex digits>             ur_model_serialize's bytes,
 *   <base64, at most 76 characters a line>             base64 encoded
 *   end
 *
 * Every section but `run` and `end` is optional; `model` comes last when
 * present (the older project files' runs, with only `run`, `history`,
 * `model` and `end`, parse too).  The reader checks every number's range,
 * never reads outside its buffer and reports the first problem as
 * "line N: ...".
 */
#ifndef UR_RUN_IO_H
#define UR_RUN_IO_H

#include <stddef.h>
#include "run.h"

/* The text block: a malloc'd NUL-terminated buffer, *len without the NUL; NULL if out of memory. */
char *ur_run_serialize(const ur_run *r, size_t *len);
/* Parses one block that starts at buf (its "run" line) through its "end"
 * line.  first_line numbers buf's first line in messages; *consumed (may be
 * NULL) receives the bytes read and *lines the lines read.  0 and a filled
 * *r, or -1 with "line N: reason" in err and *r cleared. */
int ur_run_parse(const char *buf, size_t len, int first_line, ur_run *r, size_t *consumed, int *lines, char *err,
                 size_t errlen);

/* The history as CSV, one row per batch:
 *   epoch,batch,step,batch_loss,loss,val_loss,val_mse,val_last_mse,lr,seconds
 * step is the position in epochs (epoch - 1 + batch / batches); the epoch
 * columns are filled on each epoch's last batch and empty elsewhere.  A run
 * with no batch history has one row per epoch.  malloc'd, NULL if out of memory. */
char *ur_run_history_csv(const ur_run *r, size_t *len);

#endif
