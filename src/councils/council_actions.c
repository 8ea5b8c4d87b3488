/* council_actions.c: the actions of the council registry's API. Each builds its event from its
 * arguments (an election counts the ballots into voters, tally and mandate; a recall sorts the
 * signatures) and hands it to reg_append, which checks it as a replay would and applies it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "council_internal.h"
#include "ogas/formats.h"

/* Checks the stamp of an event a person asks for: the time (well-formed, not before the last event's),
 * who (an id other than "registry") and why. *field := 1 (time), 2 (who) or -2 (why) on refusal. */
ogas_status reg_check_stamp(const ogas_council_registry *r, const char *time, const char *who, const char *why,
                            int *field, ogas_error *err)
{
    *field = 1;
    if (!time || !reg_time_ok(time, strlen(time)))
        return ogas_error_set(err, OGAS_EARG, "the time must be UTC, written YYYY-MM-DDTHH:MM:SSZ (a real date)");
    if (r->nev > 0 && strcmp(time, r->ev[r->nev - 1]->time) < 0)
        return ogas_error_set(err, OGAS_EARG, "the time %s is before the last event's (%s, event %lld)", time,
                              r->ev[r->nev - 1]->time, (long long)r->nev);
    *field = 2;
    if (!who || !reg_id_ok(who, strlen(who)))
        return ogas_error_set(err, OGAS_EARG, "who must be an id (1 to %d letters, digits, '_', '.', '-')",
                              OGAS_COUNCIL_ID_MAX);
    if (strcmp(who, "registry") == 0)
        return ogas_error_set(err, OGAS_EARG, "'registry' is who only for the registry's own events");
    *field = -2;
    if (why && !reg_text_ok(why, strlen(why), OGAS_COUNCIL_WHY_MAX))
        return ogas_error_set(err, OGAS_EARG, "the reason must be at most %d bytes of text without control characters",
                              OGAS_COUNCIL_WHY_MAX);
    return OGAS_OK;
}

/* Appends the event (action, args) stamped with s, and what follows from it. */
static ogas_status act(ogas_council_registry *r, const ogas_council_stamp *s, int action, const char *const *args,
                       ogas_error *err)
{
    reg_event *ev;
    int field;
    ogas_status rc;
    if (!r || !s) return ogas_error_set(err, OGAS_EARG, "no registry or no stamp");
    for (int k = 0; k < reg_action_nargs(action); k++)
        if (!args[k]) return ogas_error_set(err, OGAS_EARG, "missing %s", ogas_council_arg_name(reg_action_name(action), k));
    if ((rc = reg_check_stamp(r, s->time, s->who, s->why, &field, err))) return rc;
    ev = reg_event_new(r->nev + 1, action, s->time, s->who, s->why, args);
    if (!ev) return ogas_error_set(err, OGAS_ENOMEM, "out of memory for an event");
    return reg_append(r, ev, err);
}

/* A new council. */
ogas_status ogas_council_create(ogas_council_registry *r, const ogas_council_stamp *s, const char *id,
                                const char *name, const char *parent, int64_t seats, ogas_error *err)
{
    char num[24];
    const char *args[4];
    snprintf(num, sizeof num, "%lld", (long long)seats);
    args[0] = id;
    args[1] = name;
    args[2] = parent ? parent : "";
    args[3] = num;
    return act(r, s, REG_CREATE, args, err);
}

/* member joins council. */
ogas_status ogas_council_add_member(ogas_council_registry *r, const ogas_council_stamp *s, const char *council,
                                    const char *member, const char *name, ogas_error *err)
{
    const char *args[3] = {council, member, name ? name : ""};
    int64_t p = r && member ? ogas_council_person_find(r, member) : -1;
    if (p >= 0 && (!name || !*name)) args[2] = r->p[p].name;
    return act(r, s, REG_JOIN, args, err);
}

/* member leaves council. */
ogas_status ogas_council_remove_member(ogas_council_registry *r, const ogas_council_stamp *s, const char *council,
                                       const char *member, ogas_error *err)
{
    const char *args[2] = {council, member};
    return act(r, s, REG_LEAVE, args, err);
}

/* qsort order of ids: byte order. */
static int cmp_id(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef struct tally_entry {
    const char *id;
    int64_t votes;
} tally_entry;

/* qsort order of a tally: most votes first, then by id. */
static int cmp_tally(const void *a, const void *b)
{
    const tally_entry *x = a, *y = b;
    if (x->votes != y->votes) return x->votes > y->votes ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* *out := ids[0..n) joined by ',' (with "=votes" after each when votes is non-NULL); NULL on out of memory. */
static char *join_ids(const char *const *ids, const int64_t *votes, int64_t n)
{
    size_t size = 1;
    char *s, *t;
    for (int64_t k = 0; k < n; k++) size += strlen(ids[k]) + 22;
    s = t = ogas_malloc(size);
    if (!s) return NULL;
    *t = '\0';
    for (int64_t k = 0; k < n; k++) {
        if (votes) t += snprintf(t, size - (size_t)(t - s), "%s%s=%lld", k ? "," : "", ids[k], (long long)votes[k]);
        else t += snprintf(t, size - (size_t)(t - s), "%s%s", k ? "," : "", ids[k]);
    }
    return s;
}

/* A refusal about an item read from file:line (or not from a file). */
static ogas_status refuse_at(ogas_error *err, ogas_status code, const char *file, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static ogas_status refuse_at(ogas_error *err, ogas_status code, const char *file, long line, const char *fmt, ...)
{
    int at = file && line > 0;
    va_list ap;
    va_start(ap, fmt);
    ogas_error_vat(err, code, at ? file : NULL, at ? line : 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

/* The person called id who must be a member of c, or a refusal naming the ballot or signature. */
static ogas_status member_at(const ogas_council_registry *r, int64_t c, const char *id, const char *what,
                             const char *file, long line, int64_t *p, ogas_error *err)
{
    *p = id ? ogas_council_person_find(r, id) : -1;
    if (*p < 0) {
        if (!id || !reg_id_ok(id, strlen(id)))
            return refuse_at(err, OGAS_EARG, file, line, "%s: '%.40s' is not a member id", what, id ? id : "");
        return refuse_at(err, OGAS_ENOTFOUND, file, line, "%s: no member '%s'", what, id);
    }
    if (!reg_is_member(r, c, *p))
        return refuse_at(err, OGAS_EFORBIDDEN, file, line, "%s: %s is not a member of %s", what, id, r->c[c].id);
    return OGAS_OK;
}

/* Counts the ballots into an elect event. */
ogas_status ogas_council_elect(ogas_council_registry *r, const ogas_council_stamp *s, const char *council,
                               const ogas_council_ballot *ballots, int64_t n, double quorum, ogas_error *err)
{
    int64_t c, nv = 0, nc = 0, nt = 0, nm, win, gen;
    const char **voters = NULL, **cands = NULL, **mandate = NULL, **elected = NULL;
    int64_t *votes = NULL, *members = NULL;
    tally_entry *tally = NULL;
    char *sv = NULL, *st = NULL, *sm = NULL, *se = NULL, q[32];
    ogas_status rc = OGAS_OK;

    if (!r || !council) return ogas_error_set(err, OGAS_EARG, "no registry or no council");
    if ((c = ogas_council_find(r, council)) < 0) {
        if (!reg_id_ok(council, strlen(council))) return ogas_error_set(err, OGAS_EARG, "'%s' is not a council id", council);
        return ogas_error_set(err, OGAS_ENOTFOUND, "no council '%s'", council);
    }
    if (n < 0 || (n > 0 && !ballots)) return ogas_error_set(err, OGAS_EARG, "no ballots");
    if (!(quorum >= 0 && quorum < 1)) return ogas_error_set(err, OGAS_EARG, "the quorum must be from 0 to below 1");
    nm = r->c[c].members;
    voters = ogas_mallocarray((size_t)n + 1, sizeof *voters);
    cands = ogas_mallocarray((size_t)n + 1, sizeof *cands);
    tally = ogas_mallocarray((size_t)n + 1, sizeof *tally);
    votes = ogas_mallocarray((size_t)n + 1, sizeof *votes);
    elected = ogas_mallocarray((size_t)n + 1, sizeof *elected);
    mandate = ogas_mallocarray((size_t)nm + 1, sizeof *mandate);
    members = ogas_mallocarray((size_t)nm + 1, sizeof *members);
    if (!voters || !cands || !tally || !votes || !elected || !mandate || !members) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for an election");
        goto done;
    }
    /* every voter a member, once; every candidate a member */
    gen = reg_new_gen(r);
    for (int64_t k = 0; k < n; k++) {
        const ogas_council_ballot *b = &ballots[k];
        int64_t p;
        if ((rc = member_at(r, c, b->voter, "voter", b->file, b->line, &p, err))) goto done;
        if (r->mark[p] == gen) {
            rc = refuse_at(err, OGAS_EARG, b->file, b->line, "%s votes twice", b->voter);
            goto done;
        }
        r->mark[p] = gen;
        voters[nv++] = r->p[p].id;
        if (b->candidate && *b->candidate) {
            if ((rc = member_at(r, c, b->candidate, "candidate", b->file, b->line, &p, err))) goto done;
            cands[nc++] = r->p[p].id;
        }
    }
    qsort(voters, (size_t)nv, sizeof *voters, cmp_id);
    qsort(cands, (size_t)nc, sizeof *cands, cmp_id);
    for (int64_t k = 0; k < nc; k++) {
        if (nt > 0 && strcmp(tally[nt - 1].id, cands[k]) == 0) {
            tally[nt - 1].votes++;
        } else {
            tally[nt].id = cands[k];
            tally[nt++].votes = 1;
        }
    }
    qsort(tally, (size_t)nt, sizeof *tally, cmp_tally);
    for (int64_t k = 0; k < nt; k++) {
        cands[k] = tally[k].id;
        votes[k] = tally[k].votes;
    }
    win = nt < r->c[c].vacant ? nt : r->c[c].vacant;
    for (int64_t k = 0; k < win; k++) elected[k] = tally[k].id;
    ogas_council_members(r, c, members);
    for (int64_t k = 0; k < nm; k++) mandate[k] = r->p[members[k]].id;
    qsort(mandate, (size_t)nm, sizeof *mandate, cmp_id);
    sv = join_ids(voters, NULL, nv);
    st = join_ids(cands, votes, nt);
    sm = join_ids(mandate, NULL, nm);
    se = join_ids(elected, NULL, win);
    if (!sv || !st || !sm || !se) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for an election");
        goto done;
    }
    ogas_format_double(q, quorum == 0 ? 0.0 : quorum);
    {
        const char *args[6] = {council, se, st, sv, sm, q};
        rc = act(r, s, REG_ELECT, args, err);
    }
done:
    ogas_free(voters);
    ogas_free(cands);
    ogas_free(tally);
    ogas_free(votes);
    ogas_free(elected);
    ogas_free(mandate);
    ogas_free(members);
    ogas_free(sv);
    ogas_free(st);
    ogas_free(sm);
    ogas_free(se);
    return rc;
}

/* Checks the signatures and appends a recall event. */
ogas_status ogas_council_recall(ogas_council_registry *r, const ogas_council_stamp *s, const char *council,
                                const char *delegate, const ogas_council_signature *signers, int64_t n, double share,
                                ogas_error *err)
{
    int64_t c, p, seat, gen, e = -1, ns = 0;
    const char **ids = NULL;
    char *list = NULL, q[32];
    ogas_status rc = OGAS_OK;

    if (!r || !council || !delegate) return ogas_error_set(err, OGAS_EARG, "no registry, council or delegate");
    if (n < 0 || (n > 0 && !signers)) return ogas_error_set(err, OGAS_EARG, "no signatures");
    if (!(share >= 0 && share < 1)) return ogas_error_set(err, OGAS_EARG, "the share must be from 0 to below 1");
    c = ogas_council_find(r, council);
    p = ogas_council_person_find(r, delegate);
    seat = c >= 0 && p >= 0 ? reg_seat_of(r, c, p) : -1;
    if (seat >= 0) e = r->seat[seat].election;
    ids = ogas_mallocarray((size_t)n + 1, sizeof *ids);
    if (!ids) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for a recall");
        goto done;
    }
    if (e >= 0) {
        /* (otherwise the recall event is refused below, saying what is wrong with council or delegate) */
        int64_t m0 = r->elect[e].m0, m1 = m0 + r->elect[e].n, mark;
        gen = reg_new_gen(r);
        for (int64_t k = m0; k < m1; k++) r->mark[r->pool[k]] = gen;
        mark = reg_new_gen(r);
        for (int64_t k = 0; k < n; k++) {
            const ogas_council_signature *g = &signers[k];
            int64_t x;
            if ((rc = member_at(r, c, g->member, "signer", g->file, g->line, &x, err))) goto done;
            if (r->mark[x] == mark) {
                rc = refuse_at(err, OGAS_EARG, g->file, g->line, "%s signs twice", g->member);
                goto done;
            }
            if (r->mark[x] != gen) {
                rc = refuse_at(err, OGAS_EFORBIDDEN, g->file, g->line,
                               "%s did not give %s's mandate (elected in event %lld; %s joined %s later)", g->member,
                               delegate, (long long)r->elect[e].seq, g->member, council);
                goto done;
            }
            r->mark[x] = mark;
            ids[ns++] = r->p[x].id;
        }
    }
    qsort(ids, (size_t)ns, sizeof *ids, cmp_id);
    if (!(list = join_ids(ids, NULL, ns))) {
        rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for a recall");
        goto done;
    }
    ogas_format_double(q, share == 0 ? 0.0 : share);
    {
        const char *args[4] = {council, delegate, list, q};
        rc = act(r, s, REG_RECALL, args, err);
    }
done:
    ogas_free(ids);
    ogas_free(list);
    return rc;
}
