/* table_wiod.c: placeholder until the WIOD reader lands. */
#include "formats.h"
ogas_status formats__read_wiod(const char *path, const ogas_read_options *o, ogas_economy *e, ogas_error *err)
{
    (void)o;
    (void)e;
    return ogas_error_at(err, OGAS_EARG, path, 0, 0, "WIOD layout not built yet");
}
