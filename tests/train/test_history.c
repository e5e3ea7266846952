/* test_history: exact time travel: rewinding equals going forward bit for bit, branches and their ghost,
 * the memory bound in long runs.
 * Single-threaded test binary; fixed seeds; the exit status is the verdict.
 * Invariants: nothing here depends on timing; every comparison is memcmp on the state's bits. */
#include "nn/nn.h"
#include "session/session.h"
#include "train/core.h"
#include "train/history.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

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

static void capture(const train_core *c, state *out)
{
    train_core_fill(c, &out->sn);
    train_core_session(c, &out->se);
}

#define SAME(a, b, count) (memcmp((a), (b), (size_t)(count) * sizeof *(a)) == 0)

/* Weights, gradient, loss, optimizer state, settings and tokens: bit for bit. */
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
    ck_assert_msg(x->freeze.only_layer == y->freeze.only_layer && x->freeze.only_unit == y->freeze.only_unit,
                  "%s: freeze", what);
    ck_assert_msg(x->seed == y->seed && x->spec.seed == y->spec.seed && x->spec.n == y->spec.n, "%s: seeds", what);
    ck_assert_msg(x->n == y->n && x->tokens_edited == y->tokens_edited, "%s: tokens", what);
    ck_assert_msg(SAME(x->x, y->x, x->n * DATA_D) && SAME(x->y, y->y, x->n * DATA_K) && SAME(x->theta, y->theta, x->n),
                  "%s: token coordinates", what);
    const session_opt_state *o = &a->se.opt_state, *q = &b->se.opt_state;
    /* gd keeps no state: its step count since the last reset changes nothing and is not saved */
    ck_assert_msg(o->has == q->has && (!o->has || o->t == q->t) && o->pairs == q->pairs, "%s: optimizer counters",
                  what);
    ck_assert_msg(SAME(o->v, q->v, P) && SAME(o->m, q->m, P), "%s: optimizer moments", what);
    for (int j = 0; j < o->pairs; j++)
        ck_assert_msg(SAME(o->s[j], q->s[j], P) && SAME(o->y[j], q->y[j], P) && SAME(&o->rho[j], &q->rho[j], 1),
                      "%s: L-BFGS pair %d", what, j);
}

static train_core *make_core(const session *s)
{
    char err[256] = "";
    train_core *c = train_core_create(s, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "train_core_create: %s", err);
    return c;
}

static history *make_history(const train_core *c, size_t bound)
{
    char err[256] = "";
    history *h = history_create(c, bound, err, (int)sizeof err);
    ck_assert_msg(h != NULL, "history_create: %s", err);
    return h;
}

static train_core *seek(history *h, int64_t step)
{
    char err[256] = "";
    train_core *c = NULL;
    ck_assert_msg(history_seek(h, step, &c, err, (int)sizeof err) == 0, "seek to %lld: %s", (long long)step, err);
    return c;
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 33;
}

/* A command due at a step: before the first step attempt there (try 0) or after a failed one (try 1). */
typedef struct {
    int64_t at;
    int try_;
    train_cmd cmd;
} due;

static train_cmd cmd_i(train_cmd_type t, int i) { return (train_cmd){.type = t, .i = i}; }
static train_cmd cmd_a(train_cmd_type t, double a) { return (train_cmd){.type = t, .a = a}; }

/* Runs c to step `last` through the history, applying cmds on the way and capturing the state at each
 * target step (after every command due there). Returns how many steps diverged. */
static int drive(history *h, train_core *c, const due *cmds, int n_cmds, int64_t last, const int64_t *targets,
                 int n_targets, state *refs, size_t bound)
{
    int ci = 0, diverged = 0;
    int64_t at = train_core_steps(c);
    int try_ = 0;
    for (;;) {
        while (ci < n_cmds && cmds[ci].at == at && cmds[ci].try_ <= try_)
            history_apply(h, c, &cmds[ci++].cmd);
        ck_assert_msg(ci == n_cmds || cmds[ci].at >= at, "the command due at %lld never came", (long long)cmds[ci].at);
        ck_assert_msg(try_ < 3, "step %lld diverges again and again", (long long)at);
        for (int t = 0; t < n_targets; t++)
            if (targets[t] == at)
                capture(c, &refs[t]);
        if (at == last)
            return diverged;
        train_core_step(c);
        history_after_step(h, c);
        if (bound)
            ck_assert_msg(history_bytes(h) <= bound, "%zu bytes > %zu at step %lld", history_bytes(h), bound,
                          (long long)at);
        if (train_core_stop(c) == TRAIN_STOP_NONE) {
            at++;
            try_ = 0;
        } else {
            ck_assert_int_eq(train_core_stop(c), TRAIN_STOP_DIVERGED);
            diverged++;
            try_++;
        }
    }
}

static void check_targets(history *h, const int64_t *targets, int n, const state *refs, const char *what)
{
    state *got = state_new(1);
    for (int t = 0; t < n; t++) {
        train_core *r = seek(h, targets[t]);
        capture(r, got);
        char label[96];
        snprintf(label, sizeof label, "%s, step %lld", what, (long long)targets[t]);
        assert_same(&refs[t], got, label);
        train_core_destroy(r);
    }
    free(got);
}

/* ---- rewinding equals going forward ---- */

enum { N_TARGETS = 16 };

static const double opt_lr[NN_OPT_COUNT] = {0.05, 0.02, 0.01, 1.0};

/* Every kind of command that changes the trajectory, at steps between keyframes and on one. */
static int schedule(due *d, nn_opt_kind opt)
{
    int n = 0;
    d[n++] = (due){30, 0, cmd_a(TRAIN_CMD_SET_LR, opt_lr[opt] * 0.5)};
    d[n++] = (due){40, 0, cmd_i(TRAIN_CMD_SET_HIDDEN, 7)}; /* grows: new units from the core's rng */
    d[n++] = (due){60, 0, cmd_i(TRAIN_CMD_SET_ACT, NN_ACT_TANH)};
    d[n++] = (due){64, 0, (train_cmd){.type = TRAIN_CMD_MOVE_INPUT, .i = 3, .a = 0.1, .b = 0.9}};
    d[n++] = (due){75, 0, (train_cmd){.type = TRAIN_CMD_MOVE_TARGET, .i = 5, .a = 0.3, .b = 0.2}};
    d[n++] = (due){90, 0, cmd_i(TRAIN_CMD_SET_HIDDEN, 6)};
    d[n++] = (due){110, 0, (train_cmd){.type = TRAIN_CMD_SET_FREEZE, .i = 2, .j = -1}};
    d[n++] = (due){130, 0, cmd_a(TRAIN_CMD_SET_GAIN, 1.5)};
    d[n++] = (due){150, 0, (train_cmd){.type = TRAIN_CMD_SET_FREEZE, .i = 0, .j = 2}};
    d[n++] = (due){160, 0, (train_cmd){.type = TRAIN_CMD_SET_SEED, .u = 77}};
    if (opt == NN_OPT_GD || opt == NN_OPT_MOMENTUM) { /* a step that diverges, then a safe η */
        d[n++] = (due){180, 0, cmd_a(TRAIN_CMD_SET_LR, 1e7)};
        d[n++] = (due){180, 1, cmd_a(TRAIN_CMD_SET_LR, opt_lr[opt] * 0.5)};
    }
    d[n++] = (due){200, 0, (train_cmd){.type = TRAIN_CMD_SET_FREEZE, .i = 0, .j = -1}};
    d[n++] = (due){230, 0, cmd_i(TRAIN_CMD_SET_TOKENS, 12)}; /* rebuilt with the waiting seed */
    d[n++] = (due){256, 0, cmd_a(TRAIN_CMD_SET_LR, opt_lr[opt])};
    d[n++] = (due){300, 0, cmd_i(TRAIN_CMD_SET_ACT, NN_ACT_LOGISTIC)};
    return n;
}

static void rewind_run(nn_opt_kind opt)
{
    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    session_default(s);
    s->opt = opt;
    s->lr = opt_lr[opt];
    s->task.noise = 0.05; /* the seed matters to the tokens */
    s->task.radius_jitter = 0.1;
    train_core *c = make_core(s);
    history *h = make_history(c, HISTORY_DEFAULT_BYTES);

    due d[32];
    int n = schedule(d, opt);
    int64_t last = 400, targets[N_TARGETS] = {0, 1, 30, 40, 63, 64, 160, 180, 229, 230, 256, 399, 400};
    uint64_t rng = 11u + (uint64_t)opt;
    for (int t = 13; t < N_TARGETS; t++)
        targets[t] = (int64_t)(lcg(&rng) % (uint64_t)(last + 1));
    state *refs = state_new(N_TARGETS);
    int diverged = drive(h, c, d, n, last, targets, N_TARGETS, refs, 0);
    if (opt == NN_OPT_GD || opt == NN_OPT_MOMENTUM)
        ck_assert_int_eq(diverged, 1);
    ck_assert(history_keyframes(h) >= 6);
    int64_t first, lastr;
    history_range(h, &first, &lastr);
    ck_assert_msg(first == 0 && lastr == last, "range %lld..%lld", (long long)first, (long long)lastr);

    check_targets(h, targets, N_TARGETS, refs, nn_opt_name(opt));

    /* forward from 150 replaying what was recorded (η, seed, divergence, tokens) stays on the branch
     * and arrives where the run did */
    train_core *w = seek(h, 150);
    train_cmd next;
    int replayed = 0;
    while (history_pos(h) < last) {
        while (history_next_cmd(h, &next)) {
            history_apply(h, w, &next);
            replayed++;
        }
        train_core_step(w);
        history_after_step(h, w);
    }
    ck_assert_int_eq(replayed, n - 9); /* the nine up to 150 are in the state seek gave */
    ck_assert_int_eq(history_head(h), last);
    const history_point *pts;
    ck_assert_int_eq(history_ghost(h, &pts), 0);
    state *end = state_new(1);
    capture(w, end);
    assert_same(&refs[12], end, "replayed forward to the end");
    free(end);
    train_core_destroy(w);

    /* going on from a rewound core is going on from the original: 50 more steps each */
    train_core *r = seek(h, 333);
    state *a = state_new(2);
    session *mid = malloc(sizeof *mid);
    ck_assert_ptr_nonnull(mid);
    train_core_session(r, mid);
    train_core *fresh = make_core(mid);
    for (int i = 0; i < 50; i++) {
        train_core_step(r);
        train_core_step(fresh);
    }
    capture(r, &a[0]);
    capture(fresh, &a[1]);
    assert_same(&a[0], &a[1], "50 steps on");

    free(mid);
    free(a);
    free(refs);
    train_core_destroy(fresh);
    train_core_destroy(r);
    train_core_destroy(c);
    history_destroy(h);
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

/* A reset starts an epoch: steps are counted from 0 again and seeks address the epoch the core is in. */
START_TEST(seek_within_the_epoch_after_a_reset)
{
    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    session_default(s);
    s->opt = NN_OPT_ADAM;
    s->lr = 0.01;
    train_core *c = make_core(s);
    history *h = make_history(c, HISTORY_DEFAULT_BYTES);
    due d[] = {{100, 0, cmd_i(TRAIN_CMD_RESET, 0)}, {100, 0, cmd_a(TRAIN_CMD_SET_LR, 0.02)}};
    int64_t targets[] = {200, 0};
    state *refs = state_new(2);
    drive(h, c, d, 2, 200, targets, 1, refs, 0);
    ck_assert_int_eq(train_core_steps(c), 100);
    ck_assert_int_eq(history_pos(h), 200);
    int64_t first, last;
    history_range(h, &first, &last);
    ck_assert(first == 0 && last == 100);
    char err[256] = "";
    train_core *r = NULL;
    ck_assert_int_eq(history_seek(h, 101, &r, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "step 101") != NULL, "%s", err);
    ck_assert_ptr_null(r);

    /* step 0 of this epoch is the state after the reset and the new η; step 100 is where c is */
    r = seek(h, 0);
    state *got = state_new(1);
    capture(r, got);
    ck_assert_int_eq(got->sn.step, 0);
    ck_assert(got->sn.lr == 0.02);
    train_core_destroy(r);
    r = seek(h, 100);
    capture(r, got);
    assert_same(&refs[0], got, "after the reset");
    /* the unbroken run from the reset gives the same */
    train_core *u = make_core(s);
    train_cmd lr = cmd_a(TRAIN_CMD_SET_LR, 0.02);
    train_core_apply(u, &lr);
    for (int i = 0; i < 100; i++)
        train_core_step(u);
    capture(u, &refs[1]);
    assert_same(&refs[1], got, "fresh from the start");

    free(got);
    free(refs);
    train_core_destroy(u);
    train_core_destroy(r);
    train_core_destroy(c);
    history_destroy(h);
    free(s);
}
END_TEST

/* A load starts an epoch at the loaded session's step; it is kept whole in a keyframe, not replayed. */
START_TEST(a_load_starts_an_epoch_and_replays_exactly)
{
    session *s = malloc(sizeof *s), *loaded = malloc(sizeof *loaded);
    ck_assert(s && loaded);
    session_default(s);
    s->opt = NN_OPT_ADAM;
    s->lr = 0.01;
    train_core *c = make_core(s);
    history *h = make_history(c, HISTORY_DEFAULT_BYTES);
    session_default(s);
    s->opt = NN_OPT_MOMENTUM;
    s->lr = 0.03;
    train_core *o = make_core(s);
    for (int i = 0; i < 70; i++)
        train_core_step(o);
    train_core_session(o, loaded); /* step 70; the core takes it over */
    due d[] = {{100, 0, (train_cmd){.type = TRAIN_CMD_LOAD, .ptr = loaded}}};
    int64_t targets[] = {150, 200};
    state *refs = state_new(2);
    drive(h, c, d, 1, 200, targets, 2, refs, 0);
    ck_assert_int_eq(train_core_steps(c), 170);
    int64_t first, last;
    history_range(h, &first, &last);
    ck_assert_msg(first == 70 && last == 170, "range %lld..%lld", (long long)first, (long long)last);
    char err[256] = "";
    train_core *r = NULL;
    ck_assert_int_eq(history_seek(h, 69, &r, err, (int)sizeof err), -1);
    state *got = state_new(1);
    int64_t steps[] = {120, 170};
    for (int t = 0; t < 2; t++) {
        r = seek(h, steps[t]);
        capture(r, got);
        assert_same(&refs[t], got, "after the load");
        train_core_destroy(r);
    }
    /* and the loaded run goes on as the run it came from */
    for (int i = 0; i < 100; i++)
        train_core_step(o);
    capture(o, got);
    assert_same(&refs[1], got, "the run it came from");
    free(got);
    free(refs);
    train_core_destroy(o);
    train_core_destroy(c);
    history_destroy(h);
    free(s);
}
END_TEST

/* ---- branches ---- */

START_TEST(branch_keeps_the_ghost_and_follows_the_new_command)
{
    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    session_default(s);
    train_core *c = make_core(s);
    history *h = make_history(c, HISTORY_DEFAULT_BYTES);
    due d[] = {{200, 0, cmd_a(TRAIN_CMD_SET_LR, 0.01)}};
    state *refs = state_new(2);
    drive(h, c, d, 1, 300, NULL, 0, refs, 0);
    const history_point *pts;
    int n_old = history_curve(h, &pts);
    ck_assert_int_eq(n_old, 301);
    history_point *old = malloc((size_t)n_old * sizeof *old);
    ck_assert_ptr_nonnull(old);
    memcpy(old, pts, (size_t)n_old * sizeof *old);
    ck_assert_int_eq(history_ghost(h, &pts), 0);

    /* back to 100, forward 150 steps along the recorded future: still one branch */
    train_core_destroy(c);
    c = seek(h, 100);
    for (int i = 0; i < 100; i++) {
        train_core_step(c);
        history_after_step(h, c);
    }
    train_cmd next;
    ck_assert_int_eq(history_next_cmd(h, &next), 1); /* the η change recorded at 200 */
    ck_assert(next.type == TRAIN_CMD_SET_LR && next.a == 0.01);
    history_apply(h, c, &next);
    ck_assert_int_eq(history_head(h), 300);
    ck_assert_int_eq(history_ghost(h, &pts), 0);
    train_core_destroy(c);

    /* a new η at 150: the old future is the ghost, the curve ends at 150 */
    c = seek(h, 150);
    train_cmd lr = cmd_a(TRAIN_CMD_SET_LR, 0.05);
    history_apply(h, c, &lr);
    ck_assert_int_eq(history_head(h), 150);
    int n_ghost = history_ghost(h, &pts);
    ck_assert_int_eq(n_ghost, 151);
    ck_assert(memcmp(pts, old + 150, (size_t)n_ghost * sizeof *pts) == 0);
    ck_assert_int_eq(history_curve(h, &pts), 151);
    ck_assert(memcmp(pts, old, 151 * sizeof *pts) == 0);

    /* the new future follows η = 0.05: the same as a run that never went back */
    int64_t targets[] = {220, 280};
    free(refs);
    refs = state_new(3);
    drive(h, c, NULL, 0, 280, targets, 2, refs, 0);
    ck_assert_int_eq(history_ghost(h, &pts), n_ghost);
    ck_assert(memcmp(pts, old + 150, (size_t)n_ghost * sizeof *pts) == 0);
    train_core *u = make_core(s);
    for (int i = 0; i < 150; i++)
        train_core_step(u);
    train_core_apply(u, &lr);
    for (int i = 0; i < 130; i++)
        train_core_step(u);
    state *got = state_new(1);
    capture(u, got);
    assert_same(&refs[1], got, "new branch vs a straight run");
    ck_assert(refs[1].sn.lr == 0.05);
    ck_assert(memcmp(&refs[1].sn.loss, &old[280].loss, sizeof(double)) != 0);
    check_targets(h, targets, 2, refs, "new branch");

    /* the old branch's steps before the branch point are still reachable and the same */
    train_core *r = seek(h, 120);
    capture(r, got);
    ck_assert(memcmp(&got->sn.loss, &old[120].loss, sizeof(double)) == 0);
    train_core_destroy(r);

    /* running forward past a recorded command without it branches too */
    train_core_destroy(c);
    c = seek(h, 100);
    for (int i = 0; i < 60; i++) {
        train_core_step(c);
        history_after_step(h, c);
    }
    ck_assert_int_eq(history_head(h), 160);
    ck_assert(history_ghost(h, &pts) > 0 && pts[0].pos == 150);

    /* more units on a branch made after a seek: later seeks past it give the units it drew */
    train_core_destroy(c);
    c = seek(h, 140);
    train_cmd grow = cmd_i(TRAIN_CMD_SET_HIDDEN, 9);
    history_apply(h, c, &grow);
    int64_t after[] = {140, 141, 190};
    drive(h, c, NULL, 0, 190, after, 3, refs, 0);
    ck_assert_int_eq(refs[2].sn.hidden, 9);
    state *again = state_new(3);
    for (int t = 0; t < 3; t++) {
        r = seek(h, after[t]);
        capture(r, &again[t]);
        assert_same(&refs[t], &again[t], "grown on a branch");
        train_core_destroy(r);
    }
    free(again);

    history_clear_ghost(h);
    ck_assert_int_eq(history_ghost(h, &pts), 0);

    free(got);
    free(old);
    free(refs);
    train_core_destroy(u);
    train_core_destroy(c);
    history_destroy(h);
    free(s);
}
END_TEST

/* ---- bounds ---- */

START_TEST(memory_stays_under_the_bound_in_a_long_run)
{
    const size_t bound = (size_t)2 << 20;
    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    session_default(s);
    s->opt = NN_OPT_ADAM;
    s->lr = 0.01;
    train_core *c = make_core(s);
    history *h = make_history(c, bound);
    const int64_t last = 100000;
    due d[] = {{20000, 0, cmd_i(TRAIN_CMD_SET_HIDDEN, 8)},
               {50000, 0, cmd_a(TRAIN_CMD_SET_LR, 0.005)},
               {70001, 0, cmd_i(TRAIN_CMD_SET_ACT, NN_ACT_TANH)}};
    enum { N = 8 };
    int64_t targets[N] = {0, 19999, 20000, 50000, 70001, last};
    uint64_t rng = 5;
    for (int t = 6; t < N; t++)
        targets[t] = (int64_t)(lcg(&rng) % (uint64_t)last);
    state *refs = state_new(N);
    drive(h, c, d, 3, last, targets, N, refs, bound);
    ck_assert(history_bytes(h) <= bound);
    ck_assert_msg(history_stride(h) > HISTORY_KEY_EVERY, "stride %lld: thinning never ran", (long long)history_stride(h));
    check_targets(h, targets, N, refs, "long run");
    free(refs);
    train_core_destroy(c);
    history_destroy(h);
    free(s);
}
END_TEST

/* Changes of N keep a keyframe each; when they alone fill the bound, the oldest steps go. */
START_TEST(oldest_steps_go_when_keyframes_must_stay)
{
    const size_t bound = history_min_bytes() + ((size_t)256 << 10);
    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    session_default(s);
    s->opt = NN_OPT_MOMENTUM;
    train_core *c = make_core(s);
    history *h = make_history(c, bound);
    enum { TOGGLES = 2000, N = 6 };
    due *d = malloc(TOGGLES * sizeof *d);
    ck_assert_ptr_nonnull(d);
    for (int i = 0; i < TOGGLES; i++)
        d[i] = (due){10 * i + 3, 0, cmd_i(TRAIN_CMD_SET_HIDDEN, 5 + i % 2)};
    const int64_t last = 10 * TOGGLES;
    int64_t targets[N] = {last, last - 1, last - 7, last - 500, last - 1000, last - 1503};
    state *refs = state_new(N);
    drive(h, c, d, TOGGLES, last, targets, N, refs, bound);
    int64_t first, lastr;
    history_range(h, &first, &lastr);
    ck_assert_msg(first > 0 && first < last - 1503, "range %lld..%lld", (long long)first, (long long)lastr);
    ck_assert_int_eq(lastr, last);
    char err[256] = "";
    train_core *r = NULL;
    ck_assert_int_eq(history_seek(h, first - 1, &r, err, (int)sizeof err), -1);
    check_targets(h, targets, N, refs, "after the oldest went");
    free(refs);
    free(d);
    train_core_destroy(c);
    history_destroy(h);
    free(s);
}
END_TEST

START_TEST(a_bound_too_small_is_refused)
{
    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    session_default(s);
    train_core *c = make_core(s);
    char err[256] = "";
    ck_assert_ptr_null(history_create(c, 1000, err, (int)sizeof err));
    ck_assert_msg(strstr(err, "1000 bytes") != NULL, "%s", err);
    history *h = make_history(c, history_min_bytes());
    ck_assert(history_bytes(h) <= history_min_bytes());
    history_destroy(h);
    train_core_destroy(c);
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("history");
    TCase *tc = tcase_create("history");
    tcase_set_timeout(tc, 0);
    tcase_add_test(tc, rewind_equals_forward_gd);
    tcase_add_test(tc, rewind_equals_forward_momentum);
    tcase_add_test(tc, rewind_equals_forward_adam);
    tcase_add_test(tc, rewind_equals_forward_lbfgs);
    tcase_add_test(tc, seek_within_the_epoch_after_a_reset);
    tcase_add_test(tc, a_load_starts_an_epoch_and_replays_exactly);
    tcase_add_test(tc, branch_keeps_the_ghost_and_follows_the_new_command);
    tcase_add_test(tc, memory_stays_under_the_bound_in_a_long_run);
    tcase_add_test(tc, oldest_steps_go_when_keyframes_must_stay);
    tcase_add_test(tc, a_bound_too_small_is_refused);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
