/* fuzz_session: libFuzzer target for the session parser (session_parse, session_format).
 * Single-threaded; libFuzzer calls LLVMFuzzerTestOneInput once per input.
 * Properties: no crash or sanitizer report; a failed parse leaves the session untouched and
 * says why; a parsed session formats and parses back to the same session. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The tokens a session stands for: its own when it has them, else those its spec builds. */
static const double *tokens_of(const session *s, data_task *scratch, int want_y)
{
    if (s->has_tokens)
        return want_y ? s->y : s->x;
    data_task_build(scratch, &s->task);
    return want_y ? scratch->y : scratch->x;
}

/* What a session file decides (speed is not saved; array rows past hidden / n are not data). */
static int same_session(const session *a, const session *b)
{
    static data_task ta, tb;
    if (a->preset != b->preset || a->hidden != b->hidden || a->act != b->act || a->opt != b->opt ||
        a->step != b->step || a->has_weights != b->has_weights ||
        a->freeze.only_layer != b->freeze.only_layer || a->freeze.only_unit != b->freeze.only_unit)
        return 0;
    /* Bit comparison: %.17g must bring back every double exactly, -0 included. */
    if (memcmp(&a->gain, &b->gain, sizeof a->gain) || memcmp(&a->lr, &b->lr, sizeof a->lr))
        return 0;
    const data_spec *s = &a->task, *t = &b->task;
    if (s->n != t->n || s->seed != t->seed || memcmp(&s->theta_min, &t->theta_min, sizeof(double)) ||
        memcmp(&s->theta_max, &t->theta_max, sizeof(double)) ||
        memcmp(&s->radius_jitter, &t->radius_jitter, sizeof(double)) ||
        memcmp(&s->noise, &t->noise, sizeof(double)))
        return 0;
    if (a->has_slice != b->has_slice || (a->has_slice && memcmp(a->slice, b->slice, sizeof a->slice)))
        return 0;
    if (a->has_weights &&
        memcmp(a->p, b->p, nn_param_count(DATA_D, a->hidden, DATA_K) * sizeof(double)))
        return 0;
    /* a hand-moved token that sits where the spec puts it is not written out: compare what they mean */
    if ((a->has_tokens || b->has_tokens) &&
        (memcmp(tokens_of(a, &ta, 0), tokens_of(b, &tb, 0), (size_t)s->n * DATA_D * sizeof(double)) ||
         memcmp(tokens_of(a, &ta, 1), tokens_of(b, &tb, 1), (size_t)s->n * DATA_K * sizeof(double))))
        return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static session before, s, back;
    static char text[1 << 20];
    char err[512], err2[512];

    if (size >= sizeof text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    session_default(&before);
    memcpy(&s, &before, sizeof s);
    err[0] = '\0';
    if (session_parse(text, "fuzz.ini", &s, err, sizeof err) != 0) {
        if (memcmp(&s, &before, sizeof s) != 0 || err[0] == '\0' || !memchr(err, '\0', sizeof err))
            abort(); /* a failed load changed the session, or did not say why */
        return 0;
    }
    if (s.hidden < 1 || s.hidden > NN_MAX_HIDDEN || s.task.n < 2 || s.task.n > DATA_MAX_TOKENS)
        abort(); /* accepted a session out of range */

    /* Round trip: what a save writes must load back as the same session. */
    static char out[1 << 21];
    int len = session_format(&s, out, (int)sizeof out);
    if (len < 0 || (size_t)len >= sizeof out || strlen(out) != (size_t)len)
        abort();
    session_default(&back);
    if (session_parse(out, "round-trip.ini", &back, err2, sizeof err2) != 0 || !same_session(&s, &back))
        abort();
    return 0;
}
