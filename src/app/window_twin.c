/* window_twin: the twin run in the window: run b on a second trainer thread (its own ring and triple
 * buffer), started from run a's weights at the step shown with one setting changed, drawn as a ghost.
 * Main thread only: starts and stops run b's thread and reads its snapshots; the outbox feeds it.
 * Invariants: a->twin NULL means no twin anywhere (no snapshot, no ghost, no queued command); run b
 * starts from exactly the session of the branch point plus train_twin_cmd's one command. */
#include <stdio.h>
#include <stdlib.h>

#include "app/window_internal.h"
#include "train/twin.h"

int window_twin_start(window_app *a, const session *at, const session_twin *t)
{
    char err[200];
    session *br = malloc(sizeof *br);
    if (!br) {
        window_banner(a, VIEW_BANNER_ERROR, "Twin not started: out of memory");
        return -1;
    }
    *br = *at;
    br->twin.key = SESSION_TWIN_NONE; /* the branch point itself: the twin is a->twin_set */
    train_thread *b = train_thread_start(br, err, (int)sizeof err);
    if (!b) {
        window_banner(a, VIEW_BANNER_ERROR, "Twin not started: %s", err);
        free(br);
        return -1;
    }
    a->twin = b;
    a->twin_branch = br;
    a->twin_set = *t;
    a->twin_n = 0;
    train_cmd c;
    /* first in its ring: run b makes no step before its setting is changed */
    if (train_twin_cmd(t, br, &c))
        a->twin_box[a->twin_n++] = c;
    window_twin_take(a);
    return 0;
}

void window_twin_toggle(window_app *a)
{
    if (a->twin) {
        window_twin_stop(a);
        window_banner(a, VIEW_BANNER_INFO, "Twin run ended (I starts another from the step shown)");
        return;
    }
    const snap *s = a->snap;
    session_twin t;
    ui_twin_choice(a->twin_choice, s, &t);
    session *at = malloc(sizeof *at);
    if (!at) {
        window_banner(a, VIEW_BANNER_ERROR, "Twin not started: out of memory");
        return;
    }
    snap_to_session(s, at);
    const int running = s->status == TRAIN_RUNNING || s->steps_left > 0;
    /* run a has gone on since this snapshot: back to exactly its step (a replay, bit for bit), so that
     * both runs leave the branch point together; sent before run b exists, to run a alone */
    if (running)
        window_send(a, (train_cmd){.type = TRAIN_CMD_SEEK, .u = (uint64_t)s->step});
    if (window_twin_start(a, at, &t) == 0) {
        if (running)
            window_send_simple(a, TRAIN_CMD_RUN, 0, 0); /* to both: they run on together */
        window_banner(a, VIEW_BANNER_INFO, "Twin run b from step %lld: %s against run a's %s (I ends it)",
                      (long long)s->step, a->vs.twin_label[1], a->vs.twin_label[0]);
    }
    free(at);
}

int window_twin_take(window_app *a)
{
    if (!a->twin) {
        a->vs.twin = NULL;
        return 0;
    }
    int fresh = 0;
    a->twin_snap = train_thread_take(a->twin, &fresh);
    a->vs.twin = a->twin_snap;
    /* run a is named by its own value of the setting, which may have changed since the branch */
    const snap *s = a->snap ? a->snap : a->twin_snap; /* before run a's first take (start-up): the same start */
    const session_twin base =
        session_twin_at(a->twin_set.key, s->lr, s->gain, (int)s->opt, (int)s->act, s->hidden, s->freeze);
    session_twin_label(&base, a->vs.twin_label[0], (int)sizeof a->vs.twin_label[0]);
    session_twin_label(&a->twin_set, a->vs.twin_label[1], (int)sizeof a->vs.twin_label[1]);
    return fresh;
}

void window_twin_save(window_app *a, const char *path)
{
    char err[200];
    session *s = malloc(sizeof *s);
    if (!s) {
        window_banner(a, VIEW_BANNER_ERROR, "Session not saved: out of memory");
        return;
    }
    *s = *a->twin_branch;
    s->twin = a->twin_set;
    window_session_slice(a, s);
    if (session_save(path, s, err, (int)sizeof err) != 0)
        window_banner(a, VIEW_BANNER_ERROR, "Session not saved: %s", err);
    else
        window_banner(a, VIEW_BANNER_INFO,
                      "Twin saved to %s: its branch point (step %lld) and run b's %s; both replay exactly from there",
                      path, (long long)s->step, a->vs.twin_label[1]);
    free(s);
}
