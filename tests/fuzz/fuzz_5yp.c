/* fuzz_5yp: ogas_economy_read with layout "5yp" on arbitrary bytes written to a file:
 * the peer planner's flows.csv (headings row, square block, labour and output rows).
 * Invariants checked: see fuzz_economy.h. */
#include "fuzz_economy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ogas_read_options opts;
    const char *path = fuzz_path("flows.csv");
    memset(&opts, 0, sizeof opts);
    opts.layout = "5yp";
    fuzz_write(path, data, size);
    fuzz_read_economy(path, &opts);
    return 0;
}
