/* lecture: every quantity lecture mode shows, computed from one snapshot; no SDL.
 * Any thread, on a snapshot it may read; pure functions over the caller's buffers.
 * Invariants: forward values come from nn_forward and σ' from nn_act_df, so what is drawn is what trains;
 * the pending update follows the trainer's freeze mask (s->frozen) parameter for parameter, and every offset
 * comes from nn_layout_of. */
#include "render/lecture.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The snapshot's parameter layout (nn_layout_of through the view snap_net builds), so offsets are never
 * computed here. The snapshot holds one hidden layer: W(1) is lay.w[1], the output W(2) lay.w[L+1]. */
static void snap_layout(const snap *s, nn_layout *lay)
{
    nn_net net;
    snap_net(s, &net);
    nn_net_layout(&net, lay);
}

/* The parameter blocks one unit and the output bias occupy, read off a layout. */
typedef struct {
    int d, k;           /* D, K */
    size_t w1, b1;      /* offsets of W(1) (N, D) and b(1) (N) */
    size_t w2, b2;      /* offsets of the output W(2) (N, K) and b(2) (K) */
    size_t count;       /* P */
} blocks;

static blocks blocks_of(const nn_layout *lay)
{
    int out = lay->n_layers + 1;
    return (blocks){.d = lay->n[0], .k = lay->n[out], .w1 = lay->w[1], .b1 = lay->b[1], .w2 = lay->w[out],
                    .b2 = lay->b[out], .count = lay->count};
}

static blocks snap_blocks(const snap *s)
{
    nn_layout lay;
    snap_layout(s, &lay);
    return blocks_of(&lay);
}

/* Which parameters learn is the trainer's mask (s->frozen), not a rule re-derived here: unit k's w̄(1)_k
 * and b(1)_k learn together, as do its w(2)_k, so the first entry of each block speaks for it. */
static int layer1_learns(const snap *s, const blocks *bl, int unit)
{
    return !s->frozen[bl->w1 + (size_t)unit * (size_t)bl->d];
}

static int layer2_learns(const snap *s, const blocks *bl, int unit)
{
    return !s->frozen[bl->w2 + (size_t)unit * (size_t)bl->k];
}

static int bias2_learns(const snap *s, const blocks *bl) { return !s->frozen[bl->b2]; }

/* ---------------------------------------------------------------- one token */

void lect_token_eval(const snap *s, const double *x, const double *y, lect_token *out)
{
    nn_net net;
    snap_net(s, &net);
    int n = s->hidden, d = net.d, k_out = net.k;
    out->token = -1;
    out->has_target = y != NULL;
    out->n_hidden = n;
    memset(out->x, 0, sizeof out->x);
    memcpy(out->x, x, (size_t)d * sizeof *x);
    nn_forward(&net, x, out->e, out->h, out->yhat);
    for (int k = 0; k < n; k++) out->dsig[k] = nn_act_df(s->act, s->gain, out->e[k]);
    for (int o = 0; o < k_out; o++) {
        out->y[o] = y ? y[o] : 0.0;
        out->err[o] = y ? out->yhat[o] - y[o] : 0.0;
        out->eps[o] = out->err[o] / s->n; /* the same expression as nn_loss_grad_ref's ε */
    }
    /* δ_k = σ'(e_k) (W(2)ᵀ ε)_k, in nn_backward's order of operations */
    for (int k = 0; k < n; k++) {
        double back = 0.0;
        for (int o = 0; o < k_out; o++) back += net.w2[(size_t)k * (size_t)k_out + (size_t)o] * out->eps[o];
        out->delta[k] = out->dsig[k] * back;
    }
}

void lect_token_compute(const snap *s, int i, lect_token *out)
{
    assert(i >= 0 && i < s->n);
    lect_token_eval(s, s->x + (size_t)i * (size_t)s->d, s->y + (size_t)i * (size_t)s->k, out);
    out->token = i;
}

int lect_chain(const snap *s, const lect_token *t, double *pts)
{
    nn_net net;
    snap_net(s, &net);
    int n = s->hidden;
    size_t K = (size_t)net.k;
    assert(t->n_hidden == n);
    for (size_t o = 0; o < K; o++) pts[o] = net.b2[o];
    for (int k = 0; k < n; k++)
        for (size_t o = 0; o < K; o++)
            pts[(size_t)(k + 1) * K + o] = pts[(size_t)k * K + o] + net.w2[(size_t)k * K + o] * t->h[k];
    return n + 1;
}

/* ---------------------------------------------------------------- the pending update */

void lect_update_compute(const snap *s, lect_update *u)
{
    snap_layout(s, &u->lay);
    u->n_hidden = s->hidden;
    u->lr = s->lr;
    /* parameter for parameter, as the trainer's step masks its update */
    for (size_t i = 0; i < u->lay.count; i++) u->dp[i] = s->frozen[i] ? 0.0 : -s->lr * s->grad[i];
}

void lect_token_share_unit(const snap *s, const lect_token *t, int unit, double *dw1, double *db1, double *dw2)
{
    assert(unit >= 0 && unit < s->hidden && t->n_hidden == s->hidden);
    blocks bl = snap_blocks(s);
    int l1 = layer1_learns(s, &bl, unit), l2 = layer2_learns(s, &bl, unit);
    for (int j = 0; j < bl.d; j++) dw1[j] = l1 ? -s->lr * (t->delta[unit] * t->x[j]) : 0.0;
    *db1 = l1 ? -s->lr * t->delta[unit] : 0.0;
    for (int o = 0; o < bl.k; o++) dw2[o] = l2 ? -s->lr * (t->h[unit] * t->eps[o]) : 0.0;
}

void lect_token_share(const snap *s, const lect_token *t, lect_update *u)
{
    snap_layout(s, &u->lay);
    blocks bl = blocks_of(&u->lay);
    int n = s->hidden;
    u->n_hidden = n;
    u->lr = s->lr;
    for (int k = 0; k < n; k++)
        lect_token_share_unit(s, t, k, u->dp + bl.w1 + (size_t)k * (size_t)bl.d, u->dp + bl.b1 + (size_t)k,
                              u->dp + bl.w2 + (size_t)k * (size_t)bl.k);
    int b2 = bias2_learns(s, &bl);
    for (int o = 0; o < bl.k; o++) u->dp[bl.b2 + (size_t)o] = b2 ? -s->lr * t->eps[o] : 0.0;
}

const double *lect_dw1(const lect_update *u, int k)
{
    assert(k >= 0 && k < u->n_hidden);
    blocks bl = blocks_of(&u->lay);
    return u->dp + bl.w1 + (size_t)k * (size_t)bl.d;
}

double lect_db1(const lect_update *u, int k)
{
    assert(k >= 0 && k < u->n_hidden);
    return u->dp[blocks_of(&u->lay).b1 + (size_t)k];
}

const double *lect_dw2(const lect_update *u, int k)
{
    assert(k >= 0 && k < u->n_hidden);
    blocks bl = blocks_of(&u->lay);
    return u->dp + bl.w2 + (size_t)k * (size_t)bl.k;
}

const double *lect_db2(const lect_update *u) { return u->dp + blocks_of(&u->lay).b2; }

/* Euclidean length; for two entries exactly hypot(v0, v1), since hypot(0, x) = |x|. */
static double norm(const double *v, int dim)
{
    double r = 0.0;
    for (int i = 0; i < dim; i++) r = hypot(r, v[i]);
    return r;
}

void lect_update_longest(const lect_update *u, double *in_len, double *out_len)
{
    blocks bl = blocks_of(&u->lay);
    double a = 0.0, b = norm(lect_db2(u), bl.k);
    for (int k = 0; k < u->n_hidden; k++) {
        a = fmax(a, norm(lect_dw1(u, k), bl.d));
        b = fmax(b, norm(lect_dw2(u, k), bl.k));
    }
    *in_len = a;
    *out_len = b;
}

void lect_update_tips(const snap *s, const lect_update *u, double *p_tip)
{
    assert(u->n_hidden == s->hidden);
    for (size_t i = 0; i < u->lay.count; i++) p_tip[i] = s->p[i] + u->dp[i];
}

/* ---------------------------------------------------------------- display scale */

/* Beyond this the arrows would show rounding noise (e.g. the hand-built solution's ε ≈ 1e-17). */
#define SCALE_MAX 1e5

lect_scale lect_display_scale(double longest, double target)
{
    lect_scale sc = {1.0, ""};
    if (!(longest > 0) || !isfinite(longest) || !(target > 0) || !isfinite(target)) return sc;
    double raw = fmin(target / longest, SCALE_MAX);
    if (raw < 2) return sc;
    /* the largest of 1, 2, 5 × 10^k not above raw (within rounding) */
    double p = pow(10, floor(log10(raw)));
    if (raw / p >= 10 * (1 - 1e-12)) p *= 10; /* log10 of an exact 10^k may round below k */
    double m = raw / p;
    sc.factor = (m >= 5 * (1 - 1e-12) ? 5 : m >= 2 * (1 - 1e-12) ? 2 : 1) * p;
    snprintf(sc.label, sizeof sc.label, "\xc3\x97%.0f", sc.factor);
    return sc;
}

/* ---------------------------------------------------------------- phases */

unsigned lect_phase_shows(lect_phase p)
{
    static const unsigned shows[LECT_PHASE_COUNT] = {
        [LECT_OFF] = LECT_SHOW_FORWARD | LECT_SHOW_ERROR | LECT_SHOW_GRAD2 | LECT_SHOW_GRAD1,
        [LECT_FORWARD] = LECT_SHOW_FORWARD,
        [LECT_ERROR] = LECT_SHOW_FORWARD | LECT_SHOW_ERROR,
        [LECT_LAYER2] = LECT_SHOW_FORWARD | LECT_SHOW_ERROR | LECT_SHOW_GRAD2,
        [LECT_LAYER1] = LECT_SHOW_FORWARD | LECT_SHOW_ERROR | LECT_SHOW_GRAD2 | LECT_SHOW_GRAD1,
        [LECT_UPDATE] = LECT_SHOW_FORWARD | LECT_SHOW_ERROR | LECT_SHOW_GRAD2 | LECT_SHOW_GRAD1 | LECT_SHOW_MOVE,
    };
    assert(p >= 0 && p < LECT_PHASE_COUNT);
    return shows[p];
}

lect_phase lect_phase_next(lect_phase p)
{
    assert(p >= 0 && p < LECT_PHASE_COUNT);
    return p == LECT_UPDATE ? LECT_FORWARD : (lect_phase)(p + 1);
}

lect_phase lect_phase_prev(lect_phase p)
{
    assert(p >= 0 && p < LECT_PHASE_COUNT);
    return p == LECT_OFF ? LECT_OFF : (lect_phase)(p - 1);
}

const char *lect_phase_name(lect_phase p)
{
    static const char *const names[LECT_PHASE_COUNT] = {"off", "forward", "error", "layer 2", "layer 1", "update"};
    assert(p >= 0 && p < LECT_PHASE_COUNT);
    return names[p];
}

/* ---------------------------------------------------------------- equations */

int lect_fmt_num(char *buf, size_t len, double x)
{
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%.3g", x);
    const char *p = tmp;
    if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1)) p = tmp + 1; /* "-0" */
    size_t o = 0;
    for (; *p; p++) {
        const char *piece = *p == '-' ? "\xe2\x88\x92" : NULL;
        size_t pl = piece ? 3 : 1;
        if (o + pl < len) {
            if (piece) memcpy(buf + o, piece, pl);
            else buf[o] = *p;
        }
        o += pl;
    }
    if (len) buf[o < len ? o : len - 1] = 0;
    return (int)o;
}

/* An append-only text buffer that counts what would have been written (snprintf semantics). */
typedef struct {
    char *buf;
    size_t len, used;
} sbuf;

static void put(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void put(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = b->used < b->len ? b->len - b->used : 0;
    int w = vsnprintf(room ? b->buf + b->used : NULL, room, fmt, ap);
    va_end(ap);
    if (w > 0) b->used += (size_t)w;
}

static void num(sbuf *b, double x)
{
    char t[64];
    lect_fmt_num(t, sizeof t, x);
    put(b, "%s", t);
}

/* A factor after "·": negative numbers in parentheses. */
static void factor(sbuf *b, double x)
{
    char t[64];
    lect_fmt_num(t, sizeof t, x);
    put(b, x < 0 && strcmp(t, "0") != 0 ? "(%s)" : "%s", t);
}

static void vec(sbuf *b, const double *v, int dim)
{
    put(b, "(");
    for (int i = 0; i < dim; i++) {
        if (i) put(b, ", ");
        num(b, v[i]);
    }
    put(b, ")");
}

/* Subscript digits of k, e.g. 12 -> "₁₂". */
static void sub(sbuf *b, int k)
{
    char digits[16];
    snprintf(digits, sizeof digits, "%d", k);
    for (const char *d = digits; *d; d++) put(b, "\xe2\x82%c", (char)(0x80 + (*d - '0')));
}

#define SUP1 "\xe2\x81\xbd\xc2\xb9\xe2\x81\xbe" /* ⁽¹⁾ */
#define SUP2 "\xe2\x81\xbd\xc2\xb2\xe2\x81\xbe" /* ⁽²⁾ */
#define WBAR "w\xcc\x84"                         /* w̄ */
#define ETA "\xce\xb7"
#define EPS "\xce\xb5"
#define DELTA "\xce\xb4"
#define SIGMA "\xcf\x83"
#define PRIME "\xe2\x80\xb2"
#define YHAT "y\xcc\x82"
#define MINUS "\xe2\x88\x92"
#define DOT " \xc2\xb7 "
#define ARROW " \xe2\x86\x92 "
#define LARROW " \xe2\x86\x90 "
#define SUM "\xce\xa3"
#define NABLA "\xe2\x88\x87"
#define TRANSP "\xe1\xb5\x80"
#define SUB_I "\xe1\xb5\xa2"

static void frozen_note(sbuf *b, int learns)
{
    if (!learns) put(b, "   (frozen: no change)");
}

void lect_sigma_name(char *buf, size_t len, double gain, const char *arg)
{
    if (gain == 1.0)
        snprintf(buf, len, SIGMA "(%s)", arg);
    else
        snprintf(buf, len, SIGMA "(a\xc2\xb7%s)", arg);
}

void lect_dsigma_name(char *buf, size_t len, double gain, const char *arg)
{
    if (gain == 1.0)
        snprintf(buf, len, SIGMA PRIME "(%s)", arg);
    else /* d/de σ(a·e) = a·σ′(a·e): what nn_act_df returns */
        snprintf(buf, len, "a\xc2\xb7" SIGMA PRIME "(a\xc2\xb7%s)", arg);
}

void lect_gain_note(char *buf, size_t len, double gain)
{
    char a[32];
    lect_fmt_num(a, sizeof a, gain);
    if (gain == 1.0)
        snprintf(buf, len, "%s", "");
    else
        snprintf(buf, len, ", a = %s", a);
}

/* σ(e⁽¹⁾_u1), or its derivative, as the gain names it. */
static void sigma_of_e1(sbuf *b, double gain, int u1, int deriv)
{
    char arg[32], name[64];
    sbuf ab = {arg, sizeof arg, 0};
    put(&ab, "e" SUP1);
    sub(&ab, u1);
    if (deriv)
        lect_dsigma_name(name, sizeof name, gain, arg);
    else
        lect_sigma_name(name, sizeof name, gain, arg);
    put(b, "%s", name);
}

/* What every phase's formula reads: the snapshot, its network and layout, the token through it, and
 * the unit (0-based k; u1 = k + 1, as the lecture numbers units from 1). */
typedef struct {
    const snap *s;
    nn_net net;
    blocks bl;
    int D, K;
    int token, k, u1;
    lect_token t;
    const double *w1k, *w2k; /* (D) w̄(1)_k, (K) w(2)_k */
} eq_ctx;

/* e(1)_k, h_k and ŷ for the token: what the forward pass computes. */
static void eq_forward(sbuf *b, const eq_ctx *q)
{
    const nn_net *net = &q->net;
    const int D = q->D;
    const int K = q->K;
    const int k = q->k;
    const int u1 = q->u1;
    const lect_token *t = &q->t;
    const double *w1k = q->w1k;
    const double *w2k = q->w2k;
    put(b, "e" SUP1);
    sub(b, u1);
    put(b, " = b" SUP1);
    sub(b, u1);
    put(b, " + " WBAR SUP1);
    sub(b, u1);
    put(b, "\xc2\xb7x = ");
    num(b, net->b1[k]);
    put(b, " + ");
    vec(b, w1k, D);
    put(b, "\xc2\xb7");
    vec(b, t->x, D);
    put(b, " = ");
    num(b, t->e[k]);
    put(b, ";   h");
    sub(b, u1);
    put(b, " = ");
    sigma_of_e1(b, q->s->gain, u1, 0);
    put(b, " = ");
    num(b, t->h[k]);
    if (q->s->gain != 1.0) {
        put(b, "   (a = ");
        num(b, q->s->gain);
        put(b, ")");
    }
    put(b, "\n" YHAT " = b" SUP2 " + " SUM " w" SUP2 "\xe2\x82\x96h\xe2\x82\x96 = ");
    vec(b, net->b2, K);
    put(b, " + \xe2\x80\xa6 + ");
    vec(b, w2k, K);
    put(b, DOT);
    factor(b, t->h[k]);
    put(b, " + \xe2\x80\xa6 = ");
    vec(b, t->yhat, K);
}

/* ŷ − y, ε and L: what the error phase adds. */
static void eq_error(sbuf *b, const eq_ctx *q)
{
    const snap *s = q->s;
    const int K = q->K;
    const lect_token *t = &q->t;
    put(b, YHAT " " MINUS " y = ");
    vec(b, t->yhat, K);
    put(b, " " MINUS " ");
    vec(b, t->y, K);
    put(b, " = ");
    vec(b, t->err, K);
    put(b, "\n" EPS " = " NABLA "e" SUP2 " L = (" YHAT " " MINUS " y)/n = ");
    vec(b, t->err, K);
    put(b, "/%d = ", s->n);
    vec(b, t->eps, K);
    put(b, "\nL = 1/(2n) " SUM "\xe1\xb5\xa2 \xe2\x80\x96" YHAT "\xe1\xb5\xa2 " MINUS
            " y\xe1\xb5\xa2\xe2\x80\x96\xc2\xb2 = ");
    num(b, s->loss);
}

/* The token's share of −η∇w(2)_k, the batch arrow and −η∇b(2). */
static void eq_layer2(sbuf *b, const eq_ctx *q)
{
    const snap *s = q->s;
    const blocks *bl = &q->bl;
    const int K = q->K;
    const int k = q->k;
    const int u1 = q->u1;
    const int token = q->token;
    const lect_token *t = &q->t;
    lect_update u;
    lect_update_compute(s, &u);
    double share[NN_MAX_IO];
    for (int o = 0; o < K; o++) share[o] = -s->lr * (t->h[k] * t->eps[o]);
    put(b, DELTA "w" SUP2);
    sub(b, u1);
    put(b, " = " MINUS ETA " h");
    sub(b, u1);
    put(b, " " EPS " = ");
    num(b, -s->lr);
    put(b, DOT);
    factor(b, t->h[k]);
    put(b, DOT);
    vec(b, t->eps, K);
    put(b, " = ");
    vec(b, share, K);
    put(b, "   (token %d)", token + 1); /* numbered from 1, as the view does */
    put(b, "\n" MINUS ETA " " NABLA "w" SUP2);
    sub(b, u1);
    put(b, " L = " MINUS ETA " " SUM SUB_I " h");
    sub(b, u1);
    put(b, SUB_I " " EPS SUB_I " = ");
    vec(b, lect_dw2(&u, k), K);
    put(b, "   (all %d tokens)", s->n);
    frozen_note(b, layer2_learns(s, bl, k));
    put(b, "\n" MINUS ETA " " NABLA "b" SUP2 " L = " MINUS ETA " " SUM SUB_I " " EPS SUB_I " = ");
    vec(b, lect_db2(&u), K);
    frozen_note(b, bias2_learns(s, bl));
}

/* δ_k, the token's share of −η∇w̄(1)_k, the batch arrows of w̄(1)_k and b(1)_k. */
static void eq_layer1(sbuf *b, const eq_ctx *q)
{
    const snap *s = q->s;
    const blocks *bl = &q->bl;
    const int D = q->D;
    const int K = q->K;
    const int k = q->k;
    const int u1 = q->u1;
    const int token = q->token;
    const lect_token *t = &q->t;
    const double *w2k = q->w2k;
    lect_update u;
    lect_update_compute(s, &u);
    double back = 0.0, share[NN_MAX_IO];
    for (int o = 0; o < K; o++) back += w2k[o] * t->eps[o];
    for (int j = 0; j < D; j++) share[j] = -s->lr * (t->delta[k] * t->x[j]);
    put(b, DELTA);
    sub(b, u1);
    put(b, " = ");
    sigma_of_e1(b, s->gain, u1, 1);
    put(b, " w" SUP2);
    sub(b, u1);
    put(b, TRANSP EPS " = ");
    num(b, t->dsig[k]);
    put(b, DOT);
    vec(b, w2k, K);
    put(b, "\xc2\xb7");
    vec(b, t->eps, K);
    put(b, " = ");
    num(b, t->dsig[k]);
    put(b, DOT);
    factor(b, back);
    put(b, " = ");
    num(b, t->delta[k]);
    put(b, "\n" DELTA WBAR SUP1);
    sub(b, u1);
    put(b, " = " MINUS ETA " " DELTA);
    sub(b, u1);
    put(b, " x = ");
    num(b, -s->lr);
    put(b, DOT);
    factor(b, t->delta[k]);
    put(b, DOT);
    vec(b, t->x, D);
    put(b, " = ");
    vec(b, share, D);
    put(b, "   (token %d)", token + 1); /* numbered from 1, as the view does */
    put(b, "\n" MINUS ETA " " NABLA WBAR SUP1);
    sub(b, u1);
    put(b, " L = " MINUS ETA " " SUM SUB_I " " DELTA);
    sub(b, u1);
    put(b, SUB_I " x" SUB_I " = ");
    vec(b, lect_dw1(&u, k), D);
    put(b, ";   " MINUS ETA " " NABLA "b" SUP1);
    sub(b, u1);
    put(b, " L = ");
    num(b, lect_db1(&u, k));
    frozen_note(b, layer1_learns(s, bl, k));
    if (s->act == NN_ACT_STEP || s->act == NN_ACT_SIGNUM)
        put(b, "\n" SIGMA PRIME " = 0 for the %s: layer 1 does not learn", nn_act_name(s->act));
}

/* Each parameter of unit k and b(2) before and after the step the arrows predict. */
static void eq_update(sbuf *b, const eq_ctx *q)
{
    const snap *s = q->s;
    const nn_net *net = &q->net;
    const blocks *bl = &q->bl;
    const int D = q->D;
    const int K = q->K;
    const int k = q->k;
    const int u1 = q->u1;
    const double *w1k = q->w1k;
    const double *w2k = q->w2k;
    lect_update u;
    lect_update_compute(s, &u);
    double tip[SNAP_PARAM_MAX];
    lect_update_tips(s, &u, tip);
    put(b, "W" LARROW "W " MINUS " " ETA NABLA "L   (step %lld" ARROW "%lld, " ETA " = ", (long long)s->step,
        (long long)s->step + 1);
    num(b, s->lr);
    put(b, ")");
    put(b, "\n" WBAR SUP1);
    sub(b, u1);
    put(b, ": ");
    vec(b, w1k, D);
    put(b, ARROW);
    vec(b, tip + bl->w1 + (size_t)k * (size_t)D, D);
    put(b, ";   b" SUP1);
    sub(b, u1);
    put(b, ": ");
    num(b, net->b1[k]);
    put(b, ARROW);
    num(b, tip[bl->b1 + (size_t)k]);
    put(b, "\nw" SUP2);
    sub(b, u1);
    put(b, ": ");
    vec(b, w2k, K);
    put(b, ARROW);
    vec(b, tip + bl->w2 + (size_t)k * (size_t)K, K);
    put(b, ";   b" SUP2 ": ");
    vec(b, net->b2, K);
    put(b, ARROW);
    vec(b, tip + bl->b2, K);
    if (s->opt != NN_OPT_GD)
        put(b, "\nthe arrows show gd's step; %s takes its own", nn_opt_name(s->opt));
}

/* One writer per phase, indexed by phase; LECT_OFF has none (it shows no formula). */
typedef void (*eq_writer)(sbuf *b, const eq_ctx *q);
static const eq_writer eq_writers[LECT_PHASE_COUNT] = {
    [LECT_FORWARD] = eq_forward, [LECT_ERROR] = eq_error,   [LECT_LAYER2] = eq_layer2,
    [LECT_LAYER1] = eq_layer1,   [LECT_UPDATE] = eq_update,
};

int lect_equation(const snap *s, int token, int unit, lect_phase p, char *buf, size_t len)
{
    assert(token >= 0 && token < s->n);
    assert(p >= 0 && p < LECT_PHASE_COUNT);
    sbuf b = {buf, len, 0};
    if (len) buf[0] = 0;
    if (!eq_writers[p]) return 0;
    eq_ctx q;
    q.s = s;
    snap_net(s, &q.net);
    q.bl = snap_blocks(s);
    q.D = q.bl.d;
    q.K = q.bl.k;
    q.token = token;
    q.k = unit >= 0 && unit < s->hidden ? unit : 0;
    q.u1 = q.k + 1;
    lect_token_compute(s, token, &q.t);
    q.w1k = q.net.w1 + (size_t)q.k * (size_t)q.D;
    q.w2k = q.net.w2 + (size_t)q.k * (size_t)q.K;
    eq_writers[p](&b, &q);
    return (int)b.used;
}

/* ---------------------------------------------------------------- animation */

/* Exact at both ends: t = 0 gives a, t = 1 gives b. */
static double lerp(double a, double b, double t) { return (1.0 - t) * a + t * b; }

static void move_unit(const snap *before, const blocks *bl, const double *p_after, double t, int unit,
                      double *p_out)
{
    for (int j = 0; j < bl->d; j++) {
        size_t i = bl->w1 + (size_t)unit * (size_t)bl->d + (size_t)j;
        p_out[i] = lerp(before->p[i], p_after[i], t);
    }
    size_t ib = bl->b1 + (size_t)unit;
    p_out[ib] = lerp(before->p[ib], p_after[ib], t);
    for (int o = 0; o < bl->k; o++) {
        size_t i = bl->w2 + (size_t)unit * (size_t)bl->k + (size_t)o;
        p_out[i] = lerp(before->p[i], p_after[i], t);
    }
}

static void move_bias2(const snap *before, const blocks *bl, const double *p_after, double t, double *p_out)
{
    for (int o = 0; o < bl->k; o++) {
        size_t i = bl->b2 + (size_t)o;
        p_out[i] = lerp(before->p[i], p_after[i], t);
    }
}

/* Copies before's weights into p_out, except the entries that move (so that p_out may alias p_after). */
static void keep(const snap *before, const blocks *bl, int only_unit, double *p_out)
{
    size_t D = (size_t)bl->d, K = (size_t)bl->k;
    for (int k = 0; k < before->hidden; k++) {
        if (k == only_unit) continue;
        memcpy(p_out + bl->w1 + (size_t)k * D, before->p + bl->w1 + (size_t)k * D, D * sizeof *p_out);
        p_out[bl->b1 + (size_t)k] = before->p[bl->b1 + (size_t)k];
        memcpy(p_out + bl->w2 + (size_t)k * K, before->p + bl->w2 + (size_t)k * K, K * sizeof *p_out);
    }
    if (only_unit != LECT_OUTPUT_BIAS)
        memcpy(p_out + bl->b2, before->p + bl->b2, K * sizeof *p_out);
}

void lect_interpolate(const snap *before, const double *p_after, double t, int only_unit, double *p_out)
{
    int n = before->hidden;
    (void)n; /* read by the assert alone: a release build drops it */
    assert(only_unit == LECT_ALL_UNITS || only_unit == LECT_OUTPUT_BIAS || (only_unit >= 0 && only_unit < n));
    blocks bl = snap_blocks(before);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    if (only_unit == LECT_ALL_UNITS) {
        for (size_t i = 0; i < bl.count; i++) p_out[i] = lerp(before->p[i], p_after[i], t);
        return;
    }
    keep(before, &bl, only_unit, p_out);
    if (only_unit == LECT_OUTPUT_BIAS) move_bias2(before, &bl, p_after, t, p_out);
    else move_unit(before, &bl, p_after, t, only_unit, p_out);
}

int lect_interpolate_units(const snap *before, const double *p_after, double t, double *p_out)
{
    int n = before->hidden;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double pos = t * (n + 1);
    int seg = (int)floor(pos);
    if (seg > n) seg = n; /* t = 1: the last segment, finished */
    double local = pos - seg;
    if (t >= 1) local = 1;
    blocks bl = snap_blocks(before);
    for (int k = 0; k < n; k++) move_unit(before, &bl, p_after, k < seg ? 1.0 : k > seg ? 0.0 : local, k, p_out);
    move_bias2(before, &bl, p_after, seg == n ? local : 0.0, p_out);
    return seg == n ? LECT_OUTPUT_BIAS : seg;
}
