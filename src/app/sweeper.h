/* sweeper: the sweep page's background thread: a sweep (train/sweep.h) run from first width to last, its
 * rows handed to the main thread as they finish, stopped between two training steps by Cancel.
 * sweeper_start/take/cancel/finished/stop: the main thread (one owner); the thread: only its own desc and row.
 * Invariants: rows travel under one mutex; the cancel flag alone is an atomic (see sweeper.c). */
#ifndef APP_SWEEPER_H
#define APP_SWEEPER_H

#include "train/snapshot.h"
#include "train/sweep.h"

/* The sweep of snapshot s's scene, task and seed, its σ and gain, the rest at sweep_default (L-BFGS to its
 * stopping rule): the rows `--sweep` writes with the same --target, --tokens, --seed, --act and --gain. */
sweep_desc sweeper_desc_of(const snap *s);
/* d's widths: 1, 2, 4, ..., up to max_n. */
void sweeper_widths(sweep_desc *d, int max_n);

typedef struct sweeper sweeper;

/* Starts the thread on a copy of d (which passed sweep_check); rows up to cap are kept (the thread stops
 * after cap runs). NULL with err filled when the thread cannot start. */
sweeper *sweeper_start(const sweep_desc *d, int cap, char *err, int errlen);
/* Copies the rows finished since *have into out[*have ..] (out holds cap rows) and sets *have to the count
 * finished. Returns 1 when the thread has ended (all runs done, cancelled or failed), else 0. */
int sweeper_take(sweeper *w, sweep_row *out, int *have);
/* 1 when a run failed (out of memory). */
int sweeper_failed(sweeper *w);
/* Asks the thread to stop; it does before its next training step. Returns at once. */
void sweeper_cancel(sweeper *w);
/* Cancels, waits for the thread and frees w (NULL: nothing). */
void sweeper_stop(sweeper *w);

#endif
