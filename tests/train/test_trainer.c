/* test_trainer: the training thread seen from the main thread: commands in, snapshots out.
 * Each case starts one trainer thread and plays the render loop on the test's own thread.
 * Invariants: verdicts never depend on timing; a generous deadline only keeps a broken build from hanging. */
#include "nn/nn.h"
#include "session/session.h"
#include "train/trainer.h"
#include "train/travel.h"

#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEADLINE_S 60.0

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void nap(void)
{
    nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
}

static uint64_t last_gen; /* of the running thread's snapshots */

static train_thread *start_default(void)
{
    last_gen = 0;
    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    session_default(s);
    char err[256] = "";
    train_thread *t = train_thread_start(s, err, (int)sizeof err);
    ck_assert_msg(t != NULL, "train_thread_start: %s", err);
    free(s);
    return t;
}

static void send_cmd(train_thread *t, train_cmd c)
{
    while (train_thread_send(t, &c) != 0)
        nap();
}

typedef int (*snap_pred)(const snap *s, const void *arg);

/* Takes snapshots until pred holds; generations never go back. Fails at the deadline. */
static const snap *await(train_thread *t, snap_pred pred, const void *arg)
{
    double end = now_s() + DEADLINE_S;
    for (;;) {
        int fresh;
        const snap *s = train_thread_take(t, &fresh);
        ck_assert_uint_ge(s->generation, last_gen);
        last_gen = s->generation;
        if (pred(s, arg))
            return s;
        ck_assert_msg(now_s() < end, "no snapshot with the awaited state (step %lld, status %d)",
                      (long long)s->step, (int)s->status);
        nap();
    }
}

static int is_paused_at(const snap *s, const void *arg)
{
    return s->status == TRAIN_PAUSED && s->step == *(const int64_t *)arg;
}

static int has_stepped(const snap *s, const void *arg)
{
    (void)arg;
    return s->step > 0;
}

static int is_paused(const snap *s, const void *arg)
{
    (void)arg;
    return s->status == TRAIN_PAUSED;
}

static int has_lr(const snap *s, const void *arg)
{
    return s->lr == *(const double *)arg;
}

static int is_diverged(const snap *s, const void *arg)
{
    (void)arg;
    return s->status == TRAIN_DIVERGED;
}

START_TEST(first_take_is_a_whole_snapshot)
{
    train_thread *t = start_default();
    int fresh = -1;
    const snap *s = train_thread_take(t, &fresh);
    /* the start's own slot, or (the thread was quicker) the publish of λ_max of the same weights */
    ck_assert_uint_eq(s->generation, (uint64_t)fresh);
    ck_assert(fresh ? !s->curv.pending && s->curv.at == 0 : s->curv.pending && s->curv.at == -1);
    ck_assert_int_eq(s->step, 0);
    ck_assert_int_eq(s->hidden, 5);
    ck_assert_int_eq(s->n, 9);
    ck_assert(isfinite(s->loss) && s->loss > 0);
    train_thread_stop(t);
}
END_TEST

START_TEST(step_three_then_paused)
{
    train_thread *t = start_default();
    train_cmd c = {.type = TRAIN_CMD_STEP, .i = 3};
    send_cmd(t, c);
    int64_t three = 3;
    const snap *s = await(t, is_paused_at, &three);
    ck_assert_int_eq(s->step, 3);
    ck_assert_int_eq(s->steps_left, 0);
    ck_assert_uint_ge(s->generation, 1);
    /* nothing more happens: a later command's snapshot shows the same step */
    double lr = 0.03;
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_SET_LR, .a = lr});
    s = await(t, has_lr, &lr);
    ck_assert_int_eq(s->step, 3);
    train_thread_stop(t);
}
END_TEST

START_TEST(pause_stops_the_thread)
{
    train_thread *t = start_default();
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_RUN});
    await(t, has_stepped, NULL);
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_PAUSE});
    const snap *s = await(t, is_paused, NULL);
    int64_t paused_at = s->step;
    ck_assert_int_gt(paused_at, 0);
    /* commands are applied in order, so the snapshot after this one shows whether steps went on */
    double lr = 0.01;
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_SET_LR, .a = lr});
    s = await(t, has_lr, &lr);
    ck_assert_int_eq(s->step, paused_at);
    ck_assert_int_eq(s->status, TRAIN_PAUSED);
    ck_assert_double_eq(s->steps_per_sec, 0);
    train_thread_stop(t);
}
END_TEST

START_TEST(diverges_and_recovers_through_the_thread)
{
    train_thread *t = start_default();
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_SET_LR, .a = 100});
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_RUN});
    const snap *s = await(t, is_diverged, NULL);
    size_t P = nn_param_count(DATA_D, s->hidden, DATA_K);
    for (size_t i = 0; i < P; i++)
        ck_assert(isfinite(s->p[i]));
    ck_assert_int_eq(s->stop, TRAIN_STOP_DIVERGED);
    ck_assert(s->stop_lr == 100);
    ck_assert_int_eq(s->stop_step, s->step + 1);
    int64_t at = s->step;
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_SET_LR, .a = 0.02});
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_STEP, .i = 2});
    int64_t want = at + 2;
    s = await(t, is_paused_at, &want);
    ck_assert_int_eq(s->stop, TRAIN_STOP_NONE);
    ck_assert_str_eq(s->reason, "");
    train_thread_stop(t);
}
END_TEST

/* Loss and gradient of a snapshot are those of its own weights: recomputed by the same kernel
 * the trainer uses (its agreement with the reference is the network module's test). */
static void check_consistent(const snap *s)
{
    static double grad[SNAP_PARAM_MAX];
    nn_net v;
    snap_net(s, &v);
    double loss = nn_loss_grad(&v, s->x, s->y, s->n, grad);
    ck_assert_msg(fabs(loss - s->loss) <= 1e-12 * loss, "loss %.17g vs %.17g at step %lld", s->loss, loss,
                  (long long)s->step);
    double gmax = 0;
    for (size_t i = 0; i < nn_params(&v); i++)
        gmax = fmax(gmax, fabs(grad[i]));
    for (size_t i = 0; i < nn_params(&v); i++)
        ck_assert_msg(fabs(grad[i] - s->grad[i]) <= 1e-12 * gmax, "grad[%zu] %.17g vs %.17g (largest %g)", i,
                      s->grad[i], grad[i], gmax);
}

/* The render loop's view while commands stream in at full speed: every snapshot is whole. */
START_TEST(snapshots_stay_consistent_under_commands)
{
    train_thread *t = start_default();
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_RUN});
    for (int k = 0; k < 2000; k++) {
        train_cmd c;
        switch (k % 4) {
        case 0: c = (train_cmd){.type = TRAIN_CMD_SET_HIDDEN, .i = 3 + k % 13}; break;
        case 1: c = (train_cmd){.type = TRAIN_CMD_SET_LR, .a = 0.01 + 0.001 * (k % 7)}; break;
        case 2: c = (train_cmd){.type = TRAIN_CMD_MOVE_TARGET, .i = k % 9, .a = 0.1 * (k % 5), .b = 1}; break;
        default: c = (train_cmd){.type = TRAIN_CMD_SET_OPT, .i = k % NN_OPT_COUNT}; break;
        }
        send_cmd(t, c);
        int fresh;
        const snap *s = train_thread_take(t, &fresh);
        if (fresh)
            check_consistent(s);
    }
    double lr = 0.5;
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_SET_LR, .a = lr});
    check_consistent(await(t, has_lr, &lr));
    train_thread_stop(t);
}
END_TEST

/* Threads of this process now: the kernel lists each in /proc/self/task. */
static int thread_count(void)
{
    DIR *d = opendir("/proc/self/task");
    ck_assert_ptr_nonnull(d);
    int n = 0;
    for (const struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* Stops t, which runs as one thread of `with` counted while it ran, and checks that the thread is
 * gone. A joined thread leaves the kernel's list a moment after pthread_join returns (the join
 * wakes when the thread clears its id, just before the kernel unlists it), so the count is
 * awaited; the deadline only keeps a broken build from hanging. */
static void stop_and_count(train_thread *t, int with)
{
    train_thread_stop(t);
    const double end = now_s() + DEADLINE_S;
    while (thread_count() != with - 1 && now_s() < end)
        nap();
    ck_assert_int_eq(thread_count(), with - 1);
}

static int is_past(const snap *s, const void *arg)
{
    return s->step > *(const int64_t *)arg;
}

static int export_answered(const snap *s, const void *arg)
{
    return s->travel.export_seq == *(const uint64_t *)arg;
}

/* ← and the scrub bar through the thread: going back while running pauses there, at the exact state a
 * second run stepped to that step has; the exported losses are the run's, handed back through a snapshot. */
START_TEST(rewind_while_running_pauses_at_the_exact_step)
{
    train_thread *t = start_default();
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_RUN});
    const snap *s = await(t, has_stepped, NULL);
    while (s->step < 300)
        s = await(t, has_stepped, NULL);
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_SEEK, .u = 200});
    int64_t at = 200;
    s = await(t, is_paused_at, &at);
    ck_assert_int_ge(s->travel.last, 300);
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_BACK, .i = 10});
    at = 190;
    s = await(t, is_paused_at, &at);
    snap *seen = malloc(sizeof *seen);
    ck_assert_ptr_nonnull(seen);
    memcpy(seen, s, sizeof *seen);

    session *base = malloc(sizeof *base);
    ck_assert_ptr_nonnull(base);
    session_default(base);
    char err[256];
    train_thread *u = train_thread_start(base, err, (int)sizeof err);
    ck_assert_ptr_nonnull(u);
    train_thread *keep = t;
    last_gen = 0;
    send_cmd(u, (train_cmd){.type = TRAIN_CMD_STEP, .i = 190});
    const snap *w = await(u, is_paused_at, &at);
    size_t P = nn_param_count(DATA_D, w->hidden, DATA_K);
    ck_assert(memcmp(w->p, seen->p, P * sizeof *w->p) == 0);
    ck_assert(memcmp(&w->loss, &seen->loss, sizeof w->loss) == 0);
    train_thread_stop(u);

    /* the lent array comes back filled: one loss per step of the branch, the future kept included */
    double *losses = malloc((size_t)TRAVEL_LOSS_MAX * sizeof *losses);
    ck_assert_ptr_nonnull(losses);
    last_gen = 0;
    send_cmd(keep, (train_cmd){.type = TRAIN_CMD_EXPORT_LOSS, .ptr = losses, .u = (uint64_t)TRAVEL_LOSS_MAX});
    uint64_t one = 1;
    s = await(keep, export_answered, &one);
    ck_assert_int_eq(s->travel.export_first, 0);
    ck_assert_int_eq(s->travel.export_stride, 1);
    ck_assert_int_eq(s->travel.export_n, s->travel.last + 1);
    ck_assert(memcmp(&losses[190], &seen->loss, sizeof seen->loss) == 0);
    train_thread_stop(keep);
    free(losses);
    free(base);
    free(seen);
}
END_TEST

START_TEST(stop_joins_while_running_or_idle)
{
    const int before = thread_count();

    /* running flat out: the thread really steps, one snapshot after another, until stopped */
    train_thread *t = start_default();
    const int with = thread_count();
    ck_assert_int_gt(with, before);
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_RUN});
    const snap *s = await(t, has_stepped, NULL);
    ck_assert_int_eq(s->status, TRAIN_RUNNING);
    const int64_t first = s->step;
    const uint64_t first_gen = s->generation;
    s = await(t, is_past, &first);
    ck_assert_int_eq(s->status, TRAIN_RUNNING);
    ck_assert_uint_gt(s->generation, first_gen);
    ck_assert(isfinite(s->loss));
    stop_and_count(t, with);

    /* idle (paused from the start): stop wakes it */
    t = start_default();
    ck_assert_int_eq(thread_count(), with);
    s = await(t, is_paused, NULL);
    ck_assert_int_eq(s->step, 0);
    stop_and_count(t, with);

    /* paced at 2 steps/s, most of the time asleep between steps: stop wakes it from that sleep */
    t = start_default();
    ck_assert_int_eq(thread_count(), with);
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_SET_SPEED, .a = 2});
    send_cmd(t, (train_cmd){.type = TRAIN_CMD_RUN});
    s = await(t, has_stepped, NULL);
    ck_assert_int_eq(s->status, TRAIN_RUNNING);
    stop_and_count(t, with);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("trainer");
    TCase *tc = tcase_create("trainer");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, first_take_is_a_whole_snapshot);
    tcase_add_test(tc, step_three_then_paused);
    tcase_add_test(tc, pause_stops_the_thread);
    tcase_add_test(tc, diverges_and_recovers_through_the_thread);
    tcase_add_test(tc, snapshots_stay_consistent_under_commands);
    tcase_add_test(tc, stop_joins_while_running_or_idle);
    tcase_add_test(tc, rewind_while_running_pauses_at_the_exact_step);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
