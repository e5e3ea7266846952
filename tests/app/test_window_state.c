/* The window's state without a window: what a reset, preset or load makes it forget (window_outbox.c),
 * and unit by unit stepped with → and ← (window_phase.c), the trainer's snapshots made by a core here.
 * The test's main thread only; commands queue in the outbox and are read back, never sent.
 * Invariants: each case starts from a fresh window_app over a paused run at step 0 (Check forks each test). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/window_internal.h"
#include "train/core.h"

static window_app *app;
static snap *s0, *s1; /* the run at step 0 and after one gd step */
static cli_options opt;

static void setup(void)
{
    session *s = malloc(sizeof *s);
    ck_assert(s);
    session_default(s);
    char err[256];
    train_core *c = train_core_create(s, err, (int)sizeof err);
    ck_assert_msg(c, "%s", err);
    s0 = calloc(1, sizeof *s0);
    s1 = calloc(1, sizeof *s1);
    ck_assert(s0 && s1);
    train_core_fill(c, s0);
    train_core_step(c);
    train_core_fill(c, s1);
    train_core_destroy(c);
    free(s);
    ck_assert_int_eq((int)s1->step, 1);
    app = calloc(1, sizeof *app);
    ck_assert(app);
    memset(&opt, 0, sizeof opt);
    app->opt = &opt;
    app->snap = app->shown = s0;
    app->before = malloc(sizeof *app->before);
    app->anim = malloc(sizeof *app->anim);
    ck_assert(app->before && app->anim);
    view_state_init(&app->vs);
    app->drag_token = app->pan_plane = -1;
    app->move_t0 = -1;
    for (int i = 0; i < UI_W_COUNT; i++)
        app->pending_t[i] = -1;
}

static void teardown(void)
{
    free(app->before);
    free(app->anim);
    free(app);
    free(s0);
    free(s1);
}

/* The window as the issue found it after stepping through the phases: the update phase holding its
 * ghosts, unit by unit half way, a token, a unit and the probe chosen, a slider value on its way. */
static void mid_lecture(void)
{
    app->vs.phase = LECT_UPDATE;
    memcpy(app->before, s0, sizeof *app->before);
    app->has_before = 1;
    app->keep_ghost = 1;
    app->vs.before = app->before;
    app->snap = app->shown = s1;
    app->unit_at = 3;
    app->unit_from = 2;
    app->unit_play = 1;
    app->vs.selected = 8;
    app->vs.selected_unit = 4;
    app->vs.probe = 1;
    app->drag_token = 2;
    app->pending[UI_W_LR] = 0.5;
    app->pending_t[UI_W_LR] = window_now();
    app->vs.pan[VIEW_PLANE_INPUT].zoom = 2;
    app->lecture_tab = 1;
    app->vs.unitwise = 1;
}

static void assert_forgotten(void)
{
    ck_assert_int_eq(app->vs.phase, LECT_OFF); /* no "5/5 update (step 0 → 1)" over a step-0 status */
    ck_assert_int_eq(app->has_before, 0);
    ck_assert_ptr_null(app->vs.before);
    ck_assert_int_eq(app->unit_at, 0);
    ck_assert_int_eq(app->unit_play, 0);
    ck_assert_int_eq(app->vs.selected, -1);
    ck_assert_int_eq(app->vs.selected_unit, -1);
    ck_assert_int_eq(app->vs.probe, 0);
    ck_assert_int_eq(app->drag_token, -1);
    ck_assert(app->pending_t[UI_W_LR] < 0);
    /* the slider shows the snapshot's η again, not the value sent to the old run */
    ck_assert(window_shown_value(app, UI_W_LR, window_now()) == app->snap->lr);
    /* the teacher's choices stay */
    ck_assert(app->vs.pan[VIEW_PLANE_INPUT].zoom == 2);
    ck_assert_int_eq(app->lecture_tab, 1);
    ck_assert_int_eq(app->vs.unitwise, 1);
}

START_TEST(preset_reset_and_load_forget_the_old_run)
{
    static const train_cmd_type kinds[] = {TRAIN_CMD_PRESET, TRAIN_CMD_RESET, TRAIN_CMD_LOAD};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        mid_lecture();
        train_cmd c = {.type = kinds[k], .i = 1};
        if (kinds[k] == TRAIN_CMD_LOAD) {
            session *s = malloc(sizeof *s);
            ck_assert(s);
            session_default(s);
            c.ptr = s;
        }
        window_send(app, c);
        ck_assert_int_eq(app->out_n, (int)k + 1);
        ck_assert_int_eq(app->outbox[k].type, kinds[k]);
        assert_forgotten();
    }
    free(app->outbox[2].ptr);
}
END_TEST

/* A setting change forgets the update being shown, but the phase and the choices stay. */
START_TEST(a_setting_change_keeps_the_phase)
{
    mid_lecture();
    window_send_simple(app, TRAIN_CMD_SET_LR, 0, 0.1);
    ck_assert_int_eq(app->vs.phase, LECT_UPDATE);
    ck_assert_int_eq(app->has_before, 0);
    ck_assert_int_eq(app->vs.selected, 8);
    ck_assert_int_eq(app->vs.selected_unit, 4);
}
END_TEST

/* Parameter index ranges of hidden unit u: w̄(1)_u, b(1)_u, w(2)_u; b(2) is the last K. */
static int unit_params_equal(const double *p, const double *q, const snap *s, int u)
{
    nn_layout l;
    const nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
    nn_layout_of(&sh, &l);
    for (int j = 0; j < s->d; j++)
        if (p[l.w[1] + (size_t)u * (size_t)s->d + (size_t)j] != q[l.w[1] + (size_t)u * (size_t)s->d + (size_t)j])
            return 0;
    if (p[l.b[1] + (size_t)u] != q[l.b[1] + (size_t)u])
        return 0;
    for (int o = 0; o < s->k; o++)
        if (p[l.w[2] + (size_t)u * (size_t)s->k + (size_t)o] != q[l.w[2] + (size_t)u * (size_t)s->k + (size_t)o])
            return 0;
    return 1;
}

/* The outbox's step commands, then the trainer's answer: the snapshot of step 1. */
static void trainer_answers_the_step(void)
{
    ck_assert_int_eq(app->out_n, 1);
    ck_assert_int_eq(app->outbox[0].type, TRAIN_CMD_STEP);
    ck_assert_int_eq(app->outbox[0].i, 1);
    app->out_n = 0;
    app->snap = s1;
}

/* Far enough on that any move has ended (the clock is the test's, not the wall's). */
static double later(void) { return window_now() + 100.0; }

START_TEST(unit_by_unit_holds_on_each_unit)
{
    const int n = s0->hidden;
    ck_assert_int_ge(n, 2);
    window_set_unitwise(app, 1);
    window_update_move(app, window_now());
    ck_assert_int_eq(app->vs.moving, 0); /* unit 1 stands out: the next → moves it */
    ck_assert_int_eq(app->out_n, 0);     /* entering takes no step */

    window_step_action(app); /* → : the step is taken and unit 1 applied */
    trainer_answers_the_step();
    window_update_move(app, window_now()); /* the step arrived: unit 1's move starts */
    ck_assert(window_moving(app));
    window_update_move(app, later());
    ck_assert(!window_moving(app)); /* and holds: no fall back, no next unit by itself */
    window_update_move(app, later() + 100.0);
    ck_assert_int_eq(app->unit_at, 1);
    ck_assert_int_eq(app->vs.moving, 1);
    ck_assert_ptr_eq(app->shown, app->anim);
    ck_assert(unit_params_equal(app->anim->p, s1->p, s1, 0));
    for (int u = 1; u < n; u++)
        ck_assert(unit_params_equal(app->anim->p, s0->p, s0, u));

    window_step_action(app); /* → : unit 2, with no new step */
    window_update_move(app, later());
    ck_assert_int_eq(app->out_n, 0);
    ck_assert_int_eq(app->unit_at, 2);
    ck_assert(unit_params_equal(app->anim->p, s1->p, s1, 1));

    window_unit_prev(app); /* ← : unit 2 goes back where it was */
    window_update_move(app, later());
    ck_assert_int_eq(app->unit_at, 1);
    ck_assert_int_eq(app->vs.moving, 1);
    ck_assert(unit_params_equal(app->anim->p, s0->p, s0, 1));
    ck_assert(unit_params_equal(app->anim->p, s1->p, s1, 0));

    /* the rest: units 2..N, then b(2); the whole step is then applied and held */
    for (int k = 1; k <= n; k++) {
        window_step_action(app);
        window_update_move(app, later());
    }
    ck_assert_int_eq(app->unit_at, n + 1);
    ck_assert_int_eq(app->vs.moving, LECT_ALL_UNITS);
    for (size_t i = 0; i < (size_t)(n * (s1->d + 1 + s1->k) + s1->k); i++)
        ck_assert_msg(app->anim->p[i] == s1->p[i], "parameter %zu not at the step's value", i);
    ck_assert_int_eq(app->out_n, 0);

    window_step_action(app); /* → after b(2): the next step */
    ck_assert_int_eq(app->out_n, 1);
    ck_assert_int_eq(app->outbox[0].type, TRAIN_CMD_STEP);
    ck_assert_int_eq((int)app->before->step, 1);
}
END_TEST

/* Shift+U plays the units one after another and stops after b(2), holding the applied step. */
START_TEST(unit_by_unit_plays_on_its_own_and_holds)
{
    const int n = s0->hidden;
    window_unit_play(app);
    ck_assert_int_eq(app->vs.unitwise, 1);
    trainer_answers_the_step();
    double t = window_now();
    window_update_move(app, t);
    for (int k = 0; k <= n + 1; k++) {
        t += 100.0;
        window_update_move(app, t);
    }
    ck_assert_int_eq(app->unit_at, n + 1);
    ck_assert(!window_moving(app));
    ck_assert_int_eq(app->unit_play, 0);
    ck_assert_int_eq(app->has_before, 1); /* the ghosts stay until the teacher moves on */
    ck_assert_int_eq(app->out_n, 0);
}
END_TEST

/* Leaving unit by unit half way shows the trainer's weights whole. */
START_TEST(leaving_unit_by_unit_shows_the_whole_step)
{
    window_set_unitwise(app, 1);
    window_step_action(app);
    trainer_answers_the_step();
    window_update_move(app, window_now());
    window_update_move(app, later());
    ck_assert_int_eq(app->unit_at, 1);
    window_set_unitwise(app, 0);
    window_update_move(app, later());
    ck_assert_ptr_eq(app->shown, s1);
    ck_assert_int_eq(app->has_before, 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("window_state");
    TCase *tc = tcase_create("state");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, preset_reset_and_load_forget_the_old_run);
    tcase_add_test(tc, a_setting_change_keeps_the_phase);
    tcase_add_test(tc, unit_by_unit_holds_on_each_unit);
    tcase_add_test(tc, unit_by_unit_plays_on_its_own_and_holds);
    tcase_add_test(tc, leaving_unit_by_unit_shows_the_whole_step);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
