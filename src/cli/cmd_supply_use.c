/* cmd_supply_use.c: placeholder. */
#include <stdio.h>
#include "cli.h"
int cmd_supply_use(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ogas supply-use: not built yet\n");
    return 2;
}
