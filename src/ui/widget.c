/* widget: buttons, toggles, sliders (linear or log) and choosers with hover, press and drag state.
 * The value math and hit tests are pure (any thread); event handling and drawing are main thread only.
 * Invariants: a slider's value always lies in [lo, hi] and is rounded as its spec says; at most one
 * widget is pressed and at most one chooser is open at a time. */
#include "ui/widget.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "render/layer.h"

/* Logical sizes (× scale). */
#define CAPTION_H 19.0f  /* caption band above a slider's track or a chooser's box */
#define TRACK_INSET 10.0f
#define TRACK_W 4.0f
#define THUMB_R 8.0f
#define ITEM_H 26.0f
#define CORNER 5.0f
#define FONT 13.0f

/* ---- slider value <-> position ---- */

static double clamp01(double f) { return f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f; }

double ui_slider_frac(const ui_slider_spec *sp, double v)
{
    assert(sp->lo < sp->hi && (sp->kind == UI_SCALE_LINEAR || sp->lo > 0.0));
    if (!(v > sp->lo)) /* NaN too */
        return 0.0;
    if (v >= sp->hi)
        return 1.0;
    if (sp->kind == UI_SCALE_LOG)
        return clamp01(log(v / sp->lo) / log(sp->hi / sp->lo));
    return clamp01((v - sp->lo) / (sp->hi - sp->lo));
}

/* v rounded to d significant digits, through an exact power of ten so that e.g. 0.02 comes
 * out as the double nearest to 0.02. */
static double round_digits(double v, int d)
{
    if (v == 0.0 || !isfinite(v))
        return v;
    const int e = (int)floor(log10(fabs(v))) - d + 1;
    if (e < 0) {
        const double k = pow(10.0, -e);
        return round(v * k) / k;
    }
    const double k = pow(10.0, e);
    return round(v / k) * k;
}

double ui_slider_value(const ui_slider_spec *sp, double f)
{
    assert(sp->lo < sp->hi && (sp->kind == UI_SCALE_LINEAR || sp->lo > 0.0));
    f = clamp01(f);
    double v;
    if (f == 0.0)
        v = sp->lo;
    else if (f == 1.0)
        v = sp->hi;
    else if (sp->kind == UI_SCALE_LOG)
        v = sp->lo * exp(f * log(sp->hi / sp->lo));
    else
        v = sp->lo + f * (sp->hi - sp->lo);
    if (sp->integer)
        v = round(v);
    if (sp->digits > 0)
        v = round_digits(v, sp->digits);
    return v < sp->lo ? sp->lo : v > sp->hi ? sp->hi : v;
}

SDL_Rect ui_slider_track(SDL_Rect widget, float scale)
{
    const int inset = (int)lroundf(TRACK_INSET * scale);
    const int top = (int)lroundf(CAPTION_H * scale);
    SDL_Rect t = {widget.x + inset, widget.y + top, widget.w - 2 * inset, widget.h - top};
    if (t.w < 1)
        t.w = 1;
    if (t.h < 1)
        t.h = 1;
    return t;
}

float ui_slider_x(const ui_slider_spec *sp, SDL_Rect track, double v)
{
    return (float)track.x + (float)(ui_slider_frac(sp, v) * (double)track.w);
}

double ui_slider_value_at(const ui_slider_spec *sp, SDL_Rect track, float x)
{
    return ui_slider_value(sp, ((double)x - (double)track.x) / (double)track.w);
}

/* ---- hit tests ---- */

float ui_slider_mark_x(const ui_slider_spec *sp, SDL_Rect track, int has_mark, double mark)
{
    if (!has_mark || !(mark >= sp->lo && mark <= sp->hi))
        return -1;
    return ui_slider_x(sp, track, mark);
}

int ui_rect_contains(SDL_Rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static SDL_Rect chooser_box(SDL_Rect widget, float scale)
{
    const int top = (int)lroundf(CAPTION_H * scale);
    SDL_Rect b = {widget.x, widget.y + top, widget.w, widget.h - top};
    return b;
}

SDL_Rect ui_chooser_item_rect(SDL_Rect widget, float scale, int n_items, int i, int win_h)
{
    assert(n_items > 0 && i >= 0 && i < n_items);
    const SDL_Rect box = chooser_box(widget, scale);
    const int ih = (int)lroundf(ITEM_H * scale);
    SDL_Rect r = {box.x, box.y + box.h + i * ih, box.w, ih};
    if (box.y + box.h + n_items * ih > win_h && box.y - n_items * ih >= 0)
        r.y = box.y - (n_items - i) * ih;
    return r;
}

/* ---- a set of widgets ---- */

void ui_widgets_init(ui_widgets *ws, ui_widget *w, int n)
{
    assert(ws && w && n > 0);
    memset(ws, 0, sizeof *ws);
    ws->w = w;
    ws->n = n;
    ws->hot = ws->pressed = ws->open = ws->open_hot = -1;
    ws->scale = 1.0f;
}

static int usable(const ui_widget *w) { return w->visible && w->enabled; }

static int widget_at(const ui_widgets *ws, int x, int y)
{
    for (int i = 0; i < ws->n; i++)
        if (usable(&ws->w[i]) && ui_rect_contains(ws->w[i].rect, x, y))
            return i;
    return -1;
}

static int open_item_at(const ui_widgets *ws, int x, int y)
{
    if (ws->open < 0)
        return -1;
    const ui_widget *c = &ws->w[ws->open];
    for (int i = 0; i < c->n_items; i++)
        if (ui_rect_contains(ui_chooser_item_rect(c->rect, ws->scale, c->n_items, i, ws->win_h), x, y))
            return i;
    return -1;
}

/* A slider follows the mouse while pressed; reports only real changes of value. */
static ui_event_result slider_to(ui_widgets *ws, int id, int x)
{
    ui_event_result res = {.consumed = 1, .id = id};
    ui_widget *w = &ws->w[id];
    const double v = ui_slider_value_at(&w->spec, ui_slider_track(w->rect, ws->scale), (float)x);
    if (v != w->value) {
        w->value = v;
        res.changed = 1;
        res.value = v;
    }
    return res;
}

ui_event_result ui_widgets_event(ui_widgets *ws, const SDL_Event *e)
{
    ui_event_result res = {.id = -1};
    switch (e->type) {
    case SDL_MOUSEMOTION: {
        const int x = e->motion.x, y = e->motion.y;
        if (ws->open >= 0) {
            ws->open_hot = open_item_at(ws, x, y);
            ws->hot = widget_at(ws, x, y);
            res.consumed = ws->open_hot >= 0;
            return res;
        }
        ws->hot = widget_at(ws, x, y);
        if (ws->pressed >= 0) {
            res.consumed = 1;
            if (ws->w[ws->pressed].kind == UI_SLIDER)
                return slider_to(ws, ws->pressed, x);
        }
        res.consumed |= ws->hot >= 0;
        return res;
    }
    case SDL_MOUSEBUTTONDOWN: {
        const int x = e->button.x, y = e->button.y;
        if (e->button.button != SDL_BUTTON_LEFT)
            return res;
        if (ws->open >= 0) {
            /* A click while a list shows picks an item or just closes the list. */
            const int item = open_item_at(ws, x, y), id = ws->open;
            ws->open = ws->open_hot = -1;
            res.consumed = 1;
            if (item >= 0 && item != ws->w[id].index) {
                ws->w[id].index = item;
                res.changed = 1;
                res.id = id;
                res.index = item;
            }
            return res;
        }
        const int id = widget_at(ws, x, y);
        if (id < 0)
            return res;
        ws->pressed = id;
        res.consumed = 1;
        if (ws->w[id].kind == UI_SLIDER)
            return slider_to(ws, id, x);
        return res;
    }
    case SDL_MOUSEBUTTONUP: {
        if (e->button.button != SDL_BUTTON_LEFT || ws->pressed < 0)
            return res;
        const int id = ws->pressed, x = e->button.x, y = e->button.y;
        ui_widget *w = &ws->w[id];
        ws->pressed = -1;
        res.consumed = 1;
        res.id = id;
        /* Buttons act on release inside, so a press can be taken back by moving away. */
        if (!ui_rect_contains(w->rect, x, y) || !usable(w))
            return res;
        switch (w->kind) {
        case UI_BUTTON: res.changed = 1; break;
        case UI_TOGGLE:
            w->on = !w->on;
            res.changed = 1;
            res.index = w->on;
            break;
        case UI_CHOOSER:
            ws->open = id;
            ws->open_hot = -1;
            break;
        case UI_SLIDER: break;
        }
        return res;
    }
    case SDL_KEYDOWN:
        if (e->key.keysym.sym == SDLK_ESCAPE && ws->open >= 0) {
            ws->open = ws->open_hot = -1;
            res.consumed = 1;
        }
        return res;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_LEAVE)
            ws->hot = -1;
        return res;
    default: return res;
    }
}

int ui_widgets_busy(const ui_widgets *ws) { return ws->pressed >= 0 || ws->open >= 0; }

/* ---- drawing ---- */

static SDL_Color face_colour(const ui_widgets *ws, int id, const draw_palette *pal)
{
    if (!ws->w[id].enabled)
        return pal->bg;
    if (ws->pressed == id)
        return draw_mix(pal->panel, pal->text, 0.18f);
    if (ws->hot == id)
        return draw_mix(pal->panel, pal->text, 0.08f);
    return pal->panel;
}

/* The left edge of a slider's mark, on a whole pixel; -1 for none. The mark moves with every
 * step (λ_max does), its tick only when it crosses a pixel: ui_widgets_key keys on this. */
static float mark_left(const ui_widget *w, SDL_Rect track, float s)
{
    const float mx = ui_slider_mark_x(&w->spec, track, w->has_mark, w->mark);
    return mx >= 0 ? fmaxf(0, floorf(mx - s)) : -1;
}

static void shapes(const ui_widgets *ws, int id, draw_list *dl, const draw_palette *pal)
{
    const ui_widget *w = &ws->w[id];
    const float s = ws->scale;
    const float lw = 1.0f * s * pal->line_gain;
    const SDL_Rect r = w->rect;
    switch (w->kind) {
    case UI_BUTTON:
    case UI_TOGGLE: {
        SDL_Color fill = face_colour(ws, id, pal);
        if (w->kind == UI_TOGGLE && w->on)
            fill = ws->pressed == id ? draw_mix(pal->info_bg, pal->text, 0.3f) : pal->info_bg;
        draw_round_rect(dl, (float)r.x, (float)r.y, (float)r.w, (float)r.h, CORNER * s, fill);
        draw_round_rect_outline(dl, (float)r.x, (float)r.y, (float)r.w, (float)r.h, CORNER * s, lw,
                                ws->hot == id ? pal->axis : pal->frame);
        break;
    }
    case UI_SLIDER: {
        const SDL_Rect t = ui_slider_track(r, s);
        const float cy = (float)t.y + (float)t.h * 0.5f;
        const float tx = ui_slider_x(&w->spec, t, w->value);
        const float tw = TRACK_W * s;
        draw_round_rect(dl, (float)t.x, cy - tw * 0.5f, (float)t.w, tw, tw * 0.5f, pal->frame);
        draw_round_rect(dl, (float)t.x, cy - tw * 0.5f, tx - (float)t.x, tw, tw * 0.5f, pal->pred);
        const float mx = mark_left(w, t, s);
        if (mx >= 0) /* a red tick across the track, under the thumb: where η·λ_max reaches the limit */
            draw_fill_rect(dl, mx, cy - 7.0f * s, fmaxf(2, floorf(2.0f * s)), 14.0f * s, pal->error);
        const float tr = THUMB_R * s * (ws->pressed == id ? 1.2f : 1.0f);
        if (ws->hot == id || ws->pressed == id)
            draw_circle(dl, tx, cy, tr + 4.0f * s, pal->hover);
        draw_circle(dl, tx, cy, tr, pal->panel);
        draw_ring(dl, tx, cy, tr, 2.0f * s * pal->line_gain, pal->pred);
        break;
    }
    case UI_CHOOSER: {
        const SDL_Rect b = chooser_box(r, s);
        draw_round_rect(dl, (float)b.x, (float)b.y, (float)b.w, (float)b.h, CORNER * s, face_colour(ws, id, pal));
        draw_round_rect_outline(dl, (float)b.x, (float)b.y, (float)b.w, (float)b.h, CORNER * s, lw,
                                ws->hot == id || ws->open == id ? pal->axis : pal->frame);
        /* a small down-pointing triangle at the right */
        const float ax = (float)(b.x + b.w) - 14.0f * s, ay = (float)b.y + (float)b.h * 0.5f;
        const float tri[6] = {ax - 5.0f * s, ay - 2.5f * s, ax + 5.0f * s, ay - 2.5f * s, ax, ay + 3.5f * s};
        draw_convex(dl, tri, 3, pal->text_dim);
        break;
    }
    }
}

static int texts(const ui_widgets *ws, int id, text_cache *tc, const draw_palette *pal)
{
    const ui_widget *w = &ws->w[id];
    const float s = ws->scale;
    const SDL_Rect r = w->rect;
    const SDL_Color ink = w->enabled ? pal->text : pal->text_dim;
    int rc = 0;
    switch (w->kind) {
    case UI_BUTTON:
    case UI_TOGGLE: {
        const char *label = w->kind == UI_TOGGLE && w->on && w->label_on ? w->label_on : w->label;
        const SDL_Color c = w->kind == UI_TOGGLE && w->on ? pal->banner_text : ink;
        rc |= text_draw(tc, TEXT_BOLD, FONT, label, (float)r.x + (float)r.w * 0.5f, (float)r.y + (float)r.h * 0.5f,
                        TEXT_CENTER | TEXT_MIDDLE, c, NULL);
        break;
    }
    case UI_SLIDER: {
        /* the value is what changes: it keeps its room, and a label too long for the rest ends in "…" */
        int vw = 0, vh = 0;
        rc |= text_measure(tc, TEXT_BOLD, FONT, w->value_text, &vw, &vh);
        char label[128];
        rc |= text_fit(tc, TEXT_SANS, FONT, w->label, (float)(r.w - vw) - 8.0f * s, label, sizeof label);
        rc |= text_draw(tc, TEXT_SANS, FONT, label, (float)r.x, (float)r.y, TEXT_LEFT | TEXT_TOP, ink, NULL);
        rc |= text_draw(tc, TEXT_BOLD, FONT, w->value_text, (float)(r.x + r.w), (float)r.y, TEXT_RIGHT | TEXT_TOP,
                        ink, NULL);
        break;
    }
    case UI_CHOOSER: {
        const SDL_Rect b = chooser_box(r, s);
        rc |= text_draw(tc, TEXT_SANS, FONT, w->label, (float)r.x, (float)r.y, TEXT_LEFT | TEXT_TOP, ink, NULL);
        rc |= text_draw(tc, TEXT_BOLD, FONT, w->items[w->index], (float)b.x + 10.0f * s,
                        (float)b.y + (float)b.h * 0.5f, TEXT_LEFT | TEXT_MIDDLE, ink, NULL);
        break;
    }
    }
    return rc;
}

static int draw_open_list(const ui_widgets *ws, SDL_Renderer *r, draw_list *dl, text_cache *tc,
                          const draw_palette *pal)
{
    const ui_widget *c = &ws->w[ws->open];
    const float s = ws->scale;
    const SDL_Rect first = ui_chooser_item_rect(c->rect, s, c->n_items, 0, ws->win_h);
    const SDL_Rect last = ui_chooser_item_rect(c->rect, s, c->n_items, c->n_items - 1, ws->win_h);
    const float h = (float)(last.y + last.h - first.y);
    draw_round_rect(dl, (float)first.x + 2.0f * s, (float)first.y + 3.0f * s, (float)first.w, h, CORNER * s,
                    draw_alpha(pal->text, 0.25f)); /* shadow */
    draw_round_rect(dl, (float)first.x, (float)first.y, (float)first.w, h, CORNER * s, pal->panel);
    for (int i = 0; i < c->n_items; i++) {
        const SDL_Rect ir = ui_chooser_item_rect(c->rect, s, c->n_items, i, ws->win_h);
        if (i == ws->open_hot)
            draw_fill_rect(dl, (float)ir.x, (float)ir.y, (float)ir.w, (float)ir.h, pal->hover);
        if (i == c->index)
            draw_fill_rect(dl, (float)ir.x, (float)ir.y, 4.0f * s, (float)ir.h, pal->pred);
    }
    draw_round_rect_outline(dl, (float)first.x, (float)first.y, (float)first.w, h, CORNER * s,
                            1.0f * s * pal->line_gain, pal->axis);
    int rc = draw_list_flush(dl, r);
    for (int i = 0; i < c->n_items; i++) {
        const SDL_Rect ir = ui_chooser_item_rect(c->rect, s, c->n_items, i, ws->win_h);
        rc |= text_draw(tc, i == c->index ? TEXT_BOLD : TEXT_SANS, FONT, c->items[i], (float)ir.x + 10.0f * s,
                        (float)ir.y + (float)ir.h * 0.5f, TEXT_LEFT | TEXT_MIDDLE, pal->text, NULL);
    }
    return rc;
}

int ui_widgets_draw(const ui_widgets *ws, SDL_Renderer *r, draw_list *dl, text_cache *tc,
                    const draw_palette *pal)
{
    for (int i = 0; i < ws->n; i++)
        if (ws->w[i].visible)
            shapes(ws, i, dl, pal);
    int rc = draw_list_flush(dl, r);
    for (int i = 0; i < ws->n; i++)
        if (ws->w[i].visible)
            rc |= texts(ws, i, tc, pal);
    return rc ? -1 : 0;
}

uint64_t ui_widgets_key(const ui_widgets *ws, const draw_palette *pal, uint64_t h)
{
    h = draw_layer_hash(h, pal, sizeof *pal);
    const int state[4] = {ws->n, ws->hot, ws->pressed, ws->open};
    h = draw_layer_hash(h, state, sizeof state);
    h = draw_layer_hash(h, &ws->scale, sizeof ws->scale);
    for (int i = 0; i < ws->n; i++) {
        const ui_widget *w = &ws->w[i];
        const int v[8] = {(int)w->kind, w->visible, w->enabled, w->on, w->has_mark, w->n_items, w->index,
                          (int)w->spec.kind};
        h = draw_layer_hash(h, v, sizeof v);
        if (!w->visible)
            continue;
        const int rect[4] = {w->rect.x, w->rect.y, w->rect.w, w->rect.h};
        h = draw_layer_hash(h, rect, sizeof rect);
        if (w->kind == UI_SLIDER) { /* where the thumb and the mark are drawn, not the values behind them */
            const SDL_Rect t = ui_slider_track(w->rect, ws->scale);
            const float at[2] = {ui_slider_x(&w->spec, t, w->value), mark_left(w, t, ws->scale)};
            h = draw_layer_hash(h, at, sizeof at);
        }
        h = draw_layer_hash_str(h, w->label);
        h = draw_layer_hash_str(h, w->label_on);
        h = draw_layer_hash_str(h, w->value_text);
        h = draw_layer_hash_str(h, w->kind == UI_CHOOSER && w->index >= 0 && w->index < w->n_items ? w->items[w->index]
                                                                                                  : NULL);
    }
    return h;
}

int ui_widgets_draw_popup(const ui_widgets *ws, SDL_Renderer *r, draw_list *dl, text_cache *tc,
                          const draw_palette *pal)
{
    if (ws->open < 0)
        return 0;
    return draw_open_list(ws, r, dl, tc, pal) ? -1 : 0;
}
