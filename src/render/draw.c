/* draw: anti-aliased 2-D primitives (strokes, arrows, markers, fills) batched into a vertex list; palettes.
 * Main thread only: a draw_list is flushed into an SDL_Renderer, which is main-thread only.
 * Invariants: a shape is a full-alpha core plus a 1 px rim fading to alpha 0; indices stay in the list. */
#include "render/draw.h"
#include "render/draw_soft.h"

#include <assert.h>
#include <cglm/cglm.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FEATHER 0.5f /* half the rim: the edge fades over 2 * FEATHER pixels */

/* ---- palettes ---- */

#define RGB(r, g, b) {(r), (g), (b), 255}
#define RGBA(r, g, b, a) {(r), (g), (b), (a)}

/* Units avoid Okabe–Ito's vermillion, which is reserved for the error arrows. */
static const draw_palette palette_normal = {
    .bg = RGB(0xee, 0xef, 0xf2),
    .panel = RGB(0xff, 0xff, 0xff),
    .frame = RGB(0xc4, 0xc8, 0xd0),
    .grid = RGB(0xe6, 0xe8, 0xec),
    .axis = RGB(0x55, 0x5a, 0x64),
    .text = RGB(0x1d, 0x20, 0x26),
    .text_dim = RGB(0x5d, 0x63, 0x6e),
    .guide = RGB(0x8a, 0x90, 0x9a),
    .token = RGB(0x22, 0x22, 0x22),
    .target = RGB(0x22, 0x22, 0x22),
    .pred = RGB(0x00, 0x72, 0xb2),
    .error = RGB(0xd5, 0x1e, 0x00),
    .select = RGB(0x11, 0x11, 0x11),
    .hover = RGBA(0xff, 0xc8, 0x00, 110),
    .loss = RGB(0x00, 0x72, 0xb2),
    .marker = RGB(0x8a, 0x4f, 0x7d),
    .info_bg = RGB(0x1f, 0x4e, 0x79),
    .error_bg = RGB(0xb0, 0x1c, 0x00),
    .banner_text = RGB(0xff, 0xff, 0xff),
    .overlay = RGBA(0x10, 0x14, 0x1c, 215),
    .unit = {RGB(0x00, 0x72, 0xb2), RGB(0xe6, 0x9f, 0x00), RGB(0x00, 0x9e, 0x73), RGB(0xcc, 0x79, 0xa7),
             RGB(0x56, 0xb4, 0xe9), RGB(0x88, 0x22, 0x55), RGB(0x99, 0x99, 0x33), RGB(0x33, 0x22, 0x88)},
    .line_gain = 1.0f,
};

/* Projector: pure white and black, saturated colours, thicker strokes. */
static const draw_palette palette_presenter = {
    .bg = RGB(0xff, 0xff, 0xff),
    .panel = RGB(0xff, 0xff, 0xff),
    .frame = RGB(0x00, 0x00, 0x00),
    .grid = RGB(0xd8, 0xd8, 0xd8),
    .axis = RGB(0x00, 0x00, 0x00),
    .text = RGB(0x00, 0x00, 0x00),
    .text_dim = RGB(0x20, 0x20, 0x20),
    .guide = RGB(0x40, 0x40, 0x40),
    .token = RGB(0x00, 0x00, 0x00),
    .target = RGB(0x00, 0x00, 0x00),
    .pred = RGB(0x00, 0x5a, 0x9c),
    .error = RGB(0xe0, 0x00, 0x00),
    .select = RGB(0x00, 0x00, 0x00),
    .hover = RGBA(0xff, 0xb0, 0x00, 140),
    .loss = RGB(0x00, 0x5a, 0x9c),
    .marker = RGB(0x7a, 0x00, 0x6a),
    .info_bg = RGB(0x00, 0x30, 0x70),
    .error_bg = RGB(0xc0, 0x00, 0x00),
    .banner_text = RGB(0xff, 0xff, 0xff),
    .overlay = RGBA(0x00, 0x00, 0x00, 230),
    .unit = {RGB(0x00, 0x5a, 0x9c), RGB(0xe0, 0x8a, 0x00), RGB(0x00, 0x85, 0x5f), RGB(0xc0, 0x4f, 0x95),
             RGB(0x2f, 0x9a, 0xde), RGB(0x77, 0x11, 0x44), RGB(0x80, 0x80, 0x10), RGB(0x22, 0x11, 0x77)},
    .line_gain = 1.5f,
};

const draw_palette *draw_palette_get(int presenter) { return presenter ? &palette_presenter : &palette_normal; }

/* Relative luminance (WCAG 2) of an sRGB colour. */
static double luminance(SDL_Color c)
{
    const double v[3] = {c.r / 255.0, c.g / 255.0, c.b / 255.0};
    double l[3];
    for (int i = 0; i < 3; i++) l[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow((v[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

double draw_contrast(SDL_Color a, SDL_Color b)
{
    double la = luminance(a), lb = luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

/* Unit k's family f = (k / 8) mod 8 picks a shade (f mod 2: the palette's colour, or darker) and a
 * pattern (f / 2: solid, dashed, short dashes, dots), so that (colour, shade, pattern) differ for 64
 * units, and the first 16 all have solid lines. */
static int unit_family(int unit) { return (unit / DRAW_UNIT_COLOURS) % (DRAW_UNIT_STYLES / DRAW_UNIT_COLOURS); }

SDL_Color draw_unit_colour(const draw_palette *pal, int unit)
{
    assert(unit >= 0);
    static const SDL_Color black = {0, 0, 0, 255};
    const SDL_Color c = pal->unit[unit % DRAW_UNIT_COLOURS];
    return unit_family(unit) % 2 ? draw_mix(c, black, 0.4f) : c;
}

draw_unit_pattern draw_unit_pattern_of(int unit)
{
    assert(unit >= 0);
    return (draw_unit_pattern)(unit_family(unit) / 2);
}

void draw_unit_dash(int unit, float scale, float *dash, float *gap)
{
    switch (draw_unit_pattern_of(unit)) {
    case DRAW_PATTERN_DASHED: *dash = 12 * scale, *gap = 4 * scale; return;
    case DRAW_PATTERN_SHORT: *dash = 5 * scale, *gap = 4 * scale; return;
    case DRAW_PATTERN_DOTTED: *dash = 2 * scale, *gap = 3.5f * scale; return;
    default: *dash = 0, *gap = 0; return;
    }
}

SDL_Color draw_ink_on(const draw_palette *pal, SDL_Color bg)
{
    const SDL_Color white = {255, 255, 255, 255};
    return draw_contrast(pal->text, bg) >= draw_contrast(white, bg) ? pal->text : white;
}

SDL_Color draw_alpha(SDL_Color c, float a)
{
    float v = (float)c.a * (a < 0 ? 0 : a > 1 ? 1 : a);
    c.a = (Uint8)(v + 0.5f);
    return c;
}

SDL_Color draw_mix(SDL_Color a, SDL_Color b, float t)
{
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    SDL_Color c = {(Uint8)(a.r + (b.r - a.r) * t + 0.5f), (Uint8)(a.g + (b.g - a.g) * t + 0.5f),
                   (Uint8)(a.b + (b.b - a.b) * t + 0.5f), (Uint8)(a.a + (b.a - a.a) * t + 0.5f)};
    return c;
}

/* ---- the vertex list ---- */

#define MAX_SPRITES 48
#define SPRITE_MAX_RADIUS 20.0f /* larger circles are drawn as geometry */

/* A marker pre-rasterised at its exact pixel size: a disc (width 0) or a ring. */
typedef struct {
    int r4, w4;          /* radius and ring width in quarter pixels */
    int size;            /* the texture is size x size, size odd */
    SDL_Texture *tex;    /* created at the first flush that needs it */
} sprite;

/* A run of triangles drawn with one SDL_RenderGeometry call, or of direct renderer calls. */
#define BATCH_PLAIN (-1)
#define BATCH_OPS (-2)
typedef struct {
    int sprite; /* BATCH_PLAIN, BATCH_OPS or a sprite index */
    int i0, ni; /* index range (BATCH_OPS: op range); ni is known at flush */
} batch;

/* Hairlines and axis-aligned rectangles go straight to SDL_RenderDrawLineF / SDL_RenderFillRectF:
 * opaque rectangles then fill at memory speed on the software renderer. */
typedef struct {
    int rect; /* 0: segment (x0, y0)-(x1, y1); 1: rectangle x0, y0, width x1, height y1 */
    float x0, y0, x1, y1;
    SDL_Color c;
} op;

struct draw_list {
    SDL_Vertex *v; /* (cap_v) */
    int n_v, cap_v;
    int *idx;      /* (cap_i) triangles, three indices each */
    int n_i, cap_i;
    batch *b;      /* (cap_b) in drawing order */
    int n_b, cap_b;
    op *hl; /* (cap_hl) */
    int n_hl, cap_hl;
    sprite spr[MAX_SPRITES];
    int n_spr;
    /* Plain shapes are drawn with this white texture: the software renderer then blends each
     * triangle straight into the target instead of through a temporary surface per triangle. */
    SDL_Texture *white;
    SDL_Renderer *owner; /* the renderer the sprites belong to */
    float *tmp;    /* (cap_tmp) scratch points for dashes and round shapes */
    int cap_tmp;
    float *tmp2;   /* (cap_tmp2) the points of a stroke after subdivision */
    int cap_tmp2;
    int oom;       /* an append failed: the next flush reports it */
    int cull;      /* dashes wholly outside cull_box are not made (draw_list_set_cull) */
    double cull_box[4]; /* x0, y0, x1, y1 */
    int (*first)(void *); /* draw_list_flush_first */
    void *first_ctx;
    int piecewise;        /* long strokes are cut into pieces: set while the renderer is SDL's software one */
    int group_b;          /* the first batch of the open group (draw_list_group_begin), else -1 */
    int *gi;              /* (cap_gi) scratch: a group's indices in their new order */
    int cap_gi;
    op *gh;               /* (cap_gh) scratch: a group's direct calls in their new order */
    int cap_gh;
    SDL_Surface *surface; /* draw_list_set_surface: plain triangles go there at sub-pixel positions */
    int profiling;        /* draw_list_profile_enable */
    double prof_ms;
    long prof_tris, prof_calls;
};

draw_list *draw_list_create(void)
{
    draw_list *dl = calloc(1, sizeof *dl);
    if (dl) {
        dl->piecewise = 1; /* until the first flush names the renderer */
        dl->group_b = -1;
    }
    return dl;
}

void draw_list_destroy(draw_list *dl)
{
    if (!dl) return;
    for (int i = 0; i < dl->n_spr; i++)
        if (dl->spr[i].tex) SDL_DestroyTexture(dl->spr[i].tex);
    if (dl->white) SDL_DestroyTexture(dl->white);
    free(dl->hl);
    free(dl->v);
    free(dl->idx);
    free(dl->b);
    free(dl->tmp);
    free(dl->tmp2);
    free(dl->gi);
    free(dl->gh);
    free(dl);
}

void draw_list_clear(draw_list *dl)
{
    dl->n_v = 0;
    dl->n_i = 0;
    dl->n_b = 0;
    dl->n_hl = 0;
    dl->group_b = -1;
}

int draw_list_vertex_count(const draw_list *dl) { return dl->n_v; }

void draw_list_set_surface(draw_list *dl, SDL_Surface *s) { dl->surface = s; }

void draw_list_set_cull(draw_list *dl, const SDL_FRect *r)
{
    dl->cull = r != NULL;
    if (r) {
        dl->cull_box[0] = r->x;
        dl->cull_box[1] = r->y;
        dl->cull_box[2] = (double)r->x + r->w;
        dl->cull_box[3] = (double)r->y + r->h;
    }
}

/* White texture whose alpha is the coverage of the sprite's disc or ring. */
static SDL_Texture *make_sprite(SDL_Renderer *r, const sprite *sp)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, sp->size, sp->size, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    float c = 0.5f * (float)sp->size, rad = 0.25f * (float)sp->r4, hw = 0.125f * (float)sp->w4;
    float thin = hw * 2 < 1.0f && sp->w4 ? hw * 2 : 1.0f; /* hairline rings fade, not vanish */
    for (int y = 0; y < sp->size; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < sp->size; x++) {
            float dx = (float)x + 0.5f - c, dy = (float)y + 0.5f - c, d = sqrtf(dx * dx + dy * dy);
            float a = sp->w4 ? (hw + 0.5f - fabsf(d - rad)) * thin : rad + 0.5f - d;
            a = a < 0 ? 0 : a > 1 ? 1 : a;
            row[x] = ((Uint32)(a * 255.0f + 0.5f) << 24) | 0xffffffu;
        }
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(r, s);
    SDL_FreeSurface(s);
    if (t) SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

static SDL_Texture *make_white(SDL_Renderer *r)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 4, 4, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    SDL_FillRect(s, NULL, 0xffffffffu);
    SDL_Texture *t = SDL_CreateTextureFromSurface(r, s);
    SDL_FreeSurface(s);
    if (t) SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

int draw_clip_line(double px, double py, double dx, double dy, double x0, double x1, double y0, double y1,
                   double *t0, double *t1)
{
    double lo = -INFINITY, hi = INFINITY;
    const double pd[2] = {dx, dy}, pp[2] = {px, py}, mn[2] = {x0, y0}, mx[2] = {x1, y1};
    for (int a = 0; a < 2; a++) {
        if (fabs(pd[a]) < 1e-300) {
            if (pp[a] < mn[a] || pp[a] > mx[a]) return 0;
            continue;
        }
        double ta = (mn[a] - pp[a]) / pd[a], tb = (mx[a] - pp[a]) / pd[a];
        if (ta > tb) {
            double t = ta;
            ta = tb;
            tb = t;
        }
        lo = fmax(lo, ta);
        hi = fmin(hi, tb);
    }
    *t0 = lo;
    *t1 = hi;
    return lo < hi;
}

int draw_clip_segment(double ax, double ay, double bx, double by, double x0, double x1, double y0, double y1,
                      double *t0, double *t1)
{
    if (!draw_clip_line(ax, ay, bx - ax, by - ay, x0, x1, y0, y1, t0, t1)) return 0;
    *t0 = fmax(*t0, 0);
    *t1 = fmin(*t1, 1);
    return *t0 < *t1;
}

/* Cuts segment op h to the box (x0, y0, x1, y1) into seg; 0 when nothing of it is inside. */
static int clip_segment(const op *h, const double box[4], float seg[4])
{
    const double dx = (double)h->x1 - h->x0, dy = (double)h->y1 - h->y0;
    double t0, t1;
    if (!draw_clip_segment(h->x0, h->y0, h->x1, h->y1, box[0], box[2], box[1], box[3], &t0, &t1)) return 0;
    seg[0] = (float)(h->x0 + t0 * dx);
    seg[1] = (float)(h->y0 + t0 * dy);
    seg[2] = (float)(h->x0 + t1 * dx);
    seg[3] = (float)(h->y0 + t1 * dy);
    return 1;
}

static int same_colour(SDL_Color a, SDL_Color b) { return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a; }

/* Runs of rectangles of one colour become one SDL_RenderFillRectsF; the colour and blend mode
 * are set only when they change (each set costs the software renderer a command). */
static int flush_ops(draw_list *dl, SDL_Renderer *r, int i0, int n)
{
    SDL_FRect run[256];
    int rc = 0, have = 0;
    SDL_Color cur = {0, 0, 0, 0};
    /* where a hairline can show, in drawing coordinates, with a pixel to spare on each side */
    SDL_Rect vis;
    if (SDL_RenderIsClipEnabled(r)) {
        SDL_RenderGetClipRect(r, &vis);
    } else {
        SDL_RenderGetViewport(r, &vis);
        vis.x = vis.y = 0;
    }
    const double box[4] = {vis.x - 2.0, vis.y - 2.0, vis.x + vis.w + 2.0, vis.y + vis.h + 2.0};
    for (int i = i0; i < i0 + n && rc == 0;) {
        const op *h = &dl->hl[i];
        if (!have || !same_colour(cur, h->c)) {
            SDL_SetRenderDrawBlendMode(r, h->c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(r, h->c.r, h->c.g, h->c.b, h->c.a);
            cur = h->c;
            have = 1;
        }
        if (!h->rect) {
            float seg[4];
            if (clip_segment(h, box, seg)) rc = SDL_RenderDrawLineF(r, seg[0], seg[1], seg[2], seg[3]);
            i++;
            continue;
        }
        int m = 0;
        while (i < i0 + n && m < 256 && dl->hl[i].rect && same_colour(dl->hl[i].c, cur)) {
            run[m++] = (SDL_FRect){dl->hl[i].x0, dl->hl[i].y0, dl->hl[i].x1, dl->hl[i].y1};
            i++;
        }
        rc = SDL_RenderFillRectsF(r, run, m);
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    return rc < 0 ? -1 : 0;
}

void draw_list_flush_first(draw_list *dl, int (*fn)(void *ctx), void *ctx)
{
    dl->first = fn;
    dl->first_ctx = ctx;
}

void draw_list_profile_enable(draw_list *dl, int on) { dl->profiling = on; }

void draw_list_profile_take(draw_list *dl, double *ms, long *triangles, long *calls)
{
    *ms = dl->prof_ms;
    *triangles = dl->prof_tris;
    *calls = dl->prof_calls;
    dl->prof_ms = 0;
    dl->prof_tris = dl->prof_calls = 0;
}

typedef void (*gl_finish_fn)(void);

void draw_sync(SDL_Renderer *r)
{
    static gl_finish_fn finish;
    static int looked;
    SDL_RenderFlush(r);
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r, &info) != 0 || strncmp(info.name, "opengl", 6) != 0) return;
    if (!looked) { /* main thread only, like every renderer call */
        looked = 1;
        void *p = SDL_GL_GetProcAddress("glFinish");
        SDL_memcpy(&finish, &p, sizeof finish); /* object to function pointer, as dlsym's users do */
    }
    if (finish) finish();
}

int draw_list_flush(draw_list *dl, SDL_Renderer *r)
{
    int rc = 0;
    assert(!dl->owner || dl->owner == r);
    if (!dl->owner) {
        SDL_RendererInfo info;
        dl->piecewise = SDL_GetRendererInfo(r, &info) != 0 || (info.flags & SDL_RENDERER_SOFTWARE) != 0;
    }
    dl->owner = r;
    const int first_rc = dl->first ? dl->first(dl->first_ctx) : 0;
    Uint64 t0 = dl->profiling ? SDL_GetPerformanceCounter() : 0;
    if (dl->profiling) {
        dl->prof_tris += dl->n_i / 3;
        dl->prof_calls += dl->n_b;
    }
    if (dl->oom) {
        SDL_SetError("draw: out of memory for %d vertices", dl->cap_v);
        dl->oom = 0;
        rc = -1;
    } else {
        SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
        for (int k = 0; k < dl->n_b && rc == 0; k++) {
            batch *b = &dl->b[k];
            int end = b->sprite == BATCH_OPS ? dl->n_hl : dl->n_i;
            for (int j = k + 1; j < dl->n_b; j++)
                if ((dl->b[j].sprite == BATCH_OPS) == (b->sprite == BATCH_OPS)) {
                    end = dl->b[j].i0;
                    break;
                }
            b->ni = end - b->i0;
            if (b->ni == 0) continue;
            if (b->sprite == BATCH_OPS) {
                rc = flush_ops(dl, r, b->i0, b->ni);
                continue;
            }
            SDL_Texture *tex;
            if (b->sprite >= 0) {
                sprite *sp = &dl->spr[b->sprite];
                if (!sp->tex) sp->tex = make_sprite(r, sp);
                tex = sp->tex;
            } else if (dl->piecewise && dl->surface &&
                       draw_soft_triangles(r, dl->surface, dl->v, dl->idx + b->i0, b->ni) == 0) {
                continue; /* at their sub-pixel positions, which SDL would cut to whole pixels */
            } else if (dl->piecewise) {
                if (!dl->white) dl->white = make_white(r);
                tex = dl->white;
            } else {
                tex = NULL; /* a GL renderer's untextured shader: no texel fetch per pixel (llvmpipe's main cost) */
            }
            if (!tex && b->sprite >= 0) {
                rc = -1;
                break;
            }
            rc = SDL_RenderGeometry(r, tex, dl->v, dl->n_v, dl->idx + b->i0, b->ni) < 0 ? -1 : 0;
        }
    }
    if (dl->profiling) {
        draw_sync(r);
        dl->prof_ms += (double)(SDL_GetPerformanceCounter() - t0) * 1e3 / (double)SDL_GetPerformanceFrequency();
    }
    draw_list_clear(dl);
    return rc < 0 || first_rc < 0 ? -1 : 0;
}

/* Appends a batch of kind spr if the last one is of another kind; -1 on out-of-memory. */
static int open_batch(draw_list *dl, int spr)
{
    /* a group's first shape opens a batch of its own, so that the group's batches are its alone */
    if (dl->n_b > 0 && dl->b[dl->n_b - 1].sprite == spr && dl->group_b != dl->n_b) return 0;
    if (dl->n_b == dl->cap_b) {
        int cap = dl->cap_b ? 2 * dl->cap_b : 64;
        batch *b = realloc(dl->b, (size_t)cap * sizeof *b);
        if (!b) {
            dl->oom = 1;
            return -1;
        }
        dl->b = b;
        dl->cap_b = cap;
    }
    dl->b[dl->n_b++] = (batch){spr, spr == BATCH_OPS ? dl->n_hl : dl->n_i, 0};
    return 0;
}

static void put_op(draw_list *dl, int rect, float x0, float y0, float x1, float y1, SDL_Color c)
{
    if (dl->oom || c.a == 0 || !isfinite(x0 + y0 + x1 + y1)) return;
    if (dl->n_hl == dl->cap_hl) {
        int cap = dl->cap_hl ? 2 * dl->cap_hl : 1024;
        op *h = realloc(dl->hl, (size_t)cap * sizeof *h);
        if (!h) {
            dl->oom = 1;
            return;
        }
        dl->hl = h;
        dl->cap_hl = cap;
    }
    if (open_batch(dl, BATCH_OPS) < 0) return;
    dl->hl[dl->n_hl++] = (op){rect, x0, y0, x1, y1, c};
}

void draw_hairline(draw_list *dl, float x0, float y0, float x1, float y1, SDL_Color c)
{
    put_op(dl, 0, x0, y0, x1, y1, c);
}

/* Room for nv more vertices and ni more indices in a batch of `spr` (-1 untextured);
 * returns the first new vertex's index, or -1. */
static int reserve_in(draw_list *dl, int nv, int ni, int spr)
{
    if (dl->oom) return -1;
    if (dl->n_v + nv > dl->cap_v) {
        int cap = dl->cap_v ? dl->cap_v : 4096;
        while (cap < dl->n_v + nv) cap *= 2;
        SDL_Vertex *v = realloc(dl->v, (size_t)cap * sizeof *v);
        if (!v) {
            dl->oom = 1;
            return -1;
        }
        dl->v = v;
        dl->cap_v = cap;
    }
    if (dl->n_i + ni > dl->cap_i) {
        int cap = dl->cap_i ? dl->cap_i : 8192;
        while (cap < dl->n_i + ni) cap *= 2;
        int *idx = realloc(dl->idx, (size_t)cap * sizeof *idx);
        if (!idx) {
            dl->oom = 1;
            return -1;
        }
        dl->idx = idx;
        dl->cap_i = cap;
    }
    if (open_batch(dl, spr) < 0) return -1;
    return dl->n_v;
}

static int reserve(draw_list *dl, int nv, int ni) { return reserve_in(dl, nv, ni, BATCH_PLAIN); }

static float *scratch(draw_list *dl, int n_floats)
{
    if (n_floats > dl->cap_tmp) {
        int cap = dl->cap_tmp ? dl->cap_tmp : 1024;
        while (cap < n_floats) cap *= 2;
        float *t = realloc(dl->tmp, (size_t)cap * sizeof *t);
        if (!t) {
            dl->oom = 1;
            return NULL;
        }
        dl->tmp = t;
        dl->cap_tmp = cap;
    }
    return dl->tmp;
}

static void put_v(draw_list *dl, const vec2 p, SDL_Color c)
{
    SDL_Vertex *v = &dl->v[dl->n_v++];
    v->position.x = p[0];
    v->position.y = p[1];
    v->color = c;
    v->tex_coord.x = 0.5f;
    v->tex_coord.y = 0.5f;
}

static void put_tri(draw_list *dl, int a, int b, int c)
{
    dl->idx[dl->n_i++] = a;
    dl->idx[dl->n_i++] = b;
    dl->idx[dl->n_i++] = c;
}

static void put_quad(draw_list *dl, int a, int b, int c, int d) /* a-b-c-d around the quad */
{
    put_tri(dl, a, b, c);
    put_tri(dl, a, c, d);
}

/* A stroke has four rails across its width: outer edge (alpha 0), inner edge, inner edge, outer edge. */
typedef struct {
    float in, out; /* distance of inner and outer rails from the centre line */
    SDL_Color c, c0; /* core colour; the same at alpha 0 for the rim */
} rails;

static rails make_rails(float width, SDL_Color c)
{
    rails r;
    float hw = 0.5f * width;
    /* Strokes thinner than the rim keep their ink by fading instead of narrowing further. */
    if (width < 2 * FEATHER) c = draw_alpha(c, width / (2 * FEATHER));
    r.in = hw > FEATHER ? hw - FEATHER : 0;
    r.out = hw + FEATHER;
    r.c = c;
    r.c0 = c;
    r.c0.a = 0;
    return r;
}

/* Four vertices across point p with unit normal n scaled by miter m; alpha a (0..1) along the stroke. */
static void put_cross(draw_list *dl, const vec2 p, const vec2 n, float m, const rails *r, int faded)
{
    vec2 q;
    SDL_Color ci = faded ? r->c0 : r->c;
    glm_vec2_scale((float *)n, r->out * m, q);
    glm_vec2_add((float *)p, q, q);
    put_v(dl, q, r->c0);
    glm_vec2_scale((float *)n, r->in * m, q);
    glm_vec2_add((float *)p, q, q);
    put_v(dl, q, ci);
    glm_vec2_scale((float *)n, -r->in * m, q);
    glm_vec2_add((float *)p, q, q);
    put_v(dl, q, ci);
    glm_vec2_scale((float *)n, -r->out * m, q);
    glm_vec2_add((float *)p, q, q);
    put_v(dl, q, r->c0);
}

/* Joins two consecutive crosses (first vertex indices a and b). core 0: the inner rails meet (a stroke
 * no wider than its rim), the middle quad has no area and is left out: it would only cost its set-up. */
static void put_band(draw_list *dl, int a, int b, int core)
{
    put_quad(dl, a, a + 1, b + 1, b);
    if (core) put_quad(dl, a + 1, a + 2, b + 2, b + 1);
    put_quad(dl, a + 2, a + 3, b + 3, b + 2);
}

static void perp(const vec2 d, vec2 n)
{
    n[0] = -d[1];
    n[1] = d[0];
}

#define MITER_LIMIT 3.0f

/* Stroke through pts (already free of repeated points). closed: joins the last point to the first;
 * otherwise both ends get a feathered butt cap. */
/* The software rasteriser visits every pixel of a triangle's bounding box, so a long diagonal
 * stroke costs its bounding box's area. Splitting it into pieces whose boxes stay near
 * PIECE_AREA px keeps the cost proportional to its length; axis-aligned strokes stay whole.
 * Only there: a GL renderer (Mesa's llvmpipe included) bins triangles into tiles and skips empty
 * ones, so the pieces would only add triangles, each with its set-up cost (draw_list.piecewise). */
#define PIECE_AREA 480.0f
#define PIECE_MIN 6.0f

static float piece_length(float ux, float uy, float outer)
{
    float a = fabsf(ux) * fabsf(uy), b = 2 * outer * (fabsf(ux) + fabsf(uy)), c = 4 * outer * outer - PIECE_AREA;
    if (c >= 0) return PIECE_MIN;
    float s = a < 1e-6f ? -c / b : (-b + sqrtf(b * b - 4 * a * c)) / (2 * a);
    return s < PIECE_MIN ? PIECE_MIN : s;
}

/* pts with long segments subdivided (into the second scratch buffer); returns the new count. */
static int subdivide(draw_list *dl, const float *pts, int n, float outer, int closed, float **out)
{
    if (!dl->piecewise) { /* a renderer that bins by tiles gains nothing from pieces, and pays per triangle */
        *out = (float *)pts;
        return n;
    }
    int segs = closed ? n : n - 1, total = n;
    for (int pass = 0; pass < 2; pass++) {
        float *t = NULL;
        if (pass == 1) {
            if (total > dl->cap_tmp2 / 2) {
                int cap = dl->cap_tmp2 ? dl->cap_tmp2 : 1024;
                while (cap < 2 * total) cap *= 2;
                float *nt = realloc(dl->tmp2, (size_t)cap * sizeof *nt);
                if (!nt) {
                    dl->oom = 1;
                    return 0;
                }
                dl->tmp2 = nt;
                dl->cap_tmp2 = cap;
            }
            t = dl->tmp2;
        }
        int m = 0;
        for (int i = 0; i < segs; i++) {
            int j = (i + 1) % n;
            float x0 = pts[2 * i], y0 = pts[2 * i + 1], dx = pts[2 * j] - x0, dy = pts[2 * j + 1] - y0;
            float len = sqrtf(dx * dx + dy * dy);
            int k = len > 0 ? (int)ceilf(len / piece_length(dx / len, dy / len, outer)) : 1;
            if (k > 4096) k = 4096;
            if (pass == 0) {
                total += k - 1;
                continue;
            }
            for (int q = 0; q < k; q++) {
                t[2 * m] = x0 + dx * (float)q / (float)k;
                t[2 * m + 1] = y0 + dy * (float)q / (float)k;
                m++;
            }
        }
        if (pass == 1) {
            if (!closed) {
                t[2 * m] = pts[2 * n - 2];
                t[2 * m + 1] = pts[2 * n - 1];
                m++;
            }
            *out = t;
            return m;
        }
    }
    return 0;
}

static void stroke(draw_list *dl, const float *pts_in, int n_in, float width, SDL_Color c, int closed)
{
    if (n_in < 2 || width <= 0 || c.a == 0) return;
    rails r = make_rails(width, c);
    float *pts;
    int n = subdivide(dl, pts_in, n_in, r.out, closed, &pts);
    if (n < 2) return;
    int rows = closed ? n : n + 2;
    int base = reserve(dl, 4 * rows, 18 * rows);
    if (base < 0) return;
    vec2 d0 = {1, 0}, d1 = {1, 0}, n0, n1, p, m, q;
    for (int i = 0; i < n; i++) {
        int ip = closed ? (i + n - 1) % n : (i > 0 ? i - 1 : 0);
        int in = closed ? (i + 1) % n : (i < n - 1 ? i + 1 : n - 1);
        vec2 a = {pts[2 * ip], pts[2 * ip + 1]}, b = {pts[2 * i], pts[2 * i + 1]}, e = {pts[2 * in], pts[2 * in + 1]};
        glm_vec2_copy(b, p);
        if (ip != i) {
            glm_vec2_sub(b, a, d0);
            glm_vec2_normalize(d0);
        }
        if (in != i) {
            glm_vec2_sub(e, b, d1);
            glm_vec2_normalize(d1);
        }
        if (ip == i) glm_vec2_copy(d1, d0);
        if (in == i) glm_vec2_copy(d0, d1);
        perp(d0, n0);
        perp(d1, n1);
        glm_vec2_add(n0, n1, m);
        float ml = glm_vec2_norm(m);
        float scale = 1.0f;
        if (ml < 1e-4f) {
            glm_vec2_copy(n1, m);
        } else {
            glm_vec2_scale(m, 1.0f / ml, m);
            float cosh = glm_vec2_dot(m, n1);
            scale = cosh > 1.0f / MITER_LIMIT ? 1.0f / cosh : MITER_LIMIT;
        }
        if (!closed && i == 0) { /* cap: a cross FEATHER before the start, faded */
            glm_vec2_scale(d1, -FEATHER, q);
            glm_vec2_add(p, q, q);
            put_cross(dl, q, n1, 1.0f, &r, 1);
            glm_vec2_scale(d1, FEATHER, q);
            glm_vec2_add(p, q, q);
            put_cross(dl, q, n1, 1.0f, &r, 0);
        } else if (!closed && i == n - 1) {
            glm_vec2_scale(d0, -FEATHER, q);
            glm_vec2_add(p, q, q);
            put_cross(dl, q, n0, 1.0f, &r, 0);
            glm_vec2_scale(d0, FEATHER, q);
            glm_vec2_add(p, q, q);
            put_cross(dl, q, n0, 1.0f, &r, 1);
        } else {
            put_cross(dl, p, m, scale, &r, 0);
        }
    }
    const int core = r.in > 0;
    for (int k = 0; k + 1 < rows; k++) {
        int a = base + 4 * k, b = a + 4;
        if (!closed && (k == 0 || k == rows - 2)) {
            if (core) put_quad(dl, a + 1, a + 2, b + 2, b + 1); /* a cap fades the core only: its corners are sub-pixel */
        } else {
            put_band(dl, a, b, core);
        }
    }
    if (closed) put_band(dl, base + 4 * (rows - 1), base, core);
}

/* Copies pts without consecutive repeats (closer than 1e-3 px) into scratch; returns the count. */
static int dedup(draw_list *dl, const float *pts, int n, float **out)
{
    float *t = scratch(dl, 2 * n);
    if (!t) return 0;
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(pts[2 * i]) || !isfinite(pts[2 * i + 1])) continue;
        if (m > 0 && fabsf(pts[2 * i] - t[2 * m - 2]) < 1e-3f && fabsf(pts[2 * i + 1] - t[2 * m - 1]) < 1e-3f) continue;
        t[2 * m] = pts[2 * i];
        t[2 * m + 1] = pts[2 * i + 1];
        m++;
    }
    *out = t;
    return m;
}

void draw_line(draw_list *dl, float x0, float y0, float x1, float y1, float width, SDL_Color c)
{
    float p[4] = {x0, y0, x1, y1};
    if (!isfinite(x0 + y0 + x1 + y1)) return;
    if (fabsf(x1 - x0) < 1e-3f && fabsf(y1 - y0) < 1e-3f) return;
    stroke(dl, p, 2, width, c, 0);
}

void draw_polyline(draw_list *dl, const float *pts, int n, float width, SDL_Color c)
{
    float *t;
    int m = dedup(dl, pts, n, &t);
    stroke(dl, t, m, width, c, 0);
}

/* Where a dash pattern is: the piece of the current dash (np points in piece), the distance into
 * the current dash (on) or gap (off). */
typedef struct {
    float *piece; /* (np, 2) */
    int np, on;
    float phase;
    float dash, gap, width;
    SDL_Color c;
} dashing;

/* Moves the pattern over len pixels ending at (x, y) without drawing them; the dash open there is
 * cut. In double: len may be 10^7 px and the pattern a few. */
static void dash_skip(draw_list *dl, dashing *d, double len, float x, float y)
{
    if (len <= 0) return;
    if (d->on && d->np >= 2) stroke(dl, d->piece, d->np, d->width, d->c, 0);
    const double period = (double)d->dash + d->gap;
    double at = fmod((d->on ? 0.0 : d->dash) + d->phase + len, period);
    d->on = at < d->dash;
    d->phase = (float)(d->on ? at : at - d->dash);
    d->np = 0;
    if (d->on) {
        d->piece[0] = x;
        d->piece[1] = y;
        d->np = 1;
    }
}

/* Draws the pattern along a to b. */
static void dash_walk(draw_list *dl, dashing *d, const vec2 a, const vec2 b)
{
    vec2 dv = {b[0] - a[0], b[1] - a[1]};
    float len = glm_vec2_norm(dv), pos = 0;
    while (len - pos > 1e-4f) {
        float left = (d->on ? d->dash : d->gap) - d->phase;
        float stepl = left < len - pos ? left : len - pos;
        pos += stepl;
        d->phase += stepl;
        float u = pos / len;
        float px = a[0] + dv[0] * u, py = a[1] + dv[1] * u;
        if (d->on) {
            d->piece[d->np * 2] = px;
            d->piece[d->np * 2 + 1] = py;
            d->np++;
        }
        if (d->phase >= (d->on ? d->dash : d->gap) - 1e-4f) {
            if (d->on) stroke(dl, d->piece, d->np, d->width, d->c, 0);
            d->on = !d->on;
            d->phase = 0;
            d->np = 0;
            if (d->on) {
                d->piece[0] = px;
                d->piece[1] = py;
                d->np = 1;
            }
        }
    }
}

void draw_dashed(draw_list *dl, const float *pts, int n, float width, float dash, float gap, SDL_Color c)
{
    assert(dash > 0 && gap >= 0);
    /* Each dash is a short polyline; its points go after the input copy in one scratch buffer. */
    float *t;
    int m = dedup(dl, pts, n, &t);
    if (m < 2) return;
    if (!scratch(dl, 4 * m + 4)) return;
    t = dl->tmp;
    dashing d = {.piece = t + 2 * m, .np = 1, .on = 1, .phase = 0, .dash = dash, .gap = gap, .width = width, .c = c};
    d.piece[0] = t[0];
    d.piece[1] = t[1];
    /* off the cull box (plus the stroke's reach) a segment only moves the pattern on */
    const double reach = width + 2.0;
    for (int i = 1; i < m; i++) {
        vec2 a = {t[2 * i - 2], t[2 * i - 1]}, b = {t[2 * i], t[2 * i + 1]};
        if (!dl->cull) {
            dash_walk(dl, &d, a, b);
            continue;
        }
        const double dx = (double)b[0] - a[0], dy = (double)b[1] - a[1], len = hypot(dx, dy);
        double t0, t1;
        if (!draw_clip_segment(a[0], a[1], b[0], b[1], dl->cull_box[0] - reach, dl->cull_box[2] + reach,
                               dl->cull_box[1] - reach, dl->cull_box[3] + reach, &t0, &t1)) {
            dash_skip(dl, &d, len, b[0], b[1]);
            continue;
        }
        vec2 p = {(float)(a[0] + t0 * dx), (float)(a[1] + t0 * dy)};
        vec2 q = {(float)(a[0] + t1 * dx), (float)(a[1] + t1 * dy)};
        dash_skip(dl, &d, t0 * len, p[0], p[1]);
        dash_walk(dl, &d, p, q);
        dash_skip(dl, &d, (1 - t1) * len, b[0], b[1]);
    }
    if (d.on && d.np >= 2) stroke(dl, d.piece, d.np, width, c, 0);
}

/* A filled polygon star-shaped from its centroid-side first point (convex, or a dart), with a
 * feathered rim: an inner ring at full alpha, an outer ring at alpha 0. */
static void fill_poly(draw_list *dl, const float *pts, int n, SDL_Color c)
{
    if (n < 3 || c.a == 0) return;
    float area = 0;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        area += pts[2 * i] * pts[2 * j + 1] - pts[2 * j] * pts[2 * i + 1];
    }
    if (fabsf(area) < 1e-6f) return;
    float orient = area > 0 ? 1.0f : -1.0f; /* makes the computed normals point outward */
    int base = reserve(dl, 2 * n, 3 * (n - 2) + 6 * n);
    if (base < 0) return;
    SDL_Color c0 = c;
    c0.a = 0;
    for (int i = 0; i < n; i++) {
        int ip = (i + n - 1) % n, in = (i + 1) % n;
        vec2 a = {pts[2 * ip], pts[2 * ip + 1]}, b = {pts[2 * i], pts[2 * i + 1]}, e = {pts[2 * in], pts[2 * in + 1]};
        vec2 d0, d1, n0, n1, m, q;
        glm_vec2_sub(b, a, d0);
        glm_vec2_normalize(d0);
        glm_vec2_sub(e, b, d1);
        glm_vec2_normalize(d1);
        /* for counter-clockwise (positive area in y-down pixels: clockwise on screen) the outward
         * normal of direction d is (d.y, -d.x) */
        n0[0] = d0[1] * orient;
        n0[1] = -d0[0] * orient;
        n1[0] = d1[1] * orient;
        n1[1] = -d1[0] * orient;
        glm_vec2_add(n0, n1, m);
        float ml = glm_vec2_norm(m), scale = 1.0f;
        if (ml < 1e-4f) {
            glm_vec2_copy(n1, m);
        } else {
            glm_vec2_scale(m, 1.0f / ml, m);
            float cosh = glm_vec2_dot(m, n1);
            scale = cosh > 1.0f / MITER_LIMIT ? 1.0f / cosh : MITER_LIMIT;
        }
        glm_vec2_scale(m, -FEATHER * scale, q);
        glm_vec2_add(b, q, q);
        put_v(dl, q, c);
        glm_vec2_scale(m, FEATHER * scale, q);
        glm_vec2_add(b, q, q);
        put_v(dl, q, c0);
    }
    for (int i = 1; i + 1 < n; i++) put_tri(dl, base, base + 2 * i, base + 2 * (i + 1));
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        put_quad(dl, base + 2 * i, base + 2 * i + 1, base + 2 * j + 1, base + 2 * j);
    }
}

void draw_convex(draw_list *dl, const float *pts, int n, SDL_Color c)
{
    float *t;
    int m = dedup(dl, pts, n, &t);
    if (m >= 2 && fabsf(t[0] - t[2 * m - 2]) < 1e-3f && fabsf(t[1] - t[2 * m - 1]) < 1e-3f) m--;
    fill_poly(dl, t, m, c);
}

void draw_arrow(draw_list *dl, float x0, float y0, float x1, float y1, float width, float head, SDL_Color c)
{
    if (!isfinite(x0 + y0 + x1 + y1)) return;
    vec2 a = {x0, y0}, b = {x1, y1}, d, n;
    glm_vec2_sub(b, a, d);
    float len = glm_vec2_norm(d);
    if (len < 0.5f) return;
    glm_vec2_scale(d, 1.0f / len, d);
    perp(d, n);
    if (head > len / 1.5f) head = len / 1.5f;
    float half = 0.42f * head;
    if (half < 0.9f * width) half = 0.9f * width;
    float notch = 0.22f * head; /* the head's back edge is swept forward by this much */
    /* shaft ends inside the head so that no seam shows between them */
    float shaft = len - head + notch * 0.5f;
    if (shaft > 0.5f) draw_line(dl, x0, y0, x0 + d[0] * shaft, y0 + d[1] * shaft, width, c);
    float bx = x1 - d[0] * head, by = y1 - d[1] * head;
    float pts[8] = {x1, y1,
                    bx + n[0] * half, by + n[1] * half,
                    bx + d[0] * notch, by + d[1] * notch,
                    bx - n[0] * half, by - n[1] * half};
    fill_poly(dl, pts, 4, c);
}

static int circle_segments(float radius)
{
    int k = (int)ceilf(2.0f * (float)M_PI * radius / 3.0f);
    return k < 10 ? 10 : k > 96 ? 96 : k;
}

/* The sprite for a disc (width 0) or ring, or -1 when it is too large or the table is full. */
static int sprite_for(draw_list *dl, float radius, float width)
{
    if (radius + 0.5f * width > SPRITE_MAX_RADIUS) return -1;
    int r4 = (int)lroundf(radius * 4), w4 = (int)lroundf(width * 4);
    for (int i = 0; i < dl->n_spr; i++)
        if (dl->spr[i].r4 == r4 && dl->spr[i].w4 == w4) return i;
    if (dl->n_spr == MAX_SPRITES) return -1;
    int size = 2 * (int)ceilf(0.25f * (float)r4 + 0.125f * (float)w4 + 1.0f) + 1;
    dl->spr[dl->n_spr] = (sprite){r4, w4, size, NULL};
    return dl->n_spr++;
}

/* One sprite quad centred on (cx, cy), snapped to whole pixels so the blit is exact. */
static void put_sprite(draw_list *dl, int spr, float cx, float cy, SDL_Color c)
{
    int base = reserve_in(dl, 4, 6, spr);
    if (base < 0) return;
    float size = (float)dl->spr[spr].size;
    float x = floorf(cx - 0.5f * size + 0.5f), y = floorf(cy - 0.5f * size + 0.5f);
    const float u[4] = {0, 1, 1, 0}, w[4] = {0, 0, 1, 1};
    for (int i = 0; i < 4; i++) {
        SDL_Vertex *v = &dl->v[dl->n_v++];
        v->position.x = x + u[i] * size;
        v->position.y = y + w[i] * size;
        v->color = c;
        v->tex_coord.x = u[i];
        v->tex_coord.y = w[i];
    }
    put_quad(dl, base, base + 1, base + 2, base + 3);
}

void draw_circle(draw_list *dl, float cx, float cy, float radius, SDL_Color c)
{
    if (radius <= 0 || c.a == 0 || !isfinite(cx + cy)) return;
    int spr = sprite_for(dl, radius, 0);
    if (spr >= 0) {
        put_sprite(dl, spr, cx, cy, c);
        return;
    }
    int k = circle_segments(radius);
    /* a disc: a fan over the inner ring (full alpha) and a rim out to the outer ring (alpha 0) */
    int base = reserve(dl, 1 + 2 * k, 3 * k + 6 * k);
    if (base < 0) return;
    float rin = radius > FEATHER ? radius - FEATHER : 0, rout = radius + FEATHER;
    SDL_Color ci = radius < FEATHER ? draw_alpha(c, radius / FEATHER) : c, c0 = c;
    c0.a = 0;
    vec2 ctr = {cx, cy};
    put_v(dl, ctr, ci);
    for (int i = 0; i < k; i++) {
        float t = 2.0f * (float)M_PI * (float)i / (float)k;
        vec2 u = {cosf(t), sinf(t)}, q;
        glm_vec2_scale(u, rin, q);
        glm_vec2_add(ctr, q, q);
        put_v(dl, q, ci);
        glm_vec2_scale(u, rout, q);
        glm_vec2_add(ctr, q, q);
        put_v(dl, q, c0);
    }
    for (int i = 0; i < k; i++) {
        int j = (i + 1) % k;
        put_tri(dl, base, base + 1 + 2 * i, base + 1 + 2 * j);
        put_quad(dl, base + 1 + 2 * i, base + 2 + 2 * i, base + 2 + 2 * j, base + 1 + 2 * j);
    }
}

void draw_ring(draw_list *dl, float cx, float cy, float radius, float width, SDL_Color c)
{
    if (radius <= 0 || width <= 0 || c.a == 0 || !isfinite(cx + cy)) return;
    int spr = sprite_for(dl, radius, width);
    if (spr >= 0) {
        put_sprite(dl, spr, cx, cy, c);
        return;
    }
    int k = circle_segments(radius + 0.5f * width);
    float *t = scratch(dl, 2 * k);
    if (!t) return;
    for (int i = 0; i < k; i++) {
        float a = 2.0f * (float)M_PI * (float)i / (float)k;
        t[2 * i] = cx + radius * cosf(a);
        t[2 * i + 1] = cy + radius * sinf(a);
    }
    stroke(dl, t, k, width, c, 1);
}

void draw_fill_rect(draw_list *dl, float x, float y, float w, float h, SDL_Color c)
{
    if (w <= 0 || h <= 0) return;
    put_op(dl, 1, x, y, w, h, c);
}

/* The outline of a rounded rectangle as a closed point list in scratch; returns the count. */
static int round_rect_path(draw_list *dl, float x, float y, float w, float h, float radius)
{
    float rmax = 0.5f * (w < h ? w : h);
    if (radius > rmax) radius = rmax;
    if (radius < 0) radius = 0;
    int seg = radius < 1.0f ? 1 : circle_segments(radius) / 4 + 1;
    float *t = scratch(dl, 8 * (seg + 1));
    if (!t) return 0;
    const float cxs[4] = {x + w - radius, x + w - radius, x + radius, x + radius};
    const float cys[4] = {y + radius, y + h - radius, y + h - radius, y + radius};
    int m = 0;
    for (int q = 0; q < 4; q++) {
        float a0 = (float)M_PI * (-0.5f + 0.5f * (float)q);
        for (int i = 0; i <= seg; i++) {
            float a = a0 + 0.5f * (float)M_PI * (float)i / (float)seg;
            float px = cxs[q] + radius * cosf(a), py = cys[q] + radius * sinf(a);
            if (m > 0 && fabsf(px - t[2 * m - 2]) < 1e-3f && fabsf(py - t[2 * m - 1]) < 1e-3f) continue;
            t[2 * m] = px;
            t[2 * m + 1] = py;
            m++;
        }
    }
    if (m > 1 && fabsf(t[0] - t[2 * m - 2]) < 1e-3f && fabsf(t[1] - t[2 * m - 1]) < 1e-3f) m--;
    return m;
}

/* The large opaque case's whole-pixel outer box (x0, y0)-(x1, y1) and corner size in; 0 when the rounded
 * rectangle is drawn as one feathered polygon instead (small, translucent or too narrow). */
static int round_rect_box(float x, float y, float w, float h, float radius, SDL_Color c, float box[5])
{
    if (w <= 0 || h <= 0 || c.a != 255 || radius <= 0 || w * h < 4000) return 0;
    float rmax = 0.5f * (w < h ? w : h);
    if (radius > rmax) radius = rmax;
    float x0 = roundf(x), y0 = roundf(y), x1 = roundf(x + w), y1 = roundf(y + h), in = ceilf(radius);
    if (x1 - x0 < 2 * in + 1 || y1 - y0 < 2 * in + 1) return 0;
    box[0] = x0, box[1] = y0, box[2] = x1, box[3] = y1, box[4] = in;
    return 1;
}

int draw_round_rect_inside(float x, float y, float w, float h, float radius, SDL_Color c, SDL_Rect out[3])
{
    float b[5];
    if (!round_rect_box(x, y, w, h, radius, c, b)) return 0;
    const int x0 = (int)b[0], y0 = (int)b[1], x1 = (int)b[2], y1 = (int)b[3], in = (int)b[4];
    out[0] = (SDL_Rect){x0 + in, y0, x1 - x0 - 2 * in, y1 - y0};
    out[1] = (SDL_Rect){x0, y0 + in, in, y1 - y0 - 2 * in};
    out[2] = (SDL_Rect){x1 - in, y0 + in, in, y1 - y0 - 2 * in};
    return 3;
}

/* The large opaque case: the inside as plain rectangles on whole pixels (fast fills that meet without
 * seams; left out when inside_filled: the target holds them already), the rim and corners as geometry. */
static void round_rect_large(draw_list *dl, const float b[5], SDL_Color c, int inside_filled)
{
    const float x0 = b[0], y0 = b[1], x1 = b[2], y1 = b[3], in = b[4];
    if (!inside_filled) {
        draw_fill_rect(dl, x0 + in, y0, x1 - x0 - 2 * in, y1 - y0, c);
        draw_fill_rect(dl, x0, y0 + in, in, y1 - y0 - 2 * in, c);
        draw_fill_rect(dl, x1 - in, y0 + in, in, y1 - y0 - 2 * in, c);
    }
    int m = round_rect_path(dl, x0, y0, x1 - x0, y1 - y0, in);
    stroke(dl, dl->tmp, m, 2 * FEATHER, c, 1);
    /* the corner quarter discs between the rectangles and the rim */
    const float cx[4] = {x0 + in, x1 - in, x1 - in, x0 + in}, cy[4] = {y0 + in, y0 + in, y1 - in, y1 - in};
    for (int q = 0; q < 4; q++) {
        int k = circle_segments(in) / 4 + 1;
        int base = reserve(dl, k + 2, 3 * k);
        if (base < 0) return;
        vec2 ctr = {cx[q], cy[q]};
        put_v(dl, ctr, c);
        float a0 = (float)M_PI * (1.0f + 0.5f * (float)q);
        for (int i = 0; i <= k; i++) {
            float a = a0 + 0.5f * (float)M_PI * (float)i / (float)k;
            vec2 p = {cx[q] + (in - FEATHER) * cosf(a), cy[q] + (in - FEATHER) * sinf(a)};
            put_v(dl, p, c);
        }
        for (int i = 0; i < k; i++) put_tri(dl, base, base + 1 + i, base + 2 + i);
    }
}

void draw_round_rect(draw_list *dl, float x, float y, float w, float h, float radius, SDL_Color c)
{
    if (w <= 0 || h <= 0 || c.a == 0) return;
    if (radius <= 0) {
        draw_fill_rect(dl, x, y, w, h, c);
        return;
    }
    float b[5];
    if (round_rect_box(x, y, w, h, radius, c, b)) {
        round_rect_large(dl, b, c, 0);
        return;
    }
    /* small or translucent: one feathered polygon */
    float rmax = 0.5f * (w < h ? w : h);
    int m = round_rect_path(dl, x, y, w, h, radius > rmax ? rmax : radius);
    fill_poly(dl, dl->tmp, m, c);
}

void draw_round_rect_edge(draw_list *dl, float x, float y, float w, float h, float radius, SDL_Color c)
{
    float b[5];
    if (round_rect_box(x, y, w, h, radius, c, b))
        round_rect_large(dl, b, c, 1);
    else
        draw_round_rect(dl, x, y, w, h, radius, c);
}

void draw_round_rect_outline(draw_list *dl, float x, float y, float w, float h, float radius, float width,
                             SDL_Color c)
{
    if (w <= 0 || h <= 0) return;
    int m = round_rect_path(dl, x, y, w, h, radius);
    stroke(dl, dl->tmp, m, width, c, 1);
}

void draw_band(draw_list *dl, const float *top, const float *bottom, int n, SDL_Color c)
{
    if (n < 2 || c.a == 0) return;
    int base = reserve(dl, 2 * n, 6 * (n - 1));
    if (base < 0) return;
    for (int i = 0; i < n; i++) {
        vec2 a = {top[2 * i], top[2 * i + 1]}, b = {bottom[2 * i], bottom[2 * i + 1]};
        put_v(dl, a, c);
        put_v(dl, b, c);
    }
    for (int i = 0; i + 1 < n; i++)
        put_quad(dl, base + 2 * i, base + 2 * i + 2, base + 2 * i + 3, base + 2 * i + 1);
}

void draw_triangles(draw_list *dl, const SDL_Vertex *v, int n)
{
    n -= n % 3;
    const int base = reserve(dl, n, n);
    if (base < 0) return;
    for (int i = 0; i < n; i++) {
        const vec2 p = {v[i].position.x, v[i].position.y};
        put_v(dl, p, v[i].color);
        dl->idx[dl->n_i++] = base + i;
    }
}

void draw_list_group_begin(draw_list *dl)
{
    assert(dl->group_b < 0);
    dl->group_b = dl->n_b;
}

/* Grows a scratch array of elem-sized items to hold n; 0 on out-of-memory. */
static int grow(void **p, int *cap, int n, size_t elem)
{
    if (n <= *cap) return 1;
    int c = *cap ? *cap : 1024;
    while (c < n) c *= 2;
    void *q = realloc(*p, (size_t)c * elem);
    if (!q) return 0;
    *p = q;
    *cap = c;
    return 1;
}

/* The group's batches regrouped by kind: the direct calls first, then each kind of triangles at the
 * place of its first batch, each kind's shapes in call order; the index and op arrays permuted to match
 * (through scratch kept between frames). */
void draw_list_group_end(draw_list *dl)
{
    const int g0 = dl->group_b;
    dl->group_b = -1;
    if (g0 < 0 || dl->oom || dl->n_b == g0) return;
    int i_start = -1, h_start = -1;
    for (int k = g0; k < dl->n_b; k++) {
        const int ops = dl->b[k].sprite == BATCH_OPS;
        int end = ops ? dl->n_hl : dl->n_i;
        for (int j = k + 1; j < dl->n_b; j++)
            if ((dl->b[j].sprite == BATCH_OPS) == ops) {
                end = dl->b[j].i0;
                break;
            }
        dl->b[k].ni = end - dl->b[k].i0; /* ni is recomputed at the flush: here it holds the range */
        if (ops && h_start < 0) h_start = dl->b[k].i0;
        if (!ops && i_start < 0) i_start = dl->b[k].i0;
    }
    if ((i_start >= 0 && !grow((void **)&dl->gi, &dl->cap_gi, dl->n_i - i_start, sizeof *dl->gi)) ||
        (h_start >= 0 && !grow((void **)&dl->gh, &dl->cap_gh, dl->n_hl - h_start, sizeof *dl->gh))) {
        dl->oom = 1;
        return;
    }
    batch out[MAX_SPRITES + 2]; /* one per kind: the direct calls, plain triangles, each sprite */
    int nk = 0, ni = 0, nh = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int k = g0; k < dl->n_b; k++) {
            const int kind = dl->b[k].sprite, ops = kind == BATCH_OPS;
            if (dl->b[k].ni < 0 || ops != (pass == 0)) continue; /* pass 0: the direct calls */
            out[nk++] = (batch){kind, ops ? h_start + nh : i_start + ni, 0};
            for (int j = k; j < dl->n_b; j++) {
                batch *b = &dl->b[j];
                if (b->sprite != kind || b->ni < 0) continue;
                if (ops)
                    memcpy(dl->gh + nh, dl->hl + b->i0, (size_t)b->ni * sizeof *dl->gh), nh += b->ni;
                else
                    memcpy(dl->gi + ni, dl->idx + b->i0, (size_t)b->ni * sizeof *dl->gi), ni += b->ni;
                b->ni = -1;
            }
        }
    if (ni) memcpy(dl->idx + i_start, dl->gi, (size_t)ni * sizeof *dl->gi);
    if (nh) memcpy(dl->hl + h_start, dl->gh, (size_t)nh * sizeof *dl->gh);
    /* the batch before the group goes on into the group's first when they are of a kind */
    const int skip = g0 > 0 && dl->b[g0 - 1].sprite == out[0].sprite;
    memcpy(&dl->b[g0], out + skip, (size_t)(nk - skip) * sizeof *out);
    dl->n_b = g0 + nk - skip;
}
