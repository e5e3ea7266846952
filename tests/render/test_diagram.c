/* test_diagram: the lecture's pages checked by numbers and by pixels of off-screen software renders: the
 * network diagram (edge widths follow |w|, its δ_k are the equations', edges are picked where drawn), the
 * chain-rule ledger (rows sum to the network's gradient, the finite difference agrees), the nonlinearities.
 * Main thread only; snapshots come from train_core without threads. */
#include <SDL.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/offscreen.h"
#include "lesson/ledger.h"
#include "render/lecture.h"
#include "render/view.h"
#include "render/view_diagram.h"
#include "session/session.h"
#include "train/core.h"
#include "picture.h"
#include "trained.h"

#define W 1280
#define H 720

/* A snapshot of the semicircle's `preset` after `steps` gd steps (n tokens, N units when > 0). */
static snap *make_snap(data_preset preset, int steps, int n, int hidden, nn_act act)
{
    static session se;
    session_default(&se);
    session_set_preset(&se, preset);
    if (n > 0) se.task.n = n;
    if (hidden > 0) se.hidden = hidden;
    se.act = act;
    return trained_snap(&se, steps);
}

static SDL_Surface *render_page(const snap *s, view_page page, lect_phase phase, view_state *vs, view_layout *lay)
{
    char err[512];
    view_state_init(vs);
    view_default_layout(W, H, 1.0f, 0, lay);
    vs->page = page;
    vs->phase = phase;
    SDL_Surface *surf = view_render_surface(s, vs, lay, W, H, NULL, err, sizeof err);
    ck_assert_msg(surf != NULL, "render: %s", err);
    return surf;
}

/* How blue (the colour of w > 0) a pixel is, 0..1: 1 for the edge colour drawn at full coverage over the
 * white panel, 0 for the panel; anti-aliased rims count by their coverage. */
static double blue_coverage(SDL_Color c)
{
    /* the edge colour (0, 114, 178) at alpha 0.85 over the panel: red drops from ~255 to ~38 */
    const double full = 255.0 * 0.15;
    const double t = (255.0 - c.r) / (255.0 - full);
    if (c.b < c.r) return 0; /* not a blue stroke (text, grey structure lines are neutral or dark) */
    return t < 0 ? 0 : t > 1 ? 1 : t;
}

/* The stroke's width across the edge a→b at fraction t of its length: the summed coverage along the normal. */
static double width_across(SDL_Surface *img, const float e[4], float t)
{
    const double x = e[0] + t * (e[2] - e[0]), y = e[1] + t * (e[3] - e[1]);
    double nx = -(e[3] - e[1]), ny = e[2] - e[0];
    const double l = sqrt(nx * nx + ny * ny);
    nx /= l;
    ny /= l;
    /* the coverage per pixel along a slanted normal: one step along it crosses 1/max(|nx|, |ny|) pixels */
    const double step = 1.0 / fmax(fabs(nx), fabs(ny));
    double sum = 0;
    for (int i = -10; i <= 10; i++)
        sum += blue_coverage(pic_pixel(img, (int)lround(x + nx * step * i), (int)lround(y + ny * step * i)));
    /* samples lie step apart along the normal: a stroke of width w covers w / step of them */
    return sum * step;
}

START_TEST(diagram_edge_widths_follow_w)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 9, 5, NN_ACT_LOGISTIC);
    nn_layout lay;
    nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
    nn_layout_of(&sh, &lay);
    /* only the edges from x_0 carry weight (all positive, distinct): they fan out of one node and cross
     * nothing blue, so each one's drawn width can be measured across it */
    memset(s->p, 0, lay.count * sizeof *s->p);
    const double wv[5] = {0.2, 1.0, 0.6, 0.4, 0.8};
    for (int k = 0; k < 5; k++) s->p[lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_W1, k, 0})] = wv[k];

    /* the numbers: width = w_max · |w| / max |w| */
    view_state vs;
    view_layout vl;
    view_state_init(&vs);
    view_default_layout(W, H, 1.0f, 0, &vl);
    view_diagram_geom g;
    view_diagram_layout(&g, vl.page, s->d, s->hidden, s->k, 1.0f, 0);
    ck_assert(g.labels); /* N = 5 is legible */
    lect_token t;
    lect_token_compute(s, 0, &t);
    double q[SNAP_PARAM_MAX];
    float wd[SNAP_PARAM_MAX];
    view_diagram_values(s, &t, LECT_OFF, 0, q);
    view_diagram_widths(&g, q, LECT_OFF, wd);
    for (size_t p = 0; p < lay.count; p++) {
        ck_assert_double_eq(q[p], s->p[p]);
        ck_assert_float_eq_tol(wd[p], (float)(g.w_max * fabs(s->p[p]) / 1.0), 1e-4f);
    }

    /* the pixels: each edge is as wide as its number says, within the anti-aliasing's pixel */
    SDL_Surface *img = render_page(s, VIEW_PAGE_DIAGRAM, LECT_OFF, &vs, &vl);
    for (int k = 0; k < 5; k++) {
        const size_t p = lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_W1, k, 0});
        float e[4];
        view_diagram_edge(&g, p, e);
        /* the median of three places along it: one crossing cannot move it */
        double a3[3];
        for (int i = 0; i < 3; i++) a3[i] = width_across(img, e, 0.5f + 0.12f * (float)i);
        const double m = fmax(fmin(a3[0], a3[1]), fmin(fmax(a3[0], a3[1]), a3[2]));
        ck_assert_msg(fabs(m - wd[p]) < 1.0, "edge x_0 -> h_%d: drawn %.2f px wide, |w| says %.2f", k + 1, m, wd[p]);
    }
    SDL_FreeSurface(img);
    free(s);
}
END_TEST

START_TEST(diagram_widths_follow_the_phase)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 30, 9, 5, NN_ACT_LOGISTIC);
    view_diagram_geom g;
    view_diagram_layout(&g, (draw_rect){0, 0, 1000, 600}, s->d, s->hidden, s->k, 1.0f, 0);
    lect_token t;
    lect_token_compute(s, 6, &t);
    double q[SNAP_PARAM_MAX], qb[SNAP_PARAM_MAX];
    nn_layout lay;
    nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
    nn_layout_of(&sh, &lay);
    /* layer 1: the token's share δ_k x_j; summed over the tokens it is the network's gradient */
    view_diagram_values(s, &t, LECT_LAYER1, 0, q);
    view_diagram_values(s, &t, LECT_LAYER1, 1, qb);
    for (int k = 0; k < 5; k++)
        for (int j = 0; j < 2; j++) {
            const size_t p = lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_W1, k, j});
            ck_assert_double_eq_tol(q[p], t.delta[k] * t.x[j], 1e-15);
            ck_assert_double_eq(qb[p], s->grad[p]);
        }
    double sum[SNAP_PARAM_MAX] = {0};
    for (int i = 0; i < s->n; i++) {
        lect_token ti;
        lect_token_compute(s, i, &ti);
        view_diagram_values(s, &ti, LECT_LAYER1, 0, q);
        for (size_t p = 0; p < lay.count; p++) sum[p] += q[p];
    }
    for (size_t p = 0; p < lay.count; p++)
        ck_assert_msg(fabs(sum[p] - s->grad[p]) <= 1e-12 + 1e-9 * fabs(s->grad[p]), "param %zu", p);
    /* update: −η ∂L/∂w */
    view_diagram_values(s, &t, LECT_UPDATE, 1, q);
    for (size_t p = 0; p < lay.count; p++) ck_assert_double_eq(q[p], -s->lr * s->grad[p]);
    /* forward: w·x */
    view_diagram_values(s, &t, LECT_FORWARD, 0, q);
    const size_t p = lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_W2, 2, 1});
    ck_assert_double_eq(q[p], s->p[p] * t.h[2]);
    free(s);
}
END_TEST

START_TEST(diagram_delta_is_the_equations)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 50, 9, 5, NN_ACT_LOGISTIC);
    const int tok = 6;
    lect_token t;
    lect_token_compute(s, tok, &t);
    nn_layout lay;
    nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
    nn_layout_of(&sh, &lay);
    lesson_ledger_row *rows = calloc((size_t)s->n, sizeof *rows);
    ck_assert_ptr_nonnull(rows);
    for (int k = 0; k < s->hidden; k++) {
        char node[64], eq[2048];
        view_diagram_node_text(&t, LECT_LAYER1, k, node, sizeof node);
        ck_assert_msg(strncmp(node, "\xce\xb4 ", 3) == 0, "node %d shows %s", k, node);
        lect_equation(s, tok, k, LECT_LAYER1, eq, sizeof eq);
        /* the equation's first line ends "= δ_k": the same number, as printed */
        char *nl = strchr(eq, '\n');
        ck_assert_ptr_nonnull(nl);
        *nl = 0;
        char want[64];
        snprintf(want, sizeof want, "= %s", node + 3);
        const size_t lw = strlen(want), le = strlen(eq);
        ck_assert_msg(le > lw && strcmp(eq + le - lw, want) == 0, "unit %d: diagram %s, equation %s", k, node, eq);
        /* and the ledger's first factor of w(1)_k0 for that token is the same δ */
        lesson_ledger l;
        lesson_ledger_of_snap(s, lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_W1, k, 0}), 0, &l, rows);
        ck_assert_double_eq_tol(rows[tok].dl_de, t.delta[k], 1e-15 + 1e-12 * fabs(t.delta[k]));
    }
    /* before the layer-1 phase the node shows e and h */
    char node[64];
    view_diagram_node_text(&t, LECT_FORWARD, 0, node, sizeof node);
    ck_assert_msg(node[0] == 'e', "%s", node);
    /* and the layer-1 page draws: the hidden boxes are on it */
    view_state vs;
    view_layout vl;
    SDL_Surface *img = render_page(s, VIEW_PAGE_DIAGRAM, LECT_LAYER1, &vs, &vl);
    view_diagram_geom g;
    view_diagram_layout(&g, vl.page, s->d, s->hidden, s->k, 1.0f, 0);
    int dark = 0;
    for (int k = 0; k < s->hidden; k++) {
        const int y = (int)view_diagram_hid_y(&g, k + 1);
        for (int x = (int)(g.hid_x - 0.5f * g.box_w); x < (int)(g.hid_x + 0.5f * g.box_w); x++) {
            SDL_Color c = pic_pixel(img, x, y);
            dark += c.r < 90 && c.g < 90 && c.b < 90; /* the words in the box */
        }
    }
    ck_assert_int_gt(dark, 40);
    SDL_FreeSurface(img);
    free(rows);
    free(s);
}
END_TEST

START_TEST(diagram_picks_the_edge_under_the_mouse)
{
    const int sizes[3] = {5, 16, 64};
    for (int c = 0; c < 3; c++) {
        const int N = sizes[c];
        view_diagram_geom g;
        view_diagram_layout(&g, (draw_rect){8, 8, 1019, 597}, 2, N, 2, 1.0f, 0);
        ck_assert_int_eq(g.labels, N <= 16); /* legible at 5 and 16, bare at 64 */
        const size_t P = nn_param_count(2, N, 2);
        int hits = 0;
        for (size_t p = 0; p < P; p++) {
            float e[4];
            view_diagram_edge(&g, p, e);
            ck_assert(e[0] < e[2]); /* left to right */
            /* near its source every edge is among others; a point just inside its sink picks it or a
             * neighbour drawn through the same pixel, never nothing */
            const int got = view_diagram_pick(&g, NULL, e[2] - 2, e[3]);
            ck_assert_int_ge(got, 0);
            hits += got == (int)p;
        }
        ck_assert_int_gt(hits, 0);
    }
    /* a point far from every edge picks nothing */
    view_diagram_geom g;
    view_diagram_layout(&g, (draw_rect){8, 8, 1019, 597}, 2, 5, 2, 1.0f, 0);
    ck_assert_int_eq(view_diagram_pick(&g, NULL, 9, 9), -1);
    /* the b(2)_1 edge at its middle is picked (nothing else crosses the hidden bias's fan there) */
    nn_layout lay;
    nn_shape sh = nn_shape_one(2, 5, 2);
    nn_layout_of(&sh, &lay);
    const size_t b21 = lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_B2, -1, 1});
    float e[4];
    view_diagram_edge(&g, b21, e);
    ck_assert_int_eq(view_diagram_pick(&g, NULL, 0.5f * (e[0] + e[2]), 0.5f * (e[1] + e[3])), (int)b21);
}
END_TEST

START_TEST(ledger_rows_sum_to_the_gradient)
{
    const nn_act acts[2] = {NN_ACT_LOGISTIC, NN_ACT_TANH};
    for (int a = 0; a < 2; a++) {
        snap *s = make_snap(DATA_PRESET_LECTURE_START, 40, 9, 5, acts[a]);
        nn_layout lay;
        nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
        nn_layout_of(&sh, &lay);
        lesson_ledger_row rows[DATA_MAX_TOKENS];
        for (size_t p = 0; p < lay.count; p++) {
            lesson_ledger l;
            lesson_ledger_of_snap(s, p, 1, &l, rows);
            double sum = 0;
            for (int i = 0; i < l.n; i++) {
                sum += rows[i].term;
                ck_assert_double_eq_tol(rows[i].term, rows[i].dl_de * rows[i].de_dw, 1e-18);
            }
            ck_assert_double_eq(sum, l.sum);
            const double tol = 1e-12 + 1e-9 * fabs(s->grad[p]);
            ck_assert_msg(fabs(l.sum - s->grad[p]) <= tol, "%s p %zu: ledger %.17g network %.17g",
                          nn_act_name(acts[a]), p, l.sum, s->grad[p]);
            ck_assert_msg(l.fd_verdict == LESSON_FD_AGREES && l.fd_rel <= 1e-6, "p %zu: fd %.17g sum %.17g rel %g", p,
                          l.fd, l.sum, l.fd_rel);
            ck_assert_double_eq(l.update, -s->lr * l.sum);
        }
        /* the page draws the picked weight's table: some text in the table's rows */
        view_state vs;
        view_layout vl;
        view_state_init(&vs);
        view_default_layout(W, H, 1.0f, 0, &vl);
        vs.page = VIEW_PAGE_LEDGER;
        vs.picked_param = (int)lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_W2, 1, 0});
        char err[256];
        SDL_Surface *img = view_render_surface(s, &vs, &vl, W, H, NULL, err, sizeof err);
        ck_assert_msg(img != NULL, "%s", err);
        int dark = 0;
        for (int y = (int)vl.page.y + 60; y < (int)(vl.page.y + vl.page.h); y++)
            for (int x = (int)vl.page.x; x < (int)(vl.page.x + vl.page.w); x++) {
                SDL_Color c = pic_pixel(img, x, y);
                dark += c.r < 90 && c.g < 90 && c.b < 90;
            }
        ck_assert_int_gt(dark, 500);
        SDL_FreeSurface(img);
        free(s);
    }
}
END_TEST

START_TEST(ledger_with_many_tokens_shows_the_largest)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 5, 256, 5, NN_ACT_LOGISTIC);
    lesson_ledger_row *rows = calloc((size_t)s->n, sizeof *rows);
    ck_assert_ptr_nonnull(rows);
    lesson_ledger l;
    lesson_ledger_of_snap(s, 3, 1, &l, rows);
    int idx[20];
    double rest;
    const int m = lesson_ledger_top(&l, 20, idx, &rest);
    ck_assert_int_eq(m, 20);
    double shown = 0;
    for (int i = 0; i < m; i++) shown += rows[idx[i]].term;
    ck_assert_double_eq_tol(shown + rest, l.sum, 1e-12);
    ck_assert_double_le(fabs(l.fd - l.sum), 1e-6 * fmax(fabs(l.fd), fabs(l.sum)) + l.fd_floor);
    view_state vs;
    view_layout vl;
    SDL_Surface *img = render_page(s, VIEW_PAGE_LEDGER, LECT_OFF, &vs, &vl);
    ck_assert_ptr_nonnull(img);
    SDL_FreeSurface(img);
    free(rows);
    free(s);
}
END_TEST

/* Pixels of colour c (within tol) inside r. */
static int count_colour(SDL_Surface *img, draw_rect r, SDL_Color c, int tol)
{
    int n = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h); y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w); x++) {
            SDL_Color p = pic_pixel(img, x, y);
            int dr = p.r - c.r, dg = p.g - c.g, db = p.b - c.b;
            n += dr * dr + dg * dg + db * db <= tol * tol;
        }
    return n;
}

START_TEST(nonlinearities_frame_the_one_in_use)
{
    /* the gallery's cells in the lecture's order: step, logistic, relu / signum, tanh, notes */
    const nn_act acts[2] = {NN_ACT_LOGISTIC, NN_ACT_TANH};
    const int cell[2] = {1, 4};
    for (int a = 0; a < 2; a++) {
        snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 9, 5, acts[a]);
        view_state vs;
        view_layout vl;
        SDL_Surface *img = render_page(s, VIEW_PAGE_NONLIN, LECT_OFF, &vs, &vl);
        const SDL_Color sel = draw_palette_get(0)->select;
        const float gap = 8, cw = (vl.page.w - 2 * gap) / 3, ch = (vl.page.h - gap) / 2;
        int best = -1, best_n = 0;
        for (int i = 0; i < 6; i++) {
            const draw_rect r = {vl.page.x + (float)(i % 3) * (cw + gap), vl.page.y + (float)(i / 3) * (ch + gap), cw, 4};
            const int n = count_colour(img, r, sel, 40);
            if (n > best_n) best = i, best_n = n;
        }
        ck_assert_int_eq(best, cell[a]);
        ck_assert_int_gt(best_n, (int)(cw / 2));
        SDL_FreeSurface(img);
        free(s);
    }
}
END_TEST

static Suite *diagram_suite(void)
{
    Suite *s = suite_create("diagram");
    TCase *tc = tcase_create("pages");
    tcase_set_timeout(tc, 0);
    tcase_add_test(tc, diagram_edge_widths_follow_w);
    tcase_add_test(tc, diagram_widths_follow_the_phase);
    tcase_add_test(tc, diagram_delta_is_the_equations);
    tcase_add_test(tc, diagram_picks_the_edge_under_the_mouse);
    tcase_add_test(tc, ledger_rows_sum_to_the_gradient);
    tcase_add_test(tc, ledger_with_many_tokens_shows_the_largest);
    tcase_add_test(tc, nonlinearities_frame_the_one_in_use);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(diagram_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
