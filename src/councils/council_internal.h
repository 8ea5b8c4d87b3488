/* council_internal.h (private to councils/): the storage of the council registry, shared by
 * registry.c (the handle, its arrays and maps, the accessors), council_checks.c (the rules),
 * council_events.c (making and applying events), council_actions.c (the actions of the API),
 * council_file.c (the file) and council_text.c (ids, names, times, numbers). */
#ifndef OGAS_COUNCILS_COUNCIL_INTERNAL_H
#define OGAS_COUNCILS_COUNCIL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ogas/core.h"
#include "ogas/council.h"

/* The actions, in the order of the table in council_events.c. */
enum { REG_CREATE, REG_JOIN, REG_LEAVE, REG_ELECT, REG_RECALL, REG_VACATE, REG_DUE, REG_NACTIONS };

/* Most arguments an action has. */
#define REG_MAXARGS 6

/* One event. The struct, its args array and all its strings are one allocation (reg_event_new). */
typedef struct reg_event {
    int64_t seq;       /* 1, 2, ... */
    long line;         /* file line it was read from, 0 when appended by an action */
    int action;        /* REG_CREATE, ... */
    int nargs;         /* = reg_action_nargs(action) */
    const char *time;  /* "YYYY-MM-DDTHH:MM:SSZ" */
    const char *who;   /* actor, or "registry" */
    const char *why;   /* reason ("" for none) */
    const char **args; /* [nargs] */
} reg_event;

typedef struct reg_council {
    const char *id, *name;    /* point into the create event */
    int64_t parent;           /* council index, -1 for a top council */
    int64_t seats, seat0;     /* seats sent to the parent: r->seat[seat0 .. seat0 + seats) */
    int64_t vacant;           /* of them, vacant */
    int64_t members;          /* current members */
    int64_t nchildren;        /* child councils */
    int64_t first_child, last_child, next_sibling; /* children in order of creation (-1 ends) */
    int64_t first_member, last_member;              /* membership records in order of joining (-1 ends) */
    int64_t created;          /* seq of the create event */
} reg_council;

typedef struct reg_person {
    const char *id, *name; /* point into the first join event */
} reg_person;

/* A membership record: person in council, now or in the past (records are never removed; a member
 * who leaves and comes back reuses theirs). */
typedef struct reg_member {
    int64_t council, person;
    int64_t next;   /* next record of the same council, -1 ends */
    int active;     /* a current member */
} reg_member;

typedef struct reg_seat {
    int64_t holder;   /* person index, -1 when vacant */
    int64_t election; /* index into r->elect, -1 when vacant */
} reg_seat;

/* An election: its event and the mandate it gave (the council's members then, in order of id). */
typedef struct reg_election {
    int64_t seq, council;
    int64_t m0, n; /* mandate: r->pool[m0 .. m0 + n) */
} reg_election;

/* Map from (council, person) to membership record: open addressing on 64-bit keys, never shrinks. */
typedef struct reg_pairmap {
    uint64_t *keys; /* 0 = empty slot, else ((council << 32) | person) + 1 */
    int64_t *vals;
    size_t cap, count;
} reg_pairmap;

struct ogas_council_registry {
    reg_event **ev;
    int64_t nev, cap_ev;
    reg_council *c;
    int64_t nc, cap_c;
    reg_person *p;
    int64_t np, cap_p;
    reg_member *m;
    int64_t nm, cap_m;
    reg_seat *seat;
    int64_t nseat, cap_seat;
    reg_election *elect;
    int64_t nelect, cap_elect;
    int64_t *pool; /* the mandates of all elections */
    int64_t npool, cap_pool;
    ogas_strmap council_ids; /* id -> council index (keys point into events) */
    ogas_strmap person_ids;  /* id -> person index */
    reg_pairmap pairs;       /* (council, person) -> membership record */
    int64_t *mark;           /* [cap_p] scratch marks: person q is marked when mark[q] == gen */
    int64_t *aux;            /* [cap_p] scratch values for marked people */
    int64_t gen;             /* current mark generation */
};

/* What checking an event found, for applying it. */
typedef struct reg_plan {
    int64_t c;          /* the council (for create: the index it will get) */
    int64_t p;          /* the person (join: np when new), -1 when none */
    int64_t seat;       /* the seat (recall, vacate), -1 when none */
    int new_person;     /* join: the person is registered now */
    int64_t nelected;   /* elect: people elected, in order */
    int64_t *elected;   /* [nelected], owned */
    int64_t nmandate;   /* elect: the mandate, in order of id */
    int64_t *mandate;   /* [nmandate], owned */
} reg_plan;

/* registry.c */
/* Makes room for the given numbers of additional councils, people, membership records, seats,
 * elections, mandate entries and events; changes nothing else. */
ogas_status reg_reserve(ogas_council_registry *r, int64_t nc, int64_t np, int64_t nm, int64_t nseat, int64_t nelect,
                        int64_t npool, int64_t nev, ogas_error *err);
/* Membership record of person p in council c, or -1. */
int64_t reg_member_find(const ogas_council_registry *r, int64_t c, int64_t p);
/* 1 if p is a current member of c. */
int reg_is_member(const ogas_council_registry *r, int64_t c, int64_t p);
/* Makes p a current member of c (a new record when there is none); room must have been reserved. */
void reg_member_activate(ogas_council_registry *r, int64_t c, int64_t p);
/* Makes p a former member of c (p must be a current member). */
void reg_member_deactivate(ogas_council_registry *r, int64_t c, int64_t p);
/* Seat of council c held by p (absolute index into r->seat), or -1. */
int64_t reg_seat_of(const ogas_council_registry *r, int64_t c, int64_t p);
/* A fresh mark generation (every person unmarked). */
int64_t reg_new_gen(ogas_council_registry *r);
/* Index of the council or person named s[0..len), or -1. */
int64_t reg_council_find_n(const ogas_council_registry *r, const char *s, size_t len);
int64_t reg_person_find_n(const ogas_council_registry *r, const char *s, size_t len);

/* council_events.c */
/* Name of an action, and its action number (-1 when unknown). */
const char *reg_action_name(int action);
int reg_action_find(const char *s);
/* Number of arguments of an action. */
int reg_action_nargs(int action);
/* A new event: one block holding the struct and copies of the strings (why NULL = ""); NULL when out of memory. */
reg_event *reg_event_new(int64_t seq, int action, const char *time, const char *who, const char *why,
                         const char *const *args);
/* Releases what plan owns. */
void reg_plan_free(reg_plan *plan);
/* The registry's events that follow from the checked ev (before ev is applied): *out := *n new events,
 * seq ev->seq + 1, ... (caller frees each with ogas_free, and the array). */
ogas_status reg_consequences(ogas_council_registry *r, const reg_event *ev, const reg_plan *plan, reg_event ***out,
                             int64_t *n, ogas_error *err);
/* Reserves room for applying ev (checked, with plan) and nmore events after it. */
ogas_status reg_reserve_for(ogas_council_registry *r, const reg_event *ev, const reg_plan *plan, int64_t nmore,
                            ogas_error *err);
/* Applies ev (checked, room reserved) and appends it; the registry adopts ev. Cannot fail. */
void reg_commit(ogas_council_registry *r, reg_event *ev, const reg_plan *plan);
/* Checks and applies ev and the registry's events that follow from it; on any refusal changes nothing
 * and frees ev. The registry adopts ev on success. */
ogas_status reg_append(ogas_council_registry *r, reg_event *ev, ogas_error *err);

/* council_checks.c */
/* Checks ev (an action a person asked for, or one of the registry's) against the state and fills plan;
 * changes nothing but scratch marks. On refusal *blame := the argument at fault (-1: none). */
ogas_status reg_check(ogas_council_registry *r, const reg_event *ev, reg_plan *plan, int *blame, ogas_error *err);

/* council_actions.c */
/* Checks the stamp of an event a person asks for: the time (well-formed, not before the last event's),
 * who (an id other than "registry") and why. On refusal *field := 1 (time), 2 (who) or -2 (why). */
ogas_status reg_check_stamp(const ogas_council_registry *r, const char *time, const char *who, const char *why,
                            int *field, ogas_error *err);

/* council_text.c: the pieces of an event. */
/* 1 if s[0..len) is an id. */
int reg_id_ok(const char *s, size_t len);
/* 1 if s[0..len) is text of at most max bytes: valid UTF-8 without control characters. */
int reg_text_ok(const char *s, size_t len, size_t max);
/* 1 if s[0..len) is a UTC time "YYYY-MM-DDTHH:MM:SSZ". */
int reg_time_ok(const char *s, size_t len);
/* 1 if s[0..len) is a count written canonically (digits, no leading zero) <= max; *v := it. */
int reg_count_ok(const char *s, size_t len, int64_t max, int64_t *v);
/* 1 if s is a share 0 <= v < 1 (a decimal number); *v := it. */
int reg_share_ok(const char *s, double *v);

#endif
