/* fuzz_plan_peer: ogas_plan_read_peer on arbitrary bytes split into the four files of a peer plan
 * folder. The input is cut at its lines that are exactly "---" (a CR before the line end is allowed;
 * the separator lines belong to no file): the first part is flows.csv, the second cap.csv, the third
 * dep.csv, and the rest (further "---" lines included) labtarg.csv. Files with no part are absent
 * from the folder, so that missing files are fuzzed too: an input without separators is flows.csv
 * alone. The seeds in tests/fuzz/corpus/plan_peer/ are written this way.
 *
 * On success: n >= 1, m == n, T >= 1; codes non-NULL, each non-NULL and all distinct; tech_names and
 * lag NULL; output the n x n identity; input, capital, stock0 and dep well-formed n x n CSR matrices
 * with finite values, stock0 and dep with exactly capital's pattern; ogas_plan_problem_check passes
 * (it checks the values, the per-year targets and the labour data).
 * On failure: the status is not OGAS_OK, err.code is that status, err.message is non-empty, and the
 * problem is left zeroed. ogas_plan_problem_free runs in both cases (LeakSanitizer checks that it
 * frees all). The folder and its files: see fuzz_economy.h. */
#include "fuzz_economy.h"
#include "ogas/plan.h"

#define NPARTS 4

/* Checks a successfully read problem (see the file comment). */
static void check_problem(const ogas_plan_problem *p)
{
    ogas_error err;
    const ogas_csr *mats[4] = {&p->input, &p->capital, &p->stock0, &p->dep};
    static const char *const names[4] = {"input", "capital", "stock0", "dep"};
    if (p->n < 1 || p->m != p->n || p->T < 1)
        fuzz_fail("plan_peer: read succeeded with n = %lld, m = %lld, T = %d", (long long)p->n, (long long)p->m, p->T);
    if (!p->codes) fuzz_fail("plan_peer: codes is NULL");
    for (int64_t k = 0; k < p->n; k++)
        if (!p->codes[k]) fuzz_fail("plan_peer: codes[%lld] is NULL", (long long)k);
    {
        char **sorted = malloc((size_t)p->n * sizeof *sorted);
        if (!sorted) abort();
        memcpy(sorted, p->codes, (size_t)p->n * sizeof *sorted);
        qsort(sorted, (size_t)p->n, sizeof *sorted, fuzz_strcmp_p);
        for (int64_t k = 1; k < p->n; k++)
            if (strcmp(sorted[k - 1], sorted[k]) == 0) fuzz_fail("plan_peer: product code '%s' appears twice", sorted[k]);
        free(sorted);
    }
    if (p->tech_names || p->lag) fuzz_fail("plan_peer: tech_names or lag is set");
    if (p->output.m != p->n || p->output.n != p->n) fuzz_fail("plan_peer: output is not n x n");
    fuzz_check_csr("plan_peer: output", &p->output, 1);
    if (ogas_csr_nnz(&p->output) != p->n) fuzz_fail("plan_peer: output has %lld entries, expected n", (long long)ogas_csr_nnz(&p->output));
    for (int64_t i = 0; i < p->n; i++)
        if (p->output.p[i] != i || p->output.j[i] != i || p->output.x[i] != 1.0)
            fuzz_fail("plan_peer: output is not the identity at row %lld", (long long)i);
    for (int k = 0; k < 4; k++) {
        char what[64];
        if (mats[k]->m != p->n || mats[k]->n != p->n) fuzz_fail("plan_peer: %s is not n x n", names[k]);
        snprintf(what, sizeof what, "plan_peer: %s", names[k]);
        fuzz_check_csr(what, mats[k], 1);
    }
    for (int k = 2; k < 4; k++) {
        const ogas_csr *A = mats[k];
        for (int64_t i = 0; i <= p->n; i++)
            if (A->p[i] != p->capital.p[i]) fuzz_fail("plan_peer: %s has not capital's pattern (row %lld)", names[k], (long long)i);
        for (int64_t q = 0; q < ogas_csr_nnz(A); q++)
            if (A->j[q] != p->capital.j[q]) fuzz_fail("plan_peer: %s has not capital's pattern (entry %lld)", names[k], (long long)q);
    }
    if (!p->labour || !p->labour_supply || !p->target) fuzz_fail("plan_peer: labour, labour_supply or target is NULL");
    ogas_error_clear(&err);
    if (ogas_plan_problem_check(p, &err) != OGAS_OK)
        fuzz_fail("plan_peer: read succeeded but the check fails: %s", err.message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const files[NPARTS] = {"flows.csv", "cap.csv", "dep.csv", "labtarg.csv"};
    static const ogas_plan_problem zero;
    const char *paths[NPARTS];
    ogas_plan_problem p;
    ogas_error err;
    ogas_status rc;
    size_t at = 0;
    int have = 1;

    for (int k = 0; k < NPARTS; k++) paths[k] = fuzz_path(files[k]);
    for (int k = 0; k < NPARTS; k++) {
        size_t seplen = 0, end = k < NPARTS - 1 ? fuzz_next_separator(data, size, at, &seplen) : size;
        if (have) fuzz_write(paths[k], data + at, end - at);
        else unlink(paths[k]);
        if (have && seplen == 0 && end == size) have = 0; /* no separator: the files after this one are absent */
        at = have ? end + seplen : size;
    }
    memset(&p, 0x5a, sizeof p);
    ogas_error_clear(&err);
    rc = ogas_plan_read_peer(fuzz_dir, &p, &err);
    if (rc == OGAS_OK) {
        check_problem(&p);
    } else {
        fuzz_check_error("plan_peer", rc, &err);
        if (memcmp(&p, &zero, sizeof p) != 0) fuzz_fail("plan_peer: read failed (%s) but did not leave the problem zeroed", err.message);
    }
    ogas_plan_problem_free(&p);
    return 0;
}
