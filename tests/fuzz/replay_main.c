/* replay_main.c: a stand-in for libFuzzer's driver, so that a fuzz target's corpus can be replayed
 * with any C compiler (gcc with AddressSanitizer and UndefinedBehaviorSanitizer, see replay.sh).
 *
 *   replay_<target> FILE_OR_DIR...
 *
 * Calls LLVMFuzzerTestOneInput once on the contents of every file named, and of every regular
 * file in every folder named (not recursively; names starting with '.' are skipped), in name
 * order. Each input is copied into a heap block of exactly its size, as libFuzzer does, so that
 * reading past the end is caught. Before each input the file name goes to stderr ("running NAME")
 * so that a sanitizer report can be traced to its input; under AddressSanitizer a leak check runs
 * after each input too. Prints "N inputs ok" at the end and exits 0; a crash, a sanitizer report or a
 * leak ends the process before that. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Under AddressSanitizer, leaks are looked for after every input, so that a leak is blamed on the
 * input that caused it rather than reported once at exit. */
#if defined(__SANITIZE_ADDRESS__)
#define REPLAY_LEAK_CHECK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REPLAY_LEAK_CHECK 1
#endif
#endif
#ifdef REPLAY_LEAK_CHECK
#include <sanitizer/lsan_interface.h>
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long ninputs;

/* Runs the target on the file at path; returns 0, or -1 if it cannot be read. */
static int run_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    uint8_t *buf = NULL;
    long size;
    if (!fp) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
        fprintf(stderr, "replay: cannot size %s\n", path);
        fclose(fp);
        return -1;
    }
    buf = malloc(size > 0 ? (size_t)size : 1);
    if (!buf || (size > 0 && fread(buf, 1, (size_t)size, fp) != (size_t)size)) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        free(buf);
        fclose(fp);
        return -1;
    }
    fclose(fp);
    if (size == 0) {
        /* libFuzzer passes an empty input as a zero-sized block; do the same. */
        free(buf);
        buf = malloc(0);
    }
    fprintf(stderr, "running %s (%ld bytes)\n", path, size);
    LLVMFuzzerTestOneInput(buf, (size_t)size);
    free(buf);
#ifdef REPLAY_LEAK_CHECK
    if (__lsan_do_recoverable_leak_check()) {
        fprintf(stderr, "replay: %s leaks memory (report above)\n", path);
        exit(1);
    }
#endif
    ninputs++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs the target on every regular file in dir, in name order. */
static int run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    if (!d) {
        fprintf(stderr, "replay: cannot open folder %s: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.') continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *names);
            if (!nn) abort();
            names = nn;
        }
        if (!(names[n] = malloc(strlen(dir) + strlen(ent->d_name) + 2))) abort();
        sprintf(names[n], "%s/%s", dir, ent->d_name);
        n++;
    }
    closedir(d);
    if (n > 0) qsort(names, n, sizeof *names, cmp_str);
    for (size_t k = 0; k < n; k++) {
        struct stat st;
        if (rc == 0 && stat(names[k], &st) == 0 && S_ISREG(st.st_mode) && run_file(names[k]) != 0) rc = -1;
        free(names[k]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
        return 2;
    }
    for (int k = 1; k < argc && rc == 0; k++) {
        struct stat st;
        if (stat(argv[k], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[k], strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = run_dir(argv[k]);
        } else {
            rc = run_file(argv[k]);
        }
    }
    if (rc != 0) return 1;
    printf("%ld inputs ok\n", ninputs);
    return 0;
}
