/* main.c: ogas-mpi, the input-output engine and the plan's PDLP on PETSc over MPI.
 *
 *   mpirun -n K ogas-mpi leontief DIR [--tol T] [--max-iter N] [--restart R] [--out FILE.csv] [--json] [--quiet]
 *   mpirun -n K ogas-mpi plan DIR [--gap G] [--max-iter N] [--out DIR] [--json] ... (plan_cmd.c)
 *
 * DIR is a Matrix Market economy (A.mtx, and optionally demand.mtx and labour.mtx, as `ogas generate`
 * writes them) or a coefficient file, read in parallel; or any other table `ogas leontief` reads, read on
 * rank 0 and sent in blocks of rows. The results are those of `ogas leontief DIR`: gross output
 * x = (I - A)^-1 d, output multipliers (column sums of (I - A)^-1) and labour values v = l (I - A)^-1, with
 * the same --out CSV and the same JSON keys where they apply, plus the ranks' figures. Every rank runs the
 * same steps; rank 0 alone prints, and all ranks exit with the same status. PETSc options come from the
 * PETSC_OPTIONS environment variable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <omp.h>
#include <petscsys.h>

#include "cli.h"
#include "ogas_mpi.h"

/* The command line of `ogas-mpi leontief`. */
typedef struct mpi_args {
    const char *table;     /* folder or coefficient file */
    const char *out;       /* --out FILE.csv, or NULL */
    int json, quiet;       /* --json, --quiet */
    pmpi_solve_options so; /* --tol, --max-iter, --restart */
} mpi_args;

/* The economy as the ranks hold it. */
typedef struct peconomy {
    char afile[4096];       /* the coefficient file */
    char labour_source[4400]; /* where labour came from, in words ("" without labour) */
    pmpi_layout L;          /* row ownership */
    pmpi_rows A;            /* this rank's rows of A */
    int64_t n, nnz;         /* products, nonzero coefficients (all ranks) */
    double *demand;         /* this rank's final demand, or NULL (no demand.mtx) */
    double *labour;         /* this rank's labour per unit, or NULL (no labour.mtx) */
    int from_table;         /* 1: read whole on rank 0 by the library's readers (any layout but mtx) */
    ogas_economy table;     /* rank 0, from_table: what it read (codes, layout, year, labour's source) */
} peconomy;

static void usage(FILE *fp)
{
    fprintf(fp, "usage: mpirun -n K ogas-mpi leontief TABLE [options]\n"
                "       mpirun -n K ogas-mpi plan DIR|TABLE [options]   (see ogas-mpi plan --help)\n\n"
                "Balance a Matrix Market economy on PETSc over MPI: gross output x = (I - A)^-1 d, output multipliers,\n"
                "labour values v = l (I - A)^-1 (the results of `ogas leontief TABLE`). TABLE is a folder with A.mtx and\n"
                "optionally demand.mtx and labour.mtx, or a coefficient file .mtx, each rank reading its part; or any\n"
                "other table ogas leontief reads (wide CSV, WIOD, the peer's folder), read on rank 0 and sent to the\n"
                "ranks in blocks of rows. PETSc options (-ksp_type, -pc_type,\n"
                "-ksp_monitor, ...) are read from the PETSC_OPTIONS environment variable.\n\noptions:\n"
                "  --tol T                    target relative residual of each solve (default 1e-10)\n"
                "  --max-iter N               iteration limit of each solve (default 10000)\n"
                "  --restart R                GMRES restart length (default 30)\n"
                "  --out FILE.csv             write code,output,multiplier,labour_value per product\n"
                "  --json                     print one JSON object instead of the report\n"
                "  --quiet                    nothing on stderr but errors\n"
                "  --help                     show this help\n");
}

/* a := the command line argv[1..argc); returns 0, 1 after --help, 2 on a bad command line (printed on rank 0). */
static int parse_args(int argc, char **argv, int rank, mpi_args *a)
{
    memset(a, 0, sizeof *a);
    a->so.tol = 1e-10;
    a->so.max_iter = 10000;
    a->so.restart = 30;
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        if (rank == 0) usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 1;
    }
    if (strcmp(argv[1], "leontief") != 0) {
        if (rank == 0) fprintf(stderr, "ogas-mpi: unknown command '%s' (ogas-mpi has: leontief, plan)\n", argv[1]);
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        double v;
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            if (rank == 0) usage(stdout);
            return 1;
        } else if (strcmp(s, "--json") == 0) {
            a->json = 1;
        } else if (strcmp(s, "--quiet") == 0) {
            a->quiet = 1;
        } else if (strcmp(s, "--out") == 0 && val) {
            a->out = val;
            i++;
        } else if (strcmp(s, "--tol") == 0) {
            if (!pmpi_number_arg(rank, "leontief", "tol", val, 1e-16, 0.1, &v)) return 2;
            a->so.tol = v;
            i++;
        } else if (strcmp(s, "--max-iter") == 0) {
            if (!pmpi_number_arg(rank, "leontief", "max-iter", val, 1, 1e9, &v)) return 2;
            a->so.max_iter = (int64_t)v;
            i++;
        } else if (strcmp(s, "--restart") == 0) {
            if (!pmpi_number_arg(rank, "leontief", "restart", val, 1, 1000, &v)) return 2;
            a->so.restart = (int)v;
            i++;
        } else if (strncmp(s, "--", 2) == 0 || a->table) {
            return pmpi_bad_arg(rank, "leontief", s, strcmp(s, "--out") == 0);
        } else {
            a->table = s;
        }
    }
    if (!a->table) {
        if (rank == 0) fprintf(stderr, "ogas-mpi leontief: expected one TABLE (a folder or coefficient file)\n");
        return 2;
    }
    return 0;
}

/* Releases e. */
static void economy_free(peconomy *e)
{
    pmpi_layout_free(&e->L);
    pmpi_rows_free(&e->A);
    ogas_free(e->demand);
    ogas_free(e->labour);
    ogas_economy_free(&e->table);
    memset(e, 0, sizeof *e);
}

/* *x := this rank's part of the optional vector file path of the economy (NULL when there is no such file);
 * what names it in errors. */
static ogas_status read_vector(MPI_Comm comm, const char *path, const char *what, peconomy *e, double **x,
                               ogas_error *err)
{
    int exists;
    pmpi_mtx V;
    ogas_status rc = OGAS_OK;
    int64_t len;

    memset(&V, 0, sizeof V);
    *x = NULL;
    pmpi_file_exists(comm, path, &exists);
    if (!exists) goto done;
    rc = pmpi_mtx_read(comm, path, &V, err);
    if (rc) goto done;
    len = V.h.n == 1 ? V.h.m : V.h.n;
    if (V.h.n != 1 && V.h.m != 1)
        rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0, "expected a vector (n x 1 or 1 x n), found a %lld x %lld matrix",
                           (long long)V.h.m, (long long)V.h.n);
    else if (len != e->n)
        rc = ogas_error_at(err, OGAS_EINVAL, path, 0, 0, "%s vector has %lld entries, but A is %lld x %lld", what,
                           (long long)len, (long long)e->n, (long long)e->n);
    if (rc) goto done; /* the header is the same on every rank: so is the failure */
    rc = pmpi_redistribute(comm, &e->L, V.h.n != 1, &V.local, err);
    if (rc) goto done;
    *x = ogas_mallocarray((size_t)e->A.nrows + 1, sizeof **x);
    rc = pmpi_agree(comm, *x ? OGAS_OK : ogas_error_set(err, OGAS_ENOMEM, "out of memory for %s", what), err);
    if (rc) goto done;
    rc = pmpi_vector_build(comm, &e->L, V.h.n != 1, &V.local, path, *x, err);
done:
    pmpi_mtx_free(&V);
    if (rc) {
        ogas_free(*x);
        *x = NULL;
    }
    return rc;
}

/* e := the economy of any layout but Matrix Market at table: read whole on rank 0 by the library's
 * readers (ogas leontief's), its coefficients and vectors sent to the ranks in blocks of rows. */
static ogas_status read_table(MPI_Comm comm, const char *table, peconomy *e, ogas_error *err)
{
    int rank, have[2] = {0, 0};
    ogas_status rc = OGAS_OK;

    MPI_Comm_rank(comm, &rank);
    e->from_table = 1;
    snprintf(e->afile, sizeof e->afile, "%s", table);
    if (rank == 0) {
        ogas_read_options ro;
        memset(&ro, 0, sizeof ro);
        rc = ogas_economy_read(table, &ro, &e->table, err);
        if (!rc) {
            e->n = e->table.n;
            e->nnz = ogas_csr_nnz(&e->table.A);
            have[0] = e->table.demand != NULL;
            have[1] = e->table.labour != NULL;
            snprintf(e->labour_source, sizeof e->labour_source, "%s", e->table.labour_source);
        }
    }
    if ((rc = pmpi_agree(comm, rc, err))) return rc;
    MPI_Bcast(&e->n, 1, MPI_INT64_T, 0, comm);
    MPI_Bcast(&e->nnz, 1, MPI_INT64_T, 0, comm);
    MPI_Bcast(have, 2, MPI_INT, 0, comm);
    if ((rc = pmpi_layout_cut(comm, rank == 0 ? &e->table.A : NULL, e->n, &e->L, err)) ||
        (rc = pmpi_rows_scatter(comm, rank == 0 ? &e->table.A : NULL, &e->L, &e->A, err)) ||
        (have[0] && (rc = pmpi_vector_scatter(comm, &e->L, e->table.demand, &e->demand, err))) ||
        (have[1] && (rc = pmpi_vector_scatter(comm, &e->L, e->table.labour, &e->labour, err))))
        return rc;
    return OGAS_OK;
}

/* e := the economy at table, each rank its rows: a Matrix Market economy (a folder with A.mtx, or a .mtx
 * file) read in parallel, any other layout through rank 0 (read_table). */
static ogas_status read_economy(MPI_Comm comm, const char *table, peconomy *e, ogas_error *err)
{
    int rank, dir = 0, exists = 1;
    pmpi_mtx M;
    char file[4200];
    ogas_status rc;

    MPI_Comm_rank(comm, &rank);
    memset(e, 0, sizeof *e);
    memset(&M, 0, sizeof M);
    if (rank == 0) {
        struct stat st;
        size_t len = strlen(table);
        dir = stat(table, &st) == 0 && S_ISDIR(st.st_mode);
        if (!dir) exists = len > 4 && strcmp(table + len - 4, ".mtx") == 0; /* a coefficient file */
    }
    MPI_Bcast(&dir, 1, MPI_INT, 0, comm);
    snprintf(e->afile, sizeof e->afile, dir ? "%s/A.mtx" : "%s", table);
    if (dir) pmpi_file_exists(comm, e->afile, &exists);
    else MPI_Bcast(&exists, 1, MPI_INT, 0, comm);
    if (!exists) {
        rc = read_table(comm, table, e, err);
        goto done;
    }
    rc = pmpi_mtx_read(comm, e->afile, &M, err);
    if (rc) goto done;
    if (M.h.m != M.h.n) {
        rc = ogas_error_at(err, OGAS_EINVAL, e->afile, 0, 0, "coefficient matrix is %lld x %lld, not square",
                           (long long)M.h.m, (long long)M.h.n);
        goto done;
    }
    e->n = M.h.n;
    rc = pmpi_layout_choose(comm, e->n, &M, &e->L, err);
    if (rc) goto done;
    rc = pmpi_redistribute(comm, &e->L, 0, &M.local, err);
    if (rc) goto done;
    rc = pmpi_rows_build(comm, &e->L, &M.local, e->afile, &e->A, err);
    if (rc) goto done;
    MPI_Allreduce(&e->A.p[e->A.nrows], &e->nnz, 1, MPI_INT64_T, MPI_SUM, comm);
    if (!dir) goto done;
    snprintf(file, sizeof file, "%s/demand.mtx", table);
    rc = read_vector(comm, file, "final demand", e, &e->demand, err);
    if (rc) goto done;
    snprintf(file, sizeof file, "%s/labour.mtx", table);
    rc = read_vector(comm, file, "labour", e, &e->labour, err);
    if (rc) goto done;
    if (e->labour) snprintf(e->labour_source, sizeof e->labour_source, "file %s (hours per unit of output)", file);
done:
    pmpi_mtx_free(&M);
    if (rc) economy_free(e);
    return rc;
}

/* Writes rows [lo, lo + k) of the results, flat in buf (x, m, v per row), as CSV lines to fp; the codes
 * are the table's (codes not NULL) or the products' numbers from 1. */
static void write_rows(FILE *fp, int64_t lo, int64_t k, const double *buf, int have_x, int have_v, char *const *codes)
{
    char num[32];
    for (int64_t q = 0; q < k; q++) {
        if (codes) ogas_csv_write_field(fp, codes[lo + q]);
        else fprintf(fp, "%lld", (long long)(lo + q + 1));
        fputc(',', fp);
        if (have_x) fputs(ogas_format_double(num, buf[3 * q]), fp);
        fputc(',', fp);
        fputs(ogas_format_double(num, buf[3 * q + 1]), fp);
        fputc(',', fp);
        if (have_v) fputs(ogas_format_double(num, buf[3 * q + 2]), fp);
        fputc('\n', fp);
    }
}

#define PIECE 65536 /* rows sent to rank 0 in one message */

/* path := code,output,multiplier,labour_value per product: rank 0 writes, receiving the ranks' rows in rank
 * order, a piece at a time (its memory stays one piece, whatever the size of the economy). */
static ogas_status write_csv(MPI_Comm comm, const char *path, const peconomy *e, const double *x, const double *m,
                             const double *v, ogas_error *err)
{
    int rank, size;
    ogas_out o;
    double *buf = ogas_mallocarray(3 * PIECE, sizeof *buf);
    ogas_status rc = buf ? OGAS_OK : ogas_error_set(err, OGAS_ENOMEM, "out of memory");
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    memset(&o, 0, sizeof o);
    if (rank == 0 && !rc) rc = ogas_out_open(&o, path, err);
    rc = pmpi_agree(comm, rc, err);
    if (rc) goto done;
    if (rank == 0) fputs("code,output,multiplier,labour_value\n", o.fp);
    for (int r = 0; r < size; r++) {
        if (rank != 0 && rank != r) continue;
        for (int64_t at = e->L.lo[r]; at < e->L.lo[r + 1]; at += PIECE) {
            int64_t k = e->L.lo[r + 1] - at < PIECE ? e->L.lo[r + 1] - at : PIECE;
            if (rank == r) {
                int64_t base = at - e->L.lo[r];
                for (int64_t q = 0; q < k; q++) {
                    buf[3 * q] = x ? x[base + q] : 0.0;
                    buf[3 * q + 1] = m[base + q];
                    buf[3 * q + 2] = v ? v[base + q] : 0.0;
                }
                if (rank != 0) MPI_Send(buf, (int)(3 * k), MPI_DOUBLE, 0, 7, comm);
            } else {
                MPI_Recv(buf, (int)(3 * k), MPI_DOUBLE, r, 7, comm, MPI_STATUS_IGNORE);
            }
            if (rank == 0) write_rows(o.fp, at, k, buf, x != NULL, v != NULL, e->from_table ? e->table.codes : NULL);
        }
    }
    if (rank == 0) rc = ogas_out_close(&o, 1, err);
    rc = pmpi_agree(comm, rc, err);
done:
    ogas_free(buf);
    return rc;
}

/* Per-rank figures gathered on rank 0. */
typedef struct rank_figures {
    int64_t rows, nonzeros, ghosts, vmhwm_kib;
} rank_figures;

/* Writes a JSON array key of field k of the size figures f. */
static void json_figures(cli_json *j, const char *key, const rank_figures *f, int size, int k)
{
    cli_json_array(j, key);
    for (int r = 0; r < size; r++) {
        const int64_t *v = &f[r].rows;
        cli_json_int(j, NULL, v[k]);
    }
    cli_json_end_array(j);
}

static void json_info(cli_json *j, const char *key, const char *method, const pmpi_solve_info *i)
{
    cli_json_object(j, key);
    cli_json_string(j, "method", method);
    cli_json_int(j, "iterations", i->iterations);
    cli_json_int(j, "matvecs", i->matvecs);
    cli_json_number(j, "relative_residual", i->relative_residual);
    cli_json_number(j, "seconds", i->seconds);
    cli_json_end_object(j);
}

static void print_info(const char *what, const char *method, const char *pc, const pmpi_solve_info *i)
{
    printf("  %-22s %s (%s), %lld iterations, relative residual %.2e, %.4f s\n", what, method, pc,
           (long long)i->iterations, i->relative_residual, i->seconds);
}

/* What rank 0 prints: the JSON object or the report. */
typedef struct results {
    const mpi_args *a;
    const peconomy *e;
    const char *method, *pc;
    pmpi_solve_info xi, mi, vi;
    double total_output, total_demand, read_seconds, setup_seconds, total_seconds;
    const rank_figures *f;
    int size;
} results;

/* Prints R as one JSON object (the keys of `ogas leontief --json`, plus the ranks' figures). */
static void print_json(const results *R)
{
    cli_json j;
    const pmpi_solve_info *main = R->e->demand ? &R->xi : &R->mi;
    int64_t ghosts = 0;
    for (int r = 0; r < R->size; r++) ghosts += R->f[r].ghosts;
    cli_json_begin(&j, stdout);
    cli_json_object(&j, NULL);
    cli_json_string(&j, "source", R->a->table);
    cli_json_string(&j, "layout", R->e->from_table ? R->e->table.layout : "mtx");
    if (R->e->from_table && R->e->table.year) cli_json_int(&j, "year", R->e->table.year);
    else cli_json_string(&j, "year", NULL);
    cli_json_int(&j, "products", R->e->n);
    cli_json_int(&j, "nonzeros", R->e->nnz);
    cli_json_string(&j, "method", R->method);
    cli_json_string(&j, "preconditioner", R->pc);
    cli_json_int(&j, "iterations", main->iterations);
    cli_json_number(&j, "relative_residual", main->relative_residual);
    cli_json_number(&j, "solve_seconds", main->seconds);
    cli_json_number(&j, "read_seconds", R->read_seconds);
    cli_json_number(&j, "setup_seconds", R->setup_seconds);
    cli_json_number(&j, "total_seconds", R->total_seconds);
    cli_json_int(&j, "ranks", R->size);
    if (R->e->demand) {
        cli_json_number(&j, "total_output", R->total_output);
        cli_json_number(&j, "total_final_demand", R->total_demand);
    }
    cli_json_string(&j, "labour_source", R->e->labour ? R->e->labour_source : NULL);
    cli_json_bool(&j, "labour_is_standin", R->e->from_table && R->e->table.labour_is_standin);
    if (R->e->demand) json_info(&j, "output_solve", R->method, &R->xi);
    json_info(&j, "multiplier_solve", R->method, &R->mi);
    if (R->e->labour) json_info(&j, "labour_solve", R->method, &R->vi);
    json_figures(&j, "rank_rows", R->f, R->size, 0);
    json_figures(&j, "rank_nonzeros", R->f, R->size, 1);
    json_figures(&j, "rank_ghosts", R->f, R->size, 2);
    json_figures(&j, "rank_vmhwm_kib", R->f, R->size, 3);
    cli_json_int(&j, "matvec_comm_bytes", 8 * ghosts);
    cli_json_array(&j, "notes");
    cli_json_end_array(&j);
    cli_json_end_object(&j);
    cli_json_finish(&j);
}

/* Prints R as a short report. */
static void print_report(const results *R)
{
    const peconomy *e = R->e;
    int64_t gmin = INT64_MAX, gmax = 0, ghosts = 0, mmax = 0;
    for (int r = 0; r < R->size; r++) {
        if (R->f[r].ghosts < gmin) gmin = R->f[r].ghosts;
        if (R->f[r].ghosts > gmax) gmax = R->f[r].ghosts;
        if (R->f[r].vmhwm_kib > mmax) mmax = R->f[r].vmhwm_kib;
        ghosts += R->f[r].ghosts;
    }
    printf("economy                  %s (%s layout, PETSc over %d MPI rank%s)\n", R->a->table,
           e->from_table ? e->table.layout : "mtx", R->size,
           R->size == 1 ? "" : "s");
    printf("  products               %lld, %lld nonzero coefficients\n", (long long)e->n, (long long)e->nnz);
    if (e->labour) printf("  labour                 %s\n", e->labour_source);
    else printf("  labour                 none in the input: no labour values\n");
    if (e->demand) print_info("gross output", R->method, R->pc, &R->xi);
    print_info("output multipliers", R->method, R->pc, &R->mi);
    if (e->labour) print_info("labour values", R->method, R->pc, &R->vi);
    if (e->demand)
        printf("  total gross output     %.6g for final demand %.6g (ratio %.4f)\n", R->total_output, R->total_demand,
               R->total_demand != 0 ? R->total_output / R->total_demand : 0.0);
    printf("  ranks                  %d: ghost values per rank %lld to %lld (%lld bytes moved per multiplication by I - A),\n"
           "                         peak memory per rank up to %.1f MiB\n",
           R->size, (long long)gmin, (long long)gmax, (long long)(8 * ghosts), (double)mmax / 1024.0);
    printf("\ntime                     %.3f s in all (reading %.3f s, matrix and factors %.3f s)\n", R->total_seconds,
           R->read_seconds, R->setup_seconds);
}

/* ogas-mpi leontief: reads, solves, writes; returns the exit status (the same on every rank). */
static int run_leontief(MPI_Comm comm, const mpi_args *a, double t0)
{
    int rank, size, status;
    peconomy e;
    pmpi_system *S = NULL;
    ogas_error err;
    double *x = NULL, *m = NULL, *v = NULL, *ones = NULL, sums[2] = {0, 0}, tot[2] = {0, 0}, tread, tsetup;
    char method[64] = "", pc[128] = "";
    results R;
    rank_figures mine, *all = NULL;
    ogas_status rc;

    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    memset(&R, 0, sizeof R);
    ogas_error_clear(&err);
    rc = read_economy(comm, a->table, &e, &err);
    if (rc) goto done;
    tread = MPI_Wtime() - t0;
    mine.rows = e.A.nrows;
    mine.nonzeros = e.A.p[e.A.nrows];
    rc = pmpi_system_create(comm, &e.A, e.n, &a->so, &S, &err);
    if (rc) goto done;
    if (e.from_table) pmpi_system_set_codes(S, e.table.codes);
    rc = pmpi_system_check_productive(S, &err);
    if (rc) goto done;
    tsetup = MPI_Wtime() - t0 - tread;
    pmpi_system_method(S, method, sizeof method, pc, sizeof pc);
    x = ogas_mallocarray((size_t)e.A.nrows + 1, sizeof *x);
    m = ogas_mallocarray((size_t)e.A.nrows + 1, sizeof *m);
    v = ogas_mallocarray((size_t)e.A.nrows + 1, sizeof *v);
    ones = ogas_mallocarray((size_t)e.A.nrows + 1, sizeof *ones);
    rc = pmpi_agree(comm, x && m && v && ones ? OGAS_OK : ogas_error_set(&err, OGAS_ENOMEM, "out of memory"), &err);
    if (rc) goto done;
    if (e.demand) {
        rc = pmpi_system_solve(S, 0, e.demand, x, &R.xi, &err);
        if (rc) goto done;
        for (int64_t k = 0; k < e.A.nrows; k++) {
            sums[0] += x[k];
            sums[1] += e.demand[k];
        }
    }
    for (int64_t k = 0; k < e.A.nrows; k++) ones[k] = 1.0;
    rc = pmpi_system_solve(S, 1, ones, m, &R.mi, &err);
    if (rc) goto done;
    if (e.labour) {
        rc = pmpi_system_solve(S, 1, e.labour, v, &R.vi, &err);
        if (rc) goto done;
    }
    MPI_Allreduce(sums, tot, 2, MPI_DOUBLE, MPI_SUM, comm);
    if (a->out) {
        rc = write_csv(comm, a->out, &e, e.demand ? x : NULL, m, e.labour ? v : NULL, &err);
        if (rc) goto done;
    }
    mine.ghosts = pmpi_system_ghosts(S);
    mine.vmhwm_kib = pmpi_vmhwm_kib();
    all = rank == 0 ? ogas_calloc((size_t)size, sizeof *all) : NULL;
    rc = pmpi_agree(comm, rank == 0 && !all ? ogas_error_set(&err, OGAS_ENOMEM, "out of memory") : OGAS_OK, &err);
    if (rc) goto done;
    MPI_Gather(&mine, 4, MPI_INT64_T, all, 4, MPI_INT64_T, 0, comm);
    if (rank == 0) {
        R.a = a;
        R.e = &e;
        R.method = method;
        R.pc = pc;
        R.total_output = tot[0];
        R.total_demand = tot[1];
        R.read_seconds = tread;
        R.setup_seconds = tsetup;
        R.total_seconds = MPI_Wtime() - t0;
        R.f = all;
        R.size = size;
        if (a->json) print_json(&R);
        else print_report(&R);
    }
done:
    status = pmpi_exit(rank, "leontief", rc, &err);
    ogas_free(all);
    ogas_free(x);
    ogas_free(m);
    ogas_free(v);
    ogas_free(ones);
    pmpi_system_destroy(S);
    economy_free(&e);
    return status;
}

/* ogas-mpi COMMAND ...: MPI and PETSc around one command. */
int main(int argc, char **argv)
{
    int rank, status, plan = argc >= 2 && strcmp(argv[1], "plan") == 0;
    mpi_args a;
    pmpi_plan_args pa;
    double t0;

    MPI_Init(&argc, &argv);
    t0 = MPI_Wtime();
    /* the ranks are the parallelism: one OpenMP thread each in the library's kernels (PDLP's vector work),
     * unless OMP_NUM_THREADS asks for more; threads of ranks sharing cores would spin against each other */
    if (!getenv("OMP_NUM_THREADS")) omp_set_num_threads(1);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    memset(&a, 0, sizeof a);
    status = plan ? pmpi_plan_parse(argc, argv, rank, &pa) : parse_args(argc, argv, rank, &a);
    if (status == 0) {
        /* PETSc sees no command-line arguments (ours are not its): its options come from PETSC_OPTIONS. */
        int pargc = 1;
        char *pargv_store[2] = {argv[0], NULL}, **pargv = pargv_store;
        if (PetscInitialize(&pargc, &pargv, NULL, NULL)) {
            if (rank == 0) fprintf(stderr, "ogas-mpi: PETSc failed to start\n");
            status = 1;
        } else {
            PetscPushErrorHandler(PetscReturnErrorHandler, NULL);
            PetscLogDefaultBegin();
            status = plan ? pmpi_plan_run(MPI_COMM_WORLD, &pa, t0) : run_leontief(MPI_COMM_WORLD, &a, t0);
            PetscFinalize();
        }
    } else if (status == 1) {
        status = 0;
    }
    (void)a.quiet; /* ogas-mpi prints nothing on stderr but errors, quiet or not */
    MPI_Finalize();
    return status;
}
