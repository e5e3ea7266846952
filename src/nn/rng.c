/* rng: explicit, seeded pseudo-random state (xoshiro256**), uniform and Gaussian samples.
 * Any thread, on a state it owns; no global state anywhere.
 * Invariants: the same seed gives the same sequence on every platform (integer arithmetic,
 * and the normal sample uses only log, sqrt and cos of exactly reproducible arguments). */
#include "nn/rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void nn_rng_seed(nn_rng *r, uint64_t seed)
{
    /* splitmix64 never yields four zero words, which xoshiro would be stuck in */
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

uint64_t nn_rng_u64(nn_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double nn_rng_uniform(nn_rng *r) { return (double)(nn_rng_u64(r) >> 11) * 0x1p-53; }

double nn_rng_normal(nn_rng *r)
{
    /* Box–Muller, one sample per call (no hidden spare, so the state is just s[4]).
     * 1 - u lies in (0, 1], so the log is finite. */
    double u1 = 1.0 - nn_rng_uniform(r);
    double u2 = nn_rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

int nn_rng_seeded(const nn_rng *r) { return (r->s[0] | r->s[1] | r->s[2] | r->s[3]) != 0; }
