/* timer.c: monotonic wall-clock time. */
#include "ogas/core.h"

#include <time.h>

/* Seconds since an arbitrary fixed point, monotonic. */
double ogas_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
