/* landscape: the axes of a loss-landscape slice, the slice itself, and projections onto it.
 * Any thread, on buffers the caller owns; nothing here allocates.
 * Invariants: u, v come out orthonormal; the slice's middle point (odd g) is the current loss exactly. */
#include "lesson/landscape.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "nn/hessian.h"

#define LANDSCAPE_EIG_ITER 300
#define LANDSCAPE_EIG_TOL 1e-10

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

void lesson_axes_weights(size_t P, size_t i, size_t j, double *u, double *v)
{
    assert(i < P && j < P && i != j);
    memset(u, 0, P * sizeof *u);
    memset(v, 0, P * sizeof *v);
    u[i] = 1.0;
    v[j] = 1.0;
}

int lesson_axes_hessian(const nn_net *net, const double *x, const double *y, int n, const unsigned char *frozen,
                        uint64_t seed, double *u, double *v, double *lam, double *scratch)
{
    nn_curvature a = nn_lambda_max(net, x, y, n, frozen, seed, LANDSCAPE_EIG_ITER, LANDSCAPE_EIG_TOL, u, scratch);
    if (a.iterations == 0)
        return -1;
    nn_curvature b =
        nn_lambda_next(net, x, y, n, frozen, u, seed + 1, LANDSCAPE_EIG_ITER, LANDSCAPE_EIG_TOL, v, scratch);
    if (b.iterations == 0)
        return -1;
    lam[0] = a.lambda_max;
    lam[1] = b.lambda_max;
    return 0;
}

/* w = C d with C = Σ_t (q_t − mean)(q_t − mean)ᵀ, applied without forming C; minus the part along u. */
static void cov_apply(const double *traj, int m, size_t P, const double *mean, const double *d, const double *u,
                      double *w)
{
    memset(w, 0, P * sizeof *w);
    for (int t = 0; t < m; t++) {
        const double *q = traj + (size_t)t * P;
        double c = 0.0;
        for (size_t i = 0; i < P; i++)
            c += (q[i] - mean[i]) * d[i];
        for (size_t i = 0; i < P; i++)
            w[i] += c * (q[i] - mean[i]);
    }
    if (u) {
        double c = dot(w, u, P);
        for (size_t i = 0; i < P; i++)
            w[i] -= c * u[i];
    }
}

/* The dominant direction of C (in u's complement when u is given), from the start d; -1 when C is 0 there. */
static int principal(const double *traj, int m, size_t P, const double *mean, const double *u, double *d,
                     double *w)
{
    for (int it = 0; it < LANDSCAPE_EIG_ITER; it++) {
        cov_apply(traj, m, P, mean, d, u, w);
        double norm = sqrt(dot(w, w, P));
        if (!(norm > 0.0))
            return -1;
        double change = 0.0;
        for (size_t i = 0; i < P; i++) {
            double nd = w[i] / norm;
            change = fmax(change, fabs(nd - d[i]));
            d[i] = nd;
        }
        if (change < LANDSCAPE_EIG_TOL)
            break;
    }
    return 0;
}

int lesson_axes_trajectory(const double *traj, int m, size_t P, double *u, double *v, double *scratch)
{
    if (m < 3)
        return -1;
    double *mean = scratch, *w = scratch + P;
    memset(mean, 0, P * sizeof *mean);
    for (int t = 0; t < m; t++)
        for (size_t i = 0; i < P; i++)
            mean[i] += traj[(size_t)t * P + i] / m;
    /* deterministic starts, not orthogonal to the answer in any case that matters: the overall
     * displacement for the first direction, the middle point's offset from the mean for the second */
    for (size_t i = 0; i < P; i++) {
        u[i] = traj[(size_t)(m - 1) * P + i] - traj[i];
        v[i] = traj[(size_t)(m / 2) * P + i] - mean[i] + 1e-3 * (double)((i % 7) + 1);
    }
    double nu = sqrt(dot(u, u, P));
    if (!(nu > 0.0))
        return -1;
    for (size_t i = 0; i < P; i++)
        u[i] /= nu;
    if (principal(traj, m, P, mean, NULL, u, w) != 0)
        return -1;
    double c = dot(v, u, P);
    for (size_t i = 0; i < P; i++)
        v[i] -= c * u[i];
    double nv = sqrt(dot(v, v, P));
    if (!(nv > 0.0))
        return -1;
    for (size_t i = 0; i < P; i++)
        v[i] /= nv;
    return principal(traj, m, P, mean, u, v, w);
}

double lesson_slice_coord(double half, int g, int j)
{
    return g > 1 ? half * (double)(2 * j - (g - 1)) / (double)(g - 1) : 0.0;
}

void lesson_slice(const nn_net *net, const double *x, const double *y, int n, const double *u, const double *v,
                  double half, int g, double *out, double *scratch)
{
    const size_t P = nn_params(net);
    nn_shape shape;
    nn_net_shape(net, &shape);
    nn_net moved;
    nn_view(&moved, &shape, net->act, net->gain, scratch);
    for (int i = 0; i < g; i++) {
        const double beta = lesson_slice_coord(half, g, i);
        for (int j = 0; j < g; j++) {
            const double alpha = lesson_slice_coord(half, g, j);
            for (size_t q = 0; q < P; q++)
                scratch[q] = net->p[q] + (alpha * u[q] + beta * v[q]);
            out[i * g + j] = nn_loss_grad(&moved, x, y, n, NULL);
        }
    }
}

void lesson_project(const double *q, const double *center, const double *u, const double *v, size_t P, double *a,
                    double *b, double *dist)
{
    double da = 0.0, db = 0.0, dd = 0.0;
    for (size_t i = 0; i < P; i++) {
        double d = q[i] - center[i];
        da += d * u[i];
        db += d * v[i];
        dd += d * d;
    }
    *a = da;
    *b = db;
    *dist = sqrt(fmax(0.0, dd - da * da - db * db)); /* Pythagoras: what is left off the plane */
}
