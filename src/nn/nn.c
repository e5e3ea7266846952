/* nn: the network's shape, its one parameter layout, forward/backward and the scalar oracle.
 * Any thread may call these, on a network it owns; nothing here allocates after nn_create.
 * Invariants: 1 <= n_hidden <= NN_MAX_HIDDEN; 1 <= n_layers <= NN_MAX_LAYERS; w1, b1, w2, b2 always point
 * into p as nn_layout_of lays them out. With one hidden layer every value is computed with the same
 * operations in the same order as in 0.1 (trajectories are compared bit for bit). */
#include "nn/nn.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const act_names[NN_ACT_COUNT] = {"logistic", "tanh", "relu", "step", "signum"};

/* ---------------------------------------------------------------- shape and layout */

int nn_shape_valid(const nn_shape *shape)
{
    if (shape->d < 1 || shape->d > NN_MAX_IO || shape->k < 1 || shape->k > NN_MAX_IO)
        return 0;
    if (shape->n_layers < 1 || shape->n_layers > NN_MAX_LAYERS)
        return 0;
    for (int l = 0; l < shape->n_layers; l++)
        if (shape->width[l] < 1 || shape->width[l] > NN_MAX_HIDDEN)
            return 0;
    return 1;
}

nn_shape nn_shape_one(int d, int n_hidden, int k)
{
    nn_shape s = {.d = d, .k = k, .n_layers = 1, .width = {n_hidden}};
    return s;
}

void nn_layout_of(const nn_shape *shape, nn_layout *out)
{
    assert(nn_shape_valid(shape));
    int L = shape->n_layers;
    memset(out, 0, sizeof *out);
    out->n_layers = L;
    out->n[0] = shape->d;
    for (int l = 1; l <= L; l++)
        out->n[l] = shape->width[l - 1];
    out->n[L + 1] = shape->k;
    /* every layer's block is its weights (n_l x n_{l-1}, the output layer's stored transposed: same
     * count) followed by its biases (n_l) */
    size_t at = 0, u = 0;
    for (int l = 1; l <= L + 1; l++) {
        out->w[l] = at;
        at += (size_t)out->n[l] * (size_t)out->n[l - 1];
        out->b[l] = at;
        at += (size_t)out->n[l];
        out->unit[l] = u;
        if (l <= L)
            u += (size_t)out->n[l];
    }
    out->count = at;
    out->units = u;
}

size_t nn_param_count(int d, int n_hidden, int k)
{
    nn_shape s = nn_shape_one(d, n_hidden, k);
    nn_layout lay;
    nn_layout_of(&s, &lay);
    return lay.count;
}

void nn_net_shape(const nn_net *net, nn_shape *out)
{
    assert(net->n_layers >= 1 && net->n_layers <= NN_MAX_LAYERS);
    memset(out, 0, sizeof *out);
    out->d = net->d;
    out->k = net->k;
    out->n_layers = net->n_layers;
    for (int l = 0; l + 1 < net->n_layers; l++)
        out->width[l] = net->inner[l];
    out->width[net->n_layers - 1] = net->n_hidden;
}

void nn_net_layout(const nn_net *net, nn_layout *out)
{
    nn_shape s;
    nn_net_shape(net, &s);
    nn_layout_of(&s, out);
}

size_t nn_params(const nn_net *net)
{
    nn_layout lay;
    nn_net_layout(net, &lay);
    return lay.count;
}

size_t nn_units(const nn_net *net)
{
    nn_layout lay;
    nn_net_layout(net, &lay);
    return lay.units;
}

/* Points w1, b1, w2, b2 at layer 1 and the output layer of the net's own shape inside p. */
static void set_views(nn_net *net)
{
    nn_layout lay;
    nn_net_layout(net, &lay);
    int L = lay.n_layers;
    net->w1 = net->p + lay.w[1];
    net->b1 = net->p + lay.b[1];
    net->w2 = net->p + lay.w[L + 1];
    net->b2 = net->p + lay.b[L + 1];
}

/* Takes the shape into the net's shape fields; the views are not touched. */
static void set_shape(nn_net *net, const nn_shape *shape)
{
    assert(nn_shape_valid(shape));
    int L = shape->n_layers;
    net->d = shape->d;
    net->k = shape->k;
    net->n_layers = L;
    memset(net->inner, 0, sizeof net->inner);
    for (int l = 0; l + 1 < L; l++)
        net->inner[l] = shape->width[l];
    net->n_hidden = shape->width[L - 1];
}

void nn_view(nn_net *out, const nn_shape *shape, nn_act act, double gain, double *p)
{
    assert(act >= 0 && act < NN_ACT_COUNT);
    memset(out, 0, sizeof *out);
    set_shape(out, shape);
    out->act = act;
    out->gain = gain;
    out->p = p;
    out->cap = nn_params(out);
    set_views(out);
}

nn_net *nn_create_shape(const nn_shape *shape, nn_act act)
{
    assert(act >= 0 && act < NN_ACT_COUNT);
    /* room for the last hidden layer at its widest, so nn_resize never allocates */
    nn_shape widest = *shape;
    widest.width[shape->n_layers - 1] = NN_MAX_HIDDEN;
    nn_layout lay;
    nn_layout_of(&widest, &lay);
    nn_net *net = calloc(1, sizeof *net);
    if (!net)
        return NULL;
    net->p = calloc(lay.count, sizeof *net->p);
    if (!net->p) {
        free(net);
        return NULL;
    }
    net->cap = lay.count;
    set_shape(net, shape);
    net->act = act;
    net->gain = 1.0;
    set_views(net);
    return net;
}

nn_net *nn_create(int d, int n_hidden, int k, nn_act act)
{
    nn_shape s = nn_shape_one(d, n_hidden, k);
    return nn_create_shape(&s, act);
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
    nn_shape s;
    nn_net_shape(src, &s);
    size_t P = nn_params(src);
    assert(P <= dst->cap);
    set_shape(dst, &s);
    dst->act = src->act;
    dst->gain = src->gain;
    if (dst->p != src->p)
        memcpy(dst->p, src->p, P * sizeof *src->p);
    set_views(dst);
}

/* Moves the kept units' blocks from the layout `from` to the layout `to`, which differ only in the last
 * hidden layer's width. The blocks: everything before W(L) (it does not depend on that width, so it
 * never moves), the kept rows of W(L), of b(L) and of the output W(L+1), and b(L+1).
 * dst may equal src (in place). Growing moves every block to a higher offset, so the blocks are
 * moved last to first; shrinking moves them lower, so first to last. Either order keeps every
 * source block intact until it is moved; memmove handles a block overlapping its own source. */
static void move_blocks(double *dst, const double *src, const nn_layout *from, const nn_layout *to)
{
    int L = from->n_layers;
    assert(to->n_layers == L);
    int n_old = from->n[L], n_new = to->n[L], keep = n_old < n_new ? n_old : n_new;
    size_t nb[5], so[5], dof[5];
    nb[0] = from->w[L]; /* the layers before the last hidden one (nothing for one hidden layer) */
    nb[1] = (size_t)keep * (size_t)from->n[L - 1]; /* W(L) rows */
    nb[2] = (size_t)keep;                          /* b(L) */
    nb[3] = (size_t)keep * (size_t)from->n[L + 1]; /* W(L+1) rows */
    nb[4] = (size_t)from->n[L + 1];                /* b(L+1) */
    so[0] = 0;
    so[1] = from->w[L];
    so[2] = from->b[L];
    so[3] = from->w[L + 1];
    so[4] = from->b[L + 1];
    dof[0] = 0;
    dof[1] = to->w[L];
    dof[2] = to->b[L];
    dof[3] = to->w[L + 1];
    dof[4] = to->b[L + 1];
    if (n_new >= n_old) {
        for (int b = 4; b >= 0; b--)
            if (nb[b] > 0 && dst + dof[b] != src + so[b])
                memmove(dst + dof[b], src + so[b], nb[b] * sizeof *dst);
    } else {
        for (int b = 0; b < 5; b++)
            if (nb[b] > 0 && dst + dof[b] != src + so[b])
                memmove(dst + dof[b], src + so[b], nb[b] * sizeof *dst);
    }
}

void nn_resize(nn_net *net, int n_hidden, const double *fill_w1, const double *fill_b1)
{
    assert(n_hidden >= 1 && n_hidden <= NN_MAX_HIDDEN);
    nn_shape s;
    nn_net_shape(net, &s);
    int L = s.n_layers, n_old = net->n_hidden;
    nn_layout from, to;
    nn_layout_of(&s, &from);
    s.width[L - 1] = n_hidden;
    nn_layout_of(&s, &to);
    assert(to.count <= net->cap);
    move_blocks(net->p, net->p, &from, &to);
    net->n_hidden = n_hidden;
    set_views(net);
    if (n_hidden <= n_old)
        return;
    size_t add = (size_t)(n_hidden - n_old), fan_in = (size_t)to.n[L - 1], k = (size_t)to.n[L + 1];
    double *w_new = net->p + to.w[L] + (size_t)n_old * fan_in; /* rows of W(L): w1 for one hidden layer */
    double *b_new = net->p + to.b[L] + n_old;
    if (fill_w1)
        memcpy(w_new, fill_w1, add * fan_in * sizeof *w_new);
    else
        memset(w_new, 0, add * fan_in * sizeof *w_new);
    if (fill_b1)
        memcpy(b_new, fill_b1, add * sizeof *b_new);
    else
        memset(b_new, 0, add * sizeof *b_new);
    /* w2 = 0: the new units contribute nothing to ŷ until training moves them. */
    memset(net->w2 + (size_t)n_old * k, 0, add * k * sizeof *net->w2);
}

void nn_remap_shape(const double *src, const nn_shape *from, double *dst, int n_new)
{
    assert(n_new >= 1 && n_new <= NN_MAX_HIDDEN);
    nn_shape s = *from;
    nn_layout lf, lt;
    nn_layout_of(&s, &lf);
    s.width[s.n_layers - 1] = n_new;
    nn_layout_of(&s, &lt);
    assert(src + lf.count <= dst || dst + lt.count <= src);
    memset(dst, 0, lt.count * sizeof *dst);
    move_blocks(dst, src, &lf, &lt);
}

void nn_remap(const double *src, int n_old, double *dst, int n_new, int d, int k)
{
    nn_shape s = nn_shape_one(d, n_old, k);
    nn_remap_shape(src, &s, dst, n_new);
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

/* ---------------------------------------------------------------- forward and backward */

/* Every layer's blocks: w[l] = W(l), b[l] = b(l) for l = 1..L+1. Layer 1 and the output layer are the
 * net's own w1, b1, w2, b2 (a view built by hand sets only those and p); the layers between come from
 * the layout. */
static void layer_blocks(const nn_net *net, const nn_layout *lay, const double **w /* (L+2) */,
                         const double **b /* (L+2) */)
{
    int L = lay->n_layers;
    for (int l = 2; l <= L; l++) {
        w[l] = net->p + lay->w[l];
        b[l] = net->p + lay->b[l];
    }
    w[1] = net->w1;
    b[1] = net->b1;
    w[L + 1] = net->w2;
    b[L + 1] = net->b2;
}

/* nn_forward with the net's layout already computed (the batch loops compute it once). */
static void forward(const nn_net *net, const nn_layout *lay, const double *x, double *e, double *h, double *yhat)
{
    const double *w[NN_MAX_LAYERS + 2], *b[NN_MAX_LAYERS + 2];
    layer_blocks(net, lay, w, b);
    int L = lay->n_layers, k = lay->n[L + 1];
    const double *a = x; /* (n_{l-1}) the input of layer l */
    for (int l = 1; l <= L; l++) {
        int fan_in = lay->n[l - 1];
        double *el = e + lay->unit[l], *hl = h + lay->unit[l];
        for (int u = 0; u < lay->n[l]; u++) {
            const double *row = w[l] + (size_t)u * (size_t)fan_in;
            double s = b[l][u];
            for (int j = 0; j < fan_in; j++)
                s += row[j] * a[j];
            el[u] = s;
            hl[u] = nn_act_f(net->act, net->gain, s);
        }
        a = hl;
    }
    /* ŷ = b(L+1) + sum_u w(L+1)_u h_u, the terms added in unit order (the lecture's chain) */
    for (int o = 0; o < k; o++)
        yhat[o] = b[L + 1][o];
    for (int u = 0; u < lay->n[L]; u++) {
        const double *row = w[L + 1] + (size_t)u * (size_t)k;
        for (int o = 0; o < k; o++)
            yhat[o] += row[o] * a[u];
    }
}

static void backward(const nn_net *net, const nn_layout *lay, const double *x, const double *e, const double *h,
                     const double *eps, double *grad)
{
    const double *w[NN_MAX_LAYERS + 2], *b[NN_MAX_LAYERS + 2];
    layer_blocks(net, lay, w, b);
    int L = lay->n_layers, k = lay->n[L + 1];
    double delta[NN_MAX_HIDDEN]; /* (n_l) dL/de of layer l, from l = L down to 1 */
    double back[NN_MAX_HIDDEN];  /* (n_{l-1}) (W(l)^T delta(l)), for the layer below */
    /* the output layer */
    double *g_w = grad + lay->w[L + 1], *g_b = grad + lay->b[L + 1];
    const double *eL = e + lay->unit[L], *hL = h + lay->unit[L];
    for (int o = 0; o < k; o++)
        g_b[o] += eps[o];
    for (int u = 0; u < lay->n[L]; u++) {
        const double *row = w[L + 1] + (size_t)u * (size_t)k;
        double *grow = g_w + (size_t)u * (size_t)k;
        double bu = 0.0; /* (W(L+1)^T eps)_u */
        for (int o = 0; o < k; o++) {
            grow[o] += hL[u] * eps[o];
            bu += row[o] * eps[o];
        }
        delta[u] = nn_act_df(net->act, net->gain, eL[u]) * bu;
    }
    /* the hidden layers, last to first */
    for (int l = L; l >= 1; l--) {
        int fan_in = lay->n[l - 1], nl = lay->n[l];
        const double *a = l > 1 ? h + lay->unit[l - 1] : x; /* (fan_in) the input of layer l */
        g_w = grad + lay->w[l];
        g_b = grad + lay->b[l];
        for (int u = 0; u < nl; u++) {
            double *grow = g_w + (size_t)u * (size_t)fan_in;
            for (int j = 0; j < fan_in; j++)
                grow[j] += delta[u] * a[j];
            g_b[u] += delta[u];
        }
        if (l == 1)
            break;
        for (int j = 0; j < fan_in; j++)
            back[j] = 0.0;
        for (int u = 0; u < nl; u++) {
            const double *row = w[l] + (size_t)u * (size_t)fan_in;
            for (int j = 0; j < fan_in; j++)
                back[j] += row[j] * delta[u];
        }
        const double *ep = e + lay->unit[l - 1];
        for (int j = 0; j < fan_in; j++)
            delta[j] = nn_act_df(net->act, net->gain, ep[j]) * back[j];
    }
}

void nn_forward(const nn_net *net, const double *x, double *e, double *h, double *yhat)
{
    nn_layout lay;
    nn_net_layout(net, &lay);
    forward(net, &lay, x, e, h, yhat);
}

void nn_backward(const nn_net *net, const double *x, const double *e, const double *h, const double *eps,
                 double *grad)
{
    nn_layout lay;
    nn_net_layout(net, &lay);
    backward(net, &lay, x, e, h, eps, grad);
}

double nn_loss_grad_ref(const nn_net *net, const double *x, const double *y, int n, double *grad)
{
    assert(n >= 1);
    int d = net->d, k = net->k;
    double e[NN_MAX_UNITS], h[NN_MAX_UNITS], yhat[NN_MAX_IO], eps[NN_MAX_IO];
    nn_layout lay;
    nn_net_layout(net, &lay);
    if (grad)
        memset(grad, 0, lay.count * sizeof *grad);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        const double *xi = x + (size_t)i * (size_t)d;
        const double *yi = y + (size_t)i * (size_t)k;
        forward(net, &lay, xi, e, h, yhat);
        for (int o = 0; o < k; o++) {
            double r = yhat[o] - yi[o];
            sum += r * r;
            eps[o] = r / n;
        }
        if (grad)
            backward(net, &lay, xi, e, h, eps, grad);
    }
    return sum / (2.0 * n);
}

void nn_predict(const nn_net *net, const double *x, int n, double *yhat)
{
    double e[NN_MAX_UNITS], h[NN_MAX_UNITS];
    nn_layout lay;
    nn_net_layout(net, &lay);
    for (int i = 0; i < n; i++)
        forward(net, &lay, x + (size_t)i * (size_t)net->d, e, h, yhat + (size_t)i * (size_t)net->k);
}

double nn_loss_grad_at(const nn_net *net, const double *p, const double *x, const double *y, int n, double *grad)
{
    nn_shape shape;
    nn_net_shape(net, &shape);
    nn_net v;
    /* the view is only read through: nn_loss_grad takes a const nn_net */
    nn_view(&v, &shape, net->act, net->gain, (double *)p);
    return nn_loss_grad(&v, x, y, n, grad);
}
