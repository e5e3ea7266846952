/* view_heat: the diverging palette, map pixels, isolines and colour bars (see view_heat.h).
 * Pixels and isolines: any thread, on the caller's buffers; the bar: main thread, through the frame.
 * Invariants: the palette is symmetric about its white middle, so a sign flip is a colour flip. */
#include "render/view_heat.h"

#include <math.h>
#include <stdio.h>

/* ColorBrewer RdBu (11 classes), from −1 (dark blue) through white to +1 (dark red): safe for the common
 * colour-vision deficiencies, and the lightness alone already tells the sign's strength. */
static const unsigned char rdbu[11][3] = {
    {0x05, 0x30, 0x61}, {0x21, 0x66, 0xac}, {0x43, 0x93, 0xc3}, {0x92, 0xc5, 0xde}, {0xd1, 0xe5, 0xf0},
    {0xf7, 0xf7, 0xf7}, {0xfd, 0xdb, 0xc7}, {0xf4, 0xa5, 0x82}, {0xd6, 0x60, 0x4d}, {0xb2, 0x18, 0x2b},
    {0x67, 0x00, 0x1f},
};

SDL_Color view_heat_colour(double v, double m)
{
    if (!(v == v)) /* NaN */
        return (SDL_Color){0x99, 0x99, 0x99, 255};
    double t = m > 0 ? v / m : 0.0;
    t = t < -1 ? -1 : t > 1 ? 1 : t;
    const double u = (t + 1.0) * 5.0; /* 0..10 */
    int i = (int)floor(u);
    if (i > 9)
        i = 9;
    const double a = u - i;
    SDL_Color c = {0, 0, 0, 255};
    c.r = (Uint8)lround(rdbu[i][0] + a * (rdbu[i + 1][0] - rdbu[i][0]));
    c.g = (Uint8)lround(rdbu[i][1] + a * (rdbu[i + 1][1] - rdbu[i][1]));
    c.b = (Uint8)lround(rdbu[i][2] + a * (rdbu[i + 1][2] - rdbu[i][2]));
    return c;
}

void view_heat_pixels(const double *v, int g, double m, uint32_t *px, int pitch)
{
    for (int i = 0; i < g; i++) {
        uint32_t *row = px + (size_t)(g - 1 - i) * (size_t)pitch;
        for (int j = 0; j < g; j++) {
            const SDL_Color c = view_heat_colour(v[(size_t)i * (size_t)g + (size_t)j], m);
            row[j] = 0xff000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
        }
    }
}

double view_heat_scale(double vmax)
{
    if (!(vmax > 0) || !isfinite(vmax))
        return 1.0;
    return view_nice_ceil(vmax);
}

/* Where the contour crosses the edge from a to b (values va, vb on opposite sides of level). */
static double cross(double va, double vb, double level) { return (level - va) / (vb - va); }

int view_heat_iso(const double *v, int g, double lo, double hi, double level, float *seg, int cap)
{
    const double s = (hi - lo) / g;
    int n = 0;
    for (int i = 0; i + 1 < g; i++) {
        for (int j = 0; j + 1 < g; j++) {
            /* corners counter-clockwise from the bottom left: (j, i), (j+1, i), (j+1, i+1), (j, i+1) */
            const double c[4] = {v[i * g + j], v[i * g + j + 1], v[(i + 1) * g + j + 1], v[(i + 1) * g + j]};
            if (!isfinite(c[0]) || !isfinite(c[1]) || !isfinite(c[2]) || !isfinite(c[3]))
                continue;
            const int code = (c[0] > level) | (c[1] > level) << 1 | (c[2] > level) << 2 | (c[3] > level) << 3;
            if (code == 0 || code == 15)
                continue;
            /* the crossing on each edge e (from corner e to corner e+1), in cell units from (j, i) */
            double ex[4], ey[4];
            int on[4];
            static const int cx[4] = {0, 1, 1, 0}, cy[4] = {0, 0, 1, 1};
            for (int e = 0; e < 4; e++) {
                const int a = e, b = (e + 1) & 3;
                on[e] = (c[a] > level) != (c[b] > level);
                if (!on[e])
                    continue;
                const double t = cross(c[a], c[b], level);
                ex[e] = cx[a] + t * (cx[b] - cx[a]);
                ey[e] = cy[a] + t * (cy[b] - cy[a]);
            }
            int pairs[2][2], np = 0;
            if (on[0] && on[1] && on[2] && on[3]) {
                /* a saddle: the cell's mean says which corners the contour keeps together */
                const int mid_above = 0.25 * (c[0] + c[1] + c[2] + c[3]) > level;
                if (mid_above == (c[0] > level)) {
                    pairs[0][0] = 0, pairs[0][1] = 1, pairs[1][0] = 2, pairs[1][1] = 3; /* separates corners 1 and 3 */
                } else {
                    pairs[0][0] = 3, pairs[0][1] = 0, pairs[1][0] = 1, pairs[1][1] = 2;
                }
                np = 2;
            } else {
                int k = 0, e2[2] = {0, 0};
                for (int e = 0; e < 4 && k < 2; e++)
                    if (on[e])
                        e2[k++] = e;
                pairs[0][0] = e2[0], pairs[0][1] = e2[1];
                np = 1;
            }
            for (int q = 0; q < np && n < cap; q++, n++) {
                const int a = pairs[q][0], b = pairs[q][1];
                /* cell centres: grid point j sits at lo + (j + 1/2) s */
                seg[4 * n + 0] = (float)(lo + (j + 0.5 + ex[a]) * s);
                seg[4 * n + 1] = (float)(lo + (i + 0.5 + ey[a]) * s);
                seg[4 * n + 2] = (float)(lo + (j + 0.5 + ex[b]) * s);
                seg[4 * n + 3] = (float)(lo + (i + 0.5 + ey[b]) * s);
            }
        }
    }
    return n;
}

void view_heat_bar(view_frame *f, draw_rect r, double m, const char *what)
{
    const float s1 = f->s1;
    char lo[32], hi[32];
    float x0 = r.x;
    if (what && what[0]) {
        view_text(f, TEXT_SANS, FONT_TICK, what, r.x, r.y, TEXT_LEFT | TEXT_TOP, f->pal->text);
        x0 += (float)view_text_w(f, TEXT_SANS, FONT_TICK, what) + 6 * s1;
    }
    view_fmt_num(lo, sizeof lo, "%.3g", -m);
    view_fmt_num(hi, sizeof hi, "%.3g", m);
    /* room for the end labels, centred under the bar's ends */
    const float half = 0.5f * (float)view_text_w(f, TEXT_SANS, FONT_TICK, lo) + 1;
    const float bx = x0 + half, bw = r.x + r.w - half - bx, bh = fmaxf(4, floorf(7 * s1));
    if (bw < 16)
        return;
    const int steps = (int)fminf(128, bw / 2);
    for (int i = 0; i < steps; i++) {
        const double t = -1.0 + 2.0 * (i + 0.5) / steps;
        draw_fill_rect(f->dl, bx + bw * i / steps, r.y + 2 * s1, bw / steps + 0.5f, bh, view_heat_colour(t, 1.0));
    }
    draw_round_rect_outline(f->dl, bx - 0.5f, r.y + 2 * s1 - 0.5f, bw + 1, bh + 1, 0, 1.0f, f->pal->frame);
    draw_fill_rect(f->dl, floorf(bx + bw / 2), r.y + 2 * s1 + bh, 1, 3 * s1, f->pal->axis);
    view_flush(f);
    const float ty = r.y + 2 * s1 + bh + 2 * s1;
    view_text(f, TEXT_SANS, FONT_TICK, lo, bx, ty, TEXT_CENTER | TEXT_TOP, f->pal->text_dim);
    view_text(f, TEXT_SANS, FONT_TICK, "0", bx + bw / 2, ty, TEXT_CENTER | TEXT_TOP, f->pal->text_dim);
    view_text(f, TEXT_SANS, FONT_TICK, hi, bx + bw, ty, TEXT_CENTER | TEXT_TOP, f->pal->text_dim);
}
