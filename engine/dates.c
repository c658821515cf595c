/* dates.c: dates and times as users' files write them, and the step of a
 * series of them (dates.h).
 *
 * Four parts, each resting on the ones before it:
 *   the calendar   days since 1970 <-> year, month, day (Howard Hinnant's
 *                  days_from_civil / civil_from_days, exact for any year)
 *   reading and    ur_date_parse and ur_date_format walk the format one item
 *   writing        at a time; reading allocates nothing and never looks past
 *                  s[n-1]
 *   guessing       ur_date_guess_format tries a table of candidate formats on
 *                  every cell, dropping a candidate as soon as it has missed
 *                  too many cells to reach 90%
 *   the step       ur_step_detect: one pass for the most common differences
 *                  (a Misra-Gries tally, 16 counters), one to count them
 *                  exactly, one per step tried to lay the instants on its grid
 *
 * No locale, no allocation, no GLib: the same answer in every process.
 */
#include "dates.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- the calendar ------------------------------------------------------------ */

static int is_leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_length(long y, int m) {
  static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Floor division: -1 / 12 is -1 here, not 0, so months and days before an
 * epoch land in the right year and day. */
static long long floor_div(long long a, long long b) {
  long long q = a / b;
  return q - (a % b != 0 && (a < 0) != (b < 0));
}

/* Days since 1970-01-01 of a proleptic Gregorian date.  The year is shifted
 * to start in March so that the leap day is the last day of the year; an
 * era is 400 years = 146097 days. */
static long long days_from_civil(long long y, int m, int d) {
  y -= m <= 2;
  long long era = floor_div(y, 400);
  long long yoe = y - era * 400;                                  /* [0, 399] */
  long long doy = (153LL * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void civil_from_days(long long z, long long *y, int *m, int *d) {
  z += 719468;
  long long era = floor_div(z, 146097);
  long long doe = z - era * 146097;                                     /* [0, 146096] */
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              /* [0, 365] */
  long long mp = (5 * doy + 2) / 153;                                   /* [0, 11], from March */
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* Instants this file turns into calendar dates: about ±30000 years, far
 * inside what a double holds to the millisecond and what long long counts. */
#define INSTANT_LIMIT 1e12

/* An instant as whole days since 1970 and the seconds into that day. */
static long long split_instant(double t, double *time_of_day) {
  double days = floor(t / 86400.0);
  double tod = t - days * 86400.0;
  if (tod >= 86400.0) { days += 1; tod -= 86400.0; } /* t / 86400 rounded up to a whole day */
  if (tod < 0) tod = 0;
  *time_of_day = tod;
  return (long long)days;
}

static const char *const month_names[12] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};

/* ---- reading ------------------------------------------------------------------
 *
 * The format is a sequence of items, matched left to right against the
 * trimmed cell; the cell must be used up when the format is:
 *
 *   item        reads
 *   %Y          exactly 4 digits, 0001..9999
 *   %m %d %e    1 or 2 digits (exactly 2 beside another numeric item, so
 *   %H %I       that "%Y%m%d" reads 8 digits and never 7)
 *   %M %S       exactly 2 digits; %S then takes an optional ".ddd..." fraction
 *   %b %B       a run of letters: a month's English name, its first three
 *               letters or "Sept", any case
 *   %p          AM or PM, any case (with %I: 12-hour clock)
 *   %z          Z | (+|-)hh[[:]mm] | nothing
 *   %T          %H:%M:%S
 *   %%          '%'
 *   ' '         one or more spaces or tabs
 *   other       itself
 *
 * Ranges (month 1..12, day within the month, hour 0..23, ...) are checked
 * once all fields are read, because the day's range depends on the year and
 * month, which may come after it. */

typedef struct {
  long year;
  int month, day, hour, minute, second;
  int ampm;        /* -1: no %p; 0 AM; 1 PM */
  double fraction; /* of a second, [0, 1) */
  long offset;     /* the zone: seconds east of UTC */
  int has_epoch;   /* %s was read: the instant is epoch (+ fraction), whatever else the format holds */
  long long epoch;
} date_fields;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }
static int is_blank(char c) { return c == ' ' || c == '\t'; }
static int is_trimmed(char c) { return is_blank(c) || c == '\r' || c == '\n'; }

static void trim(const char **s, size_t *n) {
  while (*n && is_trimmed(**s)) { (*s)++; (*n)--; }
  while (*n && is_trimmed((*s)[*n - 1])) (*n)--;
}

/* min..max digits at *p: 0 and the value, or -1 with *p unmoved. */
static int read_digits(const char **p, const char *end, int min, int max, long *v) {
  const char *s = *p;
  long x = 0;
  int k = 0;
  while (s < end && k < max && is_digit(*s)) { x = x * 10 + (*s - '0'); s++; k++; }
  if (k < min) return -1;
  *p = s;
  *v = x;
  return 0;
}

/* An optional ".ddd": digits past the ninth are read but add nothing a
 * double could keep. */
static void read_fraction(const char **p, const char *end, double *fraction) {
  static const double scale[10] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  const char *s = *p;
  if (end - s < 2 || s[0] != '.' || !is_digit(s[1])) return; /* a '.' alone is left to the format */
  long digits = 0;
  int k = 0;
  for (s++; s < end && is_digit(*s); s++)
    if (k < 9) { digits = digits * 10 + (*s - '0'); k++; }
  *fraction = (double)digits / scale[k];
  *p = s;
}

static int read_month_name(const char **p, const char *end, int *month) {
  char word[10];
  size_t n = 0;
  const char *s = *p;
  for (; s < end && is_alpha(*s); s++) {
    if (n == sizeof word) return -1; /* longer than "September" */
    word[n++] = lower(*s);
  }
  for (int m = 0; m < 12; m++) {
    size_t full = strlen(month_names[m]), i = 0;
    if (n != 3 && n != full) continue;
    while (i < n && word[i] == lower(month_names[m][i])) i++;
    if (i == n) { *month = m + 1; *p = s; return 0; }
  }
  if (n == 4 && memcmp(word, "sept", 4) == 0) { *month = 9; *p = s; return 0; }
  return -1;
}

static int read_ampm(const char **p, const char *end, int *ampm) {
  const char *s = *p;
  if (end - s < 2 || lower(s[1]) != 'm' || (lower(s[0]) != 'a' && lower(s[0]) != 'p')) return -1;
  *ampm = lower(s[0]) == 'p';
  *p = s + 2;
  return 0;
}

/* Z | (+|-)hh | (+|-)hhmm | (+|-)hh:mm | nothing. */
static int read_zone(const char **p, const char *end, long *offset) {
  const char *s = *p;
  if (s < end && (*s == 'Z' || *s == 'z')) { *offset = 0; *p = s + 1; return 0; }
  if (s >= end || (*s != '+' && *s != '-')) return 0; /* no zone: the cell is read as UTC */
  long sign = *s == '-' ? -1 : 1, hh, mm = 0;
  s++;
  if (read_digits(&s, end, 2, 2, &hh) != 0 || hh > 23) return -1;
  if (s < end && *s == ':') {
    s++;
    if (read_digits(&s, end, 2, 2, &mm) != 0) return -1;
  } else if (end - s >= 2 && is_digit(s[0]) && is_digit(s[1])) {
    read_digits(&s, end, 2, 2, &mm);
  }
  if (mm > 59) return -1;
  *offset = sign * (hh * 3600 + mm * 60);
  *p = s;
  return 0;
}

static int is_numeric_conversion(char c) {
  switch (c) {
  case 'Y': case 'm': case 'd': case 'e': case 'H': case 'I': case 'M': case 'S': case 'T': case 's': return 1;
  default: return 0;
  }
}

static int match_format(const char *fmt, const char **p, const char *end, date_fields *f);

/* %s: [-]digits[.digits], seconds since 1970.  12 digits reach past the
 * year 9999, which ur_date_format could not write back anyway. */
static int read_epoch(const char **p, const char *end, date_fields *f) {
  const char *s = *p;
  int minus = s < end && *s == '-';
  long v;
  s += minus;
  if (read_digits(&s, end, 1, 12, &v)) return -1;
  f->has_epoch = 1;
  f->epoch = minus ? -(long long)v : v;
  read_fraction(&s, end, &f->fraction);
  if (minus) f->fraction = -f->fraction;
  *p = s;
  return 0;
}

/* One %-conversion; `fixed` asks 1-or-2-digit fields for exactly 2. */
static int read_conversion(char c, int fixed, const char **p, const char *end, date_fields *f) {
  int w = fixed ? 2 : 1;
  long v = 0;
  switch (c) {
  case 'Y': if (read_digits(p, end, 4, 4, &v)) return -1; f->year = v; return 0;
  case 'm': if (read_digits(p, end, w, 2, &v)) return -1; f->month = (int)v; return 0;
  case 'd':
  case 'e': if (read_digits(p, end, w, 2, &v)) return -1; f->day = (int)v; return 0;
  case 'H': if (read_digits(p, end, w, 2, &v)) return -1; f->hour = (int)v; return 0;
  case 'I': if (read_digits(p, end, w, 2, &v) || v < 1 || v > 12) return -1; f->hour = (int)v; return 0;
  case 'M': if (read_digits(p, end, 2, 2, &v)) return -1; f->minute = (int)v; return 0;
  case 'S':
    if (read_digits(p, end, 2, 2, &v)) return -1;
    f->second = (int)v;
    read_fraction(p, end, &f->fraction);
    return 0;
  case 'b':
  case 'B': return read_month_name(p, end, &f->month);
  case 'p': return read_ampm(p, end, &f->ampm);
  case 'z': return read_zone(p, end, &f->offset);
  case 'T': return match_format("%H:%M:%S", p, end, f);
  case 's': return read_epoch(p, end, f);
  default: return -1; /* not a conversion of dates.h: the format is wrong */
  }
}

static int match_format(const char *fmt, const char **p, const char *end, date_fields *f) {
  int prev_numeric = 0;
  while (*fmt) {
    if (*fmt == ' ') {
      if (*p >= end || !is_blank(**p)) return -1;
      while (*p < end && is_blank(**p)) (*p)++;
      fmt++;
      prev_numeric = 0;
    } else if (*fmt != '%' || fmt[1] == '%') {
      if (*p >= end || **p != *fmt) return -1;
      (*p)++;
      fmt += *fmt == '%' ? 2 : 1;
      prev_numeric = 0;
    } else {
      char c = fmt[1];
      int fixed = prev_numeric || (fmt[2] == '%' && is_numeric_conversion(fmt[3]));
      if (!c || read_conversion(c, fixed, p, end, f)) return -1;
      prev_numeric = is_numeric_conversion(c);
      fmt += 2;
    }
  }
  return 0;
}

static int fields_to_instant(const date_fields *f, double *seconds) {
  if (f->has_epoch) {
    *seconds = (double)f->epoch + f->fraction;
    return fabs(*seconds) > INSTANT_LIMIT ? -1 : 0;
  }
  int hour = f->hour;
  if (f->ampm >= 0) {
    if (hour < 1 || hour > 12) return -1;
    hour = hour % 12 + 12 * f->ampm;
  }
  if (f->year < 1 || f->year > 9999 || f->month < 1 || f->month > 12 || f->day < 1 ||
      f->day > month_length(f->year, f->month) || hour > 23 || f->minute > 59 || f->second > 60)
    return -1;
  long long whole = days_from_civil(f->year, f->month, f->day) * 86400 + hour * 3600LL + f->minute * 60LL +
                    f->second - f->offset;
  *seconds = (double)whole + f->fraction;
  return 0;
}

int ur_date_parse(const char *s, size_t n, const char *format, double *seconds) {
  if (!s || !format || !seconds) return -1;
  trim(&s, &n);
  /* fields not in the format: 1970 (so that "%H:%M" gives the seconds into a day), January, day 1, 00:00:00 */
  date_fields f = {.year = 1970, .month = 1, .day = 1, .ampm = -1};
  const char *p = s, *end = s + n;
  if (match_format(format, &p, end, &f) != 0 || p != end) return -1;
  return fields_to_instant(&f, seconds);
}

/* ---- writing ------------------------------------------------------------------- */

typedef struct {
  long long year;
  int month, day, hour, minute, second;
  long micro; /* microseconds into the second */
  long long whole; /* the instant's whole seconds since 1970, for %s */
} broken_time;

/* Rounds to the microsecond first, so that 59.9999999 s is written as the
 * next minute and never as "60". */
static int break_instant(double t, broken_time *b) {
  if (!isfinite(t) || fabs(t) > INSTANT_LIMIT) return -1;
  double whole = floor(t);
  long micro = lround((t - whole) * 1e6);
  if (micro >= 1000000) { whole += 1; micro -= 1000000; }
  long long w = (long long)whole, days = floor_div(w, 86400);
  int sod = (int)(w - days * 86400);
  civil_from_days(days, &b->year, &b->month, &b->day);
  b->hour = sod / 3600;
  b->minute = sod / 60 % 60;
  b->second = sod % 60;
  b->micro = micro;
  b->whole = w;
  return 0;
}

/* Writes what fits and counts everything, so that one check at the end
 * tells whether buf was large enough. */
typedef struct {
  char *buf;
  size_t len, pos;
} writer;

static void put(writer *w, const char *s, size_t n) {
  if (w->pos + n < w->len) memcpy(w->buf + w->pos, s, n);
  w->pos += n;
}

static void put_number(writer *w, long long v, int width) {
  char tmp[32];
  int k = snprintf(tmp, sizeof tmp, "%0*lld", width, v);
  put(w, tmp, (size_t)k);
}

/* Seconds, with ".mmm" or ".mmmmmm" when the instant has a fraction. */
static void put_seconds(writer *w, const broken_time *b) {
  put_number(w, b->second, 2);
  if (b->micro == 0) return;
  put(w, ".", 1);
  if (b->micro % 1000 == 0) put_number(w, b->micro / 1000, 3);
  else put_number(w, b->micro, 6);
}

/* %s: whole seconds since 1970, and a fraction as %S writes one (the
 * sign belongs to the whole instant: -1.5, not -2 and .5). */
static void put_epoch(writer *w, const broken_time *b) {
  long long micros = b->whole * 1000000LL + b->micro, m = micros < 0 ? -micros : micros;
  if (micros < 0) put(w, "-", 1);
  put_number(w, m / 1000000, 1);
  long frac = (long)(m % 1000000);
  if (frac == 0) return;
  put(w, ".", 1);
  if (frac % 1000 == 0) put_number(w, frac / 1000, 3);
  else put_number(w, frac, 6);
}

static int write_conversion(writer *w, char c, const broken_time *b) {
  switch (c) {
  case 'Y':
    if (b->year < 1 || b->year > 9999) return -1; /* %Y is 4 digits: it could not be read back */
    put_number(w, b->year, 4);
    return 0;
  case 'm': put_number(w, b->month, 2); return 0;
  case 'd':
  case 'e': put_number(w, b->day, 2); return 0;
  case 'H': put_number(w, b->hour, 2); return 0;
  case 'I': put_number(w, b->hour % 12 ? b->hour % 12 : 12, 2); return 0;
  case 'M': put_number(w, b->minute, 2); return 0;
  case 'S': put_seconds(w, b); return 0;
  case 'T':
    put_number(w, b->hour, 2);
    put(w, ":", 1);
    put_number(w, b->minute, 2);
    put(w, ":", 1);
    put_seconds(w, b);
    return 0;
  case 'b': put(w, month_names[b->month - 1], 3); return 0;
  case 'B': put(w, month_names[b->month - 1], strlen(month_names[b->month - 1])); return 0;
  case 'p': put(w, b->hour < 12 ? "AM" : "PM", 2); return 0;
  case 'z': put(w, "Z", 1); return 0;
  case 's': put_epoch(w, b); return 0;
  case '%': put(w, "%", 1); return 0;
  default: return -1;
  }
}

int ur_date_format(double seconds, const char *format, char *buf, size_t len) {
  broken_time b;
  if (!format || !buf || len == 0 || break_instant(seconds, &b) != 0) return -1;
  writer w = {buf, len, 0};
  for (const char *q = format; *q; q++) {
    if (*q != '%') { put(&w, q, 1); continue; }
    if (write_conversion(&w, q[1], &b) != 0) return -1;
    q++;
  }
  if (w.pos >= len) return -1;
  buf[w.pos] = 0;
  return (int)w.pos;
}

/* ---- guessing a column's format -------------------------------------------------
 *
 * Every candidate is tried on every cell; a candidate that has missed more
 * cells than 10% of those tried is dropped, so on a column of 1000 cells
 * most candidates are done after about 100.  Among the candidates that read
 * at least 90%, the one that reads the most wins, and ties go to the one
 * listed first: times before plain dates, no zone before an optional zone
 * (same cells, but %z would write a "Z" the file never had), day first
 * before month first.  A day-first candidate is followed by its month-first
 * twin; `both` counts the cells the pair both reads, which tells when the
 * order is left open. */

enum {
  CAND_TWIN_NEXT = 1, /* the next candidate is the same with day and month swapped */
  CAND_YMD8 = 2,      /* YYYYMMDD: a number; every cell, years 1000..2999 */
  CAND_YEAR = 4,      /* a bare year: a number; every cell, years 1000..2999, and a time-like
                         name or years rising by a constant step */
  CAND_EPOCH = 8,     /* Unix seconds: a number; every cell a whole 9 or 10 digits (1973..2286),
                         and only under a time-like name ("timestamp"): a rising count of 10
                         digits (a population) is as likely a value as a time */
};

#define NUMBERS_ONLY (CAND_YMD8 | CAND_YEAR | CAND_EPOCH)

typedef struct {
  const char *format, *describe;
  unsigned char flags;
} candidate;

#define DMY_MDY(sep, time, words)                                                    \
  {"%d" sep "%m" sep "%Y" time, "day/month/year" words, CAND_TWIN_NEXT},            \
  {"%m" sep "%d" sep "%Y" time, "month/day/year" words, 0}
#define DMY_MDY_ALL(sep) \
  DMY_MDY(sep, " %H:%M:%S", " and time"), DMY_MDY(sep, " %H:%M", " and time"), DMY_MDY(sep, "", "")

static const candidate candidates[] = {
  {"%Y-%m-%dT%H:%M:%S", "ISO 8601 date and time", 0},
  {"%Y-%m-%dT%H:%M:%S%z", "ISO 8601 date and time", 0},
  {"%Y-%m-%dT%H:%M", "ISO 8601 date and time", 0},
  {"%Y-%m-%dT%H:%M%z", "ISO 8601 date and time", 0},
  {"%Y-%m-%d %H:%M:%S", "ISO 8601 date and time", 0},
  {"%Y-%m-%d %H:%M:%S%z", "ISO 8601 date and time", 0},
  {"%Y-%m-%d %H:%M", "ISO 8601 date and time", 0},
  {"%Y-%m-%d %H:%M%z", "ISO 8601 date and time", 0},
  {"%Y-%m-%d", "ISO 8601 date", 0},
  {"%Y/%m/%d %H:%M:%S", "year/month/day and time", 0},
  {"%Y/%m/%d %H:%M", "year/month/day and time", 0},
  {"%Y/%m/%d", "year/month/day", 0},
  {"%Y.%m.%d %H:%M:%S", "year.month.day and time", 0},
  {"%Y.%m.%d %H:%M", "year.month.day and time", 0},
  {"%Y.%m.%d", "year.month.day", 0},
  DMY_MDY_ALL("/"),
  DMY_MDY_ALL("-"),
  DMY_MDY_ALL("."),
  DMY_MDY("/", " %I:%M:%S %p", " and 12-hour time"),
  DMY_MDY("/", " %I:%M %p", " and 12-hour time"),
  {"%b %d %Y %H:%M:%S", "month name, day, year and time", 0},
  {"%b %d %Y %H:%M", "month name, day, year and time", 0},
  {"%b %d %Y", "month name, day, year", 0},
  {"%b %d, %Y %H:%M:%S", "month name, day, year and time", 0},
  {"%b %d, %Y %H:%M", "month name, day, year and time", 0},
  {"%b %d, %Y", "month name, day, year", 0},
  {"%d %b %Y %H:%M:%S", "day, month name, year and time", 0},
  {"%d %b %Y %H:%M", "day, month name, year and time", 0},
  {"%d %b %Y", "day, month name, year", 0},
  {"%d-%b-%Y %H:%M:%S", "day-month name-year and time", 0},
  {"%d-%b-%Y %H:%M", "day-month name-year and time", 0},
  {"%d-%b-%Y", "day-month name-year", 0},
  {"%d/%b/%Y", "day/month name/year", 0},
  {"%Y-%b-%d", "year-month name-day", 0},
  {"%b %Y", "month name and year", 0},
  {"%b-%Y", "month name and year", 0},
  {"%Y-%m", "year and month", 0},
  {"%Y/%m", "year and month", 0},
  {"%m/%Y", "month and year", 0},
  {"%Y%m%d", "YYYYMMDD", CAND_YMD8},
  {"%Y", "year", CAND_YEAR},
  {"%s", "Unix seconds", CAND_EPOCH},
};

#define N_CANDIDATES ((int)(sizeof candidates / sizeof candidates[0]))

typedef struct {
  int matched[N_CANDIDATES], missed[N_CANDIDATES];
  int both[N_CANDIDATES]; /* on a day-first candidate: cells it and its twin both read */
  unsigned char alive[N_CANDIDATES];
  int budget;             /* misses a candidate may have and still reach 90% */
  /* bare years in the order given: whether they rise by one constant step */
  long prev_year, year_step;
  int years_seen, years_regular;
} guess_state;

/* Cell i trimmed, with its length (0 for a missing one). */
static const char *cell_at(const char *const *cells, const size_t *lens, int i, size_t *len) {
  const char *s = cells[i];
  *len = s ? (lens ? lens[i] : strlen(s)) : 0;
  if (s) trim(&s, len);
  return s;
}

/* A plain number, as a CSV reader would take it: [+-] digits [.,] digits [e[+-]digits]. */
static int is_plain_number(const char *s, size_t n) {
  size_t i = 0, digits = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  for (; i < n && is_digit(s[i]); i++) digits++;
  if (i < n && (s[i] == '.' || s[i] == ',')) i++;
  for (; i < n && is_digit(s[i]); i++) digits++;
  if (!digits) return 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    size_t e = i;
    while (i < n && is_digit(s[i])) i++;
    if (i == e) return 0;
  }
  return i == n;
}

static int all_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!is_digit(s[i])) return 0;
  return 1;
}

/* The year of a cell that is all digits: its first four. */
static long leading_year(const char *s) {
  return (s[0] - '0') * 1000L + (s[1] - '0') * 100L + (s[2] - '0') * 10L + (s[3] - '0');
}

static void note_year(guess_state *g, long year) {
  if (g->years_seen == 1) g->year_step = year - g->prev_year;
  if (g->years_seen >= 1 && (year - g->prev_year != g->year_step || g->year_step <= 0)) g->years_regular = 0;
  g->prev_year = year;
  g->years_seen++;
}

/* Whether candidate i reads the trimmed cell.  Numbers are dates only under
 * the numbers-only candidates, and those read nothing but numbers. */
static int candidate_reads(guess_state *g, int i, const char *s, size_t n, int number) {
  const candidate *c = &candidates[i];
  int numbers_only = (c->flags & NUMBERS_ONLY) != 0;
  double t;
  if (number != numbers_only || ur_date_parse(s, n, c->format, &t) != 0) return 0;
  if (!numbers_only) return 1;
  if (c->flags & CAND_EPOCH) return (n == 9 || n == 10) && all_digits(s, n);
  long year = leading_year(s);
  if (year < 1000 || year > 2999) return 0;
  if (c->flags & CAND_YEAR) note_year(g, year);
  return 1;
}

static void try_cell(guess_state *g, const char *s, size_t n) {
  unsigned char read[N_CANDIDATES];
  int number = is_plain_number(s, n);
  for (int i = 0; i < N_CANDIDATES; i++) {
    read[i] = g->alive[i] && candidate_reads(g, i, s, n, number);
    if (read[i]) g->matched[i]++;
    else if (g->alive[i]) {
      int numbers_only = (candidates[i].flags & NUMBERS_ONLY) != 0;
      if (++g->missed[i] > (numbers_only ? 0 : g->budget)) g->alive[i] = 0;
    }
  }
  for (int i = 0; i + 1 < N_CANDIDATES; i++)
    if ((candidates[i].flags & CAND_TWIN_NEXT) && read[i] && read[i + 1]) g->both[i]++;
}

static int best_candidate(const guess_state *g, int tried, const char *name) {
  int need = (9 * tried + 9) / 10, best = -1; /* ceil(90%) */
  for (int i = 0; i < N_CANDIDATES; i++) {
    if (!g->alive[i] || g->matched[i] < need) continue;
    if ((candidates[i].flags & CAND_YEAR) && !ur_date_name_like_time(name) &&
        !(g->years_regular && g->years_seen >= 3))
      continue;
    if ((candidates[i].flags & CAND_EPOCH) && !ur_date_name_like_time(name)) continue;
    if (best < 0 || g->matched[i] > g->matched[best]) best = i;
  }
  return best;
}

/* Cells written with long month names ("January") ask for %B, so that dates
 * written back look like the file's own.  "May" is both and counts for
 * neither; "Sept" is short. */
static int long_month_names(const char *const *cells, const size_t *lens, int n, const char *format) {
  int votes = 0;
  for (int i = 0; i < n; i++) {
    double t;
    size_t len, k = 0, run = 0;
    const char *s = cell_at(cells, lens, i, &len);
    if (len == 0 || ur_date_parse(s, len, format, &t) != 0) continue;
    while (k < len && !is_alpha(s[k])) k++;
    while (k + run < len && is_alpha(s[k + run])) run++;
    if (run > 4 || (run == 4 && lower(s[k]) != 's')) votes++;
    else if (run == 4 || (run == 3 && !(lower(s[k]) == 'm' && lower(s[k + 2]) == 'y'))) votes--;
  }
  return votes > 0;
}

static void copy_format(char *dst, const char *src) {
  snprintf(dst, UR_DATE_FORMAT_MAX, "%s", src);
}

static void fill_guess(ur_date_guess *guess, const guess_state *g, int best, const char *const *cells,
                       const size_t *lens, int n) {
  const candidate *c = &candidates[best];
  copy_format(guess->format, c->format);
  guess->matched = g->matched[best];
  guess->describe = c->describe;
  if ((c->flags & CAND_TWIN_NEXT) && g->alive[best + 1] && g->matched[best + 1] == g->matched[best] &&
      g->both[best] == g->matched[best])
    copy_format(guess->alternative, candidates[best + 1].format);
  char *b = strstr(guess->format, "%b");
  if (b && long_month_names(cells, lens, n, c->format)) b[1] = 'B';
}

int ur_date_guess_format(const char *const *cells, const size_t *lens, int n, const char *name,
                         ur_date_guess *guess) {
  if (!guess) return -1;
  memset(guess, 0, sizeof *guess);
  guess->describe = "not dates";
  if (!cells || n <= 0) return -1;
  static const guess_state fresh = {.years_regular = 1};
  guess_state g = fresh;
  memset(g.alive, 1, sizeof g.alive);
  int tried = 0;
  size_t len;
  for (int i = 0; i < n; i++) {
    cell_at(cells, lens, i, &len);
    tried += len > 0;
  }
  g.budget = tried - (9 * tried + 9) / 10;
  for (int i = 0; i < n; i++) {
    const char *s = cell_at(cells, lens, i, &len);
    if (len > 0) try_cell(&g, s, len);
  }
  guess->tried = tried;
  int best = tried ? best_candidate(&g, tried, name) : -1;
  if (best < 0) return -1;
  fill_guess(guess, &g, best, cells, lens, n);
  return 0;
}

/* ---- column names ---------------------------------------------------------------- */

/* A name is cut into words at anything that is not a letter and where a
 * lower-case letter is followed by a capital ("obsDate"); a word is compared
 * with the list in any case. */
static int time_word(const char *w, size_t n) {
  static const char *const words[] = {"date", "dates", "time", "times", "timestamp", "datetime", "period",
                                      "month", "day", "yr", "year", "years", "ds", "dt"};
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
    size_t i = 0;
    if (strlen(words[k]) != n) continue;
    while (i < n && lower(w[i]) == words[k][i]) i++;
    if (i == n) return 1;
  }
  return 0;
}

int ur_date_name_like_time(const char *name) {
  if (!name) return 0;
  size_t i = 0;
  while (name[i]) {
    while (name[i] && !is_alpha(name[i])) i++;
    size_t start = i;
    while (name[i] && is_alpha(name[i])) {
      i++;
      if (name[i] && name[i - 1] >= 'a' && name[i - 1] <= 'z' && name[i] >= 'A' && name[i] <= 'Z') break;
    }
    if (i > start && time_word(name + start, i - start)) return 1;
  }
  return 0;
}

/* ---- the grid of a step ------------------------------------------------------------
 *
 * FIXED:  grid(k) = t0 + k * step.
 * MONTHS: grid(k) = t0 + the whole days to day d of month (m0 + k * months),
 *         where d is t0's day clamped to the month's length, or the month's
 *         last day when the step says month_end.
 * An instant is on the grid when it is within `tol` of a grid instant: a
 * second, or a quarter step for steps under four seconds (where "within a
 * second" would put every instant on the grid). */

typedef struct {
  ur_step_kind kind;
  double t0, step, tol;
  int months, month_end;
  long long month0;        /* MONTHS: t0's year * 12 + month - 1 */
  long long days0;         /* MONTHS: t0's day, in days since 1970 */
  int day0;                /* MONTHS: t0's day of the month */
} grid;

static double grid_tolerance(double step) { return step < 4 ? step / 4 : 1.0; }

static int make_grid(const ur_step *step, double t0, grid *g) {
  memset(g, 0, sizeof *g);
  g->kind = step->kind;
  g->t0 = t0;
  g->tol = 1.0;
  if (!isfinite(t0) || fabs(t0) > INSTANT_LIMIT) return -1;
  if (step->kind == UR_STEP_FIXED) {
    if (!(step->seconds > 0) || !isfinite(step->seconds)) return -1;
    g->step = step->seconds;
    g->tol = grid_tolerance(g->step);
    return 0;
  }
  if (step->kind != UR_STEP_MONTHS || step->months < 1) return -1;
  long long y;
  int m;
  double tod;
  g->months = step->months;
  g->month_end = step->month_end;
  g->days0 = split_instant(t0, &tod);
  civil_from_days(g->days0, &y, &m, &g->day0);
  g->month0 = y * 12 + m - 1;
  return 0;
}

/* Months from the grid's first month to the month of instant t. */
static long long months_from_start(const grid *g, double t) {
  double tod;
  long long y;
  int m, d;
  civil_from_days(split_instant(t, &tod), &y, &m, &d);
  return y * 12 + m - 1 - g->month0;
}

static double grid_at(const grid *g, long long k) {
  if (g->kind == UR_STEP_FIXED) return g->t0 + (double)k * g->step;
  long long month = g->month0 + k * g->months, y = floor_div(month, 12);
  int m = (int)(month - y * 12) + 1, len = month_length(y, m);
  int d = g->month_end || g->day0 > len ? len : g->day0;
  /* whole days from t0, so that grid(0) is t0 to the bit */
  return g->t0 + (double)(days_from_civil(y, m, d) - g->days0) * 86400.0;
}

/* The nearest grid index below t's month, for MONTHS; steps apart by at
 * least 28 days, so the grid instant near t is index j or j + 1. */
static long long month_index_below(const grid *g, double t) {
  return floor_div(months_from_start(g, t), g->months);
}

/* Instants this far from t0 (in steps) are past any grid the step covers. */
#define INDEX_LIMIT 4e15

/* The index k >= 0 with grid(k) within tol of t, or -1. */
static long long grid_index(const grid *g, double t) {
  if (!isfinite(t) || fabs(t) > INSTANT_LIMIT || t < g->t0 - g->tol) return -1;
  if (g->kind == UR_STEP_FIXED) {
    double k = nearbyint((t - g->t0) / g->step);
    if (k > INDEX_LIMIT) return -1;
    return fabs(t - grid_at(g, (long long)k)) <= g->tol ? (long long)k : -1;
  }
  long long j = month_index_below(g, t);
  for (long long k = j; k <= j + 1; k++)
    if (k >= 0 && fabs(t - grid_at(g, k)) <= g->tol) return k;
  return -1;
}

/* The last index k with grid(k) <= t (within tol), or -1 when t is before t0. */
static long long grid_floor(const grid *g, double t) {
  if (!isfinite(t) || fabs(t) > INSTANT_LIMIT || t < g->t0 - g->tol) return -1;
  if (g->kind == UR_STEP_FIXED) {
    double k = floor((t - g->t0 + g->tol) / g->step);
    return k > INDEX_LIMIT ? -1 : (long long)k;
  }
  long long j = month_index_below(g, t);
  if (grid_at(g, j + 1) <= t + g->tol) return j + 1;
  return grid_at(g, j) <= t + g->tol ? j : j - 1;
}

double ur_step_add(const ur_step *step, double t0, long k) {
  grid g;
  if (!step || make_grid(step, t0, &g) != 0) return NAN;
  if (step->kind == UR_STEP_MONTHS && (k > 100000000L || k < -100000000L)) return NAN; /* past year ±10^8 */
  return grid_at(&g, k);
}

long ur_step_index(const ur_step *step, double t0, double t) {
  grid g;
  if (!step || make_grid(step, t0, &g) != 0) return -1;
  return (long)grid_index(&g, t);
}

/* ---- detecting the step ---------------------------------------------------------------
 *
 * 1. One pass over the consecutive differences feeds two Misra-Gries
 *    tallies (K counters each, so any value seen in more than 1/(K+1) of the
 *    pairs survives): differences in milliseconds, and differences in
 *    calendar months between instants on the same day of the month and time
 *    of day (days 28-31 counting as the month's end).
 * 2. A second pass counts the survivors exactly.  Months win over seconds
 *    when they explain at least as many pairs (a monthly series has
 *    differences of 28, 29, 30 and 31 days).
 * 3. The chosen step is laid on the grid from the first instant; if fewer
 *    than 90% of the instants fall on it, the next trial is tried:
 *      the most common step in seconds rounded to a whole day, hour,
 *        minute or second within the grid's tolerance (clocks that write
 *        13:00:01 after 12:00:00 make 3601 s the most common difference
 *        of an hourly series);
 *      the other kind's most common step;
 *      the smallest difference in seconds seen in 5% of the pairs (a
 *        series with gaps of many lengths: its true step may not be the
 *        most common difference).
 *    None fits: IRREGULAR. */

#define TALLY_K 16

typedef struct {
  long long key[TALLY_K];
  long count[TALLY_K];
  int used;
} tally;

static void tally_add(tally *t, long long key) {
  for (int i = 0; i < t->used; i++)
    if (t->key[i] == key) { t->count[i]++; return; }
  if (t->used < TALLY_K) {
    t->key[t->used] = key;
    t->count[t->used++] = 1;
    return;
  }
  int kept = 0; /* no room: every count loses one, and the counters at zero go */
  for (int i = 0; i < t->used; i++)
    if (--t->count[i] > 0) { t->key[kept] = t->key[i]; t->count[kept++] = t->count[i]; }
  t->used = kept;
}

/* After the exact count (pass 2): counts replace the estimates. */
static void tally_count(tally *t, long long key) {
  for (int i = 0; i < t->used; i++)
    if (t->key[i] == key) { t->count[i]++; return; }
}

static int tally_best(const tally *t) {
  int best = -1;
  for (int i = 0; i < t->used; i++)
    if (t->count[i] > 0 && (best < 0 || t->count[i] > t->count[best])) best = i;
  return best;
}

/* A difference in milliseconds, or -1 when there is none to count. */
static long long diff_key(double a, double b) {
  double d = b - a;
  if (!(d > 0) || d > INSTANT_LIMIT) return -1;
  long long k = llround(d * 1000);
  return k > 0 ? k : -1;
}

/* The months between two instants on the same day and time of the month
 * (both on day 28 or later counting as the same day), or -1.  Only pairs at
 * least 28 days apart are looked at, so dense series never pay for the
 * calendar. */
typedef struct {
  long long months;
  int month_ends; /* both on their month's last day */
  int same_day;   /* the same day of the month, not both on the last day */
} month_pair;

static int months_between(double a, double b, month_pair *out) {
  double ta, tb;
  if (!(b - a >= 28 * 86400.0) || fabs(a) > INSTANT_LIMIT || fabs(b) > INSTANT_LIMIT) return -1;
  long long da = split_instant(a, &ta), db = split_instant(b, &tb), ya, yb;
  if (fabs(ta - tb) > 1e-3) return -1;
  int ma, mb, dda, ddb;
  civil_from_days(da, &ya, &ma, &dda);
  civil_from_days(db, &yb, &mb, &ddb);
  if (dda != ddb && (dda < 28 || ddb < 28)) return -1;
  out->months = (yb * 12 + mb) - (ya * 12 + ma);
  out->month_ends = dda == month_length(ya, ma) && ddb == month_length(yb, mb);
  out->same_day = dda == ddb && !out->month_ends;
  return out->months >= 1 ? 0 : -1;
}

typedef struct {
  tally seconds, months;
  long month_end_pairs, same_day_pairs; /* month pairs on both month ends, on the same other day */
  long rising;                          /* pairs with t[i] > t[i - 1]: 0 means one distinct instant */
} step_tallies;

static void tally_differences(const double *t, long n, step_tallies *s) {
  memset(s, 0, sizeof *s);
  for (long i = 1; i < n; i++) {
    long long key = diff_key(t[i - 1], t[i]);
    month_pair mp;
    s->rising += t[i] > t[i - 1];
    if (key > 0) tally_add(&s->seconds, key);
    if (months_between(t[i - 1], t[i], &mp) == 0) tally_add(&s->months, mp.months);
  }
  for (int i = 0; i < TALLY_K; i++) s->seconds.count[i] = s->months.count[i] = 0;
}

static void count_differences(const double *t, long n, step_tallies *s) {
  for (long i = 1; i < n; i++) {
    long long key = diff_key(t[i - 1], t[i]);
    month_pair mp;
    if (key > 0) tally_count(&s->seconds, key);
    if (months_between(t[i - 1], t[i], &mp) != 0) continue;
    tally_count(&s->months, mp.months);
    s->month_end_pairs += mp.month_ends;
    s->same_day_pairs += mp.same_day;
  }
}

/* The smallest difference seen in at least 5% of the pairs. */
static int tally_smallest(const tally *t, long pairs) {
  int best = -1;
  for (int i = 0; i < t->used; i++)
    if (t->count[i] * 20 >= pairs && (best < 0 || t->key[i] < t->key[best])) best = i;
  return best;
}

/* The nearest whole day, hour, minute or second to a step, when it is
 * within the tolerance of the grid it would make; else the step itself. */
static double round_step(double step) {
  static const double units[] = {86400, 3600, 60, 1};
  for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
    double r = nearbyint(step / units[u]) * units[u];
    if (r > 0 && fabs(r - step) <= grid_tolerance(r)) return r;
  }
  return step;
}

/* How the instants lie on a step's grid from t[0]. */
typedef struct {
  long on_grid, distinct, weekend;
  long long last;
} grid_fit;

static void fit_grid(const double *t, long n, const grid *g, grid_fit *fit) {
  long long prev = -1;
  memset(fit, 0, sizeof *fit);
  for (long i = 0; i < n; i++) {
    long long k = grid_index(g, t[i]);
    if (k < 0) continue;
    fit->on_grid++;
    fit->distinct += k != prev;
    prev = k;
    if (g->kind == UR_STEP_FIXED && g->step == 86400) {
      double tod;
      long long dow = (split_instant(t[i], &tod) + 4) % 7; /* 1970-01-01 was a Thursday; 0 Sunday */
      if (dow < 0) dow += 7;
      fit->weekend += dow == 0 || dow == 6;
    }
  }
  fit->last = grid_floor(g, t[n - 1]);
}

static void describe_fixed(ur_step *s) {
  static const struct { double seconds; const char *one, *many; int season; } units[] = {
    {604800, "weekly", "weeks", 52}, {86400, "daily", "days", 7}, {3600, "hourly", "hours", 24},
    {60, "every minute", "minutes", 0}, {1, "every second", "seconds", 0},
  };
  for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
    double q = s->seconds / units[u].seconds;
    if (q != floor(q)) continue;
    if (q == 1) {
      snprintf(s->words, sizeof s->words, "%s", units[u].one);
      s->season = units[u].season;
    } else {
      snprintf(s->words, sizeof s->words, "every %.0f %s", q, units[u].many);
    }
    return;
  }
  snprintf(s->words, sizeof s->words, "every %g seconds", s->seconds);
}

static void describe_months(ur_step *s) {
  if (s->months == 1) { snprintf(s->words, sizeof s->words, "monthly"); s->season = 12; }
  else if (s->months == 3) { snprintf(s->words, sizeof s->words, "quarterly"); s->season = 4; }
  else if (s->months == 12) snprintf(s->words, sizeof s->words, "yearly");
  else if (s->months % 12 == 0) snprintf(s->words, sizeof s->words, "every %d years", s->months / 12);
  else snprintf(s->words, sizeof s->words, "every %d months", s->months);
}

/* Lays one trial step on the instants: 1 and `out` filled when 90% fit. */
static int try_step(const double *t, long n, const ur_step *trial, ur_step *out) {
  grid g;
  grid_fit fit;
  if (make_grid(trial, t[0], &g) != 0) return 0;
  fit_grid(t, n, &g, &fit);
  if (fit.on_grid * 10 < n * 9L || fit.last < 0) return 0;
  *out = *trial;
  out->expected = (long)fit.last + 1;
  out->missing = out->expected - fit.distinct;
  if (out->missing < 0) out->missing = 0;
  out->off_grid = n - fit.on_grid;
  out->weekdays = fit.weekend == 0 && g.step == 86400 && t[n - 1] - t[0] >= 13 * 86400.0 && out->missing > 0;
  if (trial->kind == UR_STEP_FIXED) describe_fixed(out);
  else describe_months(out);
  return 1;
}

static ur_step fixed_trial(double seconds) {
  ur_step s = {.kind = UR_STEP_FIXED, .seconds = seconds};
  return s;
}

static ur_step months_trial(int months, int month_end) {
  ur_step s = {.kind = UR_STEP_MONTHS, .months = months, .month_end = month_end};
  return s;
}

/* A month-end grid when t0 is its month's last day and pairs of month ends
 * outnumber pairs on the same other day (30 April, 30 May, 30 June... is the
 * 30th, clamped in February). */
static int month_end_grid(double t0, const step_tallies *s) {
  double tod;
  long long y;
  int m, d;
  if (!(fabs(t0) <= INSTANT_LIMIT)) return 0;
  civil_from_days(split_instant(t0, &tod), &y, &m, &d);
  return d == month_length(y, m) && s->month_end_pairs >= s->same_day_pairs;
}

/* The steps to try, most likely first (see 3. above); how many. */
static int make_trials(const double *t, long n, const step_tallies *s, ur_step trials[5]) {
  int fixed = tally_best(&s->seconds), months = tally_best(&s->months), k = 0;
  int months_first = months >= 0 && (fixed < 0 || s->months.count[months] >= s->seconds.count[fixed]);
  ur_step by_months = months >= 0 ? months_trial((int)s->months.key[months], month_end_grid(t[0], s)) : fixed_trial(0);
  if (months_first) trials[k++] = by_months;
  if (fixed >= 0) {
    double most = (double)s->seconds.key[fixed] / 1000.0, rounded = round_step(most);
    trials[k++] = fixed_trial(most);
    if (rounded != most) trials[k++] = fixed_trial(rounded);
  }
  if (months >= 0 && !months_first) trials[k++] = by_months;
  int smallest = tally_smallest(&s->seconds, n - 1);
  if (smallest >= 0 && smallest != fixed) trials[k++] = fixed_trial((double)s->seconds.key[smallest] / 1000.0);
  return k;
}

static void no_step(ur_step *step, ur_step_kind kind, long n) {
  memset(step, 0, sizeof *step);
  step->kind = kind;
  step->expected = kind == UR_STEP_NONE && n > 0;
  snprintf(step->words, sizeof step->words, "%s", kind == UR_STEP_NONE ? "none" : "irregular");
}

void ur_step_detect(const double *t, long n, ur_step *step) {
  step_tallies s;
  ur_step trials[5];
  int n_trials = 0;
  if (!t || n < 2) {
    no_step(step, UR_STEP_NONE, t ? n : 0);
    return;
  }
  tally_differences(t, n, &s);
  if (s.rising == 0) { /* no two distinct instants */
    no_step(step, UR_STEP_NONE, n);
    return;
  }
  count_differences(t, n, &s);
  n_trials = make_trials(t, n, &s, trials);
  for (int i = 0; i < n_trials; i++)
    if (try_step(t, n, &trials[i], step)) return;
  no_step(step, UR_STEP_IRREGULAR, n);
}
