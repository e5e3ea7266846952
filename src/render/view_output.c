/* view_output: the output plane: the parabola, ŷ(θ), the selected token's chain, errors ε, markers, update arrows.
 * Main thread only (SDL rendering and SDL_ttf).
 * Invariants: the chain b(2) + Σ w(2)_k h_k runs tip to tail from the origin and ends at the drawn ŷ. */
#include <math.h>
#include <stdio.h>

#include "render/view_panel.h"

#define DENSE_TOKENS 64 /* error arrows become hairlines past this many tokens */
#define MAX_HEADS 32    /* error arrow heads drawn when the shafts are hairlines */
#define MAX_ERRORS 128  /* errors drawn past DENSE_TOKENS: every k-th token's, so that they do not fill a wedge */
#define ERROR_ALPHA 0.5f /* the dense errors' opacity: where they cross, the grid and the guide still show */
/* Logical sizes (pixels at scale 1). */
#define GUIDE_CUT 50    /* the parabola is cut where it leaves the plot by more than this */
#define MARK_RING 2     /* the plain ring round a target or a prediction sits this far outside it */
#define ELABEL_GAP 4    /* the ε label's box sits this far to the side of the error's midpoint */

/* A graph guide y1 = f(y0) of the output plane (the parabola), dashed over the visible y0 range. */
static void draw_graph(view_frame *f, const view_xform *t, const scene_guide *gd)
{
    const float sc1 = f->s1;
    float *pts = f->v->pts;
    const int m = 241;
    for (int i = 0; i < m; i++) {
        double pt[2] = {t->wx0 + (t->wx1 - t->wx0) * i / (m - 1), 0};
        gd->at(pt[0], pt);
        view_to_screen(t, pt[0], pt[1], &pts[2 * i], &pts[2 * i + 1]);
    }
    /* cut where it leaves the plot far above: the software renderer pays for off-screen area */
    int a = 0, b = m;
    float top = t->r.y - GUIDE_CUT * sc1;
    while (a < m - 1 && pts[2 * a + 3] < top) a++;
    while (b > a + 1 && pts[2 * b - 3] < top) b--;
    draw_dashed(f->dl, pts + 2 * a, b - a, GUIDE_WIDTH * f->lw, GUIDE_DASH * sc1, GUIDE_GAP * sc1, f->pal->guide);
}

/* The chain for the selected token (or the probe), and faint where it was before the update being shown. */
static void draw_chain(view_frame *f, const view_xform *t, const draw_rect *box)
{
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1, lw = f->lw;
    const int N = f->s->hidden, hov = f->hl;
    const view_state *vs = f->vs;
    if (vs->before) {
        const double *c = f->v->chain_before;
        SDL_Color g = draw_alpha(pal->text_dim, 0.45f);
        for (int k = 0; k <= N && k <= vs->before->hidden; k++) {
            double ax = k ? c[2 * (k - 1)] : 0, ay = k ? c[2 * (k - 1) + 1] : 0;
            if (N <= DENSE_UNITS || k == 0 || k - 1 == hov)
                view_w_arrow(f, t, box, ax, ay, c[2 * k], c[2 * k + 1], 1.3f * lw, 8 * sc1, g);
        }
    }
    const double *ch = f->v->chain;
    float cw = 2.4f * lw, head = 11 * sc1 * pal->line_gain;
    view_w_arrow(f, t, box, 0, 0, ch[0], ch[1], cw, head, draw_alpha(pal->token, 0.8f));
    /* many links: the hairlines first, then the heads and the hovered link over them (draw_weights) */
    const int grouped = N > DENSE_UNITS;
    if (grouped) draw_list_group_begin(f->dl);
    for (int k = 0; k < N; k++) {
        double cx = ch[2 * k], cy = ch[2 * k + 1], nx = ch[2 * k + 2], ny = ch[2 * k + 3];
        SDL_Color c = draw_unit_colour(pal, k);
        if (hov >= 0 && k != hov) c = draw_alpha(c, 0.4f);
        if (k == hov) view_w_arrow(f, t, box, cx, cy, nx, ny, 9 * sc1, 17 * sc1, pal->hover);
        if (N > DENSE_UNITS && k != hov) {
            view_w_thin_arrow(f, t, box, cx, cy, nx, ny, 7 * sc1,
                              hypot(nx - cx, ny - cy) * view_px_per_unit(t) > 10 * sc1, c);
        } else {
            view_w_arrow(f, t, box, cx, cy, nx, ny, k == hov ? 3.2f * lw : cw, head, c);
            float sx, sy;
            if (view_pt_screen(t, &t->r, nx, ny, &sx, &sy)) view_occupy(f, sx, sy, 0.5f * head);
        }
    }
    if (grouped) draw_list_group_end(f->dl);
}

/* The pending update at each link of the chain: −η ∇_{b(2)} L at b(2), −η ∇_{w(2)_k} L at link k. */
static void draw_updates(view_frame *f, const view_xform *t, const draw_rect *box)
{
    const draw_palette *pal = f->pal;
    const int N = f->s->hidden, hov = f->hl;
    for (int k = -1; k < N; k++) {
        if (N > DENSE_UNITS && k >= 0 && k != hov) continue;
        const int slot = k < 0 ? N : k; /* b(2)'s shares sit after the units' */
        SDL_Color c = k < 0 ? draw_alpha(pal->token, 0.5f) : draw_alpha(draw_unit_colour(pal, k), 0.55f);
        if (hov >= 0 && k != hov) c = draw_alpha(c, 0.45f);
        const double *d = k < 0 ? lect_db2(&f->v->ar.upd) : lect_dw2(&f->v->ar.upd, k);
        view_update_path(f, t, box, &f->achain[2 * (k + 1)], &f->v->ar.share_out[slot * f->s->k], (N + 1) * f->s->k,
                         N <= SHARE_UNITS ? f->n_share : 0, d, f->scale_out.factor, k, c);
        if (f->v->ar.has_step)
            view_step_arrow(f, t, box, &f->achain[2 * (k + 1)],
                            k < 0 ? lect_db2(&f->v->ar.step) : lect_dw2(&f->v->ar.step, k), f->scale_out.factor, k);
    }
}

int view_error_every(int n) { return n > DENSE_TOKENS ? (n + MAX_ERRORS - 1) / MAX_ERRORS : 1; }

int view_error_note(int n, char *buf, size_t len)
{
    const int every = view_error_every(n);
    if (every <= 1) {
        if (len) buf[0] = '\0';
        return 0;
    }
    const int k = snprintf(buf, len, "\xce\xb5 shown for %d of %d tokens (1 in %d)", (n + every - 1) / every, n, every);
    return k > 0 && (size_t)k < len ? k : 0;
}

/* Errors ε_i = ŷ_i − y_i, red, from the target to the prediction. Past DENSE_TOKENS: every k-th
 * token's (view_error_every), thin and translucent, under everything else of the plane; the selected
 * token's as an arrow. */
static void draw_errors(view_frame *f, const view_xform *t, const draw_rect *box)
{
    const snap *s = f->s;
    const view_state *vs = f->vs;
    const draw_palette *pal = f->pal;
    const int n = s->n, sel = f->sel;
    float w = 2.0f * f->lw, head = 10 * f->s1 * pal->line_gain;
    /* in the layer phases the update arrows are the news: the errors step back */
    const SDL_Color red = vs->phase >= LECT_LAYER2 ? draw_mix(pal->error, pal->panel, 0.55f) : pal->error;
    const int dense = n > DENSE_TOKENS, every = view_error_every(n);
    const int shown = (n + every - 1) / every, heads = (shown + MAX_HEADS - 1) / MAX_HEADS;
    /* dense: the hairlines first, then the heads and the selected token's arrow over them (a head
     * covers the later hairlines where they cross it): two renderer calls instead of two per error */
    if (dense) draw_list_group_begin(f->dl);
    for (int i = 0; i < n; i++) {
        const double *y = &s->y[2 * i], *yh = &s->yhat[2 * i];
        if (!dense || i == sel)
            view_w_arrow(f, t, box, y[0], y[1], yh[0], yh[1], i == sel && !vs->probe ? w * 1.3f : w, head, red);
        else if (i % every == 0) /* a few hundred blended hairlines at most: cheap on every renderer */
            view_w_thin_arrow(f, t, box, y[0], y[1], yh[0], yh[1], head * 0.7f, (i / every) % heads == 0,
                              draw_alpha(red, ERROR_ALPHA));
    }
    if (dense) draw_list_group_end(f->dl);
}

/* Targets filled, predictions hollow (shape tells them apart, not only colour). */
static void draw_markers(view_frame *f, const view_xform *t, const draw_rect *box, float r)
{
    const snap *s = f->s;
    const draw_palette *pal = f->pal;
    const int n = s->n, ht = f->vs->hovered_token;
    float qx, qy;
    if (ht >= 0 && ht < n) {
        view_halo(f, t, box, &s->y[2 * ht], r);
        view_halo(f, t, box, &s->yhat[2 * ht], r);
    }
    for (int i = 0; i < n; i++)
        if (view_pt_screen(t, box, s->y[2 * i], s->y[2 * i + 1], &qx, &qy)) {
            view_marker(f, qx, qy, r, n, pal->target);
            view_occupy(f, qx, qy, r + 1 * f->s1);
        }
    for (int i = 0; i < n; i++) {
        if (!view_pt_screen(t, box, s->yhat[2 * i], s->yhat[2 * i + 1], &qx, &qy)) continue;
        view_occupy(f, qx, qy, r + 1 * f->s1);
        if (n > DENSE_MARKERS)
            view_marker(f, qx, qy, r, n, pal->pred);
        else
            draw_circle(f->dl, qx, qy, r, pal->panel);
    }
    for (int i = 0; i < n && n <= DENSE_MARKERS; i++)
        if (view_pt_screen(t, box, s->yhat[2 * i], s->yhat[2 * i + 1], &qx, &qy))
            draw_ring(f->dl, qx, qy, r, fmaxf(1.2f, 0.4f * r), pal->pred);
}

void view_draw_output(view_frame *f)
{
    const snap *s = f->s;
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1, lw = f->lw;
    const view_xform t = view_plane_xform(s, f->vs, f->lay, VIEW_PLANE_OUTPUT);
    const int sel = f->sel;
    const view_state *vs = f->vs;
    const lect_token *tk = &f->v->tok;

    view_occupy_clear(f);
    char rec[48];
    const float reserve = view_rec_pill(f, rec, sizeof rec);
    view_plane_panel(f, &f->lay->output, &t,
                     "output y: targets y, predictions \xc5\xb7, errors \xce\xb5 = \xc5\xb7 \xe2\x88\x92 y", "output y",
                     reserve > 0 ? reserve + 12 * sc1 : 0);
    view_clip(f, &t.r);
    for (int g = 0; f->s->scene && g < f->s->scene->n_guides; g++) {
        const scene_guide *gd = &f->s->scene->guides[g];
        if (gd->kind == SCENE_GUIDE_GRAPH && gd->plane == SCENE_PLANE_OUTPUT) draw_graph(f, &t, gd);
    }
    const draw_rect box = view_guard_box(&t, sc1);
    /* many errors go under the rest: the predictions and the chain stay on top */
    const int errors_under = (f->shows & LECT_SHOW_ERROR) && s->n > DENSE_TOKENS;
    if (errors_under) draw_errors(f, &t, &box);
    view_draw_mmse(f, &t, &box);
    /* the network's curve ŷ(θ) over the whole token arc */
    view_w_polyline(f, &t, &box, f->v->sweep_y, SWEEP, 2.0f * lw, draw_alpha(pal->pred, 0.8f));
    if (vs->twin) view_twin_output(f, &t, &box);
    draw_chain(f, &t, &box);
    if (f->upd_out) draw_updates(f, &t, &box);
    /* the probe: its ŷ(θ) ends the chain; its point (θ, θ²) of the parabola, dashed to it */
    if (vs->probe) {
        double th = vs->probe_theta;
        float e[4];
        if (view_seg_screen(&t, &box, th, th * th, tk->yhat[0], tk->yhat[1], e, NULL))
            draw_dashed(f->dl, e, 2, 1.3f * lw, 4 * sc1, 3 * sc1, pal->text_dim);
    }
    if ((f->shows & LECT_SHOW_ERROR) && !errors_under) draw_errors(f, &t, &box);
    const float r = view_token_radius(s->n, sc1);
    draw_markers(f, &t, &box, r);
    /* the selected token's target and prediction; the probe's point of the parabola and ŷ(θ) */
    float tx = 0, ty = 0, px = 0, py = 0;
    double ty_w[2] = {s->y[2 * sel], s->y[2 * sel + 1]}, py_w[2] = {tk->yhat[0], tk->yhat[1]};
    if (vs->probe) {
        ty_w[0] = vs->probe_theta;
        ty_w[1] = vs->probe_theta * vs->probe_theta;
    }
    int t_shown = view_pt_screen(&t, &box, ty_w[0], ty_w[1], &tx, &ty);
    int p_shown = view_pt_screen(&t, &box, py_w[0], py_w[1], &px, &py);
    if (t_shown) view_occupy(f, tx, ty, r + (SELECT_RING + 2) * sc1);
    if (p_shown) view_occupy(f, px, py, r + (SELECT_RING + 2) * sc1);
    if (vs->probe) {
        if (t_shown) draw_ring(f->dl, tx, ty, r + MARK_RING * sc1, 1.6f * lw, pal->text_dim);
        if (p_shown) {
            draw_circle(f->dl, px, py, r + MARK_RING * sc1, pal->panel);
            draw_ring(f->dl, px, py, r + MARK_RING * sc1, 2.6f * lw, pal->select);
        }
    } else {
        if (t_shown) draw_ring(f->dl, tx, ty, r + SELECT_RING * sc1, 2.2f * lw, pal->select);
        if (p_shown) draw_ring(f->dl, px, py, r + SELECT_RING * sc1, 2.2f * lw, pal->pred);
    }
    view_flush(f);
    view_clip(f, NULL);

    view_plane_names(f, &t, "y\xe2\x82\x80", "y\xe2\x82\x81");
    /* labels for the selected token: y away from the prediction, ŷ away from the target, ε beside the
     * error's middle; each turned away from what it would cover */
    float dx = px - tx, dy = py - ty, d = hypotf(dx, dy);
    float ux = d > 1 ? dx / d : 0.7071f, uy = d > 1 ? dy / d : -0.7071f;
    const float off = r + (SELECT_RING + 3) * sc1; /* clear of the selection ring */
    if (t_shown && view_in_rect(&t.r, tx, ty) && !vs->probe)
        view_label_near(f, &t, "y", tx, ty, -ux, -uy, off, pal->text);
    if (p_shown && view_in_rect(&t.r, px, py))
        view_label_near(f, &t, vs->probe ? "\xc5\xb7(\xce\xb8)" : "\xc5\xb7", px, py, ux, uy, off, pal->pred);
    if (t_shown && p_shown && d > 40 * sc1 && !vs->probe && (f->shows & LECT_SHOW_ERROR)) {
        float mx = 0.5f * (tx + px), my = 0.5f * (ty + py);
        if (view_in_rect(&t.r, mx, my)) view_label_near(f, &t, "\xce\xb5", mx, my, -uy, ux, ELABEL_GAP * sc1, pal->error);
    }
    if (f->upd_out) view_scale_note(f, &t, &f->scale_out, f->none_out);
    char note[64];
    if (errors_under && view_error_note(s->n, note, sizeof note) > 0) view_plot_note(f, &t, note, pal->error);
    view_label_mmse(f, &t); /* last: the notes above keep their corners */
}
