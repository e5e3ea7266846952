/* view: the lecture's panels drawn from one snapshot: the drawing context and the frame that composes
 * the panels; with it, the state the UI hands in (view_state.h) and the plane transforms and hit
 * tests (view_xform.h). Main thread only (SDL rendering and SDL_ttf); reads nothing but the snapshot
 * it is given.
 * Invariants: sizes are logical pixels × scale; unit k has one colour everywhere; planes keep equal aspect. */
#ifndef RENDER_VIEW_H
#define RENDER_VIEW_H

#include <SDL.h>

#include "render/draw.h"
#include "render/lecture.h"
#include "render/text.h"
#include "render/view_state.h"
#include "render/view_xform.h"
#include "train/snapshot.h"

/* ---- drawing ---- */

typedef struct view_ctx view_ctx;

/* assets_dir: the assets directory (its fonts/ are opened); help: the n_help rows of the help overlay,
 * kept by pointer (static data, e.g. the UI's key map). NULL with err filled on failure (a missing
 * font lists every path tried). The context holds textures of r: destroy it first. */
view_ctx *view_ctx_open(SDL_Renderer *r, const char *assets_dir, const view_help_row *help, int n_help, char *err,
                        int errlen);
void view_ctx_destroy(view_ctx *v);
/* The context's text cache and vertex list, for widgets drawn in the same style. */
text_cache *view_ctx_text(view_ctx *v);
draw_list *view_ctx_draw_list(view_ctx *v);

/* The universal maps' E|ŷ − f|² curve starts afresh with the next snapshot drawn, which then takes
 * view_state.true_err's points in front: a headless recorder hands its run's points with every frame. */
void view_ctx_restart_curve(view_ctx *v);

/* Draws every panel of lay, then the overlays (banners, the recording marker, the help) from s.
 * Does not clear the target or present; the caller ends the frame with text_frame_end(view_ctx_text(v)).
 * Sets the text cache's scale to vs->scale. 0 ok; -1 with SDL_GetError() set. */
int view_draw(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay);
/* The two halves of view_draw, so that a recorder can read the frame back between them. */
int view_draw_panels(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay);
int view_draw_overlays(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay);

/* Fills the window background with the palette's colour (what the app clears to). */
void view_clear(view_ctx *v, const view_state *vs);
/* The same picture at a lower cost: clears to the panels' colour and fills the background around the
 * panels that the next view_draw_panels(v, s, vs, lay) draws, which then leave their insides as the
 * clear left them (a fill costs a software rasteriser per pixel, a clear next to nothing). The insides
 * go to holes (at most max; their count is returned): a layer copied before the panels must leave them
 * alone (draw_layer_set_holes). 0 with a plain view_clear when they do not fit. */
int view_clear_panels(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay, SDL_Rect *holes,
                      int max);

/* The universal scene's maps page as it is drawn in lay for vs (its scale, scroll, slice, and whether the loss
 * is beside the page): the geometry the window's clicks are tested with (view_maps.c). */
void view_maps_geometry_for(const view_layout *lay, const view_state *vs, int n_hidden, view_maps_geom *g);

#endif
