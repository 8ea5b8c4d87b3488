/* council_events.c: the events of the council registry: the table of actions, making an event, the
 * registry's events that follow from one, and applying it.
 *
 * Every change, whether an action of the API or a line of a registry file being replayed, goes
 * through the same three steps: reg_check (council_checks.c: the rules; nothing changes), reg_reserve_for (room for
 * everything the event adds, so that applying it cannot fail), reg_commit (apply and append).
 * Invariants kept: a council with child councils has no members of its own, its members are exactly
 * the people holding the seats its children send to it, and nobody holds two seats in one council;
 * council.vacant counts the seats with no holder; council.members counts the active records. */
#include <stdio.h>
#include <string.h>

#include "council_internal.h"

static const struct {
    const char *name;
    int nargs;
    const char *args[REG_MAXARGS];
} actions[REG_NACTIONS] = {
    {"create", 4, {"council", "name", "parent", "seats"}},
    {"join", 3, {"council", "member", "name"}},
    {"leave", 2, {"council", "member"}},
    {"elect", 6, {"council", "elected", "tally", "voters", "mandate", "quorum"}},
    {"recall", 4, {"council", "delegate", "signers", "share"}},
    {"vacate", 3, {"council", "delegate", "cause"}},
    {"due", 3, {"council", "vacant", "cause"}},
};

/* Name of action number action ("?" when out of range). */
const char *reg_action_name(int action)
{
    return action >= 0 && action < REG_NACTIONS ? actions[action].name : "?";
}

/* Number of the action called s, or -1. */
int reg_action_find(const char *s)
{
    for (int k = 0; k < REG_NACTIONS; k++)
        if (strcmp(s, actions[k].name) == 0) return k;
    return -1;
}

/* Arguments of action number action. */
int reg_action_nargs(int action)
{
    return action >= 0 && action < REG_NACTIONS ? actions[action].nargs : 0;
}

/* Name of argument k of action. */
const char *ogas_council_arg_name(const char *action, int k)
{
    int a = action ? reg_action_find(action) : -1;
    return a >= 0 && k >= 0 && k < actions[a].nargs ? actions[a].args[k] : NULL;
}

/* One block: the event, its argument pointers, then the strings. */
reg_event *reg_event_new(int64_t seq, int action, const char *time, const char *who, const char *why,
                         const char *const *args)
{
    int n = reg_action_nargs(action);
    size_t size = sizeof(reg_event) + (size_t)n * sizeof(char *), lt = strlen(time) + 1, lw = strlen(who) + 1,
           ly = strlen(why ? why : "") + 1;
    reg_event *e;
    char *t;
    size += lt + lw + ly;
    for (int k = 0; k < n; k++) size += strlen(args[k]) + 1;
    e = ogas_malloc(size);
    if (!e) return NULL;
    e->seq = seq;
    e->line = 0;
    e->action = action;
    e->nargs = n;
    e->args = (const char **)(e + 1);
    t = (char *)(e->args + n);
    memcpy(t, time, lt);
    e->time = t;
    t += lt;
    memcpy(t, who, lw);
    e->who = t;
    t += lw;
    memcpy(t, why ? why : "", ly);
    e->why = t;
    t += ly;
    for (int k = 0; k < n; k++) {
        size_t l = strlen(args[k]) + 1;
        memcpy(t, args[k], l);
        e->args[k] = t;
        t += l;
    }
    return e;
}

/* Frees plan's arrays. */
void reg_plan_free(reg_plan *plan)
{
    ogas_free(plan->elected);
    ogas_free(plan->mandate);
    plan->elected = plan->mandate = NULL;
    plan->nelected = plan->nmandate = 0;
}

/* The registry's events after ev: for a recall, an election due in the council; then, for the council
 * the delegate (or the member who left) no longer belongs to, and each above it, while the person holds a
 * seat there: the seat vacated and an election due. */
ogas_status reg_consequences(ogas_council_registry *r, const reg_event *ev, const reg_plan *plan, reg_event ***out,
                             int64_t *n, ogas_error *err)
{
    reg_event **list = NULL;
    int64_t cap = 0, k = 0, x;
    char cause[256], why[640], num[2][24];
    const char *p;
    ogas_status rc = OGAS_OK;

    *out = NULL;
    *n = 0;
    if (ev->action != REG_RECALL && ev->action != REG_LEAVE) return OGAS_OK;
    p = r->p[plan->p].id;
    if (ev->action == REG_RECALL)
        snprintf(cause, sizeof cause, "the recall of %s by %s (event %lld)", p, r->c[plan->c].id, (long long)ev->seq);
    else
        snprintf(cause, sizeof cause, "%s leaving %s (event %lld)", p, r->c[plan->c].id, (long long)ev->seq);
    snprintf(num[1], sizeof num[1], "%lld", (long long)ev->seq);
    x = plan->c;
    for (int first = 1;; first = 0) {
        int recall_seat = first && ev->action == REG_RECALL;
        if (!recall_seat && (r->c[x].parent < 0 || reg_seat_of(r, x, plan->p) < 0)) break;
        if (k + 2 > cap) {
            int64_t c2 = cap ? 2 * cap : 8;
            reg_event **l2 = ogas_reallocarray(list, (size_t)c2, sizeof *list);
            if (!l2) {
                rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the registry's events");
                goto done;
            }
            list = l2;
            cap = c2;
        }
        if (!recall_seat) {
            const char *args[3] = {r->c[x].id, p, num[1]};
            snprintf(why, sizeof why, "after %s, %s is no longer a member of %s", cause, p, r->c[x].id);
            if (!(list[k] = reg_event_new(ev->seq + k + 1, REG_VACATE, ev->time, "registry", why, args))) goto oom;
            k++;
        }
        {
            const char *args[3] = {r->c[x].id, num[0], num[1]};
            int64_t vacant = r->c[x].vacant + 1;
            snprintf(num[0], sizeof num[0], "%lld", (long long)vacant);
            snprintf(why, sizeof why, "after %s, %s has %lld vacant seat%s in %s: election due", cause, r->c[x].id,
                     (long long)vacant, vacant == 1 ? "" : "s", r->c[r->c[x].parent].id);
            if (!(list[k] = reg_event_new(ev->seq + k + 1, REG_DUE, ev->time, "registry", why, args))) goto oom;
            k++;
        }
        x = r->c[x].parent;
    }
    *out = list;
    *n = k;
    list = NULL;
    goto done;
oom:
    rc = ogas_error_set(err, OGAS_ENOMEM, "out of memory for the registry's events");
done:
    if (list) {
        for (int64_t j = 0; j < k; j++) ogas_free(list[j]);
        ogas_free(list);
    }
    return rc;
}

/* Room for applying ev and nmore events. */
ogas_status reg_reserve_for(ogas_council_registry *r, const reg_event *ev, const reg_plan *plan, int64_t nmore,
                            ogas_error *err)
{
    int64_t nc = 0, np = 0, nm = 0, ns = 0, ne = 0, npool = 0;
    switch (ev->action) {
    case REG_CREATE:
        nc = 1;
        if (!reg_count_ok(ev->args[3], strlen(ev->args[3]), OGAS_COUNCIL_SEATS_MAX, &ns)) ns = 0;
        break;
    case REG_JOIN:
        np = plan->new_person;
        nm = 1;
        break;
    case REG_ELECT:
        ne = 1;
        npool = plan->nmandate;
        nm = plan->nelected;
        break;
    default: break;
    }
    return reg_reserve(r, nc, np, nm, ns, ne, npool, 1 + nmore, err);
}

/* The seat s falls vacant: its holder leaves the parent council. */
static void vacate(ogas_council_registry *r, int64_t c, int64_t s)
{
    int64_t p = r->seat[s].holder;
    r->seat[s].holder = -1;
    r->seat[s].election = -1;
    r->c[c].vacant++;
    reg_member_deactivate(r, r->c[c].parent, p);
}

/* Applies ev. */
void reg_commit(ogas_council_registry *r, reg_event *ev, const reg_plan *plan)
{
    const char *const *a = ev->args;
    switch (ev->action) {
    case REG_CREATE: {
        int64_t c = r->nc++, parent = a[2][0] ? reg_council_find_n(r, a[2], strlen(a[2])) : -1, seats = 0;
        reg_council *x = &r->c[c];
        if (parent >= 0) reg_count_ok(a[3], strlen(a[3]), OGAS_COUNCIL_SEATS_MAX, &seats);
        memset(x, 0, sizeof *x);
        x->id = a[0];
        x->name = a[1];
        x->parent = parent;
        x->seats = x->vacant = seats;
        x->seat0 = r->nseat;
        x->first_child = x->last_child = x->next_sibling = x->first_member = x->last_member = -1;
        x->created = ev->seq;
        for (int64_t k = 0; k < seats; k++) {
            r->seat[r->nseat + k].holder = -1;
            r->seat[r->nseat + k].election = -1;
        }
        r->nseat += seats;
        ogas_strmap_put(&r->council_ids, x->id, strlen(x->id), c, NULL);
        if (parent >= 0) {
            reg_council *y = &r->c[parent];
            if (y->last_child >= 0) r->c[y->last_child].next_sibling = c;
            else y->first_child = c;
            y->last_child = c;
            y->nchildren++;
        }
        break;
    }
    case REG_JOIN:
        if (plan->new_person) {
            int64_t p = r->np++;
            r->p[p].id = a[1];
            r->p[p].name = a[2];
            ogas_strmap_put(&r->person_ids, a[1], strlen(a[1]), p, NULL);
        }
        reg_member_activate(r, plan->c, plan->p);
        break;
    case REG_LEAVE: reg_member_deactivate(r, plan->c, plan->p); break;
    case REG_ELECT: {
        int64_t e = r->nelect++, s = r->c[plan->c].seat0;
        reg_election *el = &r->elect[e];
        el->seq = ev->seq;
        el->council = plan->c;
        el->m0 = r->npool;
        el->n = plan->nmandate;
        if (plan->nmandate) memcpy(r->pool + r->npool, plan->mandate, (size_t)plan->nmandate * sizeof *r->pool);
        r->npool += plan->nmandate;
        for (int64_t k = 0; k < plan->nelected; k++) {
            while (r->seat[s].holder >= 0) s++;
            r->seat[s].holder = plan->elected[k];
            r->seat[s].election = e;
            r->c[plan->c].vacant--;
            reg_member_activate(r, r->c[plan->c].parent, plan->elected[k]);
        }
        break;
    }
    case REG_RECALL:
    case REG_VACATE: vacate(r, plan->c, plan->seat); break;
    default: break;
    }
    r->ev[r->nev++] = ev;
}

/* Checks and applies ev and what follows from it, or changes nothing. */
ogas_status reg_append(ogas_council_registry *r, reg_event *ev, ogas_error *err)
{
    reg_plan plan;
    reg_event **more = NULL;
    int64_t nmore = 0, k = 0;
    int blame;
    ogas_status rc;

    memset(&plan, 0, sizeof plan);
    if ((rc = reg_check(r, ev, &plan, &blame, err))) goto done;
    if ((rc = reg_consequences(r, ev, &plan, &more, &nmore, err))) goto done;
    if ((rc = reg_reserve_for(r, ev, &plan, nmore, err))) goto done;
    reg_commit(r, ev, &plan);
    ev = NULL;
    for (; k < nmore; k++) {
        reg_plan p2;
        if ((rc = reg_check(r, more[k], &p2, &blame, err))) {
            /* cannot happen: the registry made these events from the state */
            char msg[400];
            snprintf(msg, sizeof msg, "%.300s", err ? err->message : "");
            rc = ogas_error_set(err, OGAS_EINTERNAL, "the registry's own event %lld does not apply: %s",
                                (long long)more[k]->seq, msg);
            goto done;
        }
        reg_commit(r, more[k], &p2);
        reg_plan_free(&p2);
        more[k] = NULL;
    }
done:
    ogas_free(ev);
    for (int64_t j = k; j < nmore; j++) ogas_free(more[j]);
    ogas_free(more);
    reg_plan_free(&plan);
    return rc;
}
