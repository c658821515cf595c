/* settings_io.h: the text pieces a project file (project.h) and a run block
 * (run.h) share: their `data` and `train` lines' words, the percent
 * escaping of names (also csv_source.h's), range-checked numbers, the line
 * reader that numbers every problem "line N: ..." and the growing buffer
 * the writers print into.  One implementation, so both formats stay alike.
 *
 * Pure C, no GLib.
 */
#ifndef UR_SETTINGS_IO_H
#define UR_SETTINGS_IO_H

#include <stddef.h>
#include <stdint.h>
#include "run.h"
#include "train.h"

#define UR_TEXT_MAX_LINE 16384 /* a CSV source's line: a path and up to 16 column names, escaped */
#define UR_TEXT_MAX_WORDS 64

/* ---- the settings lines (the words after "data" and "train") ------------- */

/* How a `train` line writes its fractional numbers: a project's with the
 * shortest decimal that reads back as the same float ("0.001"), a run's
 * with nine significant digits ("0.00100000005"). */
typedef enum { UR_NUM_SHORTEST, UR_NUM_9G } ur_num_style;

/* "optimizer=adam lr=0.001 ..." into buf: 0, or -1 if buf is too small. */
int ur_train_settings_format(const ur_train_config *t, ur_num_style style, char *buf, size_t len);
/* Parses words (after the section name) into *t, which holds the defaults
 * to refine; the optimizer first, wherever it is.  0, or -1 with the
 * reason (no line number: the caller adds it).  The words are not changed. */
int ur_train_settings_parse(char **words, int n, ur_train_config *t, char *err, size_t errlen);
/* "seed=42 series=10000 steps=50 horizon=1 task=one_step" and back, as above. */
int ur_run_data_format(const ur_run_data *d, char *buf, size_t len);
int ur_run_data_parse(char **words, int n, ur_run_data *d, char *err, size_t errlen);

/* printf-style into err (when there is room); returns -1. */
int ur_text_err(char *err, size_t errlen, const char *fmt, ...);

/* ---- words ---------------------------------------------------------------- */

/* Percent-escapes a name into one word with no space, '=', '%' or control
 * byte; returns its length. */
size_t ur_text_escape(const char *in, char *out, size_t outlen);
/* Back: 0, or -1 on a bad escape, a NUL or no room. */
int ur_text_unescape(const char *in, char *out, size_t outlen);
/* Splits "key=value" in place; NULL when there is no '='. */
char *ur_text_kv(char *word);

/* A float as the style writes it (UR_NUM_SHORTEST: the shortest decimal that
 * reads back as the same float, "0.001" and not "0.00100000005"); a ring of
 * 24 buffers per thread lets one printf format several. */
const char *ur_text_num(float v, ur_num_style style);

/* Range-checked numbers: 0, or -1 unless all of v is one in range. */
int ur_text_int(const char *v, long lo, long hi, int *out);
int ur_text_u32(const char *v, uint32_t *out);
/* A finite number in [lo, hi] (lo_open: lo itself excluded). */
int ur_text_float(const char *v, double lo, double hi, int lo_open, float *out);
/* Any double: metrics may be NaN (no validation set) or infinite (diverged). */
int ur_text_double(const char *v, double *out);

/* ---- reading lines ---------------------------------------------------------- */

typedef struct {
  const char *buf;
  size_t len, pos;
  int lineno;
  char line[UR_TEXT_MAX_LINE];
  char *err;
  size_t errlen;
  const char *nul_message; /* what a NUL byte in the text is called */
} ur_text_reader;

/* "line N: " and the message into r->err; returns -1. */
int ur_text_fail(ur_text_reader *r, const char *fmt, ...);
/* Next line into r->line: 1, 0 at the end of the text, -1 on a bad line. */
int ur_text_next_line(ur_text_reader *r);
/* Splits a line into words at spaces and tabs: their count, or -1 past UR_TEXT_MAX_WORDS. */
int ur_text_split(char *line, char **words);

/* ---- writing ---------------------------------------------------------------- */

typedef struct {
  char *buf;
  size_t len, cap;
  int oom;
} ur_sbuf;

/* An empty buffer (oom set if it could not be had). */
void ur_sb_init(ur_sbuf *s);
/* Appends printf-style, growing the buffer; sets oom when it cannot. */
void ur_sb_add(ur_sbuf *s, const char *fmt, ...);
/* The text (caller frees) and *len, or NULL (freed) if anything failed. */
char *ur_sb_finish(ur_sbuf *s, size_t *len);

#endif
