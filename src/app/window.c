/* window: the interactive app (SDL window, render loop, widgets) around a trainer thread.
 * Main thread only.
 * Invariants: rendering and text happen on the main thread; the loop reads only snapshots; a command
 * the ring refuses waits in the outbox, in order, and is sent again next frame. */
#include "app/window.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "render/draw.h"
#include "render/text.h"
#include "render/view.h"
#include "train/trainer.h"
#include "ui/keymap.h"
#include "ui/layout.h"
#include "ui/widget.h"

#define FRAME_RING 240     /* frame times kept for the percentiles */
#define OUTBOX_CAP 128     /* commands waiting for room in the trainer's ring */
#define IDLE_WAIT_MS 100   /* paused and still: how often to look for a new snapshot */
#define LINGER_S 0.35      /* keep drawing this long after an event, for the trainer's answer */
#define DRAG_SEND_S 0.12   /* a dragged slider sends at most this often (and on release) */
#define PENDING_S 1.0      /* a sent value is shown until the snapshot has it, or this long */
#define BANNER_S 4.0
#define HIDDEN_MAX 64      /* the slider's end; the trainer allows more */
#define SPEED_TOP 1e5      /* the speed slider's top end means unlimited */

static const char *const act_items[] = {"logistic", "tanh", "relu", "step", "signum"};
static const char *const opt_items[] = {"gd", "momentum", "adam", "lbfgs"};
static const char *const preset_items[] = {"lecture-start", "lecture-solution"};

static const ui_slider_spec lr_spec = {1e-4, 10.0, UI_SCALE_LOG, 0, 2};
static const ui_slider_spec hidden_spec = {1.0, HIDDEN_MAX, UI_SCALE_LINEAR, 1, 0};
static const ui_slider_spec speed_spec = {1.0, SPEED_TOP, UI_SCALE_LOG, 1, 2};
static const ui_slider_spec tokens_spec = {2.0, 1024.0, UI_SCALE_LOG, 1, 0};

typedef struct {
    const cli_options *opt;
    SDL_Window *win;
    SDL_Renderer *ren;
    view_ctx *view;
    train_thread *trainer;
    const snap *snap;

    ui_layout lay;
    view_state vs;
    ui_widget w[UI_W_COUNT];
    ui_widgets ws;
    float dpi_scale;    /* display DPI / 96 times --scale */
    int out_w, out_h;   /* renderer output, pixels */
    float px_ratio;     /* output pixels per window coordinate (HIGHDPI) */

    train_cmd outbox[OUTBOX_CAP];
    int out_n;

    /* a slider value sent but perhaps not yet in the snapshot: shown meanwhile */
    double pending[UI_W_COUNT];
    double pending_t[UI_W_COUNT]; /* when sent; < 0 none */
    double drag_sent_t;

    /* mouse on the planes */
    int mouse_x, mouse_y, mouse_in;
    int drag_token;          /* token being moved, -1 none */
    view_pick_kind drag_kind;
    view_plane drag_plane;
    double drag_dx, drag_dy; /* world offset of the token from the mouse */
    int pan_plane;           /* plane being panned with the right button, -1 none */

    double frame_ms[FRAME_RING];
    int frame_n, frame_head;
    int frames_this_second;
    double second_t0;
    double banner_until;
    double linger_until;
    int dirty;
    int want_screenshot;
    int quit;

    SDL_Cursor *cur_arrow, *cur_hand, *cur_move;
} app;

static double now_s(void) { return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency(); }

/* ---- commands ---- */

/* Settings whose newest value alone matters: a queued one is replaced rather than followed. */
static int overwrites(const train_cmd *a, const train_cmd *b)
{
    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case TRAIN_CMD_SET_LR:
    case TRAIN_CMD_SET_HIDDEN:
    case TRAIN_CMD_SET_SPEED:
    case TRAIN_CMD_SET_TOKENS: return 1;
    case TRAIN_CMD_MOVE_INPUT:
    case TRAIN_CMD_MOVE_TARGET: return a->i == b->i;
    default: return 0;
    }
}

static void banner(app *a, view_banner_kind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void banner(app *a, view_banner_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->vs.banner, sizeof a->vs.banner, fmt, ap);
    va_end(ap);
    a->vs.banner_kind = kind;
    a->banner_until = now_s() + (kind == VIEW_BANNER_ERROR ? 2.0 * BANNER_S : BANNER_S);
    a->dirty = 1;
}

static void send(app *a, train_cmd c)
{
    if (a->out_n > 0 && overwrites(&a->outbox[a->out_n - 1], &c)) {
        a->outbox[a->out_n - 1] = c;
        return;
    }
    if (a->out_n == OUTBOX_CAP) {
        /* the trainer has not drained 128 + 256 commands: it is stuck, and the user must know */
        banner(a, VIEW_BANNER_ERROR, "The trainer is not answering; the last command was not sent.");
        if (c.type == TRAIN_CMD_LOAD)
            free(c.ptr);
        return;
    }
    a->outbox[a->out_n++] = c;
}

static void flush_outbox(app *a)
{
    int sent = 0;
    while (sent < a->out_n && train_thread_send(a->trainer, &a->outbox[sent]) == 0)
        sent++;
    memmove(a->outbox, a->outbox + sent, (size_t)(a->out_n - sent) * sizeof a->outbox[0]);
    a->out_n -= sent;
}

static void send_simple(app *a, train_cmd_type type, int i, double v)
{
    train_cmd c = {.type = type, .i = i, .a = v};
    send(a, c);
}

/* ---- sliders and their values ---- */

static double snap_value(const app *a, int id)
{
    const snap *s = a->snap;
    switch (id) {
    case UI_W_LR: return s->lr;
    case UI_W_HIDDEN: return s->hidden;
    case UI_W_SPEED: return s->speed <= 0 ? SPEED_TOP : s->speed;
    case UI_W_TOKENS: return s->n;
    default: return 0;
    }
}

/* The value a slider shows: the one just sent until the snapshot catches up, else the snapshot's. */
static double shown_value(const app *a, int id, double now)
{
    const double v = snap_value(a, id);
    if (a->pending_t[id] >= 0 && now - a->pending_t[id] < PENDING_S && a->pending[id] != v)
        return a->pending[id];
    return v;
}

static void set_slider(app *a, int id, double v)
{
    a->pending[id] = v;
    a->pending_t[id] = now_s();
    switch (id) {
    case UI_W_LR: send_simple(a, TRAIN_CMD_SET_LR, 0, v); break;
    case UI_W_HIDDEN: send_simple(a, TRAIN_CMD_SET_HIDDEN, (int)v, 0); break;
    case UI_W_SPEED: send_simple(a, TRAIN_CMD_SET_SPEED, 0, v >= SPEED_TOP ? 0.0 : v); break;
    case UI_W_TOKENS: send_simple(a, TRAIN_CMD_SET_TOKENS, (int)v, 0); break;
    default: break;
    }
}

static void init_widgets(app *a)
{
    ui_widget *w = a->w;
    memset(w, 0, sizeof a->w);
    w[UI_W_RUN] = (ui_widget){.kind = UI_TOGGLE, .label = "\xe2\x96\xb6 Run", .label_on = "Pause"};
    w[UI_W_STEP] = (ui_widget){.kind = UI_BUTTON, .label = "Step"};
    w[UI_W_RESET] = (ui_widget){.kind = UI_BUTTON, .label = "Reset"};
    w[UI_W_PRESET] = (ui_widget){.kind = UI_CHOOSER, .label = "preset", .items = preset_items, .n_items = 2};
    w[UI_W_LR] = (ui_widget){.kind = UI_SLIDER, .label = "learning rate \xce\xb7", .spec = lr_spec};
    w[UI_W_HIDDEN] = (ui_widget){.kind = UI_SLIDER, .label = "hidden units N", .spec = hidden_spec};
    w[UI_W_SPEED] = (ui_widget){.kind = UI_SLIDER, .label = "speed", .spec = speed_spec};
    w[UI_W_TOKENS] = (ui_widget){.kind = UI_SLIDER, .label = "tokens n", .spec = tokens_spec};
    w[UI_W_ACT] = (ui_widget){.kind = UI_CHOOSER, .label = "activation \xcf\x83", .items = act_items,
                              .n_items = NN_ACT_COUNT};
    w[UI_W_OPT] = (ui_widget){.kind = UI_CHOOSER, .label = "optimizer", .items = opt_items,
                              .n_items = NN_OPT_COUNT};
    for (int i = 0; i < UI_W_COUNT; i++) {
        w[i].enabled = 1;
        a->pending_t[i] = -1;
    }
    ui_widgets_init(&a->ws, w, UI_W_COUNT);
}

/* Widgets take their rectangles from the layout and their values from the snapshot. */
static void sync_widgets(app *a, double now)
{
    const snap *s = a->snap;
    a->ws.scale = a->lay.scale;
    a->ws.win_h = (int)a->lay.view.status.y; /* lists never cover the status line */
    for (int i = 0; i < UI_W_COUNT; i++) {
        a->w[i].rect = a->lay.widget[i];
        a->w[i].visible = a->lay.visible[i];
    }
    a->w[UI_W_RUN].on = s->status == TRAIN_RUNNING;
    a->w[UI_W_PRESET].index = (int)s->preset;
    a->w[UI_W_ACT].index = (int)s->act;
    a->w[UI_W_OPT].index = (int)s->opt;
    static const int sliders[] = {UI_W_LR, UI_W_HIDDEN, UI_W_SPEED, UI_W_TOKENS};
    for (size_t k = 0; k < sizeof sliders / sizeof sliders[0]; k++) {
        const int id = sliders[k];
        ui_widget *w = &a->w[id];
        if (a->ws.pressed != id)
            w->value = shown_value(a, id, now);
        const double v = w->value;
        switch (id) {
        case UI_W_LR: snprintf(w->value_text, sizeof w->value_text, "%.2g", v); break;
        case UI_W_SPEED:
            if (v >= SPEED_TOP)
                snprintf(w->value_text, sizeof w->value_text, "unlimited");
            else
                snprintf(w->value_text, sizeof w->value_text, "%.0f steps/s", v);
            break;
        default: snprintf(w->value_text, sizeof w->value_text, "%.0f", v); break;
        }
    }
}

static void widget_changed(app *a, const ui_event_result *r)
{
    switch (r->id) {
    case UI_W_RUN: send_simple(a, r->index ? TRAIN_CMD_RUN : TRAIN_CMD_PAUSE, 0, 0); break;
    case UI_W_STEP: send_simple(a, TRAIN_CMD_STEP, 1, 0); break;
    case UI_W_RESET: send_simple(a, TRAIN_CMD_RESET, 0, 0); break;
    case UI_W_PRESET: send_simple(a, TRAIN_CMD_PRESET, r->index, 0); break;
    case UI_W_ACT: send_simple(a, TRAIN_CMD_SET_ACT, r->index, 0); break;
    case UI_W_OPT: send_simple(a, TRAIN_CMD_SET_OPT, r->index, 0); break;
    case UI_W_LR:
    case UI_W_HIDDEN:
    case UI_W_SPEED:
    case UI_W_TOKENS: {
        /* while dragging, a few updates a second: each setting change leaves a marker */
        const double t = now_s();
        if (t - a->drag_sent_t >= DRAG_SEND_S) {
            set_slider(a, r->id, r->value);
            a->drag_sent_t = t;
        }
        break;
    }
    default: break;
    }
}

/* ---- files: screenshot and loss history ---- */

/* A name in the working directory that does not exist yet: prefix-YYYYmmdd-HHMMSS[-k].ext */
static int fresh_name(char *buf, size_t len, const char *prefix, const char *ext)
{
    char stamp[32];
    const time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    for (int k = 1; k < 1000; k++) {
        if (k == 1)
            snprintf(buf, len, "%s-%s.%s", prefix, stamp, ext);
        else
            snprintf(buf, len, "%s-%s-%d.%s", prefix, stamp, k, ext);
        if (access(buf, F_OK) != 0)
            return 0;
    }
    return -1;
}

/* Reads back what has been drawn this frame (before present, as SDL requires) into a PNG. */
static void save_screenshot(app *a)
{
    char path[256];
    if (fresh_name(path, sizeof path, "backprop-lab", "png") != 0) {
        banner(a, VIEW_BANNER_ERROR, "Screenshot not saved: no free file name in the working directory.");
        return;
    }
    /* no alpha channel: some renderers read back a transparent framebuffer */
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, a->out_w, a->out_h, 24, SDL_PIXELFORMAT_RGB24);
    if (!surf) {
        banner(a, VIEW_BANNER_ERROR, "Screenshot not saved: %s", SDL_GetError());
        return;
    }
    if (SDL_RenderReadPixels(a->ren, NULL, SDL_PIXELFORMAT_RGB24, surf->pixels, surf->pitch) != 0)
        banner(a, VIEW_BANNER_ERROR, "Screenshot not saved: %s", SDL_GetError());
    else if (IMG_SavePNG(surf, path) != 0)
        banner(a, VIEW_BANNER_ERROR, "Screenshot not saved to %s: %s", path, IMG_GetError());
    else
        banner(a, VIEW_BANNER_INFO, "Screenshot saved to %s", path);
    SDL_FreeSurface(surf);
}

/* The loss history as the snapshot keeps it: one row per bucket, its first step and min/max. */
static void export_csv(app *a)
{
    char path[256];
    if (fresh_name(path, sizeof path, "backprop-lab-loss", "csv") != 0) {
        banner(a, VIEW_BANNER_ERROR, "Loss history not saved: no free file name in the working directory.");
        return;
    }
    FILE *f = fopen(path, "wx");
    if (!f) {
        banner(a, VIEW_BANNER_ERROR, "Cannot write %s: %s", path, strerror(errno));
        return;
    }
    const snap_history *h = &a->snap->hist;
    int bad = fprintf(f, "step,loss_min,loss_max\n") < 0;
    for (int i = 0; i < h->len && !bad; i++)
        bad = fprintf(f, "%lld,%.17g,%.17g\n", (long long)(h->origin + (int64_t)i * h->stride), h->lo[i],
                      h->hi[i]) < 0;
    bad |= fclose(f) != 0;
    if (bad)
        banner(a, VIEW_BANNER_ERROR, "Writing %s failed: %s", path, strerror(errno));
    else
        banner(a, VIEW_BANNER_INFO, "Loss history (%d rows) saved to %s", h->len, path);
}

static void load_dropped(app *a, const char *path)
{
    session *s = malloc(sizeof *s);
    char err[512];
    if (!s) {
        banner(a, VIEW_BANNER_ERROR, "Out of memory loading %s", path);
        return;
    }
    session_default(s);
    s->speed = a->snap->speed;
    if (session_load(path, s, err, sizeof err) != 0) {
        banner(a, VIEW_BANNER_ERROR, "%s", err);
        free(s);
        return;
    }
    train_cmd c = {.type = TRAIN_CMD_LOAD, .ptr = s};
    send(a, c);
    banner(a, VIEW_BANNER_INFO, "Loaded %s", path);
}

/* ---- keyboard ---- */

static void toggle_fullscreen(app *a)
{
    const int full = (SDL_GetWindowFlags(a->win) & SDL_WINDOW_FULLSCREEN) != 0;
    if (SDL_SetWindowFullscreen(a->win, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP) != 0)
        banner(a, VIEW_BANNER_ERROR, "Fullscreen failed: %s", SDL_GetError());
}

static void do_action(app *a, ui_action act)
{
    const double now = now_s();
    switch (act) {
    case UI_ACT_NONE: return;
    case UI_ACT_RUN_PAUSE:
        send_simple(a, a->snap->status == TRAIN_RUNNING ? TRAIN_CMD_PAUSE : TRAIN_CMD_RUN, 0, 0);
        break;
    case UI_ACT_STEP: send_simple(a, TRAIN_CMD_STEP, 1, 0); break;
    case UI_ACT_RESET: send_simple(a, TRAIN_CMD_RESET, 0, 0); break;
    case UI_ACT_HIDDEN_UP:
    case UI_ACT_HIDDEN_DOWN: {
        const double n = shown_value(a, UI_W_HIDDEN, now) + (act == UI_ACT_HIDDEN_UP ? 1 : -1);
        if (n >= hidden_spec.lo && n <= hidden_spec.hi)
            set_slider(a, UI_W_HIDDEN, n);
        break;
    }
    case UI_ACT_LR_UP:
    case UI_ACT_LR_DOWN: {
        const double f = act == UI_ACT_LR_UP ? UI_LR_KEY_FACTOR : 1.0 / UI_LR_KEY_FACTOR;
        const double v = shown_value(a, UI_W_LR, now) * f;
        set_slider(a, UI_W_LR, ui_slider_value(&lr_spec, ui_slider_frac(&lr_spec, v)));
        break;
    }
    case UI_ACT_ACT_LOGISTIC: send_simple(a, TRAIN_CMD_SET_ACT, NN_ACT_LOGISTIC, 0); break;
    case UI_ACT_ACT_TANH: send_simple(a, TRAIN_CMD_SET_ACT, NN_ACT_TANH, 0); break;
    case UI_ACT_ACT_RELU: send_simple(a, TRAIN_CMD_SET_ACT, NN_ACT_RELU, 0); break;
    case UI_ACT_ACT_STEP: send_simple(a, TRAIN_CMD_SET_ACT, NN_ACT_STEP, 0); break;
    case UI_ACT_FULLSCREEN: toggle_fullscreen(a); break;
    case UI_ACT_SCREENSHOT: a->want_screenshot = 1; break;
    case UI_ACT_HELP: a->vs.help = !a->vs.help; break;
    case UI_ACT_PRESENTER: a->vs.presenter = !a->vs.presenter; break;
    case UI_ACT_EXPORT_CSV: export_csv(a); break;
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

/* ---- mouse on the planes ---- */

static void drag_token_to(app *a, float sx, float sy)
{
    const view_xform t = view_plane_xform(a->snap, &a->vs, &a->lay.view, a->drag_plane);
    double wx, wy;
    view_to_world(&t, sx, sy, &wx, &wy);
    train_cmd c = {.type = a->drag_kind == VIEW_PICK_INPUT ? TRAIN_CMD_MOVE_INPUT : TRAIN_CMD_MOVE_TARGET,
                   .i = a->drag_token, .a = wx + a->drag_dx, .b = wy + a->drag_dy};
    send(a, c);
}

static void plane_button_down(app *a, const SDL_MouseButtonEvent *b)
{
    const float x = (float)b->x, y = (float)b->y;
    const int plane = view_plane_at(a->snap, &a->vs, &a->lay.view, x, y);
    if (b->button == SDL_BUTTON_RIGHT) {
        a->pan_plane = plane;
        return;
    }
    if (b->button != SDL_BUTTON_LEFT)
        return;
    view_pick pick;
    if (view_pick_token(a->snap, &a->vs, &a->lay.view, x, y, &pick)) {
        a->vs.selected = pick.token;
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
    } else if (b->clicks >= 2 && plane >= 0) {
        view_pan_reset(&a->vs, (view_plane)plane);
    }
}

static void update_hover(app *a)
{
    view_pick pick;
    a->vs.hovered_unit = -1;
    a->vs.hovered_token = -1;
    SDL_Cursor *cur = a->cur_arrow;
    if (a->drag_token >= 0) {
        a->vs.hovered_token = a->drag_token;
        cur = a->cur_hand;
    } else if (a->pan_plane >= 0) {
        cur = a->cur_move;
    } else if (a->mouse_in && a->ws.hot < 0 && a->ws.open < 0) {
        const float x = (float)a->mouse_x, y = (float)a->mouse_y;
        if (view_pick_token(a->snap, &a->vs, &a->lay.view, x, y, &pick)) {
            a->vs.hovered_token = pick.token;
            if (pick.kind != VIEW_PICK_PREDICTION)
                cur = a->cur_hand;
        }
        a->vs.hovered_unit = view_pick_unit(a->snap, &a->vs, &a->lay.view, x, y);
    } else if (a->ws.hot >= 0) {
        cur = a->cur_hand;
    }
    if (cur && SDL_GetCursor() != cur)
        SDL_SetCursor(cur);
}

/* Window coordinates to renderer pixels (they differ on HIGHDPI displays). */
static int to_px(const app *a, int v) { return (int)lroundf((float)v * a->px_ratio); }

static void handle_event(app *a, SDL_Event e)
{
    a->linger_until = now_s() + LINGER_S;
    switch (e.type) {
    case SDL_QUIT: a->quit = 1; return;
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

    /* a drag or pan in progress owns the mouse (the keyboard still works) */
    if (a->drag_token >= a->snap->n)
        a->drag_token = -1; /* the tokens were rebuilt under the mouse */
    const int mouse_event = e.type == SDL_MOUSEMOTION || e.type == SDL_MOUSEBUTTONDOWN ||
                            e.type == SDL_MOUSEBUTTONUP || e.type == SDL_MOUSEWHEEL;
    if ((a->drag_token >= 0 || a->pan_plane >= 0) && mouse_event) {
        if (e.type == SDL_MOUSEMOTION && a->drag_token >= 0)
            drag_token_to(a, (float)e.motion.x, (float)e.motion.y);
        else if (e.type == SDL_MOUSEMOTION)
            view_pan_by(&a->vs, a->snap, &a->lay.view, (view_plane)a->pan_plane, (float)e.motion.xrel,
                        (float)e.motion.yrel);
        else if (e.type == SDL_MOUSEBUTTONUP &&
                 (e.button.button == SDL_BUTTON_LEFT || e.button.button == SDL_BUTTON_RIGHT))
            a->drag_token = a->pan_plane = -1;
        return;
    }

    const int was_pressed = a->ws.pressed;
    const ui_event_result r = ui_widgets_event(&a->ws, &e);
    if (r.changed)
        widget_changed(a, &r);
    /* the end of a slider drag sends the final value, unless it is already on its way */
    if (e.type == SDL_MOUSEBUTTONUP && was_pressed >= 0 && a->w[was_pressed].kind == UI_SLIDER &&
        a->w[was_pressed].value != shown_value(a, was_pressed, now_s()))
        set_slider(a, was_pressed, a->w[was_pressed].value);
    if (r.consumed)
        return;

    switch (e.type) {
    case SDL_MOUSEBUTTONDOWN: plane_button_down(a, &e.button); break;
    case SDL_MOUSEWHEEL: {
        int mx, my;
        SDL_GetMouseState(&mx, &my);
        const float x = (float)to_px(a, mx), y = (float)to_px(a, my);
        const int plane = view_plane_at(a->snap, &a->vs, &a->lay.view, x, y);
        const float dy = (e.wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -1.0f : 1.0f) * e.wheel.preciseY;
        if (plane >= 0 && dy != 0.0f)
            view_zoom_at(&a->vs, a->snap, &a->lay.view, (view_plane)plane, x, y, pow(1.15, (double)dy));
        break;
    }
    case SDL_KEYDOWN:
        do_action(a, ui_keymap_lookup(e.key.keysym.sym, e.key.keysym.mod));
        break;
    case SDL_DROPFILE:
        load_dropped(a, e.drop.file);
        SDL_free(e.drop.file);
        break;
    case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_LEAVE)
            a->mouse_in = 0;
        break;
    default: break;
    }
}

/* ---- frame statistics ---- */

static int cmp_double(const void *x, const void *y)
{
    const double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static void frame_percentiles(const app *a, double *p50, double *p99)
{
    double sorted[FRAME_RING];
    memcpy(sorted, a->frame_ms, (size_t)a->frame_n * sizeof sorted[0]);
    qsort(sorted, (size_t)a->frame_n, sizeof sorted[0], cmp_double);
    *p50 = a->frame_n ? sorted[(a->frame_n - 1) / 2] : 0;
    *p99 = a->frame_n ? sorted[(int)ceil(0.99 * a->frame_n) - 1] : 0;
}

static void record_frame(app *a, double ms)
{
    a->frame_ms[a->frame_head] = ms;
    a->frame_head = (a->frame_head + 1) % FRAME_RING;
    if (a->frame_n < FRAME_RING)
        a->frame_n++;
    a->frames_this_second++;
    frame_percentiles(a, &a->vs.frame_p50_ms, &a->vs.frame_p99_ms);
}

/* Once a second: frames per second, and the --stats line. */
static void tick_second(app *a, double now)
{
    if (now - a->second_t0 < 1.0)
        return;
    a->vs.fps = (double)a->frames_this_second / (now - a->second_t0);
    if (a->opt->stats) {
        printf("steps/s %.0f  fps %.1f  frame p50 %.2f ms  p99 %.2f ms  step %lld\n", a->snap->steps_per_sec,
               a->vs.fps, a->vs.frame_p50_ms, a->vs.frame_p99_ms, (long long)a->snap->step);
        fflush(stdout);
    }
    a->frames_this_second = 0;
    a->second_t0 = now;
}

/* ---- the frame ---- */

static int draw_frame(app *a, double now)
{
    SDL_GetRendererOutputSize(a->ren, &a->out_w, &a->out_h);
    int ww, wh;
    SDL_GetWindowSize(a->win, &ww, &wh);
    a->px_ratio = ww > 0 ? (float)a->out_w / (float)ww : 1.0f;
    ui_layout_compute(a->out_w, a->out_h, a->dpi_scale, a->vs.presenter, &a->lay);
    a->vs.scale = a->lay.scale;
    if (a->banner_until > 0 && now > a->banner_until) {
        a->vs.banner[0] = '\0';
        a->vs.banner_kind = VIEW_BANNER_NONE;
        a->banner_until = 0;
    }
    sync_widgets(a, now);
    update_hover(a);

    text_cache *tc = view_ctx_text(a->view);
    draw_list *dl = view_ctx_draw_list(a->view);
    const draw_palette *pal = draw_palette_get(a->vs.presenter);
    text_set_scale(tc, a->lay.scale);
    view_clear(a->view, &a->vs);
    int rc = ui_widgets_draw(&a->ws, a->ren, dl, tc, pal);
    if (!a->lay.presenter && a->lay.hint.h > 0)
        rc |= text_draw(tc, TEXT_SANS, 12.0f, "H: keys and mouse", (float)a->lay.hint.x,
                        (float)a->lay.hint.y + (float)a->lay.hint.h * 0.5f, TEXT_LEFT | TEXT_MIDDLE, pal->text_dim,
                        NULL);
    rc |= view_draw(a->view, a->snap, &a->vs, &a->lay.view);
    if (!a->vs.help)
        rc |= ui_widgets_draw_popup(&a->ws, a->ren, dl, tc, pal);
    text_frame_end(tc);
    return rc;
}

static int has_motion(const app *a, double now)
{
    const snap *s = a->snap;
    return s->status == TRAIN_RUNNING || s->steps_left > 0 || ui_widgets_busy(&a->ws) || a->drag_token >= 0 ||
           a->pan_plane >= 0 || a->out_n > 0 || now < a->linger_until;
}

static void run_loop(app *a)
{
    /* Frames are capped at 60 per second unless vsync paces a faster display. */
    double min_frame = 1.0 / 60.0;
    SDL_RendererInfo info;
    SDL_DisplayMode mode;
    const int vsync = SDL_GetRendererInfo(a->ren, &info) == 0 && (info.flags & SDL_RENDERER_PRESENTVSYNC) &&
                      strcmp(info.name, "software") != 0; /* the software renderer claims vsync, but no */
    if (vsync && SDL_GetCurrentDisplayMode(SDL_GetWindowDisplayIndex(a->win), &mode) == 0 && mode.refresh_rate > 60)
        min_frame = 1.0 / mode.refresh_rate;

    double last_frame = 0;
    int draw_failed = 0;
    a->second_t0 = now_s();
    int fresh = 0;
    a->snap = train_thread_take(a->trainer, &fresh);
    a->dirty = 1;
    while (!a->quit) {
        SDL_Event e;
        double now = now_s();
        if (!a->dirty && !has_motion(a, now)) {
            /* paused and still: sleep in the event queue, looking for a new snapshot now and then */
            if (SDL_WaitEventTimeout(&e, IDLE_WAIT_MS))
                handle_event(a, e);
        }
        while (!a->quit && SDL_PollEvent(&e))
            handle_event(a, e);
        flush_outbox(a);
        a->snap = train_thread_take(a->trainer, &fresh);
        now = now_s();
        if (fresh || (a->banner_until > 0 && now > a->banner_until))
            a->dirty = 1;
        tick_second(a, now);
        if (a->quit || (!a->dirty && !has_motion(a, now)))
            continue;

        if (now - last_frame < min_frame) {
            SDL_Delay((Uint32)((min_frame - (now - last_frame)) * 1000.0));
            now = now_s();
        }
        last_frame = now;
        if (draw_frame(a, now) != 0 && !draw_failed) {
            /* once: a renderer that fails keeps failing, and the log must stay readable */
            SDL_Log("drawing failed: %s", SDL_GetError());
            draw_failed = 1;
        }
        if (a->want_screenshot) {
            a->want_screenshot = 0;
            save_screenshot(a);
        }
        /* present included: a GL renderer does most of its drawing there */
        SDL_RenderPresent(a->ren);
        record_frame(a, (now_s() - now) * 1000.0);
        a->dirty = 0;
    }
}

/* ---- set-up ---- */

/* The display's DPI over 96, between 1 and 4. */
static float display_scale(int display)
{
    float ddpi = 0, hdpi = 0, vdpi = 0;
    if (display < 0 || SDL_GetDisplayDPI(display, &ddpi, &hdpi, &vdpi) != 0 || !(hdpi > 0))
        return 1.0f;
    const float s = hdpi / 96.0f;
    /* a display that reports less than 96 dpi is read from further away, not closer */
    return s < 1.0f ? 1.0f : s > 4.0f ? 4.0f : s;
}

/* Without a display SDL falls back to its invisible "offscreen" or "dummy" driver; only someone who
 * asks for one by name (SDL_VIDEODRIVER) gets it. */
static int real_display(void)
{
    const char *drv = SDL_GetCurrentVideoDriver();
    const char *asked = getenv("SDL_VIDEODRIVER");
    if (!drv)
        return 0;
    if (strcmp(drv, "offscreen") != 0 && strcmp(drv, "dummy") != 0)
        return 1;
    return asked && strstr(asked, drv) != NULL;
}

static void cleanup(app *a)
{
    for (int i = 0; i < a->out_n; i++)
        if (a->outbox[i].type == TRAIN_CMD_LOAD)
            free(a->outbox[i].ptr);
    train_thread_stop(a->trainer);
    view_ctx_destroy(a->view);
    SDL_FreeCursor(a->cur_arrow);
    SDL_FreeCursor(a->cur_hand);
    SDL_FreeCursor(a->cur_move);
    if (a->ren)
        SDL_DestroyRenderer(a->ren);
    if (a->win)
        SDL_DestroyWindow(a->win);
    SDL_Quit();
}

int app_window_run(const cli_options *o, const session *s)
{
    const char *why = NULL;
    if (SDL_Init(SDL_INIT_VIDEO) != 0)
        why = SDL_GetError();
    else if (SDL_GetNumVideoDisplays() < 1 || !real_display())
        why = "no display found";
    if (why) {
        fprintf(stderr,
                "backprop-lab: cannot open a window: %s\n"
                "No display? Run without one with --headless (e.g. --headless --steps 1000 --screenshot out.png).\n",
                why);
        SDL_Quit();
        return 1;
    }
    app *a = calloc(1, sizeof *a);
    if (!a) {
        fprintf(stderr, "backprop-lab: out of memory\n");
        SDL_Quit();
        return 1;
    }
    a->opt = o;
    a->drag_token = a->pan_plane = -1;
    view_state_init(&a->vs);
    a->vs.presenter = o->presenter;
    init_widgets(a);

    /* The window opens at --size in points, grown with the display's DPI but never past the screen. */
    const float dpi = display_scale(0);
    int w = (int)((float)o->width * dpi), h = (int)((float)o->height * dpi);
    SDL_Rect usable;
    if (SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0 && usable.h > 0) {
        if (w > usable.w)
            w = usable.w;
        if (h > usable.h)
            h = usable.h;
    }
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (o->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    a->win = SDL_CreateWindow("backprop-lab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!a->win) {
        fprintf(stderr, "backprop-lab: cannot open a window: %s\nNo display? Try --headless.\n", SDL_GetError());
        cleanup(a);
        free(a);
        return 1;
    }
    SDL_SetWindowMinimumSize(a->win, 640, 400);
    a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!a->ren)
        a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
    if (!a->ren) {
        fprintf(stderr, "backprop-lab: cannot create a renderer: %s\n", SDL_GetError());
        cleanup(a);
        free(a);
        return 1;
    }
    SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
    a->dpi_scale = display_scale(SDL_GetWindowDisplayIndex(a->win)) * (o->scale > 0 ? (float)o->scale : 1.0f);
    {
        int ow, oh, ww, wh;
        SDL_GetRendererOutputSize(a->ren, &ow, &oh);
        SDL_GetWindowSize(a->win, &ww, &wh);
        /* HIGHDPI: the drawable has more pixels than the window has points */
        if (ww > 0 && ow > ww)
            a->dpi_scale *= (float)ow / (float)ww;
    }

    char err[1024];
    a->view = view_ctx_create(a->ren, NULL, err, sizeof err);
    if (!a->view) {
        fprintf(stderr, "backprop-lab: %s\n", err);
        cleanup(a);
        free(a);
        return 1;
    }
    a->trainer = train_thread_start(s, err, sizeof err);
    if (!a->trainer) {
        fprintf(stderr, "backprop-lab: %s\n", err);
        cleanup(a);
        free(a);
        return 1;
    }
    a->cur_arrow = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_ARROW);
    a->cur_hand = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_HAND);
    a->cur_move = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_SIZEALL);
    SDL_EventState(SDL_DROPFILE, SDL_ENABLE);

    run_loop(a);
    cleanup(a);
    free(a);
    return 0;
}
