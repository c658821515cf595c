/* text_io.h: the ground floor for text: what every text format of the
 * engine (model header, settings lines, runs, projects, CSV sources) is
 * written and read with.
 *
 *   errors     ur_text_err: printf into an error buffer, returns -1
 *   words      percent-escaping of names, "key=value" splitting
 *   numbers    range-checked parsing; floats printed as the shortest
 *              decimal that reads back as the same float
 *   lines      a reader that numbers every problem "line N: ..."
 *   writing    a growing string buffer
 *
 * It includes nothing of the engine: formats sit above it, never below.
 * Pure C, no GLib.
 */
#ifndef UR_TEXT_IO_H
#define UR_TEXT_IO_H

#include <stddef.h>
#include <stdint.h>

#define UR_TEXT_MAX_LINE 16384 /* a CSV source's line: a path and up to 16 column names, escaped */
#define UR_TEXT_MAX_WORDS 64

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

/* ---- numbers -------------------------------------------------------------- */

/* How a float is written: the shortest decimal that reads back as the same
 * float ("0.001"), or nine significant digits ("0.00100000005"). */
typedef enum { UR_NUM_SHORTEST, UR_NUM_9G } ur_num_style;

/* A float as the style writes it; a ring of 24 buffers per thread lets one
 * printf format several. */
const char *ur_text_num(float v, ur_num_style style);

/* Range-checked numbers: 0, or -1 unless all of v is one in range. */
int ur_text_int(const char *v, long lo, long hi, int *out);
int ur_text_u32(const char *v, uint32_t *out);
/* A number whose float is finite and in [lo, hi] (lo_open: lo itself
 * excluded): the range holds for the float stored, not for the text. */
int ur_text_float(const char *v, double lo, double hi, int lo_open, float *out);
/* Why a number in range as a double is not as a float ("0 as a
 * single-precision float"), or NULL. */
const char *ur_text_float_problem(const char *v);
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
