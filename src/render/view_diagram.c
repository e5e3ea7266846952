/* view_diagram: the network diagram page and its small form beside the planes: inputs 1, x_j; hidden nodes
 * h_k with e(1)_k and σ; outputs ŷ_k with y and ε; edges as wide as |what they carry|, coloured by its sign.
 * Main thread for drawing (SDL rendering and SDL_ttf); the geometry and the values are pure.
 * Invariants: the drawing and the window's hit test share view_diagram_layout/edge; edge p is parameter p. */
#include "render/view_diagram.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lesson/ledger.h"
#include "render/view_math.h"
#include "render/view_panel.h"

#define FOOTER_H 46.0f  /* two lines under the diagram: what the edges carry, the hovered edge */
#define IN_LABEL_W 96.0f /* room left of the inputs for "x₀ 0.707" */
#define OUT_LABEL_W 230.0f /* room right of the outputs for "ŷ₀ 1.04  y 0.61  ε 0.0048" */
#define BOX_W 196.0f    /* a hidden node with its words */
#define BOX_W_NAME 40.0f /* a hidden node with its name only */
#define BOX_H_MAX 30.0f
#define ROW_MAX 90.0f   /* hidden rows no further apart than this */
#define IO_PITCH_MAX 110.0f
#define NODE_R 17.0f
#define EDGE_MAX 10.0f  /* the widest edge, logical pixels */
#define EDGE_FLOOR 0.6f /* an edge that carries something is at least this wide (pixels) */
#define PICK_R 4.0f     /* an edge is hit this close to its centre line, beyond its half width */

/* ---- geometry ---- */

void view_diagram_layout(view_diagram_geom *g, draw_rect r, int d, int n, int k, float s1, int compact)
{
    memset(g, 0, sizeof *g);
    g->d = d;
    g->n = n;
    g->k = k;
    g->s1 = s1;
    const float pad = PANEL_PAD * s1;
    const float top = (compact ? 6.0f : TITLE_H + 4.0f) * s1, foot = compact ? pad : FOOTER_H * s1;
    g->area = (draw_rect){r.x + pad, r.y + top, r.w - 2 * pad, r.h - top - foot};
    const draw_rect a = g->area;
    const float left = compact ? 20.0f * s1 : IN_LABEL_W * s1, right = compact ? 44.0f * s1 : OUT_LABEL_W * s1;
    g->in_x = a.x + left;
    g->out_x = a.x + a.w - right;
    g->hid_x = 0.5f * (g->in_x + g->out_x);
    g->hid_dy = fminf(a.h / (float)(n + 1), ROW_MAX * s1);
    g->hid_y0 = a.y + 0.5f * a.h - 0.5f * g->hid_dy * (float)n;
    g->labels = g->hid_dy >= VIEW_DIAGRAM_LABEL_PITCH * s1;
    const float in_pitch = fminf(a.h / (float)(d + 1), IO_PITCH_MAX * s1);
    const float out_pitch = fminf(a.h / (float)k, IO_PITCH_MAX * s1);
    for (int j = 0; j <= d; j++) g->in_y[j] = a.y + 0.5f * a.h + in_pitch * ((float)j - 0.5f * (float)d);
    for (int o = 0; o < k; o++) g->out_y[o] = a.y + 0.5f * a.h + out_pitch * ((float)o - 0.5f * (float)(k - 1));
    g->r_node = fminf(NODE_R * s1, 0.3f * fminf(in_pitch, out_pitch));
    g->r_bias = fminf(g->r_node, fmaxf(0.45f * g->hid_dy, 3.0f * s1)); /* the hidden bias disc fits its row */
    g->box_h = fmaxf(fminf(0.78f * g->hid_dy, BOX_H_MAX * s1), 1.5f);
    g->box_w = !g->labels ? 14.0f * s1 : compact ? BOX_W_NAME * s1 : BOX_W * s1;
    g->box_w = fminf(g->box_w, 0.4f * (g->out_x - g->in_x));
    g->w_max = fminf(fmaxf(0.3f * g->hid_dy, 1.5f * s1), EDGE_MAX * s1);
}

void view_diagram_edge(const view_diagram_geom *g, size_t p, float out[4])
{
    nn_layout lay;
    nn_shape sh = nn_shape_one(g->d, g->n, g->k);
    nn_layout_of(&sh, &lay);
    const lesson_param w = lesson_ledger_param(&lay, p);
    const float box_l = g->hid_x - 0.5f * g->box_w, box_r = g->hid_x + 0.5f * g->box_w;
    switch (w.kind) {
    case LESSON_PARAM_W1:
    case LESSON_PARAM_B1: {
        const int row = w.kind == LESSON_PARAM_W1 ? w.comp + 1 : 0;
        out[0] = g->in_x + g->r_node;
        out[1] = g->in_y[row];
        out[2] = box_l;
        out[3] = view_diagram_hid_y(g, w.unit + 1);
        break;
    }
    case LESSON_PARAM_W2:
    case LESSON_PARAM_B2: {
        const int row = w.kind == LESSON_PARAM_W2 ? w.unit + 1 : 0;
        out[0] = row ? box_r : g->hid_x + g->r_bias;
        out[1] = view_diagram_hid_y(g, row);
        out[2] = g->out_x - g->r_node;
        out[3] = g->out_y[w.comp];
        break;
    }
    }
}

/* Distance from (x, y) to the segment e. */
static float seg_dist(const float e[4], float x, float y)
{
    const float dx = e[2] - e[0], dy = e[3] - e[1], l2 = dx * dx + dy * dy;
    float t = l2 > 0 ? ((x - e[0]) * dx + (y - e[1]) * dy) / l2 : 0;
    t = fminf(1, fmaxf(0, t));
    const float px = e[0] + t * dx - x, py = e[1] + t * dy - y;
    return sqrtf(px * px + py * py);
}

int view_diagram_pick(const view_diagram_geom *g, const float *widths, float x, float y)
{
    const size_t P = nn_param_count(g->d, g->n, g->k);
    int best = -1;
    float best_d = 0;
    for (size_t p = 0; p < P; p++) {
        float e[4];
        view_diagram_edge(g, p, e);
        const float dist = seg_dist(e, x, y);
        const float reach = fmaxf(widths ? 0.5f * widths[p] : 0, PICK_R * g->s1);
        if (dist <= reach && (best < 0 || dist < best_d)) {
            best = (int)p;
            best_d = dist;
        }
    }
    return best;
}

/* ---- what the edges carry ---- */

void view_diagram_kinds(lect_phase p, view_edge_kind *l1, view_edge_kind *l2, int *fade_l1)
{
    *fade_l1 = 0;
    switch (p) {
    case LECT_FORWARD:
    case LECT_ERROR: *l1 = *l2 = VIEW_EDGE_WX; return;
    case LECT_LAYER2:
        *l1 = VIEW_EDGE_WX;
        *l2 = VIEW_EDGE_GRAD;
        *fade_l1 = 1;
        return;
    case LECT_LAYER1: *l1 = *l2 = VIEW_EDGE_GRAD; return;
    case LECT_UPDATE: *l1 = *l2 = VIEW_EDGE_STEP; return;
    default: *l1 = *l2 = VIEW_EDGE_W; return;
    }
}

void view_diagram_values(const snap *s, const lect_token *t, lect_phase p, int batch, double *q)
{
    view_edge_kind k1, k2;
    int fade;
    view_diagram_kinds(p, &k1, &k2, &fade);
    nn_layout lay;
    nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
    nn_layout_of(&sh, &lay);
    for (size_t i = 0; i < lay.count; i++) {
        const lesson_param w = lesson_ledger_param(&lay, i);
        const int l1 = w.kind == LESSON_PARAM_W1 || w.kind == LESSON_PARAM_B1;
        const view_edge_kind kind = l1 ? k1 : k2;
        /* the forward product's second factor, and the token's share of ∂L/∂w: dL/de · ∂e/∂w */
        double in = 1, dl_de = 0;
        switch (w.kind) {
        case LESSON_PARAM_W1: in = t->x[w.comp]; dl_de = t->delta[w.unit]; break;
        case LESSON_PARAM_B1: dl_de = t->delta[w.unit]; break;
        case LESSON_PARAM_W2: in = t->h[w.unit]; dl_de = t->eps[w.comp]; break;
        case LESSON_PARAM_B2: dl_de = t->eps[w.comp]; break;
        }
        const double grad = batch ? s->grad[i] : dl_de * in;
        switch (kind) {
        case VIEW_EDGE_W: q[i] = s->p[i]; break;
        case VIEW_EDGE_WX: q[i] = s->p[i] * in; break;
        case VIEW_EDGE_GRAD: q[i] = grad; break;
        case VIEW_EDGE_STEP: q[i] = s->frozen[i] ? 0.0 : -s->lr * grad; break;
        }
    }
}

void view_diagram_widths(const view_diagram_geom *g, const double *q, lect_phase p, float *w)
{
    view_edge_kind k1, k2;
    int fade;
    view_diagram_kinds(p, &k1, &k2, &fade);
    const size_t P = nn_param_count(g->d, g->n, g->k);
    const size_t n1 = (size_t)g->n * (size_t)(g->d + 1); /* W(1) and b(1) come first */
    double m1 = 0, m2 = 0;
    for (size_t i = 0; i < P; i++) {
        const double a = fabs(q[i]);
        if (!isfinite(a)) continue;
        if (i < n1) m1 = fmax(m1, a);
        else m2 = fmax(m2, a);
    }
    if (k1 == k2) m1 = m2 = fmax(m1, m2); /* one quantity: one scale, so the layers compare */
    for (size_t i = 0; i < P; i++) {
        const double m = i < n1 ? m1 : m2, a = fabs(q[i]);
        if (!(m > 0) || !(a > 0)) {
            w[i] = 0;
            continue;
        }
        w[i] = isfinite(a) ? (float)(g->w_max * (a / m)) : g->w_max;
        if (w[i] < EDGE_FLOOR) w[i] = EDGE_FLOOR;
    }
}

int view_diagram_node_text(const lect_token *t, lect_phase p, int k, char *buf, size_t len)
{
    char a[32], b[32];
    if (lect_phase_shows(p) & LECT_SHOW_GRAD1 && p != LECT_OFF) {
        lect_fmt_num(a, sizeof a, t->delta[k]);
        return snprintf(buf, len, "\xce\xb4 %s", a);
    }
    lect_fmt_num(a, sizeof a, t->e[k]);
    lect_fmt_num(b, sizeof b, t->h[k]);
    return snprintf(buf, len, "e(1) %s \xe2\x94\x82 h %s", a, b);
}

/* ---- drawing ---- */

static const SDL_Color POS = {0, 114, 178, 255}; /* Okabe–Ito blue: w > 0 */
static const SDL_Color NEG = {213, 94, 0, 255};  /* vermillion: w < 0 */

static const char *kind_words(view_edge_kind k)
{
    switch (k) {
    case VIEW_EDGE_WX: return "w\xc2\xb7x, w\xc2\xb7h";
    case VIEW_EDGE_GRAD: return "\xe2\x88\x82L/\xe2\x88\x82w";
    case VIEW_EDGE_STEP: return "\xe2\x88\x92\xce\xb7 \xe2\x88\x82L/\xe2\x88\x82w";
    default: return "w";
    }
}

typedef struct {
    view_diagram_geom g;
    size_t P;
    double q[SNAP_PARAM_MAX]; /* (P) */
    float w[SNAP_PARAM_MAX];  /* (P) */
    nn_layout lay;
} diagram;

static diagram dg; /* main thread only: one diagram is drawn at a time */

static void disc(view_frame *f, float x, float y, float r, SDL_Color ring, float ring_w)
{
    draw_circle(f->dl, x, y, r, f->pal->panel);
    draw_ring(f->dl, x, y, r, ring_w, ring);
}

static void draw_edges(view_frame *f, int fade_l1, int hovered)
{
    const size_t n1 = (size_t)dg.g.n * (size_t)(dg.g.d + 1);
    /* edges that carry nothing first, as thin structure behind the others */
    for (size_t i = 0; i < dg.P; i++) {
        float e[4];
        if (dg.w[i] > 0) continue;
        view_diagram_edge(&dg.g, i, e);
        draw_line(f->dl, e[0], e[1], e[2], e[3], fmaxf(1.0f, 0.5f * f->s1), draw_alpha(f->pal->grid, 0.9f));
    }
    for (size_t i = 0; i < dg.P; i++) {
        float e[4];
        if (dg.w[i] <= 0) continue;
        view_diagram_edge(&dg.g, i, e);
        const float a = fade_l1 && i < n1 ? 0.3f : 0.85f;
        const SDL_Color c = draw_alpha(dg.q[i] >= 0 ? POS : NEG, a);
        if (dg.w[i] < 1.0f) draw_hairline(f->dl, e[0], e[1], e[2], e[3], c);
        else draw_line(f->dl, e[0], e[1], e[2], e[3], dg.w[i], c);
    }
    if (hovered >= 0 && (size_t)hovered < dg.P) {
        float e[4];
        view_diagram_edge(&dg.g, (size_t)hovered, e);
        const float w = fmaxf(dg.w[hovered], 1.5f * f->s1);
        draw_line(f->dl, e[0], e[1], e[2], e[3], w + 6 * f->s1, draw_alpha(f->pal->hover, 0.9f));
        draw_line(f->dl, e[0], e[1], e[2], e[3], w, dg.q[hovered] >= 0 ? POS : NEG);
    }
}

static void draw_nodes(view_frame *f, int compact)
{
    const view_diagram_geom *g = &dg.g;
    const draw_palette *pal = f->pal;
    const float rw = 1.6f * f->lw;
    disc(f, g->in_x, g->in_y[0], g->r_node, pal->axis, rw);
    for (int j = 0; j < g->d; j++) disc(f, g->in_x, g->in_y[j + 1], g->r_node, pal->token, rw);
    disc(f, g->hid_x, view_diagram_hid_y(g, 0), g->r_bias, pal->axis, rw);
    for (int k = 0; k < g->n; k++) {
        const float y = view_diagram_hid_y(g, k + 1);
        SDL_Color c = draw_unit_colour(pal, k);
        const float bx = g->hid_x - 0.5f * g->box_w, by = y - 0.5f * g->box_h;
        const float rad = fminf(4 * f->s1, 0.5f * g->box_h);
        draw_round_rect(f->dl, bx, by, g->box_w, g->box_h, rad, pal->panel);
        draw_round_rect(f->dl, bx, by, g->box_w, g->box_h, rad, draw_alpha(c, k == f->hl ? 0.45f : 0.16f));
        if (g->labels)
            draw_round_rect_outline(f->dl, bx + 0.5f, by + 0.5f, g->box_w - 1, g->box_h - 1, rad,
                                    k == f->hl ? 2.5f * f->s1 : 1.0f * f->s1, c);
    }
    for (int o = 0; o < g->k; o++) disc(f, g->out_x, g->out_y[o], g->r_node, pal->pred, rw);
    (void)compact;
}

/* Names in the nodes, values beside them. */
static void draw_words(view_frame *f, int compact)
{
    const view_diagram_geom *g = &dg.g;
    const draw_palette *pal = f->pal;
    const lect_token *t = &f->v->tok;
    const float s1 = f->s1, fs = g->labels && g->r_node >= 9 * s1 ? FONT_LABEL : FONT_SMALL;
    char buf[96], num[32];
    if (g->r_node >= 6 * s1) {
        view_text(f, TEXT_BOLD, fs, "1", g->in_x, g->in_y[0], TEXT_CENTER | TEXT_MIDDLE, pal->text);
        if (g->r_bias >= 6 * s1)
            view_text(f, TEXT_BOLD, fs, "1", g->hid_x, view_diagram_hid_y(g, 0), TEXT_CENTER | TEXT_MIDDLE, pal->text);
        for (int j = 0; j < g->d; j++) {
            snprintf(buf, sizeof buf, "x_%d", j);
            view_math(f, TEXT_BOLD, fs, buf, g->in_x, g->in_y[j + 1], TEXT_CENTER | TEXT_MIDDLE, pal->text);
            if (!compact) {
                lect_fmt_num(num, sizeof num, t->x[j]);
                view_text(f, TEXT_SANS, FONT_LABEL, num, g->in_x - g->r_node - 6 * s1, g->in_y[j + 1],
                          TEXT_RIGHT | TEXT_MIDDLE, pal->text);
            }
        }
        for (int o = 0; o < g->k; o++) {
            snprintf(buf, sizeof buf, "\xc5\xb7_%d", o);
            view_math(f, TEXT_BOLD, fs, buf, g->out_x, g->out_y[o], TEXT_CENTER | TEXT_MIDDLE, pal->text);
        }
    }
    if (!compact) {
        /* ŷ, and y and ε where the token has a target; ε from the error phase on (or with the phases off) */
        const int err = t->has_target && (lect_phase_shows(f->vs->phase) & LECT_SHOW_ERROR);
        for (int o = 0; o < g->k; o++) {
            float x = g->out_x + g->r_node + 8 * s1;
            const float y = g->out_y[o];
            lect_fmt_num(num, sizeof num, t->yhat[o]);
            snprintf(buf, sizeof buf, "\xc5\xb7 %s", num);
            view_text(f, TEXT_SANS, FONT_LABEL, buf, x, y - (t->has_target ? 9 * s1 : 0), TEXT_LEFT | TEXT_MIDDLE,
                      pal->pred);
            if (!t->has_target) continue;
            lect_fmt_num(num, sizeof num, t->y[o]);
            snprintf(buf, sizeof buf, "y %s", num);
            view_text(f, TEXT_SANS, FONT_LABEL, buf, x, y + 9 * s1, TEXT_LEFT | TEXT_MIDDLE, pal->text);
            if (err) {
                lect_fmt_num(num, sizeof num, t->eps[o]);
                snprintf(buf, sizeof buf, "\xce\xb5 %s", num);
                x += 96 * s1;
                view_text(f, TEXT_BOLD, FONT_LABEL, buf, x, y, TEXT_LEFT | TEXT_MIDDLE, pal->error);
            }
        }
    }
    if (!g->labels) return;
    for (int k = 0; k < g->n; k++) {
        const float y = view_diagram_hid_y(g, k + 1), bx = g->hid_x - 0.5f * g->box_w;
        snprintf(buf, sizeof buf, "h_%d", k + 1);
        const SDL_Color c = draw_unit_colour(f->pal, k);
        if (compact) {
            view_math(f, TEXT_BOLD, FONT_SMALL, buf, g->hid_x, y, TEXT_CENTER | TEXT_MIDDLE, pal->text);
            continue;
        }
        const float bs = g->box_h >= 22 * s1 ? FONT_LABEL : FONT_SMALL;
        view_math(f, TEXT_BOLD, bs, buf, bx + 6 * s1, y, TEXT_LEFT | TEXT_MIDDLE, draw_mix(c, pal->text, 0.4f));
        view_diagram_node_text(t, f->vs->phase, k, buf, sizeof buf);
        char fit[96];
        view_math_fit(f, TEXT_SANS, bs, buf, g->box_w - 40 * s1, fit, sizeof fit);
        view_math(f, TEXT_SANS, bs, fit, bx + g->box_w - 6 * s1, y, TEXT_RIGHT | TEXT_MIDDLE, pal->text);
    }
}

/* The two footer lines: what the edges carry; the hovered (or edited) edge's weight and gradient. */
static void draw_footer(view_frame *f, const draw_rect *r)
{
    const float s1 = f->s1, x = r->x + PANEL_PAD * s1;
    const float y1 = r->y + r->h - FOOTER_H * s1 + 4 * s1, y2 = y1 + 20 * s1;
    const view_state *vs = f->vs;
    const snap *s = f->s;
    view_edge_kind k1, k2;
    int fade;
    view_diagram_kinds(vs->phase, &k1, &k2, &fade);
    const int grads = k1 >= VIEW_EDGE_GRAD || k2 >= VIEW_EDGE_GRAD;
    char buf[320], who[64], name[32], a[32], b[32], c[32];
    if (vs->diagram_batch) snprintf(who, sizeof who, "summed over the %d tokens", s->n);
    else snprintf(who, sizeof who, "token %d's share", f->sel + 1);
    if (k1 == k2)
        snprintf(buf, sizeof buf, "edges carry %s%s%s; width \xe2\x88\x9d |%s|, blue > 0, orange < 0", kind_words(k1),
                 grads ? ", " : "", grads ? who : "", kind_words(k1));
    else
        snprintf(buf, sizeof buf, "layer 2 edges carry %s (%s), layer 1 still %s; width \xe2\x88\x9d |\xc2\xb7|, "
                 "blue > 0, orange < 0", kind_words(k2), who, kind_words(k1));
    char fit[320];
    view_fit_text(f, TEXT_SANS, FONT_LABEL, buf, r->w - 2 * PANEL_PAD * s1, fit, sizeof fit);
    view_text(f, TEXT_SANS, FONT_LABEL, fit, x, y1, TEXT_LEFT | TEXT_TOP, f->pal->text_dim);

    const int p = vs->edit_param >= 0 ? vs->edit_param : vs->hovered_param;
    if (p < 0 || (size_t)p >= dg.P) {
        snprintf(buf, sizeof buf, "point at an edge: its weight and gradient; click: the ledger's weight%s",
                 s->status == TRAIN_RUNNING ? "" : ", and type a new value");
        view_fit_text(f, TEXT_SANS, FONT_LABEL, buf, r->w - 2 * PANEL_PAD * s1, fit, sizeof fit);
        view_text(f, TEXT_SANS, FONT_LABEL, fit, x, y2, TEXT_LEFT | TEXT_TOP, f->pal->text_dim);
        return;
    }
    lesson_ledger_name(&dg.lay, (size_t)p, name, sizeof name);
    if (vs->edit_param >= 0) {
        snprintf(buf, sizeof buf, "new value of %s: %s\xe2\x96\x8f   (Enter sets it, Esc cancels)", name, vs->edit_text);
        view_math(f, TEXT_BOLD, FONT_LABEL, buf, x, y2, TEXT_LEFT | TEXT_TOP, f->pal->text);
        return;
    }
    lect_fmt_num(a, sizeof a, s->p[p]);
    lect_fmt_num(b, sizeof b, s->grad[p]);
    lect_fmt_num(c, sizeof c, -s->lr * s->grad[p]);
    snprintf(buf, sizeof buf, "%s = %s    \xe2\x88\x82L/\xe2\x88\x82%s = %s (all tokens)    \xe2\x88\x92\xce\xb7 "
             "\xe2\x88\x82L/\xe2\x88\x82%s = %s%s", name, a, name, b, name, c, s->frozen[p] ? "  (frozen)" : "");
    view_math_fit(f, TEXT_BOLD, FONT_LABEL, buf, r->w - 2 * PANEL_PAD * s1, fit, sizeof fit);
    view_math(f, TEXT_BOLD, FONT_LABEL, fit, x, y2, TEXT_LEFT | TEXT_TOP, f->pal->text);
}

/* The token (or the probe) whose values the nodes show, for the title. */
static void token_words(view_frame *f, char *buf, size_t len)
{
    const snap *s = f->s;
    char th[32];
    if (f->vs->probe) {
        lect_fmt_num(th, sizeof th, f->vs->probe_theta);
        snprintf(buf, len, "the probe (%s = %s)", s->scene && s->scene->probe_what ? s->scene->probe_what : "t", th);
        return;
    }
    if (s->scene && s->scene->probe) {
        lect_fmt_num(th, sizeof th, s->theta[f->sel]);
        snprintf(buf, len, "token %d of %d (%s = %s)", f->sel + 1, s->n, s->scene->probe_what, th);
    } else {
        snprintf(buf, len, "token %d of %d", f->sel + 1, s->n);
    }
}

static void prepare(view_frame *f, const draw_rect *r, int compact)
{
    const snap *s = f->s;
    view_diagram_layout(&dg.g, *r, s->d, s->hidden, s->k, f->s1, compact);
    nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
    nn_layout_of(&sh, &dg.lay);
    dg.P = dg.lay.count;
    view_diagram_values(s, &f->v->tok, f->vs->phase, f->vs->diagram_batch, dg.q);
    view_diagram_widths(&dg.g, dg.q, f->vs->phase, dg.w);
}

static void draw_in(view_frame *f, const draw_rect *r, int compact)
{
    prepare(f, r, compact);
    view_edge_kind k1, k2;
    int fade;
    view_diagram_kinds(f->vs->phase, &k1, &k2, &fade);
    view_panel_frame(f, r);
    view_clip(f, r);
    draw_edges(f, fade, f->vs->edit_param >= 0 ? f->vs->edit_param : f->vs->hovered_param);
    draw_nodes(f, compact);
    view_flush(f);
    draw_words(f, compact);
    if (!compact) {
        char title[160], tok[64];
        token_words(f, tok, sizeof tok);
        snprintf(title, sizeof title, "network x \xe2\x86\x92 h = \xcf\x83(e(1)) \xe2\x86\x92 "
                 "\xc5\xb7 for %s%s%s", tok, f->vs->phase != LECT_OFF ? ": " : "",
                 f->vs->phase != LECT_OFF ? lect_phase_name(f->vs->phase) : "");
        view_math_title(f, r, title, "network diagram", 0);
        draw_footer(f, r);
    }
    view_flush(f);
    view_clip(f, NULL);
}

void view_draw_diagram(view_frame *f) { draw_in(f, &f->lay->page, 0); }

void view_draw_diagram_small(view_frame *f, const draw_rect *r) { draw_in(f, r, 1); }
