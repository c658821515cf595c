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

int ur_project_save(const ur_project *p, const char *path, char *err, size_t errlen) {
  size_t len;
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

/* Counts a line that may come once; a second one is an error. */
static int again(ur_text_reader *r, int *seen, const char *what) {
  return (*seen)++ ? ur_text_fail(r, "a second \"%s\" line", what) : 0;
}

int ur_project_parse(const char *buf, size_t len, ur_project *p, char *err, size_t errlen) {
  ur_text_reader *r = malloc(sizeof *r);
  char *w[MAX_WORDS];
  if (!r) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  memset(r, 0, sizeof *r);
  r->buf = buf;
  r->len = len;
  r->err = err;
  r->errlen = errlen;
  r->nul_message = "the file holds a NUL byte: it is not a text file";
  ur_project_init(p);
  int rc, seen_data = 0, seen_input = 0, seen_train = 0, input_line = 0, cap_runs = 0, seen_csv = 0, csv_line = 0;

  rc = ur_text_next_line(r);
  if (rc <= 0 || strncmp(r->line, "unroll-project ", 15) != 0) {
    if (rc >= 0) {
      r->lineno = 1;
      ur_text_fail(r, "not an Unroll project (the first line should read \"unroll-project 1\")");
    }
    goto fail;
  }
  if (strcmp(r->line + 15, "1") != 0) {
    ur_text_fail(r, "this project's format is \"%.20s\"; this Unroll reads format 1 only", r->line + 15);
    goto fail;
  }
  size_t line_start = r->pos;
  while ((rc = ur_text_next_line(r)) == 1) {
    size_t this_line = line_start;
    line_start = r->pos;
    if (r->line[0] == '#') continue;
    int n = ur_text_split(r->line, w);
    if (n < 0) {
      ur_text_fail(r, "more than %d words", MAX_WORDS);
      goto fail;
    }
    if (n == 0) continue;
    const char *s = w[0];
    if (!strcmp(s, "data") || !strcmp(s, "csv") || !strcmp(s, "input") || !strcmp(s, "train") ||
        !strcmp(s, "preset") || !strcmp(s, "layer")) {
      if (p->n_runs > 0) {
        ur_text_fail(r, "\"%s\" after the runs: the settings and layers come first", s);
        goto fail;
      }
    }
    if (!strcmp(s, "data")) {
      if (again(r, &seen_data, "data")) goto fail;
      char why[512];
      if (ur_run_data_parse(w + 1, n - 1, &p->data, why, sizeof why)) {
        ur_text_fail(r, "%s", why);
        goto fail;
      }
    } else if (!strcmp(s, "csv")) {
      char why[512];
      if (again(r, &seen_csv, "csv")) goto fail;
      csv_line = r->lineno;
      if (ur_csv_source_parse(w + 1, n - 1, &p->data.csv, why, sizeof why)) {
        ur_text_fail(r, "csv: %s", why);
        goto fail;
      }
    } else if (!strcmp(s, "input")) {
      if (again(r, &seen_input, "input")) goto fail;
      if (n != 3 || ur_text_int(w[1], 1, 100000, &p->input.steps) || ur_text_int(w[2], 1, 100000, &p->input.features)) {
        ur_text_fail(r, "expected \"input <steps> <features>\", each from 1 to 100000");
        goto fail;
      }
      input_line = r->lineno;
    } else if (!strcmp(s, "train")) {
      if (again(r, &seen_train, "train")) goto fail;
      char why[512];
      if (ur_train_settings_parse(w + 1, n - 1, &p->train, why, sizeof why)) {
        ur_text_fail(r, "%s", why);
        goto fail;
      }
    } else if (!strcmp(s, "preset")) {
      char *v = n == 2 ? ur_text_kv(w[1]) : NULL;
      if (!v || strcmp(w[1], "name") || ur_text_unescape(v, p->preset, sizeof p->preset)) {
        ur_text_fail(r, "expected \"preset name=<name>\"");
        goto fail;
      }
    } else if (!strcmp(s, "layer")) {
      char why[256];
      if (p->n_layers >= UR_MAX_LAYERS) {
        ur_text_fail(r, "more than %d layers", UR_MAX_LAYERS);
        goto fail;
      }
      /* ur_spec_parse wants the words back as one line */
      char joined[MAX_LINE];
      size_t o = 0;
      for (int i = 1; i < n; i++) o += (size_t)snprintf(joined + o, sizeof joined - o, "%s%s", i > 1 ? " " : "", w[i]);
      joined[o] = 0;
      if (n < 2 || ur_spec_parse(joined, &p->layers[p->n_layers], why, sizeof why)) {
        ur_text_fail(r, "%s", n < 2 ? "expected \"layer <kind> key=value ...\"" : why);
        goto fail;
      }
      p->n_layers++;
    } else if (!strcmp(s, "run")) {
      if (p->n_runs >= UR_PROJECT_MAX_RUNS) {
        ur_text_fail(r, "more than %d runs", UR_PROJECT_MAX_RUNS);
        goto fail;
      }
      if (p->n_runs == cap_runs) {
        int cap = cap_runs ? cap_runs * 2 : 4;
        ur_run *nr = realloc(p->runs, sizeof *nr * (size_t)cap);
        if (!nr) {
          ur_text_fail(r, "out of memory");
          goto fail;
        }
        p->runs = nr;
        cap_runs = cap;
      }
      /* the whole block, through its "end", is run.c's to read */
      size_t used = 0;
      int lines = 0;
      char why[512];
      if (ur_run_parse(r->buf + this_line, r->len - this_line, r->lineno, &p->runs[p->n_runs], &used, &lines, why,
                       sizeof why) != 0) {
        snprintf(err, errlen, "%s", why);
        goto fail;
      }
      p->n_runs++;
      r->pos = this_line + used;
      r->lineno += lines - 1;
      line_start = r->pos;
    } else {
      ur_text_fail(r, "unknown section \"%.40s\"", s);
      goto fail;
    }
  }
  if (rc < 0) goto fail;
  if (!seen_data || !seen_input || !seen_train) {
    ur_text_fail(r, "the file ends without its \"%s\" line", !seen_data ? "data" : !seen_input ? "input" : "train");
    goto fail;
  }
  if (p->input.steps != p->data.n_steps) {
    r->lineno = input_line;
    ur_text_fail(r, "the input has %d steps but the data's series have %d", p->input.steps, p->data.n_steps);
    goto fail;
  }
  if (seen_csv) { /* the data line mirrors the CSV's windows, and the input reads them */
    const ur_csv_source *c = &p->data.csv;
    int h = c->cfg.kind == UR_TARGET_ONE_STEP ? 1 : c->cfg.horizon;
    r->lineno = csv_line;
    if (c->cfg.lookback != p->data.n_steps || h != p->data.horizon || ur_csv_source_task(c) != p->data.task) {
      ur_text_fail(r, "the CSV's lookback %d, horizon %d and kind %s disagree with the data line's steps %d, horizon %d and "
               "task %s", c->cfg.lookback, h, ur_target_kind_id(c->cfg.kind), p->data.n_steps, p->data.horizon,
            ur_task_id(p->data.task));
      goto fail;
    }
    if (p->input.features != ur_csv_source_features(c)) {
      ur_text_fail(r, "the input has %d features but the CSV gives %d (the target and %d inputs)", p->input.features,
            ur_csv_source_features(c), c->n_inputs);
      goto fail;
    }
  }
  if (p->data.task == UR_TASK_ONE_STEP && p->data.horizon != 1) {
    snprintf(err, errlen, "the task is the next value, but the horizon is %d (it must be 1)", p->data.horizon);
    goto fail;
  }
  free(r);
  return 0;
fail:
  free(r);
  ur_project_clear(p);
  return -1;
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
