/* test_polish: what a teacher reads off the panels, checked by numbers and by pixels of off-screen
 * software renders: one token numbering, the gain in σ's name, notes that cover no token, labels of
 * w̄ arrows that leave the plot, dense error fields, readable bar values, unit styles, the next-step
 * box per optimizer and on pages that draw no step, the note after N grew, singular/plural speeds, and
 * a twin's legend that leaves the true error's value readable.
 * Main thread only; snapshots come from train_core without threads. */
#include <SDL.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/offscreen.h"
#include "data/scene.h"
#include "render/lecture.h"
#include "render/view.h"
#include "render/view_fmt.h"
#include "render/view_panel.h"
#include "session/session.h"
#include "train/core.h"
#include "ui/layout.h"
#include "picture.h"

/* ---- utilities ---- */

static train_core *make_core(int preset, int n, int hidden)
{
    static session se;
    char err[256];
    session_default(&se);
    if (preset >= 0) session_set_preset(&se, preset);
    if (n > 0) se.task.n = n;
    if (hidden > 0) se.hidden = hidden;
    train_core *c = train_core_create(&se, err, sizeof err);
    ck_assert_msg(c != NULL, "train_core_create: %s", err);
    return c;
}

static snap *fill(train_core *c)
{
    snap *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(s);
    train_core_fill(c, s);
    return s;
}

static void apply_cmd(train_core *c, train_cmd_type t, int i, int j, double a, double b)
{
    train_cmd m = {.type = t, .i = i, .j = j, .a = a, .b = b};
    train_core_apply(c, &m);
}

static SDL_Surface *render(const snap *s, const view_state *vs, const view_layout *lay, int w, int h)
{
    char err[512];
    SDL_Surface *surf = view_render_surface(s, vs, lay, w, h, NULL, err, sizeof err);
    ck_assert_msg(surf != NULL, "render: %s", err);
    return surf;
}

static int near_colour(SDL_Color a, SDL_Color b, int tol)
{
    int dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b;
    return dr * dr + dg * dg + db * db <= tol * tol;
}

/* With BPL_TEST_PICTURES=DIR set, the pictures a test checks are also written there to be looked at. */
static void keep_picture(SDL_Surface *surf, const char *name)
{
    const char *dir = getenv("BPL_TEST_PICTURES");
    if (!dir || !*dir) return;
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    ck_assert_msg(view_save_png(surf, path, err, sizeof err) == 0, "%s", err);
}

/* The three window sizes every rule here is checked at. */
static const int sizes[3][2] = {{960, 600}, {1280, 720}, {1920, 1080}};

/* ---- defect 3: one token numbering, from 1 ---- */

/* Dragging the θ = 0 token (index 4 of 9) names it 5 in the session file, the marks and the bars. */
START_TEST(one_token_numbering)
{
    train_core *c = make_core(-1, 9, 0);
    apply_cmd(c, TRAIN_CMD_MOVE_INPUT, 4, 0, 1.05, 0.1);
    apply_cmd(c, TRAIN_CMD_MOVE_TARGET, 4, 0, 0.1, 0.05);
    snap *s = fill(c);
    ck_assert_double_eq_tol(s->theta[4], 0, 1e-12);
    session *se = malloc(sizeof *se);
    ck_assert_ptr_nonnull(se);
    train_core_session(c, se);
    static char text[1 << 20];
    ck_assert_int_gt(session_format(se, text, sizeof text), 0);
    ck_assert_msg(strstr(text, "[token 5]") != NULL, "%s", text);
    char words[2][32];
    ck_assert_int_ge(s->hist.n_marks, 2);
    view_fmt_mark(words[0], sizeof words[0], s->scene, &s->hist.mark[s->hist.n_marks - 2]);
    view_fmt_mark(words[1], sizeof words[1], s->scene, &s->hist.mark[s->hist.n_marks - 1]);
    ck_assert_str_eq(words[0], "x5 moved");
    ck_assert_str_eq(words[1], "y5 moved");
    /* the equations name the selected token the same way */
    char eq[1024];
    lect_equation(s, 4, 0, LECT_LAYER2, eq, sizeof eq);
    ck_assert_msg(strstr(eq, "(token 5)") != NULL, "%s", eq);
    free(se);
    free(s);
    train_core_destroy(c);
}
END_TEST

/* ---- defect 2: no note or label covers a token or a target ---- */

/* Every token's marker in the input plane, and every target's in the output plane (those no prediction
 * sits on), shows its own colour at its centre: no note, name or label was drawn over it. */
static void assert_markers_uncovered(const snap *s, const view_state *vs, int w, int h, const char *name)
{
    view_layout lay;
    view_default_layout(w, h, 1.0f, 0, &lay);
    SDL_Surface *img = render(s, vs, &lay, w, h);
    keep_picture(img, name);
    const draw_palette *pal = draw_palette_get(0);
    const view_xform ti = view_plane_xform(s, vs, &lay, VIEW_PLANE_INPUT);
    const view_xform to = view_plane_xform(s, vs, &lay, VIEW_PLANE_OUTPUT);
    const float r = (s->n <= 32 ? 5.0f : s->n <= 128 ? 4.0f : 3.0f) /* view_plane.c's radius at scale 1 */;
    int checked = 0;
    for (int i = 0; i < s->n; i++) {
        float x, y;
        view_to_screen(&ti, s->x[2 * i], s->x[2 * i + 1], &x, &y);
        if (!view_in_rect(&ti.r, x, y)) continue;
        SDL_Color c = pic_pixel(img, (int)floorf(x), (int)floorf(y));
        ck_assert_msg(near_colour(c, pal->token, 40), "%s: token %d at (%.0f, %.0f) is covered: %d %d %d", name, i + 1,
                      x, y, c.r, c.g, c.b);
        checked++;
        view_to_screen(&to, s->y[2 * i], s->y[2 * i + 1], &x, &y);
        if (!view_in_rect(&to.r, x, y)) continue;
        int free_of_predictions = 1;
        for (int j = 0; j < s->n; j++) {
            float px, py;
            view_to_screen(&to, s->yhat[2 * j], s->yhat[2 * j + 1], &px, &py);
            free_of_predictions &= hypotf(px - x, py - y) > 2 * r + 2;
        }
        if (!free_of_predictions) continue;
        c = pic_pixel(img, (int)floorf(x), (int)floorf(y));
        ck_assert_msg(near_colour(c, pal->target, 40), "%s: target %d at (%.0f, %.0f) is covered: %d %d %d", name, i + 1,
                      x, y, c.r, c.g, c.b);
        checked++;
    }
    ck_assert_int_ge(checked, s->n);
    SDL_FreeSurface(img);
}

START_TEST(notes_and_labels_cover_no_token)
{
    /* lecture-start, paused: the update arrows and their notes are shown in both planes */
    train_core *c = make_core(DATA_PRESET_LECTURE_START, 0, 0);
    snap *s = fill(c);
    view_state vs;
    view_state_init(&vs);
    char name[64];
    for (int z = 0; z < 3; z++) {
        snprintf(name, sizeof name, "notes-%dx%d", sizes[z][0], sizes[z][1]);
        assert_markers_uncovered(s, &vs, sizes[z][0], sizes[z][1], name);
    }
    /* and after some training, with another token selected */
    for (int i = 0; i < 300; i++) train_core_step(c);
    train_core_fill(c, s);
    vs.selected = 0;
    for (int z = 0; z < 3; z++) {
        snprintf(name, sizeof name, "notes-300-%dx%d", sizes[z][0], sizes[z][1]);
        assert_markers_uncovered(s, &vs, sizes[z][0], sizes[z][1], name);
    }
    free(s);
    train_core_destroy(c);
}
END_TEST

/* ---- friction: w̄ arrows that leave the plot keep their labels ---- */

static float seg_dist(float px, float py, float ax, float ay, float bx, float by)
{
    float dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    float u = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    return hypotf(px - ax - u * dx, py - ay - u * dy);
}

/* For every unit whose w̄ arrow leaves the plot, pixels of its colour away from its arrow and its
 * decision line near where the arrow leaves: its label. Returns how many arrows leave. */
static int assert_edge_labels(const snap *s, int w, int h, const char *name)
{
    view_state vs;
    view_layout lay;
    view_state_init(&vs);
    view_default_layout(w, h, 1.0f, 0, &lay);
    SDL_Surface *img = render(s, &vs, &lay, w, h);
    keep_picture(img, name);
    const draw_palette *pal = draw_palette_get(0);
    const view_xform t = view_plane_xform(s, &vs, &lay, VIEW_PLANE_INPUT);
    int leaving = 0;
    nn_net net;
    snap_net(s, &net);
    for (int k = 0; k < s->hidden; k++) {
        const double w0 = net.w1[2 * k], w1 = net.w1[2 * k + 1], b = net.b1[k];
        float ox, oy, ex, ey;
        view_to_screen(&t, 0, 0, &ox, &oy);
        view_to_screen(&t, w0, w1, &ex, &ey);
        if (view_in_rect(&t.r, ex, ey)) continue;
        leaving++;
        /* where the arrow crosses the plot's edge */
        double t0, t1;
        ck_assert(draw_clip_segment(ox, oy, ex, ey, t.r.x, t.r.x + t.r.w, t.r.y, t.r.y + t.r.h, &t0, &t1));
        const float cx = ox + (float)t1 * (ex - ox), cy = oy + (float)t1 * (ey - oy);
        /* the decision line w̄·x + b = 0, through its point nearest the origin */
        const double n2 = w0 * w0 + w1 * w1;
        float la, lb, lc, ld;
        view_to_screen(&t, -b * w0 / n2 - 10 * w1, -b * w1 / n2 + 10 * w0, &la, &lb);
        view_to_screen(&t, -b * w0 / n2 + 10 * w1, -b * w1 / n2 - 10 * w0, &lc, &ld);
        int label = 0;
        for (int y = (int)cy - 45; y <= (int)cy + 45; y++)
            for (int x = (int)cx - 45; x <= (int)cx + 45; x++) {
                if (!view_in_rect(&t.r, (float)x, (float)y)) continue;
                if (seg_dist((float)x, (float)y, ox, oy, ex, ey) < 6 || seg_dist((float)x, (float)y, la, lb, lc, ld) < 4)
                    continue;
                label += near_colour(pic_pixel(img, x, y), draw_unit_colour(pal, k), 30);
            }
        ck_assert_msg(label >= 15, "%s: w\xcc\x84%d leaves the plot at (%.0f, %.0f) with no label (%d pixels)", name,
                      k + 1, cx, cy, label);
    }
    SDL_FreeSurface(img);
    return leaving;
}

START_TEST(arrows_leaving_the_plot_keep_their_labels)
{
    train_core *c = make_core(DATA_PRESET_LECTURE_START, 0, 0);
    snap *s = fill(c);
    char name[64];
    for (int z = 0; z < 3; z++) {
        snprintf(name, sizeof name, "edge-0-%dx%d", sizes[z][0], sizes[z][1]);
        ck_assert_int_ge(assert_edge_labels(s, sizes[z][0], sizes[z][1], name), 1); /* w̄3 from the start */
    }
    for (int i = 0; i < 2000; i++) train_core_step(c);
    train_core_fill(c, s);
    snprintf(name, sizeof name, "edge-2000-1280x720");
    ck_assert_int_ge(assert_edge_labels(s, 1280, 720, name), 3);
    free(s);
    train_core_destroy(c);
}
END_TEST

/* ---- friction: 64 unit styles; readable values on the bars ---- */

/* Units 0..63 differ in colour (by 32 or more in RGB) or in pattern, in both palettes, and unit k's bar in the hidden
 * layer panel has unit k's colour (unit 8's is not unit 0's). */
START_TEST(sixty_four_units_have_styles_of_their_own)
{
    for (int p = 0; p < 2; p++) {
        const draw_palette *pal = draw_palette_get(p);
        for (int a = 0; a < DRAW_UNIT_STYLES; a++) {
            ck_assert(draw_unit_pattern_of(a) == draw_unit_pattern_of(a + DRAW_UNIT_STYLES)); /* then repeating */
            /* every style shows on the panel */
            ck_assert_msg(draw_contrast(draw_unit_colour(pal, a), pal->panel) >= 1.8, "unit %d fades into the panel", a + 1);
            for (int b = a + 1; b < DRAW_UNIT_STYLES; b++) {
                if (draw_unit_pattern_of(a) != draw_unit_pattern_of(b)) continue;
                SDL_Color ca = draw_unit_colour(pal, a), cb = draw_unit_colour(pal, b);
                ck_assert_msg(!near_colour(ca, cb, 32), "palette %d: units %d and %d look alike", p, a + 1, b + 1);
            }
        }
    }
    float dash, gap;
    draw_unit_dash(3, 1.0f, &dash, &gap);
    ck_assert(dash == 0 && gap == 0);
    draw_unit_dash(30, 2.0f, &dash, &gap);
    ck_assert(dash > 0 && gap > 0);

    train_core *c = make_core(DATA_PRESET_LECTURE_START, 0, 16);
    snap *s = fill(c);
    view_state vs;
    view_layout lay;
    view_state_init(&vs);
    view_default_layout(1280, 720, 1.0f, 0, &lay);
    SDL_Surface *img = render(s, &vs, &lay, 1280, 720);
    keep_picture(img, "units-16");
    view_bars_geom g;
    view_bars_geometry(&lay, 1.0f, s->hidden, &g);
    lect_token tk;
    lect_token_compute(s, view_selected_token(&vs, s->n), &tk);
    const draw_palette *pal = draw_palette_get(0);
    for (int k = 0; k < s->hidden; k++) {
        /* the middle of the bar of h_k (logistic: from 0 up to h_k) */
        const draw_rect *ch = &g.chart[1];
        const float x = g.col0[1] + g.colw * ((float)k + 0.5f), y = ch->y + ch->h * (float)(1 - 0.5 * tk.h[k]);
        SDL_Color got = pic_pixel(img, (int)x, (int)y);
        ck_assert_msg(near_colour(got, draw_unit_colour(pal, k), 12), "h%d's bar is %d %d %d", k + 1, got.r, got.g, got.b);
    }
    ck_assert(!near_colour(draw_unit_colour(pal, 0), draw_unit_colour(pal, 8), 32));
    SDL_FreeSurface(img);
    free(s);
    train_core_destroy(c);
}
END_TEST

/* A value printed inside a bar is in the ink that reads on it: contrast 4.5:1 at least (WCAG AA) on
 * every unit's colour, dimmed or not. */
START_TEST(values_inside_bars_read)
{
    for (int p = 0; p < 2; p++) {
        const draw_palette *pal = draw_palette_get(p);
        for (int k = 0; k < DRAW_UNIT_STYLES; k++) {
            SDL_Color bars[2] = {draw_unit_colour(pal, k), draw_mix(draw_unit_colour(pal, k), pal->panel, 0.55f)};
            for (int d = 0; d < 2; d++) {
                double cr = draw_contrast(draw_ink_on(pal, bars[d]), bars[d]);
                ck_assert_msg(cr >= 4.5, "palette %d unit %d%s: contrast %.2f", p, k + 1, d ? " dimmed" : "", cr);
            }
        }
    }
    /* the text ink alone fails on the darker bars, which is why the ink is chosen */
    const draw_palette *pal = draw_palette_get(0);
    ck_assert(draw_contrast(pal->text, draw_unit_colour(pal, 7)) < 4.5);
}
END_TEST

/* ---- defect 8: the gain in σ's name ---- */

/* ---- friction: growing N, then L rises: the window says why ---- */

static void steps(train_core *c, int k)
{
    apply_cmd(c, TRAIN_CMD_STEP, k, 0, 0, 0);
    while (train_core_wants_step(c)) train_core_step(c);
}

START_TEST(growing_n_explains_the_rise)
{
    char b[256];
    train_core *c = make_core(-1, 9, 0);
    apply_cmd(c, TRAIN_CMD_SET_LR, 0, 0, 0.1, 0);
    steps(c, 20);
    snap *s = fill(c);
    ck_assert_int_eq(view_growth_note(s, b, sizeof b), 0); /* nothing grew */
    free(s);
    apply_cmd(c, TRAIN_CMD_SET_HIDDEN, 64, 0, 0, 0);
    steps(c, 10);
    s = fill(c);
    ck_assert_int_gt(view_growth_note(s, b, sizeof b), 0);
    ck_assert_msg(strstr(b, "N grew 5 \xe2\x86\x92 64") != NULL, "%s", b);
    free(s);
    /* shrinking is no growth; long after, or after a reset, nothing is said */
    apply_cmd(c, TRAIN_CMD_SET_HIDDEN, 32, 0, 0, 0);
    s = fill(c);
    ck_assert_int_eq(view_growth_note(s, b, sizeof b), 0);
    free(s);
    apply_cmd(c, TRAIN_CMD_SET_HIDDEN, 40, 0, 0, 0);
    steps(c, 3001);
    s = fill(c);
    ck_assert_int_eq(view_growth_note(s, b, sizeof b), 0);
    free(s);
    apply_cmd(c, TRAIN_CMD_SET_HIDDEN, 48, 0, 0, 0);
    apply_cmd(c, TRAIN_CMD_RESET, 0, 0, 0, 0);
    s = fill(c);
    ck_assert_int_eq(view_growth_note(s, b, sizeof b), 0);
    free(s);
    train_core_destroy(c);
}
END_TEST

START_TEST(gain_shows_in_every_name_of_sigma)
{
    char b[64];
    lect_sigma_name(b, sizeof b, 1.0, "e");
    ck_assert_str_eq(b, "\xcf\x83(e)");
    lect_sigma_name(b, sizeof b, 9.2, "e");
    ck_assert_str_eq(b, "\xcf\x83(a\xc2\xb7" "e)");
    lect_dsigma_name(b, sizeof b, 1.0, "e");
    ck_assert_str_eq(b, "\xcf\x83\xe2\x80\xb2(e)");
    lect_dsigma_name(b, sizeof b, 9.2, "e");
    ck_assert_str_eq(b, "a\xc2\xb7\xcf\x83\xe2\x80\xb2(a\xc2\xb7" "e)");
    lect_gain_note(b, sizeof b, 1.0);
    ck_assert_str_eq(b, "");
    lect_gain_note(b, sizeof b, 9.2);
    ck_assert_str_eq(b, ", a = 9.2");
    /* the equations of the forward and layer-1 phases */
    for (int g = 0; g < 2; g++) {
        train_core *c = make_core(DATA_PRESET_LECTURE_START, 0, 0);
        if (g) apply_cmd(c, TRAIN_CMD_SET_GAIN, 0, 0, 9.2, 0);
        snap *s = fill(c);
        char eq[2048];
        lect_equation(s, 2, 0, LECT_FORWARD, eq, sizeof eq);
        const char *plain = "h\xe2\x82\x81 = \xcf\x83(e\xe2\x81\xbd\xc2\xb9\xe2\x81\xbe\xe2\x82\x81)";
        const char *gained = "h\xe2\x82\x81 = \xcf\x83(a\xc2\xb7" "e\xe2\x81\xbd\xc2\xb9\xe2\x81\xbe\xe2\x82\x81)";
        ck_assert_msg(strstr(eq, g ? gained : plain) != NULL, "%s", eq);
        ck_assert_msg(!g || strstr(eq, "(a = 9.2)") != NULL, "%s", eq);
        lect_equation(s, 2, 0, LECT_LAYER1, eq, sizeof eq);
        ck_assert_msg(strstr(eq, g ? "= a\xc2\xb7\xcf\x83\xe2\x80\xb2(a\xc2\xb7" : "= \xcf\x83\xe2\x80\xb2(e") != NULL,
                      "%s", eq);
        /* the σ panel and the bars, to be looked at */
        view_state vs;
        view_layout lay;
        view_state_init(&vs);
        vs.phase = LECT_FORWARD;
        view_default_layout(1280, 720, 1.0f, UI_LAYOUT_SIGMA | UI_LAYOUT_LECTURE, &lay);
        SDL_Surface *img = render(s, &vs, &lay, 1280, 720);
        keep_picture(img, g ? "sigma-gain" : "sigma-plain");
        SDL_FreeSurface(img);
        free(s);
        train_core_destroy(c);
    }
}
END_TEST

/* ---- the twin's legend beside the true error's value ---- */

/* Error-red pixels (the true error's colour) of a picture. */
static long red_pixels(SDL_Surface *surf)
{
    long n = 0;
    for (int y = 0; y < surf->h; y++)
        for (int x = 0; x < surf->w; x++) {
            const SDL_Color c = pic_pixel(surf, x, y);
            n += c.r > 170 && c.g < 90 && c.b < 90;
        }
    return n;
}

/* On the maps page of the universal scene the loss plot prints E|ŷ − f|² at its upper right; a twin's
 * legend goes below it and hides none of it (it used to cover the value). */
START_TEST(twin_legend_leaves_the_true_error_readable)
{
    static session se;
    session_default(&se);
    session_set_scene(&se, &scene_universal);
    char err[256];
    train_core *c = train_core_create(&se, err, sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    for (int i = 0; i < 300; i++) train_core_step(c);
    snap *s = fill(c);
    train_core_destroy(c);
    for (int z = 0; z < 3; z++) {
        view_state vs;
        view_layout lay;
        view_state_init(&vs);
        view_default_layout(sizes[z][0], sizes[z][1], 1.0f, 0, &lay);
        SDL_Surface *alone = render(s, &vs, &lay, sizes[z][0], sizes[z][1]);
        vs.twin = s; /* run b on run a: its dotted curve lies on a's loss, only the legend is new */
        snprintf(vs.twin_label[0], sizeof vs.twin_label[0], "gd");
        snprintf(vs.twin_label[1], sizeof vs.twin_label[1], "\xce\xb7 \xc3\x97 4");
        SDL_Surface *twin = render(s, &vs, &lay, sizes[z][0], sizes[z][1]);
        keep_picture(twin, "twin_legend");
        const long a = red_pixels(alone), b = red_pixels(twin);
        ck_assert_msg(a > 200 && b >= a - a / 50, "%dx%d: %ld red pixels alone, %ld with the twin's legend", sizes[z][0],
                      sizes[z][1], a, b);
        SDL_FreeSurface(alone);
        SDL_FreeSurface(twin);
    }
    free(s);
}
END_TEST

/* ---- the next-step strip on pages that draw no pending step ---- */

/* The diagram, ledger, surface, sweep and other pages draw no arrows: their strip says what Step does and
 * where the step is drawn, for the lecture's gd, another optimizer, a running net and the maps scene. */
START_TEST(pages_without_arrows_claim_none)
{
    train_core *c = make_core(-1, 0, 0);
    snap *s = fill(c);
    char b[512];
    s->opt = NN_OPT_GD;
    ck_assert_int_gt(view_page_step_text(s, b, sizeof b), 0);
    ck_assert_msg(!strstr(b, "The arrows show") && strstr(b, "Step (\xe2\x86\x92) applies the next gd step"), "%s", b);
    ck_assert_msg(strstr(b, "\xce\xb7 = 0.02") && strstr(b, "train view draws it as arrows"), "%s", b);
    s->opt = NN_OPT_MOMENTUM;
    view_page_step_text(s, b, sizeof b);
    ck_assert_msg(strstr(b, "momentum's next step") && strstr(b, "gd step solid"), "%s", b);
    s->status = TRAIN_RUNNING;
    view_page_step_text(s, b, sizeof b);
    ck_assert_msg(strstr(b, "running: momentum") && !strstr(b, "shows as arrows"), "%s", b);
    free(s);
    train_core_destroy(c);

    static session se; /* the maps scene draws the gd step as lines on the e_k maps, whatever the optimizer */
    session_default(&se);
    session_set_scene(&se, &scene_universal);
    se.opt = NN_OPT_ADAM;
    c = train_core_create(&se, b, sizeof b);
    ck_assert_msg(c != NULL, "%s", b);
    s = fill(c);
    view_page_step_text(s, b, sizeof b);
    ck_assert_msg(strstr(b, "adam's next step") && strstr(b, "gd step's lines e\xe2\x82\x96 = 0, dashed"), "%s", b);
    ck_assert_msg(!strstr(b, "arrows"), "%s", b);
    s->opt = NN_OPT_GD;
    view_page_step_text(s, b, sizeof b);
    ck_assert_msg(strstr(b, "as dashed lines on its e\xe2\x82\x96 maps"), "%s", b);
    free(s);
    train_core_destroy(c);
}
END_TEST

/* ---- friction: "1 steps/s" ---- */

START_TEST(speed_is_singular_for_one)
{
    char b[32];
    view_fmt_rate(b, sizeof b, 1);
    ck_assert_str_eq(b, "1 step/s");
    view_fmt_rate(b, sizeof b, 0);
    ck_assert_str_eq(b, "0 steps/s");
    view_fmt_rate(b, sizeof b, 2);
    ck_assert_str_eq(b, "2 steps/s");
    view_fmt_rate(b, sizeof b, 1.5);
    ck_assert_str_eq(b, "1.5 steps/s");
    view_fmt_rate(b, sizeof b, 1234);
    ck_assert_str_eq(b, "1234 steps/s");
    view_fmt_rate(b, sizeof b, 12500);
    ck_assert_str_eq(b, "12.5k steps/s");
    view_fmt_rate(b, sizeof b, 2.5e6);
    ck_assert_str_eq(b, "2.5M steps/s");
}
END_TEST

static Suite *polish_suite(void)
{
    Suite *su = suite_create("polish");
    TCase *tc = tcase_create("polish");
    tcase_add_test(tc, one_token_numbering);
    tcase_add_test(tc, speed_is_singular_for_one);
    tcase_add_test(tc, pages_without_arrows_claim_none);
    tcase_add_test(tc, twin_legend_leaves_the_true_error_readable);
    tcase_add_test(tc, notes_and_labels_cover_no_token);
    tcase_add_test(tc, arrows_leaving_the_plot_keep_their_labels);
    tcase_add_test(tc, sixty_four_units_have_styles_of_their_own);
    tcase_add_test(tc, values_inside_bars_read);
    tcase_add_test(tc, gain_shows_in_every_name_of_sigma);
    tcase_add_test(tc, growing_n_explains_the_rise);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(polish_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
