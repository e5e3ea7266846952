/* view_mapdata: the universal pages' maps, scales, isolines, pixels and true-error curve (see view_mapdata.h).
 * Main thread only for the texture; view_mapdata_eval touches no SDL.
 * Invariants: the maps are recomputed only when the key changes; the curve only grows while the step does. */
#include "render/view_mapdata.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/maps.h"
#include "render/layer.h"
#include "render/view_heat.h"

#define G VIEW_MAPS_G
#define LUT 1024 /* palette entries: finer than any map shows */

view_mapdata *view_mapdata_create(void) { return calloc(1, sizeof(view_mapdata)); }

void view_mapdata_destroy(view_mapdata *md)
{
    if (!md) return;
    if (md->tex) SDL_DestroyTexture(md->tex);
    free(md->e);
    free(md->h);
    free(md->wh);
    free(md->px);
    free(md->sl_share);
    free(md->sl_run);
    free(md);
}

static uint64_t task_key(const snap *s)
{
    uint64_t h = DRAW_LAYER_KEY0;
    h = draw_layer_hash(h, &s->scene, sizeof s->scene);
    h = draw_layer_hash(h, &s->scene_spec.n, sizeof s->scene_spec.n);
    h = draw_layer_hash(h, &s->scene_spec.seed, sizeof s->scene_spec.seed);
    h = draw_layer_hash(h, s->scene_spec.v, sizeof s->scene_spec.v);
    return h | 1; /* never 0, which means "none yet" */
}

static uint64_t weights_key(const snap *s, size_t P)
{
    uint64_t h = task_key(s);
    h = draw_layer_hash(h, &s->hidden, sizeof s->hidden);
    h = draw_layer_hash(h, &s->act, sizeof s->act);
    h = draw_layer_hash(h, &s->gain, sizeof s->gain);
    h = draw_layer_hash(h, s->p, P * sizeof *s->p);
    return h | 1;
}

static int tiles(int n) { return 3 * n + 3; }

SDL_Rect view_mapdata_tile(const view_mapdata *md, view_map_kind kind, int unit)
{
    const int t = kind <= VIEW_MAP_WH ? 3 * unit + (int)kind : 3 * md->n + (int)(kind - VIEW_MAP_YHAT);
    return (SDL_Rect){(t % MAPDATA_ATLAS_COLS) * MAPDATA_TILE + 1, (t / MAPDATA_ATLAS_COLS) * MAPDATA_TILE + 1, G, G};
}

const double *view_mapdata_map(const view_mapdata *md, view_map_kind kind, int unit)
{
    const size_t gg = MAPDATA_GG;
    switch (kind) {
    case VIEW_MAP_E: return unit >= 0 && unit < md->n ? md->e + (size_t)unit * gg : NULL;
    case VIEW_MAP_H: return unit >= 0 && unit < md->n ? md->h + (size_t)unit * gg : NULL;
    case VIEW_MAP_WH: return unit >= 0 && unit < md->n ? md->wh + (size_t)unit * gg : NULL;
    case VIEW_MAP_YHAT: return md->yhat;
    case VIEW_MAP_F: return md->f;
    case VIEW_MAP_RES: return md->res;
    default: return NULL;
    }
}

static int reserve(view_mapdata *md, int n)
{
    if (n > md->cap) {
        const size_t sz = (size_t)n * MAPDATA_GG * sizeof(double);
        double *e = realloc(md->e, sz), *h = e ? realloc(md->h, sz) : NULL, *wh = h ? realloc(md->wh, sz) : NULL;
        /* keep whatever realloc moved, so that destroy frees each block once */
        if (e) md->e = e;
        if (h) md->h = h;
        if (wh) md->wh = wh;
        if (!e || !h || !wh) return -1;
        md->cap = n;
    }
    const int rows = (tiles(n) + MAPDATA_ATLAS_COLS - 1) / MAPDATA_ATLAS_COLS;
    const int w = MAPDATA_ATLAS_COLS * MAPDATA_TILE, h = rows * MAPDATA_TILE;
    if ((size_t)w * (size_t)h > (size_t)md->atlas_w * (size_t)md->atlas_h || !md->px) {
        uint32_t *px = realloc(md->px, (size_t)w * (size_t)h * sizeof *px);
        if (!px) return -1;
        md->px = px;
    }
    md->atlas_w = w;
    md->atlas_h = h;
    return 0;
}

static double max_abs(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) {
        const double a = fabs(v[i]);
        m = isfinite(a) && a > m ? a : m; /* fmax's result on finite values, without its call */
    }
    return m;
}

/* The palette sampled once: index (t + 1)/2 · (LUT − 1) for t = v/m in [−1, 1]. */
static const uint32_t *lut(void)
{
    static uint32_t tab[LUT];
    static int done; /* main thread only, like every caller */
    if (!done) {
        for (int i = 0; i < LUT; i++) {
            const SDL_Color c = view_heat_colour(-1.0 + 2.0 * i / (LUT - 1), 1.0);
            tab[i] = 0xff000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
        }
        done = 1;
    }
    return tab;
}

static inline uint32_t shade(const uint32_t *tab, double x, double m, double k)
{
    const double u = (x + m) * k + 0.5;
    /* NaN fails both tests and lands in the middle; values past the ends take the end colours */
    return tab[u >= 0 && u < LUT ? (int)u : u >= LUT ? LUT - 1 : u < 0 ? 0 : LUT / 2];
}

/* A map into its tile, with its edge pixels repeated around it so that linear filtering stays inside. */
static void paint(view_mapdata *md, SDL_Rect t, const double *v, double m)
{
    const uint32_t *tab = lut();
    const double k = 0.5 * (LUT - 1) / m;
    const size_t pitch = (size_t)md->atlas_w;
    for (int i = 0; i < G; i++) {
        uint32_t *row = md->px + (size_t)(t.y + G - 1 - i) * pitch + (size_t)t.x;
        const double *src = v + i * G;
        for (int j = 0; j < G; j++)
            row[j] = shade(tab, src[j], m, k);
        row[-1] = row[0];
        row[G] = row[G - 1];
    }
    /* the rows above and below, copied with their corners */
    uint32_t *top = md->px + (size_t)t.y * pitch + (size_t)t.x - 1;
    memcpy(top - pitch, top, (G + 2) * sizeof *top);
    uint32_t *bottom = md->px + (size_t)(t.y + G - 1) * pitch + (size_t)t.x - 1;
    memcpy(bottom + pitch, bottom, (G + 2) * sizeof *bottom);
}

static void isolines(view_mapdata *md)
{
    double lo, hi;
    lesson_map_range(md->f, MAPDATA_GG, &lo, &hi);
    md->n_iso = 0;
    if (!(hi > lo)) return;
    const double step = view_nice_step(hi - lo, 5);
    double kept = -INFINITY;
    for (double c = ceil(lo / step) * step; c < hi; c += step) {
        if (c <= lo) continue;
        /* a level with no value between it and the last one drawn would trace the same cells again (the
         * disc's jump from 0 to 1 crosses every level in one place): one line for it */
        int between = 0;
        for (int i = 0; i < MAPDATA_GG && !between; i++) between = md->f[i] >= kept && md->f[i] < c;
        if (!between && kept > -INFINITY) continue;
        kept = c;
        md->n_iso += view_heat_iso(md->f, G, -1.0, 1.0, c, md->iso + 4 * md->n_iso, MAPDATA_ISO_CAP - md->n_iso);
    }
}

static void eval_maps(view_mapdata *md, const snap *s)
{
    nn_net net;
    snap_net(s, &net);
    const int n = s->hidden;
    /* f and its isolines belong to the task alone: made again only when it changed */
    const uint64_t tk = task_key(s);
    const int new_task = tk != md->f_task;
    lesson_maps(&net, s->scene, &s->scene_spec, s->scene->box_lo, s->scene->box_hi, G, 0, md->e, md->h, md->wh,
                md->yhat, new_task ? md->f : NULL);
    if (new_task) {
        md->f_task = tk;
        md->max_f = max_abs(md->f, MAPDATA_GG);
        isolines(md);
    }
    double se = 0;
    for (int i = 0; i < MAPDATA_GG; i++) {
        md->res[i] = md->yhat[i] - md->f[i];
        se += md->res[i] * md->res[i];
    }
    md->true_err = se / MAPDATA_GG;
    md->n = n;
    const size_t all = (size_t)n * MAPDATA_GG;
    md->m_e = view_heat_scale(max_abs(md->e, all));
    md->m_h = view_heat_scale(max_abs(md->h, all));
    md->m_wh = view_heat_scale(max_abs(md->wh, all));
    md->m_out = view_heat_scale(fmax(max_abs(md->yhat, MAPDATA_GG), md->max_f));
    md->max_res = max_abs(md->res, MAPDATA_GG);
    for (int k = 0; k < n; k++) {
        paint(md, view_mapdata_tile(md, VIEW_MAP_E, k), md->e + (size_t)k * MAPDATA_GG, md->m_e);
        paint(md, view_mapdata_tile(md, VIEW_MAP_H, k), md->h + (size_t)k * MAPDATA_GG, md->m_h);
        paint(md, view_mapdata_tile(md, VIEW_MAP_WH, k), md->wh + (size_t)k * MAPDATA_GG, md->m_wh);
    }
    /* ŷ, f and the residual on one scale, so that a flat residual looks flat next to what it is the error of */
    paint(md, view_mapdata_tile(md, VIEW_MAP_YHAT, 0), md->yhat, md->m_out);
    paint(md, view_mapdata_tile(md, VIEW_MAP_F, 0), md->f, md->m_out);
    paint(md, view_mapdata_tile(md, VIEW_MAP_RES, 0), md->res, md->m_out);
    md->px_dirty = 1;
}

/* A point of the true-error curve at this step; the curve restarts with the loss history (a reset, a
 * load) or a new task, and thins to every other point when full. */
static void curve(view_mapdata *md, const snap *s)
{
    const uint64_t tk = task_key(s);
    const double step = (double)s->step;
    if (md->te_task != tk || md->te_origin != s->hist.origin || (md->n_te && step < md->te[2 * (md->n_te - 1)])) {
        md->n_te = 0;
        md->te_task = tk;
        md->te_origin = s->hist.origin;
    }
    if (md->n_te && step == md->te[2 * (md->n_te - 1)]) {
        md->te[2 * (md->n_te - 1) + 1] = md->true_err; /* the weights changed without a step (an edit) */
        return;
    }
    if (md->n_te == MAPDATA_TE_CAP) {
        for (int i = 0; i < MAPDATA_TE_CAP / 2; i++) {
            md->te[2 * i] = md->te[4 * i];
            md->te[2 * i + 1] = md->te[4 * i + 1];
        }
        md->n_te = MAPDATA_TE_CAP / 2;
    }
    md->te[2 * md->n_te] = step;
    md->te[2 * md->n_te + 1] = md->true_err;
    md->n_te++;
}

int view_mapdata_eval(view_mapdata *md, const snap *s)
{
    assert(s->scene && s->scene->target && s->d == 2 && s->k == 1);
    const size_t P = nn_param_count(2, s->hidden, 1);
    const uint64_t key = weights_key(s, P);
    if (key != md->key) {
        if (reserve(md, s->hidden) < 0) return -1;
        eval_maps(md, s);
        md->key = key;
    }
    curve(md, s);
    return 0;
}

void view_mapdata_restart_curve(view_mapdata *md) { md->n_te = 0; }

int view_mapdata_slice(view_mapdata *md, const snap *s, const double *cut)
{
    const int n = s->hidden, M = MAPDATA_SLICE_M;
    const uint64_t key = draw_layer_hash(weights_key(s, nn_param_count(2, n, 1)), cut, 4 * sizeof *cut) | 1;
    if (key == md->slice_key) return 0;
    if (n > md->slice_cap) {
        double *sh = realloc(md->sl_share, (size_t)n * M * sizeof *sh);
        if (sh) md->sl_share = sh;
        double *run = sh ? realloc(md->sl_run, (size_t)(n + 1) * M * sizeof *run) : NULL;
        if (run) md->sl_run = run;
        if (!sh || !run) return -1;
        md->slice_cap = n;
    }
    nn_net net;
    snap_net(s, &net);
    lesson_maps_along(&net, s->scene, &s->scene_spec, cut, cut + 2, M, 0, md->sl_share, md->sl_run, md->sl_yhat, md->sl_f);
    double lo = INFINITY, hi = -INFINITY;
    const double *all[3] = {md->sl_share, md->sl_run, md->sl_f};
    const size_t len[3] = {(size_t)n * M, (size_t)(n + 1) * M, (size_t)M};
    for (int q = 0; q < 3; q++)
        for (size_t i = 0; i < len[q]; i++)
            if (isfinite(all[q][i])) {
                lo = fmin(lo, all[q][i]);
                hi = fmax(hi, all[q][i]);
            }
    if (!(hi > lo)) { /* flat or nothing finite: a unit band around it */
        const double c = isfinite(lo) ? lo : 0;
        lo = c - 1;
        hi = c + 1;
    }
    const double pad = 0.06 * (hi - lo); /* the curves clear the frame */
    md->sl_lo = lo - pad;
    md->sl_hi = hi + pad;
    md->slice_key = key;
    return 0;
}

int view_mapdata_upload(view_mapdata *md, SDL_Renderer *r)
{
    if (!md->px_dirty) return 0;
    if (!md->tex || md->tex_w < md->atlas_w || md->tex_h < md->atlas_h) {
        if (md->tex) SDL_DestroyTexture(md->tex);
        md->tex = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, md->atlas_w,
                                    md->atlas_h);
        if (!md->tex) return -1;
        md->tex_w = md->atlas_w;
        md->tex_h = md->atlas_h;
        SDL_SetTextureScaleMode(md->tex, SDL_ScaleModeLinear);
    }
    const SDL_Rect all = {0, 0, md->atlas_w, md->atlas_h};
    if (SDL_UpdateTexture(md->tex, &all, md->px, md->atlas_w * (int)sizeof *md->px) < 0) return -1;
    md->px_dirty = 0;
    return 0;
}
