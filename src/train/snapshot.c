/* snapshot: what the trainer publishes and the render loop draws from: plain data, no pointers.
 * snap_net: any thread, on a snapshot it may read (the render loop: the one it took).
 * Invariants: the view's w1, b1, w2, b2 follow nn.h's flat layout for (D, hidden, K) inside s->p. */
#include "train/snapshot.h"

#include <assert.h>

void snap_net(const snap *s, nn_net *out)
{
    int n = s->hidden, d = DATA_D, k = DATA_K;
    assert(n >= 1 && n <= NN_MAX_HIDDEN);
    out->d = d;
    out->n_hidden = n;
    out->k = k;
    out->act = s->act;
    out->gain = s->gain;
    /* nn_net has no read-only variant; the reader only passes the view to functions that read */
    out->p = (double *)s->p;
    out->w1 = out->p;
    out->b1 = out->w1 + (size_t)n * (size_t)d;
    out->w2 = out->b1 + n;
    out->b2 = out->w2 + (size_t)n * (size_t)k;
}
