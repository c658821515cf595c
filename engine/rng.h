/* rng.h: MT19937, bit for bit numpy's legacy np.random.
 *
 * ur_rng_seed(s) is numpy's np.random.seed(s) (init_genrand); ur_rng_rand()
 * is np.random.rand()'s 53-bit double from two 32-bit outputs.  The engine
 * uses the same generator for weights, shuffles and dropout, so one seed
 * fixes a whole run.
 */
#ifndef UR_RNG_H
#define UR_RNG_H

#include <stdint.h>

typedef struct {
  uint32_t mt[624];
  int mti;
  int has_gauss;
  double gauss;
} ur_rng;

void ur_rng_seed(ur_rng *r, uint32_t seed);
uint32_t ur_rng_u32(ur_rng *r);
double ur_rng_rand(ur_rng *r);                 /* [0, 1), numpy's random_sample */
double ur_rng_normal(ur_rng *r);               /* standard normal, numpy's legacy gauss */
double ur_rng_uniform(ur_rng *r, double lo, double hi);
uint32_t ur_rng_below(ur_rng *r, uint32_t n);  /* uniform integer in [0, n) */
void ur_rng_shuffle(ur_rng *r, int *a, int n); /* Fisher-Yates */

/* Independent streams from one user seed.  The data generator takes the seed
 * as numpy does; weights, shuffles and dropout masks each take a seed derived
 * through splitmix64, so that (unlike a shared MT(seed)) the first weights
 * are not a function of the same draws as the first series' frequencies. */
typedef enum { UR_STREAM_WEIGHTS = 1, UR_STREAM_SHUFFLE = 2, UR_STREAM_DROPOUT = 3 } ur_stream;
uint32_t ur_seed_derive(uint32_t seed, ur_stream stream, uint64_t a, uint64_t b);

#endif
