/* holt_winters.c: see holt_winters.h. */
#include "holt_winters.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text_io.h"

#define FIT_ROWS 20000 /* the grid is scored on the last training rows at most: enough to fit three numbers */

typedef struct {
  double alpha, beta, gamma;
  int m;
  double l, b;
  double *s; /* ring of the last m seasonal components (m ≥ 1 entries, zero without a season) */
  long t;    /* rows seen */
} hw_state;

static double season_at(const hw_state *h, long t) { return h->m ? h->s[((t % h->m) + h->m) % h->m] : 0.0; }

/* l, b and s from the first rows: the first season's mean, the change to the second's, deviations. */
static void hw_start(hw_state *h, const float *y, int F) {
  int m = h->m, k = m ? m : 1;
  double a = 0, c = 0;
  for (int i = 0; i < k; i++) a += y[(size_t)i * F], c += y[(size_t)(i + k) * F];
  a /= k, c /= k;
  h->l = a;
  h->b = (c - a) / k;
  for (int i = 0; i < m; i++) h->s[i] = y[(size_t)i * F] - a;
  h->t = k; /* the filter goes on from the first row after the first season */
}

/* One row observed: the forecast it had (one step ahead), then the update. */
static double hw_step(hw_state *h, double y) {
  double s_old = season_at(h, h->t), f = h->l + h->b + s_old, l0 = h->l;
  h->l = h->alpha * (y - s_old) + (1 - h->alpha) * (h->l + h->b);
  h->b = h->beta * (h->l - l0) + (1 - h->beta) * h->b;
  if (h->m) h->s[h->t % h->m] = h->gamma * (y - h->l) + (1 - h->gamma) * s_old;
  h->t++;
  return f;
}

static double hw_forecast(const hw_state *h, int steps) {
  long back = h->m ? (long)h->m * ((steps + h->m - 1) / h->m) : 0;
  return h->l + steps * h->b + season_at(h, h->t - 1 + steps - back);
}

/* α, β, γ with the least one-step squared error over the training rows. */
static void hw_fit(hw_state *h, const float *y, int F, long rows) {
  static const double A[] = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9}, B[] = {0.0, 0.01, 0.05, 0.1, 0.2},
                      G[] = {0.0, 0.05, 0.1, 0.2, 0.4};
  long from = rows > FIT_ROWS ? rows - FIT_ROWS : 0;
  double best = INFINITY;
  hw_state t = *h, keep = *h;
  for (size_t a = 0; a < sizeof A / sizeof *A; a++)
    for (size_t b = 0; b < sizeof B / sizeof *B; b++)
      for (size_t g = 0; g < (h->m ? sizeof G / sizeof *G : 1); g++) {
        t = *h;
        t.alpha = A[a], t.beta = B[b], t.gamma = G[g];
        hw_start(&t, y + (size_t)from * F, F);
        double sse = 0;
        for (long r = from + t.t; r < rows; r++) {
          double e = y[(size_t)r * F] - hw_step(&t, y[(size_t)r * F]);
          sse += e * e;
        }
        if (sse < best) best = sse, keep = t;
      }
  h->alpha = keep.alpha, h->beta = keep.beta, h->gamma = keep.gamma;
}

int ur_holt_winters_mse(const ur_windows *w, int span, double *mse, char *why, size_t whylen) {
  const ur_series *s = w->s;
  int m = s->season, F = s->n_features, H = w->H;
  double sum = 0;
  long n = 0;
  double *ring = malloc(sizeof(double) * (size_t)(m > 0 ? m : 1));
  if (!ring) return ur_text_err(why, whylen, "out of memory");
  *mse = NAN;
  for (int g = 0; g < s->n_segments; g++) {
    const ur_series_segment *sg = &s->segments[g];
    const ur_series_part *q = &s->parts[sg->part];
    const float *y = s->values + (size_t)sg->first * F;
    long train = q->train_end - sg->offset; /* the segment's training rows */
    if (w->range_count[span][g] == 0) continue;
    if (train < 2 * (m ? m : 1) + 2) {
      free(ring);
      return ur_text_err(why, whylen, "Holt-Winters needs two seasons (%d rows) and more of training data in each "
                         "series; \"%s\" has %ld", 2 * (m ? m : 1), q->name, train < 0 ? 0 : train);
    }
    hw_state h = {0, 0, 0, m, 0, 0, ring, 0};
    hw_fit(&h, y, F, train);
    hw_start(&h, y, F);
    long first = w->range_first[span][g], count = w->range_count[span][g];
    for (long k = 0; k < count; k++) { /* origins in increasing order: the filter runs up to each */
      long origin = first + k * w->stride + w->origin;
      while (h.t <= origin) hw_step(&h, y[(size_t)h.t * F]);
      for (int step = 1; step <= H; step++) {
        double e = hw_forecast(&h, step) - y[(size_t)(origin + step) * F];
        sum += e * e;
      }
      n++;
    }
  }
  free(ring);
  *mse = n ? sum / ((double)n * H) : NAN;
  return 0;
}
