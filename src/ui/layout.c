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
#define EQUATION_H 62.0f /* three lines of the phase's formula */
#define CONTROLS_W 236.0f
#define BUTTON_H 34.0f
#define TAB_H 28.0f
#define SLIDER_H 46.0f
#define CHOOSER_H 50.0f
#define HINT_H 20.0f
#define BARS_MIN_H 150.0f /* the bars and loss row in the default layout */
#define PRESENTER_BUTTON_W 110.0f

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

/* n equal cells of a row at (x, y), width cw, gap g: the last one takes the rounding. */
static void row_cells(ui_layout *out, const ui_widget_id *ids, int n, float x, float y, float cw, float h, float g)
{
    const float bw = (cw - (float)(n - 1) * g) / (float)n;
    for (int i = 0; i < n; i++) {
        const float cx = x + (float)i * (bw + g);
        out->widget[ids[i]] = irect(cx, y, i == n - 1 ? x + cw - cx : bw, h);
    }
}

typedef struct {
    ui_widget_id id; /* the first of `cells` widgets side by side */
    int cells;
    float h;
} column_row;

/* The controls stacked in a column at (x, y) of width cw: run, step, reset in one row, the two
 * tabs, then the shown tab's controls, each row the column's full width. */
static void stack_controls(ui_layout *out, float x, float y, float cw, float s, int lecture)
{
    const float g = GAP * s;
    static const ui_widget_id top[] = {UI_W_RUN, UI_W_STEP, UI_W_RESET};
    static const ui_widget_id tabs[] = {UI_W_TAB_TRAIN, UI_W_TAB_LECTURE};
    row_cells(out, top, 3, x, y, cw, BUTTON_H * s, g);
    y += BUTTON_H * s + g;
    row_cells(out, tabs, 2, x, y, cw, TAB_H * s, 0.0f);
    y += TAB_H * s + g;
    for (int i = UI_W_RUN; i <= UI_W_TAB_LECTURE; i++)
        out->visible[i] = 1;

    static const column_row train[] = {
        {UI_W_VIEW, 1, CHOOSER_H},   {UI_W_PRESET, 1, CHOOSER_H}, {UI_W_LR, 1, SLIDER_H},    {UI_W_HIDDEN, 1, SLIDER_H}, {UI_W_SPEED, 1, SLIDER_H},
        {UI_W_TOKENS, 1, SLIDER_H},  {UI_W_NOISE, 2, SLIDER_H},  {UI_W_ACT, 2, CHOOSER_H},
    };
    static const column_row lect[] = {
        {UI_W_VIEW, 1, CHOOSER_H}, {UI_W_PHASE, 1, BUTTON_H}, {UI_W_UNITWISE, 2, BUTTON_H}, {UI_W_THETA, 1, SLIDER_H},
        {UI_W_GAIN, 1, SLIDER_H},  {UI_W_FREEZE, 1, CHOOSER_H},  {UI_W_TWIN, 2, CHOOSER_H}, {UI_W_RECORD, 1, BUTTON_H},
    };
    const column_row *rows = lecture ? lect : train;
    const int n = lecture ? (int)(sizeof lect / sizeof lect[0]) : (int)(sizeof train / sizeof train[0]);
    for (int i = 0; i < n; i++) {
        ui_widget_id ids[2] = {rows[i].id, (ui_widget_id)(rows[i].id + 1)};
        row_cells(out, ids, rows[i].cells, x, y, cw, rows[i].h * s, g);
        for (int c = 0; c < rows[i].cells; c++)
            out->visible[ids[c]] = 1;
        y += rows[i].h * s + g;
    }
    out->hint = irect(x, y, cw, HINT_H * s);
}

/* The loss panel's place holds the loss or, on request, the σ panel. */
static void lower_right(ui_layout *out, draw_rect r)
{
    if (out->mode & UI_LAYOUT_SIGMA)
        out->view.sigma = r;
    else
        out->view.loss = r;
}

/* Four panels as in the lecture's figure: the two planes side by side on top (near square),
 * the bars under the input plane and the loss under the output plane, the equation strip under
 * them; controls on the right. */
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
    stack_controls(out, cx, top, cw, s, (out->mode & UI_LAYOUT_LECTURE) != 0);

    const float mw = cx - g - m;
    const float eq_h = EQUATION_H * s;
    out->view.equation = drect(m, bottom - eq_h, mw, eq_h);
    const float panels_bottom = out->view.equation.y - g, mh = panels_bottom - top;
    const float pw = (mw - g) / 2.0f;
    const float ph = minf(pw, mh - g - BARS_MIN_H * s);
    const float lower = top + ph + g, lower_h = panels_bottom - lower;
    out->view.input = drect(m, top, pw, ph);
    out->view.output = drect(m + pw + g, top, pw, ph);
    out->view.bars = drect(m, lower, pw, lower_h);
    lower_right(out, drect(m + pw + g, lower, pw, lower_h));
    out->view.page = drect(m, top, mw, panels_bottom - top);
}

/* Presenter, for a projector: the data flow in one row (input plane, bars, output plane) as large as
 * it goes, and under it a band with the equation strip, the loss (or σ) panel and the run, step and
 * phase buttons. Where the equation strip above a loss panel of PRESENTER_LOSS_MIN of the height
 * costs the planes little (4:3 screens, where they are as wide as they can be), the equation spans
 * the width and the buttons stand beside the loss; else (16:9) the band takes PRESENTER_BAND of the
 * height, the loss panel at its right as tall as the band, the equation and a row of buttons at its
 * left. Either way the loss curve gets a height a room can read. */
#define PRESENTER_BAND 0.22f     /* the band's least share of the height (the σ panel's: 0.28) */
#define PRESENTER_LOSS_MIN 0.2f  /* stacked: the loss panel's least share of the height */
#define PRESENTER_LOSS_W 0.26f   /* side by side: the loss panel's share of the width (the equation needs the rest) */
#define PRESENTER_PHASE_W 220.0f /* the phase button in a row: "Phase ▸ layer 1 (P)" */
static void presenter_layout(ui_layout *out, float s)
{
    const float w = (float)out->w, h = (float)out->h;
    const float m = MARGIN * s, g = GAP * s;
    const float status_h = STATUS_H * s, eq_h = EQUATION_H * s, button_h = BUTTON_H * s;

    out->view.status = drect(m, h - m - status_h, w - 2.0f * m, status_h);
    const float top = m, bottom = out->view.status.y - g;
    const float mw = w - 2.0f * m;
    /* the planes are as wide as the row allows once the bars take their least share: taller than
     * that (and a little) they would only gain empty room */
    const float bars_min = 0.2f * mw, pw_max = (mw - bars_min - 2.0f * g) / 2.0f;
    const float row_cap = 1.05f * pw_max, avail = bottom - top - g; /* the row and the band */
    const float share = (out->mode & UI_LAYOUT_SIGMA) ? 0.28f : PRESENTER_BAND;
    const float loss_min = (out->mode & UI_LAYOUT_SIGMA) ? share * h : PRESENTER_LOSS_MIN * h;
    const float side_row = minf(avail - maxf(eq_h + g + button_h, share * h), row_cap);
    const float stack_row = minf(avail - (eq_h + g + maxf(loss_min, 2.0f * button_h + g)), row_cap);
    /* stacked where it costs the planes little (4:3), side by side where the row would shrink (16:9) */
    const int stacked = stack_row >= 0.9f * side_row;
    const float row_h = stacked ? stack_row : side_row;
    const float band_y = top + row_h + g;

    const float bars_w = maxf(mw - 2.0f * (row_h + g), bars_min);
    const float pw = (mw - bars_w - 2.0f * g) / 2.0f;
    out->view.input = drect(m, top, pw, row_h);
    out->view.bars = drect(m + pw + g, top, bars_w, row_h);
    out->view.output = drect(m + pw + g + bars_w + g, top, pw, row_h);
    /* a page (diagram, ledger, …) takes the row's place; the band below keeps the equation, the loss
     * and the buttons a presenter steps with */
    out->view.page = drect(m, top, mw, row_h);
    out->visible[UI_W_RUN] = out->visible[UI_W_STEP] = out->visible[UI_W_PHASE] = 1;
    const float bw = PRESENTER_BUTTON_W * s;

    if (stacked) {
        /* stacked: the equation across, then the loss with run, step and phase at its right */
        out->view.equation = drect(m, band_y, mw, eq_h);
        const float low_y = band_y + eq_h + g, low_h = bottom - low_y;
        const float cw = 2.0f * bw + g, bx = w - m - cw;
        static const ui_widget_id pair[] = {UI_W_RUN, UI_W_STEP};
        row_cells(out, pair, 2, bx, low_y, cw, button_h, g);
        out->widget[UI_W_PHASE] = irect(bx, low_y + button_h + g, cw, button_h);
        out->controls = irect(bx, low_y, cw, 2.0f * button_h + g);
        lower_right(out, drect(m, low_y, bx - g - m, low_h));
        return;
    }
    /* side by side: the loss at the right as tall as the band; the equation and the buttons at its left */
    const float loss_w = PRESENTER_LOSS_W * mw, left_w = mw - g - loss_w;
    lower_right(out, drect(m + left_w + g, band_y, loss_w, bottom - band_y));
    const float buttons_y = bottom - button_h;
    out->view.equation = drect(m, band_y, left_w, buttons_y - g - band_y);
    const float phase_w = PRESENTER_PHASE_W * s;
    const float cw = minf(2.0f * bw + phase_w + 2.0f * g, left_w);
    const float unit = (cw - 2.0f * g) / (2.0f * bw + phase_w); /* narrower when the band is */
    out->widget[UI_W_RUN] = irect(m, buttons_y, bw * unit, button_h);
    out->widget[UI_W_STEP] = irect(m + bw * unit + g, buttons_y, bw * unit, button_h);
    out->widget[UI_W_PHASE] = irect(m + 2.0f * (bw * unit + g), buttons_y, cw - 2.0f * (bw * unit + g), button_h);
    out->controls = irect(m, buttons_y, cw, button_h);
}

float ui_default_scale(float dpi_scale, int w, int h)
{
    const float by_size = minf((float)w / (float)UI_SCALE_REF_W, (float)h / (float)UI_SCALE_REF_H);
    const float s = maxf(maxf(dpi_scale, by_size), 1.0f);
    return minf(s, 4.0f);
}

void ui_layout_compute(int w, int h, float scale, int mode, ui_layout *out)
{
    assert(w > 0 && h > 0 && scale > 0.0f && out);
    memset(out, 0, sizeof *out);
    out->w = w;
    out->h = h;
    out->mode = mode;
    out->presenter = (mode & UI_LAYOUT_PRESENTER) != 0;
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
