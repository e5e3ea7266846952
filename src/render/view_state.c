/* view_state: the defaults of the state the UI hands the view, and the few rules read from it
 * (which token and unit are shown, whether the pending update is drawn).
 * Main thread only, like the rest of the view; pure (no SDL calls).
 * Invariants: every panel and the frame read these rules from here, so they agree. */
#include "render/view_state.h"

#include <assert.h>
#include <string.h>

void view_state_init(view_state *vs)
{
    memset(vs, 0, sizeof *vs);
    vs->selected = -1;
    vs->hovered_unit = -1;
    vs->hovered_token = -1;
    for (int p = 0; p < VIEW_PLANE_COUNT; p++) view_pan_reset(vs, (view_plane)p);
    vs->scale = 1.0f;
    vs->banner_kind = VIEW_BANNER_NONE;
    vs->selected_unit = -1;
    vs->phase = LECT_OFF;
    vs->moving = LECT_ALL_UNITS;
    vs->rec_frames = -1;
    vs->hovered_param = -1;
    vs->picked_param = -1;
    vs->picked_prev = -1;
    vs->edit_param = -1;
    view_surf_init(&vs->surf);
}

int view_train_maps(const snap *s) { return s->d == 2 && s->k == 1; }

int view_shows_planes(const snap *s, const view_state *vs)
{
    return vs->page == VIEW_PAGE_TRAIN && !view_train_maps(s);
}

int view_default_token(int n)
{
    assert(n >= 1);
    return (3 * (n - 1) + 2) / 4; /* 6 of 0..8: θ = π/4 on the lecture's tokens */
}

int view_selected_token(const view_state *vs, int n)
{
    return vs->selected >= 0 && vs->selected < n ? vs->selected : view_default_token(n);
}

int view_highlight_unit(const view_state *vs, int n_hidden)
{
    const int c[3] = {vs->moving, vs->hovered_unit, vs->selected_unit};
    for (int i = 0; i < 3; i++)
        if (c[i] >= 0 && c[i] < n_hidden) return c[i];
    return -1;
}

int view_focus_unit(const view_state *vs, int n_hidden)
{
    int k = view_highlight_unit(vs, n_hidden);
    return k >= 0 ? k : 0;
}

int view_shows_update(const snap *s, const view_state *vs)
{
    if (vs->phase != LECT_OFF) return (lect_phase_shows(vs->phase) & (LECT_SHOW_GRAD1 | LECT_SHOW_GRAD2)) != 0;
    return s->status != TRAIN_RUNNING && s->steps_left == 0;
}

void view_pan_reset(view_state *vs, view_plane p)
{
    vs->pan[p].dx = 0;
    vs->pan[p].dy = 0;
    vs->pan[p].zoom = 1;
}
