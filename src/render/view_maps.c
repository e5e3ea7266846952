/* view_maps: the universal scene's train page (see view_maps.h): the units' rows of maps, ŷ beside f, the
 * residual, and the loss with the true error; the geometry its clicks are tested against.
 * Main thread only. Invariants: drawing and hit tests use view_maps_geometry alone; maps come from the
 * frame's view_mapdata (evaluated once per new snapshot), never recomputed here. */
#include "render/view_maps.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/view.h"
#include "render/view_heat.h"
#include "render/view_mapdata.h"
#include "render/view_panel.h"

/* Logical sizes (× scale). */
#define GAP 8.0f        /* between panels */
#define HEAD_H 18.0f    /* the units' column names */
#define HEAD_PAD 3.0f   /* between the panel's title and them */
#define BAR_H 30.0f     /* a colour bar with its values (or two lines of numbers) */
#define LABEL_W 26.0f   /* the units' labels */
#define ROW_GAP 3.0f    /* between two units' rows */
#define COL_GAP 8.0f    /* between two columns of maps */
#define COL_MIN 44.0f   /* a column is at least as wide as its short name (w_k h_k) */
#define CELL_MIN 24.0f  /* below this a unit's map is unreadable: scroll instead */
#define CELL_MAX 150.0f
#define BAR_MIN_W 96.0f /* a colour bar with −m, 0 and m under it */
#define GROUP_GAP 14.0f /* between groups of rows side by side */
#define AX_L 24.0f      /* the output maps' x1 ticks */
#define AX_B 16.0f      /* their x0 ticks */
#define MAP_GAP 18.0f   /* between ŷ and f */
#define PICK_R 12.0f
#define STRIP_MIN 96.0f  /* the slice strip's height: a fifth of the page, within these */
#define STRIP_MAX 170.0f
#define STRIP_LABEL_H 16.0f /* its legend line over the plot */
#define CHAIN_W 26.0f    /* the output chain's column right of the plot */
#define SIDE_STRIP_W 210.0f /* the strip beside f: at least this wide (ticks, plot, chain) */
#define SIDE_GAP 14.0f   /* between f and the strip beside it */
#define SIDE_TICK_W 34.0f /* the strip's values left of its plot, beside f */
#define SIDE_LINE_H 14.0f /* a line of the strip's legend beside f (three lines, and two under the plot) */
#define W_ARROW 0.5     /* the longest w̄_k arrow, in x's units */
#define TRUE_ERROR "E|\xc5\xb7 \xe2\x88\x92 f|\xc2\xb2" /* the loss plot's second curve */
#define HINT_LINE_H 16.0f /* no slice yet: the line of guidance under the maps' colour bar */
#define HINT_SIDE_W 150.0f /* or right of f, where the maps leave this much width */
#define OUT_WEIGHT 2.0f  /* ŷ and f are worth twice a unit's map when they share the page's width */
#define OUT_MIN 100.0f   /* scrolling rows leave ŷ and f at least this large (or as large as one group does) */
#define LOSS_MIN_W 200.0f /* the loss beside the residual: its axis, a plot and its title's value */

/* The units' panel at cell side c in gr groups (col_w and group_w as view_maps_geometry sets them). */
static float units_width(float s, float c, int gr)
{
    const float col_w = fmaxf(c + COL_GAP * s, COL_MIN * s);
    const float group_w = floorf(LABEL_W * s + 3 * col_w - COL_GAP * s + GROUP_GAP * s);
    return floorf(2 * PANEL_PAD * s + (float)gr * group_w - GROUP_GAP * s);
}

/* The slice strip in the rect r as a column: three lines of legend, the plot with its values left and the
 * chain right, two lines of ends under it. */
static void strip_column(view_maps_geom *g, float s, draw_rect r)
{
    g->strip_beside = 1;
    g->strip = r;
    g->strip_plot = (draw_rect){r.x + SIDE_TICK_W * s, r.y + 3 * SIDE_LINE_H * s + 4 * s,
                                r.w - (SIDE_TICK_W + CHAIN_W) * s, 0};
    g->strip_plot.h = r.y + r.h - 2 * SIDE_LINE_H * s - g->strip_plot.y;
}

/* The output from rx to the page's right edge: ŷ and f side by side on top, the residual under ŷ and beside it
 * the loss; when the page has no loss of its own (presenter mode keeps it in the band) the slice strip takes
 * the loss's place, else it goes under ŷ and f or right of f, whichever leaves the larger maps. Without a
 * slice the strip takes no room: the guidance goes where the maps leave room (right of f, or right of the
 * residual in presenter mode), else on a line under the maps' colour bar. Returns the maps' side. */
static float output_geometry(const draw_rect *page, float s, float rx, int flags, view_maps_geom *g)
{
    const float pad = PANEL_PAD * s, title = TITLE_H * s;
    const int slice = (flags & VIEW_MAPS_SLICE) != 0, own_loss = (flags & VIEW_MAPS_OWN_LOSS) != 0;
    const float rw = page->x + page->w - rx;
    const float chrome = title + AX_B * s + BAR_H * s + pad;
    const float maps_w = rw - 2 * pad - 2 * AX_L * s - MAP_GAP * s;
    const float rows2 = (page->h - GAP * s - 2 * chrome) / 2; /* two rows of maps, each with its chrome */
    /* no slice: the guidance right of f where the maps leave width to spare, else a line under them */
    const int hint_right = !slice && own_loss && maps_w - 2 * fminf(rows2, maps_w / 2) >= HINT_SIDE_W * s;
    const float hint_h = !slice && own_loss && !hint_right ? HINT_LINE_H * s : 0;
    /* the panel beside the residual (the loss, or the strip) keeps its least width */
    const float side_min = own_loss ? LOSS_MIN_W * s : slice ? SIDE_STRIP_W * s : 0;
    const float side_cap = rw - 2 * pad - AX_L * s - GAP * s - side_min;
    float sq;
    int where = 0; /* the strip: 0 none, 1 under ŷ and f, 2 right of f, 3 its own panel beside the residual */
    const float strip_h = floorf(fmaxf(STRIP_MIN * s, fminf(STRIP_MAX * s, 0.2f * page->h)));
    if (!slice) {
        sq = fminf(rows2 - hint_h / 2, maps_w / 2);
    } else if (!own_loss) {
        where = 3;
        sq = fminf(rows2, maps_w / 2);
    } else {
        const float under = fminf(rows2 - strip_h / 2, maps_w / 2);
        const float beside = fminf(rows2, (maps_w - (SIDE_GAP + SIDE_STRIP_W) * s) / 2);
        where = beside > under ? 2 : 1;
        sq = where == 2 ? beside : under;
    }
    sq = floorf(fmaxf(fminf(sq, side_cap), 8));
    const float top_h = floorf(chrome + sq + hint_h + (where == 1 ? strip_h : 0));
    g->outp = (draw_rect){rx, page->y, rw, top_h};
    const float mx = floorf(rx + pad + AX_L * s), my = floorf(page->y + title);
    g->yhat = (draw_rect){mx, my, sq, sq};
    g->f = (draw_rect){floorf(mx + sq + MAP_GAP * s + AX_L * s), my, sq, sq};
    g->bar_out = (draw_rect){mx, my + sq + AX_B * s, g->f.x + sq - mx, BAR_H * s};
    g->strip_beside = 0;
    g->strip = g->strip_plot = g->stripp = g->hint = g->lossp = (draw_rect){0, 0, 0, 0};
    if (where == 2) {
        /* from the panel's top to the colour bar's foot */
        const float sx = floorf(g->f.x + sq + SIDE_GAP * s), sy = floorf(page->y + 5 * s);
        strip_column(g, s, (draw_rect){sx, sy, floorf(rx + rw - pad) - sx, floorf(g->bar_out.y + BAR_H * s) - sy});
    } else if (where == 1) {
        /* the strip spans the panel: the maps may be narrower than it when the height limits them */
        g->strip = (draw_rect){floorf(rx + pad), floorf(g->bar_out.y + BAR_H * s), 0, strip_h};
        g->strip.w = floorf(rx + rw - pad) - g->strip.x;
        g->strip_plot = (draw_rect){mx, g->strip.y + STRIP_LABEL_H * s, g->strip.x + g->strip.w - CHAIN_W * s - mx,
                                    strip_h - STRIP_LABEL_H * s - AX_B * s};
    } else if (hint_right) {
        const float hx = floorf(g->f.x + sq + SIDE_GAP * s);
        g->hint = (draw_rect){hx, my, floorf(rx + rw - pad) - hx, sq};
    } else if (hint_h > 0) {
        g->hint = (draw_rect){floorf(rx + pad), floorf(g->bar_out.y + BAR_H * s), 0, hint_h};
        g->hint.w = floorf(rx + rw - pad) - g->hint.x;
    }
    const float by = page->y + top_h + GAP * s, bh = page->y + page->h - by;
    const float res_w = floorf(2 * pad + AX_L * s + sq);
    /* without a loss or a strip beside it, the residual's panel spans the column and its room right of the map
     * holds the guidance */
    g->resp = (draw_rect){rx, by, own_loss || slice ? res_w : rw, bh};
    g->res = (draw_rect){mx, floorf(by + title), sq, sq};
    g->bar_res = (draw_rect){g->resp.x + pad, g->res.y + sq + AX_B * s, g->resp.w - 2 * pad, BAR_H * s};
    const float lx = g->resp.x + g->resp.w + GAP * s;
    const draw_rect side = {lx, by, page->x + page->w - lx, bh};
    if (own_loss) {
        g->lossp = side;
    } else if (slice) {
        g->stripp = side;
        strip_column(g, s, (draw_rect){side.x + pad, side.y + 5 * s, side.w - 2 * pad, side.h - 5 * s - pad});
    } else {
        const float hx = floorf(g->res.x + sq + 2 * pad);
        g->hint = (draw_rect){hx, g->res.y, floorf(rx + rw - pad) - hx, sq};
    }
    g->chain_x = g->strip_plot.x + g->strip_plot.w + CHAIN_W * s / 2;
    return sq;
}

void view_maps_geometry(const draw_rect *page, float s, int n_hidden, int scroll, int flags, view_maps_geom *g)
{
    memset(g, 0, sizeof *g);
    g->n_hidden = n_hidden;
    const float pad = PANEL_PAD * s, title = TITLE_H * s;
    /* the units: rows in one, two or three groups side by side; the units' maps and the output's share the
     * page's width so that the smaller of a unit's map and half of ŷ's is as large as it can be (ŷ and f are
     * what the room reads first; another group only for clearly larger maps: one column of rows reads best).
     * The colour bars sit under their columns, or, when the columns are too narrow for their values, one
     * under the other across the panel. Below CELL_MIN the rows scroll. */
    float cell = 0, score = 0, avail_h = 0;
    int groups = 1, stacked = 0;
    view_maps_geom probe;
    for (int gr = 1; gr <= 3; gr++) {
        const int per = (n_hidden + gr - 1) / gr;
        const float ah = page->h - pad - title - (HEAD_H + HEAD_PAD) * s - BAR_H * s; /* rows and their gaps */
        const float c_flat = fminf((ah + ROW_GAP * s) / (float)per - ROW_GAP * s, CELL_MAX * s);
        const float c_stacked = fminf((ah - 2 * BAR_H * s + ROW_GAP * s) / (float)per - ROW_GAP * s, CELL_MAX * s);
        float best_c = 0, best = -1;
        int best_st = 0;
        for (float c = floorf(c_flat); c >= ceilf(CELL_MIN * s); c -= 1) {
            const int st = fmaxf(c + COL_GAP * s, COL_MIN * s) < BAR_MIN_W * s;
            if (st && c > c_stacked) continue;
            const float uw = units_width(s, c, gr);
            if (uw + GAP * s >= page->w) continue;
            const float sq = output_geometry(page, s, page->x + uw + GAP * s, flags, &probe);
            const float sc = fminf(c, sq / OUT_WEIGHT);
            if (sc > best) {
                best = sc;
                best_c = c;
                best_st = st;
            }
            if (sq / OUT_WEIGHT >= c) break; /* smaller cells only lower the score from here */
        }
        if (best < 0) { /* nothing readable: the largest cell for the height, to scroll */
            best_st = fmaxf(c_flat + COL_GAP * s, COL_MIN * s) < BAR_MIN_W * s;
            best_c = best_st ? c_stacked : c_flat;
            best = best_c;
        }
        if (gr == 1 || best > 1.25f * score) {
            cell = best_c;
            score = best;
            groups = gr;
            stacked = best_st;
            avail_h = ah - (best_st ? 2 * BAR_H * s : 0);
        }
        if (per == 1) break;
    }
    int per = (n_hidden + groups - 1) / groups;
    if (cell < CELL_MIN * s) {
        /* the rows scroll: as many groups as leave the output readable maps */
        cell = CELL_MIN * s;
        const float one = output_geometry(page, s, page->x + units_width(s, cell, 1) + GAP * s, flags, &probe);
        for (; groups > 1; groups--) {
            const float uw = units_width(s, cell, groups);
            if (uw + GAP * s < page->w &&
                output_geometry(page, s, page->x + uw + GAP * s, flags, &probe) >= fminf(OUT_MIN * s, one))
                break;
        }
        stacked = fmaxf(cell + COL_GAP * s, COL_MIN * s) < BAR_MIN_W * s;
        avail_h = page->h - pad - title - (HEAD_H + HEAD_PAD) * s - BAR_H * s - (stacked ? 2 * BAR_H * s : 0);
        per = (int)floorf((avail_h + ROW_GAP * s) / (cell + ROW_GAP * s));
        if (per < 1) per = 1;
    }
    cell = floorf(fmaxf(cell, 4));
    int rows = groups * per;
    if (rows > n_hidden) rows = n_hidden;
    const int first = scroll < 0 ? 0 : scroll > n_hidden - rows ? n_hidden - rows : scroll;
    const float col_w = fmaxf(cell + COL_GAP * s, COL_MIN * s);
    g->cell = cell;
    g->col_w = col_w;
    g->pitch = cell + ROW_GAP * s;
    g->first = first;
    g->rows = rows;
    g->per_group = per;
    g->groups = (rows + per - 1) / per;
    g->group_w = floorf(LABEL_W * s + 3 * col_w - COL_GAP * s + GROUP_GAP * s);
    g->units = (draw_rect){page->x, page->y, units_width(s, cell, g->groups), page->h};
    g->label_x = page->x + pad;
    g->label_w = LABEL_W * s;
    g->bars_stacked = stacked;
    for (int c = 0; c < 3; c++) {
        const float cx = g->label_x + g->label_w + (float)c * col_w;
        g->col_x[c] = floorf(cx + (col_w - COL_GAP * s - cell) / 2);
        if (stacked)
            g->bar[c] = (draw_rect){g->label_x, page->y + page->h - pad - (float)(3 - c) * BAR_H * s,
                                    fminf(g->units.w - 2 * pad, 3 * BAR_MIN_W * s), BAR_H * s};
        else
            g->bar[c] = (draw_rect){cx, page->y + page->h - pad - BAR_H * s, col_w - COL_GAP * s, BAR_H * s};
    }
    g->rows_y = floorf(page->y + title + (HEAD_H + HEAD_PAD) * s);
    output_geometry(page, s, g->units.x + g->units.w + GAP * s, flags, g);
}

void view_maps_geometry_for(const view_layout *lay, const view_state *vs, int n_hidden, view_maps_geom *g)
{
    const int flags = (view_loss_beside_page(lay) ? 0 : VIEW_MAPS_OWN_LOSS) | (vs->maps_cut_on ? VIEW_MAPS_SLICE : 0);
    view_maps_geometry(&lay->page, view_ui_scale(vs), n_hidden, vs->maps_scroll, flags, g);
}

draw_rect view_maps_rect(const view_maps_geom *g, view_map_kind kind, int unit)
{
    switch (kind) {
    case VIEW_MAP_YHAT: return g->yhat;
    case VIEW_MAP_F: return g->f;
    case VIEW_MAP_RES: return g->res;
    case VIEW_MAP_NONE: return (draw_rect){0, 0, 0, 0};
    default:
        if (unit < g->first || unit >= g->first + g->rows) return (draw_rect){0, 0, 0, 0};
        const int rel = unit - g->first;
        return (draw_rect){g->col_x[kind] + (float)(rel / g->per_group) * g->group_w,
                           g->rows_y + (float)(rel % g->per_group) * g->pitch, g->cell, g->cell};
    }
}

void view_maps_to_world(const draw_rect *m, float sx, float sy, double *wx, double *wy)
{
    *wx = -1.0 + 2.0 * (sx - m->x) / m->w;
    *wy = 1.0 - 2.0 * (sy - m->y) / m->h;
}

void view_maps_to_screen(const draw_rect *m, double wx, double wy, float *sx, float *sy)
{
    *sx = (float)(m->x + (wx + 1.0) * 0.5 * m->w);
    *sy = (float)(m->y + (1.0 - wy) * 0.5 * m->h);
}

view_map_kind view_maps_hit(const view_maps_geom *g, float sx, float sy, int *unit, double *wx, double *wy)
{
    *unit = -1;
    for (int kind = VIEW_MAP_YHAT; kind <= VIEW_MAP_RES; kind++) {
        const draw_rect m = view_maps_rect(g, (view_map_kind)kind, 0);
        if (view_in_rect(&m, sx, sy)) {
            view_maps_to_world(&m, sx, sy, wx, wy);
            return (view_map_kind)kind;
        }
    }
    for (int k = g->first; k < g->first + g->rows; k++)
        for (int kind = VIEW_MAP_E; kind <= VIEW_MAP_WH; kind++) {
            const draw_rect m = view_maps_rect(g, (view_map_kind)kind, k);
            if (view_in_rect(&m, sx, sy)) {
                *unit = k;
                view_maps_to_world(&m, sx, sy, wx, wy);
                return (view_map_kind)kind;
            }
        }
    return VIEW_MAP_NONE;
}

int view_maps_pick_token(const snap *s, const view_maps_geom *g, float scale, float sx, float sy)
{
    int best = -1;
    float best_d2 = (PICK_R * scale) * (PICK_R * scale);
    for (int kind = VIEW_MAP_YHAT; kind <= VIEW_MAP_RES; kind++) {
        const draw_rect m = view_maps_rect(g, (view_map_kind)kind, 0);
        if (!view_in_rect(&m, sx, sy)) continue;
        for (int i = 0; i < s->n; i++) {
            float px, py;
            view_maps_to_screen(&m, s->x[2 * i], s->x[2 * i + 1], &px, &py);
            const float d2 = (px - sx) * (px - sx) + (py - sy) * (py - sy);
            if (d2 < best_d2) {
                best_d2 = d2;
                best = i;
            }
        }
    }
    return best;
}

float view_maps_strip_x(const view_maps_geom *g, double t)
{
    return (float)(g->strip_plot.x + t * g->strip_plot.w);
}

float view_maps_strip_y(const view_maps_geom *g, double lo, double hi, double v)
{
    return (float)(g->strip_plot.y + (hi - v) / (hi - lo) * g->strip_plot.h);
}

double view_maps_arrow_scale(const snap *s)
{
    double m = 0;
    for (int k = 0; k < s->hidden; k++) m = fmax(m, hypot(s->p[2 * k], s->p[2 * k + 1])); /* w̄(1)_k: row k of W(1) */
    return m > 0 ? W_ARROW / m : 1.0;
}

/* ---- editing by geometry ---- */

#define GRAB_R 8.0f /* a tip or handle this near (× scale) is grabbed */
#define LINE_R 6.0f /* a line this near */

int view_maps_foot(const double *w, double b, double *p0)
{
    const double n2 = w[0] * w[0] + w[1] * w[1];
    if (!(n2 > 1e-24)) return 0;
    p0[0] = -w[0] * b / n2;
    p0[1] = -w[1] * b / n2;
    return 1;
}

double view_maps_edit_line(const double *w, const double *x) { return -(w[0] * x[0] + w[1] * x[1]); }

void view_maps_edit_arrow(const double *p0, double as, const double *x, double *w, double *b)
{
    w[0] = (x[0] - p0[0]) / as;
    w[1] = (x[1] - p0[1]) / as;
    *b = -(w[0] * p0[0] + w[1] * p0[1]);
}

double view_maps_weight_scale(const snap *s)
{
    nn_net net;
    snap_net(s, &net);
    double m = 0;
    for (int k = 0; k < s->hidden; k++) m = fmax(m, fabs(net.w2[k]));
    return view_heat_scale(2 * m); /* room to double the largest in one drag */
}

double view_maps_edit_weight(double m, double y) { return m * (y < -1 ? -1 : y > 1 ? 1 : y); }

double view_maps_weight_y(double m, double w)
{
    const double y = w / m;
    return y < -1 ? -1 : y > 1 ? 1 : y;
}

void view_maps_handle(const draw_rect *mw, double m, double w, float *sx, float *sy)
{
    float x;
    view_maps_to_screen(mw, 1.0, view_maps_weight_y(m, w), &x, sy);
    *sx = mw->x + mw->w;
}

/* The arrow is drawn when its foot is on the map and the map is large enough for it (unit_row's rule). */
static int arrow_shown(const view_maps_geom *g, float scale, const double *p0)
{
    return fabs(p0[0]) <= 1 && fabs(p0[1]) <= 1 && g->cell >= 40 * scale;
}

view_grab view_maps_grab(const view_maps_geom *g, const snap *s, int k, double as, double m, float scale, float sx,
                         float sy)
{
    if (k < g->first || k >= g->first + g->rows || k >= s->hidden) return VIEW_GRAB_NONE;
    nn_net net;
    snap_net(s, &net);
    const double w[2] = {net.w1[2 * k], net.w1[2 * k + 1]}, b = net.b1[k], w2 = net.w2[k];
    const draw_rect me = view_maps_rect(g, VIEW_MAP_E, k), mw = view_maps_rect(g, VIEW_MAP_WH, k);
    double p0[2];
    const int line = view_maps_foot(w, b, p0);
    if (line && arrow_shown(g, scale, p0)) {
        float tx, ty;
        view_maps_to_screen(&me, p0[0] + as * w[0], p0[1] + as * w[1], &tx, &ty);
        if (hypotf(sx - tx, sy - ty) <= GRAB_R * scale) return VIEW_GRAB_ARROW;
    }
    float hx, hy;
    view_maps_handle(&mw, m, w2, &hx, &hy);
    if (hypotf(sx - hx, sy - hy) <= GRAB_R * scale) return VIEW_GRAB_WEIGHT;
    if (line && view_in_rect(&me, sx, sy)) {
        double x[2];
        view_maps_to_world(&me, sx, sy, &x[0], &x[1]);
        /* the distance to the line in pixels: |e_k(x)|/|w̄| in x's units, a map's side being 2 of them */
        const double d = fabs(b + w[0] * x[0] + w[1] * x[1]) / hypot(w[0], w[1]) * me.w / 2;
        if (d <= LINE_R * scale) return VIEW_GRAB_LINE;
    }
    return VIEW_GRAB_NONE;
}

/* ---- drawing ---- */

static void blit(view_frame *f, const view_mapdata *md, view_map_kind kind, int unit, const draw_rect *dst)
{
    view_flush(f);
    const SDL_Rect src = view_mapdata_tile(md, kind, unit);
    const SDL_FRect d = {dst->x, dst->y, dst->w, dst->h};
    if (SDL_RenderCopyF(f->v->r, md->tex, &src, &d) < 0) f->rc = -1;
}

/* The line {x : b + w̄·x = level} across map m (world [−1, 1]²). */
static void plane_line(view_frame *f, const draw_rect *m, const double *w, double b, double level, float width,
                       SDL_Color c, int dashed)
{
    const double n2 = w[0] * w[0] + w[1] * w[1];
    if (!(n2 > 1e-24)) return;
    const double px = w[0] * (level - b) / n2, py = w[1] * (level - b) / n2; /* the foot nearest the origin */
    double t0, t1;
    if (!draw_clip_line(px, py, -w[1], w[0], -1, 1, -1, 1, &t0, &t1)) return;
    float pts[4];
    view_maps_to_screen(m, px - w[1] * t0, py + w[0] * t0, &pts[0], &pts[1]);
    view_maps_to_screen(m, px - w[1] * t1, py + w[0] * t1, &pts[2], &pts[3]);
    if (dashed)
        draw_dashed(f->dl, pts, 2, width, 4 * f->s1, 3 * f->s1, c);
    else
        draw_line(f->dl, pts[0], pts[1], pts[2], pts[3], width, c);
}

static void frame_map(view_frame *f, const draw_rect *m, SDL_Color c, float width)
{
    draw_round_rect_outline(f->dl, m->x - 0.5f, m->y - 0.5f, m->w + 1, m->h + 1, 0, width, c);
}

/* The selected token's x as a small ring on a unit's map. */
static void mark_token(view_frame *f, const draw_rect *m)
{
    if (f->sel < 0 || f->sel >= f->s->n) return;
    float sx, sy;
    view_maps_to_screen(m, f->s->x[2 * f->sel], f->s->x[2 * f->sel + 1], &sx, &sy);
    draw_ring(f->dl, sx, sy, 3.5f * f->s1, 1.5f * f->s1, f->pal->select);
}

/* The factor the pending update's lines are drawn with: the farthest line moves about 0.15 of x's units
 * (a map is 2 wide); 0 when no update is shown. */
double view_maps_update_factor(const view_frame *f)
{
    if (!f->upd_in) return 0;
    const lect_update *u = &f->v->ar.upd;
    double longest = 0;
    for (int k = 0; k < f->s->hidden; k++) {
        const double n = hypot(f->net.w1[2 * k], f->net.w1[2 * k + 1]);
        const double *dw = lect_dw1(u, k);
        /* how far the line e_k = 0 moves within the square, at most */
        if (n > 0) longest = fmax(longest, (fabs(lect_db1(u, k)) + sqrt(2.0) * hypot(dw[0], dw[1])) / n);
    }
    return longest > 0 ? lect_display_scale(longest, 0.15).factor : 0;
}

/* A unit's row is drawn in passes over all rows, so that the renderer gets few batches (each tile's copy, clip
 * rectangle and flush ends one): the tiles, then each map's clipped lines, then the marks, frames and handles
 * of every row as one group, then the words. Rows do not overlap, so the picture is the rows' one by one. */
enum { ROW_TILES, ROW_LINES, ROW_MARKS, ROW_WORDS };

static void unit_row(view_frame *f, const view_mapdata *md, const view_maps_geom *g, int k, double upd, int pass)
{
    const snap *s = f->s;
    const float s1 = f->s1;
    const double w[2] = {f->net.w1[2 * k], f->net.w1[2 * k + 1]}, b = f->net.b1[k];
    const SDL_Color uc = draw_unit_colour(f->pal, k), dark = draw_alpha(f->pal->text, 0.45f);
    const int lit = f->hl == k;
    const draw_rect me = view_maps_rect(g, VIEW_MAP_E, k), mh = view_maps_rect(g, VIEW_MAP_H, k),
                    mw = view_maps_rect(g, VIEW_MAP_WH, k);
    const float lx = g->label_x + (me.x - g->col_x[0]);
    if (pass == ROW_TILES) {
        if (lit) {
            const float y = me.y - ROW_GAP * s1 / 2;
            draw_round_rect(f->dl, lx - 4 * s1, y, mw.x + mw.w + 4 * s1 - (lx - 4 * s1), g->pitch, 4 * s1,
                            f->pal->hover);
        }
        blit(f, md, VIEW_MAP_E, k, &me);
        blit(f, md, VIEW_MAP_H, k, &mh);
        blit(f, md, VIEW_MAP_WH, k, &mw);
        return;
    }
    if (pass == ROW_LINES) {
        view_clip(f, &me);
        /* e_k's isolines: straight and parallel, a quarter of the column's scale apart (steeper planes, denser
         * lines) */
        const double step = md->m_e / 4;
        const double n = sqrt(w[0] * w[0] + w[1] * w[1]);
        for (int q = -12; q <= 12 && n > 0 && g->cell >= 40 * s1; q++)
            if (q) plane_line(f, &me, w, b, q * step, 1.0f * s1, dark, 0);
        plane_line(f, &me, w, b, 0.0, 2.0f * f->lw, uc, 0);
        /* the pending update: the line after −η∇L (× the panel's factor), dashed */
        if (upd > 0) {
            const lect_update *u = &f->v->ar.upd;
            const double *dw = lect_dw1(u, k), F = upd;
            const double w1[2] = {w[0] + F * dw[0], w[1] + F * dw[1]};
            plane_line(f, &me, w1, b + F * lect_db1(u, k), 0.0, 1.6f * f->lw, draw_mix(uc, f->pal->text, 0.45f), 1);
        }
        /* the normal w̄_k from the zero line's point nearest the centre, when that point is on the map */
        if (n > 0) {
            const double px = -w[0] * b / (n * n), py = -w[1] * b / (n * n);
            if (fabs(px) <= 1 && fabs(py) <= 1 && g->cell >= 40 * s1) {
                float ax, ay, bx, by;
                view_maps_to_screen(&me, px, py, &ax, &ay);
                const double as = f->vs->maps_edit_as > 0 ? f->vs->maps_edit_as : view_maps_arrow_scale(s);
                view_maps_to_screen(&me, px + as * w[0], py + as * w[1], &bx, &by);
                draw_arrow(f->dl, ax, ay, bx, by, 1.6f * f->lw, 6 * s1, uc);
            }
        }
        view_flush(f);
        view_clip(f, &mh);
        /* h_k's ramp: where |a e_k| < 1 the unit is neither off nor on; the edges dashed, the middle its decision
         * line */
        const double a = s->gain > 0 ? s->gain : 1.0;
        plane_line(f, &mh, w, b, 1.0 / a, 1.5f * f->lw, f->pal->text, 1);
        plane_line(f, &mh, w, b, -1.0 / a, 1.5f * f->lw, f->pal->text, 1);
        plane_line(f, &mh, w, b, 0.0, 1.0f * f->lw, uc, 0);
        view_flush(f);
        view_clip(f, NULL);
        return;
    }
    if (pass == ROW_MARKS) {
        /* the selected token unclipped: a ring on the square's edge stays a ring */
        mark_token(f, &me);
        mark_token(f, &mh);
        mark_token(f, &mw);
        frame_map(f, &me, lit ? uc : f->pal->frame, lit ? 2 : 1);
        frame_map(f, &mh, lit ? uc : f->pal->frame, lit ? 2 : 1);
        frame_map(f, &mw, lit ? uc : f->pal->frame, lit ? 2 : 1);
        /* paused, w_k has a handle on its map's right edge, at w_k on the column's scale: drag it */
        if (s->status != TRAIN_RUNNING && g->cell >= 40 * s1) {
            float hx, hy;
            view_maps_handle(&mw, f->vs->maps_edit_m > 0 ? f->vs->maps_edit_m : view_maps_weight_scale(s),
                             f->net.w2[k], &hx, &hy);
            draw_fill_rect(f->dl, hx - 5 * s1, hy - 1 * s1, 5 * s1, 2 * s1, uc);
            draw_circle(f->dl, hx, hy, 4.5f * s1, f->pal->panel);
            draw_ring(f->dl, hx, hy, 4.5f * s1, 1.5f * f->lw, uc);
        }
        return;
    }
    char lab[64], sub[16];
    view_subscript(k + 1, sub, sizeof sub);
    snprintf(lab, sizeof lab, "h%s", sub);
    view_text(f, TEXT_BOLD, FONT_LABEL, lab, lx + g->label_w / 2, me.y + me.h / 2, TEXT_CENTER | TEXT_MIDDLE, uc);
    /* w(2)_k, the height the share reaches where h_k = 1, when there is room for it */
    if (g->cell >= 56 * s1) {
        char num[32];
        view_fmt_num(num, sizeof num, "%.2g", f->net.w2[k]);
        snprintf(lab, sizeof lab, "w%s=%s", sub, num);
        view_text(f, TEXT_SANS, FONT_SMALL, lab, mw.x + 2 * s1, mw.y + mw.h - 1 * s1, TEXT_LEFT | TEXT_BOTTOM,
                  f->pal->text);
    }
}

static void units_panel(view_frame *f, const view_mapdata *md, const view_maps_geom *g)
{
    const float s1 = f->s1;
    view_panel_frame(f, &g->units);
    view_flush(f);
    char title[96];
    snprintf(title, sizeof title, "hidden units: plane, squashed, weighted (N = %d)", f->s->hidden);
    /* scrolling, the rows shown go right of the title: it leaves them room for their short form at least */
    char more[64], fewer[64];
    snprintf(more, sizeof more, "units %d\xe2\x80\x93%d of %d (scroll)", g->first + 1, g->first + g->rows, g->n_hidden);
    snprintf(fewer, sizeof fewer, "%d\xe2\x80\x93%d of %d", g->first + 1, g->first + g->rows, g->n_hidden);
    const int scrolls = g->rows < g->n_hidden;
    const float title_end =
        view_title(f, &g->units, title, "hidden units",
                   scrolls ? (float)view_text_w(f, TEXT_SANS, FONT_SMALL, fewer) + 8 * s1 : 0);
    const char *sig = nn_act_name(f->s->act);
    char hname[64];
    snprintf(hname, sizeof hname, "h\xe2\x82\x96 = %s(e\xe2\x82\x96)", strcmp(sig, "logistic") ? sig : "\xcf\x83");
    const char *names[3] = {"e\xe2\x82\x96 = b\xe2\x82\x96 + w\xcc\x84\xe2\x82\x96\xc2\xb7x", hname,
                            "w\xe2\x82\x96 h\xe2\x82\x96"};
    const char *shorter[3] = {"e\xe2\x82\x96", "h\xe2\x82\x96", "w\xe2\x82\x96 h\xe2\x82\x96"};
    const float hy = g->rows_y - HEAD_H * s1;
    for (int q = 0; q < 3 * g->groups; q++) {
        const int c = q % 3;
        const float gx = (float)(q / 3) * g->group_w;
        char fit[96];
        const float avail = g->col_w - 2 * s1;
        const char *name = (float)view_text_w(f, TEXT_SANS, FONT_TICK, names[c]) <= avail ? names[c] : shorter[c];
        view_fit_text(f, TEXT_SANS, FONT_TICK, name, avail, fit, sizeof fit);
        view_text(f, TEXT_SANS, FONT_TICK, fit, gx + g->col_x[c] + g->cell / 2, hy + 1 * s1, TEXT_CENTER | TEXT_TOP,
                  f->pal->text);
    }
    const double upd = view_maps_update_factor(f);
    for (int pass = ROW_TILES; pass <= ROW_WORDS; pass++) {
        /* the marks, frames and handles kind by kind: a ring under the frame it sits on, as drawn row by row */
        if (pass == ROW_MARKS) draw_list_group_begin(f->dl);
        for (int k = g->first; k < g->first + g->rows; k++) unit_row(f, md, g, k, upd, pass);
        if (pass == ROW_MARKS) {
            draw_list_group_end(f->dl);
            view_flush(f);
        }
    }
    if (upd > 0 && g->rows >= g->n_hidden) {
        char note[96], num[32], fit[96];
        view_fmt_num(num, sizeof num, "%g", upd);
        snprintf(note, sizeof note, "dashed: after \xe2\x88\x92\xce\xb7\xe2\x88\x87L, \xc3\x97%s", num);
        /* beside the title when both fit, else under the colour bars' row of names */
        const float room = g->units.w - 2 * PANEL_PAD * s1 - (float)view_text_w(f, TEXT_BOLD, FONT_TITLE, title) - 16 * s1;
        if ((float)view_text_w(f, TEXT_SANS, FONT_SMALL, note) <= room) {
            view_fit_text(f, TEXT_SANS, FONT_SMALL, note, room, fit, sizeof fit);
            view_text(f, TEXT_SANS, FONT_SMALL, fit, g->units.x + g->units.w - PANEL_PAD * s1, g->units.y + 6 * s1,
                      TEXT_RIGHT | TEXT_TOP, f->pal->text_dim);
        }
    }
    if (scrolls) {
        const float room = g->units.x + g->units.w - PANEL_PAD * s1 - title_end - 8 * s1;
        view_text(f, TEXT_SANS, FONT_SMALL, (float)view_text_w(f, TEXT_SANS, FONT_SMALL, more) <= room ? more : fewer,
                  g->units.x + g->units.w - PANEL_PAD * s1, g->units.y + 6 * s1, TEXT_RIGHT | TEXT_TOP,
                  f->pal->text_dim);
    }
    const double m[3] = {md->m_e, md->m_h, md->m_wh};
    for (int c = 0; c < 3; c++) view_heat_bar(f, g->bar[c], m[c], g->bars_stacked ? shorter[c] : "");
}

/* −1, 0, 1 along a map's left and bottom edges, with the axes' names. */
static void map_ticks(view_frame *f, const draw_rect *m)
{
    const float s1 = f->s1;
    static const char *const lab[3] = {"\xe2\x88\x92" "1", "0", "1"};
    for (int i = 0; i < 3; i++) {
        const float t = (float)i / 2;
        view_text(f, TEXT_SANS, FONT_TICK, lab[i], m->x + t * m->w, m->y + m->h + 1 * s1, TEXT_CENTER | TEXT_TOP,
                  f->pal->text_dim);
        view_text(f, TEXT_SANS, FONT_TICK, lab[i], m->x - 3 * s1, m->y + (1 - t) * m->h, TEXT_RIGHT | TEXT_MIDDLE,
                  f->pal->text_dim);
    }
    view_text(f, TEXT_SANS, FONT_SMALL, "x\xe2\x82\x80", m->x + 0.75f * m->w, m->y + m->h + 1 * s1,
              TEXT_CENTER | TEXT_TOP, f->pal->text_dim);
    view_text(f, TEXT_SANS, FONT_SMALL, "x\xe2\x82\x81", m->x - 3 * s1, m->y + 0.25f * m->h, TEXT_RIGHT | TEXT_MIDDLE,
              f->pal->text_dim);
}

/* The tokens on an output map; the selected one ringed, the hovered one haloed. */
static void tokens(view_frame *f, const draw_rect *m)
{
    const snap *s = f->s;
    /* at most a fifth of the tokens' mean spacing (a grid's, for random ones too): a small map in presenter
     * mode keeps more heatmap than dots */
    const float spacing = m->w / sqrtf((float)(s->n > 1 ? s->n : 1));
    const float r = fmaxf(fminf(s->n > 400 ? 1.2f * f->s1 : 1.8f * f->s1, 0.2f * spacing), 0.8f);
    for (int i = 0; i < s->n; i++) {
        float sx, sy;
        if (fabs(s->x[2 * i]) > 1 || fabs(s->x[2 * i + 1]) > 1) continue; /* moved off the square */
        view_maps_to_screen(m, s->x[2 * i], s->x[2 * i + 1], &sx, &sy);
        draw_circle(f->dl, sx, sy, r, draw_alpha(f->pal->token, 0.75f));
    }
    if (f->vs->hovered_token >= 0 && f->vs->hovered_token < s->n) {
        float sx, sy;
        view_maps_to_screen(m, s->x[2 * f->vs->hovered_token], s->x[2 * f->vs->hovered_token + 1], &sx, &sy);
        draw_circle(f->dl, sx, sy, 7 * f->s1, f->pal->hover);
    }
    if (f->sel >= 0 && f->sel < s->n) {
        float sx, sy;
        view_maps_to_screen(m, s->x[2 * f->sel], s->x[2 * f->sel + 1], &sx, &sy);
        draw_ring(f->dl, sx, sy, 5 * f->s1, 2 * f->lw, f->pal->select);
    }
}

static void isolines(view_frame *f, const view_mapdata *md, const draw_rect *m)
{
    const SDL_Color c = draw_alpha(f->pal->text, 0.7f);
    for (int i = 0; i < md->n_iso; i++) {
        float a[2], b[2];
        view_maps_to_screen(m, md->iso[4 * i], md->iso[4 * i + 1], &a[0], &a[1]);
        view_maps_to_screen(m, md->iso[4 * i + 2], md->iso[4 * i + 3], &b[0], &b[1]);
        /* each piece overlaps its neighbours by half a pixel, so that butt ends leave no gaps */
        const float dx = b[0] - a[0], dy = b[1] - a[1], len = sqrtf(dx * dx + dy * dy);
        if (!(len > 0)) continue;
        const float ex = 0.5f * dx / len, ey = 0.5f * dy / len;
        draw_line(f->dl, a[0] - ex, a[1] - ey, b[0] + ex, b[1] + ey, 1.2f * f->lw, c);
    }
}

/* A title over a map from x0, its short form when the long one would reach x1. */
static void map_title(view_frame *f, float x0, float x1, float y, const char *longer, const char *shorter)
{
    char fit[96];
    const float avail = x1 - x0 - 16 * f->s1; /* a clear gap before the next map's title, not a word space */
    const char *t = (float)view_text_w(f, TEXT_BOLD, FONT_TITLE, longer) <= avail ? longer : shorter;
    view_fit_text(f, TEXT_BOLD, FONT_TITLE, t, avail, fit, sizeof fit);
    view_text(f, TEXT_BOLD, FONT_TITLE, fit, x0, y + 5 * f->s1, TEXT_LEFT | TEXT_TOP, f->pal->text);
}

/* The slice's segment on an output map: from a (a dot) to b (the arrow's head), t's direction. */
static void cut_on_map(view_frame *f, const draw_rect *m)
{
    if (!f->vs->maps_cut_on) return;
    const double *c = f->vs->maps_cut;
    float ax, ay, bx, by;
    view_maps_to_screen(m, c[0], c[1], &ax, &ay);
    view_maps_to_screen(m, c[2], c[3], &bx, &by);
    view_clip(f, m);
    const SDL_Color halo = draw_alpha(f->pal->panel, 0.8f);
    draw_line(f->dl, ax, ay, bx, by, 4.5f * f->lw, halo);
    draw_arrow(f->dl, ax, ay, bx, by, 2.0f * f->lw, 8 * f->s1, f->pal->text);
    draw_circle(f->dl, ax, ay, 3.5f * f->s1, f->pal->text);
    view_flush(f);
    view_clip(f, NULL);
}

/* One row of the strip's data as a polyline over the plot. */
static void strip_curve(view_frame *f, const view_maps_geom *g, const view_mapdata *md, const double *v, float width,
                        SDL_Color c, int style /* 0 solid, 1 dashed, 2 dotted */)
{
    enum { M = MAPDATA_SLICE_M };
    float pts[2 * M];
    for (int i = 0; i < M; i++) {
        pts[2 * i] = view_maps_strip_x(g, (double)i / (M - 1));
        pts[2 * i + 1] = view_maps_strip_y(g, md->sl_lo, md->sl_hi, v[i]);
    }
    if (style == 0)
        draw_polyline(f->dl, pts, M, width, c);
    else if (style == 1)
        draw_dashed(f->dl, pts, M, width, 7 * f->s1, 4 * f->s1, c);
    else
        draw_dashed(f->dl, pts, M, width, 2 * f->s1, 3 * f->s1, c);
}

/* No slice yet: how to draw one, in the room the geometry left for it (the strip takes the maps no room until
 * there is a slice): lines of their own where that room is tall, else one line, the short one if need be. */
static void slice_hint(view_frame *f, const view_maps_geom *g)
{
    const draw_rect *h = &g->hint;
    if (f->vs->maps_cut_on || !view_rect_ok(h)) return;
    const float s1 = f->s1, lh = SIDE_LINE_H * s1 + 2 * s1;
    char fit[192];
    static const char *const lines[5] = {"slice strip", "drag a segment across \xc5\xb7(x)",
                                         "to see the shares w\xe2\x82\x96h\xe2\x82\x96 along it",
                                         "add up to \xc5\xb7: the second layer", "adds them up"};
    int widest = 0;
    for (int i = 0; i < 5; i++) {
        const int w = view_text_w(f, i ? TEXT_SANS : TEXT_BOLD, FONT_SMALL, lines[i]);
        widest = w > widest ? w : widest;
    }
    if (h->h >= 5 * lh && (float)widest <= h->w) {
        const float y0 = h->y + h->h / 2 - 2.5f * lh;
        for (int i = 0; i < 5; i++)
            view_text(f, i ? TEXT_SANS : TEXT_BOLD, FONT_SMALL, lines[i], h->x + h->w / 2, y0 + (float)i * lh,
                      TEXT_CENTER | TEXT_TOP, f->pal->text_dim);
        return;
    }
    const char *longer = "slice strip: drag a segment across \xc5\xb7(x) to see the shares w\xe2\x82\x96h\xe2\x82\x96 "
                         "along it add up to \xc5\xb7";
    const char *shorter[2] = {"drag across \xc5\xb7", "to draw a slice"};
    if ((float)view_text_w(f, TEXT_SANS, FONT_SMALL, longer) <= h->w) {
        view_text(f, TEXT_SANS, FONT_SMALL, longer, h->x + h->w / 2, h->y + h->h / 2, TEXT_CENTER | TEXT_MIDDLE,
                  f->pal->text_dim);
        return;
    }
    /* the short words on one line, or on two where the room is narrow and tall enough */
    char one[64];
    snprintf(one, sizeof one, "%s %s", shorter[0], shorter[1]);
    const int two = (float)view_text_w(f, TEXT_SANS, FONT_SMALL, one) > h->w && h->h >= 2 * lh;
    for (int i = 0; i < 1 + two; i++) {
        view_fit_text(f, TEXT_SANS, FONT_SMALL, two ? shorter[i] : one, h->w, fit, sizeof fit);
        view_text(f, TEXT_SANS, FONT_SMALL, fit, h->x + h->w / 2, h->y + h->h / 2 + (two ? ((float)i - 1) * lh : 0),
                  two ? TEXT_CENTER | TEXT_TOP : TEXT_CENTER | TEXT_MIDDLE, f->pal->text_dim);
    }
}

/* The slice strip: along the segment, every share w_k h_k(t) (solid, unit colours), the running sum from
 * b(2) (dotted, in the colour of the unit just added), ŷ(t) bold and f(t) dashed; at t = 1 the output
 * chain b(2) → … → ŷ as arrows: "the second layer adds them up". */
static void strip(view_frame *f, view_mapdata *md, const view_maps_geom *g)
{
    const float s1 = f->s1;
    const draw_rect *p = &g->strip_plot;
    char buf[192], fit[192];
    if (!f->vs->maps_cut_on) return;
    if (view_mapdata_slice(md, f->s, f->vs->maps_cut) < 0) {
        f->rc = -1;
        return;
    }
    enum { M = MAPDATA_SLICE_M };
    const int n = f->s->hidden;
    if (g->strip_beside) {
        static const char *const legend[3] = {
            "slice along a\xe2\x86\x92" "b: w\xe2\x82\x96h\xe2\x82\x96 solid,",
            "b\xe2\x81\xbd\xc2\xb2\xe2\x81\xbe + \xce\xa3 w\xe2\x82\x96h\xe2\x82\x96 so far dotted,",
            "\xc5\xb7 bold, f dashed: they add up"};
        for (int i = 0; i < 3; i++) {
            view_fit_text(f, TEXT_SANS, FONT_SMALL, legend[i], g->strip.w - 2 * s1, fit, sizeof fit);
            view_text(f, TEXT_SANS, FONT_SMALL, fit, g->strip.x, g->strip.y + (float)i * SIDE_LINE_H * s1,
                      TEXT_LEFT | TEXT_TOP, f->pal->text);
        }
    } else {
        view_fit_text(f, TEXT_SANS, FONT_SMALL,
                      "along a\xe2\x86\x92" "b: w\xe2\x82\x96h\xe2\x82\x96 (solid), b\xe2\x81\xbd\xc2\xb2\xe2\x81\xbe + "
                      "\xce\xa3 w\xe2\x82\x96h\xe2\x82\x96 so far (dotted), \xc5\xb7 bold, f dashed: the second layer adds them up",
                      g->strip.w - 4 * s1, fit, sizeof fit);
        view_text(f, TEXT_SANS, FONT_SMALL, fit, g->strip.x, g->strip.y + 1 * s1, TEXT_LEFT | TEXT_TOP, f->pal->text);
    }
    draw_fill_rect(f->dl, p->x, p->y, p->w, p->h, f->pal->panel);
    /* 0 and the range's ends on the left */
    const double lo = md->sl_lo, hi = md->sl_hi;
    if (lo < 0 && hi > 0) {
        const float y0 = view_maps_strip_y(g, lo, hi, 0);
        draw_hairline(f->dl, p->x, y0, p->x + p->w, y0, f->pal->grid);
        view_text(f, TEXT_SANS, FONT_TICK, "0", p->x - 3 * s1, y0, TEXT_RIGHT | TEXT_MIDDLE, f->pal->text_dim);
    }
    const double ends[2] = {hi, lo};
    for (int q = 0; q < 2; q++) {
        char num[32];
        view_fmt_num(num, sizeof num, fabs(ends[q]) < 0.1 ? "%.2f" : "%.1f", ends[q]);
        view_text(f, TEXT_SANS, FONT_TICK, num, p->x - 3 * s1, q ? p->y + p->h : p->y,
                  TEXT_RIGHT | (q ? TEXT_BOTTOM : TEXT_TOP), f->pal->text_dim);
    }
    view_clip(f, &(draw_rect){p->x, p->y, g->strip.x + g->strip.w - p->x, p->h});
    strip_curve(f, g, md, md->sl_run, 1.0f * f->lw, draw_alpha(f->pal->text_dim, 0.8f), 2); /* b(2) */
    for (int k = 0; k < n; k++) {
        const SDL_Color uc = draw_unit_colour(f->pal, k);
        const int lit = f->hl == k;
        if (k < n - 1) /* the last running sum is ŷ, drawn bold below */
            strip_curve(f, g, md, md->sl_run + (size_t)(k + 1) * M, (lit ? 1.8f : 1.1f) * f->lw, uc, 2);
        strip_curve(f, g, md, md->sl_share + (size_t)k * M, (lit ? 2.4f : 1.3f) * f->lw,
                    lit || f->hl < 0 ? uc : draw_alpha(uc, 0.5f), 0);
    }
    strip_curve(f, g, md, md->sl_f, 1.8f * f->lw, f->pal->text, 1);
    strip_curve(f, g, md, md->sl_yhat, 3.0f * f->lw, f->pal->pred, 0);
    /* the chain at t = 1: each unit's share stacked on the sum before it, ending on ŷ(b) */
    const float xr = p->x + p->w;
    float y = view_maps_strip_y(g, lo, hi, md->sl_run[M - 1]);
    draw_line(f->dl, xr, y, g->chain_x + 6 * s1, y, 1.0f * f->lw, f->pal->text_dim);
    for (int k = 0; k < n; k++) {
        const float y1 = view_maps_strip_y(g, lo, hi, md->sl_run[(size_t)(k + 1) * M + M - 1]);
        const float x = g->chain_x + (k % 2 ? 3.0f : -3.0f) * s1;
        if (fabsf(y1 - y) >= 1.0f)
            draw_arrow(f->dl, x, y, x, y1, 1.6f * f->lw, fminf(6 * s1, 0.6f * fabsf(y1 - y)), draw_unit_colour(f->pal, k));
        y = y1;
    }
    const float yh = view_maps_strip_y(g, lo, hi, md->sl_yhat[M - 1]);
    draw_line(f->dl, xr, yh, g->chain_x, yh, 1.0f * f->lw, f->pal->pred);
    draw_ring(f->dl, g->chain_x, yh, 4 * s1, 1.8f * f->lw, f->pal->pred);
    view_flush(f);
    view_clip(f, NULL);
    frame_map(f, p, f->pal->frame, 1);
    view_flush(f);
    /* the segment's ends under the plot */
    const double *c = f->vs->maps_cut;
    char na[32], nb[32], nc[32], nd[32];
    view_fmt_num(na, sizeof na, "%.2f", c[0]);
    view_fmt_num(nb, sizeof nb, "%.2f", c[1]);
    view_fmt_num(nc, sizeof nc, "%.2f", c[2]);
    view_fmt_num(nd, sizeof nd, "%.2f", c[3]);
    /* beside f the plot is too narrow for both on one line: b on the line under a */
    const float by = p->y + p->h + 1 * s1 + (g->strip_beside ? SIDE_LINE_H * s1 : 0);
    snprintf(buf, sizeof buf, "a = (%s, %s)", na, nb);
    view_text(f, TEXT_SANS, FONT_TICK, buf, p->x, p->y + p->h + 1 * s1, TEXT_LEFT | TEXT_TOP, f->pal->text_dim);
    snprintf(buf, sizeof buf, "b = (%s, %s)", nc, nd);
    view_text(f, TEXT_SANS, FONT_TICK, buf, p->x + p->w, by, TEXT_RIGHT | TEXT_TOP, f->pal->text_dim);
}

static void output_panels(view_frame *f, view_mapdata *md, const view_maps_geom *g)
{
    const float s1 = f->s1;
    char buf[128], num[48];
    view_panel_frame(f, &g->outp);
    view_panel_frame(f, &g->resp);
    if (view_rect_ok(&g->stripp)) view_panel_frame(f, &g->stripp);
    view_flush(f);
    /* titles over each map rather than one for the panel: "ŷ(x)" and "f(x)" sit where they point */
    map_title(f, g->yhat.x - AX_L * s1, g->f.x - AX_L * s1, g->outp.y, "output \xc5\xb7(x), f's isolines",
              "\xc5\xb7(x)");
    const int right_of_f = g->strip_beside && !view_rect_ok(&g->stripp);
    map_title(f, g->f.x - AX_L * s1, right_of_f ? g->strip.x : g->outp.x + g->outp.w - PANEL_PAD * s1,
              g->outp.y, view_mmse_f_title(f->s, 0), view_mmse_f_title(f->s, 1));
    /* ŷ, f and ŷ − f in passes, as the units' rows: the tiles, f's isolines clipped to ŷ and to f, then the tokens
     * and frames of the three as one group (the maps are apart: the picture is theirs one by one) */
    const draw_rect *const maps[3] = {&g->yhat, &g->f, &g->res};
    for (int i = 0; i < 3; i++) blit(f, md, (view_map_kind)(VIEW_MAP_YHAT + i), 0, maps[i]);
    for (int i = 0; i < 2; i++) {
        view_clip(f, maps[i]);
        isolines(f, md, maps[i]);
        view_flush(f);
    }
    view_clip(f, NULL);
    draw_list_group_begin(f->dl);
    for (int i = 0; i < 3; i++) {
        tokens(f, maps[i]);
        frame_map(f, maps[i], f->pal->frame, 1);
    }
    draw_list_group_end(f->dl);
    view_flush(f);
    for (int i = 0; i < 3; i++) map_ticks(f, maps[i]);
    view_draw_mmse_tokens(f, &g->f, md->m_out);
    view_heat_bar(f, g->bar_out, md->m_out, "\xc5\xb7, f, \xc5\xb7 \xe2\x88\x92 f");
    cut_on_map(f, &g->yhat);
    cut_on_map(f, &g->f);
    strip(f, md, g);
    slice_hint(f, g);

    view_title(f, &g->resp, "residual \xc5\xb7 \xe2\x88\x92 f", "\xc5\xb7 \xe2\x88\x92 f", 0);
    cut_on_map(f, &g->res);
    view_fmt_num(num, sizeof num, "%.3g", md->max_res);
    snprintf(buf, sizeof buf, "max |\xc5\xb7 \xe2\x88\x92 f| = %s", num);
    view_text(f, TEXT_SANS, FONT_TICK, buf, g->bar_res.x, g->bar_res.y, TEXT_LEFT | TEXT_TOP, f->pal->text);
    view_fmt_num(num, sizeof num, "%.3g", md->true_err);
    snprintf(buf, sizeof buf, "E|\xc5\xb7 \xe2\x88\x92 f|\xc2\xb2 = %s (same colours as \xc5\xb7)", num);
    char fit[128];
    view_fit_text(f, TEXT_SANS, FONT_TICK, buf, g->bar_res.w, fit, sizeof fit);
    view_text(f, TEXT_SANS, FONT_TICK, fit, g->bar_res.x, g->bar_res.y + 14 * s1, TEXT_LEFT | TEXT_TOP,
              f->pal->error);
}

static void loss_panel(view_frame *f, const view_mapdata *md, const view_maps_geom *g)
{
    view_layout lay = *f->lay;
    lay.loss = g->lossp;
    view_frame lf = *f;
    lf.lay = &lay;
    lf.loss2 = md->te;
    lf.n_loss2 = md->n_te;
    lf.loss2_what = TRUE_ERROR;
    view_draw_loss(&lf);
    f->rc |= lf.rc;
}

void view_draw_maps(view_frame *f)
{
    view_mapdata *md = view_maps_data(f);
    if (!md) return;
    view_maps_geom g;
    view_maps_geometry_for(f->lay, f->vs, f->s->hidden, &g);
    units_panel(f, md, &g);
    output_panels(f, md, &g);
    if (view_rect_ok(&g.lossp)) {
        loss_panel(f, md, &g);
    } else { /* the band's loss panel, drawn after the page, plots the true error beside L */
        f->loss2 = md->te;
        f->n_loss2 = md->n_te;
        f->loss2_what = TRUE_ERROR;
    }
}

/* A fresh view of a headless run holds E|ŷ − f|² at the last step alone: the run's earlier points (the same
 * mean over the same grid, scene_true_error) go in front, the newest kept when there are too many. */
static void seed_curve(view_mapdata *md, const view_state *vs)
{
    if (!vs->true_err || md->n_te != 1) return;
    const double last[2] = {md->te[0], md->te[1]};
    int n = 0;
    while (n < vs->n_true_err && vs->true_err[2 * n] < last[0]) n++;
    const int from = n > MAPDATA_TE_CAP - 1 ? n - (MAPDATA_TE_CAP - 1) : 0;
    memcpy(md->te, vs->true_err + 2 * from, (size_t)(n - from) * 2 * sizeof *md->te);
    md->te[2 * (n - from)] = last[0];
    md->te[2 * (n - from) + 1] = last[1];
    md->n_te = n - from + 1;
}

view_mapdata *view_maps_data(view_frame *f)
{
    view_ctx *v = f->v;
    if (!v->maps && !(v->maps = view_mapdata_create())) {
        f->rc = -1;
        return NULL;
    }
    if (view_mapdata_eval(v->maps, f->s) < 0 || view_mapdata_upload(v->maps, v->r) < 0) {
        f->rc = -1;
        return NULL;
    }
    seed_curve(v->maps, f->vs);
    return v->maps;
}
