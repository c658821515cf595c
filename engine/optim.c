/* optim.c: the optimisers of optim.h. */
#include "optim.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *names[UR_OPT_COUNT] = {"sgd", "adam", "nadam", "rmsprop"};
const char *ur_optimizer_name(ur_optimizer_kind k) { return (unsigned)k < UR_OPT_COUNT ? names[k] : "?"; }
int ur_optimizer_from_name(const char *s) {
  for (int i = 0; s && i < UR_OPT_COUNT; i++)
    if (strcmp(s, names[i]) == 0) return i;
  return -1;
}

ur_optim_config ur_optim_default(ur_optimizer_kind kind) {
  ur_optim_config c = {kind, 0.001f, 0.0f, 0, 0.9f, 0.999f, 1e-7f, 0.9f, 0.0f, 0.0f};
  if (kind == UR_OPT_SGD) c.lr = 0.01f;
  return c;
}

int ur_optimizer_init(ur_optimizer *o, const ur_optim_config *cfg, const ur_model *m) {
  memset(o, 0, sizeof *o);
  o->cfg = *cfg;
  o->n = m->n_params;
  o->m = calloc(o->n + 1, sizeof(float));
  o->v = calloc(o->n + 1, sizeof(float));
  o->n_tensors = ur_model_tensors(m, NULL, 0);
  o->tensors = calloc((size_t)o->n_tensors + 1, sizeof *o->tensors);
  o->m_schedule = 1.0;
  if (!o->m || !o->v || !o->tensors) {
    ur_optimizer_free(o);
    return -1;
  }
  ur_model_tensors(m, o->tensors, o->n_tensors);
  return 0;
}

void ur_optimizer_free(ur_optimizer *o) {
  free(o->m);
  free(o->v);
  free(o->tensors);
  memset(o, 0, sizeof *o);
}

static void clip(ur_optimizer *o, float *g) {
  float cv = o->cfg.clipvalue, cn = o->cfg.clipnorm;
  if (cv > 0.0f)
    for (size_t i = 0; i < o->n; i++) g[i] = g[i] > cv ? cv : g[i] < -cv ? -cv : g[i];
  if (cn > 0.0f)
    for (int k = 0; k < o->n_tensors; k++) {
      float *gt = g + o->tensors[k].t.offset;
      size_t n = o->tensors[k].t.size;
      double s = 0.0;
      for (size_t i = 0; i < n; i++) s += (double)gt[i] * gt[i];
      double norm = sqrt(s);
      if (norm > cn) {
        float f = (float)(cn / norm);
        for (size_t i = 0; i < n; i++) gt[i] *= f;
      }
    }
}

/* Keras's Adam, with the bias corrections folded into lr_t:
 *   m ← β1 m + (1 - β1) g,  v ← β2 v + (1 - β2) g²,  w ← w - lr_t m / (√v + ε).
 * restrict (the four arrays never overlap) lets it vectorise. */
static void adam_update(size_t n, float lr_t, float b1, float b2, float eps, float *restrict w,
                        const float *restrict g, float *restrict m, float *restrict v) {
  for (size_t i = 0; i < n; i++) {
    m[i] = b1 * m[i] + (1.0f - b1) * g[i];
    v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
    w[i] -= lr_t * m[i] / (sqrtf(v[i]) + eps);
  }
}

void ur_optimizer_step(ur_optimizer *o, ur_model *model) {
  float *w = model->params, *g = model->grads, *m = o->m, *v = o->v;
  const ur_optim_config *c = &o->cfg;
  size_t n = o->n;
  clip(o, g);
  o->t++;
  double t = (double)o->t;
  switch (c->kind) {
  case UR_OPT_SGD:
    for (size_t i = 0; i < n; i++) {
      m[i] = c->momentum * m[i] - c->lr * g[i];
      w[i] += c->nesterov ? c->momentum * m[i] - c->lr * g[i] : m[i];
    }
    break;
  case UR_OPT_ADAM: {
    float lr_t = (float)(c->lr * sqrt(1.0 - pow(c->beta2, t)) / (1.0 - pow(c->beta1, t)));
    adam_update(n, lr_t, c->beta1, c->beta2, c->epsilon, w, g, m, v);
    break;
  }
  case UR_OPT_NADAM: {
    /* Keras 2: μ_t = β1 (1 - ½ 0.96^(0.004 t)) */
    double mu_t = c->beta1 * (1.0 - 0.5 * pow(0.96, 0.004 * t));
    double mu_t1 = c->beta1 * (1.0 - 0.5 * pow(0.96, 0.004 * (t + 1)));
    double sched_new = o->m_schedule * mu_t, sched_next = sched_new * mu_t1;
    o->m_schedule = sched_new;
    double v_corr = 1.0 - pow(c->beta2, t);
    float b1 = c->beta1, b2 = c->beta2;
    for (size_t i = 0; i < n; i++) {
      double gp = g[i] / (1.0 - sched_new);
      m[i] = b1 * m[i] + (1.0f - b1) * g[i];
      v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
      double mp = m[i] / (1.0 - sched_next), vp = v[i] / v_corr;
      double mbar = (1.0 - mu_t) * gp + mu_t1 * mp;
      w[i] -= (float)(c->lr * mbar / (sqrt(vp) + c->epsilon));
    }
    break;
  }
  case UR_OPT_RMSPROP:
    for (size_t i = 0; i < n; i++) {
      v[i] = c->rho * v[i] + (1.0f - c->rho) * g[i] * g[i];
      w[i] -= c->lr * g[i] / (sqrtf(v[i]) + c->epsilon);
    }
    break;
  default: break;
  }
}
