/* test_nn: the network module (shape and layout, activations, forward/backward of 1 to 4 hidden layers,
 * gradient, resize/remap, the freeze mask) and the rng.
 * Single-threaded test binary.
 * Invariants: every case is deterministic (fixed seeds); the exit status is the verdict. */
#include "nn/freeze_mask.h"
#include "nn/nn.h"
#include "nn/rng.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { D = 2, K = 2, MAXN = 64 };

static void fill_normal(nn_rng *r, double *v, size_t n, double scale)
{
    for (size_t i = 0; i < n; i++)
        v[i] = scale * nn_rng_normal(r);
}

/* A net with random parameters and n random tokens (x, y) drawn from seed. */
static nn_net *random_problem(nn_act act, double gain, int n, int nh, uint64_t seed, double *x, double *y)
{
    nn_rng r;
    nn_rng_seed(&r, seed);
    nn_net *net = nn_create(D, nh, K, act);
    ck_assert_ptr_nonnull(net);
    net->gain = gain;
    fill_normal(&r, net->p, nn_params(net), 0.8);
    fill_normal(&r, x, (size_t)n * D, 1.0);
    fill_normal(&r, y, (size_t)n * K, 1.0);
    return net;
}

/* Redraws a unit's w̄(1), b(1) until no token's excitation (times gain) is within margin of 0,
 * so relu's kink is never crossed by the finite differences, and some token excites it
 * (otherwise its layer-1 gradient would be trivially zero). */
static void keep_off_kinks(nn_net *net, const double *x, int n, double margin, uint64_t seed)
{
    nn_rng r;
    nn_rng_seed(&r, seed);
    for (int u = 0; u < net->n_hidden; u++) {
        int ok = 0;
        for (int tries = 0; tries < 100000 && !ok; tries++) {
            int active = 0;
            ok = 1;
            for (int i = 0; i < n && ok; i++) {
                double e = net->b1[u];
                for (int j = 0; j < D; j++)
                    e += net->w1[u * D + j] * x[i * D + j];
                ok = fabs(net->gain * e) >= margin;
                active |= net->gain * e > 0.0;
            }
            ok = ok && active;
            if (!ok) {
                fill_normal(&r, net->w1 + u * D, D, 0.8);
                net->b1[u] = 0.8 * nn_rng_normal(&r);
            }
        }
        ck_assert_msg(ok, "could not place unit %d away from the kink", u);
    }
}

static double norm_range(const double *g, size_t from, size_t to)
{
    double s = 0.0;
    for (size_t i = from; i < to; i++)
        s += g[i] * g[i];
    return sqrt(s);
}

/* Five-point central difference of the loss along parameter i: error O(h^4), so h can be large
 * enough that rounding stays far below the 1e-6 tolerance. */
static double numeric_partial(nn_net *net, const double *x, const double *y, int n, size_t i, double h)
{
    double p0 = net->p[i], f[4];
    const double off[4] = {-2 * h, -h, h, 2 * h};
    for (int s = 0; s < 4; s++) {
        net->p[i] = p0 + off[s];
        f[s] = nn_loss_grad_ref(net, x, y, n, NULL);
    }
    net->p[i] = p0;
    return (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
}

static void check_gradient(nn_act act, double gain, int n, int nh, uint64_t seed)
{
    double x[64 * D], y[64 * K], g[NN_MAX_HIDDEN * 8];
    ck_assert_int_le(n, 64);
    nn_net *net = random_problem(act, gain, n, nh, seed, x, y);
    if (act == NN_ACT_RELU)
        keep_off_kinks(net, x, n, 0.05, seed + 1000);
    nn_loss_grad_ref(net, x, y, n, g);
    size_t P = nn_params(net);
    /* Guard: every block's gradient is clearly nonzero, so the comparison below means something. */
    size_t b1 = (size_t)nh * D, w2 = b1 + (size_t)nh, b2 = w2 + (size_t)nh * K;
    const size_t from[4] = {0, b1, w2, b2}, to[4] = {b1, w2, b2, P};
    const char *block[4] = {"W(1)", "b(1)", "W(2)", "b(2)"};
    for (int b = 0; b < 4; b++)
        ck_assert_msg(norm_range(g, from[b], to[b]) > 1e-6, "%s gain %g n %d N %d: trivial %s gradient, norm %g",
                      nn_act_name(act), gain, n, nh, block[b], norm_range(g, from[b], to[b]));
    double gmax = 0.0;
    for (size_t i = 0; i < P; i++)
        gmax = fmax(gmax, fabs(g[i]));
    for (size_t i = 0; i < P; i++) {
        double num = numeric_partial(net, x, y, n, i, 1e-3);
        /* relative to the component, with a floor for components that are nearly zero
         * (their relative error is all rounding) */
        double scale = fmax(fabs(g[i]), 1e-6 * gmax);
        ck_assert_msg(fabs(num - g[i]) <= 1e-6 * scale,
                      "%s gain %g n %d N %d: dL/dp[%zu] = %.17g, central difference %.17g",
                      nn_act_name(act), gain, n, nh, i, g[i], num);
    }
    nn_destroy(net);
}

static const int sizes[][2] = {{1, 1}, {9, 5}, {17, 8}, {40, 32}};
static const double gains[] = {1.0, 0.37, 2.5};

START_TEST(gradient_matches_central_differences)
{
    const nn_act acts[] = {NN_ACT_LOGISTIC, NN_ACT_TANH, NN_ACT_RELU};
    for (int a = 0; a < 3; a++)
        for (int gi = 0; gi < 3; gi++)
            for (int s = 0; s < 4; s++)
                check_gradient(acts[a], gains[gi], sizes[s][0], sizes[s][1],
                               (uint64_t)(100 * a + 10 * gi + s + 1));
}
END_TEST

START_TEST(step_and_signum_layer1_gradient_is_exactly_zero)
{
    const nn_act acts[] = {NN_ACT_STEP, NN_ACT_SIGNUM};
    for (int a = 0; a < 2; a++)
        for (int s = 0; s < 4; s++) {
            int n = sizes[s][0], nh = sizes[s][1];
            double x[64 * D], y[64 * K], g[NN_MAX_HIDDEN * 8];
            nn_net *net = random_problem(acts[a], 1.0, n, nh, (uint64_t)(7 + s), x, y);
            nn_loss_grad_ref(net, x, y, n, g);
            size_t P = nn_params(net), w2 = (size_t)nh * (D + 1);
            for (size_t i = 0; i < w2; i++)
                ck_assert_msg(g[i] == 0.0, "%s: layer-1 gradient[%zu] = %g", nn_act_name(acts[a]), i, g[i]);
            ck_assert(norm_range(g, w2, P) > 1e-4);
            /* layer 2 is linear in its weights: its gradient is still exact */
            for (size_t i = w2; i < P; i++) {
                double num = numeric_partial(net, x, y, n, i, 1e-3);
                ck_assert(fabs(num - g[i]) <= 1e-9 * fmax(1.0, fabs(g[i])));
            }
            nn_destroy(net);
        }
}
END_TEST

START_TEST(activation_values_and_derivatives)
{
    /* logistic stays finite and exact in the tails */
    ck_assert(nn_act_f(NN_ACT_LOGISTIC, 1.0, 800.0) == 1.0);
    ck_assert(nn_act_f(NN_ACT_LOGISTIC, 1.0, -800.0) == 0.0);
    ck_assert(nn_act_f(NN_ACT_LOGISTIC, 1.0, -40.0) > 0.0);
    ck_assert(fabs(nn_act_f(NN_ACT_LOGISTIC, 1.0, -40.0) / exp(-40.0) - 1.0) < 1e-15);
    ck_assert(nn_act_df(NN_ACT_LOGISTIC, 1.0, 800.0) == 0.0);
    ck_assert(nn_act_df(NN_ACT_LOGISTIC, 1.0, -800.0) == 0.0);
    ck_assert(fabs(nn_act_df(NN_ACT_LOGISTIC, 1.0, 40.0) / exp(-40.0) - 1.0) < 1e-14);
    ck_assert(nn_act_f(NN_ACT_LOGISTIC, 1.0, 0.0) == 0.5);
    ck_assert(nn_act_df(NN_ACT_LOGISTIC, 2.0, 0.0) == 0.5);
    ck_assert(nn_act_df(NN_ACT_TANH, 3.0, 0.0) == 3.0);
    ck_assert(nn_act_f(NN_ACT_TANH, 2.0, 0.25) == tanh(0.5));
    ck_assert(nn_act_f(NN_ACT_RELU, 2.0, 1.5) == 3.0 && nn_act_f(NN_ACT_RELU, 2.0, -1.5) == 0.0);
    ck_assert(nn_act_df(NN_ACT_RELU, 2.0, 1.5) == 2.0 && nn_act_df(NN_ACT_RELU, 2.0, -1.5) == 0.0);
    ck_assert(nn_act_f(NN_ACT_STEP, 1.0, 0.1) == 1.0 && nn_act_f(NN_ACT_STEP, 1.0, 0.0) == 0.0);
    ck_assert(nn_act_f(NN_ACT_STEP, 1.0, -0.1) == 0.0);
    ck_assert(nn_act_f(NN_ACT_SIGNUM, 1.0, 0.1) == 1.0 && nn_act_f(NN_ACT_SIGNUM, 1.0, -0.1) == -1.0);
    ck_assert(nn_act_f(NN_ACT_SIGNUM, 1.0, 0.0) == 0.0);
    ck_assert(nn_act_df(NN_ACT_STEP, 5.0, 0.0) == 0.0 && nn_act_df(NN_ACT_SIGNUM, 5.0, 1e-300) == 0.0);
    /* NaN stays NaN, so divergence is visible downstream */
    for (int a = 0; a < NN_ACT_COUNT; a++)
        ck_assert(isnan(nn_act_f((nn_act)a, 1.0, NAN)));
    /* the derivative includes the gain: compare with a difference quotient of nn_act_f */
    const nn_act smooth[] = {NN_ACT_LOGISTIC, NN_ACT_TANH, NN_ACT_RELU};
    const double es[] = {-3.1, -0.7, 0.2, 0.9, 4.0};
    for (int a = 0; a < 3; a++)
        for (int gi = 0; gi < 3; gi++)
            for (int i = 0; i < 5; i++) {
                double gn = gains[gi], e = es[i], h = 1e-5;
                double num = (nn_act_f(smooth[a], gn, e + h) - nn_act_f(smooth[a], gn, e - h)) / (2 * h);
                ck_assert(fabs(num - nn_act_df(smooth[a], gn, e)) <= 1e-8 * fmax(1.0, fabs(num)));
            }
}
END_TEST

START_TEST(names_round_trip)
{
    const char *names[] = {"logistic", "tanh", "relu", "step", "signum"};
    for (int a = 0; a < NN_ACT_COUNT; a++) {
        nn_act got;
        ck_assert_str_eq(nn_act_name((nn_act)a), names[a]);
        ck_assert_int_eq(nn_act_parse(names[a], &got), 0);
        ck_assert_int_eq(got, a);
    }
    nn_act got = NN_ACT_TANH;
    ck_assert_int_eq(nn_act_parse("sigmoid", &got), -1);
    ck_assert_int_eq(nn_act_parse("", &got), -1);
    ck_assert_int_eq(got, NN_ACT_TANH);
}
END_TEST

START_TEST(forward_backward_agree_with_loss_grad_ref)
{
    enum { n = 13, nh = 7 };
    double x[n * D], y[n * K], g_ref[64], g_acc[64];
    nn_net *net = random_problem(NN_ACT_TANH, 1.3, n, nh, 42, x, y);
    size_t P = nn_params(net);
    ck_assert_uint_eq(P, (size_t)nh * (D + 1 + K) + K);
    ck_assert_ptr_eq(net->w1, net->p);
    ck_assert_ptr_eq(net->b1, net->p + nh * D);
    ck_assert_ptr_eq(net->w2, net->p + nh * (D + 1));
    ck_assert_ptr_eq(net->b2, net->p + nh * (D + 1 + K));
    double L_ref = nn_loss_grad_ref(net, x, y, n, g_ref);
    ck_assert(nn_loss_grad_ref(net, x, y, n, NULL) == L_ref);
    memset(g_acc, 0, sizeof g_acc);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        double e[nh], h[nh], yh[K], eps[K];
        nn_forward(net, x + i * D, e, h, yh);
        /* the forward pass, written out from the layout */
        for (int o = 0; o < K; o++) {
            double want = net->b2[o];
            for (int u = 0; u < nh; u++) {
                double eu = net->b1[u] + net->w1[u * D] * x[i * D] + net->w1[u * D + 1] * x[i * D + 1];
                ck_assert(fabs(e[u] - eu) <= 1e-15 * fmax(1.0, fabs(eu)));
                ck_assert(h[u] == tanh(1.3 * e[u]));
                want += net->w2[u * K + o] * h[u];
            }
            ck_assert(fabs(yh[o] - want) <= 1e-14 * fmax(1.0, fabs(want)));
            eps[o] = (yh[o] - y[i * K + o]) / n;
            sum += (yh[o] - y[i * K + o]) * (yh[o] - y[i * K + o]);
        }
        nn_backward(net, x + i * D, e, h, eps, g_acc);
    }
    ck_assert(fabs(sum / (2.0 * n) - L_ref) <= 1e-15 * L_ref);
    for (size_t i = 0; i < P; i++)
        ck_assert(fabs(g_acc[i] - g_ref[i]) <= 1e-15 * fmax(1e-3, fabs(g_ref[i])));
    /* backward accumulates */
    double e[nh], h[nh], yh[K], eps[K] = {0.3, -0.2}, g1[64] = {0}, g2[64] = {0};
    nn_forward(net, x, e, h, yh);
    nn_backward(net, x, e, h, eps, g1);
    nn_backward(net, x, e, h, eps, g2);
    nn_backward(net, x, e, h, eps, g2);
    for (size_t i = 0; i < P; i++)
        ck_assert(g2[i] == 2.0 * g1[i]);
    /* nn_predict is the forward pass */
    double yp[n * K];
    nn_predict(net, x, n, yp);
    for (int i = 0; i < n; i++) {
        nn_forward(net, x + i * D, e, h, yh);
        ck_assert(yp[i * K] == yh[0] && yp[i * K + 1] == yh[1]);
    }
    nn_destroy(net);
}
END_TEST

START_TEST(create_starts_at_zero_and_copy)
{
    nn_net *a = nn_create(3, 4, 1, NN_ACT_RELU);
    ck_assert_ptr_nonnull(a);
    ck_assert(a->gain == 1.0 && a->act == NN_ACT_RELU);
    ck_assert_uint_eq(nn_params(a), 4 * (3 + 1 + 1) + 1);
    for (size_t i = 0; i < nn_param_count(3, NN_MAX_HIDDEN, 1); i++)
        ck_assert(a->p[i] == 0.0);
    nn_rng r;
    nn_rng_seed(&r, 3);
    fill_normal(&r, a->p, nn_params(a), 1.0);
    a->gain = 0.5;
    nn_net *b = nn_create(3, 9, 1, NN_ACT_STEP);
    nn_copy(b, a);
    ck_assert_int_eq(b->n_hidden, 4);
    ck_assert(b->act == NN_ACT_RELU && b->gain == 0.5);
    ck_assert_int_eq(memcmp(a->p, b->p, nn_params(a) * sizeof(double)), 0);
    ck_assert_ptr_eq(b->b2, b->p + 4 * (3 + 1 + 1));
    nn_destroy(a);
    nn_destroy(b);
}
END_TEST

START_TEST(resize_grow_keeps_every_prediction)
{
    enum { n = 9 };
    double x[n * D], y[n * K], before[n * K], after[n * K];
    const int steps[] = {5, 6, 11, 64, NN_MAX_HIDDEN};
    nn_net *net = random_problem(NN_ACT_LOGISTIC, 1.0, n, 5, 5, x, y);
    nn_rng r;
    nn_rng_seed(&r, 77);
    for (int s = 1; s < 5; s++) {
        int n_old = steps[s - 1], n_new = steps[s];
        nn_net *old = nn_create(D, n_old, K, NN_ACT_LOGISTIC);
        nn_copy(old, net);
        nn_predict(net, x, n, before);
        double fw[NN_MAX_HIDDEN * D], fb[NN_MAX_HIDDEN];
        fill_normal(&r, fw, (size_t)(n_new - n_old) * D, 1.0);
        fill_normal(&r, fb, (size_t)(n_new - n_old), 1.0);
        nn_resize(net, n_new, fw, fb);
        ck_assert_int_eq(net->n_hidden, n_new);
        ck_assert_ptr_eq(net->b2, net->p + n_new * (D + 1 + K));
        nn_predict(net, x, n, after);
        ck_assert_int_eq(memcmp(before, after, sizeof before), 0);
        ck_assert_int_eq(memcmp(net->w1, old->w1, (size_t)n_old * D * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(net->b1, old->b1, (size_t)n_old * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(net->w2, old->w2, (size_t)n_old * K * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(net->b2, old->b2, K * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(net->w1 + n_old * D, fw, (size_t)(n_new - n_old) * D * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(net->b1 + n_old, fb, (size_t)(n_new - n_old) * sizeof(double)), 0);
        for (int u = n_old; u < n_new; u++)
            ck_assert(net->w2[u * K] == 0.0 && net->w2[u * K + 1] == 0.0);
        nn_destroy(old);
    }
    /* growing without fill gives zero w1, b1 */
    nn_resize(net, 3, NULL, NULL);
    nn_resize(net, 4, NULL, NULL);
    ck_assert(net->w1[3 * D] == 0.0 && net->w1[3 * D + 1] == 0.0 && net->b1[3] == 0.0);
    nn_destroy(net);
}
END_TEST

START_TEST(resize_shrink_keeps_lower_units)
{
    enum { n = 9 };
    double x[n * D], y[n * K];
    const int steps[] = {NN_MAX_HIDDEN, 40, 39, 8, 1};
    nn_net *net = random_problem(NN_ACT_TANH, 1.0, n, NN_MAX_HIDDEN, 6, x, y);
    for (int s = 1; s < 5; s++) {
        int n_old = steps[s - 1], n_new = steps[s];
        nn_net *old = nn_create(D, n_old, K, NN_ACT_TANH);
        nn_copy(old, net);
        nn_resize(net, n_new, NULL, NULL);
        ck_assert_int_eq(net->n_hidden, n_new);
        ck_assert_int_eq(memcmp(net->w1, old->w1, (size_t)n_new * D * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(net->b1, old->b1, (size_t)n_new * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(net->w2, old->w2, (size_t)n_new * K * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(net->b2, old->b2, K * sizeof(double)), 0);
        nn_destroy(old);
    }
    nn_destroy(net);
}
END_TEST

START_TEST(remap_matches_resize)
{
    const int pairs[][2] = {{5, 9}, {9, 5}, {1, NN_MAX_HIDDEN}, {NN_MAX_HIDDEN, 1}, {7, 7}};
    const int dk[][2] = {{2, 2}, {3, 1}, {1, 4}};
    nn_rng r;
    nn_rng_seed(&r, 9);
    static double src[NN_MAX_HIDDEN * 9 + 4], dst[NN_MAX_HIDDEN * 9 + 4];
    for (int c = 0; c < 3; c++)
        for (int q = 0; q < 5; q++) {
            int d = dk[c][0], k = dk[c][1], n_old = pairs[q][0], n_new = pairs[q][1];
            nn_net *net = nn_create(d, n_old, k, NN_ACT_TANH);
            size_t P_old = nn_params(net);
            fill_normal(&r, src, P_old, 1.0);
            memcpy(net->p, src, P_old * sizeof(double));
            nn_resize(net, n_new, NULL, NULL);
            size_t P_new = nn_params(net);
            for (size_t i = 0; i < P_new; i++)
                dst[i] = 12345.0;
            nn_remap(src, n_old, dst, n_new, d, k);
            ck_assert_int_eq(memcmp(dst, net->p, P_new * sizeof(double)), 0);
            nn_destroy(net);
        }
}
END_TEST

START_TEST(rng_is_deterministic_and_seed_dependent)
{
    nn_rng a, b, c;
    nn_rng_seed(&a, 1);
    nn_rng_seed(&b, 1);
    nn_rng_seed(&c, 2);
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t va = nn_rng_u64(&a), vb = nn_rng_u64(&b), vc = nn_rng_u64(&c);
        ck_assert(va == vb);
        differ += va != vc;
    }
    ck_assert_int_ge(differ, 999);
    nn_rng_seed(&a, 0);
    nn_rng_seed(&b, 0);
    for (int i = 0; i < 1000; i++) {
        double u = nn_rng_uniform(&a), z = nn_rng_normal(&b);
        ck_assert(u >= 0.0 && u < 1.0);
        ck_assert(u == ldexp(floor(ldexp(u, 53)), -53)); /* a multiple of 2^-53 */
        ck_assert(isfinite(z));
    }
    nn_rng_seed(&a, 5);
    nn_rng_seed(&b, 5);
    for (int i = 0; i < 100; i++)
        ck_assert(nn_rng_normal(&a) == nn_rng_normal(&b));
}
END_TEST

START_TEST(rng_moments)
{
    enum { M = 100000 };
    nn_rng r;
    nn_rng_seed(&r, 1);
    double s = 0, s2 = 0, us = 0;
    for (int i = 0; i < M; i++) {
        double z = nn_rng_normal(&r);
        s += z;
        s2 += z * z;
        us += nn_rng_uniform(&r);
    }
    double mean = s / M, var = s2 / M - mean * mean;
    /* standard errors: 0.0032 for the mean, 0.0045 for the variance, 0.0009 for the uniform mean */
    ck_assert_msg(fabs(mean) < 0.02, "normal mean %g", mean);
    ck_assert_msg(fabs(var - 1.0) < 0.03, "normal variance %g", var);
    ck_assert_msg(fabs(us / M - 0.5) < 0.005, "uniform mean %g", us / M);
}
END_TEST

/* ---------------------------------------------------------------- shape and layout */

START_TEST(layout_of_one_layer_is_the_0_1_layout)
{
    const int widths[] = {1, 2, 3, 5, 8, 9, 64, NN_MAX_HIDDEN - 1, NN_MAX_HIDDEN};
    for (int d = 1; d <= NN_MAX_IO; d++)
        for (int k = 1; k <= NN_MAX_IO; k++)
            for (int wi = 0; wi < 9; wi++) {
                int n = widths[wi];
                nn_shape s = nn_shape_one(d, n, k);
                nn_layout lay;
                nn_layout_of(&s, &lay);
                size_t N = (size_t)n;
                ck_assert_int_eq(lay.n_layers, 1);
                ck_assert(lay.n[0] == d && lay.n[1] == n && lay.n[2] == k);
                ck_assert_uint_eq(lay.w[1], 0);
                ck_assert_uint_eq(lay.b[1], N * (size_t)d);
                ck_assert_uint_eq(lay.w[2], N * (size_t)(d + 1));
                ck_assert_uint_eq(lay.b[2], N * (size_t)(d + 1 + k));
                ck_assert_uint_eq(lay.count, N * (size_t)(d + 1 + k) + (size_t)k);
                ck_assert_uint_eq(nn_param_count(d, n, k), lay.count);
                ck_assert(lay.unit[1] == 0 && lay.unit[2] == N && lay.units == N);
                if (n == NN_MAX_HIDDEN)
                    ck_assert_uint_eq(lay.count, NN_PARAM_MAX(d, k));
            }
}
END_TEST

START_TEST(layout_of_deep_shapes_tiles_the_vector)
{
    /* D = 2 -> 3 -> 2 -> K = 1, offsets written out by hand:
     * W(1) (3, 2) at 0 | b(1) (3) at 6 | W(2) (2, 3) at 9 | b(2) (2) at 15 | W(3) (2, 1) at 17 | b(3) at 19 */
    nn_shape s = {.d = 2, .k = 1, .n_layers = 2, .width = {3, 2}};
    nn_layout lay;
    nn_layout_of(&s, &lay);
    const size_t w[] = {0, 0, 9, 17}, b[] = {0, 6, 15, 19};
    for (int l = 1; l <= 3; l++)
        ck_assert(lay.w[l] == w[l] && lay.b[l] == b[l]);
    ck_assert(lay.count == 20 && lay.units == 5 && lay.unit[1] == 0 && lay.unit[2] == 3 && lay.unit[3] == 5);
    /* every shape: the blocks follow each other without gaps, in order W(1) b(1) ... W(L+1) b(L+1) */
    nn_rng r;
    nn_rng_seed(&r, 12);
    for (int t = 0; t < 200; t++) {
        nn_shape q = {.d = 1 + (int)(nn_rng_u64(&r) % NN_MAX_IO), .k = 1 + (int)(nn_rng_u64(&r) % NN_MAX_IO),
                      .n_layers = 1 + (int)(nn_rng_u64(&r) % NN_MAX_LAYERS)};
        for (int l = 0; l < q.n_layers; l++)
            q.width[l] = 1 + (int)(nn_rng_u64(&r) % (t % 2 ? 9 : NN_MAX_HIDDEN));
        ck_assert(nn_shape_valid(&q));
        nn_layout_of(&q, &lay);
        int L = q.n_layers;
        size_t at = 0, u = 0;
        for (int l = 1; l <= L + 1; l++) {
            int fan_in = l == 1 ? q.d : q.width[l - 2], width = l == L + 1 ? q.k : q.width[l - 1];
            ck_assert_uint_eq(lay.w[l], at);
            at += (size_t)width * (size_t)fan_in;
            ck_assert_uint_eq(lay.b[l], at);
            at += (size_t)width;
            if (l <= L) {
                ck_assert_uint_eq(lay.unit[l], u);
                u += (size_t)width;
            }
        }
        ck_assert(lay.count == at && lay.units == u && lay.unit[L + 1] == u);
    }
    nn_shape bad = {.d = 2, .k = 2, .n_layers = 5, .width = {1, 1, 1, 1}};
    ck_assert(!nn_shape_valid(&bad));
    bad.n_layers = 2;
    bad.width[1] = 0;
    ck_assert(!nn_shape_valid(&bad));
    bad.width[1] = NN_MAX_HIDDEN + 1;
    ck_assert(!nn_shape_valid(&bad));
}
END_TEST

START_TEST(create_shape_view_and_copy_follow_the_layout)
{
    nn_shape s = {.d = 3, .k = 2, .n_layers = 3, .width = {4, 6, 5}};
    nn_layout lay;
    nn_layout_of(&s, &lay);
    nn_net *net = nn_create_shape(&s, NN_ACT_TANH);
    ck_assert_ptr_nonnull(net);
    ck_assert(net->d == 3 && net->k == 2 && net->n_hidden == 5 && net->n_layers == 3);
    ck_assert(net->inner[0] == 4 && net->inner[1] == 6);
    ck_assert(net->gain == 1.0 && net->act == NN_ACT_TANH);
    ck_assert_ptr_eq(net->w1, net->p + lay.w[1]);
    ck_assert_ptr_eq(net->b1, net->p + lay.b[1]);
    ck_assert_ptr_eq(net->w2, net->p + lay.w[4]);
    ck_assert_ptr_eq(net->b2, net->p + lay.b[4]);
    ck_assert_uint_eq(nn_params(net), lay.count);
    ck_assert_uint_eq(nn_units(net), 15);
    nn_shape back;
    nn_net_shape(net, &back);
    ck_assert(back.d == 3 && back.k == 2 && back.n_layers == 3);
    ck_assert(back.width[0] == 4 && back.width[1] == 6 && back.width[2] == 5);
    for (size_t i = 0; i < net->cap; i++)
        ck_assert(net->p[i] == 0.0);
    nn_rng r;
    nn_rng_seed(&r, 4);
    fill_normal(&r, net->p, lay.count, 1.0);
    /* a view over the same vector computes the same */
    nn_net v;
    nn_view(&v, &s, NN_ACT_TANH, 1.0, net->p);
    ck_assert(v.w1 == net->w1 && v.b1 == net->b1 && v.w2 == net->w2 && v.b2 == net->b2);
    ck_assert(v.n_hidden == 5 && v.n_layers == 3 && v.cap == lay.count);
    const double x[3] = {0.3, -1.2, 0.7};
    double e[NN_MAX_UNITS], h[NN_MAX_UNITS], y1[2], y2[2];
    nn_forward(net, x, e, h, y1);
    nn_forward(&v, x, e, h, y2);
    ck_assert(y1[0] == y2[0] && y1[1] == y2[1]);
    /* a one-layer net takes a deep net's shape, and the copy computes the same */
    nn_net *c = nn_create(3, 2, 2, NN_ACT_RELU);
    nn_copy(c, net);
    ck_assert(c->n_layers == 3 && c->inner[0] == 4 && c->inner[1] == 6 && c->n_hidden == 5);
    ck_assert_ptr_eq(c->w2, c->p + lay.w[4]);
    nn_forward(c, x, e, h, y2);
    ck_assert(y1[0] == y2[0] && y1[1] == y2[1]);
    /* and back to one layer */
    nn_net *one = nn_create(3, 7, 2, NN_ACT_LOGISTIC);
    nn_copy(c, one);
    ck_assert(c->n_layers == 1 && c->n_hidden == 7 && c->b2 == c->p + nn_param_count(3, 7, 2) - 2);
    nn_destroy(one);
    nn_destroy(c);
    nn_destroy(net);
}
END_TEST

/* The forward pass of D = 2 -> 3 -> 2 -> K = 1 written out with the offsets of the hand-made layout above. */
START_TEST(deep_forward_written_out)
{
    nn_shape s = {.d = 2, .k = 1, .n_layers = 2, .width = {3, 2}};
    nn_net *net = nn_create_shape(&s, NN_ACT_TANH);
    net->gain = 0.8;
    nn_rng r;
    nn_rng_seed(&r, 31);
    fill_normal(&r, net->p, 20, 1.0);
    const double *p = net->p, x[2] = {0.6, -0.4};
    double e1[3], h1[3], e2[2], h2[2], want = p[19];
    for (int u = 0; u < 3; u++) {
        e1[u] = p[6 + u] + p[2 * u] * x[0] + p[2 * u + 1] * x[1];
        h1[u] = tanh(0.8 * e1[u]);
    }
    for (int u = 0; u < 2; u++) {
        e2[u] = p[15 + u] + p[9 + 3 * u] * h1[0] + p[9 + 3 * u + 1] * h1[1] + p[9 + 3 * u + 2] * h1[2];
        h2[u] = tanh(0.8 * e2[u]);
        want += p[17 + u] * h2[u];
    }
    double e[5], h[5], yh[1];
    nn_forward(net, x, e, h, yh);
    for (int u = 0; u < 3; u++)
        ck_assert(fabs(e[u] - e1[u]) <= 1e-15 && fabs(h[u] - h1[u]) <= 1e-15);
    for (int u = 0; u < 2; u++)
        ck_assert(fabs(e[3 + u] - e2[u]) <= 1e-15 && fabs(h[3 + u] - h2[u]) <= 1e-15);
    ck_assert(fabs(yh[0] - want) <= 1e-14);
    nn_destroy(net);
}
END_TEST

/* ---------------------------------------------------------------- one hidden layer: the 0.1 oracle */

/* nn_forward and nn_backward as they were in 0.1 (one hidden layer), kept here to hold the oracle to them
 * bit for bit: saved trajectories depend on every rounding. */
static void forward_0_1(const nn_net *net, const double *x, double *e, double *h, double *yhat)
{
    int n = net->n_hidden, d = net->d, k = net->k;
    for (int o = 0; o < k; o++)
        yhat[o] = net->b2[o];
    for (int u = 0; u < n; u++) {
        const double *w = net->w1 + (size_t)u * (size_t)d;
        double s = net->b1[u];
        for (int j = 0; j < d; j++)
            s += w[j] * x[j];
        e[u] = s;
        h[u] = nn_act_f(net->act, net->gain, s);
        const double *w2 = net->w2 + (size_t)u * (size_t)k;
        for (int o = 0; o < k; o++)
            yhat[o] += w2[o] * h[u];
    }
}

static void backward_0_1(const nn_net *net, const double *x, const double *e, const double *h, const double *eps,
                         double *grad)
{
    int n = net->n_hidden, d = net->d, k = net->k;
    double *g_w1 = grad;
    double *g_b1 = grad + (size_t)n * (size_t)d;
    double *g_w2 = grad + (size_t)n * (size_t)(d + 1);
    double *g_b2 = grad + (size_t)n * (size_t)(d + 1 + k);
    for (int o = 0; o < k; o++)
        g_b2[o] += eps[o];
    for (int u = 0; u < n; u++) {
        const double *w2 = net->w2 + (size_t)u * (size_t)k;
        double *gw2 = g_w2 + (size_t)u * (size_t)k;
        double back = 0.0;
        for (int o = 0; o < k; o++) {
            gw2[o] += h[u] * eps[o];
            back += w2[o] * eps[o];
        }
        double delta = nn_act_df(net->act, net->gain, e[u]) * back;
        double *gw1 = g_w1 + (size_t)u * (size_t)d;
        for (int j = 0; j < d; j++)
            gw1[j] += delta * x[j];
        g_b1[u] += delta;
    }
}

START_TEST(one_layer_is_bit_identical_to_0_1)
{
    static double g_new[NN_MAX_HIDDEN * 9 + 4], g_old[NN_MAX_HIDDEN * 9 + 4];
    const int widths[] = {1, 5, 8, 64, NN_MAX_HIDDEN};
    nn_rng r;
    nn_rng_seed(&r, 2024);
    for (int a = 0; a < NN_ACT_COUNT; a++)
        for (int d = 1; d <= NN_MAX_IO; d++)
            for (int k = 1; k <= NN_MAX_IO; k++)
                for (int wi = 0; wi < 5; wi++) {
                    int nh = widths[wi];
                    nn_net *net = nn_create(d, nh, k, (nn_act)a);
                    net->gain = wi % 2 ? 1.0 : 1.7;
                    size_t P = nn_params(net);
                    fill_normal(&r, net->p, P, 0.9);
                    memset(g_new, 0, sizeof g_new);
                    memset(g_old, 0, sizeof g_old);
                    for (int i = 0; i < 3; i++) {
                        double x[NN_MAX_IO], eps[NN_MAX_IO], e[2][NN_MAX_HIDDEN], h[2][NN_MAX_HIDDEN];
                        double yh[2][NN_MAX_IO];
                        fill_normal(&r, x, (size_t)d, 1.0);
                        fill_normal(&r, eps, (size_t)k, 0.3);
                        nn_forward(net, x, e[0], h[0], yh[0]);
                        forward_0_1(net, x, e[1], h[1], yh[1]);
                        ck_assert_int_eq(memcmp(e[0], e[1], (size_t)nh * sizeof(double)), 0);
                        ck_assert_int_eq(memcmp(h[0], h[1], (size_t)nh * sizeof(double)), 0);
                        ck_assert_int_eq(memcmp(yh[0], yh[1], (size_t)k * sizeof(double)), 0);
                        nn_backward(net, x, e[0], h[0], eps, g_new);
                        backward_0_1(net, x, e[1], h[1], eps, g_old);
                        ck_assert_msg(memcmp(g_new, g_old, P * sizeof(double)) == 0, "%s D %d K %d N %d token %d",
                                      nn_act_name((nn_act)a), d, k, nh, i);
                    }
                    nn_destroy(net);
                }
}
END_TEST

/* ---------------------------------------------------------------- deep nets: gradient */

/* Random parameters for shape and n random tokens (x, y) drawn from seed. */
static nn_net *random_deep(const nn_shape *s, nn_act act, double gain, int n, uint64_t seed, double *x, double *y)
{
    nn_rng r;
    nn_rng_seed(&r, seed);
    nn_net *net = nn_create_shape(s, act);
    ck_assert_ptr_nonnull(net);
    net->gain = gain;
    /* weights scaled by 1/sqrt(fan-in), so every layer's excitations stay of order 1 and deep nets
     * neither saturate nor vanish */
    nn_layout lay;
    nn_layout_of(s, &lay);
    for (int l = 1; l <= lay.n_layers + 1; l++) {
        fill_normal(&r, net->p + lay.w[l], (size_t)lay.n[l] * (size_t)lay.n[l - 1], 1.2 / sqrt(lay.n[l - 1]));
        fill_normal(&r, net->p + lay.b[l], (size_t)lay.n[l], 0.5);
    }
    fill_normal(&r, x, (size_t)n * (size_t)s->d, 1.0);
    fill_normal(&r, y, (size_t)n * (size_t)s->k, 1.0);
    return net;
}

/* keep_off_kinks for every hidden layer, first to last: a layer's inputs depend only on the layers
 * before it, which are already placed. Each unit's excitation (times gain) stays at least margin
 * away from 0 for every token, and some token excites it. */
static void keep_deep_off_kinks(nn_net *net, const double *x, int n, double margin, uint64_t seed)
{
    nn_rng r;
    nn_rng_seed(&r, seed);
    nn_layout lay;
    nn_net_layout(net, &lay);
    double e[NN_MAX_UNITS], h[NN_MAX_UNITS], yh[NN_MAX_IO];
    for (int l = 1; l <= lay.n_layers; l++)
        for (int u = 0; u < lay.n[l]; u++) {
            int ok = 0;
            for (int tries = 0; tries < 100000 && !ok; tries++) {
                int active = 0;
                ok = 1;
                for (int i = 0; i < n && ok; i++) {
                    nn_forward(net, x + (size_t)i * (size_t)net->d, e, h, yh);
                    double z = net->gain * e[lay.unit[l] + (size_t)u];
                    ok = fabs(z) >= margin;
                    active |= z > 0.0;
                }
                ok = ok && active;
                if (!ok) {
                    fill_normal(&r, net->p + lay.w[l] + (size_t)u * (size_t)lay.n[l - 1], (size_t)lay.n[l - 1],
                                1.2 / sqrt(lay.n[l - 1]));
                    net->p[lay.b[l] + (size_t)u] = 0.5 * nn_rng_normal(&r);
                }
            }
            ck_assert_msg(ok, "could not place unit %d of layer %d away from the kink", u, l);
        }
}

static void check_deep_gradient(const nn_shape *s, nn_act act, double gain, int n, uint64_t seed)
{
    static double x[64 * NN_MAX_IO], y[64 * NN_MAX_IO], g[4096];
    ck_assert_int_le(n, 64);
    nn_net *net = random_deep(s, act, gain, n, seed, x, y);
    if (act == NN_ACT_RELU)
        keep_deep_off_kinks(net, x, n, 0.05, seed + 1000);
    nn_layout lay;
    nn_net_layout(net, &lay);
    ck_assert_uint_le(lay.count, 4096);
    nn_loss_grad_ref(net, x, y, n, g);
    /* Guard: every block's gradient is clearly nonzero, so the comparison below means something. */
    for (int l = 1; l <= lay.n_layers + 1; l++) {
        double nw = norm_range(g, lay.w[l], lay.b[l]), nb = norm_range(g, lay.b[l], l <= lay.n_layers ? lay.w[l + 1] : lay.count);
        ck_assert_msg(nw > 1e-6 && nb > 1e-6, "%s gain %g n %d L %d: trivial W(%d) or b(%d) gradient, norms %g %g",
                      nn_act_name(act), gain, n, lay.n_layers, l, l, nw, nb);
    }
    double gmax = 0.0;
    for (size_t i = 0; i < lay.count; i++)
        gmax = fmax(gmax, fabs(g[i]));
    for (size_t i = 0; i < lay.count; i++) {
        double num = numeric_partial(net, x, y, n, i, 1e-3);
        double scale = fmax(fabs(g[i]), 1e-6 * gmax);
        ck_assert_msg(fabs(num - g[i]) <= 1e-6 * scale,
                      "%s gain %g n %d L %d D %d K %d: dL/dp[%zu] = %.17g, central difference %.17g", nn_act_name(act),
                      gain, n, lay.n_layers, s->d, s->k, i, g[i], num);
    }
    nn_destroy(net);
}

/* Depths 1 to 4, widths from 1 up, D and K among 1..3. */
static const nn_shape deep_shapes[] = {
    {.d = 1, .k = 1, .n_layers = 1, .width = {4}},
    {.d = 3, .k = 2, .n_layers = 1, .width = {3}},
    {.d = 2, .k = 3, .n_layers = 2, .width = {3, 4}},
    {.d = 1, .k = 2, .n_layers = 2, .width = {5, 2}},
    {.d = 3, .k = 1, .n_layers = 2, .width = {1, 3}},
    {.d = 3, .k = 3, .n_layers = 3, .width = {4, 3, 2}},
    {.d = 1, .k = 1, .n_layers = 3, .width = {2, 5, 3}},
    {.d = 2, .k = 2, .n_layers = 4, .width = {3, 4, 2, 3}},
    {.d = 3, .k = 1, .n_layers = 4, .width = {2, 2, 3, 1}},
    {.d = 1, .k = 3, .n_layers = 4, .width = {5, 3, 4, 2}},
    {.d = 2, .k = 2, .n_layers = 4, .width = {12, 9, 10, 8}},
};

START_TEST(deep_gradient_matches_central_differences)
{
    const nn_act acts[] = {NN_ACT_LOGISTIC, NN_ACT_TANH, NN_ACT_RELU};
    const int tokens[] = {1, 9};
    const int n_shapes = (int)(sizeof deep_shapes / sizeof deep_shapes[0]);
    for (int si = 0; si < n_shapes; si++)
        for (int a = 0; a < 3; a++)
            for (int gi = 0; gi < 3; gi++)
                for (int t = 0; t < 2; t++) {
                    /* logistic at gain 0.37 scales the backward signal by at most 0.37/4 per layer: through
                     * four layers the first layer's gradient (about 1e-7) sinks to where a central difference
                     * no longer resolves it against rounding, so there is nothing to compare */
                    if (acts[a] == NN_ACT_LOGISTIC && gains[gi] < 1.0 && deep_shapes[si].n_layers == 4)
                        continue;
                    check_deep_gradient(&deep_shapes[si], acts[a], gains[gi], tokens[t],
                                        (uint64_t)(1000 * si + 100 * a + 10 * gi + t + 1));
                }
}
END_TEST

START_TEST(deep_step_and_signum_learn_only_the_output_layer)
{
    const nn_act acts[] = {NN_ACT_STEP, NN_ACT_SIGNUM};
    static double x[9 * NN_MAX_IO], y[9 * NN_MAX_IO], g[4096];
    for (int a = 0; a < 2; a++)
        for (int si = 2; si < 10; si++) {
            nn_net *net = random_deep(&deep_shapes[si], acts[a], 1.0, 9, (uint64_t)(50 + si), x, y);
            nn_layout lay;
            nn_net_layout(net, &lay);
            nn_loss_grad_ref(net, x, y, 9, g);
            size_t out = lay.w[lay.n_layers + 1];
            for (size_t i = 0; i < out; i++)
                ck_assert_msg(g[i] == 0.0, "%s: hidden gradient[%zu] = %g", nn_act_name(acts[a]), i, g[i]);
            ck_assert(norm_range(g, out, lay.count) > 1e-4);
            nn_destroy(net);
        }
}
END_TEST

START_TEST(deep_resize_keeps_predictions_and_remap_matches)
{
    enum { n = 9 };
    static double x[n * 3], y[n * 3], before[n * 3], after[n * 3], src[8192], dst[8192];
    const nn_shape *s = &deep_shapes[5]; /* 3 -> 4 -> 3 -> 2 -> 3 */
    nn_net *net = random_deep(s, NN_ACT_TANH, 1.0, n, 8, x, y);
    nn_rng r;
    nn_rng_seed(&r, 81);
    const int steps[] = {2, 7, 40, NN_MAX_HIDDEN, 3, 1};
    for (int t = 0; t < 6; t++) {
        nn_shape from;
        nn_net_shape(net, &from);
        nn_layout lf;
        nn_layout_of(&from, &lf);
        int n_old = net->n_hidden, n_new = steps[t], L = lf.n_layers;
        memcpy(src, net->p, lf.count * sizeof(double));
        nn_predict(net, x, n, before);
        double fw[NN_MAX_HIDDEN * 3], fb[NN_MAX_HIDDEN];
        if (n_new > n_old) {
            fill_normal(&r, fw, (size_t)(n_new - n_old) * (size_t)lf.n[L - 1], 1.0);
            fill_normal(&r, fb, (size_t)(n_new - n_old), 1.0);
        }
        nn_resize(net, n_new, fw, fb);
        nn_layout lt;
        nn_net_layout(net, &lt);
        ck_assert(net->n_hidden == n_new && net->n_layers == L && net->inner[0] == 4 && net->inner[1] == 3);
        ck_assert_ptr_eq(net->w2, net->p + lt.w[L + 1]);
        /* the layers before the last hidden one do not move */
        ck_assert_int_eq(memcmp(net->p, src, lf.w[L] * sizeof(double)), 0);
        int keep = n_old < n_new ? n_old : n_new;
        ck_assert_int_eq(memcmp(net->p + lt.w[L], src + lf.w[L], (size_t)keep * 3 * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(net->p + lt.b[L], src + lf.b[L], (size_t)keep * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(net->w2, src + lf.w[L + 1], (size_t)keep * 3 * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(net->b2, src + lf.b[L + 1], 3 * sizeof(double)), 0);
        if (n_new > n_old) {
            /* growing: new units have w2 = 0, so every prediction stays bit for bit */
            nn_predict(net, x, n, after);
            ck_assert_int_eq(memcmp(before, after, sizeof before), 0);
            ck_assert_int_eq(memcmp(net->p + lt.w[L] + (size_t)n_old * 3, fw,
                                    (size_t)(n_new - n_old) * 3 * sizeof(double)), 0);
        }
        for (size_t i = 0; i < lt.count; i++)
            dst[i] = 12345.0;
        nn_remap_shape(src, &from, dst, n_new);
        ck_assert_int_eq(memcmp(dst + lt.w[L + 1], net->w2, (size_t)keep * 3 * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(dst, net->p, lt.w[L] * sizeof(double)), 0);
        for (int u = keep; u < n_new; u++)
            ck_assert(dst[lt.w[L] + (size_t)u * 3] == 0.0 && dst[lt.b[L] + (size_t)u] == 0.0);
    }
    nn_destroy(net);
}
END_TEST

/* ---------------------------------------------------------------- the freeze mask */

/* The mask as a string of '0' and '1', one per parameter. */
static void mask_string(const nn_layout *lay, int only_layer, int only_unit, char *out)
{
    unsigned char m[64];
    ck_assert_uint_le(lay->count, 63);
    memset(m, 7, sizeof m);
    size_t count = nn_freeze_mask(lay, only_layer, only_unit, m);
    size_t ones = 0;
    for (size_t i = 0; i < lay->count; i++) {
        ck_assert(m[i] == 0 || m[i] == 1);
        ones += m[i];
        out[i] = (char)('0' + m[i]);
    }
    out[lay->count] = '\0';
    ck_assert_uint_eq(count, ones);
}

START_TEST(freeze_mask_one_layer_is_the_0_1_rule)
{
    /* D = 2, N = 3, K = 1: w1 (3, 2) | b1 (3) | w2 (3, 1) | b2 (1), P = 13; 1 = frozen.
     * Written out from the rule in train/core.c and render/lecture.c of 0.1. */
    static const char *const want[3][4] = {
        /* only_unit:  -1 (every unit)        0                      1                      2 */
        /* layer 0 */ {"0000000000000", "0011110110110", "1100111011010", "1111001101100"},
        /* layer 1 */ {"0000000001111", "0011110111111", "1100111011111", "1111001101111"},
        /* layer 2 */ {"1111111110000", "1111111110110", "1111111111010", "1111111111100"},
    };
    nn_shape s = nn_shape_one(2, 3, 1);
    nn_layout lay;
    nn_layout_of(&s, &lay);
    char got[64];
    for (int l = 0; l <= 2; l++)
        for (int u = -1; u < 3; u++) {
            mask_string(&lay, l, u, got);
            ck_assert_msg(strcmp(got, want[l][u + 1]) == 0, "only_layer %d only_unit %d: %s, want %s", l, u, got,
                          want[l][u + 1]);
        }
    /* the same rule for the lecture's D = K = 2, written as train/core.c wrote it */
    for (int n = 1; n <= 9; n++)
        for (int l = 0; l <= 2; l++)
            for (int u = -1; u < n; u++) {
                unsigned char m[9 * 5 + 2], w[9 * 5 + 2];
                nn_shape q = nn_shape_one(2, n, 2);
                nn_layout_of(&q, &lay);
                nn_freeze_mask(&lay, l, u, m);
                int l1 = l != 2, l2 = l != 1;
                unsigned char *w1 = w, *b1 = w1 + n * 2, *w2 = b1 + n, *b2 = w2 + n * 2;
                for (int j = 0; j < n; j++) {
                    int unit = u < 0 || u == j;
                    memset(w1 + j * 2, !(l1 && unit), 2);
                    b1[j] = !(l1 && unit);
                    memset(w2 + j * 2, !(l2 && unit), 2);
                }
                memset(b2, !l2, 2);
                ck_assert_int_eq(memcmp(m, w, lay.count), 0);
            }
}
END_TEST

START_TEST(freeze_mask_deep)
{
    /* D = 1 -> 2 -> 2 -> K = 1: W(1) (2, 1) | b(1) (2) | W(2) (2, 2) | b(2) (2) | W(3) (2, 1) | b(3) (1), P = 13.
     * A unit is one of the last hidden layer's: layer 1 has none of its parameters. */
    static const char *const want[4][3] = {
        /* only_unit:  -1 (every unit)    0                  1 */
        /* layer 0 */ {"0000000000000", "1111001101010", "1111110010100"},
        /* layer 1 */ {"0000111111111", "1111111111111", "1111111111111"},
        /* layer 2 */ {"1111000000111", "1111001101111", "1111110010111"},
        /* layer 3 */ {"1111111111000", "1111111111010", "1111111111100"},
    };
    nn_shape s = {.d = 1, .k = 1, .n_layers = 2, .width = {2, 2}};
    nn_layout lay;
    nn_layout_of(&s, &lay);
    ck_assert_uint_eq(lay.count, 13);
    char got[64];
    for (int l = 0; l <= 3; l++)
        for (int u = -1; u < 2; u++) {
            mask_string(&lay, l, u, got);
            ck_assert_msg(strcmp(got, want[l][u + 1]) == 0, "only_layer %d only_unit %d: %s, want %s", l, u, got,
                          want[l][u + 1]);
        }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("nn");
    TCase *tc = tcase_create("network");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, gradient_matches_central_differences);
    tcase_add_test(tc, step_and_signum_layer1_gradient_is_exactly_zero);
    tcase_add_test(tc, activation_values_and_derivatives);
    tcase_add_test(tc, names_round_trip);
    tcase_add_test(tc, forward_backward_agree_with_loss_grad_ref);
    tcase_add_test(tc, create_starts_at_zero_and_copy);
    tcase_add_test(tc, resize_grow_keeps_every_prediction);
    tcase_add_test(tc, resize_shrink_keeps_lower_units);
    tcase_add_test(tc, remap_matches_resize);
    suite_add_tcase(s, tc);
    TCase *tl = tcase_create("layers");
    tcase_set_timeout(tl, 120);
    tcase_add_test(tl, layout_of_one_layer_is_the_0_1_layout);
    tcase_add_test(tl, layout_of_deep_shapes_tiles_the_vector);
    tcase_add_test(tl, create_shape_view_and_copy_follow_the_layout);
    tcase_add_test(tl, deep_forward_written_out);
    tcase_add_test(tl, one_layer_is_bit_identical_to_0_1);
    tcase_add_test(tl, deep_gradient_matches_central_differences);
    tcase_add_test(tl, deep_step_and_signum_learn_only_the_output_layer);
    tcase_add_test(tl, deep_resize_keeps_predictions_and_remap_matches);
    suite_add_tcase(s, tl);
    TCase *tf = tcase_create("freeze");
    tcase_set_timeout(tf, 120);
    tcase_add_test(tf, freeze_mask_one_layer_is_the_0_1_rule);
    tcase_add_test(tf, freeze_mask_deep);
    suite_add_tcase(s, tf);
    TCase *tr = tcase_create("rng");
    tcase_add_test(tr, rng_is_deterministic_and_seed_dependent);
    tcase_add_test(tr, rng_moments);
    suite_add_tcase(s, tr);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
