/* rnn_common.c: masks, projections and the gemms recurrent layers share. */
#include "rnn_common.h"
#include "tensor_ops.h"
#include <stdio.h>
#include <string.h>

int ur_rnn_output_shape(const ur_layer_spec *s, ur_shape in, ur_shape *out, char *why, size_t len) {
  if (ur_check_units(s, "unit", why, len) || ur_check_sequence(in, ur_kind_name(s->kind), why, len)) return -1;
  if (s->dropout < 0 || s->dropout >= 1 || s->recurrent_dropout < 0 || s->recurrent_dropout >= 1)
    return ur_shape_error(why, len, "dropout rates must be in [0, 1)");
  *out = (ur_shape){s->return_sequences ? in.steps : 0, s->units};
  return 0;
}

void ur_rnn_describe(const ur_layer_spec *s, char *buf, size_t len) {
  int n = snprintf(buf, len, "%d unit%s, %s%s", s->units, s->units == 1 ? "" : "s",
                   ur_activation_name(s->activation), s->return_sequences ? ", return_sequences" : "");
  if (s->dropout > 0 && n > 0 && (size_t)n < len) n += snprintf(buf + n, len - n, ", dropout %.2g", s->dropout);
  if (s->recurrent_dropout > 0 && n > 0 && (size_t)n < len)
    snprintf(buf + n, len - n, ", recurrent dropout %.2g", s->recurrent_dropout);
}

ur_rnn_cache ur_rnn_layout(const ur_layer *l, int B, int G, ur_carve *carve) {
  ur_rnn_cache c;
  c.B = B; c.T = l->in.steps; c.F = l->in.features; c.H = l->spec.units; c.G = G;
  size_t BT = (size_t)B * c.T;
  c.xin = ur_take_cache(carve, BT * c.F);
  c.imask = ur_take_cache(carve, (size_t)B * c.F);
  c.rmask = ur_take_cache(carve, (size_t)B * c.H);
  c.hin = ur_take_cache(carve, BT * c.H);
  return c;
}

const float *ur_rnn_begin(ur_layer *l, ur_rnn_cache *c, const float *x, int training) {
  int B = c->B, T = c->T, F = c->F, H = c->H;
  int drop_x = training && l->spec.dropout > 0.0f, drop_h = training && l->spec.recurrent_dropout > 0.0f;
  if (drop_x) ur_dropout_mask(c->imask, (size_t)B * F, l->spec.dropout, &l->drop_rng);
  else for (size_t i = 0; i < (size_t)B * F; i++) c->imask[i] = 1.0f;
  if (drop_h) ur_dropout_mask(c->rmask, (size_t)B * H, l->spec.recurrent_dropout, &l->drop_rng);
  else for (size_t i = 0; i < (size_t)B * H; i++) c->rmask[i] = 1.0f;
  if (!drop_x) return x;
  for (int b = 0; b < B; b++)
    for (int t = 0; t < T; t++) {
      const float *xr = x + ((size_t)b * T + t) * F;
      float *o = c->xin + ((size_t)b * T + t) * F;
      const float *m = c->imask + (size_t)b * F;
      for (int f = 0; f < F; f++) o[f] = xr[f] * m[f];
    }
  return c->xin;
}

void ur_rnn_project(const ur_rnn_cache *c, const float *xin, const float *W, const float *b, float *XW) {
  int R = c->B * c->T;
  ur_fill_rows(XW, R, c->G, c->G, b);
  ur_gemm(0, 0, R, c->G, c->F, 1.0f, xin, c->F, W, c->G, 1.0f, XW, c->G);
}

float *ur_rnn_hin(ur_rnn_cache *c, int t, const float *h_prev, int ldh) {
  int B = c->B, T = c->T, H = c->H;
  float *out = c->hin + (size_t)t * H; /* row b at out + b·T·H */
  for (int b = 0; b < B; b++) {
    float *o = out + (size_t)b * T * H;
    if (!h_prev) {
      memset(o, 0, sizeof(float) * (size_t)H);
      continue;
    }
    const float *h = h_prev + (size_t)b * ldh, *m = c->rmask + (size_t)b * H;
    for (int j = 0; j < H; j++) o[j] = h[j] * m[j];
  }
  return out;
}

void ur_rnn_output(const ur_layer *l, const ur_rnn_cache *c, const float *hs, float *y) {
  int B = c->B, T = c->T, H = c->H;
  if (l->spec.return_sequences) {
    memcpy(y, hs, sizeof(float) * (size_t)B * T * H);
    return;
  }
  for (int b = 0; b < B; b++)
    memcpy(y + (size_t)b * H, hs + ((size_t)b * T + T - 1) * H, sizeof(float) * (size_t)H);
}

void ur_rnn_spread_dy(const ur_layer *l, const ur_rnn_cache *c, const float *dy, float *dh) {
  int B = c->B, T = c->T, H = c->H;
  if (l->spec.return_sequences) {
    memcpy(dh, dy, sizeof(float) * (size_t)B * T * H);
    return;
  }
  memset(dh, 0, sizeof(float) * (size_t)B * T * H);
  for (int b = 0; b < B; b++)
    memcpy(dh + ((size_t)b * T + T - 1) * H, dy + (size_t)b * H, sizeof(float) * (size_t)H);
}

void ur_rnn_finish(ur_layer *l, const ur_rnn_cache *c, const float *xin, const float *dXZ, const float *dHR,
                   float *dW, float *dU, float *db, float *dx) {
  int B = c->B, T = c->T, F = c->F, H = c->H, G = c->G, R = B * T;
  ur_gemm(1, 0, F, G, R, 1.0f, xin, F, dXZ, G, 1.0f, dW, G);    /* dW (F×G) += x̃ᵀ dXZ */
  ur_gemm(1, 0, H, G, R, 1.0f, c->hin, H, dHR, G, 1.0f, dU, G); /* dU (H×G) += hinᵀ dHR */
  if (db) ur_add_row_sums(db, dXZ, R, G, G);
  if (!dx) return;
  ur_gemm(0, 1, R, F, G, 1.0f, dXZ, G, l->w, G, 0.0f, dx, F);   /* dx (R×F) = dXZ Wᵀ */
  if (l->spec.dropout > 0.0f)
    for (int b = 0; b < B; b++)
      for (int t = 0; t < T; t++) {
        float *d = dx + ((size_t)b * T + t) * F;
        const float *m = c->imask + (size_t)b * F;
        for (int f = 0; f < F; f++) d[f] *= m[f];
      }
}

void ur_rnn_carry(ur_layer *l, const ur_rnn_cache *c, const float *dhr_t, int ld, const float *U, float *carry) {
  int B = c->B, H = c->H, G = c->G;
  ur_gemm(0, 1, B, H, G, 1.0f, dhr_t, ld, U, G, 0.0f, carry, H); /* carry (B×H) = dhr_t (B×G) Uᵀ */
  if (l->spec.recurrent_dropout > 0.0f)
    for (size_t i = 0; i < (size_t)B * H; i++) carry[i] *= c->rmask[i];
}
