/* test_wpick: the ledger's weight picked outside the diagram: a click on a unit's decision line or on its link
 * of the chain names that unit (where the line and the link are drawn, by pixels of an off-screen render), the
 * weight it names is the largest component and a second click the other one, the bars' charts are told apart.
 * Main thread only; snapshots come from train_core without threads. */
#include <SDL.h>
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "app/offscreen.h"
#include "lesson/ledger.h"
#include "render/view.h"
#include "render/view_wpick.h"
#include "render/view_xform.h"
#include "session/session.h"
#include "train/core.h"
#include "picture.h"
#include "trained.h"

#define W 1280
#define H 720

static snap *make_snap(int steps)
{
    static session se;
    session_default(&se);
    return trained_snap(&se, steps);
}

/* Something drawn within a pixel of (x, y): not the white panel (nor its faint grid). */
static int inked(SDL_Surface *s, float x, float y)
{
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            const SDL_Color c = pic_pixel(s, (int)lroundf(x) + dx, (int)lroundf(y) + dy);
            if (c.r < 200 || c.g < 200 || c.b < 200) return 1;
        }
    return 0;
}

START_TEST(a_line_or_a_link_is_picked_where_it_is_drawn)
{
    snap *s = make_snap(200);
    view_state vs;
    view_layout lay;
    view_state_init(&vs);
    view_default_layout(W, H, 1.0f, 0, &lay);
    char err[512];
    SDL_Surface *img = view_render_surface(s, &vs, &lay, W, H, NULL, err, sizeof err);
    ck_assert_msg(img != NULL, "render: %s", err);
    nn_net net;
    snap_net(s, &net);

    /* each unit's decision line, at the points along it where it is the only line within 3 radii */
    const view_xform ti = view_plane_xform(s, &vs, &lay, VIEW_PLANE_INPUT);
    int lines = 0;
    for (int k = 0; k < s->hidden; k++) {
        const double w0 = net.w1[2 * k], w1 = net.w1[2 * k + 1], b = net.b1[k], n2 = w0 * w0 + w1 * w1;
        int found = 0;
        for (int q = -40; q <= 40 && !found; q++) {
            const double u = q * 0.05; /* along the line from its foot */
            const double wx = -b * w0 / n2 - u * w1 / sqrt(n2), wy = -b * w1 / n2 + u * w0 / sqrt(n2);
            float sx, sy;
            view_to_screen(&ti, wx, wy, &sx, &sy);
            if (!view_in_rect(&ti.r, sx, sy) || sx < ti.r.x + 8 || sy < ti.r.y + 8 || sx > ti.r.x + ti.r.w - 8 ||
                sy > ti.r.y + ti.r.h - 8)
                continue;
            int alone = 1;
            for (int m = 0; m < s->hidden; m++) {
                const double d = fabs(net.w1[2 * m] * wx + net.w1[2 * m + 1] * wy + net.b1[m]) /
                                 hypot(net.w1[2 * m], net.w1[2 * m + 1]) * view_px_per_unit(&ti);
                if (m != k && d < 3 * VIEW_WPICK_RADIUS) alone = 0;
            }
            if (!alone) continue;
            found = 1;
            ck_assert_msg(inked(img, sx, sy), "unit %d's line is not drawn at (%.0f, %.0f)", k + 1, sx, sy);
            ck_assert_int_eq(view_pick_line(s, &vs, &lay, sx, sy), k);
            /* two radii off the line, across it: nothing */
            const float ox = (float)(w0 / sqrt(n2)) * 2.2f * VIEW_WPICK_RADIUS,
                        oy = -(float)(w1 / sqrt(n2)) * 2.2f * VIEW_WPICK_RADIUS;
            ck_assert_int_eq(view_pick_line(s, &vs, &lay, sx + ox, sy + oy), -1);
        }
        lines += found;
    }
    ck_assert_int_ge(lines, s->hidden - 1);
    /* outside the input plane no line is picked, even on its extension */
    ck_assert_int_eq(view_pick_line(s, &vs, &lay, lay.output.x + lay.output.w / 2, lay.output.y + lay.output.h / 2), -1);

    /* each link of the selected token's chain, at its middle */
    lect_token tok;
    view_selected_values(s, &vs, view_selected_token(&vs, s->n), &tok);
    double ch[(NN_MAX_HIDDEN + 1) * NN_MAX_IO];
    lect_chain(s, &tok, ch);
    const view_xform to = view_plane_xform(s, &vs, &lay, VIEW_PLANE_OUTPUT);
    int links = 0;
    for (int k = 0; k < s->hidden; k++) {
        float ax, ay, bx, by;
        view_to_screen(&to, ch[2 * k], ch[2 * k + 1], &ax, &ay);
        view_to_screen(&to, ch[2 * k + 2], ch[2 * k + 3], &bx, &by);
        if (hypot(bx - ax, by - ay) < 30) continue; /* too short to aim at its middle alone */
        const float mx = (ax + bx) / 2, my = (ay + by) / 2;
        ck_assert_msg(inked(img, mx, my), "link %d is not drawn at (%.0f, %.0f)", k + 1, mx, my);
        const int got = view_pick_link(s, &vs, &lay, mx, my);
        ck_assert_int_ge(got, 0);
        if (got == k) links++;
    }
    ck_assert_int_ge(links, 2);
    SDL_FreeSurface(img);
    free(s);
}
END_TEST

START_TEST(a_pick_names_the_larger_component_then_the_other)
{
    snap *s = make_snap(50);
    nn_layout lay;
    nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
    nn_layout_of(&sh, &lay);
    for (int k = 0; k < s->hidden; k++) {
        for (int layer = 1; layer <= 2; layer++) {
            const lesson_param_kind kind = layer == 1 ? LESSON_PARAM_W1 : LESSON_PARAM_W2;
            const size_t p0 = lesson_ledger_index(&lay, (lesson_param){kind, k, 0});
            const size_t p1 = lesson_ledger_index(&lay, (lesson_param){kind, k, 1});
            const size_t big = fabs(s->p[p1]) > fabs(s->p[p0]) ? p1 : p0, other = big == p0 ? p1 : p0;
            /* from nothing picked, or another unit's weight: the larger; again: the other; again: back */
            ck_assert_int_eq(view_wpick_param(s, layer, k, -1), (int)big);
            ck_assert_int_eq(view_wpick_param(s, layer, k, (int)lay.b[2]), (int)big);
            ck_assert_int_eq(view_wpick_param(s, layer, k, (int)big), (int)other);
            ck_assert_int_eq(view_wpick_param(s, layer, k, (int)other), (int)big);
            const lesson_param w = lesson_ledger_param(&lay, big);
            ck_assert(w.kind == kind && w.unit == k);
        }
    }
    char msg[160];
    view_wpick_words(s, (int)lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_W1, 2, 0}), "line", msg, sizeof msg);
    ck_assert_str_eq(msg, "ledger: w\xe2\x81\xbd\xc2\xb9\xe2\x81\xbe from x\xe2\x82\x80 into h\xe2\x82\x83; click the line "
                          "again for x\xe2\x82\x81");
    free(s);
}
END_TEST

START_TEST(the_bars_charts_are_told_apart)
{
    snap *s = make_snap(0);
    view_state vs;
    view_layout lay;
    view_state_init(&vs);
    view_default_layout(W, H, 1.0f, 0, &lay);
    view_bars_geom g;
    view_bars_geometry(&lay, 1.0f, s->hidden, &g);
    for (int c = 0; c < 2; c++)
        for (int k = 0; k < s->hidden; k++) {
            const float x = g.col0[c] + ((float)k + 0.5f) * g.colw, y = g.chart[c].y + g.chart[c].h / 2;
            ck_assert_int_eq(view_pick_bar_chart(s, &vs, &lay, x, y), c);
            ck_assert_int_eq(view_pick_unit(s, &vs, &lay, x, y), k);
        }
    ck_assert_int_eq(view_pick_bar_chart(s, &vs, &lay, lay.input.x + 10, lay.input.y + 10), -1);
    free(s);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("wpick");
    TCase *tc = tcase_create("wpick");
    tcase_add_test(tc, a_line_or_a_link_is_picked_where_it_is_drawn);
    tcase_add_test(tc, a_pick_names_the_larger_component_then_the_other);
    tcase_add_test(tc, the_bars_charts_are_told_apart);
    suite_add_tcase(su, tc);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
