/* history: exact time travel for one training run: keyframes of the whole state, a log of every
 * command that changes the trajectory, replay to any past step, branches and the old branch's ghost.
 * Owned by the thread that owns the core (the trainer thread, or main headless). Invariants: a step
 * reached by history_seek equals, bit for bit, the same step reached going forward; history_bytes()
 * never exceeds the bound given to history_create once a call returns. */
#ifndef TRAIN_HISTORY_H
#define TRAIN_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "train/core.h"

/* The default bound on a history's memory. */
#define HISTORY_DEFAULT_BYTES ((size_t)64 << 20)
/* Steps between two keyframes before any thinning; thinning doubles it as often as the bound needs. */
#define HISTORY_KEY_EVERY 64
/* Points of the loss curve (and of the ghost) kept: when full, every other one goes. */
#define HISTORY_CURVE_CAP 2048

typedef struct history history;

/* One point of a loss curve. pos counts the steps taken since the history started, across resets and
 * loads (it only grows along a branch); step is the core's own step counter at that point. */
typedef struct {
    int64_t pos;
    int64_t step;
    double loss;
} history_point;

/* Starts a history at the core's current state. NULL with err filled when max_bytes cannot hold the
 * fixed part plus one keyframe of the largest network (history_min_bytes), or memory runs out. */
history *history_create(const train_core *c, size_t max_bytes, char *err, int errlen);
void history_destroy(history *h);
/* The smallest bound history_create accepts. */
size_t history_min_bytes(void);

/* Applies cmd to c (train_core_apply) and logs it. Use it for every command given to c. A command
 * that changes the trajectory at a past step (after a seek) ends the recorded future there: it
 * becomes the ghost and a new branch starts. Run state and speed (run, pause, step k, speed, quit) are
 * not history and never branch. Returns what train_core_apply returns. */
int history_apply(history *h, train_core *c, const train_cmd *cmd);
/* Call after every train_core_step(c): counts the step, logs a divergence, takes a keyframe when one
 * is due, and notes the loss. Running forward from a past step without a recorded command that was
 * due at that step starts a new branch there. Allocates only when it takes a keyframe. */
void history_after_step(history *h, const train_core *c);
/* When c sits in a recorded future (after a seek) right before a recorded command, fills *out with it
 * and returns 1: a caller that wants "forward replays what happened" passes it to history_apply
 * before stepping. 0 otherwise. Changes of N and loads never replay this way (they branch). */
int history_next_cmd(const history *h, train_cmd *out);
/* 1 when c sits in a recorded future right before a change of N or of every weight at once: history_seek
 * to the same step passes it (its barrier keyframe holds the result) and stays on the recorded branch. */
int history_next_needs_seek(const history *h);

/* Builds, into *out, a new core at the given step of the current epoch (the stretch since the last
 * reset, preset or load; steps as the core counts them), paused, with every command logged up to that
 * step applied; the caller destroys its old core and goes on with *out (speed: set it again). Returns
 * 0, or -1 with err filled (step out of range, out of memory, or a replay that did not match). */
int history_seek(history *h, int64_t step, train_core **out, char *err, int errlen);
/* The steps of the current epoch history_seek can reach: [*first, *last]. */
void history_range(const history *h, int64_t *first, int64_t *last);
/* The position (see history_point) of c, and of the end of the recorded branch. */
int64_t history_pos(const history *h);
int64_t history_head(const history *h);

/* Ends the recorded future at c's position (keeping it as the ghost), as a command there would. */
void history_branch(history *h);
/* The loss curve of the current branch up to its head, oldest first; its length. */
int history_curve(const history *h, const history_point **pts);
/* The ghost: the curve of the future the last branch cut off, from the branch point on; 0 when none. */
int history_ghost(const history *h, const history_point **pts);
void history_clear_ghost(history *h);
/* How many times a branch cut the recorded future, and how many of those kept a ghost: a caller sees
 * that the last history_apply or history_after_step branched when the count moved. */
uint64_t history_branches(const history *h);
uint64_t history_ghosts(const history *h);

/* Memory held now: keyframes, log, curves and scratch (malloc's own overhead counted at 16 bytes a
 * block). */
size_t history_bytes(const history *h);
/* Keyframes held, and the steps between regular keyframes now: a seek replays at most that many steps
 * (plus the commands on the way). */
int history_keyframes(const history *h);
int64_t history_stride(const history *h);

#endif
