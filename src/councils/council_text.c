/* council_text.c: what the pieces of a council event may be: ids, names and reasons, times, counts,
 * shares. */
#include <string.h>

#include "council_internal.h"

/* 1 if s[0..len) is 1..OGAS_COUNCIL_ID_MAX bytes of [A-Za-z0-9_.-]. */
int reg_id_ok(const char *s, size_t len)
{
    if (len == 0 || len > OGAS_COUNCIL_ID_MAX) return 0;
    for (size_t k = 0; k < len; k++) {
        unsigned char c = (unsigned char)s[k];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-'))
            return 0;
    }
    return 1;
}

/* 1 if s[0..len) is at most max bytes of well-formed UTF-8 (no overlong forms, surrogates or code
 * points above U+10FFFF) without control characters (below U+0020, and U+007F). */
int reg_text_ok(const char *s, size_t len, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = 0;
    if (len > max) return 0;
    while (k < len) {
        unsigned c = u[k];
        size_t n;
        unsigned cp, min;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) return 0;
            k++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) n = 1, cp = c & 0x1F, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF) n = 2, cp = c & 0x0F, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4) n = 3, cp = c & 0x07, min = 0x10000;
        else return 0;
        if (len - k <= n) return 0;
        for (size_t j = 1; j <= n; j++) {
            if ((u[k + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (u[k + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        k += n + 1;
    }
    return 1;
}

/* Value of the n digits at s, or -1 if one is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9') return -1;
        v = v * 10 + (s[k] - '0');
    }
    return v;
}

/* 1 if s[0..len) is "YYYY-MM-DDTHH:MM:SSZ" with a real date (years 0001..9999) and time. */
int reg_time_ok(const char *s, size_t len)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, mo, d, h, mi, se, leap;
    if (len != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return 0;
    y = digits(s, 4);
    mo = digits(s + 5, 2);
    d = digits(s + 8, 2);
    h = digits(s + 11, 2);
    mi = digits(s + 14, 2);
    se = digits(s + 17, 2);
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return 0;
    leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[mo - 1] + (mo == 2 && leap);
}

/* 1 if s[0..len) is a canonical decimal count <= max. */
int reg_count_ok(const char *s, size_t len, int64_t max, int64_t *v)
{
    int64_t x = 0;
    if (len == 0 || len > 18 || (len > 1 && s[0] == '0')) return 0;
    for (size_t k = 0; k < len; k++) {
        if (s[k] < '0' || s[k] > '9') return 0;
        x = x * 10 + (s[k] - '0');
    }
    if (x > max) return 0;
    *v = x;
    return 1;
}

/* 1 if s is a number in [0, 1). */
int reg_share_ok(const char *s, double *v)
{
    double x;
    size_t len = strlen(s);
    if (len == 0 || len > 40 || strpbrk(s, " \t") || !ogas_parse_double(s, len, &x) || !(x >= 0) || !(x < 1)) return 0;
    *v = x == 0 ? 0.0 : x;
    return 1;
}

/* 1 if s is a UTC time. */
int ogas_council_time_valid(const char *s)
{
    return s && reg_time_ok(s, strlen(s));
}

/* 1 if s is an id. */
int ogas_council_id_valid(const char *s)
{
    return s && reg_id_ok(s, strlen(s));
}
