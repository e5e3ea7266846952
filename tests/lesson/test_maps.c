/* test_maps: the universal approximator's maps: e_k is a plane, h_k = σ(e_k), the shares add up to ŷ,
 * and the residual map's mean square is the true error. Single-threaded; fixed seeds. */
#include "data/scene.h"
#include "lesson/maps.h"
#include "nn/nn.h"
#include "nn/rng.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>

enum { G = 64, N = 6 };

static nn_net *trained_like(void)
{
    nn_net *net = nn_create(2, N, 1, NN_ACT_TANH);
    nn_rng r;
    nn_rng_seed(&r, 5);
    for (size_t i = 0; i < nn_params(net); i++)
        net->p[i] = nn_rng_normal(&r);
    return net;
}

static double *buf(size_t n)
{
    double *v = calloc(n, sizeof *v);
    ck_assert_ptr_nonnull(v);
    return v;
}

START_TEST(planes_squashed_and_summed)
{
    nn_net *net = trained_like();
    scene_spec s = scene_spec_default(&scene_universal);
    double *e = buf((size_t)N * G * G), *h = buf((size_t)N * G * G), *wh = buf((size_t)N * G * G);
    double *yhat = buf(G * G), *f = buf(G * G);
    lesson_maps(net, &scene_universal, &s, -1.0, 1.0, G, 0, e, h, wh, yhat, f);
    for (int k = 0; k < N; k++) {
        const double *ek = e + (size_t)k * G * G;
        /* a plane: the step from one column to the next is the same everywhere, w̄_k0 · s */
        const double dx = net->w1[2 * k] * (2.0 / G), dy = net->w1[2 * k + 1] * (2.0 / G);
        for (int i = 0; i < G; i++)
            for (int j = 0; j + 1 < G; j++)
                ck_assert(fabs(ek[i * G + j + 1] - ek[i * G + j] - dx) < 1e-12);
        for (int i = 0; i + 1 < G; i++)
            ck_assert(fabs(ek[(i + 1) * G] - ek[i * G] - dy) < 1e-12);
        /* at one point, by hand */
        const double x0 = lesson_map_coord(-1, 1, G, 10), x1 = lesson_map_coord(-1, 1, G, 40);
        ck_assert(fabs(ek[40 * G + 10] - (net->b1[k] + net->w1[2 * k] * x0 + net->w1[2 * k + 1] * x1)) < 1e-14);
        for (int q = 0; q < G * G; q++) {
            ck_assert(h[(size_t)k * G * G + q] == nn_act_f(NN_ACT_TANH, 1.0, ek[q]));
            ck_assert(wh[(size_t)k * G * G + q] == net->w2[k] * h[(size_t)k * G * G + q]);
        }
    }
    /* the second layer adds the shares up: ŷ = b(2) + Σ_k w_k h_k */
    for (int q = 0; q < G * G; q++) {
        double sum = net->b2[0];
        for (int k = 0; k < N; k++)
            sum += wh[(size_t)k * G * G + q];
        ck_assert(fabs(sum - yhat[q]) < 1e-12);
    }
    /* the residual's mean square over these points is the true error, to the last bit */
    double se = 0.0;
    for (int q = 0; q < G * G; q++)
        se += (yhat[q] - f[q]) * (yhat[q] - f[q]);
    ck_assert(se / ((double)G * G) == scene_true_error(&scene_universal, &s, net, G));
    double lo, hi;
    lesson_map_range(f, G * G, &lo, &hi);
    ck_assert(lo > 0.0 && lo < 1e-3 && hi < 1.0 && hi > 0.99); /* the bump: e^{-4|x|²} on cell centres */
    free(e);
    free(h);
    free(wh);
    free(yhat);
    free(f);
    nn_destroy(net);
}
END_TEST

/* Every map's value is nn_forward's at its grid point, to the last bit: e_k, h_k, w_k h_k and ŷ, for tanh
 * with a gain, the logistic and relu, and output c = 1 of a two-output net. */
START_TEST(maps_equal_nn_forward_bit_for_bit)
{
    enum { GS = 24 };
    const struct { int k, c; nn_act act; double gain; } cases[] = {
        {1, 0, NN_ACT_TANH, 1.0}, {1, 0, NN_ACT_TANH, 1.7}, {1, 0, NN_ACT_LOGISTIC, 1.0}, {2, 1, NN_ACT_RELU, 1.0}};
    for (size_t q = 0; q < sizeof cases / sizeof cases[0]; q++) {
        nn_net *net = nn_create(2, N, cases[q].k, cases[q].act);
        net->gain = cases[q].gain;
        nn_rng r;
        nn_rng_seed(&r, 11 + q);
        for (size_t i = 0; i < nn_params(net); i++)
            net->p[i] = 3 * nn_rng_normal(&r); /* steep units: saturated and linear stretches both */
        double *e = buf((size_t)N * GS * GS), *h = buf((size_t)N * GS * GS), *wh = buf((size_t)N * GS * GS);
        double *yhat = buf(GS * GS);
        lesson_maps(net, NULL, NULL, -1.3, 0.9, GS, cases[q].c, e, h, wh, yhat, NULL);
        for (int i = 0; i < GS; i++)
            for (int j = 0; j < GS; j++) {
                const double x[2] = {lesson_map_coord(-1.3, 0.9, GS, j), lesson_map_coord(-1.3, 0.9, GS, i)};
                double ee[N], hh[N], y[2];
                nn_forward(net, x, ee, hh, y);
                const size_t at = (size_t)i * GS + (size_t)j;
                for (int k = 0; k < N; k++) {
                    ck_assert(e[(size_t)k * GS * GS + at] == ee[k]);
                    ck_assert(h[(size_t)k * GS * GS + at] == hh[k]);
                    ck_assert(wh[(size_t)k * GS * GS + at] == net->w2[k * cases[q].k + cases[q].c] * hh[k]);
                }
                ck_assert_msg(yhat[at] == y[cases[q].c], "case %zu (%d, %d): ŷ %.17g, nn_forward %.17g", q, i, j,
                              yhat[at], y[cases[q].c]);
            }
        /* ŷ alone (no per-unit maps asked for) is the same */
        double *y2 = buf(GS * GS);
        lesson_maps(net, NULL, NULL, -1.3, 0.9, GS, cases[q].c, NULL, NULL, NULL, y2, NULL);
        for (int at = 0; at < GS * GS; at++)
            ck_assert(y2[at] == yhat[at]);
        free(e);
        free(h);
        free(wh);
        free(yhat);
        free(y2);
        nn_destroy(net);
    }
}
END_TEST

/* Along a segment: the shares are w_k h_k at the segment's points, the running sum starts at b(2) and its last
 * row is ŷ to the last bit (the slice strip's curve ends on ŷ), and f is the target there. */
START_TEST(slice_running_sum_ends_on_yhat)
{
    enum { M = 33 };
    nn_net *net = trained_like();
    scene_spec s = scene_spec_default(&scene_universal);
    const double a[2] = {-0.9, 0.3}, b[2] = {0.7, -0.6};
    double *share = buf((size_t)N * M), *run = buf((size_t)(N + 1) * M), yhat[M], f[M];
    lesson_maps_along(net, &scene_universal, &s, a, b, M, 0, share, run, yhat, f);
    for (int i = 0; i < M; i++) {
        const double t = (double)i / (M - 1);
        const double x[2] = {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])};
        double e[N], h[N], y, ft;
        nn_forward(net, x, e, h, &y);
        scene_universal.target(&s, x, &ft);
        ck_assert(run[i] == net->b2[0]);
        for (int k = 0; k < N; k++) {
            ck_assert(share[(size_t)k * M + i] == net->w2[k] * h[k]);
            ck_assert(fabs(h[k] - tanh(net->b1[k] + net->w1[2 * k] * x[0] + net->w1[2 * k + 1] * x[1])) < 1e-15);
            ck_assert(run[(size_t)(k + 1) * M + i] == run[(size_t)k * M + i] + share[(size_t)k * M + i]);
        }
        ck_assert_msg(run[(size_t)N * M + i] == y && yhat[i] == y, "t = %g: sum %.17g, ŷ %.17g", t,
                      run[(size_t)N * M + i], y);
        ck_assert(f[i] == ft);
    }
    /* the ends are a and b themselves: f(a) and f(b) by the formula */
    ck_assert(fabs(f[0] - exp(-4 * (a[0] * a[0] + a[1] * a[1]))) < 1e-15);
    ck_assert(fabs(f[M - 1] - exp(-4 * (b[0] * b[0] + b[1] * b[1]))) < 1e-15);
    free(share);
    free(run);
    nn_destroy(net);
}
END_TEST

START_TEST(range_skips_what_is_not_finite)
{
    double v[5] = {NAN, 2.0, -INFINITY, -1.5, 0.25}, lo, hi;
    lesson_map_range(v, 5, &lo, &hi);
    ck_assert(lo == -1.5 && hi == 2.0);
    double none[2] = {NAN, INFINITY};
    lesson_map_range(none, 2, &lo, &hi);
    ck_assert(lo == 0.0 && hi == 0.0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("maps");
    TCase *tc = tcase_create("maps");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_test(tc, planes_squashed_and_summed);
    tcase_add_test(tc, maps_equal_nn_forward_bit_for_bit);
    tcase_add_test(tc, range_skips_what_is_not_finite);
    tcase_add_test(tc, slice_running_sum_ends_on_yhat);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
