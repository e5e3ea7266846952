/* freeze: which parameters learn, as the optimizer's mask is built from it (the rule below).
 * Plain data, any thread; nothing here allocates or depends on the task.
 * Invariants: 0 <= only_layer <= 2; only_unit is -1 or a 0-based unit below the hidden size in force. */
#ifndef NN_FREEZE_H
#define NN_FREEZE_H

/* Which parameters learn. only_layer 0: both layers, 1: only W(1), b(1), 2: only W(2), b(2).
 * only_unit -1: every unit, else the 0-based unit whose w̄(1), b(1), w(2) alone learn (b(2) too). */
typedef struct {
    int only_layer;
    int only_unit;
} nn_freeze;

#endif
