/* trained: a snapshot of a session after some training steps, built once for all the render tests.
 * Test code only, the test's thread. Invariants: the core is gone when the snapshot is returned; the
 * snapshot is the caller's to free. */
#ifndef TESTS_RENDER_TRAINED_H
#define TESTS_RENDER_TRAINED_H

#include <check.h>
#include <stdlib.h>

#include "train/core.h"

/* se trained for `steps` steps, as a snapshot of its own. */
static inline snap *trained_snap(const session *se, int steps)
{
    char err[256];
    train_core *c = train_core_create(se, err, sizeof err);
    ck_assert_msg(c != NULL, "train_core_create: %s", err);
    for (int i = 0; i < steps; i++) train_core_step(c);
    snap *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(s);
    train_core_fill(c, s);
    train_core_destroy(c);
    return s;
}

#endif
