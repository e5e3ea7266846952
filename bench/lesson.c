/* bench/lesson: what the lecture's extra quantities cost: λ_max (the stability meter), a 64×64 slice of
 * the loss landscape, the universal scene's true error and Barron's sweep at its defaults.
 * Single-threaded program; every figure is the median of repetitions of this thread's CPU time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data/preset.h"
#include "data/scene.h"
#include "data/task.h"
#include "lesson/landscape.h"
#include "nn/hessian.h"
#include "nn/nn.h"
#include "nn/rng.h"
#include "session/session.h"
#include "train/core.h"
#include "train/curv.h"
#include "train/sweep.h"

#define REPS 7

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* this thread's CPU time: robust to other load */
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* The semicircle's n tokens (jittered past 9 so they are not all on the arc) and the random start. */
static nn_net *semicircle(int n, int hidden, data_task *t)
{
    data_spec s = data_spec_default();
    s.n = n;
    s.radius_jitter = n > 9 ? 0.2 : 0.0;
    data_task_build(t, &s);
    nn_net *net = nn_create(2, hidden, 2, NN_ACT_LOGISTIC);
    nn_rng r;
    nn_rng_seed(&r, 1);
    data_init_lecture_start(net, &r);
    return net;
}

static void bench_lambda(int n, int hidden, data_task *t)
{
    nn_net *net = semicircle(n, hidden, t);
    size_t P = nn_params(net);
    double *v = malloc(6 * P * sizeof *v), ms[REPS];
    nn_curvature c = {0};
    for (int r = 0; r < REPS; r++) {
        double t0 = now_ms();
        c = nn_lambda_max(net, t->x, t->y, n, NULL, 1, 100, 1e-6, v, v + P);
        ms[r] = now_ms() - t0;
    }
    printf("| λ_max, %d×%d, tol 1e-6 | %.3f ms | %d products, λ_max = %.4g |\n", n, hidden, median(ms, REPS),
           c.iterations, c.lambda_max);
    free(v);
    nn_destroy(net);
}

/* CPU time of `steps` gd steps of a fresh core from the session, λ_max kept at `share` (0: not at all). */
static double run_core(const session *s, double share, int steps, int *samples)
{
    char err[256];
    train_core *c = train_core_create(s, err, (int)sizeof err);
    if (!c) {
        fprintf(stderr, "lesson: %s\n", err);
        exit(1);
    }
    train_core_curv_share(c, share);
    double t0 = now_ms();
    for (int i = 0; i < steps; i++)
        train_core_step(c);
    double ms = now_ms() - t0;
    snap *sn = malloc(sizeof *sn);
    if (!sn)
        exit(1);
    train_core_fill(c, sn);
    *samples = sn->curv.len;
    free(sn);
    train_core_destroy(c);
    return ms;
}

/* What keeping λ_max up to date costs a training run: the same steps without and with the schedule,
 * alternating, so the machine's drift hits both. */
static void bench_lambda_share(int n, int hidden, int steps)
{
    session *s = malloc(sizeof *s);
    if (!s)
        exit(1);
    session_default(s);
    s->hidden = hidden;
    s->task.n = n;
    double off[REPS], on[REPS];
    int samples = 0, none = 0;
    for (int r = 0; r < REPS; r++) {
        off[r] = run_core(s, 0.0, steps, &none);
        on[r] = run_core(s, TRAIN_CURV_SHARE, steps, &samples);
    }
    double a = median(off, REPS), b = median(on, REPS);
    printf("| λ_max while training, %d×%d, %d gd steps | %.1f ms without, %.1f ms with | %+.1f %% (budget %.0f %%, at most 5 %%), "
           "%d values |\n",
           n, hidden, steps, a, b, 100.0 * (b - a) / a, 100.0 * TRAIN_CURV_SHARE, samples);
    free(s);
}

static void bench_slice(int n, int hidden, data_task *t)
{
    nn_net *net = semicircle(n, hidden, t);
    size_t P = nn_params(net);
    double *u = malloc(P * sizeof *u), *v = malloc(P * sizeof *v), *scratch = malloc(P * sizeof *scratch);
    double *out = malloc(64 * 64 * sizeof *out), ms[REPS];
    lesson_axes_weights(P, 0, 1, u, v);
    for (int r = 0; r < REPS; r++) {
        double t0 = now_ms();
        lesson_slice(net, t->x, t->y, n, u, v, 1.0, 64, out, scratch);
        ms[r] = now_ms() - t0;
    }
    printf("| landscape slice 64×64, %d×%d | %.3f ms | 4096 losses |\n", n, hidden, median(ms, REPS));
    free(u);
    free(v);
    free(scratch);
    free(out);
    nn_destroy(net);
}

static void bench_true_error(int hidden)
{
    scene_spec s = scene_spec_default(&scene_universal);
    nn_net *net = nn_create(2, hidden, 1, NN_ACT_TANH);
    nn_rng r;
    nn_rng_seed(&r, 1);
    for (size_t i = 0; i < nn_params(net); i++)
        net->p[i] = nn_rng_normal(&r);
    double ms[REPS], e = 0;
    for (int k = 0; k < REPS; k++) {
        double t0 = now_ms();
        e = scene_true_error(&scene_universal, &s, net, SCENE_TRUE_ERROR_GRID);
        ms[k] = now_ms() - t0;
    }
    printf("| true error E|ŷ − f|², 64×64 grid, N = %d | %.3f ms | %.4g |\n", hidden, median(ms, REPS), e);
    nn_destroy(net);
}

static void bench_sweep(void)
{
    sweep_desc d = sweep_default(&scene_universal, scene_spec_default(&scene_universal));
    sweep_row *rows = malloc((size_t)d.n_sizes * d.restarts * sizeof *rows);
    int n = 0;
    double t0 = now_ms();
    for (int s = 0; s < d.n_sizes; s++)
        for (int r = 0; r < d.restarts; r++)
            sweep_run(&d, s, r, &rows[n++]);
    double ms = now_ms() - t0;
    long long steps = 0;
    for (int i = 0; i < n; i++)
        steps += rows[i].steps;
    printf("| Barron sweep, bump, N = 1..64 × 5 restarts, 256 tokens | %.0f ms | %lld steps, slope %.3f |\n", ms,
           steps, sweep_slope(rows, n));
    free(rows);
}

int main(void)
{
    data_task *t = malloc(sizeof *t);
    if (!t)
        return 1;
    printf("| what | median CPU time | notes |\n|---|---|---|\n");
    bench_lambda(9, 5, t);
    bench_lambda(256, 64, t);
    bench_lambda_share(9, 5, 200000);
    bench_lambda_share(256, 64, 40000);
    bench_slice(9, 5, t);
    bench_slice(256, 64, t);
    bench_true_error(16);
    bench_sweep();
    free(t);
    return 0;
}
