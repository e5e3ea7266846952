/* view_sweep: what the sweep page draws besides the snapshot: Barron's sweep as far as it has come (its
 * settings, the rows done, progress and time), and where the page's parts sit (the drawing and the mouse agree).
 * Plain data, any thread (the app fills one from its sweep thread's rows on the main thread; the view draws it).
 * Invariants: rows[0 .. done) are finished runs in the sweep's order (each width's restarts together). */
#ifndef RENDER_VIEW_SWEEP_H
#define RENDER_VIEW_SWEEP_H

#include "render/draw.h"
#include "train/sweep.h"

#define VIEW_SWEEP_MAX_R 20 /* restarts the page offers */
#define VIEW_SWEEP_ROWS (SWEEP_MAX_SIZES * VIEW_SWEEP_MAX_R)
#define VIEW_SWEEP_MAXN_COUNT 6 /* the "up to N" buttons: 8, 16, ..., 256 */

typedef enum {
    VIEW_SWEEP_IDLE,      /* nothing run yet */
    VIEW_SWEEP_RUNNING,
    VIEW_SWEEP_DONE,
    VIEW_SWEEP_CANCELLED, /* rows holds the runs finished before Cancel */
    VIEW_SWEEP_FAILED,    /* note says why */
} view_sweep_state;

typedef struct {
    view_sweep_state state;
    int usable;    /* the shown scene has a target over a square (the universal scene): Start works */
    int max_n;     /* the widths are 1, 2, 4, ..., max_n */
    int restarts;  /* R, 1..VIEW_SWEEP_MAX_R */
    sweep_desc desc; /* of the sweep shown (running or finished); its scene is NULL before the first */
    int total;     /* runs the sweep has: desc.n_sizes × desc.restarts */
    int done;      /* rows filled */
    double elapsed; /* seconds since Start (frozen when it ended) */
    sweep_row rows[VIEW_SWEEP_ROWS]; /* (done) */
    char note[160];
} view_sweep;

/* The widths of the "up to" button i: 8 << i. */
int view_sweep_max_n(int i);

/* Where the page's parts sit in the page rect at UI scale s1. */
typedef struct {
    draw_rect start;                         /* Start / Cancel */
    draw_rect max_n[VIEW_SWEEP_MAXN_COUNT];  /* N = 1 … 8, …, 1 … 256 */
    draw_rect r_down, r_up;                  /* R − / + */
    draw_rect progress;                      /* the bar: runs done of total, elapsed time */
    draw_rect plot;                          /* true error against N, log-log */
    draw_rect text;                          /* what the plot shows and what it does not */
} view_sweep_layout;

void view_sweep_layout_of(const draw_rect *page, float s1, view_sweep_layout *out);

#endif
