/* test_render: the drawing layer checked by pixels on off-screen software renders (no display):
 * error arrows, decision lines, the parabola, lecture phases and update arrows, the hand-built
 * solution's chain, the loss history, transforms, picking, text cache, primitives.
 * Main thread only; snapshots come from train_core without threads. */
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/paths.h"
#include "render/draw.h"
#include "render/lecture.h"
#include "app/offscreen.h"
#include "render/text.h"
#include "render/view_fmt.h"
#include "render/view.h"
#include "render/view_xform.h"
#include "session/session.h"
#include "train/core.h"
#include "ui/layout.h"
#include "picture.h"
#include "trained.h"

#define W 1280
#define H 800

/* ---- test utilities ---- */

/* A snapshot of `preset` after `steps` gd steps (n tokens, N units when > 0). */
static snap *make_snap(data_preset preset, int steps, int n, int hidden)
{
    static session se;
    session_default(&se);
    session_set_preset(&se, preset);
    if (n > 0) se.task.n = n;
    if (hidden > 0) se.hidden = hidden;
    return trained_snap(&se, steps);
}

/* The assets directory, as the app finds it. */
static const char *assets(void)
{
    static char dir[2048];
    char err[1024];
    ck_assert_msg(paths_assets(dir, sizeof dir, err, sizeof err) == 0, "%s", err);
    return dir;
}

static void default_state(view_state *vs, view_layout *lay, int w, int h)
{
    view_state_init(vs);
    view_default_layout(w, h, 1.0f, 0, lay);
}

static SDL_Surface *render(const snap *s, const view_state *vs, const view_layout *lay, int w, int h)
{
    char err[512];
    SDL_Surface *surf = view_render_surface(s, vs, lay, w, h, NULL, err, sizeof err);
    ck_assert_msg(surf != NULL, "render: %s", err);
    return surf;
}

static int is_red(SDL_Color c) { return c.r > 150 && c.g < 90 && c.b < 70; }

static int near_colour(SDL_Color a, SDL_Color b, int tol)
{
    int dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b;
    return dr * dr + dg * dg + db * db <= tol * tol;
}

/* Whether a pixel within radius rad of (x, y) satisfies pred / matches colour c. */
static int red_near(SDL_Surface *s, float x, float y, int rad)
{
    for (int dy = -rad; dy <= rad; dy++)
        for (int dx = -rad; dx <= rad; dx++)
            if (is_red(pic_pixel(s, (int)x + dx, (int)y + dy))) return 1;
    return 0;
}

static int colour_near(SDL_Surface *s, float x, float y, int rad, SDL_Color c, int tol)
{
    for (int dy = -rad; dy <= rad; dy++)
        for (int dx = -rad; dx <= rad; dx++)
            if (near_colour(pic_pixel(s, (int)x + dx, (int)y + dy), c, tol)) return 1;
    return 0;
}

static int count_red(SDL_Surface *s, const draw_rect *r)
{
    int n = 0;
    for (int y = (int)r->y; y < (int)(r->y + r->h); y++)
        for (int x = (int)r->x; x < (int)(r->x + r->w); x++) n += is_red(pic_pixel(s, x, y));
    return n;
}

/* ---- transforms and hit tests ---- */

START_TEST(transforms_round_trip)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    for (int trial = 0; trial < 3; trial++) {
        if (trial == 1) {
            vs.pan[VIEW_PLANE_INPUT] = (view_pan){0.3, -0.2, 2.5};
            vs.pan[VIEW_PLANE_OUTPUT] = (view_pan){-0.7, 0.4, 0.6};
        }
        if (trial == 2) vs.scale = 1.7f;
        for (int p = 0; p < VIEW_PLANE_COUNT; p++) {
            view_xform t = view_plane_xform(s, &vs, &lay, (view_plane)p);
            ck_assert(t.wx1 > t.wx0 && t.wy1 > t.wy0);
            /* equal aspect: a world unit is as many pixels across as up */
            ck_assert_double_eq_tol(t.r.w / (t.wx1 - t.wx0), t.r.h / (t.wy1 - t.wy0), 1e-6);
            for (int i = 0; i < 50; i++) {
                double wx = -2 + 0.08 * i, wy = 1.5 - 0.05 * i, bx, by;
                float sx, sy;
                view_to_screen(&t, wx, wy, &sx, &sy);
                view_to_world(&t, sx, sy, &bx, &by);
                ck_assert_double_eq_tol(bx, wx, 1e-4);
                ck_assert_double_eq_tol(by, wy, 1e-4);
            }
            /* y grows upwards on screen */
            float x0, y0, x1, y1;
            view_to_screen(&t, 0, 0, &x0, &y0);
            view_to_screen(&t, 0, 1, &x1, &y1);
            ck_assert(y1 < y0);
        }
    }
    /* the default input range shows [-1.1, 1.1] on both axes */
    view_state_init(&vs);
    view_xform t = view_plane_xform(s, &vs, &lay, VIEW_PLANE_INPUT);
    ck_assert(t.wx0 <= -1.1 + 1e-9 && t.wx1 >= 1.1 - 1e-9 && t.wy0 <= -1.1 + 1e-9 && t.wy1 >= 1.1 - 1e-9);
    ck_assert(fabs(t.wx0 + 1.1) < 1e-9 || fabs(t.wy0 + 1.1) < 1e-9); /* and no more on the tight axis */
    /* the output range holds every target with 0.1 to spare */
    t = view_plane_xform(s, &vs, &lay, VIEW_PLANE_OUTPUT);
    for (int i = 0; i < s->n; i++) {
        ck_assert(s->y[2 * i] >= t.wx0 + 0.1 - 1e-9 && s->y[2 * i] <= t.wx1 - 0.1 + 1e-9);
        ck_assert(s->y[2 * i + 1] >= t.wy0 + 0.1 - 1e-9 && s->y[2 * i + 1] <= t.wy1 - 0.1 + 1e-9);
    }
    free(s);
}
END_TEST

START_TEST(zoom_and_pan)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    for (int p = 0; p < VIEW_PLANE_COUNT; p++) {
        view_xform t = view_plane_xform(s, &vs, &lay, (view_plane)p);
        float sx = t.r.x + 0.3f * t.r.w, sy = t.r.y + 0.6f * t.r.h;
        double wx, wy, wx2, wy2;
        view_to_world(&t, sx, sy, &wx, &wy);
        view_zoom_at(&vs, s, &lay, (view_plane)p, sx, sy, 2.0);
        view_xform t2 = view_plane_xform(s, &vs, &lay, (view_plane)p);
        view_to_world(&t2, sx, sy, &wx2, &wy2);
        ck_assert_double_eq_tol(wx2, wx, 1e-9); /* the point under the mouse stays put */
        ck_assert_double_eq_tol(wy2, wy, 1e-9);
        ck_assert_double_eq_tol((t.wx1 - t.wx0) / (t2.wx1 - t2.wx0), 2.0, 1e-9);
        /* panning by (dx, dy) pixels moves every world point by (dx, dy) on screen */
        float ax, ay, bx, by;
        view_to_screen(&t2, 0.25, 0.5, &ax, &ay);
        view_pan_by(&vs, s, &lay, (view_plane)p, 17.0f, -9.0f);
        view_xform t3 = view_plane_xform(s, &vs, &lay, (view_plane)p);
        view_to_screen(&t3, 0.25, 0.5, &bx, &by);
        ck_assert_float_eq_tol(bx - ax, 17.0f, 1e-3f);
        ck_assert_float_eq_tol(by - ay, -9.0f, 1e-3f);
        view_pan_reset(&vs, (view_plane)p);
        view_xform t4 = view_plane_xform(s, &vs, &lay, (view_plane)p);
        ck_assert_double_eq_tol(t4.wx0, t.wx0, 1e-12);
        ck_assert_double_eq_tol(t4.wy1, t.wy1, 1e-12);
    }
    free(s);
}
END_TEST

START_TEST(token_picking)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    view_xform ti = view_plane_xform(s, &vs, &lay, VIEW_PLANE_INPUT);
    view_xform to = view_plane_xform(s, &vs, &lay, VIEW_PLANE_OUTPUT);
    view_pick pk;
    for (int i = 0; i < s->n; i++) {
        float sx, sy;
        view_to_screen(&ti, s->x[2 * i], s->x[2 * i + 1], &sx, &sy);
        ck_assert_int_eq(view_pick_token(s, &vs, &lay, sx + 3, sy - 2, &pk), 1);
        ck_assert_int_eq(pk.token, i);
        ck_assert_int_eq(pk.kind, VIEW_PICK_INPUT);
        ck_assert_int_eq(pk.plane, VIEW_PLANE_INPUT);
        ck_assert_int_eq(view_plane_at(s, &vs, &lay, sx, sy), VIEW_PLANE_INPUT);
        view_to_screen(&to, s->y[2 * i], s->y[2 * i + 1], &sx, &sy);
        ck_assert_int_eq(view_pick_token(s, &vs, &lay, sx, sy, &pk), 1);
        ck_assert_int_eq(pk.token, i);
        ck_assert_int_eq(pk.kind, VIEW_PICK_TARGET);
        ck_assert_double_eq(pk.wx, s->y[2 * i]);
    }
    /* a prediction far from every target */
    int far = -1;
    for (int i = 0; i < s->n && far < 0; i++) {
        float px, py;
        view_to_screen(&to, s->yhat[2 * i], s->yhat[2 * i + 1], &px, &py);
        int clear = 1;
        for (int j = 0; j < s->n; j++) {
            float tx, ty;
            view_to_screen(&to, s->y[2 * j], s->y[2 * j + 1], &tx, &ty);
            if (hypotf(tx - px, ty - py) < 30) clear = 0;
        }
        if (clear) far = i;
    }
    ck_assert_int_ge(far, 0);
    float px, py;
    view_to_screen(&to, s->yhat[2 * far], s->yhat[2 * far + 1], &px, &py);
    ck_assert_int_eq(view_pick_token(s, &vs, &lay, px, py, &pk), 1);
    ck_assert_int_eq(pk.kind, VIEW_PICK_PREDICTION);
    ck_assert_int_eq(pk.plane, VIEW_PLANE_OUTPUT);
    /* nothing near: the input plane's corner, and outside both planes */
    ck_assert_int_eq(view_pick_token(s, &vs, &lay, ti.r.x + 2, ti.r.y + 2, &pk), 0);
    ck_assert_int_eq(pk.token, -1);
    ck_assert_int_eq(view_pick_token(s, &vs, &lay, lay.status.x + 5, lay.status.y + 5, &pk), 0);
    ck_assert_int_eq(view_plane_at(s, &vs, &lay, lay.status.x + 5, lay.status.y + 5), -1);
    free(s);

    /* lecture-solution: ŷ_i = y_i, and the target wins the tie */
    s = make_snap(DATA_PRESET_LECTURE_SOLUTION, 0, 0, 0);
    view_to_screen(&to, s->y[8], s->y[9], &px, &py);
    ck_assert_int_eq(view_pick_token(s, &vs, &lay, px, py, &pk), 1);
    ck_assert_int_eq(pk.token, 4);
    ck_assert_int_eq(pk.kind, VIEW_PICK_TARGET);
    free(s);
}
END_TEST

START_TEST(unit_picking)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    const draw_rect *b = &lay.bars;
    /* sweep a row through the middle of the panel: units appear in order, each once per chart */
    int seen[NN_MAX_HIDDEN] = {0}, last = -1, changes = 0;
    for (float x = b->x; x < b->x + b->w; x += 1.0f) {
        int k = view_pick_unit(s, &vs, &lay, x, b->y + 0.6f * b->h);
        if (k >= 0) seen[k]++;
        if (k != last && k >= 0) changes++;
        if (k >= 0) last = k;
    }
    for (int k = 0; k < s->hidden; k++) ck_assert_int_gt(seen[k], 0);
    ck_assert_int_ge(changes, s->hidden);
    ck_assert_int_eq(view_pick_unit(s, &vs, &lay, b->x + 1, b->y + 1), -1); /* the title */
    ck_assert_int_eq(view_pick_unit(s, &vs, &lay, lay.input.x + 50, lay.input.y + 50), -1);
    free(s);
}
END_TEST

/* ---- pictures ---- */

START_TEST(error_arrows_red_where_error_is_large)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    SDL_Surface *img = render(s, &vs, &lay, W, H);
    view_xform t = view_plane_xform(s, &vs, &lay, VIEW_PLANE_OUTPUT);
    int large = 0, red = 0;
    for (int i = 0; i < s->n; i++) {
        float ax, ay, bx, by;
        view_to_screen(&t, s->y[2 * i], s->y[2 * i + 1], &ax, &ay);
        view_to_screen(&t, s->yhat[2 * i], s->yhat[2 * i + 1], &bx, &by);
        if (hypotf(bx - ax, by - ay) < 40) continue;
        large++;
        /* along the shaft, clear of the markers at both ends */
        int hits = 0;
        for (int q = 1; q <= 3; q++) {
            float u = 0.25f * (float)q;
            hits += red_near(img, ax + u * (bx - ax), ay + u * (by - ay), 1);
        }
        red += hits >= 2;
    }
    ck_assert_int_ge(large, 6); /* the lecture's random start is far from its targets */
    ck_assert_int_ge(red, large - 1);
    ck_assert_int_gt(count_red(img, &t.r), 500);
    /* and nothing red where no arrow goes: the input plane */
    view_xform ti = view_plane_xform(s, &vs, &lay, VIEW_PLANE_INPUT);
    ck_assert_int_eq(count_red(img, &ti.r), 0);
    SDL_FreeSurface(img);
    free(s);
}
END_TEST

START_TEST(no_error_arrows_for_the_solution)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_SOLUTION, 0, 0, 0);
    ck_assert(s->loss < 1e-20);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    SDL_Surface *img = render(s, &vs, &lay, W, H);
    view_xform t = view_plane_xform(s, &vs, &lay, VIEW_PLANE_OUTPUT);
    ck_assert_int_eq(count_red(img, &t.r), 0);
    SDL_FreeSurface(img);
    free(s);
}
END_TEST

/* Screen endpoints of unit k's decision line: where it crosses the input plot's edges. */
static int line_ends(const snap *s, const view_xform *t, int k, float e[4])
{
    nn_net net;
    snap_net(s, &net);
    double w0 = net.w1[2 * k], w1 = net.w1[2 * k + 1], b = net.b1[k], pts[4];
    int m = 0;
    /* intersections with x = wx0, wx1 and y = wy0, wy1 inside the box */
    const double xs[2] = {t->wx0, t->wx1}, ys[2] = {t->wy0, t->wy1};
    for (int i = 0; i < 2 && m < 2; i++)
        if (fabs(w1) > 1e-12) {
            double y = -(b + w0 * xs[i]) / w1;
            if (y >= t->wy0 && y <= t->wy1) pts[2 * m] = xs[i], pts[2 * m + 1] = y, m++;
        }
    for (int i = 0; i < 2 && m < 2; i++)
        if (fabs(w0) > 1e-12) {
            double x = -(b + w1 * ys[i]) / w0;
            if (x >= t->wx0 && x <= t->wx1) pts[2 * m] = x, pts[2 * m + 1] = ys[i], m++;
        }
    if (m < 2) return 0;
    view_to_screen(t, pts[0], pts[1], &e[0], &e[1]);
    view_to_screen(t, pts[2], pts[3], &e[2], &e[3]);
    return 1;
}

START_TEST(decision_lines_move_after_training)
{
    snap *s0 = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    snap *s1 = make_snap(DATA_PRESET_LECTURE_START, 200, 0, 0);
    ck_assert(s1->loss < s0->loss);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    view_xform t = view_plane_xform(s0, &vs, &lay, VIEW_PLANE_INPUT);
    SDL_Surface *a = render(s0, &vs, &lay, W, H), *b = render(s1, &vs, &lay, W, H);
    const draw_palette *pal = draw_palette_get(0);
    int moved = 0;
    for (int k = 0; k < s0->hidden; k++) {
        float e0[4], e1[4];
        int h0 = line_ends(s0, &t, k, e0), h1 = line_ends(s1, &t, k, e1);
        if (h0 && h1 && fmaxf(fmaxf(fabsf(e0[0] - e1[0]), fabsf(e0[1] - e1[1])),
                              fmaxf(fabsf(e0[2] - e1[2]), fabsf(e0[3] - e1[3]))) > 3)
            moved++;
        if (!h0 || !h1) moved++;
        /* each line is drawn where the transform says, in its unit's colour */
        for (int which = 0; which < 2; which++) {
            float *e = which ? e1 : e0;
            if (!(which ? h1 : h0)) continue;
            SDL_Surface *img = which ? b : a;
            int found = 0;
            for (int q = 1; q <= 9; q++) {
                float u = 0.1f * (float)q;
                found += colour_near(img, e[0] + u * (e[2] - e[0]), e[1] + u * (e[3] - e[1]), 1,
                                     draw_unit_colour(pal, k), 40);
            }
            ck_assert_msg(found >= 5, "unit %d line %d: %d of 9 samples in its colour", k + 1, which, found);
        }
    }
    ck_assert_int_ge(moved, s0->hidden - 1);
    int differ = 0;
    for (int y = (int)t.r.y; y < (int)(t.r.y + t.r.h); y++)
        for (int x = (int)t.r.x; x < (int)(t.r.x + t.r.w); x++)
            differ += !near_colour(pic_pixel(a, x, y), pic_pixel(b, x, y), 0);
    ck_assert_int_gt(differ, 2000);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    free(s0);
    free(s1);
}
END_TEST

START_TEST(parabola_is_dashed_on_the_output_plane)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    SDL_Surface *img = render(s, &vs, &lay, W, H);
    view_xform t = view_plane_xform(s, &vs, &lay, VIEW_PLANE_OUTPUT);
    SDL_Color guide = draw_palette_get(0)->guide;
    int on = 0, off = 0, samples = 0;
    for (double y0 = -1.5; y0 <= 1.5; y0 += 0.005) {
        float sx, sy, qx, qy;
        view_to_screen(&t, y0, y0 * y0, &sx, &sy);
        view_to_screen(&t, y0, y0 * y0 + 0.4, &qx, &qy);
        samples++;
        on += colour_near(img, sx, sy, 1, guide, 45);
        off += colour_near(img, qx, qy, 1, guide, 45);
    }
    /* dashes 7 px on, 5 off: about 60% of the curve is inked */
    ck_assert_msg(on > samples * 35 / 100, "%d of %d samples on the parabola", on, samples);
    ck_assert_msg(on < samples * 90 / 100, "%d of %d: not dashed", on, samples);
    ck_assert_msg(off < samples * 10 / 100, "%d of %d samples beside it", off, samples);
    SDL_FreeSurface(img);
    free(s);
}
END_TEST

/* Pixels of r (clipped to the surface) that are neither the window's background nor a panel's fill,
 * what a panel drew into its rectangle, counted up to `enough` (the count stops there: a full
 * count of every panel of every render would be most of the test's time). */
static int content_pixels(SDL_Surface *s, const draw_rect *r, const draw_palette *pal, int enough)
{
    int n = 0;
    const int x0 = SDL_max(0, (int)r->x), y0 = SDL_max(0, (int)r->y);
    const int x1 = SDL_min(s->w, (int)(r->x + r->w)), y1 = SDL_min(s->h, (int)(r->y + r->h));
    for (int y = y0; y < y1 && n < enough; y++)
        for (int x = x0; x < x1 && n < enough; x++) {
            const SDL_Color c = pic_pixel(s, x, y);
            n += !near_colour(c, pal->bg, 12) && !near_colour(c, pal->panel, 12);
        }
    return n;
}

/* Pixels of r where a and b differ, counted up to `enough`. */
static int differing_pixels(SDL_Surface *a, SDL_Surface *b, const draw_rect *r, int enough)
{
    int n = 0;
    const int x0 = SDL_max(0, (int)r->x), y0 = SDL_max(0, (int)r->y);
    const int x1 = SDL_min(a->w, (int)(r->x + r->w)), y1 = SDL_min(a->h, (int)(r->y + r->h));
    for (int y = y0; y < y1 && n < enough; y++) {
        const Uint32 *pa = (const Uint32 *)((const Uint8 *)a->pixels + y * a->pitch);
        const Uint32 *pb = (const Uint32 *)((const Uint8 *)b->pixels + y * b->pitch);
        for (int x = x0; x < x1 && n < enough; x++) n += pa[x] != pb[x];
    }
    return n;
}

/* Every panel the layout places has drawn something inside its rectangle. */
static void assert_panels_drawn(SDL_Surface *s, const view_layout *lay, const draw_palette *pal, const char *what)
{
    const draw_rect *r[] = {&lay->input, &lay->bars, &lay->output, &lay->loss, &lay->sigma, &lay->equation, &lay->status};
    static const char *const name[] = {"input", "bars", "output", "loss", "sigma", "equation", "status"};
    for (size_t k = 0; k < sizeof r / sizeof r[0]; k++)
        if (view_rect_ok(r[k]))
            ck_assert_msg(content_pixels(s, r[k], pal, 20) >= 20, "%s: the %s panel drew nothing (%d pixels)", what,
                          name[k], content_pixels(s, r[k], pal, 20));
}

START_TEST(every_view_renders)
{
    /* dense sizes, other layouts, help, banners, divergence, hover: every panel draws into its own
     * rectangle, different weights draw different planes, the help covers the middle of the
     * window, and each lecture phase changes its equation */
    static const int sizes[][2] = {{960, 600}, {1280, 800}, {1920, 1080}};
    snap *dense = make_snap(DATA_PRESET_LECTURE_START, 5, 1024, 64);
    snap *sol = make_snap(DATA_PRESET_LECTURE_SOLUTION, 3, 0, 0);
    snap *small = make_snap(DATA_PRESET_LECTURE_START, 2, 0, 0);
    sol->status = TRAIN_DIVERGED;
    for (int i = 0; i < 3; i++) {
        const int w = sizes[i][0], h = sizes[i][1];
        for (int presenter = 0; presenter < 2; presenter++) {
            const draw_palette *pal = draw_palette_get(presenter);
            char what[64];
            view_state vs;
            view_layout lay;
            view_state_init(&vs);
            view_default_layout(w, h, 1.0f, presenter, &lay);
            vs.presenter = presenter;
            vs.hovered_unit = 3;
            vs.hovered_token = 2;
            vs.fps = 59.9;
            snprintf(vs.banner, sizeof vs.banner, "a banner");
            vs.banner_kind = VIEW_BANNER_ERROR;
            SDL_Surface *a = render(dense, &vs, &lay, w, h);
            SDL_Surface *b = render(sol, &vs, &lay, w, h);
            ck_assert_int_eq(a->w, w);
            ck_assert_int_eq(a->h, h);
            snprintf(what, sizeof what, "%dx%d presenter %d, dense", w, h, presenter);
            assert_panels_drawn(a, &lay, pal, what);
            snprintf(what, sizeof what, "%dx%d presenter %d, diverged solution", w, h, presenter);
            assert_panels_drawn(b, &lay, pal, what);
            /* 64 units on 1024 tokens and 8 step units on 9 tokens: neither plane looks the same */
            ck_assert_int_gt(differing_pixels(a, b, &lay.input, 101), 100);
            ck_assert_int_gt(differing_pixels(a, b, &lay.output, 101), 100);
            if (i == 1) {
                /* the help overlay: its box in the middle of the window hides what was there */
                vs.help = 1;
                SDL_Surface *with_help = render(dense, &vs, &lay, w, h);
                const draw_rect middle = {w / 2.0f - 50, h / 2.0f - 50, 100, 100};
                ck_assert_int_gt(differing_pixels(a, with_help, &middle, 2001), 2000);
                SDL_FreeSurface(with_help);
                vs.help = 0;
            }
            SDL_FreeSurface(a);
            SDL_FreeSurface(b);
            /* lecture mode: each phase, the probe, a ghost, the σ panel, recording, unit by unit */
            view_default_layout(w, h, 1.0f, (presenter ? UI_LAYOUT_PRESENTER : 0) | UI_LAYOUT_SIGMA, &lay);
            vs.rec_frames = 12;
            vs.unitwise = 1;
            SDL_Surface *prev = NULL;
            for (int ph = LECT_OFF; ph < LECT_PHASE_COUNT; ph++) {
                vs.phase = (lect_phase)ph;
                vs.probe = ph == LECT_OFF;
                vs.probe_theta = 0.3;
                vs.before = ph == LECT_UPDATE ? small : NULL;
                vs.moving = ph == LECT_UPDATE ? 2 : LECT_ALL_UNITS;
                SDL_Surface *c = render(ph == LECT_UPDATE ? small : dense, &vs, &lay, w, h);
                ck_assert_int_eq(c->h, h);
                snprintf(what, sizeof what, "%dx%d presenter %d, phase %d", w, h, presenter, ph);
                assert_panels_drawn(c, &lay, pal, what);
                if (prev && view_rect_ok(&lay.equation))
                    ck_assert_msg(differing_pixels(prev, c, &lay.equation, 51) > 50, "%s: the same equation as before",
                                  what);
                SDL_FreeSurface(prev);
                prev = c;
            }
            SDL_FreeSurface(prev);
            view_state_init(&vs);
        }
    }
    free(dense);
    free(sol);
    free(small);
}
END_TEST

/* view_render_png of s at w×h into a fresh temporary file, loaded back (the file is removed). */
static SDL_Surface *png_round_trip(const snap *s, int w, int h)
{
    cli_options o;
    memset(&o, 0, sizeof o);
    o.width = w;
    o.height = h;
    char path[] = "/tmp/bpl-render-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    char err[512];
    ck_assert_msg(view_render_png(s, &o, path, err, sizeof err) == 0, "%s", err);
    SDL_Surface *back = IMG_Load(path);
    ck_assert_msg(back != NULL, "IMG_Load: %s", IMG_GetError());
    unlink(path);
    return back;
}

START_TEST(png_export)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 10, 0, 0);
    SDL_Surface *back = png_round_trip(s, 960, 600);
    ck_assert_int_eq(back->w, 960);
    ck_assert_int_eq(back->h, 600);
    SDL_FreeSurface(back);
    cli_options o;
    memset(&o, 0, sizeof o);
    o.width = 960;
    o.height = 600;
    char err[512];
    ck_assert_int_eq(view_render_png(s, &o, "/nonexistent-dir/x.png", err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent-dir/x.png"));
    free(s);
}
END_TEST

static int dir_entries(const char *d)
{
    DIR *dp = opendir(d);
    ck_assert_ptr_nonnull(dp);
    int n = 0;
    for (struct dirent *e; (e = readdir(dp));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dp);
    return n;
}

/* A --screenshot that fails part-way (a file size limit makes write() fail as a full disk would)
 * leaves the file it was to replace as it was, and no temporary file beside it. */
START_TEST(failed_png_keeps_the_old_file)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    cli_options o;
    memset(&o, 0, sizeof o);
    o.width = 640;
    o.height = 400;
    char dir[] = "/tmp/bpl-png-XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/shot.png", dir);
    static const char old[] = "the previous picture";
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fwrite(old, 1, sizeof old, f), sizeof old);
    ck_assert_int_eq(fclose(f), 0);

    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {1000, 1000};
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(99);
        char err[512];
        if (view_render_png(s, &o, path, err, sizeof err) != -1)
            _exit(1);
        _exit(strstr(err, path) ? 0 : 2);
    }
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d", st);

    char back[sizeof old + 8];
    f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fread(back, 1, sizeof back, f), sizeof old);
    fclose(f);
    ck_assert(memcmp(back, old, sizeof old) == 0);
    ck_assert_int_eq(dir_entries(dir), 1);

    /* the same save without the limit replaces the file whole */
    char err[512];
    ck_assert_msg(view_render_png(s, &o, path, err, sizeof err) == 0, "%s", err);
    SDL_Surface *png = IMG_Load(path);
    ck_assert_msg(png != NULL, "IMG_Load: %s", IMG_GetError());
    ck_assert_int_eq(png->w, 640);
    SDL_FreeSurface(png);
    ck_assert_int_eq(dir_entries(dir), 1);
    unlink(path);
    rmdir(dir);
    free(s);
}
END_TEST

/* ---- lecture mode ---- */

static int count_differ(SDL_Surface *a, SDL_Surface *b, const draw_rect *r)
{
    int n = 0;
    for (int y = (int)r->y; y < (int)(r->y + r->h); y++)
        for (int x = (int)r->x; x < (int)(r->x + r->w); x++) n += !near_colour(pic_pixel(a, x, y), pic_pixel(b, x, y), 0);
    return n;
}

static SDL_Color update_colour(int k)
{
    const draw_palette *pal = draw_palette_get(0);
    return draw_mix(k < 0 ? pal->token : draw_unit_colour(pal, k), pal->text, 0.45f);
}

/* How many of 5 samples along the screen segment a -> b (between 35% and 75%, clear of the head
 * and of the base) are in colour c. */
static int along(SDL_Surface *img, const view_xform *t, double ax, double ay, double bx, double by, SDL_Color c)
{
    float sx0, sy0, sx1, sy1;
    view_to_screen(t, ax, ay, &sx0, &sy0);
    view_to_screen(t, bx, by, &sx1, &sy1);
    int hits = 0;
    for (int q = 0; q < 5; q++) {
        float u = 0.35f + 0.1f * (float)q;
        hits += colour_near(img, sx0 + u * (sx1 - sx0), sy0 + u * (sy1 - sy0), 1, c, 30);
    }
    return hits;
}

START_TEST(phases_show_their_quantities)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    view_xform ti = view_plane_xform(s, &vs, &lay, VIEW_PLANE_INPUT), to = view_plane_xform(s, &vs, &lay, VIEW_PLANE_OUTPUT);
    SDL_Surface *img[LECT_PHASE_COUNT];
    for (int p = LECT_FORWARD; p <= LECT_LAYER1; p++) {
        vs.phase = (lect_phase)p;
        img[p] = render(s, &vs, &lay, W, H);
    }
    /* red error arrows only from the error phase on */
    ck_assert_int_eq(count_red(img[LECT_FORWARD], &to.r), 0);
    ck_assert_int_gt(count_red(img[LECT_ERROR], &to.r), 500);
    /* layer 2 adds arrows to the output plane only; layer 1 adds them to the input plane */
    ck_assert_int_eq(count_differ(img[LECT_FORWARD], img[LECT_ERROR], &ti.r), 0);
    ck_assert_int_eq(count_differ(img[LECT_ERROR], img[LECT_LAYER2], &ti.r), 0);
    ck_assert_int_gt(count_differ(img[LECT_ERROR], img[LECT_LAYER2], &to.r), 200);
    ck_assert_int_gt(count_differ(img[LECT_LAYER2], img[LECT_LAYER1], &ti.r), 200);
    /* the layer-1 phase shows δ in the bars panel */
    ck_assert_int_gt(count_differ(img[LECT_LAYER2], img[LECT_LAYER1], &lay.bars), 200);
    /* each phase writes its own equation */
    for (int p = LECT_FORWARD; p < LECT_LAYER1; p++)
        ck_assert_int_gt(count_differ(img[p], img[p + 1], &lay.equation), 300);
    for (int p = LECT_FORWARD; p <= LECT_LAYER1; p++) SDL_FreeSurface(img[p]);

    /* phases off: the pending update shows while paused, not while running */
    vs.phase = LECT_OFF;
    SDL_Surface *paused = render(s, &vs, &lay, W, H);
    s->status = TRAIN_RUNNING;
    SDL_Surface *running = render(s, &vs, &lay, W, H);
    vs.phase = LECT_ERROR;
    SDL_Surface *error = render(s, &vs, &lay, W, H);
    ck_assert_int_gt(count_differ(paused, running, &ti.r), 200);
    ck_assert_int_eq(count_differ(running, error, &ti.r), 0);
    ck_assert_int_eq(view_shows_update(s, &(view_state){.phase = LECT_OFF}), 0);
    s->status = TRAIN_PAUSED;
    ck_assert_int_eq(view_shows_update(s, &(view_state){.phase = LECT_OFF}), 1);
    SDL_FreeSurface(paused);
    SDL_FreeSurface(running);
    SDL_FreeSurface(error);
    free(s);
}
END_TEST

START_TEST(update_arrows_point_where_gd_goes)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    vs.phase = LECT_LAYER1;
    view_xform ti = view_plane_xform(s, &vs, &lay, VIEW_PLANE_INPUT), to = view_plane_xform(s, &vs, &lay, VIEW_PLANE_OUTPUT);
    lect_scale fi = view_update_scale(s, &vs, &lay, VIEW_PLANE_INPUT), fo = view_update_scale(s, &vs, &lay, VIEW_PLANE_OUTPUT);
    /* short arrows are drawn longer, and the picture says by how much */
    ck_assert(fi.factor >= 10 && fo.factor >= 10);
    ck_assert_ptr_nonnull(strstr(fi.label, "\xc3\x97"));
    SDL_Surface *img = render(s, &vs, &lay, W, H);
    nn_net net;
    snap_net(s, &net);
    const int N = s->hidden, P = (int)nn_params(&net);
    /* the network module's gradient: the arrow is −η ∇L from the weight it moves */
    const double *g_w1 = s->grad, *g_w2 = s->grad + N * (DATA_D + 1), *g_b2 = s->grad + N * (DATA_D + 1 + DATA_K);
    (void)P;
    int in_ok = 0, in_n = 0;
    for (int k = 0; k < N; k++) {
        double bx = net.w1[2 * k], by = net.w1[2 * k + 1];
        double ex = bx - fi.factor * s->lr * g_w1[2 * k], ey = by - fi.factor * s->lr * g_w1[2 * k + 1];
        if (fmax(fabs(bx), fabs(by)) > 1.0 || fmax(fabs(ex), fabs(ey)) > 1.0) continue; /* beyond the view */
        float x0, y0, x1, y1;
        view_to_screen(&ti, bx, by, &x0, &y0);
        view_to_screen(&ti, ex, ey, &x1, &y1);
        if (hypotf(x1 - x0, y1 - y0) < 20) continue;
        in_n++;
        in_ok += along(img, &ti, bx, by, ex, ey, update_colour(k)) >= 3;
    }
    ck_assert_int_ge(in_n, 2);
    ck_assert_int_ge(in_ok, in_n - 1);
    /* output plane: at the tips of the selected token's chain b(2) + Σ w(2)_k h_k */
    double e[NN_MAX_HIDDEN], h[NN_MAX_HIDDEN], yh[DATA_K];
    int sel = view_selected_token(&vs, s->n);
    nn_forward(&net, &s->x[2 * sel], e, h, yh);
    double cx = net.b2[0], cy = net.b2[1];
    int out_ok = 0, out_n = 0;
    for (int k = -1; k < N; k++) {
        if (k >= 0) {
            cx += net.w2[2 * k] * h[k];
            cy += net.w2[2 * k + 1] * h[k];
        }
        const double *g = k < 0 ? g_b2 : g_w2 + 2 * k;
        double ex = cx - fo.factor * s->lr * g[0], ey = cy - fo.factor * s->lr * g[1];
        float x0, y0, x1, y1;
        view_to_screen(&to, cx, cy, &x0, &y0);
        view_to_screen(&to, ex, ey, &x1, &y1);
        if (hypotf(x1 - x0, y1 - y0) < 25) continue;
        out_n++;
        out_ok += along(img, &to, cx, cy, ex, ey, update_colour(k)) >= 3;
    }
    ck_assert_double_eq_tol(cx, yh[0], 1e-12); /* the chain ends on ŷ */
    ck_assert_int_ge(out_n, 2);
    ck_assert_int_ge(out_ok, out_n - 1);
    SDL_FreeSurface(img);

    /* and a gd step takes every weight to where its (unscaled) arrow points */
    static session se;
    char err[256];
    session_default(&se);
    train_core *c = train_core_create(&se, err, sizeof err);
    ck_assert_ptr_nonnull(c);
    snap *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    train_core_fill(c, a);
    train_core_step(c);
    train_core_fill(c, b);
    for (size_t i = 0; i < nn_param_count(DATA_D, a->hidden, DATA_K); i++)
        ck_assert_double_eq_tol(b->p[i], a->p[i] - a->lr * a->grad[i], 1e-12);
    train_core_destroy(c);
    free(a);
    free(b);
    free(s);
}
END_TEST

START_TEST(update_phase_keeps_the_arrows_of_the_step)
{
    static session se;
    char err[256];
    session_default(&se);
    train_core *c = train_core_create(&se, err, sizeof err);
    ck_assert_ptr_nonnull(c);
    snap *before = calloc(1, sizeof *before), *after = calloc(1, sizeof *after);
    train_core_fill(c, before);
    train_core_step(c);
    train_core_fill(c, after);
    train_core_destroy(c);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    vs.phase = LECT_UPDATE;
    SDL_Surface *plain = render(after, &vs, &lay, W, H);
    vs.before = before;
    SDL_Surface *ghost = render(after, &vs, &lay, W, H);
    /* the arrows are those of the weights before the step, drawn from where those weights were */
    lect_scale a = view_update_scale(after, &vs, &lay, VIEW_PLANE_INPUT);
    vs.before = NULL;
    lect_scale b = view_update_scale(after, &vs, &lay, VIEW_PLANE_INPUT);
    ck_assert(a.factor > 0 && b.factor > 0);
    view_xform ti = view_plane_xform(after, &vs, &lay, VIEW_PLANE_INPUT);
    ck_assert_int_gt(count_differ(plain, ghost, &ti.r), 100);
    SDL_FreeSurface(plain);
    SDL_FreeSurface(ghost);
    free(before);
    free(after);
}
END_TEST

START_TEST(solution_with_step_units_is_exact)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_SOLUTION, 0, 0, 0);
    ck_assert_int_eq(s->act, NN_ACT_STEP);
    ck_assert(s->loss < 1e-20);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    for (int sel = 0; sel < s->n; sel += 3) {
        vs.selected = sel;
        SDL_Surface *img = render(s, &vs, &lay, W, H);
        /* no error: not one red pixel in the output plane (where ε is drawn), the equation or status
         * (where a warning would be); the input plane has only the units' own colours */
        ck_assert_int_eq(count_red(img, &lay.output), 0);
        ck_assert_int_eq(count_red(img, &lay.equation), 0);
        ck_assert_int_eq(count_red(img, &lay.status), 0);
        /* the chain of the selected token ends on its target's pixel */
        lect_token t;
        double chain[(NN_MAX_HIDDEN + 1) * DATA_K];
        lect_token_compute(s, sel, &t);
        int rows = lect_chain(s, &t, chain);
        const double *end = &chain[2 * (rows - 1)];
        ck_assert_double_eq_tol(end[0], s->y[2 * sel], 1e-12);
        ck_assert_double_eq_tol(end[1], s->y[2 * sel + 1], 1e-12);
        view_xform to = view_plane_xform(s, &vs, &lay, VIEW_PLANE_OUTPUT);
        float ex, ey, tx, ty;
        view_to_screen(&to, end[0], end[1], &ex, &ey);
        view_to_screen(&to, s->y[2 * sel], s->y[2 * sel + 1], &tx, &ty);
        ck_assert(fabsf(ex - tx) < 0.5f && fabsf(ey - ty) < 0.5f);
        /* and the last link that is on is drawn in its unit's colour up to there */
        int last = -1;
        for (int k = 0; k < s->hidden; k++)
            if (t.h[k] > 0.5) last = k;
        if (last >= 0) {
            const double *a0 = &chain[2 * last], *a1 = &chain[2 * (last + 1)];
            ck_assert_int_ge(along(img, &to, a0[0], a0[1], a1[0], a1[1], draw_unit_colour(draw_palette_get(0), last)), 3);
        }
        SDL_FreeSurface(img);
    }
    free(s);
}
END_TEST

START_TEST(probe_moves_along_the_arc)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_SOLUTION, 0, 0, 0);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    vs.probe = 1;
    /* the probe between two tokens: the chain sums the units that are on, the data set is untouched */
    vs.probe_theta = 0.5 * (s->theta[5] + s->theta[6]);
    SDL_Surface *img = render(s, &vs, &lay, W, H);
    ck_assert_int_eq(count_red(img, &lay.output), 0);
    view_xform ti = view_plane_xform(s, &vs, &lay, VIEW_PLANE_INPUT);
    float px, py;
    view_to_screen(&ti, cos(vs.probe_theta), sin(vs.probe_theta), &px, &py);
    ck_assert_int_eq(view_pick_probe(s, &vs, &lay, px + 3, py - 3), 1);
    ck_assert_int_eq(view_pick_probe(s, &vs, &lay, px + 40, py), 0);
    ck_assert_double_eq_tol(view_probe_theta_at(s, &vs, &lay, px, py), vs.probe_theta, 0.01);
    /* far outside the arc's ends the angle clamps to them */
    float lx, ly;
    view_to_screen(&ti, -1.0, -0.01, &lx, &ly);
    ck_assert_double_eq_tol(view_probe_theta_at(s, &vs, &lay, lx, ly), s->spec.theta_min, 1e-12);
    SDL_FreeSurface(img);
    free(s);
}
END_TEST

/* ---- marks and stops: the trainer records codes and numbers, the view makes the words ---- */

static void apply_cmd(train_core *c, train_cmd_type t, int i, int j, double a, double b)
{
    train_cmd m = {.type = t, .i = i, .j = j, .a = a, .b = b};
    train_core_apply(c, &m);
}

/* One change after another, each a history bucket apart: every mark is a kind with numbers, and its
 * words are those the plot has always shown for it. */
START_TEST(marks_are_codes_and_the_view_words_them)
{
    static session se;
    char err[256];
    session_default(&se);
    train_core *c = train_core_create(&se, err, sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    static const struct {
        train_cmd_type cmd;
        int i, j;
        double a;
        train_mark_kind kind;
        const char *words;
    } change[] = {
        {TRAIN_CMD_PRESET, DATA_PRESET_LECTURE_START, 0, 0, TRAIN_MARK_PRESET, "lecture-start"},
        {TRAIN_CMD_SET_LR, 0, 0, 0.05, TRAIN_MARK_LR, "\xce\xb7=0.05"},
        {TRAIN_CMD_SET_HIDDEN, 6, 0, 0, TRAIN_MARK_HIDDEN, "N=6"},
        {TRAIN_CMD_SET_ACT, NN_ACT_TANH, 0, 0, TRAIN_MARK_ACT, "tanh"},
        {TRAIN_CMD_SET_GAIN, 0, 0, 2.5, TRAIN_MARK_GAIN, "a=2.5"},
        {TRAIN_CMD_SET_OPT, NN_OPT_ADAM, 0, 0, TRAIN_MARK_OPT, "adam"},
        {TRAIN_CMD_SET_TOKENS, 17, 0, 0, TRAIN_MARK_TOKENS, "n=17"},
        {TRAIN_CMD_MOVE_INPUT, 3, 0, 0.1, TRAIN_MARK_MOVE_INPUT, "x4 moved"},
        {TRAIN_CMD_MOVE_TARGET, 4, 0, 0.3, TRAIN_MARK_MOVE_TARGET, "y5 moved"},
        {TRAIN_CMD_SET_FREEZE, 1, -1, 0, TRAIN_MARK_FREEZE, "only W(1)"},
        {TRAIN_CMD_SET_FREEZE, 2, 1, 0, TRAIN_MARK_FREEZE, "only unit 2 W(2)"},
        {TRAIN_CMD_SET_FREEZE, 0, -1, 0, TRAIN_MARK_FREEZE, "all learn"},
        {TRAIN_CMD_SET_LR, 0, 0, 0.123456, TRAIN_MARK_LR, "\xce\xb7=0.123"},
    };
    const int n = (int)(sizeof change / sizeof change[0]);
    for (int k = 0; k < n; k++) {
        for (int i = 0; i < 10; i++) train_core_step(c);
        apply_cmd(c, change[k].cmd, change[k].i, change[k].j, change[k].a, 0.2);
    }
    snap *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(s);
    train_core_fill(c, s);
    ck_assert_int_eq(s->hist.n_marks, n);
    for (int k = 0; k < n; k++) {
        const snap_mark *m = &s->hist.mark[k];
        char words[24];
        ck_assert_int_eq(m->kind, change[k].kind);
        view_fmt_mark(words, sizeof words, s->scene, m);
        ck_assert_str_eq(words, change[k].words);
    }
    ck_assert(s->hist.mark[1].a == 0.05 && s->hist.mark[2].i == 6 && s->hist.mark[10].j == 1);

    /* reset and load mark themselves too */
    apply_cmd(c, TRAIN_CMD_RESET, 0, 0, 0, 0);
    train_core_fill(c, s);
    char words[24];
    ck_assert_int_eq(s->hist.n_marks, 1);
    ck_assert_int_eq(s->hist.mark[0].kind, TRAIN_MARK_RESET);
    view_fmt_mark(words, sizeof words, s->scene, &s->hist.mark[0]);
    ck_assert_str_eq(words, "reset");
    session *saved = malloc(sizeof *saved);
    ck_assert_ptr_nonnull(saved);
    train_core_session(c, saved);
    train_cmd load = {.type = TRAIN_CMD_LOAD, .ptr = saved}; /* the core frees it */
    train_core_apply(c, &load);
    train_core_fill(c, s);
    ck_assert_int_eq(s->hist.mark[s->hist.n_marks - 1].kind, TRAIN_MARK_LOAD);
    view_fmt_mark(words, sizeof words, s->scene, &s->hist.mark[s->hist.n_marks - 1]);
    ck_assert_str_eq(words, "load");

    /* a divergence is a stop code with its step and η: the banner's words come from the view */
    apply_cmd(c, TRAIN_CMD_SET_OPT, NN_OPT_GD, 0, 0, 0);
    apply_cmd(c, TRAIN_CMD_SET_LR, 0, 0, 100, 0);
    for (int i = 0; i < 1000 && train_core_step(c) != TRAIN_DIVERGED; i++) {}
    ck_assert_int_eq(train_core_status(c), TRAIN_DIVERGED);
    train_core_fill(c, s);
    ck_assert_int_eq(s->stop, TRAIN_STOP_DIVERGED);
    ck_assert_int_eq(s->stop_step, s->step + 1);
    ck_assert(s->stop_lr == 100);
    ck_assert_str_eq(s->reason, ""); /* no words from the trainer */
    train_core_destroy(c);
    free(s);
}
END_TEST

/* A mark of a kind the view does not know, or a preset index past the scene's, still gets words. */
START_TEST(unknown_marks_still_get_words)
{
    char words[24];
    const scene_desc *sc = &scene_semicircle;
    view_fmt_mark(words, sizeof words, sc, &(snap_mark){.kind = TRAIN_MARK_PRESET, .i = 99});
    ck_assert_str_eq(words, "preset");
    view_fmt_mark(words, sizeof words, sc, &(snap_mark){.kind = TRAIN_MARK_COUNT});
    ck_assert_str_eq(words, "?");
    view_fmt_mark(words, 4, sc, &(snap_mark){.kind = TRAIN_MARK_MOVE_TARGET, .i = 12});
    ck_assert_str_eq(words, "y13");
    /* a scene parameter's mark names it and its new value; one the scene does not have, only "scene" */
    view_fmt_mark(words, sizeof words, sc,
                  &(snap_mark){.kind = TRAIN_MARK_SCENE, .i = scene_param_index(sc, "noise"), .a = 0.3});
    ck_assert_str_eq(words, "noise=0.3");
    view_fmt_mark(words, sizeof words, sc, &(snap_mark){.kind = TRAIN_MARK_SCENE, .i = 42, .a = 1});
    ck_assert_str_eq(words, "scene");
}
END_TEST

/* The plot area of the loss panel p, as view_loss.c lays it out at scale 1. */
static draw_rect loss_area(const draw_rect *p)
{
    draw_rect r = {floorf(p->x + PANEL_PAD + AXIS_LEFT + 10), floorf(p->y + TITLE_H + 4), 0, 0};
    r.w = floorf(p->x + p->w - PANEL_PAD - 4 - r.x);
    r.h = floorf(p->y + p->h - (AXIS_BOTTOM + PANEL_PAD) - r.y);
    return r;
}

/* The first and last columns of r holding the loss colour. */
static void loss_columns(SDL_Surface *img, const draw_rect *r, int *left, int *right)
{
    const draw_palette *pal = draw_palette_get(0);
    *left = *right = -1;
    for (int x = (int)r->x - 6; x < (int)(r->x + r->w) + 6; x++)
        for (int y = (int)r->y + 2; y < (int)(r->y + r->h) - 2; y++)
            if (near_colour(pic_pixel(img, x, y), pal->loss, 20)) {
                if (*left < 0) *left = x;
                *right = x;
                break;
            }
}

/* Step s sits at x = s: after steps 0..2 the line runs from the left edge (step 0) to the right (step 2),
 * and step 0 alone sits on the left edge, not half a step to the right. */
START_TEST(loss_step_s_sits_at_x_s)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    snap_history *h = &s->hist;
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    const draw_rect r = loss_area(&lay.loss);
    for (int steps = 0; steps <= 2; steps += 2) {
        h->origin = 0;
        h->stride = 1;
        h->len = steps + 1;
        h->n_marks = 0;
        for (int i = 0; i < h->len; i++) h->lo[i] = h->hi[i] = 0.5 / (1 + i); /* inside a decade */
        s->step = steps;
        s->travel.first = 0;
        s->travel.last = steps;
        SDL_Surface *img = render(s, &vs, &lay, W, H);
        int left, right;
        loss_columns(img, &r, &left, &right);
        ck_assert_int_ge(left, 0);
        /* the line is 2 px wide, the lone point a disc of radius 3 */
        ck_assert_msg(fabsf((float)left - r.x) <= 4, "step 0 at x = %d, the axis at %.0f (%d steps)", left, r.x, steps);
        if (steps == 2)
            ck_assert_msg(fabsf((float)right - (r.x + r.w)) <= 4, "step 2 at x = %d, the plot ends at %.0f", right,
                          r.x + r.w);
        SDL_FreeSurface(img);
    }
    /* the scrub reads the same axis back: the step under the cursor */
    h->len = 101;
    for (int i = 0; i < h->len; i++) h->lo[i] = h->hi[i] = 1.0 / (1 + i);
    s->step = 100;
    s->travel.first = 0;
    s->travel.last = 100;
    int64_t at = -1;
    ck_assert(view_loss_step_at(s, &vs, &lay, r.x + 0.25f * r.w, r.y + r.h / 2, &at));
    ck_assert_int_eq(at, 25);
    ck_assert(view_loss_step_at(s, &vs, &lay, r.x - 2, r.y + r.h + 5, &at)); /* the axis labels too */
    ck_assert_int_eq(at, 0);
    ck_assert(!view_loss_step_at(s, &vs, &lay, r.x + r.w / 2, lay.loss.y + 2, &at)); /* the title: no */
    free(s);
}
END_TEST

/* The meter in the loss plot's corner while the trainer's start measures λ_max of the first weights:
 * "measuring" in words (no bar, no number), then the value in its place; nothing when none is coming. */
START_TEST(meter_says_measuring_until_lambda)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    ck_assert(s->curv.at == -1 && !s->curv.pending); /* a core's own snapshot: no λ_max, none coming */
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    SDL_Surface *none = render(s, &vs, &lay, W, H);
    s->curv.pending = 1;
    SDL_Surface *measuring = render(s, &vs, &lay, W, H);
    s->curv.pending = 0;
    s->curv.at = 0;
    s->curv.lambda_max = 0.5;
    SDL_Surface *known = render(s, &vs, &lay, W, H);
    /* the words are drawn, and they are not the value's */
    ck_assert_int_gt(differing_pixels(none, measuring, &lay.loss, 101), 100);
    ck_assert_int_gt(differing_pixels(measuring, known, &lay.loss, 101), 100);
    /* nowhere else: the rest of the picture is the first weights' */
    const draw_rect above = {0, 0, (float)W, lay.loss.y};
    ck_assert_int_eq(differing_pixels(none, measuring, &above, 1), 0);
    SDL_FreeSurface(none);
    SDL_FreeSurface(measuring);
    SDL_FreeSurface(known);
    free(s);
}
END_TEST

/* The ghost curve is drawn, faint, with a label; clearing it (n = 0) removes both. */
START_TEST(loss_ghost_is_drawn_and_named)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    snap_history *h = &s->hist;
    h->origin = 0;
    h->stride = 1;
    h->len = 201;
    for (int i = 0; i < h->len; i++) h->lo[i] = h->hi[i] = 1.0 / (1 + i);
    s->step = 200;
    s->travel.last = 200;
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    SDL_Surface *plain = render(s, &vs, &lay, W, H);
    snap_ghost *g = &s->travel.ghost;
    g->kind = SNAP_GHOST_RUN;
    g->n = 301;
    g->opt = NN_OPT_ADAM;
    g->lr = 0.01;
    g->hidden = s->hidden;
    g->act = s->act;
    g->gain = s->gain;
    for (int i = 0; i < g->n; i++) {
        g->step[i] = i;
        g->loss[i] = 0.5 / (1 + 0.1 * i);
    }
    SDL_Surface *ghost = render(s, &vs, &lay, W, H);
    const draw_rect r = loss_area(&lay.loss);
    ck_assert_int_gt(differing_pixels(plain, ghost, &r, 200), 150);
    /* the plot now spans the ghost's 300 steps: step 200 stands two thirds along */
    int left, right;
    loss_columns(ghost, &r, &left, &right);
    ck_assert_msg(fabsf((float)right - (r.x + r.w * 2.0f / 3.0f)) <= 5, "the run ends at %d", right);
    g->n = 0;
    g->kind = SNAP_GHOST_NONE;
    SDL_Surface *cleared = render(s, &vs, &lay, W, H);
    ck_assert_int_eq(differing_pixels(plain, cleared, &lay.loss, 1), 0);
    SDL_FreeSurface(plain);
    SDL_FreeSurface(ghost);
    SDL_FreeSurface(cleared);
    free(s);
}
END_TEST

START_TEST(loss_history_starts_at_its_origin)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 0, 0, 0);
    snap_history *h = &s->hist;
    h->origin = 100000;
    h->stride = 100;
    h->len = 500;
    for (int i = 0; i < h->len; i++) h->lo[i] = h->hi[i] = 1.0 / (1 + i);
    h->n_marks = 1;
    h->mark[0] = (snap_mark){.step = 125000, .kind = TRAIN_MARK_RESET};
    s->step = h->origin + (int64_t)h->len * h->stride;
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    SDL_Surface *img = render(s, &vs, &lay, W, H);
    const draw_palette *pal = draw_palette_get(0);
    /* the curve covers the whole width from the origin on (not only the part right of step 0) */
    const draw_rect *p = &lay.loss;
    int left = -1, right = -1;
    for (int x = (int)p->x; x < (int)(p->x + p->w); x++)
        for (int y = (int)(p->y + 30); y < (int)(p->y + p->h - 25); y++)
            if (near_colour(pic_pixel(img, x, y), pal->loss, 20)) {
                if (left < 0) left = x;
                right = x;
                break;
            }
    ck_assert_int_ge(left, 0);
    ck_assert_msg(left < p->x + 0.15f * p->w, "curve starts at %d in a panel from %.0f wide %.0f", left, p->x, p->w);
    ck_assert(right > p->x + 0.85f * p->w);
    /* the marker at step 125000 stands half way between the origin and step 150000 */
    int marker_x = -1;
    for (int x = (int)p->x; x < (int)(p->x + p->w) && marker_x < 0; x++)
        if (near_colour(pic_pixel(img, x, (int)(p->y + p->h * 0.6f)), pal->marker, 30)) marker_x = x;
    ck_assert_int_ge(marker_x, 0);
    ck_assert_msg(marker_x > left + 0.4f * (right - left) && marker_x < left + 0.6f * (right - left), "marker at %d",
                  marker_x);
    SDL_FreeSurface(img);
    free(s);
}
END_TEST

START_TEST(png_shows_the_controls)
{
    snap *s = make_snap(DATA_PRESET_LECTURE_START, 3, 0, 0);
    SDL_Surface *back = png_round_trip(s, 1280, 800);
    SDL_Surface *img = SDL_ConvertSurfaceFormat(back, SDL_PIXELFORMAT_ARGB8888, 0);
    ui_layout l;
    ui_layout_compute(1280, 800, 1.0f, 0, &l);
    /* the learning-rate slider's caption and value are ink, not an empty column */
    const SDL_Rect r = l.widget[UI_W_LR];
    int ink = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) ink += pic_pixel(img, x, y).r < 100;
    ck_assert_int_gt(ink, 150);
    SDL_FreeSurface(img);
    SDL_FreeSurface(back);
    free(s);
}
END_TEST

/* ---- text ---- */

static SDL_Surface *surf;
static SDL_Renderer *ren;

static void open_renderer(void)
{
    surf = SDL_CreateRGBSurfaceWithFormat(0, 400, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(surf);
    ren = SDL_CreateSoftwareRenderer(surf);
    ck_assert_ptr_nonnull(ren);
    SDL_SetRenderDrawColor(ren, 255, 255, 255, 255);
    SDL_RenderClear(ren);
}

static void close_renderer(void)
{
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
}

START_TEST(missing_font_lists_paths)
{
    open_renderer();
    char err[2048];
    text_cache *tc = text_cache_create(ren, "/nonexistent/assets", err, sizeof err);
    ck_assert_ptr_null(tc);
    ck_assert_msg(strstr(err, "/nonexistent/assets/fonts/DejaVuSans.ttf") != NULL, "%s", err);
    char err2[512];
    view_ctx *v = view_ctx_open(ren, "/nonexistent/assets", NULL, 0, err2, sizeof err2);
    ck_assert_ptr_null(v);
    ck_assert_ptr_nonnull(strstr(err2, "DejaVuSans.ttf"));
    /* the app's opener without a directory runs the one assets lookup, and its message names what it tried */
    const char *old = getenv(PATHS_ENV);
    char *saved = old ? strdup(old) : NULL;
    setenv(PATHS_ENV, "/nonexistent/elsewhere", 1);
    v = app_view_open(ren, NULL, err2, sizeof err2);
    ck_assert_ptr_null(v);
    ck_assert_msg(strstr(err2, "/nonexistent/elsewhere") && strstr(err2, PATHS_ENV), "%s", err2);
    if (saved) setenv(PATHS_ENV, saved, 1);
    else unsetenv(PATHS_ENV);
    free(saved);
    close_renderer();
}
END_TEST

START_TEST(text_cache_renders_once)
{
    open_renderer();
    char err[1024];
    text_cache *tc = text_cache_create(ren, assets(), err, sizeof err);
    ck_assert_msg(tc != NULL, "%s", err);
    ck_assert_ptr_nonnull(strstr(text_cache_font_dir(tc), "fonts"));
    SDL_Color black = {0, 0, 0, 255}, red = {200, 0, 0, 255};
    ck_assert_int_eq(text_draw(tc, TEXT_SANS, 14, "\xce\xb7 = 0.02", 10, 10, 0, black, NULL), 0);
    long r1 = text_render_count(tc);
    ck_assert_int_eq(r1, 1);
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(text_draw(tc, TEXT_SANS, 14, "\xce\xb7 = 0.02", 10, 10, 0, i % 2 ? red : black, NULL), 0);
        text_frame_end(tc);
    }
    ck_assert_int_eq(text_render_count(tc), r1); /* same string, other colours: no re-render */
    ck_assert_int_eq(text_draw(tc, TEXT_SANS, 14, "\xce\xb7 = 0.03", 10, 10, 0, black, NULL), 0);
    ck_assert_int_eq(text_render_count(tc), r1 + 1);
    ck_assert_int_eq(text_draw(tc, TEXT_BOLD, 14, "\xce\xb7 = 0.03", 10, 10, 0, black, NULL), 0);
    ck_assert_int_eq(text_render_count(tc), r1 + 2);
    text_set_scale(tc, 2.0f);
    int w1, h1, w2, h2;
    ck_assert_int_eq(text_measure(tc, TEXT_SANS, 14, "loss", &w2, &h2), 0);
    text_set_scale(tc, 1.0f);
    ck_assert_int_eq(text_measure(tc, TEXT_SANS, 14, "loss", &w1, &h1), 0);
    ck_assert(w2 > w1 * 17 / 10 && h2 > h1 * 17 / 10); /* sizes follow the UI scale */
    /* unused entries go away */
    int before = text_entry_count(tc);
    ck_assert_int_gt(before, 0);
    int evicted = 0;
    for (int i = 0; i < 200; i++) evicted += text_frame_end(tc);
    ck_assert_int_eq(text_entry_count(tc), 0);
    ck_assert_int_eq(evicted, before); /* each entry reported once, when it went */
    text_cache_destroy(tc);
    close_renderer();
}
END_TEST

/* Darkness (255 - red) summed over a rectangle of surf, and the inked box (x0 = -1 when none). */
static long ink(SDL_Surface *s, int x, int y, int w, int h, int box[4])
{
    long sum = 0;
    box[0] = box[1] = -1;
    box[2] = box[3] = -1;
    for (int j = y; j < y + h; j++)
        for (int i = x; i < x + w; i++) {
            const int d = 255 - pic_pixel(s, i, j).r;
            if (!d) continue;
            sum += d;
            if (box[0] < 0 || i < box[0]) box[0] = i;
            if (box[1] < 0 || j < box[1]) box[1] = j;
            if (i > box[2]) box[2] = i;
            if (j > box[3]) box[3] = j;
        }
    return sum;
}

START_TEST(glyph_atlas_matches_sdl_ttf)
{
    open_renderer();
    char err[1024];
    text_cache *tc = text_cache_create(ren, assets(), err, sizeof err);
    ck_assert_msg(tc != NULL, "%s", err);
    SDL_Color black = {0, 0, 0, 255};
    /* each glyph is rasterised once: a string of known letters adds none */
    ck_assert_int_eq(text_draw(tc, TEXT_SANS, 14, "\xce\xb7 = 0.02", 10, 10, 0, black, NULL), 0);
    const int g1 = text_glyph_count(tc);
    ck_assert_int_ge(g1, 5);
    ck_assert_int_eq(text_draw(tc, TEXT_SANS, 14, "0.20 = \xce\xb7", 10, 40, 0, black, NULL), 0);
    ck_assert_int_eq(text_glyph_count(tc), g1);
    ck_assert_int_eq(text_draw(tc, TEXT_SANS, 14, "\xce\xb7 = 0.03", 10, 70, 0, black, NULL), 0);
    ck_assert_int_eq(text_glyph_count(tc), g1 + 1);
    text_frame_end(tc);
    /* the glyphs land where SDL_ttf puts them in the whole string: same box, nearly the same ink */
    const char *s = "loss L over steps (log scale)";
    SDL_RenderClear(ren);
    SDL_Rect at;
    ck_assert_int_eq(text_draw(tc, TEXT_SANS, 16, s, 20, 20, 0, black, &at), 0);
    text_frame_end(tc);
    char path[1200];
    snprintf(path, sizeof path, "%s/DejaVuSans.ttf", text_cache_font_dir(tc));
    TTF_Font *font = TTF_OpenFont(path, 16);
    ck_assert_ptr_nonnull(font);
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    SDL_Surface *whole = TTF_RenderUTF8_Blended(font, s, black);
    ck_assert_ptr_nonnull(whole);
    ck_assert_int_eq(whole->w, at.w);
    ck_assert_int_eq(whole->h, at.h);
    SDL_Rect dst = {20, 120, whole->w, whole->h};
    SDL_BlitSurface(whole, NULL, surf, &dst);
    int ba[4], bb[4];
    const long ia = ink(surf, at.x, at.y, at.w, at.h, ba), ib = ink(surf, dst.x, dst.y, dst.w, dst.h, bb);
    ck_assert_int_gt(ib, 0);
    ck_assert_msg(labs(ia - ib) * 50 < ib, "ink %ld against SDL_ttf's %ld", ia, ib);
    for (int k = 0; k < 4; k++)
        ck_assert_int_le(abs((ba[k] - (k % 2 ? at.y : at.x)) - (bb[k] - (k % 2 ? dst.y : dst.x))), 1);
    SDL_FreeSurface(whole);
    TTF_CloseFont(font);
    text_cache_destroy(tc);
    close_renderer();
}
END_TEST

static int flush_text(void *tc) { return text_flush(tc); }

START_TEST(queued_text_keeps_clip_and_order)
{
    open_renderer();
    char err[1024];
    text_cache *tc = text_cache_create(ren, assets(), err, sizeof err);
    ck_assert_msg(tc != NULL, "%s", err);
    draw_list *dl = draw_list_create();
    ck_assert_ptr_nonnull(dl);
    draw_list_flush_first(dl, flush_text, tc);
    SDL_Color black = {0, 0, 0, 255}, red = {255, 0, 0, 255};
    /* queued under a clip that shows only the left 30 px, then the clip is lifted before the flush */
    SDL_Rect clip = {10, 10, 30, 40}, r;
    SDL_RenderSetClipRect(ren, &clip);
    ck_assert_int_eq(text_draw(tc, TEXT_BOLD, 20, "MMMMMMMM", 10, 10, 0, black, &r), 0);
    SDL_RenderSetClipRect(ren, NULL);
    ck_assert_int_gt(r.w, 60);
    /* a second label elsewhere, unclipped: the first goes out under its own clip */
    ck_assert_int_eq(text_draw(tc, TEXT_BOLD, 20, "MMMMMMMM", 10, 100, 0, black, NULL), 0);
    /* an opaque shape flushed after the labels covers them */
    draw_fill_rect(dl, 10, 100, 40, 30, red);
    ck_assert_int_eq(draw_list_flush(dl, ren), 0);
    ck_assert_int_eq(text_frame_end(tc), 0);
    SDL_RenderPresent(ren);
    int box[4];
    ck_assert_int_gt(ink(surf, 10, 10, 30, 40, box), 0);
    ck_assert_int_eq(ink(surf, 40, 10, r.w, 40, box), 0);  /* nothing past the clip */
    ck_assert_int_gt(ink(surf, 60, 100, 60, 30, box), 0);  /* the second label, right of the shape */
    for (int y = 100; y < 130; y++)
        for (int x = 10; x < 50; x++) {
            SDL_Color p = pic_pixel(surf, x, y);
            ck_assert_msg(p.r == 255 && p.g == 0 && p.b == 0, "(%d, %d) not covered", x, y);
        }
    draw_list_destroy(dl);
    text_cache_destroy(tc);
    close_renderer();
}
END_TEST

START_TEST(greek_and_marks_render)
{
    open_renderer();
    char err[1024];
    text_cache *tc = text_cache_create(ren, assets(), err, sizeof err);
    ck_assert_msg(tc != NULL, "%s", err);
    int w, h, ww, wh;
    /* a combining macron sits on its letter: w̄ is as wide as w */
    ck_assert_int_eq(text_measure(tc, TEXT_SANS, 20, "w\xcc\x84", &w, &h), 0);
    ck_assert_int_eq(text_measure(tc, TEXT_SANS, 20, "w", &ww, &wh), 0);
    ck_assert_int_le(abs(w - ww), 1);
    /* and draws ink above the w: compare the top rows of w and w̄ */
    SDL_Color black = {0, 0, 0, 255};
    SDL_Rect ra, rb;
    ck_assert_int_eq(text_draw(tc, TEXT_SANS, 40, "w", 20, 20, 0, black, &ra), 0);
    ck_assert_int_eq(text_draw(tc, TEXT_SANS, 40, "w\xcc\x84", 120, 20, 0, black, &rb), 0);
    ck_assert_int_eq(text_flush(tc), 0); /* queued glyphs reach the renderer */
    SDL_RenderPresent(ren);
    int top_a = -1, top_b = -1;
    for (int y = 0; y < ra.h && (top_a < 0 || top_b < 0); y++)
        for (int x = 0; x < ra.w; x++) {
            if (top_a < 0 && pic_pixel(surf, ra.x + x, ra.y + y).r < 128) top_a = y;
            if (top_b < 0 && pic_pixel(surf, rb.x + x, rb.y + y).r < 128) top_b = y;
        }
    ck_assert_int_ge(top_b, 0);
    ck_assert_int_lt(top_b, top_a - 3);
    /* every symbol of the notation has a glyph of its own width (not one shared missing box) */
    const char *sym[] = {"\xce\xb7", "\xce\xb5", "\xce\xb4", "\xcf\x83", "\xc5\xb7", "\xce\xb8", "\xe2\x82\x81"};
    for (size_t i = 0; i < sizeof sym / sizeof sym[0]; i++) {
        ck_assert_int_eq(text_measure(tc, TEXT_SANS, 20, sym[i], &w, &h), 0);
        ck_assert_int_gt(w, 2);
    }
    text_cache_destroy(tc);
    close_renderer();
}
END_TEST

/* ---- primitives ---- */

START_TEST(lines_are_antialiased)
{
    open_renderer();
    draw_list *dl = draw_list_create();
    ck_assert_ptr_nonnull(dl);
    SDL_Color blue = {0, 0, 255, 255};
    draw_line(dl, 20, 20.3f, 380, 150.7f, 3.0f, blue);
    draw_circle(dl, 300, 40, 10, blue);
    ck_assert_int_gt(draw_list_vertex_count(dl), 0);
    ck_assert_int_eq(draw_list_flush(dl, ren), 0);
    ck_assert_int_eq(draw_list_vertex_count(dl), 0);
    SDL_RenderPresent(ren);
    int full = 0, partial = 0, outside_touched = 0;
    for (int x = 40; x < 360; x++) {
        float yc = 20.3f + (150.7f - 20.3f) * ((float)x - 20) / 360.0f;
        for (int dy = -6; dy <= 6; dy++) {
            SDL_Color c = pic_pixel(surf, x, (int)floorf(yc) + dy);
            /* the perpendicular distance from the centre line, for a slope of ~20° */
            float dist = fabsf(((float)((int)floorf(yc) + dy) + 0.5f - yc) * cosf(atanf(130.4f / 360.0f)));
            if (c.r == 0 && c.g == 0) full++;
            else if (c.r < 250) partial++;
            if (dist > 3.2f && c.r != 255) outside_touched++;
        }
    }
    ck_assert_int_gt(full, 320);    /* a solid core all along */
    ck_assert_int_gt(partial, 320); /* and soft edges */
    ck_assert_int_eq(outside_touched, 0);
    /* the disc: solid centre, soft rim, nothing beyond */
    ck_assert_int_eq(pic_pixel(surf, 300, 40).r, 0);
    ck_assert_int_eq(pic_pixel(surf, 300, 40 + 13).r, 255);
    draw_list_destroy(dl);
    close_renderer();
}
END_TEST

START_TEST(arrow_tip_is_exact)
{
    open_renderer();
    draw_list *dl = draw_list_create();
    SDL_Color black = {0, 0, 0, 255};
    draw_arrow(dl, 50, 100.5f, 250, 100.5f, 2.0f, 12.0f, black); /* along the middle of pixel row 100 */
    draw_dashed(dl, (const float[]){50, 160.5f, 350, 160.5f}, 2, 2.0f, 10, 5, black);
    ck_assert_int_eq(draw_list_flush(dl, ren), 0);
    SDL_RenderPresent(ren);
    ck_assert_int_lt(pic_pixel(surf, 247, 100).r, 128);  /* ink up to the tip */
    ck_assert_int_eq(pic_pixel(surf, 252, 100).r, 255);  /* none past it */
    ck_assert_int_lt(pic_pixel(surf, 241, 97).r, 200);   /* the head is wider than the shaft */
    ck_assert_int_eq(pic_pixel(surf, 150, 97).r, 255);
    /* dashes: 10 on, 5 off from x = 50 */
    ck_assert_int_lt(pic_pixel(surf, 55, 160).r, 64);
    ck_assert_int_gt(pic_pixel(surf, 62, 160).r, 190);
    ck_assert_int_lt(pic_pixel(surf, 70, 160).r, 64);
    draw_list_destroy(dl);
    close_renderer();
}
END_TEST

/* Thin arrows (hairline and head), rectangles and discs in turn: call by call, then in a group. */
static void arrow_field(draw_list *dl)
{
    const SDL_Color c = {200, 40, 0, 255}, d = {0, 90, 160, 255};
    for (int i = 0; i < 24; i++) {
        const float x = 10.5f + 16 * (float)i;
        draw_hairline(dl, x, 20.5f, x + 6, 80.5f, c);
        draw_arrow(dl, x + 6 * 0.8f, 80.5f - 60 * 0.2f, x + 6, 80.5f, 0.9f, 8, c);
        draw_fill_rect(dl, x - 1, 100, 3, 3, d);
        draw_circle(dl, x + 0.5f, 130.5f, 3, d);
        draw_line(dl, x - 3, 160.5f, x + 3, 160.5f, 2, d);
    }
}

START_TEST(a_group_draws_each_kind_once)
{
    open_renderer();
    draw_list *dl = draw_list_create();
    ck_assert_ptr_nonnull(dl);
    draw_list_profile_enable(dl, 1);
    double ms;
    long tris, calls, tris_group, calls_group;
    arrow_field(dl);
    ck_assert_int_eq(draw_list_flush(dl, ren), 0);
    draw_list_profile_take(dl, &ms, &tris, &calls);
    ck_assert_int_ge(calls, 24 * 4); /* hairline, head, square, disc, line: each a call of its own kind */
    SDL_Surface *one_by_one = SDL_ConvertSurfaceFormat(surf, SDL_PIXELFORMAT_ARGB8888, 0);
    ck_assert_ptr_nonnull(one_by_one);
    SDL_SetRenderDrawColor(ren, 255, 255, 255, 255);
    SDL_RenderClear(ren);
    /* a shape before the group and one after it of the same kinds go on in the group's batches */
    const SDL_Color grey = {128, 128, 128, 255};
    draw_fill_rect(dl, 0, 190, 400, 2, grey);
    draw_list_group_begin(dl);
    arrow_field(dl);
    draw_list_group_end(dl);
    draw_circle(dl, 200.5f, 195.5f, 3, grey); /* the disc sprite of the group's last batch */
    ck_assert_int_eq(draw_list_flush(dl, ren), 0);
    draw_list_profile_take(dl, &ms, &tris_group, &calls_group);
    ck_assert_int_eq(calls_group, 3); /* the direct calls, the plain triangles, the disc sprite */
    ck_assert_int_eq(tris_group, tris + 2); /* the same shapes, and the disc after the group */
    /* these shapes do not overlap: the same pixels as drawn one by one */
    int differ = 0;
    for (int y = 0; y < 180; y++)
        for (int x = 0; x < 400; x++) {
            const SDL_Color a = pic_pixel(one_by_one, x, y), b = pic_pixel(surf, x, y);
            differ += a.r != b.r || a.g != b.g || a.b != b.b;
        }
    ck_assert_int_eq(differ, 0);
    ck_assert_int_lt(pic_pixel(surf, 200, 190).r, 200); /* before and after the group: drawn */
    ck_assert_int_lt(pic_pixel(surf, 200, 195).r, 200);
    /* an empty group, and a flush inside one, leave the list as it was */
    draw_list_group_begin(dl);
    draw_list_group_end(dl);
    draw_list_group_begin(dl);
    draw_circle(dl, 50, 50, 3, grey);
    ck_assert_int_eq(draw_list_flush(dl, ren), 0);
    draw_list_group_end(dl);
    draw_circle(dl, 60, 50, 3, grey);
    ck_assert_int_eq(draw_list_flush(dl, ren), 0);
    ck_assert_int_lt(pic_pixel(surf, 60, 50).r, 200);
    SDL_FreeSurface(one_by_one);
    draw_list_destroy(dl);
    close_renderer();
}
END_TEST

/* The largest single block SDL asked for since the counter was reset: SDL's own buffers (its
 * command queue among them) grow with what one frame sends it. */
static size_t sdl_largest;
static void note_size(size_t n) { sdl_largest = n > sdl_largest ? n : sdl_largest; }
static void *track_malloc(size_t n) { note_size(n); return malloc(n); }
static void *track_calloc(size_t m, size_t n)
{
    note_size(n && m > SIZE_MAX / n ? SIZE_MAX : m * n);
    return calloc(m, n);
}
static void *track_realloc(void *p, size_t n) { note_size(n); return realloc(p, n); }
static void track_free(void *p) { free(p); }

/* SDL's default allocator is this malloc, so blocks from before the switch free the same way. */
static void track_sdl_memory(void)
{
    ck_assert_int_eq(SDL_SetMemoryFunctions(track_malloc, track_calloc, track_realloc, track_free), 0);
    sdl_largest = 0;
}

/* A renderer of SDL_CreateRenderer, as the window has: unlike the bare software renderer, it
 * draws hairlines pixel by pixel (SDL's default line method). Video through the dummy driver. */
static SDL_Window *dummy_win;
static SDL_Renderer *open_window_renderer(int w, int h)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    ck_assert_msg(SDL_InitSubSystem(SDL_INIT_VIDEO) == 0, "%s", SDL_GetError());
    dummy_win = SDL_CreateWindow("test", 0, 0, w, h, SDL_WINDOW_HIDDEN);
    ck_assert_msg(dummy_win != NULL, "%s", SDL_GetError());
    SDL_Renderer *r = SDL_CreateRenderer(dummy_win, -1, SDL_RENDERER_SOFTWARE);
    ck_assert_msg(r != NULL, "%s", SDL_GetError());
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    return r;
}

static void close_window_renderer(SDL_Renderer *r)
{
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(dummy_win);
    SDL_Quit();
}

static Uint8 red_at(SDL_Renderer *r, int x, int y)
{
    Uint32 p = 0;
    SDL_Rect one = {x, y, 1, 1};
    ck_assert_int_eq(SDL_RenderReadPixels(r, &one, SDL_PIXELFORMAT_ARGB8888, &p, 4), 0);
    return (Uint8)(p >> 16);
}

START_TEST(hairlines_far_off_screen_stay_cheap)
{
    track_sdl_memory();
    SDL_Renderer *r = open_window_renderer(400, 200);
    draw_list *dl = draw_list_create();
    SDL_Color black = {0, 0, 0, 255};
    /* 10^7 pixels of line must never reach SDL */
    draw_hairline(dl, -1e7f, -1e7f, 100.5f, 100.5f, black);
    draw_hairline(dl, -1e7f, 50.5f, -5e6f, 1e7f, black); /* wholly outside */
    ck_assert_int_eq(draw_list_flush(dl, r), 0);
    SDL_Rect clip = {150, 0, 100, 200};
    SDL_RenderSetClipRect(r, &clip);
    draw_hairline(dl, 120.5f, 20.5f, 1e7f, 20.5f, black);
    ck_assert_int_eq(draw_list_flush(dl, r), 0);
    SDL_RenderSetClipRect(r, NULL);
    ck_assert_uint_lt(sdl_largest, 1u << 20);
    ck_assert_int_lt(red_at(r, 99, 99), 128); /* the part on screen is still drawn */
    ck_assert_int_lt(red_at(r, 40, 40), 128);
    ck_assert_int_lt(red_at(r, 200, 20), 128); /* and clipped where the panel ends */
    ck_assert_int_eq(red_at(r, 130, 20), 255);
    ck_assert_int_eq(red_at(r, 260, 20), 255);
    draw_list_destroy(dl);
    close_window_renderer(r);
}
END_TEST

START_TEST(far_from_the_origin_renders_cheaply)
{
    /* Zoomed in 500× far from the origin: the w̄ arrows of a dense network (hairlines) start 10^7 px
     * away, and the dashed arc is 3 × 10^5 px long. */
    snap *dense = make_snap(DATA_PRESET_LECTURE_START, 5, 64, 64);
    view_state vs;
    view_layout lay;
    default_state(&vs, &lay, W, H);
    view_xform t = view_plane_xform(dense, &vs, &lay, VIEW_PLANE_INPUT);
    for (int i = 0; i < 60; i++) view_zoom_at(&vs, dense, &lay, VIEW_PLANE_INPUT, t.r.x + 2, t.r.y + 2, 1.15);
    for (int i = 0; i < 40; i++) view_pan_by(&vs, dense, &lay, VIEW_PLANE_INPUT, 400.0f, 400.0f);
    track_sdl_memory();
    SDL_Renderer *r = open_window_renderer(W, H);
    char err[512];
    view_ctx *v = view_ctx_open(r, assets(), NULL, 0, err, sizeof err);
    ck_assert_msg(v != NULL, "%s", err);
    view_clear(v, &vs);
    ck_assert_msg(view_draw(v, dense, &vs, &lay) == 0, "%s", SDL_GetError());
    SDL_RenderPresent(r);
    /* the picture itself is 4 MB; the dashed arc of radius 10^5 px and the hairlines from the
     * origin once made SDL queue 64 MB of points and vertices */
    ck_assert_uint_lt(sdl_largest, 8u << 20);
    view_ctx_destroy(v);
    close_window_renderer(r);
    free(dense);
}
END_TEST

static Suite *render_suite(void)
{
    Suite *s = suite_create("render");
    TCase *t = tcase_create("view");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, transforms_round_trip);
    tcase_add_test(t, zoom_and_pan);
    tcase_add_test(t, token_picking);
    tcase_add_test(t, unit_picking);
    tcase_add_test(t, error_arrows_red_where_error_is_large);
    tcase_add_test(t, no_error_arrows_for_the_solution);
    tcase_add_test(t, decision_lines_move_after_training);
    tcase_add_test(t, parabola_is_dashed_on_the_output_plane);
    tcase_add_test(t, every_view_renders);
    tcase_add_test(t, png_export);
    tcase_add_test(t, failed_png_keeps_the_old_file);
    tcase_add_test(t, far_from_the_origin_renders_cheaply);
    suite_add_tcase(s, t);
    TCase *l = tcase_create("lecture");
    tcase_set_timeout(l, 120);
    tcase_add_test(l, phases_show_their_quantities);
    tcase_add_test(l, update_arrows_point_where_gd_goes);
    tcase_add_test(l, update_phase_keeps_the_arrows_of_the_step);
    tcase_add_test(l, solution_with_step_units_is_exact);
    tcase_add_test(l, probe_moves_along_the_arc);
    tcase_add_test(l, loss_history_starts_at_its_origin);
    tcase_add_test(l, loss_step_s_sits_at_x_s);
    tcase_add_test(l, loss_ghost_is_drawn_and_named);
    tcase_add_test(l, meter_says_measuring_until_lambda);
    tcase_add_test(l, png_shows_the_controls);
    suite_add_tcase(s, l);
    TCase *x = tcase_create("text and primitives");
    tcase_add_test(x, missing_font_lists_paths);
    tcase_add_test(x, text_cache_renders_once);
    tcase_add_test(x, greek_and_marks_render);
    tcase_add_test(x, glyph_atlas_matches_sdl_ttf);
    tcase_add_test(x, queued_text_keeps_clip_and_order);
    tcase_add_test(x, lines_are_antialiased);
    tcase_add_test(x, arrow_tip_is_exact);
    tcase_add_test(x, a_group_draws_each_kind_once);
    tcase_add_test(x, hairlines_far_off_screen_stay_cheap);
    suite_add_tcase(s, x);
    TCase *m = tcase_create("marks");
    tcase_set_timeout(m, 0);
    tcase_add_test(m, marks_are_codes_and_the_view_words_them);
    tcase_add_test(m, unknown_marks_still_get_words);
    suite_add_tcase(s, m);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(render_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
