/* view_loss: the loss over steps on a log scale: min/max envelope, its middle, markers where a setting
 * changed, the ghost curve (an old branch or the previous run), the scrub cursor at the step shown.
 * Main thread only (SDL rendering and SDL_ttf). Invariants: step s sits at x = s (a bucket of several
 * steps at the middle of the steps it holds); drawing and the scrub's hit test share loss_geom. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nn/nn.h"

#include "render/draw_soft.h"
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

/* The plot area inside the panel p and the steps it spans: from the history's origin to the newest step
 * of the branch (or of the ghost, when it ran longer), at least one step wide. 0 when too small. */
static int loss_geom(const snap *s, const snap *twin, float sc1, const draw_rect *p, draw_rect *r, double *xmin,
                     double *xmax)
{
    r->x = floorf(p->x + (PANEL_PAD + AXIS_LEFT + 10) * sc1);
    r->y = floorf(p->y + TITLE_H * sc1 + 4 * sc1);
    r->w = floorf(p->x + p->w - PANEL_PAD * sc1 - 4 * sc1 - r->x);
    r->h = floorf(p->y + p->h - (AXIS_BOTTOM + PANEL_PAD) * sc1 - r->y);
    const snap_history *h = &s->hist;
    *xmin = (double)h->origin;
    double end = fmax((double)s->step, (double)s->travel.last);
    const snap_ghost *g = &s->travel.ghost;
    if (g->n > 0 && (double)g->step[0] >= *xmin)
        end = fmax(end, (double)g->step[g->n - 1]);
    if (twin) /* a twin run b may have gone on where run a stopped (a divergence is each run's own) */
        end = fmax(end, fmax((double)twin->step, (double)twin->travel.last));
    *xmax = fmax(end, *xmin + 1);
    return r->w >= 8 && r->h >= 8;
}

/* The newest step the branch's envelope holds. */
static double branch_end(const snap *s) { return fmax((double)s->step, (double)s->travel.last); }

int view_loss_step_at(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy,
                      int64_t *step)
{
    draw_rect r;
    double xmin, xmax;
    const float sc1 = view_ui_scale(vs);
    if (!view_rect_ok(&lay->loss) || !loss_geom(s, vs->twin, sc1, &lay->loss, &r, &xmin, &xmax))
        return 0;
    /* the plot and its step labels below: a generous target for a drag on a projector */
    const draw_rect hit = {r.x - 6 * sc1, r.y, r.w + 12 * sc1, r.h + AXIS_BOTTOM * sc1};
    if (!view_in_rect(&hit, sx, sy))
        return 0;
    double x = xmin + (double)(sx - r.x) / (double)r.w * (xmax - xmin);
    x = fmin(fmax(x, (double)s->travel.first), (double)s->travel.last);
    *step = (int64_t)llround(x);
    return 1;
}

/* "old branch: η = 0.1" or "previous run: adam, η = 0.01": the settings in which the ghost differs from
 * the run shown (its optimizer and η when none differs). */
static void ghost_label(const snap *s, char *out, size_t len)
{
    const snap_ghost *g = &s->travel.ghost;
    char num[48], part[64];
    snprintf(out, len, "%s:", g->kind == SNAP_GHOST_BRANCH ? "old branch" : "previous run");
    const int diff_opt = g->opt != s->opt, diff_lr = g->lr != s->lr, diff_n = g->hidden != s->hidden,
              diff_act = g->act != s->act, diff_gain = g->gain != s->gain;
    const int none = !diff_opt && !diff_lr && !diff_n && !diff_act && !diff_gain;
    int first = 1;
#define PART(...)                                                                                                  \
    do {                                                                                                           \
        snprintf(part, sizeof part, __VA_ARGS__);                                                                  \
        strncat(out, first ? " " : ", ", len - strlen(out) - 1);                                                   \
        strncat(out, part, len - strlen(out) - 1);                                                                 \
        first = 0;                                                                                                 \
    } while (0)
    if (diff_opt || none)
        PART("%s", nn_opt_name(g->opt));
    if (diff_lr || none) {
        view_fmt_num(num, sizeof num, "%.3g", g->lr);
        PART("\xce\xb7 = %s", num);
    }
    if (diff_n)
        PART("N = %d", g->hidden);
    if (diff_act)
        PART("%s", nn_act_name(g->act));
    if (diff_gain) {
        view_fmt_num(num, sizeof num, "%.3g", g->gain);
        PART("a = %s", num);
    }
#undef PART
    strncat(out, "  (G clears)", len - strlen(out) - 1);
}

/* The loss curve: as geometry, or where the renderer would cut its vertices to whole pixels (the software
 * one of --screenshot and --record) rasterised here, so that a slow descent is not drawn as a staircase. */
static void loss_curve(view_frame *f, const float *pts /* (n, 2) */, int n, float width, SDL_Color c)
{
    if (!draw_soft_needed(f->v->r)) {
        draw_polyline(f->dl, pts, n, width, c);
        return;
    }
    view_flush(f); /* what came before stays under it */
    if (draw_soft_polyline(f->v->r, pts, n, width, c) < 0) f->rc = -1;
}

/* A marker label's width as drawn (view_mark_layout's measure). */
static float mark_text_w(void *ctx, const char *s) { return (float)view_text_w(ctx, TEXT_SANS, FONT_SMALL, s); }

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
    if (f->n_loss2 > 0) {
        char title[96];
        snprintf(title, sizeof title, "loss L and %s (log scale)", f->loss2_what);
        view_title(f, p, title, "loss L", lw_text + 12 * sc1);
    } else {
        view_title(f, p, "loss L over steps (log scale)", "loss L", lw_text + 12 * sc1);
    }
    view_text(f, TEXT_BOLD, FONT_TITLE, buf, p->x + p->w - PANEL_PAD * sc1, p->y + 5 * sc1, TEXT_RIGHT | TEXT_TOP,
              pal->loss);

    draw_rect r;
    double xmin, xmax;
    if (!loss_geom(s, f->vs->twin, sc1, p, &r, &xmin, &xmax)) {
        view_flush(f);
        return;
    }
    if (h->len <= 0) {
        view_flush(f);
        view_text(f, TEXT_SANS, FONT_LABEL, "no steps yet", r.x + r.w / 2, r.y + r.h / 2,
                  TEXT_CENTER | TEXT_MIDDLE, pal->text_dim);
        return;
    }
    const snap_ghost *g = &s->travel.ghost;
    const int ghost_n = g->n > 0 && (double)g->step[0] >= xmin ? g->n : 0; /* a ghost of this plot's steps */
    double lmin = INFINITY, lmax = -INFINITY;
    for (int i = 0; i < h->len; i++) {
        lmin = fmin(lmin, log10(clamp_loss(h->lo[i])));
        lmax = fmax(lmax, log10(clamp_loss(h->hi[i])));
    }
    for (int i = 0; i < ghost_n; i++) {
        lmin = fmin(lmin, log10(clamp_loss(g->loss[i])));
        lmax = fmax(lmax, log10(clamp_loss(g->loss[i])));
    }
    if (f->vs->twin) view_twin_loss_range(f, &lmin, &lmax);
    /* the second curve shares the axes */
    for (int i = 0; i < f->n_loss2; i++) {
        lmin = fmin(lmin, log10(clamp_loss(f->loss2[2 * i + 1])));
        lmax = fmax(lmax, log10(clamp_loss(f->loss2[2 * i + 1])));
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
    if (cols > f->v->cap_pts / 4 - 1) cols = f->v->cap_pts / 4 - 1; /* top, bottom, middle, ghost share pts */
    float *top = f->v->pts, *bot = top + 2 * (cols + 1), *mid = bot + 2 * (cols + 1);
    int m = 0;
    const double last = branch_end(s);
    for (int c = 0, i = 0; c < cols && i < h->len; c++) {
        double x_end = xmin + (xmax - xmin) * (c + 1) / cols;
        double lo = INFINITY, hi = -INFINITY, x_sum = 0;
        int cnt = 0;
        /* bucket i holds steps origin + i·stride .. the next bucket's first or the newest step: it stands at
         * their middle, so step s sits at x = s when a bucket is one step */
        while (i < h->len) {
            const double b0 = xmin + (double)i * (double)h->stride;
            const double bx = b0 + 0.5 * (fmin((double)h->stride, last - b0 + 1) - 1);
            if (bx > x_end && cnt > 0)
                break;
            lo = fmin(lo, clamp_loss(h->lo[i]));
            hi = fmax(hi, clamp_loss(h->hi[i]));
            x_sum += bx;
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
    /* the ghost first, faint and dashed, under the run */
    const SDL_Color ghost_c = draw_alpha(pal->text_dim, 0.8f);
    if (ghost_n >= 2) {
        float *gp = mid + 2 * (cols + 1); /* (cols + 1, 2): every-th point and the last */
        int gm = 0, every = (ghost_n + cols - 1) / cols;
        for (int i = 0; i < ghost_n; i += every) {
            gp[2 * gm] = LX((double)g->step[i]);
            gp[2 * gm + 1] = LY(log10(clamp_loss(g->loss[i])));
            gm++;
        }
        if ((ghost_n - 1) % every != 0) {
            gp[2 * gm] = LX((double)g->step[ghost_n - 1]);
            gp[2 * gm + 1] = LY(log10(clamp_loss(g->loss[ghost_n - 1])));
            gm++;
        }
        draw_dashed(f->dl, gp, gm, 1.6f * lw, 6 * sc1, 4 * sc1, ghost_c);
        view_flush(f);
    }
    /* the branch; after a rewind its recorded future (right of the cursor) faint */
    const float cursor = LX((double)s->step);
    const int rewound = s->travel.last > s->step;
    for (int part = 0; part < 1 + rewound; part++) {
        draw_rect clip = r;
        if (rewound && part == 0) clip.w = fmaxf(1, cursor - r.x + 1);
        if (part == 1) clip.x = cursor, clip.w = r.x + r.w - cursor;
        view_clip(f, &clip);
        const float a = part == 1 ? 0.35f : 1.0f;
        if (m >= 2) {
            draw_band(f->dl, top, bot, m, draw_alpha(pal->loss, 0.25f * a));
            loss_curve(f, mid, m, 2.0f * lw, draw_alpha(pal->loss, a));
        } else if (m == 1) {
            draw_circle(f->dl, mid[0], mid[1], 3 * sc1, pal->loss);
        }
        view_flush(f);
    }
    view_clip(f, &r);
    if (f->vs->twin) view_twin_loss(f, &r, xmin, xmax, d0, d1); /* run b over run a */
    view_clip(f, &r);
    /* the second curve over the first, in its own colour, at most one point per pixel column */
    if (f->n_loss2 > 0) {
        int n2 = 0;
        for (int i = 0; i < f->n_loss2 && n2 < f->v->cap_pts - 1; i++) {
            const double st = f->loss2[2 * i];
            if (st < xmin || st > xmax) continue;
            const float x = LX(st), y = LY(log10(clamp_loss(f->loss2[2 * i + 1])));
            if (n2 > 0 && x - top[2 * (n2 - 1)] < 1.0f) continue;
            top[2 * n2] = x;
            top[2 * n2 + 1] = y;
            n2++;
        }
        if (n2 >= 2)
            draw_polyline(f->dl, top, n2, 2.0f * lw, pal->error);
        else if (n2 == 1)
            draw_circle(f->dl, top[0], top[1], 3 * sc1, pal->error);
    }
    /* setting changes: a dashed vertical line each */
    for (int k = 0; k < h->n_marks; k++) {
        if ((double)h->mark[k].step < xmin || (double)h->mark[k].step > xmax) continue;
        float x = LX((double)h->mark[k].step);
        float seg[4] = {x, r.y + r.h, x, r.y};
        draw_dashed(f->dl, seg, 2, 1.3f * lw, 4 * sc1, 3 * sc1, pal->marker);
    }
    /* the scrub cursor: the step shown, a handle to drag along the branch */
    if (s->travel.last > s->travel.first) {
        draw_line(f->dl, cursor, r.y, cursor, r.y + r.h, 1.5f * lw, draw_alpha(pal->text, rewound ? 0.9f : 0.45f));
        draw_circle(f->dl, cursor, r.y + r.h, 4.5f * sc1, draw_alpha(pal->text, rewound ? 0.9f : 0.45f));
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
    float used = r.y; /* the bottom of the rows of words at the plot's top: the twin's legend goes below them */
    if (f->n_loss2 > 0) {
        view_fmt_num(num, sizeof num, "%.4g", f->loss2[2 * (f->n_loss2 - 1) + 1]);
        snprintf(buf, sizeof buf, "%s = %s", f->loss2_what, num);
        view_text(f, TEXT_BOLD, FONT_LABEL, buf, r.x + r.w - 4 * sc1, r.y + 2 * sc1, TEXT_RIGHT | TEXT_TOP, pal->error);
        int tw, th;
        if (text_measure(f->tc, TEXT_BOLD, FONT_LABEL, buf, &tw, &th) == 0) used = fmaxf(used, r.y + 2 * sc1 + (float)th);
    }
    /* marker labels in one row: marks close together share one label (view_mark_layout), none prints over
     * another */
    if (h->n_marks > 0) {
        float mx[SNAP_MAX_MARKS];
        char words[SNAP_MAX_MARKS][VIEW_MARK_WORD];
        view_mark_label labels[SNAP_MAX_MARKS];
        int nm = 0;
        for (int k = 0; k < h->n_marks; k++) {
            if ((double)h->mark[k].step < xmin || (double)h->mark[k].step > xmax) continue;
            mx[nm] = LX((double)h->mark[k].step);
            view_fmt_mark(words[nm], sizeof words[nm], s->scene, &h->mark[k]);
            nm++;
        }
        const int nl = view_mark_layout(mx, (const char(*)[VIEW_MARK_WORD])words, nm, r.x, r.x + r.w, 3 * sc1, 4 * sc1,
                                        0.4f * r.w, mark_text_w, f, labels);
        /* on a veil: the dashed lines of the marks a label names do not run through its letters */
        for (int c = 0; c < nl; c++)
            draw_round_rect(f->dl, labels[c].x - 2 * sc1, r.y, labels[c].w + 4 * sc1, 14 * sc1, 3 * sc1,
                            draw_alpha(pal->panel, 0.85f));
        view_flush(f);
        for (int c = 0; c < nl; c++)
            view_text(f, TEXT_SANS, FONT_SMALL, labels[c].text, labels[c].x, r.y + 1 * sc1, TEXT_LEFT | TEXT_TOP,
                      pal->marker);
        if (nl > 0) used = fmaxf(used, r.y + 14 * sc1);
    }
    /* the ghost's name, in the row under the marker labels, on a veil so that lines do not cross it */
    if (ghost_n >= 2) {
        char lab[160];
        ghost_label(s, lab, sizeof lab);
        char fit[160];
        view_fit_text(f, TEXT_SANS, FONT_SMALL, lab, r.w - 30 * sc1, fit, sizeof fit);
        const float w = (float)view_text_w(f, TEXT_SANS, FONT_SMALL, fit), ly = r.y + 1 * sc1 + 2 * 14 * sc1;
        const float lx = r.x + r.w - 4 * sc1 - w;
        draw_round_rect(f->dl, lx - 26 * sc1, ly - 1 * sc1, w + 28 * sc1, 14 * sc1, 3 * sc1,
                        draw_alpha(pal->panel, 0.85f));
        const float sample[4] = {lx - 22 * sc1, ly + 6 * sc1, lx - 4 * sc1, ly + 6 * sc1};
        draw_dashed(f->dl, sample, 2, 1.6f * lw, 6 * sc1, 4 * sc1, ghost_c);
        view_flush(f);
        view_text(f, TEXT_SANS, FONT_SMALL, fit, lx, ly, TEXT_LEFT | TEXT_TOP, pal->text_dim);
        used = fmaxf(used, ly + 14 * sc1);
    }
    if (f->vs->twin) { /* both curves named by the setting that differs, under the words above */
        const draw_rect below = {r.x, used, r.w, r.h - (used - r.y)};
        view_twin_loss_legend(f, &below);
    }
#undef LX
#undef LY
}
