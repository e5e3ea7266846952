/* kernel/impl: the entry points of impl.c, which meson compiles once per instruction set with
 * NN_KV set to the variant's name; kernel.c picks one. Any thread, on a network it owns, and
 * only on a CPU that has the variant's instructions. Invariants: as in kernel.h. */
#ifndef NN_KERNEL_IMPL_H
#define NN_KERNEL_IMPL_H

#include <stddef.h>

#include "nn/nn.h"

/* The variants meson builds: baseline everywhere, AVX2 and AVX-512 on x86-64. */
#if defined(__x86_64__)
#define NN_KERNEL_HAVE_X86 1
#else
#define NN_KERNEL_HAVE_X86 0
#endif

#define NN_KERNEL_DECLARE(v)                                                                      \
    double nn_kernel_##v##_loss_grad(const nn_net *net, const double *x, const double *y, int n,  \
                                     double *grad);                                               \
    void nn_kernel_##v##_predict(const nn_net *net, const double *x, int n, double *yhat);        \
    void nn_kernel_##v##_tanh(const double *in, double *out, size_t n);                           \
    void nn_kernel_##v##_logistic(const double *in, double *out, size_t n);

NN_KERNEL_DECLARE(baseline)
#if NN_KERNEL_HAVE_X86
NN_KERNEL_DECLARE(avx2)
NN_KERNEL_DECLARE(avx512)
#endif

#endif
