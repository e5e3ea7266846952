/* ring: single-producer/single-consumer lock-free ring of commands, UI -> trainer.
 * train_ring_push: the producer thread only; train_ring_pop: the consumer thread only.
 * Invariants: 0 <= head - tail <= TRAIN_RING_CAP (indices grow without bound and wrap as size_t,
 * slot = index mod CAP); a slot is written only while free and read only while full. */
#include "train/ring.h"

#include <assert.h>
#include <string.h>

_Static_assert((TRAIN_RING_CAP & (TRAIN_RING_CAP - 1)) == 0, "TRAIN_RING_CAP must be a power of two");

void train_ring_init(train_ring *r)
{
    /* relaxed: the ring is shared with the other thread later, through pthread_create */
    atomic_store_explicit(&r->head, 0, memory_order_relaxed);
    atomic_store_explicit(&r->tail, 0, memory_order_relaxed);
    memset(r->buf, 0, sizeof r->buf);
}

int train_ring_push(train_ring *r, const train_cmd *c)
{
    /* relaxed: head is written only by this (the producer) thread */
    size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    /* acquire: pairs with pop's release of tail, so the consumer's read of a slot is complete
     * before we overwrite that slot */
    size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    assert(head - tail <= TRAIN_RING_CAP);
    if (head - tail == TRAIN_RING_CAP)
        return -1;
    r->buf[head & (TRAIN_RING_CAP - 1)] = *c;
    /* release: the command written above is visible before the consumer can see the new head */
    atomic_store_explicit(&r->head, head + 1, memory_order_release);
    return 0;
}

int train_ring_pop(train_ring *r, train_cmd *c)
{
    /* relaxed: tail is written only by this (the consumer) thread */
    size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    /* acquire: pairs with push's release of head, so the slot's command is visible to us */
    size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    if (head == tail)
        return 0;
    *c = r->buf[tail & (TRAIN_RING_CAP - 1)];
    /* release: our read of the slot is complete before the producer may reuse it */
    atomic_store_explicit(&r->tail, tail + 1, memory_order_release);
    return 1;
}
