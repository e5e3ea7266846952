/* triple: single-producer/single-consumer triple buffer over three caller-owned slots.
 * train_triple_back/publish: the writer thread only; train_triple_take: the reader thread only.
 * Invariants: (back, middle & 3, front) is always a permutation of 0, 1, 2; DIRTY is set only by
 * publish and cleared only by take, so each side owns its private slot exclusively. */
#include "train/triple.h"

#include <assert.h>
#include <stddef.h>

void train_triple_init(train_triple *t, void *a, void *b, void *c)
{
    assert(a && b && c);
    t->slot[0] = a;
    t->slot[1] = b;
    t->slot[2] = c;
    t->back = 0;
    t->front = 2;
    /* relaxed: the buffer is handed to the threads later, through pthread_create (a full barrier) */
    atomic_store_explicit(&t->middle, 1u, memory_order_relaxed);
}

void *train_triple_back(train_triple *t)
{
    return t->slot[t->back];
}

void train_triple_publish(train_triple *t)
{
    /* acq_rel, one exchange, never a wait:
     * release - every write into the back slot happens-before the reader's acquiring exchange
     *           that hands it this slot, so the reader never sees a half-written snapshot;
     * acquire - the slot we get back may be one the reader has just finished reading; its
     *           releasing exchange orders those reads before our coming writes into it. */
    unsigned old = atomic_exchange_explicit(&t->middle, t->back | TRAIN_TRIPLE_DIRTY, memory_order_acq_rel);
    t->back = old & ~TRAIN_TRIPLE_DIRTY;
}

void *train_triple_take(train_triple *t, int *fresh)
{
    /* relaxed: only a hint whether anything new is waiting. Missing a publish that is under way
     * merely returns the previous snapshot; seeing DIRTY is confirmed by the exchange below,
     * which alone carries the synchronisation. */
    unsigned mid = atomic_load_explicit(&t->middle, memory_order_relaxed);
    if (!(mid & TRAIN_TRIPLE_DIRTY)) {
        if (fresh)
            *fresh = 0;
        return t->slot[t->front];
    }
    /* acq_rel:
     * acquire - pairs with the writer's releasing exchange, so the slot's contents are visible;
     * release - our reads of the old front slot complete before the writer can receive it
     *           back through its acquiring exchange and overwrite it. */
    unsigned old = atomic_exchange_explicit(&t->middle, t->front, memory_order_acq_rel);
    /* DIRTY cannot have been cleared meanwhile: only this thread clears it. */
    assert(old & TRAIN_TRIPLE_DIRTY);
    t->front = old & ~TRAIN_TRIPLE_DIRTY;
    if (fresh)
        *fresh = 1;
    return t->slot[t->front];
}
