/* test_nn: the network module (activations, forward/backward, gradient, resize/remap) and the rng.
 * Single-threaded test binary.
 * Invariants: every case is deterministic (fixed seeds); the exit status is the verdict. */
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
