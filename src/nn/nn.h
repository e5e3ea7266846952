/* nn: the two-layer network D -> N -> K, its parameters in one flat block, forward/backward.
 * Any thread may call these, on a network it owns; nothing here allocates after nn_create.
 * Invariants: 1 <= n_hidden <= NN_MAX_HIDDEN; w1, b1, w2, b2 always point into p as laid out below. */
#ifndef NN_NN_H
#define NN_NN_H

#include <stddef.h>

#define NN_MAX_HIDDEN 256
#define NN_MAX_IO 4 /* D and K are small: the lecture's task has D = K = 2 */

typedef enum {
    NN_ACT_LOGISTIC, /* sigma(e) = 1/(1+exp(-e)), sigma' = sigma(1-sigma) */
    NN_ACT_TANH,     /* tanh(e), 1 - tanh^2 */
    NN_ACT_RELU,     /* max(0, e), 1 for e > 0 else 0 */
    NN_ACT_STEP,     /* unit step: 1 for e > 0 else 0; derivative 0, so layer 1 cannot learn */
    NN_ACT_SIGNUM,   /* sign(e): -1, 0, 1; derivative 0 */
    NN_ACT_COUNT
} nn_act;

/* Flat parameter layout, P = N*D + N + N*K + K doubles:
 *   w1 (N, D) row k = w̄(1)_k | b1 (N) | w2 (N, K) row j = column w(2)_j of W(2) | b2 (K) */
typedef struct {
    int d, n_hidden, k;
    nn_act act;
    double gain; /* a in h = sigma(a e); 1 is the lecture's network */
    double *p;   /* (P) capacity for NN_MAX_HIDDEN units */
    double *w1;  /* (N, D) */
    double *b1;  /* (N) */
    double *w2;  /* (N, K) */
    double *b2;  /* (K) */
} nn_net;

/* Allocates; returns NULL on out-of-memory. Parameters start at 0. */
nn_net *nn_create(int d, int n_hidden, int k, nn_act act);
void nn_destroy(nn_net *net);
size_t nn_param_count(int d, int n_hidden, int k);
static inline size_t nn_params(const nn_net *net) { return nn_param_count(net->d, net->n_hidden, net->k); }
void nn_copy(nn_net *dst, const nn_net *src); /* same d, k; takes n_hidden, act, gain and p */

/* Changes N in place. Units 0..min(old,new)-1 keep their weights; new units get w1/b1 from
 * fill_w1/fill_b1 (each (new-old)*D and (new-old), may be NULL for 0) and w2 = 0, so ŷ does not jump. */
void nn_resize(nn_net *net, int n_hidden, const double *fill_w1, const double *fill_b1);
/* The same re-layout for any per-parameter vector (optimizer state): src (P_old) -> dst (P_new),
 * new entries 0. src and dst must not overlap. */
void nn_remap(const double *src, int n_old, double *dst, int n_new, int d, int k);

/* Activation of (gain * e) and its derivative with respect to e (gain included). */
double nn_act_f(nn_act act, double gain, double e);
double nn_act_df(nn_act act, double gain, double e);
const char *nn_act_name(nn_act act);      /* "logistic", ... */
int nn_act_parse(const char *s, nn_act *out); /* 0 ok, -1 unknown */

/* One token. forward fills e (N), h (N), yhat (K).
 * backward takes the same arguments plus eps = dL/dŷ (K) and ACCUMULATES into grad (P). */
void nn_forward(const nn_net *net, const double *x /* (D) */, double *e /* (N) */, double *h /* (N) */,
                double *yhat /* (K) */);
void nn_backward(const nn_net *net, const double *x /* (D) */, const double *e /* (N) */,
                 const double *h /* (N) */, const double *eps /* (K) */, double *grad /* (P) += */);

/* Batch: L = 1/(2n) sum_i ||ŷ_i - y_i||^2 and, if grad != NULL, its gradient (P), overwritten.
 * nn_loss_grad_ref is the straightforward scalar oracle built from nn_forward/nn_backward;
 * nn_loss_grad is the fast kernel chosen at run time; they agree to 1e-12 relative. */
double nn_loss_grad_ref(const nn_net *net, const double *x /* (n, D) */, const double *y /* (n, K) */,
                        int n, double *grad /* (P) or NULL */);
double nn_loss_grad(const nn_net *net, const double *x /* (n, D) */, const double *y /* (n, K) */, int n,
                    double *grad /* (P) or NULL */);
/* ŷ for n inputs. */
void nn_predict(const nn_net *net, const double *x /* (n, D) */, int n, double *yhat /* (n, K) */);

#endif
