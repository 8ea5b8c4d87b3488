/* ogas/core.h: memory, timing, number parsing and small vector kernels.
 *
 * Library code allocates only through ogas_malloc/ogas_calloc/ogas_realloc/
 * ogas_free so that one hook (ogas_set_allocator) can count or fail
 * allocations in tests. */
#ifndef OGAS_CORE_H
#define OGAS_CORE_H

#include <stddef.h>
#include <stdint.h>

/* Allocator hook: realloc-like (ptr NULL = allocate, size 0 = free). */
typedef void *(*ogas_alloc_fn)(void *ud, void *ptr, size_t size);
/* Installs fn (NULL restores the C library's allocator). Not thread-safe: call before any work. */
void ogas_set_allocator(ogas_alloc_fn fn, void *ud);

/* n bytes, uninitialised; NULL on failure or n == 0 is treated as 1. */
void *ogas_malloc(size_t n);
/* count*size zeroed bytes; NULL on failure or overflow. */
void *ogas_calloc(size_t count, size_t size);
/* count*size bytes, uninitialised; NULL on failure or overflow. */
void *ogas_mallocarray(size_t count, size_t size);
/* Resizes p to count*size bytes; NULL on failure or overflow (p is then left untouched). */
void *ogas_reallocarray(void *p, size_t count, size_t size);
/* Frees p (NULL is a no-op). */
void ogas_free(void *p);
/* Marks [p, p + size), from ogas_malloc, as streamed through from start to end, never gathered: a block
 * of 1 GB or more then goes without the 2 MB pages it is otherwise given. They spare a gather's address
 * translations and make first touches cheaper, but for that much memory the kernel may first have to
 * compact memory to find them, which a Krylov basis, touched vector by vector, pays for at every step
 * (measured: 0.3-0.8 s of a 10^7-product solve; at 10^6 products the 2 MB pages are 3% faster). */
void ogas_mem_streamed(void *p, size_t size);
/* Bytes of memory the machine can give now without swapping (Linux's MemAvailable: free memory and the
 * caches it can drop), or its free physical memory elsewhere; -1 when unknown. */
int64_t ogas_mem_available(void);
/* Copy of the NUL-terminated s, or NULL. */
char *ogas_strdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated, or NULL. */
char *ogas_strndup(const char *s, size_t n);

/* Seconds on a monotonic clock. */
double ogas_now(void);

/* Parses the whole of s[0..len) as a finite decimal number (optional sign, digits, '.', exponent).
 * Surrounding blanks are allowed. Returns 1 and sets *out on success, 0 if the text is not such a
 * number (hexadecimal, "inf" and "nan" are refused). Correctly rounded. */
int ogas_parse_double(const char *s, size_t len, double *out);
/* v rounded to 12 significant digits, so that v written with 12 digits reads back bit for bit through
 * ogas_parse_double (the generators use it: their files read back exactly and stay short). */
double ogas_round12(double v);
/* Parses the whole of s[0..len) as a decimal integer in [lo, hi]; returns 1 on success, 0 otherwise. */
int ogas_parse_int64(const char *s, size_t len, int64_t lo, int64_t hi, int64_t *out);

/* Deterministic random numbers (xoshiro256**), seeded with splitmix64. Plain struct: copy it freely. */
typedef struct ogas_rng {
    uint64_t s[4];
} ogas_rng;
/* Seeds r from seed. */
void ogas_rng_seed(ogas_rng *r, uint64_t seed);
/* Next 64 random bits. */
uint64_t ogas_rng_u64(ogas_rng *r);
/* Uniform double in [0, 1). */
double ogas_rng_uniform(ogas_rng *r);
/* Uniform integer in [0, n); n > 0. */
uint64_t ogas_rng_below(ogas_rng *r, uint64_t n);

/* Vector kernels over n entries (OpenMP-parallel for large n). */
double ogas_vec_dot(int64_t n, const double *x, const double *y);
double ogas_vec_norm2(int64_t n, const double *x);
double ogas_vec_norminf(int64_t n, const double *x);
/* y = a*x + y */
void ogas_vec_axpy(int64_t n, double a, const double *x, double *y);
/* x = a*x */
void ogas_vec_scale(int64_t n, double a, double *x);
/* y = x */
void ogas_vec_copy(int64_t n, const double *x, double *y);
/* x = a */
void ogas_vec_fill(int64_t n, double a, double *x);
/* Sum of x (pairwise-blocked for accuracy). */
double ogas_vec_sum(int64_t n, const double *x);

/* Number of threads the kernels use (OpenMP's maximum). */
int ogas_threads(void);


/* String -> index map (open addressing, FNV-1a). Keys are borrowed: they must outlive the map. */
typedef struct ogas_strmap {
    const char **keys; /* slot keys (NULL = empty) */
    size_t *lens;      /* slot key lengths */
    int64_t *vals;     /* slot values */
    size_t cap;        /* slots (a power of two) */
    size_t count;      /* keys stored */
} ogas_strmap;
/* m := empty map with room for about n keys; returns 0 on out of memory. */
int ogas_strmap_init(ogas_strmap *m, size_t n);
/* Inserts key[0..len) -> val unless present; returns 1 if inserted, 0 if present (*old := its value),
 * -1 on out of memory. */
int ogas_strmap_put(ogas_strmap *m, const char *key, size_t len, int64_t val, int64_t *old);
/* Value of key[0..len), or -1. */
int64_t ogas_strmap_get(const ogas_strmap *m, const char *key, size_t len);
/* Releases m. */
void ogas_strmap_free(ogas_strmap *m);
#endif
