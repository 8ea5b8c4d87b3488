/* strmap.c: string -> index hash map, open addressing with linear probing and FNV-1a hashing. */
#include <string.h>

#include "ogas/core.h"

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t k = 0; k < n; k++) h = (h ^ (unsigned char)s[k]) * 1099511628211ULL;
    return h;
}

/* m := empty map sized for n keys. */
int ogas_strmap_init(ogas_strmap *m, size_t n)
{
    size_t cap = 16;
    memset(m, 0, sizeof *m);
    while (cap < 2 * n + 2) cap *= 2;
    m->keys = ogas_calloc(cap, sizeof *m->keys);
    m->lens = ogas_calloc(cap, sizeof *m->lens);
    m->vals = ogas_calloc(cap, sizeof *m->vals);
    if (!m->keys || !m->lens || !m->vals) {
        ogas_strmap_free(m);
        return 0;
    }
    m->cap = cap;
    return 1;
}

/* Frees m. */
void ogas_strmap_free(ogas_strmap *m)
{
    if (!m) return;
    ogas_free((void *)m->keys);
    ogas_free(m->lens);
    ogas_free(m->vals);
    memset(m, 0, sizeof *m);
}

static size_t slot_of(const ogas_strmap *m, const char *key, size_t len)
{
    size_t s = (size_t)fnv1a(key, len) & (m->cap - 1);
    while (m->keys[s] && !(m->lens[s] == len && memcmp(m->keys[s], key, len) == 0)) s = (s + 1) & (m->cap - 1);
    return s;
}

static int grow(ogas_strmap *m)
{
    ogas_strmap bigger;
    if (!ogas_strmap_init(&bigger, m->cap)) return 0;
    for (size_t s = 0; s < m->cap; s++) {
        if (!m->keys[s]) continue;
        size_t t = slot_of(&bigger, m->keys[s], m->lens[s]);
        bigger.keys[t] = m->keys[s];
        bigger.lens[t] = m->lens[s];
        bigger.vals[t] = m->vals[s];
        bigger.count++;
    }
    ogas_strmap_free(m);
    *m = bigger;
    return 1;
}

/* m[key] := val unless present. */
int ogas_strmap_put(ogas_strmap *m, const char *key, size_t len, int64_t val, int64_t *old)
{
    size_t s;
    if (2 * (m->count + 1) > m->cap && !grow(m)) return -1;
    s = slot_of(m, key, len);
    if (m->keys[s]) {
        if (old) *old = m->vals[s];
        return 0;
    }
    m->keys[s] = key;
    m->lens[s] = len;
    m->vals[s] = val;
    m->count++;
    return 1;
}

/* m[key] or -1. */
int64_t ogas_strmap_get(const ogas_strmap *m, const char *key, size_t len)
{
    size_t s;
    if (!m->cap) return -1;
    s = slot_of(m, key, len);
    return m->keys[s] ? m->vals[s] : -1;
}
