/* view_wpick: which weight a click names for the ledger outside the diagram (see view_wpick.h): decision lines,
 * chain links and bars, and the component a pick means. Main thread only (reads view_state); no drawing.
 * Invariants: lines and links are measured in screen pixels with the transforms the planes draw with. */
#include "render/view_wpick.h"

#include <math.h>
#include <stdio.h>

#include "lesson/ledger.h"
#include "render/view_panel.h"
#include "render/view_xform.h"

void view_selected_values(const snap *s, const view_state *vs, int sel, lect_token *out)
{
    if (vs->probe && s->scene && s->scene->probe) {
        /* the target stays the semicircle's (θ, θ²): a scene description has no target along its path */
        const double th = vs->probe_theta, y[NN_MAX_IO] = {th, th * th};
        double x[NN_MAX_IO] = {0};
        s->scene->probe(&s->scene_spec, th, x);
        lect_token_eval(s, x, y, out);
    } else {
        lect_token_compute(s, sel < s->n ? sel : view_default_token(s->n), out);
    }
}

/* Distance in pixels from (sx, sy) to the segment a–b (screen, double). */
static double seg_dist(double ax, double ay, double bx, double by, double sx, double sy)
{
    const double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    double u = l2 > 0 ? ((sx - ax) * dx + (sy - ay) * dy) / l2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    return hypot(sx - (ax + u * dx), sy - (ay + u * dy));
}

int view_pick_line(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy)
{
    if (s->d != 2 || !view_rect_ok(&lay->input)) return -1;
    const view_xform t = view_plane_xform(s, vs, lay, VIEW_PLANE_INPUT);
    if (!view_in_rect(&t.r, sx, sy)) return -1;
    nn_net net;
    snap_net(s, &net);
    double best = VIEW_WPICK_RADIUS * view_ui_scale(vs);
    int hit = -1;
    for (int k = 0; k < s->hidden; k++) {
        const double w0 = net.w1[2 * k], w1 = net.w1[2 * k + 1], b = net.b1[k], n2 = w0 * w0 + w1 * w1;
        if (!(n2 > 1e-18) || !isfinite(n2 + b)) continue; /* no line: the unit is constant */
        /* two points of the line (its foot nearest the origin, and one step along it) in pixels; the
         * transform is affine, so the line through them is the drawn line */
        const double px = -b * w0 / n2, py = -b * w1 / n2;
        double ax, ay, bx, by;
        view_to_screen_d(&t, px, py, &ax, &ay);
        view_to_screen_d(&t, px - w1 / sqrt(n2), py + w0 / sqrt(n2), &bx, &by);
        const double dx = bx - ax, dy = by - ay, len = hypot(dx, dy);
        if (!(len > 0)) continue;
        const double d = fabs((sx - ax) * dy - (sy - ay) * dx) / len;
        if (d < best) best = d, hit = k;
    }
    return hit;
}

int view_pick_link(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy)
{
    if (s->k != 2 || !view_rect_ok(&lay->output)) return -1;
    const view_xform t = view_plane_xform(s, vs, lay, VIEW_PLANE_OUTPUT);
    if (!view_in_rect(&t.r, sx, sy)) return -1;
    lect_token tok;
    view_selected_values(s, vs, view_selected_token(vs, s->n), &tok);
    static double ch[(NN_MAX_HIDDEN + 1) * NN_MAX_IO]; /* (N + 1, K) main thread only */
    lect_chain(s, &tok, ch);
    double best = VIEW_WPICK_RADIUS * view_ui_scale(vs);
    int hit = -1;
    for (int k = 0; k < s->hidden; k++) {
        double ax, ay, bx, by;
        view_to_screen_d(&t, ch[2 * k], ch[2 * k + 1], &ax, &ay);
        view_to_screen_d(&t, ch[2 * k + 2], ch[2 * k + 3], &bx, &by);
        if (hypot(bx - ax, by - ay) < 2) continue; /* a link shorter than its arrowhead: nothing to aim at */
        const double d = seg_dist(ax, ay, bx, by, sx, sy);
        if (d < best) best = d, hit = k;
    }
    return hit;
}

int view_pick_bar_chart(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy)
{
    if (!view_rect_ok(&lay->bars) || !view_in_rect(&lay->bars, sx, sy)) return -1;
    view_bars_geom g;
    view_bars_geometry(lay, view_ui_scale(vs), s->hidden, &g);
    for (int c = 0; c < 2; c++) {
        draw_rect area = g.chart[c];
        area.h = g.label[c].y + g.label[c].h - area.y; /* as view_pick_unit: the chart and its labels */
        if (view_in_rect(&area, sx, sy)) return c;
    }
    return -1;
}

int view_wpick_param(const snap *s, int layer, int k, int current)
{
    nn_layout lay;
    nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
    nn_layout_of(&sh, &lay);
    const lesson_param_kind kind = layer == 1 ? LESSON_PARAM_W1 : LESSON_PARAM_W2;
    const int m = layer == 1 ? s->d : s->k; /* the components: inputs j of w̄(1)_k, outputs j of w(2)_k */
    if (current >= 0 && (size_t)current < lay.count) {
        const lesson_param p = lesson_ledger_param(&lay, (size_t)current);
        if (p.kind == kind && p.unit == k)
            return (int)lesson_ledger_index(&lay, (lesson_param){kind, k, (p.comp + 1) % m});
    }
    int best = 0;
    for (int j = 1; j < m; j++) {
        const size_t a = lesson_ledger_index(&lay, (lesson_param){kind, k, j});
        const size_t b = lesson_ledger_index(&lay, (lesson_param){kind, k, best});
        if (fabs(s->p[a]) > fabs(s->p[b])) best = j;
    }
    return (int)lesson_ledger_index(&lay, (lesson_param){kind, k, best});
}

void view_wpick_words(const snap *s, int p, const char *what, char *buf, size_t len)
{
    nn_layout lay;
    nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
    nn_layout_of(&sh, &lay);
    const lesson_param w = lesson_ledger_param(&lay, (size_t)p);
    const int layer1 = w.kind == LESSON_PARAM_W1;
    char ks[16], js[16], next[16];
    view_subscript(w.unit + 1, ks, sizeof ks);
    view_subscript(w.comp, js, sizeof js);
    view_subscript((w.comp + 1) % (layer1 ? s->d : s->k), next, sizeof next);
    if (layer1)
        snprintf(buf, len, "ledger: w\xe2\x81\xbd\xc2\xb9\xe2\x81\xbe from x%s into h%s; click the %s again for x%s", js,
                 ks, what, next);
    else
        snprintf(buf, len, "ledger: w\xe2\x81\xbd\xc2\xb2\xe2\x81\xbe from h%s to \xc5\xb7%s; click the %s again for "
                 "\xc5\xb7%s", ks, js, what, next);
}
