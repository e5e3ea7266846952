/* view_landscape: the loss landscape page: L over a plane through the weights as a heatmap with contour
 * lines, the recent trajectory projected on it, the axes chooser, λ_max over steps against 2/η (the edge of
 * stability) and the stability meter with what it means. Main thread only (SDL rendering).
 * Invariants: draws nothing outside f->lay->page; the slice is the app's copy (vs->slice), never computed here. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lesson/ledger.h"
#include "lesson/stability.h"
#include "render/view_math.h"
#include "render/view_panel.h"
#include "render/view_slice.h"

#define LEVELS 12 /* contour lines, evenly spaced in log L */

const char *view_axes_name(view_axes a)
{
    switch (a) {
    case VIEW_AXES_HESSIAN: return "Hessian eigenvectors";
    case VIEW_AXES_TRAJECTORY: return "trajectory directions";
    case VIEW_AXES_WEIGHTS: return "two weights";
    default: return "?";
    }
}

void view_slice_layout_of(const draw_rect *page, float s1, view_slice_layout *out)
{
    memset(out, 0, sizeof *out);
    const float pad = PANEL_PAD * s1, top = page->y + TITLE_H * s1 + 4 * s1;
    /* the map: a square on the left, room below for the α axis' labels and at its left for β's */
    float side = fminf(page->h - (TITLE_H + 30) * s1 - 2 * pad, page->w * 0.55f - 40 * s1);
    if (side < 40 * s1)
        side = fmaxf(0, side);
    out->map = (draw_rect){floorf(page->x + pad + 34 * s1), floorf(top), floorf(side), floorf(side)};
    float cx = out->map.x + out->map.w + 24 * s1, cw = page->x + page->w - pad - cx;
    float bh = 24 * s1, y = top;
    for (int i = 0; i < VIEW_AXES_COUNT; i++) {
        float bw = (cw - 2 * 6 * s1) / VIEW_AXES_COUNT;
        out->chooser[i] = (draw_rect){floorf(cx + (float)i * (bw + 6 * s1)), floorf(y), floorf(bw), floorf(bh)};
    }
    y += bh + 6 * s1;
    for (int i = 0; i < 2; i++) {
        float bw = (cw - 6 * s1) / 2;
        out->pick[i] = (draw_rect){floorf(cx + (float)i * (bw + 6 * s1)), floorf(y), floorf(bw), floorf(bh)};
    }
    y += bh + 10 * s1;
    float rest = page->y + page->h - pad - y;
    out->eos = (draw_rect){floorf(cx), floorf(y), floorf(cw), floorf(rest * 0.5f)};
    y += out->eos.h + 8 * s1;
    out->text = (draw_rect){floorf(cx), floorf(y), floorf(cw), floorf(page->y + page->h - pad - y)};
}

int view_slice_at(const view_slice_layout *l, double half, float x, float y, double *alpha, double *beta)
{
    const draw_rect *m = &l->map;
    if (m->w <= 0 || x < m->x || x > m->x + m->w || y < m->y || y > m->y + m->h)
        return 0;
    *alpha = half * (2.0 * (x - m->x) / m->w - 1.0);
    *beta = half * (1.0 - 2.0 * (y - m->y) / m->h);
    return 1;
}

/* A dark-to-light ramp (viridis' stops) for t in [0, 1]. */
static SDL_Color ramp(float t)
{
    static const unsigned char stop[5][3] = {
        {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    t = fminf(1, fmaxf(0, t)) * 4;
    int i = (int)t;
    if (i > 3)
        i = 3;
    float u = t - (float)i;
    SDL_Color c = {0, 0, 0, 255};
    c.r = (Uint8)(stop[i][0] + u * (stop[i + 1][0] - stop[i][0]));
    c.g = (Uint8)(stop[i][1] + u * (stop[i + 1][1] - stop[i][1]));
    c.b = (Uint8)(stop[i][2] + u * (stop[i + 1][2] - stop[i][2]));
    return c;
}

static double lg(double v) { return log10(isfinite(v) && v > 1e-300 ? v : 1e-300); }

static void draw_map(view_frame *f, const view_slice_layout *l, const view_slice *sl)
{
    const draw_rect *m = &l->map;
    const int g = VIEW_SLICE_G;
    const float s1 = f->s1, cw = m->w / (float)g, ch = m->h / (float)g;
    const double a = lg(sl->lo), b = fmax(lg(sl->hi), a + 1e-9);
    /* row i at β_i runs upward; column j at α_j to the right; each point fills its own cell */
    for (int i = 0; i < g; i++)
        for (int j = 0; j < g; j++) {
            double v = sl->loss[i * g + j];
            SDL_Color c = isfinite(v) ? ramp((float)((lg(v) - a) / (b - a))) : f->pal->error;
            draw_fill_rect(f->dl, m->x + (float)j * cw, m->y + m->h - (float)(i + 1) * ch, cw + 0.5f, ch + 0.5f, c);
        }
    view_flush(f);
    /* contour lines by marching squares, on log L */
    view_clip(f, m);
    const SDL_Color line = draw_alpha((SDL_Color){255, 255, 255, 255}, 0.55f);
#define PX(j) (m->x + ((float)(j) + 0.5f) * cw)
#define PY(i) (m->y + m->h - ((float)(i) + 0.5f) * ch)
    for (int k = 1; k < LEVELS; k++) {
        const double lev = a + (b - a) * k / LEVELS;
        for (int i = 0; i + 1 < g; i++)
            for (int j = 0; j + 1 < g; j++) {
                double c[4] = {lg(sl->loss[i * g + j]), lg(sl->loss[i * g + j + 1]), lg(sl->loss[(i + 1) * g + j + 1]),
                               lg(sl->loss[(i + 1) * g + j])};
                /* corners 0 (i, j), 1 (i, j+1), 2 (i+1, j+1), 3 (i+1, j); crossings on the four edges */
                float px[4], py[4];
                int n = 0;
                static const int e0[4] = {0, 1, 2, 3}, e1[4] = {1, 2, 3, 0};
                static const float ci[4] = {0, 0, 1, 1}, cj[4] = {0, 1, 1, 0};
                for (int e = 0; e < 4; e++) {
                    double u = c[e0[e]] - lev, w = c[e1[e]] - lev;
                    if ((u < 0) == (w < 0))
                        continue;
                    float t = (float)(u / (u - w));
                    float fi = (float)i + ci[e0[e]] + t * (ci[e1[e]] - ci[e0[e]]);
                    float fj = (float)j + cj[e0[e]] + t * (cj[e1[e]] - cj[e0[e]]);
                    px[n] = PX(fj);
                    py[n] = PY(fi);
                    n++;
                }
                if (n >= 2)
                    draw_line(f->dl, px[0], py[0], px[1], py[1], 1.0f * f->lw, line);
                if (n == 4)
                    draw_line(f->dl, px[2], py[2], px[3], py[3], 1.0f * f->lw, line);
            }
    }
#undef PX
#undef PY
    /* the trajectory, projected: a line through its points, each dot fainter the further it lies off the plane */
    const double h = sl->half;
#define MX(al) (m->x + (float)(((al) / h + 1.0) * 0.5) * m->w)
#define MY(be) (m->y + (float)((1.0 - (be) / h) * 0.5) * m->h)
    double dmax = 0;
    for (int t = 0; t < sl->m; t++)
        dmax = fmax(dmax, sl->tdist[t]);
    if (sl->m >= 2) {
        float *pts = f->v->pts;
        int n = sl->m < f->v->cap_pts ? sl->m : f->v->cap_pts;
        for (int t = 0; t < n; t++) {
            pts[2 * t] = MX(sl->ta[t]);
            pts[2 * t + 1] = MY(sl->tb[t]);
        }
        draw_polyline(f->dl, pts, n, 2.0f * f->lw, (SDL_Color){255, 255, 255, 230});
    }
    for (int t = 0; t < sl->m; t++) {
        float off = dmax > 0 ? (float)(sl->tdist[t] / dmax) : 0.0f;
        draw_circle(f->dl, MX(sl->ta[t]), MY(sl->tb[t]), 2.5f * s1, draw_alpha(f->pal->loss, 1.0f - 0.7f * off));
    }
    /* the weights at the slice's centre */
    draw_ring(f->dl, MX(0.0), MY(0.0), 6 * s1, 2 * f->lw, (SDL_Color){255, 255, 255, 255});
    draw_circle(f->dl, MX(0.0), MY(0.0), 3 * s1, f->pal->error);
#undef MX
#undef MY
    view_flush(f);
    view_clip(f, NULL);
    draw_round_rect_outline(f->dl, m->x, m->y, m->w, m->h, 0, 1.0f * f->lw, f->pal->frame);
    view_flush(f);
}

static void button(view_frame *f, const draw_rect *r, const char *label, int on)
{
    const draw_palette *pal = f->pal;
    draw_round_rect(f->dl, r->x, r->y, r->w, r->h, 4 * f->s1, on ? draw_alpha(pal->select, 0.35f) : pal->panel);
    draw_round_rect_outline(f->dl, r->x, r->y, r->w, r->h, 4 * f->s1, 1.0f * f->lw, on ? pal->select : pal->frame);
    view_flush(f);
    /* typeset: a picked weight reads w⁽¹⁾ with its indices under it, as in the ledger and the diagram */
    char buf[64];
    view_math_fit(f, TEXT_SANS, FONT_SMALL, label, r->w - 8 * f->s1, buf, sizeof buf);
    view_math(f, on ? TEXT_BOLD : TEXT_SANS, FONT_SMALL, buf, r->x + r->w / 2, r->y + r->h / 2,
              TEXT_CENTER | TEXT_MIDDLE, pal->text);
}

/* λ_max over steps (the trainer's samples) against limit/η: gd's λ_max climbs to 2/η and stays there. */
static void draw_eos(view_frame *f, const draw_rect *r)
{
    const snap *s = f->s;
    const snap_curv *c = &s->curv;
    const draw_palette *pal = f->pal;
    const float s1 = f->s1;
    view_panel_frame(f, r);
    view_flush(f);
    const double limit = lesson_stability_limit(s->opt);
    view_title(f, r, limit > 0 ? "λ_max over steps, and its edge limit/η" : "λ_max over steps", "λ_max", 0);
    draw_rect a = {r->x + 44 * s1, r->y + TITLE_H * s1 + 2 * s1, 0, 0};
    a.w = r->x + r->w - PANEL_PAD * s1 - a.x;
    a.h = r->y + r->h - 20 * s1 - a.y;
    if (a.w < 20 || a.h < 20 || c->len < 1) {
        if (a.w > 20 && a.h > 20)
            view_text(f, TEXT_SANS, FONT_SMALL, "no λ_max yet", a.x + a.w / 2, a.y + a.h / 2, TEXT_CENTER | TEXT_MIDDLE,
                      pal->text_dim);
        return;
    }
    double x0 = (double)c->step[0], x1 = fmax((double)s->step, (double)c->step[c->len - 1]);
    if (x1 <= x0)
        x1 = x0 + 1;
    double ymax = 0;
    for (int i = 0; i < c->len; i++) {
        ymax = fmax(ymax, c->lam[i]);
        if (limit > 0 && c->lr[i] > 0)
            ymax = fmax(ymax, fmin(limit / c->lr[i], 4 * fmax(c->lam[i], 1e-9)));
    }
    ymax = view_nice_ceil(fmax(ymax, 1e-9) * 1.05);
#define EX(st) (a.x + (float)(((st) - x0) / (x1 - x0)) * a.w)
#define EY(v) (a.y + a.h - (float)((v) / ymax) * a.h)
    draw_fill_rect(f->dl, a.x, a.y + a.h, a.w, fmaxf(1, floorf(s1)), pal->axis);
    draw_fill_rect(f->dl, a.x - 1, a.y, fmaxf(1, floorf(s1)), a.h, pal->axis);
    view_clip(f, &a);
    float *pts = f->v->pts;
    int cap = f->v->cap_pts / 2;
    if (limit > 0) { /* limit/η as a staircase: η may change over the run */
        int n = 0;
        for (int i = 0; i < c->len && n + 2 < cap; i++) {
            double e = c->lr[i] > 0 ? limit / c->lr[i] : ymax;
            if (i > 0) {
                pts[2 * n] = EX((double)c->step[i]);
                pts[2 * n + 1] = pts[2 * n - 1];
                n++;
            }
            pts[2 * n] = EX((double)c->step[i]);
            pts[2 * n + 1] = EY(fmin(e, ymax * 2));
            n++;
        }
        pts[2 * n] = EX(x1);
        pts[2 * n + 1] = pts[2 * n - 1];
        n++;
        draw_dashed(f->dl, pts, n, 1.5f * f->lw, 6 * s1, 4 * s1, pal->error);
    }
    const double edge_now = limit > 0 && s->lr > 0 ? limit / s->lr : 0;
    int n = 0;
    for (int i = 0; i < c->len && n < cap; i++, n++) {
        pts[2 * n] = EX((double)c->step[i]);
        pts[2 * n + 1] = EY(c->lam[i]);
    }
    if (n >= 2)
        draw_polyline(f->dl, pts, n, 2.0f * f->lw, pal->loss);
    draw_circle(f->dl, pts[2 * (n - 1)], pts[2 * (n - 1) + 1], 3 * s1, pal->loss);
    view_flush(f);
    view_clip(f, NULL);
    char buf[48];
    view_fmt_num(buf, sizeof buf, "%.3g", ymax);
    view_text(f, TEXT_SANS, FONT_TICK, buf, a.x - 4 * s1, a.y, TEXT_RIGHT | TEXT_TOP, pal->text_dim);
    view_text(f, TEXT_SANS, FONT_TICK, "0", a.x - 4 * s1, a.y + a.h, TEXT_RIGHT | TEXT_BOTTOM, pal->text_dim);
    if (edge_now > 0) { /* the edge's value, above the plot when it lies above it */
        char e[32], lab[64];
        view_fmt_num(e, sizeof e, "%.3g", edge_now);
        snprintf(lab, sizeof lab, edge_now > ymax ? "%s/η = %s (above)" : "%s/η = %s", limit == 2.0 ? "2" : "3.8", e);
        float ly = edge_now > ymax ? a.y + 2 * s1 : fmaxf(a.y + 2 * s1, EY(edge_now) - 16 * s1);
        view_text(f, TEXT_SANS, FONT_SMALL, lab, a.x + a.w - 2 * s1, ly, TEXT_RIGHT | TEXT_TOP, pal->error);
    }
    snprintf(buf, sizeof buf, "step %.0f", x0);
    view_text(f, TEXT_SANS, FONT_TICK, buf, a.x, a.y + a.h + 3 * s1, TEXT_LEFT | TEXT_TOP, pal->text_dim);
    snprintf(buf, sizeof buf, "%.0f", x1);
    view_text(f, TEXT_SANS, FONT_TICK, buf, a.x + a.w, a.y + a.h + 3 * s1, TEXT_RIGHT | TEXT_TOP, pal->text_dim);
#undef EX
#undef EY
}

/* Lines of text from y down, each fitted to the width; returns the next line's y. */
static float lines(view_frame *f, const draw_rect *r, float y, const char *const *ln, int n, SDL_Color c)
{
    char buf[256];
    for (int i = 0; i < n && y + 16 * f->s1 <= r->y + r->h; i++) {
        view_fit_text(f, TEXT_SANS, FONT_SMALL, ln[i], r->w, buf, sizeof buf);
        view_text(f, TEXT_SANS, FONT_SMALL, buf, r->x, y, TEXT_LEFT | TEXT_TOP, c);
        y += 16 * f->s1;
    }
    return y;
}

static void draw_text(view_frame *f, const draw_rect *r)
{
    const float s1 = f->s1;
    draw_rect m = {r->x, r->y, r->w, 22 * s1};
    view_draw_meter(f, &m);
    lesson_meter mt;
    lesson_meter_of(f->s, &mt);
    float y = r->y + 28 * s1;
    char l0[128], l1[128], a[32], b[32];
    if (mt.has) {
        view_fmt_num(a, sizeof a, "%.4g", mt.lambda_max);
        snprintf(l0, sizeof l0, "λ_max = %s at step %lld (the largest curvature of L)", a, (long long)mt.at);
        const char *one[] = {l0};
        y = lines(f, r, y, one, 1, f->pal->text);
    }
    if (mt.limit > 0) {
        view_fmt_num(a, sizeof a, "%.4g", mt.eta_edge);
        view_fmt_num(b, sizeof b, "%.4g", f->s->lr);
        snprintf(l1, sizeof l1, "η = %s; the edge limit/λ_max = %s (the mark on the η slider)", b, a);
        const char *txt[] = {
            l1,
            "Along λ_max's direction L is a parabola: each gd step",
            "multiplies the distance to its bottom by (1 − ηλ_max).",
            "Past 2 that factor is below −1: every step overshoots",
            "further, L oscillates, then grows: the run diverges.",
            f->s->opt == NN_OPT_MOMENTUM ? "Momentum (β = 0.9) stays stable up to 2(1 + β) = 3.8." : "",
        };
        lines(f, r, y, txt, f->s->opt == NN_OPT_MOMENTUM ? 6 : 5, f->pal->text_dim);
    } else {
        const char *txt[] = {
            "adam divides each step by running averages of the",
            "gradient's size; L-BFGS picks its step by a line search.",
            "Neither step is η∇L, so η·λ_max does not decide whether",
            "they converge: λ_max alone is shown, how sharp L is here.",
        };
        lines(f, r, y, txt, 4, f->pal->text_dim);
    }
}

void view_draw_landscape(view_frame *f)
{
    const draw_rect *p = &f->lay->page;
    const view_slice *sl = f->vs->slice;
    const float s1 = f->s1;
    view_panel_frame(f, p);
    view_flush(f);
    char title[160], a[32];
    if (sl && sl->valid) {
        view_fmt_num(a, sizeof a, "%.4g", sl->center_loss);
        snprintf(title, sizeof title, "loss L over a plane through the weights of step %lld (L = %s there)",
                 (long long)sl->step, a);
    } else {
        snprintf(title, sizeof title, "loss landscape");
    }
    view_title(f, p, title, "loss landscape", 0);
    view_slice_layout l;
    view_slice_layout_of(p, s1, &l);
    view_axes axes = sl ? sl->axes : VIEW_AXES_HESSIAN;
    for (int i = 0; i < VIEW_AXES_COUNT; i++)
        button(f, &l.chooser[i], view_axes_name((view_axes)i), (int)axes == i);
    nn_net net;
    snap_net(f->s, &net);
    nn_layout lay;
    nn_net_layout(&net, &lay);
    if (axes == VIEW_AXES_WEIGHTS && sl) {
        for (int i = 0; i < 2; i++) {
            int w = i == 0 ? sl->wi : sl->wj;
            char name[24] = "?", lab[64];
            if (w >= 0 && (size_t)w < lay.count)
                lesson_ledger_name(&lay, (size_t)w, name, sizeof name);
            snprintf(lab, sizeof lab, "%s: %s  (next ›)", i == 0 ? "α" : "β", name);
            button(f, &l.pick[i], lab, 0);
        }
    }
    if (l.map.w > 20) {
        if (sl && sl->valid) {
            draw_map(f, &l, sl);
            /* the axes: α across, β up, from −half to half */
            char lo[32], hi[32], lab[192];
            view_fmt_num(lo, sizeof lo, "%.3g", -sl->half);
            view_fmt_num(hi, sizeof hi, "%.3g", sl->half);
            const SDL_Color dim = f->pal->text_dim;
            view_text(f, TEXT_SANS, FONT_TICK, lo, l.map.x, l.map.y + l.map.h + 3 * s1, TEXT_LEFT | TEXT_TOP, dim);
            view_text(f, TEXT_SANS, FONT_TICK, hi, l.map.x + l.map.w, l.map.y + l.map.h + 3 * s1, TEXT_RIGHT | TEXT_TOP, dim);
            view_text(f, TEXT_SANS, FONT_TICK, hi, l.map.x - 4 * s1, l.map.y, TEXT_RIGHT | TEXT_TOP, dim);
            view_text(f, TEXT_SANS, FONT_TICK, lo, l.map.x - 4 * s1, l.map.y + l.map.h, TEXT_RIGHT | TEXT_BOTTOM, dim);
            view_text(f, TEXT_BOLD, FONT_LABEL, "β", l.map.x - 14 * s1, l.map.y + l.map.h / 2, TEXT_CENTER | TEXT_MIDDLE,
                      f->pal->text);
            double dmax = 0;
            for (int t = 0; t < sl->m; t++)
                dmax = fmax(dmax, sl->tdist[t]);
            char d[32];
            view_fmt_num(d, sizeof d, "%.3g", dmax);
            snprintf(lab, sizeof lab, "α  ·  trajectory: %d points, up to %s off the plane  ·  click: move the weights there%s",
                     sl->m, d, sl->axes == VIEW_AXES_WEIGHTS ? "  ·  α, β: two edges clicked in the diagram" : "");
            char fit[160];
            view_fit_text(f, TEXT_SANS, FONT_SMALL, lab, l.map.w + 30 * s1, fit, sizeof fit);
            /* under the tick labels of α's ends, not over them */
            view_text(f, TEXT_SANS, FONT_SMALL, fit, l.map.x + l.map.w / 2, l.map.y + l.map.h + (4 + FONT_TICK + 3) * s1,
                      TEXT_CENTER | TEXT_TOP, f->pal->text);
        } else {
            const char *msg = sl ? sl->note : "computing the slice…";
            view_text(f, TEXT_SANS, FONT_LABEL, msg, l.map.x + l.map.w / 2, l.map.y + l.map.h / 2,
                      TEXT_CENTER | TEXT_MIDDLE, f->pal->text_dim);
        }
    }
    if (l.eos.w > 40 && l.eos.h > 40)
        draw_eos(f, &l.eos);
    if (l.text.w > 40 && l.text.h > 20)
        draw_text(f, &l.text);
}
