/* test_landscape: the landscape page's slice as the slicer thread computes it: its centre is the loss at the
 * snapshot's weights, along a chosen weight's axis it is the loss with that weight alone changed, the
 * eigenvector plane curves by λ_max along its first axis; and the thread hands back what it was asked for.
 * Single-threaded but for the slicer's own thread; fixed seeds. */
#include "app/slicer.h"
#include "lesson/landscape.h"
#include "session/session.h"
#include "train/core.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

static snap *trained(int steps)
{
    session s;
    session_default(&s);
    char err[256];
    train_core *c = train_core_create(&s, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    for (int i = 0; i < steps; i++)
        train_core_step(c);
    snap *sn = calloc(1, sizeof *sn);
    ck_assert_ptr_nonnull(sn);
    train_core_fill(c, sn);
    train_core_destroy(c);
    return sn;
}

/* A headless run's trajectory: step 0, the last step and evenly spaced ones between, never more than the
 * points the page keeps (so slicer_traj_add drops none), and every step of a short run. */
START_TEST(whole_run_fits_the_trajectory)
{
    const int64_t runs[] = {0, 1, 5, 125, 126, 127, 128, 300, 3000, 1000003};
    for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
        const int64_t steps = runs[r];
        ck_assert(slicer_traj_due(0, steps) && slicer_traj_due(steps, steps));
        int64_t kept = 0, prev = -1, gap = 0;
        for (int64_t st = 0; st <= steps; st++) {
            if (!slicer_traj_due(st, steps)) continue;
            kept++;
            if (prev >= 0 && st != steps) { /* evenly spaced, but for the last */
                ck_assert_msg(gap == 0 || st - prev == gap, "%lld steps: gap %lld after %lld", (long long)steps,
                              (long long)(st - prev), (long long)gap);
                gap = st - prev;
            }
            prev = st;
        }
        ck_assert_msg(kept <= VIEW_SLICE_TRAJ, "%lld steps: %lld points", (long long)steps, (long long)kept);
        const int64_t least = steps + 1 < VIEW_SLICE_TRAJ / 2 ? steps + 1 : VIEW_SLICE_TRAJ / 2;
        ck_assert_msg(kept >= least, "%lld steps: %lld points", (long long)steps, (long long)kept);
    }
    /* through slicer_traj_add, a run of 3000 steps keeps all its due points, the first at step 0 */
    snap *sn = trained(0);
    slicer_traj *t = calloc(1, sizeof *t);
    ck_assert_ptr_nonnull(t);
    t->gap = 1;
    slicer_traj_clear(t);
    int want = 0;
    for (int64_t st = 0; st <= 3000; st++)
        if (slicer_traj_due(st, 3000)) {
            sn->step = st;
            sn->p[0] = (double)st; /* the point tells its step */
            slicer_traj_add(t, sn);
            want++;
        }
    ck_assert_int_eq(t->m, want);
    ck_assert(t->pts[0] == 0.0 && t->pts[(size_t)(t->m - 1) * (size_t)t->P] == 3000.0);
    free(t);
    free(sn);
}
END_TEST

START_TEST(centre_is_the_current_loss)
{
    snap *sn = trained(500);
    slicer_job *j = calloc(1, sizeof *j);
    slicer_result *r = calloc(1, sizeof *r);
    ck_assert(j && r);
    for (int a = 0; a < VIEW_AXES_COUNT; a++) {
        slicer_traj *t = calloc(1, sizeof *t);
        ck_assert_ptr_nonnull(t);
        slicer_traj_clear(t);
        /* a trajectory bent in two directions, so its principal plane exists */
        for (int k = 0; k < 5; k++) {
            snap *q = trained(100 * k + (k % 2) * 37);
            slicer_traj_add(t, q);
            free(q);
        }
        slicer_traj_add(t, sn);
        ck_assert_int_eq(t->m, 6);
        slicer_job_of(j, sn, t, (view_axes)a, 3, 20, 1.0);
        ck_assert_int_eq(slicer_compute(j, r), 0);
        ck_assert(r->view.valid && r->view.step == sn->step && r->view.m == 6);
        ck_assert_msg(fabs(r->view.center_loss - sn->loss) <= 1e-12 * sn->loss, "axes %d: %.17g vs %.17g", a,
                      r->view.center_loss, sn->loss);
        ck_assert(r->view.lo <= sn->loss && r->view.hi >= sn->loss);
        /* the newest trajectory point is the centre itself: on the plane, at (0, 0) */
        ck_assert(fabs(r->view.ta[5]) < 1e-12 && fabs(r->view.tb[5]) < 1e-12 && r->view.tdist[5] < 1e-12);
        free(t);
    }
    free(j);
    free(r);
    free(sn);
}
END_TEST

START_TEST(weight_axis_changes_that_weight_alone)
{
    snap *sn = trained(300);
    slicer_job *j = calloc(1, sizeof *j);
    slicer_result *r = calloc(1, sizeof *r);
    ck_assert(j && r);
    slicer_job_of(j, sn, NULL, VIEW_AXES_WEIGHTS, 7, 2, 1.0);
    ck_assert_int_eq(slicer_compute(j, r), 0);
    nn_net net;
    snap_net(sn, &net);
    const size_t P = nn_params(&net);
    double *p = malloc(P * sizeof *p);
    ck_assert_ptr_nonnull(p);
    const int g = VIEW_SLICE_G, mid = g / 2;
    nn_shape shape;
    nn_net_shape(&net, &shape);
    nn_net moved;
    nn_view(&moved, &shape, net.act, net.gain, p);
    for (int col = 0; col < g; col += 8) {
        for (size_t q = 0; q < P; q++)
            p[q] = sn->p[q];
        p[7] += lesson_slice_coord(r->view.half, g, col);
        double want = nn_loss_grad(&moved, sn->x, sn->y, sn->n, NULL);
        ck_assert_msg(fabs(r->view.loss[mid * g + col] - want) <= 1e-12 * want, "column %d", col);
    }
    free(p);
    free(j);
    free(r);
    free(sn);
}
END_TEST

/* Along the first Hessian axis the slice is a parabola of curvature λ_max near the centre. */
START_TEST(eigen_plane_curves_by_lambda_max)
{
    snap *sn = trained(2000);
    slicer_job *j = calloc(1, sizeof *j);
    slicer_result *r = calloc(1, sizeof *r);
    ck_assert(j && r);
    slicer_job_of(j, sn, NULL, VIEW_AXES_HESSIAN, 0, 1, 0.02); /* zoomed in: the quadratic term dominates */
    ck_assert_int_eq(slicer_compute(j, r), 0);
    const int g = VIEW_SLICE_G, mid = g / 2;
    const double h = lesson_slice_coord(r->view.half, g, mid + 1);
    const double *row = r->view.loss + mid * g;
    double curv = (row[mid + 1] - 2 * row[mid] + row[mid - 1]) / (h * h);
    ck_assert_msg(fabs(curv - r->view.lam[0]) < 1e-3 * r->view.lam[0], "%.10g vs λ_max %.10g", curv, r->view.lam[0]);
    ck_assert(r->view.lam[0] >= r->view.lam[1]);
    free(j);
    free(r);
    free(sn);
}
END_TEST

START_TEST(thread_hands_back_the_slice)
{
    snap *sn = trained(100);
    slicer_job *j = calloc(1, sizeof *j);
    slicer_result *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    ck_assert(j && a && b);
    char err[160];
    slicer *sl = slicer_start(err, (int)sizeof err);
    ck_assert_msg(sl != NULL, "%s", err);
    slicer_job_of(j, sn, NULL, VIEW_AXES_WEIGHTS, 0, 1, 1.0);
    slicer_post(sl, j);
    while (!slicer_take(sl, a))
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    ck_assert(!slicer_busy(sl) && !slicer_take(sl, b)); /* taken once */
    slicer_compute(j, b);
    ck_assert(a->view.valid && a->view.center_loss == b->view.center_loss);
    for (int i = 0; i < VIEW_SLICE_G * VIEW_SLICE_G; i++)
        ck_assert(a->view.loss[i] == b->view.loss[i]);
    slicer_stop(sl);
    free(j);
    free(a);
    free(b);
    free(sn);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("landscape_app");
    TCase *tc = tcase_create("landscape_app");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_test(tc, centre_is_the_current_loss);
    tcase_add_test(tc, weight_axis_changes_that_weight_alone);
    tcase_add_test(tc, eigen_plane_curves_by_lambda_max);
    tcase_add_test(tc, thread_hands_back_the_slice);
    tcase_add_test(tc, whole_run_fits_the_trajectory);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
