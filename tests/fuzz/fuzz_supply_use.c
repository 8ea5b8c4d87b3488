/* fuzz_supply_use: ogas_economy_read with layout "supply-use" on arbitrary bytes split into two
 * files: the make table V (industries x commodities, opts.make) and the use table U (commodities x
 * industries, opts.use). The input is split at its first NUL byte or its first line that is exactly
 * "---" (whichever comes first; the separator itself belongs to neither table); without either, the
 * whole input is the make table and the use table is empty. A separator line "--- CODE" (one blank,
 * then up to 63 bytes) also sets opts.scrap to CODE, so that the scrap adjustment is fuzzed too.
 * The make table's path is also passed as the path argument. Invariants checked: see fuzz_economy.h. */
#include "fuzz_economy.h"

/* Offset of the separator and its length (*seplen = 0 and size when there is none); scrap := the
 * code after "--- " on the separator line, or "" when there is none. */
static size_t find_split(const uint8_t *data, size_t size, size_t *seplen, char scrap[64])
{
    scrap[0] = '\0';
    for (size_t k = 0; k < size; k++) {
        if (data[k] == '\0') {
            *seplen = 1;
            return k;
        }
        if ((k == 0 || data[k - 1] == '\n') && size - k >= 3 && memcmp(data + k, "---", 3) == 0) {
            size_t e = k + 3;
            if (e < size && data[e] == ' ') {
                size_t c = e + 1, n = 0;
                while (c + n < size && data[c + n] != '\n' && data[c + n] != '\r' && data[c + n] != '\0' && n < 63) n++;
                memcpy(scrap, data + c, n);
                scrap[n] = '\0';
                e = c + n;
            }
            if (e < size && data[e] == '\r') e++;
            if (e == size || data[e] == '\n') {
                *seplen = (e < size ? e + 1 : e) - k;
                return k;
            }
            scrap[0] = '\0'; /* not a separator line after all */
        }
    }
    *seplen = 0;
    return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ogas_read_options opts;
    const char *make = fuzz_path("make.csv"), *use = fuzz_path("use.csv");
    char scrap[64];
    size_t seplen, cut = find_split(data, size, &seplen, scrap);
    memset(&opts, 0, sizeof opts);
    opts.layout = "supply-use";
    opts.make = make;
    opts.use = use;
    opts.scrap = scrap[0] ? scrap : NULL;
    fuzz_write(make, data, cut);
    fuzz_write(use, data + cut + seplen, size - cut - seplen);
    fuzz_read_economy(make, &opts);
    return 0;
}
