/* test_travel: a run with its history as the trainer drives it: back, seek and recover equal going
 * forward bit for bit; a branch keeps the old one as the ghost; a reset keeps the run as the ghost; the
 * exact per-step losses; the memory bound; recovering from a divergence.
 * Single-threaded test binary; fixed seeds; the exit status is the verdict.
 * Invariants: nothing here depends on timing; states are compared with memcmp on their bits. */
#include "lesson/stuck.h"
#include "nn/nn.h"
#include "session/session.h"
#include "train/core.h"
#include "train/history.h"
#include "train/travel.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    snap sn;
    session se;
} state;

static state *state_new(int count)
{
    state *s = calloc((size_t)count, sizeof *s);
    ck_assert_ptr_nonnull(s);
    return s;
}

static void capture(const train_travel *t, state *out)
{
    travel_fill(t, &out->sn);
    train_core_session(travel_core(t), &out->se);
}

#define SAME(a, b, count) (memcmp((a), (b), (size_t)(count) * sizeof *(a)) == 0)

static void assert_same(const state *a, const state *b, const char *what)
{
    const snap *x = &a->sn, *y = &b->sn;
    ck_assert_msg(x->step == y->step, "%s: step %lld vs %lld", what, (long long)x->step, (long long)y->step);
    ck_assert_msg(x->hidden == y->hidden && x->act == y->act && x->opt == y->opt, "%s: shape or optimizer", what);
    size_t P = nn_param_count(DATA_D, x->hidden, DATA_K);
    ck_assert_msg(SAME(x->p, y->p, P), "%s: weights differ", what);
    ck_assert_msg(SAME(x->grad, y->grad, P), "%s: gradient differs", what);
    ck_assert_msg(SAME(&x->loss, &y->loss, 1) && SAME(&x->loss0, &y->loss0, 1), "%s: loss differs", what);
    ck_assert_msg(SAME(&x->lr, &y->lr, 1) && SAME(&x->gain, &y->gain, 1), "%s: η or gain", what);
    ck_assert_msg(x->n == y->n && SAME(x->x, y->x, x->n * DATA_D) && SAME(x->y, y->y, x->n * DATA_K),
                  "%s: tokens", what);
    const session_opt_state *o = &a->se.opt_state, *q = &b->se.opt_state;
    ck_assert_msg(o->has == q->has && (!o->has || o->t == q->t) && o->pairs == q->pairs, "%s: optimizer counters",
                  what);
    ck_assert_msg(SAME(o->v, q->v, P) && SAME(o->m, q->m, P), "%s: optimizer moments", what);
    for (int j = 0; j < o->pairs; j++)
        ck_assert_msg(SAME(o->s[j], q->s[j], P) && SAME(o->y[j], q->y[j], P), "%s: L-BFGS pair %d", what, j);
}

static train_travel *make(const session *s)
{
    char err[256] = "";
    train_travel *t = travel_create(s, err, (int)sizeof err);
    ck_assert_msg(t != NULL, "travel_create: %s", err);
    return t;
}

static session *default_session(void)
{
    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    session_default(s);
    return s;
}

static void send(train_travel *t, train_cmd c) { ck_assert_int_eq(travel_apply(t, &c), 0); }
static void steps(train_travel *t, int k)
{
    for (int i = 0; i < k; i++)
        travel_step(t);
}
static int64_t step_of(const train_travel *t) { return train_core_steps(travel_core(t)); }

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 33;
}

/* ---- rewinding equals going forward, through the trainer's path ---- */

static const double opt_lr[NN_OPT_COUNT] = {0.05, 0.02, 0.01, 1.0};

typedef struct {
    int64_t at;
    train_cmd cmd;
} due;

static int schedule(due *d, nn_opt_kind opt)
{
    int n = 0;
    d[n++] = (due){20, {.type = TRAIN_CMD_SET_LR, .a = opt_lr[opt] * 0.5}};
    d[n++] = (due){35, {.type = TRAIN_CMD_SET_HIDDEN, .i = 7}};
    d[n++] = (due){50, {.type = TRAIN_CMD_MOVE_INPUT, .i = 3, .a = 0.1, .b = 0.9}};
    d[n++] = (due){64, {.type = TRAIN_CMD_MOVE_TARGET, .i = 5, .a = 0.3, .b = 0.2}};
    d[n++] = (due){80, {.type = TRAIN_CMD_SET_ACT, .i = NN_ACT_TANH}};
    d[n++] = (due){100, {.type = TRAIN_CMD_SET_FREEZE, .i = 2, .j = -1}};
    d[n++] = (due){120, {.type = TRAIN_CMD_SET_GAIN, .a = 1.5}};
    d[n++] = (due){140, {.type = TRAIN_CMD_SET_FREEZE, .i = 0, .j = -1}};
    d[n++] = (due){170, {.type = TRAIN_CMD_SET_TOKENS, .i = 12}};
    d[n++] = (due){200, {.type = TRAIN_CMD_SET_LR, .a = opt_lr[opt]}};
    return n;
}

enum { N_TARGETS = 12, LAST = 260 };

static void rewind_run(nn_opt_kind opt)
{
    session *s = default_session();
    s->opt = opt;
    s->lr = opt_lr[opt];
    train_travel *t = make(s);
    due d[16];
    int n = schedule(d, opt), di = 0;
    int64_t targets[N_TARGETS] = {0, 1, 20, 35, 64, 170, 259, LAST};
    uint64_t rng = 7u + (uint64_t)opt;
    for (int k = 8; k < N_TARGETS; k++)
        targets[k] = (int64_t)(lcg(&rng) % (uint64_t)(LAST + 1));
    state *refs = state_new(N_TARGETS), *got = state_new(1);
    for (int64_t at = 0;; at++) {
        while (di < n && d[di].at == at)
            send(t, d[di++].cmd);
        for (int k = 0; k < N_TARGETS; k++)
            if (targets[k] == at)
                capture(t, &refs[k]);
        if (at == LAST)
            break;
        travel_step(t);
    }
    /* one back, ten back, then every target by seek, in a shuffled order (forward seeks included) */
    send(t, (train_cmd){.type = TRAIN_CMD_BACK, .i = 1});
    capture(t, got);
    assert_same(&refs[6], got, "one back");
    send(t, (train_cmd){.type = TRAIN_CMD_BACK, .i = 10});
    ck_assert_int_eq(step_of(t), LAST - 11);
    for (int k = N_TARGETS - 1; k >= 0; k--) {
        send(t, (train_cmd){.type = TRAIN_CMD_SEEK, .u = (uint64_t)targets[(k * 5) % N_TARGETS]});
        capture(t, got);
        char what[64];
        snprintf(what, sizeof what, "%s at step %lld", nn_opt_name(opt), (long long)targets[(k * 5) % N_TARGETS]);
        assert_same(&refs[(k * 5) % N_TARGETS], got, what);
        ck_assert_int_eq(got->sn.status, TRAIN_PAUSED);
        ck_assert_int_eq(got->sn.travel.last, LAST); /* looking does not cut the future */
        ck_assert_int_eq(got->sn.travel.ghost.n, 0);
    }
    /* forward from step 20 through the recorded commands arrives where the run did */
    send(t, (train_cmd){.type = TRAIN_CMD_SEEK, .u = 20});
    steps(t, LAST - 20);
    capture(t, got);
    assert_same(&refs[7], got, "walked forward again");
    ck_assert_int_eq(got->sn.travel.ghost.n, 0);
    /* the envelope and marks of the branch survive the seeks */
    ck_assert_int_eq(got->sn.hist.len, refs[7].sn.hist.len);
    ck_assert_int_eq(got->sn.hist.n_marks, refs[7].sn.hist.n_marks);
    ck_assert(SAME(got->sn.hist.lo, refs[7].sn.hist.lo, got->sn.hist.len));
    free(refs);
    free(got);
    travel_destroy(t);
    free(s);
}

START_TEST(rewind_equals_forward_gd) { rewind_run(NN_OPT_GD); }
END_TEST
START_TEST(rewind_equals_forward_momentum) { rewind_run(NN_OPT_MOMENTUM); }
END_TEST
START_TEST(rewind_equals_forward_adam) { rewind_run(NN_OPT_ADAM); }
END_TEST
START_TEST(rewind_equals_forward_lbfgs) { rewind_run(NN_OPT_LBFGS); }
END_TEST

/* ---- branches ---- */

START_TEST(a_change_at_a_past_step_branches_and_keeps_the_ghost)
{
    session *s = default_session();
    train_travel *t = make(s);
    steps(t, 200);
    state *end = state_new(2);
    capture(t, &end[0]);
    double loss150;
    send(t, (train_cmd){.type = TRAIN_CMD_SEEK, .u = 150});
    loss150 = train_core_loss(travel_core(t));
    send(t, (train_cmd){.type = TRAIN_CMD_SEEK, .u = 100});
    /* running from a past step pauses nothing it should not: a run that is asked runs */
    send(t, (train_cmd){.type = TRAIN_CMD_SET_LR, .a = 0.5});
    capture(t, &end[1]);
    const snap_travel *v = &end[1].sn.travel;
    ck_assert_int_eq(v->last, 100);
    ck_assert_int_eq(v->ghost.kind, SNAP_GHOST_BRANCH);
    ck_assert(v->ghost.n > 50);
    ck_assert_int_eq(v->ghost.step[0], 100);
    ck_assert_int_eq(v->ghost.step[v->ghost.n - 1], 200);
    ck_assert(v->ghost.lr == s->lr); /* the label names the old branch's η */
    /* the ghost is the old branch exactly */
    int found = 0;
    for (int i = 0; i < v->ghost.n; i++)
        if (v->ghost.step[i] == 150) {
            ck_assert(SAME(&v->ghost.loss[i], &loss150, 1));
            found = 1;
        }
    ck_assert(found);
    ck_assert(SAME(&v->ghost.loss[v->ghost.n - 1], &end[0].sn.loss, 1));
    /* the envelope and marks end at the branch point; the new η is marked there */
    ck_assert(end[1].sn.hist.len == 101);
    ck_assert_int_eq(end[1].sn.hist.mark[end[1].sn.hist.n_marks - 1].step, 100);
    steps(t, 100);
    capture(t, &end[1]);
    ck_assert(!SAME(&end[1].sn.loss, &end[0].sn.loss, 1));
    ck_assert_int_eq(end[1].sn.travel.ghost.n, v->ghost.n); /* still there */
    send(t, (train_cmd){.type = TRAIN_CMD_CLEAR_GHOST});
    capture(t, &end[1]);
    ck_assert_int_eq(end[1].sn.travel.ghost.n, 0);
    ck_assert_int_eq(end[1].sn.travel.ghost.kind, SNAP_GHOST_NONE);
    free(end);
    travel_destroy(t);
    free(s);
}
END_TEST

START_TEST(reset_keeps_the_previous_run_as_the_ghost)
{
    session *s = default_session();
    train_travel *t = make(s);
    double losses[301];
    losses[0] = train_core_loss(travel_core(t));
    for (int i = 1; i <= 300; i++) {
        travel_step(t);
        losses[i] = train_core_loss(travel_core(t));
    }
    send(t, (train_cmd){.type = TRAIN_CMD_SET_OPT, .i = NN_OPT_ADAM});
    send(t, (train_cmd){.type = TRAIN_CMD_RESET});
    state *st = state_new(1);
    capture(t, st);
    const snap_ghost *g = &st->sn.travel.ghost;
    ck_assert_int_eq(g->kind, SNAP_GHOST_RUN);
    ck_assert_int_eq(g->n, 301);
    ck_assert_int_eq(g->opt, NN_OPT_ADAM); /* the settings it had when it ended */
    for (int i = 0; i <= 300; i++) {
        ck_assert_int_eq(g->step[i], i);
        ck_assert(i == 300 || SAME(&g->loss[i], &losses[i], 1)); /* 300: after the optimizer change */
    }
    ck_assert_int_eq(st->sn.step, 0);
    ck_assert_int_eq(st->sn.travel.first, 0);
    ck_assert_int_eq(st->sn.travel.last, 0);
    free(st);
    travel_destroy(t);
    free(s);
}
END_TEST

/* ---- the exact per-step loss (Ctrl+E) ---- */

START_TEST(export_gives_every_step_exactly)
{
    session *s = default_session();
    train_travel *t = make(s);
    train_core *plain;
    char err[256];
    plain = train_core_create(s, err, (int)sizeof err);
    ck_assert_ptr_nonnull(plain);
    double *want = malloc(5001 * sizeof *want), *got = malloc(TRAVEL_LOSS_MAX * sizeof *got);
    ck_assert(want && got);
    want[0] = train_core_loss(plain);
    for (int i = 1; i <= 5000; i++) {
        train_core_step(plain);
        want[i] = train_core_loss(plain);
    }
    steps(t, 5000);
    send(t, (train_cmd){.type = TRAIN_CMD_BACK, .i = 10}); /* looking back keeps the future */
    send(t, (train_cmd){.type = TRAIN_CMD_EXPORT_LOSS, .ptr = got, .u = (uint64_t)TRAVEL_LOSS_MAX});
    state *st = state_new(1);
    capture(t, st);
    const snap_travel *v = &st->sn.travel;
    ck_assert_int_eq(v->export_seq, 1);
    ck_assert_int_eq(v->export_n, 5001);
    ck_assert_int_eq(v->export_first, 0);
    ck_assert_int_eq(v->export_stride, 1);
    ck_assert(SAME(got, want, 5001));
    /* a smaller array: every k-th step, said by the stride */
    send(t, (train_cmd){.type = TRAIN_CMD_EXPORT_LOSS, .ptr = got, .u = 1000});
    capture(t, st);
    ck_assert_int_eq(v->export_seq, 2);
    ck_assert_int_eq(v->export_stride, 6);
    ck_assert_int_eq(v->export_n, 834);
    ck_assert(SAME(&got[833], &want[4998], 1));
    free(st);
    free(want);
    free(got);
    train_core_destroy(plain);
    travel_destroy(t);
    free(s);
}
END_TEST

/* ---- the bound ---- */

START_TEST(memory_stays_under_the_bound_in_a_long_run)
{
    session *s = default_session();
    s->task.n = 32;
    s->hidden = 16;
    s->opt = NN_OPT_ADAM;
    s->lr = 0.01;
    /* a bound a long run at full size would meet, met here in 20 000 steps: 256 KB of keyframes */
    const int64_t loss_max = 4096;
    const size_t bound = history_min_bytes() + ((size_t)256 << 10) + (size_t)loss_max * sizeof(double) + 65536;
    char err[256] = "";
    train_travel *t = travel_create_bounded(s, bound, loss_max, err, (int)sizeof err);
    ck_assert_msg(t != NULL, "%s", err);
    state *ref = state_new(2);
    size_t peak = 0;
    for (int i = 1; i <= 20000; i++) {
        if (i % 97 == 0) /* moved tokens: every keyframe carries them */
            send(t, (train_cmd){.type = TRAIN_CMD_MOVE_INPUT, .i = i % 32, .a = 0.5, .b = 0.5});
        travel_step(t);
        if (i == 12345)
            capture(t, &ref[0]);
        size_t b = travel_bytes(t);
        peak = b > peak ? b : peak;
    }
    ck_assert_msg(peak <= bound, "%zu bytes > %zu", peak, bound);
    ck_assert_msg(peak > bound - ((size_t)128 << 10), "peak %zu: the bound was never approached", peak);
    /* still exact */
    send(t, (train_cmd){.type = TRAIN_CMD_SEEK, .u = 12345});
    capture(t, &ref[1]);
    assert_same(&ref[0], &ref[1], "after thinning");
    /* the losses thinned to every 8th step (20 001 > 4096 * 4) and say so */
    double *got = malloc((size_t)loss_max * sizeof *got);
    ck_assert_ptr_nonnull(got);
    send(t, (train_cmd){.type = TRAIN_CMD_EXPORT_LOSS, .ptr = got, .u = (uint64_t)loss_max});
    capture(t, &ref[1]);
    ck_assert_int_eq(ref[1].sn.travel.export_stride, 8);
    ck_assert_int_eq(ref[1].sn.travel.export_n, 2501);
    free(got);
    ck_assert_ptr_null(travel_create_bounded(s, 1000, 16, err, (int)sizeof err));
    ck_assert_msg(strstr(err, "1000 bytes") != NULL, "%s", err);
    free(ref);
    free(s);
    travel_destroy(t);
}
END_TEST

/* ---- recovering from a divergence (issue: following the old advice left every unit saturated) ---- */

static void run_to_divergence(train_travel *t)
{
    for (int i = 0; i < 50 && train_core_status(travel_core(t)) != TRAIN_DIVERGED; i++)
        travel_step(t);
    ck_assert_int_eq(train_core_status(travel_core(t)), TRAIN_DIVERGED);
}

START_TEST(recover_goes_back_before_the_damage)
{
    session *s = default_session();
    s->lr = 10;
    state *st = state_new(1);
    lesson_stuck stuck;

    /* the old advice: lower η and go on from where it stopped */
    train_travel *t = make(s);
    run_to_divergence(t);
    send(t, (train_cmd){.type = TRAIN_CMD_SET_LR, .a = 0.1});
    steps(t, 2000);
    capture(t, st);
    lesson_stuck_of(&st->sn, &stuck, NULL);
    const double old_way = st->sn.loss;
    ck_assert_msg(stuck.saturated == stuck.units, "%d of %d saturated", stuck.saturated, stuck.units);
    travel_destroy(t);

    /* the new: back to the last step below the starting loss before the damage (or the start), then
     * lower η; even after the old advice was followed (its flat loss may lie below the start) */
    t = make(s);
    run_to_divergence(t);
    capture(t, st);
    const int64_t good = st->sn.travel.good_step;
    ck_assert(good < st->sn.step);
    send(t, (train_cmd){.type = TRAIN_CMD_SET_LR, .a = 0.1});
    steps(t, 2000);
    capture(t, st);
    ck_assert_int_eq(st->sn.travel.good_step, good);
    send(t, (train_cmd){.type = TRAIN_CMD_RECOVER});
    capture(t, st);
    ck_assert_int_eq(st->sn.step, good >= 0 ? good : 0);
    ck_assert(st->sn.loss <= st->sn.loss0);
    ck_assert(st->sn.lr == 10); /* the step as it was: η is lowered next, starting a branch */
    lesson_stuck_of(&st->sn, &stuck, NULL);
    ck_assert_int_eq(stuck.saturated, 0);
    send(t, (train_cmd){.type = TRAIN_CMD_SET_LR, .a = 0.1});
    steps(t, 2000);
    capture(t, st);
    lesson_stuck_of(&st->sn, &stuck, NULL);
    ck_assert_msg(st->sn.loss < 0.5 * st->sn.loss0 && st->sn.loss < 0.5 * old_way, "L %g, start %g, old way %g",
                  st->sn.loss, st->sn.loss0, old_way);
    ck_assert(stuck.saturated < stuck.units);
    ck_assert_int_eq(st->sn.travel.ghost.kind, SNAP_GHOST_BRANCH); /* the diverged steps, faint */
    free(st);
    travel_destroy(t);
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("travel");
    TCase *tc = tcase_create("travel");
    tcase_set_timeout(tc, 0);
    tcase_add_test(tc, rewind_equals_forward_gd);
    tcase_add_test(tc, rewind_equals_forward_momentum);
    tcase_add_test(tc, rewind_equals_forward_adam);
    tcase_add_test(tc, rewind_equals_forward_lbfgs);
    tcase_add_test(tc, a_change_at_a_past_step_branches_and_keeps_the_ghost);
    tcase_add_test(tc, reset_keeps_the_previous_run_as_the_ghost);
    tcase_add_test(tc, export_gives_every_step_exactly);
    tcase_add_test(tc, memory_stays_under_the_bound_in_a_long_run);
    tcase_add_test(tc, recover_goes_back_before_the_damage);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
