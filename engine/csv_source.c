/* csv_source.c: see csv_source.h. */
#include "csv_source.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "text_io.h" /* escaping, key=value, numbers */

void ur_csv_source_init(ur_csv_source *s) {
  memset(s, 0, sizeof *s);
  ur_series_config_default(&s->cfg);
}

int ur_csv_source_set(ur_csv_source *s, const char *path, const ur_csv *csv, const ur_series_config *cfg) {
  int ok = cfg->target >= 0 && cfg->target < csv->n_cols && cfg->date < csv->n_cols && cfg->id < csv->n_cols &&
           cfg->n_inputs >= 0 && cfg->n_inputs < UR_SERIES_MAX_FEATURES && cfg->n_more_targets >= 0 &&
           cfg->n_more_targets < UR_SERIES_MAX_TARGETS;
  for (int i = 0; ok && i < cfg->n_inputs; i++) ok = cfg->inputs[i] >= 0 && cfg->inputs[i] < csv->n_cols;
  for (int i = 0; ok && i < cfg->n_more_targets; i++) ok = cfg->more_targets[i] >= 0 && cfg->more_targets[i] < csv->n_cols;
  if (!ok) return -1;
  ur_csv_source_init(s);
  snprintf(s->path, sizeof s->path, "%s", path);
  snprintf(s->target, sizeof s->target, "%s", csv->cols[cfg->target].name);
  if (cfg->date >= 0) snprintf(s->date, sizeof s->date, "%s", csv->cols[cfg->date].name);
  for (int i = 0; i < cfg->n_inputs; i++)
    snprintf(s->inputs[i], sizeof s->inputs[i], "%s", csv->cols[cfg->inputs[i]].name);
  s->n_inputs = cfg->n_inputs;
  for (int i = 0; i < cfg->n_more_targets; i++)
    snprintf(s->more_targets[i], sizeof s->more_targets[i], "%s", csv->cols[cfg->more_targets[i]].name);
  s->n_more_targets = cfg->n_more_targets;
  if (cfg->id >= 0) snprintf(s->id, sizeof s->id, "%s", csv->cols[cfg->id].name);
  if (cfg->date >= 0 && csv->cols[cfg->date].date_words && !strcmp(csv->cols[cfg->date].date_words, "as --date-format says"))
    snprintf(s->date_format, sizeof s->date_format, "%s", csv->cols[cfg->date].date_format);
  s->cfg = *cfg;
  return 0;
}

int ur_csv_source_read(const ur_csv_source *s, ur_csv *csv, char *err, size_t errlen) {
  ur_csv_options opt = {s->date_format[0] ? s->date_format : NULL, s->date[0] ? s->date : NULL, NULL, NULL};
  return ur_csv_read(s->path, &opt, csv, err, errlen);
}

static int find(const ur_csv *csv, const char *name, const char *what, char *err, size_t errlen) {
  /* by name only: ur_csv_find would also take "#N" for a column number */
  for (int i = 0; i < csv->n_cols; i++)
    if (!strcmp(csv->cols[i].name, name)) return i;
  int o = snprintf(err, errlen, "the %s column \"%s\" is not in the file (its columns:", what, name);
  for (int i = 0; i < csv->n_cols && o > 0 && (size_t)o < errlen; i++)
    o += snprintf(err + o, errlen - (size_t)o, "%s \"%s\"", i ? "," : "", csv->cols[i].name);
  if (o > 0 && (size_t)o < errlen) snprintf(err + o, errlen - (size_t)o, ")");
  return -1;
}

int ur_csv_source_resolve(const ur_csv_source *s, const ur_csv *csv, ur_series_config *cfg, char *err, size_t errlen) {
  *cfg = s->cfg;
  if ((cfg->target = find(csv, s->target, "target", err, errlen)) < 0) return -1;
  cfg->date = -1;
  if (s->date[0] && (cfg->date = find(csv, s->date, "date", err, errlen)) < 0) return -1;
  cfg->n_inputs = s->n_inputs;
  for (int i = 0; i < s->n_inputs; i++)
    if ((cfg->inputs[i] = find(csv, s->inputs[i], "input", err, errlen)) < 0) return -1;
  cfg->n_more_targets = s->n_more_targets;
  for (int i = 0; i < s->n_more_targets; i++)
    if ((cfg->more_targets[i] = find(csv, s->more_targets[i], "series", err, errlen)) < 0) return -1;
  cfg->id = -1;
  if (s->id[0] && (cfg->id = find(csv, s->id, "id", err, errlen)) < 0) return -1;
  return 0;
}

int ur_csv_source_features(const ur_csv_source *s) { return 1 + s->n_inputs; }

ur_task ur_csv_source_task(const ur_csv_source *s) {
  return s->cfg.kind == UR_TARGET_SEQ2SEQ ? UR_TASK_SEQ2SEQ : s->cfg.kind == UR_TARGET_VECTOR ? UR_TASK_VECTOR
                                                                                              : UR_TASK_ONE_STEP;
}

ur_target_kind ur_target_kind_for_task(ur_task task, int horizon) {
  return task == UR_TASK_SEQ2SEQ || task == UR_TASK_SEQ2SEQ_CONV ? UR_TARGET_SEQ2SEQ
         : horizon > 1                                          ? UR_TARGET_VECTOR
                                                                : UR_TARGET_ONE_STEP;
}

static const char *kind_ids[] = {"one_step", "vector", "seq2seq"};
const char *ur_target_kind_id(ur_target_kind k) { return (unsigned)k < 3 ? kind_ids[k] : "?"; }
int ur_target_kind_from_id(const char *id) {
  for (int i = 0; id && i < 3; i++)
    if (!strcmp(id, kind_ids[i])) return i;
  return -1;
}

/* ---- text ---------------------------------------------------------------- */

/* The shortest decimal that reads back as the same double: "0.6", not
 * "0.59999999999999998". */
static const char *dnum(double v, char *buf, size_t len) {
  for (int digits = 1; digits <= 17; digits++) {
    snprintf(buf, len, "%.*g", digits, v);
    if (strtod(buf, NULL) == v) break;
  }
  return buf;
}

static void iso_date(double t, char *buf, size_t len) {
  time_t s = (time_t)t;
  struct tm tm;
  if (gmtime_r(&s, &tm)) strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
  else snprintf(buf, len, "?");
}

int ur_csv_source_format(const ur_csv_source *s, char *buf, size_t len) {
  char w[3 * 1024 + 1];
  size_t o = 0;
#define ADD(...)                                                      \
  do {                                                                \
    int n_ = snprintf(buf + o, o < len ? len - o : 0, __VA_ARGS__);   \
    if (n_ < 0 || o + (size_t)n_ >= len) return -1;                   \
    o += (size_t)n_;                                                  \
  } while (0)
  ur_text_escape(s->path, w, sizeof w);
  ADD("path=%s", w);
  ur_text_escape(s->target, w, sizeof w);
  ADD(" target=%s", w);
  for (int i = 0; i < s->n_inputs; i++) {
    ur_text_escape(s->inputs[i], w, sizeof w);
    ADD(" input=%s", w);
  }
  if (s->date[0]) {
    ur_text_escape(s->date, w, sizeof w);
    ADD(" date=%s", w);
  }
  if (s->date_format[0]) {
    ur_text_escape(s->date_format, w, sizeof w);
    ADD(" date_format=%s", w);
  }
  if (s->id[0]) {
    ur_text_escape(s->id, w, sizeof w);
    ADD(" id=%s", w);
    if (s->cfg.id_value[0]) {
      ur_text_escape(s->cfg.id_value, w, sizeof w);
      ADD(" id_value=%s", w);
    }
  }
  for (int i = 0; i < s->n_more_targets; i++) {
    ur_text_escape(s->more_targets[i], w, sizeof w);
    ADD(" series=%s", w);
  }
  const ur_series_config *c = &s->cfg;
  char tf[32], vf[32];
  ADD(" missing=%s lookback=%d horizon=%d stride=%d kind=%s transform=%s season=%d train=%s valid=%s",
      ur_missing_policy_name(c->missing), c->lookback, c->horizon, c->stride, ur_target_kind_id(c->kind),
      ur_transform_name(c->transform), c->season, dnum(c->train_frac, tf, sizeof tf), dnum(c->valid_frac, vf, sizeof vf));
  if (!isnan(c->valid_from) && !isnan(c->test_from)) {
    char a[40], b[40];
    iso_date(c->valid_from, a, sizeof a);
    iso_date(c->test_from, b, sizeof b);
    ADD(" valid_from=%s test_from=%s", a, b);
  }
#undef ADD
  return 0;
}

static int get_frac(const char *v, double *out) {
  char *end;
  errno = 0;
  double x = strtod(v, &end);
  if (errno || end == v || *end || !(x > 0 && x <= 1)) return -1;
  *out = x;
  return 0;
}

int ur_csv_source_parse(char **words, int n, ur_csv_source *s, char *err, size_t errlen) {
  ur_series_config *c = &s->cfg;
  s->n_inputs = 0;
  s->n_more_targets = 0;
  c->transform = UR_TRANSFORM_NONE; /* a source from before transforms was trained without one */
  for (int i = 0; i < n; i++) {
    const char *k = words[i], *v = ur_text_kv(words[i]);
    if (!v) {
      snprintf(err, errlen, "\"%s\" is not key=value", words[i]);
      return -1;
    }
    int bad = 0, x;
    if (!strcmp(k, "path")) bad = ur_text_unescape(v, s->path, sizeof s->path);
    else if (!strcmp(k, "target")) bad = ur_text_unescape(v, s->target, sizeof s->target);
    else if (!strcmp(k, "date")) bad = ur_text_unescape(v, s->date, sizeof s->date);
    else if (!strcmp(k, "date_format")) bad = ur_text_unescape(v, s->date_format, sizeof s->date_format);
    else if (!strcmp(k, "id")) bad = ur_text_unescape(v, s->id, sizeof s->id);
    else if (!strcmp(k, "id_value")) bad = ur_text_unescape(v, c->id_value, sizeof c->id_value);
    else if (!strcmp(k, "series")) {
      bad = s->n_more_targets >= UR_SERIES_MAX_TARGETS - 1 ||
            ur_text_unescape(v, s->more_targets[s->n_more_targets], sizeof s->more_targets[0]);
      s->n_more_targets += !bad;
    } else if (!strcmp(k, "transform")) bad = (x = ur_transform_from_name(v)) < 0, c->transform = (ur_transform)x;
    else if (!strcmp(k, "season")) bad = ur_text_int(v, -1, 100000, &c->season);
    else if (!strcmp(k, "input")) {
      bad = s->n_inputs >= UR_SERIES_MAX_FEATURES - 1 || ur_text_unescape(v, s->inputs[s->n_inputs], sizeof s->inputs[0]);
      s->n_inputs += !bad;
    } else if (!strcmp(k, "missing")) bad = (x = ur_missing_policy_from_name(v)) < 0, c->missing = (ur_missing_policy)x;
    else if (!strcmp(k, "lookback")) bad = ur_text_int(v, 1, 100000, &c->lookback);
    else if (!strcmp(k, "horizon")) bad = ur_text_int(v, 1, 10000, &c->horizon);
    else if (!strcmp(k, "stride")) bad = ur_text_int(v, 1, 100000, &c->stride);
    else if (!strcmp(k, "kind")) bad = (x = ur_target_kind_from_id(v)) < 0, c->kind = (ur_target_kind)x;
    else if (!strcmp(k, "train")) bad = get_frac(v, &c->train_frac);
    else if (!strcmp(k, "valid")) bad = get_frac(v, &c->valid_frac);
    else if (!strcmp(k, "valid_from")) bad = ur_parse_date(v, strlen(v), 0, &c->valid_from) != 0;
    else if (!strcmp(k, "test_from")) bad = ur_parse_date(v, strlen(v), 0, &c->test_from) != 0;
    else {
      snprintf(err, errlen, "unknown key \"%s\"", k);
      return -1;
    }
    if (bad) {
      snprintf(err, errlen, "%s=%s is not valid", k, v);
      return -1;
    }
  }
  if (!s->path[0] || !s->target[0]) {
    snprintf(err, errlen, "a CSV source needs path= and target=");
    return -1;
  }
  if (c->train_frac + c->valid_frac > 1 + 1e-9) {
    snprintf(err, errlen, "train=%g and valid=%g add up to more than 1", c->train_frac, c->valid_frac);
    return -1;
  }
  return 0;
}

int ur_csv_source_same(const ur_csv_source *a, const ur_csv_source *b) {
  if (strcmp(a->path, b->path) || strcmp(a->target, b->target) || strcmp(a->date, b->date) ||
      a->n_inputs != b->n_inputs || a->n_more_targets != b->n_more_targets || strcmp(a->id, b->id) ||
      strcmp(a->date_format, b->date_format) || strcmp(a->cfg.id_value, b->cfg.id_value))
    return 0;
  for (int i = 0; i < a->n_inputs; i++)
    if (strcmp(a->inputs[i], b->inputs[i])) return 0;
  for (int i = 0; i < a->n_more_targets; i++)
    if (strcmp(a->more_targets[i], b->more_targets[i])) return 0;
  const ur_series_config *x = &a->cfg, *y = &b->cfg;
  return x->missing == y->missing && x->lookback == y->lookback && x->stride == y->stride && x->season == y->season &&
         x->train_frac == y->train_frac && x->valid_frac == y->valid_frac &&
         (x->valid_from == y->valid_from || (x->valid_from != x->valid_from && y->valid_from != y->valid_from)) &&
         (x->test_from == y->test_from || (x->test_from != x->test_from && y->test_from != y->test_from));
}

/* ---- windows ------------------------------------------------------------- */

int ur_csv_source_make(const ur_csv_source *s, const ur_csv *csv, const ur_layer_spec *layers, int n_layers,
                       ur_series *out, char *err, size_t errlen) {
  ur_series_config cfg;
  memset(out, 0, sizeof *out);
  if (ur_csv_source_resolve(s, csv, &cfg, err, errlen) != 0) return -1;
  return ur_series_make_for_stack(csv, &cfg, layers, n_layers, "the stack", out, err, errlen);
}
