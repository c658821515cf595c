/* chart-timeline.h: a user's series over its whole length, in its own
 * units, with the training, validation and test spans shaded and labelled.
 *
 *   ┌────────────────────────────────────────────────────────────┐
 *   │ temperature   3000 rows, 2015-01-01 – 2023-03-19            │
 *   │ y ┌──────────────────────┬────────┬─────┐                   │
 *   │   │ train   /\/\/\/\/\/\ │ valid  │ test│  the target        │
 *   │   └──────────────────────┴────────┴─────┘                   │
 *   │     2016   2017   2018   ...  (dates, or row numbers)       │
 *   │ ■ Training  2050 windows ■ Validation ...  ■ Test ...       │
 *   │   rows 1–2100              rows 2101–2700    rows 2701–3000 │
 *   │   2015-01-01 – 2020-09-30  ...               ...            │
 *   └────────────────────────────────────────────────────────────┘
 *
 * Plain Cairo and Pango (chart-draw.h), no GTK: the import dialog's widget
 * draws it and a test draws it onto an image surface.  A series of more
 * rows than pixels is drawn as each pixel column's minimum and maximum, so
 * a file of millions of rows draws as fast as one of thousands.
 */
#ifndef UNROLL_CHART_TIMELINE_H
#define UNROLL_CHART_TIMELINE_H

#include "chart-draw.h"

typedef struct {
  const float *values;  /* the target at values[i * stride], i < n, in its own units; NAN breaks the line */
  int stride;           /* 0 is taken as 1 */
  const double *time;   /* n seconds since 1970 (UTC) when has_time; else unused (x is the row) */
  int n, has_time;
  int train_end, valid_end; /* rows [0, train_end) train, [train_end, valid_end) valid, the rest test;
                               train_end < 0: no spans (the settings are impossible) */
  int windows[3];       /* windows in each span */
  const char *name;     /* the target column: the title */
  const char *message;  /* without spans: said in their place (NULL: nothing) */
} chart_timeline_input;

/* Draws the timeline into w × h; a (may be NULL) receives the plot area. */
void chart_draw_timeline(cairo_t *cr, double w, double h, const chart_theme *t, const chart_timeline_input *in,
                         chart_axes *a);

/* The device x of the boundary before row `row` (0 .. n) in a drawn timeline. */
double chart_timeline_row_x(const chart_axes *a, const chart_timeline_input *in, int row);

/* The spans' colours (0 train, 1 validation, 2 test), as in the data preview. */
chart_rgb chart_timeline_span_colour(int span);
/* Their shading's opacity on the theme. */
double chart_timeline_span_alpha(const chart_theme *t);

/* Round date ticks covering [lo, hi] (seconds since 1970, UTC), at most
 * max: calendar steps of hours, days, weeks, months or years.  *fmt
 * receives the strftime format that names them without repeating what they
 * share.  Returns the count (at most 64). */
int chart_date_ticks(double lo, double hi, int max, double *ticks, const char **fmt);

/* "2015-01-01", or "2015-01-01 12:30" when with_time. */
void chart_format_date(double seconds, int with_time, char *buf, size_t len);

#endif
