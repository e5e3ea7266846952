/* test_sigma: the nonlinearity panel checked by pixels on an off-screen software render (no display):
 * both curves drawn, marks in the units' colours, the gain morphing the logistic into the step.
 * Single-threaded (SDL rendering and SDL_ttf on the test's thread).
 * Invariants: every render starts from a cleared surface of the palette's background. */
#include <SDL.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/paths.h"
#include "render/draw.h"
#include "render/sigma.h"
#include "render/text.h"

#define W 420
#define H 360

typedef struct {
    SDL_Surface *surf;
    SDL_Renderer *r;
    draw_list *dl;
    text_cache *tc;
} canvas;

static void open_canvas(canvas *c)
{
    char err[1024], assets[1024];
    ck_assert_msg(paths_assets(assets, sizeof assets, err, sizeof err) == 0, "%s", err);
    c->surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(c->surf);
    c->r = SDL_CreateSoftwareRenderer(c->surf);
    ck_assert_ptr_nonnull(c->r);
    c->dl = draw_list_create();
    ck_assert_ptr_nonnull(c->dl);
    c->tc = text_cache_create(c->r, assets, err, (int)sizeof err);
    ck_assert_msg(c->tc != NULL, "%s", err);
}

static void close_canvas(canvas *c)
{
    text_cache_destroy(c->tc);
    draw_list_destroy(c->dl);
    SDL_DestroyRenderer(c->r);
    SDL_FreeSurface(c->surf);
}

static void render(canvas *c, nn_act act, double gain, const double *marks, int n, int highlight)
{
    const draw_palette *pal = draw_palette_get(0);
    SDL_SetRenderDrawColor(c->r, pal->bg.r, pal->bg.g, pal->bg.b, 255);
    SDL_RenderClear(c->r);
    draw_rect rect = {10, 10, W - 20, H - 20};
    ck_assert_int_eq(sigma_draw(c->r, c->dl, c->tc, pal, rect, act, gain, marks, n, highlight, 1.0f), 0);
    text_frame_end(c->tc);
    SDL_RenderPresent(c->r);
    SDL_Rect clip;
    SDL_RenderGetClipRect(c->r, &clip);
    ck_assert(SDL_RenderIsClipEnabled(c->r) == SDL_FALSE);
}

static int near(Uint32 px, SDL_Color c, int tol)
{
    int r = (int)((px >> 16) & 255), g = (int)((px >> 8) & 255), b = (int)(px & 255);
    return abs(r - c.r) <= tol && abs(g - c.g) <= tol && abs(b - c.b) <= tol;
}

static Uint32 px(const canvas *c, int x, int y) { return ((Uint32 *)((Uint8 *)c->surf->pixels + y * c->surf->pitch))[x]; }

/* Pixels of colour col in rows [y0, y1), and their lowest and highest row. */
static int count(const canvas *c, SDL_Color col, int y0, int y1, int *top, int *bottom)
{
    int n = 0;
    *top = H;
    *bottom = -1;
    for (int y = y0; y < y1; y++)
        for (int x = 0; x < W; x++)
            if (near(px(c, x, y), col, 12)) {
                n++;
                if (y < *top) *top = y;
                if (y > *bottom) *bottom = y;
            }
    return n;
}

START_TEST(test_both_curves_drawn)
{
    canvas c;
    open_canvas(&c);
    const draw_palette *pal = draw_palette_get(0);
    for (int a = 0; a < NN_ACT_COUNT; a++) {
        render(&c, (nn_act)a, 1.0, NULL, 0, -1);
        int top, bottom, dtop, dbottom;
        int nf = count(&c, pal->pred, 0, H / 2, &top, &bottom);
        int nd = count(&c, pal->loss, H / 2, H, &dtop, &dbottom);
        ck_assert_msg(nf > 200, "%s: σ has %d pixels", nn_act_name((nn_act)a), nf);
        ck_assert_msg(nd > 200, "%s: σ' has %d pixels", nn_act_name((nn_act)a), nd);
        /* σ spans its range: from the bottom to the top of its plot */
        ck_assert_msg(bottom - top > 80, "%s: σ spans rows %d..%d", nn_act_name((nn_act)a), top, bottom);
    }
    close_canvas(&c);
}
END_TEST

START_TEST(test_marks_in_unit_colours)
{
    canvas c;
    open_canvas(&c);
    const draw_palette *pal = draw_palette_get(0);
    const double e[3] = {-2.0, 0.5, 9.0}; /* the last one outside the range: drawn at the edge */
    int top, bottom;
    render(&c, NN_ACT_LOGISTIC, 1.0, NULL, 0, -1);
    int before = count(&c, draw_unit_colour(pal, 1), 0, H, &top, &bottom);
    render(&c, NN_ACT_LOGISTIC, 1.0, e, 3, 1);
    for (int k = 0; k < 3; k++) {
        int n = count(&c, draw_unit_colour(pal, k), 0, H, &top, &bottom);
        ck_assert_msg(n > (k == 1 ? before : 0) + 10, "unit %d: %d pixels", k, n);
        /* on both plots: one mark above the middle, one below */
        ck_assert_msg(top < H / 2 && bottom > H / 2, "unit %d marks at rows %d..%d", k, top, bottom);
    }
    close_canvas(&c);
}
END_TEST

/* Fraction of pixels that differ between two renders, over the σ plot's rows. */
static double diff_top(nn_act a0, double g0, nn_act a1, double g1)
{
    canvas c;
    open_canvas(&c);
    size_t bytes = (size_t)c.surf->pitch * H;
    Uint8 *first = malloc(bytes);
    ck_assert_ptr_nonnull(first);
    render(&c, a0, g0, NULL, 0, -1);
    memcpy(first, c.surf->pixels, bytes);
    render(&c, a1, g1, NULL, 0, -1);
    long differ = 0;
    /* rows 40..H/2 hold the σ plot below the title; the title itself names the activation, and so
     * does the curve's name at the plot's top left (with the gain when it is not 1): left out */
    for (int y = 40; y < H / 2; y++)
        for (int x = 0; x < W; x++)
            if (y >= 56 || x < 58 || x >= 140) differ += ((Uint32 *)(first + y * c.surf->pitch))[x] != px(&c, x, y);
    free(first);
    close_canvas(&c);
    return (double)differ / ((H / 2 - 40) * W);
}

START_TEST(test_gain_morphs_logistic_into_step)
{
    double smooth = diff_top(NN_ACT_LOGISTIC, 1.0, NN_ACT_STEP, 1.0);
    double sharp = diff_top(NN_ACT_LOGISTIC, 100.0, NN_ACT_STEP, 1.0);
    ck_assert_msg(sharp < 0.2 * smooth, "gain 100: %.4f of the pixels differ from the step, gain 1: %.4f", sharp,
                  smooth);
    ck_assert(smooth > 0.005);
}
END_TEST

START_TEST(test_ranges)
{
    double f0, f1, d0, d1;
    sigma_ranges(NN_ACT_LOGISTIC, 1.0, &f0, &f1, &d0, &d1);
    ck_assert(f0 == 0 && f1 == 1 && d0 == 0 && d1 == 0.25);
    sigma_ranges(NN_ACT_LOGISTIC, 100.0, &f0, &f1, &d0, &d1);
    ck_assert(d1 == 25); /* σ'(0) = a/4 still fits */
    ck_assert(nn_act_df(NN_ACT_LOGISTIC, 100.0, 0.0) <= d1);
    sigma_ranges(NN_ACT_TANH, 2.0, &f0, &f1, &d0, &d1);
    ck_assert(f0 == -1 && f1 == 1 && d1 == 2);
    sigma_ranges(NN_ACT_RELU, 1.0, &f0, &f1, &d0, &d1);
    ck_assert(f1 >= nn_act_f(NN_ACT_RELU, 1.0, SIGMA_E_RANGE));
    sigma_ranges(NN_ACT_SIGNUM, 1.0, &f0, &f1, &d0, &d1);
    ck_assert(f0 == -1 && f1 == 1 && d1 > d0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sigma");
    TCase *tc = tcase_create("sigma");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_both_curves_drawn);
    tcase_add_test(tc, test_marks_in_unit_colours);
    tcase_add_test(tc, test_gain_morphs_logistic_into_step);
    tcase_add_test(tc, test_ranges);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
