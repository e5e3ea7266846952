/* peek: the weights the trainer's next step will give, from a snapshot, on a copy of the optimizer's
 * state (the trainer's own state is not touched). Any thread, on a snapshot it reads; allocates.
 * Invariants: the result is the trainer's next p bit for bit (the same nn_opt_step from the same state). */
#ifndef TRAIN_PEEK_H
#define TRAIN_PEEK_H

#include "train/snapshot.h"

/* p_next (P) = the parameters after one step of s->opt with η = s->lr from s->p, as train_core_step takes
 * it (before its divergence check). 0 ok, -1 out of memory (p_next untouched). */
int train_peek_step(const snap *s, double *p_next /* (P) */);

#endif
