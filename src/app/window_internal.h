/* window_internal: the window's state (window_app) and what the window_*.c files call in one another.
 * Main thread only: every function here runs inside app_window_run's loop.
 * Invariants: the loop reads only snapshots and its own copies of them; commands go out in order via the outbox. */
#ifndef APP_WINDOW_INTERNAL_H
#define APP_WINDOW_INTERNAL_H

#include <SDL.h>

#include "app/cli.h"
#include "app/prestart.h"
#include "app/record.h"
#include "data/scene.h"
#include "render/view.h"
#include "render/view_sweep.h"
#include "train/trainer.h"
#include "ui/controls.h"
#include "ui/layout.h"

#define FRAME_RING 240 /* frame times kept for the percentiles */

#define OUTBOX_CAP 128 /* commands waiting for room in the trainer's ring */

typedef struct {
    const cli_options *opt;
    SDL_Window *win;
    SDL_Renderer *ren;
    view_ctx *view;
    char assets[2048]; /* the assets directory the fonts and preset files came from */
    train_thread *trainer;
    app_prestart pre;  /* the trainer's start on a helper thread, until app_window_run takes it */
    const snap *snap;  /* the newest snapshot */
    const snap *shown; /* what is drawn: snap, or anim while the weights move */

    ui_layout lay;
    view_state vs;
    ui_controls ctl;
    draw_layer ctl_layer; /* the controls as last drawn: copied while they show the same (draw_frame) */
    int lecture_tab;   /* the controls show the lecture tab */
    int sigma_panel;   /* the σ panel takes the loss panel's place */
    float dpi_scale;    /* display DPI / 96 times --scale */
    int out_w, out_h;   /* renderer output, pixels */
    float px_ratio;     /* output pixels per window coordinate (HIGHDPI) */

    train_cmd outbox[OUTBOX_CAP]; /* (OUTBOX_CAP) oldest first; the first out_n are queued */
    int out_n;

    /* the twin run (I): run b, a second trainer thread with its own ring and triple buffer, started
     * from run a's weights with one setting changed; NULL when off (window_twin.c) */
    train_thread *twin;
    const snap *twin_snap;   /* run b's newest snapshot, valid while twin is on */
    session *twin_branch;    /* (heap) the branch point: run b's start without the twin's change, for Ctrl+S */
    session_twin twin_set;   /* what run b differs in */
    int twin_choice;         /* the twin chooser's item for the next I */
    train_cmd twin_box[OUTBOX_CAP]; /* (OUTBOX_CAP) commands mirrored to run b, oldest first; twin_n queued */
    int twin_n;

    /* a slider value sent but perhaps not yet in the snapshot: shown meanwhile */
    double pending[UI_W_COUNT];   /* (UI_W_COUNT) by widget id: the value sent */
    double pending_t[UI_W_COUNT]; /* (UI_W_COUNT) by widget id: when sent; < 0 none */
    double drag_sent_t;

    /* mouse on the planes */
    int mouse_x, mouse_y, mouse_in;
    int drag_token;          /* token being moved, -1 none */
    view_pick_kind drag_kind;
    view_plane drag_plane;
    double drag_dx, drag_dy; /* world offset of the token from the mouse */
    int drag_probe;          /* the probe is being dragged along the arc */
    int pan_plane;           /* plane being panned with the right button, -1 none */
    int scrub;               /* the loss plot's cursor is being dragged (left button) */
    float scrub_y;           /* where the drag began: only x moves the cursor */
    int64_t scrub_sent;      /* the step last asked for, -1 none */
    double scrub_sent_t;
    double *export_buf;      /* (TRAVEL_LOSS_MAX) lent to the trainer for Ctrl+E until export_seq >= export_wait */
    uint64_t export_wait;
    int page_capture;        /* a page's handler took a press: mouse events go to it until the release */
    struct window_land *land; /* the landscape page's trajectory, slicer thread and slice (window_landscape.c) */
    struct window_sweep *sweep; /* the sweep page's settings, thread and rows (window_sweep.c) */

    /* the update being shown: our own copies, so that the loop reads nothing but snapshots */
    snap *before;      /* the snapshot before the step (arrows and ghosts), valid while has_before */
    snap *anim;        /* the newest snapshot with interpolated weights, drawn while moving */
    snap *maps_edit;   /* a unit edited on the maps page: the snapshot with the dragged weights (window_maps.c) */
    int has_before;
    int step_sent;     /* the step is on its way: waiting for the snapshot that has it */
    double step_sent_t;
    double move_t0, move_len; /* the move runs from move_t0 for move_len seconds; move_t0 < 0: not moving */
    int keep_ghost;    /* after the move the ghosts stay (the update phase); else they go */
    int unit_at;       /* unit by unit: segments applied, 0..hidden + 1 (units, then b(2)); see window_phase.c */
    int unit_from;     /* unit by unit: where the move under way started */
    int unit_play;     /* unit by unit played on its own (Shift+U): each move ends in the next */

    record rec;
    int recording;
    int rec_phase_due; /* phase mode records one frame per phase: this one is still due */

    double frame_ms[FRAME_RING]; /* (FRAME_RING) ring of frame times: frame_n valid, next at frame_head */
    int frame_n, frame_head;
    int frames_this_second;
    double second_t0;
    double cpu_t0;          /* the process's CPU seconds (every thread) at second_t0 */
    double sum_frame_ms, sum_present_ms; /* this second's frames, for --stats=verbose */
    int first_shown;        /* the first frame has been presented */
    int soft;               /* the renderer is SDL's software one: plain shapes go to the window surface */
    int freed;          /* label textures were dropped since the last give_back (window.c) */
    double give_back_t; /* when the last give_back ran */
    double banner_until;
    double linger_until;
    int dirty;
    int want_screenshot;
    int quit;

    SDL_Cursor *cur_arrow, *cur_hand, *cur_move;
} window_app;

/* The window_*.c files stand in layers, lowest first: window_outbox.c; window_twin.c; window_phase.c; window_cmd.c;
 * window_files.c; window_page.c (with each page's own handler file below it: window_diagram.c); window_input.c; window.c,
 * the frame that composes them. Each calls only those before it. */

/* ---- window_outbox.c: the clock, banners, commands to the trainer ---- */

double window_now(void); /* seconds, monotonic */
void window_banner(window_app *a, view_banner_kind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Queues c (a newer value of the same setting replaces a queued one); any command but a step or a
 * speed or seed change forgets the update being shown. */
void window_send(window_app *a, train_cmd c);
void window_send_simple(window_app *a, train_cmd_type type, int i, double v);
/* Hands the queued commands to the trainer (and the twin's to run b) while its ring has room. */
void window_flush_outbox(window_app *a);
/* Ends the twin run (I again, or a reset, preset or load): run b's thread stops, its ghost goes. */
void window_twin_stop(window_app *a);
/* Forgets the update being shown (the step's ghosts and move): the next frame draws the newest snapshot. */
void window_forget_update(window_app *a);
/* Forgets, besides the update, everything derived from the run a reset, preset or load replaces
 * (window_send calls it for those): phase off, unit by unit back at its start, no value pending, the
 * default token, no unit chosen, no probe, no drag. */
void window_forget_run(window_app *a);

/* ---- window_twin.c: the twin run in the window ---- */

/* Starts run b from `at` (run a's session at the branch point) with t's change; 0 ok, -1 with a banner. */
int window_twin_start(window_app *a, const session *at, const session_twin *t);
/* I or the toggle: off when on; else run b from the step shown, differing in the chooser's setting
 * (run a goes back to exactly that step if it ran on meanwhile, and both run on together). */
void window_twin_toggle(window_app *a);
/* Each loop turn: run b's newest snapshot into vs.twin and the two runs' labels; 1 when fresh. */
int window_twin_take(window_app *a);
/* Ctrl+S with a twin: the branch point and the setting, not the steps since (they replay exactly). */
void window_twin_save(window_app *a, const char *path);

/* ---- window_phase.c: the lecture phases, and the update being shown as the weights move ---- */

/* Once per frame: starts, runs and ends the move; chooses what is drawn. */
void window_update_move(window_app *a, double now);
/* 1 while a step is on its way or the weights move. */
int window_moving(const window_app *a);
void window_set_phase(window_app *a, lect_phase p);
/* Step (button, Right, N): one step the view moves to, or with the phases on the update phase; unit by
 * unit, the next unit (window_unit_next). */
void window_step_action(window_app *a);
/* Unit by unit on or off (U, the toggle); either way the update being shown is forgotten. */
void window_set_unitwise(window_app *a, int on);
/* Unit by unit: applies the next unit's share of the step (units 1..N, then b(2)) and holds there; after
 * b(2), or with nothing under way, the next step is taken and its unit 1 applied. */
void window_unit_next(window_app *a);
/* Unit by unit: takes the last applied unit's share back (← inside the mode). */
void window_unit_prev(window_app *a);
/* Shift+U: the units of the step play on their own, one after another, and hold after b(2); pressed
 * while playing, holds where it is. */
void window_unit_play(window_app *a);

/* ---- window_cmd.c: the values the controls show and the settings they send ---- */

/* The value a slider shows: the one just sent until the snapshot catches up, else the snapshot's. */
double window_shown_value(const window_app *a, int id, double now);
void window_set_slider(window_app *a, int id, double v);
/* "Learn only" chooser entry `index`, for the unit chosen now. */
void window_set_freeze(window_app *a, int index);
/* Shows the probe at θ (clamped to the arc), leaving the phases. */
void window_set_probe(window_app *a, double theta);
/* Widgets take their rectangles from the layout and their values from the snapshot. */
void window_sync_widgets(window_app *a, double now);

/* ---- window_files.c: files the window writes and reads, each reported in a banner ---- */

/* Reads back what has been drawn this frame into a PNG here: called after the panels and before the
 * banners, the REC marker, the help and open lists are drawn over them (and before present, as SDL requires). */
void window_save_screenshot(window_app *a);
void window_export_csv(window_app *a);
/* Writes the loss CSV asked for by window_export_csv once a snapshot says the trainer has filled it. */
void window_export_poll(window_app *a);
void window_save_session(window_app *a);
/* The maps' slice strip into s when s's scene has maps ([scene] slice), else none. */
void window_session_slice(const window_app *a, session *s);
void window_load_file(window_app *a, const char *path);
/* 1 for the scenes the window has panels for: the semicircle's (the universal scene's maps are drawn
 * by nothing yet, so its sessions run headless). Here, where dropped files are judged; window.c asks
 * it of the command line's session. */
int window_draws_scene(const scene_desc *sc);
/* 0 recording into dir; -1 with an error banner. */
int window_start_recording(window_app *a, const char *dir);
void window_toggle_recording(window_app *a);
/* After the panels are drawn (before the overlays): writes the frame when one is due. */
void window_record_if_due(window_app *a, int changed);

/* ---- window_diagram.c: the network diagram's edges under the mouse, and typing a weight ---- */

/* The edge under (x, y) on the diagram page or the small diagram: sets vs.hovered_param (and its unit as
 * vs.hovered_unit); 1 when there is one. */
int window_diagram_hover(window_app *a, float x, float y);
/* A press on an edge picks it for the ledger and, while paused, opens its value for typing; 1 when used. */
int window_diagram_click(window_app *a, const SDL_MouseButtonEvent *b);
/* Keys and text while a value is being typed (Enter sends TRAIN_CMD_SET_PARAM, Esc cancels); 1 when used. */
int window_diagram_key(window_app *a, const SDL_Event *e);
/* ---- the pages' own mouse handlers, below window_page.c: 1 when the event was used ---- */

/* window_maps.c: the universal scene's maps (its train page) */
int window_maps_event(window_app *a, const SDL_Event *e);
/* Once per frame after window_update_move: while a unit is dragged, and until the trainer has its new
 * weights, a->shown is the edited copy. */
void window_maps_show(window_app *a, double now);

/* ---- window_landscape.c: the landscape page (below window_page.c) ---- */

/* -1 when out of memory. The slicer thread starts the first time the page is shown. */
int window_landscape_open(window_app *a);
void window_landscape_close(window_app *a);
/* Each loop turn after the snapshot is taken: the trajectory, and on the page a slice when one is due. */
void window_landscape_tick(window_app *a, int fresh);
/* The page's mouse (renderer pixels); 1 when used. */
int window_landscape_event(window_app *a, const SDL_Event *e);

/* ---- window_sweep.c: the sweep page (below window_page.c) ---- */

/* -1 when out of memory; sets a->vs.sweep. No thread until Start. */
int window_sweep_open(window_app *a);
/* Cancels a sweep still running and waits for its thread (within a training step). */
void window_sweep_close(window_app *a);
/* Start (on a scene with a target over a square) or Cancel: the page's button and W. */
void window_sweep_toggle(window_app *a);
/* Each loop turn: the rows finished since, the elapsed time; the thread joined once it ended. */
void window_sweep_tick(window_app *a);
/* The page's mouse (renderer pixels); 1 when used. */
int window_sweep_event(window_app *a, const SDL_Event *e);

/* window_surface.c: the 3-D surface page (buttons, drag to turn, wheel to zoom) */
int window_surface_event(window_app *a, const SDL_Event *e);

/* ---- window_page.c: the mouse on a page other than the four panels ---- */

/* Hands a mouse event (coordinates in renderer pixels) to the shown page's handler, which sets
 * a->page_capture to own a drag; 1 when the page used it. */
int window_page_event(window_app *a, const SDL_Event *e);

/* ---- window_input.c: events to commands ---- */

void window_handle_event(window_app *a, SDL_Event e);
/* What the mouse is over (hover highlight, cursor) from its last position. */
void window_update_hover(window_app *a);

#endif
