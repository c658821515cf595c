/* csv.h: reading a user's time series from a CSV file, as it comes.
 *
 * Detects the delimiter (comma, semicolon or tab), a header row, quoted
 * fields ("a ""b"" c") and the decimal mark (a decimal comma with semicolon
 * or tab delimiters); classifies each column as numbers, dates or text.
 * Missing cells (empty, NA, NaN, null, -) and cells that are not numbers
 * become NAN and are counted, never zero.  Every error names the line and,
 * where there is one, the column.  Numbers are read in the C locale whatever
 * the process's locale is.
 */
#ifndef UR_CSV_H
#define UR_CSV_H

#include <stddef.h>

#define UR_CSV_MAX_BYTES ((size_t)512 << 20) /* larger files are refused with a reason */
#define UR_CSV_MAX_COLUMNS 1024

typedef enum { UR_COL_NUMERIC, UR_COL_DATE, UR_COL_TEXT } ur_col_type;

typedef struct {
  char name[128];
  ur_col_type type;
  double *values;   /* n_rows: numbers, or dates as seconds since 1970-01-01 UTC; NAN when missing */
  int n_missing;    /* empty or NA cells */
  int n_invalid;    /* cells of another type than the column's (text in numbers, ...) */
  int first_invalid_row; /* -1 when none */
  char first_invalid[48]; /* that cell, for messages */
} ur_csv_column;

typedef struct {
  int n_rows, n_cols;
  char delimiter;   /* ',', ';' or '\t' */
  char decimal;     /* '.' or ',' */
  int has_header;
  int date_day_first; /* for d/m/y dates: 1 when the day comes first */
  ur_csv_column *cols;
  int *line_of_row; /* the file's line number (1-based) of each data row */
} ur_csv;

/* 0, or -1 with "line L, column C: reason" (or a whole-file reason) in err. */
int ur_csv_parse(const char *buf, size_t len, ur_csv *out, char *err, size_t errlen);
int ur_csv_read(const char *path, ur_csv *out, char *err, size_t errlen);
void ur_csv_free(ur_csv *c);

/* Column index by name (or by 1-based number given as "#3"); -1 if none. */
int ur_csv_find(const ur_csv *c, const char *name);

/* Locale-independent number and date parsing, exposed for tests and the UI. */
int ur_parse_number(const char *s, size_t n, char decimal, double *out);
/* ISO 8601 "2024-03-01", "2024-03-01T12:30[:45][Z]", "2024-03-01 12:30"; and
 * "01/03/2024", "01.03.2024", "1-3-2024" (day_first selects d/m or m/d). */
int ur_parse_date(const char *s, size_t n, int day_first, double *seconds);

#endif
