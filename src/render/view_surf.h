/* view_surf: the 3-D surface page's own state (which map, how it is drawn, the camera), where the page's
 * parts sit, and the camera's projection of the surface's box onto the screen (cglm's matrices).
 * Any thread: pure data and arithmetic, no SDL calls (the window's mouse and the drawing both use it).
 * Invariants: el stays within [0, VIEW_SURF_EL_MAX] (seen from above or the side), zoom within [VIEW_SURF_ZOOM_MIN, VIEW_SURF_ZOOM_MAX]. */
#ifndef RENDER_VIEW_SURF_H
#define RENDER_VIEW_SURF_H

#include <cglm/cglm.h>

#include "render/draw.h"
#include "render/view_maps.h"

#define VIEW_SURF_H 0.75f          /* half the box's height: values −m .. m span z = −H .. H, x spans −1 .. 1 */
#define VIEW_SURF_EL_MAX 1.48      /* radians (85°): past the pole "up" would flip */
#define VIEW_SURF_ZOOM_MIN 0.5
#define VIEW_SURF_ZOOM_MAX 4.0
#define VIEW_SURF_OUTPUTS 4        /* output buttons shown at most (a scene with more shows the first four) */

typedef struct {
    view_map_kind kind; /* which surface: ŷ (default), f, ŷ − f, e_k, h_k, w_k h_k */
    int unit;           /* k of e_k, h_k, w_k h_k (0-based; clamped to N when drawn) */
    int out;            /* output c of ŷ_c and w_kc h_k (0-based; clamped to K when drawn) */
    int wire;           /* 0: shaded (palette × light), 1: hidden-line wireframe */
    int persp;          /* 1: perspective (default), 0: orthographic */
    int overlay;        /* with ŷ: f drawn over it as a wire (1, default), where the scene has an f */
    double az, el;      /* the camera's azimuth and elevation, radians (defaults −55° and 28°) */
    double zoom;        /* 1: the box fits the view */
} view_surf;

void view_surf_init(view_surf *st);
/* A drag of (dx, dy) pixels turns the camera: 0.5° a pixel, elevation clamped. */
void view_surf_rotate(view_surf *st, float dx, float dy);
/* A wheel's clicks (up > 0: closer), zoom clamped. */
void view_surf_zoom(view_surf *st, float clicks);
/* The camera back to its defaults (what is shown stays). */
void view_surf_reset_camera(view_surf *st);

/* The page's buttons. */
typedef enum {
    VIEW_SURF_B_YHAT,
    VIEW_SURF_B_F,
    VIEW_SURF_B_RES,
    VIEW_SURF_B_E,
    VIEW_SURF_B_H,
    VIEW_SURF_B_WH,
    VIEW_SURF_B_OUT0, /* .. OUT0 + VIEW_SURF_OUTPUTS − 1: output c */
    VIEW_SURF_B_PREV = VIEW_SURF_B_OUT0 + VIEW_SURF_OUTPUTS, /* unit k − 1 */
    VIEW_SURF_B_NEXT, /* unit k + 1 */
    VIEW_SURF_B_SHADED,
    VIEW_SURF_B_WIRE,
    VIEW_SURF_B_ORTHO,
    VIEW_SURF_B_PERSP,
    VIEW_SURF_B_OVERLAY,
    VIEW_SURF_B_RESET,
    VIEW_SURF_B_COUNT
} view_surf_button;

/* Where the page's parts sit in the page rect at UI scale s1 for a scene with k outputs that has (or has
 * not) a target f; the drawing and the mouse agree on it. */
typedef struct {
    draw_rect view;  /* the 3-D view's panel */
    draw_rect area;  /* inside it: where the box is fitted (room for the axes' labels around it) */
    draw_rect side;  /* the controls' panel */
    draw_rect b[VIEW_SURF_B_COUNT]; /* w = 0: not shown */
    draw_rect unit_label;           /* between PREV and NEXT: "k = 3 of 6" */
    draw_rect bar;   /* the colour bar with its values */
    draw_rect text;  /* what the surface is, and the mouse's help */
} view_surf_layout;

/* 1 when s's scene has a target f over the whole input square (the universal scene): f and ŷ − f are shown. */
int view_surf_has_target(const snap *s);
void view_surf_layout_of(const draw_rect *page, float s1, int k, int has_target, view_surf_layout *l);
/* The button at (x, y), or -1. */
int view_surf_hit(const view_surf_layout *l, float x, float y);
/* What a press on button b does to st, for a net of n_hidden units and k outputs; 1 when st changed.
 * An output's button shows ŷ_c, or with w_k h_k shown, w_kc h_k. */
int view_surf_press(view_surf *st, view_surf_button b, int n_hidden, int k);

/* The camera for st fitted into area: world (x0, x1, z), x in [−1, 1]², z in [−H, H]. */
typedef struct {
    mat4 view;  /* world → eye (cglm's lookat; the eye looks down −z) */
    mat4 proj;  /* eye → clip (cglm's ortho or perspective) */
    float cx, cy, px; /* screen centre, pixels per unit of normalized device coordinates */
} view_surf_cam;

void view_surf_camera(const view_surf *st, const draw_rect *area, view_surf_cam *cam);
/* World point p to the screen: out = (x, y, depth); depth grows away from the eye. */
void view_surf_project(const view_surf_cam *cam, const float p[3], float out[3]);

#endif
