/* fuzz_council: the council registry file (ogas_council_registry_parse) from arbitrary bytes.
 *
 * On failure: err says why, and no registry comes back. On success:
 *   - the state keeps the registry's invariants: each council's member count is the number of its
 *     current members, its vacant count the number of its seats without a holder; the members of a
 *     council with child councils are exactly the holders of the seats its children send to it (so
 *     nobody holds two seats in one council); a holder is a member of the council that elected them;
 *     a mandate's members still in the council are at most the mandate;
 *   - written out (ogas_council_registry_write), it parses again to the same state and the same text;
 *   - actions on it keep that: each council with a vacant seat elects (all members vote for one of
 *     them) and each delegate is recalled by all who gave the mandate; whatever is accepted must write
 *     out and replay to the same state, and whatever is refused must change nothing.
 * The input is cut at the first line that is exactly "---" (as fuzz_plan_peer cuts it): the first part
 * is the registry, the rest (when there is one) a ballots file and a signatures file
 * (ogas_council_read_ballots, ogas_council_read_signatures), which the councils then elect and recall
 * with, under the same checks. */
#include "fuzz_economy.h"

#include "ogas/council.h"
#include "ogas/core.h"

/* The registry text of r (malloc'd; *len bytes). */
static char *text_of(const ogas_council_registry *r, size_t *len)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);
    ogas_error err;
    if (!fp) fuzz_fail("open_memstream failed");
    if (ogas_council_registry_write(r, fp, &err)) fuzz_fail("write failed: %s", err.message);
    if (fclose(fp) != 0 || !buf) fuzz_fail("open_memstream: no text");
    return buf;
}

/* Checks the invariants of r. */
static void check_state(const ogas_council_registry *r)
{
    int64_t nc = ogas_council_count(r), np = ogas_council_person_count(r);
    int64_t *mem = malloc(((size_t)np + 1) * sizeof *mem), *kids = malloc(((size_t)nc + 1) * sizeof *kids);
    if (!mem || !kids) fuzz_fail("out of memory in the harness");
    for (int64_t c = 0; c < nc; c++) {
        ogas_council_info x;
        int64_t n, vacant = 0, seated = 0, nk;
        if (ogas_council_get(r, c, &x)) fuzz_fail("council %lld: get failed", (long long)c);
        if (ogas_council_find(r, x.id) != c) fuzz_fail("council %s: find gives another index", x.id);
        if (x.parent >= c || x.parent < -1) fuzz_fail("council %s: parent %lld", x.id, (long long)x.parent);
        if ((x.parent < 0) != (x.seats == 0)) fuzz_fail("council %s: %lld seats, parent %lld", x.id, (long long)x.seats,
                                                       (long long)x.parent);
        n = ogas_council_members(r, c, mem);
        if (n != x.members || n != ogas_council_members(r, c, NULL)) fuzz_fail("council %s: member counts differ", x.id);
        for (int64_t k = 0; k < n; k++)
            if (!ogas_council_is_member(r, c, mem[k])) fuzz_fail("council %s: listed member is not a member", x.id);
        for (int64_t k = 0; k < x.seats; k++) {
            ogas_council_seat s;
            if (ogas_council_seat_get(r, c, k, &s)) fuzz_fail("council %s: seat %lld", x.id, (long long)k);
            if (s.holder < 0) {
                vacant++;
                continue;
            }
            if (!ogas_council_is_member(r, c, s.holder)) fuzz_fail("council %s: a delegate is not a member", x.id);
            if (!ogas_council_is_member(r, x.parent, s.holder))
                fuzz_fail("council %s: a delegate is not a member of the parent", x.id);
            if (s.mandate_members > s.mandate || s.mandate < 1 || s.elected < 1)
                fuzz_fail("council %s: mandate %lld, still members %lld", x.id, (long long)s.mandate,
                          (long long)s.mandate_members);
            if (ogas_council_mandate(r, c, k, NULL) != s.mandate) fuzz_fail("council %s: mandate sizes differ", x.id);
        }
        if (vacant != x.vacant) fuzz_fail("council %s: %lld vacant seats, counted %lld", x.id, (long long)x.vacant,
                                          (long long)vacant);
        nk = ogas_council_children(r, c, kids);
        if (nk != x.children) fuzz_fail("council %s: child counts differ", x.id);
        for (int64_t k = 0; k < nk; k++) {
            ogas_council_info y;
            ogas_council_get(r, kids[k], &y);
            if (y.parent != c) fuzz_fail("council %s: child %s has another parent", x.id, y.id);
            seated += y.seats - y.vacant;
        }
        if (nk > 0 && seated != x.members)
            fuzz_fail("council %s: %lld members, %lld seats held by its children", x.id, (long long)x.members,
                      (long long)seated);
    }
    free(mem);
    free(kids);
}

/* 1 if a and b hold the same councils, people, members, seats, mandates and events. */
static int same_state(const ogas_council_registry *a, const ogas_council_registry *b)
{
    size_t la, lb;
    char *ta = text_of(a, &la), *tb = text_of(b, &lb);
    int same = la == lb && memcmp(ta, tb, la) == 0 && ogas_council_count(a) == ogas_council_count(b) &&
               ogas_council_person_count(a) == ogas_council_person_count(b);
    int64_t np = ogas_council_person_count(a);
    int64_t *x = malloc(((size_t)np + 1) * sizeof *x), *y = malloc(((size_t)np + 1) * sizeof *y);
    if (!x || !y) fuzz_fail("out of memory in the harness");
    for (int64_t c = 0; same && c < ogas_council_count(a); c++) {
        ogas_council_info u, v;
        int64_t n;
        ogas_council_get(a, c, &u);
        ogas_council_get(b, c, &v);
        same = strcmp(u.id, v.id) == 0 && u.parent == v.parent && u.seats == v.seats && u.vacant == v.vacant &&
               u.members == v.members && u.children == v.children;
        n = ogas_council_members(a, c, x);
        same = same && n == ogas_council_members(b, c, y) && memcmp(x, y, (size_t)n * sizeof *x) == 0;
        for (int64_t k = 0; same && k < u.seats; k++) {
            ogas_council_seat s, t;
            ogas_council_seat_get(a, c, k, &s);
            ogas_council_seat_get(b, c, k, &t);
            same = memcmp(&s, &t, sizeof s) == 0;
            n = ogas_council_mandate(a, c, k, x);
            same = same && n == ogas_council_mandate(b, c, k, y) && memcmp(x, y, (size_t)n * sizeof *x) == 0;
        }
    }
    free(ta);
    free(tb);
    free(x);
    free(y);
    return same;
}

/* r written and parsed again must be the same registry. */
static void check_replay(const ogas_council_registry *r, const char *what)
{
    size_t len;
    char *t = text_of(r, &len);
    ogas_council_registry *q = NULL;
    ogas_error err;
    ogas_error_clear(&err);
    if (ogas_council_registry_parse("again", t, len, &q, &err))
        fuzz_fail("%s: the written registry does not read again: %s (line %ld)", what, err.message, err.line);
    if (!same_state(r, q)) fuzz_fail("%s: the registry read again differs", what);
    ogas_council_registry_destroy(q);
    free(t);
}

/* Tries an action's result: accepted, it must keep the invariants and replay; refused, change nothing. */
static void after(ogas_council_registry *r, ogas_status rc, const ogas_error *err, const char *before, size_t blen,
                  const char *what)
{
    if (rc == OGAS_OK) {
        check_state(r);
        check_replay(r, what);
    } else {
        size_t len;
        char *now = text_of(r, &len);
        fuzz_check_error(what, rc, err);
        if (len != blen || memcmp(now, before, len) != 0) fuzz_fail("%s was refused but changed the registry", what);
        free(now);
    }
}

/* One input: parse, check, write and read again, act and check again. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ogas_council_registry *r = (ogas_council_registry *)&size;
    ogas_council_stamp s;
    ogas_council_event last;
    ogas_error err;
    ogas_status rc;
    ogas_council_ballot *ballots = NULL;
    ogas_council_signature *signers = NULL;
    int64_t nc, np, nballots = 0, nsigners = 0;
    size_t seplen = 0, cut = fuzz_next_separator(data, size, 0, &seplen);

    if (cut < size) {
        /* the second part: ballots and signatures */
        const char *path = fuzz_path("votes.csv");
        fuzz_write(path, data + cut + seplen, size - cut - seplen);
        ogas_error_clear(&err);
        rc = ogas_council_read_ballots(path, &ballots, &nballots, &err);
        if (rc != OGAS_OK) fuzz_check_error("ogas_council_read_ballots", rc, &err);
        if (rc != OGAS_OK && (ballots || nballots)) fuzz_fail("a failed ballots read returned ballots");
        for (int64_t k = 0; k < nballots; k++)
            if (!ballots[k].voter || !ballots[k].candidate || ballots[k].line < 1 || strcmp(ballots[k].file, path) != 0)
                fuzz_fail("ballot %lld is incomplete", (long long)k);
        ogas_error_clear(&err);
        rc = ogas_council_read_signatures(path, &signers, &nsigners, &err);
        if (rc != OGAS_OK) fuzz_check_error("ogas_council_read_signatures", rc, &err);
        for (int64_t k = 0; k < nsigners; k++)
            if (!signers[k].member || signers[k].line < 1) fuzz_fail("signature %lld is incomplete", (long long)k);
    }
    ogas_error_clear(&err);
    rc = ogas_council_registry_parse("fuzz", (const char *)data, cut, &r, &err);
    if (rc != OGAS_OK) {
        fuzz_check_error("ogas_council_registry_parse", rc, &err);
        if (r) fuzz_fail("a failed parse returned a registry");
        goto done;
    }
    if (!r) fuzz_fail("a parse returned no registry");
    check_state(r);
    check_replay(r, "parse");
    /* actions, at the time of the last event */
    s.who = "fuzzer";
    s.why = "fuzz";
    s.time = "2026-01-01T00:00:00Z";
    if (ogas_council_event_count(r) > 0 && ogas_council_event_get(r, ogas_council_event_count(r) - 1, &last) == OGAS_OK)
        s.time = last.time;
    nc = ogas_council_count(r);
    np = ogas_council_person_count(r);
    for (int64_t c = 0; c < nc && c < 16; c++) {
        ogas_council_info x;
        int64_t *mem = malloc(((size_t)np + 1) * sizeof *mem), n;
        ogas_council_ballot *b = malloc(((size_t)np + 1) * sizeof *b);
        ogas_council_signature *g = malloc(((size_t)np + 1) * sizeof *g);
        size_t blen;
        char *before;
        if (!mem || !b || !g) fuzz_fail("out of memory in the harness");
        ogas_council_get(r, c, &x);
        if (nballots > 0 && x.vacant > 0) {
            before = text_of(r, &blen);
            ogas_error_clear(&err);
            rc = ogas_council_elect(r, &s, x.id, ballots, nballots, 0.5, &err);
            after(r, rc, &err, before, blen, "elect from a ballots file");
            free(before);
        }
        ogas_council_get(r, c, &x);
        n = ogas_council_members(r, c, mem);
        if (x.vacant > 0 && n > 0) {
            ogas_council_person cand;
            ogas_council_person_get(r, mem[n - 1], &cand);
            for (int64_t k = 0; k < n; k++) {
                ogas_council_person p;
                ogas_council_person_get(r, mem[k], &p);
                b[k].voter = p.id;
                b[k].candidate = cand.id;
                b[k].file = NULL;
                b[k].line = 0;
            }
            before = text_of(r, &blen);
            ogas_error_clear(&err);
            rc = ogas_council_elect(r, &s, x.id, b, n, 0.5, &err);
            after(r, rc, &err, before, blen, "elect");
            free(before);
        }
        for (int64_t k = 0; k < x.seats && nsigners > 0; k++) {
            ogas_council_seat st;
            ogas_council_person d;
            if (ogas_council_seat_get(r, c, k, &st) || st.holder < 0) continue;
            ogas_council_person_get(r, st.holder, &d);
            before = text_of(r, &blen);
            ogas_error_clear(&err);
            rc = ogas_council_recall(r, &s, x.id, d.id, signers, nsigners, 0.5, &err);
            after(r, rc, &err, before, blen, "recall from a signatures file");
            free(before);
            break;
        }
        for (int64_t k = 0; k < x.seats; k++) {
            ogas_council_seat st;
            ogas_council_person d;
            int64_t m;
            if (ogas_council_seat_get(r, c, k, &st) || st.holder < 0) continue;
            ogas_council_person_get(r, st.holder, &d);
            m = ogas_council_mandate(r, c, k, mem);
            n = 0;
            for (int64_t j = 0; j < m; j++)
                if (ogas_council_is_member(r, c, mem[j])) {
                    ogas_council_person p;
                    ogas_council_person_get(r, mem[j], &p);
                    g[n].member = p.id;
                    g[n].file = NULL;
                    g[n++].line = 0;
                }
            before = text_of(r, &blen);
            ogas_error_clear(&err);
            rc = ogas_council_recall(r, &s, x.id, d.id, g, n, 0.5, &err);
            if (rc == OGAS_OK && n == 0) fuzz_fail("a recall without signatures was accepted");
            if (rc != OGAS_OK && n > 0) fuzz_fail("a recall signed by every giver of the mandate was refused: %s", err.message);
            after(r, rc, &err, before, blen, "recall");
            free(before);
            break;
        }
        free(mem);
        free(b);
        free(g);
    }
    ogas_council_registry_destroy(r);
done:
    ogas_free(ballots);
    ogas_free(signers);
    return 0;
}
