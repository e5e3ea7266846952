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
    float xx = t->r.x + t->r.w - 5 * s - (float)w0, xy = t->r.y + t->r.h - 3 * s - (float)h0;
    float yx = t->r.x + 5 * s, yy = t->r.y + 2 * s;
    backing(f, xx, xy, w0, h0);
    backing(f, yx, yy, w1, h1);
    view_flush(f);
    view_text(f, TEXT_BOLD, FONT_LABEL, xname, xx, xy, TEXT_LEFT | TEXT_TOP, f->pal->text);
    view_text(f, TEXT_BOLD, FONT_LABEL, yname, yx, yy, TEXT_LEFT | TEXT_TOP, f->pal->text);
}

void view_plot_note(view_frame *f, const view_xform *t, const char *msg, SDL_Color c)
{
    const float s = f->s1;
    int w, h;
    if (text_measure(f->tc, TEXT_SANS, FONT_SMALL, msg, &w, &h) < 0) {
        f->rc = -1;
        return;
    }
    float x = t->r.x + 5 * s, y = t->r.y + t->r.h - 4 * s - (float)h;
    backing(f, x, y, w, h);
    view_flush(f);
    view_text(f, TEXT_SANS, FONT_SMALL, msg, x, y, TEXT_LEFT | TEXT_TOP, c);
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
