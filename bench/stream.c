/* stream.c: STREAM copy and triad (after McCalpin's STREAM), the memory-bandwidth yardstick for the
 * sparse matrix-vector product in bench_leontief.
 *
 *   copy:  c[i] = a[i]            16 bytes per element (one read, one write)
 *   triad: a[i] = b[i] + s*c[i]   24 bytes per element (two reads, one write)
 *
 * As in STREAM, the bytes counted leave out the write-allocate read of the destination line, so the
 * figures are comparable with published STREAM numbers and with the SpMV model in bench_leontief
 * (which counts y as 8 bytes written per row, also without write-allocate).
 *
 * The arrays are initialised in parallel with the same static schedule as the kernels (first touch),
 * so on a NUMA machine each thread streams from its own node. Each kernel runs NTIMES times; the best
 * time is reported, the first run is discarded as a warm-up. Threads: OpenMP's default, i.e.
 * OMP_NUM_THREADS or all cores, the same as the solver.
 *
 * Usage: stream [MB_PER_ARRAY]   (default 256 MB per array, 3 arrays). One JSON line on stdout. */
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NTIMES 11 /* first is warm-up: best of 10 */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    double mb = argc > 1 ? atof(argv[1]) : 256.0;
    int64_t n = (int64_t)(mb * 1024.0 * 1024.0 / 8.0);
    double *a, *b, *c, s = 3.0, tcopy = 1e30, ttriad = 1e30, check = 0.0;
    int threads = omp_get_max_threads();

    if (n < 1000000) n = 1000000;
    a = aligned_alloc(64, (size_t)n * 8);
    b = aligned_alloc(64, (size_t)n * 8);
    c = aligned_alloc(64, (size_t)n * 8);
    if (!a || !b || !c) {
        fprintf(stderr, "stream: out of memory for 3 x %lld doubles\n", (long long)n);
        return 1;
    }
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; i++) {
        a[i] = 1.0;
        b[i] = 2.0;
        c[i] = 0.0;
    }
    for (int k = 0; k < NTIMES; k++) {
        double t = now();
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < n; i++) c[i] = a[i];
        t = now() - t;
        if (k > 0 && t < tcopy) tcopy = t;

        t = now();
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < n; i++) a[i] = b[i] + s * c[i];
        t = now() - t;
        if (k > 0 && t < ttriad) ttriad = t;
    }
    /* Use the results so the compiler keeps the loops; a[i] = 2 + 3*a_prev, a check of sorts. */
    for (int64_t i = 0; i < n; i += n / 16) check += a[i];
    printf("{\"bench\":\"stream\",\"threads\":%d,\"elements\":%lld,\"array_bytes\":%lld,\"total_bytes\":%lld,"
           "\"runs\":%d,\"copy_seconds\":%.6e,\"copy_gbs\":%.3f,\"triad_seconds\":%.6e,\"triad_gbs\":%.3f,"
           "\"bytes_per_element_copy\":16,\"bytes_per_element_triad\":24,\"check\":%.6g}\n",
           threads, (long long)n, (long long)(n * 8), (long long)(3 * n * 8), NTIMES - 1, tcopy,
           16.0 * (double)n / tcopy / 1e9, ttriad, 24.0 * (double)n / ttriad / 1e9, check);
    free(a);
    free(b);
    free(c);
    return 0;
}
