/* window_phase: the lecture phases and the update being shown: the step, the weights moving to it, the ghosts,
 * and unit by unit: the update applied one hidden unit (then b(2)) at a time, as the teacher moves on.
 * Main thread only.
 * Invariants: a->shown is the snapshot or the window's own copy of one; a move starts with the snapshot of its
 * step; unit by unit, 0 <= unit_at <= hidden + 1 segments are applied (unit_from: where a move started). */
#include <math.h>
#include <string.h>

#include "app/window_internal.h"

#define MOVE_S 1.0      /* the update phase moves the weights over this long */
#define STEP_MOVE_S 0.8 /* a single step with the phases off, shorter: it is pressed often */
#define UNIT_MOVE_S 0.6 /* unit by unit: one unit's move */
#define MOVE_MAX_S 12.0 /* unit by unit played on its own: the whole step at most this long */
#define STEP_WAIT_S 2.0 /* a step whose snapshot does not come by then is shown without moving */

/* One gd step that the view moves to: remembers the weights before it, sends the step, and starts
 * the move when the snapshot that has it comes. */
static void step_with_move(window_app *a, int keep_ghost)
{
    if (a->has_before || a->step_sent) {
        /* a step while one still moves (a held key): no move, just the newest state */
        window_forget_update(a);
        window_send_simple(a, TRAIN_CMD_STEP, 1, 0);
        return;
    }
    memcpy(a->before, a->snap, sizeof *a->before);
    window_send_simple(a, TRAIN_CMD_STEP, 1, 0);
    a->has_before = a->step_sent = 1;
    a->step_sent_t = window_now();
    a->keep_ghost = keep_ghost || a->vs.unitwise; /* unit by unit holds each unit where it went */
    a->move_t0 = -1;
    a->unit_from = 0;
    a->unit_at = a->vs.unitwise; /* unit by unit, the step's first move is unit 1's */
}

/* Unit by unit: one unit's move; played on its own with many units, shorter so that the step stays
 * within MOVE_MAX_S. */
static double unit_move_length(const window_app *a)
{
    const double segs = a->snap->hidden + 1;
    return a->unit_play ? fmin(UNIT_MOVE_S, MOVE_MAX_S / segs) : UNIT_MOVE_S;
}

static double move_length(const window_app *a, int keep_ghost)
{
    if (a->vs.unitwise)
        return unit_move_length(a);
    return keep_ghost ? MOVE_S : STEP_MOVE_S;
}

/* The next unit's move, from where the units are now (a move under way is finished at once). */
static void unit_move(window_app *a, int to, double now)
{
    a->unit_from = a->unit_at;
    a->unit_at = to;
    a->move_t0 = now;
    a->move_len = unit_move_length(a);
    a->dirty = 1;
}

/* Unit by unit, the step arrived: segments before unit_at sit at the step's weights, the others at
 * before's, the one between unit_from and unit_at on its way. The segment highlighted is the one
 * moving, else the one the next → applies (none when all are applied). */
static void show_units(window_app *a, double now)
{
    const snap *s = a->snap;
    const int segs = s->hidden + 1;
    double pos = a->unit_at;
    int seg = a->unit_at;
    if (a->move_t0 >= 0) {
        const double u = (now - a->move_t0) / a->move_len;
        if (u < 1) {
            pos = a->unit_from + (a->unit_at - a->unit_from) * u;
            seg = a->unit_from < a->unit_at ? a->unit_from : a->unit_at;
            a->dirty = 1;
        } else {
            a->move_t0 = -1;
            a->rec_phase_due = a->vs.phase != LECT_OFF; /* a frame for each unit the slides show */
            a->dirty = 1;
            if (a->unit_play && a->unit_at < segs)
                unit_move(a, a->unit_at + 1, now);
            else
                a->unit_play = 0;
        }
    }
    memcpy(a->anim, s, sizeof *a->anim);
    lect_interpolate_units(a->before, s->p, pos / segs, a->anim->p);
    nn_net net;
    snap_net(a->anim, &net);
    nn_predict(&net, a->anim->x, a->anim->n, a->anim->yhat);
    a->shown = a->anim;
    a->vs.before = a->before;
    a->vs.moving = seg >= segs ? LECT_ALL_UNITS : seg == segs - 1 ? LECT_OUTPUT_BIAS : seg;
}

void window_update_move(window_app *a, double now)
{
    a->shown = a->snap;
    a->vs.before = NULL;
    a->vs.moving = LECT_ALL_UNITS;
    if (!a->has_before) {
        /* unit by unit and paused: unit 1, which the next → moves, stands out */
        if (a->vs.unitwise && a->snap->status != TRAIN_RUNNING)
            a->vs.moving = 0;
        return;
    }
    const snap *s = a->snap;
    if (a->step_sent) {
        if (s->step == a->before->step + 1 && s->hidden == a->before->hidden && s->steps_left == 0) {
            a->step_sent = 0;
            a->move_t0 = now;
            a->move_len = move_length(a, a->keep_ghost);
        } else if (now - a->step_sent_t > STEP_WAIT_S || s->status == TRAIN_DIVERGED) {
            window_forget_update(a);
            return;
        } else {
            /* the step is on its way: the weights stay where they were */
            a->vs.before = a->before;
            a->shown = a->before;
            return;
        }
    }
    if (s->step != a->before->step + 1 || s->hidden != a->before->hidden) {
        window_forget_update(a); /* the run went on, or the network changed under the update */
        return;
    }
    if (a->vs.unitwise) {
        show_units(a, now);
        return;
    }
    a->vs.before = a->before;
    if (a->move_t0 >= 0 && now - a->move_t0 < a->move_len) {
        const double t = (now - a->move_t0) / a->move_len;
        memcpy(a->anim, s, sizeof *a->anim);
        lect_interpolate(a->before, s->p, t, LECT_ALL_UNITS, a->anim->p);
        nn_net net;
        snap_net(a->anim, &net);
        nn_predict(&net, a->anim->x, a->anim->n, a->anim->yhat);
        a->shown = a->anim;
        a->dirty = 1;
        return;
    }
    if (a->move_t0 >= 0) {
        /* the move just ended */
        a->move_t0 = -1;
        a->rec_phase_due = a->vs.phase == LECT_UPDATE;
        a->dirty = 1;
    }
    if (!a->keep_ghost)
        window_forget_update(a);
}

int window_moving(const window_app *a) { return a->step_sent || a->move_t0 >= 0; }

void window_set_phase(window_app *a, lect_phase p)
{
    const lect_phase old = a->vs.phase;
    if (p == old)
        return;
    if (old == LECT_OFF && a->snap->status == TRAIN_RUNNING)
        window_send_simple(a, TRAIN_CMD_PAUSE, 0, 0); /* the phases take one step apart: the run stops */
    if (old == LECT_UPDATE)
        window_forget_update(a);
    a->vs.phase = p;
    if (p != LECT_OFF)
        a->vs.probe = 0;
    a->rec_phase_due = p != LECT_OFF && p != LECT_UPDATE; /* the update records when its move ends */
    if (p == LECT_UPDATE)
        step_with_move(a, 1);
}

/* The next step, as Step does: with the phases on, through the update phase again. */
static void next_step(window_app *a)
{
    if (a->vs.phase == LECT_OFF) {
        step_with_move(a, 0);
        return;
    }
    if (a->vs.phase == LECT_UPDATE)
        window_set_phase(a, LECT_FORWARD);
    window_set_phase(a, LECT_UPDATE);
}

void window_step_action(window_app *a)
{
    if (a->vs.unitwise)
        window_unit_next(a);
    else
        next_step(a);
}

void window_set_unitwise(window_app *a, int on)
{
    if (on == a->vs.unitwise)
        return;
    window_forget_update(a); /* a step half applied unit by unit is shown whole, and the reverse */
    a->vs.unitwise = on;
}

void window_unit_next(window_app *a)
{
    const double now = window_now();
    a->unit_play = 0;
    if (!a->has_before || (a->unit_at > a->snap->hidden && !window_moving(a))) {
        /* nothing under way, or the whole step applied: the next step, whose first move is unit 1's */
        window_forget_update(a);
        next_step(a);
        return;
    }
    if (a->step_sent || a->unit_at > a->snap->hidden)
        return; /* the step is on its way, or its last move (b(2)) still runs */
    unit_move(a, a->unit_at + 1, now);
}

void window_unit_prev(window_app *a)
{
    a->unit_play = 0;
    if (!a->has_before || a->step_sent || a->unit_at == 0)
        return;
    unit_move(a, a->unit_at - 1, window_now());
}

void window_unit_play(window_app *a)
{
    if (a->unit_play) {
        a->unit_play = 0; /* holds on the unit it reached */
        return;
    }
    window_set_unitwise(a, 1);
    const int held = a->has_before && !a->step_sent && a->move_t0 < 0 && a->unit_at <= a->snap->hidden;
    if (held) {
        a->unit_play = 1;
        unit_move(a, a->unit_at + 1, window_now());
        return;
    }
    if (!window_moving(a))
        window_unit_next(a);
    a->unit_play = 1; /* a move under way goes on into the next */
}
