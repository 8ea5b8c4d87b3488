/* static.c: GET of paths outside /api/: files of the web folder (the dashboard's build), with their content
 * types; "/" and folders give their index.html, and a path without an extension that names no file gives
 * the dashboard's index.html (its own router shows it). No path leaves the folder: segments starting with
 * '.' are refused, and the file's real path (links resolved) must lie inside the folder's. Without a web
 * folder a small built-in page says the dashboard is not built and links the API's description. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* realpath */
#endif
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "srv_internal.h"

#define STATIC_MAX_BYTES (64L << 20) /* largest file served */

static const char builtin_page[] =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ogas</title></head>\n"
    "<body style=\"font-family: sans-serif; max-width: 40em; margin: 3em auto\">\n"
    "<h1>ogas</h1>\n<p>The dashboard is not here (no <code>web/index.html</code>; see <code>--web DIR</code>).</p>\n"
    "<p>The API answers under <code>/api/</code>; its description is "
    "<a href=\"/api/openapi.json\"><code>/api/openapi.json</code></a>. Start with "
    "<a href=\"/api/runs\"><code>/api/runs</code></a>, <a href=\"/api/audit\"><code>/api/audit</code></a> and "
    "<a href=\"/api/verify\"><code>/api/verify</code></a>.</p>\n</body></html>\n";

/* The content type for a file name's extension. */
static const char *content_type(const char *path)
{
    static const char *const map[][2] = {
        {".html", "text/html; charset=utf-8"}, {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"}, {".json", "application/json"}, {".map", "application/json"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"},
        {".gif", "image/gif"}, {".ico", "image/x-icon"}, {".webp", "image/webp"}, {".woff", "font/woff"},
        {".woff2", "font/woff2"}, {".ttf", "font/ttf"}, {".txt", "text/plain; charset=utf-8"},
        {".csv", "text/csv; charset=utf-8"}, {".wasm", "application/wasm"}, {".xml", "application/xml"},
        {".pdf", "application/pdf"}, {".webmanifest", "application/manifest+json"},
    };
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash))
        for (size_t k = 0; k < sizeof map / sizeof *map; k++)
            if (strcmp(dot, map[k][0]) == 0) return map[k][1];
    return "application/octet-stream";
}

/* Whether path has a segment that starts with '.' (".", "..", hidden files) or a backslash. */
static int unsafe(const char *path)
{
    if (strchr(path, '\\')) return 1;
    for (const char *p = strchr(path, '/'); p; p = strchr(p + 1, '/'))
        if (p[1] == '.') return 1;
    return 0;
}

/* Answers with the file at full (which must lie inside root); 0 when there is no such regular file. */
static int send_file(srv_ctx *c, const char *root, const char *full)
{
    char real[PATH_MAX];
    size_t rl = strlen(root);
    struct stat st;
    FILE *fp;
    char *buf;
    if (!realpath(full, real) || strncmp(real, root, rl) != 0 || real[rl] != '/') return 0;
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    if (st.st_size > STATIC_MAX_BYTES) {
        srv__error(c, 413, "too_big", NULL, "the file is too large to serve");
        return 1;
    }
    if (!(fp = fopen(real, "rb"))) return 0;
    if (!(buf = malloc((size_t)st.st_size + 1)) || fread(buf, 1, (size_t)st.st_size, fp) != (size_t)st.st_size) {
        free(buf);
        fclose(fp);
        srv__error(c, 500, "io", NULL, "cannot read the file");
        return 1;
    }
    fclose(fp);
    c->rs->status = 200;
    c->rs->body = buf;
    c->rs->len = (size_t)st.st_size;
    c->rs->content_type = content_type(real);
    return 1;
}

/* Answers GET of c->path from the web folder. */
void srv__static(srv_ctx *c)
{
    char root[PATH_MAX], full[PATH_MAX + SRV_PATH_MAX + 16];
    const char *last;
    struct stat st;
    if (!c->s->web) {
        if (strcmp(c->path, "/") == 0 || strcmp(c->path, "/index.html") == 0) {
            if ((c->rs->body = strdup(builtin_page))) {
                c->rs->status = 200;
                c->rs->len = sizeof builtin_page - 1;
                c->rs->content_type = "text/html; charset=utf-8";
            }
            return;
        }
        srv__error(c, 404, "not_found", NULL, "no such page: %s (the dashboard is not built)", c->path);
        return;
    }
    if (unsafe(c->path) || !realpath(c->s->web, root)) {
        srv__error(c, 404, "not_found", NULL, "no such file: %s", c->path);
        return;
    }
    snprintf(full, sizeof full, "%s%s", root, c->path);
    if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
        snprintf(full, sizeof full, "%s%s%sindex.html", root, c->path, c->path[strlen(c->path) - 1] == '/' ? "" : "/");
    if (send_file(c, root, full)) return;
    last = strrchr(c->path, '/');
    if (last && !strchr(last, '.')) {
        snprintf(full, sizeof full, "%s/index.html", root);
        if (send_file(c, root, full)) return;
    }
    srv__error(c, 404, "not_found", NULL, "no such file: %s", c->path);
}
