/* nn: the network D -> N(1) -> ... -> N(L) -> K (1 to NN_MAX_LAYERS hidden layers), its shape, the one
 * layout of its parameters in one flat block (nn_layout_of), forward/backward.
 * Any thread may call these, on a network it owns; nothing here allocates after nn_create.
 * Invariants: 1 <= n_hidden <= NN_MAX_HIDDEN; 1 <= n_layers <= NN_MAX_LAYERS; w1, b1, w2, b2 always point
 * into p as nn_layout_of lays them out. Nothing above nn may assume one hidden layer where it only needs
 * the last hidden layer: n_hidden, w2 and b2 are about the last hidden layer and the output layer. */
#ifndef NN_NN_H
#define NN_NN_H

#include <stddef.h>

#define NN_MAX_HIDDEN 256 /* units in one hidden layer */
#define NN_MAX_IO 4       /* D and K are small: the lecture's task has D = K = 2 */
#define NN_MAX_LAYERS 4   /* hidden layers */
#define NN_MAX_UNITS (NN_MAX_LAYERS * NN_MAX_HIDDEN) /* hidden units of all layers: the e, h buffers */

typedef enum {
    NN_ACT_LOGISTIC, /* sigma(e) = 1/(1+exp(-e)), sigma' = sigma(1-sigma) */
    NN_ACT_TANH,     /* tanh(e), 1 - tanh^2 */
    NN_ACT_RELU,     /* max(0, e), 1 for e > 0 else 0 */
    NN_ACT_STEP,     /* unit step: 1 for e > 0 else 0; derivative 0, so no hidden layer learns */
    NN_ACT_SIGNUM,   /* sign(e): -1, 0, 1; derivative 0 */
    NN_ACT_COUNT
} nn_act;

/* The network's shape: D inputs, L = n_layers hidden layers of width[0..L-1] units, K outputs.
 * The lecture's network is {.d = 2, .k = 2, .n_layers = 1, .width = {N}}. */
typedef struct {
    int d;                    /* D, 1..NN_MAX_IO */
    int k;                    /* K, 1..NN_MAX_IO */
    int n_layers;             /* L, 1..NN_MAX_LAYERS */
    int width[NN_MAX_LAYERS]; /* (L) units of hidden layer l+1, each 1..NN_MAX_HIDDEN */
} nn_shape;

/* Where each block sits in the flat parameter vector: computed here once (nn_layout_of), used by every
 * reader of a parameter vector. Layers are numbered as in the lecture: l = 1..L are the hidden layers,
 * l = L+1 the output layer; index 0 of w, b, unit is unused. With n_l = n[l] the order is
 *   W(1) b(1) W(2) b(2) ... W(L) b(L) W(L+1) b(L+1)
 * where hidden W(l) is (n_l, n_{l-1}), row u = the weights into unit u of layer l (row k of W(1) is w̄(1)_k),
 * b(l) is (n_l), and the output layer's W(L+1) is stored transposed, (n_L, K): row u = the weights out of
 * unit u of the last hidden layer (the lecture's w(2)_u for one hidden layer), then b(L+1) (K).
 * Every block of one last-hidden unit is a row, so changing the last width only moves rows.
 * For one hidden layer this is the 0.1 layout, P = N*D + N + N*K + K:
 *   w1 (N, D) row k = w̄(1)_k | b1 (N) | w2 (N, K) row j = column w(2)_j of W(2) | b2 (K) */
typedef struct {
    int n_layers;                   /* L */
    int n[NN_MAX_LAYERS + 2];       /* (L+2) units per layer: n[0] = D, n[l] = width of hidden layer l, n[L+1] = K */
    size_t w[NN_MAX_LAYERS + 2];    /* (L+2) offset of W(l), l = 1..L+1 */
    size_t b[NN_MAX_LAYERS + 2];    /* (L+2) offset of b(l), l = 1..L+1 */
    size_t unit[NN_MAX_LAYERS + 2]; /* (L+2) offset of hidden layer l's units in e, h, l = 1..L; unit[L+1] = U */
    size_t count;                   /* P, the number of parameters */
    size_t units;                   /* U = n_1 + ... + n_L, the length of e and h */
} nn_layout;

/* P of one hidden layer of NN_MAX_HIDDEN units (the largest one-layer net) as a constant expression, for
 * arrays sized at compile time (snapshots, sessions). It is nn_layout_of's count, checked in test_nn. */
#define NN_PARAM_MAX(d, k) (NN_MAX_HIDDEN * ((d) + 1 + (k)) + (k))

/* The one place offsets are computed. shape must be valid (nn_shape_valid). */
void nn_layout_of(const nn_shape *shape, nn_layout *out);
int nn_shape_valid(const nn_shape *shape); /* 1 if every count is in its range, else 0 */
nn_shape nn_shape_one(int d, int n_hidden, int k); /* one hidden layer of n_hidden units */

/* A network and views of its parameters. The fields up to b2 mean what they meant in 0.1 for one hidden
 * layer; for deeper nets w1, b1 are layer 1 and w2, b2 the output layer (stored as nn_layout says), and
 * n_hidden is the LAST hidden layer's width. */
typedef struct {
    int d, n_hidden, k;
    nn_act act;
    double gain; /* a in h = sigma(a e); 1 is the lecture's network */
    double *p;   /* (P) capacity cap */
    double *w1;  /* (N(1), D) row u = the weights into unit u of layer 1 */
    double *b1;  /* (N(1)) */
    double *w2;  /* (N, K) row u = the weights out of unit u of the last hidden layer */
    double *b2;  /* (K) */
    /* A view built by hand over another vector (snap_net) sets the fields above and n_layers = 1,
     * or better calls nn_view, which sets them all. */
    int n_layers;                     /* L hidden layers, 1..NN_MAX_LAYERS */
    int inner[NN_MAX_LAYERS - 1];     /* (L-1) widths of hidden layers 1..L-1; layer L's is n_hidden */
    size_t cap;                       /* doubles p holds (nn_create); nn_copy's dst must have room */
} nn_net;

/* Allocates; returns NULL on out-of-memory. Parameters start at 0. nn_create is one hidden layer of
 * n_hidden units; both leave room for the last hidden layer to grow to NN_MAX_HIDDEN (nn_resize). */
nn_net *nn_create(int d, int n_hidden, int k, nn_act act);
nn_net *nn_create_shape(const nn_shape *shape, nn_act act);
void nn_destroy(nn_net *net);
/* out: a network of the given shape over p (nn_layout_of(shape).count doubles, not copied, not owned). */
void nn_view(nn_net *out, const nn_shape *shape, nn_act act, double gain, double *p);
void nn_net_shape(const nn_net *net, nn_shape *out);
void nn_net_layout(const nn_net *net, nn_layout *out);
size_t nn_param_count(int d, int n_hidden, int k); /* P for one hidden layer */
size_t nn_params(const nn_net *net);              /* P for the net's shape */
size_t nn_units(const nn_net *net);               /* U, the length of nn_forward's e and h */
void nn_copy(nn_net *dst, const nn_net *src); /* same d, k; takes the shape, act, gain and p */

/* Changes the last hidden layer's width N in place. Units 0..min(old,new)-1 keep their weights; new units
 * get their rows of W(L), b(L) from fill_w1/fill_b1 (each (new-old)*n_{L-1} and (new-old), may be NULL
 * for 0; n_{L-1} = D for one hidden layer, where W(L) is w1) and w2 = 0, so ŷ does not jump. */
void nn_resize(nn_net *net, int n_hidden, const double *fill_w1, const double *fill_b1);
/* The same re-layout for any per-parameter vector (optimizer state): src (P_old) -> dst (P_new),
 * new entries 0. src and dst must not overlap. nn_remap is one hidden layer; nn_remap_shape is any
 * shape, src laid out for `from` and dst for `from` with its last hidden layer n_new units wide. */
void nn_remap(const double *src, int n_old, double *dst, int n_new, int d, int k);
void nn_remap_shape(const double *src, const nn_shape *from, double *dst, int n_new);

/* Activation of (gain * e) and its derivative with respect to e (gain included). */
double nn_act_f(nn_act act, double gain, double e);
double nn_act_df(nn_act act, double gain, double e);
const char *nn_act_name(nn_act act);      /* "logistic", ... */
int nn_act_parse(const char *s, nn_act *out); /* 0 ok, -1 unknown */

/* One token. forward fills e (U), h (U), yhat (K): hidden layer l's excitations and activations are
 * e[unit[l] .. unit[l] + n_l), h[...] (nn_layout's unit), layer 1 first; for one hidden layer U = N and
 * e, h are e(1), h as in 0.1. The last hidden layer is at unit[L] = U - n_hidden.
 * backward takes the same arguments plus eps = dL/dŷ (K) and ACCUMULATES into grad (P). */
void nn_forward(const nn_net *net, const double *x /* (D) */, double *e /* (U) */, double *h /* (U) */,
                double *yhat /* (K) */);
void nn_backward(const nn_net *net, const double *x /* (D) */, const double *e /* (U) */,
                 const double *h /* (U) */, const double *eps /* (K) */, double *grad /* (P) += */);

/* Batch: L = 1/(2n) sum_i ||ŷ_i - y_i||^2 and, if grad != NULL, its gradient (P), overwritten.
 * nn_loss_grad_ref is the straightforward scalar oracle built from nn_forward/nn_backward;
 * nn_loss_grad is the fast kernel chosen at run time; they agree to 1e-12 relative. The kernel is
 * written for one hidden layer: for deeper nets nn_loss_grad must be nn_loss_grad_ref. */
double nn_loss_grad_ref(const nn_net *net, const double *x /* (n, D) */, const double *y /* (n, K) */,
                        int n, double *grad /* (P) or NULL */);
double nn_loss_grad(const nn_net *net, const double *x /* (n, D) */, const double *y /* (n, K) */, int n,
                    double *grad /* (P) or NULL */);
/* nn_loss_grad for net's shape, activation and gain at another parameter vector p (P), such as an
 * optimizer's trial point; net's own parameters are not read. */
double nn_loss_grad_at(const nn_net *net, const double *p /* (P) */, const double *x /* (n, D) */,
                       const double *y /* (n, K) */, int n, double *grad /* (P) or NULL */);
/* ŷ for n inputs. */
void nn_predict(const nn_net *net, const double *x /* (n, D) */, int n, double *yhat /* (n, K) */);

#endif
