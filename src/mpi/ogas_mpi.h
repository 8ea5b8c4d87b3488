/* ogas_mpi.h (private to src/mpi): the pieces of ogas-mpi, the PETSc face of the input-output engine.
 *
 * Reading: every rank reads its own byte range of a Matrix Market file (pmtx.c); the entries are then
 * sent to the rank that owns their row (layout.c), which builds its rows of I - A as a PETSc MatMPIAIJ,
 * preallocated exactly, and the systems (I - A)x = d and (I - A)'v = c are solved with KSP
 * (petsc_balance.c). Every fallible step ends with all ranks agreeing on the first failure (pmpi_agree),
 * so that a failure on one rank is reported once and every rank exits with the same status.
 *
 * All functions taking a communicator are collective over it. Ownership of memory is stated per
 * function; structs are freed by their _free functions, which accept zeroed structs. */
#ifndef OGAS_MPI_H
#define OGAS_MPI_H

#include <mpi.h>
#include <stdint.h>

#include "ogas/ogas.h"
#include "ogas/pdlp.h"

/* One matrix entry, 0-based. 16 bytes, sent between ranks as raw bytes. */
typedef struct pmpi_entry {
    int32_t i, j; /* row and column */
    double v;     /* value */
} pmpi_entry;

/* Entries held by one rank (owned array). */
typedef struct pmpi_entries {
    pmpi_entry *e;  /* entries */
    int64_t count;  /* entries in e */
    int64_t cap;    /* room in e */
} pmpi_entries;

/* Which rows each rank owns: rank r owns rows lo[r] .. lo[r+1]-1 (contiguous, in rank order). */
typedef struct pmpi_layout {
    int size;    /* ranks */
    int64_t n;   /* rows in all */
    int64_t *lo; /* size + 1 boundaries, lo[0] = 0, lo[size] = n (owned) */
} pmpi_layout;

/* A rank's rows of a matrix in compressed rows, global column indices sorted and unique within a row. */
typedef struct pmpi_rows {
    int64_t lo, nrows; /* first global row, number of rows */
    int64_t *p;        /* nrows + 1 row pointers (owned) */
    int32_t *j;        /* global column indices (owned) */
    double *x;         /* values (owned) */
} pmpi_rows;

/* The agreed result of reading one Matrix Market file. */
typedef struct pmpi_mtx {
    ogas_mtx_header h;  /* what the banner and size line say */
    pmpi_entries local; /* the entries of this rank's part of the file (arrays: positions already set) */
    int sorted;         /* 1 when this rank's entries come in row order */
} pmpi_mtx;

/* agree.c */
/* All ranks of comm agree on the first failure, the failing rank of lowest number: returns its status on
 * every rank, and copies its err (not NULL) to every rank. rc is this rank's status. */
ogas_status pmpi_agree(MPI_Comm comm, ogas_status rc, ogas_error *err);
/* *v := the number s of option --name of `ogas-mpi cmd` if it lies within [lo, hi]; else prints why (rank 0
 * only) and returns 0. */
int pmpi_number_arg(int rank, const char *cmd, const char *name, const char *s, double lo, double hi, double *v);
/* Prints (rank 0 only) why argument s of `ogas-mpi cmd` is refused: an option without its value
 * (needs_value), an unknown option, or an unexpected argument; returns 2, the exit status. */
int pmpi_bad_arg(int rank, const char *cmd, const char *s, int needs_value);
/* The exit status of `ogas-mpi cmd` after rc (0 for OGAS_OK; else cli_exit_status of err's code), and
 * err's message printed once, by rank 0. */
int pmpi_exit(int rank, const char *cmd, ogas_status rc, const ogas_error *err);
/* Peak resident memory of this process (VmHWM) in KiB, 0 when unknown. */
int64_t pmpi_vmhwm_kib(void);
/* Appends entry (i, j, v) to E; returns 0 on out of memory. */
int pmpi_entries_push(pmpi_entries *E, int32_t i, int32_t j, double v);
/* Makes room for cap entries in E (shrinks to fit when cap <= count); returns 0 on out of memory. */
int pmpi_entries_reserve(pmpi_entries *E, int64_t cap);
/* Releases E's array and zeroes E. */
void pmpi_entries_free(pmpi_entries *E);

/* pmtx.c */
/* M := the part of the Matrix Market file at path that this rank reads: rank 0 reads the banner and size
 * line, the entries are split into byte ranges, one per rank, cut at line ends. Errors are those of
 * ogas_mtx_read with the same file:line:column, agreed on every rank (the first in the file wins). On
 * success the caller frees M with pmpi_mtx_free. */
ogas_status pmpi_mtx_read(MPI_Comm comm, const char *path, pmpi_mtx *M, ogas_error *err);
/* Releases M. */
void pmpi_mtx_free(pmpi_mtx *M);
/* *exists := whether path names an existing file, as rank 0 sees it (the same answer on every rank). */
void pmpi_file_exists(MPI_Comm comm, const char *path, int *exists);

/* layout.c */
/* L := contiguous row ownership for n rows: where the file's rows come in order on every rank (as ogas
 * writes them) each rank owns the rows that start in its part of the file, so that few entries move and
 * the nonzeros are balanced like the bytes; otherwise n/size rows each. Frees with pmpi_layout_free. */
ogas_status pmpi_layout_choose(MPI_Comm comm, int64_t n, const pmpi_mtx *M, pmpi_layout *L, ogas_error *err);
/* L := size ranks over n rows with zeroed boundaries; returns 0 on out of memory. */
int pmpi_layout_alloc(pmpi_layout *L, int size, int64_t n);
/* Releases L. */
void pmpi_layout_free(pmpi_layout *L);
/* E := the entries (of all ranks' E) whose row (by_column: column) this rank owns under L, in any order. */
ogas_status pmpi_redistribute(MPI_Comm comm, const pmpi_layout *L, int by_column, pmpi_entries *E, ogas_error *err);
/* R := this rank's rows under L from E (entries of owned rows), duplicates summed (an error naming file
 * when a sum overflows); E is freed. The caller frees R with pmpi_rows_free. */
ogas_status pmpi_rows_build(MPI_Comm comm, const pmpi_layout *L, pmpi_entries *E, const char *file, pmpi_rows *R,
                            ogas_error *err);
/* Releases R. */
void pmpi_rows_free(pmpi_rows *R);
/* x[0..owned) := the vector whose entries (of owned positions: rows, or columns when by_column) are in E,
 * duplicates summed; E is freed. x is the caller's. */
ogas_status pmpi_vector_build(MPI_Comm comm, const pmpi_layout *L, int by_column, pmpi_entries *E, const char *file,
                              double *x, ogas_error *err);

/* scatter.c: what rank 0 holds whole sent to the ranks in blocks */
/* L := contiguous blocks of the m rows of A (rank 0's; NULL elsewhere) of about equal nonzeros (each row
 * weighs its nonzeros + 1), the same on every rank. Frees with pmpi_layout_free. */
ogas_status pmpi_layout_cut(MPI_Comm comm, const ogas_csr *A, int64_t m, pmpi_layout *L, ogas_error *err);
/* counts[r], displs[r] := each rank's block under L (L->size entries): its rows, or (A given) A's nonzeros in
 * them; returns 0 when one does not fit an int. */
int pmpi_layout_counts(const pmpi_layout *L, const ogas_csr *A, int *counts, int *displs);
/* R := this rank's rows, under L, of rank 0's A (NULL elsewhere), with global columns. Frees with
 * pmpi_rows_free. */
ogas_status pmpi_rows_scatter(MPI_Comm comm, const ogas_csr *A, const pmpi_layout *L, pmpi_rows *R, ogas_error *err);
/* *out := this rank's block, under L, of rank 0's vector v (NULL elsewhere); the caller frees it. */
ogas_status pmpi_vector_scatter(MPI_Comm comm, const pmpi_layout *L, const double *v, double **out, ogas_error *err);

/* petsc_balance.c */
typedef struct pmpi_solve_options {
    double tol;      /* true relative residual to reach; default 1e-10 */
    int64_t max_iter; /* iteration limit per solve; default 10000 */
    int restart;     /* GMRES restart length; default 30 */
} pmpi_solve_options;

typedef struct pmpi_solve_info {
    int64_t iterations;        /* KSP iterations, all refinement rounds together */
    int64_t matvecs;           /* products with I - A or its transpose, including the residual checks */
    double relative_residual;  /* true ||b - (I - A)x|| / ||b|| (transposed: with (I - A)') */
    double seconds;            /* wall time of the solve */
} pmpi_solve_info;

typedef struct pmpi_system pmpi_system;

/* *S := the distributed matrix I - A (MatMPIAIJ, exactly preallocated from R: this rank's rows of A) with a
 * GMRES solver (preconditioner: PETSc's default for MPIAIJ, block Jacobi with ILU(0) per rank, or what
 * PETSC_OPTIONS says). R's arrays are freed once PETSc holds the matrix (R->lo and R->nrows stay), so that
 * the two copies and the factors are never all in memory. Destroy with pmpi_system_destroy. */
ogas_status pmpi_system_create(MPI_Comm comm, pmpi_rows *R, int64_t n, const pmpi_solve_options *o, pmpi_system **S,
                               ogas_error *err);
/* x[0..nrows) := this rank's part of (I - A)^-1 b (transposed: (I - A)'^-1 b), b this rank's part. The true
 * residual is checked against the tolerance; the solve is refined (restarted from x) while it is above. */
ogas_status pmpi_system_solve(pmpi_system *S, int transposed, const double *b, double *x, pmpi_solve_info *info,
                              ogas_error *err);
/* Fails with OGAS_ENOTPRODUCTIVE, naming the products with the largest input sums, when the spectral radius
 * of A is certainly 1 or more (column sums and Collatz-Wielandt bounds by power iteration, as the serial
 * engine checks). A with negative entries is not checked. */
ogas_status pmpi_system_check_productive(pmpi_system *S, ogas_error *err);
/* The products' codes for S's messages (only rank 0's message is printed: others may pass NULL); NULL:
 * numbers from 1. The array must outlive S. */
void pmpi_system_set_codes(pmpi_system *S, char *const *codes);
/* Distinct off-rank columns of this rank's rows of I - A: the ghost values received per product. */
int64_t pmpi_system_ghosts(const pmpi_system *S);
/* "gmres" and the preconditioner in words ("bjacobi/ilu"), into buf of size n. */
void pmpi_system_method(const pmpi_system *S, char *method, size_t mn, char *pc, size_t pn);
/* Releases S (NULL is a no-op). */
void pmpi_system_destroy(pmpi_system *S);
/* Records the PETSc error code pe, raised by call, in err; returns its ogas status (ENOMEM or EINTERNAL). */
ogas_status pmpi_petsc_error(int pe, const char *call, ogas_error *err);

/* petsc_pdlp.c: a plan's LP over the ranks, for ogas_pdlp_solve. The operations end the job (MPI_Abort,
 * with the message) on a PETSc failure: it can only come from inside a collective product. */
typedef struct pmpi_lp pmpi_lp;
/* *P := the LP d (rank 0's; NULL on the others) spread over the ranks: contiguous blocks of rows of K and
 * of columns, each of about equal nonzeros, K and K' as MATMPIAIJ, this rank's parts of the bounds and
 * the objective. Destroy with pmpi_lp_destroy. */
ogas_status pmpi_lp_create(MPI_Comm comm, const ogas_plan_model_data *d, pmpi_lp **P, ogas_error *err);
/* PDLP's operations on P (ogas/pdlp.h). */
const ogas_pdlp_ops *pmpi_lp_ops(const pmpi_lp *P);
/* This rank's part of P's vectors. */
const ogas_pdlp_lp *pmpi_lp_part(const pmpi_lp *P);
/* This rank's nonzeros of K and K', and the off-rank values that one product with each receives. */
void pmpi_lp_figures(const pmpi_lp *P, int64_t *nonzeros, int64_t *ghosts);
/* full (on rank 0; NULL elsewhere) := the vector of which each rank holds the part mine: of the
 * columns (columns = 1) or of the rows. */
void pmpi_lp_gather(const pmpi_lp *P, int columns, const double *mine, double *full);
/* P's operations get certificates (ogas_pdlp_ops.certify_*): the points gathered on rank 0, made feasible
 * there by C (rank 0's; NULL elsewhere), sent back in parts. */
ogas_status pmpi_lp_certify(pmpi_lp *P, ogas_plan_certifier *C, ogas_error *err);
/* Releases P (NULL is a no-op). */
void pmpi_lp_destroy(pmpi_lp *P);

/* plan_cmd.c: `ogas-mpi plan` */
typedef struct pmpi_plan_args {
    const char *dir;         /* the plan: any folder or table `ogas plan` reads */
    const char *out;         /* --out DIR, or NULL */
    const char *weights, *projects, *selected; /* --weights, --projects, --selected FILE, or NULL */
    int json, quiet, years;  /* --json, --quiet, --years (0: the loader's default) */
    int progress;            /* --progress: rank 0 shows the bounds on stderr even when it is not a terminal */
    ogas_plan_options po;    /* --gap, --max-iter, --max-seconds, --min-fulfilment */
} pmpi_plan_args;
/* a := the command line of `ogas-mpi plan` (argv[1] is "plan"); returns 0, 1 after --help, 2 on a bad
 * command line (printed on rank 0). */
int pmpi_plan_parse(int argc, char **argv, int rank, pmpi_plan_args *a);
/* Runs `ogas-mpi plan` inside PETSc; returns the exit status, the same on every rank. */
int pmpi_plan_run(MPI_Comm comm, const pmpi_plan_args *a, double t0);

#endif
