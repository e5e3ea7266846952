/* window_surface: the mouse on the 3-D surface page: its buttons choose the surface and how it is drawn, a
 * drag turns the camera, the wheel zooms, a double click puts the camera back. Main thread only, inside
 * app_window_run's loop. Invariants: hits are tested against view_surf_layout_of, the layout drawn. */
#include "app/window_internal.h"

#include "render/view_surf.h"

int window_surface_event(window_app *a, const SDL_Event *e)
{
    const snap *s = a->snap;
    if (s->d != 2)
        return 0;
    view_surf_layout l;
    view_surf_layout_of(&a->lay.view.page, view_ui_scale(&a->vs), s->k, view_surf_has_target(s), &l);
    const float x = (float)a->mouse_x, y = (float)a->mouse_y;
    switch (e->type) {
    case SDL_MOUSEBUTTONDOWN: {
        if (e->button.button != SDL_BUTTON_LEFT)
            return 0;
        const float bx = (float)e->button.x, by = (float)e->button.y;
        const int b = view_surf_hit(&l, bx, by);
        if (b >= 0) {
            view_surf_press(&a->vs.surf, (view_surf_button)b, s->hidden, s->k);
            return 1;
        }
        if (!view_in_rect(&l.view, bx, by))
            return 0;
        if (e->button.clicks == 2)
            view_surf_reset_camera(&a->vs.surf);
        a->page_capture = 1; /* the drag turns the surface until the release, wherever the mouse goes */
        return 1;
    }
    case SDL_MOUSEMOTION:
        if (!a->page_capture)
            return 0;
        view_surf_rotate(&a->vs.surf, (float)e->motion.xrel, (float)e->motion.yrel);
        return 1;
    case SDL_MOUSEWHEEL: {
        const float dy = (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -1.0f : 1.0f) * e->wheel.preciseY;
        if (!view_in_rect(&l.view, x, y) || dy == 0.0f)
            return 0;
        view_surf_zoom(&a->vs.surf, dy);
        return 1;
    }
    default: return 0;
    }
}
