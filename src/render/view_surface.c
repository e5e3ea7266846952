/* view_surface: the 3-D surface page: one map of a two-input scene (ŷ, f, ŷ − f, e_k, h_k, w_k h_k) as a
 * shaded or hidden-line mesh seen by the camera of vs->surf, depth-sorted (the painter's algorithm) and sent
 * as one run of triangles; its axes box with values, the chooser and the colour bar. Main thread only.
 * Invariants: the maps are evaluated once per new snapshot (the universal scene's view_mapdata, else this
 * page's own cache keyed by the weights), never per frame; draws nothing outside f->lay->page. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/maps.h"
#include "render/layer.h"
#include "render/view_heat.h"
#include "render/view_mapdata.h"
#include "render/view_panel.h"
#include "render/view_surf.h"

#define G VIEW_MAPS_G
#define GG (G * G)
#define M 33          /* mesh points a side, picked from the G×G map: 32×32 quads */
#define GRID_EVERY 4  /* shaded: a grid line every this many quads */
#define OVER_EVERY 2  /* f's wire over ŷ: every this many quads */

/* A piece of the picture that is drawn whole: a quad with its edges, a segment, a token. */
typedef struct {
    float depth; /* its centre's distance from the eye */
    int v0, nv;  /* its vertices in the scratch */
} prim;

struct view_surfdata {
    /* a scene the universal maps do not cover (two inputs, any outputs): its maps for output `out` */
    uint64_t key; /* 0: none yet */
    int n, cap, out;
    double *e, *h, *wh;  /* (cap, G, G) unit k's map at k·G² */
    double yhat[GG];     /* (G, G) ŷ_out */
    double m_e, m_h, m_wh, m_out;
    /* this frame's pieces, and their vertices before and after the sort */
    prim *pr;
    int n_pr, cap_pr;
    SDL_Vertex *v, *sorted;
    int n_v, cap_v;
};

void view_surfdata_destroy(view_surfdata *sd)
{
    if (!sd) return;
    free(sd->e);
    free(sd->h);
    free(sd->wh);
    free(sd->pr);
    free(sd->v);
    free(sd->sorted);
    free(sd);
}

/* ---- the maps of a scene without view_mapdata ---- */

static double max_abs(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) m = fmax(m, fabs(v[i]));
    return m;
}

/* The input square the maps cover: the scene's box, or [−1, 1]² for a scene defined on its tokens only. */
static void box_of(const snap *s, double *lo, double *hi)
{
    const int has = s->scene && s->scene->box_hi > s->scene->box_lo;
    *lo = has ? s->scene->box_lo : -1.0;
    *hi = has ? s->scene->box_hi : 1.0;
}

static int own_maps(view_surfdata *sd, const snap *s, int out)
{
    uint64_t key = DRAW_LAYER_KEY0;
    const size_t P = nn_param_count(s->d, s->hidden, s->k);
    key = draw_layer_hash(key, &s->scene, sizeof s->scene);
    key = draw_layer_hash(key, &s->hidden, sizeof s->hidden);
    key = draw_layer_hash(key, &s->act, sizeof s->act);
    key = draw_layer_hash(key, &s->gain, sizeof s->gain);
    key = draw_layer_hash(key, &out, sizeof out);
    key = draw_layer_hash(key, s->p, P * sizeof *s->p);
    key = draw_layer_hash(key, s->y, (size_t)s->n * (size_t)s->k * sizeof *s->y); /* the targets set ŷ's scale */
    key |= 1;
    if (key == sd->key) return 0;
    if (s->hidden > sd->cap) {
        const size_t sz = (size_t)s->hidden * GG * sizeof(double);
        double *e = realloc(sd->e, sz), *h = e ? realloc(sd->h, sz) : NULL, *wh = h ? realloc(sd->wh, sz) : NULL;
        if (e) sd->e = e; /* whatever moved is kept, so that destroy frees each block once */
        if (h) sd->h = h;
        if (wh) sd->wh = wh;
        if (!e || !h || !wh) return -1;
        sd->cap = s->hidden;
    }
    nn_net net;
    snap_net(s, &net);
    double lo, hi;
    box_of(s, &lo, &hi);
    lesson_maps(&net, s->scene, &s->scene_spec, lo, hi, G, out, sd->e, sd->h, sd->wh, sd->yhat, NULL);
    const size_t all = (size_t)s->hidden * GG;
    sd->m_e = view_heat_scale(max_abs(sd->e, all));
    sd->m_h = view_heat_scale(max_abs(sd->h, all));
    sd->m_wh = view_heat_scale(max_abs(sd->wh, all));
    double my = 0;
    for (int i = 0; i < s->n; i++)
        if (isfinite(s->y[i * s->k + out])) my = fmax(my, fabs(s->y[i * s->k + out]));
    sd->m_out = view_heat_scale(fmax(max_abs(sd->yhat, GG), my));
    sd->n = s->hidden;
    sd->out = out;
    sd->key = key;
    return 0;
}

/* ---- what is drawn ---- */

typedef struct {
    const double *z;  /* (G, G) the surface */
    const double *f;  /* (G, G) f as a wire over it, or NULL */
    double m;         /* its scale: −m .. m spans the box's height and the palette */
    double lo, hi;    /* the input square */
    int unit, out;    /* k and c as drawn */
    char zname[64];   /* the z axis' name */
    char title[160];
    char what[2][160]; /* what the surface is, in two lines */
} surf_src;

static int unit_kind(view_map_kind k) { return k == VIEW_MAP_E || k == VIEW_MAP_H || k == VIEW_MAP_WH; }

/* The surface vs->surf asks for, from the universal maps or this page's own; 0 ok, -1 failed (f->rc set). */
static int source(view_frame *f, const view_surf *st, int has_target, surf_src *src)
{
    const snap *s = f->s;
    memset(src, 0, sizeof *src);
    view_map_kind kind = st->kind;
    if (!has_target && (kind == VIEW_MAP_F || kind == VIEW_MAP_RES)) kind = VIEW_MAP_YHAT;
    src->unit = st->unit < s->hidden ? st->unit : s->hidden - 1;
    src->out = st->out < s->k ? st->out : s->k - 1;
    box_of(s, &src->lo, &src->hi);
    double me, mh, mwh, mout;
    const double *e, *h, *wh, *yhat, *fm = NULL, *res = NULL;
    if (has_target) {
        view_mapdata *md = view_maps_data(f);
        if (!md) return -1;
        e = view_mapdata_map(md, VIEW_MAP_E, src->unit);
        h = view_mapdata_map(md, VIEW_MAP_H, src->unit);
        wh = view_mapdata_map(md, VIEW_MAP_WH, src->unit);
        yhat = md->yhat;
        fm = md->f;
        res = md->res;
        me = md->m_e, mh = md->m_h, mwh = md->m_wh, mout = md->m_out;
    } else {
        view_ctx *v = f->v;
        if (!v->surf && !(v->surf = calloc(1, sizeof *v->surf))) {
            f->rc = -1;
            return -1;
        }
        if (own_maps(v->surf, s, src->out) < 0) {
            f->rc = -1;
            return -1;
        }
        const size_t at = (size_t)src->unit * GG;
        e = v->surf->e + at, h = v->surf->h + at, wh = v->surf->wh + at, yhat = v->surf->yhat;
        me = v->surf->m_e, mh = v->surf->m_h, mwh = v->surf->m_wh, mout = v->surf->m_out;
    }
    char k[16], c[16];
    view_subscript(src->unit + 1, k, sizeof k);
    view_subscript(src->out + 1, c, sizeof c);
    const char *yname = "\xc5\xb7"; /* ŷ */
    const char *sig = nn_act_name(s->act);
    if (!strcmp(sig, "logistic")) sig = "\xcf\x83";
    switch (kind) {
    case VIEW_MAP_E:
        src->z = e, src->m = me;
        snprintf(src->zname, sizeof src->zname, "e%s", k);
        snprintf(src->title, sizeof src->title, "e%s(x) = b%s + w\xcc\x84%s\xc2\xb7x over the input plane", k, k, k);
        snprintf(src->what[0], sizeof src->what[0], "Unit %d's first layer: a plane", src->unit + 1);
        snprintf(src->what[1], sizeof src->what[1], "tilted along w\xcc\x84%s, 0 on its line.", k);
        break;
    case VIEW_MAP_H:
        src->z = h, src->m = mh;
        snprintf(src->zname, sizeof src->zname, "h%s", k);
        snprintf(src->title, sizeof src->title, "h%s = %s(e%s) over the input plane", k, sig, k);
        snprintf(src->what[0], sizeof src->what[0], "The plane squashed by %s:", sig);
        snprintf(src->what[1], sizeof src->what[1], "a ramp between two flat shelves.");
        break;
    case VIEW_MAP_WH:
        src->z = wh, src->m = mwh;
        if (s->k > 1) {
            snprintf(src->zname, sizeof src->zname, "w%s%s h%s", k, c, k);
            snprintf(src->title, sizeof src->title, "w%s%s h%s: unit %d's share of %s%s", k, c, k, src->unit + 1,
                     yname, c);
        } else {
            snprintf(src->zname, sizeof src->zname, "w%s h%s", k, k);
            snprintf(src->title, sizeof src->title, "w%s h%s: unit %d's share of \xc5\xb7", k, k, src->unit + 1);
        }
        snprintf(src->what[0], sizeof src->what[0], "The squashed plane scaled by w(2):");
        snprintf(src->what[1], sizeof src->what[1], "the second layer adds these up.");
        break;
    case VIEW_MAP_F:
        src->z = fm, src->m = mout;
        snprintf(src->zname, sizeof src->zname, "f");
        snprintf(src->title, sizeof src->title, "target f(x) over the input plane");
        snprintf(src->what[0], sizeof src->what[0], "The function the net approximates");
        snprintf(src->what[1], sizeof src->what[1], "(same scale as \xc5\xb7).");
        break;
    case VIEW_MAP_RES:
        src->z = res, src->m = mout;
        snprintf(src->zname, sizeof src->zname, "\xc5\xb7 \xe2\x88\x92 f");
        snprintf(src->title, sizeof src->title, "residual \xc5\xb7(x) \xe2\x88\x92 f(x)");
        snprintf(src->what[0], sizeof src->what[0], "What is left to fit, on \xc5\xb7's scale:");
        snprintf(src->what[1], sizeof src->what[1], "flat when the net matches f.");
        break;
    default:
        src->z = yhat, src->m = mout;
        if (s->k > 1) {
            snprintf(src->zname, sizeof src->zname, "%s%s", yname, c);
            snprintf(src->title, sizeof src->title, "output %s%s(x) over the input plane, tokens at y%s", yname, c, c);
            snprintf(src->what[0], sizeof src->what[0], "%s%s = b(2) + \xce\xa3 w\xe2\x82\x96%s h\xe2\x82\x96; dots: the", yname,
                     c, c);
            snprintf(src->what[1], sizeof src->what[1], "tokens' targets (x_i, y%s) to fit.", c);
        } else {
            snprintf(src->zname, sizeof src->zname, "\xc5\xb7");
            const int over = has_target && st->overlay;
            snprintf(src->title, sizeof src->title, "output \xc5\xb7(x)%s", over ? ", target f as a wire" : "");
            snprintf(src->what[0], sizeof src->what[0], "\xc5\xb7 = b(2) + \xce\xa3 w\xe2\x82\x96 h\xe2\x82\x96%s",
                     over ? "; the wire is f:" : "");
            snprintf(src->what[1], sizeof src->what[1], "%s", over ? "where it shows, \xc5\xb7 is below f." : "");
            if (over) src->f = fm;
        }
        break;
    }
    if (!(src->m > 0)) src->m = 1;
    return 0;
}

/* ---- the mesh ---- */

static int grow(view_surfdata *sd, int nv, int np)
{
    if (sd->n_v + nv > sd->cap_v) {
        int cap = sd->cap_v ? sd->cap_v : 16384;
        while (cap < sd->n_v + nv) cap *= 2;
        SDL_Vertex *v = realloc(sd->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        sd->v = v;
        SDL_Vertex *o = realloc(sd->sorted, (size_t)cap * sizeof *o);
        if (!o) return -1;
        sd->sorted = o;
        sd->cap_v = cap;
    }
    if (sd->n_pr + np > sd->cap_pr) {
        int cap = sd->cap_pr ? sd->cap_pr : 2048;
        while (cap < sd->n_pr + np) cap *= 2;
        prim *p = realloc(sd->pr, (size_t)cap * sizeof *p);
        if (!p) return -1;
        sd->pr = p;
        sd->cap_pr = cap;
    }
    return 0;
}

static void vert(view_surfdata *sd, float x, float y, SDL_Color c)
{
    SDL_Vertex *v = &sd->v[sd->n_v++];
    v->position.x = x;
    v->position.y = y;
    v->color = c;
    v->tex_coord.x = v->tex_coord.y = 0.5f;
}

/* A segment a→b of width w as two triangles, coloured ca at a and cb at b. */
static void seg(view_surfdata *sd, const float *a, const float *b, float w, SDL_Color ca, SDL_Color cb)
{
    const float dx = b[0] - a[0], dy = b[1] - a[1], len = sqrtf(dx * dx + dy * dy);
    if (!(len > 1e-3f)) return;
    const float nx = -dy / len * w / 2, ny = dx / len * w / 2;
    vert(sd, a[0] + nx, a[1] + ny, ca);
    vert(sd, b[0] + nx, b[1] + ny, cb);
    vert(sd, b[0] - nx, b[1] - ny, cb);
    vert(sd, a[0] + nx, a[1] + ny, ca);
    vert(sd, b[0] - nx, b[1] - ny, cb);
    vert(sd, a[0] - nx, a[1] - ny, ca);
}

static void begin(view_surfdata *sd, float depth)
{
    sd->pr[sd->n_pr] = (prim){depth, sd->n_v, 0};
}

static void end(view_surfdata *sd)
{
    prim *p = &sd->pr[sd->n_pr];
    p->nv = sd->n_v - p->v0;
    if (p->nv > 0) sd->n_pr++;
}

static SDL_Color scale_rgb(SDL_Color c, float k)
{
    return (SDL_Color){(Uint8)fminf(255, c.r * k), (Uint8)fminf(255, c.g * k), (Uint8)fminf(255, c.b * k), c.a};
}

/* Mesh point m's index into the G grid. */
static int gi(int m) { return (m * (G - 1) + (M - 1) / 2) / (M - 1); }
/* Grid index j's x in the box's [−1, 1]: the cell centres. */
static float gx(int j) { return -1.0f + 2.0f * ((float)j + 0.5f) / (float)G; }

static float zof(double v, double m)
{
    const double z = VIEW_SURF_H * v / m;
    return (float)(z > 1.5 * VIEW_SURF_H ? 1.5 * VIEW_SURF_H : z < -1.5 * VIEW_SURF_H ? -1.5 * VIEW_SURF_H : z);
}

typedef struct {
    float sc[M * M][3]; /* screen x, y, depth */
    float w[M * M][3];  /* world */
    double v[M * M];
    int ok[M * M];
} mesh_pts;

static void project_map(const view_surf_cam *cam, const double *z, double m, mesh_pts *mp)
{
    for (int a = 0; a < M; a++)
        for (int b = 0; b < M; b++) {
            const int i = gi(a), j = gi(b), q = a * M + b;
            const double v = z[i * G + j];
            mp->v[q] = v;
            mp->ok[q] = isfinite(v);
            mp->w[q][0] = gx(j);
            mp->w[q][1] = gx(i);
            mp->w[q][2] = mp->ok[q] ? zof(v, m) : 0;
            view_surf_project(cam, mp->w[q], mp->sc[q]);
            mp->ok[q] = mp->ok[q] && isfinite(mp->sc[q][0]) && isfinite(mp->sc[q][1]);
        }
}

/* The light: from over the viewer's left shoulder, turned with the camera so the lit side faces the room. */
static void light_dir(const view_surf_cam *cam, float L[3])
{
    const float le[3] = {-0.35f, 0.55f, 0.76f};
    /* world = transpose of the view's rotation times eye */
    for (int r = 0; r < 3; r++) L[r] = cam->view[r][0] * le[0] + cam->view[r][1] * le[1] + cam->view[r][2] * le[2];
    const float n = sqrtf(L[0] * L[0] + L[1] * L[1] + L[2] * L[2]);
    for (int r = 0; r < 3; r++) L[r] /= n;
}

/* The surface's quads: shaded (palette × Lambert, a grid line every GRID_EVERY quads) or hidden-line wire
 * (filled with the panel's colour, every edge drawn); each quad with its own edges, so that the nearer of
 * two neighbours draws the edge they share. */
static int surface_quads(view_frame *f, view_surfdata *sd, const view_surf_cam *cam, const mesh_pts *mp, double m,
                         int wire)
{
    if (grow(sd, (M - 1) * (M - 1) * 30, (M - 1) * (M - 1)) < 0) return -1;
    float L[3];
    light_dir(cam, L);
    const float wl = fmaxf(1.0f, (wire ? 1.2f : 1.0f) * f->lw);
    const SDL_Color ink = f->pal->text;
    for (int a = 0; a + 1 < M; a++)
        for (int b = 0; b + 1 < M; b++) {
            const int q[4] = {a * M + b, a * M + b + 1, (a + 1) * M + b + 1, (a + 1) * M + b}; /* counter-clockwise */
            if (!mp->ok[q[0]] || !mp->ok[q[1]] || !mp->ok[q[2]] || !mp->ok[q[3]]) continue;
            float d = 0;
            for (int c = 0; c < 4; c++) d += mp->sc[q[c]][2] / 4;
            SDL_Color col[4];
            if (wire) {
                for (int c = 0; c < 4; c++) col[c] = f->pal->panel;
            } else {
                /* the normal from the diagonals; two-sided, so a surface seen from below is lit too */
                const float *p0 = mp->w[q[0]], *p1 = mp->w[q[1]], *p2 = mp->w[q[2]], *p3 = mp->w[q[3]];
                const float u[3] = {p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2]};
                const float v[3] = {p3[0] - p1[0], p3[1] - p1[1], p3[2] - p1[2]};
                const float n[3] = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
                const float nn = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
                const float lam = nn > 0 ? fabsf(n[0] * L[0] + n[1] * L[1] + n[2] * L[2]) / nn : 1;
                const float k = 0.42f + 0.58f * lam;
                for (int c = 0; c < 4; c++) col[c] = scale_rgb(view_heat_colour(mp->v[q[c]], m), k);
            }
            begin(sd, d);
            vert(sd, mp->sc[q[0]][0], mp->sc[q[0]][1], col[0]);
            vert(sd, mp->sc[q[1]][0], mp->sc[q[1]][1], col[1]);
            vert(sd, mp->sc[q[2]][0], mp->sc[q[2]][1], col[2]);
            vert(sd, mp->sc[q[0]][0], mp->sc[q[0]][1], col[0]);
            vert(sd, mp->sc[q[2]][0], mp->sc[q[2]][1], col[2]);
            vert(sd, mp->sc[q[3]][0], mp->sc[q[3]][1], col[3]);
            /* edges 0-1 (row a), 1-2 (column b + 1), 2-3 (row a + 1), 3-0 (column b) */
            const int on[4] = {a % GRID_EVERY == 0, (b + 1) % GRID_EVERY == 0 || b + 2 == M,
                               (a + 1) % GRID_EVERY == 0 || a + 2 == M, b % GRID_EVERY == 0};
            for (int e = 0; e < 4; e++) {
                if (!wire && !on[e]) continue;
                const int s0 = q[e], s1 = q[(e + 1) % 4];
                SDL_Color c0, c1;
                if (wire) {
                    c0 = draw_mix(view_heat_colour(mp->v[s0], m), ink, 0.45f);
                    c1 = draw_mix(view_heat_colour(mp->v[s1], m), ink, 0.45f);
                } else {
                    c0 = c1 = draw_alpha(ink, 0.35f);
                }
                seg(sd, mp->sc[s0], mp->sc[s1], wl, c0, c1);
            }
            end(sd);
        }
    return 0;
}

/* The depth ŷ's quad (a, b) is sorted at (surface_quads' rule: its corners' mean); +inf off the mesh. */
static float quad_depth(const mesh_pts *mp, int a, int b)
{
    if (a < 0 || b < 0 || a + 1 >= M || b + 1 >= M) return INFINITY;
    const int q[4] = {a * M + b, a * M + b + 1, (a + 1) * M + b + 1, (a + 1) * M + b};
    float d = 0;
    for (int c = 0; c < 4; c++) d += mp->sc[q[c]][2] / 4;
    return d;
}

#define WIRE_ON 0.01f /* f this close under ŷ (box units, the box 2·VIEW_SURF_H high) counts as on it */

/* f as a wire over ŷ (mf, the surface under it my): the lines of every OVER_EVERY-th row and column of the
 * mesh, one piece per mesh step. A piece where f is on or above ŷ is sorted just nearer than the (up to two)
 * quads of ŷ it lies on, one below ŷ just farther: sorting by its own depth would let those quads, whose
 * centres are nearer or farther by up to half a quad, cut the wire into dashes where ŷ ≈ f. */
static int overlay_quads(view_frame *f, view_surfdata *sd, const mesh_pts *mf, const mesh_pts *my, double m,
                         int wire)
{
    if (grow(sd, 2 * (M / OVER_EVERY + 1) * (M - 1) * 6, 2 * (M / OVER_EVERY + 1) * (M - 1)) < 0) return -1;
    const SDL_Color ink = draw_alpha(f->pal->text, 0.85f), light = draw_alpha(f->pal->panel, 0.9f);
    const float wl = fmaxf(1.0f, 1.1f * f->lw);
    for (int dir = 0; dir < 2; dir++)        /* 0: along rows (b varies), 1: along columns (a varies) */
        for (int l = 0; l < M; l += OVER_EVERY)
            for (int t = 0; t + 1 < M; t++) {
                const int p0 = dir ? t * M + l : l * M + t, p1 = dir ? (t + 1) * M + l : l * M + t + 1;
                if (!mf->ok[p0] || !mf->ok[p1]) continue;
                /* the two quads sharing this step: either side of the line */
                const float d0 = dir ? quad_depth(my, t, l - 1) : quad_depth(my, l - 1, t);
                const float d1 = dir ? quad_depth(my, t, l) : quad_depth(my, l, t);
                float d = (mf->sc[p0][2] + mf->sc[p1][2]) / 2;
                const int ok_y = my->ok[p0] && my->ok[p1];
                const int on = !ok_y || (mf->w[p0][2] >= my->w[p0][2] - WIRE_ON && mf->w[p1][2] >= my->w[p1][2] - WIRE_ON);
                if (ok_y && on)
                    d = fminf(d, fminf(d0, d1)) - 1e-4f;
                else if (ok_y) {
                    const float far = fmaxf(isfinite(d0) ? d0 : d, isfinite(d1) ? d1 : d);
                    d = fmaxf(d, far) + 1e-4f;
                }
                /* each piece reaches half a pixel into its neighbours, so that butt ends leave no gaps */
                const float *a = mf->sc[p0], *b = mf->sc[p1];
                const float dx = b[0] - a[0], dy = b[1] - a[1], len = sqrtf(dx * dx + dy * dy);
                if (!(len > 1e-3f)) continue;
                const float ex = 0.5f * dx / len, ey = 0.5f * dy / len;
                const float ea[3] = {a[0] - ex, a[1] - ey, a[2]}, eb[3] = {b[0] + ex, b[1] + ey, b[2]};
                /* ink on the palette's light middle, the panel's colour on its deep ends: readable on either;
                 * ink on the mesh's rim, which has the page's panel on its other side, and over the hidden-line
                 * mesh, whose quads are filled with the panel's colour */
                const SDL_Color under = wire ? f->pal->panel : view_heat_colour((my->v[p0] + my->v[p1]) / 2, m);
                const int rim = l == 0 || l == M - 1;
                const SDL_Color c =
                    rim || draw_contrast(f->pal->text, under) >= draw_contrast(f->pal->panel, under) ? ink : light;
                begin(sd, d);
                seg(sd, ea, eb, wl, c, c);
                end(sd);
            }
    return 0;
}

/* The box's floor and its four upright edges, cut in pieces so each sorts against the mesh near it. */
static int box_edges(view_frame *f, view_surfdata *sd, const view_surf_cam *cam)
{
    const int pieces = 8;
    if (grow(sd, 8 * pieces * 6, 8 * pieces) < 0) return -1;
    const float H = VIEW_SURF_H;
    const float corner[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
    const SDL_Color c = draw_alpha(f->pal->axis, 0.8f);
    const float wl = fmaxf(1.0f, 1.0f * f->lw);
    for (int e = 0; e < 8; e++) {
        float a[3], b[3];
        if (e < 4) { /* the floor */
            a[0] = corner[e][0], a[1] = corner[e][1], a[2] = -H;
            b[0] = corner[(e + 1) % 4][0], b[1] = corner[(e + 1) % 4][1], b[2] = -H;
        } else { /* upright */
            a[0] = b[0] = corner[e - 4][0], a[1] = b[1] = corner[e - 4][1], a[2] = -H, b[2] = H;
        }
        for (int p = 0; p < pieces; p++) {
            float pa[3], pb[3], sa[3], sb[3];
            for (int r = 0; r < 3; r++) {
                pa[r] = a[r] + (b[r] - a[r]) * (float)p / pieces;
                pb[r] = a[r] + (b[r] - a[r]) * (float)(p + 1) / pieces;
            }
            view_surf_project(cam, pa, sa);
            view_surf_project(cam, pb, sb);
            begin(sd, (sa[2] + sb[2]) / 2);
            seg(sd, sa, sb, wl, c, c);
            end(sd);
        }
    }
    return 0;
}

/* The tokens at their targets (x_i, y_ic): a dark square with the target's colour inside. */
static int token_marks(view_frame *f, view_surfdata *sd, const view_surf_cam *cam, const surf_src *src)
{
    const snap *s = f->s;
    if (grow(sd, s->n * 12, s->n) < 0) return -1;
    const float r = (s->n > 64 ? 3.0f : 5.0f) * f->s1, ri = r - 1.5f * f->s1;
    for (int i = 0; i < s->n; i++) {
        const double x0 = s->x[i * s->d], x1 = s->x[i * s->d + 1], y = s->y[i * s->k + src->out];
        const double u = -1 + 2 * (x0 - src->lo) / (src->hi - src->lo), w = -1 + 2 * (x1 - src->lo) / (src->hi - src->lo);
        if (!(fabs(u) <= 1 && fabs(w) <= 1 && isfinite(y))) continue;
        const float p[3] = {(float)u, (float)w, zof(y, src->m)};
        float sc[3];
        view_surf_project(cam, p, sc);
        if (!isfinite(sc[0]) || !isfinite(sc[1])) continue;
        begin(sd, sc[2] - 0.02f); /* a token on the surface is drawn after the quad it sits in */
        const float out[2][4] = {{sc[0] - r, sc[1] - r, sc[0] + r, sc[1] + r}, {sc[0] - ri, sc[1] - ri, sc[0] + ri, sc[1] + ri}};
        const SDL_Color cc[2] = {f->pal->panel, f->pal->target}; /* a light rim: black reads on any colour then */
        for (int k = 0; k < 2; k++) {
            const float *o = out[k];
            vert(sd, o[0], o[1], cc[k]);
            vert(sd, o[2], o[1], cc[k]);
            vert(sd, o[2], o[3], cc[k]);
            vert(sd, o[0], o[1], cc[k]);
            vert(sd, o[2], o[3], cc[k]);
            vert(sd, o[0], o[3], cc[k]);
        }
        end(sd);
    }
    return 0;
}

static int far_first(const void *pa, const void *pb)
{
    const prim *a = pa, *b = pb;
    if (a->depth != b->depth) return a->depth < b->depth ? 1 : -1;
    return (a->v0 > b->v0) - (a->v0 < b->v0); /* equal depths: in the order made, so every frame agrees */
}

/* Everything of the 3-D view in one run of triangles, far to near. */
static void draw_mesh(view_frame *f, view_surfdata *sd, const view_surf *st, const view_surf_cam *cam,
                      const surf_src *src)
{
    static mesh_pts mp, mf; /* main thread only: 100 KB each kept off the stack */
    sd->n_pr = sd->n_v = 0;
    int rc = box_edges(f, sd, cam);
    project_map(cam, src->z, src->m, &mp);
    if (rc == 0) rc = surface_quads(f, sd, cam, &mp, src->m, st->wire);
    if (rc == 0 && src->f) {
        project_map(cam, src->f, src->m, &mf);
        rc = overlay_quads(f, sd, &mf, &mp, src->m, st->wire);
    }
    if (rc == 0 && (st->kind == VIEW_MAP_YHAT || st->kind == VIEW_MAP_F) && !src->f) rc = token_marks(f, sd, cam, src);
    if (rc < 0) {
        f->rc = -1;
        return;
    }
    qsort(sd->pr, (size_t)sd->n_pr, sizeof *sd->pr, far_first);
    int n = 0;
    for (int i = 0; i < sd->n_pr; i++) {
        memcpy(sd->sorted + n, sd->v + sd->pr[i].v0, (size_t)sd->pr[i].nv * sizeof *sd->v);
        n += sd->pr[i].nv;
    }
    view_flush(f);
    draw_triangles(f->dl, sd->sorted, n);
    view_flush(f);
}

/* ---- the axes' values ---- */

static void fmt_tick(char *out, size_t len, double v) { view_fmt_num(out, len, "%.3g", fabs(v) < 1e-12 ? 0 : v); }

/* Values along the floor's edge nearer the eye that runs along x0 (axis 0) or x1 (axis 1), set off outward. */
static void floor_axis(view_frame *f, const view_surf_cam *cam, const surf_src *src, int axis)
{
    const float H = VIEW_SURF_H;
    float best = INFINITY, side = 1;
    for (int sgn = -1; sgn <= 1; sgn += 2) {
        float p[3] = {0, 0, -H}, sc[3];
        p[1 - axis] = (float)sgn;
        view_surf_project(cam, p, sc);
        if (sc[2] < best) best = sc[2], side = (float)sgn;
    }
    const char *name = axis == 0 ? "x\xe2\x82\x80" : "x\xe2\x82\x81";
    /* ticks and values set off outward in the floor's plane, so that two axes meeting at a corner part */
    for (int t = -1; t <= 1; t++) {
        float p[3] = {0, 0, -H}, q[3] = {0, 0, -H}, sc[3], sq[3];
        p[axis] = q[axis] = (float)t;
        p[1 - axis] = side;
        q[1 - axis] = side * 1.06f;
        view_surf_project(cam, p, sc);
        view_surf_project(cam, q, sq);
        draw_line(f->dl, sc[0], sc[1], sq[0], sq[1], fmaxf(1, f->lw), f->pal->axis);
        q[1 - axis] = side * 1.2f;
        view_surf_project(cam, q, sq);
        char lab[32];
        fmt_tick(lab, sizeof lab, src->lo + (src->hi - src->lo) * (t + 1) / 2);
        view_text(f, TEXT_SANS, FONT_TICK, lab, sq[0], sq[1], TEXT_CENTER | TEXT_MIDDLE, f->pal->text_dim);
    }
    /* the name halfway between the middle value and the end, further out */
    float p[3] = {0, 0, -H}, sc[3];
    p[axis] = 0.5f;
    p[1 - axis] = side * 1.45f;
    view_surf_project(cam, p, sc);
    view_text(f, TEXT_BOLD, FONT_LABEL, name, sc[0], sc[1], TEXT_CENTER | TEXT_MIDDLE, f->pal->text);
}

/* −m, 0, m up the upright edge furthest left on the screen, and the surface's name over it. */
static void z_axis(view_frame *f, const view_surf_cam *cam, const surf_src *src)
{
    const float H = VIEW_SURF_H, s1 = f->s1;
    const float corner[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
    int best = 0;
    float bx = INFINITY;
    for (int c = 0; c < 4; c++) {
        const float p[3] = {corner[c][0], corner[c][1], -H};
        float sc[3];
        view_surf_project(cam, p, sc);
        if (sc[0] < bx) bx = sc[0], best = c;
    }
    float top[3];
    for (int t = -1; t <= 1; t++) {
        const float p[3] = {corner[best][0], corner[best][1], (float)t * H};
        float sc[3];
        view_surf_project(cam, p, sc);
        char lab[32];
        fmt_tick(lab, sizeof lab, src->m * t);
        draw_line(f->dl, sc[0] - 5 * s1, sc[1], sc[0], sc[1], fmaxf(1, f->lw), f->pal->axis);
        view_text(f, TEXT_SANS, FONT_TICK, lab, sc[0] - 8 * s1, sc[1], TEXT_RIGHT | TEXT_MIDDLE, f->pal->text_dim);
        if (t == 1) memcpy(top, sc, sizeof top);
    }
    view_text(f, TEXT_BOLD, FONT_LABEL, src->zname, top[0], top[1] - 10 * s1, TEXT_CENTER | TEXT_BOTTOM, f->pal->text);
}

/* ---- the controls ---- */

static void button(view_frame *f, const draw_rect *r, const char *label, int on, int dim)
{
    if (r->w <= 0) return;
    const draw_palette *pal = f->pal;
    draw_round_rect(f->dl, r->x, r->y, r->w, r->h, 4 * f->s1, on ? draw_alpha(pal->select, 0.35f) : pal->panel);
    draw_round_rect_outline(f->dl, r->x, r->y, r->w, r->h, 4 * f->s1, 1.0f * f->lw, on ? pal->select : pal->frame);
    view_flush(f);
    char buf[64];
    view_fit_text(f, TEXT_SANS, FONT_LABEL, label, r->w - 6 * f->s1, buf, sizeof buf);
    view_text(f, on ? TEXT_BOLD : TEXT_SANS, FONT_LABEL, buf, r->x + r->w / 2, r->y + r->h / 2,
              TEXT_CENTER | TEXT_MIDDLE, dim ? pal->text_dim : pal->text);
}

static void controls(view_frame *f, const view_surf_layout *l, const view_surf *st, const surf_src *src,
                     int has_target)
{
    const snap *s = f->s;
    const float s1 = f->s1;
    view_panel_frame(f, &l->side);
    view_flush(f);
    view_title(f, &l->side, "which surface", "surface", 0);
    view_map_kind kind = st->kind;
    if (!has_target && (kind == VIEW_MAP_F || kind == VIEW_MAP_RES)) kind = VIEW_MAP_YHAT;
    button(f, &l->b[VIEW_SURF_B_YHAT], "\xc5\xb7", kind == VIEW_MAP_YHAT, 0);
    button(f, &l->b[VIEW_SURF_B_F], "f", kind == VIEW_MAP_F, 0);
    button(f, &l->b[VIEW_SURF_B_RES], "\xc5\xb7 \xe2\x88\x92 f", kind == VIEW_MAP_RES, 0);
    button(f, &l->b[VIEW_SURF_B_E], "e\xe2\x82\x96", kind == VIEW_MAP_E, 0);
    button(f, &l->b[VIEW_SURF_B_H], "h\xe2\x82\x96", kind == VIEW_MAP_H, 0);
    button(f, &l->b[VIEW_SURF_B_WH], "w\xe2\x82\x96 h\xe2\x82\x96", kind == VIEW_MAP_WH, 0);
    for (int c = 0; c < VIEW_SURF_OUTPUTS; c++) {
        char lab[32], sub[16];
        view_subscript(c + 1, sub, sizeof sub);
        snprintf(lab, sizeof lab, "\xc5\xb7%s", sub);
        button(f, &l->b[VIEW_SURF_B_OUT0 + c], lab, src->out == c && (kind == VIEW_MAP_YHAT || kind == VIEW_MAP_WH),
               0);
    }
    const int uk = unit_kind(kind);
    button(f, &l->b[VIEW_SURF_B_PREV], "\xe2\x80\xb9", 0, !uk);
    button(f, &l->b[VIEW_SURF_B_NEXT], "\xe2\x80\xba", 0, !uk);
    char lab[64];
    snprintf(lab, sizeof lab, "unit k = %d of %d", src->unit + 1, s->hidden);
    const draw_rect *u = &l->unit_label;
    view_text(f, uk ? TEXT_BOLD : TEXT_SANS, FONT_LABEL, lab, u->x + u->w / 2, u->y + u->h / 2,
              TEXT_CENTER | TEXT_MIDDLE, uk ? draw_unit_colour(f->pal, src->unit) : f->pal->text_dim);
    button(f, &l->b[VIEW_SURF_B_SHADED], "shaded", !st->wire, 0);
    button(f, &l->b[VIEW_SURF_B_WIRE], "wire", st->wire, 0);
    button(f, &l->b[VIEW_SURF_B_ORTHO], "orthographic", !st->persp, 0);
    button(f, &l->b[VIEW_SURF_B_PERSP], "perspective", st->persp, 0);
    button(f, &l->b[VIEW_SURF_B_OVERLAY], "f over \xc5\xb7", st->overlay, kind != VIEW_MAP_YHAT);
    button(f, &l->b[VIEW_SURF_B_RESET], "reset view", 0, 0);
    if (l->bar.w > 0 && l->bar.y + l->bar.h <= l->side.y + l->side.h) view_heat_bar(f, l->bar, src->m, src->zname);
    /* what the surface is, then the mouse, as far as there is room */
    const char *lines[4] = {src->what[0], src->what[1], "Drag: turn it. Wheel: zoom.", ""};
    if (s->k > 1 && kind == VIEW_MAP_YHAT) lines[3] = "Outputs 1, 2: the buttons above.";
    float y = l->text.y;
    const float lh = 17 * s1;
    for (int i = 0; i < 4 && y + lh <= l->text.y + l->text.h; i++) {
        if (!lines[i][0]) continue;
        char fit[192];
        view_fit_text(f, TEXT_SANS, FONT_SMALL, lines[i], l->text.w, fit, sizeof fit);
        view_text(f, TEXT_SANS, FONT_SMALL, fit, l->text.x, y, TEXT_LEFT | TEXT_TOP, i == 2 ? f->pal->text_dim : f->pal->text);
        y += lh + (i == 1 ? 4 * s1 : 0);
    }
}

void view_draw_surface(view_frame *f)
{
    const snap *s = f->s;
    if (s->d != 2) {
        view_page_note(f, "3-D surface", "The 3-D view shows a map over the input plane: it is for a scene with two inputs.");
        return;
    }
    const int has_target = view_surf_has_target(s);
    view_surf_layout l;
    view_surf_layout_of(&f->lay->page, f->s1, s->k, has_target, &l);
    const view_surf *st = &f->vs->surf;
    surf_src src;
    if (source(f, st, has_target, &src) < 0 || !src.z) return;
    view_panel_frame(f, &l.view);
    view_flush(f);
    view_title(f, &l.view, src.title, src.zname, 0);
    if (l.area.w >= 40 * f->s1 && l.area.h >= 40 * f->s1) {
        if (!f->v->surf && !(f->v->surf = calloc(1, sizeof *f->v->surf))) {
            f->rc = -1;
            return;
        }
        view_surf_cam cam;
        view_surf_camera(st, &l.area, &cam);
        const draw_rect inner = {l.view.x + 1, l.view.y + TITLE_H * f->s1, l.view.w - 2,
                                 l.view.h - TITLE_H * f->s1 - 1};
        view_clip(f, &inner);
        draw_mesh(f, f->v->surf, st, &cam, &src);
        floor_axis(f, &cam, &src, 0);
        floor_axis(f, &cam, &src, 1);
        z_axis(f, &cam, &src);
        view_flush(f);
        view_clip(f, NULL);
    }
    controls(f, &l, st, &src, has_target);
}
