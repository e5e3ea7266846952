/* offscreen: the window's view rendered into a software surface (no display), and PNG export.
 * Main thread only (SDL_ttf). Needs no video subsystem: SDL_CreateSoftwareRenderer on a surface.
 * Invariants: the picture is the same view_draw the window uses, with the UI's default layout; the
 * PNG also shows the controls as the window would, their values taken from the snapshot. */
#include "render/offscreen.h"

#include <SDL_image.h>
#include <stdio.h>

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
    if (!surf) return -1;
    int rc = 0;
    if (IMG_SavePNG(surf, path) < 0) {
        snprintf(err, (size_t)errlen, "cannot write %s: %s", path, IMG_GetError());
        rc = -1;
    }
    SDL_FreeSurface(surf);
    return rc;
}
