/* pmtx.c: a Matrix Market file read by all ranks together, each its own byte range.
 *
 * Rank 0 reads the banner and size line (ogas_mtx_read_header) and broadcasts them. The bytes after the
 * size line are cut into one range per rank, [off + k*B/size, off + (k+1)*B/size); a rank reads the lines
 * that START in its range: it skips the partial line at its start (unless the byte before is a line end)
 * and reads past its end to finish its last line. Every line belongs to exactly one rank, and no rank
 * needs another's byte to know where its lines are.
 *
 * Each line is parsed by ogas_mtx_parse_entry, the serial reader's own parser, so the checks and the
 * messages are the same. A rank knows line numbers only within its range: a failure is recorded with its
 * local line, and once the ranks have summed the lines before them (MPI_Exscan) the line is made global.
 * The failure reported is the one the serial reader reports, the first in the file: the lowest failing
 * rank's, unless an entry beyond the announced count comes before it ("more entries than ..."), or, when
 * no line fails, too few entries (reported at the line after the last). All ranks then agree on it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ogas_mpi.h"

#define SPAN_CHUNK (8u << 20)
#define MAX_LINE (1u << 20) /* as src/formats/lines.c */

/* A reader of the lines that start in [at, end) of a file, with their byte offsets. */
typedef struct span {
    int fd;           /* the file */
    const char *name; /* for messages */
    char *buf;        /* bytes from file offset base */
    size_t cap, len;  /* size of buf, bytes valid */
    size_t pos;       /* next unread byte in buf */
    int64_t base;     /* file offset of buf[0] */
    int64_t end;      /* lines starting at or after this offset belong to the next rank */
    int eof;          /* nothing more to read */
} span;

/* Reads more of the file into S->buf, moving unread bytes to the front; returns 0, or -1 on a read error. */
static int span_fill(span *S, ogas_error *err, long line)
{
    ssize_t got;
    if (S->pos > 0) {
        memmove(S->buf, S->buf + S->pos, S->len - S->pos);
        S->base += (int64_t)S->pos;
        S->len -= S->pos;
        S->pos = 0;
    }
    do got = pread(S->fd, S->buf + S->len, S->cap - S->len, (off_t)(S->base + (int64_t)S->len));
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        ogas_error_at(err, OGAS_EIO, S->name, line, 0, "read error: %s", strerror(errno));
        return -1;
    }
    if (got == 0) S->eof = 1;
    S->len += (size_t)got;
    return 0;
}

/* *s, *n := the next line of S (its end, LF or CRLF, removed); returns 1, 0 when the next line starts at or
 * after S->end or the file ends, -1 on a read error or a line longer than MAX_LINE (err at local line+1). */
static int span_next(span *S, const char **s, size_t *n, long line, ogas_error *err)
{
    for (;;) {
        char *start = S->buf + S->pos;
        char *nl;
        if (S->base + (int64_t)S->pos >= S->end) return 0;
        nl = S->pos < S->len ? memchr(start, '\n', S->len - S->pos) : NULL;
        if (nl || (S->eof && S->pos < S->len)) {
            size_t k = nl ? (size_t)(nl - start) : S->len - S->pos;
            S->pos += k + (nl != NULL);
            if (k > 0 && start[k - 1] == '\r') k--;
            *s = start;
            *n = k;
            return 1;
        }
        if (S->eof) return 0;
        if (S->len - S->pos >= MAX_LINE) {
            ogas_error_at(err, OGAS_EINVAL, S->name, line + 1, 1, "line longer than %u bytes", MAX_LINE);
            return -1;
        }
        if (span_fill(S, err, line + 1)) return -1;
    }
}

/* S := reader of the lines of path that start in [at, end): the first line is the one starting at `at`
 * if the byte before it ends a line (or at == first), else the next one. */
static ogas_status span_open(span *S, const char *path, int64_t first, int64_t at, int64_t end, ogas_error *err)
{
    memset(S, 0, sizeof *S);
    S->fd = -1;
    S->name = path;
    S->base = at;
    S->end = end;
    S->fd = open(path, O_RDONLY);
    if (S->fd < 0) return ogas_error_at(err, OGAS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    S->buf = ogas_malloc(SPAN_CHUNK);
    if (!S->buf) return ogas_error_at(err, OGAS_ENOMEM, path, 0, 0, "out of memory");
    S->cap = SPAN_CHUNK;
    if (at > first) {
        /* Resynchronise: skip to just after the first line end at or after at - 1. */
        S->base = at - 1;
        for (;;) {
            char *nl;
            if (S->pos == S->len) {
                S->base += (int64_t)S->len;
                S->len = S->pos = 0;
                if (S->eof) break;
                if (span_fill(S, err, 0)) return OGAS_EIO;
                continue;
            }
            nl = memchr(S->buf + S->pos, '\n', S->len - S->pos);
            if (nl) {
                S->pos = (size_t)(nl - S->buf) + 1;
                break;
            }
            S->pos = S->len;
        }
    }
    return OGAS_OK;
}

/* Closes S. */
static void span_close(span *S)
{
    if (S->fd >= 0) close(S->fd);
    ogas_free(S->buf);
    memset(S, 0, sizeof *S);
    S->fd = -1;
}

/* Byte offset where rank k's range starts: off + k*B/size without overflow. */
static int64_t range_start(const ogas_mtx_header *h, int k, int size)
{
    int64_t off = h->data_offset, bytes = h->bytes > off ? h->bytes - off : 0;
    return off + bytes / size * k + bytes % size * k / size;
}

/* What one rank found in its range. */
typedef struct scan_result {
    int64_t lines;   /* lines read (up to and including a failing one) */
    int64_t entries; /* entries parsed before any failure */
    int data_failed; /* the failing line is a data line (not a comment, blank or overlong line) */
} scan_result;

/* Parses this rank's lines of path into M->local; r counts them; rc and err the first failure (local line). */
static ogas_status scan(const char *path, int rank, int size, pmpi_mtx *M, scan_result *r, ogas_error *err)
{
    const ogas_mtx_header *h = &M->h;
    span S;
    int64_t at = range_start(h, rank, size), end = rank + 1 < size ? range_start(h, rank + 1, size) : INT64_MAX;
    ogas_status rc = span_open(&S, path, h->data_offset, at, end, err);
    int32_t last = -1;
    int64_t first = 0, range = 0;

    M->sorted = 1;
    if (!rc) {
        first = S.base + (int64_t)S.pos;
        range = (end == INT64_MAX ? h->bytes : end) - first;
    }
    while (!rc) {
        const char *s;
        size_t n;
        int64_t i, j;
        double v;
        int got = span_next(&S, &s, &n, (long)r->lines, err);
        if (got < 0) {
            rc = err->code;
            r->lines++; /* the failing line */
            break;
        }
        if (got == 0) break;
        r->lines++;
        got = ogas_mtx_parse_entry(h, path, (long)r->lines, s, n, &i, &j, &v, err);
        if (got < 0) {
            rc = err->code;
            r->data_failed = 1;
            break;
        }
        if (got == 0) continue;
        if (!pmpi_entries_push(&M->local, (int32_t)(i - 1), (int32_t)(j - 1), v)) {
            rc = ogas_error_at(err, OGAS_ENOMEM, path, 0, 0, "out of memory for %lld entries", (long long)M->local.count);
            break;
        }
        if ((int32_t)(i - 1) < last) M->sorted = 0;
        last = (int32_t)(i - 1);
        r->entries++;
        if (r->entries == 4096 && range > 0) {
            /* Room for the range's entries at the line length seen so far (no doubling's slack at the peak). */
            double used = (double)(S.base + (int64_t)S.pos - first);
            if (used > 0) pmpi_entries_reserve(&M->local, (int64_t)(1.05 * (double)range / used * 4096.0) + 4096);
        }
    }
    if (!rc) pmpi_entries_reserve(&M->local, M->local.count); /* shrink to fit */
    span_close(&S);
    return rc;
}

/* Local line (1-based) of the data line numbered k (0-based) in this rank's range, 0 if not found. */
static long find_data_line(const char *path, int rank, int size, const ogas_mtx_header *h, int64_t k)
{
    span S;
    int64_t at = range_start(h, rank, size), end = rank + 1 < size ? range_start(h, rank + 1, size) : INT64_MAX;
    long line = 0, found = 0;
    ogas_error ignored;
    if (span_open(&S, path, h->data_offset, at, end, &ignored) == OGAS_OK) {
        const char *s;
        size_t n;
        while (span_next(&S, &s, &n, line, &ignored) == 1) {
            int64_t i, j;
            double v;
            line++;
            if (ogas_mtx_parse_entry(h, path, line, s, n, &i, &j, &v, &ignored) == 1 && k-- == 0) {
                found = line;
                break;
            }
        }
    }
    span_close(&S);
    return found;
}

/* Every rank learns whether rank 0 sees a file at path. */
void pmpi_file_exists(MPI_Comm comm, const char *path, int *exists)
{
    int rank;
    struct stat st;
    MPI_Comm_rank(comm, &rank);
    if (rank == 0) *exists = stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
    MPI_Bcast(exists, 1, MPI_INT, 0, comm);
}

/* M := this rank's entries of the Matrix Market file at path. */
ogas_status pmpi_mtx_read(MPI_Comm comm, const char *path, pmpi_mtx *M, ogas_error *err)
{
    int rank, size, first;
    ogas_status rc = OGAS_OK;
    scan_result mine = {0, 0, 0};
    int64_t counts[2], before[2] = {0, 0}, total[2];

    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    memset(M, 0, sizeof *M);
    ogas_error_clear(err);
    if (rank == 0) rc = ogas_mtx_read_header(path, &M->h, err);
    rc = pmpi_agree(comm, rc, err);
    if (rc) goto done;
    MPI_Bcast(&M->h, (int)sizeof M->h, MPI_BYTE, 0, comm);

    rc = scan(path, rank, size, M, &mine, err);
    counts[0] = mine.lines;
    counts[1] = mine.entries;
    MPI_Exscan(counts, before, 2, MPI_INT64_T, MPI_SUM, comm);
    if (rank == 0) before[0] = before[1] = 0;
    MPI_Allreduce(counts, total, 2, MPI_INT64_T, MPI_SUM, comm);
    {
        int me = rc ? rank : size;
        MPI_Allreduce(&me, &first, 1, MPI_INT, MPI_MIN, comm);
    }
    /* A data line beyond the announced count, up to the first failing line, is the first failure (the
     * serial reader stops reading entries there). The data lines counted by the ranks up to the first
     * failing one are consecutive in the file; the failing line itself is one when it failed to parse. */
    if (rank <= first && before[1] <= M->h.nnz && M->h.nnz < before[1] + mine.entries + (rc ? mine.data_failed : 0)) {
        long line = M->h.nnz < before[1] + mine.entries ? find_data_line(path, rank, size, &M->h, M->h.nnz - before[1])
                                                         : err->line;
        rc = ogas_error_at(err, OGAS_EINVAL, path, line, 1, "more %s than the %lld the size line announced",
                           M->h.array ? "values" : "entries", (long long)M->h.nnz);
    }
    if (rc && err->line > 0 && strcmp(err->file, path) == 0) err->line += M->h.data_line + (long)before[0];
    rc = pmpi_agree(comm, rc, err);
    if (rc) goto done;
    if (total[1] < M->h.nnz) {
        rc = ogas_error_at(err, OGAS_EINVAL, path, M->h.data_line + (long)total[0] + 1, 1,
                           "expected %lld %s, found the end of the file after %lld", (long long)M->h.nnz,
                           M->h.array ? "values" : "entries", (long long)total[1]);
        goto done; /* the same on every rank */
    }
    if (M->h.array) {
        /* Value k of the file is entry (k mod m, k div m); zeros are not entries, as in ogas_csr_from_dense. */
        int64_t q = 0;
        for (int64_t k = 0; k < M->local.count; k++) {
            int64_t g = before[1] + k;
            if (M->local.e[k].v == 0.0) continue;
            M->local.e[q].i = (int32_t)(g % M->h.m);
            M->local.e[q].j = (int32_t)(g / M->h.m);
            M->local.e[q].v = M->local.e[k].v;
            q++;
        }
        M->local.count = q;
        M->sorted = 0;
    }
done:
    if (rc) pmpi_mtx_free(M);
    return rc;
}

/* Frees M's entries. */
void pmpi_mtx_free(pmpi_mtx *M)
{
    pmpi_entries_free(&M->local);
}
