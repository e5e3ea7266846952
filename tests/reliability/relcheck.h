/* relcheck: what every snapshot must satisfy, and random sessions and commands for the trainer.
 * Any thread, on the objects it passes in (rel_check keeps no state).
 * Invariants: rel_check never modifies the snapshot; random values stay inside the command contract. */
#ifndef TESTS_RELIABILITY_RELCHECK_H
#define TESTS_RELIABILITY_RELCHECK_H

#include <stdint.h>

#include "nn/rng.h"
#include "session/session.h"
#include "train/command.h"
#include "train/snapshot.h"

/* Scratch the checks need (the reference gradient and predictions), allocated once, zeroed. */
typedef struct {
    double grad[SNAP_PARAM_MAX];           /* (P) */
    double yhat[DATA_MAX_TOKENS * DATA_K]; /* (n, K) */
    unsigned char tied[DATA_MAX_TOKENS];   /* (n) token i has an excitation on a kink */
    long checks; /* snapshots checked */
    long ties;   /* of which had an excitation on a kink of the activation (see rel_check) */
} rel_scratch;

/* 0 when s is internally consistent; else -1 with why filled: ranges, finite parameters, loss,
 * gradient and ŷ equal to the reference computation at s->p (unless diverged), a diverged
 * status whose reason names the step, a well-formed loss history. An excitation within rounding
 * of a kink (relu's derivative, the jump of step and signum) may land on either side in the fast
 * kernel: what it decides there (the gradient; for step and signum also ŷ and the loss) is not
 * compared, and the snapshot is counted in ties. */
int rel_check(const snap *s, rel_scratch *scratch, char *why, int whylen);

/* Random values for the property tests. */
int rel_int(nn_rng *r, int lo, int hi);                /* uniform in lo..hi */
double rel_log_uniform(nn_rng *r, double lo, double hi); /* log-uniform in [lo, hi] */
int rel_hidden(nn_rng *r);  /* 1..NN_MAX_HIDDEN, small sizes most often */
int rel_tokens(nn_rng *r);  /* 2..DATA_MAX_TOKENS, large counts rare */
double rel_coord(nn_rng *r); /* a token coordinate: mostly near the task, sometimes far away */
/* A valid session on the heap (settings, sometimes weights and hand-moved tokens); NULL when out
 * of memory. */
session *rel_session(nn_rng *r);

/* What the sender knows of the trainer's shape, to keep commands valid and the work per step
 * bounded: tokens exactly, hidden units as an upper estimate. */
typedef struct {
    int n;
    int hidden;
} rel_shape;

/* A random command within the command contract (never QUIT) for a trainer of this shape; updates
 * the shape to what it will be after the command. A LOAD carries a session from rel_session. */
void rel_command(nn_rng *r, rel_shape *shape, train_cmd *out);

#endif
