/* nn: the two-layer network D -> N -> K, its parameters in one flat block, forward/backward.
 * Any thread may call these, on a network it owns; nothing here allocates after nn_create.
 * Invariants: 1 <= n_hidden <= NN_MAX_HIDDEN; w1, b1, w2, b2 always point into p as laid out in nn.h. */
#include "nn/nn.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const act_names[NN_ACT_COUNT] = {"logistic", "tanh", "relu", "step", "signum"};

size_t nn_param_count(int d, int n_hidden, int k)
{
    assert(d >= 1 && d <= NN_MAX_IO && k >= 1 && k <= NN_MAX_IO);
    assert(n_hidden >= 1 && n_hidden <= NN_MAX_HIDDEN);
    return (size_t)n_hidden * (size_t)(d + 1 + k) + (size_t)k;
}

/* Offsets of the blocks for N hidden units; they move whenever N changes. */
static size_t off_b1(int n, int d) { return (size_t)n * (size_t)d; }
static size_t off_w2(int n, int d) { return (size_t)n * (size_t)(d + 1); }
static size_t off_b2(int n, int d, int k) { return (size_t)n * (size_t)(d + 1 + k); }

static void set_views(nn_net *net)
{
    int n = net->n_hidden, d = net->d, k = net->k;
    net->w1 = net->p;
    net->b1 = net->p + off_b1(n, d);
    net->w2 = net->p + off_w2(n, d);
    net->b2 = net->p + off_b2(n, d, k);
}

nn_net *nn_create(int d, int n_hidden, int k, nn_act act)
{
    assert(act >= 0 && act < NN_ACT_COUNT);
    size_t cap = nn_param_count(d, NN_MAX_HIDDEN, k);
    assert(nn_param_count(d, n_hidden, k) <= cap);
    nn_net *net = calloc(1, sizeof *net);
    if (!net)
        return NULL;
    net->p = calloc(cap, sizeof *net->p);
    if (!net->p) {
        free(net);
        return NULL;
    }
    net->d = d;
    net->n_hidden = n_hidden;
    net->k = k;
    net->act = act;
    net->gain = 1.0;
    set_views(net);
    return net;
}

void nn_destroy(nn_net *net)
{
    if (!net)
        return;
    free(net->p);
    free(net);
}

void nn_copy(nn_net *dst, const nn_net *src)
{
    assert(dst->d == src->d && dst->k == src->k);
    dst->n_hidden = src->n_hidden;
    dst->act = src->act;
    dst->gain = src->gain;
    if (dst->p != src->p)
        memcpy(dst->p, src->p, nn_params(src) * sizeof *src->p);
    set_views(dst);
}

/* Moves the kept units' blocks from the layout for n_old to the layout for n_new.
 * dst may equal src (in place). Growing moves every block to a higher offset, so the blocks are
 * moved last to first; shrinking moves them lower, so first to last. Either order keeps every
 * source block intact until it is moved; memmove handles a block overlapping its own source. */
static void move_blocks(double *dst, const double *src, int n_old, int n_new, int d, int k)
{
    int keep = n_old < n_new ? n_old : n_new;
    size_t nb[4], so[4], dof[4];
    nb[0] = (size_t)keep * (size_t)d; /* w1 rows */
    nb[1] = (size_t)keep;             /* b1 */
    nb[2] = (size_t)keep * (size_t)k; /* w2 rows */
    nb[3] = (size_t)k;                /* b2 */
    so[0] = 0;
    so[1] = off_b1(n_old, d);
    so[2] = off_w2(n_old, d);
    so[3] = off_b2(n_old, d, k);
    dof[0] = 0;
    dof[1] = off_b1(n_new, d);
    dof[2] = off_w2(n_new, d);
    dof[3] = off_b2(n_new, d, k);
    if (n_new >= n_old) {
        for (int b = 3; b >= 0; b--)
            if (dst + dof[b] != src + so[b])
                memmove(dst + dof[b], src + so[b], nb[b] * sizeof *dst);
    } else {
        for (int b = 0; b < 4; b++)
            if (dst + dof[b] != src + so[b])
                memmove(dst + dof[b], src + so[b], nb[b] * sizeof *dst);
    }
}

void nn_resize(nn_net *net, int n_hidden, const double *fill_w1, const double *fill_b1)
{
    int n_old = net->n_hidden, d = net->d, k = net->k;
    assert(n_hidden >= 1 && n_hidden <= NN_MAX_HIDDEN);
    move_blocks(net->p, net->p, n_old, n_hidden, d, k);
    net->n_hidden = n_hidden;
    set_views(net);
    if (n_hidden <= n_old)
        return;
    size_t add = (size_t)(n_hidden - n_old);
    double *w1_new = net->w1 + (size_t)n_old * (size_t)d;
    double *b1_new = net->b1 + n_old;
    if (fill_w1)
        memcpy(w1_new, fill_w1, add * (size_t)d * sizeof *w1_new);
    else
        memset(w1_new, 0, add * (size_t)d * sizeof *w1_new);
    if (fill_b1)
        memcpy(b1_new, fill_b1, add * sizeof *b1_new);
    else
        memset(b1_new, 0, add * sizeof *b1_new);
    /* w2 = 0: the new units contribute nothing to ŷ until training moves them. */
    memset(net->w2 + (size_t)n_old * (size_t)k, 0, add * (size_t)k * sizeof *net->w2);
}

void nn_remap(const double *src, int n_old, double *dst, int n_new, int d, int k)
{
    size_t p_old = nn_param_count(d, n_old, k), p_new = nn_param_count(d, n_new, k);
    assert(src + p_old <= dst || dst + p_new <= src);
    (void)p_old;
    memset(dst, 0, p_new * sizeof *dst);
    move_blocks(dst, src, n_old, n_new, d, k);
}

double nn_act_f(nn_act act, double gain, double e)
{
    double z = gain * e;
    if (isnan(z))
        return z; /* keep NaN visible to divergence checks, whatever the activation */
    switch (act) {
    case NN_ACT_LOGISTIC:
        if (z >= 0.0)
            return 1.0 / (1.0 + exp(-z));
        else {
            double ez = exp(z); /* no overflow for very negative z */
            return ez / (1.0 + ez);
        }
    case NN_ACT_TANH:
        return tanh(z);
    case NN_ACT_RELU:
        return z > 0.0 ? z : 0.0;
    case NN_ACT_STEP:
        return z > 0.0 ? 1.0 : 0.0;
    case NN_ACT_SIGNUM:
        return z > 0.0 ? 1.0 : (z < 0.0 ? -1.0 : 0.0);
    case NN_ACT_COUNT:
        break;
    }
    assert(!"invalid activation");
    return 0.0;
}

double nn_act_df(nn_act act, double gain, double e)
{
    double z = gain * e;
    switch (act) {
    case NN_ACT_LOGISTIC: {
        /* sigma(z)(1 - sigma(z)) = sigma(|z|) sigma(-|z|) = u/(1+u)^2 with u = exp(-|z|): no cancellation */
        double u = exp(-fabs(z));
        return gain * u / ((1.0 + u) * (1.0 + u));
    }
    case NN_ACT_TANH: {
        double t = tanh(z);
        return gain * (1.0 - t) * (1.0 + t); /* 1 - t is exact near t = 1, unlike 1 - t*t */
    }
    case NN_ACT_RELU:
        return z > 0.0 ? gain : 0.0;
    case NN_ACT_STEP:
    case NN_ACT_SIGNUM:
        return 0.0;
    case NN_ACT_COUNT:
        break;
    }
    assert(!"invalid activation");
    return 0.0;
}

const char *nn_act_name(nn_act act)
{
    assert(act >= 0 && act < NN_ACT_COUNT);
    return act_names[act];
}

int nn_act_parse(const char *s, nn_act *out)
{
    for (int a = 0; a < NN_ACT_COUNT; a++)
        if (strcmp(s, act_names[a]) == 0) {
            *out = (nn_act)a;
            return 0;
        }
    return -1;
}

void nn_forward(const nn_net *net, const double *x, double *e, double *h, double *yhat)
{
    int n = net->n_hidden, d = net->d, k = net->k;
    for (int o = 0; o < k; o++)
        yhat[o] = net->b2[o];
    for (int u = 0; u < n; u++) {
        const double *w = net->w1 + (size_t)u * (size_t)d;
        double s = net->b1[u];
        for (int j = 0; j < d; j++)
            s += w[j] * x[j];
        e[u] = s;
        h[u] = nn_act_f(net->act, net->gain, s);
        const double *w2 = net->w2 + (size_t)u * (size_t)k;
        for (int o = 0; o < k; o++)
            yhat[o] += w2[o] * h[u];
    }
}

void nn_backward(const nn_net *net, const double *x, const double *e, const double *h, const double *eps,
                 double *grad)
{
    int n = net->n_hidden, d = net->d, k = net->k;
    double *g_w1 = grad;
    double *g_b1 = grad + off_b1(n, d);
    double *g_w2 = grad + off_w2(n, d);
    double *g_b2 = grad + off_b2(n, d, k);
    for (int o = 0; o < k; o++)
        g_b2[o] += eps[o];
    for (int u = 0; u < n; u++) {
        const double *w2 = net->w2 + (size_t)u * (size_t)k;
        double *gw2 = g_w2 + (size_t)u * (size_t)k;
        double back = 0.0; /* (W(2)^T eps)_u */
        for (int o = 0; o < k; o++) {
            gw2[o] += h[u] * eps[o];
            back += w2[o] * eps[o];
        }
        double delta = nn_act_df(net->act, net->gain, e[u]) * back;
        double *gw1 = g_w1 + (size_t)u * (size_t)d;
        for (int j = 0; j < d; j++)
            gw1[j] += delta * x[j];
        g_b1[u] += delta;
    }
}

double nn_loss_grad_ref(const nn_net *net, const double *x, const double *y, int n, double *grad)
{
    assert(n >= 1);
    int d = net->d, k = net->k;
    double e[NN_MAX_HIDDEN], h[NN_MAX_HIDDEN], yhat[NN_MAX_IO], eps[NN_MAX_IO];
    if (grad)
        memset(grad, 0, nn_params(net) * sizeof *grad);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        const double *xi = x + (size_t)i * (size_t)d;
        const double *yi = y + (size_t)i * (size_t)k;
        nn_forward(net, xi, e, h, yhat);
        for (int o = 0; o < k; o++) {
            double r = yhat[o] - yi[o];
            sum += r * r;
            eps[o] = r / n;
        }
        if (grad)
            nn_backward(net, xi, e, h, eps, grad);
    }
    return sum / (2.0 * n);
}

void nn_predict(const nn_net *net, const double *x, int n, double *yhat)
{
    double e[NN_MAX_HIDDEN], h[NN_MAX_HIDDEN];
    for (int i = 0; i < n; i++)
        nn_forward(net, x + (size_t)i * (size_t)net->d, e, h, yhat + (size_t)i * (size_t)net->k);
}
