/* test_data: the lecture's task (tokens, jitter, noise, spec checks) and its presets.
 * Single-threaded test binary.
 * Invariants: every case is deterministic (fixed seeds); the exit status is the verdict. */
#include "data/preset.h"
#include "data/task.h"
#include "nn/nn.h"
#include "nn/opt.h"
#include "nn/rng.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static data_task *new_task(const data_spec *s)
{
    data_task *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    data_task_build(t, s);
    return t;
}

START_TEST(default_spec_is_the_lecture)
{
    data_spec s = data_spec_default();
    ck_assert_int_eq(s.n, 9);
    ck_assert(s.theta_min == -M_PI / 2 && s.theta_max == M_PI / 2);
    ck_assert(s.radius_jitter == 0.0 && s.noise == 0.0);
    ck_assert_uint_eq(s.seed, 1);
    char msg[128];
    ck_assert_int_eq(data_spec_check(&s, msg, (int)sizeof msg), 0);
}
END_TEST

START_TEST(lecture_tokens_exactly)
{
    data_spec s = data_spec_default();
    data_task *t = new_task(&s);
    for (int i = 0; i < 9; i++) {
        double th = -M_PI / 2 + i * M_PI / 8;
        ck_assert_msg(t->theta[i] == th, "theta_%d = %.17g, want %.17g", i, t->theta[i], th);
        ck_assert(t->x[2 * i] == cos(th) && t->x[2 * i + 1] == sin(th));
        ck_assert(t->y[2 * i] == th && t->y[2 * i + 1] == th * th);
    }
    ck_assert(t->theta[8] == M_PI / 2);
    free(t);
}
END_TEST

START_TEST(tokens_span_any_range)
{
    data_spec s = data_spec_default();
    s.n = 1000;
    s.theta_min = -3.0;
    s.theta_max = 2.5;
    data_task *t = new_task(&s);
    ck_assert(t->theta[0] == -3.0 && t->theta[999] == 2.5);
    for (int i = 1; i < 1000; i++) {
        double gap = t->theta[i] - t->theta[i - 1];
        ck_assert_msg(fabs(gap - 5.5 / 999) < 1e-14, "gap %d = %.17g", i, gap);
    }
    s.n = 2;
    data_task_build(t, &s);
    ck_assert(t->theta[0] == -3.0 && t->theta[1] == 2.5);
    free(t);
}
END_TEST

START_TEST(jitter_and_noise_are_seeded)
{
    data_spec s = data_spec_default();
    s.n = 200;
    s.radius_jitter = 0.25;
    s.noise = 0.1;
    data_task *a = new_task(&s), *b = new_task(&s);
    ck_assert_mem_eq(a->x, b->x, sizeof(double) * 2 * 200);
    ck_assert_mem_eq(a->y, b->y, sizeof(double) * 2 * 200);
    double rmin = 2, rmax = 0, dev = 0;
    for (int i = 0; i < 200; i++) {
        double r = hypot(a->x[2 * i], a->x[2 * i + 1]);
        rmin = fmin(rmin, r);
        rmax = fmax(rmax, r);
        /* the direction stays the token's angle */
        ck_assert(fabs(atan2(a->x[2 * i + 1], a->x[2 * i]) - a->theta[i]) < 1e-12);
        dev += fabs(a->y[2 * i] - a->theta[i]);
    }
    ck_assert(rmin >= 0.75 && rmax <= 1.25);
    ck_assert(rmin < 0.8 && rmax > 1.2); /* 200 uniform draws fill the range */
    ck_assert(dev / 200 > 0.05 && dev / 200 < 0.15); /* E|N(0, 0.1)| = 0.08 */
    s.seed = 2;
    data_task_build(b, &s);
    ck_assert(memcmp(a->x, b->x, sizeof(double) * 2 * 200) != 0);
    ck_assert(memcmp(a->y, b->y, sizeof(double) * 2 * 200) != 0);
    free(a);
    free(b);
}
END_TEST

START_TEST(spec_check_names_the_field)
{
    static const struct {
        const char *field;
        int n;
        double tmin, tmax, jitter, noise;
    } bad[] = {
        {"tokens", 1, -1, 1, 0, 0},         {"tokens", 4097, -1, 1, 0, 0},
        {"theta_min", 9, -7, 1, 0, 0},      {"theta_min", 9, NAN, 1, 0, 0},
        {"theta_max", 9, -1, INFINITY, 0, 0}, {"theta_max", 9, -1, 6.3, 0, 0},
        {"theta_min", 9, 1, 1, 0, 0},       {"theta_min", 9, 1, -1, 0, 0},
        {"radius_jitter", 9, -1, 1, -0.1, 0}, {"radius_jitter", 9, -1, 1, 0.95, 0},
        {"noise", 9, -1, 1, 0, -1},         {"noise", 9, -1, 1, 0, 11},
        {"noise", 9, -1, 1, 0, NAN},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        data_spec s = data_spec_default();
        s.n = bad[i].n;
        s.theta_min = bad[i].tmin;
        s.theta_max = bad[i].tmax;
        s.radius_jitter = bad[i].jitter;
        s.noise = bad[i].noise;
        char msg[128] = "";
        ck_assert_int_eq(data_spec_check(&s, msg, (int)sizeof msg), -1);
        ck_assert_msg(strstr(msg, bad[i].field) != NULL, "case %zu: '%s' does not name %s", i, msg, bad[i].field);
    }
    data_spec edge = {DATA_MAX_TOKENS, -DATA_THETA_LIMIT, DATA_THETA_LIMIT, DATA_MAX_JITTER, DATA_MAX_NOISE, 7};
    char msg[128];
    ck_assert_int_eq(data_spec_check(&edge, msg, (int)sizeof msg), 0);
}
END_TEST

START_TEST(preset_names)
{
    data_preset p;
    for (int i = 0; i < DATA_PRESET_COUNT; i++) {
        ck_assert_int_eq(data_preset_parse(data_preset_name((data_preset)i), &p), 0);
        ck_assert_int_eq(p, i);
    }
    ck_assert_str_eq(data_preset_name(DATA_PRESET_LECTURE_START), "lecture-start");
    ck_assert_str_eq(data_preset_name(DATA_PRESET_LECTURE_SOLUTION), "lecture-solution");
    ck_assert_int_eq(data_preset_parse("lecture", &p), -1);
    ck_assert_int_eq(data_preset_parse("", &p), -1);
    ck_assert_int_eq(data_preset_hidden(DATA_PRESET_LECTURE_START), 5);
    ck_assert_int_eq(data_preset_hidden(DATA_PRESET_LECTURE_SOLUTION), 8);
    ck_assert_int_eq(data_preset_act(DATA_PRESET_LECTURE_START), NN_ACT_LOGISTIC);
    ck_assert_int_eq(data_preset_act(DATA_PRESET_LECTURE_SOLUTION), NN_ACT_STEP);
}
END_TEST

START_TEST(lecture_solution_is_exact)
{
    data_spec s = data_spec_default();
    data_task *t = new_task(&s);
    nn_net *net = nn_create(2, 8, 2, NN_ACT_STEP);
    ck_assert_int_eq(data_init_lecture_solution(net, t), 0);
    for (int k = 0; k < 8; k++) {
        double tk = -M_PI / 2 + M_PI / 16 + k * M_PI / 8;
        ck_assert(fabs(net->w1[2 * k] + sin(tk)) < 1e-15 && fabs(net->w1[2 * k + 1] - cos(tk)) < 1e-15);
        ck_assert(net->b1[k] == 0.0);
        ck_assert(net->w2[2 * k] == t->y[2 * (k + 1)] - t->y[2 * k]);
        ck_assert(net->w2[2 * k + 1] == t->y[2 * (k + 1) + 1] - t->y[2 * k + 1]);
    }
    ck_assert(net->b2[0] == t->y[0] && net->b2[1] == t->y[1]);
    double loss = nn_loss_grad_ref(net, t->x, t->y, 9, NULL);
    ck_assert_msg(loss < 1e-20, "loss %g", loss);
    /* with a smooth σ the same weights are not exact: the loss above is not trivially small */
    net->act = NN_ACT_LOGISTIC;
    ck_assert(nn_loss_grad_ref(net, t->x, t->y, 9, NULL) > 1e-3);
    nn_destroy(net);
    free(t);
}
END_TEST

START_TEST(solution_generalises)
{
    data_spec s = data_spec_default();
    s.n = 41; /* any n, any range up to π wide, jitter and noise */
    s.theta_min = -2.0;
    s.theta_max = -2.0 + M_PI;
    s.radius_jitter = 0.3;
    s.noise = 0.2;
    data_task *t = new_task(&s);
    nn_net *net = nn_create(2, 40, 2, NN_ACT_STEP);
    ck_assert_int_eq(data_init_lecture_solution(net, t), 0);
    ck_assert(nn_loss_grad_ref(net, t->x, t->y, 41, NULL) < 1e-20);
    nn_destroy(net);

    net = nn_create(2, 8, 2, NN_ACT_STEP);
    net->p[0] = 42.0;
    ck_assert_int_eq(data_init_lecture_solution(net, t), -1); /* 8 units for 41 tokens */
    ck_assert(net->p[0] == 42.0);
    nn_destroy(net);
    free(t);
}
END_TEST

typedef struct {
    nn_net *net;
    const data_task *t;
} problem;

static double objective(void *ctx, const double *p, double *g)
{
    problem *pr = ctx;
    ck_assert_ptr_eq(p, pr->net->p);
    return nn_loss_grad_ref(pr->net, pr->t->x, pr->t->y, pr->t->spec.n, g);
}

START_TEST(lecture_start_descends_every_step)
{
    data_spec s = data_spec_default();
    data_task *t = new_task(&s);
    nn_net *net = nn_create(2, 5, 2, NN_ACT_LOGISTIC);
    nn_rng r;
    nn_rng_seed(&r, 1);
    data_init_lecture_start(net, &r);
    nn_opt opt;
    ck_assert_int_eq(nn_opt_init(&opt, NN_OPT_GD, nn_params(net)), 0);
    nn_opt_reset(&opt, NN_OPT_GD, nn_params(net));
    double *g = malloc(nn_params(net) * sizeof *g);
    problem pr = {net, t};
    double loss = nn_loss_grad_ref(net, t->x, t->y, 9, g);
    double first = loss;
    for (int step = 1; step <= 10000; step++) {
        double prev = loss;
        if (!nn_opt_step(&opt, 0.02, net->p, g, &loss, objective, &pr, NULL))
            loss = nn_loss_grad_ref(net, t->x, t->y, 9, g);
        ck_assert_msg(loss < prev, "step %d: loss %.17g after %.17g", step, loss, prev);
    }
    ck_assert_msg(loss < 0.5 * first, "loss %g from %g", loss, first);
    free(g);
    nn_opt_free(&opt);
    nn_destroy(net);
    free(t);
}
END_TEST

START_TEST(lecture_start_follows_the_seed)
{
    nn_net *a = nn_create(2, 5, 2, NN_ACT_LOGISTIC), *b = nn_create(2, 5, 2, NN_ACT_LOGISTIC);
    nn_rng r;
    nn_rng_seed(&r, 7);
    data_init_lecture_start(a, &r);
    nn_rng_seed(&r, 7);
    data_init_lecture_start(b, &r);
    ck_assert_mem_eq(a->p, b->p, nn_params(a) * sizeof(double));
    nn_rng_seed(&r, 8);
    data_init_lecture_start(b, &r);
    for (int k = 0; k < 5; k++) {
        ck_assert(a->b1[k] == 0.0 && b->b1[k] == 0.0); /* b(1) = 0 */
        for (int j = 0; j < 2; j++)
            ck_assert_msg(a->w1[2 * k + j] != b->w1[2 * k + j] && a->w2[2 * k + j] != b->w2[2 * k + j],
                          "unit %d equal for seeds 7 and 8", k);
    }
    ck_assert(a->b2[0] != b->b2[0] && a->b2[1] != b->b2[1]);
    nn_destroy(a);
    nn_destroy(b);
}
END_TEST

/* Means of the lecture's distributions: w̄(1) around (0.5, 0), w(2) around (0.32, 0), b(2) around
 * (-0.32, 1.5), each with standard deviation 0.5 per coordinate. */
START_TEST(lecture_start_distributions)
{
    enum { N = 256, RUNS = 40 };
    nn_net *net = nn_create(2, N, 2, NN_ACT_LOGISTIC);
    nn_rng r;
    nn_rng_seed(&r, 3);
    double m1[2] = {0}, m2[2] = {0}, mb[2] = {0}, v1 = 0;
    for (int run = 0; run < RUNS; run++) {
        data_init_lecture_start(net, &r);
        for (int k = 0; k < N; k++) {
            m1[0] += net->w1[2 * k] / (N * RUNS);
            m1[1] += net->w1[2 * k + 1] / (N * RUNS);
            m2[0] += net->w2[2 * k] / (N * RUNS);
            m2[1] += net->w2[2 * k + 1] / (N * RUNS);
            v1 += (net->w1[2 * k] - 0.5) * (net->w1[2 * k] - 0.5) / (N * RUNS);
        }
        mb[0] += net->b2[0] / RUNS;
        mb[1] += net->b2[1] / RUNS;
    }
    ck_assert(fabs(m1[0] - 0.5) < 0.03 && fabs(m1[1]) < 0.03);
    ck_assert(fabs(m2[0] - 0.32) < 0.03 && fabs(m2[1]) < 0.03);
    ck_assert(fabs(mb[0] + 0.32) < 0.3 && fabs(mb[1] - 1.5) < 0.3);
    ck_assert(fabs(v1 - 0.25) < 0.02);
    double w[2], b = 1.0;
    data_draw_unit(&r, w, &b);
    ck_assert(b == 0.0 && isfinite(w[0]) && isfinite(w[1]));
    nn_destroy(net);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("data");
    TCase *tc = tcase_create("data");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, default_spec_is_the_lecture);
    tcase_add_test(tc, lecture_tokens_exactly);
    tcase_add_test(tc, tokens_span_any_range);
    tcase_add_test(tc, jitter_and_noise_are_seeded);
    tcase_add_test(tc, spec_check_names_the_field);
    tcase_add_test(tc, preset_names);
    tcase_add_test(tc, lecture_solution_is_exact);
    tcase_add_test(tc, solution_generalises);
    tcase_add_test(tc, lecture_start_descends_every_step);
    tcase_add_test(tc, lecture_start_follows_the_seed);
    tcase_add_test(tc, lecture_start_distributions);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
