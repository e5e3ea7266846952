/* text: SDL2_ttf labels from one glyph atlas, strings laid out once per (face, pixel size, string) and drawn as batched quads.
 * Main thread only (SDL_ttf and the renderer are main-thread only).
 * Invariants: the hash indexes hold exactly the live layouts and glyphs; the atlas is white, tinted by vertex colour;
 * each face's file stays in memory (face_data) until every TTF_Font opened from it is closed. */
#include "render/text.h"

#include "render/draw.h"

#include <SDL_ttf.h>
#include <assert.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FONTS 32       /* (face, pixel size) pairs held open */
#define EVICT_AFTER 120    /* frames without a draw before a string's layout is dropped */
#define TEXT_MAX 256       /* longest cached string, bytes */
#define ATLAS_SIZE 1024    /* the glyph atlas is ATLAS_SIZE x ATLAS_SIZE pixels */
#define GLYPH_PAD 1        /* empty pixels between glyphs in the atlas */

static const char *const face_file[TEXT_FACE_COUNT] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"};

typedef struct {
    text_face face;
    int px;
    long last_used;
    TTF_Font *font;
} font_slot;

/* One glyph of one (face, pixel size) in the atlas: its inked box, cut from what SDL_ttf renders
 * for the glyph alone, and where that box sits from the pen at the top of the line box. */
typedef struct {
    uint64_t key; /* face, pixel size, code point */
    int x, y, w, h; /* in the atlas; w = 0: no ink (a space) */
    int bx, by;     /* offset of the box from the pen */
    int a;          /* its coverage: w * h bytes at pix + a */
} glyph;

/* A string laid out once: each glyph where SDL_ttf puts it when it renders the whole string. */
typedef struct {
    uint64_t hash;
    text_face face;
    int px;
    char *s;
    int w, h;     /* the string's box, as TTF_SizeUTF8 gives it */
    int n;        /* glyphs with ink */
    int *gi;      /* (n) index into the glyph table */
    int *gx, *gy; /* (n) each glyph's box in the string's box */
    long last_used;
} entry;

/* Quads of glyphs waiting for one SDL_RenderGeometry call, all under one clip rectangle. */
typedef struct {
    SDL_Vertex *v; /* (cap_v) four per glyph */
    int n_v, cap_v;
    int *idx;      /* (cap_i) six per glyph */
    int n_i, cap_i;
    int clip_on;   /* the renderer's clip when the quads were added */
    SDL_Rect clip;
} batch;

struct text_cache {
    SDL_Renderer *r;
    float scale;
    char dir[1100]; /* the fonts directory */
    /* each face's file, read once: FreeType then reads its tables and glyphs from memory instead of with a
     * seek and a read each (about 19 000 calls while the first frame lays out its labels) */
    void *face_data[TEXT_FACE_COUNT]; /* (face_len) SDL_LoadFile's, for SDL_free */
    size_t face_len[TEXT_FACE_COUNT];
    font_slot fonts[MAX_FONTS];
    int n_fonts;
    entry *e; /* (cap_e) */
    int n_e, cap_e;
    int *slot; /* (cap_slot) open-addressing index into e, -1 empty; cap_slot a power of 2 */
    int cap_slot;
    glyph *g;  /* (cap_g) */
    int n_g, cap_g;
    int *gslot; /* (cap_gslot) open-addressing index into g, -1 empty; a power of 2 */
    int cap_gslot;
    SDL_Texture *atlas; /* white, glyph coverage in alpha; made at the first glyph */
    Uint8 *pix;         /* (cap_pix) the glyphs' coverage, kept to place them (layout) */
    int n_pix, cap_pix;
    int shelf_x, shelf_y, shelf_h; /* the shelf being filled: next free x, its top and height */
    batch b;
    long frame;
    long renders;
    int ttf_inited; /* holds a reference to SDL_ttf (TTF_Init), released by TTF_Quit */
    int profiling;  /* text_profile_enable: each flush waits for the renderer and is timed */
    double prof_ms;
    long prof_glyphs, prof_calls;
};

static uint64_t hash_key(text_face face, int px, const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 1099511628211ull;
    h = (h ^ (uint64_t)face) * 1099511628211ull;
    h = (h ^ (uint64_t)(unsigned)px) * 1099511628211ull;
    return h;
}

/* The fonts directory of assets_dir when every face is readable there; else err = each path tried. */
static int find_font_dir(const char *assets_dir, char *out, int outlen, char *err, int errlen)
{
    char tried[4096] = "";
    size_t used = 0;
    int ok = 1;
    for (int f = 0; f < TEXT_FACE_COUNT; f++) {
        char path[1200];
        int len = snprintf(path, sizeof path, "%s/fonts/%s", assets_dir, face_file[f]);
        FILE *fp = len > 0 && len < (int)sizeof path ? fopen(path, "rb") : NULL;
        if (fp) {
            fclose(fp);
            continue;
        }
        ok = 0;
        int k = snprintf(tried + used, sizeof tried - used, "%s%s", used ? ", " : "", path);
        if (k > 0 && (size_t)k < sizeof tried - used) used += (size_t)k;
    }
    if (!ok) {
        snprintf(err, (size_t)errlen, "cannot open the bundled fonts; tried: %s", tried);
        return -1;
    }
    if (snprintf(out, (size_t)outlen, "%s/fonts", assets_dir) < outlen) return 0;
    snprintf(err, (size_t)errlen, "the assets directory's path is too long: %s", assets_dir);
    return -1;
}

/* face at px from the file read at create; NULL with SDL_ttf's error set */
static TTF_Font *open_face(const text_cache *tc, text_face face, int px)
{
    SDL_RWops *rw = SDL_RWFromConstMem(tc->face_data[face], (int)tc->face_len[face]);
    return rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
}

text_cache *text_cache_create(SDL_Renderer *r, const char *assets_dir, char *err, int errlen)
{
    assert(r && assets_dir);
    text_cache *tc = calloc(1, sizeof *tc);
    if (!tc) {
        snprintf(err, (size_t)errlen, "text: out of memory");
        return NULL;
    }
    tc->r = r;
    tc->scale = 1.0f;
    if (find_font_dir(assets_dir, tc->dir, sizeof tc->dir, err, errlen) < 0) {
        free(tc);
        return NULL;
    }
    /* TTF_Init and TTF_Quit count references, so each cache holds one of its own */
    if (TTF_Init() < 0) {
        snprintf(err, (size_t)errlen, "SDL_ttf: %s", TTF_GetError());
        free(tc);
        return NULL;
    }
    tc->ttf_inited = 1;
    /* Open each face once now, so that a broken file is reported here and not mid-frame. */
    for (int f = 0; f < TEXT_FACE_COUNT; f++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", tc->dir, face_file[f]);
        tc->face_data[f] = SDL_LoadFile(path, &tc->face_len[f]);
        if (!tc->face_data[f] || tc->face_len[f] > (size_t)INT_MAX) {
            snprintf(err, (size_t)errlen, "cannot read font %s: %s", path, tc->face_data[f] ? "too large" : SDL_GetError());
            text_cache_destroy(tc);
            return NULL;
        }
        TTF_Font *font = open_face(tc, (text_face)f, 14);
        if (!font) {
            snprintf(err, (size_t)errlen, "cannot open font %s: %s", path, TTF_GetError());
            text_cache_destroy(tc);
            return NULL;
        }
        tc->fonts[tc->n_fonts++] = (font_slot){(text_face)f, 14, 0, font};
    }
    return tc;
}

static void free_entry(entry *e)
{
    free(e->s);
    free(e->gi);
    free(e->gx);
    free(e->gy);
}

void text_cache_destroy(text_cache *tc)
{
    if (!tc) return;
    for (int i = 0; i < tc->n_e; i++) free_entry(&tc->e[i]);
    free(tc->e);
    free(tc->slot);
    free(tc->g);
    free(tc->gslot);
    free(tc->pix);
    free(tc->b.v);
    free(tc->b.idx);
    if (tc->atlas) SDL_DestroyTexture(tc->atlas);
    for (int i = 0; i < tc->n_fonts; i++) TTF_CloseFont(tc->fonts[i].font);
    for (int f = 0; f < TEXT_FACE_COUNT; f++) SDL_free(tc->face_data[f]); /* after the fonts that read it */
    if (tc->ttf_inited) TTF_Quit();
    free(tc);
}

const char *text_cache_font_dir(const text_cache *tc) { return tc->dir; }

void text_set_scale(text_cache *tc, float scale)
{
    assert(scale > 0);
    tc->scale = scale;
}

float text_scale(const text_cache *tc) { return tc->scale; }

static int pixel_size(const text_cache *tc, float size)
{
    int px = (int)(size * tc->scale + 0.5f);
    return px < 6 ? 6 : px > 400 ? 400 : px;
}

static TTF_Font *get_font(text_cache *tc, text_face face, int px)
{
    assert(face >= 0 && face < TEXT_FACE_COUNT);
    int oldest = -1;
    for (int i = 0; i < tc->n_fonts; i++) {
        if (tc->fonts[i].face == face && tc->fonts[i].px == px) {
            tc->fonts[i].last_used = tc->frame;
            return tc->fonts[i].font;
        }
        if (oldest < 0 || tc->fonts[i].last_used < tc->fonts[oldest].last_used) oldest = i;
    }
    TTF_Font *font = open_face(tc, face, px);
    if (!font) return NULL;
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    int i = tc->n_fonts < MAX_FONTS ? tc->n_fonts++ : oldest;
    if (i == oldest) TTF_CloseFont(tc->fonts[i].font);
    tc->fonts[i] = (font_slot){face, px, tc->frame, font};
    return font;
}

static int index_insert(text_cache *tc, int ei)
{
    int mask = tc->cap_slot - 1;
    for (int j = (int)(tc->e[ei].hash & (uint64_t)mask);; j = (j + 1) & mask) {
        if (tc->slot[j] < 0) {
            tc->slot[j] = ei;
            return j;
        }
    }
}

/* Re-inserts every entry; the index grows to hold 2 * min_entries but never shrinks. */
static int rebuild_index(text_cache *tc, int min_entries)
{
    int cap = tc->cap_slot ? tc->cap_slot : 256;
    while (cap < 2 * min_entries) cap *= 2;
    if (cap != tc->cap_slot) {
        int *s = realloc(tc->slot, (size_t)cap * sizeof *s);
        if (!s) return -1;
        tc->slot = s;
        tc->cap_slot = cap;
    }
    for (int j = 0; j < tc->cap_slot; j++) tc->slot[j] = -1;
    for (int i = 0; i < tc->n_e; i++) index_insert(tc, i);
    return 0;
}

static entry *lookup(text_cache *tc, text_face face, int px, const char *s, uint64_t h)
{
    if (!tc->cap_slot) return NULL;
    int mask = tc->cap_slot - 1;
    for (int j = (int)(h & (uint64_t)mask); tc->slot[j] >= 0; j = (j + 1) & mask) {
        entry *e = &tc->e[tc->slot[j]];
        if (e->hash == h && e->face == face && e->px == px && strcmp(e->s, s) == 0) return e;
    }
    return NULL;
}

/* ---- the glyph atlas ----
 * DESIGN: one label used to be one texture, so each label cost the GL renderer a texture bind and
 * a draw call, and every changed number a rasterisation and an upload. Now each glyph of each
 * (face, pixel size) is rasterised once into one atlas texture, a string is laid out once (where
 * each glyph goes), and the quads of all strings drawn under one clip rectangle reach the renderer
 * as one SDL_RenderGeometry call. A full atlas is emptied and refilled on demand (a new UI scale
 * or a long session of new sizes), never grown. */

/* cp with at most one combining mark (0: none): 21 bits each, then the pixel size (9) and face (2). */
static uint64_t glyph_key(text_face face, int px, Uint32 cp, Uint32 mark)
{
    return ((uint64_t)face << 51) | ((uint64_t)(unsigned)px << 42) | ((uint64_t)mark << 21) | cp;
}

static int utf8_put(Uint32 c, char *out) /* c < 0x110000; returns the bytes written */
{
    if (c < 0x80) return out[0] = (char)c, 1;
    if (c < 0x800) return out[0] = (char)(0xC0 | (c >> 6)), out[1] = (char)(0x80 | (c & 0x3F)), 2;
    if (c < 0x10000)
        return out[0] = (char)(0xE0 | (c >> 12)), out[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
               out[2] = (char)(0x80 | (c & 0x3F)), 3;
    return out[0] = (char)(0xF0 | (c >> 18)), out[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
           out[2] = (char)(0x80 | ((c >> 6) & 0x3F)), out[3] = (char)(0x80 | (c & 0x3F)), 4;
}

static int glyph_find(const text_cache *tc, uint64_t key)
{
    if (!tc->cap_gslot) return -1;
    int mask = tc->cap_gslot - 1;
    for (int j = (int)((key * 0x9E3779B97F4A7C15ull) >> 40) & mask; tc->gslot[j] >= 0; j = (j + 1) & mask)
        if (tc->g[tc->gslot[j]].key == key) return tc->gslot[j];
    return -1;
}

static void glyph_index_insert(text_cache *tc, int gi)
{
    int mask = tc->cap_gslot - 1;
    int j = (int)((tc->g[gi].key * 0x9E3779B97F4A7C15ull) >> 40) & mask;
    while (tc->gslot[j] >= 0) j = (j + 1) & mask;
    tc->gslot[j] = gi;
}

/* Empties the atlas: every glyph and every layout (they name glyphs) goes; queued quads are drawn first. */
static int text_flush_batch(text_cache *tc);
static void atlas_reset(text_cache *tc)
{
    text_flush_batch(tc);
    tc->n_g = 0;
    tc->n_pix = 0;
    for (int j = 0; j < tc->cap_gslot; j++) tc->gslot[j] = -1;
    tc->shelf_x = tc->shelf_y = tc->shelf_h = 0;
    for (int i = 0; i < tc->n_e; i++) free_entry(&tc->e[i]);
    tc->n_e = 0;
    if (tc->cap_slot) rebuild_index(tc, 0);
}

/* A place for a w x h box in the atlas (shelves, left to right, top to bottom); -1 when full. */
static int atlas_place(text_cache *tc, int w, int h, int *x, int *y)
{
    if (w + GLYPH_PAD > ATLAS_SIZE || h + GLYPH_PAD > ATLAS_SIZE) return -1;
    if (tc->shelf_x + w + GLYPH_PAD > ATLAS_SIZE) { /* next shelf */
        tc->shelf_y += tc->shelf_h;
        tc->shelf_x = tc->shelf_h = 0;
    }
    if (tc->shelf_y + h + GLYPH_PAD > ATLAS_SIZE) return -1;
    *x = tc->shelf_x;
    *y = tc->shelf_y;
    tc->shelf_x += w + GLYPH_PAD;
    if (h + GLYPH_PAD > tc->shelf_h) tc->shelf_h = h + GLYPH_PAD;
    return 0;
}

/* The glyph of cp in font (face, px), rasterised into the atlas on first use. Its index; -1 on an
 * SDL error, -2 when the atlas is full (nothing changed). */
static int glyph_get(text_cache *tc, TTF_Font *font, text_face face, int px, Uint32 cp, Uint32 mark)
{
    uint64_t key = glyph_key(face, px, cp, mark);
    int gi = glyph_find(tc, key);
    if (gi >= 0) return gi;
    if (!tc->atlas) {
        tc->atlas = SDL_CreateTexture(tc->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, ATLAS_SIZE, ATLAS_SIZE);
        if (!tc->atlas) return -1;
        SDL_SetTextureBlendMode(tc->atlas, SDL_BLENDMODE_BLEND);
    }
    if (tc->n_g == tc->cap_g) {
        int cap = tc->cap_g ? 2 * tc->cap_g : 512;
        glyph *ng = realloc(tc->g, (size_t)cap * sizeof *ng);
        int *ns = realloc(tc->gslot, (size_t)2 * cap * sizeof *ns);
        if (ng) tc->g = ng;
        if (ns) tc->gslot = ns;
        if (!ng || !ns) {
            SDL_SetError("text: out of memory");
            return -1;
        }
        tc->cap_g = cap;
        tc->cap_gslot = 2 * cap;
        for (int j = 0; j < tc->cap_gslot; j++) tc->gslot[j] = -1;
        for (int i = 0; i < tc->n_g; i++) glyph_index_insert(tc, i);
    }
    /* The glyph alone, as SDL_ttf renders a one-glyph string: its surface starts at the pen, or
     * -minx before it when the glyph reaches left of the pen. Only the inked box is kept. */
    int minx = 0, maxx, miny, maxy, adv;
    if (TTF_GlyphMetrics32(font, cp, &minx, &maxx, &miny, &maxy, &adv) != 0) minx = 0;
    SDL_Color white = {255, 255, 255, 255};
    /* a letter with its combining mark is one unit: HarfBuzz composes y + U+0302 into ŷ, or sets the mark on it */
    char unit[9] = "";
    if (mark) {
        int k = utf8_put(cp, unit);
        k += utf8_put(mark, unit + k);
        unit[k] = 0;
    }
    SDL_Surface *raw = mark ? TTF_RenderUTF8_Blended(font, unit, white) : TTF_RenderGlyph32_Blended(font, cp, white);
    if (!raw) return -1;
    SDL_Surface *surf = raw->format->format == SDL_PIXELFORMAT_ARGB8888
                            ? raw
                            : SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    if (!surf) {
        SDL_FreeSurface(raw);
        return -1;
    }
    int x0 = surf->w, y0 = surf->h, x1 = -1, y1 = -1;
    for (int y = 0; y < surf->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)surf->pixels + y * surf->pitch);
        for (int x = 0; x < surf->w; x++)
            if (row[x] >> 24) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
    }
    glyph gl = {key, 0, 0, 0, 0, 0, 0, 0};
    int rc = 0;
    if (x1 >= 0) {
        gl.w = x1 - x0 + 1;
        gl.h = y1 - y0 + 1;
        gl.bx = x0 - (minx < 0 ? -minx : 0);
        gl.by = y0;
        if (tc->n_pix + gl.w * gl.h > tc->cap_pix) {
            int cap = tc->cap_pix ? tc->cap_pix : 1 << 16;
            while (cap < tc->n_pix + gl.w * gl.h) cap *= 2;
            Uint8 *np = realloc(tc->pix, (size_t)cap);
            if (!np) {
                SDL_SetError("text: out of memory");
                rc = -1;
            } else {
                tc->pix = np;
                tc->cap_pix = cap;
            }
        }
        if (rc == 0 && atlas_place(tc, gl.w, gl.h, &gl.x, &gl.y) < 0) {
            rc = -2;
        } else if (rc == 0) {
            gl.a = tc->n_pix;
            for (int y = 0; y < gl.h; y++) {
                const Uint32 *row = (const Uint32 *)((const Uint8 *)surf->pixels + (y0 + y) * surf->pitch) + x0;
                for (int x = 0; x < gl.w; x++) tc->pix[tc->n_pix++] = (Uint8)(row[x] >> 24);
            }
            SDL_Rect dst = {gl.x, gl.y, gl.w, gl.h};
            const Uint8 *src = (const Uint8 *)surf->pixels + y0 * surf->pitch + 4 * x0;
            if (SDL_UpdateTexture(tc->atlas, &dst, src, surf->pitch) != 0) rc = -1;
        }
    }
    if (surf != raw) SDL_FreeSurface(surf);
    SDL_FreeSurface(raw);
    if (rc < 0) return rc;
    tc->g[tc->n_g] = gl;
    glyph_index_insert(tc, tc->n_g);
    return tc->n_g++;
}

/* The next code point of UTF-8 s (advancing *p); malformed bytes read as U+FFFD, as SDL_ttf reads them. */
static Uint32 next_cp(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    Uint32 c = s[0];
    int n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (n == 0) {
        *p += 1;
        return 0xFFFD;
    }
    c = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p += i;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p += n;
    return c;
}

/* Coverage of surface s (ARGB8888) at (x, y), 0 outside it. */
static int alpha_at(const SDL_Surface *s, int x, int y)
{
    if (x < 0 || y < 0 || x >= s->w || y >= s->h) return 0;
    return (int)(((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x] >> 24);
}

/* How far glyph g placed at (x, y) is from what SDL_ttf drew there: the sum of coverage differences. */
static long mismatch(const text_cache *tc, const glyph *g, const SDL_Surface *whole, int x, int y)
{
    long d = 0;
    const Uint8 *a = tc->pix + g->a;
    for (int v = 0; v < g->h; v++)
        for (int u = 0; u < g->w; u++) d += labs((long)alpha_at(whole, x + u, y + v) - a[v * g->w + u]);
    return d;
}

/* Lays s out: glyph i of the string goes where TTF_RenderUTF8_Blended puts it in the whole string.
 * DESIGN: SDL_ttf places glyph i at floor(pen_i) in 26.6 fixed point (HarfBuzz's advances and
 * kerning) and offers no call that returns pen_i; the width of the text before the glyph is pen_i
 * or a pixel more (it also covers ink that reaches past the pen), and glyphs above the ascent
 * shift the whole line down. So the string is rendered once, as before, and each glyph is set at
 * the offset near that estimate (2 px across, 4 up or down: HarfBuzz lifts combining marks such as ŷ's) where it matches the rendering best: the atlas then
 * draws the string as SDL_ttf does, pixel for pixel but where two glyphs' ink overlaps (blended
 * twice instead of once). 0 ok, -1 SDL error, -2 the atlas is full. */
static int layout(text_cache *tc, TTF_Font *font, text_face face, int px, const char *s, entry *e)
{
    size_t len = strlen(s);
    e->gi = malloc((len + 1) * sizeof *e->gi);
    e->gx = malloc((len + 1) * sizeof *e->gx);
    e->gy = malloc((len + 1) * sizeof *e->gy);
    if (!e->gi || !e->gx || !e->gy) {
        SDL_SetError("text: out of memory");
        return -1;
    }
    if (TTF_SizeUTF8(font, s, &e->w, &e->h) != 0) return -1;
    char prefix[TEXT_MAX];
    int shift = 0; /* how far the string's box reaches left of the first pen position */
    e->n = 0;
    for (const char *p = s; *p;) {
        const char *at = p;
        Uint32 cp = next_cp(&p), mark = 0;
        const char *after = p;
        if (*p && cp >= 0x20) { /* a combining diacritical mark after it goes with it */
            Uint32 m = next_cp(&after);
            if (m >= 0x300 && m <= 0x36F) {
                mark = m;
                p = after;
            }
        }
        int pen = shift;
        if (at > s) {
            memcpy(prefix, s, (size_t)(at - s));
            prefix[at - s] = 0;
            int ph;
            if (TTF_SizeUTF8(font, prefix, &pen, &ph) != 0) return -1;
        } else {
            int minx, maxx, miny, maxy, adv;
            if (TTF_GlyphMetrics32(font, cp, &minx, &maxx, &miny, &maxy, &adv) == 0 && minx < 0) shift = -minx;
            pen = shift;
        }
        int gi = glyph_get(tc, font, face, px, cp, mark);
        if (gi < 0) return gi;
        if (tc->g[gi].w == 0) continue;
        e->gi[e->n] = gi;
        e->gx[e->n] = pen + tc->g[gi].bx;
        e->gy[e->n] = tc->g[gi].by;
        e->n++;
    }
    if (e->n == 0) return 0;
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *raw = TTF_RenderUTF8_Blended(font, s, white);
    SDL_Surface *whole = raw && raw->format->format != SDL_PIXELFORMAT_ARGB8888
                             ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0)
                             : raw;
    if (!whole) {
        SDL_FreeSurface(raw);
        return -1;
    }
    for (int i = 0; i < e->n; i++) {
        const glyph *g = &tc->g[e->gi[i]];
        int bx = e->gx[i], by = e->gy[i];
        long best = mismatch(tc, g, whole, bx, by);
        for (int dy = -4; dy <= 4 && best > 0; dy++)
            for (int dx = -2; dx <= 2 && best > 0; dx++) {
                long d = (dx || dy) ? mismatch(tc, g, whole, e->gx[i] + dx, e->gy[i] + dy) : best;
                if (d < best) {
                    best = d;
                    bx = e->gx[i] + dx;
                    by = e->gy[i] + dy;
                }
            }
        e->gx[i] = bx;
        e->gy[i] = by;
    }
    if (whole != raw) SDL_FreeSurface(whole);
    SDL_FreeSurface(raw);
    return 0;
}

/* The cached layout of s, made on first use. NULL on error (SDL error set). */
static entry *get_entry(text_cache *tc, text_face face, float size, const char *s)
{
    int px = pixel_size(tc, size);
    uint64_t h = hash_key(face, px, s);
    entry *e = lookup(tc, face, px, s, h);
    if (e) {
        e->last_used = tc->frame;
        return e;
    }
    TTF_Font *font = get_font(tc, face, px);
    if (!font) return NULL;
    if (tc->n_e == tc->cap_e) {
        int cap = tc->cap_e ? 2 * tc->cap_e : 256;
        entry *ne = realloc(tc->e, (size_t)cap * sizeof *ne);
        if (!ne) {
            SDL_SetError("text: out of memory");
            return NULL;
        }
        tc->e = ne;
        tc->cap_e = cap;
    }
    if (2 * (tc->n_e + 1) > tc->cap_slot && rebuild_index(tc, tc->n_e + 1) < 0) {
        SDL_SetError("text: out of memory");
        return NULL;
    }
    entry ne = {h, face, px, NULL, 0, 0, 0, NULL, NULL, NULL, tc->frame};
    int rc = layout(tc, font, face, px, s, &ne);
    if (rc == -2) { /* the atlas is full: start it afresh (the layouts go with it) and try once more */
        free_entry(&ne);
        atlas_reset(tc);
        ne = (entry){h, face, px, NULL, 0, 0, 0, NULL, NULL, NULL, tc->frame};
        rc = layout(tc, font, face, px, s, &ne);
        if (rc == -2) SDL_SetError("text: the glyphs of one string do not fit a %d px atlas", ATLAS_SIZE);
    }
    ne.s = rc == 0 ? malloc(strlen(s) + 1) : NULL;
    if (!ne.s) {
        if (rc == 0) SDL_SetError("text: out of memory");
        free_entry(&ne);
        return NULL;
    }
    memcpy(ne.s, s, strlen(s) + 1);
    e = &tc->e[tc->n_e++];
    *e = ne;
    index_insert(tc, tc->n_e - 1);
    tc->renders++;
    return e;
}

int text_measure(text_cache *tc, text_face face, float size, const char *s, int *w, int *h)
{
    *w = *h = 0;
    if (!s[0]) {
        *h = text_line_height(tc, face, size);
        return 0;
    }
    /* the layout is almost always drawn right after it is measured */
    entry *e = get_entry(tc, face, size, s);
    if (!e) return -1;
    *w = e->w;
    *h = e->h;
    return 0;
}

int text_fit(text_cache *tc, text_face face, float size, const char *s, float avail, char *out, size_t len)
{
    int w, h;
    snprintf(out, len, "%s", s);
    if (text_measure(tc, face, size, out, &w, &h) < 0) return -1;
    if ((float)w <= avail) return 0;
    size_t n = strlen(out);
    while (n > 0) {
        do n--; while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80);
        while (n > 0 && out[n - 1] == ' ') n--;
        if (n + 4 > len) continue;
        memcpy(out + n, "\xe2\x80\xa6", 4);
        if (text_measure(tc, face, size, out, &w, &h) < 0) return -1;
        if ((float)w <= avail) return 0;
    }
    out[0] = 0;
    return 0;
}

int text_line_height(text_cache *tc, text_face face, float size)
{
    TTF_Font *font = get_font(tc, face, pixel_size(tc, size));
    return font ? TTF_FontHeight(font) : 0;
}

/* ---- the batch ---- */

static int same_clip(const batch *b, int on, const SDL_Rect *c)
{
    return b->clip_on == on && (!on || SDL_RectEquals(&b->clip, c));
}

/* Draws the queued quads under the clip they were queued with, and empties the batch. */
static int text_flush_batch(text_cache *tc)
{
    batch *b = &tc->b;
    if (b->n_i == 0) return 0;
    SDL_Rect now = {0, 0, 0, 0};
    const int on = SDL_RenderIsClipEnabled(tc->r);
    if (on) SDL_RenderGetClipRect(tc->r, &now);
    const int swap = !same_clip(b, on, &now);
    if (swap) SDL_RenderSetClipRect(tc->r, b->clip_on ? &b->clip : NULL);
    Uint64 t0 = tc->profiling ? SDL_GetPerformanceCounter() : 0;
    int rc = SDL_RenderGeometry(tc->r, tc->atlas, b->v, b->n_v, b->idx, b->n_i) < 0 ? -1 : 0;
    if (tc->profiling) {
        draw_sync(tc->r);
        tc->prof_ms += (double)(SDL_GetPerformanceCounter() - t0) * 1e3 / (double)SDL_GetPerformanceFrequency();
        tc->prof_glyphs += b->n_i / 6;
        tc->prof_calls++;
    }
    if (swap) SDL_RenderSetClipRect(tc->r, on ? &now : NULL);
    b->n_v = b->n_i = 0;
    return rc;
}

int text_flush(text_cache *tc) { return text_flush_batch(tc); }

/* Room for n more quads; -1 on out-of-memory. */
static int batch_reserve(batch *b, int n)
{
    if (b->n_v + 4 * n > b->cap_v) {
        int cap = b->cap_v ? b->cap_v : 4096;
        while (cap < b->n_v + 4 * n) cap *= 2;
        SDL_Vertex *v = realloc(b->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        b->v = v;
        b->cap_v = cap;
    }
    if (b->n_i + 6 * n > b->cap_i) {
        int cap = b->cap_i ? b->cap_i : 6144;
        while (cap < b->n_i + 6 * n) cap *= 2;
        int *idx = realloc(b->idx, (size_t)cap * sizeof *idx);
        if (!idx) return -1;
        b->idx = idx;
        b->cap_i = cap;
    }
    return 0;
}

int text_draw(text_cache *tc, text_face face, float size, const char *s, float x, float y, int align, SDL_Color c,
              SDL_Rect *out)
{
    if (out) *out = (SDL_Rect){(int)x, (int)y, 0, 0};
    if (!s[0]) return 0;
    if (strlen(s) >= TEXT_MAX) {
        char cut[TEXT_MAX];
        memcpy(cut, s, TEXT_MAX - 1);
        cut[TEXT_MAX - 1] = 0;
        /* do not split a UTF-8 sequence */
        for (int i = TEXT_MAX - 2; i > 0 && ((unsigned char)cut[i] & 0xC0) == 0x80; i--) cut[i] = 0;
        size_t k = strlen(cut);
        if (k > 0 && ((unsigned char)cut[k - 1] & 0x80)) cut[k - 1] = 0;
        return text_draw(tc, face, size, cut, x, y, align, c, out);
    }
    entry *e = get_entry(tc, face, size, s);
    if (!e) return -1;
    float dx = (align & TEXT_RIGHT) ? -(float)e->w : (align & TEXT_CENTER) ? -0.5f * (float)e->w : 0;
    float dy = (align & TEXT_BOTTOM) ? -(float)e->h : (align & TEXT_MIDDLE) ? -0.5f * (float)e->h : 0;
    SDL_Rect dst = {(int)SDL_floorf(x + dx + 0.5f), (int)SDL_floorf(y + dy + 0.5f), e->w, e->h};
    if (out) *out = dst;
    if (c.a == 0 || e->n == 0) return 0;
    /* quads drawn under another clip rectangle go out first, under theirs */
    batch *b = &tc->b;
    SDL_Rect clip = {0, 0, 0, 0};
    const int on = SDL_RenderIsClipEnabled(tc->r);
    if (on) SDL_RenderGetClipRect(tc->r, &clip);
    int rc = 0;
    if (b->n_i > 0 && !same_clip(b, on, &clip)) rc = text_flush_batch(tc);
    b->clip_on = on;
    b->clip = clip;
    if (batch_reserve(b, e->n) < 0) {
        SDL_SetError("text: out of memory");
        return -1;
    }
    const float inv = 1.0f / ATLAS_SIZE;
    for (int i = 0; i < e->n; i++) {
        const glyph *g = &tc->g[e->gi[i]];
        const float x0 = (float)(dst.x + e->gx[i]), y0 = (float)(dst.y + e->gy[i]);
        const float x1 = x0 + (float)g->w, y1 = y0 + (float)g->h;
        const float u0 = (float)g->x * inv, v0 = (float)g->y * inv;
        const float u1 = (float)(g->x + g->w) * inv, v1 = (float)(g->y + g->h) * inv;
        SDL_Vertex *v = b->v + b->n_v;
        v[0] = (SDL_Vertex){{x0, y0}, c, {u0, v0}};
        v[1] = (SDL_Vertex){{x1, y0}, c, {u1, v0}};
        v[2] = (SDL_Vertex){{x1, y1}, c, {u1, v1}};
        v[3] = (SDL_Vertex){{x0, y1}, c, {u0, v1}};
        int *q = b->idx + b->n_i;
        q[0] = b->n_v;
        q[1] = b->n_v + 1;
        q[2] = b->n_v + 2;
        q[3] = b->n_v;
        q[4] = b->n_v + 2;
        q[5] = b->n_v + 3;
        b->n_v += 4;
        b->n_i += 6;
    }
    return rc;
}

int text_drawf(text_cache *tc, text_face face, float size, float x, float y, int align, SDL_Color c, const char *fmt,
               ...)
{
    char buf[TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return text_draw(tc, face, size, buf, x, y, align, c, NULL);
}

int text_frame_end(text_cache *tc)
{
    text_flush_batch(tc);
    tc->frame++;
    int kept = 0;
    for (int i = 0; i < tc->n_e; i++) {
        if (tc->frame - tc->e[i].last_used > EVICT_AFTER)
            free_entry(&tc->e[i]);
        else
            tc->e[kept++] = tc->e[i];
    }
    const int evicted = tc->n_e - kept;
    if (evicted) {
        tc->n_e = kept;
        rebuild_index(tc, 0); /* keeps its size, so it cannot fail */
    }
    return evicted;
}

long text_render_count(const text_cache *tc) { return tc->renders; }
int text_entry_count(const text_cache *tc) { return tc->n_e; }
int text_glyph_count(const text_cache *tc) { return tc->n_g; }

void text_profile_enable(text_cache *tc, int on) { tc->profiling = on; }

void text_profile_take(text_cache *tc, double *ms, long *glyphs, long *calls)
{
    *ms = tc->prof_ms;
    *glyphs = tc->prof_glyphs;
    *calls = tc->prof_calls;
    tc->prof_ms = 0;
    tc->prof_glyphs = tc->prof_calls = 0;
}
