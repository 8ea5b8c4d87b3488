/* test_council.c: the council registry: a three-level federation (workplaces, a district, the
 * national congress), elections (quorum, ties, several seats), recall below and above the share,
 * the cascade of a recall up two levels, members leaving, replay equal to the live state, save and
 * load, refusals that change nothing, malformed registry files named by line, out of memory, and a
 * registry of 100,000 members and 10,000 councils built through the API. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ogas/council.h"
#include "ogas/ogas.h"
#include "test.h"

#define T0 "2026-11-29T12:00:00Z"
#define T1 "2026-11-29T13:00:00Z"
#define T2 "2026-11-29T14:00:00Z"
#define T3 "2026-11-29T15:00:00Z"

static ogas_council_stamp stamp(const char *time, const char *who, const char *why)
{
    ogas_council_stamp s;
    s.time = time;
    s.who = who;
    s.why = why;
    return s;
}

/* Elects with the ballots "v1=c1,v2=c2,..." (an empty candidate is a blank vote); returns the status. */
static ogas_status elect(ogas_council_registry *r, const char *time, const char *council, const char *votes,
                         double quorum, ogas_error *err)
{
    ogas_council_ballot b[64];
    char text[1024], *t;
    int n = 0;
    ogas_council_stamp s = stamp(time, "clerk", "");
    snprintf(text, sizeof text, "%s", votes);
    for (t = strtok(text, ","); t && n < 64; t = strtok(NULL, ",")) {
        char *eq = strchr(t, '=');
        memset(&b[n], 0, sizeof b[n]);
        if (eq) *eq = '\0';
        b[n].voter = t;
        b[n].candidate = eq ? eq + 1 : NULL;
        n++;
    }
    ogas_error_clear(err);
    return ogas_council_elect(r, &s, council, b, n, quorum, err);
}

/* Recalls with the signers "m1,m2,..." at share. */
static ogas_status recall(ogas_council_registry *r, const char *time, const char *council, const char *delegate,
                          const char *signers, double share, ogas_error *err)
{
    ogas_council_signature g[64];
    char text[1024], *t;
    int n = 0;
    ogas_council_stamp s = stamp(time, "clerk", "lost trust");
    snprintf(text, sizeof text, "%s", signers);
    for (t = strtok(text, ","); t && n < 64; t = strtok(NULL, ",")) {
        memset(&g[n], 0, sizeof g[n]);
        g[n++].member = t;
    }
    ogas_error_clear(err);
    return ogas_council_recall(r, &s, council, delegate, g, n, share, err);
}

/* The registry text of r (malloc'd). */
static char *text_of(const ogas_council_registry *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp) return NULL;
    if (ogas_council_registry_write(r, fp, NULL)) {
        fclose(fp);
        free(buf);
        return NULL;
    }
    fclose(fp);
    return buf;
}

/* Id of the delegate in seat k of council id, or "-" when vacant. */
static const char *holder(const ogas_council_registry *r, const char *id, int64_t k)
{
    ogas_council_seat s;
    ogas_council_person p;
    if (ogas_council_seat_get(r, ogas_council_find(r, id), k, &s) || s.holder < 0) return "-";
    ogas_council_person_get(r, s.holder, &p);
    return p.id;
}

/* 1 if person id is a current member of council cid. */
static int member(const ogas_council_registry *r, const char *cid, const char *id)
{
    return ogas_council_is_member(r, ogas_council_find(r, cid), ogas_council_person_find(r, id));
}

static int64_t nmembers(const ogas_council_registry *r, const char *cid)
{
    ogas_council_info x;
    ogas_council_get(r, ogas_council_find(r, cid), &x);
    return x.members;
}

/* 1 if a and b hold the same state and events, compared through the accessors. */
static int same_state(const ogas_council_registry *a, const ogas_council_registry *b)
{
    int64_t nc = ogas_council_count(a), np = ogas_council_person_count(a), ne = ogas_council_event_count(a);
    int64_t *x = NULL, *y = NULL;
    int ok = 0;
    if (nc != ogas_council_count(b) || np != ogas_council_person_count(b) || ne != ogas_council_event_count(b)) return 0;
    x = malloc(((size_t)np + (size_t)nc + 1) * sizeof *x);
    y = malloc(((size_t)np + (size_t)nc + 1) * sizeof *y);
    if (!x || !y) goto done;
    for (int64_t p = 0; p < np; p++) {
        ogas_council_person u, v;
        ogas_council_person_get(a, p, &u);
        ogas_council_person_get(b, p, &v);
        if (strcmp(u.id, v.id) || strcmp(u.name, v.name) || ogas_council_person_find(b, u.id) != p) goto done;
    }
    for (int64_t c = 0; c < nc; c++) {
        ogas_council_info u, v;
        int64_t n;
        ogas_council_get(a, c, &u);
        ogas_council_get(b, c, &v);
        if (strcmp(u.id, v.id) || strcmp(u.name, v.name) || u.parent != v.parent || u.seats != v.seats ||
            u.vacant != v.vacant || u.members != v.members || u.children != v.children || u.created != v.created ||
            ogas_council_find(b, u.id) != c)
            goto done;
        n = ogas_council_members(a, c, x);
        if (n != ogas_council_members(b, c, y) || n != u.members || memcmp(x, y, (size_t)n * sizeof *x)) goto done;
        n = ogas_council_children(a, c, x);
        if (n != ogas_council_children(b, c, y) || memcmp(x, y, (size_t)n * sizeof *x)) goto done;
        for (int64_t k = 0; k < u.seats; k++) {
            ogas_council_seat s, t;
            ogas_council_seat_get(a, c, k, &s);
            ogas_council_seat_get(b, c, k, &t);
            if (memcmp(&s, &t, sizeof s)) goto done;
            n = ogas_council_mandate(a, c, k, x);
            if (n != ogas_council_mandate(b, c, k, y) || memcmp(x, y, (size_t)n * sizeof *x)) goto done;
        }
    }
    for (int64_t k = 0; k < ne; k++) {
        ogas_council_event u, v;
        ogas_council_event_get(a, k, &u);
        ogas_council_event_get(b, k, &v);
        if (u.seq != v.seq || strcmp(u.time, v.time) || strcmp(u.who, v.who) || strcmp(u.action, v.action) ||
            u.nargs != v.nargs || strcmp(u.why, v.why))
            goto done;
        for (int q = 0; q < u.nargs; q++)
            if (strcmp(u.args[q], v.args[q])) goto done;
    }
    ok = 1;
done:
    free(x);
    free(y);
    return ok;
}

/* 1 if r written and parsed again gives the same state and the same text. */
static int replays_equal(const ogas_council_registry *r)
{
    char *t = text_of(r), *t2 = NULL;
    ogas_council_registry *q = NULL;
    ogas_error err;
    int ok = 0;
    if (!t) return 0;
    if (ogas_council_registry_parse("mem", t, strlen(t), &q, &err) == OGAS_OK && same_state(r, q)) {
        t2 = text_of(q);
        ok = t2 && strcmp(t, t2) == 0;
    } else {
        fprintf(stderr, "replay: %s\n", err.message);
    }
    free(t);
    free(t2);
    ogas_council_registry_destroy(q);
    return ok;
}

/* r := congress N; districts D1 (1 seat), D2 (1 seat); workplaces W1 (1 seat), W2 (2 seats) in D1, W3 in D2;
 * members ann, bob, carl, dora, eve in W1; fay, gus, hal, ivy in W2; jo, kim, lee in W3. */
static void federation(ogas_council_registry **r)
{
    ogas_council_stamp s = stamp(T0, "clerk", "founding");
    static const char *const w1[] = {"ann", "bob", "carl", "dora", "eve"}, *const w2[] = {"fay", "gus", "hal", "ivy"},
                             *const w3[] = {"jo", "kim", "lee"};
    ogas_error err;
    CHECK(ogas_council_registry_create(r, &err) == OGAS_OK);
    CHECK(ogas_council_create(*r, &s, "N", "National congress", NULL, 0, &err) == OGAS_OK);
    CHECK(ogas_council_create(*r, &s, "D1", "District one", "N", 1, &err) == OGAS_OK);
    CHECK(ogas_council_create(*r, &s, "D2", "District two", "N", 1, &err) == OGAS_OK);
    CHECK(ogas_council_create(*r, &s, "W1", "Steelworks", "D1", 1, &err) == OGAS_OK);
    CHECK(ogas_council_create(*r, &s, "W2", "Bakery; \"Rosa\"", "D1", 2, &err) == OGAS_OK);
    CHECK(ogas_council_create(*r, &s, "W3", "Tram depot", "D2", 1, &err) == OGAS_OK);
    for (int k = 0; k < 5; k++) CHECK(ogas_council_add_member(*r, &s, "W1", w1[k], w1[k], &err) == OGAS_OK);
    for (int k = 0; k < 4; k++) CHECK(ogas_council_add_member(*r, &s, "W2", w2[k], w2[k], &err) == OGAS_OK);
    for (int k = 0; k < 3; k++) CHECK(ogas_council_add_member(*r, &s, "W3", w3[k], w3[k], &err) == OGAS_OK);
}

/* The federation with every seat filled: bob (W1), fay and gus (W2), jo (W3); bob for D1, jo for D2. */
static void elected_federation(ogas_council_registry **r)
{
    ogas_error err;
    federation(r);
    CHECK(elect(*r, T1, "W1", "ann=bob,bob=bob,carl=ann,dora=bob", 0.5, &err) == OGAS_OK);
    CHECK(elect(*r, T1, "W2", "fay=fay,gus=gus,hal=fay,ivy=gus", 0.5, &err) == OGAS_OK);
    CHECK(elect(*r, T1, "W3", "jo=jo,kim=jo", 0.5, &err) == OGAS_OK);
    CHECK(elect(*r, T1, "D1", "bob=bob,fay=bob,gus=fay", 0.5, &err) == OGAS_OK);
    CHECK(elect(*r, T1, "D2", "jo=jo", 0.5, &err) == OGAS_OK);
}

/* Three levels: the members of a higher council are the delegates of its children. */
TEST(test_council_federation)
{
    ogas_council_registry *r = NULL;
    ogas_council_info x;
    ogas_council_seat s;
    ogas_council_event e;
    elected_federation(&r);
    REQUIRE(r);
    CHECK_EQ_INT(ogas_council_count(r), 6);
    CHECK_EQ_INT(ogas_council_person_count(r), 12);
    CHECK_STR(holder(r, "W1", 0), "bob");
    CHECK_STR(holder(r, "W2", 0), "fay");
    CHECK_STR(holder(r, "W2", 1), "gus");
    CHECK_STR(holder(r, "D1", 0), "bob");
    CHECK_STR(holder(r, "D2", 0), "jo");
    CHECK_EQ_INT(nmembers(r, "D1"), 3);
    CHECK(member(r, "D1", "bob") && member(r, "D1", "fay") && member(r, "D1", "gus") && !member(r, "D1", "ann"));
    CHECK_EQ_INT(nmembers(r, "N"), 2);
    CHECK(member(r, "N", "bob") && member(r, "N", "jo"));
    CHECK(ogas_council_get(r, ogas_council_find(r, "N"), &x) == OGAS_OK);
    CHECK_EQ_INT(x.parent, -1);
    CHECK_EQ_INT(x.seats, 0);
    CHECK_EQ_INT(x.children, 2);
    CHECK(ogas_council_seat_get(r, ogas_council_find(r, "W1"), 0, &s) == OGAS_OK);
    CHECK_EQ_INT(s.mandate, 5);
    CHECK_EQ_INT(s.mandate_members, 5);
    CHECK(ogas_council_seat_get(r, ogas_council_find(r, "D1"), 0, &s) == OGAS_OK);
    CHECK_EQ_INT(s.mandate, 3);
    CHECK(ogas_council_seat_get(r, ogas_council_find(r, "W1"), 1, &s) == OGAS_EARG);
    /* the W1 election: voters by id, the tally by votes then id, the mandate of all five members */
    CHECK(ogas_council_event_get(r, 18, &e) == OGAS_OK);
    REQUIRE(strcmp(e.action, "elect") == 0);
    CHECK_STR(e.args[0], "W1");
    CHECK_STR(e.args[1], "bob");
    CHECK_STR(e.args[2], "bob=3,ann=1");
    CHECK_STR(e.args[3], "ann,bob,carl,dora");
    CHECK_STR(e.args[4], "ann,bob,carl,dora,eve");
    CHECK_STR(e.args[5], "0.5");
    CHECK_STR(ogas_council_arg_name("elect", 2), "tally");
    CHECK(ogas_council_arg_name("elect", 6) == NULL);
    CHECK(replays_equal(r));
    ogas_council_registry_destroy(r);
    ogas_council_registry_destroy(NULL);
}

/* More than the quorum share of the members must vote; the refusal changes nothing. */
TEST(test_council_quorum)
{
    ogas_council_registry *r = NULL;
    ogas_error err;
    int64_t n;
    federation(&r);
    REQUIRE(r);
    n = ogas_council_event_count(r);
    CHECK_EQ_INT(elect(r, T1, "W1", "ann=bob,bob=bob", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_CONTAINS(err.message, "no quorum: 2 of the 5 members of W1 voted; at least 3 must");
    CHECK_EQ_INT(ogas_council_event_count(r), n);
    CHECK_STR(holder(r, "W1", 0), "-");
    /* blank votes count for the quorum, not for anyone */
    CHECK_EQ_INT(elect(r, T1, "W1", "ann=bob,bob=,carl=", 0.5, &err), OGAS_OK);
    CHECK_STR(holder(r, "W1", 0), "bob");
    /* a lower quorum */
    CHECK_EQ_INT(elect(r, T1, "W3", "jo=kim", 0.34, &err), OGAS_EFORBIDDEN);
    CHECK_EQ_INT(elect(r, T1, "W3", "jo=kim", 0.33, &err), OGAS_OK);
    CHECK_EQ_INT(elect(r, T1, "W2", "fay=fay,gus=gus,hal=hal", 1.0, &err), OGAS_EARG);
    CHECK(replays_equal(r));
    ogas_council_registry_destroy(r);
}

/* A tie for the last seat is refused and changes nothing; several seats fill in order of votes. */
TEST(test_council_tie)
{
    ogas_council_registry *r = NULL;
    ogas_error err;
    char *before;
    federation(&r);
    REQUIRE(r);
    before = text_of(r);
    CHECK_EQ_INT(elect(r, T1, "W1", "ann=bob,bob=bob,carl=ann,dora=ann", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_STR(err.message, "tie between ann and bob for the last seat; vote again");
    CHECK_EQ_INT(elect(r, T1, "W1", "ann=ann,bob=bob,carl=carl", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_STR(err.message, "tie between ann, bob and carl for the last seat; vote again");
    /* two seats: fay first, then a tie for the second */
    CHECK_EQ_INT(elect(r, T1, "W2", "fay=fay,gus=fay,hal=gus,ivy=hal", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_STR(err.message, "tie between gus and hal for the last seat; vote again");
    CHECK_EQ_INT(elect(r, T1, "W2", "fay=gus,gus=fay,hal=hal", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_STR(err.message, "tie between fay, gus and hal for the last 2 seats; vote again");
    {
        char *after = text_of(r);
        CHECK(before && after && strcmp(before, after) == 0);
        free(after);
    }
    /* one candidate for two seats: one seat filled, the other stays vacant */
    CHECK_EQ_INT(elect(r, T1, "W2", "fay=fay,gus=fay,hal=fay", 0.5, &err), OGAS_OK);
    CHECK_STR(holder(r, "W2", 0), "fay");
    CHECK_STR(holder(r, "W2", 1), "-");
    /* a delegate of W2 does not stand for its other seat; the next election fills it */
    CHECK_EQ_INT(elect(r, T1, "W2", "fay=fay,gus=gus,hal=fay", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_STR(err.message, "fay is already a delegate of W2");
    CHECK_EQ_INT(elect(r, T1, "W2", "fay=gus,gus=gus,hal=hal,ivy=gus", 0.5, &err), OGAS_OK);
    CHECK_STR(holder(r, "W2", 1), "gus");
    CHECK_EQ_INT(elect(r, T1, "W1", "ann=ann,bob=ann,carl=ann", 0.5, &err), OGAS_OK);
    CHECK_EQ_INT(elect(r, T1, "W1", "ann=bob,bob=bob,carl=bob", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_CONTAINS(err.message, "no vacant seat");
    free(before);
    CHECK(replays_equal(r));
    ogas_council_registry_destroy(r);
}

/* Ballots that break the rules: unknown voters, voting twice, candidates who are not members or sit above. */
TEST(test_council_ballots)
{
    ogas_council_registry *r = NULL;
    ogas_council_ballot *b = NULL;
    ogas_council_stamp s = stamp(T1, "clerk", "");
    ogas_error err;
    int64_t n = 0;
    const char *path;
    elected_federation(&r);
    REQUIRE(r);
    CHECK_EQ_INT(elect(r, T2, "W1", "zed=ann", 0.5, &err), OGAS_ENOTFOUND);
    CHECK_EQ_INT(elect(r, T2, "W1", "fay=ann", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_CONTAINS(err.message, "fay is not a member of W1");
    CHECK_EQ_INT(elect(r, T2, "N", "bob=jo", 0.5, &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "top council");
    CHECK_EQ_INT(elect(r, T2, "W9", "bob=jo", 0.5, &err), OGAS_ENOTFOUND);
    /* a ballots file: header, blanks around fields, a blank vote; errors at file:line */
    path = test_tmpfile(0, ".csv", "voter,candidate\n ann , carl\nbob,\ncarl,ann\nann,carl\n");
    REQUIRE(path);
    CHECK(ogas_council_read_ballots(path, &b, &n, &err) == OGAS_OK);
    CHECK_EQ_INT(n, 4);
    if (n == 4) {
        CHECK_STR(b[0].voter, "ann");
        CHECK_STR(b[0].candidate, "carl");
        CHECK_STR(b[1].candidate, "");
        CHECK_EQ_INT(b[3].line, 5);
        CHECK_STR(b[3].file, path);
    }
    /* W1's seat is held: recall first, then vote */
    CHECK_EQ_INT(recall(r, T2, "W1", "bob", "ann,carl,dora", 0.5, &err), OGAS_OK);
    ogas_error_clear(&err);
    s.time = T2;
    CHECK_EQ_INT(ogas_council_elect(r, &s, "W1", b, n, 0.5, &err), OGAS_EARG);
    CHECK_EQ_INT(err.line, 5);
    CHECK_STR(err.file, path);
    CHECK_CONTAINS(err.message, "ann votes twice");
    CHECK_EQ_INT(ogas_council_elect(r, &s, "W1", b, 3, 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_CONTAINS(err.message, "tie between ann and carl");
    ogas_free(b);
    unlink(path);
    /* a file with a row of one field */
    path = test_tmpfile(1, ".csv", "ann,bob\ncarl\n");
    REQUIRE(path);
    CHECK_EQ_INT(ogas_council_read_ballots(path, &b, &n, &err), OGAS_EINVAL);
    CHECK_EQ_INT(err.line, 2);
    unlink(path);
    /* a candidate who already sits in the parent for another council */
    CHECK_EQ_INT(elect(r, T2, "W2", "fay=fay", 0.1, &err), OGAS_EFORBIDDEN);
    CHECK_CONTAINS(err.message, "no vacant seat");
    CHECK(replays_equal(r));
    ogas_council_registry_destroy(r);
}

/* Recall: signers must be members who gave the mandate; more than the share must sign. */
TEST(test_council_recall_share)
{
    ogas_council_registry *r = NULL;
    ogas_council_stamp s = stamp(T2, "clerk", "");
    ogas_council_signature *g = NULL;
    ogas_error err;
    int64_t n;
    char *before;
    const char *path;
    elected_federation(&r);
    REQUIRE(r);
    before = text_of(r);
    n = ogas_council_event_count(r);
    /* bob's mandate in W1: five members, so three signatures are needed */
    CHECK_EQ_INT(recall(r, T2, "W1", "bob", "ann,carl", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_CONTAINS(err.message, "2 of the 5 members of W1 who gave the mandate signed; 3 are needed");
    CHECK_EQ_INT(recall(r, T2, "W1", "bob", "ann,carl,fay", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_CONTAINS(err.message, "fay is not a member of W1");
    CHECK_EQ_INT(recall(r, T2, "W1", "bob", "ann,carl,ann", 0.5, &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "ann signs twice");
    CHECK_EQ_INT(recall(r, T2, "W1", "carl", "ann,bob,dora", 0.5, &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "carl is not a delegate of W1");
    CHECK_EQ_INT(recall(r, T2, "W1", "bob", "ann,carl,dora", 0.7, &err), OGAS_EFORBIDDEN);
    CHECK_CONTAINS(err.message, "4 are needed");
    CHECK_EQ_INT(ogas_council_event_count(r), n);
    {
        char *after = text_of(r);
        CHECK(before && after && strcmp(before, after) == 0);
        free(after);
    }
    /* a member who joined after the election did not give the mandate; one who left no longer counts */
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W1", "max", "Max", &err), OGAS_OK);
    CHECK_EQ_INT(ogas_council_remove_member(r, &s, "W1", "eve", &err), OGAS_OK);
    CHECK_EQ_INT(recall(r, T2, "W1", "bob", "ann,max", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_CONTAINS(err.message, "max did not give bob's mandate");
    CHECK_EQ_INT(recall(r, T2, "W1", "bob", "ann,eve", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_CONTAINS(err.message, "eve is not a member of W1");
    /* four givers still members: more than 2 needed */
    CHECK_EQ_INT(recall(r, T2, "W1", "bob", "ann,carl", 0.5, &err), OGAS_EFORBIDDEN);
    CHECK_CONTAINS(err.message, "2 of the 4 members");
    /* a file of signatures, from the third line on */
    path = test_tmpfile(2, ".csv", "member,date\ndora,2026-11-29\ncarl,2026-11-29\nann\n");
    REQUIRE(path);
    CHECK(ogas_council_read_signatures(path, &g, &n, &err) == OGAS_OK);
    CHECK_EQ_INT(n, 3);
    s.why = "did not report back";
    CHECK_EQ_INT(ogas_council_recall(r, &s, "W1", "bob", g, n, 0.5, &err), OGAS_OK);
    CHECK_STR(holder(r, "W1", 0), "-");
    CHECK(!member(r, "D1", "bob"));
    ogas_free(g);
    unlink(path);
    /* share 0: one signature is enough */
    CHECK_EQ_INT(recall(r, T2, "W3", "jo", "kim", 0.0, &err), OGAS_OK);
    free(before);
    CHECK(replays_equal(r));
    ogas_council_registry_destroy(r);
}

/* A recall in a workplace cascades: the delegate leaves the district and loses the seat in the congress. */
TEST(test_council_cascade)
{
    ogas_council_registry *r = NULL;
    ogas_council_event e;
    ogas_error err;
    int64_t n;
    static const char *const want[][5] = {{"recall", "clerk", "W1", "bob", "ann,carl,dora"},
                                          {"due", "registry", "W1", "1", NULL},
                                          {"vacate", "registry", "D1", "bob", NULL},
                                          {"due", "registry", "D1", "1", NULL}};
    elected_federation(&r);
    REQUIRE(r);
    n = ogas_council_event_count(r);
    CHECK_EQ_INT(recall(r, T2, "W1", "bob", "dora,ann,carl", 0.5, &err), OGAS_OK);
    CHECK_EQ_INT(ogas_council_event_count(r), n + 4);
    for (int k = 0; k < 4 && n + k < ogas_council_event_count(r); k++) {
        CHECK(ogas_council_event_get(r, n + k, &e) == OGAS_OK);
        CHECK_EQ_INT(e.seq, n + k + 1);
        CHECK_STR(e.action, want[k][0]);
        CHECK_STR(e.who, want[k][1]);
        CHECK_STR(e.time, T2);
        CHECK_STR(e.args[0], want[k][2]);
        CHECK_STR(e.args[1], want[k][3]);
        if (want[k][4]) CHECK_STR(e.args[2], want[k][4]);
        if (k > 0) {
            char cause[24];
            snprintf(cause, sizeof cause, "%lld", (long long)(n + 1));
            CHECK_STR(e.args[2], cause);
            CHECK_CONTAINS(e.why, "the recall of bob by W1");
        }
    }
    CHECK_STR(holder(r, "W1", 0), "-");
    CHECK_STR(holder(r, "D1", 0), "-");
    CHECK(!member(r, "D1", "bob") && !member(r, "N", "bob") && member(r, "W1", "bob"));
    CHECK_EQ_INT(nmembers(r, "D1"), 2);
    CHECK_EQ_INT(nmembers(r, "N"), 1);
    /* new elections fill both seats again; bob may stand again */
    CHECK_EQ_INT(elect(r, T3, "W1", "ann=carl,bob=carl,carl=carl", 0.5, &err), OGAS_OK);
    CHECK_EQ_INT(elect(r, T3, "D1", "carl=fay,fay=fay,gus=fay", 0.5, &err), OGAS_OK);
    CHECK_STR(holder(r, "D1", 0), "fay");
    CHECK(member(r, "N", "fay"));
    /* a recall in the district only vacates the congress seat */
    n = ogas_council_event_count(r);
    CHECK_EQ_INT(recall(r, T3, "D1", "fay", "carl,gus", 0.5, &err), OGAS_OK);
    CHECK_EQ_INT(ogas_council_event_count(r), n + 2);
    CHECK(member(r, "D1", "fay") && !member(r, "N", "fay"));
    CHECK(replays_equal(r));
    ogas_council_registry_destroy(r);
}

/* Members leave: a delegate who leaves loses the seat, as with a recall; what a council may hold. */
TEST(test_council_remove_member)
{
    ogas_council_registry *r = NULL;
    ogas_council_stamp s = stamp(T2, "clerk", "moved away");
    ogas_council_event e;
    ogas_error err;
    int64_t n;
    elected_federation(&r);
    REQUIRE(r);
    n = ogas_council_event_count(r);
    CHECK_EQ_INT(ogas_council_remove_member(r, &s, "W1", "eve", &err), OGAS_OK);
    CHECK_EQ_INT(ogas_council_event_count(r), n + 1);
    CHECK_EQ_INT(ogas_council_remove_member(r, &s, "W1", "eve", &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_council_remove_member(r, &s, "W1", "nobody", &err), OGAS_ENOTFOUND);
    n = ogas_council_event_count(r);
    CHECK_EQ_INT(ogas_council_remove_member(r, &s, "W1", "bob", &err), OGAS_OK);
    CHECK_EQ_INT(ogas_council_event_count(r), n + 5);
    ogas_council_event_get(r, n + 1, &e);
    CHECK_STR(e.action, "vacate");
    CHECK_STR(e.args[0], "W1");
    ogas_council_event_get(r, n + 3, &e);
    CHECK_STR(e.action, "vacate");
    CHECK_STR(e.args[0], "D1");
    CHECK_CONTAINS(e.why, "bob leaving W1");
    CHECK(!member(r, "W1", "bob") && !member(r, "D1", "bob") && !member(r, "N", "bob"));
    /* coming back: the same person, the registered name */
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W1", "bob", NULL, &err), OGAS_OK);
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W2", "bob", "Robert", &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "registered as 'bob'");
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W2", "bob", "bob", &err), OGAS_OK);
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W3", "newbie", "", &err), OGAS_EARG);
    /* members of a higher council are not added or removed by hand */
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "D1", "ann", NULL, &err), OGAS_EFORBIDDEN);
    CHECK_EQ_INT(ogas_council_remove_member(r, &s, "D1", "fay", &err), OGAS_EFORBIDDEN);
    /* a council with members of its own cannot become a parent */
    CHECK_EQ_INT(ogas_council_create(r, &s, "W1a", "Shop floor", "W1", 1, &err), OGAS_EFORBIDDEN);
    CHECK_EQ_INT(ogas_council_create(r, &s, "W1", "Again", "D1", 1, &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_council_create(r, &s, "X", "No parent", "ZZ", 1, &err), OGAS_ENOTFOUND);
    CHECK_EQ_INT(ogas_council_create(r, &s, "X", "Top with seats", NULL, 1, &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_council_create(r, &s, "X", "Too many", "N", OGAS_COUNCIL_SEATS_MAX + 1, &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_council_create(r, &s, "bad id", "Bad", "N", 1, &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_council_create(r, &s, "X", "", "N", 1, &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_council_create(r, &s, "X", "Line\nbreak", "N", 1, &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W3", "registry", "R", &err), OGAS_EARG);
    /* stamps: bad time, time going back, reserved or bad who, bad reason */
    s = stamp("2026-02-29T10:00:00Z", "clerk", "");
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W3", "x1", "X", &err), OGAS_EARG);
    s = stamp(T0, "clerk", "");
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W3", "x1", "X", &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "before the last event's");
    s = stamp(T3, "registry", "");
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W3", "x1", "X", &err), OGAS_EARG);
    s = stamp(T3, "a b", "");
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W3", "x1", "X", &err), OGAS_EARG);
    s = stamp(T3, "clerk", "bad\x01reason");
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W3", "x1", "X", &err), OGAS_EARG);
    s = stamp(T3, "clerk", "Zoë's reason; with \"quotes\"");
    CHECK_EQ_INT(ogas_council_add_member(r, &s, "W3", "x1", "Zoë", &err), OGAS_OK);
    CHECK(replays_equal(r));
    ogas_council_registry_destroy(r);
}

/* Times and ids. */
TEST(test_council_time_id)
{
    CHECK(ogas_council_time_valid("2026-11-29T12:00:00Z"));
    CHECK(ogas_council_time_valid("2024-02-29T23:59:59Z"));
    CHECK(ogas_council_time_valid("2000-02-29T00:00:00Z"));
    CHECK(!ogas_council_time_valid("1900-02-29T00:00:00Z"));
    CHECK(!ogas_council_time_valid("2026-02-29T00:00:00Z"));
    CHECK(!ogas_council_time_valid("2026-04-31T00:00:00Z"));
    CHECK(!ogas_council_time_valid("2026-11-29T24:00:00Z"));
    CHECK(!ogas_council_time_valid("2026-11-29T12:00:00"));
    CHECK(!ogas_council_time_valid("2026-11-29 12:00:00Z"));
    CHECK(!ogas_council_time_valid("2026-11-29T12:00:00+01:00"));
    CHECK(!ogas_council_time_valid("0000-01-01T00:00:00Z"));
    CHECK(!ogas_council_time_valid(NULL));
    CHECK(ogas_council_id_valid("W-1.a_b"));
    CHECK(!ogas_council_id_valid(""));
    CHECK(!ogas_council_id_valid("a,b"));
    CHECK(!ogas_council_id_valid("a;b"));
    CHECK(!ogas_council_id_valid("ä"));
    CHECK_EQ_INT(ogas_council_needed(5, 0.5), 3);
    CHECK_EQ_INT(ogas_council_needed(4, 0.5), 3);
    CHECK_EQ_INT(ogas_council_needed(0, 0.5), 1);
    CHECK_EQ_INT(ogas_council_needed(3, 0.0), 1);
    CHECK_EQ_INT(ogas_council_needed(3, 2.0 / 3.0), 3);
}

/* Save and load through a file: the same state; a refused change leaves the file as it was. */
TEST(test_council_save_load)
{
    ogas_council_registry *r = NULL, *q = NULL;
    ogas_error err;
    char path[64], *t1, *t2;
    FILE *fp;
    long size;
    snprintf(path, sizeof path, "/tmp/ogas-test-council-%d.txt", (int)getpid());
    elected_federation(&r);
    REQUIRE(r);
    CHECK_EQ_INT(recall(r, T2, "W1", "bob", "ann,carl,dora", 0.5, &err), OGAS_OK);
    CHECK(ogas_council_registry_save(r, path, &err) == OGAS_OK);
    CHECK(ogas_council_registry_load(path, &q, &err) == OGAS_OK);
    REQUIRE(q);
    CHECK(same_state(r, q));
    /* refused: the file is not rewritten (the command saves only after success) */
    CHECK_EQ_INT(recall(r, T2, "W2", "fay", "hal", 0.5, &err), OGAS_EFORBIDDEN);
    t1 = text_of(r);
    t2 = text_of(q);
    CHECK(t1 && t2 && strcmp(t1, t2) == 0);
    fp = fopen(path, "rb");
    REQUIRE(fp);
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    fclose(fp);
    CHECK_EQ_INT(size, (long)strlen(t1));
    free(t1);
    free(t2);
    ogas_council_registry_destroy(q);
    CHECK_EQ_INT(ogas_council_registry_load("/nonexistent/registry.txt", &q, &err), OGAS_EIO);
    CHECK(q == NULL);
    CHECK_EQ_INT(ogas_council_registry_save(r, "/nonexistent/registry.txt", &err), OGAS_EIO);
    unlink(path);
    ogas_council_registry_destroy(r);
}

/* Registry files that do not replay: the error names the line (and the field). */
TEST(test_council_malformed)
{
    static const char head[] = "ogas-councils 1\n"
                               "1;2026-11-29T12:00:00Z;clerk;create;N;Congress;;0;\n"
                               "2;2026-11-29T12:00:00Z;clerk;create;W1;Works;N;1;\n"
                               "3;2026-11-29T12:00:00Z;clerk;join;W1;ann;Ann;\n"
                               "4;2026-11-29T12:00:00Z;clerk;join;W1;bob;Bob;\n"
                               "5;2026-11-29T12:00:00Z;clerk;join;W1;cy;Cy;\n";
    static const struct {
        const char *tail; /* after head (or the whole text when it starts with '!') */
        const char *where;
        const char *what;
    } cases[] = {
        {"!", "reg:1:1:", "not a council registry"},
        {"!ogas-councils 2\n", "reg:1:1:", "unsupported version"},
        {"!\nogas-councils 1\n", "reg:1:1:", "not a council registry"},
        {"!ogas-councils 1;x\n", "reg:1:1:", "not a council registry"},
        {"6;2026-11-29T12:00:00Z;clerk;dissolve;W1;\n", "reg:7:", "unknown action"},
        {"6;2026-11-29T12:00:00Z;clerk;join;W9;dan;Dan;\n", "reg:7:", "no council 'W9'"},
        {"6;2026-11-29T12:00:00Z;clerk;create;W1;Twice;N;1;\n", "reg:7:", "council W1 exists already (event 2)"},
        {"6;2026-11-29T12:00:00Z;clerk;join;W1;ann;Ann;\n", "reg:7:", "ann is already a member of W1"},
        {"6;2026-11-29T12:00:00Z;clerk;join;W1;ann;Anne;\n", "reg:7:", "registered as 'Ann'"},
        {"6;2026-13-29T12:00:00Z;clerk;join;W1;dan;Dan;\n", "reg:7:3:", "the time must be UTC"},
        {"6;2026-11-29T11:00:00Z;clerk;join;W1;dan;Dan;\n", "reg:7:3:", "before the last event's"},
        {"7;2026-11-29T12:00:00Z;clerk;join;W1;dan;Dan;\n", "reg:7:1:", "expected event number 6"},
        {"6;2026-11-29T12:00:00Z;clerk;join;W1;dan;\n", "reg:7:1:", "join takes 8 fields"},
        {"6;2026-11-29T12:00:00Z;clerk\n", "reg:7:1:", "expected an event"},
        {"6;2026-11-29T12:00:00Z;registry;join;W1;dan;Dan;\n", "reg:7:", "'registry' is who only"},
        {"6;2026-11-29T12:00:00Z;clerk;join;W1;dan;\"Dan\nDan\";\n", "reg:7:", "a new member's name"},
        {"6;2026-11-29T12:00:00Z;clerk;elect;W1;ann;ann=1,bob=1;ann,bob,cy;ann,bob,cy;0.5;\n", "reg:7:",
         "tie between ann and bob for the last seat"},
        {"6;2026-11-29T12:00:00Z;clerk;elect;W1;ann;ann=2;ann,bob;ann,bob;0.5;\n", "reg:7:",
         "the mandate names 2 members; W1 has 3"},
        {"6;2026-11-29T12:00:00Z;clerk;elect;W1;ann;ann=1;ann;ann,bob,cy;0.5;\n", "reg:7:", "no quorum"},
        {"6;2026-11-29T12:00:00Z;clerk;elect;W1;bob;ann=2;ann,bob;ann,bob,cy;0.5;\n", "reg:7:", "the tally elects ann"},
        {"6;2026-11-29T12:00:00Z;clerk;elect;W1;ann;ann=3;ann,bob;ann,bob,cy;0.5;\n", "reg:7:",
         "the tally lists candidate=votes"},
        {"6;2026-11-29T12:00:00Z;clerk;elect;W1;ann;ann=2;bob,ann;ann,bob,cy;0.5;\n", "reg:7:",
         "voters must be listed in order"},
        {"6;2026-11-29T12:00:00Z;clerk;elect;W1;ann;ann=2;ann,bob;ann,bob,cy;1.5;\n", "reg:7:", "the quorum must be"},
        {"6;2026-11-29T12:00:00Z;clerk;vacate;W1;ann;5;\n", "reg:7:", "the registry's own event"},
        {"6;2026-11-29T12:00:00Z;clerk;elect;W1;ann;ann=2;ann,bob;ann,bob,cy;0.5;\n"
         "7;2026-11-29T12:00:00Z;clerk;recall;W1;ann;bob,cy;0.5;\n",
         "reg:9:", "the file ends before the registry's event 'due;W1;1;7'"},
        {"6;2026-11-29T12:00:00Z;clerk;elect;W1;ann;ann=2;ann,bob;ann,bob,cy;0.5;\n"
         "7;2026-11-29T12:00:00Z;clerk;recall;W1;ann;bob,cy;0.5;\n"
         "8;2026-11-29T12:00:00Z;registry;due;W1;2;7;\n",
         "reg:9:", "expected the registry's event 'due;W1;1;7'"},
        {"6;2026-11-29T12:00:00Z;clerk;elect;W1;ann;ann=2;ann,bob;ann,bob,cy;0.5;\n"
         "7;2026-11-29T12:00:00Z;clerk;recall;W1;ann;bob;0.5;\n",
         "reg:8:", "not enough signatures"},
        {"6;2026-11-29T12:00:00Z;clerk;elect;W1;ann;ann=2;ann,bob;ann,bob,cy;0.5;\n"
         "7;2026-11-29T12:00:00Z;clerk;recall;W1;ann;bob,cy;0.5;\n"
         "8;2026-11-29T12:00:00Z;clerk;due;W1;1;7;\n",
         "reg:9:", "expected the registry's event"},
        {"\"6;2026-11-29T12:00:00Z;clerk\n", "reg:7:1:", "quoted field is never closed"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char text[2048], msg[1200];
        ogas_council_registry *r = (ogas_council_registry *)&text; /* must come back NULL */
        ogas_error err;
        ogas_status rc;
        if (cases[k].tail[0] == '!') snprintf(text, sizeof text, "%s", cases[k].tail + 1);
        else snprintf(text, sizeof text, "%s%s", head, cases[k].tail);
        ogas_error_clear(&err);
        rc = ogas_council_registry_parse("reg", text, strlen(text), &r, &err);
        ogas_error_format(&err, msg, sizeof msg);
        if (rc != OGAS_EINVAL || !strstr(msg, cases[k].where) || !strstr(msg, cases[k].what))
            test_fail(__FILE__, __LINE__, "case %zu: status %d, message '%s', expected '%s' ... '%s'", k, (int)rc, msg,
                      cases[k].where, cases[k].what);
        CHECK(r == NULL);
        ogas_council_registry_destroy(rc == OGAS_OK ? r : NULL);
    }
    /* the head alone, a byte-order mark and CRLF line ends are fine; an empty registry too */
    {
        ogas_council_registry *r = NULL;
        ogas_error err;
        char text[2048];
        snprintf(text, sizeof text, "\xEF\xBB\xBFogas-councils 1\r\n1;2026-11-29T12:00:00Z;clerk;create;N;Congress;;0;\r\n");
        CHECK(ogas_council_registry_parse("reg", text, strlen(text), &r, &err) == OGAS_OK);
        CHECK_EQ_INT(ogas_council_count(r), 1);
        ogas_council_registry_destroy(r);
        CHECK(ogas_council_registry_parse("reg", head, strlen(head), &r, &err) == OGAS_OK);
        CHECK_EQ_INT(ogas_council_person_count(r), 3);
        ogas_council_registry_destroy(r);
        CHECK(ogas_council_registry_parse("reg", "ogas-councils 1\n", 16, &r, &err) == OGAS_OK);
        CHECK_EQ_INT(ogas_council_event_count(r), 0);
        ogas_council_registry_destroy(r);
    }
}

/* Out of memory anywhere: a parse fails cleanly, an action leaves the registry as it was. */
TEST(test_council_out_of_memory)
{
    ogas_council_registry *r = NULL, *q = NULL;
    ogas_error err;
    char *text, *now;
    long after;
    elected_federation(&r);
    REQUIRE(r);
    CHECK_EQ_INT(recall(r, T2, "W1", "bob", "ann,carl,dora", 0.5, &err), OGAS_OK);
    text = text_of(r);
    REQUIRE(text);
    for (after = 0; after < 100000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_council_registry_parse("mem", text, strlen(text), &q, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        CHECK(q == NULL);
        if (rc != OGAS_ENOMEM) break;
    }
    CHECK(after > 20);
    CHECK(q && same_state(r, q));
    for (after = 0; after < 10000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = elect(q, T3, "W1", "ann=carl,bob=carl,carl=carl", 0.5, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        now = text_of(q);
        CHECK(now && strcmp(now, text) == 0);
        free(now);
        if (rc != OGAS_ENOMEM) break;
    }
    CHECK_STR(holder(q, "W1", 0), "carl");
    free(text);
    text = text_of(q);
    for (after = 0; after < 10000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = recall(q, T3, "W1", "carl", "ann,bob,carl", 0.5, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        now = text_of(q);
        CHECK(now && text && strcmp(now, text) == 0);
        free(now);
        if (rc != OGAS_ENOMEM) break;
    }
    CHECK(!member(q, "D1", "carl"));
    CHECK(replays_equal(q));
    free(text);
    ogas_council_registry_destroy(r);
    ogas_council_registry_destroy(q);
}

/* 100,000 members in 9,899 workplaces, 100 districts and a congress (10,000 councils): every workplace
 * and district elects, one delegate is recalled with a cascade; saved and loaded, the state is the same. */
TEST(test_council_large)
{
    const int nd = 100, nw = 9899, nmem = 100000;
    ogas_council_registry *r = NULL, *q = NULL;
    ogas_council_stamp s = stamp(T0, "clerk", "");
    ogas_council_ballot *b = malloc(64 * sizeof *b);
    ogas_error err;
    char id[32], id2[32], path[64], (*names)[16] = malloc((size_t)nmem * sizeof *names);
    int ok = 1;
    REQUIRE(b && names);
    REQUIRE(ogas_council_registry_create(&r, &err) == OGAS_OK);
    ok &= ogas_council_create(r, &s, "N", "Congress", NULL, 0, &err) == OGAS_OK;
    for (int d = 0; d < nd; d++) {
        snprintf(id, sizeof id, "D%d", d);
        ok &= ogas_council_create(r, &s, id, id, "N", 1, &err) == OGAS_OK;
    }
    for (int w = 0; w < nw; w++) {
        snprintf(id, sizeof id, "W%d", w);
        snprintf(id2, sizeof id2, "D%d", w % nd);
        ok &= ogas_council_create(r, &s, id, id, id2, 1, &err) == OGAS_OK;
    }
    for (int m = 0; m < nmem; m++) {
        snprintf(names[m], sizeof names[m], "m%d", m);
        snprintf(id, sizeof id, "W%d", m % nw);
        ok &= ogas_council_add_member(r, &s, id, names[m], names[m], &err) == OGAS_OK;
    }
    CHECK(ok);
    CHECK_EQ_INT(ogas_council_count(r), 10000);
    CHECK_EQ_INT(ogas_council_person_count(r), nmem);
    /* workplace w: its members m = w, w + nw, ...; all vote for the first */
    s.time = T1;
    for (int w = 0; w < nw && ok; w++) {
        int n = 0;
        snprintf(id, sizeof id, "W%d", w);
        for (int m = w; m < nmem && n < 64; m += nw, n++) {
            b[n].voter = names[m];
            b[n].candidate = names[w];
            b[n].file = NULL;
            b[n].line = 0;
        }
        ok &= ogas_council_elect(r, &s, id, b, n, 0.5, &err) == OGAS_OK;
    }
    CHECK(ok);
    /* district d: its members are the delegates of workplaces d, d + nd, ...; all vote for the first */
    for (int d = 0; d < nd && ok; d++) {
        int64_t c, nm, *mem;
        snprintf(id, sizeof id, "D%d", d);
        c = ogas_council_find(r, id);
        nm = ogas_council_members(r, c, NULL);
        mem = malloc((size_t)nm * sizeof *mem);
        REQUIRE(mem);
        ogas_council_members(r, c, mem);
        {
            ogas_council_ballot *bb = malloc((size_t)nm * sizeof *bb);
            ogas_council_person p0;
            REQUIRE(bb);
            ogas_council_person_get(r, mem[0], &p0);
            for (int64_t k = 0; k < nm; k++) {
                ogas_council_person p;
                ogas_council_person_get(r, mem[k], &p);
                bb[k].voter = p.id;
                bb[k].candidate = p0.id;
                bb[k].file = NULL;
                bb[k].line = 0;
            }
            ok &= ogas_council_elect(r, &s, id, bb, nm, 0.5, &err) == OGAS_OK;
            free(bb);
        }
        free(mem);
    }
    CHECK(ok);
    CHECK_EQ_INT(nmembers(r, "N"), nd);
    CHECK_EQ_INT(nmembers(r, "D0"), 99);
    /* m0 sits for W0 in D0 and for D0 in N: recall from W0 cascades to the congress */
    {
        ogas_council_signature g[64];
        int n = 0;
        for (int m = 0; m < nmem && n < 64; m += nw) g[n].member = names[m], g[n].file = NULL, g[n++].line = 0;
        s.time = T2;
        CHECK(ogas_council_recall(r, &s, "W0", "m0", g, n, 0.5, &err) == OGAS_OK);
    }
    CHECK(!member(r, "N", "m0"));
    CHECK_EQ_INT(nmembers(r, "N"), nd - 1);
    snprintf(path, sizeof path, "/tmp/ogas-test-council-large-%d.txt", (int)getpid());
    CHECK(ogas_council_registry_save(r, path, &err) == OGAS_OK);
    CHECK(ogas_council_registry_load(path, &q, &err) == OGAS_OK);
    CHECK(q && same_state(r, q));
    unlink(path);
    ogas_council_registry_destroy(r);
    ogas_council_registry_destroy(q);
    free(b);
    free(names);
}
