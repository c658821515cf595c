/* series.c: users' series on their grid, split, scaled and windowed on
 * demand (see series.h for the rules).
 *
 * Making a series takes these steps, each a function below:
 *   check_columns   the target and inputs are numbers, the date column dates
 *   collect_parts   which rows make each series (an id, a target column)
 *   order_rows      each series' rows in time order; undated rows dropped;
 *                   duplicated instants an error naming their lines
 *   place_rows      the rows on the step's grid (gaps for absent instants),
 *                   their values copied into one array
 *   fill_gaps       missing cells interpolated by time or carried forward,
 *                   or their rows dropped (segments mark where)
 *   split_spans     train / valid / test within each series
 *   scale_parts     each feature's mean and deviation on the training span,
 *                   and the transforms' statistics
 * and windowing it (ur_windows_make) only computes, for each segment and
 * span, the first start and the count of its windows.
 */
#include "series.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text_io.h"

static const char *policy_names[] = {"interpolate", "carry-forward", "drop"};
const char *ur_missing_policy_name(ur_missing_policy p) { return (unsigned)p < 3 ? policy_names[p] : "?"; }
int ur_missing_policy_from_name(const char *s) {
  for (int i = 0; s && i < 3; i++)
    if (!strcmp(s, policy_names[i])) return i;
  return -1;
}

static const char *transform_names[UR_TRANSFORM_COUNT] = {"none", "difference", "window", "log"};
const char *ur_transform_name(ur_transform t) { return (unsigned)t < UR_TRANSFORM_COUNT ? transform_names[t] : "?"; }
int ur_transform_from_name(const char *s) {
  for (int i = 0; s && i < UR_TRANSFORM_COUNT; i++)
    if (!strcmp(s, transform_names[i])) return i;
  return -1;
}

void ur_series_config_default(ur_series_config *c) {
  memset(c, 0, sizeof *c);
  c->target = 0;
  c->date = -1;
  c->id = -1;
  c->missing = UR_MISSING_INTERPOLATE;
  c->lookback = 50;
  c->horizon = 1;
  c->stride = 1;
  c->kind = UR_TARGET_ONE_STEP;
  c->transform = UR_TRANSFORM_WINDOW;
  c->train_frac = 0.7;
  c->valid_frac = 0.2;
  c->valid_from = c->test_from = NAN;
}

/* The window transform's floor on a window's deviation, as a share of the
 * series' own: a flat window would otherwise blow its noise up. */
#define WINDOW_SD_FLOOR 0.05

/* ---- making a series: the steps --------------------------------------------- */

typedef struct {
  char name[128];
  int target;         /* its target column */
  int label;          /* its id (-1: every row) */
  float id_number;    /* a numeric id column's value (NAN: none) */
  long n;             /* its rows, ... */
  int *rows;          /* ... their csv rows in time order */
  long first, grid;   /* its place in values and its rows there (gaps included) */
  int on_grid;
  ur_step step;
} part_src;

typedef struct {
  const ur_csv *csv;
  const ur_series_config *cfg;
  ur_series *s;
  int cols[UR_SERIES_MAX_FEATURES]; /* the features' columns, the target first (per part: its own) */
  int F;
  int n_parts;
  part_src *src;
  char *err;
  size_t errlen;
} builder;

static int line_of(const ur_csv *c, int row) { return ur_csv_line_of_row(c, row); }

/* A feature column must hold numbers: "line 2, column 1: ... holds text". */
static int check_numeric(builder *b, int col) {
  const ur_csv *csv = b->csv;
  if (col < 0 || col >= csv->n_cols) return ur_text_err(b->err, b->errlen, "no such column (%d)", col + 1);
  const ur_csv_column *c = &csv->cols[col];
  if (c->type == UR_COL_NUMERIC) return 0;
  int r = c->first_invalid_row >= 0 ? c->first_invalid_row : 0;
  return ur_text_err(b->err, b->errlen, "line %d, column %d: column \"%s\" holds %s, not numbers (\"%s\")",
                     line_of(csv, r), col + 1, c->name, c->type == UR_COL_DATE ? "dates" : "text", c->first_invalid);
}

static int check_columns(builder *b) {
  const ur_series_config *cfg = b->cfg;
  const ur_csv *csv = b->csv;
  b->F = b->s->n_features = 1 + cfg->n_inputs;
  if (cfg->lookback < 1 || cfg->horizon < 1 || cfg->stride < 1)
    return ur_text_err(b->err, b->errlen, "lookback, horizon and stride must be at least 1");
  if (cfg->n_inputs < 0 || b->F > UR_SERIES_MAX_FEATURES)
    return ur_text_err(b->err, b->errlen, "at most %d input columns", UR_SERIES_MAX_FEATURES - 1);
  if (cfg->n_more_targets < 0 || cfg->n_more_targets >= UR_SERIES_MAX_TARGETS)
    return ur_text_err(b->err, b->errlen, "at most %d target columns", UR_SERIES_MAX_TARGETS);
  if (!(cfg->train_frac > 0 && cfg->valid_frac > 0 && cfg->train_frac + cfg->valid_frac <= 1.0))
    return ur_text_err(b->err, b->errlen, "the training and validation fractions must be positive and add up to at most 1");
  b->cols[0] = cfg->target;
  for (int i = 0; i < cfg->n_inputs; i++) b->cols[i + 1] = cfg->inputs[i];
  for (int f = 0; f < b->F; f++)
    if (check_numeric(b, b->cols[f])) return -1;
  for (int i = 0; i < cfg->n_more_targets; i++)
    if (check_numeric(b, cfg->more_targets[i])) return -1;
  for (int f = 0; f < b->F; f++) snprintf(b->s->names[f], sizeof b->s->names[f], "%s", csv->cols[b->cols[f]].name);
  if (cfg->date >= 0 && (cfg->date >= csv->n_cols || csv->cols[cfg->date].type != UR_COL_DATE))
    return ur_text_err(b->err, b->errlen, "column %d (\"%s\") holds no dates I can read", cfg->date + 1,
                       cfg->date < csv->n_cols ? csv->cols[cfg->date].name : "?");
  if (cfg->id >= 0 && (cfg->id >= csv->n_cols || (csv->cols[cfg->id].type == UR_COL_TEXT && !csv->cols[cfg->id].labels) ||
                       csv->cols[cfg->id].type == UR_COL_DATE))
    return ur_text_err(b->err, b->errlen, "column %d cannot name series: it needs a few distinct texts or numbers",
                       cfg->id + 1);
  return 0;
}

/* The id of a row as a label index (text) or its number (numeric ids). */
static int row_label(const ur_csv_column *c, int r) { return c->labels ? c->labels[r] : -1; }

/* Distinct ids in order of first appearance (numbers: by value). */
static int add_ids(builder *b, int target) {
  const ur_csv_column *c = &b->csv->cols[b->cfg->id];
  const char *want = b->cfg->id_value;
  int found = 0;
  if (c->type == UR_COL_TEXT) {
    for (int l = 0; l < c->n_labels; l++) {
      if (want[0] && strcmp(want, c->label_names[l])) continue;
      part_src *p = &b->src[b->n_parts++];
      snprintf(p->name, sizeof p->name, "%s", c->label_names[l]);
      p->target = target;
      p->label = l;
      p->id_number = NAN;
      found = 1;
    }
  } else { /* numeric ids: each distinct value (up to the label limit) */
    for (int r = 0; r < b->csv->n_rows; r++) {
      float v = c->values[r];
      int seen = isnan(v);
      for (int i = 0; i < b->n_parts && !seen; i++) seen = b->src[i].target == target && b->src[i].id_number == v;
      char name[64];
      snprintf(name, sizeof name, "%g", v);
      if (seen || (want[0] && strcmp(want, name))) continue;
      if (b->n_parts >= UR_CSV_MAX_LABELS) return ur_text_err(b->err, b->errlen, "more than %d series", UR_CSV_MAX_LABELS);
      part_src *p = &b->src[b->n_parts++];
      snprintf(p->name, sizeof p->name, "%s", name);
      p->target = target;
      p->label = -1;
      p->id_number = v;
      found = 1;
    }
  }
  if (!found && want[0]) {
    int o = snprintf(b->err, b->errlen, "no series \"%s\" in column \"%s\" (its ids:", want, c->name);
    int n = c->type == UR_COL_TEXT ? c->n_labels : 0;
    for (int l = 0; l < n && l < 20 && o > 0 && (size_t)o < b->errlen; l++)
      o += snprintf(b->err + o, b->errlen - (size_t)o, "%s %s", l ? "," : "", c->label_names[l]);
    if (o > 0 && (size_t)o < b->errlen) snprintf(b->err + o, b->errlen - (size_t)o, "%s)", n > 20 ? ", ..." : "");
    return -1;
  }
  return 0;
}

static int collect_parts(builder *b) {
  const ur_series_config *cfg = b->cfg;
  int targets = 1 + cfg->n_more_targets;
  long most = cfg->id >= 0 ? (long)targets * (b->csv->cols[cfg->id].type == UR_COL_TEXT
                                                  ? b->csv->cols[cfg->id].n_labels
                                                  : (b->csv->n_rows < UR_CSV_MAX_LABELS ? b->csv->n_rows : UR_CSV_MAX_LABELS))
                                : targets;
  b->src = calloc((size_t)(most > 0 ? most : 1), sizeof *b->src);
  if (!b->src) return ur_text_err(b->err, b->errlen, "out of memory");
  for (int t = 0; t < targets; t++) {
    int col = t ? cfg->more_targets[t - 1] : cfg->target;
    if (cfg->id >= 0) {
      if (add_ids(b, col)) return -1;
    } else {
      part_src *p = &b->src[b->n_parts++];
      snprintf(p->name, sizeof p->name, "%s", b->csv->cols[col].name);
      p->target = col;
      p->label = -1;
      p->id_number = NAN;
    }
  }
  return 0;
}

static int part_has_row(const builder *b, const part_src *p, int r) {
  if (b->cfg->id < 0) return 1;
  const ur_csv_column *c = &b->csv->cols[b->cfg->id];
  return c->type == UR_COL_TEXT ? row_label(c, r) == p->label : c->values[r] == p->id_number;
}

static int cmp_time(const void *a, const void *b, void *t) {
  const double *time = t;
  double x = time[*(const int *)a], y = time[*(const int *)b];
  return x < y ? -1 : x > y ? 1 : (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

/* Each part's rows in time order; rows without a date are dropped. */
static int order_rows(builder *b) {
  const ur_csv *csv = b->csv;
  const double *t = b->cfg->date >= 0 ? csv->cols[b->cfg->date].times : NULL;
  for (int i = 0; i < b->n_parts; i++) {
    part_src *p = &b->src[i];
    long n = 0;
    for (int r = 0; r < csv->n_rows; r++) n += part_has_row(b, p, r) && !(t && isnan(t[r]));
    p->rows = malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    if (!p->rows) return ur_text_err(b->err, b->errlen, "out of memory ordering the rows");
    int sorted = 1;
    for (int r = 0; r < csv->n_rows; r++) {
      if (!part_has_row(b, p, r)) continue;
      if (t && isnan(t[r])) {
        b->s->n_dropped++;
        continue;
      }
      if (t && p->n > 0 && t[r] < t[p->rows[p->n - 1]]) sorted = 0;
      p->rows[p->n++] = r;
    }
    if (!sorted) {
      qsort_r(p->rows, (size_t)p->n, sizeof(int), cmp_time, (void *)t);
      b->s->sorted = 1;
    }
    for (long k = 1; t && k < p->n; k++)
      if (t[p->rows[k]] == t[p->rows[k - 1]]) {
        char when[64];
        if (ur_date_format(t[p->rows[k]], "%Y-%m-%d %H:%M:%S", when, sizeof when) < 0) snprintf(when, sizeof when, "?");
        return ur_text_err(b->err, b->errlen, "lines %d and %d%s%s have the same date (%s): one instant, one row%s",
                           line_of(csv, p->rows[k - 1]), line_of(csv, p->rows[k]), b->n_parts > 1 ? " of " : "",
                           b->n_parts > 1 ? p->name : "", when,
                           b->cfg->id < 0 ? " (several series in one file? name the column that tells them apart: "
                                            "--id COLUMN)" : "");
      }
    if (p->n == 0)
      return ur_text_err(b->err, b->errlen, "the series \"%s\" has no row%s", p->name, t ? " with a date" : "");
  }
  return 0;
}

/* The step of the dates (the first series' sets the season), and whether
 * each series lies on its grid: a series whose grid would be more than
 * four times its rows (a stray date decades away) is taken as it is. */
static void find_grids(builder *b) {
  ur_series *s = b->s;
  const double *t = b->cfg->date >= 0 ? b->csv->cols[b->cfg->date].times : NULL;
  long total = 0;
  for (int i = 0; i < b->n_parts; i++) {
    part_src *p = &b->src[i];
    p->grid = p->n;
    p->on_grid = 1;
    if (t) {
      double *times = malloc(sizeof(double) * (size_t)p->n);
      ur_step st;
      memset(&st, 0, sizeof st);
      if (times) {
        for (long k = 0; k < p->n; k++) times[k] = t[p->rows[k]];
        ur_step_detect(times, p->n, &st);
        free(times);
      }
      p->step = st;
      p->on_grid = (st.kind == UR_STEP_FIXED || st.kind == UR_STEP_MONTHS) && st.off_grid == 0 &&
                   st.expected <= 4 * p->n + 1000;
      if (p->on_grid) {
        p->grid = st.expected;
        s->n_gaps += st.missing;
      }
      if (i == 0) s->step = st;
    }
    p->first = total;
    total += p->grid;
  }
  s->n_total = total;
  s->has_time = t != NULL;
}

/* Values into one array (gaps NAN), and each part's first instant or instants. */
static int place_rows(builder *b) {
  ur_series *s = b->s;
  const ur_csv *csv = b->csv;
  const double *t = b->cfg->date >= 0 ? csv->cols[b->cfg->date].times : NULL;
  int F = b->F;
  s->values = malloc(sizeof(float) * ((size_t)s->n_total * F + 1));
  s->parts = calloc((size_t)b->n_parts, sizeof *s->parts);
  if (!s->values || !s->parts) return ur_text_err(b->err, b->errlen, "out of memory placing the rows");
  for (size_t k = 0; k < (size_t)s->n_total * F; k++) s->values[k] = NAN;
  s->n_parts = b->n_parts;
  for (int i = 0; i < b->n_parts; i++) {
    part_src *p = &b->src[i];
    ur_series_part *q = &s->parts[i];
    snprintf(q->name, sizeof q->name, "%s", p->name);
    q->first = p->first;
    q->rows = p->grid;
    q->t0 = t ? t[p->rows[0]] : (double)p->rows[0];
    q->n_gaps = p->grid - p->n;
    q->step = p->step;
    if (t && !p->on_grid) {
      q->time = malloc(sizeof(double) * (size_t)p->n);
      if (!q->time) return ur_text_err(b->err, b->errlen, "out of memory placing the rows");
    }
    int cols[UR_SERIES_MAX_FEATURES];
    memcpy(cols, b->cols, sizeof cols);
    cols[0] = p->target;
    for (long k = 0; k < p->n; k++) {
      int r = p->rows[k];
      long at = t && p->on_grid ? ur_step_index(&p->step, q->t0, t[r]) : k;
      if (at < 0 || at >= q->rows) at = k; /* cannot happen on a checked grid; stay in bounds regardless */
      if (q->time) q->time[k] = t[r];
      float *v = s->values + (size_t)(q->first + at) * F;
      for (int f = 0; f < F; f++) v[f] = csv->cols[cols[f]].values[r];
    }
  }
  /* cells that were not numbers, each column counted once */
  for (int f = 1; f < F; f++) s->n_invalid += csv->cols[b->cols[f]].n_invalid;
  for (int i = 0; i < b->n_parts; i++) {
    int again = 0;
    for (int j = 0; j < i && !again; j++) again = b->src[j].target == b->src[i].target;
    if (!again) s->n_invalid += csv->cols[b->src[i].target].n_invalid;
  }
  return 0;
}

/* ---- gaps --------------------------------------------------------------------- */

double ur_series_time(const ur_series *s, int part, long row) {
  const ur_series_part *p = &s->parts[part];
  if (p->time) return p->time[row];
  if (!s->has_time) return p->t0 + (double)row;
  return ur_step_add(&p->step, p->t0, row);
}

/* Fills the NANs of one feature of a part (n rows, stride F) by the
 * policy: linear in time between the neighbours, or the last value
 * carried; before the first value and after the last, the nearest. */
static void fill(const ur_series *s, int part, float *v, long n, int F, ur_missing_policy pol) {
  long prev = -1;
  for (long i = 0; i < n; i++) {
    if (!isnan(v[(size_t)i * F])) {
      if (pol == UR_MISSING_INTERPOLATE && prev >= 0 && i - prev > 1) {
        double t0 = ur_series_time(s, part, prev), t1 = ur_series_time(s, part, i);
        for (long k = prev + 1; k < i; k++) {
          double w = t1 > t0 ? (ur_series_time(s, part, k) - t0) / (t1 - t0) : (double)(k - prev) / (double)(i - prev);
          v[(size_t)k * F] = (float)(v[(size_t)prev * F] + (v[(size_t)i * F] - v[(size_t)prev * F]) * w);
        }
      }
      prev = i;
    } else if (pol == UR_MISSING_CARRY_FORWARD && prev >= 0) {
      v[(size_t)i * F] = v[(size_t)prev * F];
      prev = i;
    }
  }
  long first = -1, last = -1;
  for (long i = 0; i < n && first < 0; i++) if (!isnan(v[(size_t)i * F])) first = i;
  for (long i = n - 1; i >= 0 && last < 0; i--) if (!isnan(v[(size_t)i * F])) last = i;
  for (long i = 0; first > 0 && i < first; i++) v[(size_t)i * F] = v[(size_t)first * F];
  for (long i = last + 1; last >= 0 && i < n; i++) v[(size_t)i * F] = v[(size_t)last * F];
}

/* Drops the rows with a missing cell: the part shrinks, keeps its
 * instants (its grid is broken), and a segment ends at every drop. */
static int drop_rows(builder *b, int part, ur_series_segment **segs, int *n_segs, int *cap) {
  ur_series *s = b->s;
  ur_series_part *q = &s->parts[part];
  int F = b->F;
  double *time = malloc(sizeof(double) * (size_t)(q->rows > 0 ? q->rows : 1));
  if (!time) return ur_text_err(b->err, b->errlen, "out of memory");
  long k = 0, run = 0;
  for (long i = 0; i < q->rows; i++) {
    const float *v = s->values + (size_t)(q->first + i) * F;
    int bad = 0;
    for (int f = 0; f < F; f++) bad |= isnan(v[f]);
    if (!bad) {
      memmove(s->values + (size_t)(q->first + k) * F, v, sizeof(float) * (size_t)F);
      time[k++] = ur_series_time(s, part, i);
      run++;
    }
    if ((bad || i == q->rows - 1) && run > 0) { /* a segment ends */
      if (*n_segs == *cap) {
        int c = *cap ? *cap * 2 : 16;
        ur_series_segment *n = realloc(*segs, sizeof *n * (size_t)c);
        if (!n) return ur_text_err(b->err, b->errlen, "out of memory");
        *segs = n;
        *cap = c;
      }
      (*segs)[(*n_segs)++] = (ur_series_segment){part, q->first + k - run, run, k - run};
      run = 0;
    }
  }
  q->n_missing = q->rows - k;
  s->n_dropped += q->rows - k;
  free(q->time);
  q->time = time;
  q->rows = k;
  return 0;
}

static int fill_gaps(builder *b) {
  ur_series *s = b->s;
  int F = b->F, cap = 0;
  for (int i = 0; i < s->n_parts; i++) {
    ur_series_part *q = &s->parts[i];
    for (size_t k = 0; k < (size_t)q->rows * F; k++) q->n_missing += isnan(s->values[(size_t)q->first * F + k]);
    q->n_missing -= q->n_gaps * F; /* a gap's cells are counted as a gap, not as missing cells */
    if (b->cfg->missing == UR_MISSING_DROP) {
      if (drop_rows(b, i, &s->segments, &s->n_segments, &cap)) return -1;
      continue;
    }
    for (int f = 0; f < F; f++) {
      const float *v = s->values + (size_t)q->first * F + f;
      int any = 0;
      for (long k = 0; k < q->rows && !any; k++) any = !isnan(v[(size_t)k * F]);
      if (!any)
        return ur_text_err(b->err, b->errlen, "column \"%s\"%s%s has no numbers at all", f ? s->names[f] : q->name,
                           s->n_parts > 1 ? " in the series " : "", s->n_parts > 1 ? q->name : "");
      fill(s, i, s->values + (size_t)q->first * F + f, q->rows, F, b->cfg->missing);
    }
    s->n_missing += q->n_missing;
  }
  if (b->cfg->missing == UR_MISSING_DROP) return 0; /* dropped rows are counted as dropped */
  s->segments = calloc((size_t)s->n_parts, sizeof *s->segments);
  if (!s->segments) return ur_text_err(b->err, b->errlen, "out of memory");
  for (int i = 0; i < s->n_parts; i++) s->segments[i] = (ur_series_segment){i, s->parts[i].first, s->parts[i].rows, 0};
  s->n_segments = s->n_parts;
  return 0;
}

/* ---- spans and scales -------------------------------------------------------------- */

static int split_spans(builder *b) {
  ur_series *s = b->s;
  const ur_series_config *cfg = b->cfg;
  int by_date = !isnan(cfg->valid_from) || !isnan(cfg->test_from);
  if (by_date && (!s->has_time || isnan(cfg->valid_from) || isnan(cfg->test_from) || cfg->test_from <= cfg->valid_from))
    return ur_text_err(b->err, b->errlen, s->has_time ? "splitting by dates needs a validation start before the test start"
                                                      : "splitting by dates needs a date column (--date COLUMN)");
  for (int i = 0; i < s->n_parts; i++) {
    ur_series_part *q = &s->parts[i];
    long n = q->rows;
    if (by_date) {
      q->train_end = q->valid_end = 0;
      while (q->train_end < n && ur_series_time(s, i, q->train_end) < cfg->valid_from) q->train_end++;
      q->valid_end = q->train_end;
      while (q->valid_end < n && ur_series_time(s, i, q->valid_end) < cfg->test_from) q->valid_end++;
    } else {
      /* rounded: 0.7 + 0.2 is 0.8999999999999999 in binary */
      q->train_end = (long)floor((double)n * cfg->train_frac + 0.5);
      q->valid_end = (long)floor((double)n * (cfg->train_frac + cfg->valid_frac) + 0.5);
    }
  }
  return 0;
}

/* Sum (centre NAN) or sum of squares about centre of the target's
 * differences v_r - v_{r-1} over a part's training rows, within segments
 * (a difference never spans a dropped row); *n receives their count. */
static double difference_sums(const ur_series *s, int part, double centre, long *n) {
  const ur_series_part *q = &s->parts[part];
  int F = s->n_features;
  double acc = 0;
  *n = 0;
  for (int g = 0; g < s->n_segments; g++) {
    const ur_series_segment *sg = &s->segments[g];
    if (sg->part != part) continue;
    long end = sg->offset + sg->rows < q->train_end ? sg->offset + sg->rows : q->train_end;
    for (long r = sg->offset + 1; r < end; r++) {
      double d = (double)s->values[(size_t)(q->first + r) * F] - s->values[(size_t)(q->first + r - 1) * F];
      acc += isnan(centre) ? d : (d - centre) * (d - centre);
      (*n)++;
    }
  }
  return acc;
}

static int scale_parts(builder *b) {
  ur_series *s = b->s;
  int F = b->F;
  for (int i = 0; i < s->n_parts; i++) {
    ur_series_part *q = &s->parts[i];
    long m = q->train_end;
    const float *v = s->values + (size_t)q->first * F;
    for (int f = 0; f < F; f++) {
      double sum = 0, sq = 0;
      for (long r = 0; r < m; r++) sum += v[(size_t)r * F + f];
      double mean = m ? sum / m : 0;
      for (long r = 0; r < m; r++) {
        double d = v[(size_t)r * F + f] - mean;
        sq += d * d;
      }
      double sd = m > 1 ? sqrt(sq / m) : 1;
      q->mean[f] = mean;
      q->scale[f] = sd > 1e-12 ? sd : 1;
    }
    /* the target's differences and logarithm over the training span */
    long dn;
    double ds = difference_sums(s, i, NAN, &dn), ls = 0, lq = 0;
    q->dmean = dn ? ds / dn : 0;
    double dq = difference_sums(s, i, q->dmean, &dn);
    q->dscale = dn > 1 && sqrt(dq / dn) > 1e-12 ? sqrt(dq / dn) : q->scale[0];
    int positive = 1;
    for (long r = 0; r < m; r++) positive &= v[(size_t)r * F] > 0;
    q->lmean = q->lscale = NAN;
    if (positive && m > 0) {
      for (long r = 0; r < m; r++) ls += log(v[(size_t)r * F]);
      q->lmean = ls / m;
      for (long r = 0; r < m; r++) lq += (log(v[(size_t)r * F]) - q->lmean) * (log(v[(size_t)r * F]) - q->lmean);
      q->lscale = m > 1 && sqrt(lq / m) > 1e-12 ? sqrt(lq / m) : 1;
    }
    if (b->cfg->transform == UR_TRANSFORM_LOG)
      for (long r = 0; r < q->rows; r++)
        if (!(v[(size_t)r * F] > 0)) {
          char when[64] = "";
          if (s->has_time) ur_date_format(ur_series_time(s, i, r), " (%Y-%m-%d)", when, sizeof when);
          return ur_text_err(b->err, b->errlen, "the log transform needs positive values, but \"%s\" is %g at row %ld%s%s%s",
                             q->name, (double)v[(size_t)r * F], r + 1, when, s->n_parts > 1 ? " of series " : "",
                             s->n_parts > 1 ? q->name : "");
        }
  }
  return 0;
}

/* ---- windows --------------------------------------------------------------------- */

static long ceil_div(long a, long b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }

/* The span a part's row falls in: 0 train, 1 valid, 2 test. */
static int span_start(const ur_series_part *q, int span) { return (int)(span == 0 ? 0 : span == 1 ? q->train_end : q->valid_end); }
static long span_end(const ur_series_part *q, int span) { return span == 0 ? q->train_end : span == 1 ? q->valid_end : q->rows; }

extern const ur_window_ops ur_series_window_ops;

/* For each segment and span: the starts s (rows from the segment's first,
 * multiples of the stride) whose last step's targets all lie in the span:
 *   skip ≤ s ≤ rows - reach,   span start ≤ offset + s + origin + 1,
 *   offset + s + origin + H ≤ span end - 1. */
static int count_windows(ur_windows *w, char *err, size_t errlen) {
  const ur_series *s = w->s;
  for (int sp = 0; sp < 3; sp++) {
    w->range_first[sp] = calloc((size_t)s->n_segments + 1, sizeof(long));
    w->range_count[sp] = calloc((size_t)s->n_segments + 1, sizeof(long));
    w->range_cum[sp] = calloc((size_t)s->n_segments + 1, sizeof(long));
    if (!w->range_first[sp] || !w->range_count[sp] || !w->range_cum[sp])
      return ur_text_err(err, errlen, "out of memory windowing the series");
    long total = 0;
    for (int g = 0; g < s->n_segments; g++) {
      const ur_series_segment *sg = &s->segments[g];
      const ur_series_part *q = &s->parts[sg->part];
      long lo = w->skip, hi = sg->rows - w->reach;
      long a = span_start(q, sp) - sg->offset - w->origin - 1, z = span_end(q, sp) - sg->offset - w->origin - w->H - 1;
      if (a > lo) lo = a;
      if (z < hi) hi = z;
      lo = ceil_div(lo, w->stride) * w->stride;
      long count = hi >= lo ? (hi - lo) / w->stride + 1 : 0;
      w->range_first[sp][g] = lo;
      w->range_count[sp][g] = count;
      w->range_cum[sp][g] = total;
      total += count;
    }
    w->range_cum[sp][s->n_segments] = total;
    if (total > 0x7fffffffL) return ur_text_err(err, errlen, "more than 2^31 windows: raise the stride");
    w->n[sp] = total;
  }
  return 0;
}

int ur_windows_make(ur_windows *w, const ur_series *s, const ur_window_config *c, char *err, size_t errlen) {
  memset(w, 0, sizeof *w);
  w->s = s;
  w->L = c->lookback;
  w->H = c->kind == UR_TARGET_ONE_STEP ? 1 : c->horizon;
  w->stride = c->stride > 0 ? c->stride : 1;
  w->kind = c->kind;
  w->transform = c->transform;
  if (w->L < 1 || w->H < 1) return ur_text_err(err, errlen, "lookback and horizon must be at least 1");
  if (c->kind == UR_TARGET_SEQ2SEQ) {
    w->T_out = c->align && c->out_steps > 0 ? c->out_steps : w->L;
    if (w->T_out > UR_SERIES_MAX_ALIGN) return ur_text_err(err, errlen, "more than %d output steps", UR_SERIES_MAX_ALIGN);
    for (int j = 0; j < w->T_out; j++) w->align[j] = c->align && c->out_steps > 0 ? c->align[j] : j;
    w->origin = w->align[w->T_out - 1];
  } else {
    w->origin = w->L - 1;
  }
  w->reach = w->origin + w->H + 1 > w->L ? w->origin + w->H + 1 : w->L;
  /* a window starts one row into its segment whatever the transform, so
   * that every transform (a difference needs the row before) and every
   * baseline (a season of history) is scored on the same windows */
  long skip = 1;
  if (s->season > 0 && s->season - 1 - w->origin > skip) skip = s->season - 1 - w->origin;
  w->skip = (int)skip;
  if (count_windows(w, err, errlen)) {
    ur_windows_free(w);
    return -1;
  }
  ur_shape xs = {w->L, s->n_features};
  ur_shape ys = c->kind == UR_TARGET_SEQ2SEQ ? (ur_shape){w->T_out, w->H} : (ur_shape){0, w->H};
  for (int sp = 0; sp < 3; sp++)
    w->sets[sp] = (ur_dataset){.n = (int)w->n[sp], .x_shape = xs, .y_shape = ys, .ops = &ur_series_window_ops,
                               .src = w, .span = sp};
  return 0;
}

void ur_windows_free(ur_windows *w) {
  for (int sp = 0; sp < 3; sp++) {
    free(w->range_first[sp]);
    free(w->range_count[sp]);
    free(w->range_cum[sp]);
  }
  memset(w, 0, sizeof *w);
}

void ur_windows_locate(const ur_windows *w, int span, long i, int *part, long *first, long *origin) {
  /* the last segment whose windows begin at or before i: never an empty
   * one, whose successor begins at the same count */
  const long *cum = w->range_cum[span];
  int lo = 0, hi = w->s->n_segments - 1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (cum[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  const ur_series_segment *sg = &w->s->segments[lo];
  long start = w->range_first[span][lo] + (i - cum[lo]) * w->stride;
  *part = sg->part;
  *first = sg->first + start;
  *origin = *first + w->origin;
}

/* What scales a window's target: the part's statistics, or the window's own. */
typedef struct {
  const ur_series_part *q;
  double mu, sd; /* the target's centre and scale for this window (levels, logs or differences) */
} window_scale;

static window_scale scale_of(const ur_windows *w, int part, long first) {
  const ur_series *s = w->s;
  const ur_series_part *q = &s->parts[part];
  window_scale k = {q, q->mean[0], q->scale[0]};
  int F = s->n_features;
  if (w->transform == UR_TRANSFORM_DIFFERENCE) k.mu = q->dmean, k.sd = q->dscale;
  else if (w->transform == UR_TRANSFORM_LOG) k.mu = q->lmean, k.sd = q->lscale;
  else if (w->transform == UR_TRANSFORM_WINDOW) {
    double sum = 0, sq = 0;
    for (int t = 0; t < w->L; t++) sum += s->values[(size_t)(first + t) * F];
    k.mu = sum / w->L;
    for (int t = 0; t < w->L; t++) {
      double d = s->values[(size_t)(first + t) * F] - k.mu;
      sq += d * d;
    }
    k.sd = sqrt(sq / w->L);
    if (!(k.sd > WINDOW_SD_FLOOR * q->scale[0])) k.sd = WINDOW_SD_FLOOR * q->scale[0];
  }
  return k;
}

/* The target at absolute row r as the model reads it. */
static float target_z(const ur_windows *w, const window_scale *k, long r) {
  const float *v = w->s->values;
  int F = w->s->n_features;
  switch (w->transform) {
  case UR_TRANSFORM_DIFFERENCE: return (float)(((double)v[(size_t)r * F] - v[(size_t)(r - 1) * F] - k->mu) / k->sd);
  case UR_TRANSFORM_LOG: return (float)((log(v[(size_t)r * F]) - k->mu) / k->sd);
  default: return (float)((v[(size_t)r * F] - k->mu) / k->sd);
  }
}

/* H forecasts z after row base (the last known value) back in units. */
static void unscale(const ur_windows *w, const window_scale *k, long base, const float *z, int H, float *out) {
  double level = w->s->values[(size_t)base * w->s->n_features];
  for (int h = 0; h < H; h++) {
    double v = z[h] * k->sd + k->mu;
    if (w->transform == UR_TRANSFORM_DIFFERENCE) out[h] = (float)(level += v);
    else if (w->transform == UR_TRANSFORM_LOG) out[h] = (float)exp(v);
    else out[h] = (float)v;
  }
}

/* The target rows of output step j: its H values follow row base(j). */
static long base_row(const ur_windows *w, long first, int j) {
  return w->kind == UR_TARGET_SEQ2SEQ ? first + w->align[j] : first + w->origin;
}

/* The L × F inputs of the window whose first row is `first`. */
static void inputs(const ur_windows *w, const window_scale *k, long first, float *x) {
  const ur_series *s = w->s;
  const ur_series_part *q = k->q;
  int F = s->n_features;
  for (int t = 0; t < w->L; t++) {
    const float *v = s->values + (size_t)(first + t) * F;
    x[(size_t)t * F] = target_z(w, k, first + t);
    for (int f = 1; f < F; f++) x[(size_t)t * F + f] = (float)((v[f] - q->mean[f]) / q->scale[f]);
  }
}

void ur_windows_input_at(const ur_windows *w, int part, long first, float *x) {
  window_scale k = scale_of(w, part, first);
  inputs(w, &k, first, x);
}

void ur_windows_unscale_at(const ur_windows *w, int part, long first, long base, const float *z, int H, float *out) {
  window_scale k = scale_of(w, part, first);
  unscale(w, &k, base, z, H, out);
}

static void gather(const void *src, int span, long i, float *x, float *y) {
  const ur_windows *w = src;
  int part, outs = w->kind == UR_TARGET_SEQ2SEQ ? w->T_out : 1;
  long first, origin;
  ur_windows_locate(w, span, i, &part, &first, &origin);
  window_scale k = scale_of(w, part, first);
  inputs(w, &k, first, x);
  for (int j = 0; j < outs; j++)
    for (int h = 0; h < w->H; h++) y[(size_t)j * w->H + h] = target_z(w, &k, base_row(w, first, j) + 1 + h);
}

static void units(const void *src, int span, long i, const float *y, float *yu, float *tu) {
  const ur_windows *w = src;
  const ur_series *s = w->s;
  int part, F = s->n_features, outs = w->kind == UR_TARGET_SEQ2SEQ ? w->T_out : 1;
  long first, origin;
  ur_windows_locate(w, span, i, &part, &first, &origin);
  window_scale k = scale_of(w, part, first);
  for (int j = 0; j < outs; j++) {
    long base = base_row(w, first, j);
    unscale(w, &k, base, y + (size_t)j * w->H, w->H, yu + (size_t)j * w->H);
    for (int h = 0; h < w->H; h++) tu[(size_t)j * w->H + h] = s->values[(size_t)(base + 1 + h) * F];
  }
}

const ur_window_ops ur_series_window_ops = {gather, units};

void ur_windows_history(const ur_windows *w, int span, long i, float *x_units) {
  int part;
  long first, origin;
  ur_windows_locate(w, span, i, &part, &first, &origin);
  for (int t = 0; t < w->L; t++) x_units[t] = w->s->values[(size_t)(first + t) * w->s->n_features];
}

void ur_windows_truth(const ur_windows *w, int span, long i, float *t_units) {
  int part;
  long first, origin;
  ur_windows_locate(w, span, i, &part, &first, &origin);
  for (int h = 0; h < w->H; h++) t_units[h] = w->s->values[(size_t)(origin + 1 + h) * w->s->n_features];
}

void ur_windows_to_units(const ur_windows *w, int span, long i, const float *y, float *y_units) {
  int part;
  long first, origin;
  ur_windows_locate(w, span, i, &part, &first, &origin);
  window_scale k = scale_of(w, part, first);
  unscale(w, &k, origin, y, w->H, y_units);
}

int ur_windows_seasonal_naive(const ur_windows *w, int span, long i, float *y_units) {
  int m = w->s->season, part;
  long first, origin;
  if (m < 1) return -1;
  ur_windows_locate(w, span, i, &part, &first, &origin);
  for (int h = 0; h < w->H; h++) { /* h + 1 steps ahead: the same point one or more seasons back */
    long back = (long)m * ((h + m) / m);
    y_units[h] = w->s->values[(size_t)(origin + 1 + h - back) * w->s->n_features];
  }
  return 0;
}

/* ---- the whole series --------------------------------------------------------------- */

#define FEW_WINDOWS 30 /* fewer validation windows than this make a noisy figure */

/* Training and validation need windows: say which setting to lower, and to
 * what, when one has none; note spans with few. */
static int check_spans(ur_series *s, char *err, size_t errlen) {
  const ur_windows *w = &s->win;
  static const char *names[3] = {"training", "validation", "test"};
  long rows[3] = {0, 0, 0};
  for (int i = 0; i < s->n_parts; i++) {
    rows[0] += s->parts[i].train_end;
    rows[1] += s->parts[i].valid_end - s->parts[i].train_end;
    rows[2] += s->parts[i].rows - s->parts[i].valid_end;
  }
  const ur_series_part *q = &s->parts[0];
  if (w->n[0] == 0) {
    long most = q->train_end - w->H - (w->reach - w->L) - w->skip; /* the longest lookback that leaves a window */
    if (most >= 2)
      return ur_text_err(err, errlen, "the training span (%ld rows) is too short for one window of lookback %d and "
                         "horizon %d: use a lookback of at most %ld (--lookback %ld)", rows[0], w->L, w->H, most, most);
    return ur_text_err(err, errlen, "the training span (%ld rows) is too short for one window of lookback %d and horizon "
                       "%d: give it more rows (--split) or lower the horizon", rows[0], w->L, w->H);
  }
  if (w->n[1] == 0) {
    long vrows = q->valid_end - q->train_end;
    if (vrows >= 1 && vrows < w->H)
      return ur_text_err(err, errlen, "the validation span (%ld rows) is shorter than the horizon %d: lower the "
                         "horizon to %ld (--horizon %ld) or give the span more rows (--split)", vrows, w->H, vrows, vrows);
    return ur_text_err(err, errlen, "the validation span (%ld rows) holds no window of horizon %d: give it more rows "
                       "(--split 0.6,0.3)", rows[1], w->H);
  }
  size_t o = strlen(s->notes), len = sizeof s->notes;
  for (int sp = 1; sp < 3 && o < len; sp++)
    if (w->n[sp] < FEW_WINDOWS)
      o += (size_t)snprintf(s->notes + o, len - o, "%sonly %ld %s window%s (%ld rows): its figures are noisy",
                            o ? "; " : "", w->n[sp], names[sp], w->n[sp] == 1 ? "" : "s", rows[sp]);
  return 0;
}

void ur_series_free(ur_series *s) {
  ur_windows_free(&s->win);
  for (int i = 0; s->parts && i < s->n_parts; i++) free(s->parts[i].time);
  free(s->parts);
  free(s->segments);
  free(s->values);
  memset(s, 0, sizeof *s);
}

/* What was done to the rows, in words, for the command line and the dialog. */
static void write_notes(ur_series *s) {
  size_t o = 0, len = sizeof s->notes;
  s->notes[0] = 0;
#define NOTE(...) (o < len ? (o += (size_t)snprintf(s->notes + o, len - o, __VA_ARGS__)) : 0)
  if (s->has_time) NOTE("%s step", s->step.kind == UR_STEP_NONE ? "no" : s->step.words);
  if (s->sorted) NOTE("%sthe rows were not in time order and were sorted", o ? "; " : "");
  if (s->n_gaps) NOTE("%s%ld missing instants (gaps)", o ? "; " : "", s->n_gaps);
  if (s->season > 0) NOTE("%sseason %d steps", o ? "; " : "", s->season);
  if (s->n_parts > 1) NOTE("%s%d series", o ? "; " : "", s->n_parts);
#undef NOTE
}

/* The first series' figures at the top, for the views that show one. */
static void first_part_view(ur_series *s) {
  const ur_series_part *q = &s->parts[0];
  s->n_rows = (int)q->rows;
  s->train_end = (int)q->train_end;
  s->valid_end = (int)q->valid_end;
  memcpy(s->mean, q->mean, sizeof s->mean);
  memcpy(s->scale, q->scale, sizeof s->scale);
}

int ur_series_make(const ur_csv *csv, const ur_series_config *cfg, const int *align, int out_steps, ur_series *s,
                   char *err, size_t errlen) {
  builder b = {csv, cfg, s, {0}, 0, 0, NULL, err, errlen};
  memset(s, 0, sizeof *s);
  s->cfg = *cfg;
  int rc = check_columns(&b) || collect_parts(&b) || order_rows(&b);
  if (!rc) {
    find_grids(&b);
    s->season = cfg->season > 0 ? cfg->season : cfg->season < 0 ? 0 : s->step.season;
    rc = place_rows(&b) || fill_gaps(&b) || split_spans(&b) || scale_parts(&b);
  }
  for (int i = 0; b.src && i < b.n_parts; i++) free(b.src[i].rows);
  free(b.src);
  if (!rc) {
    first_part_view(s);
    write_notes(s);
    ur_window_config wc = {cfg->lookback, cfg->horizon, cfg->stride, cfg->kind, cfg->transform, align, out_steps};
    rc = ur_windows_make(&s->win, s, &wc, err, errlen);
  }
  if (!rc) rc = check_spans(s, err, errlen);
  if (rc) {
    ur_series_free(s);
    return -1;
  }
  s->train = s->win.sets[0];
  s->valid = s->win.sets[1];
  s->test = s->win.sets[2];
  return 0;
}

int ur_series_make_for_stack(const ur_csv *csv, const ur_series_config *cfg, const ur_layer_spec *layers, int n,
                             const char *what, ur_series *out, char *err, size_t errlen) {
  int align[UR_SERIES_MAX_ALIGN], steps = 0;
  memset(out, 0, sizeof *out);
  if (cfg->kind == UR_TARGET_SEQ2SEQ && n > 0) {
    ur_shape in = {cfg->lookback, 1 + cfg->n_inputs};
    char why[256];
    if (ur_stack_check(in, layers, n, NULL, NULL, why, sizeof why) != 0)
      return ur_text_err(err, errlen, "%s does not fit a lookback of %d: %s", what, cfg->lookback, why);
    steps = ur_stack_alignment(in, layers, n, align, UR_SERIES_MAX_ALIGN);
  }
  return ur_series_make(csv, cfg, steps > 0 ? align : NULL, steps, out, err, errlen);
}
