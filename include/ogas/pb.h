/* ogas/pb.h: participatory-budgeting elections in the pabulib .pb format.
 *
 * A .pb file has three sections, each a header line then ';'-separated rows (fields may be quoted
 * with '"'): META (key;value), PROJECTS (project_id;cost;... one row per project) and VOTES
 * (voter_id;vote;... one row per voter, vote a comma list of project ids, points a comma list for
 * cumulative and scoring ballots). ogas_pb keeps every field as it was written, so that a file
 * read and written again is the same file, and the interpreted election beside it: costs and the
 * budget as exact integers, and each ballot as a list of projects (with points or ranks). */
#ifndef OGAS_PB_H
#define OGAS_PB_H

#include <stddef.h>
#include <stdint.h>

#include "ogas/error.h"

typedef enum ogas_pb_vote_type {
    OGAS_PB_APPROVAL,   /* a set of approved projects */
    OGAS_PB_CHOOSE1,    /* exactly one project */
    OGAS_PB_ORDINAL,    /* projects in order of preference, best first */
    OGAS_PB_CUMULATIVE, /* points >= 0 per project, their sum at most max_sum_points */
    OGAS_PB_SCORING     /* a score per project (may be negative) */
} ogas_pb_vote_type;

/* One section's table as written: column names and the fields of each row. */
typedef struct ogas_pb_table {
    int64_t ncols;   /* columns */
    int64_t nrows;   /* rows after the header */
    char **header;   /* [ncols] column names */
    char **cell;     /* [nrows * ncols] fields, row after row */
    long *line;      /* [nrows] file line of each row */
    long header_line;/* file line of the header */
} ogas_pb_table;

/* An election. Plain struct; every array is owned and released by ogas_pb_free. */
typedef struct ogas_pb {
    /* as written */
    ogas_pb_table meta;     /* columns key;value */
    ogas_pb_table projects; /* project_id;cost;... */
    ogas_pb_table votes;    /* voter_id;vote;... */
    int final_newline;      /* the file ended with a line end */
    int crlf;               /* lines ended with CR LF */

    /* interpreted */
    ogas_pb_vote_type vote_type;
    const char *rule;       /* META rule, or NULL (points into meta) */
    int scale;              /* money is counted in units of 10^-scale (0 when every amount is whole) */
    int64_t budget;         /* META budget in those units */
    int64_t nprojects;
    const char **project;   /* [nprojects] ids (point into projects) */
    int64_t *cost;          /* [nprojects] costs in money units, > 0 */
    int *selected;          /* [nprojects] the file's selected column (>= 0), or NULL without one */
    int64_t nvoters;
    const char **voter;     /* [nvoters] ids (point into votes) */
    int64_t *ballot;        /* [nvoters + 1] voter v's entries are ballot[v] .. ballot[v+1] */
    int32_t *choice;        /* [ballot[nvoters]] project indices, in the file's order (for ordinal: best first) */
    int64_t *points;        /* [ballot[nvoters]] points (cumulative, scoring), NULL for other types */
    /* META limits, -1 when absent (points limits only for cumulative and scoring) */
    int64_t min_length, max_length;
    int64_t min_points, max_points, min_sum_points, max_sum_points;
    int64_t min_project_score_threshold; /* -1 when absent */
} ogas_pb;

/* pb := the election in the .pb file at path. On bad input err holds "file:line:column: reason" and
 * pb is left zeroed. */
ogas_status ogas_pb_read(const char *path, ogas_pb *pb, ogas_error *err);
/* Same from memory; name is used in errors. */
ogas_status ogas_pb_parse(const char *name, const char *data, size_t len, ogas_pb *pb, ogas_error *err);
/* Writes pb to path exactly as read (fields quoted only where they need it), through a temporary file.
 * When selected is non-NULL ([nprojects], 0/1) the PROJECTS column "selected" is set from it (added
 * as the last column when the file had none). */
ogas_status ogas_pb_write(const char *path, const ogas_pb *pb, const int *selected, ogas_error *err);
/* Releases everything pb owns and zeroes it; pb may be NULL or zeroed. */
void ogas_pb_free(ogas_pb *pb);
/* The META value of key, or NULL. */
const char *ogas_pb_meta(const ogas_pb *pb, const char *key);
/* The index of project id, or -1. */
int64_t ogas_pb_project_index(const ogas_pb *pb, const char *id);
/* Name of a vote type as pabulib writes it ("approval", "choose-1", ...). */
const char *ogas_pb_vote_type_name(ogas_pb_vote_type t);

#endif
