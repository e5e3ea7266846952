/* opt: optimizers over the flat parameter vector: gd, momentum, adam, lbfgs.
 * Any thread, on a state it owns; allocates only in nn_opt_init.
 * Invariants: state vectors have the capacity of NN_MAX_HIDDEN; lbfgs never increases the loss.
 *
 * The update rules, exactly (g is the gradient at W, eta the learning rate):
 *   gd:       W <- W - eta g.
 *   momentum: v <- 0.9 v + g;  W <- W - eta v.  (v starts at 0)
 *   adam:     m <- 0.9 m + 0.1 g;  v <- 0.999 v + 0.001 g^2;  W <- W - eta m^ / (sqrt(v^) + 1e-8),
 *             m^ = m / (1 - 0.9^t),  v^ = v / (1 - 0.999^t),  t = 1, 2, ...  (m, v start at 0)
 *   lbfgs:    full batch, history 10, two-loop recursion with H0 = gamma I,
 *             gamma = s'y / y'y of the newest pair; a pair is not stored when s'y <= 1e-12 |s||y|.
 *             Direction and first trial step: with an empty history d = -g and alpha = eta;
 *             otherwise d = the two-loop direction and alpha = 1 (if g'd >= 0 the history is
 *             dropped and d = -g, alpha = eta). Backtracking halves alpha, up to 40 times, until
 *             Armijo holds: f(W + alpha d) <= f(W) + 1e-4 alpha g'd. If it never holds, W stays,
 *             the history is dropped and the loss is unchanged. So the loss never increases.
 * Frozen parameters (frozen[i] != 0) never change: they are skipped and their state is held at 0
 * (so unfreezing never releases stored momentum); lbfgs sees their gradient components as 0.
 * nn_opt_resize: momentum/adam state follows the units as nn_remap lays them out; lbfgs history
 * is dropped. nn_opt_reset: all state back to 0, t = 0. */
#include "nn/opt.h"

#include "nn/nn.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const opt_names[NN_OPT_COUNT] = {"gd", "momentum", "adam", "lbfgs"};

int nn_opt_init(nn_opt *o, nn_opt_kind kind, size_t cap)
{
    assert(kind >= 0 && kind < NN_OPT_COUNT && cap > 0);
    memset(o, 0, sizeof *o);
    o->v = calloc(cap, sizeof *o->v);
    o->m = calloc(cap, sizeof *o->m);
    o->s = calloc(NN_LBFGS_HISTORY * cap, sizeof *o->s);
    o->yv = calloc(NN_LBFGS_HISTORY * cap, sizeof *o->yv);
    o->rho = calloc(NN_LBFGS_HISTORY, sizeof *o->rho);
    o->work = calloc(4 * cap, sizeof *o->work);
    if (!o->v || !o->m || !o->s || !o->yv || !o->rho || !o->work) {
        nn_opt_free(o);
        return -1;
    }
    o->kind = kind;
    o->cap = cap;
    return 0;
}

void nn_opt_free(nn_opt *o)
{
    free(o->v);
    free(o->m);
    free(o->s);
    free(o->yv);
    free(o->rho);
    free(o->work);
    memset(o, 0, sizeof *o);
}

void nn_opt_reset(nn_opt *o, nn_opt_kind kind, size_t P)
{
    assert(kind >= 0 && kind < NN_OPT_COUNT && P <= o->cap);
    o->kind = kind;
    o->P = P;
    o->t = 0;
    memset(o->v, 0, P * sizeof *o->v);
    memset(o->m, 0, P * sizeof *o->m);
    o->hist_len = 0;
    o->hist_head = 0;
}

void nn_opt_resize(nn_opt *o, int n_old, int n_new, int d, int k)
{
    assert(o->P == nn_param_count(d, n_old, k));
    size_t P = nn_param_count(d, n_new, k);
    assert(P <= o->cap);
    /* work is scratch between steps, so it can hold the re-laid vector (nn_remap needs no overlap) */
    nn_remap(o->v, n_old, o->work, n_new, d, k);
    memcpy(o->v, o->work, P * sizeof *o->v);
    nn_remap(o->m, n_old, o->work, n_new, d, k);
    memcpy(o->m, o->work, P * sizeof *o->m);
    o->P = P;
    o->hist_len = 0;
    o->hist_head = 0;
}

void nn_opt_state_get(const nn_opt *o, nn_opt_state *st)
{
    size_t P = o->P;
    assert(st->stride >= P);
    st->t = o->t;
    memcpy(st->v, o->v, P * sizeof *st->v);
    memcpy(st->m, o->m, P * sizeof *st->m);
    st->pairs = o->hist_len;
    for (int j = 0; j < o->hist_len; j++) {
        /* pair j oldest first: the newest is slot(0), so the oldest is slot(hist_len - 1) */
        int sl = ((o->hist_head - o->hist_len + j) % NN_LBFGS_HISTORY + NN_LBFGS_HISTORY) % NN_LBFGS_HISTORY;
        memcpy(st->s + (size_t)j * st->stride, o->s + (size_t)sl * o->cap, P * sizeof *st->s);
        memcpy(st->y + (size_t)j * st->stride, o->yv + (size_t)sl * o->cap, P * sizeof *st->y);
        st->rho[j] = o->rho[sl];
    }
}

void nn_opt_state_set(nn_opt *o, const nn_opt_state *st)
{
    size_t P = o->P;
    assert(st->stride >= P && st->pairs >= 0 && st->pairs <= NN_LBFGS_HISTORY && st->t >= 0);
    o->t = st->t;
    memcpy(o->v, st->v, P * sizeof *o->v);
    memcpy(o->m, st->m, P * sizeof *o->m);
    /* the two-loop recursion reads pairs by age alone, so slots 0..pairs-1, oldest first, and the
     * head after the newest give the same directions as the ring they were taken from */
    for (int j = 0; j < st->pairs; j++) {
        memcpy(o->s + (size_t)j * o->cap, st->s + (size_t)j * st->stride, P * sizeof *o->s);
        memcpy(o->yv + (size_t)j * o->cap, st->y + (size_t)j * st->stride, P * sizeof *o->yv);
        o->rho[j] = st->rho[j];
    }
    o->hist_len = st->pairs;
    o->hist_head = st->pairs % NN_LBFGS_HISTORY;
}

static int is_frozen(const unsigned char *frozen, size_t i) { return frozen && frozen[i]; }

/* The gradient the optimizer sees: frozen components are 0. */
static double seen(const double *g, const unsigned char *frozen, size_t i)
{
    return is_frozen(frozen, i) ? 0.0 : g[i];
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* History slot of the j-th newest pair (j = 0 is the newest). */
static int slot(const nn_opt *o, int j)
{
    return ((o->hist_head - 1 - j) % NN_LBFGS_HISTORY + NN_LBFGS_HISTORY) % NN_LBFGS_HISTORY;
}

/* d = -H g (masked g) by the two-loop recursion; the history is not empty. */
static void two_loop(const nn_opt *o, const double *g, const unsigned char *frozen, double *d)
{
    size_t P = o->P;
    double alpha[NN_LBFGS_HISTORY];
    for (size_t i = 0; i < P; i++)
        d[i] = seen(g, frozen, i);
    for (int j = 0; j < o->hist_len; j++) {
        int sl = slot(o, j);
        const double *s = o->s + (size_t)sl * o->cap, *y = o->yv + (size_t)sl * o->cap;
        alpha[j] = o->rho[sl] * dot(s, d, P);
        for (size_t i = 0; i < P; i++)
            d[i] -= alpha[j] * y[i];
    }
    int nw = slot(o, 0);
    const double *sn = o->s + (size_t)nw * o->cap, *yn = o->yv + (size_t)nw * o->cap;
    double gamma = dot(sn, yn, P) / dot(yn, yn, P);
    for (size_t i = 0; i < P; i++)
        d[i] *= gamma;
    for (int j = o->hist_len - 1; j >= 0; j--) {
        int sl = slot(o, j);
        const double *s = o->s + (size_t)sl * o->cap, *y = o->yv + (size_t)sl * o->cap;
        double beta = o->rho[sl] * dot(y, d, P);
        for (size_t i = 0; i < P; i++)
            d[i] += (alpha[j] - beta) * s[i];
    }
    /* pairs stored before a freeze carry moves of now-frozen parameters: they must not move */
    for (size_t i = 0; i < P; i++)
        d[i] = frozen && frozen[i] ? 0.0 : -d[i];
}

static int lbfgs_step(nn_opt *o, double lr, double *p, double *g, double *loss, nn_objective f, void *ctx,
                      const unsigned char *frozen)
{
    size_t P = o->P;
    double *d = o->work, *pt = o->work + o->cap, *gt = o->work + 2 * o->cap;
    double alpha = 1.0, gd = 0.0;
    if (o->hist_len > 0) {
        two_loop(o, g, frozen, d);
        gd = 0.0;
        for (size_t i = 0; i < P; i++)
            gd += seen(g, frozen, i) * d[i];
    }
    if (o->hist_len == 0 || !(gd < 0.0)) {
        o->hist_len = 0;
        o->hist_head = 0;
        for (size_t i = 0; i < P; i++)
            d[i] = -seen(g, frozen, i);
        gd = dot(d, d, P);
        gd = -gd;
        alpha = lr;
    }
    o->t++;
    if (gd == 0.0)
        return 1; /* stationary in every free component: p, *loss and g already describe the new point */
    for (int tries = 0; tries <= 40; tries++, alpha *= 0.5) {
        for (size_t i = 0; i < P; i++)
            pt[i] = p[i] + alpha * d[i];
        double ft = f(ctx, pt, gt);
        if (!(ft <= *loss + 1e-4 * alpha * gd))
            continue; /* also rejects NaN */
        double sy = 0.0, ss = 0.0, yy = 0.0;
        int sl = o->hist_head;
        double *s = o->s + (size_t)sl * o->cap, *y = o->yv + (size_t)sl * o->cap;
        for (size_t i = 0; i < P; i++) {
            s[i] = pt[i] - p[i];
            y[i] = seen(gt, frozen, i) - seen(g, frozen, i);
            sy += s[i] * y[i];
            ss += s[i] * s[i];
            yy += y[i] * y[i];
        }
        if (sy > 1e-12 * sqrt(ss) * sqrt(yy)) {
            o->rho[sl] = 1.0 / sy;
            o->hist_head = (o->hist_head + 1) % NN_LBFGS_HISTORY;
            if (o->hist_len < NN_LBFGS_HISTORY)
                o->hist_len++;
        }
        memcpy(p, pt, P * sizeof *p);
        memcpy(g, gt, P * sizeof *g);
        *loss = ft;
        return 1;
    }
    o->hist_len = 0;
    o->hist_head = 0;
    return 1;
}

int nn_opt_step(nn_opt *o, double lr, double *p, double *g, double *loss, nn_objective f, void *ctx,
                const unsigned char *frozen)
{
    size_t P = o->P;
    assert(P > 0 && P <= o->cap);
    switch (o->kind) {
    case NN_OPT_GD:
        o->t++;
        for (size_t i = 0; i < P; i++)
            if (!is_frozen(frozen, i))
                p[i] -= lr * g[i];
        return 0;
    case NN_OPT_MOMENTUM:
        o->t++;
        for (size_t i = 0; i < P; i++) {
            if (is_frozen(frozen, i)) {
                o->v[i] = 0.0;
                continue;
            }
            o->v[i] = 0.9 * o->v[i] + g[i];
            p[i] -= lr * o->v[i];
        }
        return 0;
    case NN_OPT_ADAM: {
        o->t++;
        double c1 = 1.0 - pow(0.9, (double)o->t), c2 = 1.0 - pow(0.999, (double)o->t);
        for (size_t i = 0; i < P; i++) {
            if (is_frozen(frozen, i)) {
                o->m[i] = 0.0;
                o->v[i] = 0.0;
                continue;
            }
            o->m[i] = 0.9 * o->m[i] + 0.1 * g[i];
            o->v[i] = 0.999 * o->v[i] + 0.001 * g[i] * g[i];
            p[i] -= lr * (o->m[i] / c1) / (sqrt(o->v[i] / c2) + 1e-8);
        }
        return 0;
    }
    case NN_OPT_LBFGS:
        assert(f && loss);
        return lbfgs_step(o, lr, p, g, loss, f, ctx, frozen);
    case NN_OPT_COUNT:
        break;
    }
    assert(!"invalid optimizer");
    return 0;
}

const char *nn_opt_name(nn_opt_kind k)
{
    assert(k >= 0 && k < NN_OPT_COUNT);
    return opt_names[k];
}

int nn_opt_parse(const char *s, nn_opt_kind *out)
{
    for (int k = 0; k < NN_OPT_COUNT; k++)
        if (strcmp(s, opt_names[k]) == 0) {
            *out = (nn_opt_kind)k;
            return 0;
        }
    return -1;
}
