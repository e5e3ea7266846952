/* offscreen: the window's view rendered into a software surface (no display), and PNG export.
 * Main thread only (SDL_ttf). Needs no video subsystem: SDL_CreateSoftwareRenderer on a surface.
 * Invariants: the picture is the same view_draw the window uses, with the UI's default layout; the
 * PNG also shows the controls as the window would, their values taken from the snapshot; a PNG
 * goes through io (written beside its real target and renamed over it, or straight to a device). */
#include "app/offscreen.h"

#include <SDL_image.h>
#include <stdio.h>
#include <string.h>

#include "app/paths.h"
#include "session/io.h"
#include "ui/controls.h"
#include "ui/keymap.h"
#include "ui/layout.h"

void view_default_layout(int w, int h, float scale, int presenter, view_layout *out)
{
    ui_layout l;
    ui_layout_compute(w, h, scale, presenter, &l);
    *out = l.view;
}

float app_picture_scale(const cli_options *o)
{
    return o->scale > 0 ? (float)o->scale : ui_default_scale(1.0f, o->width, o->height);
}

/* Draws into a new w × h surface through draw(r, v, arg); NULL with err filled on failure. */
view_ctx *app_view_open(SDL_Renderer *r, const char *assets_dir, char *err, int errlen)
{
    char dir[4096]; /* PATH_MAX: paths_assets refuses what does not fit */
    if (!assets_dir) {
        if (paths_assets(dir, sizeof dir, err, (size_t)errlen) != 0)
            return NULL;
        assets_dir = dir;
    }
    return view_ctx_open(r, assets_dir, ui_keymap_help, ui_keymap_help_n, err, errlen);
}

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
    view_ctx *v = app_view_open(r, assets_dir, err, errlen);
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

void app_picture_setup(const cli_options *o, ui_layout *l, view_state *vs)
{
    ui_layout_compute(o->width, o->height, app_picture_scale(o),
                      (o->presenter ? UI_LAYOUT_PRESENTER : 0) | (o->view_lecture ? UI_LAYOUT_LECTURE : 0), l);
    view_state_init(vs);
    vs->page = (view_page)o->view_page;
    vs->maps_cut_on = o->has_slice; /* --slice: the strip starts with that segment */
    memcpy(vs->maps_cut, o->slice, sizeof o->slice);
    vs->scale = l->scale;
    vs->presenter = o->presenter;
}

int app_picture_draw(SDL_Renderer *r, view_ctx *v, const snap *s, const view_state *vs, const ui_layout *l)
{
    /* the controls as the window starts: the tab asked for, values from the snapshot */
    ui_controls c;
    ui_controls_init(&c);
    ui_controls_state st = {.phase = vs->phase, .token = view_selected_token(vs, s->n), .page = vs->page,
                            .lecture_tab = (l->mode & UI_LAYOUT_LECTURE) != 0};
    ui_controls_sync(&c, l, s, &st);
    text_set_scale(view_ctx_text(v), l->scale);
    int rc = ui_controls_draw(&c, l, r, view_ctx_draw_list(v), view_ctx_text(v), draw_palette_get(vs->presenter));
    rc |= view_draw(v, s, vs, &l->view);
    return rc ? -1 : 0;
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
    SDL_Rect holes[DRAW_LAYER_HOLES_MAX]; /* as the window clears: pictures show what it shows */
    if (view_clear_panels(v, j->s, j->vs, j->ui ? &j->ui->view : j->lay, holes, DRAW_LAYER_HOLES_MAX) < 0)
        return -1;
    if (j->ui)
        return app_picture_draw(r, v, j->s, j->vs, j->ui);
    return view_draw(v, j->s, j->vs, j->lay) ? -1 : 0;
}

SDL_Surface *view_render_surface(const snap *s, const view_state *vs, const view_layout *lay, int w, int h,
                                 const char *assets_dir, char *err, int errlen)
{
    job j = {s, vs, lay, NULL};
    return render_with(w, h, assets_dir, vs, draw_job, &j, err, errlen);
}

int view_render_png(const snap *s, const cli_options *o, const char *path, char *err, int errlen)
{
    return view_render_png_twin(s, NULL, NULL, o, path, err, errlen);
}

/* Both PNG entries: page and slice, and a twin run drawn as its ghost (twin NULL: none). */
static int render_page(const snap *s, const snap *twin, const char (*labels)[48], const cli_options *o, int page,
                       const view_slice *slice, const view_sweep *sweep, const double *true_err, int n_true_err,
                       const char *path, char *err, int errlen);

int view_render_png_twin(const snap *s, const snap *twin, const char (*labels)[48], const cli_options *o,
                         const char *path, char *err, int errlen)
{
    return render_page(s, twin, labels, o, o->view_page, NULL, NULL, NULL, 0, path, err, errlen);
}

int view_render_page_png(const snap *s, const cli_options *o, int page, const view_slice *slice, const char *path,
                         char *err, int errlen)
{
    return render_page(s, NULL, NULL, o, page, slice, NULL, NULL, 0, path, err, errlen);
}

int view_render_page_png_curve(const snap *s, const cli_options *o, int page, const view_slice *slice,
                               const double *true_err, int n_true_err, const char *path, char *err, int errlen)
{
    return render_page(s, NULL, NULL, o, page, slice, NULL, true_err, n_true_err, path, err, errlen);
}

int view_render_sweep_png(const snap *s, const cli_options *o, const view_sweep *sweep, const char *path, char *err,
                          int errlen)
{
    return render_page(s, NULL, NULL, o, VIEW_PAGE_SWEEP, NULL, sweep, NULL, 0, path, err, errlen);
}

static int render_page(const snap *s, const snap *twin, const char (*labels)[48], const cli_options *o, int page,
                       const view_slice *slice, const view_sweep *sweep, const double *true_err, int n_true_err,
                       const char *path, char *err, int errlen)
{
    ui_layout l;
    view_state vs;
    app_picture_setup(o, &l, &vs);
    vs.twin = twin;
    for (int i = 0; twin && i < 2; i++)
        snprintf(vs.twin_label[i], sizeof vs.twin_label[i], "%s", labels[i]);
    vs.page = (view_page)page;
    vs.slice = slice;
    vs.sweep = sweep;
    vs.true_err = true_err;
    vs.n_true_err = n_true_err;
    job j = {s, &vs, &l.view, &l};
    SDL_Surface *surf = render_with(o->width, o->height, NULL, &vs, draw_job, &j, err, errlen);
    if (!surf) {
        /* the reason first: a long path must not cut it off */
        size_t n = strlen(err);
        snprintf(err + n, (size_t)errlen - n, " (%s not written)", path);
        return -1;
    }
    const int rc = view_save_png(surf, path, err, errlen);
    SDL_FreeSurface(surf);
    return rc;
}

/* An SDL_RWops appending to an io output. IMG_SavePNG_RW (SDL_image 2.6) returns 0 even when a
 * write fell short, so the output keeps the first error and io_commit reports it (no cut PNG is
 * ever renamed into place). */
static size_t sink_write(SDL_RWops *rw, const void *p, size_t size, size_t num)
{
    io_out *o = rw->hidden.unknown.data1;
    return io_write(o, p, size * num) == 0 ? num : 0;
}

/* Only "where am I" is answered: the encoder writes front to back, and a FIFO or stdout cannot seek. */
static Sint64 sink_seek(SDL_RWops *rw, Sint64 offset, int whence)
{
    io_out *o = rw->hidden.unknown.data1;
    if (offset == 0 && whence == RW_SEEK_CUR)
        return (Sint64)io_written(o);
    return SDL_SetError("a PNG sink cannot seek");
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

int view_save_png(SDL_Surface *surf, const char *path, char *err, int errlen)
{
    io_out *o = io_open(path, err, errlen);
    if (!o)
        return -1;
    SDL_RWops *rw = SDL_AllocRW();
    if (!rw) {
        io_abort(o);
        snprintf(err, (size_t)errlen, "cannot write the PNG: out of memory");
        return -1;
    }
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->size = sink_size;
    rw->seek = sink_seek;
    rw->read = sink_read;
    rw->write = sink_write;
    rw->close = sink_close;
    rw->hidden.unknown.data1 = o;
    if (IMG_SavePNG_RW(surf, rw, 1) != 0) {
        /* the encoder's own failure; a write error is io_commit's to report */
        char why[200];
        snprintf(why, sizeof why, "cannot encode the PNG: %s", IMG_GetError());
        io_abort(o);
        snprintf(err, (size_t)errlen, "%s", why);
        return -1;
    }
    return io_commit(o, err, errlen);
}
