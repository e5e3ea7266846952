/* sigma: the nonlinearity panel: σ(a·e) above, σ′ below, over e ∈ [−SIGMA_E_RANGE, SIGMA_E_RANGE].
 * Main thread only (SDL rendering and SDL_ttf).
 * Invariants: shapes are flushed before any label drawn over them; the clip rect is reset on return. */
#include "render/sigma.h"

#include "render/lecture.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define SAMPLES 481 /* e step of 0.025: the step's jump stays within one sample */
#define FONT_TITLE 14.5f
#define FONT_LABEL 12.5f
#define FONT_TICK 11.0f
#define PAD 8.0f
#define TITLE_H 24.0f
#define AXIS_LEFT 40.0f
#define AXIS_BOTTOM 18.0f
#define GAP 10.0f /* between the two plots */

typedef struct {
    SDL_Renderer *r;
    draw_list *dl;
    text_cache *tc;
    const draw_palette *pal;
    float s;
    int rc;
} pen;

typedef struct {
    draw_rect r;     /* plot area */
    double lo, hi;   /* y range of the area (the curve's range plus a margin) */
    double v0, v1;   /* the curve's range, labelled */
} plot;

static void flush(pen *p)
{
    if (draw_list_flush(p->dl, p->r) < 0) p->rc = -1;
}

static void label(pen *p, text_face face, float size, const char *s, float x, float y, int align, SDL_Color c)
{
    if (text_draw(p->tc, face, size, s, x, y, align, c, NULL) < 0) p->rc = -1;
}

static void clip(pen *p, const draw_rect *r)
{
    if (!r) {
        SDL_RenderSetClipRect(p->r, NULL);
        return;
    }
    SDL_Rect c = {(int)floorf(r->x), (int)floorf(r->y), (int)ceilf(r->w), (int)ceilf(r->h)};
    SDL_RenderSetClipRect(p->r, &c);
}

static float px(const plot *pl, double e)
{
    return pl->r.x + (float)((e + SIGMA_E_RANGE) / (2 * SIGMA_E_RANGE)) * pl->r.w;
}

static float py(const plot *pl, double v)
{
    double t = (v - pl->lo) / (pl->hi - pl->lo);
    t = t < -1 ? -1 : t > 2 ? 2 : t; /* keeps floats sane for values far outside */
    return pl->r.y + (float)(1 - t) * pl->r.h;
}

/* A number for tick labels: short, with a true minus sign. */
static void tick_text(char *out, size_t len, double v)
{
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%.3g", fabs(v) < 1e-12 ? 0.0 : v);
    if (tmp[0] == '-') snprintf(out, len, "\xe2\x88\x92%s", tmp + 1);
    else snprintf(out, len, "%s", tmp);
}

void sigma_ranges(nn_act act, double gain, double *f_lo, double *f_hi, double *df_lo, double *df_hi)
{
    double a = fabs(gain);
    *df_lo = 0;
    switch (act) {
    case NN_ACT_LOGISTIC:
        *f_lo = 0, *f_hi = 1, *df_hi = a / 4;
        break;
    case NN_ACT_TANH:
        *f_lo = -1, *f_hi = 1, *df_hi = a;
        break;
    case NN_ACT_RELU:
        *f_lo = 0, *f_hi = a * SIGMA_E_RANGE, *df_hi = a;
        break;
    case NN_ACT_STEP:
        *f_lo = 0, *f_hi = 1, *df_hi = 1;
        break;
    case NN_ACT_SIGNUM:
        *f_lo = -1, *f_hi = 1, *df_hi = 1;
        break;
    case NN_ACT_COUNT:
        assert(!"invalid activation");
        *f_lo = 0, *f_hi = 1, *df_hi = 1;
        break;
    }
    if (!(*df_hi > 0)) *df_hi = 1; /* gain 0: a flat σ′ still needs a range */
    if (!(*f_hi > *f_lo)) *f_hi = *f_lo + 1;
}

/* Grid lines at e = −6, −3, 0, 3, 6 and at the range's ends and zero; the zero lines darker. */
static void plot_grid(pen *p, const plot *pl)
{
    float w = fmaxf(1.0f, floorf(p->s + 0.25f));
    for (int i = -2; i <= 2; i++) {
        float x = floorf(px(pl, i * SIGMA_E_RANGE / 2));
        draw_fill_rect(p->dl, x, pl->r.y, i == 0 ? w + 1 : w, pl->r.h, i == 0 ? draw_alpha(p->pal->axis, 0.7f) : p->pal->grid);
    }
    const double ys[3] = {pl->v0, 0.5 * (pl->v0 + pl->v1), pl->v1};
    for (int i = 0; i < 3; i++) {
        float y = floorf(py(pl, ys[i]));
        draw_fill_rect(p->dl, pl->r.x, y, pl->r.w, w, p->pal->grid);
    }
    if (pl->lo < 0 && pl->hi > 0) draw_fill_rect(p->dl, pl->r.x, floorf(py(pl, 0)), pl->r.w, w + 1, draw_alpha(p->pal->axis, 0.7f));
}

static void plot_ticks(pen *p, const plot *pl, int e_labels)
{
    char buf[40];
    tick_text(buf, sizeof buf, pl->v1);
    label(p, TEXT_SANS, FONT_TICK, buf, pl->r.x - 4 * p->s, py(pl, pl->v1), TEXT_RIGHT | TEXT_MIDDLE, p->pal->text_dim);
    tick_text(buf, sizeof buf, pl->v0);
    label(p, TEXT_SANS, FONT_TICK, buf, pl->r.x - 4 * p->s, py(pl, pl->v0), TEXT_RIGHT | TEXT_MIDDLE, p->pal->text_dim);
    if (!e_labels) return;
    for (int i = -2; i <= 2; i++) {
        tick_text(buf, sizeof buf, i * SIGMA_E_RANGE / 2);
        label(p, TEXT_SANS, FONT_TICK, buf, px(pl, i * SIGMA_E_RANGE / 2), pl->r.y + pl->r.h + 2 * p->s,
              TEXT_CENTER | TEXT_TOP, p->pal->text_dim);
    }
}

static void curve(pen *p, const plot *pl, nn_act act, double gain, int deriv, float width, SDL_Color c)
{
    float pts[2 * SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
        double e = -SIGMA_E_RANGE + 2 * SIGMA_E_RANGE * i / (SAMPLES - 1);
        double v = deriv ? nn_act_df(act, gain, e) : nn_act_f(act, gain, e);
        pts[2 * i] = px(pl, e);
        pts[2 * i + 1] = py(pl, v);
    }
    draw_polyline(p->dl, pts, SAMPLES, width, c);
}

/* Unit k's mark in its pattern's shape: a disc (solid), a square (dashed), a triangle (short dashes),
 * a diamond (dots). */
static void mark_shape(pen *p, int k, float x, float y, float r, SDL_Color c)
{
    switch (draw_unit_pattern_of(k)) {
    case DRAW_PATTERN_DASHED: {
        const float a = 0.9f * r, sq[8] = {x - a, y - a, x + a, y - a, x + a, y + a, x - a, y + a};
        draw_convex(p->dl, sq, 4, c);
        return;
    }
    case DRAW_PATTERN_SHORT: {
        const float a = 1.2f * r, tri[6] = {x, y - a, x + a, y + 0.8f * a, x - a, y + 0.8f * a};
        draw_convex(p->dl, tri, 3, c);
        return;
    }
    case DRAW_PATTERN_DOTTED: {
        const float a = 1.25f * r, dia[8] = {x, y - a, x + a, y, x, y + a, x - a, y};
        draw_convex(p->dl, dia, 4, c);
        return;
    }
    default: draw_circle(p->dl, x, y, r, c); return;
    }
}

static void marks(pen *p, const plot *pl, nn_act act, double gain, int deriv, const double *e, int n, int highlight)
{
    float rad = 4.0f * p->s;
    for (int k = 0; k < n; k++) {
        if (!isfinite(e[k])) continue;
        double ec = fmax(-SIGMA_E_RANGE, fmin(SIGMA_E_RANGE, e[k]));
        double v = deriv ? nn_act_df(act, gain, e[k]) : nn_act_f(act, gain, e[k]);
        float x = px(pl, ec), y = py(pl, v);
        SDL_Color c = draw_unit_colour(p->pal, k);
        float r = k == highlight ? 1.6f * rad : rad;
        if (ec != e[k]) {
            draw_ring(p->dl, x, y, r, 1.5f * p->s, c); /* outside the plotted range: hollow at the edge */
        } else {
            mark_shape(p, k, x, y, r + p->s, p->pal->panel);
            mark_shape(p, k, x, y, r, c);
        }
        if (k == highlight) draw_ring(p->dl, x, y, r + 2.5f * p->s, 1.5f * p->s, p->pal->hover);
    }
}

int sigma_draw(SDL_Renderer *r, draw_list *dl, text_cache *tc, const draw_palette *pal, draw_rect rect, nn_act act,
               double gain, const double *e_marks, int n_marks, int highlight, float scale)
{
    assert(act >= 0 && act < NN_ACT_COUNT);
    assert(n_marks == 0 || e_marks);
    pen p = {r, dl, tc, pal, scale > 0 ? scale : 1.0f, 0};
    const float s = p.s;
    float lw = 2.0f * s * pal->line_gain;

    draw_round_rect(dl, rect.x, rect.y, rect.w, rect.h, 6 * s, pal->panel);
    draw_round_rect_outline(dl, rect.x + 0.5f, rect.y + 0.5f, rect.w - 1, rect.h - 1, 6 * s, 1.0f, pal->frame);

    double f_lo, f_hi, df_lo, df_hi;
    sigma_ranges(act, gain, &f_lo, &f_hi, &df_lo, &df_hi);
    float top = rect.y + TITLE_H * s, left = rect.x + (PAD + AXIS_LEFT) * s;
    float w = rect.w - (2 * PAD + AXIS_LEFT) * s;
    float h_all = rect.h - (TITLE_H + AXIS_BOTTOM + PAD + GAP) * s;
    if (w < 8 || h_all < 16) {
        flush(&p);
        return p.rc;
    }
    /* padding inside each plot so that curves at the range's ends are not cut by the frame */
    double fpad = 0.08 * (f_hi - f_lo), dpad = 0.08 * (df_hi - df_lo);
    plot pf = {{left, top, w, floorf(h_all / 2)}, f_lo - fpad, f_hi + fpad, f_lo, f_hi};
    plot pd = {{left, top + floorf(h_all / 2) + GAP * s, w, floorf(h_all / 2)}, df_lo - dpad, df_hi + dpad, df_lo, df_hi};
    int no_slope = act == NN_ACT_STEP || act == NN_ACT_SIGNUM;

    plot_grid(&p, &pf);
    plot_grid(&p, &pd);
    flush(&p);

    clip(&p, &pf.r);
    curve(&p, &pf, act, gain, 0, lw, pal->pred);
    marks(&p, &pf, act, gain, 0, e_marks, n_marks, highlight);
    flush(&p);
    clip(&p, &pd.r);
    curve(&p, &pd, act, gain, 1, lw, pal->loss);
    if (no_slope) {
        /* the true derivative is an impulse at 0, which no gradient step can use */
        float x = px(&pd, 0);
        draw_arrow(dl, x, py(&pd, 0), x, py(&pd, df_hi), lw, 9 * s, draw_alpha(pal->loss, 0.55f));
    }
    marks(&p, &pd, act, gain, 1, e_marks, n_marks, highlight);
    flush(&p);
    clip(&p, NULL);

    /* σ named as every panel names it: σ(e) at gain 1, σ(a·e) and a·σ′(a·e) otherwise */
    char title[160], fname[48], dfname[48], gnote[48];
    lect_sigma_name(fname, sizeof fname, gain, "e");
    lect_dsigma_name(dfname, sizeof dfname, gain, "e");
    lect_gain_note(gnote, sizeof gnote, gain);
    snprintf(title, sizeof title, "%s and %s: %s%s", fname, dfname, nn_act_name(act), gnote);
    SDL_Rect tclip = {(int)rect.x, (int)rect.y, (int)rect.w, (int)rect.h};
    SDL_RenderSetClipRect(r, &tclip);
    label(&p, TEXT_BOLD, FONT_TITLE, title, rect.x + PAD * s, rect.y + 5 * s, TEXT_LEFT | TEXT_TOP, pal->text);
    plot_ticks(&p, &pf, 0);
    plot_ticks(&p, &pd, 1);
    label(&p, TEXT_BOLD, FONT_LABEL, fname, pf.r.x + 5 * s, pf.r.y + 2 * s, TEXT_LEFT | TEXT_TOP, pal->pred);
    label(&p, TEXT_BOLD, FONT_LABEL, dfname, pd.r.x + 5 * s, pd.r.y + 2 * s, TEXT_LEFT | TEXT_TOP, pal->loss);
    label(&p, TEXT_BOLD, FONT_TICK, "e", px(&pd, 0.75 * SIGMA_E_RANGE), pd.r.y + pd.r.h + 2 * s, TEXT_CENTER | TEXT_TOP,
          pal->text_dim);
    if (no_slope) {
        float x = px(&pd, 0) + 8 * s, y = py(&pd, 0.8 * df_hi);
        label(&p, TEXT_SANS, FONT_TICK, "\xcf\x83\xe2\x80\xb2 = 0 but at e = 0:", x, y, TEXT_LEFT | TEXT_MIDDLE,
              pal->text_dim);
        label(&p, TEXT_SANS, FONT_TICK, "layer 1 cannot learn", x, y + 15 * s, TEXT_LEFT | TEXT_MIDDLE, pal->text_dim);
    }
    SDL_RenderSetClipRect(r, NULL);
    return p.rc;
}
