/* view: the lecture's panels drawn from one snapshot, and the plane transforms and hit tests of the UI.
 * Main thread only (SDL rendering and SDL_ttf); reads nothing but the snapshot it is given.
 * Invariants: sizes are logical pixels × scale; unit k has one colour everywhere; planes keep equal aspect. */
#ifndef RENDER_VIEW_H
#define RENDER_VIEW_H

#include <SDL.h>

#include "render/draw.h"
#include "render/lecture.h"
#include "render/text.h"
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
    int help; /* draw the help overlay: every key of ui_keymap_help (src/ui/keymap.h) */

    /* lecture mode */
    lect_phase phase;  /* LECT_OFF: everything, the pending update only while paused */
    int probe;         /* the probe x(θ) = (cos θ, sin θ) stands in for the selected token */
    double probe_theta;
    /* The snapshot before the update being shown (the window's own copy), or NULL. While set, its
     * weights are drawn as ghosts and its arrows stay where they pointed from: s carries the
     * weights that moved (interpolated during the animation, the new ones after it). */
    const snap *before;
    int moving;        /* what the update animation moves now: a 0-based unit, LECT_ALL_UNITS,
                        * LECT_OUTPUT_BIAS; highlighted when a unit */
    int unitwise;      /* "unit by unit" mode (shown in the equation panel) */
    long rec_frames;   /* recording: frames written so far, < 0 when not recording */
} view_state;

/* Defaults: selected -1, nothing hovered, default pans, scale 1, no stats, no banner, no help,
 * phase off, no probe, no ghost, not recording. */
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
/* Back to the default range (double-click). */
void view_pan_reset(view_state *vs, view_plane p);

/* The factor the pending update arrows of plane p are drawn with (the longest about a fifth of the
 * plane): an arrow for Δ starts at the parameter and ends at parameter + factor × Δ. */
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
/* 1 when (sx, sy) is on the probe's marker in the input plane (vs->probe set). */
int view_pick_probe(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy);
/* The θ of the arc point nearest to the input-plane pixel (sx, sy), within the task's θ range. */
double view_probe_theta_at(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy);

/* ---- drawing ---- */

typedef struct view_ctx view_ctx;

/* assets_dir: the assets directory (its fonts/ are opened); NULL looks it up with paths_assets().
 * NULL with err filled on failure (a missing font lists every path tried). The context holds
 * textures of r: destroy it first. */
view_ctx *view_ctx_create(SDL_Renderer *r, const char *assets_dir, char *err, int errlen);
void view_ctx_destroy(view_ctx *v);
/* The context's text cache and vertex list, for widgets drawn in the same style. */
text_cache *view_ctx_text(view_ctx *v);
draw_list *view_ctx_draw_list(view_ctx *v);

/* Draws every panel of lay, then the overlays (banners, the recording marker, the help) from s.
 * Does not clear the target or present; the caller ends the frame with text_frame_end(view_ctx_text(v)).
 * Sets the text cache's scale to vs->scale. 0 ok; -1 with SDL_GetError() set. */
int view_draw(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay);
/* The two halves of view_draw, so that a recorder can read the frame back between them. */
int view_draw_panels(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay);
int view_draw_overlays(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay);

/* Fills the window background with the palette's colour (what the app clears to). */
void view_clear(view_ctx *v, const view_state *vs);

#endif
