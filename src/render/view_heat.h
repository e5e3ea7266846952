/* view_heat: heatmaps of the universal scene's pages: a diverging palette colour-blind students can read
 * (ColorBrewer's RdBu: blue below 0, white at 0, red above), maps turned into pixels, isolines by marching
 * squares, and the colour bar with its values. Pixels and isolines are pure (any thread); the bar draws
 * through a view_frame (main thread). Invariants: 0 is always the palette's white middle; a scale m puts
 * −m and +m at the palette's ends and clamps beyond them. */
#ifndef RENDER_VIEW_HEAT_H
#define RENDER_VIEW_HEAT_H

#include <SDL.h>
#include <stdint.h>

#include "render/view_panel.h"

/* The palette's colour of v on the scale [−m, m] (m > 0; NaN gives mid grey). */
SDL_Color view_heat_colour(double v, double m);
/* A g×g map (row i = x1's i-th value from the bottom) as ARGB8888 pixels, top row first: px[(g−1−i)·pitch + j]. */
void view_heat_pixels(const double *v /* (g, g) */, int g, double m, uint32_t *px, int pitch /* pixels */);
/* The contour v = level of a g×g map whose values sit at cell centres of [lo, hi]² (lesson_maps's points),
 * as segments in world coordinates, at most cap of them. Returns how many were written. */
int view_heat_iso(const double *v /* (g, g) */, int g, double lo, double hi, double level, float *seg /* (cap, 4) */,
                  int cap);
/* The symmetric scale a map is drawn with: the largest |v| rounded up to a nice number (1 when all are 0). */
double view_heat_scale(double vmax);
/* A horizontal colour bar in r (the bar itself on r's upper part, the values −m, 0, +m under it), with
 * `what` before it when given ("" for none). */
void view_heat_bar(view_frame *f, draw_rect r, double m, const char *what);

#endif
