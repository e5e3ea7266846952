/* layer: a part of the picture drawn once into a target texture and copied into later frames
 * until what it shows changes (its key). Main thread only (SDL rendering).
 * Invariants: a cached layer holds exactly what drawing it on the cleared window would leave there;
 * it is copied without blending, pixel for pixel; any change of key or output size redraws it. */
#ifndef RENDER_LAYER_H
#define RENDER_LAYER_H

#include <SDL.h>
#include <stdint.h>

#define DRAW_LAYER_HOLES_MAX 32

typedef struct {
    SDL_Texture *tex; /* the output's size; NULL until the first draw, or when targets are not supported */
    int w, h;
    uint64_t key;
    int valid;        /* tex holds the drawing of key */
    int drawing;      /* between a begin that returned 1 and its end */
    SDL_Rect holes[DRAW_LAYER_HOLES_MAX]; /* (n_holes) draw_layer_set_holes */
    int n_holes;
} draw_layer;

/* FNV-1a over n bytes, from h (start with DRAW_LAYER_KEY0): the key of a layer, or of any per-snapshot
 * cache (maps, ledger, surface), built from what it shows. */
#define DRAW_LAYER_KEY0 1469598103934665603ull
uint64_t draw_layer_hash(uint64_t h, const void *p, size_t n);
uint64_t draw_layer_hash_str(uint64_t h, const char *s); /* NULL hashes apart from "" */

/* 1: draw the layer now (the target is its texture, cleared to bg; finish with draw_layer_end);
 * 0: the layer is cached, draw_layer_show copies it; -1: no cache on this renderer (no target
 * textures, or out of memory): draw straight into the window as before. */
int draw_layer_begin(draw_layer *l, SDL_Renderer *r, uint64_t key, SDL_Color bg);
/* Back to the window as target; 0 ok, -1 with SDL_GetError() set (the layer is then dropped). */
int draw_layer_end(draw_layer *l, SDL_Renderer *r);
/* Copies part of the cached layer to the same place in the window, unblended. 0 ok, -1 error. */
int draw_layer_show(const draw_layer *l, SDL_Renderer *r, SDL_Rect part);
/* Parts of the window that draw_layer_show leaves alone from now on (at most DRAW_LAYER_HOLES_MAX; n = 0: none):
 * a panel's inside that the window's clear has filled and that nothing copied may cover. */
void draw_layer_set_holes(draw_layer *l, const SDL_Rect *holes, int n);
/* The parts of area outside every hole, as at most max disjoint rectangles in out (bands from top to
 * bottom); their count, or -1 when more than max would be needed. */
int draw_rects_outside(SDL_Rect area, const SDL_Rect *holes, int n_holes, SDL_Rect *out, int max);
/* Frees the texture; the next begin makes it anew (also after the renderer lost its targets). */
void draw_layer_destroy(draw_layer *l);

#endif
