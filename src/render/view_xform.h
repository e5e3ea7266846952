/* view_xform: the planes' world <-> screen transforms, pan and zoom, the bars' layout, the hit tests,
 * and the panels' margins they all measure from.
 * Main thread only (it reads the UI's view_state); pure arithmetic, no drawing.
 * Invariants: the panels draw with these same functions, so a hit lands where its marker is drawn. */
#ifndef RENDER_VIEW_XFORM_H
#define RENDER_VIEW_XFORM_H

#include "render/draw.h"
#include "render/lecture.h"
#include "render/view_state.h"
#include "train/snapshot.h"

/* A panel's margins (logical pixels at scale 1): the plot area of a plane and the bars' charts
 * sit inside them, for drawing and hit tests alike. */
#define PANEL_PAD 8.0f
#define TITLE_H 24.0f
#define AXIS_LEFT 36.0f   /* room for y tick labels */
#define AXIS_BOTTOM 20.0f /* room for x tick labels */

static inline int view_rect_ok(const draw_rect *r) { return r->w > 1 && r->h > 1; }

static inline int view_in_rect(const draw_rect *r, float x, float y)
{
    return x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

/* ---- transforms: world (plane coordinates) <-> screen pixels ---- */

typedef struct {
    draw_rect r;           /* the plot area in pixels (inside the panel's margins) */
    double wx0, wx1;       /* world x at the left and right edges of r */
    double wy0, wy1;       /* world y at the bottom and top edges of r */
} view_xform;

/* The transform a plane is drawn with (the same computation view_draw uses). */
view_xform view_plane_xform(const snap *s, const view_state *vs, const view_layout *lay, view_plane p);
/* Pixel coordinates beyond ±1e7 are clamped (so that floats stay finite). */
void view_to_screen(const view_xform *t, double wx, double wy, float *sx, float *sy);
void view_to_world(const view_xform *t, float sx, float sy, double *wx, double *wy);
/* Which plane's plot area contains the point, or -1. */
int view_plane_at(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy);

/* Zoom a plane by `factor` (> 1 zooms in) keeping the world point under (sx, sy) fixed. */
void view_zoom_at(view_state *vs, const snap *s, const view_layout *lay, view_plane p, float sx, float sy,
                  double factor);
/* Pan a plane so that the content follows a mouse move of (dx, dy) pixels. */
void view_pan_by(view_state *vs, const snap *s, const view_layout *lay, view_plane p, float dx, float dy);

/* The factor the pending update arrows of plane p are drawn with (the longest about a fifth of the
 * plane): an arrow for Δ starts at the parameter and ends at parameter + factor × Δ. Computed with
 * the arrows themselves, in view_update.c; declared here beside the other per-plane geometry. */
lect_scale view_update_scale(const snap *s, const view_state *vs, const view_layout *lay, view_plane p);

/* ---- hit tests ---- */

typedef enum { VIEW_PICK_INPUT, VIEW_PICK_TARGET, VIEW_PICK_PREDICTION } view_pick_kind;

typedef struct {
    int token;           /* -1 when nothing is near */
    view_pick_kind kind; /* x_i in the input plane; y_i or ŷ_i in the output plane */
    view_plane plane;
    double wx, wy;       /* the picked point's world position */
} view_pick;

/* The token marker nearest to (sx, sy) within a radius of ~12 px × scale, in either plane;
 * targets win over predictions at the same distance (they are what one drags). 1 found, 0 not. */
int view_pick_token(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy,
                    view_pick *out);
/* The hidden unit whose bar (e or h, including its label column) contains (sx, sy), or -1. */
int view_pick_unit(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy);
/* The scrub bar: 1 when (sx, sy) is on the loss plot (or its step labels), with the step under it,
 * clamped into the steps the trainer can go to (snap.travel). In view_loss.c, beside the drawing. */
int view_loss_step_at(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy,
                      int64_t *step);
/* 1 when (sx, sy) is on the probe's marker in the input plane (vs->probe set). */
int view_pick_probe(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy);
/* The θ of the arc point nearest to the input-plane pixel (sx, sy), within the task's θ range. */
double view_probe_theta_at(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy);

/* Screen coordinates in double: exact for any finite world point. */
void view_to_screen_d(const view_xform *t, double wx, double wy, double *sx, double *sy);

static inline double view_px_per_unit(const view_xform *t) { return t->r.w / (t->wx1 - t->wx0); }

/* The bars panel: one chart for e(1) and one for h, stacked when the panel is tall, side by
 * side when it is wide; every unit has a column of the same x in both (stacked) charts. */
typedef struct {
    draw_rect chart[2];  /* plot areas: 0 = e(1), 1 = h */
    draw_rect label[2];  /* unit label strip under each chart (empty when shared) */
    float col0[2], colw; /* unit k's column in chart c starts at col0[c] + k * colw */
    int stacked;
} view_bars_geom;

void view_bars_geometry(const view_layout *lay, float s, int n_units, view_bars_geom *g);

#endif
