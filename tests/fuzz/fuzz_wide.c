/* fuzz_wide: ogas_economy_read with layout "wide" on arbitrary bytes written to a file:
 * the statistical-office wide layout (ONS, Eurostat): header row of codes, product block, final-demand columns, primary-input rows.
 * Invariants checked: see fuzz_economy.h. */
#include "fuzz_economy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ogas_read_options opts;
    const char *path = fuzz_path("table.csv");
    memset(&opts, 0, sizeof opts);
    opts.layout = "wide";
    fuzz_write(path, data, size);
    fuzz_read_economy(path, &opts);
    return 0;
}
