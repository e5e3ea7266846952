/* layer: a part of the picture drawn once into a target texture and copied into later frames
 * until what it shows changes (its key). Main thread only (SDL rendering).
 * Invariants: a cached layer holds exactly what drawing it on the cleared window would leave there;
 * it is copied without blending, pixel for pixel; any change of key or output size redraws it. */
#include "render/layer.h"

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

int draw_layer_show(const draw_layer *l, SDL_Renderer *r, SDL_Rect part)
{
    if (!l->tex || !l->valid)
        return 0;
    const SDL_Rect all = {0, 0, l->w, l->h};
    SDL_Rect in;
    if (!SDL_IntersectRect(&part, &all, &in))
        return 0;
    return SDL_RenderCopy(r, l->tex, &in, &in) != 0 ? -1 : 0;
}
