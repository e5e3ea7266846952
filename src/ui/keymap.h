/* keymap: the keyboard shortcuts, a pure map from (SDL keycode, modifiers) to an app action.
 * Any thread (no SDL calls, no state).
 * Invariants: every key listed in ui_keymap_help maps to the action it names there. */
#ifndef UI_KEYMAP_H
#define UI_KEYMAP_H

#include <SDL.h>

#include "render/view_state.h"

typedef enum {
    UI_ACT_NONE,
    UI_ACT_RUN_PAUSE,
    UI_ACT_STEP,
    UI_ACT_RESET,
    UI_ACT_HIDDEN_UP,
    UI_ACT_HIDDEN_DOWN,
    UI_ACT_LR_UP,
    UI_ACT_LR_DOWN,
    UI_ACT_ACT_LOGISTIC,
    UI_ACT_ACT_TANH,
    UI_ACT_ACT_RELU,
    UI_ACT_ACT_STEP,
    UI_ACT_FULLSCREEN,
    UI_ACT_SCREENSHOT,
    UI_ACT_HELP,
    UI_ACT_PRESENTER,
    UI_ACT_EXPORT_CSV,
    UI_ACT_SAVE_SESSION, /* Ctrl+S */
    UI_ACT_RECORD,       /* Ctrl+R: start / stop writing PNG frames */
    UI_ACT_PHASE_NEXT,   /* P */
    UI_ACT_PHASE_PREV,   /* Shift+P */
    UI_ACT_UNITWISE,     /* U: unit by unit on / off (→ the next unit, ← the one before) */
    UI_ACT_UNIT_PLAY,    /* Shift+U: unit by unit, the units played on their own (again: hold) */
    UI_ACT_BACK,         /* Left: one step back (unit by unit: the unit before) */
    UI_ACT_BACK10,       /* Shift+Left: ten steps back */
    UI_ACT_RECOVER,      /* B: back to the last step below the starting loss (before the damage) */
    UI_ACT_CLEAR_GHOST,  /* G: forget the ghost curve on the loss plot */
    UI_ACT_SIGMA_PANEL,  /* D: the σ, σ' panel instead of the loss */
    UI_ACT_PROBE_LEFT,   /* , : the probe x(θ) one notch towards θ_min */
    UI_ACT_PROBE_RIGHT,  /* . : one notch towards θ_max */
    UI_ACT_TAB,          /* Tab: the other tab of the controls */
    UI_ACT_VIEW_NEXT,    /* V: the next page of the main area (view_page) */
    UI_ACT_VIEW_PREV,    /* Shift+V: the previous one */
    UI_ACT_DIAGRAM_BATCH, /* T: the diagram's gradient edges for the selected token / summed over the batch */
    UI_ACT_DIAGRAM_SMALL, /* M: the small diagram in the hidden-layer panel's place */
    UI_ACT_SWEEP,        /* W: the sweep page: start / cancel Barron's sweep */
    UI_ACT_TWIN,          /* I: the twin run on / off (a second run from these weights, one setting changed) */
    UI_ACT_QUIT,
    UI_ACT_COUNT
} ui_action;

/* The factor one [ or ] press applies to the learning rate: four presses per decade. */
#define UI_LR_KEY_FACTOR 1.7782794100389228 /* 10^(1/4) */

/* The share of the θ range one , or . press moves the probe: a sixteenth of the lecture's token spacing. */
#define UI_PROBE_KEY_STEPS 128

/* mod: SDL_Keymod bits; Shift is ignored where the key means the same either way ("+" is Shift+=). */
ui_action ui_keymap_lookup(SDL_Keycode key, Uint16 mod);

/* 1 when holding the key down should repeat the action (a step, η, N, the probe); toggles, files and
 * recording happen once per press. */
int ui_keymap_repeats(ui_action act);

/* The help overlay's rows, ui_keymap_help_n of them: a key and what it does. The view draws them
 * as given (view_ctx_open); the key map is where they are written, next to the keys they describe. */
extern const view_help_row ui_keymap_help[];
extern const int ui_keymap_help_n;

#endif
