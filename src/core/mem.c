/* mem.c: the library's allocation hook and checked allocation helpers. */
#define _DEFAULT_SOURCE /* madvise */
#include "ogas/core.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE_FROM (8u << 20) /* blocks from 8 MB up ask for transparent huge pages */
#define STREAMED_FROM ((size_t)1 << 30) /* streamed blocks from 1 GB up go without them */

/* Asks the kernel to back the whole pages of [p, p+size) with 2 MB pages where it can: a sparse
 * product gathers from all of x, and with 4 KB pages most of those reads would also miss the TLB. */
static void advise_huge(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
    uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095, b = ((uintptr_t)p + size) & ~(uintptr_t)4095;
    if (b > a) madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}

/* Tells the kernel that the whole pages of [p, p + size) are only streamed through. */
void ogas_mem_streamed(void *p, size_t size)
{
#ifdef MADV_NOHUGEPAGE
    uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095, b = ((uintptr_t)p + size) & ~(uintptr_t)4095;
    if (p && size >= STREAMED_FROM && b > a) madvise((void *)a, b - a, MADV_NOHUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}

/* Bytes of memory available now: MemAvailable from /proc/meminfo, else free pages; -1 when unknown. */
int64_t ogas_mem_available(void)
{
    int64_t bytes = -1;
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        long long kib;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "MemAvailable: %lld kB", &kib) == 1 && kib >= 0) {
                bytes = (int64_t)kib * 1024;
                break;
            }
        fclose(f);
    }
#if defined(_SC_AVPHYS_PAGES) && defined(_SC_PAGESIZE)
    if (bytes < 0) {
        long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
        if (pages > 0 && size > 0) bytes = (int64_t)pages * size;
    }
#endif
    return bytes;
}

static void *default_alloc(void *ud, void *ptr, size_t size)
{
    (void)ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    {
        void *q = realloc(ptr, size);
        if (q && size >= HUGE_FROM) advise_huge(q, size);
        return q;
    }
}

static ogas_alloc_fn alloc_fn = default_alloc;
static void *alloc_ud = NULL;

/* Installs the allocator hook. */
void ogas_set_allocator(ogas_alloc_fn fn, void *ud)
{
    alloc_fn = fn ? fn : default_alloc;
    alloc_ud = fn ? ud : NULL;
}

/* n bytes. */
void *ogas_malloc(size_t n)
{
    return alloc_fn(alloc_ud, NULL, n ? n : 1);
}

/* count*size bytes, unchecked contents; NULL on overflow. */
void *ogas_mallocarray(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) return NULL;
    return ogas_malloc(count * size);
}

/* count*size zero bytes. */
void *ogas_calloc(size_t count, size_t size)
{
    void *p = ogas_mallocarray(count, size);
    if (p && count && size) memset(p, 0, count * size);
    return p;
}

/* p resized to count*size bytes. */
void *ogas_reallocarray(void *p, size_t count, size_t size)
{
    size_t n;
    if (size && count > SIZE_MAX / size) return NULL;
    n = count * size;
    return alloc_fn(alloc_ud, p, n ? n : 1);
}

/* free(p). */
void ogas_free(void *p)
{
    if (p) alloc_fn(alloc_ud, p, 0);
}

/* Copy of s. */
char *ogas_strdup(const char *s)
{
    return s ? ogas_strndup(s, strlen(s)) : NULL;
}

/* Copy of s[0..n). */
char *ogas_strndup(const char *s, size_t n)
{
    char *c = ogas_malloc(n + 1);
    if (!c) return NULL;
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}
