/* pb_write.c: writing participatory-budgeting elections in pabulib's .pb format (ogas_pb_write).
 *
 * The file is written from the tables as read (ogas_pb.meta, .projects, .votes), not from the
 * interpreted election: a field is quoted only when it holds ';', '"', CR or LF, lines end as the
 * read file's did (LF or CR LF), and the last line ends with a line end when the read file's did. A
 * file read and written again is therefore the same bytes, unless it had a byte-order mark, blank
 * lines, quotes around fields that need none, or line ends of more than one kind. */
#include <stdio.h>
#include <string.h>

#include "ogas/formats.h"
#include "ogas/pb.h"

/* fp << s as one ';'-separated field, quoted where it needs it. */
static void put_field(FILE *fp, const char *s)
{
    ogas_csv_write_field_sep(fp, s, ';');
}

/* fp << a line end before every line but the first. */
static void next_line(FILE *fp, const char *eol, int *first)
{
    if (!*first) fputs(eol, fp);
    *first = 0;
}

/* fp << the fields row[0..ncols) separated by ';'; when sel >= 0 field sel is replaced by (or, when
 * sel == ncols, followed by) the text put. */
static void put_row(FILE *fp, char *const *row, int64_t ncols, int64_t sel, const char *put)
{
    for (int64_t c = 0; c < ncols; c++) {
        if (c) fputc(';', fp);
        put_field(fp, c == sel ? put : row[c]);
    }
    if (sel == ncols) {
        fputc(';', fp);
        put_field(fp, put);
    }
}

/* 1 if tb is a complete table (header and fields present). */
static int table_ok(const ogas_pb_table *tb)
{
    if (tb->ncols < 1 || tb->nrows < 0 || !tb->header || (tb->nrows > 0 && !tb->cell)) return 0;
    for (int64_t c = 0; c < tb->ncols; c++)
        if (!tb->header[c]) return 0;
    for (int64_t k = 0; k < tb->nrows * tb->ncols; k++)
        if (!tb->cell[k]) return 0;
    return 1;
}

/* path := pb in the .pb format, with the column selected set from selected when given. */
ogas_status ogas_pb_write(const char *path, const ogas_pb *pb, const int *selected, ogas_error *err)
{
    static const char *const names[3] = {"META", "PROJECTS", "VOTES"};
    const ogas_pb_table *tabs[3];
    const char *eol;
    int64_t sel = -1;
    int first = 1;
    ogas_out o;
    ogas_status rc;

    if (!path || !pb) return ogas_error_set(err, OGAS_EARG, "no election or no file to write");
    tabs[0] = &pb->meta;
    tabs[1] = &pb->projects;
    tabs[2] = &pb->votes;
    for (int s = 0; s < 3; s++)
        if (!table_ok(tabs[s])) return ogas_error_set(err, OGAS_EARG, "the election has no %s table to write", names[s]);
    if (selected) {
        if (pb->nprojects != pb->projects.nrows)
            return ogas_error_set(err, OGAS_EARG, "the election has %lld projects but its table %lld rows",
                                  (long long)pb->nprojects, (long long)pb->projects.nrows);
        for (int64_t i = 0; i < pb->nprojects; i++)
            if (selected[i] < 0)
                return ogas_error_set(err, OGAS_EARG, "selected[%lld] is %d (expected >= 0)", (long long)i, selected[i]);
        for (sel = 0; sel < pb->projects.ncols && strcmp(pb->projects.header[sel], "selected") != 0; sel++) continue;
    }
    eol = pb->crlf ? "\r\n" : "\n";
    if ((rc = ogas_out_open(&o, path, err))) return rc;
    for (int s = 0; s < 3; s++) {
        const ogas_pb_table *tb = tabs[s];
        int64_t scol = s == 1 ? sel : -1;
        next_line(o.fp, eol, &first);
        fputs(names[s], o.fp);
        next_line(o.fp, eol, &first);
        put_row(o.fp, tb->header, tb->ncols, scol, "selected");
        for (int64_t r = 0; r < tb->nrows; r++) {
            char num[16] = "";
            if (scol >= 0) snprintf(num, sizeof num, "%d", selected[r]);
            next_line(o.fp, eol, &first);
            put_row(o.fp, tb->cell + r * tb->ncols, tb->ncols, scol, num);
        }
    }
    if (pb->final_newline) fputs(eol, o.fp);
    return ogas_out_close(&o, 1, err);
}
