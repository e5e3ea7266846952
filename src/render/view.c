/* view: the drawing context, and the frame: what the panels need computed once, then each panel.
 * Main thread only; reads nothing but the snapshot (e(1), h, ŷ(θ) and the update come from its weights).
 * Invariants: the panels of one call draw from one view_frame; drawing and hit tests share view_xform.c. */
#include "render/view.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/sigma.h"
#include "render/view_mapdata.h"
#include "render/view_panel.h"
#include "render/view_wpick.h"
#include "render/layer.h"

/* ---- context ---- */

static int flush_text(void *tc) { return text_flush(tc); }

view_ctx *view_ctx_open(SDL_Renderer *r, const char *assets_dir, const view_help_row *help, int n_help, char *err,
                        int errlen)
{
    assert(r && assets_dir && (help || n_help == 0) && n_help >= 0);
    view_ctx *v = calloc(1, sizeof *v);
    if (!v) {
        snprintf(err, (size_t)errlen, "view: out of memory");
        return NULL;
    }
    v->r = r;
    v->help = help;
    v->n_help = n_help;
    v->tc = text_cache_create(r, assets_dir, err, errlen);
    v->dl = draw_list_create();
    v->cap_pts = 4 * DATA_MAX_TOKENS;
    v->pts = malloc((size_t)v->cap_pts * 2 * sizeof *v->pts);
    /* targets and predictions of every token, and a few tips per unit */
    v->cap_occ = 2 * DATA_MAX_TOKENS + 8 * NN_MAX_HIDDEN + 64;
    v->occ = malloc((size_t)v->cap_occ * 3 * sizeof *v->occ);
    if (!v->tc || !v->dl || !v->pts || !v->occ) {
        if (v->tc) snprintf(err, (size_t)errlen, "view: out of memory");
        view_ctx_destroy(v);
        return NULL;
    }
    draw_list_flush_first(v->dl, flush_text, v->tc); /* labels queued before shapes stay under them */
    return v;
}

void view_ctx_destroy(view_ctx *v)
{
    if (!v) return;
    view_mapdata_destroy(v->maps);
    view_surfdata_destroy(v->surf);
    draw_list_destroy(v->dl);
    text_cache_destroy(v->tc);
    free(v->pts);
    free(v->occ);
    free(v);
}

void view_ctx_restart_curve(view_ctx *v)
{
    if (v->maps) view_mapdata_restart_curve(v->maps);
}

text_cache *view_ctx_text(view_ctx *v) { return v->tc; }
draw_list *view_ctx_draw_list(view_ctx *v) { return v->dl; }

void view_clear(view_ctx *v, const view_state *vs)
{
    SDL_Color c = draw_palette_get(vs->presenter)->bg;
    v->n_filled = 0; /* every panel fills its inside on this clear */
    SDL_SetRenderDrawBlendMode(v->r, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(v->r, c.r, c.g, c.b, 255);
    SDL_RenderClear(v->r);
}

static int rects_meet(const draw_rect *a, const draw_rect *b);

int view_loss_beside_page(const view_layout *lay)
{
    return view_rect_ok(&lay->page) && view_rect_ok(&lay->loss) && !rects_meet(&lay->loss, &lay->page);
}

/* The panels view_draw_panels draws with a plain panel fill (view_panel_fill) as the first thing in their
 * rectangles, in out; their count. The same choices as view_draw_panels and draw_lower. */
static int filled_panels(const snap *s, const view_state *vs, const view_layout *lay, draw_rect out[VIEW_FILLED_MAX])
{
    int n = 0;
    if (view_shows_planes(s, vs)) {
        if (view_rect_ok(&lay->input)) out[n++] = lay->input;
        if (view_rect_ok(&lay->bars) && !vs->diagram_small) out[n++] = lay->bars;
        if (view_rect_ok(&lay->output)) out[n++] = lay->output;
        if (view_rect_ok(&lay->loss)) out[n++] = lay->loss;
    } else if (view_loss_beside_page(lay)) {
        out[n++] = lay->loss;
    }
    if (view_rect_ok(&lay->equation)) out[n++] = lay->equation;
    if (view_rect_ok(&lay->status)) out[n++] = lay->status;
    return n;
}

int view_clear_panels(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay, SDL_Rect *holes,
                      int max)
{
    const draw_palette *pal = draw_palette_get(vs->presenter);
    const float rad = PANEL_RADIUS * view_ui_scale(vs);
    draw_rect p[VIEW_FILLED_MAX];
    const int np = filled_panels(s, vs, lay, p);
    int nh = 0;
    v->n_filled = 0;
    for (int i = 0; i < np; i++) {
        SDL_Rect in[3];
        const int k = draw_round_rect_inside(p[i].x, p[i].y, p[i].w, p[i].h, rad, pal->panel, in);
        if (k == 0) continue; /* a small panel: filled as before */
        if (nh + k > max || nh + k > DRAW_LAYER_HOLES_MAX) break;
        memcpy(holes + nh, in, sizeof in);
        nh += k;
        v->filled[v->n_filled++] = p[i];
    }
    int w = 0, h = 0;
    SDL_Rect bg[128];
    const int nbg =
        SDL_GetRendererOutputSize(v->r, &w, &h) == 0 ? draw_rects_outside((SDL_Rect){0, 0, w, h}, holes, nh, bg, 128) : -1;
    if (nh == 0 || nbg < 0) {
        v->n_filled = 0;
        view_clear(v, vs);
        return 0;
    }
    SDL_Color c = pal->panel;
    SDL_SetRenderDrawBlendMode(v->r, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(v->r, c.r, c.g, c.b, 255);
    SDL_RenderClear(v->r);
    draw_list_clear(v->dl);
    for (int i = 0; i < nbg; i++)
        draw_fill_rect(v->dl, (float)bg[i].x, (float)bg[i].y, (float)bg[i].w, (float)bg[i].h, pal->bg);
    if (draw_list_flush(v->dl, v->r) < 0) return -1;
    return nh;
}

/* ---- the frame ---- */

/* The lecture's quantities for the selected token, ŷ over a dense sweep of the token arc, and the
 * pending update with each token's share. */
static void compute(view_frame *f)
{
    const snap *s = f->s;
    const view_state *vs = f->vs;
    view_ctx *v = f->v;
    view_selected_values(s, vs, f->sel, &v->tok);
    lect_chain(s, &v->tok, v->chain);
    /* ŷ along the scene's probe path; a scene without one sweeps x = 0, which is drawn but harmless */
    memset(v->sweep_x, 0, sizeof v->sweep_x);
    if (s->scene && s->scene->probe) {
        double lo, hi;
        s->scene->probe_range(&s->scene_spec, &lo, &hi);
        for (int i = 0; i < SWEEP; i++)
            s->scene->probe(&s->scene_spec, lo + (hi - lo) * i / (SWEEP - 1), &v->sweep_x[(size_t)i * (size_t)s->d]);
    }
    nn_predict(&f->net, v->sweep_x, SWEEP, v->sweep_y);

    /* the arrows belong to the weights before the update being shown, while one is */
    f->as = view_arrows_snap(s, vs);
    f->achain = v->chain;
    if (f->as != s) {
        view_selected_values(vs->before, vs, f->sel, &v->tok_before);
        lect_chain(vs->before, &v->tok_before, v->chain_before);
        f->achain = v->chain_before;
    }
    view_update_prepare(f);
}

static void frame_init(view_frame *f, view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay)
{
    assert(v && s && vs && lay);
    assert(s->n >= 1 && s->hidden >= 1 && s->hidden <= NN_MAX_HIDDEN);
    memset(f, 0, sizeof *f);
    f->v = v;
    f->s = s;
    f->vs = vs;
    f->lay = lay;
    f->pal = draw_palette_get(vs->presenter);
    f->dl = v->dl;
    f->tc = v->tc;
    f->s1 = view_ui_scale(vs);
    f->lw = f->s1 * f->pal->line_gain;
    f->sel = view_selected_token(vs, s->n);
    f->hl = view_highlight_unit(vs, s->hidden);
    f->shows = lect_phase_shows(vs->phase);
    text_set_scale(v->tc, f->s1);
    snap_net(s, &f->net);
    draw_list_clear(v->dl);
}

/* The σ panel: σ and σ' with every unit's e(1) for the selected token on them. */
static void draw_sigma(view_frame *f)
{
    view_flush(f);
    if (sigma_draw(f->v->r, f->dl, f->tc, f->pal, f->lay->sigma, f->s->act, f->s->gain, f->v->tok.e, f->s->hidden,
                   f->hl, f->s1) < 0)
        f->rc = -1;
}

/* A page other than the four panels, in lay->page; each page is its own file. */
static void draw_page(view_frame *f)
{
    switch (f->vs->page) {
    case VIEW_PAGE_TRAIN: view_draw_maps(f); break; /* view_shows_planes said: this scene's train page is maps */
    case VIEW_PAGE_DIAGRAM: view_draw_diagram(f); break;
    case VIEW_PAGE_NONLIN: view_draw_nonlin(f); break;
    case VIEW_PAGE_LEDGER: view_draw_ledger(f); break;
    case VIEW_PAGE_LANDSCAPE: view_draw_landscape(f); break;
    case VIEW_PAGE_SURFACE: view_draw_surface(f); break;
    case VIEW_PAGE_SWEEP: view_draw_sweep(f); break;
    case VIEW_PAGE_COUNT: break;
    }
}

/* The loss panel with the stability meter in its free corner, or the σ panel in its place. */
static void draw_lower(view_frame *f)
{
    const view_layout *lay = f->lay;
    if (view_rect_ok(&lay->loss)) {
        view_draw_loss(f);
        /* the stability meter in the plot's free corner (its axes' labels lie outside this rect) */
        const draw_rect *l = &lay->loss;
        draw_rect m = {l->x + (PANEL_PAD + AXIS_LEFT + 10) * f->s1, l->y + (TITLE_H + 4) * f->s1, 0, 0};
        m.w = l->x + l->w - PANEL_PAD * f->s1 - m.x;
        m.h = l->y + l->h - (AXIS_BOTTOM + PANEL_PAD) * f->s1 - m.y;
        view_draw_meter_corner(f, &m);
    }
    if (view_rect_ok(&lay->sigma)) draw_sigma(f);
}

static int rects_meet(const draw_rect *a, const draw_rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

int view_draw_panels(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay)
{
    view_frame f;
    frame_init(&f, v, s, vs, lay);
    compute(&f);
    if (view_shows_planes(s, vs)) {
        if (view_rect_ok(&lay->input)) view_draw_input(&f);
        if (view_rect_ok(&lay->bars) && vs->diagram_small) view_draw_diagram_small(&f, &lay->bars);
        else if (view_rect_ok(&lay->bars)) view_draw_bars(&f);
        if (view_rect_ok(&lay->output)) view_draw_output(&f);
        draw_lower(&f);
    } else if (view_rect_ok(&lay->page)) {
        draw_page(&f);
        /* presenter mode keeps the loss (or σ) in its band beside a page; the default layout's page covers it */
        const draw_rect *lower = view_rect_ok(&lay->loss) ? &lay->loss : &lay->sigma;
        if (view_rect_ok(lower) && !rects_meet(lower, &lay->page)) draw_lower(&f);
    }
    if (view_rect_ok(&lay->equation)) view_draw_equation(&f);
    if (view_rect_ok(&lay->status)) view_draw_status(&f);
    view_flush(&f);
    v->n_filled = 0; /* one frame's: the next clear says anew */
    return f.rc;
}

int view_draw_overlays(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay)
{
    view_frame f;
    frame_init(&f, v, s, vs, lay);
    view_draw_banners(&f);
    if (vs->rec_frames >= 0) view_draw_rec(&f);
    if (vs->help) view_draw_help(&f);
    view_flush(&f);
    return f.rc;
}

int view_draw(view_ctx *v, const snap *s, const view_state *vs, const view_layout *lay)
{
    int rc = view_draw_panels(v, s, vs, lay);
    return view_draw_overlays(v, s, vs, lay) | rc;
}
