/* Widget logic, keyboard map and layout: pure functions, no window needed. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session/session.h"
#include "train/core.h"
#include "ui/controls.h"
#include "ui/keymap.h"
#include "ui/layout.h"
#include "ui/widget.h"

static const ui_slider_spec lin = {1.0, 64.0, UI_SCALE_LINEAR, 1, 0};
static const ui_slider_spec lr = {1e-4, 10.0, UI_SCALE_LOG, 0, 2};
static const ui_slider_spec tokens = {2.0, 1024.0, UI_SCALE_LOG, 1, 0};
static const ui_slider_spec cont = {-2.0, 3.0, UI_SCALE_LINEAR, 0, 0};

/* ---- slider value <-> position ---- */

START_TEST(slider_linear_ends_and_clamping)
{
    ck_assert_double_eq(ui_slider_frac(&lin, 1.0), 0.0);
    ck_assert_double_eq(ui_slider_frac(&lin, 64.0), 1.0);
    ck_assert_double_eq(ui_slider_frac(&lin, -5.0), 0.0);
    ck_assert_double_eq(ui_slider_frac(&lin, 500.0), 1.0);
    ck_assert_double_eq(ui_slider_frac(&lin, NAN), 0.0);
    ck_assert_double_eq(ui_slider_value(&lin, 0.0), 1.0);
    ck_assert_double_eq(ui_slider_value(&lin, 1.0), 64.0);
    ck_assert_double_eq(ui_slider_value(&lin, -0.5), 1.0);
    ck_assert_double_eq(ui_slider_value(&lin, 7.0), 64.0);
    ck_assert_double_eq_tol(ui_slider_frac(&cont, 0.5), 0.5, 1e-15);
    ck_assert_double_eq_tol(ui_slider_value(&cont, 0.25), -0.75, 1e-15);
}
END_TEST

START_TEST(slider_linear_round_trip)
{
    for (int v = 1; v <= 64; v++)
        ck_assert_double_eq(ui_slider_value(&lin, ui_slider_frac(&lin, v)), (double)v);
    /* a position maps to the nearest whole value: at most half a unit away */
    for (int i = 0; i <= 1000; i++) {
        const double f = i / 1000.0;
        const double v = ui_slider_value(&lin, f);
        ck_assert_double_eq(v, round(v));
        ck_assert(fabs(ui_slider_frac(&lin, v) - f) <= 0.5 / 63.0 + 1e-12);
    }
    for (int i = 0; i <= 1000; i++) {
        const double f = i / 1000.0;
        ck_assert_double_eq_tol(ui_slider_frac(&cont, ui_slider_value(&cont, f)), f, 1e-12);
    }
}
END_TEST

START_TEST(slider_log_scale)
{
    ck_assert_double_eq(ui_slider_value(&lr, 0.0), 1e-4);
    ck_assert_double_eq(ui_slider_value(&lr, 1.0), 10.0);
    ck_assert_double_eq(ui_slider_value(&lr, -1.0), 1e-4);
    ck_assert_double_eq(ui_slider_value(&lr, 2.0), 10.0);
    ck_assert_double_eq(ui_slider_frac(&lr, 1e-9), 0.0);
    ck_assert_double_eq(ui_slider_frac(&lr, 1e3), 1.0);
    ck_assert_double_eq(ui_slider_frac(&lr, 0.0), 0.0);
    /* five decades: one decade is a fifth of the track */
    ck_assert_double_eq_tol(ui_slider_frac(&lr, 1e-3), 0.2, 1e-12);
    ck_assert_double_eq_tol(ui_slider_frac(&lr, 1.0), 0.8, 1e-12);
    ck_assert_double_eq(ui_slider_value(&lr, 0.6), 0.1);
    /* two significant digits, and the double nearest the decimal */
    const double nice[] = {1e-4, 0.00015, 0.002, 0.02, 0.035, 0.1, 0.47, 1.0, 2.5, 10.0};
    for (size_t i = 0; i < sizeof nice / sizeof nice[0]; i++)
        ck_assert_double_eq(ui_slider_value(&lr, ui_slider_frac(&lr, nice[i])), nice[i]);
    double prev = 0;
    for (int i = 0; i <= 2000; i++) {
        const double f = i / 2000.0;
        const double v = ui_slider_value(&lr, f);
        ck_assert(v >= prev); /* monotonic */
        ck_assert(v >= 1e-4 && v <= 10.0);
        /* rounding to two digits moves at most 5% of the value: 1/5 decade * log10(1.05) */
        ck_assert(fabs(ui_slider_frac(&lr, v) - f) <= log10(1.05) / 5.0 + 1e-12);
        prev = v;
    }
}
END_TEST

START_TEST(slider_log_integer_round_trip)
{
    for (int v = 2; v <= 1024; v++)
        ck_assert_double_eq(ui_slider_value(&tokens, ui_slider_frac(&tokens, v)), (double)v);
    ck_assert_double_eq(ui_slider_value(&tokens, 0.0), 2.0);
    ck_assert_double_eq(ui_slider_value(&tokens, 1.0), 1024.0);
    ck_assert_double_eq(ui_slider_value(&tokens, 0.5), round(sqrt(2.0 * 1024.0)));
}
END_TEST

START_TEST(slider_pixels)
{
    const SDL_Rect wr = {100, 50, 240, 46};
    const SDL_Rect t = ui_slider_track(wr, 1.0f);
    ck_assert(t.x > wr.x && t.x + t.w < wr.x + wr.w);
    ck_assert(t.y > wr.y && t.y + t.h <= wr.y + wr.h);
    ck_assert_float_eq(ui_slider_x(&lr, t, 1e-4), (float)t.x);
    ck_assert_float_eq(ui_slider_x(&lr, t, 10.0), (float)(t.x + t.w));
    ck_assert_double_eq(ui_slider_value_at(&lr, t, (float)t.x - 50.0f), 1e-4);
    ck_assert_double_eq(ui_slider_value_at(&lr, t, (float)(t.x + t.w) + 50.0f), 10.0);
    for (int v = 1; v <= 64; v++)
        ck_assert_double_eq(ui_slider_value_at(&lin, t, ui_slider_x(&lin, t, v)), (double)v);
    /* the track scales with the UI */
    const SDL_Rect wr2 = {0, 0, 480, 92};
    ck_assert_int_gt(ui_slider_track(wr2, 2.0f).y, ui_slider_track(wr2, 1.0f).y);
}
END_TEST

/* ---- hit tests and events ---- */

START_TEST(rect_contains_edges)
{
    const SDL_Rect r = {10, 20, 30, 40};
    ck_assert(ui_rect_contains(r, 10, 20));
    ck_assert(ui_rect_contains(r, 39, 59));
    ck_assert(!ui_rect_contains(r, 40, 30));
    ck_assert(!ui_rect_contains(r, 20, 60));
    ck_assert(!ui_rect_contains(r, 9, 30));
    ck_assert(!ui_rect_contains(r, 20, 19));
}
END_TEST

static const char *const items[] = {"gd", "momentum", "adam", "lbfgs"};

enum { B, T, S, C, N_W };

static void make_set(ui_widgets *ws, ui_widget *w)
{
    w[B] = (ui_widget){.kind = UI_BUTTON, .label = "Step", .rect = {10, 10, 80, 30}, .visible = 1, .enabled = 1};
    w[T] = (ui_widget){.kind = UI_TOGGLE, .label = "Run", .label_on = "Pause", .rect = {100, 10, 80, 30},
                       .visible = 1, .enabled = 1};
    w[S] = (ui_widget){.kind = UI_SLIDER, .label = "h", .rect = {10, 50, 200, 46}, .visible = 1, .enabled = 1,
                       .spec = lin, .value = 5};
    w[C] = (ui_widget){.kind = UI_CHOOSER, .label = "opt", .rect = {10, 100, 200, 50}, .visible = 1,
                       .enabled = 1, .items = items, .n_items = 4};
    ui_widgets_init(ws, w, N_W);
    ws->win_h = 600;
}

static SDL_Event mouse(Uint32 type, int x, int y)
{
    SDL_Event e = {0};
    e.type = type;
    if (type == SDL_MOUSEMOTION) {
        e.motion.x = x;
        e.motion.y = y;
    } else {
        e.button.x = x;
        e.button.y = y;
        e.button.button = SDL_BUTTON_LEFT;
        e.button.clicks = 1;
    }
    return e;
}

static ui_event_result ev(ui_widgets *ws, Uint32 type, int x, int y)
{
    SDL_Event e = mouse(type, x, y);
    return ui_widgets_event(ws, &e);
}

START_TEST(button_and_toggle_events)
{
    ui_widget w[N_W];
    ui_widgets ws;
    make_set(&ws, w);
    ui_event_result r = ev(&ws, SDL_MOUSEMOTION, 20, 20);
    ck_assert_int_eq(ws.hot, B);
    ck_assert(r.consumed);
    r = ev(&ws, SDL_MOUSEMOTION, 500, 500);
    ck_assert_int_eq(ws.hot, -1);
    ck_assert(!r.consumed);
    /* a click acts on release */
    r = ev(&ws, SDL_MOUSEBUTTONDOWN, 20, 20);
    ck_assert(r.consumed && !r.changed);
    ck_assert_int_eq(ws.pressed, B);
    ck_assert(ui_widgets_busy(&ws));
    r = ev(&ws, SDL_MOUSEBUTTONUP, 21, 21);
    ck_assert(r.changed);
    ck_assert_int_eq(r.id, B);
    ck_assert_int_eq(ws.pressed, -1);
    /* released elsewhere: taken back */
    ev(&ws, SDL_MOUSEBUTTONDOWN, 20, 20);
    r = ev(&ws, SDL_MOUSEBUTTONUP, 300, 300);
    ck_assert(!r.changed);
    /* toggles flip */
    ev(&ws, SDL_MOUSEBUTTONDOWN, 120, 20);
    r = ev(&ws, SDL_MOUSEBUTTONUP, 120, 20);
    ck_assert(r.changed && r.id == T && r.index == 1 && w[T].on == 1);
    ev(&ws, SDL_MOUSEBUTTONDOWN, 120, 20);
    r = ev(&ws, SDL_MOUSEBUTTONUP, 120, 20);
    ck_assert(r.changed && r.index == 0 && w[T].on == 0);
    /* hidden or disabled widgets are not there */
    w[B].visible = 0;
    r = ev(&ws, SDL_MOUSEBUTTONDOWN, 20, 20);
    ck_assert(!r.consumed);
    w[B].visible = 1;
    w[B].enabled = 0;
    r = ev(&ws, SDL_MOUSEBUTTONDOWN, 20, 20);
    ck_assert(!r.consumed);
    /* empty space is not consumed */
    r = ev(&ws, SDL_MOUSEBUTTONDOWN, 400, 400);
    ck_assert(!r.consumed && !r.changed);
}
END_TEST

START_TEST(slider_drag_events)
{
    ui_widget w[N_W];
    ui_widgets ws;
    make_set(&ws, w);
    const SDL_Rect t = ui_slider_track(w[S].rect, 1.0f);
    const int y = t.y + t.h / 2;
    /* pressing jumps to the position */
    ui_event_result r = ev(&ws, SDL_MOUSEBUTTONDOWN, t.x + t.w, y);
    ck_assert(r.changed && r.id == S);
    ck_assert_double_eq(r.value, 64.0);
    /* dragging follows the mouse, beyond the widget too, clamped */
    r = ev(&ws, SDL_MOUSEMOTION, t.x - 100, y + 200);
    ck_assert(r.changed && r.consumed);
    ck_assert_double_eq(w[S].value, 1.0);
    r = ev(&ws, SDL_MOUSEMOTION, t.x - 90, y + 200);
    ck_assert(!r.changed); /* same value: nothing to report */
    r = ev(&ws, SDL_MOUSEMOTION, (int)ui_slider_x(&lin, t, 33.0), y);
    ck_assert(r.changed);
    ck_assert_double_eq(r.value, 33.0);
    ev(&ws, SDL_MOUSEBUTTONUP, 0, 0);
    ck_assert_int_eq(ws.pressed, -1);
    r = ev(&ws, SDL_MOUSEMOTION, t.x, y);
    ck_assert(!r.changed);
    ck_assert_double_eq(w[S].value, 33.0);
}
END_TEST

START_TEST(chooser_events)
{
    ui_widget w[N_W];
    ui_widgets ws;
    make_set(&ws, w);
    ev(&ws, SDL_MOUSEBUTTONDOWN, 50, 130);
    ui_event_result r = ev(&ws, SDL_MOUSEBUTTONUP, 50, 130);
    ck_assert(!r.changed);
    ck_assert_int_eq(ws.open, C);
    const SDL_Rect it = ui_chooser_item_rect(w[C].rect, 1.0f, 4, 2, ws.win_h);
    ck_assert_int_ge(it.y, w[C].rect.y + w[C].rect.h); /* below the box */
    r = ev(&ws, SDL_MOUSEMOTION, it.x + 5, it.y + 5);
    ck_assert_int_eq(ws.open_hot, 2);
    r = ev(&ws, SDL_MOUSEBUTTONDOWN, it.x + 5, it.y + 5);
    ck_assert(r.changed && r.id == C && r.index == 2);
    ck_assert_int_eq(w[C].index, 2);
    ck_assert_int_eq(ws.open, -1);
    /* a click outside closes without a change, and is not passed on */
    ev(&ws, SDL_MOUSEBUTTONDOWN, 50, 130);
    ev(&ws, SDL_MOUSEBUTTONUP, 50, 130);
    ck_assert_int_eq(ws.open, C);
    r = ev(&ws, SDL_MOUSEBUTTONDOWN, 500, 500);
    ck_assert(r.consumed && !r.changed);
    ck_assert_int_eq(ws.open, -1);
    ck_assert_int_eq(w[C].index, 2);
    /* Escape closes */
    ev(&ws, SDL_MOUSEBUTTONDOWN, 50, 130);
    ev(&ws, SDL_MOUSEBUTTONUP, 50, 130);
    SDL_Event esc = {0};
    esc.type = SDL_KEYDOWN;
    esc.key.keysym.sym = SDLK_ESCAPE;
    r = ui_widgets_event(&ws, &esc);
    ck_assert(r.consumed);
    ck_assert_int_eq(ws.open, -1);
}
END_TEST

START_TEST(chooser_list_flips_up_near_the_bottom)
{
    const SDL_Rect wr = {10, 500, 200, 50};
    for (int i = 0; i < 4; i++) {
        const SDL_Rect it = ui_chooser_item_rect(wr, 1.0f, 4, i, 560);
        ck_assert_int_le(it.y + it.h, wr.y + wr.h);
        ck_assert_int_ge(it.y, 0);
    }
    const SDL_Rect below = ui_chooser_item_rect(wr, 1.0f, 4, 0, 2000);
    ck_assert_int_ge(below.y, wr.y + wr.h);
}
END_TEST

/* ---- keyboard ---- */

START_TEST(keymap_every_key)
{
    static const struct {
        SDL_Keycode key;
        Uint16 mod;
        ui_action act;
    } cases[] = {
        {SDLK_SPACE, 0, UI_ACT_RUN_PAUSE},
        {SDLK_RIGHT, 0, UI_ACT_STEP},
        {SDLK_n, 0, UI_ACT_STEP},
        {SDLK_n, KMOD_LSHIFT, UI_ACT_STEP},
        {SDLK_r, 0, UI_ACT_RESET},
        {SDLK_PLUS, 0, UI_ACT_HIDDEN_UP},
        {SDLK_EQUALS, KMOD_LSHIFT, UI_ACT_HIDDEN_UP},
        {SDLK_KP_PLUS, 0, UI_ACT_HIDDEN_UP},
        {SDLK_MINUS, 0, UI_ACT_HIDDEN_DOWN},
        {SDLK_KP_MINUS, KMOD_NUM, UI_ACT_HIDDEN_DOWN},
        {SDLK_LEFTBRACKET, 0, UI_ACT_LR_DOWN},
        {SDLK_RIGHTBRACKET, 0, UI_ACT_LR_UP},
        {SDLK_1, 0, UI_ACT_ACT_LOGISTIC},
        {SDLK_2, 0, UI_ACT_ACT_TANH},
        {SDLK_3, 0, UI_ACT_ACT_RELU},
        {SDLK_4, 0, UI_ACT_ACT_STEP},
        {SDLK_KP_1, KMOD_NUM, UI_ACT_ACT_LOGISTIC},
        {SDLK_KP_4, KMOD_NUM, UI_ACT_ACT_STEP},
        {SDLK_f, 0, UI_ACT_FULLSCREEN},
        {SDLK_s, 0, UI_ACT_SCREENSHOT},
        {SDLK_h, 0, UI_ACT_HELP},
        {SDLK_F1, 0, UI_ACT_HELP},
        {SDLK_F5, 0, UI_ACT_PRESENTER},
        {SDLK_ESCAPE, 0, UI_ACT_QUIT},
        {SDLK_q, 0, UI_ACT_QUIT},
        {SDLK_q, KMOD_CAPS, UI_ACT_QUIT},
        {SDLK_e, KMOD_LCTRL, UI_ACT_EXPORT_CSV},
        {SDLK_s, KMOD_LCTRL, UI_ACT_SAVE_SESSION},
        {SDLK_s, KMOD_RCTRL, UI_ACT_SAVE_SESSION},
        {SDLK_r, KMOD_LCTRL, UI_ACT_RECORD},
        {SDLK_p, 0, UI_ACT_PHASE_NEXT},
        {SDLK_p, KMOD_LSHIFT, UI_ACT_PHASE_PREV},
        {SDLK_u, 0, UI_ACT_UNITWISE},
        {SDLK_u, KMOD_LSHIFT, UI_ACT_UNIT_PLAY},
        {SDLK_LEFT, 0, UI_ACT_BACK},
        {SDLK_LEFT, KMOD_LSHIFT, UI_ACT_BACK10},
        {SDLK_b, 0, UI_ACT_RECOVER},
        {SDLK_g, 0, UI_ACT_CLEAR_GHOST},
        {SDLK_d, 0, UI_ACT_SIGMA_PANEL},
        {SDLK_COMMA, 0, UI_ACT_PROBE_LEFT},
        {SDLK_PERIOD, 0, UI_ACT_PROBE_RIGHT},
        {SDLK_TAB, 0, UI_ACT_TAB},
        /* modifiers that change the meaning, and keys that mean nothing */
        {SDLK_p, KMOD_LCTRL, UI_ACT_NONE},
        {SDLK_u, KMOD_LALT, UI_ACT_NONE},
        {SDLK_f, KMOD_LALT, UI_ACT_NONE},
        {SDLK_q, KMOD_LGUI, UI_ACT_NONE},
        {SDLK_5, 0, UI_ACT_NONE},
        {SDLK_x, 0, UI_ACT_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(ui_keymap_lookup(cases[i].key, cases[i].mod) == cases[i].act, "case %zu: key %d mod %d", i,
                      (int)cases[i].key, (int)cases[i].mod);
}
END_TEST

START_TEST(keymap_repeats_only_steps_and_nudges)
{
    int n = 0;
    for (int a = UI_ACT_NONE; a < UI_ACT_COUNT; a++)
        n += ui_keymap_repeats((ui_action)a);
    ck_assert_int_eq(n, 9);
    static const SDL_Keycode held[] = {SDLK_RIGHT, SDLK_LEFT, SDLK_n, SDLK_PLUS, SDLK_MINUS, SDLK_LEFTBRACKET,
                                       SDLK_RIGHTBRACKET, SDLK_COMMA, SDLK_PERIOD};
    for (size_t i = 0; i < sizeof held / sizeof held[0]; i++)
        ck_assert_msg(ui_keymap_repeats(ui_keymap_lookup(held[i], 0)), "key %d", (int)held[i]);
    /* a held toggle would flicker; a held S, Ctrl+S or Ctrl+R would write a file per repeat */
    static const struct {
        SDL_Keycode key;
        Uint16 mod;
    } once[] = {{SDLK_SPACE, 0}, {SDLK_f, 0},          {SDLK_F5, 0},         {SDLK_TAB, 0},
                {SDLK_d, 0},     {SDLK_u, 0},          {SDLK_u, KMOD_LSHIFT}, {SDLK_s, 0},          {SDLK_s, KMOD_LCTRL},
                {SDLK_r, KMOD_LCTRL}, {SDLK_e, KMOD_LCTRL}, {SDLK_h, 0},     {SDLK_p, 0},
                {SDLK_r, 0},     {SDLK_1, 0},          {SDLK_ESCAPE, 0},     {SDLK_b, 0},
                {SDLK_g, 0}};
    for (size_t i = 0; i < sizeof once / sizeof once[0]; i++)
        ck_assert_msg(!ui_keymap_repeats(ui_keymap_lookup(once[i].key, once[i].mod)), "key %d mod %d",
                      (int)once[i].key, (int)once[i].mod);
}
END_TEST

START_TEST(keymap_help_lists_the_keys)
{
    int n = 0;
    /* the lecture's keys are in the help overlay */
    static const char *const must[] = {"P, Shift+P", "U", "Ctrl+S", "Ctrl+R", "F5", "Ctrl+E", "D", "Tab",
                                       "Left", "Shift+Left", "B", "G"};
    int found[sizeof must / sizeof must[0]] = {0};
    for (const view_help_row *h = ui_keymap_help; h < ui_keymap_help + ui_keymap_help_n; h++) {
        ck_assert(h->keys && h->keys[0] && h->what && h->what[0]);
        for (size_t i = 0; i < sizeof must / sizeof must[0]; i++) found[i] |= strcmp(h->keys, must[i]) == 0;
        n++;
    }
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++) ck_assert_msg(found[i], "%s is not in the help", must[i]);
    ck_assert_int_ge(n, 12);
    ck_assert_double_eq_tol(pow(UI_LR_KEY_FACTOR, 4), 10.0, 1e-12);
}
END_TEST

/* ---- layout ---- */

static int overlaps(SDL_Rect a, SDL_Rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static SDL_Rect from_draw(draw_rect r)
{
    /* the panels are drawn from floats; the area they cover, rounded outwards */
    const int x0 = (int)floorf(r.x), y0 = (int)floorf(r.y);
    SDL_Rect o = {x0, y0, (int)ceilf(r.x + r.w) - x0, (int)ceilf(r.y + r.h) - y0};
    return o;
}

/* Every rule below is checked in plain C and only the verdict goes through Check: each passing
 * ck_assert writes a mark to Check's message file, and at a few hundred rules per layout over
 * thousands of layouts those writes, not the layout, were the test's whole cost. */
static char layout_problem[256];

#define LAYOUT_RULE(cond, ...)                                                        \
    do {                                                                              \
        if (!(cond)) {                                                                \
            snprintf(layout_problem, sizeof layout_problem, __VA_ARGS__);             \
            return 0;                                                                 \
        }                                                                             \
    } while (0)

/* mode: UI_LAYOUT_* bits. 1 when every rule holds, else 0 with the first broken one in
 * layout_problem. */
static int side_min(int w, int h) { return w < h ? w : h; }

static int layout_ok(int w, int h, float scale, int mode)
{
    const int presenter = (mode & UI_LAYOUT_PRESENTER) != 0, lecture = (mode & UI_LAYOUT_LECTURE) != 0;
    ui_layout L;
    ui_layout_compute(w, h, scale, mode, &L);
    LAYOUT_RULE(L.presenter == presenter, "%dx%d s%.2f m%d: presenter is %d", w, h, scale, mode, L.presenter);
    SDL_Rect r[8 + UI_W_COUNT];
    const char *name[8 + UI_W_COUNT];
    int n = 0;
    /* the σ panel takes the loss panel's place: exactly one of them is there */
    const draw_rect *lower = (mode & UI_LAYOUT_SIGMA) ? &L.view.sigma : &L.view.loss;
    const draw_rect *empty = (mode & UI_LAYOUT_SIGMA) ? &L.view.loss : &L.view.sigma;
    LAYOUT_RULE(empty->w <= 0 || empty->h <= 0, "%dx%d s%.2f m%d: both loss and sigma panels", w, h, scale, mode);
    const draw_rect *panels[] = {&L.view.input, &L.view.bars, &L.view.output, lower, &L.view.equation, &L.view.status};
    static const char *const panel_names[] = {"input", "bars", "output", "loss or sigma", "equation", "status"};
    const int n_panels = 6;
    for (int i = 0; i < n_panels; i++) {
        name[n] = panel_names[i];
        r[n++] = from_draw(*panels[i]);
    }
    int shown = 0;
    for (int i = 0; i < UI_W_COUNT; i++)
        if (L.visible[i]) {
            name[n] = "widget";
            r[n++] = L.widget[i];
            shown++;
            LAYOUT_RULE(L.widget[i].x >= L.controls.x && L.widget[i].y >= L.controls.y &&
                            L.widget[i].x + L.widget[i].w <= L.controls.x + L.controls.w &&
                            L.widget[i].y + L.widget[i].h <= L.controls.y + L.controls.h,
                        "%dx%d s%.2f m%d: widget %d outside the controls area", w, h, scale, mode, i);
        }
    /* the tab's controls: run, step, reset, the two tabs, the view chooser, then 7 (train) or 7 (lecture) */
    const int train_n = UI_W_OPT - UI_W_PRESET + 1, lect_n = UI_W_RECORD - UI_W_PHASE + 1;
    const int want_shown = presenter ? 3 : 6 + (lecture ? lect_n : train_n);
    LAYOUT_RULE(shown == want_shown, "%dx%d s%.2f m%d: %d widgets shown, not %d", w, h, scale, mode, shown, want_shown);
    if (!presenter) {
        for (int i = UI_W_PRESET; i <= UI_W_OPT; i++)
            LAYOUT_RULE(L.visible[i] == !lecture, "%dx%d s%.2f m%d: training widget %d", w, h, scale, mode, i);
        for (int i = UI_W_PHASE; i <= UI_W_RECORD; i++)
            LAYOUT_RULE(L.visible[i] == lecture, "%dx%d s%.2f m%d: lecture widget %d", w, h, scale, mode, i);
        name[n] = "hint";
        r[n++] = L.hint;
        LAYOUT_RULE(L.hint.y >= L.controls.y && L.hint.y + L.hint.h <= L.controls.y + L.controls.h,
                    "%dx%d s%.2f m%d: hint outside the controls area", w, h, scale, mode);
    }
    if (presenter)
        LAYOUT_RULE(L.visible[UI_W_RUN] && L.visible[UI_W_STEP] && L.visible[UI_W_PHASE],
                    "%dx%d s%.2f m%d: presenter lacks run, step or phase", w, h, scale, mode);
    LAYOUT_RULE(L.scale > 0.0f && L.scale <= (presenter ? 4.0f * scale : scale), "%dx%d s%.2f m%d: scale %.3f", w, h,
                scale, mode, L.scale);
    for (int i = 0; i < n; i++) {
        LAYOUT_RULE(r[i].w > 0 && r[i].h > 0, "%dx%d s%.2f m%d: %s %d is empty", w, h, scale, mode, name[i], i);
        LAYOUT_RULE(r[i].x >= 0 && r[i].y >= 0 && r[i].x + r[i].w <= w && r[i].y + r[i].h <= h,
                    "%dx%d s%.2f m%d: %s %d (%d,%d %dx%d) leaves the window", w, h, scale, mode, name[i], i, r[i].x,
                    r[i].y, r[i].w, r[i].h);
        for (int j = 0; j < i; j++)
            LAYOUT_RULE(!overlaps(r[i], r[j]), "%dx%d s%.2f m%d: %s %d overlaps %s %d", w, h, scale, mode, name[i], i,
                        name[j], j);
    }
    /* a page (diagram, ledger, …) has room in every mode, clear of what stays beside it: the equation,
     * the status line, the widgets and, in presenter mode, the loss or σ panel of the band */
    const SDL_Rect page = from_draw(L.view.page);
    LAYOUT_RULE(page.w >= side_min(w, h) / 3 && page.h >= side_min(w, h) / 3, "%dx%d s%.2f m%d: page %dx%d", w, h,
                scale, mode, page.w, page.h);
    for (int i = presenter ? 3 : 4; i < n; i++)
        LAYOUT_RULE(!overlaps(page, r[i]), "%dx%d s%.2f m%d: page overlaps %s %d", w, h, scale, mode, name[i], i);
    /* the controls column is clear of every panel */
    for (int i = 0; i < n_panels; i++)
        LAYOUT_RULE(!overlaps(L.controls, r[i]), "%dx%d s%.2f m%d: controls overlap %s", w, h, scale, mode, name[i]);
    /* the planes are big enough to read: at least a third of the shorter side */
    const int side = w < h ? w : h;
    LAYOUT_RULE(L.view.input.w >= side / 3.0f && L.view.input.h >= side / 3.0f, "%dx%d: input plane too small", w, h);
    LAYOUT_RULE(L.view.output.w >= side / 3.0f && L.view.output.h >= side / 3.0f, "%dx%d: output plane too small", w,
                h);
    /* three lines of an equation fit its strip (14.5 px text, 1.2 line height, at the layout's scale) */
    LAYOUT_RULE(L.view.equation.h >= 3 * 14.5f * 1.2f * L.scale, "%dx%d s%.2f m%d: equation strip %.1f px", w, h,
                scale, mode, L.view.equation.h);
    /* an open chooser list stays above the status line and inside the window */
    for (int i = 0; i < UI_W_COUNT; i++) {
        if (!L.visible[i] || (i != UI_W_PRESET && i != UI_W_ACT && i != UI_W_OPT && i != UI_W_FREEZE))
            continue;
        for (int k = 0; k < 5; k++) {
            const SDL_Rect it = ui_chooser_item_rect(L.widget[i], L.scale, 5, k, (int)L.view.status.y);
            LAYOUT_RULE(it.y >= 0 && it.y + it.h <= (int)L.view.status.y,
                        "%dx%d s%.2f m%d: chooser %d item %d leaves its room", w, h, scale, mode, i, k);
        }
    }
    return 1;
}

static void check_layout(int w, int h, float scale, int mode)
{
    const int ok = layout_ok(w, h, scale, mode);
    ck_assert_msg(ok, "%s", layout_problem);
}

START_TEST(layout_sizes)
{
    static const int sizes[][2] = {{640, 400}, {960, 600}, {1280, 800}, {1920, 1080}, {1366, 768}, {1024, 768},
                                   {2560, 1440}, {3840, 2160}, {1200, 1900}, {3000, 800}};
    static const float scales[] = {1.0f, 1.25f, 1.5f, 2.0f, 3.0f};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (size_t k = 0; k < sizeof scales / sizeof scales[0]; k++)
            for (int mode = 0; mode < 8; mode++)
                check_layout(sizes[i][0], sizes[i][1], scales[k], mode);
}
END_TEST

START_TEST(layout_reflows_every_size)
{
    for (int w = 960; w <= 3840; w += 97)
        for (int h = 600; h <= 2160; h += 89)
            for (int mode = 0; mode < 8; mode++)
                check_layout(w, h, 1.0f + (float)((w + h) % 7) * 0.25f, mode);
}
END_TEST

START_TEST(layout_presenter_is_larger)
{
    /* at the same text size, presenter planes are larger (no controls column) */
    ui_layout d, p;
    ui_layout_compute(1920, 1080, 2.0f, 0, &d);
    ui_layout_compute(1920, 1080, 1.0f, 1, &p);
    ck_assert_float_ge(p.scale, d.scale);
    ck_assert(p.view.input.w * p.view.input.h > d.view.input.w * d.view.input.h);
    ck_assert(p.view.output.w * p.view.output.h > d.view.output.w * d.view.output.h);
    /* text at least 28 px tall on a 1080p projector: 14 px logical × scale 2 */
    ck_assert_float_ge(p.scale, 2.0f);
    ck_assert(!p.visible[UI_W_LR] && !p.visible[UI_W_RESET]);
}
END_TEST

/* Presenter mode on a projector's sizes: the loss panel at least a fifth of the height (it was a strip
 * of 0.15, a curve 35 px tall at 960 × 600) and a quarter of the width, the planes at least half the
 * height, every layout rule kept; the σ panel, which has two plots, a quarter of the height. */
START_TEST(layout_presenter_reads_on_a_projector)
{
    static const int sizes[][2] = {{1024, 768}, {1280, 720}, {1920, 1080}, {960, 600}, {1280, 800}, {1600, 1200}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        const int w = sizes[i][0], h = sizes[i][1];
        const float scale = ui_default_scale(1.0f, w, h);
        ui_layout L;
        ui_layout_compute(w, h, scale, UI_LAYOUT_PRESENTER, &L);
        ck_assert_msg(layout_ok(w, h, scale, UI_LAYOUT_PRESENTER), "%s", layout_problem);
        ck_assert_msg(L.view.loss.h >= 0.2f * (float)h - 1.0f, "%dx%d: loss panel %.0f px tall", w, h,
                      (double)L.view.loss.h);
        ck_assert_msg(L.view.loss.w >= 0.25f * (float)w, "%dx%d: loss panel %.0f px wide", w, h, (double)L.view.loss.w);
        ck_assert_msg(L.view.input.h >= 0.5f * (float)h, "%dx%d: planes %.0f px tall", w, h, (double)L.view.input.h);
        ck_assert_msg(L.view.equation.w >= 0.6f * (float)w, "%dx%d: equation %.0f px wide", w, h,
                      (double)L.view.equation.w);
        ui_layout_compute(w, h, scale, UI_LAYOUT_PRESENTER | UI_LAYOUT_SIGMA, &L);
        ck_assert_msg(layout_ok(w, h, scale, UI_LAYOUT_PRESENTER | UI_LAYOUT_SIGMA), "%s", layout_problem);
        ck_assert_msg(L.view.sigma.h >= 0.25f * (float)h, "%dx%d: σ panel %.0f px tall", w, h, (double)L.view.sigma.h);
    }
}
END_TEST

/* The scale without --scale: 1 up to 1280 × 720 at 96 dpi, then with the window (1.5 at 1080p, where
 * 1 left small text and empty room), never below the display's DPI, at most 4. */
START_TEST(default_scale_from_dpi_and_size)
{
    static const struct {
        float dpi;
        int w, h;
        float scale;
    } cases[] = {
        {1.0f, 960, 600, 1.0f},   {1.0f, 1280, 800, 1.0f},   {1.0f, 1280, 720, 1.0f},  {1.0f, 1024, 768, 1.0f},
        {1.0f, 1920, 1080, 1.5f}, {1.0f, 1920, 1200, 1.5f},  {1.0f, 2560, 1080, 1.5f}, {1.0f, 2560, 1440, 2.0f},
        {1.0f, 3840, 2160, 3.0f}, {1.0f, 7680, 4320, 4.0f},  {2.0f, 1280, 800, 2.0f},  {2.0f, 3840, 2160, 3.0f},
        {0.5f, 800, 500, 1.0f},   {1.25f, 1920, 1080, 1.5f}, {1.75f, 1920, 1080, 1.75f},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(fabsf(ui_default_scale(cases[i].dpi, cases[i].w, cases[i].h) - cases[i].scale) < 1e-6f,
                      "dpi %.2f %dx%d: %.3f, not %.3f", (double)cases[i].dpi, cases[i].w, cases[i].h,
                      (double)ui_default_scale(cases[i].dpi, cases[i].w, cases[i].h), (double)cases[i].scale);
    /* never smaller for a larger window */
    for (int w = 640; w <= 4000; w += 97)
        for (int h = 400; h <= 2400; h += 89)
            ck_assert(ui_default_scale(1.0f, w + 97, h + 89) >= ui_default_scale(1.0f, w, h));
    /* at 1920 × 1080 the layout takes it: text half as large again as at 1280 × 800 */
    ui_layout L;
    ui_layout_compute(1920, 1080, ui_default_scale(1.0f, 1920, 1080), 0, &L);
    ck_assert_float_eq_tol(L.scale, 1.5f, 1e-6f);
    ck_assert(layout_ok(1920, 1080, ui_default_scale(1.0f, 1920, 1080), 0));
}
END_TEST

/* ---- the control column ---- */

START_TEST(freeze_items_round_trip)
{
    for (int i = 0; i < UI_FREEZE_ITEMS; i++) {
        const train_freeze f = ui_freeze_from_index(i, 4);
        ck_assert_int_eq(ui_freeze_index(&f), i);
        ck_assert_int_eq(f.only_unit, i == 3 ? 4 : -1);
        ck_assert_int_eq(f.only_layer, i < 3 ? i : 0);
    }
}
END_TEST

/* The preset chooser lists the snapshot scene's presets in its order (item i is TRAIN_CMD_PRESET's i):
 * for the semicircle the lecture's two, as before. A preset file named like one takes its item, the
 * others follow; another scene gets its own list. */
START_TEST(preset_chooser_lists_the_scene_presets)
{
    static session se;
    static snap s;
    static ui_controls c;
    char err[256];
    session_default(&se);
    se.preset = DATA_PRESET_LECTURE_SOLUTION;
    train_core *core = train_core_create(&se, err, sizeof err);
    ck_assert_msg(core != NULL, "%s", err);
    train_core_fill(core, &s);
    train_core_destroy(core);
    ck_assert_ptr_eq(s.scene, &scene_semicircle);
    ui_layout L;
    ui_layout_compute(1280, 800, 1.0f, 0, &L);
    const ui_controls_state st = {.token = 0};
    ui_controls_init(&c);
    ui_controls_sync(&c, &L, &s, &st);
    const ui_widget *w = &c.w[UI_W_PRESET];
    ck_assert_int_eq(w->n_items, scene_semicircle.n_presets);
    ck_assert_int_eq(w->n_items, DATA_PRESET_COUNT);
    for (int i = 0; i < w->n_items; i++) {
        ck_assert_str_eq(w->items[i], scene_semicircle.presets[i].name);
        ck_assert_str_eq(w->items[i], data_preset_name((data_preset)i));
        ck_assert_int_eq(c.preset_file[i], 0);
    }
    ck_assert_int_eq(w->index, DATA_PRESET_LECTURE_SOLUTION);

    const char names[3][UI_PRESET_NAME] = {"class-7", "lecture-start", "noisy"};
    ui_controls_set_presets(&c, names, 3);
    ui_controls_sync(&c, &L, &s, &st);
    ck_assert_int_eq(w->n_items, DATA_PRESET_COUNT + 2);
    ck_assert_int_eq(c.preset_file[DATA_PRESET_LECTURE_START], 1);
    ck_assert_int_eq(c.preset_file[DATA_PRESET_LECTURE_SOLUTION], 0);
    ck_assert_str_eq(w->items[DATA_PRESET_LECTURE_START], "lecture-start");
    ck_assert_str_eq(w->items[DATA_PRESET_LECTURE_SOLUTION], "lecture-solution");
    ck_assert_str_eq(w->items[DATA_PRESET_COUNT], "class-7");
    ck_assert_str_eq(w->items[DATA_PRESET_COUNT + 1], "noisy");
    ck_assert_int_eq(c.preset_file[DATA_PRESET_COUNT + 1], 1);

    /* another scene: its presets, and every file follows them (none is named like one) */
    s.scene = &scene_universal;
    s.preset = scene_universal.n_presets - 1;
    ui_controls_sync(&c, &L, &s, &st);
    ck_assert_int_eq(w->n_items, scene_universal.n_presets + 3);
    for (int i = 0; i < scene_universal.n_presets; i++) {
        ck_assert_str_eq(w->items[i], scene_universal.presets[i].name);
        ck_assert_int_eq(c.preset_file[i], 0);
    }
    ck_assert_str_eq(w->items[scene_universal.n_presets + 1], "lecture-start");
    ck_assert_int_eq(w->index, scene_universal.n_presets - 1);
    /* the universal scene has target noise but no radius jitter: that slider is dimmed */
    ck_assert(c.w[UI_W_NOISE].enabled);
    ck_assert(!c.w[UI_W_JITTER].enabled);
    s.scene = &scene_semicircle;
    ui_controls_sync(&c, &L, &s, &st);
    ck_assert(c.w[UI_W_NOISE].enabled && c.w[UI_W_JITTER].enabled);
}
END_TEST

/* Each slider's span is ranges.h's and lies inside what the command line and session files accept,
 * so that no value a slider can send is refused, and the window starts with them. */
START_TEST(slider_spans_lie_within_the_accepted_ranges)
{
    static ui_controls c;
    ui_controls_init(&c);
    const struct {
        int widget;
        const ui_slider_spec *spec;
        range_id range;
        double lo, hi;
    } sl[] = {
        {UI_W_LR, &ui_spec_lr, RANGE_LR, RANGE_LR_SLIDER_MIN, RANGE_LR_SLIDER_MAX},
        {UI_W_GAIN, &ui_spec_gain, RANGE_GAIN, RANGE_GAIN_SLIDER_MIN, RANGE_GAIN_SLIDER_MAX},
        {UI_W_HIDDEN, &ui_spec_hidden, RANGE_HIDDEN, RANGE_HIDDEN_SLIDER_MIN, RANGE_HIDDEN_SLIDER_MAX},
        {UI_W_TOKENS, &ui_spec_tokens, RANGE_TOKENS, RANGE_TOKENS_SLIDER_MIN, RANGE_TOKENS_SLIDER_MAX},
        {UI_W_SPEED, &ui_spec_speed, RANGE_SPEED, RANGE_SPEED_SLIDER_MIN, RANGE_SPEED_SLIDER_MAX},
    };
    for (size_t i = 0; i < sizeof sl / sizeof sl[0]; i++) {
        const ui_slider_spec *sp = sl[i].spec;
        ck_assert_msg(sp->lo == sl[i].lo && sp->hi == sl[i].hi, "slider %d: its span is not ranges.h's", sl[i].widget);
        ck_assert_msg(c.w[sl[i].widget].spec.lo == sp->lo && c.w[sl[i].widget].spec.hi == sp->hi,
                      "widget %d does not use its spec", sl[i].widget);
        ck_assert(sp->lo < sp->hi);
        ck_assert_msg(range_ok(sl[i].range, sp->lo) && range_ok(sl[i].range, sp->hi),
                      "%s: slider %g..%g outside %g..%g", range_table[sl[i].range].name, sp->lo, sp->hi,
                      range_table[sl[i].range].lo, range_table[sl[i].range].hi);
        if (sp->integer)
            ck_assert(sp->lo == floor(sp->lo) && sp->hi == floor(sp->hi));
    }
    /* the speed slider's top end sends 0, unlimited, which the table accepts too */
    ck_assert(range_ok(RANGE_SPEED, 0.0));
}
END_TEST

START_TEST(controls_follow_the_snapshot)
{
    static session se;
    static snap s;
    char err[256];
    session_default(&se);
    se.gain = 7.5;
    se.lr = 0.05;
    se.freeze = (train_freeze){0, 2};
    train_core *c = train_core_create(&se, err, sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    train_core_fill(c, &s);
    train_core_destroy(c);
    ui_controls ctl;
    ui_controls_init(&ctl);
    ui_layout L;
    for (int lecture = 0; lecture < 2; lecture++) {
        ui_layout_compute(1280, 800, 1.0f, lecture ? UI_LAYOUT_LECTURE : 0, &L);
        ui_controls_state st = {.lecture_tab = lecture, .phase = LECT_LAYER2, .token = 6, .unit = 1, .recording = 1};
        ui_controls_sync(&ctl, &L, &s, &st);
        for (int i = 0; i < UI_W_COUNT; i++) {
            ck_assert_int_eq(ctl.w[i].visible, L.visible[i]);
            ck_assert_int_eq(ctl.w[i].rect.x, L.widget[i].x);
        }
        ck_assert_int_eq(ctl.w[UI_W_TAB_LECTURE].on, lecture);
        ck_assert_int_eq(ctl.w[UI_W_TAB_TRAIN].on, !lecture);
    }
    ck_assert_double_eq(ctl.w[UI_W_GAIN].value, 7.5);
    ck_assert_double_eq(ctl.w[UI_W_LR].value, 0.05);
    ck_assert_str_eq(ctl.w[UI_W_LR].value_text, "0.05");
    ck_assert_int_eq(ctl.w[UI_W_RECORD].on, 1);
    /* "only one unit" names the unit the snapshot trains */
    ck_assert_int_eq(ctl.w[UI_W_FREEZE].index, 3);
    ck_assert_str_eq(ctl.w[UI_W_FREEZE].items[3], "only unit 3");
    /* the probe slider spans the task's arc and shows the selected token's θ while the probe is off */
    ck_assert_double_eq(ctl.w[UI_W_THETA].spec.lo, s.spec.theta_min);
    ck_assert_double_eq(ctl.w[UI_W_THETA].spec.hi, s.spec.theta_max);
    ck_assert_double_eq(ctl.w[UI_W_THETA].value, s.theta[6]);
    ck_assert_ptr_nonnull(strstr(ctl.w[UI_W_THETA].value_text, "off"));
    /* the phase button names the phase it goes to */
    ck_assert_ptr_nonnull(strstr(ctl.w[UI_W_PHASE].label, "layer 1"));
    /* a value sent but not yet in the snapshot */
    ui_controls_show_value(&ctl, UI_W_SPEED, RANGE_SPEED_SLIDER_MAX);
    ck_assert_str_eq(ctl.w[UI_W_SPEED].value_text, "unlimited");
    ui_controls_show_value(&ctl, UI_W_SPEED, 500);
    ck_assert_str_eq(ctl.w[UI_W_SPEED].value_text, "500 steps/s");
    ui_controls_show_value(&ctl, UI_W_SPEED, 1.0);
    ck_assert_str_eq(ctl.w[UI_W_SPEED].value_text, "1 step/s");
}
END_TEST

/* The η slider's mark sits at limit/λ_max of the trainer's λ_max (2/λ for gd), where the track puts that η;
 * none for adam, which has no such limit. */
START_TEST(eta_slider_marks_the_edge)
{
    static session se;
    static snap s;
    static ui_controls c;
    char err[256];
    session_default(&se);
    train_core *core = train_core_create(&se, err, sizeof err);
    ck_assert_msg(core != NULL, "%s", err);
    train_core_refresh_curv(core, 1);
    train_core_fill(core, &s);
    train_core_destroy(core);
    ck_assert(s.curv.at == 0 && s.curv.lambda_max > 0);
    ui_layout L;
    ui_layout_compute(1280, 720, 1.0f, 0, &L);
    const ui_controls_state st = {.token = 0};
    ui_controls_init(&c);
    ui_controls_sync(&c, &L, &s, &st);
    const ui_widget *w = &c.w[UI_W_LR];
    const double edge = 2.0 / s.curv.lambda_max;
    ck_assert(w->has_mark && w->mark == edge);
    const SDL_Rect t = ui_slider_track(w->rect, L.scale);
    ck_assert(t.w > 0);
    const float mx = ui_slider_mark_x(&w->spec, t, w->has_mark, w->mark);
    ck_assert(mx >= (float)t.x && mx <= (float)(t.x + t.w));
    ck_assert(fabs(ui_slider_value_at(&w->spec, t, mx) - edge) < 0.05 * edge); /* the pixel reads back as 2/λ */
    s.opt = NN_OPT_ADAM;
    ui_controls_sync(&c, &L, &s, &st);
    ck_assert(!w->has_mark && ui_slider_mark_x(&w->spec, t, w->has_mark, w->mark) < 0);
}
END_TEST

static Suite *ui_suite(void)
{
    Suite *s = suite_create("ui");
    /* no Check timeout: meson's, scaled for slow builds, governs (layout loops are slow under sanitizers) */
    TCase *t = tcase_create("slider");
    tcase_set_timeout(t, 0);
    tcase_add_test(t, slider_linear_ends_and_clamping);
    tcase_add_test(t, slider_linear_round_trip);
    tcase_add_test(t, slider_log_scale);
    tcase_add_test(t, slider_log_integer_round_trip);
    tcase_add_test(t, slider_pixels);
    suite_add_tcase(s, t);
    t = tcase_create("events");
    tcase_set_timeout(t, 0);
    tcase_add_test(t, rect_contains_edges);
    tcase_add_test(t, button_and_toggle_events);
    tcase_add_test(t, slider_drag_events);
    tcase_add_test(t, chooser_events);
    tcase_add_test(t, chooser_list_flips_up_near_the_bottom);
    suite_add_tcase(s, t);
    t = tcase_create("keymap");
    tcase_set_timeout(t, 0);
    tcase_add_test(t, keymap_every_key);
    tcase_add_test(t, keymap_repeats_only_steps_and_nudges);
    tcase_add_test(t, keymap_help_lists_the_keys);
    suite_add_tcase(s, t);
    t = tcase_create("layout");
    tcase_set_timeout(t, 0);
    tcase_add_test(t, layout_sizes);
    tcase_add_test(t, layout_reflows_every_size);
    tcase_add_test(t, layout_presenter_is_larger);
    tcase_add_test(t, default_scale_from_dpi_and_size);
    tcase_add_test(t, layout_presenter_reads_on_a_projector);
    suite_add_tcase(s, t);
    t = tcase_create("controls");
    tcase_set_timeout(t, 0);
    tcase_add_test(t, freeze_items_round_trip);
    tcase_add_test(t, controls_follow_the_snapshot);
    tcase_add_test(t, slider_spans_lie_within_the_accepted_ranges);
    tcase_add_test(t, preset_chooser_lists_the_scene_presets);
    tcase_add_test(t, eta_slider_marks_the_edge);
    suite_add_tcase(s, t);
    return s;
}


int main(void)
{
    SRunner *sr = srunner_create(ui_suite());
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
