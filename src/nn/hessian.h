/* hessian: curvature of the loss: exact Hessian-vector products (Pearlmutter's R-operator for one hidden
 * layer) and λ_max, the largest eigenvalue of ∇²L, by power iteration: gd is stable only for η λ_max < 2.
 * Any thread, on a network it owns; the caller passes scratch, and only λ_max's power iteration allocates
 * (the tokens' forward pass, n × (3N + K) doubles, freed before it returns). */
#ifndef NN_HESSIAN_H
#define NN_HESSIAN_H

#include <stdint.h>

#include "nn/nn.h"

/* Hv = ∇²L · v for L = 1/(2n) Σ_i ||ŷ_i − y_i||², into hv (P). frozen (P) may be NULL; frozen
 * parameters are held fixed: v's frozen entries count as 0 and hv's frozen entries are 0, so this is the
 * Hessian of L over the free parameters. Exact for one hidden layer; deeper nets use central differences
 * of the oracle's gradient (step 1e-5 relative to |p| + |v|) and scratch (2P) then holds the two gradients. */
void nn_hvp(const nn_net *net, const double *x /* (n, D) */, const double *y /* (n, K) */, int n,
            const unsigned char *frozen /* (P) or NULL */, const double *v /* (P) */, double *hv /* (P) */,
            double *scratch /* (3P) */);

/* The start every λ_max shown to a user is drawn from ("lambdamx"), so the meter, the trainer's paused value
 * and --report stability agree to the last bit and the meter does not flicker. */
#define NN_LAMBDA_SEED 0x6c616d6264616d78u

typedef struct {
    double lambda_max; /* the largest eigenvalue of the Hessian over the free parameters */
    int iterations;    /* Hessian-vector products spent */
    int converged;     /* 1 when successive estimates agreed to tol */
} nn_curvature;

/* λ_max by power iteration from a start drawn from seed (so the result is reproducible): first the
 * eigenvalue of largest magnitude; when that is negative, again on H − λ I for the largest one.
 * vec (P) receives the unit eigenvector; scratch (5P). At most max_iter products per pass; with one hidden
 * layer they share the tokens' forward pass (computed once; without memory for it, once per product: the
 * same values either way, to the last bit). */
nn_curvature nn_lambda_max(const nn_net *net, const double *x /* (n, D) */, const double *y /* (n, K) */,
                           int n, const unsigned char *frozen /* (P) or NULL */, uint64_t seed, int max_iter,
                           double tol, double *vec /* (P) */, double *scratch /* (5P) */);

/* The same from the start vec holds (a previous answer: a few products then suffice while the weights
 * move slowly); from seed's start when vec has no free part (e.g. all 0). */
nn_curvature nn_lambda_max_from(const nn_net *net, const double *x /* (n, D) */, const double *y /* (n, K) */,
                                int n, const unsigned char *frozen /* (P) or NULL */, uint64_t seed, int max_iter,
                                double tol, double *vec /* (P) in and out */, double *scratch /* (5P) */);

/* The same for the largest eigenvalue in the complement of the unit eigenvector v1 (P): with v1 from
 * nn_lambda_max, the second eigenpair (the loss landscape's second axis). */
nn_curvature nn_lambda_next(const nn_net *net, const double *x /* (n, D) */, const double *y /* (n, K) */,
                            int n, const unsigned char *frozen /* (P) or NULL */, const double *v1 /* (P) */,
                            uint64_t seed, int max_iter, double tol, double *vec /* (P) */,
                            double *scratch /* (5P) */);

#endif
