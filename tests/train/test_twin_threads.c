/* test_twin_threads: a twin run as the window makes it: two trainer threads, each with its own ring
 * and triple buffer, from the same session, run b given the twin's one command; the test's thread
 * plays the render loop taking both snapshots. Built under TSan with the threads suite.
 * Invariants: verdicts never depend on timing; a generous deadline only keeps a broken build from hanging. */
#include "session/session.h"
#include "train/trainer.h"
#include "train/twin.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEADLINE_S 120.0
#define STEPS 300

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void send_cmd(train_thread *t, train_cmd c)
{
    while (train_thread_send(t, &c) != 0)
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
}

/* The twin pair: a from s, b from s with the twin's command; both paused at s's step. */
static void start_pair(const session *s, train_thread *r[2])
{
    char err[256] = "";
    for (int i = 0; i < 2; i++) {
        r[i] = train_thread_start(s, err, (int)sizeof err);
        ck_assert_msg(r[i] != NULL, "train_thread_start: %s", err);
    }
    train_cmd c;
    if (train_twin_cmd(&s->twin, s, &c))
        send_cmd(r[1], c);
}

/* Takes both runs' snapshots, a frame at a time, until each is paused at `step`; returns them in
 * out (valid until the next take). */
static void await_both(train_thread *r[2], int64_t step, const snap *out[2])
{
    double end = now_s() + DEADLINE_S;
    int done[2] = {0, 0};
    while (!(done[0] && done[1])) {
        for (int i = 0; i < 2; i++) {
            int fresh;
            out[i] = train_thread_take(r[i], &fresh);
            done[i] = out[i]->step == step && out[i]->status == TRAIN_PAUSED && out[i]->steps_left == 0;
        }
        ck_assert_msg(now_s() < end, "the runs did not both reach step %lld", (long long)step);
        nanosleep(&(struct timespec){.tv_nsec = 500000}, NULL);
    }
}

static size_t n_params(const snap *s)
{
    nn_net net;
    snap_net(s, &net);
    return nn_params(&net);
}

/* Everything a snapshot draws from, but its generation and the measured rate. */
static int same_snap(const snap *a, const snap *b)
{
    const size_t P = n_params(a), nk = (size_t)a->n * (size_t)a->k;
    return a->step == b->step && a->loss == b->loss && a->hidden == b->hidden && a->lr == b->lr &&
           a->opt == b->opt && P == n_params(b) && memcmp(a->p, b->p, P * sizeof *a->p) == 0 &&
           memcmp(a->grad, b->grad, P * sizeof *a->grad) == 0 && memcmp(a->yhat, b->yhat, nk * sizeof *a->yhat) == 0 &&
           a->hist.len == b->hist.len && memcmp(a->hist.lo, b->hist.lo, (size_t)a->hist.len * sizeof(double)) == 0 &&
           memcmp(a->hist.hi, b->hist.hi, (size_t)a->hist.len * sizeof(double)) == 0 &&
           a->hist.n_marks == b->hist.n_marks;
}

/* Steps both runs in the same "step k" commands, as the window's Step does. */
static void step_both(train_thread *r[2], int k)
{
    for (int i = 0; i < 2; i++)
        send_cmd(r[i], (train_cmd){.type = TRAIN_CMD_STEP, .i = k});
}

/* Twins with the base run's own value of the setting are the same run: identical snapshots. */
START_TEST(same_setting_identical_snapshots)
{
    static const char *const kv[] = {"lr=0.02", "opt=gd", "act=logistic", "hidden=5", "gain=1", "freeze=all"};
    session *s = malloc(sizeof *s);
    char why[200];
    for (size_t c = 0; c < sizeof kv / sizeof kv[0]; c++) {
        session_default(s);
        ck_assert_int_eq(session_twin_parse(kv[c], &s->twin, why, (int)sizeof why), 0);
        train_thread *r[2];
        start_pair(s, r);
        step_both(r, STEPS / 3);
        step_both(r, STEPS - STEPS / 3);
        const snap *sn[2];
        await_both(r, STEPS, sn);
        ck_assert_msg(same_snap(sn[0], sn[1]), "%s: the twins differ", kv[c]);
        ck_assert(sn[0]->loss < sn[0]->hist.hi[0]); /* and they did train */
        train_thread_stop(r[0]);
        train_thread_stop(r[1]);
    }
    free(s);
}
END_TEST

/* Takes r's snapshots until it is paused at `step`; returns the last (valid until the next take). */
static const snap *await_one(train_thread *r, int64_t step)
{
    double end = now_s() + DEADLINE_S;
    for (;;) {
        int fresh;
        const snap *s = train_thread_take(r, &fresh);
        if (s->step == step && s->status == TRAIN_PAUSED && s->steps_left == 0)
            return s;
        ck_assert_msg(now_s() < end, "the run did not reach step %lld", (long long)step);
        nanosleep(&(struct timespec){.tv_nsec = 500000}, NULL);
    }
}

/* The window's twin: run b starts mid-run from run a's snapshot (snap_to_session of what the render
 * loop took), on its own thread. With run a's own value of the setting it then steps exactly as run a
 * does, for every optimizer (their state travels in the snapshot) and after a token moved by hand. */
START_TEST(twin_from_a_snapshot_is_the_same_run)
{
    static const struct {
        const char *opt;
        double lr;
    } runs[] = {{"gd", 0.02}, {"momentum", 0.02}, {"adam", 0.01}, {"lbfgs", 1.0}};
    session *s = malloc(sizeof *s), *at = malloc(sizeof *at);
    char why[200];
    for (size_t c = 0; c < sizeof runs / sizeof runs[0]; c++) {
        session_default(s);
        ck_assert_int_eq(nn_opt_parse(runs[c].opt, &s->opt), 0);
        s->lr = runs[c].lr;
        train_thread *r[2];
        char err[256] = "";
        r[0] = train_thread_start(s, err, (int)sizeof err);
        ck_assert_msg(r[0] != NULL, "%s", err);
        send_cmd(r[0], (train_cmd){.type = TRAIN_CMD_STEP, .i = 23});
        send_cmd(r[0], (train_cmd){.type = TRAIN_CMD_MOVE_INPUT, .i = 2, .a = 0.3, .b = 0.8});
        send_cmd(r[0], (train_cmd){.type = TRAIN_CMD_STEP, .i = 14});
        snap_to_session(await_one(r[0], 37), at);
        char kv[32];
        snprintf(kv, sizeof kv, "opt=%s", runs[c].opt);
        ck_assert_int_eq(session_twin_parse(kv, &at->twin, why, (int)sizeof why), 0);
        r[1] = train_thread_start(at, err, (int)sizeof err);
        ck_assert_msg(r[1] != NULL, "%s", err);
        train_cmd none;
        ck_assert_int_eq(train_twin_cmd(&at->twin, at, &none), 0); /* the same value: nothing to send */
        step_both(r, 50);
        const snap *sn[2];
        await_both(r, 87, sn);
        const size_t P = n_params(sn[0]), nk = (size_t)sn[0]->n * (size_t)sn[0]->k;
        ck_assert_msg(sn[0]->loss == sn[1]->loss && P == n_params(sn[1]) &&
                          memcmp(sn[0]->p, sn[1]->p, P * sizeof(double)) == 0 &&
                          memcmp(sn[0]->grad, sn[1]->grad, P * sizeof(double)) == 0 &&
                          memcmp(sn[0]->yhat, sn[1]->yhat, nk * sizeof(double)) == 0 &&
                          memcmp(sn[0]->x, sn[1]->x, (size_t)sn[0]->n * 2 * sizeof(double)) == 0,
                      "%s: the twin from a's snapshot differs from a", runs[c].opt);
        ck_assert_int_eq(sn[1]->hist.origin, 37); /* its curve starts at the branch point */
        train_thread_stop(r[0]);
        train_thread_stop(r[1]);
    }
    free(s);
    free(at);
}
END_TEST

/* A twin that differs starts from the same weights and goes its own way; each run's divergence is its own. */
START_TEST(other_setting_same_start_own_path)
{
    static const char *const kv[] = {"lr=0.05", "opt=adam", "act=tanh", "hidden=7", "gain=2", "freeze=layer2",
                                     "lr=50"};
    session *s = malloc(sizeof *s);
    char why[200];
    for (size_t c = 0; c < sizeof kv / sizeof kv[0]; c++) {
        session_default(s);
        ck_assert_int_eq(session_twin_parse(kv[c], &s->twin, why, (int)sizeof why), 0);
        train_thread *r[2];
        start_pair(s, r);
        const snap *sn[2];
        await_both(r, 0, sn);
        nn_net a, b;
        snap_net(sn[0], &a);
        snap_net(sn[1], &b);
        /* the same first layer at the start: b's first 5 units are a's (N = 7 grows two more) */
        ck_assert(memcmp(a.w1, b.w1, 5 * 2 * sizeof(double)) == 0);
        ck_assert(memcmp(a.b1, b.b1, 5 * sizeof(double)) == 0);
        step_both(r, STEPS);
        if (strcmp(kv[c], "lr=50") == 0) {
            /* b diverges at once and stops; a goes on to the end */
            double end = now_s() + DEADLINE_S;
            for (;;) {
                int fresh;
                sn[0] = train_thread_take(r[0], &fresh);
                sn[1] = train_thread_take(r[1], &fresh);
                if (sn[0]->step == STEPS && sn[0]->status == TRAIN_PAUSED && sn[1]->status == TRAIN_DIVERGED)
                    break;
                ck_assert_msg(now_s() < end, "lr=50: a at %lld, b status %d", (long long)sn[0]->step, sn[1]->status);
                nanosleep(&(struct timespec){.tv_nsec = 500000}, NULL);
            }
            ck_assert_int_lt(sn[1]->step, STEPS);
        } else {
            await_both(r, STEPS, sn);
            ck_assert_msg(sn[0]->loss != sn[1]->loss, "%s: the twins did not part", kv[c]);
        }
        train_thread_stop(r[0]);
        train_thread_stop(r[1]);
    }
    free(s);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("twin_threads");
    TCase *tc = tcase_create("twin_threads");
    tcase_add_test(tc, same_setting_identical_snapshots);
    tcase_add_test(tc, other_setting_same_start_own_path);
    tcase_add_test(tc, twin_from_a_snapshot_is_the_same_run);
    suite_add_tcase(su, tc);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
