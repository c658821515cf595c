/* model_io.c: the model file format of model_io.h. */
#include "model_io.h"
#include "file_io.h"
#include "spec_io.h"
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

static ur_model *model_from_weights(const unsigned char *buf, size_t len, size_t pos, ur_shape in,
                                    const ur_layer_spec *specs, int n, size_t np, size_t ns, unsigned sum, char *err,
                                    size_t errlen);

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

ur_model *ur_model_deserialize_with(const unsigned char *buf, size_t len, char **origin, char *err, size_t errlen) {
  static _Thread_local char line[MAX_HEADER_LINE];
  char why[256], *kept = NULL;
  size_t pos = 0, kept_len = 0;
  int lineno = 1;
  if (origin) *origin = NULL;
  if (!next_line(buf, len, &pos, line) || strcmp(line, "unroll-model 1") != 0) {
    snprintf(err, errlen, "not an Unroll model file (line 1 should read \"unroll-model 1\")");
    return NULL;
  }
  ur_shape in;
  lineno++;
  if (!next_line(buf, len, &pos, line) || sscanf(line, "input %d %d", &in.steps, &in.features) != 2 ||
      in.steps < 0 || in.steps > 1000000 || in.features < 1 || in.features > 100000) {
    snprintf(err, errlen, "line 2: expected \"input <steps> <features>\"");
    return NULL;
  }
  ur_layer_spec specs[UR_MAX_LAYERS];
  int n = 0;
  size_t np = 0, ns = 0;
  unsigned int sum = 0;
  for (;;) {
    lineno++;
    if (!next_line(buf, len, &pos, line)) {
      snprintf(err, errlen, "line %d: the file ends inside the header, or the line is too long", lineno);
      return NULL;
    }
    if (!strncmp(line, "layer ", 6)) {
      if (n >= UR_MAX_LAYERS) {
        snprintf(err, errlen, "line %d: more than %d layers", lineno, UR_MAX_LAYERS);
        return NULL;
      }
      if (ur_spec_parse(line + 6, &specs[n++], why, sizeof why) != 0) {
        snprintf(err, errlen, "line %d: %s", lineno, why);
        return NULL;
      }
    } else if (!strncmp(line, "source ", 7) || !strncmp(line, "series ", 7)) {
      if (keep_origin(&kept, &kept_len, line) != 0) {
        free(kept);
        snprintf(err, errlen, "line %d: more than 1 MiB of \"source\" and \"series\" lines", lineno);
        return NULL;
      }
    } else if (sscanf(line, "weights %zu %zu %8x", &np, &ns, &sum) == 3) {
      break;
    } else {
      free(kept);
      snprintf(err, errlen, "line %d: expected \"layer ...\" or \"weights ...\"", lineno);
      return NULL;
    }
  }
  ur_model *m = model_from_weights(buf, len, pos, in, specs, n, np, ns, sum, err, errlen);
  if (m && origin) *origin = kept;
  else free(kept);
  return m;
}

/* The stack and the weights after the header, every count checked. */
static ur_model *model_from_weights(const unsigned char *buf, size_t len, size_t pos, ur_shape in,
                                    const ur_layer_spec *specs, int n, size_t np, size_t ns, unsigned sum, char *err,
                                    size_t errlen) {
  char why[256];
  ur_model *m = ur_model_new(in, specs, n, why, sizeof why);
  if (!m) {
    snprintf(err, errlen, "the layer stack is invalid: %s", why);
    return NULL;
  }
  if (np != m->n_params || ns != m->n_state) {
    snprintf(err, errlen, "the file holds %zu weights and %zu statistics, but its layers need %zu and %zu", np, ns,
             m->n_params, m->n_state);
    ur_model_free(m);
    return NULL;
  }
  size_t need = (np + ns) * 4;
  if (len - pos != need) {
    snprintf(err, errlen, "the weights take %zu bytes, but %zu follow the header (%s)", need, len - pos,
             len - pos < need ? "truncated file" : "trailing data");
    ur_model_free(m);
    return NULL;
  }
  if (ur_fnv1a32(buf + pos, need) != sum) {
    snprintf(err, errlen, "the weights' checksum does not match: the file is damaged");
    ur_model_free(m);
    return NULL;
  }
  const unsigned char *q = buf + pos;
  for (size_t i = 0; i < np + ns; i++, q += 4) {
    uint32_t u = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
    float f;
    memcpy(&f, &u, 4);
    if (i < np) m->params[i] = f;
    else m->state[i - np] = f;
  }
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
