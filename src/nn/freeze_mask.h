/* freeze_mask: which parameters learn, as a per-parameter mask: the one place the freeze rule is written.
 * Any thread; a pure function over the caller's buffer.
 * Invariants: the mask follows nn_layout_of parameter for parameter; for one hidden layer it is the
 * 0.1 rule (only_layer 0 both layers learn, 1 only W(1), b(1), 2 only W(2), b(2); only_unit -1 every
 * unit, else only unit k's w̄(1)_k, b(1)_k, w(2)_k, with b(2) learning whenever layer 2 does). */
#ifndef NN_FREEZE_MASK_H
#define NN_FREEZE_MASK_H

#include "nn/nn.h"

/* frozen[i] = 1 when parameter i must not change, else 0; returns how many are frozen.
 * only_layer: 0 every layer learns, else only layer l = 1..L+1 (W(l), b(l); L+1 is the output layer).
 * only_unit: -1 every unit, else a unit 0..n_L-1 of the LAST hidden layer: only its row of W(L), its
 * b(L) and its row of the output W(L+1) learn, with b(L+1) (it belongs to no unit). Layers before L
 * have no parameters of that unit, so they do not learn. Learning needs both: the layer is the
 * chosen one (or every one) and the parameter belongs to the chosen unit (or any). Out-of-range
 * values are programmer errors (the trainer maps a unit that no longer exists to -1 first). */
size_t nn_freeze_mask(const nn_layout *lay, int only_layer, int only_unit, unsigned char *frozen /* (P) */);

#endif
