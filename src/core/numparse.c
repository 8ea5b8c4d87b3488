/* numparse.c: strict, correctly rounded parsing of decimal numbers and integers.
 *
 * Fast path (Clinger 1990, "How to read floating point numbers accurately"):
 * when the significand has at most 15 digits and the decimal exponent is within
 * [-22, 22], both the significand and 10^|e| are exact doubles, so one IEEE
 * multiplication or division gives the correctly rounded result. Everything
 * else goes to strtod, which is correctly rounded in glibc. The grammar is
 * checked here, so strtod never sees hexadecimal, "inf" or "nan". */
#include "ogas/core.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* *out := the decimal number spelt by s[0..len); 1 on success. */
int ogas_parse_double(const char *s, size_t len, double *out)
{
    size_t a = 0, b = len, k;
    int neg = 0, sig = 0, ndig = 0, exp_digits = 0;
    uint64_t mant = 0;
    long dexp = 0, e = 0;
    int eneg = 0;

    while (a < b && is_blank(s[a])) a++;
    while (b > a && is_blank(s[b - 1])) b--;
    if (a == b) return 0;
    k = a;
    if (s[k] == '+' || s[k] == '-') neg = s[k++] == '-';
    for (; k < b && s[k] >= '0' && s[k] <= '9'; k++) {
        ndig++;
        if (mant == 0 && s[k] == '0') continue; /* leading zero */
        if (sig < 19) mant = mant * 10 + (uint64_t)(s[k] - '0');
        else dexp++;
        sig++;
    }
    if (k < b && s[k] == '.') {
        for (k++; k < b && s[k] >= '0' && s[k] <= '9'; k++) {
            ndig++;
            if (mant == 0 && s[k] == '0') {
                dexp--;
                continue;
            }
            if (sig < 19) {
                mant = mant * 10 + (uint64_t)(s[k] - '0');
                dexp--;
            }
            sig++;
        }
    }
    if (ndig == 0) return 0;
    if (k < b && (s[k] == 'e' || s[k] == 'E')) {
        k++;
        if (k < b && (s[k] == '+' || s[k] == '-')) eneg = s[k++] == '-';
        for (; k < b && s[k] >= '0' && s[k] <= '9'; k++, exp_digits++)
            if (e < 100000) e = e * 10 + (s[k] - '0');
        if (exp_digits == 0) return 0;
    }
    if (k != b) return 0;
    dexp += eneg ? -e : e;
    if (mant == 0) {
        *out = neg ? -0.0 : 0.0;
        return 1;
    }
    if (sig <= 15 && dexp >= -22 && dexp <= 22) {
        double v = (double)mant;
        v = dexp >= 0 ? v * pow10_exact[dexp] : v / pow10_exact[-dexp];
        *out = neg ? -v : v;
        return 1;
    }
    {
        char small[128], *buf = small, *end;
        size_t n = b - a;
        double v;
        int ok;
        if (n >= sizeof small && !(buf = ogas_malloc(n + 1))) return 0;
        memcpy(buf, s + a, n);
        buf[n] = '\0';
        errno = 0;
        v = strtod(buf, &end);
        ok = end == buf + n && isfinite(v) && !(errno == ERANGE && fabs(v) > 1.0);
        if (buf != small) ogas_free(buf);
        if (ok) *out = v;
        return ok;
    }
}

/* *out := the decimal integer spelt by s[0..len), within [lo, hi]; 1 on success. */
int ogas_parse_int64(const char *s, size_t len, int64_t lo, int64_t hi, int64_t *out)
{
    size_t a = 0, b = len;
    int neg = 0;
    uint64_t v = 0, limit;
    while (a < b && is_blank(s[a])) a++;
    while (b > a && is_blank(s[b - 1])) b--;
    if (a < b && (s[a] == '+' || s[a] == '-')) neg = s[a++] == '-';
    if (a == b) return 0;
    limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; a < b; a++) {
        unsigned d = (unsigned)(s[a] - '0');
        if (d > 9) return 0;
        if (v > (limit - d) / 10) return 0;
        v = v * 10 + d;
    }
    {
        int64_t r = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
        if (r < lo || r > hi) return 0;
        *out = r;
    }
    return 1;
}

/* v rounded to 12 significant digits: the double nearest to a 12-digit decimal m * 10^-k, computed as
 * m / 10^k with both exact (m < 2^53, k <= 22), which is how ogas_parse_double reads that text back. */
double ogas_round12(double v)
{
    static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double a = fabs(v), m;
    int e, k;
    if (v == 0.0 || !isfinite(v)) return v;
    e = (int)floor(log10(a));
    k = 11 - e;
    if (k >= 0 && k <= 22) {
        m = nearbyint(a * p10[k]);
        if (m >= 1e12) return ogas_round12(copysign(m / p10[k], v)); /* carried into a 13th digit */
        return copysign(m / p10[k], v);
    }
    if (k < 0 && -k <= 22) {
        m = nearbyint(a / p10[-k]);
        return copysign(m * p10[-k], v);
    }
    {
        char buf[32];
        snprintf(buf, sizeof buf, "%.11e", v);
        return strtod(buf, NULL);
    }
}
