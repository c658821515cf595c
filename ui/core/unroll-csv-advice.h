/* unroll-csv-advice.h: what the import dialog says about a series, in its
 * own words and in the series' units: what was found in the rows (the
 * step, gaps, sorting), what to watch (spans with few windows, validation
 * values outside the training span's range, a model that sees further back
 * than the lookback), the engine's reasons with its command-line hints
 * ("--lookback 25") turned into the dialog's settings, and the one fix a
 * button can apply.  Plain C over GLib strings: tested without a display.
 */
#ifndef UNROLL_CSV_ADVICE_H
#define UNROLL_CSV_ADVICE_H

#include <glib.h>
#include "unroll-csv-work.h"

G_BEGIN_DECLS

typedef enum {
  UNROLL_CSV_FIX_NONE,
  UNROLL_CSV_FIX_LOOKBACK,  /* lookback = value */
  UNROLL_CSV_FIX_HORIZON,   /* horizon = value */
  UNROLL_CSV_FIX_SPLIT,     /* train = value, valid = value2 */
  UNROLL_CSV_FIX_TRANSFORM, /* transform = value (ur_transform) */
} UnrollCsvFixKind;

typedef struct {
  UnrollCsvFixKind kind;
  double value, value2;
  char label[64]; /* the button's: "Use Lookback 25" */
} UnrollCsvFix;

/* The engine's reason as the dialog says it: "(--lookback 25)" becomes the
 * setting's name, and *fix (may be NULL) the change it asks for. */
char *unroll_csv_phrase_error(const char *engine, UnrollCsvFix *fix);

/* What was found and done to the rows (the engine's notes without their
 * warnings), one sentence: "Weekly step · 59 missing instants (gaps),
 * interpolated · season 52 steps"; "" when nothing was. */
char *unroll_csv_found(const ur_series *s);

/* The warnings, one a line ("" when none), for a preview made with c and
 * its model; *fix (may be NULL) gets the first one's fix. */
char *unroll_csv_warnings(const UnrollCsvPreview *p, UnrollCsvFix *fix);

/* One line: what a transform does to the target. */
const char *unroll_csv_transform_words(ur_transform t);

/* A date format in words for the dialog: the engine's words, "your format"
 * for the person's own. */
const char *unroll_csv_date_words(const ur_csv_column *col);

G_END_DECLS

#endif
