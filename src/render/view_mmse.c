/* view_mmse: E[y | x], the lecture's "MMSE Solution": the best ŷ(x) under i.i.d. noisy samples. In the output
 * plane it is drawn solid along the probe path; on the universal scene's f map the noisy targets y_i sit over
 * the clean surface as discs in their own colours. Main thread only (SDL rendering, SDL_ttf).
 * Invariants: the curve and the surface are the scene's own mmse; the discs are the snapshot's targets. */
#include <math.h>
#include <stdio.h>

#include "render/view_heat.h"
#include "render/view_maps.h"
#include "render/view_panel.h"

/* Okabe–Ito bluish green: neither a target (black) nor ŷ (blue) */
static const SDL_Color mmse_colour = {0, 158, 115, 255};

/* E[y | x] along the probe path (SWEEP points of the frame's sweep), or 0 when it is not drawn. */
static int mmse_curve(view_frame *f, double *y /* (SWEEP, 2) */)
{
    const snap *s = f->s;
    if (!s->scene || !s->scene->mmse || !s->scene->probe || s->k != 2 || !scene_seeded(s->scene, &s->scene_spec))
        return 0;
    for (int i = 0; i < SWEEP; i++) s->scene->mmse(&s->scene_spec, &f->v->sweep_x[(size_t)i * (size_t)s->d], &y[2 * i]);
    return 1;
}

void view_draw_mmse(view_frame *f, const view_xform *t, const draw_rect *box)
{
    static double y[SWEEP * 2]; /* (SWEEP, K) main thread only */
    if (mmse_curve(f, y))
        view_w_polyline(f, t, box, y, SWEEP, 3.0f * f->lw, draw_alpha(mmse_colour, 0.85f));
}

/* 1 when r touches a label placed so far (tokens under it are fine: it is drawn on a backing). */
static int touches_label(const view_frame *f, const draw_rect *r)
{
    for (int i = 0; i < f->n_taken; i++) {
        const draw_rect *q = &f->taken[i];
        if (r->x < q->x + q->w && q->x < r->x + r->w && r->y < q->y + q->h && q->y < r->y + r->h) return 1;
    }
    return 0;
}

/* When the tokens crowd the curve everywhere: its name as a legend on a backing, in the plot's corners or
 * rows further in, the first covering nothing, else the first touching no label; nowhere when neither. */
static void legend(view_frame *f, const view_xform *t)
{
    static const char msg[] = "\xe2\x94\x81 E[y | x]";
    const float s1 = f->s1;
    int w, h;
    if (text_measure(f->tc, TEXT_BOLD, FONT_SMALL, msg, &w, &h) < 0) {
        f->rc = -1;
        return;
    }
    const float bw = (float)w + 6 * s1, bh = (float)h, step = bh + 4 * s1;
    const float xs[3] = {t->r.x + 2 * s1, t->r.x + t->r.w - 2 * s1 - bw, t->r.x + (t->r.w - bw) / 2};
    enum { ROWS = 5, CANDS = 2 * ROWS * 3 };
    draw_rect cand[CANDS];
    int n = 0;
    for (int row = 0; row < ROWS; row++)
        for (int x = 0; x < 3; x++) {
            cand[n++] = (draw_rect){xs[x], t->r.y + t->r.h - 4 * s1 - bh - (float)row * step, bw, bh};
            cand[n++] = (draw_rect){xs[x], t->r.y + 4 * s1 + (float)row * step, bw, bh};
        }
    const draw_rect *at = NULL;
    for (int pass = 0; pass < 2 && !at; pass++)
        for (int i = 0; i < n && !at; i++)
            if (pass ? !touches_label(f, &cand[i]) : !view_covers(f, &cand[i])) at = &cand[i];
    if (!at) return;
    view_place(f, t, at, 1); /* recorded as taken */
    draw_round_rect(f->dl, at->x, at->y, at->w, at->h, 4 * s1, draw_alpha(f->pal->panel, 0.85f));
    view_flush(f);
    view_text(f, TEXT_BOLD, FONT_SMALL, msg, at->x + 3 * s1, at->y, TEXT_LEFT | TEXT_TOP, mmse_colour);
}

void view_label_mmse(view_frame *f, const view_xform *t)
{
    static double y[SWEEP * 2]; /* (SWEEP, K) main thread only */
    if (!mmse_curve(f, y)) return;
    int w, h;
    if (text_measure(f->tc, TEXT_BOLD, FONT_LABEL, "E[y | x]", &w, &h) < 0) {
        f->rc = -1;
        return;
    }
    /* beside the curve near either end or along it, on either side, near or a little further out: the
     * first place that covers no token, no ŷ and no label placed so far */
    static const float along[] = {0.9f, 0.1f, 0.78f, 0.22f, 0.66f, 0.34f};
    for (int far = 0; far < 2; far++)
        for (size_t a = 0; a < sizeof along / sizeof along[0]; a++) {
            const int i = (int)(along[a] * (SWEEP - 1));
            const float gap = (6.0f + 14.0f * (float)far) * f->s1;
            float sx, sy;
            view_to_screen(t, y[2 * i], y[2 * i + 1], &sx, &sy);
            const draw_rect cand[4] = {{sx + gap, sy - (float)h / 2, (float)w, (float)h},
                                       {sx - gap - (float)w, sy - (float)h / 2, (float)w, (float)h},
                                       {sx - (float)w / 2, sy + gap, (float)w, (float)h},
                                       {sx - (float)w / 2, sy - gap - (float)h, (float)w, (float)h}};
            for (int c = 0; c < 4; c++) {
                const draw_rect *r = &cand[c];
                if (r->x < t->r.x || r->y < t->r.y || r->x + r->w > t->r.x + t->r.w || r->y + r->h > t->r.y + t->r.h ||
                    view_covers(f, r))
                    continue;
                view_place(f, t, r, 1); /* recorded as taken */
                view_text(f, TEXT_BOLD, FONT_LABEL, "E[y | x]", r->x, r->y, TEXT_LEFT | TEXT_TOP, mmse_colour);
                return;
            }
        }
    legend(f, t);
}

int view_mmse_noisy(const snap *s)
{
    if (!s->scene || !s->scene->mmse || s->d > SCENE_MAX_IO || s->k > SCENE_MAX_IO)
        return 0;
    for (int i = 0; i < s->n; i++) {
        double m[SCENE_MAX_IO]; /* (K) */
        s->scene->mmse(&s->scene_spec, &s->x[(size_t)i * (size_t)s->d], m);
        for (int j = 0; j < s->k; j++)
            if (fabs(s->y[(size_t)i * (size_t)s->k + (size_t)j] - m[j]) > 1e-12 * (1.0 + fabs(m[j])))
                return 1;
    }
    return 0;
}

void view_draw_mmse_tokens(view_frame *f, const draw_rect *m, double scale)
{
    const snap *s = f->s;
    if (s->d != 2 || s->k != 1 || !view_mmse_noisy(s))
        return;
    /* a disc large enough that its colour reads against the surface, ringed in the ink so it never merges */
    const float r = (s->n > 400 ? 2.5f : 3.5f) * f->s1, ring = 1.0f * f->s1;
    for (int i = 0; i < s->n; i++) {
        if (fabs(s->x[2 * i]) > 1 || fabs(s->x[2 * i + 1]) > 1) continue; /* moved off the square */
        float sx, sy;
        view_maps_to_screen(m, s->x[2 * i], s->x[2 * i + 1], &sx, &sy);
        draw_circle(f->dl, sx, sy, r + ring, f->pal->text);
        draw_circle(f->dl, sx, sy, r, view_heat_colour(s->y[i], scale));
    }
    /* the selected token's ring again, over its disc */
    if (f->sel >= 0 && f->sel < s->n) {
        float sx, sy;
        view_maps_to_screen(m, s->x[2 * f->sel], s->x[2 * f->sel + 1], &sx, &sy);
        draw_ring(f->dl, sx, sy, r + 3 * f->s1, 2 * f->lw, f->pal->select);
    }
    view_flush(f);
}

const char *view_mmse_f_title(const snap *s, int shorter)
{
    if (!view_mmse_noisy(s))
        return shorter ? "f(x)" : "target f(x)";
    /* the clean surface is what ŷ can reach; the discs are the tokens' noisy y_i */
    return shorter ? "E[y | x] = f(x)" : "E[y | x] = f(x), y\xe1\xb5\xa2 noisy";
}
