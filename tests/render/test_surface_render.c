/* test_surface_render: the 3-D surface page checked by pixels on off-screen software renders: the mesh is
 * drawn in the palette's colours, the near part of a surface covers the far part (the depth sort), and the
 * first scene gets a surface per output with its tokens. Main thread only; snapshots from train_core. */
#include <SDL.h>
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/offscreen.h"
#include "app/paths.h"
#include "render/text.h"
#include "render/view_panel.h"
#include "render/view.h"
#include "render/view_mapdata.h"
#include "render/view_surf.h"
#include "session/session.h"
#include "train/core.h"
#include "picture.h"
#include "trained.h"

#define W 1280
#define H 800

/* A snapshot of `scene`'s preset after `steps` steps of its defaults. */
static snap *scene_snap(const scene_desc *sc, const char *preset, int steps)
{
    static session se;
    session_default(&se);
    session_set_scene(&se, sc);
    session_set_preset(&se, scene_preset_find(sc, preset));
    return trained_snap(&se, steps);
}

/* The surface page of s as st asks, and its layout. */
static SDL_Surface *render_page(const snap *s, const view_surf *st, view_surf_layout *l)
{
    view_state vs;
    view_layout lay;
    view_state_init(&vs);
    vs.page = VIEW_PAGE_SURFACE;
    vs.surf = *st;
    view_default_layout(W, H, 1.0f, 0, &lay);
    char err[512];
    SDL_Surface *surf = view_render_surface(s, &vs, &lay, W, H, NULL, err, sizeof err);
    ck_assert_msg(surf != NULL, "render: %s", err);
    view_surf_layout_of(&lay.page, 1.0f, s->k, view_surf_has_target(s), l);
    return surf;
}

/* Pixels of the view's area tinted red (r − b > 40) and blue (b − r > 40), and the distinct tinted colours. */
static void tints(SDL_Surface *surf, const draw_rect *a, int *red, int *blue, int *distinct)
{
    static unsigned char seen[1 << 18]; /* 6 bits a channel */
    memset(seen, 0, sizeof seen);
    *red = *blue = *distinct = 0;
    for (int y = (int)a->y; y < (int)(a->y + a->h); y++)
        for (int x = (int)a->x; x < (int)(a->x + a->w); x++) {
            const SDL_Color c = pic_pixel(surf, x, y);
            const int d = c.r - c.b;
            if (d > 40) (*red)++;
            if (d < -40) (*blue)++;
            if (abs(d) > 40) {
                const int key = (c.r >> 2) << 12 | (c.g >> 2) << 6 | c.b >> 2;
                *distinct += !seen[key];
                seen[key] = 1;
            }
        }
}

/* A fresh universal net's ŷ is a smooth surface: many shades of the palette, lit, where the page was blank. */
START_TEST(mesh_is_drawn)
{
    snap *s = scene_snap(&scene_universal, "random-start", 0);
    view_surf st;
    view_surf_layout l;
    view_surf_init(&st);
    for (int wire = 0; wire <= 1; wire++) {
        st.wire = wire;
        SDL_Surface *surf = render_page(s, &st, &l);
        int red, blue, distinct;
        tints(surf, &l.area, &red, &blue, &distinct);
        ck_assert_msg(distinct > (wire ? 20 : 100), "wire %d: %d distinct tinted colours", wire, distinct);
        ck_assert_msg(red + blue > (wire ? 500 : 20000), "wire %d: %d tinted pixels", wire, red + blue);
        SDL_FreeSurface(surf);
    }
    free(s);
}
END_TEST

/* ŷ = −1 + tanh(20 x1 + 10) − tanh(20 x1): a red ridge (+1) for −0.5 < x1 < 0 on a blue floor (−1). Seen
 * from the x1 < 0 side, the ridge's front wall stands between the eye and the floor behind the ridge: where
 * that far floor projects, the wall (light, mid-way up its ramp) is drawn, not the floor's deep blue, which
 * shows on the near floor. The mesh is made row by row from x1 = −1, near first from this side: unsorted,
 * the far floor would be drawn last, over the wall. */
static void far_and_near(const snap *s, int persp, SDL_Color *near_floor, SDL_Color *behind)
{
    view_surf st;
    view_surf_layout l;
    view_surf_init(&st);
    st.persp = persp;
    st.overlay = 0; /* f's wire (the bump) would cross the floor */
    st.az = -M_PI / 2; /* the eye on the x1 < 0 side */
    st.el = 30 * M_PI / 180;
    SDL_Surface *surf = render_page(s, &st, &l);
    view_surf_cam cam;
    view_surf_camera(&st, &l.area, &cam);
    const float p_near[3] = {0.1f, -0.8f, -VIEW_SURF_H}, p_far[3] = {0.1f, 0.5f, -VIEW_SURF_H};
    float a[3], b[3];
    view_surf_project(&cam, p_near, a);
    view_surf_project(&cam, p_far, b);
    *near_floor = pic_pixel(surf, (int)a[0], (int)a[1]);
    *behind = pic_pixel(surf, (int)b[0], (int)b[1]);
    SDL_FreeSurface(surf);
}

START_TEST(near_covers_far)
{
    snap *s = scene_snap(&scene_universal, "random-start", 0);
    const int n = s->hidden;
    for (size_t i = 0; i < nn_param_count(2, n, 1); i++) s->p[i] = 0;
    s->p[1] = 20;          /* w̄(1)_1 = (0, 20) */
    s->p[3] = 20;          /* w̄(1)_2 = (0, 20) */
    s->p[2 * n] = 10;      /* b(1)_1 */
    s->p[3 * n] = 1;       /* w(2)_1 */
    s->p[3 * n + 1] = -1;  /* w(2)_2 */
    s->p[4 * n] = -1;      /* b(2) */
    s->act = NN_ACT_TANH;
    s->gain = 1;
    for (int i = 0; i < 2 * s->n; i++) s->x[i] = 5; /* the tokens off the square: not drawn, nothing in the way */
    for (int persp = 0; persp <= 1; persp++) {
        SDL_Color fl, be;
        far_and_near(s, persp, &fl, &be);
        /* the near floor is the palette's deep blue; behind the ridge much lighter (the wall's middle) */
        ck_assert_msg(fl.b > fl.r + 60, "persp %d: near floor %d,%d,%d", persp, fl.r, fl.g, fl.b);
        ck_assert_msg(be.r + be.g > fl.r + fl.g + 120, "persp %d: behind the ridge %d,%d,%d vs the floor %d,%d,%d",
                      persp, be.r, be.g, be.b, fl.r, fl.g, fl.b);
    }
    free(s);
}
END_TEST

/* The first scene (two inputs, two outputs, no f): ŷ₁ and ŷ₂ are different surfaces, its tokens drawn. */
START_TEST(semicircle_outputs)
{
    snap *s = scene_snap(&scene_semicircle, "lecture-start", 2000);
    view_surf st;
    view_surf_layout l;
    view_surf_init(&st);
    int red[2], blue[2], distinct[2];
    for (int c = 0; c < 2; c++) {
        ck_assert(view_surf_press(&st, (view_surf_button)(VIEW_SURF_B_OUT0 + c), s->hidden, s->k) == (c == 1));
        SDL_Surface *surf = render_page(s, &st, &l);
        ck_assert(l.b[VIEW_SURF_B_OUT0 + 1].w > 0 && l.b[VIEW_SURF_B_F].w == 0); /* outputs, and no f */
        tints(surf, &l.area, &red[c], &blue[c], &distinct[c]);
        ck_assert_msg(distinct[c] > 20, "output %d: %d distinct tinted colours", c + 1, distinct[c]);
        SDL_FreeSurface(surf);
    }
    ck_assert(red[0] != red[1] || blue[0] != blue[1]);
    free(s);
}
END_TEST

/* The buttons sit inside the controls' panel without overlapping, at every size; presses do what they say. */
START_TEST(layout_and_buttons)
{
    const int sizes[3][2] = {{1280, 720}, {1920, 1080}, {960, 600}};
    for (int z = 0; z < 3; z++)
        for (int k = 1; k <= 2; k++) {
            view_layout lay;
            view_default_layout(sizes[z][0], sizes[z][1], 1.0f, 0, &lay);
            view_surf_layout l;
            view_surf_layout_of(&lay.page, 1.0f, k, k == 1, &l);
            ck_assert(l.area.w > 200 && l.area.h > 150);
            for (int b = 0; b < VIEW_SURF_B_COUNT; b++) {
                const draw_rect *r = &l.b[b];
                if (r->w <= 0) continue;
                ck_assert(r->x >= l.side.x && r->x + r->w <= l.side.x + l.side.w && r->y + r->h <= l.bar.y);
                ck_assert_int_eq(view_surf_hit(&l, r->x + r->w / 2, r->y + r->h / 2), b);
            }
        }
    view_surf st;
    view_surf_init(&st);
    ck_assert(view_surf_press(&st, VIEW_SURF_B_H, 6, 1) && st.kind == VIEW_MAP_H);
    ck_assert(view_surf_press(&st, VIEW_SURF_B_PREV, 6, 1) && st.unit == 5); /* wraps round */
    ck_assert(view_surf_press(&st, VIEW_SURF_B_WIRE, 6, 1) && st.wire);
    ck_assert(!view_surf_press(&st, VIEW_SURF_B_WIRE, 6, 1));
    ck_assert(!view_surf_press(&st, (view_surf_button)(VIEW_SURF_B_OUT0 + 1), 6, 1)); /* no second output */
    view_surf_rotate(&st, 0, -1000);
    ck_assert(st.el == 0);
    view_surf_zoom(&st, 100);
    ck_assert(st.zoom == VIEW_SURF_ZOOM_MAX);
    ck_assert(view_surf_press(&st, VIEW_SURF_B_RESET, 6, 1) && st.zoom == 1 && st.el > 0);
}
END_TEST

/* f's wire over ŷ where ŷ = f (a ridge the net matches exactly: one tanh unit): every step of every wire line
 * shows, the surface never cuts it into dashes (each piece was sorted by its own centre, and the quads it lies
 * on, their centres half a quad nearer, were drawn over it). The wire is found as the difference between the
 * page with f over ŷ and without, at the middle of each step of the mesh's every other row and column. */
START_TEST(wire_whole_where_yhat_is_f)
{
    snap *s = scene_snap(&scene_universal, "random-start", 0);
    const int n = s->hidden;
    for (size_t i = 0; i < nn_param_count(2, n, 1); i++) s->p[i] = 0;
    s->p[0] = 2, s->p[1] = 1; /* w̄(1)_1 = (2, 1), b(1)_1 = 0 */
    s->p[3 * n] = 1;          /* w(2)_1 = 1, b(2) = 0: ŷ = tanh(2 x0 + x1) */
    s->act = NN_ACT_TANH;
    s->gain = 1;
    s->scene_spec.v[0] = 1; /* the target: ridge, f = tanh(2 x0 + x1) */
    for (int i = 0; i < 2 * s->n; i++) s->x[i] = 5; /* the tokens off the square */
    view_mapdata *md = view_mapdata_create();
    ck_assert_int_eq(view_mapdata_eval(md, s), 0);
    enum { G = VIEW_MAPS_G, M = 33 }; /* the page's mesh: 33 points a side picked from the G×G maps */
    for (int i = 0; i < G * G; i++) ck_assert(fabs(md->yhat[i] - md->f[i]) < 1e-12);
    const double m = md->m_out;
    for (int v = 0; v < 3; v++) {
        const double az[3] = {-55, -80, 125}, el[3] = {28, 45, 60}; /* the default view, and two more */
        view_surf st;
        view_surf_layout l;
        view_surf_init(&st);
        st.az = az[v] * M_PI / 180;
        st.el = el[v] * M_PI / 180;
        SDL_Surface *on = render_page(s, &st, &l);
        st.overlay = 0;
        SDL_Surface *off = render_page(s, &st, &l);
        view_surf_cam cam;
        view_surf_camera(&st, &l.area, &cam);
        int shown = 0, all = 0;
        float sc[M][M][3];
        for (int a = 0; a < M; a++)
            for (int b = 0; b < M; b++) {
                const int i = (a * (G - 1) + (M - 1) / 2) / (M - 1), j = (b * (G - 1) + (M - 1) / 2) / (M - 1);
                const double x0 = -1 + 2 * (j + 0.5) / G, x1 = -1 + 2 * (i + 0.5) / G;
                const float p[3] = {(float)x0, (float)x1, (float)(VIEW_SURF_H * tanh(2 * x0 + x1) / m)};
                view_surf_project(&cam, p, sc[a][b]);
            }
        for (int dir = 0; dir < 2; dir++)
            for (int line = 0; line < M; line += 2)
                for (int t = 0; t + 1 < M; t++) {
                    const float *p0 = dir ? sc[t][line] : sc[line][t], *p1 = dir ? sc[t + 1][line] : sc[line][t + 1];
                    const int cx = (int)lroundf((p0[0] + p1[0]) / 2), cy = (int)lroundf((p0[1] + p1[1]) / 2);
                    int best = 0;
                    for (int dy = -2; dy <= 2; dy++)
                        for (int dx = -2; dx <= 2; dx++) {
                            const SDL_Color a = pic_pixel(on, cx + dx, cy + dy), b = pic_pixel(off, cx + dx, cy + dy);
                            const int d = abs(a.r - b.r) + abs(a.g - b.g) + abs(a.b - b.b);
                            best = d > best ? d : best;
                        }
                    shown += best > 40;
                    all++;
                }
        /* all but the odd step that the software renderer, which cuts vertices to whole pixels, thins away
         * (the sort by each piece's own centre lost 8 to 26 %) */
        ck_assert_msg(shown >= all - all / 100, "view %d: the wire shows at %d of its %d steps", v, shown, all);
        SDL_FreeSurface(on);
        SDL_FreeSurface(off);
    }
    view_mapdata_destroy(md);
    free(s);
}
END_TEST

/* The projection's words fit their buttons whole at every size (at 960×600 "orthographic" was cut to
 * "orthograp…"), in the bold face a chosen button uses, with the margins the drawing leaves. */
START_TEST(projection_words_fit)
{
    SDL_Surface *tgt = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(tgt);
    SDL_Renderer *ren = SDL_CreateSoftwareRenderer(tgt);
    ck_assert_ptr_nonnull(ren);
    char dir[2048], err[1024];
    ck_assert_msg(paths_assets(dir, sizeof dir, err, sizeof err) == 0, "%s", err);
    text_cache *tc = text_cache_create(ren, dir, err, sizeof err);
    ck_assert_msg(tc != NULL, "%s", err);
    const int sizes[4][2] = {{1280, 720}, {1920, 1080}, {960, 600}, {1280, 800}};
    const float scales[4] = {1.0f, 1.5f, 1.0f, 1.0f};
    static const char *const words[2] = {"orthographic", "perspective"};
    for (int z = 0; z < 4; z++) {
        view_layout lay;
        view_default_layout(sizes[z][0], sizes[z][1], scales[z], 0, &lay);
        view_surf_layout l;
        view_surf_layout_of(&lay.page, scales[z], 1, 1, &l);
        text_set_scale(tc, scales[z]);
        for (int b = 0; b < 2; b++) {
            const draw_rect *r = &l.b[VIEW_SURF_B_ORTHO + b];
            char out[64];
            /* the button's own rule (view_surface.c): the label fitted to its width less 6 px × scale */
            ck_assert_int_eq(text_fit(tc, TEXT_BOLD, FONT_LABEL, words[b], r->w - 6 * scales[z], out, sizeof out), 0);
            ck_assert_msg(strcmp(out, words[b]) == 0, "%dx%d: '%s' drawn as '%s' in %.0f px", sizes[z][0],
                          sizes[z][1], words[b], out, r->w);
        }
        /* the two never overlap, nor the rows around them */
        const draw_rect *o = &l.b[VIEW_SURF_B_ORTHO], *p = &l.b[VIEW_SURF_B_PERSP];
        ck_assert(o->x + o->w <= p->x || o->y + o->h <= p->y);
        ck_assert(l.b[VIEW_SURF_B_WIRE].y + l.b[VIEW_SURF_B_WIRE].h <= o->y);
        ck_assert(p->y + p->h <= l.b[VIEW_SURF_B_OVERLAY].y);
    }
    text_cache_destroy(tc);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(tgt);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("surface_render");
    TCase *tc = tcase_create("surface");
    tcase_add_test(tc, mesh_is_drawn);
    tcase_add_test(tc, near_covers_far);
    tcase_add_test(tc, semicircle_outputs);
    tcase_add_test(tc, layout_and_buttons);
    tcase_add_test(tc, projection_words_fit);
    tcase_add_test(tc, wire_whole_where_yhat_is_f);
    suite_add_tcase(su, tc);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
