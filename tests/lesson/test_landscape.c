/* test_landscape: the loss-landscape slice: its centre is the current loss, a weight's axis is that weight
 * alone, the Hessian plane's curvature along its first axis is λ_max; trajectory axes and projections.
 * Single-threaded test binary; fixed seeds; the exit status is the verdict. */
#include "data/preset.h"
#include "data/task.h"
#include "lesson/landscape.h"
#include "nn/hessian.h"
#include "nn/nn.h"
#include "nn/rng.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    data_task *t;
    nn_net *net;
    size_t P;
} fixture;

static fixture lecture(void)
{
    fixture f;
    data_spec s = data_spec_default();
    f.t = malloc(sizeof *f.t);
    ck_assert_ptr_nonnull(f.t);
    data_task_build(f.t, &s);
    f.net = nn_create(2, 5, 2, NN_ACT_LOGISTIC);
    nn_rng r;
    nn_rng_seed(&r, 1);
    data_init_lecture_start(f.net, &r);
    f.P = nn_params(f.net);
    return f;
}

static void done(fixture *f)
{
    nn_destroy(f->net);
    free(f->t);
}

static double *vec(size_t n)
{
    double *v = calloc(n, sizeof *v);
    ck_assert_ptr_nonnull(v);
    return v;
}

START_TEST(centre_is_the_current_loss_and_axes_are_weights)
{
    fixture f = lecture();
    const int g = 9;
    double *u = vec(f.P), *v = vec(f.P), *out = vec((size_t)g * g), *scratch = vec(f.P);
    const size_t wi = 3, wj = 12; /* b(1)_2 ... any two weights */
    lesson_axes_weights(f.P, wi, wj, u, v);
    lesson_slice(f.net, f.t->x, f.t->y, 9, u, v, 0.8, g, out, scratch);
    double here = nn_loss_grad(f.net, f.t->x, f.t->y, 9, NULL);
    ck_assert(lesson_slice_coord(0.8, g, g / 2) == 0.0);
    ck_assert_msg(out[(g / 2) * g + g / 2] == here, "centre %.17g, loss %.17g", out[(g / 2) * g + g / 2], here);
    /* the middle row is weight wi alone: the same loss as moving that weight by hand */
    for (int j = 0; j < g; j++) {
        double a = lesson_slice_coord(0.8, g, j);
        double keep = f.net->p[wi];
        f.net->p[wi] = keep + a;
        double want = nn_loss_grad(f.net, f.t->x, f.t->y, 9, NULL);
        f.net->p[wi] = keep;
        ck_assert_msg(out[(g / 2) * g + j] == want, "α = %g: %.17g, want %.17g", a, out[(g / 2) * g + j], want);
    }
    /* and the middle column is wj alone */
    for (int i = 0; i < g; i++) {
        double b = lesson_slice_coord(0.8, g, i);
        double keep = f.net->p[wj];
        f.net->p[wj] = keep + b;
        double want = nn_loss_grad(f.net, f.t->x, f.t->y, 9, NULL);
        f.net->p[wj] = keep;
        ck_assert(out[i * g + g / 2] == want);
    }
    /* the slice is not flat: these weights matter */
    ck_assert(out[0] != out[g * g - 1]);
    ck_assert(lesson_slice_coord(0.8, g, 0) == -0.8 && lesson_slice_coord(0.8, g, g - 1) == 0.8);
    free(u);
    free(v);
    free(out);
    free(scratch);
    done(&f);
}
END_TEST

START_TEST(hessian_plane_curvature_is_lambda_max)
{
    fixture f = lecture();
    double *u = vec(f.P), *v = vec(f.P), *scratch = vec(5 * f.P), lam[2];
    ck_assert_int_eq(lesson_axes_hessian(f.net, f.t->x, f.t->y, 9, NULL, 11, u, v, lam, scratch), 0);
    ck_assert(lam[0] >= lam[1]);
    double uu = 0, vv = 0, uv = 0;
    for (size_t i = 0; i < f.P; i++) {
        uu += u[i] * u[i];
        vv += v[i] * v[i];
        uv += u[i] * v[i];
    }
    ck_assert(fabs(uu - 1) < 1e-12 && fabs(vv - 1) < 1e-12 && fabs(uv) < 1e-9);
    /* second differences along u and v at the centre: uᵀHu = λ_1, vᵀHv = λ_2 */
    const double h = 1e-3;
    double out[9];
    lesson_slice(f.net, f.t->x, f.t->y, 9, u, v, h, 3, out, scratch);
    double along_u = (out[3] - 2 * out[4] + out[5]) / (h * h);
    double along_v = (out[1] - 2 * out[4] + out[7]) / (h * h);
    ck_assert_msg(fabs(along_u - lam[0]) < 1e-4 * lam[0], "curvature %.10g, λ_max %.10g", along_u, lam[0]);
    ck_assert_msg(fabs(along_v - lam[1]) < 1e-4 * fabs(lam[0]), "curvature %.10g, λ_2 %.10g", along_v, lam[1]);
    free(u);
    free(v);
    free(scratch);
    done(&f);
}
END_TEST

/* Points along a line with a smaller wobble across it: the first axis is the line, the second the wobble. */
START_TEST(trajectory_axes_and_projection)
{
    enum { M = 40, P = 6 };
    double traj[M * P], dir[P] = {1, 2, 0, -1, 0, 0}, side[P] = {0, 0, 1, 0, 0, 1};
    double nd = sqrt(6.0), ns = sqrt(2.0);
    for (int t = 0; t < M; t++)
        for (int i = 0; i < P; i++)
            traj[t * P + i] = 0.5 + 0.1 * t * dir[i] / nd + 0.3 * sin(0.7 * t) * side[i] / ns;
    double u[P], v[P], scratch[2 * P];
    ck_assert_int_eq(lesson_axes_trajectory(traj, M, P, u, v, scratch), 0);
    double cu = 0, cv = 0;
    for (int i = 0; i < P; i++) {
        cu += u[i] * dir[i] / nd;
        cv += v[i] * side[i] / ns;
    }
    ck_assert_msg(fabs(fabs(cu) - 1) < 1e-3, "first axis · line = %g", cu);
    ck_assert_msg(fabs(fabs(cv) - 1) < 1e-3, "second axis · wobble = %g", cv);
    /* a point on the plane projects with no distance; one lifted off it by 2 along a third direction, 2 */
    double q[P], a, b, dist;
    for (int i = 0; i < P; i++)
        q[i] = traj[i] + 0.25 * u[i] - 0.5 * v[i];
    lesson_project(q, traj, u, v, P, &a, &b, &dist);
    ck_assert(fabs(a - 0.25) < 1e-12 && fabs(b + 0.5) < 1e-12 && dist < 1e-6);
    double off[P] = {0, 0, 0, 0, 1, 0}; /* orthogonal to both dir and side */
    for (int i = 0; i < P; i++)
        q[i] += 2 * off[i];
    lesson_project(q, traj, u, v, P, &a, &b, &dist);
    ck_assert_msg(fabs(dist - 2) < 1e-3, "distance %g", dist);
    /* too few points, or all the same: no axes */
    ck_assert_int_eq(lesson_axes_trajectory(traj, 2, P, u, v, scratch), -1);
    double still[3 * P] = {0};
    ck_assert_int_eq(lesson_axes_trajectory(still, 3, P, u, v, scratch), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("landscape");
    TCase *tc = tcase_create("landscape");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_test(tc, centre_is_the_current_loss_and_axes_are_weights);
    tcase_add_test(tc, hessian_plane_curvature_is_lambda_max);
    tcase_add_test(tc, trajectory_axes_and_projection);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
