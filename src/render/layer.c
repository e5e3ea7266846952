/* layer: a part of the picture drawn once into a target texture and copied into later frames
 * until what it shows changes (its key). Main thread only (SDL rendering).
 * Invariants: a cached layer holds exactly what drawing it on the cleared window would leave there;
 * it is copied without blending, pixel for pixel; any change of key or output size redraws it. */
#include "render/layer.h"

#include <stdlib.h>

uint64_t draw_layer_hash(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h;
}

uint64_t draw_layer_hash_str(uint64_t h, const char *s)
{
    if (!s)
        return draw_layer_hash(h, "\1", 1);
    return draw_layer_hash(h, s, SDL_strlen(s) + 1); /* the NUL too: "ab" + "c" differs from "a" + "bc" */
}

void draw_layer_destroy(draw_layer *l)
{
    if (l->tex)
        SDL_DestroyTexture(l->tex);
    l->tex = NULL;
    l->valid = 0;
}

int draw_layer_begin(draw_layer *l, SDL_Renderer *r, uint64_t key, SDL_Color bg)
{
    int w, h;
    if (!SDL_RenderTargetSupported(r) || SDL_GetRenderTarget(r) || SDL_GetRendererOutputSize(r, &w, &h) != 0)
        return -1;
    if (!l->tex || l->w != w || l->h != h) {
        draw_layer_destroy(l);
        l->tex = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
        if (!l->tex)
            return -1;
        /* copied as it is: no blending, and texel for pixel (nearest) */
        SDL_SetTextureBlendMode(l->tex, SDL_BLENDMODE_NONE);
        SDL_SetTextureScaleMode(l->tex, SDL_ScaleModeNearest);
        l->w = w;
        l->h = h;
    }
    if (l->valid && l->key == key)
        return 0;
    if (SDL_SetRenderTarget(r, l->tex) != 0) {
        draw_layer_destroy(l);
        return -1;
    }
    /* the background as the window's clear leaves it, and the renderer's state as it was */
    SDL_BlendMode mode;
    Uint8 cr, cg, cb, ca;
    SDL_GetRenderDrawBlendMode(r, &mode);
    SDL_GetRenderDrawColor(r, &cr, &cg, &cb, &ca);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(r);
    SDL_SetRenderDrawBlendMode(r, mode);
    SDL_SetRenderDrawColor(r, cr, cg, cb, ca);
    l->valid = 0;
    l->key = key;
    l->drawing = 1;
    return 1;
}

int draw_layer_end(draw_layer *l, SDL_Renderer *r)
{
    if (!l->drawing)
        return 0;
    l->drawing = 0;
    if (SDL_SetRenderTarget(r, NULL) != 0) {
        draw_layer_destroy(l);
        return -1;
    }
    l->valid = 1;
    return 0;
}

void draw_layer_set_holes(draw_layer *l, const SDL_Rect *holes, int n)
{
    SDL_assert(n >= 0 && n <= DRAW_LAYER_HOLES_MAX);
    if (n > 0)
        SDL_memcpy(l->holes, holes, (size_t)n * sizeof *holes);
    l->n_holes = n;
}

static int cmp_int(const void *a, const void *b)
{
    const int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int draw_rects_outside(SDL_Rect area, const SDL_Rect *holes, int n_holes, SDL_Rect *out, int max)
{
    if (area.w <= 0 || area.h <= 0)
        return 0;
    /* the horizontal edges of area and of every hole cut it into bands; in each band the holes that
     * cross it are whole intervals of x, and what lies between them is outside */
    int ys[2 * DRAW_LAYER_HOLES_MAX + 2], ny = 0;
    SDL_assert(n_holes >= 0 && n_holes <= DRAW_LAYER_HOLES_MAX);
    ys[ny++] = area.y;
    ys[ny++] = area.y + area.h;
    for (int i = 0; i < n_holes; i++) {
        const int y0 = holes[i].y, y1 = holes[i].y + holes[i].h;
        if (y0 > area.y && y0 < area.y + area.h) ys[ny++] = y0;
        if (y1 > area.y && y1 < area.y + area.h) ys[ny++] = y1;
    }
    qsort(ys, (size_t)ny, sizeof *ys, cmp_int);
    int n = 0;
    for (int b = 0; b + 1 < ny; b++) {
        const int ya = ys[b], yb = ys[b + 1];
        if (ya == yb)
            continue;
        int xs[2 * DRAW_LAYER_HOLES_MAX], nx = 0; /* the band's covered intervals, x0 x1 pairs */
        for (int i = 0; i < n_holes; i++) {
            const SDL_Rect *h = &holes[i];
            if (h->w <= 0 || h->y > ya || h->y + h->h < yb)
                continue;
            xs[nx++] = h->x;
            xs[nx++] = h->x + h->w;
        }
        /* sort the pairs by their start (few: insertion) */
        for (int i = 2; i < nx; i += 2)
            for (int j = i; j >= 2 && xs[j] < xs[j - 2]; j -= 2) {
                int t0 = xs[j], t1 = xs[j + 1];
                xs[j] = xs[j - 2], xs[j + 1] = xs[j - 1];
                xs[j - 2] = t0, xs[j - 1] = t1;
            }
        int x = area.x;
        const int xe = area.x + area.w;
        for (int i = 0; i <= nx && x < xe; i += 2) {
            const int gap_end = i < nx ? (xs[i] < xe ? xs[i] : xe) : xe;
            if (gap_end > x) {
                /* the same span as a rectangle ending on this band's top grows down instead */
                int k = 0;
                while (k < n && !(out[k].x == x && out[k].w == gap_end - x && out[k].y + out[k].h == ya))
                    k++;
                if (k < n) {
                    out[k].h += yb - ya;
                } else {
                    if (n == max)
                        return -1;
                    out[n++] = (SDL_Rect){x, ya, gap_end - x, yb - ya};
                }
            }
            if (i < nx && xs[i + 1] > x)
                x = xs[i + 1];
        }
    }
    return n;
}

int draw_layer_show(const draw_layer *l, SDL_Renderer *r, SDL_Rect part)
{
    if (!l->tex || !l->valid)
        return 0;
    const SDL_Rect all = {0, 0, l->w, l->h};
    SDL_Rect in;
    if (!SDL_IntersectRect(&part, &all, &in))
        return 0;
    if (l->n_holes == 0)
        return SDL_RenderCopy(r, l->tex, &in, &in) != 0 ? -1 : 0;
    SDL_Rect pieces[256];
    const int n = draw_rects_outside(in, l->holes, l->n_holes, pieces, 256);
    if (n < 0) /* a few panels need a few dozen; the holes must stay as they are */
        return SDL_SetError("layer: %d holes cut the copy into more than 256 pieces", l->n_holes);
    for (int i = 0; i < n; i++)
        if (SDL_RenderCopy(r, l->tex, &pieces[i], &pieces[i]) != 0)
            return -1;
    return 0;
}
