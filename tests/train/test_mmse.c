/* test_mmse: the lecture's slide "MMSE Solution": trained on the noisy preset (256 tokens, jittered radii,
 * noisy targets), ŷ settles on E[y | x], the clean parabola, not on the targets; the tokens slider's
 * sibling command (a scene parameter) rebuilds the tokens from the seed. Main thread; train_core directly.
 * Invariants: distances are measured at the tokens' own x, from the scene's own mmse. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bpl_config.h"
#include "session/session.h"
#include "train/core.h"

/* Root mean square of ||a_i − b_i|| over the n tokens (K = 2). */
static double rms(const double *a, const double *b, int n)
{
    double s = 0;
    for (int i = 0; i < 2 * n; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return sqrt(s / n);
}

START_TEST(noisy_preset_settles_on_the_mean)
{
    static session se;
    char err[512], path[1024];
    snprintf(path, sizeof path, "%s/presets/mmse.ini", BPL_SOURCE_ASSETS);
    ck_assert_msg(session_load(path, &se, err, sizeof err) == 0, "%s", err);
    train_core *c = train_core_create(&se, err, sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    static snap s;
    train_core_fill(c, &s);
    ck_assert_int_eq(s.n, 256);
    ck_assert(s.scene->mmse != NULL);
    static double mean[DATA_MAX_TOKENS * 2];
    for (int i = 0; i < s.n; i++) s.scene->mmse(&s.scene_spec, &s.x[2 * i], &mean[2 * i]);
    /* the targets scatter about E[y | x] by the noise */
    const double spread = rms(s.y, mean, s.n);
    ck_assert_double_gt(spread, 0.3);
    for (int k = 0; k < 3000; k++) train_core_step(c);
    train_core_fill(c, &s);
    const double to_mean = rms(s.yhat, mean, s.n), to_targets = rms(s.yhat, s.y, s.n);
    /* stated distance: ŷ within 0.12 (rms) of E[y | x], a third of the noise, and far closer to it than
     * to the targets it was trained on */
    ck_assert_msg(to_mean < 0.12, "rms |ŷ − E[y|x]| = %g", to_mean);
    ck_assert_msg(to_mean < to_targets / 3, "rms |ŷ − E[y|x]| = %g, |ŷ − y| = %g", to_mean, to_targets);
    train_core_destroy(c);
}
END_TEST

START_TEST(scene_parameter_rebuilds_the_tokens_from_the_seed)
{
    static session se;
    char err[256];
    session_default(&se);
    train_core *c = train_core_create(&se, err, sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    static snap a, b;
    train_core_fill(c, &a);
    const int noise = scene_param_index(a.scene, "noise"), jitter = scene_param_index(a.scene, "radius_jitter");
    ck_assert_int_ge(noise, 0);
    ck_assert_int_ge(jitter, 0);
    train_cmd cmd = {.type = TRAIN_CMD_SET_SCENE_PARAM, .i = noise, .a = 0.2};
    train_core_apply(c, &cmd);
    cmd = (train_cmd){.type = TRAIN_CMD_SET_SCENE_PARAM, .i = jitter, .a = 0.1};
    train_core_apply(c, &cmd);
    train_core_fill(c, &b);
    ck_assert_double_eq(b.scene_spec.v[noise], 0.2);
    ck_assert_double_eq(b.scene_spec.v[jitter], 0.1);
    ck_assert_int_eq(b.n, a.n);
    int moved = 0;
    for (int i = 0; i < 2 * a.n; i++) moved += a.y[i] != b.y[i];
    ck_assert_int_gt(moved, a.n); /* noisy targets now */
    ck_assert_int_eq(b.hist.mark[b.hist.n_marks - 1].kind, TRAIN_MARK_SCENE);
    /* the same spec and seed give the same tokens: the tokens slider keeps them */
    cmd = (train_cmd){.type = TRAIN_CMD_SET_TOKENS, .i = a.n};
    train_core_apply(c, &cmd);
    static snap d;
    train_core_fill(c, &d);
    for (int i = 0; i < 2 * a.n; i++) ck_assert_double_eq(d.y[i], b.y[i]);
    /* out of range: ignored */
    cmd = (train_cmd){.type = TRAIN_CMD_SET_SCENE_PARAM, .i = noise, .a = 1e9};
    train_core_apply(c, &cmd);
    cmd = (train_cmd){.type = TRAIN_CMD_SET_SCENE_PARAM, .i = 99, .a = 0};
    train_core_apply(c, &cmd);
    train_core_fill(c, &d);
    ck_assert_double_eq(d.scene_spec.v[noise], 0.2);
    train_core_destroy(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("mmse");
    TCase *tc = tcase_create("mmse");
    tcase_add_test(tc, noisy_preset_settles_on_the_mean);
    tcase_add_test(tc, scene_parameter_rebuilds_the_tokens_from_the_seed);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
