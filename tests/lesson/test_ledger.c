/* test_ledger: the chain-rule ledger for every parameter of the lecture's start and of random nets: its sum is
 * the oracle's gradient, its rows add up to it, the central difference agrees; names, top-k, saturation, kinks.
 * Single-threaded test binary; fixed seeds; the exit status is the verdict. */
#include "data/preset.h"
#include "data/task.h"
#include "lesson/ledger.h"
#include "nn/nn.h"
#include "nn/rng.h"
#include "session/session.h"
#include "train/core.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TOKENS = 16 };

/* |a − b| <= tol · max(|a|, |b|): relative, and exact equality when both are 0 */
static int rel_close(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fmax(fabs(a), fabs(b));
}

/* The lecture's start: N = 5 logistic units from seed 1, and the 9 tokens of the default task. */
static nn_net *lecture_start(data_task *t)
{
    data_spec s = data_spec_default();
    data_task_build(t, &s);
    nn_net *net = nn_create(2, 5, 2, NN_ACT_LOGISTIC);
    ck_assert_ptr_nonnull(net);
    nn_rng r;
    nn_rng_seed(&r, 1);
    data_init_lecture_start(net, &r);
    return net;
}

/* Everything a ledger must satisfy for parameter p, given the oracle's gradient g (P); the FD check is
 * held to 1e-6 relative unless the ledger itself says the stencil crosses a kink. */
static void check_ledger(const nn_net *net, const double *x, const double *y, int n, size_t p, const double *g,
                         double eta)
{
    lesson_ledger_row rows[MAX_TOKENS];
    lesson_ledger l;
    ck_assert_int_le(n, MAX_TOKENS);
    lesson_ledger_of(net, x, y, n, p, eta, 1, &l, rows);
    ck_assert(l.rows == rows && l.n == n && l.param == p);
    ck_assert_msg(rel_close(l.sum, g[p], 1e-12), "%s: ledger %.17g, oracle %.17g", l.name, l.sum, g[p]);
    double s = 0.0;
    double yhat[NN_MAX_IO * MAX_TOKENS]; /* (n, K) */
    nn_predict(net, x, n, yhat);
    for (int i = 0; i < n; i++) {
        const lesson_ledger_row *r = &rows[i];
        ck_assert_int_eq(r->token, i);
        ck_assert(r->term == r->dl_de * r->de_dw);
        for (int o = 0; o < net->k; o++) {
            ck_assert(r->err[o] == yhat[i * net->k + o] - y[i * net->k + o]);
            ck_assert(r->eps[o] == r->err[o] / n);
        }
        if (l.which.kind == LESSON_PARAM_W1 || l.which.kind == LESSON_PARAM_B1) {
            ck_assert(r->dl_de == r->dsigma * r->back);
            ck_assert(r->dsigma == nn_act_df(net->act, net->gain, r->e1));
        }
        s += r->term;
    }
    ck_assert_msg(rel_close(s, g[p], 1e-12), "%s: rows add to %.17g, oracle %.17g", l.name, s, g[p]);
    ck_assert(l.update == -eta * l.sum);
    ck_assert(l.value == net->p[p]);
    if (l.fd_verdict == LESSON_FD_KINK) {
        ck_assert(net->act == NN_ACT_RELU || net->act == NN_ACT_STEP || net->act == NN_ACT_SIGNUM);
        ck_assert_int_gt(l.kink_rows, 0);
        return;
    }
    ck_assert_int_eq(l.kink_rows, 0);
    ck_assert_msg(l.fd_verdict == LESSON_FD_AGREES, "%s: verdict %d (act %d gain %g D %d N %d K %d n %d): fd %.17g, ledger %.17g, floor %.3g", l.name, (int)l.fd_verdict, (int)net->act, net->gain, l.d, l.hidden, l.k, n, l.fd, l.sum, l.fd_floor);
    ck_assert_msg(l.fd_rel <= 1e-6, "%s: fd %.17g, ledger %.17g, rel %.3g", l.name, l.fd, l.sum, l.fd_rel);
}

START_TEST(lecture_start_every_parameter)
{
    data_task *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    nn_net *net = lecture_start(t);
    const size_t P = nn_params(net);
    double g[64]; /* (P) */
    ck_assert_uint_le(P, 64);
    nn_loss_grad_ref(net, t->x, t->y, 9, g);
    for (size_t p = 0; p < P; p++)
        check_ledger(net, t->x, t->y, 9, p, g, 0.02);
    nn_destroy(net);
    free(t);
}
END_TEST

/* A net of the given shape with normal weights (std 0.8; W(1), b(1) divided by the gain, so gain·e(1) is
 * spread alike at every gain) and n normal tokens, all from seed. Undivided, gain 3 puts units so deep in
 * saturation that some gradients are 1e-9 sums of cancelling terms: no difference of double-precision
 * losses resolves those to 1e-6 (saturated_unit_marked checks that case against the FD's rounding floor). */
static nn_net *random_net(int d, int nh, int k, nn_act act, double gain, int n, uint64_t seed, double *x,
                          double *y)
{
    nn_rng r;
    nn_rng_seed(&r, seed);
    nn_net *net = nn_create(d, nh, k, act);
    ck_assert_ptr_nonnull(net);
    net->gain = gain;
    nn_layout lay;
    nn_net_layout(net, &lay);
    for (size_t i = 0; i < lay.count; i++)
        net->p[i] = 0.8 * nn_rng_normal(&r) / (i < lay.w[2] ? gain : 1.0);
    for (int i = 0; i < n * d; i++)
        x[i] = nn_rng_normal(&r);
    for (int i = 0; i < n * k; i++)
        y[i] = nn_rng_normal(&r);
    return net;
}

START_TEST(random_shapes_every_parameter)
{
    static const nn_act acts[] = {NN_ACT_TANH, NN_ACT_LOGISTIC, NN_ACT_RELU};
    static const double gains[] = {1.0, 3.0};
    static const int widths[] = {1, 4, 7};
    uint64_t seed = 100;
    int checked = 0;
    for (int d = 1; d <= 3; d++)
        for (int k = 1; k <= 3; k++)
            for (int a = 0; a < 3; a++)
                for (int gi = 0; gi < 2; gi++)
                    for (int wi = 0; wi < 3; wi++) {
                        const int n = 5 + (int)(seed % 7); /* 5..11 tokens */
                        double x[MAX_TOKENS * NN_MAX_IO], y[MAX_TOKENS * NN_MAX_IO], g[128];
                        nn_net *net = random_net(d, widths[wi], k, acts[a], gains[gi], n, seed++, x, y);
                        const size_t P = nn_params(net);
                        ck_assert_uint_le(P, 128);
                        nn_loss_grad_ref(net, x, y, n, g);
                        for (size_t p = 0; p < P; p++, checked++)
                            check_ledger(net, x, y, n, p, g, 0.1);
                        nn_destroy(net);
                    }
    ck_assert_int_gt(checked, 1000);
}
END_TEST

START_TEST(names_follow_the_lecture)
{
    nn_layout lay;
    nn_shape s = nn_shape_one(2, 5, 2);
    nn_layout_of(&s, &lay); /* w1 (5, 2) at 0 | b1 (5) at 10 | w2 (5, 2) at 15 | b2 (2) at 25 */
    char buf[128];
    static const struct {
        size_t p;
        const char *name;
    } cases[] = {
        {0, "w(1)_10"},  /* row w̄(1)_1, component x_0 */
        {5, "w(1)_31"},  /* w̄(1)_3, x_1 */
        {9, "w(1)_51"},
        {10, "b(1)_1"},
        {12, "b(1)_3"},
        {19, "w(2)_03"}, /* column w(2)_3, output ŷ_0 */
        {20, "w(2)_13"}, /* from h_3 to ŷ_1 */
        {24, "w(2)_15"},
        {25, "b(2)_0"},
        {26, "b(2)_1"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        lesson_ledger_name(&lay, cases[c].p, buf, sizeof buf);
        ck_assert_str_eq(buf, cases[c].name);
    }
    lesson_param w = lesson_ledger_param(&lay, 20);
    ck_assert(w.kind == LESSON_PARAM_W2 && w.unit == 2 && w.comp == 1);
    lesson_ledger_describe(&lay, 5, buf, sizeof buf);
    ck_assert_str_eq(buf, "w(1)_31, component 1 of w\xcc\x84(1)_3: the weight from x_1 into h_3");
    lesson_ledger_describe(&lay, 20, buf, sizeof buf);
    ck_assert_str_eq(buf, "w(2)_13, component 1 of w(2)_3: the weight from h_3 to \xc5\xb7_1");
    lesson_ledger_describe(&lay, 11, buf, sizeof buf);
    ck_assert_str_eq(buf, "b(1)_2: the bias of h_2");
    lesson_ledger_describe(&lay, 26, buf, sizeof buf);
    ck_assert_str_eq(buf, "b(2)_1: the bias of \xc5\xb7_1");
    /* every index and its meaning, both ways */
    for (size_t p = 0; p < lay.count; p++)
        ck_assert_uint_eq(lesson_ledger_index(&lay, lesson_ledger_param(&lay, p)), p);

    /* two-digit units get a comma; D = 3, K = 1 */
    s = nn_shape_one(3, 12, 1);
    nn_layout_of(&s, &lay);
    const lesson_param w1 = {LESSON_PARAM_W1, 11, 2}, w2 = {LESSON_PARAM_W2, 11, 0}, b1 = {LESSON_PARAM_B1, 9, -1};
    lesson_ledger_name(&lay, lesson_ledger_index(&lay, w1), buf, sizeof buf);
    ck_assert_str_eq(buf, "w(1)_12,2");
    lesson_ledger_name(&lay, lesson_ledger_index(&lay, w2), buf, sizeof buf);
    ck_assert_str_eq(buf, "w(2)_0,12");
    lesson_ledger_name(&lay, lesson_ledger_index(&lay, b1), buf, sizeof buf);
    ck_assert_str_eq(buf, "b(1)_10");
    ck_assert_uint_eq(lesson_ledger_index(&lay, w2), (size_t)(12 * 3 + 12 + 11));
    for (size_t p = 0; p < lay.count; p++)
        ck_assert_uint_eq(lesson_ledger_index(&lay, lesson_ledger_param(&lay, p)), p);
}
END_TEST

START_TEST(top_terms_in_order)
{
    lesson_ledger_row rows[7];
    memset(rows, 0, sizeof rows);
    static const double terms[7] = {1.0, -3.0, 3.0, 0.5, -3.0, 2.0, 0.25};
    for (int i = 0; i < 7; i++) {
        rows[i].token = i;
        rows[i].term = terms[i];
    }
    lesson_ledger l;
    memset(&l, 0, sizeof l);
    l.n = 7;
    l.rows = rows;
    int idx[10];
    double rest;
    ck_assert_int_eq(lesson_ledger_top(&l, 4, idx, &rest), 4);
    ck_assert_int_eq(idx[0], 1); /* |−3| ties with 3 and −3: token order */
    ck_assert_int_eq(idx[1], 2);
    ck_assert_int_eq(idx[2], 4);
    ck_assert_int_eq(idx[3], 5);
    ck_assert(rest == 1.0 + 0.5 + 0.25);
    ck_assert_int_eq(lesson_ledger_top(&l, 1, idx, NULL), 1);
    ck_assert_int_eq(idx[0], 1);
    ck_assert_int_eq(lesson_ledger_top(&l, 0, idx, &rest), 0);
    ck_assert(rest == 1.0 - 3.0 + 3.0 + 0.5 - 3.0 + 2.0 + 0.25);
    ck_assert_int_eq(lesson_ledger_top(&l, 10, idx, &rest), 7); /* more asked than there are */
    static const int all[7] = {1, 2, 4, 5, 0, 3, 6};
    for (int i = 0; i < 7; i++)
        ck_assert_int_eq(idx[i], all[i]);
    ck_assert(rest == 0.0);
    rows[6].term = NAN; /* a NaN is what most needs showing */
    ck_assert_int_eq(lesson_ledger_top(&l, 2, idx, NULL), 2);
    ck_assert_int_eq(idx[0], 6);
    ck_assert_int_eq(idx[1], 1);

    /* on a real ledger: the shown terms are the largest, and with the rest they make the sum */
    data_task *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    nn_net *net = lecture_start(t);
    lesson_ledger_row big[9];
    lesson_ledger_of(net, t->x, t->y, 9, 3, 0.02, 0, &l, big);
    ck_assert(l.fd_verdict == LESSON_FD_NONE && l.fd == 0.0);
    ck_assert_int_eq(lesson_ledger_top(&l, 3, idx, &rest), 3);
    for (int j = 1; j < 3; j++)
        ck_assert(fabs(big[idx[j - 1]].term) >= fabs(big[idx[j]].term));
    for (int i = 0; i < 9; i++)
        if (i != idx[0] && i != idx[1] && i != idx[2])
            ck_assert(fabs(big[i].term) <= fabs(big[idx[2]].term));
    const double shown = big[idx[0]].term + big[idx[1]].term + big[idx[2]].term;
    ck_assert_msg(fabs(shown + rest - l.sum) <= 1e-15 * 9 * fabs(big[idx[0]].term), "%.17g + %.17g vs %.17g", shown,
                  rest, l.sum);
    nn_destroy(net);
    free(t);
}
END_TEST

START_TEST(saturated_unit_marked)
{
    data_task *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    nn_net *net = lecture_start(t);
    nn_layout lay;
    nn_net_layout(net, &lay);
    lesson_ledger_row rows[9];
    lesson_ledger l;
    /* at the start no unit is saturated: σ′ of every token stays well above 1e-3 of σ′'s peak */
    for (int u = 0; u < 5; u++) {
        lesson_ledger_of(net, t->x, t->y, 9, lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_B1, u, -1}),
                         0.02, 1, &l, rows);
        ck_assert_int_eq(l.saturated_rows, 0);
        ck_assert(l.dsigma_max == 0.25 && !l.sigma_flat);
    }
    net->b1[1] = 40.0; /* h_2 = σ(e) with e ≈ 40: σ′ ≈ e^−40 */
    const size_t wp = lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_W1, 1, 0});
    lesson_ledger_of(net, t->x, t->y, 9, wp, 0.02, 1, &l, rows);
    ck_assert_str_eq(l.name, "w(1)_20");
    ck_assert_int_eq(l.saturated_rows, 9);
    for (int i = 0; i < 9; i++)
        ck_assert(rows[i].saturated && rows[i].dsigma < 1e-3 * 0.25 && rows[i].h > 0.999);
    /* the derivative is all but 0, and the FD, down at its rounding floor, agrees */
    ck_assert(fabs(l.sum) < 1e-15);
    ck_assert_msg(l.fd_verdict == LESSON_FD_AGREES, "fd %.3g, floor %.3g", l.fd, l.fd_floor);
    /* layer 2 has no σ′ factor: nothing is marked, though the unit is saturated */
    lesson_ledger_of(net, t->x, t->y, 9, lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_W2, 1, 0}), 0.02, 1,
                     &l, rows);
    ck_assert_int_eq(l.saturated_rows, 0);
    ck_assert(l.dsigma_max == 0.0 && rows[0].dsigma == 0.0 && rows[0].h > 0.999);
    /* tanh at gain 3: the peak is 3; a huge negative bias saturates it the other way */
    net->act = NN_ACT_TANH;
    net->gain = 3.0;
    net->b1[1] = -20.0;
    lesson_ledger_of(net, t->x, t->y, 9, lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_B1, 1, -1}), 0.02, 1,
                     &l, rows);
    ck_assert(l.dsigma_max == 3.0);
    ck_assert_int_eq(l.saturated_rows, 9);
    nn_destroy(net);
    free(t);
}
END_TEST

/* The hand-built step network: σ′ = 0 everywhere, the ledger says so; its FD is 0 away from the jumps and
 * not claimed across one. */
START_TEST(step_units_are_flat_and_jumps_are_kinks)
{
    data_spec s = data_spec_default();
    data_task *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    data_task_build(t, &s);
    nn_net *net = nn_create(2, 8, 2, NN_ACT_STEP);
    ck_assert_ptr_nonnull(net);
    ck_assert_int_eq(data_init_lecture_solution(net, t), 0);
    net->b2[0] += 0.3; /* off the exact solution, so layer 2 has a gradient worth checking */
    net->b2[1] -= 0.2;
    nn_layout lay;
    nn_net_layout(net, &lay);
    double g[64];
    nn_loss_grad_ref(net, t->x, t->y, 9, g);
    lesson_ledger_row rows[9];
    lesson_ledger l;
    for (size_t p = 0; p < lay.count; p++) {
        check_ledger(net, t->x, t->y, 9, p, g, 0.02);
        lesson_ledger_of(net, t->x, t->y, 9, p, 0.02, 1, &l, rows);
        if (l.which.kind == LESSON_PARAM_W1 || l.which.kind == LESSON_PARAM_B1) {
            ck_assert(l.sigma_flat && l.sum == 0.0 && l.saturated_rows == 9 && l.fd == 0.0);
            ck_assert_int_eq(l.fd_verdict, LESSON_FD_AGREES);
        } else {
            ck_assert(!l.sigma_flat && l.saturated_rows == 0 && l.sum != 0.0);
        }
    }
    /* move unit 4's line onto token 5 (0-based 4): e(1)_4 there is now 1e-9, inside the stencil */
    const int u = 3, i = 4;
    net->b1[u] = 0.0;
    double e = 0.0;
    for (int j = 0; j < 2; j++)
        e += net->w1[u * 2 + j] * t->x[i * 2 + j];
    net->b1[u] = 1e-9 - e;
    lesson_ledger_of(net, t->x, t->y, 9, lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_B1, u, -1}), 0.02, 1,
                     &l, rows);
    ck_assert_int_eq(l.fd_verdict, LESSON_FD_KINK);
    ck_assert_int_eq(l.kink_rows, 1);
    ck_assert(rows[i].kink && l.sum == 0.0 && fabs(l.fd) > 1.0); /* a jump within ±3h: L moves by O(0.01) */
    /* layer 2 does not pass through σ: no kink claimed there */
    lesson_ledger_of(net, t->x, t->y, 9, lesson_ledger_index(&lay, (lesson_param){LESSON_PARAM_W2, u, 0}), 0.02, 1,
                     &l, rows);
    ck_assert_int_eq(l.fd_verdict, LESSON_FD_AGREES);
    ck_assert_int_eq(l.kink_rows, 0);
    nn_destroy(net);
    free(t);
}
END_TEST

START_TEST(from_a_snapshot)
{
    session ses;
    session_default(&ses);
    ses.freeze.only_layer = 2; /* only W(2), b(2) learn */
    ses.lr = 0.05;
    char err[256];
    train_core *c = train_core_create(&ses, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    snap *sn = calloc(1, sizeof *sn);
    ck_assert_ptr_nonnull(sn);
    train_core_fill(c, sn);
    train_core_destroy(c);
    nn_net net;
    snap_net(sn, &net);
    const size_t P = nn_params(&net);
    double *g = malloc(P * sizeof *g);
    ck_assert_ptr_nonnull(g);
    nn_loss_grad_ref(&net, sn->x, sn->y, sn->n, g);
    lesson_ledger_row *rows = malloc((size_t)sn->n * sizeof *rows);
    ck_assert_ptr_nonnull(rows);
    nn_layout lay;
    nn_net_layout(&net, &lay);
    lesson_ledger_row *mine = malloc((size_t)sn->n * sizeof *mine);
    ck_assert_ptr_nonnull(mine);
    for (size_t p = 0; p < P; p++) {
        lesson_ledger l, own;
        lesson_ledger_of_snap(sn, p, 1, &l, rows);
        /* the snapshot's ŷ are the kernel's: within 1e-12 of the oracle's, not bit for bit */
        ck_assert_msg(rel_close(l.sum, g[p], 1e-12), "%s: %.17g vs %.17g", l.name, l.sum, g[p]);
        ck_assert(l.eta == 0.05 && l.update == -0.05 * l.sum);
        ck_assert_int_eq(l.frozen, p < lay.w[2]); /* W(1), b(1) come first */
        ck_assert_int_eq(l.fd_verdict, LESSON_FD_AGREES);
        ck_assert(l.fd_rel <= 1e-6);
        /* the unit evaluated alone gives what the whole forward pass gives */
        lesson_ledger_of(&net, sn->x, sn->y, sn->n, p, 0.05, 0, &own, mine);
        ck_assert(strcmp(l.name, own.name) == 0 && l.saturated_rows == own.saturated_rows);
        for (int i = 0; i < sn->n; i++) {
            ck_assert(rows[i].e1 == mine[i].e1 && rows[i].h == mine[i].h && rows[i].dsigma == mine[i].dsigma);
            for (int o = 0; o < 2; o++)
                ck_assert(fabs(rows[i].err[o] - mine[i].err[o]) <= 1e-12 * (1.0 + fabs(mine[i].err[o])));
        }
    }
    free(mine);
    free(rows);
    free(g);
    free(sn);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ledger");
    TCase *tc = tcase_create("ledger");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_test(tc, lecture_start_every_parameter);
    tcase_add_test(tc, random_shapes_every_parameter);
    tcase_add_test(tc, names_follow_the_lecture);
    tcase_add_test(tc, top_terms_in_order);
    tcase_add_test(tc, saturated_unit_marked);
    tcase_add_test(tc, step_units_are_flat_and_jumps_are_kinks);
    tcase_add_test(tc, from_a_snapshot);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
