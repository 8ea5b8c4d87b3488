/* registry.c: the council registry's handle: its arrays and maps, room for what events add, the
 * membership records, and the accessors of ogas/council.h. */
#include <string.h>

#include "council_internal.h"

/* Most councils, people, records and seats a registry holds (indices fit the pair map's 32-bit halves). */
#define REG_LIMIT ((int64_t)INT32_MAX - 1)

/* *r := an empty registry. */
ogas_status ogas_council_registry_create(ogas_council_registry **r, ogas_error *err)
{
    ogas_council_registry *g;
    *r = NULL;
    g = ogas_calloc(1, sizeof *g);
    if (!g) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the council registry");
    if (!ogas_strmap_init(&g->council_ids, 16) || !ogas_strmap_init(&g->person_ids, 16)) {
        ogas_council_registry_destroy(g);
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the council registry");
    }
    *r = g;
    return OGAS_OK;
}

/* Frees r. */
void ogas_council_registry_destroy(ogas_council_registry *r)
{
    if (!r) return;
    for (int64_t k = 0; k < r->nev; k++) ogas_free(r->ev[k]);
    ogas_free(r->ev);
    ogas_free(r->c);
    ogas_free(r->p);
    ogas_free(r->m);
    ogas_free(r->seat);
    ogas_free(r->elect);
    ogas_free(r->pool);
    ogas_free(r->mark);
    ogas_free(r->aux);
    ogas_free(r->pairs.keys);
    ogas_free(r->pairs.vals);
    ogas_strmap_free(&r->council_ids);
    ogas_strmap_free(&r->person_ids);
    ogas_free(r);
}

/* *a := an array of room for at least need elements of size elem (*cap updated); 0 on out of memory. */
static int grow(void **a, int64_t *cap, int64_t need, size_t elem)
{
    int64_t c = *cap < 16 ? 16 : *cap;
    void *b;
    if (need <= *cap) return 1;
    while (c < need) c *= 2;
    b = ogas_reallocarray(*a, (size_t)c, elem);
    if (!b) return 0;
    *a = b;
    *cap = c;
    return 1;
}

/* Room in m for extra more keys without growing on insertion; 0 on out of memory. */
static int strmap_reserve(ogas_strmap *m, size_t extra)
{
    ogas_strmap bigger;
    size_t want = m->count + extra;
    if (2 * want <= m->cap) return 1;
    if (!ogas_strmap_init(&bigger, 2 * want)) return 0;
    for (size_t s = 0; s < m->cap; s++)
        if (m->keys[s]) ogas_strmap_put(&bigger, m->keys[s], m->lens[s], m->vals[s], NULL);
    ogas_strmap_free(m);
    *m = bigger;
    return 1;
}

/* Slot of key in the pair map: where it is, or the empty slot where it goes. */
static size_t pair_slot(const reg_pairmap *m, uint64_t key)
{
    uint64_t h = key * 0x9E3779B97F4A7C15ULL;
    size_t s = (size_t)(h ^ (h >> 29)) & (m->cap - 1);
    while (m->keys[s] && m->keys[s] != key) s = (s + 1) & (m->cap - 1);
    return s;
}

/* The pair map's key of (council c, person p): never 0. */
static uint64_t pair_key(int64_t c, int64_t p)
{
    return (((uint64_t)c << 32) | (uint64_t)p) + 1;
}

/* Room in the pair map for extra more keys with at most half the slots used; 0 on out of memory. */
static int pairs_reserve(reg_pairmap *m, size_t extra)
{
    reg_pairmap b;
    size_t want = m->count + extra, cap = 16;
    if (2 * want <= m->cap) return 1;
    while (cap < 4 * want) cap *= 2;
    b.keys = ogas_calloc(cap, sizeof *b.keys);
    b.vals = ogas_mallocarray(cap, sizeof *b.vals);
    if (!b.keys || !b.vals) {
        ogas_free(b.keys);
        ogas_free(b.vals);
        return 0;
    }
    b.cap = cap;
    b.count = m->count;
    for (size_t s = 0; s < m->cap; s++)
        if (m->keys[s]) {
            size_t t = pair_slot(&b, m->keys[s]);
            b.keys[t] = m->keys[s];
            b.vals[t] = m->vals[s];
        }
    ogas_free(m->keys);
    ogas_free(m->vals);
    *m = b;
    return 1;
}

/* Room for more of everything; the state is unchanged. */
ogas_status reg_reserve(ogas_council_registry *r, int64_t nc, int64_t np, int64_t nm, int64_t nseat, int64_t nelect,
                        int64_t npool, int64_t nev, ogas_error *err)
{
    if (nc > REG_LIMIT - r->nc || np > REG_LIMIT - r->np || nm > REG_LIMIT - r->nm || nseat > REG_LIMIT - r->nseat ||
        nelect > REG_LIMIT - r->nelect || npool > INT64_MAX / 2 - r->npool || nev > INT64_MAX / 2 - r->nev)
        return ogas_error_set(err, OGAS_ETOOBIG, "the council registry is full");
    if (!grow((void **)&r->c, &r->cap_c, r->nc + nc, sizeof *r->c) ||
        !grow((void **)&r->m, &r->cap_m, r->nm + nm, sizeof *r->m) ||
        !grow((void **)&r->seat, &r->cap_seat, r->nseat + nseat, sizeof *r->seat) ||
        !grow((void **)&r->elect, &r->cap_elect, r->nelect + nelect, sizeof *r->elect) ||
        !grow((void **)&r->pool, &r->cap_pool, r->npool + npool, sizeof *r->pool) ||
        !grow((void **)&r->ev, &r->cap_ev, r->nev + nev, sizeof *r->ev) ||
        !strmap_reserve(&r->council_ids, (size_t)nc) || !strmap_reserve(&r->person_ids, (size_t)np) ||
        !pairs_reserve(&r->pairs, (size_t)nm))
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the council registry");
    if (r->np + np > r->cap_p) {
        /* people, and the scratch arrays that go with them: cap_p moves only when all three have grown */
        int64_t cap = r->cap_p, c2 = r->cap_p, c3 = r->cap_p;
        if (!grow((void **)&r->p, &cap, r->np + np, sizeof *r->p) || !grow((void **)&r->mark, &c2, cap, sizeof *r->mark) ||
            !grow((void **)&r->aux, &c3, cap, sizeof *r->aux))
            return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the council registry");
        for (int64_t q = r->cap_p; q < c2; q++) r->mark[q] = 0;
        r->cap_p = cap;
    }
    return OGAS_OK;
}

/* Record of (c, p), or -1. */
int64_t reg_member_find(const ogas_council_registry *r, int64_t c, int64_t p)
{
    size_t s;
    if (!r->pairs.cap) return -1;
    s = pair_slot(&r->pairs, pair_key(c, p));
    return r->pairs.keys[s] ? r->pairs.vals[s] : -1;
}

/* 1 if p is a current member of c. */
int reg_is_member(const ogas_council_registry *r, int64_t c, int64_t p)
{
    int64_t k = reg_member_find(r, c, p);
    return k >= 0 && r->m[k].active;
}

/* p joins c. */
void reg_member_activate(ogas_council_registry *r, int64_t c, int64_t p)
{
    int64_t k = reg_member_find(r, c, p);
    if (k < 0) {
        size_t s = pair_slot(&r->pairs, pair_key(c, p));
        k = r->nm++;
        r->m[k].council = c;
        r->m[k].person = p;
        r->m[k].next = -1;
        r->pairs.keys[s] = pair_key(c, p);
        r->pairs.vals[s] = k;
        r->pairs.count++;
        if (r->c[c].last_member >= 0) r->m[r->c[c].last_member].next = k;
        else r->c[c].first_member = k;
        r->c[c].last_member = k;
    }
    r->m[k].active = 1;
    r->c[c].members++;
}

/* p leaves c. */
void reg_member_deactivate(ogas_council_registry *r, int64_t c, int64_t p)
{
    int64_t k = reg_member_find(r, c, p);
    if (k >= 0 && r->m[k].active) {
        r->m[k].active = 0;
        r->c[c].members--;
    }
}

/* Seat of c held by p, or -1. */
int64_t reg_seat_of(const ogas_council_registry *r, int64_t c, int64_t p)
{
    const reg_council *x = &r->c[c];
    for (int64_t k = x->seat0; k < x->seat0 + x->seats; k++)
        if (r->seat[k].holder == p) return k;
    return -1;
}

/* Next mark generation. */
int64_t reg_new_gen(ogas_council_registry *r)
{
    return ++r->gen;
}

/* Index of the council called s[0..len), or -1. */
int64_t reg_council_find_n(const ogas_council_registry *r, const char *s, size_t len)
{
    return ogas_strmap_get(&r->council_ids, s, len);
}

/* Index of the person called s[0..len), or -1. */
int64_t reg_person_find_n(const ogas_council_registry *r, const char *s, size_t len)
{
    return ogas_strmap_get(&r->person_ids, s, len);
}

/* Number of councils. */
int64_t ogas_council_count(const ogas_council_registry *r)
{
    return r ? r->nc : 0;
}

/* Index of council id or -1. */
int64_t ogas_council_find(const ogas_council_registry *r, const char *id)
{
    return r && id ? reg_council_find_n(r, id, strlen(id)) : -1;
}

/* *out := council c. */
ogas_status ogas_council_get(const ogas_council_registry *r, int64_t c, ogas_council_info *out)
{
    const reg_council *x;
    memset(out, 0, sizeof *out);
    if (!r || c < 0 || c >= r->nc) return OGAS_EARG;
    x = &r->c[c];
    out->id = x->id;
    out->name = x->name;
    out->parent = x->parent;
    out->seats = x->seats;
    out->vacant = x->vacant;
    out->members = x->members;
    out->children = x->nchildren;
    out->created = x->created;
    return OGAS_OK;
}

/* Children of c. */
int64_t ogas_council_children(const ogas_council_registry *r, int64_t c, int64_t *out)
{
    int64_t n = 0;
    if (!r || c < 0 || c >= r->nc) return 0;
    for (int64_t k = r->c[c].first_child; k >= 0; k = r->c[k].next_sibling) {
        if (out) out[n] = k;
        n++;
    }
    return n;
}

/* Current members of c. */
int64_t ogas_council_members(const ogas_council_registry *r, int64_t c, int64_t *out)
{
    int64_t n = 0;
    if (!r || c < 0 || c >= r->nc) return 0;
    if (!out) return r->c[c].members;
    for (int64_t k = r->c[c].first_member; k >= 0; k = r->m[k].next)
        if (r->m[k].active) out[n++] = r->m[k].person;
    return n;
}

/* 1 if p is a member of c. */
int ogas_council_is_member(const ogas_council_registry *r, int64_t c, int64_t p)
{
    if (!r || c < 0 || c >= r->nc || p < 0 || p >= r->np) return 0;
    return reg_is_member(r, c, p);
}

/* *out := seat k of c. */
ogas_status ogas_council_seat_get(const ogas_council_registry *r, int64_t c, int64_t k, ogas_council_seat *out)
{
    const reg_seat *s;
    memset(out, 0, sizeof *out);
    out->holder = -1;
    if (!r || c < 0 || c >= r->nc || k < 0 || k >= r->c[c].seats) return OGAS_EARG;
    s = &r->seat[r->c[c].seat0 + k];
    out->holder = s->holder;
    if (s->election >= 0) {
        const reg_election *e = &r->elect[s->election];
        out->elected = e->seq;
        out->mandate = e->n;
        for (int64_t q = e->m0; q < e->m0 + e->n; q++) out->mandate_members += reg_is_member(r, c, r->pool[q]);
    }
    return OGAS_OK;
}

/* Mandate of seat k of c. */
int64_t ogas_council_mandate(const ogas_council_registry *r, int64_t c, int64_t k, int64_t *out)
{
    const reg_seat *s;
    const reg_election *e;
    if (!r || c < 0 || c >= r->nc || k < 0 || k >= r->c[c].seats) return 0;
    s = &r->seat[r->c[c].seat0 + k];
    if (s->election < 0) return 0;
    e = &r->elect[s->election];
    if (out) memcpy(out, r->pool + e->m0, (size_t)e->n * sizeof *out);
    return e->n;
}

/* Number of people. */
int64_t ogas_council_person_count(const ogas_council_registry *r)
{
    return r ? r->np : 0;
}

/* Index of person id or -1. */
int64_t ogas_council_person_find(const ogas_council_registry *r, const char *id)
{
    return r && id ? reg_person_find_n(r, id, strlen(id)) : -1;
}

/* *out := person p. */
ogas_status ogas_council_person_get(const ogas_council_registry *r, int64_t p, ogas_council_person *out)
{
    memset(out, 0, sizeof *out);
    if (!r || p < 0 || p >= r->np) return OGAS_EARG;
    out->id = r->p[p].id;
    out->name = r->p[p].name;
    return OGAS_OK;
}

/* Number of events. */
int64_t ogas_council_event_count(const ogas_council_registry *r)
{
    return r ? r->nev : 0;
}

/* *out := event k. */
ogas_status ogas_council_event_get(const ogas_council_registry *r, int64_t k, ogas_council_event *out)
{
    const reg_event *e;
    memset(out, 0, sizeof *out);
    if (!r || k < 0 || k >= r->nev) return OGAS_EARG;
    e = r->ev[k];
    out->seq = e->seq;
    out->time = e->time;
    out->who = e->who;
    out->action = reg_action_name(e->action);
    out->nargs = e->nargs;
    out->args = e->args;
    out->why = e->why;
    out->line = e->line;
    return OGAS_OK;
}

/* Smallest count > share * of. */
int64_t ogas_council_needed(int64_t of, double share)
{
    double v = share * (double)of;
    if (!(v >= 0)) return 1;
    if (v >= (double)INT64_MAX / 2) return INT64_MAX / 2;
    return (int64_t)v + 1;
}
