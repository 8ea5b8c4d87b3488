/* bench_leontief.c: times ogas on one generated economy of n products, one JSON line per measurement.
 *
 *   bench_leontief --n N [--inputs K] [--seed S] [--rho R] [--tol T] [--work DIR]
 *                  [--methods auto,gmres,neumann,gauss-seidel] [--budget SECONDS]
 *
 * 1. generate: ogas_generate_economy in memory (seed 1, 20 inputs, rho 0.8 unless told otherwise), keeping
 *    A' as well as A: the generator builds A' first (one industry's inputs at a time), and the solver uses
 *    it for economies beyond the cache (ogas_leontief_create_t); the peers are given A.
 * 2. peer files (with --work DIR): the CSR arrays as raw little-endian binaries for bench/peer_scipy.py:
 *    A.indptr.i64 (n+1 int64), A.indices.i32 (nnz int32), A.data.f64 (nnz float64), demand.f64 (n float64),
 *    then header.json {n, nnz, ...} last, so a half-written folder has no header. Skipped, with a reason,
 *    when the file system has not room for them plus 1 GiB.
 * 3. spmv: y = A x alone, as the solver computes it at this size (ogas_csr_spmv gathering over the rows of
 *    A, or, from 2 million products on, ogas_csr_gaxpy_map scattering the rows of A' through the scatter
 *    map that the solver builds, whose building is timed apart), best of several runs. Bandwidth model,
 *    bytes per product:
 *      12 nnz       values (8) and column indices (4)
 *    +  8 (n + 1)   row pointers (int64)
 *    +  8 n         y written (no write-allocate counted, as in STREAM)
 *    +  8 n         x read once (gathers that miss cache and reread x are not counted)
 *    so the figure is an effective bandwidth, comparable with the STREAM triad's 24 bytes per element.
 * 4. solve, for each method: ogas_leontief_create_t + ogas_leontief_solve + ogas_leontief_destroy for
 *    x = (I - A)^-1 d to relative residual tol (1e-10), repeated while another run fits in --budget
 *    seconds (default 2; at least 1 run, at most 5), best time reported. The true relative residual ||d - (I-A)x||_2/||d||_2
 *    is computed here afresh, independently of what the solver reports. Peak memory of the phase: VmHWM
 *    from /proc/self/status, reset before the phase by writing 5 to /proc/self/clear_refs (Linux >= 4.0),
 *    so it is the peak while the matrix is resident and the solver runs (the generator's temporary
 *    second copy of the matrix is not in it). The solution of the first method (auto by default) is
 *    written to DIR/x_ogas.f64 for the peers' agreement check.
 * 5. process: peak RSS of the whole process (the largest VmHWM seen across phases, generation included).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "ogas/balance.h"
#include "ogas/core.h"
#include "ogas/error.h"
#include "ogas/generate.h"
#include "ogas/sparse.h"

static double peak_seen; /* bytes: largest VmHWM read so far */

/* kB value of a field of /proc/self/status, in bytes; -1 if unavailable. */
static double status_bytes(const char *field)
{
    char line[256];
    size_t len = strlen(field);
    double v = -1;
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp) return -1;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, field, len) == 0 && line[len] == ':') {
            v = atof(line + len + 1) * 1024.0;
            break;
        }
    fclose(fp);
    return v;
}

/* Peak RSS so far in bytes (VmHWM, else getrusage). */
static double peak_rss(void)
{
    double v = status_bytes("VmHWM");
    if (v < 0) {
        struct rusage ru;
        if (getrusage(RUSAGE_SELF, &ru) == 0) v = (double)ru.ru_maxrss * 1024.0;
    }
    if (v > peak_seen) peak_seen = v;
    return v;
}

/* Resets the peak RSS to the current RSS; returns 1 if it could. */
static int reset_peak(void)
{
    FILE *fp;
    int ok;
    peak_rss(); /* remember the peak before forgetting it */
    fp = fopen("/proc/self/clear_refs", "w");
    if (!fp) return 0;
    ok = fputs("5", fp) >= 0;
    ok = (fclose(fp) == 0) && ok;
    return ok;
}

static void json_str(const char *key, const char *s, int last)
{
    printf("\"%s\":\"", key);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20) printf("\\u%04x", (unsigned char)*s);
        else putchar(*s);
    }
    printf("\"%s", last ? "" : ",");
}

/* JSON number: finite values as %.6e, others as null. */
static void json_num(const char *key, double v, int last)
{
    if (isfinite(v)) printf("\"%s\":%.6e%s", key, v, last ? "" : ",");
    else printf("\"%s\":null%s", key, last ? "" : ",");
}

static int write_raw(const char *dir, const char *name, const void *p, size_t size, size_t count, char *why,
                     size_t whylen)
{
    char path[4096];
    FILE *fp;
    size_t done = 0;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "wb");
    if (!fp) {
        snprintf(why, whylen, "cannot create %s: %s", path, strerror(errno));
        return 0;
    }
    while (done < count) {
        size_t chunk = count - done > ((size_t)1 << 24) ? ((size_t)1 << 24) : count - done;
        size_t w = fwrite((const char *)p + done * size, size, chunk, fp);
        if (w != chunk) break;
        done += w;
    }
    if (fclose(fp) != 0 || done != count) {
        snprintf(why, whylen, "cannot write %s: %s", path, strerror(errno));
        remove(path);
        return 0;
    }
    return 1;
}

static int little_endian(void)
{
    const uint32_t one = 1;
    unsigned char c;
    memcpy(&c, &one, 1);
    return c == 1;
}

static int mkdirs(const char *dir)
{
    char buf[4096];
    size_t len = strlen(dir);
    if (len == 0 || len >= sizeof buf) return 0;
    memcpy(buf, dir, len + 1);
    for (size_t k = 1; k <= len; k++)
        if (buf[k] == '/' || buf[k] == '\0') {
            char c = buf[k];
            buf[k] = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) return 0;
            buf[k] = c;
        }
    return 1;
}

/* Writes the files the peers read; returns 1, or 0 with why. */
static int write_peer_files(const char *dir, const ogas_synthetic *s, const ogas_generate_options *go, char *why,
                            size_t whylen)
{
    int64_t n = s->A.n, nnz = ogas_csr_nnz(&s->A);
    double need = 8.0 * (double)(n + 1) + 12.0 * (double)nnz + 16.0 * (double)n, avail;
    struct statvfs vfs;
    char path[4096];
    FILE *fp;

    if (!little_endian()) {
        snprintf(why, whylen, "this machine is big-endian; the peer files are defined as little-endian");
        return 0;
    }
    if (!mkdirs(dir)) {
        snprintf(why, whylen, "cannot create %s: %s", dir, strerror(errno));
        return 0;
    }
    snprintf(path, sizeof path, "%s/header.json", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/x_ogas.f64", dir);
    remove(path);
    if (statvfs(dir, &vfs) == 0) {
        avail = (double)vfs.f_bavail * (double)vfs.f_frsize;
        if (avail < need + 1073741824.0) {
            snprintf(why, whylen, "%.2f GB free in %s, %.2f GB needed (+1 GiB margin)", avail / 1e9, dir, need / 1e9);
            return 0;
        }
    }
    if (!write_raw(dir, "A.indptr.i64", s->A.p, 8, (size_t)n + 1, why, whylen) ||
        !write_raw(dir, "A.indices.i32", s->A.j, 4, (size_t)nnz, why, whylen) ||
        !write_raw(dir, "A.data.f64", s->A.x, 8, (size_t)nnz, why, whylen) ||
        !write_raw(dir, "demand.f64", s->demand, 8, (size_t)n, why, whylen))
        return 0;
    snprintf(path, sizeof path, "%s/header.json", dir);
    fp = fopen(path, "w");
    if (!fp) {
        snprintf(why, whylen, "cannot create %s: %s", path, strerror(errno));
        return 0;
    }
    fprintf(fp,
            "{\"n\":%lld,\"nnz\":%lld,\"seed\":%llu,\"inputs\":%.17g,\"rho_asked\":%.17g,\"rho_reached\":%.17g,"
            "\"byteorder\":\"little\",\"indptr\":\"A.indptr.i64\",\"indices\":\"A.indices.i32\","
            "\"data\":\"A.data.f64\",\"demand\":\"demand.f64\",\"x_ogas\":\"x_ogas.f64\"}\n",
            (long long)n, (long long)nnz, (unsigned long long)go->seed, go->inputs, go->rho, s->rho);
    if (fclose(fp) != 0) {
        snprintf(why, whylen, "cannot write %s", path);
        return 0;
    }
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_leontief --n N [--inputs K] [--seed S] [--rho R] [--tol T] [--work DIR]\n"
                    "                      [--methods auto,gmres,neumann,gauss-seidel] [--budget SECONDS]\n");
}

int main(int argc, char **argv)
{
    ogas_generate_options go;
    ogas_synthetic s = {0};
    ogas_error err;
    const char *work = NULL;
    char methods_buf[256] = "auto,gmres,neumann,gauss-seidel", why[8448] = "";
    double tol = 1e-10, budget = 2.0, t0, tgen, peak_gen;
    int64_t n, nnz;
    double *x = NULL, *y = NULL, *r = NULL;
    int threads = ogas_threads(), wrote = 0, first = 1, can_reset;

    ogas_generate_options_init(&go);
    go.seed = 1;
    go.inputs = 20;
    go.rho = 0.8;
    go.keep_transpose = 1;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (!v) {
            usage();
            return 2;
        }
        if (strcmp(a, "--n") == 0) go.products = (int64_t)atof(v);
        else if (strcmp(a, "--inputs") == 0) go.inputs = atof(v);
        else if (strcmp(a, "--seed") == 0) go.seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--rho") == 0) go.rho = atof(v);
        else if (strcmp(a, "--tol") == 0) tol = atof(v);
        else if (strcmp(a, "--work") == 0) work = v;
        else if (strcmp(a, "--budget") == 0) budget = atof(v);
        else if (strcmp(a, "--methods") == 0) snprintf(methods_buf, sizeof methods_buf, "%s", v);
        else {
            usage();
            return 2;
        }
        k++;
    }
    if (go.products < 1) {
        usage();
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    ogas_error_clear(&err);

    /* 1. generate */
    t0 = ogas_now();
    if (ogas_generate_economy(&go, &s, &err)) {
        printf("{\"bench\":\"generate\",\"n\":%lld,\"status\":\"failed\",", (long long)go.products);
        json_str("error", err.message, 1);
        printf("}\n");
        return 1;
    }
    tgen = ogas_now() - t0;
    n = s.A.n;
    nnz = ogas_csr_nnz(&s.A);
    ogas_free(s.labour); /* not needed here: keep it out of the solve's memory */
    s.labour = NULL;
    peak_gen = peak_rss();
    printf("{\"bench\":\"generate\",\"n\":%lld,\"nnz\":%lld,\"inputs\":%g,\"seed\":%llu,\"rho_asked\":%g,"
           "\"rho_reached\":%.6g,\"threads\":%d,",
           (long long)n, (long long)nnz, go.inputs, (unsigned long long)go.seed, go.rho, s.rho, threads);
    json_num("seconds", tgen, 0);
    json_num("matrix_bytes", 12.0 * (double)nnz + 8.0 * (double)(n + 1), 0);
    json_num("peak_rss_bytes", peak_gen, 0);
    printf("\"status\":\"ok\"}\n");

    x = ogas_mallocarray((size_t)n, sizeof *x);
    y = ogas_mallocarray((size_t)n, sizeof *y);
    if (!x || !y) {
        printf("{\"bench\":\"spmv\",\"n\":%lld,\"status\":\"failed\",\"error\":\"out of memory\"}\n", (long long)n);
        return 1;
    }

    /* 2. files for the peers */
    if (work) {
        t0 = ogas_now();
        wrote = write_peer_files(work, &s, &go, why, sizeof why);
        printf("{\"bench\":\"peer_files\",\"n\":%lld,", (long long)n);
        json_str("dir", work, 0);
        json_num("seconds", ogas_now() - t0, 0);
        if (wrote) printf("\"status\":\"ok\"}\n");
        else {
            json_str("reason", why, 0);
            printf("\"status\":\"skipped\"}\n");
        }
    }

    /* 3. the sparse matrix-vector product alone, the way the solver computes it at this size: rows of A
     * gathering x, or (from scatter_from products on, with several threads) scattered from the rows of A' */
    {
        double bytes = 12.0 * (double)nnz + 8.0 * (double)(n + 1) + 16.0 * (double)n, times[64], total = 0, best,
               median, *buf = NULL;
        int reps = 0, scatter;
        ogas_solve_options so;
        ogas_scatter_map map = {0};
        double tmap = 0, popular = 0;
        ogas_solve_options_init(&so);
        scatter = threads > 1 && n >= so.scatter_from && s.AT.p;
        if (scatter) {
            tmap = ogas_now();
            if (ogas_scatter_map_build(&s.AT, &s.A, &map, NULL)) scatter = 0;
            tmap = ogas_now() - tmap;
        }
        if (scatter && !(buf = ogas_mallocarray((size_t)ogas_scatter_map_work(&map), sizeof *buf))) scatter = 0;
        for (int64_t i = 0; i < n; i++) x[i] = s.demand[i];
        for (int warm = 0; warm < 2; warm++) { /* warm-up: page faults, thread start */
            double t = ogas_now();
            if (scatter) ogas_csr_gaxpy_map(&s.AT, &map, x, NULL, 0.0, 1.0, y, buf);
            else ogas_csr_spmv(&s.A, x, y);
            t = ogas_now() - t;
            if (warm) times[reps++] = t, total += t;
        }
        while (reps < 64 && (reps < 5 || (total < 1.0 && reps < 64))) {
            double t = ogas_now();
            if (scatter) ogas_csr_gaxpy_map(&s.AT, &map, x, NULL, 0.0, 1.0, y, buf);
            else ogas_csr_spmv(&s.A, x, y);
            t = ogas_now() - t;
            times[reps++] = t;
            total += t;
        }
        ogas_free(buf);
        popular = (double)map.hot;
        ogas_scatter_map_free(&map);
        qsort(times, (size_t)reps, sizeof *times, cmp_double);
        best = times[0];
        median = times[reps / 2];
        printf("{\"bench\":\"spmv\",\"n\":%lld,\"nnz\":%lld,\"threads\":%d,\"runs\":%d,", (long long)n, (long long)nnz,
               threads, reps);
        json_str("kernel", scatter ? "scatter" : "gather", 0);
        if (scatter) {
            json_num("map_seconds", tmap, 0);
            json_num("map_popular", popular, 0);
        }
        json_num("bytes", bytes, 0);
        json_num("best_seconds", best, 0);
        json_num("median_seconds", median, 0);
        json_num("gbs", bytes / best / 1e9, 0);
        json_num("median_gbs", bytes / median / 1e9, 0);
        json_num("check", y[n / 2], 0);
        printf("\"status\":\"ok\"}\n");
    }
    ogas_free(y); /* only x (the solution) stays: the solves' peak memory is the matrix, d, x and the solver */
    y = NULL;

    /* 4. the solves */
    can_reset = reset_peak();
    {
        char *save = NULL, *tok;
        for (tok = strtok_r(methods_buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            ogas_solve_options so;
            ogas_solve_info info, best_info;
            ogas_method m;
            ogas_leontief *L = NULL;
            double best_total = INFINITY, best_create = 0, best_solve = 0, spent = 0, relres_true = NAN, dn,
                   rss_before, peak;
            int reps = 0, failed = 0;
            ogas_method used = OGAS_METHOD_AUTO;

            if (!ogas_method_parse(tok, &m)) {
                printf("{\"bench\":\"ogas_solve\",\"n\":%lld,", (long long)n);
                json_str("method", tok, 0);
                printf("\"status\":\"failed\",\"error\":\"unknown method\"}\n");
                continue;
            }
            ogas_solve_options_init(&so);
            so.method = m;
            so.tol = tol;
            memset(&best_info, 0, sizeof best_info);
            rss_before = status_bytes("VmRSS");
            if (can_reset) reset_peak();
            /* Repeat while another run fits in the budget (at least 1 run, at most 5). */
            while (reps < 5 && (reps == 0 || spent + best_total <= budget)) {
                double ta = ogas_now(), tb, tc;
                ogas_error_clear(&err);
                if (ogas_leontief_create_t(&s.A, &s.AT, NULL, &so, &L, &err)) {
                    failed = 1;
                    break;
                }
                tb = ogas_now();
                used = ogas_leontief_method(L);
                if (ogas_leontief_solve(L, s.demand, x, &info, &err)) failed = 1;
                tc = ogas_now();
                ogas_leontief_destroy(L);
                L = NULL;
                spent += tc - ta;
                reps++;
                if (failed) {
                    best_info = info;
                    best_total = tc - ta;
                    best_create = tb - ta;
                    best_solve = tc - tb;
                    break;
                }
                if (tc - ta < best_total) {
                    best_total = tc - ta;
                    best_create = tb - ta;
                    best_solve = tc - tb;
                    best_info = info;
                }
            }
            peak = peak_rss();
            /* The true residual, computed here (not counted in the times, nor in the peak above). */
            dn = ogas_vec_norm2(n, s.demand);
            r = ogas_mallocarray((size_t)n, sizeof *r);
            if (reps > 0 && r) relres_true = ogas_csr_leontief_residual(&s.A, x, s.demand, r) / dn;
            ogas_free(r);
            r = NULL;
            printf("{\"bench\":\"ogas_solve\",\"n\":%lld,\"nnz\":%lld,\"threads\":%d,", (long long)n, (long long)nnz,
                   threads);
            json_str("method", tok, 0);
            json_str("method_used", ogas_method_name(reps > 0 ? used : m), 0);
            printf("\"runs\":%d,\"iterations\":%lld,\"matvecs\":%lld,", reps, (long long)best_info.iterations,
                   (long long)best_info.matvecs);
            json_num("tol", tol, 0);
            json_num("create_seconds", best_create, 0);
            json_num("solve_seconds", best_solve, 0);
            json_num("total_seconds", best_total, 0);
            json_num("relres_reported", best_info.relative_residual, 0);
            json_num("relres_true", relres_true, 0);
            json_num("rss_before_bytes", rss_before, 0);
            json_num(can_reset ? "peak_rss_bytes" : "peak_rss_process_bytes", peak, 0);
            if (failed) {
                json_str("error", err.message, 0);
                printf("\"status\":\"failed\"}\n");
            } else {
                printf("\"status\":\"%s\"}\n", relres_true <= tol ? "ok" : "residual_above_tol");
            }
            if (first && wrote && !failed) {
                if (!write_raw(work, "x_ogas.f64", x, 8, (size_t)n, why, sizeof why)) {
                    printf("{\"bench\":\"peer_files\",\"n\":%lld,\"file\":\"x_ogas.f64\",", (long long)n);
                    json_str("reason", why, 0);
                    printf("\"status\":\"failed\"}\n");
                } else {
                    printf("{\"bench\":\"peer_files\",\"n\":%lld,\"file\":\"x_ogas.f64\",", (long long)n);
                    json_str("method", tok, 0);
                    printf("\"status\":\"ok\"}\n");
                }
                first = 0;
            }
        }
    }

    /* 5. the whole process */
    peak_rss();
    printf("{\"bench\":\"ogas_process\",\"n\":%lld,", (long long)n);
    json_num("peak_rss_bytes", peak_seen, 0);
    json_num("peak_rss_generate_bytes", peak_gen, 0);
    printf("\"peak_reset_supported\":%s,\"status\":\"ok\"}\n", can_reset ? "true" : "false");
    ogas_free(x);
    ogas_synthetic_free(&s);
    return 0;
}
