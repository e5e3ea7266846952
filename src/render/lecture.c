/* lecture: every quantity lecture mode shows, computed from one snapshot; no SDL.
 * Any thread, on a snapshot it may read; pure functions over the caller's buffers.
 * Invariants: forward values come from nn_forward and σ' from nn_act_df, so what is drawn is what trains;
 * the pending update follows the trainer's freeze rules (train/core.c) parameter for parameter. */
#include "render/lecture.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define D DATA_D
#define K DATA_K

/* Offsets into nn.h's flat layout for N units. */
static size_t off_b1(int n) { return (size_t)n * D; }
static size_t off_w2(int n) { return (size_t)n * (D + 1); }
static size_t off_b2(int n) { return (size_t)n * (D + 1 + K); }

/* train_freeze semantics (snapshot.h): which parameters learn. */
static int layer1_learns(const train_freeze *f, int unit)
{
    return f->only_layer != 2 && (f->only_unit < 0 || f->only_unit == unit);
}

static int layer2_learns(const train_freeze *f, int unit)
{
    return f->only_layer != 1 && (f->only_unit < 0 || f->only_unit == unit);
}

static int bias2_learns(const train_freeze *f) { return f->only_layer != 1; }

/* ---------------------------------------------------------------- one token */

void lect_token_eval(const snap *s, const double *x, const double *y, lect_token *out)
{
    nn_net net;
    snap_net(s, &net);
    int n = s->hidden;
    out->token = -1;
    out->has_target = y != NULL;
    out->n_hidden = n;
    memcpy(out->x, x, sizeof out->x);
    nn_forward(&net, x, out->e, out->h, out->yhat);
    for (int k = 0; k < n; k++) out->dsig[k] = nn_act_df(s->act, s->gain, out->e[k]);
    for (int o = 0; o < K; o++) {
        out->y[o] = y ? y[o] : 0.0;
        out->err[o] = y ? out->yhat[o] - y[o] : 0.0;
        out->eps[o] = out->err[o] / s->n; /* the same expression as nn_loss_grad_ref's ε */
    }
    /* δ_k = σ'(e_k) (W(2)ᵀ ε)_k, in nn_backward's order of operations */
    for (int k = 0; k < n; k++) {
        double back = 0.0;
        for (int o = 0; o < K; o++) back += net.w2[(size_t)k * K + (size_t)o] * out->eps[o];
        out->delta[k] = out->dsig[k] * back;
    }
}

void lect_token_compute(const snap *s, int i, lect_token *out)
{
    assert(i >= 0 && i < s->n);
    lect_token_eval(s, s->x + (size_t)i * D, s->y + (size_t)i * K, out);
    out->token = i;
}

int lect_chain(const snap *s, const lect_token *t, double *pts)
{
    nn_net net;
    snap_net(s, &net);
    int n = s->hidden;
    assert(t->n_hidden == n);
    for (int o = 0; o < K; o++) pts[o] = net.b2[o];
    for (int k = 0; k < n; k++)
        for (int o = 0; o < K; o++)
            pts[(size_t)(k + 1) * K + (size_t)o] =
                pts[(size_t)k * K + (size_t)o] + net.w2[(size_t)k * K + (size_t)o] * t->h[k];
    return n + 1;
}

/* ---------------------------------------------------------------- the pending update */

void lect_update_compute(const snap *s, lect_update *u)
{
    int n = s->hidden;
    u->n_hidden = n;
    u->lr = s->lr;
    const train_freeze *f = &s->freeze;
    for (int k = 0; k < n; k++) {
        int l1 = layer1_learns(f, k), l2 = layer2_learns(f, k);
        for (int j = 0; j < D; j++) {
            size_t i = (size_t)k * D + (size_t)j;
            u->dp[i] = l1 ? -s->lr * s->grad[i] : 0.0;
        }
        u->dp[off_b1(n) + (size_t)k] = l1 ? -s->lr * s->grad[off_b1(n) + (size_t)k] : 0.0;
        for (int o = 0; o < K; o++) {
            size_t i = off_w2(n) + (size_t)k * K + (size_t)o;
            u->dp[i] = l2 ? -s->lr * s->grad[i] : 0.0;
        }
    }
    for (int o = 0; o < K; o++) {
        size_t i = off_b2(n) + (size_t)o;
        u->dp[i] = bias2_learns(f) ? -s->lr * s->grad[i] : 0.0;
    }
}

void lect_token_share_unit(const snap *s, const lect_token *t, int unit, double *dw1, double *db1, double *dw2)
{
    assert(unit >= 0 && unit < s->hidden && t->n_hidden == s->hidden);
    int l1 = layer1_learns(&s->freeze, unit), l2 = layer2_learns(&s->freeze, unit);
    for (int j = 0; j < D; j++) dw1[j] = l1 ? -s->lr * (t->delta[unit] * t->x[j]) : 0.0;
    *db1 = l1 ? -s->lr * t->delta[unit] : 0.0;
    for (int o = 0; o < K; o++) dw2[o] = l2 ? -s->lr * (t->h[unit] * t->eps[o]) : 0.0;
}

void lect_token_share(const snap *s, const lect_token *t, lect_update *u)
{
    int n = s->hidden;
    u->n_hidden = n;
    u->lr = s->lr;
    for (int k = 0; k < n; k++)
        lect_token_share_unit(s, t, k, u->dp + (size_t)k * D, u->dp + off_b1(n) + (size_t)k,
                              u->dp + off_w2(n) + (size_t)k * K);
    for (int o = 0; o < K; o++) u->dp[off_b2(n) + (size_t)o] = bias2_learns(&s->freeze) ? -s->lr * t->eps[o] : 0.0;
}

const double *lect_dw1(const lect_update *u, int k)
{
    assert(k >= 0 && k < u->n_hidden);
    return u->dp + (size_t)k * D;
}

double lect_db1(const lect_update *u, int k)
{
    assert(k >= 0 && k < u->n_hidden);
    return u->dp[off_b1(u->n_hidden) + (size_t)k];
}

const double *lect_dw2(const lect_update *u, int k)
{
    assert(k >= 0 && k < u->n_hidden);
    return u->dp + off_w2(u->n_hidden) + (size_t)k * K;
}

const double *lect_db2(const lect_update *u) { return u->dp + off_b2(u->n_hidden); }

static double norm2(const double *v) { return hypot(v[0], v[1]); }

void lect_update_longest(const lect_update *u, double *in_len, double *out_len)
{
    double a = 0.0, b = norm2(lect_db2(u));
    for (int k = 0; k < u->n_hidden; k++) {
        a = fmax(a, norm2(lect_dw1(u, k)));
        b = fmax(b, norm2(lect_dw2(u, k)));
    }
    *in_len = a;
    *out_len = b;
}

void lect_update_tips(const snap *s, const lect_update *u, double *p_tip)
{
    assert(u->n_hidden == s->hidden);
    size_t P = nn_param_count(D, s->hidden, K);
    for (size_t i = 0; i < P; i++) p_tip[i] = s->p[i] + u->dp[i];
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

int lect_equation(const snap *s, int token, int unit, lect_phase p, char *buf, size_t len)
{
    assert(token >= 0 && token < s->n);
    assert(p >= 0 && p < LECT_PHASE_COUNT);
    sbuf b = {buf, len, 0};
    if (len) buf[0] = 0;
    if (p == LECT_OFF) return 0;
    int n = s->hidden;
    int k = unit >= 0 && unit < n ? unit : 0;
    int u1 = k + 1; /* the lecture numbers units from 1 */
    nn_net net;
    snap_net(s, &net);
    lect_token t;
    lect_token_compute(s, token, &t);
    const double *w1k = net.w1 + (size_t)k * D, *w2k = net.w2 + (size_t)k * K;

    switch (p) {
    case LECT_FORWARD:
        put(&b, "e" SUP1);
        sub(&b, u1);
        put(&b, " = b" SUP1);
        sub(&b, u1);
        put(&b, " + " WBAR SUP1);
        sub(&b, u1);
        put(&b, "\xc2\xb7x = ");
        num(&b, net.b1[k]);
        put(&b, " + ");
        vec(&b, w1k, D);
        put(&b, "\xc2\xb7");
        vec(&b, t.x, D);
        put(&b, " = ");
        num(&b, t.e[k]);
        put(&b, ";   h");
        sub(&b, u1);
        put(&b, " = " SIGMA "(e" SUP1);
        sub(&b, u1);
        put(&b, ") = ");
        num(&b, t.h[k]);
        put(&b, "\n" YHAT " = b" SUP2 " + " SUM " w" SUP2 "\xe2\x82\x96h\xe2\x82\x96 = ");
        vec(&b, net.b2, K);
        put(&b, " + \xe2\x80\xa6 + ");
        vec(&b, w2k, K);
        put(&b, DOT);
        factor(&b, t.h[k]);
        put(&b, " + \xe2\x80\xa6 = ");
        vec(&b, t.yhat, K);
        break;
    case LECT_ERROR:
        put(&b, YHAT " " MINUS " y = ");
        vec(&b, t.yhat, K);
        put(&b, " " MINUS " ");
        vec(&b, t.y, K);
        put(&b, " = ");
        vec(&b, t.err, K);
        put(&b, "\n" EPS " = " NABLA "e" SUP2 " L = (" YHAT " " MINUS " y)/n = ");
        vec(&b, t.err, K);
        put(&b, "/%d = ", s->n);
        vec(&b, t.eps, K);
        put(&b, "\nL = 1/(2n) " SUM "\xe1\xb5\xa2 \xe2\x80\x96" YHAT "\xe1\xb5\xa2 " MINUS
                " y\xe1\xb5\xa2\xe2\x80\x96\xc2\xb2 = ");
        num(&b, s->loss);
        break;
    case LECT_LAYER2: {
        lect_update u;
        lect_update_compute(s, &u);
        double share[K];
        for (int o = 0; o < K; o++) share[o] = -s->lr * (t.h[k] * t.eps[o]);
        put(&b, DELTA "w" SUP2);
        sub(&b, u1);
        put(&b, " = " MINUS ETA " h");
        sub(&b, u1);
        put(&b, " " EPS " = ");
        num(&b, -s->lr);
        put(&b, DOT);
        factor(&b, t.h[k]);
        put(&b, DOT);
        vec(&b, t.eps, K);
        put(&b, " = ");
        vec(&b, share, K);
        put(&b, "   (token %d)", token + 1); /* numbered from 1, as the view does */
        put(&b, "\n" MINUS ETA " " NABLA "w" SUP2);
        sub(&b, u1);
        put(&b, " L = " MINUS ETA " " SUM SUB_I " h");
        sub(&b, u1);
        put(&b, SUB_I " " EPS SUB_I " = ");
        vec(&b, lect_dw2(&u, k), K);
        put(&b, "   (all %d tokens)", s->n);
        frozen_note(&b, layer2_learns(&s->freeze, k));
        put(&b, "\n" MINUS ETA " " NABLA "b" SUP2 " L = " MINUS ETA " " SUM SUB_I " " EPS SUB_I " = ");
        vec(&b, lect_db2(&u), K);
        frozen_note(&b, bias2_learns(&s->freeze));
        break;
    }
    case LECT_LAYER1: {
        lect_update u;
        lect_update_compute(s, &u);
        double back = 0.0, share[D];
        for (int o = 0; o < K; o++) back += w2k[o] * t.eps[o];
        for (int j = 0; j < D; j++) share[j] = -s->lr * (t.delta[k] * t.x[j]);
        put(&b, DELTA);
        sub(&b, u1);
        put(&b, " = " SIGMA PRIME "(e" SUP1);
        sub(&b, u1);
        put(&b, ") w" SUP2);
        sub(&b, u1);
        put(&b, TRANSP EPS " = ");
        num(&b, t.dsig[k]);
        put(&b, DOT);
        vec(&b, w2k, K);
        put(&b, "\xc2\xb7");
        vec(&b, t.eps, K);
        put(&b, " = ");
        num(&b, t.dsig[k]);
        put(&b, DOT);
        factor(&b, back);
        put(&b, " = ");
        num(&b, t.delta[k]);
        put(&b, "\n" DELTA WBAR SUP1);
        sub(&b, u1);
        put(&b, " = " MINUS ETA " " DELTA);
        sub(&b, u1);
        put(&b, " x = ");
        num(&b, -s->lr);
        put(&b, DOT);
        factor(&b, t.delta[k]);
        put(&b, DOT);
        vec(&b, t.x, D);
        put(&b, " = ");
        vec(&b, share, D);
        put(&b, "   (token %d)", token + 1); /* numbered from 1, as the view does */
        put(&b, "\n" MINUS ETA " " NABLA WBAR SUP1);
        sub(&b, u1);
        put(&b, " L = " MINUS ETA " " SUM SUB_I " " DELTA);
        sub(&b, u1);
        put(&b, SUB_I " x" SUB_I " = ");
        vec(&b, lect_dw1(&u, k), D);
        put(&b, ";   " MINUS ETA " " NABLA "b" SUP1);
        sub(&b, u1);
        put(&b, " L = ");
        num(&b, lect_db1(&u, k));
        frozen_note(&b, layer1_learns(&s->freeze, k));
        if (s->act == NN_ACT_STEP || s->act == NN_ACT_SIGNUM)
            put(&b, "\n" SIGMA PRIME " = 0 for the %s: layer 1 does not learn", nn_act_name(s->act));
        break;
    }
    case LECT_UPDATE: {
        lect_update u;
        lect_update_compute(s, &u);
        double tip[SNAP_PARAM_MAX];
        lect_update_tips(s, &u, tip);
        put(&b, "W" LARROW "W " MINUS " " ETA NABLA "L   (step %lld" ARROW "%lld, " ETA " = ", (long long)s->step,
            (long long)s->step + 1);
        num(&b, s->lr);
        put(&b, ")");
        put(&b, "\n" WBAR SUP1);
        sub(&b, u1);
        put(&b, ": ");
        vec(&b, w1k, D);
        put(&b, ARROW);
        vec(&b, tip + (size_t)k * D, D);
        put(&b, ";   b" SUP1);
        sub(&b, u1);
        put(&b, ": ");
        num(&b, net.b1[k]);
        put(&b, ARROW);
        num(&b, tip[off_b1(n) + (size_t)k]);
        put(&b, "\nw" SUP2);
        sub(&b, u1);
        put(&b, ": ");
        vec(&b, w2k, K);
        put(&b, ARROW);
        vec(&b, tip + off_w2(n) + (size_t)k * K, K);
        put(&b, ";   b" SUP2 ": ");
        vec(&b, net.b2, K);
        put(&b, ARROW);
        vec(&b, tip + off_b2(n), K);
        if (s->opt != NN_OPT_GD)
            put(&b, "\nthe arrows show gd's step; %s takes its own", nn_opt_name(s->opt));
        break;
    }
    case LECT_OFF:
    case LECT_PHASE_COUNT:
        break;
    }
    return (int)b.used;
}

/* ---------------------------------------------------------------- animation */

/* Exact at both ends: t = 0 gives a, t = 1 gives b. */
static double lerp(double a, double b, double t) { return (1.0 - t) * a + t * b; }

static void move_unit(const snap *before, const double *p_after, double t, int unit, double *p_out)
{
    int n = before->hidden;
    for (int j = 0; j < D; j++) {
        size_t i = (size_t)unit * D + (size_t)j;
        p_out[i] = lerp(before->p[i], p_after[i], t);
    }
    size_t ib = off_b1(n) + (size_t)unit;
    p_out[ib] = lerp(before->p[ib], p_after[ib], t);
    for (int o = 0; o < K; o++) {
        size_t i = off_w2(n) + (size_t)unit * K + (size_t)o;
        p_out[i] = lerp(before->p[i], p_after[i], t);
    }
}

static void move_bias2(const snap *before, const double *p_after, double t, double *p_out)
{
    for (int o = 0; o < K; o++) {
        size_t i = off_b2(before->hidden) + (size_t)o;
        p_out[i] = lerp(before->p[i], p_after[i], t);
    }
}

/* Copies before's weights into p_out, except the entries that move (so that p_out may alias p_after). */
static void keep(const snap *before, int only_unit, double *p_out)
{
    int n = before->hidden;
    for (int k = 0; k < n; k++) {
        if (k == only_unit) continue;
        memcpy(p_out + (size_t)k * D, before->p + (size_t)k * D, D * sizeof *p_out);
        p_out[off_b1(n) + (size_t)k] = before->p[off_b1(n) + (size_t)k];
        memcpy(p_out + off_w2(n) + (size_t)k * K, before->p + off_w2(n) + (size_t)k * K, K * sizeof *p_out);
    }
    if (only_unit != LECT_OUTPUT_BIAS)
        memcpy(p_out + off_b2(n), before->p + off_b2(n), K * sizeof *p_out);
}

void lect_interpolate(const snap *before, const double *p_after, double t, int only_unit, double *p_out)
{
    int n = before->hidden;
    assert(only_unit == LECT_ALL_UNITS || only_unit == LECT_OUTPUT_BIAS || (only_unit >= 0 && only_unit < n));
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    if (only_unit == LECT_ALL_UNITS) {
        size_t P = nn_param_count(D, n, K);
        for (size_t i = 0; i < P; i++) p_out[i] = lerp(before->p[i], p_after[i], t);
        return;
    }
    keep(before, only_unit, p_out);
    if (only_unit == LECT_OUTPUT_BIAS) move_bias2(before, p_after, t, p_out);
    else move_unit(before, p_after, t, only_unit, p_out);
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
    for (int k = 0; k < n; k++) move_unit(before, p_after, k < seg ? 1.0 : k > seg ? 0.0 : local, k, p_out);
    move_bias2(before, p_after, seg == n ? local : 0.0, p_out);
    return seg == n ? LECT_OUTPUT_BIAS : seg;
}
