/* csv_dialog_cases.h: the import dialog's test cases beyond weather.csv,
 * one file a concern, run by test_csv_dialog's main. */
#ifndef CSV_DIALOG_CASES_H
#define CSV_DIALOG_CASES_H

#include "csv_dialog_driver.h"

/* A file of tests/data (weather.csv's folder); g_free it. */
char *data_file(const char *name);
/* The file as the engine reads it with a date format for a column (both
 * may be NULL); FALSE (and a failed check) when it cannot. */
gboolean read_csv(const char *path, const char *date_format, const char *date_column, ur_csv *csv);

/* test_csv_dialog_dates.c */
void test_sunspots(void);
void test_hourly(void);
void test_ambiguous(void);

/* test_csv_dialog_series.c */
void test_long(void);
void test_wide(void);
void test_trend(void);
void test_model(void);
void test_short(void);

/* test_csv_dialog_layout.c */
void test_narrow(void);
void test_long_names(void);

/* test_csv_dialog_odd.c */
void test_date_forms(void);
void test_gaps(void);
void test_irregular(void);
void test_duplicates(void);

#endif
