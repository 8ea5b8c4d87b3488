/* fuzz_plan_native: ogas_plan_read_native on a folder whose manifest.txt, capital.mtx, target.mtx and
 * codes.csv come from the input, cut at lines that are exactly "---" (as fuzz_plan_peer cuts it; a part
 * that is missing leaves its file out of the folder), beside fixed, valid files for a problem of 2
 * products, 2 techniques and 2 years (output, input, stock0, dep, labour, labour_supply, lag).
 *
 * On success: n, m >= 1, T >= 1, codes non-NULL and distinct, the matrices well-formed n x m CSR with
 * finite values, stock0 and dep with capital's pattern, and ogas_plan_problem_check passes. On failure
 * a proper error and the problem left zeroed. ogas_plan_problem_free runs in both cases. */
#include "fuzz_economy.h"
#include "ogas/core.h"
#include "ogas/plan.h"

static const char *const fixed[][2] = {
    {"output.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n2 2 1\n"},
    {"input.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 2 0.2\n2 1 0.3\n"},
    {"stock0.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n2 1 5\n"},
    {"dep.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n2 1 0.1\n"},
    {"labour.mtx", "%%MatrixMarket matrix array real general\n2 1\n1\n0.5\n"},
    {"labour_supply.mtx", "%%MatrixMarket matrix array real general\n2 1\n10\n11\n"},
    {"lag.mtx", "%%MatrixMarket matrix array real general\n2 1\n1\n2\n"}};
static const char *const fuzzed[4] = {"manifest.txt", "capital.mtx", "target.mtx", "codes.csv"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ogas_plan_problem p;
    ogas_error err;
    ogas_status rc;
    size_t from = 0;
    char dir[320];
    const char *slash;

    for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++)
        fuzz_write(fuzz_path(fixed[k][0]), (const uint8_t *)fixed[k][1], strlen(fixed[k][1]));
    for (int part = 0; part < 4; part++) {
        size_t seplen = 0, at = part < 3 ? fuzz_next_separator(data, size, from, &seplen) : size;
        const char *path = fuzz_path(fuzzed[part]);
        if (from < size || part == 0) fuzz_write(path, data + from, at - from);
        else unlink(path);
        from = at < size ? at + seplen : size;
        if (seplen == 0 && at == size) from = size + 1; /* no more separators: the later files are absent */
    }
    slash = strrchr(fuzz_path(fuzzed[0]), '/');
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - fuzz_path(fuzzed[0])), fuzz_path(fuzzed[0]));
    ogas_error_clear(&err);
    rc = ogas_plan_read_native(dir, &p, &err);
    if (rc == OGAS_OK) {
        const ogas_csr *mats[5] = {&p.output, &p.input, &p.capital, &p.stock0, &p.dep};
        if (p.n < 1 || p.m < 1 || p.T < 1) fuzz_fail("plan_native: read succeeded with n = %lld, m = %lld, T = %d", (long long)p.n, (long long)p.m, p.T);
        if (!p.codes) fuzz_fail("plan_native: codes is NULL");
        for (int k = 0; k < 5; k++) fuzz_check_csr("plan_native matrix", mats[k], 1);
        if (ogas_csr_nnz(&p.stock0) != ogas_csr_nnz(&p.capital) || ogas_csr_nnz(&p.dep) != ogas_csr_nnz(&p.capital))
            fuzz_fail("plan_native: stock0 or dep differ from capital in pattern");
        if (ogas_plan_problem_check(&p, &err) != OGAS_OK) fuzz_fail("plan_native: read a problem that fails its check: %s", err.message);
    } else {
        fuzz_check_error("plan_native", rc, &err);
        if (p.n != 0 || p.codes || p.target) fuzz_fail("plan_native: a failed read left data in the problem");
    }
    ogas_plan_problem_free(&p);
    return 0;
}
