/* layout: where every panel and control sits for a window size, UI scale and mode.
 * Any thread (pure arithmetic, no SDL calls); the window and the off-screen renderer both call it.
 * Invariants: every visible rectangle lies inside the window and no two of them overlap. */
#include "ui/layout.h"

#include <assert.h>
#include <math.h>
#include <string.h>

/* The design size: at scale 1 everything fits a 960 × 600 window. */
#define DESIGN_W 960.0f
#define DESIGN_H 600.0f

/* Logical sizes (multiplied by the scale). */
#define MARGIN 8.0f
#define GAP 8.0f
#define STATUS_H 28.0f
#define CONTROLS_W 236.0f
#define BUTTON_H 34.0f
#define SLIDER_H 46.0f
#define CHOOSER_H 50.0f
#define HINT_H 20.0f
#define BARS_MIN_H 150.0f /* the bars and loss row in the default layout */

/* Rectangles snap to whole pixels by their edges, so that touching rectangles never overlap. */
static draw_rect drect(float x, float y, float w, float h)
{
    draw_rect r = {floorf(x), floorf(y), floorf(x + w) - floorf(x), floorf(y + h) - floorf(y)};
    return r;
}

static SDL_Rect irect(float x, float y, float w, float h)
{
    const draw_rect d = drect(x, y, w, h);
    SDL_Rect r = {(int)d.x, (int)d.y, (int)d.w, (int)d.h};
    return r;
}

static float minf(float a, float b) { return a < b ? a : b; }
static float maxf(float a, float b) { return a > b ? a : b; }

/* The controls stacked in a column at (x, y) of width cw: run, step, reset in one row, then
 * the preset chooser, the four sliders and the two choosers, each the column's full width. */
static void stack_controls(ui_layout *out, float x, float y, float cw, float s)
{
    const float g = GAP * s;
    const float bw = (cw - 2.0f * g) / 3.0f;
    out->widget[UI_W_RUN] = irect(x, y, bw, BUTTON_H * s);
    out->widget[UI_W_STEP] = irect(x + bw + g, y, bw, BUTTON_H * s);
    out->widget[UI_W_RESET] = irect(x + 2.0f * (bw + g), y, x + cw - (x + 2.0f * (bw + g)), BUTTON_H * s);
    y += BUTTON_H * s + g;
    static const struct {
        ui_widget_id id;
        float h;
    } column[] = {
        {UI_W_PRESET, CHOOSER_H}, {UI_W_LR, SLIDER_H},    {UI_W_HIDDEN, SLIDER_H}, {UI_W_SPEED, SLIDER_H},
        {UI_W_TOKENS, SLIDER_H},  {UI_W_ACT, CHOOSER_H}, {UI_W_OPT, CHOOSER_H},
    };
    for (size_t i = 0; i < sizeof column / sizeof column[0]; i++) {
        out->widget[column[i].id] = irect(x, y, cw, column[i].h * s);
        y += column[i].h * s + g;
    }
    out->hint = irect(x, y, cw, HINT_H * s);
    for (int i = 0; i < UI_W_COUNT; i++)
        out->visible[i] = 1;
}

/* Four panels as in the lecture's figure: the two planes side by side on top (near square),
 * the bars under the input plane and the loss under the output plane; controls on the right. */
static void default_layout(ui_layout *out, float s)
{
    const float w = (float)out->w, h = (float)out->h;
    const float m = MARGIN * s, g = GAP * s;
    const float status_h = STATUS_H * s;
    const float cw = CONTROLS_W * s;

    out->view.status = drect(m, h - m - status_h, w - 2.0f * m, status_h);
    const float top = m, bottom = out->view.status.y - g; /* the main area's vertical extent */
    const float cx = w - m - cw;
    out->controls = irect(cx, top, cw, bottom - top);
    stack_controls(out, cx, top, cw, s);

    const float mw = cx - g - m, mh = bottom - top;
    const float pw = (mw - g) / 2.0f;
    const float ph = minf(pw, mh - g - BARS_MIN_H * s);
    const float lower = top + ph + g, lower_h = bottom - lower;
    out->view.input = drect(m, top, pw, ph);
    out->view.output = drect(m + pw + g, top, pw, ph);
    out->view.bars = drect(m, lower, pw, lower_h);
    out->view.loss = drect(m + pw + g, lower, pw, lower_h);
}

/* Presenter: the data flow in one row (input plane, bars, output plane) as large as it goes,
 * a short loss strip under it with run and step beside it, no other controls. */
static void presenter_layout(ui_layout *out, float s)
{
    const float w = (float)out->w, h = (float)out->h;
    const float m = MARGIN * s, g = GAP * s;
    const float status_h = STATUS_H * s;

    out->view.status = drect(m, h - m - status_h, w - 2.0f * m, status_h);
    const float bottom = out->view.status.y - g;
    const float strip_h = maxf(2.0f * BUTTON_H * s + g, 0.15f * h);
    const float strip_y = bottom - strip_h;
    const float bw = 110.0f * s;
    const float bx = w - m - bw;
    out->widget[UI_W_RUN] = irect(bx, strip_y, bw, BUTTON_H * s);
    out->widget[UI_W_STEP] = irect(bx, strip_y + BUTTON_H * s + g, bw, BUTTON_H * s);
    out->visible[UI_W_RUN] = out->visible[UI_W_STEP] = 1;
    out->controls = irect(bx, strip_y, bw, strip_h);
    out->view.loss = drect(m, strip_y, bx - g - m, strip_h);

    const float top = m, row_h = strip_y - g - top;
    const float mw = w - 2.0f * m;
    const float bars_w = maxf(mw - 2.0f * (row_h + g), 0.2f * mw);
    const float pw = (mw - bars_w - 2.0f * g) / 2.0f;
    out->view.input = drect(m, top, pw, row_h);
    out->view.bars = drect(m + pw + g, top, bars_w, row_h);
    out->view.output = drect(m + pw + g + bars_w + g, top, pw, row_h);
}

void ui_layout_compute(int w, int h, float scale, int presenter, ui_layout *out)
{
    assert(w > 0 && h > 0 && scale > 0.0f && out);
    memset(out, 0, sizeof *out);
    out->w = w;
    out->h = h;
    out->presenter = presenter != 0;
    /* Shrink the requested scale until the design fits; presenter mode grows it with the
     * window so that text stays legible from the back of a room (2 at 1080 rows). */
    const float fit = minf((float)w / DESIGN_W, (float)h / DESIGN_H);
    float s = minf(scale, fit);
    if (out->presenter)
        s = minf(maxf(s, (float)h / 540.0f), fit * 1.6f);
    s = maxf(s, 0.25f);
    out->scale = s;
    if (out->presenter)
        presenter_layout(out, s);
    else
        default_layout(out, s);
}
