/* stuck: hidden units that no longer learn, as numbers: saturated (σ′(a·e) almost 0 for every token) or
 * dead (ReLU: e ≤ 0 for every token). After a divergence this is why lowering η alone does not help.
 * Any thread; reads only the snapshot it is given. */
#ifndef LESSON_STUCK_H
#define LESSON_STUCK_H

#include "train/snapshot.h"

/* A unit is stuck when |σ′(a·e_k)| stays below this share of its largest value at every token, all of
 * them on the same side of the threshold (h_k is the same constant for every token). */
#define LESSON_STUCK_SHARE 1e-3

typedef struct {
    int saturated; /* units whose σ′ is almost 0 at every token (logistic, tanh) */
    int dead;      /* ReLU units with e ≤ 0 at every token */
    int units;     /* hidden units looked at */
} lesson_stuck;

/* Counts the stuck units of the snapshot's network over its tokens; when stuck is not NULL, stuck[k] = 1
 * for each stuck unit k (hidden). Activations that never learn (step, signum) count none. */
void lesson_stuck_of(const snap *s, lesson_stuck *out, unsigned char *stuck /* (hidden) or NULL */);

#endif
