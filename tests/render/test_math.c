/* test_math: the indexed names typeset as the lecture writes them (view_math): the markup splits into the
 * right runs, and on an off-screen render the superscript stands above, the subscript below, the base letter.
 * Main thread only (SDL_ttf on a software renderer). */
#include <SDL.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "app/paths.h"
#include "render/text.h"
#include "render/view_math.h"
#include "picture.h"

/* The text of each run and its level, as "text/level" joined by '|' ("w/0|(1)/1|10/-1"). */
static void runs_of(const char *s, char *out, size_t len)
{
    view_math_run r[32];
    const int n = view_math_runs(s, r, 32);
    ck_assert_int_le(n, 32);
    size_t o = 0;
    out[0] = 0;
    for (int i = 0; i < n && o < len; i++)
        o += (size_t)snprintf(out + o, len - o, "%s%.*s/%d", i ? "|" : "", r[i].len, s + r[i].start, r[i].level);
}

START_TEST(markup_splits_into_runs)
{
    char got[512];
    runs_of("w(1)_10", got, sizeof got);
    ck_assert_str_eq(got, "w/0|(1)/1|10/-1");
    /* the name's comma joins unit and input from unit 10 on; the comma after it ends the name */
    runs_of("w(1)_12,0, component 0 of w\xcc\x84(1)_12: from x_0 into h_12", got, sizeof got);
    ck_assert_str_eq(got, "w/0|(1)/1|12,0/-1|, component 0 of w\xcc\x84/0|(1)/1|12/-1|: from x/0|0/-1|"
                          " into h/0|12/-1");
    /* braces for indices the short form cannot hold (ℓ), and for superscripts */
    runs_of("\xce\xa3_{\xe2\x84\x93} \xce\xb5_{\xe2\x84\x93i} w(2)_{\xe2\x84\x93" "3}", got, sizeof got);
    ck_assert_str_eq(got, "\xce\xa3/0|\xe2\x84\x93/-1| \xce\xb5/0|\xe2\x84\x93i/-1| w/0|(2)/1|\xe2\x84\x93" "3/-1");
    runs_of("10^{-3}", got, sizeof got);
    ck_assert_str_eq(got, "10/0|-3/1");
    /* no markup: one plain run, byte for byte; a parenthesis after a space, a non-digit or a digit is plain */
    runs_of("f(x) = (1) + 2(3) + \xcf\x83(e)", got, sizeof got);
    ck_assert_str_eq(got, "f(x) = (1) + 2(3) + \xcf\x83(e)/0");
    runs_of("a _ b_ (1", got, sizeof got);
    ck_assert_str_eq(got, "a _ b_ (1/0");
    ck_assert_int_eq(view_math_runs("", NULL, 0), 0);
}
END_TEST

/* The inked rows of columns [x0, x1) of surf: the first and last row with a dark pixel (-1 when none). */
static void ink_rows(SDL_Surface *s, int x0, int x1, int *top, int *bottom)
{
    *top = *bottom = -1;
    for (int y = 0; y < s->h; y++)
        for (int x = x0; x < x1; x++)
            if (pic_pixel(s, x, y).r < 128) {
                if (*top < 0) *top = y;
                *bottom = y;
                break;
            }
}

START_TEST(scripts_stand_above_and_below)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 400, 120, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(surf);
    SDL_Renderer *ren = SDL_CreateSoftwareRenderer(surf);
    ck_assert_ptr_nonnull(ren);
    SDL_SetRenderDrawColor(ren, 255, 255, 255, 255);
    SDL_RenderClear(ren);
    char dir[2048], err[1024];
    ck_assert_msg(paths_assets(dir, sizeof dir, err, sizeof err) == 0, "%s", err);
    text_cache *tc = text_cache_create(ren, dir, err, sizeof err);
    ck_assert_msg(tc != NULL, "%s", err);
    view_frame f;
    memset(&f, 0, sizeof f);
    f.tc = tc;
    const SDL_Color black = {0, 0, 0, 255};
    const float size = 40;
    /* typeset: narrower than the same bytes in one size (scripts are smaller, the subscript under the (1)) */
    const float wm = view_math_w(&f, TEXT_SANS, size, "w(1)_10");
    ck_assert(wm > 0 && wm < (float)view_text_w(&f, TEXT_SANS, size, "w(1)10"));
    const float ww = (float)view_text_w(&f, TEXT_SANS, size, "w");
    const float w1 = (float)view_text_w(&f, TEXT_SANS, size * 0.7f, "(1)");
    ck_assert_float_eq_tol(wm, ww + w1, 0.5f); /* "10" is no wider than "(1)": the (1) sets the advance */
    ck_assert_float_eq_tol(view_math(&f, TEXT_SANS, size, "w(1)_10", 10, 30, TEXT_LEFT | TEXT_TOP, black), wm, 1e-3f);
    /* the same base "w" and a plain "(1)" at the base size, further right, for comparison */
    view_text(&f, TEXT_SANS, size, "w(1)", 200, 30, TEXT_LEFT | TEXT_TOP, black);
    ck_assert_int_eq(f.rc, 0);
    text_frame_end(tc);
    int wt, wb, st, sb, pt, pb;
    ink_rows(surf, 10, 10 + (int)ww - 2, &wt, &wb);         /* the base w */
    ink_rows(surf, 10 + (int)ww + 1, 10 + (int)wm, &st, &sb); /* the scripts */
    ink_rows(surf, 200 + (int)ww + 1, 300, &pt, &pb);         /* a plain (1) */
    ck_assert(wt > 0 && st > 0 && pt > 0);
    /* the superscript's parenthesis reaches higher than the plain one, the subscript lower than w's baseline */
    ck_assert_msg(st < pt - 3, "superscript top %d, plain top %d", st, pt);
    ck_assert_msg(sb > wb + 5, "subscript bottom %d, w bottom %d", sb, wb);
    text_cache_destroy(tc);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("math");
    TCase *tc = tcase_create("math");
    tcase_add_test(tc, markup_splits_into_runs);
    tcase_add_test(tc, scripts_stand_above_and_below);
    suite_add_tcase(su, tc);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
