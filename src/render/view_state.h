/* view_state: what the UI hands the view besides the snapshot: where each panel goes, what is
 * selected, hovered, panned and shown; the rows of the help overlay; the few rules read from them.
 * Main thread only, like the rest of the view; pure (no SDL calls).
 * Invariants: view_state_init gives the defaults every field's comment names. */
#ifndef RENDER_VIEW_STATE_H
#define RENDER_VIEW_STATE_H

#include "render/draw.h"
#include "render/lecture.h"
#include "render/view_page.h"
#include "render/view_slice.h"
#include "render/view_sweep.h"
#include "render/view_surf.h"
#include "train/snapshot.h"

/* Where each panel goes, in pixels (the UI computes it and keeps its own controls rect).
 * A rect with w <= 0 or h <= 0 is not drawn. */
typedef struct {
    draw_rect input;  /* input plane x */
    draw_rect bars;   /* e(1) and h for the selected token */
    draw_rect output; /* output plane y */
    draw_rect loss;   /* loss over steps */
    draw_rect sigma;  /* the nonlinearity σ and σ' (usually in the loss panel's place) */
    draw_rect equation; /* the phase's formula with live numbers */
    draw_rect status; /* one status line */
    draw_rect page;   /* the area of the planes, bars and loss panel together: where a page other than
                       * VIEW_PAGE_TRAIN is drawn (the four panel rects are then not drawn) */
} view_layout;

typedef enum { VIEW_PLANE_INPUT, VIEW_PLANE_OUTPUT, VIEW_PLANE_COUNT } view_plane;

/* Pan and zoom of one plane, relative to its default range (input: x0, x1 in [-1.1, 1.1];
 * output: the targets' range from the task spec's θ range ± 0.1, so that dragging a target
 * never rescales the plane under the mouse). {0, 0, 1} is the default view; the range grows
 * along the roomier axis to keep equal aspect. */
typedef struct {
    double dx, dy; /* world offset of the view centre from the default centre */
    double zoom;   /* > 0; 2 shows half the range */
} view_pan;

typedef enum { VIEW_BANNER_NONE, VIEW_BANNER_INFO, VIEW_BANNER_ERROR } view_banner_kind;

typedef struct {
    int selected;     /* token index; out of range (e.g. -1) selects view_default_token(n) */
    int hovered_unit; /* 0-based hidden unit, -1 none */
    int selected_unit; /* 0-based unit chosen by a click on its bar (sticky), -1 none */
    int hovered_token; /* token under the mouse (either plane), -1 none: drawn with a halo */
    view_pan pan[VIEW_PLANE_COUNT];
    float scale;   /* UI scale, 1 = 96 dpi */
    int presenter; /* high-contrast palette and thicker strokes (text size comes from scale) */
    /* frame statistics for the status line (0 hides them) */
    double fps, frame_p50_ms, frame_p99_ms;
    /* a banner message over the planes ("" for none); a diverged snapshot adds its own */
    char banner[256];
    view_banner_kind banner_kind;
    int help; /* draw the help overlay: the rows given to view_ctx_open */
    view_page page; /* what the main area shows: VIEW_PAGE_TRAIN */
    int maps_scroll; /* the universal maps page: the first hidden unit whose row is shown (0) */
    int maps_cut_on;     /* the maps page's slice strip has a segment (0: none yet) */
    double maps_cut[4];  /* its ends a = (x0, x1), b = (x0, x1) in the input square */
    /* while a unit is edited on the maps: the w̄ arrows' scale and the w h maps' colour scale as they were at
     * the press, so that what is dragged stays under the mouse (0: from the snapshot) */
    double maps_edit_as, maps_edit_m;
    const view_slice *slice; /* the landscape page's slice (the app's copy), NULL when none */
    const view_sweep *sweep; /* the sweep page's settings and rows (the app's), NULL: none (a plain note) */
    /* a headless run's E|ŷ − f|² at the steps before the last, (n_true_err, 2) step, value: the maps' curve
     * starts from it when it holds the last point alone (a fresh view); NULL: none */
    const double *true_err;
    int n_true_err;
    view_surf surf;  /* the 3-D surface page: which map, how drawn, the camera (view_surf_init) */

    /* lecture mode */
    lect_phase phase;  /* LECT_OFF: everything, the pending update only while paused */
    int probe;         /* the probe x(θ) = (cos θ, sin θ) stands in for the selected token */
    double probe_theta;
    /* The snapshot before the update being shown (the window's own copy), or NULL. While set, its
     * weights are drawn as ghosts and its arrows stay where they pointed from: s carries the
     * weights that moved (interpolated during the animation, the new ones after it). */
    const snap *before;
    /* A twin run's snapshot (run b: the same start, one setting changed), or NULL: drawn as a ghost in
     * its own style (dotted lines, hollow diamonds), labelled twin_label[0] (run a) and [1] (run b). */
    const snap *twin;
    char twin_label[2][48];
    int moving;        /* what the update animation moves now: a 0-based unit, LECT_ALL_UNITS,
                        * LECT_OUTPUT_BIAS; highlighted when a unit */
    int unitwise;      /* "unit by unit" mode (shown in the equation panel) */
    long rec_frames;   /* recording: frames written so far, < 0 when not recording */

    /* the network diagram and the ledger (view_diagram.c, view_ledger.c) */
    int hovered_param; /* parameter (nn_layout_of index) whose edge is under the mouse, -1 none */
    int picked_param;  /* the ledger's parameter, -1: w(1) from x_0 into the focus unit */
    int picked_prev;   /* the parameter picked before picked_param, -1 none: with it, the landscape's two
                        * weights (clicking two edges of the diagram chooses the plane of those weights) */
    int diagram_batch; /* gradient phases: edges carry the batch's ∂L/∂w (1) or the selected token's share (0) */
    int diagram_small; /* the small diagram takes the hidden-layer panel's place on the train page */
    int edit_param;    /* the parameter whose new value is being typed, -1 none */
    char edit_text[32]; /* what has been typed so far */
} view_state;

/* Defaults: selected -1, nothing hovered, default pans, scale 1, no stats, no banner, no help,
 * the train page, phase off, no probe, no ghost, not recording; no edge hovered, picked or edited, per-token
 * diagram. */
void view_state_init(view_state *vs);
/* The token the view shows when none is chosen: the lecture's θ = π/4 for 9 tokens. */
int view_default_token(int n);
/* The token actually shown for vs->selected with n tokens. */
int view_selected_token(const view_state *vs, int n);
/* The unit the equation and the σ panel are about: the moving one, else hovered, else selected, else 0. */
int view_focus_unit(const view_state *vs, int n_hidden);
/* 1 when the pending update arrows are drawn: in a phase that shows them, or with the phase off
 * while the snapshot is paused (not running, no steps left). */
int view_shows_update(const snap *s, const view_state *vs);

/* 1 when the train page of s's scene is its unit maps (two inputs, one output: the universal
 * approximator) rather than the planes, bars and loss of a two-output scene. */
int view_train_maps(const snap *s);
/* 1 when the main area shows the four panels (input, bars, output, loss or σ) for s: the train page
 * of a scene without maps. Hit tests on the planes and bars apply only then. */
int view_shows_planes(const snap *s, const view_state *vs);

/* Back to the default range (double-click). */
void view_pan_reset(view_state *vs, view_plane p);

/* The unit drawn highlighted (the others dimmed), or -1: the moving one, else hovered, else selected. */
int view_highlight_unit(const view_state *vs, int n_hidden);

static inline float view_ui_scale(const view_state *vs) { return vs->scale > 0 ? vs->scale : 1.0f; }

/* One row of the help overlay: a key (or mouse action) and what it does. The UI fills them from
 * its key map and hands them to view_ctx_open; the view only draws them. */
typedef struct {
    const char *keys;
    const char *what;
} view_help_row;

#endif
