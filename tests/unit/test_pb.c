/* test_pb.c: the pabulib .pb reader and writer: the ten real elections in examples/pb (counts, vote
 * totals against their votes column, byte-identical round trips), a small hand-written file checked
 * field by field, writing with a selected column, malformed inputs named by line and column, failing
 * allocations, and a large synthetic election read in linear time. */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <unistd.h>

#include "ogas/core.h"
#include "ogas/pb.h"
#include "test.h"

/* *len := bytes of the file at path (malloc'd, NUL-terminated), or NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;
    if (!fp) return NULL;
    if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0 ||
        !(buf = malloc((size_t)n + 1))) {
        fclose(fp);
        return NULL;
    }
    if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        fclose(fp);
        free(buf);
        return NULL;
    }
    fclose(fp);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* 1 if pb is all zero bytes. */
static int zeroed(const ogas_pb *pb)
{
    static const ogas_pb zero;
    return memcmp(pb, &zero, sizeof zero) == 0;
}

/* A fresh path for an output file (slot k). */
static const char *out_path(int k)
{
    return test_tmpfile(k, ".pb", "");
}

/* 1 if the file at path holds exactly data[0..len). */
static int file_is(const char *path, const char *data, size_t len)
{
    size_t n = 0;
    char *buf = slurp(path, &n);
    int same = buf && n == len && memcmp(buf, data, len) == 0;
    free(buf);
    return same;
}

/* Checks the invariants every read election has. */
static void check_invariants(const ogas_pb *pb)
{
    CHECK(pb->scale >= 0 && pb->scale <= 9);
    CHECK(pb->budget >= 0);
    CHECK_EQ_INT(pb->nprojects, pb->projects.nrows);
    CHECK_EQ_INT(pb->nvoters, pb->votes.nrows);
    CHECK_EQ_INT(pb->ballot[0], 0);
    for (int64_t i = 0; i < pb->nprojects; i++) {
        CHECK(pb->cost[i] > 0);
        CHECK(pb->project[i] == pb->projects.cell[i * pb->projects.ncols]);
    }
    for (int64_t v = 0; v < pb->nvoters; v++) {
        CHECK(pb->ballot[v + 1] >= pb->ballot[v]);
        CHECK(pb->voter[v] == pb->votes.cell[v * pb->votes.ncols]);
    }
    for (int64_t q = 0; q < pb->ballot[pb->nvoters]; q++) CHECK(pb->choice[q] >= 0 && pb->choice[q] < pb->nprojects);
    CHECK((pb->points != NULL) == (pb->vote_type == OGAS_PB_CUMULATIVE || pb->vote_type == OGAS_PB_SCORING));
}

static const struct real_file {
    const char *name;
    ogas_pb_vote_type type;
    const char *rule;
    int64_t voters, projects, budget;
    int selected;
} real_files[] = {
    {"France_Toulouse_2019.pb", OGAS_PB_CUMULATIVE, "greedy", 1494, 30, 1000000, 0},
    {"Poland_Czestochowa_2024_Podjasnogorska.pb", OGAS_PB_CUMULATIVE, "greedy", 273, 14, 138644, 1},
    {"Poland_Krakow_2019_Bienczyce.pb", OGAS_PB_ORDINAL, "greedy", 1045, 9, 904700, 1},
    {"Poland_Swiecie_2023.pb", OGAS_PB_APPROVAL, "equalshares/add1", 2553, 22, 1070000, 1},
    {"Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb", OGAS_PB_APPROVAL, "greedy", 27, 4, 51195, 1},
    {"Poland_Warszawa_2019_Zerzen.pb", OGAS_PB_APPROVAL, "greedy", 331, 7, 181561, 1},
    {"Poland_Warszawa_2022_Ursus.pb", OGAS_PB_APPROVAL, "greedy", 3628, 75, 2245802, 1},
    {"Poland_Wroclaw_2018_Rejon_nr_11_250.pb", OGAS_PB_CHOOSE1, "greedy-no-skip", 1956, 6, 750000, 1},
    {"Poland_Zabrze_2021_Konczyce.pb", OGAS_PB_CHOOSE1, "greedy", 289, 4, 155000, 0},
    {"US_Stanford_Dataset_PB_Chicago_35th_Ward_2021_vote_rankings.pb", OGAS_PB_ORDINAL, "unknown", 103, 4, 1000000, 0},
};
#define NREAL (sizeof real_files / sizeof *real_files)

/* Every real file loads with its counts, and the votes each project gets agree with its votes column. */
TEST(test_pb_real_files)
{
    for (size_t k = 0; k < NREAL; k++) {
        const struct real_file *rf = &real_files[k];
        char path[256];
        ogas_pb pb;
        ogas_error err;
        int64_t *count, vcol = -1;
        snprintf(path, sizeof path, "examples/pb/%s", rf->name);
        if (ogas_pb_read(path, &pb, &err) != OGAS_OK) {
            test_fail(__FILE__, __LINE__, "%s: %s", rf->name, err.message);
            continue;
        }
        CHECK_EQ_INT(pb.nvoters, rf->voters);
        CHECK_EQ_INT(pb.nprojects, rf->projects);
        CHECK_EQ_INT(pb.scale, 0);
        CHECK_EQ_INT(pb.budget, rf->budget);
        CHECK_EQ_INT(pb.vote_type, rf->type);
        CHECK_STR(pb.rule, rf->rule);
        CHECK_EQ_INT(pb.selected != NULL, rf->selected);
        CHECK(pb.crlf && pb.final_newline);
        CHECK_EQ_INT(atoll(ogas_pb_meta(&pb, "num_votes")), pb.nvoters);
        check_invariants(&pb);
        /* Ballots obey the META limits. */
        for (int64_t v = 0; v < pb.nvoters; v++) {
            int64_t len = pb.ballot[v + 1] - pb.ballot[v], sum = 0;
            if (pb.max_length >= 0) CHECK(len <= pb.max_length);
            if (pb.min_length >= 0) CHECK(len >= pb.min_length);
            if (pb.points)
                for (int64_t q = pb.ballot[v]; q < pb.ballot[v + 1]; q++) sum += pb.points[q];
            if (pb.max_sum_points >= 0) CHECK(sum <= pb.max_sum_points);
        }
        /* Votes per project against the file's votes column. */
        count = calloc((size_t)pb.nprojects, sizeof *count);
        REQUIRE(count);
        for (int64_t q = 0; q < pb.ballot[pb.nvoters]; q++) count[pb.choice[q]]++;
        for (int64_t c = 0; c < pb.projects.ncols; c++)
            if (strcmp(pb.projects.header[c], "votes") == 0) vcol = c;
        CHECK(vcol >= 0);
        for (int64_t i = 0; vcol >= 0 && i < pb.nprojects; i++)
            if (count[i] != atoll(pb.projects.cell[i * pb.projects.ncols + vcol]))
                test_fail(__FILE__, __LINE__, "%s: project %s has %lld votes, the file says %s", rf->name,
                          pb.project[i], (long long)count[i], pb.projects.cell[i * pb.projects.ncols + vcol]);
        free(count);
        ogas_pb_free(&pb);
        CHECK(zeroed(&pb));
    }
}

/* Every real file read and written again is the same bytes. */
TEST(test_pb_round_trip_real)
{
    const char *out = out_path(0);
    REQUIRE(out);
    for (size_t k = 0; k < NREAL; k++) {
        char path[256];
        ogas_pb pb;
        ogas_error err;
        size_t len = 0;
        char *data;
        snprintf(path, sizeof path, "examples/pb/%s", real_files[k].name);
        data = slurp(path, &len);
        REQUIRE(data);
        REQUIRE(ogas_pb_parse(path, data, len, &pb, &err) == OGAS_OK);
        CHECK(ogas_pb_write(out, &pb, NULL, &err) == OGAS_OK);
        if (!file_is(out, data, len)) test_fail(__FILE__, __LINE__, "%s: written file differs", real_files[k].name);
        ogas_pb_free(&pb);
        free(data);
    }
    unlink(out);
}

static const char small[] =
    "META\n"
    "key;value\n"
    "description;\"A small; hand-written election\"\n"
    "budget;1000.50\n"
    "vote_type;cumulative\n"
    "rule;greedy\n"
    "num_projects;3\n"
    "num_votes;4\n"
    "max_points;5\n"
    "max_sum_points;6\n"
    "min_length;0\n"
    "PROJECTS\n"
    "project_id;cost;votes;name;category\n"
    "p1;250.25;3;\"Park; playground\";green\n"
    "p2;500;1;\"The \"\"big\"\" road\";roads\n"
    "p3;100.5;1;Library;culture\n"
    "VOTES\n"
    "voter_id;vote;points;age\n"
    "v1;p1,p2;3,3;30\n"
    "v2;p1;5;41\n"
    "v3;p3, p1;1,2;\n"
    "v4;;;22\n";

/* The small file, field by field. */
TEST(test_pb_small_file)
{
    ogas_pb pb;
    ogas_error err;
    static const int32_t choice[] = {0, 1, 0, 2, 0};
    static const int64_t points[] = {3, 3, 5, 1, 2}, ballot[] = {0, 2, 3, 5, 5};
    REQUIRE(ogas_pb_parse("small.pb", small, strlen(small), &pb, &err) == OGAS_OK);
    check_invariants(&pb);
    CHECK(!pb.crlf && pb.final_newline);
    /* As written. */
    CHECK_EQ_INT(pb.meta.ncols, 2);
    CHECK_EQ_INT(pb.meta.nrows, 9);
    CHECK_EQ_INT(pb.meta.header_line, 2);
    CHECK_STR(pb.meta.header[0], "key");
    CHECK_STR(pb.meta.cell[1], "A small; hand-written election");
    CHECK_EQ_INT(pb.meta.line[0], 3);
    CHECK_STR(ogas_pb_meta(&pb, "description"), "A small; hand-written election");
    CHECK_STR(ogas_pb_meta(&pb, "max_sum_points"), "6");
    CHECK(ogas_pb_meta(&pb, "currency") == NULL);
    CHECK_EQ_INT(pb.projects.ncols, 5);
    CHECK_EQ_INT(pb.projects.nrows, 3);
    CHECK_EQ_INT(pb.projects.header_line, 13);
    CHECK_STR(pb.projects.header[4], "category");
    CHECK_STR(pb.projects.cell[3], "Park; playground");
    CHECK_STR(pb.projects.cell[5 + 3], "The \"big\" road");
    CHECK_STR(pb.projects.cell[10 + 1], "100.5");
    CHECK_EQ_INT(pb.projects.line[2], 16);
    CHECK_EQ_INT(pb.votes.ncols, 4);
    CHECK_EQ_INT(pb.votes.nrows, 4);
    CHECK_STR(pb.votes.cell[2 * 4 + 1], "p3, p1");
    CHECK_STR(pb.votes.cell[2 * 4 + 3], "");
    CHECK_STR(pb.votes.cell[3 * 4 + 3], "22");
    CHECK_EQ_INT(pb.votes.line[3], 22);
    /* Interpreted. */
    CHECK_EQ_INT(pb.vote_type, OGAS_PB_CUMULATIVE);
    CHECK_STR(pb.rule, "greedy");
    CHECK_EQ_INT(pb.scale, 2);
    CHECK_EQ_INT(pb.budget, 100050);
    CHECK_EQ_INT(pb.nprojects, 3);
    CHECK_STR(pb.project[1], "p2");
    CHECK_EQ_INT(pb.cost[0], 25025);
    CHECK_EQ_INT(pb.cost[1], 50000);
    CHECK_EQ_INT(pb.cost[2], 10050);
    CHECK(pb.selected == NULL);
    CHECK_EQ_INT(pb.nvoters, 4);
    CHECK_STR(pb.voter[3], "v4");
    for (int v = 0; v <= 4; v++) CHECK_EQ_INT(pb.ballot[v], ballot[v]);
    for (int q = 0; q < 5; q++) {
        CHECK_EQ_INT(pb.choice[q], choice[q]);
        CHECK_EQ_INT(pb.points[q], points[q]);
    }
    CHECK_EQ_INT(pb.min_length, 0);
    CHECK_EQ_INT(pb.max_length, -1);
    CHECK_EQ_INT(pb.min_points, -1);
    CHECK_EQ_INT(pb.max_points, 5);
    CHECK_EQ_INT(pb.min_sum_points, -1);
    CHECK_EQ_INT(pb.max_sum_points, 6);
    CHECK_EQ_INT(pb.min_project_score_threshold, -1);
    CHECK_EQ_INT(ogas_pb_project_index(&pb, "p3"), 2);
    CHECK_EQ_INT(ogas_pb_project_index(&pb, "p4"), -1);
    ogas_pb_free(&pb);
    CHECK(zeroed(&pb));
    ogas_pb_free(&pb);
    ogas_pb_free(NULL);
}

/* The small file and variants of its line ends round-trip byte for byte; blank lines, a BOM and
 * needless quotes do not, but the election read back is the same. */
TEST(test_pb_round_trip_small)
{
    const char *out = out_path(1);
    char *crlf = malloc(2 * sizeof small), *p = crlf;
    size_t n = strlen(small);
    ogas_pb pb, back;
    ogas_error err;
    REQUIRE(out && crlf);
    for (size_t k = 0; k < n; k++) {
        if (small[k] == '\n') *p++ = '\r';
        *p++ = small[k];
    }
    *p = '\0';
    {
        const char *texts[4] = {small, crlf, NULL, NULL};
        size_t lens[4] = {n, strlen(crlf), n - 1, strlen(crlf) - 2};
        texts[2] = small;
        texts[3] = crlf;
        for (int k = 0; k < 4; k++) {
            REQUIRE(ogas_pb_parse("small.pb", texts[k], lens[k], &pb, &err) == OGAS_OK);
            CHECK_EQ_INT(pb.final_newline, k < 2);
            CHECK_EQ_INT(pb.crlf, k % 2);
            CHECK(ogas_pb_write(out, &pb, NULL, &err) == OGAS_OK);
            if (!file_is(out, texts[k], lens[k])) test_fail(__FILE__, __LINE__, "variant %d differs", k);
            ogas_pb_free(&pb);
        }
    }
    {
        static const char odd[] = "\xEF\xBB\xBFMETA\n\nkey;value\n\"budget\";10\nvote_type;approval\n"
                                  "PROJECTS\nproject_id;cost\n\n\"a\";5\nVOTES\nvoter_id;vote\n1;a\n\n\n";
        static const char clean[] = "META\nkey;value\nbudget;10\nvote_type;approval\n"
                                    "PROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a\n";
        REQUIRE(ogas_pb_parse("odd.pb", odd, strlen(odd), &pb, &err) == OGAS_OK);
        CHECK(ogas_pb_write(out, &pb, NULL, &err) == OGAS_OK);
        CHECK(file_is(out, clean, strlen(clean)));
        REQUIRE(ogas_pb_read(out, &back, &err) == OGAS_OK);
        CHECK_EQ_INT(back.budget, 10);
        CHECK_EQ_INT(back.ballot[1], 1);
        ogas_pb_free(&back);
        ogas_pb_free(&pb);
    }
    free(crlf);
    unlink(out);
}

/* Writing with a selected array sets the column, or adds it last. */
TEST(test_pb_write_selected)
{
    const char *out = out_path(2);
    static const char with[] = "META\r\nkey;value\r\nbudget;100\r\nvote_type;approval\r\nPROJECTS\r\n"
                               "project_id;cost;selected;name\r\na;10;0;A\r\nb;20;1;\"B;b\"\r\nc;30;2;C\r\n"
                               "VOTES\r\nvoter_id;vote\r\n1;a,b";
    static const char with_after[] = "META\r\nkey;value\r\nbudget;100\r\nvote_type;approval\r\nPROJECTS\r\n"
                                     "project_id;cost;selected;name\r\na;10;1;A\r\nb;20;0;\"B;b\"\r\nc;30;1;C\r\n"
                                     "VOTES\r\nvoter_id;vote\r\n1;a,b";
    static const char without[] = "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
                                  "project_id;cost;name\na;10;A\nb;20;B\nc;30;C\nVOTES\nvoter_id;vote\n1;a,b\n";
    static const char without_after[] = "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
                                        "project_id;cost;name;selected\na;10;A;1\nb;20;B;0\nc;30;C;1\n"
                                        "VOTES\nvoter_id;vote\n1;a,b\n";
    const int sel[3] = {1, 0, 1}, bad[3] = {1, -1, 0};
    ogas_pb pb, back;
    ogas_error err;
    REQUIRE(out);
    REQUIRE(ogas_pb_parse("with.pb", with, strlen(with), &pb, &err) == OGAS_OK);
    REQUIRE(pb.selected);
    CHECK_EQ_INT(pb.selected[2], 2);
    CHECK(ogas_pb_write(out, &pb, sel, &err) == OGAS_OK);
    CHECK(file_is(out, with_after, strlen(with_after)));
    CHECK_EQ_INT(pb.selected[0], 0); /* the election itself is unchanged */
    REQUIRE(ogas_pb_read(out, &back, &err) == OGAS_OK);
    REQUIRE(back.selected);
    for (int k = 0; k < 3; k++) CHECK_EQ_INT(back.selected[k], sel[k]);
    ogas_pb_free(&back);
    CHECK_EQ_INT(ogas_pb_write(out, &pb, bad, &err), OGAS_EARG);
    CHECK(file_is(out, with_after, strlen(with_after))); /* a refused write leaves the file alone */
    ogas_pb_free(&pb);

    REQUIRE(ogas_pb_parse("without.pb", without, strlen(without), &pb, &err) == OGAS_OK);
    CHECK(pb.selected == NULL);
    CHECK(ogas_pb_write(out, &pb, sel, &err) == OGAS_OK);
    CHECK(file_is(out, without_after, strlen(without_after)));
    REQUIRE(ogas_pb_read(out, &back, &err) == OGAS_OK);
    REQUIRE(back.selected);
    for (int k = 0; k < 3; k++) CHECK_EQ_INT(back.selected[k], sel[k]);
    CHECK_STR(back.projects.header[3], "selected");
    ogas_pb_free(&back);
    /* Without selected the file is written as read. */
    CHECK(ogas_pb_write(out, &pb, NULL, &err) == OGAS_OK);
    CHECK(file_is(out, without, strlen(without)));
    CHECK_EQ_INT(ogas_pb_write("/nonexistent-folder/x.pb", &pb, NULL, &err), OGAS_EIO);
    ogas_pb_free(&pb);
    CHECK_EQ_INT(ogas_pb_write(out, &pb, NULL, &err), OGAS_EARG); /* a zeroed election */
    unlink(out);
}

/* One malformed input: where it fails and a phrase of the message. */
typedef struct bad_case {
    const char *what;
    const char *text;
    long line, col;
    const char *phrase;
} bad_case;

#define APPROVAL_META "META\nkey;value\nbudget;100\nvote_type;approval\n"
#define NO_VOTES "VOTES\nvoter_id;vote\n"
#define APPROVAL_PROJECTS "PROJECTS\nproject_id;cost;votes\na;10;2\nb;20;1\n"
#define CUM_HEAD                                                                                                \
    "META\nkey;value\nbudget;100\nvote_type;cumulative\nmax_sum_points;5\nmax_points;4\n"                      \
    "PROJECTS\nproject_id;cost\na;10\nb;20\nVOTES\nvoter_id;vote;points\n"

static const bad_case bad_cases[] = {
    {"missing VOTES", APPROVAL_META APPROVAL_PROJECTS, 8, 0, "missing section VOTES"},
    {"missing PROJECTS", APPROVAL_META "VOTES\nvoter_id;vote\n1;a\n", 5, 1, "missing section PROJECTS before VOTES"},
    {"empty file", "", 1, 0, "missing section META"},
    {"no META first", "hello\n" APPROVAL_META, 1, 1, "expected the section name META"},
    {"section twice", APPROVAL_META APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n1;a\nMETA\n", 12, 1,
     "section META appears twice (first on line 1)"},
    {"no header", APPROVAL_META APPROVAL_PROJECTS "VOTES\n", 9, 1, "section VOTES has no header"},
    {"unknown project", APPROVAL_META APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n1;a,b\n2;a,z\n", 12, 5,
     "unknown project 'z' in the vote of voter '2'"},
    {"duplicate voter", APPROVAL_META APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n1;a,b\n1;a\n", 12, 1,
     "duplicate voter '1' (first on line 11)"},
    {"project twice in a ballot", APPROVAL_META APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n1;a,b,a\n", 11, 7,
     "project 'a' appears twice in the vote of voter '1'"},
    {"empty entry in a ballot", APPROVAL_META APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n1;a,,b\n", 11, 5,
     "empty project id in the vote of voter '1'"},
    {"points over max_sum_points", CUM_HEAD "1;a,b;3,3\n", 13, 7,
     "the points of voter '1' sum to 6, over the maximum max_sum_points 5"},
    {"points over max_points", CUM_HEAD "1;a;2\n2;b;5\n", 14, 5, "voter '2' gives 5 points, over the maximum max_points 4"},
    {"negative points", CUM_HEAD "1;a,b;2,-1\n", 13, 9, "points of voter '1' must be integers >= 0, found '-1'"},
    {"points count mismatch", CUM_HEAD "1;a,b;1\n", 13, 7, "voter '1' has 2 projects in vote but 1 in points"},
    {"no points column", "META\nkey;value\nbudget;100\nvote_type;scoring\nPROJECTS\nproject_id;cost\na;1\n"
                         "VOTES\nvoter_id;vote\n1;a\n", 9, 1, "no column points"},
    {"negative cost", APPROVAL_META "PROJECTS\nproject_id;cost;votes\na;10;2\nb;-20;1\n" NO_VOTES, 8, 3,
     "cost of project 'b' must be > 0, found '-20'"},
    {"zero cost", APPROVAL_META "PROJECTS\nproject_id;cost;votes\na;0.00;2\n" NO_VOTES, 7, 3, "cost of project 'a' must be > 0"},
    {"non-numeric cost", APPROVAL_META "PROJECTS\nproject_id;cost;votes\na;10;2\nb;abc;1\n" NO_VOTES, 8, 3,
     "cost of project 'b' is not a number: 'abc'"},
    {"empty cost", APPROVAL_META "PROJECTS\nproject_id;cost;votes\na;;2\n" NO_VOTES, 7, 3, "cost of project 'a' is empty"},
    {"cost too large", APPROVAL_META "PROJECTS\nproject_id;cost;votes\na;99999999999999999999;2\n" NO_VOTES, 7, 3,
     "cost of project 'a' '99999999999999999999' is too large"},
    {"budget too large for the scale", "META\nkey;value\nbudget;100000000000000000\nvote_type;approval\n"
                                       "PROJECTS\nproject_id;cost\na;0.05\nVOTES\nvoter_id;vote\n", 3, 8,
     "budget '100000000000000000' is too large (over 9223372036854775807 units of 10^-2)"},
    {"too many decimals", APPROVAL_META "PROJECTS\nproject_id;cost;votes\na;1.0000000001;2\n" NO_VOTES, 7, 3,
     "more than 9 decimals"},
    {"duplicate project", APPROVAL_META "PROJECTS\nproject_id;cost;votes\na;10;2\na;20;1\n" NO_VOTES, 8, 1,
     "duplicate project 'a' (first on line 7)"},
    {"choose-1 with two projects", "META\nkey;value\nbudget;100\nvote_type;choose-1\n" APPROVAL_PROJECTS
                                   "VOTES\nvoter_id;vote\n1;a,b\n", 11, 3,
     "the choose-1 ballot of voter '1' names 2 projects (expected exactly 1)"},
    {"too many fields", APPROVAL_META "PROJECTS\nproject_id;cost;votes\na;10;2;x\n" NO_VOTES, 7, 8,
     "expected 3 fields as in the PROJECTS header (line 6), found 4"},
    {"too few fields", APPROVAL_META "PROJECTS\nproject_id;cost;votes\na;10\n" NO_VOTES, 7, 1,
     "expected 3 fields as in the PROJECTS header (line 6), found 2"},
    {"num_votes mismatch", "META\nkey;value\nbudget;100\nvote_type;approval\nnum_votes;3\n" APPROVAL_PROJECTS
                           "VOTES\nvoter_id;vote\n1;a\n2;b\n", 5, 11, "num_votes is 3 but the file has 2 voters"},
    {"num_projects mismatch", "META\nkey;value\nnum_projects;1\nbudget;100\nvote_type;approval\n" APPROVAL_PROJECTS
                              "VOTES\nvoter_id;vote\n", 3, 14, "num_projects is 1 but the file has 2 projects"},
    {"unknown vote_type", "META\nkey;value\nbudget;100\nvote_type;approvals\n" APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n",
     4, 11, "unknown vote_type 'approvals'"},
    {"missing budget", "META\nkey;value\nvote_type;approval\n" APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n", 1, 1,
     "META has no budget"},
    {"missing vote_type", "META\nkey;value\nbudget;100\n" APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n", 1, 1,
     "META has no vote_type"},
    {"decimal comma in the budget", "META\nkey;value\nbudget;1,5\nvote_type;approval\n" APPROVAL_PROJECTS
                                    "VOTES\nvoter_id;vote\n", 3, 8, "budget '1,5' has a decimal comma"},
    {"negative budget", "META\nkey;value\nbudget;-5\nvote_type;approval\n" APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n",
     3, 8, "budget must be >= 0, found '-5'"},
    {"ballot longer than max_length", "META\nkey;value\nbudget;100\nvote_type;approval\nmax_length;1\n"
                                      APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n1;a\n2;a,b\n", 13, 3,
     "the ballot of voter '2' names 2 projects, more than max_length 1"},
    {"ballot shorter than min_length", "META\nkey;value\nbudget;100\nvote_type;approval\nmin_length;1\n"
                                       APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n1;a\n2;\n", 13, 3,
     "the ballot of voter '2' names 0 projects, fewer than min_length 1"},
    {"min_length over max_length", "META\nkey;value\nmax_length;1\nmin_length;2\nbudget;100\nvote_type;approval\n"
                                   APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n", 3, 12, "max_length 1 is less than min_length 2"},
    {"max_length not an integer", "META\nkey;value\nbudget;100\nvote_type;approval\nmax_length;two\n" APPROVAL_PROJECTS
                                  "VOTES\nvoter_id;vote\n", 5, 12, "max_length must be an integer >= 0, found 'two'"},
    {"duplicate META key", "META\nkey;value\nbudget;100\nvote_type;approval\nbudget;200\n" APPROVAL_PROJECTS
                           "VOTES\nvoter_id;vote\n", 5, 1,
     "META key 'budget' appears twice (first on line 3)"},
    {"bad META header", "META\nkey;val\nbudget;100\nvote_type;approval\n" APPROVAL_PROJECTS "VOTES\nvoter_id;vote\n",
     2, 1, "expected the META header key;value"},
    {"bad PROJECTS header", APPROVAL_META "PROJECTS\nid;cost\na;10\nVOTES\nvoter_id;vote\n", 6, 1,
     "expected the PROJECTS header to start with project_id;cost"},
    {"no vote column", APPROVAL_META APPROVAL_PROJECTS "VOTES\nvoter_id;votes\n", 10, 1, "no column vote"},
    {"column twice", APPROVAL_META "PROJECTS\nproject_id;cost;name;name\na;1;x;y\nVOTES\nvoter_id;vote\n", 6, 22,
     "column 'name' appears twice in the PROJECTS header"},
    {"selected not an integer", APPROVAL_META "PROJECTS\nproject_id;cost;selected\na;10;yes\n" NO_VOTES, 7, 6,
     "selected of project 'a' must be an integer >= 0, found 'yes'"},
    {"no projects", APPROVAL_META "PROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n", 6, 1, "lists no projects"},
    {"unclosed quote", APPROVAL_META "PROJECTS\nproject_id;cost\n\"a;10\nVOTES\nvoter_id;vote\n", 7, 1,
     "quoted field is never closed"},
};
#define NBAD (sizeof bad_cases / sizeof *bad_cases)

/* Every malformed input fails with EINVAL at its line and column, the election left zeroed. */
TEST(test_pb_malformed)
{
    for (size_t k = 0; k < NBAD; k++) {
        const bad_case *c = &bad_cases[k];
        ogas_pb pb;
        ogas_error err;
        char text[1024];
        ogas_status rc;
        memset(&pb, 0xAB, sizeof pb);
        ogas_error_clear(&err);
        rc = ogas_pb_parse("bad.pb", c->text, strlen(c->text), &pb, &err);
        if (rc != OGAS_EINVAL || err.code != OGAS_EINVAL) {
            test_fail(__FILE__, __LINE__, "%s: status %d, expected OGAS_EINVAL", c->what, (int)rc);
            if (rc == OGAS_OK) ogas_pb_free(&pb);
            continue;
        }
        ogas_error_format(&err, text, sizeof text);
        if (!zeroed(&pb)) test_fail(__FILE__, __LINE__, "%s: the election is not zeroed", c->what);
        if (strcmp(err.file, "bad.pb") != 0 || err.line != c->line || err.column != c->col ||
            !strstr(err.message, c->phrase))
            test_fail(__FILE__, __LINE__, "%s: got \"%s\", expected line %ld column %ld and \"%s\"", c->what, text,
                      c->line, c->col, c->phrase);
    }
}

/* Reading a missing file is an I/O error; odd arguments are refused. */
TEST(test_pb_read_errors)
{
    ogas_pb pb;
    ogas_error err;
    CHECK_EQ_INT(ogas_pb_read("examples/pb/no-such-file.pb", &pb, &err), OGAS_EIO);
    CHECK(zeroed(&pb));
    CHECK_STR(err.file, "examples/pb/no-such-file.pb");
    CHECK_EQ_INT(ogas_pb_parse("x", NULL, 4, &pb, &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_pb_parse("x", "META", 4, NULL, &err), OGAS_EARG);
    CHECK_STR(ogas_pb_vote_type_name(OGAS_PB_CHOOSE1), "choose-1");
    CHECK_STR(ogas_pb_vote_type_name(OGAS_PB_SCORING), "scoring");
    CHECK_STR(ogas_pb_vote_type_name((ogas_pb_vote_type)99), "unknown");
    CHECK(ogas_pb_meta(NULL, "budget") == NULL);
    CHECK_EQ_INT(ogas_pb_project_index(NULL, "a"), -1);
}

/* Scoring ballots may have negative points within min_points; other types ignore a points column. */
TEST(test_pb_scoring_and_ignored_points)
{
    static const char scoring[] = "META\nkey;value\nbudget;10\nvote_type;scoring\nmin_points;-2\nmax_points;2\n"
                                  "min_sum_points;-1\nPROJECTS\nproject_id;cost\na;1\nb;2\nVOTES\nvoter_id;vote;points\n"
                                  "x;a,b;-2,1\ny;b;2\n";
    static const char approval[] = "META\nkey;value\nbudget;10\nvote_type;approval\nmax_points;zzz\n"
                                   "PROJECTS\nproject_id;cost\na;1\nb;2\nVOTES\nvoter_id;points;vote\nx;what;a,b\n";
    ogas_pb pb;
    ogas_error err;
    REQUIRE(ogas_pb_parse("s.pb", scoring, strlen(scoring), &pb, &err) == OGAS_OK);
    CHECK_EQ_INT(pb.points[0], -2);
    CHECK_EQ_INT(pb.points[1], 1);
    CHECK_EQ_INT(pb.points[2], 2);
    CHECK_EQ_INT(pb.max_points, 2);
    ogas_pb_free(&pb);
    REQUIRE(ogas_pb_parse("a.pb", approval, strlen(approval), &pb, &err) == OGAS_OK);
    CHECK(pb.points == NULL);
    CHECK_EQ_INT(pb.max_points, -1);
    CHECK_EQ_INT(pb.choice[1], 1);
    ogas_pb_free(&pb);
}

/* Every failed allocation while reading or writing is reported as such, with nothing leaked. */
TEST(test_pb_out_of_memory)
{
    const char *out = out_path(3);
    ogas_pb pb;
    ogas_error err;
    long after;
    REQUIRE(out);
    for (after = 0; after < 100000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_pb_parse("small.pb", small, strlen(small), &pb, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        CHECK(zeroed(&pb));
        if (rc != OGAS_ENOMEM) break;
    }
    CHECK(after > 50);
    for (after = 0; after < 1000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_pb_write(out, &pb, NULL, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        if (rc != OGAS_ENOMEM) break;
    }
    CHECK(file_is(out, small, strlen(small)));
    ogas_pb_free(&pb);
    unlink(out);
}

/* A synthetic election of 150,000 approval ballots over 200 projects reads in linear time. */
TEST(test_pb_large)
{
    const int64_t nv = 150000, np = 200;
    size_t cap = (size_t)nv * 64 + 65536, n = 0;
    char *text = malloc(cap);
    uint64_t x = 12345;
    int64_t entries = 0;
    ogas_pb pb;
    ogas_error err;
    double t0, t1;
    REQUIRE(text);
    n += (size_t)snprintf(text + n, cap - n, "META\nkey;value\nbudget;1000000\nvote_type;approval\nnum_votes;%lld\n"
                                             "PROJECTS\nproject_id;cost\n", (long long)nv);
    for (int64_t i = 0; i < np; i++) n += (size_t)snprintf(text + n, cap - n, "p%lld;%lld\n", (long long)i, (long long)(1000 + i));
    n += (size_t)snprintf(text + n, cap - n, "VOTES\nvoter_id;vote;age\n");
    for (int64_t v = 0; v < nv; v++) {
        int64_t first = (int64_t)((x = x * 6364136223846793005ULL + 1442695040888963407ULL) >> 33) % np;
        int len = 1 + (int)(v % 5);
        n += (size_t)snprintf(text + n, cap - n, "v%lld;", (long long)v);
        for (int k = 0; k < len; k++) n += (size_t)snprintf(text + n, cap - n, "%sp%lld", k ? "," : "", (long long)((first + 37 * k) % np));
        n += (size_t)snprintf(text + n, cap - n, ";%d\n", (int)(v % 90));
        entries += len;
    }
    t0 = ogas_now();
    REQUIRE(ogas_pb_parse("large.pb", text, n, &pb, &err) == OGAS_OK);
    t1 = ogas_now();
    CHECK_EQ_INT(pb.nvoters, nv);
    CHECK_EQ_INT(pb.nprojects, np);
    CHECK_EQ_INT(pb.ballot[nv], entries);
    CHECK(t1 - t0 < 20.0);
    if (getenv("OGAS_TEST_VERBOSE")) printf("    read %lld ballots in %.3f s\n", (long long)nv, t1 - t0);
    ogas_pb_free(&pb);
    free(text);
}
