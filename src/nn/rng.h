/* rng: explicit, seeded pseudo-random state (xoshiro256**), uniform and Gaussian samples.
 * Any thread, on a state it owns; no global state anywhere.
 * Invariants: the same seed gives the same sequence on every platform. */
#ifndef NN_RNG_H
#define NN_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
} nn_rng;

void nn_rng_seed(nn_rng *r, uint64_t seed);
uint64_t nn_rng_u64(nn_rng *r);
double nn_rng_uniform(nn_rng *r);  /* [0, 1) with 53 random bits */
double nn_rng_normal(nn_rng *r);   /* standard normal */
/* 1 when r holds a generator's state; all 0 is none's (xoshiro never reaches it from a seed). */
int nn_rng_seeded(const nn_rng *r);

#endif
