/* fuzz_csv: the CSV tokenizer (csv_parse) on arbitrary bytes, with ',' and with ';' as separator.
 * On success every field is walked: its text must be NUL-terminated at its length (csv_parse
 * refuses NUL bytes), rows must tile the fields in order, and positions must be 1-based; on failure
 * err must say why and the table must be left empty. */
#include "fuzz_check.h"

#include "formats/csv.h"

static void parse_and_walk(const uint8_t *data, size_t size, char sep)
{
    csv_table t;
    ogas_error err;
    ogas_status rc;
    ogas_error_clear(&err);
    rc = csv_parse("fuzz.csv", (const char *)data, size, sep, &t, &err);
    if (rc != OGAS_OK) {
        fuzz_check_error("csv_parse", rc, &err);
        if (t.arena || t.f || t.row || t.name || t.nrows || t.nfields)
            fuzz_fail("csv_parse failed but did not leave the table empty");
        csv_free(&t);
        return;
    }
    if (t.nrows < 0 || t.nfields < 0) fuzz_fail("csv_parse: %lld rows, %lld fields", (long long)t.nrows, (long long)t.nfields);
    if (t.nrows > 0 && (!t.row || !t.f)) fuzz_fail("csv_parse: %lld rows but no row or field array", (long long)t.nrows);
    if (t.row) {
        if (t.row[0] != 0) fuzz_fail("csv_parse: row[0] = %lld, expected 0", (long long)t.row[0]);
        if (t.row[t.nrows] != t.nfields)
            fuzz_fail("csv_parse: row[nrows] = %lld, expected nfields = %lld", (long long)t.row[t.nrows],
                      (long long)t.nfields);
    }
    {
        long prev_line = 0;
        size_t bytes = 0;
        for (int64_t r = 0; r < t.nrows; r++) {
            int64_t w = csv_row_len(&t, r);
            if (w < 1) fuzz_fail("csv_parse: row %lld has %lld fields (expected at least one)", (long long)r, (long long)w);
            for (int64_t c = 0; c < w; c++) {
                const csv_field *f = csv_cell(&t, r, c);
                if (!f->s) fuzz_fail("csv_parse: field (%lld, %lld) has no text", (long long)r, (long long)c);
                if (strlen(f->s) != f->len)
                    fuzz_fail("csv_parse: field (%lld, %lld) has len %zu but strlen %zu", (long long)r, (long long)c,
                              f->len, strlen(f->s));
                if (f->line < 1 || f->col < 1 || f->line < prev_line)
                    fuzz_fail("csv_parse: field (%lld, %lld) at line %ld column %ld (previous field on line %ld)",
                              (long long)r, (long long)c, f->line, f->col, prev_line);
                if (f->line > t.last_line)
                    fuzz_fail("csv_parse: field on line %ld after the last line %ld", f->line, t.last_line);
                if (f->quoted != 0 && f->quoted != 1) fuzz_fail("csv_parse: quoted = %d", f->quoted);
                if (!f->quoted && memchr(f->s, sep, f->len))
                    fuzz_fail("csv_parse: unquoted field (%lld, %lld) contains the separator", (long long)r,
                              (long long)c);
                prev_line = f->line;
                bytes += f->len;
            }
        }
        if (bytes > size) fuzz_fail("csv_parse: fields hold %zu bytes, the input %zu", bytes, size);
    }
    csv_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse_and_walk(data, size, ',');
    parse_and_walk(data, size, ';');
    return 0;
}
