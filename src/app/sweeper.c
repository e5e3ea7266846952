/* sweeper: the sweep page's background thread (see sweeper.h).
 * thread_main runs the sweep on its own copy of the desc, one sweep_run_stoppable after another, and appends
 * each finished row under mu; the main thread copies rows out under mu and sets the cancel flag.
 * Invariants: rows[0 .. done) are written once, by the thread, before done counts them; ended is set last. */
#include "app/sweeper.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sweep_desc sweeper_desc_of(const snap *s)
{
    sweep_desc d = sweep_default(s->scene, s->scene_spec);
    d.seed = s->scene_spec.seed; /* as --sweep: the task's seed also seeds the starts */
    d.act = s->act;
    d.gain = s->gain;
    return d;
}

void sweeper_widths(sweep_desc *d, int max_n)
{
    d->n_sizes = 0;
    for (int n = 1; n <= max_n && d->n_sizes < SWEEP_MAX_SIZES; n *= 2)
        d->sizes[d->n_sizes++] = n;
}

struct sweeper {
    pthread_t th;
    pthread_mutex_t mu;
    sweep_desc desc; /* written before the thread starts, read only after */
    int cap;
    atomic_int cancel; /* set by the main thread, read by the sweep between steps */
    /* under mu */
    int done;  /* rows finished */
    int ended; /* the thread returns: no row comes after */
    int failed;
    sweep_row *rows; /* (cap) */
};

static void *thread_main(void *arg)
{
    sweeper *w = arg;
    const sweep_desc *d = &w->desc;
    int n = 0, failed = 0;
    for (int s = 0; s < d->n_sizes && n < w->cap; s++) {
        for (int r = 0; r < d->restarts && n < w->cap; r++) {
            sweep_row row;
            int rc = sweep_run_stoppable(d, s, r, &w->cancel, &row);
            if (rc != 0) {
                failed = rc < 0;
                goto end;
            }
            pthread_mutex_lock(&w->mu);
            w->rows[n++] = row;
            w->done = n;
            pthread_mutex_unlock(&w->mu);
        }
    }
end:
    pthread_mutex_lock(&w->mu);
    w->failed = failed;
    w->ended = 1;
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

sweeper *sweeper_start(const sweep_desc *d, int cap, char *err, int errlen)
{
    sweeper *w = calloc(1, sizeof *w);
    sweep_row *rows = malloc((size_t)(cap > 0 ? cap : 1) * sizeof *rows);
    if (!w || !rows) {
        free(w);
        free(rows);
        snprintf(err, (size_t)errlen, "out of memory for the sweep");
        return NULL;
    }
    w->desc = *d;
    w->cap = cap;
    w->rows = rows;
    atomic_init(&w->cancel, 0);
    int rc = pthread_mutex_init(&w->mu, NULL);
    if (rc == 0) {
        rc = pthread_create(&w->th, NULL, thread_main, w);
        if (rc != 0)
            pthread_mutex_destroy(&w->mu);
    }
    if (rc != 0) {
        snprintf(err, (size_t)errlen, "cannot start the sweep's thread: %s", strerror(rc));
        free(rows);
        free(w);
        return NULL;
    }
    return w;
}

int sweeper_take(sweeper *w, sweep_row *out, int *have)
{
    pthread_mutex_lock(&w->mu);
    int n = w->done, ended = w->ended;
    if (n > *have)
        memcpy(out + *have, w->rows + *have, (size_t)(n - *have) * sizeof *out);
    pthread_mutex_unlock(&w->mu);
    *have = n;
    return ended;
}

int sweeper_failed(sweeper *w)
{
    pthread_mutex_lock(&w->mu);
    int f = w->failed;
    pthread_mutex_unlock(&w->mu);
    return f;
}

void sweeper_cancel(sweeper *w)
{
    /* relaxed: the flag only says "stop"; no data is published with it (rows travel under mu), and
     * the thread need not see it at once, only within a step or two */
    if (w)
        atomic_store_explicit(&w->cancel, 1, memory_order_relaxed);
}

void sweeper_stop(sweeper *w)
{
    if (!w)
        return;
    sweeper_cancel(w);
    pthread_join(w->th, NULL);
    pthread_mutex_destroy(&w->mu);
    free(w->rows);
    free(w);
}
