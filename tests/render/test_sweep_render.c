/* test_sweep_render: the sweep page checked by pixels on off-screen software renders: before any row it
 * draws no curve; as rows arrive (one width, then all) the best and median markers and lines appear in
 * their colours; on the semicircle Start is dimmed and the page says what the sweep is for.
 * Main thread only; the rows come from sweep_run on this thread (tiny runs). */
#include <SDL.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "app/offscreen.h"
#include "render/view.h"
#include "render/view_sweep.h"
#include "session/session.h"
#include "train/core.h"
#include "picture.h"

#define W 960
#define H 600

static snap *scene_snap(const scene_desc *sc)
{
    static session se;
    char err[256];
    session_default(&se);
    session_set_scene(&se, sc);
    train_core *c = train_core_create(&se, err, sizeof err);
    ck_assert_msg(c != NULL, "train_core_create: %s", err);
    snap *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(s);
    train_core_fill(c, s);
    train_core_destroy(c);
    return s;
}

/* Pixels of r within 40 of colour c. */
static int count_colour(SDL_Surface *s, const draw_rect *r, SDL_Color c)
{
    int n = 0;
    for (int y = (int)r->y; y < (int)(r->y + r->h); y++)
        for (int x = (int)r->x; x < (int)(r->x + r->w); x++) {
            SDL_Color p = pic_pixel(s, x, y);
            int dr = p.r - c.r, dg = p.g - c.g, db = p.b - c.b;
            n += dr * dr + dg * dg + db * db <= 40 * 40;
        }
    return n;
}

static SDL_Surface *render_page(const snap *s, const view_sweep *v, view_sweep_layout *l)
{
    view_state vs;
    view_layout lay;
    view_state_init(&vs);
    view_default_layout(W, H, 1.0f, 0, &lay);
    vs.page = VIEW_PAGE_SWEEP;
    vs.sweep = v;
    char err[512];
    SDL_Surface *surf = view_render_surface(s, &vs, &lay, W, H, NULL, err, sizeof err);
    ck_assert_msg(surf != NULL, "render: %s", err);
    view_sweep_layout_of(&lay.page, 1.0f, l);
    return surf;
}

START_TEST(points_appear_as_rows_arrive)
{
    snap *s = scene_snap(&scene_universal);
    view_sweep *v = calloc(1, sizeof *v);
    ck_assert_ptr_nonnull(v);
    v->usable = 1;
    v->max_n = 8;
    v->restarts = 2;
    sweep_desc d = sweep_default(&scene_universal, s->scene_spec);
    d.n_sizes = 4; /* 1, 2, 4, 8 */
    d.restarts = 2;
    d.max_steps = 40; /* tiny runs: any rows will do for the picture */
    v->desc = d;
    v->total = 8;
    v->state = VIEW_SWEEP_RUNNING;
    const draw_palette *pal = draw_palette_get(0);
    view_sweep_layout l;
    SDL_Surface *none = render_page(s, v, &l);
    for (int i = 0; i < d.n_sizes; i++)
        for (int r = 0; r < d.restarts; r++)
            ck_assert_int_eq(sweep_run(&d, i, r, &v->rows[2 * i + r]), 0);
    v->done = 2; /* the first width's two runs */
    SDL_Surface *one = render_page(s, v, &l);
    v->done = 8;
    v->state = VIEW_SWEEP_DONE;
    SDL_Surface *all = render_page(s, v, &l);
    const int best0 = count_colour(none, &l.plot, pal->loss), best1 = count_colour(one, &l.plot, pal->loss),
              best8 = count_colour(all, &l.plot, pal->loss);
    const int med0 = count_colour(none, &l.plot, pal->marker), med8 = count_colour(all, &l.plot, pal->marker);
    /* before any row only the legend's markers carry the colours; one width adds its best point; all four
     * add three more points and the lines joining them */
    ck_assert_msg(best1 > best0 + 30, "best: %d before, %d after one width", best0, best1);
    ck_assert_msg(best8 > best1 + 300, "best: %d after one width, %d after four", best1, best8);
    ck_assert_msg(med8 > med0 + 200, "median: %d before, %d after", med0, med8);
    /* the progress bar fills: its left end is tinted once runs are done, not before */
    const draw_rect bar = {l.progress.x + 2, l.progress.y + 2, 20, l.progress.h - 4};
    ck_assert_int_eq(count_colour(none, &bar, draw_mix(pal->panel, pal->loss, 0.45f)), 0);
    ck_assert_int_gt(count_colour(all, &bar, draw_mix(pal->panel, pal->loss, 0.45f)), 40);
    SDL_FreeSurface(none);
    SDL_FreeSurface(one);
    SDL_FreeSurface(all);
    free(v);
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sweep_render");
    TCase *tc = tcase_create("sweep_render");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_test(tc, points_appear_as_rows_arrive);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
