/* window_cmd: the commands the window sends the trainer (outbox), its banners, and the values its controls show.
 * Main thread only.
 * Invariants: a command the ring refuses waits in the outbox, in order, and is sent again next frame. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/window_internal.h"
#include "session/io.h"

#define PENDING_S 1.0 /* a sent value is shown until the snapshot has it, or this long */
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
    case TRAIN_CMD_SET_TOKENS: return 1;
    case TRAIN_CMD_MOVE_INPUT:
    case TRAIN_CMD_MOVE_TARGET: return a->i == b->i;
    default: return 0;
    }
}

void window_send(window_app *a, train_cmd c)
{
    if (!keeps_update(c.type) && c.type != TRAIN_CMD_STEP)
        window_forget_update(a);
    if (a->out_n > 0 && overwrites(&a->outbox[a->out_n - 1], &c)) {
        a->outbox[a->out_n - 1] = c;
        return;
    }
    if (a->out_n == OUTBOX_CAP) {
        /* the trainer has not drained 128 + 256 commands: it is stuck, and the user must know */
        window_banner(a, VIEW_BANNER_ERROR, "The trainer is not answering; the last command was not sent.");
        if (c.type == TRAIN_CMD_LOAD)
            free(c.ptr);
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
}

void window_send_simple(window_app *a, train_cmd_type type, int i, double v)
{
    train_cmd c = {.type = type, .i = i, .a = v};
    window_send(a, c);
}

/* ---- sliders and their values ---- */

static double snap_value(const window_app *a, int id)
{
    const snap *s = a->snap;
    switch (id) {
    case UI_W_LR: return s->lr;
    case UI_W_HIDDEN: return s->hidden;
    case UI_W_SPEED: return s->speed <= 0 ? UI_SPEED_TOP : s->speed;
    case UI_W_TOKENS: return s->n;
    case UI_W_GAIN: return s->gain;
    default: return 0;
    }
}

double window_shown_value(const window_app *a, int id, double now)
{
    const double v = snap_value(a, id);
    if (a->pending_t[id] >= 0 && now - a->pending_t[id] < PENDING_S && a->pending[id] != v)
        return a->pending[id];
    return v;
}

void window_set_slider(window_app *a, int id, double v)
{
    a->pending[id] = v;
    a->pending_t[id] = window_now();
    switch (id) {
    case UI_W_LR: window_send_simple(a, TRAIN_CMD_SET_LR, 0, v); break;
    case UI_W_HIDDEN: window_send_simple(a, TRAIN_CMD_SET_HIDDEN, (int)v, 0); break;
    case UI_W_SPEED: window_send_simple(a, TRAIN_CMD_SET_SPEED, 0, v >= UI_SPEED_TOP ? 0.0 : v); break;
    case UI_W_TOKENS: window_send_simple(a, TRAIN_CMD_SET_TOKENS, (int)v, 0); break;
    case UI_W_GAIN: window_send_simple(a, TRAIN_CMD_SET_GAIN, 0, v); break;
    default: break;
    }
}

/* The unit "only one unit" learning picks: the selected one, else the hovered one, else unit 1. */
static int chosen_unit(const window_app *a)
{
    const int n = a->snap->hidden;
    if (a->vs.selected_unit >= 0 && a->vs.selected_unit < n)
        return a->vs.selected_unit;
    if (a->vs.hovered_unit >= 0 && a->vs.hovered_unit < n)
        return a->vs.hovered_unit;
    return 0;
}

void window_set_freeze(window_app *a, int index)
{
    const train_freeze f = ui_freeze_from_index(index, chosen_unit(a));
    train_cmd c = {.type = TRAIN_CMD_SET_FREEZE, .i = f.only_layer, .j = f.only_unit};
    window_send(a, c);
}

/* The probe is a scene of its own: it leaves the phases (whose equations follow a token). */
void window_set_probe(window_app *a, double theta)
{
    const snap *s = a->snap;
    window_set_phase(a, LECT_OFF);
    a->vs.probe = 1;
    a->vs.probe_theta = theta < s->spec.theta_min   ? s->spec.theta_min
                        : theta > s->spec.theta_max ? s->spec.theta_max
                                                    : theta;
}

void window_sync_widgets(window_app *a, double now)
{
    const ui_controls_state st = {
        .lecture_tab = a->lecture_tab,
        .sigma = a->sigma_panel,
        .unitwise = a->vs.unitwise,
        .recording = a->recording,
        .phase = a->vs.phase,
        .probe = a->vs.probe,
        .probe_theta = a->vs.probe_theta,
        .token = view_selected_token(&a->vs, a->snap->n),
        .unit = chosen_unit(a),
    };
    ui_controls_sync(&a->ctl, &a->lay, a->snap, &st);
    static const int sent[] = {UI_W_LR, UI_W_HIDDEN, UI_W_SPEED, UI_W_TOKENS, UI_W_GAIN};
    for (size_t k = 0; k < sizeof sent / sizeof sent[0]; k++)
        if (a->ctl.ws.pressed != sent[k])
            ui_controls_show_value(&a->ctl, sent[k], window_shown_value(a, sent[k], now));
}
