/* model_io.c: the model file format of model_io.h. */
#include "model_io.h"
#include "file_io.h"
#include "spec_io.h"
#include "text_io.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MODEL_FILE ((size_t)1 << 30)

unsigned char *ur_model_serialize(const ur_model *m, size_t *len) { return ur_model_serialize_with(m, NULL, len); }

unsigned char *ur_model_serialize_with(const ur_model *m, const char *origin, size_t *len) {
  size_t extra = origin ? strlen(origin) : 0, cap = 256 + (size_t)m->n_layers * 320 + extra,
         nw = m->n_params + m->n_state;
  char *head = malloc(cap);
  if (!head) return NULL;
  int n = snprintf(head, cap, "unroll-model 1\ninput %d %d\n", m->input.steps, m->input.features);
  for (int i = 0; i < m->n_layers; i++) {
    char line[512];
    ur_spec_format(&m->layers[i].spec, line, sizeof line);
    n += snprintf(head + n, cap - n, "layer %s\n", line);
  }
  if (extra) n += snprintf(head + n, cap - n, "%s", origin);
  unsigned char *out = malloc(cap + 64 + nw * 4);
  if (!out) {
    free(head);
    return NULL;
  }
  /* little-endian float32 (the machines here are little-endian; store bytes explicitly anyway) */
  unsigned char *w = out + cap + 64, *q = w;
  for (size_t i = 0; i < nw; i++) {
    float f = i < m->n_params ? m->params[i] : m->state[i - m->n_params];
    uint32_t u;
    memcpy(&u, &f, 4);
    q[0] = (unsigned char)u; q[1] = (unsigned char)(u >> 8); q[2] = (unsigned char)(u >> 16); q[3] = (unsigned char)(u >> 24);
    q += 4;
  }
  n += snprintf(head + n, cap - n, "weights %zu %zu %08x\n", m->n_params, m->n_state, ur_fnv1a32(w, nw * 4));
  memcpy(out, head, (size_t)n);
  memmove(out + n, w, nw * 4);
  free(head);
  *len = (size_t)n + nw * 4;
  return out;
}

#define MAX_HEADER_LINE 16384 /* an origin line holds a CSV source: a path and column names */
#define MAX_ORIGIN ((size_t)1 << 20)

/* What a file's header says, before anything is built from it. */
typedef struct {
  ur_shape input;
  ur_layer_spec specs[UR_MAX_LAYERS];
  int n;
  int params, state;  /* the counts the weights line announces */
  uint32_t sum;       /* their checksum */
  size_t weights_at;  /* where the weights start */
  char *origin;       /* the source and series lines, malloc'd; NULL if none */
} model_header;

/* Next header line of fewer than MAX_HEADER_LINE characters; NULL at the end or on junk. */
static const char *next_line(const unsigned char *buf, size_t len, size_t *pos, char *line) {
  size_t i = *pos, k = 0;
  while (i < len && buf[i] != '\n') {
    if (k >= MAX_HEADER_LINE - 1 || buf[i] == 0) return NULL;
    line[k++] = (char)buf[i++];
  }
  if (i >= len) return NULL;
  line[k] = 0;
  *pos = i + 1;
  return line;
}

ur_model *ur_model_deserialize(const unsigned char *buf, size_t len, char *err, size_t errlen) {
  return ur_model_deserialize_with(buf, len, NULL, err, errlen);
}

/* An origin line ("source ..." or "series ...") appended to *origin. */
static int keep_origin(char **origin, size_t *used, const char *line) {
  size_t n = strlen(line);
  if (*used + n + 2 > MAX_ORIGIN) return -1;
  char *o = realloc(*origin, *used + n + 2);
  if (!o) return -1;
  memcpy(o + *used, line, n);
  o[*used + n] = '\n';
  o[*used + n + 1] = 0;
  *origin = o;
  *used += n + 1;
  return 0;
}

/* "input <steps> <features>", each within the limits a model takes. */
static int parse_input(char *line, ur_shape *in) {
  char *w[UR_TEXT_MAX_WORDS];
  int n = ur_text_split(line, w);
  return n == 3 && !strcmp(w[0], "input") && !ur_text_int(w[1], 0, UR_MAX_STEPS, &in->steps) &&
                 !ur_text_int(w[2], 1, UR_MAX_FEATURES, &in->features)
             ? 0
             : -1;
}

/* "weights <params> <state> <8 hex digits>": 1, 0 when the line is not a weights line, -1 when it is a bad one. */
static int parse_weights(char *line, model_header *h) {
  char *w[UR_TEXT_MAX_WORDS], *end;
  int n = ur_text_split(line, w);
  if (n < 1 || strcmp(w[0], "weights")) return 0;
  if (n != 4 || ur_text_int(w[1], 0, UR_MAX_PARAMS, &h->params) || ur_text_int(w[2], 0, UR_MAX_PARAMS, &h->state) ||
      strlen(w[3]) != 8 || strspn(w[3], "0123456789abcdef") != 8)
    return -1;
  h->sum = (uint32_t)strtoul(w[3], &end, 16);
  return 1;
}

/* One line after the input: a layer, an origin line or the weights (1 when it was the weights). */
static int header_line(char *line, int lineno, model_header *h, size_t *origin_len, char *err, size_t errlen) {
  char why[256];
  if (!strncmp(line, "layer ", 6)) {
    if (h->n >= UR_MAX_LAYERS) return ur_text_err(err, errlen, "line %d: more than %d layers", lineno, UR_MAX_LAYERS);
    if (ur_spec_parse(line + 6, &h->specs[h->n], why, sizeof why) != 0)
      return ur_text_err(err, errlen, "line %d: %s", lineno, why);
    h->n++;
    return 0;
  }
  if (!strncmp(line, "source ", 7) || !strncmp(line, "series ", 7)) {
    if (keep_origin(&h->origin, origin_len, line) != 0)
      return ur_text_err(err, errlen, "line %d: more than 1 MiB of \"source\" and \"series\" lines", lineno);
    return 0;
  }
  int rc = parse_weights(line, h);
  if (rc < 0)
    return ur_text_err(err, errlen, "line %d: expected \"weights <parameters> <statistics> <checksum, 8 hex digits>\", "
                       "each count from 0 to %d", lineno, UR_MAX_PARAMS);
  if (rc == 0) return ur_text_err(err, errlen, "line %d: expected \"layer ...\" or \"weights ...\"", lineno);
  return 1;
}

/* The header, every field checked, up to the weights (h->origin to free either way). */
static int read_header(const unsigned char *buf, size_t len, model_header *h, char *err, size_t errlen) {
  static _Thread_local char line[MAX_HEADER_LINE];
  size_t pos = 0, origin_len = 0;
  memset(h, 0, sizeof *h);
  if (!next_line(buf, len, &pos, line) || strcmp(line, "unroll-model 1") != 0)
    return ur_text_err(err, errlen, "not an Unroll model file (line 1 should read \"unroll-model 1\")");
  if (!next_line(buf, len, &pos, line) || parse_input(line, &h->input) != 0)
    return ur_text_err(err, errlen, "line 2: expected \"input <steps> <features>\", steps from 0 to %d and features "
                       "from 1 to %d", UR_MAX_STEPS, UR_MAX_FEATURES);
  for (int lineno = 3;; lineno++) {
    if (!next_line(buf, len, &pos, line))
      return ur_text_err(err, errlen, "line %d: the file ends inside the header, or the line is too long", lineno);
    int rc = header_line(line, lineno, h, &origin_len, err, errlen);
    if (rc < 0) return -1;
    if (rc == 1) break;
  }
  h->weights_at = pos;
  return 0;
}

/* What the header asks for, checked against the stack and the bytes that
 * follow before anything is allocated for it. */
static int check_weights(const unsigned char *buf, size_t len, const model_header *h, char *err, size_t errlen) {
  char why[256];
  ur_model_size size;
  if (ur_model_measure(h->input, h->specs, h->n, &size, why, sizeof why) != 0)
    return ur_text_err(err, errlen, "the layer stack is invalid: %s", why);
  if ((size_t)h->params != size.params || (size_t)h->state != size.state)
    return ur_text_err(err, errlen, "the file holds %d weights and %d statistics, but its layers need %zu and %zu",
                       h->params, h->state, size.params, size.state);
  size_t need = ((size_t)h->params + (size_t)h->state) * 4, have = len - h->weights_at;
  if (have != need)
    return ur_text_err(err, errlen, "the weights take %zu bytes, but %zu follow the header (%s)", need, have,
                       have < need ? "truncated file" : "trailing data");
  if (ur_fnv1a32(buf + h->weights_at, need) != h->sum)
    return ur_text_err(err, errlen, "the weights' checksum does not match: the file is damaged");
  return 0;
}

/* The model of a checked header, with the file's weights. */
static ur_model *build(const unsigned char *buf, const model_header *h, char *err, size_t errlen) {
  char why[256];
  ur_model *m = ur_model_new(h->input, h->specs, h->n, why, sizeof why);
  if (!m) {
    ur_text_err(err, errlen, "the layer stack is invalid: %s", why);
    return NULL;
  }
  const unsigned char *q = buf + h->weights_at;
  for (size_t i = 0; i < m->n_params + m->n_state; i++, q += 4) {
    uint32_t u = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
    float f;
    memcpy(&f, &u, 4);
    if (i < m->n_params) m->params[i] = f;
    else m->state[i - m->n_params] = f;
  }
  return m;
}

ur_model *ur_model_deserialize_with(const unsigned char *buf, size_t len, char **origin, char *err, size_t errlen) {
  model_header h;
  ur_model *m = NULL;
  if (origin) *origin = NULL;
  if (read_header(buf, len, &h, err, errlen) == 0 && check_weights(buf, len, &h, err, errlen) == 0)
    m = build(buf, &h, err, errlen);
  if (m && origin) *origin = h.origin;
  else free(h.origin);
  return m;
}

int ur_model_save(const ur_model *m, const char *path, char *err, size_t errlen) {
  return ur_model_save_with(m, NULL, path, err, errlen);
}

int ur_model_save_with(const ur_model *m, const char *origin, const char *path, char *err, size_t errlen) {
  size_t len;
  unsigned char *buf = ur_model_serialize_with(m, origin, &len);
  if (!buf) {
    snprintf(err, errlen, "out of memory saving the model");
    return -1;
  }
  int rc = ur_write_file_atomic(path, buf, len, err, errlen);
  free(buf);
  return rc;
}

ur_model *ur_model_load(const char *path, char *err, size_t errlen) { return ur_model_load_with(path, NULL, err, errlen); }

ur_model *ur_model_load_with(const char *path, char **origin, char *err, size_t errlen) {
  size_t len;
  char why[256];
  unsigned char *buf = ur_read_file(path, MAX_MODEL_FILE, &len, err, errlen);
  if (origin) *origin = NULL;
  if (!buf) return NULL;
  ur_model *m = ur_model_deserialize_with(buf, len, origin, why, sizeof why);
  if (!m) snprintf(err, errlen, "%s: %s", path, why);
  free(buf);
  return m;
}
