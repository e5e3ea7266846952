/* window_sweep: the sweep page's side of the window: Start / Cancel (button and W), the widths and restarts
 * chosen on the page, the sweep thread started on the shown scene's task, its rows taken into the page's data
 * each loop turn, the progress and elapsed time. Main thread only (inside app_window_run's loop); the sweep
 * thread sees only the desc it was started with. Invariants: at most one sweep runs; a->vs.sweep is W->view. */
#include <stdio.h>
#include <stdlib.h>

#include "app/sweeper.h"
#include "app/window_internal.h"

struct window_sweep {
    sweeper *th;      /* the running sweep, NULL when none */
    double t0;        /* when it started (window_now) */
    view_sweep view;  /* what the page draws */
};

int window_sweep_open(window_app *a)
{
    a->sweep = calloc(1, sizeof *a->sweep);
    if (!a->sweep)
        return -1;
    view_sweep *v = &a->sweep->view;
    v->state = VIEW_SWEEP_IDLE;
    v->max_n = 64;  /* the 1, 2, 4, ..., 64 */
    v->restarts = 5;
    a->vs.sweep = v;
    return 0;
}

void window_sweep_close(window_app *a)
{
    if (!a->sweep)
        return;
    sweeper_stop(a->sweep->th);
    free(a->sweep);
    a->sweep = NULL;
    a->vs.sweep = NULL;
}

static void start(window_app *a)
{
    struct window_sweep *W = a->sweep;
    view_sweep *v = &W->view;
    char err[200];
    sweep_desc d = sweeper_desc_of(a->snap);
    sweeper_widths(&d, v->max_n);
    d.restarts = v->restarts;
    if (sweep_check(&d, err, (int)sizeof err) != 0) {
        window_banner(a, VIEW_BANNER_ERROR, "sweep: %s", err);
        return;
    }
    W->th = sweeper_start(&d, VIEW_SWEEP_ROWS, err, (int)sizeof err);
    if (!W->th) {
        window_banner(a, VIEW_BANNER_ERROR, "%s", err);
        return;
    }
    v->desc = d;
    v->total = d.n_sizes * d.restarts;
    v->done = 0;
    v->elapsed = 0;
    v->note[0] = '\0';
    v->state = VIEW_SWEEP_RUNNING;
    W->t0 = window_now();
    a->dirty = 1;
}

void window_sweep_toggle(window_app *a)
{
    struct window_sweep *W = a->sweep;
    if (!W)
        return;
    if (W->th) {
        sweeper_cancel(W->th); /* the tick joins it once it says it ended */
        a->dirty = 1;
    } else if (W->view.usable) {
        start(a);
    } else {
        window_banner(a, VIEW_BANNER_INFO, "the sweep needs a target f over a square: the universal scene");
    }
}

void window_sweep_tick(window_app *a)
{
    struct window_sweep *W = a->sweep;
    if (!W)
        return;
    view_sweep *v = &W->view;
    const int shown = a->vs.page == VIEW_PAGE_SWEEP;
    const int usable = a->snap->scene->target != NULL && a->snap->scene->d == 2;
    if (usable != v->usable && shown)
        a->dirty = 1;
    v->usable = usable;
    if (!W->th)
        return;
    const int had = v->done;
    const int ended = sweeper_take(W->th, v->rows, &v->done);
    const double el = window_now() - W->t0;
    /* the elapsed time is drawn in tenths of a second: a frame when it changes, not every turn */
    if (shown && (v->done != had || ended || (int)(el * 10) != (int)(v->elapsed * 10)))
        a->dirty = 1;
    v->elapsed = el;
    if (!ended)
        return;
    const int failed = sweeper_failed(W->th);
    sweeper_stop(W->th); /* the thread has returned: the join is immediate */
    W->th = NULL;
    v->state = failed ? VIEW_SWEEP_FAILED : v->done < v->total ? VIEW_SWEEP_CANCELLED : VIEW_SWEEP_DONE;
    if (failed)
        snprintf(v->note, sizeof v->note, "out of memory at run %d of %d", v->done + 1, v->total);
}

int window_sweep_event(window_app *a, const SDL_Event *e)
{
    struct window_sweep *W = a->sweep;
    if (!W || e->type != SDL_MOUSEBUTTONDOWN || e->button.button != SDL_BUTTON_LEFT)
        return 0;
    view_sweep *v = &W->view;
    view_sweep_layout l;
    view_sweep_layout_of(&a->lay.view.page, view_ui_scale(&a->vs), &l);
    const float x = (float)e->button.x, y = (float)e->button.y;
    if (view_in_rect(&l.start, x, y)) {
        window_sweep_toggle(a);
        return 1;
    }
    /* the settings apply to the next Start; the rows shown keep their own (v->desc) */
    for (int i = 0; i < VIEW_SWEEP_MAXN_COUNT; i++)
        if (view_in_rect(&l.max_n[i], x, y)) {
            v->max_n = view_sweep_max_n(i);
            a->dirty = 1;
            return 1;
        }
    if (view_in_rect(&l.r_down, x, y) || view_in_rect(&l.r_up, x, y)) {
        const int r = v->restarts + (view_in_rect(&l.r_up, x, y) ? 1 : -1);
        v->restarts = r < 1 ? 1 : r > VIEW_SWEEP_MAX_R ? VIEW_SWEEP_MAX_R : r;
        a->dirty = 1;
        return 1;
    }
    return 0;
}
