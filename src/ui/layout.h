/* layout: where every panel and control sits for a window size, UI scale and mode.
 * Any thread (pure arithmetic, no SDL calls); the window and the off-screen renderer both call it.
 * Invariants: every visible rectangle lies inside the window and no two of them overlap. */
#ifndef UI_LAYOUT_H
#define UI_LAYOUT_H

#include <SDL.h>

#include "render/view.h"

/* Every control, in the order they are drawn and focused. */
typedef enum {
    UI_W_RUN,    /* button: run / pause */
    UI_W_STEP,   /* button: one step */
    UI_W_RESET,  /* button: re-initialise from the seed */
    UI_W_PRESET, /* chooser: lecture-start, lecture-solution */
    UI_W_LR,     /* slider, log: learning rate 1e-4 .. 10 */
    UI_W_HIDDEN, /* slider, integer: hidden size 1 .. 64 */
    UI_W_SPEED,  /* slider, log: steps per second 1 .. unlimited */
    UI_W_TOKENS, /* slider, integer, log feel: tokens 2 .. 1024 */
    UI_W_ACT,    /* chooser: activation */
    UI_W_OPT,    /* chooser: optimizer */
    UI_W_COUNT
} ui_widget_id;

typedef struct {
    int w, h;        /* the window, in pixels */
    float scale;     /* the scale actually used: the requested one, reduced to fit small windows */
    int presenter;
    view_layout view; /* the panels view_draw fills: input plane, bars, output plane, loss, status */
    SDL_Rect controls;              /* the controls' area (empty in presenter mode when none show) */
    SDL_Rect widget[UI_W_COUNT];    /* each control's whole area: label, value and track included */
    int visible[UI_W_COUNT];        /* presenter mode shows only run and step */
    SDL_Rect hint;                  /* one line under the controls ("H: keys and mouse"); empty if none */
} ui_layout;

/* w, h: the renderer's output size in pixels; scale: UI scale (96 dpi = 1, times --scale);
 * presenter: enlarged planes and text, only run and step shown. */
void ui_layout_compute(int w, int h, float scale, int presenter, ui_layout *out);

#endif
