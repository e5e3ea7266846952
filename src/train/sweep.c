/* sweep: one training run per (width, restart) and the fitted slope of the best true error against N.
 * Any thread, on its own network and task (everything is allocated per run and freed before return).
 * Invariants: the same desc gives the same rows bit for bit; runs are independent of their order. */
#include "train/sweep.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sweep_desc sweep_default(const scene_desc *scene, scene_spec spec)
{
    sweep_desc d;
    memset(&d, 0, sizeof d);
    d.scene = scene;
    d.spec = spec;
    d.n_sizes = 7;
    for (int i = 0; i < d.n_sizes; i++)
        d.sizes[i] = 1 << i;
    d.restarts = 5;
    d.act = NN_ACT_TANH;
    d.gain = 1.0;
    d.opt = NN_OPT_LBFGS;
    d.lr = 0.1;
    d.max_steps = 3000;
    d.window = 100;
    d.rel_tol = 1e-6;
    d.abs_tol = 1e-12;
    d.seed = 1;
    return d;
}

int sweep_check(const sweep_desc *d, char *msg, int msglen)
{
    if (!d->scene->target || d->scene->d != 2) {
        snprintf(msg, (size_t)msglen, "scene %s has no target f over a square, so no true error", d->scene->name);
        return -1;
    }
    if (scene_check(d->scene, &d->spec, msg, msglen) != 0)
        return -1;
    if (d->n_sizes < 1 || d->n_sizes > SWEEP_MAX_SIZES) {
        snprintf(msg, (size_t)msglen, "sweep sizes: %d given (allowed 1..%d)", d->n_sizes, SWEEP_MAX_SIZES);
        return -1;
    }
    for (int i = 0; i < d->n_sizes; i++) {
        if (d->sizes[i] < 1 || d->sizes[i] > NN_MAX_HIDDEN) {
            snprintf(msg, (size_t)msglen, "sweep size %d is out of range (allowed 1..%d)", d->sizes[i], NN_MAX_HIDDEN);
            return -1;
        }
    }
    if (d->restarts < 1 || d->restarts > 1000) {
        snprintf(msg, (size_t)msglen, "restarts = %d is out of range (allowed 1..1000)", d->restarts);
        return -1;
    }
    if (d->max_steps < 1 || d->window < 1 || !(d->lr > 0.0)) {
        snprintf(msg, (size_t)msglen, "sweep: steps, window and η must be positive");
        return -1;
    }
    return 0;
}

/* splitmix64's finaliser: nearby (seed, N, r) give unrelated streams */
static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

uint64_t sweep_run_seed(uint64_t seed, int n_hidden, int restart)
{
    return mix(seed ^ mix(((uint64_t)(unsigned)n_hidden << 32) | (uint32_t)restart));
}

typedef struct {
    const nn_net *net;
    const scene_task *t;
} objective_ctx;

/* The loss at p, which is the optimizer's trial point (not always net->p). */
static double objective(void *ctx, const double *p, double *g)
{
    const objective_ctx *c = ctx;
    return nn_loss_grad_at(c->net, p, c->t->x, c->t->y, c->t->n, g);
}

int sweep_run(const sweep_desc *d, int size, int restart, sweep_row *out)
{
    return sweep_run_stoppable(d, size, restart, NULL, out) < 0 ? -1 : 0;
}

int sweep_run_stoppable(const sweep_desc *d, int size, int restart, atomic_int *stop, sweep_row *out)
{
    const int n_hidden = d->sizes[size];
    scene_task *t = malloc(sizeof *t);
    nn_net *net = nn_create(d->scene->d, n_hidden, d->scene->k, d->act);
    double *g = net ? malloc(nn_params(net) * sizeof *g) : NULL;
    double *hist = malloc((size_t)d->window * sizeof *hist); /* (window) losses, a ring */
    nn_opt opt;
    int opt_ok = net && nn_opt_init(&opt, d->opt, nn_params(net)) == 0;
    int rc = -1;
    if (!t || !net || !g || !hist || !opt_ok)
        goto out;
    scene_build(d->scene, &d->spec, t);
    nn_rng r;
    nn_rng_seed(&r, sweep_run_seed(d->seed, n_hidden, restart));
    net->gain = d->gain;
    if (d->scene->presets[0].init(net, &r, t) != 0)
        goto out;
    nn_opt_reset(&opt, d->opt, nn_params(net));
    objective_ctx ctx = {net, t};
    double loss = nn_loss_grad(net, t->x, t->y, t->n, g);
    int64_t step = 0;
    while (step < d->max_steps && loss > d->abs_tol) {
        /* relaxed: the flag carries no data with it; the run only has to see it within a few steps */
        if (stop && atomic_load_explicit(stop, memory_order_relaxed)) {
            rc = 1;
            goto out;
        }
        hist[step % d->window] = loss;
        if (!nn_opt_step(&opt, d->lr, net->p, g, &loss, objective, &ctx, NULL))
            loss = nn_loss_grad(net, t->x, t->y, t->n, g);
        step++;
        if (!isfinite(loss))
            break;
        /* hist holds the loss `window` steps ago once that many steps are done */
        if (step >= d->window && hist[step % d->window] - loss <= d->rel_tol * loss)
            break;
    }
    out->n_hidden = n_hidden;
    out->restart = restart;
    out->steps = step;
    out->train_loss = loss;
    out->true_error = scene_true_error(d->scene, &d->spec, net, SCENE_TRUE_ERROR_GRID);
    rc = 0;
out:
    if (opt_ok)
        nn_opt_free(&opt);
    free(hist);
    free(g);
    nn_destroy(net);
    free(t);
    return rc;
}

double sweep_slope(const sweep_row *rows, int n_rows)
{
    /* best true error per distinct N, in the order the rows give them */
    double lx[SWEEP_MAX_SIZES], ly[SWEEP_MAX_SIZES];
    int widths[SWEEP_MAX_SIZES], m = 0;
    for (int i = 0; i < n_rows; i++) {
        int j = 0;
        while (j < m && widths[j] != rows[i].n_hidden)
            j++;
        if (j == m) {
            if (m == SWEEP_MAX_SIZES)
                continue;
            widths[m] = rows[i].n_hidden;
            ly[m] = rows[i].true_error;
            m++;
        } else if (rows[i].true_error < ly[j]) {
            ly[j] = rows[i].true_error;
        }
    }
    if (m < 2)
        return NAN;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int j = 0; j < m; j++) {
        lx[j] = log((double)widths[j]);
        ly[j] = log(ly[j]);
        sx += lx[j];
        sy += ly[j];
        sxx += lx[j] * lx[j];
        sxy += lx[j] * ly[j];
    }
    return (m * sxy - sx * sy) / (m * sxx - sx * sx);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int sweep_summary(const sweep_row *rows, int n_rows, int *widths, double *best, double *median)
{
    int m = 0;
    double v[1000]; /* one width's true errors: restarts <= 1000 (sweep_check) */
    for (int i = 0; i < n_rows; i++) {
        int j = 0;
        while (j < m && widths[j] != rows[i].n_hidden)
            j++;
        if (j < m || m == SWEEP_MAX_SIZES)
            continue; /* this width was summed up at its first row */
        widths[m] = rows[i].n_hidden;
        int c = 0;
        for (int q = i; q < n_rows && c < (int)(sizeof v / sizeof v[0]); q++)
            if (rows[q].n_hidden == widths[m])
                v[c++] = rows[q].true_error;
        qsort(v, (size_t)c, sizeof v[0], cmp_double);
        best[m] = v[0];
        median[m] = c % 2 ? v[c / 2] : 0.5 * (v[c / 2 - 1] + v[c / 2]);
        m++;
    }
    return m;
}
