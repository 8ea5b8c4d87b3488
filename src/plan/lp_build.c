/* lp_build.c: the linear program of a plan (see plan_lp.h), and turning its solution into a plan. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ogas/core.h"
#include "plan_lp.h"

/* Frees L. */
void plan__lp_free(plan_lp *L)
{
    ogas_csr_free(&L->A);
    ogas_free(L->obj);
    ogas_free(L->collo);
    ogas_free(L->colhi);
    ogas_free(L->rowlo);
    ogas_free(L->rowhi);
    ogas_free(L->cell_good);
    ogas_free(L->cell_tech);
    memset(L, 0, sizeof *L);
}

/* The LP's matrix stored by columns (the rows of L->A), filled in place in column order: the entries of a
 * column are pushed together and the columns in increasing order, so no triplets and no sort are needed
 * (at 10^6 products they cost three times the matrix at the peak of the build). */
typedef struct col_builder {
    ogas_csr *A;      /* ncols x nrows; A->p[c + 1] set when column c closes */
    int64_t cap, nz;  /* room for entries, entries pushed */
    int64_t col;      /* the open column: its entries are A->j, A->x [A->p[col], nz) */
} col_builder;

/* B := an empty builder of A with room for cap entries. */
static ogas_status cb_init(col_builder *B, ogas_csr *A, int64_t ncols, int64_t nrows, int64_t cap, ogas_error *err)
{
    memset(B, 0, sizeof *B);
    if (cap < 16) cap = 16;
    A->m = ncols;
    A->n = nrows;
    A->p = ogas_calloc((size_t)ncols + 1, sizeof *A->p);
    A->j = ogas_mallocarray((size_t)cap, sizeof *A->j);
    A->x = ogas_mallocarray((size_t)cap, sizeof *A->x);
    B->A = A;
    B->cap = cap;
    if (!A->p || !A->j || !A->x) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's LP (%lld entries)", (long long)cap);
    return OGAS_OK;
}

/* Closes the columns before col, each with its entries sorted by row (a few: insertion sort). */
static void cb_close_to(col_builder *B, int64_t col)
{
    ogas_csr *A = B->A;
    while (B->col < col) {
        for (int64_t k = A->p[B->col] + 1; k < B->nz; k++) {
            int32_t r = A->j[k];
            double v = A->x[k];
            int64_t q = k;
            for (; q > A->p[B->col] && A->j[q - 1] > r; q--) {
                A->j[q] = A->j[q - 1];
                A->x[q] = A->x[q - 1];
            }
            A->j[q] = r;
            A->x[q] = v;
        }
        A->p[++B->col] = B->nz;
    }
}

/* Appends (row, v) to column col (col at least the open column; an exact zero is left out). */
static ogas_status cb_push(col_builder *B, int64_t col, int64_t row, double v, ogas_error *err)
{
    ogas_csr *A = B->A;
    if (v == 0.0) return OGAS_OK;
    cb_close_to(B, col);
    if (B->nz == B->cap) {
        int64_t cap = B->cap + B->cap / 2;
        int32_t *j = ogas_reallocarray(A->j, (size_t)cap, sizeof *j);
        double *x;
        if (j) A->j = j;
        if (!j || !(x = ogas_reallocarray(A->x, (size_t)cap, sizeof *x)))
            return ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's LP (%lld entries)", (long long)cap);
        A->x = x;
        B->cap = cap;
    }
    A->j[B->nz] = (int32_t)row;
    A->x[B->nz] = v;
    B->nz++;
    return OGAS_OK;
}

/* Closes every column and gives back the room left over. */
static void cb_finish(col_builder *B)
{
    ogas_csr *A = B->A;
    int64_t nz = B->nz > 0 ? B->nz : 1;
    int32_t *j;
    double *x;
    cb_close_to(B, A->m);
    if ((j = ogas_reallocarray(A->j, (size_t)nz, sizeof *j))) A->j = j;
    if ((x = ogas_reallocarray(A->x, (size_t)nz, sizeof *x))) A->x = x;
}

/* L := LP of p, its matrix stored by columns, as simplex codes take it. */
ogas_status plan__lp_build(const ogas_plan_problem *p, plan_lp *L, ogas_error *err)
{
    int64_t n = p->n, m = p->m, ncap = ogas_csr_nnz(&p->capital);
    int T = p->T;
    ogas_csr outT = {0}, inT = {0};
    int64_t *tp = NULL, *tc = NULL; /* capital cells of each technique: tc[tp[k] .. tp[k+1]) */
    col_builder B;
    ogas_status rc;

    memset(L, 0, sizeof *L);
    L->ncap = ncap;
    L->T = T;
    L->R = 1 + ncap + n;
    L->nf = p->weight ? n : 1;
    L->C = m + ncap + L->nf;
    L->nrows = T * L->R;
    L->ncols = T * L->C;
    if ((rc = ogas_csr_transpose(&p->output, &outT, err)) || (rc = ogas_csr_transpose(&p->input, &inT, err))) goto done;
    L->obj = ogas_calloc((size_t)L->ncols, sizeof *L->obj);
    L->collo = ogas_calloc((size_t)L->ncols, sizeof *L->collo);
    L->colhi = ogas_mallocarray((size_t)L->ncols, sizeof *L->colhi);
    L->rowlo = ogas_mallocarray((size_t)L->nrows, sizeof *L->rowlo);
    L->rowhi = ogas_mallocarray((size_t)L->nrows, sizeof *L->rowhi);
    L->cell_good = ogas_mallocarray((size_t)ncap + 1, sizeof *L->cell_good);
    L->cell_tech = ogas_mallocarray((size_t)ncap + 1, sizeof *L->cell_tech);
    tp = ogas_calloc((size_t)m + 1, sizeof *tp);
    tc = ogas_mallocarray((size_t)ncap + 1, sizeof *tc);
    if (!L->obj || !L->collo || !L->colhi || !L->rowlo || !L->rowhi || !L->cell_good || !L->cell_tech || !tp || !tc) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the plan's LP");
        goto done;
    }
    for (int64_t i = 0; i < n; i++)
        for (int64_t c = p->capital.p[i]; c < p->capital.p[i + 1]; c++) {
            L->cell_good[c] = i;
            L->cell_tech[c] = p->capital.j[c];
            tp[p->capital.j[c] + 1]++;
        }
    for (int64_t k = 0; k < m; k++) tp[k + 1] += tp[k];
    {
        int64_t *w = ogas_mallocarray((size_t)m + 1, sizeof *w);
        if (!w) {
            rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory");
            goto done;
        }
        memcpy(w, tp, (size_t)m * sizeof *w);
        for (int64_t c = 0; c < ncap; c++) tc[w[L->cell_tech[c]]++] = c;
        ogas_free(w);
    }
    for (int64_t c = 0; c < L->ncols; c++) L->colhi[c] = HUGE_VAL;
    if (L->nrows > INT32_MAX) {
        rc = ogas_error_set(err, OGAS_ETOOBIG, "the plan's LP has %lld rows: beyond 32-bit indices", (long long)L->nrows);
        goto done;
    }
    rc = cb_init(&B, &L->A, L->ncols, L->nrows,
                 (int64_t)T * (ogas_csr_nnz(&outT) + ogas_csr_nnz(&inT) + m + n + 1) + (int64_t)(T * (T + 3) / 2) * ncap, err);
    if (rc) goto done;
    for (int y = 0; y < T; y++) {
        /* rows */
        L->rowlo[lp_row_lab(L, y)] = -HUGE_VAL;
        L->rowhi[lp_row_lab(L, y)] = p->labour_supply[y];
        for (int64_t c = 0; c < ncap; c++) {
            L->rowlo[lp_row_cap(L, y, c)] = -HUGE_VAL;
            L->rowhi[lp_row_cap(L, y, c)] = p->stock0.x[c] * pow(1.0 - p->dep.x[c], y);
        }
        for (int64_t i = 0; i < n; i++) {
            L->rowlo[lp_row_bal(L, y, i)] = 0.0;
            L->rowhi[lp_row_bal(L, y, i)] = HUGE_VAL;
        }
        /* intensities: labour, capacity, net output of each product */
        for (int64_t k = 0; k < m && !rc; k++) {
            int64_t col = lp_col_s(L, y, k), a = outT.p[k], b = inT.p[k];
            rc = cb_push(&B, col, lp_row_lab(L, y), p->labour[k], err);
            for (int64_t q = tp[k]; q < tp[k + 1] && !rc; q++)
                rc = cb_push(&B, col, lp_row_cap(L, y, tc[q]), p->capital.x[tc[q]], err);
            /* merge the output and input columns of technique k (both sorted by product) */
            while (!rc && (a < outT.p[k + 1] || b < inT.p[k + 1])) {
                int64_t ia = a < outT.p[k + 1] ? outT.j[a] : INT64_MAX, ib = b < inT.p[k + 1] ? inT.j[b] : INT64_MAX;
                int64_t i = ia < ib ? ia : ib;
                double v = 0.0;
                if (ia == i) v += outT.x[a++];
                if (ib == i) v -= inT.x[b++];
                rc = cb_push(&B, col, lp_row_bal(L, y, i), v, err);
            }
        }
        /* investment: used up in its year, installed after the lag, then wearing out */
        for (int64_t c = 0; c < ncap && !rc; c++) {
            int64_t I = lp_col_I(L, y, c, m), i = L->cell_good[c];
            int lag = p->lag ? p->lag[i] : 1;
            double left = 1.0;
            for (int z = y + lag; z < T && left > 0.0 && !rc; z++, left *= 1.0 - p->dep.x[c])
                rc = cb_push(&B, I, lp_row_cap(L, z, c), -left, err);
            if (!rc) rc = cb_push(&B, I, lp_row_bal(L, y, i), -1.0, err);
        }
        /* fulfilment */
        if (!p->weight) {
            L->obj[lp_col_phi(L, y)] = 1.0;
            for (int64_t i = 0; i < n && !rc; i++) {
                double t = p->target[(int64_t)y * n + i];
                if (t > 0) rc = cb_push(&B, lp_col_phi(L, y), lp_row_bal(L, y, i), -t, err);
            }
        } else {
            double sum = 0.0;
            for (int64_t i = 0; i < n; i++)
                if (p->target[(int64_t)y * n + i] > 0) sum += p->weight[i];
            for (int64_t i = 0; i < n && !rc; i++) {
                double t = p->target[(int64_t)y * n + i];
                int64_t col = lp_col_f(L, y, i);
                L->colhi[col] = t > 0 ? 1.0 : 0.0;
                if (t > 0) {
                    L->obj[col] = p->weight[i] / sum;
                    rc = cb_push(&B, col, lp_row_bal(L, y, i), -t, err);
                }
            }
        }
        if (rc) goto done;
    }
    plan__fixed_rows(p, L, L->rowlo, L->rowhi);
    cb_finish(&B);
done:
    ogas_csr_free(&outT);
    ogas_csr_free(&inT);
    ogas_free(tp);
    ogas_free(tc);
    if (rc) plan__lp_free(L);
    return rc;
}

/* lo, hi += the fixed investments' uses (balance rows) and installed stocks (capacity rows). */
void plan__fixed_rows(const ogas_plan_problem *p, const plan_lp *L, double *lo, double *hi)
{
    int64_t ncap = L->ncap;
    if (!p->fixed) return;
    for (int y = 0; y < L->T; y++)
        for (int64_t c = 0; c < ncap; c++) {
            double f = p->fixed[(int64_t)y * ncap + c], left = 1.0;
            int lag = p->lag ? p->lag[L->cell_good[c]] : 1;
            if (!(f > 0.0)) continue;
            lo[lp_row_bal(L, y, L->cell_good[c])] += f;
            /* as the LP's own investment: installed after the lag, then wearing out (the same products) */
            for (int z = y + lag; z < L->T && left > 0.0; z++, left *= 1.0 - p->dep.x[c]) hi[lp_row_cap(L, z, c)] += left * f;
        }
}

/* buf := the rows that w weighs most, in words. */
void plan__name_rows(const ogas_plan_problem *p, const plan_lp *L, const double *w, char *buf, size_t n)
{
    int64_t best[5];
    int nb = 0;
    size_t k = 0;
    for (int64_t r = 0; r < L->nrows; r++) {
        double v = fabs(w[r]);
        int q;
        if (v <= 1e-9) continue;
        if (nb < 5) q = nb++;
        else if (v <= fabs(w[best[4]])) continue;
        else q = 4;
        while (q > 0 && fabs(w[best[q - 1]]) < v) {
            best[q] = best[q - 1];
            q--;
        }
        best[q] = r;
    }
    buf[0] = '\0';
    for (int q = 0; q < nb && k + 2 < n; q++) {
        char row[200];
        plan__row_name(p, L, best[q], row, sizeof row);
        k += (size_t)snprintf(buf + k, n - k, "%s%s", q ? "; " : "", row);
    }
    if (k >= n) buf[n - 1] = '\0';
}

/* buf := row r in words. */
void plan__row_name(const ogas_plan_problem *p, const plan_lp *L, int64_t r, char *buf, size_t n)
{
    int y = (int)(r / L->R);
    int64_t q = r % L->R;
    char a[112], b[112];
    if (q == 0) {
        snprintf(buf, n, "labour, year %d", y + 1);
    } else if (q <= L->ncap) {
        int64_t c = q - 1;
        snprintf(buf, n, "the stock of %s in %s, year %d", ogas_plan_product_name(p, L->cell_good[c], a, sizeof a),
                 ogas_plan_technique_name(p, L->cell_tech[c], b, sizeof b), y + 1);
    } else {
        snprintf(buf, n, "supply of %s, year %d", ogas_plan_product_name(p, q - 1 - L->ncap, a, sizeof a), y + 1);
    }
}

/* phi_y >= the floor. */
void plan__lp_min_fulfilment(plan_lp *L, const ogas_plan_options *o)
{
    double f = o && o->min_fulfilment > 0 ? o->min_fulfilment : 0.0;
    for (int y = 0; y < L->T; y++) {
        if (L->nf == 1) {
            L->collo[lp_col_phi(L, y)] = f;
            continue;
        }
        for (int64_t i = 0; i < L->nf; i++)
            if (L->colhi[lp_col_f(L, y, i)] > 0) L->collo[lp_col_f(L, y, i)] = f;
    }
}

/* buf := why the floor cannot be met. */
void plan__explain_floor(const ogas_plan_problem *p, const ogas_plan_options *o, char *buf, size_t n)
{
    ogas_plan_options relaxed = *o;
    ogas_plan best;
    ogas_error err;
    size_t k = 0;
    buf[0] = '\0';
    relaxed.min_fulfilment = 0.0;
    if (ogas_plan_lp(p, &relaxed, &best, &err) != OGAS_OK) return;
    for (int y = 0; y < p->T && k + 2 < n; y++) {
        int64_t top[3] = {-1, -1, -1};
        if (best.phi[y] >= o->min_fulfilment * (1 - 1e-9)) continue;
        int lab = best.labour_price && best.labour_price[y] > 1e-12;
        if (!k) k += (size_t)snprintf(buf, n, "the best plan without the floor (sum of phi = %.6g) falls short in ", best.objective);
        if (k + 2 >= n) break;
        k += (size_t)snprintf(buf + k, n - k, "%syear %d (phi = %.6g)", strstr(buf, "(phi =") ? "; " : "", y + 1, best.phi[y]);
        if (k + 2 >= n) break;
        if (lab)
            k += (size_t)snprintf(buf + k, n - k, ", bound by labour (%.6g of %.6g hours)", best.labour_used[y],
                                  p->labour_supply[y]);
        for (int64_t c = 0; best.capacity_price && c < best.ncap; c++) {
            double v = best.capacity_price[(int64_t)y * best.ncap + c];
            if (!(v > 1e-12)) continue;
            for (int q = 0; q < 3; q++)
                if (top[q] < 0 || v > best.capacity_price[(int64_t)y * best.ncap + top[q]]) {
                    for (int r = 2; r > q; r--) top[r] = top[r - 1];
                    top[q] = c;
                    break;
                }
        }
        for (int q = 0; q < 3 && top[q] >= 0 && k + 2 < n; q++) {
            int64_t c = top[q], i = 0, t = p->capital.j[c];
            char a[112], b[112];
            while (p->capital.p[i + 1] <= c) i++;
            k += (size_t)snprintf(buf + k, n - k, "%s the stock of %s in %s", q ? "," : lab ? " and by" : ", bound by",
                                  ogas_plan_product_name(p, i, a, sizeof a), ogas_plan_technique_name(p, t, b, sizeof b));
        }
    }
    if (k >= n) buf[n - 1] = '\0';
    ogas_plan_free(&best);
}

/* K := stocks left by the investments in x and the fixed investments. */
void plan__stocks(const ogas_plan_problem *p, const plan_lp *L, const double *x, double *K)
{
    int64_t ncap = L->ncap, m = p->m;
    for (int y = 0; y < L->T; y++)
        for (int64_t c = 0; c < ncap; c++) {
            int lag = p->lag ? p->lag[L->cell_good[c]] : 1;
            double keep = 1.0 - p->dep.x[c], k = y == 0 ? p->stock0.x[c] : keep * K[(int64_t)(y - 1) * ncap + c];
            if (y - lag >= 0) k += x[lp_col_I(L, y - lag, c, m)] + plan__fixed_at(p, y - lag, c, ncap);
            K[(int64_t)y * ncap + c] = k;
        }
}

/* plan := the plan of solution x with duals y. */
ogas_status plan__from_solution(const ogas_plan_problem *p, const plan_lp *L, const double *x, const double *y,
                                ogas_plan *plan, ogas_error *err)
{
    int64_t n = p->n, m = p->m, ncap = L->ncap;
    int T = p->T;
    ogas_status rc = plan__alloc(plan, T, n, m, ncap, y != NULL, err);
    if (rc) return rc;
    plan__stocks(p, L, x, plan->stock);
    plan->objective = 0;
    for (int t = 0; t < T; t++) {
        double *s = plan->intensity + (int64_t)t * m, *g = plan->gross + (int64_t)t * n,
               *net = plan->net + (int64_t)t * n, *inv = plan->invest + (int64_t)t * n;
        for (int64_t k = 0; k < m; k++) s[k] = x[lp_col_s(L, t, k)];
        ogas_csr_spmv(&p->output, s, g);
        ogas_csr_spmv(&p->input, s, net);
        for (int64_t c = 0; c < ncap; c++) inv[L->cell_good[c]] += x[lp_col_I(L, t, c, m)] + plan__fixed_at(p, t, c, ncap);
        for (int64_t i = 0; i < n; i++) net[i] = g[i] - net[i] - inv[i];
        plan->labour_used[t] = ogas_vec_dot(m, p->labour, s);
        if (L->nf == 1) {
            plan->phi[t] = x[lp_col_phi(L, t)];
        } else {
            plan->phi[t] = 0.0;
            for (int64_t i = 0; i < n; i++) plan->phi[t] += L->obj[lp_col_f(L, t, i)] * x[lp_col_f(L, t, i)];
        }
        plan->objective += plan->phi[t];
        if (y) {
            for (int64_t i = 0; i < n; i++) plan->price[(int64_t)t * n + i] = y[lp_row_bal(L, t, i)];
            plan->labour_price[t] = y[lp_row_lab(L, t)];
            for (int64_t c = 0; c < ncap; c++) plan->capacity_price[(int64_t)t * ncap + c] = y[lp_row_cap(L, t, c)];
        }
    }
    return OGAS_OK;
}
