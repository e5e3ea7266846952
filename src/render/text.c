/* text: SDL2_ttf labels with a texture cache keyed by (face, pixel size, string); sizes × UI scale.
 * Main thread only (SDL_ttf and the renderer are main-thread only).
 * Invariants: the hash index holds exactly the live entries; textures are white, tinted by modulation. */
#include "render/text.h"

#include <SDL_ttf.h>
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FONTS 32       /* (face, pixel size) pairs held open */
#define EVICT_AFTER 120    /* frames without a draw before a texture is dropped */
#define TEXT_MAX 256       /* longest cached string, bytes */

static const char *const face_file[TEXT_FACE_COUNT] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"};

typedef struct {
    text_face face;
    int px;
    long last_used;
    TTF_Font *font;
} font_slot;

typedef struct {
    uint64_t hash;
    text_face face;
    int px;
    char *s;
    SDL_Texture *tex;
    int w, h;
    long last_used;
} entry;

struct text_cache {
    SDL_Renderer *r;
    float scale;
    char dir[1100]; /* the fonts directory */
    font_slot fonts[MAX_FONTS];
    int n_fonts;
    entry *e; /* (cap_e) */
    int n_e, cap_e;
    int *slot; /* (cap_slot) open-addressing index into e, -1 empty; cap_slot a power of 2 */
    int cap_slot;
    long frame;
    long renders;
    int ttf_inited; /* holds a reference to SDL_ttf (TTF_Init), released by TTF_Quit */
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
        TTF_Font *font = TTF_OpenFont(path, 14);
        if (!font) {
            snprintf(err, (size_t)errlen, "cannot open font %s: %s", path, TTF_GetError());
            text_cache_destroy(tc);
            return NULL;
        }
        tc->fonts[tc->n_fonts++] = (font_slot){(text_face)f, 14, 0, font};
    }
    return tc;
}

void text_cache_destroy(text_cache *tc)
{
    if (!tc) return;
    for (int i = 0; i < tc->n_e; i++) {
        SDL_DestroyTexture(tc->e[i].tex);
        free(tc->e[i].s);
    }
    free(tc->e);
    free(tc->slot);
    for (int i = 0; i < tc->n_fonts; i++) TTF_CloseFont(tc->fonts[i].font);
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
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", tc->dir, face_file[face]);
    TTF_Font *font = TTF_OpenFont(path, px);
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

/* The cached texture for s, rasterised on first use. NULL on error (SDL error set). */
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
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *surf = TTF_RenderUTF8_Blended(font, s, white);
    if (!surf) return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(tc->r, surf);
    int w = surf->w, hh = surf->h;
    SDL_FreeSurface(surf);
    if (!tex) return NULL;
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    char *copy = malloc(strlen(s) + 1);
    if (tc->n_e == tc->cap_e) {
        int cap = tc->cap_e ? 2 * tc->cap_e : 256;
        entry *ne = realloc(tc->e, (size_t)cap * sizeof *ne);
        if (ne) {
            tc->e = ne;
            tc->cap_e = cap;
        }
    }
    if (!copy || tc->n_e == tc->cap_e) {
        free(copy);
        SDL_DestroyTexture(tex);
        SDL_SetError("text: out of memory");
        return NULL;
    }
    memcpy(copy, s, strlen(s) + 1);
    e = &tc->e[tc->n_e++];
    *e = (entry){h, face, px, copy, tex, w, hh, tc->frame};
    tc->renders++;
    if (2 * tc->n_e > tc->cap_slot) {
        if (rebuild_index(tc, tc->n_e) < 0) {
            tc->n_e--;
            free(copy);
            SDL_DestroyTexture(tex);
            SDL_SetError("text: out of memory");
            return NULL;
        }
    } else {
        index_insert(tc, tc->n_e - 1);
    }
    return e;
}

int text_measure(text_cache *tc, text_face face, float size, const char *s, int *w, int *h)
{
    *w = *h = 0;
    if (!s[0]) {
        *h = text_line_height(tc, face, size);
        return 0;
    }
    /* Measuring through the cache costs one rasterisation per new string, and the string is
     * almost always drawn right after it is measured. */
    entry *e = get_entry(tc, face, size, s);
    if (!e) return -1;
    *w = e->w;
    *h = e->h;
    return 0;
}

int text_line_height(text_cache *tc, text_face face, float size)
{
    TTF_Font *font = get_font(tc, face, pixel_size(tc, size));
    return font ? TTF_FontHeight(font) : 0;
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
    SDL_SetTextureColorMod(e->tex, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(e->tex, c.a);
    if (out) *out = dst;
    return SDL_RenderCopy(tc->r, e->tex, NULL, &dst) < 0 ? -1 : 0;
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
    tc->frame++;
    int kept = 0;
    for (int i = 0; i < tc->n_e; i++) {
        if (tc->frame - tc->e[i].last_used > EVICT_AFTER) {
            SDL_DestroyTexture(tc->e[i].tex);
            free(tc->e[i].s);
        } else {
            tc->e[kept++] = tc->e[i];
        }
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
