/* series.c: windows, splits and standardisation of series.h. */
#include "series.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *policy_names[] = {"interpolate", "carry-forward", "drop"};
const char *ur_missing_policy_name(ur_missing_policy p) { return (unsigned)p < 3 ? policy_names[p] : "?"; }
int ur_missing_policy_from_name(const char *s) {
  for (int i = 0; s && i < 3; i++)
    if (!strcmp(s, policy_names[i])) return i;
  return -1;
}

void ur_series_config_default(ur_series_config *c) {
  memset(c, 0, sizeof *c);
  c->target = 0;
  c->date = -1;
  c->missing = UR_MISSING_INTERPOLATE;
  c->lookback = 50;
  c->horizon = 1;
  c->stride = 1;
  c->kind = UR_TARGET_ONE_STEP;
  c->train_frac = 0.7;
  c->valid_frac = 0.2;
  c->valid_from = c->test_from = NAN;
}

int ur_series_make_for_stack(const ur_csv *csv, const ur_series_config *cfg, const ur_layer_spec *layers, int n,
                             const char *what, ur_series *out, char *err, size_t errlen) {
  int align[4096], steps = 0;
  memset(out, 0, sizeof *out);
  if (cfg->kind == UR_TARGET_SEQ2SEQ && n > 0) {
    ur_shape in = {cfg->lookback, 1 + cfg->n_inputs};
    char why[256];
    if (ur_stack_check(in, layers, n, NULL, NULL, why, sizeof why) != 0) {
      snprintf(err, errlen, "%s does not fit a lookback of %d: %s", what, cfg->lookback, why);
      return -1;
    }
    steps = ur_stack_alignment(in, layers, n, align, 4096);
  }
  return ur_series_make(csv, cfg, steps > 0 ? align : NULL, steps, out, err, errlen);
}

void ur_series_free(ur_series *s) {
  free(s->values);
  free(s->time);
  ur_dataset_free(&s->train);
  ur_dataset_free(&s->valid);
  ur_dataset_free(&s->test);
  memset(s, 0, sizeof *s);
}

static int cmp_time(const void *a, const void *b, void *t) {
  const double *time = t;
  double x = time[*(const int *)a], y = time[*(const int *)b];
  return x < y ? -1 : x > y ? 1 : (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

/* Fills the NANs of one column (n values, stride F) by the policy. */
static void fill(float *v, int n, int F, ur_missing_policy p) {
  int prev = -1;
  for (int i = 0; i < n; i++) {
    if (!isnan(v[(size_t)i * F])) {
      if (p == UR_MISSING_INTERPOLATE && prev >= 0 && i - prev > 1) /* linear between the neighbours */
        for (int k = prev + 1; k < i; k++)
          v[(size_t)k * F] = v[(size_t)prev * F] + (v[(size_t)i * F] - v[(size_t)prev * F]) * (float)(k - prev) / (float)(i - prev);
      prev = i;
    } else if (p == UR_MISSING_CARRY_FORWARD && prev >= 0) {
      v[(size_t)i * F] = v[(size_t)prev * F];
      prev = i;
    }
  }
  /* the ends: the nearest value (backwards at the start, forwards at the end) */
  int first = -1, last = -1;
  for (int i = 0; i < n && first < 0; i++) if (!isnan(v[(size_t)i * F])) first = i;
  for (int i = n - 1; i >= 0 && last < 0; i--) if (!isnan(v[(size_t)i * F])) last = i;
  for (int i = 0; first > 0 && i < first; i++) v[(size_t)i * F] = v[(size_t)first * F];
  for (int i = last + 1; last >= 0 && i < n; i++) v[(size_t)i * F] = v[(size_t)last * F];
}

static int span_of_row(const ur_series *s, int row) {
  return row < s->train_end ? 0 : row < s->valid_end ? 1 : 2;
}

int ur_series_make(const ur_csv *csv, const ur_series_config *cfg, const int *align, int out_steps,
                   ur_series *s, char *err, size_t errlen) {
  memset(s, 0, sizeof *s);
  int L = cfg->lookback, H = cfg->kind == UR_TARGET_ONE_STEP ? 1 : cfg->horizon, F = 1 + cfg->n_inputs;
  int cols[UR_SERIES_MAX_FEATURES];
  if (L < 1 || H < 1 || cfg->stride < 1) {
    snprintf(err, errlen, "lookback, horizon and stride must be at least 1");
    return -1;
  }
  if (cfg->n_inputs < 0 || F > UR_SERIES_MAX_FEATURES) {
    snprintf(err, errlen, "at most %d input columns", UR_SERIES_MAX_FEATURES - 1);
    return -1;
  }
  if (!(cfg->train_frac > 0 && cfg->valid_frac > 0 && cfg->train_frac + cfg->valid_frac <= 1.0)) {
    snprintf(err, errlen, "the training and validation fractions must be positive and add up to at most 1");
    return -1;
  }
  cols[0] = cfg->target;
  for (int i = 0; i < cfg->n_inputs; i++) cols[i + 1] = cfg->inputs[i];
  for (int f = 0; f < F; f++) {
    if (cols[f] < 0 || cols[f] >= csv->n_cols) {
      snprintf(err, errlen, "no such column (%d)", cols[f] + 1);
      return -1;
    }
    const ur_csv_column *c = &csv->cols[cols[f]];
    if (c->type != UR_COL_NUMERIC) {
      int r = c->first_invalid_row >= 0 ? c->first_invalid_row : 0;
      snprintf(err, errlen, "line %d, column %d: column \"%s\" holds %s, not numbers (\"%s\")", csv->line_of_row[r],
               cols[f] + 1, c->name, c->type == UR_COL_DATE ? "dates" : "text", c->first_invalid);
      return -1;
    }
    snprintf(s->names[f], sizeof s->names[f], "%s", c->name);
  }
  if (cfg->date >= 0 && (cfg->date >= csv->n_cols || csv->cols[cfg->date].type != UR_COL_DATE)) {
    snprintf(err, errlen, "column %d is not a date column", cfg->date + 1);
    return -1;
  }
  /* rows in time order; rows without a readable date are dropped */
  int R = csv->n_rows, n = 0;
  int *order = malloc(sizeof(int) * (size_t)R);
  s->values = malloc(sizeof(float) * (size_t)R * F);
  s->time = malloc(sizeof(double) * (size_t)R);
  if (!order || !s->values || !s->time) goto oom;
  const double *dates = cfg->date >= 0 ? csv->cols[cfg->date].values : NULL;
  for (int r = 0; r < R; r++)
    if (!dates || !isnan(dates[r])) order[n++] = r;
  s->n_dropped = R - n;
  if (dates) qsort_r(order, (size_t)n, sizeof(int), cmp_time, (void *)dates);
  for (int i = 0; i < n; i++) {
    int r = order[i];
    s->time[i] = dates ? dates[r] : (double)r;
    for (int f = 0; f < F; f++) {
      double v = csv->cols[cols[f]].values[r];
      s->values[(size_t)i * F + f] = (float)v;
      if (isnan(v)) s->n_missing++;
    }
  }
  for (int f = 0; f < F; f++) s->n_invalid += csv->cols[cols[f]].n_invalid;
  if (cfg->missing == UR_MISSING_DROP) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      int bad = 0;
      for (int f = 0; f < F; f++) bad |= isnan(s->values[(size_t)i * F + f]);
      if (bad) continue;
      memmove(s->values + (size_t)k * F, s->values + (size_t)i * F, sizeof(float) * F);
      s->time[k++] = s->time[i];
    }
    s->n_dropped += n - k;
    n = k;
  } else {
    for (int f = 0; f < F; f++) {
      int any = 0;
      for (int i = 0; i < n && !any; i++) any = !isnan(s->values[(size_t)i * F + f]);
      if (!any) {
        snprintf(err, errlen, "column \"%s\" has no numbers at all", s->names[f]);
        goto fail;
      }
      fill(s->values + f, n, F, cfg->missing);
    }
  }
  free(order);
  order = NULL;
  s->n_rows = n;
  s->n_features = F;
  s->has_time = dates != NULL;
  /* the spans */
  if (!isnan(cfg->valid_from) || !isnan(cfg->test_from)) {
    if (!dates || isnan(cfg->valid_from) || isnan(cfg->test_from) || cfg->test_from <= cfg->valid_from) {
      snprintf(err, errlen, "splitting by dates needs a date column and a validation start before the test start");
      goto fail;
    }
    s->train_end = s->valid_end = 0;
    while (s->train_end < n && s->time[s->train_end] < cfg->valid_from) s->train_end++;
    s->valid_end = s->train_end;
    while (s->valid_end < n && s->time[s->valid_end] < cfg->test_from) s->valid_end++;
  } else {
    /* rounded: 0.7 + 0.2 is 0.8999999999999999 in binary */
    s->train_end = (int)floor(n * cfg->train_frac + 0.5);
    s->valid_end = (int)floor(n * (cfg->train_frac + cfg->valid_frac) + 0.5);
  }
  /* standardisation from the training span alone */
  for (int f = 0; f < F; f++) {
    double sum = 0, sq = 0;
    int m = s->train_end;
    for (int i = 0; i < m; i++) sum += s->values[(size_t)i * F + f];
    double mean = m ? sum / m : 0;
    for (int i = 0; i < m; i++) {
      double d = s->values[(size_t)i * F + f] - mean;
      sq += d * d;
    }
    double sd = m > 1 ? sqrt(sq / m) : 1;
    s->mean[f] = mean;
    s->scale[f] = sd > 1e-12 ? sd : 1;
  }
  /* windows */
  int T_out = cfg->kind == UR_TARGET_SEQ2SEQ ? (align ? out_steps : L) : 0;
  int last_in = 0; /* the furthest input step any target follows */
  for (int o = 0; o < T_out; o++) {
    int a = align ? align[o] : o;
    if (a > last_in) last_in = a;
  }
  ur_shape xs = {L, F};
  ur_shape ys = cfg->kind == UR_TARGET_SEQ2SEQ ? (ur_shape){T_out, H} : (ur_shape){0, H};
  int need = cfg->kind == UR_TARGET_SEQ2SEQ ? last_in + 1 + H : L + H; /* rows a window spans */
  if (cfg->kind == UR_TARGET_SEQ2SEQ && need < L) need = L;
  int counts[3] = {0, 0, 0};
  for (int t0 = 0; t0 + need <= n; t0 += cfg->stride) {
    int first_target = cfg->kind == UR_TARGET_SEQ2SEQ ? t0 + (align ? align[0] : 0) + 1 : t0 + L;
    int sp = span_of_row(s, first_target);
    if (sp == span_of_row(s, t0 + need - 1)) counts[sp]++;
  }
  ur_dataset *sets[3] = {&s->train, &s->valid, &s->test};
  static const char *span_names[3] = {"training", "validation", "test"};
  for (int k = 0; k < 3; k++) {
    if (counts[k] == 0 && k < 2) {
      int from = k == 0 ? 0 : s->train_end, to = k == 0 ? s->train_end : s->valid_end;
      snprintf(err, errlen, "the %s span (%d rows) is too short for one window of %d rows (lookback %d + horizon %d)",
               span_names[k], to - from, need, L, H);
      goto fail;
    }
    sets[k]->n = counts[k];
    sets[k]->x_shape = xs;
    sets[k]->y_shape = ys;
    sets[k]->x = malloc(sizeof(float) * ((size_t)counts[k] * L * F + 1));
    sets[k]->y = malloc(sizeof(float) * ((size_t)counts[k] * ur_shape_size(ys) + 1));
    if (!sets[k]->x || !sets[k]->y) goto oom;
    counts[k] = 0;
  }
  for (int t0 = 0; t0 + need <= n; t0 += cfg->stride) {
    int first_target = cfg->kind == UR_TARGET_SEQ2SEQ ? t0 + (align ? align[0] : 0) + 1 : t0 + L;
    int sp = span_of_row(s, first_target);
    if (sp != span_of_row(s, t0 + need - 1)) continue;
    ur_dataset *d = sets[sp];
    float *x = d->x + (size_t)counts[sp] * L * F, *y = d->y + (size_t)counts[sp] * ur_shape_size(ys);
    for (int t = 0; t < L; t++)
      for (int f = 0; f < F; f++)
        x[(size_t)t * F + f] = (float)((s->values[(size_t)(t0 + t) * F + f] - s->mean[f]) / s->scale[f]);
#define TARGET(row) (float)((s->values[(size_t)(row) * F] - s->mean[0]) / s->scale[0])
    if (cfg->kind == UR_TARGET_SEQ2SEQ) {
      for (int o = 0; o < T_out; o++) {
        int a = align ? align[o] : o;
        for (int h = 0; h < H; h++) y[(size_t)o * H + h] = TARGET(t0 + a + 1 + h);
      }
    } else {
      for (int h = 0; h < H; h++) y[h] = TARGET(t0 + L + h);
    }
#undef TARGET
    counts[sp]++;
  }
  return 0;
oom:
  snprintf(err, errlen, "out of memory windowing the series");
fail:
  free(order);
  ur_series_free(s);
  return -1;
}
