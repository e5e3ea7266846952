/* test_soft: plain shapes on SDL's software renderer at their sub-pixel positions (draw_list_set_surface,
 * draw_soft_triangles), which SDL_RenderGeometry would cut to whole pixels.
 * Single-threaded test binary, off-screen (a software renderer on a surface).
 * Invariants: a slanted stroke keeps its ink per column; moved by half a pixel, its ink moves by about that;
 * draw_soft_triangles' row spans and fast paths give the plain per-pixel rasteriser's pixels bit for bit. */
#include "render/draw.h"
#include "render/draw_soft.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "picture.h"

#define W 96
#define H 48

/* Draws one stroke from (8, y0) to (88, y0 + rise), width 1.5, black on white; on_surface: through
 * draw_list_set_surface. Returns the surface (the caller frees it). */
static SDL_Surface *stroke(float y0, float rise, int on_surface)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(s);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    ck_assert_ptr_nonnull(r);
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    draw_list *dl = draw_list_create();
    ck_assert_ptr_nonnull(dl);
    draw_list_set_surface(dl, on_surface ? s : NULL);
    draw_line(dl, 8.0f, y0, 88.0f, y0 + rise, 1.5f, (SDL_Color){0, 0, 0, 255});
    ck_assert_int_eq(draw_list_flush(dl, r), 0);
    SDL_RenderPresent(r);
    draw_list_destroy(dl);
    SDL_DestroyRenderer(r);
    return s;
}

/* Ink (darkness 0..1 summed) of column x, and its centre of mass in y. */
static double column_ink(SDL_Surface *s, int x, double *centre)
{
    double ink = 0, m = 0;
    for (int y = 0; y < H; y++) {
        const double d = (255.0 - pic_pixel(s, x, y).r) / 255.0;
        ink += d;
        m += d * (y + 0.5);
    }
    *centre = ink > 0 ? m / ink : -1;
    return ink;
}

/* The spread (max − min over mean) of the ink per column along the stroke's middle. */
static double ink_spread(SDL_Surface *s)
{
    double lo = INFINITY, hi = 0, sum = 0, c;
    int n = 0;
    for (int x = 16; x < 80; x++) {
        const double ink = column_ink(s, x, &c);
        lo = fmin(lo, ink), hi = fmax(hi, ink), sum += ink, n++;
    }
    return (hi - lo) / (sum / n);
}

START_TEST(slanted_stroke_keeps_its_width)
{
    /* rising 7.3 px over 80: SDL's whole-pixel vertices give pieces of uneven thickness */
    SDL_Surface *cut = stroke(20.2f, 7.3f, 0), *exact = stroke(20.2f, 7.3f, 1);
    const double s_cut = ink_spread(cut), s_exact = ink_spread(exact);
    ck_assert_msg(s_exact < 0.15, "ink per column varies by %.3f of its mean", s_exact);
    ck_assert_msg(s_cut > s_exact, "cut %.3f, exact %.3f", s_cut, s_exact);
    SDL_FreeSurface(cut);
    SDL_FreeSurface(exact);
}
END_TEST

START_TEST(half_a_pixel_moves_the_ink)
{
    SDL_Surface *a = stroke(20.25f, 3.0f, 1), *b = stroke(20.75f, 3.0f, 1);
    for (int x = 20; x < 80; x += 10) {
        double ca, cb;
        const double ia = column_ink(a, x, &ca), ib = column_ink(b, x, &cb);
        ck_assert_msg(fabs(ia - ib) < 0.1 * ia, "column %d: ink %.3f against %.3f", x, ia, ib);
        /* sampled at pixel centres a 1-px ramp's centre of mass moves by 0.35..0.65 px; cut to whole
         * pixels, both strokes start on row 20 and it does not move at all */
        ck_assert_msg(fabs(cb - ca - 0.5) < 0.2, "column %d: moved %.3f px, not about 0.5", x, cb - ca);
    }
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
}
END_TEST

START_TEST(far_and_broken_vertices_stay_inside)
{
    /* a stroke from far outside (a zoomed-in curve), and one through a point that is not a number:
     * the first is drawn where it crosses the picture, the second leaves the picture as it was */
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    ck_assert_ptr_nonnull(r);
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    draw_list *dl = draw_list_create();
    draw_list_set_surface(dl, s);
    const SDL_Vertex v[6] = {
        {{-1e12f, 10.0f}, {0, 0, 0, 255}, {0, 0}}, {{1e12f, 10.0f}, {0, 0, 0, 255}, {0, 0}},
        {{1e12f, 14.0f}, {0, 0, 0, 255}, {0, 0}}, {{NAN, 30.0f}, {0, 0, 0, 255}, {0, 0}},
        {{10.0f, INFINITY}, {0, 0, 0, 255}, {0, 0}}, {{20.0f, 40.0f}, {0, 0, 0, 255}, {0, 0}},
    };
    const int idx[6] = {0, 1, 2, 3, 4, 5};
    ck_assert_int_eq(draw_soft_triangles(r, s, v, idx, 6), 0);
    ck_assert_int_lt(pic_pixel(s, W / 2, 11).r, 128); /* inside the far triangle (below y = 12 there) */
    ck_assert_int_eq(pic_pixel(s, W / 2, 13).r, 255); /* and above its long edge */
    ck_assert_int_eq(pic_pixel(s, 15, 35).r, 255);   /* the broken one drew nothing */
    /* a target texture set: not the surface's picture, so nothing is drawn and the caller falls back */
    SDL_Texture *t = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, 8, 8);
    ck_assert_ptr_nonnull(t);
    SDL_SetRenderTarget(r, t);
    ck_assert_int_eq(draw_soft_triangles(r, s, v, idx, 3), -1);
    SDL_SetRenderTarget(r, NULL);
    SDL_DestroyTexture(t);
    draw_list_destroy(dl);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}
END_TEST

/* ---- the plain rasteriser: every pixel of the box, every weight, every channel mixed (the oracle) ---- */

static float ref_edge(float ax, float ay, float bx, float by, float px, float py)
{
    return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

static void ref_triangle(SDL_Surface *s, const SDL_Rect *clip, const SDL_Vertex *a, const SDL_Vertex *b, const SDL_Vertex *c)
{
    float area = ref_edge(a->position.x, a->position.y, b->position.x, b->position.y, c->position.x, c->position.y);
    if (!(fabsf(area) > 1e-6f) || !isfinite(area)) return;
    if (area < 0) {
        const SDL_Vertex *t = b;
        b = c;
        c = t;
        area = -area;
    }
    const float inv = 1.0f / area;
    const float cx0 = (float)clip->x, cx1 = (float)(clip->x + clip->w), cy0 = (float)clip->y, cy1 = (float)(clip->y + clip->h);
    const int x0 = (int)floorf(fmaxf(cx0, fminf(a->position.x, fminf(b->position.x, c->position.x))));
    const int x1 = (int)ceilf(fminf(cx1, fmaxf(a->position.x, fmaxf(b->position.x, c->position.x))));
    const int y0 = (int)floorf(fmaxf(cy0, fminf(a->position.y, fminf(b->position.y, c->position.y))));
    const int y1 = (int)ceilf(fminf(cy1, fmaxf(a->position.y, fmaxf(b->position.y, c->position.y))));
    for (int y = y0; y < y1; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        const float py = (float)y + 0.5f;
        for (int x = x0; x < x1; x++) {
            const float px = (float)x + 0.5f;
            const float w0 = ref_edge(b->position.x, b->position.y, c->position.x, c->position.y, px, py);
            const float w1 = ref_edge(c->position.x, c->position.y, a->position.x, a->position.y, px, py);
            const float w2 = area - w0 - w1;
            if (w0 < 0 || w1 < 0 || w2 <= 0) continue;
            const float l0 = w0 * inv, l1 = w1 * inv, l2 = w2 * inv;
            const float al = l0 * a->color.a + l1 * b->color.a + l2 * c->color.a;
            if (!(al >= 0.5f)) continue;
            const unsigned sa = al >= 254.5f ? 255u : (unsigned)(al + 0.5f), da = 255u - sa;
            const unsigned sr = (unsigned)(l0 * a->color.r + l1 * b->color.r + l2 * c->color.r + 0.5f);
            const unsigned sg = (unsigned)(l0 * a->color.g + l1 * b->color.g + l2 * c->color.g + 0.5f);
            const unsigned sb = (unsigned)(l0 * a->color.b + l1 * b->color.b + l2 * c->color.b + 0.5f);
            const Uint32 d = row[x];
            const unsigned dr = (d >> 16) & 255u, dg = (d >> 8) & 255u, db = d & 255u;
            row[x] = (d & 0xff000000u) | (((sr * sa + dr * da) / 255u) << 16) | (((sg * sa + dg * da) / 255u) << 8) |
                     ((sb * sa + db * da) / 255u);
        }
    }
}

/* xorshift64*: the test's own reproducible stream */
static Uint64 rng_next(Uint64 *st)
{
    *st ^= *st >> 12;
    *st ^= *st << 25;
    *st ^= *st >> 27;
    return *st * 2685821657736338717ull;
}

static float rng_unit(Uint64 *st) { return (float)(rng_next(st) >> 40) / (float)(1u << 24); }

/* A random coordinate in [lo, hi): kind 0 anywhere, 1 on a half-pixel grid (centres and edges exactly
 * on the lines the tie rule decides), 2 on a 1/256 grid. */
static float rng_coord(Uint64 *st, float lo, float hi, int kind)
{
    const float v = lo + (hi - lo) * rng_unit(st);
    return kind == 1 ? floorf(v * 2) / 2 : kind == 2 ? floorf(v * 256) / 256 : v;
}

START_TEST(spans_and_fast_paths_match_the_plain_rasteriser)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(s);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    ck_assert_ptr_nonnull(r);
    Uint64 st = 0x9e3779b97f4a7c15ull;
    Uint32 *px = s->pixels;
    for (int i = 0; i < s->pitch / 4 * H; i++) px[i] = 0xff000000u | (Uint32)(rng_next(&st) >> 40);
    SDL_Surface *ref = SDL_ConvertSurface(s, s->format, 0);
    ck_assert_ptr_nonnull(ref);
    enum { N = 3000 };
    for (int k = 0; k < N; k++) {
        /* shapes as draw.c makes them (one colour, opaque or with a rim at alpha 0) and mixed ones;
         * slivers, huge ones reaching far outside, right triangles of axis-aligned rectangles */
        const int kind = (int)(rng_next(&st) % 3), shape = (int)(rng_next(&st) % 5), paint = (int)(rng_next(&st) % 4);
        SDL_Vertex v[3];
        for (int j = 0; j < 3; j++) {
            v[j].position.x = rng_coord(&st, -8, W + 8, kind);
            v[j].position.y = rng_coord(&st, -8, H + 8, kind);
        }
        if (shape == 1) { /* a sliver: the third vertex near the first two's line */
            const float t = rng_unit(&st);
            v[2].position.x = v[0].position.x + t * (v[1].position.x - v[0].position.x) + rng_coord(&st, -1, 1, kind);
            v[2].position.y = v[0].position.y + t * (v[1].position.y - v[0].position.y) + rng_coord(&st, -1, 1, kind);
        } else if (shape == 2) { /* half an axis-aligned rectangle */
            v[2].position.x = v[0].position.x;
            v[2].position.y = v[1].position.y;
        } else if (shape == 3) { /* reaching far outside */
            v[1].position.x = (rng_unit(&st) - 0.5f) * 2e6f;
            v[1].position.y = (rng_unit(&st) - 0.5f) * 2e6f;
        }
        const Uint64 bits = rng_next(&st);
        for (int j = 0; j < 3; j++) {
            const Uint32 c = paint == 3 ? (Uint32)(rng_next(&st) >> 32) : (Uint32)bits;
            v[j].color = (SDL_Color){(Uint8)(c >> 24), (Uint8)(c >> 16), (Uint8)(c >> 8), (Uint8)c};
            if (paint == 0) v[j].color.a = 255;               /* solid */
            if (paint == 1) v[j].color.a = j == 2 ? 0 : 255;  /* a rim */
            v[j].tex_coord = (SDL_FPoint){0, 0};
        }
        SDL_Rect clip = {0, 0, W, H};
        if (k % 7 == 0) {
            clip = (SDL_Rect){(int)(rng_next(&st) % 20), (int)(rng_next(&st) % 12), 50, 30};
            SDL_RenderSetClipRect(r, &clip);
        } else {
            SDL_RenderSetClipRect(r, NULL);
        }
        const int idx[3] = {0, 1, 2};
        ck_assert_int_eq(draw_soft_triangles(r, s, v, idx, 3), 0);
        ref_triangle(ref, &clip, &v[0], &v[1], &v[2]);
        for (int y = 0; y < H; y++) {
            const Uint32 *got = (const Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
            const Uint32 *want = (const Uint32 *)((Uint8 *)ref->pixels + y * ref->pitch);
            if (memcmp(got, want, W * sizeof *got) == 0) continue;
            for (int x = 0; x < W; x++)
                ck_assert_msg(got[x] == want[x], "triangle %d (kind %d, shape %d, paint %d), pixel (%d, %d): %08x, not %08x",
                              k, kind, shape, paint, x, y, (unsigned)got[x], (unsigned)want[x]);
        }
    }
    SDL_FreeSurface(ref);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("soft");
    TCase *tc = tcase_create("soft");
    tcase_add_test(tc, slanted_stroke_keeps_its_width);
    tcase_add_test(tc, half_a_pixel_moves_the_ink);
    tcase_add_test(tc, far_and_broken_vertices_stay_inside);
    tcase_add_test(tc, spans_and_fast_paths_match_the_plain_rasteriser);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
