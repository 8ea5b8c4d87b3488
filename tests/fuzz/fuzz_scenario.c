/* fuzz_scenario: the scenario reader (ogas_scenario_parse) on arbitrary bytes, as a file called
 * "fuzz.scenario" in the folder "dir".
 *
 * On success: the name is a non-empty text; description and economy are NULL or non-empty, a relative
 * economy starts with "dir/"; every text is UTF-8 without control characters but tabs; every field
 * lies in its range (months 1..1200, households 1..10^9, seed <= 2^53, regime 0..2, the consumer and
 * shop parameters as docs/formats.md says); each shock has a kind, a start in 1..months, months in
 * 0..1200, a line after the previous shock's, its codes (famine, isolation, war: at least one, each
 * non-empty, without commas or surrounding blanks, all distinct; other kinds: none) and the fields its
 * kind requires in range, the others zero. Parsing the same bytes again gives the same scenario.
 * On failure: the status is not OGAS_OK, err.message is non-empty, err.file is "fuzz.scenario" and
 * the scenario is zeroed. ogas_scenario_free runs in every case (LeakSanitizer checks that it frees
 * all). */
#include "fuzz_check.h"
#include "ogas/core.h"
#include "ogas/scenario.h"

/* 1 if sc is all zero bytes. */
static int sc_zeroed(const ogas_scenario *sc)
{
    static const ogas_scenario zero;
    return memcmp(sc, &zero, sizeof zero) == 0;
}

/* Checks that s is UTF-8 without control characters other than tabs. */
static void check_text(const char *what, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t len = *u < 0x80 ? 1 : *u >= 0xc2 && *u <= 0xdf ? 2 : *u >= 0xe0 && *u <= 0xef ? 3 : *u >= 0xf0 && *u <= 0xf4 ? 4 : 0;
        if (len == 0 || (*u < 0x20 && *u != '\t') || *u == 0x7f) fuzz_fail("%s: byte 0x%02x", what, *u);
        for (size_t k = 1; k < len; k++)
            if ((u[k] & 0xc0) != 0x80) fuzz_fail("%s: bad UTF-8 sequence", what);
        u += len;
    }
}

/* Checks the codes of a shock. */
static void check_codes(const ogas_shock *sh)
{
    int listed = sh->kind == OGAS_SHOCK_FAMINE || sh->kind == OGAS_SHOCK_ISOLATION || sh->kind == OGAS_SHOCK_WAR;
    if (!listed) {
        if (sh->ncodes != 0 || sh->codes) fuzz_fail("shock %s has codes", ogas_shock_kind_name(sh->kind));
        return;
    }
    if (sh->ncodes < 1 || !sh->codes) fuzz_fail("shock %s without codes", ogas_shock_kind_name(sh->kind));
    for (int64_t i = 0; i < sh->ncodes; i++) {
        const char *c = sh->codes[i];
        size_t n;
        if (!c || !(n = strlen(c))) fuzz_fail("code %lld is NULL or empty", (long long)i);
        if (strchr(c, ',') || c[0] == ' ' || c[0] == '\t' || c[n - 1] == ' ' || c[n - 1] == '\t')
            fuzz_fail("code '%s' has a comma or surrounding blanks", c);
        check_text("code", c);
        for (int64_t j = 0; j < i && j < 256; j++)
            if (strcmp(c, sh->codes[j]) == 0) fuzz_fail("code '%s' twice", c);
    }
}

/* Checks a scenario read successfully (see the file comment). */
static void check_scenario(const ogas_scenario *sc)
{
    if (!sc->name || !sc->name[0]) fuzz_fail("no name");
    check_text("name", sc->name);
    if (sc->description) {
        if (!sc->description[0]) fuzz_fail("empty description");
        check_text("description", sc->description);
    }
    if (sc->economy) {
        if (!sc->economy[0]) fuzz_fail("empty economy");
        if (sc->economy[0] != '/' && strncmp(sc->economy, "dir/", 4) != 0)
            fuzz_fail("relative economy '%s' not resolved against the folder", sc->economy);
        check_text("economy", sc->economy);
    }
    if (sc->months < 1 || sc->months > 1200) fuzz_fail("months %d", sc->months);
    if (sc->households < 1 || sc->households > 1000000000) fuzz_fail("households %lld", (long long)sc->households);
    if (sc->seed > (uint64_t)1 << 53) fuzz_fail("seed %llu", (unsigned long long)sc->seed);
    if (sc->regime < 0 || sc->regime > 2) fuzz_fail("regime %d", sc->regime);
    if (!(sc->concentration > 0) || !isfinite(sc->concentration)) fuzz_fail("concentration %g", sc->concentration);
    if (sc->basket < 1) fuzz_fail("basket %d", sc->basket);
    if (!(sc->hours_mean > 0) || !isfinite(sc->hours_mean)) fuzz_fail("hours_mean %g", sc->hours_mean);
    if (!(sc->hours_sd >= 0) || !isfinite(sc->hours_sd)) fuzz_fail("hours_sd %g", sc->hours_sd);
    if (!(sc->child_allowance >= 0) || !isfinite(sc->child_allowance)) fuzz_fail("child_allowance %g", sc->child_allowance);
    if (!(sc->savings_cap >= 0) || !isfinite(sc->savings_cap)) fuzz_fail("savings_cap %g", sc->savings_cap);
    if (!(sc->priority_share >= 0 && sc->priority_share <= 1)) fuzz_fail("priority_share %g", sc->priority_share);
    if (!(sc->substitution >= 0 && sc->substitution <= 1)) fuzz_fail("substitution %g", sc->substitution);
    if (!(sc->initial_stock >= 0) || !isfinite(sc->initial_stock)) fuzz_fail("initial_stock %g", sc->initial_stock);
    if (!(sc->disruption >= 0 && sc->disruption <= 1)) fuzz_fail("disruption %g", sc->disruption);
    if (!(sc->disruption_loss >= 0 && sc->disruption_loss <= 1)) fuzz_fail("disruption_loss %g", sc->disruption_loss);
    if (sc->replan_months < 1) fuzz_fail("replan_months %d", sc->replan_months);
    if (!(sc->gain >= 0) || !isfinite(sc->gain)) fuzz_fail("gain %g", sc->gain);
    if (sc->nshocks < 0 || (sc->nshocks > 0) != (sc->shocks != NULL)) fuzz_fail("%lld shocks", (long long)sc->nshocks);
    for (int64_t k = 0; k < sc->nshocks; k++) {
        const ogas_shock *sh = &sc->shocks[k];
        if ((int)sh->kind < 0 || (int)sh->kind > OGAS_SHOCK_SPECIALISTS) fuzz_fail("shock kind %d", (int)sh->kind);
        if (sh->start < 1 || sh->start > sc->months) fuzz_fail("shock start %d of %d months", sh->start, sc->months);
        if (sh->months < 0 || sh->months > 1200) fuzz_fail("shock months %d", sh->months);
        if (sh->line < 1 || (k > 0 && sh->line <= sc->shocks[k - 1].line)) fuzz_fail("shock line %ld", sh->line);
        check_codes(sh);
        switch (sh->kind) {
        case OGAS_SHOCK_FAMINE:
        case OGAS_SHOCK_ISOLATION:
            if (!(sh->factor >= 0 && sh->factor <= 1)) fuzz_fail("factor %g", sh->factor);
            if (sh->destroyed != 0 || sh->share != 0 || sh->markup != 0 || sh->differential != 0)
                fuzz_fail("famine or isolation with a field of another kind");
            break;
        case OGAS_SHOCK_WAR:
            if (!(sh->destroyed >= 0 && sh->destroyed <= 1)) fuzz_fail("destroyed %g", sh->destroyed);
            if (sh->factor != 0 || sh->share != 0 || sh->markup != 0 || sh->differential != 0)
                fuzz_fail("war with a field of another kind");
            break;
        case OGAS_SHOCK_PRIVATE_TRADE:
            if (!(sh->share >= 0 && sh->share <= 1)) fuzz_fail("share %g", sh->share);
            if (!(sh->markup >= 1) || !isfinite(sh->markup)) fuzz_fail("markup %g", sh->markup);
            if (sh->factor != 0 || sh->destroyed != 0 || sh->differential != 0)
                fuzz_fail("private trade with a field of another kind");
            break;
        case OGAS_SHOCK_SPECIALISTS:
            if (!(sh->share >= 0 && sh->share <= 1)) fuzz_fail("share %g", sh->share);
            if (!(sh->differential > 0) || !isfinite(sh->differential)) fuzz_fail("differential %g", sh->differential);
            if (sh->factor != 0 || sh->destroyed != 0 || sh->markup != 0)
                fuzz_fail("specialists with a field of another kind");
            break;
        }
    }
}

/* Checks that a and b hold the same scenario. */
static void check_same(const ogas_scenario *a, const ogas_scenario *b)
{
#define SAME_STR(x, y) (((x) == NULL) == ((y) == NULL) && (!(x) || strcmp((x), (y)) == 0))
    if (!SAME_STR(a->name, b->name) || !SAME_STR(a->description, b->description) || !SAME_STR(a->economy, b->economy) ||
        a->months != b->months || a->households != b->households || a->seed != b->seed || a->regime != b->regime ||
        a->concentration != b->concentration || a->basket != b->basket || a->hours_mean != b->hours_mean ||
        a->hours_sd != b->hours_sd || a->child_allowance != b->child_allowance || a->savings_cap != b->savings_cap ||
        a->priority_share != b->priority_share || a->substitution != b->substitution ||
        a->initial_stock != b->initial_stock || a->disruption != b->disruption ||
        a->disruption_loss != b->disruption_loss || a->replan_months != b->replan_months || a->gain != b->gain ||
        a->nshocks != b->nshocks)
        fuzz_fail("a second parse gave another scenario");
    for (int64_t k = 0; k < a->nshocks; k++) {
        const ogas_shock *x = &a->shocks[k], *y = &b->shocks[k];
        if (x->kind != y->kind || x->start != y->start || x->months != y->months || x->ncodes != y->ncodes ||
            x->factor != y->factor || x->destroyed != y->destroyed || x->share != y->share || x->markup != y->markup ||
            x->differential != y->differential || x->line != y->line)
            fuzz_fail("a second parse gave another shock %lld", (long long)k);
        for (int64_t i = 0; i < x->ncodes; i++)
            if (strcmp(x->codes[i], y->codes[i]) != 0) fuzz_fail("a second parse gave other codes");
    }
#undef SAME_STR
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ogas_scenario sc, again;
    ogas_error err;
    ogas_status rc;

    ogas_error_clear(&err);
    rc = ogas_scenario_parse("fuzz.scenario", "dir", (const char *)data, size, &sc, &err);
    if (rc != OGAS_OK) {
        fuzz_check_error("scenario", rc, &err);
        if (strcmp(err.file, "fuzz.scenario") != 0) fuzz_fail("error names the file '%s'", err.file);
        if (rc == OGAS_EINVAL && (err.line < 1 || err.column < 1))
            fuzz_fail("invalid input without a line and column: %s", err.message);
        if (!sc_zeroed(&sc)) fuzz_fail("a failed parse left a scenario");
    } else {
        check_scenario(&sc);
        if (ogas_scenario_parse("fuzz.scenario", "dir", (const char *)data, size, &again, &err) != OGAS_OK)
            fuzz_fail("a second parse failed: %s", err.message);
        check_same(&sc, &again);
        ogas_scenario_free(&again);
    }
    ogas_scenario_free(&sc);
    if (!sc_zeroed(&sc)) fuzz_fail("ogas_scenario_free left something");
    return 0;
}
