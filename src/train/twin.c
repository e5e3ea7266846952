/* twin: the command that turns a run into its twin, from the setting and the run's own value of it.
 * Pure, any thread.
 * Invariants: each twin key maps to the one command that sets it (train_core_apply's meaning). */
#include "train/twin.h"

#include <string.h>

int train_twin_cmd(const session_twin *t, const session *base, train_cmd *out)
{
    memset(out, 0, sizeof *out);
    switch (t->key) {
    case SESSION_TWIN_LR: *out = (train_cmd){.type = TRAIN_CMD_SET_LR, .a = t->a}; return t->a != base->lr;
    case SESSION_TWIN_GAIN: *out = (train_cmd){.type = TRAIN_CMD_SET_GAIN, .a = t->a}; return t->a != base->gain;
    case SESSION_TWIN_HIDDEN:
        *out = (train_cmd){.type = TRAIN_CMD_SET_HIDDEN, .i = t->i};
        return t->i != base->hidden;
    case SESSION_TWIN_ACT: *out = (train_cmd){.type = TRAIN_CMD_SET_ACT, .i = t->i}; return t->i != (int)base->act;
    case SESSION_TWIN_OPT: *out = (train_cmd){.type = TRAIN_CMD_SET_OPT, .i = t->i}; return t->i != (int)base->opt;
    case SESSION_TWIN_FREEZE:
        *out = (train_cmd){.type = TRAIN_CMD_SET_FREEZE, .i = t->freeze.only_layer, .j = t->freeze.only_unit};
        return t->freeze.only_layer != base->freeze.only_layer || t->freeze.only_unit != base->freeze.only_unit;
    default: return 0;
    }
}
