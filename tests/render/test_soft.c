/* test_soft: plain shapes on SDL's software renderer at their sub-pixel positions (draw_list_set_surface,
 * draw_soft_triangles), which SDL_RenderGeometry would cut to whole pixels.
 * Single-threaded test binary, off-screen (a software renderer on a surface).
 * Invariants: a slanted stroke keeps its ink per column; moved by half a pixel, its ink moves by about that. */
#include "render/draw.h"
#include "render/draw_soft.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>

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

int main(void)
{
    Suite *s = suite_create("soft");
    TCase *tc = tcase_create("soft");
    tcase_add_test(tc, slanted_stroke_keeps_its_width);
    tcase_add_test(tc, half_a_pixel_moves_the_ink);
    tcase_add_test(tc, far_and_broken_vertices_stay_inside);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
