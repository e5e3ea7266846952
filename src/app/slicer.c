/* slicer: the landscape's background thread and the slice a job asks for (see slicer.h).
 * slicer_compute runs on any thread on the job it is given; thread_main is the slicer thread, which reads
 * only its own copy of the job and writes only its own result until it hands it over under the mutex.
 * Invariants: no atomics: pending, busy and the done result are read and written under mu alone. */
#include "app/slicer.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lesson/landscape.h"

#define SLICE_SEED 0x736c696365u /* "slice": the eigenvectors' start, so a repeated slice is the same */

/* ---- the trajectory ---- */

void slicer_traj_clear(slicer_traj *t)
{
    t->P = 0;
    t->m = 0;
    t->last_step = -1;
    if (t->gap < 1)
        t->gap = 1;
}

void slicer_traj_add(slicer_traj *t, const snap *s)
{
    nn_net net;
    snap_net(s, &net);
    const int P = (int)nn_params(&net);
    if (P != t->P || s->step < t->last_step)
        slicer_traj_clear(t);
    t->P = P;
    if (t->m > 0 && s->step < t->last_step + t->gap)
        return;
    if (t->m == VIEW_SLICE_TRAJ) { /* the oldest goes */
        memmove(t->pts, t->pts + P, (size_t)(VIEW_SLICE_TRAJ - 1) * (size_t)P * sizeof *t->pts);
        t->m--;
    }
    memcpy(t->pts + (size_t)t->m * (size_t)P, s->p, (size_t)P * sizeof *t->pts);
    t->m++;
    t->last_step = s->step;
}

int slicer_traj_due(int64_t step, int64_t steps)
{
    /* ⌊steps / stride⌋ + 1 multiples and the last: VIEW_SLICE_TRAJ − 2 strides leave room for both */
    const int64_t room = VIEW_SLICE_TRAJ - 2;
    const int64_t stride = steps > room ? (steps + room - 1) / room : 1;
    return step % stride == 0 || step == steps;
}

/* ---- one slice ---- */

void slicer_job_of(slicer_job *j, const snap *s, const slicer_traj *t, view_axes axes, int wi, int wj, double zoom)
{
    j->axes = axes;
    j->wi = wi;
    j->wj = wj;
    j->zoom = zoom > 0 ? zoom : 1.0;
    j->step = s->step;
    j->d = s->d;
    j->hidden = s->hidden;
    j->k = s->k;
    j->act = s->act;
    j->gain = s->gain;
    j->n = s->n;
    memcpy(j->x, s->x, (size_t)s->n * (size_t)s->d * sizeof *j->x);
    memcpy(j->y, s->y, (size_t)s->n * (size_t)s->k * sizeof *j->y);
    nn_net net;
    snap_net(s, &net);
    const size_t P = nn_params(&net);
    memcpy(j->p, s->p, P * sizeof *j->p);
    memcpy(j->frozen, s->frozen, P * sizeof *j->frozen);
    j->m = t && t->P == (int)P ? t->m : 0;
    if (j->m > 0)
        memcpy(j->traj, t->pts, (size_t)j->m * P * sizeof *j->traj);
}

static double ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int fail(slicer_result *r, const char *msg)
{
    r->view.valid = 0;
    snprintf(r->view.note, sizeof r->view.note, "%s", msg);
    return -1;
}

int slicer_compute(const slicer_job *j, slicer_result *r)
{
    const double t0 = ms_now();
    view_slice *vw = &r->view;
    memset(vw, 0, sizeof *vw);
    vw->axes = j->axes;
    vw->wi = j->wi;
    vw->wj = j->wj;
    vw->step = j->step;
    nn_shape shape = {.d = j->d, .k = j->k, .n_layers = 1, .width = {j->hidden}};
    nn_net net;
    nn_view(&net, &shape, j->act, j->gain, (double *)j->p); /* read only: nothing here writes net->p */
    const size_t P = nn_params(&net);
    vw->P = (int)P;
    memcpy(r->center, j->p, P * sizeof *r->center);
    double *scratch = malloc(5 * P * sizeof *scratch);
    if (!scratch)
        return fail(r, "out of memory for the slice");

    /* the plane's directions, and how far along them the picture reaches */
    double half = 1.0;
    int ok = 0;
    switch (j->axes) {
    case VIEW_AXES_HESSIAN: {
        ok = lesson_axes_hessian(&net, j->x, j->y, j->n, j->frozen, SLICE_SEED, r->u, r->v, vw->lam, scratch) == 0;
        if (!ok)
            snprintf(vw->note, sizeof vw->note, "fewer than two weights learn: no second eigenvector");
        /* far enough that the steepest direction's parabola rises to a few times the loss now */
        double lam = fmax(vw->lam[0], 1e-6), L = nn_loss_grad(&net, j->x, j->y, j->n, NULL);
        half = fmin(5.0, fmax(0.25, sqrt(8.0 * fmax(L, 0.02) / lam)));
        break;
    }
    case VIEW_AXES_TRAJECTORY:
        ok = lesson_axes_trajectory(j->traj, j->m, P, r->u, r->v, scratch) == 0;
        if (!ok)
            snprintf(vw->note, sizeof vw->note, "the trajectory spans no plane yet: run some steps");
        half = 0.0; /* from the trajectory's extent below */
        break;
    default:
        ok = j->wi >= 0 && j->wj >= 0 && (size_t)j->wi < P && (size_t)j->wj < P && j->wi != j->wj;
        if (ok)
            lesson_axes_weights(P, (size_t)j->wi, (size_t)j->wj, r->u, r->v);
        else
            snprintf(vw->note, sizeof vw->note, "pick two different weights");
        half = 1.0;
        break;
    }
    if (!ok) {
        free(scratch);
        return -1;
    }
    /* the trajectory on the plane, with each point's distance from it */
    int first = j->m > VIEW_SLICE_TRAJ ? j->m - VIEW_SLICE_TRAJ : 0;
    double extent = 0.0;
    for (int t = first; t < j->m; t++) {
        int i = vw->m++;
        lesson_project(j->traj + (size_t)t * P, r->center, r->u, r->v, P, &vw->ta[i], &vw->tb[i], &vw->tdist[i]);
        extent = fmax(extent, fmax(fabs(vw->ta[i]), fabs(vw->tb[i])));
    }
    if (j->axes == VIEW_AXES_TRAJECTORY)
        half = fmax(0.05, 1.3 * extent);
    else if (j->axes == VIEW_AXES_WEIGHTS)
        half = fmax(half, 1.3 * extent);
    vw->half = half * j->zoom;

    lesson_slice(&net, j->x, j->y, j->n, r->u, r->v, vw->half, VIEW_SLICE_G, vw->loss, scratch);
    free(scratch);
    vw->center_loss = vw->loss[(VIEW_SLICE_G / 2) * VIEW_SLICE_G + VIEW_SLICE_G / 2];
    vw->lo = INFINITY;
    vw->hi = -INFINITY;
    for (int i = 0; i < VIEW_SLICE_G * VIEW_SLICE_G; i++)
        if (isfinite(vw->loss[i])) {
            vw->lo = fmin(vw->lo, vw->loss[i]);
            vw->hi = fmax(vw->hi, vw->loss[i]);
        }
    vw->valid = 1;
    vw->ms = ms_now() - t0;
    return 0;
}

/* ---- the thread ---- */

struct slicer {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* under mu */
    int quit;
    int pending;   /* a job waits in job */
    int busy;      /* the thread works on work */
    int fresh;     /* done holds a result not taken */
    slicer_job job;
    slicer_result done;
    /* the slicer thread's own */
    slicer_job work;
    slicer_result out;
};

static void *thread_main(void *arg)
{
    slicer *sl = arg;
    pthread_mutex_lock(&sl->mu);
    for (;;) {
        while (!sl->quit && !sl->pending)
            pthread_cond_wait(&sl->cv, &sl->mu);
        if (sl->quit)
            break;
        sl->work = sl->job; /* only the job's filled part matters; the copy is a few MB at most */
        sl->pending = 0;
        sl->busy = 1;
        pthread_mutex_unlock(&sl->mu);
        slicer_compute(&sl->work, &sl->out);
        pthread_mutex_lock(&sl->mu);
        sl->done = sl->out;
        sl->fresh = 1;
        sl->busy = 0;
    }
    pthread_mutex_unlock(&sl->mu);
    return NULL;
}

slicer *slicer_start(char *err, int errlen)
{
    slicer *sl = calloc(1, sizeof *sl);
    if (!sl) {
        snprintf(err, (size_t)errlen, "out of memory for the landscape's thread");
        return NULL;
    }
    int rc = pthread_mutex_init(&sl->mu, NULL);
    if (rc == 0) {
        rc = pthread_cond_init(&sl->cv, NULL);
        if (rc != 0)
            pthread_mutex_destroy(&sl->mu);
    }
    if (rc == 0) {
        rc = pthread_create(&sl->th, NULL, thread_main, sl);
        if (rc != 0) {
            pthread_cond_destroy(&sl->cv);
            pthread_mutex_destroy(&sl->mu);
        }
    }
    if (rc != 0) {
        snprintf(err, (size_t)errlen, "cannot start the landscape's thread: %s", strerror(rc));
        free(sl);
        return NULL;
    }
    return sl;
}

void slicer_post(slicer *sl, const slicer_job *j)
{
    pthread_mutex_lock(&sl->mu);
    sl->job = *j;
    sl->pending = 1;
    pthread_cond_signal(&sl->cv);
    pthread_mutex_unlock(&sl->mu);
}

int slicer_busy(slicer *sl)
{
    pthread_mutex_lock(&sl->mu);
    int b = sl->pending || sl->busy;
    pthread_mutex_unlock(&sl->mu);
    return b;
}

int slicer_take(slicer *sl, slicer_result *out)
{
    pthread_mutex_lock(&sl->mu);
    int got = sl->fresh;
    if (got) {
        *out = sl->done;
        sl->fresh = 0;
    }
    pthread_mutex_unlock(&sl->mu);
    return got;
}

void slicer_stop(slicer *sl)
{
    if (!sl)
        return;
    pthread_mutex_lock(&sl->mu);
    sl->quit = 1;
    pthread_cond_signal(&sl->cv);
    pthread_mutex_unlock(&sl->mu);
    pthread_join(sl->th, NULL);
    pthread_cond_destroy(&sl->cv);
    pthread_mutex_destroy(&sl->mu);
    free(sl);
}
