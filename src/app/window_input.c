/* window_input: SDL events to commands: keys, widgets, clicks, drags and pans on the planes, the wheel, drops.
 * Main thread only (SDL events).
 * Invariants: mouse positions are renderer pixels from here on; a drag or pan in progress owns the mouse. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/window_internal.h"
#include "render/view_wpick.h"
#include "session/ranges.h"
#include "ui/keymap.h"
#include "ui/widget.h"

#define LINGER_S 0.35    /* keep drawing this long after an event, for the trainer's answer */
#define DRAG_SEND_S 0.12 /* a dragged slider sends at most this often (and on release) */
#define SCRUB_SEND_S 0.04 /* a dragged scrub cursor asks for a step at most this often (and on release) */

static void toggle_fullscreen(window_app *a)
{
    const int full = (SDL_GetWindowFlags(a->win) & SDL_WINDOW_FULLSCREEN) != 0;
    if (SDL_SetWindowFullscreen(a->win, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP) != 0)
        window_banner(a, VIEW_BANNER_ERROR, "Fullscreen failed: %s", SDL_GetError());
}

static void do_action(window_app *a, ui_action act)
{
    const double now = window_now();
    switch (act) {
    case UI_ACT_NONE: return;
    case UI_ACT_RUN_PAUSE:
        if (a->snap->status != TRAIN_RUNNING)
            window_set_phase(a, LECT_OFF);
        window_send_simple(a, a->snap->status == TRAIN_RUNNING ? TRAIN_CMD_PAUSE : TRAIN_CMD_RUN, 0, 0);
        break;
    case UI_ACT_STEP: window_step_action(a); break;
    case UI_ACT_RESET: window_send_simple(a, TRAIN_CMD_RESET, 0, 0); break;
    case UI_ACT_HIDDEN_UP:
    case UI_ACT_HIDDEN_DOWN: {
        /* from the value just sent when the snapshot has not caught up, so that held keys add up */
        const double n = window_shown_value(a, UI_W_HIDDEN, now) + (act == UI_ACT_HIDDEN_UP ? 1 : -1);
        if (range_ok(RANGE_HIDDEN, n)) /* the whole accepted range, past the slider's end */
            window_set_slider(a, UI_W_HIDDEN, n);
        break;
    }
    case UI_ACT_LR_UP:
    case UI_ACT_LR_DOWN: { /* the whole accepted range, wider than the slider's */
        const double f = act == UI_ACT_LR_UP ? UI_LR_KEY_FACTOR : 1.0 / UI_LR_KEY_FACTOR;
        const double from = window_shown_value(a, UI_W_LR, now);
        const double v = fmin(fmax(from * f, range_table[RANGE_LR].lo), range_table[RANGE_LR].hi);
        if (v != from) /* at an end a send would only forget the update being shown */
            window_set_slider(a, UI_W_LR, v);
        break;
    }
    case UI_ACT_ACT_LOGISTIC: window_send_simple(a, TRAIN_CMD_SET_ACT, NN_ACT_LOGISTIC, 0); break;
    case UI_ACT_ACT_TANH: window_send_simple(a, TRAIN_CMD_SET_ACT, NN_ACT_TANH, 0); break;
    case UI_ACT_ACT_RELU: window_send_simple(a, TRAIN_CMD_SET_ACT, NN_ACT_RELU, 0); break;
    case UI_ACT_ACT_STEP: window_send_simple(a, TRAIN_CMD_SET_ACT, NN_ACT_STEP, 0); break;
    case UI_ACT_FULLSCREEN: toggle_fullscreen(a); break;
    case UI_ACT_SCREENSHOT: a->want_screenshot = 1; break;
    case UI_ACT_HELP: a->vs.help = !a->vs.help; break;
    case UI_ACT_PRESENTER: a->vs.presenter = !a->vs.presenter; break;
    case UI_ACT_EXPORT_CSV: window_export_csv(a); break;
    case UI_ACT_SAVE_SESSION: window_save_session(a); break;
    case UI_ACT_RECORD: window_toggle_recording(a); break;
    case UI_ACT_PHASE_NEXT: window_set_phase(a, lect_phase_next(a->vs.phase)); break;
    case UI_ACT_PHASE_PREV: window_set_phase(a, lect_phase_prev(a->vs.phase)); break;
    case UI_ACT_UNITWISE: window_set_unitwise(a, !a->vs.unitwise); break;
    case UI_ACT_UNIT_PLAY: window_unit_play(a); break;
    case UI_ACT_BACK:
        if (a->vs.unitwise)
            window_unit_prev(a); /* inside unit by unit, ← is the unit before */
        else
            window_send_simple(a, TRAIN_CMD_BACK, 1, 0); /* the exact step before; pauses */
        break;
    case UI_ACT_BACK10: window_send_simple(a, TRAIN_CMD_BACK, 10, 0); break;
    case UI_ACT_RECOVER: window_send_simple(a, TRAIN_CMD_RECOVER, 0, 0); break;
    case UI_ACT_CLEAR_GHOST: window_send_simple(a, TRAIN_CMD_CLEAR_GHOST, 0, 0); break;
    case UI_ACT_SIGMA_PANEL: a->sigma_panel = !a->sigma_panel; break;
    case UI_ACT_TAB: a->lecture_tab = !a->lecture_tab; break;
    case UI_ACT_VIEW_NEXT: a->vs.page = (view_page)((a->vs.page + 1) % VIEW_PAGE_COUNT); break;
    case UI_ACT_VIEW_PREV: a->vs.page = (view_page)((a->vs.page + VIEW_PAGE_COUNT - 1) % VIEW_PAGE_COUNT); break;
    case UI_ACT_DIAGRAM_BATCH: a->vs.diagram_batch = !a->vs.diagram_batch; break;
    case UI_ACT_DIAGRAM_SMALL: a->vs.diagram_small = !a->vs.diagram_small; break;
    case UI_ACT_SWEEP:
        if (a->vs.page == VIEW_PAGE_SWEEP)
            window_sweep_toggle(a);
        break;
    case UI_ACT_TWIN: window_twin_toggle(a); break;
    case UI_ACT_PROBE_LEFT:
    case UI_ACT_PROBE_RIGHT: {
        const snap *s = a->snap;
        const double notch = (s->spec.theta_max - s->spec.theta_min) / UI_PROBE_KEY_STEPS;
        const double from = a->vs.probe ? a->vs.probe_theta : s->theta[view_selected_token(&a->vs, s->n)];
        window_set_probe(a, from + (act == UI_ACT_PROBE_RIGHT ? notch : -notch));
        break;
    }
    case UI_ACT_QUIT:
        if (a->vs.help)
            a->vs.help = 0; /* Esc first closes the help */
        else
            a->quit = 1;
        break;
    case UI_ACT_COUNT: break;
    }
    a->dirty = 1;
}

static void widget_changed(window_app *a, const ui_event_result *r)
{
    switch (r->id) {
    case UI_W_RUN:
        if (r->index)
            window_set_phase(a, LECT_OFF);
        window_send_simple(a, r->index ? TRAIN_CMD_RUN : TRAIN_CMD_PAUSE, 0, 0);
        break;
    case UI_W_STEP: window_step_action(a); break;
    case UI_W_RESET: window_send_simple(a, TRAIN_CMD_RESET, 0, 0); break;
    case UI_W_TAB_TRAIN: a->lecture_tab = 0; break;
    case UI_W_TAB_LECTURE: a->lecture_tab = 1; break;
    case UI_W_VIEW: a->vs.page = (view_page)r->index; break;
    case UI_W_PRESET:
        if (a->ctl.preset_file[r->index]) {
            /* the whole path, however long the assets directory is */
            const char *name = a->ctl.preset_items[r->index];
            size_t len = strlen(a->assets) + strlen(name) + sizeof "/presets/.ini";
            char *path = malloc(len);
            if (path) {
                snprintf(path, len, "%s/presets/%s.ini", a->assets, name);
                window_load_file(a, path);
                free(path);
            } else {
                window_banner(a, VIEW_BANNER_ERROR, "Preset %s not loaded: out of memory", name);
            }
        } else {
            /* item i is the snapshot scene's preset i (the window loads only scenes it draws, so the
             * trainer's scene is the one listed) */
            window_send_simple(a, TRAIN_CMD_PRESET, r->index, 0);
        }
        break;
    case UI_W_ACT: window_send_simple(a, TRAIN_CMD_SET_ACT, r->index, 0); break;
    case UI_W_OPT: window_send_simple(a, TRAIN_CMD_SET_OPT, r->index, 0); break;
    case UI_W_PHASE: window_set_phase(a, lect_phase_next(a->vs.phase)); break;
    case UI_W_UNITWISE: window_set_unitwise(a, r->index); break;
    case UI_W_SIGMA: a->sigma_panel = r->index; break;
    case UI_W_RECORD: window_toggle_recording(a); break;
    case UI_W_FREEZE: window_set_freeze(a, r->index); break;
    case UI_W_TWIN: window_twin_toggle(a); break;
    case UI_W_TWIN_WITH:
        a->twin_choice = r->index;
        if (a->twin) { /* another setting: the twin starts again, from the step shown */
            window_twin_stop(a);
            window_twin_toggle(a);
        }
        break;
    case UI_W_THETA: window_set_probe(a, r->value); break;
    case UI_W_LR:
    case UI_W_HIDDEN:
    case UI_W_SPEED:
    case UI_W_TOKENS:
    case UI_W_NOISE:
    case UI_W_JITTER:
    case UI_W_GAIN: {
        /* while dragging, a few updates a second: each setting change leaves a marker */
        const double t = window_now();
        if (t - a->drag_sent_t >= DRAG_SEND_S) {
            window_set_slider(a, r->id, r->value);
            a->drag_sent_t = t;
        }
        break;
    }
    default: break;
    }
}

/* ---- mouse on the planes ---- */

static void drag_token_to(window_app *a, float sx, float sy)
{
    const view_xform t = view_plane_xform(a->snap, &a->vs, &a->lay.view, a->drag_plane);
    double wx, wy;
    view_to_world(&t, sx, sy, &wx, &wy);
    train_cmd c = {.type = a->drag_kind == VIEW_PICK_INPUT ? TRAIN_CMD_MOVE_INPUT : TRAIN_CMD_MOVE_TARGET,
                   .i = a->drag_token, .a = wx + a->drag_dx, .b = wy + a->drag_dy};
    window_send(a, c);
}

/* ---- the scrub bar on the loss plot ---- */

/* Goes to the step under the mouse: at most every SCRUB_SEND_S while dragging (a seek at 256 units can
 * take a few milliseconds), always on the press and the release. */
static void scrub_at(window_app *a, float x, int final)
{
    int64_t step;
    if (!view_loss_step_at(a->snap, &a->vs, &a->lay.view, x, a->scrub_y, &step))
        return;
    const double now = window_now();
    if (step == a->scrub_sent || (!final && now - a->scrub_sent_t < SCRUB_SEND_S))
        return;
    window_send(a, (train_cmd){.type = TRAIN_CMD_SEEK, .u = (uint64_t)step});
    a->scrub_sent = step;
    a->scrub_sent_t = now;
}

/* Unit k as the selected unit, and "only one unit" learning following it when that is on. */
static void select_unit(window_app *a, int k)
{
    a->vs.selected_unit = k;
    if (a->snap->freeze.only_unit >= 0 && a->vs.selected_unit >= 0)
        window_set_freeze(a, ui_freeze_index(&a->snap->freeze)); /* "only one unit" follows the selection */
}

/* The ledger's weight named by a click on unit k's decision line (layer 1) or chain link or h bar (layer 2):
 * its largest component, the next one on a second click; a banner says which and how to turn to the other. */
static void pick_weight(window_app *a, int layer, int k, const char *what)
{
    const snap *s = a->snap;
    const int p = view_wpick_param(s, layer, k, a->vs.picked_param);
    if (p != a->vs.picked_param)
        a->vs.picked_prev = a->vs.picked_param;
    a->vs.picked_param = p;
    char msg[160];
    view_wpick_words(s, p, what, msg, sizeof msg);
    window_banner(a, VIEW_BANNER_INFO, "%s", msg);
}

static void plane_button_down(window_app *a, const SDL_MouseButtonEvent *b)
{
    const float x = (float)b->x, y = (float)b->y;
    int64_t step;
    if (b->button == SDL_BUTTON_LEFT && view_loss_step_at(a->snap, &a->vs, &a->lay.view, x, y, &step)) {
        a->scrub = 1;
        a->scrub_y = y; /* the drag may leave the plot vertically: only x chooses the step */
        a->scrub_sent = -1;
        scrub_at(a, x, 1);
        return;
    }
    const int plane = view_plane_at(a->snap, &a->vs, &a->lay.view, x, y);
    if (b->button == SDL_BUTTON_RIGHT) {
        a->pan_plane = plane;
        return;
    }
    if (b->button != SDL_BUTTON_LEFT)
        return;
    view_pick pick;
    if (window_diagram_click(a, b))
        return; /* an edge of the small diagram, drawn where the bars were */
    const int unit = a->vs.diagram_small ? -1 : view_pick_unit(a->snap, &a->vs, &a->lay.view, x, y);
    int line, link;
    if (view_pick_probe(a->snap, &a->vs, &a->lay.view, x, y)) {
        a->drag_probe = 1;
    } else if (unit >= 0) {
        /* a click on a bar selects its unit, a second click lets it go; the ledger follows: the e bar names
         * its w(1) from x_0 (as the unit does), the h bar its w(2) */
        select_unit(a, unit == a->vs.selected_unit ? -1 : unit);
        if (view_pick_bar_chart(a->snap, &a->vs, &a->lay.view, x, y) == 1)
            pick_weight(a, 2, unit, "h bar");
        else
            a->vs.picked_param = -1;
    } else if (view_pick_token(a->snap, &a->vs, &a->lay.view, x, y, &pick)) {
        a->vs.selected = pick.token;
        a->vs.probe = 0;
        if (pick.kind == VIEW_PICK_PREDICTION)
            return;
        const view_xform t = view_plane_xform(a->snap, &a->vs, &a->lay.view, pick.plane);
        double wx, wy;
        view_to_world(&t, x, y, &wx, &wy);
        a->drag_token = pick.token;
        a->drag_kind = pick.kind;
        a->drag_plane = pick.plane;
        a->drag_dx = pick.wx - wx;
        a->drag_dy = pick.wy - wy;
    } else if ((line = view_pick_line(a->snap, &a->vs, &a->lay.view, x, y)) >= 0 && b->clicks < 2) {
        select_unit(a, line);
        pick_weight(a, 1, line, "line");
    } else if ((link = view_pick_link(a->snap, &a->vs, &a->lay.view, x, y)) >= 0 && b->clicks < 2) {
        select_unit(a, link);
        pick_weight(a, 2, link, "link");
    } else if (b->clicks >= 2 && plane >= 0) {
        view_pan_reset(&a->vs, (view_plane)plane);
    }
}

void window_update_hover(window_app *a)
{
    view_pick pick;
    a->vs.hovered_unit = -1;
    a->vs.hovered_token = -1;
    a->vs.hovered_param = -1;
    SDL_Cursor *cur = a->cur_arrow;
    if (a->drag_token >= 0) {
        a->vs.hovered_token = a->drag_token;
        cur = a->cur_hand;
    } else if (a->drag_probe) {
        cur = a->cur_hand;
    } else if (a->pan_plane >= 0) {
        cur = a->cur_move;
    } else if (a->mouse_in && a->ctl.ws.hot < 0 && a->ctl.ws.open < 0 && view_shows_planes(a->snap, &a->vs)) {
        const float x = (float)a->mouse_x, y = (float)a->mouse_y;
        if (view_pick_probe(a->snap, &a->vs, &a->lay.view, x, y)) {
            cur = a->cur_hand;
        } else if (view_pick_token(a->snap, &a->vs, &a->lay.view, x, y, &pick)) {
            a->vs.hovered_token = pick.token;
            if (pick.kind != VIEW_PICK_PREDICTION)
                cur = a->cur_hand;
        }
        if (window_diagram_hover(a, x, y))
            cur = a->cur_hand;
        else if (!a->vs.diagram_small)
            a->vs.hovered_unit = view_pick_unit(a->snap, &a->vs, &a->lay.view, x, y);
        if (a->vs.hovered_unit < 0 && a->vs.hovered_token < 0) {
            /* a decision line or a chain link under the mouse lights its unit everywhere; a click picks its weight */
            int k = view_pick_line(a->snap, &a->vs, &a->lay.view, x, y);
            if (k < 0) k = view_pick_link(a->snap, &a->vs, &a->lay.view, x, y);
            if (k >= 0) {
                a->vs.hovered_unit = k;
                cur = a->cur_hand;
            }
        }
    } else if (a->mouse_in && a->ctl.ws.hot < 0 && a->ctl.ws.open < 0 && !a->page_capture) {
        if (window_diagram_hover(a, (float)a->mouse_x, (float)a->mouse_y)) /* the diagram page */
            cur = a->cur_hand;
    } else if (a->ctl.ws.hot >= 0) {
        cur = a->cur_hand;
    }
    if (cur && SDL_GetCursor() != cur)
        SDL_SetCursor(cur);
}

/* Window coordinates to renderer pixels (they differ on HIGHDPI displays). */
static int to_px(const window_app *a, int v) { return (int)lroundf((float)v * a->px_ratio); }

/* Mouse events while a token or the probe is dragged or a plane panned: they go there alone. */
static void continue_drag(window_app *a, const SDL_Event *e)
{
    if (a->scrub) {
        if (e->type == SDL_MOUSEMOTION)
            scrub_at(a, (float)e->motion.x, 0);
        else if (e->type == SDL_MOUSEBUTTONUP && e->button.button == SDL_BUTTON_LEFT) {
            scrub_at(a, (float)e->button.x, 1);
            a->scrub = 0;
        }
        return;
    }
    if (e->type == SDL_MOUSEMOTION && a->drag_token >= 0)
        drag_token_to(a, (float)e->motion.x, (float)e->motion.y);
    else if (e->type == SDL_MOUSEMOTION && a->drag_probe)
        window_set_probe(a, view_probe_theta_at(a->snap, &a->vs, &a->lay.view, (float)e->motion.x,
                                                (float)e->motion.y));
    else if (e->type == SDL_MOUSEMOTION)
        view_pan_by(&a->vs, a->snap, &a->lay.view, (view_plane)a->pan_plane, (float)e->motion.xrel,
                    (float)e->motion.yrel);
    else if (e->type == SDL_MOUSEBUTTONUP &&
             (e->button.button == SDL_BUTTON_LEFT || e->button.button == SDL_BUTTON_RIGHT)) {
        a->drag_token = a->pan_plane = -1;
        a->drag_probe = 0;
    }
}

static void wheel_zoom(window_app *a, const SDL_MouseWheelEvent *w)
{
    int mx, my;
    SDL_GetMouseState(&mx, &my);
    const float x = (float)to_px(a, mx), y = (float)to_px(a, my);
    const int plane = view_plane_at(a->snap, &a->vs, &a->lay.view, x, y);
    const float dy = (w->direction == SDL_MOUSEWHEEL_FLIPPED ? -1.0f : 1.0f) * w->preciseY;
    if (plane >= 0 && dy != 0.0f)
        view_zoom_at(&a->vs, a->snap, &a->lay.view, (view_plane)plane, x, y, pow(1.15, (double)dy));
}

void window_handle_event(window_app *a, SDL_Event e)
{
    a->linger_until = window_now() + LINGER_S;
    switch (e.type) {
    case SDL_QUIT: a->quit = 1; return;
    case SDL_RENDER_TARGETS_RESET: /* target textures lost their pixels (Direct3D on a resize, say): */
    case SDL_RENDER_DEVICE_RESET: draw_layer_destroy(&a->ctl_layer); break; /* made anew at the next frame */
    case SDL_MOUSEMOTION:
        e.motion.x = to_px(a, e.motion.x);
        e.motion.y = to_px(a, e.motion.y);
        e.motion.xrel = to_px(a, e.motion.xrel);
        e.motion.yrel = to_px(a, e.motion.yrel);
        a->mouse_x = e.motion.x;
        a->mouse_y = e.motion.y;
        a->mouse_in = 1;
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        e.button.x = to_px(a, e.button.x);
        e.button.y = to_px(a, e.button.y);
        break;
    default: break;
    }
    a->dirty = 1;

    if (a->drag_token >= a->snap->n)
        a->drag_token = -1; /* the tokens were rebuilt under the mouse */
    const int mouse_event = e.type == SDL_MOUSEMOTION || e.type == SDL_MOUSEBUTTONDOWN ||
                            e.type == SDL_MOUSEBUTTONUP || e.type == SDL_MOUSEWHEEL;
    /* a drag or pan in progress owns the mouse (the keyboard still works) */
    if ((a->drag_token >= 0 || a->drag_probe || a->pan_plane >= 0 || a->scrub) && mouse_event) {
        continue_drag(a, &e);
        return;
    }
    if (a->page_capture && mouse_event) {
        window_page_event(a, &e);
        return;
    }
    /* a weight's new value being typed takes the keys it uses */
    if ((e.type == SDL_KEYDOWN || e.type == SDL_TEXTINPUT) && window_diagram_key(a, &e))
        return;

    const int was_pressed = a->ctl.ws.pressed;
    const ui_event_result r = ui_widgets_event(&a->ctl.ws, &e);
    if (r.changed)
        widget_changed(a, &r);
    /* the end of a slider drag sends the final value, unless it is already on its way (the probe's
     * slider sends nothing: the probe lives in the view) */
    if (e.type == SDL_MOUSEBUTTONUP && was_pressed >= 0 && was_pressed != UI_W_THETA &&
        a->ctl.w[was_pressed].kind == UI_SLIDER &&
        a->ctl.w[was_pressed].value != window_shown_value(a, was_pressed, window_now()))
        window_set_slider(a, was_pressed, a->ctl.w[was_pressed].value);
    if (r.consumed)
        return;
    /* on a page the planes are not drawn: their hit tests must not see the mouse */
    if (mouse_event && !view_shows_planes(a->snap, &a->vs)) {
        window_page_event(a, &e);
        return;
    }

    switch (e.type) {
    case SDL_MOUSEBUTTONDOWN: plane_button_down(a, &e.button); break;
    case SDL_MOUSEWHEEL: wheel_zoom(a, &e.wheel); break;
    case SDL_KEYDOWN: {
        /* a held key repeats only what is a step or a nudge: a held toggle would flicker, a held S or
         * Ctrl+S would write a file per repeat */
        const ui_action act = ui_keymap_lookup(e.key.keysym.sym, e.key.keysym.mod);
        if (!e.key.repeat || ui_keymap_repeats(act))
            do_action(a, act);
        break;
    }
    case SDL_DROPFILE:
        window_load_file(a, e.drop.file);
        SDL_free(e.drop.file);
        break;
    case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_LEAVE)
            a->mouse_in = 0;
        break;
    default: break;
    }
}
