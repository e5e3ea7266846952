/* curv: λ_max kept up to date while training (see curv.h).
 * The core's thread only. Invariants: pub.lambda_max belongs to the weights of step pub.at; the samples'
 * steps increase; the schedule depends on step counts and products alone, so a run's samples follow its seed. */
#include "train/curv.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "nn/hessian.h"

/* While running: a warm start from the last eigenvector needs a few products (bench/trainer). */
#define RUN_MAX_ITER 12
#define RUN_TOL 1e-4
/* Paused: as accurate as --report stability (app/measure.c), from the same start. */
#define REFRESH_MAX_ITER 1000
#define REFRESH_TOL 1e-12

void train_curv_clear(train_curv *c)
{
    c->pub.lambda_max = NAN;
    c->pub.at = -1;
    c->pub.len = 0;
    memset(c->vec, 0, sizeof c->vec); /* no warm start: the next one begins from NN_LAMBDA_SEED */
    c->next_at = 0;
    c->stale = 1;
    c->step_mark = -1;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* this thread's own time: sleeping and other load do not count */
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void train_curv_touch(train_curv *c) { c->stale = 1; }

static void add_sample(snap_curv *p, int64_t step, double lam, double lr)
{
    while (p->len > 0 && p->step[p->len - 1] >= step)
        p->len--; /* the same step again (a refresh after a command) replaces it; a later one was cut off */
    if (p->len == SNAP_CURV_CAP) {
        for (int i = 0; i < SNAP_CURV_CAP / 2; i++) {
            p->step[i] = p->step[2 * i + 1];
            p->lam[i] = p->lam[2 * i + 1];
            p->lr[i] = p->lr[2 * i + 1];
        }
        p->len = SNAP_CURV_CAP / 2;
    }
    p->step[p->len] = step;
    p->lam[p->len] = lam;
    p->lr[p->len] = lr;
    p->len++;
}

/* 1 when a finite λ_max was found (and published at step). */
static int compute(train_curv *c, const nn_net *net, const double *x, const double *y, int n,
                   const unsigned char *frozen, int64_t step, double lr, int max_iter, double tol)
{
    nn_curvature k = nn_lambda_max_from(net, x, y, n, frozen, NN_LAMBDA_SEED, max_iter, tol, c->vec, c->scratch);
    if (!isfinite(k.lambda_max)) { /* weights on their way out: forget the direction */
        memset(c->vec, 0, sizeof c->vec);
        return 0;
    }
    c->pub.lambda_max = k.lambda_max;
    c->pub.at = step;
    c->stale = 0;
    add_sample(&c->pub, step, k.lambda_max, lr);
    return 1;
}

int train_curv_after_step(train_curv *c, const nn_net *net, const double *x, const double *y, int n,
                          const unsigned char *frozen, int64_t step, double lr)
{
    if (step < c->next_at || !(c->share > 0.0))
        return 0;
    double t0 = cpu_s();
    int did = compute(c, net, x, y, n, frozen, step, lr, RUN_MAX_ITER, RUN_TOL);
    double t1 = cpu_s();
    /* the next one after as many steps as take cost / share to run, at the step time seen since the last */
    double gap = TRAIN_CURV_MIN_GAP;
    if (c->step_mark >= 0 && step > c->step_mark && t0 > c->t_mark) {
        double per_step = (t0 - c->t_mark) / (double)(step - c->step_mark);
        gap = fmax(gap, ceil((t1 - t0) / c->share / per_step));
    }
    c->next_at = step + (int64_t)fmin(gap, 1e15);
    c->t_mark = t1;
    c->step_mark = step;
    return did;
}

int train_curv_refresh(train_curv *c, const nn_net *net, const double *x, const double *y, int n,
                       const unsigned char *frozen, int64_t step, double lr, int accurate)
{
    if (!c->stale && c->pub.at == step)
        return 0;
    /* accurate: from the fixed start, not the warm one, so the paused value is the one lesson_stability_of
     * finds; otherwise the running kind, between paced steps */
    if (accurate)
        memset(c->vec, 0, sizeof c->vec);
    double t0 = cpu_s();
    compute(c, net, x, y, n, frozen, step, lr, accurate ? REFRESH_MAX_ITER : RUN_MAX_ITER,
            accurate ? REFRESH_TOL : RUN_TOL);
    c->t_mark += cpu_s() - t0; /* not a step's time: the schedule's step time leaves it out */
    return 1;
}

void train_curv_keep(train_curv *c, const train_curv *from, int64_t step)
{
    c->share = from->share;
    c->pub.len = 0;
    for (int i = 0; i < from->pub.len && from->pub.step[i] <= step; i++) {
        c->pub.step[i] = from->pub.step[i];
        c->pub.lam[i] = from->pub.lam[i];
        c->pub.lr[i] = from->pub.lr[i];
        c->pub.len = i + 1;
    }
    if (from->pub.at >= 0 && from->pub.at <= step) { /* shown until the next one: stale, so a pause refreshes it */
        c->pub.lambda_max = from->pub.lambda_max;
        c->pub.at = from->pub.at;
    }
    c->stale = 1;
}

void train_curv_cut(train_curv *c, int64_t step)
{
    while (c->pub.len > 0 && c->pub.step[c->pub.len - 1] > step)
        c->pub.len--;
    if (c->pub.at > step) {
        c->pub.at = c->pub.len > 0 ? c->pub.step[c->pub.len - 1] : -1;
        c->pub.lambda_max = c->pub.len > 0 ? c->pub.lam[c->pub.len - 1] : NAN;
    }
    c->stale = 1;
}
