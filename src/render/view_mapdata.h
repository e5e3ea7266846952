/* view_mapdata: what the universal scene's pages draw, computed once per new snapshot: the maps e_k, h_k,
 * w_k h_k, ŷ, f, ŷ − f on the true error's grid, their colour scales, f's isolines, the maps as pixels (an
 * atlas texture), and the true error E|ŷ − f|² over the steps seen. Main thread only (the texture); the
 * evaluation (view_mapdata_eval) is pure. Invariants: everything here belongs to the weights of `key`. */
#ifndef RENDER_VIEW_MAPDATA_H
#define RENDER_VIEW_MAPDATA_H

#include <SDL.h>
#include <stdint.h>

#include "render/view_maps.h"
#include "train/snapshot.h"

#define MAPDATA_GG (VIEW_MAPS_G * VIEW_MAPS_G)
#define MAPDATA_TILE (VIEW_MAPS_G + 2) /* a map's tile in the atlas: one pixel of its own edge around it */
#define MAPDATA_ATLAS_COLS 16
#define MAPDATA_ISO_LEVELS 9
#define MAPDATA_ISO_CAP (MAPDATA_ISO_LEVELS * 4 * VIEW_MAPS_G * 2)
#define MAPDATA_SLICE_M 161 /* points along the slice strip's segment */
#define MAPDATA_TE_CAP 1024 /* points of the true-error curve; halved by dropping every other one when full */

typedef struct view_mapdata {
    uint64_t key;  /* hash of what the maps depend on (weights, N, σ, gain, scene and its spec); 0: none yet */
    int n;         /* N the maps hold */
    int cap;       /* N allocated */
    double *e, *h, *wh;      /* (cap, G, G) unit k's map at k·G² (lesson_maps's layout) */
    double yhat[MAPDATA_GG]; /* (G, G) */
    double f[MAPDATA_GG];    /* (G, G) */
    uint64_t f_task;         /* the task f and its isolines were made for (0: none yet) */
    double max_f;            /* max |f| */
    double res[MAPDATA_GG];  /* (G, G) ŷ − f */
    double m_e, m_h, m_wh, m_out; /* the symmetric colour scales: e, h, w h, and ŷ, f, ŷ − f alike */
    double max_res;               /* max |ŷ − f| on the grid */
    double true_err;              /* mean (ŷ − f)² on the grid: scene_true_error's value */
    int n_iso;
    float iso[MAPDATA_ISO_CAP * 4]; /* (n_iso, 4) f's isolines as world segments */
    uint32_t *px; /* (atlas_h, atlas_w) ARGB8888 */
    int atlas_w, atlas_h;
    int px_dirty; /* px changed since the last upload */
    SDL_Texture *tex; /* of the renderer the cache belongs to */
    int tex_w, tex_h;

    /* the slice strip along a segment (view_mapdata_slice): of the weights of slice_key */
    uint64_t slice_key;
    int slice_cap;                  /* N allocated */
    double *sl_share;               /* (N, MAPDATA_SLICE_M) w_k h_k(t) */
    double *sl_run;                 /* (N + 1, MAPDATA_SLICE_M) b(2), b(2) + w_1 h_1, …, ŷ(t) */
    double sl_yhat[MAPDATA_SLICE_M]; /* (M) ŷ(t) */
    double sl_f[MAPDATA_SLICE_M];    /* (M) f(t) */
    double sl_lo, sl_hi;            /* the range every curve of the strip lies in (lo < hi) */

    /* E|ŷ − f|² at the steps seen, for the loss panel */
    int n_te;
    double te[MAPDATA_TE_CAP * 2]; /* (n_te, 2) step, true error */
    int64_t te_origin;             /* the loss history's origin they belong to */
    uint64_t te_task;              /* hash of the scene and its spec */
} view_mapdata;

view_mapdata *view_mapdata_create(void);
void view_mapdata_destroy(view_mapdata *md);
/* Brings md up to s (a universal-scene snapshot: D = 2, one hidden layer): the maps when the weights
 * changed, a point on the true-error curve when the step moved. Pure (no SDL). 0 ok, -1 out of memory. */
int view_mapdata_eval(view_mapdata *md, const snap *s);
/* Forgets the true-error curve's points: the next view_mapdata_eval starts it again from its snapshot. */
void view_mapdata_restart_curve(view_mapdata *md);
/* The slice strip along a = cut[0..1] to b = cut[2..3] for s's weights (lesson_maps_along), recomputed only
 * when the weights or the segment changed. Pure (no SDL). 0 ok, -1 out of memory. */
int view_mapdata_slice(view_mapdata *md, const snap *s, const double *cut /* (4) */);
/* The atlas tile of unit k's map of kind (E, H, WH), or of an output map (unit ignored). */
SDL_Rect view_mapdata_tile(const view_mapdata *md, view_map_kind kind, int unit);
/* Uploads the pixels when they changed. 0 ok, -1 with SDL_GetError() set. */
int view_mapdata_upload(view_mapdata *md, SDL_Renderer *r);
/* A map's values: (G, G), or NULL for a unit out of range. */
const double *view_mapdata_map(const view_mapdata *md, view_map_kind kind, int unit);

#endif
