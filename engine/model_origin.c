/* model_origin.c: see model_origin.h. */
#include "model_origin.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text_io.h"

static void add_list(ur_sbuf *b, const char *key, const double *v, int n) {
  ur_sb_add(b, " %s=", key);
  for (int i = 0; i < n; i++) ur_sb_add(b, "%s%.17g", i ? "," : "", v[i]);
}

char *ur_model_origin_format(const ur_csv_source *src, const ur_series *s) {
  ur_sbuf b;
  char line[UR_TEXT_MAX_LINE], name[3 * 128 + 1];
  ur_sb_init(&b);
  if (ur_csv_source_format(src, line, sizeof line) != 0) b.oom = 1;
  ur_sb_add(&b, "source %s\n", line);
  for (int i = 0; i < s->n_parts; i++) {
    const ur_series_part *q = &s->parts[i];
    ur_text_escape(q->name, name, sizeof name);
    ur_sb_add(&b, "series name=%s", name);
    add_list(&b, "mean", q->mean, s->n_features);
    add_list(&b, "scale", q->scale, s->n_features);
    ur_sb_add(&b, " dmean=%.17g dscale=%.17g lmean=%.17g lscale=%.17g\n", q->dmean, q->dscale, q->lmean, q->lscale);
  }
  return ur_sb_finish(&b, NULL);
}

void ur_model_origin_free(ur_model_origin *o) {
  free(o->series);
  memset(o, 0, sizeof *o);
}

/* "1.5,2,3": up to max finite-or-NAN numbers; their count, or -1. */
static int parse_list(const char *v, double *out, int max) {
  int n = 0;
  char buf[UR_TEXT_MAX_LINE], *save = NULL;
  snprintf(buf, sizeof buf, "%s", v);
  for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    if (n == max || ur_text_double(t, &out[n])) return -1;
    n++;
  }
  return n;
}

static int parse_series(char **w, int n, ur_series_scales *sc, char *err, size_t errlen) {
  memset(sc, 0, sizeof *sc);
  sc->dmean = sc->dscale = sc->lmean = sc->lscale = NAN;
  int means = -1, scales = -1;
  for (int i = 1; i < n; i++) {
    char *v = ur_text_kv(w[i]), *k = w[i];
    int bad = !v;
    if (bad) return ur_text_err(err, errlen, "expected key=value, found \"%.40s\"", w[i]);
    if (!strcmp(k, "name")) bad = ur_text_unescape(v, sc->name, sizeof sc->name);
    else if (!strcmp(k, "mean")) bad = (means = parse_list(v, sc->mean, UR_SERIES_MAX_FEATURES)) < 1;
    else if (!strcmp(k, "scale")) bad = (scales = parse_list(v, sc->scale, UR_SERIES_MAX_FEATURES)) < 1;
    else if (!strcmp(k, "dmean")) bad = ur_text_double(v, &sc->dmean);
    else if (!strcmp(k, "dscale")) bad = ur_text_double(v, &sc->dscale);
    else if (!strcmp(k, "lmean")) bad = ur_text_double(v, &sc->lmean);
    else if (!strcmp(k, "lscale")) bad = ur_text_double(v, &sc->lscale);
    else return ur_text_err(err, errlen, "unknown series setting \"%.40s\"", k);
    if (bad) return ur_text_err(err, errlen, "series: %s=%.40s is not valid", k, v);
  }
  if (!sc->name[0] || means < 1 || means != scales)
    return ur_text_err(err, errlen, "a series line needs name=, and as many means as scales");
  for (int f = 0; f < scales; f++)
    if (!(sc->scale[f] > 0) || !isfinite(sc->mean[f])) return ur_text_err(err, errlen, "series %s: a scale is not positive", sc->name);
  sc->n_features = means;
  return 0;
}

int ur_model_origin_parse(const char *text, ur_model_origin *o, char *err, size_t errlen) {
  ur_text_reader *r = calloc(1, sizeof *r);
  char *w[UR_TEXT_MAX_WORDS], why[512];
  int rc, seen = 0;
  memset(o, 0, sizeof *o);
  ur_csv_source_init(&o->source);
  if (!r) return ur_text_err(err, errlen, "out of memory");
  *r = (ur_text_reader){.buf = text, .len = strlen(text), .err = err, .errlen = errlen};
  while ((rc = ur_text_next_line(r)) == 1) {
    int n = ur_text_split(r->line, w);
    if (n < 1) continue;
    if (!strcmp(w[0], "source")) {
      if (seen++ || ur_csv_source_parse(w + 1, n - 1, &o->source, why, sizeof why)) {
        rc = ur_text_fail(r, seen > 1 ? "a second source line" : "source: %s", why);
        break;
      }
    } else if (!strcmp(w[0], "series")) {
      ur_series_scales *s = realloc(o->series, sizeof *s * (size_t)(o->n_series + 1));
      if (!s) {
        rc = ur_text_fail(r, "out of memory");
        break;
      }
      o->series = s;
      if (parse_series(w, n, &o->series[o->n_series], why, sizeof why)) {
        rc = ur_text_fail(r, "%s", why);
        break;
      }
      o->n_series++;
    }
  }
  free(r);
  if (rc == 0 && !seen) rc = ur_text_err(err, errlen, "the model does not say what it was trained on (no source line)");
  if (rc != 0) ur_model_origin_free(o);
  return rc < 0 ? -1 : 0;
}

int ur_model_origin_apply(const ur_model_origin *o, ur_series *s) {
  int matched = 0;
  for (int i = 0; i < s->n_parts; i++) {
    ur_series_part *q = &s->parts[i];
    for (int k = 0; k < o->n_series; k++) {
      const ur_series_scales *sc = &o->series[k];
      if (strcmp(sc->name, q->name) || sc->n_features != s->n_features) continue;
      memcpy(q->mean, sc->mean, sizeof q->mean);
      memcpy(q->scale, sc->scale, sizeof q->scale);
      q->dmean = sc->dmean;
      q->dscale = sc->dscale;
      q->lmean = sc->lmean;
      q->lscale = sc->lscale;
      matched++;
      break;
    }
  }
  if (s->n_parts > 0) { /* the first series' figures at the top follow */
    memcpy(s->mean, s->parts[0].mean, sizeof s->mean);
    memcpy(s->scale, s->parts[0].scale, sizeof s->scale);
  }
  return matched;
}
