/* view: the lecture's panels drawn from one snapshot, and the plane transforms and hit tests of the UI.
 * Main thread only; e(1), h, ŷ(θ) and the lecture's quantities (lecture.h) are recomputed from the
 * snapshot's weights, never trainer memory.
 * Invariants: drawing and hit testing share one geometry (view_plane_xform, bars_geometry); an update
 * arrow starts where the parameter it moves is drawn, and its tip is where a gd step takes it
 * (× the scale factor its plane shows). */
#include "render/view.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/paths.h"
#include "nn/nn.h"
#include "render/sigma.h"
#include "ui/keymap.h"

/* Logical sizes (pixels at scale 1). */
#define FONT_TICK 11.5f
#define FONT_LABEL 14.0f
#define FONT_TITLE 14.5f
#define FONT_SMALL 11.0f
#define FONT_STATUS 13.5f
#define FONT_BANNER 15.5f
#define PANEL_PAD 8.0f
#define PANEL_RADIUS 6.0f
#define TITLE_H 24.0f
#define AXIS_LEFT 36.0f   /* room for y tick labels */
#define AXIS_BOTTOM 20.0f /* room for x tick labels */
#define PICK_RADIUS 12.0f
#define SWEEP 256         /* points of the predicted curve ŷ(θ) */
/* Level of detail: past these counts the strokes overlap so much that anti-aliased shafts add
 * nothing one can see, while costing ~200 ns per pixel of length on the software renderer;
 * shafts become hairlines and only the heads stay anti-aliased. */
#define DENSE_TOKENS 64   /* error arrows */
#define DENSE_UNITS 16    /* decision lines and w̄ arrows */
#define MAX_HEADS 32      /* error arrow heads drawn when the shafts are hairlines */
#define SHARE_TOKENS 32   /* each token's share of the update is drawn up to this many tokens */
#define SHARE_UNITS DENSE_UNITS
#define ARROW_TARGET 0.22 /* the longest update arrow is scaled up to about this share of the plane */
#define FONT_EQUATION 14.5f

/* The pending update the arrows show, and each token's share of it. */
typedef struct {
    lect_update upd;     /* the batch update */
    lect_update tmp;     /* one token's share */
    lect_token scratch;  /* one token */
    double share_in[SHARE_TOKENS * SHARE_UNITS * DATA_D];         /* (n, N, D) −η δ_ki x_i */
    double share_out[SHARE_TOKENS * (SHARE_UNITS + 1) * DATA_K]; /* (n, N + 1, K) −η h_ki ε_i; b(2) at N */
} arrows;


struct view_ctx {
    SDL_Renderer *r;
    text_cache *tc;
    draw_list *dl;
    float *pts; /* (cap_pts, 2) scratch polyline */
    int cap_pts;
    double sweep_x[SWEEP * DATA_D];    /* (SWEEP, D) */
    double sweep_y[SWEEP * DATA_K];    /* (SWEEP, K) */
    lect_token tok;        /* the selected token, or the probe, at the drawn weights */
    lect_token tok_before; /* the same at vs->before */
    arrows ar;             /* the arrows of the snapshot drawn (or of vs->before) */
    double chain[(NN_MAX_HIDDEN + 1) * DATA_K];        /* (N + 1, K) b(2), b(2) + w(2)_1 h_1, ... */
    double chain_before[(NN_MAX_HIDDEN + 1) * DATA_K]; /* (N + 1, K) the same at vs->before */
};

/* ---------------------------------------------------------------- state */

void view_state_init(view_state *vs)
{
    memset(vs, 0, sizeof *vs);
    vs->selected = -1;
    vs->hovered_unit = -1;
    vs->hovered_token = -1;
    for (int p = 0; p < VIEW_PLANE_COUNT; p++) view_pan_reset(vs, (view_plane)p);
    vs->scale = 1.0f;
    vs->banner_kind = VIEW_BANNER_NONE;
    vs->selected_unit = -1;
    vs->phase = LECT_OFF;
    vs->moving = LECT_ALL_UNITS;
    vs->rec_frames = -1;
}

int view_default_token(int n)
{
    assert(n >= 1);
    return (3 * (n - 1) + 2) / 4; /* 6 of 0..8: θ = π/4 on the lecture's tokens */
}

int view_selected_token(const view_state *vs, int n)
{
    return vs->selected >= 0 && vs->selected < n ? vs->selected : view_default_token(n);
}

/* The unit drawn highlighted (others dimmed), or -1: the moving one, else hovered, else selected. */
static int highlight_unit(const view_state *vs, int n_hidden)
{
    const int c[3] = {vs->moving, vs->hovered_unit, vs->selected_unit};
    for (int i = 0; i < 3; i++)
        if (c[i] >= 0 && c[i] < n_hidden) return c[i];
    return -1;
}

int view_focus_unit(const view_state *vs, int n_hidden)
{
    int k = highlight_unit(vs, n_hidden);
    return k >= 0 ? k : 0;
}

int view_shows_update(const snap *s, const view_state *vs)
{
    if (vs->phase != LECT_OFF) return (lect_phase_shows(vs->phase) & (LECT_SHOW_GRAD1 | LECT_SHOW_GRAD2)) != 0;
    return s->status != TRAIN_RUNNING && s->steps_left == 0;
}

/* ---------------------------------------------------------------- transforms */

static float sc(const view_state *vs) { return vs->scale > 0 ? vs->scale : 1.0f; }

static int rect_ok(const draw_rect *r) { return r->w > 1 && r->h > 1; }

static int in_rect(const draw_rect *r, float x, float y)
{
    return x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

/* The plot area inside a plane's panel: below the title, right of the y tick labels. */
static draw_rect plot_area(const draw_rect *panel, float s)
{
    draw_rect r;
    r.x = panel->x + (PANEL_PAD + AXIS_LEFT) * s;
    r.y = panel->y + TITLE_H * s;
    r.w = panel->w - (2 * PANEL_PAD + AXIS_LEFT) * s;
    r.h = panel->h - (TITLE_H + AXIS_BOTTOM + PANEL_PAD) * s;
    r.x = floorf(r.x);
    r.y = floorf(r.y);
    r.w = floorf(r.w);
    r.h = floorf(r.h);
    if (r.w < 1) r.w = 1;
    if (r.h < 1) r.h = 1;
    return r;
}

/* Default world window of a plane: centre and half extents. */
static void default_range(const snap *s, view_plane p, double *cx, double *cy, double *hx, double *hy)
{
    if (p == VIEW_PLANE_INPUT) {
        *cx = *cy = 0;
        *hx = *hy = 1.1;
        return;
    }
    /* From the task's θ range, not from the targets themselves: a dragged target must not
     * rescale the plane under the mouse. Noise widens it so that noisy targets stay inside. */
    double t0 = s->spec.theta_min, t1 = s->spec.theta_max;
    double lo1 = (t0 <= 0 && t1 >= 0) ? 0 : fmin(t0 * t0, t1 * t1), hi1 = fmax(t0 * t0, t1 * t1);
    double m = 0.1 + 2 * s->spec.noise;
    *cx = 0.5 * (t0 + t1);
    *cy = 0.5 * (lo1 + hi1);
    *hx = 0.5 * (t1 - t0) + m;
    *hy = 0.5 * (hi1 - lo1) + m;
}

view_xform view_plane_xform(const snap *s, const view_state *vs, const view_layout *lay, view_plane p)
{
    assert(p == VIEW_PLANE_INPUT || p == VIEW_PLANE_OUTPUT);
    view_xform t;
    t.r = plot_area(p == VIEW_PLANE_INPUT ? &lay->input : &lay->output, sc(vs));
    double cx, cy, hx, hy;
    default_range(s, p, &cx, &cy, &hx, &hy);
    const view_pan *pan = &vs->pan[p];
    double zoom = pan->zoom > 0 ? pan->zoom : 1.0;
    cx += pan->dx;
    cy += pan->dy;
    hx /= zoom;
    hy /= zoom;
    /* equal aspect: the tighter axis decides the pixels per unit, the other shows more */
    double ppu = fmin(t.r.w / (2 * hx), t.r.h / (2 * hy));
    t.wx0 = cx - t.r.w / (2 * ppu);
    t.wx1 = cx + t.r.w / (2 * ppu);
    t.wy0 = cy - t.r.h / (2 * ppu);
    t.wy1 = cy + t.r.h / (2 * ppu);
    return t;
}

/* Screen coordinates in double: exact for any finite world point. */
static void to_screen_d(const view_xform *t, double wx, double wy, double *sx, double *sy)
{
    *sx = t->r.x + (wx - t->wx0) / (t->wx1 - t->wx0) * t->r.w;
    *sy = t->r.y + (t->wy1 - wy) / (t->wy1 - t->wy0) * t->r.h;
}

#define SCREEN_LIMIT 1e7 /* |pixel coordinates| beyond this are clamped (floats must stay in range) */

static float to_float(double v)
{
    if (!(v == v)) return NAN;
    return (float)(v > SCREEN_LIMIT ? SCREEN_LIMIT : v < -SCREEN_LIMIT ? -SCREEN_LIMIT : v);
}

void view_to_screen(const view_xform *t, double wx, double wy, float *sx, float *sy)
{
    double x, y;
    to_screen_d(t, wx, wy, &x, &y);
    *sx = to_float(x);
    *sy = to_float(y);
}

void view_to_world(const view_xform *t, float sx, float sy, double *wx, double *wy)
{
    *wx = t->wx0 + ((double)sx - t->r.x) / t->r.w * (t->wx1 - t->wx0);
    *wy = t->wy1 - ((double)sy - t->r.y) / t->r.h * (t->wy1 - t->wy0);
}

static double px_per_unit(const view_xform *t) { return t->r.w / (t->wx1 - t->wx0); }

int view_plane_at(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy)
{
    for (int p = 0; p < VIEW_PLANE_COUNT; p++) {
        const draw_rect *panel = p == VIEW_PLANE_INPUT ? &lay->input : &lay->output;
        if (!rect_ok(panel)) continue;
        view_xform t = view_plane_xform(s, vs, lay, (view_plane)p);
        if (in_rect(&t.r, sx, sy)) return p;
    }
    return -1;
}

void view_zoom_at(view_state *vs, const snap *s, const view_layout *lay, view_plane p, float sx, float sy,
                  double factor)
{
    assert(factor > 0);
    view_xform t = view_plane_xform(s, vs, lay, p);
    double wx, wy, wx2, wy2;
    view_to_world(&t, sx, sy, &wx, &wy);
    double z = vs->pan[p].zoom * factor;
    vs->pan[p].zoom = z < 0.05 ? 0.05 : z > 500 ? 500 : z;
    t = view_plane_xform(s, vs, lay, p);
    view_to_world(&t, sx, sy, &wx2, &wy2);
    vs->pan[p].dx += wx - wx2;
    vs->pan[p].dy += wy - wy2;
}

void view_pan_by(view_state *vs, const snap *s, const view_layout *lay, view_plane p, float dx, float dy)
{
    view_xform t = view_plane_xform(s, vs, lay, p);
    double ppu = px_per_unit(&t);
    vs->pan[p].dx -= dx / ppu;
    vs->pan[p].dy += dy / ppu;
}

void view_pan_reset(view_state *vs, view_plane p)
{
    vs->pan[p].dx = 0;
    vs->pan[p].dy = 0;
    vs->pan[p].zoom = 1;
}

/* ---------------------------------------------------------------- hit tests */

int view_pick_token(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy,
                    view_pick *out)
{
    float best = PICK_RADIUS * sc(vs);
    best *= best;
    int found = 0;
    out->token = -1;
    int p = view_plane_at(s, vs, lay, sx, sy);
    if (p < 0) return 0;
    view_xform t = view_plane_xform(s, vs, lay, (view_plane)p);
    for (int kind = 0; kind < (p == VIEW_PLANE_INPUT ? 1 : 2); kind++) {
        const double *pt = p == VIEW_PLANE_INPUT ? s->x : kind == 0 ? s->y : s->yhat;
        for (int i = 0; i < s->n; i++) {
            float qx, qy;
            view_to_screen(&t, pt[2 * i], pt[2 * i + 1], &qx, &qy);
            float d2 = (qx - sx) * (qx - sx) + (qy - sy) * (qy - sy);
            /* a prediction must be clearly nearer to win over a target */
            float bias = kind == 1 ? 1.0f : 0.0f;
            if (d2 + bias < best) {
                best = d2 + bias;
                found = 1;
                out->token = i;
                out->plane = (view_plane)p;
                out->kind = p == VIEW_PLANE_INPUT ? VIEW_PICK_INPUT : kind == 0 ? VIEW_PICK_TARGET : VIEW_PICK_PREDICTION;
                out->wx = pt[2 * i];
                out->wy = pt[2 * i + 1];
            }
        }
    }
    return found;
}

/* The bars panel: one chart for e(1) and one for h, stacked when the panel is tall, side by
 * side when it is wide; every unit has a column of the same x in both (stacked) charts. */
typedef struct {
    draw_rect chart[2];  /* plot areas: 0 = e(1), 1 = h */
    draw_rect label[2];  /* unit label strip under each chart (empty when shared) */
    float col0[2], colw; /* unit k's column in chart c starts at col0[c] + k * colw */
    int stacked;
} bars_geom;

static void bars_geometry(const view_layout *lay, float s, int n_units, bars_geom *g)
{
    const draw_rect *p = &lay->bars;
    memset(g, 0, sizeof *g);
    float left = p->x + (PANEL_PAD + AXIS_LEFT) * s, right = p->x + p->w - PANEL_PAD * s;
    float top = p->y + (TITLE_H + 2) * s, bottom = p->y + p->h - PANEL_PAD * s;
    float lab = 16.0f * s, sub = 22.0f * s; /* unit labels; chart subtitles */
    g->stacked = p->h >= 0.75f * p->w;
    if (g->stacked) {
        float gap = 12 * s; /* clears the upper chart's lowest tick label */
        float ch = (bottom - top - lab - 2 * sub - gap) / 2;
        g->chart[0] = (draw_rect){left, top + sub, right - left, ch};
        g->chart[1] = (draw_rect){left, top + 2 * sub + ch + gap, right - left, ch};
        g->label[1] = (draw_rect){left, g->chart[1].y + ch, right - left, lab};
        g->label[0] = g->label[1];
    } else {
        float gap = (AXIS_LEFT + 10.0f) * s, cw = (right - left - gap) / 2;
        float ch = bottom - top - lab - sub;
        for (int c = 0; c < 2; c++) {
            float x = left + c * (cw + gap);
            g->chart[c] = (draw_rect){x, top + sub, cw, ch};
            g->label[c] = (draw_rect){x, top + sub + ch, cw, lab};
        }
    }
    g->colw = n_units > 0 ? g->chart[0].w / (float)n_units : g->chart[0].w;
    g->col0[0] = g->chart[0].x;
    g->col0[1] = g->chart[1].x;
}

int view_pick_unit(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy)
{
    if (!rect_ok(&lay->bars) || !in_rect(&lay->bars, sx, sy)) return -1;
    bars_geom g;
    bars_geometry(lay, sc(vs), s->hidden, &g);
    for (int c = 0; c < 2; c++) {
        draw_rect area = g.chart[c];
        area.h = g.label[c].y + g.label[c].h - area.y;
        if (!in_rect(&area, sx, sy)) continue;
        int k = (int)floorf((sx - g.col0[c]) / g.colw);
        if (k >= 0 && k < s->hidden) return k;
    }
    return -1;
}

static void probe_point(const view_state *vs, double *x, double *y)
{
    *x = cos(vs->probe_theta);
    *y = sin(vs->probe_theta);
}

int view_pick_probe(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy)
{
    if (!vs->probe || !rect_ok(&lay->input)) return 0;
    view_xform t = view_plane_xform(s, vs, lay, VIEW_PLANE_INPUT);
    double wx, wy;
    probe_point(vs, &wx, &wy);
    float px, py;
    view_to_screen(&t, wx, wy, &px, &py);
    float r = PICK_RADIUS * sc(vs);
    return (px - sx) * (px - sx) + (py - sy) * (py - sy) <= r * r;
}

double view_probe_theta_at(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy)
{
    view_xform t = view_plane_xform(s, vs, lay, VIEW_PLANE_INPUT);
    double wx, wy;
    view_to_world(&t, sx, sy, &wx, &wy);
    double th = atan2(wy, wx), lo = s->spec.theta_min, hi = s->spec.theta_max;
    /* the arc may extend past ±π: take the turn of th nearest to the arc's middle */
    double mid = 0.5 * (lo + hi);
    th += 2 * M_PI * round((mid - th) / (2 * M_PI));
    return th < lo ? lo : th > hi ? hi : th;
}

/* ---------------------------------------------------------------- context */

view_ctx *view_ctx_create(SDL_Renderer *r, const char *assets_dir, char *err, int errlen)
{
    assert(r);
    view_ctx *v = calloc(1, sizeof *v);
    if (!v) {
        snprintf(err, (size_t)errlen, "view: out of memory");
        return NULL;
    }
    v->r = r;
    char dir[2048];
    if (!assets_dir) {
        if (paths_assets(dir, sizeof dir, err, (size_t)errlen) != 0) {
            free(v);
            return NULL;
        }
        assets_dir = dir;
    }
    v->tc = text_cache_create(r, assets_dir, err, errlen);
    v->dl = draw_list_create();
    v->cap_pts = 4 * DATA_MAX_TOKENS;
    v->pts = malloc((size_t)v->cap_pts * 2 * sizeof *v->pts);
    if (!v->tc || !v->dl || !v->pts) {
        if (v->tc) snprintf(err, (size_t)errlen, "view: out of memory");
        view_ctx_destroy(v);
        return NULL;
    }
    return v;
}

void view_ctx_destroy(view_ctx *v)
{
    if (!v) return;
    draw_list_destroy(v->dl);
    text_cache_destroy(v->tc);
    free(v->pts);
    free(v);
}

text_cache *view_ctx_text(view_ctx *v) { return v->tc; }
draw_list *view_ctx_draw_list(view_ctx *v) { return v->dl; }

void view_clear(view_ctx *v, const view_state *vs)
{
    SDL_Color c = draw_palette_get(vs->presenter)->bg;
    SDL_SetRenderDrawBlendMode(v->r, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(v->r, c.r, c.g, c.b, 255);
    SDL_RenderClear(v->r);
}

/* ---------------------------------------------------------------- helpers */

typedef struct {
    view_ctx *v;
    const snap *s;
    const view_state *vs;
    const view_layout *lay;
    const draw_palette *pal;
    draw_list *dl;
    text_cache *tc;
    float s1;  /* UI scale */
    float lw;  /* standard line width: scale × palette gain */
    int rc;    /* or-ed SDL results */
    nn_net net;
    int sel;   /* selected token */
    int hl;    /* highlighted unit, -1 none */
    unsigned shows;      /* lect_phase_shows of the phase */
    /* the pending update: drawn from the parameters of `as` (vs->before while an update is shown) */
    const snap *as;
    nn_net anet;
    const double *achain; /* (N + 1, K) the chain at `as` */
    int upd_in, upd_out;  /* draw the arrows in the input / output plane */
    int n_share;          /* tokens whose own shares are drawn (0 none) */
    lect_scale scale_in, scale_out;
    int none_in, none_out; /* the update there is below a pixel even scaled: ∇L ≈ 0 (or frozen) */
} frame;

/* UTF-8 subscript digits of k (k >= 0), e.g. 12 -> "₁₂". */
static void subscript(int k, char *out, size_t len)
{
    char digits[16];
    snprintf(digits, sizeof digits, "%d", k);
    size_t o = 0;
    for (const char *d = digits; *d && o + 4 < len; d++) {
        out[o++] = (char)0xE2;
        out[o++] = (char)0x82;
        out[o++] = (char)(0x80 + (*d - '0'));
    }
    out[o] = 0;
}

/* A number with true minus signs (U+2212), in front and in the exponent; "-0" prints as "0". */
static void fmt_num(char *out, size_t len, const char *fmt, double x)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, fmt, x);
    const char *p = tmp;
    if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1)) p = tmp + 1;
    size_t o = 0;
    for (; *p && o + 4 < len; p++) {
        if (*p == '-') {
            memcpy(out + o, "\xe2\x88\x92", 3);
            o += 3;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = 0;
}

/* 10^e as "10⁻³" with superscript digits. */
static void fmt_pow10(char *out, size_t len, int e)
{
    static const char *const sup[10] = {"\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
                                        "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9"};
    char digits[16];
    snprintf(digits, sizeof digits, "%d", e < 0 ? -e : e);
    size_t o = (size_t)snprintf(out, len, "10%s", e < 0 ? "\xe2\x81\xbb" : "");
    for (const char *d = digits; *d && o + 4 < len; d++) o += (size_t)snprintf(out + o, len - o, "%s", sup[*d - '0']);
}

/* Steps as "950", "12k", "3.5M". */
static void fmt_steps(char *out, size_t len, double x)
{
    double a = fabs(x);
    if (a >= 1e9) snprintf(out, len, "%.3gG", x / 1e9);
    else if (a >= 1e6) snprintf(out, len, "%.3gM", x / 1e6);
    else if (a >= 1e4) snprintf(out, len, "%.3gk", x / 1e3);
    else snprintf(out, len, "%.0f", x);
}

/* A "nice" tick step (1, 2 or 5 × 10^k) giving about `target` intervals over span. */
static double nice_step(double span, double target)
{
    double raw = span / target, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

static const char *tick_fmt(double step) { return step >= 0.999 ? "%.0f" : step >= 0.0999 ? "%.1f" : "%.2f"; }

static void text(frame *f, text_face face, float size, const char *s, float x, float y, int align, SDL_Color c)
{
    if (text_draw(f->tc, face, size, s, x, y, align, c, NULL) < 0) f->rc = -1;
}

static int text_w(frame *f, text_face face, float size, const char *s)
{
    int w, h;
    if (text_measure(f->tc, face, size, s, &w, &h) < 0) f->rc = -1;
    return w;
}

static void flush(frame *f)
{
    if (draw_list_flush(f->dl, f->v->r) < 0) f->rc = -1;
}

static void clip(frame *f, const draw_rect *r)
{
    if (!r) {
        SDL_RenderSetClipRect(f->v->r, NULL);
        return;
    }
    SDL_Rect c = {(int)floorf(r->x), (int)floorf(r->y), (int)ceilf(r->w), (int)ceilf(r->h)};
    SDL_RenderSetClipRect(f->v->r, &c);
}

static void panel_frame(frame *f, const draw_rect *p)
{
    float rad = PANEL_RADIUS * f->s1;
    draw_round_rect(f->dl, p->x, p->y, p->w, p->h, rad, f->pal->panel);
    draw_round_rect_outline(f->dl, p->x + 0.5f, p->y + 0.5f, p->w - 1, p->h - 1, rad, 1.0f, f->pal->frame);
}

/* s, or its longest prefix (cut between UTF-8 characters) followed by "…" that is at most avail
 * pixels wide; out holds the result. */
static void fit_text(frame *f, text_face face, float size, const char *s, float avail, char *out, size_t len)
{
    snprintf(out, len, "%s", s);
    if ((float)text_w(f, face, size, out) <= avail) return;
    size_t n = strlen(out);
    while (n > 0) {
        do n--; while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80);
        while (n > 0 && out[n - 1] == ' ') n--;
        if (n + 4 > len) continue;
        memcpy(out + n, "\xe2\x80\xa6", 4);
        if ((float)text_w(f, face, size, out) <= avail) return;
    }
    out[0] = 0;
}

/* The panel's title, or its short form when the long one does not fit, shortened further with "…"
 * when even that does not; reserve: pixels kept free at the right. Returns the title's right edge. */
static float title(frame *f, const draw_rect *p, const char *longer, const char *shorter, float reserve)
{
    float avail = p->w - 2 * PANEL_PAD * f->s1 - reserve;
    char buf[256];
    const char *s = longer;
    if ((float)text_w(f, TEXT_BOLD, FONT_TITLE, s) > avail) s = shorter;
    fit_text(f, TEXT_BOLD, FONT_TITLE, s, avail, buf, sizeof buf);
    text(f, TEXT_BOLD, FONT_TITLE, buf, p->x + PANEL_PAD * f->s1, p->y + 5 * f->s1, TEXT_LEFT | TEXT_TOP, f->pal->text);
    return p->x + PANEL_PAD * f->s1 + (float)text_w(f, TEXT_BOLD, FONT_TITLE, buf);
}

/* The recording marker's text and pill width; 0 when not recording. */
static float rec_pill(frame *f, char *msg, size_t len)
{
    if (f->vs->rec_frames < 0) return 0;
    snprintf(msg, len, "\xe2\x97\x8f REC  %ld", f->vs->rec_frames);
    return (float)text_w(f, TEXT_BOLD, FONT_STATUS, msg) + 18 * f->s1;
}

/* Liang–Barsky: clips the line through p along d to the box; 1 with t0 < t1 when it crosses. */
static int clip_line(double px, double py, double dx, double dy, double x0, double x1, double y0, double y1,
                     double *t0, double *t1)
{
    double lo = -INFINITY, hi = INFINITY;
    const double pd[2] = {dx, dy}, pp[2] = {px, py}, mn[2] = {x0, y0}, mx[2] = {x1, y1};
    for (int a = 0; a < 2; a++) {
        if (fabs(pd[a]) < 1e-300) {
            if (pp[a] < mn[a] || pp[a] > mx[a]) return 0;
            continue;
        }
        double ta = (mn[a] - pp[a]) / pd[a], tb = (mx[a] - pp[a]) / pd[a];
        if (ta > tb) {
            double t = ta;
            ta = tb;
            tb = t;
        }
        lo = fmax(lo, ta);
        hi = fmin(hi, tb);
    }
    *t0 = lo;
    *t1 = hi;
    return lo < hi;
}

/* Grid and axes through the origin (geometry: labels == 0), or the tick labels and axis names
 * (labels == 1, after the geometry is flushed); for both planes. */
static void plane_axes(frame *f, const view_xform *t, int labels)
{
    const draw_palette *pal = f->pal;
    const float s = f->s1;
    double step = nice_step(fmin(t->wx1 - t->wx0, t->wy1 - t->wy0), 5);
    const char *fmt = tick_fmt(step);
    float gw = fmaxf(1.0f, floorf(s + 0.25f));
    char buf[48];
    for (double x = ceil(t->wx0 / step) * step; x <= t->wx1 + 1e-9; x += step) {
        float sx, sy;
        view_to_screen(t, x, 0, &sx, &sy);
        sx = floorf(sx);
        int zero = fabs(x) < 0.5 * step;
        if (!labels) {
            draw_fill_rect(f->dl, sx, t->r.y, zero ? gw + 1 : gw, t->r.h, zero ? draw_alpha(pal->axis, 0.7f) : pal->grid);
            continue;
        }
        fmt_num(buf, sizeof buf, fmt, zero ? 0 : x);
        text(f, TEXT_SANS, FONT_TICK, buf, sx, t->r.y + t->r.h + 3 * s, TEXT_CENTER | TEXT_TOP, pal->text_dim);
    }
    for (double y = ceil(t->wy0 / step) * step; y <= t->wy1 + 1e-9; y += step) {
        float sx, sy;
        view_to_screen(t, 0, y, &sx, &sy);
        sy = floorf(sy);
        int zero = fabs(y) < 0.5 * step;
        if (!labels) {
            draw_fill_rect(f->dl, t->r.x, sy, t->r.w, zero ? gw + 1 : gw, zero ? draw_alpha(pal->axis, 0.7f) : pal->grid);
            continue;
        }
        if (sy < t->r.y + 6 * s) continue; /* would run into the title */
        fmt_num(buf, sizeof buf, fmt, zero ? 0 : y);
        text(f, TEXT_SANS, FONT_TICK, buf, t->r.x - 5 * s, sy, TEXT_RIGHT | TEXT_MIDDLE, pal->text_dim);
    }
}

/* Axis names at the far ends of the plot area, on a backing so that the content cannot bury
 * them; drawn after the content. */
static void plane_names(frame *f, const view_xform *t, const char *xname, const char *yname)
{
    const float s = f->s1;
    int w0, h0, w1, h1;
    if (text_measure(f->tc, TEXT_BOLD, FONT_LABEL, xname, &w0, &h0) < 0 ||
        text_measure(f->tc, TEXT_BOLD, FONT_LABEL, yname, &w1, &h1) < 0) {
        f->rc = -1;
        return;
    }
    float xx = t->r.x + t->r.w - 5 * s - (float)w0, xy = t->r.y + t->r.h - 3 * s - (float)h0;
    float yx = t->r.x + 5 * s, yy = t->r.y + 2 * s;
    SDL_Color back = draw_alpha(f->pal->panel, 0.85f);
    draw_round_rect(f->dl, xx - 3 * s, xy, (float)w0 + 6 * s, (float)h0, 4 * s, back);
    draw_round_rect(f->dl, yx - 3 * s, yy, (float)w1 + 6 * s, (float)h1, 4 * s, back);
    flush(f);
    text(f, TEXT_BOLD, FONT_LABEL, xname, xx, xy, TEXT_LEFT | TEXT_TOP, f->pal->text);
    text(f, TEXT_BOLD, FONT_LABEL, yname, yx, yy, TEXT_LEFT | TEXT_TOP, f->pal->text);
}

/* Dashed curve y = g(x) or a parametric one, in world coordinates, already sampled. */
static void world_polyline(const view_xform *t, const double *xy, int n, float *out)
{
    for (int i = 0; i < n; i++) view_to_screen(t, xy[2 * i], xy[2 * i + 1], &out[2 * i], &out[2 * i + 1]);
}

#define DENSE_MARKERS 256 /* above this many tokens, markers are small squares */

static float token_radius(int n, float s)
{
    return (n <= 32 ? 5.0f : n <= 128 ? 4.0f : n <= DENSE_MARKERS ? 3.0f : 1.6f) * s;
}

/* A token marker: a disc, or for dense sets a square (they merge into a band either way, and a
 * square is a plain fill, the cheapest thing any renderer draws). */
static void marker(frame *f, float x, float y, float r, int n, SDL_Color c)
{
    if (n > DENSE_MARKERS) {
        float a = fmaxf(2.0f, floorf(2 * r + 0.5f));
        draw_fill_rect(f->dl, floorf(x - a / 2 + 0.5f), floorf(y - a / 2 + 0.5f), a, a, c);
    } else {
        draw_circle(f->dl, x, y, r, c);
    }
}

/* A hairline shaft with an anti-aliased head (for dense fields of arrows). */
static void thin_arrow(frame *f, float ax, float ay, float bx, float by, float head, int with_head, SDL_Color c)
{
    float d = hypotf(bx - ax, by - ay);
    if (d < 0.5f) return;
    draw_hairline(f->dl, ax, ay, bx, by, c);
    if (!with_head) return;
    float back = fminf(d, head * 1.2f);
    draw_arrow(f->dl, bx - (bx - ax) / d * back, by - (by - ay) / d * back, bx, by, 0.9f * f->s1, head, c);
}

/* ---- drawing world geometry: clipped in double to a guard box around the plot, so that a far
 * away point (a diverging prediction, a dragged token) never reaches the renderer as a huge or
 * non-finite coordinate, and a segment's visible part keeps its true direction. */

static draw_rect guard_box(const view_xform *t, float s)
{
    float m = 64 * s;
    draw_rect b = {t->r.x - m, t->r.y - m, t->r.w + 2 * m, t->r.h + 2 * m};
    return b;
}

/* Screen segment of world a -> b clipped to box; 0 when nothing is left. *tip = 1 when b survived. */
static int seg_screen(const view_xform *t, const draw_rect *box, double ax, double ay, double bx, double by,
                      float out[4], int *tip)
{
    double x0, y0, x1, y1;
    to_screen_d(t, ax, ay, &x0, &y0);
    to_screen_d(t, bx, by, &x1, &y1);
    if (!isfinite(x0 + y0 + x1 + y1)) return 0;
    double t0, t1;
    if (!clip_line(x0, y0, x1 - x0, y1 - y0, box->x, box->x + box->w, box->y, box->y + box->h, &t0, &t1)) return 0;
    t0 = fmax(t0, 0);
    t1 = fmin(t1, 1);
    if (t0 >= t1) return 0;
    out[0] = (float)(x0 + t0 * (x1 - x0));
    out[1] = (float)(y0 + t0 * (y1 - y0));
    out[2] = (float)(x0 + t1 * (x1 - x0));
    out[3] = (float)(y0 + t1 * (y1 - y0));
    if (tip) *tip = t1 >= 1;
    return 1;
}

/* A point's screen position; 0 when it lies outside box (or is not finite). */
static int pt_screen(const view_xform *t, const draw_rect *box, double wx, double wy, float *sx, float *sy)
{
    double x, y;
    to_screen_d(t, wx, wy, &x, &y);
    if (!(x >= box->x && x <= box->x + box->w && y >= box->y && y <= box->y + box->h)) return 0;
    *sx = (float)x;
    *sy = (float)y;
    return 1;
}

/* An arrow from world a to b; its head only when the tip is in the guard box. */
static void w_arrow(frame *f, const view_xform *t, const draw_rect *box, double ax, double ay, double bx, double by,
                    float width, float head, SDL_Color c)
{
    float e[4];
    int tip;
    if (!seg_screen(t, box, ax, ay, bx, by, e, &tip)) return;
    if (tip)
        draw_arrow(f->dl, e[0], e[1], e[2], e[3], width, head, c);
    else
        draw_line(f->dl, e[0], e[1], e[2], e[3], width, c);
}

static void w_thin_arrow(frame *f, const view_xform *t, const draw_rect *box, double ax, double ay, double bx,
                         double by, float head, int with_head, SDL_Color c)
{
    float e[4];
    int tip;
    if (!seg_screen(t, box, ax, ay, bx, by, e, &tip)) return;
    thin_arrow(f, e[0], e[1], e[2], e[3], head, with_head && tip, c);
}

/* A world polyline, broken where it leaves the guard box. */
static void w_polyline(frame *f, const view_xform *t, const draw_rect *box, const double *xy /* (n, 2) */, int n,
                       float width, SDL_Color c)
{
    float *pts = f->v->pts;
    int m = 0;
    for (int i = 0; i + 1 < n; i++) {
        float e[4];
        int tip;
        if (!seg_screen(t, box, xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], e, &tip)) {
            if (m >= 2) draw_polyline(f->dl, pts, m, width, c);
            m = 0;
            continue;
        }
        if (m == 0) {
            pts[0] = e[0];
            pts[1] = e[1];
            m = 1;
        }
        pts[2 * m] = e[2];
        pts[2 * m + 1] = e[3];
        m++;
        if (!tip) {
            draw_polyline(f->dl, pts, m, width, c);
            m = 0;
        }
    }
    if (m >= 2) draw_polyline(f->dl, pts, m, width, c);
}

/* ---------------------------------------------------------------- input plane */

/* Clips the box to the half plane w·x + b >= 0 (Sutherland–Hodgman); returns the vertex count. */
static int half_plane_poly(const view_xform *t, double w0, double w1, double b, double *out /* (8, 2) */)
{
    const double box[8] = {t->wx0, t->wy0, t->wx1, t->wy0, t->wx1, t->wy1, t->wx0, t->wy1};
    int m = 0;
    for (int i = 0; i < 4; i++) {
        int j = (i + 1) % 4;
        double ax = box[2 * i], ay = box[2 * i + 1], bx = box[2 * j], by = box[2 * j + 1];
        double ea = w0 * ax + w1 * ay + b, eb = w0 * bx + w1 * by + b;
        if (ea >= 0) {
            out[2 * m] = ax;
            out[2 * m + 1] = ay;
            m++;
        }
        if ((ea >= 0) != (eb >= 0)) {
            double u = ea / (ea - eb);
            out[2 * m] = ax + u * (bx - ax);
            out[2 * m + 1] = ay + u * (by - ay);
            m++;
        }
    }
    return m;
}

/* The colour of a unit's update arrow: the unit's own, darkened so that it stands out from the
 * weight it starts at. */
static SDL_Color update_colour(const frame *f, int k)
{
    SDL_Color c = k < 0 ? f->pal->token : draw_unit_colour(f->pal, k);
    return draw_mix(c, f->pal->text, 0.45f);
}

/* A short note at the plot's lower-left corner on a backing (e.g. the arrows' scale). */
static void plot_note(frame *f, const view_xform *t, const char *msg, SDL_Color c)
{
    const float s = f->s1;
    int w, h;
    if (text_measure(f->tc, TEXT_SANS, FONT_SMALL, msg, &w, &h) < 0) {
        f->rc = -1;
        return;
    }
    float x = t->r.x + 5 * s, y = t->r.y + t->r.h - 4 * s - (float)h;
    draw_round_rect(f->dl, x - 3 * s, y, (float)w + 6 * s, (float)h, 4 * s, draw_alpha(f->pal->panel, 0.85f));
    flush(f);
    text(f, TEXT_SANS, FONT_SMALL, msg, x, y, TEXT_LEFT | TEXT_TOP, c);
}

static void scale_note(frame *f, const view_xform *t, const lect_scale *sc, int none)
{
    char msg[96];
    if (none)
        snprintf(msg, sizeof msg, "no update here: \xe2\x88\x92\xce\xb7\xe2\x88\x87L \xe2\x89\x88 0");
    else
        snprintf(msg, sizeof msg, "update arrows \xe2\x88\x92\xce\xb7\xe2\x88\x87L %s",
                 sc->label[0] ? sc->label : "(true length)");
    plot_note(f, t, msg, f->pal->text_dim);
}

/* An update arrow of world length (dx, dy) × factor from world point (bx, by); nothing when it would
 * be shorter than a pixel. */
static void update_arrow(frame *f, const view_xform *t, const draw_rect *box, double bx, double by, double dx,
                         double dy, double factor, float width, float head, SDL_Color c)
{
    double ex = bx + factor * dx, ey = by + factor * dy;
    if (hypot(ex - bx, ey - by) * px_per_unit(t) < 1.0) return;
    w_arrow(f, t, box, bx, by, ex, ey, width, head, c);
}

/* One token's share, tip to tail after the previous one: a faint arrow, or a plain segment when it
 * is too short for a head to read (a row of heads would only blur the path to the batch tip). */
static void share_arrow(frame *f, const view_xform *t, const draw_rect *box, double bx, double by, double dx,
                        double dy, double factor, SDL_Color c)
{
    const float head = 6 * f->s1;
    double len = hypot(dx, dy) * factor * px_per_unit(t);
    if (len >= 2.5 * head) {
        update_arrow(f, t, box, bx, by, dx, dy, factor, 1.1f * f->s1, head, c);
        return;
    }
    float e[4];
    if (len >= 0.5 && seg_screen(t, box, bx, by, bx + factor * dx, by + factor * dy, e, NULL))
        draw_line(f->dl, e[0], e[1], e[2], e[3], 1.4f * f->s1, c);
}

static void draw_input(frame *f)
{
    const snap *s = f->s;
    const view_state *vs = f->vs;
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1, lw = f->lw;
    const view_layout *lay = f->lay;
    view_xform t = view_plane_xform(s, vs, lay, VIEW_PLANE_INPUT);
    float *pts = f->v->pts;
    char buf[64], sub[32];

    panel_frame(f, &lay->input);
    plane_axes(f, &t, 0);
    flush(f);
    plane_axes(f, &t, 1);
    title(f, &lay->input, "input x: decision lines w\xcc\x84\xe2\x82\x96\xc2\xb7x + b\xe2\x82\x96 = 0", "input x", 0);

    clip(f, &t.r);
    const draw_rect box = guard_box(&t, sc1);
    /* the semicircle the tokens come from, dashed */
    {
        int m = 181;
        for (int i = 0; i < m; i++) {
            double th = s->spec.theta_min + (s->spec.theta_max - s->spec.theta_min) * i / (m - 1);
            view_to_screen(&t, cos(th), sin(th), &pts[2 * i], &pts[2 * i + 1]);
        }
        draw_dashed(f->dl, pts, m, 1.6f * lw, 7 * sc1, 5 * sc1, pal->guide);
    }
    const int N = s->hidden, hov = f->hl;
    const nn_net *net = &f->net;
    /* the highlighted unit's positive side, lightly tinted */
    if (hov >= 0) {
        double poly[16];
        int m = half_plane_poly(&t, net->w1[2 * hov], net->w1[2 * hov + 1], net->b1[hov], poly);
        if (m >= 3) {
            world_polyline(&t, poly, m, pts);
            draw_convex(f->dl, pts, m, draw_alpha(draw_unit_colour(pal, hov), 0.10f));
        }
    }
    /* where the weights were before the update being shown: faint dashed lines and arrows */
    if (vs->before) {
        nn_net bn;
        snap_net(vs->before, &bn);
        for (int k = 0; k < N && k < vs->before->hidden; k++) {
            if (N > DENSE_UNITS && k != hov) continue;
            double w0 = bn.w1[2 * k], w1 = bn.w1[2 * k + 1], b = bn.b1[k], nw2 = w0 * w0 + w1 * w1, t0, t1;
            if (!(nw2 > 1e-18) || !isfinite(nw2 + b)) continue;
            SDL_Color c = draw_alpha(draw_unit_colour(pal, k), 0.45f);
            double px = -b * w0 / nw2, py = -b * w1 / nw2;
            if (clip_line(px, py, -w1, w0, t.wx0, t.wx1, t.wy0, t.wy1, &t0, &t1)) {
                float a[4];
                view_to_screen(&t, px - t0 * w1, py + t0 * w0, &a[0], &a[1]);
                view_to_screen(&t, px - t1 * w1, py + t1 * w0, &a[2], &a[3]);
                draw_dashed(f->dl, a, 2, 1.3f * lw, 5 * sc1, 4 * sc1, c);
            }
            w_arrow(f, &t, &box, 0, 0, w0, w1, 1.3f * lw, 8 * sc1, c);
        }
    }
    /* decision lines, then the weight vectors w̄(1)_k as arrows from the origin, the lecture's
     * picture: w̄ lives in the same plane as x, and an update −η δ x moves its tip along ∓x */
    float tip[2 * NN_MAX_HIDDEN], org[2];
    int has_arrow[NN_MAX_HIDDEN], clipped[NN_MAX_HIDDEN];
    view_to_screen(&t, 0, 0, &org[0], &org[1]);
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < N; k++) {
            double w0 = net->w1[2 * k], w1 = net->w1[2 * k + 1], b = net->b1[k], nw2 = w0 * w0 + w1 * w1;
            SDL_Color c = draw_unit_colour(pal, k);
            if (hov >= 0 && k != hov) c = draw_alpha(c, 0.35f);
            if (pass == 0) {
                has_arrow[k] = 0;
                if (!(nw2 > 1e-18) || !isfinite(nw2 + b)) continue;
                double px = -b * w0 / nw2, py = -b * w1 / nw2, dx = -w1, dy = w0, t0, t1;
                if (clip_line(px, py, dx, dy, t.wx0, t.wx1, t.wy0, t.wy1, &t0, &t1)) {
                    float a[4];
                    view_to_screen(&t, px + t0 * dx, py + t0 * dy, &a[0], &a[1]);
                    view_to_screen(&t, px + t1 * dx, py + t1 * dy, &a[2], &a[3]);
                    if (k == hov) draw_line(f->dl, a[0], a[1], a[2], a[3], 9 * sc1, pal->hover);
                    if (N > DENSE_UNITS && k != hov)
                        draw_hairline(f->dl, a[0], a[1], a[2], a[3], c);
                    else
                        draw_line(f->dl, a[0], a[1], a[2], a[3], (k == hov ? 3.2f : 2.0f) * lw, c);
                }
                /* an arrow longer than the view ends at its edge, its shaft dashed to say so */
                double u0, u1, inset = 6 * sc1 / px_per_unit(&t);
                clipped[k] = clip_line(0, 0, w0, w1, t.wx0 + inset, t.wx1 - inset, t.wy0 + inset, t.wy1 - inset, &u0,
                                       &u1) &&
                             u1 < 1 && u1 > 0;
                double u = clipped[k] ? u1 : 1;
                view_to_screen(&t, u * w0, u * w1, &tip[2 * k], &tip[2 * k + 1]);
                has_arrow[k] = 1;
            } else if (has_arrow[k]) {
                if (k == hov)
                    draw_arrow(f->dl, org[0], org[1], tip[2 * k], tip[2 * k + 1], 8 * sc1, 16 * sc1, pal->hover);
                if (N > DENSE_UNITS && k != hov) {
                    thin_arrow(f, org[0], org[1], tip[2 * k], tip[2 * k + 1], 8 * sc1, 1, c);
                } else if (clipped[k]) {
                    float head = 11 * sc1 * pal->line_gain, w = (k == hov ? 3.0f : 2.2f) * lw;
                    float dx = tip[2 * k] - org[0], dy = tip[2 * k + 1] - org[1], d = hypotf(dx, dy);
                    if (d <= head) continue;
                    float seg[4] = {org[0], org[1], tip[2 * k] - dx / d * head * 0.8f, tip[2 * k + 1] - dy / d * head * 0.8f};
                    draw_dashed(f->dl, seg, 2, w, 8 * sc1, 4 * sc1, c);
                    draw_arrow(f->dl, seg[2], seg[3], tip[2 * k], tip[2 * k + 1], w, head, c);
                } else {
                    draw_arrow(f->dl, org[0], org[1], tip[2 * k], tip[2 * k + 1], (k == hov ? 3.0f : 2.2f) * lw,
                               11 * sc1 * pal->line_gain, c);
                }
            }
        }
    }
    /* the pending update at the tip of each w̄(1)_k: each token's share tip to tail (faint), then
     * their sum, the batch arrow −η ∇_{w̄(1)_k} L */
    if (f->upd_in) {
        const double fac = f->scale_in.factor;
        for (int k = 0; k < N; k++) {
            if (N > DENSE_UNITS && k != hov) continue;
            /* at the tip, or where a w̄ longer than the view leaves it (its shaft is dashed then) */
            double base[2] = {f->anet.w1[2 * k], f->anet.w1[2 * k + 1]}, u0, u1, inset = 6 * sc1 / px_per_unit(&t);
            if (clip_line(0, 0, base[0], base[1], t.wx0 + inset, t.wx1 - inset, t.wy0 + inset, t.wy1 - inset, &u0, &u1) &&
                u1 > 0 && u1 < 1) {
                base[0] *= u1;
                base[1] *= u1;
            }
            SDL_Color c = draw_alpha(draw_unit_colour(pal, k), hov >= 0 && k != hov ? 0.25f : 0.55f);
            double bx = base[0], by = base[1];
            for (int i = 0; i < f->n_share && k < SHARE_UNITS; i++) {
                const double *d = &f->v->ar.share_in[(i * N + k) * DATA_D];
                share_arrow(f, &t, &box, bx, by, d[0], d[1], fac, c);
                bx += fac * d[0];
                by += fac * d[1];
            }
            const double *d = lect_dw1(&f->v->ar.upd, k);
            SDL_Color uc = update_colour(f, k);
            if (hov >= 0 && k != hov) uc = draw_alpha(uc, 0.4f);
            update_arrow(f, &t, &box, base[0], base[1], d[0], d[1], fac, (k == hov ? 3.0f : 2.4f) * lw,
                         11 * sc1 * pal->line_gain, uc);
        }
    }
    /* tokens, and the selected one's (or the probe's) vector x from the origin */
    const int n = s->n;
    float r = token_radius(n, sc1);
    float sx = 0, sy = 0, hx, hy, qx, qy;
    const double *xs = f->v->tok.x;
    w_arrow(f, &t, &box, 0, 0, xs[0], xs[1], 1.6f * lw, 10 * sc1, draw_alpha(pal->token, 0.75f));
    int ht = vs->hovered_token;
    if (ht >= 0 && ht < n && pt_screen(&t, &box, s->x[2 * ht], s->x[2 * ht + 1], &hx, &hy))
        draw_circle(f->dl, hx, hy, r + 7 * sc1, pal->hover);
    for (int i = 0; i < n; i++)
        if (pt_screen(&t, &box, s->x[2 * i], s->x[2 * i + 1], &qx, &qy)) marker(f, qx, qy, r, n, pal->token);
    int sel_shown = pt_screen(&t, &box, xs[0], xs[1], &sx, &sy);
    if (sel_shown && vs->probe) {
        /* the probe: a diamond, so that it is not taken for a token */
        float d = r + 4 * sc1;
        const float dia[8] = {sx, sy - d, sx + d, sy, sx, sy + d, sx - d, sy};
        draw_convex(f->dl, dia, 4, pal->select);
        const float in[8] = {sx, sy - d + 2.5f * sc1, sx + d - 2.5f * sc1, sy, sx, sy + d - 2.5f * sc1,
                             sx - d + 2.5f * sc1, sy};
        draw_convex(f->dl, in, 4, pal->panel);
    } else if (sel_shown) {
        draw_ring(f->dl, sx, sy, r + 5 * sc1, 2.2f * lw, pal->select);
    }
    flush(f);
    clip(f, NULL);

    plane_names(f, &t, "x\xe2\x82\x80", "x\xe2\x82\x81");
    /* labels: x by the selected token, w̄_k by its arrow tip when there are few units */
    {
        double ux = xs[0], uy = xs[1], un = hypot(ux, uy);
        if (un < 1e-9) ux = 1, uy = 0, un = 1;
        float off = (vs->probe ? 24.0f : 16.0f) * sc1;
        float lx = sx + (float)(ux / un) * off, ly = sy - (float)(uy / un) * off;
        if (sel_shown && in_rect(&t.r, lx, ly))
            text(f, TEXT_BOLD, FONT_LABEL, vs->probe ? "x(\xce\xb8)" : "x", lx, ly, TEXT_CENTER | TEXT_MIDDLE, pal->text);
    }
    if (N <= 12) {
        for (int k = 0; k < N; k++) {
            if (!has_arrow[k] || (hov >= 0 && k != hov)) continue;
            float dx = tip[2 * k] - org[0], dy = tip[2 * k + 1] - org[1], d = hypotf(dx, dy);
            if (d < 1) continue;
            float lx = tip[2 * k] + dx / d * 12 * sc1, ly = tip[2 * k + 1] + dy / d * 12 * sc1;
            /* past the update arrow's head, when that points outwards */
            if (f->upd_in && !clipped[k]) {
                const double *u = lect_dw1(&f->v->ar.upd, k);
                float ux, uy;
                view_to_screen(&t, f->anet.w1[2 * k] + f->scale_in.factor * u[0],
                               f->anet.w1[2 * k + 1] + f->scale_in.factor * u[1], &ux, &uy);
                if ((ux - tip[2 * k]) * dx + (uy - tip[2 * k + 1]) * dy > 0) {
                    lx = ux + dx / d * 12 * sc1;
                    ly = uy + dy / d * 12 * sc1;
                }
            }
            if (!in_rect(&t.r, lx, ly)) continue;
            subscript(k + 1, sub, sizeof sub);
            snprintf(buf, sizeof buf, "w\xcc\x84%s", sub);
            text(f, TEXT_BOLD, FONT_LABEL, buf, lx, ly, TEXT_CENTER | TEXT_MIDDLE, draw_unit_colour(pal, k));
        }
    }
    if (f->upd_in) scale_note(f, &t, &f->scale_in, f->none_in);
}

/* ---------------------------------------------------------------- bars */

/* The value σ takes at the unit's switching point, where the bar for h crosses from off to on. */
static double act_threshold(nn_act a)
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
    *hi = nice_step(m, 1) * ceil(m / nice_step(m, 1));
}

static void draw_bars(frame *f)
{
    const snap *s = f->s;
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1, lw = f->lw;
    const view_layout *lay = f->lay;
    const int N = s->hidden, hov = f->hl;
    const lect_token *tk = &f->v->tok;
    /* the layer-1 phase shows δ_k where h_k was: what layer 1's update is made of */
    const int show_delta = f->vs->phase == LECT_LAYER1;
    char buf[96], sub[32];
    bars_geom g;
    bars_geometry(lay, sc1, N, &g);

    panel_frame(f, &lay->bars);

    double emax = 1;
    for (int k = 0; k < N; k++)
        if (isfinite(tk->e[k])) emax = fmax(emax, fabs(tk->e[k]));
    emax = nice_step(emax, 1) * ceil(emax / nice_step(emax, 1));
    double lo[2] = {-emax, 0}, hi[2] = {emax, 1};
    double thr[2] = {0, act_threshold(s->act)};
    /* δ is small (ε carries 1/n): it is shown in units of 10^(3j), e.g. "δₖ (×10⁻³)" */
    double delta_unit = 1, delta_v[NN_MAX_HIDDEN];
    int delta_exp = 0;
    if (show_delta) {
        double dmax = 0;
        for (int k = 0; k < N; k++)
            if (isfinite(tk->delta[k])) dmax = fmax(dmax, fabs(tk->delta[k]));
        if (!(dmax > 1e-300)) dmax = 1e-3;
        delta_exp = 3 * (int)floor(log10(dmax) / 3);
        delta_unit = pow(10, delta_exp);
        dmax /= delta_unit;
        dmax = nice_step(dmax, 1) * ceil(dmax / nice_step(dmax, 1));
        for (int k = 0; k < N; k++) delta_v[k] = tk->delta[k] / delta_unit;
        lo[1] = -dmax;
        hi[1] = dmax;
        thr[1] = 0;
    } else {
        act_range(s->act, tk->h, N, &lo[1], &hi[1]);
    }
    const double *val[2] = {tk->e, show_delta ? delta_v : tk->h};
    char delta_name[128], delta_short[64], pw[48] = "";
    if (delta_exp) {
        char p10[32];
        fmt_pow10(p10, sizeof p10, delta_exp);
        snprintf(pw, sizeof pw, " (\xc3\x97%s)", p10);
    }
    snprintf(delta_name, sizeof delta_name, "\xce\xb4\xe2\x82\x96 = \xcf\x83\xe2\x80\xb2(e\xe2\x82\x96) w\xe2\x82\x96\xe1\xb5\x80\xce\xb5%s", pw);
    snprintf(delta_short, sizeof delta_short, "\xce\xb4\xe2\x82\x96%s", pw);
    const char *names[2] = {"excitation e\xe2\x82\x96 = w\xcc\x84\xe2\x82\x96\xc2\xb7x + b\xe2\x82\x96",
                            show_delta ? delta_name : "activation h\xe2\x82\x96 = \xcf\x83(e\xe2\x82\x96)"};
    const char *short_names[2] = {"e\xe2\x82\x96", show_delta ? delta_short : "h\xe2\x82\x96"};
    float colw = g.colw, barw = fmaxf(1.0f, colw * (N > 64 ? 0.9f : 0.7f));
    for (int c = 0; c < 2; c++) {
        draw_rect ch = g.chart[c];
        if (ch.h < 4 || ch.w < 4) continue;
        float y_of_0 = ch.y + (float)((hi[c] - 0) / (hi[c] - lo[c])) * ch.h;
        if (hov >= 0 && (c == 0 || !g.stacked)) { /* stacked charts share one column highlight */
            draw_rect lab = g.label[c];
            float x = g.col0[c] + colw * (float)hov;
            draw_fill_rect(f->dl, x, ch.y, colw, lab.y + lab.h - ch.y, draw_alpha(pal->hover, 0.6f));
        }
        /* value axis: the range ends, zero, and the threshold */
        draw_fill_rect(f->dl, ch.x, ch.y, ch.w, 1, pal->grid);
        draw_fill_rect(f->dl, ch.x, ch.y + ch.h - 1, ch.w, 1, pal->grid);
        draw_fill_rect(f->dl, ch.x, floorf(y_of_0), ch.w, fmaxf(1, floorf(sc1 + 0.25f)), pal->axis);
        for (int k = 0; k < N; k++) {
            double v = val[c][k];
            if (!isfinite(v)) continue;
            v = fmin(hi[c], fmax(lo[c], v));
            float y = ch.y + (float)((hi[c] - v) / (hi[c] - lo[c])) * ch.h;
            float x = g.col0[c] + colw * (float)k + 0.5f * (colw - barw);
            SDL_Color col = draw_unit_colour(pal, k);
            if (hov >= 0 && k != hov) col = draw_alpha(col, 0.45f);
            draw_fill_rect(f->dl, x, fminf(y, y_of_0), barw, fmaxf(fabsf(y - y_of_0), 1), col);
        }
        float yt = ch.y + (float)((hi[c] - thr[c]) / (hi[c] - lo[c])) * ch.h;
        float dash[4] = {ch.x, yt, ch.x + ch.w, yt};
        draw_dashed(f->dl, dash, 2, 1.5f * lw, 6 * sc1, 4 * sc1, pal->marker);
    }
    flush(f);
    char thb[48];
    char shorter[64];
    if (f->vs->probe) {
        fmt_num(thb, sizeof thb, "%.3f", f->vs->probe_theta);
        snprintf(buf, sizeof buf, "hidden layer for the probe x(\xce\xb8), \xce\xb8 = %s", thb);
        snprintf(shorter, sizeof shorter, "probe \xce\xb8 = %s", thb);
    } else {
        fmt_num(thb, sizeof thb, "%.3f", s->theta[f->sel]);
        snprintf(buf, sizeof buf, "hidden layer for token %d of %d (\xce\xb8 = %s)", f->sel + 1, s->n, thb);
        snprintf(shorter, sizeof shorter, "token %d", f->sel + 1);
    }
    title(f, &lay->bars, buf, shorter, 0);
    for (int c = 0; c < 2; c++) {
        draw_rect ch = g.chart[c];
        if (ch.h < 4 || ch.w < 4) continue;
        const char *name = (float)text_w(f, TEXT_SANS, FONT_LABEL, names[c]) <= ch.w ? names[c] : short_names[c];
        char fitted[128];
        fit_text(f, TEXT_SANS, FONT_LABEL, name, ch.w, fitted, sizeof fitted);
        text(f, TEXT_SANS, FONT_LABEL, fitted, ch.x, ch.y - 2 * sc1, TEXT_LEFT | TEXT_BOTTOM, pal->text);
        char a[48], b[48];
        fmt_num(a, sizeof a, "%.3g", hi[c]);
        fmt_num(b, sizeof b, "%.3g", lo[c]);
        text(f, TEXT_SANS, FONT_TICK, a, ch.x - 5 * sc1, ch.y, TEXT_RIGHT | TEXT_MIDDLE, pal->text_dim);
        text(f, TEXT_SANS, FONT_TICK, b, ch.x - 5 * sc1, ch.y + ch.h, TEXT_RIGHT | TEXT_MIDDLE, pal->text_dim);
        float yt = ch.y + (float)((hi[c] - thr[c]) / (hi[c] - lo[c])) * ch.h;
        if (thr[c] != lo[c] && thr[c] != hi[c]) {
            fmt_num(a, sizeof a, "%.3g", thr[c]);
            text(f, TEXT_SANS, FONT_TICK, a, ch.x - 5 * sc1, yt, TEXT_RIGHT | TEXT_MIDDLE, pal->marker);
        }
        /* values on the bars when there is room */
        if (colw >= 38 * sc1) {
            for (int k = 0; k < N; k++) {
                double v = val[c][k];
                if (!isfinite(v)) continue;
                double vc = fmin(hi[c], fmax(lo[c], v));
                float y = ch.y + (float)((hi[c] - vc) / (hi[c] - lo[c])) * ch.h;
                float y0 = ch.y + (float)(hi[c] / (hi[c] - lo[c])) * ch.h;
                fmt_num(a, sizeof a, "%.2f", v);
                float x = g.col0[c] + colw * ((float)k + 0.5f);
                int above = v >= 0;
                float ty = above ? y - 2 * sc1 : y + 2 * sc1;
                if (above && ty - 14 * sc1 < ch.y) ty = fminf(y0, y) + 14 * sc1 + 2 * sc1;
                if (!above && ty + 14 * sc1 > ch.y + ch.h) ty = fmaxf(y0, y) - 14 * sc1 - 2 * sc1;
                text(f, TEXT_SANS, FONT_SMALL, a, x, ty, TEXT_CENTER | (above ? TEXT_BOTTOM : TEXT_TOP), pal->text);
            }
        }
        /* unit labels h1..hN, thinned to every k-th when columns are narrow */
        if (c == 1 || !g.stacked) {
            draw_rect lab = g.label[c];
            int wmax = text_w(f, TEXT_SANS, FONT_SMALL, N >= 100 ? "h000" : N >= 10 ? "h00" : "h0");
            int every = 1;
            while ((float)every * colw < (float)wmax + 4 * sc1 && every < N) every = every < 2 ? 2 : every < 5 ? 5 : every * 2;
            for (int k = 0; k < N; k++) {
                if (k % every != 0 && k != hov) continue;
                if (hov >= 0 && k != hov && abs(k - hov) * colw < (float)wmax + 4 * sc1) continue;
                subscript(k + 1, sub, sizeof sub);
                snprintf(buf, sizeof buf, "h%s", sub);
                SDL_Color col = draw_unit_colour(pal, k);
                text(f, k == hov ? TEXT_BOLD : TEXT_SANS, FONT_SMALL + 1, buf, g.col0[c] + colw * ((float)k + 0.5f),
                     lab.y + 1 * sc1, TEXT_CENTER | TEXT_TOP, k == hov ? pal->text : col);
            }
        }
    }
}

/* ---------------------------------------------------------------- output plane */

static void draw_output(frame *f)
{
    const snap *s = f->s;
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1, lw = f->lw;
    const view_layout *lay = f->lay;
    view_xform t = view_plane_xform(s, f->vs, lay, VIEW_PLANE_OUTPUT);
    float *pts = f->v->pts;
    const int n = s->n, N = s->hidden, sel = f->sel;
    const int hov = f->hl;
    const view_state *vs = f->vs;
    const lect_token *tk = &f->v->tok;

    panel_frame(f, &lay->output);
    plane_axes(f, &t, 0);
    flush(f);
    plane_axes(f, &t, 1);
    char rec[48];
    const float reserve = rec_pill(f, rec, sizeof rec);
    title(f, &lay->output, "output y: targets y, predictions \xc5\xb7, errors \xce\xb5 = \xc5\xb7 \xe2\x88\x92 y",
          "output y", reserve > 0 ? reserve + 12 * sc1 : 0);

    clip(f, &t.r);
    /* the parabola y1 = y0², dashed over the visible y0 range */
    {
        int m = 241;
        for (int i = 0; i < m; i++) {
            double y0 = t.wx0 + (t.wx1 - t.wx0) * i / (m - 1);
            view_to_screen(&t, y0, y0 * y0, &pts[2 * i], &pts[2 * i + 1]);
        }
        /* cut where it leaves the plot far above: the software renderer pays for off-screen area */
        int a = 0, b = m;
        float top = t.r.y - 50 * sc1;
        while (a < m - 1 && pts[2 * a + 3] < top) a++;
        while (b > a + 1 && pts[2 * b - 3] < top) b--;
        draw_dashed(f->dl, pts + 2 * a, b - a, 1.6f * lw, 7 * sc1, 5 * sc1, pal->guide);
    }
    const draw_rect box = guard_box(&t, sc1);
    /* the network's curve ŷ(θ) over the whole token arc */
    w_polyline(f, &t, &box, f->v->sweep_y, SWEEP, 2.0f * lw, draw_alpha(pal->pred, 0.8f));

    /* where the chain was before the update being shown, faint */
    if (vs->before) {
        const double *c = f->v->chain_before;
        SDL_Color g = draw_alpha(pal->text_dim, 0.45f);
        for (int k = 0; k <= N && k <= vs->before->hidden; k++) {
            double ax = k ? c[2 * (k - 1)] : 0, ay = k ? c[2 * (k - 1) + 1] : 0;
            if (N <= DENSE_UNITS || k == 0 || k - 1 == hov)
                w_arrow(f, &t, &box, ax, ay, c[2 * k], c[2 * k + 1], 1.3f * lw, 8 * sc1, g);
        }
    }
    /* the chain b(2) + w(2)_1 h_1 + ... for the selected token (or the probe), tip to tail from the origin */
    const double *ch = f->v->chain;
    {
        float cw = 2.4f * lw, head = 11 * sc1 * pal->line_gain;
        w_arrow(f, &t, &box, 0, 0, ch[0], ch[1], cw, head, draw_alpha(pal->token, 0.8f));
        for (int k = 0; k < N; k++) {
            double cx = ch[2 * k], cy = ch[2 * k + 1], nx = ch[2 * k + 2], ny = ch[2 * k + 3];
            SDL_Color c = draw_unit_colour(pal, k);
            if (hov >= 0 && k != hov) c = draw_alpha(c, 0.4f);
            if (k == hov) w_arrow(f, &t, &box, cx, cy, nx, ny, 9 * sc1, 17 * sc1, pal->hover);
            if (N > DENSE_UNITS && k != hov)
                w_thin_arrow(f, &t, &box, cx, cy, nx, ny, 7 * sc1, hypot(nx - cx, ny - cy) * px_per_unit(&t) > 10 * sc1,
                             c);
            else
                w_arrow(f, &t, &box, cx, cy, nx, ny, k == hov ? 3.2f * lw : cw, head, c);
        }
    }
    /* the pending update at each link of the chain: −η ∇_{b(2)} L at b(2), −η ∇_{w(2)_k} L at link k;
     * each token's share tip to tail (faint), then their sum */
    if (f->upd_out) {
        const double fac = f->scale_out.factor, *ac = f->achain;
        for (int k = -1; k < N; k++) {
            if (N > DENSE_UNITS && k >= 0 && k != hov) continue;
            const double *base = &ac[2 * (k + 1)];
            const int slot = k < 0 ? N : k; /* b(2)'s shares sit after the units' */
            SDL_Color c = k < 0 ? draw_alpha(pal->token, 0.5f) : draw_alpha(draw_unit_colour(pal, k), 0.55f);
            if (hov >= 0 && k != hov) c = draw_alpha(c, 0.45f);
            double bx = base[0], by = base[1];
            for (int i = 0; i < f->n_share && N <= SHARE_UNITS; i++) {
                const double *d = &f->v->ar.share_out[(i * (N + 1) + slot) * DATA_K];
                share_arrow(f, &t, &box, bx, by, d[0], d[1], fac, c);
                bx += fac * d[0];
                by += fac * d[1];
            }
            const double *d = k < 0 ? lect_db2(&f->v->ar.upd) : lect_dw2(&f->v->ar.upd, k);
            SDL_Color uc = update_colour(f, k);
            if (hov >= 0 && k != hov) uc = draw_alpha(uc, 0.4f);
            update_arrow(f, &t, &box, base[0], base[1], d[0], d[1], fac, (k == hov ? 3.0f : 2.4f) * lw,
                         11 * sc1 * pal->line_gain, uc);
        }
    }
    /* the probe: its ŷ(θ) ends the chain; its point (θ, θ²) of the parabola, dashed to it */
    if (vs->probe) {
        double th = vs->probe_theta;
        float e[4];
        if (seg_screen(&t, &box, th, th * th, tk->yhat[0], tk->yhat[1], e, NULL))
            draw_dashed(f->dl, e, 2, 1.3f * lw, 4 * sc1, 3 * sc1, pal->text_dim);
    }
    /* errors ε_i = ŷ_i − y_i, red, from the target to the prediction (from the error phase on) */
    if (f->shows & LECT_SHOW_ERROR) {
        float w = 2.0f * lw, head = 10 * sc1 * pal->line_gain;
        /* in the layer phases the update arrows are the news: the errors step back */
        const SDL_Color red = vs->phase >= LECT_LAYER2 ? draw_mix(pal->error, pal->panel, 0.55f) : pal->error;
        int dense = n > DENSE_TOKENS, every = dense ? (n + MAX_HEADS - 1) / MAX_HEADS : 1;
        for (int i = 0; i < n; i++) {
            const double *y = &s->y[2 * i], *yh = &s->yhat[2 * i];
            if (!dense || i == sel)
                w_arrow(f, &t, &box, y[0], y[1], yh[0], yh[1], i == sel && !vs->probe ? w * 1.3f : w, head, red);
            else /* opaque but lighter: blending a thousand lines costs more than drawing them */
                w_thin_arrow(f, &t, &box, y[0], y[1], yh[0], yh[1], head * 0.8f, i % every == 0,
                             draw_mix(red, pal->panel, 0.3f));
        }
    }
    /* markers: targets filled, predictions hollow (shape tells them apart, not only colour) */
    float r = token_radius(n, sc1), qx, qy;
    int ht = f->vs->hovered_token;
    if (ht >= 0 && ht < n) {
        if (pt_screen(&t, &box, s->y[2 * ht], s->y[2 * ht + 1], &qx, &qy))
            draw_circle(f->dl, qx, qy, r + 7 * sc1, pal->hover);
        if (pt_screen(&t, &box, s->yhat[2 * ht], s->yhat[2 * ht + 1], &qx, &qy))
            draw_circle(f->dl, qx, qy, r + 7 * sc1, pal->hover);
    }
    for (int i = 0; i < n; i++)
        if (pt_screen(&t, &box, s->y[2 * i], s->y[2 * i + 1], &qx, &qy)) marker(f, qx, qy, r, n, pal->target);
    for (int i = 0; i < n; i++) {
        if (!pt_screen(&t, &box, s->yhat[2 * i], s->yhat[2 * i + 1], &qx, &qy)) continue;
        if (n > DENSE_MARKERS)
            marker(f, qx, qy, r, n, pal->pred);
        else
            draw_circle(f->dl, qx, qy, r, pal->panel);
    }
    for (int i = 0; i < n && n <= DENSE_MARKERS; i++)
        if (pt_screen(&t, &box, s->yhat[2 * i], s->yhat[2 * i + 1], &qx, &qy))
            draw_ring(f->dl, qx, qy, r, fmaxf(1.2f, 0.4f * r), pal->pred);
    float tx = 0, ty = 0, px = 0, py = 0;
    /* the selected token's target and prediction; the probe's point of the parabola and ŷ(θ) */
    double ty_w[2] = {s->y[2 * sel], s->y[2 * sel + 1]}, py_w[2] = {tk->yhat[0], tk->yhat[1]};
    if (vs->probe) {
        ty_w[0] = vs->probe_theta;
        ty_w[1] = vs->probe_theta * vs->probe_theta;
    }
    int t_shown = pt_screen(&t, &box, ty_w[0], ty_w[1], &tx, &ty);
    int p_shown = pt_screen(&t, &box, py_w[0], py_w[1], &px, &py);
    if (vs->probe) {
        if (t_shown) draw_ring(f->dl, tx, ty, r + 2 * sc1, 1.6f * lw, pal->text_dim);
        if (p_shown) {
            draw_circle(f->dl, px, py, r + 2 * sc1, pal->panel);
            draw_ring(f->dl, px, py, r + 2 * sc1, 2.6f * lw, pal->select);
        }
    } else {
        if (t_shown) draw_ring(f->dl, tx, ty, r + 5 * sc1, 2.2f * lw, pal->select);
        if (p_shown) draw_ring(f->dl, px, py, r + 5 * sc1, 2.2f * lw, pal->pred);
    }
    flush(f);
    clip(f, NULL);

    plane_names(f, &t, "y\xe2\x82\x80", "y\xe2\x82\x81");
    /* labels for the selected token: y below-right of the target, ŷ away from it, ε mid-arrow */
    float dx = px - tx, dy = py - ty, d = hypotf(dx, dy);
    float ux = d > 1 ? dx / d : 0.7071f, uy = d > 1 ? dy / d : -0.7071f;
    float off = 16 * sc1;
    if (t_shown && in_rect(&t.r, tx - ux * off, ty - uy * off) && !vs->probe)
        text(f, TEXT_BOLD, FONT_LABEL, "y", tx - ux * off, ty - uy * off, TEXT_CENTER | TEXT_MIDDLE, pal->text);
    if (p_shown && in_rect(&t.r, px + ux * off, py + uy * off))
        text(f, TEXT_BOLD, FONT_LABEL, vs->probe ? "\xc5\xb7(\xce\xb8)" : "\xc5\xb7", px + ux * off, py + uy * off,
             TEXT_CENTER | TEXT_MIDDLE, pal->pred);
    if (t_shown && p_shown && d > 40 * sc1 && !vs->probe && (f->shows & LECT_SHOW_ERROR)) {
        float mx = 0.5f * (tx + px) - uy * 12 * sc1, my = 0.5f * (ty + py) + ux * 12 * sc1;
        if (in_rect(&t.r, mx, my))
            text(f, TEXT_BOLD, FONT_LABEL, "\xce\xb5", mx, my, TEXT_CENTER | TEXT_MIDDLE, pal->error);
    }
    if (f->upd_out) scale_note(f, &t, &f->scale_out, f->none_out);
}

/* ---------------------------------------------------------------- loss plot */

static double clamp_loss(double v) { return isfinite(v) && v > 1e-300 ? v : 1e-300; }

static void draw_loss(frame *f)
{
    const snap *s = f->s;
    const snap_history *h = &s->hist;
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1, lw = f->lw;
    const draw_rect *p = &f->lay->loss;
    char buf[96], num[48];

    panel_frame(f, p);
    flush(f);
    fmt_num(num, sizeof num, "%.6g", s->loss);
    snprintf(buf, sizeof buf, "L = %s", num);
    float lw_text = (float)text_w(f, TEXT_BOLD, FONT_TITLE, buf);
    title(f, p, "loss L over steps (log scale)", "loss L", lw_text + 12 * sc1);
    text(f, TEXT_BOLD, FONT_TITLE, buf, p->x + p->w - PANEL_PAD * sc1, p->y + 5 * sc1, TEXT_RIGHT | TEXT_TOP,
         pal->loss);

    draw_rect r = {floorf(p->x + (PANEL_PAD + AXIS_LEFT + 10) * sc1), floorf(p->y + TITLE_H * sc1 + 4 * sc1), 0, 0};
    r.w = floorf(p->x + p->w - PANEL_PAD * sc1 - 4 * sc1 - r.x);
    r.h = floorf(p->y + p->h - (AXIS_BOTTOM + PANEL_PAD) * sc1 - r.y);
    if (r.w < 8 || r.h < 8) {
        flush(f);
        return;
    }
    if (h->len <= 0) {
        flush(f);
        text(f, TEXT_SANS, FONT_LABEL, "no steps yet", r.x + r.w / 2, r.y + r.h / 2, TEXT_CENTER | TEXT_MIDDLE,
             pal->text_dim);
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
    double xs = fmax(1, nice_step(xmax - xmin, fmax(2, floor(r.w / (90 * sc1)))));
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
    clip(f, &r);
    if (m >= 2) {
        draw_band(f->dl, top, bot, m, draw_alpha(pal->loss, 0.25f));
        draw_polyline(f->dl, mid, m, 2.0f * lw, pal->loss);
    } else if (m == 1) {
        draw_circle(f->dl, mid[0], mid[1], 3 * sc1, pal->loss);
    }
    /* setting changes: a dashed vertical line each */
    for (int k = 0; k < h->n_marks; k++) {
        if ((double)h->mark_step[k] < xmin || (double)h->mark_step[k] > xmax) continue;
        float x = LX((double)h->mark_step[k]);
        float seg[4] = {x, r.y + r.h, x, r.y};
        draw_dashed(f->dl, seg, 2, 1.3f * lw, 4 * sc1, 3 * sc1, pal->marker);
    }
    flush(f);
    clip(f, NULL);

    for (double e = d0; e <= d1 + 1e-9; e += dstep) {
        fmt_pow10(buf, sizeof buf, (int)e);
        text(f, TEXT_SANS, FONT_TICK, buf, r.x - 6 * sc1, LY(e), TEXT_RIGHT | TEXT_MIDDLE, pal->text_dim);
    }
    for (double x = xt0; x <= xmax + 1e-9; x += xs) {
        fmt_steps(buf, sizeof buf, x);
        float half = 0.5f * (float)text_w(f, TEXT_SANS, FONT_TICK, buf), lx = LX(x);
        lx = fminf(lx, p->x + p->w - PANEL_PAD * sc1 - half); /* the last label stays in the panel */
        text(f, TEXT_SANS, FONT_TICK, buf, lx, r.y + r.h + 3 * sc1, TEXT_CENTER | TEXT_TOP, pal->text_dim);
    }
    /* marker labels in two staggered rows, skipped where they would overlap */
    float row_end[2] = {-1e9f, -1e9f};
    for (int k = 0; k < h->n_marks; k++) {
        if ((double)h->mark_step[k] < xmin || (double)h->mark_step[k] > xmax) continue;
        float x = LX((double)h->mark_step[k]);
        const char *lab = h->mark_label[k];
        int w = text_w(f, TEXT_SANS, FONT_SMALL, lab);
        float lx = fminf(x + 3 * sc1, r.x + r.w - (float)w);
        for (int row = 0; row < 2; row++) {
            if (lx > row_end[row] + 4 * sc1) {
                text(f, TEXT_SANS, FONT_SMALL, lab, lx, r.y + 1 * sc1 + (float)row * 14 * sc1, TEXT_LEFT | TEXT_TOP,
                     pal->marker);
                row_end[row] = lx + (float)w;
                break;
            }
        }
    }
#undef LX
#undef LY
}

/* ---------------------------------------------------------------- status, banner, help */

static void fmt_rate(char *out, size_t len, double v)
{
    if (v >= 1e6) snprintf(out, len, "%.3gM", v / 1e6);
    else if (v >= 1e4) snprintf(out, len, "%.3gk", v / 1e3);
    else snprintf(out, len, "%.3g", v);
}

static void draw_status(frame *f)
{
    const snap *s = f->s;
    const view_state *vs = f->vs;
    const draw_palette *pal = f->pal;
    const draw_rect *p = &f->lay->status;
    const float sc1 = f->s1;
    char a[48], b[48], c[48];

    draw_round_rect(f->dl, p->x, p->y, p->w, p->h, PANEL_RADIUS * sc1, pal->panel);
    const char *state = s->status == TRAIN_RUNNING ? "running" : s->status == TRAIN_DIVERGED ? "diverged" : "paused";
    SDL_Color sc = s->status == TRAIN_RUNNING    ? pal->unit[2]
                   : s->status == TRAIN_DIVERGED ? pal->error
                                                 : pal->text_dim;
    int sw = text_w(f, TEXT_BOLD, FONT_STATUS, state);
    float pill_h = fminf(p->h - 6 * sc1, 22 * sc1), pill_w = (float)sw + 20 * sc1;
    float cy = p->y + p->h / 2;
    draw_round_rect(f->dl, p->x + 4 * sc1, cy - pill_h / 2, pill_w, pill_h, pill_h / 2, sc);
    flush(f);
    text(f, TEXT_BOLD, FONT_STATUS, state, p->x + 4 * sc1 + pill_w / 2, cy, TEXT_CENTER | TEXT_MIDDLE,
         pal->banner_text);

    fmt_num(a, sizeof a, "%.6g", s->loss);
    fmt_rate(b, sizeof b, s->steps_per_sec);
    char left[256], frames[96] = "", right[160];
    if (vs->fps > 0) snprintf(frames, sizeof frames, "%.0f fps", vs->fps);
    fmt_num(c, sizeof c, "%.4g", s->lr);
    snprintf(right, sizeof right, "\xce\xb7 = %s   %s   %s   N = %d   n = %d", c, nn_act_name(s->act),
             nn_opt_name(s->opt), s->hidden, s->n);
    /* the long form when it fits; then without the frame times; then without the right part */
    float x0 = p->x + pill_w + 14 * sc1, x1 = p->x + p->w - 10 * sc1, gap = 24 * sc1;
    int wr = text_w(f, TEXT_SANS, FONT_STATUS, right);
    for (int form = 0; form < 3; form++) {
        if (form == 0 && vs->fps > 0)
            snprintf(left, sizeof left, "step %lld    L = %s    %s steps/s    %s (frame p50 %.1f ms, p99 %.1f ms)",
                     (long long)s->step, a, b, frames, vs->frame_p50_ms, vs->frame_p99_ms);
        else
            snprintf(left, sizeof left, "step %lld    L = %s    %s steps/s    %s", (long long)s->step, a, b, frames);
        float wl = (float)text_w(f, TEXT_SANS, FONT_STATUS, left);
        if (x0 + wl + gap + (float)wr <= x1 || form == 2) {
            if (form == 2 && x0 + wl + gap + (float)wr > x1) right[0] = 0;
            break;
        }
    }
    text(f, TEXT_SANS, FONT_STATUS, left, x0, cy, TEXT_LEFT | TEXT_MIDDLE, pal->text);
    if (right[0]) text(f, TEXT_SANS, FONT_STATUS, right, x1, cy, TEXT_RIGHT | TEXT_MIDDLE, pal->text_dim);
}

/* A banner box centred at the top of `area`; returns its bottom edge. */
static float banner(frame *f, const draw_rect *area, float y, const char *msg, int is_error)
{
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1;
    int w, h;
    if (text_measure(f->tc, TEXT_BOLD, FONT_BANNER, msg, &w, &h) < 0) {
        f->rc = -1;
        return y;
    }
    float bw = fminf((float)w + 32 * sc1, area->w - 16 * sc1), bh = (float)h + 16 * sc1;
    float x = area->x + (area->w - bw) / 2;
    draw_round_rect(f->dl, x + 2 * sc1, y + 3 * sc1, bw, bh, 8 * sc1, draw_alpha(pal->overlay, 0.35f));
    draw_round_rect(f->dl, x, y, bw, bh, 8 * sc1, is_error ? pal->error_bg : pal->info_bg);
    flush(f);
    SDL_Rect c = {(int)x, (int)y, (int)bw, (int)bh};
    SDL_RenderSetClipRect(f->v->r, &c);
    text(f, TEXT_BOLD, FONT_BANNER, msg, x + bw / 2, y + bh / 2, TEXT_CENTER | TEXT_MIDDLE, pal->banner_text);
    SDL_RenderSetClipRect(f->v->r, NULL);
    return y + bh + 8 * sc1;
}

static void draw_banners(frame *f)
{
    const view_layout *lay = f->lay;
    /* over the planes: the union of the panels that are shown */
    draw_rect area = {0, 0, 0, 0};
    const draw_rect *panels[4] = {&lay->input, &lay->output, &lay->bars, &lay->loss};
    int any = 0;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (int i = 0; i < 4; i++) {
        const draw_rect *p = panels[i];
        if (!rect_ok(p)) continue;
        if (!any) {
            x0 = p->x, y0 = p->y, x1 = p->x + p->w, y1 = p->y + p->h;
            any = 1;
        } else {
            x0 = fminf(x0, p->x), y0 = fminf(y0, p->y), x1 = fmaxf(x1, p->x + p->w), y1 = fmaxf(y1, p->y + p->h);
        }
    }
    if (!any) {
        int w, h;
        SDL_GetRendererOutputSize(f->v->r, &w, &h);
        x1 = (float)w;
        y1 = (float)h;
    }
    area = (draw_rect){x0, y0, x1 - x0, y1 - y0};
    float y = y0 + 30 * f->s1;
    if (f->s->status == TRAIN_DIVERGED) {
        char msg[256], eta[48];
        fmt_num(eta, sizeof eta, "%.4g", f->s->lr);
        snprintf(msg, sizeof msg, "Diverged at step %lld with \xce\xb7 = %s: lower \xce\xb7 (press [ ) and press Space",
                 (long long)f->s->step, eta);
        y = banner(f, &area, y, msg, 1);
    }
    if (f->vs->banner[0] && f->vs->banner_kind != VIEW_BANNER_NONE)
        banner(f, &area, y, f->vs->banner, f->vs->banner_kind == VIEW_BANNER_ERROR);
}

static void draw_help(frame *f)
{
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1;
    int W, H;
    SDL_GetRendererOutputSize(f->v->r, &W, &H);
    /* one column when it fits the window, else two side by side, else smaller text */
    float size = FONT_LABEL;
    int rows = 0, kw = 0, aw = 0, lh = 0, cols = 1;
    for (;; size -= 0.5f) {
        rows = kw = aw = 0;
        for (const ui_key_help *k = ui_keymap_help; k->keys; k++, rows++) {
            kw = SDL_max(kw, text_w(f, TEXT_BOLD, size, k->keys));
            aw = SDL_max(aw, text_w(f, TEXT_SANS, size, k->what));
        }
        lh = text_line_height(f->tc, TEXT_SANS, size) + (int)(3 * sc1);
        const float colw = (float)(kw + aw) + 54 * sc1;
        for (cols = 1; cols <= 2; cols++) {
            const int per = (rows + cols - 1) / cols;
            if ((float)(per * lh) + 90 * sc1 <= (float)H && (float)cols * colw + 30 * sc1 <= (float)W) break;
        }
        if (cols <= 2 || size <= 8.0f) break;
    }
    if (cols > 2) cols = 2;
    int per_col = (rows + cols - 1) / cols;
    float colw = (float)(kw + aw) + 24 * sc1 + 30 * sc1;
    float bw = (float)cols * colw + 30 * sc1, bh = (float)(per_col * lh) + 90 * sc1;
    float x = fmaxf(0, ((float)W - bw) / 2), y = fmaxf(0, ((float)H - bh) / 2);
    draw_fill_rect(f->dl, 0, 0, (float)W, (float)H, pal->overlay);
    draw_round_rect(f->dl, x, y, bw, bh, 10 * sc1, pal->panel);
    flush(f);
    text(f, TEXT_BOLD, FONT_BANNER + 2, "Keys and mouse", x + 30 * sc1, y + 18 * sc1, TEXT_LEFT | TEXT_TOP, pal->text);
    int i = 0;
    for (const ui_key_help *k = ui_keymap_help; k->keys; k++, i++) {
        float cx = x + 30 * sc1 + (float)(i / per_col) * colw, ty = y + 56 * sc1 + (float)((i % per_col) * lh);
        text(f, TEXT_BOLD, size, k->keys, cx, ty, TEXT_LEFT | TEXT_TOP, pal->loss);
        text(f, TEXT_SANS, size, k->what, cx + (float)kw + 24 * sc1, ty, TEXT_LEFT | TEXT_TOP, pal->text);
    }
    text(f, TEXT_SANS, FONT_SMALL + 1, "press H to close", x + bw - 20 * sc1, y + bh - 12 * sc1,
         TEXT_RIGHT | TEXT_BOTTOM, pal->text_dim);
}

/* The recording marker: a red pill at the top right of the output plane (or of the window). */
static void draw_rec(frame *f)
{
    const float s1 = f->s1;
    char msg[48];
    float pw = rec_pill(f, msg, sizeof msg), ph = (float)text_line_height(f->tc, TEXT_BOLD, FONT_STATUS) + 4 * s1, x, y;
    const draw_rect *o = rect_ok(&f->lay->output) ? &f->lay->output : NULL;
    if (o) {
        x = o->x + o->w - pw - 6 * s1;
        y = o->y + 3 * s1;
    } else {
        int W, H;
        SDL_GetRendererOutputSize(f->v->r, &W, &H);
        x = (float)W - pw - 8 * s1;
        y = 8 * s1;
    }
    draw_round_rect(f->dl, x, y, pw, ph, ph / 2, f->pal->error);
    flush(f);
    text(f, TEXT_BOLD, FONT_STATUS, msg, x + pw / 2, y + ph / 2, TEXT_CENTER | TEXT_MIDDLE, f->pal->banner_text);
}

/* ---------------------------------------------------------------- equation */

static SDL_Color phase_colour(const frame *f)
{
    const draw_palette *pal = f->pal;
    switch (f->vs->phase) {
    case LECT_FORWARD: return pal->pred;
    case LECT_ERROR: return pal->error;
    case LECT_LAYER2: return pal->unit[2];
    case LECT_LAYER1: return pal->unit[6];
    case LECT_UPDATE: return pal->unit[4];
    default: return f->s->status == TRAIN_RUNNING ? pal->unit[2] : pal->text_dim;
    }
}

/* Lines for the probe: where x(θ) is, which units are on, and what the chain adds up to. */
static int probe_text(frame *f, char *buf, size_t len)
{
    const snap *s = f->s;
    const lect_token *t = &f->v->tok;
    char th[32], a[32], b[32], c[32], d[32];
    lect_fmt_num(th, sizeof th, f->vs->probe_theta);
    lect_fmt_num(a, sizeof a, t->x[0]);
    lect_fmt_num(b, sizeof b, t->x[1]);
    int o = snprintf(buf, len, "x(\xce\xb8) = (cos \xce\xb8, sin \xce\xb8) = (%s, %s) at \xce\xb8 = %s;   units on (h\xe2\x82\x96 > %g):",
                     a, b, th, act_threshold(s->act));
    int on = 0;
    for (int k = 0; k < s->hidden && o > 0 && (size_t)o < len; k++)
        if (t->h[k] > act_threshold(s->act)) {
            if (++on > 24) {
                o += snprintf(buf + o, len - (size_t)o, " \xe2\x80\xa6");
                break;
            }
            o += snprintf(buf + o, len - (size_t)o, " %d", k + 1);
        }
    if (o > 0 && (size_t)o < len && !on) o += snprintf(buf + o, len - (size_t)o, " none");
    lect_fmt_num(a, sizeof a, t->yhat[0]);
    lect_fmt_num(b, sizeof b, t->yhat[1]);
    double py = f->vs->probe_theta * f->vs->probe_theta;
    lect_fmt_num(c, sizeof c, py);
    lect_fmt_num(d, sizeof d, hypot(t->yhat[0] - f->vs->probe_theta, t->yhat[1] - py));
    if (o > 0 && (size_t)o < len)
        o += snprintf(buf + o, len - (size_t)o,
                      "\n\xc5\xb7(\xce\xb8) = b\xe2\x81\xbd\xc2\xb2\xe2\x81\xbe + \xce\xa3\xe2\x82\x96 w\xe2\x81\xbd\xc2\xb2\xe2\x81\xbe\xe2\x82\x96 h\xe2\x82\x96 = (%s, %s);"
                      "   parabola (\xce\xb8, \xce\xb8\xc2\xb2) = (%s, %s), %s away",
                      a, b, th, c, d);
    return o;
}

/* With the phases off: what the picture shows now and how to go on. */
static int off_text(frame *f, char *buf, size_t len)
{
    const snap *s = f->s;
    char eta[32];
    lect_fmt_num(eta, sizeof eta, s->lr);
    if (!view_shows_update(s, f->vs))
        return snprintf(buf, len,
                        "running: %s with \xce\xb7 = %s.   Pause (Space) and the next update shows as arrows;\n"
                        "P goes through one gd step phase by phase: forward, error, layer 2, layer 1, update.",
                        nn_opt_name(s->opt), eta);
    if (f->none_in && f->none_out)
        return snprintf(buf, len,
                        "\xe2\x88\x87L \xe2\x89\x88 0: a gd step with \xce\xb7 = %s would not move the weights (a minimum, or"
                        " \xcf\x83\xe2\x80\xb2 = 0, or frozen).\nP goes through one gd step phase by phase: forward, error, layer 2,"
                        " layer 1, update.",
                        eta);
    const char *scale = !f->none_in && f->scale_in.label[0] ? f->scale_in.label
                        : !f->none_out                      ? f->scale_out.label
                                                            : "";
    int o = snprintf(buf, len,
                     "The arrows show the next gd step W \xe2\x86\x90 W \xe2\x88\x92 \xce\xb7\xe2\x88\x87L, \xce\xb7 = %s%s%s;"
                     " Step (\xe2\x86\x92) applies it.\nP goes through it phase by phase: forward, error, layer 2, layer 1, update.",
                     eta, scale[0] ? ", drawn " : "", scale);
    if (s->opt != NN_OPT_GD && o > 0 && (size_t)o < len)
        o += snprintf(buf + o, len - (size_t)o, "\nThe optimizer is %s: its step differs from \xe2\x88\x92\xce\xb7\xe2\x88\x87L (choose gd to follow the arrows).",
                      nn_opt_name(s->opt));
    return o;
}

static void draw_equation(frame *f)
{
    const draw_palette *pal = f->pal;
    const view_state *vs = f->vs;
    const draw_rect *p = &f->lay->equation;
    const float s1 = f->s1;
    char eq[1024];
    panel_frame(f, p);

    /* the phase as a pill at the left */
    char pill[64];
    if (vs->phase != LECT_OFF)
        snprintf(pill, sizeof pill, "%d/5 %s", (int)vs->phase, lect_phase_name(vs->phase));
    else
        snprintf(pill, sizeof pill, "%s", vs->probe ? "probe" : f->s->status == TRAIN_RUNNING ? "running" : "next step");
    int pw, ph;
    if (text_measure(f->tc, TEXT_BOLD, FONT_STATUS, pill, &pw, &ph) < 0) {
        f->rc = -1;
        return;
    }
    float pill_w = fmaxf((float)pw + 20 * s1, 96 * s1), pill_h = (float)ph + 8 * s1;
    float px = p->x + PANEL_PAD * s1, py = p->y + 7 * s1;
    draw_round_rect(f->dl, px, py, pill_w, pill_h, pill_h / 2, phase_colour(f));
    flush(f);
    text(f, TEXT_BOLD, FONT_STATUS, pill, px + pill_w / 2, py + pill_h / 2, TEXT_CENTER | TEXT_MIDDLE, pal->banner_text);
    if (vs->unitwise)
        text(f, TEXT_SANS, FONT_SMALL, "unit by unit", px + pill_w / 2, py + pill_h + 3 * s1, TEXT_CENTER | TEXT_TOP,
             pal->text_dim);

    if (vs->phase != LECT_OFF) {
        const snap *es = vs->phase == LECT_UPDATE && vs->before ? vs->before : f->s;
        int tok = f->sel < es->n ? f->sel : 0;
        lect_equation(es, tok, view_focus_unit(vs, es->hidden), vs->phase, eq, sizeof eq);
    } else if (vs->probe) {
        probe_text(f, eq, sizeof eq);
    } else {
        off_text(f, eq, sizeof eq);
    }

    /* lines of the text, shrunk until they fit the panel's height and width */
    const char *lines[8];
    int nl = 0;
    for (char *q = eq; q && nl < 8; nl++) {
        lines[nl] = q;
        q = strchr(q, '\n');
        if (q) *q++ = 0;
    }
    float x0 = px + pill_w + 12 * s1, avail_w = p->x + p->w - PANEL_PAD * s1 - x0, avail_h = p->h - 8 * s1;
    float size = FONT_EQUATION;
    for (; size > 9.0f; size -= 0.5f) {
        float lh = (float)text_line_height(f->tc, TEXT_SANS, size), wmax = 0;
        for (int i = 0; i < nl; i++) wmax = fmaxf(wmax, (float)text_w(f, TEXT_SANS, size, lines[i]));
        if (lh * (float)nl <= avail_h && wmax <= avail_w) break;
    }
    float lh = (float)text_line_height(f->tc, TEXT_SANS, size);
    float y = p->y + (p->h - lh * (float)nl) / 2;
    SDL_Color ink = vs->phase == LECT_OFF && !vs->probe ? pal->text_dim : pal->text;
    for (int i = 0; i < nl; i++, y += lh) {
        char fitted[512];
        fit_text(f, TEXT_SANS, size, lines[i], avail_w, fitted, sizeof fitted);
        text(f, TEXT_SANS, size, fitted, x0, y, TEXT_LEFT | TEXT_TOP, ink);
    }
}

static void draw_sigma(frame *f)
{
    flush(f);
    const int hl = f->hl;
    if (sigma_draw(f->v->r, f->dl, f->tc, f->pal, f->lay->sigma, f->s->act, f->s->gain, f->v->tok.e, f->s->hidden,
                   hl, f->s1) < 0)
        f->rc = -1;
}

/* ---------------------------------------------------------------- the frame */

/* The plane's span in world units (its shorter side), for sizing the update arrows. */
static double plane_span(const snap *s, const view_state *vs, const view_layout *lay, view_plane p)
{
    const draw_rect *r = p == VIEW_PLANE_INPUT ? &lay->input : &lay->output;
    if (!rect_ok(r)) return 0;
    view_xform t = view_plane_xform(s, vs, lay, p);
    return fmin(t.wx1 - t.wx0, t.wy1 - t.wy0);
}

/* The snapshot whose pending update the arrows show: the one before the update being shown, if any. */
static const snap *arrows_snap(const snap *s, const view_state *vs)
{
    return vs->before && vs->before->hidden == s->hidden && vs->before->n >= 1 ? vs->before : s;
}

/* The pending update of `as` and each token's share of it (when few enough to draw), and the longest
 * arrow of each plane among both: the scale must fit the shares too, for near a minimum they are
 * long while their sum is short. Returns the number of tokens whose shares were filled. */
static int arrows_compute(const snap *as, arrows *a, double *in_len, double *out_len)
{
    lect_update_compute(as, &a->upd);
    lect_update_longest(&a->upd, in_len, out_len);
    const int N = as->hidden, n = as->n <= SHARE_TOKENS && N <= SHARE_UNITS ? as->n : 0;
    for (int i = 0; i < n; i++) {
        lect_token_compute(as, i, &a->scratch);
        lect_token_share(as, &a->scratch, &a->tmp);
        double li, lo;
        lect_update_longest(&a->tmp, &li, &lo);
        *in_len = fmax(*in_len, li);
        *out_len = fmax(*out_len, lo);
        for (int k = 0; k < N; k++) {
            memcpy(&a->share_in[(i * N + k) * DATA_D], lect_dw1(&a->tmp, k), DATA_D * sizeof(double));
            memcpy(&a->share_out[(i * (N + 1) + k) * DATA_K], lect_dw2(&a->tmp, k), DATA_K * sizeof(double));
        }
        memcpy(&a->share_out[(i * (N + 1) + N) * DATA_K], lect_db2(&a->tmp), DATA_K * sizeof(double));
    }
    return n;
}

lect_scale view_update_scale(const snap *s, const view_state *vs, const view_layout *lay, view_plane p)
{
    lect_scale none = {1.0, ""};
    arrows *a = malloc(sizeof *a);
    if (!a) return none;
    double in_len, out_len;
    arrows_compute(arrows_snap(s, vs), a, &in_len, &out_len);
    free(a);
    return lect_display_scale(p == VIEW_PLANE_INPUT ? in_len : out_len, ARROW_TARGET * plane_span(s, vs, lay, p));
}

/* The selected token's (or the probe's) forward values at a snapshot. */
static void eval_selected(const frame *f, const snap *s, lect_token *out)
{
    if (f->vs->probe) {
        const double th = f->vs->probe_theta, x[2] = {cos(th), sin(th)}, y[2] = {th, th * th};
        lect_token_eval(s, x, y, out);
    } else {
        lect_token_compute(s, f->sel < s->n ? f->sel : view_default_token(s->n), out);
    }
}

/* The lecture's quantities for the selected token, ŷ over a dense sweep of the token arc, and the
 * pending update with each token's share. */
static void compute(frame *f)
{
    const snap *s = f->s;
    const view_state *vs = f->vs;
    view_ctx *v = f->v;
    eval_selected(f, s, &v->tok);
    lect_chain(s, &v->tok, v->chain);
    for (int i = 0; i < SWEEP; i++) {
        double th = s->spec.theta_min + (s->spec.theta_max - s->spec.theta_min) * i / (SWEEP - 1);
        v->sweep_x[2 * i] = cos(th);
        v->sweep_x[2 * i + 1] = sin(th);
    }
    nn_predict(&f->net, v->sweep_x, SWEEP, v->sweep_y);

    /* the arrows belong to the weights before the update being shown, while one is */
    f->as = arrows_snap(s, vs);
    f->achain = v->chain;
    if (f->as != s) {
        eval_selected(f, vs->before, &v->tok_before);
        lect_chain(vs->before, &v->tok_before, v->chain_before);
        f->achain = v->chain_before;
    }
    snap_net(f->as, &f->anet);
    if (view_shows_update(s, vs)) {
        f->upd_out = (f->shows & LECT_SHOW_GRAD2) != 0;
        f->upd_in = (f->shows & LECT_SHOW_GRAD1) != 0;
    }
    if (!f->upd_in && !f->upd_out) return;
    double in_len, out_len;
    f->n_share = arrows_compute(f->as, &v->ar, &in_len, &out_len);
    const double span_in = plane_span(s, vs, f->lay, VIEW_PLANE_INPUT);
    const double span_out = plane_span(s, vs, f->lay, VIEW_PLANE_OUTPUT);
    f->scale_in = lect_display_scale(in_len, ARROW_TARGET * span_in);
    f->scale_out = lect_display_scale(out_len, ARROW_TARGET * span_out);
    /* below ~ a pixel even when scaled: nothing to see (the hand-built solution's rounding noise) */
    f->none_in = !(in_len * f->scale_in.factor > 2e-3 * span_in);
    f->none_out = !(out_len * f->scale_out.factor > 2e-3 * span_out);
}

static void frame_init(frame *f, view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay)
{
    assert(v && s && vs && lay);
    assert(s->n >= 1 && s->hidden >= 1 && s->hidden <= NN_MAX_HIDDEN);
    memset(f, 0, sizeof *f);
    f->v = v;
    f->s = s;
    f->vs = vs;
    f->lay = lay;
    f->pal = draw_palette_get(vs->presenter);
    f->dl = v->dl;
    f->tc = v->tc;
    f->s1 = sc(vs);
    f->lw = f->s1 * f->pal->line_gain;
    f->sel = view_selected_token(vs, s->n);
    f->hl = highlight_unit(vs, s->hidden);
    f->shows = lect_phase_shows(vs->phase);
    text_set_scale(v->tc, f->s1);
    snap_net(s, &f->net);
    draw_list_clear(v->dl);
}

int view_draw_panels(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay)
{
    frame f;
    frame_init(&f, v, s, vs, lay);
    compute(&f);
    if (rect_ok(&lay->input)) draw_input(&f);
    if (rect_ok(&lay->bars)) draw_bars(&f);
    if (rect_ok(&lay->output)) draw_output(&f);
    if (rect_ok(&lay->loss)) draw_loss(&f);
    if (rect_ok(&lay->sigma)) draw_sigma(&f);
    if (rect_ok(&lay->equation)) draw_equation(&f);
    if (rect_ok(&lay->status)) draw_status(&f);
    flush(&f);
    return f.rc;
}

int view_draw_overlays(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay)
{
    frame f;
    frame_init(&f, v, s, vs, lay);
    draw_banners(&f);
    if (vs->rec_frames >= 0) draw_rec(&f);
    if (vs->help) draw_help(&f);
    flush(&f);
    return f.rc;
}

int view_draw(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay)
{
    int rc = view_draw_panels(v, s, vs, lay);
    return view_draw_overlays(v, s, vs, lay) | rc;
}
