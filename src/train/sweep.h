/* sweep: Barron's O(1/N) measured: a scene's task fitted with N = n_1, n_2, ... hidden units, R restarts
 * each, every run trained to a stated stopping rule; rows of (N, restart, steps, train loss, true error).
 * Any thread, on a sweep it owns (the window runs it on a worker; headless on main). Deterministic. */
#ifndef TRAIN_SWEEP_H
#define TRAIN_SWEEP_H

#include <stdatomic.h>
#include <stdint.h>

#include "data/scene.h"
#include "nn/nn.h"
#include "nn/opt.h"

#define SWEEP_MAX_SIZES 16

typedef struct {
    const scene_desc *scene; /* needs a target (scene_true_error) */
    scene_spec spec;
    int n_sizes;
    int sizes[SWEEP_MAX_SIZES]; /* hidden widths, each 1..NN_MAX_HIDDEN */
    int restarts;               /* R >= 1 */
    nn_act act;
    double gain;     /* a in σ(a·e) */
    nn_opt_kind opt; /* lbfgs or adam */
    double lr;
    int64_t max_steps;
    /* Stopping rule: stop when the last `window` steps lowered the loss by at most rel_tol of it,
     * or the loss is below abs_tol, or after max_steps. */
    int window;
    double rel_tol, abs_tol;
    uint64_t seed; /* restart r of width N starts from nn_rng_seed(sweep_run_seed(seed, N, r)) */
} sweep_desc;

typedef struct {
    int n_hidden, restart;
    int64_t steps;
    double train_loss, true_error;
} sweep_row;

/* The defaults: N = 1, 2, 4, ..., 64, 5 restarts, tanh with gain 1, L-BFGS with η = 0.1, at most 3000 steps,
 * window 100, rel_tol 1e-6, abs_tol 1e-12, seed 1. */
sweep_desc sweep_default(const scene_desc *scene, scene_spec spec);
/* 0 ok; -1 with msg naming what is out of range. */
int sweep_check(const sweep_desc *d, char *msg, int msglen);
uint64_t sweep_run_seed(uint64_t seed, int n_hidden, int restart);
/* One run: width d->sizes[size], restart r, from the scene's first preset's init. 0 ok; -1 out of memory. */
int sweep_run(const sweep_desc *d, int size, int restart, sweep_row *out);
/* The same, checking *stop (when not NULL) before each step: 1 when it was set (out not filled), 0 done,
 * -1 out of memory. The window's sweep thread runs it with the flag its Cancel sets. */
int sweep_run_stoppable(const sweep_desc *d, int size, int restart, atomic_int *stop, sweep_row *out);
/* Least-squares slope of log(best true error over restarts) against log N, over the rows given. */
double sweep_slope(const sweep_row *rows, int n_rows);
/* Per distinct N, in the order the rows give them: the smallest and the median true error over its
 * restarts (an even count: the mean of the middle two). Returns how many widths (<= SWEEP_MAX_SIZES);
 * widths, best, median are (SWEEP_MAX_SIZES). */
int sweep_summary(const sweep_row *rows, int n_rows, int *widths, double *best, double *median);

#endif
