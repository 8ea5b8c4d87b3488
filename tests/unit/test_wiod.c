/* test_wiod.c: the WIOD 2016 national-table reader (src/formats/table_wiod.c) on the tables in
 * examples/io/wiod2016 and on small hand-made tables, good and bad. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ogas/ogas.h"
#include "test.h"

#define GBR "examples/io/wiod2016/GBR_NIOT_nov16.csv"
#define USA "examples/io/wiod2016/USA_NIOT_nov16.csv"
#define DEU "examples/io/wiod2016/DEU_NIOT_nov16.csv"

/* A two-industry table for 2000 and 2001 whose rows and columns add up. Line k of the file is small[k - 1]. */
static const char *const small[] = {
    "Year,Code,Description,Origin,A,B,CONS_h,EXP,GO",
    "2000,A,Agriculture,Domestic,11,20,49,20,100",
    "2000,B,Industry,Domestic,30,40,100,30,200",
    "2000,A,Agriculture,Imports,1,2,3,0,0",
    "2000,B,Industry,Imports,4,5,6,0,0",
    "2000,II_fob,Total intermediate,TOT,46,67,0,0,0",
    "2000,VA,Value added,TOT,54,133,0,0,0",
    "2000,GO,Output,TOT,100,200,0,0,0",
    "2001,A,Agriculture,Domestic,10,20,50,20,100",
    "2001,B,Industry,Domestic,30,40,100,30,200",
    "2001,A,Agriculture,Imports,1,2,3,0,0",
    "2001,B,Industry,Imports,4,5,6,0,0",
    "2001,II_fob,Total intermediate,TOT,45,67,0,0,0",
    "2001,VA,Value added,TOT,55,133,0,0,0",
    "2001,GO,Output,TOT,100,200,0,0,0",
    NULL,
};

/* Hours for the small table (its file name starts with "ogas", so its country reads as OGA). */
static const char *const small_sea = "country,code,year,H_EMPE\n"
                                     "OGA,A,2000,9\nOGA,B,2000,18\n"
                                     "OGA,A,2001,10\nOGA,B,2001,NA\n"
                                     "GBR,A,2001,1\nGBR,B,2001,1\n";

/* The small table with line k replaced by repl (NULL: left out; k = 0: nothing replaced), then extra appended. */
static const char *small_with(int k, const char *repl, const char *extra)
{
    static char buf[4096];
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; small[i]; i++) {
        const char *line = i + 1 == k ? repl : small[i];
        if (line) len += (size_t)snprintf(buf + len, sizeof buf - len, "%s\n", line);
    }
    if (extra) snprintf(buf + len, sizeof buf - len, "%s", extra);
    return buf;
}

/* 1-based byte column of needle's first occurrence in line. */
static long col_of(const char *line, const char *needle)
{
    const char *p = strstr(line, needle);
    return p ? (long)(p - line) + 1 : -1;
}

/* Reads text as a WIOD table with the small SEA file (sea: NULL = small_sea) and options o (may be NULL). */
static ogas_status read_text(const char *text, const char *sea, ogas_read_options *o, ogas_economy *e,
                             ogas_error *err)
{
    ogas_read_options none = {0};
    const char *path = test_tmpfile(0, ".csv", text);
    if (!o) o = &none;
    o->layout = "wiod";
    o->sea = test_tmpfile(1, ".csv", sea ? sea : small_sea);
    return ogas_economy_read(path, o, e, err);
}

/* Z(i, j) of e (0 if not stored). */
static double zat(const ogas_economy *e, int64_t i, int64_t j)
{
    for (int64_t k = e->Z.p[i]; k < e->Z.p[i + 1]; k++)
        if (e->Z.j[k] == j) return e->Z.x[k];
    return 0.0;
}

/* 1 if one of e's notes contains s. */
static int has_note(const ogas_economy *e, const char *s)
{
    for (int64_t k = 0; k < e->nnotes; k++)
        if (strstr(e->notes[k], s)) return 1;
    return 0;
}

/* Checks that reading text fails with code at (line, col) and a message containing msg. */
static void expect_error(const char *text, ogas_read_options *o, ogas_status code, long line, long col,
                         const char *msg)
{
    ogas_economy e;
    ogas_error err;
    ogas_status rc = read_text(text, NULL, o, &e, &err);
    CHECK_EQ_INT(rc, code);
    CHECK_EQ_INT(err.code, code);
    CHECK_EQ_INT(err.line, line);
    CHECK_EQ_INT(err.column, col);
    CHECK_CONTAINS(err.message, msg);
    CHECK(strstr(err.file, "ogas-test") != NULL);
    CHECK(e.n == 0 && e.codes == NULL && e.Z.p == NULL); /* left zeroed */
}

TEST(wiod_gbr_2014)
{
    ogas_economy e;
    ogas_error err;
    int64_t a01, c10, i_, k64, f, l68, u;
    double fdF[6] = {3790.2806140227162, 3.7750509746103647, 1.0432906837255564, 213481.30687143817,
                     -3482.2065993738292, 2177.7254810058266};
    double dF = 0;
    REQUIRE(ogas_economy_read(GBR, NULL, &e, &err) == OGAS_OK);
    CHECK_EQ_INT(e.n, 56);
    CHECK_EQ_INT(e.year, 2014);
    CHECK_STR(e.layout, "wiod");
    CHECK_STR(e.source, GBR);
    CHECK_STR(e.codes[0], "A01");
    CHECK_STR(e.codes[55], "U");
    REQUIRE(e.names != NULL);
    CHECK_STR(e.names[0], "Crop and animal production, hunting and related service activities");
    a01 = ogas_economy_find(&e, "A01"), c10 = ogas_economy_find(&e, "C10-C12"), i_ = ogas_economy_find(&e, "I");
    k64 = ogas_economy_find(&e, "K64"), f = ogas_economy_find(&e, "F"), l68 = ogas_economy_find(&e, "L68");
    u = ogas_economy_find(&e, "U");
    REQUIRE(a01 >= 0 && c10 >= 0 && i_ >= 0 && k64 >= 0 && f >= 0 && l68 >= 0 && u >= 0);
    /* Flows exactly as written. */
    CHECK(zat(&e, a01, a01) == 4351.093521376052);
    CHECK(zat(&e, c10, i_) == 28355.577195198435);
    CHECK(zat(&e, k64, k64) == 10873.616028781222);
    CHECK(zat(&e, f, l68) == 31281.627442862602);
    /* Gross output is the TOT row GO. */
    CHECK(e.output[a01] == 43072.62958586928);
    CHECK(e.output[f] == 414915.04227436543);
    CHECK(e.output[u] == 0.0);
    /* Final demand: six columns, summed. */
    REQUIRE(e.nfd == 6);
    CHECK_STR(e.fd[0].name, "CONS_h");
    CHECK_STR(e.fd[5].name, "EXP");
    for (int c = 0; c < 6; c++) {
        CHECK(e.fd[c].x[f] == fdF[c]);
        dF += fdF[c];
    }
    REQUIRE(e.demand != NULL);
    CHECK_REL(e.demand[f], dF, 1e-15);
    /* Primary rows: imports summed, TOT rows but GO. */
    REQUIRE(ogas_economy_primary(&e, "Imports") != NULL);
    CHECK_REL(ogas_economy_primary(&e, "Imports")->x[a01], 4615.5923009857015, 1e-13);
    REQUIRE(ogas_economy_primary(&e, "VA") != NULL);
    CHECK(ogas_economy_primary(&e, "VA")->x[a01] == 16983.252780000003);
    CHECK(ogas_economy_primary(&e, "II_fob") != NULL);
    CHECK(ogas_economy_primary(&e, "IntTTM") != NULL);
    CHECK(ogas_economy_primary(&e, "GO") == NULL);
    CHECK_EQ_INT(e.nprimary, 8);
    /* Labour: SEA H_EMPE (GBR F 2014: 2274.324 million hours) per unit of output. */
    REQUIRE(e.labour != NULL);
    CHECK_REL(e.labour[f], 2274.324 / 414915.04227436543, 1e-15);
    CHECK_REL(e.labour[a01], 434.381 / 43072.62958586928, 1e-15);
    CHECK(e.labour[u] == 0.0);
    CHECK(!e.labour_is_standin);
    CHECK_CONTAINS(e.labour_source, "H_EMPE");
    CHECK_CONTAINS(e.labour_source, "SEA_nov16_5countries.csv");
    CHECK_CONTAINS(e.labour_source, "GBR 2014");
    /* Row balance: Z 1 + d = x (PROVENANCE: 4e-15). */
    for (int64_t i = 0; i < e.n; i++) {
        double s = e.demand[i];
        for (int64_t k = e.Z.p[i]; k < e.Z.p[i + 1]; k++) s += e.Z.x[k];
        if (e.output[i] > 0) CHECK_REL(s, e.output[i], 1e-9);
    }
    CHECK_EQ_INT(e.nnotes, 0);
    ogas_economy_free(&e);
}

TEST(wiod_year_choice)
{
    ogas_read_options o = {0};
    ogas_economy e;
    ogas_error err;
    o.year = 2000;
    REQUIRE(ogas_economy_read(GBR, &o, &e, &err) == OGAS_OK);
    CHECK_EQ_INT(e.year, 2000);
    CHECK(zat(&e, ogas_economy_find(&e, "C10-C12"), ogas_economy_find(&e, "A01")) == 1431.6900691580452);
    CHECK(e.output[ogas_economy_find(&e, "A01")] == 26284.79907);
    REQUIRE(e.labour != NULL);
    CHECK_REL(e.labour[ogas_economy_find(&e, "A01")], 423.872 / 26284.79907, 1e-15);
    CHECK_CONTAINS(e.labour_source, "GBR 2000");
    ogas_economy_free(&e);

    o.year = 1999;
    CHECK_EQ_INT(ogas_economy_read(GBR, &o, &e, &err), OGAS_EARG);
    CHECK_CONTAINS(err.message, "1999");
    CHECK_CONTAINS(err.message, "2000-2014");
    CHECK(e.n == 0 && e.codes == NULL);
}

/* x = (I - A)^-1 d with the table's own final demand gives back the table's gross output. */
TEST(wiod_balance_reproduces_output)
{
    ogas_economy e;
    ogas_balance b;
    ogas_error err;
    REQUIRE(ogas_economy_read(GBR, NULL, &e, &err) == OGAS_OK);
    REQUIRE(ogas_balance_compute(&e, NULL, NULL, &b, &err) == OGAS_OK);
    REQUIRE(b.output != NULL && b.labour_value != NULL);
    for (int64_t i = 0; i < e.n; i++) {
        if (e.output[i] > 0) CHECK_REL(b.output[i], e.output[i], 1e-8);
        else CHECK_NEAR(b.output[i], 0.0, 1e-6);
        CHECK(b.labour_value[i] >= e.labour[i]);
    }
    ogas_balance_free(&b);
    ogas_economy_free(&e);
}

TEST(wiod_usa_deu)
{
    static const struct {
        const char *path, *country, *code;
        double hours; /* SEA H_EMPE 2014 */
    } t[] = {{USA, "USA 2014", "C26", 2097.691}, {DEU, "DEU 2014", "F", 0}};
    for (int k = 0; k < 2; k++) {
        ogas_economy e;
        ogas_error err;
        int64_t i;
        REQUIRE(ogas_economy_read(t[k].path, NULL, &e, &err) == OGAS_OK);
        CHECK_EQ_INT(e.n, 56);
        CHECK_EQ_INT(e.year, 2014);
        CHECK_EQ_INT(e.nfd, 6);
        REQUIRE(e.labour != NULL);
        CHECK_CONTAINS(e.labour_source, t[k].country);
        i = ogas_economy_find(&e, t[k].code);
        REQUIRE(i >= 0);
        CHECK(e.labour[i] > 0);
        if (t[k].hours > 0) CHECK_REL(e.labour[i] * e.output[i], t[k].hours, 1e-12);
        CHECK_EQ_INT(e.nnotes, 0);
        ogas_economy_free(&e);
    }
}

/* Every year of the three tables reads, and the tables' own checks hold (no notes). */
TEST(wiod_all_years_clean)
{
    const char *paths[] = {GBR, USA, DEU};
    for (int k = 0; k < 3; k++)
        for (int y = 2000; y <= 2014; y++) {
            ogas_read_options o = {0};
            ogas_economy e;
            ogas_error err;
            o.year = y;
            REQUIRE(ogas_economy_read(paths[k], &o, &e, &err) == OGAS_OK);
            CHECK(e.labour != NULL);
            for (int64_t q = 0; q < e.nnotes; q++) test_fail(__FILE__, __LINE__, "%s %d: %s", paths[k], y, e.notes[q]);
            ogas_economy_free(&e);
        }
}

TEST(wiod_small_table)
{
    ogas_read_options o = {0};
    ogas_economy e;
    ogas_error err;
    REQUIRE(read_text(small_with(0, NULL, NULL), NULL, &o, &e, &err) == OGAS_OK);
    CHECK_EQ_INT(e.year, 2001);
    CHECK_EQ_INT(e.n, 2);
    CHECK(zat(&e, 0, 0) == 10 && zat(&e, 0, 1) == 20 && zat(&e, 1, 0) == 30 && zat(&e, 1, 1) == 40);
    CHECK(e.output[0] == 100 && e.output[1] == 200);
    CHECK(e.demand[0] == 70 && e.demand[1] == 130);
    CHECK(ogas_economy_primary(&e, "Imports")->x[0] == 5 && ogas_economy_primary(&e, "Imports")->x[1] == 7);
    CHECK_STR(e.names[1], "Industry");
    /* B has no hours in 2001 (NA) but positive output: no labour, and a note says why. */
    CHECK(e.labour == NULL);
    CHECK(has_note(&e, "no H_EMPE for 1 industries"));
    ogas_economy_free(&e);

    o.year = 2000;
    REQUIRE(read_text(small_with(0, NULL, NULL), NULL, &o, &e, &err) == OGAS_OK);
    CHECK(zat(&e, 0, 0) == 11);
    REQUIRE(e.labour != NULL);
    CHECK(e.labour[0] == 9.0 / 100 && e.labour[1] == 18.0 / 200);
    CHECK_CONTAINS(e.labour_source, "OGA 2000");
    CHECK_EQ_INT(e.nnotes, 0);
    ogas_economy_free(&e);
}

TEST(wiod_sea_cases)
{
    ogas_read_options o = {0};
    ogas_economy e;
    ogas_error err;
    /* No rows for the country, or not for the year: no labour, a note, no failure. */
    REQUIRE(read_text(small_with(0, NULL, NULL), "country,code,year,H_EMPE\nGBR,A,2001,1\n", &o, &e, &err) == OGAS_OK);
    CHECK(e.labour == NULL);
    CHECK(has_note(&e, "no rows for country OGA"));
    ogas_economy_free(&e);
    REQUIRE(read_text(small_with(0, NULL, NULL), "country,code,year,H_EMPE\nOGA,A,1999,1\nOGA,A,2000,1\n", &o, &e,
                      &err) == OGAS_OK);
    CHECK(e.labour == NULL);
    CHECK(has_note(&e, "no year 2001 for OGA (it has 1999-2000)"));
    ogas_economy_free(&e);
    /* --labour given: the SEA file is not read at all (here it is not even a SEA file). */
    o.labour = "VA";
    REQUIRE(read_text(small_with(0, NULL, NULL), "nothing,here\n", &o, &e, &err) == OGAS_OK);
    REQUIRE(e.labour != NULL);
    CHECK(e.labour[0] == 55.0 / 100);
    CHECK_CONTAINS(e.labour_source, "VA");
    ogas_economy_free(&e);
    o.labour = NULL;
    /* A malformed SEA file that is used is an error pointing into it. */
    CHECK_EQ_INT(read_text(small_with(0, NULL, NULL), "nothing,here\n", &o, &e, &err), OGAS_EINVAL);
    CHECK_EQ_INT(err.line, 1);
    CHECK_CONTAINS(err.message, "H_EMPE");
    CHECK_EQ_INT(read_text(small_with(0, NULL, NULL), "country,code,year,H_EMPE\nOGA,A,2001,x1\n", &o, &e, &err),
                 OGAS_EINVAL);
    CHECK_EQ_INT(err.line, 2);
    CHECK_EQ_INT(err.column, 12);
    CHECK_EQ_INT(read_text(small_with(0, NULL, NULL), "country,code,year,H_EMPE\nOGA,A,2001,-1\n", &o, &e, &err),
                 OGAS_EINVAL);
    CHECK_CONTAINS(err.message, "negative hours");
    /* Hours for an industry that produces nothing are left out, with a note. */
    {
        const char *zero = "Year,Code,Description,Origin,A,U,CONS_h,GO\n"
                           "2001,A,Agriculture,Domestic,10,0,90,100\n"
                           "2001,U,Extraterritorial,Domestic,0,0,0,0\n"
                           "2001,GO,Output,TOT,100,0,0,0\n";
        REQUIRE(read_text(zero, "country,code,year,H_EMPE\nOGA,A,2001,10\nOGA,U,2001,5\n", &o, &e, &err) == OGAS_OK);
        REQUIRE(e.labour != NULL);
        CHECK(e.labour[0] == 0.1 && e.labour[1] == 0.0);
        CHECK(has_note(&e, "without gross output in the table left out (U)"));
        CHECK(ogas_economy_primary(&e, "Imports") == NULL);
        ogas_economy_free(&e);
    }
}

/* Writes text to dir/name; returns the path (static buffer per slot k, 0..3). */
static const char *write_in(int k, const char *dir, const char *name, const char *text)
{
    static char paths[4][256];
    FILE *fp;
    snprintf(paths[k], sizeof paths[k], "%s/%s", dir, name);
    fp = fopen(paths[k], "w");
    if (!fp) return NULL;
    fputs(text, fp);
    fclose(fp);
    return paths[k];
}

/* Without --sea the reader takes the first SEA*.csv beside the table, and says so when there is none. */
TEST(wiod_sea_beside_table)
{
    char dir[] = "/tmp/ogas-wiod-XXXXXX";
    const char *table, *sea_b, *sea_a;
    ogas_read_options o = {0};
    ogas_economy e;
    ogas_error err;
    REQUIRE(mkdtemp(dir) != NULL);
    table = write_in(0, dir, "xyz_NIOT.csv", small_with(0, NULL, NULL));
    REQUIRE(table != NULL);
    o.year = 2000;
    REQUIRE(ogas_economy_read(table, &o, &e, &err) == OGAS_OK);
    CHECK_STR(e.layout, "wiod");
    CHECK(e.labour == NULL);
    CHECK(has_note(&e, "no SEA*.csv file beside"));
    ogas_economy_free(&e);
    sea_b = write_in(1, dir, "SEA_b.csv", "country,code,year,H_EMPE\nXYZ,A,2000,1\nXYZ,B,2000,2\n");
    sea_a = write_in(2, dir, "SEA_a.csv", "country,code,year,H_EMPE\nxyz,A,2000,3\nXYZ,B,2000,4\n");
    REQUIRE(sea_a && sea_b);
    REQUIRE(ogas_economy_read(table, &o, &e, &err) == OGAS_OK);
    REQUIRE(e.labour != NULL);
    CHECK(e.labour[0] == 3.0 / 100 && e.labour[1] == 4.0 / 200);
    CHECK_CONTAINS(e.labour_source, "SEA_a.csv, XYZ 2000");
    ogas_economy_free(&e);
    unlink(sea_a);
    unlink(sea_b);
    unlink(table);
    rmdir(dir);
}

TEST(wiod_checks_become_notes)
{
    ogas_read_options o = {0};
    ogas_economy e;
    ogas_error err;
    /* GO column 201 for B: differs from the GO row and from Z 1 + d; output stays the GO row. */
    REQUIRE(read_text(small_with(10, "2001,B,Industry,Domestic,30,40,100,30,201", NULL), NULL, &o, &e, &err) ==
            OGAS_OK);
    CHECK(e.output[1] == 200);
    CHECK(has_note(&e, "the GO column differs from the GO row by up to 1 (industry B)"));
    CHECK(has_note(&e, "differs from intermediate plus final use"));
    ogas_economy_free(&e);
    /* No TOT row GO: output from the GO column. */
    REQUIRE(read_text(small_with(15, NULL, NULL), NULL, &o, &e, &err) == OGAS_OK);
    CHECK(e.output[0] == 100 && e.output[1] == 200);
    CHECK(has_note(&e, "no TOT row GO for year 2001"));
    ogas_economy_free(&e);
    /* II_fob not the sum of domestic and imported inputs. */
    REQUIRE(read_text(small_with(13, "2001,II_fob,Total intermediate,TOT,45,68,0,0,0", NULL), NULL, &o, &e, &err) ==
            OGAS_OK);
    CHECK(has_note(&e, "row II_fob differs"));
    ogas_economy_free(&e);
    /* Missing markers in a TOT row are kept as NaN with their position. */
    REQUIRE(read_text(small_with(14, "2001,VA,Value added,TOT,NA,133,0,0,0", NULL), NULL, &o, &e, &err) == OGAS_OK);
    CHECK(isnan(ogas_economy_primary(&e, "VA")->x[0]));
    CHECK_EQ_INT(ogas_economy_primary(&e, "VA")->missing_line, 14);
    CHECK_EQ_INT(ogas_economy_primary(&e, "VA")->missing_col, 25);
    ogas_economy_free(&e);
}

TEST(wiod_bad_input)
{
    ogas_read_options o = {0};
    const char *l;
    /* Ragged rows: an extra field (pointed at), a missing one (the last field pointed at). */
    l = "2001,A,Agriculture,Domestic,10,20,50,20,100,777";
    expect_error(small_with(9, l, NULL), NULL, OGAS_EINVAL, 9, col_of(l, "777"), "ragged row: 10 fields");
    l = "2001,B,Industry,Domestic,30,40,100,30";
    expect_error(small_with(10, l, NULL), NULL, OGAS_EINVAL, 10, (long)(strrchr(l, ',') - l) + 2,
                 "ragged row: 8 fields");
    /* Non-numeric cells and NaN in the year read; not in another year. */
    l = "2001,B,Industry,Domestic,30,4O,100,30,200";
    expect_error(small_with(10, l, NULL), NULL, OGAS_EINVAL, 10, col_of(l, "4O"), "found '4O'");
    l = "2001,A,Agriculture,Domestic,10,20,nan,20,100";
    expect_error(small_with(9, l, NULL), NULL, OGAS_EINVAL, 9, col_of(l, "nan"), "found NaN");
    l = "2001,A,Agriculture,Domestic,10,20,50,inf,100";
    expect_error(small_with(9, l, NULL), NULL, OGAS_EINVAL, 9, col_of(l, "inf"), "found infinity");
    l = "2001,A,Agriculture,Imports,1,x,3,0,0";
    expect_error(small_with(11, l, NULL), NULL, OGAS_EINVAL, 11, col_of(l, ",x") + 1, "imports");
    l = "2001,B,Industry,Domestic,30,40,100,30,?";
    expect_error(small_with(10, l, NULL), NULL, OGAS_EINVAL, 10, col_of(l, "?"), "gross output");
    {
        ogas_economy e;
        ogas_error err;
        o.year = 2000;
        CHECK_EQ_INT(read_text(small_with(10, "2001,B,Industry,Domestic,30,4O,100,30,200", NULL), NULL, &o, &e, &err),
                     OGAS_OK);
        ogas_economy_free(&e);
        o.year = 0;
    }
    /* Duplicate and unknown Domestic codes; an industry without its Domestic row. */
    l = "2001,A,Agriculture,Domestic,10,20,50,20,100";
    expect_error(small_with(10, l, NULL), NULL, OGAS_EINVAL, 10, 6,
                 "duplicate Domestic row 'A' for year 2001 (first on line 9)");
    l = "2001,C,Industry,Domestic,30,40,100,30,200";
    expect_error(small_with(10, l, NULL), NULL, OGAS_EINVAL, 10, 6, "block is not square");
    expect_error(small_with(10, NULL, NULL), NULL, OGAS_EINVAL, 1, col_of(small[0], ",B,") + 1,
                 "industry 'B' has no Domestic row");
    l = "2001,B,Industry,Imports,4,5,6,0,0";
    expect_error(small_with(11, l, NULL), NULL, OGAS_EINVAL, 12, 6,
                 "duplicate Imports row 'B' for year 2001 (first on line 11)");
    l = "2001,VA,Value added,TOT,55,133,0,0,0";
    expect_error(small_with(13, l, NULL), NULL, OGAS_EINVAL, 14, 6,
                 "duplicate TOT row 'VA' for year 2001 (first on line 13)");
    /* Negative gross output, an unknown origin, a bad year, a year without Domestic rows. */
    l = "2001,GO,Output,TOT,100,-200,0,0,0";
    expect_error(small_with(15, l, NULL), NULL, OGAS_EINVAL, 15, col_of(l, "-200"), "negative gross output");
    l = "2001,A,Agriculture,Foreign,10,20,50,20,100";
    expect_error(small_with(9, l, NULL), NULL, OGAS_EINVAL, 9, col_of(l, "Foreign"), "found 'Foreign'");
    l = "20x1,A,Agriculture,Domestic,10,20,50,20,100";
    expect_error(small_with(9, l, NULL), NULL, OGAS_EINVAL, 9, 1, "expected a year");
    o.year = 2002;
    expect_error(small_with(0, NULL, "2002,VA,Value added,TOT,1,1,0,0,0\n"), &o, OGAS_EINVAL, 16,
                 col_of(small[6], "TOT"), "year 2002 has no Domestic rows");
    o.year = 0;
    /* Empty file, a header and nothing else, missing columns. */
    expect_error("", NULL, OGAS_EINVAL, 1, 1, "empty file");
    expect_error("Year,Code,Description,Origin,A,B,CONS_h,EXP,GO\n", NULL, OGAS_EINVAL, 2, 1, "no data rows");
    expect_error("Year,Code,Description,Origin,A,B,CONS_h,EXP\n2001,A,a,Domestic,1,2,3,4\n", NULL, OGAS_EINVAL, 1, 1,
                 "no 'GO' column");
    expect_error("Year,Code,Description,A,B,GO\n2001,A,a,1,2,3\n", NULL, OGAS_EINVAL, 1, 1, "no 'Origin' column");
    expect_error("Code,Origin,A,GO\nA,Domestic,1,3\n", NULL, OGAS_EINVAL, 1, 1, "no 'Year' column");
    l = "Year,Code,Origin,CONS_h,GO";
    expect_error("Year,Code,Origin,CONS_h,GO\n2001,A,Domestic,1,3\n", NULL, OGAS_EINVAL, 1, col_of(l, "CONS_h"),
                 "no industry columns");
    l = "Year,Code,Origin,A,A,GO";
    expect_error("Year,Code,Origin,A,A,GO\n2001,A,Domestic,1,1,3\n", NULL, OGAS_EINVAL, 1, col_of(l, ",A,GO") + 1,
                 "duplicate industry code 'A'");
}

/* Every allocation failure is reported as out of memory and leaks nothing (checked under ASan). */
TEST(wiod_out_of_memory)
{
    const char *text = small_with(0, NULL, NULL);
    ogas_read_options o = {0};
    ogas_economy e;
    ogas_error err;
    const char *path = test_tmpfile(2, ".csv", text), *sea = test_tmpfile(3, ".csv", small_sea);
    long after;
    o.layout = "wiod";
    o.sea = sea;
    o.year = 2000;
    for (after = 0; after < 100000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_economy_read(path, &o, &e, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        if (rc != OGAS_ENOMEM) return;
        CHECK(e.codes == NULL && e.labour == NULL);
    }
    CHECK(after > 20);
    if (getenv("OGAS_TEST_VERBOSE")) printf("    wiod_out_of_memory: %ld allocations\n", after);
    CHECK(e.labour != NULL);
    ogas_economy_free(&e);
}
