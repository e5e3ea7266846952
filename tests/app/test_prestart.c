/* The trainer started on a helper thread while the window opens (app/prestart.c): its first snapshot is
 * the one a trainer started on the main thread shows (weights, ŷ, pace), it comes before λ_max of those
 * weights, which follows bit for bit as computed at once, and a start-up that fails before taking it
 * stops it. The test's main thread; the helper and the trainers run beside it.
 * Invariants: each case makes its own trainers and stops them (Check forks each test). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/prestart.h"
#include "lesson/stability.h"
#include "session/session.h"
#include "train/core.h"

static session *make_session(int tokens, int hidden)
{
    session *s = malloc(sizeof *s);
    ck_assert(s);
    session_default(s);
    s->task.n = tokens;
    s->hidden = hidden; /* no weights given: made from the seed for this size */
    return s;
}

/* the bits of two snapshots that the first frame draws */
static void same_first_snapshot(const snap *a, const snap *b)
{
    ck_assert_int_eq((int)a->step, (int)b->step);
    ck_assert_int_eq(a->n, b->n);
    ck_assert_int_eq(a->hidden, b->hidden);
    ck_assert(memcmp(a->p, b->p, sizeof a->p) == 0);
    ck_assert(memcmp(a->yhat, b->yhat, (size_t)a->n * (size_t)a->k * sizeof a->yhat[0]) == 0);
    ck_assert(memcmp(&a->loss, &b->loss, sizeof a->loss) == 0);
    ck_assert(memcmp(&a->speed, &b->speed, sizeof a->speed) == 0);
}

/* The newest snapshot of t, taken again (a frame at a time) until it carries λ_max. Before that, each
 * is the start's: λ_max of its weights being measured, none shown. */
static const snap *await_lambda(train_thread *t)
{
    for (;;) {
        int fresh;
        const snap *s = train_thread_take(t, &fresh);
        if (!s->curv.pending)
            return s;
        ck_assert_uint_eq(s->generation, 0); /* only the start's own slots say "measuring" */
        ck_assert(s->curv.at == -1 && s->curv.len == 0);
        lesson_meter m;
        lesson_meter_of(s, &m);
        ck_assert(m.measuring && !m.has && m.eta_edge == 0.0);
        nanosleep(&(struct timespec){.tv_nsec = 200000}, NULL); /* the next frame */
    }
}

/* λ_max of s's first weights as the start computed it before it published first (and as --report
 * stability computes it): the core's accurate refresh at step 0. */
static void check_lambda_as_at_once(const snap *got, const session *s)
{
    char err[256];
    train_core *c = train_core_create(s, err, (int)sizeof err);
    ck_assert_msg(c, "%s", err);
    train_core_refresh_curv(c, 1);
    snap *want = calloc(1, sizeof *want);
    ck_assert(want);
    train_core_fill(c, want);
    ck_assert(!got->curv.pending && got->curv.at == 0 && isfinite(got->curv.lambda_max));
    ck_assert(memcmp(&got->curv.lambda_max, &want->curv.lambda_max, sizeof got->curv.lambda_max) == 0);
    ck_assert_int_eq(got->curv.len, 1);
    ck_assert_int_eq(want->curv.len, 1);
    ck_assert(got->curv.step[0] == 0 && memcmp(got->curv.lam, want->curv.lam, sizeof got->curv.lam[0]) == 0 &&
              memcmp(got->curv.lr, want->curv.lr, sizeof got->curv.lr[0]) == 0);
    lesson_stability st;
    ck_assert_int_eq(lesson_stability_of(got, 1000, 1e-12, &st), 0);
    ck_assert(memcmp(&st.lambda_max, &got->curv.lambda_max, sizeof st.lambda_max) == 0);
    lesson_meter m;
    lesson_meter_of(got, &m);
    ck_assert(m.has && !m.measuring);
    free(want);
    train_core_destroy(c);
}

START_TEST(helper_start_equals_main_start)
{
    session *s = make_session(64, 8);
    app_prestart p;
    app_prestart_begin(&p, s, 500.0);
    char err[256];
    s->speed = 500.0; /* what the helper's copy holds */
    train_thread *direct = train_thread_start(s, err, (int)sizeof err);
    ck_assert_msg(direct, "%s", err);
    train_thread *t = app_prestart_end(&p, err, (int)sizeof err);
    ck_assert_msg(t, "%s", err);
    ck_assert(p.s && p.s->speed == 500.0); /* kept for the twin's start until freed */
    app_prestart_free(&p);
    ck_assert(!p.s);
    int fresh;
    same_first_snapshot(train_thread_take(t, &fresh), train_thread_take(direct, &fresh));
    check_lambda_as_at_once(await_lambda(t), s);
    check_lambda_as_at_once(await_lambda(direct), s);
    train_thread_stop(t);
    train_thread_stop(direct);
    free(s);
}
END_TEST

START_TEST(speed_zero_keeps_the_sessions)
{
    session *s = make_session(9, 5);
    s->speed = 123.0;
    app_prestart p;
    app_prestart_begin(&p, s, 0);
    char err[256];
    train_thread *t = app_prestart_end(&p, err, (int)sizeof err);
    ck_assert_msg(t, "%s", err);
    int fresh;
    ck_assert(train_thread_take(t, &fresh)->speed == 123.0);
    app_prestart_free(&p);
    train_thread_stop(t);
    free(s);
}
END_TEST

/* The start publishes the first weights before their λ_max: a snapshot taken before the trainer's
 * first publish says "measuring" (at 9×5 the value may already be there: either way it is the same). */
START_TEST(first_snapshot_before_lambda)
{
    session *s = make_session(128, 16);
    app_prestart p;
    app_prestart_begin(&p, s, 500.0);
    char err[256];
    train_thread *t = app_prestart_end(&p, err, (int)sizeof err);
    ck_assert_msg(t, "%s", err);
    int fresh;
    const snap *first = train_thread_take(t, &fresh);
    ck_assert(fresh ? first->generation == 1 && !first->curv.pending
                    : first->generation == 0 && first->curv.pending && first->curv.at == -1);
    s->speed = 500.0;
    check_lambda_as_at_once(await_lambda(t), s);
    app_prestart_free(&p);
    train_thread_stop(t);
    free(s);
}
END_TEST

/* a window that fails to open frees the helper's trainer (ASan and TSan see the rest) */
START_TEST(free_without_end_stops_it)
{
    session *s = make_session(9, 5);
    app_prestart p;
    app_prestart_begin(&p, s, 500.0);
    app_prestart_free(&p);
    ck_assert(!p.s && !p.t && !p.running);
    app_prestart_free(&p); /* twice is harmless, as cleanup may */
    free(s);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("prestart");
    TCase *tc = tcase_create("prestart");
    tcase_add_test(tc, helper_start_equals_main_start);
    tcase_add_test(tc, first_snapshot_before_lambda);
    tcase_add_test(tc, speed_zero_keeps_the_sessions);
    tcase_add_test(tc, free_without_end_stops_it);
    suite_add_tcase(su, tc);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
