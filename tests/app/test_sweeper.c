/* test_sweeper: the sweep page's thread (sweeper.c) without a window: a small sweep run on it gives, row for
 * row and bit for bit, what sweep_run gives on this thread with the same desc (as --sweep computes it), and
 * Cancel stops a run that would otherwise never end, at once, keeping the rows finished before it.
 * The sweeper's own thread and this one; fixed seeds; the TSan stage runs it (suite threads). */
#include "app/sweeper.h"
#include "session/session.h"
#include "train/core.h"

#include <check.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

/* A snapshot of the universal scene (bump) at its defaults, as the window would show it. */
static snap *universal(void)
{
    static session se;
    char err[256];
    session_default(&se);
    session_set_scene(&se, &scene_universal);
    train_core *c = train_core_create(&se, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    snap *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(s);
    train_core_fill(c, s);
    train_core_destroy(c);
    return s;
}

/* Takes rows until the thread says it ended (or until `until` rows are in, when until > 0). */
static int wait_rows(sweeper *w, sweep_row *rows, int *have, int until)
{
    for (;;) {
        int ended = sweeper_take(w, rows, have);
        if (ended || (until > 0 && *have >= until))
            return ended;
        sched_yield();
    }
}

START_TEST(thread_gives_the_headless_rows)
{
    snap *s = universal();
    sweep_desc d = sweeper_desc_of(s);
    ck_assert_ptr_eq(d.scene, &scene_universal);
    ck_assert(d.seed == s->scene_spec.seed && d.act == s->act && d.gain == s->gain);
    sweeper_widths(&d, 4);
    ck_assert_int_eq(d.n_sizes, 3); /* 1, 2, 4 */
    ck_assert_int_eq(d.sizes[2], 4);
    d.restarts = 2;
    d.max_steps = 60; /* small: the rows need not converge to be compared */
    char err[200];
    ck_assert_int_eq(sweep_check(&d, err, (int)sizeof err), 0);
    sweep_row want[6], got[6];
    for (int i = 0; i < 3; i++)
        for (int r = 0; r < 2; r++)
            ck_assert_int_eq(sweep_run(&d, i, r, &want[2 * i + r]), 0);
    sweeper *w = sweeper_start(&d, 6, err, (int)sizeof err);
    ck_assert_msg(w != NULL, "%s", err);
    int have = 0;
    ck_assert_int_eq(wait_rows(w, got, &have, 0), 1);
    ck_assert_int_eq(have, 6);
    ck_assert_int_eq(sweeper_failed(w), 0);
    sweeper_stop(w);
    ck_assert_int_eq(memcmp(got, want, sizeof want), 0);
    ck_assert_int_eq(got[5].n_hidden, 4);
    ck_assert_int_eq(got[5].restart, 1);
    free(s);
}
END_TEST

START_TEST(cancel_stops_a_run_that_never_ends)
{
    snap *s = universal();
    sweep_desc d = sweeper_desc_of(s);
    sweeper_widths(&d, 16);
    d.restarts = 3;
    /* no rule stops a run but the step cap, and that is out of reach: only Cancel ends the sweep (were it
     * not to, meson's timeout would fail the test) */
    d.max_steps = INT64_MAX;
    d.abs_tol = 0.0;
    d.rel_tol = -1.0;
    char err[200];
    ck_assert_int_eq(sweep_check(&d, err, (int)sizeof err), 0);
    sweeper *w = sweeper_start(&d, d.n_sizes * d.restarts, err, (int)sizeof err);
    ck_assert_msg(w != NULL, "%s", err);
    sweep_row got[5 * 3];
    int have = 0;
    ck_assert_int_eq(sweeper_take(w, got, &have), 0); /* running: the first run cannot have ended */
    sweeper_cancel(w);
    ck_assert_int_eq(wait_rows(w, got, &have, 0), 1); /* it ended, within its first run */
    ck_assert_int_eq(have, 0);
    ck_assert_int_eq(sweeper_failed(w), 0);
    sweeper_stop(w);
    /* stop on a thread still training: cancels and joins */
    w = sweeper_start(&d, d.n_sizes * d.restarts, err, (int)sizeof err);
    ck_assert_msg(w != NULL, "%s", err);
    sweeper_stop(w);
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sweeper");
    TCase *tc = tcase_create("sweeper");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_test(tc, thread_gives_the_headless_rows);
    tcase_add_test(tc, cancel_stops_a_run_that_never_ends);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
