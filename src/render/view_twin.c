/* view_twin: the twin run (vs->twin, run b) drawn as a ghost: in the planes dotted decision lines,
 * a dotted curve ŷ(θ), hollow diamonds for its predictions, and a legend naming the two runs; in the
 * loss plot its curve, dotted, labelled with the setting that differs (its bars: view_bars.c).
 * Main thread only (SDL rendering and SDL_ttf). Invariants: reads only the two snapshots; run b has
 * run a's scene, so a's probe sweep (f->v->sweep_x) is b's too. */
#include <math.h>
#include <stdio.h>

#include "render/view_panel.h"

/* Logical sizes (pixels at scale 1). */
#define DOT 2.5f        /* dotted: dash and gap, so that b never reads as a's solid or a's dashed ghost */
#define DOT_GAP 3.5f
#define DIAMOND 5.0f    /* half-diagonal of b's prediction marker */
#define LEGEND_SAMPLE 22 /* the line sample before each legend entry */
#define LEGEND_ROW 17

/* Run b's colour: the ghost's grey, dark enough for a projector. */
SDL_Color view_twin_colour(const draw_palette *pal) { return draw_mix(pal->text_dim, pal->text, 0.25f); }

void view_twin_input(view_frame *f, const view_xform *t, const draw_rect *box)
{
    (void)box;
    const snap *b = f->vs->twin;
    const float sc1 = f->s1;
    nn_net bn;
    snap_net(b, &bn);
    const int N = b->hidden;
    for (int k = 0; k < N && b->d == 2; k++) {
        if (N > DENSE_UNITS && k != f->hl) continue;
        const double w0 = bn.w1[2 * k], w1 = bn.w1[2 * k + 1], bb = bn.b1[k], nw2 = w0 * w0 + w1 * w1;
        if (!(nw2 > 1e-18) || !isfinite(nw2 + bb)) continue;
        const double px = -bb * w0 / nw2, py = -bb * w1 / nw2, dx = -w1, dy = w0;
        double t0, t1;
        if (!draw_clip_line(px, py, dx, dy, t->wx0, t->wx1, t->wy0, t->wy1, &t0, &t1)) continue;
        float a[4];
        view_to_screen(t, px + t0 * dx, py + t0 * dy, &a[0], &a[1]);
        view_to_screen(t, px + t1 * dx, py + t1 * dy, &a[2], &a[3]);
        draw_dashed(f->dl, a, 2, 1.6f * f->lw, DOT * sc1, DOT_GAP * sc1, draw_alpha(draw_unit_colour(f->pal, k), 0.8f));
    }
}

void view_twin_legend(view_frame *f, const view_xform *t)
{
    const float sc1 = f->s1;
    /* the legend on a backing at the plot's left, below the middle: x₀ < 0 holds no token of the
     * semicircle, and the corners hold the axis name and the arrows' note */
    const SDL_Color ca = f->pal->text, cb = view_twin_colour(f->pal);
    char la[80], lb[80];
    snprintf(la, sizeof la, "run a: %s", f->vs->twin_label[0]);
    snprintf(lb, sizeof lb, "twin b: %s", f->vs->twin_label[1]);
    const float tw = (float)fmax(view_text_w(f, TEXT_BOLD, FONT_SMALL, la), view_text_w(f, TEXT_BOLD, FONT_SMALL, lb));
    const float x = t->r.x + 10 * sc1, y = t->r.y + floorf(0.6f * t->r.h);
    draw_round_rect(f->dl, x - 5 * sc1, y - 10 * sc1, (LEGEND_SAMPLE + 16) * sc1 + tw, (LEGEND_ROW + 20) * sc1,
                    4 * sc1, draw_alpha(f->pal->panel, 0.9f));
    const float solid[4] = {x, y, x + LEGEND_SAMPLE * sc1, y};
    const float dotted[4] = {x, y + LEGEND_ROW * sc1, x + LEGEND_SAMPLE * sc1, y + LEGEND_ROW * sc1};
    draw_line(f->dl, solid[0], solid[1], solid[2], solid[3], 2.0f * f->lw, ca);
    draw_dashed(f->dl, dotted, 2, 1.8f * f->lw, DOT * sc1, DOT_GAP * sc1, cb);
    view_flush(f);
    view_text(f, TEXT_BOLD, FONT_SMALL, la, x + (LEGEND_SAMPLE + 6) * sc1, y, TEXT_LEFT | TEXT_MIDDLE, ca);
    view_text(f, TEXT_BOLD, FONT_SMALL, lb, x + (LEGEND_SAMPLE + 6) * sc1, y + LEGEND_ROW * sc1, TEXT_LEFT | TEXT_MIDDLE,
              cb);
}

void view_twin_output(view_frame *f, const view_xform *t, const draw_rect *box)
{
    const snap *b = f->vs->twin;
    const float sc1 = f->s1;
    const SDL_Color cb = view_twin_colour(f->pal);
    if (b->k != 2 || b->d != f->s->d) return;
    nn_net bn;
    snap_net(b, &bn);
    static double yb[SWEEP * NN_MAX_IO]; /* (SWEEP, K) b's ŷ along a's sweep: main thread only */
    nn_predict(&bn, f->v->sweep_x, SWEEP, yb);
    float *pts = f->v->pts;
    int m = 0;
    for (int i = 0; i < SWEEP; i++) {
        float sx, sy;
        if (view_pt_screen(t, box, yb[2 * i], yb[2 * i + 1], &sx, &sy)) {
            pts[2 * m] = sx;
            pts[2 * m + 1] = sy;
            m++;
        } else if (m >= 2) {
            draw_dashed(f->dl, pts, m, 1.8f * f->lw, DOT * sc1, DOT_GAP * sc1, cb);
            m = 0;
        } else {
            m = 0;
        }
    }
    if (m >= 2) draw_dashed(f->dl, pts, m, 1.8f * f->lw, DOT * sc1, DOT_GAP * sc1, cb);
    /* its predictions: hollow diamonds, a shape of their own beside a's hollow discs */
    const float d = DIAMOND * sc1, w = 1.4f * f->lw;
    for (int i = 0; i < b->n && b->n <= DENSE_MARKERS; i++) {
        float x, y;
        if (!view_pt_screen(t, box, b->yhat[2 * i], b->yhat[2 * i + 1], &x, &y)) continue;
        const float dia[10] = {x, y - d, x + d, y, x, y + d, x - d, y, x, y - d};
        draw_polyline(f->dl, dia, 5, w, cb);
    }
}

/* A loss as the plot's log axis takes it: not finite or not positive sits at the floor. */
static double loss_log(double v) { return log10(isfinite(v) && v > 1e-300 ? v : 1e-300); }

void view_twin_loss_range(const view_frame *f, double *lmin, double *lmax)
{
    const snap_history *h = &f->vs->twin->hist;
    for (int i = 0; i < h->len; i++) {
        *lmin = fmin(*lmin, loss_log(h->lo[i]));
        *lmax = fmax(*lmax, loss_log(h->hi[i]));
    }
}

void view_twin_loss(view_frame *f, const draw_rect *r, double xmin, double xmax, double d0, double d1)
{
    const snap *b = f->vs->twin;
    const snap_history *h = &b->hist;
    const float sc1 = f->s1;
    const SDL_Color cb = view_twin_colour(f->pal);
#define TX(st) (r->x + (float)(((st) - xmin) / (xmax - xmin)) * r->w)
#define TY(lg) (r->y + (float)((d1 - (lg)) / (d1 - d0)) * r->h)
    /* its envelope's middle, each bucket at the middle of its steps as run a's (from the branch point on) */
    static float pts[2 * SNAP_HIST_CAP]; /* (len, 2): main thread only */
    const double last = fmax((double)b->step, (double)b->travel.last);
    int m = 0;
    for (int i = 0; i < h->len; i++) {
        const double b0 = (double)h->origin + (double)i * (double)h->stride;
        const double bx = b0 + 0.5 * (fmin((double)h->stride, last - b0 + 1) - 1);
        pts[2 * m] = TX(bx);
        pts[2 * m + 1] = TY(0.5 * (loss_log(h->lo[i]) + loss_log(h->hi[i])));
        m++;
    }
    view_clip(f, r);
    if (m >= 2) draw_dashed(f->dl, pts, m, 2.0f * f->lw, DOT * sc1, DOT_GAP * sc1, cb);
    /* where run b is now: its diamond, as its predictions are marked in the output plane */
    const float x = TX((double)b->step), y = TY(loss_log(b->loss)), d = DIAMOND * sc1;
    const float dia[10] = {x, y - d, x + d, y, x, y + d, x - d, y, x, y - d};
    draw_polyline(f->dl, dia, 5, 1.6f * f->lw, cb);
    view_flush(f);
    view_clip(f, NULL);
#undef TX
#undef TY
}

void view_twin_loss_legend(view_frame *f, const draw_rect *r)
{
    const snap *b = f->vs->twin;
    const float sc1 = f->s1;
    const SDL_Color cb = view_twin_colour(f->pal);
    /* the legend at the plot's upper right, where falling losses leave room (the lower left holds the
     * stability meter): both runs by the setting that differs, run b with its own L (a's is the title) */
    char la[96], lb[128], num[48];
    snprintf(la, sizeof la, "run a: %s", f->vs->twin_label[0]);
    if (b->status == TRAIN_DIVERGED) {
        snprintf(lb, sizeof lb, "twin b: %s, diverged at step %lld", f->vs->twin_label[1], (long long)b->stop_step);
    } else {
        view_fmt_num(num, sizeof num, "%.4g", b->loss);
        snprintf(lb, sizeof lb, "twin b: %s   L = %s", f->vs->twin_label[1], num);
    }
    const float row = 15 * sc1, sample = LEGEND_SAMPLE * sc1;
    const float tw = (float)fmax(view_text_w(f, TEXT_SANS, FONT_SMALL, la), view_text_w(f, TEXT_SANS, FONT_SMALL, lb));
    const float x0 = r->x + r->w - 8 * sc1 - tw - sample - 6 * sc1, ya = r->y + 10 * sc1, yb = ya + row;
    if (tw + sample + 20 * sc1 > r->w || 2 * row + 12 * sc1 > r->h) return; /* too small a plot for it */
    draw_round_rect(f->dl, x0 - 3 * sc1, ya - 8 * sc1, sample + 12 * sc1 + tw, row + 16 * sc1, 3 * sc1,
                    draw_alpha(f->pal->panel, 0.88f));
    const float sa[4] = {x0, ya, x0 + sample, ya}, sb[4] = {x0, yb, x0 + sample, yb};
    draw_line(f->dl, sa[0], sa[1], sa[2], sa[3], 2.0f * f->lw, f->pal->loss);
    draw_dashed(f->dl, sb, 2, 2.0f * f->lw, DOT * sc1, DOT_GAP * sc1, cb);
    view_flush(f);
    view_text(f, TEXT_SANS, FONT_SMALL, la, x0 + sample + 6 * sc1, ya, TEXT_LEFT | TEXT_MIDDLE, f->pal->text);
    view_text(f, TEXT_SANS, FONT_SMALL, lb, x0 + sample + 6 * sc1, yb, TEXT_LEFT | TEXT_MIDDLE, cb);
}
