/* fuzz_mtx: Matrix Market text (ogas_mtx_parse) from arbitrary bytes.
 * On success the result must be a well-formed CSR (p[0] = 0, p nondecreasing, column indices in
 * range and strictly increasing within rows, every value finite: the reader accepts finite numbers
 * only, so a non-finite value can only come from summing duplicates); on failure err must say why. */
#include "fuzz_check.h"

#include "ogas/formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ogas_csr A;
    ogas_error err;
    ogas_status rc;
    memset(&A, 0xA5, sizeof A); /* the parser must set every field, on success and failure */
    ogas_error_clear(&err);
    rc = ogas_mtx_parse("fuzz.mtx", (const char *)data, size, &A, &err);
    if (rc == OGAS_OK) {
        fuzz_check_csr("ogas_mtx_parse", &A, 1);
    } else {
        fuzz_check_error("ogas_mtx_parse", rc, &err);
        if (A.p || A.j || A.x) fuzz_fail("ogas_mtx_parse failed but left arrays in A (expected a zeroed A)");
    }
    ogas_csr_free(&A);
    return 0;
}
