/* draw_soft: an anti-aliased polyline, and plain triangles, rasterised on the CPU with sub-pixel precision, for
 * SDL's software renderer, which cuts every vertex of SDL_RenderGeometry to a whole pixel (a flat curve becomes
 * a staircase, a slanted stroke wobbles in width).
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

/* Twice the signed area of (a, b, p): > 0 when p is left of a->b (y down). */
static float edge_fn(float ax, float ay, float bx, float by, float px, float py)
{
    return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

static float min2(float a, float b) { return a < b ? a : b; } /* both numbers here: no libm call */
static float max2(float a, float b) { return a > b ? a : b; }
static double max2d(double a, double b) { return a > b ? a : b; }

/* Row y's pixels [xs, xe) of the triangle with edge functions w0 = r0 − e0·(px − bx), w1 = r1 − e1·(px − cx)
 * (edge_fn(b, c, p) and edge_fn(c, a, p), rounded as there) and w2 = area − w0 − w1, blended as
 * SDL_BLENDMODE_BLEND does. solid: one rgb and alpha 255 at every vertex; flat: one rgb. */
static void shade_row(Uint32 *row, int xs, int xe, float r0, float r1, float e0, float e1, float bx, float cx,
                      float area, float inv, const float al[3], const SDL_Vertex *const v[3], int solid, int flat)
{
    const Uint32 rgb = ((Uint32)v[0]->color.r << 16) | ((Uint32)v[0]->color.g << 8) | v[0]->color.b;
    for (int x = xs; x < xe; x++) {
        const float px = (float)x + 0.5f;
        const float w0 = r0 - e0 * (px - bx), w1 = r1 - e1 * (px - cx), w2 = area - w0 - w1;
        /* a centre on an edge two triangles share goes to one of them (strict on one side) */
        if (w0 < 0 || w1 < 0 || w2 <= 0) continue;
        const Uint32 d = row[x];
        if (solid) { /* alpha 255 (the interpolation gives 255 back, see below): the source */
            row[x] = (d & 0xff000000u) | rgb;
            continue;
        }
        const float l0 = w0 * inv, l1 = w1 * inv, l2 = w2 * inv;
        const float a = l0 * al[0] + l1 * al[1] + l2 * al[2];
        if (!(a >= 0.5f)) continue; /* clear, or not a number */
        const unsigned sa = a >= 254.5f ? 255u : (unsigned)(a + 0.5f), da = 255u - sa;
        unsigned sr = rgb >> 16, sg = (rgb >> 8) & 255u, sb = rgb & 255u;
        if (!flat) {
            sr = (unsigned)(l0 * v[0]->color.r + l1 * v[1]->color.r + l2 * v[2]->color.r + 0.5f);
            sg = (unsigned)(l0 * v[0]->color.g + l1 * v[1]->color.g + l2 * v[2]->color.g + 0.5f);
            sb = (unsigned)(l0 * v[0]->color.b + l1 * v[1]->color.b + l2 * v[2]->color.b + 0.5f);
        }
        const unsigned dr = (d >> 16) & 255u, dg = (d >> 8) & 255u, db = d & 255u;
        row[x] = (d & 0xff000000u) | (((sr * sa + dr * da) / 255u) << 16) | (((sg * sa + dg * da) / 255u) << 8) |
                 ((sb * sa + db * da) / 255u);
    }
}

static void soft_triangle(SDL_Surface *s, const SDL_Rect *clip, const SDL_Vertex *a, const SDL_Vertex *b,
                          const SDL_Vertex *c)
{
    float area = edge_fn(a->position.x, a->position.y, b->position.x, b->position.y, c->position.x, c->position.y);
    if (!(fabsf(area) > 1e-6f) || !isfinite(area)) return; /* no area, or not a number (then neither is a vertex) */
    if (area < 0) {
        const SDL_Vertex *t = b;
        b = c;
        c = t;
        area = -area;
    }
    const float inv = 1.0f / area;
    const float ax = a->position.x, ay = a->position.y, bx = b->position.x, by = b->position.y;
    const float cx = c->position.x, cy = c->position.y;
    /* the box, clamped to the clip rectangle on both sides while still a float: a vertex may lie 10^12 px
     * away, and a float beyond int's range must not reach the cast */
    const float cx0 = (float)clip->x, cx1 = (float)(clip->x + clip->w), cy0 = (float)clip->y, cy1 = (float)(clip->y + clip->h);
    const int x0 = (int)floorf(min2(cx1, max2(cx0, min2(ax, min2(bx, cx))))),
              x1 = (int)ceilf(max2(cx0, min2(cx1, max2(ax, max2(bx, cx)))));
    const int y0 = (int)floorf(min2(cy1, max2(cy0, min2(ay, min2(by, cy))))),
              y1 = (int)ceilf(max2(cy0, min2(cy1, max2(ay, max2(by, cy)))));
    if (x0 >= x1 || y0 >= y1) return;
    /* Each pixel's test below is the exact one; only which pixels of a row it visits is planned here.
     * Along a row each edge function is linear in the centre's x, so its sign changes once: the
     * pixels where one could be ≥ 0 lie on one side of a bound that moves linearly from row to row.
     * In double, from the float factors the test uses, with a margin tol above the rounding of the
     * float test (|error| < 10 · 2^−24 · m) and far above that of this double arithmetic (~10^−16 · m):
     * a pixel visited in vain costs a mispredicted jump, one left out would change the picture. */
    const float e0 = cy - by, e1 = ay - cy, c0 = cx - bx, c1 = ax - cx;
    /* m bounds |w_k|, its terms and the rows' share r_k: the box's and the vertices' reach times the slopes */
    const double reach_x = max2d(fabs((double)x0), fabs((double)x1) + 1) + max2d(fabs((double)bx), fabs((double)cx));
    const double reach_y = max2d(fabs((double)y0), fabs((double)y1) + 1) + max2d(fabs((double)by), fabs((double)cy));
    const double m = (double)area + (fabs((double)c0) + fabs((double)c1)) * reach_y +
                     (fabs((double)e0) + fabs((double)e1)) * reach_x;
    const double tol = 1e-5 * m;
    /* w_k at the centre (x + 0.5, y + 0.5) ≈ p_k + s_k·y + q_k·(x + 0.5) */
    const double p0 = (double)c0 * (0.5 - by) + (double)e0 * bx, p1 = (double)c1 * (0.5 - cy) + (double)e1 * cx;
    const double p[3] = {p0, p1, (double)area - p0 - p1}, sl[3] = {c0, c1, -(double)c0 - c1};
    const double q[3] = {-(double)e0, -(double)e1, (double)e0 + e1};
    /* w_k ≥ −tol where x ≥ at_k(y) (q_k > 0) or x ≤ at_k(y) (q_k < 0), at_k(y) = g_k + h_k·y */
    double g[3], h[3];
    for (int k = 0; k < 3; k++) {
        g[k] = q[k] != 0 ? (-tol - p[k]) / q[k] - 0.5 : 0;
        h[k] = q[k] != 0 ? -sl[k] / q[k] : 0;
    }
    const SDL_Vertex *const v[3] = {a, b, c};
    const float al[3] = {a->color.a, b->color.a, c->color.a};
    /* one value at every vertex: the interpolation gives it back (the weights are ≥ 0 and sum to 1
     * within a few ulp, far inside the ±0.5 of the rounding), so it is not computed */
    const int flat = a->color.r == b->color.r && a->color.r == c->color.r && a->color.g == b->color.g &&
                     a->color.g == c->color.g && a->color.b == b->color.b && a->color.b == c->color.b;
    const int solid = flat && a->color.a == 255 && b->color.a == 255 && c->color.a == 255;
    for (int y = y0; y < y1; y++) {
        double lo = x0, hi = x1 - 1; /* the first and last pixel to visit (≥ 0: (int) floors) */
        int none = 0;
        for (int k = 0; k < 3; k++) {
            const double at = g[k] + h[k] * y;
            if (q[k] > 0)
                lo = at - 1e-6 > lo ? at - 1e-6 : lo;
            else if (q[k] < 0)
                hi = at + 1e-6 < hi ? at + 1e-6 : hi;
            else
                none |= p[k] + sl[k] * y < -tol;
        }
        if (none || !(lo <= hi)) continue;
        const float py = (float)y + 0.5f; /* the pixel's centre, as the renderers sample it */
        const float r0 = c0 * (py - by), r1 = c1 * (py - cy);
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        shade_row(row, (int)ceil(lo), (int)hi + 1, r0, r1, e0, e1, bx, cx, area, inv, al, v, solid, flat);
    }
}

int draw_soft_triangles(SDL_Renderer *r, SDL_Surface *s, const SDL_Vertex *v, const int *idx, int ni)
{
    float sx, sy;
    SDL_Rect port;
    SDL_RenderGetScale(r, &sx, &sy);
    SDL_RenderGetViewport(r, &port);
    if (!s || SDL_MUSTLOCK(s) || !s->pixels || SDL_GetRenderTarget(r) ||
        (s->format->format != SDL_PIXELFORMAT_ARGB8888 && s->format->format != SDL_PIXELFORMAT_RGB888) ||
        sx != 1.0f || sy != 1.0f || port.x != 0 || port.y != 0)
        return -1;
    if (SDL_RenderFlush(r) < 0) return -1; /* what was drawn before lies below */
    SDL_Rect clip = {0, 0, SDL_min(s->w, port.w), SDL_min(s->h, port.h)};
    if (SDL_RenderIsClipEnabled(r)) {
        SDL_Rect c;
        SDL_RenderGetClipRect(r, &c);
        if (!SDL_IntersectRect(&c, &clip, &clip)) return 0;
    }
    for (int i = 0; i + 2 < ni; i += 3)
        soft_triangle(s, &clip, &v[idx[i]], &v[idx[i + 1]], &v[idx[i + 2]]);
    return 0;
}
