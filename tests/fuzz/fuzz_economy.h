/* fuzz_economy.h: what the economy-reader targets (fuzz_wide, fuzz_5yp, fuzz_wiod, fuzz_supply_use)
 * share: writing the input to files in a private temporary folder, calling ogas_economy_read and
 * checking what it returns.
 *
 * The folder is made once per process (under $OGAS_FUZZ_TMPDIR when set, else /dev/shm when it
 * exists, else /tmp) and removed at exit and before a failed check aborts; each target writes to the
 * same fixed names in it on every input, so nothing piles up. (A sanitizer report ends the process
 * without either, so tests/fuzz/replay.sh points OGAS_FUZZ_TMPDIR at a folder it removes itself.) The
 * folder is private so that the files readers look for beside a table (labtarg.csv, SEA*.csv,
 * row_labels.csv) are never picked up by accident.
 *
 * On success: e.n >= 1; codes non-NULL, each non-NULL and all distinct; names (if any) non-NULL;
 * A is a well-formed n x n CSR with finite values; Z (if any) likewise; output (if any) finite and
 * >= 0; demand (if any) finite; labour (if any, with output) finite and >= 0; notes non-NULL.
 * On failure: the status is not OGAS_OK, err.code is that status, err.message is non-empty, and
 * e is left zeroed. ogas_economy_free runs in both cases (LeakSanitizer checks that it frees all). */
#ifndef OGAS_FUZZ_ECONOMY_H
#define OGAS_FUZZ_ECONOMY_H

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "ogas/economy.h"

#define FUZZ_MAX_FILES 12

static char fuzz_dir[256];
static char fuzz_files[FUZZ_MAX_FILES][320];

static void fuzz_cleanup(void)
{
    for (int k = 0; k < FUZZ_MAX_FILES; k++)
        if (fuzz_files[k][0]) unlink(fuzz_files[k]);
    if (fuzz_dir[0]) rmdir(fuzz_dir);
}

/* Path of the file called name in the private folder (made on first use); the same string each time. */
static FUZZ_UNUSED const char *fuzz_path(const char *name)
{
    if (!fuzz_dir[0]) {
        struct stat st;
        const char *base = getenv("OGAS_FUZZ_TMPDIR");
        if (!base || !*base || strlen(base) > sizeof fuzz_dir - 24)
            base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0 ? "/dev/shm"
                                                                                                     : "/tmp";
        snprintf(fuzz_dir, sizeof fuzz_dir, "%s/ogas-fuzz-XXXXXX", base);
        if (!mkdtemp(fuzz_dir)) {
            fprintf(stderr, "fuzz harness: cannot make a folder %s: %s\n", fuzz_dir, strerror(errno));
            abort();
        }
        atexit(fuzz_cleanup);
        fuzz_fail_hook = fuzz_cleanup;
    }
    for (int k = 0; k < FUZZ_MAX_FILES; k++) {
        if (!fuzz_files[k][0]) snprintf(fuzz_files[k], sizeof fuzz_files[k], "%s/%s", fuzz_dir, name);
        if (strcmp(strrchr(fuzz_files[k], '/') + 1, name) == 0) return fuzz_files[k];
    }
    fprintf(stderr, "fuzz harness: more than %d file names\n", FUZZ_MAX_FILES);
    abort();
}

/* Writes data[0..size) to path (replacing what was there). */
static FUZZ_UNUSED void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (!fp || (size > 0 && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0) {
        fprintf(stderr, "fuzz harness: cannot write %s: %s\n", path, strerror(errno));
        abort();
    }
}

static int fuzz_strcmp_p(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Checks a successfully read economy (see the file comment). */
static void fuzz_check_economy(const char *layout, const ogas_economy *e)
{
    char what[64];
    if (e->n < 1) fuzz_fail("%s: read succeeded with n = %lld products", layout, (long long)e->n);
    if (!e->codes) fuzz_fail("%s: codes is NULL", layout);
    for (int64_t k = 0; k < e->n; k++)
        if (!e->codes[k]) fuzz_fail("%s: codes[%lld] is NULL", layout, (long long)k);
    {
        char **sorted = malloc((size_t)e->n * sizeof *sorted);
        if (!sorted) abort();
        memcpy(sorted, e->codes, (size_t)e->n * sizeof *sorted);
        qsort(sorted, (size_t)e->n, sizeof *sorted, fuzz_strcmp_p);
        for (int64_t k = 1; k < e->n; k++)
            if (strcmp(sorted[k - 1], sorted[k]) == 0)
                fuzz_fail("%s: product code '%s' appears twice", layout, sorted[k]);
        free(sorted);
    }
    if (e->names)
        for (int64_t k = 0; k < e->n; k++)
            if (!e->names[k]) fuzz_fail("%s: names[%lld] is NULL", layout, (long long)k);
    if (e->A.m != e->n || e->A.n != e->n)
        fuzz_fail("%s: A is %lld x %lld, expected %lld x %lld", layout, (long long)e->A.m, (long long)e->A.n,
                  (long long)e->n, (long long)e->n);
    snprintf(what, sizeof what, "%s: A", layout);
    fuzz_check_csr(what, &e->A, 1);
    if (e->Z.p) {
        if (e->Z.m != e->n || e->Z.n != e->n)
            fuzz_fail("%s: Z is %lld x %lld, expected %lld x %lld", layout, (long long)e->Z.m, (long long)e->Z.n,
                      (long long)e->n, (long long)e->n);
        snprintf(what, sizeof what, "%s: Z", layout);
        fuzz_check_csr(what, &e->Z, 1);
    }
    for (int64_t k = 0; e->output && k < e->n; k++)
        if (!isfinite(e->output[k]) || e->output[k] < 0)
            fuzz_fail("%s: output of product %lld (%s) is %g, expected a finite number >= 0", layout, (long long)k,
                      e->codes[k], e->output[k]);
    for (int64_t k = 0; e->demand && k < e->n; k++)
        if (!isfinite(e->demand[k]))
            fuzz_fail("%s: final demand of product %lld (%s) is %g, expected a finite number", layout, (long long)k,
                      e->codes[k], e->demand[k]);
    for (int64_t k = 0; e->labour && e->output && k < e->n; k++)
        if (!isfinite(e->labour[k]) || e->labour[k] < 0)
            fuzz_fail("%s: labour of product %lld (%s) is %g, expected a finite number >= 0", layout, (long long)k,
                      e->codes[k], e->labour[k]);
    if (e->nfd < 0 || (e->nfd > 0 && !e->fd) || e->nprimary < 0 || (e->nprimary > 0 && !e->primary) || e->nnotes < 0 ||
        (e->nnotes > 0 && !e->notes))
        fuzz_fail("%s: counts and arrays disagree (nfd %lld, nprimary %lld, nnotes %lld)", layout, (long long)e->nfd,
                  (long long)e->nprimary, (long long)e->nnotes);
    for (int64_t c = 0; c < e->nfd; c++)
        if (!e->fd[c].name || !e->fd[c].x) fuzz_fail("%s: final-demand column %lld has no name or values", layout, (long long)c);
    for (int64_t c = 0; c < e->nprimary; c++)
        if (!e->primary[c].name || !e->primary[c].x)
            fuzz_fail("%s: primary row %lld has no name or values", layout, (long long)c);
    for (int64_t k = 0; k < e->nnotes; k++)
        if (!e->notes[k]) fuzz_fail("%s: notes[%lld] is NULL", layout, (long long)k);
    if (memchr(e->layout, '\0', sizeof e->layout) == NULL || memchr(e->source, '\0', sizeof e->source) == NULL ||
        memchr(e->labour_source, '\0', sizeof e->labour_source) == NULL)
        fuzz_fail("%s: a text field of the economy is not NUL-terminated", layout);
}

/* Reads path with opts and checks the outcome (see the file comment). */
static FUZZ_UNUSED void fuzz_read_economy(const char *path, const ogas_read_options *opts)
{
    ogas_economy e;
    ogas_error err;
    ogas_status rc;
    memset(&e, 0, sizeof e);
    ogas_error_clear(&err);
    rc = ogas_economy_read(path, opts, &e, &err);
    if (rc == OGAS_OK) {
        fuzz_check_economy(opts->layout, &e);
    } else {
        fuzz_check_error(opts->layout, rc, &err);
        if (e.n || e.codes || e.names || e.A.p || e.Z.p || e.output || e.demand || e.labour || e.fd || e.primary ||
            e.notes || e.nfd || e.nprimary || e.nnotes)
            fuzz_fail("%s: read failed (%s) but did not leave the economy zeroed", opts->layout, err.message);
    }
    ogas_economy_free(&e);
}

#endif
