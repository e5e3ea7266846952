/* maps: per-unit and output maps over the input square (see maps.h).
 * Any thread, on buffers the caller owns; nothing here allocates.
 * Invariants: the points are scene_true_error's, so the mean of (ŷ − f)² over these maps is the true error. */
#include "lesson/maps.h"

#include <assert.h>
#include <math.h>

double lesson_map_coord(double lo, double hi, int g, int j)
{
    return lo + (j + 0.5) * ((hi - lo) / g);
}

/* σ(gain·e) as nn_act_f computes it, with tanh's case inlined: the maps call it G²·N times per snapshot. */
static inline double act(const nn_net *net, double e)
{
    if (net->act != NN_ACT_TANH)
        return nn_act_f(net->act, net->gain, e);
    const double z = net->gain * e;
    return isnan(z) ? z : tanh(z);
}

void lesson_maps(const nn_net *net, const scene_desc *sc, const scene_spec *spec, double lo, double hi, int g,
                 int c, double *e, double *h, double *wh, double *yhat, double *f)
{
    assert(net->n_layers == 1 && net->d == 2 && c >= 0 && c < net->k && g >= 1);
    const int N = net->n_hidden, K = net->k;
    const size_t gg = (size_t)g * (size_t)g;
    /* the same expression as scene_true_error's, so the points agree to the last bit */
    const double step = (hi - lo) / g;
    /* nn_forward's arithmetic unit by unit over the whole grid (no per-point layout or call): e = b + w̄_0 x0
     * + w̄_1 x1 in that order, h = σ(gain e), and ŷ summed from b(2) in unit order, so every value is the one
     * nn_forward gives at that point, to the last bit */
    if (yhat)
        for (size_t at = 0; at < gg; at++)
            yhat[at] = net->b2[c]; /* ŷ_c so far */
    for (int k = 0; k < N; k++) {
        const double b = net->b1[k], w0 = net->w1[2 * k], w1 = net->w1[2 * k + 1], w2 = net->w2[k * K + c];
        double *ek = e ? e + (size_t)k * gg : NULL, *hk = h ? h + (size_t)k * gg : NULL;
        double *whk = wh ? wh + (size_t)k * gg : NULL;
        for (int i = 0; i < g; i++) {
            const double x1 = lo + (i + 0.5) * step;
            const size_t row = (size_t)i * (size_t)g;
            for (int j = 0; j < g; j++) {
                double s = b;
                s += w0 * (lo + (j + 0.5) * step);
                s += w1 * x1;
                const double a = act(net, s), share = w2 * a;
                if (yhat) yhat[row + (size_t)j] += share;
                if (ek) ek[row + (size_t)j] = s;
                if (hk) hk[row + (size_t)j] = a;
                if (whk) whk[row + (size_t)j] = share;
            }
        }
    }
    if (f && sc && sc->target) {
        double ft[NN_MAX_IO]; /* (K) */
        for (int i = 0; i < g; i++)
            for (int j = 0; j < g; j++) {
                const double x[2] = {lo + (j + 0.5) * step, lo + (i + 0.5) * step};
                sc->target(spec, x, ft);
                f[(size_t)i * (size_t)g + (size_t)j] = ft[c];
            }
    }
}

void lesson_maps_along(const nn_net *net, const scene_desc *sc, const scene_spec *spec, const double *a, const double *b,
                  int m, int c, double *share, double *run, double *yhat, double *f)
{
    assert(net->n_layers == 1 && net->d == 2 && c >= 0 && c < net->k && m >= 2);
    const int N = net->n_hidden, K = net->k;
    double ee[NN_MAX_HIDDEN], hh[NN_MAX_HIDDEN], y[NN_MAX_IO], ft[NN_MAX_IO]; /* (N) (N) (K) (K) */
    for (int i = 0; i < m; i++) {
        const double t = (double)i / (m - 1);
        const double x[2] = {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])};
        nn_forward(net, x, ee, hh, y);
        double sum = net->b2[c];
        if (run) run[i] = sum;
        for (int k = 0; k < N; k++) {
            const double wh = net->w2[k * K + c] * hh[k];
            sum += wh; /* nn_forward's order: b(2), then unit 0, 1, … */
            if (share) share[(size_t)k * (size_t)m + (size_t)i] = wh;
            if (run) run[(size_t)(k + 1) * (size_t)m + (size_t)i] = sum;
        }
        if (yhat) yhat[i] = y[c];
        if (f && sc && sc->target) {
            sc->target(spec, x, ft);
            f[i] = ft[c];
        }
    }
}

void lesson_map_range(const double *v, int n, double *lo, double *hi)
{
    double a = INFINITY, b = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            continue;
        a = fmin(a, v[i]);
        b = fmax(b, v[i]);
    }
    if (a > b)
        a = b = 0.0;
    *lo = a;
    *hi = b;
}
