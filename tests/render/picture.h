/* picture: what the render tests read back from an off-screen picture, written once for all of them.
 * Test code only, the test's thread. Invariants: a point outside the surface reads as transparent black
 * (a test may probe past an edge), so no read leaves the pixels. */
#ifndef TESTS_RENDER_PICTURE_H
#define TESTS_RENDER_PICTURE_H

#include <SDL.h>

/* The colour at (x, y) of a 32-bit surface. */
static inline SDL_Color pic_pixel(SDL_Surface *s, int x, int y)
{
    SDL_Color c = {0, 0, 0, 0};
    if (x < 0 || y < 0 || x >= s->w || y >= s->h) return c;
    Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
    SDL_GetRGBA(p, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

#endif
