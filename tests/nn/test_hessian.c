/* test_hessian: Hessian-vector products against central differences of the gradient, λ_max against a
 * closed form where the loss is exactly quadratic, and gd's stability edge at η = 2/λ_max.
 * Single-threaded test binary; fixed seeds; the exit status is the verdict. */
#include "data/preset.h"
#include "data/task.h"
#include "nn/hessian.h"
#include "nn/nn.h"
#include "nn/opt.h"
#include "nn/rng.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double *vec(size_t n)
{
    double *v = calloc(n, sizeof *v);
    ck_assert_ptr_nonnull(v);
    return v;
}

static void fill_normal(nn_rng *r, double *v, size_t n, double scale)
{
    for (size_t i = 0; i < n; i++)
        v[i] = scale * nn_rng_normal(r);
}

/* (∇L(p + εv) − ∇L(p − εv)) / 2ε with the oracle, written here independently of the library's fallback. */
static void central(nn_net *net, const double *x, const double *y, int n, const double *v, double eps, double *out)
{
    const size_t P = nn_params(net);
    double *p0 = vec(P), *gm = vec(P);
    memcpy(p0, net->p, P * sizeof *p0);
    for (size_t i = 0; i < P; i++)
        net->p[i] = p0[i] + eps * v[i];
    nn_loss_grad_ref(net, x, y, n, out);
    for (size_t i = 0; i < P; i++)
        net->p[i] = p0[i] - eps * v[i];
    nn_loss_grad_ref(net, x, y, n, gm);
    memcpy(net->p, p0, P * sizeof *p0);
    for (size_t i = 0; i < P; i++)
        out[i] = (out[i] - gm[i]) / (2 * eps);
    free(p0);
    free(gm);
}

START_TEST(hvp_matches_central_differences)
{
    const int shapes[3][3] = {{2, 5, 2}, {2, 4, 1}, {1, 3, 3}};
    const nn_act acts[2] = {NN_ACT_LOGISTIC, NN_ACT_TANH};
    const double gains[2] = {1.0, 2.5};
    nn_rng r;
    nn_rng_seed(&r, 42);
    double worst = 0.0;
    for (int s = 0; s < 3; s++) {
        for (int a = 0; a < 2; a++) {
            for (int gi = 0; gi < 2; gi++) {
                const int D = shapes[s][0], N = shapes[s][1], K = shapes[s][2], n = 7;
                nn_net *net = nn_create(D, N, K, acts[a]);
                net->gain = gains[gi];
                const size_t P = nn_params(net);
                double x[7 * 3], y[7 * 3];
                fill_normal(&r, x, (size_t)n * D, 1.0);
                fill_normal(&r, y, (size_t)n * K, 1.0);
                fill_normal(&r, net->p, P, 0.8);
                double *v = vec(P), *hv = vec(P), *fd = vec(P), *scratch = vec(3 * P);
                fill_normal(&r, v, P, 1.0);
                nn_hvp(net, x, y, n, NULL, v, hv, scratch);
                central(net, x, y, n, v, 1e-5, fd);
                double scale = 0.0;
                for (size_t i = 0; i < P; i++)
                    scale = fmax(scale, fabs(fd[i]));
                for (size_t i = 0; i < P; i++) {
                    double err = fabs(hv[i] - fd[i]) / (scale + 1e-12);
                    worst = fmax(worst, err);
                    ck_assert_msg(err < 1e-7, "shape %d act %d gain %g: Hv[%zu] = %.12g, differences %.12g", s, a,
                                  gains[gi], i, hv[i], fd[i]);
                }
                free(v);
                free(hv);
                free(fd);
                free(scratch);
                nn_destroy(net);
            }
        }
    }
    ck_assert(worst > 0.0); /* the comparison really compared something */
}
END_TEST

/* A deep net takes the finite-difference path: the product is symmetric, uᵀHv = vᵀHu. */
START_TEST(deep_hvp_is_symmetric)
{
    nn_shape shape = {.d = 2, .k = 2, .n_layers = 2, .width = {4, 3}};
    nn_net *net = nn_create_shape(&shape, NN_ACT_TANH);
    ck_assert_ptr_nonnull(net);
    const size_t P = nn_params(net);
    nn_rng r;
    nn_rng_seed(&r, 3);
    double x[5 * 2], y[5 * 2];
    fill_normal(&r, x, 10, 1.0);
    fill_normal(&r, y, 10, 1.0);
    fill_normal(&r, net->p, P, 0.7);
    double *u = vec(P), *v = vec(P), *hu = vec(P), *hv = vec(P), *scratch = vec(3 * P);
    fill_normal(&r, u, P, 1.0);
    fill_normal(&r, v, P, 1.0);
    nn_hvp(net, x, y, 5, NULL, v, hv, scratch);
    nn_hvp(net, x, y, 5, NULL, u, hu, scratch);
    double a = 0.0, b = 0.0;
    for (size_t i = 0; i < P; i++) {
        a += u[i] * hv[i];
        b += v[i] * hu[i];
    }
    ck_assert_msg(fabs(a - b) < 1e-6 * (fabs(a) + fabs(b)), "uHv %.12g, vHu %.12g", a, b);
    ck_assert(fabs(a) > 1e-3);
    free(u);
    free(v);
    free(hu);
    free(hv);
    free(scratch);
    nn_destroy(net);
}
END_TEST

/* The lecture's start with W(1), b(1) frozen: L is exactly quadratic in W(2), b(2), with Hessian
 * A ⊗ I_K, A = 1/n Σ_i h̃_i h̃_iᵀ, h̃ = (h_1..h_N, 1). λ_max(A) by Jacobi's method, independently. */
static double jacobi_max_eig(double *a, int m)
{
    for (int sweep = 0; sweep < 100; sweep++) {
        double off = 0.0;
        for (int p = 0; p < m; p++)
            for (int q = p + 1; q < m; q++)
                off += a[p * m + q] * a[p * m + q];
        if (off < 1e-30)
            break;
        for (int p = 0; p < m; p++) {
            for (int q = p + 1; q < m; q++) {
                if (fabs(a[p * m + q]) < 1e-300)
                    continue;
                double theta = (a[q * m + q] - a[p * m + p]) / (2 * a[p * m + q]);
                double t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1));
                double c = 1 / sqrt(t * t + 1), s = t * c;
                for (int k = 0; k < m; k++) { /* columns p, q */
                    double akp = a[k * m + p], akq = a[k * m + q];
                    a[k * m + p] = c * akp - s * akq;
                    a[k * m + q] = s * akp + c * akq;
                }
                for (int k = 0; k < m; k++) { /* rows p, q */
                    double apk = a[p * m + k], aqk = a[q * m + k];
                    a[p * m + k] = c * apk - s * aqk;
                    a[q * m + k] = s * apk + c * aqk;
                }
            }
        }
    }
    double best = a[0];
    for (int i = 1; i < m; i++)
        best = fmax(best, a[i * m + i]);
    return best;
}

typedef struct {
    nn_net *net;
    const data_task *t;
} problem;

static double objective(void *ctx, const double *p, double *g)
{
    problem *pr = ctx;
    (void)p;
    return nn_loss_grad_ref(pr->net, pr->t->x, pr->t->y, pr->t->spec.n, g);
}

static void lecture_start(nn_net **net, data_task **t, unsigned char **frozen)
{
    data_spec s = data_spec_default();
    *t = malloc(sizeof **t);
    ck_assert_ptr_nonnull(*t);
    data_task_build(*t, &s);
    *net = nn_create(2, 5, 2, NN_ACT_LOGISTIC);
    nn_rng r;
    nn_rng_seed(&r, 1);
    data_init_lecture_start(*net, &r);
    const size_t P = nn_params(*net);
    *frozen = calloc(P, 1);
    ck_assert_ptr_nonnull(*frozen);
    for (size_t i = 0; i < (size_t)((*net)->w2 - (*net)->p); i++) /* W(1), b(1) come first */
        (*frozen)[i] = 1;
}

START_TEST(lambda_max_of_a_quadratic_loss)
{
    nn_net *net;
    data_task *t;
    unsigned char *frozen;
    lecture_start(&net, &t, &frozen);
    const int N = 5, n = 9, m = N + 1;
    double a[6 * 6] = {0};
    double e[NN_MAX_UNITS], h[NN_MAX_UNITS], yhat[2];
    for (int i = 0; i < n; i++) {
        nn_forward(net, t->x + 2 * i, e, h, yhat);
        double ht[6];
        for (int k = 0; k < N; k++)
            ht[k] = h[k];
        ht[N] = 1.0;
        for (int p = 0; p < m; p++)
            for (int q = 0; q < m; q++)
                a[p * m + q] += ht[p] * ht[q] / n;
    }
    double want = jacobi_max_eig(a, m);
    const size_t P = nn_params(net);
    double *v = vec(P), *scratch = vec(5 * P);
    nn_curvature c = nn_lambda_max(net, t->x, t->y, n, frozen, 7, 2000, 1e-14, v, scratch);
    ck_assert_msg(fabs(c.lambda_max - want) <= 1e-8 * want, "λ_max %.17g, closed form %.17g", c.lambda_max, want);
    ck_assert(c.converged && c.iterations > 1);
    for (size_t i = 0; i < P; i++) /* the eigenvector lives on the free parameters */
        if (frozen[i])
            ck_assert(v[i] == 0.0);
    /* the same seed, the same answer */
    nn_curvature c2 = nn_lambda_max(net, t->x, t->y, n, frozen, 7, 2000, 1e-14, v, scratch);
    ck_assert(c2.lambda_max == c.lambda_max && c2.iterations == c.iterations);
    free(v);
    free(scratch);
    free(frozen);
    free(t);
    nn_destroy(net);
}
END_TEST

/* λ_max's power iteration keeps the tokens' forward pass for all its products: the same eigenvalue, eigenvector
 * and number of products, to the last bit, as a power iteration written here from nn_hvp products alone (the
 * library's steps: a unit start drawn from the seed over the free parameters, v <- Hv / |Hv|, λ = vᵀHv). */
START_TEST(lambda_max_equals_a_power_iteration_of_nn_hvp)
{
    const nn_act acts[3] = {NN_ACT_TANH, NN_ACT_LOGISTIC, NN_ACT_RELU};
    nn_rng r;
    nn_rng_seed(&r, 5);
    for (int a = 0; a < 3; a++) {
        for (int fz = 0; fz < 2; fz++) {
            const int D = 2, N = 6, K = 2, n = 11;
            nn_net *net = nn_create(D, N, K, acts[a]);
            net->gain = 1.5;
            const size_t P = nn_params(net);
            double x[11 * 2], y[11 * 2];
            fill_normal(&r, x, (size_t)n * D, 1.0);
            fill_normal(&r, y, (size_t)n * K, 1.0);
            fill_normal(&r, net->p, P, 0.8);
            unsigned char *frozen = NULL;
            if (fz) {
                frozen = calloc(P, 1);
                ck_assert_ptr_nonnull(frozen);
                for (size_t i = 0; i < P; i += 3)
                    frozen[i] = 1;
            }
            double *v = vec(P), *scratch = vec(5 * P), *u = vec(P), *w = vec(P), *s3 = vec(3 * P);
            const int max_iter = 40;
            nn_curvature c = nn_lambda_max(net, x, y, n, frozen, 77, max_iter, 1e-13, v, scratch);
            /* the same from nn_hvp */
            nn_rng start;
            nn_rng_seed(&start, 77);
            for (size_t i = 0; i < P; i++)
                u[i] = nn_rng_normal(&start);
            double norm = 0.0;
            for (size_t i = 0; i < P; i++) {
                if (frozen && frozen[i])
                    u[i] = 0.0;
                norm += u[i] * u[i];
            }
            norm = sqrt(norm);
            for (size_t i = 0; i < P; i++)
                u[i] /= norm;
            double lam = 0.0, prev = NAN;
            int iters = 0;
            for (int it = 0; it < max_iter; it++) {
                nn_hvp(net, x, y, n, frozen, u, w, s3);
                iters++;
                lam = 0.0;
                for (size_t i = 0; i < P; i++)
                    lam += u[i] * w[i];
                double nw = 0.0;
                for (size_t i = 0; i < P; i++) {
                    w[i] -= 0.0 * u[i]; /* the library's shift, 0 in its first pass */
                    nw += w[i] * w[i];
                }
                nw = sqrt(nw);
                if (nw == 0.0)
                    break;
                for (size_t i = 0; i < P; i++)
                    u[i] = w[i] / nw;
                if (fabs(lam - prev) <= 1e-13 * fabs(lam))
                    break;
                prev = lam;
            }
            ck_assert_msg(lam > 0.0, "act %d: the largest eigenvalue in magnitude is negative: pick other tokens", a);
            ck_assert_msg(memcmp(&lam, &c.lambda_max, sizeof lam) == 0, "act %d frozen %d: λ_max %.17g, from nn_hvp %.17g",
                          a, fz, c.lambda_max, lam);
            ck_assert_int_eq(c.iterations, iters);
            ck_assert_int_eq(memcmp(u, v, P * sizeof *u), 0);
            free(v);
            free(scratch);
            free(u);
            free(w);
            free(s3);
            free(frozen);
            nn_destroy(net);
        }
    }
}
END_TEST

/* gd on that quadratic: η = 1.9/λ_max converges, η = 2.1/λ_max diverges. */
static double run_gd(double eta, int steps)
{
    nn_net *net;
    data_task *t;
    unsigned char *frozen;
    lecture_start(&net, &t, &frozen);
    const size_t P = nn_params(net);
    double *v = vec(P), *scratch = vec(5 * P), *g = vec(P);
    nn_curvature c = nn_lambda_max(net, t->x, t->y, 9, frozen, 7, 2000, 1e-14, v, scratch);
    nn_opt opt;
    ck_assert_int_eq(nn_opt_init(&opt, NN_OPT_GD, P), 0);
    nn_opt_reset(&opt, NN_OPT_GD, P);
    problem pr = {net, t};
    double loss = nn_loss_grad_ref(net, t->x, t->y, 9, g);
    for (int s = 0; s < steps && isfinite(loss); s++) {
        if (!nn_opt_step(&opt, eta / c.lambda_max, net->p, g, &loss, objective, &pr, frozen))
            loss = nn_loss_grad_ref(net, t->x, t->y, 9, g);
    }
    nn_opt_free(&opt);
    free(v);
    free(scratch);
    free(g);
    free(frozen);
    free(t);
    nn_destroy(net);
    return loss;
}

START_TEST(gd_is_stable_below_two_over_lambda_max)
{
    double below = run_gd(1.9, 3000), above = run_gd(2.1, 3000), start = run_gd(1.0, 0);
    ck_assert_msg(below < start, "η = 1.9/λ: loss %g from %g", below, start);
    ck_assert_msg(!(above < 1e6 * start), "η = 2.1/λ: loss %g from %g", above, start);
}
END_TEST

START_TEST(frozen_parameters_take_no_part)
{
    nn_net *net;
    data_task *t;
    unsigned char *frozen;
    lecture_start(&net, &t, &frozen);
    const size_t P = nn_params(net);
    double *v = vec(P), *v2 = vec(P), *hv = vec(P), *hv2 = vec(P), *scratch = vec(3 * P);
    nn_rng r;
    nn_rng_seed(&r, 9);
    fill_normal(&r, v, P, 1.0);
    memcpy(v2, v, P * sizeof *v);
    for (size_t i = 0; i < P; i++)
        if (frozen[i])
            v2[i] = 100.0; /* what a frozen entry of v holds does not matter */
    nn_hvp(net, t->x, t->y, 9, frozen, v, hv, scratch);
    nn_hvp(net, t->x, t->y, 9, frozen, v2, hv2, scratch);
    ck_assert_int_eq(memcmp(hv, hv2, P * sizeof *hv), 0);
    int nonzero = 0;
    for (size_t i = 0; i < P; i++) {
        if (frozen[i])
            ck_assert(hv[i] == 0.0);
        else
            nonzero += hv[i] != 0.0;
    }
    ck_assert_int_gt(nonzero, 0);
    /* all frozen: λ_max is 0 */
    memset(frozen, 1, P);
    nn_curvature c = nn_lambda_max(net, t->x, t->y, 9, frozen, 1, 50, 1e-12, v, scratch);
    ck_assert(c.lambda_max == 0.0 && c.iterations == 0);
    free(v);
    free(v2);
    free(hv);
    free(hv2);
    free(scratch);
    free(frozen);
    free(t);
    nn_destroy(net);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hessian");
    TCase *tc = tcase_create("hessian");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_test(tc, hvp_matches_central_differences);
    tcase_add_test(tc, deep_hvp_is_symmetric);
    tcase_add_test(tc, lambda_max_of_a_quadratic_loss);
    tcase_add_test(tc, lambda_max_equals_a_power_iteration_of_nn_hvp);
    tcase_add_test(tc, gd_is_stable_below_two_over_lambda_max);
    tcase_add_test(tc, frozen_parameters_take_no_part);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
