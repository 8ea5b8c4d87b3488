/* test_wide.c: the wide statistical-office layout: shape recognition, options, and every kind of bad
 * input reported at its file:line:column. Also the peer planner's flows.csv and Matrix Market economies. */
#define _DEFAULT_SOURCE
#include <stdlib.h>

#include "ogas/ogas.h"
#include "test.h"

static const char *good =
    "\"\",a,b,c,households,exports,total use\n"
    "a,1,2,0,7,0,10\n"
    "b,2,1,3,10,4,20\n"
    "c,0,4,6,10,10,30\n"
    "compensation of employees,3,5,9,,,\n"
    "hours worked,30,40,50,,,\n"
    "total output,10,20,30,,,\n";

TEST(wide_recognises_blocks)
{
    ogas_economy e;
    ogas_error err;
    const char *path = test_tmpfile(0, ".csv", good);
    REQUIRE(ogas_economy_read(path, NULL, &e, &err) == OGAS_OK);
    CHECK_EQ_INT(e.n, 3);
    CHECK_EQ_INT(e.nfd, 2);
    CHECK_STR(e.fd[1].name, "exports");
    CHECK_EQ_INT(e.nprimary, 2);
    CHECK_NEAR(e.demand[1], 14, 0);
    CHECK_NEAR(e.output[2], 30, 0);
    CHECK_CONTAINS(e.labour_source, "hours worked");
    CHECK(!e.labour_is_standin);
    CHECK_NEAR(e.labour[0], 3.0, 1e-15); /* 30 hours / 10 units */
    CHECK_EQ_INT(e.nnotes, 1); /* where the block ended, since no total follows it */
    if (e.nnotes) CHECK_CONTAINS(e.notes[0], "ends before column 'households'");
    ogas_economy_free(&e);
}

TEST(wide_options)
{
    ogas_economy e;
    ogas_error err;
    ogas_read_options o = {0};
    const char *path = test_tmpfile(0, ".csv", good);
    o.demand = "exports";
    o.labour = "compensation of employees";
    REQUIRE(ogas_economy_read(path, &o, &e, &err) == OGAS_OK);
    CHECK_NEAR(e.demand[0], 0, 0);
    CHECK_NEAR(e.demand[2], 10, 0);
    CHECK(e.labour_is_standin);
    ogas_economy_free(&e);
    o.demand = "exports,nope";
    CHECK_EQ_INT(ogas_economy_read(path, &o, &e, &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "no final-demand column named 'nope'");
    CHECK_CONTAINS(err.message, "households, exports");
    o.demand = NULL;
    o.labour = "missing row";
    CHECK_EQ_INT(ogas_economy_read(path, &o, &e, &err), OGAS_EARG);
    o.labour = NULL;
    o.output_row = "no such row";
    CHECK_EQ_INT(ogas_economy_read(path, &o, &e, &err), OGAS_EARG);
    o.output_row = NULL;
    o.drop = "b";
    REQUIRE(ogas_economy_read(path, &o, &e, &err) == OGAS_OK);
    CHECK_EQ_INT(e.n, 2);
    CHECK_STR(e.codes[1], "c");
    CHECK_NEAR(e.A.x[0], 0.1, 1e-17);
    ogas_economy_free(&e);
    o.drop = "zz";
    CHECK_EQ_INT(ogas_economy_read(path, &o, &e, &err), OGAS_EARG);
}

/* Rows in another order than the columns are matched by code; CPA_ prefixes on rows match bare columns. */
TEST(wide_row_order_and_cpa_prefix)
{
    const char *t = ",A01,B,total\nCPA_B,1,2,3\nCPA_A01,4,5,9\nP1,10,20,\n";
    ogas_economy e;
    ogas_error err;
    REQUIRE(ogas_economy_read(test_tmpfile(0, ".csv", t), NULL, &e, &err) == OGAS_OK);
    CHECK_STR(e.codes[0], "A01");
    CHECK_NEAR(e.A.x[0], 0.4, 1e-16); /* Z(A01, A01) = 4, x = 10 */
    ogas_economy_free(&e);
}

/* Each malformed table: its error code, position and words. */
TEST(wide_bad_input)
{
    static const struct {
        const char *text;
        ogas_status code;
        long line, col;
        const char *says;
    } cases[] = {
        {"", OGAS_EINVAL, 1, 1, "empty file"},
        {",a,b\n", OGAS_EINVAL, 1, 1, "at least one row"},
        {",a,b,fd\na,1,2,3\nb,1,2\noutput,5,5,\n", OGAS_EINVAL, 3, 5, "ragged row"},
        {",a,b,fd\na,1,x,3\nb,1,2,3\noutput,5,5,\n", OGAS_EINVAL, 2, 5, "found 'x'"},
        {",a,b,fd\na,1,nan,3\nb,1,2,3\noutput,5,5,\n", OGAS_EINVAL, 2, 5, "NaN"},
        {",a,b,fd\na,1,inf,3\nb,1,2,3\noutput,5,5,\n", OGAS_EINVAL, 2, 5, "infinity"},
        {",a,b,fd\na,1,1e999,3\nb,1,2,3\noutput,5,5,\n", OGAS_EINVAL, 2, 5, "out of the range"},
        {",a,b,fd\na,1,,3\nb,1,2,3\noutput,5,5,\n", OGAS_EINVAL, 2, 5, "empty cell"},
        {",a,b,fd\na,1,2,3\na,1,2,3\noutput,5,5,\n", OGAS_EINVAL, 3, 1, "duplicate row code 'a'"},
        {",a,a,fd\na,1,2,3\nb,1,2,3\noutput,5,5,\n", OGAS_EINVAL, 1, 4, "duplicate column code 'a'"},
        {",a,b,fd,c\na,1,2,3,0\nb,1,2,3,0\nc,1,2,3,0\noutput,5,5,,5\n", OGAS_EINVAL, 4, 1, "not square"},
        {",a,b,fd,c\na,1,2,3,0\nb,1,2,3,0\noutput,5,5,,5\nc,1,2,3,0\n", OGAS_EINVAL, 1, 9, "not square"},
        {",a,b,fd\na,1,2,3\nlabour,1,1,\nb,1,2,3\noutput,5,5,\n", OGAS_EINVAL, 1, 4, "not square"},
        {",x,y\na,1,2\nb,3,4\n", OGAS_EINVAL, 1, 2, "no product block"},
        {",a,b,fd\na,1,2,3\nb,1,2,3\noutput,5,-5,\n", OGAS_EINVAL, 4, 10, "negative gross output"},
        {",a,b,fd\na,1,2,3\nb,1,2,3\noutput,5,0,\n", OGAS_EINVAL, 0, 0, "product b has inputs"},
        {",a,b,fd\n\"a,1,2,3\nb,1,2,3\n", OGAS_EINVAL, 2, 1, "never closed"},
        {",a,b,fd\n\"a\"x,1,2,3\nb,1,2,3\n", OGAS_EINVAL, 2, 4, "after a closing quote"},
        {",a,b,fd\na,1,2,3\nb,1,2,3\nlabour,1,NA,\noutput,5,5,\n", OGAS_EINVAL, 4, 10, "labour row 'labour' has a missing value"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ogas_economy e;
        ogas_error err;
        ogas_read_options o = {0};
        const char *path;
        ogas_status rc;
        path = test_tmpfile(1, ".csv", cases[k].text);
        if (strstr(cases[k].says, "labour row")) o.labour = "labour";
        ogas_error_clear(&err);
        rc = ogas_economy_read(path, &o, &e, &err);
        if (rc == OGAS_OK) {
            test_fail(__FILE__, __LINE__, "case %zu accepted", k);
            ogas_economy_free(&e);
            continue;
        }
        if (rc != cases[k].code || err.line != cases[k].line || (cases[k].col && err.column != cases[k].col) ||
            !strstr(err.message, cases[k].says))
            test_fail(__FILE__, __LINE__, "case %zu: got %s at %ld:%ld '%s', expected %s at %ld:%ld '%s'", k,
                      ogas_status_name(rc), err.line, err.column, err.message, ogas_status_name(cases[k].code),
                      cases[k].line, cases[k].col, cases[k].says);
        if (cases[k].line) CHECK_STR(err.file, path);
        CHECK(e.n == 0 && e.codes == NULL); /* nothing half-filled */
    }
    /* A NUL byte: not a text file. */
    {
        static const char nul[] = ",a,b,fd\na,1,2,3\nb,1,2\0,3\noutput,5,5,\n";
        const char *path = test_tmpfile(2, ".csv", "");
        FILE *fp = fopen(path, "wb");
        ogas_economy e;
        ogas_error err;
        fwrite(nul, 1, sizeof nul - 1, fp);
        fclose(fp);
        CHECK_EQ_INT(ogas_economy_read(path, NULL, &e, &err), OGAS_EINVAL);
        CHECK_EQ_INT(err.line, 3);
        CHECK_EQ_INT(err.column, 6);
        CHECK_CONTAINS(err.message, "NUL byte");
    }
}

TEST(peer_flows_csv)
{
    ogas_economy e;
    ogas_error err;
    REQUIRE(ogas_economy_read("examples/plan/example4", NULL, &e, &err) == OGAS_OK);
    CHECK_STR(e.layout, "5yp");
    CHECK_EQ_INT(e.n, 4);
    CHECK_STR(e.codes[3], "bread");
    CHECK_NEAR(e.output[0], 10, 0);
    CHECK_NEAR(e.labour[1], 1.0 / 6.0, 1e-16); /* coal: labour 1 for output 6 */
    CHECK_EQ_INT(e.nfd, 5);
    CHECK_NEAR(e.demand[3], 2.0, 0); /* year-1 bread target */
    ogas_economy_free(&e);
    {
        const char *bad = "headings,a,b\na,1,2\nb,1\nlabour,1,1\noutput,2,2\n";
        CHECK_EQ_INT(ogas_economy_read(test_tmpfile(0, ".csv", bad), NULL, &e, &err), OGAS_EINVAL);
        CHECK_EQ_INT(err.line, 3);
        bad = "headings,a,b\nb,1,2\na,1,1\nlabour,1,1\noutput,2,2\n";
        CHECK_EQ_INT(ogas_economy_read(test_tmpfile(0, ".csv", bad), NULL, &e, &err), OGAS_EINVAL);
        CHECK_CONTAINS(err.message, "not square");
        bad = "headings,a,b\na,1,2\nb,1,1\noutput,2,2\n";
        CHECK_EQ_INT(ogas_economy_read(test_tmpfile(0, ".csv", bad), NULL, &e, &err), OGAS_EINVAL);
        CHECK_CONTAINS(err.message, "'labour' and 'output'");
        bad = "headings,a,b\na,1,2\nb,1,1\nlabour,1,1\noutput,2,-2\n";
        CHECK_EQ_INT(ogas_economy_read(test_tmpfile(0, ".csv", bad), NULL, &e, &err), OGAS_EINVAL);
        CHECK_EQ_INT(err.column, 10);
    }
}

/* A folder with A.mtx, labour.mtx and demand.mtx, as `ogas generate` writes it. */
TEST(mtx_economy_folder)
{
    ogas_generate_options o;
    ogas_synthetic s;
    ogas_economy e;
    ogas_error err;
    char dir[] = "/tmp/ogas-test-econ-XXXXXX";
    char cmd[128];
    REQUIRE(mkdtemp(dir) != NULL);
    ogas_generate_options_init(&o);
    o.products = 1000;
    REQUIRE(ogas_generate_economy(&o, &s, NULL) == OGAS_OK);
    REQUIRE(ogas_synthetic_write(&s, &o, dir, &err) == OGAS_OK);
    REQUIRE(ogas_economy_read(dir, NULL, &e, &err) == OGAS_OK);
    CHECK_STR(e.layout, "mtx");
    CHECK_EQ_INT(e.n, 1000);
    CHECK_STR(e.codes[999], "1000");
    CHECK(memcmp(e.demand, s.demand, 1000 * 8) == 0);
    CHECK(memcmp(e.labour, s.labour, 1000 * 8) == 0);
    CHECK(e.output == NULL);
    ogas_economy_free(&e);
    ogas_synthetic_free(&s);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}
