/* window: the interactive app (SDL window, render loop, widgets, lecture phases, recording) around a
 * trainer thread. Main thread only.
 * Invariants: rendering and text happen on the main thread; the loop reads only snapshots and its own
 * copies of them (the weights before a step, the interpolated ones while they move); a command the
 * ring refuses waits in the outbox, in order, and is sent again next frame. */
#include "app/window.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/paths.h"
#include "app/record.h"
#include "render/draw.h"
#include "render/lecture.h"
#include "render/text.h"
#include "render/view.h"
#include "train/trainer.h"
#include "ui/controls.h"
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
#define DEFAULT_SPEED 500.0 /* steps per second without --speed: a class sees the loss fall, not jump */
#define MOVE_S 1.0         /* the update phase moves the weights over this long */
#define STEP_MOVE_S 0.8    /* a single step with the phases off, shorter: it is pressed often */
#define UNIT_MOVE_S 0.6    /* unit by unit: each unit's share of the move */
#define MOVE_MAX_S 12.0    /* unit by unit with many units: the whole move at most this long */
#define STEP_WAIT_S 2.0    /* a step whose snapshot does not come by then is shown without moving */

/* The commands that leave the update being shown in place (anything else forgets it). */
static int keeps_update(train_cmd_type t)
{
    return t == TRAIN_CMD_SET_SPEED || t == TRAIN_CMD_SET_SEED;
}

typedef struct {
    const cli_options *opt;
    SDL_Window *win;
    SDL_Renderer *ren;
    view_ctx *view;
    train_thread *trainer;
    const snap *snap;  /* the newest snapshot */
    const snap *shown; /* what is drawn: snap, or anim while the weights move */

    ui_layout lay;
    view_state vs;
    ui_controls ctl;
    int lecture_tab;   /* the controls show the lecture tab */
    int sigma_panel;   /* the σ panel takes the loss panel's place */
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
    int drag_probe;          /* the probe is being dragged along the arc */
    int pan_plane;           /* plane being panned with the right button, -1 none */

    /* the update being shown: our own copies, so that the loop reads nothing but snapshots */
    snap *before;      /* the snapshot before the step (arrows and ghosts), valid while has_before */
    snap *anim;        /* the newest snapshot with interpolated weights, drawn while moving */
    int has_before;
    int step_sent;     /* the step is on its way: waiting for the snapshot that has it */
    double step_sent_t;
    double move_t0, move_len; /* the move runs from move_t0 for move_len seconds; move_t0 < 0: not moving */
    int keep_ghost;    /* after the move the ghosts stay (the update phase); else they go */

    record rec;
    int recording;
    int rec_phase_due; /* phase mode records one frame per phase: this one is still due */

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
    case TRAIN_CMD_SET_GAIN:
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

static void forget_update(app *a);

static void send(app *a, train_cmd c)
{
    if (!keeps_update(c.type) && c.type != TRAIN_CMD_STEP)
        forget_update(a);
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

/* ---- the update being shown: phases, the move, ghosts ---- */

/* Forgets the update being shown: the next frame draws the newest snapshot as it is. */
static void forget_update(app *a)
{
    a->has_before = a->step_sent = 0;
    a->move_t0 = -1;
    a->vs.before = NULL;
    a->vs.moving = LECT_ALL_UNITS;
    a->shown = a->snap;
}

/* One gd step that the view moves to: remembers the weights before it, sends the step, and starts
 * the move when the snapshot that has it comes. */
static void step_with_move(app *a, int keep_ghost)
{
    if (a->has_before || a->step_sent) {
        /* a step while one still moves (a held key): no move, just the newest state */
        forget_update(a);
        send_simple(a, TRAIN_CMD_STEP, 1, 0);
        return;
    }
    memcpy(a->before, a->snap, sizeof *a->before);
    send_simple(a, TRAIN_CMD_STEP, 1, 0);
    a->has_before = a->step_sent = 1;
    a->step_sent_t = now_s();
    a->keep_ghost = keep_ghost;
    a->move_t0 = -1;
}

static double move_length(const app *a, int keep_ghost)
{
    if (a->vs.unitwise)
        return fmin(UNIT_MOVE_S * (a->before->hidden + 1), MOVE_MAX_S);
    return keep_ghost ? MOVE_S : STEP_MOVE_S;
}

/* Once per frame: starts, runs and ends the move; chooses what is drawn. */
static void update_move(app *a, double now)
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
            forget_update(a);
            return;
        } else {
            /* the step is on its way: the weights stay where they were */
            a->vs.before = a->before;
            a->shown = a->before;
            return;
        }
    }
    if (s->step != a->before->step + 1 || s->hidden != a->before->hidden) {
        forget_update(a); /* the run went on, or the network changed under the update */
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
        forget_update(a);
}

static int moving(const app *a) { return a->step_sent || a->move_t0 >= 0; }

static void set_phase(app *a, lect_phase p)
{
    const lect_phase old = a->vs.phase;
    if (p == old)
        return;
    if (old == LECT_OFF && a->snap->status == TRAIN_RUNNING)
        send_simple(a, TRAIN_CMD_PAUSE, 0, 0); /* the phases take one step apart: the run stops */
    if (old == LECT_UPDATE)
        forget_update(a);
    a->vs.phase = p;
    if (p != LECT_OFF)
        a->vs.probe = 0;
    a->rec_phase_due = p != LECT_OFF && p != LECT_UPDATE; /* the update records when its move ends */
    if (p == LECT_UPDATE)
        step_with_move(a, 1);
}

/* Step (button, Right, N): with the phases off one step that the view moves to; in the phases the
 * update phase (again from the update phase: the next step's). */
static void step_action(app *a)
{
    if (a->vs.phase == LECT_OFF) {
        step_with_move(a, 0);
        return;
    }
    if (a->vs.phase == LECT_UPDATE)
        set_phase(a, LECT_FORWARD);
    set_phase(a, LECT_UPDATE);
}

/* ---- sliders and their values ---- */

static double snap_value(const app *a, int id)
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
    case UI_W_SPEED: send_simple(a, TRAIN_CMD_SET_SPEED, 0, v >= UI_SPEED_TOP ? 0.0 : v); break;
    case UI_W_TOKENS: send_simple(a, TRAIN_CMD_SET_TOKENS, (int)v, 0); break;
    case UI_W_GAIN: send_simple(a, TRAIN_CMD_SET_GAIN, 0, v); break;
    default: break;
    }
}

/* The unit "only one unit" learning picks: the selected one, else the hovered one, else unit 1. */
static int chosen_unit(const app *a)
{
    const int n = a->snap->hidden;
    if (a->vs.selected_unit >= 0 && a->vs.selected_unit < n)
        return a->vs.selected_unit;
    if (a->vs.hovered_unit >= 0 && a->vs.hovered_unit < n)
        return a->vs.hovered_unit;
    return 0;
}

static void set_freeze(app *a, int index)
{
    const train_freeze f = ui_freeze_from_index(index, chosen_unit(a));
    train_cmd c = {.type = TRAIN_CMD_SET_FREEZE, .i = f.only_layer, .j = f.only_unit};
    send(a, c);
}

/* The probe is a scene of its own: it leaves the phases (whose equations follow a token). */
static void set_probe(app *a, double theta)
{
    const snap *s = a->snap;
    set_phase(a, LECT_OFF);
    a->vs.probe = 1;
    a->vs.probe_theta = theta < s->spec.theta_min ? s->spec.theta_min : theta > s->spec.theta_max ? s->spec.theta_max : theta;
}

/* Widgets take their rectangles from the layout and their values from the snapshot. */
static void sync_widgets(app *a, double now)
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
            ui_controls_show_value(&a->ctl, sent[k], shown_value(a, sent[k], now));
}

static void toggle_recording(app *a);

static void widget_changed(app *a, const ui_event_result *r)
{
    switch (r->id) {
    case UI_W_RUN:
        if (r->index)
            set_phase(a, LECT_OFF);
        send_simple(a, r->index ? TRAIN_CMD_RUN : TRAIN_CMD_PAUSE, 0, 0);
        break;
    case UI_W_STEP: step_action(a); break;
    case UI_W_RESET: send_simple(a, TRAIN_CMD_RESET, 0, 0); break;
    case UI_W_TAB_TRAIN: a->lecture_tab = 0; break;
    case UI_W_TAB_LECTURE: a->lecture_tab = 1; break;
    case UI_W_PRESET: send_simple(a, TRAIN_CMD_PRESET, r->index, 0); break;
    case UI_W_ACT: send_simple(a, TRAIN_CMD_SET_ACT, r->index, 0); break;
    case UI_W_OPT: send_simple(a, TRAIN_CMD_SET_OPT, r->index, 0); break;
    case UI_W_PHASE: set_phase(a, lect_phase_next(a->vs.phase)); break;
    case UI_W_UNITWISE: a->vs.unitwise = r->index; break;
    case UI_W_SIGMA: a->sigma_panel = r->index; break;
    case UI_W_RECORD: toggle_recording(a); break;
    case UI_W_FREEZE: set_freeze(a, r->index); break;
    case UI_W_THETA: set_probe(a, r->value); break;
    case UI_W_LR:
    case UI_W_HIDDEN:
    case UI_W_SPEED:
    case UI_W_TOKENS:
    case UI_W_GAIN: {
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

/* ---- files: screenshot, loss history, session, frames ---- */

/* Reads back what has been drawn this frame (before present, as SDL requires) into a PNG. */
static void save_screenshot(app *a)
{
    char path[1024];
    if (paths_timestamped(path, sizeof path, ".", "backprop-lab", "png") != 0) {
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

/* The loss history as the snapshot keeps it: one row per bucket, its first step and min/max.
 * Written to a temporary file beside the target, synced, then renamed over it: a file of that
 * name is never truncated or left half-written. */
static void export_csv(app *a)
{
    char path[1024], tmp[1100];
    if (paths_timestamped(path, sizeof path, ".", "backprop-lab-loss", "csv") != 0) {
        banner(a, VIEW_BANNER_ERROR, "Loss history not saved: no free file name in the working directory.");
        return;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
    const int fd = mkstemp(tmp);
    FILE *f = fd >= 0 && fchmod(fd, 0644) == 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        banner(a, VIEW_BANNER_ERROR, "Cannot write %s: %s", tmp, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        return;
    }
    const snap_history *h = &a->snap->hist;
    int bad = fprintf(f, "step,loss_min,loss_max\n") < 0;
    for (int i = 0; i < h->len && !bad; i++)
        bad = fprintf(f, "%lld,%.17g,%.17g\n", (long long)(h->origin + (int64_t)i * h->stride), h->lo[i],
                      h->hi[i]) < 0;
    errno = 0;
    bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
    int e = errno;
    bad |= fclose(f) != 0;
    if (!e)
        e = errno;
    if (!bad && rename(tmp, path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlink(tmp);
        banner(a, VIEW_BANNER_ERROR, "Writing %s failed: %s", path, strerror(e ? e : EIO));
    } else {
        banner(a, VIEW_BANNER_INFO, "Loss history (%d rows) saved to %s", h->len, path);
    }
}

/* Ctrl+S: the session as the snapshot shows it, to --save FILE or a new timestamped file here. */
static void save_session(app *a)
{
    char path[1024], err[1024];
    if (a->opt->save) {
        snprintf(path, sizeof path, "%s", a->opt->save);
    } else if (paths_timestamped(path, sizeof path, ".", "backprop-lab", "ini") != 0) {
        banner(a, VIEW_BANNER_ERROR, "Session not saved: no free file name in the working directory.");
        return;
    }
    session *s = malloc(sizeof *s);
    if (!s) {
        banner(a, VIEW_BANNER_ERROR, "Session not saved: out of memory");
        return;
    }
    session_from_snap(s, a->snap);
    if (session_save(path, s, err, (int)sizeof err) != 0)
        banner(a, VIEW_BANNER_ERROR, "Session not saved: %s", err);
    else
        banner(a, VIEW_BANNER_INFO, "Session (step %lld) saved to %s", (long long)a->snap->step, path);
    free(s);
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

static int start_recording(app *a, const char *dir)
{
    char err[1024];
    if (record_open(&a->rec, dir, err, (int)sizeof err) != 0) {
        banner(a, VIEW_BANNER_ERROR, "Not recording: %s", err);
        return -1;
    }
    a->recording = 1;
    a->rec_phase_due = a->vs.phase != LECT_OFF;
    banner(a, VIEW_BANNER_INFO, "Recording frames to %s/ (Ctrl+R stops)", a->rec.dir);
    return 0;
}

/* Ctrl+R: into --record DIR, else a new folder here named by the time. */
static void toggle_recording(app *a)
{
    if (a->recording) {
        a->recording = 0;
        banner(a, VIEW_BANNER_INFO, "Recording stopped: %ld frames in %s/", record_count(&a->rec), a->rec.dir);
        record_close(&a->rec);
        return;
    }
    char dir[256];
    if (a->opt->record) {
        start_recording(a, a->opt->record);
        return;
    }
    const time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(dir, sizeof dir, "backprop-lab-frames-%Y-%m-%d-%H%M%S", &tm);
    start_recording(a, dir);
}

/* After the panels are drawn (before the overlays): one frame per changed frame (changed: not a
 * frame drawn only while waiting for the trainer's answer), or one per phase. */
static void record_if_due(app *a, int changed)
{
    if (!a->recording)
        return;
    if (a->vs.phase == LECT_OFF && !changed)
        return;
    if (a->vs.phase != LECT_OFF) {
        if (!a->rec_phase_due || moving(a))
            return;
        a->rec_phase_due = 0;
    }
    char err[1024];
    if (record_renderer(&a->rec, a->ren, err, (int)sizeof err) != 0) {
        a->recording = 0;
        record_close(&a->rec);
        banner(a, VIEW_BANNER_ERROR, "Recording stopped: %s", err);
    }
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
        if (a->snap->status != TRAIN_RUNNING)
            set_phase(a, LECT_OFF);
        send_simple(a, a->snap->status == TRAIN_RUNNING ? TRAIN_CMD_PAUSE : TRAIN_CMD_RUN, 0, 0);
        break;
    case UI_ACT_STEP: step_action(a); break;
    case UI_ACT_RESET: send_simple(a, TRAIN_CMD_RESET, 0, 0); break;
    case UI_ACT_HIDDEN_UP:
    case UI_ACT_HIDDEN_DOWN: {
        const double n = shown_value(a, UI_W_HIDDEN, now) + (act == UI_ACT_HIDDEN_UP ? 1 : -1);
        if (n >= ui_spec_hidden.lo && n <= ui_spec_hidden.hi)
            set_slider(a, UI_W_HIDDEN, n);
        break;
    }
    case UI_ACT_LR_UP:
    case UI_ACT_LR_DOWN: {
        const double f = act == UI_ACT_LR_UP ? UI_LR_KEY_FACTOR : 1.0 / UI_LR_KEY_FACTOR;
        const double v = shown_value(a, UI_W_LR, now) * f;
        set_slider(a, UI_W_LR, ui_slider_value(&ui_spec_lr, ui_slider_frac(&ui_spec_lr, v)));
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
    case UI_ACT_SAVE_SESSION: save_session(a); break;
    case UI_ACT_RECORD: toggle_recording(a); break;
    case UI_ACT_PHASE_NEXT: set_phase(a, lect_phase_next(a->vs.phase)); break;
    case UI_ACT_PHASE_PREV: set_phase(a, lect_phase_prev(a->vs.phase)); break;
    case UI_ACT_UNITWISE: a->vs.unitwise = !a->vs.unitwise; break;
    case UI_ACT_SIGMA_PANEL: a->sigma_panel = !a->sigma_panel; break;
    case UI_ACT_TAB: a->lecture_tab = !a->lecture_tab; break;
    case UI_ACT_PROBE_LEFT:
    case UI_ACT_PROBE_RIGHT: {
        const snap *s = a->snap;
        const double notch = (s->spec.theta_max - s->spec.theta_min) / UI_PROBE_KEY_STEPS;
        const double from = a->vs.probe ? a->vs.probe_theta : s->theta[view_selected_token(&a->vs, s->n)];
        set_probe(a, from + (act == UI_ACT_PROBE_RIGHT ? notch : -notch));
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
    const int unit = view_pick_unit(a->snap, &a->vs, &a->lay.view, x, y);
    if (view_pick_probe(a->snap, &a->vs, &a->lay.view, x, y)) {
        a->drag_probe = 1;
    } else if (unit >= 0) {
        /* a click on a bar selects its unit, a second click lets it go */
        a->vs.selected_unit = unit == a->vs.selected_unit ? -1 : unit;
        if (a->snap->freeze.only_unit >= 0 && a->vs.selected_unit >= 0)
            set_freeze(a, ui_freeze_index(&a->snap->freeze)); /* "only one unit" follows the selection */
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
    } else if (a->drag_probe) {
        cur = a->cur_hand;
    } else if (a->pan_plane >= 0) {
        cur = a->cur_move;
    } else if (a->mouse_in && a->ctl.ws.hot < 0 && a->ctl.ws.open < 0) {
        const float x = (float)a->mouse_x, y = (float)a->mouse_y;
        if (view_pick_probe(a->snap, &a->vs, &a->lay.view, x, y)) {
            cur = a->cur_hand;
        } else if (view_pick_token(a->snap, &a->vs, &a->lay.view, x, y, &pick)) {
            a->vs.hovered_token = pick.token;
            if (pick.kind != VIEW_PICK_PREDICTION)
                cur = a->cur_hand;
        }
        a->vs.hovered_unit = view_pick_unit(a->snap, &a->vs, &a->lay.view, x, y);
    } else if (a->ctl.ws.hot >= 0) {
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
    if ((a->drag_token >= 0 || a->drag_probe || a->pan_plane >= 0) && mouse_event) {
        if (e.type == SDL_MOUSEMOTION && a->drag_token >= 0)
            drag_token_to(a, (float)e.motion.x, (float)e.motion.y);
        else if (e.type == SDL_MOUSEMOTION && a->drag_probe)
            set_probe(a, view_probe_theta_at(a->snap, &a->vs, &a->lay.view, (float)e.motion.x, (float)e.motion.y));
        else if (e.type == SDL_MOUSEMOTION)
            view_pan_by(&a->vs, a->snap, &a->lay.view, (view_plane)a->pan_plane, (float)e.motion.xrel,
                        (float)e.motion.yrel);
        else if (e.type == SDL_MOUSEBUTTONUP &&
                 (e.button.button == SDL_BUTTON_LEFT || e.button.button == SDL_BUTTON_RIGHT)) {
            a->drag_token = a->pan_plane = -1;
            a->drag_probe = 0;
        }
        return;
    }

    const int was_pressed = a->ctl.ws.pressed;
    const ui_event_result r = ui_widgets_event(&a->ctl.ws, &e);
    if (r.changed)
        widget_changed(a, &r);
    /* the end of a slider drag sends the final value, unless it is already on its way (the probe's
     * slider sends nothing: the probe lives in the view) */
    if (e.type == SDL_MOUSEBUTTONUP && was_pressed >= 0 && was_pressed != UI_W_THETA &&
        a->ctl.w[was_pressed].kind == UI_SLIDER && a->ctl.w[was_pressed].value != shown_value(a, was_pressed, now_s()))
        set_slider(a, was_pressed, a->ctl.w[was_pressed].value);
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

static int layout_mode(const app *a)
{
    return (a->vs.presenter ? UI_LAYOUT_PRESENTER : 0) | (a->lecture_tab ? UI_LAYOUT_LECTURE : 0) |
           (a->sigma_panel ? UI_LAYOUT_SIGMA : 0);
}

static int draw_frame(app *a, double now, int changed)
{
    SDL_GetRendererOutputSize(a->ren, &a->out_w, &a->out_h);
    int ww, wh;
    SDL_GetWindowSize(a->win, &ww, &wh);
    a->px_ratio = ww > 0 ? (float)a->out_w / (float)ww : 1.0f;
    ui_layout_compute(a->out_w, a->out_h, a->dpi_scale, layout_mode(a), &a->lay);
    a->vs.scale = a->lay.scale;
    if (a->banner_until > 0 && now > a->banner_until) {
        a->vs.banner[0] = '\0';
        a->vs.banner_kind = VIEW_BANNER_NONE;
        a->banner_until = 0;
    }
    update_move(a, now);
    sync_widgets(a, now);
    update_hover(a);

    text_cache *tc = view_ctx_text(a->view);
    draw_list *dl = view_ctx_draw_list(a->view);
    const draw_palette *pal = draw_palette_get(a->vs.presenter);
    text_set_scale(tc, a->lay.scale);
    view_clear(a->view, &a->vs);
    int rc = ui_controls_draw(&a->ctl, &a->lay, a->ren, dl, tc, pal);
    rc |= view_draw_panels(a->view, a->shown, &a->vs, &a->lay.view);
    /* frames for slides hold the picture, not the banners or the REC marker drawn over it */
    record_if_due(a, changed || moving(a));
    a->vs.rec_frames = a->recording ? record_count(&a->rec) : -1;
    rc |= view_draw_overlays(a->view, a->shown, &a->vs, &a->lay.view);
    if (!a->vs.help)
        rc |= ui_widgets_draw_popup(&a->ctl.ws, a->ren, dl, tc, pal);
    text_frame_end(tc);
    return rc;
}

static int has_motion(const app *a, double now)
{
    const snap *s = a->snap;
    return s->status == TRAIN_RUNNING || s->steps_left > 0 || ui_widgets_busy(&a->ctl.ws) || a->drag_token >= 0 ||
           a->drag_probe || a->pan_plane >= 0 || a->out_n > 0 || now < a->linger_until || moving(a);
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
        if (draw_frame(a, now, a->dirty) != 0 && !draw_failed) {
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

/* Stops the trainer, closes the window and frees a. */
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
    free(a->before);
    free(a->anim);
    free(a);
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
    a->move_t0 = -1;
    view_state_init(&a->vs);
    a->vs.presenter = o->presenter;
    ui_controls_init(&a->ctl);
    for (int i = 0; i < UI_W_COUNT; i++)
        a->pending_t[i] = -1;
    a->before = malloc(sizeof *a->before);
    a->anim = malloc(sizeof *a->anim);
    if (!a->before || !a->anim) {
        fprintf(stderr, "backprop-lab: out of memory\n");
        free(a->before);
        free(a->anim);
        free(a);
        SDL_Quit();
        return 1;
    }

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
        return 1;
    }
    SDL_SetWindowMinimumSize(a->win, 640, 400);
    a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!a->ren)
        a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
    if (!a->ren) {
        fprintf(stderr, "backprop-lab: cannot create a renderer: %s\n", SDL_GetError());
        cleanup(a);
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

    /* the fonts come from the one assets lookup, which names every place it tried */
    char err[1024], assets[2048];
    if (paths_assets(assets, sizeof assets, err, sizeof err) != 0 ||
        !(a->view = view_ctx_create(a->ren, assets, err, sizeof err))) {
        fprintf(stderr, "backprop-lab: %s\n", err);
        cleanup(a);
        return 1;
    }
    /* without --speed the window trains at a pace a class can follow (headless stays unlimited) */
    session *start = malloc(sizeof *start);
    if (start) {
        *start = *s;
        if (!o->has_speed)
            start->speed = DEFAULT_SPEED;
        a->trainer = train_thread_start(start, err, sizeof err);
        free(start);
    } else {
        snprintf(err, sizeof err, "out of memory");
    }
    if (!a->trainer) {
        fprintf(stderr, "backprop-lab: %s\n", err);
        cleanup(a);
        return 1;
    }
    if (o->record)
        start_recording(a, o->record);
    a->cur_arrow = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_ARROW);
    a->cur_hand = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_HAND);
    a->cur_move = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_SIZEALL);
    SDL_EventState(SDL_DROPFILE, SDL_ENABLE);

    run_loop(a);
    if (a->recording)
        printf("backprop-lab: %ld frames in %s/\n", record_count(&a->rec), a->rec.dir);
    cleanup(a);
    return 0;
}
