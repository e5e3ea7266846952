/* view_fmt (marks): a loss-plot marker's words (from the trainer's codes), where the labels go
 * (view_marks.c), the training speed's words. Any thread: pure functions of their arguments.
 * Invariants: the output is NUL-terminated within len bytes. */
#ifndef RENDER_VIEW_FMT_H
#define RENDER_VIEW_FMT_H

#include <stddef.h>

#include "train/snapshot.h"

/* The label of mark m of a snapshot whose scene is scene (its presets name TRAIN_MARK_PRESET marks),
 * e.g. "η=0.05", "N=6", "reset", "only unit 2 W(1)". */
void view_fmt_mark(char *out, size_t len, const scene_desc *scene, const snap_mark *m);

/* ---- view_marks.c: the marker labels' places ---- */

#define VIEW_MARK_WORD 24  /* a marker's words (view_fmt_mark), NUL included: the width marks were always cut to */
#define VIEW_MARK_TEXT 96  /* a cluster's label */

/* The width in pixels of s as the caller draws it. */
typedef float (*view_text_width_fn)(void *ctx, const char *s);

/* One label on the loss plot for the marks first..first+count-1, at x (left edge), w wide. */
typedef struct {
    float x, w;
    int first, count;
    char text[VIEW_MARK_TEXT];
} view_mark_label;

/* Lays out the labels of n marks at x (ascending, pixels) with their words in one row inside [x0, x1]: a
 * label starts pad right of its mark; marks whose labels would touch (closer than gap) merge into one
 * label naming each setting's newest word ("η=0.3, reset, a=9.2"), as many as fit in max_w, then "+k"
 * for the k marks not named. Returns the labels (out has room for n), left to right, none within gap of
 * the next, each inside [x0, x1]. */
int view_mark_layout(const float *x /* (n) */, const char (*words)[VIEW_MARK_WORD] /* (n) */, int n, float x0,
                     float x1, float pad, float gap, float max_w, view_text_width_fn width, void *ctx,
                     view_mark_label *out /* (n) */);

/* A training speed as the status line prints it: "1 step/s", "250 steps/s", "12.5k steps/s". */
void view_fmt_rate(char *out, size_t len, double v);

#endif
