/* draw_soft: an anti-aliased polyline rasterised on the CPU with sub-pixel precision, for SDL's software
 * renderer, which cuts every vertex of SDL_RenderGeometry to a whole pixel (a flat curve becomes a staircase).
 * Main thread only (SDL rendering). Invariants: the coverage is draw.c's stroke: full to width/2 − 0.5, 0 at +0.5. */
#include "render/draw_soft.h"

#include <math.h>
#include <stdlib.h>

int draw_soft_needed(SDL_Renderer *r)
{
    SDL_RendererInfo info;
    return SDL_GetRendererInfo(r, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) != 0;
}

/* Distance from (px, py) to the segment a-b. */
static float seg_dist(float px, float py, float ax, float ay, float bx, float by)
{
    const float dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    float u = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    return hypotf(px - ax - u * dx, py - ay - u * dy);
}

int draw_soft_polyline(SDL_Renderer *r, const float *pts, int n, float width, SDL_Color c)
{
    if (n < 2 || !(width > 0) || c.a == 0) return 0;
    const float hw = 0.5f * width, reach = hw + 0.5f;
    /* the box to fill: the stroke's, inside the clip rectangle (else the output) */
    SDL_Rect vis;
    if (SDL_RenderIsClipEnabled(r)) {
        SDL_RenderGetClipRect(r, &vis);
    } else {
        vis.x = vis.y = 0;
        if (SDL_GetRendererOutputSize(r, &vis.w, &vis.h) < 0) return -1;
    }
    float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (!isfinite(pts[2 * i]) || !isfinite(pts[2 * i + 1])) return 0;
        x0 = fminf(x0, pts[2 * i]), x1 = fmaxf(x1, pts[2 * i]);
        y0 = fminf(y0, pts[2 * i + 1]), y1 = fmaxf(y1, pts[2 * i + 1]);
    }
    const int bx0 = SDL_max(vis.x, (int)floorf(x0 - reach)), by0 = SDL_max(vis.y, (int)floorf(y0 - reach));
    const int bx1 = SDL_min(vis.x + vis.w, (int)ceilf(x1 + reach)), by1 = SDL_min(vis.y + vis.h, (int)ceilf(y1 + reach));
    const int w = bx1 - bx0, h = by1 - by0;
    if (w <= 0 || h <= 0) return 0;
    Uint8 *cov = calloc((size_t)w * (size_t)h, 1); /* (h, w) coverage 0..255: the largest over the segments */
    Uint32 *px = malloc((size_t)w * (size_t)h * sizeof *px);
    if (!cov || !px) {
        free(cov);
        free(px);
        return SDL_OutOfMemory();
    }
    for (int i = 0; i + 1 < n; i++) {
        const float ax = pts[2 * i], ay = pts[2 * i + 1], ex = pts[2 * i + 2], ey = pts[2 * i + 3];
        const int sx0 = SDL_max(bx0, (int)floorf(fminf(ax, ex) - reach)), sx1 = SDL_min(bx1, (int)ceilf(fmaxf(ax, ex) + reach));
        const int sy0 = SDL_max(by0, (int)floorf(fminf(ay, ey) - reach)), sy1 = SDL_min(by1, (int)ceilf(fmaxf(ay, ey) + reach));
        for (int y = sy0; y < sy1; y++)
            for (int x = sx0; x < sx1; x++) {
                /* the pixel's centre, as the renderers sample it */
                const float a = reach - seg_dist((float)x + 0.5f, (float)y + 0.5f, ax, ay, ex, ey);
                if (a <= 0) continue;
                const Uint8 v = (Uint8)(255.0f * fminf(a, 1.0f) + 0.5f);
                Uint8 *q = &cov[(size_t)(y - by0) * (size_t)w + (size_t)(x - bx0)];
                if (v > *q) *q = v;
            }
    }
    const Uint32 rgb = ((Uint32)c.r << 16) | ((Uint32)c.g << 8) | c.b;
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) px[i] = ((Uint32)((cov[i] * c.a + 127) / 255) << 24) | rgb;
    free(cov);
    SDL_Texture *t = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, w, h);
    int rc = t ? 0 : -1;
    if (t) {
        const SDL_Rect dst = {bx0, by0, w, h};
        rc = SDL_UpdateTexture(t, NULL, px, w * (int)sizeof *px) < 0 || SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND) < 0 ||
                     SDL_RenderCopy(r, t, NULL, &dst) < 0
                 ? -1
                 : 0;
        SDL_DestroyTexture(t); /* SDL carries out the queued copy first */
    }
    free(px);
    return rc;
}
