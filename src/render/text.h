/* text: SDL2_ttf labels: glyphs rasterised once into one atlas texture, strings laid out once, drawn as batched quads.
 * Main thread only (SDL_ttf and the renderer are main-thread only).
 * Invariants: a glyph is rasterised once per (face, pixel size); colour is a vertex colour, never a re-render. */
#ifndef RENDER_TEXT_H
#define RENDER_TEXT_H

#include <SDL.h>

typedef enum { TEXT_SANS, TEXT_BOLD, TEXT_MONO, TEXT_FACE_COUNT } text_face;

/* Alignment of the anchor point: horizontal and vertical flags, or-ed. */
enum {
    TEXT_LEFT = 0, TEXT_CENTER = 1, TEXT_RIGHT = 2,      /* x */
    TEXT_TOP = 0, TEXT_MIDDLE = 4, TEXT_BOTTOM = 8       /* y: of the line box */
};

typedef struct text_cache text_cache;

/* Opens DejaVuSans.ttf, DejaVuSans-Bold.ttf and DejaVuSansMono.ttf from assets_dir/fonts (the
 * directory paths_assets() finds; the cache does no search of its own). Initialises SDL_ttf if needed.
 * NULL with err = every font path that could not be opened. */
text_cache *text_cache_create(SDL_Renderer *r, const char *assets_dir, char *err, int errlen);
void text_cache_destroy(text_cache *tc);
/* The directory the fonts were found in (ends in "/fonts"). */
const char *text_cache_font_dir(const text_cache *tc);

/* UI scale (1 = 96 dpi); sizes passed below are multiplied by it. Changing it keeps old
 * entries until they are evicted. */
void text_set_scale(text_cache *tc, float scale);
float text_scale(const text_cache *tc);

/* Size in pixels of s (UTF-8) at logical size `size`; 0 ok, -1 on a TTF error (w = h = 0). */
int text_measure(text_cache *tc, text_face face, float size, const char *s, int *w, int *h);
/* s, or its longest prefix (cut between UTF-8 characters) followed by "…", at most avail pixels wide;
 * "" when not even "…" fits. 0 ok, -1 on a TTF error. */
int text_fit(text_cache *tc, text_face face, float size, const char *s, float avail, char *out, size_t len);
/* Line height in pixels at logical size `size`. */
int text_line_height(text_cache *tc, text_face face, float size);
/* Draws s anchored at (x, y) with `align` flags in colour c; if out != NULL it receives the
 * rectangle drawn. 0 ok (an empty string draws nothing), -1 on a TTF or SDL error.
 * The glyphs are queued, with the clip rectangle set now, and reach the renderer at text_flush
 * (a draw_list flushes it first when given it with draw_list_flush_first), at text_frame_end, or
 * when a later text_draw finds another clip rectangle: text stays under what is flushed after it. */
int text_draw(text_cache *tc, text_face face, float size, const char *s, float x, float y, int align,
              SDL_Color c, SDL_Rect *out);
/* printf-style variant of text_draw (the formatted text is truncated at 255 bytes). */
int text_drawf(text_cache *tc, text_face face, float size, float x, float y, int align, SDL_Color c,
               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

/* Sends the queued glyphs to the renderer. 0 ok, -1 on an SDL error. */
int text_flush(text_cache *tc);
/* Call once per frame after drawing, before present or reading pixels: flushes, evicts layouts
 * not drawn in the last few frames, and returns how many it evicted. */
int text_frame_end(text_cache *tc);
/* Counters for tests: strings laid out since creation, layouts held now, glyphs in the atlas. */
long text_render_count(const text_cache *tc);
int text_entry_count(const text_cache *tc);
int text_glyph_count(const text_cache *tc);

/* Frame profile (--stats=verbose): when on, each flush waits for the renderer (draw_sync) and is
 * timed, which makes frames slower but says where their time goes. take returns the sums since
 * the last take (milliseconds, glyphs, SDL_RenderGeometry calls) and zeroes them. */
void text_profile_enable(text_cache *tc, int on);
void text_profile_take(text_cache *tc, double *ms, long *glyphs, long *calls);

#endif
