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

/* The meter the window shows, from what the trainer keeps in the snapshot (s->curv): no Hessian work here. */
typedef enum {
    LESSON_METER_NONE, /* no λ_max yet, or an optimizer without a limit (adam, lbfgs): λ_max alone */
    LESSON_METER_OK,   /* η λ_max < LESSON_METER_NEAR · limit */
    LESSON_METER_NEAR, /* within 10 % of the limit: the loss starts to oscillate */
    LESSON_METER_OVER  /* η λ_max >= limit: gd moves away from this minimum (red before the blow-up) */
} lesson_meter_level;

#define LESSON_METER_NEAR_AT 0.9

typedef struct {
    int has;           /* a λ_max is known */
    int measuring;     /* none yet because the trainer's start is computing it now (not has) */
    double lambda_max; /* as the trainer computed it at step `at` */
    int64_t at;
    double eta_lambda; /* η now · λ_max */
    double limit;      /* lesson_stability_limit of the optimizer now */
    double ratio;      /* eta_lambda / limit; 0 when limit is 0 */
    double eta_edge;   /* limit / λ_max: where the η slider's marker sits; 0 when none */
    lesson_meter_level level;
} lesson_meter;

void lesson_meter_of(const snap *s, lesson_meter *out);

/* 0 ok; -1 when memory runs out. Power iteration from a fixed start, at most max_iter products. */
int lesson_stability_of(const snap *s, int max_iter, double tol, lesson_stability *out);
/* The limit of η λ_max for an optimizer (see above). */
double lesson_stability_limit(nn_opt_kind opt);

#endif
