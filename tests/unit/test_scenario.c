/* test_scenario.c: scenario files (ogas_scenario_read, ogas_scenario_parse): the six bundled
 * scenarios field by field, the defaults, every key with its syntax (comments, quotes, blanks, CRLF,
 * a byte-order mark), the economy's path, every malformed input named by line, column and key, and
 * failing allocations. */
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ogas/core.h"
#include "ogas/scenario.h"
#include "test.h"

/* rc := parse of text as a file called name in folder dir. */
static ogas_status parse(const char *name, const char *dir, const char *text, ogas_scenario *sc, ogas_error *err)
{
    return ogas_scenario_parse(name, dir, text, strlen(text), sc, err);
}

/* 1 if sc is all zero bytes. */
static int zeroed(const ogas_scenario *sc)
{
    static const ogas_scenario zero;
    return memcmp(sc, &zero, sizeof zero) == 0;
}

/* Checks that sc holds the defaults of every field but the name, description, economy and shocks. */
static void check_defaults(const ogas_scenario *sc)
{
    CHECK_EQ_INT(sc->months, 60);
    CHECK_EQ_INT(sc->households, 10000);
    CHECK(sc->seed == 1);
    CHECK_EQ_INT(sc->regime, 0);
    CHECK(sc->concentration == 50);
    CHECK_EQ_INT(sc->basket, 20);
    CHECK(sc->hours_mean == 160);
    CHECK(sc->hours_sd == 20);
    CHECK(sc->child_allowance == 0.1);
    CHECK(sc->savings_cap == 6);
    CHECK(sc->priority_share == 0.05);
    CHECK(sc->substitution == 0.5);
    CHECK(sc->initial_stock == 1);
    CHECK(sc->disruption == 0.02);
    CHECK(sc->disruption_loss == 0.3);
    CHECK_EQ_INT(sc->replan_months, 1);
    CHECK(sc->gain == 1);
}

/* Reads examples/scenarios/<name>.scenario into sc and checks what every bundled scenario shares. */
static int read_bundled(const char *name, ogas_scenario *sc)
{
    char path[256], buf[1024];
    ogas_error err;
    struct stat st;
    snprintf(path, sizeof path, "examples/scenarios/%s.scenario", name);
    if (ogas_scenario_read(path, sc, &err) != OGAS_OK) {
        test_fail(__FILE__, __LINE__, "%s: %s", path, ogas_error_format(&err, buf, sizeof buf));
        return 0;
    }
    CHECK_STR(sc->name, name);
    CHECK(sc->description && strlen(sc->description) > 20);
    CHECK_STR(sc->economy, "examples/scenarios/../plan/random5y/n40_1");
    CHECK(sc->economy && stat(sc->economy, &st) == 0 && S_ISDIR(st.st_mode));
    check_defaults(sc);
    return 1;
}

/* Checks that the shock's codes are exactly the n listed. */
static void check_codes(const ogas_shock *sh, int n, const char *const *codes)
{
    CHECK_EQ_INT(sh->ncodes, n);
    for (int k = 0; k < n && k < sh->ncodes; k++) CHECK_STR(sh->codes[k], codes[k]);
}

TEST(scenario_bundled)
{
    ogas_scenario sc;
    const ogas_shock *sh;
    if (read_bundled("baseline", &sc)) {
        CHECK_EQ_INT(sc.nshocks, 0);
        CHECK(sc.shocks == NULL);
        ogas_scenario_free(&sc);
    }
    if (read_bundled("famine", &sc)) {
        static const char *const harvest[] = {"P0", "P1", "P2"};
        REQUIRE(sc.nshocks == 1);
        sh = &sc.shocks[0];
        CHECK_EQ_INT(sh->kind, OGAS_SHOCK_FAMINE);
        check_codes(sh, 3, harvest);
        CHECK(sh->factor == 0.6);
        CHECK_EQ_INT(sh->start, 13);
        CHECK_EQ_INT(sh->months, 12);
        CHECK_EQ_INT(sh->line, 12);
        ogas_scenario_free(&sc);
    }
    if (read_bundled("war", &sc)) {
        static const char *const industries[] = {"P3", "P4", "P5"};
        REQUIRE(sc.nshocks == 1);
        sh = &sc.shocks[0];
        CHECK_EQ_INT(sh->kind, OGAS_SHOCK_WAR);
        check_codes(sh, 3, industries);
        CHECK(sh->destroyed == 0.3);
        CHECK_EQ_INT(sh->start, 7);
        CHECK_EQ_INT(sh->months, 0);
        ogas_scenario_free(&sc);
    }
    if (read_bundled("isolation", &sc)) {
        static const char *const goods[] = {"P9", "P10"};
        REQUIRE(sc.nshocks == 1);
        sh = &sc.shocks[0];
        CHECK_EQ_INT(sh->kind, OGAS_SHOCK_ISOLATION);
        check_codes(sh, 2, goods);
        CHECK(sh->factor == 0.4);
        CHECK_EQ_INT(sh->start, 1);
        CHECK_EQ_INT(sh->months, 0);
        ogas_scenario_free(&sc);
    }
    if (read_bundled("private_trade", &sc)) {
        REQUIRE(sc.nshocks == 1);
        sh = &sc.shocks[0];
        CHECK_EQ_INT(sh->kind, OGAS_SHOCK_PRIVATE_TRADE);
        CHECK_EQ_INT(sh->ncodes, 0);
        CHECK(sh->codes == NULL);
        CHECK(sh->share == 0.2);
        CHECK(sh->markup == 2.0);
        CHECK_EQ_INT(sh->start, 1);
        CHECK_EQ_INT(sh->months, 0);
        ogas_scenario_free(&sc);
    }
    if (read_bundled("specialists", &sc)) {
        REQUIRE(sc.nshocks == 1);
        sh = &sc.shocks[0];
        CHECK_EQ_INT(sh->kind, OGAS_SHOCK_SPECIALISTS);
        CHECK_EQ_INT(sh->ncodes, 0);
        CHECK(sh->share == 0.02);
        CHECK(sh->differential == 5);
        CHECK_EQ_INT(sh->start, 1);
        ogas_scenario_free(&sc);
    }
    CHECK(zeroed(&sc));
}

TEST(scenario_defaults)
{
    ogas_scenario sc;
    ogas_error err;
    ogas_scenario_defaults(&sc);
    check_defaults(&sc);
    CHECK(sc.name == NULL && sc.description == NULL && sc.economy == NULL);
    CHECK(sc.nshocks == 0 && sc.shocks == NULL);
    /* An empty file, and one of comments only: the defaults, named after the file. */
    REQUIRE(parse("some/folder/quiet.scenario", "some/folder", "", &sc, &err) == OGAS_OK);
    check_defaults(&sc);
    CHECK_STR(sc.name, "quiet");
    CHECK(sc.description == NULL && sc.economy == NULL && sc.nshocks == 0);
    ogas_scenario_free(&sc);
    REQUIRE(parse("x.y.scenario", NULL, "# nothing\n\n   \t\n  # still nothing\n", &sc, &err) == OGAS_OK);
    CHECK_STR(sc.name, "x.y");
    ogas_scenario_free(&sc);
    REQUIRE(parse("plain", NULL, "", &sc, &err) == OGAS_OK);
    CHECK_STR(sc.name, "plain");
    ogas_scenario_free(&sc);
    REQUIRE(parse(".hidden", NULL, "", &sc, &err) == OGAS_OK);
    CHECK_STR(sc.name, ".hidden");
    ogas_scenario_free(&sc);
    REQUIRE(parse("dir/", NULL, "", &sc, &err) == OGAS_OK);
    CHECK_STR(sc.name, "scenario");
    ogas_scenario_free(&sc);
    REQUIRE(ogas_scenario_parse(NULL, NULL, NULL, 0, &sc, &err) == OGAS_OK);
    CHECK_STR(sc.name, "scenario");
    ogas_scenario_free(&sc);
    /* A shock's defaults: from month 1 to the end. */
    REQUIRE(parse("s", NULL, "[shock]\nkind = private_trade\nshare = 0.1\nmarkup = 1\n", &sc, &err) == OGAS_OK);
    REQUIRE(sc.nshocks == 1);
    CHECK_EQ_INT(sc.shocks[0].start, 1);
    CHECK_EQ_INT(sc.shocks[0].months, 0);
    CHECK_EQ_INT(sc.shocks[0].line, 1);
    CHECK(sc.shocks[0].markup == 1);
    ogas_scenario_free(&sc);
    CHECK(zeroed(&sc));
    ogas_scenario_free(&sc);
    ogas_scenario_free(NULL);
    CHECK_STR(ogas_shock_kind_name(OGAS_SHOCK_FAMINE), "famine");
    CHECK_STR(ogas_shock_kind_name(OGAS_SHOCK_WAR), "war");
    CHECK_STR(ogas_shock_kind_name(OGAS_SHOCK_ISOLATION), "isolation");
    CHECK_STR(ogas_shock_kind_name(OGAS_SHOCK_PRIVATE_TRADE), "private_trade");
    CHECK_STR(ogas_shock_kind_name(OGAS_SHOCK_SPECIALISTS), "specialists");
    CHECK_STR(ogas_shock_kind_name((ogas_shock_kind)7), "unknown");
}

/* Every key, with comments after values, quotes, blanks and tabs, no blanks around '=', CRLF line
 * ends and a byte-order mark. */
static const char *full_text =
    "\xef\xbb\xbf# a scenario with every key\r\n"
    "name = \"  full # scenario\"   # quoted: leading blanks and '#' kept\r\n"
    "description=A \"plain\" description, naïve # a comment\r\n"
    "economy =\t/abs/economy\r\n"
    "months = 120\r\n"
    "households = 1000000000\r\n"
    "seed = 9007199254740992\r\n"
    "regime = feedback\r\n"
    "\r\n"
    "[households]\r\n"
    "concentration = 0.5\r\n"
    "basket = 3\r\n"
    "hours_mean = 1e2\r\n"
    "hours_sd = 0\r\n"
    "child_allowance = -0\r\n"
    "savings_cap = 12.5\r\n"
    "  [ shops ]  # blanks inside and around the brackets\r\n"
    "priority_share = 1\r\n"
    "substitution = 0\r\n"
    "initial_stock = 2.5\r\n"
    "disruption = 0.125\r\n"
    "disruption_loss = \"1\"\r\n"
    "[feedback]\r\n"
    "replan_months = 12\r\n"
    "gain = 0.25\r\n"
    "[shock]\r\n"
    "goods = A,B ,  C\r\n"
    "kind = famine\r\n"
    "factor = 0\r\n"
    "start = 120\r\n"
    "months = 1200\r\n"
    "[shock]\r\n"
    "kind = war\r\n"
    "industries = \"X#1\"\r\n"
    "destroyed = 1\r\n"
    "[shock]\r\n"
    "kind = isolation\r\n"
    "goods = A\r\n"
    "factor = 1\r\n"
    "[shock]\r\n"
    "kind = private_trade\r\n"
    "share = 1\r\n"
    "markup = 1e3\r\n"
    "[shock]\r\n"
    "kind = specialists\r\n"
    "share = 0\r\n"
    "differential = 0.5";

TEST(scenario_every_key)
{
    ogas_scenario sc;
    ogas_error err;
    char buf[1024];
    static const char *const abc[] = {"A", "B", "C"}, *const x1[] = {"X#1"}, *const a[] = {"A"};
    if (parse("full.scenario", "here", full_text, &sc, &err) != OGAS_OK) {
        test_fail(__FILE__, __LINE__, "%s", ogas_error_format(&err, buf, sizeof buf));
        return;
    }
    CHECK_STR(sc.name, "  full # scenario");
    CHECK_STR(sc.description, "A \"plain\" description, naïve");
    CHECK_STR(sc.economy, "/abs/economy");
    CHECK_EQ_INT(sc.months, 120);
    CHECK_EQ_INT(sc.households, 1000000000);
    CHECK(sc.seed == (uint64_t)1 << 53);
    CHECK_EQ_INT(sc.regime, 2);
    CHECK(sc.concentration == 0.5);
    CHECK_EQ_INT(sc.basket, 3);
    CHECK(sc.hours_mean == 100);
    CHECK(sc.hours_sd == 0);
    CHECK(sc.child_allowance == 0 && !signbit(sc.child_allowance));
    CHECK(sc.savings_cap == 12.5);
    CHECK(sc.priority_share == 1);
    CHECK(sc.substitution == 0);
    CHECK(sc.initial_stock == 2.5);
    CHECK(sc.disruption == 0.125);
    CHECK(sc.disruption_loss == 1);
    CHECK_EQ_INT(sc.replan_months, 12);
    CHECK(sc.gain == 0.25);
    REQUIRE(sc.nshocks == 5);
    CHECK_EQ_INT(sc.shocks[0].kind, OGAS_SHOCK_FAMINE);
    check_codes(&sc.shocks[0], 3, abc);
    CHECK(sc.shocks[0].factor == 0);
    CHECK_EQ_INT(sc.shocks[0].start, 120);
    CHECK_EQ_INT(sc.shocks[0].months, 1200);
    CHECK_EQ_INT(sc.shocks[0].line, 26);
    CHECK_EQ_INT(sc.shocks[1].kind, OGAS_SHOCK_WAR);
    check_codes(&sc.shocks[1], 1, x1);
    CHECK(sc.shocks[1].destroyed == 1);
    CHECK_EQ_INT(sc.shocks[1].line, 32);
    CHECK_EQ_INT(sc.shocks[2].kind, OGAS_SHOCK_ISOLATION);
    check_codes(&sc.shocks[2], 1, a);
    CHECK(sc.shocks[2].factor == 1);
    CHECK_EQ_INT(sc.shocks[3].kind, OGAS_SHOCK_PRIVATE_TRADE);
    CHECK(sc.shocks[3].share == 1 && sc.shocks[3].markup == 1000);
    CHECK_EQ_INT(sc.shocks[4].kind, OGAS_SHOCK_SPECIALISTS);
    CHECK(sc.shocks[4].share == 0 && sc.shocks[4].differential == 0.5);
    CHECK(sc.shocks[4].factor == 0 && sc.shocks[4].codes == NULL);
    ogas_scenario_free(&sc);
    /* The regimes. */
    REQUIRE(parse("r", NULL, "regime = both\n", &sc, &err) == OGAS_OK);
    CHECK_EQ_INT(sc.regime, 0);
    ogas_scenario_free(&sc);
    REQUIRE(parse("r", NULL, "regime = administered\n", &sc, &err) == OGAS_OK);
    CHECK_EQ_INT(sc.regime, 1);
    ogas_scenario_free(&sc);
    REQUIRE(parse("r", NULL, "seed = 0\nmonths=1\n[shock]\nkind=war\nindustries=I\ndestroyed=0.5\nstart=1\n", &sc, &err) ==
            OGAS_OK);
    CHECK(sc.seed == 0);
    CHECK_EQ_INT(sc.months, 1);
    ogas_scenario_free(&sc);
}

TEST(scenario_economy_path)
{
    ogas_scenario sc;
    ogas_error err;
    REQUIRE(parse("a/b.scenario", "a", "economy = ../plan/x\n", &sc, &err) == OGAS_OK);
    CHECK_STR(sc.economy, "a/../plan/x");
    ogas_scenario_free(&sc);
    REQUIRE(parse("b.scenario", "a/", "economy = x.csv\n", &sc, &err) == OGAS_OK);
    CHECK_STR(sc.economy, "a/x.csv");
    ogas_scenario_free(&sc);
    REQUIRE(parse("/b.scenario", "/", "economy = x.csv\n", &sc, &err) == OGAS_OK);
    CHECK_STR(sc.economy, "/x.csv");
    ogas_scenario_free(&sc);
    REQUIRE(parse("b.scenario", NULL, "economy = x.csv\n", &sc, &err) == OGAS_OK);
    CHECK_STR(sc.economy, "x.csv");
    ogas_scenario_free(&sc);
    REQUIRE(parse("b.scenario", "", "economy = x.csv\n", &sc, &err) == OGAS_OK);
    CHECK_STR(sc.economy, "x.csv");
    ogas_scenario_free(&sc);
    REQUIRE(parse("b.scenario", "a", "economy = /data/x.csv\n", &sc, &err) == OGAS_OK);
    CHECK_STR(sc.economy, "/data/x.csv");
    ogas_scenario_free(&sc);
    /* Reading a file: resolved against its folder; a bare file name leaves the path as it is. */
    {
        const char *path = test_tmpfile(0, ".scenario", "economy = eco\n");
        char want[512];
        const char *slash;
        REQUIRE(path && (slash = strrchr(path, '/')) != NULL);
        snprintf(want, sizeof want, "%.*s/eco", (int)(slash - path), path);
        CHECK_EQ_INT(ogas_scenario_read(path, &sc, &err), OGAS_OK);
        CHECK_STR(sc.economy, want);
        ogas_scenario_free(&sc);
        unlink(path);
    }
    CHECK_EQ_INT(ogas_scenario_read("examples/scenarios/no-such.scenario", &sc, &err), OGAS_EIO);
    CHECK_CONTAINS(err.file, "no-such.scenario");
    CHECK(zeroed(&sc));
    CHECK_EQ_INT(ogas_scenario_read(NULL, &sc, &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_scenario_read("x", NULL, &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_scenario_parse("x", NULL, NULL, 3, &sc, &err), OGAS_EARG);
    CHECK_EQ_INT(ogas_scenario_parse("x", NULL, "", 0, NULL, &err), OGAS_EARG);
}

/* A malformed input and where and how it must be refused. */
typedef struct bad_case {
    const char *text;
    long line, column;
    const char *phrase;
} bad_case;

#define SHOCK_OK "kind = famine\ngoods = P0\nfactor = 0.5\n"
static const bad_case bad_cases[] = {
    /* values out of range or malformed */
    {"months = 60\n[shock]\nkind = famine\ngoods = P0\n\nfactor = 1.5\n", 6, 10,
     "factor: expected a number in [0, 1], found '1.5'"},
    {"months = 0\n", 1, 10, "months: expected an integer in 1..1200, found '0'"},
    {"months = 1201\n", 1, 10, "months: expected an integer in 1..1200, found '1201'"},
    {"months = 6.5\n", 1, 10, "months: expected an integer in 1..1200, found '6.5'"},
    {"months = 1e2\n", 1, 10, "months: expected an integer in 1..1200"},
    {"households = 0\n", 1, 14, "households: expected an integer in 1..1000000000, found '0'"},
    {"households = 1000000001\n", 1, 14, "households: expected an integer in 1..1000000000"},
    {"seed = 9007199254740993\n", 1, 8, "seed: expected an integer in 0..9007199254740992"},
    {"seed = -1\n", 1, 8, "seed: expected an integer in 0..9007199254740992, found '-1'"},
    {"regime = market\n", 1, 10, "regime: expected both, administered or feedback, found 'market'"},
    {"[households]\nconcentration = 0\n", 2, 17, "concentration: expected a number > 0, found '0'"},
    {"[households]\nbasket = 0\n", 2, 10, "basket: expected an integer >= 1, found '0'"},
    {"[households]\nbasket = 2147483648\n", 2, 10, "basket: expected an integer >= 1"},
    {"[households]\nhours_mean = 0\n", 2, 14, "hours_mean: expected a number > 0"},
    {"[households]\nhours_sd = -1\n", 2, 12, "hours_sd: expected a number >= 0, found '-1'"},
    {"[households]\nchild_allowance = -0.1\n", 2, 19, "child_allowance: expected a number >= 0"},
    {"[households]\nsavings_cap = nan\n", 2, 15, "savings_cap: expected a number >= 0, found 'nan'"},
    {"[households]\nsavings_cap = inf\n", 2, 15, "savings_cap: expected a number >= 0, found 'inf'"},
    {"[households]\nsavings_cap = 1e999\n", 2, 15, "savings_cap: expected a number >= 0"},
    {"[households]\nsavings_cap = 0x10\n", 2, 15, "savings_cap: expected a number >= 0"},
    {"[shops]\npriority_share = 1.0001\n", 2, 18, "priority_share: expected a number in [0, 1]"},
    {"[shops]\nsubstitution = -0.5\n", 2, 16, "substitution: expected a number in [0, 1]"},
    {"[shops]\ninitial_stock = -1\n", 2, 17, "initial_stock: expected a number >= 0"},
    {"[shops]\ndisruption = 2\n", 2, 14, "disruption: expected a number in [0, 1]"},
    {"[shops]\ndisruption_loss = one\n", 2, 19, "disruption_loss: expected a number in [0, 1], found 'one'"},
    {"[feedback]\nreplan_months = 0\n", 2, 17, "replan_months: expected an integer >= 1"},
    {"[feedback]\ngain = -1\n", 2, 8, "gain: expected a number >= 0"},
    {"[shock]\nkind = drought\n", 2, 8,
     "kind: expected famine, war, isolation, private_trade or specialists, found 'drought'"},
    {"[shock]\n" SHOCK_OK "start = 0\n", 5, 9, "start: expected an integer in 1..1200, found '0'"},
    {"[shock]\n" SHOCK_OK "months = -1\n", 5, 10, "months: expected an integer in 0..1200"},
    {"[shock]\nkind = war\nindustries = I\ndestroyed = 1.1\n", 4, 13, "destroyed: expected a number in [0, 1]"},
    {"[shock]\nkind = private_trade\nshare = 0.1\nmarkup = 0.9\n", 4, 10,
     "markup: expected a number >= 1, found '0.9'"},
    {"[shock]\nkind = specialists\nshare = 0.1\ndifferential = 0\n", 4, 16,
     "differential: expected a number > 0, found '0'"},
    {"[shock]\nkind = specialists\nshare = -0.1\ndifferential = 2\n", 3, 9, "share: expected a number in [0, 1]"},
    {"months = 24\n[shock]\n" SHOCK_OK "start = 25\n", 6, 1,
     "start: expected a month in 1..24 (the scenario's months), found 25"},
    {"[shock]\n" SHOCK_OK "start = 61\n", 5, 1, "start: expected a month in 1..60 (the scenario's months), found 61"},
    /* lists of codes */
    {"[shock]\nkind = famine\ngoods = P0,,P1\nfactor = 1\n", 3, 12, "goods: empty code in the list"},
    {"[shock]\nkind = famine\ngoods = \" \"\nfactor = 1\n", 3, 11, "goods: empty code in the list"},
    {"[shock]\nkind = famine\ngoods = P0,\nfactor = 1\n", 3, 12, "goods: empty code in the list"},
    {"[shock]\nkind = famine\ngoods = P0, P1 , P0\nfactor = 1\n", 3, 18, "goods: code 'P0' listed twice"},
    {"[shock]\nkind = war\nindustries = \" ,x\"\ndestroyed = 1\n", 3, 16, "industries: empty code"},
    /* empty values and quotes */
    {"name =\n", 1, 7, "name: expected a text, found nothing"},
    {"name = # just a comment\n", 1, 8, "name: expected a text, found nothing"},
    {"name = \"\"\n", 1, 9, "name: expected a text, found nothing"},
    {"name = \"open\n", 1, 8, "name: unterminated quoted value"},
    {"name = \"a\" b\n", 1, 12, "name: unexpected text after the quoted value"},
    /* unknown sections and keys, keys and sections twice, lines that are not key = value */
    {"[market]\n", 1, 2, "unknown section [market]"},
    {"[Shock]\n", 1, 2, "unknown section [Shock]"},
    {"[]\n", 1, 2, "unknown section []"},
    {"[shock\nkind = war\n", 1, 1, "expected ']'"},
    {"[shock] kind = war\n", 1, 9, "unexpected text after the section header"},
    {"colour = red\n", 1, 1, "unknown key 'colour' (expected name, description, economy, months"},
    {"[households]\nmonths = 3\n", 2, 1, "unknown key 'months' in [households] (top-level keys come before"},
    {"[shops]\ngain = 3\n", 2, 1, "unknown key 'gain' in [shops] (it belongs in [feedback])"},
    {"basket = 3\n", 1, 1, "unknown key 'basket' (it belongs in [households])"},
    {"[shock]\nkind = famine\ngods = P0\n", 3, 1, "unknown key 'gods' in [shock] (expected kind, start, months, goods"},
    {"months = 12\nseed = 2\nmonths = 12\n", 3, 1, "months: given twice (first on line 1)"},
    {"[shops]\ndisruption = 0\n\ndisruption = 0\n", 4, 1, "disruption: given twice in [shops] (first on line 2)"},
    {"[shock]\nkind = famine\ngoods = A\nfactor = 1\nfactor = 1\n", 5, 1, "factor: given twice in [shock] (first on line 4)"},
    {"[households]\n[shops]\n[households]\n", 3, 2, "section [households] given twice (first on line 1)"},
    {"[feedback]\n[feedback]\n", 2, 2, "section [feedback] given twice (first on line 1)"},
    {"months 60\n", 1, 1, "expected 'key = value' or a [section], found 'months 60'"},
    {"months # = 60\n", 1, 1, "expected 'key = value' or a [section], found 'months'"},
    {"  = 60\n", 1, 3, "expected a key before '='"},
    /* shocks as a whole */
    {"[shock]\ngoods = P0\nfactor = 0.5\n", 1, 1, "[shock] without a kind"},
    {"[shock]\nkind = famine\ngoods = P0\nfactor = 0.5\n  [shock]\nshare = 0.1\n[shops]\n", 5, 3,
     "[shock] without a kind"},
    {"[shock]\nkind = famine\ngoods = P0\n", 1, 1, "famine shock: missing factor (a number in [0, 1])"},
    {"[shock]\nkind = famine\nfactor = 0.5\n", 1, 1, "famine shock: missing goods"},
    {"\n[shock]\nkind = war\nindustries = I\n", 2, 1, "war shock: missing destroyed"},
    {"[shock]\nkind = war\ndestroyed = 0.5\n", 1, 1, "war shock: missing industries (comma-separated industry codes)"},
    {"[shock]\nkind = isolation\ngoods = G\n", 1, 1, "isolation shock: missing factor"},
    {"[shock]\nkind = private_trade\nshare = 0.2\n", 1, 1, "private_trade shock: missing markup (a number >= 1)"},
    {"[shock]\nkind = private_trade\nmarkup = 2\n", 1, 1, "private_trade shock: missing share"},
    {"[shock]\nkind = specialists\nshare = 0.2\n", 1, 1, "specialists shock: missing differential (a number > 0)"},
    {"[shock]\nkind = famine\ngoods = P0\nfactor = 0.5\nmarkup = 2\n", 5, 1,
     "markup: not a key of a famine shock (expected kind, start, months, goods, factor)"},
    {"[shock]\nindustries = P0\nkind = famine\ngoods = P0\nfactor = 0.5\n", 2, 1, "industries: not a key of a famine shock"},
    {"[shock]\nkind = war\nindustries = I\ngoods = G\ndestroyed = 0.5\n", 4, 1, "goods: not a key of a war shock"},
    {"[shock]\nkind = specialists\nshare = 0.1\ndifferential = 2\nfactor = 1\nmarkup = 1\n", 5, 1,
     "factor: not a key of a specialists shock"},
    {"[shock]\nkind = private_trade\nshare = 0.1\nmarkup = 2\ndifferential = 2\n", 5, 1,
     "differential: not a key of a private_trade shock"},
    {"[shock]\nkind = famine\nkind = war\n", 3, 1, "kind: given twice in [shock] (first on line 2)"},
    /* the second shock's own keys: each [shock] starts afresh */
    {"[shock]\n" SHOCK_OK "[shock]\nkind = famine\ngoods = P0\n", 5, 1, "famine shock: missing factor"},
    /* bytes */
    {"name = a\x01z\n", 1, 9, "control character 0x01"},
    {"name = a\rz\n", 1, 9, "control character 0x0d"},
    {"# caf\xe9\n", 1, 6, "invalid UTF-8 (byte 0xe9)"},
    {"name = \xc0\xaf\n", 1, 8, "invalid UTF-8 (byte 0xc0)"},
    {"name = \xed\xa0\x80\n", 1, 8, "invalid UTF-8 (byte 0xed)"},
    {"name = \xe2\x82\n", 1, 8, "invalid UTF-8 (byte 0xe2)"},
};

TEST(scenario_errors)
{
    char buf[1024];
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const bad_case *c = &bad_cases[k];
        ogas_scenario sc;
        ogas_error err;
        ogas_status rc;
        memset(&sc, 0x5a, sizeof sc);
        rc = parse("bad.scenario", "d", c->text, &sc, &err);
        if (rc != OGAS_EINVAL || err.line != c->line || err.column != c->column || !strstr(err.message, c->phrase) ||
            strcmp(err.file, "bad.scenario") != 0) {
            test_fail(__FILE__, __LINE__, "case %zu: status %d, \"%s\"; expected bad.scenario:%ld:%ld: ...%s...", k,
                      (int)rc, ogas_error_format(&err, buf, sizeof buf), c->line, c->column, c->phrase);
        }
        CHECK(zeroed(&sc));
        ogas_scenario_free(&sc);
    }
    /* The message of the brief's example, as the program prints it. */
    {
        ogas_scenario sc;
        ogas_error err;
        const char *path = test_tmpfile(1, ".scenario", "# famine\nname = f\n\n\n\n\n\n\n\n[shock]\nkind = famine\nfactor = 1.5\n");
        REQUIRE(path);
        CHECK_EQ_INT(ogas_scenario_read(path, &sc, &err), OGAS_EINVAL);
        CHECK_STR(err.file, path);
        CHECK_EQ_INT(err.line, 12);
        CHECK_EQ_INT(err.column, 10);
        CHECK_STR(err.message, "factor: expected a number in [0, 1], found '1.5'");
        CHECK(zeroed(&sc));
        unlink(path);
    }
    /* A long value is cut in the message. */
    {
        ogas_scenario sc;
        ogas_error err;
        char text[400];
        snprintf(text, sizeof text, "regime = %0300d\n", 7);
        CHECK_EQ_INT(parse("long", NULL, text, &sc, &err), OGAS_EINVAL);
        CHECK_CONTAINS(err.message, "...'");
        CHECK(strlen(err.message) < 200);
    }
    /* A NUL byte inside a line. */
    {
        ogas_scenario sc;
        ogas_error err;
        static const char nul[] = "name = a\0b\n";
        CHECK_EQ_INT(ogas_scenario_parse("nul", NULL, nul, sizeof nul - 1, &sc, &err), OGAS_EINVAL);
        CHECK_EQ_INT(err.column, 9);
        CHECK_CONTAINS(err.message, "control character 0x00");
    }
}

TEST(scenario_out_of_memory)
{
    ogas_scenario sc;
    ogas_error err;
    long after;
    for (after = 0; after < 10000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = parse("full.scenario", "here", full_text, &sc, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        CHECK_CONTAINS(err.message, "out of memory");
        CHECK(zeroed(&sc));
        if (rc != OGAS_ENOMEM) break;
    }
    CHECK(after > 20);
    REQUIRE(sc.nshocks == 5);
    ogas_scenario_free(&sc);
    for (after = 0; after < 10000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = ogas_scenario_read("examples/scenarios/famine.scenario", &sc, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        CHECK(zeroed(&sc));
        if (rc != OGAS_ENOMEM) break;
    }
    CHECK(after > 5);
    CHECK_STR(sc.name, "famine");
    ogas_scenario_free(&sc);
    /* The default name is the last allocation. */
    for (after = 0; after < 10000; after++) {
        ogas_status rc;
        test_alloc_fail_after(after);
        rc = parse("x/unnamed.scenario", NULL, "[shock]\nkind = war\nindustries = A, B\ndestroyed = 1\n", &sc, &err);
        test_alloc_fail_after(-1);
        if (rc == OGAS_OK) break;
        CHECK_EQ_INT(rc, OGAS_ENOMEM);
        CHECK(zeroed(&sc));
        if (rc != OGAS_ENOMEM) break;
    }
    CHECK(after > 3);
    CHECK_STR(sc.name, "unnamed");
    ogas_scenario_free(&sc);
}
