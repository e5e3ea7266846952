/* view_bars: the hidden layer for the selected token (or the probe): e(1)_k and h_k, or δ_k in the layer-1 phase.
 * Main thread only (SDL rendering and SDL_ttf).
 * Invariants: unit k has the same column in both charts (view_bars_geometry, also used by the hit test). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "render/view_panel.h"
#include "render/view_wpick.h"

double view_act_threshold(nn_act a)
{
    switch (a) {
    case NN_ACT_LOGISTIC:
    case NN_ACT_STEP: return 0.5;
    default: return 0.0;
    }
}

static void act_range(nn_act a, const double *h, int n, double *lo, double *hi)
{
    switch (a) {
    case NN_ACT_LOGISTIC:
    case NN_ACT_STEP: *lo = 0; *hi = 1; return;
    case NN_ACT_TANH:
    case NN_ACT_SIGNUM: *lo = -1; *hi = 1; return;
    default: break;
    }
    double m = 1;
    for (int k = 0; k < n; k++)
        if (isfinite(h[k])) m = fmax(m, h[k]);
    *lo = 0;
    *hi = view_nice_ceil(m);
}

/* The pixel row of value v in a chart spanning [lo, hi]. */
static float value_y(const draw_rect *ch, double lo, double hi, double v)
{
    return ch->y + (float)((hi - v) / (hi - lo)) * ch->h;
}

/* What the two charts show: e(1) in chart 0; h, or δ in units of 10^delta_exp, in chart 1. */
typedef struct {
    const double *val[2];
    double lo[2], hi[2], thr[2]; /* the value range, and where the threshold line goes */
    double delta_v[NN_MAX_HIDDEN]; /* (N) δ_k / 10^delta_exp */
    int delta_exp;
} bars_values;

static void bars_values_compute(const view_frame *f, int show_delta, bars_values *bv)
{
    const snap *s = f->s;
    const int N = s->hidden;
    const lect_token *tk = &f->v->tok;
    double emax = 1;
    for (int k = 0; k < N; k++)
        if (isfinite(tk->e[k])) emax = fmax(emax, fabs(tk->e[k]));
    emax = view_nice_ceil(emax);
    bv->lo[0] = -emax;
    bv->hi[0] = emax;
    bv->thr[0] = 0;
    bv->delta_exp = 0;
    if (show_delta) {
        /* δ is small (ε carries 1/n): it is shown in units of 10^(3j), e.g. "δₖ (×10⁻³)" */
        double dmax = 0;
        for (int k = 0; k < N; k++)
            if (isfinite(tk->delta[k])) dmax = fmax(dmax, fabs(tk->delta[k]));
        if (!(dmax > 1e-300)) dmax = 1e-3;
        bv->delta_exp = 3 * (int)floor(log10(dmax) / 3);
        const double unit = pow(10, bv->delta_exp);
        dmax = view_nice_ceil(dmax / unit);
        for (int k = 0; k < N; k++) bv->delta_v[k] = tk->delta[k] / unit;
        bv->lo[1] = -dmax;
        bv->hi[1] = dmax;
        bv->thr[1] = 0;
    } else {
        act_range(s->act, tk->h, N, &bv->lo[1], &bv->hi[1]);
        bv->thr[1] = view_act_threshold(s->act);
    }
    bv->val[0] = tk->e;
    bv->val[1] = show_delta ? bv->delta_v : tk->h;
}

/* The width of a bar in a column of width colw. */
static float bar_width(float colw, int n_units) { return fmaxf(1.0f, colw * (n_units > 64 ? 0.9f : 0.7f)); }

/* A bar in unit k's style: its colour, and broken across in its pattern (dashed, dotted) as its lines are. */
static void bar(draw_list *dl, int k, float s, float x, float y, float w, float h, SDL_Color c)
{
    float dash, gap;
    draw_unit_dash(k, s, &dash, &gap);
    if (!(dash > 0) || h <= dash + gap) {
        draw_fill_rect(dl, x, y, w, h, c);
        return;
    }
    /* a dotted bar keeps pieces tall enough to see; the outline holds the pieces together */
    const float piece = fmaxf(dash, 3 * s);
    for (float u = 0; u < h; u += piece + gap) draw_fill_rect(dl, x, y + u, w, fminf(piece, h - u), c);
    draw_round_rect_outline(dl, x + 0.5f, y + 0.5f, w - 1, h - 1, 0, 1.0f, c);
}

/* Run b's bar of unit k over run a's: its outline, and a bold tick across the column at its value,
 * in run b's colour (the units both runs have; values past a's range sit at its end). */
static void twin_bar(view_frame *f, float x, float w, float y0, float y)
{
    const SDL_Color cb = view_twin_colour(f->pal);
    const float sc1 = f->s1;
    draw_round_rect_outline(f->dl, x - 1.5f * sc1, fminf(y, y0), w + 3 * sc1, fmaxf(fabsf(y - y0), 1), 0, 1.4f * f->lw,
                            cb);
    draw_line(f->dl, x - 4 * sc1, y, x + w + 4 * sc1, y, 2.5f * f->lw, cb);
}

/* Bars, the range ends, zero and the threshold line of every chart; the hovered column highlighted;
 * tb: run b's values for the same token (the twin), or NULL. */
static void draw_charts(view_frame *f, const view_bars_geom *g, const bars_values *bv, const lect_token *tb)
{
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1;
    const int N = f->s->hidden, hov = f->hl;
    const float colw = g->colw, barw = bar_width(colw, N);
    for (int c = 0; c < 2; c++) {
        const draw_rect ch = g->chart[c];
        const double lo = bv->lo[c], hi = bv->hi[c];
        if (ch.h < 4 || ch.w < 4) continue;
        float y_of_0 = value_y(&ch, lo, hi, 0);
        if (hov >= 0 && (c == 0 || !g->stacked)) { /* stacked charts share one column highlight */
            draw_rect lab = g->label[c];
            float x = g->col0[c] + colw * (float)hov;
            draw_fill_rect(f->dl, x, ch.y, colw, lab.y + lab.h - ch.y, draw_alpha(pal->hover, 0.6f));
        }
        draw_fill_rect(f->dl, ch.x, ch.y, ch.w, 1, pal->grid);
        draw_fill_rect(f->dl, ch.x, ch.y + ch.h - 1, ch.w, 1, pal->grid);
        draw_fill_rect(f->dl, ch.x, floorf(y_of_0), ch.w, fmaxf(1, floorf(sc1 + 0.25f)), pal->axis);
        /* the bars' pieces first, then the outlines of the patterned ones: columns do not overlap, and
         * an outline covers only its own bar's pieces, as before */
        draw_list_group_begin(f->dl);
        for (int k = 0; k < N; k++) {
            double v = bv->val[c][k];
            if (!isfinite(v)) continue;
            float y = value_y(&ch, lo, hi, fmin(hi, fmax(lo, v)));
            float x = g->col0[c] + colw * (float)k + 0.5f * (colw - barw);
            SDL_Color col = draw_unit_colour(pal, k);
            if (hov >= 0 && k != hov) col = draw_alpha(col, 0.45f);
            bar(f->dl, k, sc1, x, fminf(y, y_of_0), barw, fmaxf(fabsf(y - y_of_0), 1), col);
        }
        draw_list_group_end(f->dl);
        const double unit = pow(10, bv->delta_exp); /* chart 1 shows δ in these units (1 for h) */
        for (int k = 0; tb && k < N && k < tb->n_hidden; k++) {
            const double v = c == 0 ? tb->e[k] : bv->val[1] == bv->delta_v ? tb->delta[k] / unit : tb->h[k];
            if (!isfinite(v)) continue;
            twin_bar(f, g->col0[c] + colw * (float)k + 0.5f * (colw - barw), barw, y_of_0,
                     value_y(&ch, lo, hi, fmin(hi, fmax(lo, v))));
        }
        float yt = value_y(&ch, lo, hi, bv->thr[c]);
        float dash[4] = {ch.x, yt, ch.x + ch.w, yt};
        draw_dashed(f->dl, dash, 2, 1.5f * f->lw, 6 * sc1, 4 * sc1, pal->marker);
    }
}

/* Values on the bars of chart c, when the columns are wide enough for them: beyond the bar's end, or,
 * where the chart has no room there, inside it in the ink that reads on the bar's colour; a value
 * that would straddle the bar's edge gets a backing. */
static void draw_values(view_frame *f, const view_bars_geom *g, const bars_values *bv, int c)
{
    const float sc1 = f->s1;
    const draw_rect ch = g->chart[c];
    const double lo = bv->lo[c], hi = bv->hi[c];
    const int N = f->s->hidden;
    const float barw = bar_width(g->colw, N);
    char a[48];
    SDL_Color ink[NN_MAX_HIDDEN];
    float tx[NN_MAX_HIDDEN], ty[NN_MAX_HIDDEN];
    int align[NN_MAX_HIDDEN], shown[NN_MAX_HIDDEN];
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < N; k++) {
            double v = bv->val[c][k];
            if (pass == 1) {
                if (!shown[k]) continue;
                view_fmt_num(a, sizeof a, "%.2f", v);
                view_text(f, TEXT_SANS, FONT_SMALL, a, tx[k], ty[k], TEXT_CENTER | align[k], ink[k]);
                continue;
            }
            shown[k] = isfinite(v);
            if (!shown[k]) continue;
            float y = value_y(&ch, lo, hi, fmin(hi, fmax(lo, v)));
            float y0 = value_y(&ch, lo, hi, 0);
            view_fmt_num(a, sizeof a, "%.2f", v);
            int w, h;
            if (text_measure(f->tc, TEXT_SANS, FONT_SMALL, a, &w, &h) < 0) {
                f->rc = -1;
                return;
            }
            float x = g->col0[c] + g->colw * ((float)k + 0.5f);
            int above = v >= 0;
            float yy = above ? y - 2 * sc1 : y + 2 * sc1;
            if (above && yy - 14 * sc1 < ch.y) yy = fminf(y0, y) + 14 * sc1 + 2 * sc1;
            if (!above && yy + 14 * sc1 > ch.y + ch.h) yy = fmaxf(y0, y) - 14 * sc1 - 2 * sc1;
            tx[k] = x;
            ty[k] = yy;
            align[k] = above ? TEXT_BOTTOM : TEXT_TOP;
            ink[k] = f->pal->text;
            /* the text's box against the bar's */
            const float t0 = above ? yy - (float)h : yy, t1 = t0 + (float)h;
            const float b0 = fminf(y, y0), b1 = fmaxf(y, y0), bx0 = x - 0.5f * barw, bx1 = x + 0.5f * barw;
            const float l = x - 0.5f * (float)w, r = x + 0.5f * (float)w;
            const int meets = t1 > b0 && t0 < b1 && r > bx0 && l < bx1;
            const int inside = t0 >= b0 && t1 <= b1 && l >= bx0 && r <= bx1;
            SDL_Color bar_c = draw_unit_colour(f->pal, k);
            if (f->hl >= 0 && k != f->hl) bar_c = draw_mix(bar_c, f->pal->panel, 0.55f); /* as drawn: 45% over the panel */
            if (inside)
                ink[k] = draw_ink_on(f->pal, bar_c);
            else if (meets)
                draw_round_rect(f->dl, l - 2 * sc1, t0, r - l + 4 * sc1, t1 - t0, 3 * sc1, draw_alpha(f->pal->panel, 0.9f));
        }
        if (pass == 0) view_flush(f);
    }
}

/* Unit labels h1..hN under chart c, thinned to every k-th when columns are narrow. */
static void draw_unit_labels(view_frame *f, const view_bars_geom *g, int c)
{
    const float sc1 = f->s1, colw = g->colw;
    const int N = f->s->hidden, hov = f->hl;
    const draw_rect lab = g->label[c];
    char buf[48], sub[32];
    int wmax = view_text_w(f, TEXT_SANS, FONT_SMALL, N >= 100 ? "h000" : N >= 10 ? "h00" : "h0");
    int every = 1;
    while ((float)every * colw < (float)wmax + 4 * sc1 && every < N) every = every < 2 ? 2 : every < 5 ? 5 : every * 2;
    for (int k = 0; k < N; k++) {
        if (k % every != 0 && k != hov) continue;
        if (hov >= 0 && k != hov && abs(k - hov) * colw < (float)wmax + 4 * sc1) continue;
        view_subscript(k + 1, sub, sizeof sub);
        snprintf(buf, sizeof buf, "h%s", sub);
        SDL_Color col = draw_unit_colour(f->pal, k);
        view_text(f, k == hov ? TEXT_BOLD : TEXT_SANS, FONT_SMALL + 1, buf, g->col0[c] + colw * ((float)k + 0.5f),
                  lab.y + 1 * sc1, TEXT_CENTER | TEXT_TOP, k == hov ? f->pal->text : col);
    }
}

void view_draw_bars(view_frame *f)
{
    const snap *s = f->s;
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1;
    const view_layout *lay = f->lay;
    /* the layer-1 phase shows δ_k where h_k was: what layer 1's update is made of */
    const int show_delta = f->vs->phase == LECT_LAYER1;
    char buf[96];
    view_bars_geom g;
    view_bars_geometry(lay, sc1, s->hidden, &g);
    bars_values bv;
    bars_values_compute(f, show_delta, &bv);

    static lect_token tb; /* run b's values for the same token: main thread only */
    if (f->vs->twin) view_selected_values(f->vs->twin, f->vs, f->sel, &tb);

    view_panel_frame(f, &lay->bars);
    draw_charts(f, &g, &bv, f->vs->twin ? &tb : NULL);
    view_flush(f);

    char thb[48], shorter[64];
    if (f->vs->probe) {
        view_fmt_num(thb, sizeof thb, "%.3f", f->vs->probe_theta);
        snprintf(buf, sizeof buf, "hidden layer for the probe x(\xce\xb8), \xce\xb8 = %s", thb);
        snprintf(shorter, sizeof shorter, "probe \xce\xb8 = %s", thb);
    } else {
        view_fmt_num(thb, sizeof thb, "%.3f", s->theta[f->sel]);
        snprintf(buf, sizeof buf, "hidden layer for token %d of %d (\xce\xb8 = %s)", f->sel + 1, s->n, thb);
        snprintf(shorter, sizeof shorter, "token %d", f->sel + 1);
    }
    view_title(f, &lay->bars, buf, shorter, 0);

    char delta_name[192], delta_short[64], pw[48] = "";
    if (bv.delta_exp) {
        char p10[32];
        view_fmt_pow10(p10, sizeof p10, bv.delta_exp);
        snprintf(pw, sizeof pw, " (\xc3\x97%s)", p10);
    }
    /* σ named with its gain when a ≠ 1 (σ(a·eₖ), a·σ′(a·eₖ)), as every panel names it */
    char sname[64], dsname[64], gnote[48], act_name[160];
    lect_sigma_name(sname, sizeof sname, s->gain, "e\xe2\x82\x96");
    lect_dsigma_name(dsname, sizeof dsname, s->gain, "e\xe2\x82\x96");
    lect_gain_note(gnote, sizeof gnote, s->gain);
    snprintf(delta_name, sizeof delta_name, "\xce\xb4\xe2\x82\x96 = %s w\xe2\x82\x96\xe1\xb5\x80\xce\xb5%s%s", dsname,
             pw, gnote);
    snprintf(act_name, sizeof act_name, "activation h\xe2\x82\x96 = %s%s", sname, gnote);
    snprintf(delta_short, sizeof delta_short, "\xce\xb4\xe2\x82\x96%s", pw);
    const char *names[2] = {"excitation e\xe2\x82\x96 = w\xcc\x84\xe2\x82\x96\xc2\xb7x + b\xe2\x82\x96",
                            show_delta ? delta_name : act_name};
    char act_mid[128];
    snprintf(act_mid, sizeof act_mid, "h\xe2\x82\x96 = %s%s", sname, gnote);
    const char *mid_names[2] = {"e\xe2\x82\x96 = w\xcc\x84\xe2\x82\x96\xc2\xb7x + b\xe2\x82\x96", show_delta ? delta_short : act_mid};
    const char *short_names[2] = {"e\xe2\x82\x96", show_delta ? delta_short : "h\xe2\x82\x96"};
    for (int c = 0; c < 2; c++) {
        const draw_rect ch = g.chart[c];
        const double lo = bv.lo[c], hi = bv.hi[c], thr = bv.thr[c];
        if (ch.h < 4 || ch.w < 4) continue;
        const char *name = (float)view_text_w(f, TEXT_SANS, FONT_LABEL, names[c]) <= ch.w      ? names[c]
                           : (float)view_text_w(f, TEXT_SANS, FONT_LABEL, mid_names[c]) <= ch.w ? mid_names[c]
                                                                                                : short_names[c];
        char fitted[192], a[48], b[48];
        view_fit_text(f, TEXT_SANS, FONT_LABEL, name, ch.w, fitted, sizeof fitted);
        view_text(f, TEXT_SANS, FONT_LABEL, fitted, ch.x, ch.y - 2 * sc1, TEXT_LEFT | TEXT_BOTTOM, pal->text);
        view_fmt_num(a, sizeof a, "%.3g", hi);
        view_fmt_num(b, sizeof b, "%.3g", lo);
        view_text(f, TEXT_SANS, FONT_TICK, a, ch.x - 5 * sc1, ch.y, TEXT_RIGHT | TEXT_MIDDLE, pal->text_dim);
        view_text(f, TEXT_SANS, FONT_TICK, b, ch.x - 5 * sc1, ch.y + ch.h, TEXT_RIGHT | TEXT_MIDDLE, pal->text_dim);
        if (thr != lo && thr != hi) {
            view_fmt_num(a, sizeof a, "%.3g", thr);
            view_text(f, TEXT_SANS, FONT_TICK, a, ch.x - 5 * sc1, value_y(&ch, lo, hi, thr), TEXT_RIGHT | TEXT_MIDDLE,
                      pal->marker);
        }
        if (g.colw >= 38 * sc1) draw_values(f, &g, &bv, c);
        if (c == 1 || !g.stacked) draw_unit_labels(f, &g, c);
    }
}
