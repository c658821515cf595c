/* spec_io.c: see spec_io.h. */
#include "spec_io.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text_io.h"

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

