/* ogas/supply_use.h: make (supply) and use tables, and their requirements tables under the industry
 * technology assumption, with the BEA adjustment for scrap.
 *
 * Notation (BEA, Concepts and Methods of the U.S. Input-Output Accounts, 2006/2009, ch. 12; Miller and
 * Blair, Input-Output Analysis, 2nd ed., 2009, ch. 5):
 *   V  make table, industries x commodities: V(i,c) = output of commodity c by industry i
 *   U  intermediate part of the use table, commodities x industries
 *   g  industry output, g = V 1 (row sums of V, scrap included)
 *   q  commodity output, q = V' 1 (column sums of V)
 *   B  = U diag(g)^-1, commodity-by-industry direct requirements
 *   D  = V diag(q)^-1, industry-by-commodity market shares
 * With a scrap commodity s, its column is left out of V before q and D are formed (D(:,s) = 0), and
 * row i of D is divided by 1 - p_i, p_i = V(i,s) / g_i the scrap share of industry i's output; then
 * D q = g still holds. Total requirements:
 *   industry by industry   (I - D B)^-1
 *   commodity by commodity (I - B D)^-1
 *   industry by commodity  D (I - B D)^-1
 * The tables are dense (a few thousand industries or commodities at most). See
 * docs/formats-supply-use.md. */
#ifndef OGAS_SUPPLY_USE_H
#define OGAS_SUPPLY_USE_H

#include <stdint.h>

#include "ogas/economy.h"
#include "ogas/error.h"
#include "ogas/sparse.h"

/* Which total requirements table. */
typedef enum ogas_tr_kind {
    OGAS_TR_IXI = 0, /* industry by industry, (I - D B)^-1 */
    OGAS_TR_CXC,     /* commodity by commodity, (I - B D)^-1 */
    OGAS_TR_IXC      /* industry by commodity, D (I - B D)^-1 */
} ogas_tr_kind;

/* "ixi", "cxc" or "ixc"; "?" for other values. */
const char *ogas_tr_kind_name(ogas_tr_kind k);
/* *k := the kind named s ("ixi", "cxc", "ixc"); returns 1 on success, 0 otherwise. */
int ogas_tr_kind_parse(const char *s, ogas_tr_kind *k);

/* g[0..V->m) := row sums of V (industry output), q[0..V->n) := column sums of V (commodity output,
 * for the scrap commodity the scrap made). */
void ogas_supply_use_outputs(const ogas_csr *V, double *g, double *q);

/* B := U diag(g)^-1 (commodities x industries) and D := the market shares V diag(q)^-1 (industries x
 * commodities), adjusted for scrap when scrap >= 0 (a commodity index; -1 for none). V must be finite and
 * >= 0. An industry with zero output and no inputs gets a zero column of B; zero output with inputs, or
 * output that is all scrap, is an error naming the industry (codes may be NULL). A commodity nobody makes
 * gets a zero column of D. */
ogas_status ogas_supply_use_coefficients(const ogas_csr *V, const ogas_csr *U, int64_t scrap, char *const *industries,
                                         char *const *commodities, ogas_csr *B, ogas_csr *D, ogas_error *err);

/* A := the direct requirements D B (OGAS_TR_IXI, industries x industries) or B D (OGAS_TR_CXC,
 * commodities x commodities) of coefficients B and D from ogas_supply_use_coefficients. */
ogas_status ogas_supply_use_direct(const ogas_csr *B, const ogas_csr *D, ogas_tr_kind kind, ogas_csr *A,
                                   ogas_error *err);

/* TR := the total requirements table of kind for make table V (industries x commodities) and use table U
 * (commodities x industries), scrap a commodity index or -1. Rows x columns: ixi industries x industries,
 * cxc commodities x commodities, ixc industries x commodities. Fails like ogas_leontief_inverse when
 * D B (or B D) is not productive, naming the industries (or commodities) responsible; codes may be NULL. */
ogas_status ogas_total_requirements(const ogas_csr *V, const ogas_csr *U, int64_t scrap, ogas_tr_kind kind,
                                    char *const *industries, char *const *commodities, ogas_dense *TR,
                                    ogas_error *err);

/* out[c] := q_c * sum_i D(i,c) w_i / g_i for c over D's columns: an amount w per industry (value added,
 * compensation, hours) carried over to commodities under the industry technology assumption (each
 * commodity takes, per unit, the input of each industry that makes it, weighted by market share).
 * With D and q as above, sum_c out[c] = sum_i w_i over the industries that make something. A NaN w_i
 * reaches only the commodities industry i makes. */
void ogas_supply_use_to_commodities(const ogas_csr *D, const double *g, const double *q, const double *w,
                                    double *out);

/* Make and use tables as read from their files. */
typedef struct ogas_supply_use {
    int64_t ni;          /* industries */
    int64_t nc;          /* commodities */
    char **industries;   /* ni industry codes, in the make table's row order */
    char **commodities;  /* nc commodity codes, in the make table's column order */
    ogas_csr V;          /* make table, ni x nc */
    ogas_csr U;          /* intermediate use, nc x ni, rows and columns in the make table's order */
    int64_t scrap;       /* commodity index of scrap, -1 when none was named */
    int64_t nfd;         /* final-demand columns of the use table */
    ogas_series *fd;     /* each with nc values (one per commodity) */
    int64_t nva;         /* value-added (primary-input) rows of the use table */
    ogas_series *va;     /* each with ni values (one per industry); NaN for missing-value markers */
    int64_t nnotes;      /* soft findings: totals in the tables that do not add up */
    char **notes;        /* one line each */
} ogas_supply_use;

/* su := the make table at make_path and the use table at use_path (wide CSV, see
 * docs/formats-supply-use.md); scrap (may be NULL) names the scrap commodity. Industries of the two
 * tables must match as sets, and so must commodities; bad input is reported as file:line:column. */
ogas_status ogas_supply_use_read(const char *make_path, const char *use_path, const char *scrap,
                                 ogas_supply_use *su, ogas_error *err);
/* Releases su's arrays and leaves it zeroed. */
void ogas_supply_use_free(ogas_supply_use *su);

#endif
