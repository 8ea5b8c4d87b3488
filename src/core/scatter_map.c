/* scatter_map.c: the scattered product A' x of a large power-law matrix, through a map of where its
 * sums go (ogas_scatter_map).
 *
 * In the plain scattered product (spmv.c) each thread adds the entries of its rows into a buffer of one
 * sum per column. An economy's A' (industries by rows, their inputs as columns) sends its entries three
 * ways. Most go to a few popular inputs (energy, steel): in the buffer, in column order, each of them
 * takes a cache line for one word, so the map gives them the first places, the most popular first, where
 * they fill whole lines and stay in the caches. Many go to neighbours of the industry, whose places the
 * thread is passing anyway. The rest, about one entry in eight, go to unpopular inputs far away: each is
 * a miss to memory, and at 10^7 products they took half of the product's time.
 *
 * Those far entries are collected instead (propagation blocking: Beamer, Asanovic and Patterson,
 * "Reducing PageRank communication via propagation blocking", IPDPS 2017). Each is written to its own
 * fixed place after the part's buffer, in its column range's list (ranges of OGAS_SCATTER_BIN columns),
 * so that the writes stream along one list per range. When all parts are done, each range's lists are
 * added into the first part's places of the range, 256 KB that stay in cache, and the range's sums are
 * finished. The places of far entries are fixed when the map is built, so the product's loop is the
 * plain one, with the map's indices in place of A's.
 *
 * The rows are split into parts fixed by the map (the thread count when it was built); each part has its
 * own buffer, and a sum adds its part's terms in row order, then the far ones, part by part, then the
 * other parts' in part order. So the result has the same bits on any number of threads. */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "ogas/core.h"
#include "ogas/sparse.h"
#include "spmv.h"

#define BIN OGAS_SCATTER_BIN
#define NEAR OGAS_SCATTER_NEAR

/* Orders the keys of popular columns: most entries first, then by column. */
static int by_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* m->slot and m->hot := the places of A's columns (see sparse.h), counting each column's entries as AT's
 * row lengths, or in count when AT is NULL. */
static ogas_status place_columns(const ogas_csr *A, const ogas_csr *AT, const int64_t *count, ogas_scatter_map *m,
                                 ogas_error *err)
{
    int64_t n = A->n, nnz = A->p[A->m], hot = 0, rest;
    uint64_t *key = NULL;

#define ENTRIES(c) (AT ? AT->p[(c) + 1] - AT->p[c] : count[c])
#define POPULAR(c) (ENTRIES(c) * n >= 2 * nnz) /* at least twice the average, 2 nnz / n, in integers */
#pragma omp parallel for schedule(static) reduction(+ : hot) if (n > SPMV_SERIAL)
    for (int64_t c = 0; c < n; c++) hot += POPULAR(c);
    key = ogas_mallocarray((size_t)hot + 1, sizeof *key);
    if (!key) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the scatter map");
    rest = 0;
    for (int64_t c = 0; c < n; c++)
        if (POPULAR(c)) {
            int64_t e = ENTRIES(c);
            key[rest++] = (uint64_t)(UINT32_MAX - (e < UINT32_MAX ? e : UINT32_MAX)) << 32 | (uint64_t)c;
        }
    qsort(key, (size_t)hot, sizeof *key, by_key);
    for (int64_t q = 0; q < hot; q++) m->slot[key[q] & UINT32_MAX] = (int32_t)q;
    rest = hot;
    for (int64_t c = 0; c < n; c++)
        if (!POPULAR(c)) m->slot[c] = (int32_t)rest++;
#undef POPULAR
#undef ENTRIES
    m->hot = hot;
    ogas_free(key);
    return OGAS_OK;
}

/* 1 if entry (r, c) of A is far: to a column neither popular (a bit set in pop) nor within NEAR of its
 * row. */
static inline int is_far(const uint64_t *pop, int64_t r, int64_t c)
{
    return (int)((uint64_t)(c - r + NEAR) > 2 * NEAR) & (int)(~pop[c >> 6] >> (c & 63) & 1);
}

/* seg[q x (bins + 1) + b] := the far entries of part q in range b, counted over the rows of A; returns 0
 * without memory. */
static int count_far_by_rows(const ogas_csr *A, ogas_scatter_map *m)
{
    uint64_t *pop = ogas_calloc((size_t)m->n / 64 + 1, sizeof *pop); /* popular columns, 1.25 MB at 10^7 */
    if (!pop) return 0;
    for (int64_t c = 0; c < m->n; c++)
        if (m->slot[c] < m->hot) pop[c >> 6] |= (uint64_t)1 << (c & 63);
#pragma omp parallel for schedule(static, 1) if (A->p[A->m] > SPMV_SERIAL)
    for (int q = 0; q < m->parts; q++) {
        const int64_t *restrict p = A->p;
        const int32_t *restrict j = A->j;
        int64_t *restrict seg = m->seg + (size_t)q * (size_t)(m->bins + 1);
        for (int64_t r = m->cut[q]; r < m->cut[q + 1]; r++)
            for (int64_t k = p[r]; k < p[r + 1]; k++) seg[j[k] / BIN] += is_far(pop, r, j[k]);
    }
    ogas_free(pop);
    return 1;
}

/* The same, counted over the rows of AT = A', unpopular columns of A only, range by range. */
static void count_far_by_columns(const ogas_csr *AT, ogas_scatter_map *m)
{
#pragma omp parallel for schedule(dynamic, 1) if (AT->p[AT->m] > SPMV_SERIAL)
    for (int64_t b = 0; b < m->bins; b++) {
        int64_t c1 = (b + 1) * BIN < m->n ? (b + 1) * BIN : m->n;
        for (int64_t c = b * BIN; c < c1; c++) {
            int q = 0;
            if (m->slot[c] < m->hot) continue;
            /* the part of each row: the next, usually, rows being in order */
            for (int64_t k = AT->p[c]; k < AT->p[c + 1]; k++) {
                int64_t r = AT->j[k];
                while (r >= m->cut[q + 1]) q++;
                while (r < m->cut[q]) q--;
                m->seg[(size_t)q * (size_t)(m->bins + 1) + (size_t)b] += (uint64_t)(c - r + NEAR) > 2 * NEAR;
            }
        }
    }
}

/* m->j := the place of each entry of part q of A, and off := the far ones' columns, each far entry at
 * next[its range], which advances up to end[the range] (far = 0: none is far). Returns 0 unless every
 * range came out exactly full (a given A' that is not A's transpose counts wrong). */
static int place_entries(const ogas_csr *A, ogas_scatter_map *m, int far, int q, int64_t *restrict next,
                         const int64_t *restrict end_of, uint16_t *restrict off)
{
    int fits = 1;
    const int64_t *restrict p = A->p, *restrict base = m->base;
    const int32_t *restrict j = A->j, *restrict slot = m->slot;
    int32_t *restrict out = m->j;
    int64_t n = m->n, hot = m->hot, stop = p[m->cut[q + 1]] - SPMV_PREFETCH;
    for (int64_t r = m->cut[q]; r < m->cut[q + 1]; r++) {
        int64_t end = p[r + 1];
        for (int64_t k = p[r]; k < end; k++) {
            int64_t c = j[k], s;
            if (k < stop) __builtin_prefetch(&slot[j[k + SPMV_PREFETCH]]);
            s = slot[c];
            out[k] = (int32_t)s;
            if (far & (s >= hot) & ((uint64_t)(c - r + NEAR) > 2 * NEAR)) {
                int64_t e = next[c / BIN]++;
                if (e >= end_of[c / BIN]) { /* more than counted: added in place */
                    fits = 0;
                    continue;
                }
                off[e] = (uint16_t)(s - base[c / BIN]);
                out[k] = (int32_t)(n + e);
            }
        }
    }
    for (int64_t b = 0; b < m->bins; b++) fits &= next[b] == end_of[b];
    return fits;
}

/* m := the scatter map of A (see the file comment). */
ogas_status ogas_scatter_map_build(const ogas_csr *A, const ogas_csr *AT, ogas_scatter_map *m, ogas_error *err)
{
    int64_t n = A->n, nnz = A->p[A->m], most = 0;
    int64_t *count = NULL; /* entries per column, when AT does not give them */
    int64_t *ends = NULL;  /* parts x (bins + 1): where each range's places end */
    int parts = ogas_threads(), far = 1, wrong = 0;
    ogas_status rc = OGAS_OK;

    memset(m, 0, sizeof *m);
    if (AT && !(AT->m == n && AT->n == A->m && AT->p[AT->m] == nnz)) AT = NULL;
    if (parts < 1) parts = 1;
    m->n = n;
    m->parts = parts;
    m->bins = (n + BIN - 1) / BIN;
    if (!AT) count = ogas_calloc((size_t)n + 1, sizeof *count);
    m->slot = ogas_mallocarray((size_t)n + 1, sizeof *m->slot);
    m->j = ogas_mallocarray((size_t)nnz + 1, sizeof *m->j);
    m->cut = ogas_calloc((size_t)parts + 1, sizeof *m->cut);
    m->base = ogas_calloc((size_t)m->bins + 1, sizeof *m->base);
    m->seg = ogas_calloc((size_t)parts * (size_t)(m->bins + 1), sizeof *m->seg);
    m->off_at = ogas_calloc((size_t)parts + 1, sizeof *m->off_at);
    if ((!AT && !count) || !m->slot || !m->j || !m->cut || !m->base || !m->seg || !m->off_at) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the scatter map (%.1f GB)", 4e-9 * (double)nnz);
        goto done;
    }
    if (!AT)
        for (int64_t k = 0; k < nnz; k++) count[A->j[k]]++;
    if ((rc = place_columns(A, AT, count, m, err))) goto done;
    for (int q = 0; q < parts; q++) spmv__share(A, q, parts, &m->cut[q], &m->cut[q + 1]);
    /* each range's first unpopular place (unpopular columns have consecutive places in column order) */
    for (int64_t b = 0; b < m->bins; b++) {
        int64_t c0 = b * BIN, c1 = c0 + BIN < n ? c0 + BIN : n;
        for (int64_t c = c0; c < c1; c++)
            if (m->slot[c] >= m->hot) {
                m->base[b] = m->slot[c];
                break;
            }
    }
    /* far entries per part and range, then where each range's start among its part's */
    if (AT) count_far_by_columns(AT, m);
    else if (!count_far_by_rows(A, m)) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the scatter map");
        goto done;
    }
    for (int q = 0; q < parts; q++) {
        int64_t *seg = m->seg + (size_t)q * (size_t)(m->bins + 1), at = 0;
        for (int64_t b = 0; b <= m->bins; b++) {
            int64_t c = b < m->bins ? seg[b] : 0;
            seg[b] = at;
            at += c;
        }
        m->off_at[q + 1] = m->off_at[q] + at;
        if (at > most) most = at;
    }
    if (n + most >= INT32_MAX) { /* far places beyond 32-bit indices: every entry added in place */
        far = 0;
        most = 0;
        memset(m->seg, 0, (size_t)parts * (size_t)(m->bins + 1) * sizeof *m->seg);
        memset(m->off_at, 0, ((size_t)parts + 1) * sizeof *m->off_at);
    }
    m->stride = (n + most + 7) / 8 * 8; /* each part's buffer on its own cache lines */
    m->off = ogas_mallocarray((size_t)m->off_at[parts] + 1, sizeof *m->off);
    ends = ogas_mallocarray((size_t)parts * (size_t)(m->bins + 1), sizeof *ends);
    if (!m->off || !ends) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the scatter map");
        goto done;
    }
    /* each entry's place; far ones in their range's list, in row order */
#pragma omp parallel for schedule(static, 1) reduction(+ : wrong) if (nnz > SPMV_SERIAL)
    for (int q = 0; q < parts; q++) {
        int64_t *next = m->seg + (size_t)q * (size_t)(m->bins + 1); /* advanced here, restored below */
        int64_t *end_of = ends + (size_t)q * (size_t)(m->bins + 1);
        memcpy(end_of, next + 1, (size_t)m->bins * sizeof *end_of); /* where each range's successor starts */
        wrong += !place_entries(A, m, far, q, next, end_of, m->off + m->off_at[q]);
        /* next[b] now holds the end of range b, which is where b + 1 starts: shift back */
        for (int64_t b = m->bins; b > 0; b--) next[b] = next[b - 1];
        next[0] = 0;
    }
    if (wrong) rc = ogas_error_set(err, OGAS_EARG, "the scatter map's A' is not the transpose of A");
done:
    ogas_free(count);
    ogas_free(ends);
    if (rc) ogas_scatter_map_free(m);
    return rc;
}

/* Releases m's arrays. */
void ogas_scatter_map_free(ogas_scatter_map *m)
{
    ogas_free(m->slot);
    ogas_free(m->j);
    ogas_free(m->cut);
    ogas_free(m->base);
    ogas_free(m->seg);
    ogas_free(m->off);
    ogas_free(m->off_at);
    memset(m, 0, sizeof *m);
}

/* Doubles of work the mapped product needs. */
int64_t ogas_scatter_map_work(const ogas_scatter_map *m)
{
    return (int64_t)m->parts * m->stride;
}

/* y = [b] + xi x + sigma A' x through the map m (see the file comment). */
void ogas_csr_gaxpy_map(const ogas_csr *A, const ogas_scatter_map *m, const double *x, const double *b, double xi,
                        double sigma, double *y, double *work)
{
    int serial = A->p[A->m] < SPMV_SERIAL || omp_get_max_threads() == 1;
    int64_t n = m->n, stride = m->stride, bins = m->bins;
    int parts = m->parts;
#pragma omp parallel if (!serial)
    {
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
        for (int q = t; q < parts; q += nt) {
            double *mine = work + (size_t)q * (size_t)stride;
            memset(mine, 0, (size_t)(n + m->off_at[q + 1] - m->off_at[q]) * sizeof *mine);
            spmv__scatter_rows(A, m->j, x, mine, m->cut[q], m->cut[q + 1]);
        }
#pragma omp barrier
#pragma omp for schedule(static)
        for (int64_t r = 0; r < bins; r++) {
            int64_t c0 = r * BIN, c1 = c0 + BIN < n ? c0 + BIN : n;
            double *acc = work + m->base[r];
            for (int q = 0; q < parts; q++) {
                const int64_t *seg = m->seg + (size_t)q * (size_t)(bins + 1);
                const double *far = work + (size_t)q * (size_t)stride + n;
                const uint16_t *off = m->off + m->off_at[q];
                for (int64_t e = seg[r]; e < seg[r + 1]; e++) acc[off[e]] += far[e];
            }
            for (int64_t c = c0; c < c1; c++) {
                int64_t at = m->slot[c];
                double s = 0.0;
                for (int q = 0; q < parts; q++) s += work[(size_t)q * (size_t)stride + at];
                y[c] = spmv__finish(s, sigma, xi, x, b, c);
            }
        }
    }
}
