/* view_ledger: the ledger page: the chain rule with numbers for the picked weight: one row per token with
 * each factor (ε, w(2), σ′(e), x or h) and the token's term, the sum, −η·sum, the finite-difference check.
 * Main thread only (SDL rendering and SDL_ttf); the rows come from lesson/ledger.c.
 * Invariants: the ledger is recomputed only when the snapshot's numbers or the parameter change (the FD is
 * six loss evaluations); the shown sum is the ledger's, the rows shown are all, or the largest and the rest. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lesson/ledger.h"
#include "render/layer.h"
#include "render/view_math.h"
#include "render/view_panel.h"

#define ROW_H 19.0f
#define LINE_H 20.0f
#define MAX_COLS 10
#define EPS "\xce\xb5"
#define DELTA "\xce\xb4"
#define SIGMA_P "\xcf\x83\xe2\x80\xb2"
#define SUM "\xce\xa3"
#define ELL "\xe2\x84\x93"
#define MINUS "\xe2\x88\x92"
#define ETA "\xce\xb7"
#define PARTIAL "\xe2\x88\x82"

/* The ledger of the last frame, kept while its inputs stay (main thread only: one view draws at a time). */
static struct {
    uint64_t key;
    int valid;
    lesson_ledger l;
    lesson_ledger_row rows[DATA_MAX_TOKENS]; /* (l.n) */
    int top[DATA_MAX_TOKENS];                /* (shown) row indices */
} lg;

/* Everything the ledger is computed from: the weights, tokens, targets, η, σ, a and the parameter. */
static uint64_t ledger_key(const snap *s, size_t param)
{
    nn_net net;
    snap_net(s, &net);
    uint64_t h = DRAW_LAYER_KEY0;
    h = draw_layer_hash(h, s->p, nn_params(&net) * sizeof *s->p);
    h = draw_layer_hash(h, s->x, (size_t)s->n * (size_t)s->d * sizeof *s->x);
    h = draw_layer_hash(h, s->y, (size_t)s->n * (size_t)s->k * sizeof *s->y);
    const int ints[5] = {s->n, s->d, s->k, s->hidden, (int)s->act};
    const double dbl[2] = {s->lr, s->gain};
    h = draw_layer_hash(h, ints, sizeof ints);
    h = draw_layer_hash(h, dbl, sizeof dbl);
    h = draw_layer_hash(h, &s->freeze, sizeof s->freeze);
    return draw_layer_hash(h, &param, sizeof param);
}

/* The parameter the page is about: the picked one, else w(1) from x_0 into the focus unit. */
static size_t ledger_param(const view_frame *f, const nn_layout *lay)
{
    const int p = f->vs->picked_param;
    if (p >= 0 && (size_t)p < lay->count) return (size_t)p;
    lesson_param w = {LESSON_PARAM_W1, view_focus_unit(f->vs, f->s->hidden), 0};
    return lesson_ledger_index(lay, w);
}

typedef struct {
    const char *head[MAX_COLS];
    char head_buf[MAX_COLS][64];
    int n;
} columns;

/* A column head, typeset by view_math ("δ_{1i}"). */
static void col_add(columns *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void col_add(columns *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->head_buf[c->n], sizeof c->head_buf[c->n], fmt, ap);
    va_end(ap);
    c->head[c->n] = c->head_buf[c->n];
    c->n++;
}

/* The subscript "ki" of unit k and token i, "12,i" from k = 10 on (where "12i" would hide where k ends). */
static const char *ki(char *buf, size_t len, int k)
{
    snprintf(buf, len, "%d%si", k, k >= 10 ? "," : "");
    return buf;
}

/* The columns of this kind of parameter, headed in the lecture's notation. */
static void columns_of(const lesson_ledger *l, columns *c)
{
    const lesson_param w = l->which;
    char k_i[16];
    c->n = 0;
    col_add(c, "i");
    if (w.kind == LESSON_PARAM_W1 || w.kind == LESSON_PARAM_B1) {
        const int k = w.unit + 1;
        ki(k_i, sizeof k_i, k);
        for (int o = 0; o < l->k; o++) col_add(c, EPS "_{%di}", o);
        col_add(c, SUM "_{" ELL "} " EPS "_{" ELL "i} w(2)_{" ELL "%d}", k);
        col_add(c, "e(1)_{%s}", k_i);
        col_add(c, SIGMA_P "(e(1)_{%s})", k_i);
        col_add(c, DELTA "_{%s}", k_i);
        if (w.kind == LESSON_PARAM_W1) col_add(c, "x_{%di}", w.comp);
    } else {
        col_add(c, EPS "_{%di}", w.comp);
        if (w.kind == LESSON_PARAM_W2) col_add(c, "h_{%s}", ki(k_i, sizeof k_i, w.unit + 1));
    }
    col_add(c, "term");
}

/* Row r's cell values in the order of columns_of (the first, i, is left to the caller). */
static int row_cells(const lesson_ledger *l, const lesson_ledger_row *r, double *v)
{
    int n = 0;
    const lesson_param_kind k = l->which.kind;
    if (k == LESSON_PARAM_W1 || k == LESSON_PARAM_B1) {
        for (int o = 0; o < l->k; o++) v[n++] = r->eps[o];
        v[n++] = r->back;
        v[n++] = r->e1;
        v[n++] = r->dsigma;
        v[n++] = r->dl_de;
        if (k == LESSON_PARAM_W1) v[n++] = r->de_dw;
    } else {
        v[n++] = r->dl_de;
        if (k == LESSON_PARAM_W2) v[n++] = r->de_dw;
    }
    v[n++] = r->term;
    return n;
}

static void num(char *buf, size_t len, double x) { view_fmt_num(buf, len, "%.4g", x); }

/* The formula of this kind of parameter with its indices (view_math's markup). */
static void formula(const lesson_ledger *l, char *buf, size_t len)
{
    char k_i[16];
    const lesson_param w = l->which;
    const int k = w.unit + 1;
    switch (w.kind) {
    case LESSON_PARAM_W1:
        ki(k_i, sizeof k_i, k);
        snprintf(buf, len, PARTIAL "L/" PARTIAL "%s = " SUM "_i " DELTA "_{%s} x_{%di},   " DELTA "_{%s} = (" SUM
                 "_{" ELL "} " EPS "_{" ELL "i} w(2)_{" ELL "%d}) " SIGMA_P "(e(1)_{%s})", l->name, k_i, w.comp, k_i, k,
                 k_i);
        return;
    case LESSON_PARAM_B1:
        ki(k_i, sizeof k_i, k);
        snprintf(buf, len, PARTIAL "L/" PARTIAL "%s = " SUM "_i " DELTA "_{%s},   " DELTA "_{%s} = (" SUM "_{" ELL
                 "} " EPS "_{" ELL "i} w(2)_{" ELL "%d}) " SIGMA_P "(e(1)_{%s})", l->name, k_i, k_i, k, k_i);
        return;
    case LESSON_PARAM_W2:
        snprintf(buf, len, PARTIAL "L/" PARTIAL "%s = " SUM "_i " EPS "_{%di} h_{%s},   " EPS "_i = (\xc5\xb7_i "
                 MINUS " y_i)/n", l->name, w.comp, ki(k_i, sizeof k_i, k));
        return;
    case LESSON_PARAM_B2:
        snprintf(buf, len, PARTIAL "L/" PARTIAL "%s = " SUM "_i " EPS "_{%di},   " EPS "_i = (\xc5\xb7_i " MINUS
                 " y_i)/n", l->name, w.comp);
        return;
    }
}

/* The column of w(2) weights out of the unit and the total-derivative remark (layer 1 only). */
static void w2_line(const lesson_ledger *l, char *buf, size_t len)
{
    char v[NN_MAX_IO][32];
    const int k = l->which.unit + 1;
    for (int o = 0; o < l->k; o++) num(v[o], sizeof v[o], l->w2col[o]);
    int at = snprintf(buf, len, "w(2)_{" ELL "%d} = (", k);
    for (int o = 0; o < l->k && at >= 0 && (size_t)at < len; o++)
        at += snprintf(buf + at, len - (size_t)at, "%s%s", o ? ", " : "", v[o]);
    if (at >= 0 && (size_t)at < len)
        snprintf(buf + at, len - (size_t)at, ") in every row: h_%d reaches L through every output " ELL ", "
                 "so the total derivative sums over " ELL, k);
}

static void draw_table(view_frame *f, const draw_rect *t, const columns *c, int *shown, int n_shown, double rest)
{
    const lesson_ledger *l = &lg.l;
    const draw_palette *pal = f->pal;
    const float s1 = f->s1, rh = ROW_H * s1;
    const float colw = fminf(t->w / (float)c->n, 132 * s1), iw = fminf(colw, 60 * s1);
    const float x0 = t->x;
    char buf[64];
    /* header */
    for (int j = 0; j < c->n; j++) {
        const float xr = x0 + iw + colw * (float)j - 8 * s1;
        view_math(f, TEXT_BOLD, FONT_SMALL, c->head[j], j ? xr : x0 + 4 * s1, t->y, (j ? TEXT_RIGHT : TEXT_LEFT) | TEXT_TOP,
                  j == c->n - 1 ? pal->pred : pal->text);
    }
    draw_fill_rect(f->dl, x0, t->y + rh, iw + colw * (float)(c->n - 1), fmaxf(1, s1), pal->axis);
    const int sig_col = l->which.kind == LESSON_PARAM_W1 || l->which.kind == LESSON_PARAM_B1 ? l->k + 3 : -1;
    for (int r = 0; r < n_shown; r++) {
        const lesson_ledger_row *row = &l->rows[shown[r]];
        const float y = t->y + rh * (float)(r + 1) + 2 * s1;
        if (r % 2) draw_fill_rect(f->dl, x0, y, iw + colw * (float)(c->n - 1), rh, draw_alpha(pal->grid, 0.5f));
        if (row->saturated && sig_col >= 0) {
            const float xr = x0 + iw + colw * (float)sig_col;
            draw_fill_rect(f->dl, xr - colw, y, colw, rh, draw_alpha(pal->error, 0.22f));
        }
    }
    view_flush(f);
    for (int r = 0; r < n_shown; r++) {
        const lesson_ledger_row *row = &l->rows[shown[r]];
        const float y = t->y + rh * (float)(r + 1) + 2 * s1 + 0.5f * rh;
        double v[MAX_COLS];
        const int nv = row_cells(l, row, v);
        snprintf(buf, sizeof buf, "%d", row->token + 1);
        view_text(f, TEXT_MONO, FONT_SMALL, buf, x0 + 4 * s1, y, TEXT_LEFT | TEXT_MIDDLE, pal->text_dim);
        for (int j = 0; j < nv; j++) {
            const float xr = x0 + iw + colw * (float)(j + 1) - 8 * s1;
            num(buf, sizeof buf, v[j]);
            if (j + 1 == sig_col && row->saturated) {
                char m[80];
                snprintf(m, sizeof m, "\xe2\x89\x88" "0 %s", buf);
                view_text(f, TEXT_MONO, FONT_SMALL, m, xr, y, TEXT_RIGHT | TEXT_MIDDLE, pal->error);
                continue;
            }
            view_text(f, j == nv - 1 ? TEXT_BOLD : TEXT_MONO, FONT_SMALL, buf, xr, y, TEXT_RIGHT | TEXT_MIDDLE,
                      j == nv - 1 ? pal->pred : pal->text);
        }
    }
    if (n_shown < l->n) {
        const float y = t->y + rh * (float)(n_shown + 1) + 2 * s1 + 0.5f * rh;
        char m[96], rs[32];
        num(rs, sizeof rs, rest);
        snprintf(m, sizeof m, "the other %d tokens, smaller terms, together", l->n - n_shown);
        view_text(f, TEXT_SANS, FONT_SMALL, m, x0 + 4 * s1, y, TEXT_LEFT | TEXT_MIDDLE, pal->text_dim);
        view_text(f, TEXT_BOLD, FONT_SMALL, rs, x0 + iw + colw * (float)(c->n - 1) - 8 * s1, y,
                  TEXT_RIGHT | TEXT_MIDDLE, pal->pred);
    }
}

/* Sum, −η·sum, the network's own gradient, the FD check, saturation. */
static void draw_summary(view_frame *f, float x, float y, float w)
{
    const lesson_ledger *l = &lg.l;
    const draw_palette *pal = f->pal;
    const float s1 = f->s1;
    char buf[320], fit[320], a[32], b[32], c[32], d[32];
    num(a, sizeof a, l->sum);
    num(b, sizeof b, f->s->grad[l->param]);
    snprintf(buf, sizeof buf, SUM "_i term = " PARTIAL "L/" PARTIAL "%s = %s      (the network's back-propagated "
             PARTIAL "L/" PARTIAL "%s = %s)", l->name, a, l->name, b);
    view_math_fit(f, TEXT_BOLD, FONT_LABEL, buf, w, fit, sizeof fit);
    view_math(f, TEXT_BOLD, FONT_LABEL, fit, x, y, TEXT_LEFT | TEXT_TOP, pal->text);
    y += LINE_H * s1;
    num(a, sizeof a, l->eta);
    num(b, sizeof b, l->update);
    num(c, sizeof c, l->value);
    num(d, sizeof d, l->value + (l->frozen ? 0 : l->update));
    char s_[32];
    num(s_, sizeof s_, l->sum);
    snprintf(buf, sizeof buf, MINUS ETA " " SUM " = " MINUS "%s \xc3\x97 %s = %s:   %s moves %s \xe2\x86\x92 %s%s", a, s_,
             b, l->name, c, d, l->frozen ? "  (frozen: it stays)" : "");
    view_math_fit(f, TEXT_SANS, FONT_LABEL, buf, w, fit, sizeof fit);
    view_math(f, TEXT_SANS, FONT_LABEL, fit, x, y, TEXT_LEFT | TEXT_TOP, pal->text);
    y += LINE_H * s1;
    num(a, sizeof a, l->fd);
    view_fmt_num(b, sizeof b, "%.2g", l->fd_rel);
    view_fmt_num(c, sizeof c, "%.0e", l->fd_step);
    const char *verdict = "";
    SDL_Color vc = pal->text;
    switch (l->fd_verdict) {
    case LESSON_FD_AGREES: verdict = "\xe2\x9c\x93 agrees (within 10\xe2\x81\xbb\xe2\x81\xb6)"; vc = pal->pred; break;
    case LESSON_FD_DIFFERS: verdict = "\xe2\x9c\x97 differs"; vc = pal->error; break;
    case LESSON_FD_KINK: verdict = "a kink of \xcf\x83 lies within the step: agreement not claimed"; vc = pal->text_dim; break;
    case LESSON_FD_NONE: verdict = "not computed"; break;
    }
    snprintf(buf, sizeof buf, "finite difference of L (central, 7 points, h = %s): %s;   relative difference %s   %s", c,
             a, b, verdict);
    view_fit_text(f, TEXT_SANS, FONT_LABEL, buf, w, fit, sizeof fit);
    view_text(f, TEXT_SANS, FONT_LABEL, fit, x, y, TEXT_LEFT | TEXT_TOP, vc);
    y += LINE_H * s1;
    if (l->sigma_flat)
        snprintf(buf, sizeof buf, SIGMA_P " = 0 everywhere for the %s: every row is saturated, layer 1 cannot learn",
                 nn_act_name(l->act));
    else if (l->saturated_rows)
        snprintf(buf, sizeof buf, "%d of %d rows saturated (" SIGMA_P " \xe2\x89\x88 0, marked): those tokens barely "
                 "reach layer 1", l->saturated_rows, l->n);
    else
        buf[0] = 0;
    if (buf[0]) {
        view_fit_text(f, TEXT_SANS, FONT_LABEL, buf, w, fit, sizeof fit);
        view_text(f, TEXT_SANS, FONT_LABEL, fit, x, y, TEXT_LEFT | TEXT_TOP, pal->error);
    }
}

void view_draw_ledger(view_frame *f)
{
    const draw_rect *r = &f->lay->page;
    const snap *s = f->s;
    const float s1 = f->s1, pad = PANEL_PAD * s1;
    nn_layout lay;
    nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
    nn_layout_of(&sh, &lay);
    const size_t param = ledger_param(f, &lay);
    const uint64_t key = ledger_key(s, param);
    if (!lg.valid || lg.key != key) {
        lesson_ledger_of_snap(s, param, 1, &lg.l, lg.rows);
        lg.key = key;
        lg.valid = 1;
    }
    const lesson_ledger *l = &lg.l;
    char title[400], buf[320], fit[320];
    view_panel_frame(f, r);
    view_clip(f, r);
    view_flush(f);
    lesson_ledger_describe(&lay, param, buf, sizeof buf);
    snprintf(title, sizeof title, "chain rule for %s", buf);
    view_math_title(f, r, title, l->name, 0);
    const float x = r->x + pad, w = r->w - 2 * pad;
    float y = r->y + TITLE_H * s1 + 2 * s1;
    formula(l, buf, sizeof buf);
    view_math_fit(f, TEXT_SANS, FONT_LABEL, buf, w, fit, sizeof fit);
    view_math(f, TEXT_SANS, FONT_LABEL, fit, x, y, TEXT_LEFT | TEXT_TOP, f->pal->text);
    y += LINE_H * s1;
    if (l->which.kind == LESSON_PARAM_W1 || l->which.kind == LESSON_PARAM_B1) {
        w2_line(l, buf, sizeof buf);
        view_math_fit(f, TEXT_SANS, FONT_SMALL, buf, w, fit, sizeof fit);
        view_math(f, TEXT_SANS, FONT_SMALL, fit, x, y, TEXT_LEFT | TEXT_TOP, f->pal->text_dim);
        y += LINE_H * s1;
    }
    y += 4 * s1;
    const float summary_h = 4 * LINE_H * s1 + pad;
    const float table_h = r->y + r->h - summary_h - y;
    int fit_rows = (int)(table_h / (ROW_H * s1)) - 1; /* the header */
    if (fit_rows < 1) fit_rows = 1;
    int n_shown;
    double rest = 0;
    if (l->n <= fit_rows) {
        n_shown = l->n;
        for (int i = 0; i < n_shown; i++) lg.top[i] = i;
    } else {
        n_shown = lesson_ledger_top(l, fit_rows - 1, lg.top, &rest); /* the last line: the rest */
    }
    columns c;
    columns_of(l, &c);
    const draw_rect t = {x, y, w, table_h};
    draw_table(f, &t, &c, lg.top, n_shown, rest);
    if (l->n > fit_rows) {
        snprintf(buf, sizeof buf, "the %d largest |term| of %d tokens, largest first", n_shown, l->n);
        view_text(f, TEXT_SANS, FONT_SMALL, buf, r->x + r->w - pad, r->y + TITLE_H * s1 + 2 * s1,
                  TEXT_RIGHT | TEXT_TOP, f->pal->text_dim);
    }
    draw_summary(f, x, r->y + r->h - summary_h, w);
    view_flush(f);
    view_clip(f, NULL);
}
