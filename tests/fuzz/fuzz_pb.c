/* fuzz_pb: the pabulib .pb reader and writer on arbitrary bytes (ogas_pb_parse, ogas_pb_write,
 * ogas_pb_read).
 *
 * On success: the tables are complete (every header and field non-NULL) and agree with the counts;
 * 0 <= scale <= 9, budget >= 0, every cost > 0, selected (if any) >= 0; project and voter ids point
 * at the first field of their rows and are unique; ballot[0] = 0 and the offsets never decrease;
 * every choice is a project index, never twice in one ballot, a choose-1 ballot has one; points
 * exist exactly for cumulative and scoring ballots (>= 0 for cumulative) and lie within the META
 * limits. Then the election is written to a file and read back: the second reading must succeed
 * and give the same tables, line ends and interpreted election.
 * On failure: the status is not OGAS_OK, err.message is non-empty and the election is zeroed.
 * ogas_pb_free runs in every case (LeakSanitizer checks that it frees all). */
#include "fuzz_economy.h"
#include "ogas/core.h"
#include "ogas/pb.h"

/* 1 if pb is all zero bytes. */
static int pb_zeroed(const ogas_pb *pb)
{
    static const ogas_pb zero;
    return memcmp(pb, &zero, sizeof zero) == 0;
}

/* Checks that a table is complete. */
static void check_table(const char *what, const ogas_pb_table *tb)
{
    if (tb->ncols < 1 || tb->nrows < 0 || !tb->header || !tb->cell || !tb->line)
        fuzz_fail("%s: incomplete table (%lld x %lld)", what, (long long)tb->nrows, (long long)tb->ncols);
    for (int64_t c = 0; c < tb->ncols; c++)
        if (!tb->header[c]) fuzz_fail("%s: header %lld is NULL", what, (long long)c);
    for (int64_t k = 0; k < tb->nrows * tb->ncols; k++)
        if (!tb->cell[k]) fuzz_fail("%s: field %lld is NULL", what, (long long)k);
    for (int64_t r = 0; r < tb->nrows; r++)
        if (tb->line[r] <= tb->header_line || (r > 0 && tb->line[r] <= tb->line[r - 1]))
            fuzz_fail("%s: row %lld on line %ld", what, (long long)r, tb->line[r]);
}

/* Checks a successfully read election (see the file comment). */
static void check_pb(const ogas_pb *pb)
{
    int points = pb->vote_type == OGAS_PB_CUMULATIVE || pb->vote_type == OGAS_PB_SCORING;
    int64_t *seen;
    check_table("meta", &pb->meta);
    check_table("projects", &pb->projects);
    check_table("votes", &pb->votes);
    if (pb->meta.ncols != 2 || pb->projects.ncols < 2 || pb->votes.ncols < 2) fuzz_fail("tables: too few columns");
    if ((int)pb->vote_type < 0 || (int)pb->vote_type > OGAS_PB_SCORING) fuzz_fail("vote type %d", (int)pb->vote_type);
    if (pb->scale < 0 || pb->scale > 9) fuzz_fail("scale %d", pb->scale);
    if (pb->budget < 0) fuzz_fail("budget %lld", (long long)pb->budget);
    if (pb->nprojects < 1 || pb->nprojects != pb->projects.nrows || pb->nvoters != pb->votes.nrows)
        fuzz_fail("counts %lld projects, %lld voters", (long long)pb->nprojects, (long long)pb->nvoters);
    if (!pb->project || !pb->cost || !pb->voter || !pb->ballot || !pb->choice) fuzz_fail("a NULL array");
    if ((pb->points != NULL) != points) fuzz_fail("points present: %d for vote type %d", pb->points != NULL, (int)pb->vote_type);
    for (int64_t i = 0; i < pb->nprojects; i++) {
        if (pb->project[i] != pb->projects.cell[i * pb->projects.ncols]) fuzz_fail("project %lld id", (long long)i);
        if (pb->cost[i] <= 0) fuzz_fail("cost %lld of project %lld", (long long)pb->cost[i], (long long)i);
        if (pb->selected && pb->selected[i] < 0) fuzz_fail("selected %d", pb->selected[i]);
        for (int64_t j = i + 1; j < pb->nprojects && j < i + 64; j++)
            if (strcmp(pb->project[i], pb->project[j]) == 0) fuzz_fail("project id '%s' twice", pb->project[i]);
    }
    for (int64_t v = 0; v < pb->nvoters; v++) {
        if (pb->voter[v] != pb->votes.cell[v * pb->votes.ncols]) fuzz_fail("voter %lld id", (long long)v);
        for (int64_t w = v + 1; w < pb->nvoters && w < v + 64; w++)
            if (strcmp(pb->voter[v], pb->voter[w]) == 0) fuzz_fail("voter id '%s' twice", pb->voter[v]);
    }
    if (pb->ballot[0] != 0) fuzz_fail("ballot[0] = %lld", (long long)pb->ballot[0]);
    seen = calloc((size_t)pb->nprojects, sizeof *seen);
    if (!seen) abort();
    for (int64_t v = 0; v < pb->nvoters; v++) {
        int64_t len = pb->ballot[v + 1] - pb->ballot[v], sum = 0;
        if (len < 0) fuzz_fail("ballot offsets decrease at voter %lld", (long long)v);
        if (pb->vote_type == OGAS_PB_CHOOSE1 && len != 1) fuzz_fail("choose-1 ballot of %lld projects", (long long)len);
        if ((pb->min_length >= 0 && len < pb->min_length) || (pb->max_length >= 0 && len > pb->max_length))
            fuzz_fail("ballot length %lld outside [%lld, %lld]", (long long)len, (long long)pb->min_length,
                      (long long)pb->max_length);
        for (int64_t q = pb->ballot[v]; q < pb->ballot[v + 1]; q++) {
            int32_t p = pb->choice[q];
            if (p < 0 || p >= pb->nprojects) fuzz_fail("choice %ld out of range", (long)p);
            if (seen[p] == v + 1) fuzz_fail("project %ld twice in ballot %lld", (long)p, (long long)v);
            seen[p] = v + 1;
            if (points) {
                if (pb->vote_type == OGAS_PB_CUMULATIVE && pb->points[q] < 0) fuzz_fail("negative cumulative points");
                if (pb->max_points >= 0 && pb->points[q] > pb->max_points) fuzz_fail("points over max_points");
                sum += pb->points[q];
            }
        }
        if (points && pb->max_sum_points >= 0 && sum > pb->max_sum_points) fuzz_fail("points over max_sum_points");
    }
    free(seen);
}

/* 1 if two tables hold the same names and fields. */
static int same_table(const ogas_pb_table *a, const ogas_pb_table *b)
{
    if (a->ncols != b->ncols || a->nrows != b->nrows) return 0;
    for (int64_t c = 0; c < a->ncols; c++)
        if (strcmp(a->header[c], b->header[c]) != 0) return 0;
    for (int64_t k = 0; k < a->nrows * a->ncols; k++)
        if (strcmp(a->cell[k], b->cell[k]) != 0) return 0;
    return 1;
}

/* Checks that b (a as written and read back) is the same election. */
static void check_same(const ogas_pb *a, const ogas_pb *b)
{
    int64_t ne = a->ballot[a->nvoters];
    if (!same_table(&a->meta, &b->meta) || !same_table(&a->projects, &b->projects) || !same_table(&a->votes, &b->votes))
        fuzz_fail("round trip: the tables differ");
    if (a->crlf != b->crlf || a->final_newline != b->final_newline) fuzz_fail("round trip: line ends differ");
    if (a->vote_type != b->vote_type || a->scale != b->scale || a->budget != b->budget ||
        a->nprojects != b->nprojects || a->nvoters != b->nvoters || (a->rule == NULL) != (b->rule == NULL) ||
        (a->rule && strcmp(a->rule, b->rule) != 0))
        fuzz_fail("round trip: the election differs");
    if (a->min_length != b->min_length || a->max_length != b->max_length || a->min_points != b->min_points ||
        a->max_points != b->max_points || a->min_sum_points != b->min_sum_points ||
        a->max_sum_points != b->max_sum_points || a->min_project_score_threshold != b->min_project_score_threshold)
        fuzz_fail("round trip: the limits differ");
    if (memcmp(a->cost, b->cost, (size_t)a->nprojects * sizeof *a->cost) != 0 ||
        (a->selected == NULL) != (b->selected == NULL) ||
        (a->selected && memcmp(a->selected, b->selected, (size_t)a->nprojects * sizeof *a->selected) != 0))
        fuzz_fail("round trip: the projects differ");
    if (memcmp(a->ballot, b->ballot, ((size_t)a->nvoters + 1) * sizeof *a->ballot) != 0 ||
        memcmp(a->choice, b->choice, (size_t)ne * sizeof *a->choice) != 0 || (a->points == NULL) != (b->points == NULL) ||
        (a->points && memcmp(a->points, b->points, (size_t)ne * sizeof *a->points) != 0))
        fuzz_fail("round trip: the ballots differ");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ogas_pb pb, back;
    ogas_error err;
    ogas_status rc;

    ogas_error_clear(&err);
    rc = ogas_pb_parse("fuzz.pb", (const char *)data, size, &pb, &err);
    if (rc != OGAS_OK) {
        fuzz_check_error("ogas_pb_parse", rc, &err);
        if (!pb_zeroed(&pb)) fuzz_fail("a failed parse left the election filled");
        ogas_pb_free(&pb);
        return 0;
    }
    check_pb(&pb);
    {
        const char *path = fuzz_path("out.pb");
        ogas_error_clear(&err);
        if ((rc = ogas_pb_write(path, &pb, NULL, &err)) != OGAS_OK) fuzz_fail("writing failed: %s", err.message);
        if ((rc = ogas_pb_read(path, &back, &err)) != OGAS_OK) fuzz_fail("reading back failed: %s", err.message);
        check_same(&pb, &back);
        ogas_pb_free(&back);
        /* With a selected column set from the costs' parity: it reads back as written. */
        {
            int *sel = malloc((size_t)pb.nprojects * sizeof *sel);
            if (!sel) abort();
            for (int64_t i = 0; i < pb.nprojects; i++) sel[i] = (int)(pb.cost[i] & 1);
            if ((rc = ogas_pb_write(path, &pb, sel, &err)) != OGAS_OK) fuzz_fail("writing selected failed: %s", err.message);
            if ((rc = ogas_pb_read(path, &back, &err)) != OGAS_OK) fuzz_fail("reading selected back failed: %s", err.message);
            if (!back.selected || memcmp(back.selected, sel, (size_t)pb.nprojects * sizeof *sel) != 0)
                fuzz_fail("the selected column did not read back");
            free(sel);
            ogas_pb_free(&back);
        }
    }
    ogas_pb_free(&pb);
    return 0;
}
