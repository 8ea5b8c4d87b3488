/* fuzz_wiod: ogas_economy_read with layout "wiod" on arbitrary bytes written to a file:
 * WIOD national input-output tables (Year, Code, Description, Origin, industries, final demand, GO).
 * Invariants checked: see fuzz_economy.h. */
#include "fuzz_economy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ogas_read_options opts;
    const char *path = fuzz_path("GBR_NIOT_nov16.csv");
    memset(&opts, 0, sizeof opts);
    opts.layout = "wiod";
    fuzz_write(path, data, size);
    fuzz_read_economy(path, &opts);
    return 0;
}
