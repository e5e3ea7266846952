/* offscreen: the window's view rendered into a software surface (no display), and PNG export.
 * Main thread only (SDL_ttf). Needs no video subsystem: SDL_CreateSoftwareRenderer on a surface.
 * Invariants: the picture is the same view_draw the window uses, with the UI's default layout. */
#include "render/offscreen.h"

#include <SDL_image.h>
#include <stdio.h>

#include "ui/layout.h"

void view_default_layout(int w, int h, float scale, int presenter, view_layout *out)
{
    ui_layout l;
    ui_layout_compute(w, h, scale, presenter, &l);
    *out = l.view;
}

SDL_Surface *view_render_surface(const snap *s, const view_state *vs, const view_layout *lay, int w, int h,
                                 const char *assets_dir, char *err, int errlen)
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
        rc = view_draw(v, s, vs, lay);
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

int view_render_png(const snap *s, const cli_options *o, const char *path, char *err, int errlen)
{
    float scale = o->scale > 0 ? (float)o->scale : 1.0f;
    ui_layout l;
    ui_layout_compute(o->width, o->height, scale, o->presenter, &l);
    view_state vs;
    view_state_init(&vs);
    vs.scale = l.scale;
    vs.presenter = o->presenter;
    SDL_Surface *surf = view_render_surface(s, &vs, &l.view, o->width, o->height, NULL, err, errlen);
    if (!surf) return -1;
    int rc = 0;
    if (IMG_SavePNG(surf, path) < 0) {
        snprintf(err, (size_t)errlen, "cannot write %s: %s", path, IMG_GetError());
        rc = -1;
    }
    SDL_FreeSurface(surf);
    return rc;
}
