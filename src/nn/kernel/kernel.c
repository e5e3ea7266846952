/* kernel: the fast batch loss-and-gradient, chosen at run time.
 * Any thread, on a network it owns.
 * Invariants: agrees with nn_loss_grad_ref to 1e-12 relative. */
#include "nn/nn.h"

double nn_loss_grad(const nn_net *net, const double *x, const double *y, int n, double *grad)
{
    return nn_loss_grad_ref(net, x, y, n, grad);
}
