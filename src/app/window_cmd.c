/* window_cmd: the values the window's controls show (a value just sent until the snapshot has it), the
 * settings its sliders and choosers send, and the probe.
 * Main thread only.
 * Invariants: a slider shows the snapshot's value unless one sent within PENDING_S differs from it. */

#include "app/window_internal.h"

#define PENDING_S 1.0 /* a sent value is shown until the snapshot has it, or this long */

/* ---- sliders and their values ---- */

static double snap_value(const window_app *a, int id)
{
    const snap *s = a->snap;
    switch (id) {
    case UI_W_LR: return s->lr;
    case UI_W_HIDDEN: return s->hidden;
    case UI_W_SPEED: return s->speed <= 0 ? RANGE_SPEED_SLIDER_MAX : s->speed;
    case UI_W_TOKENS: return s->n;
    case UI_W_NOISE:
    case UI_W_JITTER: return ui_scene_value(s, id);
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
    case UI_W_SPEED: window_send_simple(a, TRAIN_CMD_SET_SPEED, 0, v >= RANGE_SPEED_SLIDER_MAX ? 0.0 : v); break;
    case UI_W_TOKENS: window_send_simple(a, TRAIN_CMD_SET_TOKENS, (int)v, 0); break;
    case UI_W_NOISE:
    case UI_W_JITTER:
        if (ui_scene_param(a->snap, id) >= 0)
            window_send_simple(a, TRAIN_CMD_SET_SCENE_PARAM, ui_scene_param(a->snap, id), v);
        break;
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
        .page = a->vs.page,
        .twin = a->twin != NULL,
        .twin_choice = a->twin_choice,
    };
    ui_controls_sync(&a->ctl, &a->lay, a->snap, &st);
    static const int sent[] = {UI_W_LR, UI_W_HIDDEN, UI_W_SPEED, UI_W_TOKENS, UI_W_NOISE, UI_W_JITTER, UI_W_GAIN};
    for (size_t k = 0; k < sizeof sent / sizeof sent[0]; k++)
        if (a->ctl.ws.pressed != sent[k])
            ui_controls_show_value(&a->ctl, sent[k], window_shown_value(a, sent[k], now));
}
