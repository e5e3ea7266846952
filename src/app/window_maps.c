/* window_maps: the mouse on the universal scene's maps page: hover and pick a token on the output maps,
 * drag a segment across them for the slice strip, pick a unit on its row, scroll the rows with the wheel.
 * While paused, a unit's line, arrow tip and w_k handle drag its b_k, w̄_k and w_k: the maps follow the window's
 * edited copy at once, and the release sends the weights to the trainer (TRAIN_CMD_SET_PARAMS, a mark).
 * Main thread only, inside app_window_run's loop.
 * Invariants: every hit is tested with view_maps_geometry, the geometry the page is drawn with; a press on an
 * output map owns the mouse until its release, which picks a token unless the mouse moved (a cut); an edit
 * belongs to the N it began with and ends when the trainer's snapshot has its weights (or N changed). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/window_internal.h"

#include "render/view_maps.h"

#define CUT_START_PX 5.0f /* a press moved farther than this is a cut, not a click on a token */

/* The press on an output map under way (main thread only, like the whole loop). */
static struct {
    int on;             /* pressed on an output map and not yet released */
    int cutting;        /* the mouse moved past CUT_START_PX: the segment follows it */
    view_map_kind map;  /* the map pressed on: its square gives the world points */
    float x, y;         /* where the press was, pixels */
    double wx, wy;      /* and the world point there: the segment's start, kept when the strip's room moves the map */
} press;

#define EDIT_WAIT_S 2.0 /* an edit whose weights no snapshot shows by then is let go */

/* The unit being edited (main thread only). */
static struct {
    int on;          /* 1 dragging, 2 sent: waiting for a snapshot with these weights */
    view_grab what;  /* line, arrow or handle */
    int unit;
    double p0[2];    /* the arrow's foot at the press: the line turns about it */
    double sent_t;
} edit;

static double clamp1(double v) { return v < -1 ? -1 : v > 1 ? 1 : v; }

/* The segment from the press to (x, y), both on the pressed map's square, clamped to it. The first cut gives
 * the strip its room, which moves the map: the start stays the world point pressed. */
static void cut_to(window_app *a, const view_maps_geom *g, float x, float y)
{
    const draw_rect m = view_maps_rect(g, press.map, 0);
    double bx, by;
    view_maps_to_world(&m, x, y, &bx, &by);
    a->vs.maps_cut[0] = clamp1(press.wx);
    a->vs.maps_cut[1] = clamp1(press.wy);
    a->vs.maps_cut[2] = clamp1(bx);
    a->vs.maps_cut[3] = clamp1(by);
    a->vs.maps_cut_on = 1;
}

static void geometry(const window_app *a, view_maps_geom *g)
{
    view_maps_geometry_for(&a->lay.view, &a->vs, a->snap->hidden, g);
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

/* Pixels to the dragged unit's weights in the edited copy, and ŷ at the tokens with them. */
static void edit_to(window_app *a, const view_maps_geom *g, float x, float y)
{
    snap *s = a->maps_edit;
    nn_net net;
    snap_net(s, &net);
    const int k = edit.unit;
    double wx, wy;
    if (edit.what == VIEW_GRAB_WEIGHT) {
        const draw_rect mw = view_maps_rect(g, VIEW_MAP_WH, k);
        view_maps_to_world(&mw, x, y, &wx, &wy);
        net.w2[k] = view_maps_edit_weight(a->vs.maps_edit_m, wy);
    } else {
        const draw_rect me = view_maps_rect(g, VIEW_MAP_E, k);
        view_maps_to_world(&me, x, y, &wx, &wy);
        const double pt[2] = {clamp1(wx), clamp1(wy)};
        if (edit.what == VIEW_GRAB_LINE)
            net.b1[k] = view_maps_edit_line(net.w1 + 2 * k, pt);
        else if (hypot(pt[0] - edit.p0[0], pt[1] - edit.p0[1]) > 1e-3) /* w̄ = 0 would leave no line to drag */
            view_maps_edit_arrow(edit.p0, a->vs.maps_edit_as, pt, net.w1 + 2 * k, net.b1 + k);
    }
    nn_predict(&net, s->x, s->n, s->yhat);
    a->dirty = 1;
}

/* A press on unit k's maps while paused: grabs its line, tip or handle; 1 when it did. */
static int edit_begin(window_app *a, const view_maps_geom *g, float x, float y)
{
    const snap *s = a->snap;
    if (s->status == TRAIN_RUNNING || window_moving(a) || edit.on) return 0;
    const double as = view_maps_arrow_scale(s), m = view_maps_weight_scale(s);
    for (int k = g->first; k < g->first + g->rows; k++) {
        const view_grab what = view_maps_grab(g, s, k, as, m, view_ui_scale(&a->vs), x, y);
        if (what == VIEW_GRAB_NONE) continue;
        memcpy(a->maps_edit, s, sizeof *a->maps_edit);
        nn_net net;
        snap_net(s, &net);
        edit.on = 1;
        edit.what = what;
        edit.unit = k;
        view_maps_foot(net.w1 + 2 * k, net.b1[k], edit.p0);
        a->vs.maps_edit_as = as;
        a->vs.maps_edit_m = m;
        a->vs.selected_unit = k;
        a->page_capture = 1;
        return 1;
    }
    return 0;
}

/* The release: the edited weights go to the trainer as one command, a mark on the loss plot. */
static void edit_end(window_app *a)
{
    const size_t P = nn_param_count(2, a->maps_edit->hidden, 1);
    if (memcmp(a->maps_edit->p, a->snap->p, P * sizeof *a->snap->p) == 0) {
        edit.on = 0; /* nothing moved */
    } else {
        train_params *tp = train_params_new(a->maps_edit->p, (int)P);
        if (tp) {
            window_send(a, (train_cmd){.type = TRAIN_CMD_SET_PARAMS, .ptr = tp});
            edit.on = 2;
            edit.sent_t = window_now();
        } else {
            window_banner(a, VIEW_BANNER_ERROR, "out of memory: the edit was not sent");
            edit.on = 0;
        }
    }
    a->vs.maps_edit_as = a->vs.maps_edit_m = 0;
}

void window_maps_show(window_app *a, double now)
{
    if (!edit.on) return;
    const snap *s = a->snap;
    const size_t P = nn_param_count(2, a->maps_edit->hidden, 1);
    const int same_net = s->hidden == a->maps_edit->hidden && s->d == 2 && s->k == 1;
    if (!same_net || (edit.on == 2 && (memcmp(s->p, a->maps_edit->p, P * sizeof *s->p) == 0 ||
                                       now - edit.sent_t > EDIT_WAIT_S))) {
        edit.on = 0; /* the trainer has the weights (or the network changed under the edit) */
        a->vs.maps_edit_as = a->vs.maps_edit_m = 0;
        return;
    }
    a->shown = a->maps_edit;
}

int window_maps_event(window_app *a, const SDL_Event *e)
{
    view_maps_geom g;
    geometry(a, &g);
    const int button = e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_MOUSEBUTTONUP;
    const float x = button ? (float)e->button.x : (float)a->mouse_x, y = button ? (float)e->button.y : (float)a->mouse_y;
    switch (e->type) {
    case SDL_MOUSEMOTION:
        if (edit.on == 1) {
            edit_to(a, &g, x, y);
            return 1;
        }
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
        if (edit.on == 1 && e->button.button == SDL_BUTTON_LEFT) {
            edit_to(a, &g, x, y);
            edit_end(a);
            return 1;
        }
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
            press.wx = wx;
            press.wy = wy;
            a->page_capture = 1;
            return 1;
        }
        if (edit_begin(a, &g, x, y)) return 1;
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
