/* window_maps: the mouse on the universal scene's maps page: hover and pick a token on the output maps,
 * pick a unit on its row, scroll the rows with the wheel. Main thread only, inside app_window_run's loop.
 * Invariants: every hit is tested with view_maps_geometry, the geometry the page is drawn with. */
#include "app/window_internal.h"

#include "render/view_maps.h"

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
    const float x = (float)a->mouse_x, y = (float)a->mouse_y;
    switch (e->type) {
    case SDL_MOUSEMOTION:
        a->vs.hovered_token = view_maps_pick_token(a->snap, &g, view_ui_scale(&a->vs), x, y);
        a->vs.hovered_unit = unit_at(&g, x, y);
        return 1;
    case SDL_MOUSEBUTTONDOWN: {
        if (e->button.button != SDL_BUTTON_LEFT) return 0;
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
