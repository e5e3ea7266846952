/* stability: why gradient descent diverges, as numbers: λ_max of the loss's Hessian at a snapshot's
 * weights (over the parameters that learn), η·λ_max, and the limit the optimizer in force is stable under.
 * Any thread (the trainer's or the window's); reads only the snapshot it is given. */
#ifndef LESSON_STABILITY_H
#define LESSON_STABILITY_H

#include "train/snapshot.h"

#define LESSON_MOMENTUM_BETA 0.9 /* opt.c's momentum: v <- 0.9 v + g, W <- W - η v */

typedef struct {
    double lambda_max; /* largest eigenvalue of ∇²L over the free parameters */
    double eta_lambda; /* η · λ_max */
    /* gd on a quadratic with curvature λ converges iff η λ < 2; heavy-ball momentum iff η λ < 2(1 + β).
     * 0 for adam and lbfgs, whose steps are not η ∇L: the meter then shows λ_max alone. */
    double limit;
    double eta_edge;   /* limit / λ_max: the largest stable η (0 when limit is 0 or λ_max <= 0) */
    int iterations;    /* Hessian-vector products spent */
    int converged;
} lesson_stability;

/* 0 ok; -1 when memory runs out. Power iteration from a fixed start, at most max_iter products. */
int lesson_stability_of(const snap *s, int max_iter, double tol, lesson_stability *out);
/* The limit of η λ_max for an optimizer (see above). */
double lesson_stability_limit(nn_opt_kind opt);

#endif
