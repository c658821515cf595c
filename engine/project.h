/* project.h: a workbench project on disk: the layer stack, the data and
 * training settings, and (from the training issue on) the runs with weights.
 *
 * Pure C, no GLib: the command line reads the same files as the window.
 *
 * The file format, version 1.  Text, lines end in '\n' (a '\r' before it is
 * ignored), blank lines and lines starting with '#' are skipped.  Values are
 * `key=value` words; text values (names) are percent-escaped, so they hold
 * no space, '=', '%' or control byte.
 *
 *   unroll-project 1                            always the first line
 *   preset name=wavenet                         optional: where the stack came from
 *   data seed=42 series=10000 steps=50 horizon=10 task=seq2seq
 *   csv path=/home/me/weather.csv target=temperature input=humidity ...
 *                                               optional: the data is a user's
 *                                               CSV file (csv_source.h); the
 *                                               data line then mirrors its
 *                                               lookback, horizon and kind,
 *                                               and input has 1 + inputs features
 *   input 50 1                                  model input: steps features
 *                                               (steps equals the data's steps)
 *   train optimizer=adam lr=0.001 loss=mse epochs=20 batch=32 seed=42 ...
 *   layer gru units=20 activation=tanh ...      0..64 lines, ur_spec_format,
 *                                               top of the stack first
 *   run name=deep-rnn%201 ...                   0..1024 runs, each a block of
 *   ...                                         run.h's text form, from its
 *   end                                         "run" line through its "end"
 *
 * `data`, `input` and `train` must appear once each (`csv` at most once), before any `run`; every
 * key of a section is optional and falls back to its default.  Unknown
 * sections or keys are errors (a newer file is refused rather than
 * half-read).  A reader checks every number's range and reports the first
 * problem as "line N: ...".  Saving goes through ur_write_file_atomic, so a
 * failed save leaves the old file as it was.
 */
#ifndef UR_PROJECT_H
#define UR_PROJECT_H

#include <stddef.h>
#include <stdint.h>
#include "data.h"
#include "presets.h"
#include "run.h"
#include "spec.h"
#include "train.h"

#define UR_PROJECT_MAX_RUNS 1024
#define UR_PROJECT_MAX_HISTORY 100000
#define UR_PROJECT_MAX_BYTES ((size_t)1 << 30)

/* The synthetic series: the chapter's defaults are seed 42, 10000 series,
 * 50 steps; horizon 1 for the next value, 10 for the multi-step tasks; or a
 * user's CSV (csv set).  The same struct as a run's (run.h), so a run
 * records the project's. */
typedef ur_run_data ur_data_settings;

typedef struct {
  char preset[64];       /* the preset the stack came from, "" if none */
  ur_data_settings data;
  ur_shape input;        /* steps == data.n_steps */
  ur_train_config train;
  int n_layers;
  ur_layer_spec layers[UR_MAX_LAYERS];
  int n_runs;
  ur_run *runs;          /* n_runs, malloc'd: training runs (run.h) */
} ur_project;

/* An empty stack over the book's data (seed 42, 10000 × 50, next value)
 * and Keras's training defaults (Adam 0.001, MSE, batch 32, 20 epochs). */
void ur_project_init(ur_project *p);
/* Frees the runs; the project is then as after ur_project_init. */
void ur_project_clear(ur_project *p);
/* Deep copy into an uninitialised dst; 0 or -1 (out of memory). */
int ur_project_copy(ur_project *dst, const ur_project *src);
/* Replaces the stack and the data and training settings with a trained
 * preset's (runs are kept); -1 if the preset has no layers.  A project on
 * a CSV keeps its series: the preset's stack is adapted to it (its input,
 * its last layer's units, its kind of target). */
int ur_project_apply_preset(ur_project *p, const ur_preset *preset);
/* A new run (run.h) set up from the project: its preset's name, data and
 * training settings and stack; no name, colour or results yet. */
void ur_project_new_run(const ur_project *p, ur_run *run);
/* Trains on a user's CSV from now on: the data settings mirror its windows,
 * the input reads lookback × (1 + inputs), and a last Dense, TimeDistributed
 * or Conv1D layer, or a last recurrent layer, forecasts its horizon.  src NULL: the synthetic series
 * again (one feature).  0, or -1 if src is incomplete. */
int ur_project_set_csv(ur_project *p, const ur_csv_source *src);

/* To text: a malloc'd, NUL-terminated buffer (caller frees), *len without
 * the NUL; NULL when out of memory. */
char *ur_project_serialize(const ur_project *p, size_t *len);
/* From text: 0 and a filled *p (ur_project_clear it later), or -1 with
 * "line N: reason" in err and *p cleared.  Never reads outside buf. */
int ur_project_parse(const char *buf, size_t len, ur_project *p, char *err, size_t errlen);

int ur_project_save(const ur_project *p, const char *path, char *err, size_t errlen);
int ur_project_load(const char *path, ur_project *p, char *err, size_t errlen);

#endif
