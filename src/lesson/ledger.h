/* ledger: the chain rule with numbers for one parameter: per token each factor of dL/dw (ε, Σ_ℓ ε_ℓi w(2)_ℓk,
 * σ′(e(1)_ki), δ, x or h) and its term, the sum, −η·sum, a central-difference check. Pure; any thread.
 * Invariants: one hidden layer; term = dl_de·de_dw; sum = Σ_i term_i in token order, as nn_loss_grad_ref sums. */
#ifndef LESSON_LEDGER_H
#define LESSON_LEDGER_H

#include <stddef.h>

#include "nn/nn.h"
#include "train/snapshot.h"

/* σ′ below this fraction of its largest value (gain/4 logistic, gain for tanh and relu) marks a row
 * saturated: the factor all but stops that token's share from reaching layer 1. */
#define LESSON_LEDGER_SAT_FRACTION 1e-3
/* The finite difference agrees when |fd − sum| <= this · max(|fd|, |sum|) + its rounding floor. */
#define LESSON_LEDGER_FD_TOL 1e-6
/* The difference step: h = this · max(1, |w|), for a 7-point central difference (error O(h⁶), rounding
 * O(ε_mach/h)): a 2-point one at h = 1e-6 loses ~1e-10 to rounding, and a 5-point one at 1e-3 still
 * misses by 1e-5 relative on the small gradients of tanh units at gain 3. */
#define LESSON_LEDGER_FD_STEP 1e-3

/* Which block a parameter is in (one hidden layer: W(1) b(1) W(2) b(2), nn_layout_of's order). */
typedef enum {
    LESSON_PARAM_W1, /* w(1)_kj: from input x_j into hidden unit k (component j of the row w̄(1)_k) */
    LESSON_PARAM_B1, /* b(1)_k */
    LESSON_PARAM_W2, /* w(2)_kj: from hidden unit j to output ŷ_k (component k of the column w(2)_j) */
    LESSON_PARAM_B2  /* b(2)_k */
} lesson_param_kind;

/* A parameter by meaning. Both numbers 0-based as stored; a person reads the hidden unit 1-based (h_1..h_N,
 * the lecture's and the session file's numbering) and the component 0-based (x_0, x_1 and ŷ_0, ŷ_1, as
 * FACTS.md and the planes' axes name them; the lecture's Example #2 writes w(2)_0j and w(1)_k0). */
typedef struct {
    lesson_param_kind kind;
    int unit; /* hidden unit: k of w(1)_kj and b(1)_k, j of w(2)_kj; -1 for b(2) */
    int comp; /* input j of w(1)_kj, output k of w(2)_kj and b(2)_k; -1 for b(1) */
} lesson_param;

/* What the FD check concluded. */
typedef enum {
    LESSON_FD_NONE,     /* not computed (fd = 0 was asked) */
    LESSON_FD_AGREES,   /* within LESSON_LEDGER_FD_TOL relative (or both below the FD's rounding floor) */
    LESSON_FD_DIFFERS,  /* it does not: the ledger or the network code is wrong */
    LESSON_FD_KINK      /* relu/step/signum and some token's e(1)_k within the stencil's reach of 0: L has a
                         * kink or a jump there, so the FD is reported but agreement is not claimed */
} lesson_fd_verdict;

/* One token's row. Fields that the parameter's kind does not use are 0. */
typedef struct {
    int token;               /* i, 0-based (shown as i + 1) */
    double err[NN_MAX_IO];   /* (K) ŷ_ℓi − y_ℓi: the token's red error vector */
    double eps[NN_MAX_IO];   /* (K) ε_ℓi = (ŷ_ℓi − y_ℓi)/n = dL/de(2)_ℓi, the lecture's ε (with its 1/n) */
    double e1;               /* e(1)_ki of the parameter's hidden unit (W1, B1, W2) */
    double h;                /* h_ki = σ(e(1)_ki) of that unit (W1, B1, W2) */
    double back;             /* Σ_ℓ ε_ℓi w(2)_ℓk, the error sent back to unit k (W1, B1) */
    double dsigma;           /* σ′(e(1)_ki), gain included (W1, B1) */
    double dl_de;            /* the first factor, dL/de of the node the parameter feeds:
                              * δ_ki = back · dsigma (W1, B1) or ε_ki (W2, B2) */
    double de_dw;            /* the second factor, ∂e/∂w: x_ji (W1), h_ji (W2), 1 (biases) */
    double term;             /* dl_de · de_dw: this token's share of dL/dw */
    int saturated;           /* W1, B1: |σ′| < LESSON_LEDGER_SAT_FRACTION of its largest value, or σ′ = 0
                              * everywhere (step, signum) */
    int kink;                /* W1, B1 with relu/step/signum: this token's e(1)_k changes sign within the FD
                              * stencil (the reason for LESSON_FD_KINK) */
} lesson_ledger_row;

typedef struct {
    size_t param;               /* index into the flat vector (nn_layout_of) */
    lesson_param which;
    char name[24];              /* lesson_ledger_name's, e.g. "w(2)_03" */
    int n, d, k, hidden;        /* tokens, D, K, N */
    nn_act act;
    double gain;
    double value;               /* w, the parameter's value */
    /* (K) w(2)_ℓk for ℓ = 0..K-1: the column w(2)_k out of the unit (W1, B1; else 0), the weights of
     * Σ_ℓ ε_ℓi w(2)_ℓk, the same in every row */
    double w2col[NN_MAX_IO];
    double sum;                 /* Σ_i term_i = dL/dw, L = 1/(2n) Σ_i ||ŷ_i − y_i||² */
    double eta;                 /* η */
    double update;              /* −η · sum, the gd step of this parameter */
    int frozen;                 /* the freeze setting keeps it still (the snapshot wrapper; else 0) */
    /* saturation (W1, B1 only; 0 for layer 2, whose factors hold no σ′) */
    double dsigma_max;          /* the largest |σ′| of the activation at this gain (0 for step, signum) */
    int sigma_flat;             /* the activation is step or signum: σ′ = 0 everywhere, layer 1 cannot learn */
    int saturated_rows;         /* rows marked saturated */
    /* the central-difference check, on a copy of the weights */
    lesson_fd_verdict fd_verdict;
    double fd;                  /* (45 D(h) − 9 D(2h) + D(3h)) / 60h, D(s) = L(w + s) − L(w − s) */
    double fd_step;             /* h */
    double fd_abs;              /* |fd − sum| */
    double fd_rel;              /* |fd − sum| / max(|fd|, |sum|), 0 when both are 0 */
    double fd_floor;            /* the rounding floor of fd: differences below it are noise */
    int kink_rows;              /* rows whose e(1)_k crosses 0 within the stencil */
    lesson_ledger_row *rows;    /* (n) the caller's buffer, rows[i].token = i */
} lesson_ledger;

/* The parameter at index `param` of the layout (one hidden layer; param < lay->count), and back. */
lesson_param lesson_ledger_param(const nn_layout *lay, size_t param);
size_t lesson_ledger_index(const nn_layout *lay, lesson_param which);

/* The lecture's name: "w(1)_20" (k = unit 2, j = x_0), "b(1)_2", "w(2)_03" (k = ŷ_0, j = unit 3), "b(2)_0";
 * a comma separates the indices when the unit has two or more digits ("w(1)_12,0", "w(2)_0,12").
 * Returns what snprintf returns. */
int lesson_ledger_name(const nn_layout *lay, size_t param, char *buf, size_t len);
/* The same in words, e.g. "w(1)_20, component 0 of w̄(1)_2: the weight from x_0 into h_2"
 * (UTF-8: w̄ is w + U+0304, ŷ is U+0177). Returns what snprintf returns. */
int lesson_ledger_describe(const nn_layout *lay, size_t param, char *buf, size_t len);

/* The ledger of parameter `param` of net (one hidden layer: asserted) over the n >= 1 tokens x (n, D),
 * y (n, K), with learning rate eta; rows (n) is filled and kept in out->rows. Each token's ŷ comes from
 * nn_forward, so sum is bit for bit nn_loss_grad_ref's entry. fd != 0 adds the finite-difference check:
 * six loss evaluations by the fast kernel (nn_loss_grad) on a copy of the weights, about 3 ms each at
 * n·N = 4096·256 on two cores: a window computes it once per (snapshot, parameter), not every frame.
 * net is not changed. */
void lesson_ledger_of(const nn_net *net, const double *x, const double *y, int n, size_t param, double eta,
                      int fd, lesson_ledger *out, lesson_ledger_row *rows /* (n) */);

/* The same from a snapshot: its weights, tokens, activation, gain and η; frozen from its freeze setting.
 * Its ŷ (the kernel's, within 1e-12 of the oracle's) are taken as they are, so only the parameter's own
 * unit is evaluated per token: O(n·D), cheap enough for every new snapshot. rows must hold s->n rows. */
void lesson_ledger_of_snap(const snap *s, size_t param, int fd, lesson_ledger *out,
                           lesson_ledger_row *rows /* (s->n) */);

/* The rows of the m = min(k, n) largest |term|, largest first, ties in token order (a NaN term ranks
 * above every number): idx (k) gets their row indices. rest, if not NULL, gets the sum of the other
 * rows' terms (so the shown terms plus rest is sum up to rounding). Returns m. */
int lesson_ledger_top(const lesson_ledger *l, int k, int *idx /* (k) */, double *rest);

#endif
