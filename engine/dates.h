/* dates.h: dates and times as users' files write them, and the step of a
 * series of them.
 *
 * Formats are strftime-style strings, locale-independent (English month
 * names), e.g.
 *   "%Y-%m-%d"  "%Y-%m-%dT%H:%M:%S%z"  "%Y/%m/%d %H:%M"  "%d/%m/%Y"  "%m/%d/%Y"
 *   "%d.%m.%Y"  "%b %d %Y"  "%d %B %Y"  "%d-%b-%Y"  "%Y%m%d"  "%Y-%m"  "%Y"
 * Conversions understood by ur_date_parse:
 *   %Y  year, 4 digits (1..9999)          %m  month 1..12, 1 or 2 digits
 *   %d  day 1..31, 1 or 2 digits           %e  same as %d
 *   %H  hour 0..23, 1 or 2 digits          %M  minute 00..59, 2 digits
 *   %S  second 00..60, 2 digits, optionally followed by a fraction ".123"
 *   %b  English month name, short or long, any case ("Jan", "January", "SEPT")
 *   %B  same as %b
 *   %z  "Z", "+hh:mm", "+hhmm", "+hh" or "-..." (the instant is converted to UTC);
 *       also matches nothing (a zone is optional where %z is written)
 *   %T  same as %H:%M:%S;  %%  a literal '%'
 *   %s  seconds since 1970 (Unix time), [-]digits with an optional fraction;
 *       it gives the instant alone (other fields of the format are read, not used)
 *   %I  hour 1..12, 1 or 2 digits, with %p  "AM" or "PM", any case (12-hour clock)
 *   A 1-or-2-digit field written next to another numeric one ("%Y%m%d",
 *   "%H%M") takes exactly 2 digits, so that "%Y%m%d" reads 8 digits, never 7.
 *   any other character matches itself; a space matches one or more spaces.
 * A time part may be left out of a format; fields not in the format take
 * January, day 1, 00:00:00 (and the year 1970, so "%H:%M" gives the seconds
 * into a day).  Instants are seconds since 1970-01-01 00:00:00
 * UTC in the proleptic Gregorian calendar; a date with no zone is read as if
 * it were UTC (so days are exactly 86400 s apart).
 *
 * Pure C, no GLib, no locale: the same in every process.
 */
#ifndef UR_DATES_H
#define UR_DATES_H

#include <stddef.h>

#define UR_DATE_FORMAT_MAX 48

/* Parses the n bytes at s (spaces around them ignored) with format: 0 and
 * *seconds, or -1 when s does not match the format or is not a real date
 * (31 April, 29 February 2023, hour 24). */
int ur_date_parse(const char *s, size_t n, const char *format, double *seconds);

/* Writes an instant with a format (the same conversions; %z writes "Z",
 * %d %m %H %I two digits, %b "Jan", %B "January", %S adds ".mmm" or
 * ".mmmmmm" when the instant has a fraction of a second) and a closing NUL:
 * the length written, or -1 if buf is too small, the instant is not finite,
 * %Y would be outside 1..9999 or the format has an unknown conversion. */
int ur_date_format(double seconds, const char *format, char *buf, size_t len);

/* ---- detecting a column's format ----------------------------------------- */

typedef struct {
  char format[UR_DATE_FORMAT_MAX];      /* the format that reads the cells, "" when none does */
  char alternative[UR_DATE_FORMAT_MAX]; /* the other day/month order when every cell reads both
                                           ways ("%m/%d/%Y" beside "%d/%m/%Y"), else "" */
  int matched;                          /* cells the format reads */
  int tried;                            /* non-empty cells looked at */
  const char *describe;                 /* static words: "day/month/year", "ISO 8601 date and time", "year" */
} ur_date_guess;

/* Looks at n cells (pointers and lengths, lens NULL for NUL-terminated cells;
 * empty or missing ones are skipped by the caller, blank ones are not
 * counted in `tried`) and picks the format that reads the most of
 * them, at least 90% of those tried; ties go to the more specific format
 * (one with a time over one without).  Numbers alone are dates only as
 * 8-digit YYYYMMDD ("19580329") when every cell is a real date with a
 * year from 1000 to 2999, or as bare years ("1700") when every cell is a
 * year from 1000 to 2999 and `name` (may be NULL) reads like a time axis
 * (ur_date_name_like_time) or the years, in the order given, increase
 * strictly with a constant step over at least 3 cells, or as Unix seconds
 * ("1767225600", %s) when every cell is a whole number of 9 or 10 digits
 * (1973 to 2286) and `name` reads like a time axis.  Day/month order:
 * the order in which every cell is a real date; when both orders read every
 * cell (no day above 12 anywhere) format gets day first and alternative
 * month first.
 * 0 when a format was found, -1 otherwise (guess->format ""). */
int ur_date_guess_format(const char *const *cells, const size_t *lens, int n, const char *name, ur_date_guess *guess);

/* Whether a column name reads like a time axis: "date", "Date", "YEAR",
 * "timestamp", "time", "datetime", "period", "month", "day", "yr", "ds"
 * (as a whole word, or a word of it: "obs_date", "Year of sale"). */
int ur_date_name_like_time(const char *name);

/* ---- the step of a series of instants ------------------------------------- */

typedef enum {
  UR_STEP_NONE,       /* fewer than 2 distinct instants */
  UR_STEP_FIXED,      /* a fixed number of seconds (10 minutes, 1 hour, 1 day, 1 week, ...) */
  UR_STEP_MONTHS,     /* a fixed number of calendar months (1 monthly, 3 quarterly, 12 yearly) */
  UR_STEP_IRREGULAR   /* no step covers the instants */
} ur_step_kind;

typedef struct {
  ur_step_kind kind;
  double seconds;     /* FIXED: the step */
  int months;         /* MONTHS: the step */
  int season;         /* the seasonal period it suggests: 24 hourly, 7 daily, 52 weekly,
                         12 monthly, 4 quarterly, 0 when none (yearly, irregular, other) */
  char words[32];     /* "hourly", "daily", "weekly", "monthly", "quarterly", "yearly",
                         "every 10 minutes", "every 2 days", "irregular" ("none" for NONE) */
  long expected;      /* instants the step expects from the first to the last */
  long missing;       /* of those, absent from the list (gaps) */
  long off_grid;      /* instants that do not fall on the step's grid */
  int month_end;      /* MONTHS: the grid is each month's last day (30 April + 1 month =
                         31 May), set when the first instant is a month's last day and the
                         instants stay on month ends */
  int weekdays;       /* FIXED daily: no instant on a Saturday or Sunday over two weeks or
                         more, with gaps: business days (the weekends count in `missing`) */
} ur_step;

/* The step of n instants sorted ascending without duplicates: the most
 * common difference (for calendar steps: the most common difference in
 * months between instants on the same day of month and time of day, day
 * 28-31 counting as the month's end), checked over the whole list.  The
 * step is FIXED or MONTHS when at least 90% of the instants lie on its
 * grid from the first instant; otherwise IRREGULAR.  When the most common
 * difference does not fit, its value rounded to a whole day, hour, minute
 * or second (a clock that writes 13:00:01 after 12:00:00), the other kind's
 * most common step, and the smallest difference seen in 5% of the pairs
 * (gaps of many lengths) are tried in turn.  Steps are read to the
 * millisecond.  NONE and IRREGULAR leave seconds, months, expected,
 * missing and off_grid 0 (but NONE's expected is the number of distinct
 * instants, 0 or 1).  Takes O(n) time and no memory beyond a few small
 * tables. */
void ur_step_detect(const double *t, long n, ur_step *step);

/* A step built by hand should be zero-initialised, e.g.
 * (ur_step){.kind = UR_STEP_MONTHS, .months = 3}, so that month_end is 0.
 *
 * The grid instant k steps after t0 (MONTHS: calendar months, the day
 * clamped to the month's length: 31 January + 1 month = 28/29 February;
 * with month_end, every month's last day).  k may be negative.  NAN for
 * NONE and IRREGULAR. */
double ur_step_add(const ur_step *step, double t0, long k);
/* How many whole steps from t0 to t (rounded to nearest; -1 if t is not
 * on the grid within a second, or within a quarter step for steps under
 * 4 s, where a second would put every instant on the grid; -1 as well for
 * t before t0 and for NONE and IRREGULAR). */
long ur_step_index(const ur_step *step, double t0, double t);

#endif
