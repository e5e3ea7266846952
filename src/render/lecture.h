/* lecture: every quantity lecture mode shows (forward values, ε, δ, the pending gd update and each
 * token's share of it, the output chain, phase equations), computed from one snapshot; no SDL.
 * Any thread, on a snapshot it may read; nothing here allocates or keeps state.
 * Invariants: the pending update is −η × the snapshot's grad with frozen parameters at 0, nn.h layout,
 * and the per-token shares sum to it; units are 0-based here, printed 1-based as in the lecture. */
#ifndef RENDER_LECTURE_H
#define RENDER_LECTURE_H

#include <stddef.h>

#include "train/snapshot.h"

/* ---- one token (or any input x) through the network ---- */

typedef struct {
    int token;                    /* index into the snapshot's tokens, -1 for a free input */
    int has_target;               /* 0 for a free input: err, eps and delta are 0 */
    int n_hidden;
    double x[NN_MAX_IO];          /* (D) */
    double y[NN_MAX_IO];          /* (K) target (0 when has_target is 0) */
    double e[NN_MAX_HIDDEN];      /* (N) e(1)_k = b(1)_k + w̄(1)_k·x */
    double h[NN_MAX_HIDDEN];      /* (N) h_k = σ(e(1)_k) */
    double dsig[NN_MAX_HIDDEN];   /* (N) σ'(e(1)_k), gain included */
    double yhat[NN_MAX_IO];       /* (K) ŷ = b(2) + Σ_k w(2)_k h_k */
    double err[NN_MAX_IO];        /* (K) ŷ − y: the red arrow */
    double eps[NN_MAX_IO];        /* (K) ε = ∇_{e(2)} L = (ŷ − y)/n, the lecture's ε */
    double delta[NN_MAX_HIDDEN];  /* (N) δ_k = σ'(e(1)_k) w(2)_kᵀ ε */
} lect_token;

/* Token i (0 <= i < s->n) of the snapshot. */
void lect_token_compute(const snap *s, int i, lect_token *out);
/* Any input x (D); y (K) may be NULL (a point on the θ slider that is not a token). With a target,
 * ε is scaled by 1/s->n as if x were one of the snapshot's tokens. */
void lect_token_eval(const snap *s, const double *x /* (D) */, const double *y /* (K) or NULL */,
                     lect_token *out);

/* The output chain tip to tail: pts row 0 = b(2), row k+1 = row k + w(2)_k h_k, row N = ŷ
 * (summed in nn_forward's order, so the last row equals t->yhat). Returns N + 1 (rows written). */
int lect_chain(const snap *s, const lect_token *t, double *pts /* (N + 1, K) */);

/* ---- the pending update (what a gd step of η = s->lr would do) ---- */

typedef struct {
    int n_hidden;
    double lr;
    nn_layout lay;             /* the snapshot's layout (nn_layout_of): where dp's blocks sit */
    double dp[SNAP_PARAM_MAX]; /* (P) −η ∇L, laid out as lay says; 0 where frozen */
} lect_update;

/* From s->grad, honouring s->frozen (the arrows of frozen parameters are 0, as the step will be). */
void lect_update_compute(const snap *s, lect_update *u);
/* One token's share: −η δ_ki x_i (w̄(1)_k), −η δ_ki (b(1)_k), −η h_ki ε_i (w(2)_k), −η ε_i (b(2));
 * frozen parameters 0. Summed over the snapshot's tokens it equals lect_update_compute's dp. */
void lect_token_share(const snap *s, const lect_token *t, lect_update *u);
/* The same share for one unit only (cheap, for drawing n faint arrows per unit). */
void lect_token_share_unit(const snap *s, const lect_token *t, int unit, double *dw1 /* (D) */, double *db1,
                           double *dw2 /* (K) */);

/* Views into an update's dp (k 0-based). */
const double *lect_dw1(const lect_update *u, int k); /* (D) arrow at the tip of w̄(1)_k */
double lect_db1(const lect_update *u, int k);
const double *lect_dw2(const lect_update *u, int k); /* (K) arrow at link k of the chain */
const double *lect_db2(const lect_update *u);        /* (K) */
/* Longest batch arrow in each plane: input plane over w̄(1)_k; output plane over w(2)_k and b(2). */
void lect_update_longest(const lect_update *u, double *in_len, double *out_len);
/* Where the arrows point: p_tip = s->p + u->dp (P). After a gd step these are the new weights. */
void lect_update_tips(const snap *s, const lect_update *u, double *p_tip /* (P) */);

/* ---- a readable length for short arrows ---- */

typedef struct {
    double factor;  /* 1, 2 or 5 × 10^k, >= 1: arrows are drawn factor times longer */
    char label[24]; /* "×50"; "" when factor is 1 */
} lect_scale;

/* The largest nice factor >= 1 with longest × factor <= target (e.g. 0.15 × the plane's span),
 * 1 when longest is 0 or already long enough. */
lect_scale lect_display_scale(double longest, double target);

/* ---- phases of one gd step ---- */

typedef enum { LECT_OFF, LECT_FORWARD, LECT_ERROR, LECT_LAYER2, LECT_LAYER1, LECT_UPDATE, LECT_PHASE_COUNT } lect_phase;

/* What a phase shows (each phase keeps what the earlier ones showed; LECT_OFF shows everything,
 * the view decides to draw the update arrows only when paused). */
enum {
    LECT_SHOW_FORWARD = 1, /* x, e, h, ŷ, the chain */
    LECT_SHOW_ERROR = 2,   /* ε_i */
    LECT_SHOW_GRAD2 = 4,   /* −η ∇ W(2), b(2) arrows */
    LECT_SHOW_GRAD1 = 8,   /* δ and −η ∇ W(1), b(1) arrows */
    LECT_SHOW_MOVE = 16    /* the weights move (animated) */
};
unsigned lect_phase_shows(lect_phase p);
/* OFF → FORWARD → ERROR → LAYER2 → LAYER1 → UPDATE → FORWARD (the next step's forward pass). */
lect_phase lect_phase_next(lect_phase p);
/* FORWARD → OFF, OFF stays OFF, else the previous phase. */
lect_phase lect_phase_prev(lect_phase p);
const char *lect_phase_name(lect_phase p); /* "forward", "error", "layer 2", "layer 1", "update", "off" */

/* Numbers in equations: printf "%.3g", minus as U+2212 "−", "-0" printed as "0". Returns bytes written. */
int lect_fmt_num(char *buf, size_t len, double x);
/* How the activation of argument arg is named: "σ(arg)" when the gain a is 1, else "σ(a·arg)"; its
 * derivative with respect to arg: "σ′(arg)", else "a·σ′(a·arg)". One rule for every panel. */
void lect_sigma_name(char *buf, size_t len, double gain, const char *arg);
void lect_dsigma_name(char *buf, size_t len, double gain, const char *arg);
/* ", a = 9.2" when the gain is not 1, else "": said once beside a name that shows a. */
void lect_gain_note(char *buf, size_t len, double gain);
/* The phase's formula in the lecture's notation with live numbers of token `token` and unit `unit`
 * (0-based; out of range picks unit 0), UTF-8, lines separated by '\n'. LECT_OFF gives "".
 * Returns the length the full text has (as snprintf: >= len means it was truncated). */
int lect_equation(const snap *s, int token, int unit, lect_phase p, char *buf, size_t len);

/* ---- animating the update ---- */

#define LECT_ALL_UNITS (-1)
#define LECT_OUTPUT_BIAS (-2) /* b(2) alone */

/* p_out = p + t (p_after − p) on the parameters of only_unit (w̄(1)_k, b(1)_k, w(2)_k), of b(2) for
 * LECT_OUTPUT_BIAS, or of all for LECT_ALL_UNITS; every other parameter stays at before's value.
 * t in [0, 1]; at t = 1 the moved parameters equal p_after exactly. p_out may alias p_after. */
void lect_interpolate(const snap *before, const double *p_after /* (P) */, double t, int only_unit,
                      double *p_out /* (P) */);
/* Unit by unit: t in [0, 1] runs through N + 1 equal segments, unit 0 .. N−1 then b(2); units already
 * done sit at p_after, later ones at before. Returns the segment moving now (unit, or LECT_OUTPUT_BIAS). */
int lect_interpolate_units(const snap *before, const double *p_after /* (P) */, double t, double *p_out /* (P) */);

#endif
