/* view_xform: the planes' world <-> screen transforms, pan and zoom, the bars' layout, and the hit tests.
 * Main thread only (it reads the UI's view_state); pure arithmetic, no drawing.
 * Invariants: the panels draw with these same functions, so a hit lands where its marker is drawn. */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "render/view_xform.h"

#define PICK_RADIUS 12.0f
#define SCREEN_LIMIT 1e7 /* |pixel coordinates| beyond this are clamped (floats must stay in range) */

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
    double t0 = -1, t1 = 1; /* a scene without a probe path: the unit interval's square */
    if (s->scene && s->scene->probe_range) s->scene->probe_range(&s->scene_spec, &t0, &t1);
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
    t.r = plot_area(p == VIEW_PLANE_INPUT ? &lay->input : &lay->output, view_ui_scale(vs));
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

void view_to_screen_d(const view_xform *t, double wx, double wy, double *sx, double *sy)
{
    *sx = t->r.x + (wx - t->wx0) / (t->wx1 - t->wx0) * t->r.w;
    *sy = t->r.y + (t->wy1 - wy) / (t->wy1 - t->wy0) * t->r.h;
}

static float to_float(double v)
{
    if (!(v == v)) return NAN;
    return (float)(v > SCREEN_LIMIT ? SCREEN_LIMIT : v < -SCREEN_LIMIT ? -SCREEN_LIMIT : v);
}

void view_to_screen(const view_xform *t, double wx, double wy, float *sx, float *sy)
{
    double x, y;
    view_to_screen_d(t, wx, wy, &x, &y);
    *sx = to_float(x);
    *sy = to_float(y);
}

void view_to_world(const view_xform *t, float sx, float sy, double *wx, double *wy)
{
    *wx = t->wx0 + ((double)sx - t->r.x) / t->r.w * (t->wx1 - t->wx0);
    *wy = t->wy1 - ((double)sy - t->r.y) / t->r.h * (t->wy1 - t->wy0);
}

int view_plane_at(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy)
{
    for (int p = 0; p < VIEW_PLANE_COUNT; p++) {
        const draw_rect *panel = p == VIEW_PLANE_INPUT ? &lay->input : &lay->output;
        if (!view_rect_ok(panel)) continue;
        view_xform t = view_plane_xform(s, vs, lay, (view_plane)p);
        if (view_in_rect(&t.r, sx, sy)) return p;
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
    double ppu = view_px_per_unit(&t);
    vs->pan[p].dx -= dx / ppu;
    vs->pan[p].dy += dy / ppu;
}

void view_bars_geometry(const view_layout *lay, float s, int n_units, view_bars_geom *g)
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

/* ---- hit tests ---- */

int view_pick_token(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy,
                    view_pick *out)
{
    float best = PICK_RADIUS * view_ui_scale(vs);
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

int view_pick_unit(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy)
{
    if (!view_rect_ok(&lay->bars) || !view_in_rect(&lay->bars, sx, sy)) return -1;
    view_bars_geom g;
    view_bars_geometry(lay, view_ui_scale(vs), s->hidden, &g);
    for (int c = 0; c < 2; c++) {
        draw_rect area = g.chart[c];
        area.h = g.label[c].y + g.label[c].h - area.y;
        if (!view_in_rect(&area, sx, sy)) continue;
        int k = (int)floorf((sx - g.col0[c]) / g.colw);
        if (k >= 0 && k < s->hidden) return k;
    }
    return -1;
}

int view_pick_probe(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy)
{
    if (!vs->probe || !view_rect_ok(&lay->input) || !s->scene || !s->scene->probe) return 0;
    view_xform t = view_plane_xform(s, vs, lay, VIEW_PLANE_INPUT);
    float px, py;
    double x[NN_MAX_IO] = {0};
    s->scene->probe(&s->scene_spec, vs->probe_theta, x);
    view_to_screen(&t, x[0], x[1], &px, &py);
    float r = PICK_RADIUS * view_ui_scale(vs);
    return (px - sx) * (px - sx) + (py - sy) * (py - sy) <= r * r;
}

double view_probe_theta_at(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy)
{
    view_xform t = view_plane_xform(s, vs, lay, VIEW_PLANE_INPUT);
    double wx, wy;
    view_to_world(&t, sx, sy, &wx, &wy);
    if (!s->scene || !s->scene->probe_range) return vs->probe_theta;
    /* the range is the scene's; going back from a point to θ is the semicircle's angle */
    double th = atan2(wy, wx), lo, hi;
    s->scene->probe_range(&s->scene_spec, &lo, &hi);
    /* the arc may extend past ±π: take the turn of th nearest to the arc's middle */
    double mid = 0.5 * (lo + hi);
    th += 2 * M_PI * round((mid - th) / (2 * M_PI));
    return th < lo ? lo : th > hi ? hi : th;
}
