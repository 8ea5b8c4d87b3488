#define _DEFAULT_SOURCE
/* runner.c: runs every registered test in a child process (fork) with a time limit, so a crash or a
 * hang in one test is reported as that test's failure. Arguments: optional substrings that select
 * tests by "file:name". Ends with the line "N passed, N failed". */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ogas/core.h"
#include "test.h"

#define MAX_TESTS 4096
#define TIME_LIMIT 300

static struct {
    const char *file, *name;
    void (*fn)(void);
} tests[MAX_TESTS];
static int ntests;
int test_failures;

void test_register(const char *file, const char *name, void (*fn)(void))
{
    if (ntests < MAX_TESTS) {
        tests[ntests].file = file;
        tests[ntests].name = name;
        tests[ntests].fn = fn;
        ntests++;
    }
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    if (++test_failures > 20) {
        if (test_failures == 21) fprintf(stderr, "    (further failures of this test not shown)\n");
        return;
    }
    fprintf(stderr, "    %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

const char *test_tmpfile(int k, const char *suffix, const char *text)
{
    static char paths[8][64];
    FILE *fp;
    int fd;
    k &= 7;
    snprintf(paths[k], sizeof paths[k], "/tmp/ogas-test-%d-%d-XXXXXX%s", (int)getpid(), k, suffix ? suffix : "");
    fd = mkstemps(paths[k], suffix ? (int)strlen(suffix) : 0);
    if (fd < 0) return NULL;
    fp = fdopen(fd, "w");
    if (!fp) return NULL;
    fputs(text, fp);
    fclose(fp);
    return paths[k];
}

static long alloc_after = -1, alloc_count, alloc_only = -1;
static void *failing_alloc(void *ud, void *ptr, size_t size)
{
    (void)ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    if (alloc_only >= 0) {
        if (alloc_count++ == alloc_only) return NULL;
        return realloc(ptr, size);
    }
    if (alloc_after >= 0 && alloc_count >= alloc_after) return NULL;
    alloc_count++;
    return realloc(ptr, size);
}

void test_alloc_fail_after(long after)
{
    alloc_after = after;
    alloc_only = -1;
    alloc_count = 0;
    ogas_set_allocator(after < 0 ? NULL : failing_alloc, NULL);
}

void test_alloc_fail_only(long k)
{
    alloc_only = k;
    alloc_after = -1;
    alloc_count = 0;
    ogas_set_allocator(k < 0 ? NULL : failing_alloc, NULL);
}

long test_alloc_count(void)
{
    return alloc_count;
}

static int selected(int k, int argc, char **argv)
{
    char id[512];
    if (argc < 2) return 1;
    snprintf(id, sizeof id, "%s:%s", tests[k].file, tests[k].name);
    for (int a = 1; a < argc; a++)
        if (strstr(id, argv[a])) return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    double t0 = ogas_now();
    for (int k = 0; k < ntests; k++) {
        pid_t pid;
        int status = 0;
        double t1;
        if (!selected(k, argc, argv)) continue;
        fflush(stdout);
        fflush(stderr);
        t1 = ogas_now();
        pid = fork();
        if (pid == 0) {
            alarm(TIME_LIMIT);
            tests[k].fn();
            fflush(stdout);
            fflush(stderr);
            /* exit, not _exit: LeakSanitizer checks at exit. */
            exit(test_failures ? 1 : 0);
        }
        if (pid < 0 || waitpid(pid, &status, 0) < 0) {
            fprintf(stderr, "FAIL %s:%s (could not run)\n", tests[k].file, tests[k].name);
            failed++;
            continue;
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            passed++;
            if (getenv("OGAS_TEST_VERBOSE"))
                printf("pass %s:%s (%.2f s)\n", tests[k].file, tests[k].name, ogas_now() - t1);
        } else {
            failed++;
            if (WIFSIGNALED(status))
                fprintf(stderr, "FAIL %s:%s (signal %d%s)\n", tests[k].file, tests[k].name, WTERMSIG(status),
                        WTERMSIG(status) == SIGALRM ? ": time limit" : "");
            else
                fprintf(stderr, "FAIL %s:%s\n", tests[k].file, tests[k].name);
        }
    }
    printf("%d passed, %d failed (%.1f s)\n", passed, failed, ogas_now() - t0);
    return failed ? 1 : 0;
}
