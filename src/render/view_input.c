/* view_input: the input plane: the arc, tokens, each unit's decision line and w̄ arrow, ghosts, update arrows.
 * Main thread only (SDL rendering and SDL_ttf).
 * Invariants: w̄(1)_k is drawn from the origin in the plane of x, so an update −η δ x moves its tip along ∓x. */
#include <math.h>
#include <stdio.h>

#include "render/view_panel.h"

/* Logical sizes (pixels at scale 1) of this panel's labels. */
#define W_LABEL_GAP 8 /* a w̄ label's box sits this far beyond its arrow's tip (or its update's): clear of the tip */

/* Clips the box to the half plane w·x + b >= 0 (Sutherland–Hodgman); returns the vertex count. */
static int half_plane_poly(const view_xform *t, double w0, double w1, double b, double *out /* (8, 2) */)
{
    const double box[8] = {t->wx0, t->wy0, t->wx1, t->wy0, t->wx1, t->wy1, t->wx0, t->wy1};
    int m = 0;
    for (int i = 0; i < 4; i++) {
        int j = (i + 1) % 4;
        double ax = box[2 * i], ay = box[2 * i + 1], bx = box[2 * j], by = box[2 * j + 1];
        double ea = w0 * ax + w1 * ay + b, eb = w0 * bx + w1 * by + b;
        if (ea >= 0) {
            out[2 * m] = ax;
            out[2 * m + 1] = ay;
            m++;
        }
        if ((ea >= 0) != (eb >= 0)) {
            double u = ea / (ea - eb);
            out[2 * m] = ax + u * (bx - ax);
            out[2 * m + 1] = ay + u * (by - ay);
            m++;
        }
    }
    return m;
}

/* A unit whose w̄ is (near) zero or whose weights are not finite has no line and no arrow. */
static int unit_drawable(double w0, double w1, double b)
{
    double nw2 = w0 * w0 + w1 * w1;
    return nw2 > 1e-18 && isfinite(nw2 + b);
}

/* The decision line w̄·x + b = 0 across the view as a screen segment a; 0 when it misses the view. */
static int decision_segment(const view_xform *t, double w0, double w1, double b, float a[4])
{
    double nw2 = w0 * w0 + w1 * w1, px = -b * w0 / nw2, py = -b * w1 / nw2, dx = -w1, dy = w0, t0, t1;
    if (!draw_clip_line(px, py, dx, dy, t->wx0, t->wx1, t->wy0, t->wy1, &t0, &t1)) return 0;
    view_to_screen(t, px + t0 * dx, py + t0 * dy, &a[0], &a[1]);
    view_to_screen(t, px + t1 * dx, py + t1 * dy, &a[2], &a[3]);
    return 1;
}

/* The share of the arrow from the origin to w̄ that stays 6 px inside the view: 1 when all of it does. */
static double arrow_reach(const view_xform *t, float s, double w0, double w1)
{
    double u0, u1, inset = 6 * s / view_px_per_unit(t);
    if (draw_clip_line(0, 0, w0, w1, t->wx0 + inset, t->wx1 - inset, t->wy0 + inset, t->wy1 - inset, &u0, &u1) &&
        u1 > 0 && u1 < 1)
        return u1;
    return 1;
}

/* Where the weights were before the update being shown: faint dashed lines and arrows. */
static void draw_ghosts(view_frame *f, const view_xform *t, const draw_rect *box)
{
    const view_state *vs = f->vs;
    const float sc1 = f->s1, lw = f->lw;
    const int N = f->s->hidden, hov = f->hl;
    nn_net bn;
    snap_net(vs->before, &bn);
    for (int k = 0; k < N && k < vs->before->hidden; k++) {
        if (N > DENSE_UNITS && k != hov) continue;
        double w0 = bn.w1[2 * k], w1 = bn.w1[2 * k + 1], b = bn.b1[k];
        if (!unit_drawable(w0, w1, b)) continue;
        SDL_Color c = draw_alpha(draw_unit_colour(f->pal, k), 0.45f);
        float a[4];
        if (decision_segment(t, w0, w1, b, a)) draw_dashed(f->dl, a, 2, 1.3f * lw, 5 * sc1, 4 * sc1, c);
        view_w_arrow(f, t, box, 0, 0, w0, w1, 1.3f * lw, 8 * sc1, c);
    }
}

/* Each unit's w̄ arrow, drawn after every decision line: tip[k] where it ends (at the view's edge
 * when clipped[k]), has_arrow[k] 0 for a unit not drawn. */
typedef struct {
    float tip[2 * NN_MAX_HIDDEN], org[2];
    int has_arrow[NN_MAX_HIDDEN], clipped[NN_MAX_HIDDEN];
} weight_arrows;

static void draw_weights(view_frame *f, const view_xform *t, weight_arrows *wa)
{
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1, lw = f->lw;
    const int N = f->s->hidden, hov = f->hl;
    const nn_net *net = &f->net;
    view_to_screen(t, 0, 0, &wa->org[0], &wa->org[1]);
    const float *org = wa->org;
    /* many units: every hairline (lines, shafts) first, then the heads and the hovered unit, over
     * them: two renderer calls instead of two per unit; a head now covers the later units' hairlines
     * where they cross it, and the hovered unit lies over all of them */
    const int grouped = N > DENSE_UNITS;
    if (grouped) draw_list_group_begin(f->dl);
    for (int k = 0; k < N; k++) {
        double w0 = net->w1[2 * k], w1 = net->w1[2 * k + 1], b = net->b1[k];
        SDL_Color c = draw_unit_colour(pal, k);
        if (hov >= 0 && k != hov) c = draw_alpha(c, 0.35f);
        wa->has_arrow[k] = 0;
        if (!unit_drawable(w0, w1, b)) continue;
        float a[4];
        if (decision_segment(t, w0, w1, b, a)) {
            /* in the unit's pattern (solid, dashed, dotted): with its colour, its style in every panel */
            float dash, gap;
            draw_unit_dash(k, sc1, &dash, &gap);
            if (k == hov) draw_line(f->dl, a[0], a[1], a[2], a[3], 9 * sc1, pal->hover);
            if (N > DENSE_UNITS && k != hov)
                view_pattern_hairline(f, a, dash, gap, c);
            else if (dash > 0)
                draw_dashed(f->dl, a, 2, (k == hov ? 3.2f : 2.0f) * lw, dash, gap, c);
            else
                draw_line(f->dl, a[0], a[1], a[2], a[3], (k == hov ? 3.2f : 2.0f) * lw, c);
        }
        /* an arrow longer than the view ends at its edge, its shaft dashed to say so */
        double u = arrow_reach(t, sc1, w0, w1);
        wa->clipped[k] = u < 1;
        view_to_screen(t, u * w0, u * w1, &wa->tip[2 * k], &wa->tip[2 * k + 1]);
        wa->has_arrow[k] = 1;
    }
    for (int k = 0; k < N; k++) {
        if (!wa->has_arrow[k]) continue;
        const float *tip = &wa->tip[2 * k];
        if (N <= DENSE_UNITS || k == hov) view_occupy(f, tip[0], tip[1], 6 * sc1);
        SDL_Color c = draw_unit_colour(pal, k);
        if (hov >= 0 && k != hov) c = draw_alpha(c, 0.35f);
        if (k == hov) draw_arrow(f->dl, org[0], org[1], tip[0], tip[1], 8 * sc1, 16 * sc1, pal->hover);
        if (N > DENSE_UNITS && k != hov) {
            view_thin_arrow(f, org[0], org[1], tip[0], tip[1], 8 * sc1, 1, c);
        } else if (wa->clipped[k]) {
            float head = 11 * sc1 * pal->line_gain, w = (k == hov ? 3.0f : 2.2f) * lw;
            float dx = tip[0] - org[0], dy = tip[1] - org[1], d = hypotf(dx, dy);
            if (d <= head) continue;
            float seg[4] = {org[0], org[1], tip[0] - dx / d * head * 0.8f, tip[1] - dy / d * head * 0.8f};
            draw_dashed(f->dl, seg, 2, w, 8 * sc1, 4 * sc1, c);
            draw_arrow(f->dl, seg[2], seg[3], tip[0], tip[1], w, head, c);
        } else {
            draw_arrow(f->dl, org[0], org[1], tip[0], tip[1], (k == hov ? 3.0f : 2.2f) * lw, 11 * sc1 * pal->line_gain,
                       c);
        }
    }
    if (grouped) draw_list_group_end(f->dl);
}

/* The pending update at the tip of each w̄(1)_k: each token's share tip to tail (faint), then their
 * sum, the batch arrow −η ∇_{w̄(1)_k} L. */
static void draw_updates(view_frame *f, const view_xform *t, const draw_rect *box)
{
    const int N = f->s->hidden, hov = f->hl;
    for (int k = 0; k < N; k++) {
        if (N > DENSE_UNITS && k != hov) continue;
        /* at the tip, or where a w̄ longer than the view leaves it (its shaft is dashed then) */
        double base[2] = {f->anet.w1[2 * k], f->anet.w1[2 * k + 1]};
        const double u = arrow_reach(t, f->s1, base[0], base[1]);
        if (u < 1) {
            base[0] *= u;
            base[1] *= u;
        }
        SDL_Color c = draw_alpha(draw_unit_colour(f->pal, k), hov >= 0 && k != hov ? 0.25f : 0.55f);
        view_update_path(f, t, box, base, &f->v->ar.share_in[k * f->s->d], N * f->s->d,
                         k < SHARE_UNITS ? f->n_share : 0, lect_dw1(&f->v->ar.upd, k), f->scale_in.factor, k, c);
        if (f->v->ar.has_step) view_step_arrow(f, t, box, base, lect_dw1(&f->v->ar.step, k), f->scale_in.factor, k);
    }
}

/* The tokens, and the selected one's (or the probe's) vector x from the origin; 1 when the selected
 * one is in view, at (*sx, *sy). */
static int draw_tokens(view_frame *f, const view_xform *t, const draw_rect *box, float *sx, float *sy)
{
    const snap *s = f->s;
    const view_state *vs = f->vs;
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1, lw = f->lw;
    const int n = s->n;
    const float r = view_token_radius(n, sc1);
    const double *xs = f->v->tok.x;
    float qx, qy;
    view_w_arrow(f, t, box, 0, 0, xs[0], xs[1], 1.6f * lw, 10 * sc1, draw_alpha(pal->token, 0.75f));
    const int ht = vs->hovered_token;
    if (ht >= 0 && ht < n) view_halo(f, t, box, &s->x[2 * ht], r);
    for (int i = 0; i < n; i++)
        if (view_pt_screen(t, box, s->x[2 * i], s->x[2 * i + 1], &qx, &qy)) {
            view_marker(f, qx, qy, r, n, pal->token);
            view_occupy(f, qx, qy, r + 1 * sc1);
        }
    const int shown = view_pt_screen(t, box, xs[0], xs[1], sx, sy);
    if (shown) view_occupy(f, *sx, *sy, r + (SELECT_RING + 2) * sc1);
    if (shown && vs->probe) {
        /* the probe: a diamond, so that it is not taken for a token */
        const float x = *sx, y = *sy, d = r + 4 * sc1, in = 2.5f * sc1;
        const float dia[8] = {x, y - d, x + d, y, x, y + d, x - d, y};
        draw_convex(f->dl, dia, 4, pal->select);
        const float hole[8] = {x, y - d + in, x + d - in, y, x, y + d - in, x - d + in, y};
        draw_convex(f->dl, hole, 4, pal->panel);
    } else if (shown) {
        draw_ring(f->dl, *sx, *sy, r + SELECT_RING * sc1, 2.2f * lw, pal->select);
    }
    return shown;
}

/* Labels: x by the selected token, w̄_k by its arrow tip (past its update arrow's head when that points
 * outwards) when there are few units; each turned away from what it would cover. */
static void draw_labels(view_frame *f, const view_xform *t, const weight_arrows *wa, int sel_shown, float sx,
                        float sy)
{
    const view_state *vs = f->vs;
    const float sc1 = f->s1;
    const int N = f->s->hidden, hov = f->hl;
    const double *xs = f->v->tok.x;
    char buf[64], sub[32];
    double ux = xs[0], uy = xs[1], un = hypot(ux, uy);
    if (un < 1e-9) ux = 1, uy = 0, un = 1;
    /* clear of the selection ring (or the probe's diamond) */
    const float off = view_token_radius(f->s->n, sc1) + (vs->probe ? 9.0f : SELECT_RING + 3.0f) * sc1;
    if (sel_shown && view_in_rect(&t->r, sx, sy))
        view_label_near(f, t, vs->probe ? "x(\xce\xb8)" : "x", sx, sy, (float)(ux / un), -(float)(uy / un), off,
                   f->pal->text);
    if (N > 12) return;
    for (int k = 0; k < N; k++) {
        if (!wa->has_arrow[k] || (hov >= 0 && k != hov)) continue;
        const float *tip = &wa->tip[2 * k];
        float dx = tip[0] - wa->org[0], dy = tip[1] - wa->org[1], d = hypotf(dx, dy);
        if (d < 1) continue;
        float ax = tip[0], ay = tip[1];
        if (f->upd_in && !wa->clipped[k]) {
            const double *u = lect_dw1(&f->v->ar.upd, k);
            float ex, ey;
            view_to_screen(t, f->anet.w1[2 * k] + f->scale_in.factor * u[0],
                           f->anet.w1[2 * k + 1] + f->scale_in.factor * u[1], &ex, &ey);
            if ((ex - tip[0]) * dx + (ey - tip[1]) * dy > 0) ax = ex, ay = ey;
        }
        view_subscript(k + 1, sub, sizeof sub);
        snprintf(buf, sizeof buf, "w\xcc\x84%s", sub);
        view_label_near(f, t, buf, ax, ay, dx / d, dy / d, W_LABEL_GAP * sc1, draw_unit_colour(f->pal, k));
    }
}

void view_draw_input(view_frame *f)
{
    const snap *s = f->s;
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1, lw = f->lw;
    const view_xform t = view_plane_xform(s, f->vs, f->lay, VIEW_PLANE_INPUT);
    float *pts = f->v->pts;

    view_occupy_clear(f);
    view_plane_panel(f, &f->lay->input, &t,
                     "input x: decision lines w\xcc\x84\xe2\x82\x96\xc2\xb7x + b\xe2\x82\x96 = 0", "input x", 0);
    view_clip(f, &t.r);
    const draw_rect box = view_guard_box(&t, sc1);
    /* the scene's input-plane paths (the semicircle the tokens come from), dashed, over the probe range */
    if (s->scene && s->scene->probe_range) {
        double lo, hi;
        s->scene->probe_range(&s->scene_spec, &lo, &hi);
        for (int g = 0; g < s->scene->n_guides; g++) {
            const scene_guide *gd = &s->scene->guides[g];
            if (gd->kind != SCENE_GUIDE_PATH || gd->plane != SCENE_PLANE_INPUT) continue;
            const int m = 181;
            for (int i = 0; i < m; i++) {
                double pt[2];
                gd->at(lo + (hi - lo) * i / (m - 1), pt);
                view_to_screen(&t, pt[0], pt[1], &pts[2 * i], &pts[2 * i + 1]);
            }
            draw_dashed(f->dl, pts, m, GUIDE_WIDTH * lw, GUIDE_DASH * sc1, GUIDE_GAP * sc1, pal->guide);
        }
    }
    /* the highlighted unit's positive side, lightly tinted */
    const int hov = f->hl;
    if (hov >= 0) {
        double poly[16];
        int np = half_plane_poly(&t, f->net.w1[2 * hov], f->net.w1[2 * hov + 1], f->net.b1[hov], poly);
        if (np >= 3) {
            for (int i = 0; i < np; i++) view_to_screen(&t, poly[2 * i], poly[2 * i + 1], &pts[2 * i], &pts[2 * i + 1]);
            draw_convex(f->dl, pts, np, draw_alpha(draw_unit_colour(pal, hov), 0.10f));
        }
    }
    if (f->vs->before) draw_ghosts(f, &t, &box);
    if (f->vs->twin) view_twin_input(f, &t, &box);
    weight_arrows wa;
    draw_weights(f, &t, &wa);
    if (f->upd_in) draw_updates(f, &t, &box);
    float sx = 0, sy = 0;
    const int sel_shown = draw_tokens(f, &t, &box, &sx, &sy);
    view_flush(f);
    view_clip(f, NULL);

    view_plane_names(f, &t, "x\xe2\x82\x80", "x\xe2\x82\x81");
    draw_labels(f, &t, &wa, sel_shown, sx, sy);
    if (f->vs->twin) view_twin_legend(f, &t);
    if (f->upd_in) view_scale_note(f, &t, &f->scale_in, f->none_in);
}
