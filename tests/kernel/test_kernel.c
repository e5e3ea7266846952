/* test_kernel: each kernel path vs the oracle (nn_loss_grad_ref, nn_predict), fast tanh/logistic vs libm, BPL_KERNEL.
 * Single-threaded test binary (one test forks children to see a fresh choice of path).
 * Invariants: deterministic (fixed seeds); the exit status is the verdict. */
#include "nn/kernel/kernel.h"
#include "nn/nn.h"
#include "nn/rng.h"

#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Inside loops over many values, failures are raised with ck_abort_msg: each passing ck_assert
 * reports a checkpoint to Check's parent process, which would dominate the run time.
 *
 * Loss and gradient: relative 1e-12. A gradient component is compared relative to the larger of
 * itself and the largest component of the whole gradient: a component near zero (a saturated
 * unit, or terms that cancel) carries the rounding of its terms, which scale with the gradient. */
#define TOL 1e-12
#define ULP_MAX 4.0

static void fill_normal(nn_rng *r, double *v, size_t n, double scale)
{
    for (size_t i = 0; i < n; i++)
        v[i] = scale * nn_rng_normal(r);
}

typedef struct {
    nn_net *net;
    double *x, *y;          /* (n, D), (n, K) */
    double *g_ref, *g_fast; /* (P) each */
    int n;
} problem;

static problem make_problem(int d, int k, int n, int nh, nn_act act, double gain, double wscale, uint64_t seed)
{
    problem pb;
    nn_rng r;
    nn_rng_seed(&r, seed);
    pb.net = nn_create(d, nh, k, act);
    ck_assert_ptr_nonnull(pb.net);
    pb.net->gain = gain;
    pb.n = n;
    size_t P = nn_params(pb.net);
    pb.x = malloc((size_t)n * (size_t)d * sizeof *pb.x);
    pb.y = malloc((size_t)n * (size_t)k * sizeof *pb.y);
    pb.g_ref = malloc(P * sizeof *pb.g_ref);
    pb.g_fast = malloc(P * sizeof *pb.g_fast);
    ck_assert(pb.x && pb.y && pb.g_ref && pb.g_fast);
    fill_normal(&r, pb.net->p, P, wscale);
    fill_normal(&r, pb.x, (size_t)n * (size_t)d, 1.0);
    fill_normal(&r, pb.y, (size_t)n * (size_t)k, 1.0);
    return pb;
}

static void free_problem(problem *pb)
{
    nn_destroy(pb->net);
    free(pb->x);
    free(pb->y);
    free(pb->g_ref);
    free(pb->g_fast);
}

/* Checks one path on one problem against the oracle (loss, gradient, and ŷ against nn_predict);
 * returns the gradient's largest |component|. */
static double check_against_oracle(nn_kernel_path path, problem *pb, const char *what)
{
    const nn_net *net = pb->net;
    int d = net->d, k = net->k, nh = net->n_hidden;
    double l_ref = nn_loss_grad_ref(net, pb->x, pb->y, pb->n, pb->g_ref);
    /* Poison the output: every component must be written. */
    size_t P = nn_params(net);
    for (size_t i = 0; i < P; i++)
        pb->g_fast[i] = NAN;
    double l_fast = nn_kernel_loss_grad(path, net, pb->x, pb->y, pb->n, pb->g_fast);
    ck_assert_msg(isfinite(l_ref) && l_ref > 0.0, "%s: oracle loss %g", what, l_ref);
    ck_assert_msg(fabs(l_fast - l_ref) <= TOL * l_ref, "%s on %s: loss %.17g, oracle %.17g", what,
                  nn_kernel_name(path), l_fast, l_ref);
    double l_only = nn_kernel_loss_grad(path, net, pb->x, pb->y, pb->n, NULL);
    ck_assert_msg(l_only == l_fast, "%s on %s: loss without gradient %.17g differs from %.17g", what,
                  nn_kernel_name(path), l_only, l_fast);

    size_t start[5] = {0, (size_t)nh * (size_t)d, (size_t)nh * (size_t)(d + 1),
                       (size_t)nh * (size_t)(d + 1 + k), P};
    static const char *const block_names[4] = {"W(1)", "b(1)", "W(2)", "b(2)"};
    double gmax = 0.0;
    for (size_t i = 0; i < P; i++)
        gmax = fmax(gmax, fabs(pb->g_ref[i]));
    for (int b = 0; b < 4; b++)
        for (size_t i = start[b]; i < start[b + 1]; i++) {
            double ref = pb->g_ref[i], got = pb->g_fast[i];
            if (!(fabs(got - ref) <= TOL * fmax(fabs(ref), gmax)))
                ck_abort_msg("%s on %s: %s component %zu is %.17g, oracle %.17g (gradient max %g)", what,
                             nn_kernel_name(path), block_names[b], i - start[b], got, ref, gmax);
        }

    /* ŷ, as nn_predict computes it */
    size_t nk = (size_t)pb->n * (size_t)k;
    double *p_ref = malloc(nk * sizeof *p_ref), *p_fast = malloc(nk * sizeof *p_fast);
    ck_assert(p_ref && p_fast);
    nn_predict(net, pb->x, pb->n, p_ref);
    nn_kernel_predict(path, net, pb->x, pb->n, p_fast);
    double pmax = 0.0;
    for (size_t i = 0; i < nk; i++)
        pmax = fmax(pmax, fabs(p_ref[i]));
    for (size_t i = 0; i < nk; i++)
        if (!(fabs(p_fast[i] - p_ref[i]) <= TOL * fmax(fabs(p_ref[i]), pmax)))
            ck_abort_msg("%s on %s: ŷ[%zu] is %.17g, nn_predict %.17g", what, nn_kernel_name(path), i, p_fast[i],
                         p_ref[i]);
    free(p_ref);
    free(p_fast);
    return gmax;
}

/* (D, K): the shapes with a fused path of their own first (N_FIXED_SHAPES of them), then shapes on the
 * general path. */
static const int dk_shapes[][2] = {{2, 2}, {2, 1}, {1, 1}, {3, 2}, {3, 1}, {1, 4}, {4, 3}};
enum { N_FIXED_SHAPES = 2 };
static const int sizes[][2] = {{1, 1}, {9, 5}, {64, 16}, {257, 67}, {3, 256}}; /* (n tokens, N units) */

/* Loop index: a kernel path (the scalar path is the oracle itself and is skipped). */
START_TEST(every_path_matches_the_oracle)
{
    nn_kernel_path path = (nn_kernel_path)_i;
    if (path == NN_KERNEL_SCALAR || !nn_kernel_available(path))
        return;
    int checked = 0;
    for (int a = 0; a < NN_ACT_COUNT; a++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
            for (size_t sh = 0; sh < sizeof dk_shapes / sizeof dk_shapes[0]; sh++) {
                /* The general path on the sizes with remainders; the fused shapes on all. */
                if (sh >= N_FIXED_SHAPES && s != 1 && s != 3)
                    continue;
                static const double gains[] = {1.0, 2.5};
                static const double scales[] = {0.8, 4.0}; /* 4: many saturated units */
                for (int gi = 0; gi < 2; gi++)
                    for (int si = 0; si < 2; si++) {
                        int n = sizes[s][0], nh = sizes[s][1], d = dk_shapes[sh][0], k = dk_shapes[sh][1];
                        char what[128];
                        snprintf(what, sizeof what, "%s D=%d K=%d n=%d N=%d gain=%g scale=%g",
                                 nn_act_name((nn_act)a), d, k, n, nh, gains[gi], scales[si]);
                        problem pb = make_problem(d, k, n, nh, (nn_act)a, gains[gi], scales[si],
                                                  1000u + 17u * (uint64_t)(a * 100 + (int)s * 10 + (int)sh) + (uint64_t)gi * 7u + (uint64_t)si * 3u);
                        double gmax = check_against_oracle(path, &pb, what);
                        ck_assert_msg(gmax > 1e-3, "%s: gradient trivially small (%g)", what, gmax);
                        free_problem(&pb);
                        checked++;
                    }
            }
    ck_assert_int_eq(checked, NN_ACT_COUNT * 4 * (5 * N_FIXED_SHAPES + 2 * (7 - N_FIXED_SHAPES)));
}
END_TEST

/* Excitations exactly 0 in the oracle. With x_i = (−a, b), w̄(1)_k = (−b, −a) and b(1)_k = 0 the
 * oracle's e = (0 + (−b)(−a)) + (−a)b is round(ab) − round(ab) = 0, each product and sum rounded on
 * its own; a fused multiply-add gives ab − round(ab) instead (usually ≠ 0), and folding the gain
 * into the weights rounds other products. Step, signum and relu jump there (relu's slope), so
 * every path must compute e as the oracle does. Unit k is zero at token k mod n; the other
 * tokens put it either side. Output 0 reads h in base 3 (w(2)_k,0 = 3^k): ŷ_0 is then exact in
 * any order of summation, and equal ŷ_0 means equal h for every unit. Extra inputs (D = 3) are 0.
 * Loop index: a kernel path. */
START_TEST(exact_zero_excitations_match_the_oracle)
{
    nn_kernel_path path = (nn_kernel_path)_i;
    if (path == NN_KERNEL_SCALAR || !nn_kernel_available(path))
        return;
    static const nn_act acts[] = {NN_ACT_STEP, NN_ACT_SIGNUM, NN_ACT_RELU};
    static const int shapes[][4] = {{2, 2, 9, 5}, {2, 2, 40, 29}, {2, 2, 3, 12}, {3, 2, 20, 11}, {2, 3, 17, 9},
                                    {2, 1, 9, 5}, {2, 1, 40, 29}, {2, 1, 3, 12}};
    static const double gains[] = {1.0, 2.5, 100.0};
    int sensitive = 0, checked = 0;
    for (size_t ai = 0; ai < sizeof acts / sizeof acts[0]; ai++)
        for (size_t sh = 0; sh < sizeof shapes / sizeof shapes[0]; sh++)
            for (size_t gi = 0; gi < sizeof gains / sizeof gains[0]; gi++) {
                int d = shapes[sh][0], k = shapes[sh][1], n = shapes[sh][2], nh = shapes[sh][3];
                nn_act act = acts[ai];
                char what[128];
                snprintf(what, sizeof what, "exact zeros, %s D=%d K=%d n=%d N=%d gain=%g", nn_act_name(act), d, k,
                         n, nh, gains[gi]);
                problem pb = make_problem(d, k, n, nh, act, gains[gi], 1.0, 4242u + 31u * (uint64_t)(sh * 8 + gi));
                nn_net *net = pb.net;
                for (int i = 0; i < n; i++)
                    for (int j = 2; j < d; j++)
                        pb.x[(size_t)i * (size_t)d + (size_t)j] = 0.0;
                for (int u = 0; u < nh; u++) {
                    const double *xi = pb.x + (size_t)(u % n) * (size_t)d; /* (−a, b, 0...) */
                    net->w1[(size_t)u * (size_t)d] = -xi[1];
                    net->w1[(size_t)u * (size_t)d + 1] = xi[0];
                    net->b1[u] = 0.0;
                    for (int c = 0; c < k; c++)
                        net->w2[(size_t)u * (size_t)k + (size_t)c] = c == 0 ? pow(3.0, u) : (double)(u % 7 - 3);
                }
                net->b2[0] = 0.5;
                double e[NN_MAX_HIDDEN], h[NN_MAX_HIDDEN], yh[NN_MAX_IO];
                for (int u = 0; u < nh; u++) {
                    const double *xi = pb.x + (size_t)(u % n) * (size_t)d;
                    const double *w = net->w1 + (size_t)u * (size_t)d;
                    nn_forward(net, xi, e, h, yh);
                    ck_assert_msg(e[u] == 0.0, "%s: unit %d's excitation is %a, not 0", what, u, e[u]);
                    sensitive += fma(w[1], xi[1], w[0] * xi[0]) != 0.0;
                }
                check_against_oracle(path, &pb, what);
                if (act != NN_ACT_RELU) {
                    double *p_ref = malloc((size_t)n * (size_t)k * sizeof *p_ref);
                    double *p_fast = malloc((size_t)n * (size_t)k * sizeof *p_fast);
                    ck_assert(p_ref && p_fast);
                    nn_predict(net, pb.x, n, p_ref);
                    nn_kernel_predict(path, net, pb.x, n, p_fast);
                    for (int i = 0; i < n; i++)
                        if (p_fast[(size_t)i * (size_t)k] != p_ref[(size_t)i * (size_t)k])
                            ck_abort_msg("%s on %s: token %d's hidden outputs differ (ŷ_0 = %.17g, oracle %.17g)",
                                         what, nn_kernel_name(path), i, p_fast[(size_t)i * (size_t)k],
                                         p_ref[(size_t)i * (size_t)k]);
                    free(p_ref);
                    free(p_fast);
                }
                free_problem(&pb);
                checked++;
            }
    ck_assert_int_eq(checked, 72);
    /* The construction must be one that a fused multiply-add gets wrong, or the test proves nothing. */
    ck_assert_int_gt(sensitive, 100);
}
END_TEST

START_TEST(nan_in_the_weights_gives_a_nan_loss)
{
    nn_kernel_path path = (nn_kernel_path)_i;
    if (!nn_kernel_available(path))
        return;
    for (int a = 0; a < NN_ACT_COUNT; a++) {
        problem pb = make_problem(2, 2, 9, 5, (nn_act)a, 1.0, 0.8, 77);
        pb.net->w1[3] = NAN; /* unit 2's excitation is NaN for every token */
        double l = nn_kernel_loss_grad(path, pb.net, pb.x, pb.y, pb.n, pb.g_fast);
        ck_assert_msg(isnan(l), "%s on %s: loss %g with a NaN weight", nn_act_name((nn_act)a),
                      nn_kernel_name(path), l);
        pb.net->w1[3] = 0.0;
        pb.x[4] = INFINITY; /* an infinite input: tanh and logistic saturate, relu overflows */
        double l_ref = nn_loss_grad_ref(pb.net, pb.x, pb.y, pb.n, pb.g_ref);
        l = nn_kernel_loss_grad(path, pb.net, pb.x, pb.y, pb.n, pb.g_fast);
        ck_assert_msg(isfinite(l) == isfinite(l_ref) && isnan(l) == isnan(l_ref),
                      "%s on %s: loss %g with an infinite input, oracle %g", nn_act_name((nn_act)a),
                      nn_kernel_name(path), l, l_ref);
        free_problem(&pb);
    }
}
END_TEST

/* a and b agree: both NaN, equal infinities, or finite and within TOL of scale. */
static int agree(double got, double ref, double scale)
{
    if (isnan(ref))
        return isnan(got);
    if (isinf(ref))
        return got == ref;
    return isfinite(got) && fabs(got - ref) <= TOL * fmax(fabs(ref), scale);
}

/* Loss, gradient and ŷ of one path against the oracle where values may overflow: a NaN is equal
 * only to a NaN, ∞ only to the same ∞; finite components as in check_against_oracle. Returns 1 if
 * the oracle's loss is finite. */
static int check_extreme(nn_kernel_path path, problem *pb, const char *what)
{
    const nn_net *net = pb->net;
    size_t P = nn_params(net), nk = (size_t)pb->n * (size_t)net->k;
    double l_ref = nn_loss_grad_ref(net, pb->x, pb->y, pb->n, pb->g_ref);
    for (size_t i = 0; i < P; i++)
        pb->g_fast[i] = -1.0; /* poison: every component must be written */
    double l_fast = nn_kernel_loss_grad(path, net, pb->x, pb->y, pb->n, pb->g_fast);
    if (!agree(l_fast, l_ref, 0.0))
        ck_abort_msg("%s on %s: loss %.17g, oracle %.17g", what, nn_kernel_name(path), l_fast, l_ref);
    double gmax = 0.0;
    for (size_t i = 0; i < P; i++)
        if (isfinite(pb->g_ref[i]))
            gmax = fmax(gmax, fabs(pb->g_ref[i]));
    for (size_t i = 0; i < P; i++)
        if (!agree(pb->g_fast[i], pb->g_ref[i], gmax))
            ck_abort_msg("%s on %s: gradient[%zu] is %.17g, oracle %.17g (finite max %g)", what,
                         nn_kernel_name(path), i, pb->g_fast[i], pb->g_ref[i], gmax);
    double *p_ref = malloc(nk * sizeof *p_ref), *p_fast = malloc(nk * sizeof *p_fast);
    ck_assert(p_ref && p_fast);
    nn_predict(net, pb->x, pb->n, p_ref);
    nn_kernel_predict(path, net, pb->x, pb->n, p_fast);
    double pmax = 0.0;
    for (size_t i = 0; i < nk; i++)
        if (isfinite(p_ref[i]))
            pmax = fmax(pmax, fabs(p_ref[i]));
    for (size_t i = 0; i < nk; i++)
        if (!agree(p_fast[i], p_ref[i], pmax))
            ck_abort_msg("%s on %s: ŷ[%zu] is %.17g, nn_predict %.17g", what, nn_kernel_name(path), i, p_fast[i],
                         p_ref[i]);
    free(p_ref);
    free(p_fast);
    return isfinite(l_ref);
}

/* Random problems with some weights, biases, inputs and targets replaced by extreme values (near
 * DBL_MAX, huge, subnormal, zero) and gains up to 1e300: where the oracle overflows, saturates or
 * gives NaN, every path does the same. (Huge but finite weights such as 2^90 are not drawn: with
 * all units saturated, the slope σ' taken from the rounded h carries an absolute error of about
 * 1e-16 that such weights lift above the 1e-12 tolerance, a rounding limit and not an overflow.)
 * Loop index: a path. */
START_TEST(extreme_magnitudes_match_the_oracle)
{
    nn_kernel_path path = (nn_kernel_path)_i;
    if (path == NN_KERNEL_SCALAR || !nn_kernel_available(path))
        return;
    static const double extremes[] = {1e308, -1e308, DBL_MAX, 1e300, -1e300, 1e-310, -0x1p-1074, DBL_MIN, 0.0, -0.0};
    enum { N_EXTREMES = sizeof extremes / sizeof extremes[0] };
    static const double gains[] = {1.0, 1000.0, 1024.0, 1e6, 1e300};
    static const int shapes[][4] = {{2, 2, 9, 5}, {2, 1, 9, 5}, {2, 2, 20, 11}, {2, 1, 20, 11}, {1, 1, 9, 5},
                                    {3, 2, 9, 5}};
    int finite = 0, not_finite = 0;
    for (size_t sh = 0; sh < sizeof shapes / sizeof shapes[0]; sh++)
        for (int a = 0; a < NN_ACT_COUNT; a++)
            for (size_t gi = 0; gi < sizeof gains / sizeof gains[0]; gi++)
                for (int trial = 0; trial < 6; trial++) {
                    int d = shapes[sh][0], k = shapes[sh][1], n = shapes[sh][2], nh = shapes[sh][3];
                    uint64_t seed = 9000u + 1000u * sh + 100u * (uint64_t)a + 10u * gi + (uint64_t)trial;
                    problem pb = make_problem(d, k, n, nh, (nn_act)a, gains[gi], 1.0, seed);
                    nn_rng r;
                    nn_rng_seed(&r, seed ^ 0x5eedu);
                    /* Trial 0 keeps every value ordinary (only the gain is extreme); the others replace
                     * about one value in 8 in the weights, then also in the inputs and targets. */
                    double rate = trial == 0 ? 0.0 : 0.125;
                    size_t P = nn_params(pb.net);
                    for (size_t i = 0; i < P; i++)
                        if (nn_rng_uniform(&r) < rate)
                            pb.net->p[i] = extremes[(size_t)(nn_rng_uniform(&r) * N_EXTREMES) % N_EXTREMES];
                    if (trial >= 3) {
                        for (size_t i = 0; i < (size_t)n * (size_t)d; i++)
                            if (nn_rng_uniform(&r) < rate)
                                pb.x[i] = extremes[(size_t)(nn_rng_uniform(&r) * N_EXTREMES) % N_EXTREMES];
                        for (size_t i = 0; i < (size_t)n * (size_t)k; i++)
                            if (nn_rng_uniform(&r) < rate)
                                pb.y[i] = extremes[(size_t)(nn_rng_uniform(&r) * N_EXTREMES) % N_EXTREMES];
                    }
                    char what[160];
                    snprintf(what, sizeof what, "extremes, %s D=%d K=%d n=%d N=%d gain=%g trial %d",
                             nn_act_name((nn_act)a), d, k, n, nh, gains[gi], trial);
                    if (check_extreme(path, &pb, what))
                        finite++;
                    else
                        not_finite++;
                    free_problem(&pb);
                }
    /* Both kinds of outcome must occur, or the test proves less than it says. */
    ck_assert_int_gt(finite, 100);
    ck_assert_int_gt(not_finite, 100);
}
END_TEST

/* The lecture's hand-built solution (8 step units on 9 tokens), made logistic with gain 1000 and
 * unit 1's w̄(1) = (1e308, 1e308): the oracle's L is 0.0733 (unit 1 saturates), and every path must
 * give it, not the NaN of ∞ − ∞ from folding the gain into weights of 1e308. */
START_TEST(saturating_huge_weights_give_the_oracle_loss)
{
    nn_kernel_path path = (nn_kernel_path)_i;
    if (path == NN_KERNEL_SCALAR || !nn_kernel_available(path))
        return;
    enum { N_TOK = 9, N_UNITS = N_TOK - 1 };
    const double pi = 3.14159265358979323846;
    problem pb = make_problem(2, 2, N_TOK, N_UNITS, NN_ACT_STEP, 1.0, 1.0, 1);
    nn_net *net = pb.net;
    for (int i = 0; i < N_TOK; i++) {
        double th = -pi / 2 + i * pi / 8;
        pb.x[2 * i] = cos(th);
        pb.x[2 * i + 1] = sin(th);
        pb.y[2 * i] = th;
        pb.y[2 * i + 1] = th * th;
    }
    for (int u = 0; u < N_UNITS; u++) {
        double t = -pi / 2 + pi / 16 + u * pi / 8;
        net->w1[2 * u] = -sin(t);
        net->w1[2 * u + 1] = cos(t);
        net->b1[u] = 0.0;
        net->w2[2 * u] = pb.y[2 * (u + 1)] - pb.y[2 * u];
        net->w2[2 * u + 1] = pb.y[2 * (u + 1) + 1] - pb.y[2 * u + 1];
    }
    net->b2[0] = pb.y[0];
    net->b2[1] = pb.y[1];
    ck_assert_double_lt(nn_loss_grad_ref(net, pb.x, pb.y, N_TOK, NULL), 1e-20); /* the exact solution */
    net->act = NN_ACT_LOGISTIC;
    net->gain = 1000.0;
    net->w1[0] = 1e308;
    net->w1[1] = 1e308;
    double l_ref = nn_loss_grad_ref(net, pb.x, pb.y, N_TOK, NULL);
    ck_assert_msg(l_ref > 0.073 && l_ref < 0.0734, "oracle loss %.17g, expected 0.0733", l_ref);
    ck_assert(check_extreme(path, &pb, "hand-built solution, w1 = 1e308 1e308, logistic, gain 1000"));
    net->act = NN_ACT_TANH;
    ck_assert(check_extreme(path, &pb, "hand-built solution, w1 = 1e308 1e308, tanh, gain 1000"));
    free_problem(&pb);
}
END_TEST

/* The kernel is written for one hidden layer: a deeper net gets the oracle's answer, bit for bit.
 * Loop index: a path. */
START_TEST(deeper_nets_get_the_oracle)
{
    nn_kernel_path path = (nn_kernel_path)_i;
    if (!nn_kernel_available(path))
        return;
    static const nn_shape shapes[] = {{2, 2, 2, {5, 7, 0, 0}}, {2, 1, 3, {4, 9, 3, 0}}, {1, 1, 4, {3, 3, 3, 3}}};
    for (size_t sh = 0; sh < sizeof shapes / sizeof shapes[0]; sh++) {
        const nn_shape *shape = &shapes[sh];
        enum { N_TOK = 11 };
        nn_net *net = nn_create_shape(shape, NN_ACT_TANH);
        ck_assert_ptr_nonnull(net);
        nn_rng r;
        nn_rng_seed(&r, 77u + sh);
        size_t P = nn_params(net);
        double x[N_TOK * NN_MAX_IO], y[N_TOK * NN_MAX_IO], yh_ref[N_TOK * NN_MAX_IO], yh[N_TOK * NN_MAX_IO];
        double *g_ref = malloc(P * sizeof *g_ref), *g = malloc(P * sizeof *g);
        ck_assert(g_ref && g);
        fill_normal(&r, net->p, P, 0.8);
        fill_normal(&r, x, N_TOK * NN_MAX_IO, 1.0);
        fill_normal(&r, y, N_TOK * NN_MAX_IO, 1.0);
        double l_ref = nn_loss_grad_ref(net, x, y, N_TOK, g_ref);
        double l = nn_kernel_loss_grad(path, net, x, y, N_TOK, g);
        ck_assert_msg(l == l_ref && memcmp(g, g_ref, P * sizeof *g) == 0,
                      "%d hidden layers on %s: loss %.17g, oracle %.17g", shape->n_layers, nn_kernel_name(path), l,
                      l_ref);
        ck_assert(nn_loss_grad(net, x, y, N_TOK, g) == l_ref);
        nn_predict(net, x, N_TOK, yh_ref);
        nn_kernel_predict(path, net, x, N_TOK, yh);
        ck_assert(memcmp(yh, yh_ref, (size_t)(N_TOK * shape->k) * sizeof *yh) == 0);
        free(g_ref);
        free(g);
        nn_destroy(net);
    }
}
END_TEST

/* ---- activations against libm ---- */

enum { N_POINTS = 1200000 };

static double ulp_at(double v)
{
    v = fabs(v);
    if (v < DBL_MIN)
        return 0x1p-1074;
    if (v == INFINITY)
        return INFINITY;
    return nextafter(v, INFINITY) - v;
}

static uint64_t mix(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Points over the whole double range: the specials, random bit patterns (every exponent), and
 * dense uniform samples where the functions bend. width is the dense range's half-width. */
static double *make_points(double width)
{
    static const double specials[] = {0.0, -0.0, 0x1p-1074, -0x1p-1074, 0x1p-1030, DBL_MIN, -DBL_MIN,
                                      1e-300, 1e-20, -1e-20, 0x1p-27, 0.17328679513998632,
                                      0.5, 1.0, 18.0, 19.0, 19.06, 20.0, -20.0, 20.000000000000004,
                                      36.7, 37.0, 708.0, -708.0, -740.0, -745.0, -745.2, 746.0, -746.0,
                                      1e10, -1e10, 1e300, DBL_MAX, -DBL_MAX, INFINITY, -INFINITY, NAN, -NAN};
    size_t ns = sizeof specials / sizeof specials[0];
    double *p = malloc(N_POINTS * sizeof *p);
    ck_assert_ptr_nonnull(p);
    memcpy(p, specials, sizeof specials);
    uint64_t s = 0x9e3779b97f4a7c15u;
    for (size_t i = ns; i < N_POINTS; i++) {
        uint64_t u = mix(&s);
        double v;
        switch (i % 3) {
        case 0:
            memcpy(&v, &u, sizeof v); /* any double, NaNs included */
            break;
        case 1:
            v = width * ((double)(u >> 11) * 0x1p-53 * 2.0 - 1.0);
            break;
        default:
            v = 2.0 * ((double)(u >> 11) * 0x1p-53 * 2.0 - 1.0);
            break;
        }
        p[i] = v;
    }
    return p;
}

typedef struct {
    double worst, at;
} ulp_stat;

static void compare(const char *what, nn_kernel_path path, const double *in, const double *out,
                    const double *ref, ulp_stat *st)
{
    for (size_t i = 0; i < N_POINTS; i++) {
        if (isnan(in[i]) || isnan(ref[i])) {
            if (!isnan(out[i]))
                ck_abort_msg("%s on %s: f(%a) = %a, expected NaN", what, nn_kernel_name(path), in[i], out[i]);
            continue;
        }
        if (isnan(out[i]))
            ck_abort_msg("%s on %s: f(%a) is NaN", what, nn_kernel_name(path), in[i]);
        if (isinf(ref[i]) || (ref[i] == 0.0 && out[i] == 0.0)) {
            if (out[i] != ref[i] || signbit(out[i]) != signbit(ref[i]))
                ck_abort_msg("%s on %s: f(%a) = %a, expected %a", what, nn_kernel_name(path), in[i], out[i],
                             ref[i]);
            continue;
        }
        double e = fabs(out[i] - ref[i]) / ulp_at(ref[i]);
        if (e > st->worst) {
            st->worst = e;
            st->at = in[i];
        }
        if (e > ULP_MAX)
            ck_abort_msg("%s on %s: f(%a) = %a, reference %a: %.2f ulp", what, nn_kernel_name(path), in[i],
                         out[i], ref[i], e);
    }
}

/* Against libm's tanh and against tanhl (the true value rounded, where long double is wider).
 * The fast tanh is within 2.5 ulp of the true value and glibc's tanh within about 2.2, so two
 * doubles of one binade are at most 4 ulp apart: the bound is met, with no room to spare. */
START_TEST(tanh_within_4_ulp_of_libm)
{
    nn_kernel_path path = (nn_kernel_path)_i;
    if (path == NN_KERNEL_SCALAR || !nn_kernel_available(path))
        return;
    double *in = make_points(25.0);
    double *out = malloc(N_POINTS * sizeof *out), *lib = malloc(N_POINTS * sizeof *lib),
           *exact = malloc(N_POINTS * sizeof *exact);
    ck_assert(out && lib && exact);
    for (size_t i = 0; i < N_POINTS; i++) {
        lib[i] = tanh(in[i]);
        exact[i] = (double)tanhl((long double)in[i]); /* correctly rounded where long double is wider */
    }
    nn_kernel_tanh(path, in, out, N_POINTS);
    ulp_stat vs_lib = {0, 0}, vs_exact = {0, 0};
    compare("tanh vs libm tanh", path, in, out, lib, &vs_lib);
    compare("tanh vs libm tanhl", path, in, out, exact, &vs_exact);
    printf("tanh on %s: %.2f ulp from tanh (at %a), %.2f ulp from tanhl (at %a), %d points\n",
           nn_kernel_name(path), vs_lib.worst, vs_lib.at, vs_exact.worst, vs_exact.at, N_POINTS);
    ck_assert_msg(vs_exact.worst > 0.0, "no rounding difference at all: the comparison is not running");
    free(in);
    free(out);
    free(lib);
    free(exact);
}
END_TEST

/* libm has no logistic function: the reference is 1/(1+e^-x) in long double with libm's expl. */
START_TEST(logistic_within_4_ulp_of_libm)
{
    nn_kernel_path path = (nn_kernel_path)_i;
    if (path == NN_KERNEL_SCALAR || !nn_kernel_available(path))
        return;
    double *in = make_points(800.0);
    double *out = malloc(N_POINTS * sizeof *out), *exact = malloc(N_POINTS * sizeof *exact);
    ck_assert(out && exact);
    for (size_t i = 0; i < N_POINTS; i++)
        exact[i] = (double)(1.0L / (1.0L + expl(-(long double)in[i])));
    nn_kernel_logistic(path, in, out, N_POINTS);
    ulp_stat st = {0, 0};
    compare("logistic vs 1/(1+expl(-x))", path, in, out, exact, &st);
    printf("logistic on %s: %.2f ulp from 1/(1+expl(-x)) (at %a), %d points\n", nn_kernel_name(path), st.worst,
           st.at, N_POINTS);
    ck_assert_msg(st.worst > 0.0, "no rounding difference at all: the comparison is not running");
    free(in);
    free(out);
    free(exact);
}
END_TEST

/* ---- choosing the path ---- */

START_TEST(names_parse_and_basic_paths_exist)
{
    for (int p = 0; p < NN_KERNEL_COUNT; p++) {
        nn_kernel_path back;
        ck_assert_int_eq(nn_kernel_parse(nn_kernel_name((nn_kernel_path)p), &back), 0);
        ck_assert_int_eq(back, p);
    }
    nn_kernel_path dummy;
    ck_assert_int_eq(nn_kernel_parse("sse9", &dummy), -1);
    ck_assert(nn_kernel_available(NN_KERNEL_SCALAR));
    ck_assert(nn_kernel_available(NN_KERNEL_BASELINE));
    ck_assert(nn_kernel_available(nn_kernel_active()));
    /* nn_loss_grad runs the active path, bit for bit. */
    problem pb = make_problem(2, 2, 64, 16, NN_ACT_TANH, 1.0, 0.8, 5);
    double a = nn_loss_grad(pb.net, pb.x, pb.y, pb.n, pb.g_ref);
    double b = nn_kernel_loss_grad(nn_kernel_active(), pb.net, pb.x, pb.y, pb.n, pb.g_fast);
    ck_assert(a == b);
    ck_assert(memcmp(pb.g_ref, pb.g_fast, nn_params(pb.net) * sizeof(double)) == 0);
    free_problem(&pb);
}
END_TEST

/* The path a fresh process picks with BPL_KERNEL set to value (NULL: unset). */
static int chosen_with_env(const char *value)
{
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (value)
            setenv("BPL_KERNEL", value, 1);
        else
            unsetenv("BPL_KERNEL");
        _exit((int)nn_kernel_active());
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

START_TEST(bpl_kernel_forces_each_available_path)
{
    int best = chosen_with_env(NULL);
    ck_assert(nn_kernel_available((nn_kernel_path)best));
    for (int p = NN_KERNEL_BASELINE; p < NN_KERNEL_COUNT; p++)
        if (nn_kernel_available((nn_kernel_path)p))
            ck_assert_int_ge(best, p); /* the default is the fastest the CPU runs */
    for (int p = 0; p < NN_KERNEL_COUNT; p++) {
        int got = chosen_with_env(nn_kernel_name((nn_kernel_path)p));
        ck_assert_int_eq(got, nn_kernel_available((nn_kernel_path)p) ? p : best);
    }
    ck_assert_int_eq(chosen_with_env("no-such-kernel"), best); /* reported on stderr, then ignored */
    ck_assert_int_eq(chosen_with_env(""), best);
}
END_TEST

/* What a fresh process with BPL_KERNEL set to value writes on stderr while choosing the path and
 * training (three calls that need the path), in out (NUL-terminated). */
static void stderr_with_env(const char *value, char *out, size_t len)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        if (dup2(fds[1], STDERR_FILENO) < 0)
            _exit(99);
        setenv("BPL_KERNEL", value, 1);
        problem pb = make_problem(2, 2, 9, 5, NN_ACT_TANH, 1.0, 0.8, 3);
        (void)nn_kernel_active();
        (void)nn_loss_grad(pb.net, pb.x, pb.y, pb.n, pb.g_fast);
        (void)nn_kernel_active();
        free_problem(&pb);
        _exit(0);
    }
    close(fds[1]);
    size_t got = 0;
    ssize_t r;
    while ((r = read(fds[0], out + got, len - 1 - got)) > 0)
        got += (size_t)r;
    out[got] = '\0';
    close(fds[0]);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static int count_char(const char *s, char c)
{
    int n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

START_TEST(bad_bpl_kernel_warns_once_naming_the_accepted_values)
{
    char err[1024];
    stderr_with_env("bogus", err, sizeof err);
    ck_assert_msg(count_char(err, '\n') == 1 && err[strlen(err) - 1] == '\n', "expected one line, got \"%s\"", err);
    ck_assert_msg(strstr(err, "BPL_KERNEL=bogus") != NULL, "the variable and value are not named: %s", err);
    for (int p = 0; p < NN_KERNEL_COUNT; p++)
        ck_assert_msg(strstr(err, nn_kernel_name((nn_kernel_path)p)) != NULL, "%s is not listed: %s",
                      nn_kernel_name((nn_kernel_path)p), err);
    /* A value with a newline and an escape code is printed cleaned, still on one line; a long one is cut. */
    stderr_with_env("a\nb\x1b[31mc", err, sizeof err);
    ck_assert_msg(count_char(err, '\n') == 1 && strchr(err, '\x1b') == NULL, "not cleaned: \"%s\"", err);
    ck_assert_msg(strstr(err, "BPL_KERNEL=a?b?[31mc:") != NULL, "not cleaned as expected: %s", err);
    char longv[300];
    memset(longv, 'x', sizeof longv - 1);
    longv[sizeof longv - 1] = '\0';
    stderr_with_env(longv, err, sizeof err);
    ck_assert_msg(count_char(err, '\n') == 1 && strlen(err) < 200 && strstr(err, "...") != NULL, "not cut: %s", err);
    /* Every valid name is silent, when available (and only says so once, when not). */
    for (int p = 0; p < NN_KERNEL_COUNT; p++) {
        stderr_with_env(nn_kernel_name((nn_kernel_path)p), err, sizeof err);
        if (nn_kernel_available((nn_kernel_path)p))
            ck_assert_msg(err[0] == '\0', "BPL_KERNEL=%s printed \"%s\"", nn_kernel_name((nn_kernel_path)p), err);
        else
            ck_assert_int_eq(count_char(err, '\n'), 1);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kernel");
    TCase *tc = tcase_create("paths");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, every_path_matches_the_oracle, 0, NN_KERNEL_COUNT);
    tcase_add_loop_test(tc, nan_in_the_weights_gives_a_nan_loss, 0, NN_KERNEL_COUNT);
    tcase_add_loop_test(tc, exact_zero_excitations_match_the_oracle, 0, NN_KERNEL_COUNT);
    tcase_add_loop_test(tc, extreme_magnitudes_match_the_oracle, 0, NN_KERNEL_COUNT);
    tcase_add_loop_test(tc, saturating_huge_weights_give_the_oracle_loss, 0, NN_KERNEL_COUNT);
    tcase_add_loop_test(tc, deeper_nets_get_the_oracle, 0, NN_KERNEL_COUNT);
    suite_add_tcase(s, tc);
    TCase *ta = tcase_create("activations");
    tcase_set_timeout(ta, 300);
    tcase_add_loop_test(ta, tanh_within_4_ulp_of_libm, 0, NN_KERNEL_COUNT);
    tcase_add_loop_test(ta, logistic_within_4_ulp_of_libm, 0, NN_KERNEL_COUNT);
    suite_add_tcase(s, ta);
    TCase *td = tcase_create("dispatch");
    tcase_add_test(td, names_parse_and_basic_paths_exist);
    tcase_add_test(td, bpl_kernel_forces_each_available_path);
    tcase_add_test(td, bad_bpl_kernel_warns_once_naming_the_accepted_values);
    suite_add_tcase(s, td);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
