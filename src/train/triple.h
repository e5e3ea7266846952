/* triple: single-producer/single-consumer triple buffer over three caller-owned slots.
 * train_triple_back/publish: the writer thread only; train_triple_take: the reader thread only.
 * Invariants: the three slot indices (back, middle, front) are always a permutation of 0, 1, 2. */
#ifndef TRAIN_TRIPLE_H
#define TRAIN_TRIPLE_H

#include <stdalign.h>
#include <stdatomic.h>

typedef struct {
    void *slot[3];
    alignas(64) unsigned back;         /* writer's private slot */
    alignas(64) unsigned front;        /* reader's private slot */
    alignas(64) atomic_uint middle;    /* shared: slot index | TRAIN_TRIPLE_DIRTY */
    char pad[64 - sizeof(atomic_uint)];
} train_triple;

#define TRAIN_TRIPLE_DIRTY 4u

/* The slots must be fully initialised (the reader may take any of them before a publish). */
void train_triple_init(train_triple *t, void *a, void *b, void *c);
void *train_triple_back(train_triple *t);
void train_triple_publish(train_triple *t);
/* The newest published slot (or the one last taken); *fresh = 1 when it is new since last take. */
void *train_triple_take(train_triple *t, int *fresh);

#endif
