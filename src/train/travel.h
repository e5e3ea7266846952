/* travel: one run with its history: the core, the history that rewinds it exactly, the per-step losses
 * of the branch, the ghost curve; commands, steps and seeks (back k, to step s, back before the damage).
 * Owned by one thread (the trainer thread; a test or a bench on main). Invariants: every command and step
 * goes through the history; travel_bytes() <= TRAVEL_MAX_BYTES; a seek leaves the core paused at the
 * state the run had at that step, bit for bit. */
#ifndef TRAIN_TRAVEL_H
#define TRAIN_TRAVEL_H

#include <stddef.h>
#include <stdint.h>

#include "session/session.h"
#include "train/command.h"
#include "train/core.h"
#include "train/snapshot.h"

/* All a run's history may hold: keyframes and command log, exact losses, the ghost. */
#define TRAVEL_MAX_BYTES ((size_t)64 << 20)
/* Per-step losses kept exactly (16 MB of the bound); a longer branch keeps every 2nd, 4th, ... step. */
#define TRAVEL_LOSS_MAX ((int64_t)1 << 21)

typedef struct train_travel train_travel;

/* A run at the session's state, paused; NULL with err filled (bad session, out of memory). */
train_travel *travel_create(const session *s, char *err, int errlen);
/* The same under another bound (tests, benches): at most max_bytes in all, loss_max losses kept exactly;
 * NULL with err filled when max_bytes cannot hold them and one keyframe of the largest network. */
train_travel *travel_create_bounded(const session *s, size_t max_bytes, int64_t loss_max, char *err, int errlen);
void travel_destroy(train_travel *t);

/* Applies a command (the travel ones too: back, seek, recover, clear the ghost, export). Returns 1 for
 * TRAIN_CMD_QUIT. The core may be another one afterwards (a seek builds it anew): ask travel_core. */
int travel_apply(train_travel *t, const train_cmd *cmd);
/* One step: first the commands recorded at this step when walking a recorded future again, then the
 * step, into the history. Returns the status after it. */
train_status travel_step(train_travel *t);
/* The live core: valid until the next travel_apply. */
train_core *travel_core(const train_travel *t);
/* train_core_fill, plus the history's part of the snapshot (range, good step, ghost, export). */
void travel_fill(const train_travel *t, snap *s);
/* Memory held now (the history's bytes, the loss array's capacity, the ghost). */
size_t travel_bytes(const train_travel *t);

#endif
