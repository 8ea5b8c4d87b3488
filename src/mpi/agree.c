/* agree.c: what the ranks of ogas-mpi share: agreement on failures, exit statuses, memory figures and
 * the growable entry arrays. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ogas_mpi.h"

/* Status of the lowest failing rank, its err copied to all ranks. */
ogas_status pmpi_agree(MPI_Comm comm, ogas_status rc, ogas_error *err)
{
    int rank, size, mine, first;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    if (rc && err->code == OGAS_OK) ogas_error_set(err, rc, "%s", ogas_status_message(rc));
    mine = rc ? rank : size;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm);
    if (first == size) return OGAS_OK;
    MPI_Bcast(err, (int)sizeof *err, MPI_BYTE, first, comm);
    return err->code;
}

/* *v := number s within [lo, hi]; prints on rank 0 and returns 0 if it is not one. */
int pmpi_number_arg(int rank, const char *cmd, const char *name, const char *s, double lo, double hi, double *v)
{
    if (s && ogas_parse_double(s, strlen(s), v) && *v >= lo && *v <= hi) return 1;
    if (rank == 0)
        fprintf(stderr, "ogas-mpi %s: --%s expects a number from %g to %g, not '%s'\n", cmd, name, lo, hi, s ? s : "");
    return 0;
}

/* Prints (rank 0) why argument s of `ogas-mpi cmd` is refused; returns 2. */
int pmpi_bad_arg(int rank, const char *cmd, const char *s, int needs_value)
{
    if (rank == 0)
        fprintf(stderr, "ogas-mpi %s: %s '%s' (see ogas-mpi %s --help)\n", cmd,
                strncmp(s, "--", 2) != 0 ? "unexpected argument" : needs_value ? "option needs a value:" : "unknown option", s,
                cmd);
    return 2;
}

/* The exit status of `ogas-mpi cmd` for err (0 when rc is OGAS_OK), its message printed by rank 0. */
int pmpi_exit(int rank, const char *cmd, ogas_status rc, const ogas_error *err)
{
    char buf[1200];
    if (!rc) return 0;
    if (rank == 0) fprintf(stderr, "ogas-mpi %s: %s\n", cmd, ogas_error_format(err, buf, sizeof buf));
    return cli_exit_status(err->code);
}

/* VmHWM from /proc/self/status, in KiB. */
int64_t pmpi_vmhwm_kib(void)
{
    char line[256];
    long long kib = 0;
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp) return 0;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, "VmHWM:", 6) == 0 && sscanf(line + 6, "%lld", &kib) == 1) break;
    fclose(fp);
    return (int64_t)kib;
}

/* E += (i, j, v), doubling the array when full. */
int pmpi_entries_push(pmpi_entries *E, int32_t i, int32_t j, double v)
{
    if (E->count == E->cap) {
        int64_t cap = E->cap ? 2 * E->cap : 4096;
        pmpi_entry *e = ogas_reallocarray(E->e, (size_t)cap, sizeof *e);
        if (!e) return 0;
        E->e = e;
        E->cap = cap;
    }
    E->e[E->count].i = i;
    E->e[E->count].j = j;
    E->e[E->count].v = v;
    E->count++;
    return 1;
}

/* E's array := room for cap entries (at least its count); returns 0 on out of memory (E unchanged). */
int pmpi_entries_reserve(pmpi_entries *E, int64_t cap)
{
    pmpi_entry *e;
    if (cap < E->count) cap = E->count;
    e = ogas_reallocarray(E->e, (size_t)(cap ? cap : 1), sizeof *e);
    if (!e) return 0;
    E->e = e;
    E->cap = cap;
    return 1;
}

/* Frees E's array. */
void pmpi_entries_free(pmpi_entries *E)
{
    ogas_free(E->e);
    memset(E, 0, sizeof *E);
}
