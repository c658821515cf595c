/* test_dates.c: dates as users' files write them (engine/dates.h).  Reading
 * and writing against python3's datetime (tests/data/dates.txt, made by
 * make_dates.py), every format family the column guess knows with its
 * refusals, day/month order decided and left open, the numbers-only rules,
 * round trips, and the step of generated series (hourly with gaps, daily,
 * business days, weekly, monthly at month ends, quarterly, yearly, every 10
 * minutes, irregular) with their gap and off-grid counts; the speed of
 * parsing and of ur_step_detect on 10 million instants is printed. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "check.h"
#include "dates.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A small deterministic generator for the random cases (splitmix64). */
static uint64_t rng_state = 12345;
static uint64_t next_random(void) {
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static long random_below(long n) { return (long)(next_random() % (uint64_t)n); }

static double parse_or_nan(const char *s, const char *format) {
  double t;
  return ur_date_parse(s, strlen(s), format, &t) == 0 ? t : NAN;
}

/* The instant of an ISO date or date and time, for building expectations. */
static double iso(const char *s) {
  double t = parse_or_nan(s, strchr(s, 'T') ? "%Y-%m-%dT%H:%M:%S%z" : "%Y-%m-%d");
  if (isnan(t)) printf("test bug: %s is not ISO\n", s);
  return t;
}

static int days_in_month(int y, int m) {
  static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : len[m - 1];
}

static double ymd(int y, int m, int d) {
  char buf[16];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return iso(buf);
}

/* ---- against python's datetime --------------------------------------------------- */

static void fixture_parse(char **f, int line) {
  double t;
  int rc = ur_date_parse(f[2], strlen(f[2]), f[1], &t);
  if (!strcmp(f[3], "invalid")) {
    CHECK(rc != 0, "line %d: \"%s\" with %s is not a real date, read as %.0f", line, f[2], f[1], t);
    return;
  }
  double want = strtod(f[3], NULL);
  if (strcmp(f[4], "-")) want += strtod(f[4], NULL) / pow(10, (double)strlen(f[4]));
  CHECK(rc == 0 && fabs(t - want) <= 1e-6 * (1 + fabs(want) * 1e-9), "line %d: \"%s\" with %s: %d, %.6f, want %.6f",
        line, f[2], f[1], rc, t, want);
}

static void fixture_format(char **f, int line) {
  char buf[64];
  int k = ur_date_format(strtod(f[1], NULL), f[2], buf, sizeof buf);
  CHECK(k == (int)strlen(f[3]) && !strcmp(buf, f[3]), "line %d: %s with %s wrote \"%s\", want \"%s\"", line, f[1],
        f[2], k >= 0 ? buf : "(error)", f[3]);
}

static void fixture_add(char **f, int line) {
  ur_step s = {.kind = UR_STEP_MONTHS, .months = atoi(f[2]), .month_end = atoi(f[3])};
  double t0 = strtod(f[1], NULL), want = strtod(f[5], NULL);
  long k = atol(f[4]);
  double got = ur_step_add(&s, t0, k);
  CHECK(got == want, "line %d: %s + %ld × %d months (end %d) = %.0f, want %.0f", line, f[1], k, s.months,
        s.month_end, got, want);
  if (k >= 0) CHECK(ur_step_index(&s, t0, want) == k, "line %d: index of %.0f is %ld", line, want, k);
}

static void test_fixture(const char *path) {
  FILE *in = fopen(path, "r");
  CHECK(in != NULL, "cannot open %s", path);
  if (!in) return;
  char text[512];
  int line = 0, kinds[3] = {0};
  while (fgets(text, sizeof text, in)) {
    char *f[8] = {0};
    int nf = 0;
    line++;
    text[strcspn(text, "\n")] = 0;
    if (text[0] == '#') continue;
    for (char *p = text; p && nf < 8; nf++) {
      f[nf] = p;
      p = strchr(p, '\t');
      if (p) *p++ = 0;
    }
    if (!strcmp(f[0], "parse") && nf >= 4) { fixture_parse(f, line); kinds[0]++; }
    else if (!strcmp(f[0], "format") && nf == 4) { fixture_format(f, line); kinds[1]++; }
    else if (!strcmp(f[0], "add") && nf == 6) { fixture_add(f, line); kinds[2]++; }
    else CHECK(0, "line %d of %s: not understood", line, path);
  }
  fclose(in);
  CHECK(kinds[0] > 1000 && kinds[1] > 100 && kinds[2] > 100, "the fixture has %d parse, %d format, %d add lines",
        kinds[0], kinds[1], kinds[2]);
}

/* ---- reading ---------------------------------------------------------------------- */

typedef struct {
  const char *cell, *format;
  double want; /* NAN: refused */
} parse_case;

static void test_parse(void) {
  const parse_case cases[] = {
    {"2024-02-29T23:59:59Z", "%Y-%m-%dT%H:%M:%S%z", 1709251199},
    {"2024-02-29T23:59:59", "%Y-%m-%dT%H:%M:%S%z", 1709251199},       /* the zone is optional */
    {"2024-03-01T00:59:59+01:00", "%Y-%m-%dT%H:%M:%S%z", 1709251199}, /* converted to UTC */
    {"2024-03-01T00:59:59+0100", "%Y-%m-%dT%H:%M:%S%z", 1709251199},
    {"2024-03-01T00:59:59+01", "%Y-%m-%dT%H:%M:%S%z", 1709251199},
    {"2024-02-29T18:29:59-05:30", "%Y-%m-%dT%H:%M:%S%z", 1709251199},
    {"2024-02-29T23:59:59.25Z", "%Y-%m-%dT%H:%M:%S%z", 1709251199.25},
    {"2024-02-29T23:59:59.123456789123Z", "%Y-%m-%dT%H:%M:%S%z", 1709251199.123456789},
    {"2016-12-31T23:59:60Z", "%Y-%m-%dT%T%z", 1483228800}, /* a leap second reads as the next day */
    {"  2024-01-01\t", "%Y-%m-%d", 1704067200},              /* spaces around are ignored */
    {"2024-1-1", "%Y-%m-%d", 1704067200},
    {"2012/01/01", "%Y/%m/%d", 1325376000},
    {"2010/01/01 00:00", "%Y/%m/%d %H:%M", 1262304000},
    {"Jan 1 2000", "%b %d %Y", 946684800},
    {"Jan  1   2000", "%b %d %Y", 946684800}, /* a space matches several */
    {"JANUARY 1, 2000", "%B %d, %Y", 946684800},
    {"sept 1 2000", "%b %d %Y", 967766400},
    {"Sep 1 2000", "%b %d %Y", 967766400},
    {"September 1 2000", "%b %d %Y", 967766400},
    {"01-Jan-2000", "%d-%b-%Y", 946684800},
    {"2000-Jan-01", "%Y-%b-%d", 946684800},
    {"19580329", "%Y%m%d", -371174400},
    {"1700", "%Y", -8520336000},
    {"2020-03", "%Y-%m", 1583020800},
    {"3/14/2024 1:05 PM", "%m/%d/%Y %I:%M %p", 1710421500},
    {"3/14/2024 12:05 am", "%m/%d/%Y %I:%M %p", 1710374700},
    {"3/14/2024 12:05 PM", "%m/%d/%Y %I:%M %p", 1710417900},
    {"12:30", "%H:%M", 45000},
    {"100%", "%Y%%", NAN},
    {"2024%", "%Y%%", 1704067200},
    {"0001-01-01", "%Y-%m-%d", -62135596800},
    {"9999-12-31", "%Y-%m-%d", 253402214400},
    /* refused */
    {"31/04/2024", "%d/%m/%Y", NAN},
    {"29/02/2023", "%d/%m/%Y", NAN},
    {"29/02/1900", "%d/%m/%Y", NAN},
    {"2024-13-01", "%Y-%m-%d", NAN},
    {"2024-00-10", "%Y-%m-%d", NAN},
    {"2024-01-00", "%Y-%m-%d", NAN},
    {"2024-01-01x", "%Y-%m-%d", NAN},
    {"2024-01-01T", "%Y-%m-%d", NAN},
    {"x2024-01-01", "%Y-%m-%d", NAN},
    {"", "%Y-%m-%d", NAN},
    {"   ", "%Y-%m-%d", NAN},
    {"0000-01-01", "%Y-%m-%d", NAN},
    {"12024-01-01", "%Y-%m-%d", NAN},
    {"24-01-01", "%Y-%m-%d", NAN},
    {"2024-001-01", "%Y-%m-%d", NAN},
    {"2024-01-01T24:00:00", "%Y-%m-%dT%H:%M:%S", NAN},
    {"2024-01-01T23:60:00", "%Y-%m-%dT%H:%M:%S", NAN},
    {"2024-01-01T23:59:61", "%Y-%m-%dT%H:%M:%S", NAN},
    {"2024-01-01T23:5:00", "%Y-%m-%dT%H:%M:%S", NAN},
    {"2024-01-01T23:59:59.", "%Y-%m-%dT%H:%M:%S", NAN},
    {"2024-01-01T23:59:59+1", "%Y-%m-%dT%H:%M:%S%z", NAN},
    {"2024-01-01T23:59:59+01:", "%Y-%m-%dT%H:%M:%S%z", NAN},
    {"2024-01-01T23:59:59+24:00", "%Y-%m-%dT%H:%M:%S%z", NAN},
    {"2024-01-01T23:59:59+01:60", "%Y-%m-%dT%H:%M:%S%z", NAN},
    {"2024-01-01T23:59:59ZZ", "%Y-%m-%dT%H:%M:%S%z", NAN},
    {"2024-01-01 12:00", "%Y-%m-%d", NAN},
    {"2024-01-01", "%Y-%m-%d %H:%M", NAN},
    {"1958032", "%Y%m%d", NAN}, /* YYYYMMDD is 8 digits, never 7 */
    {"195803291", "%Y%m%d", NAN},
    {"Janu 1 2000", "%b %d %Y", NAN},
    {"Ja 1 2000", "%b %d %Y", NAN},
    {"Septembers 1 2000", "%b %d %Y", NAN},
    {"Jan1 2000", "%b %d %Y", NAN},
    {"13/14/2024 1:05 PM", "%m/%d/%Y %I:%M %p", NAN},
    {"3/14/2024 13:05 PM", "%m/%d/%Y %I:%M %p", NAN},
    {"3/14/2024 0:05 PM", "%m/%d/%Y %I:%M %p", NAN},
    {"12.5", "%d.%m.%Y", NAN},
    {"-3", "%Y", NAN},
    {"2024-01-01", "%Y-%m-%d%q", NAN}, /* not a conversion */
    {"2024-01-01", "%Y-%m-%d%", NAN},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double got = parse_or_nan(cases[i].cell, cases[i].format), want = cases[i].want;
    CHECK(isnan(want) ? isnan(got) : fabs(got - want) < 1e-6, "\"%s\" with %s: %.6f, want %.6f", cases[i].cell,
          cases[i].format, got, want);
  }
  /* n bounds the cell: nothing past it is read (the buffer is exactly n bytes) */
  char *exact = malloc(9);
  memcpy(exact, "2024-01-1", 9);
  double t = 0;
  CHECK(ur_date_parse(exact, 9, "%Y-%m-%d", &t) == 0 && t == 1704067200, "a cell of exactly n bytes: %.0f", t);
  CHECK(ur_date_parse(exact, 8, "%Y-%m-%d", &t) != 0, "a cell cut short is refused");
  memcpy(exact, "Sep 2000 ", 9);
  CHECK(ur_date_parse(exact, 3, "%b", &t) == 0 && ur_date_parse(exact, 9, "%b %Y", &t) == 0, "a month name at the end");
  free(exact);
  CHECK(ur_date_parse("2024-01-01", 4, "%Y", &t) == 0 && t == 1704067200, "only n bytes are looked at");
  CHECK(ur_date_parse(NULL, 0, "%Y", &t) != 0 && ur_date_parse("2024", 4, NULL, &t) != 0, "NULL is refused");
}

/* ---- writing ------------------------------------------------------------------------ */

static void test_format(void) {
  char buf[64];
  double t = 1709251199.25;
  CHECK(ur_date_format(t, "%Y-%m-%dT%H:%M:%S%z", buf, sizeof buf) == 24 && !strcmp(buf, "2024-02-29T23:59:59.250Z"),
        "ISO with a fraction: %s", buf);
  CHECK(ur_date_format(1709251199.000125, "%T", buf, sizeof buf) > 0 && !strcmp(buf, "23:59:59.000125"),
        "microseconds: %s", buf);
  CHECK(ur_date_format(1709251199.9999999, "%T", buf, sizeof buf) > 0 && !strcmp(buf, "00:00:00"),
        "rounded to the microsecond, never :60: %s", buf);
  CHECK(ur_date_format(946684800, "%d %B %Y, %b %e %p %I %%", buf, sizeof buf) > 0 &&
        !strcmp(buf, "01 January 2000, Jan 01 AM 12 %"), "names and literals: %s", buf);
  CHECK(ur_date_format(-8520336000, "%Y", buf, sizeof buf) == 4 && !strcmp(buf, "1700"), "before 1970: %s", buf);
  CHECK(ur_date_format(-62135596800 - 1, "%Y", buf, sizeof buf) == -1, "year 0 cannot be written as %%Y");
  CHECK(ur_date_format(-62135596800 - 1, "%H:%M:%S", buf, sizeof buf) == 8 && !strcmp(buf, "23:59:59"),
        "but its time can: %s", buf);
  CHECK(ur_date_format(NAN, "%Y", buf, sizeof buf) == -1 && ur_date_format(INFINITY, "%Y", buf, sizeof buf) == -1,
        "not an instant");
  CHECK(ur_date_format(0, "%Y-%q", buf, sizeof buf) == -1 && ur_date_format(0, "%", buf, sizeof buf) == -1,
        "an unknown conversion");
  char small[11];
  CHECK(ur_date_format(0, "%Y-%m-%d", small, sizeof small) == 10 && !strcmp(small, "1970-01-01"), "an exact fit");
  CHECK(ur_date_format(0, "%Y-%m-%dT", small, sizeof small) == -1, "one byte short");
  CHECK(ur_date_format(0, "", small, 1) == 0 && small[0] == 0, "an empty format");
  CHECK(ur_date_format(0, "x", small, 0) == -1, "no room at all");
}

/* parse(format(t)) == t over the whole calendar, for every kind of field. */
static void test_round_trips(void) {
  static const char *const formats[] = {"%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %T", "%d/%m/%Y %H:%M:%S",
                                        "%m/%d/%Y %I:%M:%S %p", "%d %B %Y %H:%M:%S", "%b %d, %Y %T",
                                        "%Y%m%d%H%M%S", "%d.%m.%Y %H:%M:%S"};
  const double first = -62135596800.0, last = 253402300799.0; /* 0001-01-01 .. 9999-12-31T23:59:59 */
  int failures = 0, tried = 0;
  for (int i = 0; i < 20000; i++) {
    double t = first + (double)random_below((long)(last - first));
    if (i % 4 == 0) t += (double)random_below(1000) / 1000; /* milliseconds */
    const char *f = formats[i % (sizeof formats / sizeof formats[0])];
    char buf[64];
    double back = NAN;
    if (ur_date_format(t, f, buf, sizeof buf) < 0 || ur_date_parse(buf, strlen(buf), f, &back) != 0 || back != t) {
      if (failures++ < 5) printf("round trip of %.3f with %s: \"%s\" read back as %.3f\n", t, f, buf, back);
    }
    tried++;
  }
  CHECK(failures == 0, "%d of %d round trips differ", failures, tried);
}

/* ---- guessing a column's format -------------------------------------------------- */

typedef struct {
  const char *cells[12];
  const char *name;
  const char *format, *alternative; /* format "" when none */
} guess_case;

static ur_date_guess guess_cells(const char *const *cells, int n, const char *name) {
  size_t lens[1200];
  ur_date_guess g;
  for (int i = 0; i < n; i++) lens[i] = strlen(cells[i]);
  ur_date_guess_format(cells, lens, n, name, &g);
  return g;
}

static void test_guess_table(void) {
  static const guess_case cases[] = {
    {{"2024-01-01", "2024-01-02", "2024-02-29"}, NULL, "%Y-%m-%d", ""},
    {{"2024-01-01T10:00:00", "2024-01-01T11:00:00"}, NULL, "%Y-%m-%dT%H:%M:%S", ""},
    {{"2024-01-01T10:00:00.125", "2024-01-01T11:00:00.5"}, NULL, "%Y-%m-%dT%H:%M:%S", ""},
    {{"2024-01-01T10:00:00Z", "2024-01-01T11:00:00+01:00"}, NULL, "%Y-%m-%dT%H:%M:%S%z", ""},
    {{"2024-01-01T10:00:00", "2024-01-01T11:00:00Z"}, NULL, "%Y-%m-%dT%H:%M:%S%z", ""},
    {{"2024-01-01T10:00", "2024-01-01T11:00"}, NULL, "%Y-%m-%dT%H:%M", ""},
    {{"2024-01-01T10:00+02:00", "2024-01-01T11:00-0130"}, NULL, "%Y-%m-%dT%H:%M%z", ""},
    {{"2024-01-01 10:00:00", "2024-01-01 11:00:00.5"}, NULL, "%Y-%m-%d %H:%M:%S", ""},
    {{"2024-01-01 10:00:00+00:00", "2024-01-01 11:00:00+00:00"}, NULL, "%Y-%m-%d %H:%M:%S%z", ""},
    {{"2024-01-01 10:00", "2024-01-01 11:00"}, NULL, "%Y-%m-%d %H:%M", ""},
    {{"2012/01/01", "2012/01/02"}, NULL, "%Y/%m/%d", ""},
    {{"2010/01/01 00:00", "2010/01/01 01:00"}, NULL, "%Y/%m/%d %H:%M", ""},
    {{"2010/01/01 00:00:00", "2010/01/01 01:00:00"}, NULL, "%Y/%m/%d %H:%M:%S", ""},
    {{"2010.01.01", "2010.01.02"}, NULL, "%Y.%m.%d", ""},
    {{"2010.01.01 10:00", "2010.01.02 10:00"}, NULL, "%Y.%m.%d %H:%M", ""},
    {{"13/01/2024", "01/02/2024"}, NULL, "%d/%m/%Y", ""},
    {{"01/13/2024", "01/02/2024"}, NULL, "%m/%d/%Y", ""},
    {{"01/02/2024", "03/04/2024", "12/12/2024"}, NULL, "%d/%m/%Y", "%m/%d/%Y"},
    {{"1/2/2024 3:00", "3/4/2024 13:00"}, NULL, "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M"},
    {{"1/20/2024 3:00:00", "3/4/2024 13:00:59"}, NULL, "%m/%d/%Y %H:%M:%S", ""},
    {{"31-12-2023", "01-01-2024"}, NULL, "%d-%m-%Y", ""},
    {{"12-31-2023", "01-01-2024"}, NULL, "%m-%d-%Y", ""},
    {{"01-02-2024", "03-04-2024"}, NULL, "%d-%m-%Y", "%m-%d-%Y"},
    {{"31.12.2023 23:59", "01.01.2024 00:00"}, NULL, "%d.%m.%Y %H:%M", ""},
    {{"01.02.2024 10:00:00", "03.04.2024 10:00:00"}, NULL, "%d.%m.%Y %H:%M:%S", "%m.%d.%Y %H:%M:%S"},
    {{"3/14/2024 1:05:00 PM", "3/15/2024 11:05:00 AM"}, NULL, "%m/%d/%Y %I:%M:%S %p", ""},
    {{"14/3/2024 1:05 PM", "15/3/2024 11:05 AM"}, NULL, "%d/%m/%Y %I:%M %p", ""},
    {{"Jan 1 2000", "Feb 29 2000", "Sept 3 2000"}, NULL, "%b %d %Y", ""},
    {{"January 1, 2000", "February 29, 2000", "May 1, 2000"}, NULL, "%B %d, %Y", ""},
    {{"1 Jan 2000", "2 Jan 2000"}, NULL, "%d %b %Y", ""},
    {{"1 January 2000 10:00", "2 June 2000 11:00"}, NULL, "%d %B %Y %H:%M", ""},
    {{"01-Jan-2000", "02-Jan-2000"}, NULL, "%d-%b-%Y", ""},
    {{"01-JAN-2000 10:00:00", "02-JAN-2000 10:00:00"}, NULL, "%d-%b-%Y %H:%M:%S", ""},
    {{"10/Oct/2000", "11/Oct/2000"}, NULL, "%d/%b/%Y", ""},
    {{"2000-Jan-01", "2000-Feb-01"}, NULL, "%Y-%b-%d", ""},
    {{"Jan 2000", "Feb 2000", "Mar 2000"}, NULL, "%b %Y", ""},
    {{"January 2000", "February 2000", "March 2000"}, NULL, "%B %Y", ""},
    {{"Jan-2000", "Feb-2000"}, NULL, "%b-%Y", ""},
    {{"19580329", "19580330", "20240229"}, NULL, "%Y%m%d", ""},
    {{"2020-03", "2020-04"}, NULL, "%Y-%m", ""},
    {{"2020/03", "2020/04"}, NULL, "%Y/%m", ""},
    {{"03/2020", "04/2020"}, NULL, "%m/%Y", ""},
    {{"1700", "1850", "1712"}, "Year", "%Y", ""},
    {{"1700", "1850", "1712"}, "obs_date", "%Y", ""},
    {{"1990", "1991", "1992", "1993"}, NULL, "%Y", ""},
    {{"1990", "1995", "2000", "2005"}, "value", "%Y", ""},
    /* refused */
    {{"1700", "1850", "1712"}, "value", "", ""},       /* numbers, not in order, no time-like name */
    {{"1990", "1991"}, NULL, "", ""},                   /* two cells are no evidence of a step */
    {{"1990", "1991", "1991", "1992"}, NULL, "", ""},   /* not strictly increasing */
    {{"3000", "3001", "3002"}, "year", "", ""},         /* past 2999 */
    {{"0990", "0991", "0992"}, "year", "", ""},         /* before 1000 */
    {{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}, "year", "", ""},
    {{"12.5", "-3", "7", "0.25"}, "temperature", "", ""},
    {{"12.5", "13.0", "14.5"}, "date", "", ""},
    {{"19580329", "19581329"}, "date", "", ""},         /* one is not a real date */
    {{"09990101", "09990102"}, "date", "", ""},         /* year 999 */
    {{"12345678", "23456789"}, NULL, "", ""},
    {{"31/04/2024", "30/04/2024"}, NULL, "", ""},
    {{"29/02/2023", "28/02/2023"}, NULL, "", ""},
    {{"2024-13-01", "2024-12-01"}, NULL, "", ""},
    {{"2024-01-01x", "2024-01-02x"}, NULL, "", ""},
    {{"hello", "world"}, NULL, "", ""},
    {{"1e5", "2E3"}, "date", "", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const guess_case *c = &cases[i];
    int n = 0;
    while (n < 12 && c->cells[n]) n++;
    ur_date_guess g = guess_cells(c->cells, n, c->name);
    CHECK(!strcmp(g.format, c->format) && !strcmp(g.alternative, c->alternative) && g.describe,
          "case %zu (%s, ...): \"%s\" / \"%s\", want \"%s\" / \"%s\"", i, c->cells[0], g.format, g.alternative,
          c->format, c->alternative);
    if (c->format[0]) CHECK(g.matched == n && g.tried == n, "case %zu: %d of %d", i, g.matched, g.tried);
  }
}

static const char *cells[1000];
static char text[1000][32];

static void test_guess_order(void) {
  ur_date_guess g;
  /* day/month order decided by a single late cell */
  for (int i = 0; i < 1000; i++) {
    snprintf(text[i], sizeof text[i], "%02d/%02d/2024", i % 12 + 1, i % 12 + 1);
    cells[i] = text[i];
  }
  g = guess_cells(cells, 1000, NULL);
  CHECK(!strcmp(g.format, "%d/%m/%Y") && !strcmp(g.alternative, "%m/%d/%Y"), "1000 ambiguous cells: %s / %s",
        g.format, g.alternative);
  snprintf(text[900], sizeof text[900], "03/25/2024");
  g = guess_cells(cells, 1000, NULL);
  CHECK(!strcmp(g.format, "%m/%d/%Y") && !g.alternative[0] && g.matched == 1000, "cell 900 decides month first: %s",
        g.format);
  snprintf(text[900], sizeof text[900], "25/03/2024");
  g = guess_cells(cells, 1000, NULL);
  CHECK(!strcmp(g.format, "%d/%m/%Y") && !g.alternative[0], "cell 900 decides day first: %s", g.format);
  snprintf(text[100], sizeof text[100], "03/25/2024");
  g = guess_cells(cells, 1000, NULL);
  CHECK(!strcmp(g.format, "%d/%m/%Y") && !g.alternative[0] && g.matched == 999,
        "one cell each way: day first, 999 read, no alternative: %s %d", g.format, g.matched);
}

static void test_guess_threshold(void) {
  ur_date_guess g;
  /* 90%: 100 bad cells of 1000 are allowed, 101 are not */
  for (int i = 0; i < 1000; i++) {
    snprintf(text[i], sizeof text[i], "2024-01-%02dT%02d:00", i % 28 + 1, i % 24);
    cells[i] = text[i];
  }
  for (int i = 0; i < 100; i++) snprintf(text[i * 10 + 3], sizeof text[0], "n/a%d", i);
  g = guess_cells(cells, 1000, NULL);
  CHECK(!strcmp(g.format, "%Y-%m-%dT%H:%M") && g.matched == 900 && g.tried == 1000, "900 of 1000: %s %d/%d",
        g.format, g.matched, g.tried);
  snprintf(text[5], sizeof text[5], "oops");
  CHECK(ur_date_guess_format(cells, NULL, 1000, NULL, &g) == -1 && !g.format[0] && g.tried == 1000,
        "899 of 1000 is too few (%s)", g.format);
  /* blank cells are not counted; lens may be NULL */
  const char *blanks[] = {"2024-01-01", "  ", "", "2024-01-02"};
  CHECK(ur_date_guess_format(blanks, NULL, 4, NULL, &g) == 0 && g.tried == 2 && g.matched == 2, "blanks: %d/%d",
        g.matched, g.tried);
  CHECK(ur_date_guess_format(blanks, NULL, 0, NULL, &g) == -1 && !g.format[0], "no cells");
}

static void test_guess_numbers(void) {
  ur_date_guess g;
  /* integers 1..100 are not years, even under a time-like name */
  for (int i = 0; i < 100; i++) {
    snprintf(text[i], sizeof text[i], "%d", i + 1);
    cells[i] = text[i];
  }
  CHECK(ur_date_guess_format(cells, NULL, 100, "year", &g) == -1, "1..100 are not years: %s", g.format);
  /* 4-digit integers rising by a constant step are years, with no name */
  for (int i = 0; i < 100; i++) snprintf(text[i], sizeof text[i], "%d", 2000 + i * 5);
  CHECK(ur_date_guess_format(cells, NULL, 100, NULL, &g) == 0 && !strcmp(g.format, "%Y"), "2000, 2005, ...: %s",
        g.format);
  /* a temperature column */
  for (int i = 0; i < 1000; i++) {
    snprintf(text[i], sizeof text[i], "%.1f", -20 + (double)random_below(600) / 10);
    cells[i] = text[i];
  }
  CHECK(ur_date_guess_format(cells, NULL, 1000, "date", &g) == -1, "temperatures are not dates: %s", g.format);
}

/* Unix seconds: read and written back, guessed under a time-like name only. */
static void test_unix_seconds(void) {
  double t = 0;
  CHECK(ur_date_parse("1767225600", 10, "%s", &t) == 0 && t == 1767225600.0, "2026-01-01 as %%s: %.0f", t);
  CHECK(ur_date_parse(" -86400.5 ", 10, "%s", &t) == 0 && t == -86400.5, "a day and a half second before: %.1f", t);
  CHECK(ur_date_parse("17672256x0", 10, "%s", &t) == -1, "17672256x0 read as seconds");
  char buf[64];
  CHECK(ur_date_format(1767225600.25, "%s", buf, sizeof buf) > 0 && !strcmp(buf, "1767225600.250"), "written: %s", buf);
  CHECK(ur_date_format(-1.5, "%s", buf, sizeof buf) > 0 && !strcmp(buf, "-1.500"), "-1.5 written: %s", buf);
  CHECK(ur_date_format(1767225600, "%Y-%m-%d %H:%M", buf, sizeof buf) > 0 && !strcmp(buf, "2026-01-01 00:00"),
        "the same instant: %s", buf);
  ur_date_guess g;
  for (int i = 0; i < 200; i++) {
    snprintf(text[i], sizeof text[i], "%ld", 1767225600L + 3600L * i);
    cells[i] = text[i];
  }
  CHECK(ur_date_guess_format(cells, NULL, 200, "timestamp", &g) == 0 && !strcmp(g.format, "%s") &&
        !strcmp(g.describe, "Unix seconds"), "hourly Unix seconds under “timestamp”: %s", g.format);
  /* the same rising 10-digit numbers under another name may be values (a population) */
  CHECK(ur_date_guess_format(cells, NULL, 200, "population", &g) == -1, "a rising count read as %s", g.format);
  snprintf(text[7], sizeof text[7], "%s", "1767225600123"); /* milliseconds */
  CHECK(ur_date_guess_format(cells, NULL, 200, "timestamp", &g) == -1, "a 13-digit cell among seconds: %s", g.format);
}

/* Milliseconds to guess 1000 cells of one kind. */
static double guess_ms(const char *kind) {
  ur_date_guess g;
  for (int i = 0; i < 1000; i++) {
    if (!strcmp(kind, "ISO")) snprintf(text[i], sizeof text[i], "2024-01-%02dT%02d:00:00Z", i % 28 + 1, i % 24);
    else if (!strcmp(kind, "month names")) snprintf(text[i], sizeof text[i], "Jan-%d", 1000 + i);
    else if (!strcmp(kind, "numbers")) snprintf(text[i], sizeof text[i], "%.1f", (double)random_below(600) / 10);
    else snprintf(text[i], sizeof text[i], "Lyon-Bron %d", i);
    cells[i] = text[i];
  }
  double t0 = now();
  for (int r = 0; r < 20; r++) ur_date_guess_format(cells, NULL, 1000, NULL, &g);
  return (now() - t0) / 20 * 1e3;
}

/* The common case (ISO, first in the table), a format near the end of the
 * table, numbers (refused before any parsing) and text (every candidate
 * tried until it has missed 10%). */
static void test_guess_speed(void) {
  static const char *const kinds[] = {"ISO", "month names", "numbers", "text"};
  for (int k = 0; k < 4; k++) {
    double ms = guess_ms(kinds[k]);
    printf("info: ur_date_guess_format on 1000 cells (%s): %.3f ms\n", kinds[k], ms);
    CHECK(ms < 50, "guessing 1000 cells (%s) takes %.1f ms", kinds[k], ms);
  }
}

static void test_names(void) {
  static const char *const yes[] = {"date", "Date", "YEAR", "timestamp", "time", "datetime", "period", "month",
                                    "day", "yr", "ds", "obs_date", "Year of sale", "saleYear", "Date (UTC)",
                                    "order-date", "DATE_2"};
  static const char *const no[] = {"", "value", "updated", "daytime_temp", "mandate", "temperature",
                                   "dsp", "yrs", "birthday"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
    CHECK(ur_date_name_like_time(yes[i]), "\"%s\" reads like a time axis", yes[i]);
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
    CHECK(!ur_date_name_like_time(no[i]), "\"%s\" does not", no[i]);
  CHECK(!ur_date_name_like_time(NULL), "no name");
}

/* ---- the step ---------------------------------------------------------------------- */

static void expect_step(const char *what, const double *t, long n, ur_step_kind kind, double seconds, int months,
                        const char *words, long expected, long missing, long off_grid) {
  ur_step s;
  ur_step_detect(t, n, &s);
  CHECK(s.kind == kind && s.seconds == seconds && s.months == months && !strcmp(s.words, words) &&
            s.expected == expected && s.missing == missing && s.off_grid == off_grid,
        "%s: kind %d, %gs, %d months, \"%s\", expected %ld, missing %ld, off grid %ld; want kind %d, %gs, %d months, "
        "\"%s\", %ld, %ld, %ld",
        what, s.kind, s.seconds, s.months, s.words, s.expected, s.missing, s.off_grid, kind, seconds, months, words,
        expected, missing, off_grid);
}

static void test_fixed_steps(void) {
  static double t[20000];
  double t0 = iso("2024-03-01T00:00:00");
  long n = 0, skipped = 0;
  for (long k = 0; k < 5000; k++) {
    if (k % 17 == 5 || (k >= 2000 && k < 2100)) { skipped++; continue; }
    t[n++] = t0 + 3600.0 * (double)k;
  }
  expect_step("hourly with gaps", t, n, UR_STEP_FIXED, 3600, 0, "hourly", 5000, skipped, 0);
  ur_step s;
  ur_step_detect(t, n, &s);
  CHECK(s.season == 24 && !s.weekdays, "hourly suggests a season of 24: %d", s.season);
  /* off-grid instants: a reading 20 minutes past the hour, every 50 hours */
  n = 0;
  for (long k = 0; k < 1000; k++) {
    t[n++] = t0 + 3600.0 * (double)k;
    if (k % 50 == 10) t[n++] = t0 + 3600.0 * (double)k + 1200;
  }
  expect_step("hourly with 20 off-grid readings", t, n, UR_STEP_FIXED, 3600, 0, "hourly", 1000, 0, 20);
  /* within a second is on the grid */
  for (long k = 0; k < 100; k++) t[k] = t0 + 3600.0 * (double)k + (k % 3 == 1 ? 0.75 : k % 3 == 2 ? -0.5 : 0);
  expect_step("hourly with jitter under a second", t, 100, UR_STEP_FIXED, 3600, 0, "hourly", 100, 0, 0);
  for (long k = 0; k < 400; k++) t[k] = t0 + 86400.0 * (double)k;
  expect_step("daily", t, 400, UR_STEP_FIXED, 86400, 0, "daily", 400, 0, 0);
  for (long k = 0; k < 400; k++) t[k] = t0 + 2 * 86400.0 * (double)k;
  expect_step("every 2 days", t, 400, UR_STEP_FIXED, 172800, 0, "every 2 days", 400, 0, 0);
  for (long k = 0; k < 300; k++) t[k] = t0 + 7 * 86400.0 * (double)k;
  expect_step("weekly", t, 300, UR_STEP_FIXED, 604800, 0, "weekly", 300, 0, 0);
  ur_step_detect(t, 300, &s);
  CHECK(s.season == 52, "weekly suggests 52: %d", s.season);
  for (long k = 0; k < 5000; k++) t[k] = t0 + 600.0 * (double)k;
  expect_step("every 10 minutes", t, 5000, UR_STEP_FIXED, 600, 0, "every 10 minutes", 5000, 0, 0);
  for (long k = 0; k < 5000; k++) t[k] = t0 + 0.1 * (double)k;
  expect_step("every 0.1 second", t, 5000, UR_STEP_FIXED, 0.1, 0, "every 0.1 seconds", 5000, 0, 0);
  for (long k = 0; k < 5000; k++) t[k] = t0 + 30.0 * (double)k;
  expect_step("every 30 seconds", t, 5000, UR_STEP_FIXED, 30, 0, "every 30 seconds", 5000, 0, 0);
}

/* Weekdays over a year: daily, with the weekends counted as gaps, and said. */
static void test_business_days(void) {
  static double t[400];
  double t0 = iso("2024-01-01"); /* a Monday */
  long n = 0, weekends = 0;
  for (long k = 0; k < 366; k++) {
    if (k % 7 == 5 || k % 7 == 6) { weekends++; continue; }
    if (k == 100) continue; /* a holiday (a Wednesday) */
    t[n++] = t0 + 86400.0 * (double)k;
  }
  /* the last instant is 2024-12-31 (a Tuesday): 366 days expected */
  expect_step("business days", t, n, UR_STEP_FIXED, 86400, 0, "daily", 366, weekends + 1, 0);
  ur_step s;
  ur_step_detect(t, n, &s);
  CHECK(s.weekdays == 1 && s.season == 7, "business days are said: %d", s.weekdays);
  for (long k = 0; k < 366; k++) t[k] = t0 + 86400.0 * (double)k;
  ur_step_detect(t, 366, &s);
  CHECK(s.weekdays == 0, "every day is not business days");
}

static double month_series[2000];

static void test_month_steps(void) {
  double *t = month_series;
  long n = 0;
  /* monthly at month ends, from the end of February (a month-end grid, not the 29th) */
  for (int k = 0; k < 120; k++) {
    int y = 2024 + (k + 1) / 12, m = (k + 1) % 12 + 1;
    t[n++] = ymd(y, m, days_in_month(y, m));
  }
  expect_step("monthly at month ends", t, n, UR_STEP_MONTHS, 0, 1, "monthly", 120, 0, 0);
  ur_step s;
  ur_step_detect(t, n, &s);
  CHECK(s.month_end == 1 && s.season == 12, "month ends: month_end %d, season %d", s.month_end, s.season);
  CHECK(ur_step_add(&s, t[0], 2) == ymd(2024, 4, 30) && ur_step_index(&s, t[0], ymd(2025, 2, 28)) == 12,
        "the month-end grid");
  /* the 30th of each month (29th, 28th in February): a clamped grid, not month ends */
  n = 0;
  for (int k = 0; k < 36; k++) {
    int y = 2023 + (k + 3) / 12, m = (k + 3) % 12 + 1;
    t[n++] = ymd(y, m, m == 2 ? days_in_month(y, m) : 30);
  }
  expect_step("monthly on the 30th", t, n, UR_STEP_MONTHS, 0, 1, "monthly", 36, 0, 0);
  ur_step_detect(t, n, &s);
  CHECK(s.month_end == 0, "the 30th is not month ends");
  /* monthly on the first, with two months missing and one reading on the 15th */
  n = 0;
  for (int k = 0; k < 60; k++) {
    if (k == 7 || k == 30) continue;
    t[n++] = ymd(2000 + k / 12, k % 12 + 1, 1);
    if (k == 40) t[n++] = ymd(2000 + k / 12, k % 12 + 1, 15);
  }
  expect_step("monthly with gaps", t, n, UR_STEP_MONTHS, 0, 1, "monthly", 60, 2, 1);
}

static void test_quarter_and_year_steps(void) {
  double *t = month_series;
  ur_step s;
  long n = 0;
  /* quarterly at quarter ends */
  for (int k = 0; k < 40; k++) {
    int y = 1990 + k / 4, m = 3 * (k % 4) + 3;
    t[n++] = ymd(y, m, days_in_month(y, m));
  }
  expect_step("quarterly", t, n, UR_STEP_MONTHS, 0, 3, "quarterly", 40, 0, 0);
  ur_step_detect(t, n, &s);
  CHECK(s.season == 4, "quarterly suggests 4: %d", s.season);
  /* quarterly from June 30 (the clamped grid would drift to the 30th) */
  expect_step("quarterly from June 30", t + 1, n - 1, UR_STEP_MONTHS, 0, 3, "quarterly", 39, 0, 0);
  /* yearly, from bare years */
  n = 0;
  for (int y = 1700; y < 2020; y++) {
    if (y % 50 == 7) continue;
    char buf[8];
    snprintf(buf, sizeof buf, "%d", y);
    t[n++] = parse_or_nan(buf, "%Y");
  }
  expect_step("yearly from bare years", t, n, UR_STEP_MONTHS, 0, 12, "yearly", 320, 7, 0);
  ur_step_detect(t, n, &s);
  CHECK(s.season == 0, "yearly suggests no season: %d", s.season);
  /* every two years on Dec 31 */
  n = 0;
  for (int y = 1901; y < 2000; y += 2) t[n++] = ymd(y, 12, 31);
  expect_step("every 2 years", t, n, UR_STEP_MONTHS, 0, 24, "every 2 years", 50, 0, 0);
}

static void test_irregular_and_edges(void) {
  static double t[5000];
  double t0 = iso("2024-03-01T00:00:00");
  t[0] = t0;
  for (long k = 1; k < 5000; k++) t[k] = t[k - 1] + 60 + (double)random_below(7200);
  expect_step("random gaps", t, 5000, UR_STEP_IRREGULAR, 0, 0, "irregular", 0, 0, 0);
  /* on an hourly grid, but the gaps between readings are 1 to 10 hours, none most common */
  long hours = 0;
  t[0] = t0;
  for (long k = 1; k < 5000; k++) {
    long gap = 1 + random_below(10);
    hours += gap;
    t[k] = t0 + 3600.0 * (double)hours;
  }
  expect_step("hourly with gaps of every length", t, 5000, UR_STEP_FIXED, 3600, 0, "hourly", hours + 1,
              hours + 1 - 5000, 0);
  expect_step("no instants", t, 0, UR_STEP_NONE, 0, 0, "none", 0, 0, 0);
  expect_step("one instant", t, 1, UR_STEP_NONE, 0, 0, "none", 1, 0, 0);
  double two_hours[2] = {t0, t0 + 3600};
  expect_step("two instants an hour apart", two_hours, 2, UR_STEP_FIXED, 3600, 0, "hourly", 2, 0, 0);
  double two_months[2] = {ymd(2020, 1, 15), ymd(2020, 2, 15)};
  expect_step("two instants a month apart", two_months, 2, UR_STEP_MONTHS, 0, 1, "monthly", 2, 0, 0);
  double bad[4] = {NAN, 5, 5, 1};
  ur_step s;
  ur_step_detect(bad, 4, &s); /* not sorted, duplicates, NaN: an answer, no crash */
  CHECK(s.kind == UR_STEP_NONE || s.kind == UR_STEP_IRREGULAR, "NaN and disorder: kind %d", s.kind);
  ur_step_detect(NULL, 10, &s);
  CHECK(s.kind == UR_STEP_NONE, "NULL");
  double same[3] = {t0, t0, t0};
  expect_step("one instant three times", same, 3, UR_STEP_NONE, 0, 0, "none", 1, 0, 0);
  for (long k = 0; k < 100; k++) t[k] = t0 + 1e-4 * (double)k;
  expect_step("a step under a millisecond", t, 100, UR_STEP_IRREGULAR, 0, 0, "irregular", 0, 0, 0);
}

static void test_add_and_index(void) {
  ur_step monthly = {.kind = UR_STEP_MONTHS, .months = 1};
  double jan31 = ymd(2024, 1, 31);
  CHECK(ur_step_add(&monthly, jan31, 1) == ymd(2024, 2, 29), "31 January + 1 month = 29 February 2024");
  CHECK(ur_step_add(&monthly, ymd(2023, 1, 31), 1) == ymd(2023, 2, 28), "= 28 February 2023");
  CHECK(ur_step_add(&monthly, jan31, 2) == ymd(2024, 3, 31), "31 January + 2 months = 31 March");
  CHECK(ur_step_add(&monthly, jan31, -2) == ymd(2023, 11, 30), "31 January - 2 months = 30 November");
  CHECK(ur_step_index(&monthly, jan31, ymd(2024, 2, 29)) == 1, "29 February is step 1");
  CHECK(ur_step_index(&monthly, jan31, ymd(2024, 2, 28)) == -1, "28 February 2024 is off the grid");
  CHECK(ur_step_index(&monthly, jan31, ymd(2023, 12, 31)) == -1, "before t0");
  CHECK(ur_step_index(&monthly, jan31, ymd(2024, 3, 31) - 0.5) == 2, "half a second early is on the grid");
  CHECK(ur_step_index(&monthly, ymd(2024, 1, 1), ymd(2024, 3, 1) - 0.5) == 2, "even across a month's boundary");
  ur_step hourly = {.kind = UR_STEP_FIXED, .seconds = 3600};
  double t0 = iso("2024-03-01T00:00:00");
  CHECK(ur_step_index(&hourly, t0, t0 + 7200.9) == 2 && ur_step_index(&hourly, t0, t0 + 7198.9) == -1,
        "within a second of the grid");
  CHECK(ur_step_add(&hourly, t0, 24) == t0 + 86400 && ur_step_add(&hourly, t0, -1) == t0 - 3600, "hours ahead and back");
  ur_step fast = {.kind = UR_STEP_FIXED, .seconds = 1};
  CHECK(ur_step_index(&fast, 0, 3.5) == -1 && ur_step_index(&fast, 0, 3.2) == 3, "a second's step: a quarter step");
  ur_step irregular = {.kind = UR_STEP_IRREGULAR};
  CHECK(isnan(ur_step_add(&irregular, t0, 1)) && ur_step_index(&irregular, t0, t0) == -1, "no grid when irregular");
  CHECK(isnan(ur_step_add(&hourly, NAN, 1)) && ur_step_index(&hourly, t0, NAN) == -1, "NaN");
}

/* ---- speed ----------------------------------------------------------------------------- */

static void test_parse_speed(void) {
  enum { CELLS = 1000000 };
  for (int i = 0; i < 1000; i++)
    snprintf(text[i], sizeof text[i], "20%02d-%02d-%02dT%02d:%02d:%02d", i % 50, i % 12 + 1, i % 28 + 1, i % 24,
             i % 60, (i * 7) % 60);
  double sum = 0, t, start = now();
  for (int i = 0; i < CELLS; i++)
    if (ur_date_parse(text[i % 1000], 19, "%Y-%m-%dT%H:%M:%S%z", &t) == 0) sum += t;
  double ns = (now() - start) / CELLS * 1e9;
  start = now();
  for (int i = 0; i < CELLS; i++)
    if (ur_date_parse(text[i % 1000], 10, "%Y-%m-%d", &t) == 0) sum += t;
  double ns_date = (now() - start) / CELLS * 1e9;
  printf("info: ur_date_parse: %.1f ns per ISO date and time, %.1f ns per ISO date (checksum %.0f)\n", ns, ns_date,
         sum);
  CHECK(ns < 1000, "parsing takes %.0f ns a cell", ns);
}

/* 10 million hourly instants with a gap every 101 hours, then 10 million
 * minutes with up to 50 s of jitter. */
static void test_step_speed(void) {
  double start;

  long n = 10 * 1000 * 1000, kept = 0;
  double *big = malloc((size_t)n * sizeof *big);
  CHECK(big != NULL, "10 million instants");
  if (!big) return;
  double t0 = iso("1990-01-01T00:00:00");
  for (long k = 0; k < n + n / 100; k++)
    if (k % 101 != 50 && kept < n) big[kept++] = t0 + 3600.0 * (double)k;
  ur_step s;
  start = now();
  ur_step_detect(big, kept, &s);
  double secs = now() - start;
  long last = (long)((big[kept - 1] - t0) / 3600);
  CHECK(s.kind == UR_STEP_FIXED && s.seconds == 3600 && s.expected == last + 1 && s.missing == last + 1 - kept &&
            s.off_grid == 0,
        "10 million hourly instants: %s, expected %ld, missing %ld", s.words, s.expected, s.missing);
  for (long k = 0; k < n; k++) big[k] = t0 + (double)k * 60 + (double)random_below(50);
  start = now();
  ur_step_detect(big, n, &s);
  double secs_irregular = now() - start;
  CHECK(s.kind == UR_STEP_IRREGULAR, "10 million jittered instants are irregular: %s", s.words);
  printf("info: ur_step_detect on 10 million instants: %.3f s hourly with gaps, %.3f s irregular\n", secs,
         secs_irregular);
  CHECK(secs < 5 && secs_irregular < 5, "ur_step_detect takes %.2f / %.2f s on 10 million instants", secs,
        secs_irregular);
  free(big);
}

int main(int argc, char **argv) {
  test_fixture(argc > 1 ? argv[1] : "dates.txt");
  test_parse();
  test_format();
  test_round_trips();
  test_guess_table();
  test_guess_order();
  test_guess_threshold();
  test_guess_numbers();
  test_unix_seconds();
  test_guess_speed();
  test_names();
  test_fixed_steps();
  test_business_days();
  test_month_steps();
  test_quarter_and_year_steps();
  test_irregular_and_edges();
  test_add_and_index();
  test_parse_speed();
  test_step_speed();
  return check_summary();
}
