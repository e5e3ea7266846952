/* kernel/impl: the fused loss-and-gradient, ŷ and activation arrays for one instruction set (NN_KV).
 * The fused path is one inlined body instantiated per fixed (D, K): (2, 2) and (2, 1); other shapes
 * take the general path (one token at a time), about twice the cost per pair.
 * Any thread, on a network it owns; kernel.c calls these only on a CPU that has NN_KV's instructions.
 * Invariants: no n×N arrays: weights (a zero-padded row per input/output), gradient sums, TB tokens' h stay in L1. */
#include "nn/kernel/impl.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#if !defined(NN_KV) || !defined(NN_KV_FMA)
#error "meson compiles impl.c once per variant with -DNN_KV=<name> -DNN_KV_FMA=<0|1>"
#endif

#define NN_FASTMATH_FMA NN_KV_FMA
#include "nn/kernel/fastmath.h"

#define FMA NN_FM_FMA
#define KV_NAME2(v, f) nn_kernel_##v##_##f
#define KV_NAME(v, f) KV_NAME2(v, f)
#define KV(f) KV_NAME(NN_KV, f)
/* The bodies below take the activation (and D, K) as constants, so each caller gets its own
 * branch-free, vectorised copy; that needs them inlined whatever the optimiser's size budget. */
#define KV_INLINE inline __attribute__((always_inline))
/* A loop over a block's tokens inside a vectorised loop over units: unrolled whole, whatever the
 * size heuristics, since neither compiler vectorises the outer loop around it otherwise. */
#if defined(__clang__)
#define KV_UNROLL _Pragma("clang loop unroll(full)")
#else
#define KV_UNROLL _Pragma("GCC unroll 16")
#endif

enum {
    NP = NN_MAX_HIDDEN, /* capacity in units; a multiple of 8 */
    TB = 9, /* tokens per backward block: one pass over the gradient accumulators serves them all */
    FB = 3  /* tokens per forward pass over the weights: more would not fit the registers */
};

typedef struct {
    _Alignas(64) double w1[NN_MAX_IO][NP]; /* (D, Np) row j = column j of W(1), times gain if folded */
    double b1[NP];                         /* (Np) b(1), times gain if folded */
    double w2[NN_MAX_IO][NP];              /* (K, Np) row c = W(2)_c·, one weight per unit */
    double g1[NN_MAX_IO][NP];              /* (D, Np) dL/d(gain w1), accumulated */
    double gb1[NP];                        /* (Np) dL/d(gain b1), accumulated */
    double g2[NN_MAX_IO][NP];              /* (K, Np) dL/dw2, accumulated */
    double h[TB][NP];                      /* (TB, Np) activations of the current tokens */
    double s[NP];                          /* (Np) general path: back-propagated error, then delta */
    double gain;                           /* a in σ(a e), when not folded into w1 and b1 */
    double mag;                            /* Σ|p| over the parameters, for the range test */
} scratch;

static int padded(int n_hidden) { return (n_hidden + 7) & ~7; }

/* Step, signum and relu (through its slope) jump at e = 0, where a rounding of e decides the
 * result: for them e is computed exactly as nn_forward does, (b + w_0 x_0) + w_1 x_1 + ..., each
 * product and sum rounded on its own (impl.c is compiled with -ffp-contract=off), and the gain
 * applied afterwards, as nn_act_f does. The smooth activations take the gain folded into the
 * weights and the excitation fused (FMA): their results differ only by rounding. */
static KV_INLINE int exact_excitation(nn_act act)
{
    return act == NN_ACT_RELU || act == NN_ACT_STEP || act == NN_ACT_SIGNUM;
}

/* z = gain·e of unit u for a token x (D inputs), from the packed weights. The folded sum runs from
 * the last input to the first, FMA(w_0, x_0, FMA(w_1, x_1, b)) for D = 2. */
static KV_INLINE double excite(const scratch *sc, nn_act act, int D, int u, const double *x)
{
    if (exact_excitation(act)) {
        double e = sc->b1[u];
        for (int j = 0; j < D; j++)
            e = e + sc->w1[j][u] * x[j];
        return sc->gain * e;
    }
    double z = sc->b1[u];
    for (int j = D - 1; j >= 0; j--)
        z = FMA(sc->w1[j][u], x[j], z);
    return z;
}

/* h = act(z), z = gain·e already. NaN stays NaN for every activation, as in nn_act_f. */
static KV_INLINE double act_value(nn_act act, double z)
{
    switch (act) {
    case NN_ACT_LOGISTIC:
        return nn_fast_logistic(z);
    case NN_ACT_TANH:
        return nn_fast_tanh(z);
    case NN_ACT_RELU:
        return z <= 0.0 ? 0.0 : z;
    case NN_ACT_STEP: {
        double v = z <= 0.0 ? 0.0 : z;
        return z > 0.0 ? 1.0 : v;
    }
    case NN_ACT_SIGNUM: {
        double v = z == 0.0 ? 0.0 : z;
        double w = z < 0.0 ? -1.0 : v;
        return z > 0.0 ? 1.0 : w;
    }
    case NN_ACT_COUNT:
        break;
    }
    return z;
}

/* d act/dz from the value h = act(z) (σ' = σ(1-σ), 1 - tanh²); step and signum have none. The
 * gradient of layer 1 comes out per unit of gain·w either way (folded or not) and unpack scales it. */
static KV_INLINE double act_slope(nn_act act, double h)
{
    switch (act) {
    case NN_ACT_LOGISTIC:
        return nn_fast_dlogistic(h);
    case NN_ACT_TANH:
        return nn_fast_dtanh(h);
    case NN_ACT_RELU:
        return h > 0.0 ? 1.0 : 0.0;
    case NN_ACT_STEP:
    case NN_ACT_SIGNUM:
    case NN_ACT_COUNT:
        break;
    }
    return 0.0;
}

/* For the smooth activations the gain is folded into layer 1 (z = (a w̄)·x + a b); see exact_excitation. */
static KV_INLINE void repack(scratch *sc, const nn_net *net, int d, int k, int np, int with_grad)
{
    int n = net->n_hidden;
    sc->gain = net->gain;
    /* Three sums of |p| rather than one: shorter chains of dependent adds. */
    double a = exact_excitation(net->act) ? 1.0 : net->gain, mag1 = 0.0, magb = 0.0, mag2 = 0.0;
    for (int u = 0; u < np; u++) {
        int live = u < n;
        for (int j = 0; j < d; j++) {
            double w = live ? net->w1[(size_t)u * (size_t)d + (size_t)j] : 0.0;
            mag1 += fabs(w);
            sc->w1[j][u] = a * w;
        }
        double b = live ? net->b1[u] : 0.0;
        magb += fabs(b);
        sc->b1[u] = a * b;
        for (int c = 0; c < k; c++) {
            double w = live ? net->w2[(size_t)u * (size_t)k + (size_t)c] : 0.0;
            mag2 += fabs(w);
            sc->w2[c][u] = w;
        }
    }
    for (int c = 0; c < k; c++)
        magb += fabs(net->b2[c]);
    sc->mag = (mag1 + magb) + mag2;
    if (!with_grad)
        return;
    for (int u = 0; u < np; u++) {
        for (int j = 0; j < d; j++)
            sc->g1[j][u] = 0.0;
        sc->gb1[u] = 0.0;
        for (int c = 0; c < k; c++)
            sc->g2[c][u] = 0.0;
    }
}

static KV_INLINE void unpack(const scratch *sc, const nn_net *net, int d, int k, const double *gb2, double *grad)
{
    int n = net->n_hidden;
    double a = net->gain;
    double *gw1 = grad, *gb1 = grad + (size_t)n * (size_t)d;
    double *gw2 = gb1 + n, *gb2_out = gw2 + (size_t)n * (size_t)k;
    for (int u = 0; u < n; u++) {
        for (int j = 0; j < d; j++)
            gw1[(size_t)u * (size_t)d + (size_t)j] = a * sc->g1[j][u];
        gb1[u] = a * sc->gb1[u];
        for (int c = 0; c < k; c++)
            gw2[(size_t)u * (size_t)k + (size_t)c] = sc->g2[c][u];
    }
    for (int c = 0; c < k; c++)
        gb2_out[c] = gb2[c];
}

/* Sum of 8 lanes as a tree: three dependent adds instead of seven. */
static KV_INLINE double sum8(const double *a)
{
    return ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]));
}

/* The fused path for one fixed shape. Every function below takes D and K as compile-time constants
 * (each call site passes literals, and the bodies are always inlined), so the loops over inputs and
 * outputs unroll and their values stay in registers: dispatch_fixed's thin wrappers instantiate it per
 * (D, K), and meson per instruction set.
 *
 * Forward of tb <= FB tokens over all units: h (tb, Np) and the sums W(2)ᵀh without b(2), out
 * (tb, K). A block of tokens shares each pass over the weights and gives the out-of-order core
 * independent activations to overlap. The sums run in 8 lanes (one AVX-512 vector; two or four
 * narrower ones), added up at the end. Units in the last, partly padded block of 8 get h = 0 by a
 * select rather than by their zero weights, so that an infinite input cannot turn a padded unit
 * into 0·∞ = NaN. */
static KV_INLINE void forward_fixed(const scratch *sc, nn_act act, int D, int K, int n_live, int tb,
                                    const double *x, double (*restrict h)[NP], double *out)
{
    double acc[FB][NN_MAX_IO][8]; /* only the K rows in use are cleared: the rest would cost stores */
    for (int t = 0; t < FB; t++)
        for (int c = 0; c < K; c++)
            for (int j = 0; j < 8; j++)
                acc[t][c][j] = 0.0;
    int full = n_live & ~7;
    for (int u0 = 0; u0 < full; u0 += 8)
        for (int t = 0; t < tb; t++) {
            const double *xt = x + D * t;
#pragma omp simd
            for (int j = 0; j < 8; j++) {
                int u = u0 + j;
                double hu = act_value(act, excite(sc, act, D, u, xt));
                h[t][u] = hu;
                for (int c = 0; c < K; c++)
                    acc[t][c][j] = FMA(sc->w2[c][u], hu, acc[t][c][j]);
            }
        }
    if (full < n_live) {
        /* Compared as doubles, the mask has the shape of the data (one 8-wide vector). */
        static const double lane[8] = {0, 1, 2, 3, 4, 5, 6, 7};
        double live = n_live - full;
        for (int t = 0; t < tb; t++) {
            const double *xt = x + D * t;
#pragma omp simd
            for (int j = 0; j < 8; j++) {
                int u = full + j;
                double z = act_value(act, excite(sc, act, D, u, xt));
                double hu = lane[j] < live ? z : 0.0;
                h[t][u] = hu;
                for (int c = 0; c < K; c++)
                    acc[t][c][j] = FMA(sc->w2[c][u], hu, acc[t][c][j]);
            }
        }
    }
    for (int t = 0; t < tb; t++)
        for (int c = 0; c < K; c++)
            out[K * t + c] = sum8(acc[t][c]);
}

/* Backward of tb tokens (a constant at each call) into the accumulators, which are loaded and
 * stored once per block. x is (tb, D), eps (tb, K) = dL/dŷ; h is (tb, NP). W(2)ᵀε runs from the
 * last output to the first, FMA(v_0, ε_0, v_1 ε_1) for K = 2. */
static KV_INLINE void backward_fixed(scratch *sc, nn_act act, int D, int K, int np, int tb, double (*h)[NP],
                                     const double *x, const double *eps)
{
#pragma omp simd
    for (int u = 0; u < np; u++) {
        double a[NN_MAX_IO], ab = sc->gb1[u], c2[NN_MAX_IO], v[NN_MAX_IO];
        for (int j = 0; j < D; j++)
            a[j] = sc->g1[j][u];
        for (int c = 0; c < K; c++) {
            c2[c] = sc->g2[c][u];
            v[c] = sc->w2[c][u];
        }
        KV_UNROLL
        for (int t = 0; t < tb; t++) {
            double hu = h[t][u];
            const double *et = eps + K * t, *xt = x + D * t;
            double back = v[K - 1] * et[K - 1];
            for (int c = K - 2; c >= 0; c--)
                back = FMA(v[c], et[c], back);
            double delta = back * act_slope(act, hu);
            for (int j = 0; j < D; j++)
                a[j] = FMA(delta, xt[j], a[j]);
            ab += delta;
            for (int c = 0; c < K; c++)
                c2[c] = FMA(hu, et[c], c2[c]);
        }
        for (int j = 0; j < D; j++)
            sc->g1[j][u] = a[j];
        sc->gb1[u] = ab;
        for (int c = 0; c < K; c++)
            sc->g2[c][u] = c2[c];
    }
}

/* What one call asks for. */
typedef struct {
    const nn_net *net;
    const double *x;   /* (n, D) */
    const double *y;   /* (n, K), or NULL: predict only */
    int n;
    int with_grad;     /* accumulate the gradient (needs y) */
    double *yhat;      /* (n, K) or NULL: where to put ŷ */
    double gb2[NN_MAX_IO]; /* dL/db(2), accumulated */
    double mag;        /* Σ|x| over the tokens, for the range test */
} job;

/* The loss (0 when predicting only), on the fused path for D inputs and K outputs (constants). */
static KV_INLINE double run_fixed(scratch *sc, nn_act act, int D, int K, job *jb)
{
    const nn_net *net = jb->net;
    int n = jb->n, np = padded(net->n_hidden);
    double sum = 0.0, s[NN_MAX_IO * TB], eb[NN_MAX_IO * TB], xmag = 0.0;
    double inv_n = 1.0 / n; /* dL/dŷ = ε/n; a product is quicker */
    for (int i0 = 0; i0 < n; i0 += TB) {
        int tb = n - i0 < TB ? n - i0 : TB;
        const double *xb = jb->x + (size_t)D * (size_t)i0;
        for (int f = 0; f < tb; f += FB) { /* a constant block size unrolls; a smaller last one loops */
            if (tb - f >= FB)
                forward_fixed(sc, act, D, K, net->n_hidden, FB, xb + D * f, sc->h + f, s + K * f);
            else
                forward_fixed(sc, act, D, K, net->n_hidden, tb - f, xb + D * f, sc->h + f, s + K * f);
        }
        for (int t = 0; t < tb; t++) {
            size_t row = (size_t)K * (size_t)(i0 + t);
            for (int j = 0; j < D; j++)
                xmag += fabs(xb[D * t + j]);
            double p[NN_MAX_IO];
            for (int c = 0; c < K; c++)
                p[c] = net->b2[c] + s[K * t + c];
            if (jb->yhat)
                for (int c = 0; c < K; c++)
                    jb->yhat[row + (size_t)c] = p[c];
            if (!jb->y)
                continue;
            for (int c = 0; c < K; c++) {
                double r = p[c] - jb->y[row + (size_t)c];
                sum += r * r;
                eb[K * t + c] = r * inv_n;
                jb->gb2[c] += eb[K * t + c];
            }
        }
        if (!jb->with_grad)
            continue;
        if (tb == TB)
            backward_fixed(sc, act, D, K, np, TB, sc->h, xb, eb);
        else /* one token at a time: the unit loop vectorises only around a constant token loop */
            for (int t = 0; t < tb; t++)
                backward_fixed(sc, act, D, K, np, 1, sc->h + t, xb + D * t, eb + K * t);
    }
    jb->mag = xmag;
    return sum / (2.0 * n);
}

/* Any D, K <= NN_MAX_IO without a fused instance: one token at a time, each step a simple loop over
 * the units. */
static KV_INLINE double run_general(scratch *sc, nn_act act, job *jb)
{
    const nn_net *net = jb->net;
    int n = jb->n, np = padded(net->n_hidden), d = net->d, k = net->k;
    double *h = sc->h[0], *s = sc->s, sum = 0.0, xmag = 0.0;
    for (int i = 0; i < n; i++) {
        const double *xi = jb->x + (size_t)i * (size_t)d;
        double eps[NN_MAX_IO];
        for (int j = 0; j < d; j++)
            xmag += fabs(xi[j]);
        memcpy(h, sc->b1, (size_t)np * sizeof *h);
        for (int j = 0; j < d; j++) {
            const double *w = sc->w1[j];
            double xj = xi[j];
            if (exact_excitation(act)) {
#pragma omp simd
                for (int u = 0; u < np; u++)
                    h[u] = h[u] + w[u] * xj;
            } else {
#pragma omp simd
                for (int u = 0; u < np; u++)
                    h[u] = FMA(w[u], xj, h[u]);
            }
        }
        double gain = exact_excitation(act) ? sc->gain : 1.0; /* folded otherwise */
#pragma omp simd
        for (int u = 0; u < np; u++)
            h[u] = act_value(act, gain * h[u]);
        for (int u = net->n_hidden; u < np; u++)
            h[u] = 0.0; /* not act(0·x): with an infinite input that would be NaN */
        for (int c = 0; c < k; c++) {
            const double *w = sc->w2[c];
            double acc = 0.0;
#pragma omp simd reduction(+ : acc)
            for (int u = 0; u < np; u++)
                acc += w[u] * h[u];
            double p = net->b2[c] + acc;
            if (jb->yhat)
                jb->yhat[(size_t)i * (size_t)k + (size_t)c] = p;
            if (!jb->y)
                continue;
            double r = p - jb->y[(size_t)i * (size_t)k + (size_t)c];
            sum += r * r;
            eps[c] = r / n;
            jb->gb2[c] += eps[c];
        }
        if (!jb->with_grad)
            continue;
        memset(s, 0, (size_t)np * sizeof *s);
        for (int c = 0; c < k; c++) {
            const double *w = sc->w2[c];
            double ec = eps[c];
#pragma omp simd
            for (int u = 0; u < np; u++)
                s[u] = FMA(w[u], ec, s[u]);
        }
#pragma omp simd
        for (int u = 0; u < np; u++) {
            s[u] *= act_slope(act, h[u]);
            sc->gb1[u] += s[u];
        }
        for (int j = 0; j < d; j++) {
            double *g = sc->g1[j], xj = xi[j];
#pragma omp simd
            for (int u = 0; u < np; u++)
                g[u] = FMA(s[u], xj, g[u]);
        }
        for (int c = 0; c < k; c++) {
            double *g = sc->g2[c], ec = eps[c];
#pragma omp simd
            for (int u = 0; u < np; u++)
                g[u] = FMA(h[u], ec, g[u]);
        }
    }
    jb->mag = xmag;
    return sum / (2.0 * n);
}

/* One branch-free copy of the loop body per activation: act is a constant in each arm. */
static KV_INLINE double dispatch_fixed(scratch *sc, job *jb, int D, int K)
{
    switch (jb->net->act) {
    case NN_ACT_LOGISTIC:
        return run_fixed(sc, NN_ACT_LOGISTIC, D, K, jb);
    case NN_ACT_TANH:
        return run_fixed(sc, NN_ACT_TANH, D, K, jb);
    case NN_ACT_RELU:
        return run_fixed(sc, NN_ACT_RELU, D, K, jb);
    case NN_ACT_STEP:
        return run_fixed(sc, NN_ACT_STEP, D, K, jb);
    case NN_ACT_SIGNUM:
        return run_fixed(sc, NN_ACT_SIGNUM, D, K, jb);
    case NN_ACT_COUNT:
        break;
    }
    assert(!"invalid activation");
    return NAN;
}

static double dispatch_general(scratch *sc, job *jb)
{
    switch (jb->net->act) {
    case NN_ACT_LOGISTIC:
        return run_general(sc, NN_ACT_LOGISTIC, jb);
    case NN_ACT_TANH:
        return run_general(sc, NN_ACT_TANH, jb);
    case NN_ACT_RELU:
        return run_general(sc, NN_ACT_RELU, jb);
    case NN_ACT_STEP:
        return run_general(sc, NN_ACT_STEP, jb);
    case NN_ACT_SIGNUM:
        return run_general(sc, NN_ACT_SIGNUM, jb);
    case NN_ACT_COUNT:
        break;
    }
    assert(!"invalid activation");
    return NAN;
}

/* One instance of the fused path per fixed shape, D and K constant throughout, repack and unpack
 * included (their copies unroll too). */
static KV_INLINE double run_shape(scratch *sc, job *jb, double *grad, int D, int K)
{
    repack(sc, jb->net, D, K, padded(jb->net->n_hidden), jb->with_grad);
    double loss = dispatch_fixed(sc, jb, D, K);
    if (grad)
        unpack(sc, jb->net, D, K, jb->gb2, grad);
    return loss;
}

static double run_22(scratch *sc, job *jb, double *grad) { return run_shape(sc, jb, grad, 2, 2); }
static double run_21(scratch *sc, job *jb, double *grad) { return run_shape(sc, jb, grad, 2, 1); }

/* The magnitudes the fast paths take; beyond them the call is answered by the scalar oracle itself.
 * The fast paths fold the gain into the weights, fuse products and sum in other orders, so where a
 * value overflows they overflow elsewhere than the oracle: with unit 1's w̄(1) = (1e308, 1e308) and
 * gain 1000, the folded weights are ∞ and a token with x_1 < 0 gets e = ∞ − ∞ = NaN, while the
 * oracle's e = 1e308 (x_0 + x_1) is finite and σ(1000 e) saturates to 0 or 1.
 * Within these bounds nothing overflows on either side, so no ∞ appears and no NaN, and the two
 * agree to rounding. With Σ|p| <= 2^100 over the parameters, Σ|x| <= 2^100 over the inputs,
 * |gain| <= 2^10, N <= 256, D, K <= 4 and n < 2^31: |e| < 2^203, |z|, relu's h < 2^213,
 * |ŷ| < 2^422. The targets are judged by the loss the fast path returns, at no cost: L <= 2^800
 * means every r² <= 2^833 there, so |y| < 2^423 and |r| < 2^424 in the oracle too; then
 * |W(2)ᵀε| < 2^526 and every gradient sum stays below 2^700. The gain bound also keeps the slope
 * σ'(z) taken from the rounded h (absolute error about 1e-16) within the tolerance once multiplied
 * by the gain; the app's gains are at most 1000. A sum of |v| bounds the largest |v|; NaN and ∞
 * fail every test. */
#define KV_MAG_MAX 0x1p100
#define KV_GAIN_MAX 0x1p10
#define KV_LOSS_MAX 0x1p800

/* The oracle's answer to the call (it overwrites grad and ŷ as the fast paths do). */
static double oracle(const job *jb, double *grad)
{
    if (!jb->y) {
        nn_predict(jb->net, jb->x, jb->n, jb->yhat);
        return 0.0;
    }
    return nn_loss_grad_ref(jb->net, jb->x, jb->y, jb->n, grad);
}

static double run(job *jb, double *grad)
{
    const nn_net *net = jb->net;
    assert(jb->n >= 1);
    assert(net->n_hidden >= 1 && net->n_hidden <= NN_MAX_HIDDEN);
    assert(net->d >= 1 && net->d <= NN_MAX_IO && net->k >= 1 && net->k <= NN_MAX_IO);
    /* The fused and general paths are written for one hidden layer; deeper nets go to the oracle
     * (nn.h: for them nn_loss_grad is nn_loss_grad_ref). */
    if (net->n_layers != 1 || !(fabs(net->gain) <= KV_GAIN_MAX))
        return oracle(jb, grad);
    /* The magnitudes are summed on the way (repack, the per-token loops), where the values are read
     * anyway: a separate pass over p, x and y cost 10% at 9×5. Out of range, the fast result is
     * thrown away. */
    scratch sc;
    double loss;
    if (net->d == 2 && net->k == 2)
        loss = run_22(&sc, jb, grad);
    else if (net->d == 2 && net->k == 1)
        loss = run_21(&sc, jb, grad);
    else {
        repack(&sc, net, net->d, net->k, padded(net->n_hidden), jb->with_grad);
        loss = dispatch_general(&sc, jb);
        if (grad)
            unpack(&sc, net, net->d, net->k, jb->gb2, grad);
    }
    if (!(sc.mag <= KV_MAG_MAX && jb->mag <= KV_MAG_MAX && (!jb->y || loss <= KV_LOSS_MAX)))
        return oracle(jb, grad);
    return loss;
}

double KV(loss_grad)(const nn_net *net, const double *x, const double *y, int n, double *grad)
{
    job jb = {net, x, y, n, grad != NULL, NULL, {0.0}, 0.0};
    return run(&jb, grad);
}

void KV(predict)(const nn_net *net, const double *x, int n, double *yhat)
{
    job jb = {net, x, NULL, n, 0, yhat, {0.0}, 0.0};
    run(&jb, NULL);
}

void KV(tanh)(const double *in, double *out, size_t n)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++)
        out[i] = nn_fast_tanh(in[i]);
}

void KV(logistic)(const double *in, double *out, size_t n)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++)
        out[i] = nn_fast_logistic(in[i]);
}
