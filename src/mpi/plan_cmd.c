/* plan_cmd.c: `ogas-mpi plan DIR`: the plan of `ogas plan DIR --method pdlp`, with PDLP's products and
 * reductions spread over the ranks on PETSc.
 *
 * Rank 0 reads the plan (any folder or table `ogas plan` reads) and builds its LP, which is sent to the
 * ranks in blocks (petsc_pdlp.c); every rank runs the same PDLP (ogas_pdlp_solve) on its part; rank 0
 * makes the iterates exactly feasible now and then (gathered from the ranks: the certificates of `ogas
 * plan`, which bound the optimum from both sides and end the run when they meet), and prints the best
 * plan found: the keys of `ogas plan --json --method pdlp`, plus the ranks' figures. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ogas_mpi.h"
#include "plan_out.h"

static void usage(FILE *fp)
{
    fprintf(fp, "usage: mpirun -n K ogas-mpi plan DIR|TABLE [options]\n\n"
                "Compute the plan of `ogas plan DIR --method pdlp` with PDLP's matrix products and reductions spread\n"
                "over the ranks on PETSc. DIR is any plan `ogas plan` reads (the peer's folder, ogas's native folder,\n"
                "an input-output table with generated capital and targets). Rank 0 reads the plan and builds its LP;\n"
                "the ranks solve it, and rank 0 certifies the iterates now and then and prints the plan.\n\noptions:\n"
                "  --gap G                    stop when the plan is certified within this share of the optimum (or the\n"
                "                             iterate is within min(G, 1e-6)); default 1e-6\n"
                "  --pdhg halpern|adaptive    the iteration: reflected restarted Halpern PDHG at a constant step\n"
                "                             (default), or PDLP's adaptive steps and restarts to the average\n"
                "  --max-iter N               iteration limit (default 100000)\n"
                "  --max-seconds S            time limit (default: none)\n"
                "  --min-fulfilment F         require phi >= F in every year\n"
                "  --years T                  from a table: years of the plan (default 5)\n"
                "  --weights FILE             priority weights per product (the weighted form of ogas plan)\n"
                "  --projects FILE            projects of a participatory budget; with --selected FILE (the\n"
                "                             winners), their investments are fixed, as in ogas plan\n"
                "  --out DIR                  write years.csv, products.csv and techniques.csv into DIR\n"
                "  --json                     print one JSON object instead of the report\n"
                "  --progress                 show the certified bounds on rank 0's stderr as they close (shown\n"
                "                             anyway when that is a terminal; under mpirun it is a pipe)\n"
                "  --quiet                    nothing on stderr but errors\n"
                "  --help                     show this help\n");
}

/* 1 if s is an option that takes a file or folder. */
static int file_option(const char *s)
{
    return strcmp(s, "--out") == 0 || strcmp(s, "--weights") == 0 || strcmp(s, "--projects") == 0 ||
           strcmp(s, "--selected") == 0;
}

/* a := the command line of `ogas-mpi plan`. */
int pmpi_plan_parse(int argc, char **argv, int rank, pmpi_plan_args *a)
{
    static const char *const num[] = {"gap", "max-iter", "max-seconds", "min-fulfilment", "years"};
    static const double lo[] = {1e-14, 1, 1e-3, 0, 1}, hi[] = {0.5, 1e12, 1e9, 1e6, 100};
    memset(a, 0, sizeof *a);
    ogas_plan_options_init(&a->po);
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int k = 0;
        double v;
        while (k < 5 && !(strncmp(s, "--", 2) == 0 && strcmp(s + 2, num[k]) == 0)) k++;
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            if (rank == 0) usage(stdout);
            return 1;
        } else if (strcmp(s, "--json") == 0) {
            a->json = 1;
        } else if (strcmp(s, "--quiet") == 0) {
            a->quiet = 1;
        } else if (strcmp(s, "--progress") == 0) {
            a->progress = 1;
        } else if (strcmp(s, "--pdhg") == 0) {
            if (!val || (strcmp(val, "halpern") && strcmp(val, "adaptive"))) {
                if (rank == 0) fprintf(stderr, "ogas-mpi plan: --pdhg: expected halpern or adaptive\n");
                return 2;
            }
            a->po.pdhg = strcmp(val, "adaptive") ? OGAS_PDHG_HALPERN : OGAS_PDHG_ADAPTIVE;
            i++;
        } else if (file_option(s) && val) {
            *(s[2] == 'o' ? &a->out : s[2] == 'w' ? &a->weights : s[2] == 'p' ? &a->projects : &a->selected) = val;
            i++;
        } else if (k < 5) {
            if (!pmpi_number_arg(rank, "plan", num[k], val, lo[k], hi[k], &v)) return 2;
            if (k == 0) a->po.gap = v;
            else if (k == 1) a->po.max_iter = (int64_t)v;
            else if (k == 2) a->po.max_seconds = v;
            else if (k == 3) a->po.min_fulfilment = v;
            else a->years = (int)v;
            i++;
        } else if (strncmp(s, "--", 2) == 0 || a->dir) {
            return pmpi_bad_arg(rank, "plan", s, file_option(s));
        } else {
            a->dir = s;
        }
    }
    if (!a->dir) {
        if (rank == 0) fprintf(stderr, "ogas-mpi plan: expected one DIR or TABLE (see ogas-mpi plan --help)\n");
        return 2;
    }
    if (a->selected && !a->projects) {
        if (rank == 0) fprintf(stderr, "ogas-mpi plan: --selected needs --projects (the file that describes the projects)\n");
        return 2;
    }
    return 0;
}

/* Per-rank figures gathered on rank 0. */
typedef struct plan_figures {
    int64_t rows, columns, nonzeros, ghosts, vmhwm_kib;
} plan_figures;

/* Writes the JSON array key of field k of the ranks' figures f. */
static void json_figures(cli_json *j, const char *key, const plan_figures *f, int size, int k)
{
    cli_json_array(j, key);
    for (int r = 0; r < size; r++) cli_json_int(j, NULL, (&f[r].rows)[k]);
    cli_json_end_array(j);
}

/* What rank 0 prints. */
typedef struct plan_results {
    const pmpi_plan_args *a;
    const ogas_plan_problem *p;
    const ogas_plan_projects *proj;
    const ogas_plan *plan;
    const ogas_pdlp_info *info;
    const char *message;          /* the solve's or the finishing's error, or NULL */
    int64_t nrows, ncols, nnz;    /* the LP */
    double read_seconds, send_seconds, solve_seconds, finish_seconds;
    const plan_figures *f;
    int size;
} plan_results;

/* Prints R as one JSON object: the keys of `ogas plan --json --method pdlp`, and the ranks' figures. */
static void print_json(const plan_results *R)
{
    cli_json j;
    int64_t ghosts = 0;
    for (int r = 0; r < R->size; r++) ghosts += R->f[r].ghosts;
    cli_json_begin(&j, stdout);
    cli_json_object(&j, NULL);
    cli_plan_json(&j, R->p, R->plan, "pdlp", R->info, R->message);
    cli_json_string(&j, "backend", "petsc");
    cli_json_int(&j, "ranks", R->size);
    cli_json_int(&j, "lp_rows", R->nrows);
    cli_json_int(&j, "lp_columns", R->ncols);
    cli_json_int(&j, "lp_nonzeros", R->nnz);
    cli_json_int(&j, "matvecs", R->info->matvecs);
    cli_json_int(&j, "restarts", R->info->restarts);
    cli_json_number(&j, "read_seconds", R->read_seconds);
    cli_json_number(&j, "distribute_seconds", R->send_seconds);
    cli_json_number(&j, "solve_seconds", R->solve_seconds);
    cli_json_number(&j, "finish_seconds", R->finish_seconds);
    json_figures(&j, "rank_rows", R->f, R->size, 0);
    json_figures(&j, "rank_columns", R->f, R->size, 1);
    json_figures(&j, "rank_nonzeros", R->f, R->size, 2);
    json_figures(&j, "rank_ghosts", R->f, R->size, 3);
    json_figures(&j, "rank_vmhwm_kib", R->f, R->size, 4);
    cli_json_int(&j, "step_comm_bytes", 8 * ghosts);
    cli_plan_json_fixed(&j, R->p, R->proj);
    cli_json_end_object(&j);
    cli_json_finish(&j);
}

/* Prints R as the report of `ogas plan`, with PDLP's figures and the ranks'. */
static void print_report(const plan_results *R)
{
    int64_t ghosts = 0, mmax = 0;
    for (int r = 0; r < R->size; r++) {
        ghosts += R->f[r].ghosts;
        if (R->f[r].vmhwm_kib > mmax) mmax = R->f[r].vmhwm_kib;
    }
    cli_plan_report(R->p, R->plan, R->a->dir);
    printf("\n  pdlp                   relative gap %.2e, primal residual %.2e, dual residual %.2e\n",
           R->info->relative_gap, R->info->primal_residual, R->info->dual_residual);
    if (R->info->certified_gap < HUGE_VAL)
        printf("  certified              the optimum lies in [%.9g, %.9g]: this plan is within %.2g%% of it\n",
               R->info->lower_bound, R->info->upper_bound, 100 * R->info->certified_gap);
    printf("  ranks                  %d (PETSc): the LP's %lld rows, %lld columns and %lld nonzeros in blocks;\n"
           "                         %lld bytes received per step, peak memory per rank up to %.1f MiB\n",
           R->size, (long long)R->nrows, (long long)R->ncols, (long long)R->nnz, (long long)(8 * ghosts),
           (double)mmax / 1024.0);
    printf("\ntime                     reading and building %.3f s, sending %.3f s, solving %.3f s, finishing %.3f s\n",
           R->read_seconds, R->send_seconds, R->solve_seconds, R->finish_seconds);
}

/* ogas-mpi plan: reads (rank 0), sends, solves (all), certifies and prints (rank 0). */
int pmpi_plan_run(MPI_Comm comm, const pmpi_plan_args *a, double t0)
{
    int rank, size, status;
    ogas_plan_problem p;
    ogas_plan_projects proj;
    ogas_plan_model *M = NULL;
    ogas_plan_certifier *C = NULL;
    ogas_plan_model_data d;
    ogas_plan plan;
    ogas_pdlp_info info;
    ogas_pdlp_result res;
    pmpi_lp *P = NULL;
    ogas_error err, serr;
    double *x = NULL, *y = NULL, *xf = NULL, *yf = NULL, t1, t2, t3, t4;
    plan_figures mine, *all = NULL;
    ogas_plan_options po = a->po;
    cli_progress prog;
    ogas_status rc = OGAS_OK, src;

    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    /* rank 0 shows the bounds on a terminal, or wherever --progress sends them (mpirun pipes stderr) */
    cli_progress_init(&prog, a->quiet || rank != 0);
    if (rank == 0 && a->progress && !a->quiet) prog.on = 1;
    if (prog.on) {
        po.progress = cli_progress_plan;
        po.progress_ud = &prog;
    }
    memset(&p, 0, sizeof p);
    memset(&proj, 0, sizeof proj);
    memset(&plan, 0, sizeof plan);
    memset(&d, 0, sizeof d);
    memset(&res, 0, sizeof res);
    ogas_error_clear(&err);
    ogas_error_clear(&serr);
    if (rank == 0) {
        ogas_plan_load_options lo;
        char note[4500];
        ogas_plan_load_options_init(&lo);
        if (a->years) lo.economy.years = a->years;
        lo.weights = a->weights;
        lo.projects = a->projects;
        lo.selected = a->selected;
        rc = ogas_plan_load(a->dir, &lo, &p, &proj, note, sizeof note, &err);
        if (!rc && note[0] && !a->quiet) fprintf(stderr, "ogas-mpi plan: %s\n", note);
        if (!rc) rc = ogas_plan_model_create(&p, &a->po, &M, &err);
        if (!rc) ogas_plan_model_get(M, &d);
        if (!rc) rc = ogas_plan_certifier_create(&p, M, &C, &err);
    }
    if ((rc = pmpi_agree(comm, rc, &err))) goto done;
    t1 = MPI_Wtime();
    if ((rc = pmpi_lp_create(comm, rank == 0 ? &d : NULL, &P, &err)) || (rc = pmpi_lp_certify(P, C, &err))) goto done;
    t2 = MPI_Wtime();
    {
        const ogas_pdlp_lp *part = pmpi_lp_part(P);
        x = ogas_mallocarray((size_t)part->ncols + 1, sizeof *x);
        y = ogas_mallocarray((size_t)part->nrows + 1, sizeof *y);
        if (rank == 0) {
            xf = ogas_mallocarray((size_t)d.ncols + 1, sizeof *xf);
            yf = ogas_mallocarray((size_t)d.nrows + 1, sizeof *yf);
        }
        rc = !x || !y || (rank == 0 && (!xf || !yf)) ? ogas_error_set(&err, OGAS_ENOMEM, "out of memory") : OGAS_OK;
        if ((rc = pmpi_agree(comm, rc, &err))) goto done;
        /* every decision of the method is taken on reduced numbers: the ranks return together, with the
         * same status */
        src = ogas_pdlp_solve(pmpi_lp_ops(P), part, &po, x, y, &res, &serr);
        cli_progress_done(&prog);
        if (src == OGAS_ENOMEM || src == OGAS_EARG || src == OGAS_EINTERNAL) {
            err = serr;
            rc = src;
            goto done;
        }
        t3 = MPI_Wtime();
        pmpi_lp_gather(P, 1, x, xf);
        pmpi_lp_gather(P, 0, y, yf);
        pmpi_lp_figures(P, &mine.nonzeros, &mine.ghosts);
        mine.rows = part->nrows;
        mine.columns = part->ncols;
        mine.vmhwm_kib = pmpi_vmhwm_kib();
    }
    all = rank == 0 ? ogas_calloc((size_t)size, sizeof *all) : NULL;
    rc = pmpi_agree(comm, rank == 0 && !all ? ogas_error_set(&err, OGAS_ENOMEM, "out of memory") : OGAS_OK, &err);
    if (rc) goto done;
    MPI_Gather(&mine, 5, MPI_INT64_T, all, 5, MPI_INT64_T, 0, comm);
    if (rank == 0) {
        plan_results R;
        rc = ogas_plan_model_finish(&p, M, &a->po, src, &serr, &res, xf, yf, &plan, &info, &err);
        t4 = MPI_Wtime();
        plan.seconds = t4 - t0;
        /* a plan comes out (perhaps with an error: a limit) or the LP has no plan (infeasible, unbounded) */
        if (!rc || plan.status == OGAS_PLAN_INFEASIBLE || plan.status == OGAS_PLAN_UNBOUNDED ||
            plan.status == OGAS_PLAN_ITERATION_LIMIT) {
            memset(&R, 0, sizeof R);
            R.a = a;
            R.p = &p;
            R.proj = &proj;
            R.plan = &plan;
            R.info = &info;
            R.message = rc ? err.message : NULL;
            R.nrows = d.nrows;
            R.ncols = d.ncols;
            R.nnz = ogas_csr_nnz(d.A);
            R.read_seconds = t1 - t0;
            R.send_seconds = t2 - t1;
            R.solve_seconds = t3 - t2;
            R.finish_seconds = t4 - t3;
            R.f = all;
            R.size = size;
            if (a->json) print_json(&R);
            else if (plan.phi) print_report(&R);
        }
        if (!rc && a->out && plan.phi) rc = cli_plan_write_tables(a->out, &p, &plan, &err);
    }
    rc = pmpi_agree(comm, rc, &err);
done:
    status = pmpi_exit(rank, "plan", rc, &err);
    ogas_free(all);
    ogas_free(x);
    ogas_free(y);
    ogas_free(xf);
    ogas_free(yf);
    pmpi_lp_destroy(P);
    ogas_plan_certifier_free(C);
    ogas_plan_free(&plan);
    ogas_plan_model_free(M);
    ogas_plan_projects_free(&proj);
    ogas_plan_problem_free(&p);
    return status;
}
