/* ogas/council.h: the registry of councils, members and delegates, with recall.
 *
 * A council has members (the workers of a workplace, the residents of a district) and elects
 * delegates to the council above it (its parent); a higher council is made of the delegates of its
 * child councils, up to a top council (the national congress) that has no parent. A council with
 * child councils has no members of its own: its members are exactly the delegates its children
 * currently seat in it. A council with a parent sends a fixed number of seats to it; a delegate
 * holds a seat with a mandate from the members of the council at the time of their election, and
 * those members can recall the delegate at any time when more than a set share of them (those still
 * members) sign. A recalled delegate, or one who leaves the council that elected them, loses the
 * seat, and with it the membership of the parent council and any seat held higher up.
 *
 * The registry is event-sourced: its state is what replaying a list of events gives, and every
 * change appends events (sequence number, time, who, what, why). Loading a registry file replays
 * every event and checks it again; the actions below check their arguments against the state, and
 * either append their events or change nothing. After an action that a person asks for (create,
 * join, leave, elect, recall) the registry appends the events that follow from it, with who =
 * "registry": a "vacate" for each seat held higher up by a recalled delegate or by one who left,
 * and a "due" (election due) for each seat vacated. The file format is described in
 * docs/formats.md ("Councils: the registry file"), the model in docs/councils.md.
 *
 * Refusals: OGAS_EARG for malformed or conflicting arguments (a bad id, a time before the last
 * event's, a council that exists already), OGAS_ENOTFOUND for an unknown council or member,
 * OGAS_EFORBIDDEN when the rules refuse (no quorum, a tie, too few signatures, a voter who is not a
 * member); a file that does not replay is OGAS_EINVAL at file:line:column. OGAS_ENOMEM leaves the
 * registry unchanged too. */
#ifndef OGAS_COUNCIL_H
#define OGAS_COUNCIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ogas/error.h"

#define OGAS_COUNCIL_ID_MAX 64      /* bytes of a council or member id: [A-Za-z0-9_.-]+ */
#define OGAS_COUNCIL_NAME_MAX 200   /* bytes of a name (UTF-8, no control characters) */
#define OGAS_COUNCIL_WHY_MAX 2000   /* bytes of a reason */
#define OGAS_COUNCIL_SEATS_MAX 1000 /* seats a council may send to its parent */

/* The registry: an opaque handle (create/destroy, or load/parse), owned by the caller. */
typedef struct ogas_council_registry ogas_council_registry;

/* When, by whom and why a change is made. */
typedef struct ogas_council_stamp {
    const char *time; /* UTC "YYYY-MM-DDTHH:MM:SSZ", not before the last event's time */
    const char *who;  /* the actor: an id (a member, an officer), not "registry" */
    const char *why;  /* the reason in words; NULL or "" for none */
} ogas_council_stamp;

/* *r := an empty registry. */
ogas_status ogas_council_registry_create(ogas_council_registry **r, ogas_error *err);
/* Releases r (NULL is a no-op). */
void ogas_council_registry_destroy(ogas_council_registry *r);
/* *r := the registry that replaying the registry text data[0..len) gives; name is used in errors
 * (file:line:column). On failure *r is NULL. */
ogas_status ogas_council_registry_parse(const char *name, const char *data, size_t len, ogas_council_registry **r,
                                        ogas_error *err);
/* *r := the registry in the file at path (read whole and replayed). */
ogas_status ogas_council_registry_load(const char *path, ogas_council_registry **r, ogas_error *err);
/* Writes r as registry text to fp. */
ogas_status ogas_council_registry_write(const ogas_council_registry *r, FILE *fp, ogas_error *err);
/* Writes r to path, through a temporary file renamed into place (a failed write leaves the old file). */
ogas_status ogas_council_registry_save(const ogas_council_registry *r, const char *path, ogas_error *err);

/* The actions. Each checks its arguments and the rules against the state, then appends its event
 * (and the registry's events that follow from it), or refuses and changes nothing. */

/* Creates council id called name, under parent (NULL or "" for a top council), sending seats
 * delegates to it (1..OGAS_COUNCIL_SEATS_MAX; 0 for a top council). A parent must not have members
 * of its own. */
ogas_status ogas_council_create(ogas_council_registry *r, const ogas_council_stamp *s, const char *id,
                                const char *name, const char *parent, int64_t seats, ogas_error *err);
/* Adds member (registered with name on first use; name may be NULL or "" for a member already
 * registered, and must otherwise be the registered name) to council, which must have no child
 * councils. */
ogas_status ogas_council_add_member(ogas_council_registry *r, const ogas_council_stamp *s, const char *council,
                                    const char *member, const char *name, ogas_error *err);
/* Removes member from council (a council without child councils). A delegate of council loses the
 * seat, as if recalled. */
ogas_status ogas_council_remove_member(ogas_council_registry *r, const ogas_council_stamp *s, const char *council,
                                       const char *member, ogas_error *err);

/* One vote: voter votes for candidate (NULL or "" for a blank vote). */
typedef struct ogas_council_ballot {
    const char *voter;
    const char *candidate;
    const char *file; /* where the ballot was read, for messages; NULL when not from a file */
    long line;        /* its line there, 0 when unknown */
} ogas_council_ballot;
/* Elects delegates of council to the vacant seats it sends to its parent. Every voter must be a
 * current member of council and vote once; candidates must be members who hold no seat in the
 * parent. More than quorum (0 <= quorum < 1) of the members must vote. The candidates with the most
 * votes fill the vacant seats (at most one seat each, as many seats as candidates with votes); a tie
 * for the last seat is refused ("tie between A and B for the last seat; vote again"). The mandate of
 * the elected is the members of council at the election. The event records the voters, the votes
 * each candidate got and the mandate, not who voted for whom. */
ogas_status ogas_council_elect(ogas_council_registry *r, const ogas_council_stamp *s, const char *council,
                               const ogas_council_ballot *ballots, int64_t n, double quorum, ogas_error *err);

/* One signature on a recall. */
typedef struct ogas_council_signature {
    const char *member;
    const char *file; /* where it was read, for messages; NULL when not from a file */
    long line;        /* its line there, 0 when unknown */
} ogas_council_signature;
/* Recalls delegate, who holds a seat of council, when the signers (each once) are members of council
 * who gave the delegate's mandate and number more than share (0 <= share < 1) of the mandate's
 * givers who are still members. The seat falls vacant; the delegate leaves the parent council and
 * any seat held higher up falls vacant too; an election falls due for each seat vacated. Too few
 * signatures: OGAS_EFORBIDDEN, saying how many are needed. */
ogas_status ogas_council_recall(ogas_council_registry *r, const ogas_council_stamp *s, const char *council,
                                const char *delegate, const ogas_council_signature *signers, int64_t n, double share,
                                ogas_error *err);
/* Smallest count strictly more than share * of (signatures for a recall, voters for a quorum). */
int64_t ogas_council_needed(int64_t of, double share);

/* Reads a ballots file: CSV rows "voter,candidate" (an empty candidate is a blank vote), an optional
 * first row "voter,candidate" as a header; blanks around the fields are ignored. *ballots := one block
 * (free with ogas_free) of *n ballots that name path and their lines. */
ogas_status ogas_council_read_ballots(const char *path, ogas_council_ballot **ballots, int64_t *n, ogas_error *err);
/* Reads a signatures file: CSV rows whose first field is a member id (other fields, such as a date,
 * are not read), an optional first row starting "member" as a header. *signers := one block (free
 * with ogas_free) of *n signatures. */
ogas_status ogas_council_read_signatures(const char *path, ogas_council_signature **signers, int64_t *n,
                                         ogas_error *err);

/* Reading the state. Indices: councils 0..ogas_council_count()-1 in order of creation, members
 * (people) 0..ogas_council_person_count()-1 in order of registration, events 0..count-1 (seq k + 1).
 * Strings belong to the registry and live as long as it. */

typedef struct ogas_council_info {
    const char *id;
    const char *name;
    int64_t parent;   /* index of the parent council, -1 for a top council */
    int64_t seats;    /* seats it sends to the parent (0 for a top council) */
    int64_t vacant;   /* of them, vacant */
    int64_t members;  /* current members (for a council with children: the delegates seated in it) */
    int64_t children; /* child councils */
    int64_t created;  /* seq of the event that created it */
} ogas_council_info;
/* Number of councils. */
int64_t ogas_council_count(const ogas_council_registry *r);
/* Index of the council called id, or -1. */
int64_t ogas_council_find(const ogas_council_registry *r, const char *id);
/* *out := council c; OGAS_EARG (out zeroed) when c is out of range. */
ogas_status ogas_council_get(const ogas_council_registry *r, int64_t c, ogas_council_info *out);
/* Number of child councils of c; out (if non-NULL, room for that many) := their indices, in order of creation. */
int64_t ogas_council_children(const ogas_council_registry *r, int64_t c, int64_t *out);
/* Number of current members of c; out (if non-NULL, room for that many) := their person indices, in order of
 * first joining (for a council with child councils: of first taking a seat in it). */
int64_t ogas_council_members(const ogas_council_registry *r, int64_t c, int64_t *out);
/* 1 if person p is a current member of council c, else 0. */
int ogas_council_is_member(const ogas_council_registry *r, int64_t c, int64_t p);

typedef struct ogas_council_seat {
    int64_t holder;          /* person index of the delegate, -1 when vacant */
    int64_t elected;         /* seq of the election event, 0 when vacant */
    int64_t mandate;         /* members who gave the mandate (the council's members at the election) */
    int64_t mandate_members; /* of them, still members of the council */
} ogas_council_seat;
/* *out := seat k (0..seats-1) that council c sends to its parent; OGAS_EARG when out of range. */
ogas_status ogas_council_seat_get(const ogas_council_registry *r, int64_t c, int64_t k, ogas_council_seat *out);
/* Number of members who gave the mandate of seat k of c (0 when vacant); out (if non-NULL) := their
 * person indices, in order of id. */
int64_t ogas_council_mandate(const ogas_council_registry *r, int64_t c, int64_t k, int64_t *out);

typedef struct ogas_council_person {
    const char *id;
    const char *name;
} ogas_council_person;
/* Number of people ever registered as members. */
int64_t ogas_council_person_count(const ogas_council_registry *r);
/* Index of the member called id, or -1. */
int64_t ogas_council_person_find(const ogas_council_registry *r, const char *id);
/* *out := person p; OGAS_EARG when out of range. */
ogas_status ogas_council_person_get(const ogas_council_registry *r, int64_t p, ogas_council_person *out);

/* One event, as written in the file. The actions and their arguments:
 *   create  council, name, parent ("" for none), seats
 *   join    council, member, name
 *   leave   council, member
 *   elect   council, elected (comma list, most votes first), tally ("id=votes,..." most votes first,
 *           then by id), voters (comma list by id), mandate (comma list by id), quorum
 *   recall  council, delegate, signers (comma list by id), share
 *   vacate  council, delegate, cause (seq of the event it follows from)    -- who = "registry"
 *   due     council, vacant (seats now vacant), cause                        -- who = "registry" */
typedef struct ogas_council_event {
    int64_t seq;             /* 1, 2, ... */
    const char *time;        /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
    const char *who;         /* actor id, or "registry" */
    const char *action;      /* create, join, leave, elect, recall, vacate, due */
    int nargs;               /* arguments of the action */
    const char *const *args; /* [nargs] */
    const char *why;         /* reason, "" for none */
    long line;               /* line of the file it was read from, 0 when appended since */
} ogas_council_event;
/* Number of events. */
int64_t ogas_council_event_count(const ogas_council_registry *r);
/* *out := event k (its seq is k + 1); OGAS_EARG when out of range. */
ogas_status ogas_council_event_get(const ogas_council_registry *r, int64_t k, ogas_council_event *out);
/* Name of argument k of action (see ogas_council_event), or NULL. */
const char *ogas_council_arg_name(const char *action, int k);

/* 1 if s is a well-formed UTC time "YYYY-MM-DDTHH:MM:SSZ" (a real date), else 0. */
int ogas_council_time_valid(const char *s);
/* 1 if s is a well-formed id ([A-Za-z0-9_.-], 1..OGAS_COUNCIL_ID_MAX bytes), else 0. */
int ogas_council_id_valid(const char *s);

#endif
