/* project.c: the project file format of project.h.
 *
 * The reader works on lines it copies into a fixed buffer, so no input can
 * make it read past the end of the file or write past a field; every number
 * goes through a range-checked parser; the first problem ends the parse with
 * its line number.
 */
#include "project.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "file_io.h"
#include "run_io.h"
#include "settings_io.h"
#include "spec_io.h"

#define MAX_LINE UR_TEXT_MAX_LINE
#define MAX_WORDS UR_TEXT_MAX_WORDS

/* ---- life cycle ------------------------------------------------------- */

void ur_project_init(ur_project *p) {
  memset(p, 0, sizeof *p);
  ur_run_settings_default(&p->data, &p->input, &p->train);
}

void ur_project_clear(ur_project *p) {
  for (int i = 0; i < p->n_runs; i++) ur_run_clear(&p->runs[i]);
  free(p->runs);
  ur_project_init(p);
}

int ur_project_copy(ur_project *dst, const ur_project *src) {
  *dst = *src;
  dst->runs = NULL;
  dst->n_runs = 0;
  if (src->n_runs == 0) return 0;
  dst->runs = calloc((size_t)src->n_runs, sizeof *dst->runs);
  if (!dst->runs) return -1;
  for (int i = 0; i < src->n_runs; i++) {
    if (ur_run_copy(&dst->runs[i], &src->runs[i]) != 0) goto oom;
    dst->n_runs = i + 1;
  }
  return 0;
oom:
  ur_project_clear(dst);
  return -1;
}

int ur_project_apply_preset(ur_project *p, const ur_preset *preset) {
  if (!preset || preset->kind == UR_PRESET_NAIVE || preset->kind == UR_PRESET_LINEAR_EXACT ||
      preset->n_layers < 1)
    return -1;
  snprintf(p->preset, sizeof p->preset, "%s", preset->name);
  ur_preset_train_config(preset, &p->train);
  p->n_layers = preset->n_layers;
  memcpy(p->layers, preset->layers, sizeof p->layers[0] * (size_t)preset->n_layers);
  ur_task task = ur_preset_train_task(preset);
  if (p->data.csv.path[0]) { /* a user's series stays; the preset is adapted to it */
    ur_csv_source src = p->data.csv;
    src.cfg.kind = ur_target_kind_for_task(task, src.cfg.horizon);
    return ur_project_set_csv(p, &src);
  }
  ur_run_settings_default(&p->data, &p->input, NULL); /* the book's series */
  p->data.task = task;
  p->data.horizon = task == UR_TASK_ONE_STEP ? 1 : preset->horizon;
  return 0;
}

int ur_project_set_csv(ur_project *p, const ur_csv_source *src) {
  if (!src) {
    ur_run_data_set_csv(&p->data, NULL);
    p->input.features = 1;
    return 0;
  }
  if (!src->path[0] || !src->target[0] || src->cfg.lookback < 1 || src->n_inputs >= UR_SERIES_MAX_FEATURES)
    return -1;
  ur_run_data_set_csv(&p->data, src);
  p->input = (ur_shape){src->cfg.lookback, ur_csv_source_features(src)};
  /* the last layer forecasts the horizon: a Dense, TimeDistributed or
   * Conv1D, or a recurrent layer whose units are its outputs */
  if (p->n_layers > 0) {
    ur_layer_spec *last = &p->layers[p->n_layers - 1];
    if (last->kind == UR_DENSE || last->kind == UR_TIME_DISTRIBUTED || last->kind == UR_CONV1D ||
        ur_kind_is_recurrent(last->kind))
      last->units = p->data.horizon;
  }
  return 0;
}

void ur_project_new_run(const ur_project *p, ur_run *run) {
  ur_run_init(run);
  snprintf(run->preset, sizeof run->preset, "%s", p->preset);
  run->data = p->data;
  run->input = p->input;
  run->train = p->train;
  run->n_layers = p->n_layers;
  memcpy(run->layers, p->layers, sizeof p->layers[0] * (size_t)p->n_layers);
}

/* ---- writing ---------------------------------------------------------- */

char *ur_project_serialize(const ur_project *p, size_t *len) {
  ur_sbuf s;
  ur_sb_init(&s);
  char esc[256], line[MAX_LINE];
  ur_sb_add(&s, "unroll-project 1\n");
  ur_sb_add(&s, "# Unroll workbench project: see engine/project.h for the format.\n");
  if (p->preset[0]) {
    ur_text_escape(p->preset, esc, sizeof esc);
    ur_sb_add(&s, "preset name=%s\n", esc);
  }
  if (ur_run_data_format(&p->data, line, sizeof line) != 0) s.oom = 1;
  ur_sb_add(&s, "data %s\n", line);
  if (p->data.csv.path[0]) {
    if (ur_csv_source_format(&p->data.csv, line, sizeof line) != 0) s.oom = 1;
    ur_sb_add(&s, "csv %s\n", line);
  }
  ur_sb_add(&s, "input %d %d\n", p->input.steps, p->input.features);
  if (ur_train_settings_format(&p->train, UR_NUM_SHORTEST, line, sizeof line) != 0) s.oom = 1;
  ur_sb_add(&s, "train %s\n", line);
  for (int i = 0; i < p->n_layers; i++) {
    if (ur_spec_format(&p->layers[i], line, sizeof line) != 0) s.oom = 1;
    ur_sb_add(&s, "layer %s\n", line);
  }
  for (int r = 0; r < p->n_runs && !s.oom; r++) { /* each run as run.c writes it */
    size_t n;
    char *block = ur_run_serialize(&p->runs[r], &n);
    if (!block) s.oom = 1;
    else ur_sb_add(&s, "%s", block);
    free(block);
  }
  return ur_sb_finish(&s, len);
}

/* What a reader would refuse is not written: a save that cannot be
 * reopened would lock the runs inside it. */
static int check_savable(const ur_project *p, char *err, size_t errlen) {
  char why[512];
  if (ur_run_data_check(&p->data, why, sizeof why) != 0)
    return ur_text_err(err, errlen, "the project is not saved: its data: %s", why);
  for (int i = 0; i < p->n_runs; i++)
    if (ur_run_data_check(&p->runs[i].data, why, sizeof why) != 0)
      return ur_text_err(err, errlen, "the project is not saved: the data of its run \"%s\": %s", p->runs[i].name, why);
  return 0;
}

int ur_project_save(const ur_project *p, const char *path, char *err, size_t errlen) {
  size_t len;
  if (check_savable(p, err, errlen) != 0) return -1;
  char *buf = ur_project_serialize(p, &len);
  if (!buf) {
    snprintf(err, errlen, "out of memory saving the project");
    return -1;
  }
  int rc = ur_write_file_atomic(path, buf, len, err, errlen);
  free(buf);
  return rc;
}

/* ---- reading ---------------------------------------------------------- */

/* A parse in progress: the reader, the project, and which lines came where. */
typedef struct {
  ur_text_reader *r;
  ur_project *p;
  char *err;
  size_t errlen;
  size_t line_at;    /* where the current line starts in the text */
  int data_line, input_line, train_line, csv_line; /* 0: not seen yet */
  int cap_runs;
} project_reader;

/* A line that may come once, on line r->lineno: 0, or -1 at a second one. */
static int once(project_reader *pr, int *line, const char *what) {
  if (*line) return ur_text_fail(pr->r, "a second \"%s\" line", what);
  *line = pr->r->lineno;
  return 0;
}

static int read_data(project_reader *pr, char **w, int n) {
  char why[512];
  if (once(pr, &pr->data_line, "data")) return -1;
  return ur_run_data_parse(w + 1, n - 1, &pr->p->data, why, sizeof why) ? ur_text_fail(pr->r, "%s", why) : 0;
}

static int read_csv(project_reader *pr, char **w, int n) {
  char why[512];
  if (once(pr, &pr->csv_line, "csv")) return -1;
  return ur_csv_source_parse(w + 1, n - 1, &pr->p->data.csv, why, sizeof why) ? ur_text_fail(pr->r, "csv: %s", why)
                                                                                : 0;
}

static int read_input(project_reader *pr, char **w, int n) {
  ur_shape *in = &pr->p->input;
  if (once(pr, &pr->input_line, "input")) return -1;
  if (n != 3 || ur_text_int(w[1], 1, UR_MAX_STEPS, &in->steps) || ur_text_int(w[2], 1, UR_MAX_FEATURES, &in->features))
    return ur_text_fail(pr->r, "expected \"input <steps> <features>\", steps from 1 to %d and features from 1 to %d",
                        UR_MAX_STEPS, UR_MAX_FEATURES);
  return 0;
}

static int read_train(project_reader *pr, char **w, int n) {
  char why[512];
  if (once(pr, &pr->train_line, "train")) return -1;
  return ur_train_settings_parse(w + 1, n - 1, &pr->p->train, why, sizeof why) ? ur_text_fail(pr->r, "%s", why) : 0;
}

static int read_preset(project_reader *pr, char **w, int n) {
  char *v = n == 2 ? ur_text_kv(w[1]) : NULL;
  if (!v || strcmp(w[1], "name") || ur_text_unescape(v, pr->p->preset, sizeof pr->p->preset))
    return ur_text_fail(pr->r, "expected \"preset name=<name>\"");
  return 0;
}

static int read_layer(project_reader *pr, char **w, int n) {
  char why[256], joined[MAX_LINE];
  ur_project *p = pr->p;
  if (p->n_layers >= UR_MAX_LAYERS) return ur_text_fail(pr->r, "more than %d layers", UR_MAX_LAYERS);
  if (n < 2) return ur_text_fail(pr->r, "expected \"layer <kind> key=value ...\"");
  /* ur_spec_parse wants the words back as one line */
  size_t o = 0;
  for (int i = 1; i < n; i++) o += (size_t)snprintf(joined + o, sizeof joined - o, "%s%s", i > 1 ? " " : "", w[i]);
  if (ur_spec_parse(joined, &p->layers[p->n_layers], why, sizeof why)) return ur_text_fail(pr->r, "%s", why);
  p->n_layers++;
  return 0;
}

/* A run's whole block, through its "end", is run_io's to read. */
static int read_run(project_reader *pr, char **w, int n) {
  (void)w; (void)n;
  ur_project *p = pr->p;
  ur_text_reader *r = pr->r;
  if (p->n_runs >= UR_PROJECT_MAX_RUNS) return ur_text_fail(r, "more than %d runs", UR_PROJECT_MAX_RUNS);
  if (p->n_runs == pr->cap_runs) {
    int cap = pr->cap_runs ? pr->cap_runs * 2 : 4;
    ur_run *nr = realloc(p->runs, sizeof *nr * (size_t)cap);
    if (!nr) return ur_text_fail(r, "out of memory");
    p->runs = nr;
    pr->cap_runs = cap;
  }
  size_t used = 0;
  int lines = 0;
  if (ur_run_parse(r->buf + pr->line_at, r->len - pr->line_at, r->lineno, &p->runs[p->n_runs], &used, &lines, pr->err,
                   pr->errlen) != 0)
    return -1;
  p->n_runs++;
  r->pos = pr->line_at + used;
  r->lineno += lines - 1;
  return 0;
}

/* The sections, by their first word; settings come before the runs. */
static const struct {
  const char *word;
  int (*read)(project_reader *pr, char **w, int n);
  int setting;
} sections[] = {
    {"data", read_data, 1},     {"csv", read_csv, 1},       {"input", read_input, 1}, {"train", read_train, 1},
    {"preset", read_preset, 1}, {"layer", read_layer, 1},   {"run", read_run, 0},
};

/* The line just read: a comment, a blank, or a section. */
static int read_line(project_reader *pr) {
  char *w[MAX_WORDS];
  if (pr->r->line[0] == '#') return 0;
  int n = ur_text_split(pr->r->line, w);
  if (n < 0) return ur_text_fail(pr->r, "more than %d words", MAX_WORDS);
  if (n == 0) return 0;
  for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
    if (strcmp(w[0], sections[i].word)) continue;
    if (sections[i].setting && pr->p->n_runs > 0)
      return ur_text_fail(pr->r, "\"%s\" after the runs: the settings and layers come first", w[0]);
    return sections[i].read(pr, w, n);
  }
  return ur_text_fail(pr->r, "unknown section \"%.40s\"", w[0]);
}

/* "unroll-project 1". */
static int read_magic(project_reader *pr) {
  ur_text_reader *r = pr->r;
  int rc = ur_text_next_line(r);
  if (rc <= 0 || strncmp(r->line, "unroll-project ", 15) != 0) {
    if (rc < 0) return -1;
    r->lineno = 1;
    return ur_text_fail(r, "not an Unroll project (the first line should read \"unroll-project 1\")");
  }
  if (strcmp(r->line + 15, "1") != 0)
    return ur_text_fail(r, "this project's format is \"%.20s\"; this Unroll reads format 1 only", r->line + 15);
  return 0;
}

/* A CSV's data line mirrors its windows, and the input reads them. */
static int check_csv(project_reader *pr) {
  const ur_project *p = pr->p;
  const ur_csv_source *c = &p->data.csv;
  int h = c->cfg.kind == UR_TARGET_ONE_STEP ? 1 : c->cfg.horizon;
  pr->r->lineno = pr->csv_line;
  if (c->cfg.lookback != p->data.n_steps || h != p->data.horizon || ur_csv_source_task(c) != p->data.task)
    return ur_text_fail(pr->r, "the CSV's lookback %d, horizon %d and kind %s disagree with the data line's steps %d, "
                        "horizon %d and task %s", c->cfg.lookback, h, ur_target_kind_id(c->cfg.kind), p->data.n_steps,
                        p->data.horizon, ur_task_id(p->data.task));
  if (p->input.features != ur_csv_source_features(c))
    return ur_text_fail(pr->r, "the input has %d features but the CSV gives %d (the target and %d inputs)",
                        p->input.features, ur_csv_source_features(c), c->n_inputs);
  return 0;
}

/* What holds across lines, once the text is read. */
static int check_whole(project_reader *pr) {
  const ur_project *p = pr->p;
  char why[512];
  if (!pr->data_line || !pr->input_line || !pr->train_line)
    return ur_text_fail(pr->r, "the file ends without its \"%s\" line",
                        !pr->data_line ? "data" : !pr->input_line ? "input" : "train");
  if (p->input.steps != p->data.n_steps) {
    pr->r->lineno = pr->input_line;
    return ur_text_fail(pr->r, "the input has %d steps but the data's series have %d", p->input.steps,
                        p->data.n_steps);
  }
  if (pr->csv_line && check_csv(pr) != 0) return -1;
  pr->r->lineno = pr->data_line;
  if (p->data.task == UR_TASK_ONE_STEP && p->data.horizon != 1)
    return ur_text_fail(pr->r, "the task is the next value, but the horizon is %d (it must be 1)", p->data.horizon);
  if (ur_run_data_check(&p->data, why, sizeof why) != 0) return ur_text_fail(pr->r, "%s", why);
  return 0;
}

int ur_project_parse(const char *buf, size_t len, ur_project *p, char *err, size_t errlen) {
  project_reader pr = {.r = calloc(1, sizeof *pr.r), .p = p, .err = err, .errlen = errlen};
  ur_project_init(p);
  if (!pr.r) return ur_text_err(err, errlen, "out of memory");
  pr.r->buf = buf;
  pr.r->len = len;
  pr.r->err = err;
  pr.r->errlen = errlen;
  pr.r->nul_message = "the file holds a NUL byte: it is not a text file";
  int rc = read_magic(&pr);
  while (rc == 0) {
    pr.line_at = pr.r->pos;
    rc = ur_text_next_line(pr.r);
    if (rc <= 0) break;
    rc = read_line(&pr);
  }
  if (rc == 0) rc = check_whole(&pr);
  free(pr.r);
  if (rc != 0) ur_project_clear(p);
  return rc;
}

int ur_project_load(const char *path, ur_project *p, char *err, size_t errlen) {
  size_t len;
  char why[512];
  unsigned char *buf = ur_read_file(path, UR_PROJECT_MAX_BYTES, &len, err, errlen);
  if (!buf) {
    ur_project_init(p);
    return -1;
  }
  int rc = ur_project_parse((const char *)buf, len, p, why, sizeof why);
  if (rc) snprintf(err, errlen, "%s", why);
  free(buf);
  return rc;
}
