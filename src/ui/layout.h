/* layout: where every panel and control sits for a window size, UI scale and mode.
 * Any thread (pure arithmetic, no SDL calls); the window and the off-screen renderer both call it.
 * Invariants: every visible rectangle lies inside the window and no two of them overlap. */
#ifndef UI_LAYOUT_H
#define UI_LAYOUT_H

#include <SDL.h>

#include "render/view.h"

/* Every control, in the order they are drawn and focused. The column has two tabs: "Train" (the
 * network and the run) and "Lecture" (phases, the probe, gain, freezing, the σ panel, recording). */
typedef enum {
    UI_W_RUN,    /* button: run / pause */
    UI_W_STEP,   /* button: one step */
    UI_W_RESET,  /* button: re-initialise from the seed */
    UI_W_TAB_TRAIN,   /* toggle: shows the train tab */
    UI_W_TAB_LECTURE, /* toggle: shows the lecture tab */
    UI_W_VIEW,   /* chooser: the page the main area shows (view_page), in both tabs */
    /* train tab */
    /* the sliders' spans: ranges.h's RANGE_*_SLIDER_MIN/MAX */
    UI_W_PRESET, /* chooser: the scene's presets (the semicircle's: lecture-start, lecture-solution) */
    UI_W_LR,     /* slider, log: learning rate */
    UI_W_HIDDEN, /* slider, integer: hidden size */
    UI_W_SPEED,  /* slider, log: steps per second .. unlimited */
    UI_W_TOKENS, /* slider, integer, log feel: tokens */
    UI_W_NOISE,  /* slider, linear: the noise on the targets (the scene's "noise") */
    UI_W_JITTER, /* slider, linear: the radius jitter of the inputs (the scene's "radius_jitter") */
    UI_W_ACT,    /* chooser: activation */
    UI_W_OPT,    /* chooser: optimizer */
    /* lecture tab */
    UI_W_PHASE,    /* button: the next phase of one gd step */
    UI_W_UNITWISE, /* toggle: the update moves one hidden unit at a time */
    UI_W_SIGMA,    /* toggle: the σ, σ' panel in the loss panel's place (beside UI_W_UNITWISE) */
    UI_W_THETA,    /* slider, linear: the probe x(θ) on the token arc */
    UI_W_GAIN,     /* slider, log: a in σ(a·e) (span: RANGE_GAIN_SLIDER_MIN/MAX) */
    UI_W_FREEZE,   /* chooser: which parameters learn */
    UI_W_TWIN,      /* toggle: the twin run on / off */
    UI_W_TWIN_WITH, /* chooser: the one setting the twin differs in (ui_twin_choice), beside UI_W_TWIN */
    UI_W_RECORD,   /* toggle: PNG frames for slides */
    UI_W_COUNT
} ui_widget_id;

/* ui_layout_compute's mode bits (1 is presenter, so a plain 0/1 "presenter" argument keeps its meaning). */
enum {
    UI_LAYOUT_PRESENTER = 1, /* enlarged planes and text, only run, step and phase shown */
    UI_LAYOUT_LECTURE = 2,   /* the lecture tab of the controls instead of the train tab */
    UI_LAYOUT_SIGMA = 4      /* the σ panel takes the loss panel's place */
};

typedef struct {
    int w, h;        /* the window, in pixels */
    float scale;     /* the scale actually used: the requested one, reduced to fit small windows */
    int presenter;
    int mode;         /* the UI_LAYOUT_* bits it was computed for */
    view_layout view; /* the panels view_draw fills: planes, bars, loss or σ, equation, status */
    SDL_Rect controls;              /* the controls' area (empty in presenter mode when none show) */
    SDL_Rect widget[UI_W_COUNT];    /* each control's whole area: label, value and track included */
    int visible[UI_W_COUNT];        /* the shown tab's controls; presenter mode: run, step, phase */
    SDL_Rect hint;                  /* one line under the controls ("H: keys and mouse"); empty if none */
} ui_layout;

/* The UI scale when none is asked for (--scale): the larger of the display's DPI over 96 (dpi_scale,
 * HIGHDPI's pixel ratio included) and what the window's size calls for, so that a large window on
 * a projector or a 1080p screen gets larger text rather than more empty room: 1 up to
 * UI_SCALE_REF_W × UI_SCALE_REF_H pixels, then growing with the smaller of the two ratios (1.5 at
 * 1920 × 1080), at most 4. w, h: the renderer's output in pixels. */
#define UI_SCALE_REF_W 1280
#define UI_SCALE_REF_H 720
float ui_default_scale(float dpi_scale, int w, int h);

/* w, h: the renderer's output size in pixels; scale: UI scale (96 dpi = 1, times --scale);
 * mode: UI_LAYOUT_* bits (0 = the default layout with the train tab and the loss panel). */
void ui_layout_compute(int w, int h, float scale, int mode, ui_layout *out);

#endif
