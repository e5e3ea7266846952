/* ring: single-producer/single-consumer lock-free ring of commands, UI -> trainer.
 * train_ring_push: the producer thread only; train_ring_pop: the consumer thread only.
 * Invariants: 0 <= head - tail <= TRAIN_RING_CAP; nothing is lost or reordered; full is reported. */
#ifndef TRAIN_RING_H
#define TRAIN_RING_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>

#include "train/command.h"

#define TRAIN_RING_CAP 256 /* a power of two */

typedef struct {
    alignas(64) atomic_size_t head; /* next slot the producer writes */
    alignas(64) atomic_size_t tail; /* next slot the consumer reads */
    alignas(64) train_cmd buf[TRAIN_RING_CAP];
} train_ring;

void train_ring_init(train_ring *r);
int train_ring_push(train_ring *r, const train_cmd *c); /* 0 ok, -1 full */
int train_ring_pop(train_ring *r, train_cmd *c);        /* 1 got one, 0 empty */

#endif
