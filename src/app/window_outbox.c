/* window_outbox: what every part of the window sends through: the clock, banners, the queue of
 * commands to the trainer, and forgetting the update being shown (which most commands do).
 * Main thread only.
 * Invariants: a command the ring refuses waits in the outbox, in order, and is sent again next frame. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/window_internal.h"
#include "session/io.h"

#define BANNER_S 4.0

double window_now(void) { return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency(); }

void window_banner(window_app *a, view_banner_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->vs.banner, sizeof a->vs.banner, fmt, ap);
    va_end(ap);
    io_clean(a->vs.banner); /* file names may hold control characters */
    a->vs.banner_kind = kind;
    a->banner_until = window_now() + (kind == VIEW_BANNER_ERROR ? 2.0 * BANNER_S : BANNER_S);
    a->dirty = 1;
}

/* The commands that leave the update being shown in place (anything else forgets it). */
static int keeps_update(train_cmd_type t)
{
    return t == TRAIN_CMD_SET_SPEED || t == TRAIN_CMD_SET_SEED;
}

/* Settings whose newest value alone matters: a queued one is replaced rather than followed. */
static int overwrites(const train_cmd *a, const train_cmd *b)
{
    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case TRAIN_CMD_SET_LR:
    case TRAIN_CMD_SET_HIDDEN:
    case TRAIN_CMD_SET_GAIN:
    case TRAIN_CMD_SET_SPEED:
    case TRAIN_CMD_SET_TOKENS:
    case TRAIN_CMD_SEEK: return 1;
    case TRAIN_CMD_MOVE_INPUT:
    case TRAIN_CMD_MOVE_TARGET: return a->i == b->i;
    default: return 0;
    }
}

/* The commands after which the trainer holds another run: its step, weights, tokens and units
 * may all differ from what the window derived from the old one. */
static int replaces_run(train_cmd_type t)
{
    return t == TRAIN_CMD_RESET || t == TRAIN_CMD_PRESET || t == TRAIN_CMD_LOAD;
}

/* The commands run b follows too, so that the twins differ in their one setting alone: stepping,
 * running, pausing, going back, the pace, the tokens and every other setting. Not: a change of the
 * setting b differs in (b keeps its own), weights set by hand (in run a's layout), the loss export. */
static int mirrored(const window_app *a, const train_cmd *c)
{
    const session_twin_key k = a->twin_set.key;
    switch (c->type) {
    case TRAIN_CMD_RUN:
    case TRAIN_CMD_PAUSE:
    case TRAIN_CMD_STEP:
    case TRAIN_CMD_SET_SPEED:
    case TRAIN_CMD_BACK:
    case TRAIN_CMD_SEEK:
    case TRAIN_CMD_RECOVER:
    case TRAIN_CMD_CLEAR_GHOST:
    case TRAIN_CMD_SET_TOKENS:
    case TRAIN_CMD_MOVE_INPUT:
    case TRAIN_CMD_MOVE_TARGET:
    case TRAIN_CMD_SET_SEED: return 1;
    case TRAIN_CMD_SET_LR: return k != SESSION_TWIN_LR;
    case TRAIN_CMD_SET_HIDDEN: return k != SESSION_TWIN_HIDDEN;
    case TRAIN_CMD_SET_ACT: return k != SESSION_TWIN_ACT;
    case TRAIN_CMD_SET_GAIN: return k != SESSION_TWIN_GAIN;
    case TRAIN_CMD_SET_OPT: return k != SESSION_TWIN_OPT;
    case TRAIN_CMD_SET_FREEZE: return k != SESSION_TWIN_FREEZE;
    default: return 0;
    }
}

/* Queues c for run b as window_send does for run a (its box drains on its own). */
static void twin_queue(window_app *a, const train_cmd *c)
{
    if (a->twin_n > 0 && overwrites(&a->twin_box[a->twin_n - 1], c)) {
        a->twin_box[a->twin_n - 1] = *c;
        return;
    }
    if (a->twin_n == OUTBOX_CAP) {
        window_banner(a, VIEW_BANNER_ERROR, "The twin run is not answering; the last command did not reach it.");
        return;
    }
    a->twin_box[a->twin_n++] = *c;
}

void window_twin_stop(window_app *a)
{
    if (!a->twin)
        return;
    train_thread_stop(a->twin); /* the commands mirrored to it carry no pointers: nothing to free */
    a->twin = NULL;
    a->twin_snap = NULL;
    a->twin_n = 0;
    a->vs.twin = NULL;
    free(a->twin_branch);
    a->twin_branch = NULL;
}

void window_send(window_app *a, train_cmd c)
{
    if (replaces_run(c.type)) {
        window_forget_run(a);
        window_twin_stop(a); /* another run: the twin's branch point is gone (a twin file starts its own) */
    } else if (!keeps_update(c.type) && c.type != TRAIN_CMD_STEP) {
        window_forget_update(a);
    }
    if (a->twin && mirrored(a, &c))
        twin_queue(a, &c);
    if (a->out_n > 0 && overwrites(&a->outbox[a->out_n - 1], &c)) {
        a->outbox[a->out_n - 1] = c;
        return;
    }
    if (a->out_n == OUTBOX_CAP) {
        /* the trainer has not drained 128 + 256 commands: it is stuck, and the user must know */
        window_banner(a, VIEW_BANNER_ERROR, "The trainer is not answering; the last command was not sent.");
        if (c.type == TRAIN_CMD_LOAD || c.type == TRAIN_CMD_SET_PARAMS)
            free(c.ptr); /* the commands that own a heap pointer */
        return;
    }
    a->outbox[a->out_n++] = c;
}

void window_flush_outbox(window_app *a)
{
    int sent = 0;
    while (sent < a->out_n && train_thread_send(a->trainer, &a->outbox[sent]) == 0)
        sent++;
    memmove(a->outbox, a->outbox + sent, (size_t)(a->out_n - sent) * sizeof a->outbox[0]);
    a->out_n -= sent;
    if (!a->twin)
        return;
    sent = 0;
    while (sent < a->twin_n && train_thread_send(a->twin, &a->twin_box[sent]) == 0)
        sent++;
    memmove(a->twin_box, a->twin_box + sent, (size_t)(a->twin_n - sent) * sizeof a->twin_box[0]);
    a->twin_n -= sent;
}

void window_send_simple(window_app *a, train_cmd_type type, int i, double v)
{
    train_cmd c = {.type = type, .i = i, .a = v};
    window_send(a, c);
}

/* Forgets the update being shown: the next frame draws the newest snapshot as it is. Here, below the
 * phases, because sending a command forgets it too. */
void window_forget_update(window_app *a)
{
    a->has_before = a->step_sent = 0;
    a->move_t0 = -1;
    a->unit_at = a->unit_from = a->unit_play = 0;
    a->vs.before = NULL;
    a->vs.moving = LECT_ALL_UNITS;
    a->shown = a->snap;
}

/* Everything the window derived from the run being replaced: the update being shown with its
 * unit-by-unit position (window_forget_update), the phase (the equations of its step), the values sent but not yet shown, the
 * chosen token, unit and probe, a drag in progress. The view's pans and zoom, the tabs and the modes
 * (unit by unit, σ panel, presenter) are the teacher's choices and stay. */
void window_forget_run(window_app *a)
{
    window_forget_update(a);
    a->vs.phase = LECT_OFF;
    a->rec_phase_due = 0;
    a->vs.probe = 0;
    a->vs.selected = -1;
    a->vs.selected_unit = -1;
    a->vs.hovered_unit = -1;
    a->vs.hovered_token = -1;
    a->drag_token = -1;
    a->drag_probe = 0;
    for (int i = 0; i < UI_W_COUNT; i++)
        a->pending_t[i] = -1;
}
