/* csv.h: reading a user's time series from a CSV file, as it comes.
 *
 * Detects the delimiter (comma, semicolon or tab), a header row, quoted
 * fields ("a ""b"" c") and the decimal mark (a decimal comma with
 * semicolon or tab delimiters); classifies each column as numbers, dates
 * (in any common form, dates.h) or text.  Missing cells (empty, NA, NaN,
 * null, -) and cells that are not of their column's type become NAN (or -1
 * for text) and are counted, never zero.  Every error names the line and,
 * where there is one, the column.  Numbers are read in the C locale
 * whatever the process's locale is.
 *
 * The file is read in one streaming pass of small chunks, and only the
 * parsed columns are kept: a float per number, a double per instant, an
 * index per text cell (text columns with few distinct values, which can
 * name series in a long-format file).  So a table takes about 4 bytes a
 * number, whatever the file's size, and the file is refused, with a
 * reason, before it is read when that would not fit in the memory the
 * machine has.  Special files are refused by what they are ("is a
 * directory", "is a FIFO").
 */
#ifndef UR_CSV_H
#define UR_CSV_H

#include <stddef.h>
#include <stdint.h>
#include "dates.h"

#define UR_CSV_MAX_COLUMNS 1024
#define UR_CSV_MAX_RECORD ((size_t)1 << 20)  /* bytes in one record: longer is an unclosed quote */
#define UR_CSV_MAX_LABELS 65536               /* distinct values a text column keeps */
#define UR_CSV_SAMPLE 2000                     /* records a column's type and date format are told from */

typedef enum { UR_COL_NUMERIC, UR_COL_DATE, UR_COL_TEXT } ur_col_type;

typedef struct {
  char name[128];
  ur_col_type type;
  float *values;            /* NUMERIC: n_rows numbers, NAN where missing or not a number */
  double *times;            /* DATE: n_rows instants (seconds since 1970 UTC), NAN where missing or unreadable */
  int32_t *labels;          /* TEXT: n_rows indices into label_names, -1 where missing; NULL past UR_CSV_MAX_LABELS */
  char **label_names;
  int n_labels;
  char date_format[UR_DATE_FORMAT_MAX];      /* DATE: the format its cells were read with */
  char date_alternative[UR_DATE_FORMAT_MAX]; /* DATE: the other day/month order when every cell reads both ways */
  const char *date_words;                    /* DATE: the format in words ("day/month/year") */
  int n_missing;            /* empty or NA cells */
  int n_invalid;            /* cells of another type than the column's (text in numbers, ...) */
  int first_invalid_row;    /* -1 when none */
  char first_invalid[48];   /* that cell, for messages */
} ur_csv_column;

typedef struct {
  int n_rows, n_cols;
  char delimiter;           /* ',', ';' or '\t' */
  char decimal;             /* '.' or ',' */
  int has_header;
  ur_csv_column *cols;
  /* line numbers of rows: row r is on line r + line_base unless a blank
   * line or a quoted line break came before it; those few exceptions are
   * kept as (row, line) pairs where the offset changes */
  int line_base;
  int n_line_jumps;
  int *jump_row, *jump_line;
} ur_csv;

typedef struct {
  const char *date_format;  /* strftime-style, for every date column; NULL: told from the cells */
  const char *date_column;  /* with date_format: only the column of this name (NULL: any column it reads) */
  /* called now and then with the share of the file read; non-zero cancels */
  int (*progress)(double fraction, void *user);
  void *user;
} ur_csv_options;

/* 0, or -1 with "line L, column C: reason" (or a whole-file reason) in err.  opt may be NULL. */
int ur_csv_parse(const char *buf, size_t len, const ur_csv_options *opt, ur_csv *out, char *err, size_t errlen);
int ur_csv_read(const char *path, const ur_csv_options *opt, ur_csv *out, char *err, size_t errlen);
void ur_csv_free(ur_csv *c);

/* The file's line of a data row (1-based). */
int ur_csv_line_of_row(const ur_csv *c, int row);

/* Column index by name (or by 1-based number given as "#3"): -1 if none,
 * -2 if several columns have that name (refuse, naming their positions). */
int ur_csv_find(const ur_csv *c, const char *name);

/* The columns a user would pick: the time axis (a date column, the first
 * whose name reads like time first), and the target (the first numeric
 * column that is not the time axis nor an increasing column of years);
 * -1 when none. */
int ur_csv_guess_time(const ur_csv *c);
int ur_csv_guess_target(const ur_csv *c);

/* A date a user types about this file: as its date columns write dates,
 * or ISO 8601, or day/month/year.  0, or -1. */
int ur_csv_parse_date_like(const ur_csv *c, const char *s, size_t n, double *seconds);

/* Locale-independent number and date parsing, exposed for tests and the UI. */
int ur_parse_number(const char *s, size_t n, char decimal, double *out);
/* ISO 8601 "2024-03-01", "2024-03-01T12:30[:45][Z]", "2024-03-01 12:30"; and
 * "01/03/2024", "01.03.2024", "1-3-2024" (day_first selects d/m or m/d): the
 * dates a user types on a command line or in a project's split. */
int ur_parse_date(const char *s, size_t n, int day_first, double *seconds);

#endif
