/* optim.h: SGD (momentum, Nesterov), Adam, Nadam, RMSprop, as Keras 2 (TF 2).
 *
 * One loop over the model's contiguous parameters.  Clipping first, as Keras:
 * clipvalue clamps every gradient to [-c, c]; clipnorm rescales each weight
 * tensor's gradient to norm ≤ c (per tensor, as Keras's clipnorm).
 *   SGD      v = μ v - η g;  w += v   (Nesterov: w += μ v - η g)
 *   Adam     m = β1 m + (1-β1) g;  v = β2 v + (1-β2) g²
 *            w -= η √(1-β2ᵗ)/(1-β1ᵗ) · m / (√v + ε)
 *   Nadam    Adam with Nesterov momentum and Keras's momentum schedule
 *   RMSprop  s = ρ s + (1-ρ) g²;  w -= η g / (√s + ε)
 */
#ifndef UR_OPTIM_H
#define UR_OPTIM_H

#include "model.h"

typedef enum { UR_OPT_SGD, UR_OPT_ADAM, UR_OPT_NADAM, UR_OPT_RMSPROP, UR_OPT_COUNT } ur_optimizer_kind;

typedef struct {
  ur_optimizer_kind kind;
  float lr;
  float momentum; /* SGD */
  int nesterov;   /* SGD */
  float beta1, beta2, epsilon, rho;
  float clipnorm, clipvalue; /* 0 = off */
} ur_optim_config;

/* Keras's defaults for a kind (Adam: lr 0.001, β 0.9 / 0.999, ε 1e-7). */
ur_optim_config ur_optim_default(ur_optimizer_kind kind);
const char *ur_optimizer_name(ur_optimizer_kind k); /* "adam" */
int ur_optimizer_from_name(const char *name);

typedef struct {
  ur_optim_config cfg;
  size_t n;
  float *m, *v;       /* moments (n each) */
  long t;             /* steps taken */
  double m_schedule;  /* Nadam */
  ur_model_tensor *tensors;
  int n_tensors;
} ur_optimizer;

int ur_optimizer_init(ur_optimizer *o, const ur_optim_config *cfg, const ur_model *m); /* 0 or -1 (OOM) */
void ur_optimizer_free(ur_optimizer *o);
/* One update of m->params from m->grads (which clipping may change). */
void ur_optimizer_step(ur_optimizer *o, ur_model *m);

#endif
