/* hessian: exact Hessian-vector products for one hidden layer (R-operator), a finite-difference product
 * for deeper nets, and λ_max by power iteration. Any thread, on its own network, scratch and forward cache.
 * Invariants: frozen parameters neither move the product nor receive any of it; results follow the seed, and
 * a product from the forward cache is the one without it, bit for bit. */
#include "nn/hessian.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn/rng.h"

/* d²/de² of σ(a e): a² σ''(a e). relu, step and signum are piecewise linear or constant: 0. */
static double act_d2f(nn_act act, double gain, double e)
{
    switch (act) {
    case NN_ACT_LOGISTIC: {
        double s = nn_act_f(act, gain, e);
        return gain * gain * s * (1.0 - s) * (1.0 - 2.0 * s);
    }
    case NN_ACT_TANH: {
        double t = nn_act_f(act, gain, e);
        return gain * gain * (-2.0 * t * (1.0 - t * t));
    }
    default: return 0.0;
    }
}

static void mask(double *v, const unsigned char *frozen, size_t P)
{
    if (frozen)
        for (size_t i = 0; i < P; i++)
            if (frozen[i])
                v[i] = 0.0;
}

/* The part of a one-layer product that depends on the weights and tokens alone, not on v: each token's
 * h = σ(e), σ'(e), σ''(e) and δ = ŷ − y, computed once for every product of a power iteration (three σ
 * evaluations per token and unit were most of a product's time) with the very calls hvp_one_layer makes
 * without it, so that a product is the same to the last bit either way. */
typedef struct {
    double *h, *df, *d2f; /* (n, N) */
    double *delta;        /* (n, K) */
} fwd_cache;

static void fwd_fill(const nn_net *net, const double *x, const double *y, int n, fwd_cache *fc)
{
    const int D = net->d, N = net->n_hidden, K = net->k;
    double e[NN_MAX_HIDDEN], yhat[NN_MAX_IO]; /* (N) (K) */
    for (int i = 0; i < n; i++) {
        double *h = fc->h + (size_t)i * N, *df = fc->df + (size_t)i * N, *d2f = fc->d2f + (size_t)i * N;
        nn_forward(net, x + (size_t)i * D, e, h, yhat);
        for (int j = 0; j < K; j++)
            fc->delta[(size_t)i * K + j] = yhat[j] - y[(size_t)i * K + j];
        for (int k = 0; k < N; k++) {
            df[k] = nn_act_df(net->act, net->gain, e[k]);
            d2f[k] = act_d2f(net->act, net->gain, e[k]);
        }
    }
}

/* A cache for net's n tokens (one hidden layer only), filled; 0 when there is none (deeper nets, or no
 * memory: the products then compute the forward pass themselves). */
static int fwd_open(const nn_net *net, const double *x, const double *y, int n, fwd_cache *fc)
{
    memset(fc, 0, sizeof *fc);
    if (net->n_layers != 1 || n < 1)
        return 0;
    const size_t nN = (size_t)n * (size_t)net->n_hidden;
    double *buf = malloc((3 * nN + (size_t)n * (size_t)net->k) * sizeof *buf);
    if (!buf)
        return 0;
    fc->h = buf;
    fc->df = buf + nN;
    fc->d2f = buf + 2 * nN;
    fc->delta = buf + 3 * nN;
    fwd_fill(net, x, y, n, fc);
    return 1;
}

static void fwd_close(fwd_cache *fc)
{
    free(fc->h); /* the one buffer */
    memset(fc, 0, sizeof *fc);
}

/* Pearlmutter's R{·} = d/dr (·)(p + r v) at r = 0, through one token's forward and backward pass:
 *   R{e} = V1 x + vb1,  R{h} = σ'(e) R{e},  R{ŷ} = V2ᵀ h + W2ᵀ R{h} + vb2,  δ = ŷ − y,  R{δ} = R{ŷ},
 *   R{∂W2} = R{h} δᵀ + h R{δ}ᵀ,  R{∂b2} = R{δ},
 *   R{δ1} = σ''(e) R{e} (W2 δ) + σ'(e) (V2 δ + W2 R{δ}),  R{∂W1} = R{δ1} xᵀ,  R{∂b1} = R{δ1}. */
static void hvp_one_layer(const nn_net *net, const double *x, const double *y, int n, const double *v,
                          double *hv, const fwd_cache *fc /* or NULL */)
{
    const int D = net->d, N = net->n_hidden, K = net->k;
    const size_t P = nn_params(net);
    const size_t o_w1 = (size_t)(net->w1 - net->p), o_b1 = (size_t)(net->b1 - net->p);
    const size_t o_w2 = (size_t)(net->w2 - net->p), o_b2 = (size_t)(net->b2 - net->p);
    const double *V1 = v + o_w1, *vb1 = v + o_b1, *V2 = v + o_w2, *vb2 = v + o_b2; /* (N, D) (N) (N, K) (K) */
    double *H1 = hv + o_w1, *hb1 = hv + o_b1, *H2 = hv + o_w2, *hb2 = hv + o_b2;
    double re[NN_MAX_HIDDEN], rh[NN_MAX_HIDDEN]; /* (N) */
    double ry[NN_MAX_IO];                        /* (K) */
    double own_h[NN_MAX_HIDDEN], own_df[NN_MAX_HIDDEN], own_d2f[NN_MAX_HIDDEN], own_delta[NN_MAX_IO];
    fwd_cache own = {own_h, own_df, own_d2f, own_delta}; /* one token's, without a cache */
    memset(hv, 0, P * sizeof *hv);
    for (int i = 0; i < n; i++) {
        const double *xi = x + (size_t)i * D;
        if (!fc)
            fwd_fill(net, xi, y + (size_t)i * K, 1, &own);
        const fwd_cache *src = fc ? fc : &own;
        const size_t row = fc ? (size_t)i : 0;
        const double *h = src->h + row * N, *df = src->df + row * N, *d2f = src->d2f + row * N;
        const double *delta = src->delta + row * K;
        for (int j = 0; j < K; j++)
            ry[j] = vb2[j];
        for (int k = 0; k < N; k++) {
            double r = vb1[k];
            for (int c = 0; c < D; c++)
                r += V1[k * D + c] * xi[c];
            re[k] = r;
            rh[k] = df[k] * r;
            for (int j = 0; j < K; j++)
                ry[j] += V2[k * K + j] * h[k] + net->w2[k * K + j] * rh[k];
        }
        for (int k = 0; k < N; k++) {
            double back = 0.0, rback = 0.0;
            for (int j = 0; j < K; j++) {
                back += net->w2[k * K + j] * delta[j];
                rback += V2[k * K + j] * delta[j] + net->w2[k * K + j] * ry[j];
                H2[k * K + j] += rh[k] * delta[j] + h[k] * ry[j];
            }
            double rd1 = d2f[k] * re[k] * back + df[k] * rback;
            hb1[k] += rd1;
            for (int c = 0; c < D; c++)
                H1[k * D + c] += rd1 * xi[c];
        }
        for (int j = 0; j < K; j++)
            hb2[j] += ry[j];
    }
    for (size_t q = 0; q < P; q++)
        hv[q] /= n;
}

/* (∇L(p + εv) − ∇L(p − εv)) / 2ε with the oracle: second-order accurate, for nets the R-pass does not cover. */
static void hvp_differences(const nn_net *net, const double *x, const double *y, int n, const double *v,
                            double *hv, double *scratch /* (2P) */)
{
    const size_t P = nn_params(net);
    double pmax = 0.0, vmax = 0.0;
    for (size_t i = 0; i < P; i++) {
        pmax = fmax(pmax, fabs(net->p[i]));
        vmax = fmax(vmax, fabs(v[i]));
    }
    if (vmax == 0.0) {
        memset(hv, 0, P * sizeof *hv);
        return;
    }
    const double eps = 1e-5 * (1.0 + pmax) / vmax;
    double *pt = scratch, *gm = scratch + P;
    nn_shape shape;
    nn_net_shape(net, &shape);
    nn_net view;
    nn_view(&view, &shape, net->act, net->gain, pt);
    for (size_t i = 0; i < P; i++)
        pt[i] = net->p[i] + eps * v[i];
    nn_loss_grad_ref(&view, x, y, n, hv);
    for (size_t i = 0; i < P; i++)
        pt[i] = net->p[i] - eps * v[i];
    nn_loss_grad_ref(&view, x, y, n, gm);
    for (size_t i = 0; i < P; i++)
        hv[i] = (hv[i] - gm[i]) / (2.0 * eps);
}

/* nn_hvp, with the tokens' forward pass from fc when it is given */
static void hvp(const nn_net *net, const double *x, const double *y, int n, const unsigned char *frozen,
                const double *v, double *hv, double *scratch, const fwd_cache *fc)
{
    assert(n >= 1);
    const size_t P = nn_params(net);
    double *vf = scratch; /* (P) v with the frozen entries at 0 */
    memcpy(vf, v, P * sizeof *vf);
    mask(vf, frozen, P);
    if (net->n_layers == 1)
        hvp_one_layer(net, x, y, n, vf, hv, fc);
    else
        hvp_differences(net, x, y, n, vf, hv, scratch + P);
    mask(hv, frozen, P);
}

void nn_hvp(const nn_net *net, const double *x, const double *y, int n, const unsigned char *frozen,
            const double *v, double *hv, double *scratch)
{
    hvp(net, x, y, n, frozen, v, hv, scratch, NULL);
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* v −= (v·u) u for a unit u (NULL: nothing to remove). */
static void orthogonalise(double *v, const double *u, size_t P)
{
    if (!u)
        return;
    double c = dot(v, u, P);
    for (size_t i = 0; i < P; i++)
        v[i] -= c * u[i];
}

/* A random unit vector over the free parameters, orthogonal to ortho; -1 when there is no room. */
static int random_unit(nn_rng *r, const unsigned char *frozen, const double *ortho, size_t P, double *v)
{
    for (size_t i = 0; i < P; i++)
        v[i] = nn_rng_normal(r);
    mask(v, frozen, P);
    orthogonalise(v, ortho, P);
    double norm = sqrt(dot(v, v, P));
    if (norm == 0.0)
        return -1;
    for (size_t i = 0; i < P; i++)
        v[i] /= norm;
    return 0;
}

/* Power iteration on H − shift·I from the unit vector v, kept orthogonal to ortho (a unit eigenvector,
 * or NULL); returns the Rayleigh quotient vᵀHv. */
static double power(const nn_net *net, const double *x, const double *y, int n, const unsigned char *frozen,
                    const double *ortho, double shift, int max_iter, double tol, double *v, double *w,
                    double *scratch, const fwd_cache *fc, int *iters, int *converged)
{
    const size_t P = nn_params(net);
    double lam = 0.0, prev = NAN;
    *converged = 0;
    for (int it = 0; it < max_iter; it++) {
        hvp(net, x, y, n, frozen, v, w, scratch, fc);
        ++*iters;
        lam = dot(v, w, P);
        for (size_t i = 0; i < P; i++)
            w[i] -= shift * v[i];
        orthogonalise(w, ortho, P); /* rounding would let ortho's direction grow back */
        double norm = sqrt(dot(w, w, P));
        if (norm == 0.0) { /* v is an eigenvector of eigenvalue shift exactly */
            *converged = 1;
            break;
        }
        for (size_t i = 0; i < P; i++)
            v[i] = w[i] / norm;
        if (fabs(lam - prev) <= tol * fabs(lam)) {
            *converged = 1;
            break;
        }
        prev = lam;
    }
    return lam;
}

/* vec = vec over the free parameters, made unit; -1 when nothing of it is left (no warm start). */
static int warm_unit(const unsigned char *frozen, size_t P, double *vec)
{
    mask(vec, frozen, P);
    double norm = sqrt(dot(vec, vec, P));
    if (!(norm > 0.0) || !isfinite(norm))
        return -1;
    for (size_t i = 0; i < P; i++)
        vec[i] /= norm;
    return 0;
}

/* The largest eigenvalue over the free parameters, in the complement of ortho when it is given; from
 * vec itself when warm and vec has a free part, else from a start drawn from seed. */
static nn_curvature top(const nn_net *net, const double *x, const double *y, int n, const unsigned char *frozen,
                        const double *ortho, uint64_t seed, int warm, int max_iter, double tol, double *vec,
                        double *scratch)
{
    const size_t P = nn_params(net);
    nn_curvature out = {0.0, 0, 0};
    nn_rng r;
    nn_rng_seed(&r, seed);
    double *w = scratch, *hs = scratch + P;
    if ((!warm || warm_unit(frozen, P, vec) != 0) && random_unit(&r, frozen, ortho, P, vec) != 0) {
        out.converged = 1; /* nothing free to move: no curvature to speak of */
        return out;
    }
    fwd_cache fc;
    const int cached = max_iter > 0 && fwd_open(net, x, y, n, &fc);
    double lam = power(net, x, y, n, frozen, ortho, 0.0, max_iter, tol, vec, w, hs, cached ? &fc : NULL,
                       &out.iterations, &out.converged);
    if (lam < 0.0) {
        /* the dominant eigenvalue is the most negative one; on H − λI every eigenvalue is >= 0 and the
         * dominant one belongs to λ_max. A fresh start: the old vector has eigenvalue 0 there. */
        random_unit(&r, frozen, ortho, P, vec);
        lam = power(net, x, y, n, frozen, ortho, lam, max_iter, tol, vec, w, hs, cached ? &fc : NULL,
                    &out.iterations, &out.converged);
    }
    if (cached)
        fwd_close(&fc);
    out.lambda_max = lam;
    return out;
}

nn_curvature nn_lambda_max(const nn_net *net, const double *x, const double *y, int n,
                           const unsigned char *frozen, uint64_t seed, int max_iter, double tol, double *vec,
                           double *scratch)
{
    return top(net, x, y, n, frozen, NULL, seed, 0, max_iter, tol, vec, scratch);
}

nn_curvature nn_lambda_max_from(const nn_net *net, const double *x, const double *y, int n,
                                const unsigned char *frozen, uint64_t seed, int max_iter, double tol, double *vec,
                                double *scratch)
{
    return top(net, x, y, n, frozen, NULL, seed, 1, max_iter, tol, vec, scratch);
}

nn_curvature nn_lambda_next(const nn_net *net, const double *x, const double *y, int n,
                            const unsigned char *frozen, const double *v1, uint64_t seed, int max_iter, double tol,
                            double *vec, double *scratch)
{
    return top(net, x, y, n, frozen, v1, seed, 0, max_iter, tol, vec, scratch);
}
