/* record: PNG frames for slides, numbered frame-00000.png … in one directory; the headless recorder.
 * Main thread only (the renderer, SDL_image and SDL_ttf).
 * Invariants: rc->next is one past the highest frame on disk that this recorder knows of; a frame
 * that fails to write is removed and does not take a number. */
#include "app/record.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/offscreen.h"
#include "render/view.h"
#include "ui/layout.h"

/* mkdir -p: every missing component of path (a writable copy), mode 0755. 0 ok, else errno. */
static int make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        int rc = mkdir(path, 0755);
        int e = errno;
        *p = '/';
        if (rc != 0 && e != EEXIST) return e;
    }
    if (mkdir(path, 0755) != 0 && errno != EEXIST) return errno;
    return 0;
}

/* The highest N of an existing frame-N.png in dir, or -1. */
static long highest_frame(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    long best = -1;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        const char *name = ent->d_name;
        if (strncmp(name, "frame-", 6) != 0) continue;
        char *end;
        errno = 0;
        long v = strtol(name + 6, &end, 10);
        if (errno == 0 && end != name + 6 && name[6] >= '0' && name[6] <= '9' && strcmp(end, ".png") == 0 &&
            v > best)
            best = v;
    }
    closedir(d);
    return best;
}

int record_open(record *rc, const char *dir, char *err, int errlen)
{
    memset(rc, 0, sizeof *rc);
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    if (n == 0) {
        snprintf(err, (size_t)errlen, "--record: the directory name is empty");
        return -1;
    }
    if (n + sizeof "/frame-0000000000.png" > sizeof rc->dir) {
        snprintf(err, (size_t)errlen, "%.*s: the directory name is too long", 200, dir);
        return -1;
    }
    memcpy(rc->dir, dir, n);
    rc->dir[n] = 0;

    struct stat st;
    if (stat(rc->dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            snprintf(err, (size_t)errlen, "%s: exists and is not a directory (--record needs a directory)", rc->dir);
            return -1;
        }
    } else {
        char tmp[RECORD_PATH_MAX];
        memcpy(tmp, rc->dir, n + 1);
        int e = make_dirs(tmp);
        if (e) {
            snprintf(err, (size_t)errlen, "%s: cannot create the directory: %s", rc->dir, strerror(e));
            return -1;
        }
    }
    if (access(rc->dir, W_OK | X_OK) != 0) {
        snprintf(err, (size_t)errlen, "%s: cannot write into the directory: %s", rc->dir, strerror(errno));
        return -1;
    }
    const long highest = highest_frame(rc->dir);
    /* frames are numbered up to LONG_MAX - 2, so next + 1 never overflows (one past LONG_MAX
     * was written as frame--9223372036854775808.png) */
    if (highest >= LONG_MAX - 1) {
        snprintf(err, (size_t)errlen, "%s: holds frame-%ld.png, the highest frame number there can be; record"
                 " into another directory", rc->dir, highest);
        return -1;
    }
    rc->next = highest + 1;
    rc->is_open = 1;
    return 0;
}

void record_next_path(const record *rc, char *buf, size_t len)
{
    snprintf(buf, len, "%s/frame-%05ld.png", rc->dir, rc->next);
}

int record_surface(record *rc, SDL_Surface *s, char *err, int errlen)
{
    assert(rc->is_open && s);
    if (rc->next >= LONG_MAX - 1) {
        snprintf(err, (size_t)errlen, "%s: frame numbers are used up (the next would be %ld); record into another"
                 " directory", rc->dir, rc->next);
        return -1;
    }
    char path[RECORD_PATH_MAX + 32];
    record_next_path(rc, path, sizeof path);
    /* view_save_png notices a failed write (IMG_SavePNG alone reports success) and leaves no
     * half-written frame behind */
    if (view_save_png(s, path, err, errlen) != 0)
        return -1;
    rc->next++;
    rc->written++;
    return 0;
}

int record_renderer(record *rc, SDL_Renderer *r, char *err, int errlen)
{
    assert(rc->is_open && r);
    int w, h;
    if (SDL_GetRendererOutputSize(r, &w, &h) != 0) {
        snprintf(err, (size_t)errlen, "%s: cannot read the picture: %s", rc->dir, SDL_GetError());
        return -1;
    }
    /* RGB without alpha: a window's framebuffer alpha is undefined, and a PNG would show it */
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
    if (!s) {
        snprintf(err, (size_t)errlen, "%s: cannot make a %dx%d frame: %s", rc->dir, w, h, SDL_GetError());
        return -1;
    }
    int res;
    if (SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_RGB24, s->pixels, s->pitch) != 0) {
        snprintf(err, (size_t)errlen, "%s: cannot read the picture: %s", rc->dir, SDL_GetError());
        res = -1;
    } else {
        res = record_surface(rc, s, err, errlen);
    }
    SDL_FreeSurface(s);
    return res;
}

long record_count(const record *rc) { return rc->written; }

void record_close(record *rc) { rc->is_open = 0; }

/* ---------------------------------------------------------------- headless */

struct record_headless {
    record rec;
    SDL_Surface *surf;
    SDL_Renderer *r;
    view_ctx *v;
    view_state vs;
    ui_layout lay; /* the picture's layout: the controls and the view, as --screenshot draws them */
    snap sn;
};

record_headless *record_headless_open(const cli_options *o, char *err, int errlen)
{
    assert(o->record && o->width > 0 && o->height > 0);
    record_headless *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, (size_t)errlen, "%s: out of memory", o->record);
        return NULL;
    }
    if (record_open(&h->rec, o->record, err, errlen) != 0) {
        free(h);
        return NULL;
    }
    app_picture_setup(o, &h->lay, &h->vs);
    /* one renderer and font cache for the whole run: opening the fonts per frame would dominate */
    h->surf = SDL_CreateRGBSurfaceWithFormat(0, o->width, o->height, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!h->surf) {
        snprintf(err, (size_t)errlen, "%s: cannot make a %dx%d picture: %s", o->record, o->width, o->height,
                 SDL_GetError());
    } else if (!(h->r = SDL_CreateSoftwareRenderer(h->surf))) {
        snprintf(err, (size_t)errlen, "%s: software renderer: %s", o->record, SDL_GetError());
    } else {
        h->v = app_view_open(h->r, NULL, err, errlen);
    }
    if (!h->v) {
        record_headless_close(h);
        return NULL;
    }
    return h;
}

int record_headless_frame(record_headless *h, const train_core *c, double steps_per_sec, const double *true_err,
                          int n_true_err, char *err, int errlen)
{
    uint64_t gen = h->sn.generation;
    train_core_fill(c, &h->sn);
    h->sn.generation = gen + 1;
    h->sn.steps_per_sec = steps_per_sec;
    /* the maps' curve from the run's points, as --screenshot draws it, not from the frames' steps alone */
    h->vs.true_err = true_err;
    h->vs.n_true_err = n_true_err;
    if (true_err) view_ctx_restart_curve(h->v);
    view_clear(h->v, &h->vs);
    int rc = app_picture_draw(h->r, h->v, &h->sn, &h->vs, &h->lay);
    text_frame_end(view_ctx_text(h->v));
    SDL_RenderPresent(h->r);
    if (rc < 0) {
        snprintf(err, (size_t)errlen, "%s: drawing frame %ld: %s", h->rec.dir, h->rec.next, SDL_GetError());
        return -1;
    }
    return record_surface(&h->rec, h->surf, err, errlen);
}

long record_headless_count(const record_headless *h) { return record_count(&h->rec); }

void record_headless_close(record_headless *h)
{
    if (!h) return;
    if (h->v) view_ctx_destroy(h->v);
    if (h->r) SDL_DestroyRenderer(h->r);
    if (h->surf) SDL_FreeSurface(h->surf);
    record_close(&h->rec);
    free(h);
}
