/* draw_soft: an anti-aliased polyline, and plain triangles, rasterised on the CPU with sub-pixel precision, for
 * SDL's software renderer, which cuts every vertex of SDL_RenderGeometry to a whole pixel (a flat curve becomes
 * a staircase, a slanted stroke wobbles in width).
 * Main thread only (SDL rendering). Invariants: the coverage is draw.c's stroke: full to width/2 − 0.5, 0 at +0.5. */
#ifndef RENDER_DRAW_SOFT_H
#define RENDER_DRAW_SOFT_H

#include <SDL.h>

/* 1 when r cuts geometry to whole pixels (SDL's software renderer): strokes whose exact height matters go
 * through draw_soft_polyline there. */
int draw_soft_needed(SDL_Renderer *r);
/* A stroke of width px through n points (pts = x0, y0, x1, y1, ..., pixels), round joins and ends, in c,
 * drawn into r at once (inside its clip rectangle), blended. 0 ok, -1 with SDL_GetError() set. */
int draw_soft_polyline(SDL_Renderer *r, const float *pts /* (n, 2) */, int n, float width, SDL_Color c);
/* Plain triangles (ni indices into v, three a triangle) rasterised on the CPU at their sub-pixel
 * positions straight into s, the surface r draws into while no target texture is set: each pixel
 * whose centre lies inside takes the vertices' interpolated colour, blended as SDL_BLENDMODE_BLEND
 * does. r's queued work is carried out first, so the order of drawing holds. -1 (nothing drawn) when
 * s is not one r could be drawing into here: not 32-bit XRGB/ARGB, locked, a target texture set,
 * a scale or a viewport offset. */
int draw_soft_triangles(SDL_Renderer *r, SDL_Surface *s, const SDL_Vertex *v, const int *idx /* (ni) */, int ni);

#endif
