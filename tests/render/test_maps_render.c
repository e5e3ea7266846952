/* test_maps_render: the universal scene's maps page checked by pixels on off-screen software renders: the
 * residual map of a trained bump is nearly flat (and a fresh start's is not), ŷ's map shows ŷ in the
 * palette's colour, the unit rows and the first scene's panels are where they belong.
 * Main thread only; snapshots come from train_core without threads. */
#include <SDL.h>
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/offscreen.h"
#include "lesson/maps.h"
#include "render/view.h"
#include "render/view_heat.h"
#include "render/view_mapdata.h"
#include "render/view_maps.h"
#include "render/view_panel.h"
#include "session/ranges.h"
#include "session/session.h"
#include "train/core.h"
#include "ui/layout.h"
#include "picture.h"
#include "trained.h"

#define W 1280
#define H 800

/* A universal-scene snapshot (bump target) of `preset` after `steps` Adam steps of η = 0.01. */
static snap *universal_snap(const char *preset, int hidden, int steps)
{
    static session se;
    session_default(&se);
    session_set_scene(&se, &scene_universal);
    session_set_preset(&se, scene_preset_find(&scene_universal, preset));
    if (hidden > 0) se.hidden = hidden;
    se.opt = NN_OPT_ADAM;
    se.lr = 0.01;
    return trained_snap(&se, steps);
}

/* The maps page of s at W × H, and its geometry. */
static SDL_Surface *render_maps(const snap *s, view_maps_geom *g)
{
    view_state vs;
    view_layout lay;
    view_state_init(&vs);
    view_default_layout(W, H, 1.0f, 0, &lay);
    char err[512];
    SDL_Surface *surf = view_render_surface(s, &vs, &lay, W, H, NULL, err, sizeof err);
    ck_assert_msg(surf != NULL, "render: %s", err);
    view_maps_geometry_for(&lay, &vs, s->hidden, g);
    return surf;
}

/* Share of the map's pixels that carry colour: red and blue apart by more than 60 (the palette's tint of
 * |ŷ − f| above about a fifth of its scale). Tokens and isolines are grey and do not count. */
static double tinted(SDL_Surface *surf, const draw_rect *m)
{
    int n = 0, all = 0;
    for (int y = (int)m->y + 2; y < (int)(m->y + m->h) - 2; y++)
        for (int x = (int)m->x + 2; x < (int)(m->x + m->w) - 2; x++) {
            const SDL_Color c = pic_pixel(surf, x, y);
            n += abs(c.r - c.b) > 60;
            all++;
        }
    return (double)n / all;
}

/* The next-step strip beside the maps says what they draw: each unit's line e_k = 0 after the gd step, dashed,
 * at the maps' own factor (not the first scene's arrows and their factor). */
START_TEST(next_step_text_says_what_the_maps_draw)
{
    snap *s = universal_snap("random-start", 6, 20);
    char b[512];
    s->opt = NN_OPT_GD;
    ck_assert_int_gt(view_maps_step_text(s, 2000, b, sizeof b), 0);
    ck_assert_msg(strstr(b, "Dashed on each e\xe2\x82\x96 map") && strstr(b, "e\xe2\x82\x96 = 0"), "%s", b);
    ck_assert_msg(strstr(b, "\xc3\x97" "2000") && strstr(b, "\xce\xb7 = 0.01") && strstr(b, "applies it"), "%s", b);
    ck_assert_msg(!strstr(b, "arrows"), "%s", b);
    s->opt = NN_OPT_ADAM; /* the maps still draw the gd step; Step takes Adam's */
    view_maps_step_text(s, 500, b, sizeof b);
    ck_assert_msg(strstr(b, "\xc3\x97" "500") && strstr(b, "adam's own step"), "%s", b);
    view_maps_step_text(s, 0, b, sizeof b); /* nothing drawn: say why */
    ck_assert_msg(strstr(b, "\xe2\x88\x87L \xe2\x89\x88 0") && !strstr(b, "Dashed"), "%s", b);
    free(s);
}
END_TEST

/* Red pixels (the true error's colour) in the loss plot below its title and its value's line. */
static int red_in_plot(SDL_Surface *surf, const draw_rect *p)
{
    int n = 0;
    for (int y = (int)p->y + 50; y < (int)(p->y + p->h) - 30; y++)
        for (int x = (int)p->x + 40; x < (int)(p->x + p->w) - 4; x++) {
            const SDL_Color c = pic_pixel(surf, x, y);
            n += c.r > 170 && c.g < 90 && c.b < 90;
        }
    return n;
}

/* A headless picture carries E|ŷ − f|² over the run's steps (view_state.true_err): a curve, not one dot at the
 * last step; points at or after the last step are not taken twice. */
START_TEST(headless_true_error_is_a_curve)
{
    snap *s = universal_snap("random-start", 6, 300);
    view_state vs;
    view_layout lay;
    view_state_init(&vs);
    view_default_layout(W, H, 1.0f, 0, &lay);
    char err[512];
    SDL_Surface *dot = view_render_surface(s, &vs, &lay, W, H, NULL, err, sizeof err);
    ck_assert_msg(dot != NULL, "render: %s", err);
    double pts[2 * 31];
    for (int i = 0; i <= 30; i++) {
        pts[2 * i] = 10.0 * i;                /* step 300 last: left out, the view's own point stands */
        pts[2 * i + 1] = 0.5 / (1.0 + i / 3.0); /* a falling curve well inside the plot */
    }
    vs.true_err = pts;
    vs.n_true_err = 31;
    SDL_Surface *curve = view_render_surface(s, &vs, &lay, W, H, NULL, err, sizeof err);
    ck_assert_msg(curve != NULL, "render: %s", err);
    view_maps_geom g;
    view_maps_geometry_for(&lay, &vs, s->hidden, &g);
    const int a = red_in_plot(dot, &g.lossp), b = red_in_plot(curve, &g.lossp);
    ck_assert_msg(a < 60 && b > 300, "red pixels: %d as one point, %d as a curve", a, b);
    SDL_FreeSurface(dot);
    SDL_FreeSurface(curve);
    free(s);
}
END_TEST

START_TEST(trained_bump_residual_is_flat)
{
    view_maps_geom g;
    snap *fresh = universal_snap("random-start", 8, 0);
    SDL_Surface *a = render_maps(fresh, &g);
    const double before = tinted(a, &g.res);
    snap *trained = universal_snap("random-start", 8, 3000);
    SDL_Surface *b = render_maps(trained, &g);
    const double after = tinted(b, &g.res);
    /* a fresh start leaves much of the residual map tinted; after training next to none of it is */
    ck_assert_msg(before > 0.2, "a fresh start's residual should show: %.3f tinted", before);
    ck_assert_msg(after < 0.01, "a trained bump's residual should be flat: %.3f tinted", after);
    /* while ŷ itself is coloured where the bump stands */
    ck_assert(tinted(b, &g.yhat) > 0.1);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    free(fresh);
    free(trained);
}
END_TEST

/* The middle of ŷ's map (between tokens) has the palette's colour of ŷ(0, 0) on the output scale. */
START_TEST(yhat_map_shows_yhat)
{
    view_maps_geom g;
    snap *s = universal_snap("bump", 0, 0);
    SDL_Surface *surf = render_maps(s, &g);
    nn_net net;
    snap_net(s, &net);
    enum { G = VIEW_MAPS_G };
    static double yhat[G * G], f[G * G];
    lesson_maps(&net, s->scene, &s->scene_spec, -1, 1, G, 0, NULL, NULL, NULL, yhat, f);
    double lo, hi, flo, fhi;
    lesson_map_range(yhat, G * G, &lo, &hi);
    lesson_map_range(f, G * G, &flo, &fhi);
    const double m = view_heat_scale(fmax(fmax(fabs(lo), fabs(hi)), fmax(fabs(flo), fabs(fhi))));
    /* ŷ at the map's middle: the mean of the four cells around x = 0 */
    const double y0 = 0.25 * (yhat[(G / 2) * G + G / 2] + yhat[(G / 2 - 1) * G + G / 2] +
                              yhat[(G / 2) * G + G / 2 - 1] + yhat[(G / 2 - 1) * G + G / 2 - 1]);
    const SDL_Color want = view_heat_colour(y0, m);
    const SDL_Color got = pic_pixel(surf, (int)(g.yhat.x + g.yhat.w / 2), (int)(g.yhat.y + g.yhat.h / 2));
    ck_assert_msg(abs(got.r - want.r) + abs(got.g - want.g) + abs(got.b - want.b) < 24,
                  "ŷ(0) = %g on ±%g: got %d,%d,%d want %d,%d,%d", y0, m, got.r, got.g, got.b, want.r, want.g, want.b);
    /* the bump stands up: red, not blue */
    ck_assert(got.r > got.b + 60);
    SDL_FreeSurface(surf);
    free(s);
}
END_TEST

/* With noisy targets the f map is E[y | x] and each token's disc has the colour of its own noisy y_i (not of
 * f under it); without noise the tokens stay grey dots and the map is "target f(x)". */
START_TEST(noisy_targets_over_the_clean_surface)
{
    static session se;
    session_default(&se);
    session_set_scene(&se, &scene_universal);
    scene_spec sp = session_spec(&se);
    sp.v[scene_param_index(&scene_universal, "noise")] = 0.3;
    session_set_spec(&se, &sp);
    snap *s = trained_snap(&se, 0);
    ck_assert(view_mmse_noisy(s));
    ck_assert_str_eq(view_mmse_f_title(s, 1), "E[y | x] = f(x)");
    view_maps_geom g;
    SDL_Surface *surf = render_maps(s, &g);
    nn_net net;
    snap_net(s, &net);
    enum { G = VIEW_MAPS_G };
    static double yhat[G * G], f[G * G];
    lesson_maps(&net, s->scene, &s->scene_spec, -1, 1, G, 0, NULL, NULL, NULL, yhat, f);
    double lo, hi, flo, fhi;
    lesson_map_range(yhat, G * G, &lo, &hi);
    lesson_map_range(f, G * G, &flo, &fhi);
    const double m = view_heat_scale(fmax(fmax(fabs(lo), fabs(hi)), fmax(fabs(flo), fabs(fhi))));
    /* tokens whose noise moves their colour well away from f's: the disc centre shows y_i's colour */
    int checked = 0;
    for (int i = 0; i < s->n && checked < 20; i++) {
        double fx;
        scene_universal.target(&s->scene_spec, &s->x[2 * i], &fx);
        const SDL_Color want = view_heat_colour(s->y[i], m), under = view_heat_colour(fx, m);
        if (abs(want.r - under.r) + abs(want.g - under.g) + abs(want.b - under.b) < 90) continue;
        float px, py;
        view_maps_to_screen(&g.f, s->x[2 * i], s->x[2 * i + 1], &px, &py);
        if (i == 0 || fabsf(px - g.f.x) < 5 || fabsf(px - g.f.x - g.f.w) < 5 || fabsf(py - g.f.y) < 5 ||
            fabsf(py - g.f.y - g.f.h) < 5)
            continue; /* the selected token's ring, and discs cut by the frame */
        const SDL_Color got = pic_pixel(surf, (int)lroundf(px), (int)lroundf(py));
        ck_assert_msg(abs(got.r - want.r) + abs(got.g - want.g) + abs(got.b - want.b) < 24,
                      "token %d: y = %g, f = %g: got %d,%d,%d want %d,%d,%d", i, s->y[i], fx, got.r, got.g, got.b,
                      want.r, want.g, want.b);
        checked++;
    }
    ck_assert_int_ge(checked, 10);
    SDL_FreeSurface(surf);

    /* the same tokens without noise: no E[y | x] title, a token's pixel is the grey dot */
    sp.v[scene_param_index(&scene_universal, "noise")] = 0.0;
    session_set_spec(&se, &sp);
    free(s);
    s = trained_snap(&se, 0);
    ck_assert(!view_mmse_noisy(s));
    ck_assert_str_eq(view_mmse_f_title(s, 0), "target f(x)");
    surf = render_maps(s, &g);
    float px, py;
    view_maps_to_screen(&g.f, s->x[2 * 17], s->x[2 * 17 + 1], &px, &py);
    const SDL_Color dot = pic_pixel(surf, (int)lroundf(px), (int)lroundf(py));
    ck_assert_msg(abs(dot.r - dot.b) < 40 && dot.r < 160, "a clean token is a grey dot: %d,%d,%d", dot.r, dot.g,
                  dot.b);
    SDL_FreeSurface(surf);
    free(s);
}
END_TEST

static int overlap(const draw_rect *a, const draw_rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* The slice strip within its panel (the output's, or its own beside the residual), its plot within it and
 * readable, over no map, bar or title row. */
static int strip_placed(const view_maps_geom *g)
{
    const draw_rect *st = &g->strip, *p = &g->strip_plot;
    const draw_rect *o = g->stripp.w > 0 ? &g->stripp : &g->outp;
    const int inside = st->x >= o->x && st->y >= o->y && st->x + st->w <= o->x + o->w && st->y + st->h <= o->y + o->h &&
                       p->x >= st->x && p->y >= st->y && p->x + p->w <= st->x + st->w && p->y + p->h <= st->y + st->h;
    const int clear = !overlap(st, &g->yhat) && !overlap(st, &g->f) && !overlap(st, &g->bar_out) &&
                      !overlap(st, &g->res) && !overlap(st, &g->bar_res) && g->outp.y + g->outp.h <= g->resp.y;
    return inside && clear && p->h >= 40 && p->w >= (g->strip_beside ? 120 : 150);
}

static int inside(const draw_rect *r, const draw_rect *in)
{
    return r->x >= in->x && r->y >= in->y && r->x + r->w <= in->x + in->w && r->y + r->h <= in->y + in->h;
}

static int shown(const draw_rect *r) { return r->w > 1 && r->h > 1; }

/* The layout of a w × h window and a view state at its scale, as the window and --screenshot make them. */
static void layout_at(int w, int h, float scale, int presenter, view_layout *lay, view_state *vs)
{
    ui_layout l;
    ui_layout_compute(w, h, scale, presenter ? UI_LAYOUT_PRESENTER : 0, &l);
    *lay = l.view;
    view_state_init(vs);
    vs->scale = l.scale;
    vs->presenter = presenter;
}

/* Every rectangle of the maps page where it belongs: the panels inside the page and apart, each map, colour bar,
 * the strip and the guidance inside its panel and over no other; 0 with what is wrong in why. */
static int page_sound(const view_maps_geom *g, const draw_rect *page, char *why, size_t len)
{
    const draw_rect *panels[] = {&g->units, &g->outp, &g->resp, &g->lossp, &g->stripp};
    const char *names[] = {"units", "output", "residual", "loss", "strip's panel"};
    for (int i = 0; i < 5; i++) {
        if (!shown(panels[i])) continue;
        if (!inside(panels[i], page)) return snprintf(why, len, "%s leaves the page", names[i]), 0;
        for (int j = 0; j < i; j++)
            if (shown(panels[j]) && overlap(panels[i], panels[j]))
                return snprintf(why, len, "%s over %s", names[i], names[j]), 0;
    }
    /* what each panel holds: the output maps and their bars, each clear of the others */
    const draw_rect *items[] = {&g->yhat, &g->f, &g->bar_out, &g->res, &g->bar_res, &g->hint, &g->strip};
    const char *inames[] = {"yhat", "f", "its bar", "residual", "its text", "guidance", "strip"};
    for (int i = 0; i < 7; i++) {
        if (!shown(items[i])) continue;
        int in = 0;
        for (int j = 1; j < 5; j++) in |= shown(panels[j]) && inside(items[i], panels[j]);
        if (!in) return snprintf(why, len, "%s outside its panel", inames[i]), 0;
        for (int j = 0; j < i; j++)
            if (shown(items[j]) && overlap(items[i], items[j]))
                return snprintf(why, len, "%s over %s", inames[i], inames[j]), 0;
    }
    if (g->yhat.w < 8 || g->res.w != g->yhat.w || g->f.w != g->yhat.w)
        return snprintf(why, len, "maps %.0f", g->yhat.w), 0;
    /* the units' maps inside their panel, above its colour bars, apart */
    for (int k = g->first; k < g->first + g->rows; k++)
        for (int c = VIEW_MAP_E; c <= VIEW_MAP_WH; c++) {
            const draw_rect r = view_maps_rect(g, (view_map_kind)c, k);
            if (!inside(&r, &g->units)) return snprintf(why, len, "unit %d's map %d outside its panel", k, c), 0;
            for (int b = 0; b < 3; b++)
                if (overlap(&r, &g->bar[b])) return snprintf(why, len, "unit %d's map %d over a bar", k, c), 0;
            if (c > VIEW_MAP_E) {
                const draw_rect l = view_maps_rect(g, (view_map_kind)(c - 1), k);
                if (overlap(&r, &l)) return snprintf(why, len, "unit %d's maps overlap", k), 0;
            }
        }
    for (int b = 0; b < 3; b++)
        if (!inside(&g->bar[b], &g->units)) return snprintf(why, len, "bar %d outside the units", b), 0;
    return 1;
}

/* The ŷ and f maps get the page's room: with a slice, at 1280x720 the strip under them left them 160 px; beside
 * f on a wide page they are above 200 (in logical pixels, 1920x1080 at its scale 1.5 too), the strip still
 * readable; at 1280x800 (taller units, a narrower panel) and 960x600 the strip stays under them, where it leaves
 * the larger maps. */
START_TEST(maps_get_the_room)
{
    const struct { int w, h; float s; int beside; float min_sq; } z[] = {
        {1280, 720, 1.0f, 1, 200}, {1920, 1080, 1.5f, 1, 200 * 1.5f}, {1280, 800, 1.0f, 0, 180}, {960, 600, 1.0f, 0, 100},
        {1920, 1080, 1.0f, 1, 300}};
    for (size_t i = 0; i < sizeof z / sizeof z[0]; i++) {
        view_layout lay;
        view_default_layout(z[i].w, z[i].h, z[i].s, 0, &lay);
        view_maps_geom g;
        view_maps_geometry(&lay.page, z[i].s, 6, 0, VIEW_MAPS_OWN_LOSS | VIEW_MAPS_SLICE, &g);
        ck_assert_msg(g.yhat.w >= z[i].min_sq && g.f.w == g.yhat.w, "%dx%d: maps of %.0f px", z[i].w, z[i].h, g.yhat.w);
        ck_assert_int_eq(g.strip_beside, z[i].beside);
        ck_assert(strip_placed(&g));
        ck_assert(g.res.w == g.yhat.w && g.res.y + g.res.h <= lay.page.y + lay.page.h);
        ck_assert(!overlap(&g.outp, &g.resp) && !overlap(&g.outp, &g.lossp) && !overlap(&g.resp, &g.lossp));
    }
}
END_TEST

/* The maps a room reads, at N = 6: at 1280x720 in presenter mode (F5) a unit's map was 62 px and ŷ 124, a
 * third of the units' panel empty; now 120 and more (180 at 1920x1080, scale 2), ŷ no smaller; the normal
 * layout keeps its maps (72 and 214 px before). The loss is the band's alone in presenter mode (the page
 * had a second one); the normal page keeps its own. */
START_TEST(maps_readable_on_a_projector)
{
    const struct { int w, h; float s; int presenter; float cell, sq; } z[] = {
        {1280, 720, 1.0f, 1, 120, 124}, {1920, 1080, 1.5f, 1, 180, 186}, {1280, 720, 1.0f, 0, 72, 214},
        {1920, 1080, 1.5f, 0, 108, 321}, {960, 600, 1.0f, 1, 66, 100}};
    for (size_t i = 0; i < sizeof z / sizeof z[0]; i++) {
        view_layout lay;
        view_state vs;
        layout_at(z[i].w, z[i].h, z[i].s, z[i].presenter, &lay, &vs);
        view_maps_geom g;
        view_maps_geometry_for(&lay, &vs, 6, &g);
        ck_assert_msg(g.cell >= z[i].cell && g.yhat.w >= z[i].sq, "%dx%d presenter %d: units' maps %.0f px, ŷ %.0f",
                      z[i].w, z[i].h, z[i].presenter, g.cell, g.yhat.w);
        ck_assert_int_eq(g.rows, 6);
        /* one loss panel: the band's beside the page, or the page's own */
        ck_assert_int_eq(view_loss_beside_page(&lay), z[i].presenter);
        ck_assert_int_eq(shown(&g.lossp), !z[i].presenter);
    }
}
END_TEST

/* Tokens leave the maps readable: on a map made small (presenter mode at 1280x720 gives ŷ and the residual
 * about 130 px for 256 tokens) the dots and the selected token's ring cover at most an eighth of it (11 %);
 * they covered 26 %, drawn at presenter size whatever their spacing. */
START_TEST(tokens_leave_small_maps_readable)
{
    snap *s = universal_snap("random-start", 6, 50);
    ck_assert_int_eq(s->n, 256);
    view_state vs;
    view_layout lay;
    layout_at(1280, 720, 1.0f, 1, &lay, &vs);
    char err[512];
    SDL_Surface *surf = view_render_surface(s, &vs, &lay, 1280, 720, NULL, err, sizeof err);
    ck_assert_msg(surf != NULL, "render: %s", err);
    view_maps_geom g;
    view_maps_geometry_for(&lay, &vs, s->hidden, &g);
    const draw_rect *m = &g.res; /* no isolines there: the dark pixels are the tokens' */
    int dark = 0, all = 0;
    for (int y = (int)m->y + 2; y < (int)(m->y + m->h) - 2; y++)
        for (int x = (int)m->x + 2; x < (int)(m->x + m->w) - 2; x++) {
            const SDL_Color c = pic_pixel(surf, x, y);
            dark += c.r < 150 && c.g < 150 && c.b < 150;
            all++;
        }
    ck_assert_msg(all > 100 * 100 && dark > 0 && dark <= all / 8, "residual map %.0f px: %d of %d pixels dark",
                  m->w, dark, all);
    SDL_FreeSurface(surf);
    free(s);
}
END_TEST

/* In presenter mode the band's loss panel plots E|ŷ − f|² beside L (the page's own loss panel is gone). */
START_TEST(band_loss_has_the_true_error)
{
    snap *s = universal_snap("random-start", 6, 300);
    view_state vs;
    view_layout lay;
    layout_at(1280, 720, 1.0f, 1, &lay, &vs);
    double pts[2 * 31];
    for (int i = 0; i <= 30; i++) {
        pts[2 * i] = 10.0 * i;
        pts[2 * i + 1] = 0.5 / (1.0 + i / 3.0);
    }
    vs.true_err = pts;
    vs.n_true_err = 31;
    char err[512];
    SDL_Surface *surf = view_render_surface(s, &vs, &lay, 1280, 720, NULL, err, sizeof err);
    ck_assert_msg(surf != NULL, "render: %s", err);
    const int red = red_in_plot(surf, &lay.loss);
    ck_assert_msg(red > 150, "red pixels in the band's loss plot: %d", red);
    SDL_FreeSurface(surf);
    free(s);
}
END_TEST

/* Without a slice the strip takes no room: ŷ and f's panel is their maps, their chrome and at most a line of
 * guidance (it held a strip of 96..170 px before), and the maps are no smaller than with a slice (at 1280x800
 * 249 px instead of 189). With one, the strip is there and placed. Every size and mode, N up to the most. */
START_TEST(no_slice_no_strip_room)
{
    const struct { int w, h; float s; } z[] = {
        {1280, 720, 1.0f}, {1920, 1080, 1.5f}, {960, 600, 1.0f}, {1280, 800, 1.0f}, {1920, 1080, 1.0f}};
    const int ns[] = {1, 2, 6, 16, 64, RANGE_HIDDEN_MAX};
    char why[128];
    for (size_t i = 0; i < sizeof z / sizeof z[0]; i++)
        for (int presenter = 0; presenter < 2; presenter++)
            for (size_t q = 0; q < sizeof ns / sizeof ns[0]; q++) {
                view_layout lay;
                view_state vs;
                layout_at(z[i].w, z[i].h, z[i].s, presenter, &lay, &vs);
                view_maps_geom none, cut;
                view_maps_geometry_for(&lay, &vs, ns[q], &none);
                vs.maps_cut_on = 1;
                view_maps_geometry_for(&lay, &vs, ns[q], &cut);
                const float s = vs.scale;
                ck_assert_msg(!shown(&none.strip) && !shown(&none.stripp) && shown(&none.hint), "%dx%d p%d N=%d: strip",
                              z[i].w, z[i].h, presenter, ns[q]);
                const float chrome = (TITLE_H + 16 + 30 + PANEL_PAD + 16) * s; /* title, ticks, bar, pad, a line */
                ck_assert_msg(none.outp.h <= none.yhat.h + chrome + 1, "%dx%d p%d N=%d: ŷ's panel %.0f for maps of %.0f",
                              z[i].w, z[i].h, presenter, ns[q], none.outp.h, none.yhat.h);
                ck_assert_msg(none.yhat.w >= cut.yhat.w, "%dx%d p%d N=%d: maps %.0f without a slice, %.0f with",
                              z[i].w, z[i].h, presenter, ns[q], none.yhat.w, cut.yhat.w);
                ck_assert(shown(&cut.strip) && !shown(&cut.hint));
                ck_assert_msg(strip_placed(&cut), "%dx%d p%d N=%d: strip", z[i].w, z[i].h, presenter, ns[q]);
                ck_assert_msg(page_sound(&none, &lay.page, why, sizeof why), "%dx%d p%d N=%d: %s", z[i].w, z[i].h,
                              presenter, ns[q], why);
                ck_assert_msg(page_sound(&cut, &lay.page, why, sizeof why), "%dx%d p%d N=%d, slice: %s", z[i].w, z[i].h,
                              presenter, ns[q], why);
                /* the page is the window's, clear of the band's loss */
                ck_assert(lay.page.x >= 0 && lay.page.y >= 0 && lay.page.x + lay.page.w <= z[i].w &&
                          lay.page.y + lay.page.h <= z[i].h);
                if (presenter) ck_assert(!overlap(&lay.page, &lay.loss));
            }
}
END_TEST

/* Renderer batches of one frame of the maps page (the draw list's, as --stats=verbose counts them) in a w × h
 * layout, drawn by v into its 1280 × 800 surface. */
static long maps_batches(view_ctx *v, const snap *s, int w, int h, int presenter, int slice)
{
    view_state vs;
    view_layout lay;
    layout_at(w, h, 1.0f, presenter, &lay, &vs);
    vs.maps_cut_on = slice;
    const double cut[4] = {-0.9, -0.3, 0.9, 0.4};
    memcpy(vs.maps_cut, cut, sizeof cut);
    draw_list *dl = view_ctx_draw_list(v);
    draw_list_profile_enable(dl, 1);
    ck_assert_int_eq(view_draw(v, s, &vs, &lay), 0);
    double ms;
    long tris, calls;
    draw_list_profile_take(dl, &ms, &tris, &calls);
    draw_list_profile_enable(dl, 0);
    return calls;
}

START_TEST(maps_page_batches)
{
    /* a tile's copy flushed the batch under way, and each row's marks, frames and handle were batches of their
     * own: 80 at 1280x800, 93 in presenter mode at 1280x720 with a slice; now the tiles go first, then the
     * clipped lines, then the rest of every row as one group (49 and 62) */
    snap *s = universal_snap("random-start", 6, 50);
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1280, 800, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(surf);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    ck_assert_ptr_nonnull(r);
    char err[512];
    view_ctx *v = app_view_open(r, NULL, err, sizeof err);
    ck_assert_msg(v != NULL, "%s", err);
    const long plain = maps_batches(v, s, 1280, 800, 0, 0), pres_cut = maps_batches(v, s, 1280, 720, 1, 1);
    view_ctx_destroy(v);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    ck_assert_msg(plain <= 55 && pres_cut <= 68, "batches: 1280x800 %ld; presenter 1280x720 with a slice %ld", plain,
                  pres_cut);
    free(s);
}
END_TEST

/* Every unit has its row with three maps inside the page, none overlapping, at N = 16 too. */
START_TEST(rows_fit_the_page)
{
    view_layout lay;
    const int sizes[3][2] = {{1280, 720}, {1920, 1080}, {960, 600}};
    for (int z = 0; z < 3; z++) {
        view_default_layout(sizes[z][0], sizes[z][1], 1.0f, 0, &lay);
        for (int n = 1; n <= 16; n++) {
            view_maps_geom g;
            view_maps_geometry(&lay.page, 1.0f, n, 0, VIEW_MAPS_OWN_LOSS | VIEW_MAPS_SLICE, &g);
            ck_assert_int_eq(g.rows, n); /* up to 16 units no row scrolls away */
            ck_assert(g.cell >= 24);
            for (int k = 0; k < n; k++)
                for (int c = VIEW_MAP_E; c <= VIEW_MAP_WH; c++) {
                    const draw_rect r = view_maps_rect(&g, (view_map_kind)c, k);
                    ck_assert(r.x >= lay.page.x && r.y >= lay.page.y && r.x + r.w <= g.units.x + g.units.w &&
                              r.y + r.h <= lay.page.y + lay.page.h);
                    int u;
                    double wx, wy;
                    ck_assert_int_eq(view_maps_hit(&g, r.x + r.w / 2, r.y + r.h / 2, &u, &wx, &wy), c);
                    ck_assert_int_eq(u, k);
                    ck_assert(fabs(wx) < 1e-6 && fabs(wy) < 1e-6);
                }
            ck_assert(g.units.x + g.units.w <= g.outp.x && g.yhat.x + g.yhat.w <= g.f.x);
            ck_assert(g.f.x + g.f.w <= lay.page.x + lay.page.w && g.res.y >= g.yhat.y + g.yhat.h);
            /* the slice strip inside the maps' panel, above the residual, clear of the maps and their bar */
            ck_assert(strip_placed(&g));
        }
    }
}
END_TEST

/* The slice strip: its bold ŷ curve lies where the running sum ends (the sum's last row, evaluated here
 * apart from the view), and the chain at t = 1 ends in ŷ's ring on it. */
/* The window's maps for a snapshot are nn_forward's values at every grid point, bit for bit; the residual is
 * ŷ − f and its mean square scene_true_error's. */
START_TEST(mapdata_equals_nn_forward)
{
    snap *s = universal_snap("bump", 5, 40);
    view_mapdata *md = view_mapdata_create();
    ck_assert_int_eq(view_mapdata_eval(md, s), 0);
    nn_net net;
    snap_net(s, &net);
    enum { GM = VIEW_MAPS_G };
    for (int i = 0; i < GM; i++)
        for (int j = 0; j < GM; j++) {
            const double x[2] = {lesson_map_coord(-1, 1, GM, j), lesson_map_coord(-1, 1, GM, i)};
            double e[NN_MAX_HIDDEN], h[NN_MAX_HIDDEN], y, f;
            nn_forward(&net, x, e, h, &y);
            s->scene->target(&s->scene_spec, x, &f);
            const int at = i * GM + j;
            for (int k = 0; k < s->hidden; k++) {
                ck_assert(view_mapdata_map(md, VIEW_MAP_E, k)[at] == e[k]);
                ck_assert(view_mapdata_map(md, VIEW_MAP_H, k)[at] == h[k]);
                ck_assert(view_mapdata_map(md, VIEW_MAP_WH, k)[at] == net.w2[k] * h[k]);
            }
            ck_assert(md->yhat[at] == y && md->f[at] == f && md->res[at] == y - f);
        }
    ck_assert(md->true_err == scene_true_error(s->scene, &s->scene_spec, &net, GM));
    view_mapdata_destroy(md);
    free(s);
}
END_TEST

START_TEST(slice_strip_running_sum_ends_on_yhat)
{
    snap *s = universal_snap("bump", 0, 0);
    view_state vs;
    view_layout lay;
    view_state_init(&vs);
    vs.maps_cut_on = 1;
    const double cut[4] = {-0.8, 0.7, 0.8, -0.75};
    for (int i = 0; i < 4; i++) vs.maps_cut[i] = cut[i];
    view_default_layout(W, H, 1.0f, 0, &lay);
    char err[512];
    SDL_Surface *surf = view_render_surface(s, &vs, &lay, W, H, NULL, err, sizeof err);
    ck_assert_msg(surf != NULL, "render: %s", err);
    view_maps_geom g;
    view_maps_geometry_for(&lay, &vs, s->hidden, &g);
    view_mapdata *md = view_mapdata_create();
    ck_assert_int_eq(view_mapdata_eval(md, s), 0);
    ck_assert_int_eq(view_mapdata_slice(md, s, cut), 0);
    enum { M = MAPDATA_SLICE_M };
    const double *end = md->sl_run + (size_t)s->hidden * M; /* the running sum after the last unit */
    const SDL_Color pred = draw_palette_get(0)->pred;
    int on = 0, tried = 0;
    for (int i = 8; i < M - 8; i += 8) {
        ck_assert(end[i] == md->sl_yhat[i]);
        const int x = (int)lroundf(view_maps_strip_x(&g, (double)i / (M - 1)));
        const int y = (int)lroundf(view_maps_strip_y(&g, md->sl_lo, md->sl_hi, end[i]));
        ck_assert(y > g.strip_plot.y && y < g.strip_plot.y + g.strip_plot.h);
        /* the line is 3 px wide: its middle pixel, whichever way the value rounds (and, where the strip beside
         * f is narrow and the curve steep, whichever way t rounds) */
        int best = 999;
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) {
                const SDL_Color c = pic_pixel(surf, x + dx, y + dy);
                const int d = abs(c.r - pred.r) + abs(c.g - pred.g) + abs(c.b - pred.b);
                best = d < best ? d : best;
            }
        on += best < 40;
        tried++;
    }
    ck_assert_msg(on == tried, "ŷ's bold curve on the running sum's end at %d of %d points", on, tried);
    /* the chain's end: ŷ(b)'s ring, a radius out from its centre at the sum's last value */
    const float yh = view_maps_strip_y(&g, md->sl_lo, md->sl_hi, end[M - 1]);
    int ring = 999;
    for (int dy = 3; dy <= 5; dy++) {
        const SDL_Color c = pic_pixel(surf, (int)lroundf(g.chain_x), (int)lroundf(yh) - dy);
        const int d = abs(c.r - pred.r) + abs(c.g - pred.g) + abs(c.b - pred.b);
        ring = d < ring ? d : ring;
    }
    ck_assert_msg(ring < 60, "ŷ(b)'s ring is %d off ŷ's colour", ring);
    /* without a segment there is no strip, only the words that say how to make one (and no ŷ curve there) */
    vs.maps_cut_on = 0;
    SDL_Surface *none = view_render_surface(s, &vs, &lay, W, H, NULL, err, sizeof err);
    ck_assert(none != NULL);
    view_maps_geom gn;
    view_maps_geometry_for(&lay, &vs, s->hidden, &gn);
    ck_assert(gn.strip.w == 0 && gn.hint.w > 1 && gn.hint.h > 1);
    const SDL_Color panel = draw_palette_get(0)->panel;
    int blue = 0, ink = 0;
    for (int y = (int)gn.hint.y; y < (int)(gn.hint.y + gn.hint.h); y++)
        for (int x = (int)gn.hint.x; x < (int)(gn.hint.x + gn.hint.w); x++) {
            const SDL_Color q = pic_pixel(none, x, y);
            blue += abs(q.r - pred.r) + abs(q.g - pred.g) + abs(q.b - pred.b) < 40;
            ink += abs(q.r - panel.r) + abs(q.g - panel.g) + abs(q.b - panel.b) > 120;
        }
    ck_assert_int_eq(blue, 0);
    ck_assert_msg(ink > 50, "the guidance's ink: %d pixels", ink);
    view_mapdata_destroy(md);
    SDL_FreeSurface(surf);
    SDL_FreeSurface(none);
    free(s);
}
END_TEST

/* Editing by geometry: a point on the dragged line has e_k = 0, the dragged tip is w̄_k drawn from the foot,
 * the line turning about the foot, the handle's height is w_k; and what a press grabs is where it is drawn. */
START_TEST(geometry_sets_the_parameters)
{
    /* the line through x keeps w̄: e_k(x) = 0 */
    const double w[2] = {3.0, -4.0}, x[2] = {0.25, -0.5};
    const double b = view_maps_edit_line(w, x);
    ck_assert(b + w[0] * x[0] + w[1] * x[1] == 0);
    /* the foot is on the line and nearest the origin: along w̄ */
    double p0[2];
    ck_assert(view_maps_foot(w, b, p0));
    ck_assert(fabs(b + w[0] * p0[0] + w[1] * p0[1]) < 1e-15);
    ck_assert(fabs(p0[0] * w[1] - p0[1] * w[0]) < 1e-15);
    /* the tip dragged to t: w̄ = (t − p0)/as, the line still through p0 and now normal to t − p0 */
    const double as = 0.1, t[2] = {0.6, 0.1};
    double w2[2], b2;
    view_maps_edit_arrow(p0, as, t, w2, &b2);
    ck_assert(fabs(p0[0] + as * w2[0] - t[0]) < 1e-15 && fabs(p0[1] + as * w2[1] - t[1]) < 1e-15);
    ck_assert(fabs(b2 + w2[0] * p0[0] + w2[1] * p0[1]) < 1e-15);
    /* a point on the new line, p0 + u ⊥: e = 0 there */
    ck_assert(fabs(b2 + w2[0] * (p0[0] - 0.3 * w2[1]) + w2[1] * (p0[1] + 0.3 * w2[0])) < 1e-12);
    /* the handle: w = m y, clamped to the map; and back */
    ck_assert(view_maps_edit_weight(0.5, 0.4) == 0.2 && view_maps_edit_weight(0.5, -3) == -0.5);
    ck_assert(view_maps_weight_y(0.5, 0.2) == 0.4);
    ck_assert(view_maps_foot((double[2]){0, 0}, 1.0, p0) == 0); /* w̄ = 0: no line, nothing to turn */

    /* on the page: unit 2 of the bump preset, its tip, handle and line each grabbed where they are drawn */
    snap *s = universal_snap("bump", 0, 0);
    view_layout lay;
    view_default_layout(W, H, 1.0f, 0, &lay);
    view_maps_geom g;
    view_maps_geometry(&lay.page, 1.0f, s->hidden, 0, VIEW_MAPS_OWN_LOSS, &g);
    nn_net net;
    snap_net(s, &net);
    const int k = 2;
    const double sa = view_maps_arrow_scale(s), m = view_maps_weight_scale(s);
    ck_assert(m >= 2 * fabs(net.w2[k]));
    const draw_rect me = view_maps_rect(&g, VIEW_MAP_E, k), mw = view_maps_rect(&g, VIEW_MAP_WH, k);
    double f0[2];
    ck_assert(view_maps_foot(net.w1 + 2 * k, net.b1[k], f0));
    float tx, ty, hx, hy, lx, ly;
    view_maps_to_screen(&me, f0[0] + sa * net.w1[2 * k], f0[1] + sa * net.w1[2 * k + 1], &tx, &ty);
    view_maps_handle(&mw, m, net.w2[k], &hx, &hy);
    /* a point on the line, away from the tip: the foot moved along the line by 0.3 */
    const double n = hypot(net.w1[2 * k], net.w1[2 * k + 1]);
    view_maps_to_screen(&me, f0[0] - 0.3 * net.w1[2 * k + 1] / n, f0[1] + 0.3 * net.w1[2 * k] / n, &lx, &ly);
    ck_assert_int_eq(view_maps_grab(&g, s, k, sa, m, 1.0f, tx + 2, ty - 2), VIEW_GRAB_ARROW);
    ck_assert_int_eq(view_maps_grab(&g, s, k, sa, m, 1.0f, hx, hy + 3), VIEW_GRAB_WEIGHT);
    ck_assert_int_eq(view_maps_grab(&g, s, k, sa, m, 1.0f, lx + 1, ly + 1), VIEW_GRAB_LINE);
    ck_assert_int_eq(view_maps_grab(&g, s, k, sa, m, 1.0f, me.x + 2, me.y + 2), VIEW_GRAB_NONE);
    ck_assert_int_eq(view_maps_grab(&g, s, k + 1, sa, m, 1.0f, tx, ty), VIEW_GRAB_NONE); /* another unit's row */
    /* dragging the line to a world point puts that point on it: the pixel maps back to e_k = 0 there */
    double wx, wy;
    view_maps_to_world(&me, me.x + 10, me.y + 20, &wx, &wy);
    const double nb = view_maps_edit_line(net.w1 + 2 * k, (double[2]){wx, wy});
    ck_assert(fabs(nb + net.w1[2 * k] * wx + net.w1[2 * k + 1] * wy) < 1e-12);
    free(s);
}
END_TEST

/* Lecture mode on the maps: in the layer-1 phase each unit's line after −η∇L is drawn dashed on its e_k map;
 * the forward phase draws none. */
START_TEST(layer1_phase_draws_the_lines_after_the_update)
{
    snap *s = universal_snap("random-start", 0, 0);
    view_layout lay;
    view_default_layout(W, H, 1.0f, 0, &lay);
    view_state vs;
    view_state_init(&vs);
    view_maps_geom g;
    view_maps_geometry_for(&lay, &vs, s->hidden, &g);
    char err[512];
    vs.phase = LECT_FORWARD;
    SDL_Surface *fw = view_render_surface(s, &vs, &lay, W, H, NULL, err, sizeof err);
    vs.phase = LECT_LAYER1;
    SDL_Surface *l1 = view_render_surface(s, &vs, &lay, W, H, NULL, err, sizeof err);
    ck_assert(fw && l1);
    int changed = 0, units = 0;
    for (int k = 0; k < s->hidden; k++) {
        const draw_rect me = view_maps_rect(&g, VIEW_MAP_E, k);
        int n = 0;
        for (int y = (int)me.y + 1; y < (int)(me.y + me.h) - 1; y++)
            for (int x = (int)me.x + 1; x < (int)(me.x + me.w) - 1; x++) {
                const SDL_Color a = pic_pixel(fw, x, y), b = pic_pixel(l1, x, y);
                n += abs(a.r - b.r) + abs(a.g - b.g) + abs(a.b - b.b) > 60;
            }
        changed += n;
        units += n > 10; /* a unit whose line misses its map has none to draw */
    }
    ck_assert_msg(2 * units >= s->hidden, "dashed lines on %d of %d units' maps (%d pixels)", units, s->hidden, changed);
    SDL_FreeSurface(fw);
    SDL_FreeSurface(l1);
    free(s);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("maps_render");
    TCase *tc = tcase_create("maps");
    tcase_add_test(tc, trained_bump_residual_is_flat);
    tcase_add_test(tc, headless_true_error_is_a_curve);
    tcase_add_test(tc, next_step_text_says_what_the_maps_draw);
    tcase_add_test(tc, yhat_map_shows_yhat);
    tcase_add_test(tc, rows_fit_the_page);
    tcase_add_test(tc, noisy_targets_over_the_clean_surface);
    tcase_add_test(tc, slice_strip_running_sum_ends_on_yhat);
    tcase_add_test(tc, mapdata_equals_nn_forward);
    tcase_add_test(tc, maps_get_the_room);
    tcase_add_test(tc, maps_readable_on_a_projector);
    tcase_add_test(tc, band_loss_has_the_true_error);
    tcase_add_test(tc, tokens_leave_small_maps_readable);
    tcase_add_test(tc, no_slice_no_strip_room);
    tcase_add_test(tc, maps_page_batches);
    tcase_add_test(tc, geometry_sets_the_parameters);
    tcase_add_test(tc, layer1_phase_draws_the_lines_after_the_update);
    suite_add_tcase(su, tc);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
