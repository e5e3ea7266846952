/* kernel: the fast batch loss-and-gradient behind nn_loss_grad, impl.c built per instruction set, chosen at run time.
 * Any thread, on a network it owns; the choice of path is made once per process.
 * Invariants: every path agrees with nn_loss_grad_ref to 1e-12 relative (step, signum, relu: e bit for bit); no allocation.
 * Fused paths exist for (D, K) = (2, 2) and (2, 1), a general one for the rest. Where a value could overflow (Σ|p| or Σ|x|
 * above 2^100, |gain| above 2^10, L above 2^800, or NaN and ∞ anywhere) the oracle answers, so overflow, saturation and
 * NaN come out as the oracle has them. */
#ifndef NN_KERNEL_KERNEL_H
#define NN_KERNEL_KERNEL_H

#include <stddef.h>

#include "nn/nn.h"

typedef enum {
    NN_KERNEL_SCALAR,   /* nn_loss_grad_ref and libm: the oracle */
    NN_KERNEL_BASELINE, /* any CPU the build targets (SSE2 on x86-64) */
    NN_KERNEL_AVX2,     /* x86-64 with AVX2 and FMA */
    NN_KERNEL_AVX512,   /* x86-64 with AVX-512 F, DQ, VL, BW */
    NN_KERNEL_COUNT
} nn_kernel_path;

const char *nn_kernel_name(nn_kernel_path p); /* "scalar", "baseline", "avx2", "avx512" */
int nn_kernel_parse(const char *s, nn_kernel_path *out); /* 0 ok, -1 unknown */
/* 1 when the path is compiled in and this CPU runs it. */
int nn_kernel_available(nn_kernel_path p);
/* The path nn_loss_grad runs: $BPL_KERNEL when it names an available path, else the fastest
 * available one. Chosen on the first call; a bad $BPL_KERNEL is reported once on stderr. */
nn_kernel_path nn_kernel_active(void);

/* nn_loss_grad on the given path, which must be available. */
double nn_kernel_loss_grad(nn_kernel_path p, const nn_net *net, const double *x /* (n, D) */,
                           const double *y /* (n, K) */, int n, double *grad /* (P) or NULL */);
/* ŷ for n inputs, as nn_predict computes it (to within rounding), on the given path; the
 * active path, nn_kernel_active(), is the fast choice for whoever predicts many tokens. */
void nn_kernel_predict(nn_kernel_path p, const nn_net *net, const double *x /* (n, D) */, int n,
                       double *yhat /* (n, K) */);
/* The path's activation applied to n values (libm for the scalar path); out may equal in. */
void nn_kernel_tanh(nn_kernel_path p, const double *in /* (n) */, double *out /* (n) */, size_t n);
void nn_kernel_logistic(nn_kernel_path p, const double *in /* (n) */, double *out /* (n) */, size_t n);

#endif
