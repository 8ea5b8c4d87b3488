/* ogas/civic.h: what the store keeps for the HTTP server (ogas serve): access tokens with mandates,
 * refused requests, open participatory-budget elections with their projects and ballots, and recall
 * petitions; and the light reads the server answers from (runs, their files and numbers, without
 * loading the files' bytes).
 *
 * Every decision (a token issued or revoked, an election opened, a project proposed, a ballot cast,
 * an election decided, a recall signed or executed) is written in one transaction together with its
 * audit record (ogas/store.h), so the chain holds it. Refusals are kept apart, outside the chain.
 * Tokens are never stored: only their SHA-256.
 *
 * Refusals by the state of the data (a second ballot, a project for a closed election, an election
 * decided already, a petition signed twice) are OGAS_EFORBIDDEN: the server answers 409 Conflict;
 * unknown elections are OGAS_ENOTFOUND; malformed arguments OGAS_EARG (the message names the field). */
#ifndef OGAS_CIVIC_H
#define OGAS_CIVIC_H

#include <stddef.h>
#include <stdint.h>

#include "ogas/error.h"
#include "ogas/store.h"

#define OGAS_CIVIC_ID_MAX 64    /* bytes of a holder, project or council id: [A-Za-z0-9_.-]+ */
#define OGAS_CIVIC_NAME_MAX 200 /* bytes of an election's or a project's name */
#define OGAS_CIVIC_MONEY_MAX 1000000000000000LL /* largest budget or cost (money units) */

/* What a token's holder may do (a bit set). */
enum {
    OGAS_MAY_ADOPT = 1,   /* adopt a stored plan (delegates) */
    OGAS_MAY_BALLOT = 2,  /* cast a ballot in an election (members) */
    OGAS_MAY_PROPOSE = 4, /* propose a project to an open election */
    OGAS_MAY_RECALL = 8,  /* sign a recall petition in the holder's council (members) */
    OGAS_MAY_DECIDE = 16  /* open and decide elections (delegates) */
};
/* *may := the mandates in the comma list s ("adopt,ballot,propose,recall,decide"); OGAS_EARG names an
 * unknown one. */
ogas_status ogas_civic_may_parse(const char *s, unsigned *may, ogas_error *err);
/* buf := may as a comma list ("" for none); returns buf. */
char *ogas_civic_may_format(unsigned may, char *buf, size_t n);
/* 1 if s is a well-formed id ([A-Za-z0-9_.-], 1..OGAS_CIVIC_ID_MAX bytes), else 0. */
int ogas_civic_id_valid(const char *s);

/* A token's holder and mandate. */
typedef struct ogas_token_info {
    int64_t id;          /* its row */
    char holder[OGAS_CIVIC_ID_MAX + 1];
    char role[16];       /* "member" or "delegate" */
    char council[OGAS_CIVIC_ID_MAX + 1]; /* the council it acts in, "" for none */
    unsigned may;        /* OGAS_MAY_* */
    int64_t election;    /* the only election it acts in, 0 for any */
    char created[32];    /* UTC, ISO 8601 */
    char revoked[32];    /* when revoked, "" while valid */
} ogas_token_info;

/* Issues a token for t's holder, role, council, mandate and election (t->id, created and revoked are
 * ignored): token := 64 hex digits of 32 random bytes, NUL-terminated; only its SHA-256 is stored, with
 * an audit record "token issued" by actor. */
ogas_status ogas_civic_token_issue(ogas_store *s, const ogas_token_info *t, const char *actor, char token[65],
                                   ogas_error *err);
/* Revokes every valid token of holder (audit record "token revoked"); *n := how many (0: ENOTFOUND). */
ogas_status ogas_civic_token_revoke(ogas_store *s, const char *holder, const char *actor, int64_t *n, ogas_error *err);
/* Calls fn for each token (revoked ones too), in order of issue, until it returns non-zero. */
ogas_status ogas_civic_token_list(ogas_store *s, int (*fn)(const ogas_token_info *t, void *ud), void *ud,
                                  ogas_error *err);
/* t := the valid token whose SHA-256 is that of the text token; OGAS_ENOTFOUND for an unknown or
 * revoked one. */
ogas_status ogas_civic_token_check(ogas_store *s, const char *token, ogas_token_info *t, ogas_error *err);

/* Records a refused request (outside the audit chain): holder (NULL when unknown), route, reason. */
ogas_status ogas_civic_refusal(ogas_store *s, const char *holder, const char *route, const char *reason,
                               ogas_error *err);
/* Number of refusals recorded. */
ogas_status ogas_civic_refusal_count(ogas_store *s, int64_t *n, ogas_error *err);

/* One project of an election. */
typedef struct ogas_civic_project {
    const char *id;   /* [A-Za-z0-9_.-]+ */
    const char *name; /* for people, no control characters */
    int64_t cost;     /* money units, 1..OGAS_CIVIC_MONEY_MAX */
} ogas_civic_project;

/* Opens an election called name with budget and rule (a pabulib rule name for approval ballots, see
 * ogas/budget.h; not "meta") and its first projects (n may be 0), by actor; *id := its id,
 * *seq := its audit record ("election opened"). */
ogas_status ogas_civic_election_open(ogas_store *s, const char *name, int64_t budget, const char *rule,
                                     const ogas_civic_project *p, int64_t n, const char *actor, int64_t *id,
                                     int64_t *seq, ogas_error *err);
/* Adds project p to open election id, proposed by actor ("project proposed"). */
ogas_status ogas_civic_election_propose(ogas_store *s, int64_t id, const ogas_civic_project *p, const char *actor,
                                        int64_t *seq, ogas_error *err);
/* Casts voter's approval ballot (approvals[0..n), n >= 1, projects of the election, each once) in open
 * election id ("ballot cast": inputs hash = SHA-256 of the canonical ballot). One ballot per voter and
 * election: a second is OGAS_EFORBIDDEN, also when two are cast at once. */
ogas_status ogas_civic_election_ballot(ogas_store *s, int64_t id, const char *voter, const char *const *approvals,
                                       int64_t n, int64_t *seq, ogas_error *err);
/* Decides open election id: writes it as a pabulib .pb file in a fresh folder under scratch, applies its
 * rule (ogas_budget_run), stores the outcome as a budget run (ogas_store_put: the file as role "table",
 * args "rule=RULE", so ogas_store_verify recomputes it) and closes the election ("election decided"),
 * by actor. *run := the budget run, *seq := the closing record. An election without ballots is refused
 * (OGAS_EFORBIDDEN). */
ogas_status ogas_civic_election_decide(ogas_store *s, int64_t id, const char *actor, const char *scratch,
                                       int64_t *run, int64_t *seq, ogas_error *err);

/* An election as listed. Strings live until the callback returns. */
typedef struct ogas_civic_election {
    int64_t id;
    const char *name, *rule;
    const char *status;  /* "open", "deciding" or "decided" */
    const char *opened, *opened_by;
    int64_t budget;
    int64_t projects, ballots;
    int64_t budget_run;  /* the decided budget's run, 0 while open */
    int64_t audit_seq;   /* the record that opened it */
} ogas_civic_election;
/* Calls fn for election id (id > 0; ENOTFOUND when none) or for every election (id == 0), in order. */
ogas_status ogas_civic_elections(ogas_store *s, int64_t id, int (*fn)(const ogas_civic_election *e, void *ud),
                                 void *ud, ogas_error *err);
/* Calls fn for each project of election id, in order of proposal (by: who proposed it). */
ogas_status ogas_civic_election_projects(ogas_store *s, int64_t id,
                                         int (*fn)(const ogas_civic_project *p, const char *by, void *ud), void *ud,
                                         ogas_error *err);

/* What a recall signature led to. */
typedef struct ogas_civic_recall {
    int64_t signatures; /* pending signatures on the petition, this one included (all, when executed) */
    int64_t needed;     /* signatures the recall needs */
    int recalled;       /* the recall was executed */
    int64_t seq;        /* the "recall signed" record */
    int64_t recall_seq; /* the "delegate recalled" record, 0 when not executed */
} ogas_civic_recall;
/* Executes a recall with its signers (the registry's ogas_council_recall and save); called inside the
 * signature's transaction, which is rolled back when it fails. */
typedef ogas_status (*ogas_civic_recall_fn)(const char *const *signers, int64_t n, void *ud, ogas_error *err);
/* signer signs the petition to recall delegate from council ("recall signed"); when the pending
 * signatures then number needed or more, calls execute with them and records "delegate recalled",
 * closing the petition. A second signature by the same signer on a pending petition is OGAS_EFORBIDDEN. */
ogas_status ogas_civic_recall_sign(ogas_store *s, const char *council, const char *delegate, const char *signer,
                                   int64_t needed, ogas_civic_recall_fn execute, void *ud, ogas_civic_recall *out,
                                   ogas_error *err);
/* Calls fn for each pending petition: council, delegate and its signatures so far. */
ogas_status ogas_civic_recall_pending(ogas_store *s,
                                      int (*fn)(const char *council, const char *delegate, int64_t n, void *ud),
                                      void *ud, ogas_error *err);

/* A stored run as listed (without its files and numbers). Strings live until the callback returns. */
typedef struct ogas_civic_run {
    int64_t id;
    ogas_run_kind kind;
    const char *name, *args, *actor, *created;
    int64_t audit_seq;
    int adopted;
    const char *adopted_by; /* "" when not adopted */
} ogas_civic_run;
/* Calls fn for run id (id > 0; ENOTFOUND when none), or for every run of kind k (every kind when k < 0)
 * when id == 0, in order of id. */
ogas_status ogas_civic_runs(ogas_store *s, int k, int64_t id, int (*fn)(const ogas_civic_run *r, void *ud),
                            void *ud, ogas_error *err);
/* Calls fn for each file of run id (role, original name, hex SHA-256, size in bytes), by role. */
ogas_status ogas_civic_run_files(ogas_store *s, int64_t id,
                                 int (*fn)(const char *role, const char *name, const char *sha256, int64_t size,
                                           void *ud),
                                 void *ud, ogas_error *err);
/* Calls fn for each stored number of run id (of the series named, or all when series is NULL), in
 * (series, idx) order; a stored NULL is NaN. */
ogas_status ogas_civic_run_values(ogas_store *s, int64_t id, const char *series,
                                  int (*fn)(const char *series, int64_t idx, const char *label, double value,
                                            void *ud),
                                  void *ud, ogas_error *err);
/* *bytes, *size := the contents of run id's file of role (ogas_free it); ENOTFOUND when there is none. */
ogas_status ogas_civic_run_file(ogas_store *s, int64_t id, const char *role, unsigned char **bytes, int64_t *size,
                                ogas_error *err);
/* *v := SQLite's data_version of this connection: it changes whenever another connection (or process)
 * has committed a change to the database since the last call. */
ogas_status ogas_civic_data_version(ogas_store *s, int64_t *v, ogas_error *err);
/* *seq := the last audit record's number (0 for an empty log). */
ogas_status ogas_civic_audit_last(ogas_store *s, int64_t *seq, ogas_error *err);

#endif
