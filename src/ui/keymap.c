/* keymap: the keyboard shortcuts, a pure map from (SDL keycode, modifiers) to an app action.
 * Any thread (no SDL calls, no state).
 * Invariants: every key listed in ui_keymap_help maps to the action it names there. */
#include "ui/keymap.h"

const view_help_row ui_keymap_help[] = {
    {"Space", "run / pause"},
    {"Right, N", "one step (unit by unit: the next unit)"},
    {"Left", "one step back, exactly (unit by unit: the unit before)"},
    {"Shift+Left", "ten steps back"},
    {"click / drag the loss plot", "go to that step (the whole picture, exactly)"},
    {"B", "back to the last step whose loss was below the start"},
    {"G", "clear the ghost curve (old branch or previous run)"},
    {"I", "twin: a second run from these weights, one setting changed (Lecture tab: which)"},
    {"R", "reset the weights from the seed"},
    {"+  \xe2\x88\x92", "hidden size up / down"},
    {"]  [", "learning rate \xc3\x97 / \xc3\xb7 10^\xc2\xbc"},
    {"1 2 3 4", "activation: logistic, tanh, relu, step"},
    {"F", "fullscreen"},
    {"F5", "presenter mode"},
    {"S", "save a PNG screenshot"},
    {"Ctrl+S", "save the session (--save FILE, or a new file here)"},
    {"Ctrl+E", "export the loss history as CSV"},
    {"Ctrl+R", "record PNG frames for slides (again: stop)"},
    {"P, Shift+P", "next / previous phase of one gd step"},
    {"U", "unit by unit: \xe2\x86\x92 applies the next unit, \xe2\x86\x90 takes it back"},
    {"Shift+U", "unit by unit, played on its own (again: hold)"},
    {",  .", "move the probe x(\xce\xb8) along the arc"},
    {"D", "\xcf\x83 and \xcf\x83\xe2\x80\xb2 panel instead of the loss"},
    {"Tab", "train / lecture controls"},
    {"V, Shift+V", "next / previous view: train, diagram, nonlinearities, ledger, landscape, surface, sweep"},
    {"T", "diagram: gradients of the selected token / the total over all tokens"},
    {"M", "the small network diagram in the hidden-layer panel's place"},
    {"W", "sweep page: start / cancel Barron's sweep"},
    {"H, F1", "this help"},
    {"Esc, Q", "quit (Esc first closes this help)"},
    {"click a token", "select it (either plane)"},
    {"click a bar", "select that unit (for \xe2\x80\x9conly unit\xe2\x80\x9d learning)"},
    {"drag a token or target", "move it; training goes on"},
    {"hover a bar", "highlight that unit"},
    {"hover an edge", "diagram: its weight and gradient, its unit lit"},
    {"click an edge", "diagram: the ledger's weight; paused: type a new value, Enter"},
    {"wheel, right-drag", "zoom, pan a plane"},
    {"double-click", "reset the plane's view"},
    {"drag, wheel (surface)", "turn the 3-D mesh, zoom; double-click: default view"},
};
const int ui_keymap_help_n = (int)(sizeof ui_keymap_help / sizeof ui_keymap_help[0]);

ui_action ui_keymap_lookup(SDL_Keycode key, Uint16 mod)
{
    const int ctrl = (mod & KMOD_CTRL) != 0;
    /* Alt and the window-manager key belong to the desktop, not to the app. */
    if (mod & (KMOD_ALT | KMOD_GUI))
        return UI_ACT_NONE;
    if (ctrl) {
        switch (key) {
        case SDLK_e: return UI_ACT_EXPORT_CSV;
        case SDLK_s: return UI_ACT_SAVE_SESSION;
        case SDLK_r: return UI_ACT_RECORD;
        case SDLK_q: return UI_ACT_QUIT;
        default: return UI_ACT_NONE;
        }
    }
    switch (key) {
    case SDLK_SPACE: return UI_ACT_RUN_PAUSE;
    case SDLK_RIGHT:
    case SDLK_n: return UI_ACT_STEP;
    case SDLK_r: return UI_ACT_RESET;
    /* "+" is Shift+= on most layouts; SDL reports the unshifted key. */
    case SDLK_PLUS:
    case SDLK_EQUALS:
    case SDLK_KP_PLUS: return UI_ACT_HIDDEN_UP;
    case SDLK_MINUS:
    case SDLK_KP_MINUS: return UI_ACT_HIDDEN_DOWN;
    case SDLK_RIGHTBRACKET: return UI_ACT_LR_UP;
    case SDLK_LEFTBRACKET: return UI_ACT_LR_DOWN;
    case SDLK_1:
    case SDLK_KP_1: return UI_ACT_ACT_LOGISTIC;
    case SDLK_2:
    case SDLK_KP_2: return UI_ACT_ACT_TANH;
    case SDLK_3:
    case SDLK_KP_3: return UI_ACT_ACT_RELU;
    case SDLK_4:
    case SDLK_KP_4: return UI_ACT_ACT_STEP;
    case SDLK_f:
    case SDLK_F11: return UI_ACT_FULLSCREEN;
    case SDLK_F5: return UI_ACT_PRESENTER;
    case SDLK_p: return (mod & KMOD_SHIFT) ? UI_ACT_PHASE_PREV : UI_ACT_PHASE_NEXT;
    case SDLK_u: return (mod & KMOD_SHIFT) ? UI_ACT_UNIT_PLAY : UI_ACT_UNITWISE;
    case SDLK_LEFT: return (mod & KMOD_SHIFT) ? UI_ACT_BACK10 : UI_ACT_BACK;
    case SDLK_b: return UI_ACT_RECOVER;
    case SDLK_g: return UI_ACT_CLEAR_GHOST;
    case SDLK_d: return UI_ACT_SIGMA_PANEL;
    case SDLK_COMMA: return UI_ACT_PROBE_LEFT;
    case SDLK_PERIOD: return UI_ACT_PROBE_RIGHT;
    case SDLK_TAB: return UI_ACT_TAB;
    case SDLK_v: return (mod & KMOD_SHIFT) ? UI_ACT_VIEW_PREV : UI_ACT_VIEW_NEXT;
    case SDLK_t: return UI_ACT_DIAGRAM_BATCH;
    case SDLK_m: return UI_ACT_DIAGRAM_SMALL;
    case SDLK_w: return UI_ACT_SWEEP;
    case SDLK_i: return UI_ACT_TWIN;
    case SDLK_s: return UI_ACT_SCREENSHOT;
    case SDLK_h:
    case SDLK_F1: return UI_ACT_HELP;
    case SDLK_ESCAPE:
    case SDLK_q: return UI_ACT_QUIT;
    default: return UI_ACT_NONE;
    }
}

int ui_keymap_repeats(ui_action act)
{
    switch (act) {
    case UI_ACT_STEP:
    case UI_ACT_BACK:
    case UI_ACT_BACK10:
    case UI_ACT_HIDDEN_UP:
    case UI_ACT_HIDDEN_DOWN:
    case UI_ACT_LR_UP:
    case UI_ACT_LR_DOWN:
    case UI_ACT_PROBE_LEFT:
    case UI_ACT_PROBE_RIGHT: return 1;
    default: return 0;
    }
}
