/* pb.c: the participatory-budgeting election (ogas_pb): releasing it and looking things up in it.
 * Reading is in pb_read.c, writing in pb_write.c. */
#include <string.h>

#include "ogas/core.h"
#include "ogas/pb.h"

/* Frees what tb owns. */
static void table_free(ogas_pb_table *tb)
{
    if (tb->header)
        for (int64_t c = 0; c < tb->ncols; c++) ogas_free(tb->header[c]);
    if (tb->cell)
        for (int64_t k = 0; k < tb->nrows * tb->ncols; k++) ogas_free(tb->cell[k]);
    ogas_free(tb->header);
    ogas_free(tb->cell);
    ogas_free(tb->line);
}

/* Releases pb. */
void ogas_pb_free(ogas_pb *pb)
{
    if (!pb) return;
    table_free(&pb->meta);
    table_free(&pb->projects);
    table_free(&pb->votes);
    ogas_free((void *)pb->project);
    ogas_free(pb->cost);
    ogas_free(pb->selected);
    ogas_free((void *)pb->voter);
    ogas_free(pb->ballot);
    ogas_free(pb->choice);
    ogas_free(pb->points);
    memset(pb, 0, sizeof *pb);
}

/* META value of key (first row with that key), or NULL. */
const char *ogas_pb_meta(const ogas_pb *pb, const char *key)
{
    if (!pb || !key || pb->meta.ncols < 2 || !pb->meta.cell) return NULL;
    for (int64_t r = 0; r < pb->meta.nrows; r++)
        if (strcmp(pb->meta.cell[r * pb->meta.ncols], key) == 0) return pb->meta.cell[r * pb->meta.ncols + 1];
    return NULL;
}

/* Index of project id (a scan of the projects), or -1. */
int64_t ogas_pb_project_index(const ogas_pb *pb, const char *id)
{
    if (!pb || !id || !pb->project) return -1;
    for (int64_t i = 0; i < pb->nprojects; i++)
        if (strcmp(pb->project[i], id) == 0) return i;
    return -1;
}

/* pabulib's name of vote type t. */
const char *ogas_pb_vote_type_name(ogas_pb_vote_type t)
{
    static const char *const names[] = {"approval", "choose-1", "ordinal", "cumulative", "scoring"};
    return (int)t >= 0 && (size_t)t < sizeof names / sizeof *names ? names[t] : "unknown";
}
