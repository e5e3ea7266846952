/* test_scene: scenes as descriptions: the semicircle scene makes exactly the lecture's task and presets,
 * ranges and messages come from the description, and a toy scene described here alone trains.
 * Single-threaded test binary; fixed seeds; the exit status is the verdict. */
#include "data/preset.h"
#include "data/scene.h"
#include "data/task.h"
#include "nn/nn.h"
#include "nn/opt.h"
#include "nn/rng.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static scene_task *new_scene_task(const scene_desc *sc, const scene_spec *s)
{
    scene_task *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    scene_build(sc, s, t);
    return t;
}

static scene_spec semicircle_spec(const data_spec *d)
{
    const scene_desc *sc = &scene_semicircle;
    scene_spec s = scene_spec_default(sc);
    s.n = d->n;
    s.seed = d->seed;
    s.v[scene_param_index(sc, "theta_min")] = d->theta_min;
    s.v[scene_param_index(sc, "theta_max")] = d->theta_max;
    s.v[scene_param_index(sc, "radius_jitter")] = d->radius_jitter;
    s.v[scene_param_index(sc, "noise")] = d->noise;
    return s;
}

START_TEST(semicircle_is_the_first_scene)
{
    ck_assert_int_ge(scene_count(), 1);
    ck_assert_ptr_eq(scene_at(0), &scene_semicircle);
    ck_assert_ptr_eq(scene_find("semicircle"), &scene_semicircle);
    ck_assert_ptr_null(scene_find("parabola"));
    const scene_desc *sc = &scene_semicircle;
    ck_assert_int_eq(sc->d, 2);
    ck_assert_int_eq(sc->k, 2);
    /* the default spec is data_spec_default, field by field */
    data_spec d = data_spec_default();
    scene_spec s = scene_spec_default(sc);
    scene_spec e = semicircle_spec(&d);
    ck_assert_int_eq(s.n, e.n);
    ck_assert_uint_eq(s.seed, e.seed);
    ck_assert_int_eq(memcmp(s.v, e.v, sizeof s.v), 0);
}
END_TEST

/* The same tokens as task.h's, bit for bit, for the lecture's spec and for jittered, noisy, wide ones. */
START_TEST(semicircle_tokens_bit_for_bit)
{
    data_spec specs[4] = {data_spec_default(), data_spec_default(), data_spec_default(), data_spec_default()};
    specs[1].radius_jitter = 0.3;
    specs[1].noise = 0.05;
    specs[1].seed = 7;
    specs[2].n = DATA_MAX_TOKENS;
    specs[2].theta_min = -3.0;
    specs[2].theta_max = 6.0;
    specs[3].n = 2;
    specs[3].noise = 10.0;
    for (int c = 0; c < 4; c++) {
        data_task *want = malloc(sizeof *want);
        ck_assert_ptr_nonnull(want);
        data_task_build(want, &specs[c]);
        scene_spec s = semicircle_spec(&specs[c]);
        scene_task *got = new_scene_task(&scene_semicircle, &s);
        int n = specs[c].n;
        ck_assert_int_eq(got->n, n);
        ck_assert_int_eq(memcmp(got->t, want->theta, (size_t)n * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(got->x, want->x, (size_t)n * 2 * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(got->y, want->y, (size_t)n * 2 * sizeof(double)), 0);
        free(got);
        free(want);
    }
}
END_TEST

START_TEST(ranges_come_from_the_description)
{
    const scene_desc *sc = &scene_semicircle;
    char msg[160];
    scene_spec s = scene_spec_default(sc);
    ck_assert_int_eq(scene_check(sc, &s, msg, (int)sizeof msg), 0);
    s.n = 1;
    ck_assert_int_eq(scene_check(sc, &s, msg, (int)sizeof msg), -1);
    ck_assert_str_eq(msg, "tokens = 1 is out of range (allowed 2..4096)");
    s = scene_spec_default(sc);
    s.v[scene_param_index(sc, "radius_jitter")] = 0.95;
    ck_assert_int_eq(scene_check(sc, &s, msg, (int)sizeof msg), -1);
    ck_assert_msg(strstr(msg, "radius_jitter = 0.95") && strstr(msg, "0..0.9"), "%s", msg);
    s = scene_spec_default(sc);
    s.v[scene_param_index(sc, "noise")] = NAN;
    ck_assert_int_eq(scene_check(sc, &s, msg, (int)sizeof msg), -1);
    ck_assert_msg(strstr(msg, "noise"), "%s", msg);
    /* the rule across parameters is the scene's own */
    s = scene_spec_default(sc);
    s.v[scene_param_index(sc, "theta_min")] = 1.0;
    s.v[scene_param_index(sc, "theta_max")] = 0.5;
    ck_assert_int_eq(scene_check(sc, &s, msg, (int)sizeof msg), -1);
    ck_assert_msg(strstr(msg, "must be less than"), "%s", msg);
    ck_assert_int_eq(scene_param_index(sc, "tokens"), -1);
}
END_TEST

/* Each preset through the description gives the weights preset.h gives, bit for bit. */
START_TEST(semicircle_presets_bit_for_bit)
{
    const scene_desc *sc = &scene_semicircle;
    ck_assert_int_eq(scene_preset_find(sc, "lecture-start"), 0);
    ck_assert_int_eq(scene_preset_find(sc, "lecture-solution"), 1);
    ck_assert_int_eq(scene_preset_find(sc, "nope"), -1);
    scene_spec s = scene_spec_default(sc);
    scene_task *t = new_scene_task(sc, &s);
    data_spec ds = data_spec_default();
    data_task *dt = malloc(sizeof *dt);
    ck_assert_ptr_nonnull(dt);
    data_task_build(dt, &ds);
    for (int p = 0; p < sc->n_presets; p++) {
        int h = scene_preset_hidden(sc, p, t);
        ck_assert_int_eq(h, p == 0 ? data_preset_hidden(DATA_PRESET_LECTURE_START) : 8);
        ck_assert(sc->presets[p].act == data_preset_act((data_preset)p));
        nn_net *a = nn_create(2, h, 2, sc->presets[p].act), *b = nn_create(2, h, 2, sc->presets[p].act);
        nn_rng ra, rb;
        nn_rng_seed(&ra, 5);
        nn_rng_seed(&rb, 5);
        ck_assert_int_eq(sc->presets[p].init(a, &ra, t), 0);
        if (p == 0)
            data_init_lecture_start(b, &rb);
        else
            ck_assert_int_eq(data_init_lecture_solution(b, dt), 0);
        ck_assert_int_eq(memcmp(a->p, b->p, nn_params(a) * sizeof(double)), 0);
        nn_destroy(a);
        nn_destroy(b);
    }
    /* the solution cannot be built with a unit too few */
    nn_net *c = nn_create(2, 7, 2, NN_ACT_STEP);
    nn_rng r;
    nn_rng_seed(&r, 1);
    ck_assert_int_eq(sc->presets[1].init(c, &r, t), -1);
    nn_destroy(c);
    free(dt);
    free(t);
}
END_TEST

/* Every guide and the probe give finite points on the curve they name. */
START_TEST(semicircle_probe_and_guides)
{
    const scene_desc *sc = &scene_semicircle;
    scene_spec s = scene_spec_default(sc);
    double lo, hi;
    sc->probe_range(&s, &lo, &hi);
    ck_assert(lo == -M_PI / 2 && hi == M_PI / 2);
    scene_task *t = new_scene_task(sc, &s);
    for (int i = 0; i < t->n; i++) { /* with no jitter each token lies on the probe path at its t */
        double x[2];
        sc->probe(&s, t->t[i], x);
        ck_assert(x[0] == t->x[2 * i] && x[1] == t->x[2 * i + 1]);
    }
    ck_assert_int_eq(sc->n_guides, 2);
    double pt[2];
    sc->guides[0].at(0.3, pt);
    ck_assert(fabs(pt[0] * pt[0] + pt[1] * pt[1] - 1.0) < 1e-15);
    pt[0] = -1.5;
    sc->guides[1].at(0.0, pt);
    ck_assert(pt[1] == 2.25);
    free(t);
}
END_TEST

/* ---- a toy third scene, D = 1, K = 1, made from its description alone: y = sin(πx) on [-1, 1] */

static void toy_build(const scene_spec *s, scene_task *t)
{
    nn_rng r;
    nn_rng_seed(&r, s->seed);
    for (int i = 0; i < s->n; i++) {
        double x = 2.0 * nn_rng_uniform(&r) - 1.0;
        t->t[i] = x;
        t->x[i] = x;
        t->y[i] = s->v[0] * sin(M_PI * x);
    }
}

static int toy_init(nn_net *net, nn_rng *r, const scene_task *t)
{
    (void)t;
    for (size_t i = 0; i < nn_params(net); i++)
        net->p[i] = nn_rng_normal(r);
    return 0;
}

static void toy_probe(const scene_spec *s, double u, double *x)
{
    (void)s;
    x[0] = u;
}

static const scene_desc toy = {
    .name = "toy",
    .d = 1,
    .k = 1,
    .n_default = 32,
    .n_max = 256,
    .n_params = 1,
    .params = {{.key = "amplitude", .what = "A", .lo = 0.1, .hi = 2.0, .def = 1.0}},
    .build = toy_build,
    .n_presets = 1,
    .presets = {{.name = "random", .hidden = 8, .act = NN_ACT_TANH, .init = toy_init}},
    .probe = toy_probe,
};

typedef struct {
    nn_net *net;
    const scene_task *t;
} problem;

static double objective(void *ctx, const double *p, double *g)
{
    problem *pr = ctx;
    ck_assert_ptr_eq(p, pr->net->p);
    return nn_loss_grad_ref(pr->net, pr->t->x, pr->t->y, pr->t->n, g);
}

/* Trains the toy scene's default preset for `steps` gd steps; returns the final loss, *first the initial. */
static double train_toy(const scene_spec *s, int steps, double *first, double *p_out /* (P) */)
{
    scene_task *t = new_scene_task(&toy, s);
    const scene_preset *pre = &toy.presets[0];
    int h = scene_preset_hidden(&toy, 0, t);
    nn_net *net = nn_create(toy.d, h, toy.k, pre->act);
    nn_rng r;
    nn_rng_seed(&r, s->seed);
    ck_assert_int_eq(pre->init(net, &r, t), 0);
    nn_opt opt;
    ck_assert_int_eq(nn_opt_init(&opt, NN_OPT_ADAM, nn_params(net)), 0);
    nn_opt_reset(&opt, NN_OPT_ADAM, nn_params(net));
    double *g = malloc(nn_params(net) * sizeof *g);
    problem pr = {net, t};
    double loss = nn_loss_grad_ref(net, t->x, t->y, t->n, g);
    *first = loss;
    for (int step = 0; step < steps; step++)
        if (!nn_opt_step(&opt, 0.01, net->p, g, &loss, objective, &pr, NULL))
            loss = nn_loss_grad_ref(net, t->x, t->y, t->n, g);
    memcpy(p_out, net->p, nn_params(net) * sizeof(double));
    free(g);
    nn_opt_free(&opt);
    nn_destroy(net);
    free(t);
    return loss;
}

START_TEST(toy_scene_from_a_description_trains)
{
    char msg[160];
    scene_spec s = scene_spec_default(&toy);
    ck_assert_int_eq(s.n, 32);
    ck_assert(s.v[0] == 1.0);
    ck_assert_int_eq(scene_check(&toy, &s, msg, (int)sizeof msg), 0);
    s.n = 300; /* the description's own maximum */
    ck_assert_int_eq(scene_check(&toy, &s, msg, (int)sizeof msg), -1);
    ck_assert_str_eq(msg, "tokens = 300 is out of range (allowed 2..256)");
    s = scene_spec_default(&toy);
    s.v[0] = 3.0;
    ck_assert_int_eq(scene_check(&toy, &s, msg, (int)sizeof msg), -1);
    ck_assert_msg(strstr(msg, "amplitude = 3"), "%s", msg);

    s = scene_spec_default(&toy);
    double p1[64], p2[64], first1, first2;
    double l1 = train_toy(&s, 3000, &first1, p1);
    double l2 = train_toy(&s, 3000, &first2, p2);
    ck_assert_msg(l1 < 0.02 * first1, "toy loss %g from %g", l1, first1);
    /* the same seed is the same run, bit for bit */
    ck_assert(l1 == l2 && first1 == first2);
    ck_assert_int_eq(memcmp(p1, p2, nn_param_count(1, 8, 1) * sizeof(double)), 0);
    /* another seed draws other tokens and another start */
    s.seed = 2;
    double p3[64], first3;
    train_toy(&s, 10, &first3, p3);
    ck_assert(first3 != first1);
}
END_TEST

/* ---- the universal approximator */

static scene_spec universal_spec(const char *target, const char *layout, int n, double noise)
{
    const scene_desc *sc = &scene_universal;
    scene_spec s = scene_spec_default(sc);
    int ti = scene_param_index(sc, "target"), li = scene_param_index(sc, "layout");
    s.v[ti] = scene_choice_find(&sc->params[ti], target);
    s.v[li] = scene_choice_find(&sc->params[li], layout);
    s.v[scene_param_index(sc, "noise")] = noise;
    s.n = n;
    return s;
}

START_TEST(universal_targets_are_their_formulas)
{
    const scene_desc *sc = scene_find("universal");
    ck_assert_ptr_eq(sc, &scene_universal);
    ck_assert_int_eq(sc->d, 2);
    ck_assert_int_eq(sc->k, 1);
    const scene_param *tp = &sc->params[scene_param_index(sc, "target")];
    ck_assert_int_eq(scene_choice_count(tp), 5);
    const double pts[3][2] = {{0.0, 0.0}, {0.3, -0.7}, {-0.45, 0.2}};
    for (int i = 0; i < 3; i++) {
        const double a = pts[i][0], b = pts[i][1];
        const double want[5] = {exp(-4 * (a * a + b * b)), tanh(2 * a + b), a * b, sin(M_PI * a) * cos(M_PI * b / 2),
                                a * a + b * b < 0.25 ? 1.0 : 0.0};
        for (int t = 0; t < 5; t++) {
            scene_spec s = universal_spec(tp->choices[t], "grid", 256, 0.0);
            double y;
            sc->target(&s, pts[i], &y);
            ck_assert_msg(fabs(y - want[t]) <= 1e-15, "%s at (%g, %g): %.17g, want %.17g", tp->choices[t], a, b,
                          y, want[t]);
        }
    }
    ck_assert_int_eq(scene_choice_find(tp, "tower"), -1);
}
END_TEST

START_TEST(universal_tokens_grid_random_noise)
{
    const scene_desc *sc = &scene_universal;
    scene_spec s = scene_spec_default(sc);
    ck_assert_int_eq(s.n, 256); /* 16×16 */
    scene_task *t = new_scene_task(sc, &s);
    ck_assert(t->x[0] == -1.0 && t->x[1] == -1.0);
    ck_assert(t->x[2 * 15] == 1.0 && t->x[2 * 15 + 1] == -1.0);
    ck_assert(t->x[2 * 255] == 1.0 && t->x[2 * 255 + 1] == 1.0);
    ck_assert(t->x[2 * 17] == -1.0 + 2.0 / 15 && t->x[2 * 17 + 1] == -1.0 + 2.0 / 15);
    for (int i = 0; i < 256; i++) { /* noise-free targets are f at the token */
        double f;
        sc->target(&s, t->x + 2 * i, &f);
        ck_assert(t->y[i] == f);
    }
    free(t);
    char msg[160];
    s.n = 250;
    ck_assert_int_eq(scene_check(sc, &s, msg, (int)sizeof msg), -1);
    ck_assert_msg(strstr(msg, "tokens = 250") && strstr(msg, "G×G"), "%s", msg);
    s.v[scene_param_index(sc, "target")] = 5; /* past the last choice */
    s.n = 256;
    ck_assert_int_eq(scene_check(sc, &s, msg, (int)sizeof msg), -1);
    ck_assert_msg(strstr(msg, "target"), "%s", msg);

    /* random points: in the square, the same for the same seed, others for another */
    scene_spec r1 = universal_spec("ridge", "random", 250, 0.1);
    ck_assert_int_eq(scene_check(sc, &r1, msg, (int)sizeof msg), 0);
    scene_task *a = new_scene_task(sc, &r1), *b = new_scene_task(sc, &r1);
    ck_assert_int_eq(memcmp(a->x, b->x, 250 * 2 * sizeof(double)), 0);
    ck_assert_int_eq(memcmp(a->y, b->y, 250 * sizeof(double)), 0);
    double sq = 0.0;
    for (int i = 0; i < 250; i++) {
        ck_assert(fabs(a->x[2 * i]) <= 1.0 && fabs(a->x[2 * i + 1]) <= 1.0);
        double f;
        sc->target(&r1, a->x + 2 * i, &f);
        sq += (a->y[i] - f) * (a->y[i] - f);
    }
    /* the noise's sample deviation is near its σ = 0.1 */
    ck_assert_msg(fabs(sqrt(sq / 250) - 0.1) < 0.02, "noise deviation %g", sqrt(sq / 250));
    r1.seed = 2;
    scene_task *c = new_scene_task(sc, &r1);
    ck_assert_int_ne(memcmp(a->x, c->x, 250 * 2 * sizeof(double)), 0);
    free(a);
    free(b);
    free(c);
}
END_TEST

/* The true error of ŷ = 0 is the mean of f² over the grid's cell midpoints: for the saddle,
 * (mean of x² over g midpoints)² = (1/3 − 1/(3g²))², computed here by formula, not by sampling. */
START_TEST(universal_true_error)
{
    const scene_desc *sc = &scene_universal;
    scene_spec s = universal_spec("saddle", "grid", 256, 0.0);
    nn_net *zero = nn_create(2, 6, 1, NN_ACT_TANH);
    const int g = SCENE_TRUE_ERROR_GRID;
    double m2 = 1.0 / 3.0 - 1.0 / (3.0 * g * g);
    double got = scene_true_error(sc, &s, zero, g);
    ck_assert_msg(fabs(got - m2 * m2) < 1e-14, "true error %.17g, want %.17g", got, m2 * m2);
    /* the semicircle's task lives on its tokens: no true error */
    nn_net *two = nn_create(2, 5, 2, NN_ACT_LOGISTIC);
    scene_spec ss = scene_spec_default(&scene_semicircle);
    ck_assert(scene_true_error(&scene_semicircle, &ss, two, g) == -1.0);
    nn_destroy(two);
    nn_destroy(zero);
}
END_TEST

/* The default start, trained with Adam on the default bump, visibly fits: the true error drops 10×. */
START_TEST(universal_bump_fits)
{
    const scene_desc *sc = &scene_universal;
    scene_spec s = scene_spec_default(sc);
    scene_task *t = new_scene_task(sc, &s);
    const scene_preset *pre = &sc->presets[0];
    ck_assert_int_eq(scene_preset_hidden(sc, 0, t), 6);
    ck_assert(pre->act == NN_ACT_TANH);
    nn_net *net = nn_create(2, 6, 1, pre->act);
    nn_rng r;
    nn_rng_seed(&r, s.seed);
    ck_assert_int_eq(pre->init(net, &r, t), 0);
    double before = scene_true_error(sc, &s, net, 32);
    nn_opt opt;
    ck_assert_int_eq(nn_opt_init(&opt, NN_OPT_ADAM, nn_params(net)), 0);
    nn_opt_reset(&opt, NN_OPT_ADAM, nn_params(net));
    double *g = malloc(nn_params(net) * sizeof *g);
    double loss = nn_loss_grad_ref(net, t->x, t->y, t->n, g);
    for (int step = 0; step < 3000; step++) {
        nn_opt_step(&opt, 0.01, net->p, g, &loss, NULL, NULL, NULL);
        loss = nn_loss_grad_ref(net, t->x, t->y, t->n, g);
    }
    double after = scene_true_error(sc, &s, net, 32);
    ck_assert_msg(after < 0.1 * before, "true error %g from %g", after, before);
    free(g);
    nn_opt_free(&opt);
    nn_destroy(net);
    free(t);
}
END_TEST

/* E[y | x] is the clean target: every noise-free token's y, for jittered radii and wide arcs too, and the
 * mean of many noisy targets at one x. */
START_TEST(mmse_is_the_clean_target)
{
    data_spec specs[3] = {data_spec_default(), data_spec_default(), data_spec_default()};
    specs[1].radius_jitter = 0.25;
    specs[1].n = 64;
    specs[2].theta_min = 0.5;
    specs[2].theta_max = 6.0; /* past π: the angle must not wrap to a negative θ */
    specs[2].n = 50;
    for (int c = 0; c < 3; c++) {
        scene_spec s = semicircle_spec(&specs[c]);
        scene_task *t = new_scene_task(&scene_semicircle, &s);
        for (int i = 0; i < t->n; i++) {
            double m[2];
            scene_semicircle.mmse(&s, t->x + 2 * i, m);
            ck_assert_msg(fabs(m[0] - t->y[2 * i]) < 1e-12 && fabs(m[1] - t->y[2 * i + 1]) < 1e-11,
                          "spec %d token %d: E[y|x] (%g, %g), y (%g, %g)", c, i + 1, m[0], m[1], t->y[2 * i],
                          t->y[2 * i + 1]);
        }
        free(t);
    }
    /* noisy targets scatter around it: with noise 0.5 the mean over 4096 tokens of y − E[y|x] is near 0 */
    data_spec noisy = data_spec_default();
    noisy.n = DATA_MAX_TOKENS;
    noisy.noise = 0.5;
    scene_spec s = semicircle_spec(&noisy);
    scene_task *t = new_scene_task(&scene_semicircle, &s);
    double mean[2] = {0, 0};
    for (int i = 0; i < t->n; i++) {
        double m[2];
        scene_semicircle.mmse(&s, t->x + 2 * i, m);
        mean[0] += (t->y[2 * i] - m[0]) / t->n;
        mean[1] += (t->y[2 * i + 1] - m[1]) / t->n;
    }
    ck_assert_msg(fabs(mean[0]) < 0.03 && fabs(mean[1]) < 0.03, "mean residual (%g, %g)", mean[0], mean[1]);
    free(t);
    /* the universal scene's is its target */
    scene_spec u = scene_spec_default(&scene_universal);
    double x[2] = {0.2, -0.4}, a, b;
    scene_universal.mmse(&u, x, &a);
    scene_universal.target(&u, x, &b);
    ck_assert(a == b);
}
END_TEST

/* The hidden size a session takes for a preset: the solution's n - 1 in one place, the lecture's 8 when
 * n - 1 units do not fit, a fixed N otherwise. */
START_TEST(preset_hidden_in_one_place)
{
    ck_assert_int_eq(scene_preset_session_hidden(&scene_semicircle, 0, 9), 5);
    ck_assert_int_eq(scene_preset_session_hidden(&scene_semicircle, 1, 9), 8);
    ck_assert_int_eq(scene_preset_session_hidden(&scene_semicircle, 1, 33), 32);
    ck_assert_int_eq(scene_preset_hidden_n(&scene_semicircle, 1, 300), -1);
    ck_assert_int_eq(scene_preset_session_hidden(&scene_semicircle, 1, 300), 8);
    ck_assert_int_eq(scene_preset_session_hidden(&scene_universal, 0, 256), 6);
    for (int n = 2; n <= 300; n++) /* what data_preset's rule said */
        ck_assert_int_eq(scene_preset_session_hidden(&scene_semicircle, 1, n), n - 1 <= NN_MAX_HIDDEN ? n - 1 : 8);
}
END_TEST

/* Units added when N grows: the semicircle's are data_draw_unit's draws; a scene without a hook gets
 * w̄(1) = 0.5 z, b(1) = 0; the universal scene's follow its random start. */
START_TEST(grown_units_are_drawn_by_the_scene)
{
    nn_rng a, b;
    nn_rng_seed(&a, 42);
    nn_rng_seed(&b, 42);
    for (int j = 0; j < 20; j++) {
        double w[2], b1, w_ref[2], b_ref;
        scene_draw_unit(&scene_semicircle, &a, w, &b1);
        data_draw_unit(&b, w_ref, &b_ref);
        ck_assert_mem_eq(w, w_ref, sizeof w);
        ck_assert_mem_eq(&b1, &b_ref, sizeof b1);
    }
    nn_rng_seed(&a, 7);
    nn_rng_seed(&b, 7);
    double w[1], b1;
    scene_draw_unit(&toy, &a, w, &b1);
    ck_assert(w[0] == 0.5 * nn_rng_normal(&b) && b1 == 0.0);
    nn_rng_seed(&a, 7);
    nn_rng_seed(&b, 7);
    double wu[2], bu;
    scene_draw_unit(&scene_universal, &a, wu, &bu);
    double z0 = nn_rng_normal(&b), z1 = nn_rng_normal(&b), z2 = nn_rng_normal(&b);
    ck_assert(wu[0] == 2.0 * z0 && wu[1] == 2.0 * z1 && bu == 0.5 * z2);
}
END_TEST

/* Whether the tokens depend on the seed: decides if a session with a new seed pending writes them out. */
START_TEST(seeded_says_when_tokens_use_the_seed)
{
    scene_spec s = scene_spec_default(&scene_semicircle);
    ck_assert_int_eq(scene_seeded(&scene_semicircle, &s), 0);
    s.v[scene_param_index(&scene_semicircle, "noise")] = 0.1;
    ck_assert_int_eq(scene_seeded(&scene_semicircle, &s), 1);
    s = scene_spec_default(&scene_universal);
    ck_assert_int_eq(scene_seeded(&scene_universal, &s), 0);
    s.v[scene_param_index(&scene_universal, "layout")] = 1; /* random */
    ck_assert_int_eq(scene_seeded(&scene_universal, &s), 1);
    s = scene_spec_default(&toy);
    ck_assert_int_eq(scene_seeded(&toy, &s), 1); /* no hook: assume it does */
}
END_TEST

/* A scene added at run time is found by name; a name taken by another scene is refused. */
START_TEST(registered_scene_is_found)
{
    ck_assert_ptr_null(scene_find("toy"));
    ck_assert_int_eq(scene_register(&toy), 0);
    ck_assert_ptr_eq(scene_find("toy"), &toy);
    ck_assert_int_eq(scene_register(&toy), 0); /* again: no change */
    static scene_desc other;
    other = toy;
    ck_assert_int_eq(scene_register(&other), -1);
    other.name = "semicircle";
    ck_assert_int_eq(scene_register(&other), -1);
    ck_assert_ptr_eq(scene_find("semicircle"), &scene_semicircle);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("scene");
    TCase *tc = tcase_create("scene");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_test(tc, semicircle_is_the_first_scene);
    tcase_add_test(tc, semicircle_tokens_bit_for_bit);
    tcase_add_test(tc, ranges_come_from_the_description);
    tcase_add_test(tc, semicircle_presets_bit_for_bit);
    tcase_add_test(tc, semicircle_probe_and_guides);
    tcase_add_test(tc, toy_scene_from_a_description_trains);
    tcase_add_test(tc, universal_targets_are_their_formulas);
    tcase_add_test(tc, universal_tokens_grid_random_noise);
    tcase_add_test(tc, universal_true_error);
    tcase_add_test(tc, universal_bump_fits);
    tcase_add_test(tc, mmse_is_the_clean_target);
    tcase_add_test(tc, preset_hidden_in_one_place);
    tcase_add_test(tc, grown_units_are_drawn_by_the_scene);
    tcase_add_test(tc, seeded_says_when_tokens_use_the_seed);
    tcase_add_test(tc, registered_scene_is_found);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
