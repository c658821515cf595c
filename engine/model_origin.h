/* model_origin.h: what a saved model was trained on, so that it can
 * forecast a file later (`unroll forecast --model FILE --csv DATA`): the
 * CSV source (columns by name, lookback, horizon, kind, transform, ...)
 * and each series' scales from its training span.  It travels in the
 * model file's header as text lines (model_io.h):
 *
 *   source path=... target=temperature input=humidity lookback=50 ...   csv_source.h's words
 *   series name=temperature mean=11.2,70.5 scale=6.1,12.3 dmean=0.01 dscale=1.9 lmean=nan lscale=nan
 *
 * A forecast reads a file with the source's settings and puts each series
 * on the scales it was trained with (the one of the same name); a series
 * the model never saw is scaled by its own training span.  Pure C, no GLib.
 */
#ifndef UR_MODEL_ORIGIN_H
#define UR_MODEL_ORIGIN_H

#include <stddef.h>
#include "csv_source.h"

typedef struct {
  char name[128];
  int n_features;
  double mean[UR_SERIES_MAX_FEATURES], scale[UR_SERIES_MAX_FEATURES];
  double dmean, dscale, lmean, lscale;
} ur_series_scales;

typedef struct {
  ur_csv_source source;
  int n_series;
  ur_series_scales *series;
} ur_model_origin;

/* The lines for a model trained on src, whose series s was made from it:
 * malloc'd text, NULL if out of memory. */
char *ur_model_origin_format(const ur_csv_source *src, const ur_series *s);
/* Back from the text: 0, or -1 with a reason. */
int ur_model_origin_parse(const char *text, ur_model_origin *o, char *err, size_t errlen);
void ur_model_origin_free(ur_model_origin *o);
/* The saved scales onto the series of the same names: how many matched. */
int ur_model_origin_apply(const ur_model_origin *o, ur_series *s);

#endif
