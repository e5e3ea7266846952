/* draw: anti-aliased 2-D primitives (strokes, arrows, markers, fills) batched into a vertex list; palettes.
 * Main thread only: a draw_list is flushed into an SDL_Renderer, which is main-thread only.
 * Invariants: shapes reach the renderer in call order, only at draw_list_flush; edges feathered over ~1 px. */
#ifndef RENDER_DRAW_H
#define RENDER_DRAW_H

#include <SDL.h>

/* A rectangle in pixels (float, so that layouts can be exact at any scale). */
typedef struct {
    float x, y, w, h;
} draw_rect;

/* ---- colours: Okabe–Ito, extended to eight distinguishable unit colours ---- */

#define DRAW_UNIT_COLOURS 8
#define DRAW_UNIT_STYLES 64 /* units with a style of their own: colour × shade × pattern; then repeated */

/* How a unit's lines, bars and marks are broken: with its colour and shade, its style. */
typedef enum { DRAW_PATTERN_SOLID, DRAW_PATTERN_DASHED, DRAW_PATTERN_SHORT, DRAW_PATTERN_DOTTED } draw_unit_pattern;

typedef struct {
    SDL_Color bg;        /* window background */
    SDL_Color panel;     /* plot area fill */
    SDL_Color frame;     /* plot area outline */
    SDL_Color grid;      /* grid lines */
    SDL_Color axis;      /* axes and ticks */
    SDL_Color text;      /* labels */
    SDL_Color text_dim;  /* secondary labels */
    SDL_Color guide;     /* the dashed semicircle and parabola */
    SDL_Color token;     /* inputs x_i */
    SDL_Color target;    /* targets y_i */
    SDL_Color pred;      /* predictions ŷ_i and the curve ŷ(θ) */
    SDL_Color error;     /* ε_i = ŷ_i − y_i: red */
    SDL_Color select;    /* the selected token's ring */
    SDL_Color hover;     /* highlight halo of the hovered unit */
    SDL_Color loss;      /* loss line; the band is the same colour, translucent */
    SDL_Color marker;    /* setting-change markers on the loss plot */
    SDL_Color info_bg, error_bg, banner_text; /* banners */
    SDL_Color overlay;   /* translucent veil behind the help overlay */
    SDL_Color unit[DRAW_UNIT_COLOURS]; /* hidden unit k has unit[k % DRAW_UNIT_COLOURS], shaded (draw_unit_colour) */
    float line_gain;     /* line widths are multiplied by this (presenter: thicker) */
} draw_palette;

/* presenter != 0: the high-contrast variant for projectors. Static storage, never NULL. */
const draw_palette *draw_palette_get(int presenter);
/* Unit k's colour: the palette's unit[k % 8], as is for k < 8, darker for 8..15, and so on in turn;
 * with draw_unit_pattern_of, units 0..63 each have a style of their own. */
SDL_Color draw_unit_colour(const draw_palette *pal, int unit /* 0-based */);
/* Unit k's pattern: solid for k < 16, dashed for 16..31, short dashes for 32..47, dots for 48..63
 * (then repeating). */
draw_unit_pattern draw_unit_pattern_of(int unit);
/* The pattern's dash and gap lengths in pixels at scale; both 0 for solid. */
void draw_unit_dash(int unit, float scale, float *dash, float *gap);
/* WCAG contrast ratio of two opaque colours (1..21). */
double draw_contrast(SDL_Color a, SDL_Color b);
/* The palette's text colour or white, whichever reads better on bg. */
SDL_Color draw_ink_on(const draw_palette *pal, SDL_Color bg);
/* c with alpha multiplied by a (0..1). */
SDL_Color draw_alpha(SDL_Color c, float a);
/* Linear mix of two colours: t = 0 gives a, 1 gives b. */
SDL_Color draw_mix(SDL_Color a, SDL_Color b, float t);

/* ---- the vertex list ---- */

typedef struct draw_list draw_list;

/* NULL on out-of-memory. A list draws into one renderer only (it keeps marker textures for it)
 * and must be destroyed before that renderer. */
draw_list *draw_list_create(void);
void draw_list_destroy(draw_list *dl);
/* Drops what has been accumulated without drawing it. */
void draw_list_clear(draw_list *dl);
/* Sends everything accumulated to r (blended), then clears. To clip a panel, set
 * SDL_RenderSetClipRect and flush before changing it. 0 ok; -1 with SDL_GetError() set
 * (also when an earlier append ran out of memory). */
int draw_list_flush(draw_list *dl, SDL_Renderer *r);
int draw_list_vertex_count(const draw_list *dl);
/* fn(ctx) runs at the start of every flush: the view hands its text cache here (text_flush), so
 * labels queued before the shapes stay under them, as when each label was drawn at once. */
void draw_list_flush_first(draw_list *dl, int (*fn)(void *ctx), void *ctx);

/* Frame profile (--stats=verbose): when on, each flush waits for the renderer (draw_sync) and is
 * timed. take returns the sums since the last take (milliseconds, triangles, renderer calls) and
 * zeroes them; the time of the flush_first function is not in them. */
void draw_list_profile_enable(draw_list *dl, int on);
void draw_list_profile_take(draw_list *dl, double *ms, long *triangles, long *calls);
/* Waits until r has carried out everything sent to it: SDL_RenderFlush, and on an OpenGL renderer
 * glFinish (Mesa's llvmpipe rasterises at the flush or present, not at the call). Profiling only. */
void draw_sync(SDL_Renderer *r);
/* The surface SDL's software renderer draws into while no target texture is set (a window's, from
 * SDL_GetWindowSurface), or NULL: there plain shapes are rasterised on the CPU at their sub-pixel
 * positions (draw_soft_triangles) instead of cut to whole pixels by SDL_RenderGeometry. */
void draw_list_set_surface(draw_list *dl, SDL_Surface *s);
/* Dashes wholly outside r (NULL: no limit) are left out, the pattern moving on over them: at
 * high zoom a dashed curve can be 10^7 px long. Set it with the clip rectangle. */
void draw_list_set_cull(draw_list *dl, const SDL_FRect *r);

/* Shapes appended between begin and end are drawn kind by kind: first the hairlines and rectangles,
 * then the plain triangles and each marker sprite's quads (in the order of each kind's first shape),
 * each kind in call order: one renderer call per kind instead of one per change of kind. For a dense
 * layer whose kinds do not overlap, or where the order of two overlapping shapes does not show (say
 * which at the call). Groups do not nest; a flush inside a group ends it. */
void draw_list_group_begin(draw_list *dl);
void draw_list_group_end(draw_list *dl);

/* ---- shapes; coordinates in pixels, widths in pixels (already scaled by the caller) ---- */

/* A thick segment with butt ends. */
void draw_line(draw_list *dl, float x0, float y0, float x1, float y1, float width, SDL_Color c);
/* A thick polyline through n points (pts = x0, y0, x1, y1, ...), mitred joins (bevelled when sharp). */
void draw_polyline(draw_list *dl, const float *pts /* (n, 2) */, int n, float width, SDL_Color c);
/* The same, dashed: dash and gap lengths in pixels, the pattern continues across vertices. */
void draw_dashed(draw_list *dl, const float *pts /* (n, 2) */, int n, float width, float dash, float gap,
                 SDL_Color c);
/* An arrow from (x0, y0) to its tip (x1, y1): shaft plus a filled head of length head
 * (shrunk for arrows shorter than 1.5 heads, so the tip stays exact). */
void draw_arrow(draw_list *dl, float x0, float y0, float x1, float y1, float width, float head, SDL_Color c);
/* A 1-pixel segment without anti-aliasing, for dense fields where hundreds of strokes overlap
 * (cheap on every renderer, the software one included). At the flush it is cut to the clip
 * rectangle (else the viewport): SDL's GL renderers draw hairlines pixel by pixel, so a segment
 * from 10^7 px off screen would otherwise cost 10^7 points. */
void draw_hairline(draw_list *dl, float x0, float y0, float x1, float y1, SDL_Color c);
/* Liang–Barsky: clips the line through p along d to [x0, x1] × [y0, y1]; 1 with t0 < t1 (the
 * parameters along d where it enters and leaves) when it crosses the box. */
int draw_clip_line(double px, double py, double dx, double dy, double x0, double x1, double y0, double y1,
                   double *t0, double *t1);
/* The part of the segment a→b inside [x0, x1] × [y0, y1]: 1 with 0 <= t0 < t1 <= 1 (fractions of
 * the way from a to b) when there is one. */
int draw_clip_segment(double ax, double ay, double bx, double by, double x0, double x1, double y0, double y1,
                      double *t0, double *t1);
/* Filled disc and ring (markers). Small ones (radius up to 20 px) are cached sprite textures
 * placed on whole pixels, so thousands of markers stay cheap on the software renderer. */
void draw_circle(draw_list *dl, float cx, float cy, float radius, SDL_Color c);
void draw_ring(draw_list *dl, float cx, float cy, float radius, float width, SDL_Color c);
/* Axis-aligned rectangles; radius 0 gives square corners. */
void draw_fill_rect(draw_list *dl, float x, float y, float w, float h, SDL_Color c);
void draw_round_rect(draw_list *dl, float x, float y, float w, float h, float radius, SDL_Color c);
/* A large opaque rounded rectangle's inside, which draw_round_rect fills with plain rectangles on whole
 * pixels (its rim and corners are geometry): the count (3) with the rectangles in out; 0 when it is drawn
 * as one feathered polygon instead (small, translucent or narrow). */
int draw_round_rect_inside(float x, float y, float w, float h, float radius, SDL_Color c, SDL_Rect out[3]);
/* draw_round_rect without its inside (draw_round_rect_inside's rectangles), for a target whose clear left
 * the inside in colour c already: the same pixels, about a panel's area less to fill. */
void draw_round_rect_edge(draw_list *dl, float x, float y, float w, float h, float radius, SDL_Color c);
void draw_round_rect_outline(draw_list *dl, float x, float y, float w, float h, float radius, float width,
                             SDL_Color c);
/* A filled band between two curves sampled at the same n x positions
 * (top and bottom = x0, y0, x1, y1, ...), e.g. a min/max envelope. */
void draw_band(draw_list *dl, const float *top /* (n, 2) */, const float *bottom /* (n, 2) */, int n,
               SDL_Color c);
/* A filled convex polygon (n >= 3 points, any winding), feathered outline. */
void draw_convex(draw_list *dl, const float *pts /* (n, 2) */, int n, SDL_Color c);
/* n/3 triangles as given, in order, each vertex with its own colour, edges not feathered (a mesh whose
 * triangles meet edge to edge: feathering would show every seam). Positions and colours are used. */
void draw_triangles(draw_list *dl, const SDL_Vertex *v /* (n) */, int n);

#endif
