/* jobs.c: background jobs (a full verification of the store, every run recomputed; a plan computed from a
 * stored plan or balance and stored) on a fixed number of worker threads, with a bounded queue (503 when full) and progress (runs recomputed so far). Jobs are kept
 * in memory only: the last SRV_JOBS_KEPT, finished ones forgotten first. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "srv_internal.h"

#define SRV_JOBS_KEPT 64

enum { JOB_FREE, JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED };
static const char *const job_state[] = {"free", "queued", "running", "done", "failed"};

enum { JOB_VERIFY, JOB_PLAN };
static const char *const job_kind[] = {"verify", "plan"};

typedef struct srv_job {
    int64_t id;
    int kind;             /* JOB_VERIFY, JOB_PLAN */
    int64_t from;         /* plan: the stored run it is made from */
    char opts[512];       /* plan: its options ("key=value" lines) */
    char actor[128];      /* plan: who asked for it */
    int state;
    int64_t done, total;  /* runs recomputed so far, runs to recompute */
    json_t *result;       /* when done or failed */
    char created[32], started[32], finished[32];
} srv_job;

struct srv_jobs {
    srv *s;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t *threads;
    int nthreads;
    srv_job job[SRV_JOBS_KEPT];
    int64_t next_id;
    int queued, queue_max;
    int stop;
};

/* The job this worker thread runs, for the progress of its recomputations. */
static _Thread_local srv_job *current;
static _Thread_local srv_jobs *current_jobs;

/* buf := now, UTC, ISO 8601. */
static void stamp(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Recomputes one run with the library's function for its kind and counts it (refuses once stopping). */
static ogas_status recompute_counted(const ogas_store_loaded *r, const char *dir, ogas_store_values *vs, ogas_error *err)
{
    ogas_status rc;
    int stop;
    pthread_mutex_lock(&current_jobs->lock);
    stop = current_jobs->stop;
    pthread_mutex_unlock(&current_jobs->lock);
    if (stop) return ogas_error_set(err, OGAS_EINTERNAL, "cancelled: the server is stopping");
    rc = ogas_store_recompute[r->kind](r, dir, vs, err);
    pthread_mutex_lock(&current_jobs->lock);
    current->done++;
    pthread_mutex_unlock(&current_jobs->lock);
    return rc;
}

/* Counts the runs that have a recomputation (ud: int64_t counter). */
static int count_run(const ogas_civic_run *r, void *ud)
{
    if (ogas_store_recompute[r->kind]) (*(int64_t *)ud)++;
    return 0;
}

/* Appends a problem to the array ud (at most 1000). */
static void job_problem(const char *message, void *ud)
{
    if (json_array_size(ud) < 1000) json_array_append_new(ud, srv_str(message));
}

/* Runs a verification with recomputation on a connection of its own; returns its result object. */
static json_t *run_verify(srv_jobs *j, srv_job *job)
{
    ogas_store *st = NULL;
    ogas_store_recompute_fn fns[4];
    ogas_verify_report rep;
    ogas_error err;
    json_t *problems = srv_arr(), *out = NULL;
    char dir[1024];
    int64_t total = 0;
    int made = 0;
    ogas_error_clear(&err);
    for (int k = 0; k < 4; k++) fns[k] = ogas_store_recompute[k] ? recompute_counted : NULL;
    snprintf(dir, sizeof dir, "%s/ogas-job-XXXXXX", j->s->scratch);
    if (!mkdtemp(dir)) {
        ogas_error_at(&err, OGAS_EIO, dir, 0, 0, "cannot make a scratch folder: %s", strerror(errno));
        goto done;
    }
    made = 1;
    if (ogas_store_open(j->s->db, 0, &st, &err) || ogas_civic_runs(st, -1, 0, count_run, &total, &err)) goto done;
    pthread_mutex_lock(&j->lock);
    job->total = total;
    pthread_mutex_unlock(&j->lock);
    if (ogas_store_verify(st, fns, ogas_store_tolerance, dir, job_problem, problems, &rep, &err)) goto done;
    out = json_pack("{s:b,s:I,s:I,s:I,s:I,s:O}", "ok", rep.problems == 0, "records", (json_int_t)rep.records, "runs",
                    (json_int_t)rep.runs, "recomputed", (json_int_t)rep.recomputed, "problem_count",
                    (json_int_t)rep.problems, "problems", problems);
    if (out) json_object_set_new(out, "first_broken_record", rep.first_broken ? json_integer(rep.first_broken) : json_null());
done:
    if (!out) out = json_pack("{s:s,s:s}", "error", ogas_status_name(err.code), "message", err.message);
    ogas_store_close(st);
    if (made) rmdir(dir);
    json_decref(problems);
    return out;
}

/* Computes a plan from a stored run on a connection of its own and stores it; returns its result object. */
static json_t *run_plan(srv_jobs *j, srv_job *job)
{
    ogas_store *st = NULL;
    ogas_error err;
    json_t *out = NULL;
    int64_t id = 0, seq = 0;
    ogas_error_clear(&err);
    pthread_mutex_lock(&j->lock);
    job->total = 1;
    pthread_mutex_unlock(&j->lock);
    if (!ogas_store_open(j->s->db, 0, &st, &err) &&
        !ogas_store_plan_from(st, job->from, job->opts, job->actor, j->s->scratch, &id, &seq, &err)) {
        ogas_store_loaded r;
        out = json_pack("{s:I,s:I,s:I}", "from", (json_int_t)job->from, "run", (json_int_t)id, "audit_seq", (json_int_t)seq);
        if (out && !ogas_store_load(st, id, &r, &err)) {
            json_t *phi = srv_arr();
            for (int64_t k = 0; k < r.values.n; k++) {
                if (!strcmp(r.values.v[k].series, "phi")) json_array_append_new(phi, srv__number(r.values.v[k].value));
                if (!strcmp(r.values.v[k].series, "objective"))
                    json_object_set_new(out, "objective", srv__number(r.values.v[k].value));
            }
            json_object_set_new(out, "phi", phi);
            ogas_store_loaded_free(&r);
        }
        pthread_mutex_lock(&j->lock);
        job->done = 1;
        pthread_mutex_unlock(&j->lock);
    }
    if (!out) out = json_pack("{s:s,s:s}", "error", ogas_status_name(err.code), "message", err.message);
    ogas_store_close(st);
    return out;
}

/* A worker: takes the oldest queued job, runs it, until the server stops. */
static void *worker(void *arg)
{
    srv_jobs *j = arg;
    current_jobs = j;
    pthread_mutex_lock(&j->lock);
    for (;;) {
        srv_job *job = NULL;
        json_t *result;
        while (!j->stop && j->queued == 0) pthread_cond_wait(&j->wake, &j->lock);
        if (j->stop) break;
        for (int k = 0; k < SRV_JOBS_KEPT; k++)
            if (j->job[k].state == JOB_QUEUED && (!job || j->job[k].id < job->id)) job = &j->job[k];
        if (!job) {
            j->queued = 0;
            continue;
        }
        j->queued--;
        job->state = JOB_RUNNING;
        stamp(job->started);
        current = job;
        pthread_mutex_unlock(&j->lock);
        result = job->kind == JOB_PLAN ? run_plan(j, job) : run_verify(j, job);
        pthread_mutex_lock(&j->lock);
        job->result = result;
        job->state = result && json_object_get(result, "error") ? JOB_FAILED : JOB_DONE;
        stamp(job->finished);
        current = NULL;
    }
    pthread_mutex_unlock(&j->lock);
    return NULL;
}

/* *out := the job workers of s, started. */
ogas_status srv__jobs_create(srv *s, int workers, int queue, srv_jobs **out, ogas_error *err)
{
    srv_jobs *j = calloc(1, sizeof *j);
    *out = NULL;
    if (!j || !(j->threads = calloc((size_t)workers, sizeof *j->threads))) {
        free(j);
        return ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    }
    j->s = s;
    j->next_id = 1;
    j->queue_max = queue < SRV_JOBS_KEPT - workers ? queue : SRV_JOBS_KEPT - workers;
    pthread_mutex_init(&j->lock, NULL);
    pthread_cond_init(&j->wake, NULL);
    for (int k = 0; k < workers; k++) {
        if (pthread_create(&j->threads[k], NULL, worker, j) != 0) {
            srv__jobs_destroy(j);
            return ogas_error_set(err, OGAS_EINTERNAL, "cannot start a job worker");
        }
        j->nthreads++;
    }
    *out = j;
    return OGAS_OK;
}

/* Stops the workers (a running verification is cancelled run by run) and frees the jobs. */
void srv__jobs_destroy(srv_jobs *j)
{
    if (!j) return;
    pthread_mutex_lock(&j->lock);
    j->stop = 1;
    pthread_cond_broadcast(&j->wake);
    pthread_mutex_unlock(&j->lock);
    for (int k = 0; k < j->nthreads; k++) pthread_join(j->threads[k], NULL);
    for (int k = 0; k < SRV_JOBS_KEPT; k++) json_decref(j->job[k].result);
    pthread_cond_destroy(&j->wake);
    pthread_mutex_destroy(&j->lock);
    free(j->threads);
    free(j);
}

/* The JSON object of job (caller holds the lock). */
static json_t *job_object(const srv_job *job)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:I,s:I,s:f,s:s}", "id", (json_int_t)job->id, "kind", job_kind[job->kind], "status",
                          job_state[job->state], "done", (json_int_t)job->done, "total", (json_int_t)job->total,
                          "progress", job->state == JOB_DONE ? 1.0 : job->total ? (double)job->done / (double)job->total : 0.0,
                          "created", job->created);
    if (o && job->started[0]) json_object_set_new(o, "started", srv_str(job->started));
    if (o && job->finished[0]) json_object_set_new(o, "finished", srv_str(job->finished));
    if (o && job->result) json_object_set(o, "result", job->result);
    return o;
}

/* Queues a job of kind (plan: from run `from` with options opts, for actor) and answers 202 with it, or 503
 * when the queue is full. */
static void enqueue(srv_ctx *c, int kind, int64_t from, const char *opts, const char *actor)
{
    srv_jobs *j = c->s->jobs;
    srv_job *slot = NULL;
    json_t *o = NULL;
    pthread_mutex_lock(&j->lock);
    if (j->queued < j->queue_max) {
        for (int k = 0; k < SRV_JOBS_KEPT; k++) {
            srv_job *x = &j->job[k];
            if (x->state == JOB_FREE) {
                slot = x;
                break;
            }
            if ((x->state == JOB_DONE || x->state == JOB_FAILED) && (!slot || x->id < slot->id)) slot = x;
        }
    }
    if (slot) {
        json_decref(slot->result);
        memset(slot, 0, sizeof *slot);
        slot->id = j->next_id++;
        slot->kind = kind;
        slot->from = from;
        snprintf(slot->opts, sizeof slot->opts, "%s", opts ? opts : "");
        snprintf(slot->actor, sizeof slot->actor, "%s", actor ? actor : "");
        slot->state = JOB_QUEUED;
        stamp(slot->created);
        j->queued++;
        o = job_object(slot);
        pthread_cond_signal(&j->wake);
    }
    pthread_mutex_unlock(&j->lock);
    if (!slot) {
        srv__error(c, 503, "unavailable", NULL, "the job queue is full (%d waiting): try again later", j->queue_max);
        c->rs->retry_after = 10;
        return;
    }
    srv__json(c, 202, o);
}

/* POST /api/jobs/verify: queues a full verification (503 when the queue is full). */
void srv_h_job_verify(srv_ctx *c)
{
    enqueue(c, JOB_VERIFY, 0, NULL, NULL);
}

/* POST /api/jobs/plan: {from, method, gap?, years?}: queues a plan computed from a stored plan or balance,
 * stored as a new plan run by the holder (503 when the queue is full). */
void srv_h_job_plan(srv_ctx *c)
{
    char opts[512];
    const char *method;
    int64_t from, years = 0;
    json_t *gap = json_object_get(c->body, "gap");
    size_t len;
    if (!srv__field_int(c, c->body, "from", "from", 1, INT64_MAX, &from) ||
        !srv__field_string(c, "method", 0, 16, &method))
        return;
    if (method && !ogas_plan_method_known(method)) {
        srv__error(c, 400, "invalid_argument", "method", "the field method is lp, pdlp, harmony or balance");
        return;
    }
    if (gap && (!json_is_number(gap) || !(json_number_value(gap) >= 1e-12 && json_number_value(gap) <= 0.5))) {
        srv__error(c, 400, "invalid_argument", "gap", "the field gap must be a number in [1e-12, 0.5]");
        return;
    }
    if (json_object_get(c->body, "years") && !srv__field_int(c, c->body, "years", "years", 1, 100, &years)) return;
    len = (size_t)snprintf(opts, sizeof opts, "method=%s\n", method ? method : "lp");
    if (gap) len += (size_t)snprintf(opts + len, sizeof opts - len, "gap=%.17g\n", json_number_value(gap));
    if (years) snprintf(opts + len, sizeof opts - len, "years=%lld\n", (long long)years);
    enqueue(c, JOB_PLAN, from, opts, c->tok.holder);
}

/* GET /api/jobs/{id}. */
void srv_h_job(srv_ctx *c)
{
    srv_jobs *j = c->s->jobs;
    json_t *o = NULL;
    int64_t id;
    if (!srv__param_id(c, 0, "job", &id)) return;
    pthread_mutex_lock(&j->lock);
    for (int k = 0; k < SRV_JOBS_KEPT; k++)
        if (j->job[k].state != JOB_FREE && j->job[k].id == id) o = job_object(&j->job[k]);
    pthread_mutex_unlock(&j->lock);
    if (!o) {
        srv__error(c, 404, "not_found", NULL, "there is no job %lld (jobs are kept in memory, the last %d)", (long long)id,
                   SRV_JOBS_KEPT);
        return;
    }
    srv__json(c, 200, o);
}
