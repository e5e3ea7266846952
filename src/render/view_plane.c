/* view_plane: drawing in a plane's world coordinates: grid and axes, names, notes, markers, clipped arrows.
 * Main thread only (SDL rendering and SDL_ttf).
 * Invariants: world geometry reaches the renderer only clipped to the guard box, so coordinates stay finite. */
#include <math.h>

#include "render/view_panel.h"

/* As many decimals as the step needs, so that zoomed in (steps down to 10^-4) no two ticks read alike. */
static const char *tick_fmt(double step)
{
    static const char *const fmt[] = {"%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f"};
    int d = step >= 0.999 ? 0 : (int)ceil(-log10(step) - 1e-6);
    return fmt[d < 0 ? 0 : d > 5 ? 5 : d];
}

/* Grid and axes through the origin (geometry: labels == 0), or the tick labels and axis names
 * (labels == 1, after the geometry is flushed); for both planes. */
static void plane_axes(view_frame *f, const view_xform *t, int labels)
{
    const draw_palette *pal = f->pal;
    const float s = f->s1;
    double step = view_nice_step(fmin(t->wx1 - t->wx0, t->wy1 - t->wy0), 5);
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
        view_fmt_num(buf, sizeof buf, fmt, zero ? 0 : x);
        view_text(f, TEXT_SANS, FONT_TICK, buf, sx, t->r.y + t->r.h + 3 * s, TEXT_CENTER | TEXT_TOP, pal->text_dim);
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
        view_fmt_num(buf, sizeof buf, fmt, zero ? 0 : y);
        view_text(f, TEXT_SANS, FONT_TICK, buf, t->r.x - 5 * s, sy, TEXT_RIGHT | TEXT_MIDDLE, pal->text_dim);
    }
}

void view_plane_panel(view_frame *f, const draw_rect *panel, const view_xform *t, const char *longer,
                      const char *shorter, float reserve)
{
    view_panel_frame(f, panel);
    plane_axes(f, t, 0);
    view_flush(f);
    plane_axes(f, t, 1);
    view_title(f, panel, longer, shorter, reserve);
}

void view_occupy_clear(view_frame *f)
{
    f->n_occ = 0;
    f->n_taken = 0;
}

void view_occupy(view_frame *f, float x, float y, float r)
{
    if (f->n_occ >= f->v->cap_occ || !isfinite(x + y)) return; /* full: later discs go unguarded */
    float *o = &f->v->occ[3 * f->n_occ++];
    o[0] = x;
    o[1] = y;
    o[2] = r;
}

static int rects_meet(const draw_rect *a, const draw_rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

int view_covers(const view_frame *f, const draw_rect *r)
{
    int n = 0;
    for (int i = 0; i < f->n_occ; i++) {
        const float *o = &f->v->occ[3 * i];
        /* the disc against the rect: the nearest point of the rect within r of the centre */
        float nx = fmaxf(r->x, fminf(o[0], r->x + r->w)), ny = fmaxf(r->y, fminf(o[1], r->y + r->h));
        n += (nx - o[0]) * (nx - o[0]) + (ny - o[1]) * (ny - o[1]) <= o[2] * o[2];
    }
    for (int i = 0; i < f->n_taken; i++) n += rects_meet(r, &f->taken[i]);
    return n;
}

static void take(view_frame *f, const draw_rect *r)
{
    if (f->n_taken < VIEW_TAKEN_MAX) f->taken[f->n_taken++] = *r;
}

int view_place(view_frame *f, const view_xform *t, const draw_rect *cand, int n)
{
    int best = 0, best_n = -1;
    for (int i = 0; i < n; i++) {
        const draw_rect *c = &cand[i];
        if (c->x < t->r.x || c->y < t->r.y || c->x + c->w > t->r.x + t->r.w || c->y + c->h > t->r.y + t->r.h)
            continue;
        int k = view_covers(f, c);
        if (best_n < 0 || k < best_n) best = i, best_n = k;
        if (k == 0) break;
    }
    take(f, &cand[best]);
    return best;
}

int view_place_near(view_frame *f, const view_xform *t, float ax, float ay, float ux, float uy, float gap, int w,
                    int h, float *x, float *y)
{
    /* 0°, +30°, −30°, +60°, ... up to 180°: the preferred side first */
    static const float turn[] = {0, 30, -30, 60, -60, 90, -90, 120, -120, 150, -150, 180};
    const int m = (int)(sizeof turn / sizeof turn[0]);
    const float hw = 0.5f * (float)w, hh = 0.5f * (float)h;
    int best = -1, best_n = 0;
    draw_rect best_r = {0, 0, 0, 0};
    for (int i = 0; i < m; i++) {
        float a = turn[i] * 3.14159265f / 180, c = cosf(a), s = sinf(a);
        float dx = ux * c - uy * s, dy = ux * s + uy * c;
        /* far enough along (dx, dy) that the box's nearest side, not its centre, is gap away */
        float reach = gap + fabsf(dx) * hw + fabsf(dy) * hh;
        draw_rect r = {ax + dx * reach - hw, ay + dy * reach - hh, (float)w, (float)h};
        if (r.x < t->r.x || r.y < t->r.y || r.x + r.w > t->r.x + t->r.w || r.y + r.h > t->r.y + t->r.h) continue;
        int k = view_covers(f, &r);
        if (best < 0 || k < best_n) best = i, best_n = k, best_r = r;
        if (k == 0) break;
    }
    if (best < 0) return 0;
    take(f, &best_r);
    *x = best_r.x + hw;
    *y = best_r.y + hh;
    return 1;
}

void view_label_near(view_frame *f, const view_xform *t, const char *text, float ax, float ay, float ux, float uy,
                       float gap, SDL_Color c)
{
    int w, h;
    float x, y;
    if (text_measure(f->tc, TEXT_BOLD, FONT_LABEL, text, &w, &h) < 0) {
        f->rc = -1;
        return;
    }
    if (view_place_near(f, t, ax, ay, ux, uy, gap, w, h, &x, &y))
        view_text(f, TEXT_BOLD, FONT_LABEL, text, x, y, TEXT_CENTER | TEXT_MIDDLE, c);
}

/* A translucent backing for a w × h label at (x, y), so that the content cannot bury it. */
static void backing(view_frame *f, float x, float y, int w, int h)
{
    const float s = f->s1;
    draw_round_rect(f->dl, x - 3 * s, y, (float)w + 6 * s, (float)h, 4 * s, draw_alpha(f->pal->panel, 0.85f));
}

void view_plane_names(view_frame *f, const view_xform *t, const char *xname, const char *yname)
{
    const float s = f->s1;
    int w0, h0, w1, h1;
    if (text_measure(f->tc, TEXT_BOLD, FONT_LABEL, xname, &w0, &h0) < 0 ||
        text_measure(f->tc, TEXT_BOLD, FONT_LABEL, yname, &w1, &h1) < 0) {
        f->rc = -1;
        return;
    }
    /* the x name at the right end, the y name at the top; moved along their edge when on a token */
    const float xx = t->r.x + t->r.w - 5 * s - (float)w0, xy = t->r.y + t->r.h - 3 * s - (float)h0;
    const float yx = t->r.x + 5 * s, yy = t->r.y + 2 * s;
    const draw_rect xc[3] = {{xx - 3 * s, xy, (float)w0 + 6 * s, (float)h0},
                             {xx - 3 * s, xy - (float)h0 - 4 * s, (float)w0 + 6 * s, (float)h0},
                             {xx - 3 * s, t->r.y + 2 * s, (float)w0 + 6 * s, (float)h0}};
    const draw_rect yc[3] = {{yx - 3 * s, yy, (float)w1 + 6 * s, (float)h1},
                             {yx + (float)w1 + 8 * s - 3 * s, yy, (float)w1 + 6 * s, (float)h1},
                             {yx - 3 * s, t->r.y + t->r.h - 3 * s - (float)h1, (float)w1 + 6 * s, (float)h1}};
    const draw_rect *a = &xc[view_place(f, t, xc, 3)], *b = &yc[view_place(f, t, yc, 3)];
    backing(f, a->x + 3 * s, a->y, w0, h0);
    backing(f, b->x + 3 * s, b->y, w1, h1);
    view_flush(f);
    view_text(f, TEXT_BOLD, FONT_LABEL, xname, a->x + 3 * s, a->y, TEXT_LEFT | TEXT_TOP, f->pal->text);
    view_text(f, TEXT_BOLD, FONT_LABEL, yname, b->x + 3 * s, b->y, TEXT_LEFT | TEXT_TOP, f->pal->text);
}

void view_plot_note(view_frame *f, const view_xform *t, const char *msg, SDL_Color c)
{
    const float s = f->s1;
    int w, h;
    if (text_measure(f->tc, TEXT_SANS, FONT_SMALL, msg, &w, &h) < 0) {
        f->rc = -1;
        return;
    }
    const float bw = (float)w + 6 * s, bh = (float)h;
    const float l = t->r.x + 2 * s, r = t->r.x + t->r.w - 2 * s - bw, m = t->r.x + (t->r.w - bw) / 2;
    const float lo = t->r.y + t->r.h - 4 * s - bh, hi = t->r.y + 4 * s, step = bh + 4 * s;
    /* the corners, then each a line further in, then the middles of the edges */
    const draw_rect cand[] = {{l, lo, bw, bh},        {r, lo, bw, bh},        {r, hi, bw, bh},
                              {l, hi, bw, bh},        {l, lo - step, bw, bh}, {r, lo - step, bw, bh},
                              {r, hi + step, bw, bh}, {l, hi + step, bw, bh}, {m, lo, bw, bh},
                              {m, hi, bw, bh},        {m, lo - step, bw, bh}, {m, hi + step, bw, bh}};
    const draw_rect *a = &cand[view_place(f, t, cand, (int)(sizeof cand / sizeof cand[0]))];
    backing(f, a->x + 3 * s, a->y, w, h);
    view_flush(f);
    view_text(f, TEXT_SANS, FONT_SMALL, msg, a->x + 3 * s, a->y, TEXT_LEFT | TEXT_TOP, c);
}

float view_token_radius(int n, float s)
{
    return (n <= 32 ? 5.0f : n <= 128 ? 4.0f : n <= DENSE_MARKERS ? 3.0f : 1.6f) * s;
}

/* Dense sets get squares: they merge into a band either way, and a square is a plain fill, the
 * cheapest thing any renderer draws. */
void view_marker(view_frame *f, float x, float y, float r, int n, SDL_Color c)
{
    if (n > DENSE_MARKERS) {
        float a = fmaxf(2.0f, floorf(2 * r + 0.5f));
        draw_fill_rect(f->dl, floorf(x - a / 2 + 0.5f), floorf(y - a / 2 + 0.5f), a, a, c);
    } else {
        draw_circle(f->dl, x, y, r, c);
    }
}

void view_thin_arrow(view_frame *f, float ax, float ay, float bx, float by, float head, int with_head, SDL_Color c)
{
    float d = hypotf(bx - ax, by - ay);
    if (d < 0.5f) return;
    draw_hairline(f->dl, ax, ay, bx, by, c);
    if (!with_head) return;
    float back = fminf(d, head * 1.2f);
    draw_arrow(f->dl, bx - (bx - ax) / d * back, by - (by - ay) / d * back, bx, by, 0.9f * f->s1, head, c);
}

void view_pattern_hairline(view_frame *f, const float a[4], float dash, float gap, SDL_Color c)
{
    if (!(dash > 0)) {
        draw_hairline(f->dl, a[0], a[1], a[2], a[3], c);
        return;
    }
    const float dx = a[2] - a[0], dy = a[3] - a[1], d = hypotf(dx, dy);
    if (!(d > 0) || d > 1e5f) return; /* a segment across the view is a few thousand pixels at most */
    for (float u = 0; u < d; u += dash + gap) {
        float e = fminf(d, u + fmaxf(dash, 1.0f));
        draw_hairline(f->dl, a[0] + dx * u / d, a[1] + dy * u / d, a[0] + dx * e / d, a[1] + dy * e / d, c);
    }
}

draw_rect view_guard_box(const view_xform *t, float s)
{
    float m = 64 * s;
    draw_rect b = {t->r.x - m, t->r.y - m, t->r.w + 2 * m, t->r.h + 2 * m};
    return b;
}

int view_seg_screen(const view_xform *t, const draw_rect *box, double ax, double ay, double bx, double by,
                    float out[4], int *tip)
{
    double x0, y0, x1, y1;
    view_to_screen_d(t, ax, ay, &x0, &y0);
    view_to_screen_d(t, bx, by, &x1, &y1);
    if (!isfinite(x0 + y0 + x1 + y1)) return 0;
    double t0, t1;
    if (!draw_clip_segment(x0, y0, x1, y1, box->x, box->x + box->w, box->y, box->y + box->h, &t0, &t1)) return 0;
    out[0] = (float)(x0 + t0 * (x1 - x0));
    out[1] = (float)(y0 + t0 * (y1 - y0));
    out[2] = (float)(x0 + t1 * (x1 - x0));
    out[3] = (float)(y0 + t1 * (y1 - y0));
    if (tip) *tip = t1 >= 1;
    return 1;
}

int view_pt_screen(const view_xform *t, const draw_rect *box, double wx, double wy, float *sx, float *sy)
{
    double x, y;
    view_to_screen_d(t, wx, wy, &x, &y);
    if (!(x >= box->x && x <= box->x + box->w && y >= box->y && y <= box->y + box->h)) return 0;
    *sx = (float)x;
    *sy = (float)y;
    return 1;
}

void view_w_arrow(view_frame *f, const view_xform *t, const draw_rect *box, double ax, double ay, double bx,
                  double by, float width, float head, SDL_Color c)
{
    float e[4];
    int tip;
    if (!view_seg_screen(t, box, ax, ay, bx, by, e, &tip)) return;
    if (tip)
        draw_arrow(f->dl, e[0], e[1], e[2], e[3], width, head, c);
    else
        draw_line(f->dl, e[0], e[1], e[2], e[3], width, c);
}

void view_w_thin_arrow(view_frame *f, const view_xform *t, const draw_rect *box, double ax, double ay, double bx,
                       double by, float head, int with_head, SDL_Color c)
{
    float e[4];
    int tip;
    if (!view_seg_screen(t, box, ax, ay, bx, by, e, &tip)) return;
    view_thin_arrow(f, e[0], e[1], e[2], e[3], head, with_head && tip, c);
}

void view_w_polyline(view_frame *f, const view_xform *t, const draw_rect *box, const double *xy /* (n, 2) */, int n,
                     float width, SDL_Color c)
{
    float *pts = f->v->pts;
    int m = 0;
    for (int i = 0; i + 1 < n; i++) {
        float e[4];
        int tip;
        if (!view_seg_screen(t, box, xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], e, &tip)) {
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

void view_halo(view_frame *f, const view_xform *t, const draw_rect *box, const double p[2], float r)
{
    float x, y;
    if (view_pt_screen(t, box, p[0], p[1], &x, &y)) draw_circle(f->dl, x, y, r + 7 * f->s1, f->pal->hover);
}
