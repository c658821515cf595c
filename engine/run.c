/* run.c: a training run as data (see run.h). */
#include "run.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model_io.h"

/* ---- life cycle ------------------------------------------------------- */

void ur_run_settings_default(ur_run_data *data, ur_shape *input, ur_train_config *train) {
  *data = (ur_run_data){.seed = 42, .n_series = 10000, .n_steps = 50, .horizon = 1, .task = UR_TASK_ONE_STEP};
  ur_csv_source_init(&data->csv);
  *input = (ur_shape){50, 1};
  if (train) ur_train_config_default(train);
}

void ur_run_init(ur_run *r) {
  memset(r, 0, sizeof *r);
  ur_run_settings_default(&r->data, &r->input, &r->train);
  r->val_mse = r->val_last_mse = r->naive_mse = r->linear_mse = r->snaive_mse = r->hw_mse = r->test_mse = r->test_last_mse = NAN;
  r->loss_in_units = 1;
  r->group = -1;
}

void ur_run_clear(ur_run *r) {
  free(r->step_mse);
  free(r->epochs);
  free(r->batch_loss);
  free(r->model);
  ur_run_init(r);
}

static void *dup_mem(const void *p, size_t n) {
  if (!p || !n) return NULL;
  void *q = malloc(n);
  if (q) memcpy(q, p, n);
  return q;
}

void ur_run_copy_settings(ur_run *dst, const ur_run *src) {
  ur_run_init(dst);
  snprintf(dst->name, sizeof dst->name, "%s", src->name);
  snprintf(dst->preset, sizeof dst->preset, "%s", src->preset);
  dst->colour = src->colour;
  dst->group = src->group;
  dst->data = src->data;
  dst->input = src->input;
  dst->train = src->train;
  dst->n_layers = src->n_layers;
  memcpy(dst->layers, src->layers, sizeof src->layers[0] * (size_t)src->n_layers);
}

int ur_run_copy(ur_run *dst, const ur_run *src) {
  *dst = *src;
  dst->epochs = dup_mem(src->epochs, sizeof *src->epochs * (size_t)src->n_epochs);
  dst->batch_loss = dup_mem(src->batch_loss, sizeof(float) * (size_t)src->n_batches);
  dst->model = dup_mem(src->model, src->model_len);
  dst->step_mse = dup_mem(src->step_mse, sizeof(double) * (size_t)src->n_step_mse);
  dst->epoch_cap = src->n_epochs;
  dst->batch_cap = src->n_batches;
  if ((src->n_epochs && !dst->epochs) || (src->n_batches && !dst->batch_loss) || (src->model_len && !dst->model) ||
      (src->n_step_mse && !dst->step_mse)) {
    ur_run_clear(dst);
    return -1;
  }
  return 0;
}

/* Appending doubles the capacity when it is full: amortised O(1). */
static int grow(void **arr, int n, int *cap, size_t item) {
  if (n < *cap) return 0;
  int c = *cap < 16 ? 16 : *cap * 2;
  void *p = realloc(*arr, (size_t)c * item);
  if (!p) return -1;
  *arr = p;
  *cap = c;
  return 0;
}

int ur_run_add_batch(ur_run *r, float loss) {
  if (r->n_batches >= UR_RUN_MAX_BATCHES || grow((void **)&r->batch_loss, r->n_batches, &r->batch_cap, sizeof(float))) return -1;
  r->batch_loss[r->n_batches++] = loss;
  return 0;
}

int ur_run_add_epoch(ur_run *r, const ur_run_epoch_stats *e) {
  if (r->n_epochs >= UR_RUN_MAX_EPOCHS || grow((void **)&r->epochs, r->n_epochs, &r->epoch_cap, sizeof *e)) return -1;
  r->epochs[r->n_epochs++] = *e;
  return 0;
}

int ur_run_set_step_mse(ur_run *r, const double *mse, int n) {
  double *c = n > 0 ? dup_mem(mse, sizeof(double) * (size_t)n) : NULL;
  if (n > 0 && !c) return -1;
  free(r->step_mse);
  r->step_mse = c;
  r->n_step_mse = n;
  return 0;
}

int ur_run_set_model(ur_run *r, const ur_model *m) {
  size_t len;
  unsigned char *b = ur_model_serialize(m, &len);
  if (!b) return -1;
  free(r->model);
  r->model = b;
  r->model_len = len;
  r->input = m->input;
  r->n_layers = m->n_layers;
  for (int i = 0; i < m->n_layers; i++) r->layers[i] = m->layers[i].spec;
  return 0;
}

ur_model *ur_run_model(const ur_run *r, char *err, size_t errlen) {
  if (!r->model || !r->model_len) {
    snprintf(err, errlen, "the run \"%s\" holds no weights", r->name);
    return NULL;
  }
  return ur_model_deserialize(r->model, r->model_len, err, errlen);
}

int ur_run_data_same(const ur_run_data *a, const ur_run_data *b) {
  if (a->task != b->task || a->horizon != b->horizon || a->n_steps != b->n_steps || !a->csv.path[0] != !b->csv.path[0])
    return 0;
  if (a->csv.path[0]) return ur_csv_source_same(&a->csv, &b->csv) && a->csv.cfg.kind == b->csv.cfg.kind;
  return a->seed == b->seed && a->n_series == b->n_series;
}

size_t ur_run_param_count(const ur_run *r) {
  ur_shape s = r->input;
  size_t n = 0;
  for (int i = 0; i < r->n_layers; i++) {
    ur_shape out;
    if (ur_spec_output_shape(&r->layers[i], s, &out, NULL, 0)) return 0;
    n += ur_spec_param_count(&r->layers[i], s);
    s = out;
  }
  return n;
}

void ur_run_summary(const ur_run *r, char *buf, size_t len) {
  size_t o = 0;
  if (len) buf[0] = 0;
  /* a run of identical layers reads as one: "Conv1D 20×8" */
  for (int i = 0, k = 0; i < r->n_layers && o + 1 < len; i += k) {
    const ur_layer_spec *s = &r->layers[i];
    for (k = 1; i + k < r->n_layers && r->layers[i + k].kind == s->kind && r->layers[i + k].units == s->units; k++) {}
    const char *name = s->kind == UR_TIME_DISTRIBUTED ? "TD(Dense)" : ur_kind_name(s->kind);
    int has_units = s->kind != UR_FLATTEN && s->kind != UR_DROPOUT && s->kind != UR_LAYER_NORM &&
                    s->kind != UR_BATCH_NORM;
    char units[16] = "", times[16] = "";
    if (has_units) snprintf(units, sizeof units, " %d", s->units);
    if (k > 1) snprintf(times, sizeof times, "×%d", k);
    int n = snprintf(buf + o, len - o, "%s%s%s%s", i ? " › " : "", name, units, times);
    if (n < 0) break;
    o += (size_t)n;
  }
  if (o >= len && len > 4) { /* cut on a character boundary, then "…" (3 bytes in UTF-8) */
    size_t p = len - 4;
    while (p > 0 && ((unsigned char)buf[p] & 0xC0) == 0x80) p--;
    strcpy(buf + p, "…");
  }
}

double ur_run_skill(const ur_run *r, double baseline_mse) {
  if (!isfinite(r->val_last_mse) || !(baseline_mse > 0)) return NAN;
  return 1.0 - r->val_last_mse / baseline_mse;
}

