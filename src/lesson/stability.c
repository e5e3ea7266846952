/* stability: λ_max at a snapshot and what it means for the optimizer in force (see stability.h).
 * Any thread; allocates its scratch per call and frees it before returning.
 * Invariants: the result depends only on the snapshot's weights, tokens, activation, gain and freeze. */
#include "lesson/stability.h"

#include <math.h>
#include <stdlib.h>

#include "nn/freeze_mask.h"
#include "nn/hessian.h"

double lesson_stability_limit(nn_opt_kind opt)
{
    switch (opt) {
    case NN_OPT_GD: return 2.0;
    case NN_OPT_MOMENTUM: return 2.0 * (1.0 + LESSON_MOMENTUM_BETA);
    default: return 0.0;
    }
}

int lesson_stability_of(const snap *s, int max_iter, double tol, lesson_stability *out)
{
    nn_net net;
    snap_net(s, &net);
    nn_layout lay;
    nn_net_layout(&net, &lay);
    const size_t P = lay.count;
    unsigned char *frozen = malloc(P);
    double *vec = malloc(6 * P * sizeof *vec); /* the eigenvector, then nn_lambda_max's scratch (5P) */
    if (!frozen || !vec) {
        free(frozen);
        free(vec);
        return -1;
    }
    nn_freeze_mask(&lay, s->freeze.only_layer, s->freeze.only_unit, frozen);
    nn_curvature c = nn_lambda_max(&net, s->x, s->y, s->n, frozen, NN_LAMBDA_SEED, max_iter, tol, vec, vec + P);
    out->lambda_max = c.lambda_max;
    out->eta_lambda = s->lr * c.lambda_max;
    out->limit = lesson_stability_limit(s->opt);
    out->eta_edge = out->limit > 0.0 && c.lambda_max > 0.0 ? out->limit / c.lambda_max : 0.0;
    out->iterations = c.iterations;
    out->converged = c.converged;
    free(frozen);
    free(vec);
    return 0;
}

void lesson_meter_of(const snap *s, lesson_meter *out)
{
    const double lam = s->curv.lambda_max;
    out->has = s->curv.at >= 0 && isfinite(lam);
    out->measuring = !out->has && s->curv.pending;
    out->lambda_max = out->has ? lam : 0.0;
    out->at = s->curv.at;
    out->eta_lambda = s->lr * out->lambda_max;
    out->limit = lesson_stability_limit(s->opt);
    out->ratio = out->limit > 0.0 ? out->eta_lambda / out->limit : 0.0;
    out->eta_edge = out->has && out->limit > 0.0 && lam > 0.0 ? out->limit / lam : 0.0;
    if (!out->has || out->limit == 0.0)
        out->level = LESSON_METER_NONE;
    else if (out->ratio >= 1.0)
        out->level = LESSON_METER_OVER;
    else if (out->ratio >= LESSON_METER_NEAR_AT)
        out->level = LESSON_METER_NEAR;
    else
        out->level = LESSON_METER_OK;
}
