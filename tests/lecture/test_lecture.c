/* test_lecture: lecture mode's numbers: the pending update against the network module's gradient,
 * the step it predicts, the phase equations, the hand-built solution's chain, freeze toggles.
 * Single-threaded; snapshots come from train_core without threads, so every step is the trainer's own.
 * Invariants: expected values are recomputed here from the snapshot (nn_forward, nn_loss_grad_ref). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/nn.h"
#include "render/lecture.h"
#include "session/session.h"
#include "train/core.h"

#define TOL 1e-12

/* ---- test utilities ---- */

typedef struct {
    data_preset preset;
    nn_act act;
    int hidden; /* 0: the preset's */
    int tokens; /* 0: the preset's */
    double jitter;
    int steps; /* gd steps before the snapshot, so that it is not the start */
} config;

static train_core *make_core(const config *cf, nn_opt_kind opt)
{
    static session se;
    char err[256] = "";
    session_default(&se);
    session_set_preset(&se, cf->preset);
    se.act = cf->act;
    if (cf->tokens) se.task.n = cf->tokens;
    if (cf->hidden) se.hidden = cf->hidden;
    se.task.radius_jitter = cf->jitter;
    se.opt = opt;
    train_core *c = train_core_create(&se, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "train_core_create: %s", err);
    for (int i = 0; i < cf->steps; i++) ck_assert_int_ne(train_core_step(c), TRAIN_DIVERGED);
    return c;
}

static snap *fill(const train_core *c)
{
    snap *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(s);
    train_core_fill(c, s);
    return s;
}

static const config configs[] = {
    {DATA_PRESET_LECTURE_START, NN_ACT_LOGISTIC, 0, 0, 0.0, 0},
    {DATA_PRESET_LECTURE_START, NN_ACT_LOGISTIC, 0, 0, 0.0, 25},
    {DATA_PRESET_LECTURE_START, NN_ACT_TANH, 7, 20, 0.2, 3},
    {DATA_PRESET_LECTURE_START, NN_ACT_RELU, 12, 33, 0.1, 5},
};
#define N_CONFIGS ((int)(sizeof configs / sizeof configs[0]))

static size_t n_params(const snap *s) { return nn_param_count(DATA_D, s->hidden, DATA_K); }

/* ---- the pending update ---- */

/* Batch arrows = −η × the snapshot's gradient = −η × the network module's reference gradient at the
 * snapshot's weights = Σ of every token's own share. */
START_TEST(test_batch_arrows_are_gradient)
{
    const config *cf = &configs[_i];
    train_core *c = make_core(cf, NN_OPT_GD);
    snap *s = fill(c);
    size_t P = n_params(s);

    nn_net net;
    snap_net(s, &net);
    double *ref = calloc(P, sizeof *ref);
    ck_assert_ptr_nonnull(ref);
    nn_loss_grad_ref(&net, s->x, s->y, s->n, ref);

    lect_update *u = malloc(sizeof *u), *share = malloc(sizeof *share);
    double *sum = calloc(P, sizeof *sum);
    ck_assert(u && share && sum);
    lect_update_compute(s, u);
    ck_assert_int_eq(u->n_hidden, s->hidden);
    lect_token t;
    for (int i = 0; i < s->n; i++) {
        lect_token_compute(s, i, &t);
        lect_token_share(s, &t, share);
        for (size_t j = 0; j < P; j++) sum[j] += share->dp[j];
        /* the per-unit share agrees with the full one */
        for (int k = 0; k < s->hidden; k++) {
            double dw1[DATA_D], db1, dw2[DATA_K];
            lect_token_share_unit(s, &t, k, dw1, &db1, dw2);
            ck_assert(memcmp(dw1, share->dp + (size_t)k * DATA_D, sizeof dw1) == 0);
            ck_assert(db1 == share->dp[(size_t)s->hidden * DATA_D + (size_t)k]);
        }
    }
    double biggest = 0;
    for (size_t j = 0; j < P; j++) {
        ck_assert_msg(u->dp[j] == -s->lr * s->grad[j], "param %zu: arrow %.17g, -lr*grad %.17g", j, u->dp[j],
                      -s->lr * s->grad[j]);
        ck_assert_msg(fabs(u->dp[j] + s->lr * ref[j]) <= TOL, "param %zu: arrow %.17g, -lr*ref %.17g", j, u->dp[j],
                      -s->lr * ref[j]);
        ck_assert_msg(fabs(sum[j] - u->dp[j]) <= TOL, "param %zu: sum of shares %.17g, batch %.17g", j, sum[j],
                      u->dp[j]);
        biggest = fmax(biggest, fabs(u->dp[j]));
    }
    ck_assert_msg(biggest > 1e-6, "the update checked is trivially small (%g)", biggest);

    /* views into dp */
    int n = s->hidden;
    for (int k = 0; k < n; k++) {
        ck_assert_ptr_eq(lect_dw1(u, k), u->dp + (size_t)k * DATA_D);
        ck_assert(lect_db1(u, k) == u->dp[(size_t)n * DATA_D + (size_t)k]);
        ck_assert_ptr_eq(lect_dw2(u, k), u->dp + (size_t)n * (DATA_D + 1) + (size_t)k * DATA_K);
    }
    ck_assert_ptr_eq(lect_db2(u), u->dp + (size_t)n * (DATA_D + 1 + DATA_K));
    double in_len, out_len;
    lect_update_longest(u, &in_len, &out_len);
    ck_assert(in_len > 0 && out_len > 0);
    ck_assert(in_len >= hypot(lect_dw1(u, n - 1)[0], lect_dw1(u, n - 1)[1]));
    ck_assert(out_len >= hypot(lect_db2(u)[0], lect_db2(u)[1]));

    free(sum);
    free(share);
    free(u);
    free(ref);
    free(s);
    train_core_destroy(c);
}
END_TEST

/* One real gd step of the trainer moves the weights exactly to the arrow tips; the animation ends there. */
START_TEST(test_step_lands_on_tips)
{
    const config *cf = &configs[_i];
    train_core *c = make_core(cf, NN_OPT_GD);
    snap *before = fill(c);
    ck_assert_int_ne(train_core_step(c), TRAIN_DIVERGED);
    snap *after = fill(c);
    ck_assert_int_eq(after->step, before->step + 1);
    size_t P = n_params(before);

    lect_update u;
    lect_update_compute(before, &u);
    double *tip = malloc(P * sizeof *tip), *anim = malloc(P * sizeof *anim);
    ck_assert(tip && anim);
    lect_update_tips(before, &u, tip);
    int moved = 0;
    for (size_t j = 0; j < P; j++) {
        ck_assert_msg(fabs(after->p[j] - tip[j]) <= TOL, "param %zu: after the step %.17g, tip %.17g", j, after->p[j],
                      tip[j]);
        moved += after->p[j] != before->p[j];
    }
    ck_assert_int_gt(moved, 0);

    /* the update phase's animation: t = 0 is before, t = 1 the tips, for all units at once */
    lect_interpolate(before, after->p, 1.0, LECT_ALL_UNITS, anim);
    for (size_t j = 0; j < P; j++) ck_assert(fabs(anim[j] - tip[j]) <= TOL);
    lect_interpolate(before, after->p, 0.0, LECT_ALL_UNITS, anim);
    ck_assert(memcmp(anim, before->p, P * sizeof *anim) == 0);
    lect_interpolate(before, after->p, 0.5, LECT_ALL_UNITS, anim);
    for (size_t j = 0; j < P; j++)
        ck_assert(fabs(anim[j] - 0.5 * (before->p[j] + after->p[j])) <= TOL);

    /* one unit alone: only its w̄(1), b(1), w(2) move */
    int n = before->hidden, k = n / 2;
    lect_interpolate(before, after->p, 1.0, k, anim);
    for (size_t j = 0; j < P; j++) {
        int in_unit = (j < (size_t)n * DATA_D && j / DATA_D == (size_t)k) || j == (size_t)n * DATA_D + (size_t)k ||
                      (j >= (size_t)n * (DATA_D + 1) && j < (size_t)n * (DATA_D + 1 + DATA_K) &&
                       (j - (size_t)n * (DATA_D + 1)) / DATA_K == (size_t)k);
        ck_assert_msg(anim[j] == (in_unit ? after->p[j] : before->p[j]), "param %zu (unit %d)", j, k);
    }
    lect_interpolate(before, after->p, 1.0, LECT_OUTPUT_BIAS, anim);
    for (size_t j = 0; j < P; j++)
        ck_assert(anim[j] == (j >= (size_t)n * (DATA_D + 1 + DATA_K) ? after->p[j] : before->p[j]));

    /* unit by unit: segments run 0..N−1, then b(2); done units at the tips, later ones before */
    ck_assert_int_eq(lect_interpolate_units(before, after->p, 0.0, anim), 0);
    ck_assert(memcmp(anim, before->p, P * sizeof *anim) == 0);
    double tmid = (k + 0.5) / (n + 1);
    ck_assert_int_eq(lect_interpolate_units(before, after->p, tmid, anim), k);
    ck_assert(anim[0] == (k > 0 ? after->p[0] : 0.5 * before->p[0] + 0.5 * after->p[0]));
    ck_assert(anim[P - 1] == before->p[P - 1]);
    ck_assert_int_eq(lect_interpolate_units(before, after->p, 1.0, anim), LECT_OUTPUT_BIAS);
    for (size_t j = 0; j < P; j++) ck_assert(fabs(anim[j] - tip[j]) <= TOL);
    /* p_out may alias p_after */
    memcpy(anim, after->p, P * sizeof *anim);
    lect_interpolate(before, anim, 1.0, LECT_ALL_UNITS, anim);
    ck_assert(memcmp(anim, after->p, P * sizeof *anim) == 0);

    free(anim);
    free(tip);
    free(after);
    free(before);
    train_core_destroy(c);
}
END_TEST

/* ---- the hand-built solution ---- */

START_TEST(test_solution_chain_ends_on_target)
{
    config cf = {DATA_PRESET_LECTURE_SOLUTION, NN_ACT_STEP, 0, 0, 0.0, 0};
    train_core *c = make_core(&cf, NN_OPT_GD);
    snap *s = fill(c);
    ck_assert_int_eq(s->act, NN_ACT_STEP);
    ck_assert_int_eq(s->hidden, s->n - 1);
    double *pts = malloc((size_t)(s->hidden + 1) * DATA_K * sizeof *pts);
    ck_assert_ptr_nonnull(pts);
    lect_token t;
    for (int i = 0; i < s->n; i++) {
        lect_token_compute(s, i, &t);
        for (int o = 0; o < DATA_K; o++) {
            ck_assert_msg(fabs(t.eps[o]) <= TOL && fabs(t.err[o]) <= TOL, "token %d: ε = %g", i, t.eps[o]);
            ck_assert(fabs(t.yhat[o] - s->yhat[(size_t)i * DATA_K + (size_t)o]) <= TOL); /* the kernel sums in another order */
        }
        int rows = lect_chain(s, &t, pts);
        ck_assert_int_eq(rows, s->hidden + 1);
        const double *end = pts + (size_t)s->hidden * DATA_K;
        for (int o = 0; o < DATA_K; o++) {
            ck_assert(end[o] == t.yhat[o]); /* the chain is ŷ's own sum */
            ck_assert_msg(fabs(end[o] - s->y[(size_t)i * DATA_K + (size_t)o]) <= TOL, "token %d: chain ends %.17g, target %.17g",
                          i, end[o], s->y[(size_t)i * DATA_K + (size_t)o]);
        }
        /* unit by unit: token i has units 0..i−1 on, so the chain passes through y_0, y_1, …, y_i */
        for (int k = 0; k <= s->hidden; k++) {
            int j = k <= i ? k : i;
            for (int o = 0; o < DATA_K; o++)
                ck_assert_msg(fabs(pts[(size_t)k * DATA_K + (size_t)o] - s->y[(size_t)j * DATA_K + (size_t)o]) <= TOL,
                              "token %d, link %d", i, k);
        }
        /* the step's derivative is 0: δ = 0, no layer-1 update */
        for (int k = 0; k < s->hidden; k++) ck_assert(t.dsig[k] == 0 && t.delta[k] == 0);
    }
    /* a free input on the θ slider between tokens 2 and 3 has units 0..2 on */
    double th = 0.5 * (s->theta[2] + s->theta[3]) + 0.01, x[2] = {cos(th), sin(th)};
    lect_token_eval(s, x, NULL, &t);
    ck_assert_int_eq(t.token, -1);
    ck_assert_int_eq(t.has_target, 0);
    ck_assert(t.h[2] == 1 && t.h[3] == 0 && t.eps[0] == 0 && t.eps[1] == 0);
    lect_chain(s, &t, pts);
    ck_assert(fabs(pts[(size_t)s->hidden * DATA_K] - s->y[3 * DATA_K]) <= TOL);
    free(pts);
    free(s);
    train_core_destroy(c);
}
END_TEST

/* ---- equations ---- */

/* s contains want as a whole number: not preceded or followed by more digits. */
static int has_num(const char *s, const char *want)
{
    size_t wl = strlen(want);
    for (const char *p = strstr(s, want); p; p = strstr(p + 1, want)) {
        char before = p > s ? p[-1] : ' ', after = p[wl];
        int bad_before = (before >= '0' && before <= '9') || before == '.';
        int bad_after = (after >= '0' && after <= '9') || after == '.' || after == 'e';
        if (!bad_before && !bad_after) return 1;
    }
    return 0;
}

static void expect(const char *text, double v, const char *what, lect_phase p)
{
    char want[64];
    lect_fmt_num(want, sizeof want, v);
    ck_assert_msg(has_num(text, want), "phase %s: %s = %s missing from:\n%s", lect_phase_name(p), what, want, text);
}

static void expect2(const char *text, const double *v, const char *what, lect_phase p)
{
    char want[160], a[64], b[64];
    lect_fmt_num(a, sizeof a, v[0]);
    lect_fmt_num(b, sizeof b, v[1]);
    snprintf(want, sizeof want, "(%s, %s)", a, b);
    ck_assert_msg(strstr(text, want) != NULL, "phase %s: %s = %s missing from:\n%s", lect_phase_name(p), what, want,
                  text);
}

START_TEST(test_equations_show_snapshot_numbers)
{
    const config *cf = &configs[_i];
    train_core *c = make_core(cf, NN_OPT_GD);
    snap *s = fill(c);
    nn_net net;
    snap_net(s, &net);
    int n = s->hidden;
    char text[4096];
    const int tokens[2] = {0, s->n / 2 + 1};
    for (int ti = 0; ti < 2; ti++) {
        int i = tokens[ti];
        const double *x = s->x + (size_t)i * DATA_D, *y = s->y + (size_t)i * DATA_K;
        double e[NN_MAX_HIDDEN], h[NN_MAX_HIDDEN], yhat[DATA_K], err[DATA_K], eps[DATA_K];
        nn_forward(&net, x, e, h, yhat);
        for (int o = 0; o < DATA_K; o++) {
            err[o] = yhat[o] - y[o];
            eps[o] = err[o] / s->n;
        }
        for (int k = 0; k < n; k += (n > 4 ? 3 : 1)) {
            const double *w1 = net.w1 + (size_t)k * DATA_D, *w2 = net.w2 + (size_t)k * DATA_K;
            double ds = nn_act_df(s->act, s->gain, e[k]), back = w2[0] * eps[0] + w2[1] * eps[1];
            double delta = ds * back;

            ck_assert_int_eq(lect_equation(s, i, k, LECT_OFF, text, sizeof text), 0);
            ck_assert_str_eq(text, "");

            int len = lect_equation(s, i, k, LECT_FORWARD, text, sizeof text);
            ck_assert(len > 0 && (size_t)len < sizeof text);
            expect(text, net.b1[k], "b(1)_k", LECT_FORWARD);
            expect2(text, w1, "w̄(1)_k", LECT_FORWARD);
            expect2(text, x, "x", LECT_FORWARD);
            expect(text, e[k], "e(1)_k", LECT_FORWARD);
            expect(text, h[k], "h_k", LECT_FORWARD);
            expect2(text, net.b2, "b(2)", LECT_FORWARD);
            expect2(text, w2, "w(2)_k", LECT_FORWARD);
            expect2(text, yhat, "ŷ", LECT_FORWARD);
            char unit_name[32];
            snprintf(unit_name, sizeof unit_name, "h\xe2\x82%c", (char)(0x80 + (k + 1) % 10));
            if (k + 1 < 10) ck_assert_msg(strstr(text, unit_name), "unit %d not named in:\n%s", k + 1, text);

            lect_equation(s, i, k, LECT_ERROR, text, sizeof text);
            expect2(text, yhat, "ŷ", LECT_ERROR);
            expect2(text, y, "y", LECT_ERROR);
            expect2(text, err, "ŷ − y", LECT_ERROR);
            expect2(text, eps, "ε", LECT_ERROR);
            expect(text, s->loss, "L", LECT_ERROR);

            lect_equation(s, i, k, LECT_LAYER2, text, sizeof text);
            double share2[DATA_K] = {-s->lr * (h[k] * eps[0]), -s->lr * (h[k] * eps[1])};
            const double *g2 = s->grad + (size_t)n * (DATA_D + 1) + (size_t)k * DATA_K;
            const double *gb2 = s->grad + (size_t)n * (DATA_D + 1 + DATA_K);
            double batch2[DATA_K] = {-s->lr * g2[0], -s->lr * g2[1]}, batchb2[DATA_K] = {-s->lr * gb2[0], -s->lr * gb2[1]};
            expect(text, -s->lr, "−η", LECT_LAYER2);
            expect(text, h[k], "h_k", LECT_LAYER2);
            expect2(text, eps, "ε", LECT_LAYER2);
            expect2(text, share2, "−η h_k ε", LECT_LAYER2);
            expect2(text, batch2, "−η ∇w(2)_k L", LECT_LAYER2);
            expect2(text, batchb2, "−η ∇b(2) L", LECT_LAYER2);

            lect_equation(s, i, k, LECT_LAYER1, text, sizeof text);
            double share1[DATA_D] = {-s->lr * (delta * x[0]), -s->lr * (delta * x[1])};
            const double *g1 = s->grad + (size_t)k * DATA_D;
            double batch1[DATA_D] = {-s->lr * g1[0], -s->lr * g1[1]};
            expect(text, ds, "σ'(e_k)", LECT_LAYER1);
            expect2(text, w2, "w(2)_k", LECT_LAYER1);
            expect2(text, eps, "ε", LECT_LAYER1);
            expect(text, back, "w(2)_kᵀε", LECT_LAYER1);
            expect(text, delta, "δ_k", LECT_LAYER1);
            expect2(text, x, "x", LECT_LAYER1);
            expect2(text, share1, "−η δ_k x", LECT_LAYER1);
            expect2(text, batch1, "−η ∇w̄(1)_k L", LECT_LAYER1);
            expect(text, -s->lr * s->grad[(size_t)n * DATA_D + (size_t)k], "−η ∇b(1)_k L", LECT_LAYER1);

            lect_equation(s, i, k, LECT_UPDATE, text, sizeof text);
            double tip1[DATA_D] = {w1[0] - s->lr * g1[0], w1[1] - s->lr * g1[1]};
            double tip2[DATA_K] = {w2[0] - s->lr * g2[0], w2[1] - s->lr * g2[1]};
            double tipb2[DATA_K] = {net.b2[0] - s->lr * gb2[0], net.b2[1] - s->lr * gb2[1]};
            expect2(text, w1, "w̄(1)_k", LECT_UPDATE);
            expect2(text, tip1, "new w̄(1)_k", LECT_UPDATE);
            expect2(text, w2, "w(2)_k", LECT_UPDATE);
            expect2(text, tip2, "new w(2)_k", LECT_UPDATE);
            expect2(text, tipb2, "new b(2)", LECT_UPDATE);
            expect(text, net.b1[k] - s->lr * s->grad[(size_t)n * DATA_D + (size_t)k], "new b(1)_k", LECT_UPDATE);
            expect(text, s->lr, "η", LECT_UPDATE);
            char steps[64];
            snprintf(steps, sizeof steps, "step %lld \xe2\x86\x92 %lld", (long long)s->step, (long long)s->step + 1);
            ck_assert_msg(strstr(text, steps), "%s missing from:\n%s", steps, text);
        }
    }
    /* snprintf semantics: a short buffer is truncated, terminated, and the full length reported */
    char small[16];
    int full = lect_equation(s, 0, 0, LECT_LAYER1, text, sizeof text);
    int got = lect_equation(s, 0, 0, LECT_LAYER1, small, sizeof small);
    ck_assert_int_eq(got, full);
    ck_assert_uint_lt(strlen(small), sizeof small);
    ck_assert(strncmp(small, text, strlen(small)) == 0);
    free(s);
    train_core_destroy(c);
}
END_TEST

START_TEST(test_number_format)
{
    char b[64];
    lect_fmt_num(b, sizeof b, -0.31);
    ck_assert_str_eq(b, "\xe2\x88\x92" "0.31");
    lect_fmt_num(b, sizeof b, -0.0);
    ck_assert_str_eq(b, "0");
    lect_fmt_num(b, sizeof b, -1e-300 * 1e-300);
    ck_assert_str_eq(b, "0");
    lect_fmt_num(b, sizeof b, 0.21549);
    ck_assert_str_eq(b, "0.215");
    lect_fmt_num(b, sizeof b, -2.5e-7);
    ck_assert_str_eq(b, "\xe2\x88\x92" "2.5e\xe2\x88\x92" "07");
    char tiny[4];
    ck_assert_int_eq(lect_fmt_num(tiny, sizeof tiny, -0.31), 7);
    ck_assert_uint_lt(strlen(tiny), sizeof tiny);
}
END_TEST

/* ---- display scale and phases ---- */

START_TEST(test_display_scale)
{
    lect_scale sc = lect_display_scale(0.001, 0.33);
    ck_assert(sc.factor == 200);
    ck_assert_str_eq(sc.label, "\xc3\x97" "200");
    sc = lect_display_scale(0.033, 0.33);
    ck_assert(sc.factor == 10);
    ck_assert_str_eq(sc.label, "\xc3\x97" "10");
    sc = lect_display_scale(0.0066, 0.33);
    ck_assert(sc.factor == 50);
    sc = lect_display_scale(0.2, 0.33);
    ck_assert(sc.factor == 1);
    ck_assert_str_eq(sc.label, "");
    sc = lect_display_scale(5.0, 0.33);
    ck_assert(sc.factor == 1);
    sc = lect_display_scale(0.0, 0.33);
    ck_assert(sc.factor == 1);
    sc = lect_display_scale(1e-17, 0.33); /* rounding noise is not blown up to the plane's size */
    ck_assert(sc.factor == 1e5);
    ck_assert(1e-17 * sc.factor < 1e-9);
    /* the scaled longest arrow stays within (target/5, target] */
    for (double l = 1e-4; l < 0.3; l *= 1.37) {
        sc = lect_display_scale(l, 0.33);
        ck_assert_msg(l * sc.factor <= 0.33 * (1 + 1e-12) && l * sc.factor > 0.33 / 5, "longest %g: factor %g", l,
                      sc.factor);
    }
}
END_TEST

START_TEST(test_phases)
{
    lect_phase p = LECT_OFF;
    const lect_phase order[] = {LECT_FORWARD, LECT_ERROR, LECT_LAYER2, LECT_LAYER1, LECT_UPDATE, LECT_FORWARD};
    unsigned prev_shows = 0;
    for (int i = 0; i < 6; i++) {
        p = lect_phase_next(p);
        ck_assert_int_eq(p, order[i]);
        if (i < 5) {
            ck_assert((lect_phase_shows(p) & prev_shows) == prev_shows); /* each phase keeps the earlier ones */
            ck_assert(lect_phase_shows(p) != prev_shows);
            prev_shows = lect_phase_shows(p);
        }
    }
    ck_assert_int_eq(lect_phase_prev(LECT_FORWARD), LECT_OFF);
    ck_assert_int_eq(lect_phase_prev(LECT_OFF), LECT_OFF);
    ck_assert_int_eq(lect_phase_prev(LECT_UPDATE), LECT_LAYER1);
    ck_assert(lect_phase_shows(LECT_UPDATE) & LECT_SHOW_MOVE);
    ck_assert(!(lect_phase_shows(LECT_LAYER1) & LECT_SHOW_MOVE));
    ck_assert(lect_phase_shows(LECT_OFF) & LECT_SHOW_GRAD1);
    ck_assert_str_eq(lect_phase_name(LECT_LAYER2), "layer 2");
    ck_assert_str_eq(lect_phase_name(LECT_UPDATE), "update");
}
END_TEST

/* ---- freeze toggles ---- */

typedef struct {
    int only_layer, only_unit;
} freeze_case;

static const freeze_case freezes[] = {{1, -1}, {2, -1}, {0, 2}};

/* Which parameters learn: the mask the trainer publishes with the snapshot (nn_freeze_mask, tested in
 * test_nn), so this test checks that the arrows and the step both follow it, not a copy of the rule. */
static int learns(const snap *s, size_t j) { return !s->frozen[j]; }

START_TEST(test_freeze_bit_identical)
{
    nn_opt_kind opt = (nn_opt_kind)(_i / 3);
    const freeze_case *f = &freezes[_i % 3];
    config cf = {DATA_PRESET_LECTURE_START, NN_ACT_LOGISTIC, 0, 0, 0.0, 0};
    train_core *c = make_core(&cf, opt);
    train_cmd cmd = {.type = TRAIN_CMD_SET_FREEZE, .i = f->only_layer, .j = f->only_unit};
    ck_assert_int_eq(train_core_apply(c, &cmd), 0);
    snap *before = fill(c);
    ck_assert_int_eq(before->freeze.only_layer, f->only_layer);
    ck_assert_int_eq(before->freeze.only_unit, f->only_unit);
    size_t P = n_params(before);

    /* the arrows of frozen parameters are 0, as the step will be */
    lect_update u;
    lect_update_compute(before, &u);
    size_t n_frozen = 0;
    for (size_t j = 0; j < P; j++) n_frozen += !learns(before, j);
    ck_assert_msg(n_frozen > 0 && n_frozen < P, "freeze (%d, %d): %zu of %zu frozen", f->only_layer,
                  f->only_unit, n_frozen, P);
    for (size_t j = 0; j < P; j++)
        ck_assert(learns(before, j) ? u.dp[j] == -before->lr * before->grad[j] : u.dp[j] == 0);

    for (int i = 0; i < 1000; i++)
        if (train_core_step(c) == TRAIN_DIVERGED) break;
    snap *after = fill(c);
    ck_assert_int_gt(after->step, 0);
    int moved = 0;
    for (size_t j = 0; j < P; j++) {
        if (learns(before, j)) moved += after->p[j] != before->p[j];
        else
            ck_assert_msg(memcmp(&after->p[j], &before->p[j], sizeof(double)) == 0,
                          "%s, freeze (%d, %d): frozen param %zu moved from %.17g to %.17g", nn_opt_name(opt),
                          f->only_layer, f->only_unit, j, before->p[j], after->p[j]);
    }
    ck_assert_msg(moved > 0, "%s: nothing learnt", nn_opt_name(opt));
    ck_assert(after->loss < before->loss);
    free(after);
    free(before);
    train_core_destroy(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lecture");
    TCase *tc = tcase_create("lecture");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_batch_arrows_are_gradient, 0, N_CONFIGS);
    tcase_add_loop_test(tc, test_step_lands_on_tips, 0, N_CONFIGS);
    tcase_add_test(tc, test_solution_chain_ends_on_target);
    tcase_add_loop_test(tc, test_equations_show_snapshot_numbers, 0, N_CONFIGS);
    tcase_add_test(tc, test_number_format);
    tcase_add_test(tc, test_display_scale);
    tcase_add_test(tc, test_phases);
    tcase_add_loop_test(tc, test_freeze_bit_identical, 0, NN_OPT_COUNT * 3);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
