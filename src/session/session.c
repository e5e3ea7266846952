/* session: the session model: defaults and presets.
 * Any thread, on a session it owns; no file I/O here (session_read.c, session_write.c).
 * Invariants: session_default gives the lecture's start; a preset fully sets hidden size and activation. */
#include "session/session.h"

#include <string.h>

void session_default(session *s)
{
    memset(s, 0, sizeof *s);
    s->gain = 1.0;
    s->task = data_spec_default();
    s->opt = NN_OPT_GD;
    s->lr = 0.02;
    s->step = 0;
    s->speed = 0.0;
    s->freeze.only_layer = 0;
    s->freeze.only_unit = -1;
    session_set_preset(s, DATA_PRESET_LECTURE_START);
}

void session_set_preset(session *s, data_preset p)
{
    s->preset = p;
    /* the solution needs one unit per gap between tokens (8 for the lecture's 9), when that fits */
    int gaps = s->task.n - 1;
    s->hidden = p == DATA_PRESET_LECTURE_SOLUTION && gaps <= NN_MAX_HIDDEN ? gaps : data_preset_hidden(p);
    s->act = data_preset_act(p);
    s->has_weights = 0;
}
