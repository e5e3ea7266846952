/* test_opt: the optimizers' update rules, frozen masks, resize, and lbfgs' line search.
 * Single-threaded test binary.
 * Invariants: every case is deterministic (fixed seeds); the exit status is the verdict. */
#include "nn/nn.h"
#include "nn/opt.h"
#include "nn/rng.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { D = 2, K = 2, TOKENS = 9, CAP = NN_MAX_HIDDEN * (D + 1 + K) + K };

/* f(p) = 1/2 sum a_i (p_i - c_i)^2, g = a (p - c); counts its evaluations; returns NaN when poisoned. */
typedef struct {
    int n;
    double a[8], c[8];
    int evals, poisoned;
} quad;

static double quad_f(void *ctx, const double *p, double *g)
{
    quad *q = ctx;
    double f = 0.0;
    q->evals++;
    for (int i = 0; i < q->n; i++) {
        double r = p[i] - q->c[i];
        f += 0.5 * q->a[i] * r * r;
        g[i] = q->a[i] * r;
    }
    return q->poisoned ? NAN : f;
}

static const quad quad3 = {3, {1.0, 4.0, 0.25}, {0.0, 1.0, -1.0}, 0, 0};
static const double quad3_p0[3] = {1.0, -2.0, 0.5};

static int rel_eq(double got, double want, double tol)
{
    return fabs(got - want) <= tol * fabs(want);
}

/* The semicircle -> parabola task, 9 tokens, and the lecture's start: N = 5 logistic,
 * w̄(1)_k = 0.5 z + (0.5, 0), b(1) = 0, w(2)_k = 0.5 z + (0.32, 0), b(2) = 0.5 z + (-0.32, 1.5), seed 1. */
typedef struct {
    double x[TOKENS * D], y[TOKENS * K];
    nn_net *net;     /* the parameters being trained */
    nn_net *scratch; /* where the objective evaluates trial points */
} net_problem;

static void problem_init(net_problem *pr)
{
    const double pi = 3.14159265358979323846;
    for (int i = 0; i < TOKENS; i++) {
        double th = -pi / 2 + i * pi / 8;
        pr->x[i * D] = cos(th);
        pr->x[i * D + 1] = sin(th);
        pr->y[i * K] = th;
        pr->y[i * K + 1] = th * th;
    }
    pr->net = nn_create(D, 5, K, NN_ACT_LOGISTIC);
    pr->scratch = nn_create(D, 5, K, NN_ACT_LOGISTIC);
    ck_assert(pr->net && pr->scratch);
    nn_rng r;
    nn_rng_seed(&r, 1);
    nn_net *net = pr->net;
    for (int k = 0; k < 5; k++) {
        net->w1[k * D] = 0.5 * nn_rng_normal(&r) + 0.5;
        net->w1[k * D + 1] = 0.5 * nn_rng_normal(&r);
    }
    for (int k = 0; k < 5; k++) {
        net->w2[k * K] = 0.5 * nn_rng_normal(&r) + 0.32;
        net->w2[k * K + 1] = 0.5 * nn_rng_normal(&r);
    }
    net->b2[0] = 0.5 * nn_rng_normal(&r) - 0.32;
    net->b2[1] = 0.5 * nn_rng_normal(&r) + 1.5;
}

static void problem_free(net_problem *pr)
{
    nn_destroy(pr->net);
    nn_destroy(pr->scratch);
}

static double net_f(void *ctx, const double *p, double *g)
{
    net_problem *pr = ctx;
    memcpy(pr->scratch->p, p, nn_params(pr->scratch) * sizeof *p);
    return nn_loss_grad_ref(pr->scratch, pr->x, pr->y, TOKENS, g);
}

/* Runs `steps` steps from the problem's current parameters; returns the final loss.
 * With check_monotone, asserts the loss never increases and that what lbfgs hands back is the
 * loss and gradient at the new point. */
static double train(net_problem *pr, nn_opt_kind kind, double lr, long steps, const unsigned char *frozen,
                    int check_monotone)
{
    static double g[CAP], g_check[CAP];
    nn_opt o;
    size_t P = nn_params(pr->net);
    ck_assert_int_eq(nn_opt_init(&o, kind, CAP), 0);
    nn_opt_reset(&o, kind, P);
    double loss = net_f(pr, pr->net->p, g);
    for (long s = 0; s < steps; s++) {
        double prev = loss;
        if (nn_opt_step(&o, lr, pr->net->p, g, &loss, net_f, pr, frozen)) {
            if (check_monotone) {
                double l_check = net_f(pr, pr->net->p, g_check);
                ck_assert(l_check == loss);
                ck_assert_int_eq(memcmp(g, g_check, P * sizeof *g), 0);
            }
        } else {
            loss = net_f(pr, pr->net->p, g);
        }
        if (check_monotone)
            ck_assert_msg(loss <= prev, "step %ld: loss rose from %.17g to %.17g", s, prev, loss);
    }
    ck_assert_int_eq(o.t, steps);
    nn_opt_free(&o);
    return loss;
}

START_TEST(gd_first_two_steps)
{
    quad q = {1, {2.0}, {0.0}, 0, 0};
    double p[1] = {1.0}, g[1], loss;
    nn_opt o;
    ck_assert_int_eq(nn_opt_init(&o, NN_OPT_GD, 4), 0);
    nn_opt_reset(&o, NN_OPT_GD, 1);
    loss = quad_f(&q, p, g);
    ck_assert_int_eq(nn_opt_step(&o, 0.1, p, g, &loss, quad_f, &q, NULL), 0);
    ck_assert(rel_eq(p[0], 0.8, 1e-15));
    loss = quad_f(&q, p, g);
    nn_opt_step(&o, 0.1, p, g, &loss, quad_f, &q, NULL);
    ck_assert(rel_eq(p[0], 0.64, 1e-15));
    ck_assert_int_eq(q.evals, 2); /* gd never calls the objective itself */

    /* three components, the rule written out */
    quad q3 = quad3;
    double P3[3], G[3], e1[3], e2[3], eta = 0.07;
    memcpy(P3, quad3_p0, sizeof P3);
    nn_opt_reset(&o, NN_OPT_GD, 3);
    loss = quad_f(&q3, P3, G);
    for (int i = 0; i < 3; i++)
        e1[i] = quad3_p0[i] - eta * q3.a[i] * (quad3_p0[i] - q3.c[i]);
    for (int i = 0; i < 3; i++)
        e2[i] = e1[i] - eta * q3.a[i] * (e1[i] - q3.c[i]);
    nn_opt_step(&o, eta, P3, G, &loss, quad_f, &q3, NULL);
    for (int i = 0; i < 3; i++)
        ck_assert(rel_eq(P3[i], e1[i], 1e-15));
    loss = quad_f(&q3, P3, G);
    nn_opt_step(&o, eta, P3, G, &loss, quad_f, &q3, NULL);
    for (int i = 0; i < 3; i++)
        ck_assert(rel_eq(P3[i], e2[i], 1e-15));
    nn_opt_free(&o);
}
END_TEST

START_TEST(momentum_first_two_steps)
{
    quad q = {1, {2.0}, {0.0}, 0, 0};
    double p[1] = {1.0}, g[1], loss;
    nn_opt o;
    ck_assert_int_eq(nn_opt_init(&o, NN_OPT_MOMENTUM, 4), 0);
    nn_opt_reset(&o, NN_OPT_MOMENTUM, 1);
    loss = quad_f(&q, p, g);
    ck_assert_int_eq(nn_opt_step(&o, 0.1, p, g, &loss, quad_f, &q, NULL), 0);
    ck_assert(rel_eq(p[0], 0.8, 1e-15)); /* v = 2 */
    loss = quad_f(&q, p, g);
    nn_opt_step(&o, 0.1, p, g, &loss, quad_f, &q, NULL);
    ck_assert(rel_eq(p[0], 0.46, 1e-15)); /* v = 0.9 * 2 + 1.6 = 3.4 */

    quad q3 = quad3;
    double P3[3], G[3], v1[3], e1[3], e2[3], eta = 0.07;
    memcpy(P3, quad3_p0, sizeof P3);
    nn_opt_reset(&o, NN_OPT_MOMENTUM, 3);
    for (int i = 0; i < 3; i++) {
        v1[i] = q3.a[i] * (quad3_p0[i] - q3.c[i]);
        e1[i] = quad3_p0[i] - eta * v1[i];
        double v2 = 0.9 * v1[i] + q3.a[i] * (e1[i] - q3.c[i]);
        e2[i] = e1[i] - eta * v2;
    }
    loss = quad_f(&q3, P3, G);
    nn_opt_step(&o, eta, P3, G, &loss, quad_f, &q3, NULL);
    for (int i = 0; i < 3; i++)
        ck_assert(rel_eq(P3[i], e1[i], 1e-15));
    loss = quad_f(&q3, P3, G);
    nn_opt_step(&o, eta, P3, G, &loss, quad_f, &q3, NULL);
    for (int i = 0; i < 3; i++)
        ck_assert(rel_eq(P3[i], e2[i], 1e-15));
    nn_opt_free(&o);
}
END_TEST

START_TEST(adam_first_two_steps)
{
    quad q = {1, {2.0}, {0.0}, 0, 0};
    double p[1] = {1.0}, g[1], loss;
    nn_opt o;
    ck_assert_int_eq(nn_opt_init(&o, NN_OPT_ADAM, 4), 0);
    nn_opt_reset(&o, NN_OPT_ADAM, 1);
    loss = quad_f(&q, p, g);
    ck_assert_int_eq(nn_opt_step(&o, 0.1, p, g, &loss, quad_f, &q, NULL), 0);
    /* m^ = 2, v^ = 4: p = 1 - 0.1 * 2 / (2 + 1e-8) = 1 - 0.2 / 2.00000001 */
    ck_assert(rel_eq(p[0], 0.9000000004999999975, 1e-15));

    quad q3 = quad3;
    double P3[3], G[3], e1[3], e2[3], eta = 0.07;
    memcpy(P3, quad3_p0, sizeof P3);
    nn_opt_reset(&o, NN_OPT_ADAM, 3);
    for (int i = 0; i < 3; i++) {
        double g0 = q3.a[i] * (quad3_p0[i] - q3.c[i]);
        double m1 = 0.1 * g0, v1 = 0.001 * g0 * g0;
        e1[i] = quad3_p0[i] - eta * (m1 / (1 - 0.9)) / (sqrt(v1 / (1 - 0.999)) + 1e-8);
        double g1 = q3.a[i] * (e1[i] - q3.c[i]);
        double m2 = 0.9 * m1 + 0.1 * g1, v2 = 0.999 * v1 + 0.001 * g1 * g1;
        e2[i] = e1[i] - eta * (m2 / (1 - 0.9 * 0.9)) / (sqrt(v2 / (1 - 0.999 * 0.999)) + 1e-8);
    }
    loss = quad_f(&q3, P3, G);
    nn_opt_step(&o, eta, P3, G, &loss, quad_f, &q3, NULL);
    for (int i = 0; i < 3; i++)
        ck_assert(rel_eq(P3[i], e1[i], 1e-15));
    loss = quad_f(&q3, P3, G);
    nn_opt_step(&o, eta, P3, G, &loss, quad_f, &q3, NULL);
    for (int i = 0; i < 3; i++)
        ck_assert_msg(rel_eq(P3[i], e2[i], 1e-15), "p[%d] = %.17g, by hand %.17g", i, P3[i], e2[i]);
    ck_assert_int_eq(o.t, 2);
    nn_opt_free(&o);
}
END_TEST

START_TEST(lbfgs_first_two_steps)
{
    quad q = quad3;
    double p[3], g[3], loss, g0[3], p1[3], g1[3], eta = 0.1;
    memcpy(p, quad3_p0, sizeof p);
    nn_opt o;
    ck_assert_int_eq(nn_opt_init(&o, NN_OPT_LBFGS, 4), 0);
    nn_opt_reset(&o, NN_OPT_LBFGS, 3);
    double loss0 = quad_f(&q, p, g);
    loss = loss0;
    memcpy(g0, g, sizeof g0);
    /* step 1: empty history, so p - eta g, which satisfies Armijo here */
    double f1 = 0.0, gtd = 0.0;
    for (int i = 0; i < 3; i++) {
        p1[i] = quad3_p0[i] - eta * g0[i];
        g1[i] = q.a[i] * (p1[i] - q.c[i]);
        f1 += 0.5 * q.a[i] * (p1[i] - q.c[i]) * (p1[i] - q.c[i]);
        gtd -= g0[i] * g0[i];
    }
    ck_assert(f1 <= loss0 + 1e-4 * eta * gtd);
    ck_assert_int_eq(nn_opt_step(&o, eta, p, g, &loss, quad_f, &q, NULL), 1);
    for (int i = 0; i < 3; i++) {
        ck_assert(rel_eq(p[i], p1[i], 1e-15));
        ck_assert(rel_eq(g[i], g1[i], 1e-15));
    }
    ck_assert(rel_eq(loss, f1, 1e-15));
    ck_assert_int_eq(o.hist_len, 1);

    /* step 2: two-loop recursion with the single pair s = p1 - p0, y = g1 - g0, alpha = 1 */
    double s[3], y[3], sy = 0, yy = 0;
    for (int i = 0; i < 3; i++) {
        s[i] = p1[i] - quad3_p0[i];
        y[i] = g1[i] - g0[i];
        sy += s[i] * y[i];
        yy += y[i] * y[i];
    }
    double rho = 1 / sy, gamma = sy / yy, sq = 0, r[3], yr = 0, p2[3];
    for (int i = 0; i < 3; i++)
        sq += s[i] * g1[i];
    double a1 = rho * sq;
    for (int i = 0; i < 3; i++) {
        r[i] = gamma * (g1[i] - a1 * y[i]);
        yr += y[i] * r[i];
    }
    double beta = rho * yr, f2 = 0;
    for (int i = 0; i < 3; i++) {
        p2[i] = p1[i] - (r[i] + (a1 - beta) * s[i]);
        f2 += 0.5 * q.a[i] * (p2[i] - q.c[i]) * (p2[i] - q.c[i]);
    }
    ck_assert(f2 < f1);
    ck_assert_int_eq(nn_opt_step(&o, eta, p, g, &loss, quad_f, &q, NULL), 1);
    for (int i = 0; i < 3; i++)
        ck_assert_msg(rel_eq(p[i], p2[i], 1e-14), "p[%d] = %.17g, by hand %.17g", i, p[i], p2[i]);
    ck_assert(rel_eq(loss, f2, 1e-13));
    ck_assert_int_eq(o.hist_len, 2);

    /* a strictly convex quadratic in 3 dimensions: a few more steps reach its minimum */
    for (int k = 0; k < 20; k++)
        nn_opt_step(&o, eta, p, g, &loss, quad_f, &q, NULL);
    ck_assert_msg(loss < 1e-20, "loss %g", loss);
    nn_opt_free(&o);
}
END_TEST

START_TEST(lbfgs_backtracks_by_halving)
{
    quad q = quad3;
    double p[3], g[3], loss, g0[3], eta = 10.0;
    memcpy(p, quad3_p0, sizeof p);
    nn_opt o;
    ck_assert_int_eq(nn_opt_init(&o, NN_OPT_LBFGS, 4), 0);
    nn_opt_reset(&o, NN_OPT_LBFGS, 3);
    double loss0 = quad_f(&q, p, g);
    loss = loss0;
    memcpy(g0, g, sizeof g0);
    double gtd = -(g0[0] * g0[0] + g0[1] * g0[1] + g0[2] * g0[2]), alpha = eta, want[3];
    int tries = 0;
    for (;; alpha *= 0.5, tries++) {
        double f = 0;
        for (int i = 0; i < 3; i++) {
            want[i] = quad3_p0[i] - alpha * g0[i];
            f += 0.5 * q.a[i] * (want[i] - q.c[i]) * (want[i] - q.c[i]);
        }
        if (f <= loss0 + 1e-4 * alpha * gtd)
            break;
    }
    ck_assert_int_ge(tries, 3); /* the first trials overshoot */
    q.evals = 0;
    ck_assert_int_eq(nn_opt_step(&o, eta, p, g, &loss, quad_f, &q, NULL), 1);
    ck_assert_int_eq(q.evals, tries + 1);
    for (int i = 0; i < 3; i++)
        ck_assert(rel_eq(p[i], want[i], 1e-15));
    ck_assert(loss < loss0);

    /* The Armijo constant, at its boundary: for f = p^2/2 from p = 1, a trial step alpha along -g
     * passes iff (1 - alpha)^2 <= 1 - 2e-4 alpha, i.e. alpha <= 1.9998. */
    const double etas[2] = {1.9997, 1.99999}, p_want[2] = {1.0 - 1.9997, 1.0 - 1.99999 / 2};
    const int evals_want[2] = {1, 2};
    for (int c = 0; c < 2; c++) {
        quad q1 = {1, {1.0}, {0.0}, 0, 0};
        double p1[1] = {1.0}, g1[1], l1;
        nn_opt_reset(&o, NN_OPT_LBFGS, 1);
        l1 = quad_f(&q1, p1, g1);
        q1.evals = 0;
        nn_opt_step(&o, etas[c], p1, g1, &l1, quad_f, &q1, NULL);
        ck_assert_int_eq(q1.evals, evals_want[c]);
        ck_assert(rel_eq(p1[0], p_want[c], 1e-15));
    }
    nn_opt_free(&o);
}
END_TEST

START_TEST(lbfgs_gives_up_without_moving)
{
    quad q = quad3;
    double p[3], g[3], loss;
    memcpy(p, quad3_p0, sizeof p);
    nn_opt o;
    ck_assert_int_eq(nn_opt_init(&o, NN_OPT_LBFGS, 4), 0);
    nn_opt_reset(&o, NN_OPT_LBFGS, 3);
    loss = quad_f(&q, p, g);
    for (int k = 0; k < 2; k++)
        nn_opt_step(&o, 0.1, p, g, &loss, quad_f, &q, NULL);
    ck_assert_int_gt(o.hist_len, 0);
    double p_before[3], g_before[3], loss_before = loss;
    memcpy(p_before, p, sizeof p);
    memcpy(g_before, g, sizeof g);
    q.poisoned = 1; /* every trial point evaluates to NaN: no step can satisfy Armijo */
    q.evals = 0;
    ck_assert_int_eq(nn_opt_step(&o, 0.1, p, g, &loss, quad_f, &q, NULL), 1);
    ck_assert_int_eq(q.evals, 41);
    ck_assert_int_eq(memcmp(p, p_before, sizeof p), 0);
    ck_assert_int_eq(memcmp(g, g_before, sizeof g), 0);
    ck_assert(loss == loss_before);
    ck_assert_int_eq(o.hist_len, 0);
    /* with the history dropped, the next step starts again from -eta g */
    q.poisoned = 0;
    nn_opt_step(&o, 0.1, p, g, &loss, quad_f, &q, NULL);
    for (int i = 0; i < 3; i++)
        ck_assert(rel_eq(p[i], p_before[i] - 0.1 * g_before[i], 1e-15));
    nn_opt_free(&o);
}
END_TEST

START_TEST(lbfgs_never_increases_the_loss_on_the_net)
{
    net_problem pr;
    problem_init(&pr);
    static double g[CAP];
    double start = net_f(&pr, pr.net->p, g);
    double end = train(&pr, NN_OPT_LBFGS, 0.02, 200, NULL, 1);
    ck_assert(end < 0.1 * start);
    problem_free(&pr);
    /* and at a learning rate far too large for gd */
    problem_init(&pr);
    end = train(&pr, NN_OPT_LBFGS, 50.0, 200, NULL, 1);
    ck_assert(end < start);
    problem_free(&pr);
}
END_TEST

START_TEST(frozen_parameters_never_move)
{
    for (int kind = 0; kind < NN_OPT_COUNT; kind++) {
        net_problem pr;
        problem_init(&pr);
        size_t P = nn_params(pr.net);
        unsigned char frozen[CAP] = {0};
        for (size_t i = 0; i < P; i += 4)
            frozen[i] = 1;
        frozen[5 * (D + 1 + K) + 1] = 1; /* b(2)_2 */
        for (int j = 0; j < D; j++)
            frozen[2 * D + j] = 1; /* the whole of w̄(1)_3 */
        static double before[CAP];
        memcpy(before, pr.net->p, P * sizeof *before);
        static double g[CAP];
        double start = net_f(&pr, pr.net->p, g);
        double end = train(&pr, (nn_opt_kind)kind, 0.02, 1000, frozen, kind == NN_OPT_LBFGS);
        int moved = 0;
        for (size_t i = 0; i < P; i++) {
            if (frozen[i])
                ck_assert_msg(memcmp(&pr.net->p[i], &before[i], sizeof *before) == 0, "%s moved frozen p[%zu]",
                              nn_opt_name((nn_opt_kind)kind), i);
            else
                moved += pr.net->p[i] != before[i];
        }
        ck_assert_int_gt(moved, 0);
        ck_assert(end < start);
        problem_free(&pr);
    }
}
END_TEST

/* A freeze that comes after L-BFGS has built its history: the stored pairs must not move what
 * is frozen now. */
START_TEST(lbfgs_history_cannot_move_newly_frozen)
{
    net_problem pr;
    problem_init(&pr);
    size_t P = nn_params(pr.net);
    static double g[CAP], before[CAP];
    nn_opt o;
    ck_assert_int_eq(nn_opt_init(&o, NN_OPT_LBFGS, CAP), 0);
    nn_opt_reset(&o, NN_OPT_LBFGS, P);
    double loss = net_f(&pr, pr.net->p, g);
    for (int k = 0; k < 20; k++)
        nn_opt_step(&o, 0.02, pr.net->p, g, &loss, net_f, &pr, NULL);
    ck_assert_int_gt(o.hist_len, 1);
    unsigned char frozen[CAP] = {0};
    size_t n1 = (size_t)pr.net->n_hidden * (D + 1); /* W(1) and b(1): train only layer 2 */
    memset(frozen, 1, n1);
    memcpy(before, pr.net->p, P * sizeof *before);
    for (int k = 0; k < 5; k++)
        nn_opt_step(&o, 0.02, pr.net->p, g, &loss, net_f, &pr, frozen);
    ck_assert_int_eq(memcmp(pr.net->p, before, n1 * sizeof *before), 0);
    ck_assert(memcmp(pr.net->p + n1, before + n1, (P - n1) * sizeof *before) != 0);
    nn_opt_free(&o);
    problem_free(&pr);
}
END_TEST

START_TEST(unfreezing_releases_no_stored_momentum)
{
    const nn_opt_kind kinds[] = {NN_OPT_MOMENTUM, NN_OPT_ADAM};
    for (int c = 0; c < 2; c++) {
        quad q = quad3;
        double p[3], g[3], loss;
        memcpy(p, quad3_p0, sizeof p);
        nn_opt o;
        ck_assert_int_eq(nn_opt_init(&o, kinds[c], 4), 0);
        nn_opt_reset(&o, kinds[c], 3);
        for (int k = 0; k < 5; k++) {
            loss = quad_f(&q, p, g);
            nn_opt_step(&o, 0.05, p, g, &loss, quad_f, &q, NULL);
        }
        const unsigned char frozen[3] = {0, 1, 0};
        double p1 = p[1];
        loss = quad_f(&q, p, g);
        nn_opt_step(&o, 0.05, p, g, &loss, quad_f, &q, frozen);
        ck_assert(p[1] == p1);
        /* unfrozen again: component 1 starts from zero state */
        loss = quad_f(&q, p, g);
        double g1 = g[1];
        nn_opt_step(&o, 0.05, p, g, &loss, quad_f, &q, NULL);
        if (kinds[c] == NN_OPT_MOMENTUM) {
            ck_assert(rel_eq(p[1], p1 - 0.05 * g1, 1e-15));
        } else {
            double t = 7.0, m = 0.1 * g1, v = 0.001 * g1 * g1;
            double want = p1 - 0.05 * (m / (1 - pow(0.9, t))) / (sqrt(v / (1 - pow(0.999, t))) + 1e-8);
            ck_assert(rel_eq(p[1], want, 1e-15));
        }
        nn_opt_free(&o);
    }
}
END_TEST

START_TEST(resize_carries_state_with_the_units)
{
    nn_rng r;
    nn_rng_seed(&r, 11);
    const int pairs[][2] = {{5, 8}, {8, 3}};
    for (int kind = NN_OPT_MOMENTUM; kind <= NN_OPT_LBFGS; kind++)
        for (int q = 0; q < 2; q++) {
            int n_old = pairs[q][0], n_new = pairs[q][1];
            nn_opt o;
            ck_assert_int_eq(nn_opt_init(&o, (nn_opt_kind)kind, CAP), 0);
            size_t P_old = nn_param_count(D, n_old, K), P_new = nn_param_count(D, n_new, K);
            nn_opt_reset(&o, (nn_opt_kind)kind, P_old);
            static double v[CAP], m[CAP], want_v[CAP], want_m[CAP];
            for (size_t i = 0; i < P_old; i++) {
                v[i] = o.v[i] = nn_rng_normal(&r);
                m[i] = o.m[i] = nn_rng_normal(&r);
            }
            o.hist_len = 3;
            o.hist_head = 3;
            o.t = 17;
            nn_opt_resize(&o, n_old, n_new, D, K);
            nn_remap(v, n_old, want_v, n_new, D, K);
            nn_remap(m, n_old, want_m, n_new, D, K);
            ck_assert_uint_eq(o.P, P_new);
            ck_assert_int_eq(o.hist_len, 0);
            ck_assert_int_eq(o.t, 17);
            ck_assert_int_eq(memcmp(o.v, want_v, P_new * sizeof *v), 0);
            ck_assert_int_eq(memcmp(o.m, want_m, P_new * sizeof *m), 0);
            nn_opt_reset(&o, NN_OPT_ADAM, P_new);
            ck_assert_int_eq(o.t, 0);
            ck_assert(o.kind == NN_OPT_ADAM);
            for (size_t i = 0; i < P_new; i++)
                ck_assert(o.v[i] == 0.0 && o.m[i] == 0.0);
            nn_opt_free(&o);
        }
}
END_TEST

START_TEST(adam_and_lbfgs_beat_ten_times_as_much_gd)
{
    enum { S = 300 };
    const double eta = 0.02;
    net_problem pr;
    problem_init(&pr);
    double l_gd = train(&pr, NN_OPT_GD, eta, 10 * S, NULL, 0);
    problem_free(&pr);
    problem_init(&pr);
    double l_adam = train(&pr, NN_OPT_ADAM, eta, S, NULL, 0);
    problem_free(&pr);
    problem_init(&pr);
    double l_lbfgs = train(&pr, NN_OPT_LBFGS, eta, S, NULL, 0);
    problem_free(&pr);
    ck_assert_msg(l_adam < 0.5 * l_gd && l_lbfgs < 0.5 * l_gd, "gd %g after %d steps, adam %g, lbfgs %g after %d",
                  l_gd, 10 * S, l_adam, l_lbfgs, S);
}
END_TEST

/* The state taken out of one optimizer and put into a fresh one (as a save and a load do) makes the
 * same steps bit for bit, for every optimizer, also after the L-BFGS ring has wrapped around. */
START_TEST(state_moved_to_a_fresh_optimizer_steps_the_same)
{
    static double g1[CAP], g2[CAP], v[CAP], m[CAP], sv[NN_LBFGS_HISTORY * CAP], yv[NN_LBFGS_HISTORY * CAP];
    static double p1[CAP], p2[CAP];
    double rho[NN_LBFGS_HISTORY];
    for (int kind = 0; kind < NN_OPT_COUNT; kind++) {
        net_problem pr;
        problem_init(&pr);
        size_t P = nn_params(pr.net);
        nn_opt a, b;
        ck_assert_int_eq(nn_opt_init(&a, (nn_opt_kind)kind, CAP), 0);
        ck_assert_int_eq(nn_opt_init(&b, (nn_opt_kind)kind, CAP), 0);
        nn_opt_reset(&a, (nn_opt_kind)kind, P);
        nn_opt_reset(&b, (nn_opt_kind)kind, P);
        memcpy(p1, pr.net->p, P * sizeof *p1);
        double l1 = net_f(&pr, p1, g1);
        /* 23 steps: more than NN_LBFGS_HISTORY pairs, so the ring's head is not at slot 0 */
        for (int i = 0; i < 23; i++)
            if (!nn_opt_step(&a, 0.02, p1, g1, &l1, net_f, &pr, NULL))
                l1 = net_f(&pr, p1, g1);
        if (kind == NN_OPT_LBFGS)
            ck_assert_int_eq(a.hist_len, NN_LBFGS_HISTORY);
        nn_opt_state st = {0, v, m, 0, sv, yv, CAP, rho};
        nn_opt_state_get(&a, &st);
        ck_assert_int_eq(st.t, 23);
        ck_assert_int_eq(st.pairs, a.hist_len);
        memset(b.v, 0x55, CAP * sizeof *b.v); /* whatever b held is replaced */
        nn_opt_state_set(&b, &st);
        memcpy(p2, p1, P * sizeof *p2);
        double l2 = net_f(&pr, p2, g2);
        ck_assert(l2 == l1);
        for (int i = 0; i < 10; i++) {
            if (!nn_opt_step(&a, 0.02, p1, g1, &l1, net_f, &pr, NULL))
                l1 = net_f(&pr, p1, g1);
            if (!nn_opt_step(&b, 0.02, p2, g2, &l2, net_f, &pr, NULL))
                l2 = net_f(&pr, p2, g2);
            ck_assert_msg(memcmp(p1, p2, P * sizeof *p1) == 0, "%s: step %d differs", nn_opt_name(kind), i);
        }
        ck_assert_int_eq(a.t, b.t);
        nn_opt_free(&a);
        nn_opt_free(&b);
        problem_free(&pr);
    }
}
END_TEST

START_TEST(names_round_trip)
{
    const char *names[] = {"gd", "momentum", "adam", "lbfgs"};
    for (int k = 0; k < NN_OPT_COUNT; k++) {
        nn_opt_kind got;
        ck_assert_str_eq(nn_opt_name((nn_opt_kind)k), names[k]);
        ck_assert_int_eq(nn_opt_parse(names[k], &got), 0);
        ck_assert_int_eq(got, k);
    }
    nn_opt_kind got = NN_OPT_ADAM;
    ck_assert_int_eq(nn_opt_parse("sgd", &got), -1);
    ck_assert_int_eq(got, NN_OPT_ADAM);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("nn");
    TCase *tc = tcase_create("opt");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, gd_first_two_steps);
    tcase_add_test(tc, momentum_first_two_steps);
    tcase_add_test(tc, adam_first_two_steps);
    tcase_add_test(tc, lbfgs_first_two_steps);
    tcase_add_test(tc, lbfgs_backtracks_by_halving);
    tcase_add_test(tc, lbfgs_gives_up_without_moving);
    tcase_add_test(tc, lbfgs_never_increases_the_loss_on_the_net);
    tcase_add_test(tc, frozen_parameters_never_move);
    tcase_add_test(tc, lbfgs_history_cannot_move_newly_frozen);
    tcase_add_test(tc, unfreezing_releases_no_stored_momentum);
    tcase_add_test(tc, resize_carries_state_with_the_units);
    tcase_add_test(tc, adam_and_lbfgs_beat_ten_times_as_much_gd);
    tcase_add_test(tc, names_round_trip);
    tcase_add_test(tc, state_moved_to_a_fresh_optimizer_steps_the_same);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
