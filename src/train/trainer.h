/* trainer: the training thread around a train_core, fed by the command ring, publishing snapshots.
 * train_thread_start/send/take/stop: the main thread only; the thread itself runs inside trainer.c.
 * Invariants: the trainer never waits for the reader; it sleeps when there is nothing to do. */
#ifndef TRAIN_TRAINER_H
#define TRAIN_TRAINER_H

#include "session/session.h"
#include "train/command.h"
#include "train/snapshot.h"

typedef struct train_thread train_thread;

/* Starts paused at the session's state; NULL with err filled on failure. The first snapshots come
 * before λ_max of the first weights (curv.pending); the thread computes it before any command and
 * publishes it, the same value as computed at once. */
train_thread *train_thread_start(const session *s, char *err, int errlen);
/* 0 queued; -1 the ring is full (nothing sent: the caller retries next frame or tells the user). */
int train_thread_send(train_thread *t, const train_cmd *c);
/* The newest snapshot; valid until the next take. *fresh = 1 when new since the last take. */
const snap *train_thread_take(train_thread *t, int *fresh);
/* Asks the thread to quit, joins it, frees everything. */
void train_thread_stop(train_thread *t);

#endif
