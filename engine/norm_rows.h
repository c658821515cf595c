/* norm_rows.h: layer normalization of rows, shared by LayerNormalization
 * and the layer-normalized RNN cell.
 *
 * For each row a (n values):  μ = mean(a), σ² = mean((a - μ)²),
 *   x̂ = (a - μ) / √(σ² + ε),  y = γ ⊙ x̂ + β          (ε = 1e-3, Keras)
 * Backward, with dx̂ = dy ⊙ γ:
 *   dγ += Σ dy ⊙ x̂,  dβ += Σ dy,
 *   da = (dx̂ - mean(dx̂) - x̂ ⊙ mean(dx̂ ⊙ x̂)) / √(σ² + ε)
 */
#ifndef UR_NORM_ROWS_H
#define UR_NORM_ROWS_H

#define UR_LN_EPSILON 1e-3f

/* One row: a → y; keeps x̂ (n) and 1/√(σ²+ε) for backward.  y may alias a. */
void ur_ln_row_forward(const float *a, float *y, int n, const float *gamma, const float *beta, float *xhat,
                       float *rstd);
/* One row: da from dy (may alias), accumulating dγ, dβ. */
void ur_ln_row_backward(const float *dy, float *da, int n, const float *gamma, const float *xhat, float rstd,
                        float *dgamma, float *dbeta);

#endif
