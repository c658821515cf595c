/* model.c: building, running and copying a stack of layers. */
#include "model.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ur_layer_bind(ur_layer *l) {
  const ur_kind_def *d = ur_kind_def_of(l->spec.kind);
  l->ops = d->ops;
  l->n_params = ur_spec_param_count(&l->spec, l->in);
  l->n_state = d->state_floats ? d->state_floats(&l->spec, l->in) : 0;
}

/* The layout run with no buffers: it counts what it takes. */
static ur_carve count_layout(const ur_layer *l, int B) {
  ur_carve c = {NULL, NULL, 0, 0, 0};
  if (l->ops->layout) l->ops->layout(l, B, &c);
  return c;
}
size_t ur_layer_cache_floats(const ur_layer *l, int B) { return count_layout(l, B).cache_used; }
size_t ur_layer_scratch_floats(const ur_layer *l, int B) { return count_layout(l, B).scratch_most; }

int ur_layer_reserve(ur_layer *l, int B) {
  if (l->cache && l->cache_batch >= B) return 0;
  ur_layer_release(l);
  ur_carve sizes = count_layout(l, B);
  size_t nc = sizes.cache_used, ns = sizes.scratch_most;
  /* one extra float so a zero-sized request still gets a pointer */
  l->cache = malloc(sizeof(float) * (nc + 1));
  l->scratch = malloc(sizeof(float) * (ns + 1));
  if (!l->cache || !l->scratch) {
    ur_layer_release(l);
    return -1;
  }
  l->scratch_floats = ns;
  l->cache_batch = B;
  return 0;
}

void ur_layer_release(ur_layer *l) {
  free(l->cache);
  free(l->scratch);
  l->cache = l->scratch = NULL;
  l->cache_batch = 0;
  l->scratch_floats = 0;
}

static void bind_arrays(ur_model *m) {
  size_t po = 0, so = 0;
  for (int i = 0; i < m->n_layers; i++) {
    ur_layer *l = &m->layers[i];
    l->w = m->params + po;
    l->g = m->grads + po;
    l->state = m->state + so;
    po += l->n_params;
    so += l->n_state;
  }
}

/* Binds layers[0..n) of a checked stack to their shapes, with no memory of their own. */
static void bind_layers(ur_layer *out, ur_shape input, const ur_layer_spec *layers, const ur_shape *shapes, int n) {
  ur_shape cur = input;
  for (int i = 0; i < n; i++) {
    ur_layer *l = &out[i];
    l->spec = layers[i];
    l->in = cur;
    l->out = shapes[i];
    ur_layer_bind(l);
    cur = shapes[i];
  }
}

/* The floats one sample takes while training (ur_model_reserve for B = 1):
 * the activations, the two gradient buffers, and the layers' own buffers. */
static size_t work_per_sample(ur_shape input, const ur_layer *layers, int n) {
  size_t acts = ur_shape_size(input), most = acts, own = 0;
  for (int i = 0; i < n; i++) {
    size_t out = ur_shape_size(layers[i].out);
    acts += out;
    if (out > most) most = out;
    own += ur_layer_cache_floats(&layers[i], 1) + ur_layer_scratch_floats(&layers[i], 1);
  }
  return acts + 2 * most + own;
}

/* Every count is bounded by the stack's check (UR_MAX_PARAMS, UR_MAX_SAMPLE_VALUES
 * a layer): none of the sums can wrap. */
int ur_model_measure(ur_shape input, const ur_layer_spec *layers, int n, ur_model_size *size, char *err,
                     size_t errlen) {
  ur_shape shapes[UR_MAX_LAYERS];
  if (ur_stack_check(input, layers, n, shapes, NULL, err, errlen) != 0) return -1;
  ur_layer *bound = calloc((size_t)n, sizeof *bound);
  if (!bound) {
    if (err && errlen) snprintf(err, errlen, "out of memory measuring the model");
    return -1;
  }
  bind_layers(bound, input, layers, shapes, n);
  memset(size, 0, sizeof *size);
  for (int i = 0; i < n; i++) {
    size->params += bound[i].n_params;
    size->state += bound[i].n_state;
  }
  size->work_per_sample = work_per_sample(input, bound, n);
  free(bound);
  if (size->work_per_sample > UR_MAX_SAMPLE_WORK) {
    if (err && errlen)
      snprintf(err, errlen, "the model would take %zu floats a sample while training (its activations, caches and "
               "temporaries), more than the %d a model may take", size->work_per_sample, UR_MAX_SAMPLE_WORK);
    return -1;
  }
  return 0;
}

ur_model *ur_model_new(ur_shape input, const ur_layer_spec *layers, int n, char *err, size_t errlen) {
  ur_shape shapes[UR_MAX_LAYERS];
  ur_model_size size;
  if (ur_model_measure(input, layers, n, &size, err, errlen) != 0) return NULL;
  ur_stack_check(input, layers, n, shapes, NULL, NULL, 0);
  ur_model *m = calloc(1, sizeof *m);
  if (!m) goto oom;
  m->input = input;
  m->n_layers = n;
  bind_layers(m->layers, input, layers, shapes, n);
  m->n_params = size.params;
  m->n_state = size.state;
  m->params = calloc(m->n_params + 1, sizeof(float));
  m->grads = calloc(m->n_params + 1, sizeof(float));
  m->state = calloc(m->n_state + 1, sizeof(float));
  if (!m->params || !m->grads || !m->state) goto oom;
  bind_arrays(m);
  ur_model_init(m, 42);
  return m;
oom:
  ur_model_free(m);
  if (err && errlen) snprintf(err, errlen, "out of memory building the model");
  return NULL;
}

static void free_workspace(ur_model *m) {
  if (m->acts) {
    for (int i = 0; i <= m->n_layers; i++) free(m->acts[i]);
    free(m->acts);
    m->acts = NULL;
  }
  free(m->dbuf[0]);
  free(m->dbuf[1]);
  m->dbuf[0] = m->dbuf[1] = NULL;
  for (int i = 0; i < m->n_layers; i++) ur_layer_release(&m->layers[i]);
  m->batch = 0;
}

void ur_model_free(ur_model *m) {
  if (!m) return;
  free_workspace(m);
  free(m->params);
  free(m->grads);
  free(m->state);
  free(m);
}

ur_model *ur_model_clone(const ur_model *src) {
  ur_layer_spec specs[UR_MAX_LAYERS];
  for (int i = 0; i < src->n_layers; i++) specs[i] = src->layers[i].spec;
  ur_model *m = ur_model_new(src->input, specs, src->n_layers, NULL, 0);
  if (!m) return NULL;
  memcpy(m->params, src->params, sizeof(float) * src->n_params);
  memcpy(m->state, src->state, sizeof(float) * src->n_state);
  m->seed = src->seed;
  m->step = src->step;
  return m;
}

void ur_model_init(ur_model *m, uint32_t seed) {
  ur_rng rng;
  ur_rng_seed(&rng, ur_seed_derive(seed, UR_STREAM_WEIGHTS, 0, 0));
  m->seed = seed;
  m->step = 0;
  for (int i = 0; i < m->n_layers; i++) m->layers[i].ops->init(&m->layers[i], &rng);
}

ur_shape ur_model_output_shape(const ur_model *m) { return m->layers[m->n_layers - 1].out; }
size_t ur_model_in_size(const ur_model *m) { return ur_shape_size(m->input); }
size_t ur_model_out_size(const ur_model *m) { return ur_shape_size(ur_model_output_shape(m)); }

int ur_model_reserve(ur_model *m, int B) {
  if (B <= m->batch) return 0;
  free_workspace(m);
  m->acts = calloc((size_t)m->n_layers + 1, sizeof(float *));
  if (!m->acts) return -1;
  size_t maxsz = ur_shape_size(m->input);
  for (int i = 0; i <= m->n_layers; i++) {
    size_t sz = i == 0 ? ur_shape_size(m->input) : ur_shape_size(m->layers[i - 1].out);
    if (sz > maxsz) maxsz = sz;
    m->acts[i] = malloc(sizeof(float) * (size_t)B * sz);
    if (!m->acts[i]) goto oom;
  }
  m->dbuf[0] = malloc(sizeof(float) * (size_t)B * maxsz);
  m->dbuf[1] = malloc(sizeof(float) * (size_t)B * maxsz);
  if (!m->dbuf[0] || !m->dbuf[1]) goto oom;
  for (int i = 0; i < m->n_layers; i++)
    if (ur_layer_reserve(&m->layers[i], B) != 0) goto oom;
  m->batch = B;
  return 0;
oom:
  free_workspace(m);
  return -1;
}

const float *ur_model_forward(ur_model *m, const float *x, int B, int training) {
  memcpy(m->acts[0], x, sizeof(float) * (size_t)B * ur_shape_size(m->input));
  for (int i = 0; i < m->n_layers; i++) {
    ur_layer *l = &m->layers[i];
    if (training) /* dropout masks: a pure function of (seed, step, layer) */
      ur_rng_seed(&l->drop_rng, ur_seed_derive(m->seed, UR_STREAM_DROPOUT, m->step, (uint64_t)i));
    l->ops->forward(l, m->acts[i], m->acts[i + 1], B, training);
  }
  return m->acts[m->n_layers];
}

void ur_model_backward(ur_model *m, float *dy, int B, float *dx_out) {
  float *d = dy;
  int k = 0;
  for (int i = m->n_layers - 1; i >= 0; i--) {
    ur_layer *l = &m->layers[i];
    float *dx = i > 0 ? m->dbuf[k] : dx_out;
    l->ops->backward(l, m->acts[i], m->acts[i + 1], d, dx, B);
    d = dx;
    k ^= 1;
  }
}

int ur_model_predict(ur_model *m, const float *x, int n, float *y) {
  int B = m->batch > 0 ? m->batch : 256;
  if (ur_model_reserve(m, B) != 0) return -1;
  size_t in = ur_model_in_size(m), out = ur_model_out_size(m);
  for (int s = 0; s < n; s += B) {
    int b = n - s < B ? n - s : B;
    const float *o = ur_model_forward(m, x + (size_t)s * in, b, 0);
    memcpy(y + (size_t)s * out, o, sizeof(float) * (size_t)b * out);
  }
  return 0;
}

int ur_model_tensors(const ur_model *m, ur_model_tensor *out, int max) {
  int n = 0;
  size_t base = 0;
  ur_tensor_info t[UR_MAX_TENSORS];
  for (int i = 0; i < m->n_layers; i++) {
    const ur_layer *l = &m->layers[i];
    int k = l->ops->tensors(l, t);
    for (int j = 0; j < k; j++) {
      if (n < max) {
        out[n].layer = i;
        out[n].t = t[j];
        out[n].t.offset += base;
      }
      n++;
    }
    base += l->n_params;
  }
  return n;
}
