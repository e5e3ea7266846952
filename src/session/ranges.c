/* ranges: the one table of values a setting may take (see ranges.h).
 * Read-only data; any thread.
 * Invariants: entries follow range_id's order; lo <= hi. */
#include "session/ranges.h"

#include <assert.h>
#include <math.h>

const range_def range_table[RANGE_COUNT] = {
    [RANGE_LR] = {"learning_rate", RANGE_LR_MIN, RANGE_LR_MAX},
    [RANGE_GAIN] = {"gain", RANGE_GAIN_MIN, RANGE_GAIN_MAX},
    [RANGE_HIDDEN] = {"hidden", RANGE_HIDDEN_MIN, RANGE_HIDDEN_MAX},
    [RANGE_TOKENS] = {"tokens", RANGE_TOKENS_MIN, RANGE_TOKENS_MAX},
    [RANGE_SPEED] = {"speed", RANGE_SPEED_MIN, RANGE_SPEED_MAX},
    [RANGE_THETA] = {"theta", -DATA_THETA_LIMIT, DATA_THETA_LIMIT},
    [RANGE_JITTER] = {"radius_jitter", 0.0, DATA_MAX_JITTER},
    [RANGE_NOISE] = {"noise", 0.0, DATA_MAX_NOISE},
    [RANGE_STEP] = {"step", 0.0, (double)RANGE_STEP_MAX},
};

int range_ok(range_id id, double v)
{
    assert(id >= 0 && id < RANGE_COUNT);
    if (!isfinite(v))
        return 0;
    if (id == RANGE_SPEED && v == 0.0)
        return 1;
    return v >= range_table[id].lo && v <= range_table[id].hi;
}
