/* test_core: the trainer's core without threads: steps, commands, divergence, loss history.
 * Single-threaded test binary.
 * Invariants: deterministic (the session's seed); every snapshot checked is compared against the
 * network module's reference computation at the snapshot's own weights. */
#include "data/scene.h"
#include "nn/freeze_mask.h"
#include "nn/nn.h"
#include "session/session.h"
#include "train/core.h"
#include "nn/kernel/kernel.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static session *default_session(void)
{
    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    session_default(s);
    return s;
}

static train_core *make_core(const session *s)
{
    char err[256] = "";
    train_core *c = train_core_create(s, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "train_core_create: %s", err);
    return c;
}

static train_core *default_core(void)
{
    session *s = default_session();
    train_core *c = make_core(s);
    free(s);
    return c;
}

static train_cmd cmd_i(train_cmd_type type, int i)
{
    train_cmd c = {.type = type, .i = i};
    return c;
}

static train_cmd cmd_a(train_cmd_type type, double a)
{
    train_cmd c = {.type = type, .a = a};
    return c;
}

static void apply(train_core *c, train_cmd cmd)
{
    ck_assert_int_eq(train_core_apply(c, &cmd), 0);
}

/* Steps while the core asks for them, at most cap; returns how many. */
static int64_t run_until_idle(train_core *c, int64_t cap)
{
    int64_t k = 0;
    while (k < cap && train_core_wants_step(c)) {
        train_core_step(c);
        k++;
    }
    return k;
}

static snap *filled(const train_core *c)
{
    snap *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    train_core_fill(c, s);
    return s;
}

static int close_to(double got, double want, double rel)
{
    return fabs(got - want) <= rel * fmax(fabs(want), 1e-12);
}

/* Loss, gradient and ŷ of the snapshot are those of its weights: recomputed here by the same
 * kernel the core uses (its agreement with the reference is the network module's test). */
static void check_consistent(const snap *s)
{
    nn_net v;
    snap_net(s, &v);
    static double grad[SNAP_PARAM_MAX], yhat[DATA_MAX_TOKENS * DATA_K];
    double loss = nn_loss_grad(&v, s->x, s->y, s->n, grad);
    ck_assert_msg(close_to(s->loss, loss, 1e-12), "loss %.17g, recomputed %.17g", s->loss, loss);
    size_t P = nn_params(&v);
    double gmax = 0;
    for (size_t i = 0; i < P; i++)
        gmax = fmax(gmax, fabs(grad[i]));
    for (size_t i = 0; i < P; i++)
        ck_assert_msg(fabs(s->grad[i] - grad[i]) <= 1e-12 * gmax, "grad[%zu] %.17g vs %.17g (largest %g)", i,
                      s->grad[i], grad[i], gmax);
    nn_kernel_predict(nn_kernel_active(), &v, s->x, s->n, yhat);
    for (int i = 0; i < s->n * DATA_K; i++)
        ck_assert(close_to(s->yhat[i], yhat[i], 1e-12));
}

/* Whether the snapshot holds a mark of that kind with those numbers at step: marks are codes and
 * numbers (the renderer words them), never text. */
static int has_mark(const snap *s, train_mark_kind kind, int i, int j, double a, int64_t step)
{
    for (int k = 0; k < s->hist.n_marks; k++) {
        const snap_mark *m = &s->hist.mark[k];
        if (m->kind == kind && m->i == i && m->j == j && m->a == a && m->step == step)
            return 1;
    }
    return 0;
}

START_TEST(step_one_advances_exactly_one)
{
    train_core *c = default_core();
    ck_assert_int_eq(train_core_status(c), TRAIN_PAUSED);
    ck_assert_int_eq(train_core_wants_step(c), 0);
    apply(c, cmd_i(TRAIN_CMD_STEP, 1));
    ck_assert_int_eq(run_until_idle(c, 100), 1);
    ck_assert_int_eq(train_core_steps(c), 1);
    ck_assert_int_eq(train_core_status(c), TRAIN_PAUSED);
    snap *s = filled(c);
    ck_assert_int_eq(s->step, 1);
    ck_assert_int_eq(s->steps_left, 0);
    check_consistent(s);

    /* a second step command adds to one not yet done */
    apply(c, cmd_i(TRAIN_CMD_STEP, 2));
    train_core_step(c);
    apply(c, cmd_i(TRAIN_CMD_STEP, 3));
    ck_assert_int_eq(train_core_steps_left(c), 4);
    ck_assert_int_eq(run_until_idle(c, 100), 4);
    ck_assert_int_eq(train_core_steps(c), 6);
    free(s);
    train_core_destroy(c);
}
END_TEST

START_TEST(new_learning_rate_applies_from_next_step)
{
    train_core *c = default_core();
    snap *a = filled(c);
    ck_assert_double_eq(a->lr, 0.02);
    apply(c, cmd_i(TRAIN_CMD_STEP, 1));
    run_until_idle(c, 10);
    snap *b = filled(c);
    size_t P = nn_param_count(DATA_D, a->hidden, DATA_K);
    for (size_t i = 0; i < P; i++)
        ck_assert(close_to(b->p[i], a->p[i] - 0.02 * a->grad[i], 1e-15));

    apply(c, cmd_a(TRAIN_CMD_SET_LR, 0.1));
    snap *m = filled(c);
    ck_assert(memcmp(m->p, b->p, P * sizeof *b->p) == 0); /* nothing moved yet */
    ck_assert(has_mark(m, TRAIN_MARK_LR, 0, 0, 0.1, 1));
    apply(c, cmd_i(TRAIN_CMD_STEP, 1));
    run_until_idle(c, 10);
    snap *d = filled(c);
    int differs = 0;
    for (size_t i = 0; i < P; i++) {
        ck_assert(close_to(d->p[i], b->p[i] - 0.1 * b->grad[i], 1e-15));
        differs += !close_to(d->p[i], b->p[i] - 0.02 * b->grad[i], 1e-9);
    }
    ck_assert_int_gt(differs, 0);
    free(a);
    free(b);
    free(m);
    free(d);
    train_core_destroy(c);
}
END_TEST

START_TEST(growing_hidden_keeps_every_prediction)
{
    train_core *c = default_core();
    apply(c, cmd_i(TRAIN_CMD_STEP, 50));
    run_until_idle(c, 100);
    snap *a = filled(c);
    apply(c, cmd_i(TRAIN_CMD_SET_HIDDEN, 12));
    snap *b = filled(c);
    ck_assert_int_eq(b->hidden, 12);
    for (int i = 0; i < a->n * DATA_K; i++)
        ck_assert_msg(fabs(b->yhat[i] - a->yhat[i]) <= 1e-14 * fmax(1, fabs(a->yhat[i])), "ŷ[%d] %.17g -> %.17g",
                      i, a->yhat[i], b->yhat[i]);
    ck_assert(close_to(b->loss, a->loss, 1e-13));
    nn_net va, vb;
    snap_net(a, &va);
    snap_net(b, &vb);
    for (int k = 0; k < 12; k++) {
        for (int o = 0; o < DATA_K; o++) {
            if (k < 5) {
                ck_assert_double_eq(vb.w2[k * DATA_K + o], va.w2[k * DATA_K + o]);
                ck_assert_double_eq(vb.w1[k * DATA_D + o], va.w1[k * DATA_D + o]);
            } else {
                ck_assert_double_eq(vb.w2[k * DATA_K + o], 0.0);
            }
        }
    }
    /* the new units are drawn, not zero: they get a gradient and learn */
    ck_assert(vb.w1[11 * DATA_D] != 0.0);
    check_consistent(b);
    ck_assert(has_mark(b, TRAIN_MARK_HIDDEN, 12, 5, 0, 50));

    /* shrinking drops the highest units and keeps the rest */
    apply(c, cmd_i(TRAIN_CMD_SET_HIDDEN, 3));
    snap *s3 = filled(c);
    nn_net v3;
    snap_net(s3, &v3);
    ck_assert_int_eq(s3->hidden, 3);
    for (int k = 0; k < 3; k++) {
        ck_assert_double_eq(v3.b1[k], va.b1[k]);
        for (int o = 0; o < DATA_K; o++)
            ck_assert_double_eq(v3.w2[k * DATA_K + o], va.w2[k * DATA_K + o]);
    }
    ck_assert_double_eq(v3.b2[0], va.b2[0]);
    check_consistent(s3);
    /* and training goes on with the optimizer following the size */
    apply(c, cmd_i(TRAIN_CMD_SET_OPT, NN_OPT_ADAM));
    apply(c, cmd_i(TRAIN_CMD_SET_HIDDEN, 7));
    apply(c, cmd_i(TRAIN_CMD_STEP, 20));
    ck_assert_int_eq(run_until_idle(c, 100), 20);
    snap *e = filled(c);
    check_consistent(e);
    free(a);
    free(b);
    free(s3);
    free(e);
    train_core_destroy(c);
}
END_TEST

static int all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

START_TEST(large_learning_rate_diverges_with_finite_weights)
{
    train_core *c = default_core();
    apply(c, cmd_a(TRAIN_CMD_SET_LR, 100));
    apply(c, cmd_i(TRAIN_CMD_RUN, 0));
    int64_t ran = run_until_idle(c, 100000);
    ck_assert_int_lt(ran, 100000);
    ck_assert_int_eq(train_core_status(c), TRAIN_DIVERGED);
    snap *s = filled(c);
    ck_assert_int_eq(s->status, TRAIN_DIVERGED);
    ck_assert(all_finite(s->p, nn_param_count(DATA_D, s->hidden, DATA_K)));
    ck_assert(isfinite(s->loss));
    /* numbers, which the window and headless runs word themselves */
    ck_assert_str_eq(s->reason, "");
    ck_assert_int_eq(s->stop, TRAIN_STOP_DIVERGED);
    ck_assert_int_eq(s->stop_step, s->step + 1);
    ck_assert(s->stop_lr == 100);
    check_consistent(s);

    /* lower η and continue from the last finite weights */
    int64_t step = s->step;
    apply(c, cmd_a(TRAIN_CMD_SET_LR, 0.02));
    apply(c, cmd_i(TRAIN_CMD_RUN, 0));
    ck_assert_int_eq(run_until_idle(c, 100), 100);
    ck_assert_int_eq(train_core_status(c), TRAIN_RUNNING);
    ck_assert_int_eq(train_core_steps(c), step + 100);
    snap *t = filled(c);
    ck_assert_str_eq(t->reason, "");
    check_consistent(t);
    free(s);
    free(t);
    train_core_destroy(c);
}
END_TEST

START_TEST(no_optimizer_or_activation_breaks_at_lr_10)
{
    for (int o = 0; o < NN_OPT_COUNT; o++) {
        for (int a = 0; a < NN_ACT_COUNT; a++) {
            train_core *c = default_core();
            apply(c, cmd_i(TRAIN_CMD_SET_OPT, o));
            apply(c, cmd_i(TRAIN_CMD_SET_ACT, a));
            apply(c, cmd_a(TRAIN_CMD_SET_LR, 10));
            apply(c, cmd_i(TRAIN_CMD_RUN, 0));
            run_until_idle(c, 500);
            snap *s = filled(c);
            ck_assert(s->status == TRAIN_RUNNING || s->status == TRAIN_DIVERGED);
            ck_assert(all_finite(s->p, nn_param_count(DATA_D, s->hidden, DATA_K)));
            check_consistent(s);
            free(s);
            train_core_destroy(c);
        }
    }
}
END_TEST

START_TEST(pause_stops_the_step_count)
{
    train_core *c = default_core();
    apply(c, cmd_i(TRAIN_CMD_RUN, 0));
    ck_assert_int_eq(run_until_idle(c, 10), 10);
    apply(c, cmd_i(TRAIN_CMD_PAUSE, 0));
    ck_assert_int_eq(train_core_wants_step(c), 0);
    ck_assert_int_eq(run_until_idle(c, 10), 0);
    ck_assert_int_eq(train_core_steps(c), 10);
    ck_assert_int_eq(train_core_status(c), TRAIN_PAUSED);
    /* pause also cancels a step command under way */
    apply(c, cmd_i(TRAIN_CMD_STEP, 5));
    train_core_step(c);
    apply(c, cmd_i(TRAIN_CMD_PAUSE, 0));
    ck_assert_int_eq(train_core_steps_left(c), 0);
    ck_assert_int_eq(run_until_idle(c, 10), 0);
    ck_assert_int_eq(train_core_steps(c), 11);
    train_core_destroy(c);
}
END_TEST

START_TEST(history_envelope_covers_every_step)
{
    enum { STEPS = 10000 };
    static double loss[STEPS + 1];
    train_core *c = default_core();
    loss[0] = train_core_loss(c);
    apply(c, cmd_i(TRAIN_CMD_RUN, 0));
    for (int k = 1; k <= STEPS; k++) {
        train_core_step(c);
        loss[k] = train_core_loss(c);
        if (k == STEPS / 2)
            apply(c, cmd_a(TRAIN_CMD_SET_LR, 0.03));
    }
    snap *s = filled(c);
    const snap_history *h = &s->hist;
    ck_assert_int_eq(h->origin, 0);
    ck_assert_int_gt(h->stride, 1); /* decimation happened */
    ck_assert_int_le(h->len, SNAP_HIST_CAP);
    ck_assert_int_eq(h->len, STEPS / h->stride + 1);
    for (int b = 0; b < h->len; b++) {
        double lo = INFINITY, hi = -INFINITY;
        for (int64_t k = b * h->stride; k < (b + 1) * h->stride && k <= STEPS; k++) {
            ck_assert(h->lo[b] <= loss[k] && loss[k] <= h->hi[b]);
            lo = fmin(lo, loss[k]);
            hi = fmax(hi, loss[k]);
        }
        ck_assert_double_eq(h->lo[b], lo); /* tight: the envelope is the min and max */
        ck_assert_double_eq(h->hi[b], hi);
    }
    ck_assert(has_mark(s, TRAIN_MARK_LR, 0, 0, 0.03, STEPS / 2));
    free(s);
    train_core_destroy(c);
}
END_TEST

START_TEST(reset_restores_the_start)
{
    train_core *c = default_core();
    snap *a = filled(c);
    apply(c, cmd_i(TRAIN_CMD_STEP, 30));
    run_until_idle(c, 100);
    apply(c, cmd_i(TRAIN_CMD_RESET, 0));
    snap *b = filled(c);
    ck_assert_int_eq(b->step, 0);
    ck_assert_int_eq(b->status, TRAIN_PAUSED);
    ck_assert(memcmp(a->p, b->p, nn_param_count(DATA_D, a->hidden, DATA_K) * sizeof a->p[0]) == 0);
    ck_assert_double_eq(a->loss, b->loss);
    ck_assert_int_eq(b->hist.len, 1);
    ck_assert(has_mark(b, TRAIN_MARK_RESET, 0, 0, 0, 0));

    /* a new seed takes effect at the next reset, and only then */
    train_cmd seed = {.type = TRAIN_CMD_SET_SEED, .u = 7};
    apply(c, seed);
    snap *d = filled(c);
    ck_assert(memcmp(a->p, d->p, nn_param_count(DATA_D, a->hidden, DATA_K) * sizeof a->p[0]) == 0);
    apply(c, cmd_i(TRAIN_CMD_RESET, 0));
    snap *e = filled(c);
    ck_assert_uint_eq(e->seed, 7);
    ck_assert(memcmp(a->p, e->p, nn_param_count(DATA_D, a->hidden, DATA_K) * sizeof a->p[0]) != 0);
    check_consistent(e);
    free(a);
    free(b);
    free(d);
    free(e);
    train_core_destroy(c);
}
END_TEST

/* A preset index the scene does not have (picked before a load changed the scene) changes nothing. */
START_TEST(unknown_preset_is_ignored)
{
    train_core *c = default_core();
    apply(c, cmd_i(TRAIN_CMD_STEP, 3));
    run_until_idle(c, 100);
    snap *a = filled(c);
    apply(c, cmd_i(TRAIN_CMD_PRESET, a->scene->n_presets));
    apply(c, cmd_i(TRAIN_CMD_PRESET, -1));
    snap *b = filled(c);
    ck_assert_int_eq(b->step, 3);
    ck_assert_int_eq(b->preset, a->preset);
    ck_assert(memcmp(a->p, b->p, nn_param_count(DATA_D, a->hidden, DATA_K) * sizeof a->p[0]) == 0);
    ck_assert_int_eq(b->hist.n_marks, a->hist.n_marks);
    free(a);
    free(b);
    train_core_destroy(c);
}
END_TEST

/* Weights set by hand: the loss is the new weights', a mark says so, and the step count stays. */
START_TEST(set_param_moves_one_weight)
{
    train_core *c = default_core();
    snap *a = filled(c);
    const int P = (int)nn_param_count(DATA_D, a->hidden, DATA_K);
    train_cmd cmd = {.type = TRAIN_CMD_SET_PARAM, .i = P - 1, .a = 0.75};
    apply(c, cmd);
    snap *b = filled(c);
    ck_assert(b->p[P - 1] == 0.75);
    ck_assert(memcmp(a->p, b->p, (size_t)(P - 1) * sizeof a->p[0]) == 0);
    ck_assert(b->loss != a->loss);
    ck_assert(has_mark(b, TRAIN_MARK_PARAM, P - 1, 0, 0.75, 0));
    /* an index beyond the network is ignored */
    cmd.i = P;
    apply(c, cmd);
    snap *d = filled(c);
    ck_assert(memcmp(b->p, d->p, (size_t)P * sizeof b->p[0]) == 0);
    /* the whole vector */
    double p[SCENE_PARAM_MAX];
    for (int q = 0; q < P; q++)
        p[q] = 0.01 * q;
    cmd = (train_cmd){.type = TRAIN_CMD_SET_PARAMS, .ptr = train_params_new(p, P)};
    apply(c, cmd);
    snap *e = filled(c);
    ck_assert(memcmp(e->p, p, (size_t)P * sizeof p[0]) == 0);
    ck_assert(has_mark(e, TRAIN_MARK_PARAMS, 0, 0, 0, 0));
    ck_assert_int_eq(e->step, 0);
    free(a);
    free(b);
    free(d);
    free(e);
    train_core_destroy(c);
}
END_TEST

START_TEST(solution_preset_fits_the_tokens)
{
    train_core *c = default_core();
    apply(c, cmd_i(TRAIN_CMD_STEP, 10));
    run_until_idle(c, 100);
    apply(c, cmd_i(TRAIN_CMD_PRESET, DATA_PRESET_LECTURE_SOLUTION));
    snap *s = filled(c);
    ck_assert_int_eq(s->preset, DATA_PRESET_LECTURE_SOLUTION);
    ck_assert_int_eq(s->hidden, 8);
    ck_assert_int_eq(s->act, NN_ACT_STEP);
    ck_assert_int_eq(s->step, 0);
    ck_assert(s->loss < 1e-20);
    ck_assert(has_mark(s, TRAIN_MARK_PRESET, DATA_PRESET_LECTURE_SOLUTION, 0, 0, 0));
    /* a start at loss ≈ 0 is no reason to call the next steps divergent */
    apply(c, cmd_i(TRAIN_CMD_SET_ACT, NN_ACT_TANH));
    apply(c, cmd_i(TRAIN_CMD_STEP, 20));
    ck_assert_int_eq(run_until_idle(c, 100), 20);
    ck_assert_int_eq(train_core_status(c), TRAIN_PAUSED);
    free(s);

    apply(c, cmd_i(TRAIN_CMD_PRESET, DATA_PRESET_LECTURE_START));
    s = filled(c);
    ck_assert_int_eq(s->hidden, 5);
    ck_assert_int_eq(s->act, NN_ACT_LOGISTIC);
    train_core *fresh = default_core();
    snap *f = filled(fresh);
    ck_assert(memcmp(s->p, f->p, nn_param_count(DATA_D, 5, DATA_K) * sizeof s->p[0]) == 0);
    free(s);
    free(f);
    train_core_destroy(fresh);
    train_core_destroy(c);
}
END_TEST

START_TEST(token_commands_keep_loss_and_gradient_current)
{
    train_core *c = default_core();
    apply(c, cmd_i(TRAIN_CMD_SET_TOKENS, 17));
    snap *s = filled(c);
    ck_assert_int_eq(s->n, 17);
    ck_assert_int_eq(s->tokens_edited, 0);
    check_consistent(s);
    ck_assert(has_mark(s, TRAIN_MARK_TOKENS, 17, 0, 0, 0));

    train_cmd mv = {.type = TRAIN_CMD_MOVE_TARGET, .i = 3, .a = 0.25, .b = 2.5};
    apply(c, mv);
    train_cmd mx = {.type = TRAIN_CMD_MOVE_INPUT, .i = 16, .a = -0.5, .b = 0.75};
    apply(c, mx);
    train_core_fill(c, s);
    ck_assert_double_eq(s->y[3 * DATA_K + 1], 2.5);
    ck_assert_double_eq(s->x[16 * DATA_D + 0], -0.5);
    ck_assert_int_eq(s->tokens_edited, 1);
    check_consistent(s);
    apply(c, cmd_i(TRAIN_CMD_STEP, 3));
    run_until_idle(c, 10);
    train_core_fill(c, s);
    ck_assert_double_eq(s->y[3 * DATA_K + 1], 2.5); /* hand edits survive steps and resets */
    apply(c, cmd_i(TRAIN_CMD_RESET, 0));
    train_core_fill(c, s);
    ck_assert_double_eq(s->x[16 * DATA_D + 1], 0.75);
    check_consistent(s);

    apply(c, cmd_i(TRAIN_CMD_SET_TOKENS, 9)); /* rebuilding drops them */
    train_core_fill(c, s);
    ck_assert_int_eq(s->tokens_edited, 0);
    ck_assert_double_eq(s->y[3 * DATA_K + 1], s->theta[3] * s->theta[3]);
    check_consistent(s);
    free(s);
    train_core_destroy(c);
}
END_TEST

START_TEST(settings_commands_keep_loss_and_gradient_current)
{
    train_core *c = default_core();
    snap *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    apply(c, cmd_i(TRAIN_CMD_SET_ACT, NN_ACT_TANH));
    train_core_fill(c, s);
    ck_assert_int_eq(s->act, NN_ACT_TANH);
    ck_assert(has_mark(s, TRAIN_MARK_ACT, NN_ACT_TANH, 0, 0, 0));
    check_consistent(s);
    apply(c, cmd_a(TRAIN_CMD_SET_GAIN, 4));
    train_core_fill(c, s);
    ck_assert_double_eq(s->gain, 4);
    check_consistent(s);
    apply(c, cmd_i(TRAIN_CMD_SET_OPT, NN_OPT_LBFGS));
    apply(c, cmd_i(TRAIN_CMD_STEP, 5));
    run_until_idle(c, 10);
    train_core_fill(c, s);
    ck_assert_int_eq(s->opt, NN_OPT_LBFGS);
    ck_assert(has_mark(s, TRAIN_MARK_OPT, NN_OPT_LBFGS, 0, 0, 0));
    check_consistent(s);
    apply(c, cmd_a(TRAIN_CMD_SET_SPEED, 30));
    ck_assert_double_eq(train_core_speed(c), 30);
    train_cmd q = {.type = TRAIN_CMD_QUIT};
    ck_assert_int_eq(train_core_apply(c, &q), 1);
    free(s);
    train_core_destroy(c);
}
END_TEST

START_TEST(frozen_parameters_never_change)
{
    train_core *c = default_core();
    train_cmd f = {.type = TRAIN_CMD_SET_FREEZE, .i = 2, .j = -1};
    apply(c, f);
    snap *a = filled(c);
    apply(c, cmd_i(TRAIN_CMD_STEP, 200));
    run_until_idle(c, 1000);
    snap *b = filled(c);
    int n1 = a->hidden * (DATA_D + 1); /* W(1) and b(1) */
    ck_assert(memcmp(a->p, b->p, (size_t)n1 * sizeof a->p[0]) == 0);
    ck_assert(b->p[n1] != a->p[n1]); /* W(2) learns */
    ck_assert(has_mark(b, TRAIN_MARK_FREEZE, 2, -1, 0, 0));

    train_cmd u = {.type = TRAIN_CMD_SET_FREEZE, .i = 0, .j = 2};
    apply(c, u);
    train_core_fill(c, a);
    apply(c, cmd_i(TRAIN_CMD_STEP, 50));
    run_until_idle(c, 100);
    train_core_fill(c, b);
    nn_net va, vb;
    snap_net(a, &va);
    snap_net(b, &vb);
    for (int k = 0; k < a->hidden; k++) {
        int same = vb.w1[k * DATA_D] == va.w1[k * DATA_D] && vb.w2[k * DATA_K] == va.w2[k * DATA_K];
        ck_assert_int_eq(same, k != 2);
    }
    free(a);
    free(b);
    train_core_destroy(c);
}
END_TEST

START_TEST(session_round_trip_and_load)
{
    train_core *c = default_core();
    apply(c, cmd_i(TRAIN_CMD_SET_HIDDEN, 6));
    apply(c, cmd_a(TRAIN_CMD_SET_LR, 0.05));
    train_cmd mv = {.type = TRAIN_CMD_MOVE_TARGET, .i = 1, .a = -1, .b = 1};
    apply(c, mv);
    apply(c, cmd_i(TRAIN_CMD_STEP, 42));
    run_until_idle(c, 100);
    snap *a = filled(c);

    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    train_core_session(c, s);
    ck_assert_int_eq(s->hidden, 6);
    ck_assert_int_eq(s->step, 42);
    ck_assert_int_eq(s->has_weights, 1);
    ck_assert_int_eq(s->has_tokens, 1);
    train_core *d = make_core(s);
    snap *b = filled(d);
    ck_assert_int_eq(b->step, 42);
    ck_assert_int_eq(b->hist.origin, 42);
    ck_assert(memcmp(a->p, b->p, nn_param_count(DATA_D, 6, DATA_K) * sizeof a->p[0]) == 0);
    ck_assert(memcmp(a->y, b->y, (size_t)a->n * DATA_K * sizeof a->y[0]) == 0);
    ck_assert_double_eq(a->loss, b->loss);
    ck_assert_double_eq(b->lr, 0.05);

    /* load replaces everything, from a heap session the core frees */
    train_core *e = default_core();
    apply(e, cmd_i(TRAIN_CMD_RUN, 0));
    run_until_idle(e, 5);
    train_cmd load = {.type = TRAIN_CMD_LOAD, .ptr = s};
    apply(e, load);
    snap *f = filled(e);
    ck_assert_int_eq(f->step, 42);
    ck_assert_int_eq(f->status, TRAIN_PAUSED);
    ck_assert(memcmp(a->p, f->p, nn_param_count(DATA_D, 6, DATA_K) * sizeof a->p[0]) == 0);
    ck_assert(has_mark(f, TRAIN_MARK_LOAD, 0, 0, 0, 42));
    apply(e, cmd_i(TRAIN_CMD_STEP, 1));
    run_until_idle(e, 10);
    ck_assert_int_eq(train_core_steps(e), 43);

    /* a session out of range is refused with a message naming the field */
    session *bad = default_session();
    bad->hidden = NN_MAX_HIDDEN + 1;
    char err[256] = "";
    ck_assert_ptr_null(train_core_create(bad, err, (int)sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "hidden"));
    free(bad);

    free(a);
    free(b);
    free(f);
    train_core_destroy(c);
    train_core_destroy(d);
    train_core_destroy(e);
}
END_TEST

/* Commands the window may send from an older snapshot, or that outlive their unit, stay harmless
 * and leave a session that loads again. */
START_TEST(stale_commands_are_harmless)
{
    train_core *c = default_core();
    train_cmd fz = {.type = TRAIN_CMD_SET_FREEZE, .i = 0, .j = 4};
    apply(c, fz);
    apply(c, cmd_i(TRAIN_CMD_SET_HIDDEN, 3));
    snap *s = filled(c);
    ck_assert_int_eq(s->freeze.only_unit, -1);
    /* a token index from before "tokens = 4" */
    apply(c, cmd_i(TRAIN_CMD_SET_TOKENS, 4));
    train_cmd mv = {.type = TRAIN_CMD_MOVE_TARGET, .i = 8, .a = 0.5, .b = 0.5};
    apply(c, mv);
    train_core_fill(c, s);
    ck_assert_int_eq(s->n, 4);
    ck_assert_int_eq(s->tokens_edited, 0);
    static session back;
    static char text[1 << 16];
    train_core_session(c, &back);
    ck_assert_int_gt(session_format(&back, text, sizeof text), 0);
    char err[512];
    ck_assert_msg(session_parse(text, "saved.ini", &back, err, sizeof err) == 0, "%s", err);
    free(s);
    train_core_destroy(c);
}
END_TEST

/* The step counter stops at SESSION_STEP_MAX instead of overflowing, and says so with a code. */
START_TEST(step_counter_stops_at_its_limit)
{
    session *s = default_session();
    s->step = SESSION_STEP_MAX - 1;
    train_core *c = make_core(s);
    free(s);
    apply(c, cmd_i(TRAIN_CMD_STEP, 5));
    ck_assert_int_eq(train_core_step(c), TRAIN_RUNNING);
    ck_assert_int_eq(train_core_stop(c), TRAIN_STOP_NONE); /* that one stepped */
    run_until_idle(c, 10);
    ck_assert_int_eq(train_core_steps(c), SESSION_STEP_MAX);
    ck_assert_int_eq(train_core_wants_step(c), 0);
    ck_assert_int_eq(train_core_stop(c), TRAIN_STOP_STEP_CAP);
    snap *sn = filled(c);
    ck_assert_int_eq(sn->stop, TRAIN_STOP_STEP_CAP);
    ck_assert_int_eq(sn->stop_step, SESSION_STEP_MAX);
    ck_assert_str_eq(sn->reason, "");
    free(sn);
    /* a reset starts the count again, and the stop is forgotten */
    apply(c, cmd_i(TRAIN_CMD_RESET, 0));
    ck_assert_int_eq(train_core_stop(c), TRAIN_STOP_NONE);
    apply(c, cmd_i(TRAIN_CMD_STEP, 1));
    run_until_idle(c, 10);
    ck_assert_int_eq(train_core_steps(c), 1);
    ck_assert_int_eq(train_core_stop(c), TRAIN_STOP_NONE);
    train_core_destroy(c);
}
END_TEST

/* The core's session, written as a file's text and read back, as a save and a load do. */
static session *through_text(const train_core *c)
{
    session *s = malloc(sizeof *s), *back = malloc(sizeof *back);
    char *text = malloc(1 << 20);
    ck_assert(s && back && text);
    train_core_session(c, s);
    int len = session_format(s, text, 1 << 20);
    ck_assert_int_gt(len, 0);
    char err[512];
    session_default(back);
    ck_assert_msg(session_parse(text, "resume.ini", back, err, (int)sizeof err) == 0, "%s", err);
    free(text);
    free(s);
    return back;
}

/* Runs exactly k steps (a "step k" command) and checks none diverged. */
static void steps(train_core *c, int k)
{
    apply(c, cmd_i(TRAIN_CMD_STEP, k));
    ck_assert_int_eq(run_until_idle(c, k + 1), k);
}

/* K steps, save, load, K steps is the run of 2K steps bit for bit: weights, loss and gradient,
 * for every optimizer and activation, through the file's text and through a load command. */
START_TEST(split_run_equals_unbroken_run)
{
    static const double lr[NN_OPT_COUNT] = {0.02, 0.02, 0.01, 0.02};
    const int K = 30;
    for (int o = 0; o < NN_OPT_COUNT; o++) {
        for (int a = 0; a < NN_ACT_COUNT; a++) {
            session *s = default_session();
            s->opt = (nn_opt_kind)o;
            s->act = (nn_act)a;
            s->lr = lr[o];
            train_core *whole = make_core(s), *first = make_core(s);
            free(s);
            steps(whole, 2 * K);
            steps(first, K);
            session *mid = through_text(first);
            ck_assert_int_eq(mid->opt_state.has, o != NN_OPT_GD);
            train_core *second = make_core(mid);
            steps(second, K);
            /* the same file through the window's path: a load command into a running core */
            train_core *third = default_core();
            steps(third, 3);
            train_cmd load = {.type = TRAIN_CMD_LOAD, .ptr = mid}; /* the core frees it */
            apply(third, load);
            steps(third, K);
            snap *w = filled(whole), *r = filled(second), *l = filled(third);
            size_t P = nn_param_count(DATA_D, w->hidden, DATA_K);
            for (int i = 0; i < 2; i++) {
                const snap *x = i == 0 ? r : l;
                ck_assert_int_eq(x->step, 2 * K);
                ck_assert_msg(memcmp(w->p, x->p, P * sizeof w->p[0]) == 0, "%s %s (%s): weights differ",
                              nn_opt_name(o), nn_act_name(a), i == 0 ? "file" : "load command");
                ck_assert_msg(memcmp(&w->loss, &x->loss, sizeof w->loss) == 0, "%s %s: loss %.17g vs %.17g",
                              nn_opt_name(o), nn_act_name(a), w->loss, x->loss);
                ck_assert(memcmp(w->grad, x->grad, P * sizeof w->grad[0]) == 0);
                ck_assert(memcmp(&w->loss0, &x->loss0, sizeof w->loss0) == 0);
            }
            free(w);
            free(r);
            free(l);
            train_core_destroy(whole);
            train_core_destroy(first);
            train_core_destroy(second);
            train_core_destroy(third);
        }
    }
}
END_TEST

/* A file without the optimizer state (written before it was saved) still loads: the state starts at
 * zero, so momentum's first resumed step is a plain gradient step. So does a file whose state belongs
 * to another optimizer than the one in force. */
START_TEST(old_file_without_state_starts_at_zero)
{
    session *s = default_session();
    s->opt = NN_OPT_MOMENTUM;
    train_core *c = make_core(s);
    steps(c, 10);
    session *mid = through_text(c);
    mid->opt_state.has = 0;
    memset(mid->opt_state.v, 0x7f, sizeof mid->opt_state.v); /* ignored without has */
    train_core *d = make_core(mid);
    snap *before = filled(d);
    steps(d, 1);
    snap *after = filled(d);
    size_t P = nn_param_count(DATA_D, before->hidden, DATA_K);
    for (size_t i = 0; i < P; i++)
        ck_assert(after->p[i] == before->p[i] - 0.02 * before->grad[i]);
    free(before);
    free(after);
    free(mid);

    /* state of another optimizer (a file of an adam run loaded with --optimizer momentum) is dropped,
     * as a change of optimizer drops it in the window, and it is not written out again */
    s->opt = NN_OPT_ADAM;
    train_core *e = make_core(s);
    steps(e, 10);
    mid = through_text(e);
    ck_assert_int_eq(mid->opt_state.has, 1);
    mid->opt = NN_OPT_MOMENTUM;
    static char text[1 << 16];
    ck_assert_int_gt(session_format(mid, text, (int)sizeof text), 0);
    ck_assert_ptr_null(strstr(text, "[optimizer]"));
    train_core *f = make_core(mid);
    before = filled(f);
    steps(f, 1);
    after = filled(f);
    for (size_t i = 0; i < P; i++)
        ck_assert(after->p[i] == before->p[i] - 0.02 * before->grad[i]);
    free(before);
    free(after);
    free(mid);
    train_core_destroy(e);
    train_core_destroy(f);
    free(s);
    train_core_destroy(c);
    train_core_destroy(d);
}
END_TEST

/* Steps with a large η until the core diverges; returns the step it stood at then. */
static int64_t diverge_step(train_core *c)
{
    apply(c, cmd_i(TRAIN_CMD_RUN, 0));
    run_until_idle(c, 1000);
    ck_assert_int_eq(train_core_status(c), TRAIN_DIVERGED);
    return train_core_steps(c);
}

/* The divergence limit belongs to the run: a run saved and resumed diverges at the same step as the
 * unbroken run; a file without the reference judges against the loss at load, as before. */
START_TEST(resumed_run_diverges_at_the_same_step)
{
    session *s = default_session();
    s->lr = 10;
    train_core *whole = make_core(s);
    int64_t at = diverge_step(whole);
    ck_assert_int_ge(at, 2);
    for (int k = 1; k < at; k++) {
        train_core *first = make_core(s);
        steps(first, k);
        session *mid = through_text(first);
        ck_assert_int_eq(mid->has_ref, 1);
        train_core *second = make_core(mid);
        ck_assert_int_eq(diverge_step(second), at);
        snap *a = filled(whole), *b = filled(second);
        ck_assert(memcmp(a->p, b->p, sizeof a->p[0] * nn_param_count(DATA_D, a->hidden, DATA_K)) == 0);
        free(a);
        free(b);
        train_core_destroy(second);
        /* an old file: the reference is the loss at load, which is larger, so the run goes further */
        mid->has_ref = 0;
        train_core *old = make_core(mid);
        snap *o = filled(old);
        ck_assert_double_eq(o->loss0, o->loss);
        free(o);
        if (k == at - 1)
            ck_assert_int_gt(diverge_step(old), at);
        train_core_destroy(old);
        free(mid);
        train_core_destroy(first);
    }
    free(s);
    train_core_destroy(whole);
}
END_TEST

/* ---- scenes through the core ---- */

/* A toy third scene, D = 1, K = 1, made from its description alone: y = A sin(πx) at seeded points. */
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
};

static session *scene_session(const scene_desc *sc)
{
    session *s = default_session();
    session_set_scene(s, sc);
    return s;
}

/* The snapshot's tokens are the scene's own, packed with its D and K; ŷ has K per token. */
static void check_scene_snapshot(const snap *sn, const scene_desc *sc, const session *s)
{
    ck_assert_ptr_eq(sn->scene, sc);
    ck_assert_int_eq(sn->d, sc->d);
    ck_assert_int_eq(sn->k, sc->k);
    scene_task *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    scene_spec spec = session_spec(s);
    scene_build(sc, &spec, t);
    ck_assert_int_eq(sn->n, t->n);
    ck_assert(memcmp(sn->x, t->x, (size_t)t->n * (size_t)sc->d * sizeof t->x[0]) == 0);
    ck_assert(memcmp(sn->y, t->y, (size_t)t->n * (size_t)sc->k * sizeof t->y[0]) == 0);
    ck_assert(memcmp(sn->theta, t->t, (size_t)t->n * sizeof t->t[0]) == 0);
    free(t);
    nn_net v;
    snap_net(sn, &v);
    ck_assert_int_eq(v.d, sc->d);
    ck_assert_int_eq(v.k, sc->k);
    static double yhat[DATA_MAX_TOKENS * NN_MAX_IO];
    nn_predict(&v, sn->x, sn->n, yhat);
    for (int i = 0; i < sn->n * sc->k; i++)
        ck_assert(close_to(sn->yhat[i], yhat[i], 1e-12));
    double loss = nn_loss_grad_ref(&v, sn->x, sn->y, sn->n, NULL);
    ck_assert_msg(close_to(sn->loss, loss, 1e-12), "loss %.17g, recomputed %.17g", sn->loss, loss);
}

/* Runs steps, grows N, runs steps; the same in two halves through a session file whose text names the
 * scene; the halves end where the unbroken run ends, bit for bit (the rng in the file draws the same
 * new units). */
static void split_equals_whole(const scene_desc *sc, nn_opt_kind opt, double lr, int grow_to)
{
    const int K = 40;
    session *s = scene_session(sc);
    s->opt = opt;
    s->lr = lr;
    train_core *whole = make_core(s), *first = make_core(s);
    snap *start = filled(whole);
    check_scene_snapshot(start, sc, s);
    steps(whole, K);
    apply(whole, cmd_i(TRAIN_CMD_SET_HIDDEN, grow_to));
    steps(whole, K);

    steps(first, K);
    /* the text names the scene and carries the rng */
    session *cs = malloc(sizeof *cs);
    char *text = malloc(1 << 20);
    ck_assert(cs && text);
    train_core_session(first, cs);
    ck_assert_int_gt(session_format(cs, text, 1 << 20), 0);
    char want[64];
    snprintf(want, sizeof want, "[scene]\nname = %s\n", sc->name);
    ck_assert_msg(strstr(text, want) != NULL, "no %s in\n%.300s", want, text);
    ck_assert_ptr_nonnull(strstr(text, "\nrng = "));
    free(text);
    free(cs);
    session *mid = through_text(first);
    ck_assert_ptr_eq(session_scene(mid), sc);
    ck_assert_int_eq(mid->has_rng, 1);
    train_core *second = make_core(mid);
    apply(second, cmd_i(TRAIN_CMD_SET_HIDDEN, grow_to));
    steps(second, K);

    snap *w = filled(whole), *r = filled(second);
    size_t P = nn_param_count(sc->d, grow_to, sc->k);
    ck_assert_int_eq(w->hidden, grow_to);
    ck_assert_int_eq(r->hidden, grow_to);
    ck_assert_msg(memcmp(w->p, r->p, P * sizeof w->p[0]) == 0, "%s %s: the resumed run's weights differ",
                  sc->name, nn_opt_name(opt));
    ck_assert(memcmp(&w->loss, &r->loss, sizeof w->loss) == 0);
    ck_assert(memcmp(w->grad, r->grad, P * sizeof w->grad[0]) == 0);
    ck_assert(w->loss < start->loss); /* it learned something */
    check_scene_snapshot(w, sc, s);
    free(start);
    free(w);
    free(r);
    free(s);
    free(mid);
    train_core_destroy(whole);
    train_core_destroy(first);
    train_core_destroy(second);
}

START_TEST(toy_scene_trains_saves_and_resumes)
{
    /* a scene known to no registry until the test adds it: a file naming it is then found by name */
    ck_assert_int_eq(scene_register(&toy), 0);
    ck_assert_ptr_eq(scene_find("toy"), &toy);
    split_equals_whole(&toy, NN_OPT_GD, 0.1, 11);
    split_equals_whole(&toy, NN_OPT_ADAM, 0.01, 12);
    split_equals_whole(&toy, NN_OPT_LBFGS, 0.1, 9);
}
END_TEST

START_TEST(universal_scene_trains_saves_and_resumes)
{
    split_equals_whole(&scene_universal, NN_OPT_GD, 0.2, 9);
    split_equals_whole(&scene_universal, NN_OPT_MOMENTUM, 0.05, 7);
}
END_TEST

/* The universal scene's random start fits its bump: the loss falls by more than half in 2000 gd steps. */
START_TEST(universal_loss_falls)
{
    session *s = scene_session(&scene_universal);
    s->lr = 0.5;
    ck_assert_int_eq(s->hidden, 6);
    ck_assert_int_eq(s->act, NN_ACT_TANH);
    train_core *c = make_core(s);
    double l0 = train_core_loss(c);
    steps(c, 2000);
    double l1 = train_core_loss(c);
    ck_assert_msg(l1 < 0.5 * l0, "loss %.6g -> %.6g", l0, l1);
    snap *sn = filled(c);
    check_scene_snapshot(sn, &scene_universal, s);
    free(sn);
    free(s);
    train_core_destroy(c);
}
END_TEST

/* The snapshot publishes the trainer's freeze mask: nn_freeze_mask's, for any scene. */
START_TEST(snapshot_publishes_the_freeze_mask)
{
    const scene_desc *scenes[2] = {&scene_semicircle, &scene_universal};
    for (int i = 0; i < 2; i++) {
        session *s = scene_session(scenes[i]);
        train_core *c = make_core(s);
        train_cmd f = {.type = TRAIN_CMD_SET_FREEZE, .i = 2, .j = 3};
        apply(c, f);
        snap *sn = filled(c);
        nn_layout lay;
        const nn_shape shape = nn_shape_one(scenes[i]->d, sn->hidden, scenes[i]->k);
        nn_layout_of(&shape, &lay);
        static unsigned char want[SNAP_PARAM_MAX];
        size_t n = nn_freeze_mask(&lay, 2, 3, want);
        ck_assert(n > 0 && n < lay.count);
        ck_assert(memcmp(sn->frozen, want, lay.count) == 0);
        /* what is frozen does not move */
        static double before[SNAP_PARAM_MAX];
        memcpy(before, sn->p, lay.count * sizeof before[0]);
        steps(c, 5);
        free(sn);
        sn = filled(c);
        for (size_t j = 0; j < lay.count; j++)
            if (want[j])
                ck_assert(memcmp(&before[j], &sn->p[j], sizeof before[j]) == 0);
        free(sn);
        free(s);
        train_core_destroy(c);
    }
}
END_TEST

/* A session of another scene loaded into a running core: the core takes its scene, and goes on exactly
 * as a core made from that session. */
START_TEST(load_switches_the_scene)
{
    session *u = scene_session(&scene_universal);
    u->lr = 0.2;
    train_core *fresh = make_core(u);
    train_core *c = default_core();
    steps(c, 3);
    session *copy = malloc(sizeof *copy);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, u, sizeof *u);
    train_cmd load = {.type = TRAIN_CMD_LOAD, .ptr = copy}; /* the core frees it */
    apply(c, load);
    steps(c, 20);
    steps(fresh, 20);
    snap *a = filled(fresh), *b = filled(c);
    ck_assert_ptr_eq(b->scene, &scene_universal);
    ck_assert_int_eq(b->k, 1);
    size_t P = nn_param_count(2, a->hidden, 1);
    ck_assert(memcmp(a->p, b->p, P * sizeof a->p[0]) == 0);
    ck_assert(memcmp(&a->loss, &b->loss, sizeof a->loss) == 0);
    /* and back to the semicircle */
    session *semi = default_session();
    load.ptr = semi;
    apply(c, load);
    free(b);
    b = filled(c);
    ck_assert_ptr_eq(b->scene, &scene_semicircle);
    ck_assert_int_eq(b->k, 2);
    ck_assert_int_eq(b->n, 9);
    free(a);
    free(b);
    free(u);
    train_core_destroy(fresh);
    train_core_destroy(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 0); /* meson's timeout governs, scaled for slow builds */
    tcase_add_test(tc, step_one_advances_exactly_one);
    tcase_add_test(tc, stale_commands_are_harmless);
    tcase_add_test(tc, step_counter_stops_at_its_limit);
    tcase_add_test(tc, split_run_equals_unbroken_run);
    tcase_add_test(tc, old_file_without_state_starts_at_zero);
    tcase_add_test(tc, resumed_run_diverges_at_the_same_step);
    tcase_add_test(tc, new_learning_rate_applies_from_next_step);
    tcase_add_test(tc, growing_hidden_keeps_every_prediction);
    tcase_add_test(tc, large_learning_rate_diverges_with_finite_weights);
    tcase_add_test(tc, no_optimizer_or_activation_breaks_at_lr_10);
    tcase_add_test(tc, pause_stops_the_step_count);
    tcase_add_test(tc, history_envelope_covers_every_step);
    tcase_add_test(tc, reset_restores_the_start);
    tcase_add_test(tc, solution_preset_fits_the_tokens);
    tcase_add_test(tc, unknown_preset_is_ignored);
    tcase_add_test(tc, set_param_moves_one_weight);
    tcase_add_test(tc, token_commands_keep_loss_and_gradient_current);
    tcase_add_test(tc, settings_commands_keep_loss_and_gradient_current);
    tcase_add_test(tc, frozen_parameters_never_change);
    tcase_add_test(tc, session_round_trip_and_load);
    tcase_add_test(tc, toy_scene_trains_saves_and_resumes);
    tcase_add_test(tc, universal_scene_trains_saves_and_resumes);
    tcase_add_test(tc, universal_loss_falls);
    tcase_add_test(tc, snapshot_publishes_the_freeze_mask);
    tcase_add_test(tc, load_switches_the_scene);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
