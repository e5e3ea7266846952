/* view_panel: what the panels share, below them: the context, the per-frame state, sizes, and the
 * helpers every panel draws with (text, frame and title, clipping, pills; view_panel.c). The frame
 * that composes the panels (view.c) sits above them and is the only caller of their entry points.
 * Main thread only (SDL rendering and SDL_ttf), like view.h.
 * Invariants: a view_frame lives for one view_draw_panels/overlays call; panels draw only through it. */
#ifndef RENDER_VIEW_PANEL_H
#define RENDER_VIEW_PANEL_H

#include <SDL.h>

#include "nn/nn.h"
#include "render/draw.h"
#include "render/lecture.h"
#include "render/text.h"
#include "render/view_state.h"
#include "render/view_xform.h"
#include "train/snapshot.h"

typedef struct view_ctx view_ctx; /* the same type view.h names */
typedef struct view_mapdata view_mapdata; /* view_mapdata.h: the universal scene's maps */
typedef struct view_surfdata view_surfdata; /* view_surface.c: the 3-D page's maps (other scenes) and mesh */

/* Logical sizes (pixels at scale 1); the panels' margins are in view_xform.h. */
#define FONT_TICK 11.5f
#define FONT_LABEL 14.0f
#define FONT_TITLE 14.5f
#define FONT_SMALL 11.0f
#define FONT_STATUS 13.5f
#define FONT_BANNER 15.5f
#define FONT_EQUATION 14.5f
#define PANEL_RADIUS 6.0f
/* The scene's dashed guides (the semicircle, the parabola), the same in both planes. */
#define GUIDE_WIDTH 1.6f /* line width, × the line-width scale */
#define GUIDE_DASH 7     /* dash length */
#define GUIDE_GAP 5      /* gap between dashes */
#define SELECT_RING 5    /* the selection ring sits this far outside a marker's radius */
#define SWEEP 256         /* points of the predicted curve ŷ(θ) */
/* Level of detail: past these counts the strokes overlap so much that anti-aliased shafts add
 * nothing one can see, while costing ~200 ns per pixel of length on the software renderer;
 * shafts become hairlines and only the heads stay anti-aliased. */
#define DENSE_UNITS 16    /* decision lines and w̄ arrows */
#define DENSE_MARKERS 256 /* above this many tokens, markers are small squares */
#define SHARE_TOKENS 32   /* each token's share of the update is drawn up to this many tokens */
#define SHARE_UNITS DENSE_UNITS

#define VIEW_TAKEN_MAX 64 /* labels and notes placed in one plane */

/* The pending update the arrows show, and each token's share of it. */
typedef struct {
    lect_update upd;     /* the batch update */
    lect_update step;    /* the optimizer's own next step (train_peek_step − p), when has_step */
    int has_step;        /* the optimizer is not gd and its step is drawn beside −η∇L */
    lect_update tmp;     /* one token's share */
    lect_token scratch;  /* one token */
    double share_in[SHARE_TOKENS * SHARE_UNITS * NN_MAX_IO];      /* (n, N, D) −η δ_ki x_i, packed with D */
    double share_out[SHARE_TOKENS * (SHARE_UNITS + 1) * NN_MAX_IO]; /* (n, N + 1, K) −η h_ki ε_i; b(2) at N; packed with K */
} view_arrows;

#define VIEW_FILLED_MAX 8 /* panels whose insides the window's clear fills (view_clear_panels) */

struct view_ctx {
    SDL_Renderer *r;
    draw_rect filled[VIEW_FILLED_MAX]; /* (n_filled) panels the next view_draw_panels finds filled inside */
    int n_filled;
    text_cache *tc;
    draw_list *dl;
    float *pts; /* (cap_pts, 2) scratch polyline */
    int cap_pts;
    double sweep_x[SWEEP * NN_MAX_IO]; /* (SWEEP, D) packed with D: x(u) along the probe path */
    double sweep_y[SWEEP * NN_MAX_IO]; /* (SWEEP, K) packed with K */
    lect_token tok;        /* the selected token, or the probe, at the drawn weights */
    lect_token tok_before; /* the same at vs->before */
    view_arrows ar;        /* the arrows of the snapshot drawn (or of vs->before) */
    double chain[(NN_MAX_HIDDEN + 1) * NN_MAX_IO];        /* (N + 1, K) packed with K: b(2), b(2) + w(2)_1 h_1, ... */
    double chain_before[(NN_MAX_HIDDEN + 1) * NN_MAX_IO]; /* (N + 1, K) the same at vs->before */
    float *occ;  /* (cap_occ, 3) x, y, r: the discs a plane's notes and labels must not cover */
    int cap_occ;
    view_mapdata *maps; /* the universal scene's maps, made on first use; NULL before */
    view_surfdata *surf; /* the 3-D page's own maps and mesh scratch, made on first use; NULL before */
    const view_help_row *help; /* (n_help) the help overlay's rows, not owned */
    int n_help;
};

/* One frame's inputs and what is derived from them once for every panel. */
typedef struct {
    view_ctx *v;
    const snap *s;
    const view_state *vs;
    const view_layout *lay;
    const draw_palette *pal;
    draw_list *dl;
    text_cache *tc;
    float s1;  /* UI scale */
    float lw;  /* standard line width: scale × palette gain */
    int rc;    /* or-ed SDL results */
    nn_net net;
    int sel;   /* selected token */
    int hl;    /* highlighted unit, -1 none */
    unsigned shows;      /* lect_phase_shows of the phase */
    /* the pending update: drawn from the parameters of `as` (vs->before while an update is shown) */
    const snap *as;
    nn_net anet;
    const double *achain; /* (N + 1, K) the chain at `as` */
    int upd_in, upd_out;  /* draw the arrows in the input / output plane */
    int n_share;          /* tokens whose own shares are drawn (0 none) */
    lect_scale scale_in, scale_out;
    int none_in, none_out; /* the update there is below a pixel even scaled: ∇L ≈ 0 (or frozen) */
    /* what the plane being drawn keeps free of text: discs in v->occ, and the labels placed so far */
    int n_occ;
    draw_rect taken[VIEW_TAKEN_MAX];
    int n_taken;
    /* a second curve on the loss plot (the universal scene's true error), or n_loss2 = 0 */
    const double *loss2; /* (n_loss2, 2) step, value */
    int n_loss2;
    const char *loss2_what;
} view_frame;

/* ---- view_fmt.c: numbers and labels as the panels print them (pure) ---- */

/* UTF-8 subscript digits of k (k >= 0), e.g. 12 -> "₁₂". */
void view_subscript(int k, char *out, size_t len);
/* A number with true minus signs (U+2212), in front and in the exponent; "-0" prints as "0". */
void view_fmt_num(char *out, size_t len, const char *fmt, double x);
/* 10^e as "10⁻³" with superscript digits. */
void view_fmt_pow10(char *out, size_t len, int e);
/* A "nice" tick step (1, 2 or 5 × 10^k) giving about `target` intervals over span. */
double view_nice_step(double span, double target);
/* m rounded up to a multiple of its nice step: the end of a value axis that holds m. */
double view_nice_ceil(double m);

/* ---- view_panel.c: what every panel draws with ---- */

void view_text(view_frame *f, text_face face, float size, const char *s, float x, float y, int align, SDL_Color c);
int view_text_w(view_frame *f, text_face face, float size, const char *s);
void view_flush(view_frame *f);
/* Clips drawing to r; NULL lifts the clip. */
void view_clip(view_frame *f, const draw_rect *r);
void view_panel_frame(view_frame *f, const draw_rect *p);
/* The panel's fill: its rim and corners only when view_clear_panels filled its inside already. */
void view_panel_fill(view_frame *f, const draw_rect *p);
/* s, or its longest prefix (cut between UTF-8 characters) followed by "…" that is at most avail
 * pixels wide; out holds the result. */
void view_fit_text(view_frame *f, text_face face, float size, const char *s, float avail, char *out, size_t len);
/* The panel's title, or its short form when the long one does not fit, shortened further with "…"
 * when even that does not; reserve: pixels kept free at the right. Returns the title's right edge. */
float view_title(view_frame *f, const draw_rect *p, const char *longer, const char *shorter, float reserve);
/* A pill of colour bg in box with msg centred on the line cy (bold, status size). */
void view_pill(view_frame *f, draw_rect box, float cy, SDL_Color bg, const char *msg);

/* ---- view_plane.c: drawing in a plane's world coordinates ---- */

/* The panel, its grid, axes and tick labels, and its title (as view_title). */
void view_plane_panel(view_frame *f, const draw_rect *panel, const view_xform *t, const char *longer,
                      const char *shorter, float reserve);
/* Axis names at the far ends of the plot area, on a backing; drawn after the content. */
void view_plane_names(view_frame *f, const view_xform *t, const char *xname, const char *yname);
/* What a plane's text must not cover (a token, a target, a prediction, an arrow tip): a disc of radius
 * r at a screen point, recorded while the plane draws; cleared when the next plane starts. */
void view_occupy_clear(view_frame *f);
void view_occupy(view_frame *f, float x, float y, float r);
/* How many recorded discs and placed labels rect r touches. */
int view_covers(const view_frame *f, const draw_rect *r);
/* The first of n candidate rects inside the plot area t->r that covers nothing, else the one that
 * covers least (the earliest on a tie); it is recorded as taken. Returns its index. */
int view_place(view_frame *f, const view_xform *t, const draw_rect *cand, int n);
/* A w × h label near the point (ax, ay), off from it by gap along the direction (ux, uy) or, when that
 * covers something, along directions turned from it in 30° steps; *x, *y its centre. 0 when no place
 * inside the plot area is left. */
int view_place_near(view_frame *f, const view_xform *t, float ax, float ay, float ux, float uy, float gap, int w,
                    int h, float *x, float *y);
/* A bold label of colour c placed by view_place_near (nothing when no place is left). */
void view_label_near(view_frame *f, const view_xform *t, const char *text, float ax, float ay, float ux, float uy,
                     float gap, SDL_Color c);
/* A short note on a backing (e.g. the arrows' scale) in a corner of the plot where it covers nothing:
 * lower left, lower right, upper right, upper left, each again a line further in, then the middles of
 * the bottom and top edges; the least covering of them when each covers something. */
void view_plot_note(view_frame *f, const view_xform *t, const char *msg, SDL_Color c);
float view_token_radius(int n, float s);
/* A token marker: a disc, or for dense sets a square. */
void view_marker(view_frame *f, float x, float y, float r, int n, SDL_Color c);
/* A hairline segment a (x0, y0, x1, y1) broken into dashes (dash, gap in pixels; dash 0: unbroken). */
void view_pattern_hairline(view_frame *f, const float a[4], float dash, float gap, SDL_Color c);
/* A hairline shaft with an anti-aliased head (for dense fields of arrows). */
void view_thin_arrow(view_frame *f, float ax, float ay, float bx, float by, float head, int with_head, SDL_Color c);

/* World geometry is clipped in double to a guard box around the plot, so that a far away point (a
 * diverging prediction, a dragged token) never reaches the renderer as a huge or non-finite
 * coordinate, and a segment's visible part keeps its true direction. */
draw_rect view_guard_box(const view_xform *t, float s);
/* Screen segment of world a -> b clipped to box; 0 when nothing is left. *tip = 1 when b survived. */
int view_seg_screen(const view_xform *t, const draw_rect *box, double ax, double ay, double bx, double by,
                    float out[4], int *tip);
/* A point's screen position; 0 when it lies outside box (or is not finite). */
int view_pt_screen(const view_xform *t, const draw_rect *box, double wx, double wy, float *sx, float *sy);
/* An arrow from world a to b; its head only when the tip is in the guard box. */
void view_w_arrow(view_frame *f, const view_xform *t, const draw_rect *box, double ax, double ay, double bx,
                  double by, float width, float head, SDL_Color c);
void view_w_thin_arrow(view_frame *f, const view_xform *t, const draw_rect *box, double ax, double ay, double bx,
                       double by, float head, int with_head, SDL_Color c);
/* A world polyline, broken where it leaves the guard box. */
void view_w_polyline(view_frame *f, const view_xform *t, const draw_rect *box, const double *xy /* (n, 2) */, int n,
                     float width, SDL_Color c);
/* The hover halo around a token's marker at world point p (when inside box), for marker radius r. */
void view_halo(view_frame *f, const view_xform *t, const draw_rect *box, const double p[2], float r);

/* ---- view_update.c: the pending update's arrows ---- */

/* The snapshot whose pending update the arrows show: the one before the update being shown, if any. */
const snap *view_arrows_snap(const snap *s, const view_state *vs);
/* Fills f->anet and, when the phase shows them, the arrows, their scales and shares (f->as set). */
void view_update_prepare(view_frame *f);
/* The update of one parameter at world point base: each token's share tip to tail in colour c
 * (n_share rows, `stride` doubles apart), then their sum d, the batch arrow; k: the unit, -1 b(2). */
void view_update_path(view_frame *f, const view_xform *t, const draw_rect *box, const double base[2],
                      const double *shares, int stride, int n_share, const double d[2], double factor, int k,
                      SDL_Color c);
/* The plot note saying how the update arrows are scaled (or that there is no update). */
void view_scale_note(view_frame *f, const view_xform *t, const lect_scale *sc, int none);
/* The optimizer's own step d (world units) of one parameter from base, dashed in the ink of the text, × factor
 * like the −η∇L arrow beside it; k: the unit, -1 b(2). Nothing when it would be shorter than a pixel. */
void view_step_arrow(view_frame *f, const view_xform *t, const draw_rect *box, const double base[2], const double d[2],
                     double factor, int k);
/* The optimizer's next step as the trainer will take it, W_next − W (P), for a non-gd optimizer: 0 ok, -1
 * when out of memory or gd (whose step is −η∇L itself, lect_update_compute). */
int view_optimizer_step(const snap *s, lect_update *u);

/* ---- view_twin.c: the twin run (vs->twin) as a ghost in the planes, the bars and the loss plot ---- */

/* Run b's colour (its lines, outlines, curve and legend). */
SDL_Color view_twin_colour(const draw_palette *pal);

/* Run b's decision lines, dotted, under run a's (the input plane's hook). */
void view_twin_input(view_frame *f, const view_xform *t, const draw_rect *box);
/* The legend naming both runs, on a backing over everything else in the input plane. */
void view_twin_legend(view_frame *f, const view_xform *t);
/* Run b's curve ŷ(θ), dotted, and its predictions as hollow diamonds (the output plane's hook). */
void view_twin_output(view_frame *f, const view_xform *t, const draw_rect *box);
/* The loss plot: widens [*lmin, *lmax] (log10 L) to hold run b's curve. */
void view_twin_loss_range(const view_frame *f, double *lmin, double *lmax);
/* The loss plot's hook: run b's curve, dotted, with a hollow diamond at its step; r: the plot, steps xmin..xmax, decades d0..d1 (log10 L). */
void view_twin_loss(view_frame *f, const draw_rect *r, double xmin, double xmax, double d0, double d1);
/* After the plot's labels: the legend, at the plot r's upper right, on a backing. */
void view_twin_loss_legend(view_frame *f, const draw_rect *r);

/* ---- the panels, each in its own file ---- */

void view_draw_input(view_frame *f);    /* view_input.c */
void view_draw_output(view_frame *f);   /* view_output.c */
/* Of n tokens, the output plane draws the error ε of every k-th (k returned; 1: of every token), so that
 * a thousand errors do not fill a solid wedge; the plot note saying so ("ε shown for 128 of 1024 tokens
 * (1 in 8)"), its length, 0 and "" when every error is drawn. view_output.c */
int view_error_every(int n);
int view_error_note(int n, char *buf, size_t len);
void view_draw_bars(view_frame *f);     /* view_bars.c */
void view_draw_loss(view_frame *f);     /* view_loss.c */
void view_draw_equation(view_frame *f); /* view_equation.c */
/* After N grew (within the last few thousand steps, with no reset since): why ŷ did not move and why L
 * may still rise (the new units' w(2) start at 0 while their h do not, so their first gradients are
 * large). The note's length, 0 when there is nothing to say. view_equation.c */
int view_growth_note(const snap *s, char *buf, size_t len);
/* The next-step strip's text beside a two-input scene's maps page (pure): there the pending gd step is each
 * unit's line e_k = 0 after it, dashed on its e_k map, drawn factor times as far (0: ∇L ≈ 0, nothing shown).
 * The text's length. view_equation.c */
int view_maps_step_text(const snap *s, double factor, char *buf, size_t len);
/* The next-step strip's text on the pages that draw no pending step (all but the train page; pure): what Step
 * does, with which η, and that the train view draws it. The text's length. view_equation.c */
int view_page_step_text(const snap *s, char *buf, size_t len);
/* The small diagram (names only) in r, e.g. the hidden-layer panel's place on the train page. */
void view_draw_diagram_small(view_frame *f, const draw_rect *r); /* view_diagram.c */
/* The universal scene's maps brought up to f->s (view_maps.c): evaluated when the weights changed, else
 * as they were; NULL with f->rc = -1 on failure. */
view_mapdata *view_maps_data(view_frame *f);
/* The factor the maps draw the pending update's lines with (the farthest moves about 0.15 of x's units);
 * 0 when no update is shown. view_maps.c */
double view_maps_update_factor(const view_frame *f);
/* The value σ takes at the unit's switching point, where the bar for h crosses from off to on. */
double view_act_threshold(nn_act a);    /* view_bars.c */

/* The pages other than the four panels, each in its own file, each drawn in f->lay->page. */
void view_draw_maps(view_frame *f);      /* view_maps.c: a two-input, one-output scene's train page */
/* view.c: 1 when the layout has the loss panel beside its page (presenter mode's band), drawn with any page */
int view_loss_beside_page(const view_layout *lay);
void view_draw_diagram(view_frame *f);   /* view_diagram.c */
void view_draw_nonlin(view_frame *f);    /* view_nonlin.c */
void view_draw_ledger(view_frame *f);    /* view_ledger.c */
void view_draw_landscape(view_frame *f); /* view_landscape.c */
void view_draw_surface(view_frame *f);   /* view_surface.c */
void view_surfdata_destroy(view_surfdata *sd); /* view_surface.c; NULL is fine */
void view_draw_sweep(view_frame *f);     /* view_sweep.c */
/* A page's frame and title with one line saying what it would show and why it does not (a page this
 * scene has no use for, or one not drawn yet). */
void view_page_note(view_frame *f, const char *title, const char *msg);

/* view_meter.c: the stability meter, η·λ_max against the optimizer's limit, as a bar in r (one line) */
void view_draw_meter(view_frame *f, const draw_rect *r);
/* The same, small, in the bottom-left corner of the loss plot's area r (the train page). */
void view_draw_meter_corner(view_frame *f, const draw_rect *r);
/* The meter's colour for its level (ok, near, over). */
SDL_Color view_meter_colour(const draw_palette *pal, int level);

/* E[y | x] along the probe path in the output plane, when the tokens are noisy or jittered (view_mmse.c). */
void view_draw_mmse(view_frame *f, const view_xform *t, const draw_rect *box);
/* Its name, "E[y | x]", beside the curve where it covers no token and no label (after the markers are drawn). */
void view_label_mmse(view_frame *f, const view_xform *t);
/* 1 when some token's y differs from E[y | x] at its x (the targets are noisy). */
int view_mmse_noisy(const snap *s);
/* The noisy targets y_i as discs in the heat palette's colours (scale m_out) over the clean f map m, when
 * the tokens are noisy (D = 2, K = 1). */
void view_draw_mmse_tokens(view_frame *f, const draw_rect *m, double scale);
/* The f map's title: "target f(x)", or "E[y | x] = f(x), …" when the tokens are noisy (shorter: its short form). */
const char *view_mmse_f_title(const snap *s, int shorter);

/* view_status.c: the status line and the overlays */
void view_draw_status(view_frame *f);
void view_draw_banners(view_frame *f);
void view_draw_help(view_frame *f);
void view_draw_rec(view_frame *f);
/* The recording marker's text and pill width; 0 when not recording. */
float view_rec_pill(view_frame *f, char *msg, size_t len);

#endif
