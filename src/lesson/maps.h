/* maps: the universal approximator's three steps as pictures on a g×g grid of the input square, as the
 * lecture tells it: e_k(x) = b_k + w̄_k·x (a plane), h_k = σ(e_k) (the plane squashed), w_k h_k (its share
 * of ŷ), and ŷ(x), f(x), ŷ − f. Pure; any thread; computed once per new snapshot, not per frame. */
#ifndef LESSON_MAPS_H
#define LESSON_MAPS_H

#include "data/scene.h"
#include "nn/nn.h"

/* Grid point (j, i), column j and row i from the bottom, is x = (lo + (j + 1/2) s, lo + (i + 1/2) s) with
 * s = (hi − lo)/g: the cell centres, the same points scene_true_error averages over. */
double lesson_map_coord(double lo, double hi, int g, int j);

/* For output c of a one-hidden-layer net over [lo, hi]², fills (each may be NULL to skip):
 *   e, h, wh (N, g, g): e(1)_k, h_k and w(2)_kc h_k at every grid point, unit k's map at k·g·g;
 *   yhat (g, g): ŷ_c;  f (g, g): the scene's target's output c (needs sc->target, else left untouched).
 * Row i of a map is x1's i-th value, column j x0's j-th. */
void lesson_maps(const nn_net *net, const scene_desc *sc, const scene_spec *spec, double lo, double hi, int g,
                 int c, double *e, double *h, double *wh, double *yhat, double *f);

/* Output c along the segment x(t) = a + t (b − a), at t = i/(m − 1) for i = 0..m−1 (m >= 2), the second
 * layer's sum taken apart (each may be NULL to skip):
 *   share (N, m): w(2)_kc h_k(x(t)), unit k's row at k·m;
 *   run (N + 1, m): the running sum from the bias: row 0 is b(2)_c, row k + 1 is row k + unit k's share, so
 *     row N is ŷ_c(x(t)) to the last bit (nn_forward adds the same terms in the same order);
 *   yhat (m): ŷ_c from nn_forward;  f (m): the scene's target's output c (needs sc->target). */
void lesson_maps_along(const nn_net *net, const scene_desc *sc, const scene_spec *spec, const double *a /* (2) */,
                  const double *b /* (2) */, int m, int c, double *share, double *run, double *yhat, double *f);

/* The smallest and largest finite values of v (n), for a colour bar; lo = hi = 0 when there are none. */
void lesson_map_range(const double *v, int n, double *lo, double *hi);

#endif
