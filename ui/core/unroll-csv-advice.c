/* unroll-csv-advice.c: see unroll-csv-advice.h. */
#include "unroll-csv-advice.h"
#include <math.h>
#include <string.h>

/* ---- the engine's reasons in the dialog's words ------------------------- */

/* Replaces the first match of pattern in *text by repl (\1 references
 * allowed); the match's groups go to g1 and g2 (may be NULL). */
static gboolean rewrite(char **text, const char *pattern, const char *repl, double *g1, double *g2) {
  g_autoptr(GRegex) re = g_regex_new(pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;
  if (!re || !g_regex_match(re, *text, 0, &m)) return FALSE;
  if (g1) {
    g_autofree char *s = g_match_info_fetch(m, 1);
    *g1 = s ? g_ascii_strtod(s, NULL) : 0;
  }
  if (g2) {
    g_autofree char *s = g_match_info_fetch(m, 2);
    *g2 = s ? g_ascii_strtod(s, NULL) : 0;
  }
  char *out = g_regex_replace(re, *text, -1, 0, repl, G_REGEX_MATCH_NOTEMPTY, NULL);
  if (out) {
    g_free(*text);
    *text = out;
  }
  return TRUE;
}

static void set_fix(UnrollCsvFix *fix, UnrollCsvFixKind kind, double v, double v2, const char *label) {
  if (!fix || fix->kind != UNROLL_CSV_FIX_NONE) return;
  fix->kind = kind;
  fix->value = v;
  fix->value2 = v2;
  g_strlcpy(fix->label, label, sizeof fix->label);
}

char *unroll_csv_phrase_error(const char *engine, UnrollCsvFix *fix) {
  char *t = g_strdup(engine ? engine : "");
  double a = 0, b = 0;
  char label[64];
  if (fix) memset(fix, 0, sizeof *fix);
  if (rewrite(&t, " ?\\(--lookback (\\d+)\\)", "", &a, NULL)) {
    g_snprintf(label, sizeof label, "Use Lookback %.0f", a);
    set_fix(fix, UNROLL_CSV_FIX_LOOKBACK, a, 0, label);
  }
  if (rewrite(&t, " ?\\(--horizon (\\d+)\\)", "", &a, NULL)) {
    g_snprintf(label, sizeof label, "Use Horizon %.0f", a);
    set_fix(fix, UNROLL_CSV_FIX_HORIZON, a, 0, label);
  }
  if (rewrite(&t, "\\(--split ([0-9.]+),([0-9.]+)\\)", "(train \\1 and valid \\2 under Split)", &a, &b)) {
    g_snprintf(label, sizeof label, "Split %.2g / %.2g", a, b);
    set_fix(fix, UNROLL_CSV_FIX_SPLIT, a, b, label);
  }
  rewrite(&t, "\\(--split\\)", "(a larger share under Split)", NULL, NULL);
  rewrite(&t, "\\(--date COLUMN\\)", "(choose one under Dates)", NULL, NULL);
  rewrite(&t, "--date-format", "the date format", NULL, NULL);
  return t;
}

/* ---- what was found --------------------------------------------------- */

/* The engine's notes are clauses joined by "; "; those that begin "only"
 * are warnings (spans with few windows), the others what was found. */
static char **note_clauses(const ur_series *s) { return g_strsplit(s->notes, "; ", -1); }
static gboolean is_warning(const char *clause) { return g_str_has_prefix(clause, "only "); }

char *unroll_csv_found(const ur_series *s) {
  g_auto(GStrv) clauses = note_clauses(s);
  static const char *filled[] = {"interpolated in time", "carried forward", "windows never cross them"};
  GString *out = g_string_new(NULL);
  for (int i = 0; clauses[i]; i++) {
    if (!clauses[i][0] || is_warning(clauses[i])) continue;
    if (out->len) g_string_append(out, " · ");
    gsize at = out->len;
    g_string_append(out, clauses[i]);
    if (strstr(clauses[i], "(gaps)") && (unsigned)s->cfg.missing < 3)
      g_string_append_printf(out, ", %s", filled[s->cfg.missing]);
    if (at == 0) out->str[0] = g_ascii_toupper(out->str[0]);
  }
  return g_string_free(out, FALSE);
}

/* ---- warnings ------------------------------------------------------------ */

static void add_line(GString *out, const char *line) {
  if (out->len) g_string_append_c(out, '\n');
  g_string_append(out, line);
}

/* Validation and test values outside the training span's range (by more
 * than a tenth of its width): a model reading the level as it is must
 * extrapolate there. */
static void range_warning(const UnrollCsvPreview *p, GString *out, UnrollCsvFix *fix) {
  ur_transform t = p->cfg.transform;
  if (t != UR_TRANSFORM_NONE && t != UR_TRANSFORM_LOG) return; /* difference and window read no level */
  double lo = p->span_min[0], hi = p->span_max[0];
  if (isnan(lo) || isnan(hi)) return;
  double slack = 0.1 * (hi - lo);
  static const char *names[3] = {"training", "validation", "test"};
  GString *spans = g_string_new(NULL);
  for (int k = 1; k < 3; k++) {
    if (isnan(p->span_min[k])) continue;
    gboolean above = p->span_max[k] > hi + slack, below = p->span_min[k] < lo - slack;
    if (!above && !below) continue;
    g_string_append_printf(spans, "%s%s span reaches %.4g", spans->len ? " and the " : "The ", names[k],
                           above ? p->span_max[k] : p->span_min[k]);
  }
  if (spans->len) {
    g_autofree char *line = g_strdup_printf(
        "%s, outside the training span's %.4g to %.4g (%s): a model reading the target as it is must "
        "extrapolate there. The window or difference transform reads changes of level instead.",
        spans->str, lo, hi, p->series.names[0]);
    add_line(out, line);
    set_fix(fix, UNROLL_CSV_FIX_TRANSFORM, UR_TRANSFORM_WINDOW, 0, "Use the Window Transform");
  }
  g_string_free(spans, TRUE);
}

static void model_warnings(const UnrollCsvPreview *p, GString *out, UnrollCsvFix *fix) {
  if (p->model_problem[0]) {
    g_autofree char *line = g_strdup_printf("The model does not read these windows yet: %s. The model's card "
                                            "shows the fix after Use.", p->model_problem);
    add_line(out, line);
  }
  if (p->receptive_field > p->cfg.lookback) {
    g_autofree char *line = g_strdup_printf("The model sees %d steps back (its receptive field), but a window holds "
                                            "%d rows: its first steps read padding. A lookback of %d fills it.",
                                            p->receptive_field, p->cfg.lookback, p->receptive_field);
    add_line(out, line);
    char label[64];
    g_snprintf(label, sizeof label, "Use Lookback %d", p->receptive_field);
    set_fix(fix, UNROLL_CSV_FIX_LOOKBACK, p->receptive_field, 0, label);
  }
}

char *unroll_csv_warnings(const UnrollCsvPreview *p, UnrollCsvFix *fix) {
  GString *out = g_string_new(NULL);
  if (fix) memset(fix, 0, sizeof *fix);
  if (!p || !p->ok) return g_string_free(out, FALSE);
  model_warnings(p, out, fix);
  range_warning(p, out, fix);
  g_auto(GStrv) clauses = note_clauses(&p->series);
  for (int i = 0; clauses[i]; i++)
    if (is_warning(clauses[i])) {
      g_autofree char *line = g_strdup_printf("%s.", clauses[i]);
      line[0] = g_ascii_toupper(line[0]);
      add_line(out, line);
    }
  return g_string_free(out, FALSE);
}

/* ---- words ---------------------------------------------------------------- */

const char *unroll_csv_transform_words(ur_transform t) {
  switch (t) {
  case UR_TRANSFORM_NONE: return "The model reads the target as it is, scaled by the training span's mean and deviation.";
  case UR_TRANSFORM_DIFFERENCE: return "The model forecasts the changes from step to step, summed back onto the last value.";
  case UR_TRANSFORM_WINDOW: return "Each window is scaled by its own mean and deviation: a new level is no surprise.";
  case UR_TRANSFORM_LOG: return "The model reads the logarithm of the target: changes in proportion (values above 0).";
  default: return "";
  }
}

const char *unroll_csv_date_words(const ur_csv_column *col) {
  if (!col || col->type != UR_COL_DATE || !col->date_words) return "";
  if (!strcmp(col->date_words, "as --date-format says")) return "your format";
  return col->date_words;
}
