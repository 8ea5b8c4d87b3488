/* rng.c: xoshiro256** (Blackman and Vigna, 2018) seeded by splitmix64; deterministic across platforms. */
#include "ogas/core.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* r := state derived from seed. */
void ogas_rng_seed(ogas_rng *r, uint64_t seed)
{
    for (int k = 0; k < 4; k++) r->s[k] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* Next 64 bits of the xoshiro256** stream. */
uint64_t ogas_rng_u64(ogas_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0,1) with 53 random bits. */
double ogas_rng_uniform(ogas_rng *r)
{
    return (double)(ogas_rng_u64(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0,n), unbiased (Lemire's multiply-and-reject). */
uint64_t ogas_rng_below(ogas_rng *r, uint64_t n)
{
    unsigned __int128 m = (unsigned __int128)ogas_rng_u64(r) * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
        uint64_t t = (0 - n) % n;
        while (lo < t) {
            m = (unsigned __int128)ogas_rng_u64(r) * n;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}
