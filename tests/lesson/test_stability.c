/* test_stability: the stability meter from a trainer snapshot: λ_max as the Hessian code computes it, the
 * optimizer's limit, and the edge itself: with W(1), b(1) frozen (L quadratic in W(2), b(2)) the trainer
 * converges at η just under limit/λ_max and diverges just over it. Single-threaded; fixed seeds. */
#include "lesson/stability.h"
#include "nn/freeze_mask.h"
#include "nn/hessian.h"
#include "session/session.h"
#include "train/core.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static snap *snapshot_of(const session *s)
{
    char err[256];
    train_core *c = train_core_create(s, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    snap *out = calloc(1, sizeof *out);
    ck_assert_ptr_nonnull(out);
    train_core_fill(c, out);
    train_core_destroy(c);
    return out;
}

/* The edge of stability (edge-of-stability.ini): gd on the whole network from the lecture's start at
 * η = 0.9, where η·λ_max starts at 2.26, does not diverge: λ_max falls until η·λ_max sits at 2. */
START_TEST(gd_settles_on_the_edge)
{
    char err[256] = "";
    session s;
    session_default(&s);
    s.lr = 0.9;
    train_core *c = train_core_create(&s, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    snap *sn = calloc(1, sizeof *sn);
    ck_assert_ptr_nonnull(sn);
    train_core_fill(c, sn);
    lesson_stability st;
    ck_assert_int_eq(lesson_stability_of(sn, 2000, 1e-12, &st), 0);
    ck_assert_msg(st.eta_lambda > 2.2, "η·λ_max at the start %.17g", st.eta_lambda);
    train_cmd run = {.type = TRAIN_CMD_STEP, .i = 3000};
    train_core_apply(c, &run);
    while (train_core_wants_step(c))
        ck_assert_int_ne(train_core_step(c), TRAIN_DIVERGED);
    train_core_fill(c, sn);
    ck_assert_int_eq(sn->step, 3000);
    ck_assert_int_eq(lesson_stability_of(sn, 2000, 1e-12, &st), 0);
    ck_assert_msg(fabs(st.eta_lambda - 2.0) < 0.02, "η·λ_max after 3000 steps %.17g", st.eta_lambda);
    free(sn);
    train_core_destroy(c);
}
END_TEST

START_TEST(meter_matches_the_hessian_code)
{
    session s;
    session_default(&s);
    snap *sn = snapshot_of(&s);
    lesson_stability st;
    ck_assert_int_eq(lesson_stability_of(sn, 500, 1e-13, &st), 0);
    /* the same λ_max straight from nn_lambda_max on the snapshot's network, from another start */
    nn_net net;
    snap_net(sn, &net);
    const size_t P = nn_params(&net);
    double *v = malloc(6 * P * sizeof *v);
    ck_assert_ptr_nonnull(v);
    nn_curvature c = nn_lambda_max(&net, sn->x, sn->y, sn->n, NULL, 99, 500, 1e-13, v, v + P);
    ck_assert_msg(fabs(c.lambda_max - st.lambda_max) < 1e-8 * c.lambda_max, "%.17g vs %.17g", c.lambda_max,
                  st.lambda_max);
    ck_assert(st.lambda_max > 0.0 && st.converged);
    ck_assert(st.eta_lambda == sn->lr * st.lambda_max);
    ck_assert(st.limit == 2.0 && st.eta_edge == 2.0 / st.lambda_max);
    ck_assert(lesson_stability_limit(NN_OPT_MOMENTUM) == 3.8);
    ck_assert(lesson_stability_limit(NN_OPT_ADAM) == 0.0 && lesson_stability_limit(NN_OPT_LBFGS) == 0.0);
    free(v);
    free(sn);
}
END_TEST

/* Runs `steps` trainer steps at η = factor · edge with only W(2), b(2) learning; returns the last status. */
static train_status run_at(double factor, int steps, double *first, double *last)
{
    session s;
    session_default(&s);
    s.freeze.only_layer = 2;
    snap *sn = snapshot_of(&s);
    lesson_stability st;
    ck_assert_int_eq(lesson_stability_of(sn, 2000, 1e-14, &st), 0);
    s.lr = factor * st.eta_edge;
    char err[256];
    train_core *c = train_core_create(&s, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    *first = train_core_loss(c);
    train_status status = TRAIN_PAUSED;
    for (int i = 0; i < steps && status != TRAIN_DIVERGED; i++)
        status = train_core_step(c);
    *last = train_core_loss(c);
    train_core_destroy(c);
    free(sn);
    return status;
}

START_TEST(the_edge_is_where_the_trainer_diverges)
{
    double first, last;
    ck_assert(run_at(0.95, 3000, &first, &last) != TRAIN_DIVERGED);
    ck_assert_msg(last < first, "η = 0.95 edge: loss %g from %g", last, first);
    ck_assert_int_eq(run_at(1.05, 3000, &first, &last), TRAIN_DIVERGED);
}
END_TEST

/* The meter the window draws reads the trainer's λ_max: while running it is a sample of the schedule (a
 * step at most a schedule's gap old, never from the future); once paused the trainer refreshes it at the
 * weights shown, and then the meter's η·λ_max is lesson_stability_of's at that snapshot, to the bit. */
START_TEST(meter_of_the_snapshot_is_lesson_stability_of)
{
    session s;
    session_default(&s);
    char err[256];
    train_core *c = train_core_create(&s, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    snap *sn = calloc(1, sizeof *sn);
    ck_assert_ptr_nonnull(sn);
    train_core_fill(c, sn);
    lesson_meter m;
    lesson_meter_of(sn, &m);
    ck_assert(!m.has && m.level == LESSON_METER_NONE); /* nothing computed before a step or a refresh */

    for (int i = 0; i < 2000; i++)
        train_core_step(c);
    train_core_fill(c, sn);
    lesson_meter_of(sn, &m);
    /* the first at step 1, the second at most a schedule's gap later: when depends on CPU time, so only
     * that there is one, at a step taken */
    ck_assert(m.has && m.at >= 1 && m.at <= sn->step);
    ck_assert_int_ge(sn->curv.len, 1);
    ck_assert(sn->curv.step[0] == 1);
    ck_assert(sn->curv.step[sn->curv.len - 1] == m.at && sn->curv.lam[sn->curv.len - 1] == m.lambda_max);

    train_core_refresh_curv(c, 1);
    ck_assert_int_eq(train_core_refresh_curv(c, 1), 0); /* nothing changed: nothing to do */
    train_core_fill(c, sn);
    /* samples over steps for the edge-of-stability plot: increasing steps, each with its η */
    ck_assert_int_ge(sn->curv.len, 2);
    for (int i = 1; i < sn->curv.len; i++)
        ck_assert(sn->curv.step[i] > sn->curv.step[i - 1] && sn->curv.lr[i] == sn->lr);
    lesson_meter_of(sn, &m);
    lesson_stability st;
    ck_assert_int_eq(lesson_stability_of(sn, 1000, 1e-12, &st), 0);
    ck_assert(m.at == sn->step);
    ck_assert_msg(m.eta_lambda == st.eta_lambda, "meter %.17g, lesson_stability_of %.17g", m.eta_lambda,
                  st.eta_lambda);
    ck_assert(m.limit == 2.0 && m.eta_edge == st.eta_edge);
    ck_assert(m.level == (m.ratio >= 1.0 ? LESSON_METER_OVER : m.ratio >= 0.9 ? LESSON_METER_NEAR : LESSON_METER_OK));

    /* a command that changes the weights' problem makes the value stale: the refresh computes again */
    train_cmd act = {.type = TRAIN_CMD_SET_ACT, .i = NN_ACT_TANH};
    train_core_apply(c, &act);
    ck_assert_int_eq(train_core_refresh_curv(c, 1), 1);
    /* adam has no limit: the meter shows λ_max alone */
    train_cmd opt = {.type = TRAIN_CMD_SET_OPT, .i = NN_OPT_ADAM};
    train_core_apply(c, &opt);
    train_core_fill(c, sn);
    lesson_meter_of(sn, &m);
    ck_assert(m.has && m.limit == 0.0 && m.eta_edge == 0.0 && m.level == LESSON_METER_NONE);
    free(sn);
    train_core_destroy(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stability");
    TCase *tc = tcase_create("stability");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_test(tc, meter_matches_the_hessian_code);
    tcase_add_test(tc, gd_settles_on_the_edge);
    tcase_add_test(tc, the_edge_is_where_the_trainer_diverges);
    tcase_add_test(tc, meter_of_the_snapshot_is_lesson_stability_of);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
