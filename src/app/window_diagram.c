/* window_diagram: the mouse and keys on the network diagram (its page, and its small form in the hidden-layer
 * panel's place): hovering an edge lights its unit everywhere, a click picks it for the ledger and, while
 * paused, opens its value for typing; Enter sends it to the trainer as TRAIN_CMD_SET_PARAM.
 * Main thread only, inside app_window_run's loop. Invariants: hit tests use view_diagram_layout as the
 * drawing does; an edit names a parameter of the snapshot it was opened on and ends on any change of N. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/window_internal.h"
#include "lesson/ledger.h"
#include "render/view_diagram.h"

/* Where the diagram is drawn now: its page, or the small one in the bars' place; 0 when none is. */
static int diagram_rect(const window_app *a, draw_rect *r, int *compact)
{
    if (a->vs.page == VIEW_PAGE_DIAGRAM && !view_shows_planes(a->snap, &a->vs)) {
        *r = a->lay.view.page;
        *compact = 0;
        return 1;
    }
    if (a->vs.diagram_small && view_shows_planes(a->snap, &a->vs)) {
        *r = a->lay.view.bars;
        *compact = 1;
        return r->w > 1 && r->h > 1;
    }
    return 0;
}

/* The edge under (x, y), picked with the widths the frame draws; -1 none. */
static int edge_at(const window_app *a, float x, float y)
{
    draw_rect r;
    int compact;
    if (!diagram_rect(a, &r, &compact) || !view_in_rect(&r, x, y)) return -1;
    const snap *s = a->snap;
    view_diagram_geom g;
    view_diagram_layout(&g, r, s->d, s->hidden, s->k, view_ui_scale(&a->vs), compact);
    static double q[SNAP_PARAM_MAX]; /* (P) main thread only */
    static float w[SNAP_PARAM_MAX];  /* (P) */
    lect_token t;
    lect_token_compute(s, view_selected_token(&a->vs, s->n), &t);
    view_diagram_values(s, &t, a->vs.phase, a->vs.diagram_batch, q);
    view_diagram_widths(&g, q, a->vs.phase, w);
    return view_diagram_pick(&g, w, x, y);
}

/* The hidden unit an edge belongs to (its decision line for layer 1, its chain link for layer 2), or -1. */
static int edge_unit(const snap *s, int p)
{
    nn_layout lay;
    nn_shape sh = nn_shape_one(s->d, s->hidden, s->k);
    nn_layout_of(&sh, &lay);
    return lesson_ledger_param(&lay, (size_t)p).unit;
}

int window_diagram_hover(window_app *a, float x, float y)
{
    const int p = edge_at(a, x, y);
    a->vs.hovered_param = p;
    if (p < 0) return 0;
    a->vs.hovered_unit = edge_unit(a->snap, p);
    return 1;
}

int window_diagram_click(window_app *a, const SDL_MouseButtonEvent *b)
{
    if (b->button != SDL_BUTTON_LEFT) return 0;
    const int p = edge_at(a, (float)b->x, (float)b->y);
    if (p < 0) {
        a->vs.edit_param = -1;
        return 0;
    }
    if (p != a->vs.picked_param)
        a->vs.picked_prev = a->vs.picked_param;
    a->vs.picked_param = p;
    a->vs.edit_param = -1;
    if (a->snap->status != TRAIN_RUNNING) {
        a->vs.edit_param = p;
        a->vs.edit_text[0] = 0;
    }
    return 1;
}

/* Sends the typed value; a text that is not a finite number leaves the weight and says so. */
static void edit_commit(window_app *a)
{
    const int p = a->vs.edit_param;
    char *end = NULL;
    const double v = strtod(a->vs.edit_text, &end);
    a->vs.edit_param = -1;
    if (!a->vs.edit_text[0]) return;
    if (end == a->vs.edit_text || *end || !isfinite(v)) {
        window_banner(a, VIEW_BANNER_ERROR, "\"%s\" is not a number: the weight stays", a->vs.edit_text);
        return;
    }
    train_cmd c = {.type = TRAIN_CMD_SET_PARAM, .i = p, .a = v};
    window_send(a, c);
}

int window_diagram_key(window_app *a, const SDL_Event *e)
{
    if (a->vs.edit_param < 0) return 0;
    if ((size_t)a->vs.edit_param >= nn_param_count(a->snap->d, a->snap->hidden, a->snap->k)) {
        a->vs.edit_param = -1; /* N changed under the edit */
        return 0;
    }
    if (e->type == SDL_TEXTINPUT) {
        char *t = a->vs.edit_text;
        size_t n = strlen(t);
        for (const char *c = e->text.text; *c; c++) {
            const int ok = isdigit((unsigned char)*c) || *c == '.' || *c == '-' || *c == '+' || *c == 'e' || *c == 'E';
            if (ok && n + 1 < sizeof a->vs.edit_text) t[n++] = *c;
        }
        t[n] = 0;
        return 1;
    }
    if (e->type != SDL_KEYDOWN) return 0;
    switch (e->key.keysym.sym) {
    case SDLK_RETURN:
    case SDLK_KP_ENTER: edit_commit(a); return 1;
    case SDLK_ESCAPE: a->vs.edit_param = -1; return 1;
    case SDLK_BACKSPACE: {
        size_t n = strlen(a->vs.edit_text);
        if (n) a->vs.edit_text[n - 1] = 0;
        return 1;
    }
    default:
        /* the characters arrive as SDL_TEXTINPUT: their key presses must not also be shortcuts */
        return (e->key.keysym.sym >= SDLK_0 && e->key.keysym.sym <= SDLK_9) || e->key.keysym.sym == SDLK_PERIOD ||
               e->key.keysym.sym == SDLK_MINUS || e->key.keysym.sym == SDLK_e || e->key.keysym.sym == SDLK_PLUS ||
               e->key.keysym.sym == SDLK_EQUALS || (e->key.keysym.sym >= SDLK_KP_1 && e->key.keysym.sym <= SDLK_KP_0) ||
               e->key.keysym.sym == SDLK_KP_PERIOD || e->key.keysym.sym == SDLK_KP_MINUS;
    }
}
