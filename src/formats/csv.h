/* csv.h (private to formats/): one CSV tokenizer with line and column tracking.
 *
 * RFC 4180 fields: separated by a one-byte separator, optionally quoted with
 * '"' (a doubled quote inside a quoted field is one quote); lines end in LF,
 * CRLF or CR. A UTF-8 byte-order mark at the start is skipped. Lines that hold
 * nothing but blanks are skipped (their line numbers still count). Every field
 * remembers the line and the 1-based byte column where it starts, so readers
 * can report "file:line:column: what was wrong". */
#ifndef OGAS_FORMATS_CSV_H
#define OGAS_FORMATS_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "ogas/error.h"

typedef struct csv_field {
    const char *s; /* text, unquoted and unescaped, NUL-terminated (points into the table's arena) */
    size_t len;    /* bytes in s */
    long line;     /* 1-based line of the field's first byte */
    long col;      /* 1-based byte column of the field's first byte */
    int quoted;    /* 1 if the field was quoted */
} csv_field;

typedef struct csv_table {
    char *name;       /* file name used in error messages */
    char *arena;      /* all field texts */
    csv_field *f;     /* all fields, row after row */
    int64_t *row;     /* row r holds fields f[row[r] .. row[r+1]) */
    int64_t nrows;    /* rows read (blank lines skipped) */
    int64_t nfields;  /* fields in all rows */
    long last_line;   /* number of the file's last line */
} csv_table;

/* t := the CSV text data[0..len) split into rows and fields; name is used in errors.
 * On failure t is left empty and err says where. */
ogas_status csv_parse(const char *name, const char *data, size_t len, char sep, csv_table *t, ogas_error *err);
/* t := the CSV file at path (read whole). */
ogas_status csv_read(const char *path, char sep, csv_table *t, ogas_error *err);
/* Releases t. */
void csv_free(csv_table *t);
/* Number of fields in row r. */
static inline int64_t csv_row_len(const csv_table *t, int64_t r)
{
    return t->row[r + 1] - t->row[r];
}
/* Field c of row r (no bounds check). */
static inline const csv_field *csv_cell(const csv_table *t, int64_t r, int64_t c)
{
    return &t->f[t->row[r] + c];
}

/* *buf := whole contents of the file at path, NUL-terminated, *len bytes. Errors name the file. */
ogas_status formats__slurp(const char *path, char **buf, size_t *len, ogas_error *err);
/* Parses field f as a finite number into *v; on failure records "file:line:col: expected <what>, found '...'"
 * in err and returns OGAS_EINVAL. */
ogas_status formats__number(const char *file, const csv_field *f, const char *what, double *v, ogas_error *err);
/* 1 if f is empty or a missing-value marker ("NA", "N/A", ":", "-", "..", "n/a", "NaN" is not one). */
int formats__missing(const csv_field *f);

#endif
