/* rng.c: MT19937 as in numpy's legacy RandomState (randomkit). */
#include "rng.h"
#include <math.h>

void ur_rng_seed(ur_rng *r, uint32_t seed) {
  /* init_genrand: numpy's np.random.seed(int) */
  r->mt[0] = seed;
  for (int i = 1; i < 624; i++)
    r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
  r->mti = 624;
  r->has_gauss = 0;
  r->gauss = 0.0;
}

static void twist(ur_rng *r) {
  static const uint32_t mag01[2] = {0u, 0x9908b0dfu};
  int k;
  uint32_t y;
  for (k = 0; k < 624 - 397; k++) {
    y = (r->mt[k] & 0x80000000u) | (r->mt[k + 1] & 0x7fffffffu);
    r->mt[k] = r->mt[k + 397] ^ (y >> 1) ^ mag01[y & 1u];
  }
  for (; k < 623; k++) {
    y = (r->mt[k] & 0x80000000u) | (r->mt[k + 1] & 0x7fffffffu);
    r->mt[k] = r->mt[k + (397 - 624)] ^ (y >> 1) ^ mag01[y & 1u];
  }
  y = (r->mt[623] & 0x80000000u) | (r->mt[0] & 0x7fffffffu);
  r->mt[623] = r->mt[396] ^ (y >> 1) ^ mag01[y & 1u];
  r->mti = 0;
}

uint32_t ur_rng_u32(ur_rng *r) {
  if (r->mti >= 624) twist(r);
  uint32_t y = r->mt[r->mti++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

double ur_rng_rand(ur_rng *r) {
  /* 53-bit double from two outputs, as np.random.rand */
  uint32_t a = ur_rng_u32(r) >> 5, b = ur_rng_u32(r) >> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

double ur_rng_normal(ur_rng *r) {
  /* numpy's legacy polar Box-Muller, which caches the second value */
  if (r->has_gauss) {
    r->has_gauss = 0;
    return r->gauss;
  }
  double x1, x2, r2;
  do {
    x1 = 2.0 * ur_rng_rand(r) - 1.0;
    x2 = 2.0 * ur_rng_rand(r) - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  double f = sqrt(-2.0 * log(r2) / r2);
  r->gauss = f * x1;
  r->has_gauss = 1;
  return f * x2;
}

double ur_rng_uniform(ur_rng *r, double lo, double hi) { return lo + (hi - lo) * ur_rng_rand(r); }

uint32_t ur_rng_below(ur_rng *r, uint32_t n) {
  /* rejection on a mask, as numpy's legacy bounded integers */
  if (n <= 1) return 0;
  uint32_t mask = n - 1;
  mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
  uint32_t v;
  while ((v = ur_rng_u32(r) & mask) >= n) {}
  return v;
}

void ur_rng_shuffle(ur_rng *r, int *a, int n) {
  for (int i = n - 1; i > 0; i--) {
    int j = (int)ur_rng_below(r, (uint32_t)i + 1);
    int t = a[i]; a[i] = a[j]; a[j] = t;
  }
}

static uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

uint32_t ur_seed_derive(uint32_t seed, ur_stream stream, uint64_t a, uint64_t b) {
  uint64_t h = splitmix64((uint64_t)seed ^ ((uint64_t)stream << 32));
  h = splitmix64(h ^ a);
  h = splitmix64(h ^ b);
  return (uint32_t)(h >> 32);
}
