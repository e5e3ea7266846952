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

int main(void)
{
    Suite *s = suite_create("stability");
    TCase *tc = tcase_create("stability");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_test(tc, meter_matches_the_hessian_code);
    tcase_add_test(tc, the_edge_is_where_the_trainer_diverges);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
