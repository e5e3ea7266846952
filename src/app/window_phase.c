/* window_phase: the lecture phases and the update being shown: the step, the weights moving to it, the ghosts.
 * Main thread only.
 * Invariants: a->shown is the snapshot or the window's own copy of one; a move starts with the snapshot of its step. */
#include <math.h>
#include <string.h>

#include "app/window_internal.h"

#define MOVE_S 1.0      /* the update phase moves the weights over this long */
#define STEP_MOVE_S 0.8 /* a single step with the phases off, shorter: it is pressed often */
#define UNIT_MOVE_S 0.6 /* unit by unit: each unit's share of the move */
#define MOVE_MAX_S 12.0 /* unit by unit with many units: the whole move at most this long */
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
    a->keep_ghost = keep_ghost;
    a->move_t0 = -1;
}

static double move_length(const window_app *a, int keep_ghost)
{
    if (a->vs.unitwise)
        return fmin(UNIT_MOVE_S * (a->before->hidden + 1), MOVE_MAX_S);
    return keep_ghost ? MOVE_S : STEP_MOVE_S;
}

void window_update_move(window_app *a, double now)
{
    a->shown = a->snap;
    a->vs.before = NULL;
    a->vs.moving = LECT_ALL_UNITS;
    if (!a->has_before)
        return;
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
    a->vs.before = a->before;
    if (a->move_t0 >= 0 && now - a->move_t0 < a->move_len) {
        const double t = (now - a->move_t0) / a->move_len;
        memcpy(a->anim, s, sizeof *a->anim);
        if (a->vs.unitwise)
            a->vs.moving = lect_interpolate_units(a->before, s->p, t, a->anim->p);
        else
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

/* From the update phase again: the next step's update. */
void window_step_action(window_app *a)
{
    if (a->vs.phase == LECT_OFF) {
        step_with_move(a, 0);
        return;
    }
    if (a->vs.phase == LECT_UPDATE)
        window_set_phase(a, LECT_FORWARD);
    window_set_phase(a, LECT_UPDATE);
}
