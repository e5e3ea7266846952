/* landscape: the loss over a plane through the current weights, p + α u + β v, for the slice the window
 * draws: its axes (two weights, the top two Hessian eigenvectors, or the trajectory's two principal
 * directions), the g×g grid of losses, and where a point of the trajectory lies on it. Pure; any thread. */
#ifndef LESSON_LANDSCAPE_H
#define LESSON_LANDSCAPE_H

#include <stddef.h>
#include <stdint.h>

#include "nn/nn.h"

/* u, v (P) = the unit vectors of parameters i and j (i != j). */
void lesson_axes_weights(size_t P, size_t i, size_t j, double *u, double *v);

/* u, v (P) = unit eigenvectors of the two largest Hessian eigenvalues over the free parameters, lam (2)
 * those eigenvalues. scratch (5P). 0 ok; -1 when fewer than two parameters are free. */
int lesson_axes_hessian(const nn_net *net, const double *x /* (n, D) */, const double *y /* (n, K) */, int n,
                        const unsigned char *frozen /* (P) or NULL */, uint64_t seed, double *u, double *v,
                        double *lam /* (2) */, double *scratch /* (5P) */);

/* u, v (P) = the trajectory's first two principal directions: of the m points traj (m, P) about their
 * mean, by power iteration on the covariance. 0 ok; -1 when the points do not span two directions. */
int lesson_axes_trajectory(const double *traj /* (m, P) */, int m, size_t P, double *u, double *v,
                           double *scratch /* (2P) */);

/* α or β of grid index j of g: half·(2j − (g−1))/(g−1), so the middle index of an odd g is exactly 0. */
double lesson_slice_coord(double half, int g, int j);

/* out[i·g + j] = L(p + α_j u + β_i v) for i, j in 0..g-1 (row i: β_i, column j: α_j), with the fast
 * kernel. scratch (P) holds the moved weights; net is not changed. */
void lesson_slice(const nn_net *net, const double *x /* (n, D) */, const double *y /* (n, K) */, int n,
                  const double *u /* (P) */, const double *v /* (P) */, double half, int g,
                  double *out /* (g, g) */, double *scratch /* (P) */);

/* Where q lies on the plane through center spanned by orthonormal u, v: its coordinates a, b and its
 * distance from the plane (so a trajectory off the plane is drawn as what it is). */
void lesson_project(const double *q /* (P) */, const double *center /* (P) */, const double *u, const double *v,
                    size_t P, double *a, double *b, double *dist);

#endif
