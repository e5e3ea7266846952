/* widget: buttons, toggles, sliders (linear or log) and choosers with hover, press and drag state.
 * The value math and hit tests are pure (any thread); event handling and drawing are main thread only.
 * Invariants: a slider's value always lies in [lo, hi] and is rounded as its spec says; at most one
 * widget is pressed and at most one chooser is open at a time. */
#ifndef UI_WIDGET_H
#define UI_WIDGET_H

#include <SDL.h>
#include <stdint.h>

#include "render/draw.h"
#include "render/text.h"

/* ---- slider value <-> position ---- */

typedef enum { UI_SCALE_LINEAR, UI_SCALE_LOG } ui_scale_kind;

typedef struct {
    double lo, hi;      /* lo < hi; a log scale needs lo > 0 */
    ui_scale_kind kind;
    int integer;        /* values are whole numbers */
    int digits;         /* > 0: values rounded to that many significant digits */
} ui_slider_spec;

/* Fraction of the track, 0 at lo and 1 at hi; values outside [lo, hi] clamp to the ends. */
double ui_slider_frac(const ui_slider_spec *sp, double v);
/* The value at fraction f of the track (clamped to [0, 1]), rounded as the spec says. */
double ui_slider_value(const ui_slider_spec *sp, double f);
/* The track inside a slider widget's rectangle: the lower part, inset so that the thumb fits. */
SDL_Rect ui_slider_track(SDL_Rect widget, float scale);
/* Pixel x of value v on the track, and the value at pixel x (clamped to the track's ends). */
float ui_slider_x(const ui_slider_spec *sp, SDL_Rect track, double v);
double ui_slider_value_at(const ui_slider_spec *sp, SDL_Rect track, float x);
/* Pixel x of a slider's mark on the track; -1 when it has none or the mark lies outside [lo, hi]. */
float ui_slider_mark_x(const ui_slider_spec *sp, SDL_Rect track, int has_mark, double mark);

/* ---- hit tests ---- */

int ui_rect_contains(SDL_Rect r, int x, int y);
/* The rectangle of item i of a chooser's open list: below the box, or above it when the list
 * would leave the window (win_h pixels tall). */
SDL_Rect ui_chooser_item_rect(SDL_Rect widget, float scale, int n_items, int i, int win_h);

/* ---- a set of widgets ---- */

typedef enum { UI_BUTTON, UI_TOGGLE, UI_SLIDER, UI_CHOOSER } ui_kind;

typedef struct {
    ui_kind kind;
    const char *label;   /* button text, or the caption above a slider or chooser */
    const char *label_on; /* toggle: text while on (label while off) */
    SDL_Rect rect;       /* whole area; set from the layout every frame */
    int visible;
    int enabled;
    /* toggle */
    int on;
    /* slider */
    ui_slider_spec spec;
    double value;
    char value_text[32]; /* drawn at the right of the caption */
    int has_mark;        /* a value marked on the track: η's stability edge 2/λ_max (ui_slider_mark_x) */
    double mark;
    /* chooser */
    const char *const *items;
    int n_items;
    int index;
} ui_widget;

typedef struct {
    ui_widget *w; /* (n) */
    int n;
    int hot;      /* under the mouse, -1 none */
    int pressed;  /* mouse went down on it and is still down, -1 none */
    int open;     /* chooser whose list shows, -1 none */
    int open_hot; /* item under the mouse in the open list, -1 none */
    float scale;
    int win_h;
} ui_widgets;

/* What an event did to the set. */
typedef struct {
    int consumed; /* the event belonged to a widget: the panels must not see it */
    int changed;  /* widget `id` was activated or took a new value */
    int id;
    double value; /* slider: the new value */
    int index;    /* chooser: the new item; toggle: the new state */
} ui_event_result;

void ui_widgets_init(ui_widgets *ws, ui_widget *w, int n);
/* Mouse motion, buttons and Escape (closes an open list). Coordinates in renderer pixels. */
ui_event_result ui_widgets_event(ui_widgets *ws, const SDL_Event *e);
/* 1 while a slider is being dragged or a list is open (the window keeps redrawing). */
int ui_widgets_busy(const ui_widgets *ws);
/* Queues shapes into dl and draws text through tc (flushing dl before text so it lies on top).
 * 0 ok, -1 with SDL_GetError() set. */
int ui_widgets_draw(const ui_widgets *ws, SDL_Renderer *r, draw_list *dl, text_cache *tc,
                    const draw_palette *pal);
/* A key of everything ui_widgets_draw shows (rectangles, values, texts, hover and press, scale) on
 * pal: equal keys, the same picture (draw_layer). The open list is not in it: it is drawn apart. */
uint64_t ui_widgets_key(const ui_widgets *ws, const draw_palette *pal, uint64_t h);
/* The open chooser's list, if any: drawn last, over everything else. */
int ui_widgets_draw_popup(const ui_widgets *ws, SDL_Renderer *r, draw_list *dl, text_cache *tc,
                          const draw_palette *pal);

#endif
