/* test_plan_problem.c: plan problems: reading the peer planner's four CSV files (examples/plan), every
 * kind of bad input reported at its file:line:column with the problem left zeroed, and
 * ogas_plan_problem_check on hand-built problems that break each rule. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <unistd.h>

#include "ogas/core.h"
#include "ogas/plan.h"
#include "test.h"

/* A(i, j), or NaN when A stores no entry there. */
static double entry(const ogas_csr *A, int64_t i, int64_t j)
{
    for (int64_t q = A->p[i]; q < A->p[i + 1]; q++)
        if (A->j[q] == j) return A->x[q];
    return NAN;
}

/* Index of the product called code, or -1. */
static int64_t product(const ogas_plan_problem *p, const char *code)
{
    for (int64_t i = 0; i < p->n; i++)
        if (strcmp(p->codes[i], code) == 0) return i;
    return -1;
}

/* 1 if A and B have the same shape and pattern. */
static int same_pattern(const ogas_csr *A, const ogas_csr *B)
{
    if (A->m != B->m || A->n != B->n) return 0;
    for (int64_t i = 0; i <= A->m; i++)
        if (A->p[i] != B->p[i]) return 0;
    for (int64_t q = 0; q < A->p[A->m]; q++)
        if (A->j[q] != B->j[q]) return 0;
    return 1;
}

/* 1 if every byte of p is zero. */
static int zeroed(const ogas_plan_problem *p)
{
    static const ogas_plan_problem zero;
    return memcmp(p, &zero, sizeof zero) == 0;
}

TEST(plan_peer_example4)
{
    ogas_plan_problem p;
    ogas_error err;
    int64_t iron, coal, corn, bread;
    REQUIRE(ogas_plan_read_peer("examples/plan/example4", &p, &err) == OGAS_OK);
    CHECK_EQ_INT(p.n, 4);
    CHECK_EQ_INT(p.m, 4);
    CHECK_EQ_INT(p.T, 5);
    CHECK(p.tech_names == NULL);
    CHECK(p.lag == NULL);
    iron = product(&p, "iron");
    coal = product(&p, "coal");
    corn = product(&p, "corn");
    bread = product(&p, "bread");
    CHECK(iron == 0 && coal == 1 && corn == 2 && bread == 3);
    REQUIRE(iron >= 0 && coal >= 0 && corn >= 0 && bread >= 0);
    /* One technique per product, making one unit of it. */
    CHECK_EQ_INT(ogas_csr_nnz(&p.output), 4);
    for (int64_t k = 0; k < 4; k++) CHECK(entry(&p.output, k, k) == 1.0);
    /* flows.csv: coal into iron 2, iron output 10; corn into bread 1, bread output 1. */
    CHECK_EQ_INT(ogas_csr_nnz(&p.input), 7);
    CHECK(entry(&p.input, coal, iron) == 2.0 / 10);
    CHECK(entry(&p.input, iron, iron) == 0.1 / 10);
    CHECK(entry(&p.input, coal, corn) == 0.04 / 10);
    CHECK(entry(&p.input, corn, bread) == 1.0 / 1);
    CHECK(isnan(entry(&p.input, bread, bread)));
    CHECK(p.labour[bread] == 0.1 / 1);
    CHECK(p.labour[coal] == 1.0 / 6);
    /* cap.csv and dep.csv. */
    CHECK_EQ_INT(ogas_csr_nnz(&p.capital), 9);
    CHECK(entry(&p.capital, iron, iron) == 10.0 / 10);
    CHECK(entry(&p.capital, iron, coal) == 7.0 / 6);
    CHECK(entry(&p.capital, coal, corn) == 0.04 / 10);
    CHECK(isnan(entry(&p.capital, corn, iron)));
    CHECK(same_pattern(&p.capital, &p.stock0));
    CHECK(same_pattern(&p.capital, &p.dep));
    CHECK(entry(&p.stock0, iron, coal) == 7.0);
    CHECK(entry(&p.stock0, corn, corn) == 1.0);
    CHECK(entry(&p.dep, coal, bread) == 0.5);
    CHECK(entry(&p.dep, iron, bread) == 0.06);
    CHECK(entry(&p.dep, corn, corn) == 0.5);
    /* labtarg.csv; its last line has a trailing blank and no newline. */
    CHECK(p.labour_supply[0] == 3.0);
    CHECK(p.labour_supply[4] == 3.07);
    CHECK(p.target[1 * 4 + bread] == 2.01);
    CHECK(p.target[3 * 4 + coal] == 3.1);
    CHECK(p.target[0 * 4 + corn] == 0.0);
    CHECK_EQ_INT(ogas_plan_problem_check(&p, &err), OGAS_OK);
    ogas_plan_problem_free(&p);
    CHECK(zeroed(&p));
}

/* The eight generated instances: sizes and nonzero counts as in examples/plan/README.md, and a few
 * coefficients worked out by hand from the CSVs. */
TEST(plan_peer_random5y)
{
    static const struct {
        const char *name;
        int64_t n, flows, cap;
    } inst[] = {{"n10_1", 10, 53, 48}, {"n10_2", 10, 43, 51}, {"n20_1", 20, 95, 95},   {"n20_2", 20, 93, 111},
                {"n30_1", 30, 161, 170}, {"n30_2", 30, 144, 167}, {"n40_1", 40, 220, 209}, {"n40_2", 40, 199, 219}};
    for (size_t k = 0; k < sizeof inst / sizeof *inst; k++) {
        char dir[128];
        ogas_plan_problem p;
        ogas_error err;
        snprintf(dir, sizeof dir, "examples/plan/random5y/%s", inst[k].name);
        if (ogas_plan_read_peer(dir, &p, &err) != OGAS_OK) {
            test_fail(__FILE__, __LINE__, "%s: %s:%ld:%ld: %s", inst[k].name, err.file, err.line, err.column, err.message);
            continue;
        }
        CHECK_EQ_INT(p.n, inst[k].n);
        CHECK_EQ_INT(p.m, inst[k].n);
        CHECK_EQ_INT(p.T, 5);
        CHECK_EQ_INT(ogas_csr_nnz(&p.output), inst[k].n);
        CHECK_EQ_INT(ogas_csr_nnz(&p.input), inst[k].flows);
        CHECK_EQ_INT(ogas_csr_nnz(&p.capital), inst[k].cap);
        CHECK(same_pattern(&p.capital, &p.stock0));
        CHECK(same_pattern(&p.capital, &p.dep));
        for (int64_t q = 0; q < ogas_csr_nnz(&p.dep); q++) CHECK(p.dep.x[q] == 0.07);
        for (int64_t i = 0; i < p.n; i++) {
            char code[24];
            snprintf(code, sizeof code, "P%lld", (long long)i);
            CHECK_STR(p.codes[i], code);
        }
        ogas_plan_problem_free(&p);
    }
}

TEST(plan_peer_random5y_coefficients)
{
    ogas_plan_problem p;
    ogas_error err;
    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n10_1", &p, &err) == OGAS_OK);
    CHECK(entry(&p.input, 0, 2) == 1 / 37.362398613128875);   /* flow(P0, P2) = 1 */
    CHECK(entry(&p.capital, 1, 2) == 3 / 37.362398613128875); /* cap(P1, P2) = 3 */
    CHECK(entry(&p.stock0, 1, 2) == 3);
    CHECK(p.labour[9] == 8 / 28.691840931750672);
    CHECK(p.target[2 * 10 + 1] == 10.529781112670898);
    CHECK(p.labour_supply[2] == 57);
    ogas_plan_problem_free(&p);

    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n20_1", &p, &err) == OGAS_OK);
    CHECK(entry(&p.input, 0, 6) == 3 / 27.48776285212098);
    CHECK(entry(&p.capital, 1, 5) == 2 / 20.854575654528556);
    CHECK(p.labour[19] == 4 / 2.2700309237338163);
    CHECK(p.target[2 * 20 + 1] == 7.523036251068115);
    CHECK(p.labour_supply[2] == 116);
    /* P18's column of cap.csv is all zero: no capacity limit, no stock, no depreciation. */
    CHECK_STR(p.codes[18], "P18");
    for (int64_t i = 0; i < p.n; i++) {
        CHECK(isnan(entry(&p.capital, i, 18)));
        CHECK(isnan(entry(&p.stock0, i, 18)));
        CHECK(isnan(entry(&p.dep, i, 18)));
    }
    for (int64_t k = 0; k < p.m; k++) {
        int64_t c = 0;
        for (int64_t q = 0; q < ogas_csr_nnz(&p.capital); q++) c += p.capital.j[q] == k;
        if (k != 18) CHECK(c > 0);
    }
    ogas_plan_problem_free(&p);

    REQUIRE(ogas_plan_read_peer("examples/plan/random5y/n40_2", &p, &err) == OGAS_OK);
    CHECK(entry(&p.input, 0, 19) == 1 / 19.092209629485566);
    CHECK(entry(&p.capital, 1, 13) == 6 / 12.693109270330948);
    CHECK(p.labour[39] == 3 / 47.04208739037583);
    CHECK(p.target[2 * 40 + 1] == 10.851111898422241);
    CHECK(p.labour_supply[2] == 222);
    ogas_plan_problem_free(&p);
}

/* The four files of a folder (NULL: the file is left out). */
typedef struct peer_files {
    const char *flows, *cap, *dep, *labtarg;
} peer_files;

/* A small valid folder: two products, two years. dep(a, b) = 0.9 stands where cap(a, b) = 0 (ignored);
 * dep(b, a) = 0 where cap(b, a) = 1 (kept as an entry). */
static const peer_files small = {
    "headings,a,b\n"
    "a,0.1,0.2\n"
    "b,0.3,0\n"
    "labour,1,2\n"
    "output,10,5\n",
    "headings,a,b\n"
    "a,2,0\n"
    "b,1,3\n",
    "headings,a,b\n"
    "a,0.1,0.9\n"
    "b,0,0.5\n",
    "headings,a,b,labour\n"
    "year1,1,2,10\n"
    "year2,1.1,0,11\n",
};

/* Writes f's files into a fresh folder under /tmp (its name into dir); returns 0 on failure. */
static int write_folder(char dir[64], const peer_files *f)
{
    const char *names[4] = {"flows.csv", "cap.csv", "dep.csv", "labtarg.csv"};
    const char *texts[4] = {f->flows, f->cap, f->dep, f->labtarg};
    snprintf(dir, 64, "/tmp/ogas-plan-XXXXXX");
    if (!mkdtemp(dir)) return 0;
    for (int k = 0; k < 4; k++) {
        char path[128];
        FILE *fp;
        if (!texts[k]) continue;
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        fp = fopen(path, "wb");
        if (!fp) return 0;
        fputs(texts[k], fp);
        fclose(fp);
    }
    return 1;
}

/* Removes a folder that write_folder made. */
static void remove_folder(const char *dir)
{
    const char *names[4] = {"flows.csv", "cap.csv", "dep.csv", "labtarg.csv"};
    for (int k = 0; k < 4; k++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        unlink(path);
    }
    rmdir(dir);
}

/* Reads the folder of f and checks that it fails with code, in the file called file at line:col, with
 * a message containing msg, leaving p zeroed. Failures are reported at the caller's line. */
static void expect_error(int at, const peer_files *f, ogas_status code, const char *file, long line, long col,
                         const char *msg)
{
    char dir[64];
    ogas_plan_problem p;
    ogas_error err;
    ogas_status rc;
    const char *base;
    memset(&p, 0xab, sizeof p);
    if (!write_folder(dir, f)) {
        test_fail(__FILE__, at, "cannot write a folder under /tmp");
        return;
    }
    ogas_error_clear(&err);
    rc = ogas_plan_read_peer(dir, &p, &err);
    base = strrchr(err.file, '/');
    base = base ? base + 1 : err.file;
    if (rc != code || err.code != code || strcmp(base, file) != 0 || err.line != line || err.column != col ||
        !strstr(err.message, msg))
        test_fail(__FILE__, at, "expected %s at %s:%ld:%ld containing \"%s\", got %s at %s:%ld:%ld: %s",
                  ogas_status_name(code), file, line, col, msg, ogas_status_name(rc), base, err.line, err.column,
                  err.message);
    if (!zeroed(&p)) test_fail(__FILE__, at, "the problem is not left zeroed after the error");
    if (rc == OGAS_OK) ogas_plan_problem_free(&p);
    remove_folder(dir);
}
#define EXPECT_ERROR(f, code, file, line, col, msg) expect_error(__LINE__, f, code, file, line, col, msg)

TEST(plan_peer_small_folder)
{
    char dir[64];
    ogas_plan_problem p;
    ogas_error err;
    REQUIRE(write_folder(dir, &small));
    REQUIRE(ogas_plan_read_peer(dir, &p, &err) == OGAS_OK);
    remove_folder(dir);
    CHECK_EQ_INT(p.n, 2);
    CHECK_EQ_INT(p.T, 2);
    CHECK_EQ_INT(ogas_csr_nnz(&p.input), 3);
    CHECK(entry(&p.input, 0, 0) == 0.1 / 10);
    CHECK(entry(&p.input, 0, 1) == 0.2 / 5);
    CHECK(entry(&p.input, 1, 0) == 0.3 / 10);
    CHECK(p.labour[0] == 0.1 && p.labour[1] == 0.4);
    CHECK_EQ_INT(ogas_csr_nnz(&p.capital), 3);
    CHECK(entry(&p.capital, 0, 0) == 0.2);
    CHECK(entry(&p.capital, 1, 0) == 0.1);
    CHECK(entry(&p.capital, 1, 1) == 0.6);
    CHECK(same_pattern(&p.capital, &p.stock0));
    CHECK(same_pattern(&p.capital, &p.dep));
    CHECK(entry(&p.stock0, 1, 1) == 3);
    CHECK(entry(&p.dep, 0, 0) == 0.1);
    CHECK(entry(&p.dep, 1, 0) == 0.0); /* a zero rate is kept: the pattern is capital's */
    CHECK(isnan(entry(&p.dep, 0, 1))); /* the rate 0.9 where cap is 0 is ignored */
    CHECK(p.target[1 * 2 + 1] == 0);
    CHECK(p.labour_supply[1] == 11);
    ogas_plan_problem_free(&p);
}

/* CRLF line ends, a byte-order mark, quoted names, blank lines and blanks around numbers. */
TEST(plan_peer_tolerated_layout)
{
    peer_files f = small;
    char dir[64];
    ogas_plan_problem p;
    ogas_error err;
    f.flows = "\xEF\xBB\xBFheadings,\"a\",b\r\n"
              "a, 0.1 ,0.2\r\n"
              "   \r\n"
              "\"b\",0.3,0\r\n"
              "labour,1,2\r\n"
              "output,10,5 ";
    f.labtarg = "headings,a,b,labour\n\nyear1,1,2,10\nyear2,1.1,0,11 \n \n";
    REQUIRE(write_folder(dir, &f));
    if (ogas_plan_read_peer(dir, &p, &err) != OGAS_OK)
        test_fail(__FILE__, __LINE__, "%s:%ld:%ld: %s", err.file, err.line, err.column, err.message);
    else {
        CHECK_STR(p.codes[0], "a");
        CHECK(entry(&p.input, 0, 0) == 0.01);
        CHECK(p.labour_supply[1] == 11);
        ogas_plan_problem_free(&p);
    }
    remove_folder(dir);
}

TEST(plan_peer_missing_files)
{
    peer_files f = small;
    f.dep = NULL;
    EXPECT_ERROR(&f, OGAS_EIO, "dep.csv", 0, 0, "cannot open");
    f = small;
    f.flows = NULL;
    EXPECT_ERROR(&f, OGAS_EIO, "flows.csv", 0, 0, "cannot open");
    f = small;
    f.labtarg = NULL;
    EXPECT_ERROR(&f, OGAS_EIO, "labtarg.csv", 0, 0, "cannot open");
    {
        ogas_plan_problem p;
        ogas_error err;
        CHECK_EQ_INT(ogas_plan_read_peer("/nonexistent/ogas-plan", &p, &err), OGAS_EIO);
        CHECK(zeroed(&p));
        CHECK_EQ_INT(ogas_plan_read_peer(NULL, &p, &err), OGAS_EARG);
        CHECK(zeroed(&p));
        CHECK_EQ_INT(ogas_plan_read_peer("examples/plan/example4", NULL, &err), OGAS_EARG);
    }
}

TEST(plan_peer_bad_headers)
{
    peer_files f = small;
    f.flows = "head,a,b\na,0.1,0.2\nb,0.3,0\nlabour,1,2\noutput,10,5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 1, 1, "starting with 'headings', found 'head'");
    f.flows = "";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 1, 1, "the file is empty");
    f.flows = "headings\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 1, 1, "expected product names");
    f.flows = "headings,a,a\na,0.1,0.2\na,0.3,0\nlabour,1,2\noutput,10,5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 1, 12, "duplicate product name 'a'");
    f.flows = "headings,a,\na,0.1,0.2\n,0.3,0\nlabour,1,2\noutput,10,5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 1, 12, "empty product name");
    f = small;
    f.cap = "headings,a,c\na,2,0\nb,1,3\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "cap.csv", 1, 12, "header column 3 is 'c', expected product 'b' (as in flows.csv");
    f.cap = "headings,a\na,2\nb,1\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "cap.csv", 1, 10, "the header ends after 1 product names, expected 2");
    f.cap = "Headings,a,b\na,2,0\nb,1,3\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "cap.csv", 1, 1, "'headings'");
    f = small;
    f.dep = "headings,a,b,c\na,0.1,0.9\nb,0,0.5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "dep.csv", 1, 14, "unexpected header column 4 'c'");
    f = small;
    f.labtarg = "headings,a,b\nyear1,1,2\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 1, 12, "expected a last header column 'labour'");
    f.labtarg = "headings,a,b,hours\nyear1,1,2,10\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 1, 14, "header column 4 is 'hours', expected 'labour'");
    f.labtarg = "headings,b,a,labour\nyear1,1,2,10\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 1, 10, "header column 2 is 'b', expected product 'a'");
    f.labtarg = "headings,a,b,labour,x\nyear1,1,2,10,1\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 1, 21, "unexpected header column 5 'x'");
}

TEST(plan_peer_bad_rows)
{
    peer_files f = small;
    f.cap = "headings,a,b\na,2\nb,1,3\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "cap.csv", 2, 3, "ragged row 'a': 2 fields, the header has 3");
    f.cap = "headings,a,b\na,2,0,7\nb,1,3\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "cap.csv", 2, 7, "ragged row 'a': 4 fields");
    f.cap = "headings,a,b\na,2,0\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "cap.csv", 2, 1, "expected row 'b'");
    f.cap = "headings,a,b\na,2,0\nb,1,3\nc,1,1\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "cap.csv", 4, 1, "unexpected row 'c'");
    f = small;
    f.flows = "headings,a,b\nb,0.3,0\na,0.1,0.2\nlabour,1,2\noutput,10,5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 2, 1, "expected row 'a'");
    f.flows = "headings,a,b\na,0.1,0.2\nb,0.3,0\noutput,10,5\nlabour,1,2\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 4, 1, "expected row 'labour'");
    f.flows = "headings,a,b\na,0.1,0.2\nb,0.3,0\nlabour,1,2\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 4, 1, "expected row 'output'");
    f.flows = "headings,a,b\na,0.1,0.2\nb,0.3,0\nlabour,1,2\noutput,10,5\n\nextra,1,1\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 7, 1, "unexpected row 'extra'");
    f.flows = "headings,a,b\na,0.1,0.2\nb,0.3,0\nlabour,1,2\noutput,10,5,6\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 5, 13, "ragged row 'output'");
    f = small;
    f.labtarg = "headings,a,b,labour\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 1, 1, "no year rows");
    f.labtarg = "headings,a,b,labour\nyear2,1,2,10\nyear1,1,2,10\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 2, 1, "expected row 'year1'");
    f.labtarg = "headings,a,b,labour\nyear1,1,2,10\nyear3,1,2,10\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 3, 1, "expected row 'year2'");
    f.labtarg = "headings,a,b,labour\ntotal,1,2,10\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 2, 1, "expected row 'year1'");
    f.labtarg = "headings,a,b,labour\nyear1,1,2\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 2, 9, "ragged row 'year1'");
    f.labtarg = "headings,a,b,labour\nyear1,1,2,10\nyear2,0,0,11\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 3, 1, "year 2 has no positive target");
}

TEST(plan_peer_bad_numbers)
{
    peer_files f = small;
    f.flows = "headings,a,b\na,0.1,x\nb,0.3,0\nlabour,1,2\noutput,10,5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 2, 7, "expected a number (input flow of a to b), found 'x'");
    f.flows = "headings,a,b\na,,0.2\nb,0.3,0\nlabour,1,2\noutput,10,5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 2, 3, "found an empty cell");
    f.flows = "headings,a,b\na,0.1,0.2\nb,-0.3,0\nlabour,1,2\noutput,10,5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 3, 3, "negative input flow of b to a -0.3");
    f.flows = "headings,a,b\na,0.1,0.2\nb,0.3,0\nlabour,1,-2\noutput,10,5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 4, 10, "negative labour of b");
    f.flows = "headings,a,b\na,0.1,0.2\nb,0.3,0\nlabour,1,2\noutput,10,0\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 5, 11, "output of b is 0 (expected > 0");
    f.flows = "headings,a,b\na,0.1,0.2\nb,0.3,0\nlabour,1,2\noutput,-1,5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 5, 8, "output of a is -1 (expected > 0");
    f.flows = "headings,a,b\na,1e300,0.2\nb,0.3,0\nlabour,1,2\noutput,1e-300,5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 2, 3, "beyond the range of double precision");
    f.flows = "headings,a,b\na,0.1,0.2\nb,0.3,0\nlabour,1e300,2\noutput,1e-300,5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 4, 8, "labour per unit of output");
    f.flows = "headings,a,b\na,\"0.1,0.2\nb,0.3,0\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "flows.csv", 2, 3, "never closed");
    f = small;
    f.cap = "headings,a,b\na,2,0\nb,inf,3\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "cap.csv", 3, 3, "found infinity");
    f.cap = "headings,a,b\na,2,0\nb,1,-3\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "cap.csv", 3, 5, "negative capital stock of b in b");
    f.cap = "headings,a,b\na,1e999,0\nb,1,3\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "cap.csv", 2, 3, "out of the range");
    f = small;
    f.dep = "headings,a,b\na,0.1,0.9\nb,0,1.5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "dep.csv", 3, 5, "depreciation rate of b in b is 1.5 (expected a share in [0, 1])");
    f.dep = "headings,a,b\na,-0.1,0.9\nb,0,0.5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "dep.csv", 2, 3, "expected a share in [0, 1]");
    f.dep = "headings,a,b\na,0.1,7%\nb,0,0.5\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "dep.csv", 2, 7, "found '7%'");
    f = small;
    f.labtarg = "headings,a,b,labour\nyear1,nan,2,10\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 2, 7, "found NaN");
    f.labtarg = "headings,a,b,labour\nyear1,1,-2,10\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 2, 9, "negative target of b in year1");
    f.labtarg = "headings,a,b,labour\nyear1,1,2,-10\n";
    EXPECT_ERROR(&f, OGAS_EINVAL, "labtarg.csv", 2, 11, "negative labour supply in year1");
}

/* Every allocation failing in turn: out of memory, p zeroed, nothing leaked (checked under ASan). */
TEST(plan_peer_out_of_memory)
{
    char dir[64];
    ogas_plan_problem p;
    ogas_error err;
    long after;
    REQUIRE(write_folder(dir, &small));
    for (after = 0; after < 10000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_plan_read_peer(dir, &p, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        CHECK(zeroed(&p));
        if (rc != OGAS_ENOMEM) break;
    }
    remove_folder(dir);
    CHECK(after > 20);
    CHECK_EQ_INT(p.n, 2);
    ogas_plan_problem_free(&p);
}

/* A valid hand-built problem: products a, b, c; techniques t1 (a and b jointly), t2 (c), t3 (a from c);
 * two years; capital in three cells. */
static void make_problem(ogas_plan_problem *p)
{
    static const double output[3 * 3] = {1, 0, 2, /**/ 0.5, 0, 0, /**/ 0, 1, 0};
    static const double input[3 * 3] = {0, 0.1, 0, /**/ 0.2, 0, 0, /**/ 0, 0, 0.5};
    static const double capital[3 * 3] = {0.3, 0, 0, /**/ 0, 0.4, 0, /**/ 0, 0, 0.6};
    static const char *const codes[3] = {"a", "b", "c"}, *const techs[3] = {"t1", "t2", "t3"};
    memset(p, 0, sizeof *p);
    p->n = 3;
    p->m = 3;
    p->T = 2;
    p->codes = ogas_calloc(3, sizeof *p->codes);
    p->tech_names = ogas_calloc(3, sizeof *p->tech_names);
    for (int k = 0; k < 3; k++) {
        p->codes[k] = ogas_strdup(codes[k]);
        p->tech_names[k] = ogas_strdup(techs[k]);
    }
    ogas_csr_from_dense(3, 3, output, &p->output, NULL);
    ogas_csr_from_dense(3, 3, input, &p->input, NULL);
    ogas_csr_from_dense(3, 3, capital, &p->capital, NULL);
    ogas_csr_copy(&p->capital, &p->stock0, NULL);
    ogas_csr_copy(&p->capital, &p->dep, NULL);
    for (int q = 0; q < 3; q++) {
        p->stock0.x[q] = 10;
        p->dep.x[q] = 0.1 * q; /* 0, 0.1, 0.2 */
    }
    p->labour = ogas_calloc(3, sizeof *p->labour);
    p->labour[0] = 1;
    p->labour[1] = 2;
    p->labour[2] = 0;
    p->lag = ogas_calloc(3, sizeof *p->lag);
    p->lag[0] = p->lag[1] = 1;
    p->lag[2] = 2;
    p->labour_supply = ogas_calloc(2, sizeof *p->labour_supply);
    p->labour_supply[0] = p->labour_supply[1] = 100;
    p->target = ogas_calloc(6, sizeof *p->target);
    p->target[0] = 1;       /* a, year 1 */
    p->target[1 * 3 + 2] = 3; /* c, year 2 */
}

/* Checks that ogas_plan_problem_check(p) fails with code and a message containing msg; frees p. */
static void expect_check(int at, ogas_plan_problem *p, ogas_status code, const char *msg)
{
    ogas_error err;
    ogas_status rc;
    ogas_error_clear(&err);
    rc = ogas_plan_problem_check(p, &err);
    if (rc != code || err.code != code || !strstr(err.message, msg))
        test_fail(__FILE__, at, "expected %s containing \"%s\", got %s: %s", ogas_status_name(code), msg,
                  ogas_status_name(rc), err.message);
    ogas_plan_problem_free(p);
}
#define EXPECT_CHECK(p, code, msg) expect_check(__LINE__, p, code, msg)

TEST(plan_problem_check_rules)
{
    ogas_plan_problem p;
    ogas_error err;

    make_problem(&p);
    CHECK_EQ_INT(ogas_plan_problem_check(&p, &err), OGAS_OK);
    p.lag[0] = 5; /* long lags are fine */
    CHECK_EQ_INT(ogas_plan_problem_check(&p, &err), OGAS_OK);
    ogas_free(p.lag);
    p.lag = NULL; /* 1 year for all */
    CHECK_EQ_INT(ogas_plan_problem_check(&p, &err), OGAS_OK);
    ogas_plan_problem_free(&p);
    CHECK(zeroed(&p));
    CHECK_EQ_INT(ogas_plan_problem_check(NULL, &err), OGAS_EARG);

    make_problem(&p);
    p.T = 0;
    EXPECT_CHECK(&p, OGAS_EINVAL, "0 years");
    make_problem(&p);
    for (int k = 0; k < 3; k++) ogas_free(p.codes[k]);
    ogas_free(p.codes);
    p.codes = NULL;
    p.n = 0;
    EXPECT_CHECK(&p, OGAS_EINVAL, "0 products");

    /* Shapes. */
    make_problem(&p);
    p.input.n = 2;
    EXPECT_CHECK(&p, OGAS_EINVAL, "input is 3 x 2, expected products x techniques = 3 x 3");
    make_problem(&p);
    p.output.m = 2;
    EXPECT_CHECK(&p, OGAS_EINVAL, "output is 2 x 3");
    make_problem(&p);
    p.dep.n = 4;
    EXPECT_CHECK(&p, OGAS_EINVAL, "depreciation is 3 x 4");
    make_problem(&p);
    p.capital.j[0] = 7;
    EXPECT_CHECK(&p, OGAS_EINVAL, "capital: the row of product a has technique index 7");
    make_problem(&p);
    p.output.j[1] = 0; /* row a of output: techniques t1, t3 -> t1, t1 */
    EXPECT_CHECK(&p, OGAS_EINVAL, "output: the row of product a has its techniques out of order or repeated");

    /* Patterns of stock0 and dep. */
    make_problem(&p);
    p.stock0.j[1] = 0; /* row b: t2 -> t1 */
    EXPECT_CHECK(&p, OGAS_EINVAL, "stock0 has an entry for product b in technique t1 where capital has none");
    make_problem(&p);
    p.dep.j[2] = 0; /* row c: t3 -> t1 */
    EXPECT_CHECK(&p, OGAS_EINVAL, "dep has an entry for product c in technique t1 where capital has none");
    make_problem(&p);
    p.dep.p[1] = 0; /* row a loses its entry, row b gains it (column 0 before column 1: still sorted) */
    EXPECT_CHECK(&p, OGAS_EINVAL, "dep has no entry for product a in technique t1 where capital has one");

    /* Values. */
    make_problem(&p);
    p.input.x[1] = -0.2;
    EXPECT_CHECK(&p, OGAS_EINVAL, "input of product b in technique t1 is -0.2 (expected a finite number >= 0)");
    make_problem(&p);
    p.capital.x[2] = NAN;
    EXPECT_CHECK(&p, OGAS_EINVAL, "capital of product c in technique t3 is nan");
    make_problem(&p);
    p.output.x[0] = INFINITY;
    EXPECT_CHECK(&p, OGAS_EINVAL, "output of product a in technique t1 is inf");
    make_problem(&p);
    p.stock0.x[0] = -1;
    EXPECT_CHECK(&p, OGAS_EINVAL, "stock0 of product a in technique t1 is -1");
    make_problem(&p);
    p.dep.x[1] = 1.5;
    EXPECT_CHECK(&p, OGAS_EINVAL, "depreciation of product b in technique t2 is 1.5 (expected a number in [0, 1])");
    make_problem(&p);
    p.dep.x[1] = 1.0; /* everything wears out in a year: allowed */
    CHECK_EQ_INT(ogas_plan_problem_check(&p, &err), OGAS_OK);
    ogas_plan_problem_free(&p);
    make_problem(&p);
    p.labour[1] = -2;
    EXPECT_CHECK(&p, OGAS_EINVAL, "labour of technique t2 is -2");
    make_problem(&p);
    p.labour[2] = INFINITY;
    EXPECT_CHECK(&p, OGAS_EINVAL, "labour of technique t3 is inf");
    make_problem(&p);
    p.lag[2] = 0;
    EXPECT_CHECK(&p, OGAS_EINVAL, "investment lag of product c is 0 years (expected at least 1)");
    make_problem(&p);
    p.labour_supply[1] = NAN;
    EXPECT_CHECK(&p, OGAS_EINVAL, "labour supply in year 2 is nan");
    make_problem(&p);
    p.labour_supply[0] = -1;
    EXPECT_CHECK(&p, OGAS_EINVAL, "labour supply in year 1 is -1");
    make_problem(&p);
    p.target[1 * 3 + 1] = -1;
    EXPECT_CHECK(&p, OGAS_EINVAL, "target of product b in year 2 is -1");
    make_problem(&p);
    p.target[0 * 3 + 2] = INFINITY;
    EXPECT_CHECK(&p, OGAS_EINVAL, "target of product c in year 1 is inf");

    /* Targets: some positive target every year, and only for products that something makes. */
    make_problem(&p);
    p.target[1 * 3 + 2] = 0;
    EXPECT_CHECK(&p, OGAS_EINVAL, "year 2 has no positive target");
    make_problem(&p);
    p.output.x[2] = 0; /* the only technique making b (t1's 0.5) makes none: b has no target, fine */
    CHECK_EQ_INT(ogas_plan_problem_check(&p, &err), OGAS_OK);
    p.target[1 * 3 + 1] = 2;
    EXPECT_CHECK(&p, OGAS_EINVAL, "product b has a target in year 2 but no technique makes it");

    /* Missing arrays. */
    make_problem(&p);
    ogas_free(p.labour);
    p.labour = NULL;
    EXPECT_CHECK(&p, OGAS_EINVAL, "no labour coefficients");
    make_problem(&p);
    ogas_free(p.target);
    p.target = NULL;
    EXPECT_CHECK(&p, OGAS_EINVAL, "no targets");
    make_problem(&p);
    ogas_free(p.labour_supply);
    p.labour_supply = NULL;
    EXPECT_CHECK(&p, OGAS_EINVAL, "no labour supply");
    make_problem(&p);
    ogas_free(p.codes[1]);
    p.codes[1] = NULL;
    EXPECT_CHECK(&p, OGAS_EINVAL, "product #2 has no code");
}

/* Names in messages: technique names, else the code of the product of the same index, else numbers. */
TEST(plan_problem_check_names)
{
    ogas_plan_problem p;
    make_problem(&p);
    for (int k = 0; k < 3; k++) ogas_free(p.tech_names[k]);
    ogas_free(p.tech_names);
    p.tech_names = NULL;
    p.labour[1] = -1;
    EXPECT_CHECK(&p, OGAS_EINVAL, "labour of technique b is -1");
    make_problem(&p);
    for (int k = 0; k < 3; k++) {
        ogas_free(p.tech_names[k]);
        ogas_free(p.codes[k]);
    }
    ogas_free(p.tech_names);
    ogas_free(p.codes);
    p.tech_names = NULL;
    p.codes = NULL;
    p.input.x[1] = -1;
    EXPECT_CHECK(&p, OGAS_EINVAL, "input of product #2 in technique #1 is -1");
}

TEST(plan_status_and_options)
{
    ogas_plan_options o;
    ogas_plan plan;
    CHECK_STR(ogas_plan_status_name(OGAS_PLAN_OPTIMAL), "optimal");
    CHECK_STR(ogas_plan_status_name(OGAS_PLAN_FEASIBLE), "feasible");
    CHECK_STR(ogas_plan_status_name(OGAS_PLAN_INFEASIBLE), "infeasible");
    CHECK_STR(ogas_plan_status_name(OGAS_PLAN_UNBOUNDED), "unbounded");
    CHECK_STR(ogas_plan_status_name(OGAS_PLAN_ITERATION_LIMIT), "iteration_limit");
    CHECK_STR(ogas_plan_status_name((ogas_plan_status)99), "unknown");
    memset(&o, 0xff, sizeof o);
    ogas_plan_options_init(&o);
    CHECK(o.gap == 1e-6);
    CHECK_EQ_INT(o.max_iter, 0);
    CHECK(o.max_seconds == 0);
    memset(&plan, 0, sizeof plan);
    plan.T = 2;
    plan.phi = ogas_calloc(2, sizeof *plan.phi);
    plan.price = ogas_calloc(4, sizeof *plan.price);
    ogas_plan_free(&plan);
    CHECK(plan.phi == NULL && plan.price == NULL && plan.T == 0);
    ogas_plan_free(&plan); /* twice is fine */
    ogas_plan_free(NULL);
    ogas_plan_problem_free(NULL);
}
