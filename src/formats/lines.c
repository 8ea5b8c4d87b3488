/* lines.c: chunked line reading. */
#include "lines.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "ogas/core.h"

#define CHUNK (16u << 20)
#define MAX_LINE (1u << 20)

/* r := file reader. */
ogas_status lines_open(line_reader *r, const char *path, ogas_error *err)
{
    memset(r, 0, sizeof *r);
    r->name = path;
    r->fp = fopen(path, "rb");
    if (!r->fp) return ogas_error_at(err, OGAS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    r->buf = ogas_malloc(CHUNK);
    if (!r->buf) {
        fclose(r->fp);
        r->fp = NULL;
        return ogas_error_at(err, OGAS_ENOMEM, path, 0, 0, "out of memory");
    }
    r->cap = CHUNK;
    {
        struct stat st;
        if (fstat(fileno(r->fp), &st) == 0 && S_ISREG(st.st_mode)) r->total = (size_t)st.st_size;
    }
    return OGAS_OK;
}

/* r := memory reader. */
void lines_open_mem(line_reader *r, const char *name, const char *data, size_t len)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->buf = (char *)data;
    r->len = len;
    r->total = len;
    r->eof = 1;
}

/* Next line. */
int lines_next(line_reader *r, const char **s, size_t *n, ogas_error *err)
{
    for (;;) {
        char *start = r->buf + r->pos;
        char *nl = r->pos < r->len ? memchr(start, '\n', r->len - r->pos) : NULL;
        if (nl || (r->eof && r->pos < r->len)) {
            size_t k = nl ? (size_t)(nl - start) : r->len - r->pos;
            r->pos += k + (nl != NULL);
            if (k > 0 && start[k - 1] == '\r') k--;
            *s = start;
            *n = k;
            r->line++;
            return 1;
        }
        if (r->eof) return 0;
        /* Move the partial line to the front and read more. */
        if (r->len - r->pos >= MAX_LINE) {
            ogas_error_at(err, OGAS_EINVAL, r->name, r->line + 1, 1, "line longer than %u bytes", MAX_LINE);
            return -1;
        }
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
        {
            size_t got = fread(r->buf + r->len, 1, r->cap - r->len, r->fp);
            if (got == 0) {
                if (ferror(r->fp)) {
                    ogas_error_at(err, OGAS_EIO, r->name, r->line + 1, 0, "read error: %s", strerror(errno));
                    return -1;
                }
                r->eof = 1;
            }
            r->len += got;
        }
    }
}

/* Frees r. */
void lines_close(line_reader *r)
{
    if (r->fp) {
        fclose(r->fp);
        ogas_free(r->buf);
    }
    memset(r, 0, sizeof *r);
}
