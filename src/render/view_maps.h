/* view_maps: the universal scene's train page: per hidden unit the maps e_k, h_k, w_k h_k; ŷ beside f with
 * f's isolines; the residual ŷ − f; the loss with the true error. Its geometry and hit tests are here so
 * that the window's clicks land where the maps are drawn. Main thread only (drawing; geometry is pure).
 * Invariants: every map is evaluated once per new snapshot (a cache keyed by the weights), never per frame. */
#ifndef RENDER_VIEW_MAPS_H
#define RENDER_VIEW_MAPS_H

#include "render/draw.h"
#include "train/snapshot.h"

/* The maps' grid: the true error's, so the residual map's mean square is E|ŷ − f|². */
#define VIEW_MAPS_G SCENE_TRUE_ERROR_GRID

typedef enum {
    VIEW_MAP_E,    /* e(1)_k = b(1)_k + w̄(1)_k·x */
    VIEW_MAP_H,    /* h_k = σ(e(1)_k) */
    VIEW_MAP_WH,   /* w(2)_k h_k */
    VIEW_MAP_YHAT, /* ŷ */
    VIEW_MAP_F,    /* f */
    VIEW_MAP_RES,  /* ŷ − f */
    VIEW_MAP_NONE
} view_map_kind;

typedef struct {
    draw_rect units;         /* the hidden units' panel */
    draw_rect outp, resp, lossp; /* panels: ŷ and f, the residual, the loss */
    draw_rect yhat, f, res;  /* the output maps (squares) */
    float cell;              /* side of a unit's map */
    float pitch;             /* from one unit's row to the next */
    float col_x[3];          /* left edge of the maps of e, h, w h (of the first group) */
    float col_w;             /* from one column to the next */
    float label_x, label_w;  /* the units' label column (of the first group) */
    float rows_y;            /* top of the first row shown */
    int first, rows;         /* units first .. first + rows − 1 are shown */
    int groups, per_group;   /* in groups of per_group rows side by side, group_w apart */
    float group_w;
    int n_hidden;
    draw_rect bar[3];        /* the colour bars of the three columns */
    int bars_stacked;        /* one under the other across the panel (narrow columns), named */
    draw_rect bar_out, bar_res;
    int strip_beside;        /* 1: the slice strip is a column, its legend on lines of its own (right of f, or in
                              * stripp), 0: under ŷ and f */
    draw_rect strip;         /* the slice strip: its plot, with ticks left and the chain right; w = 0: no slice */
    draw_rect stripp;        /* the strip's own panel beside the residual (the loss is in presenter mode's band) */
    draw_rect hint;          /* no slice yet: where the guidance to draw one goes (it takes the maps no room) */
    draw_rect strip_plot;    /* where the curves go (t from 0 at the left to 1 at the right) */
    float chain_x;           /* the output chain at t = 1: b(2) → … → ŷ drawn as arrows up this column */
} view_maps_geom;

/* view_maps_geometry's flags */
#define VIEW_MAPS_OWN_LOSS 1 /* the page draws the loss (presenter mode has it in the band beside the page) */
#define VIEW_MAPS_SLICE 2    /* a slice is drawn: the strip takes room (without one, a line of guidance) */

/* Where everything goes in page at UI scale s for N hidden units, the rows shown from unit `scroll` on
 * (clamped): the rows shrink to fit down to a readable size, and scroll past it. */
void view_maps_geometry(const draw_rect *page, float s, int n_hidden, int scroll, int flags, view_maps_geom *g);
/* view_maps_geometry_for (view.h): the geometry the page is drawn with in a layout for a view state. */
/* The rect of unit k's map of kind (E, H, WH), or of an output map; w = 0 when it is not shown. */
draw_rect view_maps_rect(const view_maps_geom *g, view_map_kind kind, int unit);
/* World point of a map's pixel and back (maps show [−1, 1]², x1 up). */
void view_maps_to_world(const draw_rect *m, float sx, float sy, double *wx, double *wy);
void view_maps_to_screen(const draw_rect *m, double wx, double wy, float *sx, float *sy);
/* The map under (sx, sy), its unit (E, H, WH; else -1) and the world point there. VIEW_MAP_NONE when none. */
view_map_kind view_maps_hit(const view_maps_geom *g, float sx, float sy, int *unit, double *wx, double *wy);
/* The slice strip's vertical scale: value v at screen y, for curves ranging over [lo, hi]. */
float view_maps_strip_y(const view_maps_geom *g, double lo, double hi, double v);
float view_maps_strip_x(const view_maps_geom *g, double t);
/* The w̄_k arrows are drawn this many times w̄_k long (x's units): the longest is half the square. */
double view_maps_arrow_scale(const snap *s);
/* ---- editing a unit by its geometry (pure) ---- */

/* What a press on a unit's maps grabs: its line e_k = 0 (on e_k's map), the tip of its w̄_k arrow (e_k's
 * map), or the w_k handle (on the right edge of w_k h_k's map). */
typedef enum { VIEW_GRAB_NONE, VIEW_GRAB_LINE, VIEW_GRAB_ARROW, VIEW_GRAB_WEIGHT } view_grab;

/* Where unit k's arrow starts: the point of its line e_k = 0 nearest the origin, p0 = −b w̄/|w̄|². 0 when
 * w̄ = 0 (no line). */
int view_maps_foot(const double *w /* (2) */, double b, double *p0 /* (2) */);
/* The line dragged through x (w̄ kept): b = −w̄·x. */
double view_maps_edit_line(const double *w /* (2) */, const double *x /* (2) */);
/* The arrow's tip dragged to x, the arrow drawn `as` times w̄ long from p0: w̄ = (x − p0)/as, and the line
 * turns about p0 (it still passes through it): b = −w̄·p0. */
void view_maps_edit_arrow(const double *p0 /* (2) */, double as, const double *x /* (2) */, double *w /* (2) */,
                          double *b);
/* The scale the w_k handles are drawn on: twice the largest |w_k| rounded up to a nice number. */
double view_maps_weight_scale(const snap *s);
/* The w_k handle at world height y ∈ [−1, 1] of a w h map whose colour scale is ±m: w_k = m·y; and back. */
double view_maps_edit_weight(double m, double y);
double view_maps_weight_y(double m, double w);
/* What (sx, sy) grabs of unit k's maps (the tip first, then the handle, then the line), given the arrow's
 * scale as and the w h maps' colour scale m. VIEW_GRAB_NONE when nothing is near. */
view_grab view_maps_grab(const view_maps_geom *g, const snap *s, int k, double as, double m, float scale, float sx,
                         float sy);
/* Where the w_k handle is drawn on w h's map (its right edge). */
void view_maps_handle(const draw_rect *mw, double m, double w, float *sx, float *sy);

/* The token nearest to (sx, sy) on an output map, within 12 px × s, or -1. */
int view_maps_pick_token(const snap *s, const view_maps_geom *g, float scale, float sx, float sy);

#endif
