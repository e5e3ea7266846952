/* view_slice: what the landscape page draws besides the snapshot: a computed slice of L over a plane through
 * the weights, its axes and the recent trajectory projected on it; and where the page's parts sit.
 * Plain data, any thread (the app's slicer thread fills one; the main thread draws a copy).
 * Invariants: loss is (g, g), row i at β_i, column j at α_j (lesson_slice_coord); proj is (m) oldest first. */
#ifndef RENDER_VIEW_SLICE_H
#define RENDER_VIEW_SLICE_H

#include <stdint.h>

#include "render/draw.h"

#define VIEW_SLICE_G 65    /* points a side: 64 cells, and an odd count puts the current weights on a point */
#define VIEW_SLICE_TRAJ 128 /* trajectory points kept and projected */

/* The plane's two directions. */
typedef enum {
    VIEW_AXES_HESSIAN,    /* the top two eigenvectors of ∇²L */
    VIEW_AXES_TRAJECTORY, /* the top two principal directions of the recent trajectory */
    VIEW_AXES_WEIGHTS,    /* two weights picked */
    VIEW_AXES_COUNT
} view_axes;

typedef struct {
    int valid;          /* 0: nothing computed (note says why) */
    view_axes axes;
    int wi, wj;         /* with VIEW_AXES_WEIGHTS: the two parameters (nn_layout_of order) */
    int64_t step;       /* the weights at its centre are the trainer's at this step */
    int P;              /* parameters of that network */
    double half;        /* α and β run over [−half, half] */
    double center_loss; /* L at the centre: the loss at step */
    double lo, hi;      /* the smallest and largest L of the grid */
    double lam[2];      /* with VIEW_AXES_HESSIAN: the two eigenvalues (λ_max first) */
    double ms;          /* how long the slice took, milliseconds */
    double loss[VIEW_SLICE_G * VIEW_SLICE_G]; /* (g, g) */
    int m;              /* trajectory points projected */
    double ta[VIEW_SLICE_TRAJ], tb[VIEW_SLICE_TRAJ], tdist[VIEW_SLICE_TRAJ]; /* (m) α, β, distance off the plane */
    char note[96];
} view_slice;

/* The axis names as the page's chooser shows them. */
const char *view_axes_name(view_axes a);

/* Where the page's parts sit in the page rect at UI scale s1 (the drawing and the mouse agree on it). */
typedef struct {
    draw_rect map;     /* the heatmap: α across, β up */
    draw_rect chooser[VIEW_AXES_COUNT]; /* one button per view_axes */
    draw_rect pick[2]; /* with weights: the two weights' "next" buttons */
    draw_rect eos;     /* λ_max over steps against 2/η */
    draw_rect text;    /* the meter and what it means */
} view_slice_layout;

void view_slice_layout_of(const draw_rect *page, float s1, view_slice_layout *out);
/* α, β of a point of the heatmap (1), or 0 when (x, y) is outside it. */
int view_slice_at(const view_slice_layout *l, double half, float x, float y, double *alpha, double *beta);

#endif
