/* curv: λ_max of the loss's Hessian kept up to date while training, at a cost of a few per cent of the
 * steps: a warm-started power iteration every so many steps, and its history for the edge-of-stability plot.
 * Whichever thread owns the core calls these. Invariants: lambda_max belongs to the weights of step `at`;
 * when it is computed depends on the CPU time steps take, what it is only on the weights. */
#ifndef TRAIN_CURV_H
#define TRAIN_CURV_H

#include <stdint.h>

#include "nn/nn.h"
#include "train/snapshot.h"

/* The schedule spends at most this share of the thread's CPU time on λ_max: after each one it waits as many
 * steps as take cost / share to run, at the step time measured since the previous one (a Hessian-vector
 * product costs 7 to 35 fast-kernel steps, depending on the size: bench/lesson's "λ_max while training"). */
#define TRAIN_CURV_SHARE 0.03
#define TRAIN_CURV_MIN_GAP 50 /* steps: no run is so cheap that λ_max is wanted more often */

typedef struct {
    snap_curv pub;               /* what the snapshot shows */
    double vec[SNAP_PARAM_MAX];  /* (P) the last eigenvector: the next power iteration's start */
    double scratch[5 * SNAP_PARAM_MAX]; /* (5P) */
    int64_t next_at; /* the step the schedule computes λ_max again */
    int stale;       /* the weights, tokens or network changed by a command since `at` */
    double share;    /* of the steps' time the schedule may spend (TRAIN_CURV_SHARE); 0: never while running */
    double t_mark;   /* thread CPU seconds at the end of the last scheduled λ_max (less any computed since) */
    int64_t step_mark; /* the step then; -1: none yet, so no step time is known */
} train_curv;

/* Forgets everything (a reset, a load, new tokens): no λ_max, empty history, due at once. */
void train_curv_clear(train_curv *c);
/* The problem changed under the same step (a command): the value no longer belongs to the weights. */
void train_curv_touch(train_curv *c);
/* After step `step` was taken with η = lr: computes λ_max when the schedule says so. 1 when it did. */
int train_curv_after_step(train_curv *c, const nn_net *net, const double *x /* (n, D) */,
                          const double *y /* (n, K) */, int n, const unsigned char *frozen /* (P) or NULL */,
                          int64_t step, double lr);
/* λ_max at the weights now when the kept one is stale or older than step, out of the schedule (time the
 * trainer would sleep): accurate (a paused run) or warm-started (between paced steps). 1 when it did. */
int train_curv_refresh(train_curv *c, const nn_net *net, const double *x, const double *y, int n,
                       const unsigned char *frozen, int64_t step, double lr, int accurate);

/* Going back in the run's history (train/travel.c): a fresh core at an earlier step takes from's samples up
 * to step and its share; the run cut at step drops the samples of the future it left. */
void train_curv_keep(train_curv *c, const train_curv *from, int64_t step);
void train_curv_cut(train_curv *c, int64_t step);

#endif
