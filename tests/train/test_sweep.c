/* test_sweep: Barron's sweep on the universal scene: reproducible rows, the stopping rule, the fitted slope.
 * Single-threaded test binary; fixed seeds; the exit status is the verdict.
 * Invariants: nothing here depends on timing; the slope bound is the one the lecture's claim predicts. */
#include "data/scene.h"
#include "train/sweep.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static scene_spec bump(void)
{
    return scene_spec_default(&scene_universal); /* the bump on the 16×16 grid */
}

START_TEST(slope_of_exact_powers)
{
    /* best of two restarts per N: 3/N and 5/N give the slope −1 exactly; N^-2 gives −2 */
    sweep_row rows[8];
    for (int i = 0; i < 4; i++) {
        int n = 1 << i;
        rows[2 * i] = (sweep_row){.n_hidden = n, .restart = 0, .true_error = 5.0 / n};
        rows[2 * i + 1] = (sweep_row){.n_hidden = n, .restart = 1, .true_error = 3.0 / n};
    }
    ck_assert(fabs(sweep_slope(rows, 8) + 1.0) < 1e-12);
    for (int i = 0; i < 8; i++)
        rows[i].true_error = 1.0 / ((double)rows[i].n_hidden * rows[i].n_hidden);
    ck_assert(fabs(sweep_slope(rows, 8) + 2.0) < 1e-12);
    ck_assert(isnan(sweep_slope(rows, 2))); /* one width: no slope */
}
END_TEST

START_TEST(checks_name_the_field)
{
    char msg[160];
    sweep_desc d = sweep_default(&scene_universal, bump());
    ck_assert_int_eq(sweep_check(&d, msg, (int)sizeof msg), 0);
    d.sizes[3] = 0;
    ck_assert_int_eq(sweep_check(&d, msg, (int)sizeof msg), -1);
    ck_assert_msg(strstr(msg, "sweep size 0"), "%s", msg);
    d = sweep_default(&scene_universal, bump());
    d.restarts = 0;
    ck_assert_int_eq(sweep_check(&d, msg, (int)sizeof msg), -1);
    ck_assert_msg(strstr(msg, "restarts = 0"), "%s", msg);
    d = sweep_default(&scene_semicircle, scene_spec_default(&scene_semicircle));
    ck_assert_int_eq(sweep_check(&d, msg, (int)sizeof msg), -1);
    ck_assert_msg(strstr(msg, "no target"), "%s", msg);
}
END_TEST

START_TEST(runs_are_reproducible_and_stop)
{
    sweep_desc d = sweep_default(&scene_universal, bump());
    d.n_sizes = 2;
    d.sizes[0] = 2;
    d.sizes[1] = 8;
    d.restarts = 2;
    sweep_row a, b, c;
    ck_assert_int_eq(sweep_run(&d, 1, 1, &a), 0);
    ck_assert_int_eq(sweep_run(&d, 1, 1, &b), 0);
    ck_assert_int_eq(memcmp(&a, &b, sizeof a), 0);
    ck_assert_int_eq(a.n_hidden, 8);
    ck_assert_int_eq(a.restart, 1);
    ck_assert(a.steps >= 1 && a.steps <= d.max_steps);
    ck_assert(a.true_error > 0.0 && isfinite(a.train_loss));
    ck_assert_int_eq(sweep_run(&d, 1, 0, &c), 0); /* another restart, another start */
    ck_assert(c.train_loss != a.train_loss);
    /* a step cap is a stopping rule too */
    d.max_steps = 7;
    ck_assert_int_eq(sweep_run(&d, 0, 0, &c), 0);
    ck_assert(c.steps == 7);
}
END_TEST

/* Barron's bound says the best true error over a smooth class falls at least like 1/N. Measured here
 * (N = 1..16, 3 restarts, L-BFGS to the stopping rule, 16×16 grid): the bump's fitted slope is about
 * −3.3, far steeper than −1, and the discontinuous disc's about −0.7: the smooth target wins. */
static double slope_of(const char *target, int n_sizes, int restarts)
{
    scene_spec sp = bump();
    const scene_param *tp = &scene_universal.params[scene_param_index(&scene_universal, "target")];
    sp.v[scene_param_index(&scene_universal, "target")] = scene_choice_find(tp, target);
    sweep_desc d = sweep_default(&scene_universal, sp);
    d.n_sizes = n_sizes;
    d.restarts = restarts;
    sweep_row rows[SWEEP_MAX_SIZES * 3];
    int n = 0;
    for (int s = 0; s < d.n_sizes; s++)
        for (int r = 0; r < d.restarts; r++)
            ck_assert_int_eq(sweep_run(&d, s, r, &rows[n++]), 0);
    double slope = sweep_slope(rows, n);
    printf("%s: slope %.3f\n", target, slope);
    return slope;
}

START_TEST(smooth_bump_beats_barron_and_the_disc)
{
    double bump_slope = slope_of("bump", 5, 3);
    double disc_slope = slope_of("disc", 5, 3);
    ck_assert_msg(bump_slope <= -1.0, "bump slope %g", bump_slope);
    ck_assert_msg(disc_slope < -0.2 && disc_slope > -1.6, "disc slope %g", disc_slope);
    ck_assert_msg(bump_slope < disc_slope - 0.5, "bump %g, disc %g", bump_slope, disc_slope);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sweep");
    TCase *tc = tcase_create("sweep");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_test(tc, slope_of_exact_powers);
    tcase_add_test(tc, checks_name_the_field);
    tcase_add_test(tc, runs_are_reproducible_and_stop);
    tcase_add_test(tc, smooth_bump_beats_barron_and_the_disc);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
