/* view_loss: the loss over steps on a log scale: min/max envelope, its middle, and markers where a setting changed.
 * Main thread only (SDL rendering and SDL_ttf).
 * Invariants: the x axis runs from the history's origin to now; every bucket stands at its middle step. */
#include <math.h>
#include <stdio.h>

#include "render/view_fmt.h"
#include "render/view_panel.h"

/* Steps as "950", "12k", "3.5M". */
static void fmt_steps(char *out, size_t len, double x)
{
    double a = fabs(x);
    if (a >= 1e9) snprintf(out, len, "%.3gG", x / 1e9);
    else if (a >= 1e6) snprintf(out, len, "%.3gM", x / 1e6);
    else if (a >= 1e4) snprintf(out, len, "%.3gk", x / 1e3);
    else snprintf(out, len, "%.0f", x);
}

static double clamp_loss(double v) { return isfinite(v) && v > 1e-300 ? v : 1e-300; }

void view_draw_loss(view_frame *f)
{
    const snap *s = f->s;
    const snap_history *h = &s->hist;
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1, lw = f->lw;
    const draw_rect *p = &f->lay->loss;
    char buf[96], num[48];

    view_panel_frame(f, p);
    view_flush(f);
    view_fmt_num(num, sizeof num, "%.6g", s->loss);
    snprintf(buf, sizeof buf, "L = %s", num);
    float lw_text = (float)view_text_w(f, TEXT_BOLD, FONT_TITLE, buf);
    view_title(f, p, "loss L over steps (log scale)", "loss L", lw_text + 12 * sc1);
    view_text(f, TEXT_BOLD, FONT_TITLE, buf, p->x + p->w - PANEL_PAD * sc1, p->y + 5 * sc1, TEXT_RIGHT | TEXT_TOP,
              pal->loss);

    draw_rect r = {floorf(p->x + (PANEL_PAD + AXIS_LEFT + 10) * sc1), floorf(p->y + TITLE_H * sc1 + 4 * sc1), 0, 0};
    r.w = floorf(p->x + p->w - PANEL_PAD * sc1 - 4 * sc1 - r.x);
    r.h = floorf(p->y + p->h - (AXIS_BOTTOM + PANEL_PAD) * sc1 - r.y);
    if (r.w < 8 || r.h < 8) {
        view_flush(f);
        return;
    }
    if (h->len <= 0) {
        view_flush(f);
        view_text(f, TEXT_SANS, FONT_LABEL, "no steps yet", r.x + r.w / 2, r.y + r.h / 2,
                  TEXT_CENTER | TEXT_MIDDLE, pal->text_dim);
        return;
    }
    /* steps run from the history's origin (0, or the step of the last load) to now */
    const double xmin = (double)h->origin;
    double xmax = fmax(xmin + (double)h->len * (double)h->stride, (double)s->step);
    if (xmax < xmin + 1) xmax = xmin + 1;
    double lmin = INFINITY, lmax = -INFINITY;
    for (int i = 0; i < h->len; i++) {
        lmin = fmin(lmin, log10(clamp_loss(h->lo[i])));
        lmax = fmax(lmax, log10(clamp_loss(h->hi[i])));
    }
    double d0 = floor(lmin), d1 = ceil(lmax);
    if (d1 - d0 < 1) d1 = d0 + 1;
    int dstep = (int)ceil((d1 - d0) / fmax(1, floor(r.h / (22 * sc1))));
    if (dstep < 1) dstep = 1;
#define LX(st) (r.x + (float)(((st) - xmin) / (xmax - xmin)) * r.w)
#define LY(lg) (r.y + (float)((d1 - (lg)) / (d1 - d0)) * r.h)
    /* grid: decades and nice step counts */
    for (double e = d0; e <= d1 + 1e-9; e += dstep) draw_fill_rect(f->dl, r.x, floorf(LY(e)), r.w, 1, pal->grid);
    double xs = fmax(1, view_nice_step(xmax - xmin, fmax(2, floor(r.w / (90 * sc1)))));
    const double xt0 = ceil(xmin / xs) * xs;
    for (double x = xt0; x <= xmax + 1e-9; x += xs) draw_fill_rect(f->dl, floorf(LX(x)), r.y, 1, r.h, pal->grid);
    draw_fill_rect(f->dl, r.x, r.y + r.h, r.w, fmaxf(1, floorf(sc1 + 0.25f)), pal->axis);
    draw_fill_rect(f->dl, r.x - 1, r.y, fmaxf(1, floorf(sc1 + 0.25f)), r.h, pal->axis);

    /* the envelope, merged down to about one column per 2 px */
    int cols = (int)(r.w / 2);
    if (cols < 2) cols = 2;
    if (cols > f->v->cap_pts / 3 - 1) cols = f->v->cap_pts / 3 - 1; /* top, bottom, middle share pts */
    float *top = f->v->pts, *bot = top + 2 * (cols + 1), *mid = bot + 2 * (cols + 1);
    int m = 0;
    for (int c = 0, i = 0; c < cols && i < h->len; c++) {
        double x_end = xmin + (xmax - xmin) * (c + 1) / cols;
        double lo = INFINITY, hi = -INFINITY, x_sum = 0;
        int cnt = 0;
        /* bucket i covers [origin + i·stride, origin + (i+1)·stride): it stands at its middle */
        while (i < h->len && xmin + ((double)i + 0.5) * (double)h->stride <= x_end) {
            lo = fmin(lo, clamp_loss(h->lo[i]));
            hi = fmax(hi, clamp_loss(h->hi[i]));
            x_sum += xmin + ((double)i + 0.5) * (double)h->stride;
            cnt++;
            i++;
        }
        if (!cnt) continue;
        float x = LX(x_sum / cnt);
        top[2 * m] = bot[2 * m] = mid[2 * m] = x;
        top[2 * m + 1] = LY(log10(hi));
        bot[2 * m + 1] = LY(log10(lo));
        mid[2 * m + 1] = LY(0.5 * (log10(hi) + log10(lo)));
        m++;
    }
    view_clip(f, &r);
    if (m >= 2) {
        draw_band(f->dl, top, bot, m, draw_alpha(pal->loss, 0.25f));
        draw_polyline(f->dl, mid, m, 2.0f * lw, pal->loss);
    } else if (m == 1) {
        draw_circle(f->dl, mid[0], mid[1], 3 * sc1, pal->loss);
    }
    /* setting changes: a dashed vertical line each */
    for (int k = 0; k < h->n_marks; k++) {
        if ((double)h->mark[k].step < xmin || (double)h->mark[k].step > xmax) continue;
        float x = LX((double)h->mark[k].step);
        float seg[4] = {x, r.y + r.h, x, r.y};
        draw_dashed(f->dl, seg, 2, 1.3f * lw, 4 * sc1, 3 * sc1, pal->marker);
    }
    view_flush(f);
    view_clip(f, NULL);

    for (double e = d0; e <= d1 + 1e-9; e += dstep) {
        view_fmt_pow10(buf, sizeof buf, (int)e);
        view_text(f, TEXT_SANS, FONT_TICK, buf, r.x - 6 * sc1, LY(e), TEXT_RIGHT | TEXT_MIDDLE, pal->text_dim);
    }
    for (double x = xt0; x <= xmax + 1e-9; x += xs) {
        fmt_steps(buf, sizeof buf, x);
        float half = 0.5f * (float)view_text_w(f, TEXT_SANS, FONT_TICK, buf), lx = LX(x);
        lx = fminf(lx, p->x + p->w - PANEL_PAD * sc1 - half); /* the last label stays in the panel */
        view_text(f, TEXT_SANS, FONT_TICK, buf, lx, r.y + r.h + 3 * sc1, TEXT_CENTER | TEXT_TOP, pal->text_dim);
    }
    /* marker labels in two staggered rows, skipped where they would overlap */
    float row_end[2] = {-1e9f, -1e9f};
    for (int k = 0; k < h->n_marks; k++) {
        if ((double)h->mark[k].step < xmin || (double)h->mark[k].step > xmax) continue;
        float x = LX((double)h->mark[k].step);
        char lab[24]; /* the width marks were always cut to */
        view_fmt_mark(lab, sizeof lab, s->scene, &h->mark[k]);
        int w = view_text_w(f, TEXT_SANS, FONT_SMALL, lab);
        float lx = fminf(x + 3 * sc1, r.x + r.w - (float)w);
        for (int row = 0; row < 2; row++) {
            if (lx > row_end[row] + 4 * sc1) {
                view_text(f, TEXT_SANS, FONT_SMALL, lab, lx, r.y + 1 * sc1 + (float)row * 14 * sc1,
                          TEXT_LEFT | TEXT_TOP, pal->marker);
                row_end[row] = lx + (float)w;
                break;
            }
        }
    }
#undef LX
#undef LY
}
