/*
 * The published reference vectors (src/test/resources/org/rational4j/reference/vectors.json) as
 * the C tests read them: test_main.c and the CUDA tests (native/cuda/test). The file is ours and
 * regular, so a few string searches do instead of a JSON library. Static functions, included by
 * each test program.
 */
#ifndef R4J_VECTORS_JSON_H
#define R4J_VECTORS_JSON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the whole file, NUL-terminated, or NULL when it cannot be read */
static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)len + 1);
    if (fread(s, 1, (size_t)len, f) != (size_t)len) { fclose(f); free(s); return NULL; }
    s[len] = 0;
    fclose(f);
    return s;
}

/* numbers of the (possibly nested) array after "key": in [from, to); returns the count (those past
   max are counted, not stored), or -1 when the key is not there */
static int json_numbers(const char *from, const char *to, const char *key, double *out, int max) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(from, pat);
    if (!p || p >= to) return -1;
    p = strchr(p, '[');
    int depth = 0, cnt = 0;
    for (; *p; p++) {
        if (*p == '[') depth++;
        else if (*p == ']') { if (--depth == 0) break; }
        else if (*p == '-' || (*p >= '0' && *p <= '9')) {
            char *e;
            double v = strtod(p, &e);
            if (cnt < max) out[cnt] = v;
            cnt++;
            p = e - 1;
        }
    }
    return cnt;
}

/* The cases: each begins at its "name": and ends where the next one begins (or at the end). */
static const char *json_next_case(const char *after) { return strstr(after, "\"name\":"); }
static const char *json_case_end(const char *c) {
    const char *nx = json_next_case(c + 1);
    return nx ? nx : c + strlen(c);
}

/* the case's "version" as R4J_VERSION_* (its index in "ABCN"), or -1 */
static int json_case_version(const char *c, const char *end) {
    static const char names[] = "ABCN";
    const char *v = strstr(c, "\"version\":");
    if (!v || v >= end) return -1;
    v = strchr(v + 10, '"');
    const char *at = v ? strchr(names, v[1]) : NULL;
    return at && *at ? (int)(at - names) : -1;
}

#endif
