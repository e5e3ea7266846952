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

void lesson_maps(const nn_net *net, const scene_desc *sc, const scene_spec *spec, double lo, double hi, int g,
                 int c, double *e, double *h, double *wh, double *yhat, double *f)
{
    assert(net->n_layers == 1 && net->d == 2 && c >= 0 && c < net->k && g >= 1);
    const int N = net->n_hidden, K = net->k;
    const size_t gg = (size_t)g * (size_t)g;
    double ee[NN_MAX_HIDDEN], hh[NN_MAX_HIDDEN], y[NN_MAX_IO], ft[NN_MAX_IO]; /* (N) (N) (K) (K) */
    for (int i = 0; i < g; i++) {
        for (int j = 0; j < g; j++) {
            /* the same expression as scene_true_error's, so the points agree to the last bit */
            const double step = (hi - lo) / g;
            const double x[2] = {lo + (j + 0.5) * step, lo + (i + 0.5) * step};
            const size_t at = (size_t)i * (size_t)g + (size_t)j;
            nn_forward(net, x, ee, hh, y);
            for (int k = 0; k < N; k++) {
                if (e)
                    e[k * gg + at] = ee[k];
                if (h)
                    h[k * gg + at] = hh[k];
                if (wh)
                    wh[k * gg + at] = net->w2[k * K + c] * hh[k];
            }
            if (yhat)
                yhat[at] = y[c];
            if (f && sc && sc->target) {
                sc->target(spec, x, ft);
                f[at] = ft[c];
            }
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
