/* window_landscape: the landscape page's side of the window: records the trajectory from the snapshots,
 * asks the slicer thread for a slice when one is due, hands the newest to the view, and the page's mouse:
 * the axes chooser, the two weights' buttons, the wheel's zoom, a click that moves the weights there.
 * Main thread only (inside app_window_run's loop); the slicer thread sees only the jobs posted to it. */
#include <stdlib.h>

#include "app/slicer.h"
#include "app/window_internal.h"

/* While running, a new slice after this many steps at the least (and never while one is computed). */
#define RUNNING_GAP 300

struct window_land {
    slicer *sl;          /* started the first time the page is shown */
    slicer_traj traj;
    slicer_job job;
    slicer_result res;   /* the newest result taken; res.view is what the page draws */
    int has_res;
    view_axes axes;
    int wi, wj;          /* with VIEW_AXES_WEIGHTS */
    double zoom;
    int want;            /* the axes, weights or zoom changed: a slice is due whatever the step */
    int seen_prev, seen_picked; /* the diagram's last two picks, once applied to the axes */
    int64_t posted_step; /* the step of the last job posted; -1 none */
    uint64_t posted_gen; /* its snapshot's generation */
};

int window_landscape_open(window_app *a)
{
    a->land = calloc(1, sizeof *a->land);
    if (!a->land)
        return -1;
    slicer_traj_clear(&a->land->traj);
    a->land->axes = VIEW_AXES_HESSIAN;
    a->land->wi = 0;
    a->land->wj = 1;
    a->land->zoom = 1.0;
    a->land->want = 1;
    a->land->posted_step = -1;
    a->land->seen_prev = a->land->seen_picked = -1;
    return 0;
}

void window_landscape_close(window_app *a)
{
    if (!a->land)
        return;
    slicer_stop(a->land->sl);
    free(a->land);
    a->land = NULL;
}

void window_landscape_tick(window_app *a, int fresh)
{
    struct window_land *L = a->land;
    if (!L)
        return;
    const snap *s = a->snap;
    if (fresh)
        slicer_traj_add(&L->traj, s);
    if (a->vs.page != VIEW_PAGE_LANDSCAPE)
        return;
    if (!L->sl) {
        char err[160];
        L->sl = slicer_start(err, (int)sizeof err);
        if (!L->sl) {
            window_banner(a, VIEW_BANNER_ERROR, "%s", err);
            window_landscape_close(a);
            return;
        }
    }
    if (slicer_take(L->sl, &L->res)) {
        L->has_res = 1;
        a->vs.slice = &L->res.view;
        a->dirty = 1;
    }
    /* two edges clicked in the diagram, one after the other: the plane of those two weights (once per
     * new pair, so the chooser can still leave it) */
    const int pi = a->vs.picked_prev, pj = a->vs.picked_param;
    if (pi >= 0 && pj >= 0 && pi != pj && (pi != L->seen_prev || pj != L->seen_picked)) {
        L->seen_prev = pi;
        L->seen_picked = pj;
        L->axes = VIEW_AXES_WEIGHTS;
        L->wi = pi;
        L->wj = pj;
        L->zoom = 1.0;
        L->want = 1;
    }
    if (slicer_busy(L->sl))
        return;
    const int running = s->status == TRAIN_RUNNING || s->steps_left > 0;
    /* paused: whenever the weights shown changed; running: every RUNNING_GAP steps */
    int due = L->want || L->posted_step < 0 || s->step < L->posted_step ||
              (running ? s->step - L->posted_step >= RUNNING_GAP : s->generation != L->posted_gen);
    if (!due)
        return;
    nn_net net;
    snap_net(s, &net);
    const int P = (int)nn_params(&net);
    if (L->wi >= P || L->wj >= P || L->wi == L->wj) {
        L->wi = 0;
        L->wj = 1;
    }
    slicer_job_of(&L->job, s, &L->traj, L->axes, L->wi, L->wj, L->zoom);
    slicer_post(L->sl, &L->job);
    L->want = 0;
    L->posted_step = s->step;
    L->posted_gen = s->generation;
}

int window_landscape_event(window_app *a, const SDL_Event *e)
{
    struct window_land *L = a->land;
    if (!L)
        return 0;
    view_slice_layout l;
    view_slice_layout_of(&a->lay.view.page, view_ui_scale(&a->vs), &l);
    if (e->type == SDL_MOUSEWHEEL) {
        if (!view_in_rect(&l.map, (float)a->mouse_x, (float)a->mouse_y) || e->wheel.y == 0)
            return 0;
        L->zoom *= e->wheel.y > 0 ? 1.0 / 1.25 : 1.25; /* up: closer */
        L->want = 1;
        return 1;
    }
    if (e->type != SDL_MOUSEBUTTONDOWN || e->button.button != SDL_BUTTON_LEFT)
        return 0;
    const int x = e->button.x, y = e->button.y;
    for (int i = 0; i < VIEW_AXES_COUNT; i++)
        if (view_in_rect(&l.chooser[i], (float)x, (float)y)) {
            L->axes = (view_axes)i;
            L->zoom = 1.0;
            L->want = 1;
            return 1;
        }
    nn_net net;
    snap_net(a->snap, &net);
    const int P = (int)nn_params(&net);
    if (L->axes == VIEW_AXES_WEIGHTS)
        for (int i = 0; i < 2; i++)
            if (view_in_rect(&l.pick[i], (float)x, (float)y) && P > 2) {
                int *w = i == 0 ? &L->wi : &L->wj;
                const int other = i == 0 ? L->wj : L->wi;
                do
                    *w = (*w + 1) % P;
                while (*w == other);
                L->want = 1;
                return 1;
            }
    const view_slice *vw = &L->res.view;
    double al, be;
    if (L->has_res && vw->valid && vw->P == P && view_slice_at(&l, vw->half, (float)x, (float)y, &al, &be)) {
        /* the point of the plane under the mouse: centre + α u + β v, the weights the trainer goes on from */
        train_params *tp = train_params_new(L->res.center, P);
        if (!tp) {
            window_banner(a, VIEW_BANNER_ERROR, "out of memory: the weights did not move");
            return 1;
        }
        for (int q = 0; q < P; q++)
            tp->p[q] += al * L->res.u[q] + be * L->res.v[q];
        window_send(a, (train_cmd){.type = TRAIN_CMD_SET_PARAMS, .ptr = tp});
        return 1;
    }
    return 0;
}
