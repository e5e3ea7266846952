/* test_universal_presets: the universal scene's hand-built starts against values computed here from their
 * formulas: Nielsen's tower (four steep units on x0 = ±1/2, x1 = ±1/2) and bump (eight units at equal
 * angles), their shared output weight and bias the least-squares optimum, and the bump's residual flat.
 * Single-threaded test binary; the presets draw nothing from the rng; the exit status is the verdict. */
#include "data/scene.h"
#include "nn/nn.h"
#include "nn/rng.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>

enum { G = SCENE_TRUE_ERROR_GRID };

static nn_net *preset_net(const char *preset, const char *target, scene_task *t)
{
    const scene_desc *sc = &scene_universal;
    scene_spec s = scene_spec_default(sc);
    const int ti = scene_param_index(sc, "target");
    s.v[ti] = scene_choice_find(&sc->params[ti], target);
    ck_assert(s.v[ti] >= 0);
    scene_build(sc, &s, t);
    const int p = scene_preset_find(sc, preset);
    ck_assert_int_ge(p, 0);
    const int n = scene_preset_hidden(sc, p, t);
    nn_net *net = nn_create(2, n, 1, sc->presets[p].act);
    nn_rng r;
    nn_rng_seed(&r, 1);
    ck_assert_int_eq(sc->presets[p].init(net, &r, t), 0);
    return net;
}

/* The mean of ŷ − f and of (ŷ − f)·Σ_k h_k over the 64×64 grid, through nn_forward: both vanish at the
 * least-squares optimum of a shared w(2) and b(2) (the normal equations), which the preset must be. */
static void normal_equations(const nn_net *net, const scene_task *t, double *mean_res, double *mean_res_phi,
                             double *max_res)
{
    double e[NN_MAX_HIDDEN], h[NN_MAX_HIDDEN], y, f;
    double a = 0, b = 0, m = 0;
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++) {
            const double x[2] = {-1 + (j + 0.5) * 2.0 / G, -1 + (i + 0.5) * 2.0 / G};
            nn_forward(net, x, e, h, &y);
            scene_universal.target(&t->spec, x, &f);
            double phi = 0;
            for (int k = 0; k < net->n_hidden; k++) phi += h[k];
            a += y - f;
            b += (y - f) * phi;
            m = fmax(m, fabs(y - f));
        }
    *mean_res = a / (G * G);
    *mean_res_phi = b / (G * G);
    *max_res = m;
}

START_TEST(tower_is_four_steep_units_on_two_pairs_of_lines)
{
    scene_task *t = malloc(sizeof *t);
    nn_net *net = preset_net("tower", "disc", t);
    ck_assert_int_eq(net->n_hidden, 4);
    ck_assert(net->act == NN_ACT_TANH);
    /* unit k is on towards the square: e_k = 12 (1/2 + x0), 12 (1/2 − x0), 12 (1/2 + x1), 12 (1/2 − x1) */
    const double want[4][3] = {{12, 0, 6}, {-12, 0, 6}, {0, 12, 6}, {0, -12, 6}};
    for (int k = 0; k < 4; k++) {
        ck_assert(net->w1[2 * k] == want[k][0] && net->w1[2 * k + 1] == want[k][1] && net->b1[k] == want[k][2]);
        ck_assert(net->w2[k] == net->w2[0]);
    }
    double a, b, m;
    normal_equations(net, t, &a, &b, &m);
    ck_assert_msg(fabs(a) < 1e-12 && fabs(b) < 1e-12, "normal equations %g %g", a, b);
    /* deep inside the square Σ h_k = 4 tanh(6)·…≈ 4, on a ridge ≈ 2, far outside ≈ 0 */
    double e[4], h[4], y0, y1, y2;
    const double in[2] = {0, 0}, ridge[2] = {0, 0.95}, out[2] = {0.95, 0.95};
    nn_forward(net, in, e, h, &y0);
    nn_forward(net, ridge, e, h, &y1);
    nn_forward(net, out, e, h, &y2);
    const double w = net->w2[0], b2 = net->b2[0];
    ck_assert(fabs(y0 - (4 * w + b2)) < 1e-4 * (1 + fabs(w)));
    ck_assert(fabs(y1 - (2 * w + b2)) < 1e-3 * (1 + fabs(w)));
    ck_assert(fabs(y2 - b2) < 1e-3 * (1 + fabs(w)));
    ck_assert(w > 0); /* the plateau stands up where the disc is 1 */
    nn_destroy(net);
    free(t);
}
END_TEST

START_TEST(bump_is_eight_units_at_equal_angles_and_fits_the_bump)
{
    scene_task *t = malloc(sizeof *t);
    nn_net *net = preset_net("bump", "bump", t);
    ck_assert_int_eq(net->n_hidden, 8);
    for (int k = 0; k < 8; k++) {
        const double th = k * M_PI / 4;
        ck_assert(fabs(net->w1[2 * k] + 4.25 * cos(th)) < 1e-15 && fabs(net->w1[2 * k + 1] + 4.25 * sin(th)) < 1e-15);
        ck_assert(fabs(net->b1[k] - 4.25 * 0.3) < 1e-15);
        ck_assert(net->w2[k] == net->w2[0]);
    }
    double a, b, m;
    normal_equations(net, t, &a, &b, &m);
    ck_assert_msg(fabs(a) < 1e-12 && fabs(b) < 1e-12, "normal equations %g %g", a, b);
    /* the residual is flat: within ±0.1 everywhere on the grid, true error below 10⁻³ (measured 0.092
     * and 5.6·10⁻⁴), while the bump itself rises to 1 */
    const double te = scene_true_error(&scene_universal, &t->spec, net, G);
    ck_assert_msg(m < 0.1 && te < 1e-3, "max |ŷ − f| %g, true error %g", m, te);
    nn_destroy(net);
    free(t);
}
END_TEST

/* A construction needs its units: the tower refuses another N, the bump fewer than three. */
START_TEST(constructions_refuse_other_sizes)
{
    scene_task *t = malloc(sizeof *t);
    scene_spec s = scene_spec_default(&scene_universal);
    scene_build(&scene_universal, &s, t);
    nn_rng r;
    nn_rng_seed(&r, 1);
    nn_net *net = nn_create(2, 5, 1, NN_ACT_TANH);
    const double before = net->p[0];
    ck_assert_int_eq(scene_universal.presets[scene_preset_find(&scene_universal, "tower")].init(net, &r, t), -1);
    ck_assert(net->p[0] == before);
    nn_destroy(net);
    net = nn_create(2, 2, 1, NN_ACT_TANH);
    ck_assert_int_eq(scene_universal.presets[scene_preset_find(&scene_universal, "bump")].init(net, &r, t), -1);
    nn_destroy(net);
    free(t);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("universal_presets");
    TCase *tc = tcase_create("presets");
    tcase_add_test(tc, tower_is_four_steep_units_on_two_pairs_of_lines);
    tcase_add_test(tc, bump_is_eight_units_at_equal_angles_and_fits_the_bump);
    tcase_add_test(tc, constructions_refuse_other_sizes);
    suite_add_tcase(su, tc);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
