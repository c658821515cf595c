/* csv_source.h: a user's CSV series as a project and its runs remember it:
 * the file, its columns by name (a file whose columns moved still opens)
 * and the windowing and split settings of series.h.
 *
 * Its text form, the words after a section name (a project's or a run's
 * `csv` line); names and the path are percent-escaped, one word each:
 *
 *   path=/home/me/weather.csv target=temperature input=humidity date=date
 *   [date_format=%25d.%25m.%25Y] [id=symbol [id_value=AAPL]] [series=price2 ...]
 *   missing=interpolate lookback=50 horizon=1 stride=1 kind=one_step
 *   transform=window season=0 train=0.7 valid=0.2 [valid_from=2021-01-01T00:00:00Z test_from=...]
 *
 * `input` and `series` (a wide file's further target columns) repeat, once
 * per column; `date` is absent for row order.  A source written before
 * transforms existed (no `transform`) reads as transform=none, as it was
 * trained.
 * Pure C, no GLib.
 */
#ifndef UR_CSV_SOURCE_H
#define UR_CSV_SOURCE_H

#include <stddef.h>
#include "series.h"
#include "spec.h"

typedef struct {
  char path[1024];                                /* "" : no CSV (the synthetic series) */
  char target[128], date[128];                    /* date "" : row order */
  char inputs[UR_SERIES_MAX_FEATURES - 1][128];
  int n_inputs;
  char more_targets[UR_SERIES_MAX_TARGETS - 1][128]; /* wide format: further series, one column each */
  int n_more_targets;
  char id[128];                                   /* long format: the column naming series ("" none) */
  char date_format[UR_DATE_FORMAT_MAX];           /* the user's format for the date column ("" told from the cells) */
  ur_series_config cfg; /* the settings; its column indices hold for the file as last read */
} ur_csv_source;

/* Reads the source's file as its settings say (its date format). */
int ur_csv_source_read(const ur_csv_source *s, ur_csv *csv, char *err, size_t errlen);

/* No file, the engine's default settings. */
void ur_csv_source_init(ur_csv_source *s);
/* From a configuration on a table read from path (columns named from it). 0, or -1 if a column is out of range. */
int ur_csv_source_set(ur_csv_source *s, const char *path, const ur_csv *csv, const ur_series_config *cfg);
/* cfg with the columns found by name in csv: 0, or -1 with "column \"x\" is not in the file (its columns: ...)". */
int ur_csv_source_resolve(const ur_csv_source *s, const ur_csv *csv, ur_series_config *cfg, char *err, size_t errlen);

/* The same file, columns and windows, the kind of target and horizon aside. */
int ur_csv_source_same(const ur_csv_source *a, const ur_csv_source *b);

/* Features the model reads (the target and the extra inputs) and its task
 * as the workbench's analysis knows it (one step, vector, seq2seq). */
int ur_csv_source_features(const ur_csv_source *s);
ur_task ur_csv_source_task(const ur_csv_source *s);

/* The kind of target a stack trained for a task reads from a CSV at a
 * horizon: a sequence-to-sequence task's, else a vector when the horizon
 * is above 1, else the next value. */
ur_target_kind ur_target_kind_for_task(ur_task task, int horizon);

/* "one_step", "vector", "seq2seq" and back (-1 if unknown). */
const char *ur_target_kind_id(ur_target_kind k);
int ur_target_kind_from_id(const char *id);

/* The words of the text form; -1 if buf is too small. */
int ur_csv_source_format(const ur_csv_source *s, char *buf, size_t len);
/* Parses words into *s (which holds the defaults to refine): 0, or -1 with the reason. */
int ur_csv_source_parse(char **words, int n, ur_csv_source *s, char *err, size_t errlen);

/* The series the stack trains on: columns resolved in csv; for sequence to
 * sequence, targets aligned to the stack's output steps (ur_stack_alignment)
 * as ur_experiment_run_series does.  0, or -1 with the reason. */
int ur_csv_source_make(const ur_csv_source *s, const ur_csv *csv, const ur_layer_spec *layers, int n_layers,
                       ur_series *out, char *err, size_t errlen);

#endif
