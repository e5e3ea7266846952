/* view_update: the pending update −η∇L as arrows (and a non-gd optimizer's own step, dashed): their computation,
 * their display scale, each token's share. Main thread only (SDL rendering and SDL_ttf). Invariants: an arrow
 * starts at the parameter it moves, its tip is where its step takes it × its plane's scale (one for both). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/view_panel.h"
#include "train/peek.h"

#define ARROW_TARGET 0.22 /* the longest update arrow is scaled up to about this share of the plane */
#define STEP_DASH 5       /* the optimizer's own step: dash and gap of its shaft */
#define STEP_GAP 3

const snap *view_arrows_snap(const snap *s, const view_state *vs)
{
    return vs->before && vs->before->hidden == s->hidden && vs->before->n >= 1 ? vs->before : s;
}

/* The plane's span in world units (its shorter side), for sizing the update arrows. */
static double plane_span(const snap *s, const view_state *vs, const view_layout *lay, view_plane p)
{
    const draw_rect *r = p == VIEW_PLANE_INPUT ? &lay->input : &lay->output;
    if (!view_rect_ok(r)) return 0;
    view_xform t = view_plane_xform(s, vs, lay, p);
    return fmin(t.wx1 - t.wx0, t.wy1 - t.wy0);
}

int view_optimizer_step(const snap *s, lect_update *u)
{
    if (s->opt == NN_OPT_GD) return -1;
    lect_update_compute(s, u); /* the layout; dp is replaced */
    if (train_peek_step(s, u->dp) < 0) return -1;
    for (size_t i = 0; i < u->lay.count; i++) u->dp[i] -= s->p[i];
    return 0;
}

/* Besides −η∇L the optimizer's own step is drawn when it differs (not gd), outside the phases of the gd
 * walk-through. */
static int wants_step(const snap *as, const view_state *vs) { return as->opt != NN_OPT_GD && vs->phase == LECT_OFF; }

/* The pending update of `as` and each token's share of it (when few enough to draw), the optimizer's own
 * step (with_step), and the longest arrow of each plane among them: the scale must fit the shares too,
 * for near a minimum they are long while their sum is short, and the optimizer's step, which can be far
 * longer than −η∇L (adam's is about η per weight). Returns the number of tokens whose shares were filled. */
static int arrows_compute(const snap *as, int with_step, view_arrows *a, double *in_len, double *out_len)
{
    lect_update_compute(as, &a->upd);
    lect_update_longest(&a->upd, in_len, out_len);
    a->has_step = with_step && view_optimizer_step(as, &a->step) == 0;
    if (a->has_step) {
        double li, lo;
        lect_update_longest(&a->step, &li, &lo);
        *in_len = fmax(*in_len, li);
        *out_len = fmax(*out_len, lo);
    }
    const int N = as->hidden, n = as->n <= SHARE_TOKENS && N <= SHARE_UNITS ? as->n : 0;
    const int D = as->d, K = as->k; /* the shares are packed with the snapshot's D and K */
    for (int i = 0; i < n; i++) {
        lect_token_compute(as, i, &a->scratch);
        lect_token_share(as, &a->scratch, &a->tmp);
        double li, lo;
        lect_update_longest(&a->tmp, &li, &lo);
        *in_len = fmax(*in_len, li);
        *out_len = fmax(*out_len, lo);
        for (int k = 0; k < N; k++) {
            memcpy(&a->share_in[(i * N + k) * D], lect_dw1(&a->tmp, k), (size_t)D * sizeof(double));
            memcpy(&a->share_out[(i * (N + 1) + k) * K], lect_dw2(&a->tmp, k), (size_t)K * sizeof(double));
        }
        memcpy(&a->share_out[(i * (N + 1) + N) * K], lect_db2(&a->tmp), (size_t)K * sizeof(double));
    }
    return n;
}

lect_scale view_update_scale(const snap *s, const view_state *vs, const view_layout *lay, view_plane p)
{
    lect_scale none = {1.0, ""};
    view_arrows *a = malloc(sizeof *a);
    if (!a) return none;
    double in_len, out_len;
    const snap *as = view_arrows_snap(s, vs);
    arrows_compute(as, wants_step(as, vs), a, &in_len, &out_len);
    free(a);
    return lect_display_scale(p == VIEW_PLANE_INPUT ? in_len : out_len, ARROW_TARGET * plane_span(s, vs, lay, p));
}

void view_update_prepare(view_frame *f)
{
    const snap *s = f->s;
    const view_state *vs = f->vs;
    snap_net(f->as, &f->anet);
    if (view_shows_update(s, vs)) {
        f->upd_out = (f->shows & LECT_SHOW_GRAD2) != 0;
        f->upd_in = (f->shows & LECT_SHOW_GRAD1) != 0;
    }
    f->v->ar.has_step = 0;
    if (!f->upd_in && !f->upd_out) return;
    double in_len, out_len;
    f->n_share = arrows_compute(f->as, wants_step(f->as, vs), &f->v->ar, &in_len, &out_len);
    const double span_in = plane_span(s, vs, f->lay, VIEW_PLANE_INPUT);
    const double span_out = plane_span(s, vs, f->lay, VIEW_PLANE_OUTPUT);
    f->scale_in = lect_display_scale(in_len, ARROW_TARGET * span_in);
    f->scale_out = lect_display_scale(out_len, ARROW_TARGET * span_out);
    /* below ~ a pixel even when scaled: nothing to see (the hand-built solution's rounding noise) */
    f->none_in = !(in_len * f->scale_in.factor > 2e-3 * span_in);
    f->none_out = !(out_len * f->scale_out.factor > 2e-3 * span_out);
}

/* The unit's own colour, darkened so that the arrow stands out from the weight it starts at. */
static SDL_Color update_colour(const view_frame *f, int k)
{
    SDL_Color c = k < 0 ? f->pal->token : draw_unit_colour(f->pal, k);
    return draw_mix(c, f->pal->text, 0.45f);
}

/* An update arrow of world length (dx, dy) × factor from world point (bx, by); nothing when it would
 * be shorter than a pixel. */
static void update_arrow(view_frame *f, const view_xform *t, const draw_rect *box, double bx, double by, double dx,
                         double dy, double factor, float width, float head, SDL_Color c)
{
    double ex = bx + factor * dx, ey = by + factor * dy;
    if (hypot(ex - bx, ey - by) * view_px_per_unit(t) < 1.0) return;
    view_w_arrow(f, t, box, bx, by, ex, ey, width, head, c);
    float sx, sy;
    if (view_pt_screen(t, &t->r, ex, ey, &sx, &sy)) view_occupy(f, sx, sy, 0.5f * head);
}

/* One token's share: a faint arrow, or a plain segment when it is too short for a head to read (a
 * row of heads would only blur the path to the batch tip). */
static void share_arrow(view_frame *f, const view_xform *t, const draw_rect *box, double bx, double by, double dx,
                        double dy, double factor, SDL_Color c)
{
    const float head = 6 * f->s1;
    double len = hypot(dx, dy) * factor * view_px_per_unit(t);
    if (len >= 2.5 * head) {
        update_arrow(f, t, box, bx, by, dx, dy, factor, 1.1f * f->s1, head, c);
        return;
    }
    float e[4];
    if (len >= 0.5 && view_seg_screen(t, box, bx, by, bx + factor * dx, by + factor * dy, e, NULL))
        draw_line(f->dl, e[0], e[1], e[2], e[3], 1.4f * f->s1, c);
}

void view_update_path(view_frame *f, const view_xform *t, const draw_rect *box, const double base[2],
                      const double *shares, int stride, int n_share, const double d[2], double factor, int k,
                      SDL_Color c)
{
    const int hov = f->hl;
    double bx = base[0], by = base[1];
    for (int i = 0; i < n_share; i++) {
        const double *sh = &shares[i * stride];
        share_arrow(f, t, box, bx, by, sh[0], sh[1], factor, c);
        bx += factor * sh[0];
        by += factor * sh[1];
    }
    SDL_Color uc = update_colour(f, k);
    if (hov >= 0 && k != hov) uc = draw_alpha(uc, 0.4f);
    update_arrow(f, t, box, base[0], base[1], d[0], d[1], factor, (k == hov ? 3.0f : 2.4f) * f->lw,
                 11 * f->s1 * f->pal->line_gain, uc);
}

void view_step_arrow(view_frame *f, const view_xform *t, const draw_rect *box, const double base[2], const double d[2],
                     double factor, int k)
{
    const double ex = base[0] + factor * d[0], ey = base[1] + factor * d[1];
    if (hypot(ex - base[0], ey - base[1]) * view_px_per_unit(t) < 1.0) return;
    float e[4];
    int tip;
    if (!view_seg_screen(t, box, base[0], base[1], ex, ey, e, &tip)) return;
    SDL_Color c = draw_alpha(f->pal->text, 0.85f);
    if (f->hl >= 0 && k != f->hl) c = draw_alpha(c, 0.4f);
    const float head = 10 * f->s1 * f->pal->line_gain, len = hypotf(e[2] - e[0], e[3] - e[1]);
    /* dashed up to the head, whose solid tip lands exactly where the step takes the weight */
    const float back = tip ? fminf(len, head) : 0, u = len > 0 ? (len - back) / len : 0;
    const float shaft[4] = {e[0], e[1], e[0] + u * (e[2] - e[0]), e[1] + u * (e[3] - e[1])};
    if (u > 0) draw_dashed(f->dl, shaft, 2, 1.8f * f->lw, STEP_DASH * f->s1, STEP_GAP * f->s1, c);
    if (tip) {
        draw_arrow(f->dl, shaft[2], shaft[3], e[2], e[3], 1.8f * f->lw, head, c);
        view_occupy(f, e[2], e[3], 0.5f * head);
    }
}

void view_scale_note(view_frame *f, const view_xform *t, const lect_scale *sc, int none)
{
    char msg[128];
    if (none)
        snprintf(msg, sizeof msg, "no update here: \xe2\x88\x92\xce\xb7\xe2\x88\x87L \xe2\x89\x88 0");
    else if (f->v->ar.has_step)
        snprintf(msg, sizeof msg, "\xe2\x88\x92\xce\xb7\xe2\x88\x87L solid, %s's step dashed %s", nn_opt_name(f->as->opt),
                 sc->label[0] ? sc->label : "(true length)");
    else
        snprintf(msg, sizeof msg, "update arrows \xe2\x88\x92\xce\xb7\xe2\x88\x87L %s",
                 sc->label[0] ? sc->label : "(true length)");
    view_plot_note(f, t, msg, f->pal->text_dim);
}
