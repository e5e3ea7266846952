/* view_sweep: the Barron sweep page: Start / Cancel, the widths and restarts, a progress bar with runs done
 * and time, the true error against N on log-log axes (every run, the best and the median per N, C/N, the
 * fitted slope) and what the plot shows and does not. Main thread only (SDL rendering).
 * Invariants: draws nothing outside f->lay->page; the rows are the app's (vs->sweep), never computed here. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/view_panel.h"
#include "render/view_sweep.h"

int view_sweep_max_n(int i) { return 8 << i; }

void view_sweep_layout_of(const draw_rect *page, float s1, view_sweep_layout *out)
{
    memset(out, 0, sizeof *out);
    const float pad = PANEL_PAD * s1, gap = 6 * s1, bh = 26 * s1;
    const float x0 = page->x + pad, w = page->w - 2 * pad;
    float y = page->y + TITLE_H * s1 + 4 * s1;
    /* one row: Start, the six "N ≤" buttons, R − and +, shrunk together when the page is narrow */
    const float want = 120 * s1 + VIEW_SWEEP_MAXN_COUNT * 62 * s1 + 2 * 30 * s1 + 70 * s1 + 10 * gap;
    const float k = want > w ? w / want : 1.0f;
    float x = x0;
    out->start = (draw_rect){floorf(x), floorf(y), floorf(120 * s1 * k), floorf(bh)};
    x += out->start.w + 3 * gap;
    for (int i = 0; i < VIEW_SWEEP_MAXN_COUNT; i++) {
        out->max_n[i] = (draw_rect){floorf(x), floorf(y), floorf(62 * s1 * k - gap), floorf(bh)};
        x += 62 * s1 * k;
    }
    x += 2 * gap;
    out->r_down = (draw_rect){floorf(x), floorf(y), floorf(30 * s1 * k), floorf(bh)};
    x += out->r_down.w + 70 * s1 * k; /* "R = 5" between the two */
    out->r_up = (draw_rect){floorf(x), floorf(y), floorf(30 * s1 * k), floorf(bh)};
    y += bh + gap;
    out->progress = (draw_rect){floorf(x0), floorf(y), floorf(w), floorf(20 * s1)};
    y += out->progress.h + gap;
    const float rest = page->y + page->h - pad - y;
    /* the plot on the left; the text beside it, or below it on a tall, narrow page */
    if (w >= 620 * s1) {
        float tw = fmaxf(260 * s1, w * 0.36f);
        out->plot = (draw_rect){floorf(x0), floorf(y), floorf(w - tw - gap), floorf(rest)};
        out->text = (draw_rect){floorf(x0 + w - tw), floorf(y), floorf(tw), floorf(rest)};
    } else {
        out->plot = (draw_rect){floorf(x0), floorf(y), floorf(w), floorf(rest * 0.6f)};
        out->text = (draw_rect){floorf(x0), floorf(y + rest * 0.6f + gap), floorf(w), floorf(rest * 0.4f - gap)};
    }
}

static void button(view_frame *f, const draw_rect *r, const char *label, int on, int enabled)
{
    const draw_palette *pal = f->pal;
    draw_round_rect(f->dl, r->x, r->y, r->w, r->h, 4 * f->s1, on ? draw_alpha(pal->select, 0.35f) : pal->panel);
    draw_round_rect_outline(f->dl, r->x, r->y, r->w, r->h, 4 * f->s1, 1.0f * f->lw, on ? pal->select : pal->frame);
    view_flush(f);
    char buf[64];
    view_fit_text(f, TEXT_SANS, FONT_SMALL, label, r->w - 6 * f->s1, buf, sizeof buf);
    view_text(f, on ? TEXT_BOLD : TEXT_SANS, FONT_SMALL, buf, r->x + r->w / 2, r->y + r->h / 2,
              TEXT_CENTER | TEXT_MIDDLE, enabled ? pal->text : pal->text_dim);
}

/* Words of s wrapped to r's width from y down while lines fit; returns the next line's y. */
static float para(view_frame *f, const draw_rect *r, float y, const char *s, text_face face, SDL_Color c)
{
    const float lh = 16 * f->s1;
    char line[512] = "", trial[512];
    const char *p = s;
    while (*p && y + lh <= r->y + r->h) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        snprintf(trial, sizeof trial, "%s%s%.*s", line, line[0] ? " " : "", (int)n, p);
        if (line[0] && (float)view_text_w(f, face, FONT_SMALL, trial) > r->w) {
            view_text(f, face, FONT_SMALL, line, r->x, y, TEXT_LEFT | TEXT_TOP, c);
            y += lh;
            line[0] = '\0';
            continue; /* the same word starts the next line */
        }
        snprintf(line, sizeof line, "%s", trial);
        p += n;
        while (*p == ' ')
            p++;
    }
    if (line[0] && y + lh <= r->y + r->h) {
        char fit[512];
        view_fit_text(f, face, FONT_SMALL, line, r->w, fit, sizeof fit);
        view_text(f, face, FONT_SMALL, fit, r->x, y, TEXT_LEFT | TEXT_TOP, c);
        y += lh;
    }
    return y + 5 * f->s1;
}

static void draw_progress(view_frame *f, const view_sweep_layout *l, const view_sweep *v)
{
    const draw_rect *b = &l->progress;
    const draw_palette *pal = f->pal;
    const float frac = v->total > 0 ? (float)v->done / (float)v->total : 0.0f;
    draw_round_rect(f->dl, b->x, b->y, b->w, b->h, 3 * f->s1, pal->panel);
    if (frac > 0)
        draw_round_rect(f->dl, b->x, b->y, b->w * frac, b->h, 3 * f->s1, draw_alpha(pal->loss, 0.45f));
    draw_round_rect_outline(f->dl, b->x, b->y, b->w, b->h, 3 * f->s1, 1.0f * f->lw, pal->frame);
    view_flush(f);
    char msg[200], t[32];
    snprintf(t, sizeof t, "%.1f s", v->elapsed);
    const int R = v->desc.restarts > 0 ? v->desc.restarts : 1;
    switch (v->state) {
    case VIEW_SWEEP_IDLE:
        snprintf(msg, sizeof msg, v->usable ? "not run yet: Start (or W) runs %d widths × %d restarts in the background"
                                            : "no sweep: this scene has no target f over a square",
                 (int)log2((double)v->max_n) + 1, v->restarts);
        break;
    case VIEW_SWEEP_RUNNING:
        snprintf(msg, sizeof msg, "%d / %d runs · %s · now N = %d, restart %d of %d", v->done, v->total, t,
                 v->desc.sizes[v->done / R < v->desc.n_sizes ? v->done / R : v->desc.n_sizes - 1], v->done % R + 1, R);
        break;
    case VIEW_SWEEP_DONE: snprintf(msg, sizeof msg, "%d / %d runs · done in %s", v->done, v->total, t); break;
    case VIEW_SWEEP_CANCELLED:
        snprintf(msg, sizeof msg, "%d / %d runs · cancelled after %s", v->done, v->total, t);
        break;
    case VIEW_SWEEP_FAILED: snprintf(msg, sizeof msg, "%d / %d runs · stopped: %s", v->done, v->total, v->note); break;
    }
    char fit[200];
    view_fit_text(f, TEXT_SANS, FONT_SMALL, msg, b->w - 8 * f->s1, fit, sizeof fit);
    view_text(f, TEXT_SANS, FONT_SMALL, fit, b->x + b->w / 2, b->y + b->h / 2, TEXT_CENTER | TEXT_MIDDLE, pal->text);
}

static void draw_controls(view_frame *f, const view_sweep_layout *l, const view_sweep *v)
{
    const int running = v->state == VIEW_SWEEP_RUNNING;
    button(f, &l->start, running ? "Cancel (W)" : "Start sweep (W)", running, v->usable || running);
    for (int i = 0; i < VIEW_SWEEP_MAXN_COUNT; i++) {
        char lab[32];
        snprintf(lab, sizeof lab, "N ≤ %d", view_sweep_max_n(i));
        button(f, &l->max_n[i], lab, v->max_n == view_sweep_max_n(i), 1);
    }
    button(f, &l->r_down, "−", 0, v->restarts > 1);
    button(f, &l->r_up, "+", 0, v->restarts < VIEW_SWEEP_MAX_R);
    char r[24];
    snprintf(r, sizeof r, "R = %d", v->restarts);
    const float mid = (l->r_down.x + l->r_down.w + l->r_up.x) / 2;
    view_text(f, TEXT_BOLD, FONT_SMALL, r, mid, l->r_down.y + l->r_down.h / 2, TEXT_CENTER | TEXT_MIDDLE, f->pal->text);
}

static double lg(double v) { return log10(isfinite(v) && v > 1e-300 ? v : 1e-300); }

/* The plot: log2 N across, log10 of the true error up. */
static void draw_plot(view_frame *f, const view_sweep_layout *l, const view_sweep *v)
{
    const draw_rect *p = &l->plot;
    const draw_palette *pal = f->pal;
    const float s1 = f->s1;
    int widths[SWEEP_MAX_SIZES];
    double best[SWEEP_MAX_SIZES], med[SWEEP_MAX_SIZES];
    const int m = sweep_summary(v->rows, v->done, widths, best, med);
    const double slope = sweep_slope(v->rows, v->done);
    view_panel_frame(f, p);
    view_flush(f);
    char title[160], sl[32];
    if (isfinite(slope)) {
        view_fmt_num(sl, sizeof sl, "%.2f", slope);
        snprintf(title, sizeof title, "true error E|ŷ − f|² against N, log-log · fitted slope %s", sl);
    } else {
        snprintf(title, sizeof title, "true error E|ŷ − f|² against N, log-log");
    }
    view_title(f, p, title, "true error against N", 0);
    draw_rect a = {p->x + 48 * s1, p->y + TITLE_H * s1 + 6 * s1, 0, 0};
    a.w = p->x + p->w - PANEL_PAD * s1 - a.x;
    a.h = p->y + p->h - 34 * s1 - a.y;
    if (a.w < 40 || a.h < 40)
        return;
    /* across: the widths of the sweep shown, else those Start would run */
    int n_lo = 1, n_hi = v->max_n;
    if (v->desc.n_sizes > 0) {
        n_lo = v->desc.sizes[0];
        n_hi = v->desc.sizes[v->desc.n_sizes - 1];
        for (int i = 0; i < v->desc.n_sizes; i++) {
            n_lo = v->desc.sizes[i] < n_lo ? v->desc.sizes[i] : n_lo;
            n_hi = v->desc.sizes[i] > n_hi ? v->desc.sizes[i] : n_hi;
        }
    }
    const double x0 = log2((double)n_lo) - 0.35, x1 = fmax(log2((double)n_hi), log2((double)n_lo) + 1) + 0.35;
    /* up: whole decades around every run's error */
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < v->done; i++)
        if (isfinite(v->rows[i].true_error) && v->rows[i].true_error > 0) {
            lo = fmin(lo, lg(v->rows[i].true_error));
            hi = fmax(hi, lg(v->rows[i].true_error));
        }
    if (!(lo <= hi)) {
        lo = -6;
        hi = 0;
    }
    double y0 = floor(lo), y1 = ceil(hi);
    if (y1 - y0 < 2)
        y1 = y0 + 2;
#define PX(l2) (a.x + (float)(((l2) - x0) / (x1 - x0)) * a.w)
#define PY(l10) (a.y + a.h - (float)(((l10) - y0) / (y1 - y0)) * a.h)
    /* grid and ticks: each decade up, each power of two across */
    char buf[48];
    const int every = (int)(y1 - y0) > 8 ? 2 : 1;
    for (int e = (int)y0; e <= (int)y1; e++) {
        draw_fill_rect(f->dl, a.x, floorf(PY((double)e)), a.w, fmaxf(1, floorf(s1)), pal->grid);
    }
    for (int n = n_lo; n <= n_hi; n *= 2)
        draw_fill_rect(f->dl, floorf(PX(log2((double)n))), a.y, fmaxf(1, floorf(s1)), a.h, pal->grid);
    draw_fill_rect(f->dl, a.x, a.y + a.h, a.w, fmaxf(1, floorf(s1)), pal->axis);
    draw_fill_rect(f->dl, a.x - 1, a.y, fmaxf(1, floorf(s1)), a.h, pal->axis);
    view_flush(f);
    for (int e = (int)y0; e <= (int)y1; e++) {
        if ((e - (int)y0) % every)
            continue;
        view_fmt_pow10(buf, sizeof buf, e);
        view_text(f, TEXT_SANS, FONT_TICK, buf, a.x - 4 * s1, PY((double)e), TEXT_RIGHT | TEXT_MIDDLE, pal->text_dim);
    }
    for (int n = n_lo; n <= n_hi; n *= 2) {
        snprintf(buf, sizeof buf, "%d", n);
        view_text(f, TEXT_SANS, FONT_TICK, buf, PX(log2((double)n)), a.y + a.h + 3 * s1, TEXT_CENTER | TEXT_TOP,
                  pal->text_dim);
    }
    view_text(f, TEXT_BOLD, FONT_LABEL, "N (hidden units)", a.x + a.w / 2, a.y + a.h + (5 + FONT_TICK) * s1,
              TEXT_CENTER | TEXT_TOP, pal->text);

    view_clip(f, &a);
    /* C/N through the best run at the smallest width: the slope Barron's bound allows at the most */
    if (m >= 1 && best[0] > 0 && isfinite(best[0])) {
        const double c = lg(best[0]) + log10((double)widths[0]);
        float pts[4] = {PX(x0), PY(c - x0 * log10(2.0)), PX(x1), PY(c - x1 * log10(2.0))};
        draw_dashed(f->dl, pts, 2, 1.5f * f->lw, 7 * s1, 5 * s1, pal->text_dim);
    }
    /* every run as it arrives, faint; then the median and the best per N, joined */
    const SDL_Color med_c = pal->marker, best_c = pal->loss; /* blue and purple, and filled against hollow */
    for (int i = 0; i < v->done; i++)
        if (isfinite(v->rows[i].true_error))
            draw_circle(f->dl, PX(log2((double)v->rows[i].n_hidden)), PY(lg(v->rows[i].true_error)), 2.5f * s1,
                        draw_alpha(pal->text_dim, 0.7f));
    float *pts = f->v->pts;
    for (int k = 0; k < 2; k++) {
        const double *y = k == 0 ? med : best;
        for (int j = 0; j < m; j++) {
            pts[2 * j] = PX(log2((double)widths[j]));
            pts[2 * j + 1] = PY(lg(y[j]));
        }
        if (m >= 2) {
            if (k == 0)
                draw_dashed(f->dl, pts, m, 2.0f * f->lw, 6 * s1, 4 * s1, med_c);
            else
                draw_polyline(f->dl, pts, m, 2.5f * f->lw, best_c);
        }
        for (int j = 0; j < m; j++) {
            if (k == 0)
                draw_ring(f->dl, pts[2 * j], pts[2 * j + 1], 4.5f * s1, 1.8f * f->lw, med_c);
            else
                draw_circle(f->dl, pts[2 * j], pts[2 * j + 1], 4.5f * s1, best_c);
        }
    }
    view_flush(f);
    view_clip(f, NULL);
#undef PX
#undef PY
    /* the legend, bottom left, where falling curves leave room */
    const float lw = 170 * s1, lh = 17 * s1, lx = a.x + 10 * s1, ly = a.y + a.h - 4 * lh - 8 * s1;
    if (a.w > lw + 20 * s1 && a.h > 6 * lh) {
        char r[64], c[64];
        const int R = v->desc.restarts > 0 ? v->desc.restarts : v->restarts;
        draw_round_rect(f->dl, lx - 6 * s1, ly - 4 * s1, lw, 4 * lh + 6 * s1, 4 * s1, draw_alpha(pal->panel, 0.9f));
        draw_circle(f->dl, lx + 8 * s1, ly + lh * 0.5f, 4.5f * s1, best_c);
        draw_ring(f->dl, lx + 8 * s1, ly + lh * 1.5f, 4.5f * s1, 1.8f * f->lw, med_c);
        draw_circle(f->dl, lx + 8 * s1, ly + lh * 2.5f, 2.5f * s1, draw_alpha(pal->text_dim, 0.7f));
        float seg[4] = {lx, ly + lh * 3.5f, lx + 18 * s1, ly + lh * 3.5f};
        draw_dashed(f->dl, seg, 2, 1.5f * f->lw, 5 * s1, 3 * s1, pal->text_dim);
        view_flush(f);
        snprintf(r, sizeof r, "best of R = %d", R);
        snprintf(c, sizeof c, "median of %d", R);
        const char *txt[4] = {r, c, "each run", "C/N (slope −1)"};
        for (int i = 0; i < 4; i++)
            view_text(f, TEXT_SANS, FONT_SMALL, txt[i], lx + 24 * s1, ly + lh * ((float)i + 0.5f), TEXT_LEFT | TEXT_MIDDLE,
                      pal->text);
    }
    if (v->done == 0)
        view_text(f, TEXT_SANS, FONT_LABEL,
                  v->usable ? (v->state == VIEW_SWEEP_RUNNING ? "the first run is training…" : "press Start (or W)")
                            : "the sweep is for the universal scene (--scene universal)",
                  a.x + a.w / 2, a.y + a.h / 2, TEXT_CENTER | TEXT_MIDDLE, pal->text_dim);
}

static const char *opt_title(nn_opt_kind k)
{
    switch (k) {
    case NN_OPT_LBFGS: return "L-BFGS";
    case NN_OPT_ADAM: return "Adam";
    default: return nn_opt_name(k);
    }
}

static void draw_text(view_frame *f, const draw_rect *r, const view_sweep *v)
{
    const draw_palette *pal = f->pal;
    float y = r->y;
    char buf[400];
    if (!v->usable) {
        snprintf(buf, sizeof buf, "The sweep measures the true error E|ŷ − f|² of a target f over the square: the "
                                  "universal scene's (start with --scene universal, or open a session file of it). "
                                  "The semicircle's targets exist only at its tokens, so it has no true error: "
                                  "Start is off here.");
        y = para(f, r, y, buf, TEXT_BOLD, pal->text);
    }
    y = para(f, r, y,
             "What it shows: for each N the true error of R networks trained from seeded random starts, the best "
             "and the median. Barron: for a smooth f (his class) the best error is at most C/N, a slope of −1 or "
             "steeper; the discontinuous disc is outside the class.",
             TEXT_SANS, pal->text);
    y = para(f, r, y,
             "What it does not show: in 2-D a fixed basis (a grid of bumps, polynomials) also reaches O(1/N) and "
             "faster for a smooth f. Barron's point is that the network's rate does not get worse with the "
             "dimension of x, while a fixed basis's does; one plane cannot show that. The floor at large N comes "
             "from the tokens (the fit is free between them) and the stopping rule, not from the bound.",
             TEXT_SANS, pal->text_dim);
    const sweep_desc *d = v->desc.n_sizes > 0 ? &v->desc : NULL;
    char tol[32], eta[32];
    const double rt = d ? d->rel_tol : 1e-6, e10 = round(log10(rt));
    if (fabs(rt - pow(10.0, e10)) <= 1e-9 * rt)
        view_fmt_pow10(tol, sizeof tol, (int)e10);
    else
        view_fmt_num(tol, sizeof tol, "%.3g", rt);
    view_fmt_num(eta, sizeof eta, "%g", d ? d->lr : 0.1);
    snprintf(buf, sizeof buf,
             "Stopping rule: %s (η = %s) from each start until %d steps lower L by at most %s of it, or after %lld "
             "steps.",
             opt_title(d ? d->opt : NN_OPT_LBFGS), eta, d ? d->window : 100, tol, d ? (long long)d->max_steps : 3000LL);
    y = para(f, r, y, buf, TEXT_SANS, pal->text_dim);
    if (d && d->scene) {
        const int ti = scene_param_index(d->scene, "target");
        const scene_param *tp = ti >= 0 ? &d->scene->params[ti] : NULL;
        const char *target = tp && tp->choices ? tp->choices[(int)d->spec.v[ti]] : d->scene->name;
        snprintf(buf, sizeof buf, "This sweep: f = %s, %d tokens, σ = %s, seed %llu; N = 1 … %d, R = %d.", target,
                 d->spec.n, nn_act_name(d->act), (unsigned long long)d->seed, d->sizes[d->n_sizes - 1], d->restarts);
        para(f, r, y, buf, TEXT_SANS, pal->text_dim);
    }
}

void view_draw_sweep(view_frame *f)
{
    const view_sweep *v = f->vs->sweep;
    if (!v) {
        view_page_note(f, "Barron's sweep", "the sweep runs in the window (or headless: --sweep)");
        return;
    }
    const draw_rect *p = &f->lay->page;
    view_panel_frame(f, p);
    view_flush(f);
    view_title(f, p, "Barron's O(1/N), measured: the true error of the best of R networks with N units",
               "Barron's O(1/N), measured", 0);
    view_sweep_layout l;
    view_sweep_layout_of(p, f->s1, &l);
    if (!v->usable) { /* no controls, no empty plot: what the sweep needs, in the middle of the page */
        const float w = fminf(p->w - 2 * PANEL_PAD * f->s1, 620 * f->s1);
        draw_rect t = {floorf(p->x + (p->w - w) / 2), floorf(p->y + p->h * 0.3f), floorf(w), floorf(p->h * 0.65f)};
        draw_text(f, &t, v);
        return;
    }
    draw_controls(f, &l, v);
    draw_progress(f, &l, v);
    if (l.plot.w > 60 && l.plot.h > 60)
        draw_plot(f, &l, v);
    if (l.text.w > 60 && l.text.h > 20)
        draw_text(f, &l.text, v);
}
