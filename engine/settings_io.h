/* settings_io.h: the `data` and `train` lines a project file (project.h)
 * and a run block (run_io.h) share: the words after the section name, in
 * both directions.  One implementation, so both formats stay alike.
 *
 * Pure C, no GLib.
 */
#ifndef UR_SETTINGS_IO_H
#define UR_SETTINGS_IO_H

#include <stddef.h>
#include "run.h"
#include "text_io.h"
#include "train.h"

/* "optimizer=adam lr=0.001 ..." into buf, fractional numbers in the given
 * style (a project's shortest, a run's nine digits): 0, or -1 if buf is too small. */
int ur_train_settings_format(const ur_train_config *t, ur_num_style style, char *buf, size_t len);
/* Parses words (after the section name) into *t, which holds the defaults
 * to refine; the optimizer first, wherever it is.  0, or -1 with the
 * reason (no line number: the caller adds it).  The words are not changed. */
int ur_train_settings_parse(char **words, int n, ur_train_config *t, char *err, size_t errlen);
/* The most values the synthetic data of a data line may hold: series ×
 * (steps + horizon + the targets of a series), 256 MiB of floats.  The
 * book's 10000 series of 50 steps hold 520000 (one step ahead) to 5.6
 * million (sequence to sequence, 10 ahead). */
#define UR_SYNTHETIC_MAX_VALUES ((size_t)1 << 26)
/* The values d's synthetic data holds (0 for a CSV's: the reader bounds those). */
size_t ur_run_data_values(const ur_run_data *d);
/* 0, or -1 with the reason when d's synthetic data is over UR_SYNTHETIC_MAX_VALUES. */
int ur_run_data_check(const ur_run_data *d, char *err, size_t errlen);

/* "seed=42 series=10000 steps=50 horizon=1 task=one_step" and back, as above. */
int ur_run_data_format(const ur_run_data *d, char *buf, size_t len);
int ur_run_data_parse(char **words, int n, ur_run_data *d, char *err, size_t errlen);

#endif
