/* supply_use.c: placeholder until the supply-use reader lands. */
#include "formats.h"
ogas_status formats__read_supply_use(const char *path, const ogas_read_options *o, ogas_economy *e, ogas_error *err)
{
    (void)o;
    (void)e;
    return ogas_error_at(err, OGAS_EARG, path, 0, 0, "supply-use layout not built yet");
}
