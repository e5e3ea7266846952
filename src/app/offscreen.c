/* offscreen: the window's view rendered into a software surface (no display), and PNG export.
 * Main thread only (SDL_ttf). Needs no video subsystem: SDL_CreateSoftwareRenderer on a surface.
 * Invariants: the picture is the same view_draw the window uses, with the UI's default layout; the
 * PNG also shows the controls as the window would, their values taken from the snapshot; a PNG
 * is written beside its target and renamed over it, so no existing file is truncated. */
#include "render/offscreen.h"

#include <SDL_image.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/controls.h"
#include "ui/layout.h"

void view_default_layout(int w, int h, float scale, int presenter, view_layout *out)
{
    ui_layout l;
    ui_layout_compute(w, h, scale, presenter, &l);
    *out = l.view;
}

/* Draws into a new w × h surface through draw(r, v, arg); NULL with err filled on failure. */
static SDL_Surface *render_with(int w, int h, const char *assets_dir, const view_state *vs,
                                int (*draw)(SDL_Renderer *, view_ctx *, const void *), const void *arg, char *err,
                                int errlen)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) {
        snprintf(err, (size_t)errlen, "cannot make a %dx%d picture: %s", w, h, SDL_GetError());
        return NULL;
    }
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    if (!r) {
        snprintf(err, (size_t)errlen, "software renderer: %s", SDL_GetError());
        SDL_FreeSurface(surf);
        return NULL;
    }
    view_ctx *v = view_ctx_create(r, assets_dir, err, errlen);
    int rc = -1;
    if (v) {
        view_clear(v, vs);
        rc = draw(r, v, arg);
        if (rc < 0) snprintf(err, (size_t)errlen, "drawing the view: %s", SDL_GetError());
        SDL_RenderPresent(r);
        view_ctx_destroy(v);
    }
    SDL_DestroyRenderer(r);
    if (rc < 0) {
        SDL_FreeSurface(surf);
        return NULL;
    }
    return surf;
}

typedef struct {
    const snap *s;
    const view_state *vs;
    const view_layout *lay;
    const ui_layout *ui; /* NULL: the panels alone */
} job;

static int draw_job(SDL_Renderer *r, view_ctx *v, const void *arg)
{
    const job *j = arg;
    int rc = 0;
    if (j->ui) {
        /* the controls as the window starts: the train tab, values from the snapshot */
        ui_controls c;
        ui_controls_init(&c);
        ui_controls_state st = {.phase = j->vs->phase, .token = view_selected_token(j->vs, j->s->n)};
        ui_controls_sync(&c, j->ui, j->s, &st);
        text_set_scale(view_ctx_text(v), j->ui->scale);
        rc |= ui_controls_draw(&c, j->ui, r, view_ctx_draw_list(v), view_ctx_text(v), draw_palette_get(j->vs->presenter));
    }
    rc |= view_draw(v, j->s, j->vs, j->lay);
    return rc ? -1 : 0;
}

SDL_Surface *view_render_surface(const snap *s, const view_state *vs, const view_layout *lay, int w, int h,
                                 const char *assets_dir, char *err, int errlen)
{
    job j = {s, vs, lay, NULL};
    return render_with(w, h, assets_dir, vs, draw_job, &j, err, errlen);
}

int view_render_png(const snap *s, const cli_options *o, const char *path, char *err, int errlen)
{
    float scale = o->scale > 0 ? (float)o->scale : 1.0f;
    ui_layout l;
    ui_layout_compute(o->width, o->height, scale, o->presenter ? UI_LAYOUT_PRESENTER : 0, &l);
    view_state vs;
    view_state_init(&vs);
    vs.scale = l.scale;
    vs.presenter = o->presenter;
    job j = {s, &vs, &l.view, &l};
    SDL_Surface *surf = render_with(o->width, o->height, NULL, &vs, draw_job, &j, err, errlen);
    if (!surf) {
        char why[512];
        snprintf(why, sizeof why, "%s", err);
        snprintf(err, (size_t)errlen, "cannot write %s: %s", path, why);
        return -1;
    }
    const int rc = view_save_png(surf, path, err, errlen);
    SDL_FreeSurface(surf);
    return rc;
}

/* An SDL_RWops writing to a file descriptor that remembers the first write error: IMG_SavePNG_RW
 * (SDL_image 2.6) returns 0 even when a write fell short, which would rename a cut PNG into place. */
typedef struct {
    int fd;
    int err; /* errno of the first failed write; 0 none */
} png_sink;

static size_t sink_write(SDL_RWops *rw, const void *p, size_t size, size_t num)
{
    png_sink *k = rw->hidden.unknown.data1;
    const char *c = p;
    size_t left = size * num;
    while (left > 0 && !k->err) {
        const ssize_t n = write(k->fd, c, left);
        if (n < 0 && errno != EINTR) {
            k->err = errno;
        } else if (n > 0) {
            c += n;
            left -= (size_t)n;
        }
    }
    return k->err ? 0 : num;
}

static Sint64 sink_seek(SDL_RWops *rw, Sint64 offset, int whence)
{
    png_sink *k = rw->hidden.unknown.data1;
    const off_t at = lseek(k->fd, (off_t)offset, whence);
    return at < 0 ? SDL_SetError("seek: %s", strerror(errno)) : (Sint64)at;
}

static Sint64 sink_size(SDL_RWops *rw)
{
    (void)rw;
    return -1; /* unknown, as SDL allows */
}

static size_t sink_read(SDL_RWops *rw, void *p, size_t size, size_t num)
{
    (void)rw;
    (void)p;
    (void)size;
    (void)num;
    SDL_SetError("a PNG sink is write-only");
    return 0;
}

static int sink_close(SDL_RWops *rw)
{
    SDL_FreeRW(rw);
    return 0;
}

/* 0 ok; an errno; or -1 when SDL_image failed on its own (its message in IMG_GetError). */
static int save_to_fd(SDL_Surface *surf, int fd)
{
    png_sink k = {fd, 0};
    SDL_RWops *rw = SDL_AllocRW();
    if (!rw)
        return ENOMEM;
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->size = sink_size;
    rw->seek = sink_seek;
    rw->read = sink_read;
    rw->write = sink_write;
    rw->close = sink_close;
    rw->hidden.unknown.data1 = &k;
    const int rc = IMG_SavePNG_RW(surf, rw, 1);
    return k.err ? k.err : rc != 0 ? -1 : 0;
}

int view_save_png(SDL_Surface *surf, const char *path, char *err, int errlen)
{
    const size_t plen = strlen(path);
    char *tmp = malloc(plen + sizeof ".tmp.XXXXXX");
    if (!tmp) {
        snprintf(err, (size_t)errlen, "cannot write %s: %s", path, strerror(ENOMEM));
        return -1;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
    const int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, (size_t)errlen, "cannot write %s: cannot create a temporary file beside it: %s", path,
                 strerror(errno));
        free(tmp);
        return -1;
    }
    struct stat old;
    const mode_t mode = stat(path, &old) == 0 ? (old.st_mode & 07777) : 0644; /* mkstemp made it 0600 */
    int rc = -1;
    int e = fchmod(fd, mode) != 0 ? errno : save_to_fd(surf, fd);
    if (!e && fsync(fd) != 0)
        e = errno;
    if (e)
        snprintf(err, (size_t)errlen, "cannot write %s: %s", path, e < 0 ? IMG_GetError() : strerror(e));
    else
        rc = 0;
    if (close(fd) != 0 && rc == 0) {
        snprintf(err, (size_t)errlen, "cannot write %s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        snprintf(err, (size_t)errlen, "cannot replace %s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    return rc;
}
