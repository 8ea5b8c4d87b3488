/* lines.h (private to formats/): a line reader over a file (streamed in large chunks) or a memory
 * buffer, for formats too large to hold as text (Matrix Market economies of 10^8 entries). */
#ifndef OGAS_FORMATS_LINES_H
#define OGAS_FORMATS_LINES_H

#include <stddef.h>
#include <stdio.h>

#include "ogas/error.h"

typedef struct line_reader {
    const char *name; /* for messages */
    FILE *fp;         /* NULL when reading from memory */
    char *buf;        /* chunk buffer (file) or the text (memory) */
    size_t cap;       /* buffer size (file) */
    size_t len;       /* bytes valid in buf */
    size_t pos;       /* next unread byte */
    int eof;          /* no more to read from fp */
    long line;        /* number of the line last returned */
    size_t total;     /* size of the whole input in bytes (0 when unknown) */
} line_reader;

/* r := reader of the file at path. */
ogas_status lines_open(line_reader *r, const char *path, ogas_error *err);
/* r := reader of data[0..len). */
void lines_open_mem(line_reader *r, const char *name, const char *data, size_t len);
/* *s, *n := next line without its end (LF, CRLF); returns 1, or 0 at end of input, or -1 on a read
 * error or a line longer than 1 MB (err says which). */
int lines_next(line_reader *r, const char **s, size_t *n, ogas_error *err);
/* Releases r. */
void lines_close(line_reader *r);

#endif
