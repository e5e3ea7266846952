/* twin: the headless twin run writing "step,loss_a,loss_b", and the labels of the two runs.
 * Main thread only: both cores are stepped in turn by the caller's thread (a headless run is one thread).
 * Invariants: b starts from a's session plus the twin's one command; a diverged run stops, its cells empty. */
#include "app/twin.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/headless.h"
#include "app/offscreen.h"
#include "session/io.h"
#include "train/core.h"
#include "train/twin.h"

void app_twin_base_label(const session_twin *t, const session *base, char *buf, int len)
{
    const session_twin a =
        session_twin_at(t->key, base->lr, base->gain, (int)base->opt, (int)base->act, base->hidden, base->freeze);
    session_twin_label(&a, buf, len);
}

/* One line on stderr, control characters of file names cleaned. */
static void say(char *err)
{
    io_clean(err);
    fprintf(stderr, "backprop-lab: %s\n", err);
}

/* A row: the step, then each run's loss, empty for a run that has diverged. */
static void csv_row(io_out *c, int64_t step, train_core *const r[2], const int diverged[2])
{
    io_printf(c, "%" PRId64, step);
    for (int i = 0; i < 2; i++) {
        if (diverged[i])
            io_printf(c, ",");
        else
            io_printf(c, ",%.17g", train_core_loss(r[i]));
    }
    io_printf(c, "\n");
}

/* Run a's session with the twin in it: it reopens as the same twin (with the start's slice strip). */
static int save_twin(const train_core *a, const session *start, const char *path)
{
    session *s = malloc(sizeof *s);
    if (!s) {
        fprintf(stderr, "backprop-lab: %s: out of memory\n", path);
        return -1;
    }
    char err[1024];
    train_core_session(a, s);
    s->twin = start->twin;
    s->has_slice = start->has_slice;
    memcpy(s->slice, start->slice, sizeof s->slice);
    int rc = session_save(path, s, err, (int)sizeof err);
    if (rc)
        say(err);
    free(s);
    return rc;
}

static int screenshot(train_core *const r[2], const char (*label)[48], const cli_options *o)
{
    snap *sn = calloc(2, sizeof *sn);
    if (!sn) {
        fprintf(stderr, "backprop-lab: %s: out of memory\n", o->screenshot);
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        train_core_fill(r[i], &sn[i]);
        sn[i].generation = 1;
    }
    char err[1024];
    int rc = view_render_png_twin(&sn[0], &sn[1], label, o, o->screenshot, err, (int)sizeof err);
    if (rc)
        say(err);
    free(sn);
    return rc;
}

int app_twin_run(const cli_options *o, const session *s, volatile sig_atomic_t *stop)
{
    char err[1024];
    train_core *r[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        if (!(r[i] = train_core_create(s, err, (int)sizeof err))) {
            say(err);
            train_core_destroy(r[0]);
            return APP_EXIT_FILE;
        }
    }
    train_cmd cmd;
    if (train_twin_cmd(&s->twin, s, &cmd))
        train_core_apply(r[1], &cmd);
    char label[2][48];
    app_twin_base_label(&s->twin, s, label[0], (int)sizeof label[0]);
    session_twin_label(&s->twin, label[1], (int)sizeof label[1]);

    io_out *csv = NULL;
    if (o->csv) {
        if (!(csv = io_open(o->csv, err, (int)sizeof err))) {
            say(err);
            train_core_destroy(r[0]);
            train_core_destroy(r[1]);
            return APP_EXIT_FILE;
        }
        io_printf(csv, "step,loss_a,loss_b\n");
    }
    /* both count from the session's step; a diverged run stays at its last finite step */
    const int64_t start = train_core_steps(r[0]);
    int diverged[2] = {0, 0};
    int64_t done = 0, last_row = 0;
    if (csv)
        csv_row(csv, start, r, diverged);
    while (done < o->steps && !*stop && !(diverged[0] && diverged[1])) {
        for (int i = 0; i < 2; i++)
            if (!diverged[i] && train_core_step(r[i]) == TRAIN_DIVERGED)
                diverged[i] = 1;
        done++;
        if (csv && (done % o->every == 0 || done == o->steps)) {
            csv_row(csv, start + done, r, diverged);
            last_row = done;
        }
    }
    if (csv && last_row != done)
        csv_row(csv, start + done, r, diverged);
    for (int i = 0; i < 2; i++)
        if (diverged[i])
            fprintf(stderr, "backprop-lab: run %c (%s) diverged at step %" PRId64 "; it kept the weights of step %"
                    PRId64 " and stopped, the other run went on\n", "ab"[i], label[i], train_core_steps(r[i]) + 1,
                    train_core_steps(r[i]));

    int failed = 0;
    const int interrupted = *stop;
    if (interrupted)
        fprintf(stderr, "backprop-lab: stopped by %s at step %" PRId64 "; no CSV file, session or screenshot"
                " written (files already there are as they were)\n",
                interrupted == SIGINT ? "SIGINT" : "SIGTERM", start + done);
    if (csv) {
        if (interrupted) {
            io_abort(csv);
        } else if (io_commit(csv, err, (int)sizeof err) != 0) {
            say(err);
            failed = 1;
        }
    }
    if (o->save && !interrupted)
        failed |= save_twin(r[0], s, o->save) != 0;
    if (o->screenshot && !interrupted)
        failed |= screenshot(r, (const char(*)[48])label, o) != 0;
    train_core_destroy(r[0]);
    train_core_destroy(r[1]);
    if (interrupted)
        return 128 + interrupted;
    return failed ? APP_EXIT_FILE : diverged[0] || diverged[1] ? APP_EXIT_DIVERGED : APP_EXIT_OK;
}
