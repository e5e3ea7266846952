/* test_classroom: what a class reads off the busiest pictures, checked by pixels of off-screen software
 * renders and by numbers: a thousand errors that leave the predictions and the chain in view, marker
 * labels that never print over each other, the optimizer's own step drawn as the trainer takes it, a loss
 * curve without stairs. Main thread only; snapshots come from train_core without threads. */
#include <SDL.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/offscreen.h"
#include "render/lecture.h"
#include "render/view.h"
#include "render/view_fmt.h"
#include "render/view_panel.h"
#include "session/session.h"
#include "train/core.h"
#include "train/peek.h"
#include "ui/layout.h"
#include "picture.h"

/* ---- utilities ---- */

static train_core *make_core(int n, int hidden)
{
    static session se;
    char err[256];
    session_default(&se);
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

/* ---- a thousand errors ---- */

/* Red dominates, green and blue alike: an error vector's pixel (opaque or blended over the panel), not
 * a unit's orange. */
static int reddish(SDL_Color c) { return c.r > c.g + 60 && c.r > c.b + 60 && abs(c.g - c.b) < 40; }

START_TEST(dense_errors_leave_predictions_and_chain_in_view)
{
    /* the note: how many errors are drawn, only when not all are */
    char note[96];
    ck_assert_int_eq(view_error_note(9, note, sizeof note), 0);
    ck_assert_str_eq(note, "");
    ck_assert_int_eq(view_error_note(100, note, sizeof note), 0); /* thin, but every one */
    ck_assert_int_gt(view_error_note(1024, note, sizeof note), 0);
    ck_assert_str_eq(note, "\xce\xb5 shown for 128 of 1024 tokens (1 in 8)");
    view_error_note(4096, note, sizeof note);
    ck_assert_str_eq(note, "\xce\xb5 shown for 128 of 4096 tokens (1 in 32)");
    view_error_note(1000, note, sizeof note);
    ck_assert_str_eq(note, "\xce\xb5 shown for 125 of 1000 tokens (1 in 8)");
    ck_assert_int_eq(view_error_every(1024), 8);

    train_core *c = make_core(1024, 0);
    for (int i = 0; i < 50; i++) train_core_step(c);
    snap *s = fill(c);
    const draw_palette *pal = draw_palette_get(0);
    for (int z = 0; z < 3; z += 2) { /* 1280x720 lies between: looked at, not run, to keep the test short */
        const int w = sizes[z][0], h = sizes[z][1];
        view_state vs;
        view_layout lay;
        view_state_init(&vs);
        view_default_layout(w, h, 1.0f, 0, &lay);
        SDL_Surface *img = render(s, &vs, &lay, w, h);
        char name[64];
        snprintf(name, sizeof name, "errors-1024-%dx%d", w, h);
        keep_picture(img, name);
        const view_xform t = view_plane_xform(s, &vs, &lay, VIEW_PLANE_OUTPUT);
        /* no red wedge: most of the plot is not red (18 % at 960x600 when every error was drawn, 9.5 % now) */
        long red = 0, all = 0;
        for (int y = (int)t.r.y; y < (int)(t.r.y + t.r.h); y++)
            for (int x = (int)t.r.x; x < (int)(t.r.x + t.r.w); x++, all++) red += reddish(pic_pixel(img, x, y));
        ck_assert_msg(red * 100 < all * 12, "%s: %ld of %ld pixels of the plot are red", name, red, all);
        /* every prediction in view shows the prediction's colour at its centre */
        int seen = 0, shown = 0;
        for (int i = 0; i < s->n; i++) {
            float x, y;
            view_to_screen(&t, s->yhat[2 * i], s->yhat[2 * i + 1], &x, &y);
            if (!view_in_rect(&t.r, x, y)) continue;
            seen++;
            SDL_Color got = pic_pixel(img, (int)floorf(x), (int)floorf(y));
            shown += near_colour(got, pal->pred, 60) || near_colour(got, pal->select, 60); /* or under the ring */
        }
        ck_assert_int_gt(seen, 900);
        ck_assert_msg(shown * 100 >= seen * 97, "%s: %d of %d predictions show", name, shown, seen);
        /* the selected token's chain: b(2) from the origin, then each unit's link, in their colours along their
         * middle half (red errors crossing it would show instead) */
        lect_token tk;
        lect_token_compute(s, view_selected_token(&vs, s->n), &tk);
        double ch[(NN_MAX_HIDDEN + 1) * 2];
        lect_chain(s, &tk, ch);
        for (int k = -1; k < s->hidden; k++) {
            const double ax = k < 0 ? 0 : ch[2 * k], ay = k < 0 ? 0 : ch[2 * k + 1];
            const double bx = ch[2 * k + 2], by = ch[2 * k + 3];
            const SDL_Color want = k < 0 ? draw_mix(pal->token, pal->panel, 0.2f) : draw_unit_colour(pal, k);
            int ok = 0, probes = 0;
            for (int q = 0; q <= 10; q++) {
                const double u = 0.3 + 0.04 * q;
                float x, y;
                view_to_screen(&t, ax + u * (bx - ax), ay + u * (by - ay), &x, &y);
                if (!view_in_rect(&t.r, x, y)) continue;
                probes++;
                int hit = 0; /* the stroke is 2 px wide at scale 1: its core is within a pixel of the centre line */
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                        hit |= near_colour(pic_pixel(img, (int)floorf(x) + dx, (int)floorf(y) + dy), want, 50);
                /* another link or update arrow may cross it; an error may not */
                ok += hit || !reddish(pic_pixel(img, (int)floorf(x), (int)floorf(y)));
            }
            ck_assert_msg(probes == 0 || ok * 10 >= probes * 7, "%s: link %d of the chain is under the errors (%d of %d clear)", name,
                          k + 1, ok, probes);
        }
        SDL_FreeSurface(img);
    }
    free(s);
    train_core_destroy(c);
}
END_TEST

/* ---- a thousand tokens in few renderer calls ---- */

START_TEST(dense_frame_is_few_calls_and_keeps_every_token)
{
    train_core *c = make_core(1024, 64);
    for (int i = 0; i < 50; i++) train_core_step(c);
    snap *s = fill(c);
    const draw_palette *pal = draw_palette_get(0);
    const int w = 1280, h = 800;
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(surf);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    ck_assert_ptr_nonnull(r);
    char err[512];
    view_ctx *v = app_view_open(r, NULL, err, sizeof err);
    ck_assert_msg(v != NULL, "%s", err);
    view_state vs;
    view_layout lay;
    view_state_init(&vs);
    view_default_layout(w, h, 1.0f, 0, &lay);
    draw_list *dl = view_ctx_draw_list(v);
    draw_list_profile_enable(dl, 1);
    ck_assert_int_eq(view_draw(v, s, &vs, &lay), 0);
    double ms;
    long tris, calls;
    draw_list_profile_take(dl, &ms, &tris, &calls);
    draw_list_profile_enable(dl, 0);
    /* 447 when every thin arrow, bar outline and head was a call of its own; the panels, their
     * frames and guides need some 30 */
    ck_assert_msg(calls <= 60, "%ld renderer calls for 1024 tokens x 64 units", calls);
    keep_picture(surf, "dense-1024x64");
    /* every token in view shows its colour at its centre, in the input plane, the targets and the
     * predictions (but where the selection ring or an arrow head lies over it) */
    const view_xform ti = view_plane_xform(s, &vs, &lay, VIEW_PLANE_INPUT);
    const view_xform to = view_plane_xform(s, &vs, &lay, VIEW_PLANE_OUTPUT);
    const int sel = view_selected_token(&vs, s->n);
    int seen = 0, shown = 0;
    for (int i = 0; i < s->n; i++)
        for (int p = 0; p < 3; p++) {
            const view_xform *t = p == 0 ? &ti : &to;
            const double *q = p == 0 ? &s->x[2 * i] : p == 1 ? &s->y[2 * i] : &s->yhat[2 * i];
            float x, y;
            view_to_screen(t, q[0], q[1], &x, &y);
            if (!view_in_rect(&t->r, x, y)) continue;
            seen++;
            const SDL_Color want = p == 2 ? pal->pred : pal->token, got = pic_pixel(surf, (int)floorf(x), (int)floorf(y));
            shown += near_colour(got, want, 60) || near_colour(got, pal->select, 60);
        }
    ck_assert_int_gt(seen, 2900);
    ck_assert_msg(shown * 100 >= seen * 97, "%d of %d token markers show", shown, seen);
    /* the selected token ringed in the input plane: ring ink round it, panel inside the ring's gap */
    float sx, sy;
    view_to_screen(&ti, s->x[2 * sel], s->x[2 * sel + 1], &sx, &sy);
    const float rr = view_token_radius(s->n, 1.0f) + SELECT_RING;
    int ring = 0;
    for (int a = 0; a < 16; a++) {
        const float u = 6.2831853f * (float)a / 16;
        ring += near_colour(pic_pixel(surf, (int)floorf(sx + rr * cosf(u)), (int)floorf(sy + rr * sinf(u))), pal->select, 90);
    }
    ck_assert_msg(ring >= 12, "the selected token's ring shows at %d of 16 points", ring);
    view_ctx_destroy(v);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    free(s);
    train_core_destroy(c);
}
END_TEST

/* ---- marker labels that never print over each other ---- */

/* A stand-in for the font: 6.5 px per character (UTF-8 continuation bytes are no characters). */
static float fake_width(void *ctx, const char *s)
{
    (void)ctx;
    float w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xc0) == 0x80 ? 0 : 6.5f;
    return w;
}

static const char *const mark_words[] = {"\xce\xb7=0.1", "\xce\xb7=0.3", "reset",   "a=9.2",
                                         "only W(2)",      "N=12",           "x5 moved", "adam"};

START_TEST(marker_labels_never_overlap)
{
    view_mark_label l[SNAP_MAX_MARKS];
    char words[SNAP_MAX_MARKS][VIEW_MARK_WORD];
    float x[SNAP_MAX_MARKS];
    /* η dragged, then a reset, the gain and a freeze, all within a few pixels: one label */
    const char *burst[] = {"\xce\xb7=0.1", "\xce\xb7=0.2", "\xce\xb7=0.3", "reset", "a=9.2", "only W(2)"};
    for (int i = 0; i < 6; i++) {
        x[i] = 100.0f + 2.0f * (float)i;
        snprintf(words[i], sizeof words[i], "%s", burst[i]);
    }
    int m = view_mark_layout(x, (const char(*)[VIEW_MARK_WORD])words, 6, 0, 1000, 3, 4, 600, fake_width, NULL, l);
    ck_assert_int_eq(m, 1);
    ck_assert_int_eq(l[0].count, 6);
    ck_assert_str_eq(l[0].text, "\xce\xb7=0.3, reset, a=9.2, only W(2) +2");
    ck_assert_float_eq_tol(l[0].x, 103, 1e-4);
    /* less room: fewer names, the rest counted */
    m = view_mark_layout(x, (const char(*)[VIEW_MARK_WORD])words, 6, 0, 1000, 3, 4, 130, fake_width, NULL, l);
    ck_assert_int_eq(m, 1);
    ck_assert_str_eq(l[0].text, "\xce\xb7=0.3, reset +4");
    /* marks far apart keep a label each */
    x[1] = 400;
    m = view_mark_layout(x, (const char(*)[VIEW_MARK_WORD])words, 2, 0, 1000, 3, 4, 600, fake_width, NULL, l);
    ck_assert_int_eq(m, 2);
    ck_assert_str_eq(l[0].text, "\xce\xb7=0.1");
    ck_assert_str_eq(l[1].text, "\xce\xb7=0.2");
    /* dense sets at random places, plots from narrow to wide, marks up to the right edge */
    unsigned long long rng = 12345;
    for (int trial = 0; trial < 400; trial++) {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        const int n = 1 + (int)((rng >> 33) % SNAP_MAX_MARKS);
        const float x0 = 40, x1 = x0 + 150 + (float)((rng >> 20) % 1400);
        float at = x0;
        for (int i = 0; i < n; i++) {
            rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
            /* steps of 0 to 60 px, bunched or spread */
            at += (float)((rng >> 40) % 61) * (trial % 3 == 0 ? 0.1f : 1.0f);
            x[i] = at < x1 ? at : x1;
            snprintf(words[i], sizeof words[i], "%s", mark_words[(rng >> 50) % 8]);
        }
        m = view_mark_layout(x, (const char(*)[VIEW_MARK_WORD])words, n, x0, x1, 3, 4, 0.6f * (x1 - x0), fake_width, NULL,
                             l);
        ck_assert_int_ge(m, 1);
        int covered = 0;
        for (int c = 0; c < m; c++) {
            ck_assert_msg(l[c].x >= x0 - 1e-3f && l[c].x + l[c].w <= x1 + 1e-3f, "trial %d: label %d outside", trial, c);
            ck_assert_float_eq_tol(l[c].w, fake_width(NULL, l[c].text), 1e-3);
            ck_assert_int_eq(l[c].first, covered); /* every mark in exactly one label, in order */
            covered += l[c].count;
            if (c + 1 < m)
                ck_assert_msg(l[c].x + l[c].w + 4 <= l[c + 1].x + 1e-3f, "trial %d: labels %d (%s) and %d (%s) overlap",
                              trial, c, l[c].text, c + 1, l[c + 1].text);
        }
        ck_assert_int_eq(covered, n);
    }
    /* in the picture: η dragged, the gain and a freeze within a few steps, then far apart */
    train_core *c = make_core(0, 0);
    const double lrs[] = {0.03, 0.05, 0.08, 0.1, 0.12};
    for (int i = 0; i < 200; i++) {
        if (i >= 100 && i < 105) apply_cmd(c, TRAIN_CMD_SET_LR, 0, 0, lrs[i - 100], 0);
        if (i == 106) apply_cmd(c, TRAIN_CMD_SET_GAIN, 0, 0, 9.2, 0);
        if (i == 107) apply_cmd(c, TRAIN_CMD_SET_FREEZE, 2, -1, 0, 0);
        if (i == 150) apply_cmd(c, TRAIN_CMD_SET_FREEZE, 0, -1, 0, 0);
        train_core_step(c);
    }
    snap *s = fill(c);
    ck_assert_int_eq(s->hist.n_marks, 8);
    const draw_palette *pal = draw_palette_get(0);
    for (int z = 0; z < 1; z++) { /* the smallest plot, where most marks merge */
        const int w = sizes[z][0], h = sizes[z][1];
        view_state vs;
        view_layout lay;
        view_state_init(&vs);
        view_default_layout(w, h, 1.0f, 0, &lay);
        SDL_Surface *img = render(s, &vs, &lay, w, h);
        char name[64];
        snprintf(name, sizeof name, "marks-%dx%d", w, h);
        keep_picture(img, name);
        /* the labels' row, near the top of the plot, holds the marker's colour */
        int ink = 0;
        for (int y = (int)lay.loss.y; y < (int)(lay.loss.y + lay.loss.h / 2); y++)
            for (int q = (int)lay.loss.x; q < (int)(lay.loss.x + lay.loss.w); q++)
                ink += near_colour(pic_pixel(img, q, y), pal->marker, 40);
        ck_assert_int_gt(ink, 40);
        SDL_FreeSurface(img);
    }
    free(s);
    train_core_destroy(c);
}
END_TEST

/* ---- the optimizer's own step, drawn beside −η∇L ---- */

/* For momentum, adam and L-BFGS (with their state built over some steps, and with a layer frozen): the
 * step the view computes and draws is the step the trainer then takes, bit for bit, and it is drawn where
 * it ends, dashed in the text's ink. gd has no separate step. */
START_TEST(optimizer_step_is_the_step_taken)
{
    const nn_opt_kind kinds[] = {NN_OPT_MOMENTUM, NN_OPT_ADAM, NN_OPT_LBFGS};
    const draw_palette *pal = draw_palette_get(0);
    static lect_update u, gd;
    static double p_next[SNAP_PARAM_MAX];
    for (int q = 0; q < 3; q++)
        for (int frozen = 0; frozen < 2; frozen++) {
            train_core *c = make_core(0, 0);
            apply_cmd(c, TRAIN_CMD_SET_OPT, (int)kinds[q], 0, 0, 0);
            if (frozen) apply_cmd(c, TRAIN_CMD_SET_FREEZE, 2, -1, 0, 0); /* only W(2) learns */
            for (int i = 0; i < 7; i++) train_core_step(c);
            snap *s = fill(c);
            const size_t P = nn_param_count(s->d, s->hidden, s->k);
            ck_assert_int_eq(view_optimizer_step(s, &u), 0);
            ck_assert_int_eq(train_peek_step(s, p_next), 0);
            lect_update_compute(s, &gd);
            snap *again = fill(c); /* the peek left the trainer as it was */
            ck_assert_int_eq(memcmp(again->p, s->p, P * sizeof *s->p), 0);
            free(again);
            train_core_step(c);
            snap *after = fill(c);
            ck_assert_int_eq(after->step, s->step + 1);
            int differs = 0;
            for (size_t i = 0; i < P; i++) {
                ck_assert_msg(p_next[i] == after->p[i], "%s: p[%zu] %.17g, the trainer took %.17g", nn_opt_name(kinds[q]),
                              i, p_next[i], after->p[i]);
                ck_assert_msg(u.dp[i] == after->p[i] - s->p[i], "%s: step %zu", nn_opt_name(kinds[q]), i);
                differs |= fabs(u.dp[i] - gd.dp[i]) > 1e-9;
                if (s->frozen[i]) ck_assert(u.dp[i] == 0);
            }
            ck_assert_msg(differs, "%s: its step is −η∇L", nn_opt_name(kinds[q]));
            /* drawn: just behind the tip of each unit's dashed arrow at w̄(1)_k, the head in the text's ink */
            if (!frozen && kinds[q] == NN_OPT_ADAM) { /* one picture: the numbers above are each optimizer's */
                view_state vs;
                view_layout lay;
                view_state_init(&vs);
                view_default_layout(1280, 720, 1.0f, 0, &lay);
                SDL_Surface *img = render(s, &vs, &lay, 1280, 720);
                char name[64];
                snprintf(name, sizeof name, "step-%s", nn_opt_name(kinds[q]));
                keep_picture(img, name);
                const view_xform t = view_plane_xform(s, &vs, &lay, VIEW_PLANE_INPUT);
                const double factor = view_update_scale(s, &vs, &lay, VIEW_PLANE_INPUT).factor;
                nn_net net;
                snap_net(s, &net);
                int tips = 0, inked = 0;
                for (int k = 0; k < s->hidden; k++) {
                    const double *d = lect_dw1(&u, k);
                    float bx, by, ex, ey;
                    view_to_screen(&t, net.w1[2 * k], net.w1[2 * k + 1], &bx, &by);
                    view_to_screen(&t, net.w1[2 * k] + factor * d[0], net.w1[2 * k + 1] + factor * d[1], &ex, &ey);
                    const float len = hypotf(ex - bx, ey - by);
                    if (!view_in_rect(&t.r, bx, by) || !view_in_rect(&t.r, ex, ey) || len < 15) continue;
                    tips++;
                    const float hx = ex - 4 * (ex - bx) / len, hy = ey - 4 * (ey - by) / len;
                    int hit = 0;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++)
                            hit |= near_colour(pic_pixel(img, (int)floorf(hx) + dx, (int)floorf(hy) + dy), pal->text, 60);
                    inked += hit;
                }
                ck_assert_int_ge(tips, 2);
                ck_assert_msg(inked * 4 >= tips * 3, "%s: %d of %d step heads drawn", nn_opt_name(kinds[q]), inked, tips);
                SDL_FreeSurface(img);
            }
            free(s);
            free(after);
            train_core_destroy(c);
        }
    /* gd: the arrows are the step */
    train_core *c = make_core(0, 0);
    snap *s = fill(c);
    ck_assert_int_eq(view_optimizer_step(s, &u), -1);
    free(s);
    train_core_destroy(c);
}
END_TEST

/* ---- the loss curve of --screenshot and --record: smooth, as in the window ---- */

/* Column by column, the height of the loss curve's ink (its centre of mass over the rows near its
 * darkest pixel), NAN where a column has none; the loss colour is told from the grey grid by its blue. */
static void curve_heights(SDL_Surface *img, const draw_rect *r, float *out /* (w) */)
{
    for (int x = 0; x < (int)r->w; x++) {
        const int px = (int)r->x + x;
        int best = -1;
        float best_a = 0;
        for (int y = (int)r->y; y < (int)(r->y + r->h); y++) {
            SDL_Color c = pic_pixel(img, px, y);
            const float a = c.b > c.r + 10 ? (255.0f - (float)c.r) / 255.0f : 0;
            if (a > best_a) best_a = a, best = y;
        }
        out[x] = NAN;
        if (best < 0 || best_a < 0.5f) continue;
        double sum = 0, wsum = 0;
        for (int y = best - 4; y <= best + 4; y++) {
            SDL_Color c = pic_pixel(img, px, y);
            const float a = c.b > c.r + 10 ? (255.0f - (float)c.r) / 255.0f : 0;
            sum += a * y;
            wsum += a;
        }
        out[x] = (float)(sum / wsum);
    }
}

START_TEST(loss_curve_has_no_stairs)
{
    train_core *c = make_core(0, 0);
    for (int i = 0; i < 400; i++) train_core_step(c);
    snap *s = fill(c);
    for (int z = 0; z < 3; z += 2) { /* 1280x720 lies between: looked at, not run, to keep the test short */
        const int w = sizes[z][0], h = sizes[z][1];
        view_state vs;
        view_layout lay;
        view_state_init(&vs);
        view_default_layout(w, h, 1.0f, 0, &lay);
        SDL_Surface *img = render(s, &vs, &lay, w, h);
        char name[64];
        snprintf(name, sizeof name, "loss-%dx%d", w, h);
        keep_picture(img, name);
        /* the plot's inside: clear of the axes, tick labels and the meter in its lower corner */
        const draw_rect r = {lay.loss.x + 70, lay.loss.y + 30, lay.loss.w - 90, lay.loss.h * 0.45f};
        float y[2048];
        curve_heights(img, &r, y);
        /* a run of columns at one height: the curve should rise by less than half a pixel meanwhile (it rises
         * by a whole pixel on each stair of a staircase), the rise read off the columns 40 to each side */
        int cols = 0, worst_at = -1;
        float worst = 0;
        for (int x = 1, run = 0; x < (int)r.w; x++) {
            if (isnan(y[x]) || isnan(y[x - 1])) {
                run = 0;
                continue;
            }
            cols++;
            run = fabsf(y[x] - y[x - 1]) < 0.01f ? run + 1 : 0;
            const int a = x - run - 40, b = x + 40;
            if (run < 3 || a < 0 || b >= (int)r.w || isnan(y[a]) || isnan(y[b])) continue;
            const float moved = (float)run * fabsf(y[b] - y[a]) / (float)(b - a);
            if (moved > worst) worst = moved, worst_at = x;
        }
        ck_assert_int_gt(cols, (int)(0.9f * r.w));
        ck_assert_msg(worst < 0.5f, "%s: a stair ending at column %d: the curve rose %.2f px while drawn flat", name,
                      worst_at, worst);
        SDL_FreeSurface(img);
    }
    free(s);
    train_core_destroy(c);
}
END_TEST

static Suite *classroom_suite(void)
{
    Suite *su = suite_create("classroom");
    TCase *tc = tcase_create("classroom");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, dense_errors_leave_predictions_and_chain_in_view);
    tcase_add_test(tc, dense_frame_is_few_calls_and_keeps_every_token);
    tcase_add_test(tc, marker_labels_never_overlap);
    tcase_add_test(tc, optimizer_step_is_the_step_taken);
    tcase_add_test(tc, loss_curve_has_no_stairs);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(classroom_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
