/* window_maps: the mouse on the universal scene's maps page: hover and pick a token on the output maps,
 * drag a segment across them for the slice strip, pick a unit on its row, scroll the rows with the wheel.
 * Main thread only, inside app_window_run's loop.
 * Invariants: every hit is tested with view_maps_geometry, the geometry the page is drawn with; a press on an
 * output map owns the mouse until its release, which picks a token unless the mouse moved (a cut). */
#include <math.h>

#include "app/window_internal.h"

#include "render/view_maps.h"

#define CUT_START_PX 5.0f /* a press moved farther than this is a cut, not a click on a token */

/* The press on an output map under way (main thread only, like the whole loop). */
static struct {
    int on;             /* pressed on an output map and not yet released */
    int cutting;        /* the mouse moved past CUT_START_PX: the segment follows it */
    view_map_kind map;  /* the map pressed on: its square gives the world points */
    float x, y;         /* where the press was, pixels */
} press;

static double clamp1(double v) { return v < -1 ? -1 : v > 1 ? 1 : v; }

/* The segment from the press to (x, y), both on the pressed map's square, clamped to it. */
static void cut_to(window_app *a, const view_maps_geom *g, float x, float y)
{
    const draw_rect m = view_maps_rect(g, press.map, 0);
    double ax, ay, bx, by;
    view_maps_to_world(&m, press.x, press.y, &ax, &ay);
    view_maps_to_world(&m, x, y, &bx, &by);
    a->vs.maps_cut[0] = clamp1(ax);
    a->vs.maps_cut[1] = clamp1(ay);
    a->vs.maps_cut[2] = clamp1(bx);
    a->vs.maps_cut[3] = clamp1(by);
    a->vs.maps_cut_on = 1;
}

static void geometry(const window_app *a, view_maps_geom *g)
{
    view_maps_geometry(&a->lay.view.page, view_ui_scale(&a->vs), a->snap->hidden, a->vs.maps_scroll, g);
}

/* The unit whose row holds (x, y): its maps or its label, or -1. */
static int unit_at(const view_maps_geom *g, float x, float y)
{
    for (int k = g->first; k < g->first + g->rows; k++) {
        const draw_rect e = view_maps_rect(g, VIEW_MAP_E, k), w = view_maps_rect(g, VIEW_MAP_WH, k);
        const draw_rect row = {e.x - g->label_w, e.y, w.x + w.w - (e.x - g->label_w), e.h};
        if (view_in_rect(&row, x, y)) return k;
    }
    return -1;
}

int window_maps_event(window_app *a, const SDL_Event *e)
{
    view_maps_geom g;
    geometry(a, &g);
    const int button = e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_MOUSEBUTTONUP;
    const float x = button ? (float)e->button.x : (float)a->mouse_x, y = button ? (float)e->button.y : (float)a->mouse_y;
    switch (e->type) {
    case SDL_MOUSEMOTION:
        if (press.on) {
            if (!press.cutting && hypotf(x - press.x, y - press.y) > CUT_START_PX * view_ui_scale(&a->vs))
                press.cutting = 1;
            if (press.cutting) cut_to(a, &g, x, y);
            return 1;
        }
        a->vs.hovered_token = view_maps_pick_token(a->snap, &g, view_ui_scale(&a->vs), x, y);
        a->vs.hovered_unit = unit_at(&g, x, y);
        return 1;
    case SDL_MOUSEBUTTONUP: {
        if (!press.on || e->button.button != SDL_BUTTON_LEFT) return 0;
        press.on = 0;
        if (press.cutting) {
            cut_to(a, &g, x, y);
            return 1;
        }
        /* a click: the token under it */
        const int tok = view_maps_pick_token(a->snap, &g, view_ui_scale(&a->vs), press.x, press.y);
        if (tok >= 0) a->vs.selected = tok;
        return 1;
    }
    case SDL_MOUSEBUTTONDOWN: {
        if (e->button.button != SDL_BUTTON_LEFT) return 0;
        int u;
        double wx, wy;
        const view_map_kind on = view_maps_hit(&g, x, y, &u, &wx, &wy);
        if (on == VIEW_MAP_YHAT || on == VIEW_MAP_F || on == VIEW_MAP_RES) {
            /* a click picks a token, a drag cuts: which one, the release or the motion says */
            press.on = 1;
            press.cutting = 0;
            press.map = on;
            press.x = x;
            press.y = y;
            a->page_capture = 1;
            return 1;
        }
        const int tok = view_maps_pick_token(a->snap, &g, view_ui_scale(&a->vs), x, y);
        if (tok >= 0) {
            a->vs.selected = tok;
            return 1;
        }
        const int k = unit_at(&g, x, y);
        if (k >= 0) {
            a->vs.selected_unit = a->vs.selected_unit == k ? -1 : k; /* a second click lets go */
            return 1;
        }
        return 0;
    }
    case SDL_MOUSEWHEEL:
        if (!view_in_rect(&g.units, x, y) || g.rows >= g.n_hidden) return 0;
        a->vs.maps_scroll = g.first - e->wheel.y; /* wheel up shows earlier units; the geometry clamps */
        if (a->vs.maps_scroll < 0) a->vs.maps_scroll = 0;
        if (a->vs.maps_scroll > g.n_hidden - g.rows) a->vs.maps_scroll = g.n_hidden - g.rows;
        return 1;
    default: return 0;
    }
}
