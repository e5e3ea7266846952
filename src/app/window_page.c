/* window_page: mouse events on a page other than the four panels (view_page), handed to that page's
 * own handler. Main thread only, inside app_window_run's loop, like every window_*.c.
 * Invariants: a page that takes a button press owns the mouse (a->page_capture) until its release. */
#include "app/window_internal.h"

int window_page_event(window_app *a, const SDL_Event *e)
{
    int used = 0;
    switch (a->vs.page) {
    case VIEW_PAGE_DIAGRAM:
        if (e->type == SDL_MOUSEBUTTONDOWN) used = window_diagram_click(a, &e->button);
        break;
    case VIEW_PAGE_TRAIN: used = view_train_maps(a->snap) && window_maps_event(a, e); break;
    case VIEW_PAGE_LANDSCAPE: used = window_landscape_event(a, e); break;
    case VIEW_PAGE_SWEEP: used = window_sweep_event(a, e); break;
    case VIEW_PAGE_SURFACE: used = window_surface_event(a, e); break;
    default: break; /* pages without mouse handling: nothing to do */
    }
    if (e->type == SDL_MOUSEBUTTONUP)
        a->page_capture = 0;
    return used;
}
