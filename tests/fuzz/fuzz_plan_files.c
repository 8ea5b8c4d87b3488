/* fuzz_plan_files: the readers of a plan's side files on arbitrary bytes: ogas_plan_read_weights,
 * ogas_plan_read_capital, ogas_plan_read_targets and ogas_plan_read_projects, on a fixed three-product,
 * two-year problem with codes A, B, C. The input is cut at lines that are exactly "---" (as
 * fuzz_plan_peer cuts it): the first part is the weights file, the second the capital file, the third
 * the targets file, the fourth the projects file and the rest the selected file (none, when there is no
 * fifth part: every project taken).
 *
 * On success: weights n finite values >= 0; capital, stock0 and dep well-formed 3 x 3 CSR with the same
 * pattern, capital and stock0 finite and >= 0, dep the rate given; targets 2 x 3 finite and >= 0;
 * projects: fixed NULL (nothing taken) or T x ncap finite values >= 0 that are the sums of the listed
 * rows, each row a capital cell of its good and industry in a year 1..T with a finite amount >= 0.
 * On failure: the status is not OGAS_OK, err.message is non-empty, and what the reader would have
 * replaced is unchanged (the same arrays; the projects list empty). ogas_plan_problem_free and
 * ogas_plan_projects_free run in every case (LeakSanitizer checks that they free all). */
#include "fuzz_economy.h"
#include "ogas/core.h"
#include "ogas/plan.h"

/* p := the fixed problem. */
static void base_problem(ogas_plan_problem *p)
{
    ogas_triplet t;
    ogas_error err;
    const char *codes[3] = {"A", "B", "C"};
    memset(p, 0, sizeof *p);
    p->n = p->m = 3;
    p->T = 2;
    p->codes = calloc(3, sizeof *p->codes);
    for (int k = 0; k < 3; k++) p->codes[k] = ogas_strdup(codes[k]);
    if (ogas_triplet_init(&t, 3, 3, 3, &err)) abort();
    for (int k = 0; k < 3; k++) ogas_triplet_push(&t, k, k, 1.0, &err);
    if (ogas_csr_from_triplet(&t, &p->output, &err)) abort();
    ogas_triplet_free(&t);
    if (ogas_triplet_init(&t, 3, 3, 2, &err)) abort();
    ogas_triplet_push(&t, 0, 1, 0.2, &err);
    ogas_triplet_push(&t, 1, 2, 0.3, &err);
    if (ogas_csr_from_triplet(&t, &p->input, &err)) abort();
    ogas_triplet_free(&t);
    if (ogas_triplet_init(&t, 3, 3, 1, &err)) abort();
    ogas_triplet_push(&t, 1, 0, 0.5, &err);
    if (ogas_csr_from_triplet(&t, &p->capital, &err) || ogas_csr_copy(&p->capital, &p->stock0, &err) ||
        ogas_csr_copy(&p->capital, &p->dep, &err))
        abort();
    ogas_triplet_free(&t);
    p->dep.x[0] = 0.1;
    p->labour = ogas_calloc(3, sizeof *p->labour);
    p->labour_supply = ogas_calloc(2, sizeof *p->labour_supply);
    p->target = ogas_calloc(6, sizeof *p->target);
    if (!p->labour || !p->labour_supply || !p->target || !p->codes[0] || !p->codes[1] || !p->codes[2]) abort();
    for (int k = 0; k < 3; k++) p->labour[k] = 1.0;
    p->labour_supply[0] = p->labour_supply[1] = 10.0;
    for (int k = 0; k < 6; k++) p->target[k] = 1.0;
}

/* Checks a CSR matrix of the problem's shape with finite values >= 0. */
static void check_csr(const char *what, const ogas_csr *A)
{
    if (A->m != 3 || A->n != 3 || !A->p || A->p[0] != 0) fuzz_fail("%s: bad shape", what);
    for (int64_t i = 0; i < 3; i++) {
        if (A->p[i + 1] < A->p[i]) fuzz_fail("%s: row pointers decrease", what);
        for (int64_t q = A->p[i]; q < A->p[i + 1]; q++) {
            if (A->j[q] < 0 || A->j[q] >= 3 || (q > A->p[i] && A->j[q] <= A->j[q - 1])) fuzz_fail("%s: bad column", what);
            if (!isfinite(A->x[q]) || A->x[q] < 0) fuzz_fail("%s: value %g", what, A->x[q]);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *names[5] = {"weights.csv", "capital.csv", "targets.csv", "projects.csv", "selected.txt"};
    const double output[3] = {10.0, 20.0, 0.0};
    size_t from = 0;
    int have_selected = 0;
    ogas_plan_problem p;
    ogas_error err;
    ogas_status rc;

    for (int part = 0; part < 5; part++) {
        size_t seplen = 0, at = part < 4 ? fuzz_next_separator(data, size, from, &seplen) : size;
        fuzz_write(fuzz_path(names[part]), data + from, at - from);
        if (part == 3) have_selected = seplen > 0;
        from = at < size ? at + seplen : size;
    }
    base_problem(&p);
    {
        double *before = p.weight;
        ogas_error_clear(&err);
        rc = ogas_plan_read_weights(fuzz_path(names[0]), &p, &err);
        if (rc != OGAS_OK) fuzz_check_error("weights", rc, &err);
        if (rc == OGAS_OK) {
            for (int k = 0; k < 3; k++)
                if (!isfinite(p.weight[k]) || p.weight[k] < 0) fuzz_fail("weights: weight %g", p.weight[k]);
        } else if (p.weight != before) {
            fuzz_fail("weights: a failed read changed the weights");
        }
    }
    {
        int64_t *before = p.capital.p;
        ogas_error_clear(&err);
        rc = ogas_plan_read_capital(fuzz_path(names[1]), output, 0.07, &p, &err);
        if (rc != OGAS_OK) fuzz_check_error("capital", rc, &err);
        if (rc == OGAS_OK) {
            check_csr("capital", &p.capital);
            check_csr("stock0", &p.stock0);
            check_csr("dep", &p.dep);
            if (ogas_csr_nnz(&p.stock0) != ogas_csr_nnz(&p.capital) || ogas_csr_nnz(&p.dep) != ogas_csr_nnz(&p.capital))
                fuzz_fail("capital: stock0 or dep differ in pattern");
            for (int64_t q = 0; q < ogas_csr_nnz(&p.dep); q++)
                if (p.dep.x[q] != 0.07) fuzz_fail("capital: depreciation %g", p.dep.x[q]);
        } else if (p.capital.p != before) {
            fuzz_fail("capital: a failed read changed the capital");
        }
    }
    {
        double *before = p.target;
        ogas_error_clear(&err);
        rc = ogas_plan_read_targets(fuzz_path(names[2]), &p, &err);
        if (rc != OGAS_OK) fuzz_check_error("targets", rc, &err);
        if (rc == OGAS_OK) {
            for (int k = 0; k < 6; k++)
                if (!isfinite(p.target[k]) || p.target[k] < 0) fuzz_fail("targets: target %g", p.target[k]);
        } else if (p.target != before) {
            fuzz_fail("targets: a failed read changed the targets");
        }
    }
    {
        double *before = p.fixed;
        ogas_plan_projects list;
        int64_t ncap = ogas_csr_nnz(&p.capital);
        ogas_error_clear(&err);
        rc = ogas_plan_read_projects(fuzz_path(names[3]), have_selected ? fuzz_path(names[4]) : NULL, &p, &list, &err);
        if (rc != OGAS_OK) fuzz_check_error("projects", rc, &err);
        if (rc == OGAS_OK) {
            double *sum = calloc((size_t)p.T * (size_t)ncap + 1, sizeof *sum);
            if (!sum) abort();
            if ((p.fixed == NULL) != (list.count == 0)) fuzz_fail("projects: fixed and the list disagree");
            if (list.projects > list.count) fuzz_fail("projects: more projects than rows");
            for (int64_t q = 0; q < list.count; q++) {
                const ogas_plan_fixed_item *it = &list.item[q];
                if (!it->project) fuzz_fail("projects: row %lld has no project id", (long long)q);
                if (it->year < 1 || it->year > p.T) fuzz_fail("projects: year %d", it->year);
                if (it->good < 0 || it->good >= 3 || it->tech < 0 || it->tech >= 3 || it->cell < p.capital.p[it->good] ||
                    it->cell >= p.capital.p[it->good + 1] || p.capital.j[it->cell] != it->tech)
                    fuzz_fail("projects: row %lld is not a capital cell", (long long)q);
                if (!isfinite(it->amount) || it->amount < 0) fuzz_fail("projects: amount %g", it->amount);
                sum[(int64_t)(it->year - 1) * ncap + it->cell] += it->amount;
            }
            for (int64_t k = 0; p.fixed && k < (int64_t)p.T * ncap; k++)
                if (!isfinite(p.fixed[k]) || p.fixed[k] < 0 || p.fixed[k] != sum[k])
                    fuzz_fail("projects: fixed investment %g, rows sum to %g", p.fixed[k], sum[k]);
            free(sum);
        } else if (p.fixed != before || list.count != 0 || list.item != NULL) {
            fuzz_fail("projects: a failed read changed the fixed investments or left a list");
        }
        ogas_plan_projects_free(&list);
    }
    ogas_plan_problem_free(&p);
    return 0;
}
