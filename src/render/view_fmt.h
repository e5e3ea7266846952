/* view_fmt (marks): the words of a loss-plot marker, made from the codes and numbers the trainer
 * records, and the training speed's words. Any thread: pure functions of their arguments.
 * Invariants: the output is NUL-terminated within len bytes. */
#ifndef RENDER_VIEW_FMT_H
#define RENDER_VIEW_FMT_H

#include <stddef.h>

#include "train/snapshot.h"

/* The label of mark m of a snapshot whose scene is scene (its presets name TRAIN_MARK_PRESET marks),
 * e.g. "η=0.05", "N=6", "reset", "only unit 2 W(1)". */
void view_fmt_mark(char *out, size_t len, const scene_desc *scene, const snap_mark *m);

/* A training speed as the status line prints it: "1 step/s", "250 steps/s", "12.5k steps/s". */
void view_fmt_rate(char *out, size_t len, double v);

#endif
