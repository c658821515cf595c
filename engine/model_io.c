/* model_io.c: the model file format of model_io.h. */
#include "model_io.h"
#include "settings_io.h" /* ur_text_kv, ur_text_int */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_MODEL_FILE ((size_t)1 << 30)

uint32_t ur_fnv1a32(const void *data, size_t len) {
  const unsigned char *p = data;
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 16777619u;
  }
  return h;
}

int ur_spec_format(const ur_layer_spec *s, char *buf, size_t len) {
  int n = snprintf(buf, len,
                   "%s units=%d activation=%s return_sequences=%d dropout=%.9g recurrent_dropout=%.9g "
                   "kernel_size=%d strides=%d dilation_rate=%d padding=%s dilations=",
                   ur_kind_id(s->kind), s->units, ur_activation_name(s->activation), s->return_sequences,
                   s->dropout, s->recurrent_dropout, s->kernel_size, s->strides, s->dilation_rate,
                   ur_padding_name(s->padding));
  for (int i = 0; i < s->n_dilations && n > 0 && (size_t)n < len; i++)
    n += snprintf(buf + n, len - n, "%s%d", i ? "," : "", s->dilations[i]);
  return n > 0 && (size_t)n < len ? 0 : -1;
}

int ur_spec_parse(const char *line, ur_layer_spec *s, char *err, size_t errlen) {
  char buf[1024], *save = NULL;
  if (strlen(line) >= sizeof buf) {
    snprintf(err, errlen, "layer line too long");
    return -1;
  }
  strcpy(buf, line);
  char *tok = strtok_r(buf, " \t\r", &save);
  int kind = ur_kind_from_id(tok);
  if (kind < 0) {
    snprintf(err, errlen, "unknown layer kind \"%.40s\"", tok ? tok : "");
    return -1;
  }
  *s = ur_spec_default((ur_layer_kind)kind);
  while ((tok = strtok_r(NULL, " \t\r", &save))) {
    const char *k = tok, *v = ur_text_kv(tok);
    if (!v) {
      snprintf(err, errlen, "expected key=value, found \"%.40s\"", tok);
      return -1;
    }
    int bad = 0;
    if (!strcmp(k, "units")) bad = ur_text_int(v, 1, 1 << 16, &s->units);
    else if (!strcmp(k, "return_sequences")) bad = ur_text_int(v, 0, 1, &s->return_sequences);
    else if (!strcmp(k, "kernel_size")) bad = ur_text_int(v, 1, 4096, &s->kernel_size);
    else if (!strcmp(k, "strides")) bad = ur_text_int(v, 1, 4096, &s->strides);
    else if (!strcmp(k, "dilation_rate")) bad = ur_text_int(v, 1, 4096, &s->dilation_rate);
    else if (!strcmp(k, "activation")) bad = (int)(s->activation = ur_activation_from_name(v)) < 0;
    else if (!strcmp(k, "padding")) bad = (int)(s->padding = ur_padding_from_name(v)) < 0;
    else if (!strcmp(k, "dropout") || !strcmp(k, "recurrent_dropout")) {
      char *end;
      float f = strtof(v, &end);
      bad = end == v || *end || !(f >= 0.0f && f < 1.0f);
      if (!bad) *(k[0] == 'd' ? &s->dropout : &s->recurrent_dropout) = f;
    } else if (!strcmp(k, "dilations")) {
      s->n_dilations = 0;
      char *save2 = NULL, *d = *v ? strtok_r((char *)v, ",", &save2) : NULL; /* "dilations=" is none */
      for (; d && !bad; d = strtok_r(NULL, ",", &save2)) {
        if (s->n_dilations >= UR_MAX_DILATIONS) bad = 1;
        else bad = ur_text_int(d, 1, 4096, &s->dilations[s->n_dilations++]);
      }
    } else {
      snprintf(err, errlen, "unknown setting \"%.40s\"", k);
      return -1;
    }
    if (bad) {
      snprintf(err, errlen, "bad value \"%.40s\" for %s", v, k);
      return -1;
    }
  }
  return 0;
}

unsigned char *ur_model_serialize(const ur_model *m, size_t *len) {
  size_t cap = 256 + (size_t)m->n_layers * 320, nw = m->n_params + m->n_state;
  char *head = malloc(cap);
  if (!head) return NULL;
  int n = snprintf(head, cap, "unroll-model 1\ninput %d %d\n", m->input.steps, m->input.features);
  for (int i = 0; i < m->n_layers; i++) {
    char line[512];
    ur_spec_format(&m->layers[i].spec, line, sizeof line);
    n += snprintf(head + n, cap - n, "layer %s\n", line);
  }
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

/* Next header line of at most 1023 characters; NULL at the end or on junk. */
static const char *next_line(const unsigned char *buf, size_t len, size_t *pos, char *line) {
  size_t i = *pos, k = 0;
  while (i < len && buf[i] != '\n') {
    if (k >= 1023 || buf[i] == 0) return NULL;
    line[k++] = (char)buf[i++];
  }
  if (i >= len) return NULL;
  line[k] = 0;
  *pos = i + 1;
  return line;
}

ur_model *ur_model_deserialize(const unsigned char *buf, size_t len, char *err, size_t errlen) {
  char line[1024], why[256];
  size_t pos = 0;
  int lineno = 1;
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
    } else if (sscanf(line, "weights %zu %zu %8x", &np, &ns, &sum) == 3) {
      break;
    } else {
      snprintf(err, errlen, "line %d: expected \"layer ...\" or \"weights ...\"", lineno);
      return NULL;
    }
  }
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

int ur_write_file_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen) {
  size_t pl = strlen(path);
  char *tmp = malloc(pl + 16);
  if (!tmp) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  snprintf(tmp, pl + 16, "%s.tmpXXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    free(tmp);
    return -1;
  }
  const char *p = data;
  size_t left = len;
  while (left > 0) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      snprintf(err, errlen, "cannot write %s: %s", path, strerror(w < 0 ? errno : ENOSPC));
      close(fd);
      unlink(tmp);
      free(tmp);
      return -1;
    }
    p += w;
    left -= (size_t)w;
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return -1;
  }
  if (rename(tmp, path) != 0) {
    snprintf(err, errlen, "cannot replace %s: %s", path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return -1;
  }
  free(tmp);
  return 0;
}

unsigned char *ur_read_file(const char *path, size_t max_bytes, size_t *len, char *err, size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
    return NULL;
  }
  size_t cap = 65536, n = 0;
  unsigned char *buf = malloc(cap);
  while (buf) {
    if (n == cap) {
      if (cap >= max_bytes) {
        snprintf(err, errlen, "%s is larger than %zu MiB", path, max_bytes >> 20);
        free(buf);
        fclose(f);
        return NULL;
      }
      unsigned char *nb = realloc(buf, cap * 2);
      if (!nb) break;
      buf = nb;
      cap *= 2;
    }
    size_t r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (r == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (!buf || bad) {
    snprintf(err, errlen, bad ? "cannot read %s" : "out of memory reading %s", path);
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

int ur_model_save(const ur_model *m, const char *path, char *err, size_t errlen) {
  size_t len;
  unsigned char *buf = ur_model_serialize(m, &len);
  if (!buf) {
    snprintf(err, errlen, "out of memory saving the model");
    return -1;
  }
  int rc = ur_write_file_atomic(path, buf, len, err, errlen);
  free(buf);
  return rc;
}

ur_model *ur_model_load(const char *path, char *err, size_t errlen) {
  size_t len;
  char why[256];
  unsigned char *buf = ur_read_file(path, MAX_MODEL_FILE, &len, err, errlen);
  if (!buf) return NULL;
  ur_model *m = ur_model_deserialize(buf, len, why, sizeof why);
  if (!m) snprintf(err, errlen, "%s: %s", path, why);
  free(buf);
  return m;
}
