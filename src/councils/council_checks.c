/* council_checks.c: the rules of the council registry: whether an event may happen in the state the
 * registry is in (reg_check). Nothing here changes the state, but for the scratch marks; the same
 * checks run for an action of the API and for each line of a registry file being replayed, so a file
 * replays only if each of its events could have been made by the API.
 *
 * The rules, by action (docs/councils.md):
 *   create  a new id; a name; a parent that exists and has no members of its own (or none, and then no
 *           seats); 1..OGAS_COUNCIL_SEATS_MAX seats.
 *   join    a council without child councils; a new person with a name, or a registered one under the
 *           registered name; not a member already.
 *   leave   a council without child councils; a current member.
 *   elect   a council with a parent and a vacant seat; the mandate exactly its members, by id; voters
 *           members, by id, more than quorum of the members; the tally of members who hold no seat in
 *           the parent, by votes then id, at most one vote a voter; no tie for the last seat filled;
 *           the elected the first of the tally.
 *   recall  a delegate of the council; the signers members who gave the mandate, by id, more than
 *           share of the mandate's givers still members.
 *   vacate  (the registry's) a delegate who is no longer a member of the council.
 *   due     (the registry's) the council's count of vacant seats. */
#include <stdio.h>
#include <string.h>

#include "council_internal.h"

/* buf (48 bytes) := s[0..n) for a message: at most 40 bytes (cut at a character boundary, "..."
 * added), control bytes as '?'. */
static const char *shown_n(const char *s, size_t n, char *buf)
{
    size_t k;
    int cut = n > 40;
    if (cut) {
        n = 40;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    for (k = 0; k < n; k++) buf[k] = (unsigned char)s[k] < 0x20 || s[k] == 0x7f ? '?' : s[k];
    if (cut) memcpy(buf + k, "...", 3), k += 3;
    buf[k] = '\0';
    return buf;
}

/* buf := the NUL-terminated s for a message (see shown_n). */
static const char *shown(const char *s, char *buf)
{
    return shown_n(s, strlen(s), buf);
}

/* Byte order of a[0..la) and b[0..lb). */
static int idcmp(const char *a, size_t la, const char *b, size_t lb)
{
    int c = memcmp(a, b, la < lb ? la : lb);
    return c ? c : (la > lb) - (la < lb);
}

/* Iterator over a comma list ("" has no items; "a," has two, the second empty). */
typedef struct list_it {
    const char *s;
    int done;
} list_it;

/* it := at the first item of the comma list s. */
static void list_begin(list_it *it, const char *s)
{
    it->s = s;
    it->done = *s == '\0';
}

/* *item, *len := the next item of the list; 0 when there is none. */
static int list_next(list_it *it, const char **item, size_t *len)
{
    const char *e;
    if (it->done) return 0;
    e = strchr(it->s, ',');
    if (!e) {
        e = it->s + strlen(it->s);
        it->done = 1;
    }
    *item = it->s;
    *len = (size_t)(e - it->s);
    if (!it->done) it->s = e + 1;
    return 1;
}

/* Number of items of the comma list s. */
static int64_t list_count(const char *s)
{
    int64_t n = *s ? 1 : 0;
    for (; *s; s++) n += *s == ',';
    return n;
}

/* 1 if s is a name: text of 1..OGAS_COUNCIL_NAME_MAX bytes, not only blanks. */
static int name_ok(const char *s)
{
    size_t n = strlen(s);
    if (!reg_text_ok(s, n, OGAS_COUNCIL_NAME_MAX)) return 0;
    for (size_t k = 0; k < n; k++)
        if (s[k] != ' ') return 1;
    return 0;
}

#define REFUSE(arg, code, ...)                                                                                 \
    do {                                                                                                       \
        *blame = (arg);                                                                                        \
        rc = ogas_error_set(err, code, __VA_ARGS__);                                                           \
        goto done;                                                                                             \
    } while (0)

/* *out := the council named s (argument arg), or a refusal. */
static ogas_status council_arg(const ogas_council_registry *r, const char *s, int arg, int64_t *out, int *blame,
                               ogas_error *err)
{
    char b[48];
    *out = reg_council_find_n(r, s, strlen(s));
    if (*out >= 0) return OGAS_OK;
    *blame = arg;
    if (!reg_id_ok(s, strlen(s)))
        return ogas_error_set(err, OGAS_EARG, "'%s' is not a council id (1 to %d letters, digits, '_', '.', '-')",
                              shown(s, b), OGAS_COUNCIL_ID_MAX);
    return ogas_error_set(err, OGAS_ENOTFOUND, "no council '%s'", s);
}

/* *out := the person s[0..len) (argument arg; what names them in messages), or a refusal. */
static ogas_status person_arg(const ogas_council_registry *r, const char *s, size_t len, const char *what, int arg,
                              int64_t *out, int *blame, ogas_error *err)
{
    char b[48], t[OGAS_COUNCIL_ID_MAX + 1];
    *out = reg_person_find_n(r, s, len);
    if (*out >= 0) return OGAS_OK;
    *blame = arg;
    if (!reg_id_ok(s, len))
        return ogas_error_set(err, OGAS_EARG, "%s: '%s' is not a member id (1 to %d letters, digits, '_', '.', '-')",
                              what, shown_n(s, len, b), OGAS_COUNCIL_ID_MAX);
    memcpy(t, s, len);
    t[len] = '\0';
    return ogas_error_set(err, OGAS_ENOTFOUND, "%s: no member '%s'", what, t);
}

/* Person index of the list item s[0..len) that must be a member of council c, or a refusal. */
static ogas_status member_item(const ogas_council_registry *r, int64_t c, const char *s, size_t len, const char *what,
                               ogas_status code, int arg, int64_t *out, int *blame, ogas_error *err)
{
    ogas_status rc = person_arg(r, s, len, what, arg, out, blame, err);
    if (rc) return rc;
    if (!reg_is_member(r, c, *out)) {
        *blame = arg;
        return ogas_error_set(err, code, "%s: %s is not a member of %s", what, r->p[*out].id, r->c[c].id);
    }
    return OGAS_OK;
}

/* Checks the ids of a comma list are in increasing byte order, each once. */
static int in_order(const char *prev, size_t lp, const char *s, size_t ls)
{
    return !prev || idcmp(prev, lp, s, ls) < 0;
}

/* create council;name;parent;seats. */
static ogas_status check_create(ogas_council_registry *r, const reg_event *ev, reg_plan *plan, int *blame,
                                ogas_error *err)
{
    const char *const *a = ev->args;
    int64_t k, parent = -1, seats;
    char b[48];
    ogas_status rc = OGAS_OK;
    if (!reg_id_ok(a[0], strlen(a[0])))
        REFUSE(0, OGAS_EARG, "'%s' is not a council id (1 to %d letters, digits, '_', '.', '-')", shown(a[0], b),
               OGAS_COUNCIL_ID_MAX);
    if ((k = reg_council_find_n(r, a[0], strlen(a[0]))) >= 0)
        REFUSE(0, OGAS_EARG, "council %s exists already (event %lld)", a[0], (long long)r->c[k].created);
    if (!name_ok(a[1]))
        REFUSE(1, OGAS_EARG, "a council's name must be 1 to %d bytes of text without control characters",
               OGAS_COUNCIL_NAME_MAX);
    if (a[2][0]) {
        if ((rc = council_arg(r, a[2], 2, &parent, blame, err))) goto done;
        if (r->c[parent].nchildren == 0 && r->c[parent].members > 0)
            REFUSE(2, OGAS_EFORBIDDEN,
                   "council %s has members of its own (%lld): a council with child councils is made of their "
                   "delegates",
                   a[2], (long long)r->c[parent].members);
        if (!reg_count_ok(a[3], strlen(a[3]), OGAS_COUNCIL_SEATS_MAX, &seats) || seats < 1)
            REFUSE(3, OGAS_EARG, "a council sends 1 to %d seats to its parent, not '%s'", OGAS_COUNCIL_SEATS_MAX,
                   shown(a[3], b));
    } else if (strcmp(a[3], "0") != 0) {
        REFUSE(3, OGAS_EARG, "a top council (no parent) sends no seats: seats must be 0, not '%s'", shown(a[3], b));
    }
    plan->c = r->nc;
done:
    return rc;
}

/* join council;member;name. */
static ogas_status check_join(ogas_council_registry *r, const reg_event *ev, reg_plan *plan, int *blame,
                              ogas_error *err)
{
    const char *const *a = ev->args;
    int64_t c, p;
    char b[48], b2[48];
    ogas_status rc;
    if ((rc = council_arg(r, a[0], 0, &c, blame, err))) goto done;
    if (r->c[c].nchildren > 0)
        REFUSE(0, OGAS_EFORBIDDEN, "council %s has child councils: its members are their delegates, not added by hand",
               a[0]);
    if (!reg_id_ok(a[1], strlen(a[1])))
        REFUSE(1, OGAS_EARG, "'%s' is not a member id (1 to %d letters, digits, '_', '.', '-')", shown(a[1], b),
               OGAS_COUNCIL_ID_MAX);
    if (strcmp(a[1], "registry") == 0) REFUSE(1, OGAS_EARG, "the id 'registry' is kept for the registry's own events");
    p = reg_person_find_n(r, a[1], strlen(a[1]));
    if (p >= 0) {
        if (strcmp(a[2], r->p[p].name) != 0)
            REFUSE(2, OGAS_EARG, "member %s is registered as '%s', not '%s'", a[1], shown(r->p[p].name, b),
                   shown(a[2], b2));
        if (reg_is_member(r, c, p)) REFUSE(1, OGAS_EARG, "%s is already a member of %s", a[1], a[0]);
    } else {
        if (!name_ok(a[2]))
            REFUSE(2, OGAS_EARG, "a new member's name must be 1 to %d bytes of text without control characters",
                   OGAS_COUNCIL_NAME_MAX);
        plan->new_person = 1;
        p = r->np;
    }
    plan->c = c;
    plan->p = p;
done:
    return rc;
}

/* leave council;member. */
static ogas_status check_leave(ogas_council_registry *r, const reg_event *ev, reg_plan *plan, int *blame,
                               ogas_error *err)
{
    const char *const *a = ev->args;
    int64_t c, p;
    ogas_status rc;
    if ((rc = council_arg(r, a[0], 0, &c, blame, err))) goto done;
    if (r->c[c].nchildren > 0)
        REFUSE(0, OGAS_EFORBIDDEN, "council %s has child councils: its members are their delegates (recall one instead)",
               a[0]);
    if ((rc = person_arg(r, a[1], strlen(a[1]), "member", 1, &p, blame, err))) goto done;
    if (!reg_is_member(r, c, p)) REFUSE(1, OGAS_EARG, "%s is not a member of %s", a[1], a[0]);
    plan->c = c;
    plan->p = p;
done:
    return rc;
}

/* buf := "A, B and C" from the ids of the people in q[0..n) (shortened after 8). */
static void name_list(const ogas_council_registry *r, const int64_t *q, int64_t n, char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = '\0';
    for (int64_t j = 0; j < n && k + 80 < size; j++) {
        if (j == 8 && n > 9) {
            snprintf(buf + k, size - k, " and %lld others", (long long)(n - 8));
            return;
        }
        k += (size_t)snprintf(buf + k, size - k, "%s%s", j == 0 ? "" : j == n - 1 ? " and " : ", ", r->p[q[j]].id);
    }
}

/* elect council;elected;tally;voters;mandate;quorum: plan := the elected, in order, and the mandate. */
static ogas_status check_elect(ogas_council_registry *r, const reg_event *ev, reg_plan *plan, int *blame,
                               ogas_error *err)
{
    const char *const *a = ev->args;
    const char *s, *prev = NULL;
    size_t len, lp = 0;
    int64_t c, par, nv = 0, nt = 0, sum = 0, v, win, cap, *cand = NULL, *votes = NULL, gen;
    double quorum;
    char b[48], q[40], names[600];
    list_it it;
    ogas_status rc = OGAS_OK;
    const reg_council *x;

    if ((rc = council_arg(r, a[0], 0, &c, blame, err))) goto done;
    x = &r->c[c];
    par = x->parent;
    if (par < 0) REFUSE(0, OGAS_EARG, "council %s is a top council: it sends no delegates", a[0]);
    if (x->vacant == 0)
        REFUSE(0, OGAS_EFORBIDDEN, "council %s has no vacant seat in %s (%lld held)", a[0], r->c[par].id,
               (long long)x->seats);
    if (!reg_share_ok(a[5], &quorum))
        REFUSE(5, OGAS_EARG, "the quorum must be a number from 0 to below 1, not '%s'", shown(a[5], b));
    snprintf(q, sizeof q, "%s", a[5]);
    /* the mandate: exactly the members, in order of id */
    if (list_count(a[4]) != x->members)
        REFUSE(4, OGAS_EARG, "the mandate names %lld members; %s has %lld", (long long)list_count(a[4]), a[0],
               (long long)x->members);
    plan->mandate = ogas_mallocarray((size_t)x->members + 1, sizeof *plan->mandate);
    if (!plan->mandate) REFUSE(-1, OGAS_ENOMEM, "out of memory for an election");
    for (list_begin(&it, a[4]); list_next(&it, &s, &len); prev = s, lp = len) {
        int64_t p;
        if ((rc = member_item(r, c, s, len, "mandate", OGAS_EARG, 4, &p, blame, err))) goto done;
        if (!in_order(prev, lp, s, len)) REFUSE(4, OGAS_EARG, "the mandate must list members in order of id, each once");
        plan->mandate[plan->nmandate++] = p;
    }
    /* the voters: members, in order of id, enough of them */
    prev = NULL;
    for (list_begin(&it, a[3]); list_next(&it, &s, &len); prev = s, lp = len, nv++) {
        int64_t p;
        if ((rc = member_item(r, c, s, len, "voter", OGAS_EFORBIDDEN, 3, &p, blame, err))) goto done;
        if (!in_order(prev, lp, s, len)) REFUSE(3, OGAS_EARG, "the voters must be listed in order of id, each once");
    }
    if (nv < ogas_council_needed(x->members, quorum))
        REFUSE(3, OGAS_EFORBIDDEN, "no quorum: %lld of the %lld members of %s voted; at least %lld must (more than %s of them)",
               (long long)nv, (long long)x->members, a[0], (long long)ogas_council_needed(x->members, quorum), q);
    /* the tally: id=votes, most votes first, then by id */
    cap = list_count(a[2]);
    cand = ogas_mallocarray((size_t)cap + 1, sizeof *cand);
    votes = ogas_mallocarray((size_t)cap + 1, sizeof *votes);
    if (!cand || !votes) REFUSE(-1, OGAS_ENOMEM, "out of memory for an election");
    gen = reg_new_gen(r);
    for (list_begin(&it, a[2]); list_next(&it, &s, &len); nt++) {
        const char *eq = memchr(s, '=', len);
        int64_t p;
        if (!eq || !reg_count_ok(eq + 1, len - (size_t)(eq + 1 - s), nv, &v) || v < 1)
            REFUSE(2, OGAS_EARG, "the tally lists candidate=votes with 1 to %lld votes, not '%s'", (long long)nv,
                   shown_n(s, len, b));
        if ((rc = member_item(r, c, s, (size_t)(eq - s), "candidate", OGAS_EFORBIDDEN, 2, &p, blame, err))) goto done;
        if (reg_is_member(r, par, p)) {
            if (reg_seat_of(r, c, p) >= 0) REFUSE(2, OGAS_EFORBIDDEN, "%s is already a delegate of %s", r->p[p].id, a[0]);
            REFUSE(2, OGAS_EFORBIDDEN, "%s cannot be elected: %s already sits in %s for another council", r->p[p].id,
                   r->p[p].id, r->c[par].id);
        }
        if (r->mark[p] == gen) REFUSE(2, OGAS_EARG, "the tally lists %s twice", r->p[p].id);
        r->mark[p] = gen;
        if (nt > 0 && (votes[nt - 1] < v || (votes[nt - 1] == v && idcmp(r->p[cand[nt - 1]].id,
                                                                           strlen(r->p[cand[nt - 1]].id), s,
                                                                           (size_t)(eq - s)) > 0)))
            REFUSE(2, OGAS_EARG, "the tally must list candidates by votes, most first, then in order of id");
        cand[nt] = p;
        votes[nt] = v;
        sum += v;
    }
    if (sum > nv) REFUSE(2, OGAS_EARG, "the tally counts %lld votes; %lld members voted", (long long)sum, (long long)nv);
    if (nt == 0) REFUSE(2, OGAS_EFORBIDDEN, "no candidate got a vote");
    win = nt < x->vacant ? nt : x->vacant;
    if (nt > win && votes[win - 1] == votes[win]) {
        int64_t first = win - 1, last = win;
        while (first > 0 && votes[first - 1] == votes[win]) first--;
        while (last + 1 < nt && votes[last + 1] == votes[win]) last++;
        name_list(r, cand + first, last - first + 1, names, sizeof names);
        if (win - first == 1) REFUSE(2, OGAS_EFORBIDDEN, "tie between %s for the last seat; vote again", names);
        REFUSE(2, OGAS_EFORBIDDEN, "tie between %s for the last %lld seats; vote again", names, (long long)(win - first));
    }
    /* the elected: the first win of the tally */
    {
        int64_t j = 0;
        for (list_begin(&it, a[1]); list_next(&it, &s, &len); j++)
            if (j >= win || strlen(r->p[cand[j]].id) != len || memcmp(r->p[cand[j]].id, s, len) != 0) break;
        if (j != win || list_count(a[1]) != win) {
            name_list(r, cand, win, names, sizeof names);
            REFUSE(1, OGAS_EARG, "the tally elects %s, not '%s'", names, shown(a[1], b));
        }
    }
    plan->c = c;
    plan->elected = cand;
    plan->nelected = win;
    cand = NULL;
done:
    ogas_free(cand);
    ogas_free(votes);
    return rc;
}

/* recall council;delegate;signers;share: plan := the seat. */
static ogas_status check_recall(ogas_council_registry *r, const reg_event *ev, reg_plan *plan, int *blame,
                                ogas_error *err)
{
    const char *const *a = ev->args;
    const char *s, *prev = NULL;
    size_t len, lp = 0;
    int64_t c, p, seat, gen, eligible = 0, nsig = 0, need;
    const reg_election *e;
    double share;
    char b[48];
    list_it it;
    ogas_status rc;

    if ((rc = council_arg(r, a[0], 0, &c, blame, err))) goto done;
    if (r->c[c].parent < 0) REFUSE(0, OGAS_EARG, "council %s is a top council: it has no delegates to recall", a[0]);
    if ((rc = person_arg(r, a[1], strlen(a[1]), "delegate", 1, &p, blame, err))) goto done;
    if ((seat = reg_seat_of(r, c, p)) < 0) REFUSE(1, OGAS_EARG, "%s is not a delegate of %s", a[1], a[0]);
    if (!reg_share_ok(a[3], &share))
        REFUSE(3, OGAS_EARG, "the share must be a number from 0 to below 1, not '%s'", shown(a[3], b));
    e = &r->elect[r->seat[seat].election];
    gen = reg_new_gen(r);
    for (int64_t k = e->m0; k < e->m0 + e->n; k++) {
        r->mark[r->pool[k]] = gen;
        eligible += reg_is_member(r, c, r->pool[k]);
    }
    for (list_begin(&it, a[2]); list_next(&it, &s, &len); prev = s, lp = len, nsig++) {
        int64_t q;
        if ((rc = member_item(r, c, s, len, "signer", OGAS_EFORBIDDEN, 2, &q, blame, err))) goto done;
        if (r->mark[q] != gen)
            REFUSE(2, OGAS_EFORBIDDEN, "signer %s did not give %s's mandate (%s joined %s after the election, event %lld)",
                   r->p[q].id, a[1], r->p[q].id, a[0], (long long)e->seq);
        if (!in_order(prev, lp, s, len)) REFUSE(2, OGAS_EARG, "the signers must be listed in order of id, each once");
    }
    need = ogas_council_needed(eligible, share);
    if (nsig < need)
        REFUSE(2, OGAS_EFORBIDDEN,
               "not enough signatures to recall %s: %lld of the %lld members of %s who gave the mandate signed; %lld "
               "are needed (more than %s of them)",
               a[1], (long long)nsig, (long long)eligible, a[0], (long long)need, a[3]);
    plan->c = c;
    plan->p = p;
    plan->seat = seat;
done:
    return rc;
}

/* vacate council;delegate;cause (the registry's): plan := the seat. */
static ogas_status check_vacate(ogas_council_registry *r, const reg_event *ev, reg_plan *plan, int *blame,
                                ogas_error *err)
{
    const char *const *a = ev->args;
    int64_t c, p, seat, cause;
    ogas_status rc;
    if ((rc = council_arg(r, a[0], 0, &c, blame, err))) goto done;
    if (r->c[c].parent < 0) REFUSE(0, OGAS_EARG, "council %s is a top council: it has no seats to vacate", a[0]);
    if ((rc = person_arg(r, a[1], strlen(a[1]), "delegate", 1, &p, blame, err))) goto done;
    if ((seat = reg_seat_of(r, c, p)) < 0) REFUSE(1, OGAS_EARG, "%s is not a delegate of %s", a[1], a[0]);
    if (reg_is_member(r, c, p))
        REFUSE(1, OGAS_EARG, "%s is still a member of %s: the seat of a member is vacated by a recall", a[1], a[0]);
    if (!reg_count_ok(a[2], strlen(a[2]), ev->seq - 1, &cause) || cause < 1)
        REFUSE(2, OGAS_EARG, "the cause must be the seq of an earlier event");
    plan->c = c;
    plan->p = p;
    plan->seat = seat;
done:
    return rc;
}

/* due council;vacant;cause (the registry's). */
static ogas_status check_due(ogas_council_registry *r, const reg_event *ev, reg_plan *plan, int *blame,
                             ogas_error *err)
{
    const char *const *a = ev->args;
    int64_t c, v, cause;
    ogas_status rc;
    if ((rc = council_arg(r, a[0], 0, &c, blame, err))) goto done;
    if (r->c[c].parent < 0) REFUSE(0, OGAS_EARG, "council %s is a top council: it elects no delegates", a[0]);
    if (!reg_count_ok(a[1], strlen(a[1]), OGAS_COUNCIL_SEATS_MAX, &v) || v != r->c[c].vacant || v < 1)
        REFUSE(1, OGAS_EARG, "%s has %lld vacant seats", a[0], (long long)r->c[c].vacant);
    if (!reg_count_ok(a[2], strlen(a[2]), ev->seq - 1, &cause) || cause < 1)
        REFUSE(2, OGAS_EARG, "the cause must be the seq of an earlier event");
    plan->c = c;
done:
    return rc;
}

/* Checks ev against the state. */
ogas_status reg_check(ogas_council_registry *r, const reg_event *ev, reg_plan *plan, int *blame, ogas_error *err)
{
    ogas_status rc;
    memset(plan, 0, sizeof *plan);
    plan->c = plan->p = plan->seat = -1;
    *blame = -1;
    switch (ev->action) {
    case REG_CREATE: rc = check_create(r, ev, plan, blame, err); break;
    case REG_JOIN: rc = check_join(r, ev, plan, blame, err); break;
    case REG_LEAVE: rc = check_leave(r, ev, plan, blame, err); break;
    case REG_ELECT: rc = check_elect(r, ev, plan, blame, err); break;
    case REG_RECALL: rc = check_recall(r, ev, plan, blame, err); break;
    case REG_VACATE: rc = check_vacate(r, ev, plan, blame, err); break;
    case REG_DUE: rc = check_due(r, ev, plan, blame, err); break;
    default: rc = ogas_error_set(err, OGAS_EINTERNAL, "unknown council action %d", ev->action);
    }
    if (rc) reg_plan_free(plan);
    return rc;
}

