/* The trainer started on a helper thread while the window opens (app/prestart.c): its first snapshot is
 * the one a trainer started on the main thread shows (weights, λ_max, ŷ, pace), and a start-up that
 * fails before taking it stops it. The test's main thread; the helper and the trainers run beside it.
 * Invariants: each case makes its own trainers and stops them (Check forks each test). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/prestart.h"
#include "session/session.h"

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
    /* λ_max is there already, before any publish: the first frame's meter has it */
    ck_assert(a->curv.at == 0 && isfinite(a->curv.lambda_max));
    ck_assert(memcmp(&a->curv.lambda_max, &b->curv.lambda_max, sizeof a->curv.lambda_max) == 0);
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
    tcase_add_test(tc, speed_zero_keeps_the_sessions);
    tcase_add_test(tc, free_without_end_stops_it);
    suite_add_tcase(su, tc);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
