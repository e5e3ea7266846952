/* ledger: one parameter's dL/dw as the lecture's chain rule, token by token, and its finite-difference check.
 * Any thread; reads the net and tokens it is given, writes only the caller's ledger and rows (no allocation).
 * Invariants: each row forms the products nn_backward forms, in its order, so the sum is the oracle's gradient. */
#include "lesson/ledger.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nn/freeze_mask.h"

/* P of the widest one-hidden-layer net: N·D + N + N·K + K */
#define LEDGER_P_MAX ((size_t)NN_MAX_HIDDEN * (2 * NN_MAX_IO + 1) + NN_MAX_IO)
#define LEDGER_FD_REACH 3 /* the stencil's points are w ± h, w ± 2h, w ± 3h */

lesson_param lesson_ledger_param(const nn_layout *lay, size_t param)
{
    assert(lay->n_layers == 1 && param < lay->count);
    const size_t d = (size_t)lay->n[0], k = (size_t)lay->n[2];
    lesson_param p;
    if (param < lay->b[1]) { /* W(1) (N, D): row k = w̄(1)_k */
        p.kind = LESSON_PARAM_W1;
        p.unit = (int)((param - lay->w[1]) / d);
        p.comp = (int)((param - lay->w[1]) % d);
    } else if (param < lay->w[2]) {
        p.kind = LESSON_PARAM_B1;
        p.unit = (int)(param - lay->b[1]);
        p.comp = -1;
    } else if (param < lay->b[2]) { /* W(2) stored transposed (N, K): row j = the column w(2)_j */
        p.kind = LESSON_PARAM_W2;
        p.unit = (int)((param - lay->w[2]) / k);
        p.comp = (int)((param - lay->w[2]) % k);
    } else {
        p.kind = LESSON_PARAM_B2;
        p.unit = -1;
        p.comp = (int)(param - lay->b[2]);
    }
    return p;
}

size_t lesson_ledger_index(const nn_layout *lay, lesson_param which)
{
    assert(lay->n_layers == 1);
    const int d = lay->n[0], n = lay->n[1], k = lay->n[2];
    (void)n; /* read by the asserts alone: a release build drops them */
    switch (which.kind) {
    case LESSON_PARAM_W1:
        assert(which.unit >= 0 && which.unit < n && which.comp >= 0 && which.comp < d);
        return lay->w[1] + (size_t)which.unit * (size_t)d + (size_t)which.comp;
    case LESSON_PARAM_B1:
        assert(which.unit >= 0 && which.unit < n);
        return lay->b[1] + (size_t)which.unit;
    case LESSON_PARAM_W2:
        assert(which.unit >= 0 && which.unit < n && which.comp >= 0 && which.comp < k);
        return lay->w[2] + (size_t)which.unit * (size_t)k + (size_t)which.comp;
    case LESSON_PARAM_B2:
        assert(which.comp >= 0 && which.comp < k);
        return lay->b[2] + (size_t)which.comp;
    }
    assert(!"invalid parameter kind");
    return 0;
}

int lesson_ledger_name(const nn_layout *lay, size_t param, char *buf, size_t len)
{
    lesson_param p = lesson_ledger_param(lay, param);
    const int unit = p.unit + 1; /* h_1..h_N as a person reads them */
    const char *sep = unit >= 10 ? "," : ""; /* "w(1)_120" would hide where the unit number ends */
    switch (p.kind) {
    case LESSON_PARAM_W1: return snprintf(buf, len, "w(1)_%d%s%d", unit, sep, p.comp);
    case LESSON_PARAM_B1: return snprintf(buf, len, "b(1)_%d", unit);
    case LESSON_PARAM_W2: return snprintf(buf, len, "w(2)_%d%s%d", p.comp, sep, unit);
    case LESSON_PARAM_B2: return snprintf(buf, len, "b(2)_%d", p.comp);
    }
    assert(!"invalid parameter kind");
    return 0;
}

int lesson_ledger_describe(const nn_layout *lay, size_t param, char *buf, size_t len)
{
    char name[24];
    lesson_ledger_name(lay, param, name, sizeof name);
    lesson_param p = lesson_ledger_param(lay, param);
    const int unit = p.unit + 1;
    switch (p.kind) {
    case LESSON_PARAM_W1:
        return snprintf(buf, len, "%s, component %d of w\xcc\x84(1)_%d: the weight from x_%d into h_%d", name,
                        p.comp, unit, p.comp, unit);
    case LESSON_PARAM_B1: return snprintf(buf, len, "%s: the bias of h_%d", name, unit);
    case LESSON_PARAM_W2:
        return snprintf(buf, len, "%s, component %d of w(2)_%d: the weight from h_%d to \xc5\xb7_%d", name,
                        p.comp, unit, unit, p.comp);
    case LESSON_PARAM_B2: return snprintf(buf, len, "%s: the bias of \xc5\xb7_%d", name, p.comp);
    }
    assert(!"invalid parameter kind");
    return 0;
}

/* The largest |σ′(e)| of the activation at this gain: logistic's peak is gain/4 at e = 0, tanh's gain;
 * relu's is gain wherever it is on; step and signum are flat (0). */
static double dsigma_max(nn_act act, double gain)
{
    switch (act) {
    case NN_ACT_LOGISTIC: return 0.25 * fabs(gain);
    case NN_ACT_TANH:
    case NN_ACT_RELU: return fabs(gain);
    case NN_ACT_STEP:
    case NN_ACT_SIGNUM: return 0.0;
    case NN_ACT_COUNT: break;
    }
    assert(!"invalid activation");
    return 0.0;
}

/* Activations whose L has a kink (relu) or a jump (step, signum) where a token's e(1) = 0. */
static int has_kinks(nn_act act)
{
    return act == NN_ACT_RELU || act == NN_ACT_STEP || act == NN_ACT_SIGNUM;
}

/* The 7-point central difference of L in parameter `param`, on a copy of the weights; *lmax gets the
 * largest |L| it evaluated (for the rounding floor). */
static double central_difference(const nn_net *net, const nn_layout *lay, const double *x, const double *y,
                                 int n, size_t param, double step, double *lmax)
{
    double p[LEDGER_P_MAX]; /* (P) the copy: net itself stays as the window took it */
    assert(lay->count <= LEDGER_P_MAX);
    memcpy(p, net->p, lay->count * sizeof *p);
    nn_shape shape;
    nn_net_shape(net, &shape);
    nn_net copy;
    nn_view(&copy, &shape, net->act, net->gain, p);
    const double w = p[param];
    double l[2][LEDGER_FD_REACH]; /* (2, 3) L(w + sh), L(w − sh) for s = 1, 2, 3 */
    *lmax = 0.0;
    for (int s = 1; s <= LEDGER_FD_REACH; s++)
        for (int side = 0; side < 2; side++) {
            p[param] = side == 0 ? w + s * step : w - s * step;
            l[side][s - 1] = nn_loss_grad(&copy, x, y, n, NULL); /* the fast kernel: another path than the rows' */
            *lmax = fmax(*lmax, fabs(l[side][s - 1]));
        }
    /* D(sh) = L(w + sh) − L(w − sh); the weights cancel the h², h⁴ error terms of D(h)/2h */
    return (45.0 * (l[0][0] - l[1][0]) - 9.0 * (l[0][1] - l[1][1]) + (l[0][2] - l[1][2])) / (60.0 * step);
}

/* lesson_ledger_of, with every token's ŷ (n, K) given when the caller has it (a snapshot does): then only the
 * parameter's own unit is evaluated per token, O(n·D) instead of the forward pass's O(n·N·(D + K)). */
static void ledger_of(const nn_net *net, const double *x, const double *y, const double *given_yhat, int n,
                      size_t param, double eta, int fd, lesson_ledger *out, lesson_ledger_row *rows)
{
    nn_shape shape;
    nn_net_shape(net, &shape);
    assert(shape.n_layers == 1 && "the ledger follows the lecture's one hidden layer");
    assert(n >= 1);
    nn_layout lay;
    nn_net_layout(net, &lay);
    assert(param < lay.count);
    const int d = lay.n[0], nh = lay.n[1], k = lay.n[2];

    memset(out, 0, sizeof *out);
    out->param = param;
    out->which = lesson_ledger_param(&lay, param);
    lesson_ledger_name(&lay, param, out->name, sizeof out->name);
    out->n = n;
    out->d = d;
    out->k = k;
    out->hidden = nh;
    out->act = net->act;
    out->gain = net->gain;
    out->value = net->p[param];
    out->eta = eta;
    out->rows = rows;

    const lesson_param p = out->which;
    const int layer1 = p.kind == LESSON_PARAM_W1 || p.kind == LESSON_PARAM_B1;
    const double *w2 = net->p + lay.w[2]; /* (N, K) row u = the column w(2)_u */
    if (layer1) {
        for (int l = 0; l < k; l++)
            out->w2col[l] = w2[(size_t)p.unit * (size_t)k + (size_t)l];
        out->dsigma_max = dsigma_max(net->act, net->gain);
        out->sigma_flat = net->act == NN_ACT_STEP || net->act == NN_ACT_SIGNUM;
    }

    double e[NN_MAX_UNITS], h[NN_MAX_UNITS], own[NN_MAX_IO]; /* (U), (U), (K) of one token */
    const double *w1 = net->p + lay.w[1], *b1 = net->p + lay.b[1]; /* (N, D), (N) */
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        const double *xi = x + (size_t)i * (size_t)d; /* (D) */
        const double *yi = y + (size_t)i * (size_t)k; /* (K) */
        lesson_ledger_row *r = &rows[i];
        memset(r, 0, sizeof *r);
        r->token = i;
        const double *yhat = own;
        if (given_yhat) {
            yhat = given_yhat + (size_t)i * (size_t)k;
            if (p.kind != LESSON_PARAM_B2) { /* the unit's e(1) and h, summed in nn_forward's order */
                double s = b1[p.unit];
                for (int j = 0; j < d; j++)
                    s += w1[(size_t)p.unit * (size_t)d + (size_t)j] * xi[j];
                e[p.unit] = s;
                h[p.unit] = nn_act_f(net->act, net->gain, s);
            }
        } else {
            nn_forward(net, xi, e, h, own);
        }
        for (int l = 0; l < k; l++) {
            r->err[l] = yhat[l] - yi[l];
            r->eps[l] = r->err[l] / n; /* as nn_loss_grad_ref divides, so the products match bit for bit */
        }
        if (p.kind != LESSON_PARAM_B2) {
            r->e1 = e[p.unit];
            r->h = h[p.unit];
        }
        switch (p.kind) {
        case LESSON_PARAM_W2: /* dL/dw(2)_kj = Σ_i ε_ki h_ji */
            r->dl_de = r->eps[p.comp];
            r->de_dw = h[p.unit];
            break;
        case LESSON_PARAM_B2: /* dL/db(2)_k = Σ_i ε_ki */
            r->dl_de = r->eps[p.comp];
            r->de_dw = 1.0;
            break;
        case LESSON_PARAM_W1: /* dL/dw(1)_kj = Σ_i δ_ki x_ji, δ_ki = Σ_ℓ ε_ℓi w(2)_ℓk σ′(e(1)_ki) */
        case LESSON_PARAM_B1: /* dL/db(1)_k = Σ_i δ_ki */
            for (int l = 0; l < k; l++)
                r->back += out->w2col[l] * r->eps[l];
            r->dsigma = nn_act_df(net->act, net->gain, e[p.unit]);
            r->dl_de = r->dsigma * r->back;
            r->de_dw = p.kind == LESSON_PARAM_W1 ? xi[p.comp] : 1.0;
            r->saturated = out->sigma_flat || fabs(r->dsigma) < LESSON_LEDGER_SAT_FRACTION * out->dsigma_max;
            out->saturated_rows += r->saturated;
            break;
        }
        r->term = r->dl_de * r->de_dw;
        sum += r->term;
    }
    out->sum = sum;
    out->update = -eta * sum;

    if (!fd) {
        out->fd_verdict = LESSON_FD_NONE;
        return;
    }
    const double step = LESSON_LEDGER_FD_STEP * fmax(1.0, fabs(out->value));
    double lmax;
    out->fd_step = step;
    out->fd = central_difference(net, &lay, x, y, n, param, step, &lmax);
    out->fd_abs = fabs(out->fd - sum);
    const double scale = fmax(fabs(out->fd), fabs(sum));
    out->fd_rel = scale > 0.0 ? out->fd_abs / scale : 0.0; /* scale 0: both are 0 */
    /* each L is good to a few ulps of itself; the stencil adds 110 of them and divides by 60h */
    out->fd_floor = 110.0 * 4.0 * DBL_EPSILON * lmax / (60.0 * step);
    if (layer1 && has_kinks(net->act)) {
        /* the stencil moves e(1)_ki by up to 3h·|x_ji| (weight) or 3h (bias): a sign change inside that
         * reach puts relu's kink or step's jump between the evaluated points */
        for (int i = 0; i < n; i++) {
            const double reach = LEDGER_FD_REACH * step * fabs(rows[i].de_dw);
            rows[i].kink = reach > 0.0 && fabs(rows[i].e1) <= reach;
            out->kink_rows += rows[i].kink;
        }
    }
    if (out->kink_rows > 0)
        out->fd_verdict = LESSON_FD_KINK;
    else if (out->fd_abs <= LESSON_LEDGER_FD_TOL * scale + out->fd_floor)
        out->fd_verdict = LESSON_FD_AGREES;
    else
        out->fd_verdict = LESSON_FD_DIFFERS; /* NaN lands here too */
}

void lesson_ledger_of(const nn_net *net, const double *x, const double *y, int n, size_t param, double eta,
                      int fd, lesson_ledger *out, lesson_ledger_row *rows)
{
    ledger_of(net, x, y, NULL, n, param, eta, fd, out, rows);
}

void lesson_ledger_of_snap(const snap *s, size_t param, int fd, lesson_ledger *out, lesson_ledger_row *rows)
{
    nn_net net;
    snap_net(s, &net);
    ledger_of(&net, s->x, s->y, s->yhat, s->n, param, s->lr, fd, out, rows); /* its ŷ belong to its p */
    nn_layout lay;
    nn_net_layout(&net, &lay);
    unsigned char frozen[SNAP_PARAM_MAX]; /* (P) the trainer's own freeze rule */
    assert(lay.count <= SNAP_PARAM_MAX);
    nn_freeze_mask(&lay, s->freeze.only_layer, s->freeze.only_unit, frozen);
    out->frozen = frozen[param];
}

/* |term| as the ranking sees it: NaN first, as the thing most worth showing */
static double rank_of(double term)
{
    return isnan(term) ? INFINITY : fabs(term);
}

int lesson_ledger_top(const lesson_ledger *l, int k, int *idx, double *rest)
{
    assert(k >= 0);
    const int m = k < l->n ? k : l->n;
    int have = 0;
    /* insertion into the m best so far, O(n·m) (m is a screenful); a row displaces only strictly smaller
     * ones and is placed after equal ones, so ties keep token order */
    for (int i = 0; i < l->n && m > 0; i++) {
        const double v = rank_of(l->rows[i].term);
        if (have == m && !(v > rank_of(l->rows[idx[m - 1]].term)))
            continue;
        int at = have < m ? have : m - 1; /* the slot freed at the end */
        while (at > 0 && v > rank_of(l->rows[idx[at - 1]].term)) {
            idx[at] = idx[at - 1];
            at--;
        }
        idx[at] = i;
        if (have < m)
            have++;
    }
    if (rest) {
        /* the others' terms in token order: mark the shown ones, sum the rest */
        double r = 0.0;
        for (int i = 0; i < l->n; i++) {
            int shown = 0;
            for (int j = 0; j < m && !shown; j++)
                shown = idx[j] == i;
            if (!shown)
                r += l->rows[i].term;
        }
        *rest = r;
    }
    return m;
}
