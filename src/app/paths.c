/* paths: where the app's data lives (the assets directory) and fresh names for the files it writes.
 * Any thread (reads the environment and the file system; keeps no state).
 * Invariants: an assets directory holds PATHS_MARKER; a timestamped name is free when it is returned. */
#include "app/paths.h"

#include <assert.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bpl_config.h"

#define MAX_SUFFIX 999

/* dir without its trailing '/' (a lone "/" stays); -1 when it does not fit. */
static int copy_dir(char *out, size_t len, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (n >= len)
        return -1;
    memcpy(out, dir, n);
    out[n] = '\0';
    return 0;
}

static int is_assets_dir(const char *dir)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, PATHS_MARKER);
    struct stat st;
    return n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           access(path, R_OK) == 0;
}

/* 1 found (out filled), 0 not an assets directory, -1 found but out too small (err filled) */
static int take(const char *dir, char *out, size_t len, char *err, size_t errlen)
{
    if (!is_assets_dir(dir))
        return 0;
    if (copy_dir(out, len, dir) == 0)
        return 1;
    /* the reason first: a long path cut off at errlen must not take it along */
    snprintf(err, errlen, "a path longer than %zu bytes, the most it may have: the assets directory %s", len - 1, dir);
    return -1;
}

int paths_assets_from(const char *env, const char *installed, const char *source, char *out, size_t len,
                      char *err, size_t errlen)
{
    assert(installed && source && out && len > 0 && err);
    int r;
    if (env && env[0]) {
        if ((r = take(env, out, len, err, errlen)) != 0)
            return r > 0 ? 0 : -1;
        snprintf(err, errlen, "%s=%s is not an assets directory (it has no %s); unset it to use %s or %s",
                 PATHS_ENV, env, PATHS_MARKER, installed, source);
        return -1;
    }
    const char *dirs[] = {installed, source};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if ((r = take(dirs[i], out, len, err, errlen)) != 0)
            return r > 0 ? 0 : -1;
    snprintf(err, errlen, "cannot find the assets (a directory with %s); tried %s (installed), %s (source"
             " tree), and %s is not set", PATHS_MARKER, installed, source, PATHS_ENV);
    return -1;
}

int paths_assets(char *out, size_t len, char *err, size_t errlen)
{
    return paths_assets_from(getenv(PATHS_ENV), BPL_INSTALLED_ASSETS, BPL_SOURCE_ASSETS, out, len, err, errlen);
}

int paths_timestamped_at(char *out, size_t len, const char *dir, const char *prefix, const char *ext, time_t t)
{
    assert(out && len > 0 && dir && dir[0] && prefix && ext && ext[0] != '.');
    out[0] = '\0';
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return -1;
    char stamp[64];
    if (strftime(stamp, sizeof stamp, "%Y-%m-%d-%H%M%S", &tm) == 0)
        return -1;
    size_t dl = strlen(dir);
    const char *sep = dir[dl - 1] == '/' ? "" : "/";
    for (int k = 1; k <= MAX_SUFFIX; k++) {
        char suffix[16] = "";
        if (k > 1)
            snprintf(suffix, sizeof suffix, "-%d", k);
        int n = snprintf(out, len, "%s%s%s-%s%s.%s", dir, sep, prefix, stamp, suffix, ext);
        if (n < 0 || (size_t)n >= len) {
            out[0] = '\0';
            return -1;
        }
        struct stat st;
        /* lstat: a dangling symbolic link still takes the name; any other failure (say, a folder
         * that cannot be searched) is left to the write, which reports it with the path */
        if (lstat(out, &st) != 0)
            return 0;
    }
    out[0] = '\0';
    return -1;
}

int paths_timestamped(char *out, size_t len, const char *dir, const char *prefix, const char *ext)
{
    return paths_timestamped_at(out, len, dir, prefix, ext, time(NULL));
}

static int by_name(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

int paths_presets(const char *assets, char names[][PATHS_PRESET_NAME], int max)
{
    char dir[4096];
    if (snprintf(dir, sizeof dir, "%s/presets", assets) >= (int)sizeof dir)
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while (n < max && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || len - 4 >= PATHS_PRESET_NAME || strcmp(e->d_name + len - 4, ".ini") != 0)
            continue;
        memcpy(names[n], e->d_name, len - 4);
        names[n][len - 4] = '\0';
        n++;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    return n;
}
